"""The register of a text, which decides whether a written or a spoken form of a word fits it.

A formal text (a hotel's or shop's reply, a notice) keeps colloquial words out; a chatty one (particles, 挺/超,
exclamations) keeps written forms out: 该书, 此宾馆 and 较为 read as another writer's voice beside 啊 or 挺好的.
Only a chatty text takes a particle added for its mood (真好看！ → 真好看啊！).
"""

from __future__ import annotations

FORMAL_MARKS = ("您", "敬请", "莅临", "惠顾", "光临", "贵宾")
# Words and marks of spoken, chatty writing (tokens as the tokenizer cuts them).
CHATTY_WORDS = frozenset({"啊", "呀", "吧", "呢", "哈", "啦", "嘛", "哦", "噢", "咯", "呗", "哇", "滴", "啥", "咋", "俺",
                          "挺", "蛮", "超", "超级", "真的", "哈哈", "呵呵", "嘿嘿", "还行", "咱", "咱们", "爽", "！", "!",
                          "~", "～", "晕", "汗", "郁闷", "靠", "好玩"})
# Dialect and slang evaluations: the written degree 十分 beside them mixes two voices (十分安逸, 十分给力).
DIALECT_WORDS = frozenset({"安逸", "巴适", "得劲", "带劲", "给力", "牛逼", "牛掰", "靠谱", "舒坦", "爽快", "霸气", "赞"})
# Written forms: offered only in a text judged written (below), never in one that merely lacks chatty marks
# (a short plain review line takes 较为惊喜, 如今还在弄 as another writer's voice).
WRITTEN_FORMS = frozenset({"该", "此", "较为", "颇为", "甚为", "极为", "均", "皆", "尚可", "如今", "首次"})
# Words that show a text is written in the first place: its own written forms, classical function words.
WRITTEN_MARKS = WRITTEN_FORMS | frozenset({"其", "之", "亦", "于", "故", "且", "乃", "则", "较", "颇", "甚", "尚", "未",
                                           "仍", "然而", "因而", "因此", "此外", "并且", "而且", "总体而言", "总之",
                                           "目前", "予以", "给予", "进行", "方面", "以及"})


def is_formal(text: str) -> bool:
    return any(mark in text for mark in FORMAL_MARKS)


def is_written(text: str, words) -> bool:
    """Formal (FORMAL_MARKS), or `words` hold a written form or function word (该, 此 also as the head of 该店,
    此次): positive evidence only."""
    return is_formal(text) or any(word in WRITTEN_MARKS or len(word) == 2 and word[0] in "该此" and word != "该死"
                                  for word in words)


def is_chatty(words) -> bool:
    """`words`: the text's words (any iterable); chatty when one of them is a spoken particle or mark."""
    return not CHATTY_WORDS.isdisjoint(words)
