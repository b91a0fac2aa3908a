"""Finds domains: the packages shipped in `synth.domains`, and those other installed packages register.

A shipped domain is the package `synth.domains.X` whose `__init__` exposes `DOMAIN`, the domain named X. Another
distribution adds domains through the entry-point group `synth.domains`, one entry per domain, named as the domain:

    [project.entry-points."synth.domains"]
    orders = "acme_fixtures.orders:DOMAIN"      # or a module that exposes DOMAIN: "acme_fixtures.orders"

Entry points are only imported when their domain is asked for, so a broken one breaks nothing else; asking for it
gives one sentence that names it and its package.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import pkgutil
from functools import lru_cache

from .errors import SynthError
from .schema import Domain

ENTRY_POINT_GROUP = "synth.domains"


@lru_cache(maxsize=1)
def shipped_domain_names() -> tuple[str, ...]:
    package = importlib.import_module("synth.domains")
    return tuple(sorted(m.name for m in pkgutil.iter_modules(package.__path__) if m.ispkg and not m.name.startswith("_")))


def registered_entry_points() -> dict[str, importlib.metadata.EntryPoint]:
    """Domains other installed packages register, by name; a name a shipped domain already has is not taken."""
    shipped = set(shipped_domain_names())
    found: dict[str, importlib.metadata.EntryPoint] = {}
    for entry in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        if entry.name not in shipped:
            found.setdefault(entry.name, entry)
    return found


def domain_names() -> list[str]:
    return sorted(set(shipped_domain_names()) | set(registered_entry_points()))


def get_domain(name: str | Domain) -> Domain:
    if isinstance(name, Domain):
        return name
    if name in shipped_domain_names():
        return importlib.import_module(f"synth.domains.{name}").DOMAIN
    entry = registered_entry_points().get(name)
    if entry is None:
        raise SynthError(f"Unknown domain {name!r}; the domains are: {', '.join(domain_names())}.")
    return _load_registered(entry)


def survey() -> tuple[dict[str, Domain], dict[str, str]]:
    """Every domain that loads, by name, and for each one that does not, the sentence that says why."""
    loaded: dict[str, Domain] = {}
    problems: dict[str, str] = {}
    for name in domain_names():
        try:
            loaded[name] = get_domain(name)
        except SynthError as error:
            problems[name] = str(error)
    return loaded, problems


@lru_cache(maxsize=None)
def _load_registered(entry: importlib.metadata.EntryPoint) -> Domain:
    where = f"the domain {entry.name!r} registered by {_distribution_of(entry)} ({entry.value})"
    try:
        loaded = entry.load()
    except Exception as error:  # a third party's import can fail in any way; it must not become a traceback
        reason = str(error).strip().splitlines()[0] if str(error).strip() else "no message"
        raise SynthError(f"Cannot load {where}: {type(error).__name__}: {reason}.") from None
    domain = getattr(loaded, "DOMAIN", loaded)
    if not isinstance(domain, Domain):
        raise SynthError(f"Cannot load {where}: it is a {type(domain).__name__}, not a synth.schema.Domain.")
    if domain.name != entry.name:
        raise SynthError(f"Cannot load {where}: the entry point is named {entry.name!r} but its domain is named "
                         f"{domain.name!r}.")
    return domain


def _distribution_of(entry: importlib.metadata.EntryPoint) -> str:
    dist = getattr(entry, "dist", None)
    return f"package {dist.name!r}" if dist is not None else "an installed package"
