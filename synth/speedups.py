"""The optional C accelerators: each module, or None where it was not built.

Every accelerator mirrors a Python function of synth and gives the same output (tests compare them), so code
uses it when present and its Python twin otherwise. `SYNTH_PURE_PYTHON=1` turns them all off, to compare or to
debug.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType


ACCELERATORS = ("_render", "_wordcut", "_marks", "_scan", "_columns", "_turnwalk")


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


def status() -> str:
    """Which path runs, and why: the accelerators fall back to Python silently, so --version and describe say it."""
    if not enabled():
        return "C accelerators: off (SYNTH_PURE_PYTHON is set); the Python code runs, with the same output"
    missing = [name for name in ACCELERATORS if load(name) is None]
    if not missing:
        return f"C accelerators: on ({', '.join(ACCELERATORS)})"
    state = "off" if len(missing) == len(ACCELERATORS) else "partly on"
    return (f"C accelerators: {state} (not built: {', '.join(missing)}; install with a C compiler and the Python "
            "headers to build them); the Python code runs, with the same output, more slowly")
