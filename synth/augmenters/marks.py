"""Half-width marks in Chinese text, written full-width: 楼很老,房间很大,服务不错. → 楼很老，房间很大，服务不错。

Real reviews are often typed with the marks of an English keyboard, or with spaces for commas. The variant writes
every such mark of the text full-width at once (a writer keeps one habit), and only where it stands in Chinese: a
comma or semicolon beside a Chinese character (not between digits: 1,000, 2;3), a full stop, exclamation or
question mark after one (not 2.5寸, 1.房间, XP., 10.22号); a space between two Chinese characters is a comma
(物流快 质量好 → 物流快，质量好) and one after a full-width mark a gap that goes (很乱， 不系统 → 很乱，不系统).
Marks that stand elsewhere stay, as in the source (Windows xp 系统).
"""

from __future__ import annotations

from .analysis import PUNCT

FULL_WIDTH = {",": "，", ";": "；", ":": "：", ".": "。", "!": "！", "?": "？"}
HALF_MARKS = frozenset(FULL_WIDTH) | {" "}
CLAUSE_MARKS = frozenset("，；：。！？、")  # a space after one of these is only a gap
BESIDE = frozenset(",;")  # marks that join clauses: a Chinese character on either side places them


def _chinese(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _placed(mark: str, before: str, after: str) -> bool:
    """Whether a run of one half-width mark stands in Chinese, given the characters either side ('' at an end)."""
    if mark[0] in BESIDE:
        return len(mark) == 1 and (_chinese(before) or _chinese(after)) and not (before.isdigit() and after.isdigit())
    if mark[0] == ":":
        return len(mark) == 1 and _chinese(before) and not after.isdigit()
    if mark[0] == ".":
        return len(mark) == 1 and _chinese(before) and after[:1] != "."  # '...' is an ellipsis, not stops
    return _chinese(before)  # !! and ?? become ！！ and ？？


def _edits(tokens) -> list[tuple[int, int, list]]:
    """(start, end, new tokens) for each placed half-width mark and each space run that stands for a mark."""
    edits, i, n = [], 0, len(tokens)
    while i < n:
        word, flags, polarity = tokens[i]
        before = tokens[i - 1][0][-1:] if i else ""
        end = i + 1
        if word == " ":
            while end < n and tokens[end][0] == " ":
                end += 1
            after = tokens[end][0][:1] if end < n else ""
            if _chinese(after) and _chinese(before):
                edits.append((i, end, [("，", flags, 0)]))  # 物流快 质量好 → 物流快，质量好
            elif _chinese(after) and (before in CLAUSE_MARKS or edits and edits[-1][1] == i):
                edits.append((i, end, []))  # 很乱， 不系统 → 很乱，不系统
        elif word[:1] in FULL_WIDTH and word == word[0] * len(word):
            after = tokens[end][0][:1] if end < n else ""
            run = bool(edits) and edits[-1][1] == i and word[0] in "!?" and tokens[i - 1][0][0] == word[0]
            if run or _placed(word, before, after):  # jieba cuts !! in two: the run is placed by its first
                edits.append((i, end, [(FULL_WIDTH[word[0]] * len(word), flags | PUNCT, polarity)]))
        i = end
    return edits


def full_width_rewrites(tokens) -> list[tuple[int, list, int]]:
    """One rewrite from the first placed mark or space to the last, the words between kept as they are."""
    edits = _edits(tokens)
    if not edits:
        return []
    new, position = [], edits[0][0]
    for start, end, replacement in edits:
        new.extend(tokens[position:start])
        new.extend(replacement)
        position = end
    return [(edits[0][0], new, edits[-1][1])]
