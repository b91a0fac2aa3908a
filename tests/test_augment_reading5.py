"""What the augment5 reading of issue 17 item 6 (seed 33, 91 of 100) found: swaps that change a word's sense or
collocation, deletions that break a set expression and siblings that differ only in a degree adverb. Each case
with a sentence that must still change and one that must keep its words."""

from __future__ import annotations

import pytest

from synth.augmenters.pipeline import Augmenter
from test_augment_rephrase import rewrites, synonyms


@pytest.fixture(scope="module")
def augmenter():
    return Augmenter(("synonym", "restructure"))


def offered(augmenter, text: str) -> set[str]:
    return synonyms(augmenter, text) | rewrites(augmenter, text)


@pytest.mark.parametrize("text, kept, lost", [
    ("一个人要出名也简单，但是君子爱财要取之有道", "出名", "有名"),      # to become famous is not to be famous
    ("至于价格的话，实惠，虽然比水货要贵一些", "实惠", "便宜"),          # good value is not cheap
    ("房间大小合适，卫生间设备齐全", "大小", "尺寸"),                  # a room has a size, not dimensions
    ("这本书只留下初见时的惊艳、倾情", "惊艳、", "令人惊艳"),               # a noun in a list
    ("这本书很好看，希望作者出版更多的系列", "出版", "出版发行"),                   # an author does not 发行
])
def test_a_swap_that_changes_sense_or_collocation_is_not_offered(augmenter, text, kept, lost):
    found = offered(augmenter, text)
    assert found, text  # the sentence still has other variants
    assert not any(lost in t for t in found), text
    assert all(kept in t for t in synonyms(augmenter, text)), text


def test_an_interjection_or_a_rhetorical_question_keeps_its_final_particle(augmenter):
    assert "这里的菜很好吃！" in offered(augmenter, "这里的菜很好吃啊！")
    for text in ("让我抱怨，天啊", "我的天啊，太好看了", "比我家里还舒服，怎么能让我睡得着觉啊", "哪有这么好的酒店啊"):
        assert all(t.count("啊") == text.count("啊") for t in offered(augmenter, text)), text


def test_the_classifier_stays_before_a_locative(augmenter):
    assert "这书很好看" in offered(augmenter, "这本书很好看")
    for text in ("这本书中，曾子墨向你倾诉", "这本书里写得很好"):
        assert not any(t.startswith("这书") for t in offered(augmenter, text)), text
