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
    ("酒店房间很小，卫生间设施陈旧低档", "低档", "低端"),                    # a market segment, not worn fittings
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


def test_the_written_degree_is_not_put_before_a_dialect_word(augmenter):
    assert "测试了一下十分满意" in offered(augmenter, "测试了一下非常满意")
    assert not any("十分" in t for t in offered(augmenter, "测试了一下非常安逸"))


def test_at_most_one_variant_per_degree_adverb_differs_only_in_it():
    augmenter = Augmenter(("restructure",))
    source = "测试了一下特别安逸，房间特别干净"

    def bare(text):
        for adverb in ("非常", "特别", "挺", "很"):
            text = text.replace(adverb, "")
        return text

    kept = 0
    for seed in range(6):
        out = [v for v, _ in augmenter.variants(source, 0, 4, bytes([seed]) * 16)]
        degree_only = [v for v in out if bare(v) == bare(source)]
        # one such variant per degree adverb of the source (session 6: it has two, 特别安逸 and 特别干净)
        sites = [next(i for i, (a, b) in enumerate(zip(source, v)) if a != b) for v in degree_only]
        assert len(sites) == len(set(sites)) <= 2, out
        kept += len(degree_only)
        assert len(out) > len(degree_only), out  # the other variants change something else
    assert kept  # one degree-only variant is still allowed


def test_but_with_que_is_not_lengthened_to_say_but_twice(augmenter):
    assert "这本书很薄，但是内容很好" in offered(augmenter, "这本书很薄，但内容很好")
    for text in ("虽是管理方面的书，但却是关于人的精神状况的", "这本书很薄，但却很好看"):
        assert all("但却" in t for t in offered(augmenter, text)), text
