"""The rules' faster paths give the answers of their plain per-record forms, on generated records and on records
broken on purpose (fields swapped between records, text spliced in), so every rule read here has failing rows."""

from __future__ import annotations

import numpy as np
import pytest

import synth
from synth.domains.medical import checks
from synth.domains.medical.rules import DOMAIN

TEXTS = ["chief_complaint", "present_illness", "past_history", "exam_findings", "investigations", "note"]


def _broken_columns(seed: int) -> dict:
    """A generated frame's columns with 5% of each field moved to other records and text pieces spliced in."""
    frame = synth.generate("medical", 3000, seed=seed)
    columns = {name: frame[name].to_numpy().copy() for name in frame.columns}
    rng = np.random.default_rng(seed)
    n = len(frame)
    for name in ["medications", "diagnoses", "age", "temperature", "sbp", "weight_kg"] + TEXTS:
        rows = rng.choice(n, n // 20, replace=False)
        columns[name][rows] = columns[name][rng.permutation(rows)]
    for name in TEXTS:
        values = columns[name]
        for i, donor in zip(rng.choice(n, n // 20, replace=False).tolist(), rng.integers(0, n, n // 20).tolist()):
            start = int(rng.integers(0, len(values[donor]) - 3))
            at = int(rng.integers(0, len(values[i]) + 1))
            values[i] = values[i][:at] + values[donor][start:start + int(rng.integers(2, 30))] + values[i][at:]
    return columns


def _check(name: str, columns: dict) -> np.ndarray:
    checks.forget_batch()
    rule = next(r for r in DOMAIN.rules if r.name == name)
    return np.asarray(rule.check(columns, {"as_of": checks.DEFAULT_AS_OF}), dtype=bool)


@pytest.fixture(scope="module")
def broken() -> dict:
    return _broken_columns(23)


def test_word_bits_are_the_words_each_text_holds(broken):
    checks.forget_batch()
    words = ("咳嗽", "发热", "及时就诊", "复诊", "皮疹", "呕吐", "渗液", "无")
    for source, texts in (("plans", checks.plans(broken)),
                          ("distinct:exam_findings", list(broken["exam_findings"]))):
        bits = checks._word_bits(broken, source, words)
        expected = np.array([sum(1 << w for w, word in enumerate(words) if word in t) for t in texts],
                            dtype=np.uint64)
        assert np.array_equal(bits, expected)
        assert (bits != 0).any() and (bits == 0).any()


def test_a_column_read_at_rows_is_the_column_read_whole_then_picked(broken):
    checks.forget_batch()
    words = ("血常规", "C反应蛋白", "胸部X线")
    rows = np.flatnonzero(np.arange(len(broken["investigations"])) % 3 == 1)
    mask = np.arange(len(broken["investigations"])) % 5 == 0
    whole = checks._column_has_any(broken, "investigations", words)
    assert np.array_equal(checks._column_has_any_at(broken, "investigations", words, rows), whole[rows])
    assert np.array_equal(checks._column_has_any_at(broken, "investigations", words, mask), whole[mask])
    assert whole.any() and not whole.all()


def test_investigations_rule_reads_rows_as_the_whole_column_would(broken, monkeypatch):
    fast = _check("investigations_fit_diagnosis", broken)
    monkeypatch.setattr(checks, "_column_has_any_at",
                        lambda columns, name, words, rows: checks._column_has_any(columns, name, words)[rows])
    assert np.array_equal(fast, _check("investigations_fit_diagnosis", broken))
    assert (~fast).sum() >= 20


def _history_years_by_record(columns) -> np.ndarray:
    """history_years_fit_onset read record by record: every phrase of every condition after the primary."""
    cat = checks.catalogue()
    p = checks.parsed(columns)
    age, _ = checks.ages_sexes(columns)
    patterns = checks._history_patterns()
    out = []
    for i, history in enumerate(columns["past_history"].tolist()):
        ok = True
        for c in set(p.ids[i][1:]):
            for pattern, _ in patterns[c]:
                m = pattern.search(history)
                if m:
                    years, a = int(m.group(1)), int(age[i])
                    limit = max(1, min(int(cat.history_max[c]), a - int(cat.onset_min[c])))
                    least = min(limit, a - int(cat.onset_max[c]))
                    ok &= least <= years <= limit
        out.append(ok)
    return np.array(out, dtype=bool)


def test_history_years_rule_is_its_per_record_reading(broken):
    fast = _check("history_years_fit_onset", broken)
    checks.forget_batch()
    assert np.array_equal(fast, _history_years_by_record(broken))
    assert (~fast).sum() >= 5


def test_removed_organ_rule_judges_each_record_as_it_reads_alone(broken):
    from synth.domains.medical.surgeries import REMOVED_EXAM, removed_organ_examined
    columns = {name: values.copy() for name, values in broken.items()}
    operations = [word for word, _, _ in REMOVED_EXAM]
    histories = columns["past_history"]
    # operations written into a third of the histories: exams that still examine the organ now break the rule
    for i in range(0, len(histories), 3):
        histories[i] = histories[i] + f"，{i % 7 + 1}年前行{operations[i % len(operations)]}"
    fast = _check("removed_organ_not_examined", columns)
    expected = np.array([not removed_organ_examined(e, h) for e, h in zip(columns["exam_findings"], histories)])
    assert np.array_equal(fast, expected)
    assert (~fast).sum() >= 20


def _lab_words_by_record(complaints, illnesses, histories, investigations, notes) -> np.ndarray:
    """lab_words.lab_words_agree as first written: every value of a panel parsed, then each word tested."""
    from synth.domains.medical import lab_words as L
    ok = []
    for c, h, past, labs, note in zip(complaints, illnesses, histories, investigations, notes):
        good = True
        if "甘油三酯" in labs:
            said = c + h
            tg, tc, ldl = L._value(L._TG, labs), L._value(L._TC, labs), L._value(L._LDL, labs)
            good &= not (L.TG_WORDS in said and not tg >= L.TG_RAISED)
            good &= not (L.CHOLESTEROL_WORDS in said and not (ldl >= L.LDL_RAISED or tc >= L.TC_RAISED))
            good &= not (L.LIPID_WORDS in said and not (tg >= L.TG_RAISED or ldl >= L.LDL_RAISED or tc >= L.TC_RAISED))
            good &= not (L.AT_TARGET in note and not (tg < L.TG_BORDERLINE and tc < L.TC_RAISED))
        if "ALT" in labs and L.LIVER_NORMAL in past and L._value(L._ALT, labs) > L.ALT_UPPER:
            good = False
        ok.append(good)
    return np.array(ok, dtype=bool)


def test_lab_words_read_values_only_beside_their_words_with_the_same_verdicts(broken):
    from synth.domains.medical.lab_words import lab_words_agree
    texts = [list(broken[name]) for name in ("chief_complaint", "present_illness", "past_history",
                                               "investigations", "note")]
    labs = texts[3]
    panels = [i for i, t in enumerate(labs) if "甘油三酯" in t]
    assert len(panels) >= 50
    # half the panels' values moved to other records' words (a raised TG beside 血脂控制达标 and the like)
    for a, b in zip(panels[::2], panels[1::2]):
        labs[a], labs[b] = labs[b], labs[a]
    fast = lab_words_agree(*texts)
    assert np.array_equal(fast, _lab_words_by_record(*texts))
    assert (~fast).sum() >= 5
