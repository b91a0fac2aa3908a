"""Rewrites added for issue 17 item 6 in session 14: the 是…的 of a past event's time, place or means (我是在门店买的 ↔
我在门店买的), 没 + noun ↔ 没有 + noun, distance with 离/距/距离, and 有点/有些 before an adjective or a feeling
that is no sentiment word. Each with what it makes and what it refuses; the sentences are written for these tests,
none taken from an evaluation corpus."""

from __future__ import annotations

import pytest

from synth.augmenters import augment
from synth.augmenters.pipeline import Augmenter
from test_augment_rephrase import rewrites, synonyms


@pytest.fixture(scope="module")
def augmenter():
    return Augmenter(("synonym", "restructure"))


@pytest.mark.parametrize("text, expected", [
    ("我是在门店买的。", "我在门店买的。"),              # the place of a purchase is the focus, 是 only marks it
    ("书是昨天到的，包装很好。", "书昨天到的，包装很好。"),  # the time of a delivery
    ("我们是从北京坐高铁来的。", "我们从北京坐高铁来的。"),  # jieba keeps 是从 whole
    ("我是通过携程订的。", "我通过携程订的。"),          # the means
    ("我在门店买的。", "我是在门店买的。"),              # and back: the focus marked
    ("快递昨天到的。", "快递是昨天到的。"),
])
def test_focus_shi_de_drops_or_takes_shi(augmenter, text, expected):
    assert expected in rewrites(augmenter, text)


@pytest.mark.parametrize("text, refused", [
    ("这是在门店买的。", "这在门店买的。"),              # 这是…的 names a thing: 是 is the verb
    ("我也是在门店买的。", "我也在门店买的。"),          # 也是: 'also'
    ("系统都是公司里的人给装的。", "系统都公司里的人给装的。"),  # an agent, and 都是
    ("书是昨天到的吗？", "书昨天到的吗？"),            # 的 does not close the clause: a question goes on
    ("我是在门店买的衣服。", "我在门店买的衣服。"),       # 的 does not close the clause: a noun's modifier
    ("是朋友推荐的。", "朋友推荐的。"),                  # the focus is a person, not a time, place or means
    ("我不是在门店买的。", "我不在门店买的。"),          # a negated focus keeps its 是
    ("在门店买的衣服很好。", "是在门店买的衣服很好。"),    # no 是 is added before a noun's modifier
])
def test_focus_shi_de_refuses(augmenter, text, refused):
    assert refused not in rewrites(augmenter, text)


@pytest.mark.parametrize("text, expected", [
    ("房间没空调。", "房间没有空调。"),
    ("机器没问题！", "机器没有问题！"),
    ("实在没心思读下去了。", "实在没有心思读下去了。"),
])
def test_mei_before_a_noun_takes_you(augmenter, text, expected):
    assert expected in rewrites(augmenter, text)


@pytest.mark.parametrize("text, refused", [
    ("没事，下次注意。", "没有事，下次注意。"),          # 没事 'it is fine'
    ("你说得没错。", "你说得没有错。"),                  # 没错 'right'
    ("这书真没意思。", "这书真没有意思。"),              # 没意思 'dull'
    ("没关系，慢慢来。", "没有关系，慢慢来。"),          # 没关系 'never mind'
])
def test_mei_set_phrases_stay(augmenter, text, refused):
    assert refused not in rewrites(augmenter, text)


@pytest.mark.parametrize("text, expected", [
    ("酒店离地铁站很近。", "酒店距离地铁站很近。"),
    ("距南苑机场近些。", "离南苑机场近些。"),
    ("距离市中心比较远。", "离市中心比较远。"),
])
def test_distance_words_swap(augmenter, text, expected):
    assert expected in rewrites(augmenter, text)


@pytest.mark.parametrize("text, refused", [
    ("距离很近，走路五分钟。", "离很近，走路五分钟。"),  # 距离 is the noun 'distance' there
    ("我们离开酒店时很晚了。", "我们距离开酒店时很晚了。"),
    ("他远离市中心的喧闹。", "他远距离市中心的喧闹。"),
    ("离婚的原因很复杂。", "距离婚的原因很复杂。"),
])
def test_distance_words_refuse(augmenter, text, refused):
    assert refused not in rewrites(augmenter, text)


@pytest.mark.parametrize("text, expected", [
    ("买到才知道是繁体，有些惊讶。", "买到才知道是繁体，有点惊讶。"),  # an adjective jieba knows, no sentiment word
    ("大人都觉得有点恐怖。", "大人都觉得有些恐怖。"),
])
def test_a_little_before_an_adjective(augmenter, text, expected):
    assert expected in synonyms(augmenter, text)


@pytest.mark.parametrize("text, refused", [
    ("有些驱动装不上。", "有点驱动装不上。"),            # 'some drivers'
    ("有些地方写错了。", "有点地方写错了。"),
])
def test_a_little_refuses_before_a_noun(augmenter, text, refused):
    assert refused not in synonyms(augmenter, text)


def test_new_rewrites_keep_the_label_and_are_deterministic():
    texts = ["我是在门店买的，质量很好。", "房间没空调，很热。", "酒店离地铁站很近，很方便。"]
    first = augment(texts, ops="restructure", n=4, seed=5)
    again = augment(texts, ops="restructure", n=4, seed=5)
    assert list(first.text) == list(again.text)
    assert {"我在门店买的，质量很好。", "房间没有空调，很热。"} & set(first.text)


@pytest.mark.parametrize("text, expected", [
    ("使用起来会相对方便些。", "使用起来会相对方便一些。"),
    ("要是能便宜一点就好了。", "要是能便宜一些就好了。"),
    ("房间再大一些就好了。", "房间再大一点就好了。"),
    ("服务细致点。", "服务细致一点。"),
    ("便宜一点的酒店也有。", "便宜一些的酒店也有。"),      # before 的 too: the same amount
])
def test_a_little_after_an_adjective(augmenter, text, expected):
    assert expected in rewrites(augmenter, text)


@pytest.mark.parametrize("text, refused", [
    ("差一点就摔倒了。", "差一些就摔倒了。"),               # 差一点 'almost'
    ("一些地方写得不好。", "一点地方写得不好。"),            # 'some places': no adjective before it
    ("有一点失望。", "有一些失望。"),                       # after 有, not an adjective
])
def test_a_little_refuses(augmenter, text, refused):
    assert refused not in rewrites(augmenter, text)


@pytest.mark.parametrize("text, expected", [
    ("3、体积小，方便携带。", "3.体积小，方便携带。"),
    ("6.卫生间很小。", "6、卫生间很小。"),
    ("2）标房内没有瓶装水。", "2、标房内没有瓶装水。"),
    ("3. 键盘手感舒适。", "3、键盘手感舒适。"),        # no space is left after 、
    ("一，酒店的空调不是24小时的。", "一、酒店的空调不是24小时的。"),
])
def test_a_numbered_point_takes_another_mark(augmenter, text, expected):
    assert expected in rewrites(augmenter, text)


@pytest.mark.parametrize("text", ["2.5寸的硬盘很好。", "10.22号通过携程订了一晚。", "（2）性价比高。",
                                  "2008年住过一次，很好。", "3、4个人住刚好。"])
def test_numbers_that_open_no_point_keep_their_marks(augmenter, text):
    for variant in rewrites(augmenter, text):
        assert variant[:2] == text[:2]


@pytest.mark.parametrize("text, expected, refused", [
    ("其他的人物，读完一点印象都没有。", "其他人物，读完一点印象都没有。", None),
    ("除了牛奶是热的，其他的都是凉的。", None, "除了牛奶是热的，其他都是凉的。"),  # 其他的 is 'the rest': no noun follows
])
def test_other_drops_its_de_before_a_noun(augmenter, text, expected, refused):
    found = rewrites(augmenter, text)
    assert (expected in found) if expected else (refused not in found)
