"""How a review's closing verdict is chosen (issue 17): per category, over N reviews at one length range, the share
of reviews with a verdict (the `verdict` capture), the share of verdicts of 8 characters or fewer (the short end the
length-fitting pushes to: the parts before the verdict fill the window, leaving it only the gap), their mean length,
the most frequent verdict family (the verdict's last 6 characters once degree words are dropped) and the length
histogram of the reviews.

    python benchmarks/review_verdicts.py [--n 2000] [--length 50-100] [--seed 7] [--category hotel]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import synth  # noqa: E402
import synth.domains.reviews.fields as fields  # noqa: E402

CATEGORIES = ["book", "hotel", "electronics", "ecommerce", "movie", "fresh"]
_DROP = re.compile(r"[，、；：:,;\s\"“”‘’（）()·.!！。…~～]|[0-9０-９]+")
_DEGREE = re.compile(r"很|挺|非常|真的|真心|特别|超|蛮|确实|真|太|还是|也|都|了|啊|呀|吧")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--length", default="50-100")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--category", action="append")
    args = parser.parse_args()
    lo, hi = map(int, args.length.split("-"))
    edges = [lo + (hi - lo) * k // 5 for k in range(5)] + [hi + 1]
    verdicts: list = []
    render = fields.render_review

    def spy(*a, **k):
        rendered = render(*a, **k)
        found = [rendered.text[s:e] for name, s, e, _ in rendered.captures if name == "verdict"]
        verdicts.append(found[0] if found else None)
        return rendered

    fields.render_review = spy
    print(f"{args.n} reviews per category, length {args.length}, seed {args.seed}; histogram bins start at {edges[:-1]}")
    for category in args.category or CATEGORIES:
        verdicts.clear()
        df = synth.generate("reviews", args.n, seed=args.seed, category=category, length=args.length)
        said = [v for v in verdicts[-len(df):] if v]
        families = Counter(_DEGREE.sub("", _DROP.sub("", v))[-6:] for v in said)
        family, count = families.most_common(1)[0] if families else ("", 0)
        lengths = df.text.str.len()
        histogram = [int(((lengths >= a) & (lengths < b)).sum()) for a, b in zip(edges, edges[1:])]
        print(f"{category:<12} verdict {len(said) / len(df):6.1%}  <=8 chars {sum(len(v) <= 8 for v in said) / max(1, len(said)):6.1%}"
              f"  mean {sum(map(len, said)) / max(1, len(said)):4.1f}  top family {count / len(df):5.1%} {family}"
              f"  lengths {histogram} out of range {int(((lengths < lo) | (lengths > hi)).sum())}")
    fields.render_review = render


if __name__ == "__main__":
    main()
