"""Field validators: vectorised checks that say, per record, whether a value is valid and if not, why.

Every validator takes a column (a NumPy array, list or pandas Series) and returns a `Validation`: `ok` is True
where the value is valid *or missing*, `reason` names the first problem found for each invalid value, and
`checked` is False where the value is missing. Missing values (None, NaN, empty or blank strings) are not this
module's business; completeness is measured separately, so a missing value is never counted twice.

    >>> v = resident_id(["11010519491231002X", "110105194912310021"])
    >>> v.ok.tolist(), v.reason.tolist()
    ([True, False], [None, 'wrong check character'])

Validators are used three ways: by domain consistency rules while generating (so they must be fast on 64k-row
batches), by `synth check` on files from anywhere, and directly by users.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

import numpy as np
import pandas as pd

from . import dates
from .idcard import CHECK_CHARACTERS, WEIGHTS

__all__ = [
    "Validation", "is_missing", "as_text", "parse_dates", "resident_id", "mobile_phone", "bank_card", "iso_date",
    "iso_datetime", "enumeration", "number_range", "text_length", "residence_chain", "normalise_sex",
    "DEFAULT_MAX_YEARS_BACK",
]

# A date more than this many years before as_of is "absurdly old" (the oldest person on record lived 122 years).
DEFAULT_MAX_YEARS_BACK = 150


@dataclass
class Validation:
    """Per-record result: `ok` (valid or missing), `reason` (None where ok) and `checked` (False where missing)."""

    ok: np.ndarray
    reason: np.ndarray
    checked: np.ndarray

    @property
    def failed(self) -> int:
        return int((~self.ok).sum())

    @property
    def rows(self) -> np.ndarray:
        """Positions of the invalid values."""
        return np.flatnonzero(~self.ok)

    def reasons(self) -> Counter:
        """How many values failed for each reason."""
        return Counter(self.reason[~self.ok].tolist())

    def __and__(self, other: "Validation") -> "Validation":
        """Both must hold; the first validation's reason wins where both fail."""
        reason = self.reason.copy()
        take = self.ok & ~other.ok
        reason[take] = other.reason[take]
        return Validation(self.ok & other.ok, reason, self.checked | other.checked)


class _Verdict:
    """Collects failures in order: a record keeps the first reason it fails for."""

    def __init__(self, missing: np.ndarray):
        self.missing = missing
        self.bad = np.zeros(len(missing), dtype=bool)
        self.reason = np.full(len(missing), None, dtype=object)

    def fail(self, mask: np.ndarray, text: str) -> None:
        new = np.asarray(mask, dtype=bool) & ~self.bad & ~self.missing
        if new.any():
            self.reason[new] = text
            self.bad |= new

    @property
    def pending(self) -> np.ndarray:
        """Rows still worth checking: present and not yet failed."""
        return ~self.bad & ~self.missing

    def result(self) -> Validation:
        return Validation(~self.bad, self.reason, ~self.missing)


# -- column helpers -----------------------------------------------------------------------------------------
def _objects(values: Any) -> np.ndarray:
    if isinstance(values, pd.Series):
        values = values.to_numpy(dtype=object, na_value=None)
    array = np.asarray(values, dtype=object) if not isinstance(values, np.ndarray) else values
    if array.ndim != 1:  # a list of lists must stay a column of lists
        column = np.empty(len(values), dtype=object)
        column[:] = list(values)
        return column
    return array


def _missing_one(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float):
        return value != value
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, dict, np.ndarray)):
        return len(value) == 0
    return False


def is_missing(values: Any) -> np.ndarray:
    """True where a value is absent: None, NaN, NaT, an empty or blank string, or an empty list."""
    array = _objects(values)
    if array.dtype.kind in "iub":
        return np.zeros(len(array), dtype=bool)
    if array.dtype.kind in "fmM":
        return np.asarray(pd.isna(array), dtype=bool)
    return np.fromiter(map(_missing_one, array), dtype=bool, count=len(array))


def _text_one(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return str(value)
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        if value != value:
            return ""
        return str(int(value)) if float(value).is_integer() and abs(value) < 1e18 else repr(float(value))
    return str(value)


def as_text(values: Any) -> np.ndarray:
    """Values as stripped strings (numbers without a trailing .0, missing as ''), an object array."""
    array = _objects(values)
    return np.fromiter(map(_text_one, array), dtype=object, count=len(array))


def _codes(text: np.ndarray, width: int) -> np.ndarray:
    """(n, width) matrix of Unicode code points of the first `width` characters, zero padded."""
    fixed = np.asarray(text, dtype=f"U{width}") if len(text) else np.zeros(0, dtype=f"U{width}")
    return fixed.view(np.uint32).reshape(len(text), width)


def _lengths(text: np.ndarray) -> np.ndarray:
    return np.fromiter(map(len, text), dtype=np.int64, count=len(text))


def parse_dates(values: Any) -> np.ndarray:
    """ISO dates (YYYY-MM-DD, or the date part of an ISO datetime) as datetime64[D]; NaT where not a date."""
    text = pd.Series(as_text(values), dtype=object).str.slice(0, 10)
    shaped = text.str.fullmatch(r"\d{4}-\d{2}-\d{2}").fillna(False).to_numpy(dtype=bool)
    out = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[D]")
    if shaped.any():
        parsed = pd.to_datetime(text[shaped], format="%Y-%m-%d", errors="coerce")
        out[shaped] = parsed.to_numpy(dtype="datetime64[D]")
    return out


def _to_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _window(as_of: Any, max_years_back: int) -> tuple[np.datetime64, np.datetime64]:
    as_of = _to_date(as_of)
    try:
        earliest = as_of.replace(year=as_of.year - max_years_back)
    except ValueError:  # 29 February
        earliest = as_of.replace(year=as_of.year - max_years_back, day=28)
    return np.datetime64(earliest, "D"), np.datetime64(as_of, "D")


# -- lexicon tables ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _DivisionTable:
    code: np.ndarray       # sorted int64 division codes
    province: np.ndarray
    city: np.ndarray
    district: np.ndarray
    chains: frozenset      # {(province, city, district)}


@lru_cache(maxsize=1)
def division_table() -> _DivisionTable:
    """The shipped county-level division codes (lexicons/persons/divisions.tsv), sorted by code."""
    from .resources import read_table

    t = read_table("persons", "divisions.tsv")
    code = t["code"].astype(np.int64).to_numpy()
    order = np.argsort(code, kind="stable")
    province = t["province"].to_numpy(dtype=object)[order]
    city = t["city"].to_numpy(dtype=object)[order]
    district = t["district"].to_numpy(dtype=object)[order]
    return _DivisionTable(code[order], province, city, district, frozenset(zip(province, city, district)))


@lru_cache(maxsize=1)
def mobile_prefix_set() -> frozenset:
    """Mobile number prefixes in use (lexicons/persons/mobile_prefixes.tsv), as strings."""
    from .resources import read_table

    return frozenset(read_table("persons", "mobile_prefixes.tsv")["prefix"].str.strip())


def _lookup_division(codes: np.ndarray) -> np.ndarray:
    """Row of each division code in the table, or -1 when the code is not a real division."""
    table = division_table().code
    at = np.clip(np.searchsorted(table, codes), 0, len(table) - 1)
    return np.where(table[at] == codes, at, -1)


_SEX = {"男": 1, "男性": 1, "m": 1, "male": 1, "1": 1, "女": 0, "女性": 0, "f": 0, "female": 0, "2": 0, "0": 0}


def normalise_sex(values: Any) -> np.ndarray:
    """1 for 男/male/M, 0 for 女/female/F, -1 for anything else (unknown or missing)."""
    return np.fromiter((_SEX.get(v.lower(), -1) for v in as_text(values)), dtype=np.int64)


def _same_text(a: np.ndarray, b: Any) -> np.ndarray:
    return a == as_text(b)


# -- validators ---------------------------------------------------------------------------------------------
_MASKED_ID = re.compile(r"\d{6}\*{8}\d{3}[\dX]")


def resident_id(values: Any, *, birth_date: Any = None, sex: Any = None, birth_province: Any = None,
                birth_city: Any = None, birth_district: Any = None, as_of: Any = None,
                max_years_back: int = DEFAULT_MAX_YEARS_BACK, allow_masked: bool = True) -> Validation:
    """Chinese resident ID numbers (GB 11643-1999), and their agreement with the person's other fields.

    Checks, in order: 18 characters; 17 digits and a check character 0-9 or upper-case X; a division code in the
    shipped table; a real calendar birth date (not after `as_of` nor more than `max_years_back` years before it,
    when `as_of` is given); the MOD 11-2 check character. When given, `birth_date` must equal the encoded date,
    `sex` must match the sequence parity (odd for 男) and `birth_province/city/district` must name the encoded
    division. Masked numbers (110105********1234) are accepted when `allow_masked`; their division and sex are
    still checked, their date and check character cannot be.
    """
    text = as_text(values)
    verdict = _Verdict(text == "")
    n = len(text)
    length = _lengths(text)
    codes = _codes(text, 18).astype(np.int64)
    digits = codes - ord("0")
    is_digit = (digits >= 0) & (digits <= 9)
    masked = np.zeros(n, dtype=bool)
    if allow_masked:
        star = codes == ord("*")
        masked = (length == 18) & star[:, 6:14].all(axis=1) & is_digit[:, :6].all(axis=1) & is_digit[:, 14:17].all(axis=1)
    verdict.fail(length != 18, "wrong length")
    verdict.fail(~masked & ~is_digit[:, :17].all(axis=1), "not digits")
    verdict.fail(codes[:, 17] == ord("x"), "lower-case x check character")
    verdict.fail(~is_digit[:, 17] & (codes[:, 17] != ord("X")), "bad check character")
    digits = np.where(is_digit, digits, 0)
    division = digits[:, :6] @ (10 ** np.arange(5, -1, -1, dtype=np.int64))
    row = _lookup_division(division)
    verdict.fail(row < 0, "unknown division code")
    year = digits[:, 6:10] @ np.array([1000, 100, 10, 1])
    month = digits[:, 10] * 10 + digits[:, 11]
    day = digits[:, 12] * 10 + digits[:, 13]
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_length = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.clip(month, 0, 12)] + ((month == 2) & leap)
    verdict.fail(~masked & ((month < 1) | (month > 12) | (day < 1) | (day > month_length) | (year < 1800)),
                 "impossible birth date")
    born = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    real = verdict.pending & ~masked
    born[real] = dates.from_ymd(year[real], month[real], day[real])
    if as_of is not None:
        earliest, latest = _window(as_of, max_years_back)
        verdict.fail(real & (born > latest), "birth date after as_of")
        verdict.fail(real & (born < earliest), f"birth date more than {max_years_back} years before as_of")
    check = CHECK_CHARACTERS[(digits[:, :17] @ WEIGHTS) % 11]
    verdict.fail(~masked & (codes[:, 17] != check), "wrong check character")
    if birth_date is not None:
        given = parse_dates(birth_date)
        verdict.fail(~masked & ~np.isnat(given) & (given != born), "disagrees with birth_date")
    if sex is not None:
        stated = normalise_sex(sex)
        male = digits[:, 16] % 2 == 1
        verdict.fail((stated >= 0) & (male != (stated == 1)), "sex digit disagrees with sex")
    table = division_table()
    for given, names, label in ((birth_province, table.province, "birth_province"),
                                (birth_city, table.city, "birth_city"),
                                (birth_district, table.district, "birth_district")):
        if given is not None:
            stated = as_text(given)
            encoded = np.where(row >= 0, names[np.maximum(row, 0)], None)
            verdict.fail((stated != "") & (row >= 0) & (encoded != stated), f"division disagrees with {label}")
    return verdict.result()


def mobile_phone(values: Any, *, allow_masked: bool = True) -> Validation:
    """Mainland mobile numbers: 11 digits (an optional +86 prefix, spaces and hyphens are ignored) starting with a
    prefix in use (lexicons/persons/mobile_prefixes.tsv). Masked numbers (138****5678) are accepted when
    `allow_masked`; their prefix is still checked."""
    raw = as_text(values)
    text = pd.Series(raw, dtype=object).str.replace(r"[\s-]", "", regex=True).str.replace(r"^(?:\+86|0086)", "", regex=True)
    text = text.to_numpy(dtype=object)
    verdict = _Verdict(raw == "")
    shape = pd.Series(text, dtype=object)
    plain = shape.str.fullmatch(r"\d{11}").to_numpy(dtype=bool)
    masked = shape.str.fullmatch(r"\d{3}\*{4}\d{4}").to_numpy(dtype=bool) if allow_masked else np.zeros(len(text), bool)
    verdict.fail(~plain & ~masked & ~shape.str.fullmatch(r"[\d*]*").to_numpy(dtype=bool), "not digits")
    verdict.fail(~plain & ~masked, "not 11 digits")
    prefixes = mobile_prefix_set()
    known = np.fromiter((t[:3] in prefixes for t in text), dtype=bool, count=len(text))
    verdict.fail(~known, "unknown mobile prefix")
    return verdict.result()


# Card networks by issuer identification number (first digits) and the lengths they issue.
_NETWORKS = (
    ("UnionPay", ("62", "81"), (16, 17, 18, 19)),
    ("Visa", ("4",), (16, 19)),
    ("Mastercard", tuple(str(p) for p in range(51, 56)) + tuple(str(p) for p in range(2221, 2721)), (16,)),
    ("JCB", tuple(str(p) for p in range(3528, 3590)), (16, 17, 18, 19)),
    ("Discover", ("6011", "65") + tuple(str(p) for p in range(644, 650)), (16, 17, 18, 19)),
)


def _luhn_ok(digits: np.ndarray) -> np.ndarray:
    """Luhn check on right-aligned digit rows (leading zeros do not change the sum)."""
    doubled = digits[:, ::-1].copy()
    odd = doubled[:, 1::2] * 2
    doubled[:, 1::2] = np.where(odd > 9, odd - 9, odd)
    return doubled.sum(axis=1) % 10 == 0


def bank_card(values: Any) -> Validation:
    """Bank card numbers: digits (spaces ignored), 16 to 19 long, a known network's issuer range with a length
    that network issues (UnionPay 62/81, Visa, Mastercard, JCB, Discover), and a valid Luhn check digit."""
    raw = as_text(values)
    text = np.array([t.replace(" ", "") for t in raw], dtype=object)
    verdict = _Verdict(raw == "")
    length = _lengths(text)
    digits_only = pd.Series(text, dtype=object).str.fullmatch(r"\d+").to_numpy(dtype=bool)
    verdict.fail(~digits_only, "not digits")
    verdict.fail((length < 16) | (length > 19), "length not 16-19")
    network_ok = np.zeros(len(text), dtype=bool)
    for _, prefixes, lengths in _NETWORKS:
        starts = np.fromiter((t.startswith(prefixes) for t in text), dtype=bool, count=len(text))
        network_ok |= starts & np.isin(length, lengths)
    verdict.fail(~network_ok, "length does not fit the issuer range (BIN)")
    right = np.array([t.rjust(19, "0")[-19:] if d else "0" * 19 for t, d in zip(text, digits_only)], dtype=object)
    digits = _codes(right, 19).astype(np.int64) - ord("0")
    verdict.fail(~_luhn_ok(digits), "wrong Luhn check digit")
    return verdict.result()


def iso_date(values: Any, *, as_of: Any = None, max_years_back: int = DEFAULT_MAX_YEARS_BACK,
             allow_future: bool = False) -> Validation:
    """ISO dates YYYY-MM-DD that exist on the calendar and, when `as_of` is given, fall in the window
    [as_of - max_years_back years, as_of] (no future dates unless `allow_future`)."""
    text = as_text(values)
    verdict = _Verdict(text == "")
    series = pd.Series(text, dtype=object)
    verdict.fail(~series.str.fullmatch(r"\d{4}-\d{2}-\d{2}").to_numpy(dtype=bool), "not an ISO date (YYYY-MM-DD)")
    days = parse_dates(text)
    verdict.fail(np.isnat(days), "no such calendar date")
    _date_window(verdict, days, as_of, max_years_back, allow_future)
    return verdict.result()


_ISO_DATETIME = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?"


def iso_datetime(values: Any, *, as_of: Any = None, max_years_back: int = DEFAULT_MAX_YEARS_BACK,
                 allow_future: bool = False, allow_date: bool = False) -> Validation:
    """ISO date-times (YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|+08:00]) that exist and, when `as_of` is given, fall
    on or before the as_of day and no more than `max_years_back` years before it. Bare dates pass when
    `allow_date`."""
    text = as_text(values)
    verdict = _Verdict(text == "")
    series = pd.Series(text, dtype=object)
    shaped = series.str.fullmatch(_ISO_DATETIME).to_numpy(dtype=bool)
    if allow_date:
        shaped |= series.str.fullmatch(r"\d{4}-\d{2}-\d{2}").to_numpy(dtype=bool)
    verdict.fail(~shaped, "not an ISO date-time")
    parsed = np.full(len(text), np.datetime64("NaT"), dtype="datetime64[D]")
    ok = verdict.pending
    if ok.any():
        stamps = pd.to_datetime(series[ok], format="ISO8601", errors="coerce", utc=True)
        parsed[ok] = stamps.dt.tz_localize(None).to_numpy(dtype="datetime64[D]")
    verdict.fail(np.isnat(parsed), "no such date or time")
    _date_window(verdict, parsed, as_of, max_years_back, allow_future)
    return verdict.result()


def _date_window(verdict: _Verdict, days: np.ndarray, as_of: Any, max_years_back: int, allow_future: bool) -> None:
    if as_of is None:
        return
    earliest, latest = _window(as_of, max_years_back)
    if not allow_future:
        verdict.fail(days > latest, "after as_of (a future date)")
    verdict.fail(days < earliest, f"more than {max_years_back} years before as_of")


def enumeration(values: Any, allowed: Iterable[Any]) -> Validation:
    """Values that must be one of `allowed` (compared as text)."""
    text = as_text(values)
    verdict = _Verdict(text == "")
    allowed_text = np.array([_text_one(a) for a in allowed], dtype=object)
    verdict.fail(~np.isin(text, allowed_text), "not an allowed value")
    return verdict.result()


def number_range(values: Any, low: float | None = None, high: float | None = None, *,
                 integer: bool = False) -> Validation:
    """Numbers (or numeric text) within [low, high]; `integer` also requires whole numbers."""
    array = _objects(values)
    missing = is_missing(array)
    verdict = _Verdict(missing)
    if array.dtype.kind in "iuf":
        numbers = array.astype(float)
    else:
        numbers = pd.to_numeric(pd.Series(array, dtype=object).map(
            lambda v: None if isinstance(v, (bool, list, dict)) else v), errors="coerce").to_numpy(dtype=float)
    verdict.fail(np.isnan(numbers) | np.isinf(numbers), "not a number")
    numbers = np.nan_to_num(numbers)
    if integer:
        verdict.fail(numbers != np.round(numbers), "not a whole number")
    if low is not None:
        verdict.fail(numbers < low, f"below {low:g}")
    if high is not None:
        verdict.fail(numbers > high, f"above {high:g}")
    return verdict.result()


def text_length(values: Any, low: int | None = None, high: int | None = None) -> Validation:
    """Text whose length in characters (Unicode code points, leading and trailing blanks stripped; a Chinese
    character counts 1) is within [low, high]."""
    text = as_text(values)
    verdict = _Verdict(text == "")
    length = _lengths(text)
    if low is not None:
        verdict.fail(length < low, f"shorter than {low} characters")
    if high is not None:
        verdict.fail(length > high, f"longer than {high} characters")
    return verdict.result()


def residence_chain(province: Any, city: Any, district: Any) -> Validation:
    """(province, city, district) must be a real chain in the shipped division table: the district inside the
    city inside the province. Rows with any part missing are not checked."""
    p, c, d = as_text(province), as_text(city), as_text(district)
    verdict = _Verdict((p == "") | (c == "") | (d == ""))
    table = division_table()
    provinces = set(table.province.tolist())
    cities = {(a, b) for a, b, _ in table.chains}
    verdict.fail(np.fromiter((x not in provinces for x in p), dtype=bool, count=len(p)), "unknown province")
    verdict.fail(np.fromiter(((x, y) not in cities for x, y in zip(p, c)), dtype=bool, count=len(p)),
                 "city not in province")
    chains = table.chains
    verdict.fail(np.fromiter(((x, y, z) not in chains for x, y, z in zip(p, c, d)), dtype=bool, count=len(p)),
                 "district not in city")
    return verdict.result()
