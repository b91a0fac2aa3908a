"""Where a febrile infant goes next is decided by its age in months, not by the thermometer alone.

NICE NG143 (Fever in under 5s, 2019) and 中国0-3月龄发热婴儿管理专家共识: any fever of 38 ℃ or more under 3 months
is a red feature — the infant is sent to the paediatric emergency department for a blood count, CRP, urine test and
blood culture (a lumbar puncture considered), never home with an antipyretic; from 3 to 6 months 39 ℃ or more is
an intermediate-risk feature — a urine test (the blood count where 辅助检查 shows it) and a review within a day.
A clinician reader met a 1-month-old at 38.4 ℃ sent home with paracetamol drops.

The plan decides the disposition (case field `disposition`) before prescribing: a referred infant gets no drug,
and its plan is the referral. Rule `febrile_young_infant_referred` reads it back from age in months, today's
temperature and the maximum the history states.
"""

from __future__ import annotations

import numpy as np

YOUNG_INFANT_MONTHS = 3          # under this: a fever of REFER_FROM or more is referred
REFER_FROM = 38.0
INTERMEDIATE_MONTHS = 6          # from YOUNG_INFANT_MONTHS to this: INTERMEDIATE_FROM or more is reviewed within a day
INTERMEDIATE_FROM = 39.0
HOME, REFER, REVIEW = 0, 1, 2

# The words a rule finds: the referral names the emergency department, the review its 24 hours.
REFER_MARK = "儿科急诊"
REVIEW_MARK = "24小时内复诊"
# The sentences are in plan.grammar: `referral` (the whole plan of a referred infant) and `follow if follow=review`.


def young_infant_fever(tmax: np.ndarray, febrile: np.ndarray, months: np.ndarray, u: np.ndarray) -> np.ndarray:
    """The illness's maximum for a febrile infant under 3 months: at least 38.0 ℃ (38.0-38.9), since a parent
    brings a baby that young for a fever they measured; everyone else's maximum unchanged."""
    young = febrile & (months < YOUNG_INFANT_MONTHS)
    return np.where(young, np.maximum(tmax, REFER_FROM + np.round(u * 9) / 10), tmax)


def disposition(months: np.ndarray, tmax: np.ndarray) -> np.ndarray:
    """Per record: REFER (under 3 months at 38 ℃ or more), REVIEW (3-6 months at 39 ℃ or more) or HOME."""
    months, tmax = np.asarray(months, dtype=float), np.asarray(tmax, dtype=float)
    out = np.full(len(months), HOME, dtype=np.int8)
    out[(months >= YOUNG_INFANT_MONTHS) & (months < INTERMEDIATE_MONTHS) & (tmax >= INTERMEDIATE_FROM)] = REVIEW
    out[(months < YOUNG_INFANT_MONTHS) & (tmax >= REFER_FROM)] = REFER
    return out


def plan_follows(kind: np.ndarray, refers: np.ndarray, reviews: np.ndarray, medications: list) -> np.ndarray:
    """Per record (`refers`, `reviews`: whether its plan says REFER_MARK, REVIEW_MARK): a referred infant's plan
    refers and prescribes nothing; a reviewed one's books the review; no other plan says either."""
    prescribed = np.fromiter(map(len, medications), dtype=np.int64, count=len(medications)) > 0
    kind = np.asarray(kind)
    return np.where(kind == REFER, refers & ~prescribed & ~reviews,
                    np.where(kind == REVIEW, reviews & ~refers, ~refers & ~reviews))
