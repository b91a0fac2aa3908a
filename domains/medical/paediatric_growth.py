"""A child's size outside the normal band for its age is named in the plan (WHO growth reference 2007 BMI-for-age;
WS/T 456-2014 学龄儿童青少年营养不良筛查; WS/T 586-2018 学龄儿童青少年超重与肥胖筛查).

Under five the WHO weight-for-age below -2 SD is underweight (sections.UNDERWEIGHT_ADVICE, growth.underweight).
From five the BMI-for-age is read against the model's own reference (data.Catalogue: log-normal BMI by age and
sex, the same the weights are drawn from): below -2 SD is thinness, from +1 SD overweight, from +2 SD obesity —
which from 6 years is the obesity diagnosis with its own advice (rule obesity_matches_bmi), and at 5 is named here.
A clinician reader met thin school children's BMI unremarked.

Rule `child_growth_is_remarked` reads the same bands back from age, sex and bmi.
"""

from __future__ import annotations

import numpy as np

from .data import PAEDIATRIC_AGE

BMI_FROM = 5                 # BMI-for-age from 5 years (weight-for-age below)
THIN_Z = -2.0
NORMAL, THIN, OVERWEIGHT, OBESE = 0, 1, 2, 3
# the words the rule finds, one per band (plan.grammar growth.{band} says them)
MARKS = {THIN: "消瘦", OVERWEIGHT: "超重", OBESE: "按年龄BMI评价为肥胖"}
BAND_NAMES = ("normal", "thin", "overweight", "obese")


def bmi_band(cat, age: np.ndarray, sex: np.ndarray, bmi: np.ndarray, obesity_listed: np.ndarray) -> np.ndarray:
    """Per record: the BMI-for-age band of a child of 5-13 that the plan names (NORMAL otherwise, and for an
    obesity already diagnosed, whose own advice speaks of it)."""
    age = np.asarray(age)
    a = np.minimum(age, cat.bmi_median.shape[1] - 1)
    bmi = np.asarray(bmi, dtype=float)
    thin_cut = cat.bmi_median[sex, a] * np.exp(THIN_Z * cat.bmi_log_sd[sex, a])
    band = np.select([bmi < thin_cut, bmi >= cat.obesity_bmi[sex, a], bmi >= cat.overweight_bmi[sex, a]],
                     [THIN, OBESE, OVERWEIGHT], NORMAL)
    band = np.where(np.asarray(obesity_listed, dtype=bool), NORMAL, band)
    return np.where((age >= BMI_FROM) & (age < PAEDIATRIC_AGE), band, NORMAL)


def remarked(band: np.ndarray, plan: list[str]) -> np.ndarray:
    """Per record: the plan names the band's mark exactly when the band is outside the normal one."""
    out = np.ones(len(plan), dtype=bool)
    for kind, mark in MARKS.items():
        out &= np.array([mark in p for p in plan], dtype=bool) == (np.asarray(band) == kind)
    return out
