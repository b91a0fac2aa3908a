"""Reading a sentence before changing it: words, what each word is, what must not change, clauses.

`Analyser.analyse(text)` cuts the text clause by clause (punctuation never joins two words, so this is the same as
cutting it whole, and unchanged clauses of a variant are found in the cut cache), merges the words of each
protected span into one token, and flags every token:

- PROT: never changed or moved apart (numbers, names, titles, IDs, slot values, unknown words);
- NEG: a negator or a word it negates (不太干净: 不, 太 and 干净), never changed;
- LEXNEG: a word that carries its own negation (不错, 没劲, 无聊), never changed;
- DEG: a degree adverb (很, 非常, 有点); changed only within its own strength class;
- PUNCT: punctuation or space; SENT: a sentiment word (its polarity is in `pol`).

`signature()` is what must survive augmentation for the label to stay true: the multiset of sentiment-word
polarities (as counts of positive and negative words) and every negation with the words it governs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import FUNCTION_CHARS, Lexicon
from .spans import NAME_SURNAMES, find_spans

PROT, NEG, LEXNEG, DEG, PUNCT, SENT, CONN = 1, 2, 4, 8, 16, 32, 64
FROZEN = PROT | NEG | LEXNEG | PUNCT  # flags of tokens no operation may change

CLAUSE_MARKS = frozenset("，,；;：:")
SENTENCE_MARKS = frozenset("。！？!?…\n")
PUNCT_CHARS = CLAUSE_MARKS | SENTENCE_MARKS | frozenset("、～~—－-（）()[]【】“”\"'‘’「」『』《》 \t\r·.．")
NEGATION_START = tuple("不没无未别非莫")
# Words that may stand between a negator and the word it negates: 不太好, 不是很好, 没那么好, 不怎么好吃.
NEGATION_BRIDGE = frozenset({"是", "太", "很", "那么", "这么", "怎么", "怎样", "够", "算", "大", "特别", "十分",
                             "非常", "咋", "多", "算是", "甚", "怎么样", "会", "能", "想", "再", "也", "都", "还",
                             "有", "让", "令", "是很", "觉得", "感觉", "算太", "太过"})

FINAL_PARTICLES = frozenset({"了", "的", "啊", "吧", "呀", "哦", "呢", "啦", "哈", "嘛", "呐", "哇"})
_PIECES = re.compile(r"([，,；;：:。！？!?…\n]+)")
_CLAUSES = re.compile(r"[，,；;：:。！？!?…\n]+")
_MARKS = frozenset("，,；;：:。！？!?…\n")


@dataclass
class Clause:
    start: int  # first token
    end: int  # one past the last word token (the delimiter, if any, is at `end`)
    delim: str  # the punctuation that closes it ('' at the end of the text)
    final: bool  # closes a sentence (。！？ or end of text)


class Analysis:
    __slots__ = ("text", "words", "flags", "pol", "negations", "_clauses")

    def __init__(self, text: str, words: list[str], flags: list[int], pol: list[int], negations):
        self.text = text
        self.words = words
        self.flags = flags
        self.pol = pol
        self.negations = negations  # (start, end) token ranges of negator + negated words
        self._clauses = None

    @property
    def clauses(self) -> list[Clause]:
        if self._clauses is None:
            clauses, start, words = [], 0, self.words
            for i, word in enumerate(words):
                if self.flags[i] & PUNCT and (word[0] in CLAUSE_MARKS or word[0] in SENTENCE_MARKS):
                    final = word[0] in SENTENCE_MARKS
                    clauses.append(Clause(start, i, word, final))
                    start = i + 1
            if start < len(words):
                clauses.append(Clause(start, len(words), "", True))
            self._clauses = clauses
        return self._clauses

    def signature(self) -> tuple[int, int, tuple[str, ...]]:
        """(positive sentiment words, negative sentiment words, sorted negations with the words they govern)."""
        return _signature(self.words, self.flags, self.pol, self.negations, 0, len(self.words))


def _signature(words, flags, pol, negation_spans, start, end) -> tuple[int, int, tuple[str, ...]]:
    positive = negative = 0
    for k in range(start, end):
        p = pol[k]
        if p > 0:
            positive += 1
        elif p < 0:
            negative += 1
    negations = ["".join(words[s:e]) for s, e in negation_spans if start <= s < end]
    negations.extend(words[k] for k in range(start, end) if flags[k] & LEXNEG)
    return positive, negative, tuple(sorted(negations))


def add_signatures(a, b):
    return a[0] + b[0], a[1] + b[1], tuple(sorted(a[2] + b[2]))


class Analyser:
    SIGNATURE_CACHE = 100_000

    def __init__(self, lexicon: Lexicon, segmenter):
        self.lexicon = lexicon
        self.segmenter = segmenter
        self.sentiment = lexicon.sentiment
        self.negators = lexicon.negators
        self.degree = lexicon.degree
        self.known = lexicon.all_words()
        self.connectives = lexicon.connectives
        self._signatures: dict[str, tuple] = {}

    def signature(self, text: str) -> tuple[int, int, tuple[str, ...]]:
        """`analyse(text).signature()`, computed clause by clause with a cache: a variant re-reads only the
        clauses it changed. (Negations never reach across punctuation, so the sum over clauses is the whole.)"""
        positive = negative = 0
        negations: list[str] = []
        cache = self._signatures
        for piece in _CLAUSES.split(text):
            if not piece:
                continue
            found = cache.get(piece)
            if found is None:
                found = self.analyse(piece).signature()
                if len(cache) > self.SIGNATURE_CACHE:
                    cache.clear()
                cache[piece] = found
            positive += found[0]
            negative += found[1]
            if found[2]:
                negations.extend(found[2])
        return positive, negative, tuple(sorted(negations))

    def seed_signatures(self, analysis: Analysis) -> None:
        """Put the clause signatures of an analysed text into the cache (what `signature` would compute), so
        reading a source costs one pass. Skipped where a protected token swallowed a clause mark."""
        cache = self._signatures
        if len(cache) > self.SIGNATURE_CACHE:
            cache.clear()
        words, flags, pol = analysis.words, analysis.flags, analysis.pol
        start = 0
        n = len(words)
        for i in range(n + 1):
            if i < n and not (flags[i] & PUNCT and words[i][0] in _MARKS):
                if flags[i] & PROT and any(c in _MARKS for c in words[i]):
                    return  # a span across clauses: leave this text to the slow path
                continue
            if i > start:
                piece = "".join(words[start:i])
                if piece not in cache:
                    cache[piece] = _signature(words, flags, pol, analysis.negations, start, i)
            start = i + 1

    def cut(self, text: str) -> list[str]:
        words: list[str] = []
        cut = self.segmenter.cut
        for piece in _PIECES.split(text):
            if not piece:
                continue
            if piece[0] in CLAUSE_MARKS or piece[0] in SENTENCE_MARKS:
                words.extend(piece)  # each mark is its own token
            else:
                words.extend(cut(piece))
        return words

    def analyse(self, text: str, protect: list[tuple[int, int]] | None = None,
                words: list[str] | None = None) -> Analysis:
        """`words`: a segmentation to use instead of cutting (text that synth generated itself)."""
        if words is None:
            words = self.cut(text)
        spans = find_spans(text, protect)
        flags = [0] * len(words)
        if spans:
            words, flags = _merge_spans(words, spans)
        sentiment, negators, degree, known = self.sentiment, self.negators, self.degree, self.known
        n = len(words)
        pol = [0] * n
        for i in range(n):
            word = words[i]
            if flags[i]:
                continue
            first = word[0]
            if first in PUNCT_CHARS or first.isspace():
                flags[i] = PUNCT if word.strip() and first in PUNCT_CHARS else PUNCT | PROT
                continue
            entry = sentiment.get(word)
            if entry is not None:
                pol[i] = entry[0]
                flags[i] |= SENT
            if word in negators:
                flags[i] |= NEG
            elif len(word) > 1 and word.startswith(NEGATION_START) and word not in degree \
                    and word not in self.connectives:
                flags[i] |= LEXNEG  # 不错, 没想到, 无聊: a negation inside a word is kept as it is
            if word in degree:
                flags[i] |= DEG
            if word in self.connectives:
                flags[i] |= CONN
        # A word that is both a degree adverb and a sentiment word (好) is the adverb when a word follows it in
        # its clause (好大, 好几次, 好久), the sentiment word otherwise (服务很好。).
        for i in range(n):
            if flags[i] & DEG and flags[i] & SENT and i + 1 < n and not flags[i + 1] & PUNCT \
                    and words[i + 1] not in FINAL_PARTICLES:
                flags[i] &= ~SENT
                pol[i] = 0
        # Unknown words: runs of two or more single characters that are neither function words nor lexicon
        # words (jieba without HMM leaves names and new words as single characters); and surname + given name.
        i = 0
        while i < n:
            if len(words[i]) == 1 and not flags[i] and words[i] not in FUNCTION_CHARS and words[i] not in known:
                j = i
                while j + 1 < n and len(words[j + 1]) == 1 and not flags[j + 1] & (PUNCT | PROT) \
                        and words[j + 1] not in FUNCTION_CHARS and words[j + 1] not in known:
                    j += 1
                if j > i:
                    for k in range(i, j + 1):
                        flags[k] |= PROT
                i = j + 1
                continue
            if (words[i] in NAME_SURNAMES and i + 1 < n and len(words[i + 1]) <= 2 and words[i + 1] in known
                    and not flags[i + 1] & (PUNCT | NEG | DEG)):
                flags[i] |= PROT
                flags[i + 1] |= PROT
                i += 2
                continue
            i += 1
        negations = []
        for i in range(n):
            if flags[i] & NEG and words[i] in negators:
                j = i + 1
                while j < n and (words[j] in NEGATION_BRIDGE or flags[j] & DEG) and not flags[j] & PUNCT and j - i < 4:
                    j += 1
                end = j + 1 if j < n and not flags[j] & PUNCT else j
                for k in range(i, end):
                    flags[k] |= NEG
                negations.append((i, end))
        return Analysis(text, words, flags, pol, negations)

    def clause_polarity(self, analysis: Analysis, clause: Clause) -> int | None:
        """+1 / -1 when the clause evaluates one way; None when mixed, unknown or hedged."""
        pol = analysis.pol
        total = set()
        negated = set()
        for s, e in analysis.negations:
            if clause.start <= s < clause.end:
                if not any(pol[k] for k in range(s, e)):
                    return None  # 没有想象中好吃: a negation whose scope we cannot read
                negated.update(range(s, e))
        for k in range(clause.start, clause.end):
            if pol[k]:
                total.add(-pol[k] if k in negated else pol[k])
        if len(total) != 1:
            return None
        return total.pop()


def _merge_spans(words: list[str], spans: list[tuple[int, int]]) -> tuple[list[str], list[int]]:
    """Join the words that overlap each protected span into one protected token."""
    out_words: list[str] = []
    out_flags: list[int] = []
    position = 0
    span_index = 0
    pending = ""
    pending_end = -1
    for word in words:
        start, end = position, position + len(word)
        position = end
        while span_index < len(spans) and spans[span_index][1] <= start:
            span_index += 1
        if pending:
            if start < pending_end:
                pending += word
                if end > pending_end:
                    pending_end = end
                continue
            out_words.append(pending)
            out_flags.append(PROT)
            pending = ""
        if span_index < len(spans) and spans[span_index][0] < end and start < spans[span_index][1]:
            pending = word
            pending_end = max(end, spans[span_index][1])
            continue
        out_words.append(word)
        out_flags.append(0)
    if pending:
        out_words.append(pending)
        out_flags.append(PROT)
    return out_words, out_flags
