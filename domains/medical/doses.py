"""Children's doses a parent can give: whole or half tablets of a real strength, whole capsules, fractions of a
sachet, millilitres in measurable steps.

drugs.tsv gives each children's formulation its `strength` (0.25g/片, 0.125g/袋, 20mg/ml) and its `smallest`
measurable part (half a tablet, a whole capsule, a quarter sachet, 0.5 ml from a syringe, 0.1 ml from a
dropper). A weight-based dose is the label's mid-range per kg times the weight, rounded to the nearest
measurable amount and capped at the children's maximum or the adult dose; it is written with the amount a parent
is told: 150mg（7.5ml）, 62.5mg（半袋）, 0.25g（1片）. The formulation ages in drugs.tsv are chosen so that the
rounded dose stays near the label's range for every child of those ages (a 6-year-old gets 阿奇霉素干混悬剂,
not a tablet it cannot be dosed with); the rule `child_doses_are_measurable` checks it on every record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np

from .daily_doses import per_day
from .data import catalogue

UNIT_SCALE = {"g": 1000.0, "mg": 1.0, "μg": 0.001, "ml": 1.0}
# How far the rounded dose may lie from the label's per-kg range (rounding to half a tablet or a quarter sachet
# moves a small child's dose; beyond these a different formulation is needed).
PER_KG_LOW, PER_KG_HIGH = 0.7, 1.4
# Where a label splits a fixed child range by weight rather than at the default 20 kg (loratadine label:
# 2-12 years, 30 kg or less 5 mg, over 30 kg 10 mg).
FIXED_DOSE_SPLIT_KG = {"氯雷他定片": 30.0}
# Labels that give a children's dose by weight band: (up to kg, dose in the label's unit), the range's high end
# above the last band (oseltamivir label: 15 kg or less 30 mg, 15-23 kg 45 mg, 23-40 kg 60 mg, over 40 kg 75 mg).
WEIGHT_BANDS = {"磷酸奥司他韦颗粒": ((15.0, 30.0), (23.0, 45.0), (40.0, 60.0))}
LARGE_VOLUME = 100.0          # ml: oral rehydration volumes are measured with a cup, to 10 ml
LITRE_VOLUME = 500.0          # ml: from half a litre, to 50 ml (nobody is told to drink 2780 ml)


def volume_step(value: float) -> float:
    """The step a volume without a strength is measured in: 0.5 ml by syringe, 10 ml by cup, 50 ml by bottle."""
    return 50.0 if value >= LITRE_VOLUME else 10.0 if value >= LARGE_VOLUME else 0.5
_STRENGTH = re.compile(r"^(?P<amount>\d+(?:\.\d+)?)(?P<unit>g|mg|μg)/(?P<noun>片|粒|袋|ml)$")
_CHILD_DOSE = re.compile(r"^(?P<amount>\d+(?:\.\d+)?)(?P<unit>g|mg|μg|ml)(?:（(?P<count>[^）]+)）)?$")
_HALF = {Fraction(1, 2): "半"}


@dataclass(frozen=True)
class Strength:
    """One unit of a formulation: `amount` (in `unit`) per `noun`; `smallest` measurable part of a noun."""

    amount: float
    unit: str
    noun: str
    smallest: float

    @property
    def liquid(self) -> bool:
        return self.noun == "ml"

    def steps(self, count: float) -> float:
        """The measuring step for a quantity near `count` nouns: the smallest part below one unit, at least
        half a unit above it (one and a quarter sachets is not something a parent measures)."""
        return self.smallest if self.liquid or count < 1 else max(self.smallest, 0.5)


def parse_strength(text: str, smallest: str) -> Strength | None:
    m = _STRENGTH.match(text or "")
    if not m:
        return None
    return Strength(float(m.group("amount")), m.group("unit"), m.group("noun"), float(Fraction(smallest)))


def number(value: float) -> str:
    value = round(float(value), 4)
    return str(int(value)) if value.is_integer() else f"{value:g}"


@lru_cache(maxsize=4096)
def count_text(count: float, noun: str) -> str:
    """1 -> 1片, 0.5 -> 半片, 0.25 -> 1/4袋, 0.333 -> 1/3袋, 7.5 (ml) -> 7.5ml."""
    if noun == "ml":
        return f"{number(count)}ml"
    fraction = Fraction(count).limit_denominator(4)
    if fraction.denominator == 1:
        return f"{fraction.numerator}{noun}"
    if fraction in _HALF:
        return f"{_HALF[fraction]}{noun}"
    if fraction < 1:
        return f"{fraction.numerator}/{fraction.denominator}{noun}"
    return f"{number(count)}{noun}"


def parse_count(text: str, noun: str) -> float | None:
    """The inverse of count_text."""
    if not text.endswith(noun):
        return None
    body = text[: -len(noun)]
    if body == "半":
        return 0.5
    if "/" in body:
        top, _, bottom = body.partition("/")
        return int(top) / int(bottom) if top.isdigit() and bottom.isdigit() and int(bottom) else None
    try:
        return float(body)
    except ValueError:
        return None


def measured(value: float, unit: str, strength: Strength | None, at_most: float | None = None) -> tuple[float, str]:
    """A dose (value in `unit`) rounded to what can be measured, never above `at_most`, and the text of the
    amount given (empty when the dose is itself the measure)."""
    if strength is None:
        if unit != "ml":
            return value, ""
        # a volume without a strength (iron solution, rehydration salts)
        step = volume_step(value)
        count = max(step, round(value / step) * step)
        if at_most is not None and count > at_most + 1e-9:
            count = max(step, np.floor(at_most / step + 1e-9) * step)
        return float(count), ""
    per_noun = strength.amount * UNIT_SCALE[strength.unit] / UNIT_SCALE[unit]
    count = value / per_noun
    step = strength.steps(count)
    count = max(strength.smallest, round(count / step) * step)
    while at_most is not None and count * per_noun > at_most * (1 + 1e-9) and count > strength.smallest:
        count -= strength.steps(count - strength.smallest)
    return count * per_noun, count_text(count, strength.noun)


def dose_text(value: float, unit: str, amount: str) -> str:
    return f"{number(value)}{unit}" + (f"（{amount}）" if amount and amount != f"{number(value)}{unit}" else "")


def parse_child_dose(text: str) -> tuple[float, str, str | None] | None:
    """'150mg（7.5ml）' -> (150.0, 'mg', '7.5ml'); '10ml' -> (10.0, 'ml', None)."""
    m = _CHILD_DOSE.match(text or "")
    if not m:
        return None
    return float(m.group("amount")), m.group("unit"), m.group("count")


@lru_cache(maxsize=None)
def _cap(drug: int, unit: str, condition: int = -1) -> float | None:
    """The children's largest single dose for a weight-based dose, in its unit (children's maximum, else the
    adult dose; an indication's own maximum alone, since its dose is above the usual adult one, or its daily
    maximum split over the day's doses)."""
    cat = catalogue()
    own = cat.indication_child.get((drug, condition))
    limits = (own[2],) if own else (cat.drug_child_max[drug], cat.drug_adult[drug])
    caps = [c.high * UNIT_SCALE[c.unit] / UNIT_SCALE[unit] for c in limits
            if c is not None and c.low is not None and not c.per_kg and c.unit in UNIT_SCALE and unit in UNIT_SCALE]
    daily = cat.indication_child_daily.get((drug, condition))
    if daily is not None and own and unit in UNIT_SCALE:       # a daily maximum split over the day's doses
        caps.append(daily.high * UNIT_SCALE[daily.unit] / UNIT_SCALE[unit] / per_day(own[1]))
    return min(caps) if caps else None


@lru_cache(maxsize=65536)
def child_dose(drug: int, weight: float, condition: int = -1) -> str:
    """A child's dose: weight-based doses at the mid-range per kg for this weight, rounded to what can be
    measured and never above the children's maximum or the adult dose; fixed ranges take the low end under
    20 kg (or up to the label's FIXED_DOSE_SPLIT_KG) and the high end above; others as written; `condition`, the
    visit's reason, may have its own dose (indication_doses.tsv). Cached: weights have one decimal."""
    cat = catalogue()
    dose, strength = cat.child_label(drug, condition)[0], cat.drug_strength[drug]
    if dose.low is None:
        return dose.text
    if dose.per_kg:
        value, amount = measured((dose.low + dose.high) / 2 * weight, dose.unit, strength,
                                 _cap(drug, dose.unit, condition))
    elif str(cat.drug_name[drug]) in WEIGHT_BANDS:
        value, amount = measured(banded_dose(str(cat.drug_name[drug]), weight, dose.high), dose.unit, strength)
    else:
        split = FIXED_DOSE_SPLIT_KG.get(str(cat.drug_name[drug]))
        low = weight < 20 if split is None else weight <= split
        value, amount = measured(dose.low if low else dose.high, dose.unit, strength)
    return dose_text(value, dose.unit, amount)


def banded_dose(name: str, weight: float, above: float) -> float:
    """The dose of a weight-banded label (WEIGHT_BANDS) at this weight; `above` beyond its last band."""
    return next((dose for limit, dose in WEIGHT_BANDS[name] if weight <= limit), above)


@lru_cache(maxsize=65536)
def measurable(drug: int, dose: str, weight: float, condition: int = -1) -> bool:
    """Whether a child's dose of `drug` is a measurable amount of its formulation (whole or half tablets, whole
    capsules, fractions of a sachet, ml in its steps) that agrees with the amount written beside it, and, for a
    weight-based dose, near the label's per-kg range for this weight or at the cap."""
    cat = catalogue()
    label, strength = cat.child_label(drug, condition)[0], cat.drug_strength[drug]
    if label is None or label.low is None or label.unit not in UNIT_SCALE:
        return True    # drops, puffs, sachets counted on the label: doses_fit_age compares them with the label
    parsed = parse_child_dose(dose)
    if parsed is None:
        return False
    value, unit, amount = parsed
    step = 0.0          # the measuring step at this dose, in `unit`
    if strength is not None:
        if amount is None and not (strength.liquid and unit == "ml"):
            return False
        per_noun = strength.amount * UNIT_SCALE[strength.unit] / UNIT_SCALE.get(unit, 1.0)
        count = value / per_noun if amount is None else parse_count(amount, strength.noun)
        if count is None or count < strength.smallest - 1e-9:
            return False
        steps = count / strength.steps(count)
        if abs(steps - round(steps)) > 1e-6 or abs(count * per_noun - value) > 1e-6 * max(1.0, value):
            return False
        step = strength.steps(count) * per_noun
    elif unit == "ml":
        step = volume_step(value)
        if abs(value / step - round(value / step)) > 1e-6:
            return False
    if not label.per_kg:
        if str(cat.drug_name[drug]) in WEIGHT_BANDS:
            return abs(value * scale(unit) / scale(label.unit)
                       - banded_dose(str(cat.drug_name[drug]), weight, label.high)) < 1e-6
        return label.low <= value * scale(unit) / scale(label.unit) <= label.high
    factor = scale(unit) / scale(label.unit)
    value, step = value * factor, step * factor
    cap = _cap(drug, label.unit, condition)
    if cap is not None and value > cap * (1 + 1e-9):
        return False
    near = PER_KG_LOW * label.low * weight <= value <= PER_KG_HIGH * label.high * weight
    # At the cap: the largest measurable amount not above it, for a child whose weight-based dose reaches it.
    capped = cap is not None and value > cap - step - 1e-9 and (label.low + label.high) / 2 * weight >= cap
    return near or capped


def scale(unit: str) -> float:
    return UNIT_SCALE.get(unit, 1.0)
