"""Bank card numbers (ISO/IEC 7812): Luhn check digits, numbers under real UnionPay BINs, masking.

A card number is a BIN (the issuer's first six digits, from lexicons/finance/bins.tsv), account digits, and a
Luhn check digit, `length` digits in all as the BIN's issuer prints them. Building blocks are vectorised like
the persons ones, so a transactions domain can draw a batch of cards from a block's random stream.

    >>> luhn_check_digit("622202123456789012")
    '8'
    >>> mask("6222021234567890121")
    '6222 **** **** 0121'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

KINDS = ("debit", "credit")


@dataclass(frozen=True)
class BinTable:
    """The BIN table as arrays, one entry per row of bins.tsv."""

    bin: np.ndarray        # 6-digit strings
    bank_code: np.ndarray
    bank: np.ndarray
    kind: np.ndarray       # "debit" / "credit"
    length: np.ndarray     # digits of a full card number

    def rows(self, kind: str | None = None) -> np.ndarray:
        if kind is None:
            return np.arange(len(self.bin))
        if kind not in KINDS:
            raise ValueError(f"the card kind is debit or credit, not {kind!r}")
        return np.flatnonzero(self.kind == kind)


@lru_cache(maxsize=1)
def bin_table() -> BinTable:
    from .resources import read_table

    t = read_table("finance", "bins.tsv")
    return BinTable(t["bin"].to_numpy(dtype=object), t["bank_code"].to_numpy(dtype=object),
                    t["bank"].to_numpy(dtype=object), t["kind"].to_numpy(dtype=object),
                    t["length"].astype(np.int64).to_numpy())


def luhn_check_digit(partial: str) -> str:
    """The digit that makes `partial` + digit pass the Luhn check (every second digit from the right doubled)."""
    total = 0
    for position, char in enumerate(reversed(partial)):
        digit = int(char)
        if position % 2 == 0:  # these are doubled once the check digit is appended on the right
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return str(-total % 10)


def luhn_valid(number: str) -> bool:
    number = number.replace(" ", "")
    return number.isdigit() and len(number) > 1 and luhn_check_digit(number[:-1]) == number[-1]


def card_number(row: int, account: int) -> str:
    """The card of BIN table row `row` whose account digits are `account` (taken modulo their range)."""
    table = bin_table()
    width = int(table.length[row]) - len(table.bin[row]) - 1
    partial = table.bin[row] + str(account % 10**width).zfill(width)
    return partial + luhn_check_digit(partial)


def account_width(row: int) -> int:
    table = bin_table()
    return int(table.length[row]) - len(table.bin[row]) - 1


def sample_card_numbers(rng, kind: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Card numbers and their table rows for a block's records (`rng` a synth BlockRandom): a BIN uniformly
    among the table's rows of that kind, then uniform account digits. Two draws per record."""
    table = bin_table()
    candidates = table.rows(kind)
    rows = candidates[(rng.random() * len(candidates)).astype(np.int64)]
    digits = rng.integers(0, 10, 18)
    numbers = np.array([card_number(r, int("".join(map(str, d[:account_width(r)])) or "0"))
                        for r, d in zip(rows.tolist(), digits)], dtype=object)
    return numbers, rows


def luhn_check_digits(digits: np.ndarray) -> np.ndarray:
    """Check digits for rows of digits (n, L) without their check digit: `luhn_check_digit` over a batch."""
    digits = np.asarray(digits, dtype=np.int64)
    doubled = np.zeros(digits.shape[1], dtype=bool)
    doubled[::-1][0::2] = True          # the payload's rightmost digit, and every second one to its left
    values = np.where(doubled, digits * 2, digits)
    values = np.where(values > 9, values - 9, values)
    return (10 - values.sum(axis=1) % 10) % 10


def luhn_valid_many(numbers) -> np.ndarray:
    """`luhn_valid` over a sequence of strings: True where a digit string of 12+ digits passes."""
    out = np.zeros(len(numbers), dtype=bool)
    for length in {len(x) for x in numbers if isinstance(x, str) and x.isdigit() and len(x) >= 12}:
        rows = [i for i, x in enumerate(numbers) if isinstance(x, str) and x.isdigit() and len(x) == length]
        digits = np.frombuffer("".join(numbers[i] for i in rows).encode("ascii"), dtype=np.uint8)
        digits = digits.astype(np.int64).reshape(len(rows), length) - 48
        out[rows] = luhn_check_digits(digits[:, :-1]) == digits[:, -1]
    return out


def card_numbers(rows: np.ndarray, body: np.ndarray) -> np.ndarray:
    """Card numbers for BIN table rows `rows`: the BIN, account digits from `body` (one uint64 per card, its
    last digits used), the Luhn digit. Vectorised: a transactions batch makes thousands at once."""
    table = bin_table()
    rows = np.asarray(rows, dtype=np.int64)
    out = np.empty(len(rows), dtype=object)
    for length in np.unique(table.length[rows]):
        picked = np.flatnonzero(table.length[rows] == length)
        prefix = np.array([[int(c) for c in table.bin[r]] for r in rows[picked]], dtype=np.int64)
        width = int(length) - prefix.shape[1] - 1
        middle = np.zeros((len(picked), width), dtype=np.int64)
        value = np.asarray(body, dtype=np.uint64)[picked]
        for k in range(width - 1, -1, -1):
            middle[:, k] = (value % np.uint64(10)).astype(np.int64)
            value = value // np.uint64(10)
        payload = np.concatenate([prefix, middle], axis=1)
        full = np.concatenate([payload, luhn_check_digits(payload)[:, None]], axis=1) + 48
        out[picked] = [bytes(r).decode("ascii") for r in full.astype(np.uint8)]
    return out


def mask_many(numbers) -> np.ndarray:
    """`mask` over a batch of unspaced numbers."""
    return np.array([f"{n[:4]} **** **** {n[-4:]}" for n in numbers], dtype=object)


def issuer(number: str) -> dict | None:
    """The BIN table row of `number` (bank, kind, length) when its first six digits are a known BIN, else None."""
    table = bin_table()
    found = np.flatnonzero(table.bin == number.replace(" ", "")[:6])
    if not len(found):
        return None
    r = int(found[0])
    return {"bin": table.bin[r], "bank_code": table.bank_code[r], "bank": table.bank[r], "kind": table.kind[r],
            "length": int(table.length[r])}


def group(number: str) -> str:
    """6222 0212 3456 7890 121: groups of four, as printed on the card."""
    number = number.replace(" ", "")
    return " ".join(number[i:i + 4] for i in range(0, len(number), 4))


def mask(number: str) -> str:
    """6222 **** **** 0121: the first and last four digits, as receipts and apps show a card."""
    number = number.replace(" ", "")
    return f"{number[:4]} **** **** {number[-4:]}"
