"""Session 6 of issue 17 item 6: everyday place words and discourse markers that swap in any review sentence,
and the forms a reading of their variants left out. Each case with a sentence that must change and one that
must keep its words."""

from __future__ import annotations

import pytest

from synth.augmenters.pipeline import Augmenter
from test_augment_rephrase import rewrites, synonyms


@pytest.fixture(scope="module")
def augmenter():
    return Augmenter(("synonym", "restructure"))


@pytest.mark.parametrize("text, expected", [
    ("怀念那里的血糯米粥。", "怀念那儿的血糯米粥。"),
    ("之前买过一本，但是里面的解释令人遗憾。", "之前买过一本，但是里边的解释令人遗憾。"),
    ("说实话，之前不知道有这样一本书。", "老实说，之前不知道有这样一本书。"),
    ("散热不好，机器用一会就很热，怪不得送散热器呢", "散热不好，机器用一会就很热，难怪送散热器呢"),
])
def test_an_everyday_word_swaps_with_its_twin(augmenter, text, expected):
    assert expected in synonyms(augmenter, text)


def test_below_keeps_its_word_where_it_means_what_follows(augmenter):
    # 下面的电影 are the films to come; 下边 is only the place
    assert not any("下边" in t for t in synonyms(augmenter, "不过也开始担心，下面的电影该怎么演。"))


def test_but_takes_every_contrast_word_and_merely_keeps_its_word(augmenter):
    found = rewrites(augmenter, "内存小了点，但可以加。")
    assert {"内存小了点，不过可以加。", "内存小了点，但是可以加。"} <= found
    assert "可是晚上噪音太大了。" in rewrites(augmenter, "但晚上噪音太大了。")
    # 不过是 / 不过如此: 不过 is 'merely', and 但是个噱头 says something else
    for text in ("外观还行，不过是个噱头而已。", "看了以后，不过如此。"):
        assert not any(t != text and "不过" not in t for t in rewrites(augmenter, text)), text
    assert not any(t.startswith("虽然") for t in rewrites(augmenter, "外观还行，不过是个噱头而已。"))
    assert "内存小了点，可是可以加。" not in rewrites(augmenter, "内存小了点，但可以加。")  # 可是可以 stutters


def test_one_degree_only_variant_per_degree_adverb():
    from synth.augmenters import augment
    from synth.augmenters.pipeline import DEGREE_ADVERBS, _first_difference

    texts = ["房间特别大，床特别舒服，早餐也非常丰富。", "房间特别安逸。", "屏幕很清晰，电池也挺耐用。"]
    two_sites = False
    for seed in range(4):
        frame = augment(texts, ops="synonym,restructure", n=8, seed=seed)
        sites: dict[int, list[int]] = {}
        for source, text in zip(frame.source, frame.text):
            original = texts[int(source)]
            if DEGREE_ADVERBS.sub("", text) == DEGREE_ADVERBS.sub("", original):
                sites.setdefault(int(source), []).append(_first_difference(original, text))
        assert all(len(found) == len(set(found)) for found in sites.values()), sites
        assert len(sites.get(1, [])) <= 1  # one degree adverb: one such variant (特别安逸 → 非常安逸, not 十分安逸 too)
        two_sites |= len(sites.get(0, [])) > 1
    assert two_sites  # a text with three degree adverbs gets a degree-only variant at more than one of them


@pytest.mark.parametrize("text, expected", [
    ("就是价格贵了点。", {"就是价格贵了一点。", "就是价格贵了点儿。"}),
    ("内存小了点，不过可以加。", {"内存小了一点，不过可以加。", "内存小了点儿，不过可以加。"}),
    ("价格贵了点儿", {"价格贵了点", "价格贵了一点"}),                  # at the end of a text with no mark
])
def test_a_bit_too_takes_its_three_forms(augmenter, text, expected):
    assert expected <= rewrites(augmenter, text)


def test_a_bit_of_a_thing_keeps_its_form(augmenter):
    # 吃了点东西: 点 counts the object, and the clause goes on
    assert not any("一点" in t or "点儿" in t for t in rewrites(augmenter, "早上吃了点东西，然后退房。"))


def test_an_adverb_used_as_an_adjective_keeps_its_word(augmenter):
    assert not any("的确的" in t for t in synonyms(augmenter, "水温是确实的忽冷忽热，隔音也是确实的差。"))
    assert "隔音的确很差。" in synonyms(augmenter, "隔音确实很差。")


def test_last_night_swaps_and_a_nightly_rate_keeps_its_word(augmenter):
    assert "昨晚下的订单第二天上午就收到了！" in synonyms(augmenter, "昨天晚上下的订单第二天上午就收到了！")
    assert not any("每天晚上" in t for t in synonyms(augmenter, "通过携程定的每晚240元标间，性价比比较差。"))


def test_a_feeling_already_measured_takes_no_second_degree(augmenter):
    assert not any("很失望" in t for t in rewrites(augmenter, "总之，这家酒店太令我失望了！"))
    assert "我很喜欢这本书。" in rewrites(augmenter, "我喜欢这本书。")


@pytest.mark.parametrize("text, expected", [
    ("如果有其它选择，不建议大家住这个地方。", "如果有其它选择的话，不建议大家住这个地方。"),
    ("如果能有蓝牙的话，就完美了。", "如果能有蓝牙，就完美了。"),
    ("要是下次再来厦门，我一定还住这里。", "要是下次再来厦门的话，我一定还住这里。"),
])
def test_a_condition_takes_or_drops_de_hua(augmenter, text, expected):
    assert expected in rewrites(augmenter, text)


@pytest.mark.parametrize("text", [
    "如果是四星就按四星去做，如果说房价低就不要挂四星。",           # the result is inside the condition's clause
    "如果仅是炒作一次，借机大捞一把，最终只会昙花一现。",            # the condition goes on after the comma
    "如果以后再版的时候，我希望作者在整体布局上能够再紧凑些。",       # …的时候 closes the condition already
    "如果没买不建议买，可以看别的书。",
])
def test_de_hua_is_not_added_where_the_condition_is_not_whole(augmenter, text):
    assert not any(t.count("的话") > text.count("的话") for t in rewrites(augmenter, text)), text


def test_a_person_one_has_with_or_without_de(augmenter):
    assert "我女儿很喜欢这本书。" in rewrites(augmenter, "我的女儿很喜欢这本书。")
    assert "我的同事一直头疼。" in rewrites(augmenter, "我同事一直头疼。")
    # 给我女儿: after 给 the pronoun may be the object (给我女儿买 is 'buy for my daughter', kept as written)
    assert not any("我的女儿" in t for t in rewrites(augmenter, "这是买给我女儿的书。"))


def test_no_but_twice_in_a_row(augmenter):
    text = "不过这个价位要求也不能太多了，但好歹下次搞定水温吧。"
    assert not any(t.startswith("但") for t in rewrites(augmenter, text))


def test_extremely_does_not_become_a_degree_of_states(augmenter):
    assert not any("极度" in t for t in synonyms(augmenter, "英语的典故构成形式多样，来源极其广泛。"))
