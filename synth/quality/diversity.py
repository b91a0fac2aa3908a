"""Diversity of a text column: distinct-n, the most repeated n-grams and the most common sentence openings.

Everything is counted in **characters**, not words: Chinese has no spaces, and segmenting with a dictionary would
make the numbers depend on the segmenter. distinct-n is the number of distinct character n-grams divided by the
number of n-gram occurrences over the whole column (n-grams never span two texts; whitespace is dropped, punctuation
counts). 1.0 means nothing repeats; templated text scores low on distinct-2.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .. import validators

SENTENCE_END = re.compile(r"(?<=[。！？!?；;…])|\n")
PUNCTUATION = set("，。！？；：、“”‘’（）《》…—,.!?;:()[]\"' ~·")
OPENING_CHARS = 4
TOP = 10


def _points(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Code points of all texts concatenated, and the start offset of every text (plus the total)."""
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    points = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    return points, np.concatenate([[0], np.cumsum(lengths)])


def _valid_starts(offsets: np.ndarray, total: int, n: int) -> np.ndarray:
    """True at positions where an n-gram starts and stays inside one text."""
    valid = np.ones(total, dtype=bool)
    ends = offsets[1:]
    for k in range(1, n):
        valid[np.maximum(ends - k, 0)] = False
    # A text shorter than n has no n-gram: its positions are among the last n-1 of its own end (marked above),
    # and a mark that lands in an earlier text falls in that text's own last n-1 positions.
    return valid[: max(total - n + 1, 0)]


def _ngram_ids(points: np.ndarray, offsets: np.ndarray, n: int) -> np.ndarray:
    """Ids (code points packed 21 bits each) of every character n-gram (n <= 3) that stays inside one text."""
    if len(points) < n:
        return np.zeros(0, dtype=np.uint64)
    ids = points[: len(points) - n + 1].copy()
    for k in range(1, n):
        ids = (ids << np.uint64(21)) | points[k: len(points) - n + 1 + k]
    return ids[_valid_starts(offsets, len(points), n)]


def distinct_n(texts: list[str], n: int) -> tuple[float, int, int]:
    """(distinct-n, distinct n-grams, n-gram occurrences), character level, for n in 1..3."""
    points, offsets = _points(texts)
    ids = _ngram_ids(points, offsets, n)
    if not len(ids):
        return 0.0, 0, 0
    if n == 1:
        distinct = int(np.count_nonzero(np.bincount(ids.astype(np.int64))))
    else:
        ids = np.sort(ids)
        distinct = 1 + int(np.count_nonzero(ids[1:] != ids[:-1]))
    return distinct / len(ids), distinct, len(ids)


def _hash_all(points: np.ndarray, n: int) -> np.ndarray:
    """A 64-bit polynomial hash of the n-gram starting at every position (contiguous slices, no gathers)."""
    m = len(points) - n + 1
    h = np.zeros(m, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(n):
            h = h * np.uint64(0x100000001B3) + points[k: m + k] + np.uint64(1)
    return h


_IS_PUNCTUATION = np.zeros(0x110000, dtype=bool)
_IS_PUNCTUATION[[ord(c) for c in PUNCTUATION]] = True


def top_ngrams(texts: list[str], n: int = 4, top: int = TOP, skip_punctuation: bool = True) -> list[tuple[str, int]]:
    """The most frequent character n-grams with their counts (n-grams containing punctuation skipped).
    Counted in NumPy: each n-gram gets a 64-bit polynomial hash; the strings are read back for the top ones."""
    points, offsets = _points(texts)
    if len(points) < n:
        return []
    starts = np.flatnonzero(_valid_starts(offsets, len(points), n))
    if skip_punctuation:
        bad = _IS_PUNCTUATION[points.astype(np.int64)]
        window = np.zeros(len(points) - n + 1, dtype=bool)
        for k in range(n):
            window |= bad[k: len(points) - n + 1 + k]
        starts = starts[~window[starts]]
    if not len(starts):
        return []
    h = _hash_all(points, n)[starts]
    ordered = np.sort(h)
    edges = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1], [True]]))
    counts, keys = np.diff(edges), ordered[edges[:-1]]
    best = [i for i in np.lexsort((keys, -counts))[:top] if counts[i] > 1]
    joined = "".join(texts)
    out = []
    for i in best:  # read each top n-gram back from one place it occurs
        at = int(starts[np.flatnonzero(h == keys[i])[0]])
        out.append((joined[at: at + n], int(counts[i])))
    return out

def join_overlapping(grams: list[tuple[str, int]], n: int) -> list[tuple[str, int]]:
    """Chain n-grams that overlap by n-1 characters and occur equally often into one phrase: 希望对后, 望对后来,
    对后来的 (924 each) read better as 希望对后来的 (924). Most frequent first."""
    phrases = [[g, c] for g, c in grams]
    merged = True
    while merged:
        merged = False
        for a in phrases:
            for b in phrases:
                if a is not b and a[1] == b[1] and a[0][-(n - 1):] == b[0][:n - 1] and b[0] not in a[0]:
                    a[0] += b[0][n - 1:]
                    phrases.remove(b)
                    merged = True
                    break
            if merged:
                break
    phrases = [p for p in phrases if not any(q is not p and q[1] == p[1] and p[0] in q[0] for q in phrases)]
    return [(p, c) for p, c in sorted(phrases, key=lambda pc: (-pc[1], pc[0]))]


def sentence_openings(texts: list[str], chars: int = OPENING_CHARS, top: int = TOP) -> tuple[list[tuple[str, int]], int]:
    """The most common first `chars` characters of sentences (split after 。！？!?；; and newlines), and how many
    sentences there were."""
    counts: Counter = Counter()
    total = 0
    for t in texts:
        for sentence in SENTENCE_END.split(t):
            sentence = sentence.strip().lstrip("，,、")
            if len(sentence) >= 2:
                counts[sentence[:chars]] += 1
                total += 1
    return counts.most_common(top), total


@dataclass
class Diversity:
    texts: int
    distinct_1: float
    distinct_2: float
    top_ngrams: list[tuple[str, int]] = field(default_factory=list)
    ngram_size: int = 4
    openings: list[tuple[str, int]] = field(default_factory=list)
    sentences: int = 0
    sampled: int = 0

    def to_dict(self) -> dict:
        return {"texts": self.texts, "unit": "character", "distinct_1": self.distinct_1, "distinct_2": self.distinct_2,
                "top_ngrams": {"n": self.ngram_size, "joined": True, "texts_counted": self.sampled,
                               "items": [[g, c] for g, c in self.top_ngrams]},
                "sentence_openings": {"chars": OPENING_CHARS, "sentences": self.sentences,
                                      "items": [[g, c] for g, c in self.openings]}}


def diversity(values, sample_limit: int = 50_000) -> Diversity:
    """Character-level diversity of a text column (missing values left out). distinct-n uses every text; the
    top n-grams and sentence openings use at most `sample_limit` texts, evenly spaced (`sampled` says how many)."""
    text = validators.as_text(values)
    texts = [t for t in text if t]
    squeezed = ["".join(t.split()) for t in texts]
    total = len(squeezed)
    d1 = distinct_n(squeezed, 1)[0]
    d2 = distinct_n(squeezed, 2)[0]
    if len(texts) > sample_limit:
        pick = np.linspace(0, len(texts) - 1, sample_limit).astype(np.int64)
        texts = [texts[i] for i in pick]
        squeezed = [squeezed[i] for i in pick]
    grams = join_overlapping(top_ngrams(squeezed, 4, top=60), 4)[:TOP]
    openings, sentences = sentence_openings(texts)
    return Diversity(total, d1, d2, grams, 4, openings, sentences, len(texts))
