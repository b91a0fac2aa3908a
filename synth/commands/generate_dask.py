"""`synth generate DOMAIN -n N --engine dask -o OUT/`: one Parquet file per partition, made on a Dask cluster.

Without `--scheduler` a local cluster of `--workers` processes is started for the run and stopped after it; with
`--scheduler tcp://host:8786` the run goes to that cluster (its workers need synth installed, and OUT/ must be
on storage every worker and this machine can write to, such as a shared file system).
"""

from __future__ import annotations

import sys
from contextlib import contextmanager

from .. import __version__
from ..engine import reference_date
from ..errors import SynthError


def run(args, domain, options: dict[str, str]) -> int:
    from .. import dask as synth_dask

    if not args.output:
        raise SynthError("--engine dask writes a folder of Parquet files: name it with -o OUT/.")
    if args.format not in (None, "parquet"):
        raise SynthError(f"--engine dask writes Parquet only, not {args.format!r}.")
    synth_dask.new_folder(args.output)
    frame = synth_dask.generate(domain, args.n, seed=args.seed, start=args.start, as_of=args.as_of,
                                npartitions=args.partitions, **options)
    schema = synth_dask.arrow_schema(domain, seed=args.seed, start=args.start, n=args.n, as_of=args.as_of, **options)
    starts = [int(d) for d in frame.divisions[:-1]]
    manifest = {"synth_version": __version__, "engine": "dask", "domain": domain.name, "n": args.n,
                "seed": args.seed, "start": args.start, "as_of": str(reference_date(args.as_of)),
                "options": options, "columns": domain.output_fields,
                "partitions": [[a, b] for a, b in zip(starts, starts[1:] + [args.start + args.n])]}
    with dask_client(args.scheduler, args.workers) as client:
        synth_dask.write_parquet(frame, args.output, manifest, schema, scheduler=client)
    print(f"synth: {args.n} records in {frame.npartitions} Parquet files in {args.output}", file=sys.stderr)
    return 0


@contextmanager
def dask_client(address: str | None, workers: int):
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise SynthError("--engine dask needs Dask's distributed scheduler: pip install 'synth[dask]'.") from None
    if address:
        try:
            client = Client(address, timeout="20s")
        except (OSError, TimeoutError) as error:
            raise SynthError(f"Cannot reach the Dask scheduler at {address!r}: {error}.") from None
        with client:
            yield client
        return
    # One thread per worker process: synth's batches are CPU-bound Python and NumPy.
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            Client(cluster) as client:
        yield client
