"""Persons on a Dask cluster: rows per second per core, beside local multi-process generation in the same run,
and the peak memory of each worker. Run by hand:

    pip install '.[dask]' && python benchmarks/bench_dask.py [--rows 20000000] [--workers 2] [--scheduler ADDR]

Without --scheduler a LocalCluster of --workers single-threaded processes is started. The Dask run writes a
Parquet folder (the real workload: generate, encode, write) into a temporary folder that is removed afterwards;
the local figure is `synth generate -o x.parquet --workers W` on a tenth of the rows, so both include Parquet
encoding. Seeds differ between the runs so no cache is warm for the timed one.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

import pyarrow.dataset as pads

import synth
import synth.dask as synth_dask
from synth.api import stream
from synth.output import AtomicOutput
from synth.writers import ParquetWriter


def local_rate(rows: int, workers: int, folder: Path) -> float:
    batches = stream("persons", rows, seed=11, workers=workers)
    started = time.perf_counter()
    with AtomicOutput(folder / "local.parquet") as handle:
        writer = ParquetWriter(handle, batches.columns)
        for frame in batches:
            writer.write(frame)
        writer.close()
    return rows / (time.perf_counter() - started)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--partitions", type=int, default=None, help="default: one per 262,144 rows")
    parser.add_argument("--scheduler", default=None)
    args = parser.parse_args()

    from distributed import Client, LocalCluster

    folder = Path(tempfile.mkdtemp(prefix="synth-bench-dask-"))
    try:
        synth.generate("persons", 2000, seed=1)           # load the tables once in this process
        local = local_rate(max(args.rows // 10, 100_000), args.workers, folder)
        print(f"local   {args.workers} processes: {local:>12,.0f} rows/s   {local / args.workers:>10,.0f} per core")

        cluster = None if args.scheduler else LocalCluster(n_workers=args.workers, threads_per_worker=1,
                                                           processes=True, dashboard_address=":0")
        with Client(args.scheduler or cluster) as client:
            cores = sum(w["nthreads"] for w in client.scheduler_info()["workers"].values())
            client.run(lambda: synth.generate("persons", 2000, seed=2))    # warm every worker's tables
            frame = synth_dask.generate("persons", args.rows, seed=7, npartitions=args.partitions)
            schema = synth_dask.arrow_schema("persons", seed=7, n=args.rows)
            started = time.perf_counter()
            synth_dask.write_parquet(frame, folder / "dask", {"domain": "persons", "n": args.rows}, schema)
            seconds = time.perf_counter() - started
            rows = pads.dataset(folder / "dask", format="parquet").count_rows()
            assert rows == args.rows, f"wrote {rows} rows, not {args.rows}"
            peaks = client.run(peak_rss_mib)
        if cluster is not None:
            cluster.close()
        dask_rate = args.rows / seconds
        print(f"dask    {cores} cores, {frame.npartitions} partitions: {args.rows:,} rows in {seconds:.1f} s = "
              f"{dask_rate:,.0f} rows/s   {dask_rate / cores:>10,.0f} per core "
              f"({dask_rate / cores / (local / args.workers):.2f}x local per core)")
        print("peak memory per worker: " + ", ".join(f"{mib:,.0f} MiB" for mib in peaks.values()))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
