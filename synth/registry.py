"""Finds domains: module `synth.domains.X` defines `DOMAIN`, the domain named X."""

from __future__ import annotations

import importlib
import pkgutil

from .errors import SynthError
from .schema import Domain


def domain_names() -> list[str]:
    package = importlib.import_module("synth.domains")
    return sorted(m.name for m in pkgutil.iter_modules(package.__path__) if not m.name.startswith("_"))


def get_domain(name: str | Domain) -> Domain:
    if isinstance(name, Domain):
        return name
    names = domain_names()
    if name not in names:
        raise SynthError(f"Unknown domain {name!r}; the domains are: {', '.join(names)}.")
    module = importlib.import_module(f"synth.domains.{name}")
    return module.DOMAIN
