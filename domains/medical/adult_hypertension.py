"""Hypertension found at this visit (the first reading): its grade and risk decide whether a drug starts today.

中国高血压防治指南 2018 (and its 2024 revision, lexicons/medical/README.md [38]): grade 1 (140-159/90-99 mmHg)
without high risk (no diabetes, chronic kidney disease, coronary or cerebrovascular disease, or target-organ
damage such as left ventricular hypertrophy) is managed first by lifestyle change and home measurement, re-checked
in 2-4 weeks, and given a drug only if the pressure is still at or above 140/90 after some weeks to three months of
it; grade 2 (160-179/100-109), or grade 1 with high risk, starts a drug now; grade 3 (180/110 or more) starts a
drug now and is seen again within days. A clinician reader met every first reading treated (83 of 83, 58 grade 1).

The grade is a plan fact drawn before prescribing; the blood pressure is then drawn inside the grade's band.
"""

from __future__ import annotations

import numpy as np
from scipy import special

# Grades among hypertension newly found at a visit: a modelling assumption close to what the reader saw
# (58 of 83 grade 1), with grade 3 kept rare.
GRADE_SHARES = (0.62, 0.28, 0.10)
# ECG voltage criteria of left ventricular hypertrophy (左心室高电压) in a newly found hypertension: the ECG is
# insensitive, about one in five (modelling assumption; ECG-LVH prevalence in Chinese hypertensive cohorts is
# roughly 10-20 %).
LVH_SHARE = 0.2
LVH_ECG = "左心室高电压"
# Known conditions that make grade 1 high risk by themselves (the guideline's risk table).
HIGH_RISK_CONDITIONS = ("t2dm", "ckd", "chd", "stroke_sequelae")
# Systolic and diastolic lower bounds of grades 1, 2 and 3 (mmHg).
SYSTOLIC_FROM, DIASTOLIC_FROM = (140, 160, 180), (90, 100, 110)
WATCH, START, URGENT = "watch", "start", "urgent"


def grade_of(sbp, dbp) -> np.ndarray:
    """0 below 140/90, else 1-3 by the higher of the two pressures' grades."""
    sbp, dbp = np.asarray(sbp), np.asarray(dbp)
    return sum(((sbp >= s) | (dbp >= d)).astype(np.int8) for s, d in zip(SYSTOLIC_FROM, DIASTOLIC_FROM))


def plan_first_reading(u: np.ndarray, cat, new_h: np.ndarray, listed: np.ndarray, diabetic: np.ndarray):
    """Per record (u: two uniforms): the grade of a first reading (0 where the visit is not one), whether its ECG
    shows left ventricular hypertrophy, and whether it is watched without a drug (grade 1, no high risk).
    `diabetic` counts a diabetes not yet diagnosed too: its fasting glucose (7.0 or more) is measured today."""
    grade = np.where(new_h, 1 + np.searchsorted(np.cumsum(GRADE_SHARES)[:-1], u[:, 0], side="right"), 0)
    lvh = new_h & (u[:, 1] < LVH_SHARE)
    high_risk = listed[:, [cat.index[k] for k in HIGH_RISK_CONDITIONS]].any(axis=1) | diabetic | lvh
    return grade.astype(np.int8), lvh, (grade == 1) & ~high_risk


def first_reading_gate(cat, watched: np.ndarray) -> np.ndarray:
    """(records, drugs): no antihypertensive where a first reading is watched on lifestyle change."""
    return ~(watched[:, None] & cat.indication[:, cat.hypertension][None, :])


def graded_pressure(u: np.ndarray, d_mean: np.ndarray, d_sd: np.ndarray, grade: np.ndarray):
    """Systolic and diastolic pressure inside the grade's band (meaningful where grade >= 1; u: two uniforms):
    systolic between the grade's lower bound and the next's, diastolic around `d_mean` (its mean given the
    systolic) below the next grade's bound, so that the systolic sets the grade."""
    g = np.maximum(grade, 1) - 1
    s_from = np.array(SYSTOLIC_FROM + (215,))
    sbp = np.round(s_from[g] + u[:, 0] * (s_from[g + 1] - 1 - s_from[g]))
    d_top = np.array(DIASTOLIC_FROM[1:] + (125,))[g] - 1
    dbp = np.clip(np.round(d_mean + d_sd * special.ndtri(np.clip(u[:, 1], 0.01, 0.99))), 60,
                  np.minimum(d_top, sbp - 30))
    return sbp.astype(np.int64), dbp.astype(np.int64)


def grade_ceiling(grade: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The highest systolic and diastolic pressure of each grade (1-3; grade 3 and no grade: unbounded): a reading
    the note tells of a first reading stays in the grade its plan names (issue 18 #3, #13, #25: 1级高血压 beside
    最高152/104mmHg)."""
    g = np.clip(np.asarray(grade, dtype=np.int64), 0, 3)
    s_top = np.array((999,) + tuple(s - 1 for s in SYSTOLIC_FROM[1:]) + (999,))
    d_top = np.array((999,) + tuple(d - 1 for d in DIASTOLIC_FROM[1:]) + (999,))
    return s_top[g], d_top[g]


def first_reading_kind(grade: np.ndarray, watched: np.ndarray) -> np.ndarray:
    """WATCH, START or URGENT per first reading (empty string elsewhere): the follow-up table's situation."""
    return np.where(grade == 0, "", np.where(watched, WATCH, np.where(grade == 3, URGENT, START)))


# The plan's opening where a first reading starts a drug: why now (the guideline's terms). The watched one's
# plan is the grammar's (plan.grammar nodrug kind=watch).
START_REASON = {2: "2级高血压，启动降压药物治疗：", 3: "血压达3级水平，今日起启动降压药物治疗：",
                1: "1级高血压合并{risk}，属高危，启动降压药物治疗："}
RISK_WORDS = {"t2dm": "糖尿病", "ckd": "慢性肾脏病", "chd": "冠心病", "stroke_sequelae": "脑卒中病史"}
UNDIAGNOSED_DIABETES = "空腹血糖≥7.0mmol/L"
UNDIAGNOSED = 1         # model.UNDIAGNOSED (a diabetes not yet known, its glucose high today)


def first_reading_reason(cat, visit) -> str:
    """The opening of a first reading's plan with a drug (one record of the plan's case array)."""
    grade = int(visit["htn_grade"])
    if grade != 1:
        return START_REASON.get(grade, "")
    listed = int(visit["listed"])
    words = [w for k, w in RISK_WORDS.items() if listed >> int(cat.index[k]) & 1]
    if visit["lvh"]:
        words.append("心电图左心室高电压")
    if int(visit["dm"]) == UNDIAGNOSED:
        words.append(UNDIAGNOSED_DIABETES)
    return START_REASON[1].format(risk="、".join(words))
