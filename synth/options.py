"""Parsers for domain options given as `--set key=value` strings or as Python values."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable

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
    if isinstance(value, dict):
        pairs = [(str(k), v) for k, v in value.items()]
    else:
        pairs = []
        for part in str(value).split(","):
            if not part.strip():
                continue
            label, sep, amount = part.partition(":")
            if not sep:
                raise ValueError(f"expected label:amount pairs like positive:500,negative:500, got {part.strip()!r}")
            pairs.append((label.strip(), amount.strip()))
    result: dict[str, float | int] = {}
    for label, amount in pairs:
        if label not in allowed:
            raise ValueError(f"{label!r} is not one of {', '.join(allowed)}")
        text = str(amount)
        number = float(text) if not isinstance(amount, (int, float)) else amount
        if number < 0:
            raise ValueError(f"the amount for {label!r} is negative")
        result[label] = int(number) if re.fullmatch(r"\d+", text) else float(number)
    if not result:
        raise ValueError("expected at least one label:amount pair")
    if not all(isinstance(v, int) for v in result.values()):
        total = sum(result.values())
        if total <= 0:
            raise ValueError("the shares add up to zero")
        result = {k: float(v) / total for k, v in result.items()}
    return result


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
