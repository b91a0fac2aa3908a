"""Streaming writers (JSONL, CSV, Parquet). Batches are written as they come; nothing holds the dataset.

A writer is a context manager: a clean exit finishes the file (the CSV header of an empty file, Parquet's
footer), an error leaves it unfinished for `AtomicOutput` (in `synth.output`) to throw away.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from pathlib import Path
from typing import IO, Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pandas as pd

from .errors import SynthError
from .output import AtomicOutput  # noqa: F401  (imported from here by older code)

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


_TEXT = pa.large_string()
_CONTROL_CHARACTERS = r"[\x00-\x1f]"


def _text(value: str) -> pa.Scalar:
    return pa.scalar(value, _TEXT)


def _is_nested(values: pd.Series) -> bool:
    first = values.dropna()
    return values.dtype == object and len(first) > 0 and isinstance(first.iloc[0], (list, dict, tuple, np.ndarray))


def _json_column(values: pd.Series) -> pa.Array:
    """A column's cells as JSON text (nulls stay null), computed column-wise in Arrow."""
    if _is_nested(values):
        return pa.array([None if v is None else json.dumps(v, ensure_ascii=False, separators=(",", ":"),
                                                             default=_json_default) for v in values], _TEXT)
    array = pa.array(values, from_pandas=True)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
        array = pc.cast(array, _TEXT)
        escaped = pc.replace_substring(pc.replace_substring(array, "\\", "\\\\"), '"', '\\"')
        quoted = pc.binary_join_element_wise(_text('"'), escaped, _text('"'), _text(""))
        # Control characters are rare in data: the json module escapes just those cells.
        control = pc.fill_null(pc.match_substring_regex(array, _CONTROL_CHARACTERS), False)
        if pc.any(control).as_py():
            rows = np.flatnonzero(control.to_numpy(zero_copy_only=False))
            fixed = pa.array([json.dumps(array[int(i)].as_py(), ensure_ascii=False) for i in rows], _TEXT)
            quoted = pc.replace_with_mask(quoted, control, fixed)
        return quoted
    if pa.types.is_boolean(array.type):
        return pc.if_else(array, _text("true"), _text("false"))
    if pa.types.is_floating(array.type):
        finite = pc.is_finite(array)
        return pc.if_else(finite, pc.cast(array, _TEXT), pa.scalar(None, _TEXT))
    if pa.types.is_integer(array.type) or pa.types.is_null(array.type):
        return pc.cast(array, _TEXT)
    raise SynthError(f"Cannot write column {values.name!r} of type {array.type} as JSON.")


def jsonl_bytes(frame: pd.DataFrame) -> bytes:
    """One JSON object per line, UTF-8 (not ASCII-escaped), fields in column order; built column-wise in Arrow."""
    if frame.empty:
        return b""
    cells = []
    for k, name in enumerate(frame.columns):
        key = ("{" if k == 0 else ",") + json.dumps(str(name), ensure_ascii=False) + ":"
        column = pc.binary_join_element_wise(_text(key), _json_column(frame[name]), _text(""))
        cells.append(pc.fill_null(column, _text(key + "null")))
    lines = pc.binary_join_element_wise(*cells, _text("}\n"), _text(""))
    # The joined lines lie back to back in the array's data buffer: that buffer slice is the output.
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int64)[lines.offset:lines.offset + len(lines) + 1]
    return lines.buffers()[2].to_pybytes()[offsets[0]:offsets[-1]]


def jsonl_text(frame: pd.DataFrame) -> str:
    return jsonl_bytes(frame).decode("utf-8")


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV rows without a header; list and dict cells become JSON text so they survive a round trip."""
    frame = frame.copy()
    for name in frame.columns:
        if _is_nested(frame[name]):
            frame[name] = frame[name].map(lambda v: None if v is None else json.dumps(
                v, ensure_ascii=False, separators=(",", ":"), default=_json_default))
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, header=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


class Writer:
    """Finishes the file on a clean exit from `with`; on an error, `discard` lets go without finishing it."""

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback) -> bool:
        if kind is None:
            self.close()
        else:
            self.discard()
        return False

    def close(self) -> None:
        raise NotImplementedError

    def discard(self) -> None:
        """Nothing to undo by default: the bytes went to the output's handle, which the output throws away."""


class EncodedWriter(Writer):
    """Writes batches as bytes; `encode` is a picklable function, so workers can do the encoding."""

    encode: Callable[[pd.DataFrame], bytes]

    def __init__(self, handle: IO[bytes], columns: list[str]):
        self.handle = handle
        self.columns = columns
        self.started = False

    def header(self) -> bytes:
        return b""

    def write_encoded(self, payload: bytes) -> None:
        if not self.started:
            self.handle.write(self.header())
            self.started = True
        self.handle.write(payload)

    def write(self, frame: pd.DataFrame) -> None:
        self.write_encoded(type(self).encode(frame))

    def close(self) -> None:
        if not self.started:
            self.write_encoded(b"")
        self.handle.flush()


class JsonlWriter(EncodedWriter):
    encode = staticmethod(jsonl_bytes)


class CsvWriter(EncodedWriter):
    encode = staticmethod(csv_bytes)

    def header(self) -> bytes:
        buffer = io.StringIO()
        pd.DataFrame(columns=self.columns).to_csv(buffer, index=False, lineterminator="\n")
        return buffer.getvalue().encode("utf-8")


class ParquetWriter(Writer):
    """Batches become row groups of one file. A file has one schema, but a batch can hold what earlier ones did
    not: a key of an open-ended record (a review aspect, a dialogue slot) or a first value in a column that was
    empty so far. Converting such a batch to the schema taken so far would drop those values silently, so the
    schema is widened instead: the row groups already written are read back and rewritten under the wider schema.
    Key sets saturate within the first batches, so this happens rarely and early."""

    encode = None  # Arrow tables are written whole; batches come as DataFrames

    def __init__(self, handle: IO[bytes], columns: list[str]):
        self.handle = handle
        self.writer = None
        self.schema = None                  # the file's schema, without metadata
        self.pandas_metadata: dict = {}     # the first batch's, as pyarrow writes it (restores dtypes on reading)
        self.metadata: dict | None = None   # provenance, stored as JSON under the schema metadata key b"synth"

    def write(self, frame: pd.DataFrame) -> None:
        table = arrow_table(frame)
        if self.writer is None:
            self._start(table.schema)
        elif not table.schema.equals(self.schema):
            wider = widest_schema(self.schema, table.schema)
            if not wider.equals(self.schema):
                self._widen(wider)
        self.writer.write_table(cast_table(table, self._file_schema()))

    def _file_schema(self) -> pa.Schema:
        metadata = dict(self.pandas_metadata)
        if self.metadata is not None:
            metadata[b"synth"] = json.dumps(self.metadata, ensure_ascii=False).encode("utf-8")
        return self.schema.with_metadata(metadata)

    def _start(self, schema: pa.Schema) -> None:
        import pyarrow.parquet as pq

        if not self.pandas_metadata:
            self.pandas_metadata = dict(schema.metadata or {})
        self.schema = schema.remove_metadata()
        self.writer = pq.ParquetWriter(self.handle, self._file_schema())

    def _widen(self, wider: pa.Schema) -> None:
        """Rewrite what is written so far under `wider`. Needs a handle it can read back and rewind (a regular
        file, as `AtomicOutput` gives); a pipe cannot be rewritten."""
        import tempfile

        import pyarrow.parquet as pq

        if not (self.handle.seekable() and self.handle.readable()):
            raise SynthError("Cannot write these records as Parquet to a pipe or device: a later batch has fields "
                             "the first did not; write to a file, or write JSONL.")
        self.writer.close()
        with tempfile.TemporaryFile() as copy:
            self.handle.flush()
            self.handle.seek(0)
            shutil.copyfileobj(self.handle, copy)
            self.handle.seek(0)
            self.handle.truncate()
            self._start(wider)
            copy.seek(0)
            written = pq.ParquetFile(copy)
            for group in range(written.num_row_groups):
                self.writer.write_table(cast_table(written.read_row_group(group), self._file_schema()))

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()

    def discard(self) -> None:
        """Mark Arrow's writer closed without its footer: left open, its finaliser would later write the footer
        to a handle already closed ("Exception ignored in ParquetWriter.__del__"), or finish a file half made."""
        if self.writer is not None:
            self.writer.is_open = False
            self.writer = None


def arrow_table(frame: pd.DataFrame) -> pa.Table:
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as error:  # input fields that mix lists, text and numbers
        reason = str(error.args[0]) if error.args else type(error).__name__
        raise SynthError(f"Cannot write these records as Parquet ({reason}); write JSONL instead.") from None


def widest_schema(schema: pa.Schema, other: pa.Schema) -> pa.Schema:
    """The narrowest schema both fit: struct fields are merged by name, an all-empty (null) column takes the
    other's type, integers widen to floats."""
    try:
        return pa.unify_schemas([schema, other.remove_metadata()], promote_options="permissive")
    except (pa.ArrowInvalid, pa.ArrowTypeError) as error:
        reason = str(error.args[0]) if error.args else type(error).__name__
        raise SynthError(f"Cannot write these records as Parquet: batches disagree on a column's type ({reason}); "
                         "write JSONL instead.") from None


def cast_table(table: pa.Table, schema: pa.Schema) -> pa.Table:
    try:
        return table.cast(schema)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError) as error:
        reason = str(error.args[0]) if error.args else type(error).__name__
        raise SynthError(f"Cannot write these records as Parquet ({reason}); write JSONL instead.") from None


WRITERS: dict[str, Callable[[IO[bytes], list[str]], object]] = {"jsonl": JsonlWriter, "csv": CsvWriter, "parquet": ParquetWriter}
