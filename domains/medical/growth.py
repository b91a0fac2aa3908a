"""Children's length/height and weight by sex and age in months (WHO Child Growth Standards, LMS method).

Under five years a child's height and weight are drawn from the WHO standard at the child's exact age (the
monthly LMS table lexicons/medical/growth.tsv, interpolated by day), as two correlated z-scores: a child long
for its age is usually heavy for it too. From five years the yearly national references of vitals.tsv apply,
their means interpolated by age so that a child does not grow 7 cm on its birthday. The rule
`growth_fits_age_in_months` checks the same z-scores, so a one-month-old of 79.7 cm and 12.3 kg cannot pass.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from synth.resources import read_table

WHO_MONTHS = 60               # the WHO standard covers 0-60 months; older children use vitals.tsv
DAYS_PER_MONTH = 30.4375      # the WHO tables' month
HEIGHT_WEIGHT_CORRELATION = 0.7   # length-for-age and weight-for-age z within a child (modelling assumption)
DRAW_Z = 3.0                  # generated children lie within ±3 SD of the standard
RULE_Z = 4.0                  # the rule flags anything beyond ±4 SD (WHO calls beyond ±5-6 implausible)


class Growth:
    """(measure, sex) -> L, M, S arrays by month 0..60."""

    def __init__(self):
        t = read_table("medical", "growth.tsv")
        self.lms: dict[tuple[str, int], np.ndarray] = {}
        for (measure, sex), group in t.groupby(["measure", "sex"]):
            months = group["month"].astype(int).to_numpy()
            if not np.array_equal(months, np.arange(WHO_MONTHS + 1)):
                raise ValueError(f"growth.tsv must list months 0-{WHO_MONTHS} for {measure}/{sex}")
            self.lms[(measure, 0 if sex == "m" else 1)] = group[["L", "M", "S"]].astype(float).to_numpy()

    def parameters(self, measure: str, sex: np.ndarray, months: np.ndarray) -> tuple[np.ndarray, ...]:
        """L, M, S at fractional ages in months (linear between table months), per record."""
        months = np.clip(months, 0, WHO_MONTHS)
        lo = np.minimum(months.astype(np.int64), WHO_MONTHS - 1)
        t = (months - lo)[:, None]
        table = np.stack([self.lms[(measure, 0)], self.lms[(measure, 1)]])
        values = table[sex, lo] * (1 - t) + table[sex, lo + 1] * t
        return values[:, 0], values[:, 1], values[:, 2]

    def value(self, measure: str, sex, months, z) -> np.ndarray:
        """The measurement at z-score z (LMS inverse: M (1 + L S z)^(1/L))."""
        lam, m, s = self.parameters(measure, sex, months)
        return m * np.power(1 + lam * s * z, 1 / lam)

    def z_score(self, measure: str, sex, months, x) -> np.ndarray:
        lam, m, s = self.parameters(measure, sex, months)
        return (np.power(np.asarray(x, dtype=float) / m, lam) - 1) / (lam * s)


@lru_cache(maxsize=1)
def growth() -> Growth:
    return Growth()


def age_in_months(birth: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Fractional months from birth to day (WHO months of 30.4375 days)."""
    return (np.asarray(day, dtype="datetime64[D]") - np.asarray(birth, dtype="datetime64[D]")).astype(np.int64) \
        / DAYS_PER_MONTH


def interpolated_by_age(table: np.ndarray, sex: np.ndarray, years: np.ndarray) -> np.ndarray:
    """A yearly reference (sex, whole year) read at fractional ages: year n's value sits at n + 0.5."""
    position = np.clip(years - 0.5, 0, table.shape[1] - 1)
    lo = np.minimum(position.astype(np.int64), table.shape[1] - 2)
    t = position - lo
    return table[sex, lo] * (1 - t) + table[sex, lo + 1] * t


def under_five(months: np.ndarray) -> np.ndarray:
    return months < WHO_MONTHS


THRIVING_Z = -1.5     # a history says 体重增长可 only of a child whose weight-for-age is above this (WHO z-score)


def thriving(sex: np.ndarray, months: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Per record, whether a child under five weighs what the WHO standard expects at its age (z > THRIVING_Z);
    True from five years, where the history does not speak of weight gain."""
    out = np.ones(len(months), dtype=bool)
    small = under_five(months)
    if small.any():
        out[small] = growth().z_score("weight_kg", sex[small], months[small], weight[small]) > THRIVING_Z
    return out


UNDERWEIGHT_Z = -2.0   # WHO: weight-for-age below -2 SD is underweight, named in the plan (营养评估, 喂养指导)


def underweight(sex: np.ndarray, months: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Per record, whether a child under five weighs below -2 SD of the WHO weight-for-age (False from five)."""
    out = np.zeros(len(months), dtype=bool)
    small = under_five(months)
    if small.any():
        out[small] = growth().z_score("weight_kg", sex[small], months[small], weight[small]) < UNDERWEIGHT_Z
    return out
