"""A small count written in digits is spelled out: 住了2晚 → 住了两晚, 第2次 → 第二次 (restructure uses it).

Only a lone digit 1-9 before a classifier or a unit of time, in a token the protected spans found whole, so a
price, a model number, a date (3月 is March), a floor (2层), an age (1周10个月 is a year and ten months) or a version is never touched.
"""

from __future__ import annotations

import re

from .analysis import CONN, PROT

NEW = PROT | CONN
COUNT = re.compile(r"(第?)([1-9])(个|晚|天|次|遍|本|件|张|台|位|套|夜|人|小时|个小时|分钟|个月|星期|年)")
SPELLED = dict(zip("123456789", "一两三四五六七八九"))


RANGE_MARKS = frozenset("～~-－—到至")


def numeral_rewrites(tokens) -> list[tuple[int, list, int]]:
    found = []
    for i, (word, flags, _) in enumerate(tokens):
        if not flags & PROT or not word.lstrip("第")[:1].isdigit():
            continue
        match = COUNT.fullmatch(word)
        if match is None or i and (tokens[i - 1][0][-1:].isdigit() or tokens[i - 1][0][-1:] in RANGE_MARKS):
            continue  # 4～6个小时: one end of a range in digits and the other spelled out reads as a slip
        ordinal, digit, unit = match.groups()
        spelled = "二" if ordinal and digit == "2" else SPELLED[digit]  # 第二次, but 两晚
        found.append((i, [(ordinal + spelled + unit, NEW, 0)], i + 1))
    return found
