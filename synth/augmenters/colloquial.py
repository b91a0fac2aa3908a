"""Rewrites of the function words real reviews are made of, which no synonym group can cover safely (没有, 一个,
能, 不太, 是…的, sentence-final particles). Each keeps what the sentence says and whom it praises or blames:

- 没有 + verb ↔ 没 + verb (没有预装 → 没预装; not before 是/有); a verb that ends its clause is a noun there (没有评判，),
  shortened only in a spoken text and not in a 没有…，只有… parallel;
- 没有 + a noun that ends its clause → 没 + noun in a text not written (没有浴巾。 → 没浴巾。: 'there was no', said
  either way in speech; not 没有别家好, a comparison, nor in a written or formal text, where 没 reads as slang);
- 没 + noun → 没有 + noun (没空调 → 没有空调, 没问题 → 没有问题: 'there is no'; not 没事, 没错, 没关系, 没意思 ...);
- 没想到 → 没有想到 (没想到这么快 → 没有想到这么快: 'did not expect', either way);
- the 是…的 of a past event whose focus is a time, place or means, dropped or added (我是在门店买的 ↔ 我在门店买的,
  书是昨天到的 ↔ 书昨天到的), only before a verb of buying, delivery, stay or arrival that the closing 的 ends;
- 'a little more' after an adjective closing its clause, said with 些, 一些 or 一点 (近些 → 近一些, 便宜一点 ↔ 便宜一些,
  细致点 → 细致一点; not 差一点 'almost');
- distance said with 离, 距 or 距离 before a place and 近/远 (离地铁站很近 ↔ 距离地铁站很近, 距机场近 → 离机场近);
- 不太 + evaluation ↔ 不怎么 + evaluation (不太方便 → 不怎么方便; not 不怎么样, 不太一样, 不太可能);
- 别 + verb ↔ 不要 + verb, telling someone not to (大家就别挑刺了 ↔ 大家就不要挑刺了, 千万不要去 → 千万别去); 不要 only
  at the head of a clause or after a word of ordering (not 我不要这个 'I do not want'), neither before 的/紧/脸;
- 不是很/不是太 + evaluation ↔ 不太 + evaluation (不是很清楚 ↔ 不太清楚: 'not very'; not in a question, where
  不是很好吗 praises, nor before 而是, nor after 是, nor before 一样, 可能, 会);
- 一个 → 个 after a verb, in a text that is not formal (买了一个包 → 买了个包; not 没有一个人, 等了一个小时);
- 能 → 可以 between a noun subject and a verb (电池能用一天 → 电池可以用一天: ability either way);
- 是…的 around an evaluation after a noun subject dropped (质量是很好的 → 质量很好; added, it stresses a
  verdict the writer did not stress: 素质是很差的 in a list of complaints);
- 都 'all of' after a noun or plural pronoun → 全都 (房间都很干净 → 房间全都很干净), never in 连…都, 一点…都,
  什么…都, 每…都, 都十点了, an imperative (大家都别…) or before a negation (这样的小错都看不出来: 'even');
- the writer named before a view that has no subject (，觉得很值 → ，我觉得很值; 个人觉得 → 我个人觉得), and
  这样 + verb → 这么 + verb;
- a particle for the mood of an exclamation, only in a chatty text (真好看！ → 真好看啊！, 太方便了！ → 太方便啦！
  for praise; a complaint keeps 了);
- a subjectless exclamation of a strong degree ↔ 太…了 (相当失望！ → 太失望了！, 太失望了！ → 真失望！): both say the
  feeling is strong; not with 很 (plain, not exclaimed) nor in a formal text.

The negation forms change the words a negation spans; `analysis.canonical_negation` reads 没/没有,
不太/不怎么/不是很 and 别/不要 alike, so the label signature still holds.
"""

from __future__ import annotations

from .analysis import CONN, DEG, FINAL_PARTICLES, FROZEN, LEXNEG, NEG, PROT, PUNCT, SENT

NEW = PROT | CONN
CLAUSE_ENDS = frozenset("，,；;：:。！？!?…\n")
EXCLAMATIONS = frozenset({"！", "!"})
# Words 不怎么 does not go before (不太一样 is 'not quite the same', 不怎么一样 is not said; 不太可能 is a judgment).
NOT_AFTER_BUZENME = frozenset({"一样", "可能", "对", "多", "少", "够", "行", "会", "像", "是", "有", "在", "好意思",
                               "清楚", "确定", "懂", "明白", "记得"})
# Nouns of time after 一个: 等了个小时 is not said.
TIME_MEASURES = frozenset({"小时", "月", "星期", "礼拜", "多小时", "多月", "半小时", "钟头", "季度"})
# What makes 一个 an approximate count (一个多小时, 一个半月): 个多/个半 without 一 is not said.
APPROXIMATE = ("多", "半")
# Verbs 没有 is not shortened before: 是/有 are not actions, 没有说 … stays for rhythm in long negations.
NOT_ACTIONS = frozenset({"是", "有", "在", "什么", "任何"})
INTENSE = frozenset({"真", "好", "这么", "那么", "多么", "超"})
# Degree adverbs an exclamation may trade for 太…了 (非常满意！ → 太满意了！): strong ones only.
EXCLAIMED = frozenset({"非常", "特别", "相当", "十分", "超", "超级", "真", "好"})
STRONGEST = frozenset({"超", "超级"})  # the strength of 太 (modifiers.tsv): 超好吃！ → 太好吃了！


def T(word: str) -> tuple:
    return (word, NEW, 0)


def _verb(word: str, tag_of) -> bool:
    return (tag_of(word) or "")[:1] == "v"


def _ends_clause(tokens, i: int) -> bool:
    return i >= len(tokens) or tokens[i][0][0] in CLAUSE_ENDS


def colloquial_rewrites(tokens, tag_of, is_noun, formal: bool, chatty: bool,
                        spoken: bool = False) -> list[tuple[int, list, int]]:
    found = []
    n = len(tokens)
    focus = has_focus({t[0] for t in tokens})
    for i, (word, flags, pol) in enumerate(tokens):
        if i + 1 >= n:
            break
        nxt = tokens[i + 1]
        prev = tokens[i - 1] if i else None
        if flags & PROT and flags & NEG:
            continue  # a negation the grammar placed (text synth generated) stays as it is
        if word == "没有" and _verb(nxt[0], tag_of) and nxt[0] not in NOT_ACTIONS and not nxt[1] & (PUNCT | LEXNEG) \
                and (spoken and not _parallel(tokens, i + 2) or not _ends_clause(tokens, i + 2)):
            found.append((i, [T("没")], i + 1))  # 没有预装 → 没预装 (没有评判，只有叙述: a noun, and prose)
        elif word == "没有" and spoken and not formal and is_noun(nxt[0]) and not nxt[1] & (FROZEN & ~NEG) \
                and not _parallel(tokens, i + 2) \
                and (_ends_clause(tokens, i + 2) or tokens[i + 2][0] in FINAL_PARTICLES):
            found.append((i, [T("没")], i + 1))  # 没有浴巾。 → 没浴巾。 (existential: nothing follows the noun)
        elif word == "没" and len(nxt[0]) == 2 and _verb(nxt[0], tag_of) and nxt[0] not in NOT_ACTIONS \
                and not nxt[1] & (PUNCT | LEXNEG) and (prev is None or prev[0] != "有"):
            found.append((i, [T("没有")], i + 1))  # 没收到 → 没有收到
        elif word == "没" and not nxt[1] & (PUNCT | LEXNEG | PROT) and nxt[0] not in NOT_HAD \
                and (is_noun(nxt[0]) or (tag_of(nxt[0]) or "")[:1] == "n") and (prev is None or prev[0] != "有"):
            found.append((i, [T("没有")], i + 1))  # 没空调 → 没有空调, 没问题 → 没有问题 ('there is no', either way)
        elif word in UNEXPECTED and not nxt[0] in ("的", "了"):
            found.append((i, [T("没有"), T(word[1:])], i + 1))  # 没想到送货这么快 → 没有想到送货这么快
        elif word == "不" and i + 2 < n and nxt[0] in ("太", "怎么") and tokens[i + 2][0] not in NOT_AFTER_BUZENME \
                and tokens[i + 2][1] & SENT and not tokens[i + 2][1] & PUNCT and tokens[i + 2][0][0] != "样":
            found.append((i, [T("不"), T("怎么" if nxt[0] == "太" else "太")], i + 2))  # 不太方便 ↔ 不怎么方便
        elif word in ("不太", "不怎么") and nxt[0] not in NOT_AFTER_BUZENME and nxt[1] & SENT and nxt[0][0] != "样":
            found.append((i, [T("不怎么" if word == "不太" else "不太")], i + 1))  # jieba keeps 不怎么 whole
        elif word == "一个" and not formal and prev is not None and not flags & FROZEN \
                and not nxt[1] & PUNCT and nxt[0] not in TIME_MEASURES and nxt[0] != "个" \
                and not nxt[0].startswith(APPROXIMATE) \
                and not prev[1] & (NEG | LEXNEG | PUNCT) \
                and (_verb(prev[0], tag_of) and prev[0] not in ("是", "有") and len(prev[0]) <= 2
                     or prev[0] == "了" and i >= 2 and _verb(tokens[i - 2][0], tag_of)):
            found.append((i, [T("个")], i + 1))  # 买了一个包 → 买了个包 (是一个/有一个: phrase_rewrites)
        elif word[:2] == "一个" and not formal and len(word) > 2 and flags & FROZEN == PROT and prev is not None \
                and word[2:] not in TIME_MEASURES and not word[2:3].isdigit() and not prev[1] & (NEG | LEXNEG) \
                and not word[2:].startswith(APPROXIMATE) and nxt[0] not in TIME_MEASURES \
                and (_verb(prev[0], tag_of) and prev[0] not in ("是", "有") and len(prev[0]) <= 2
                     or prev[0] == "了" and i >= 2 and _verb(tokens[i - 2][0], tag_of)):
            found.append((i, [T("个" + word[2:])], i + 1))  # the count is read as one token: 一个包 → 个包
        elif word == "能" and not flags & FROZEN and prev is not None and is_noun(prev[0]) and len(prev[0]) > 1 \
                and (_verb(nxt[0], tag_of) or nxt[0] == "用") and not nxt[1] & (FROZEN & ~PROT):
            found.append((i, [T("可以")], i + 1))  # 电池能用一天 → 电池可以用一天
        elif word == "是" and not flags & FROZEN and prev is not None and is_noun(prev[0]) and i + 3 < n \
                and nxt[1] & DEG and not nxt[1] & NEG and tokens[i + 2][1] & SENT \
                and not tokens[i + 2][1] & (NEG | LEXNEG) and tokens[i + 3][0] == "的" and not tokens[i + 3][1] & FROZEN \
                and _ends_clause(tokens, i + 4):
            found.append((i, [nxt, tokens[i + 2]], i + 4))  # 质量是很好的 → 质量很好
        elif word == "还是" and prev is not None and not prev[1] & PUNCT and not flags & FROZEN:
            found.extend(_after_all_rewrites(tokens, i))  # 还是不错的 ↔ 还是不错
        if word in ("觉得", "感觉") and (prev is None or prev[1] & PUNCT) and not nxt[1] & PUNCT \
                and nxt[0] not in ("的", "了", "到", "是", "很", "挺", "不错", "还", "上", "有", "出"):
            found.append((i, [T("我"), tokens[i]], i + 1))  # ，觉得收获很多 → ，我觉得收获很多 (the writer's view)
        elif word == "个人" and nxt[0] in ("觉得", "感觉", "认为") and (prev is None or prev[1] & PUNCT):
            found.append((i, [T("我"), tokens[i]], i + 1))  # 个人觉得 → 我个人觉得
        elif word == "这样" and not flags & FROZEN and _verb(nxt[0], tag_of) and nxt[0] not in NOT_ACTIONS \
                and (prev is None or prev[0] not in ("像", "是", "就是", "都是", "也是")):
            found.append((i, [T("这么")], i + 1))  # 这样下去 → 这么下去, 这样做 → 这么做
        degree = NOT_VERY.get((word, nxt[0])) or NOT_VERY.get((word,))
        if degree and _graded(tokens[i + len(degree[0])] if i + len(degree[0]) < n else nxt, tag_of) \
                and i + len(degree[0]) < n and (prev is None or prev[0][-1:] != "是") and not _asked(tokens, i):
            # 不是很清楚 ↔ 不太清楚, 不是太贵 → 不太贵: 'not very' either way (not 不是很好吗, which praises)
            found.append((i, [T(w) for w in degree[1]], i + len(degree[0])))
        if word in ("别", "不要") and _told_not_to(tokens, i, tag_of):
            found.append((i, [T("不要" if word == "别" else "别")], i + 1))  # 大家就别挑刺了 ↔ 大家就不要挑刺了
        if word == "都" and prev is not None and not flags & FROZEN and _all_of(tokens, i, is_noun):
            found.append((i, [T("全都")], i + 1))  # 房间都很干净 → 房间全都很干净 ('all', not 'even'/'already')
        if word in A_LITTLE and i and (tag_of(prev[0]) or "")[:1] == "a" and not prev[1] & PUNCT \
                and prev[0] not in NOT_A_LITTLE and (i + 1 >= n or nxt[1] & PUNCT or nxt[0] in A_LITTLE_ENDS):
            found.extend((i, [T(other)], i + 1) for other in A_LITTLE[word])  # 近些 → 近一些, 便宜一点 ↔ 便宜一些
        if focus and word in FOCUS_TRIGGERS and not flags & FROZEN:
            found += _focus(tokens, i, tag_of, is_noun)
        elif word in DISTANCE and not flags & FROZEN:
            found += _distance(tokens, i, tag_of, is_noun)
        if not formal and i + 2 < n and (prev is None or prev[1] & PUNCT):
            found += _exclamation(tokens, i)
        if chatty and not formal and nxt[0] in EXCLAMATIONS and not flags & PROT:
            if word == "了" and i >= 2 and tokens[i - 1][2] > 0 and not tokens[i - 1][1] & (NEG | LEXNEG) \
                    and tokens[i - 2][0] == "太":
                found.append((i, [T("啦")], i + 1))  # 太方便了！ → 太方便啦！ (praise only: 啦 is light)
            elif flags & SENT and not flags & (NEG | LEXNEG) and prev is not None and prev[0] in INTENSE:
                found.append((i + 1, [T("啊")], i + 1))  # 真好看！ → 真好看啊！
    return found


# Evaluations 不太 and 不是很 grade alike when jieba gives them no adjective tag (不太理想 ↔ 不是很理想); words after
# which the two differ (不太一样 'not quite the same', 不太可能 'unlikely', 不太会) are left out.
GRADED_WORDS = frozenset({"理想", "习惯", "清楚", "明白", "满意", "喜欢", "舒服", "方便", "稳定", "流畅", "合适", "实用",
                          "好用", "专业", "热情", "明显", "顺利", "及时", "划算", "值", "懂", "了解"})
NOT_GRADED = frozenset({"一样", "可能", "好意思", "会", "是", "有", "在", "像", "行", "多", "少"})


# Words before 不要 that make it an order or advice ('do not'), not a want (我不要这个 'I do not want this').
ORDERING = frozenset({"千万", "就", "可", "也", "都", "请", "大家", "你", "您", "你们", "各位", "一定", "最好", "还是",
                      "可千万", "再", "以后", "从此"})
# Words after 别/不要 that are not the action told against (别的, 不要紧 'it does not matter', 不要脸).
NOT_TOLD = frozenset({"的", "紧", "脸", "人", "说", "提", "无", "管", "看"})


def _told_not_to(tokens, i: int, tag_of) -> bool:
    """tokens[i], 别 or 不要, tells someone not to do what follows: a verb or an adverb before one follows, 别
    anywhere but after 我 (我别去了 is 'I had better not'), 不要 only at the head of a clause or after a word
    of ordering or advice (not 我不要这个 'I do not want this')."""
    if i + 1 >= len(tokens) or not tokens[i][1] & NEG:
        return False
    nxt, prev = tokens[i + 1], tokens[i - 1] if i else None
    if nxt[1] & PUNCT or nxt[0] in NOT_TOLD or (tag_of(nxt[0]) or "v")[:1] in "nrmqu":
        return False
    if tokens[i][0] == "别":
        return prev is None or prev[0] != "我"
    # after 不要 a word jieba does not know may be a noun (不要半成品出厂 'do not let …'): a known verb or adverb only
    return (tag_of(nxt[0]) or "n")[:1] in "vd" and (prev is None or bool(prev[1] & PUNCT) or prev[0] in ORDERING)


# The words of 'not very' as jieba cuts them → the other form.
NOT_VERY = {("不是", "很"): (("不是", "很"), ("不", "太")), ("不是", "太"): (("不是", "太"), ("不", "太")),
            ("不", "太"): (("不", "太"), ("不是", "很")), ("不太",): (("不太",), ("不是", "很"))}


def _graded(token, tag_of) -> bool:
    word = token[0]
    return word not in NOT_GRADED and not token[1] & PUNCT \
        and (word in GRADED_WORDS or bool(token[1] & SENT) or (tag_of(word) or "")[:1] == "a")


def _asked(tokens, i: int) -> bool:
    """The sentence around tokens[i] asks (不是很好吗？) or turns to what is instead (不是很X，而是Y)."""
    for token in tokens[i:]:
        if token[0] in ("吗", "么", "？", "?", "而是", "嘛"):
            return True
        if token[0] in ("。", "！", "!", "\n"):
            return False
    return False


# Clause openers that pair a denied thing with what there is instead (没有评判，只有叙述): a figure of written prose.
PARALLEL_OPENERS = frozenset({"只有", "而是", "只是", "有的是", "却有"})


def _parallel(tokens, end: int) -> bool:
    """The clause ending at `end` is followed by one that opens with a parallel's second half."""
    return _ends_clause(tokens, end) and end + 1 < len(tokens) and tokens[end + 1][0] in PARALLEL_OPENERS


def _exclamation(tokens, i: int) -> list[tuple[int, list, int]]:
    """相当失望！ → 太失望了！ and 太失望了！ → 真失望！, for a clause that is only the degree and its evaluation."""
    (word, flags, _), evaluation = tokens[i], tokens[i + 1]
    if not flags & DEG or flags & (NEG | PROT) or not evaluation[1] & SENT or evaluation[1] & (NEG | LEXNEG | PROT):
        return []
    # only between degrees of one strength (超, 超级 and 太 in modifiers.tsv): 相当失望 → 太失望了 says more
    if word in STRONGEST and tokens[i + 2][0] in EXCLAMATIONS:
        return [(i, [T("太"), evaluation, T("了")], i + 2)]
    return []


PLURAL_PRONOUNS = frozenset({"我们", "大家", "他们", "她们", "你们", "它们", "咱们", "两人", "俩"})
# Words (or parts of words) before 都 in its clause that make it 'even' (连…都, 一点…都), 'whatever' (什么/谁/任何…都),
# part of a frame (无论…都, 每…都 already says 'each'), an emphasis (这么简单的问题都…: 'even'), a share (很多网友都…) or a pair (书和枪械都…): then 全都
# would change or repeat the sense.
NOT_ALL_BEFORE = frozenset({"连", "一", "什么", "谁", "哪", "哪里", "哪儿", "任何", "无论", "不管", "每", "再", "怎么",
                            "多少", "几乎", "基本", "基本上", "差不多", "大多", "大部分", "全", "全部", "所有", "一直",
                            "从来", "向来", "一向", "总", "总是", "也", "还", "就", "又", "几", "啥", "多", "少", "些",
                            "部分", "和", "与", "跟", "及", "、", "还有", "这么", "那么", "这样", "那样", "如此"})  # many or two of them: not 'all'


def _all_of(tokens, i: int, is_noun) -> bool:
    """都 at i means 'all of' the noun or plural pronoun right before it, in a clause without a word that gives
    都 another sense, and it is not 都 + a number or 了 ('already': 都十点了)."""
    prev, nxt = tokens[i - 1], tokens[i + 1]
    if prev[1] & (PUNCT | PROT) or not (prev[0] in PLURAL_PRONOUNS or is_noun(prev[0]) and (
            prev[0].endswith("们") or _modified(tokens, i - 1))):
        return False  # a bare singular noun (系统都是…) may mean its parts or nothing countable at all
    if any(t[0][:1] in "不没" or "不" in t[0] or t[1] & NEG for t in tokens[i + 1:i + 3]):
        return False  # 小错都看不出来, 问题都答不上来: before a negation 都 is 'even' (or 'none'), never 'all of'
    if nxt[1] & (PUNCT | PROT) or nxt[0] in ("了", "要", "得", "该", "来") or nxt[0][:1] == "别" or nxt[0][:2] == "不要" or nxt[0][:1] in "一二两三四五六七八九十几":
        return False
    k = i - 1
    while k >= 0 and not tokens[k][1] & PUNCT:
        if any(mark in tokens[k][0] for mark in NOT_ALL_BEFORE):
            return False
        k -= 1
    return True


def _modified(tokens, i: int) -> bool:
    """The noun at i has a 的-modifier in its clause (该有的功能, 房间里的设施): a set of things, not a mass; 有的
    is 'some' unless it is 该有的 / 应有的."""
    k = i - 1
    while k >= 0 and not tokens[k][1] & PUNCT:
        word = tokens[k][0]
        if word == "有的" or word == "的" and k > 0 and tokens[k - 1][0] == "有":
            before = k - (word == "的") - 1
            return before >= 0 and tokens[before][0] in ("该", "应该", "应")
        if word[-1:] == "的":
            return True
        k -= 1
    return False


# 没 + noun → 没有 + noun ('there is no'), except where 没 + the noun is a set phrase of its own (没事 'it is fine',
# 没错 'right', 没关系 'never mind', 没准 'maybe', 没意思 'dull', 没劲, 没辙, 没门, 没用 'useless').
NOT_HAD = frozenset({"事", "事儿", "错", "关系", "准", "准儿", "意思", "劲", "辙", "门", "门儿", "用", "法", "办法",
                     "想到", "什么", "啥", "谁", "多少", "几", "说的", "得说", "话说", "完", "够"})

# The 是…的 of a past event, its focus a time, a place or a means (我是在门店买的 ↔ 我在门店买的, 书是昨天到的 ↔
# 书昨天到的): 是 only marks the focus, and the sentence says the same with or without it. Only before a verb of
# buying, delivery, stay or arrival that the closing 的 ends (是在门店买的，), after the clause's head or its noun or
# pronoun subject (not 也是/都是/就是: 'also', 'all', 'just'; not after 这/那: 这是在门店买的 names a thing).
FOCUS_TIMES = frozenset({"昨天", "今天", "前天", "大前天", "上周", "上星期", "上个月", "上月", "去年", "前年", "前几天",
                         "当天", "那天", "早上", "上午", "中午", "下午", "晚上", "傍晚", "半夜", "凌晨", "周末",
                         "上周末", "月初", "月底", "年底", "年初", "国庆", "春节", "节前", "节后", "刚刚", "刚才"})
FOCUS_PLACES = frozenset({"在", "从", "通过", "网上", "店里", "楼下", "超市", "网店"})
FOCUS_VERBS = frozenset({"买", "购买", "买到", "买回来", "到", "送到", "收到", "寄", "寄来", "寄到", "发", "发货", "发出",
                         "订", "预订", "预定", "定", "下单", "住", "入住", "来", "去", "拿", "拿到", "取", "提", "自提",
                         "换", "送", "借", "选", "挑", "抢", "付", "付款", "办", "到货", "到达", "抵达", "出发", "回来"})
FOCUS_OPENERS = FOCUS_TIMES | FOCUS_PLACES
FOCUS_TRIGGERS = FOCUS_OPENERS | {"是", "是从", "是在"}
NOT_FOCUS_SUBJECTS = frozenset({"这", "那", "这个", "那个", "此", "它", "这些", "那些", "哪", "什么"})


def has_focus(words) -> bool:
    """A closing 的 and an event verb are among the words: a 是…的 of focus may be there (a set test, no scan)."""
    return "的" in words and not FOCUS_VERBS.isdisjoint(words)


def _focus(tokens, i: int, tag_of, is_noun) -> list[tuple[int, list, int]]:
    """是 + focus + event verb + closing 的 → without 是, and the reverse (`FOCUS_VERBS` above)."""
    word = tokens[i][0]
    prev = tokens[i - 1] if i else None
    if prev is not None and not prev[1] & PUNCT and (prev[1] & FROZEN or prev[0] in NOT_FOCUS_SUBJECTS
                                                       or not (is_noun(prev[0]) or tag_of(prev[0]) in ("r", "n"))):
        return []  # 也是, 都是, 就是, 这是: 是 is more than a focus mark there
    if word in ("是", "是从", "是在"):
        opener = word[1:] or (tokens[i + 1][0] if i + 1 < len(tokens) else "")
        start = i + 1 if word == "是" else i
        if opener not in FOCUS_OPENERS or not _event_closes(tokens, start, opener in FOCUS_PLACES or word != "是"):
            return []
        return [(i, [T(word[1:])] if word != "是" else [], i + 1)]  # 我是在门店买的 → 我在门店买的
    if any(t[0] in ("是", "是从", "是在") or t[1] & NEG for t in tokens[_head(tokens, i):i]):
        return []
    if not _event_closes(tokens, i, word in FOCUS_PLACES):
        return []
    return [(i, [T("是"), tokens[i]], i + 1)]  # 书昨天到的 → 书是昨天到的


def _head(tokens, i: int) -> int:
    while i > 0 and not tokens[i - 1][1] & PUNCT:
        i -= 1
    return i


def _event_closes(tokens, start: int, place: bool) -> bool:
    """From the focus at `start`, at most four words, then an event verb and the 的 that closes the clause; a
    place or means takes at least one word between (在门店买的), a time none or more (昨天到的, 昨天晚上到的)."""
    n = len(tokens)
    for j in range(start + 1 + place, min(start + 6, n - 1)):
        word, flags, _ = tokens[j]
        if flags & (PUNCT | NEG | LEXNEG | SENT | DEG) or word in ("是", "的", "了", "不", "没", "就", "才", "都", "也"):
            return False
        if word in FOCUS_VERBS and tokens[j + 1][0] == "的" and not tokens[j + 1][1] & FROZEN \
                and (j + 2 >= n or tokens[j + 2][1] & PUNCT):
            return True
    return False


# After an adjective that closes its clause, 'a little more' is said with 些, 一些 or 一点 alike (近些 → 近一些, 便宜一点
# ↔ 便宜一些, 大点 → 大一点); not 差一点 ('almost'), and only before the clause ends, 就/了/吧 or 的.
A_LITTLE = {"些": ("一些",), "一些": ("一点",), "一点": ("一些",), "点": ("一点",), "一点儿": ("一点",)}
A_LITTLE_ENDS = frozenset({"就", "了", "吧", "的", "啊", "呢", "再", "会"})
NOT_A_LITTLE = frozenset({"差", "早", "好", "有"})


# Distance with 离/距/距离 before a place and 近/远 (离地铁站很近 ↔ 距离地铁站很近, 距机场近 → 离机场近): the same
# measure said in the spoken (离), neutral (距离) or written (距) way.
DISTANCE = frozenset({"离", "距", "距离"})
NEAR_FAR = frozenset({"近", "远", "不远", "很近", "很远", "较近", "较远"})


def _distance(tokens, i: int, tag_of, is_noun) -> list[tuple[int, list, int]]:
    n = len(tokens)
    prev = tokens[i - 1] if i else None
    if prev is not None and not prev[1] & PUNCT and not is_noun(prev[0]):
        return []  # 远离, 不离: 离 is part of another verb
    j, nouns = i + 1, 0
    while j < n and nouns < 4 and not tokens[j][1] & (PUNCT | FROZEN) and (
            is_noun(tokens[j][0]) or tag_of(tokens[j][0]) in (None, "n", "ns", "nz", "nt", "r", "s", "f")) \
            and tokens[j][0] not in NEAR_FAR and tokens[j][0] not in ("很", "的", "是", "有", "开"):
        j += 1
        nouns += 1
    if not nouns:
        return []  # 距离很近: 距离 is the noun 'distance' there
    while j < n and tokens[j][1] & DEG and not tokens[j][1] & NEG:
        j += 1
    if j >= n or tokens[j][0] not in NEAR_FAR:
        return []
    return [(i, [T("距离" if tokens[i][0] == "离" else "离")], i + 1)]


def _after_all_rewrites(tokens, i: int) -> list[tuple[int, list, int]]:
    """还是 'after all' + an evaluation (a degree adverb may come first) that closes its clause takes or drops the
    closing 的 (还是不错的 ↔ 还是不错, 还是很好的 ↔ 还是很好): the verdict stands either way. Not in a question or
    after 是 (是A还是B: 'or'), nor before a negation, whose scope the 的 may close (还是不太好的)."""
    j = i + 1
    if j < len(tokens) and tokens[j][1] & DEG and not tokens[j][1] & NEG:
        j += 1
    if j >= len(tokens) or not tokens[j][1] & SENT or tokens[j][1] & (NEG | PUNCT | FROZEN & ~(PROT | LEXNEG)) \
            or len(tokens[j][0]) > 2:
        return []
    k = i - 1
    while k >= 0 and not tokens[k][1] & PUNCT:
        if tokens[k][0] in ("是", "或者", "不知", "不知道"):
            return []
        k -= 1
    if any(t[0] in ("？", "?", "吗", "呢") for t in tokens[j + 1:]):
        return []
    after = tokens[j + 1] if j + 1 < len(tokens) else None
    if after is not None and after[0] == "的" and not after[1] & FROZEN \
            and (j + 2 >= len(tokens) or tokens[j + 2][1] & PUNCT):
        return [(j + 1, [], j + 2)]  # 还是不错的。 → 还是不错。
    if after is None or after[1] & PUNCT:
        return [(j, [tokens[j], T("的")], j + 1)]  # 还是不错。 → 还是不错的。
    return []


# 'Did not expect', kept whole by jieba (a negation inside a word): 没想到 says the same as 没有想到, and the label
# signature reads 没有 as 没; not before 的 (没想到的是 is a set frame).
UNEXPECTED = frozenset({"没想到", "没料到"})
# Words colloquial_rewrites starts from.
TRIGGERS = frozenset({"没有", "没", "不", "不是", "不太", "别", "不要", "不怎么", "一个", "能", "是", "了", "觉得", "感觉",
                      "个人", "这样", "都", "太", "还是"}) | INTENSE | UNEXPECTED | EXCLAIMED | {"是从", "是在"} | DISTANCE | set(A_LITTLE)
