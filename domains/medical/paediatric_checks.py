"""Checks behind the paediatric rules (issue 18): each reads output fields only and returns one boolean per record,
True where the record obeys the rule. Registered in rules.py beside the others."""

from __future__ import annotations

import numpy as np

from . import paediatric_fever, paediatric_growth
from .paediatric_rehydration import observed_rehydration, tachycardia_floor
from .rehydration import shows_dehydration
from .data import PAEDIATRIC_AGE
from .paediatric_ages import reached
from .growth import underweight
from .checks import _column, _fever_maxima, _lists, _memo, _months_of, ages_sexes, parsed
from .data import catalogue


def plan_texts(columns) -> list[str]:
    """Per record, the note's 处理 section."""
    return [n[n.rfind("处理："):] for n in _lists(columns, "note")]


def fever_dispositions(columns) -> np.ndarray:
    """Per record, the disposition its age in months and the highest temperature it states call for, at a visit
    for a fever condition (paediatric_fever.disposition); HOME elsewhere."""
    return _memo(columns, "disposition", ("diagnoses", "temperature", "present_illness", "birth_date",
                                          "visit_date"), _compute_dispositions)


def _compute_dispositions(columns) -> np.ndarray:
    cat, p = catalogue(), parsed(columns)
    febrile = (p.primary >= 0) & cat.fever[np.maximum(p.primary, 0)]
    kind = paediatric_fever.disposition(_months_of(columns), _fever_maxima(columns))
    return np.where(febrile, kind, paediatric_fever.HOME)


def not_referred(columns) -> np.ndarray:
    """(records, 1): False for an infant whose fever sends it to the emergency department (no drug here)."""
    return (fever_dispositions(columns) != paediatric_fever.REFER)[:, None]


def febrile_young_infant_referred(columns, options) -> np.ndarray:
    """Under 3 months at 38 ℃ or more: referred to the paediatric emergency department with no drug written;
    3-6 months at 39 ℃ or more: tests and a review within 24 hours; no other plan says either."""
    return paediatric_fever.plan_follows(fever_dispositions(columns), plan_texts(columns),
                                         _lists(columns, "medications"))


def diagnoses_fit_age_in_months(columns, options) -> np.ndarray:
    """Every diagnosis is one the child has reached in months (paediatric_age_floors.tsv: otitis media, HFMD and
    herpangina from 6 months, tonsillitis from 12 ...)."""
    p = parsed(columns)
    young = ~reached(catalogue(), _months_of(columns)) & p.listed
    return ~young.any(axis=1)


def dehydrated_child_rehydrated_under_observation(columns, options) -> np.ndarray:
    """Under 14, an examination showing dehydration comes with a fast pulse (the age's mean + 2 SD), no normal
    urine in the history and the salts drunk under observation with intravenous fluids as the fallback; no other
    plan says 门诊观察."""
    cat = catalogue()
    age, sex = ages_sexes(columns)
    band = np.minimum(age, cat.vital_mean["heart_rate"].shape[1] - 1)
    floor = tachycardia_floor(cat.vital_mean["heart_rate"][sex, band], cat.vital_sd["heart_rate"][sex, band])
    dehydrated = np.array([shows_dehydration(e) for e in _lists(columns, "exam_findings")], dtype=bool)
    return observed_rehydration(age < PAEDIATRIC_AGE, dehydrated, _column(columns, "heart_rate"), floor,
                                _lists(columns, "present_illness"), plan_texts(columns))


def child_growth_is_remarked(columns, options) -> np.ndarray:
    """From 5 to 13 years, a BMI-for-age below -2 SD (消瘦), from +1 SD (超重) or, at 5, from +2 SD (肥胖) is named in
    the plan, and a normal one is not (paediatric_growth.py)."""
    cat, p = catalogue(), parsed(columns)
    age, sex = ages_sexes(columns)
    weight = _column(columns, "weight_kg").astype(float)
    band = paediatric_growth.bmi_band(cat, age, sex, _column(columns, "bmi"), p.listed[:, cat.obesity],
                                      underweight(sex, _months_of(columns), weight))
    return paediatric_growth.remarked(band, plan_texts(columns))
