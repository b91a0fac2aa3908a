"""Per sector: how many act sequences (shapes) the dialogues follow, how often the commonest one recurs, and the
share of dialogues having each shape feature (issue 12: a reader of 30 dialogues should not find one skeleton).

A shape is the whole act sequence (the record's `acts`). The features are branches of the plan:

- hello:     the customer opens with a greeting only (在吗/你好) and the agent asks what they need
- verify:    the holder's identity is checked before a change to the account
- evidence:  photos asked for and sent in a turn of their own before a remedy
- partial:   the customer sends only part of what was asked and the agent asks again for the rest
- confirm:   the agent sums a change up and the customer agrees before it is carried out (跟您确认一下…对吗？)
- followup:  the customer asks a follow-up question after the look-up's news (before the solution)
- hold:      the agent puts the customer on hold during a look-up and the customer pings (还在吗)
- impatient: the customer urges the agent while waiting
- transfer:  handed to a specialist (at the end, or mid-chat)
- wrap_up:   the agent asks whether there is anything else before closing
- survey:    the close invites the customer to rate the service
- second:    a second matter raised after the first

    python benchmarks/dialogue_shapes.py [--n 4000] [--seed 3]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import synth  # noqa: E402
from synth.domains.dialogues.model import VERIFIED  # noqa: E402

SECTORS = ("ecommerce", "telecom", "bank", "delivery")


# The feature an act marks (a dialogue has the feature where one of its turns has the act).
ACT_FEATURES = {"greet_only": "hello", "send_evidence": "evidence", "hold_ping": "hold", "impatient": "impatient",
                "escalate": "transfer", "anything_else": "wrap_up", "ask_other": "second"}


def features(intent: str, acts: list, turns: list) -> set:
    found = {ACT_FEATURES[a] for a in acts if a in ACT_FEATURES}
    if intent in VERIFIED:   # (the holder verified with the card tail: model.VERIFIED)
        found.add("verify")
    if any("survey" in turn["told"] for turn in turns):
        found.add("survey")
    if "inform" in acts and "confirm_info" in acts[acts.index("inform"):]:
        found.add("confirm")
    if acts.count("ask_info") > 1:
        found.add("partial")
    if "inform" in acts and "ask_followup" in acts[acts.index("inform"):]:
        found.add("followup")
    return found


FEATURES = ("hello", "verify", "partial", "confirm", "evidence", "followup", "hold", "impatient", "transfer", "wrap_up", "survey", "second")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args(argv)
    print(f"{'sector':10} {'shapes':>6} {'top':>6}  " + " ".join(f"{f:>9}" for f in FEATURES))
    for sector in SECTORS:
        frame = synth.generate("dialogues", args.n, seed=args.seed, intent=sector, stage="skeleton")
        shapes: Counter = Counter()
        counts: Counter = Counter()
        for intent, acts, turns in zip(frame["intent"], frame["acts"], frame["turns"]):
            shapes[tuple(acts)] += 1
            counts.update(features(intent, list(acts), turns))
        n = len(frame)
        top = shapes.most_common(1)[0][1] / n
        print(f"{sector:10} {len(shapes):6d} {top:6.1%}  " + " ".join(f"{counts[f] / n:9.1%}" for f in FEATURES))


if __name__ == "__main__":
    main()
