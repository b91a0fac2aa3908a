"""`synth domains`: list the domains."""

from ..api import domains


def add_parser(sub) -> None:
    sub.add_parser("domains", help="list the domains")


def run(args) -> int:
    for name, summary in domains().items():
        print(f"{name:<14}{summary}")
    return 0
