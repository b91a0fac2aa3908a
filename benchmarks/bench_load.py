"""Loading a transactions fixture into SQLite and PostgreSQL: synth's bulk loader beside pandas' `to_sql`.

    pip install '.[bench,sqlite,postgresql]' && python benchmarks/bench_load.py [--rows 1000000] [--pg-url URL]

The tables (customers, accounts, cards, merchants, transactions) are made once, in memory, before any timing.
Then, in the same process and from the same rows:
- synth: `synth.tables.load.Loader`, as `synth generate transactions -o sqlite:///… | postgresql://…` runs it —
  CREATE TABLE with primary and foreign keys (checked on every row), Arrow batches bulk-copied (ADBC), the
  foreign-key indexes, one transaction;
- pandas: `DataFrame.to_sql(if_exists="replace")` of each whole table, with the column types given (the same
  frames converted to dates, times and numbers beforehand, outside the timing) — tables without keys or
  constraints, so pandas does less work than synth. SQLite through the sqlite3 module; PostgreSQL through
  SQLAlchemy and psycopg (`to_sql`'s default method, executemany) into the schema `pandas`.
Without --pg-url a throwaway PostgreSQL server is started as the tests do (tests/postgres_server.py).
Prints rows per second and the ratio; never asserts.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import synth  # noqa: E402
from synth.registry import get_domain  # noqa: E402
from synth.tables.load import Loader, database_target  # noqa: E402
from synth.tables.spec import arrow_table, tables_of  # noqa: E402
from synth.tables.stream import TableStream  # noqa: E402


def make_tables(rows: int):
    tables = tables_of(get_domain("transactions"))
    stream = TableStream(tables, synth.stream("transactions", rows, seed=1))
    started = time.perf_counter()
    batches = list(stream)
    print(f"made {stream.rows} in {time.perf_counter() - started:.1f} s (not timed below)")
    # pandas gets each table whole, with real dates, times and numbers, as a pandas user would have it
    whole = {t.name: arrow_table(t, pd.concat([b[t.name] for b in batches], ignore_index=True)).to_pandas()
             for t in tables.tables}
    return tables, batches, whole, sum(stream.rows.values())


def synth_load(url: str, tables, batches) -> float:
    started = time.perf_counter()
    with Loader(database_target(url), tables, "replace") as loader:
        for parts in batches:
            loader.write(parts)
        loader.close({})
    return time.perf_counter() - started


def pandas_load(connection, whole: dict, schema: str | None = None) -> float:
    started = time.perf_counter()
    for name, frame in whole.items():
        frame.to_sql(name, connection, schema=schema, if_exists="replace", index=False)
    return time.perf_counter() - started


def report(database: str, rows: int, ours: float, theirs: float) -> None:
    print(f"{database:<11} synth {rows / ours:>10,.0f} rows/s ({ours:6.1f} s)   pandas to_sql "
          f"{rows / theirs:>10,.0f} rows/s ({theirs:6.1f} s)   synth is {theirs / ours:.1f}x as fast")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000, help="transactions (other tables follow)")
    parser.add_argument("--pg-url", help="an empty PostgreSQL database to load into (default: start a server)")
    args = parser.parse_args()
    tables, batches, whole, rows = make_tables(args.rows)
    print(f"loading {rows:,} rows of 5 tables")

    with tempfile.TemporaryDirectory() as folder:
        ours = synth_load(f"sqlite:///{folder}/synth.db", tables, batches)
        with sqlite3.connect(os.path.join(folder, "pandas.db")) as connection:
            theirs = pandas_load(connection, whole)
        report("SQLite", rows, ours, theirs)

    server = None
    url = args.pg_url
    if url is None:
        import postgres_server

        server = postgres_server.start()
        url = server.create_database("bench")
    try:
        from sqlalchemy import create_engine, text

        ours = synth_load(url, tables, batches)
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.begin() as connection:   # pandas' tables in a schema of their own, beside synth's
            connection.execute(text("CREATE SCHEMA IF NOT EXISTS pandas"))
            theirs = pandas_load(connection, whole, schema="pandas")
        engine.dispose()
        report("PostgreSQL", rows, ours, theirs)
    finally:
        if server is not None:
            postgres_server.stop(server)


if __name__ == "__main__":
    main()
