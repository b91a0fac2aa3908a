"""The usefulness families of issue 17 (domains/reviews/grammars/usefulness_*.grammar): each is said often enough
to matter and labelled as it reads — a book reader's reflection only in a review of its stance, the new hotel and
laptop clauses captured as their aspect with the polarity they read with."""

from __future__ import annotations

import re
from functools import lru_cache

import pytest

from synth.domains.reviews import generate_with_trace

N = 1500
REFLECT_POS = r"想起了(自己|我)|的(坚持|无奈|日子)，(和|跟)|打了个电话|一天一天|一点一点|一层理解|新的角度|不同的看法|确实管用|真的管用|真的有变化|确实有变化"
REFLECT_NEG = r"(没什么|找不到)(共鸣|触动)|(代入|读)不进去|(说教|讲大道理)，(读着|看着)|(变化|用处)(都|也)没有"
# New phrases: the category, the aspect each is about and the polarity it reads with.
CLAUSES = [
    ("hotel", r"周边环境(很|比较|挺)(安静|清静|好)|(坐地铁|打车)(半小时|二十来分钟|四十分钟)", "location", "positive"),
    ("hotel", r"周边环境(比较|有点|很)(乱|杂)", "location", "negative"),
    ("hotel", r"(酒店环境|大堂)(很|比较|挺|非常)(漂亮|气派|雅致)|淋浴(水压|出水)(很|比较|挺)(足|大)|泳池(很|比较|挺)|健身房(器材|设备)",
     "facilities", "positive"),
    ("hotel", r"(没|没有)(翻新|重新装修)过|淋浴(水压|出水)(很|特别|太)小|(才知道|才发现)(要|得)", "facilities", "negative"),
    ("hotel", r"前台(准时|按时)|(司机|师傅)(早早|提前)", "service", "positive"),
    ("hotel", r"(没有|查不到)(预订|订单)|(叫醒|叫早)(电话|服务)(根本|压根|一直)|(大堂经理|值班经理)(反映|投诉)", "service", "negative"),
    ("electronics", r"(固态硬盘|硬盘)(读写|速度)", "performance", "positive"),
    ("electronics", r"(内存|运行内存)(只有|才)(8G|8个G)", "performance", "negative"),
    ("electronics", r"接口(很|非常|挺)齐全|(很|非常|挺)轻薄，(塞进|放进)", "build", "positive"),
    ("electronics", r"接口(太|很|特别)少|(机身|整机)(很|太|特别)(沉|重)，(背着|拎着)|(机身|整机)(有点|稍微有点)沉", "build", "negative"),
    ("electronics", r"(分辨率|清晰度)(很|非常|挺)高，(字|文字)", "screen", "positive"),
    ("electronics", r"(不插电|拔了电源)(写文档|上网课|看网页)", "battery", "positive"),
    ("electronics", r"(不插电|拔了电源)(只能|才能)", "battery", "negative"),
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


@pytest.mark.parametrize("category,pattern,aspect,polarity", CLAUSES)
def test_new_clauses_are_labelled_with_their_aspect_and_polarity(category, pattern, aspect, polarity):
    df = reviews(category)
    found = 0
    for text, clauses in zip(df.text, df.clauses):
        for match in re.finditer(pattern, text):
            owner = [c for c in clauses if c[2] <= match.start() < c[3]]
            assert owner, f"{match.group()} is outside every aspect clause: {text}"
            found += 1
            assert (owner[0][0], owner[0][1]) == (aspect, polarity), f"{match.group()} labelled {owner[0][:2]}: {text}"
    # laptops are about a fifth of electronics reviews, and each phrase one of several for its aspect
    assert found >= (5 if category == "hotel" else 2), f"only {found} of {N} {category} reviews say {pattern}"
