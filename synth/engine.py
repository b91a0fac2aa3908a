"""Turn a domain declaration into rows: whole blocks, dependency order, rules with deterministic regeneration.

`generate_range` makes records [start, stop). It always computes whole blocks and trims, so a record's values
never depend on how the range was cut. Records that break a domain rule are made again from the attempt-k
streams of their block (a deterministic sub-stream) up to `max_attempts`; a record that still breaks one is a
`ShortfallError`, because a user who asks for N records must get N or an error that says why.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.dtypes import StringDType
import pandas as pd
import pyarrow as pa

from . import speedups
from .errors import SynthError
from .randomness import BLOCK_SIZE
from .schema import Domain, FieldContext

DEFAULT_AS_OF = dt.date(2025, 1, 1)
# Record indices are int64 (FieldContext.index) and an exact quota's total start + n is an int64 too (the
# permutation's domain), so start + n may reach 2**63 - 1; Philox counters key blocks by index // BLOCK_SIZE.
MAX_RECORDS = 2**63 - 1


@dataclass
class GenerationReport:
    """What quality control did: records that failed a rule and were made again, and records dropped."""

    requested: int = 0
    produced: int = 0
    regenerated: Counter = field(default_factory=Counter)
    dropped: Counter = field(default_factory=Counter)
    # Only when the request drops failures (synth run): the dropped records, with `_index` and `_reason`.
    rejected: list = field(default_factory=list)

    def merge(self, other: "GenerationReport") -> None:
        self.requested += other.requested
        self.produced += other.produced
        self.regenerated.update(other.regenerated)
        self.dropped.update(other.dropped)
        self.rejected.extend(other.rejected)

    def as_dict(self) -> dict:
        return {"requested": self.requested, "produced": self.produced,
                "regenerated": dict(self.regenerated), "dropped": dict(self.dropped)}

    def summary(self) -> str:
        parts = [f"{self.produced} of {self.requested} records produced"]
        if self.regenerated:
            parts.append("regenerated: " + ", ".join(f"{k} {v}" for k, v in sorted(self.regenerated.items())))
        if self.dropped:
            parts.append("dropped: " + ", ".join(f"{k} {v}" for k, v in sorted(self.dropped.items())))
        return "; ".join(parts)


class ShortfallError(SynthError):
    """Some records still broke a rule after every regeneration attempt, so fewer than asked could be made.

    `report` is the batch's GenerationReport (what was regenerated and which rules dropped how many)."""

    def __init__(self, message: str, report: GenerationReport | None = None):
        super().__init__(message)
        self.report = report

    def __reduce__(self):  # raised in worker processes: keep the report when it is pickled back
        return type(self), (str(self), self.report)


def shortfall_error(domain: Domain, report: GenerationReport, start: int, stop: int) -> ShortfallError:
    rule, count = report.dropped.most_common(1)[0]
    others = sum(report.dropped.values()) - count
    also = f" and {others} broke other rules" if others else ""
    return ShortfallError(
        f"Only {report.produced} of the {report.requested} records {start} to {stop - 1} of {domain.name!r} could "
        f"be made: {count} still broke the rule {rule!r}{also} after {domain.max_attempts} regeneration attempts; "
        "change the options that make the rule fail.", report)


@dataclass(frozen=True)
class Request:
    """Everything that determines the records: the domain, seed, parsed options, as_of and dataset size."""

    domain: Domain
    seed: int
    options: dict[str, Any]
    as_of: dt.date
    total: int
    drop: bool = False   # leave out records that still break a rule (and report them) instead of raising


def as_column(values: Any, size: int, where: str) -> np.ndarray:
    """A sampler's result as a 1-D array of `size` (lists of lists stay objects, never a 2-D array)."""
    if isinstance(values, pd.Series):
        values = values.to_numpy()
    if not isinstance(values, np.ndarray) or values.ndim != 1:
        column = np.empty(len(values), dtype=object)
        column[:] = list(values)
        values = column
    if len(values) != size:
        raise RuntimeError(f"{where} returned {len(values)} values for {size} records")
    return values


_cscan = speedups.load("_scan")
_ARROW_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)


def to_series(values: np.ndarray) -> pd.Series:
    """A column as a Series; NumPy StringDType text goes straight to pandas' Arrow strings (no Python objects).

    A column of Python strings becomes the same Arrow strings pandas makes of it; with synth/_scan.c built its
    UTF-8 is written in one pass into one buffer (pandas has each string encode and keep a UTF-8 copy of itself,
    then copies those), when every value is a str and pandas would infer its text dtype (buffers: _pool_buffer)."""
    if isinstance(values.dtype, StringDType):
        return pd.Series(pd.array(pa.array(values), dtype=_ARROW_TEXT))
    if _cscan is not None and values.dtype == object and len(values) and type(values[0]) is str \
            and pd.Series(values[:1]).dtype == _ARROW_TEXT:
        buffers = _cscan.utf8_column(values.tolist(), _pool_buffer)
        if buffers is not None:
            data, offsets = buffers
            data.resize(int(np.frombuffer(offsets, dtype=np.int64)[-1]))    # (the bound it was sized by, trimmed)
            text = pa.LargeStringArray.from_buffers(len(values), offsets, data)
            return pd.Series(pd.array(text, dtype=_ARROW_TEXT))
    return pd.Series(values)


_TEXT_POOL = pa.system_memory_pool()


def _pool_buffer(size: int) -> pa.ResizableBuffer:
    """A writable buffer of `size` bytes for _scan.utf8_column, from Arrow's *system* (malloc) pool.

    Not Arrow's default pool: with pyarrow's mimalloc, the first use of tens of megabytes of freed memory costs
    5-15 ns a byte (measured: 0.52 s to fill a 79 MB column once, 0.04 s when filled again), and the pool hands
    that memory back before the next batch, so every batch paid it: 8-12% of medical's time. malloc fills the same
    fresh memory for 0.07 s."""
    return pa.allocate_buffer(size, resizable=True, memory_pool=_TEXT_POOL)


def compute_blocks(request: Request, first_block: int, n_blocks: int, attempt: int = 0) -> dict[str, np.ndarray]:
    """All columns (hidden ones too) for whole blocks [first_block, first_block + n_blocks)."""
    domain = request.domain
    columns: dict[str, np.ndarray] = {}
    for name in domain.evaluation_order:
        spec = domain.fields[name]
        ctx = FieldContext(request.seed, domain.name, name, first_block, n_blocks, request.options,
                           request.as_of, request.total, attempt)
        values = spec.sampler(ctx, *(columns[p] for p in spec.parents))
        columns[name] = as_column(values, ctx.size, f"field {domain.name}.{name}")
    return columns


def failing_rule(domain: Domain, columns: dict[str, np.ndarray], options: dict[str, Any], size: int) -> np.ndarray:
    """For each record, the index of the first rule it breaks, or -1."""
    first = np.full(size, -1, dtype=np.int64)
    for k, rule in enumerate(domain.rules):
        broken = ~np.asarray(rule.check(columns, options), dtype=bool)
        first[(first < 0) & broken] = k
    return first


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector: a batch allocates millions of short-lived strings, lists and
    dicts (none in cycles), and collections triggered by that count alone cost 10-20% of a text domain's run.
    Reference counting still frees everything; the collector's state is restored afterwards.

    What survives the batch (its output, the grammar's new cache entries) is handed to the oldest generation,
    where a full collection still finds any cycle: otherwise the first young collection after re-enabling walks
    all of it (50-200 ms per 30,000 reviews). Skipped if the program has frozen objects of its own."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def generate_range(request: Request, start: int, stop: int) -> tuple[pd.DataFrame, GenerationReport]:
    with collector_paused():
        return _generate_range(request, start, stop)


def _produce_range(request: Request, start: int, stop: int) -> tuple[pd.DataFrame, GenerationReport]:
    """Records [start, stop) of a domain that makes its rows itself (`Domain.rows`); every rule is checked."""
    domain = request.domain
    columns = domain.producer(request, start, stop)
    size = stop - start
    columns = {name: as_column(columns[name], size, f"producer of {domain.name}") for name in domain.output_fields}
    if domain.rules:
        rule_options = {**request.options, "as_of": request.as_of}
        broken = failing_rule(domain, columns, rule_options, size)
        if (broken >= 0).any():
            row = int(np.flatnonzero(broken >= 0)[0])
            raise RuntimeError(f"domain {domain.name!r} made record {start + row} breaking its rule "
                               f"{domain.rules[broken[row]].name!r}: a bug in the domain's model")
    frame = pd.DataFrame({name: to_series(columns[name]) for name in domain.output_fields})
    return frame, GenerationReport(requested=size, produced=size)


def _generate_range(request: Request, start: int, stop: int) -> tuple[pd.DataFrame, GenerationReport]:
    domain = request.domain
    if domain.producer is not None:
        return _produce_range(request, start, stop)
    first_block = start // BLOCK_SIZE
    n_blocks = -(-stop // BLOCK_SIZE) - first_block
    offset = first_block * BLOCK_SIZE
    columns = compute_blocks(request, first_block, n_blocks)
    report = GenerationReport(requested=stop - start)
    keep = np.zeros(n_blocks * BLOCK_SIZE, dtype=bool)
    keep[start - offset:stop - offset] = True

    if domain.rules:
        rule_options = {**request.options, "as_of": request.as_of}  # rules on dates need the reference day
        broken = failing_rule(domain, columns, rule_options, len(keep))
        broken[~keep] = -1
        for row in np.flatnonzero(broken >= 0):
            report.regenerated[domain.rules[broken[row]].name] += 1
        for attempt in range(1, domain.max_attempts + 1):
            if not (broken >= 0).any():
                break
            for block in np.unique(np.flatnonzero(broken >= 0) // BLOCK_SIZE):
                fresh = compute_blocks(request, first_block + block, 1, attempt)
                fresh_broken = failing_rule(domain, fresh, rule_options, BLOCK_SIZE)
                rows = np.flatnonzero(broken[block * BLOCK_SIZE:(block + 1) * BLOCK_SIZE] >= 0)
                mended = rows[fresh_broken[rows] < 0]
                for name in columns:
                    columns[name][block * BLOCK_SIZE + mended] = fresh[name][mended]
                broken[block * BLOCK_SIZE + mended] = -1
                still = rows[fresh_broken[rows] >= 0]
                broken[block * BLOCK_SIZE + still] = fresh_broken[still]
        for row in np.flatnonzero(broken >= 0):
            report.dropped[domain.rules[broken[row]].name] += 1
        if request.drop and (broken >= 0).any():
            rows = np.flatnonzero(broken >= 0)
            rejected = pd.DataFrame({name: to_series(columns[name][rows]) for name in domain.output_fields})
            rejected["_index"] = offset + rows
            rejected["_reason"] = [f"breaks the rule {domain.rules[broken[r]].name} after {domain.max_attempts} "
                                   "regeneration attempts" for r in rows]
            report.rejected.append(rejected)
        keep &= broken < 0

    report.produced = int(keep.sum())
    if report.dropped and not request.drop:  # raised before any writer sees the batch, so an atomic output is never committed
        raise shortfall_error(domain, report, start, stop)
    frame = pd.DataFrame({name: to_series(columns[name][keep]) for name in domain.output_fields})
    return frame, report


# Domains date births and events up to about a century and a half before as_of; before 1900 that reaches dates
# the calendar types cannot hold (year 0), and no shipped table describes that time anyway.
EARLIEST_AS_OF = dt.date(1900, 1, 1)
LATEST_AS_OF = dt.date(9000, 12, 31)


def reference_date(as_of: Any) -> dt.date:
    """The as_of date of a request (the default when not given), refused outside the years synth can date from."""
    from .options import parse_date

    if as_of is None:
        return DEFAULT_AS_OF
    day = parse_date(as_of)
    if not EARLIEST_AS_OF <= day <= LATEST_AS_OF:
        raise SynthError(f"The reference date {day.isoformat()} is outside {EARLIEST_AS_OF.isoformat()} to "
                         f"{LATEST_AS_OF.isoformat()}, the years synth can date records from.")
    return day


def make_request(domain: Domain, seed: int, start: int, n: int, as_of: Any, raw_options: dict[str, Any],
                 drop: bool = False) -> Request:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise SynthError(f"The seed must be a non-negative integer, not {seed!r}.")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n <= 0:
        raise SynthError(f"The number of records must be a positive integer, not {n!r}.")
    if isinstance(start, bool) or not isinstance(start, (int, np.integer)) or start < 0:
        raise SynthError(f"The start offset must be a non-negative integer, not {start!r}.")
    if int(start) + int(n) > MAX_RECORDS:
        raise SynthError(f"start + n is {int(start) + int(n):,}, beyond the {MAX_RECORDS:,} (2**63 - 1) records "
                         "synth can index; ask for fewer records or a lower start.")
    options = domain.parse_options(raw_options)
    request = Request(domain, int(seed), options, reference_date(as_of), int(start) + int(n), drop)
    if domain.validate_request is not None:
        domain.validate_request(options, int(start), int(start) + int(n))
    return request
