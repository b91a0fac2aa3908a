"""Per intent: how often its most frequent agent wording recurs, and how many procedures its dialogues follow.

For each intent asked for: the share of that intent's dialogues containing its most frequent 10-character agent
stretch (slot values cut, as `variety.py` counts), and the distinct procedure paths with the share of the
commonest. A path is the plan variable that picks the procedure with the outcome (parcel and pre-sale intents,
`PATH_VARIABLES`), or the `path:<name>` / `procedure:<name>` topic an agent turn's `told` carries (telecom and
banking, procedures.py; e-commerce after-sales, aftersales.py).
A reader notices one script with words swapped long before a rule does; these two numbers are that reader's count.
The aim (issue 12): no stretch above ~8% of an intent's dialogues, and at least three procedures per intent.

    python benchmarks/dialogue_paths.py [--n 2000] [--seed 11] [--intents logistics,broadband,...]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import synth  # noqa: E402
from synth.domains.dialogues.catalogue import INTENTS  # noqa: E402
from synth.domains.dialogues.model import PLAN_DRAWS, batch_values, make_plan  # noqa: E402
from synth.domains.dialogues.variety import most_repeated  # noqa: E402
from synth.randomness import BlockRandom  # noqa: E402

# The plan variable (plan.env) that names the procedure an intent's dialogue follows.
PATH_VARIABLES = {"logistics": ("late",), "delay": ("late",), "urge_shipping": ("hold",),
                  "product_inquiry": ("topic",), "change_address": ("where",), "lost_parcel": ("party", "where")}


def plan_paths(intent: str, n: int, seed: int) -> Counter:
    """The procedure paths of `n` plans of `intent` (its path variables and the outcome)."""
    rng = BlockRandom((seed, 7), 0, max(1, -(-n // 1024)))
    values = batch_values(rng)
    u = np.random.default_rng(seed).random((n, PLAN_DRAWS)).tolist()
    keys = PATH_VARIABLES.get(intent, ())
    paths: Counter = Counter()
    for k in range(n):
        plan = make_plan(INTENTS[intent], u[k], {name: column[k] for name, column in values.items()},
                         dt.date(2025, 1, 1))
        paths[(*(plan.env.get(v, "-") for v in keys), plan.outcome)] += 1
    return paths


def told_paths(turns_column) -> Counter:
    """How many dialogues drew each procedure: the first `path:` topic told (telecom and banking, procedures.py)
    or `procedure:` topic (e-commerce after-sales, aftersales.py)."""
    found: Counter = Counter()
    for turns in turns_column:
        path = next((t.split(":", 1)[1] for turn in turns for t in turn["told"]
                     if t.startswith(("path:", "procedure:"))), "-")
        found[(path,)] += 1
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--intents", default=",".join(INTENTS))
    args = parser.parse_args()
    for intent in args.intents.split(","):
        frame = synth.generate("dialogues", args.n, seed=args.seed, intent=intent)
        share, stretch = most_repeated(frame["slots"], frame["turns"], top=1)[0]
        paths = plan_paths(intent, args.n, args.seed) if intent in PATH_VARIABLES else told_paths(frame["turns"])
        top_path, top_count = paths.most_common(1)[0]
        print(f"{intent:<21} top stretch {share:6.1%} {stretch}   paths {len(paths):3d} "
              f"(commonest {top_count / args.n:5.1%} {'/'.join(top_path)})")


if __name__ == "__main__":
    main()
