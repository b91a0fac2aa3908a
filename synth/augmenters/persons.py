"""Whether a clause speaks of a person: adjectives of attitude, manner and emotion (粗心, 傲慢, 气愤) need one.

马虎 may be said of work or a thing (软件太马虎了: sloppily made), 粗心 only of a person, so a swap inside such a
group is made only where a person is named before the word (a pronoun, 让人, a role noun or a person's name).
"""

from __future__ import annotations

# Senses (synonyms.tsv, column 3) of groups whose words describe a person's state or manner.
PERSON_SENSES = ("attitude", "manner", "emotion:")
PERSON_WORDS = frozenset({
    "我", "你", "您", "他", "她", "我们", "你们", "他们", "她们", "咱", "咱们", "俺", "大家", "人", "自己", "本人", "别人",
    "人家", "让人", "令人", "使人", "叫人", "老板", "老板娘", "客服", "前台", "孩子", "小孩", "宝宝", "儿子", "女儿",
    "老公", "老婆", "妈妈", "爸爸", "朋友", "同事", "领导", "司机", "保安", "导游", "作者", "导演", "主角", "演员",
    "老师", "经理", "小哥", "小姐", "阿姨", "大姐", "师傅", "卖家", "店家", "商家", "店主", "掌柜", "医生", "护士",
    "学生", "先生", "员工",
})
PERSON_ENDINGS = ("员", "者", "师", "哥", "姐", "妹", "弟", "爷")  # not 生 (发生) or 工 (做工)


def is_person_sense(sense: str) -> bool:
    return sense.startswith(PERSON_SENSES)


def person_before(words, tag_of) -> bool:
    """Some word of `words` (the sentence up to the adjective) names a person."""
    for word in words:
        if word in PERSON_WORDS or (len(word) > 1 and word.endswith(PERSON_ENDINGS)) \
                or (tag_of(word) or "").startswith("nr"):
            return True
    return False
