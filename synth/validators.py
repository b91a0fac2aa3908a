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
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

import numpy as np
import pandas as pd
from numpy.dtypes import StringDType

from . import dates, division_history
from .idcard import CHECK_CHARACTERS, WEIGHTS

__all__ = [
    "Validation", "is_missing", "text", "as_text", "parse_dates", "resident_id", "mobile_phone", "bank_card", "iso_date",
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

    def __array__(self, dtype=None, copy=None) -> np.ndarray:
        """A Validation is usable wherever a rule's bool array is expected (it is its `ok` column)."""
        return self.ok if dtype is None else self.ok.astype(dtype)

    def __len__(self) -> int:
        return len(self.ok)

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
_STR = StringDType()


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
    if isinstance(values, np.ndarray) and values.dtype.kind in "TU":
        return np.strings.str_len(np.strings.strip(values)) == 0
    array = _objects(values)
    if array.dtype.kind in "iub":
        return np.zeros(len(array), dtype=bool)
    if array.dtype.kind in "fmM":
        return np.asarray(pd.isna(array), dtype=bool)
    if len(array) and pd.api.types.infer_dtype(array, skipna=True) in ("string", "empty"):
        absent = np.asarray(pd.isna(array), dtype=bool)
        filled = array.copy() if absent.any() else array
        if absent.any():
            filled[absent] = ""
        return absent | (np.strings.str_len(np.strings.strip(filled.astype(_STR))) == 0)
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
    if value is pd.NA or value is pd.NaT:
        return ""
    return str(value)


def text(values: Any) -> np.ndarray:
    """Values as stripped NumPy strings (StringDType): numbers without a trailing .0, missing as ''."""
    if isinstance(values, np.ndarray) and values.dtype.kind in "TU":
        return np.strings.strip(values.astype(_STR, copy=False))
    array = _objects(values)
    if array.dtype.kind in "iu":
        return array.astype(_STR)
    if not len(array):
        return np.zeros(0, dtype=_STR)
    kind = pd.api.types.infer_dtype(array, skipna=True) if array.dtype == object else ""
    if kind == "integer" and not np.asarray(pd.isna(array), dtype=bool).any():
        return array.astype(np.int64).astype(_STR)
    if kind in ("string", "empty"):
        absent = np.asarray(pd.isna(array), dtype=bool)  # strings and missing values only: convert in C
        if absent.any():
            array = array.copy()
            array[absent] = ""
        return np.strings.strip(array.astype(_STR))
    return np.array([_text_one(v) for v in array], dtype=_STR)


def labels(values: Any) -> np.ndarray:
    """Values as an object array of Python strings for comparing names and labels; missing becomes ''.
    Unlike `text`, strings are taken as they are (not trimmed) when the column holds only strings."""
    if isinstance(values, pd.Series):
        values = values.to_numpy(dtype=object, na_value=None)
    if isinstance(values, np.ndarray) and values.dtype == object and len(values) and \
            pd.api.types.infer_dtype(values, skipna=True) == "string":
        absent = np.asarray(pd.isna(values), dtype=bool)
        if absent.any():
            values = values.copy()
            values[absent] = ""
        return values
    return as_text(values)


def as_text(values: Any) -> np.ndarray:
    """Values as stripped Python strings (numbers without a trailing .0, missing as ''), an object array."""
    return text(values).astype(object)


def _codes(strings: np.ndarray, width: int) -> np.ndarray:
    """(n, width) int32 matrix of the code points of the first `width` characters, zero padded."""
    fixed = strings.astype(f"U{width}") if len(strings) else np.zeros(0, dtype=f"U{width}")
    return fixed.view(np.int32).reshape(len(strings), width)


def _member(strings: np.ndarray, allowed: frozenset) -> np.ndarray:
    return np.fromiter(map(allowed.__contains__, strings.astype(object)), dtype=bool, count=len(strings))


_DIGIT_WEIGHTS = {k: 10 ** np.arange(k - 1, -1, -1, dtype=np.int64) for k in range(1, 19)}


def _number(digits: np.ndarray) -> np.ndarray:
    return digits @ _DIGIT_WEIGHTS[digits.shape[1]]


def _month_length(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    return np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.clip(month, 0, 12)] + ((month == 2) & leap)


def _ymd_dates(year: np.ndarray, month: np.ndarray, day: np.ndarray, valid: np.ndarray) -> np.ndarray:
    out = np.full(len(year), np.datetime64("NaT"), dtype="datetime64[D]")
    if valid.any():
        out[valid] = dates.from_ymd(year[valid], month[valid], day[valid])
    return out


def parse_dates(values: Any) -> np.ndarray:
    """ISO dates (YYYY-MM-DD, alone or as the start of an ISO date-time) as datetime64[D]; NaT where the text is
    not shaped like that or names no calendar day."""
    strings = text(values)
    length = np.strings.str_len(strings)
    c = _codes(strings, 11)
    dash = (c[:, 4] == ord("-")) & (c[:, 7] == ord("-")) & (c[:, 0] >= ord("0")) & (c[:, 0] <= ord("9"))
    if len(strings) and (length == 10).all() and dash.all():
        # The common case, every value shaped YYYY-MM-DD: NumPy parses it in C and rejects impossible days.
        try:
            return strings.astype("datetime64[D]")
        except ValueError:
            pass
    d = c - ord("0")
    is_digit = (d >= 0) & (d <= 9)
    shaped = (is_digit[:, [0, 1, 2, 3, 5, 6, 8, 9]].all(axis=1) & dash
              & ((length == 10) | ((length > 10) & ((c[:, 10] == ord("T")) | (c[:, 10] == ord(" "))))))
    d = np.where(is_digit, d, 0)
    year, month, day = _number(d[:, 0:4]), _number(d[:, 5:7]), _number(d[:, 8:10])
    real = shaped & (month >= 1) & (month <= 12) & (day >= 1) & (day <= _month_length(year, month)) & (year >= 1)
    return _ymd_dates(year, month, day, real)


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
    province: np.ndarray   # names per code (object arrays of str)
    city: np.ndarray
    district: np.ndarray
    provinces: frozenset   # {province}
    cities: frozenset      # {(province, city)}
    chains: frozenset      # {(province, city, district)}


@lru_cache(maxsize=1)
def division_table() -> _DivisionTable:
    """The shipped county-level division codes (lexicons/persons/divisions.tsv), sorted by code."""
    from .resources import read_table

    t = read_table("persons", "divisions.tsv")
    code = t["code"].astype(np.int64).to_numpy()
    order = np.argsort(code, kind="stable")
    province, city, district = (t[c].to_numpy(dtype=object)[order] for c in ("province", "city", "district"))
    return _DivisionTable(code[order], province, city, district, frozenset(province),
                          frozenset(zip(province, city)), frozenset(zip(province, city, district)))


@lru_cache(maxsize=1)
def mobile_prefixes() -> np.ndarray:
    """Mobile number prefixes in use (lexicons/persons/mobile_prefixes.tsv), as sorted integers."""
    from .resources import read_table

    return np.unique(read_table("persons", "mobile_prefixes.tsv")["prefix"].str.strip().astype(np.int64).to_numpy())


def _lookup(table: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Position of each key in the sorted `table`, or -1 when it is not there."""
    at = np.clip(np.searchsorted(table, keys), 0, len(table) - 1)
    return np.where(table[at] == keys, at, -1)


# GB/T 2261.1 codes too: 1 男, 2 女 (0 and 9 mean unknown).
_MALE = frozenset({"男", "男性", "m", "male", "1"})
_FEMALE = frozenset({"女", "女性", "f", "female", "2"})


def normalise_sex(values: Any) -> np.ndarray:
    """1 for 男/男性/M/male/1, 0 for 女/女性/F/female/2, -1 for anything else (unknown or missing)."""
    codes, distinct = pd.factorize(labels(values))
    meaning = np.array([1 if str(v).strip().lower() in _MALE else 0 if str(v).strip().lower() in _FEMALE else -1
                        for v in distinct] + [-1], dtype=np.int64)
    return meaning[codes]


# -- validators ---------------------------------------------------------------------------------------------
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
    strings = text(values)
    length = np.strings.str_len(strings)
    verdict = _Verdict(length == 0)
    codes = _codes(strings, 18)
    digits = codes - ord("0")
    is_digit = (digits >= 0) & (digits <= 9)
    masked = np.zeros(len(strings), dtype=bool)
    if allow_masked:
        masked = ((length == 18) & (codes[:, 6:14] == ord("*")).all(axis=1) & is_digit[:, :6].all(axis=1)
                  & is_digit[:, 14:17].all(axis=1))
    verdict.fail(length != 18, "wrong length")
    verdict.fail(~masked & ~is_digit[:, :17].all(axis=1), "not digits")
    verdict.fail(codes[:, 17] == ord("x"), "lower-case x check character")
    verdict.fail(~is_digit[:, 17] & (codes[:, 17] != ord("X")), "bad check character")
    digits = np.where(is_digit, digits, 0)
    region = _number(digits[:, :6])
    row = _lookup(division_table().code, region)
    # a number keeps the code it was issued with: a former code of a division is a real one (division_history)
    verdict.fail((row < 0) & (_lookup(division_history.history().id_codes, region) < 0), "unknown division code")
    year, month, day = _number(digits[:, 6:10]), _number(digits[:, 10:12]), _number(digits[:, 12:14])
    verdict.fail(~masked & ((month < 1) | (month > 12) | (day < 1) | (day > _month_length(year, month))
                            | (year < 1800)), "impossible birth date")
    real = verdict.pending & ~masked
    born = _ymd_dates(year, month, day, real)
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
        verdict.fail((stated >= 0) & ((digits[:, 16] % 2 == 1) != (stated == 1)), "sex digit disagrees with sex")
    table = division_table()
    found = row >= 0
    given_names = {label: labels(given) for label, given in (("birth_province", birth_province),
                   ("birth_city", birth_city), ("birth_district", birth_district)) if given is not None}
    if len(given_names) == 3:
        # Where the whole birth place is named, the code must be one its ID numbers carried when this one was
        # issued: its current code once in use, or a former one (临安市 330185 for a 临安区 person born in 1993).
        place = _stated_division(*given_names.values())
        known = place >= 0
        born_year = np.where(real, year, -1) if birth_date is not None else np.full(len(strings), -1)
        ever, timely = division_history.carried(place, region, born_year)
        ever &= known
        untimely = ever & ~timely
        verdict.fail(untimely & (place == region), "division code newer than the number")
        verdict.fail(untimely, "division code not in use when it was issued")
        verdict.fail(known & ~ever & (row < 0), "division disagrees with birth_district")
        found &= ~(ever & (place != region))    # a former code of the stated place: the names agree
    columns = {"birth_province": table.province, "birth_city": table.city, "birth_district": table.district}
    for label, stated in given_names.items():
        names = columns[label]
        verdict.fail(found & (names[np.maximum(row, 0)] != stated) & (stated != ""), f"division disagrees with {label}")
    return verdict.result()


def _stated_division(province: np.ndarray, city: np.ndarray, district: np.ndarray) -> np.ndarray:
    """The current code of each stated (province, city, district) chain (`labels` arrays), -1 where it is not a
    division."""
    table = division_table()
    by_chain = dict(zip(zip(table.province, table.city, table.district), table.code))
    # factorise each column, then the combined key: a dictionary look-up per distinct chain, not per record
    parts = [pd.factorize(column) for column in (province, city, district)]
    key = (parts[0][0].astype(np.int64) * len(parts[1][1]) + parts[1][0]) * len(parts[2][1]) + parts[2][0]
    inverse, distinct = pd.factorize(key)
    level = [len(parts[1][1]) * len(parts[2][1]), len(parts[2][1]), 1]
    chain = [tuple(parts[i][1][k // level[i] % len(parts[i][1])] for i in range(3)) for k in distinct]
    return np.array([by_chain.get(c, -1) for c in chain], dtype=np.int64)[inverse]


AGREEMENT_REASONS = frozenset({"disagrees with birth_date", "sex digit disagrees with sex",
                               "division code not in use when it was issued",
                               "division code newer than the number",
                               "division disagrees with birth_province", "division disagrees with birth_city",
                               "division disagrees with birth_district"})


def mobile_phone(values: Any, *, allow_masked: bool = True) -> Validation:
    """Mainland mobile numbers: 11 digits (an optional +86 prefix, spaces and hyphens are ignored) starting with a
    prefix in use (lexicons/persons/mobile_prefixes.tsv). Masked numbers (138****5678) are accepted when
    `allow_masked`; their prefix is still checked."""
    strings = text(values)
    length = np.strings.str_len(strings)
    verdict = _Verdict(length == 0)
    plain = length == 11
    if not plain.all():  # the rare decorated number: drop separators and the country code
        odd = ~plain
        cleaned = pd.Series(strings[odd].astype(object), dtype=object).str.replace(r"[\s-]", "", regex=True)
        cleaned = cleaned.str.replace(r"^(?:\+86|0086)", "", regex=True).to_numpy(dtype=object)
        strings = strings.copy()
        strings[odd] = cleaned.astype(_STR)
        length = np.strings.str_len(strings)
    codes = _codes(strings, 11)
    digits = codes - ord("0")
    is_digit = (digits >= 0) & (digits <= 9)
    star = codes == ord("*")
    masked = np.zeros(len(strings), dtype=bool)
    if allow_masked:
        masked = (length == 11) & star[:, 3:7].all(axis=1) & is_digit[:, :3].all(axis=1) & is_digit[:, 7:].all(axis=1)
    verdict.fail(~masked & ~np.strings.isdigit(strings), "not digits")
    verdict.fail(~masked & ((length != 11) | ~is_digit.all(axis=1)), "not 11 digits")
    prefix = _number(np.where(is_digit[:, :3], digits[:, :3], 0))
    verdict.fail(_lookup(mobile_prefixes(), prefix) < 0, "unknown mobile prefix")
    return verdict.result()


# Card networks by issuer identification number (first digits) and the lengths they issue; `bank_card` applies
# this table with integer comparisons.
NETWORKS = (
    ("UnionPay", "62, 81", "16-19"),
    ("Visa", "4", "16 or 19"),
    ("Mastercard", "51-55, 2221-2720", "16"),
    ("JCB", "3528-3589", "16-19"),
    ("Discover", "6011, 644-649, 65", "16-19"),
)


def _luhn_ok(digits: np.ndarray) -> np.ndarray:
    """Luhn check on right-aligned digit rows (leading zeros do not change the sum)."""
    doubled = digits[:, ::-1].copy()
    odd = doubled[:, 1::2] * 2
    doubled[:, 1::2] = np.where(odd > 9, odd - 9, odd)
    return doubled.sum(axis=1) % 10 == 0


def bank_card(values: Any, *, known_bin: bool = False) -> Validation:
    """Bank card numbers: digits (spaces ignored), 16 to 19 long, a known network's issuer range with a length
    that network issues (UnionPay 62/81, Visa, Mastercard, JCB, Discover), and a valid Luhn check digit.
    With `known_bin`, the first six digits must also be a BIN of lexicons/finance/bins.tsv (the big Chinese
    banks' UnionPay cards that synth generates) and the length the one that BIN's issuer prints."""
    strings = np.strings.replace(text(values), " ", "")
    length = np.strings.str_len(strings)
    verdict = _Verdict(length == 0)
    codes = _codes(strings, 19)
    digits = codes - ord("0")
    is_digit = ((digits >= 0) & (digits <= 9)) | (codes == 0)
    verdict.fail(~is_digit.all(axis=1) | ~np.strings.isdigit(strings), "not digits")
    verdict.fail((length < 16) | (length > 19), "length not 16-19")
    digits = np.where((digits >= 0) & (digits <= 9), digits, 0)
    p1, p2, p3, p4 = (_number(digits[:, :k]) for k in (1, 2, 3, 4))
    long = (length >= 16) & (length <= 19)
    network_ok = (((p2 == 62) | (p2 == 81)) & long                                          # UnionPay
                  | (p1 == 4) & ((length == 16) | (length == 19))                              # Visa
                  | (((p2 >= 51) & (p2 <= 55)) | ((p4 >= 2221) & (p4 <= 2720))) & (length == 16)  # Mastercard
                  | (p4 >= 3528) & (p4 <= 3589) & long                                         # JCB
                  | ((p4 == 6011) | (p2 == 65) | ((p3 >= 644) & (p3 <= 649))) & long)         # Discover
    verdict.fail(~network_ok, "length does not fit the issuer range (BIN)")
    # Right-align: shift each row by 19 - length so the check digit is last.
    shift = np.clip(19 - length, 0, 19)
    column = np.arange(19)[None, :] - shift[:, None]
    aligned = np.where(column >= 0, np.take_along_axis(digits, np.clip(column, 0, 18), axis=1), 0)
    verdict.fail(~_luhn_ok(aligned), "wrong Luhn check digit")
    if known_bin:
        from .cards import bin_table

        table = bin_table()
        order = np.argsort(table.bin.astype(np.int64))
        row = _lookup(table.bin.astype(np.int64)[order], _number(digits[:, :6]))
        verdict.fail(row < 0, "BIN not in the shipped table")
        verdict.fail((row >= 0) & (table.length[order][np.maximum(row, 0)] != length), "length differs from the BIN's")
    return verdict.result()


def iso_date(values: Any, *, as_of: Any = None, max_years_back: int = DEFAULT_MAX_YEARS_BACK,
             allow_future: bool = False) -> Validation:
    """ISO dates YYYY-MM-DD that exist on the calendar and, when `as_of` is given, fall in the window
    [as_of - max_years_back years, as_of] (no future dates unless `allow_future`)."""
    strings = text(values)
    length = np.strings.str_len(strings)
    verdict = _Verdict(length == 0)
    codes = _codes(strings, 10)
    digits = codes - ord("0")
    is_digit = (digits >= 0) & (digits <= 9)
    shaped = ((length == 10) & is_digit[:, [0, 1, 2, 3, 5, 6, 8, 9]].all(axis=1) & (codes[:, 4] == ord("-"))
              & (codes[:, 7] == ord("-")))
    verdict.fail(~shaped, "not an ISO date (YYYY-MM-DD)")
    days = parse_dates(strings)
    verdict.fail(np.isnat(days), "no such calendar date")
    _date_window(verdict, days, as_of, max_years_back, allow_future)
    return verdict.result()


_ISO_DATETIME = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?"


def iso_datetime(values: Any, *, as_of: Any = None, max_years_back: int = DEFAULT_MAX_YEARS_BACK,
                 allow_future: bool = False, allow_date: bool = False) -> Validation:
    """ISO date-times (YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|+08:00]) that exist and, when `as_of` is given, fall
    on or before the as_of day (after converting to UTC) and no more than `max_years_back` years before it.
    Bare dates pass when `allow_date`."""
    strings = text(values)
    verdict = _Verdict(np.strings.str_len(strings) == 0)
    series = pd.Series(strings.astype(object), dtype=object)
    shaped = series.str.fullmatch(_ISO_DATETIME).to_numpy(dtype=bool)
    if allow_date:
        shaped = shaped | series.str.fullmatch(r"\d{4}-\d{2}-\d{2}").to_numpy(dtype=bool)
    verdict.fail(~shaped, "not an ISO date-time")
    parsed = np.full(len(strings), np.datetime64("NaT"), dtype="datetime64[D]")
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
    """Values that must be one of `allowed` (compared as trimmed text)."""
    strings = text(values)
    verdict = _Verdict(np.strings.str_len(strings) == 0)
    verdict.fail(~_member(strings, frozenset(_text_one(a) for a in allowed)), "not an allowed value")
    return verdict.result()


def number_range(values: Any, low: float | None = None, high: float | None = None, *,
                 integer: bool = False) -> Validation:
    """Numbers (or numeric text) within [low, high]; `integer` also requires whole numbers."""
    array = values if isinstance(values, np.ndarray) else _objects(values)
    if array.dtype.kind in "iu":
        numbers, missing = array.astype(float), np.zeros(len(array), dtype=bool)
    elif array.dtype.kind == "f":
        numbers, missing = array.astype(float), np.isnan(array)
    else:
        missing = is_missing(array)
        cells = _objects(array) if array.dtype.kind != "T" else array.astype(object)
        numbers = pd.to_numeric(pd.Series(cells, dtype=object).map(
            lambda v: None if isinstance(v, (bool, list, dict)) else v), errors="coerce").to_numpy(dtype=float)
    verdict = _Verdict(missing)
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
    """Text whose length in characters (Unicode code points after trimming blanks at both ends; a Chinese
    character counts 1) is within [low, high]."""
    length = np.strings.str_len(text(values))
    verdict = _Verdict(length == 0)
    if low is not None:
        verdict.fail(length < low, f"shorter than {low} characters")
    if high is not None:
        verdict.fail(length > high, f"longer than {high} characters")
    return verdict.result()


def residence_chain(province: Any, city: Any, district: Any) -> Validation:
    """(province, city, district) must be a real chain in the shipped division table: the district inside the
    city inside the province. Rows with any part missing are not checked."""
    p, c, d = labels(province), labels(city), labels(district)
    verdict = _Verdict((p == "") | (c == "") | (d == ""))
    table = division_table()
    broken = ~np.fromiter(map(table.chains.__contains__, zip(p, c, d)), dtype=bool, count=len(p))
    if broken.any():  # say why only for the rows that fail
        rows = np.flatnonzero(broken)
        no_province = np.zeros(len(p), dtype=bool)
        no_province[rows] = [x not in table.provinces for x in p[rows]]
        no_city = np.zeros(len(p), dtype=bool)
        no_city[rows] = [(x, y) not in table.cities for x, y in zip(p[rows], c[rows])]
        verdict.fail(no_province, "unknown province")
        verdict.fail(no_city, "city not in province")
        verdict.fail(broken, "district not in city")
    return verdict.result()
