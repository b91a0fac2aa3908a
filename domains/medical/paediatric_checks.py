"""Checks behind the paediatric rules (issue 18): each reads output fields only and returns one boolean per record,
True where the record obeys the rule. Registered in rules.py beside the others."""

from __future__ import annotations

import re

import numpy as np

from . import paediatric_fever, paediatric_growth
from .checks import (_column, _fever_maxima, _lists, _memo, _months_of, _text_has_any, ages_sexes, dehydration_shown,
                     parsed)
from .data import PAEDIATRIC_AGE, catalogue
from .growth import underweight
from .paediatric_ages import reached
from .paediatric_rehydration import OBSERVED_MARK, observed_rehydration, tachycardia_floor


# Every word a paediatric rule looks for in a plan, found in one pass per note (the rules run on every batch).
PLAN_MARKS = (paediatric_fever.REFER_MARK, paediatric_fever.REVIEW_MARK, OBSERVED_MARK,
              *paediatric_growth.MARKS.values())
_MARK_SEARCH = re.compile("|".join(map(re.escape, PLAN_MARKS)))


def plan_marks(columns) -> dict[str, np.ndarray]:
    """Per mark of PLAN_MARKS, per record: whether the note's 处理 section says it (once per batch)."""
    return _memo(columns, "plan_marks", ("note",), _compute_plan_marks)


def _compute_plan_marks(columns) -> dict[str, np.ndarray]:
    notes = _lists(columns, "note")
    out = {m: np.zeros(len(notes), dtype=bool) for m in PLAN_MARKS}
    # a plan without a mark says none: one column scan of the plans finds the few to read (a note without 处理：
    # is read whole, as findall from position -1 reads it). A plan holds 处理： exactly where it starts with it
    # (without one it is the note's last character), so the plans' shared scan finds those notes too.
    whole = ~_text_has_any(columns, "plans", ("处理：",))
    for i in np.flatnonzero(_text_has_any(columns, "plans", PLAN_MARKS) | whole).tolist():
        n = notes[i]
        for m in _MARK_SEARCH.findall(n, n.rfind("处理：")):
            out[m][i] = True
    return out


def months_of(columns) -> np.ndarray:
    """Age in months on the visit day, once per batch."""
    return _memo(columns, "months", ("birth_date", "visit_date"), _months_of)


def fever_dispositions(columns) -> np.ndarray:
    """Per record, the disposition its age in months and the highest temperature it states call for, at a visit
    for a fever condition (paediatric_fever.disposition); HOME elsewhere."""
    return _memo(columns, "disposition", ("diagnoses", "temperature", "present_illness", "birth_date",
                                          "visit_date"), _compute_dispositions)


def _compute_dispositions(columns) -> np.ndarray:
    cat, p = catalogue(), parsed(columns)
    febrile = (p.primary >= 0) & cat.fever[np.maximum(p.primary, 0)]
    kind = paediatric_fever.disposition(months_of(columns), _fever_maxima(columns))
    return np.where(febrile, kind, paediatric_fever.HOME)


def not_referred(columns) -> np.ndarray:
    """(records, 1): False for an infant whose fever sends it to the emergency department (no drug here)."""
    return (fever_dispositions(columns) != paediatric_fever.REFER)[:, None]


def febrile_young_infant_referred(columns, options) -> np.ndarray:
    """Under 3 months at 38 ℃ or more: referred to the paediatric emergency department with no drug written;
    3-6 months at 39 ℃ or more: tests and a review within 24 hours; no other plan says either."""
    marks = plan_marks(columns)
    return paediatric_fever.plan_follows(fever_dispositions(columns), marks[paediatric_fever.REFER_MARK],
                                         marks[paediatric_fever.REVIEW_MARK], _lists(columns, "medications"))


def diagnoses_fit_age_in_months(columns, options) -> np.ndarray:
    """Every diagnosis is one the child has reached in months (paediatric_age_floors.tsv: otitis media, HFMD and
    herpangina from 6 months, tonsillitis from 12 ...)."""
    p = parsed(columns)
    young = ~reached(catalogue(), months_of(columns)) & p.listed
    return ~young.any(axis=1)


def dehydrated_child_rehydrated_under_observation(columns, options) -> np.ndarray:
    """Under 14, an examination showing dehydration comes with a fast pulse (the age's mean + 2 SD), no normal
    urine in the history and the salts drunk under observation with intravenous fluids as the fallback; no other
    plan says 门诊观察."""
    cat = catalogue()
    age, sex = ages_sexes(columns)
    band = np.minimum(age, cat.vital_mean["heart_rate"].shape[1] - 1)
    floor = tachycardia_floor(cat.vital_mean["heart_rate"][sex, band], cat.vital_sd["heart_rate"][sex, band])
    child = age < PAEDIATRIC_AGE
    dehydrated = dehydration_shown(columns) & child
    return observed_rehydration(child, dehydrated, _column(columns, "heart_rate"), floor,
                                _lists(columns, "present_illness"), _lists(columns, "note"),
                                plan_marks(columns)[OBSERVED_MARK])


def child_growth_is_remarked(columns, options) -> np.ndarray:
    """From 5 to 13 years, a BMI-for-age below -2 SD (消瘦), from +1 SD (超重) or, at 5, from +2 SD (肥胖) is named in
    the plan, and a normal one is not (paediatric_growth.py)."""
    cat, p = catalogue(), parsed(columns)
    age, sex = ages_sexes(columns)
    weight = _column(columns, "weight_kg").astype(float)
    band = paediatric_growth.bmi_band(cat, age, sex, _column(columns, "bmi"), p.listed[:, cat.obesity],
                                      underweight(sex, months_of(columns), weight))
    return paediatric_growth.remarked(band, plan_marks(columns))
