"""Hedged praise and the stars (issue 17): a review that praises anything only mildly (还行, 还算, 没什么大毛病)
gets four stars at most, and its verdict is no superlative (我特别满意, 大大的好评)."""

from __future__ import annotations

import re
from functools import lru_cache

import pytest

import synth

N = 2000
HEDGES = r"还行|让人满意|没什么大毛病|(和|跟)想的差不多|还算|勉强|凑合|马马虎虎|一般般"
SUPERLATIVES = r"我(超|特别)(喜欢|满意)|特别满足|乐开了花|大大的好评|捡到宝了|我特别满意"


@lru_cache(maxsize=None)
def reviews(category: str):
    return synth.generate("reviews", N, seed=6464, category=category)


@pytest.mark.parametrize("category", ["movie", "book", "hotel", "electronics", "restaurant", "ecommerce"])
def test_a_five_star_review_praises_without_hedging(category):
    df = reviews(category)
    five = [t for t in df.text[df.rating == 5] if re.search(HEDGES, t)]
    assert five == [], f"{len(five)} five-star {category} reviews hedge: {five[0]}"


@pytest.mark.parametrize("category", ["movie", "book", "hotel", "electronics", "restaurant", "ecommerce"])
def test_a_hedged_review_ends_on_no_superlative(category):
    texts = reviews(category).text
    both = [t for t in texts if re.search(HEDGES, t) and re.search(SUPERLATIVES, t)]
    assert both == [], f"{len(both)} {category} reviews hedge and then rave: {both[0]}"


def test_unhedged_reviews_still_get_five_stars_and_superlatives():
    df = reviews("hotel")
    assert (df.rating == 5).mean() > 0.2
    assert df.text.str.contains(SUPERLATIVES.replace("(", "(?:")).sum() > 20


# One and two stars carry a fault at their strength (issue 17, fourth reading: 1★ reviews built only from hedges,
# 质量有些一般 … 我不太满意). A negative review's mild complaints are the aspect's own (价格稍微有点贵), never a
# generic hedge, and a one-star verdict is no hedge either.
# A hedge that ends its clause (质量有些一般。), with no fault said after it (做工有点一般，边角处理得粗糙 names one).
GENERIC_HEDGES = r"((有点|有些)一般|差了点意思|弱了一点|欠了点火候|差了口气|还有(提升|进步)空间|不算太好|有点让人失望)([。！？!?…]|$)"
HEDGED_VERDICTS = r"我(是|)(真的|)不(太|怎么|)满意|(觉得|认为|感觉)不(太|怎么)值"


@pytest.mark.parametrize("category", ["movie", "book", "hotel", "electronics", "restaurant", "ecommerce"])
def test_a_low_rating_names_a_fault_not_a_hedge(category):
    df = reviews(category)
    low = df[df.rating <= 2]
    generic = [t for t in low.text if re.search(GENERIC_HEDGES, t)]
    assert generic == [], f"{len(generic)} one- and two-star {category} reviews hedge: {generic[0]}"
    one = [t for t in low.text[low.rating == 1] if re.search(HEDGED_VERDICTS, t)]
    assert one == [], f"{len(one)} one-star {category} reviews end on a hedge: {one[0]}"
