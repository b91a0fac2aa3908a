"""The optional C accelerators: each module, or None where it was not built.

Every accelerator mirrors a Python function of synth and gives the same output (tests compare them), so code
uses it when present and its Python twin otherwise. `SYNTH_PURE_PYTHON=1` turns them all off, to compare or to
debug.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType


def enabled() -> bool:
    return os.environ.get("SYNTH_PURE_PYTHON", "") in ("", "0")


def load(name: str) -> ModuleType | None:
    """`synth.<name>` if it is built and accelerators are enabled, else None."""
    if not enabled():
        return None
    try:
        return importlib.import_module(f"synth.{name}")
    except ImportError:
        return None
