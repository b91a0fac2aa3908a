"""Per intent: the customer sentence (8 characters or more) found in the most dialogues of that intent, and the
share of the intent's dialogues that contain it (issue 12: a reader should not meet the same customer words in
two dialogues of one intent; goal: every intent under about 10%).

    python benchmarks/customer_lines.py [--n 2000] [--seed 3]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import synth  # noqa: E402

SENTENCE = re.compile(r"[^。！？!?；…~\n]+")
MIN_CHARS = 8


def sentences(text: str) -> set:
    """The sentences of a turn, without their end marks, of MIN_CHARS characters or more."""
    return {s.strip(" ，,") for s in SENTENCE.findall(text) if len(s.strip(" ，,")) >= MIN_CHARS}


def top_shared(frame) -> dict:
    """intent -> (share of its dialogues containing its commonest customer sentence, that sentence, dialogues)."""
    counts: dict = defaultdict(Counter)
    totals: Counter = Counter()
    for intent, turns in zip(frame["intent"], frame["turns"]):
        totals[intent] += 1
        seen = set()
        for turn in turns:
            if turn["role"] == "customer":
                seen |= sentences(turn["text"])
        counts[intent].update(seen)
    out = {}
    for intent, total in totals.items():
        sentence, n = counts[intent].most_common(1)[0] if counts[intent] else ("", 0)
        out[intent] = (n / total, sentence, total)
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args(argv)
    for sector in ("ecommerce", "telecom", "bank", "delivery"):
        frame = synth.generate("dialogues", args.n, seed=args.seed, intent=sector)
        for intent, (share, sentence, total) in sorted(top_shared(frame).items(), key=lambda kv: -kv[1][0]):
            print(f"{intent:22} {share:6.1%} of {total:4d}  {sentence}")


if __name__ == "__main__":
    main()
