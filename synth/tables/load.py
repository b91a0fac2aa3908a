"""Direct loading of a domain's tables into a database, in bulk through Arrow and in one transaction.

    postgresql://user:password@host:5432/db   ADBC's PostgreSQL driver (binary COPY)   pip install 'synth[postgresql]'
    sqlite:///relative.db, sqlite:////abs.db  ADBC's SQLite driver                       pip install 'synth[sqlite]'
    duckdb:///path.duckdb                     DuckDB scanning the Arrow batches          pip install 'synth[duckdb]'

Every batch goes in as an Arrow table, never row by row. Rows of an entity table (a merchant, a customer) are
staged and inserted skipping keys already there, so appending a run with another `--start` adds only what is
new; PostgreSQL's rows of a table with JSONB or NUMERIC columns are staged too, and cast inside the server.
Tables are created with their keys (foreign keys enforced: SQLite's pragma is switched on; PostgreSQL's added
after the rows, see sql.py), or with `--if-exists` appended to or replaced. Everything happens in one transaction: a failure (a duplicate key, a broken foreign
key, a dropped connection, Ctrl-C) rolls it all back, and a database file the load created is removed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from ..errors import SynthError
from . import sql
from .spec import Table, Tables, arrow_table

SCHEMES = {"postgresql": "postgresql", "postgres": "postgresql", "sqlite": "sqlite", "duckdb": "duckdb"}
IF_EXISTS = ("fail", "append", "replace")
STAGE = "synth_stage_"
# Types PostgreSQL's binary COPY takes straight from their Arrow form; JSONB and NUMERIC need a cast in the server.
COPIED_AS_IS = {"id", "text", "int", "float", "bool", "date", "timestamp"}


@dataclass(frozen=True)
class Target:
    kind: str            # postgresql, sqlite or duckdb
    address: str         # the URL (PostgreSQL) or the file's path
    where: str           # how messages name it: no password

    @property
    def file(self) -> Path | None:
        return None if self.kind == "postgresql" else Path(self.address)


def database_target(output: str | None) -> Target | None:
    """The database an output names (postgresql://…, sqlite:///…, duckdb:///…), or None for a file or folder."""
    if not output or "://" not in output:
        return None
    scheme = output.split("://", 1)[0].lower()
    if scheme not in SCHEMES:
        if re.fullmatch(r"[a-z][a-z0-9+.-]*", scheme):
            raise SynthError(f"synth loads into postgresql://, sqlite:/// and duckdb:/// databases, not {scheme}://; "
                             "for another database write a script with --format sql --dialect.")
        return None
    kind = SCHEMES[scheme]
    if kind == "postgresql":
        parts = urlsplit(output)
        netloc = parts.netloc
        if parts.password is not None:
            netloc = netloc.replace(":" + parts.password + "@", ":***@", 1)
        return Target(kind, output, urlunsplit(parts._replace(netloc=netloc)))
    path = output.split("://", 1)[1]
    if not path.startswith("/") or path == "/":
        raise SynthError(f"Name the database file as {scheme}:///relative/path or {scheme}:////absolute/path, "
                         f"not {output!r}.")
    path = path[1:]
    if not Path(path).resolve().parent.is_dir():
        raise SynthError(f"The folder of the database file {path!r} does not exist.")
    return Target(kind, path, repr(path))


def _driver(kind: str):
    try:
        if kind == "sqlite":
            import adbc_driver_sqlite.dbapi as module
        elif kind == "postgresql":
            import adbc_driver_postgresql.dbapi as module
        else:
            import duckdb as module
    except ImportError:
        raise SynthError(f"Loading into {kind} needs its driver: pip install 'synth[{kind}]'.") from None
    return module


def _reason(error: BaseException) -> str:
    """The database's own words on one line: PostgreSQL's ERROR and DETAIL without the driver's account of the
    query; the first line of other drivers' messages without their status prefix."""
    text = str(error).strip() or type(error).__name__
    server = re.search(r"ERROR:\s+(.+)", text)
    if server:
        detail = re.search(r"DETAIL:\s+(.+)", text)
        text = server.group(1).rstrip(".") + (f" ({detail.group(1).rstrip('.')})" if detail else "")
    else:
        text = text.splitlines()[0]
        for prefix in ("INTERNAL: ", "IO: ", "INVALID_STATE: ", "ALREADY_EXISTS: ", "INTEGRITY: ", "UNKNOWN: ",
                       "failed to execute: "):
            text = text.removeprefix(prefix)
    return text.rstrip(".")


class Loader:
    """`with Loader(target, tables, if_exists) as load: load.write(parts) ...; load.close(rows)` — commits in
    `close`; leaving the block any other way rolls back."""

    def __init__(self, target: Target, tables: Tables, if_exists: str = "fail"):
        if if_exists not in IF_EXISTS:
            raise SynthError(f"--if-exists is one of {', '.join(IF_EXISTS)}, not {if_exists!r}.")
        self.target, self.tables, self.if_exists = target, tables, if_exists
        self.driver = _driver(target.kind)
        self.created: list[Table] = []
        self.staged: set[str] = set()
        self.committed = False
        self.new_file = target.file is not None and not target.file.exists()

    # -- the connection ---------------------------------------------------------------------------------------
    def __enter__(self) -> "Loader":
        try:
            self._connect()
            self._prepare()
        except BaseException as error:
            self._abandon()
            self._raise(error)
        return self

    def _connect(self) -> None:
        if self.target.kind == "duckdb":
            self.connection = self.driver.connect(self.target.address)
            self.cursor = self.connection
        else:
            self.connection = self.driver.connect(self.target.address, autocommit=True)
            self.cursor = self.connection.cursor()
        if self.target.kind == "sqlite":
            self._execute("PRAGMA foreign_keys = ON")   # outside a transaction, or SQLite ignores it
        self._execute("BEGIN")

    def _execute(self, statement: str):
        self.cursor.execute(statement)
        return self.cursor

    def _existing(self) -> set[str]:
        names = ", ".join(f"'{t}'" for t in self.tables.names)
        query = {"sqlite": f"SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ({names})",
                 "postgresql": "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                               f"AND tablename IN ({names})",
                 "duckdb": "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                           f"AND table_name IN ({names})"}[self.target.kind]
        return {row[0] for row in self._execute(query).fetchall()}

    def _prepare(self) -> None:
        existing = self._existing()
        if existing and self.if_exists == "fail":
            first = next(t for t in self.tables.names if t in existing)
            raise SynthError(f"The table {first!r} already exists in {self.target.where}; pass --if-exists append "
                             "to add to it or --if-exists replace to replace it.")
        if self.if_exists == "replace":
            for table in reversed(self.tables.tables):   # children before the tables they refer to
                if table.name in existing:
                    self._execute(f"DROP TABLE {self._q(table.name)}")
            existing = set()
        dialect = self._dialect
        for table in self.tables.tables:
            if table.name not in existing:
                self._execute(sql.create_table(table, dialect).rstrip().rstrip(";"))
                self.created.append(table)

    @property
    def _dialect(self) -> str:
        return self.target.kind

    def _q(self, name: str) -> str:
        return sql.quote_name(name, self._dialect)

    # -- the rows ---------------------------------------------------------------------------------------------
    def write(self, parts: dict) -> None:
        try:
            for table in self.tables.tables:
                frame = parts[table.name]
                if len(frame):
                    self._insert(table, arrow_table(table, frame, temporal_as_text=self.target.kind == "sqlite"))
        except BaseException as error:
            self._abandon()
            self._raise(error)

    def _insert(self, table: Table, data) -> None:
        kind = self.target.kind
        if kind == "duckdb":
            self.connection.register("synth_batch", data)
            try:
                ignore = "OR IGNORE " if table.entity else ""
                # columns by name: a table appended to may list them in another order
                names = ", ".join(self._q(c.name) for c in table.columns)
                self._execute(f"INSERT {ignore}INTO {self._q(table.name)} ({names}) SELECT {names} FROM synth_batch")
            finally:
                self.connection.unregister("synth_batch")
        elif not table.entity and (kind == "sqlite" or all(c.type in COPIED_AS_IS for c in table.columns)):
            self.cursor.adbc_ingest(table.name, data, mode="append")
        else:
            self._insert_staged(table, data)

    def _insert_staged(self, table: Table, data) -> None:
        """Bulk-copy into a temporary table, then one INSERT … SELECT: it casts (PostgreSQL) and skips the keys an
        entity table already has."""
        stage = STAGE + table.name
        mode = "append" if stage in self.staged else "create"
        self.cursor.adbc_ingest(stage, data, mode=mode, temporary=True)
        self.staged.add(stage)
        types = sql.COLUMN_TYPES[self._dialect]
        if self.target.kind == "postgresql":
            columns = ", ".join(f"{self._q(c.name)}::{types[c.type]}" for c in table.columns)
            skip = " ON CONFLICT DO NOTHING" if table.entity else ""
            verb = "INSERT INTO"
        else:
            columns = ", ".join(self._q(c.name) for c in table.columns)
            skip = ""
            verb = "INSERT OR IGNORE INTO" if table.entity else "INSERT INTO"
        names = ", ".join(self._q(c.name) for c in table.columns)
        self._execute(f"{verb} {self._q(table.name)} ({names}) SELECT {columns} FROM {self._q(stage)}{skip}")
        self._execute(f"DELETE FROM {self._q(stage)}")

    # -- the end ----------------------------------------------------------------------------------------------
    def close(self, rows: dict) -> None:
        try:
            if self.target.kind != "duckdb":   # DuckDB indexes its foreign keys itself
                for table in self.created:
                    for statement in sql.after_rows(table, self._dialect):
                        self._execute(statement.rstrip().rstrip(";"))
            if self.target.kind == "sqlite":
                broken = self._execute("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise SynthError(f"The rows of {broken[0][0]!r} name a missing row of {broken[0][2]!r}.")
            self._execute("COMMIT")
            self.committed = True
        except BaseException as error:
            self._abandon()
            self._raise(error)
        finally:
            self._disconnect()

    def __exit__(self, kind, value, traceback) -> bool:
        if not self.committed:
            self._abandon()
        return False

    def _abandon(self) -> None:
        """Roll back and let go; a database file this load created goes too. Quietly: an error is on its way."""
        if getattr(self, "connection", None) is not None and not self.committed:
            try:
                self._execute("ROLLBACK")
            except Exception:  # noqa: BLE001 — a dropped connection has rolled back already
                pass
        self._disconnect()
        if self.new_file and not self.committed:
            for suffix in ("", ".wal", "-journal", "-wal", "-shm"):
                try:
                    os.unlink(str(self.target.file) + suffix)
                except OSError:
                    pass

    def _disconnect(self) -> None:
        connection = getattr(self, "connection", None)
        self.connection = None
        if connection is not None:
            try:
                if self.cursor is not connection:
                    self.cursor.close()
                connection.close()
            except Exception:  # noqa: BLE001
                pass

    def _raise(self, error: BaseException):
        if isinstance(error, (SynthError, KeyboardInterrupt, SystemExit)) or not isinstance(error, Exception):
            raise error
        raise SynthError(f"Loading into {self.target.where} failed, so nothing was loaded: {_reason(error)}.") from None
