"""What real reviews say that the grammars lacked (issue 17, benchmarks/usefulness_gaps.md): a laptop's set-up and
parts said plainly or mildly, a book's resonance (or its absence), complaints told as a fact or a question. These
clauses carry few or no sentiment words, so their label rests on where they stand: each must lie inside a clause of
its aspect with the polarity it states, and each must actually be said."""

from __future__ import annotations

import re
from functools import lru_cache

import pytest

# Words that only the new clauses say, by category: (pattern, aspect, polarity the words state).
MARKS = {
    "electronics": [(re.compile(r"驱动|(没有|不带)蓝牙|内存(只有|才|稍微|略微)|接口(太少|只有两个|有点)|偏(黄|蓝|绿|冷)，|风扇(声音|时不时|隔一会儿)|集中在"),
                     None, "negative"),
                    (re.compile(r"(i5|i7|锐龙5|锐龙7)"), "performance", "positive"),
                    (re.compile(r"(快递|包裹)(还没到|还是没收到)|缺货了|才说没货了"), "delivery", "negative")],
    "book": [(re.compile(r"说教味|没什么共鸣|找不到共鸣|共鸣基本为零|代入感几乎"), "resonance", "negative"),
             (re.compile(r"想起了(自己|我)|发了(好一会儿|半天)|替我说出来|帮我理清楚"), "resonance", "positive"),
             (re.compile(r"(快递|包裹)(还没到|还是没收到)|缺货了"), "delivery", "negative")],
    "hotel": [(re.compile(r"油漆味|胶水味|新家具的味道"), "room", "negative"),
              (re.compile(r"这(也叫|也能叫|也算)(四星级|五星级)(酒店|)？"), "facilities", "negative")],
    "ecommerce": [(re.compile(r"(快递|包裹)(还没到|还是没收到)|缺货了|牛车"), "logistics", "negative")],
}


@lru_cache(maxsize=None)
def traced(category: str):
    from synth.domains.reviews import generate_with_trace

    return generate_with_trace(4000, seed=17, category=category, sentiment="positive:0.5,negative:0.5")


@pytest.mark.parametrize("category", sorted(MARKS))
def test_new_plain_clauses_are_said_and_stand_in_a_clause_of_their_polarity(category):
    df = traced(category)
    found = {i: 0 for i in range(len(MARKS[category]))}
    for row in df.itertuples():
        for i, (pattern, aspect, polarity) in enumerate(MARKS[category]):
            for match in pattern.finditer(row.text):
                found[i] += 1
                holders = [(a, p) for a, p, s, e in row.clauses if s <= match.start() < e]
                assert holders, (row.text, match.group())
                a, p = holders[0]
                assert p == polarity and (aspect is None or a == aspect), (row.text, match.group(), a, p)
    # each family is said (a star class questioned and a laptop's list of specs are rare: one alternative each)
    assert all(count >= 3 for count in found.values()), found


def test_book_resonance_is_an_aspect_of_fiction_essays_and_history_only():
    df = traced("book")
    said = df[df.aspects.map(lambda a: "resonance" in a)]
    assert len(said) >= len(df) // 20
    # never a how-to book's or a popular-science book's: their titles are 学会, 一本书读懂, 写给 ...
    assert not said.item.str.contains(r"学会|读懂|写给|练好|从零开始").any()
