"""Counts in the two forms people write them: 住了2晚 ↔ 住了两晚, 第2次 → 第二次, 拧10个螺丝 → 拧十个螺丝,
等了两个小时 → 等了2个小时 (restructure uses it).

Only a count before a classifier or a unit of time, in a token the protected spans found whole, so a price, a
model number, a date (3月 is March, 2010年 a year), a floor (2层), an age (1周10个月 is a year and ten months) or
a version is never touched, nor a count beside another in digits (2小时20分钟). Digits become words for 1-99
(two digits only before a classifier or 分钟: 24小时 is a service's name); words become digits only for a lone
两…九 before a unit of time or 次/遍, never after 这/那/前/最近 (这两天 is 'lately', not a count of two),
never inside a set phrase the tokenizer keeps whole (三天打鱼, 三人行) and never in a written text, where counts
are spelled out.

A duration also drops or takes its measure word where both say the same length: 5个小时 ↔ 5小时, 两个小时 ↔ 两小时,
住了2晚 ↔ 住了2个晚上 (not 24小时, a service's name, nor 一个晚上 'all night', nor 半小时, a synonym group's).
"""

from __future__ import annotations

import re

from .analysis import CONN, PROT, SENTENCE_MARKS

NEW = PROT | CONN
COUNT = re.compile(r"(第?)([1-9][0-9]?)(个|晚|天|次|遍|本|件|张|台|位|套|夜|人|小时|个小时|分钟|个月|星期|年)")
SPELLED = dict(zip("0123456789", "零一两三四五六七八九"))
# Spelled counts become digits only for time and times (住了三晚 → 3晚, 等了两个小时 → 2个小时), as reviewers write
# them; 两位女性, 两个标准 in digits read as a form, not a sentence.
WORD_COUNT = re.compile(r"([两三四五六七八九])(晚|天|次|遍|夜|小时|个小时|分钟|个月|星期)")
TIME_AFTER_GE = frozenset({"小时", "钟头", "月", "多月", "星期", "礼拜", "多小时"})
# Units a two-digit count is spelled before (24小时 is a service's name, 30米 a measure).
TENS_UNITS = frozenset({"个", "晚", "天", "次", "遍", "本", "件", "张", "台", "分钟"})
DIGIT_OF = dict(zip("两三四五六七八九", "23456789"))
# Words before a spelled count that make it vague or idiomatic (这两天 'lately', 前两天 'the other day').
VAGUE_BEFORE = frozenset({"这", "那", "前", "头", "近", "最近", "这么", "那么", "每", "隔", "没", "几", "好", "上", "下"})
RANGE_MARKS = frozenset("～~-－—到至")
NUMERAL_CHARS = frozenset("零〇一二两三四五六七八九十百千万几")
# A count spelled out; one opening with 一 is left out, as 一个/一次 is mostly the article 'a', not a count.
SPELLED_COUNT = re.compile(r"第?[二两三四五六七八九十百千万几][零〇一二两三四五六七八九十百千万]*"
                           r"(个|晚|天|次|遍|本|件|张|台|位|套|夜|人|小时|钟头|分钟|月|星期|年)")


COUNT_NUMBER = r"(?:[1-9][0-9]?|[一两三四五六七八九十]|十[一二三四五六七八九]|[二三四五六七八九]十[一二三四五六七八九]?)"
HOURS_WITH_GE = re.compile(COUNT_NUMBER + "个")  # 5个 + 小时, cut apart
HOURS_BARE = re.compile("(" + COUNT_NUMBER + ")小时")
NIGHTS_BARE = re.compile("(" + COUNT_NUMBER + ")晚")
STAYED = frozenset({"了", "住", "住过"})  # 住了2晚: nights stayed, where 2晚 and 2个晚上 are one length


def measure_rewrites(word: str, prev: str, nxt: str) -> tuple[list, int] | None:
    """(new tokens, tokens replaced) for a duration that drops or takes 个: 5个小时 ↔ 5小时, 住了两晚 ↔ 两个晚上."""
    if nxt == "小时" and HOURS_WITH_GE.fullmatch(word):
        return [(word[:-1] + "小时", NEW, 0)], 2
    match = HOURS_BARE.fullmatch(word)
    if match and match.group(1) != "24" and prev and prev[-1:] not in "第每":
        return [(match.group(1) + "个", NEW, 0), ("小时", NEW, 0)], 1
    if prev in STAYED:
        match = NIGHTS_BARE.fullmatch(word)
        if match:
            return [(match.group(1) + "个", NEW, 0), ("晚上", NEW, 0)], 1
        if nxt == "晚上" and HOURS_WITH_GE.fullmatch(word) and word[:1] not in "一1":
            return [(word[:-1] + "晚", NEW, 0)], 2
    return None


def _is_count(word: str) -> bool:
    return any(ch.isdigit() for ch in word) or SPELLED_COUNT.match(word) is not None


def _lone_counts(tokens) -> set[int]:
    """Indices of the counts that are the only count of their sentence: 40分钟…40分钟 or 2个…3个 changed one at a
    time would mix the forms (40分钟…四十分钟), so a sentence with two counts keeps all of them as written."""
    lone, sentence = set(), []
    for i, (word, _, _) in enumerate(tokens + [("。", 0, 0)]):
        if word and word[-1] in SENTENCE_MARKS:
            if len(sentence) == 1:
                lone.update(sentence)
            sentence = []
        elif _is_count(word):
            sentence.append(i)
    return lone


def _spelled(number: str, ordinal: bool) -> str:
    """1-99 in words: 2 → 两 (二 after 第), 10 → 十, 15 → 十五, 20 → 二十, 25 → 二十五."""
    if len(number) == 1:
        return "二" if ordinal and number == "2" else SPELLED[number]
    tens, ones = number
    head = "" if tens == "1" else ("二" if tens == "2" else SPELLED[tens])
    return head + "十" + ("" if ones == "0" else "二" if ones == "2" else SPELLED[ones])


def numeral_rewrites(tokens, digits_allowed: bool = True) -> list[tuple[int, list, int]]:
    """`digits_allowed`: whether a spelled count may become digits (not in a written text)."""
    found = []
    lone = None
    for i, (word, flags, _) in enumerate(tokens):
        if not flags & PROT:
            continue
        if lone is None:
            lone = _lone_counts(list(tokens))
        if i not in lone:
            continue
        prev = tokens[i - 1][0] if i else ""
        nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        if any(ch.isdigit() for ch in prev + nxt):
            continue  # 2小时20分钟: one duration, one form
        if prev[-1:].isdigit() or prev[-1:] in RANGE_MARKS or prev[-1:] in NUMERAL_CHARS:
            continue  # 4～6个小时: one end of a range in digits and the other spelled out reads as a slip
        measured = measure_rewrites(word, prev, nxt)
        if measured is not None:
            found.append((i, measured[0], i + measured[1]))
        if word.lstrip("第")[:1].isdigit():
            match = COUNT.fullmatch(word)
            if match is None:
                continue
            ordinal, number, unit = match.groups()
            if len(number) == 2 and unit not in TENS_UNITS:
                continue  # 08年 is more often a year than a count of years, 24小时 a name
            found.append((i, [(ordinal + _spelled(number, bool(ordinal)) + unit, NEW, 0)], i + 1))
        elif digits_allowed and word[:1] in DIGIT_OF and prev not in VAGUE_BEFORE and prev[-1:] not in VAGUE_BEFORE:
            match = WORD_COUNT.fullmatch(word)
            if match is None and nxt in TIME_AFTER_GE:
                match = re.fullmatch(r"([两三四五六七八九])(个)", word)  # 两个 + 小时, cut apart
            if match is not None and nxt[:1] not in NUMERAL_CHARS:
                found.append((i, [(DIGIT_OF[match.group(1)] + match.group(2), NEW, 0)], i + 1))
    return found
