"""Parsers for domain options given as `--set key=value` strings or as Python values."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from .errors import SynthError


@dataclass(frozen=True)
class Option:
    """A domain option: its name, default (as the user would type it), parser and one-line help."""

    name: str
    default: Any
    parse: Callable[[Any], Any]
    help: str


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"expected true or false, got {value!r}")


def parse_range(value: Any, kind: type = int) -> tuple:
    """'18-80' or (18, 80) or 25 -> (low, high), low <= high, both of `kind`."""
    if isinstance(value, (tuple, list)) and len(value) == 2:
        low, high = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        low = high = value
    else:
        match = re.fullmatch(r"\s*(-?[\d.]+)\s*(?:-|~|\.\.|,)\s*(-?[\d.]+)\s*|\s*(-?[\d.]+)\s*", str(value))
        if not match:
            raise ValueError(f"expected a range like 18-80, got {value!r}")
        low, high = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(3))
    try:
        low, high = kind(low), kind(high)
    except (TypeError, ValueError):
        raise ValueError(f"expected a range of {kind.__name__} values like 18-80, got {value!r}") from None
    if low > high:
        raise ValueError(f"the range {value!r} has its low end above its high end")
    return low, high


def parse_int_range(value: Any) -> tuple[int, int]:
    return parse_range(value, int)


def int_range_within(lowest: int, highest: int) -> Callable[[Any], tuple[int, int]]:
    """A parser of whole-number ranges that must lie within [lowest, highest]: a range the model cannot make
    (ages of 200) is refused when the options are read, before any record is generated."""
    def parse(value: Any) -> tuple[int, int]:
        low, high = parse_int_range(value)
        if low < lowest or high > highest:
            raise ValueError(f"the range must lie within {lowest}-{highest}")
        return low, high
    return parse


def parse_float(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"expected a number, got {value!r}") from None


def parse_rate(value: Any) -> float:
    rate = parse_float(value)
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"expected a rate between 0 and 1, got {value!r}")
    return rate


def parse_list(value: Any, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
    """'movie,hotel' or ['movie', 'hotel'] -> ('movie', 'hotel'), each checked against `allowed`."""
    items = [str(v).strip() for v in (value if isinstance(value, (list, tuple)) else str(value).split(","))]
    items = [item for item in items if item]
    if allowed is not None:
        for item in items:
            if item not in allowed:
                raise ValueError(f"{item!r} is not one of {', '.join(allowed)}")
    return tuple(dict.fromkeys(items))


def parse_shares(value: Any, allowed: tuple[str, ...]) -> dict[str, float | int]:
    """'positive:500,negative:500' (exact counts) or 'positive:0.7,negative:0.3' (probabilities).

    Returns a dict; all-integer values are exact quotas, otherwise the values are normalised probabilities.
    """
    result: dict[str, float | int] = {}
    for label, amount in label_amounts(value):
        if label not in allowed:
            raise ValueError(f"{label!r} is not one of {', '.join(allowed)}")
        result[label] = amount
    if not is_quota(result):
        total = sum(result.values())
        if total <= 0:
            raise ValueError("the shares add up to zero")
        result = {k: float(v) / total for k, v in result.items()}
    return result


def label_amounts(value: Any) -> list[tuple[str, int | float]]:
    """'positive:500,negative:500' or {'positive': 500, ...} -> [(label, amount)], shared by every label:amount
    option. Whole numbers stay exact ints (counts), others are floats (shares); a mix of the two is refused,
    because '3' next to '0.5' could mean a count or a weight and either reading surprises someone."""
    pairs = [(str(k), v) for k, v in value.items()] if isinstance(value, dict) else _label_pairs(str(value))
    if not pairs:
        raise ValueError("expected at least one label:amount pair")
    amounts = [(label, _amount(label, amount)) for label, amount in pairs]
    counts = [f"{k}:{v}" for k, v in amounts if isinstance(v, int)]
    shares = [f"{k}:{v:g}" for k, v in amounts if isinstance(v, float)]
    if counts and shares:
        raise ValueError(f"it mixes counts ({counts[0]}) with fractions ({shares[0]}); give all whole counts or "
                         "all fractions")
    return amounts


def _label_pairs(text: str) -> list[tuple[str, str]]:
    pairs = []
    for part in text.split(","):
        if not part.strip():
            continue
        label, sep, amount = part.rpartition(":")
        if not sep or not label.strip():
            raise ValueError(f"expected label:amount pairs like positive:500,negative:500, got {part.strip()!r}")
        pairs.append((label.strip(), amount.strip()))
    return pairs


def _amount(label: str, amount: Any) -> int | float:
    """A whole count (exact, however large) or a fraction; negative and non-finite amounts are refused."""
    if isinstance(amount, (int, np.integer)) and not isinstance(amount, bool):
        number: int | float = int(amount)
    elif isinstance(amount, str) and re.fullmatch(r"\d+", amount.strip()):
        number = int(amount.strip())
    else:
        try:
            number = float(amount)
        except (TypeError, ValueError):
            raise ValueError(f"the amount for {label!r} is not a number: {amount!r}") from None
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"the amount for {label!r} must be a finite number of 0 or more, not {amount!r}")
    return number


def is_quota(shares: dict[str, float | int]) -> bool:
    return all(isinstance(v, int) for v in shares.values())


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise SynthError(f"{value!r} is not a date in the form YYYY-MM-DD.") from None
