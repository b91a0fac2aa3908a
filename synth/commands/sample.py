"""`synth sample FILE -n 50 [--stratify FIELD] [--seed S] -o sheet.csv`: a spot-check sheet for a human reviewer.

The sheet holds a stratified, deterministic random sample of the records with `_line` (where the record is in
FILE), `_stratum` (with --stratify) and empty `verdict` and `comment` columns. Fill the verdicts in (accept or
reject, 通过 or 不通过) and read the sheet back with `synth check --review sheet.csv`. CSV sheets start with a
UTF-8 byte-order mark so spreadsheet programs show the Chinese text correctly, and a text cell that would run as a
formula (=, +, -, @ ...) gets a leading quote (`synth.spreadsheet`), which the review reads back off.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from typing import Any

import numpy as np
import pandas as pd

from ..errors import SynthError
from .arguments import whole_number
from ..readers import read_records
from ..output import AtomicOutput, refuse_inputs_as_outputs
from ..spreadsheet import neutralise_formula
from ..writers import format_for


def _cell(value):
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or (isinstance(value, float) and value != value):
        return None
    return value


def _csv_cell(value) -> Any:
    """A value as a sheet cell: lists and dicts as JSON text, text that a spreadsheet would run as a formula
    neutralised; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False)
    return neutralise_formula(value) if isinstance(value, str) else value


def sheet_text(sheet: pd.DataFrame, fmt: str) -> str:
    """The sheet as CSV (with a byte-order mark, safe to open in a spreadsheet) or as JSONL."""
    records = [{k: _cell(v) for k, v in zip(sheet.columns, row)} for row in sheet.itertuples(index=False)]
    if fmt == "jsonl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180; a carriage return in a cell gets quoted
    writer.writerow([_csv_cell(str(name)) for name in sheet.columns])
    for r in records:
        writer.writerow([_csv_cell(v) for v in r.values()])
    return "\ufeff" + buffer.getvalue()


def add_parser(sub) -> None:
    p = sub.add_parser("sample", help="write a stratified random sample with empty verdict and comment columns")
    p.add_argument("file", help="the records to sample (.jsonl, .csv or .parquet)")
    p.add_argument("-n", type=whole_number, default=50, help="records in the sample (default 50)")
    p.add_argument("--stratify", metavar="FIELD", help="sample every value of this field (labels, categories)")
    p.add_argument("--seed", type=whole_number, default=0, help="the same seed picks the same records (default 0)")
    p.add_argument("-o", "--output", required=True, help="the sheet: .csv (for spreadsheets) or .jsonl")


def run(args) -> int:
    from ..quality.sampling import REVIEW_COLUMNS, stratified_sample

    if args.seed < 0:
        raise SynthError(f"The seed must be a non-negative whole number, not {args.seed}.")
    fmt = format_for(args.output, None)
    if fmt == "parquet":
        raise SynthError("Write the sheet as .csv or .jsonl; reviewers cannot edit Parquet.")
    refuse_inputs_as_outputs([args.output], [args.file])
    loaded = read_records(args.file)  # broken lines are refused, as augment and check --review refuse them
    frame = loaded.frame
    if frame.empty:
        raise SynthError(f"{args.file!r} has no records to sample{loaded.broken_lines_note()}.")
    rows, strata = stratified_sample(frame, args.n, args.stratify, args.seed)
    sheet = frame.iloc[rows].reset_index(drop=True)
    renamed = {c: f"data_{c}" for c in sheet.columns if c in REVIEW_COLUMNS or c in ("_line", "_stratum")}
    sheet = sheet.rename(columns=renamed)
    lines = pd.Series([loaded.lines[r] for r in rows] if loaded.lines is not None else rows + 1, dtype="int64")
    sheet.insert(0, "_line", lines)
    if args.stratify:
        sheet.insert(1, "_stratum", strata)
    for name in REVIEW_COLUMNS:
        sheet[name] = ""
    with AtomicOutput(args.output) as handle:
        handle.write(sheet_text(sheet, fmt).encode("utf-8"))
    # The sheet is a dataset too: its sidecar says what it was drawn from, and how that file was made.
    from ..recipes.manifest import read_provenance, version, write_sidecar

    source, _ = read_provenance(args.file)
    write_sidecar(args.output, {"synth_version": version(), "kind": "spot-check sheet", "sampled_from": str(args.file),
                                "n": len(sheet), "stratify": args.stratify, "seed": args.seed,
                                "source_provenance": source})
    counts = pd.Series(strata).value_counts().sort_index() if args.stratify else None
    detail = "" if counts is None else " (" + ", ".join(f"{k} {v}" for k, v in counts.items()) + ")"
    print(f"synth: wrote {len(sheet)} of {len(frame):,} records to {args.output}{detail}; fill in 'verdict' "
          f"(accept/reject) and read it back with: synth check --review {args.output}", file=sys.stderr)
    if renamed:
        print(f"synth: renamed data fields {', '.join(renamed)} to {', '.join(renamed.values())}", file=sys.stderr)
    return 0
