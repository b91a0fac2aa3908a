"""Clauses checked against what the item or venue is (issue 17): a kind declares its facts on its @kind line
(screen, colour, antifake, lasts, seasoned, quiet, metro) and a phrase that presumes one (贴膜, 色差, 防伪码,
用了两个月, 入味, 安静, 地铁) is never said of a kind without it. The table is
domains/reviews/coherence_presumptions.py."""

from __future__ import annotations

import re
from functools import lru_cache

import pytest

import synth
from synth.domains.reviews.catalogue import kind_facts
from synth.domains.reviews.coherence_presumptions import PRESUMPTIONS, categories_checked, reviews_with_kind, scan

N = 2000


@lru_cache(maxsize=None)
def frame(category: str):
    return reviews_with_kind(category, N, 1717)


@pytest.mark.parametrize("category", categories_checked())
def test_no_clause_presumes_what_the_kind_is_not(category):
    df = frame(category)
    for presumption, found in scan(category, list(df.text), list(df.kind)).items():
        assert found == [], f"{len(found)} of {N} {category} reviews say {presumption}: {found[0]}"


@pytest.mark.parametrize("category, fact, value, phrase, what", PRESUMPTIONS)
def test_the_kinds_that_have_it_still_say_it(category, fact, value, phrase, what):
    # the facts take the phrase from the kinds that lack it, not from the ones it fits
    df = frame(category)
    fitting = [t for t, k in zip(df.text, df.kind) if dict(kind_facts(category, k)).get(fact, value) == value]
    assert any(re.search(phrase, t) for t in fitting), (category, phrase)


def test_the_scan_finds_a_planted_violation():
    planted = scan("electronics", ["音质很好，送了两张贴膜。", "屏幕边框很窄。"], ["earbuds", "phone"])
    assert planted["screen=yes: 贴膜|边框|黑边|碎屏"] == ["音质很好，送了两张贴膜。"]
    assert scan("restaurant", ["锅底很香，每道菜都很入味。"], ["hotpot"])["seasoned=yes: 入味"]


def test_a_kind_declares_its_facts():
    assert ("screen", "no") in kind_facts("electronics", "earbuds")
    assert ("colour", "no") in kind_facts("ecommerce", "kitchen")
    assert ("quiet", "no") in kind_facts("restaurant", "bbq")


def test_a_given_hotel_mentions_the_metro_only_in_a_city_with_one(tmp_path):
    items = tmp_path / "hotels.csv"
    items.write_text("item,category,kind,city\n听溪小院,hotel,homestay,大理\n枕川酒店,hotel,business,杭州\n",
                     encoding="utf-8")
    df = synth.generate("reviews", 1500, seed=3, items=str(items), require="location")
    dali = df[df.item == "听溪小院"].text
    hangzhou = df[df.item == "枕川酒店"].text
    assert len(dali) and not dali.str.contains("地铁").any(), dali[dali.str.contains("地铁")].head(2).tolist()
    assert hangzhou.str.contains("地铁").any()
