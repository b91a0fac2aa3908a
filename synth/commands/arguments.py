"""Argument types shared by the subcommands: a bad number is one sentence and exit 2, like every user mistake.

Ranges (n > 0, workers >= 1, rates in [0, 1]) are checked where the value is used, so the API gives the same
message as the CLI.
"""

import argparse

from ..errors import SynthError


def whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise SynthError(f"Expected a whole number, got {text!r}.") from None


def whole_number_from(lowest: int):
    """An argparse type for options only the CLI has (example counts, years): a whole number >= lowest.
    argparse puts the option's name in front of the message ("argument --examples: ...")."""
    def parse(text: str) -> int:
        value = whole_number(text)
        if value < lowest:
            raise argparse.ArgumentTypeError(f"expected a whole number of at least {lowest}, got {text!r}")
        return value
    return parse


def number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise SynthError(f"Expected a number, got {text!r}.") from None
