r"""SQL for the table views: CREATE TABLE with keys and constraints per dialect, and the data as SQL text.

The data takes each dialect's fastest text form: PostgreSQL's COPY ... FROM stdin (text format), multi-row
INSERTs for MySQL and SQLite. Values are escaped column by column in Arrow, not row by row in Python:
  - PostgreSQL COPY: backslash, newline, carriage return and tab as \\, \n, \r, \t; NULL as \N. PostgreSQL text
    cannot hold the NUL character at all, so a NUL is refused with one sentence.
  - SQLite literals: quotes doubled; a NUL becomes '||char(0)||' (a literal cannot hold it) and a carriage
    return '||char(13)||' (the sqlite3 shell drops one before a line break).
  - MySQL literals: backslash escapes for \\, ', NUL (\0), newline, carriage return and Ctrl-Z (\Z), as MySQL's
    own escaping does; the script sets utf8mb4 so emoji survive.
"""

from __future__ import annotations

from typing import Iterator

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import SynthError
from .spec import Table, Tables

DIALECTS = ("postgresql", "mysql", "sqlite")

COLUMN_TYPES = {
    "postgresql": {"id": "TEXT", "text": "TEXT", "int": "BIGINT", "float": "DOUBLE PRECISION",
                   "money": "NUMERIC(14, 2)", "bool": "BOOLEAN", "date": "DATE", "timestamp": "TIMESTAMP",
                   "json": "JSONB"},
    # MySQL indexes need a bounded length: identifiers are VARCHAR, text MEDIUMTEXT (notes pass 64 KB rarely,
    # but TEXT's limit is in bytes and Chinese takes three each).
    "mysql": {"id": "VARCHAR(64)", "text": "MEDIUMTEXT", "int": "BIGINT", "float": "DOUBLE",
              "money": "DECIMAL(14, 2)", "bool": "BOOLEAN", "date": "DATE", "timestamp": "DATETIME",
              "json": "JSON"},
    # SQLite keeps dates and times as ISO text, which sorts and compares correctly.
    "sqlite": {"id": "TEXT", "text": "TEXT", "int": "INTEGER", "float": "REAL", "money": "NUMERIC",
               "bool": "INTEGER", "date": "TEXT", "timestamp": "TEXT", "json": "TEXT"},
    "duckdb": {"id": "VARCHAR", "text": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "money": "DECIMAL(14, 2)",
               "bool": "BOOLEAN", "date": "DATE", "timestamp": "TIMESTAMP", "json": "JSON"},
}

INSERT_ROWS = 500   # rows per INSERT statement: long enough to be fast, short enough for any client's buffer


def quote_name(name: str, dialect: str) -> str:
    return f"`{name}`" if dialect == "mysql" else f'"{name}"'


# PostgreSQL checks a foreign key row by row through a trigger, more than halving a bulk load; a key added after
# the rows is checked in one join (pg_dump restores the same way). In one transaction, nothing else sees the gap.
FOREIGN_KEYS_AFTER_ROWS = ("postgresql",)


def _reference(fk, dialect: str) -> str:
    q = lambda name: quote_name(name, dialect)  # noqa: E731
    return (f"FOREIGN KEY ({', '.join(map(q, fk.columns))}) REFERENCES {q(fk.table)} "
            f"({', '.join(map(q, fk.references))})")


def create_table(table: Table, dialect: str) -> str:
    """CREATE TABLE with the primary key, and the foreign keys unless the dialect adds them after the rows."""
    q = lambda name: quote_name(name, dialect)  # noqa: E731
    types = COLUMN_TYPES[dialect]
    lines = [f"    {q(c.name)} {types[c.type]}{'' if c.nullable else ' NOT NULL'}" for c in table.columns]
    lines.append(f"    PRIMARY KEY ({', '.join(map(q, table.primary_key))})")
    if dialect not in FOREIGN_KEYS_AFTER_ROWS:
        lines.extend(f"    {_reference(fk, dialect)}" for fk in table.foreign_keys)
    head = f"CREATE TABLE {q(table.name)} (\n"
    tail = "\n) DEFAULT CHARSET=utf8mb4;\n" if dialect == "mysql" else "\n);\n"
    return head + ",\n".join(lines) + tail


def add_foreign_keys(table: Table, dialect: str) -> list[str]:
    """The foreign keys a dialect adds once the rows are in (FOREIGN_KEYS_AFTER_ROWS); none for the others."""
    if dialect not in FOREIGN_KEYS_AFTER_ROWS:
        return []
    return [f"ALTER TABLE {quote_name(table.name, dialect)} ADD {_reference(fk, dialect)};\n"
            for fk in table.foreign_keys]


def create_indexes(table: Table, dialect: str) -> list[str]:
    """An index on each foreign key that does not lead the primary key: joins from the parent need one, and
    only MySQL makes them itself."""
    if dialect == "mysql":
        return []
    q = lambda name: quote_name(name, dialect)  # noqa: E731
    return [f"CREATE INDEX {q(table.name + '_' + '_'.join(fk.columns) + '_idx')} ON {q(table.name)} "
            f"({', '.join(map(q, fk.columns))});\n"
            for fk in table.foreign_keys if tuple(table.primary_key[:len(fk.columns)]) != fk.columns]


def opening(tables: Tables, dialect: str) -> str:
    """A script's settings, transaction and CREATE TABLEs. MySQL commits at every CREATE TABLE, so its
    transaction (the data) starts after them."""
    creates = "".join(create_table(t, dialect) for t in tables.tables)
    if dialect == "postgresql":
        return "SET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\nBEGIN;\n" + creates
    if dialect == "mysql":
        return "SET NAMES utf8mb4;\n" + creates + "START TRANSACTION;\n"
    return "PRAGMA foreign_keys = ON;\nBEGIN;\n" + creates


def after_rows(table: Table, dialect: str) -> list[str]:
    """What follows a new table's rows: its deferred foreign keys, then the indexes on them."""
    return add_foreign_keys(table, dialect) + create_indexes(table, dialect)


def closing(tables: Tables, dialect: str) -> str:
    return "".join(s for t in tables.tables for s in after_rows(t, dialect)) + "COMMIT;\n"


# -- values -------------------------------------------------------------------------------------------------------

_TEXT = pa.large_string()


def _s(value: str) -> pa.Scalar:
    return pa.scalar(value, _TEXT)


def _replace_all(array: pa.Array, pairs) -> pa.Array:
    for old, new in pairs:
        array = pc.replace_substring(array, old, new)
    return array


def _has_nul(array: pa.Array) -> bool:
    return bool(pc.any(pc.fill_null(pc.match_substring(array, "\x00"), False)).as_py())


BOOLEANS = {"postgresql": ("t", "f"), "sqlite": ("1", "0"), "mysql": ("TRUE", "FALSE")}


def _as_text(array: pa.Array, kind: str, dialect: str) -> pa.Array:
    """Each value as the text the dialect reads (without quoting), nulls kept null."""
    if kind == "bool":
        true, false = BOOLEANS[dialect]
        return pc.if_else(array, _s(true), _s(false))
    if kind in ("float", "money"):
        finite = pc.is_finite(array)
        return pc.if_else(finite, pc.cast(array, _TEXT), pa.scalar(None, _TEXT))
    return pc.cast(array, _TEXT)


def _copy_field(array: pa.Array, column, table: Table) -> pa.Array:
    text = _as_text(array, column.type, "postgresql")
    if column.type in ("id", "text", "json", "date", "timestamp"):
        if _has_nul(text):
            raise SynthError(f"Column {table.name}.{column.name} holds a NUL character, which PostgreSQL text "
                             "cannot store; write another dialect or format.")
        text = _replace_all(text, (("\\", "\\\\"), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t")))
    return pc.fill_null(text, _s("\\N"))


def _literal(array: pa.Array, column, dialect: str) -> pa.Array:
    text = _as_text(array, column.type, dialect)
    if column.type in ("id", "text", "json", "date", "timestamp"):
        if dialect == "mysql":
            text = _replace_all(text, (("\\", "\\\\"), ("'", "\\'"), ("\x00", "\\0"), ("\n", "\\n"),
                                       ("\r", "\\r"), ("\x1a", "\\Z")))
        else:
            text = _replace_all(text, (("'", "''"), ("\x00", "'||char(0)||'"), ("\r", "'||char(13)||'")))
        text = pc.binary_join_element_wise(_s("'"), text, _s("'"), _s(""))
    return pc.fill_null(text, _s("NULL"))


def _rows(table: Table, data: pa.Table, field, separator: str) -> list[str]:
    fields = [field(data.column(c.name).combine_chunks(), c) for c in table.columns]
    return pc.binary_join_element_wise(*fields, _s(separator)).to_pylist()


def data_text(table: Table, data: pa.Table, dialect: str) -> Iterator[str]:
    """A table's rows (Arrow, as `spec.arrow_table` with dates as text) as SQL text in the dialect."""
    if data.num_rows == 0:
        return
    names = ", ".join(quote_name(c.name, dialect) for c in table.columns)
    if dialect == "postgresql":
        rows = _rows(table, data, lambda a, c: _copy_field(a, c, table), "\t")
        yield f"COPY {quote_name(table.name, dialect)} ({names}) FROM stdin;\n"
        yield "\n".join(rows)
        yield "\n\\.\n"
        return
    rows = _rows(table, data, lambda a, c: _literal(a, c, dialect), ", ")
    head = f"INSERT INTO {quote_name(table.name, dialect)} ({names}) VALUES\n("
    for at in range(0, len(rows), INSERT_ROWS):
        yield head + "),\n(".join(rows[at:at + INSERT_ROWS]) + ");\n"


def frame_text(table: Table, frame: pd.DataFrame, dialect: str) -> str:
    from .spec import arrow_table

    return "".join(data_text(table, arrow_table(table, frame, temporal_as_text=True), dialect))
