"""Presumption violations in reviews (issue 17): of N reviews per category, how many say a phrase that presumes
something their item or venue is not (贴膜 of earbuds, 色差 of a pot, 防伪码 on jerky, 用了两个月 of a nut box,
入味 at a hotpot, 安静 at a barbecue, 地铁 in Xishuangbanna). The presumptions and the kinds' facts are in
domains/reviews/coherence_presumptions.py and the @kind lines of the grammars.

    python benchmarks/coherence_presumptions.py --n 2000 --seed 7
"""

from __future__ import annotations

import argparse

from synth.domains.reviews.coherence_presumptions import categories_checked, reviews_with_kind, scan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--examples", type=int, default=1, help="violating reviews to print per presumption")
    parser.add_argument("--category", action="append", help="only these categories (default: every one checked)")
    args = parser.parse_args()
    total = 0
    for category in args.category or categories_checked():
        frame = reviews_with_kind(category, args.n, args.seed)
        for presumption, texts in scan(category, list(frame.text), list(frame.kind)).items():
            total += len(texts)
            print(f"{category:12} {presumption:60} {len(texts):5} of {args.n}")
            for text in texts[:args.examples]:
                print(f"{'':12}   {text}")
    print(f"total violations: {total}")


if __name__ == "__main__":
    main()
