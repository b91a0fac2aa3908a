"""An apology said once (issue 12, reading of seed 58231, #24: 先给您道个歉 followed at once by 特别抱歉; complaint
chats apologised in the look-up and again in the remedy right after it). Each grammar entry apologises on its own,
so where two agent turns follow each other the second leaves out a bare apology clause (抱歉，… at its start, …，
实在抱歉。 at a clause's end); an apology that says what for (抱歉让您久等了, 抱歉没能办成) stays."""

from __future__ import annotations

import re

_SORRY = "(?:非常|十分|特别|实在|真的|真|很)*(?:是)?(?:抱歉|对不起|不好意思)"
LEADING = re.compile(f"^{_SORRY}[，,]")
TRAILING = re.compile(f"[，,]{_SORRY}(?=[。！，,])")   # (at a clause's end, or between two clauses)


def apologises(segs: list) -> bool:
    """Whether the turn says sorry (抱歉, 不好意思, 对不起, 道歉) anywhere."""
    text = "".join(t for t, _, _ in segs)
    return "抱歉" in text or "对不起" in text or "不好意思" in text or "道歉" in text


def drop_repeated(segs: list) -> None:
    """Remove a bare apology clause from the turn's pieces (text pieces only; slot values are never touched)."""
    if segs and segs[0][1] == "text":
        text, kind, tag = segs[0]
        bare = LEADING.sub("", text, count=1)
        if bare != text and bare:
            segs[0] = (bare, kind, tag)
    for k, (text, kind, tag) in enumerate(segs):
        if kind == "text" and ("抱歉" in text or "对不起" in text or "不好意思" in text):
            segs[k] = (TRAILING.sub("", text), kind, tag)
