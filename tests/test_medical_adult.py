"""Adult visits an attending would sign (issue 18): a first reading of hypertension by its grade and risk, the
follow-up by diagnosis and today's step."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import synth
from synth.domains import medical
from synth.domains.medical.adult_checks import first_readings
from synth.domains.medical.adult_followup import follow_table
from synth.domains.medical.adult_hypertension import grade_of
from synth.domains.medical.data import catalogue


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return synth.generate("medical", 3_000, seed=7707)


def plan_of(note: str) -> str:
    return note.rpartition("处理：")[2]


def columns(frame: pd.DataFrame) -> dict:
    return {name: frame[name].to_numpy() for name in frame.columns}


def antihypertensive(name: str) -> bool:
    cat = catalogue()
    return bool(cat.indication[cat.drug_index[name], cat.hypertension])


# -- a first reading of hypertension --------------------------------------------------------------------------
def test_grade_1_without_high_risk_waits_on_lifestyle(records):
    first, watched = first_readings(columns(records))
    grades = grade_of(records.sbp.to_numpy(), records.dbp.to_numpy())
    assert watched.sum() >= 10 and (first & ~watched).sum() >= 10
    on = records.medications.map(lambda ms: any(antihypertensive(m["name"]) for m in ms)).to_numpy()
    assert not on[watched].any()
    assert on[first & ~watched].all()
    assert (grades[first] >= 1).all()          # a first reading is above 140/90: that is what found it
    plans = records.note[watched].map(plan_of)
    assert plans.str.contains("生活方式干预").all() and plans.str.contains("2-4周后").all()
    assert records.note[first & (grades >= 2)].map(plan_of).str.contains("启动降压药物治疗：").all()


def test_the_first_reading_rule_catches_a_drug_too_soon_and_one_missing(records):
    frame = records.copy()
    first, watched = first_readings(columns(frame))
    assert medical.verify(frame)["first_reading_of_hypertension_by_grade"] == 0
    calm, treated = np.flatnonzero(watched)[0], np.flatnonzero(first & ~watched)[0]
    frame.at[calm, "medications"] = list(frame.medications[calm]) + [
        {"name": "苯磺酸氨氯地平片", "dose": "5mg", "frequency": "每日一次", "route": "口服"}]
    frame.at[treated, "medications"] = [m for m in frame.medications[treated] if not antihypertensive(m["name"])]
    assert medical.verify(frame)["first_reading_of_hypertension_by_grade"] == 2


# -- follow-up by diagnosis and step ---------------------------------------------------------------------------
STOCK = re.compile(r"(?<![\d-])(3天|1周)后复诊")


def situation_of(key: str, plan: str, watched: bool, grade: int, first: bool) -> str:
    if first:
        return "watch" if watched else "urgent" if grade == 3 else "start"
    plan = re.sub(r"^ASCVD风险\w+，LDL-C目标<[\d.]+mmol/L，", "", plan)      # a dyslipidaemia's risk group first
    if re.match(r"(血压|血糖|血脂)控制达标，继续原方案", plan) or plan.startswith("继续原方案") and key != "hyperuricaemia":
        return "continue"       # a hyperuricaemia is never on a standing drug (model.STARTED_AT_VISIT)
    if "1. " not in plan or "暂不启动调脂药物" in plan:
        return "lifestyle"      # only a comorbidity's drugs go on, if any
    if "加用" in plan or "换用" in plan:
        return "change"
    return "start"


def test_each_interval_fits_its_diagnosis(records):
    cat, table = catalogue(), follow_table()
    first, watched = first_readings(columns(records))
    grades = grade_of(records.sbp.to_numpy(), records.dbp.to_numpy())
    checked = 0
    for i, (age, dx, note) in enumerate(zip(records.age, records.diagnoses, records.note)):
        key = cat.keys[cat.by_code[dx[0]["code"]]]
        if age < 14 or not any(k == key for k, _ in table):
            continue
        plan = plan_of(note)
        screened = key == "cervicitis" and "筛查" in plan and "1. " not in plan    # a check-up finding, not treated
        situation = "screen" if screened else "any" if (key, "any") in table else \
            situation_of(key, plan, watched[i], grades[i], first[i])
        wordings = table.get((key, situation), ())
        if "建议住院治疗" in plan:      # a declined admission books its own review, once (admission.py)
            assert plan.count("复诊") == 1 and not any(w in plan for w in wordings), plan
            continue
        assert any(w in plan for w in wordings), (key, situation, plan)
        assert not STOCK.search(plan), plan
        checked += 1
    assert checked >= 300


# -- orthopaedic onsets ----------------------------------------------------------------------------------------
def test_orthopaedic_histories_open_by_the_diagnosis_not_overwork(records):
    # a reader met 劳累后 opening 21-24 % of orthopaedic histories; the onset now follows the diagnosis (an injury,
    # lifting, posture, no clear cause: symptom_triggers.tsv)
    ortho = records.present_illness[records.department == "骨科"]
    onset = ortho.str.extract(r"(?:\d+[天周月年]前|近\d+[天周月年]来)(.*?)(?:开始|再次)?出现")[0].dropna()
    assert len(onset) >= 40
    assert (onset == "劳累后").mean() <= 0.08
    assert (onset == "无明显诱因").mean() >= 0.2 and onset.nunique() >= 8


# -- sentences repeated word for word across notes -------------------------------------------------------------
# The formulaic sentences every outpatient history has (the general state since onset, the visit itself) are
# left out; everything the history tells about this illness is counted.
FORMULAIC = ("发病以来", "就诊", "来诊", "来院", "今日带其")


def told_spans(history: str) -> set[str]:
    """The history's sentences and runs of two clauses, 12 characters or longer, but the formulaic ones."""
    out = set()
    for sentence in re.split(r"[。；]", history):
        if any(w in sentence for w in FORMULAIC):
            continue
        clauses = sentence.split("，")
        for width in (1, 2, len(clauses)):
            for k in range(len(clauses) - width + 1):
                span = "，".join(clauses[k:k + width])
                if len(span) >= 12:
                    out.add(span)
    return out


def test_no_adult_history_sentence_in_more_than_2_percent_of_notes(records):
    # a reader met 服退热药后体温可降至正常，数小时后复升 in 108 of 3,000 notes
    counts: dict[str, int] = {}
    for history in records.present_illness[records.age >= 14]:
        for span in told_spans(history):
            counts[span] = counts.get(span, 0) + 1
    worst = sorted(counts.items(), key=lambda kv: -kv[1])[:3]
    assert worst[0][1] <= 0.02 * len(records), worst
    assert told_spans("患者3天前受凉后出现咳嗽，咳少量白色泡沫痰，无发热。今来我院门诊就诊。") == {
        "患者3天前受凉后出现咳嗽", "患者3天前受凉后出现咳嗽，咳少量白色泡沫痰", "咳少量白色泡沫痰，无发热",
        "患者3天前受凉后出现咳嗽，咳少量白色泡沫痰，无发热"}


# -- lipids by ASCVD risk --------------------------------------------------------------------------------------
def test_lipid_targets_follow_the_risk_group(records):
    from synth.domains.medical.adult_checks import visit_lipids
    visit, risk, ldl, on = visit_lipids(columns(records))
    plans = records.note.map(plan_of)
    assert visit.sum() >= 20 and len(set(risk[visit].tolist())) >= 3
    at_target = visit & plans.str.contains("血脂控制达标").to_numpy()
    assert at_target.any() and (ldl[at_target] < np.array([0, 3.4, 2.6, 1.8, 1.4])[risk[at_target]]).all()
    lifestyle = visit & ~on
    assert lifestyle.any() and (risk[lifestyle] == 1).all() and (ldl[lifestyle] < 4.9).all()
    # an ASCVD patient (极高危 or 超高危) is never told 达标 above 1.8
    assert not (at_target & (risk >= 3) & (ldl >= 1.8)).any()
    # a step-up on a statin adds ezetimibe, never a fibrate
    assert not plans[visit].str.contains("加用非诺贝特").any()


def test_the_lipid_rule_catches_a_false_target_and_a_statin_too_soon(records):
    from synth.domains.medical.adult_checks import visit_lipids
    frame = records.copy()
    visit, risk, ldl, on = visit_lipids(columns(frame))
    assert medical.verify(frame)["lipids_by_ascvd_risk"] == 0
    plans = frame.note.map(plan_of)
    calm = np.flatnonzero(visit & plans.str.contains("血脂控制达标").to_numpy())[0]
    frame.at[calm, "investigations"] = re.sub(r"低密度脂蛋白胆固醇\d+\.\d+", "低密度脂蛋白胆固醇4.20",
                                              frame.investigations[calm])
    waiting = np.flatnonzero(visit & ~on)[0]
    frame.at[waiting, "medications"] = list(frame.medications[waiting]) + [
        {"name": "阿托伐他汀钙片", "dose": "20mg", "frequency": "每晚一次", "route": "口服"}]
    assert medical.verify(frame)["lipids_by_ascvd_risk"] == 2


# -- lab values and the words about them (lab_words.py) ----------------------------------------------------------
def test_lipid_and_liver_values_agree_with_their_words():
    from synth.domains.medical.lab_words import LDL_RAISED, TC_RAISED, TG_RAISED
    frame = synth.generate("medical", 20_000, seed=2468)
    assert medical.verify(frame)["lab_words_fit_values"] == 0
    said = frame.chief_complaint + frame.present_illness
    tg = frame.investigations.str.extract(r"甘油三酯(\d+\.\d+)")[0].astype(float)
    tc = frame.investigations.str.extract(r"总胆固醇(\d+\.\d+)")[0].astype(float)
    ldl = frame.investigations.str.extract(r"低密度脂蛋白胆固醇(\d+\.\d+)")[0].astype(float)
    told_tg = said.str.contains("甘油三酯升高") & tg.notna()
    assert told_tg.sum() >= 5 and (tg[told_tg] >= TG_RAISED).all()
    told_tc = said.str.contains("胆固醇升高") & tg.notna()
    assert told_tc.sum() >= 5 and ((ldl[told_tc] >= LDL_RAISED) | (tc[told_tc] >= TC_RAISED)).all()
    calm = frame.note.str.contains("血脂控制达标")
    assert calm.sum() >= 5 and (tg[calm] < 1.7).all()
    # the panel is one patient's: TC exceeds LDL-C by an HDL-C of 0.9-1.5 and TG/2.2 (Friedewald)
    shown = tg.notna()
    hdl = tc[shown] - ldl[shown] - tg[shown] / 2.2
    assert hdl.between(0.88, 1.52).all()
    alt = frame.investigations.str.extract(r"ALT (\d+)U/L")[0].astype(float)
    normal = frame.past_history.str.contains("肝功能正常") & alt.notna()
    assert normal.sum() >= 5 and (alt[normal] <= 40).all()


def test_the_lab_words_rule_catches_a_normal_tg_and_a_raised_alt(records):
    frame = records.copy()
    assert medical.verify(frame)["lab_words_fit_values"] == 0
    calm = np.flatnonzero(frame.note.str.contains("血脂控制达标").to_numpy())[0]
    frame.at[calm, "investigations"] = re.sub(r"甘油三酯\d+\.\d+", "甘油三酯2.90", frame.investigations[calm])
    liver = np.flatnonzero((frame.past_history.str.contains("肝功能正常") &
                            frame.investigations.str.contains("ALT")).to_numpy())[0]
    frame.at[liver, "investigations"] = re.sub(r"ALT \d+", "ALT 66", frame.investigations[liver])
    assert medical.verify(frame)["lab_words_fit_values"] == 2


def test_a_first_reading_rests_on_readings_on_several_days(records):
    """I10 found at this visit: the present illness tells raised readings on several days (the old generator
    diagnosed 454 of 618 such visits in 20,000 on one office reading); the rule catches one that does not."""
    frame = records.copy()
    first, _ = first_readings(columns(frame))
    assert first.sum() >= 20
    told = frame.present_illness[first]
    assert told.str.contains("非同日|多次").all()
    assert medical.verify(frame)["first_reading_rests_on_repeated_readings"] == 0
    grade = grade_of(frame.sbp.to_numpy(), frame.dbp.to_numpy())
    row = int(np.flatnonzero(first & (grade < 3) & ~frame.investigations.str.contains("左心室高电压").to_numpy())[0])
    frame.at[row, "present_illness"] = re.sub(r"[^。]*(非同日|多次)[^。]*。", "", frame.present_illness[row])
    assert medical.verify(frame)["first_reading_rests_on_repeated_readings"] == 1
