"""The EDA operations (Wei and Zou, 2019): random insertion, random swap, random deletion.

They trade fluency for diversity: a swapped or deleted word often leaves a sentence a native speaker would not
write. They are here for users who train on them on purpose; `synonym`, `restructure` and `expand` are the
fluent operations. `alpha` is EDA's share of words changed: insertion and swap make max(1, round(alpha * words))
changes, deletion drops each eligible word with probability alpha.

What they still respect: no protected span, negation (with the words it governs), lexical negation (不错),
sentiment word or degree adverb is deleted, moved or split from its neighbour, nothing is inserted right after a
negator or degree adverb, inserted words are synonyms of non-sentiment words of the sentence, and punctuation
stays where it is (swaps happen inside one clause).
"""

from __future__ import annotations

from .analysis import CONN, DEG, FROZEN, LEXNEG, NEG, PUNCT, SENT

KEEP = FROZEN | SENT | DEG | CONN | LEXNEG | NEG


def _words(tokens: list[tuple]) -> int:
    return sum(1 for t in tokens if not t[1] & PUNCT)


class InsertOp:
    name = "insert"

    def __init__(self, synonym_op, alpha: float):
        self.synonym = synonym_op
        self.alpha = alpha

    def apply(self, tokens: list[tuple], rng) -> list[tuple] | None:
        found = [(i, options) for i, end, options in self.synonym.candidates(tokens)
                 if end == i + 1 and not tokens[i][1] & (SENT | DEG)]
        if not found:
            return None
        out = list(tokens)
        for _ in range(max(1, round(self.alpha * _words(tokens)))):
            i, options = rng.choice(found)
            word = rng.choice(options)
            places = [p for p in range(len(out) + 1)
                      if (p == 0 or not out[p - 1][1] & (NEG | DEG | LEXNEG) and out[p - 1][0] != word)
                      and (p == len(out) or out[p][0] != word)]
            if not places:
                continue
            p = rng.choice(places)
            out.insert(p, (word, 0, 0))
            found = [(j + (1 if j >= p else 0), o) for j, o in found]
        return out if len(out) != len(tokens) else None


class SwapOp:
    name = "swap"

    def __init__(self, alpha: float):
        self.alpha = alpha

    def apply(self, tokens: list[tuple], rng) -> list[tuple] | None:
        # Movable words, grouped by clause (punctuation separates clauses).
        clauses, current = [], []
        for i, (word, flags, _) in enumerate(tokens):
            if flags & PUNCT:
                if len(current) >= 2:
                    clauses.append(current)
                current = []
            elif not flags & KEEP and not _next_to_kept(tokens, i):
                current.append(i)
        if len(current) >= 2:
            clauses.append(current)
        if not clauses:
            return None
        out = list(tokens)
        changed = False
        for _ in range(max(1, round(self.alpha * _words(tokens)))):
            positions = rng.choice(clauses)
            a, b = rng.sample(positions, 2)
            if out[a][0] != out[b][0]:
                out[a], out[b] = out[b], out[a]
                changed = True
        return out if changed else None


def _next_to_kept(tokens, i) -> bool:
    """Words right after a degree adverb or negation stay put (很好 must not become 很电池)."""
    return i > 0 and bool(tokens[i - 1][1] & (DEG | NEG))


class DeleteOp:
    name = "delete"

    def __init__(self, alpha: float):
        self.alpha = alpha

    def apply(self, tokens: list[tuple], rng) -> list[tuple] | None:
        eligible = [i for i, (word, flags, _) in enumerate(tokens)
                    if not flags & KEEP and not (i + 1 < len(tokens) and tokens[i + 1][1] & (SENT | NEG) and len(word) == 1)]
        if len(eligible) < 2:
            return None
        drop = {i for i in eligible if rng.random() < self.alpha}
        if not drop:
            drop = {rng.choice(eligible)}
        if len(drop) >= _words(tokens) - 1:
            return None
        return [t for i, t in enumerate(tokens) if i not in drop]
