"""The rewrites of free text (synth/augmenters/rephrase.py), everyday synonym groups, protected terms and the
expansion's reading of the whole text: what each produces on real-looking sentences, and what each must leave."""

from __future__ import annotations

import pytest

from synth.augmenters import augment
from synth.augmenters.pipeline import Augmenter


@pytest.fixture(scope="module")
def augmenter():
    return Augmenter(("synonym", "restructure", "expand"))


def rewrites(augmenter, text: str) -> set[str]:
    """Every spelling the restructure operation offers for text, all kinds together."""
    analysis = augmenter.analyse(text)
    tokens = list(zip(analysis.words, analysis.flags, analysis.pol))
    groups = augmenter.restructure.candidates(analysis, tokens)
    singles = [rewrite for group in groups if isinstance(group, list) for rewrite in group]
    return {"".join(t[0] for t in tokens[:start] + middle + tokens[end:]) for start, middle, end in singles}


def synonyms(augmenter, text: str) -> set[str]:
    """Every spelling one replacement of the synonym operation can give."""
    analysis = augmenter.analyse(text)
    tokens = list(zip(analysis.words, analysis.flags, analysis.pol))
    augmenter.synonym.memo = {}
    out = set()
    for start, end, options in augmenter.synonym.candidates(tokens):
        for option in options:
            out.add("".join(t[0] for t in tokens[:start]) + option + "".join(t[0] for t in tokens[end:]))
    return out


@pytest.mark.parametrize("text, expected", [
    ("房间很干净。", "房间干净得很。"),             # 很X → X得很 for a clause-final adjective
    ("服务特别周到。", "服务非常周到。"),           # 特别X → 非常X, one strength level
    ("每一页都非常的喜欢。", "每一页都非常喜欢。"),   # 非常的X → 非常X
    ("房间挺干净的。", "房间挺干净。"),             # 挺X的 → 挺X
    ("这台电脑价钱便宜。", "这台电脑价钱很便宜。"),   # a bare adjective takes 很
    ("系统跑起来慢。", "系统跑起来很慢。"),
    ("我喜欢这本书。", "我很喜欢这本书。"),
    ("因为价格很便宜，所以很满意。", "价格很便宜，所以很满意。"),      # the first half of a pair dropped
    ("价格很便宜，所以很满意。", "因为价格很便宜，所以很满意。"),      # ... or added
    ("酒店硬件很好，但服务很差。", "虽然酒店硬件很好，但服务很差。"),
    ("房间不大，但是很干净。", "房间不大，不过很干净。"),             # clause-head connectives swap
    ("我昨天入住了这家酒店。", "昨天我入住了这家酒店。"),             # a time adverbial moves
    ("这本书很好看。", "这书很好看。"),                              # 这本书 ↔ 这书 ↔ 该书
    ("此外，这本书很好看。", "此外，该书很好看。"),  # 该 only where the text is written (此外)
    ("入住的时候，前台很热情。", "入住时，前台很热情。"),
    ("这是个好地方。", "这是一个好地方。"),
    ("入住后发现没有浴巾。", "入住以后发现没有浴巾。"),
    ("感觉不安全。", "觉得不安全。"),
])
def test_each_rewrite_of_free_text(augmenter, text, expected):
    assert expected in rewrites(augmenter, text)


@pytest.mark.parametrize("text, unwanted", [
    ("林子大了，什么鸟都有！", "林子很大了"),          # 了 makes a change of state: no 很
    ("送给妹妹也嫌难看。", "嫌很难看"),               # after a verb the adjective is no predicate
    ("花了很长时间去找。", "非常长时间"),              # 很长时间 is a fixed measure
    ("很快就可以装好。", "非常快就"),
    ("服务态度也不是很好。", "不是非常好"),            # a negation's reach stays as written
    ("带来了很多麻烦。", "很多很麻烦"),               # 麻烦 after a quantity is a noun
    ("房间很干净。", "房间非常干净"),                 # 很 ↔ 非常 crosses a strength level (modifiers.tsv)
    ("服务非常周到。", "服务很周到"),
    ("价格便宜。", "价格非常便宜"),                   # a bare adjective takes only the bleached 很
    ("环境交通都不错。", "环境的交通"),               # two aspects in a list take no 的
    ("建议大家可以考虑别家。", "大家能考虑"),          # 可以 as advice is not ability
    ("键盘手感一般。", "手感很一般"),                 # 很一般 is harsher than 一般
    ("装好以后（说的是三充三放，但打开就是满电）", "虽然装好"),
    ("订的是单人间，但是过去以后只有双人间了。", "不过过去"),  # no doubled character at the seam
])
def test_what_the_rewrites_leave_alone(augmenter, text, unwanted):
    assert not any(unwanted in variant for variant in rewrites(augmenter, text))


def test_everyday_groups_are_used_and_other_everyday_words_are_not(augmenter):
    assert "我感觉房间有点小" in synonyms(augmenter, "我觉得房间有点小")   # v.any.feel.think
    assert "目前用着还行" in synonyms(augmenter, "现在用着还行")           # n.any.now
    assert not any("挑选" in v for v in synonyms(augmenter, "我们选择了这家"))  # 选择 (gen) stays


@pytest.mark.parametrize("text, unwanted", [
    ("有些驱动还跟鼠标有冲突", "有点驱动"),            # 有些 + noun is 'some', not 'a little'
    ("又便宜，又实惠。", "又实惠，又实惠"),            # no option already in the text
    ("去鹭江宾馆吃了饭", "鹭江酒店"),                 # a place noun ending a name keeps its word
    ("比较轻，省电。", "较为轻"),                     # a written degree adverb wants two characters after it
    ("水开始相当长时间也是黄的。", "颇为长时间"),        # 相当长时间 is a measure
    ("更换后老是启动不了。", "开机不了"),              # a verb-object word does not take 不了 the same way
])
def test_what_the_synonyms_leave_alone(augmenter, text, unwanted):
    assert not any(unwanted in variant for variant in synonyms(augmenter, text))


@pytest.mark.parametrize("text, term", [
    ("客房服务员很热情，房间也很干净。", "客房服务员"),
    ("叫了客房服务，送得特别快。", "客房服务"),
    ("键盘手感好，屏幕也很清晰。", "手感"),
    ("今天开心ing，房间很干净。", "开心ing"),
    ("性价比很高，物流也很给力。", "性价比"),
    ("物流很给力，包装也很好。", "给力"),
])
def test_protected_terms_and_idioms_never_change(text, term):
    frame = augment([text] * 3, ops="synonym,restructure,expand", n=8, seed=5)
    assert len(frame) > 0
    assert all(term in variant for variant in frame.text)


def test_expansion_sides_with_the_whole_text(augmenter):
    # one sentence whose last clause (after 但是) is a complaint while the text as a whole praises: no detail
    mixed = "房间很干净，位置也很好，服务很热情，但是有点吵。"
    assert augmenter.expand.sites(augmenter.analyse(mixed)) == []
    praised = "房间很干净，位置也很好。"
    assert augmenter.expand.sites(augmenter.analyse(praised))


def test_real_sentences_get_several_distinct_variants_that_keep_their_words():
    texts = ["这本书真的很好看，孩子也很喜欢。", "酒店位置不错，服务还可以。", "入住的时候，前台很热情。",
             "价格便宜，所以很满意。", "系统跑起来慢，散热也一般。"]
    frame = augment(texts, ops="synonym,restructure", n=4, seed=9)
    counts = frame.groupby("source").size()
    assert len(counts) == len(texts) and counts.min() >= 2
    for source, variants in frame.groupby("source").text:
        assert len(set(variants)) == len(variants) and texts[source] not in set(variants)
