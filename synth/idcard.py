"""Chinese resident identity numbers (GB 11643-1999): building, checking and masking.

Layout: 6-digit division code, 8-digit birth date, 3-digit sequence (odd for men, even for women), and an
ISO 7064 MOD 11-2 check character (0-9 or X).
"""

from __future__ import annotations

import re

import numpy as np
from numpy.dtypes import StringDType

WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
CHECK_CHARACTERS = np.frombuffer(b"10X98765432", dtype=np.uint8)
_SHAPE = re.compile(r"\d{17}[\dX]")


def _digits(numbers: np.ndarray, width: int) -> np.ndarray:
    """Decimal digits of non-negative integers as a (n, width) matrix, most significant first."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    return (np.asarray(numbers, dtype=np.int64)[:, None] // powers) % 10


def build(codes: np.ndarray, years: np.ndarray, months: np.ndarray, days: np.ndarray,
          sequence: np.ndarray) -> np.ndarray:
    """18-character ID numbers from division codes, birth date parts and 3-digit sequences (vectorised)."""
    birth = np.asarray(years, dtype=np.int64) * 10000 + np.asarray(months) * 100 + np.asarray(days)
    digits = np.hstack([_digits(codes, 6), _digits(birth, 8), _digits(sequence, 3)])
    check = CHECK_CHARACTERS[(digits @ WEIGHTS) % 11]
    text = np.hstack([(digits + ord("0")).astype(np.uint8), check[:, None]])
    return np.ascontiguousarray(text).view("S18").ravel().astype(StringDType())


def check_character(first17: str) -> str:
    total = sum(int(c) * int(w) for c, w in zip(first17, WEIGHTS))
    return chr(CHECK_CHARACTERS[total % 11])


def has_valid_check(number: str) -> bool:
    """True when `number` is 17 digits and the right check character (the shape and checksum only)."""
    return bool(_SHAPE.fullmatch(number)) and check_character(number[:17]) == number[17]


def mask(numbers: np.ndarray) -> np.ndarray:
    """110105199001011234 -> 110105********1234."""
    numbers = np.asarray(numbers).astype(StringDType())
    return np.strings.add(np.strings.add(np.strings.slice(numbers, 0, 6), "********"), np.strings.slice(numbers, 14, None))
