"""Session 6 of issue 17 item 6: everyday place words and discourse markers that swap in any review sentence,
and the forms a reading of their variants left out. Each case with a sentence that must change and one that
must keep its words."""

from __future__ import annotations

import pytest

from synth.augmenters.pipeline import Augmenter
from test_augment_rephrase import synonyms


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
