"""The medical rule checks read fewer texts than before (issue 18, speed): each faster path gives the verdict of the
rule's plain definition, on generated records and on records broken on purpose, with and without synth/_scan.c."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import synth
from synth.domains.medical import checks, return_signs


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return synth.generate("medical", 3_000, seed=4242)


@pytest.fixture(params=[True, False], ids=["c_scan", "python"])
def c_scan(request, monkeypatch):
    if not request.param:
        monkeypatch.setattr(checks, "_cscan", None)
    return request.param


def _plan(note: str) -> str:
    return note[note.rfind("处理："):]


def test_stale_rows_are_the_plans_stale_finds(records, c_scan):
    # stale_rows reads `stale` only where a plan's sign word has its words in the history, or a duration threshold
    # stands in the plan; every record must get the verdict `stale` gives it read whole
    n = 400
    plans = records.note.map(_plan).tolist()[:n]
    cc, pi, ex = (records[f].tolist()[:n] for f in ("chief_complaint", "present_illness", "exam_findings"))
    broken = [
        ("如出现呼吸急促、口唇发绀、持续发热或咳嗽超过2周，及时就诊。", "咳嗽18天", "患儿18天前受凉后出现咳嗽。", ""),
        ("如出现呼吸急促、口唇发绀、持续发热或咳嗽超过2周，及时就诊。", "咳嗽4天", "4天前受凉后出现咳嗽。", ""),
        ("如出现胸痛，立即就诊。", "心悸2天", "无胸痛。", ""),
        ("如出现胸痛，立即就诊。", "胸痛2天", "2天前出现胸痛。", ""),
        ("如皮损加重或出现渗液、感染及时就诊。", "皮疹1周", "渗液增多，结黄痂。", ""),
        ("如皮损加重或出现渗液、感染及时就诊。", "皮疹1周", "无渗液。", "可见渗出结痂。"),
        ("如2-3天无好转或出现尿量减少、便血、持续呕吐及时复诊。", "腹泻1天", "尿少。", ""),
        ("如发热持续超过3天不退，及时就诊；如出现胸痛，立即就诊。", "发热5天", "无胸痛。", ""),
        ("注意休息，如出现口唇发绀及时就诊。", "咳嗽1周", "口唇无发绀。", "口唇发绀。"),
        ("咳嗽超过2周者复查胸片。", "咳嗽3周", "", ""),
        # a sign's word denied and another of its words present; a word that only leaving 无明显诱因 out would join
        ("如出现便血，及时就诊。", "腹泻2天", "无便血，解血便1次。", ""),
        ("如出现胸痛，立即就诊。", "心悸2天", "胸无明显诱因痛。", ""),
    ]
    for plan, c, h, e in broken:
        plans.append(plan), cc.append(c), pi.append(h), ex.append(e)
    want = [i for i, (p, c, h, e) in enumerate(zip(plans, cc, pi, ex))
            if return_signs.stale(p, return_signs.history(c, h, e), checks._complaint_days(c))]
    assert return_signs.stale_rows(["处理：" + p for p in plans], cc, pi, ex) == want
    assert return_signs.stale_rows([], cc, pi, ex, plans) == want
    assert [i - n for i in want] == [0, 3, 4, 5, 6, 7, 8, 10]      # the broken ones caught, the fine ones not


def test_no_sign_word_overlaps_another():
    # stale_rows reads a plan's sign words from the plans' scan (each word it holds), where _facts reads them with
    # findall (non-overlapping matches): the same set only while no sign word holds, or runs on into, another
    words = return_signs.SIGN_WORDS
    for a in words:
        for b in words:
            assert a == b or a not in b
            assert not any(a.endswith(b[:k]) for k in range(1, len(b)) if a != b or k < len(a))


def test_stated_maxima_are_the_histories_highest_and_lowest_readings(records, c_scan):
    # the maxima a history states are read column-wise: per record, the highest and lowest as findall gives them,
    # and the fever maximum max(today, *stated), also where a history states two, or 最高 without a reading
    frame = records.head(300).copy()
    hpi = frame.present_illness.tolist()
    hpi[:4] = ["发热2天，最高体温39.2℃，昨日最高38.1℃。", "最高达40.1℃。", "体温最高不详。", "最高体温37.5℃，" + hpi[3]]
    frame["present_illness"] = hpi
    frame.loc[frame.index[1], "temperature"] = 40.3     # above the history's maximum of 40.1: broken
    temperature = frame.temperature.to_numpy().astype(float)
    columns = {name: frame[name].to_numpy() for name in frame.columns}
    checks.forget_batch()
    stated, highest, lowest = checks._stated_maxima(columns)
    found = [[float(x) for x in checks._MAX_TEMPERATURE.findall(h)] for h in hpi]
    assert stated.tolist() == [bool(f) for f in found] and stated[:2].all() and not stated[2]
    assert highest.tolist() == [max(f, default=-float("inf")) for f in found]
    assert lowest.tolist() == [min(f, default=float("inf")) for f in found]
    assert checks._fever_maxima(columns).tolist() == [max([t, *f]) for t, f in zip(temperature.tolist(), found)]
    assert highest[0] == 39.2 and lowest[0] == 38.1 and highest[1] == 40.1
    # the rule reads them: a stated maximum below today's temperature breaks it
    from synth.domains.medical.data import FEVER_THRESHOLD, HIGH_FEVER, LOW_FEVER_TOP
    want = []
    for f, t, c, h in zip(found, temperature.tolist(), frame.chief_complaint, hpi):
        top = max(f) if f else t
        want.append(min(f, default=float("inf")) >= t and (not ("高热" in c or "高热" in h) or top >= HIGH_FEVER)
                    and (not ("低热" in c or "低热" in h) or FEVER_THRESHOLD <= top <= LOW_FEVER_TOP))
    ok = checks.fever_words_fit_temperature(columns, {})
    assert ok.tolist() == want
    assert ok[0] == (38.1 >= temperature[0]) and not ok[1]


def test_a_text_source_answers_each_word_set_as_has_any(records, c_scan):
    # the words every rule asks of a source are found in one pass per batch (_scan.word_hits); each answer must be
    # any(w in text) of the batch's own texts, also for a batch whose column was changed since the last
    frame = records.head(500)
    columns = {name: frame[name].to_numpy() for name in frame.columns}
    asks = [("present_illness", ("发热",)), ("present_illness", ("咳嗽", "咳痰", "无")), ("plans", ("复诊", "随诊")),
            ("distinct:exam_findings", ("咽部充血", "双肺")), ("note", ("建议",)), ("present_illness", ("发热", "纳差")),
            ("chief_complaint", ("天",)), ("present_illness", ())]

    def texts(cols, source):
        if source == "plans":
            return [_plan(n) for n in cols["note"].tolist()]
        if source.startswith("distinct:"):
            return list(dict.fromkeys(cols[source[9:]].tolist()))
        return cols[source].tolist()

    for batch in range(3):
        checks.forget_batch()
        for source, words in asks * 2:
            got = checks._text_has_any(columns, source, words)
            # (no word: every text, as _has_any's empty alternation)
            assert got.tolist() == [not words or any(w in t for w in words) for t in texts(columns, source)], \
                (source, words)
        assert batch or 0 < checks._text_has_any(columns, "present_illness", ("发热",)).sum() < len(frame)
        # the next batch: other texts in new arrays (the answers above must not be reused)
        columns = {**columns, "present_illness": np.array([t.replace("发热", "咳嗽") for t in texts(columns, "present_illness")],
                                                         dtype=object),
                   "note": np.array([n + "建议" * (k % 2) for k, n in enumerate(columns["note"].tolist())], dtype=object)}
    assert not checks._text_has_any(columns, "present_illness", ("发热",)).any()


def test_allergies_are_read_as_before(records, c_scan):
    # the allergy matrix reads the distinct histories' words column-wise: a drug is ruled out where the history has
    # the allergen and 过敏 and does not deny it (否认青霉素过敏史), as the per-history test had it
    from synth.domains.medical.data import catalogue
    cat = catalogue()
    frame = records.head(400).copy()
    past = frame.past_history.tolist()
    past[:5] = ["青霉素过敏史。", "否认青霉素过敏史。", "头孢类药物过敏。", "磺胺过敏，否认头孢过敏史。", "阿莫西林皮疹史。"]
    frame["past_history"] = past
    columns = {name: frame[name].to_numpy() for name in frame.columns}
    checks.forget_batch()
    got = checks._allergy_matrix(columns)
    want = np.zeros_like(got)
    for i, h in enumerate(past):
        for word, key in checks.ALLERGY_WORDS.items():
            if key in cat.contra_special and word in h and "过敏" in h and not h.count("否认" + word):
                want[i] |= cat.contra_special[key]
    assert (got == want).all()
    assert got[0].any() and not got[1].any() and got[2].any() and got[3].any() and not got[4].any()
    amoxicillin = cat.drug_index["阿莫西林胶囊"]
    assert got[0, amoxicillin] and not got[1, amoxicillin]


def _overlap_free(words) -> bool:
    """No word holds another, and no word ends with the start of another: a text holds exactly the words that a
    leftmost scan for all of them (findall of their alternation) finds."""
    return all(v not in u and not any(v.startswith(u[k:]) for k in range(1, len(u)))
               for u in words for v in words if u != v)


def test_general_states_are_the_words_findall_found(records, c_scan):
    import re
    poor, good = checks._POOR, checks._GOOD
    assert _overlap_free(poor + good)
    assert not _overlap_free(("精神差", "神差不"))       # the test can fail
    frame = records.head(300).copy()
    hpi, exam = frame.present_illness.tolist(), frame.exam_findings.tolist()
    hpi[0], exam[0] = hpi[0] + "精神稍差。", "神志清，精神可。" + exam[0]
    hpi[1], exam[1] = "精神反应好，纳可。", exam[1].replace("精神可", "精神萎靡")
    frame["present_illness"], frame["exam_findings"] = hpi, exam
    columns = {name: frame[name].to_numpy() for name in frame.columns}
    checks.forget_batch()
    pattern = re.compile("|".join(map(re.escape, sorted(poor + good, key=len, reverse=True))))

    def states(text):
        found = set(pattern.findall(text))
        return bool(found & set(poor)), bool(found & set(good))

    want = []
    for h, e, a in zip(hpi, exam, frame.age):
        (hp, hg), (ep, eg) = states(h), states(e)
        want.append(not (hp and eg) and not (hg and not hp and ep) and not (a < 3 and "查体合作" in e))
    got = checks.general_state_agrees(columns, {})
    assert got.tolist() == want and not got[0] and 0 < got.sum()


def test_investigations_read_once_per_reason_text_and_age_as_record_by_record(records, c_scan):
    # the required tests and white counts are read once per distinct (reason, text, age); each record must get the
    # verdict it gets alone, also where a text was broken (a bacterial infection's count below 10, a test removed)
    frame = records.head(400).copy()
    tests = frame.investigations.tolist()
    changed = 0
    for i, t in enumerate(tests):
        if "白细胞" in t and changed < 6:
            tests[i] = checks._WHITE_COUNT.sub("白细胞9.8×10⁹/L", t) if changed % 2 else t.replace("C反应蛋白", "")
            changed += 1
    frame["investigations"] = tests
    frame = pd.concat([frame, frame.head(50)], ignore_index=True)      # repeated texts, reasons and ages
    columns = {name: frame[name].to_numpy() for name in frame.columns}
    checks.forget_batch()
    got = checks.investigations_fit(columns, {})
    alone = []
    for i in range(len(frame)):
        checks.forget_batch()
        alone.append(bool(checks.investigations_fit({n: v[i:i + 1] for n, v in columns.items()}, {})[0]))
    assert got.tolist() == alone and changed == 6 and not all(alone)


def test_said_words_are_the_words_of_the_positive_clauses(records, c_scan):
    # the complaint's and history's positive clauses are scanned apart (complaints once per distinct text), skipping
    # denied clauses; per record the answer must be any(w in positive_text(complaint + "，" + history)), also for
    # records whose words were denied or moved on purpose
    from synth.domains.medical.symptomatic import positive_text

    frame = records.head(600).copy()
    complaints, histories = frame.chief_complaint.tolist(), frame.present_illness.tolist()
    complaints[:4] = ["无咳嗽", "咳嗽3天", "否认咳嗽", "咳嗽伴无痰"]
    histories[:4] = ["患者咳嗽，无发热。", "否认咳嗽，伴发热", "未咳嗽。", "无咳嗽、咳痰，发热伴咽痛"]
    frame["chief_complaint"], frame["present_illness"] = complaints, histories
    columns = {name: frame[name].to_numpy() for name in frame.columns}
    checks.forget_batch()
    asks = [("咳嗽",), ("发热",), ("痰", "咽痛"), ("干咳",), ("泻", "稀便", "呕吐"), ("气短", "气促", "喘息")]
    said = [positive_text(c + "，" + h) for c, h in zip(complaints, histories)]
    for words in asks * 2:
        got = checks._said_has_any(columns, words)
        assert got.tolist() == [any(w in s for w in words) for s in said], words
    assert checks._said_has_any(columns, ("咳嗽",))[:4].tolist() == [True, True, False, True]
    assert checks._said_has_any(columns, ("发热",))[:4].tolist() == [False, True, False, True]
    assert 0 < checks._said_has_any(columns, ("发热",)).sum() < len(frame)
    with pytest.raises(ValueError):
        checks._said_has_any(columns, ("咳嗽，发热",))


def test_conditions_after_the_primary_are_each_records_later_set(records):
    # history_years_fit_onset reads, per condition, the records listing it after their first condition: read
    # column-wise, it must be {c for c in ids[1:]} of each record, with lists repeating the primary or a condition,
    # empty lists (unparsable diagnoses) and conditions left out
    import random

    rng = random.Random(18)
    p = checks.parsed({name: records[name].to_numpy() for name in records.columns})
    ids = [list(x) for x in p.ids] + [[], [3], [3, 3], [5, 2, 2, 5], [7, 1, 7]] + \
        [[rng.randrange(12) for _ in range(rng.randint(0, 5))] for _ in range(500)]
    n_conditions = max(max(x, default=0) for x in ids) + 1
    for wanted in (np.ones(n_conditions, dtype=bool), np.arange(n_conditions) % 3 == 1):
        want: dict = {}
        for i, row in enumerate(ids):
            for c in sorted(set(row[1:])):
                if wanted[c]:
                    want.setdefault(c, []).append(i)
        got = checks._listed_after_primary(ids, wanted)
        assert {c: r.tolist() for c, r in got.items()} == want
        assert sum(map(len, want.values())) > 100
    assert checks._listed_after_primary([[4], []], np.ones(5, dtype=bool)) == {}
