"""A child's size outside the normal band for its age is named in the plan (WHO growth reference 2007 BMI-for-age;
WS/T 456-2014 学龄儿童青少年营养不良筛查; WS/T 586-2018 学龄儿童青少年超重与肥胖筛查).

Under five the WHO weight-for-age below -2 SD is underweight (sections.UNDERWEIGHT_ADVICE, growth.underweight).
From five the BMI-for-age is read against the model's own reference (data.Catalogue: log-normal BMI by age and
sex, the same the weights are drawn from): from +1 SD overweight, from +2 SD obesity —
which from 6 years is the obesity diagnosis with its own advice (rule obesity_matches_bmi), and at 5 is named here.
Thinness is below the WHO BMI-for-age -2 SD from 2 years (paediatric_thinness.tsv; 2-4 years the 2006 standard,
where a low BMI-for-age is the wasting a weight-for-length table would find): the model's log-normal is symmetric in
log BMI, while real BMI is skewed to the right, so its own -2 SD lies about 1 kg/m² too low (a reader met BMI 13.6 at
11 years unremarked).
A clinician reader met thin school children's BMI unremarked.

Rule `child_growth_is_remarked` reads the same bands back from age, sex and bmi.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from synth.resources import read_table

from .data import PAEDIATRIC_AGE

BMI_FROM = 5                 # overweight by BMI-for-age from 5 years
THIN_FROM = 2                # thinness by BMI-for-age from 2 years (WHO BMI-for-age -2 SD, as wasting)
NORMAL, THIN, OVERWEIGHT, OBESE = 0, 1, 2, 3
# the words the rule finds, one per band (plan.grammar growth.{band} says them)
MARKS = {THIN: "消瘦", OVERWEIGHT: "超重", OBESE: "按年龄BMI评价为肥胖"}
BAND_NAMES = ("normal", "thin", "overweight", "obese")


@lru_cache(maxsize=1)
def thinness_cut() -> np.ndarray:
    """(sex, age 0-120) BMI below which a child of 2-13 is thin (paediatric_thinness.tsv; 0 outside those ages)."""
    out = np.zeros((2, 121))
    t = read_table("medical", "paediatric_thinness.tsv")
    for sex, age, value in zip(t["sex"], t["age"].astype(int), t["bmi_below"].astype(float)):
        out[0 if sex == "m" else 1, age] = value
    if (out[:, THIN_FROM:PAEDIATRIC_AGE] == 0).any():
        raise ValueError(f"paediatric_thinness.tsv must cover ages {THIN_FROM}-{PAEDIATRIC_AGE - 1} for both sexes")
    return out


def bmi_band(cat, age: np.ndarray, sex: np.ndarray, bmi: np.ndarray, obesity_listed: np.ndarray,
             underweight: np.ndarray | None = None) -> np.ndarray:
    """Per record: the BMI-for-age band of a child that the plan names — thin from 2 years, overweight or obese
    from 5 — NORMAL otherwise, for an obesity already diagnosed (its own advice speaks of it), and for a child
    under five already named underweight by weight-for-age (`underweight`, one nutrition line is enough)."""
    age = np.asarray(age)
    a = np.minimum(age, cat.bmi_median.shape[1] - 1)
    bmi = np.asarray(bmi, dtype=float)
    thin_cut = thinness_cut()[sex, a]
    band = np.select([bmi < thin_cut, bmi >= cat.obesity_bmi[sex, a], bmi >= cat.overweight_bmi[sex, a]],
                     [THIN, OBESE, OVERWEIGHT], NORMAL)
    band = np.where(np.asarray(obesity_listed, dtype=bool), NORMAL, band)
    band = np.where((band == THIN) & (age >= THIN_FROM) | (age >= BMI_FROM), band, NORMAL)
    if underweight is not None:
        band = np.where(np.asarray(underweight, dtype=bool), NORMAL, band)
    return np.where(age < PAEDIATRIC_AGE, band, NORMAL)


def remarked(band: np.ndarray, said: dict[str, np.ndarray]) -> np.ndarray:
    """Per record (`said`: per mark, whether the plan says it): the plan names the band's mark exactly when the
    band is outside the normal one."""
    out = np.ones(len(band), dtype=bool)
    for kind, mark in MARKS.items():
        out &= said[mark] == (np.asarray(band) == kind)
    return out


def child_pressure_p95(age: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(systolic, diastolic) 95th centile of a child's blood pressure by whole year, a straight-line reading of the
    Chinese children's blood-pressure references (Mi J et al. 2010; 中国高血压防治指南 2018, 儿童青少年高血压):
    about 100 + 2 x age over 65 + 1.3 x age mmHg (118/77 at 9, 124/81 at 12). A pressure above it would need a
    word in the note, so an outpatient child at ease is drawn below it."""
    age = np.asarray(age, dtype=float)
    return 100 + 2 * age, 65 + 1.3 * age
