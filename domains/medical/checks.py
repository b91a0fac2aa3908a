"""Checks behind the medical domain's rules: each reads only output fields (plus options["as_of"]) and
returns one boolean per record, True where the record obeys the rule.

The rules run on every generated batch and in the tests on the output frame. Parsing the list fields
(diagnoses, medications) and the complaint is shared between rules through `parsed(columns)`, which caches the
result for the batch being checked.
"""

from __future__ import annotations

import operator
import re
import weakref
from functools import lru_cache
from itertools import chain, repeat

import numpy as np

from synth import dates, idcard, speedups

from .breathing import BREATHLESS, NOT_AT_REST, at_rest, fast_floor
from .sections import ACTIVITY_BY_ABILITY_FROM, OVERWEIGHT_BMI, SPUTUM_SOUNDS_UNDER
from .age_doses import adjusted_drugs, adjusted_line
from .pressor import pressor_mask, pressor_rows, raised
from .start_doses import REDUCED_START, START_LINES
from .interactions import interacting_rows, nsaid_gate
from .rehydration import ORS_CLASS, gut_gate, rehydration_line, shows_dehydration
from .data import (BP_DIASTOLIC, BP_SYSTOLIC, DIABETIC_GLUCOSE, FEVER_THRESHOLD, PAEDIATRIC_AGE, REPORTED,
                   catalogue, unsayable_words, visit_masks)
from .courses import COURSE_WORD, antibacterial_drugs
from .doses import child_dose, measurable
from .growth import RULE_Z, age_in_months, growth
from .model import drug_table, indication_masks
from .text import detail_pattern, negated_terms

FEVER_IN_COMPLAINT = ("发热", "高热")
_DURATION = re.compile(r"(\d+)(天|周|月|年)")
DEFAULT_AS_OF = np.datetime64("2025-01-01", "D")


def _column(columns, name) -> np.ndarray:
    values = columns[name]
    return values.to_numpy() if hasattr(values, "to_numpy") else np.asarray(values)


def _lists(columns, name) -> list:
    """A column as a list; the column's values are read out once per batch however many rules ask (text columns
    of NumPy strings make a Python string per value), and every caller gets the same list: read it, never change
    it (a copy for each of the hundred callers cost as much as reading the column)."""
    values = columns[name]
    if not hasattr(values, "tolist"):
        return list(values)
    return _memo(columns, "list:" + name, (name,), lambda c: c[name].tolist())


class Parsed:
    """Per record: diagnosis condition ids (primary first) and their mask, drug ids, and which drugs are on.

    From an output frame the lists are parsed (unknown codes, names or drugs are marked bad); while generating,
    the engine passes the batch's hidden columns too, and the same indices are taken from `_ids` and `_case`,
    from which `diagnoses` and `medications` were just built.
    """

    def __init__(self, columns):
        cat = catalogue()
        n = len(columns["diagnoses"])
        fast = "_ids" in columns and "_case" in columns
        if fast:
            case = columns["_case"]
            self.ids = columns["_ids"].tolist()
            # the conditions as `diagnoses` lists them (a healed, untreated past ulcer is past history only)
            self.mask = visit_masks(case)
            for i in np.flatnonzero(self.mask != case["listed"]).tolist():
                self.ids[i] = [c for c in self.ids[i] if (int(self.mask[i]) >> c) & 1]
            self.drugs = case["drugs"].tolist()
            self.bad_diagnoses = np.zeros(n, dtype=bool)
            # the prescription replaces a pressor cold remedy beside a raised pressure (pressor.py): read those rows
            rows = pressor_rows(case["drugs"], _column(columns, "sbp"), _column(columns, "dbp")).tolist()
            meds = _lists(columns, "medications") if rows else None
            for i in rows:
                self.drugs[i] = [cat.drug_index.get(m["name"], -1) for m in meds[i]]
        else:
            by_code, names = cat.by_code, cat.name.tolist()
            drug_index = cat.drug_index
            self.ids, bad = [], []
            for row in _lists(columns, "diagnoses"):
                try:
                    ids = [by_code[d["code"]] for d in row]
                    ok = bool(ids) and all(names[i] == d["name"] or cat.variant_codes.get(d["code"]) == d["name"]
                                           for i, d in zip(ids, row))
                except (KeyError, TypeError):
                    ids, ok = [], False
                self.ids.append(ids)
                bad.append(not ok)
            self.bad_diagnoses = np.array(bad, dtype=bool)
            self.drugs = []
            for row in _lists(columns, "medications"):
                try:
                    self.drugs.append([drug_index.get(m["name"], -1) for m in row])
                except (KeyError, TypeError):
                    self.drugs.append([-1])
        if fast:
            # bit c of each mask as column c: the masks' little-endian bytes unpacked (one pass, no (records, n) shifts)
            bits = np.unpackbits(np.ascontiguousarray(self.mask, dtype="<i8").view(np.uint8).reshape(n, 8), axis=1,
                                 bitorder="little")
            self.listed = np.ascontiguousarray(bits[:, :cat.n]).view(bool)
            self.primary = case["primary"].astype(np.int64)
        else:
            lengths = np.fromiter(map(len, self.ids), dtype=np.int64, count=n)
            flat = np.fromiter(chain.from_iterable(self.ids), dtype=np.int64, count=int(lengths.sum()))
            self.listed = np.zeros((n, cat.n), dtype=bool)
            self.listed[np.repeat(np.arange(n), lengths), flat] = True
            self.mask = (self.listed * cat.bit[None, :]).sum(axis=1)
            self.primary = np.full(n, -1, dtype=np.int64)
            starts = np.cumsum(lengths) - lengths
            has = lengths > 0
            self.primary[has] = flat[starts[has]]
        counts = np.fromiter(map(len, self.drugs), dtype=np.int64, count=n)
        drugs = np.fromiter(chain.from_iterable(self.drugs), dtype=np.int64, count=int(counts.sum()))
        owner = np.repeat(np.arange(n), counts)     # per prescribed drug, its record
        known = drugs >= 0
        self.unknown_drug = np.bincount(owner[~known], minlength=n) > 0
        self.on_drug = np.zeros((n, cat.n_drugs), dtype=bool)
        self.on_drug[owner[known], drugs[known]] = True
        # A drug listed twice shows as fewer drugs on than listed.
        self.duplicate_drug = self.on_drug.sum(axis=1) < counts - self.unknown_drug
        # The drug lists as a (records, longest list) table, -1 for padding and unknown drugs.
        self.table = drug_table(self.drugs)
        self._filled = self.table >= 0
        self._slot = np.maximum(self.table, 0)

    def takes(self, drugs: np.ndarray) -> np.ndarray:
        """Per record, whether it is on one of `drugs` (booleans per drug): (on_drug & drugs).any(axis=1), read at
        the record's prescription slots rather than across every drug."""
        return (np.asarray(drugs, dtype=bool)[self._slot] & self._filled).any(axis=1)

    def takes_outside(self, allowed: np.ndarray) -> np.ndarray:
        """Per record, whether it is on a drug `allowed` ((records, drugs) booleans) does not allow it:
        (on_drug & ~allowed).any(axis=1), read at the record's prescription slots."""
        return (~np.take_along_axis(allowed, self._slot, axis=1) & self._filled).any(axis=1)


def every_drug_treats(p: Parsed, conditions: np.ndarray) -> np.ndarray:
    """Per record, whether each known drug of it is indicated for one of `conditions` (a 64-bit condition mask
    per record): one lookup per prescription slot rather than a (records, conditions) x (conditions, drugs)
    product."""
    fits = (indication_masks(catalogue())[np.maximum(p.table, 0)] & conditions[:, None]) != 0
    return (fits | (p.table < 0)).all(axis=1)


def lists_any(p: Parsed, conditions: np.ndarray) -> np.ndarray:
    """Per record, whether it lists one of `conditions` (booleans per condition): (p.listed & conditions).any(axis=1)
    as one AND of its 64-bit condition mask (Parsed.mask, bit c for condition c) instead of a (records, conditions)
    matrix."""
    return (p.mask & catalogue().bit[np.asarray(conditions, dtype=bool)].sum(dtype=np.int64)) != 0


@lru_cache(maxsize=1)
def _eligible_bits() -> np.ndarray:
    """catalogue().eligible ((sex, age, condition) booleans) as (sex, age) condition masks."""
    cat = catalogue()
    return (cat.eligible.astype(np.int64) * cat.bit).sum(axis=2, dtype=np.int64)


def two_drugs_related(p: Parsed, related: np.ndarray) -> np.ndarray:
    """Per record, whether two different known drugs of it are `related` ((drugs, drugs) booleans)."""
    table, out = p.table, np.zeros(len(p.table), dtype=bool)
    drug = np.maximum(table, 0)
    for i in range(table.shape[1]):
        for j in range(i + 1, table.shape[1]):
            out |= (table[:, i] >= 0) & (table[:, j] >= 0) & (table[:, i] != table[:, j]) & \
                related[drug[:, i], drug[:, j]]
    return out


@lru_cache(maxsize=1)
def _drug_relations() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(drugs, drugs): sharing an active ingredient; of one class group; sharing an ingredient class
    (ingredient_classes.tsv)."""
    cat = catalogue()
    ingredients = cat.drug_ingredients.astype(np.float32)
    classes = cat.drug_ingredient_classes.astype(np.float32)
    return (ingredients @ ingredients.T) > 0.5, cat.drug_group[:, None] == cat.drug_group[None, :], \
        (classes @ classes.T) > 0.5


_cache: dict = {"key": None, "ref": None, "value": None}


def parsed(columns) -> Parsed:
    """The parse of this batch's list fields, computed once for all rules."""
    values = columns["diagnoses"]
    key = (id(values), len(values))
    ref = _cache["ref"]
    if _cache["key"] == key and ref is not None and ref() is values:
        return _cache["value"]
    value = Parsed(columns)
    try:
        _cache.update(key=key, ref=weakref.ref(values), value=value)
    except TypeError:
        _cache.update(key=None, ref=None, value=None)
    return value


def ages_sexes(columns) -> tuple[np.ndarray, np.ndarray]:
    """Per record, the age in years and the sex (1 for a woman), read once per batch for the thirty rules that ask
    (the arrays are read-only: they are shared)."""
    return _memo(columns, "ages_sexes", ("age", "sex"), _compute_ages_sexes)


def _compute_ages_sexes(columns) -> tuple[np.ndarray, np.ndarray]:
    age = _column(columns, "age").astype(np.int64)
    sex = (_column(columns, "sex") == "女").astype(np.int64)
    age.flags.writeable = sex.flags.writeable = False
    return age, sex


# -- identity --------------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def county_codes() -> frozenset:
    from ..persons import divisions

    return frozenset(str(c) for c in divisions().code.tolist())


def _codepoints(values, width: int) -> np.ndarray:
    """(records, width) Unicode code points of fixed-width strings (shorter ones padded with 0)."""
    array = np.asarray(values, dtype=f"<U{width}")
    return array.view(np.uint32).reshape(len(array), width)


@lru_cache(maxsize=1)
def county_code_array() -> np.ndarray:
    """Every region code an ID number may carry: current county codes and the former ones numbers issued before
    a county was created or recoded still carry (synth.division_history)."""
    from synth import division_history

    return division_history.history().id_codes


def _id_points(columns) -> np.ndarray:
    """(records, 19) code points of the ID numbers, once per batch for the identity and masking rules (read-only)."""
    return _memo(columns, "id_points", ("id_number",), _compute_id_points)


def _compute_id_points(columns) -> np.ndarray:
    points = _codepoints(_lists(columns, "id_number"), 19)
    points.flags.writeable = False
    return points


def _days(columns, name: str) -> np.ndarray:
    """A date column (ISO text) as datetime64[D], parsed once per batch for the rules on ages and dates
    (read-only)."""
    return _memo(columns, "days:" + name, (name,), lambda c: _compute_days(c, name))


def _compute_days(columns, name: str) -> np.ndarray:
    days = np.array(_lists(columns, name), dtype="datetime64[D]")
    days.flags.writeable = False
    return days


def _ymd(columns, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """dates.ymd of a date column, once per batch (read-only)."""
    return _memo(columns, "ymd:" + name, (name,), lambda c: _compute_ymd(c, name))


def _compute_ymd(columns, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    parts = dates.ymd(_days(columns, name))
    for part in parts:
        part.flags.writeable = False
    return parts


def _birth_digits(columns) -> np.ndarray:
    """(records, 8) code points of the birth dates without their hyphens (1990-05-17 -> 19900517, as
    str.replace("-", "") gives them): the ISO dates' digits picked column-wise, any other text replaced one by one."""
    births = _lists(columns, "birth_date")
    points = _codepoints(births, 11)
    hyphen = points == ord("-")
    iso = hyphen[:, 4] & hyphen[:, 7] & (hyphen.sum(axis=1) == 2) & (points[:, 9] != 0) & (points[:, 10] == 0)
    out = points[:, [0, 1, 2, 3, 5, 6, 8, 9]]
    if not iso.all():
        rows = np.flatnonzero(~iso)
        out[rows] = _codepoints([births[i].replace("-", "") for i in rows.tolist()], 8)
    return out


def identity_agrees(columns, options) -> np.ndarray:
    """The ID number has a real county code and the sex parity; unmasked, it encodes the birth date and has a
    valid check character."""
    points = _id_points(columns)
    # digits as unsigned differences from "0": anything below "0" wraps past 9
    digits = points[:, :17] - np.uint32(ord("0"))
    is_digit = digits <= 9
    digits17 = is_digit.all(axis=1)
    length_ok = (points[:, 17] != 0) & (points[:, 18] == 0)
    county = digits[:, :6].astype(np.int64) @ 10 ** np.arange(5, -1, -1, dtype=np.int64)
    codes = county_code_array()
    at = np.minimum(np.searchsorted(codes, county), len(codes) - 1)
    county_ok = is_digit[:, :6].all(axis=1) & (codes[at] == county)
    male = _column(columns, "sex") == "男"
    parity_ok = is_digit[:, 16] & ((digits[:, 16] % 2 == 1) == male)
    masked = (points[:, 6:14] == ord("*")).all(axis=1)
    born_ok = (points[:, 6:14] == _birth_digits(columns)).all(axis=1) & digits17
    check = np.frombuffer(b"10X98765432", dtype=np.uint8).astype(np.uint32)[
        (np.where(is_digit, digits, 0).astype(np.int64) @ np.array(idcard.WEIGHTS, dtype=np.int64)) % 11]
    check_ok = points[:, 17] == check
    allowed_mask = bool(options.get("mask", True))
    return length_ok & county_ok & parity_ok & np.where(masked, allowed_mask, born_ok & check_ok)


def masking_follows_option(columns, options) -> np.ndarray:
    """mask=true: 张** names, 138****5678 phones, 110105********1234 IDs; mask=false: none of them masked."""
    star = ord("*")
    names = _codepoints(_lists(columns, "name"), 8)
    phones = _codepoints(_lists(columns, "phone"), 12)
    ids = _id_points(columns)
    name_length = (names != 0).sum(axis=1)
    name_stars = (names == star).sum(axis=1)
    phone_digits = ((phones >= ord("0")) & (phones <= ord("9"))).sum(axis=1)
    phone_ok = (phones[:, 10] != 0) & (phones[:, 11] == 0)
    if bool(options.get("mask", True)):
        last = names[np.arange(len(names)), np.maximum(name_length - 1, 0)]
        return (names[:, 0] != star) & (name_stars >= 1) & (last == star) & phone_ok & \
            (phones[:, 3:7] == star).all(axis=1) & (phone_digits == 7) & (ids[:, 6:14] == star).all(axis=1)
    return (name_stars == 0) & (name_length >= 2) & phone_ok & (phone_digits == 11) & ~(ids == star).any(axis=1)


def age_is_whole_years_at_visit(columns, options) -> np.ndarray:
    by, bm, bd = _ymd(columns, "birth_date")
    y, m, d = _ymd(columns, "visit_date")
    age = y - by - ((m < bm) | ((m == bm) & (d < bd))).astype(np.int64)
    return age == _column(columns, "age").astype(np.int64)


def visit_in_window(columns, options) -> np.ndarray:
    visit, birth = _days(columns, "visit_date"), _days(columns, "birth_date")
    as_of = np.datetime64(options.get("as_of", DEFAULT_AS_OF), "D")
    window = np.timedelta64(int(options.get("visit_window_days", 365)), "D")
    return (visit <= as_of) & (visit > as_of - window) & (visit > birth)


# -- blood pressure, glucose, fever ----------------------------------------------------------------------------
def high_pressure(columns) -> np.ndarray:
    return (_column(columns, "sbp") >= BP_SYSTOLIC) | (_column(columns, "dbp") >= BP_DIASTOLIC)


@lru_cache(maxsize=1)
def _drug_names_longest_first() -> list[tuple[int, str]]:
    cat = catalogue()
    return sorted(enumerate(cat.drug_name.tolist()), key=lambda x: -len(x[1]))


def home_drugs(columns) -> np.ndarray:
    """(records, drugs): drugs the past history says the patient takes (prescribed by another department).

    While generating they come from the case's `home` drugs; from a file, from the drug names in past_history.
    Computed once per batch (the hypertension and the diabetes rules both ask).
    """
    return _memo(columns, "home", ("_case",) if "_case" in columns else ("past_history",), _compute_home_drugs)


def _compute_home_drugs(columns) -> np.ndarray:
    cat = catalogue()
    if "_case" in columns:
        from .model import drug_table
        table = drug_table(columns["_case"]["home"])
        out = np.zeros((len(table), cat.n_drugs + 1), dtype=bool)      # the last column takes the -1 padding
        out[np.arange(len(table))[:, None], table] = True
        return out[:, :-1]
    history = _lists(columns, "past_history")
    out = np.zeros((len(history), cat.n_drugs), dtype=bool)
    names = _drug_names_longest_first()
    for i, h in enumerate(history):
        if "服用" in h or "使用" in h:
            for d, name in names:
                if name in h:
                    out[i, d] = True
    return out


def hypertension_evidenced(columns, options) -> np.ndarray:
    cat, p = catalogue(), parsed(columns)
    on_drug = p.takes(cat.antihypertensive) | home_drugs(columns)[:, cat.antihypertensive].any(axis=1)
    return ~p.listed[:, cat.hypertension] | high_pressure(columns) | on_drug


def high_pressure_explained(columns, options) -> np.ndarray:
    cat, p = catalogue(), parsed(columns)
    noted = _text_has_any(columns, "plans", ("血压升高",))
    return ~high_pressure(columns) | p.listed[:, cat.hypertension] | noted


def diabetes_evidenced(columns, options) -> np.ndarray:
    cat, p = catalogue(), parsed(columns)
    on_drug = p.takes(cat.glucose_lowering) | home_drugs(columns)[:, cat.glucose_lowering].any(axis=1)
    high = _column(columns, "fasting_glucose").astype(float) >= DIABETIC_GLUCOSE
    return ~p.listed[:, cat.diabetes] | high | on_drug


def high_glucose_explained(columns, options) -> np.ndarray:
    cat, p = catalogue(), parsed(columns)
    high = _column(columns, "fasting_glucose").astype(float) >= DIABETIC_GLUCOSE
    noted = _text_has_any(columns, "plans", ("血糖升高",))
    return ~high | p.listed[:, cat.diabetes] | noted


def complaint_has_fever(columns) -> np.ndarray:
    return _column_has_any(columns, "chief_complaint", FEVER_IN_COMPLAINT)


def fever_diagnosis_febrile(columns, options) -> np.ndarray:
    cat, p = catalogue(), parsed(columns)
    has = lists_any(p, cat.fever)
    febrile = _column(columns, "temperature").astype(float) >= FEVER_THRESHOLD - 1e-9
    return ~has | (febrile & complaint_has_fever(columns))


def fever_explained(columns, options) -> np.ndarray:
    cat, p = catalogue(), parsed(columns)
    febrile = _column(columns, "temperature").astype(float) >= FEVER_THRESHOLD - 1e-9
    has = lists_any(p, cat.fever)
    return ~febrile | (has & complaint_has_fever(columns))


def complained_fever_measured(columns, options) -> np.ndarray:
    febrile = _column(columns, "temperature").astype(float) >= FEVER_THRESHOLD - 1e-9
    return ~complaint_has_fever(columns) | febrile


# -- who may have what -------------------------------------------------------------------------------------------
def pregnancy_fits(columns, options) -> np.ndarray:
    cat, p = catalogue(), parsed(columns)
    age, sex = ages_sexes(columns)
    pregnant = lists_any(p, cat.pregnancy)
    return ~pregnant | ((sex == 1) & (age >= 15) & (age <= 50))


def prostate_fits(columns, options) -> np.ndarray:
    cat, p = catalogue(), parsed(columns)
    _, sex = ages_sexes(columns)
    return ~lists_any(p, cat.prostate) | (sex == 0)


def paediatrics_fits(columns, options) -> np.ndarray:
    age, _ = ages_sexes(columns)
    return (_column(columns, "department") != "儿科") | (age < PAEDIATRIC_AGE)


def department_fits(columns, options) -> np.ndarray:
    cat, p = catalogue(), parsed(columns)
    age, sex = ages_sexes(columns)
    expected = np.where(age < PAEDIATRIC_AGE, "儿科", cat.department[np.maximum(p.primary, 0)])
    women_only = np.isin(_column(columns, "department"), ["妇科", "产科"])
    return (_column(columns, "department") == expected) & (p.primary >= 0) & (~women_only | (sex == 1))


def no_adult_chronic_in_children(columns, options) -> np.ndarray:
    cat, p = catalogue(), parsed(columns)
    age, _ = ages_sexes(columns)
    return (age >= PAEDIATRIC_AGE) | ~lists_any(p, cat.adult_chronic)


def diagnoses_fit_age_and_sex(columns, options) -> np.ndarray:
    cat, p = catalogue(), parsed(columns)
    age, sex = ages_sexes(columns)
    # (p.listed & ~cat.eligible[sex, age]).any(axis=1), as condition masks
    eligible = _eligible_bits()[sex, np.minimum(age, 120)]
    return ((p.mask & ~eligible) == 0) & ~p.bad_diagnoses


# -- body measurements -------------------------------------------------------------------------------------------
def bmi_consistent(columns, options) -> np.ndarray:
    h = _column(columns, "height_cm").astype(float) / 100
    w = _column(columns, "weight_kg").astype(float)
    return np.abs(_column(columns, "bmi").astype(float) - w / h ** 2) <= 0.05 + 1e-9


def body_fits_age(columns, options) -> np.ndarray:
    """From five years: within the yearly reference (under five `growth_fits_age_in_months` checks instead)."""
    cat = catalogue()
    age, sex = ages_sexes(columns)
    a = np.minimum(age, 120)
    h = _column(columns, "height_cm").astype(float)
    bmi = _column(columns, "bmi").astype(float)
    return (age < 5) | (h >= cat.height_low[sex, a]) & (h <= cat.height_high[sex, a]) & \
        (bmi >= cat.bmi_low[sex, a] - 0.05) & (bmi <= cat.bmi_high[sex, a] + 0.05)


def growth_fits_age_in_months(columns, options) -> np.ndarray:
    """Under five, height-for-age and weight-for-age within RULE_Z of the WHO standard at the age in months, and
    weight no further from the height's z-score than RULE_Z (a child is not heavy as a toddler and long as a
    newborn)."""
    age, sex = ages_sexes(columns)
    out = np.ones(len(age), dtype=bool)
    small = np.flatnonzero(age < 5)
    if len(small):
        birth = np.array(_column(columns, "birth_date")[small].tolist(), dtype="datetime64[D]")
        visit = np.array(_column(columns, "visit_date")[small].tolist(), dtype="datetime64[D]")
        g, s, m = growth(), sex[small], age_in_months(birth, visit)
        z_h = g.z_score("height_cm", s, m, _column(columns, "height_cm").astype(float)[small])
        z_w = g.z_score("weight_kg", s, m, _column(columns, "weight_kg").astype(float)[small])
        out[small] = (np.abs(z_h) <= RULE_Z) & (np.abs(z_w) <= RULE_Z) & (np.abs(z_w - z_h) <= RULE_Z)
    return out


def obesity_matches_bmi(columns, options) -> np.ndarray:
    cat, p = catalogue(), parsed(columns)
    age, sex = ages_sexes(columns)
    a = np.minimum(age, 120)
    obese_bmi = _column(columns, "bmi").astype(float) >= cat.obesity_bmi[sex, a] - 1e-9
    checked = age >= cat.age_min[cat.obesity]
    return ~checked | (obese_bmi == p.listed[:, cat.obesity])


def vitals_physiological(columns, options) -> np.ndarray:
    sbp, dbp = _column(columns, "sbp"), _column(columns, "dbp")
    hr, rr = _column(columns, "heart_rate"), _column(columns, "resp_rate")
    t = _column(columns, "temperature").astype(float)
    g = _column(columns, "fasting_glucose").astype(float)
    return (sbp >= 50) & (sbp <= 250) & (dbp >= 30) & (dbp <= sbp - 20) & (hr >= 40) & (hr <= 200) & \
        (rr >= 8) & (rr <= 70) & (t >= 35.0) & (t <= 42.0) & (np.isnan(g) | ((g >= 2.5) & (g <= 30)))


def breathless_history_breathes_fast(columns, options) -> np.ndarray:
    """A history telling breathlessness at rest (breathing.py) goes with a fast respiratory rate."""
    age, sex = ages_sexes(columns)
    texts = _strings(columns, "present_illness")
    fast = _column(columns, "resp_rate") >= fast_floor(np.minimum(age, 120), sex)
    # a history is read (at_rest) only where it names a breathless word beside a rate that is not fast
    said = _text_has_any(columns, "present_illness", BREATHLESS) & ~fast
    said[said] = _at_rest_column([texts[k] for k in np.flatnonzero(said).tolist()])
    return ~said | fast


def _at_rest_column(texts: list[str]) -> np.ndarray:
    """breathing.at_rest of each text: the negated and exertional phrases cut from all of them in one regex pass
    over the texts joined by line breaks (no phrase holds one, so none is cut across two texts, and each text is
    cut as on its own), then one scan for the breathless words (at_rest cut its text once per word it tried)."""
    if not texts or any("\n" in t for t in texts):
        return np.fromiter(map(at_rest, texts), dtype=bool, count=len(texts))
    return _has_any(NOT_AT_REST.sub("", "\n".join(texts)).split("\n"), BREATHLESS)


# -- drugs ---------------------------------------------------------------------------------------------------------
def drugs_indicated(columns, options) -> np.ndarray:
    p = parsed(columns)
    return every_drug_treats(p, p.mask) & ~p.unknown_drug


def without_course(line: dict) -> dict:
    """A medication line with an antibacterial course cut from its frequency (每日三次，疗程10天 -> 每日三次)."""
    head, _, tail = line["frequency"].rpartition("，")
    return {**line, "frequency": head} if head and tail.startswith(COURSE_WORD) and not tail.startswith("疗程不超过") \
        else line


def doses_fit_age(columns, options) -> np.ndarray:
    cat, p = catalogue(), parsed(columns)
    age, _ = ages_sexes(columns)
    weights = _column(columns, "weight_kg").astype(float).tolist()
    adult_line = [(d.text if d is not None else None, f, r) for d, f, r in
                  zip(cat.drug_adult, cat.drug_adult_frequency.tolist(), cat.drug_route.tolist())]
    adult_dict = [{"name": str(n), "dose": t, "frequency": f, "route": r}
                  for n, (t, f, r) in zip(cat.drug_name.tolist(), adult_line)]
    routes = cat.drug_route.tolist()
    ors_mask = cat.drug_class == ORS_CLASS
    ors = ors_mask.tolist()
    banded = adjusted_drugs(cat)
    # records with a rehydration or age-banded line take the slow path (one matrix test finds them)
    varies = cat.drug_adult_varies.tolist()      # an indication's own adult dose (indication_doses.tsv)
    # a renally cleared drug begun today may take its start line (its own rule: start_doses_on_kidney_function)
    starting = np.zeros(len(cat.drug_name), dtype=bool)
    starting[[cat.drug_index[name] for name in START_LINES]] = True
    start_lines = {cat.drug_index[name]: {line, REDUCED_START.get(name, line)} for name, line in START_LINES.items()}
    # per drug, whether a line of it may differ from the label's adult line (banded, varying or a start line)
    own_line = [bool(b or v or s) for b, v, s in zip(banded, varies, starting.tolist())]
    by_kind = p.takes(ors_mask), p.takes(np.array(banded)), p.takes(cat.drug_adult_varies)    # ORS, banded, varying
    special = (by_kind[0] | by_kind[1] | by_kind[2]).tolist()
    begins = p.takes(starting).tolist()
    months = list(map(int, _months_of(columns).tolist()))       # whole months, as int() of each took them
    exams = _lists(columns, "exam_findings")
    primary = p.primary.tolist()
    lines: dict = {}

    def banded_line(d: int, a: int, m: int):
        """adjusted_line, once per drug, age and (under 14, where the months count) age in months."""
        key = (d, a, m if a < PAEDIATRIC_AGE else -1)
        if key not in lines:
            lines[key] = adjusted_line(cat, d, a, m)
        return lines[key]

    # an antibacterial's course (courses.py, its own rule) is not part of the dose
    coursed = p.takes(antibacterial_drugs(cat)).tolist()
    all_drugs, all_meds, ages = p.drugs, _lists(columns, "medications"), age.tolist()

    def judge(i: int) -> bool:
        """One record's verdict, read from its drugs and medication dicts."""
        drugs, meds, a, w = all_drugs[i], all_meds[i], ages[i], weights[i]
        if len(drugs) != len(meds):
            return False
        if coursed[i]:
            meds = [without_course(m) for m in meds]
        if not special[i] and a >= PAEDIATRIC_AGE and -1 not in drugs:
            same = meds == [adult_dict[d] for d in drugs]
            if same or not begins[i]:
                return same
        rehydration = next((k for k, d in enumerate(drugs) if d >= 0 and ors[d]), -1) if special[i] else -1
        if rehydration >= 0:
            # oral rehydration salts: by dehydration (shown in the exam), weight and age (rehydration.py)
            m = meds[rehydration]
            expected = rehydration_line(months[i], w, shows_dehydration(exams[i]))
            if (m.get("dose"), m.get("frequency"), m.get("route")) != (*expected, routes[drugs[rehydration]]):
                return False
            drugs = [d for k, d in enumerate(drugs) if k != rehydration]
            meds = [x for k, x in enumerate(meds) if k != rehydration]
        if a >= PAEDIATRIC_AGE and -1 not in drugs and not any(map(own_line.__getitem__, drugs)):
            return meds == [adult_dict[d] for d in drugs]
        for d, m in zip(drugs, meds):
            if d < 0:
                return False
            elif starting[d] and a >= PAEDIATRIC_AGE:
                ok = m.get("route") == routes[d] and (m == adult_dict[d] or (m.get("dose"), m.get("frequency"))
                                                      in start_lines[d])
            elif banded[d] and (line := banded_line(d, a, months[i])) is not None:
                ok = (m.get("dose"), m.get("frequency"), m.get("route")) == (line["dose"], line["frequency"],
                                                                             routes[d])
            elif a >= PAEDIATRIC_AGE:
                line = (*cat.adult_line(d, primary[i]), routes[d]) if varies[d] else adult_line[d]
                ok = line == (m.get("dose"), m.get("frequency"), m.get("route"))
            elif m.get("route") != routes[d]:
                ok = False
            else:
                ok = (m.get("frequency") == cat.child_label(d, primary[i])[1]
                      and m.get("dose") == child_dose(d, w, primary[i]))
            if not ok:
                return False
        return True

    groups = _line_groups(columns, p, age, weights, months, *by_kind)
    if groups is None:      # records read from a file: no line ids, each record read on its own
        return np.fromiter(map(judge, range(len(all_drugs))), dtype=bool, count=len(all_drugs))
    group, first, alone = groups
    out = np.fromiter(map(judge, first.tolist()), dtype=bool, count=len(first))[group]
    for i in alone.tolist():
        out[i] = judge(i)
    return out


def _line_ids(columns) -> np.ndarray | None:
    """The batch's prescription line ids ((records, MAX_DRUGS), -1 after each record's last line; the hidden field
    _lines, prescriptions.py), or None where the records were read without hidden fields."""
    if "_lines" not in columns:
        return None
    values = np.asarray(columns["_lines"])
    return values["line"] if values.dtype.names else values


def spelled_lines(columns, p: Parsed):
    """(line ids, the records read alone: those whose line ids do not spell their drugs), or None without line ids
    (records read from a file)."""
    codes = _line_ids(columns)
    if codes is None or p.table.shape[1] > codes.shape[1]:
        return None
    from .prescriptions import LINE_DRUGS
    width = p.table.shape[1]
    line_drugs = np.append(np.asarray(LINE_DRUGS, dtype=np.int64), -1)[codes]     # -1 -> -1 (the last entry)
    spelled = p.table == line_drugs[:, :width]
    alone = ~(spelled.all(axis=1) & (line_drugs[:, width:] < 0).all(axis=1) & ~p.unknown_drug)
    return codes, alone


def line_key(codes: np.ndarray, alone: np.ndarray) -> list:
    """The grouping columns of the line ids (sections.grouped): whether read alone, then each slot's line id."""
    from .prescriptions import LINE_DRUGS
    return [(alone, 2)] + [(np.where(alone, 0, codes[:, k].astype(np.int64) + 1), len(LINE_DRUGS) + 1)
                           for k in range(codes.shape[1])]


def _line_groups(columns, p: Parsed, age, weights: list, months: list, by_ors, by_banded, by_varies):
    """doses_fit_age's records grouped by all it reads of them: the prescription's line ids (and so its drugs and
    dicts), and, only where one of its lines reads them, the age (a child's, or an adult's beside an age-banded
    drug; else only whether 14 or over), the condition (a child's, or beside an indication's own dose), the
    months, the weight and the dehydration shown (a child's, or beside oral rehydration salts). Per record its
    group, per group its first record, and the records whose line ids do not spell their drugs (read alone);
    None without line ids."""
    spelled = spelled_lines(columns, p)
    if spelled is None:
        return None
    codes, alone = spelled
    from .sections import grouped
    n = len(codes)
    age = np.asarray(age, dtype=np.int64)
    child = age < PAEDIATRIC_AGE

    # a child's line reads the age and the months only beside an age-banded drug (adjusted_line) or the salts; else
    # only that it is a child's, its condition and its weight (child_label, child_dose)
    need_age = by_banded
    need_c = child | by_varies
    need_w = child | by_ors
    need_months = by_ors | (child & by_banded)
    primary = p.primary.astype(np.int64)
    weight = np.unique(np.asarray(weights, dtype=float), return_inverse=True)[1].reshape(-1).astype(np.int64)
    month = np.asarray(months, dtype=np.int64)
    dry = np.where(by_ors, 1 + dehydration_shown(columns), 0).astype(np.int64)
    told_age = np.where(need_age, age - int(age.min(initial=0)) + 2, np.where(child, 0, 1))
    low = int(month.min(initial=0))
    key = line_key(codes, alone) + [(told_age, int(told_age.max(initial=0)) + 1),
            (np.where(need_c, primary + 1, 0), int(primary.max(initial=0)) + 2),
            (np.where(need_months, month - low + 1, 0), int(month.max(initial=0)) - low + 2),
            (np.where(need_w, weight + 1, 0), int(weight.max(initial=0)) + 2), (dry, 3)]
    group, first = grouped(key)
    return group, first, np.flatnonzero(alone)


def child_doses_are_measurable(columns, options) -> np.ndarray:
    """Under 14, every dose is an amount a parent can measure (doses.measurable)."""
    p = parsed(columns)
    age, _ = ages_sexes(columns)
    weights = _column(columns, "weight_kg").astype(float).tolist()
    meds = _lists(columns, "medications")
    out = np.ones(len(age), dtype=bool)
    # rehydration volumes and a teenager's adult dose (age_doses.py) are checked by doses_fit_age
    cat = catalogue()
    ors = (cat.drug_class == ORS_CLASS).tolist()
    banded = adjusted_drugs(cat)
    primary = p.primary.tolist()
    adjusted: dict = {}     # (drug, age) -> whether the age has its own line (adjusted_line), once per pair

    def own_line(d: int, a: int) -> bool:
        if (d, a) not in adjusted:
            adjusted[d, a] = adjusted_line(cat, d, a, a * 12) is not None
        return adjusted[d, a]

    children = np.flatnonzero(age < PAEDIATRIC_AGE).tolist()
    out[children] = [all(d >= 0 and (ors[d] or banded[d] and own_line(d, a) or measurable(d, m.get("dose", ""), w, c))
                         for d, m in zip(p.drugs[r], meds[r]))
                     for r, a, w, c in zip(children, age[children].tolist(), [weights[r] for r in children],
                                           [primary[r] for r in children])]
    return out


def _months_of(columns) -> np.ndarray:
    """Whole months of age on the visit day (growth.age_in_months of the ISO dates)."""
    from .growth import age_in_months
    return age_in_months(_days(columns, "birth_date"), _days(columns, "visit_date"))


def one_drug_per_class(columns, options) -> np.ndarray:
    p = parsed(columns)
    bad = two_drugs_related(p, _drug_relations()[1])
    # H. pylori eradication: two antibacterials beside a bismuth (eradication.py); only such records are counted
    from .eradication import BISMUTH
    cat = catalogue()
    rows = np.flatnonzero(bad & (p.on_drug[:, cat.drug_index[BISMUTH]] > 0))
    if len(rows):
        one_hot = np.zeros((cat.n_drugs, len(cat.group_names)), dtype=np.float32)
        one_hot[np.arange(cat.n_drugs), cat.drug_group] = 1
        counts = p.on_drug[rows].astype(np.float32) @ one_hot
        counts[:, list(cat.group_names).index("全身抗菌药")] -= 1
        bad[rows] = ~(counts < 1.5).all(axis=1)
    return ~bad & ~p.duplicate_drug


ALLERGY_WORDS = {"青霉素": "penicillin_allergy", "阿莫西林": "penicillin_allergy", "头孢": "cephalosporin_allergy",
                 "磺胺": "sulfonamide_allergy"}


def no_contraindicated_drug(columns, options) -> np.ndarray:
    """No drug contraindicated by a diagnosis, by age under 18, by a recorded allergy, or by pregnancy."""
    cat, p = catalogue(), parsed(columns)
    age, _ = ages_sexes(columns)
    # each prescribed drug (its prescription slot) against each reason, the per-record matrices read at the slots
    slot = p._slot
    bad = np.take_along_axis(_contraindicated_by_diagnoses(columns), slot, axis=1)
    if "under_18" in cat.contra_special:
        bad |= (age < 18)[:, None] & cat.contra_special["under_18"][slot]
    bad |= np.take_along_axis(_allergy_matrix(columns), slot, axis=1)
    pregnant = (p.listed & cat.pregnancy[None, :]).any(axis=1)
    bad |= pregnant[:, None] & ~cat.drug_pregnancy[slot]
    # a pressor cold remedy beside a pressure of 140/90 or more measured at this visit (pressor.py)
    bad |= raised(_column(columns, "sbp"), _column(columns, "dbp"))[:, None] & pressor_mask()[slot]
    return ~(bad & p._filled).any(axis=1)


# -- text ---------------------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _row_patterns() -> list[tuple[str, str, int, int]]:
    """Per symptom row: (text the complaint must contain, unit, low, high)."""
    cat = catalogue()
    out = []
    for r in range(len(cat.symptom_text)):
        t = cat.symptom_text[r]
        base = "停经" if t.startswith("停经") else cat.symptom_base[r]
        out.append((base, cat.symptom_unit[r], int(cat.symptom_low[r]), int(cat.symptom_high[r])))
    return out


@lru_cache(maxsize=1)
def symptom_patterns() -> list[list[tuple[str, str, int, int]]]:
    """Per condition: (text the complaint must contain, unit, low, high) of each of its symptom rows."""
    cat = catalogue()
    out = [[] for _ in range(cat.n)]
    for r, c in enumerate(cat.symptom_condition.tolist()):
        t = cat.symptom_text[r]
        base = "停经" if t.startswith("停经") else cat.symptom_base[r]
        out[c].append((base, cat.symptom_unit[r], int(cat.symptom_low[r]), int(cat.symptom_high[r])))
    return out


def _complaint_fits_condition(complaint: str, c: int) -> bool:
    durations = [(int(v), u) for v, u in _DURATION.findall(complaint)]
    return any(base in complaint and any(u == unit and low <= v <= high for v, u in durations)
               for base, unit, low, high in symptom_patterns()[c])


def complaint_fits(columns, options) -> np.ndarray:
    """The complaint names a symptom of one of the diagnoses with a duration in that symptom's range."""
    p = parsed(columns)
    if "_case" in columns:
        # While generating, the symptom row is known: it must belong to a diagnosis, its duration lie in the row's
        # range, and the complaint name the symptom with that duration.
        cat = catalogue()
        case = columns["_case"]
        rows = case["symptom"].astype(np.int64)
        duration = case["duration"].astype(np.int64)
        owner = p.listed[np.arange(len(rows)), cat.symptom_condition[rows]]
        in_range = (duration >= cat.symptom_low[rows]) & (duration <= cat.symptom_high[rows])
        # whether the complaint names the symptom with its duration, once per distinct (complaint, row, duration)
        # (complaints repeat: a few thousand distinct ones in a batch), gathered to the records
        bases, units = [b for b, _, _, _ in _row_patterns()], cat.symptom_unit.tolist()
        codes, complaints = _distinct(columns, "chief_complaint")
        low = int(duration.min(initial=0))
        key = (codes * (len(units) + 1) + (rows + 1)) * (int(duration.max(initial=0)) - low + 1) + (duration - low)
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        named = [bases[r] in c and f"{d}{units[r]}" in c for r, d, c in
                 zip(rows[first].tolist(), duration[first].tolist(), [complaints[k] for k in codes[first].tolist()])]
        return owner & in_range & np.array(named, dtype=bool)[inverse.reshape(-1)]
    cache: dict = {}
    out = []
    for complaint, ids in zip(_lists(columns, "chief_complaint"), p.ids):
        ok = False
        for c in ids:
            key = (complaint, c)
            hit = cache.get(key)
            if hit is None:
                hit = cache[key] = _complaint_fits_condition(complaint, c)
            if hit:
                ok = True
                break
        out.append(ok)
    return np.array(out, dtype=bool)


@lru_cache(maxsize=1)
def details_of() -> list[tuple[str, ...]]:
    cat = catalogue()
    out = [[] for _ in range(cat.n)]
    for r, c in enumerate(cat.symptom_condition.tolist()):
        out[c].append(cat.symptom_detail[r])
    return [tuple(x) for x in out]


def _tells(detail: str, hpi: str) -> bool:
    """Whether the history tells this symptom detail (its {a-b} numbers as drawn), or the detail without the
    clause retelling how the drug is taken (sections.without_retold_take)."""
    pattern, said = _told_as(detail)
    return pattern.search(hpi) is not None if pattern is not None else any(w in hpi for w in said)


@lru_cache(maxsize=None)
def _told_as(detail: str) -> tuple[re.Pattern | None, tuple[str, ...]]:
    """How _tells finds a detail: its pattern when it has {a-b} numbers, else the texts any of which tells it (the
    detail, and the detail without each clause on how a drug is taken that it holds)."""
    if "{" in detail:
        return detail_pattern(detail), ()
    from .sections import without_retold_take
    return None, (detail, *(without_retold_take(detail, t) for t in _TAKES if t in detail))


_TAKES = ("规律服用", "规律使用", "间断服用", "按需使用")      # data.Catalogue.drug_take's words


def _tells_rows(rows: np.ndarray, texts: list[str]) -> np.ndarray:
    """_tells(symptom_detail[rows[i]], texts[i]) per record, one symptom row at a time: the records of a row are
    searched for its pattern, or scanned column-wise for its texts."""
    details = catalogue().symptom_detail
    out = np.zeros(len(rows), dtype=bool)
    order = np.argsort(rows, kind="stable")
    bounds = np.flatnonzero(np.diff(rows[order])) + 1
    for group in np.split(order, bounds) if len(order) else ():
        members = group.tolist()
        pattern, said = _told_as(str(details[rows[group[0]]]))
        if pattern is not None:
            search = pattern.search
            out[group] = [search(texts[i]) is not None for i in members]
        else:
            out[group] = _has_any([texts[i] for i in members], said)
    return out


def present_illness_fits(columns, options) -> np.ndarray:
    """The present illness tells a symptom of the primary diagnosis (its clause from symptoms.tsv)."""
    p = parsed(columns)
    if "_case" in columns:
        # While generating, the symptom row is known: its clause must be in the text and belong to the primary.
        cat = catalogue()
        rows = columns["_case"]["symptom"].astype(np.int64)
        owner = cat.symptom_condition[rows] == p.primary
        return owner & _tells_rows(rows, _lists(columns, "present_illness"))
    details = details_of()
    return np.array([c >= 0 and any(_tells(d, hpi) for d in details[c])
                     for hpi, c in zip(_lists(columns, "present_illness"), p.primary.tolist())], dtype=bool)


def no_denied_complaint(columns, options) -> np.ndarray:
    """The present illness never denies (无…) a symptom the chief complaint states."""
    out = []
    for complaint, hpi in zip(_lists(columns, "chief_complaint"), _lists(columns, "present_illness")):
        out.append(not any(term in complaint for term in negated_terms(hpi)))
    return np.array(out, dtype=bool)


@lru_cache(maxsize=1)
def findings_text_of() -> list[tuple[str, ...]]:
    from .surgeries import finding_variants
    cat = catalogue()
    # a finding also as the examination writes it after an operation removed its organ (双侧扁桃体缺如)
    # (a finding with a slot, {weeks} or {site}, by its longest literal piece)
    return [tuple(v for r in cat.findings_of[c] for v in finding_variants(max(_FINDING_SLOT.split(cat.finding_text[r]),
                                                                              key=len)))
            for c in range(cat.n)]


_FINDING_SLOT = re.compile(r"\{(?:weeks|site)\}")


def findings_fit(columns, options) -> np.ndarray:
    """The examination states a finding of the primary diagnosis."""
    p = parsed(columns)
    findings = findings_text_of()
    codes, exams = _distinct(columns, "exam_findings")
    # once per distinct (examination, primary diagnosis)
    pairs, inverse = np.unique(codes * (len(findings) + 1) + (p.primary + 1), return_inverse=True)
    fit = np.array([c >= 0 and any(f in exams[e] for f in findings[c])
                    for e, c in zip((pairs // (len(findings) + 1)).tolist(), (pairs % (len(findings) + 1) - 1).tolist())],
                   dtype=bool)
    return fit[inverse].reshape(len(codes))


def note_agrees(columns, options) -> np.ndarray:
    """The note repeats the record line by line: name and sex, visit date and department, each section verbatim,
    every measurement, each diagnosis (name and code, in order) and each drug."""
    cat = catalogue()
    p = parsed(columns)
    dxs = _lists(columns, "diagnoses")         # the diagnoses as written (parsed() flags unknown ones)
    drug_names = cat.drug_name.tolist()
    sections = [_lists(columns, f) for f in ("chief_complaint", "present_illness", "past_history", "family_history")]
    exams = _lists(columns, "exam_findings")
    investigations = _lists(columns, "investigations")
    blood = [f"{a}/{b}" for a, b in zip(_column(columns, "sbp").tolist(), _column(columns, "dbp").tolist())]
    temps = [f"{x:.1f}℃" for x in _column(columns, "temperature").astype(float).tolist()]
    bmis = [f"BMI {x:.1f}" for x in _column(columns, "bmi").astype(float).tolist()]
    heads = [f"患者：{n}" for n in _lists(columns, "name")]
    sexes = [f"性别：{s}" for s in _lists(columns, "sex")]
    visits = [f"就诊日期：{v}  科室：{d}" for v, d in zip(_lists(columns, "visit_date"), _lists(columns, "department"))]
    out = []
    for i, note in enumerate(_lists(columns, "note")):
        lines = note.split("\n")
        if len(lines) != 10:
            out.append(False)
            continue
        head, visit, cc, hpi, past, family, exam, tests, dx, plan = lines
        ok = (head.startswith(heads[i]) and sexes[i] in head and visit == visits[i]
              and cc[3:] == sections[0][i] and hpi[4:] == sections[1][i] and past[4:] == sections[2][i]
              and family[4:] == sections[3][i] and exam.endswith(exams[i]) and blood[i] in exam
              and tests[5:] == investigations[i]
              and temps[i] in exam and bmis[i] in exam
              and dx == "诊断：" + "；".join(f"{k}. {d['name']}（{d['code']}）" for k, d in enumerate(dxs[i], start=1))
              and all(drug_names[d] in plan for d in p.drugs[i] if d >= 0))
        out.append(ok)
    return np.array(out, dtype=bool)


# -- issue 18: the visit treats its reason, within the department's scope ------------------------------------------
def _memo(columns, key: str, inputs: tuple[str, ...], compute):
    """A per-batch result shared by several rules, remembered with the identity of the columns it read (a
    frame changed between two checks is read again)."""
    stamp = tuple(id(columns[name]) for name in inputs)
    kept = _memo_store.get(key)
    if kept is None or kept[0] != stamp:
        # the columns are kept with the result, so their ids cannot be reused by another frame meanwhile
        kept = _memo_store[key] = (stamp, [columns[name] for name in inputs], compute(columns))
    return kept[2]


_memo_store: dict = {}


def forget_batch() -> None:
    """Drop what the rules remembered about the last batch (parsed lists, shared matrices)."""
    _memo_store.clear()
    _cache.update(key=None, ref=None, value=None)


def _stated_maxima(columns) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per record, whether its present illness states a maximum temperature (最高体温39.2℃), and the highest and the
    lowest it states (-inf and inf where none), once per batch (read-only)."""
    return _memo(columns, "maxima", ("present_illness",), _compute_stated_maxima)


def _fever_maxima(columns) -> np.ndarray:
    """Per record, the highest temperature the record states: today's or a maximum in the history (once per batch,
    read-only: the investigations and the febrile infants' rules share it)."""
    return _memo(columns, "fever_maxima", ("temperature", "present_illness"), _compute_fever_maxima)


def _compute_fever_maxima(columns) -> np.ndarray:
    temperature = _column(columns, "temperature").astype(float)
    stated, highest, _ = _stated_maxima(columns)
    tmax = np.where(stated, np.maximum(temperature, highest), temperature)
    tmax.flags.writeable = False
    return tmax


def _compute_stated_maxima(columns) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    histories = _lists(columns, "present_illness")
    n = len(histories)
    # every match of _MAX_TEMPERATURE starts with 最高: the histories holding it are found in one column scan
    rows = np.flatnonzero(_text_has_any(columns, "present_illness", ("最高",)))
    stated = np.zeros(n, dtype=bool)
    lowest, highest = _extremes(_MAX_TEMPERATURE, histories, rows, n)
    stated[rows] = lowest[rows] <= highest[rows]       # a reading found
    for array in (stated, highest, lowest):
        array.flags.writeable = False
    return stated, highest, lowest


def _extremes(pattern: re.Pattern, texts: list[str], rows: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(lowest, highest) of the numbers pattern.findall finds in texts[i] for each of `rows`, as floats: n values
    each, inf and -inf where none is found (or the row is not asked). The findings are reduced column-wise
    (reduceat), not by min and max per text."""
    found = list(map(pattern.findall, [texts[i] for i in rows.tolist()]))
    counts = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
    values = np.fromiter(map(float, chain.from_iterable(found)), dtype=float, count=int(counts.sum()))
    rows, starts = rows[counts > 0], (np.cumsum(counts) - counts)[counts > 0]
    lowest, highest = np.full(n, np.inf), np.full(n, -np.inf)
    if len(rows):
        highest[rows] = np.maximum.reduceat(values, starts)
        lowest[rows] = np.minimum.reduceat(values, starts)
    return lowest, highest


def _contraindicated_by_diagnoses(columns) -> np.ndarray:
    """(records, drugs): drugs one of the record's diagnoses contraindicates, once per batch and once per
    distinct set of diagnoses (a few thousand in a batch)."""
    from .model import contraindicated
    return _memo(columns, "contra", ("diagnoses",), lambda c: contraindicated(catalogue(), parsed(c).listed))


def _allergy_matrix(columns) -> np.ndarray:
    """(records, drugs): drugs a recorded allergy in past_history rules out (computed once per batch)."""
    return _memo(columns, "allergy", ("past_history",), _compute_allergy_matrix)


def _compute_allergy_matrix(columns) -> np.ndarray:
    cat = catalogue()
    words = [(word, key) for word, key in ALLERGY_WORDS.items() if key in cat.contra_special]
    # every word in the past histories' one scan (asked together: one pass even in a process's first batch)
    _text_has_any(columns, "past_history", tuple(w for word, _ in words for w in (word, "否认" + word)) + ("过敏",))

    def has(word) -> np.ndarray:
        return _text_has_any(columns, "past_history", (word,))

    bad = np.zeros((len(columns["past_history"]), cat.n_drugs), dtype=bool)
    for word, key in words:
        # the word and 过敏 in the history, and no 否认 + the word (否认青霉素过敏史)
        allergic = np.flatnonzero(has(word) & has("过敏") & ~has("否认" + word))
        bad[allergic] |= cat.contra_special[key][None, :]
    return bad


def _allowed_drugs(columns, rows: np.ndarray) -> np.ndarray:
    """(rows, drugs): drugs the patients of these records may be given (age group and formulation,
    contraindication, allergy, pregnancy), read from the fields. The rules ask it only where no drug of the kind
    they want is prescribed (a few records), so it is combined for those rows alone from per-batch parts."""
    from .paediatric_checks import not_referred      # a febrile infant under 3 months is referred untreated
    # nor a pressor cold remedy beside a raised pressure measured today (pressor.py)
    measured = raised(_column(columns, "sbp")[rows], _column(columns, "dbp")[rows])[:, None] & pressor_mask()[None, :]
    return _allowed_by_patient(columns, rows) & _symptom_gate(columns)[rows] & not_referred(columns)[rows] & ~measured


def _symptom_gate(columns) -> np.ndarray:
    """(records, drugs): drugs the stated symptoms allow (symptomatic.drug_gate on the complaint and history)."""
    return _memo(columns, "gate", ("diagnoses", "age", "chief_complaint", "present_illness", "temperature",
                                   "investigations", "bmi", "exam_findings"), _compute_symptom_gate)


def _compute_symptom_gate(columns) -> np.ndarray:
    from .symptomatic import CHECK_UP_WORDS, FACT_WORDS, GOVERNED, drug_gate, screened_reason
    cat, p = catalogue(), parsed(columns)
    age, _ = ages_sexes(columns)
    temperature = _column(columns, "temperature").astype(float)
    # Only the visit reasons symptomatic.GOVERNED have drugs their symptoms decide.
    governed = np.flatnonzero(np.isin(p.primary, [cat.index[k] for k in GOVERNED]))
    dry, productive, discomfort, running = (np.zeros(len(p.primary), dtype=bool) for _ in range(4))
    if len(governed):       # facts_column of the governed records' positive clauses
        dry[governed], productive[governed], discomfort[governed], running[governed] = \
            (_said_has_any(columns, words)[governed] for words in FACT_WORDS)
    # a governed visit's highest temperature: today's or the history's maximum (as _fever_maxima)
    tmax = temperature.copy()
    tmax[governed] = _fever_maxima(columns)[governed]
    primary = np.maximum(p.primary, 0)
    check_up = screened_reason(cat, primary) & _column_has_any(columns, "chief_complaint", (CHECK_UP_WORDS,))
    # hyperuricaemia's drugs from the guideline's urate threshold, the urate read from 辅助检查 (urate.py)
    from .urate import URATE_TEXT, urate_gate
    urate = np.zeros(len(primary), dtype=np.int64)
    texts = _lists(columns, "investigations")
    for i in np.flatnonzero(p.primary == cat.index["hyperuricaemia"]).tolist():
        found = URATE_TEXT.search(texts[i])
        urate[i] = int(found.group(1)) if found else 0
    from .weight_loss import thin_gate, weight_loss_gate
    from .eradication import eradication_gate
    from .adult_checks import first_readings, lipid_lifestyle_rows
    from .adult_hypertension import first_reading_gate
    from .adult_lipids import lipid_gate
    return drug_gate(cat, primary, age, dry, productive, discomfort, tmax, running, check_up) & \
        urate_gate(cat, primary, urate, p.listed) & weight_loss_gate(cat, primary, p.listed) & \
        eradication_gate(cat, primary, _breath_test_positive(columns)) & \
        thin_gate(cat, age, _column(columns, "bmi").astype(float)) & \
        gut_gate(cat, primary, age, *_gut_facts(columns)) & \
        first_reading_gate(cat, first_readings(columns)[1]) & lipid_gate(cat, lipid_lifestyle_rows(columns))


def rehydration_fits_the_losses(columns, options) -> np.ndarray:
    """At a diarrhoea visit the salts are given exactly where rehydration.ors_indicated says, from the record's
    own words; the stool drugs and antiemetics follow the same gate."""
    from .rehydration import GASTRO_VISITS, ors_indicated
    cat, p = catalogue(), parsed(columns)
    age, _ = ages_sexes(columns)
    loose, vomits, stools, dehydrated = _gut_facts(columns)
    gastro = np.isin(p.primary, [cat.index[k] for k in GASTRO_VISITS])
    given = p.takes(cat.drug_class == ORS_CLASS)
    gate = gut_gate(cat, np.maximum(p.primary, 0), age, loose, vomits, stools, dehydrated)
    fits = (given == ors_indicated(age, loose, stools, dehydrated)) & ~p.takes_outside(gate)
    return ~gastro | fits


def _gut_facts(columns) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(loose stools, vomiting, stools a day, dehydrated) of the diarrhoea visits as the record tells them: the
    complaint and history's positive clauses, the count the history states, a sign in the examination; once per
    batch for the symptom gate and the rehydration rule (read-only)."""
    return _memo(columns, "gut", ("diagnoses", "chief_complaint", "present_illness", "exam_findings"),
                 _compute_gut_facts)


def _compute_gut_facts(columns) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    from .rehydration import GASTRO_VISITS, LOOSE_WORDS, VOMIT_WORD, stools_said
    cat, p = catalogue(), parsed(columns)
    n = len(p.primary)
    loose, vomits, dehydrated = (np.zeros(n, dtype=bool) for _ in range(3))
    stools = np.zeros(n, dtype=np.int64)
    rows = np.flatnonzero(np.isin(p.primary, [cat.index[k] for k in GASTRO_VISITS]))
    histories = _lists(columns, "present_illness")
    # rehydration.gut_facts_said of the positive clauses
    loose[rows], vomits[rows] = _said_has_any(columns, LOOSE_WORDS)[rows], _said_has_any(columns, (VOMIT_WORD,))[rows]
    for i in rows.tolist():
        stools[i] = stools_said(histories[i])
    dehydrated[rows] = dehydration_shown(columns)[rows]
    for array in (loose, vomits, stools, dehydrated):
        array.flags.writeable = False
    return loose, vomits, stools, dehydrated


def dehydration_shown(columns) -> np.ndarray:
    """Per record, rehydration.shows_dehydration of its examination: its signs found by the distinct
    examinations' shared scan (the same substring test), for every rule that asks."""
    from .rehydration import DEHYDRATION_SIGNS
    return _column_has_any(columns, "exam_findings", DEHYDRATION_SIGNS)


def _breath_test_positive(columns) -> np.ndarray:
    """Per record, whether 辅助检查 shows a positive breath test (each distinct text read once)."""
    from .eradication import POSITIVE_TEXT
    return _column_has_any(columns, "investigations", (POSITIVE_TEXT,))


_COMPLAINT_DURATION = re.compile(r"(\d+)(小时|天|周|个月|月|年)")


def _complaint_days(complaint: str) -> int:
    """The days the chief complaint's first duration spans (hours 0, weeks 7 days, months and years 30 or more)."""
    m = _COMPLAINT_DURATION.search(complaint or "")
    if not m:
        return 0
    n, unit = int(m.group(1)), m.group(2)
    return {"小时": 0, "天": n, "周": 7 * n}.get(unit, 30 * n)


_WHITE_COUNT = re.compile(r"白细胞(\d+\.\d)×10⁹/L")


def investigations_fit(columns, options) -> np.ndarray:
    """The tests fit the visit's reason (investigations.py): required tests present, white count on the
    side of the infection's kind."""
    from .investigations import BACTERIAL, FOLLOW_UP_TESTS, VIRAL_FEVER, follow_up_required
    cat, p = catalogue(), parsed(columns)
    # per record the key of its primary ("" for none: index -1 reads the last entry), made once as an array
    key_array = _condition_keys()[p.primary]

    def reason_in(wanted) -> np.ndarray:
        """Per record, whether the visit's reason is one of `wanted` (np.isin of the keys, by condition index)."""
        return _primary_in(p.primary, tuple(wanted))

    # follow-up tests: present where they belong (reason and age), absent from every other visit
    age, female = ages_sexes(columns)
    follow = np.ones(len(key_array), dtype=bool)
    need = follow_up_required(key_array, age, female)
    # one pass over every text; the few that name a follow-up test or need one are read test by test
    rows = np.flatnonzero(_column_has_any(columns, "investigations", tuple(t + "：" for t in need)) | np.any(list(need.values()), axis=0))
    for test, required in need.items():
        has = _column_has_any_at(columns, "investigations", (test + "：",), rows)
        belongs = reason_in(FOLLOW_UP_TESTS[test])[rows]
        follow[rows] &= (has == required[rows]) | (has & belongs & ~required[rows])
    from .workups import (ELDERLY_FROM, FLU_TEST, REQUIRED, REQUIRED_FROM_AGE, flu_tested, required_tests,
                          viral_fever_counted)
    read = set(REQUIRED) | set(REQUIRED_FROM_AGE) | set(BACTERIAL) | set(VIRAL_FEVER) | {"acute_bronchitis"}
    out = np.ones(len(key_array), dtype=bool)
    tmax = _fever_maxima(columns)
    # a long, high or elderly viral fever has its blood count; a high fever in the influenza season its flu test
    # (only the viral-fever rows are parsed: no per-record loop over the batch)
    viral = np.flatnonzero(reason_in(VIRAL_FEVER))
    dates = _lists(columns, "visit_date")
    days, months = np.zeros(len(key_array), dtype=np.int64), np.zeros(len(key_array), dtype=np.int64)
    days[viral] = _complaint_days_column(columns)[viral]
    months[viral] = [int(dates[i][5:7]) if isinstance(dates[i], str) else 0 for i in viral.tolist()]
    counted = np.zeros(len(key_array), dtype=bool)
    counted[viral] = viral_fever_counted(age[viral], tmax[viral], days[viral])
    fevers = _column_has_any(columns, "investigations", (FLU_TEST,)) == flu_tested(key_array, tmax, months)
    def has(words, rows: np.ndarray) -> np.ndarray:
        """Whether the investigations of `rows` (a boolean mask or indices) name one of `words`."""
        return _column_has_any_at(columns, "investigations", words, rows)

    fevers[counted] &= has(("血常规",), counted)
    # column-wise per reason and the ages that share its required tests: each test (any of its names) shown
    visits = np.flatnonzero(reason_in(read))
    for c in np.unique(p.primary[visits]).tolist():
        rows = visits[p.primary[visits] == c]
        ages_of: dict = {}
        for a in np.unique(age[rows]).tolist():
            ages_of.setdefault(required_tests(cat.keys[c], a), []).append(a)
        for tests, ages in ages_of.items():
            these = rows[np.isin(age[rows], ages)] if tests else rows[:0]
            for names in tests:
                out[these] &= has(names, these)
    elderly = reason_in(("acute_bronchitis",)) & (age >= ELDERLY_FROM)
    out[elderly] &= has(("胸部X线",), elderly)          # from 65 a bronchitis has pneumonia ruled out
    # the white counts of the bacterial and viral visits: a bacterial one above 10 with a CRP, a viral one's at most 11
    lowest, highest = _white_counts(columns)
    bacterial = reason_in(BACTERIAL)
    out[bacterial] &= ((highest > -np.inf) & (lowest > 10.0))[bacterial] & has(("C反应蛋白",), bacterial)
    viral_read = reason_in(VIRAL_FEVER) & ~bacterial
    out[viral_read] &= (highest <= 11.0)[viral_read]
    return out & follow & fevers


@lru_cache(maxsize=1)
def _condition_keys() -> np.ndarray:
    """The conditions' keys as an object array, with "" after them for no condition (-1)."""
    return np.array(list(catalogue().keys) + [""], dtype=object)


def _white_counts(columns) -> tuple[np.ndarray, np.ndarray]:
    """Per record, the lowest and the highest white count 辅助检查 shows (inf and -inf where none), read once per
    distinct text."""
    codes, texts = _distinct(columns, "investigations")
    rows = np.flatnonzero(_text_has_any(columns, "distinct:investigations", ("白细胞",)))
    lowest, highest = _extremes(_WHITE_COUNT, texts, rows, len(texts))
    return lowest[codes], highest[codes]


@lru_cache(maxsize=64)
def _reason_mask(wanted: tuple[str, ...]) -> np.ndarray:
    """Per condition, whether its key is one of `wanted`; one more entry, False, for no primary (-1)."""
    return np.array([k in wanted for k in catalogue().keys] + [False], dtype=bool)


def _primary_in(primary: np.ndarray, wanted: tuple[str, ...]) -> np.ndarray:
    """Per record, whether the key of its primary condition is one of `wanted` (none for -1)."""
    return _reason_mask(wanted)[primary]


def _complaint_days_column(columns) -> np.ndarray:
    """_complaint_days of every record's complaint, once per distinct complaint (read-only, once per batch)."""
    def compute(c) -> np.ndarray:
        codes, complaints = _distinct(c, "chief_complaint")
        days = np.fromiter(map(_complaint_days, complaints), dtype=np.int64, count=len(complaints))[codes]
        days.flags.writeable = False
        return days
    return _memo(columns, "complaint_days", ("chief_complaint",), compute)


EXAMINED_COMPLAINTS = ((("咽痛", "咽部不适"), ("咽", "扁桃体")), (("耳痛",), ("鼓膜", "耳")), (("流脓",), ("穿孔",)))
# and the reverse: a finding the history must have told (a perforated eardrum runs: 耳流脓)
TOLD_FINDINGS = (("穿孔", "流脓"),)


def complaint_is_examined(columns, options) -> np.ndarray:
    """A sore throat gets a throat finding and an earache an ear finding (sections.COMPLAINT_SYSTEMS); every
    respiratory or febrile visit gets a lung finding (auscultation.py)."""
    complaints, histories = _lists(columns, "chief_complaint"), _lists(columns, "present_illness")
    words = [w for ws, _ in EXAMINED_COMPLAINTS for w in ws]
    out = np.ones(len(complaints), dtype=bool)
    rows = np.flatnonzero(_column_has_any(columns, "chief_complaint", words) | _text_has_any(columns, "present_illness", words))
    # column-wise over those records: each complaint their positive clauses tell needs its finding in the exam
    for ws, looked in EXAMINED_COMPLAINTS:
        out[rows] &= ~_said_has_any(columns, ws)[rows] | _column_has_any(columns, "exam_findings", looked)[rows]
    for found, told in TOLD_FINDINGS:
        for i in np.flatnonzero(_column_has_any(columns, "exam_findings", (found,))).tolist():
            out[i] &= told in complaints[i] + histories[i]
    from .auscultation import lung_examined_conditions
    primary = parsed(columns).primary
    listened = (primary >= 0) & lung_examined_conditions()[np.maximum(primary, 0)]
    return out & (~listened | _column_has_any(columns, "exam_findings", ("肺",)))


def removed_organ_not_examined(columns, options) -> np.ndarray:
    """An organ the past history says was removed (扁桃体切除术, 胆囊切除术 …) is not examined as present: the exam
    says 缺如 / 已切除 or leaves it out (surgeries.REMOVED_EXAM)."""
    from .surgeries import REMOVED_EXAM, removed_organ_examined
    histories, exams = _lists(columns, "past_history"), _lists(columns, "exam_findings")
    out = np.ones(len(exams), dtype=bool)
    # read only the histories naming a removal and one of the operations (removed_organ_examined's own tests),
    # found by the past histories' one scan
    words = tuple(word for word, _, _ in REMOVED_EXAM)
    told = _text_has_any(columns, "past_history", ("切除",)) & _text_has_any(columns, "past_history", words)
    # beside 切除 the verdict reads of the history only which operations it names: judged once per distinct
    # examination and set of operations named (the examinations repeat)
    rows = np.flatnonzero(told)
    named = np.zeros(len(rows), dtype=np.int64)
    for w, word in enumerate(words):
        named |= _text_has_any(columns, "past_history", (word,))[rows].astype(np.int64) << w
    verdicts: dict = {}
    for i, key in zip(rows.tolist(), zip(_distinct(columns, "exam_findings")[0][rows].tolist(), named.tolist())):
        verdict = verdicts.get(key)
        if verdict is None:
            verdict = verdicts[key] = not removed_organ_examined(exams[i], histories[i])
        out[i] = verdict
    return out


def symptomatic_drugs_fit(columns, options) -> np.ndarray:
    """A cough suppressant only for a dry cough, an expectorant only for a cough with sputum, an antipyretic for
    a cold, pneumonia, tonsillitis, HFMD or herpangina only from a maximum of 38.5 ℃ (or an adult's aches)."""
    from .eradication import BISMUTH
    p = parsed(columns)
    # a positive breath test is eradicated (the bismuth marks the quadruple regimen)
    eradicated = p.on_drug[:, catalogue().drug_index[BISMUTH]]
    return ~p.takes_outside(_symptom_gate(columns)) & (eradicated | ~_breath_test_positive(columns))


def _allowed_by_patient(columns, rows: np.ndarray) -> np.ndarray:
    """(rows, drugs): the drugs the patient's age, diagnoses, allergies and pregnancy allow, for these records."""
    cat, p = catalogue(), parsed(columns)
    age = ages_sexes(columns)[0][rows]
    listed = p.listed[rows]
    child = age < PAEDIATRIC_AGE
    # per record the adult or the children's row of labelled drugs (np.where of the two, gathered)
    labelled = np.array([[d is not None for d in cat.drug_adult], [d is not None for d in cat.drug_child]])
    ok = labelled[child.astype(np.intp)]
    ok &= (cat.drug_age_low[None, :] <= age[:, None]) & (age[:, None] <= cat.drug_age_high[None, :])
    ok &= ~_contraindicated_by_diagnoses(columns)[rows]
    if "under_18" in cat.contra_special:
        ok &= ~((age < 18)[:, None] & cat.contra_special["under_18"][None, :])
    ok &= ~_allergy_matrix(columns)[rows]
    pregnant = (listed & cat.pregnancy[None, :]).any(axis=1)
    ok &= ~(pregnant[:, None] & ~cat.drug_pregnancy[None, :])
    return ok & nsaid_gate(cat, age, listed)


def nsaids_fit_the_patient(columns, options) -> np.ndarray:
    """No oral NSAID for a patient it is avoided in (interactions.NSAID_RISK), and no interacting set of drugs
    on one prescription (interactions.INTERACTIONS)."""
    cat, p = catalogue(), parsed(columns)
    age, _ = ages_sexes(columns)
    ok = ~p.takes_outside(nsaid_gate(cat, age, p.listed))
    return ok & ~interacting_rows(cat, p.on_drug)


def primary_is_treated(columns, options) -> np.ndarray:
    """A drug indicated for the primary diagnosis is prescribed, unless no drug for it is allowed for this
    patient (age, formulation, contraindication, allergy, pregnancy)."""
    cat, p = catalogue(), parsed(columns)
    primary = np.maximum(p.primary, 0)
    # a prescribed drug indicated for the primary, read at the prescription slots
    ok = (cat.indication[p._slot, primary[:, None]] & p._filled).any(axis=1)
    # whether a drug was possible is read only where none indicated is prescribed
    rows = np.flatnonzero(~ok)
    ok[rows] = ~(_allowed_drugs(columns, rows) & cat.indication[:, primary[rows]].T).any(axis=1)
    return (p.primary >= 0) & ok


def first_line_treatment(columns, options) -> np.ndarray:
    """Each first-line step of the visit's reason (conditions.tsv first_line: an antibacterial for a bacterial
    infection, an antipyretic for a febrile illness, a topical drug for eczema ...) is prescribed, unless this
    patient may have none of its drugs."""
    cat, p = catalogue(), parsed(columns)
    out = np.ones(len(p.primary), dtype=bool)
    # the records of each visit reason, in record order: one stable sort instead of a comparison per condition
    order = np.argsort(p.primary, kind="stable")
    bounds = np.searchsorted(p.primary[order], np.arange(len(cat.first_line) + 1))
    missing, masks = [], []     # records where a step's drugs are not prescribed, and the step's mask
    for c, steps in enumerate(cat.first_line):
        rows = order[bounds[c]:bounds[c + 1]]
        if steps and len(rows):
            slot, filled = p._slot[rows], p._filled[rows]
            for mask in steps:
                # read at the prescription slots (Parsed.takes)
                left = rows[~(mask[slot] & filled).any(axis=1)]
                missing.append(left)
                masks.append(np.broadcast_to(mask, (len(left), len(mask))))
    rows = np.concatenate(missing) if missing else np.zeros(0, dtype=np.int64)
    if len(rows):
        # whether a drug of the step was possible, read only for those records
        possible = (_allowed_drugs(columns, rows) & np.concatenate(masks)).any(axis=1)
        out[rows[possible]] = False
    return out


def drugs_within_department_scope(columns, options) -> np.ndarray:
    """Every prescribed drug treats the visit's reason, or continues a chronic comorbidity the department looks
    after (its own department; general internal medicine for internal-medicine conditions; paediatrics for a
    child)."""
    from .model import continuation_scope
    cat, p = catalogue(), parsed(columns)
    # per distinct department, the chronic conditions it may continue as a condition mask; per record, those it
    # lists, and its visit's reason
    departments, names = _distinct(columns, "department")
    scope = continuation_scope(cat, np.array(names, dtype=object)) & cat.chronic[None, :]
    scope_bits = (scope.astype(np.int64) * cat.bit[None, :]).sum(axis=1)
    return every_drug_treats(p, (p.mask & scope_bits[departments]) | cat.bit[np.maximum(p.primary, 0)])


def no_duplicate_ingredient(columns, options) -> np.ndarray:
    """No active ingredient prescribed twice in a visit, compound preparations included (drugs.tsv ingredients)."""
    p = parsed(columns)
    return ~two_drugs_related(p, _drug_relations()[0]) & ~p.duplicate_drug


def no_duplicate_ingredient_class(columns, options) -> np.ndarray:
    """No two drugs whose ingredients share a class (ingredient_classes.tsv), compound preparations included."""
    return ~two_drugs_related(parsed(columns), _drug_relations()[2])


def formulation_fits_age(columns, options) -> np.ndarray:
    """Every drug's formulation is for the patient's age (drugs.tsv ages: drops under 3, granules for small
    children, tablets and capsules from the label's age)."""
    cat, p = catalogue(), parsed(columns)
    age, _ = ages_sexes(columns)
    # each prescribed drug's age range, read at the prescription slots
    low, high = cat.drug_age_low[p._slot], cat.drug_age_high[p._slot]
    return ~(p._filled & ~((low <= age[:, None]) & (age[:, None] <= high))).any(axis=1)


_MAX_TEMPERATURE = re.compile(r"最高(?:体温)?(?:达)?(\d+\.\d)℃")


def fever_words_fit_temperature(columns, options) -> np.ndarray:
    """Threshold words at their thresholds: the stated maximum is at least today's temperature; 高热 has a
    maximum of 39.1 ℃ or more (stated, or measured today), 低热 one of 37.3-38.0 ℃."""
    from .data import HIGH_FEVER, LOW_FEVER_TOP
    temperature = _column(columns, "temperature").astype(float)
    high = _column_has_any(columns, "chief_complaint", ("高热",)) | _text_has_any(columns, "present_illness", ("高热",))
    low = _column_has_any(columns, "chief_complaint", ("低热",)) | _text_has_any(columns, "present_illness", ("低热",))
    # the maximum is the highest stated one, or today's when none is stated
    stated, highest, lowest = _stated_maxima(columns)
    top = np.where(stated, highest, temperature)
    return (lowest >= temperature) & (~high | (top >= HIGH_FEVER)) & \
        (~low | ((FEVER_THRESHOLD <= top) & (top <= LOW_FEVER_TOP)))


_POOR = ("精神欠佳", "精神稍差", "精神差", "精神反应稍差", "精神反应差", "精神萎靡")
_GOOD = ("精神可", "精神尚可", "精神反应可", "精神反应好")


def _strings(columns, name) -> list[str]:
    return _lists(columns, name)


@lru_cache(maxsize=None)
def _alternation(words: tuple[str, ...]):
    return re.compile("|".join(map(re.escape, words))).search


_cscan = speedups.load("_scan")
_ccolumns = speedups.load("_columns")


def _has_any(texts: list[str], words) -> np.ndarray:
    """Per text, whether it contains one of `words` (NumPy's string find is slower on Chinese text). With
    synth/_scan.c built, one pass over each text in C; else one pass per group of words below, the same result."""
    n = len(texts)
    if not words:
        return np.ones(n, dtype=bool)       # as the empty alternation: it matches every text
    if _cscan is not None:
        return np.frombuffer(_cscan.contains_any(texts if type(texts) is list else list(texts), tuple(words)),
                             dtype=bool)
    out = np.zeros(n, dtype=bool)
    for group in _scans(tuple(words)):
        # a lone word is a substring test; words sharing their first character one alternation, which the regex
        # engine searches for by that character (words with different first characters it tests at every one)
        test = map(operator.contains, texts, repeat(group[0], n)) if len(group) == 1 else \
            map(bool, map(_alternation(group), texts))
        out |= np.fromiter(test, dtype=bool, count=n)
    return out


@lru_cache(maxsize=None)
def _scans(words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """The word groups _has_any scans for: one group per first character, or all words in one alternation when
    more than two groups would make more passes than the alternation costs."""
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(w[:1], []).append(w)
    return tuple(map(tuple, groups.values())) if len(groups) <= 2 else (words,)


def _distinct(columns, name) -> tuple[np.ndarray, list[str]]:
    """A text column as (per record the index of its text, the distinct texts), once per batch: examinations and
    complaints repeat (a few thousand distinct texts in 65,536 records), so a scan runs once per distinct text."""
    return _memo(columns, "distinct:" + name, (name,), lambda c: _compute_distinct(_lists(c, name)))


def _compute_distinct(texts: list[str]) -> tuple[np.ndarray, list[str]]:
    """(per text the index of its first equal text, the distinct texts in order of first appearance); with
    synth/_columns.c built, the same in one C loop (distinct_codes)."""
    if _ccolumns is not None and type(texts) is list:
        codes, distinct = _ccolumns.distinct_codes(texts)
        return np.frombuffer(codes, dtype=np.int64), distinct
    index: dict[str, int] = {}
    codes = np.fromiter((index.setdefault(t, len(index)) for t in texts), dtype=np.int64, count=len(texts))
    return codes, list(index)


def plans(columns) -> list[str]:
    """Per note, its plan: the note from its last 处理： (the last character where it has none), read once per batch
    for every rule that reads the plan (a plan is about a sixth of the note, so scans of it cost a sixth)."""
    return _memo(columns, "plans", ("note",), lambda c: [n[n.rfind("处理："):] for n in _lists(c, "note")])


def _column_has_any(columns, name: str, words) -> np.ndarray:
    """_has_any on a column that repeats, scanning each distinct text once."""
    return _text_has_any(columns, "distinct:" + name, words)[_distinct(columns, name)[0]]


def _column_has_any_at(columns, name: str, words, rows: np.ndarray) -> np.ndarray:
    """_column_has_any(columns, name, words)[rows], gathered for those rows alone (not the whole column first)."""
    return _text_has_any(columns, "distinct:" + name, words)[_distinct(columns, name)[0][rows]]


# Per text source (a column, "plans", "distinct:" + a column, "positive:" + one of those), every word a rule has
# asked of it in this process: a batch's first question to the source finds all of them in one pass
# (_scan.word_hits), later ones read the answers.
_ASKED: dict[str, dict[str, None]] = {}
POSITIVE = "positive:"
CLAUSE_MARKS = "，。；,;"       # symptomatic.positive_text's clause marks


def _said_has_any(columns, words) -> np.ndarray:
    """Per record, whether the positive clauses of complaint + "，" + present illness (symptomatic.positive_text)
    hold one of `words`, none of which holds a clause mark: a word lies inside one clause, so it is said exactly
    where the complaint's positive clauses or the history's hold it. Both are read from shared scans (the
    complaints once per distinct text), as every rule asking of the said words shares them."""
    words = tuple(words)
    if any(m in w for w in words for m in CLAUSE_MARKS):
        raise ValueError(f"_said_has_any: a word holds a clause mark: {words}")
    return _text_has_any(columns, POSITIVE + "distinct:chief_complaint", words)[_distinct(columns, "chief_complaint")[0]] | \
        _text_has_any(columns, POSITIVE + "present_illness", words)


def _text_has_any(columns, source: str, words) -> np.ndarray:
    """_has_any(texts, words) of a whole text source of the batch: a column (its values as _lists gives them), its
    plans ("plans", plans()) or its distinct texts ("distinct:" + a column, _distinct). With synth/_scan.c built, the
    words every rule asks of the source are found in one pass per batch; else as _has_any."""
    words = tuple(words)
    if _cscan is None or not words:
        return _has_any(_source_texts(columns, source)[1](columns), words)
    found = _found(columns, source, words)
    out = found[words[0]].copy()
    for w in words[1:]:
        out |= found[w]
    return out


def _source_texts(columns, source: str):
    """(the columns a text source reads, a function giving its texts) for _text_has_any's sources; "positive:" +
    a source stands for the positive clauses of its texts (symptomatic.positive_texts)."""
    if source.startswith(POSITIVE):
        from .symptomatic import positive_texts
        inputs, texts_of = _source_texts(columns, source[len(POSITIVE):])
        return inputs, lambda c: positive_texts(texts_of(c))
    if source == "plans":
        return ("note",), plans
    if source.startswith("distinct:"):
        name = source[len("distinct:"):]
        return (name,), lambda c: _distinct(c, name)[1]
    return (source,), lambda c: _lists(c, source)


def _found(columns, source: str, words: tuple[str, ...]) -> dict:
    """word -> per text of the source, whether it holds the word, for at least `words` (with synth/_scan.c built):
    every word asked of the source in this process is found in one pass per batch (_scan.word_hits, which lays
    its answer out word by word). A "positive:" source is scanned in its texts' positive clauses alone (the
    scan skips the denied ones, the same answer as scanning symptomatic.positive_texts for words without a
    clause mark)."""
    positive = source.startswith(POSITIVE)
    inputs, texts_of = _source_texts(columns, source[len(POSITIVE):] if positive else source)
    found = _memo(columns, "words:" + source, inputs, lambda _: {})      # word -> per text, whether it holds it
    if any(w not in found for w in words):
        asked = _ASKED.setdefault(source, {})
        asked.update(dict.fromkeys(words))
        todo = [w for w in asked if w not in found]
        texts = texts_of(columns)
        hits = np.frombuffer(_cscan.word_hits(texts, todo, True, positive), dtype=bool).reshape(len(todo), len(texts))
        found.update(zip(todo, hits))
    return found


def _word_bits(columns, source: str, words: tuple[str, ...]) -> np.ndarray:
    """Per record, a uint64 whose bit w is set where the source's text holds words[w] (as _scan.which_words; at
    most 64 words), read from the source's one scan (_found); a "distinct:" source is gathered to its records."""
    found = _found(columns, source, words)
    out = np.zeros(len(found[words[0]]), dtype=np.uint64)
    for w, word in enumerate(words):
        # at the holding texts' indices: a word is in few texts, and a boolean mask costs a pass over all of them
        out[np.flatnonzero(found[word])] |= np.uint64(1 << w)
    if source.startswith("distinct:"):
        out = out[_distinct(columns, source[len("distinct:"):])[0]]
    return out


def general_state_agrees(columns, options) -> np.ndarray:
    """The general state in the present illness and in the examination agree (精神稍差 in one, 精神可 in the
    other is a contradiction), and no 查体合作 is claimed under 3 years."""
    age, _ = ages_sexes(columns)
    # no state word holds or overlaps another (the tests check): a text holds exactly the words a scan for them
    # all would find, so each side is read by column scans
    hpi_poor, hpi_good = (_text_has_any(columns, "present_illness", words) for words in (_POOR, _GOOD))
    exam_poor, exam_good = (_column_has_any(columns, "exam_findings", words) for words in (_POOR, _GOOD))
    cooperative = _column_has_any(columns, "exam_findings", ("查体合作",))
    return ~(hpi_poor & exam_good) & ~(hpi_good & ~hpi_poor & exam_poor) & ~((age < 3) & cooperative)


@lru_cache(maxsize=1)
def _normal_lines() -> list[tuple[str, frozenset]]:
    """Per normal finding (not the general state): its text and the departments that may state it."""
    cat = catalogue()
    return [(text, frozenset(d for d, systems in cat.department_systems.items() if s in systems))
            for s, text in cat.normal_findings.items() if s != "general"]


@lru_cache(maxsize=1)
def _normal_line_pattern() -> tuple[re.Pattern, dict[str, frozenset]]:
    lines = dict(_normal_lines())
    words = "|".join(re.escape(t) for t in sorted(lines, key=len, reverse=True))
    return re.compile(f"(?<=。)(?:{words})(?=。)"), lines


def normal_exam_fits_department(columns, options) -> np.ndarray:
    """Normal-exam boilerplate belongs to the department (department_exam.tsv): 咽部无充血，双侧扁桃体无肿大 is
    not written in cardiology; and no note refers the patient to the department they are in."""
    codes, exams = _distinct(columns, "exam_findings")
    departments, names = _distinct(columns, "department")
    pattern, allowed = _normal_line_pattern()
    # whole normal lines (between full stops), not a condition's finding that contains one: one scan per distinct
    # examination, giving the departments that may write all of its lines (None: any department)
    writers = []
    for text in exams:
        may = None
        for line in pattern.findall("。" + text + "。"):
            may = allowed[line] if may is None else may & allowed[line]
        writers.append(may)
    # each distinct (examination, department) pair is judged once
    pairs, pair_of = np.unique(codes * len(names) + departments, return_inverse=True)
    refers = _text_has_any(columns, "distinct:exam_findings", ("建议",))
    verdicts = []
    for e, d in zip(*divmod(pairs, len(names))):
        w, text, name = writers[e], exams[e], names[d]
        verdicts.append((w is None or name in w) and not (refers[e] and f"建议{name}" in text))
    return np.array(verdicts, dtype=bool)[pair_of.reshape(-1)]


@lru_cache(maxsize=1)
def _history_patterns() -> list[list[tuple[re.Pattern, str]]]:
    """Per condition, its past-history phrases as patterns capturing the years since diagnosis, each with the
    longest literal piece of its phrase (a text the pattern matches holds it), less the 年 and ， it opens with:
    most pieces open with 年， (…{years}年，未规律复查), and forty words of one first character made the past
    histories' shared scan (_scan.word_hits) try them all at every 年 of every history."""
    cat = catalogue()
    out: list[list[tuple[re.Pattern, str]]] = [[] for _ in range(cat.n)]
    for key, phrase, _ in cat.past_rows:
        if key in cat.index and "{years}" in phrase:
            pattern = re.escape(phrase).replace(r"\{years\}", r"(\d+)").replace(r"\{drug\}", ".+?")
            pieces = re.split(r"\{years\}|\{drug\}", phrase)
            # a piece's tail is a literal part of the phrase too: still held by every text the pattern matches
            piece = max((p.lstrip("年，") for p in pieces), key=len) or max(pieces, key=len)
            out[cat.index[key]].append((re.compile(pattern), piece))
    return out


def _listed_after_primary(ids: list, wanted: np.ndarray) -> dict[int, np.ndarray]:
    """Condition -> the records (ascending, each once) listing it after their first condition, for the conditions
    `wanted` (booleans per condition): {c for c in ids[i][1:]} per record, read column-wise from the flattened
    lists instead of a set per record."""
    lengths = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
    flat = np.fromiter(chain.from_iterable(ids), dtype=np.int64, count=int(lengths.sum()))
    owner = np.repeat(np.arange(len(ids), dtype=np.int64), lengths)
    after = np.arange(len(flat)) > np.repeat(np.cumsum(lengths) - lengths, lengths)     # not a list's first
    keep = after & wanted[flat]
    if not keep.any():
        return {}
    # (condition, record) pairs once each, sorted by condition and then record
    pairs = np.unique(flat[keep] * len(ids) + owner[keep])
    conditions, records = np.divmod(pairs, len(ids))
    starts = np.flatnonzero(np.r_[True, conditions[1:] != conditions[:-1]])
    return {int(conditions[a]): records[a:b] for a, b in zip(starts.tolist(), starts[1:].tolist() + [len(pairs)])}


def history_years_fit_onset(columns, options) -> np.ndarray:
    """Each known condition's years since diagnosis in the past history fit the age: diagnosed no earlier than
    its usual onset age (conditions.tsv onset_min: hypertension, diabetes, hyperlipidaemia 35 …), no later than
    data.ONSET_MAX (migraine 50), and at most history_max years ago (anaemia 5).

    Read per condition after the primary: a phrase's pattern is searched only in the histories that hold its
    longest literal piece (found by the past histories' one scan)."""
    cat, p = catalogue(), parsed(columns)
    age, _ = ages_sexes(columns)
    patterns = _history_patterns()
    histories = _lists(columns, "past_history")
    out = np.ones(len(histories), dtype=bool)
    later = _listed_after_primary(p.ids, np.array([bool(x) for x in patterns], dtype=bool))
    if later:       # every piece asked at once: one scan finds them all, even in a process's first batch
        _text_has_any(columns, "past_history", tuple({piece for c in later for _, piece in patterns[c]}))
    told, told_of, years = [], [], []      # per phrase found: the record, its condition and the years it tells
    for c, rows in later.items():
        for pattern, piece in patterns[c]:
            for i in rows[_text_has_any(columns, "past_history", (piece,))[rows]].tolist():
                m = pattern.search(histories[i])
                if m:
                    told.append(i)
                    told_of.append(c)
                    years.append(min(int(m.group(1)), 10 ** 9))     # any count that large is out of range
    if told:
        # the years against each record's limits, column-wise
        told, told_of, years = (np.array(x, dtype=np.int64) for x in (told, told_of, years))
        a = age[told]
        limit = np.maximum(1, np.minimum(cat.history_max[told_of], a - cat.onset_min[told_of]))
        least = np.minimum(limit, a - cat.onset_max[told_of])      # diagnosed no later than onset_max (migraine by 50)
        out[told[(years < least) | (years > limit)]] = False
    return out


def infant_symptoms_are_observed(columns, options) -> np.ndarray:
    """The complaint and the present illness neither state nor deny a word outside the ages that can report it
    (reporters.tsv): under 6 no 畏寒, 头痛, 眩晕, 胸痛 … (under 3 no 咽痛, 耳痛, 口痛, 腹痛: a parent cannot say a
    one-year-old has no chest pain); from 3 no 哭闹不安, 流涎 or 拒奶, the words for what a parent sees of an infant."""
    age, _ = ages_sexes(columns)
    complaints, histories = _lists(columns, "chief_complaint"), _lists(columns, "present_illness")
    # From the oldest first age a word has (6) to the youngest last age past it (120), the words no one of that age
    # reports are the same ones, a parent's words for a small child: most records are scanned column-wise for them
    # (no word holds 。, so none spans complaint and history); the young, where the set changes by age, one by one.
    first = max(lo for _, lo, _ in REPORTED)
    last = min(hi for _, _, hi in REPORTED if hi >= first)
    band = (age >= first) & (age <= last)
    childish = tuple(w for w, _, hi in REPORTED if hi < first)
    out = ~(band & (_column_has_any(columns, "chief_complaint", childish) | _text_has_any(columns, "present_illness", childish)))
    searches: dict = {}
    for i in np.flatnonzero(~band).tolist():
        a = int(age[i])
        search = searches.get(a)
        if search is None:
            search = searches[a] = _alternation(unsayable_words(a))
        out[i] = search(complaints[i] + "。" + histories[i]) is None
    return out


# Findings that cannot both be true of one patient: (what the present illness says, what the examination says).
CONTRADICTIONS = (("干咳", "痰鸣音"),)


def findings_do_not_contradict(columns, options) -> np.ndarray:
    """No examination finding contradicts the history (a dry cough 以干咳为主 is not heard as 痰鸣音)."""
    histories, exams = _lists(columns, "present_illness"), _lists(columns, "exam_findings")
    out = np.ones(len(histories), dtype=bool)
    for said, found in CONTRADICTIONS:
        both = _column_has_any(columns, "exam_findings", (found,))
        for i in np.flatnonzero(both).tolist():
            out[i] &= said not in histories[i]
    return out


def sputum_sounds_only_in_small_children(columns, options) -> np.ndarray:
    """痰鸣音 is heard over a small child's chest; from 6 the examination says 干湿啰音 (sections.SPUTUM_SOUNDS_UNDER)."""
    age, _ = ages_sexes(columns)
    return (age < SPUTUM_SOUNDS_UNDER) | ~_column_has_any(columns, "exam_findings", ("痰鸣音",))


ADULT_ADVICE = ("烟酒", "清淡饮食", "辛辣", "戒烟", "限酒", "饮食不当")
TOBACCO_ALCOHOL = ("烟", "酒")       # told to no child under 14
ADULT_ACTIVITY = "150分钟"      # the adult weekly target (WHO 2020); a child's is 60 minutes a day
WEIGHT_ADVICE = ("控制体重", "减轻体重", "减重")


def advice_fits_age(columns, options) -> np.ndarray:
    """Under 3 the plan advises on feeding and watching the child, never on diet, spice or tobacco; under 14 never
    on the adult 150 minutes of activity a week."""
    age, _ = ages_sexes(columns)
    # each word below is looked for in the plan alone; the words are found by the plans' one scan (as a search of their alternation in each child's plan)
    out = ~((age < 3) & _text_has_any(columns, "plans", ADULT_ADVICE))
    out &= ~((age >= 3) & (age < PAEDIATRIC_AGE) & _text_has_any(columns, "plans", TOBACCO_ALCOHOL))
    # a child's activity target is daily, not the adult 150 minutes a week; from 80, activity within one's means
    active = _text_has_any(columns, "plans", (ADULT_ACTIVITY,))      # plans are distinct: no dedup pass
    out &= ~(active & ((age < PAEDIATRIC_AGE) | (age >= ACTIVITY_BY_ABILITY_FROM)))
    # weight control only above a healthy weight (an adult's BMI from 24)
    bmi = _column(columns, "bmi").astype(float)
    said = _text_has_any(columns, "plans", WEIGHT_ADVICE)
    out &= ~(said & (age >= PAEDIATRIC_AGE) & (bmi < OVERWEIGHT_BMI))
    return out


@lru_cache(maxsize=1)
def _variant_markers() -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Texts that name one variant: symptom details (present illness) and findings (examination)."""
    cat = catalogue()
    history = [(d, int(v)) for d, v in zip(cat.symptom_detail.tolist(), cat.symptom_variant.tolist()) if v]
    names = cat.variant_names
    # (a finding with a slot, {site}, by its longest literal piece)
    exam = [(max(_FINDING_SLOT.split(f), key=len), 1 + names.index(r))
            for f, r in zip(cat.finding_text.tolist(), cat.finding_requires.tolist()) if r in names]
    return history, exam


def findings_agree_on_variant(columns, options) -> np.ndarray:
    """One description per finding: the history and the examination name at most one variant of the visit's
    reason (灰白色稀薄鱼腥味 and 豆渣样 are two infections), and every drug given for it treats that variant
    (drugs.tsv variants: miconazole for candida, metronidazole for BV and trichomonas)."""
    cat, p = catalogue(), parsed(columns)
    history_markers, exam_markers = _variant_markers()
    words = tuple(t for t, _ in history_markers + exam_markers)
    histories, exams = _lists(columns, "present_illness"), _lists(columns, "exam_findings")
    todo = _text_has_any(columns, "present_illness", words) | _column_has_any(columns, "exam_findings", words)
    out = np.ones(len(histories), dtype=bool)
    rows = np.flatnonzero(todo)
    if not len(rows):
        return out
    # column-wise over the records naming a marker: per record, the variants its history and examination name
    named = np.zeros((len(rows), 1 + len(cat.variant_names)), dtype=bool)
    if _cscan is not None:
        # the words were found by the columns' shared scans (asked just above): read there
        codes = _distinct(columns, "exam_findings")[0][rows]
        for t, v in history_markers:
            named[:, v] |= _text_has_any(columns, "present_illness", (t,))[rows]
        for t, v in exam_markers:
            named[:, v] |= _text_has_any(columns, "distinct:exam_findings", (t,))[codes]
    else:
        for markers, texts in ((history_markers, histories), (exam_markers, exams)):
            said = [texts[i] for i in rows.tolist()]
            for t, v in markers:
                named[:, v] |= _has_any(said, (t,))
    count = named.sum(axis=1)
    ok = count <= 1
    # one variant named: every drug given for the visit's reason treats it, read at the prescription slots
    one = np.flatnonzero(count == 1)
    slot, filled = p._slot[rows[one]], p._filled[rows[one]]
    variant = named[one].argmax(axis=1)
    wrong = filled & cat.indication[slot, p.primary[rows[one]][:, None]] & ~cat.drug_variant_ok[variant[:, None], slot]
    ok[one] = ~wrong.any(axis=1)
    out[rows] = ok
    return out


# A plan verb that changes a drug names the drug it changes to, right after the verb (加用氢氯噻嗪片, 换用唑吡坦…):
# a reader found 调整降糖方案 without saying to what. 调整情绪 and the like are no drug change.
CHANGE_WORDS = ("调整", "加量", "换用", "加用", "加至")
CHANGE_VERBS = re.compile(f"(?:{'|'.join(CHANGE_WORDS)})(?!情绪|饮食|生活|作息|心态)")


def plan_changes_name_the_drug(columns, options) -> np.ndarray:
    names = tuple(catalogue().drug_name.tolist())
    plan = plans(columns)
    out = np.ones(len(plan), dtype=bool)
    changes = CHANGE_VERBS.finditer
    # only plans holding a change verb can break the rule: one column scan finds them
    for i in np.flatnonzero(_text_has_any(columns, "plans", CHANGE_WORDS)).tolist():
        for found in changes(plan[i]):
            if not plan[i].startswith(names, found.end()):
                out[i] = False
    return out


def flu_antigen_fits_diagnosis(columns, options) -> np.ndarray:
    """A positive influenza antigen test is written exactly where influenza is diagnosed (workups.FLU_POSITIVE); a
    negative or absent test never stands beside the diagnosis, a positive one never beside another."""
    from .workups import FLU_POSITIVE
    p, cat = parsed(columns), catalogue()
    flu = p.listed[:, cat.index["influenza"]]
    return _column_has_any(columns, "investigations", FLU_POSITIVE) == flu


def hla_screen_before_allopurinol(columns, options) -> np.ndarray:
    """A gout or hyperuricaemia visit that starts allopurinol (the histories do not say it is taken) shows the
    HLA-B*5801 screen in 辅助检查; no other record shows it (hla.py)."""
    from .hla import ALLOPURINOL, HLA_TEST, screen_fits
    p, cat = parsed(columns), catalogue()
    keys = _condition_keys()[p.primary]
    prescribed = p.on_drug[:, cat.drug_index[ALLOPURINOL]]
    # the histories are read only where allopurinol is prescribed (a few records in a batch)
    past, hpi = _lists(columns, "past_history"), _lists(columns, "present_illness")
    before = np.zeros(len(keys), dtype=bool)
    for i in np.flatnonzero(prescribed).tolist():
        before[i] = "别嘌醇" in past[i] or "别嘌醇" in hpi[i]
    return screen_fits(keys, prescribed, before, _column_has_any(columns, "investigations", (HLA_TEST,)))


def start_doses_on_kidney_function(columns, options) -> np.ndarray:
    """An adult visit that begins a renally cleared drug of start_doses.START_LINES (prescribed for the visit's
    reason; the histories do not say the patient takes it) gives its start line at the eGFR shown beside the
    creatinine in 辅助检查; a drug the patient takes already keeps the label's maintenance line."""
    from .start_doses import HISTORY_NAMES, RENAL_TEXT, START_LINES, start_line
    p, cat = parsed(columns), catalogue()
    age, _ = ages_sexes(columns)
    ids = [cat.drug_index[name] for name in START_LINES]
    on = p.on_drug[:, ids]
    out = np.ones(len(age), dtype=bool)
    rows = np.flatnonzero(on.any(axis=1) & (age >= PAEDIATRIC_AGE))
    if not len(rows):
        return out
    past, hpi, tests = _lists(columns, "past_history"), _lists(columns, "present_illness"), \
        _lists(columns, "investigations")
    meds = _lists(columns, "medications")
    primary = p.primary.tolist()
    for i in rows.tolist():
        renal = RENAL_TEXT.search(tests[i])
        for name, d in zip(START_LINES, ids):
            line = next((m for m in meds[i] if m.get("name") == name), None)
            if line is None:
                continue
            taken = HISTORY_NAMES[name] in past[i] or HISTORY_NAMES[name] in hpi[i]
            begun = primary[i] >= 0 and cat.indication[d, primary[i]] and not taken
            got = (line.get("dose"), line.get("frequency"))
            if begun:
                out[i] &= renal is not None and got == start_line(name, int(renal.group(2)))
            else:
                out[i] &= got == (cat.drug_adult[d].text, str(cat.drug_adult_frequency[d]))
    return out


def pneumonia_admission_advised(columns, options) -> np.ndarray:
    """An adult pneumonia with CRB-65 from 2, or from 65 with a chronic diagnosis listed, and a child's pneumonia
    with both lungs on the film, are advised admission in the plan (建议住院治疗); no other record is (admission.py)."""
    from .admission import ADVICE, BOTH_LUNGS_FILM, admission_advised, comorbid as listed_comorbidity
    p, cat = parsed(columns), catalogue()
    age, _ = ages_sexes(columns)
    comorbid = listed_comorbidity(cat, p.listed)
    pneumonia = p.primary == cat.index["pneumonia"]
    both = np.zeros(len(age), dtype=bool)
    tests = _lists(columns, "investigations")
    for i in np.flatnonzero(pneumonia).tolist():
        both[i] = BOTH_LUNGS_FILM in tests[i]
    wanted = admission_advised(pneumonia, age, _column(columns, "resp_rate"),
                               _column(columns, "sbp"), _column(columns, "dbp"), comorbid, both)
    return _text_has_any(columns, "note", (ADVICE,)) == wanted     # notes are distinct: no dedup pass


def steady_claim_fits_pressure(columns, options) -> np.ndarray:
    """No plan calls a condition 病情平稳 beside a pressure measured at or above 140/90 mmHg (sections.STEADY)."""
    from .sections import STEADY
    high = (_column(columns, "sbp") >= BP_SYSTOLIC) | (_column(columns, "dbp") >= BP_DIASTOLIC)
    plan, out = plans(columns), np.ones(len(high), dtype=bool)
    for i in np.flatnonzero(high).tolist():     # the plan only: a history may tell how things stood before
        out[i] = STEADY not in plan[i]
    return out


def warnings_describe_a_change(columns, options) -> np.ndarray:
    """No return-visit warning of the plan names, as an item of its list, a sign the complaint, present illness or
    examination records as present, or a duration the complaint has reached (return_signs.py)."""
    from .return_signs import PLAN_WORDS, PRESENT_WORDS, stale_rows
    notes = _lists(columns, "note")       # the plans below are cut from them (plans())
    out = np.ones(len(notes), dtype=bool)
    words = None
    if _cscan is not None:
        # the plans' and the histories' words from the scans every rule shares (no scan of their own)
        words = (_word_bits(columns, "plans", PLAN_WORDS),
                 _word_bits(columns, "distinct:chief_complaint", PRESENT_WORDS) |
                 _word_bits(columns, "present_illness", PRESENT_WORDS) |
                 _word_bits(columns, "distinct:exam_findings", PRESENT_WORDS))
    out[stale_rows(notes, _lists(columns, "chief_complaint"), _lists(columns, "present_illness"),
                   _lists(columns, "exam_findings"), plans(columns), words)] = False
    return out


def child_daily_doses_fit_weight(columns, options) -> np.ndarray:
    """Under 14, each weight-based line's day total fits the label's per-kg range per day or is the largest
    measurable dose at the daily maximum, never above it (daily_doses.py)."""
    from .daily_doses import daily_drugs, daily_fits
    p = parsed(columns)
    age, _ = ages_sexes(columns)
    out = np.ones(len(age), dtype=bool)
    rows = np.flatnonzero((age < PAEDIATRIC_AGE) & p.takes(daily_drugs()))
    if not len(rows):
        return out
    weights = _column(columns, "weight_kg").astype(float).tolist()
    meds = _lists(columns, "medications")
    for r in rows.tolist():
        out[r] = all(d < 0 or daily_fits(d, m.get("dose", ""), m.get("frequency", ""), weights[r], int(p.primary[r]))
                     for d, m in zip(p.drugs[r], meds[r]))
    return out


def eczema_treated_by_stage(columns, options) -> np.ndarray:
    """An eczema visit's prescription fits the stage its examination shows (eczema_stage.py): 渗出 -> 硼酸洗液
    before any cream or ointment from 1 year; 苔藓样变 -> no hydrocortisone butyrate."""
    from .eczema_stage import stage_fits
    p, cat = parsed(columns), catalogue()
    age, _ = ages_sexes(columns)
    out = np.ones(len(p.primary), dtype=bool)
    rows = np.flatnonzero(p.primary == cat.index["eczema"]).tolist()
    if rows:
        exams, meds, ages = _lists(columns, "exam_findings"), _lists(columns, "medications"), age.tolist()
        for i in rows:
            out[i] = stage_fits(exams[i], [m.get("name", "") for m in meds[i]], int(ages[i]))
    return out


def adult_dehydration_worked_up(columns, options) -> np.ndarray:
    """From 14, an examination showing dehydration comes with the plan's electrolytes and kidney function and each
    diuretic of the past history held (not prescribed); no other plan says either (fluid_loss.py)."""
    from .fluid_loss import HOLD, WORK_UP, fits
    age, _ = ages_sexes(columns)
    notes = _lists(columns, "note")
    out = np.ones(len(age), dtype=bool)
    dry = dehydration_shown(columns) & (age >= PAEDIATRIC_AGE)
    rows = np.flatnonzero(dry | _text_has_any(columns, "note", (WORK_UP, HOLD))).tolist()
    if rows:
        past, meds = _lists(columns, "past_history"), _lists(columns, "medications")
        for i in rows:
            note = notes[i]
            out[i] = fits(note[note.rfind("处理："):], past[i], [m.get("name", "") for m in meds[i]], bool(dry[i]))
    return out


def alarm_workup_ordered(columns, options) -> np.ndarray:
    """A finding or context calling for its own work-up has it (alarms.py): a reflux visit from 45, with an alarm
    feature or on a proton-pump inhibitor has a gastroscopy (done or advised); a PSA on a 5α-reductase inhibitor
    is read doubled and a doubled value of 4 or more worked up; a treated thyroid disease has its thyroid function."""
    from .alarms import workup_fits
    p, cat = parsed(columns), catalogue()
    age, _ = ages_sexes(columns)
    gerd = p.primary == cat.index["gerd"]
    thyroid = p.listed[:, cat.index["hyperthyroidism"]] | p.listed[:, cat.index["hypothyroidism"]]
    tests = _lists(columns, "investigations")
    out = np.ones(len(age), dtype=bool)
    rows = np.flatnonzero(gerd | thyroid | _column_has_any(columns, "investigations", ("PSA",))).tolist()
    if rows:
        notes, past, hpis = _lists(columns, "note"), _lists(columns, "past_history"), _lists(columns, "present_illness")
        ages = age.tolist()
        for i in rows:
            note = notes[i]
            out[i] = workup_fits(bool(gerd[i]), bool(thyroid[i]), int(ages[i]), hpis[i], past[i], tests[i],
                                 note[note.rfind("处理："):])
    return out


def complaint_addressed(columns, options) -> np.ndarray:
    """Each symptom of the complaint is answered: a raised pressure's symptom (头痛, 颈项部发紧: symptoms.tsv course
    `raised`) never opens a hypertension visit whose plan finds the pressure 控制达标 (nothing then explains it); a
    snoring complaint or history has the sleep study advised (alarms.py)."""
    from .alarms import SLEEP_STUDY, SNORING
    p, cat = parsed(columns), catalogue()
    plan = plans(columns)
    raised = tuple(sorted(set(cat.symptom_text[cat.symptom_course == "raised"].tolist())))
    out = np.ones(len(plan), dtype=bool)
    controlled = (p.primary == cat.hypertension) & _text_has_any(columns, "plans", ("血压控制达标",))
    out &= ~(controlled & _column_has_any(columns, "chief_complaint", raised))
    snoring = _text_has_any(columns, "present_illness", (SNORING,)) | \
        _column_has_any(columns, "chief_complaint", (SNORING,))
    out &= ~snoring | _text_has_any(columns, "plans", (SLEEP_STUDY,))
    return out
