"""Rewrites for neutral sentences (what happened, how long, how something was done): a complement of manner
written with 的 takes 得 (narrative.complement_rewrites), and a duration drops or takes its measure word
(numerals.measure_rewrites), 没想到 is said as 没有想到 (colloquial), and whom a thing was bought for moves
(给女儿买的 ↔ 买给女儿的, narrative), and 每个 ↔ 每一个 (narrative). Each with what it must leave alone. Sentences hand-written, none from an
evaluation corpus."""

from __future__ import annotations

import pytest

from synth.augmenters import augment
from synth.augmenters.pipeline import Augmenter
from test_augment_rephrase import rewrites


@pytest.fixture(scope="module")
def augmenter():
    return Augmenter(("synonym", "restructure"))


@pytest.mark.parametrize("text, expected", [
    ("噪音控制的很好，运行时很安静。", "噪音控制得很好，运行时很安静。"),  # a verb jieba files as part of a noun
    ("包装做的还不错。", "包装做得还不错。"),
    ("我们玩的很开心。", "我们玩得很开心。"),
    ("他说的很对。", "他说得很对。"),
    ("隔离做的不好。", "隔离做得不好。"),                            # a negated complement of 好
    ("这个问题处理的非常及时。", "这个问题处理得非常及时。"),
    ("电池能用5个小时。", "电池能用5小时。"),                        # 个 dropped from hours
    ("等了两个小时才到。", "等了两小时才到。"),
    ("用了2小时就没电了。", "用了2个小时就没电了。"),                # and taken
    ("住了2晚。", "住了2个晚上。"),                                  # nights stayed
    ("住了两个晚上。", "住了两晚。"),
    ("没想到送货这么快。", "没有想到送货这么快。"),                  # a negation inside a word, said in two
    ("给女儿买的，她很喜欢。", "买给女儿的，她很喜欢。"),            # whom it was bought for
    ("这是买给自己的。", "这是给自己买的。"),
    ("每个房间都有电脑。", "每一个房间都有电脑。"),                  # 每 + classifier, with or without 一
    ("每一次入住都很满意。", "每次入住都很满意。"),
])
def test_each_neutral_rewrite(augmenter, text, expected):
    assert expected in rewrites(augmenter, text)


@pytest.mark.parametrize("text, unwanted", [
    ("我买的很好看。", "我买得很好看。"),                            # what was bought, not how
    ("点的很好吃。", "点得很好吃。"),                                # 好吃 is the food's, not the ordering's
    ("作者写的很细致的书。", "作者写得很细致的书。"),                # the clause goes on to its noun
    ("他写的书很好。", "他写得书很好。"),                            # 的 before a noun
    ("我所写的很好。", "我所写得很好。"),                            # a relative clause
    ("做的好。", "做得好。"),
    ("对您发生的不愉快，我们道歉。", "对您发生得不愉快，我们道歉。"),  # 不愉快 is a noun here
    ("隔离做的不好。", "隔离做得好。"),                                        # no degree word: 做的好 may be a thing
    ("有24小时热水。", "有24个小时热水。"),                          # a service's name
    ("一个晚上都很吵。", "一晚都很吵。"),                            # 'all night long'
    ("晚上回来的。", "晚回来的。"),
    ("电池能用2小时20分钟。", "电池能用2个小时20分钟。"),            # one duration, one form
    ("等了4～6个小时。", "等了4～6小时。"),                          # a range
    ("看了2晚上。", "看了2个晚上上。"),
    ("没想到的是结局。", "没有想到的是结局。"),                      # 没想到的是, a set frame
    ("给孩子买的书很好。", "买给孩子的书很好。"),                    # 的 before a noun: left alone
    ("给他寄的，很快。", "寄给他的，很快。"),                        # only buying
    ("每天都打扫。", "每一天都打扫。"),                              # 每一天 stresses every single day
    ("每个。", "每一个。"),
])
def test_what_neutral_rewrites_leave_alone(augmenter, text, unwanted):
    assert unwanted not in rewrites(augmenter, text)


def test_the_pipeline_keeps_the_new_variants():
    """The label check accepts them: 得 for 的 and a measure word change no sentiment word or negation."""
    texts = ["噪音控制的很好，运行时很安静。", "电池能用5个小时。", "住了两个晚上。"]
    made = set()
    for seed in range(5):
        made |= set(augment(texts, ops="restructure", n=4, seed=seed).text)
    assert {"噪音控制得很好，运行时很安静。", "电池能用5小时。", "住了两晚。"} <= made
