"""Closings and softeners that fit (issue 17): a plea to mend things (但愿改一改吧) only where something can still
change, not of a released film or a printed book; 能理解 only after a complaint that admits an excuse (a late
delivery, a busy kitchen, a price); 没什么大毛病 is never the praise of a five-star review."""

from __future__ import annotations

import re
from functools import lru_cache

import pytest

import synth
from synth.domains.reviews import generate_with_trace

N = 3000
EXCUSABLE = {"logistics", "delivery", "speed", "rider", "price", "parking"}
CATEGORIES = ["movie", "book", "hotel", "electronics", "restaurant", "ecommerce", "takeaway", "apparel", "beauty",
              "appliance", "fresh", "snacks", "baby"]


@lru_cache(maxsize=None)
def traced(category: str):
    return generate_with_trace(N, seed=909, category=category, mixed_rate=0.5, sentiment="positive:0.5,negative:0.5")


@pytest.mark.parametrize("category", ["movie", "book"])
def test_a_finished_work_is_not_asked_to_change(category):
    texts = traced(category).text
    pleas = texts[texts.str.contains("改一改|用点心|长点心")]
    assert len(pleas), "the plea about the next work is still said"
    assert pleas.str.contains("下一部|下一本").all(), pleas[~pleas.str.contains("下一部|下一本")].head(2).tolist()


@pytest.mark.parametrize("category", CATEGORIES)
def test_understanding_follows_only_an_excusable_complaint(category):
    df = traced(category)
    for text, clauses in zip(df.text, df.clauses):
        for found in re.finditer(r"(可以|能)理解", text):
            before = [c for c in clauses if c[2] < found.start() and c[1] == "negative"]
            if before:   # the complaint just before it is about something that admits an excuse
                assert before[-1][0] in EXCUSABLE, (before[-1][0], text)


@pytest.mark.parametrize("category", CATEGORIES)
def test_no_big_fault_is_not_five_star_praise(category):
    df = traced(category)
    assert not df[df.rating == 5].text.str.contains("没什么大毛病").any()


def test_understanding_is_still_said_of_a_late_delivery():
    df = synth.generate("reviews", N, seed=909, category="takeaway", mixed_rate=0.6, require="delivery")
    assert df.text.str.contains("(?:可以|能)理解").any()
