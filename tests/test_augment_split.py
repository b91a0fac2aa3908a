"""Session 9 (issue 17 item 6): a run-on sentence split at a comma, two synonyms of a short sentence together,
and the everyday groups added for review words. The sentences are written for these tests, none taken from an
evaluation corpus."""

from __future__ import annotations

import re

import pytest

from synth.augmenters import augment
from synth.augmenters.pipeline import Augmenter
from test_augment_rephrase import rewrites, synonyms

PUNCTUATION = re.compile(r"[，,。！？!?；;：:、\s]")


@pytest.fixture(scope="module")
def augmenter():
    return Augmenter(("synonym", "restructure"))


def splits(augmenter, text: str) -> set[str]:
    """The rewrites that only turn commas into full stops."""
    return {t for t in rewrites(augmenter, text) if t.count("。") > text.count("。")
            and t.replace("。", "，") == text.replace("。", "，")[:len(t)]}


@pytest.mark.parametrize("text, expected", [
    ("房间面积很大，床垫也很舒服。", "房间面积很大。床垫也很舒服。"),             # a new subject opens a sentence
    ("送货很快，我们第二天就用上了。", None),                                      # 就 ties it as the consequence
    ("我们昨天晚上入住了，服务员态度很好。", "我们昨天晚上入住了。服务员态度很好。"),
    ("昨天晚上入住的，服务员态度很好。", None),                                    # …的， may be an attribute
    ("屏幕很清晰，但是电池不耐用。", "屏幕很清晰。但是电池不耐用。"),             # a contrast may open one
])
def test_a_run_on_sentence_is_split_where_both_halves_stand(augmenter, text, expected):
    found = splits(augmenter, text)
    if expected is None:
        assert not found
    else:
        assert expected in found


@pytest.mark.parametrize("text", [
    "虽然房间很大，但是很吵。",                  # a concession's halves belong together
    "因为价格便宜，我们买了两台。",              # so do a reason and its result
    "如果早餐丰富一点，我会再来。",              # and a condition
    "没有答复的话，抛开酒店不谈，我对携程也很失望。",  # a condition with …的话 reaches past the next comma
    "在这家酒店住的时候，服务员很热情。",        # an adverbial is no sentence of its own
    "我觉得，房间还可以。",                      # the clause after the comma is what 觉得 says
    "我们相信这家店很可靠，价格也会越来越便宜。",  # what is believed may run on past the comma
    "我不了解他到底想的是什么，或者是他为什么要那么做，他是怎么想的。",  # three things not understood
    "拿到这本书，我一直在路上出差。",            # a first clause with no subject and no verdict sets the scene
    "又大又吓人的画面，大人都害怕。",            # a noun phrase before the comma
    "体积小，重量轻，携带方便。",                # a list of short points
    "屏幕很清晰，很耐用。",                      # no subject after the comma
])
def test_a_split_leaves_clauses_that_depend_on_each_other(augmenter, text):
    assert not splits(augmenter, text)


def test_a_clause_operation_keeps_every_content_character(augmenter):
    from synth.augmenters.clauses import split_rewrites

    texts = ["房间面积很大，床垫也很舒服，早餐也不错。", "屏幕很清晰，但是电池不耐用，我们用了三天就坏了。",
             "物流很快，包装完好，客服态度也很好。", "这本书内容丰富，孩子很喜欢，我们每天都读。"]
    made = 0
    for text in texts:
        analysis = augmenter.analyse(text)
        tokens = list(zip(analysis.words, analysis.flags, analysis.pol))
        for start, middle, end in split_rewrites(tokens, analysis.clauses, augmenter.restructure._tag_of):
            variant = "".join(t[0] for t in tokens[:start] + middle + tokens[end:])
            made += 1
            assert variant != text and PUNCTUATION.sub("", variant) == PUNCTUATION.sub("", text), (text, variant)
    assert made >= 3
    frame = augment(texts, ops="restructure", n=8, seed=3)
    assert any(t.count("。") > texts[int(s)].count("。") for s, t in zip(frame.source, frame.text))


def test_two_synonyms_of_a_short_sentence_are_replaced_together():
    # two replaceable words, each with one twin: with one replacement per variant only the two single swaps exist
    text = "前台的服务人员很热情，房费也合理。"
    frame = augment([text], ops="synonym", n=4, seed=1)
    assert "总台的服务员很热情，房价也合理。" in set(frame.text) or \
        any(("总台" in t) + ("服务员" in t) + ("房价" in t) >= 2 for t in frame.text), list(frame.text)


@pytest.mark.parametrize("text, expected", [
    ("酒店前台在一楼，房间也很干净。", "酒店总台在一楼，房间也很干净。"),  # hotel groups in a hotel sentence
    ("酒店的房价有点贵。", "酒店的房费有点贵。"),
    ("这台笔记本的机器很稳定。", "这台笔记本的机子很稳定。"),          # tech group in an electronics sentence
    ("大家都很期待下一本。", "大家都很期盼下一本。"),                  # everyday groups anywhere
])
def test_the_new_groups_are_used(augmenter, text, expected):
    assert expected in synonyms(augmenter, text)


@pytest.mark.parametrize("text, unwanted", [
    ("这家饭店的前台在一楼，菜很好吃。", "总台"),       # no hotel in the sentence: 前台 may be a shop's counter
    ("房价涨得太快，年轻人买不起。", "房费"),            # housing prices, not a hotel's rate
    ("洗衣机器很安静。", "机子"),                        # not a computer
    ("叫了客房服务员，来得很快。", "客房服务人员"),      # a fixed term keeps its parts
])
def test_the_new_groups_stay_within_their_sense(augmenter, text, unwanted):
    frame = augment([text] * 2, ops="synonym,restructure", n=8, seed=2)
    assert not any(unwanted in t for t in frame.text)
    assert not any(unwanted in t for t in synonyms(augmenter, text))
