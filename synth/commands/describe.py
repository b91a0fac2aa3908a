"""`synth describe DOMAIN`: fields with types, options with defaults, and the consistency rules."""

from ..api import describe
from ..speedups import status


def add_parser(sub) -> None:
    p = sub.add_parser("describe", help="show a domain's fields, options and rules")
    p.add_argument("domain")


def _width(entries: list[dict]) -> int:
    return max((len(e["name"]) for e in entries), default=0) + 2


def run(args) -> int:
    info = describe(args.domain)
    print(f"{info['name']}: {info['summary']}\n\nFields:")
    width = _width(info["fields"] + info["intermediate"])
    for f in info["fields"]:
        parents = f"  (depends on {', '.join(f['parents'])})" if f["parents"] else ""
        print(f"  {f['name']:<{width}}{f['type']:<8}{f['doc']}{parents}")
    if info["intermediate"]:
        print("\nIntermediate fields (not in the output; other fields depend on them):")
        for f in info["intermediate"]:
            print(f"  {f['name']:<{width}}{f['type']:<8}{f['doc']}")
    print("\nOptions (--set KEY=VALUE):")
    width = _width(info["options"])
    for o in info["options"]:  # defaults vary in length (a list of six categories): they go last, in brackets
        default = str(o["default"]) if str(o["default"]) != "" else "none"
        print(f"  {o['name']:<{width}}{o['help']} (default: {default})")
    if info["rules"]:
        print("\nConsistency rules (enforced while generating):")
        width = _width(info["rules"])
        for r in info["rules"]:
            print(f"  {r['name']:<{width}}{r['doc']}")
    print(f"\n{status()}")
    return 0
