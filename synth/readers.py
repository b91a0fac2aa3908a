"""Reading records that users bring (JSONL, CSV, Parquet), with line-numbered errors.

`read_records(path, strict=True)` raises a `SynthError` naming the first broken line; with `strict=False` it
skips broken lines and lists them in `bad_lines`, so a checker can count them and go on.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import SynthError

INPUT_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".parquet": "parquet"}


@dataclass
class LoadedRecords:
    frame: pd.DataFrame
    format: str
    bad_lines: list[tuple[int, str]] = field(default_factory=list)  # (1-based line number, reason)
    # Where each record of `frame` came from: its 1-based line in a JSONL or CSV file (the first line of a CSV
    # record that spans lines), or its 1-based row in a Parquet file. `None` for frames built elsewhere.
    lines: list[int] | None = None

    def broken_lines_note(self) -> str:
        """" (1 broken line: line 3, it nests too deeply to read)", or "" when every line was read."""
        if not self.bad_lines:
            return ""
        line, reason = self.bad_lines[0]
        count = len(self.bad_lines)
        return f" ({count} broken line{'s' if count > 1 else ''}, the first is line {line}: {reason})"

    @property
    def position_word(self) -> str:
        """What `lines` counts: "line" for text formats, "row" for Parquet."""
        return "row" if self.format == "parquet" else "line"

    def place(self, row: int) -> str:
        """Where record `row` (0-based, in `frame`) is, as users count: "Line 2" of a JSONL or CSV file."""
        number = self.lines[row] if self.lines is not None else row + 1
        return f"{self.position_word.capitalize()} {number}"


def input_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix not in INPUT_FORMATS:
        raise SynthError(f"Cannot tell the format of {str(path)!r}; name it .jsonl, .csv or .parquet.")
    return INPUT_FORMATS[suffix]


def _decode(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SynthError(f"The input file {str(path)!r} does not exist.") from None
    except IsADirectoryError:
        raise SynthError(f"The input path {str(path)!r} is a folder, not a file.") from None
    except OSError as error:
        raise SynthError(f"Cannot read {str(path)!r}: {error.strerror}.") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise SynthError(f"{str(path)!r} is not UTF-8 text (line {line} has the byte 0x{raw[error.start]:02x}).") from None


def _object_frame(rows: list[dict]) -> pd.DataFrame:
    """Records as a frame of object columns (values exactly as parsed; an absent key is None), keys in first-seen order."""
    if not rows:
        return pd.DataFrame()
    order = tuple(rows[0])
    if all(tuple(row) == order for row in rows):  # the usual file: every record has the same keys in the same order
        return pd.DataFrame({k: pd.Series(values, dtype=object) for k, values in zip(order, zip(*(r.values() for r in rows)))})
    keys: dict[str, None] = {}
    for row in rows:
        keys.update(dict.fromkeys(row))
    return pd.DataFrame({k: pd.Series([row.get(k) for row in rows], dtype=object) for k in keys})


def _has_lone_surrogate(value) -> bool:
    """JSON may escape half of a UTF-16 pair (\\ud800); such text cannot be written as UTF-8."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _why_broken(error: Exception) -> str:
    """Why a JSONL line was refused, as the end of a sentence."""
    if isinstance(error, RecursionError):  # hostile or broken input such as [[[[...]]]] thousands deep
        return "it nests too deeply to read"
    if isinstance(error, json.JSONDecodeError):
        return "it is not valid JSON"
    return str(error)


def _read_jsonl(path: Path, strict: bool, objects: bool = False) -> LoadedRecords:
    rows, bad, lines = [], [], []
    # Split on newlines only: str.splitlines() would also cut at U+2028 or form feeds inside JSON strings.
    for number, line in enumerate(_decode(path).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
            if not isinstance(value, dict):
                raise ValueError("it is not a JSON object")
            if "\\u" in line and _has_lone_surrogate(value):
                raise ValueError("it escapes a lone surrogate (such as \\ud800), which is not a character")
        except (ValueError, RecursionError) as error:
            reason = _why_broken(error)
            if strict:
                raise SynthError(f"Line {number} of {str(path)!r} is broken: {reason}.") from None
            bad.append((number, reason))
            continue
        rows.append(value)
        lines.append(number)
    if objects:
        return LoadedRecords(_object_frame(rows), "jsonl", bad, lines)
    return LoadedRecords(pd.DataFrame.from_records(rows) if rows else pd.DataFrame(), "jsonl", bad, lines)


def _read_csv(path: Path, strict: bool, objects: bool = False) -> LoadedRecords:
    reader = csv.reader(io.StringIO(_decode(path), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return LoadedRecords(pd.DataFrame(), "csv", lines=[])
    except csv.Error as error:
        raise SynthError(f"The header of {str(path)!r} is not valid CSV: {error}.") from None
    rows, bad, lines = [], [], []
    while True:
        first_line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            if strict:
                raise SynthError(f"Line {reader.line_num} of {str(path)!r} is broken: {error}.") from None
            bad.append((reader.line_num, str(error)))
            continue
        if not row:
            continue
        if len(row) != len(header):
            reason = f"it has {len(row)} cells where the header has {len(header)}"
            if strict:
                raise SynthError(f"Line {reader.line_num} of {str(path)!r} is broken: {reason}.")
            bad.append((reader.line_num, reason))
            continue
        rows.append(row)
        lines.append(first_line)
    return LoadedRecords(pd.DataFrame(rows, columns=header, dtype=object), "csv", bad, lines)


def _read_parquet(path: Path, strict: bool, objects: bool = False) -> LoadedRecords:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise SynthError("Reading Parquet needs pyarrow; install it with: pip install 'synth[parquet]'.") from None
    if not path.is_file():
        raise SynthError(f"The input file {str(path)!r} does not exist.")
    try:
        frame = pq.read_table(path).to_pandas()
    except Exception as error:  # pyarrow raises many types for a corrupt file
        raise SynthError(f"{str(path)!r} is not a readable Parquet file ({type(error).__name__}).") from None
    return LoadedRecords(frame, "parquet", lines=list(range(1, len(frame) + 1)))


def read_records(path: str | Path, strict: bool = True, objects: bool = False) -> LoadedRecords:
    """Records of a JSONL, CSV or Parquet file. With `objects`, JSONL values stay exactly as parsed in object
    columns (no dtype inference: faster, and a checker sees what the file holds); CSV cells are always text."""
    path = Path(path)
    reader = {"jsonl": _read_jsonl, "csv": _read_csv, "parquet": _read_parquet}[input_format(path)]
    return reader(path, strict, objects)
