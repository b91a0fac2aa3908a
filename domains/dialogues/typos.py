"""Which typing slip a customer's turn gets (polish stage, at `typo_rate` of customer turns): first its kind, by the
shares real chat shows (KIND_SHARE: most slips are homophones picked from the input method's list, fewer a 的/得
mix-up or a character left out); then one of that kind's words the turn holds, evenly (`pick`). (Drawn over the
(word, typo) pairs alone, 的 is in nearly every turn and 的→得 took a third of all slips: 3 of 30 dialogues read
我得快递 / 我家得宽带 in reading 19 r2.) lexicons/dialogues/typos.tsv lists the slips."""

from __future__ import annotations

from functools import lru_cache

from synth.resources import read_table

KIND_SHARE = {"homophone": 0.6, "dedi": 0.2, "dropped": 0.2}


@lru_cache(maxsize=1)
def slips_by_kind() -> tuple:
    """((kind, share, ((word, typo), ...)), ...) in KIND_SHARE's order."""
    rows = read_table("dialogues", "typos.tsv")
    pairs = list(zip(rows["kind"], rows["word"], rows["typo"]))
    return tuple((kind, share, tuple((w, t) for k, w, t in pairs if k == kind)) for kind, share in KIND_SHARE.items())


def pick(texts: list, u: float):
    """(index of the text, word, typo) for the free texts `texts` ((index, text) pairs) of one turn and the uniform
    `u`, or None. The kind is drawn first (KIND_SHARE); where the turn has no word of it, another kind it has a
    word for is taken instead, but never a 的/得 slip (的 is in nearly every turn: as a fallback it would take most
    slips again)."""
    found = []
    drawn, x = None, u
    for kind, share, pairs in slips_by_kind():
        here = [(k, word, typo) for k, text in texts for word, typo in pairs if word in text]
        if drawn is None and x < share:
            if here:
                return here[min(int(x / share * len(here)), len(here) - 1)]
            drawn = kind
        elif drawn is None:
            x -= share
        if here and kind != "dedi":
            found.extend(here)
    return found[min(int(u * len(found)), len(found) - 1)] if found else None
