"""Rewrites for sentences that evaluate nothing (synth/augmenters/narrative.py): what each offers on hand-written
sentences, and what each must leave alone. None taken from an evaluation corpus."""

from __future__ import annotations

import pytest

from synth.augmenters.pipeline import Augmenter
from test_augment_rephrase import rewrites


@pytest.fixture(scope="module")
def augmenter():
    return Augmenter(("synonym", "restructure"))


@pytest.mark.parametrize("text, expected", [
    ("电脑一开机就死机了。", "电脑一开机便死机了。"),                  # 就 'then' after 一 + verb
    ("快递第二天就送到了。", "快递第二天便送到了。"),                # after a time word
    ("入住的时候前台说没有房了。", "入住时前台说没有房了。"),        # V的时候 → V时 before the clause goes on
    ("好像是假货。", "似乎是假货。"),                                # supposition twins
    ("估计是盗版。", "大概是盗版。"),
    ("下次一定会再来。", "下次肯定会再来。"),
    ("对于新手来说，这本书很合适。", "对新手来说，这本书很合适。"),  # 对于…来说
    ("作者对于历史的理解很深。", "作者对历史的理解很深。"),          # 对于 after a subject
    ("希望能够改进。", "希望能改进。"),
    ("房间不错，就是有点贵。", "房间不错，只是有点贵。"),            # 就是 'only that' before a complaint
    ("不如选择其他酒店。", "不如选择其它酒店。"),                    # 其它 for a thing
    ("通过网站预订房间。", "通过网站预定房间。"),
    ("这是真的么？", "这是真的吗？"),
    ("送货速度很快", "送货速度很快。"),                              # a statement with no end mark
    ("早餐品种很少.", "早餐品种很少。"),                            # a half-width stop after Chinese
])
def test_each_narrative_rewrite(augmenter, text, expected):
    assert expected in rewrites(augmenter, text)


@pytest.mark.parametrize("text, unexpected", [
    ("这就是我想要的。", "这便是我想要的。"),                        # 就是 'is exactly'
    ("觉得不好那就算了。", "觉得不好那便算了。"),                    # the result of advice
    ("哈哈，我就喜欢这种。", "哈哈，我便喜欢这种。"),                # no sequence before it, and chatty
    ("他好像一个孩子。", "他似乎一个孩子。"),                        # 好像 'be like'
    ("准备送其他长辈。", "准备送其它长辈。"),                        # people never take 其它
    ("但是对于对应的价格来说偏高。", "但是对对应的价格来说偏高。"),  # 对对 stutters
    ("对于酒店不负责任的反馈，我很生气。", "对酒店不负责任的反馈，我很生气。"),  # garden path at the head
    ("你去哪里", "你去哪里。"),                                      # a question takes no full stop
    ("1、硬件", "1、硬件。"),                                        # a heading
    ("哈哈哈哈哈", "哈哈哈哈哈。"),                                  # laughter
    ("房间很小.早餐也差.服务一般.", "房间很小.早餐也差.服务一般。"),  # the marks would mix
    ("房间很小.早餐也差", "房间很小.早餐也差。"),
])
def test_what_narrative_rewrites_leave_alone(augmenter, text, unexpected):
    assert unexpected not in rewrites(augmenter, text)


@pytest.mark.parametrize("text, expected", [
    ("所有的房间都有电脑。", "所有房间都有电脑。"),
    ("几乎所有东西都收费。", "几乎所有的东西都收费。"),
    ("这样的宾馆谁敢住？", "这种宾馆谁敢住？"),
    ("本人推荐这家店。", "我推荐这家店。"),
    ("服务态度实在差。", "服务态度实在是差。"),
    ("送货快。", "送货很快。"),                                        # an activity judged by how it goes
])
def test_word_forms_for_sentences_without_a_covered_word(augmenter, text, expected):
    assert expected in rewrites(augmenter, text)


def test_word_forms_leave_a_second_de_and_a_verb_complement_alone(augmenter):
    assert "酒店的所有的设施都很旧。" not in rewrites(augmenter, "酒店的所有设施都很旧。")
    assert not any("吃很饱" in t for t in rewrites(augmenter, "吃饱了。"))


def test_a_one_line_review_drops_its_full_stop_or_doubles_its_exclamation(augmenter):
    assert "离地铁站很近" in rewrites(augmenter, "离地铁站很近。")
    assert "值得推荐！！" in rewrites(augmenter, "值得推荐！")
    assert "感谢您的光临！！" not in rewrites(augmenter, "感谢您的光临！")          # a formal line keeps one mark
    assert "真的这么好吗" not in rewrites(augmenter, "真的这么好吗。")              # not a question
    long_line = "房间很大，床也舒服，早餐很丰富。"
    assert long_line[:-1] not in rewrites(augmenter, long_line)                   # a longer text keeps its stop


def test_everyday_groups_and_feeling_verb_of_session_7(augmenter):
    from test_augment_rephrase import synonyms
    assert "希望酒店提升服务水平。" in synonyms(augmenter, "希望酒店提高服务水平。")
    assert "房间大多是朝南的。" in synonyms(augmenter, "房间大都是朝南的。")
    assert "我觉得很失望。" in rewrites(augmenter, "我感到很失望。")
    assert "我觉得这本书不好。" not in rewrites(augmenter, "我感到这本书不好。")  # 觉得 would take the clause
