"""The respiratory rate follows the history: breathlessness at rest is counted as fast breathing, fever speeds it.

A clinician reader met 咳嗽气促 and 呼吸急促 in the history beside 呼吸 18次/分 in the vitals. A symptom row that
tells breathlessness at rest (气促, 呼吸急促, 喘息, 气喘, 憋气 — not 活动后气促, which a resting count need not
show, and not a negative 无气促) puts the count above the age's limit of normal: over 20 from 14 years, from the
age's mean plus two SD below (vitals.tsv; WHO's fast-breathing cut-offs for children sit in the same place).
Fever adds about 2.2 breaths per minute per ℃ in children (Nijman et al., BMJ 2012;345:e4224); adults get none.
The rule breathless_history_breathes_fast checks the history's words against the count.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from .data import PAEDIATRIC_AGE, catalogue

BREATHLESS = ("呼吸急促", "气促", "喘息", "气喘", "憋气")
# what precedes a breathless word when it is not breathlessness at rest: a negative or exertion
NOT_AT_REST = re.compile("(无(明显)?(胸闷、?)?|活动后(易|心悸)?|爬楼后)(" + "|".join(BREATHLESS) + ")")
ADULT_FAST = 21                 # breaths per minute: an adult above 20 breathes fast
FEVER_BREATHS_PER_DEGREE = 2.2  # children (Nijman 2012)
FAST_MARGIN = (1.0, 6.0)        # breathless rows: this many breaths above the fast floor (uniform)


def at_rest(text: str) -> bool:
    """Whether a text tells breathlessness at rest (a breathless word not negated and not after exertion)."""
    return any(w in NOT_AT_REST.sub("", text) for w in BREATHLESS)


@lru_cache(maxsize=1)
def breathless_rows() -> np.ndarray:
    """Per symptom row, whether its complaint or detail tells breathlessness at rest."""
    cat = catalogue()
    return np.array([at_rest(t + "，" + d) for t, d in zip(cat.symptom_text, cat.symptom_detail)])


def breathless(case) -> np.ndarray:
    """Per record, whether its history tells breathlessness at rest (first or second symptom)."""
    rows = breathless_rows()
    second = case["symptom2"].astype(np.int64)
    return rows[case["symptom"].astype(np.int64)] | ((second >= 0) & rows[np.maximum(second, 0)])


def fast_floor(age, sex) -> np.ndarray:
    """The lowest count that is fast breathing at each age (the exam's rr_high requirement uses the same)."""
    cat = catalogue()
    base, sd = cat.vital_mean["resp_rate"][sex, age], cat.vital_sd["resp_rate"][sex, age]
    return np.where(age >= PAEDIATRIC_AGE, ADULT_FAST, np.ceil(base + 2 * sd))


def following_history(rate, u, case, age, sex, temperature) -> np.ndarray:
    """The drawn rate, raised by a child's fever and lifted above the fast floor where the history is breathless."""
    fever = np.where(age < PAEDIATRIC_AGE, FEVER_BREATHS_PER_DEGREE * np.maximum(temperature - 37.0, 0), 0)
    rate = np.round(rate + fever)
    floor = fast_floor(age, sex)
    lifted = floor + np.floor(FAST_MARGIN[0] + u * (FAST_MARGIN[1] - FAST_MARGIN[0]))
    # a child whose history tells no breathlessness stays below the fast floor even with fever (a clinician met
    # 无呼吸急促 beside 40 breaths a minute at 3 years, fast breathing by WHO's cut-off)
    calm = np.where(age < PAEDIATRIC_AGE, np.minimum(rate, floor - 1), rate)
    return np.where(breathless(case), np.maximum(rate, lifted), calm).astype(np.int64)
