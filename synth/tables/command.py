"""`synth generate DOMAIN -n N --tables …`: a domain's related tables to a folder, an SQL script or a database.

    --tables -o OUT/                      one Parquet (or --format csv/jsonl) file per table, plus schema.json
    --format sql --dialect D [-o x.sql]   CREATE TABLE and the data for postgresql, mysql or sqlite
    -o postgresql://… | sqlite:///… | duckdb:///… [--if-exists fail|append|replace]   loaded directly
"""

from __future__ import annotations

import sys
from contextlib import closing

from ..api import stream
from ..errors import SynthError
from ..output import AtomicOutput
from ..progress import Progress
from ..recipes.manifest import generation_manifest
from .files import FILE_FORMATS, SqlScript, TableFiles, atomic_folder, check_new_folder
from .load import IF_EXISTS, Loader, database_target
from .spec import tables_of
from .sql import DIALECTS
from .stream import TableStream


def add_arguments(parser) -> None:
    parser.add_argument("--tables", action="store_true",
                        help="write the domain's related tables (keys and foreign keys) instead of flat records")
    parser.add_argument("--dialect", choices=DIALECTS, help="with --format sql: the database the script is for")
    parser.add_argument("--if-exists", dest="if_exists", choices=IF_EXISTS,
                        help="loading into a database whose tables exist: fail (default), append or replace")


def wants_tables(args) -> bool:
    return bool(args.tables or args.format == "sql" or args.dialect or args.if_exists
                or database_target(args.output))


def run(args, domain, options: dict) -> int:
    tables = tables_of(domain)
    target = database_target(args.output)
    fmt = args.format or (None if target else ("sql" if (args.output or "").endswith(".sql") else "parquet"))
    if args.engine != "local":
        raise SynthError("Tables are made by the local engine; leave out --engine dask.")
    if target is not None and args.format:
        raise SynthError(f"A database output takes no --format; {args.format!r} is for files.")
    if fmt == "sql" and args.dialect is None:
        raise SynthError("--format sql needs --dialect postgresql, mysql or sqlite.")
    if args.dialect and fmt != "sql":
        raise SynthError("--dialect goes with --format sql.")
    if args.if_exists and target is None:
        raise SynthError("--if-exists goes with a database output (postgresql://, sqlite:///, duckdb:///).")
    if fmt not in (None, "sql") + FILE_FORMATS:
        raise SynthError(f"Tables are written as {', '.join(FILE_FORMATS)} or sql, not {fmt!r}.")
    if fmt in FILE_FORMATS and not args.output:
        raise SynthError("--tables writes a folder of files: name it with -o OUT/.")
    folder = check_new_folder(args.output) if fmt in FILE_FORMATS else None

    batches = stream(domain, args.n, seed=args.seed, start=args.start, as_of=args.as_of, workers=args.workers,
                     batch_size=args.batch_size, **options)
    rows = TableStream(tables, batches)
    manifest = generation_manifest(domain, options, args.seed, batches.request.as_of, args.start, args.n, {}, fmt)
    with closing(iter(rows)) as parts, Progress(args.n, "records") as progress:
        def write_all(sink) -> None:
            for batch in parts:
                sink.write(batch)
                progress.advance_to(batches.report.produced)
            sink.close(rows.rows)

        if target is not None:
            with Loader(target, tables, args.if_exists or "fail") as loader:
                write_all(loader)
        elif fmt == "sql":
            with AtomicOutput(args.output or None) as handle:
                write_all(SqlScript(handle, tables, args.dialect))
        else:
            with atomic_folder(folder) as temp, TableFiles(temp, tables, fmt, manifest, batches.report) as files:
                write_all(files)
    where = target.where if target else (args.output or "standard output")
    counts = ", ".join(f"{count} {name}" for name, count in rows.rows.items())
    if args.output:
        print(f"synth: {counts} into {where}", file=sys.stderr)
    return 0
