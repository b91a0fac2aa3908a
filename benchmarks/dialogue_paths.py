"""Per intent: the share of dialogues in which the most frequent agent stretch (10 characters, slot values cut, as
`variety.py` counts) occurs, and the distinct procedures the plans drew (the `path:<name>` topic an agent turn's
`told` carries) with their shares. Run by hand: `python benchmarks/dialogue_paths.py --n 3000 --seed 11
--intents broadband,data_plan`. The aim (issue 12): no stretch above ~8% of an intent's dialogues, and at least
three procedures per intent."""

from __future__ import annotations

import argparse
from collections import Counter

import synth
from synth.domains.dialogues.variety import most_repeated

OWN = ("bill", "recharge_missing", "data_plan", "suspension", "broadband", "card_loss", "credit_limit",
       "transaction_query", "repayment", "repayment_not_posted")


def paths(turns_column) -> Counter:
    """How many dialogues drew each procedure (the first `path:` topic told)."""
    found: Counter = Counter()
    for turns in turns_column:
        path = next((t[5:] for turn in turns for t in turn["told"] if t.startswith("path:")), "-")
        found[path] += 1
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--intents", default=",".join(OWN))
    args = parser.parse_args()
    for intent in args.intents.split(","):
        frame = synth.generate("dialogues", args.n, seed=args.seed, intent=intent)
        share, stretch = most_repeated(frame["slots"], frame["turns"], top=1)[0]
        found = paths(frame["turns"])
        shares = " ".join(f"{p}={c / args.n:.0%}" for p, c in found.most_common())
        print(f"{intent:<21} top stretch {share:6.1%} {stretch}   paths {len(found)}: {shares}")


if __name__ == "__main__":
    main()
