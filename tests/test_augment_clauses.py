"""Clause-level rewrites (synth/augmenters/clauses.py), spelled-out counts (numerals.py), the adverb twins and the
guards a native reading of real variants asked for: what each produces on hand-written sentences, and what each
must leave alone. The sentences are written for these tests, none taken from an evaluation corpus."""

from __future__ import annotations

import pytest

from synth.augmenters import augment
from synth.augmenters.pipeline import Augmenter
from test_augment_rephrase import rewrites, synonyms


@pytest.fixture(scope="module")
def augmenter():
    return Augmenter(("synonym", "restructure"))


@pytest.mark.parametrize("text, expected", [
    ("我不会再来了，因为房间太脏。", "因为房间太脏，所以我不会再来了。"),      # cause and result change places
    ("因为房间太脏，所以我不会再来了。", "我不会再来了，因为房间太脏。"),
    ("房间很干净，服务也好。", "我觉得房间很干净，服务也好。"),            # an opinion frame
    ("2、房间比较干净。", "2、我觉得房间比较干净。"),                     # after a list mark
    ("这家酒店服务很周到。", "我觉得这家酒店服务很周到。"),               # before a demonstrative subject
    ("我觉得这个酒店的早餐很丰富。", "这个酒店的早餐很丰富。"),           # and the frame dropped
    ("真是太令人失望了。", "真是太让人失望了。"),                          # 令人 → 让人
    ("开机时风扇声音比较大。", "开机时风扇声音较大。"),                    # 比较 + one character → 较
    ("封面设计过于花哨。", "封面设计太过花哨。"),                          # 过于 ↔ 太过
    ("晚上的噪音实在太大。", "晚上的噪音实在是太大。"),
    ("价格有点贵。", "价格有点儿贵。"),
    ("屏幕特别清晰。", "屏幕非常清晰。"),                                  # 特别 → 非常: one strength level
    ("前台挺热情的。", "前台挺热情。"),
    ("服务员的态度很好的，", "服务员的态度很好，"),
    ("店里有很多新书。", "店里有许多新书。"),
    ("快递已经签收了。", "快递已签收了。"),
    ("希望能改进包装。", "希望可以改进包装。"),
    ("设施都不错，特别是泳池很大。", "设施都不错，尤其是泳池很大。"),
    ("比如说电池很耐用。", "例如电池很耐用。"),
    ("可我还是很喜欢。", "可是我还是很喜欢。"),
    ("住了2晚。第2次来。", "住了两晚。第2次来。"),                         # counts spelled out
    ("住了2晚。第2次来。", "住了2晚。第二次来。"),
    ("拧了10个螺丝。", "拧了十个螺丝。"),                                  # two digits spelled out
    ("等了25分钟。", "等了二十五分钟。"),
    ("等了两个小时才到。", "等了2个小时才到。"),                            # and a spelled count in digits
    ("这本书看了三遍。", "这本书看了3遍。"),
    ("这是一本好书。", "这是一本很好的书。"),                              # 好 before its noun is an adjective
    ("这是家好酒店。", "这是家很好的酒店。"),
    ("屏幕确实很清晰，电池也很耐用。", "屏幕确实很清晰，电池也确实很耐用。"),  # a stance the text has already
    ("价格的确便宜。服务态度很差！", "价格的确便宜。服务态度真的很差！"),
    ("下午刚刚到货。", "下午刚到货。"),
    ("安装完成后，马上就能用。", "安装完成以后，马上就能用。"),
    ("酒店附近有很多饭馆。", "酒店周边有很多饭馆。"),                    # an everyday group
    ("价格便宜，质量也好。", "质量好，价格也便宜。"),                      # 价格便宜 and 也好 cut apart: reordered
    ("机器很稳定，屏幕也很清晰。", "屏幕很清晰，机器也很稳定。"),          # 机器 known as a noun
    ("外观真的漂亮，机器很稳定。", "外观真的漂亮，机器确实很稳定。"),
    ("外观真的漂亮，键盘手感也很好。", "外观真的漂亮，键盘手感也确实很好。"),  # no quote before it: the stance stays
    ("房间的卫生差。", "房间的卫生很差。"),                                # a noun before the bare adjective
    ("住了2晚，很满意。", "住了两晚，很满意。"),                            # the sentence's only count
    ("住了2晚。又等了3天。", "住了2晚。又等了三天。"),                      # one count in each sentence
    ("等了两个小时，还是一个人也没有。", "等了2个小时，还是一个人也没有。"),  # 一个 is the article
])
def test_each_new_rewrite(augmenter, text, expected):
    assert expected in rewrites(augmenter, text) | synonyms(augmenter, text)


@pytest.mark.parametrize("text, unwanted", [
    ("我不会再来了，因为房间太脏。", "我不会再来了，由于房间太脏。"),       # 由于 never after the result
    ("昨天晚上，但是房间很干净。", "虽然昨天晚上，但是房间很干净。"),       # no 虽然 before a time phrase
    ("早餐很好吃的店在楼下。", "我觉得早餐很好吃的店在楼下。"),            # the clause must end in an evaluation
    ("祝您工作顺利！", "我觉得祝您工作顺利！"),                              # nor be a wish
    ("祝您工作顺利！", "祝您工作很顺利！"),
    ("这一版比上一版丰富得多。", "这一版比上一版丰富得很多。"),              # a comparison's complement
    ("我对自己的话负责。", "我对自己的话很负责。"),                          # a verb after 对 + object
    ("我失望至极。", "我很失望至极。"),                                      # the degree is said already
    ("我欣赏的是它的封面。", "我很欣赏的是它的封面。"),                      # a relative clause
    ("儿子的这本书很好看。", "儿子的该书很好看。"),                          # no 该 after a possessive
    ("性能很好很强大。", "性能很好非常强大。"),                              # a repeated figure
    ("屏幕很清晰。", "屏幕挺清晰。"),                                      # 很 → 挺 / 特别 / 非常 cross a strength
    ("屏幕很清晰。", "屏幕特别清晰。"),                                    # level (modifiers.tsv)
    ("屏幕很清晰。", "屏幕非常清晰。"),
    ("前台挺热情的。", "前台很热情。"),
    ("屏幕很清晰。", "屏幕确实很清晰。"),                                  # no stance adverb where the text has
    ("服务态度很差！", "服务态度真的很差！"),                              # none (it adds an emphasis)
    ("非常满意！", "真的非常满意！"),
    ("机器很稳定。", "机器确实很稳定。"),
    ("有什么特别明显的区别吗？", "有什么很明显的区别吗？"),
    ("系统很垃圾。", "系统垃圾得很。"),                                      # X得很 only for adjectives
    ("里面有个别错字。", "里面有一个别错字。"),                              # 个别 is one word
    ("就是便宜。", "只是便宜。"),                                            # 就是 here is emphatic
    ("还有一个大超市。", "另外一个大超市。"),                                # 还有 'there is also'
    ("住了12晚。", "住了1两晚。"),                                           # a digit of a larger number
    ("3月去的。", "三月去的。"),                                             # a month, not a count
    ("10年买的。", "十年买的。"),                                            # two digits before 年: a year
    ("这两天很忙。", "这2天很忙。"),                                        # 这两天 is 'lately'
    ("两位老师讲得好。", "2位老师讲得好。"),                                # digits only for time and times
    ("电池能用2小时20分钟。", "电池能用2小时二十分钟。"),                  # one duration, one form
    ("有24小时热水。", "有二十四小时热水。"),                              # 24小时 is a service's name
    ("一两天就到了。", "一2天就到了。"),                                    # a range
    ("三天打鱼两天晒网。", "3天打鱼两天晒网。"),                            # a set phrase
    ("该书我看了三遍。", "该书我看了3遍。"),                                 # a written text keeps words
    ("好几次都这样。", "很好的几次都这样。"),                              # 好 + a count is the degree adverb
    ("好大的房间。", "很好的大的房间。"),
    ("房间很大吗？", "房间确实很大吗？"),                                  # no stance in a question
    ("如果房间很大就好了。", "如果房间确实很大就好了。"),                  # nor in a condition
    ("这是一个很好的酒店。", "这是一个确实很好的酒店。"),                  # nor before an attribute
    ("房间确实很小。", "房间确实真的很小。"),                              # nor twice
    ("我觉得房间很小。", "我觉得房间确实很小。"),                          # nor inside another's frame
    ("浴室的设施生锈，", "浴室的设施确实生锈，"),                          # nor before a bare verb of change
    ("房间很大，非常满意。", "房间很大，真的非常满意。"),                  # nor a verdict whose subject went before
    ("房里的洗衣机不见了。", "房里的洗衣机真的不见了。"),                  # nor an event
    ("房间比较干净。", "房间真的比较干净。"),                              # 真的 wants a full degree
    ("客服态度差，速度慢。", "客服态度真的差，速度慢。"),                  # nor a bare one-syllable word
    ("价格便宜，质量也好。", "价格便宜，质量也真的好。"),
    ("最起码要干净吧。", "最至少要干净吧。"),                                # an adverb after a degree adverb
    ("我们在天天福吃的饭。", "我们在每天福吃的饭。"),                        # a word inside a name
    ("大家都很惊讶于结局。", "大家都很吃惊于结局。"),                        # a word before 于
    ("外观漂亮，屏幕好看。", "外观好看，屏幕好看。"),                        # a phrase's new words said already
    ("这次并没有让我失望。", "这次并没有让我很失望。"),                      # 很 inside a negation's reach
    ("如果不是下雨，我们就去了。", "要是不是下雨，我们就去了。"),            # 要是不是
    ("宝宝1周10个月了。", "宝宝一周10个月了。"),                            # an age, not a week
    ("散热效果不错。", "散热性能效果不错。"),                                # a modifying noun keeps its form
    ("楼下就是老李烤肉和大清花。", "楼下就是老李大清和烤肉花。"),            # nouns inside names
    ("他一早就要出门。", "他一早已要出门。"),                                # 一早 + 就, not 一 + 早就
    ("这让我对现在更有信心。", "这让我对如今更有信心。"),                    # a time word after a preposition
    ("内存偏小！", "内存很偏小！"),                                          # 偏 is a degree already
    ("后来的后来，我们都变了。", "之后的后来，我们都变了。"),                # a noun phrase, not a connective
    ("装XP有点麻烦，还好有办法。", "装XP有点真的麻烦，还好有办法。"),        # no stance after 有点
    ("装XP有点麻烦，还好有办法。", "装XP有点确实麻烦，还好有办法。"),
    ("房间还没整理好，要等等。", "房间还没整理确实好，要等等。"),            # nor inside verb + result
    ("但也谈不上差。", "但也谈不上很差。"),                                  # nor a degree under 谈不上
    ("但也谈不上差。", "但也谈不上非常差。"),
    ('键盘"看起来"手感也很好。', '键盘"看起来"手感也真的很好。'),          # nor after a scare quote
    ('键盘"看起来"手感也很好。', '键盘"看起来"手感也确实很好。'),
    ("等了40分钟，也许又是40分钟！", "等了四十分钟，也许又是40分钟！"),    # two counts: both as written
    ("等了40分钟，也许又是40分钟！", "等了40分钟，也许又是四十分钟！"),
    ("写的是2个口，客服说是3个口。", "写的是两个口，客服说是3个口。"),
    ("用了19天~~~没用上15天~~~唉", "用了十九天~~~没用上15天~~~唉"),
    ("住了2晚，第2次来。", "住了两晚，第2次来。"),                         # an ordinal is a count too
])
def test_what_the_new_rewrites_leave_alone(augmenter, text, unwanted):
    assert unwanted not in rewrites(augmenter, text) | synonyms(augmenter, text)


def test_traditional_script_gets_no_variants():
    frame = augment(["這個房間很乾淨，服務也很好。", "这个房间很干净，服务也很好。"], ops="synonym,restructure", n=3,
                    seed=1)
    assert set(frame.source) == {1}


def test_an_independent_reading_s_failures_do_not_recur(augmenter):
    # From an independent native reading of 100 variants (seed 15): 越…越 takes no degree adverb, 要是 is not put
    # before 要, 总之 ("anyway") is not 总的来说, 以后 ("from now on") is not 之后, and a reason moved after its
    # result says 因为, never 由于.
    cases = {
        "尺寸越小越贵啊": ("越很", "越非常"),
        "如果要从好奇心来说的话，这本书还不错。": ("要是要",),
        "总之后来也没敢管我要这个钱了。": ("总的来说",),
        "这家酒店以后无论如何我都不会再去了。": ("之后",),
        "由于我和女朋友一起，所以房间原有的一个枕头根本不够用。": ("，由于",),
    }
    for text, never in cases.items():
        offered = rewrites(augmenter, text) | synonyms(augmenter, text)
        offered |= {v for row in augment([text], ops=("synonym", "restructure"), n=8, seed=3) for v in [row]
                    if isinstance(v, str)}
        assert all(not any(bad in variant for bad in never) for variant in offered), (text, offered)


def test_good_before_a_noun_reads_as_praise(augmenter):
    # 一本好书 praises the book; 好大 and 好几次 only intensify, so only the first carries a positive word.
    assert augmenter.analyser.signature("这是一本好书。")[0] > 0
    assert augmenter.analyser.signature("好几次都这样。")[0] == 0
