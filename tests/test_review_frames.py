"""Stock frames (issue 17): a preamble (本来想忍一忍的…还是说出来吧) only opens a review, and no frame is in more than
3% of a category's reviews."""

from __future__ import annotations

import re
from functools import lru_cache

import pytest

import synth

N = 2000
PREAMBLE = r"(想忍一忍的|不想计较的|懒得评价)"
FRAMES = {
    "asked": r"(身边|周围|圈子里)(有|要是有|如果有)(人|朋友|同事)(问|问起|打听)",
    "worried": r"(犹豫|担心|纠结|打鼓)，(现在看来|事实证明|后来发现)",
    "lured": r"是被(好评|高分|口碑|推荐)(吸引来的|忽悠来的|带过来的|骗过来的)",
    "preamble": PREAMBLE,
}
CATEGORIES = ["movie", "book", "hotel", "electronics", "restaurant", "ecommerce"]


@lru_cache(maxsize=None)
def texts(category: str) -> tuple[str, ...]:
    return tuple(synth.generate("reviews", N, seed=6464, category=category).text)


@pytest.mark.parametrize("category", CATEGORIES)
def test_a_preamble_only_opens_a_review(category):
    late = [t for t in texts(category) if (m := re.search(PREAMBLE, t)) and m.start() > 4]
    assert late == [], f"{len(late)} {category} reviews say a preamble late: {late[0]}"


@pytest.mark.parametrize("category", CATEGORIES)
def test_no_frame_is_in_more_than_3_percent_of_reviews(category):
    for name, frame in FRAMES.items():
        share = sum(bool(re.search(frame, t)) for t in texts(category)) / N
        assert share <= 0.03, (name, share)
