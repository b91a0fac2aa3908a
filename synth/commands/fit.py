"""`synth fit REAL -o recipe.toml`: fit a recipe to a real table (CSV, Parquet or JSONL), then measure it.

The recipe is written atomically. Then a look-alike of the real table's size is made from the recipe in memory
and measured against the real table: the privacy gates (exact copies, distance to closest record,
quasi-identifier uniqueness) and the fidelity figures (docs/fit.md). Exit 0 when the privacy gates pass, 1 when
one fails (the recipe is still written: loosen k or drop a column and fit again), 2 for bad input, with one
sentence and nothing written.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..errors import SynthError
from .arguments import whole_number, whole_number_from


def add_parser(sub) -> None:
    p = sub.add_parser("fit", help="fit a recipe to a real table (CSV, Parquet, JSONL) and report privacy and "
                                   "fidelity")
    p.add_argument("real", help="the real table (.csv, .parquet or .jsonl)")
    p.add_argument("-o", "--output", required=True, help="the recipe to write (.toml)")
    p.add_argument("--name", help="the schema's name (default: the file's stem)")
    p.add_argument("-k", dest="min_count", metavar="K", type=whole_number_from(1), default=5,
                   help="categories seen fewer times are merged into 其他 (default 5)")
    p.add_argument("--seed", type=whole_number, default=0, help="the recipe's seed (default 0)")
    p.add_argument("--format", dest="output_format", choices=("csv", "jsonl", "parquet"), default="csv",
                   help="the format `synth run` writes (default csv)")
    p.add_argument("--target", help="a column to score train-synthetic-test-real on")
    p.add_argument("--quasi", help="quasi-identifier columns, comma-separated (default: sex, age, birth and place "
                                   "columns by name)")
    p.add_argument("--no-report", dest="report", action="store_false",
                   help="write the recipe only; skip the privacy and fidelity report")


def read_table(path: str):
    """A real table as text columns (CSV cells stay as written), with one-sentence errors for bad files."""
    from ..readers import read_records

    if not Path(path).is_file():
        raise SynthError(f"The real table {path!r} does not exist." if not Path(path).exists()
                         else f"The real table {path!r} is not a file.")
    loaded = read_records(path, strict=True)
    if loaded.frame.empty:
        raise SynthError(f"The real table {path!r} has no rows: there is nothing to fit.")
    return loaded.frame


def run(args) -> int:
    from ..output import AtomicOutput, refuse_inputs_as_outputs
    from ..fit import fit

    refuse_inputs_as_outputs([args.output], [args.real])
    frame = read_table(args.real)
    name = args.name or "".join(c if c.isalnum() else "_" for c in Path(args.real).stem).strip("_") or "fitted"
    fitted = fit(frame, name=name, source=Path(args.real).name, min_count=args.min_count)
    text = fitted.recipe(seed=args.seed, output_format=args.output_format)
    quasi = [c.strip() for c in (args.quasi or "").split(",") if c.strip()] or None
    if args.target and args.target not in frame.columns:
        raise SynthError(f"The target column {args.target!r} is not a column of {args.real!r}.")
    for column in quasi or []:
        if column not in frame.columns:
            raise SynthError(f"The quasi-identifier {column!r} is not a column of {args.real!r}.")
    findings = []
    if args.report:
        from ..fit.report import measure_recipe

        findings = measure_recipe(text, args.output, frame, quasi, args.target)
    with AtomicOutput(args.output) as handle:
        handle.write(text.encode("utf-8"))
    print(f"synth: wrote {args.output}: {len(fitted.fields)} fields, {len(fitted.members)} in the copula, "
          f"{len(fitted.constraints)} constraints to confirm (listed at its top)", file=sys.stderr)
    for constraint in fitted.constraints:
        print(f"synth:   confirm [{constraint.kind}] {constraint.text} ({constraint.share:.1%} of rows)", file=sys.stderr)
    for finding in findings:
        mark = {True: "ok  ", False: "FAIL", None: "    "}[finding.passed]
        print(f"{mark} {finding.section}: {finding.name} [{', '.join(finding.fields[:4])}"
              f"{', ...' if len(finding.fields) > 4 else ''}] {finding.summary}"
              + (f" (gate {finding.gate})" if finding.gate else ""))
    return 1 if any(f.passed is False for f in findings) else 0
