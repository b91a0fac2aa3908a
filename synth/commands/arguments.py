"""Argument types shared by the subcommands: a bad number is one sentence and exit 2, like every user mistake.

Ranges (n > 0, workers >= 1, rates in [0, 1]) are checked where the value is used, so the API gives the same
message as the CLI.
"""

from ..errors import SynthError


def whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise SynthError(f"Expected a whole number, got {text!r}.") from None


def number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise SynthError(f"Expected a number, got {text!r}.") from None
