"""Generate on a Dask cluster: a lazy dask DataFrame whose partitions the workers make with synth's own engine.

    import synth.dask
    frame = synth.dask.generate("persons", 100_000_000, seed=7, npartitions=400)   # lazy
    frame.to_parquet("people/")                                                    # runs on the cluster

Every record is a pure function of (seed, domain, field, index), made in whole blocks of 1,024, so a partition
is just an index range: it can be made on any worker, again after a worker dies, and its rows are the bytes
`synth.generate` makes for the same range. Partitions are cut at block boundaries (a multiple of 1,024 records)
so no block is computed twice. Workers find the domain by name in their own installation of synth (shipped
domains and those registered by installed packages); a `Domain` object made in the client is sent along.

Needs the `dask` extra: `pip install 'synth[dask]'`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from .api import DEFAULT_BATCH_SIZE
from .engine import Request, generate_range, make_request
from .errors import SynthError
from .randomness import BLOCK_SIZE
from .registry import get_domain
from .schema import Domain

try:
    import dask
    import dask.dataframe as dd
except ImportError:  # an optional extra: say how to get it where it is used
    dask = dd = None

MANIFEST = "_synth_manifest.json"


def _require_dask() -> None:
    if dd is None:
        raise SynthError("The Dask backend needs Dask: pip install 'synth[dask]'.")


@dataclass(frozen=True)
class PartitionSpec:
    """What a worker needs to make one partition: the request (by domain name where it can) and its range."""

    domain: str | Domain
    seed: int
    options: dict
    as_of: dt.date
    total: int
    start: int
    stop: int


def make_partition(spec: PartitionSpec) -> pd.DataFrame:
    """Records [spec.start, spec.stop) exactly as the local engine makes them, with a RangeIndex over those
    global indices (so the partitions of one dataset never repeat an index)."""
    domain = get_domain(spec.domain)
    frame, report = generate_range(Request(domain, spec.seed, spec.options, spec.as_of, spec.total),
                                   spec.start, spec.stop)
    if len(frame) != spec.stop - spec.start:
        raise SynthError(f"Records {spec.start} to {spec.stop} of {domain.name!r} came out {len(frame)} short of "
                         f"{spec.stop - spec.start} ({report.summary()}).")
    frame.index = pd.RangeIndex(spec.start, spec.stop)
    return frame


def partition_ranges(start: int, stop: int, npartitions: int) -> list[tuple[int, int]]:
    """About `npartitions` ranges covering [start, stop), cut at multiples of the block size."""
    if npartitions < 1:
        raise SynthError(f"The number of partitions must be a positive integer, not {npartitions!r}.")
    first_block, last_block = start // BLOCK_SIZE, -(-stop // BLOCK_SIZE)
    blocks = last_block - first_block
    # Blocks shared out as evenly as whole blocks allow; never more partitions than blocks.
    inner = sorted({(first_block + k * blocks // npartitions) * BLOCK_SIZE for k in range(1, npartitions)})
    cuts = [start] + [c for c in inner if start < c < stop] + [stop]
    return list(zip(cuts[:-1], cuts[1:]))


def generate(domain: str | Domain, n: int, seed: int = 0, start: int = 0, as_of=None, npartitions: int | None = None,
             **options) -> "dd.DataFrame":
    """Records [start, start + n) of `domain` as a lazy dask DataFrame (see the module docstring)."""
    _require_dask()
    resolved = get_domain(domain)
    request = make_request(resolved, seed, start, n, as_of, options)
    start, stop = int(start), int(start) + int(n)
    if npartitions is None:
        npartitions = max(1, -(-(stop - start) // (256 * BLOCK_SIZE)))
    ranges = partition_ranges(start, stop, int(npartitions))
    # A shipped or registered domain travels by name (workers import their own copy); any other by value.
    by_name = resolved.name if _findable_by_name(resolved) else resolved
    specs = [PartitionSpec(by_name, request.seed, request.options, request.as_of, request.total, a, b)
             for a, b in ranges]
    meta = _meta(request)
    divisions = tuple([a for a, _ in ranges] + [ranges[-1][1] - 1])
    # Dask would turn object columns (lists, dicts) into strings; a partition must stay what the engine made.
    with dask.config.set({"dataframe.convert-string": False}):
        return dd.from_map(make_partition, specs, meta=meta, divisions=divisions, enforce_metadata=False)


def _findable_by_name(domain: Domain) -> bool:
    try:
        return get_domain(domain.name) is domain
    except SynthError:
        return False


def _meta(request: Request) -> pd.DataFrame:
    """The empty frame Dask needs up front: the columns and dtypes of a real partition (one block's worth)."""
    frame, _ = generate_range(request, 0, 1)
    return frame.iloc[:0]


def arrow_schema(domain: str | Domain, seed: int = 0, start: int = 0, n: int = DEFAULT_BATCH_SIZE, as_of=None,
                 **options) -> pa.Schema:
    """The schema of the first batch `synth generate -o x.parquet` writes for these arguments: the local writer
    starts from it and widens it where a later batch holds more (see `write_parquet`)."""
    first = min(int(n), DEFAULT_BATCH_SIZE)
    request = make_request(get_domain(domain), seed, start, n, as_of, options)
    frame, _ = generate_range(request, int(start), int(start) + first)
    return pa.Table.from_pandas(frame, preserve_index=False).schema


def write_parquet(frame: "dd.DataFrame", output: str | os.PathLike, manifest: dict[str, Any],
                  schema: pa.Schema, scheduler: Any = None) -> Path:
    """Write one Parquet file per partition into a folder that appears at `output` only when complete, with the
    run's manifest beside the parts. `output` must not exist yet.

    `schema` is the first batch's. A partition can hold what the first batch did not (a key of an open-ended
    record, such as a dialogue slot), so each part is written under the first schema widened by its own, and
    if any part widened it, the parts written narrower are rewritten (read, cast, written; not made again) under
    the widest: the folder reads back as one dataset with no value dropped, the same table the local writer
    makes."""
    from .writers import widest_schema

    target = new_folder(output)
    parent = target.resolve().parent
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=parent))
    try:
        os.chmod(staging, 0o777 & ~_umask())   # mkdtemp makes it private; the result is an ordinary folder
        paths = [str(staging / f"part-{i:05d}.parquet") for i in range(frame.npartitions)]
        base = schema.remove_metadata()
        written = dask.compute(*[dask.delayed(_write_part)(part, path, base, schema.metadata)
                                 for part, path in zip(frame.to_delayed(), paths)], **_compute_kwargs(scheduler))
        widest = base
        for part_schema in written:
            widest = widest_schema(widest, part_schema)
        narrow = [path for path, part_schema in zip(paths, written) if not part_schema.equals(widest)]
        dask.compute(*[dask.delayed(_rewrite_part)(path, widest, schema.metadata) for path in narrow],
                     **_compute_kwargs(scheduler))
        parts = sorted(p.name for p in staging.glob("part-*.parquet"))
        (staging / MANIFEST).write_text(json.dumps({**manifest, "files": parts}, ensure_ascii=False, indent=2,
                                                   default=str) + "\n", encoding="utf-8")
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _write_part(frame: pd.DataFrame, path: str, schema: pa.Schema, metadata) -> pa.Schema:
    """Write one partition under `schema` widened by its own; return the schema it was written under."""
    import pyarrow.parquet as pq

    from .writers import arrow_table, cast_table, widest_schema

    table = arrow_table(frame)
    wider = widest_schema(schema, table.schema)
    pq.write_table(cast_table(table, wider.with_metadata(metadata)), path)
    return wider


def _rewrite_part(path: str, schema: pa.Schema, metadata) -> None:
    import pyarrow.parquet as pq

    from .writers import cast_table

    table = pq.read_table(path)
    pq.write_table(cast_table(table, schema.with_metadata(metadata)), path)


def new_folder(output: str | os.PathLike) -> Path:
    """The output folder, refused (one sentence) if it exists or its parent does not: checked before a run starts."""
    target = Path(output)
    if target.exists() or target.is_symlink():
        raise SynthError(f"{str(target)!r} already exists; the Dask backend writes a new folder and never replaces one.")
    parent = target.resolve().parent
    if not parent.is_dir():
        raise SynthError(f"Cannot write {str(target)!r}: the folder {str(parent)!r} does not exist.")
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _compute_kwargs(scheduler: Any) -> dict:
    return {} if scheduler is None else {"scheduler": scheduler}
