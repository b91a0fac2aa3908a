"""Half-width marks in Chinese text, written full-width: 楼很老,房间很大,服务不错. → 楼很老，房间很大，服务不错。

Real reviews are often typed with the marks of an English keyboard. The variant writes every such mark of the text
full-width at once (a writer keeps one habit), and only where it stands in Chinese: a comma or semicolon beside a
Chinese character (not between digits: 1,000, 2;3), a full stop, exclamation or question mark after one (not 2.5寸,
1.房间, XP., 10.22号). Marks that stand elsewhere stay, as in the source.
"""

from __future__ import annotations

from .analysis import PUNCT

FULL_WIDTH = {",": "，", ";": "；", ":": "：", ".": "。", "!": "！", "?": "？"}
HALF_MARKS = frozenset(FULL_WIDTH)
BESIDE = frozenset(",;")  # marks that join clauses: a Chinese character on either side places them
AFTER = frozenset(".!?:")  # marks that close what comes before: the character before them places them


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


def full_width_rewrites(tokens) -> list[tuple[int, list, int]]:
    """One rewrite from the first placed half-width mark to the last, the words between kept as they are."""
    placed = []
    for i, token in enumerate(tokens):
        word = token[0]
        if word[:1] in HALF_MARKS and word == word[0] * len(word):
            before = tokens[i - 1][0][-1:] if i else ""
            after = tokens[i + 1][0][:1] if i + 1 < len(tokens) else ""
            if _placed(word, before, after) or placed and placed[-1] == i - 1 and word[0] in "!?" \
                    and tokens[i - 1][0][0] == word[0]:  # jieba cuts !! in two: the run is placed by its first
                placed.append(i)
    if not placed:
        return []
    first, last = placed[0], placed[-1]
    chosen = set(placed)
    new = [(FULL_WIDTH[t[0][0]] * len(t[0]), t[1] | PUNCT, t[2]) if k in chosen else t
           for k, t in enumerate(tokens[first:last + 1], first)]
    return [(first, new, last + 1)]
