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
# Written forms that a chatty text does not take.
WRITTEN_FORMS = frozenset({"该", "此", "较为", "颇为", "甚为", "极为", "均", "皆", "尚可", "如今", "首次"})


def is_formal(text: str) -> bool:
    return any(mark in text for mark in FORMAL_MARKS)


def is_chatty(words) -> bool:
    """`words`: the text's words (any iterable); chatty when one of them is a spoken particle or mark."""
    return not CHATTY_WORDS.isdisjoint(words)
