"""synth: offline, deterministic generator of coherent Chinese synthetic data.

    import synth
    people = synth.generate("persons", 1000, seed=7)
    for batch in synth.stream("reviews", 1_000_000, seed=1, category="movie"):
        ...
    variants = synth.augment(["这部电影很感人。"], ops=("synonym", "expand"), n=4, seed=0)
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def _alias_checkout_packages() -> None:
    """In a source checkout domains/ and lexicons/ sit beside synth/; a wheel installs them inside it."""
    here = Path(__file__).resolve().parent
    for name in ("domains", "lexicons"):
        if (here / name).is_dir() or f"synth.{name}" in sys.modules:
            continue
        source = here.parent / name
        spec = importlib.util.spec_from_file_location(
            f"synth.{name}", source / "__init__.py", submodule_search_locations=[str(source)])
        module = importlib.util.module_from_spec(spec)
        sys.modules[f"synth.{name}"] = module
        spec.loader.exec_module(module)


_alias_checkout_packages()

from .errors import SynthError  # noqa: E402

# The API is imported on first use, not by `import synth`: synth's pytest plugin is loaded by every pytest run in
# an environment where synth is installed, and numpy, pandas and pyarrow would add a second to each of them.
_LAZY = {"generate": "api", "stream": "api", "list_domains": "api", "describe": "api", "augment": "augmenters",
         "DEFAULT_AS_OF": "engine", "fit": "fit"}


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(f"synth.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'synth' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = ["generate", "stream", "augment", "list_domains", "describe", "fit", "SynthError", "DEFAULT_AS_OF"]
__version__ = "0.1.0"
