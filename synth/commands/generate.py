"""`synth generate DOMAIN -n N ...`: stream records to stdout (JSONL) or atomically to a file."""

from __future__ import annotations

import sys
from contextlib import nullcontext

from ..api import stream
from ..errors import SynthError
from .arguments import whole_number
from ..progress import Progress
from ..registry import get_domain
from ..writers import WRITERS, AtomicOutput, format_for


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


def run(args) -> int:
    domain = get_domain(args.domain)
    fmt = format_for(args.output, args.format, tuple(domain.extra_formats))
    batches = stream(domain, args.n, seed=args.seed, start=args.start, as_of=args.as_of, workers=args.workers,
                     batch_size=args.batch_size, **parse_settings(args.settings))
    target = AtomicOutput(args.output) if args.output else nullcontext(sys.stdout.buffer)
    make_writer = domain.extra_formats.get(fmt) or WRITERS[fmt]
    if hasattr(make_writer, "configured"):   # a domain format that reads the request's options
        make_writer = make_writer.configured(batches.request.options)
    with target as handle, Progress(args.n, "records") as progress:
        writer = make_writer(handle, batches.columns)
        encode = getattr(writer, "encode", None)
        for payload in batches.encoded(encode):
            if encode is None:
                writer.write(payload)
            else:
                writer.write_encoded(payload)
            progress.advance_to(batches.report.produced)
        writer.close()
    report = batches.report
    if report.dropped or report.regenerated:
        print(f"synth: {report.summary()}", file=sys.stderr)
    return 0
