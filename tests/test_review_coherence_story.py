"""A review tells one story (issue 17): bought for someone else, it never goes on about the buyer's own use; thrown
away, it is not also given away; a book read in one go was not read over three evenings. Facts owner, fate and
pace (domains/reviews/facts.py) decide each once; domains/reviews/coherence_story.py names the contradictions."""

from __future__ import annotations

import pytest

import synth
from synth.domains.reviews.coherence_story import contradictions

N = 3000


@pytest.mark.parametrize("text, expected", [
    ("给爸妈买的空气炸锅。很好用，我用着很顺手。", "bought for someone else, then the buyer's own use"),
    ("给女朋友买的面霜。色号很合适，跟我的肤色很贴。", "bought for someone else, then the buyer's own use"),
    ("太难吃了。剩下的直接扔了。剩下的送人了。", "thrown away, then given away"),
    ("已经申请了退货。我已经送人了。", "returned, then given away"),
    ("睡前一口气读完了《某书》。每天读上几十页，不累。", "read in one go, then over days"),
    ("朋友推荐的《某书》，花了三个晚上读完。最后几章我是熬夜读完的。", "read in one go, then over days"),
])
def test_a_planted_contradiction_is_found(text, expected):
    assert expected in contradictions(text)


def test_a_consistent_review_has_none():
    assert contradictions("给爸妈买的电饭煲，煮饭很香，老人用着也顺手。物流很快。") == []
    assert contradictions("花了三个晚上读完了《某书》，文笔很好。") == []


@pytest.mark.parametrize("category", ["ecommerce", "apparel", "beauty", "appliance", "fresh", "electronics", "book"])
def test_no_review_contradicts_itself(category):
    df = synth.generate("reviews", N, seed=2024, category=category, sentiment="positive:0.5,negative:0.5",
                        mixed_rate=0.3)
    found = [(t, contradictions(t)) for t in df.text if contradictions(t)]
    assert found == [], f"{len(found)} of {N}: {found[:2]}"
