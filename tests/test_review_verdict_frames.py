"""No verdict, opener or closer a reader hears again and again (issue 17, item 4: the reader of seed 41213 questioned
38 of 120 reviews only for repetition, 这部我很满意 / 我挺喜欢这款 three times in 20). Frames are counted as a reader
hears them (benchmarks/review_verdicts.py: pointer and degree words dropped, 满意/中意/喜欢/认可/推荐 one head). The
renderer used to give the closing verdict whatever room the aspect clauses left, so the shortest verdicts won: on
main 32e37b5 one frame (我喜欢) was in 6.7-12.0% of 3,000 reviews at 50-100 characters in 10 of these 13
categories (41-45% of verdicts 8 characters or fewer); drawn first (`<^verdict!>`), verdicts come by weight and no
frame is above 2.9%."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from review_verdicts import PARTS, collect, frame, top_frames  # noqa: E402

CATEGORIES = ["movie", "book", "hotel", "electronics", "restaurant", "ecommerce", "takeaway", "apparel", "beauty",
              "appliance", "fresh", "snacks", "baby"]
N = 3000
CEILING = 0.06


def test_a_frame_drops_pointers_and_degree_words_and_reads_liking_as_one_head():
    assert frame("这部我很满意。") == frame("我挺喜欢这款！") == frame("这家我真心推荐") == "我喜欢"
    assert frame("我好失望！") == frame("我很失望。") == frame("我真的很失望")
    assert frame("第一次在这家买。") == frame("头一回在这家买")
    assert frame("我不推荐。") != frame("我推荐。")
    assert frame("好评！") == "好评"


@lru_cache(maxsize=None)
def tops(category: str) -> dict:
    df, said = collect(category, N, seed=41213, length="50-100")
    assert len(said) == len(df) == N
    return top_frames(said, N)


@pytest.mark.parametrize("category", CATEGORIES)
@pytest.mark.parametrize("part", PARTS)
def test_no_frame_is_in_more_than_6_percent_of_reviews(category, part):
    name, share = tops(category)[part]
    assert share <= CEILING, (part, name, share)


def test_the_verdict_is_drawn_by_weight_not_by_the_room_left():
    """A verdict of 8 characters or fewer is at most a quarter of the verdicts (29-43% on main, ~20% by weight)."""
    for category in ("hotel", "fresh", "book"):
        df, said = collect(category, 1000, seed=5, length="50-100")
        verdicts = [parts["verdict"] for _, parts in said if "verdict" in parts]
        assert sum(len(v) <= 8 for v in verdicts) <= 0.25 * len(verdicts), category
