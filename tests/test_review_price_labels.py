"""Aspect labels list every aspect a clause speaks of (issue 17, cause 4 of the shopper's reading): a clause that
judges the item's price (价格, 这个价, 便宜, 实惠, 划算, 贵, N块, N元) is the price clause, labelled price; a price
riding inside another clause (物流很快…比书店便宜一大截, 床很舒服…这个价位很划算) taught a model that delivery or
rooms are about money. A fee for a service or a compensation (上门费89块, 只赔了几块钱, 停车另外收费) belongs to that
service, and 块 as a measure (一块块, 几块肉) or a look (廉价, 便宜货) is no price."""

from __future__ import annotations

import re

import pytest

from synth.domains.reviews import generate_with_trace
from synth.domains.reviews.catalogue import categories

N = 2000
PRICE = re.compile(r"价格|价钱|价位|这个价|这价|性价比|便宜(?!货|没好货)|实惠|划算|(?<![宝珍富尊])贵(?!宾)"
                   r"|\d+(块|元)|[一二两三四五六七八九十百千几]+(块钱|元)")
FEE_OR_REFUND = re.compile(r"费|收费|付钱|交钱|赔|补偿|退款|差价|价保|给(了|)几块钱")
PRICED = [c for c in categories() if "price" in categories()[c].aspects]


def riders(category: str, seed: int = 4242) -> list[str]:
    df = generate_with_trace(N, seed=seed, category=category)
    found = []
    for text, clauses in zip(df.text, df.clauses):
        for aspect, _, start, end in clauses:
            clause = text[start:end]
            if aspect != "price" and PRICE.search(clause) and not FEE_OR_REFUND.search(clause):
                found.append(f"{aspect}: {clause}")
    return found


@pytest.mark.parametrize("category", PRICED)
def test_a_clause_that_judges_the_price_is_labelled_price(category):
    found = riders(category)
    assert found == [], f"{len(found)} of {N} {category} reviews: {found[:3]}"


def test_the_check_sees_a_price_riding_in_another_clause():
    clause = "物流特别快，隔天上午就到了，价格比书店便宜一大截"
    assert PRICE.search(clause) and not FEE_OR_REFUND.search(clause)
    assert not PRICE.search("汤都结成一块块了") and FEE_OR_REFUND.search("检测还要交89块上门费")
