"""Table views written out: a folder of one file per table plus `schema.json`, or one SQL script.

The folder is written under a temporary name beside the target and renamed onto it only when every file is
complete, so OUT/ appears whole or not at all (an existing non-empty folder is refused before any work).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, Iterator


from ..errors import SynthError
from ..writers import CsvWriter, JsonlWriter
from . import sql
from .spec import Tables, arrow_table

SCHEMA_FILE = "schema.json"
FILE_FORMATS = ("parquet", "csv", "jsonl")


def check_new_folder(output: str) -> Path:
    """Refuse, before any work, a target that is a file or a folder with something in it."""
    target = Path(output)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise SynthError(f"The output {output!r} exists and is not a folder; --tables writes a folder of files.")
    if target.is_dir() and any(target.iterdir()):
        raise SynthError(f"The output folder {output!r} is not empty; name a new or empty folder.")
    if not target.resolve().parent.is_dir():
        raise SynthError(f"The output folder's parent {str(target.resolve().parent)!r} does not exist.")
    return target


@contextmanager
def atomic_folder(target: Path) -> Iterator[Path]:
    """A temporary folder beside `target`, renamed onto it on a clean exit and removed on any error."""
    parent = target.resolve().parent
    try:
        temp = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.", suffix=".partial"))
    except OSError as error:
        raise SynthError(f"Cannot write to {str(parent)!r}: {error.strerror}.") from None
    try:
        yield temp
        os.chmod(temp, 0o777 & ~_umask())
        if target.is_dir():
            target.rmdir()   # empty (checked before the run): rename cannot replace a folder on every system
        os.replace(temp, target)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class TableFiles:
    """One streaming writer per table in a folder; `write(parts)` takes one batch of every table."""

    def __init__(self, folder: Path, tables: Tables, fmt: str, manifest: dict, report):
        self.folder, self.tables, self.fmt, self.manifest = folder, tables, fmt, manifest
        self.report = report   # the stream's GenerationReport, complete when the files are closed
        import pyarrow.parquet as pq

        self.stack = ExitStack()
        self.writers = {}
        for table in tables.tables:
            handle = self.stack.enter_context(open(folder / f"{table.name}.{fmt}", "wb"))
            if fmt == "parquet":
                schema = arrow_table(table, _empty(table)).schema.with_metadata(
                    {b"synth": json.dumps(manifest, ensure_ascii=False).encode("utf-8")})
                self.writers[table.name] = self.stack.enter_context(pq.ParquetWriter(handle, schema))
            else:
                writer = (CsvWriter if fmt == "csv" else JsonlWriter)(handle, table.column_names)
                self.writers[table.name] = self.stack.enter_context(writer)

    def __enter__(self) -> "TableFiles":
        return self

    def __exit__(self, *exc) -> bool:
        return self.stack.__exit__(*exc)   # on an error the writers let go; the folder is thrown away

    def write(self, parts: dict) -> None:
        for table in self.tables.tables:
            frame = parts[table.name]
            writer = self.writers[table.name]
            if self.fmt == "parquet":
                writer.write_table(arrow_table(table, frame).replace_schema_metadata(writer.schema.metadata))
            else:
                writer.write(frame)

    def close(self, rows: dict) -> None:
        self.stack.close()   # finishes every file (Parquet footers)
        schema = {**self.manifest, "generation": self.report.as_dict(), "rows": rows, **self.tables.as_dict()}
        (self.folder / SCHEMA_FILE).write_text(json.dumps(schema, ensure_ascii=False, indent=1) + "\n",
                                                encoding="utf-8")


def _empty(table):
    import pandas as pd

    return pd.DataFrame({c: pd.Series([], dtype=object) for c in table.column_names})


class SqlScript:
    """The tables as one SQL script: CREATE TABLE, the data batch by batch (parents first in each batch, so
    every foreign key already holds), the foreign-key indexes, COMMIT."""

    def __init__(self, handle: IO[bytes], tables: Tables, dialect: str):
        self.handle, self.tables, self.dialect = handle, tables, dialect
        handle.write(sql.opening(tables, dialect).encode("utf-8"))

    def write(self, parts: dict) -> None:
        for table in self.tables.tables:
            for piece in sql.data_text(table, arrow_table(table, parts[table.name], temporal_as_text=True),
                                       self.dialect):
                self.handle.write(piece.encode("utf-8"))

    def close(self, rows: dict) -> None:
        self.handle.write(sql.closing(self.tables, self.dialect).encode("utf-8"))
