"""The usefulness families of issue 17 (domains/reviews/grammars/usefulness_*.grammar): each is said often enough
to matter and labelled as it reads — a book reader's reflection only in a review of its stance, the new hotel
clauses captured as their aspect with the review's polarity."""

from __future__ import annotations

import re
from functools import lru_cache

import pytest

from synth.domains.reviews import generate_with_trace

N = 1500
REFLECT_POS = r"想起了(自己|我)|的(坚持|无奈|日子)，(和|跟)|打了个电话|一天一天|一点一点|一层理解|新的角度|不同的看法|确实管用|真的管用|真的有变化|确实有变化"
REFLECT_NEG = r"(没什么|找不到)(共鸣|触动)|(代入|读)不进去|(说教|讲大道理)，(读着|看着)|(变化|用处)(都|也)没有"
# New hotel phrases: the aspect each is about and the polarity it reads with.
HOTEL = [
    (r"周边环境(很|比较|挺)(安静|清静|好)|坐(机场大巴|出租车|地铁)", "location", "positive"),
    (r"周边环境(比较|有点|很)(乱|杂)", "location", "negative"),
    (r"(酒店环境|大堂)(很|比较|挺|非常)(漂亮|气派|雅致)|淋浴(水压|出水)(很|比较|挺)(足|大)|泳池(很|比较|挺)|健身房(器材|设备)",
     "facilities", "positive"),
    (r"(没|没有)(翻新|重新装修)过|淋浴(水压|出水)(很|特别|太)小|(才知道|才发现)(要|得)", "facilities", "negative"),
    (r"前台(准时|按时)|(司机|师傅)(早早|提前)", "service", "positive"),
    (r"(没有|查不到)(预订|订单)|(叫醒|叫早)(电话|服务)(根本|压根|一直)|(大堂经理|值班经理)(反映|投诉)", "service", "negative"),
]


def _plain(pattern: str) -> str:
    """The pattern with non-capturing groups (pandas warns of groups in str.contains)."""
    return re.sub(r"\((?!\?)", "(?:", pattern)


@lru_cache(maxsize=None)
def reviews(category: str):
    return generate_with_trace(N, seed=4747, category=category, length="20-160")


def test_book_reflections_are_said_and_only_in_reviews_of_their_stance():
    df = reviews("book")
    pos = df.text.str.contains(_plain(REFLECT_POS))
    neg = df.text.str.contains(_plain(REFLECT_NEG))
    assert (df.sentiment[pos] == "positive").all(), df.text[pos & (df.sentiment != "positive")].iloc[0]
    assert (df.sentiment[neg] == "negative").all(), df.text[neg & (df.sentiment != "negative")].iloc[0]
    # often enough to matter, never the habit of every review
    assert 0.01 < pos[df.sentiment == "positive"].mean() < 0.15
    assert 0.01 < neg[df.sentiment == "negative"].mean() < 0.15


@pytest.mark.parametrize("pattern,aspect,polarity", HOTEL)
def test_new_hotel_clauses_are_labelled_with_their_aspect_and_polarity(pattern, aspect, polarity):
    df = reviews("hotel")
    found = 0
    for text, clauses in zip(df.text, df.clauses):
        for match in re.finditer(pattern, text):
            owner = [c for c in clauses if c[2] <= match.start() < c[3]]
            assert owner, f"{match.group()} is outside every aspect clause: {text}"
            found += 1
            assert (owner[0][0], owner[0][1]) == (aspect, polarity), f"{match.group()} labelled {owner[0][:2]}: {text}"
    assert found >= 10, f"only {found} of {N} hotel reviews say {pattern}"
