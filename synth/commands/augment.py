"""`synth augment IN --field text -n 4 --ops synonym,restructure,expand --seed 1 -o OUT`.

Reads JSONL, CSV or Parquet, keeps every other field of each row (the label), and writes each original row
followed by its variants, with `augmented_from` (the 0-based row number of the source among the input's
records, null on original rows) and `aug_ops` (the operations joined by "+", "" on original rows).
`--no-originals` writes the variants only. Everything is checked before anything is written, and the output
appears atomically. A line on stderr counts the texts that got fewer variants than asked.
"""

from __future__ import annotations

import json
import sys
from contextlib import closing

import pandas as pd

from ..errors import SynthError
from .arguments import number, whole_number
from ..readers import read_records
from ..output import AtomicOutput, refuse_inputs_as_outputs
from ..writers import WRITERS, format_for


def add_parser(sub) -> None:
    p = sub.add_parser("augment", help="make label-preserving variants of the texts in a JSONL, CSV or Parquet file")
    p.add_argument("input", help="input file (.jsonl, .csv or .parquet)")
    p.add_argument("--field", default="text", help="the text field to augment (default: text)")
    p.add_argument("-n", type=whole_number, default=4, help="variants per text (default 4)")
    p.add_argument("--ops", default="synonym,restructure",
                   help="comma-separated: synonym, restructure, expand, insert, swap, delete, or eda "
                        "(default: synonym,restructure)")
    p.add_argument("--seed", type=whole_number, default=0)
    p.add_argument("--alpha", type=number, default=0.1, help="EDA's share of words changed by insert/swap/delete")
    p.add_argument("--rate", type=number, default=0.4, help="share of replaceable words that synonym replaces")
    p.add_argument("-o", "--output", help="output file; the format follows its extension (stdout JSONL if absent)")
    p.add_argument("--format", help="jsonl, csv or parquet")
    p.add_argument("--no-originals", dest="originals", action="store_false", help="write the variants only")
    p.add_argument("--workers", type=whole_number, default=1, help="worker processes (same output for any number)")
    p.add_argument("--segments-field", default="segments",
                   help="a field with the grammar's (text, kind, tag) segments, used when present (default: segments)")


def _unicode_problem(path, where: str) -> str:
    """One sentence naming the first line whose strings hold a lone surrogate or control character."""
    from ..augmenters.pipeline import bad_character

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    with open(path, encoding="utf-8-sig", errors="surrogatepass") as handle:
        for line_number, line in enumerate(handle, start=1):
            try:
                found = list(strings(json.loads(line)))
            except (ValueError, RecursionError):
                found = [line]
            for text in found:
                problem = bad_character(text)
                if problem:
                    return f"Line {line_number} of {where} contains {problem}."
    return f"{where} contains text that is not valid Unicode."


def _segments_of(value, place: str):
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise SynthError(f"{place}: the segments field is not JSON.") from None
        except RecursionError:
            raise SynthError(f"{place}: the segments field nests too deeply to read.") from None
    try:
        segments = [(str(s[0]), str(s[1]), str(s[2]) if len(s) > 2 else "") for s in value]
    except (TypeError, IndexError, KeyError):
        raise SynthError(f"{place}: the segments field is not a list of [text, kind, tag].") from None
    return segments


def run(args) -> int:
    from ..augmenters import iter_chunks
    from ..augmenters.pipeline import AugmentReport, bad_character, parse_ops

    ops = parse_ops(args.ops)
    if args.n < 1:
        raise SynthError(f"-n must be at least 1, got {args.n}.")
    if args.seed < 0:
        raise SynthError(f"--seed must not be negative, got {args.seed}.")
    if args.workers < 1:
        raise SynthError(f"--workers must be at least 1, got {args.workers}.")
    if not 0 < args.alpha <= 0.5:
        raise SynthError(f"--alpha must be in (0, 0.5], got {args.alpha}.")
    if not 0 < args.rate <= 1:
        raise SynthError(f"--rate must be in (0, 1], got {args.rate}.")
    fmt = format_for(args.output, args.format)
    refuse_inputs_as_outputs([args.output], [args.input])
    where = repr(str(args.input))
    try:
        loaded = read_records(args.input)
    except UnicodeError:  # the reader's Arrow strings refuse lone surrogates: name the line ourselves
        raise SynthError(_unicode_problem(args.input, where)) from None
    frame = loaded.frame

    def place(row: int) -> str:  # messages count lines from 1, like every other message
        return f"{loaded.place(row)} of {where}"

    if frame.empty:
        raise SynthError(f"{where} holds no records.")
    if args.field not in frame.columns:
        columns = ", ".join(map(str, frame.columns[:8])) + (" ..." if len(frame.columns) > 8 else "")
        raise SynthError(f"{where} has no field {args.field!r} (its fields: {columns}).")
    for name in ("augmented_from", "aug_ops"):
        if name in frame.columns:
            raise SynthError(f"{where} already has a field {name!r}; it looks like augmented output.")
    texts = []
    for row, value in enumerate(frame[args.field].tolist()):
        if not isinstance(value, str):
            kind = "missing" if value is None or (isinstance(value, float) and value != value) else type(value).__name__
            raise SynthError(f"{place(row)}: the field {args.field!r} is {kind}, not text.")
        problem = bad_character(value)
        if problem:
            raise SynthError(f"{place(row)}: the field {args.field!r} contains {problem}.")
        texts.append(value)
    for name in frame.columns:  # other text fields must survive the writers too
        if frame[name].dtype == object:
            for row, value in enumerate(frame[name].tolist()):
                if isinstance(value, str) and (problem := bad_character(value)) and "surrogate" in problem:
                    raise SynthError(f"{place(row)}: the field {name!r} contains {problem}.")
    segments = None
    if args.segments_field in frame.columns:
        segments = [_segments_of(v, place(row)) for row, v in enumerate(frame[args.segments_field].tolist())]
        if all(s is None for s in segments):
            segments = None
    # Fail early on structure that does not match its text (the pipeline would say so mid-run).
    if segments is not None:
        for row, (text, segs) in enumerate(zip(texts, segments)):
            if segs is not None and "".join(s[0] for s in segs) != text:
                raise SynthError(f"{place(row)}: the segments do not join to the text.")

    report = AugmentReport()
    records = frame.reset_index(drop=True)
    columns = [*map(str, frame.columns), "augmented_from", "aug_ops"]
    chunks = iter_chunks(texts, args.n, args.seed, ops, args.alpha, args.rate, segments=segments,
                         workers=args.workers)
    # On an error, closing the chunks stops the workers; the writer lets go of the unfinished file, and the
    # output throws it away.
    with AtomicOutput(args.output or None) as handle, WRITERS[fmt](handle, columns) as writer, closing(chunks):
        for rows, chunk_report in chunks:
            covered = range(report.sources, report.sources + chunk_report.sources)
            report.merge(chunk_report)
            writer.write(_output_frame(records, rows, args.field, args.originals, covered))
    print(f"synth: {report.summary()}", file=sys.stderr)
    return 0


def _output_frame(records: pd.DataFrame, rows, field: str, originals: bool, sources_in_chunk: range) -> pd.DataFrame:
    """Original rows (if kept) and their variants, in source order, with every input field kept."""
    by_source: dict[int, list] = {}
    for source, _, text, ops in rows:
        by_source.setdefault(source, []).append((text, ops))
    order, texts, sources, used = [], [], [], []
    for source in sources_in_chunk:
        if originals:
            order.append(source)
            texts.append(records.at[source, field])
            sources.append(None)
            used.append("")
        for text, ops in by_source.get(source, ()):
            order.append(source)
            texts.append(text)
            sources.append(source)
            used.append(ops)
    out = records.iloc[order].reset_index(drop=True).copy()
    out[field] = pd.Series(texts, dtype=object)
    out["augmented_from"] = pd.array(sources, dtype="Int64")
    out["aug_ops"] = pd.Series(used, dtype=object)
    return out
