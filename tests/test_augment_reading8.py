"""Session 8 of issue 17 item 6: the failure families of the independent linguist's reading of main (seed 71),
each guarded at its construction, with a sentence where the family still works. The sentences are written for
these tests, none taken from an evaluation corpus."""

from __future__ import annotations

import pytest

from test_augment_reading7 import augmenter, variants  # noqa: F401 - the shared fixture and the union of rewrites


@pytest.mark.parametrize("text, unexpected", [
    # 把 ↔ 被 does not carry an adverb jieba files as a noun into the noun phrase that moves
    ("书总算被我找到了。", "我把书总算找到了。"),
    ("最后服务员把房间换了。", "房间被最后服务员换了。"),
    ("我差点把钥匙弄丢了。", "钥匙被我差点弄丢了。"),
    ("箱子被快递员差点压坏了。", "快递员差点把箱子压坏了。"),
    # a clause tied to the one before by 还/更/就 does not open the pair, and takes no second 也
    ("房间很干净，早餐还很丰盛。", "早餐还很丰盛，房间很干净。"),
    ("房间很干净，早餐还很丰盛。", "不仅房间很干净，早餐也还很丰盛。"),
    ("屏幕很清晰，音质更好。", "音质更好，屏幕很清晰。"),
    # an intensifier is not put inside a verb-object phrase whose object is an adjective
    ("这道划痕影响美观。", "这道划痕影响很美观。"),
    ("这道划痕影响美观。", "这道划痕影响非常美观。"),
    ("包装有点破，不影响美观。", "包装有点破，不影响很美观。"),
    ("这家店讲究卫生。", "这家店讲究很卫生。"),
    # 特别 'in particular' before a preposition, a pronoun or a noun is not the degree 'very'
    ("特别对老人来说，字很大。", "非常对老人来说，字很大。"),
    ("特别对老人来说，字很大。", "十分对老人来说，字很大。"),
    ("特别针对老人，字很大。", "很针对老人，字很大。"),
    ("特别在晚上，外面很吵。", "非常在晚上，外面很吵。"),
])
def test_a_failure_family_of_the_reading_is_not_offered(augmenter, text, unexpected):
    assert unexpected not in variants(augmenter, text)


@pytest.mark.parametrize("text, expected", [
    ("箱子被快递员压坏了。", "快递员把箱子压坏了。"),          # 把 ↔ 被 without an adverb
    ("快递员把箱子压坏了。", "箱子被快递员压坏了。"),
    ("屏幕很清晰，电池也很耐用。", "电池很耐用，屏幕也很清晰。"),  # 也 moves with the reorder
    ("房间很干净，早餐还很丰盛。", "不仅房间很干净，而且早餐还很丰盛。"),
    ("房间干净。", "房间很干净。"),                              # a predicate adjective takes 很
    ("酒店服务好。", "酒店服务很好。"),                          # after a verb-noun subject too
    ("房间特别干净。", "房间非常干净。"),                        # 特别 'very' before an adjective
    ("服务特别专业。", "服务很专业。"),
])
def test_the_family_still_works_outside_the_construction(augmenter, text, expected):
    assert expected in variants(augmenter, text)


@pytest.mark.parametrize("text, expected", [
    ("读完一点印象都没有。", "读完一点印象也没有。"),    # 一 + classifier (+ noun) + 都/也 + negation: 'not even one'
    ("服务一点都不好。", "服务一点也不好。"),
    ("一个人也没有。", "一个人都没有。"),
    ("我一分钱都没拿到。", "我一分钱也没拿到。"),
    ("鼠标按键有些松。", "鼠标按键有点松。"),          # 有些 ↔ 有点 before an evaluation
    ("房间有点小。", "房间有些小。"),
    ("键盘超级大。", "键盘非常大。"),                  # 超级/超 before a plain adjective as the predicate
    ("光驱声音超响。", "光驱声音很响。"),
    ("我和朋友去的。", "我跟朋友去的。"),              # the companion's 和 after a pronoun, or opening a clause
    ("和以前的版本都不同。", "跟以前的版本都不同。"),
    ("颜色与图片不符。", "颜色和图片不符。"),          # 与 → the neutral 和
    ("周末可以去逛逛。", "周末可以去逛一逛。"),        # VV 'have a go' ↔ V一V
    ("大家不妨看一看。", "大家不妨看看。"),
    ("女儿好喜欢这本书。", "女儿很喜欢这本书。"),        # 好 + a verb of feeling or wanting: the degree of it
    ("好希望能出续集。", "真希望能出续集。"),
])
def test_new_safe_rewrites_are_offered(augmenter, text, expected):
    assert expected in variants(augmenter, text)


@pytest.mark.parametrize("text, unexpected", [
    ("我们一直都没有收到。", "我们一直也没有收到。"),    # 一直都 'all along' is no minimal amount
    ("这家店一般都不开门。", "这家店一般也不开门。"),
    ("房间都不干净。", "房间也不干净。"),                # 都 'all' stays 'all'
    ("有些人不喜欢。", "有点人不喜欢。"),                # 有些 'some' before a noun
    ("这是超级大品牌。", "这是非常大品牌。"),            # not a predicate
    ("价格和质量都很好。", "价格跟质量都很好。"),        # two things listed keep 和
    ("还有纸巾等等。", "还有纸巾等一等。"),              # 等等 is 'and so on'
    ("脚下是干裂的土地，和土地上的庄稼。", "脚下是干裂的土地，跟土地上的庄稼。"),  # a list going on after a comma
])
def test_new_rewrites_stay_in_their_construction(augmenter, text, unexpected):
    assert unexpected not in variants(augmenter, text)


def test_my_reading_of_seed_5_an_adverb_or_adjective_used_as_a_noun_keeps_its_word(augmenter):
    # 每天的价格 names each day: 天天 is an adverb only (天天的价格 is not said)
    assert "而且天天的价格不一样。" not in variants(augmenter, "而且每天的价格不一样。")
    assert "房间天天都打扫。" in variants(augmenter, "房间每天都打扫。")
    # 发热和耗电: the adjective is a noun here, which 费电 is not
    assert "待机时的发热和费电都不小。" not in variants(augmenter, "待机时的发热和耗电都不小。")
    assert "这台电脑很费电。" in variants(augmenter, "这台电脑很耗电。")
    # a clause that is only a noun phrase (…的怪味) takes no 我觉得/我感觉 frame
    assert not any(v.startswith(("我觉得", "我感觉")) for v in variants(augmenter, "房间里的怪味……唉"))
    assert "我觉得房间很干净。" in variants(augmenter, "房间很干净。")
