"""Children's weight-based doses judged per day.

A label gives a child's dose per kilogram per dose (阿莫西林 40-45 mg/kg every 12 hours), and a guideline the same
per day (80-90 mg/(kg·d) in two doses); the ceiling that matters is the daily one, the adult label's daily maximum
(阿莫西林: 一日剂量不超过4g). Capped per dose at 1 g, a 48 kg child with pneumonia got 2 g a day, about 41 mg/kg a
day against 80-90 (a reader's implausible note). indication_doses.tsv gives the indication's `child_daily_max`;
doses._cap splits it over the day's doses.

Rule `child_daily_doses_fit_weight` reads every weight-based line of a child's prescription: the day's total (dose
times doses a day) lies within the label's per-kg range per day for the weight (with the rounding margins of
doses.measurable), or is the largest measurable dose at the daily maximum; and never above that maximum (the
indication's, else the children's or adult single maximum times the doses a day).
"""

from __future__ import annotations

import re
from functools import lru_cache

# doses a day per frequency (its first words; a course may follow: 每12小时一次，疗程7-10天)
PER_DAY = (("每日一次", 1), ("每晚一次", 1), ("每日两次", 2), ("每12小时一次", 2), ("每日三次", 3),
           ("每8小时一次", 3), ("每日四次", 4), ("每6小时一次", 4))
_PER_DAY = re.compile("|".join(re.escape(f) for f, _ in PER_DAY))
_COUNT = dict(PER_DAY)


def per_day(frequency: str) -> int | None:
    """Doses a day of a frequency (None for 必要时 and other counts a day does not fix)."""
    m = _PER_DAY.match(frequency or "")
    return _COUNT[m.group(0)] if m else None


@lru_cache(maxsize=65536)
def daily_fits(drug: int, dose: str, frequency: str, weight: float, condition: int = -1) -> bool:
    """Whether a child's line of `drug` (dose text, frequency) gives a day's total within the per-kg range per day
    for `weight`, or the largest measurable dose at the daily maximum, and never above that maximum. Cached:
    weights have one decimal."""
    from .data import catalogue
    from .doses import PER_KG_HIGH, PER_KG_LOW, _cap, measured, parse_child_dose, scale
    cat = catalogue()
    label = cat.child_label(drug, condition)[0]
    n = per_day(frequency)
    if label is None or label.low is None or not label.per_kg or n is None or label.unit not in ("mg", "g", "μg"):
        return True
    parsed = parse_child_dose(dose)
    if parsed is None:
        return False
    value = parsed[0] * scale(parsed[1]) / scale(label.unit)
    daily = value * n
    cap = _cap(drug, label.unit, condition)
    if cap is not None and daily > cap * n * (1 + 1e-9):
        return False
    within = PER_KG_LOW * label.low * weight * n <= daily <= PER_KG_HIGH * label.high * weight * n
    at_cap = cap is not None and abs(value - measured(cap, label.unit, cat.drug_strength[drug], cap)[0]) < 1e-6
    return within or at_cap


@lru_cache(maxsize=1)
def daily_drugs() -> "np.ndarray":
    """Per drug, whether some children's label of it (its own or an indication's) is weight-based with a
    frequency that fixes the doses a day: the only drugs daily_fits judges."""
    import numpy as np
    from .data import catalogue
    cat = catalogue()
    out = np.zeros(cat.n_drugs, dtype=bool)
    labels = [(d, cat.drug_child[d], cat.drug_child_frequency[d]) for d in range(cat.n_drugs)]
    labels += [(d, dose, freq) for (d, _), (dose, freq, _) in cat.indication_child.items()]
    for d, dose, freq in labels:
        out[d] |= dose is not None and dose.low is not None and dose.per_kg and per_day(str(freq)) is not None
    return out
