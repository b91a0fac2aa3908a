"""How real people type: a few reviews are run on without punctuation or with spaces for it, end on repeated
punctuation or an emoji, or carry one of the common slips of Chinese typing (做的很好 for 做得很好, 下次在来 for
下次再来). Applied after the grammar has written a review, from draws of their own stream, and never to the item's
name; the trace's offsets follow the edits.

Rates (per review, documented in docs/reviews.md): RUN_ON, SPACED, REPEAT_END, EMOJI, TYPO below.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from synth.grammar import Rendered

SURFACE_DRAWS = 6      # uniforms per record: typo, run-on or spaced, repeated end, emoji, which emoji, register
RUN_ON = 0.03          # internal ，。！ dropped: 收到了质量很好物流也快
SPACED = 0.04          # internal ，。 typed as spaces: 收到了 质量很好 物流也快
REPEAT_END = 0.06      # a final ！ typed three times (！！！), or a negative review's 。 (。。。)
EMOJI = 0.05           # an emoji after the last sentence, of the review's polarity
TYPO = 0.06            # one common slip, where the text has a place for it
LIST = 0.2             # a short review (target up to LIST_UP_TO characters) written as a list: 物流快，质量好，好评！
LIST_UP_TO = 50

_EMOJI = {"positive": "👍😊🥰💯👏😄", "negative": "😡👎😤🙄😓💢", "neutral": "🤔😐"}
_INNER = re.compile(r"[，。！]")
_NEGATED = re.compile(r"[不没无未别]")
# The slips real reviews show most: 得 typed as 的 after a verb before a degree word (写的很好), 再 as 在 before
# doing something again (下次在来), 已经 as 以经. Each pattern's group 1 is the character typed wrongly.
_SLIPS = (
    (re.compile(r"(?<=[写做拍演讲说弄收装包送跑修搭配编剪唱])(得)(?=[很特非挺太真超也还不好])"), "的"),
    (re.compile(r"(?<=[次回])(再)(?=[来买去住吃看用])"), "在"),
    (re.compile(r"(已)(?=经)"), "以"),
)


def register(u: list[float], plan, sentiment: str) -> str:
    """The register a review is written in: "list" for some short, plain ones (no mixed or neutral review: a list
    has no room for a turn), else "" (the grammar's skeletons)."""
    if u[5] < LIST and plan.target <= LIST_UP_TO and not plan.mixed and sentiment != "neutral":
        return "list"
    return ""


def roughen(rendered: Rendered, u: list[float], sentiment: str, item: str, hi: int, lo: int) -> Rendered:
    """`rendered` typed as a person might (see the module's rates); the same object when nothing applies."""
    if u[0] >= TYPO and u[1] >= RUN_ON + SPACED and u[2] >= REPEAT_END and u[3] >= EMOJI:
        return rendered                              # most reviews: nothing to do, and nothing to look at
    text = rendered.text
    edits: list[tuple[int, int, str]] = []          # (start, end, replacement), in text order, never overlapping
    protected = _item_spans(text, item)
    if u[0] < TYPO:
        for pattern, wrong in _SLIPS:
            found = pattern.search(text)
            if found and not _inside(found.start(1), protected):
                edits.append((found.start(1), found.end(1), wrong))
                break
    if u[1] < RUN_ON + SPACED:
        inner = [m.start() for m in _INNER.finditer(text, 0, len(text) - 1) if not _inside(m.start(), protected)]
        if u[1] < RUN_ON and len(text) - len(inner) >= lo:
            # A clause with a negation keeps a pause (a space) after it, so the negation does not reach into
            # the next clause: 一滴都没洒 我很满足, not 一滴都没洒我很满足 (read as 没…满足).
            edits += [(i, i + 1, " " if _NEGATED.search(text, start, i) else "")
                      for start, i in zip([0] + [j + 1 for j in inner], inner)]
        else:
            edits += [(i, i + 1, " ") for i in inner if text[i] != "！"]
    grow = hi - len(text) + sum(e - s - len(r) for s, e, r in edits)
    last = len(text) - 1
    # 。。。 trails off: a complaint or a shrug, not praise.
    ends = "！" if sentiment == "positive" else "！。"
    if text and text[last] in ends and u[2] < REPEAT_END and grow >= 2 and not any(s == last for s, _, _ in edits):
        edits.append((last, last + 1, text[last] * 3))
        grow -= 2
    elif u[3] < EMOJI and grow >= 1 and text and text[last] < "\U0001F000":   # one emoji is enough
        choices = _EMOJI.get(sentiment, "")
        if choices:
            edits.append((len(text), len(text), choices[int(u[4] * len(choices))]))
    if not edits:
        return rendered
    edits.sort()
    return _apply(rendered, edits)


def _item_spans(text: str, item: str) -> list[tuple[int, int]]:
    spans = []
    if item:
        at = text.find(item)
        while at >= 0:
            spans.append((at, at + len(item)))
            at = text.find(item, at + len(item))
    return spans


def _inside(i: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= i < b for a, b in spans)


def _apply(rendered: Rendered, edits: list[tuple[int, int, str]]) -> Rendered:
    """The text with `edits` made, its pieces cut at the same places and its captures' offsets moved along."""
    text = rendered.text
    parts, shift, at = [], [], 0
    for start, end, replacement in edits:
        parts.append(text[at:start])
        parts.append(replacement)
        shift.append((start, end, len(replacement) - (end - start)))
        at = end
    parts.append(text[at:])
    new_text = "".join(parts)

    ends = [end for _, end, _ in shift]
    before = [0]                                  # before[i]: the length change of the first i edits
    for _, _, change in shift:
        before.append(before[-1] + change)

    def moved(offset: int) -> int:
        # A boundary moves with the edits before it; one inside a replaced span goes to its start; text
        # inserted exactly at a boundary comes after it.
        i = bisect_right(ends, offset)
        while i and shift[i - 1][0] == shift[i - 1][1] == offset:
            i -= 1
        if i < len(shift) and shift[i][0] < offset < shift[i][1]:
            return shift[i][0] + before[i]
        return offset + before[i]

    captures = [(name, moved(s), moved(e), env) for name, s, e, env in rendered.captures]
    pieces = rendered.pieces
    if pieces:
        cut, begin = [], 0
        for piece_text, kind, tag in pieces:
            end = begin + len(piece_text)
            cut.append((kind, tag, moved(begin), moved(end)))
            begin = end
        pieces = [(new_text[a:b], kind, tag) for kind, tag, a, b in cut]
        if cut and cut[-1][3] < len(new_text):           # text added after the last piece (an emoji)
            pieces.append((new_text[cut[-1][3]:], "text", ""))
    return Rendered(new_text, pieces, captures)
