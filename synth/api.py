"""The Python API: `generate`, `stream`, `domains`, `describe`. The CLI is a thin layer over these."""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from typing import Any, Callable, Iterator

import numpy as np
import pandas as pd

from .engine import GenerationReport, Request, generate_range, make_request
from .errors import SynthError
from .pool import submit, worker_pool
from .randomness import BLOCK_SIZE
from .registry import get_domain, survey
from .schema import Domain

DEFAULT_BATCH_SIZE = 64 * BLOCK_SIZE


def plan_batches(start: int, stop: int, batch_size: int) -> Iterator[tuple[int, int]]:
    """Cut [start, stop) at multiples of batch_size (itself a whole number of blocks), lazily: a plan for
    10**12 records costs nothing until its batches are made, so memory stays flat for any n."""
    batch_size = rounded_batch_size(batch_size)
    cut = start
    while cut < stop:
        following = min((cut // batch_size + 1) * batch_size, stop)
        yield cut, following
        cut = following


def rounded_batch_size(batch_size: int) -> int:
    """Batches hold whole blocks, so a batch's records never depend on where the range was cut."""
    return max(BLOCK_SIZE, -(-batch_size // BLOCK_SIZE) * BLOCK_SIZE)


def _make_batch(request: Request, start: int, stop: int, encode: Callable | None):
    frame, report = generate_range(request, start, stop)
    return (frame if encode is None else encode(frame)), report


def _domain_in_worker(reference: str | tuple[str, tuple]) -> Domain:
    """A domain by name, or rebuilt from its portable form (a recipe's schema, which no registry knows)."""
    if isinstance(reference, str):
        return get_domain(reference)
    import importlib

    target, args = reference
    module, _, function = target.partition(":")
    return getattr(importlib.import_module(module), function)(*args)


def _make_batch_in_worker(domain_ref: str | tuple, seed: int, options: dict, as_of, total: int, start: int,
                          stop: int, encode: Callable | None, drop: bool = False):
    return _make_batch(Request(_domain_in_worker(domain_ref), seed, options, as_of, total, drop), start, stop, encode)


class BatchStream:
    """Batches of records in order, as DataFrames; `report` fills in as batches are produced.

    `encoded(encode)` yields `encode(frame)` instead, computed in the workers: with a file writer's encoder
    (JSONL or CSV bytes) the serialising is spread over the workers too.
    """

    def __init__(self, request: Request, start: int, stop: int, batch_size: int, workers: int):
        self.request = request
        self.columns = request.domain.output_fields
        self.start, self.stop, self.batch_size = start, stop, rounded_batch_size(batch_size)
        self.workers = workers
        self.report = GenerationReport()

    @property
    def batches(self) -> Iterator[tuple[int, int]]:
        return plan_batches(self.start, self.stop, self.batch_size)

    @property
    def single_batch(self) -> bool:
        return self.stop <= (self.start // self.batch_size + 1) * self.batch_size

    def __iter__(self) -> Iterator[pd.DataFrame]:
        return self.encoded(None)

    def encoded(self, encode: Callable | None) -> Iterator[Any]:
        if self.workers <= 1 or self.single_batch:
            for start, stop in self.batches:
                yield self._account(_make_batch(self.request, start, stop, encode))
        else:
            yield from self._parallel(encode)

    def _account(self, result: tuple[Any, GenerationReport]) -> Any:
        payload, report = result
        self.report.merge(report)
        return payload

    def _parallel(self, encode: Callable | None) -> Iterator[Any]:
        # Workers rebuild the domain by name (or from its portable form); at most 2 batches per worker are in flight, so memory stays flat.
        # fork starts fast and needs no importable __main__ (stdin scripts, notebooks); spawn where it is missing.
        r = self.request
        context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
        with worker_pool(self.workers, context) as pool:
            def submit_batch(start: int, stop: int):
                return submit(pool, _make_batch_in_worker, r.domain.portable or r.domain.name, r.seed, r.options,
                              r.as_of, r.total, start, stop, encode, r.drop)

            todo = self.batches
            pending = deque(submit_batch(a, b) for a, b in itertools.islice(todo, 2 * self.workers))
            while pending:
                payload = self._account(pending.popleft().result())
                for a, b in itertools.islice(todo, 1):
                    pending.append(submit_batch(a, b))
                yield payload


def _positive(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise SynthError(f"The {what} must be a positive integer, not {value!r}.")
    return int(value)


def stream(domain: str | Domain, n: int, seed: int = 0, start: int = 0, batch_size: int = DEFAULT_BATCH_SIZE,
           as_of=None, workers: int = 1, _drop_failures: bool = False, **options) -> BatchStream:
    """Records [start, start + n) of `domain` as an iterator of DataFrames of about `batch_size` rows.

    `_drop_failures` (used by `synth run`): records that still break a rule after the last attempt are left
    out and kept in `report.rejected` with the rule's name, instead of raising `ShortfallError`."""
    request = make_request(get_domain(domain), seed, start, n, as_of, options, drop=_drop_failures)
    return BatchStream(request, int(start), int(start) + int(n), _positive(batch_size, "batch size"),
                       _positive(workers, "number of workers"))


def generate(domain: str | Domain, n: int, seed: int = 0, start: int = 0, as_of=None, workers: int = 1,
             **options) -> pd.DataFrame:
    """Records [start, start + n) of `domain` as one DataFrame (same rows as the CLI for the same arguments)."""
    batches = stream(domain, n, seed=seed, start=start, as_of=as_of, workers=workers, **options)
    frames = list(batches)
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
    # A plain dict: pandas writes attrs into Parquet metadata as JSON.
    frame.attrs["report"] = batches.report.as_dict()
    return frame


def list_domains() -> dict[str, str]:
    """Every domain's name and one-line summary (a registered domain that fails to load is left out; `synth domains`
    says why)."""
    loaded, _ = survey()
    return {name: domain.summary for name, domain in loaded.items()}


def describe(domain: str | Domain) -> dict[str, Any]:
    """A domain's fields (type, parents, meaning), options (default, help) and consistency rules."""
    d = get_domain(domain)
    return {
        "name": d.name,
        "summary": d.summary,
        "fields": [{"name": f.name, "type": f.dtype, "parents": list(f.parents), "doc": f.doc}
                   for f in d.fields.values() if not f.hidden],
        "intermediate": [{"name": f.name, "type": f.dtype, "parents": list(f.parents), "doc": f.doc}
                         for f in d.fields.values() if f.hidden],
        "options": [{"name": o.name, "default": o.default, "help": o.help} for o in d.options.values()],
        "rules": [{"name": r.name, "fields": list(r.fields), "doc": r.doc} for r in d.rules],
    }
