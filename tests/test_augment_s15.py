"""Rewrites added for issue 17 item 6 in session 15: 'not very' said as 不是很 or 不太 and 'do not' as 别 or 不要
(and the label signature reading the two forms alike), and half-width marks typed in Chinese text written
full-width. The sentences are written for these tests, none taken from an evaluation corpus."""

from __future__ import annotations

import pytest

from synth.augmenters import augment
from synth.augmenters.analysis import canonical_negation
from synth.augmenters.marks import full_width_rewrites
from synth.augmenters.pipeline import Augmenter
from test_augment_rephrase import rewrites, synonyms


@pytest.fixture(scope="module")
def augmenter():
    return Augmenter(("synonym", "restructure"))


# -- 不是很 ↔ 不太 -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("房间不是很干净。", "房间不太干净。"),
    ("效果不是很理想，价格也贵。", "效果不太理想，价格也贵。"),
    ("房间不是太大。", "房间不太大。"),
    ("我不太清楚怎么设置。", "我不是很清楚怎么设置。"),
    ("只要期望值不太高就行。", "只要期望值不是很高就行。"),
    ("服务员并不是很热情。", "服务员并不太热情。"),
])
def test_not_very_takes_its_other_form(augmenter, text, expected):
    assert expected in rewrites(augmenter, text)


@pytest.mark.parametrize("text, refused", [
    ("字大一点不是很好吗？", "字大一点不太好吗？"),          # a rhetorical question praises: 不太 would not
    ("这样不是很好嘛，大家都满意。", "这样不太好嘛，大家都满意。"),
    ("这不是很贵，而是贵得离谱。", "这不太贵，而是贵得离谱。"),  # 不是…而是: 'not merely'
    ("两个颜色不太一样。", "两个颜色不是很一样。"),          # 不太一样 'not quite the same'
    ("三天送到不太可能。", "三天送到不是很可能。"),          # a judgment of likelihood
    ("价格是不太高。", "价格是不是很高。"),                  # after 是 the form turns into a question
    ("我不太会用这个软件。", "我不是很会用这个软件。"),
])
def test_not_very_stays_where_the_forms_differ(augmenter, text, refused):
    assert refused not in rewrites(augmenter, text)


def test_signature_reads_not_very_forms_alike(augmenter):
    signature = augmenter.analyser.signature
    assert signature("房间不是很干净。") == signature("房间不太干净。")
    assert signature("我不是很满意。") == signature("我不太满意。")
    assert canonical_negation("不是太贵") == "不太贵"
    # a real change of the negation still shows
    assert signature("房间不是很干净。") != signature("房间很干净。")
    assert signature("房间不是很干净。") != signature("房间不是特别干净。")


def test_not_very_reaches_the_variants():
    # the label check lets the rewrite through: some seed's variants carry it
    made = set()
    for seed in range(6):
        made |= set(augment(["服务员的态度不是很热情，房间还可以。"], ops=("restructure",), n=4, seed=seed).text)
    assert "服务员的态度不太热情，房间还可以。" in made


# -- 别 ↔ 不要 --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("大家就别挑刺了。", "大家就不要挑刺了。"),
    ("希望房价别涨太多了。", "希望房价不要涨太多了。"),
    ("千万不要再来了。", "千万别再来了。"),
    ("否则就不要写。", "否则就别写。"),
    ("不要买，质量太差。", "别买，质量太差。"),
])
def test_do_not_takes_its_other_form(augmenter, text, expected):
    assert expected in rewrites(augmenter, text)


@pytest.mark.parametrize("text, refused", [
    ("我不要这个颜色。", "我别这个颜色。"),          # 'I do not want': no order
    ("我不要去了。", "我别去了。"),
    ("不要半成品出厂！", "别半成品出厂！"),          # a noun follows: 'do not let …'
    ("我别去了，太远。", "我不要去了，太远。"),       # 'I had better not' is no 'I do not want'
    ("别的都还好。", "不要的都还好。"),
    ("不要紧，慢慢来。", "别紧，慢慢来。"),
])
def test_do_not_stays_where_it_is_no_order(augmenter, text, refused):
    assert refused not in rewrites(augmenter, text)


def test_signature_reads_do_not_forms_alike(augmenter):
    signature = augmenter.analyser.signature
    assert signature("大家别买。") == signature("大家不要买。")
    assert signature("大家别买。") != signature("大家买。")


# -- V + object 的时候 → V + object 时 inside a clause ------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("安装XP的时候也不复杂。", "安装XP时也不复杂。"),
    ("打开电视的时候声音很大。", "打开电视时声音很大。"),
    ("入住的时候前台很热情。", "入住时前台很热情。"),      # the verb alone, as before
])
def test_when_clause_shortens_after_a_verb_and_its_object(augmenter, text, expected):
    assert expected in rewrites(augmenter, text)


@pytest.mark.parametrize("text, refused", [
    ("小的时候看过这本书。", "小时看过这本书。"),          # 小时 is 'hour'
    ("什么的时候都可以。", "什么时都可以。"),              # no action
    ("我们的时候到了。", "我们时到了。"),
])
def test_when_clause_keeps_its_form_without_an_action(augmenter, text, refused):
    assert refused not in rewrites(augmenter, text)


# -- half-width marks in Chinese text ------------------------------------------------------------------------

def spelled(augmenter, text: str) -> list[str]:
    analysis = augmenter.analyse(text)
    tokens = list(zip(analysis.words, analysis.flags, analysis.pol))
    return ["".join(t[0] for t in tokens[:start] + middle + tokens[end:])
            for start, middle, end in full_width_rewrites(tokens)]


@pytest.mark.parametrize("text, expected", [
    ("楼很老,房间很大,服务不错.", "楼很老，房间很大，服务不错。"),
    ("总之很好.很满意.很值.", "总之很好。很满意。很值。"),
    ("一条鱼都没有!", "一条鱼都没有！"),
    ("房间太小了!!", "房间太小了！！"),
    ("房价398,含早,还算划算", "房价398，含早，还算划算"),           # a digit before a Chinese character
    ("系统不太好用,平时用XP,速度一般", "系统不太好用，平时用XP，速度一般"),
    ("入住的时候礼宾在哪里?", "入住的时候礼宾在哪里？"),
    ("缺点:电池不耐用", "缺点：电池不耐用"),
    ("物流快 质量好  价格实惠", "物流快，质量好，价格实惠"),        # spaces typed for commas
    ("这书写得很乱， 不系统， 不正规。", "这书写得很乱，不系统，不正规。"),  # a gap after a mark goes
    ("很乱, 不系统,很好!!", "很乱，不系统，很好！！"),
])
def test_half_width_marks_in_chinese_become_full_width(augmenter, text, expected):
    assert spelled(augmenter, text) == [expected]
    assert expected in rewrites(augmenter, text)


@pytest.mark.parametrize("text, expected", [
    ("屏幕2.5寸,价格1,000元,装的XP.", "屏幕2.5寸，价格1,000元，装的XP."),  # decimal, thousands, after Latin
    ("不推荐大家入住.......", None),                                   # an ellipsis is no run of stops
    ("1.房间很大", None),                                               # a point number keeps its mark
    ("晚上11:40才到", None),                                            # a clock time
    ("Great hotel, nice staff.", None),
    ("房间很大，服务不错。", None),                                      # already full-width
    ("装的是Windows xp 系统", None),                                    # a space beside Latin letters stays
    ("宾馆反馈 2008年7月25日", None),
])
def test_half_width_marks_elsewhere_stay(augmenter, text, expected):
    assert spelled(augmenter, text) == ([expected] if expected else [])


def test_full_width_variant_keeps_the_words_for_other_operations(augmenter):
    # the marks' rewrite spans the clauses between them, but the words keep their flags: synonym still reaches them
    frame = augment(["房间很大,服务很周到,早餐一般."], ops=("synonym", "restructure"), n=8, seed=1)
    texts = set(frame.text)
    assert "房间很大，服务很周到，早餐一般。" in texts
    assert any("，" in t and "。" in t and t != "房间很大，服务很周到，早餐一般。" for t in texts)


# -- variant written forms → the standard form ---------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("机器比想像中的要厚重。", "机器比想象中的要厚重。"),   # inside a longer token
    ("课本里好象也没有这些童话。", "课本里好像也没有这些童话。"),
    ("其它都还好。", "其他都还好。"),
    ("这是惟一的缺点。", "这是唯一的缺点。"),
])
def test_variant_spelling_takes_the_standard_form(augmenter, text, expected):
    assert expected in rewrites(augmenter, text)


@pytest.mark.parametrize("text, wrong", [
    ("机器比想象中的要厚重。", "想像"),        # a standard form never becomes the variant
    ("大象是动物。", "大像"),                  # 象 alone is no variant
    ("帐篷很结实。", "账篷"),                  # nor 帐 alone
])
def test_standard_forms_and_lookalikes_stay(augmenter, text, wrong):
    assert not any(wrong in r for r in rewrites(augmenter, text))


# -- 刚才 → 刚刚 before a verb ---------------------------------------------------------------------------------

def test_just_now_before_a_verb(augmenter):
    assert "机子刚刚出现了蓝屏。" in rewrites(augmenter, "机子刚才出现了蓝屏。")
    assert "我刚刚已经说了。" in rewrites(augmenter, "我刚才已经说了。")
    # 刚才的 names the moment as a noun (the waiter of a moment ago): 刚刚的 is not said for it
    assert not any("刚刚" in r for r in rewrites(augmenter, "刚才的服务员很好。"))


def test_light_and_handy_is_not_light_and_thin(augmenter):
    # 轻巧 left the group it shared with 轻薄 (a reading of 100 variants found 轻巧 → 轻薄)
    assert not any("轻薄" in s for s in synonyms(augmenter, "轻巧，速度还不错。"))
    assert not any("轻巧" in s for s in synonyms(augmenter, "机身轻薄，速度还不错。"))


# -- ，感觉 + a short verdict → ，觉得 + the verdict ------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("地毯很厚实，感觉不错。", "地毯很厚实，觉得不错。"),
    ("住了两晚，感觉很好。", "住了两晚，觉得很好。"),
    ("感觉还不错", "觉得还不错"),
])
def test_feeling_before_a_short_verdict_is_the_writers(augmenter, text, expected):
    assert expected in rewrites(augmenter, text)


@pytest.mark.parametrize("text", [
    "手的感觉很好。",                       # whose feeling: the hand's, a noun with its owner
    "外观中庸，有明显的塑料的感觉。",       # the noun at the end of its clause
    "住了两晚，感觉很好很舒服也很安静。",   # more than a short verdict follows
])
def test_feeling_stays_as_a_noun_or_before_more(augmenter, text):
    assert not any("觉得" in r and "我觉得" not in r for r in rewrites(augmenter, text))
