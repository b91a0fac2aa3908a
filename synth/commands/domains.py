"""`synth domains`: list the domains, shipped and registered by other packages."""

import sys

from ..registry import survey


def add_parser(sub) -> None:
    sub.add_parser("domains", help="list the domains (shipped, and registered by installed packages)")


def run(args) -> int:
    loaded, problems = survey()
    for name, domain in loaded.items():
        print(f"{name:<14}{domain.summary}")
    # A broken third-party domain is reported, not fatal: the others are still listed and usable.
    for problem in problems.values():
        print(f"synth: {problem}", file=sys.stderr)
    return 0
