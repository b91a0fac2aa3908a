"""Variant written forms of a word → the standard form the dictionary gives (想像 → 想象, 好象 → 好像): real
reviews use both, and the standard one says the same. One way only: a variant never replaces a standard form.
The pairs are dictionary facts (general dictionaries of Mandarin list the variant beside its standard form).
A token that holds the variant changes inside (想像中 → 想象中, 难以想像 → 难以想象); each variant is a whole
morpheme wherever it stands, which is why 象 alone (大象, 象棋) and 帐 alone (帐篷) are not listed.
"""

from __future__ import annotations

from .analysis import FROZEN

STANDARD_FORM = {"想像": "想象", "好象": "好像", "其它": "其他", "惟一": "唯一", "惟有": "唯有", "部份": "部分",
                 "帐号": "账号", "帐户": "账户", "结帐": "结账", "付帐": "付账", "记帐": "记账", "秘决": "秘诀"}
VARIANT_CHARS = frozenset(variant[0] for variant in STANDARD_FORM)  # a set test on the text before any scan


def spelling_rewrites(tokens) -> list[tuple[int, list, int]]:
    found = []
    for i, (word, flags, polarity) in enumerate(tokens):
        if flags & FROZEN or VARIANT_CHARS.isdisjoint(word):
            continue
        standard = word
        for variant, form in STANDARD_FORM.items():
            if variant in standard:
                standard = standard.replace(variant, form)
        if standard != word:
            found.append((i, [(standard, flags, polarity)], i + 1))  # 比想像中的要重 → 比想象中的要重
    return found
