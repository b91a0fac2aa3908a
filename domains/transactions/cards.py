"""Card numbers: an issuer BIN from lexicons/transactions/bins.tsv, account digits, and a Luhn check digit.

Kept inside the transactions domain on purpose: a general `synth/cards.py` may arrive from another branch, and the
two will be reconciled then. Everything here is vectorised over accounts and is a pure function of its inputs.
"""

from __future__ import annotations

import numpy as np


def luhn_check_digit(digits: np.ndarray) -> np.ndarray:
    """Check digits for rows of digits (n, L) without their check digit (ISO/IEC 7812-1, the Luhn formula)."""
    digits = np.asarray(digits, dtype=np.int64)
    # Counting from the right of the number *with* its check digit, every second digit is doubled: those are the
    # rightmost digit of the payload and every second one to its left.
    doubled = np.zeros(digits.shape[1], dtype=bool)
    doubled[::-1][0::2] = True
    values = np.where(doubled, digits * 2, digits)
    values = np.where(values > 9, values - 9, values)
    return (10 - values.sum(axis=1) % 10) % 10


def luhn_valid(numbers) -> np.ndarray:
    """True where a digit string passes the Luhn check."""
    out = np.zeros(len(numbers), dtype=bool)
    for i, number in enumerate(numbers):
        if not isinstance(number, str) or not number.isdigit() or len(number) < 12:
            continue
        digits = np.frombuffer(number.encode("ascii"), dtype=np.uint8).astype(np.int64) - 48
        out[i] = luhn_check_digit(digits[None, :-1])[0] == digits[-1]
    return out


def card_numbers(bins: np.ndarray, lengths: np.ndarray, body: np.ndarray) -> np.ndarray:
    """Card numbers: the BIN, then account digits from `body` (uint64 per card), then the Luhn digit."""
    out = np.empty(len(bins), dtype=object)
    for length in np.unique(lengths):
        rows = np.flatnonzero(lengths == length)
        prefix = np.array([[int(c) for c in b] for b in bins[rows]], dtype=np.int64)
        middle_len = int(length) - prefix.shape[1] - 1
        middle = np.zeros((len(rows), middle_len), dtype=np.int64)
        value = body[rows].astype(np.uint64)
        for k in range(middle_len - 1, -1, -1):
            middle[:, k] = (value % np.uint64(10)).astype(np.int64)
            value = value // np.uint64(10)
        payload = np.concatenate([prefix, middle], axis=1)
        check = luhn_check_digit(payload)
        full = np.concatenate([payload, check[:, None]], axis=1) + 48
        out[rows] = [bytes(r).decode("ascii") for r in full.astype(np.uint8)]
    return out


def mask_card(numbers: np.ndarray) -> np.ndarray:
    """6222 **** **** 1234: the first four and last four digits, as statements and receipts print them."""
    return np.array([f"{n[:4]} **** **** {n[-4:]}" for n in numbers], dtype=object)
