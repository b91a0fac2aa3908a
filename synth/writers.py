"""Streaming writers (JSONL, CSV, Parquet) and atomic commit of the output file.

Output goes to a temporary file beside the target and is renamed over it only when every batch is written,
so an error or Ctrl-C leaves no partial file. Batches are written as they come; nothing holds the dataset.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from pathlib import Path
from typing import IO, Callable

import numpy as np
import pandas as pd

from .errors import SynthError

FORMATS_BY_SUFFIX = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".parquet": "parquet"}


def format_for(path: str | None, requested: str | None, extra: tuple[str, ...] = ()) -> str:
    known = ("jsonl", "csv", "parquet") + tuple(extra)
    if requested:
        if requested not in known:
            raise SynthError(f"Unknown output format {requested!r}; use one of: {', '.join(known)}.")
        return requested
    if path is None:
        return "jsonl"
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS_BY_SUFFIX:
        raise SynthError(f"Cannot tell the output format from {path!r}; name it .jsonl, .csv or .parquet, or pass --format.")
    return FORMATS_BY_SUFFIX[suffix]


def _json_default(value):
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def jsonl_text(frame: pd.DataFrame) -> str:
    """One JSON object per line, UTF-8 text (not ASCII-escaped), fields in column order."""
    if frame.empty:
        return ""
    text = frame.to_json(orient="records", lines=True, force_ascii=False, double_precision=15)
    return text if text.endswith("\n") else text + "\n"


class JsonlWriter:
    def __init__(self, handle: IO[bytes]):
        self.handle = handle

    def write(self, frame: pd.DataFrame) -> None:
        self.handle.write(jsonl_text(frame).encode("utf-8"))

    def close(self) -> None:
        self.handle.flush()


class CsvWriter:
    """CSV with a header; list and dict cells are written as JSON text so they survive a round trip."""

    def __init__(self, handle: IO[bytes]):
        self.handle = handle
        self.header = True

    def write(self, frame: pd.DataFrame) -> None:
        frame = frame.copy()
        for name in frame.columns:
            if frame[name].dtype == object and frame[name].map(lambda v: isinstance(v, (list, dict, tuple))).any():
                frame[name] = frame[name].map(lambda v: json.dumps(v, ensure_ascii=False, default=_json_default)
                                              if isinstance(v, (list, dict, tuple)) else v)
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False, header=self.header, lineterminator="\n")
        self.header = False
        self.handle.write(buffer.getvalue().encode("utf-8"))

    def close(self) -> None:
        self.handle.flush()


class ParquetWriter:
    def __init__(self, handle: IO[bytes]):
        try:
            import pyarrow  # noqa: F401
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            raise SynthError("Parquet output needs pyarrow; install it with: pip install 'synth[parquet]'.") from None
        self.handle = handle
        self.writer = None
        self.schema = None

    def write(self, frame: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(frame, schema=self.schema, preserve_index=False)
        if self.writer is None:
            self.schema = table.schema
            self.writer = pq.ParquetWriter(self.handle, self.schema)
        self.writer.write_table(table)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


WRITERS: dict[str, Callable[[IO[bytes]], object]] = {"jsonl": JsonlWriter, "csv": CsvWriter, "parquet": ParquetWriter}


class AtomicOutput:
    """A binary file handle that becomes `path` only on a clean exit from the `with` block."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)

    def __enter__(self) -> IO[bytes]:
        parent = self.path.parent if str(self.path.parent) else Path(".")
        if self.path.is_dir():
            raise SynthError(f"The output path {str(self.path)!r} is a folder, not a file.")
        if not parent.is_dir():
            raise SynthError(f"The output folder {str(parent)!r} does not exist.")
        try:
            fd, self.temp = tempfile.mkstemp(dir=parent, prefix=f".{self.path.name}.", suffix=".partial")
        except OSError as error:
            raise SynthError(f"Cannot write to {str(parent)!r}: {error.strerror}.") from None
        self.handle = os.fdopen(fd, "wb")
        return self.handle

    def __exit__(self, kind, value, traceback) -> bool:
        try:
            if kind is None:
                self.handle.flush()
                os.fsync(self.handle.fileno())
            self.handle.close()
            if kind is None:
                os.replace(self.temp, self.path)
        finally:
            if os.path.exists(self.temp):
                os.unlink(self.temp)
        return False
