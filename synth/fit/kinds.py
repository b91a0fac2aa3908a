"""What each column of a real table is, decided by validating its values (not by its name).

Identifiers are recognised by the checks their values pass: a GB 11643 ID number's MOD 11-2 check character, a
mobile number's prefix, a bank card's Luhn digit, an e-mail's shape, a Chinese name's surname, an address's
division words. They are never sampled from: synth's own generators replace them. Everything else is a numeric,
a date or datetime, a categorical (few distinct values) or free text (long, mostly distinct strings).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import validators as V
from ..errors import SynthError

IDENTIFIERS = ("id_number", "phone", "bank_card", "email", "name", "address", "code")
KINDS = (*IDENTIFIERS, "numeric", "date", "datetime", "categorical", "text")
SHARE = 0.95          # the share of non-missing values that must pass a kind's test
MAX_CATEGORIES = 60   # more distinct values than this (and mostly distinct) is not a categorical
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
CODE = re.compile(r"^([A-Za-z_-]*?)(\d+)$")
ADDRESS_WORDS = re.compile(r"(?:省|市|区|县|镇|乡).*(?:路|街|道|巷|村|号|弄|室|栋)")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$")
ODD = {"Cc": "a control character", "Cs": "a lone surrogate", "Co": "a private-use character",
       "Cn": "an unassigned code point"}


@dataclass
class Column:
    name: str
    kind: str
    values: pd.Series            # the non-missing values, as text
    missing: int                 # rows with no value
    masked: bool = False         # identifiers written masked (138****5678)
    why: str = ""


def text_values(series: pd.Series) -> tuple[pd.Series, int]:
    """Non-missing values as text; '' and None are missing."""
    missing = series.isna() | series.astype(str).str.strip().isin(["", "nan", "None", "NaN", "NaT"])
    values = series[~missing]
    as_text = values.map(lambda v: str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
    return as_text.str.strip(), int(missing.sum())


def refuse_odd_text(name: str, values: pd.Series, source: str) -> None:
    """A column holding characters that are not text (controls, surrogates, private use) is an input error."""
    for row, value in values.items():
        for char in value:
            category = unicodedata.category(char)
            if category in ODD and char not in "\t\n\r":
                raise SynthError(f"Column {name!r} of {source} holds {ODD[category]} (U+{ord(char):04X}) in row "
                                 f"{row + 1}; clean the column or drop it before fitting.")


def _share(passed) -> float:
    passed = np.asarray(passed, dtype=bool)
    return float(passed.mean()) if len(passed) else 0.0


def detect(name: str, series: pd.Series, source: str = "the table") -> Column:
    values, missing = text_values(series)
    refuse_odd_text(name, values, source)
    column = Column(name, "categorical", values, missing)
    if values.empty:
        column.why = "no values: written as an empty categorical"
        return column
    array = values.to_numpy(dtype=object)
    distinct = values.nunique() / len(values)
    checks = (
        ("id_number", lambda: _valid(V.resident_id(array)),
         "passes the GB 11643 ID number checks (division, birth date, MOD 11-2)"),
        ("phone", lambda: _valid(V.mobile_phone(array)), "mainland mobile numbers with prefixes in use"),
        ("bank_card", lambda: _valid(V.bank_card(array)) & (values.str.len() >= 16).to_numpy(),
         "card numbers with a network's BIN range and a valid Luhn digit"),
        ("email", lambda: values.str.match(EMAIL).to_numpy(), "e-mail addresses"),
    )
    for kind, test, why in checks:
        if _share(test()) >= SHARE:
            column.kind, column.why = kind, why
            column.masked = bool(values.str.contains(r"\*").mean() > 0.5)
            return column
    if _share(pd.to_numeric(values, errors="coerce").notna()) >= SHARE and not (
            distinct > 0.99 and _looks_like_code(values)):
        column.kind, column.why = "numeric", "numbers"
        return column
    if _share(values.str.match(DATE)) >= SHARE and _share(pd.to_datetime(values, errors="coerce").notna()) >= SHARE:
        column.kind, column.why = "date", "ISO dates"
        return column
    if _share(values.str.match(DATETIME)) >= SHARE:
        column.kind, column.why = "datetime", "ISO date-times"
        return column
    if distinct > 0.5 and _share(values.map(_is_name)) >= 0.9:
        column.kind, column.why = "name", "Chinese names (a known surname and one or two given characters)"
        column.masked = bool(values.str.contains(r"\*").mean() > 0.5)
        return column
    if distinct > 0.5 and _share(values.str.contains(ADDRESS_WORDS)) >= 0.9:
        column.kind, column.why = "address", "addresses (division and street words)"
        return column
    if _looks_like_code(values) and distinct > 0.99:
        column.kind, column.why = "code", "distinct codes (a prefix and digits): a record key"
        return column
    if values.nunique() <= MAX_CATEGORIES or distinct < 0.2:
        column.why = f"{values.nunique()} distinct values"
        return column
    column.kind, column.why = "text", f"free text ({values.nunique()} distinct of {len(values)})"
    return column


def _valid(validation) -> np.ndarray:
    return np.asarray(validation.ok) & np.asarray(validation.checked)


def _looks_like_code(values: pd.Series) -> bool:
    """Record keys: a letter prefix and digits (ORD000123), or fixed-width digit strings of five or more."""
    if _share(values.str.match(CODE)) < SHARE:
        return False
    return values.str.len().nunique() <= 2 and (values.str.len().min() >= 5 or values.str.contains("[A-Za-z]").all())


def _is_name(value: str) -> bool:
    surnames = _surnames()
    bare = value.replace("*", "")
    return 2 <= len(value) <= 4 and all("\u4e00" <= c <= "\u9fff" or c == "*" for c in value) and (
        value[:2] in surnames or value[:1] in surnames) and bool(bare)


_SURNAMES: set | None = None


def _surnames() -> set:
    global _SURNAMES
    if _SURNAMES is None:
        from synth.domains.persons.data import surnames

        _SURNAMES = set(surnames()[0].tolist())
    return _SURNAMES
