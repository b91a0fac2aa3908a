"""`plain=true`: reviews worded as plainly as most real ones are (issue 17). The grammars' reviews carry their label
in words and marks that real reviewers use in both labels or hardly at all, so a model trained on them learns those
as cues; this pass, applied after the grammar and the typing pass (surface.py) from draws of its own stream, moves
a review's wording toward the plain forms, never changing what it says nor its labels:

- a positive review's ！ typed as 。 (praise said calmly: 音质很好。), CALM_PRAISE of them;
- a negative review's final 。 typed as ！ when its last sentence complains (a complaint said with force: 我不满意！),
  STRESSED_COMPLAINT of them;
- a positive clause that ends on 很好/挺好/很棒/挺棒 said 不错, and on 特别好/非常好/相当好 said 很不错 (音质很好。 →
  音质不错。), NOT_BAD of them (the plainest praise there is);
- a positive review's verdict by an absence said outright (没买错 → 买对了, 没白买 → 买值了, 没让我失望 → 让我很满意),
  SAID_OUTRIGHT of them (real reviews say 没 mostly to complain: 没有收到, 没反应);
- a positive verdict that names the item before the writer said from the writer (这款我买对了 → 我买对了),
  ITEM_UNSAID of them;
- a positive review's 挺 said 很 (挺快 → 很快; 还挺 and 挺高兴的 stay), PLAIN_DEGREE of them;
- a negative clause's 很差 said 很不好 and 太差了 said 很不好 (服务很差 → 服务很不好), NOT_GOOD of them;
- a negative review's 被博主种草买的 told as 看博主推荐买的 (how the buyer came to it, as positive reviews tell
  it), TOLD_OPENING of them;
- a negative review's ellipsis …… said as a comma (or a full stop at the end), FLAT_PAUSE of them.

A clause with a negation before the words is left alone (不是很好 never becomes 不是不错), and so is the item's
name. In the trace 不错 is one positive sentiment segment, 很不好 a degree word, a negation and 好, the retold
verdicts and openings free text; captures move with the edits, and a review that would leave the length range is
kept as it was. Reasoned reviews (reasoned=true) keep their wording, as they keep their punctuation.
"""

from __future__ import annotations

import re

from synth.grammar import Rendered

from .surface import _apply, _inside, _item_spans

PLAIN_DRAWS = 9      # uniforms per record, one for each rewrite below
CALM_PRAISE = 0.6
STRESSED_COMPLAINT = 0.3
NOT_BAD = 0.5
PLAIN_DEGREE = 0.5
NOT_GOOD = 0.4
FLAT_PAUSE = 0.7
SAID_OUTRIGHT = 0.7
TOLD_OPENING = 0.6
ITEM_UNSAID = 0.5

_CLAUSE_END = "，。！？；：、…～ "
_NEGATION = re.compile(r"[不没别无未]")
_PRAISE = re.compile(r"(很好|挺好|很棒|挺棒|特别好|非常好|相当好)(?=[，。！])")
_PRAISE_PLAIN = {"很好": "不错", "挺好": "不错", "很棒": "不错", "挺棒": "不错", "特别好": "很不错", "非常好": "很不错",
                 "相当好": "很不错"}
# A verdict by an absence (没买错, 没白买) said outright (买对了, 买值了): real reviews say 没 mostly to complain.
_BY_ABSENCE = re.compile(r"没有?([买选挑])错了?|没白([买花])了?(?=[，。！～ ]|$)|(?<![也都点还])没让我失望")
# How a complaint's buyer came to buy it, told without the passive (被博主种草买的 → 看博主推荐买的): positive
# reviews tell it the same way, and 被 had become a cue of complaints.
_PERSUADED = re.compile(r"被(博主|主播|推荐|评测|书单|宝妈群)(种草|安利)买的")
# A positive verdict that names the item before the writer (这款我买对了) said from the writer (我买对了): 这 had
# become a cue of praise (most positive verdicts open on it).
_THIS_ONE_I = re.compile(r"(?<=[。！？～，\s])这(款|家|本|个|书|双|台|手机|耳机)我(?=[^，。！？]{2})")
_TING = re.compile(r"(?<![还也])挺(?![好棒])")
_COMPLAINT = re.compile(r"(很差|(?<![实真是])太差了)(?![劲评])")
_BANGS = re.compile(r"！+")
_DOTS = re.compile(r"……")
# A last sentence that complains (not a closing addressed to other buyers: 权当给后来人做个参考。).
_COMPLAINS = re.compile(r"[差坑烂糟悔贵慢难吵脏假骗不没别太]|失望|一般|无语")


def _ends_on_de(text: str, at: int) -> bool:
    end = at
    while end < len(text) and text[end] not in _CLAUSE_END:
        end += 1
    return text[end - 1] == "的"


def _last_sentence(text: str) -> str:
    at = len(text) - 1
    while at > 0 and text[at - 1] not in "。！？ ":
        at -= 1
    return text[at:]


def _clause_negated(text: str, at: int) -> bool:
    """Whether the clause `text[at]` is in has a negation before `at` (不是很好, 没有想象中那么差)."""
    start = at
    while start > 0 and text[start - 1] not in _CLAUSE_END:
        start -= 1
    return bool(_NEGATION.search(text, start, at))


def plainer(rendered: Rendered, u: list[float], sentiment: str, item: str, lo: int, hi: int) -> Rendered:
    """`rendered` in plainer words (see the module's rates); the same object when nothing applies."""
    text = rendered.text
    protected = _item_spans(text, item)
    # (start, end, replacement, segment): segment is (kind, tag) when the replacement is one token, else None
    edits: list[tuple[int, int, str, tuple | None]] = []

    def free(a: int, b: int) -> bool:
        return not any(_inside(i, protected) for i in range(a, b)) and all(b <= s or a >= e for s, e, _, _ in edits)

    if sentiment == "positive":
        if u[2] < NOT_BAD:
            for m in _PRAISE.finditer(text):
                if free(m.start(), m.end()) and not _clause_negated(text, m.start()):
                    edits.append((m.start(), m.end(), _PRAISE_PLAIN[m.group(1)], ("sentiment", "positive")))
                    break
        if u[3] < PLAIN_DEGREE:
            for m in _TING.finditer(text):
                if free(m.start(), m.end()) and not _ends_on_de(text, m.end()):   # 挺高兴的 is not 很高兴的
                    edits.append((m.start(), m.end(), "很", None))
        if u[6] < SAID_OUTRIGHT:
            for m in _BY_ABSENCE.finditer(text):
                if free(m.start(), m.end()):
                    said = (m.group(1) + "对了" if m.group(1) else m.group(2) + "值了" if m.group(2) else "让我很满意")
                    edits.append((m.start(), m.end(), said, ("text", "")))
        if u[8] < ITEM_UNSAID:
            for m in _THIS_ONE_I.finditer(text):
                if free(m.start(), m.end()):
                    edits.append((m.start(), m.end(), "我", ("text", "")))
        if u[0] < CALM_PRAISE:
            for m in _BANGS.finditer(text):
                if free(m.start(), m.end()):
                    edits.append((m.start(), m.end(), "。", None))
    elif sentiment == "negative":
        if u[4] < NOT_GOOD:
            for m in _COMPLAINT.finditer(text):
                if free(m.start(), m.end()) and not _clause_negated(text, m.start()):
                    edits.append((m.start(), m.end(), "很不好", ("complaint", "")))
                    break
        if u[5] < FLAT_PAUSE:
            for m in _DOTS.finditer(text):
                if free(m.start(), m.end()):
                    end = m.end() >= len(text) or text[m.end()] in _CLAUSE_END
                    edits.append((m.start(), m.end(), "。" if end else "，", None))
        if u[7] < TOLD_OPENING:
            m = _PERSUADED.search(text)
            if m and free(m.start(), m.end()):
                who = m.group(1)
                edits.append((m.start(), m.end(), f"看{who}{'' if who in ('推荐', '评测') else '推荐'}买的", ("text", "")))
        last = len(text) - 1
        if (u[1] < STRESSED_COMPLAINT and text.endswith("。") and not text.endswith(("吧。", "呢。", "吗。", "。。"))
                and free(last, last + 1) and _COMPLAINS.search(_last_sentence(text))):
            edits.append((last, last + 1, "！", None))
    if not edits:
        return rendered
    edits.sort()
    new_length = len(text) + sum(len(r) - (e - s) for s, e, r, _ in edits)
    if not lo <= new_length <= hi:
        return rendered
    out = _apply(rendered, [(s, e, r) for s, e, r, _ in edits])
    tokens = _token_spans(edits)
    if tokens and out.pieces:
        out = Rendered(out.text, _retag(out.text, out.pieces, tokens), out.captures)
    return out


def _token_spans(edits) -> list[tuple[int, int, tuple]]:
    """Where the one-token replacements sit in the new text, with their segment."""
    spans, shift = [], 0
    for s, e, r, segment in edits:
        if segment is not None:
            spans.append((s + shift, s + shift + len(r), segment))
        shift += len(r) - (e - s)
    return spans


def _retag(text: str, pieces: list, tokens: list[tuple[int, int, tuple]]) -> list:
    """The pieces with each replacement's span as its own segments: 不错 one positive sentiment token; 很不好 a
    degree word, a negation and the positive word it negates."""
    out, at = [], 0
    for piece_text, kind, tag in pieces:
        start, end = at, at + len(piece_text)
        at = end
        cursor = start
        for a, b, segment in tokens:
            if b <= start or a >= end:
                continue
            if cursor < a:
                out.append((text[cursor:a], kind, tag))
            if a >= start:                     # the piece the replacement starts in stands for all of it
                out.extend(_segments(text[a:b], segment))
            cursor = max(cursor, min(b, end))
        if cursor < end:
            out.append((text[cursor:end], kind, tag))
    return out


def _segments(word: str, segment: tuple) -> list[tuple[str, str, str]]:
    if segment[0] == "complaint":                # 很不好
        return [(word[:-2], "text", ""), (word[-2], "negation", ""), (word[-1], "sentiment", "positive")]
    if word.startswith("很"):                    # 很不错
        return [(word[0], "text", ""), (word[1:], segment[0], segment[1])]
    return [(word, segment[0], segment[1])]
