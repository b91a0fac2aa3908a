"""Who with pneumonia is advised admission: 中国成人社区获得性肺炎诊断和治疗指南 2016 scores severity with CURB-65
(confusion, urea above 7 mmol/L, respiratory rate 30 or more, systolic below 90 or diastolic 60 or less, age 65 or
more) and advises admission from 2; an elderly patient with a chronic heart, lung or kidney disease, diabetes or
a stroke is admitted too (the guideline's age and comorbidity criteria). The outpatient record has no urea and no confusion, so the score here is CRB-65 on
the fields a reader can see: age, respiratory rate, blood pressure. A reader met a 92-year-old sent home on oral
antibiotics.

The plan of an adult pneumonia so scored says 建议住院治疗 with the reason; the patient who declines keeps the oral
course with a 3-day review. Rule pneumonia_admission_advised reads the same fields.

A child's pneumonia is judged by 儿童社区获得性肺炎诊疗规范（2019年版）: involvement of several lobes (多肺叶受累)
makes it severe, and a severe pneumonia is admitted. A reader met a 12-year-old with both lower lobes shadowed,
40.1℃ and a CRP of 93 sent home on amoxicillin. Below 18, a film of both lungs (investigations.FILM_SHADOWS "both")
is advised admission; when the family declines, the home plan's review is brought to the next day.
"""

from __future__ import annotations

import re

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


def admission_advised(pneumonia, age, rr, sbp, dbp, comorbid, both_lungs=None) -> np.ndarray:
    """Per record: an adult pneumonia with CRB-65 from 2, or from 65 with a chronic condition listed; a child's
    (below 18) with both lungs involved."""
    age = np.asarray(age)
    adult = np.asarray(pneumonia) & (age >= ADULT_FROM) & (
        (crb65(age, rr, sbp, dbp) >= ADMIT_FROM_SCORE) | ((age >= ELDERLY_FROM) & np.asarray(comorbid)))
    if both_lungs is None:
        return adult
    return adult | (np.asarray(pneumonia) & (age < ADULT_FROM) & np.asarray(both_lungs, dtype=bool))


# the film that shows both lungs involved (investigations.FILM_SHADOWS["both"])
BOTH_LUNGS_FILM = "双下肺"
CHILD_ADVICE = f"双肺多叶受累，属重症肺炎，{ADVICE}；家长要求暂行门诊治疗，已告知病情及风险。"
# the home plan's review of a child's pneumonia is brought forward to the next day
CHILD_REVIEWS = re.compile(r"(?:治疗)?(?:48-72小时|2-3天)后复诊(?:评估疗效)?")
CHILD_REVIEW = "次日复诊评估疗效"


# where the plan booked no review (from 14 the adult plan leaves it to the admission advice)
OWN_REVIEW = "嘱次日复诊，如出现气促加重、口唇发绀或精神差随时急诊就诊。"


def child_plan(plan: str) -> str:
    """A child's home plan once admission is advised and declined: the review the next day, then the advice."""
    plan, reviews = CHILD_REVIEWS.subn(CHILD_REVIEW, plan, count=1)
    return plan + CHILD_ADVICE + ("" if reviews else OWN_REVIEW)


def advice(score: int, comorbid: bool) -> str:
    """The plan's sentence: the reason, the advice, and what happens when the patient declines."""
    reason = f"CRB-65评分{score}分" + ("，高龄合并基础疾病" if comorbid and score < ADMIT_FROM_SCORE else "")
    return (f"{reason}，{ADVICE}；患者及家属要求暂行门诊治疗，已告知病情及风险，嘱3日内复诊，"
            "如出现气促加重、意识改变随时急诊就诊。")
