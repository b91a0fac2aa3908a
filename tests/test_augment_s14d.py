"""Rewrites fixed or added for issue 17 item 6 in session 14 (the fourth step): 我觉得 is not put before a clause
that already says how something strikes the writer (略感, 感到, 显得) or what someone said; 现在 stays before a
clock time or a date; 门口 becomes 门前 only before a building; a sentence is not split after a verb of reporting;
生气 does not become the stronger 愤怒; 还是 + an evaluation takes or drops its closing 的. The sentences are
written for these tests, none taken from an evaluation corpus."""

from __future__ import annotations

import pytest

from synth.augmenters.pipeline import Augmenter
from test_augment_rephrase import rewrites, synonyms


@pytest.fixture(scope="module")
def augmenter():
    return Augmenter(("synonym", "restructure"))


@pytest.mark.parametrize("text", [
    "服务略感不足，房间很干净。",
    "房间显得很陈旧，设施也老了。",
    "客人都感到很满意。",
    "女儿说这本书很好看。",
])
def test_no_opinion_frame_before_a_perception_or_a_report(augmenter, text):
    assert not any(r.startswith(("我觉得", "我感觉")) for r in rewrites(augmenter, text))


def test_opinion_frame_still_offered(augmenter):
    assert "我觉得房间很干净，设施也很新。" in rewrites(augmenter, "房间很干净，设施也很新。")


@pytest.mark.parametrize("text", [
    "现在已经是晚上11:40了，房间还没打扫。",
    "现在已经是晚上十点了，房间还没打扫。",
    "现在是5月3号，快递还没到。",
])
def test_now_stays_before_a_clock_time_or_date(augmenter, text):
    assert not any("目前" in s for s in synonyms(augmenter, text))


def test_now_still_becomes_at_present(augmenter):
    assert "目前酒店的服务很好。" in synonyms(augmenter, "现在酒店的服务很好。")


def test_doorway_of_a_room_stays(augmenter):
    assert not any("门前" in s for s in synonyms(augmenter, "房间门口很吵，服务员很热情。"))
    assert "酒店门前很热闹。" in synonyms(augmenter, "酒店门口很热闹。")


def test_no_split_after_a_verb_of_reporting(augmenter):
    assert "女儿说这本书很好看。她喜欢里面的插图。" not in rewrites(augmenter, "女儿说这本书很好看，她喜欢里面的插图。")
    assert "这本书很好看。她喜欢里面的插图。" in rewrites(augmenter, "这本书很好看，她喜欢里面的插图。")


def test_angry_keeps_its_strength(augmenter):
    options = synonyms(augmenter, "这种服务令人生气。")
    assert "这种服务令人气愤。" in options
    assert "这种服务令人愤怒。" not in options


@pytest.mark.parametrize("text, expected", [
    ("住宿环境还是不错的，比较干净。", "住宿环境还是不错，比较干净。"),
    ("当当的服务还是很好的。", "当当的服务还是很好。"),
    ("总的来说这家酒店还是不错。", "总的来说这家酒店还是不错的。"),
])
def test_after_all_takes_or_drops_de(augmenter, text, expected):
    assert expected in rewrites(augmenter, text)


@pytest.mark.parametrize("text, refused", [
    ("价格还是不太好的。", "价格还是不太好。"),        # a negation: the 的 may close its scope
    ("是买红色还是好看的？", "是买红色还是好看？"),     # 是A还是B: 'or', in a question
    ("还是不错的。", "还是不错。"),                    # nothing before 还是: it may be 'or'
    ("服务还是很好的吗？", "服务还是很好吗？"),         # a question
])
def test_after_all_de_refuses(augmenter, text, refused):
    assert refused not in rewrites(augmenter, text)
