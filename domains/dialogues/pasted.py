"""Signs that one agent message was pasted together from pieces that overlap (issue 12, reading 19: …后台…后台…,
退回先用后付的额度，这单是用先用后付下的单, a close that thanks twice). A reader notices a content word said again in
the next clause, or two acts of the same kind (two thanks) in one message. Read by tests over many dialogues: a
grammar line that pastes overlapping pieces shows up in a share of them, which one-off wording does not reach."""

from __future__ import annotations

import re

CLAUSES = re.compile(r"[，。！？；：~,!?]+")
HAN_RUN = re.compile(r"[\u4e00-\u9fff]{4,}")
THANKS = re.compile(r"感谢|谢谢")
STRETCH = 4   # characters: shorter shared stretches are mostly function words (一下, 您的, 可以)


def adjacent_repeats(text: str, values=()) -> set:
    """The stretches of STRETCH Chinese characters that two adjacent clauses of `text` both say, slot values (the
    order number, an address, a company title) masked first: a value is named where it is needed, not pasted."""
    for value in values:
        text = text.replace(str(value), "＃")
    found: set = set()
    previous: set = set()
    for clause in CLAUSES.split(text):
        stretches = {run[k:k + STRETCH] for run in HAN_RUN.findall(clause) for k in range(len(run) - STRETCH + 1)}
        found |= stretches & previous
        previous = stretches
    return found


def thanks_twice(text: str) -> bool:
    """Whether one message thanks twice (感谢您的耐心等待…感谢您的耐心)."""
    return len(THANKS.findall(text)) > 1
