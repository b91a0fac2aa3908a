"""What a reader of 20 reviews notices repeating (issue 17): for each category, 120 reviews per seed over 5 seeds, cut
into samples of 20 consecutive reviews (what one reader reads), the share of reviews that contain

- a sentence (8 characters or more once the item's name, numbers and punctuation are taken out) that another review
  of the same sample also contains ("sentence"), and
- any run of 10 characters (same normalisation) that another review of the same sample also contains ("10-gram":
  near-verbatim repeats whose slots rotate a word or two, 四颗星，剩下那颗等下次再给 / 四颗星，少的那颗留着下次再给,
  are caught on what they share);

and the frames a reader meets most: the first 4 and the last 5 characters of the first and the last sentences, and
how many samples of 20 hold one of them 3 times or more (a stock opener or closer at its 3rd use).

    python benchmarks/review_repeats.py [--seeds 5] [--n 120] [--category book] [--top 8]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import synth  # noqa: E402

CATEGORIES = ["book", "hotel", "electronics", "ecommerce", "movie", "fresh"]
SAMPLE = 20
GRAM = 10
_SENTENCE = re.compile(r"[^。！？!?…~～]+")
_DROP = re.compile(r"[，、；：:,;\s\"“”‘’（）()·👍👏😤💢.]|[0-9０-９一二三四五六七八九十两几半]+")


def norm(text: str) -> str:
    return _DROP.sub("", text)


def sentences(text: str, item: str, place: str) -> list[str]:
    for name in (item, place):
        if name:
            text = text.replace(name, "#")
    return [norm(s) for s in _SENTENCE.findall(text)]


def sample_figures(rows: list[tuple[str, str, str]]) -> tuple[int, int, Counter, Counter]:
    """(reviews with a shared sentence, reviews with a shared 10-gram, opener frames, closer frames) of one sample."""
    sents = [[s for s in sentences(t, i, p) if len(s) >= 8] for t, i, p in rows]
    grams = []
    for t, i, p in rows:
        g = set()
        for s in sentences(t, i, p):
            g.update(s[k:k + GRAM] for k in range(len(s) - GRAM + 1) if "#" not in s[k:k + GRAM])
        grams.append(g)
    s_count = Counter(x for ss in sents for x in set(ss))
    g_count = Counter(x for g in grams for x in g)
    shared_s = sum(any(s_count[x] > 1 for x in set(ss)) for ss in sents)
    shared_g = sum(any(g_count[x] > 1 for x in g) for g in grams)
    openers, closers = Counter(), Counter()
    for t, i, p in rows:
        ss = [s for s in sentences(t, i, p) if s]
        if len(ss) >= 2:
            openers[ss[0][:4]] += 1
            closers[ss[-1][-5:]] += 1
    return shared_s, shared_g, openers, closers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--n", type=int, default=120)
    parser.add_argument("--category", action="append")
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args()
    total_s = total_g = total = frames3 = samples = 0
    print(f"per category: {args.n} reviews x {args.seeds} seeds, samples of {SAMPLE}; share of reviews with a sentence "
          f"/ a {GRAM}-gram another review of its sample has; samples with a frame at its 3rd use")
    for category in args.category or CATEGORIES:
        cs = cg = cn = cf = csamples = 0
        top_open, top_close = Counter(), Counter()
        for seed in range(1, args.seeds + 1):
            df = synth.generate("reviews", args.n, seed=1000 + seed, category=category)
            places = df["place"] if "place" in df else [""] * len(df)
            rows = list(zip(df.text, df.item, places))
            for start in range(0, len(rows) - SAMPLE + 1, SAMPLE):
                s, g, o, c = sample_figures(rows[start:start + SAMPLE])
                cs, cg, cn, csamples = cs + s, cg + g, cn + SAMPLE, csamples + 1
                third = [k for k, v in (o + c).items() if v >= 3]
                cf += bool([k for k, v in o.items() if v >= 3] or [k for k, v in c.items() if v >= 3])
                top_open.update(o)
                top_close.update(c)
        print(f"{category:<12} sentence {cs / cn:6.1%}   {GRAM}-gram {cg / cn:6.1%}   frame-3 samples {cf}/{csamples}")
        print(f"{'':<12} openers: " + "  ".join(f"{k}…×{v}" for k, v in top_open.most_common(args.top)))
        print(f"{'':<12} closers: " + "  ".join(f"…{k}×{v}" for k, v in top_close.most_common(args.top)))
        total_s, total_g, total, frames3, samples = total_s + cs, total_g + cg, total + cn, frames3 + cf, samples + csamples
    print(f"{'all':<12} sentence {total_s / total:6.1%}   {GRAM}-gram {total_g / total:6.1%}   "
          f"frame-3 samples {frames3}/{samples}")


if __name__ == "__main__":
    main()
