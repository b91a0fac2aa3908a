"""Who with pneumonia is advised admission: 中国成人社区获得性肺炎诊断和治疗指南 2016 scores severity with CURB-65
(confusion, urea above 7 mmol/L, respiratory rate 30 or more, systolic below 90 or diastolic 60 or less, age 65 or
more) and advises admission from 2; an elderly patient with a chronic heart, lung or kidney disease, diabetes or
a stroke is admitted too (the guideline's age and comorbidity criteria). The outpatient record has no urea and no confusion, so the score here is CRB-65 on
the fields a reader can see: age, respiratory rate, blood pressure. A reader met a 92-year-old sent home on oral
antibiotics.

The plan of an adult pneumonia so scored says 建议住院治疗 with the reason; the patient who declines keeps the oral
course with a 3-day review. Rule pneumonia_admission_advised reads the same fields.
"""

from __future__ import annotations

import numpy as np

ADULT_FROM = 18           # CURB-65 is an adult score
ELDERLY_FROM = 65
FAST_BREATHING = 30       # breaths per minute
LOW_SYSTOLIC, LOW_DIASTOLIC = 90, 60
ADMIT_FROM_SCORE = 2
ADVICE = "建议住院治疗"
# the chronic conditions that count (the guideline's list: chronic heart, lung, kidney disease, diabetes, stroke;
# not an enlarged prostate or a raised urate)
COMORBIDITIES = ("chd", "copd", "asthma", "ckd", "t2dm", "stroke_sequelae")


def comorbid(cat, listed: np.ndarray) -> np.ndarray:
    """Per record (listed: records × conditions), whether one of COMORBIDITIES is listed."""
    return listed[:, [cat.index[k] for k in COMORBIDITIES]].any(axis=1)


def crb65(age, rr, sbp, dbp) -> np.ndarray:
    """CRB-65 per record: one point each for age from 65, a rate of 30 or more, a systolic below 90 or a diastolic of
    60 or less."""
    return ((np.asarray(age) >= ELDERLY_FROM).astype(int) + (np.asarray(rr) >= FAST_BREATHING)
            + ((np.asarray(sbp) < LOW_SYSTOLIC) | (np.asarray(dbp) <= LOW_DIASTOLIC)))


def admission_advised(pneumonia, age, rr, sbp, dbp, comorbid) -> np.ndarray:
    """Per record: an adult pneumonia with CRB-65 from 2, or from 65 with a chronic condition listed."""
    age = np.asarray(age)
    return np.asarray(pneumonia) & (age >= ADULT_FROM) & (
        (crb65(age, rr, sbp, dbp) >= ADMIT_FROM_SCORE) | ((age >= ELDERLY_FROM) & np.asarray(comorbid)))


def advice(score: int, comorbid: bool) -> str:
    """The plan's sentence: the reason, the advice, and what happens when the patient declines."""
    reason = f"CRB-65评分{score}分" + ("，高龄合并基础疾病" if comorbid and score < ADMIT_FROM_SCORE else "")
    return (f"{reason}，{ADVICE}；患者及家属要求暂行门诊治疗，已告知病情及风险，嘱3日内复诊，"
            "如出现气促加重、意识改变随时急诊就诊。")
