"""`synth check FILE`: validators, consistency rules, duplicates, diversity and distributions, with gates.

Exit 0 when every gate passes, 1 when one fails (the failing checks are listed with counts and example records),
2 for bad input. `--json` and `--report` write the full results as JSON and as a self-contained HTML page.
`--review SHEET` reads a spot-check sheet from `synth sample` back and gates its acceptance rate.
"""

from __future__ import annotations

import json
import re
import sys

from ..errors import SynthError
from .arguments import whole_number, whole_number_from
from ..options import label_amounts, parse_date
from ..readers import read_records
from ..output import AtomicOutput, refuse_inputs_as_outputs
from .generate import parse_settings

GATE_OPTIONS = (
    ("max_invalid_rate", "--max-invalid-rate", "share of values a validator or rule may reject (default 0)"),
    ("max_missing_rate", "--max-missing-rate", "share of missing values allowed in each field (default 0)"),
    ("max_bad_lines", "--max-bad-lines", "unreadable lines allowed (default 0)"),
    ("max_dup_rate", "--max-dup-rate", "share of records that repeat an earlier record exactly (default 0)"),
    ("max_text_dup_rate", "--max-text-dup-rate", "per text field, share of exact duplicate texts (default 0.01)"),
    ("max_near_dup_rate", "--max-near-dup-rate", "per text field, share of near-duplicate texts (default 0.05)"),
    ("near_dup_threshold", "--near-dup-threshold", "Jaccard similarity of character 3-grams that makes two texts "
                                                   "near duplicates (default 0.8)"),
    ("min_distinct_2", "--min-distinct-2", "per text field, lowest character distinct-2 (default 0: off)"),
    ("alpha", "--alpha", "significance level for the chi-square and KS tests (default 0.001)"),
    ("max_share_gap", "--max-share-gap", "largest allowed gap between a label's share and the expected share "
                                         "(default 0.02)"),
    ("max_ks", "--max-ks", "largest allowed KS distance to the reference distribution (default 0.05)"),
    ("min_acceptance", "--min-acceptance", "lowest acceptance rate of a reviewed sheet (default 0.9)"),
)


def _rate(text: str) -> float:
    text = text.strip()
    try:
        return float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        raise SynthError(f"Expected a number or a percentage, got {text!r}.") from None


def _pairs(items: list[str] | None, option: str) -> list[tuple[str, str]]:
    out = []
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise SynthError(f"{option} expects FIELD=VALUE, got {item!r}.")
        out.append((name.strip(), value.strip()))
    return out


def parse_expect(items: list[str] | None) -> dict[str, dict[str, float]]:
    """--expect sentiment=positive:0.5,negative:0.5 (all shares or all counts; normalised)."""
    expect = {}
    for name, value in _pairs(items, "--expect"):
        try:
            shares = {label: float(amount) for label, amount in label_amounts(value)}
        except ValueError as error:
            raise SynthError(f"--expect {name}={value} is invalid: {error}.") from None
        if sum(shares.values()) <= 0:
            raise SynthError(f"--expect {name}: the shares add up to zero.")
        expect[name] = shares
    return expect


def _bounds(items: list[str] | None, option: str, kind) -> dict[str, tuple]:
    out = {}
    for name, value in _pairs(items, option):
        match = re.fullmatch(r"(-?[\d.]+)?\s*(?:-|\.\.|~|,)\s*(-?[\d.]+)?", value)
        try:
            if not match or (match.group(1) is None and match.group(2) is None):
                raise ValueError
            low = kind(match.group(1)) if match.group(1) is not None else None
            high = kind(match.group(2)) if match.group(2) is not None else None
        except ValueError:
            raise SynthError(f"{option} {name}= expects a range like 10-200 (either end may be left open), "
                             f"got {value!r}.") from None
        if low is not None and high is not None and low > high:
            raise SynthError(f"{option} {name}={value}: the low end is above the high end.")
        out[name] = (low, high)
    return out


def _fields(items: list[str] | None) -> list[str]:
    return [f.strip() for item in items or [] for f in item.split(",") if f.strip()]


def add_parser(sub) -> None:
    p = sub.add_parser("check", help="check a JSONL, CSV or Parquet file: validators, rules, duplicates, "
                                     "diversity, distributions")
    p.add_argument("file", nargs="?", help="the records to check (.jsonl, .csv or .parquet)")
    p.add_argument("--domain", help="apply this domain's consistency rules and compare with its generator")
    p.add_argument("--set", dest="settings", action="append", metavar="KEY=VALUE",
                   help="domain option the file was generated with; repeatable")
    p.add_argument("--as-of", dest="as_of", help="reference date YYYY-MM-DD for ages and date windows "
                                                 "(default: the file's provenance, else 2025-01-01)")
    p.add_argument("--no-provenance", dest="provenance", action="store_false",
                   help="ignore how the file was made (its .synth.json sidecar, Parquet metadata or run manifest)")
    p.add_argument("--json", dest="json_out", metavar="OUT.json", help="write every result as JSON")
    p.add_argument("--report", metavar="OUT.html", help="write a self-contained HTML report")
    p.add_argument("--expect", action="append", metavar="FIELD=LABEL:SHARE,...",
                   help="requested label shares, e.g. sentiment=positive:0.5,negative:0.5; repeatable")
    p.add_argument("--enum", action="append", metavar="FIELD=A,B,...", help="allowed values of a field; repeatable")
    p.add_argument("--range", dest="ranges", action="append", metavar="FIELD=LOW-HIGH",
                   help="numeric range of a field; repeatable")
    p.add_argument("--length", dest="lengths", action="append", metavar="FIELD=MIN-MAX",
                   help="text length in characters; repeatable")
    p.add_argument("--text", action="append", metavar="FIELD", help="treat a field as free text; repeatable")
    p.add_argument("--unique", action="append", metavar="FIELD", help="a field whose values must all differ")
    p.add_argument("--reference", metavar="FILE", help="compare label and numeric distributions with this file")
    p.add_argument("--reference-size", type=whole_number_from(1), help="records the domain generates as reference "
                                                         "(default: as many as the file, 2,000 to 20,000)")
    p.add_argument("--max-years-back", type=whole_number_from(1), default=150,
                   help="oldest plausible date, in years before as_of (default 150)")
    p.add_argument("--review", metavar="SHEET", help="a spot-check sheet from `synth sample` with verdicts filled in")
    p.add_argument("--examples", type=whole_number_from(0), default=3, help="example records shown per failing check (default 3)")
    p.add_argument("--privacy-against", metavar="REAL", help="the real table the file imitates: privacy gates (exact "
                   "copies, distance to closest record, quasi-identifier uniqueness) and fidelity (docs/fit.md)")
    p.add_argument("--target", help="with --privacy-against: a column to score train-synthetic-test-real on")
    p.add_argument("--quasi", help="with --privacy-against: quasi-identifier columns, comma-separated")
    for attribute, flag, text in GATE_OPTIONS:
        p.add_argument(flag, dest=attribute, type=whole_number if attribute == "max_bad_lines" else _rate, help=text)


def apply_provenance(args) -> str | None:
    """Fill --domain, --set and --as-of from how the file was made (its sidecar manifest, Parquet metadata or
    run folder manifest) where the command line leaves them out. Returns a note saying what was read."""
    from ..recipes.manifest import domain_of, read_provenance

    if not args.file or not args.provenance:
        return None
    manifest, where = read_provenance(args.file)
    if not manifest or not manifest.get("domain"):
        return None
    used = []
    if args.domain is None or args.domain == manifest["domain"]:
        if args.domain is None:
            try:
                args.domain = domain_of(manifest)
            except SynthError:
                return None
            used.append(f"domain {manifest['domain']}")
        if not args.settings and manifest.get("options"):
            args.manifest_options = manifest["options"]
            used.append("options " + ",".join(f"{k}={v}" for k, v in manifest["options"].items()))
    if args.as_of is None and manifest.get("as_of"):
        args.as_of = manifest["as_of"]
        used.append(f"as_of {manifest['as_of']}")
    args.provenance_columns = manifest.get("provenance_columns") or []
    gates = [k for k, v in (manifest.get("gates") or {}).items()
             if any(k == a for a, _, _ in GATE_OPTIONS) and getattr(args, k, None) is None]
    for name in gates:  # the recipe's acceptance gates, where the command line sets none
        setattr(args, name, manifest["gates"][name])
    if gates:
        used.append("gates " + ",".join(f"{k}={manifest['gates'][k]}" for k in gates))
    requested = manifest.get("requested") or manifest.get("count")
    if args.reference_size is None and isinstance(requested, int) and requested > 0:
        args.reference_size = requested  # exact quotas cover exactly the records they were made for
    return f"synth: read how {args.file} was made from {where}: {'; '.join(used)}" if used else None


def build_request(args):
    from ..quality.check import CheckRequest, Gates

    gates = Gates()
    for attribute, _, _ in GATE_OPTIONS:
        value = getattr(args, attribute)
        if value is not None:
            setattr(gates, attribute, value)
    enums = {name: [v.strip() for v in value.split(",") if v.strip()] for name, value in _pairs(args.enum, "--enum")}
    reference = None
    if args.reference:
        reference = read_records(args.reference, strict=False)
    return CheckRequest(
        source=args.file or "", domain=args.domain,
        options=getattr(args, "manifest_options", None) or parse_settings(args.settings),
        as_of=parse_date(args.as_of) if args.as_of else None, gates=gates, expect=parse_expect(args.expect),
        enums=enums, ranges=_bounds(args.ranges, "--range", float), lengths=_bounds(args.lengths, "--length", int),
        roles={name: "text" for name in _fields(args.text)}, unique=_fields(args.unique), reference=reference,
        reference_name=args.reference, reference_size=args.reference_size, max_years_back=args.max_years_back)


def run(args) -> int:
    from ..quality.check import check_records
    from ..quality.console import render
    from ..quality.report import CheckReport
    from ..quality.review import review_finding

    if not args.file and not args.review:
        raise SynthError("Name a file to check, or a filled spot-check sheet with --review SHEET.")
    refuse_inputs_as_outputs([args.json_out, args.report], [args.file, args.review, args.reference,
                                                            args.privacy_against])
    if args.privacy_against and not args.file:
        raise SynthError("--privacy-against compares a file with the real table: name the file to check.")
    note = apply_provenance(args)
    if note:
        print(note, file=sys.stderr)
    request = build_request(args)
    sheet = None
    if args.review:  # read the sheet first: a broken sheet stops everything before any work
        sheet = read_records(args.review, strict=False)
        if sheet.bad_lines:
            line, reason = sheet.bad_lines[0]
            raise SynthError(f"Line {line} of the sheet {args.review!r} is broken: {reason}.")
    if args.file:
        loaded = read_records(args.file, strict=False, objects=True)
        provenance = [c for c in getattr(args, "provenance_columns", []) if c in loaded.frame.columns]
        if provenance:  # the per-record provenance columns synth added are not data to check
            loaded.frame = loaded.frame.drop(columns=provenance)
        report = check_records(loaded, request)
        if args.privacy_against:
            from ..fit.report import compare
            from .fit import read_table

            quasi = _fields([args.quasi]) if args.quasi else None
            report.findings += compare(loaded.frame, read_table(args.privacy_against), quasi, args.target,
                                       args.privacy_against)
    else:
        from ..engine import DEFAULT_AS_OF

        report = CheckReport(args.review, "review sheet", len(sheet.frame), "line", request.as_of or DEFAULT_AS_OF)
    if sheet is not None:
        report.add(review_finding(sheet, args.review, request.gates.min_acceptance))
    if args.json_out:
        with AtomicOutput(args.json_out) as handle:
            handle.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=1).encode("utf-8"))
    if args.report:
        from ..quality.html import render_html

        with AtomicOutput(args.report) as handle:
            handle.write(render_html(report).encode("utf-8"))
    print(render(report, examples=args.examples))
    sys.stdout.flush()
    return 0 if report.passed else 1
