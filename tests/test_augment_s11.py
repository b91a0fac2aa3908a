"""Clause operations of the restructure augmenter (issue 17, session 11): two independent clauses change places,
two predicates of one subject change places, two items of a 、 list change places. Each is checked for what it
makes (every content character kept, the relation kept) and for what it must refuse. The sentences are written
for these tests, none taken from an evaluation corpus."""

from __future__ import annotations

import pytest

from synth.augmenters.pipeline import Augmenter
from test_augment_rephrase import rewrites


@pytest.fixture(scope="module")
def augmenter():
    return Augmenter(("synonym", "restructure"))


PUNCTUATION = set("，。！？；、")


def same_characters(a: str, b: str) -> bool:
    """The same content characters, each as often (punctuation may change: a split turns ， into 。)."""
    return sorted(c for c in a if c not in PUNCTUATION) == sorted(c for c in b if c not in PUNCTUATION)


@pytest.mark.parametrize("text, expected", [
    ("屏幕很清晰，做工很扎实。", "做工很扎实，屏幕很清晰。"),                  # two clauses, each with its subject
    ("物流很快，包装很结实，值得推荐！", "包装很结实，物流很快，值得推荐！"),  # the end mark and the verdict stay
    ("这书写得很乱，不系统，不正规。", "这书写得很乱，不正规，不系统。"),      # two bare predicates of one subject
    ("又便宜，又实惠。", "又实惠，又便宜。"),
    ("服务很亲切，也很主动。", "服务很主动，也很亲切。"),                      # 也 stays with the second
    ("房间很大，很干净。", "房间很干净，很大。"),
    ("爱与书有关的各种资料、书籍、文章。", "爱与书有关的各种书籍、资料、文章。"),  # two items of a list
    ("处处体现热情、周到和体贴。", "处处体现周到、热情和体贴。"),
    ("现在内存偏贵，等降价再加。", "内存现在偏贵，等降价再加。"),              # a time after the subject
    ("前台昨天很热情。", "昨天前台很热情。"),                                  # and before it
    ("当时服务员说没有房间了。", "服务员当时说没有房间了。"),
    ("物流很快，包装很结实，值得推荐！", "物流很快，包装很结实。值得推荐！"),  # a closing verdict its own sentence
    ("房间有一股霉味，希望酒店能改进。", "房间有一股霉味。希望酒店能改进。"),  # and a wish
    ("屏幕很清晰。做工很扎实。", "屏幕很清晰，做工很扎实。"),                  # two short sentences joined
    ("物流很快。包装很结实。值得推荐！", "物流很快，包装很结实。值得推荐！"),
])
def test_clause_operations_make(augmenter, text, expected):
    found = rewrites(augmenter, text)
    assert expected in found
    assert same_characters(text, expected)


CONNECTIVES = ("虽然", "但是", "不过", "而且", "也", "还")


@pytest.mark.parametrize("text, expected", [
    ("价格便宜，而且质量很好。", "价格便宜，质量也很好。"),                    # 而且B → B也
    ("房间很干净，而且很安静。", "房间很干净，还很安静。"),
    ("房间很大，也很干净。", "房间很大，而且很干净。"),                        # and back
    ("价格便宜，质量也很好。", "价格便宜，而且质量也很好。"),
    ("虽然价格有点贵，但是质量很好。", "价格有点贵，不过质量很好。"),          # 虽然A，但是B → A，不过B
])
def test_connective_conversions_make(augmenter, text, expected):
    """The connective changes, every other character stays, in its order."""
    found = rewrites(augmenter, text)
    assert expected in found

    def rest(sentence):
        for word in CONNECTIVES:
            sentence = sentence.replace(word, "")
        return sentence
    assert rest(text) == rest(expected) and text != expected


@pytest.mark.parametrize("text, refused", [
    ("屏幕很清晰，电池很差。", "电池很差，屏幕很清晰。"),              # opposite verdicts: which comes last is the writer's
    ("价格便宜，质量也好。", "质量也好，价格便宜。"),                  # 也 ties the second to the first
    ("房间很干净，但是隔音很差。", "但是隔音很差，房间很干净。"),
    ("手机很漂亮，性能很好。", "性能很好，手机很漂亮。"),              # the item's clause is the topic
    ("飞机晚点了，司机等了很久。", "司机等了很久，飞机晚点了。"),      # events: their order is the story's
    ("屏幕很清晰，键盘很大，看着舒服。", "键盘很大，屏幕很清晰，看着舒服。"),  # 看着舒服 speaks of the one before it
    ("房间很干净，很吵。", "房间很吵，很干净。"),                      # opposite predicates
    ("房间很干净，也很吵。", "房间很吵，也很干净。"),
    ("很好，很好。", None),                                            # the same twice: nothing to move
    ("斯凯瑞、阿罗、卡梅拉等。", "斯凯阿罗、瑞、卡梅拉等。"),          # a name cut in two is not an item
    ("达到4、5星级水平。", "达到5、4星级水平。"),                      # numbers count, not list
    ("很大的房间、床。", "很大的床、房间。"),                           # one-character item: not moved
    ("今天问女儿喜不喜欢。", "问女儿今天喜不喜欢。"),                  # 问 is a verb, whatever a tag says
    ("晚上的电话太多。", "的电话晚上太多。"),                          # 晚上的: the time is an attribute
    ("以前房间很干净。", "房间以前很干净。"),                          # 以前 may be 'before X': it stays first
    ("晚上打开窗，空调很吵。", "打开窗晚上，空调很吵。"),              # no noun subject to pass
    ("我希望房间干净，希望有热水。", "我希望房间干净。希望有热水。"),  # 希望A，B: what follows is still wished
    ("如果房间干净，推荐入住。", "如果房间干净。推荐入住。"),          # a condition keeps its result
    ("觉得很贵，而且不能用。", "觉得很贵，还不能用。"),                # 还 before a negation is 'still'
    ("房间很干净，而且也很安静。", "房间很干净，也也很安静。"),        # 也 there already
    ("房间很干净，而且也很安静。", "房间很干净，还也很安静。"),
    ("房间很干净，也很吵。", "房间很干净，而且很吵。"),                # opposite verdicts are no addition
    ("虽然价格有点贵，但是质量很好。", "价格有点贵，质量很好。"),      # the turn is never dropped
    ("房间很干净。服务很差。", "房间很干净，服务很差。"),              # opposite verdicts stay apart
    ("房间很干净。它很安静。", "房间很干净，它很安静。"),              # 它 points back: no subject of its own
    ("房间很干净。服务好吗？", "房间很干净，服务好吗？"),              # a question is not joined
    ("性能不错，比较满意。", "性能比较满意，不错。"),                  # a feeling is the writer's, not the subject's
    ("投诉了，也没有回复。", "没有回复，也投诉了。"),                  # events keep their order
    ("投诉了，也没有回复。", "投诉了，而且没有回复。"),                # 也 + negation after an event: 'even so'
    ("用过了，也很好。", "用过了，而且很好。"),                        # no verdict before it to add to
    ("文字可开悟，行事太矫情。", "行事太矫情，文字可开悟。"),          # an unread, ungraded clause may be praise
    ("机器用料很到位，相当结实。", "机器用料相当结实，很到位。"),      # 结实 may be the machine's, 到位 the 用料's
    ("结果前天买了三套。", "前天结果买了三套。"),                      # 结果 'as a result' is no subject
    ("平时习惯用键盘。", "习惯平时用键盘。"),                          # 习惯 'be used to' neither
    ("这家酒店的房间特别干净。前台服务也很热情周到。", "这家酒店的房间特别干净，前台服务也很热情周到。"),  # long
])
def test_clause_operations_refuse(augmenter, text, refused):
    found = rewrites(augmenter, text)
    if refused is None:  # no variant that only moves words
        content = [c for c in text if c not in PUNCTUATION]
        assert not [v for v in found if same_characters(v, text) and [c for c in v if c not in PUNCTUATION] != content]
    else:
        assert refused not in found


def test_moved_clauses_keep_the_label(augmenter):
    """Variants made from clause moves pass the pipeline's label check: the polarity of each clause is read again."""
    for text in ("屏幕很清晰，做工很扎实。", "又便宜，又实惠。", "服务很亲切，也很主动。"):
        made = [v for v, _ in augmenter.variants(text, 0, 4, b"k" * 16)]
        assert made and all(augmenter.analyser.signature(v) == augmenter.analyser.signature(text) for v in made)
