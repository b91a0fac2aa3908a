"""Rewrites for the sentences of real reviews that evaluate nothing: what happened (一打开就掉页, 第二天就到了),
what the writer supposes (好像是, 估计会), and how a line is closed. None touches a sentiment word or a negation.

- 就 'then, already' after a sequence or a time → 便 (一打开就掉页 → 一打开便掉页, 用了三天就坏了 → 便坏了), in a
  text that is not chatty (便 is the written 'then'); never 就是/就在/就好 nor 就 'only' (就一个);
- the time frame: V的时候 → V时 before the clause goes on (入住的时候前台… → 入住时前台…), the verb's object
  between them too (安装XP的时候也… → 安装XP时也…);
- supposition adverbs with a twin of the same strength: 好像 ↔ 似乎 before a verb or predicate (not 好像一个家,
  'like'), 估计 → 大概 before a modal or 是 (估计是…: 'probably'), 一定会 ↔ 肯定会 ('surely will');
- function words with a plain twin: 对于 → 对, 能够 → 能, 就是 'only that' at the head of a clause before a
  complaint → 只是 (，就是有点贵 → ，只是有点贵), 其它 → 其他 and 其他 → 其它 before an aspect or item noun (其它 is for things, never people), 对于 → 对 after a subject or in
  对于…来说, 预订 ↔ 预定;
- 每 + classifier ↔ 每一 + classifier (每个房间 ↔ 每一个房间; not 每天);
- whom a thing was bought for: 给女儿买的 ↔ 买给女儿的 where 的 closes the clause (not 给孩子买的书);
- 感到 + evaluation → 觉得 (感到很失望 → 觉得很失望); 所有的 + thing ↔ 所有 + thing, 其他的/任何的 + noun → 其他/任何 + noun, 这样的/那样的 + noun → 这种/那种 + noun, 本人 opening a clause as the subject
  → 我;
- a question's 么 becomes 吗 (是真的么？ → 是真的吗？);
- a complement of manner written with 的 takes 得 (`complement_rewrites`: 噪音控制的很好 → 噪音控制得很好, 做的不错 →
  做得不错), only after an action verb and before a degree word and an adjective of manner that closes the clause,
  never after a verb of buying, having or giving (我买的很好看 is what was bought);
- how a numbered point opens (`list_marker_rewrites`: 3、体积小 ↔ 3.体积小, 2）… → 2、…);
- how a line ends (`line_end_rewrites`, listed with restructure's word forms): a statement with no final mark
  takes 。, and a half-width full stop after Chinese becomes 。; a one-clause line under 12 characters (a whole
  one-line review) may drop its 。 or double its ！ (值得推荐！ → 值得推荐！！, not in a formal text): the speech act
  holds, and real one-line reviews are written both ways.
"""

from __future__ import annotations

from .analysis import CONN, DEG, FROZEN, LEXNEG, NEG, PROT, PUNCT, SENT
from .rephrase import KIN_NOUNS, QUESTION_WORDS
from .register import is_formal

NEW = PROT | CONN
# Verbs after 就 that make it 'just, exactly' or a modal frame, not 'then': 就是, 就在, 就好, 就行, 就可以.
NOT_THEN = frozenset({"是", "在", "有", "要", "会", "能", "可以", "行", "好", "算", "得", "这样", "那样", "像", "对",
                      "够", "该", "应该", "只", "一", "没", "不"})
SEQUENCE_TIMES = frozenset({"第二天", "当天", "当晚", "次日", "马上", "很快", "立刻", "随后", "早上", "晚上", "下午",
                            "上午", "中午", "半夜", "后来", "结果"})
SEEM_BEFORE = frozenset({"是", "有", "不", "没", "没有", "也", "还", "很", "挺", "比较", "都", "要", "会", "已经", "在",
                         "并", "并不", "不是", "不太", "更", "太"})
GUESS_BEFORE = frozenset({"是", "会", "要", "也", "还", "不", "没", "没有", "都", "就", "得"})
ONLY_THAT_BEFORE = frozenset({"有点", "有些", "有点儿", "不", "没", "没有", "太", "稍微", "略", "略微", "稍", "不太",
                              "价格", "价钱", "房价", "速度", "声音", "屏幕", "服务", "早餐", "位置"})
# 对于 at the head of a clause becomes 对 only inside one of these frames: 对于该酒店不负责任的反馈 → 对该酒店不负责任
# reads 'irresponsible towards the hotel' until the sentence goes on.
FOR_FRAME_ENDS = frozenset({"来说", "来讲", "而言"})
QUESTION_MARKS = frozenset({"？", "?"})
TRIGGERS = frozenset({"感到", "所有", "任何", "这样", "那样", "本人", "就", "时候", "好像", "似乎", "估计", "一定", "肯定", "对于", "能够", "就是", "其它", "其他",
                      "预订", "预定", "么", "给"})
# 每 + classifier ↔ 每一 + classifier (每个房间 ↔ 每一个房间, 每次 ↔ 每一次): one count, said with or without 一;
# not 每天/每年 (每一天 stresses 'every single day').
EACH_CLASSIFIERS = frozenset("个次本件位间张台种份部款家条双套样道")
EACH = frozenset("每" + c for c in EACH_CLASSIFIERS)
TRIGGERS = TRIGGERS | EACH | {"每"}
# Whom a thing was bought for, in 给女儿买的 ↔ 买给女儿的 (rephrase.KIN_NOUNS and these).
RECIPIENTS = KIN_NOUNS | frozenset({"自己", "他", "她", "他们", "老人", "长辈", "家里人", "小孩", "亲戚"})


def T(word: str) -> tuple:
    return (word, NEW, 0)


def _acted(tokens, j: int, tag_of) -> bool:
    """tokens[j] ends an action: a verb (入住), or the noun or Latin name a verb acts on (整理东西, 安装XP)."""
    word, flags, _ = tokens[j]
    if flags & (PUNCT | NEG | LEXNEG):
        return False
    if _verb(word, tag_of):
        return not flags & FROZEN
    tag = tag_of(word) or ("n" if word.isascii() and word.isalnum() else "")
    return tag[:1] == "n" and j >= 1 and _verb(tokens[j - 1][0], tag_of) and not tokens[j - 1][1] & FROZEN


def _clause_start(tokens, i: int) -> int:
    while i and not tokens[i - 1][1] & PUNCT:
        i -= 1
    return i


def _verb(word: str, tag_of) -> bool:
    return (tag_of(word) or "")[:1] == "v"


def narrative_rewrites(tokens, tag_of, chatty: bool, is_thing) -> list[tuple[int, list, int]]:
    """`is_thing`: the word is an aspect or item noun of the lexicon, a thing and never a person (其它 fits it)."""
    found = []
    n = len(tokens)
    for i, (word, flags, _) in enumerate(tokens):
        if word not in TRIGGERS or flags & FROZEN:
            continue
        prev = tokens[i - 1] if i else None
        nxt = tokens[i + 1] if i + 1 < n else None
        if word == "就" and nxt is not None and not chatty and _then(tokens, i, tag_of):
            found.append((i, [T("便")], i + 1))  # 一打开就掉页 → 一打开便掉页
        elif word == "时候" and prev is not None and prev[0] == "的" and i >= 2 and _acted(tokens, i - 2, tag_of) \
                and nxt is not None and not nxt[1] & (PUNCT | FROZEN) and nxt[0] not in ("的", "是", "了"):
            found.append((i - 1, [T("时")], i + 1))  # 入住的时候前台说 → 入住时前台说, 安装XP的时候 → 安装XP时
        elif word in ("好像", "似乎") and nxt is not None and (nxt[0] in SEEM_BEFORE or nxt[1] & (DEG | SENT)):
            found.append((i, [T("似乎" if word == "好像" else "好像")], i + 1))  # 好像是 ↔ 似乎是
        elif word == "估计" and nxt is not None and nxt[0] in GUESS_BEFORE \
                and (prev is None or prev[1] & PUNCT or prev[0] in ("我", "我们", "也", "还")):
            found.append((i, [T("大概")], i + 1))  # 估计是假货 → 大概是假货
        elif word in ("一定", "肯定") and nxt is not None and nxt[0] == "会" and (prev is None or prev[0] not in "不没"):
            found.append((i, [T("肯定" if word == "一定" else "一定")], i + 1))  # 一定会再来 ↔ 肯定会再来
        elif word == "对于" and nxt is not None and not nxt[1] & PUNCT and nxt[0][:1] != "对" \
                and (prev is not None and not prev[1] & PUNCT or _in_clause(tokens, i, FOR_FRAME_ENDS)):
            found.append((i, [T("对")], i + 1))  # 对于想学的人来说 → 对想学的人来说; 他对于论语的理解 → 他对论语的理解
        elif word == "能够" and nxt is not None and not nxt[1] & PUNCT:
            found.append((i, [T("能")], i + 1))  # 能够满足 → 能满足
        elif word == "就是" and prev is not None and prev[1] & PUNCT and prev[0] not in ("。", "！", "？", "!", "?") \
                and nxt is not None and nxt[0] in ONLY_THAT_BEFORE:
            found.append((i, [T("只是")], i + 1))  # ，就是有点贵 → ，只是有点贵
        elif word == "其它" and nxt is not None:
            found.append((i, [T("其他")], i + 1))
        elif word == "其他" and nxt is not None and is_thing(nxt[0]):
            found.append((i, [T("其它")], i + 1))  # 其他功能 → 其它功能 (其它 is for things only)
        elif word in ("预订", "预定") and not (nxt is not None and nxt[0] in ("时间", "计划", "目标")):
            found.append((i, [T("预定" if word == "预订" else "预订")], i + 1))  # 预订房间 ↔ 预定房间
        elif word == "所有" and nxt is not None and nxt[0] == "的" and i + 2 < n and is_thing(tokens[i + 2][0]) \
                and not tokens[i + 2][1] & FROZEN:
            found.append((i, [tokens[i]], i + 2))  # 所有的房间 → 所有房间
        elif word == "所有" and nxt is not None and is_thing(nxt[0]) and not nxt[1] & FROZEN \
                and (prev is None or prev[0] != "的"):  # 酒店的所有设施: a second 的 drags
            found.append((i, [tokens[i], T("的")], i + 1))  # 所有房间 → 所有的房间
        elif word in ("其他", "其它", "任何") and nxt is not None and nxt[0] == "的" and not nxt[1] & FROZEN \
                and i + 2 < n and (tag_of(tokens[i + 2][0]) or "")[:1] == "n" and not tokens[i + 2][1] & FROZEN:
            found.append((i, [tokens[i]], i + 2))  # 其他的人物 → 其他人物 (not 其他的都…: no noun follows)
        elif word in ("这样", "那样") and nxt is not None and nxt[0] == "的" and i + 2 < n \
                and (tag_of(tokens[i + 2][0]) or "")[:1] == "n" and not tokens[i + 2][1] & FROZEN \
                and (i + 3 >= n or tokens[i + 3][0] != "的"):
            found.append((i, [T("这种" if word == "这样" else "那种")], i + 2))  # 这样的群体 → 这种群体
        elif word == "本人" and (prev is None or prev[1] & PUNCT) and nxt is not None and _verb(nxt[0], tag_of) \
                and not nxt[1] & FROZEN:
            found.append((i, [T("我")], i + 1))  # 本人推荐… → 我推荐… (the writer, as a subject)
        elif word == "感到" and nxt is not None and nxt[1] & (DEG | SENT) and not nxt[1] & PUNCT:
            found.append((i, [T("觉得")], i + 1))  # 感到很失望 → 觉得很失望 (not 感到这本书…: 觉得 takes a clause)
        elif word == "给" and nxt is not None and nxt[0] in RECIPIENTS and not nxt[1] & FROZEN \
                and _closing_de(tokens, i + 3) and tokens[i + 2][0] == "买":
            found.append((i, [T("买"), T("给"), nxt, T("的")], i + 4))  # 给女儿买的， → 买给女儿的，
        elif word == "给" and prev is not None and prev[0] == "买" and nxt is not None and nxt[0] in RECIPIENTS \
                and not nxt[1] & FROZEN and _closing_de(tokens, i + 2):
            found.append((i - 1, [T("给"), nxt, T("买"), T("的")], i + 3))  # 买给女儿的。 → 给女儿买的。
        elif word in EACH and nxt is not None and not nxt[1] & PUNCT:
            found.append((i, [T("每"), T("一" + word[1])], i + 1))  # 每个房间 → 每一个房间
        elif word == "每" and nxt is not None and len(nxt[0]) == 2 and nxt[0][0] == "一" \
                and nxt[0][1] in EACH_CLASSIFIERS and i + 2 < n and not tokens[i + 2][1] & PUNCT:
            found.append((i, [T("每" + nxt[0][1])], i + 2))  # 每一次入住 → 每次入住
        elif word == "么" and nxt is not None and nxt[0] in QUESTION_MARKS and prev is not None \
                and not prev[1] & PUNCT and prev[0][-1:] not in "什怎这那多要":
            found.append((i, [T("吗")], i + 1))  # 是真的么？ → 是真的吗？ (not 什么/怎么/这么)
    return found


# A complement of manner after V的: the degree words that may stand between 的 and the adjective, the adjectives that
# say how an action was done (not 好吃/便宜: 点的很好吃 is what was ordered), and the verbs whose V的 is a thing (买的,
# 送的, 有的: 我买的很漂亮 is what I bought, not how I bought it).
COMPLEMENT_DEGREES = frozenset({"很", "相当", "非常", "挺", "特别", "十分", "比较", "太", "真", "蛮", "超", "还", "还算",
                                "还是", "不", "不够", "更", "极其", "超级", "真的", "也", "都", "有点", "有些",
                                "最"})
# A negated complement only before these (做的不好 → 做得不好): 发生的不愉快 is the unpleasantness that happened.
NEGATED_MANNER = frozenset({"好", "错", "够"})
MANNER_ADJECTIVES = frozenset({"好", "不错", "差", "烂", "乱", "糟", "糟糕", "精彩", "细致", "细腻", "清楚", "清晰", "透彻",
                               "深刻", "生动", "详细", "仔细", "认真", "到位", "完美", "出色", "漂亮", "快", "慢", "及时",
                               "准确", "流畅", "一般", "粗糙", "马虎", "舒服", "舒适", "开心", "愉快", "爽", "过瘾", "累",
                               "饱", "干净", "整齐", "专业", "用心", "精致", "扎实", "有趣", "幽默", "真实", "感人", "好看",
                               "糟透", "出彩", "得体", "对", "合理", "周到", "彻底", "明白", "简单", "复杂", "辛苦"})
THING_VERBS = frozenset({"买", "购买", "卖", "有", "是", "送", "给", "拿", "收", "收到", "借", "选", "要", "订", "定", "带",
                         "点", "吃", "喝", "穿", "寄", "发", "换", "找", "挑", "选择", "购", "入手", "抢", "租", "用来"})
COMPLEMENT_ENDS = frozenset({"了", "啊", "呀", "啦", "哦", "的"})


def complement_rewrites(tokens, tag_of) -> list[tuple[int, list, int]]:
    """V的 + degree + adjective of manner at the end of its clause → V得 (做的不错 → 做得不错, 写的很细致 → 写得很细致)."""
    found = []
    n = len(tokens)
    for i in range(1, n - 1):
        word, flags, _ = tokens[i]
        if word != "的" or flags & FROZEN:
            continue
        verb = tokens[i - 1]
        if verb[1] & (PUNCT | PROT) or verb[0] in THING_VERBS or verb[0][-1:] in ("买", "送", "卖"):
            continue
        if not (_verb(verb[0], tag_of) or len(verb[0]) >= 3 and _verb(verb[0][-2:], tag_of)):
            continue  # 噪音控制 is filed as a noun; its last two characters are the verb
        if i >= 2 and tokens[i - 2][0] in ("的", "是", "所"):
            continue  # 我所写的, 是做的: a relative clause, not a complement
        j = i + 1
        while j < n and j - i <= 2 and tokens[j][0] in COMPLEMENT_DEGREES:
            j += 1
        if j >= n or tokens[j][0] not in MANNER_ADJECTIVES or (j == i + 1 and tokens[j][0] not in ("不错", "一般")):
            continue
        if any(tokens[k][0][:1] == "不" for k in range(i + 1, j)) and tokens[j][0] not in NEGATED_MANNER:
            continue
        after = tokens[j + 1] if j + 1 < n else None
        if after is not None and not after[1] & PUNCT and after[0] not in COMPLEMENT_ENDS:
            continue  # 写的很好的书 goes on; 写的很好，: the clause closes on the complement
        if after is not None and after[0] == "的" and j + 2 < n and not tokens[j + 2][1] & PUNCT:
            continue
        found.append((i, [T("得")], i + 1))
    return found


SHORT_LINE = 12  # characters: a one-clause line this short is a whole one-line review
# How a numbered point of a list opens (1、屏幕… / 1.屏幕… / 1）屏幕…): real reviews number their points every way.
LIST_MARKS = {"、": (".",), ".": ("、",), "．": ("、", "."), "）": ("、", "."), ")": ("、", "."), "，": ("、",),
              ",": ("、",)}


def list_marker_rewrites(tokens) -> list[tuple[int, list, int]]:
    """A line that opens with a point number (one or two digits, or 一 to 十) and a mark before Chinese text takes
    the other marks (3、体积小 → 3.体积小, 2）标房内… → 2、标房内…); a Chinese numeral only ever takes 、
    (一，酒店的空调… → 一、酒店的空调…), and nothing changes in a number with a decimal point or a date."""
    if len(tokens) < 3:
        return []
    number, mark = tokens[0][0], tokens[1][0]
    after = (tokens[2][0].strip() or (tokens[3][0] if len(tokens) > 3 else "")).lstrip()
    if mark not in LIST_MARKS or not after or not _chinese(after[0]):
        return []
    if number.isdigit() and number.isascii() and len(number) <= 2 and number[0] != "0":
        spaced = not tokens[2][0].strip()  # 3. 键盘: a space after '.', none after 、 (3、键盘)
        return [(1, [T(other)], 3 if spaced and other == "、" else 2) for other in LIST_MARKS[mark]]
    if number in ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十") and mark in ("，", ","):
        return [(1, [T("、")], 2)]
    return []


def _closing_de(tokens, j: int) -> bool:
    """tokens[j] is 的 and closes its clause (给女儿买的，), so the 的 ends a 是…的 frame, not a noun's
    modifier (给孩子买的书: the book, where 买给孩子的书 is said too but the pair is left alone)."""
    return j < len(tokens) and tokens[j][0] == "的" and (j + 1 >= len(tokens) or tokens[j + 1][1] & PUNCT)


def _short_line(tokens) -> bool:
    """One clause of fewer than SHORT_LINE characters, all Chinese or ordinary words, and no question word."""
    body = tokens[:-1]
    return bool(body) and sum(len(t[0]) for t in body) < SHORT_LINE and not any(t[1] & PUNCT for t in body) \
        and not any(t[0] in QUESTION_WORDS for t in body) and _chinese(body[-1][0][-1:]) \
        and body[-1][0][-1:] not in "吗呢么"


def _chinese(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _in_clause(tokens, i: int, words) -> bool:
    """One of `words` follows i in its clause."""
    for word, flags, _ in tokens[i + 1:]:
        if flags & PUNCT:
            return False
        if word in words:
            return True
    return False


def _then(tokens, i: int, tag_of) -> bool:
    """就 at i is 'then, already' after something that happened first in its clause (一 + verb, a verb with 了, a
    time word), and a verb follows it."""
    nxt = tokens[i + 1]
    if nxt[1] & (FROZEN | PUNCT) or nxt[0] in NOT_THEN or not _verb(nxt[0], tag_of):
        return False
    prev = tokens[i - 1] if i else None
    if prev is None or prev[1] & PUNCT or prev[0] in ("也", "早", "那", "这", "那么", "要不", "不然", "否则"):
        return False  # 那就算了, 早就: a result of advice or an adverb of its own
    before = [t[0] for t in tokens[_clause_start(tokens, i):i]]
    return "一" in before or "了" in before or prev[0] in SEQUENCE_TIMES or any(w[:1] == "一" and len(w) == 2 and w[1] not in "个些点般样直定共起切" for w in before)


def line_end_rewrites(tokens) -> list[tuple[int, list, int]]:
    """A statement that ends with no mark takes 。; a half-width full stop after Chinese becomes 。. Neither in a
    text that ends its sentences with '.' elsewhere (the marks would mix), after a last clause of fewer than four
    Chinese characters (1、硬件 is a heading, …4,酒 a cut-off line) or after laughter (哈哈哈)."""
    if not tokens:
        return []
    last = tokens[-1]
    n = len(tokens)
    if last[0] in ("。", "！") and _short_line(tokens):
        if last[0] == "。":
            return [(n - 1, [], n)]  # 离地铁站近。 → 离地铁站近: a one-line review often ends with no mark
        return [] if is_formal("".join(t[0] for t in tokens)) else [(n - 1, [T("！！")], n)]  # 值得推荐！！
    stops = sum(1 for t in tokens if t[0] == ".")
    if last[0] == "." and stops == 1 and n > 1 and _chinese(tokens[-2][0][-1:]):
        return [(n - 1, [T("。")], n)]
    if stops or last[1] & PUNCT or last[0][-1:] in "吗呢么?？!！.…)）】」”\"'~～哈呵嘿" or not _chinese(last[0][-1:]):
        return []
    start = _clause_start(tokens, n)
    if sum(_chinese(ch) for t in tokens[start:] for ch in t[0]) < 4:
        return []
    if any(t[0] in QUESTION_WORDS for t in tokens[start:]):
        return []
    return [(n, [T("。")], n)]  # a question word makes the line a question: no full stop above
