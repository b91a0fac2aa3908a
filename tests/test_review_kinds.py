"""Phrases said only of the kinds they fit (issue 17): a phrase whose truth depends on what the item is (a phone
call, 持妆, drinking, a can of formula, 开线, a desk, a mop base) is tagged in the grammar by item kind, so 2,000
reviews of a kind it does not fit never say it."""

from __future__ import annotations

import re
from functools import lru_cache

import pytest

import synth

N = 2000


@lru_cache(maxsize=None)
def texts(category: str, kind: str) -> tuple[str, ...]:
    # kind= applies to a named item; the name is neutral so that only the grammar's choices are counted
    frame = synth.generate("reviews", N, seed=6464, category=category, kind=kind, item="这款" if category not in
                           ("book", "movie") else "某书")
    return tuple(frame.text)


MISFITS = [
    ("electronics", "laptop", r"(通话|打电话)(的时候|时)"),
    ("electronics", "tablet", r"(通话|打电话)(的时候|时)"),
    ("electronics", "watch", r"放在桌上"),
    ("beauty", "sunscreen", r"持妆|脱妆|补妆"),
    ("beauty", "lipstick", r"持妆"),
    ("snacks", "nuts", r"喝(?!水)"),
    ("snacks", "jerky", r"喝(?!水)"),
    ("snacks", "biscuits", r"喝(?!水)"),
    ("snacks", "chips", r"喝(?!水)"),
    ("snacks", "sweets", r"喝(?!水)"),
    ("baby", "diapers", r"给(娃|孩子|宝宝)吃|罐底"),
    ("baby", "wipes", r"给(娃|孩子|宝宝)吃|罐底"),
    ("ecommerce", "kitchen", r"开线|吃了"),
    ("ecommerce", "daily", r"开线|吃了"),
    ("ecommerce", "snacks", r"甜度"),
    ("appliance", "cleaner", r"拖布"),
    ("restaurant", "noodles", r"请客吃饭"),
    ("restaurant", "cafe", r"厨师|请客吃饭"),
    ("apparel", "tops", r"(百分之百|95%)(棉|羊毛|莫代尔)"),
    # issue 17, second reading: materials, uses, care and features said of kinds they do not fit
    ("ecommerce", "snacks", r"做工|线头|专柜|穿"),
    ("ecommerce", "kitchen", r"穿|贴身|孩子(盖|睡)"),
    ("ecommerce", "bedding", r"贴身|穿"),
    ("ecommerce", "skincare", r"做工|穿"),
    ("apparel", "outerwear", r"机洗|贴身"),
    ("apparel", "shoes", r"贴身"),
    ("apparel", "bag", r"贴身"),
    ("restaurant", "noodles", r"炸酱面"),
    ("hotel", "business", r"网速[^，。]{0,3}足|热水(很|挺|特别|超|真的很)快|卫生(很|挺|特别|超|相当|真的很|非常)干净"),
    ("restaurant", "homestyle", r"卫生(很|挺|特别|超|相当|真的很|非常)干净"),
    ("book", "novel", r"都明白"),
    # issue 17, third round: pure milk has no sweetness and comes in boxes; yoghurt and filled pastries keep weeks
    ("snacks", "milk", r"甜度|无蔗糖|杯|齁|酸奶"),
    ("snacks", "yogurt", r"小半年|大半年|八九个月|好几个月|热一下"),
    ("snacks", "pastry", r"小半年|大半年|八九个月|好几个月|三四个月"),
    # issue 17, third reading: a supermarket is where snacks and daily goods are bought, not coats, shoes or masks
    ("ecommerce", "clothing", r"超市"),
    ("ecommerce", "shoes", r"超市"),
    ("ecommerce", "skincare", r"(在|比)超市"),
    ("restaurant", "noodles", r"取号|拿号|过生日|今天是我生日"),
    ("book", "workbook", r"全彩|拿来送人|推荐一读|值得一读"),
    ("book", "picture", r"一百来页"),
    ("book", "practical", r"学生党"),
    ("hotel", "homestay", r"海边"),
]


@pytest.mark.parametrize("category, kind, phrase", MISFITS)
def test_a_phrase_is_not_said_of_a_kind_it_does_not_fit(category, kind, phrase):
    found = [t for t in texts(category, kind) if re.search(phrase, t)]
    assert found == [], f"{len(found)} of {N} {kind} reviews say {phrase}: {found[0]}"


def test_the_fitting_kinds_still_say_them():
    # the tags keep the phrases where they are true: a phone call for earbuds, 持妆 for foundation, 喝 for milk
    for category, kind, phrase in [("electronics", "earbuds", r"(通话|打电话)(的时候|时)"), ("beauty", "foundation", r"持妆"),
                                   ("snacks", "milk", r"喝"), ("snacks", "yogurt", r"甜度"),
                                   ("baby", "formula", r"给(娃|孩子)吃")]:
        assert any(re.search(phrase, t) for t in texts(category, kind)), (kind, phrase)


def test_a_practical_book_has_no_prose_style_and_a_novel_no_translation():
    reviews = synth.generate("reviews", N, seed=6464, category="book")
    practical = re.compile(r"《(三十天|一百天|零基础)(学会|练好)|《(高效|轻松|从零开始|一本书学会)|《(给新手|写给职场人|写给新手爸妈)")
    assert [t for t in reviews.text if practical.search(t) and "文笔" in t] == []
    chinese_novel = re.compile(r"《(我们|他们|你们)的(十八岁|一九九八|旧时光|小城)》")
    assert [t for t in reviews.text if chinese_novel.search(t) and "翻译" in t] == []
