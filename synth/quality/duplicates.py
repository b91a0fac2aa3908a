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
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from ..validators import as_text, is_missing

SHINGLE = 3
PERMUTATIONS = 96
BANDS = 16
ROWS_PER_BAND = PERMUTATIONS // BANDS
DEFAULT_THRESHOLD = 0.8
WINDOW = 4  # within an LSH bucket, each text is compared with this many bucket-mates before it
_STRIP = re.compile(r"[\s\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65!-/:-@\[-`{-~…—“”‘’·]+")
_MASK64 = (1 << 64) - 1


def _permutation_parameters() -> tuple[np.ndarray, np.ndarray]:
    """Fixed odd multipliers and offsets (from a fixed seed, so signatures are the same everywhere)."""
    rng = np.random.Generator(np.random.Philox(key=0x5EED_D0B1E))
    a = rng.integers(1, 2**63, size=PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 2**63, size=PERMUTATIONS, dtype=np.uint64)
    return a, b


_A, _B = _permutation_parameters()


def _mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: a well-spread 64-bit hash of 64-bit keys."""
    x = x.astype(np.uint64, copy=True)
    with np.errstate(over="ignore"):
        x ^= x >> np.uint64(30)
        x *= np.uint64(0xBF58476D1CE4E5B9)
        x ^= x >> np.uint64(27)
        x *= np.uint64(0x94D049BB133111EB)
        x ^= x >> np.uint64(31)
    return x


def normalise(text: str) -> str:
    return _STRIP.sub("", text).lower()


@dataclass
class Shingles:
    """Distinct 3-grams of each text as CSR: text t owns ids[offsets[t]:offsets[t+1]] (sorted, distinct)."""

    ids: np.ndarray
    offsets: np.ndarray


def shingle(texts: list[str]) -> Shingles:
    """Character 3-gram ids (a 3-gram's three code points packed into 63 bits) per text, vectorised."""
    padded = [t if len(t) >= SHINGLE else t.ljust(SHINGLE, "\0") for t in texts]
    lengths = np.fromiter(map(len, padded), dtype=np.int64, count=len(padded))
    points = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    counts = lengths - SHINGLE + 1
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    # Position of every shingle in the concatenated code points: text start + 0..count-1.
    owner = np.repeat(np.arange(len(padded), dtype=np.int64), counts)
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    position = starts[owner] + (np.arange(counts.sum(), dtype=np.int64) - first[owner])
    ids = (points[position] << np.uint64(42)) | (points[position + 1] << np.uint64(21)) | points[position + 2]
    # Distinct shingles per text, sorted: sort by (owner, id).
    order = np.lexsort((ids, owner))
    ids, owner = ids[order], owner[order]
    keep = np.ones(len(ids), dtype=bool)
    keep[1:] = (ids[1:] != ids[:-1]) | (owner[1:] != owner[:-1])
    ids, owner = ids[keep], owner[keep]
    offsets = np.searchsorted(owner, np.arange(len(padded) + 1))
    return Shingles(ids, offsets)


def signatures(sh: Shingles, chunk: int = 1 << 18) -> np.ndarray:
    """(texts, PERMUTATIONS) uint32 MinHash signatures."""
    n = len(sh.offsets) - 1
    uniq, inverse = np.unique(sh.ids, return_inverse=True)
    base = _mix64(uniq)
    with np.errstate(over="ignore"):
        table = ((base[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)).astype(np.uint32)
    out = np.empty((n, PERMUTATIONS), dtype=np.uint32)
    # Reduce whole texts per chunk of shingles.
    t = 0
    while t < n:
        stop = int(np.searchsorted(sh.offsets, sh.offsets[t] + chunk, side="right")) - 1
        stop = max(stop, t + 1)
        lo, hi = sh.offsets[t], sh.offsets[stop]
        block = table[inverse[lo:hi]]
        out[t:stop] = np.minimum.reduceat(block, sh.offsets[t:stop] - lo, axis=0)
        t = stop
    return out


def _band_keys(sig: np.ndarray) -> np.ndarray:
    """(texts, BANDS) uint64 keys; equal keys mean equal band values (up to a 2^-64 collision)."""
    n = len(sig)
    keys = np.empty((n, BANDS), dtype=np.uint64)
    for b in range(BANDS):
        part = sig[:, b * ROWS_PER_BAND:(b + 1) * ROWS_PER_BAND].astype(np.uint64)
        h = np.full(n, b + 1, dtype=np.uint64)
        for j in range(ROWS_PER_BAND):
            with np.errstate(over="ignore"):
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
    return np.unique(np.concatenate(pairs), axis=0)


def exact_jaccard(sh: Shingles, pairs: np.ndarray) -> np.ndarray:
    """Exact Jaccard similarity of the 3-gram sets of each pair, vectorised (sort and count shared ids)."""
    if len(pairs) == 0:
        return np.zeros(0)
    sizes = np.diff(sh.offsets)
    a, b = pairs[:, 0], pairs[:, 1]
    inter = np.zeros(len(pairs), dtype=np.int64)
    step = 1 << 16
    for s in range(0, len(pairs), step):
        pa, pb = a[s:s + step], b[s:s + step]
        which = np.arange(len(pa), dtype=np.int64)
        side_a = _gather(sh, pa)
        side_b = _gather(sh, pb)
        owner = np.concatenate([np.repeat(which, sizes[pa]), np.repeat(which, sizes[pb])])
        ids = np.concatenate([side_a, side_b])
        order = np.lexsort((ids, owner))
        ids, owner = ids[order], owner[order]
        shared = (ids[1:] == ids[:-1]) & (owner[1:] == owner[:-1])
        inter[s:s + step] = np.bincount(owner[1:][shared], minlength=len(pa))
    union = sizes[a] + sizes[b] - inter
    return inter / np.maximum(union, 1)


def _gather(sh: Shingles, texts: np.ndarray) -> np.ndarray:
    starts, ends = sh.offsets[texts], sh.offsets[texts + 1]
    lengths = ends - starts
    first = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    index = np.repeat(starts - first, lengths) + np.arange(lengths.sum(), dtype=np.int64)
    return sh.ids[index]


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


def exact_record_duplicates(frame: pd.DataFrame) -> DuplicateGroups:
    """Records equal in every field (values compared as trimmed text, missing as empty)."""
    if frame.shape[1] == 0 or len(frame) == 0:
        return DuplicateGroups(np.full(len(frame), -1, dtype=np.int64), 0, 0)
    text = pd.DataFrame({c: as_text(frame[c]) for c in frame.columns})
    hashed = pd.util.hash_pandas_object(text, index=False).to_numpy()
    labels, _ = pd.factorize(hashed)
    return _groups_from_labels(labels, np.ones(len(frame), dtype=bool))


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
            estimate = (sig[pairs[:, 0]] == sig[pairs[:, 1]]).mean(axis=1)
            pairs = pairs[estimate >= threshold - 0.15]
            pairs_checked = len(pairs)
            pairs = pairs[exact_jaccard(sh, pairs) >= threshold - 1e-12]
        graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
        _, component = connected_components(graph, directed=False)
        labels = component[labels]
    result = _groups_from_labels(labels, present)
    result.pairs_checked = pairs_checked
    result.threshold = threshold
    return result
