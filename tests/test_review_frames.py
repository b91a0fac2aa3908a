"""No frame carries a category (issue 17, the reading of seed 24601): the stock openings and follow-ups a reader met
again and again in 20 reviews of a category (入手N，写写体验 in 9 electronics reviews, 收到N了，来评价一下, 一口气读完了,
之前有点担心…多虑了 in 6 of 120) are each one share among several, and the closings say what fits the review they end
(没收好处 after praise, 码字不易 after a long review)."""

from __future__ import annotations

import re
from functools import lru_cache

import pytest

import synth

N = 2000

# (category, the frame, the largest share of reviews it may open or close; before this branch 12-16% for the openings
# (electronics 16.2%, ecommerce 12.6% of 2,000 at seed 9191) and about 5% for the worry line (6 of 120 read))
FRAMES = [
    ("electronics", r"^(用了|入手|到手)[^，。]{1,5}，(来|)(说说|聊聊|写写|简单说下|讲讲)", 0.08),
    ("ecommerce", r"^(收到|到手|拿到|买来)[^，。]{1,5}了，(来|)(评价一下|说说感受|追个评价|写个评价)", 0.05),
    ("book", r"一口气(读完|看完)了", 0.03),
    ("movie", r"(多虑了|想多了|白操心|瞎担心)", 0.02),
    ("takeaway", r"(多虑了|想多了|白操心|瞎担心)", 0.02),
    ("hotel", r"(多虑了|想多了|白操心|瞎担心)", 0.02),
]


@lru_cache(maxsize=None)
def texts(category: str, length: str = "20-120") -> tuple[str, ...]:
    return tuple(synth.generate("reviews", N, seed=4242, category=category, length=length).text)


@pytest.mark.parametrize("category, frame, ceiling", FRAMES)
def test_no_stock_frame_carries_a_category(category, frame, ceiling):
    pattern = re.compile(frame)
    found = [t for t in texts(category) if pattern.search(t)]
    assert len(found) <= ceiling * N, (len(found), found[:2])
    assert found, "the frame is still one of the ways to say it"


@pytest.mark.parametrize("category", ["hotel", "electronics", "ecommerce", "takeaway"])
def test_not_paid_to_say_it_is_said_only_after_praise(category):
    df = synth.generate("reviews", N, seed=4243, category=category, sentiment="positive:0.5,negative:0.5")
    said = df[df.text.str.contains("没收(?:好处|返利|钱|返现)|没拿(?:好处|返利|钱|返现)|没要(?:返现|好处)|不是托|不是水军")]
    assert (said.sentiment == "positive").all(), said[said.sentiment != "positive"].text.head(2).tolist()
    assert len(said), "praise still says it"


def test_a_short_review_does_not_say_how_much_it_typed():
    short = [t for c in ("book", "electronics", "hotel") for t in texts(c, "20-60")]
    assert not [t for t in short if "码字不易" in t or "码了这么多" in t]
    assert any("码字不易" in t or "码了这么多" in t for c in ("book", "hotel") for t in
               synth.generate("reviews", 1500, seed=4244, category=c, length="150-250").text)
