"""Augmenting Chinese text without a language model: synonym, restructure, expand, and EDA's insert/swap/delete.

    from synth.augmenters import augment
    frame = augment(["这手机的电池很耐用，屏幕也很清晰。"], ops=("synonym", "restructure"), n=4, seed=0)
    # columns: source (row index of the text), variant (0..), text, ops ("restructure+synonym")

Every variant is a pure function of (seed, source row index, variant index): the same seed gives the same
variants whatever the batch size or number of workers (pass `start` when you feed a slice of a larger list).
Protected spans (numbers, prices, dates, IDs, names, titles, slot values, negations) never change; the label
signature (sentiment-word polarities and negations) of every variant is checked against its source's.
A text that offers nothing safe to change gets fewer than `n` variants; `frame.attrs["report"]` counts them.
"""

from __future__ import annotations

import multiprocessing
from collections import deque

import pandas as pd

from ..errors import SynthError
from ..pool import submit, worker_pool
from .pipeline import OPS, AugmentReport, Augmenter, check_texts, parse_ops, share_within
from .random import variant_key

__all__ = ["augment", "Augmenter", "AugmentReport", "OPS", "augment_rows"]

_AUGMENTERS: dict = {}
CHUNK = 2048


def _augmenter(ops, alpha, rate) -> Augmenter:
    key = (tuple(ops), float(alpha), float(rate))
    augmenter = _AUGMENTERS.get(key)
    if augmenter is None:
        augmenter = _AUGMENTERS[key] = Augmenter(ops, alpha=alpha, rate=rate)
    return augmenter


def augment_rows(texts: list[str], start: int, n: int, seed: int, ops, alpha: float, rate: float,
                 protect=None, segments=None) -> tuple[list[tuple[int, int, str, str]], AugmentReport]:
    """(source row, variant, text, ops) for texts[i] as row start + i; the unit a worker runs."""
    augmenter = _augmenter(ops, alpha, rate)
    key = variant_key(seed)
    report = AugmentReport()
    rows = []
    for i, text in enumerate(texts):
        found = augmenter.variants(text, start + i, n, key, protect[i] if protect else None,
                                   segments[i] if segments else None, report)
        rows.extend((start + i, k, variant, used) for k, (variant, used) in enumerate(found))
    return rows, report


def iter_chunks(texts, n, seed, ops, alpha, rate, start=0, protect=None, segments=None, workers=1,
                chunk=None):
    """Yield (rows, report) chunk by chunk, in order; with workers > 1 chunks run in parallel processes."""
    chunk = chunk or CHUNK
    bounds = [(s, min(s + chunk, len(texts))) for s in range(0, len(texts), chunk)]

    def args(a, b):
        return (texts[a:b], start + a, n, seed, ops, alpha, rate, protect[a:b] if protect else None,
                segments[a:b] if segments else None)

    if workers <= 1 or len(bounds) <= 1:
        for a, b in bounds:
            yield augment_rows(*args(a, b))
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    with worker_pool(workers, context) as pool:
        pending: deque = deque()
        for a, b in bounds:  # at most two chunks per worker in flight, results in order
            pending.append(submit(pool, augment_rows, *args(a, b)))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def augment(texts, ops=("synonym", "restructure"), n: int = 4, seed: int = 0, *, alpha: float = 0.1,
            rate: float = 0.4, start: int = 0, include_originals: bool = False, protect=None, segments=None,
            workers: int = 1) -> pd.DataFrame:
    """Augment a list of Chinese texts; returns a DataFrame with one row per variant.

    texts: list of str. ops: names from OPS ("synonym", "restructure", "expand", "insert", "swap", "delete"),
    a tuple or a comma-separated string; "eda" means synonym+insert+swap+delete. n: variants wanted per text.
    alpha: EDA's share of words changed by insert/swap/delete. rate: share of replaceable words `synonym`
    replaces. start: the row index of texts[0] (randomness is keyed by it). include_originals: put each source
    text before its variants (variant -1, ops ""). protect: per text, a list of (start, end) character spans or
    strings that must not change (slot values). segments: per text, the grammar's (text, kind, tag) segments
    for text synth generated (`synth.grammar.segments`), used instead of re-segmenting. workers: processes.

    Columns: source (int, row index), variant (int), text (str), ops (str, e.g. "restructure+synonym").
    `result.attrs["report"]` is a dict from AugmentReport.as_dict() (how many texts got fewer than n variants).
    """
    texts = check_texts(texts)
    ops = parse_ops(ops)
    alpha, rate = share_within(alpha, "alpha", 0.5), share_within(rate, "rate", 1.0)
    for name, value in (("n", n), ("seed", seed), ("start", start), ("workers", workers)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise SynthError(f"{name} must be a whole number, got {value!r}.")
    if n < 1:
        raise SynthError(f"n must be at least 1, got {n}.")
    if start < 0 or seed < 0 or workers < 1:
        raise SynthError("seed and start must not be negative, and workers must be at least 1.")
    for name, value in (("protect", protect), ("segments", segments)):
        if value is not None and not isinstance(value, (list, tuple)):
            raise SynthError(f"{name} must be a list with one entry per text, not {type(value).__name__}.")
        if value is not None and len(value) != len(texts):
            raise SynthError(f"{name} must have one entry per text ({len(texts)}), got {len(value)}.")
    if protect is not None:
        protect = [_spans_of(text, entry) for text, entry in zip(texts, protect)]
    rows: list = []
    report = AugmentReport()
    for chunk_rows, chunk_report in iter_chunks(texts, n, seed, ops, alpha, rate, start, protect, segments,
                                                workers):
        rows.extend(chunk_rows)
        report.merge(chunk_report)
    if include_originals:
        originals = [(start + i, -1, text, "") for i, text in enumerate(texts)]
        rows = sorted(originals + rows, key=lambda r: (r[0], r[1]))
    frame = pd.DataFrame(rows, columns=["source", "variant", "text", "ops"])
    frame = frame.astype({"source": "int64", "variant": "int64"})
    frame.attrs["report"] = report.as_dict()
    return frame


def _spans_of(text: str, entry) -> list[tuple[int, int]]:
    from .spans import spans_of_values

    spans, values = [], []
    for item in entry or ():
        if isinstance(item, str):
            values.append(item)
        else:
            a, b = item
            spans.append((int(a), int(b)))
    return spans + spans_of_values(text, values)
