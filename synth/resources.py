"""Where shipped data lives, whether synth runs from a checkout or from an installed wheel."""

from __future__ import annotations

import importlib
from functools import lru_cache
from pathlib import Path

import pandas as pd


def lexicon_path(*parts: str) -> Path:
    return Path(importlib.import_module("synth.lexicons").__file__).resolve().parent.joinpath(*parts)


def domain_path(*parts: str) -> Path:
    return Path(importlib.import_module("synth.domains").__file__).resolve().parent.joinpath(*parts)


@lru_cache(maxsize=None)
def read_table(*parts: str) -> pd.DataFrame:
    """A lexicon TSV (UTF-8, header line), read once per process; cells stay strings."""
    return pd.read_csv(lexicon_path(*parts), sep="\t", dtype=str, keep_default_na=False)
