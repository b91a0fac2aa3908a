"""Exact and near duplicates.

Exact duplicates: records equal in every field, and texts equal after trimming. Near duplicates: texts whose
sets of character 3-grams (after dropping whitespace and punctuation, latin letters lower-cased) have a
Jaccard similarity of at least `threshold` (0.8 by default).

Near duplicates are found without comparing all pairs. Each distinct text gets a 96-value MinHash signature
(one 64-bit hash per distinct 3-gram, 96 multiply-shift permutations, all in NumPy); locality-sensitive hashing
with 16 bands of 6 values puts texts whose signatures agree on a whole band in the same bucket (a pair at
Jaccard 0.8 shares a bucket with probability 0.99, a pair at 0.5 with probability 0.22). Pairs from a bucket
are screened by their signature estimate and then confirmed with the exact Jaccard similarity of their 3-gram
sets, so every reported pair truly meets the threshold. Clusters are the connected components of confirmed
pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..validators import as_text, is_missing

SHINGLE = 3
BINS = 64
BANDS = 16
ROWS_PER_BAND = BINS // BANDS
DEFAULT_THRESHOLD = 0.8
SCREEN_MARGIN = 0.2  # candidate pairs whose signature estimate is this far below the threshold are not verified
WINDOW = 4  # within an LSH bucket, each text is compared with this many bucket-mates before it
_STRIP = re.compile(r"[\s\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65!-/:-@\[-`{-~…—“”‘’·]+")
_PROBES = 32


def _mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a well-spread 64-bit hash of 64-bit keys."""
    x = np.asarray(x, dtype=np.uint64).copy()
    with np.errstate(over="ignore"):
        x ^= x >> np.uint64(30)
        x *= np.uint64(0xBF58476D1CE4E5B9)
        x ^= x >> np.uint64(27)
        x *= np.uint64(0x94D049BB133111EB)
        x ^= x >> np.uint64(31)
    return x


# Fixed probe sequences for densification: empty bin j looks at bins _PROBE_BINS[j, 0], [j, 1], ... in turn.
_PROBE_BINS = (_mix64(np.arange(BINS * _PROBES, dtype=np.uint64) + np.uint64(0x9E3779B97F4A7C15))
               % np.uint64(BINS)).astype(np.int64).reshape(BINS, _PROBES)


def normalise(text: str) -> str:
    """What near-duplicate detection compares: no whitespace or punctuation, latin letters lower-cased."""
    return _STRIP.sub("", text).lower()


@dataclass
class Shingles:
    """Character 3-grams of every text: text t owns ids[offsets[t]:offsets[t+1]] (in text order, may repeat)."""

    ids: np.ndarray
    offsets: np.ndarray


def shingle(texts: list[str]) -> Shingles:
    """Character 3-gram ids (a 3-gram's three code points packed into 63 bits) per text, vectorised.
    A text shorter than 3 characters is padded and has one 3-gram."""
    padded = [t if len(t) >= SHINGLE else t.ljust(SHINGLE, "\0") for t in texts]
    lengths = np.fromiter(map(len, padded), dtype=np.int64, count=len(padded))
    points = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    counts = lengths - SHINGLE + 1
    offsets = np.concatenate([[0], np.cumsum(counts)])
    # Every 3-gram of the concatenation, then drop the ones that straddle two texts.
    every = (points[:-2] << np.uint64(42)) | (points[1:-1] << np.uint64(21)) | points[2:]
    valid = np.ones(len(every) + 2, dtype=bool)
    ends = np.cumsum(lengths)
    valid[ends - 1] = False
    valid[ends - 2] = False
    ids = every[valid[:-2]]
    return Shingles(ids, offsets)


def signatures(sh: Shingles) -> np.ndarray:
    """(texts, BINS) uint32 MinHash signatures by one-permutation hashing with optimal densification.

    Each 3-gram is hashed once; the hash's top 6 bits pick one of 64 bins and the next 32 bits are its value; a
    bin keeps the smallest value. An empty bin (short texts) copies the first non-empty bin along a fixed
    pseudo-random probe sequence that is the same for every text (Shrivastava, ICML 2017), so two texts with
    the same 3-grams still get identical signatures and equal bins estimate the Jaccard similarity.
    """
    n = len(sh.offsets) - 1
    h = _mix64(sh.ids)
    bins = (h >> np.uint64(58)).astype(np.int64)
    values = ((h >> np.uint64(26)) & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    owner = np.repeat(np.arange(n, dtype=np.int64), np.diff(sh.offsets))
    empty_value = np.uint32(0xFFFFFFFF)
    filled = np.zeros(n * BINS, dtype=bool)
    filled[owner * BINS + bins] = True
    sig = np.full(n * BINS, empty_value, dtype=np.uint32)
    np.minimum.at(sig, owner * BINS + bins, values)
    source = filled.copy()
    empty = np.flatnonzero(~filled)  # flat (row * BINS + bin) positions still to fill
    for probe in range(_PROBES):
        if not len(empty):
            break
        target = empty - empty % BINS + _PROBE_BINS[empty % BINS, probe]
        take = source[target]
        sig[empty[take]] = sig[target[take]]
        empty = empty[~take]
    if len(empty):  # very short texts: copy the next non-empty bin to the right (circularly)
        rows = empty // BINS
        columns = np.arange(2 * BINS)
        doubled = np.where(np.tile(source.reshape(n, BINS)[rows], 2), columns, 4 * BINS)
        following = np.minimum.accumulate(doubled[:, ::-1], axis=1)[:, ::-1]
        nearest = following[np.arange(len(empty)), empty % BINS] % BINS
        sig[empty] = sig[rows * BINS + nearest]
    sig = sig.reshape(n, BINS)
    return sig


def _band_keys(sig: np.ndarray) -> np.ndarray:
    """(texts, BANDS) uint64 keys; equal keys mean equal band values (up to a 2^-64 collision)."""
    n = len(sig)
    keys = np.empty((n, BANDS), dtype=np.uint64)
    for b in range(BANDS):
        part = sig[:, b * ROWS_PER_BAND:(b + 1) * ROWS_PER_BAND].astype(np.uint64)
        h = np.full(n, b + 1, dtype=np.uint64)
        for j in range(ROWS_PER_BAND):
            h = _mix64(h ^ part[:, j])
        keys[:, b] = h
    return keys


def _candidate_pairs(keys: np.ndarray) -> np.ndarray:
    """(m, 2) pairs (i < j) that share a bucket in some band, each text paired with up to WINDOW mates before it."""
    pairs = []
    for b in range(keys.shape[1]):
        order = np.argsort(keys[:, b], kind="stable")
        sorted_keys = keys[order, b]
        for lag in range(1, WINDOW + 1):
            same = sorted_keys[lag:] == sorted_keys[:-lag]
            if not same.any():
                break
            i, j = order[:-lag][same], order[lag:][same]
            pairs.append(np.stack([np.minimum(i, j), np.maximum(i, j)], axis=1))
    if not pairs:
        return np.zeros((0, 2), dtype=np.int64)
    code = np.concatenate([p[:, 0] * len(keys) + p[:, 1] for p in pairs])
    code.sort()
    code = code[np.concatenate([[True], code[1:] != code[:-1]])]
    return np.stack([code // len(keys), code % len(keys)], axis=1)


def _screen(sig: np.ndarray, pairs: np.ndarray, floor: float) -> np.ndarray:
    """Pairs whose signatures agree in at least `floor` of their bins (the MinHash estimate of Jaccard)."""
    keep = np.zeros(len(pairs), dtype=bool)
    need = int(np.ceil(floor * BINS - 1e-9))
    step = 1 << 16
    for s in range(0, len(pairs), step):
        chunk = pairs[s:s + step]
        keep[s:s + step] = np.count_nonzero(sig[chunk[:, 0]] == sig[chunk[:, 1]], axis=1) >= need
    return pairs[keep]


def _gather(offsets: np.ndarray, values: np.ndarray, texts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """values[offsets[t]:offsets[t+1]] for each t in `texts`, one after another, and which position each came from."""
    starts, ends = offsets[texts], offsets[texts + 1]
    lengths = ends - starts
    first = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    index = np.repeat(starts - first, lengths) + np.arange(lengths.sum(), dtype=np.int64)
    return values[index], np.repeat(np.arange(len(texts), dtype=np.int64), lengths)


def exact_jaccard(sh: Shingles, pairs: np.ndarray) -> np.ndarray:
    """Exact Jaccard similarity of the 3-gram sets of each pair, vectorised.

    The texts involved get their distinct 3-grams as sorted small integers once; each pair's two sorted lists
    are then merged (a stable sort of two sorted runs) and equal neighbours counted."""
    out = np.zeros(len(pairs))
    if not len(pairs):
        return out
    involved, local = np.unique(pairs, return_inverse=True)
    local = local.reshape(pairs.shape)
    ids, owner = _gather(sh.offsets, sh.ids, involved)
    universe, compact = np.unique(ids, return_inverse=True)
    width = np.int64(len(universe))
    keys = np.sort(owner * width + compact)
    keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])]
    sets = keys % width
    offsets = np.searchsorted(keys // width, np.arange(len(involved) + 1))
    sizes = np.diff(offsets)
    step = 1 << 15
    for s in range(0, len(pairs), step):
        a, b = local[s:s + step, 0], local[s:s + step, 1]
        set_a, owner_a = _gather(offsets, sets, a)
        set_b, owner_b = _gather(offsets, sets, b)
        both = np.sort(np.concatenate([owner_a * width + set_a, owner_b * width + set_b]), kind="stable")
        shared = both[1:][both[1:] == both[:-1]]
        inter = np.bincount(shared // width, minlength=len(a))
        out[s:s + step] = inter / np.maximum(sizes[a] + sizes[b] - inter, 1)
    return out


@dataclass
class DuplicateGroups:
    """Rows grouped by duplication. `group[i]` is the cluster of row i (-1 for a missing text); rows in a cluster
    of one are unique. `redundant` counts rows a deduplication would drop (all but one per cluster)."""

    group: np.ndarray
    redundant: int
    considered: int
    pairs_checked: int = 0
    threshold: float | None = None

    @property
    def rate(self) -> float:
        return self.redundant / self.considered if self.considered else 0.0

    def clusters(self, limit: int = 10) -> list[np.ndarray]:
        """The largest clusters (size > 1), biggest first, each as sorted row positions."""
        present = self.group >= 0
        if not present.any():
            return []
        sizes = np.bincount(self.group[present])
        big = np.flatnonzero(sizes > 1)
        big = big[np.lexsort((big, -sizes[big]))][:limit]
        return [np.flatnonzero(self.group == g) for g in big]

    def duplicate_rows(self) -> np.ndarray:
        """Rows that repeat an earlier row of their cluster (the ones deduplication would drop)."""
        present = np.flatnonzero(self.group >= 0)
        _, first = np.unique(self.group[present], return_index=True)
        extra = np.ones(len(present), dtype=bool)
        extra[first] = False
        return np.sort(present[extra])


def _groups_from_labels(labels: np.ndarray, present: np.ndarray) -> DuplicateGroups:
    group = np.full(len(present), -1, dtype=np.int64)
    group[present] = labels
    considered = int(present.sum())
    distinct = len(np.unique(labels)) if considered else 0
    return DuplicateGroups(group, considered - distinct, considered)


def exact_record_duplicates(records: pd.DataFrame | dict[str, np.ndarray]) -> DuplicateGroups:
    """Records equal in every field (values compared as trimmed text, missing as empty). `records` is a frame
    or a dict of columns already turned into text."""
    columns = records if isinstance(records, dict) else {c: as_text(records[c]) for c in records.columns}
    n = len(next(iter(columns.values()))) if columns else 0
    if not columns or not n:
        return DuplicateGroups(np.full(n, -1, dtype=np.int64), 0, 0)
    combined = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for values in columns.values():
            combined = _mix64(combined * np.uint64(0x9E3779B97F4A7C15) + pd.util.hash_array(np.asarray(values, dtype=object)))
    labels, _ = pd.factorize(combined)
    return _groups_from_labels(labels, np.ones(n, dtype=bool))


def exact_text_duplicates(values) -> DuplicateGroups:
    """Texts equal after trimming; missing texts are left out."""
    text = as_text(values)
    present = ~is_missing(text)
    labels, _ = pd.factorize(text[present])
    return _groups_from_labels(labels, present)


def near_duplicates(values, threshold: float = DEFAULT_THRESHOLD) -> DuplicateGroups:
    """Clusters of texts that are exact or near duplicates (Jaccard of character 3-gram sets >= threshold)."""
    if not 0.0 < threshold <= 1.0:
        raise ValueError("the near-duplicate threshold must be in (0, 1]")
    text = as_text(values)
    present = ~is_missing(text)
    normal = np.array([normalise(t) for t in text[present]], dtype=object)
    labels, uniques = pd.factorize(normal)
    n = len(uniques)
    pairs_checked = 0
    if n > 1:
        sh = shingle(list(uniques))
        sig = signatures(sh)
        pairs = _candidate_pairs(_band_keys(sig))
        if len(pairs):
            pairs = _screen(sig, pairs, threshold - SCREEN_MARGIN)
            pairs_checked = len(pairs)
            pairs = pairs[exact_jaccard(sh, pairs) >= threshold - 1e-12]
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components

        graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
        _, component = connected_components(graph, directed=False)
        labels = component[labels]
    result = _groups_from_labels(labels, present)
    result.pairs_checked = pairs_checked
    result.threshold = threshold
    return result
