"""How a review's closing verdict is chosen (issue 17): per category, over N reviews at one length range, the share
of reviews with a verdict (the `verdict` capture), the share of verdicts of 8 characters or fewer (the short end the
length-fitting pushes to when the parts before the verdict fill the window and leave it only the gap), their mean
length, the length histogram of the reviews, and the *frames* a reader hears again: the verdict, the opener (what
comes before the first aspect clause) and the closer (what follows the verdict), sentence by sentence, each with
its pointer and degree words dropped and 满意/中意/喜欢/认可/推荐 read as one head (这部我很满意 and 我挺喜欢这款
are one frame), and the share of reviews saying the most frequent one.

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
from synth.domains.reviews.render import clause_spans  # noqa: E402

CATEGORIES = ["book", "hotel", "electronics", "ecommerce", "movie", "fresh"]
PARTS = ("verdict", "opener", "closer")
_DROP = re.compile(r"[^\u4e00-\u9fff]")   # punctuation, digits, Latin model names, emoji
_POINTER = re.compile(r"[这那]一?(?:部|款|家|本|台|个|件|双|支|套|次|回|趟|顿|单|杯|份|盒|袋|箱|瓶|张|位|种|样|间|场|店|餐)|它")
_DEGREE = re.compile(r"一直都|一直|真的|真心|真是|特别|非常|十分|相当|比较|确实|实在|超级|还是|很|挺|超|蛮|真|太|也|都|了|啊|呀|吧|呢|哦|的"
                     r"|好(?=失望|喜欢|满意|开心|高兴)")
_HEAD = re.compile(r"满意|中意|喜欢|认可|推荐|安利")
_SAME = (("头一回", "第一次"), ("这回", "这次"))


def frame(text: str) -> str:
    """What a reader hears as the same sentence: the words that carry it, without pointers (这部, 这款), degree
    words (很, 挺, 真的) and punctuation, with one head for liking (满意/中意/喜欢/认可/推荐)."""
    for variant, usual in _SAME:
        text = text.replace(variant, usual)
    return _HEAD.sub("喜欢", _DEGREE.sub("", _POINTER.sub("", _DROP.sub("", text))))


def parts_of(rendered, item: str, place: str) -> dict[str, str]:
    """The verdict, opener and closer a rendered review says (absent ones left out), with the item's and the
    place's names taken out: the text before the first aspect clause, the verdict, the text after it."""
    text = rendered.text
    found = {}
    verdicts = [(s, e) for name, s, e, _ in rendered.captures if name == "verdict"]
    clauses = clause_spans(rendered)
    if clauses and clauses[0][2] > 0:
        found["opener"] = text[:clauses[0][2]]
    if verdicts:
        start, end = verdicts[0]
        found["verdict"] = text[start:end]
        if end < len(text):
            found["closer"] = text[end:]
    for name, said in found.items():
        for value in (item, place):
            if value:
                said = said.replace(value, "")
        found[name] = said
    return found


def collect(category: str, n: int, seed: int, length: str = "50-100"):
    """The reviews' data frame and, per review, (its render, its parts as `parts_of` gives them): the last renders,
    one a row (a review the engine made again is counted as it was made last)."""
    said: list = []
    render = fields.render_review

    def spy(category_, kind, item, sentiment, rating, plan, u, length_, place="", *rest, **kw):
        rendered = render(category_, kind, item, sentiment, rating, plan, u, length_, place, *rest, **kw)
        said.append((rendered, parts_of(rendered, item, place)))
        return rendered

    fields.render_review = spy
    try:
        df = synth.generate("reviews", n, seed=seed, category=category, length=length)
    finally:
        fields.render_review = render
    return df, said[-len(df):]


_SENTENCE = re.compile(r"[^。！？!?…]+[。！？!?…]*")


def top_frames(said: list, n: int) -> dict[str, tuple[str, float]]:
    """Per part (verdict, opener, closer): the most frequent frame and the share of the n reviews saying it (an
    opener's or a closer's frames are its whole sentences': 第一次在网上买。好评！ says two)."""
    top = {}
    for part in PARTS:
        counts: Counter = Counter()
        for _, parts in said:
            if part in parts:
                said_ = [parts[part]] if part == "verdict" else _SENTENCE.findall(parts[part])
                if part == "opener":   # a clause's own lead (虽然, 说实话，) ends on no full stop
                    said_ = [s for s in said_ if s[-1] in "。！？!?…"]
                counts.update({frame(s) for s in said_})
        counts.pop("", None)
        name, count = counts.most_common(1)[0] if counts else ("", 0)
        top[part] = (name, count / n)
    return top


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--length", default="50-100")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--category", action="append")
    args = parser.parse_args()
    lo, hi = map(int, args.length.split("-"))
    edges = [lo + (hi - lo) * k // 5 for k in range(5)] + [hi + 1]
    print(f"{args.n} reviews per category, length {args.length}, seed {args.seed}; histogram bins start at {edges[:-1]}")
    worst = 0.0
    for category in args.category or CATEGORIES:
        df, said = collect(category, args.n, args.seed, args.length)
        verdicts = [parts["verdict"] for _, parts in said if "verdict" in parts]
        lengths = df.text.str.len()
        histogram = [int(((lengths >= a) & (lengths < b)).sum()) for a, b in zip(edges, edges[1:])]
        print(f"{category:<12} verdict {len(verdicts) / len(df):6.1%}  <=8 chars "
              f"{sum(len(v) <= 8 for v in verdicts) / max(1, len(verdicts)):6.1%}"
              f"  mean {sum(map(len, verdicts)) / max(1, len(verdicts)):4.1f}"
              f"  lengths {histogram} out of range {int(((lengths < lo) | (lengths > hi)).sum())}")
        for part, (name, share) in top_frames(said, len(df)).items():
            worst = max(worst, share)
            print(f"{'':<12} top {part:<8} frame {share:5.1%} {name}")
    print(f"largest top-frame share: {worst:.1%}")


if __name__ == "__main__":
    main()
