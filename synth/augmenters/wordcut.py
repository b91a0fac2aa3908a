"""Cutting text into words exactly as jieba's `Tokenizer.cut(text, HMM=False)` does, in less than half the time.

jieba builds a dict of every word's possible ends (the DAG), then a dict of (score, end) tuples through a
generator and `max`, then yields words one by one through two generators. Here the same maximum-probability
path is found in one right-to-left pass over the prefix dictionary, with the scores in a flat list and no
tuples, dicts or generators, which is where jieba's time goes on short clauses.

The result is the same as jieba's, word for word (tests/test_wordcut.py compares them on thousands of texts):

- the same dictionary: jieba's prefix dictionary (word or prefix -> count; count 0 is a prefix alone, or a
  removed word) with each count turned into its log-probability once (`weights_of`), so a cut computes no log;
- the same score, computed with the same floating-point operations in the same order,
  (log(count) - log(total)) + score(rest), and the same tie rule (the longer word wins);
- a character that starts no counted word is a word of its own, scored as if its count were 1;
- the same splitting of text into blocks (jieba's own regular expressions), and runs of single ASCII letters
  and digits glued together as jieba does.
"""

from __future__ import annotations

import re
from math import exp, log

from jieba import re_han_default as HAN_BLOCK, re_skip_default as SPACE  # the exact patterns jieba splits with

from .. import speedups

# The cut of a block in C (synth/_wordcut.c), when it is built: the same words as _cut_block below.
_ccut = speedups.load("_wordcut")

ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
ANY_ASCII_ALNUM = re.compile("[a-zA-Z0-9]")
_ABSENT = object()  # what a lookup returns for a fragment the dictionary does not have (None is a prefix)


def weights_of(freq: dict[str, int], total: int) -> dict[str, float | None]:
    """jieba's prefix dictionary as `WordCutter` reads it: log(count) - log(total) for a word, None for an entry
    that is only a prefix (count 0). The order of `freq` is kept."""
    log_total = log(total)
    return {word: log(count) - log_total if count else None for word, count in freq.items()}


def counts_of(weights: dict[str, float | None], total: int) -> dict[str, int]:
    """The prefix dictionary `weights_of` was given back (exact: the counts are far below 2**50)."""
    log_total = log(total)
    return {word: round(exp(weight + log_total)) if weight is not None else 0 for word, weight in weights.items()}


class WordCutter:
    """jieba's no-HMM cut over `weights_of(freq, total)` of a jieba prefix dictionary with `total` counts."""

    def __init__(self, weights: dict[str, float | None], total: int):
        self.weights = weights
        self.unknown = log(1) - log(total)  # a character no counted word starts with, as jieba scores it
        self.prefixes = None   # the same dictionary as a trie for the C cut (synth/_wordcut.c), when built
        if _ccut is not None and type(weights) is dict:
            self.prefixes = prefixes = _ccut.Prefixes(weights)
            cut_block, unknown = _ccut.cut_block, self.unknown
            self._cut_block = lambda block: cut_block(block, prefixes, unknown)

    def text_cutter(self, cache: dict):
        """`Analyser.cut` in C (the text cut at clause marks, every piece as `cut` cuts it, remembered in `cache`),
        or None where the C module is not built."""
        if self.prefixes is None:
            return None
        cut_text, prefixes, unknown = _ccut.cut_text, self.prefixes, self.unknown
        return lambda text: cut_text(text, prefixes, unknown, cache)

    def cut(self, text: str) -> list[str]:
        if HAN_BLOCK.fullmatch(text):
            return self._cut_block(text)  # most clauses are one block: no split needed
        words: list[str] = []
        # split() with a capturing group alternates: text between blocks at even places, blocks at odd ones
        for place, block in enumerate(HAN_BLOCK.split(text)):
            if not block:
                continue
            if place % 2:
                words.extend(self._cut_block(block))
            else:
                words.extend(_loose_characters(block))
        return words

    def _cut_block(self, block: str) -> list[str]:
        """Words of a run of Chinese characters, letters and digits along its most probable path."""
        ends = self._best_ends(block)
        if not ANY_ASCII_ALNUM.search(block):
            words, start, n = [], 0, len(block)
            while start < n:
                end = ends[start]
                words.append(block[start:end])
                start = end
            return words
        return _glue_latin(block, ends)

    def _best_ends(self, block: str) -> list[int]:
        """ends[i]: where the word starting at i ends on the most probable cut of block[i:]."""
        weight_of = self.weights.get
        n = len(block)
        score = [0.0] * (n + 1)
        ends = [0] * n
        for i in range(n - 1, -1, -1):
            best = None
            best_end = i + 1
            end = i + 1
            weight = weight_of(block[i], _ABSENT)
            while weight is not _ABSENT:  # walk the prefixes of block[i:] that the dictionary knows
                if weight is not None:
                    candidate = weight + score[end]
                    if best is None or candidate >= best:  # on a tie the longer word wins, as in jieba
                        best, best_end = candidate, end
                if end >= n:
                    break
                end += 1
                weight = weight_of(block[i:end], _ABSENT)
            if best is None:  # no counted word starts here: the character alone, with a count of 1
                best = self.unknown + score[i + 1]
            score[i] = best
            ends[i] = best_end
        return ends


def _glue_latin(block: str, ends: list[int]) -> list[str]:
    """The words along `ends`, with runs of single ASCII letters or digits glued into one word, as jieba does."""
    words: list[str] = []
    latin = ""
    start, n = 0, len(block)
    while start < n:
        end = ends[start]
        if end - start == 1 and block[start] in ASCII_ALNUM:
            latin += block[start]
        else:
            if latin:
                words.append(latin)
                latin = ""
            words.append(block[start:end])
        start = end
    if latin:
        words.append(latin)
    return words


def _loose_characters(block: str) -> list[str]:
    """Text outside the word blocks: whitespace pieces whole, everything else one character at a time."""
    out: list[str] = []
    for piece in SPACE.split(block):
        if SPACE.match(piece):
            out.append(piece)
        else:
            out.extend(piece)
    return out
