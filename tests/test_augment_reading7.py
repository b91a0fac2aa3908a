"""Session 7 of issue 17 item 6: the independent linguist's failures on the last sample (/tmp/read_out/augment7),
each guarded at its construction, not at its word. Every case pairs a sentence whose rewrite must not appear with
one where the family still works. The sentences are written for these tests, none taken from an evaluation corpus
(the failing constructions are rebuilt around other words)."""

from __future__ import annotations

import pytest

from synth.augmenters.pipeline import Augmenter
from test_augment_rephrase import rewrites, synonyms


@pytest.fixture(scope="module")
def augmenter():
    return Augmenter(("synonym", "restructure"))


def variants(augmenter, text: str) -> set[str]:
    return rewrites(augmenter, text) | synonyms(augmenter, text)


@pytest.mark.parametrize("text, unexpected", [
    # 都 before a negation is 'even' (连…都 without 连), never widened to 全都 'all of'
    ("可惜编辑这样的小错都看不出来，也太不认真了。", "可惜编辑这样的小错全都看不出来，也太不认真了。"),
    ("这么简单的问题都答不上来。", "这么简单的问题全都答不上来。"),
    # 据说/听说 + 之后: 'reportedly, later', not 'after hearing of it'
    ("据说之后还出了一本续集，我不太想看。", "听说之后还出了一本续集，我不太想看。"),
    ("据说之后还出了一本续集，我不太想看。", "据说后还出了一本续集，我不太想看。"),
    ("我觉得之后会更好。", "我觉得后会更好。"),
    # 刚开始…时候 is a frame: 起初 stands alone and does not head it
    ("电脑刚开始开机时候，声音有点大。", "电脑起初开机时候，声音有点大。"),
    ("刚开始用的时候，有点不习惯。", "起初用的时候，有点不习惯。"),
    # a demonstrative after a possessor or a verb keeps its classifier
    ("晚上翻看女儿的这本书，发现了几个错字。", "晚上翻看女儿的这书，发现了几个错字。"),
    ("我买了这本书，很失望。", "我买了这书，很失望。"),
    # a one-character adjective after a bound morpheme or an unknown cut takes no degree adverb
    ("有时下单时价高，有时就低。", "有时下单时价非常高，有时就低。"),
    ("有时下单时价高，有时就低。", "有时下单时价很高，有时就低。"),
    # 明明…但是 is a protest: 不过 softens it, 虽然 contradicts it
    ("我明明付了钱，但是店家说我没有付。", "我明明付了钱，不过店家说我没有付。"),
    ("我明明付了钱，但是店家说我没有付。", "虽然我明明付了钱，但是店家说我没有付。"),
    # 没有 + a verb used as a noun, in a 没有…，只有… parallel of written prose, stays
    ("这只是一段往事，没有评判，只有回忆。", "这只是一段往事，没评判，只有回忆。"),
])
def test_a_failure_of_the_last_reading_is_not_offered(augmenter, text, unexpected):
    assert unexpected not in variants(augmenter, text)


@pytest.mark.parametrize("text, expected", [
    ("房间里的设施都很旧。", "房间里的设施全都很旧。"),              # 都 before an evaluation: still 'all of'
    ("入住后发现房间很小。", "入住以后发现房间很小。"),              # V后 on an event verb
    ("刚开始的时候，有点不习惯。", "一开始的时候，有点不习惯。"),      # the frame keeps a member that heads it
    ("这本书很好看。", "这书很好看。"),                              # at the head of a clause the bare form stays
    ("房间价格便宜。", "房间价格很便宜。"),                          # a known noun subject takes 很
    ("我付了钱，但是店家说没收到。", "我付了钱，不过店家说没收到。"),  # without 明明 every contrast word
    ("电脑没有预装系统。", "电脑没预装系统。"),                      # 没有 + verb in its phrase
])
def test_the_family_still_works_outside_the_construction(augmenter, text, expected):
    assert expected in variants(augmenter, text)


def test_the_reading_of_seed_31_a_fact_is_not_hedged_and_a_prerequisite_is_no_concession(augmenter):
    # 我觉得 before a report of a cause or an absence turns what was found into a view
    assert not any(t.startswith("我觉得") for t in rewrites(augmenter, "墙壁因曾经漏水而发霉。"))
    assert not any("我觉得" in t for t in rewrites(augmenter, "2.机器包装完好无破损。"))
    assert "我觉得房间很干净。" in rewrites(augmenter, "房间很干净。")  # a view still takes the frame
    # …，但首先要… states what must come first: 虽然 cannot answer it
    assert not any(t.startswith("虽然") for t in rewrites(augmenter, "生活中总有亮点，但首先要有一颗童心。"))
    assert "虽然房间很小，但是很干净。" in rewrites(augmenter, "房间很小，但是很干净。")


def test_a_count_after_v_hou_keeps_the_bare_hou(augmenter):
    assert "买以后1天就涨价了。" not in rewrites(augmenter, "买后1天就涨价了。")   # read on seed 41
    assert "入住以后发现房间很小。" in rewrites(augmenter, "入住后发现房间很小。")
