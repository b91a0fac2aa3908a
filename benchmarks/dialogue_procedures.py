"""Per after-sales intent: how many procedures the plan drew and their shares, and the agent stretch (10
characters, slot values cut, as variety.py counts) found in the most dialogues of that intent. A reader hears one
script per intent long before a rule fails; these are that reader's two numbers.

`python benchmarks/dialogue_procedures.py [--n 2000] [--seed 11]`
"""

from __future__ import annotations

import argparse
from collections import Counter

import synth
from synth.domains.dialogues.procedures import PATHS
from synth.domains.dialogues.variety import most_repeated


def paths(turns_column) -> Counter:
    """How many dialogues followed each procedure (the `procedure:` topic in a turn's told)."""
    found: Counter = Counter()
    for turns in turns_column:
        found[next((t[10:] for turn in turns for t in turn["told"] if t.startswith("procedure:")), "-")] += 1
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    for intent in PATHS:
        frame = synth.generate("dialogues", args.n, seed=args.seed, intent=intent)
        share, stretch = most_repeated(frame["slots"], frame["turns"], top=1)[0]
        counts = paths(frame["turns"])
        shares = ", ".join(f"{p} {c / args.n:.0%}" for p, c in counts.most_common())
        print(f"{intent:<14} top stretch {share:5.1%} {stretch}  | {len(counts)} paths: {shares}")


if __name__ == "__main__":
    main()
