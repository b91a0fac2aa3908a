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
from functools import partial

from .. import speedups
from .lexicon import FUNCTION_CHARS, Lexicon
from .spans import NAME_SURNAMES, find_spans

PROT, NEG, LEXNEG, DEG, PUNCT, SENT, CONN = 1, 2, 4, 8, 16, 32, 64
FROZEN = PROT | NEG | LEXNEG | PUNCT  # flags of tokens no operation may change

# The marking loops in C (synth/_marks.c), when built: the same flags as the methods of Analyser below.
_cmarks = speedups.load("_marks")
if _cmarks is not None and _cmarks.FLAGS != (PROT, NEG, LEXNEG, DEG, PUNCT, SENT, CONN):
    _cmarks = None   # built from another version of this file

CLAUSE_MARKS = frozenset("，,；;：:")
SENTENCE_MARKS = frozenset("。！？!?…\n")
PUNCT_CHARS = CLAUSE_MARKS | SENTENCE_MARKS | frozenset("、～~—－-（）()[]【】“”\"'‘’「」『』《》 \t\r·.．")
NEGATION_CHARS = frozenset("不没无未别非莫")
# Words that may stand between a negator and the word it negates: 不太好, 不是很好, 没那么好, 不怎么好吃.
NEGATION_BRIDGE = frozenset({"是", "太", "很", "那么", "这么", "怎么", "怎样", "够", "算", "大", "特别", "十分",
                             "非常", "咋", "多", "算是", "甚", "怎么样", "会", "能", "想", "再", "也", "都", "还",
                             "有", "让", "令", "是很", "觉得", "感觉", "算太", "太过"})

FINAL_PARTICLES = frozenset({"了", "的", "啊", "吧", "呀", "哦", "呢", "啦", "哈", "嘛", "呐", "哇"})
_PIECES = re.compile(r"([，,；;：:。！？!?…\n]+)")
_CLAUSES = re.compile(r"[，,；;：:。！？!?…\n]+")
_MARKS = frozenset("，,；;：:。！？!?…\n")


@dataclass(slots=True)
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
            for i in [i for i, f in enumerate(self.flags) if f & PUNCT]:   # few tokens are punctuation
                word = words[i]
                if word[0] in _MARKS:
                    clauses.append(Clause(start, i, word, word[0] in SENTENCE_MARKS))
                    start = i + 1
            if start < len(words):
                clauses.append(Clause(start, len(words), "", True))
            self._clauses = clauses
        return self._clauses

    def signature(self) -> tuple[int, int, tuple[str, ...]]:
        """(positive sentiment words, negative sentiment words, sorted negations with the words they govern)."""
        positive, negative, negations = _signature(self.words, self.flags, self.pol, self.negations, 0,
                                                   len(self.words))
        return positive, negative, canonical_negations(negations)


# Negators that say the same (没有去 = 没去, 不怎么好 = 不是很好 = 不太好, 一点都不好 = 一点也不好, 不要去 = 别去): a
# signature reads them alike, so a rewrite between the forms keeps the label (colloquial.py); any other change to a
# negation still shows.
NEGATOR_TWINS = (("没有", "没"), ("不怎么", "不太"), ("不是很", "不太"), ("不是太", "不太"), ("不要", "别"),
                 ("一点都不", "一点也不"), ("一点儿都不", "一点儿也不"))


def canonical_negation(negation: str) -> str:
    for long, short in NEGATOR_TWINS:
        if long in negation:
            negation = negation.replace(long, short)
    return negation


def canonical_negations(negations) -> tuple[str, ...]:
    return tuple(sorted(map(canonical_negation, negations)))


def _signature(words, flags, pol, negation_spans, start, end) -> tuple[int, int, tuple[str, ...]]:
    positive = negative = 0
    for p in pol[start:end]:
        if p > 0:
            positive += 1
        elif p < 0:
            negative += 1
    negations = ["".join(words[s:e]) for s, e in negation_spans if start <= s < end]
    negations.extend([word for word, f in zip(words[start:end], flags[start:end]) if f & LEXNEG])
    return positive, negative, tuple(sorted(negations))


def _clause_signatures(analysis: Analysis) -> tuple[list[tuple[int, int, tuple]], bool]:
    """(start, end, signature) of every clause between clause marks, read in one pass over the tokens (the
    same as `_signature` over each clause), and whether all were read: the pass stops at a protected token
    that swallowed a clause mark."""
    words, flags, pol = analysis.words, analysis.flags, analysis.pol
    negation_ends = {start: end for start, end in analysis.negations}
    out = []
    start = positive = negative = 0
    negations: list[str] = []
    for i, word in enumerate(words):
        f = flags[i]
        if f & PUNCT and word[0] in _MARKS:
            if i > start:
                out.append((start, i, (positive, negative, tuple(sorted(negations)))))
            start, positive, negative, negations = i + 1, 0, 0, []
            continue
        if f & PROT and any(c in _MARKS for c in word):
            return out, False
        p = pol[i]
        if p > 0:
            positive += 1
        elif p < 0:
            negative += 1
        if i in negation_ends:
            negations.append("".join(words[i:negation_ends[i]]))
        if f & LEXNEG:
            negations.append(word)
    if len(words) > start:
        out.append((start, len(words), (positive, negative, tuple(sorted(negations)))))
    return out, True


def clause_signatures(analysis: Analysis) -> tuple[list[tuple[int, int, tuple]], bool]:
    """`_clause_signatures`, in C where it is built."""
    if _cmarks is not None:
        return _cmarks.clause_signatures(analysis.words, analysis.flags, analysis.pol, analysis.negations)
    return _clause_signatures(analysis)


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
        self._word_marks = self._lexicon_marks()
        # single characters that are words (function words, lexicon words): never part of an unknown run
        self._word_chars = FUNCTION_CHARS | {word for word in self.known if len(word) == 1}
        self._signatures: dict[str, tuple] = {}
        fast_cut = segmenter.clause_cutter()
        if fast_cut is not None:
            self.cut = fast_cut   # the same words as the method below (tests/test_wordcut.py)
        if _cmarks is not None:   # the same flags as the methods below (tests/test_augment.py)
            self._mark_words = partial(_cmarks.mark_words, self._word_marks, PUNCT_CHARS, NEGATION_CHARS)
            self._protect_unknown_words = partial(_cmarks.protect_unknown, self._word_chars, self.known,
                                                  NAME_SURNAMES)
            self._mark_negations = partial(_cmarks.mark_negations, self.negators, NEGATION_BRIDGE)

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
                found = self._piece_signature(piece)
                if len(cache) > self.SIGNATURE_CACHE:
                    cache.clear()
                cache[piece] = found
            positive += found[0]
            negative += found[1]
            if found[2]:
                negations.extend(found[2])
        return positive, negative, canonical_negations(negations)

    def seed_signatures(self, analysis: Analysis) -> tuple[int, int, tuple[str, ...]] | None:
        """Put the clause signatures of an analysed text into the cache (what `signature` would compute), so
        reading a source costs one pass, and return `signature(analysis.text)`. Stops and returns None where a
        protected token swallowed a clause mark: the rest of that text is left to the slow path."""
        clauses, complete = clause_signatures(analysis)
        cache = self._signatures
        if len(cache) > self.SIGNATURE_CACHE:
            cache.clear()
        words = analysis.words
        positive = negative = 0
        negations: list[str] = []
        for start, end, computed in clauses:
            piece = "".join(words[start:end])
            found = cache.get(piece)
            if found is None:
                found = cache[piece] = computed
            positive += found[0]
            negative += found[1]
            negations.extend(found[2])
        return (positive, negative, canonical_negations(negations)) if complete else None

    def cut(self, text: str) -> list[str]:
        words: list[str] = []
        cut = self.segmenter.cut
        # split() with a capturing group alternates: clause text at even places, runs of marks at odd ones
        for place, piece in enumerate(_PIECES.split(text)):
            if place % 2:
                words.extend(piece)  # each mark is its own token
            elif piece:
                words.extend(cut(piece))
        return words

    def analyse(self, text: str, protect: list[tuple[int, int]] | None = None,
                words: list[str] | None = None) -> Analysis:
        """`words`: a segmentation to use instead of cutting (text that synth generated itself)."""
        words, flags, pol = self._read(text, protect, words)
        self._protect_terms(text, words, flags)
        self._protect_unknown_words(words, flags)
        negations = self._negations(words, flags)
        return Analysis(text, words, flags, pol, negations)

    def _protect_terms(self, text: str, words: list[str], flags: list[int]) -> None:
        """Fixed terms and internet idioms of lexicons/text/protected.tsv (手感, 性价比, 客房服务员, 给力), and a
        word that an English suffix turns into slang (开心ing, 心动ing), stay as written."""
        protected = self.lexicon.protected
        if not protected.isdisjoint(words):
            for i, word in enumerate(words):
                if word in protected:
                    flags[i] |= PROT
        if "ing" in text.lower():
            for i, word in enumerate(words):
                if i and word[:3].lower() == "ing" and word.isascii() and not words[i - 1].isascii():
                    flags[i - 1] |= PROT

    def _piece_signature(self, piece: str) -> tuple[int, int, tuple[str, ...]]:
        """`analyse(piece).signature()` without protecting unknown words, which the signature does not read
        (nor does the negation scope: it looks at negators, bridges, degree adverbs and punctuation)."""
        words, flags, pol = self._read(piece, None, None)
        negations = self._negations(words, flags)
        return _signature(words, flags, pol, negations, 0, len(words))

    def _read(self, text: str, protect, words) -> tuple[list[str], list[int], list[int]]:
        """Words, flags and polarities: the text cut (unless `words` are given), protected spans merged into
        single tokens, punctuation and lexicon words marked."""
        if words is None:
            words = self.cut(text)
        spans = find_spans(text, protect)
        if spans:
            words, flags = _merge_spans(words, spans)
        else:
            flags = [0] * len(words)
        pol = [0] * len(words)
        ambiguous = self._mark_words(words, flags, pol)
        self._settle_degree_or_sentiment(words, flags, pol, ambiguous)
        return words, flags, pol

    def _mark_words(self, words: list[str], flags: list[int], pol: list[int]) -> list[int]:
        """Flag punctuation and lexicon words in place; returns the positions of words that are both a degree
        adverb and a sentiment word (好), which only their neighbour can settle."""
        marks_of = self._word_marks.get
        ambiguous = []
        for i, word in enumerate(words):
            if flags[i]:
                continue
            marks = marks_of(word)  # no word in the table starts with punctuation
            if marks is not None:
                flags[i], pol[i] = marks
                if marks[0] & DEG and marks[0] & SENT:
                    ambiguous.append(i)
                continue
            first = word[0]
            if first in PUNCT_CHARS or first.isspace():
                flags[i] = PUNCT if word.strip() and first in PUNCT_CHARS else PUNCT | PROT
            elif len(word) > 1 and first in NEGATION_CHARS:
                flags[i] = LEXNEG  # 不错, 没想到, 无聊: a negation inside a word is kept as it is
        return ambiguous

    def _lexicon_marks(self) -> dict[str, tuple[int, int]]:
        """(flags, polarity) of every word the lexicon knows as a sentiment word, negator, degree adverb or
        connective; any other word is only flagged when a negation starts it (see `_mark_words`)."""
        marks = {}
        for word in set(self.sentiment) | set(self.negators) | set(self.degree) | set(self.connectives):
            if not word or word[0] in PUNCT_CHARS or word[0].isspace():
                continue  # read as punctuation, like any word that starts with it
            flags, polarity = 0, 0
            entry = self.sentiment.get(word)
            if entry is not None:
                polarity = entry[0]
                flags |= SENT
            if word in self.negators:
                flags |= NEG
            elif len(word) > 1 and word[0] in NEGATION_CHARS and word not in self.degree \
                    and word not in self.connectives:
                flags |= LEXNEG
            if word in self.degree:
                flags |= DEG
            if word in self.connectives:
                flags |= CONN
            marks[word] = (flags, polarity)
        return marks

    def _settle_degree_or_sentiment(self, words, flags, pol, ambiguous) -> None:
        """A word that is both a degree adverb and a sentiment word (好) is the adverb when a word follows it in
        its clause (好大, 好几次, 好久), the sentiment word otherwise (服务很好。) and when a noun follows it
        after a classifier or 是 (一本好书, 是好酒店: the adjective before its noun)."""
        n = len(words)
        tags = self.segmenter.tags
        for i in ambiguous:
            if i + 1 < n and i and _attributive(words, i, tags):
                flags[i] &= ~DEG
                continue
            if i + 1 < n and not flags[i + 1] & PUNCT and words[i + 1] not in FINAL_PARTICLES:
                flags[i] &= ~SENT
                pol[i] = 0

    def _protect_unknown_words(self, words, flags) -> None:
        """Unknown words: runs of two or more single characters that are neither function words nor lexicon
        words (jieba without HMM leaves names and new words as single characters); and surname + given name."""
        word_chars, known = self._word_chars, self.known
        n = len(words)
        i = 0
        while i < n:
            word = words[i]
            if not flags[i] and len(word) == 1 and word not in word_chars:
                j = i
                while j + 1 < n and len(words[j + 1]) == 1 and not flags[j + 1] & (PUNCT | PROT) \
                        and words[j + 1] not in word_chars:
                    j += 1
                if j > i:
                    for k in range(i, j + 1):
                        flags[k] |= PROT
                i = j + 1
                continue
            if (word in NAME_SURNAMES and i + 1 < n and len(words[i + 1]) <= 2 and words[i + 1] in known
                    and not flags[i + 1] & (PUNCT | NEG | DEG)):
                flags[i] |= PROT
                flags[i + 1] |= PROT
                i += 2
                continue
            i += 1

    def _negations(self, words, flags) -> list[tuple[int, int]]:
        """`_mark_negations`, and 不是 before a degree adverb read as the negator it is there (不是很满意 is 'not very
        satisfied', 不是特别喜欢 'not especially fond of'): the cutter splits the lexicon's 不是很 into 不是 + 很,
        and 不是 alone is the connective of 不是A而是B, so the words it negates were read as plain praise or blame."""
        negations = self._mark_negations(words, flags)
        if COPULA_NEGATOR in words:
            _mark_copula_negations(words, flags, negations)
        return negations

    def _mark_negations(self, words, flags) -> list[tuple[int, int]]:
        """(start, end) of each negator with the words it governs (不太干净), all flagged NEG."""
        negators = self.negators
        n = len(words)
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
        return negations

    def clause_polarity(self, analysis: Analysis, clause: Clause) -> int | None:
        """+1 / -1 when the clause evaluates one way; None when mixed, unknown or hedged."""
        pol = analysis.pol
        start = clause.start
        scores = pol[start:clause.end]
        if not any(scores):
            return None  # nothing evaluative (a negation alone is not read either)
        negated = set()
        for s, e in analysis.negations:
            if start <= s < clause.end:
                if not any(pol[s:e]):
                    return None  # 没有想象中好吃: a negation whose scope we cannot read
                negated.update(range(s, e))
        total = {-p if start + k in negated else p for k, p in enumerate(scores) if p}
        if len(total) != 1:
            return None
        return total.pop()


COPULA_NEGATOR = "不是"


def _mark_copula_negations(words, flags, negations: list[tuple[int, int]]) -> None:
    """不是 + degree adverb(s) + the word they grade, flagged NEG and added to `negations` in order (see
    `Analyser._negations`); 不是 before anything else (不是我的错, 不是A而是B) is left as it was."""
    n = len(words)
    for i, word in enumerate(words):
        if word != COPULA_NEGATOR or flags[i] & (PUNCT | PROT) or i + 1 >= n or not flags[i + 1] & DEG \
                or flags[i + 1] & (PUNCT | PROT):
            continue
        j = i + 1
        while j < n and (words[j] in NEGATION_BRIDGE or flags[j] & DEG) and not flags[j] & PUNCT and j - i < 4:
            j += 1
        end = j + 1 if j < n and not flags[j] & (PUNCT | PROT) else j
        for k in range(i, end):
            flags[k] |= NEG
        negations.append((i, end))
    negations.sort()


# What a noun after 好 is, when 好 is its adjective: jieba's noun tags (not 好几次's numeral, 好久's adjective).
NOUN_TAGS = frozenset({"n", "nz", "ng", "nr", "ns", "nt"})


def _attributive(words, i: int, tags) -> bool:
    """好 at i stands before a noun it describes: 一本好书, 这家好酒店, 是好书 (not 好大, 好几次, 好久, 好像)."""
    before = words[i - 1]
    if (tags.get(words[i + 1]) or "") not in NOUN_TAGS:
        return False
    if len(before) == 1 and before in CLASSIFIER_CHARS:  # 是家好酒店, 一个好人
        return i >= 2 and words[i - 2] in ("是", "这", "那", "一")
    return before in ("是", "一个", "这个", "那个") or len(before) == 2 and before[0] in "一这那每" \
        and before[1] in CLASSIFIER_CHARS


CLASSIFIER_CHARS = frozenset("本家部款台间个件只条份位种张双套场所支瓶杯碗盒袋")


def _merge_spans(words: list[str], spans: list[tuple[int, int]]) -> tuple[list[str], list[int]]:
    """Join the words that overlap each protected span into one protected token."""
    out_words: list[str] = []
    out_flags: list[int] = []
    position = 0
    span_index = 0
    pending = ""
    pending_end = -1
    for k, word in enumerate(words):
        start, end = position, position + len(word)
        position = end
        while span_index < len(spans) and spans[span_index][1] <= start:
            span_index += 1
        if span_index == len(spans) and not pending:
            # past the last span: the remaining words are plain (most texts have one span, a number, early)
            out_words.extend(words[k:])
            out_flags.extend([0] * (len(words) - k))
            break
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
