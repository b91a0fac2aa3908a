"""`synth generate DOMAIN -n N ...`: stream records to stdout (JSONL) or atomically to a file (`synth.output`)."""

from __future__ import annotations

import sys
from pathlib import Path
from contextlib import closing

from ..api import stream
from ..errors import SynthError
from .arguments import whole_number
from ..progress import Progress
from ..recipes.manifest import generation_manifest, write_sidecar
from ..registry import get_domain
from ..output import AtomicOutput
from ..writers import WRITERS, format_for
from ..tables import command as tables_command


def parse_settings(pairs: list[str]) -> dict[str, str]:
    options: dict[str, str] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise SynthError(f"--set expects KEY=VALUE, got {pair!r}.")
        options[key.strip()] = value.strip()
    return options


def add_parser(sub) -> None:
    p = sub.add_parser("generate", help="generate records of a domain")
    p.add_argument("domain")
    p.add_argument("-n", type=whole_number, required=True, help="number of records")
    p.add_argument("--seed", type=whole_number, default=0)
    p.add_argument("-o", "--output", help="output file; the format follows its extension (stdout JSONL if absent)")
    p.add_argument("--format", help="jsonl, csv or parquet (and domain formats such as fhir)")
    p.add_argument("--workers", type=whole_number, default=1, help="worker processes (same rows for any number)")
    p.add_argument("--start", type=whole_number, default=0, help="index of the first record")
    p.add_argument("--as-of", dest="as_of", help="reference date YYYY-MM-DD for ages and dates (default 2025-01-01)")
    p.add_argument("--set", dest="settings", action="append", metavar="KEY=VALUE", help="domain option; repeatable")
    p.add_argument("--batch-size", type=whole_number, default=65536, help="records per batch")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local processes (default) or a Dask cluster (writes a folder of Parquet files)")
    p.add_argument("--scheduler", help="with --engine dask: the scheduler's address (default: a local cluster)")
    p.add_argument("--partitions", type=whole_number, help="with --engine dask: about how many Parquet files")
    tables_command.add_arguments(p)


def run(args) -> int:
    domain = get_domain(args.domain)
    if tables_command.wants_tables(args):   # related tables: a folder, an SQL script or a database
        return tables_command.run(args, domain, parse_settings(args.settings))
    if args.engine == "dask":
        from . import generate_dask

        return generate_dask.run(args, domain, parse_settings(args.settings))
    if args.scheduler or args.partitions:
        raise SynthError("--scheduler and --partitions go with --engine dask.")
    fmt = format_for(args.output, args.format, tuple(domain.extra_formats))
    options = parse_settings(args.settings)
    batches = stream(domain, args.n, seed=args.seed, start=args.start, as_of=args.as_of, workers=args.workers,
                     batch_size=args.batch_size, **options)
    make_writer = domain.extra_formats.get(fmt) or WRITERS[fmt]
    provenance = generation_manifest(domain, options, args.seed, batches.request.as_of, args.start, args.n, {}, fmt)
    if hasattr(make_writer, "configured"):   # a domain format that reads the request's options
        make_writer = make_writer.configured(batches.request.options)
    encode = getattr(make_writer, "encode", None)  # bytes made in the workers, or None for whole frames
    # On an error, closing the batches stops the workers; the writer lets go of the unfinished file, and the
    # output throws it away.
    with AtomicOutput(args.output or None) as handle, make_writer(handle, batches.columns) as writer, \
            closing(batches.encoded(encode)) as payloads, Progress(args.n, "records") as progress:
        if hasattr(writer, "metadata"):  # Parquet: how the file was made goes into its own metadata
            writer.metadata = provenance
        for payload in payloads:
            if encode is None:
                writer.write(payload)
            else:
                writer.write_encoded(payload)
            progress.advance_to(batches.report.produced)
    report = batches.report
    # Only a regular file gets a sidecar: none beside /dev/stdout, a FIFO or a device.
    if args.output and fmt in ("jsonl", "csv", "parquet") and Path(args.output).resolve().is_file():
        # JSONL and CSV get a sidecar manifest (x.jsonl.synth.json) so `synth check` needs no options repeated;
        # Parquet carries it in its metadata. The counts are known only now.
        provenance["generation"] = report.as_dict()
        if fmt != "parquet":
            write_sidecar(args.output, provenance)
    if report.dropped or report.regenerated:
        print(f"synth: {report.summary()}", file=sys.stderr)
    return 0
