"""`synth domains`: list the domains."""

from ..api import list_domains


def add_parser(sub) -> None:
    sub.add_parser("domains", help="list the domains")


def run(args) -> int:
    for name, summary in list_domains().items():
        print(f"{name:<14}{summary}")
    return 0
