"""What the reader of main 319a3d8 (seed 90917, 120 reviews, issue 17) met: lines one reader meets twice or three
times in 20 reviews because their family held a large share of its pool (a star kept back for next time, 我觉得这部很值,
这款我买对了, 到手N了写个评价, 晚上十一点发消息也秒回), and clauses that say what the item cannot have or
words that do not go together (耳机 against noise, 被贴了停车费, 打电话送热水壶, 发热太差, 我很寒心的, 一册 of a
one-volume novel, 读到动情处, 仿品 of jerky, a chicken 肉色鲜红, a shank 煎, a shipped fruit 当天摘的, heating
in a resort, a thin laptop 有分量, a box 颠了两三天 after next-day delivery)."""

from __future__ import annotations

import re
from functools import lru_cache

import pytest

import synth

N = 2000


@lru_cache(maxsize=None)
def texts(category: str, **options) -> tuple[str, ...]:
    return tuple(synth.generate("reviews", N, seed=9393, category=category, **options).text)


def share(pattern: str, category: str, **options) -> float:
    found = texts(category, **options)
    return sum(bool(re.search(pattern, t)) for t in found) / len(found)


# Families a reader recognises whatever their slots say; on main 2.0-3.5% (keep-a-star), 5-11% (chose right),
# 3.5% (worth in films), 3% (late reply), 4.5-5.6% (writing the review).
FAMILIES = [
    ("keep_a_star", r"剩下那颗|少的那颗|留一颗给下次|留点进步空间|给以后留点余地|补上那颗", ["book", "hotel", "ecommerce", "movie"], 0.015),
    ("worth", r"觉得\S{0,5}(挺值的|很值|特别值|挺值)", ["movie", "book"], 0.02),
    ("late_reply", r"(十一点|十二点)(问|发消息)也", ["ecommerce"], 0.015),
    ("write_review", r"(写个评价|说说感受|评价一下)", ["ecommerce", "fresh"], 0.02),
    ("chose_right", r"选对了|挑对了|买对了|没选错|没挑错|没买错", ["book", "electronics", "ecommerce"], 0.07),
]


@pytest.mark.parametrize("name,pattern,cats,ceiling", FAMILIES, ids=[f[0] for f in FAMILIES])
def test_no_stock_family_fills_its_pool(name, pattern, cats, ceiling):
    worst = max((share(pattern, c), c) for c in cats)
    assert worst[0] <= ceiling, (name, worst)


WRONG = [
    ("hotel", r"戴了耳机|被贴了停车费|被收了罚单|打电话送|屋里就暖和了|房间就暖和了"),
    ("electronics", r"发热(很|太)差|握着(很|特别)有分量|拿在手里(很|特别)有分量"),
    ("book", r"寒心|读到动情处|(发错了|少发了)一册"),
    ("fresh", r"当天摘的|现摘现发的|颠了两三天"),
]


@pytest.mark.parametrize("category,pattern", WRONG, ids=[w[0] for w in WRONG])
def test_no_wrong_collocation(category, pattern):
    found = [t for t in texts(category) if re.search(pattern, t)]
    assert not found, found[:3]


def test_jerky_is_never_a_counterfeit():
    found = [t for t in texts("ecommerce", item="五香牛肉干", kind="snacks") if re.search(r"(假货|仿品)(无疑|实锤)", t)]
    assert not found, found[:3]


@pytest.mark.parametrize("item,pattern", [("冷鲜土鸡", r"鲜红"), ("原切牛腱子", r"煎")])
def test_meat_is_said_as_every_meat_can_be(item, pattern):
    found = [t for t in texts("fresh", item=item, kind="meat") if re.search(pattern, t)]
    assert not found, found[:3]


def test_a_hotel_verdict_and_its_follow_up_do_not_both_come_back():
    found = [t for t in texts("hotel") if re.search(r"(还会|一定)(回头|再来住)的！", t)]
    assert not found, found[:3]
