"""Sheets meant for a spreadsheet program: cells it shows as text, never runs as formulas."""

from __future__ import annotations

import pandas as pd

# A spreadsheet reads a cell starting with one of these as a formula (=HYPERLINK(...) would go live); OWASP's
# CSV-injection advice is to prefix such cells with a single quote, which spreadsheets show as plain text.
# Cells already starting with a quote get one more, so reading the sheet back can remove exactly one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def neutralise_formula(text: str) -> str:
    """A sheet cell a spreadsheet shows as the text itself, never as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def restore_formula_text(text: str) -> str:
    """The text `neutralise_formula` was given. A spreadsheet that saved the sheet may have dropped the quote
    already; then there is nothing to remove (only a quote followed by a formula start is the added one)."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def restore_formula_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A CSV sheet read back as the values that were sampled: the quotes neutralising formulas removed from its
    text cells and column names, so strata and examples match the data file's values."""
    restored = frame.rename(columns=lambda name: restore_formula_text(name) if isinstance(name, str) else name)
    return restored.map(lambda value: restore_formula_text(value) if isinstance(value, str) else value)
