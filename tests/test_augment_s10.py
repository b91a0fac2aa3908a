"""Session 10 (issue 17 item 6): everyday groups added for review words and their sense guards. The sentences
are written for these tests, none taken from an evaluation corpus."""

from __future__ import annotations

import pytest

from synth.augmenters import augment
from synth.augmenters.pipeline import Augmenter
from test_augment_rephrase import synonyms


@pytest.fixture(scope="module")
def augmenter():
    return Augmenter(("synonym", "restructure"))


@pytest.mark.parametrize("text, expected", [
    ("以前住过这家酒店，印象很好。", "之前住过这家酒店，印象很好。"),
    ("这个问题到底是谁的责任？", "这个问题究竟是谁的责任？"),
    ("不知道在哪里能找到说明书。", "不知道在哪儿能找到说明书。"),
    ("这本书的翻译很优秀。", "这本书的翻译很出色。"),
    ("这本书的翻译很优秀。", "此书的翻译很优秀。"),
])
def test_the_session_10_groups_are_used(augmenter, text, expected):
    assert expected in synonyms(augmenter, text)


@pytest.mark.parametrize("text, unwanted", [
    ("一定要坚持到底，别放弃。", "究竟"),            # 'to the end' closes its clause: not 'on earth'
    ("这条路一直走到底就是酒店。", "究竟"),
])
def test_the_session_10_groups_stay_within_their_sense(augmenter, text, unwanted):
    frame = augment([text] * 2, ops="synonym,restructure", n=8, seed=2)
    assert not any(unwanted in t for t in frame.text)
    assert not any(unwanted in t for t in synonyms(augmenter, text))


@pytest.mark.parametrize("text", ["很不错的酒店，服务一流，员工都很敬业。", "这台相机的画质顶级，对焦也快。"])
def test_a_rank_takes_no_degree_adverb(text):
    # read on seed 5: 服务一流 became 服务很一流; a rank (一流, 顶级) is not gradable
    frame = augment([text] * 3, ops="synonym,restructure", n=8, seed=5)
    assert not any(f"{d}{w}" in t for t in frame.text for d in ("很", "挺", "非常") for w in ("一流", "顶级"))
