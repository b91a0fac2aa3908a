"""The six stages of a recipe: requirement → design → generation → checks → augmentation → acceptance.

`plan(recipe)` reads and checks the whole recipe before anything is made (a mistake is one sentence naming the
file, line and key, exit 2). `run(plan, out, accumulate)` then makes one round:

1. generation: the design's domain (built-in, or the schema compiled to a Domain) with the requirement's count,
   quotas, lengths and required elements; records that keep breaking a rule after the engine's deterministic
   regeneration attempts are dropped and counted (not an error here: the acceptance stage decides);
2. checks (process control): `synth check`'s measures on the generated records; records that fail a per-record
   gate (exact duplicate records, exact or near-duplicate texts, text lengths outside the requirement) and
   synthetic records that copy or nearly copy a real record are dropped, each with its reason, and made again
   from their blocks' deterministic sub-streams (attempt 1, 2, ...) and checked again; what is still missing
   is counted;
3. augmentation: variants of a text field of the synthetic records, the real ones, or both;
4. acceptance (result control): the gates of [acceptance] over the round's records, the share of records
   rejected, and a filled spot-check sheet when one is named; a spot-check sheet is written for reviewers.

Output: OUT/manifest.json, OUT/real/ (the real records, copied byte for byte, never rewritten), and one folder per
round (OUT/round-001/ …) with accepted.*, rejected.jsonl (each with `_reason`), report.html, report.json and
review_sheet.csv. A fresh run stages the folder beside OUT and renames it into place; `--accumulate` stages the
new round inside OUT, renames it into place, then replaces manifest.json atomically. Earlier rounds and the real
records are never touched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import SynthError
from .load import Recipe, RecipeError
from .manifest import PROVENANCE_COLUMNS, describe_domain, jsonable, manifest_bytes, version

STAGES = ("requirement", "design", "generation", "checks", "augmentation", "acceptance")


class AcceptanceFailed(SynthError):
    """An acceptance gate failed: exit 1, naming the gate."""

    exit_code = 1


@dataclass
class Plan:
    recipe: Recipe
    count: int
    domain: Any
    options: dict
    seed: int
    as_of: dt.date
    workers: int
    quotas: dict
    lengths: dict
    check_gates: dict
    augmentation: dict | None
    acceptance_gates: dict
    max_rejected_rate: float
    sample_size: int
    stratify: str | None
    review: Path | None
    min_acceptance: float
    real: Path | None
    real_compare: list
    max_ratio: float | None
    fmt: str
    provenance_columns: bool

    @property
    def compare_fields(self) -> list[str]:
        return self.real_compare or ["(every shared field)"]


# -- reading the recipe -------------------------------------------------------------------------------------
def _int(recipe: Recipe, section: dict, key: str, path: tuple, default=None, low: int = 0) -> int:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise recipe.error(path + (key,), f"expected a whole number of at least {low}, not {value!r}")
    return value


def _rate(recipe: Recipe, section: dict, key: str, path: tuple, default: float) -> float:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise recipe.error(path + (key,), f"expected a share between 0 and 1, not {value!r}")
    return float(value)


def _gates(recipe: Recipe, section: dict, name: str, allowed_extra: set) -> dict:
    from ..quality.check import Gates

    names = set(Gates.__dataclass_fields__)
    gates = {}
    for key, value in section.items():
        if key in allowed_extra:
            continue
        if key not in names:
            raise recipe.error((name, key), f"unknown gate; the gates are {', '.join(sorted(names))}")
        if key == "max_bad_lines":
            gates[key] = _int(recipe, section, key, (name,))
        else:
            gates[key] = _rate(recipe, section, key, (name,), 0.0)
    return gates


def plan(recipe: Recipe) -> Plan:
    from ..options import parse_date
    from ..registry import get_domain
    from .schema import compile_spec, spec_from_recipe

    req = recipe.section("requirement")
    for key in req:
        if key not in ("count", "quotas", "lengths", "require"):
            raise recipe.error(("requirement", key), "unknown key; [requirement] has count, quotas, lengths, require")
    if "count" not in req:
        raise recipe.error(("requirement",), "the requirement needs count, the number of records per round")
    count = _int(recipe, req, "count", ("requirement",), low=1)
    quotas = req.get("quotas", {})
    if not isinstance(quotas, dict) or not all(isinstance(v, dict) for v in quotas.values()):
        raise recipe.error(("requirement", "quotas"), "quotas are { field = { label = count, ... } }")
    for name, counts in quotas.items():
        if not all(isinstance(c, int) and not isinstance(c, bool) and c >= 0 for c in counts.values()):
            raise recipe.error(("requirement", "quotas", name), "quotas are whole counts")
        if sum(counts.values()) != count:
            raise recipe.error(("requirement", "quotas", name),
                               f"the quotas add up to {sum(counts.values())}, not the count {count}")
    lengths = req.get("lengths", {})
    if not isinstance(lengths, dict) or not all(
            isinstance(v, list) and len(v) == 2 and all(isinstance(x, int) and not isinstance(x, bool) for x in v)
            and 0 <= v[0] <= v[1] for v in lengths.values()):
        raise recipe.error(("requirement", "lengths"), "lengths are { field = [min, max] } in characters")
    require = req.get("require", [])
    if not isinstance(require, list) or not all(isinstance(v, str) for v in require):
        raise recipe.error(("requirement", "require"), "require is a list of required elements, e.g. [\"plot\", \"acting\"]")

    design = recipe.section("design")
    has_schema = "schema" in recipe.data
    if design.get("domain") and has_schema:
        raise recipe.error(("design", "domain"), "name a built-in domain or define [schema], not both")
    if not design.get("domain") and not has_schema:
        raise recipe.error(("design",), "the design needs domain = \"NAME\" (a built-in domain) or a [schema]")
    options = design.get("options", {})
    if not isinstance(options, dict):
        raise recipe.error(("design", "options"), "options are a table, { name = value }")
    for key in design:
        if key not in ("domain", "options"):
            raise recipe.error(("design", key), "unknown key; [design] has domain and options")
    options = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in options.items()}
    if has_schema:
        if options:
            raise recipe.error(("design", "options"), "a schema has no options; put its parameters in its fields")
        if require:
            raise recipe.error(("requirement", "require"), "required elements apply to built-in domains "
                                                           "(reviews); for a schema, state them as rules")
        spec = spec_from_recipe(recipe, quotas, lengths)
        domain = compile_spec(spec, recipe.error)
    else:
        try:
            domain = get_domain(str(design["domain"]))
        except SynthError as error:
            raise recipe.error(("design", "domain"), str(error)) from None
        for name, counts in quotas.items():
            if name not in domain.options:
                raise recipe.error(("requirement", "quotas", name),
                                   f"the domain {domain.name} has no option {name!r} to set quotas with")
            options[name] = ",".join(f"{k}:{v}" for k, v in counts.items())
        for name, (low, high) in lengths.items():
            if "length" not in domain.options or name != "text":
                raise recipe.error(("requirement", "lengths", name),
                                   f"the domain {domain.name} cannot set the length of {name!r}")
            options["length"] = f"{low}-{high}"
        if require:
            if "require" not in domain.options:
                raise recipe.error(("requirement", "require"), f"the domain {domain.name} has no required elements")
            options["require"] = ",".join(require)
        try:
            domain.parse_options(options)
        except SynthError as error:
            raise recipe.error(("design", "options"), str(error)) from None

    gen = recipe.section("generation")
    for key in gen:
        if key not in ("seed", "as_of", "workers"):
            raise recipe.error(("generation", key), "unknown key; [generation] has seed, as_of, workers")
    seed = _int(recipe, gen, "seed", ("generation",), default=0)
    workers = _int(recipe, gen, "workers", ("generation",), default=1, low=1)
    as_of_value = gen.get("as_of", "2025-01-01")
    try:
        as_of = parse_date(as_of_value)
    except SynthError:
        raise recipe.error(("generation", "as_of"), f"{as_of_value!r} is not a date YYYY-MM-DD") from None

    checks = recipe.section("checks")
    check_gates = _gates(recipe, checks, "checks", set())

    aug = recipe.section("augmentation") or None
    if aug is not None:
        from ..augmenters.pipeline import parse_ops

        for key in aug:
            if key not in ("field", "ops", "n", "on", "seed"):
                raise recipe.error(("augmentation", key), "unknown key; [augmentation] has field, ops, n, on, seed")
        if aug.get("field") not in domain.output_fields:
            raise recipe.error(("augmentation", "field"), f"name a text field of {domain.name} to augment")
        if aug.get("on", "synthetic") not in ("synthetic", "real", "both"):
            raise recipe.error(("augmentation", "on"), "on is synthetic, real or both")
        try:
            ops = parse_ops(aug.get("ops", "synonym,restructure"))
        except SynthError as error:
            raise recipe.error(("augmentation", "ops"), str(error)) from None
        aug = {"field": aug["field"], "ops": list(ops), "n": _int(recipe, aug, "n", ("augmentation",), 1, low=1),
               "on": aug.get("on", "synthetic"), "seed": _int(recipe, aug, "seed", ("augmentation",), seed)}

    acc = recipe.section("acceptance")
    extra = {"sample", "stratify", "review", "min_acceptance", "max_rejected_rate"}
    acceptance_gates = _gates(recipe, acc, "acceptance", extra)
    stratify = acc.get("stratify")
    if stratify is not None and stratify not in domain.output_fields:
        raise recipe.error(("acceptance", "stratify"), f"{stratify!r} is not a field of {domain.name}")
    review = acc.get("review")
    if review is not None:
        review = recipe.folder / str(review)
        if not review.is_file():
            raise recipe.error(("acceptance", "review"), f"the filled sheet {str(review)!r} does not exist")

    real = recipe.section("real")
    real_path, compare, ratio = None, [], None
    if real:
        for key in real:
            if key not in ("path", "compare", "max_synthetic_ratio"):
                raise recipe.error(("real", key), "unknown key; [real] has path, compare, max_synthetic_ratio")
        real_path = recipe.folder / str(real.get("path", ""))
        if not real.get("path") or not real_path.is_file():
            raise recipe.error(("real", "path"), f"the real records {str(real_path)!r} do not exist")
        compare = real.get("compare", [aug["field"]] if aug else [])
        if not isinstance(compare, list) or any(c not in domain.output_fields for c in compare):
            raise recipe.error(("real", "compare"), "compare is a list of text fields to test for near copies")
        ratio = real.get("max_synthetic_ratio")
        if ratio is not None and (isinstance(ratio, bool) or not isinstance(ratio, (int, float)) or ratio <= 0):
            raise recipe.error(("real", "max_synthetic_ratio"), "expected a positive number")
    elif aug and aug["on"] != "synthetic":
        raise recipe.error(("augmentation", "on"), "augmenting real records needs a [real] section")

    out = recipe.section("output")
    for key in out:
        if key not in ("format", "provenance_columns"):
            raise recipe.error(("output", key), "unknown key; [output] has format, provenance_columns")
    fmt = out.get("format", "jsonl")
    if fmt not in ("jsonl", "csv", "parquet"):
        raise recipe.error(("output", "format"), "format is jsonl, csv or parquet")
    return Plan(recipe, count, domain, options, seed, as_of, workers, quotas, lengths, check_gates, aug,
                acceptance_gates, _rate(recipe, acc, "max_rejected_rate", ("acceptance",), 0.05),
                _int(recipe, acc, "sample", ("acceptance",), 50), stratify, review,
                _rate(recipe, acc, "min_acceptance", ("acceptance",), 0.9), real_path, compare,
                None if ratio is None else float(ratio), fmt, bool(out.get("provenance_columns", False)))


def describe_plan(p: Plan) -> str:
    d = p.domain
    design = f"the schema {d.name!r} defined in the recipe" if d.portable else f"the built-in domain {d.name!r}"
    lines = [f"recipe {p.recipe.path} (sha256 {p.recipe.sha256[:12]})",
             f"1. requirement: {p.count} records per round"
             + (f"; quotas {json.dumps(p.quotas, ensure_ascii=False)}" if p.quotas else "")
             + (f"; lengths {json.dumps(p.lengths)}" if p.lengths else ""),
             f"2. design: {design}, {len(d.output_fields)} fields ({', '.join(d.output_fields)}), "
             f"{len(d.rules)} rules" + (f", options {json.dumps(p.options, ensure_ascii=False)}" if p.options else ""),
             f"3. generation: seed {p.seed}, as_of {p.as_of}, {p.workers} worker(s); records breaking a rule are "
             f"regenerated from deterministic sub-streams up to {d.max_attempts} times, then dropped and counted",
             f"4. checks: synth check's measures with gates {json.dumps(p.check_gates) if p.check_gates else '(defaults)'}; "
             "exact duplicate records, duplicate and near-duplicate texts and out-of-range lengths are dropped"
             + (f"; synthetic copies of real records (fields {', '.join(p.compare_fields)}) are rejected"
                if p.real else ""),
             "5. augmentation: " + (f"{p.augmentation['n']} variant(s) of {p.augmentation['field']} by "
                                    f"{'+'.join(p.augmentation['ops'])} on {p.augmentation['on']} records"
                                    if p.augmentation else "none"),
             f"6. acceptance: gates {json.dumps(p.acceptance_gates) if p.acceptance_gates else '(defaults)'}, at most "
             f"{p.max_rejected_rate:.0%} of records rejected; a spot-check sheet of {p.sample_size}"
             + (f" stratified by {p.stratify}" if p.stratify else "")
             + (f"; review {p.review} must reach {p.min_acceptance:.0%}" if p.review else "")]
    if p.real:
        lines.append(f"real records: {p.real} kept whole" + (f"; synthetic at most {p.max_ratio:g}x the real records"
                                                              if p.max_ratio else ""))
    lines.append(f"output: {p.fmt}" + (" with provenance columns " + ", ".join(PROVENANCE_COLUMNS)
                                       if p.provenance_columns else ""))
    return "\n".join(lines)


# -- running a round ----------------------------------------------------------------------------------------
def round_seed(seed: int, round_number: int) -> int:
    """Round 1 uses the recipe's seed; later rounds a seed derived from it, so they add new records."""
    if round_number == 1:
        return seed
    digest = hashlib.blake2b(f"synth/round\x1f{seed}\x1f{round_number}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1


def _read_real(p: Plan):
    from ..readers import read_records

    loaded = read_records(p.real)
    needed = list(p.real_compare)
    if p.augmentation and p.augmentation["on"] != "synthetic":
        needed += p.domain.output_fields  # augmented real records are written with the domain's fields
    missing = [c for c in needed if c not in loaded.frame.columns]
    if missing:
        raise RecipeError(f"{p.real} has no field {missing[0]!r} to compare (named in [real] compare of "
                          f"{p.recipe.path}).")
    return loaded


def _generate(p: Plan, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    from ..api import stream

    batches = stream(p.domain, p.count, seed=seed, as_of=p.as_of, workers=p.workers, _drop_failures=True,
                     **p.options)
    frames = list(batches)
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
    report = batches.report
    kept = np.ones(p.count, dtype=bool)
    rejected = pd.concat(report.rejected, ignore_index=True) if report.rejected else pd.DataFrame()
    if len(rejected):
        kept[rejected["_index"].to_numpy()] = False
    frame.insert(0, "_index", np.flatnonzero(kept))
    return frame, rejected, report.as_dict()


def _drop(frame: pd.DataFrame, rows: np.ndarray, reasons: list[str], rejected: list[pd.DataFrame]) -> pd.DataFrame:
    if not len(rows):
        return frame
    dropped = frame.iloc[rows].copy()
    dropped["_reason"] = reasons
    rejected.append(dropped)
    keep = np.ones(len(frame), dtype=bool)
    keep[rows] = False
    return frame[keep].reset_index(drop=True)


def _process_checks(p: Plan, frame: pd.DataFrame, real, rejected: list, counts: dict) -> pd.DataFrame:
    """Process control: drop records that fail a per-record gate or copy a real record, each with a reason."""
    from ..quality import duplicates
    from ..quality.check import Gates
    from .. import validators

    gates = Gates(**p.check_gates)
    fields = p.domain.output_fields
    # 1. synthetic copies of real records: exact over the shared fields, near over the compared text fields
    if real is not None:
        real_frame = real.frame
        shared = [c for c in fields if c in real_frame.columns]
        lines = real.lines or list(range(1, len(real_frame) + 1))
        n_real = len(real_frame)
        if shared:
            both = pd.concat([real_frame[shared].astype(object), frame[shared].astype(object)], ignore_index=True)
            groups = duplicates.exact_record_duplicates(both)
            rows, reasons = _copies(groups.group, n_real, lines, "copies the real record on line {}")
            counts["copies_of_real"] = counts.get("copies_of_real", 0) + len(rows)
            frame = _drop(frame, rows, reasons, rejected)
        for name in p.real_compare:
            texts = np.concatenate([np.asarray(real_frame[name], dtype=object), np.asarray(frame[name], dtype=object)])
            groups = duplicates.near_duplicates(texts, gates.near_dup_threshold)
            rows, reasons = _copies(groups.group, n_real, lines,
                                    f"{name} nearly copies the real record on line {{}} (character 3-gram Jaccard ≥ "
                                    f"{gates.near_dup_threshold:g})")
            counts["copies_of_real"] = counts.get("copies_of_real", 0) + len(rows)
            frame = _drop(frame, rows, reasons, rejected)
    # 2. exact duplicate records (every output field)
    groups = duplicates.exact_record_duplicates(frame[fields])
    rows = groups.duplicate_rows()
    if len(rows) / max(len(frame), 1) > gates.max_dup_rate + 1e-12:
        counts["duplicate_records"] = len(rows)
        frame = _drop(frame, rows, ["repeats an earlier record exactly"] * len(rows), rejected)
    # 3. text fields: lengths of the requirement, exact and near duplicates
    for name, (low, high) in p.lengths.items():
        result = validators.text_length(np.asarray(frame[name], dtype=object), low, high)
        rows = np.flatnonzero(~np.asarray(result.ok, dtype=bool))
        counts[f"length_{name}"] = len(rows)
        frame = _drop(frame, rows, [f"{name} is not {low}-{high} characters long"] * len(rows), rejected)
    for name in _text_fields(p, frame):
        groups = duplicates.near_duplicates(np.asarray(frame[name], dtype=object), gates.near_dup_threshold)
        rows = groups.duplicate_rows()
        if len(rows) / max(len(frame), 1) > min(gates.max_near_dup_rate, gates.max_text_dup_rate) + 1e-12:
            counts[f"near_duplicates_{name}"] = len(rows)
            frame = _drop(frame, rows, [f"{name} repeats or nearly repeats an earlier text (Jaccard ≥ "
                                        f"{gates.near_dup_threshold:g})"] * len(rows), rejected)
    return frame


def _regenerate(p: Plan, request, indices: list[int], attempt: int) -> pd.DataFrame:
    """Records `indices` made again from their blocks' attempt-k sub-streams (as the engine regenerates a record
    that breaks a rule), keeping those that obey every rule. Exact quotas keep each record's label: quota keys do
    not depend on the attempt."""
    from ..engine import compute_blocks, failing_rule, to_series
    from ..randomness import BLOCK_SIZE

    rule_options = {**request.options, "as_of": request.as_of}
    parts = []
    wanted = np.asarray(indices, dtype=np.int64)
    for block in np.unique(wanted // BLOCK_SIZE):
        rows = wanted[wanted // BLOCK_SIZE == block] - block * BLOCK_SIZE
        columns = compute_blocks(request, int(block), 1, attempt)
        ok = failing_rule(p.domain, columns, rule_options, BLOCK_SIZE)[rows] < 0
        rows = rows[ok]
        if len(rows):
            part = pd.DataFrame({name: to_series(columns[name][rows]) for name in p.domain.output_fields})
            part.insert(0, "_index", block * BLOCK_SIZE + rows)
            parts.append(part)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _checks_with_regeneration(p: Plan, seed: int, frame: pd.DataFrame, engine_dropped: set, real, rejected: list,
                              counts: dict) -> pd.DataFrame:
    """Process control: drop what fails, then regenerate the dropped records from deterministic sub-streams
    (attempt 1, 2, ... of their blocks) and check them again, up to the domain's max_attempts; whatever is still
    missing is counted as unfilled. Records the engine already dropped (their attempts are spent) are not retried."""
    from ..engine import make_request

    frame = _process_checks(p, frame, real, rejected, counts)
    request = make_request(p.domain, seed, 0, p.count, p.as_of, dict(p.options))
    regenerated = retried = 0
    for attempt in range(1, p.domain.max_attempts + 1):
        missing = sorted(set(range(p.count)) - set(frame["_index"].tolist()) - engine_dropped)
        if not missing:
            break
        candidates = _regenerate(p, request, missing, attempt)
        retried += len(missing)
        if not len(candidates):
            continue
        merged = pd.concat([frame, candidates], ignore_index=True)   # candidates last: they lose every tie
        merged = _process_checks(p, merged, real, [], {})
        regenerated += int(merged["_index"].isin(candidates["_index"]).sum())
        frame = merged.sort_values("_index", kind="stable").reset_index(drop=True)
    counts["regenerated"] = regenerated
    counts["unfilled"] = p.count - len(frame) - len(engine_dropped)
    return frame


def _copies(group: np.ndarray, n_real: int, lines, reason: str) -> tuple[np.ndarray, list[str]]:
    first_real: dict[int, int] = {}
    for row in range(n_real):
        if group[row] >= 0:
            first_real.setdefault(int(group[row]), row)
    rows, reasons = [], []
    for row in range(n_real, len(group)):
        g = int(group[row])
        if g >= 0 and g in first_real:
            rows.append(row - n_real)
            reasons.append(reason.format(lines[first_real[g]]))
    return np.asarray(rows, dtype=np.int64), reasons


def _text_fields(p: Plan, frame: pd.DataFrame) -> list[str]:
    """The fields `synth check` treats as free text (its own inference from names and content)."""
    from ..quality.check import column
    from ..quality.fields import infer_fields
    from .. import validators

    fields = p.domain.output_fields
    columns = {name: column(frame[name]) for name in fields}
    texts = {name: validators.text(values).astype(object) for name, values in columns.items()}
    missing = {name: np.strings.str_len(validators.text(values)) == 0 for name, values in columns.items()}
    forced = {name: "numeric" for name in fields if p.domain.fields[name].dtype in ("int", "float")}
    roles = infer_fields(frame[fields], forced, columns, texts, missing)
    return [name for name, info in roles.items() if info.role == "text"]


def _augment(p: Plan, frame: pd.DataFrame, real) -> pd.DataFrame:
    from ..augmenters import augment

    aug = p.augmentation
    name = aug["field"]
    parts = []
    sources = []
    if aug["on"] in ("synthetic", "both") and len(frame):
        sources.append(("synthetic", frame))
    if aug["on"] in ("real", "both") and real is not None:
        sources.append(("real", real.frame))
    for kind, source in sources:
        texts = [str(t) for t in source[name]]
        variants = augment(texts, ops=tuple(aug["ops"]), n=aug["n"], seed=aug["seed"] + (0 if kind == "synthetic" else 1))
        if not len(variants):
            continue
        rows = variants["source"].to_numpy()
        out = source.iloc[rows].reset_index(drop=True).copy()
        out[name] = variants["text"].to_numpy()
        suffix = [f"-A{k + 1}" for k in variants["variant"].to_numpy()]
        for other in p.domain.output_fields:
            values = source[other] if other in source.columns else None
            # identifiers (text, every value distinct) stay unique: a variant of R0001 is R0001-A1
            if other != name and values is not None and values.dtype == object and len(values) > 1 and \
                    values.map(lambda v: isinstance(v, str)).all() and values.nunique() == len(values):
                out[other] = [f"{v}{s}" for v, s in zip(out[other], suffix)]
        if "length" in out.columns and p.domain.fields.get("length") is not None:
            out["length"] = [len(t) for t in out[name]]  # the text's length in characters, as the domains define it
        out["_augmented_from"] = (source["_index"].to_numpy()[rows] if kind == "synthetic" else rows)
        out["_augmented_kind"] = kind
        out["_index"] = -1
        parts.append(out)
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()


def _augmented_rules(p: Plan, augmented: pd.DataFrame, rejected: list) -> pd.DataFrame:
    """Variants must obey the domain's rules like generated records; those that do not are dropped with the rule."""
    options = {**p.domain.parse_options(p.options), "as_of": p.as_of}
    bad = np.zeros(len(augmented), dtype=bool)
    reasons = np.full(len(augmented), None, dtype=object)
    for rule in p.domain.rules:
        columns = {f: augmented[f].to_numpy() for f in rule.fields}
        ok = np.asarray(rule.check(columns, options), dtype=bool)
        fresh = ~ok & ~bad
        reasons[fresh] = f"augmented variant breaks the rule {rule.name}"
        bad |= ~ok
    rows = np.flatnonzero(bad)
    return _drop(augmented, rows, list(reasons[rows]), rejected)


def _write_records(frame: pd.DataFrame, path: Path, fmt: str, metadata: dict | None = None) -> None:
    from ..writers import WRITERS, AtomicOutput

    with AtomicOutput(path) as handle:
        writer = WRITERS[fmt](handle, list(map(str, frame.columns)))
        if metadata is not None and hasattr(writer, "metadata"):
            writer.metadata = metadata
        writer.write(frame)
        writer.close()


def run_round(p: Plan, out: Path, accumulate: bool) -> tuple[int, str]:
    """Make one round into OUT (a new folder, or a new round of an existing one). Returns (exit code, summary)."""
    from ..quality.check import CheckRequest, Gates, check_records
    from ..quality.html import render_html
    from ..quality.review import review_finding
    from ..quality.sampling import stratified_sample
    from ..readers import LoadedRecords, read_records
    from ..commands.sample import sheet_text

    out = Path(out)
    manifest = None
    if accumulate:
        manifest_file = out / "manifest.json"
        if not manifest_file.is_file():
            raise SynthError(f"{out} is not a folder made by synth run (it has no manifest.json); run without "
                             "--accumulate to make it.")
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
        if manifest.get("domain") != p.domain.name:
            raise SynthError(f"{out} holds the domain {manifest.get('domain')!r}, not {p.domain.name!r}; a round "
                             "must add records of the same kind.")
        if (manifest.get("real") or {}).get("source_sha256") != (_sha256(p.real) if p.real else None):
            raise SynthError(f"The real records of {out} are not the recipe's {p.real}; accumulation keeps the "
                             "same real records in every round.")
    else:
        if out.exists():
            raise SynthError(f"{out} already exists; use --accumulate {out} to add a round, or choose a new folder.")
        if not out.parent.is_dir():
            raise SynthError(f"The folder {str(out.parent)!r} does not exist.")
    rounds = (manifest or {}).get("rounds", [])
    number = max([r["round"] for r in rounds] + [0]) + 1
    while (out / f"round-{number:03d}").exists():
        number += 1
    seed = round_seed(p.seed, number)
    real = _read_real(p) if p.real else None
    n_real = len(real.frame) if real is not None else 0

    # generation and process checks
    frame, engine_rejected, engine_report = _generate(p, seed)
    rejected: list[pd.DataFrame] = [engine_rejected] if len(engine_rejected) else []
    process_counts: dict[str, int] = {}
    engine_dropped = set(engine_rejected["_index"].tolist()) if len(engine_rejected) else set()
    frame = _checks_with_regeneration(p, seed, frame, engine_dropped, real, rejected, process_counts)
    capped = 0
    room = None
    if p.max_ratio is not None:  # synthetic and augmented records over all accepted rounds <= ratio x real
        room = math.floor(p.max_ratio * n_real) - sum(r["synthetic"] + r["augmented"] for r in rounds if r["accepted"])
        if room <= 0:
            raise SynthError(f"The synthetic records already reach {p.max_ratio:g} times the {n_real} real records "
                             "([real] max_synthetic_ratio); no round can be added.")
        if len(frame) > room:
            capped += len(frame) - room
            frame = frame.iloc[:room].reset_index(drop=True)
        room -= len(frame)
    augmented = _augment(p, frame, real) if p.augmentation else pd.DataFrame()
    if len(augmented):
        augmented = _augmented_rules(p, augmented, rejected)
    if room is not None and len(augmented) > room:
        capped += len(augmented) - room
        augmented = augmented.iloc[:room].reset_index(drop=True)
    synthetic_count, augmented_count = len(frame), len(augmented)

    fields = p.domain.output_fields
    records = frame[fields].copy()
    if len(augmented):
        records = pd.concat([records, augmented[fields]], ignore_index=True)
    if p.provenance_columns:
        records["_source"] = ["synthetic"] * synthetic_count + ["augmented"] * augmented_count
        records["_seed"] = seed
        records["_index"] = pd.array(list(frame["_index"]) + [None] * augmented_count, dtype="Int64")
        froms = [None] * synthetic_count + (list(augmented["_augmented_from"]) if augmented_count else [])
        records["_augmented_from"] = pd.array(froms, dtype="Int64")
        records["_round"] = number

    # acceptance: the gates over the round's records
    gates = Gates(**p.acceptance_gates)
    # The gates measure the generated records; variants are near copies of their sources by design, and are
    # held to the augmenter's label checks and the domain's rules instead (above).
    loaded = LoadedRecords(frame[fields].reset_index(drop=True), p.fmt)
    expect = {k: {label: float(c) for label, c in v.items()} for k, v in p.quotas.items()} if not capped else {}
    request = CheckRequest(source=f"round {number} of {p.recipe.path.name}", domain=p.domain,
                           options=dict(p.options) if not p.domain.portable else {}, as_of=p.as_of, gates=gates,
                           expect=expect, lengths={k: tuple(v) for k, v in p.lengths.items()},
                           reference_size=p.count)  # quotas must cover exactly the records of the reference
    if len(frame) == 0:
        raise AcceptanceFailed(f"Acceptance gate failed: no record of round {number} survived generation and checks.")
    report = check_records(loaded, request)
    if p.review is not None:
        sheet = read_records(p.review, strict=False)
        report.add(review_finding(sheet, str(p.review), p.min_acceptance))
    total_rejected = sum(len(r) for r in rejected)
    short = p.count - synthetic_count - capped   # requested records neither accepted nor left out by the cap
    rejected_rate = short / p.count
    failed = [f.label + (f" ({', '.join(f.fields)})" if f.fields else "") for f in report.failed]
    if rejected_rate > p.max_rejected_rate + 1e-12:
        failed.append(f"rejected records: {short} of {p.count} ({rejected_rate:.1%}) could not be made or "
                      f"regenerated, above max_rejected_rate {p.max_rejected_rate:.1%}")
    accepted = not failed

    # write the round into a staged folder, then move it into place
    stage_parent = out if accumulate else out.parent
    stage = stage_parent / f".{out.name if not accumulate else f'round-{number:03d}'}.partial-{os.getpid()}"
    suffix = {"jsonl": ".jsonl", "csv": ".csv", "parquet": ".parquet"}[p.fmt]
    try:
        stage.mkdir()
        round_dir = stage if accumulate else stage / f"round-{number:03d}"
        round_dir.mkdir(exist_ok=True)
        round_meta = {"round": number, "seed": seed, "accepted": accepted, "failed_gates": failed,
                      "requested": p.count, "synthetic": synthetic_count, "augmented": augmented_count,
                      "rejected": total_rejected, "missing": short, "capped": capped, "real": n_real,
                      "generation": {k: v for k, v in engine_report.items()}, "process_drops": process_counts,
                      "recipe_sha256": p.recipe.sha256,
                      "files": {"accepted": f"round-{number:03d}/accepted{suffix}",
                                "rejected": f"round-{number:03d}/rejected.jsonl",
                                "report": f"round-{number:03d}/report.html"}}
        file_meta = {"synth_version": version(), **describe_domain(p.domain), "options": jsonable(p.options),
                     "seed": seed, "as_of": str(p.as_of), "round": number,
                     "provenance_columns": list(PROVENANCE_COLUMNS) if p.provenance_columns else []}
        _write_records(records, round_dir / f"accepted{suffix}", p.fmt,
                       {**file_meta, "count": len(records)} if p.fmt == "parquet" else None)
        rejected_frame = pd.concat([r.drop(columns=[c for c in r.columns if c.startswith("_") and c not in
                                                    ("_index", "_reason")]) for r in rejected], ignore_index=True) \
            if rejected else pd.DataFrame(columns=[*fields, "_index", "_reason"])
        _write_records(rejected_frame, round_dir / "rejected.jsonl", "jsonl")
        (round_dir / "report.html").write_text(render_html(report), encoding="utf-8")
        (round_dir / "report.json").write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=1),
                                               encoding="utf-8")
        if p.sample_size and len(records):
            rows, strata = stratified_sample(records[fields].reset_index(drop=True), min(p.sample_size, len(records)),
                                             p.stratify, seed % (2**32))
            sheet = records[fields].iloc[rows].reset_index(drop=True)
            sheet.insert(0, "_line", pd.Series(rows + 1, dtype="int64"))
            if p.stratify:
                sheet.insert(1, "_stratum", strata)
            sheet["verdict"] = ""
            sheet["comment"] = ""
            (round_dir / "review_sheet.csv").write_bytes(sheet_text(sheet, "csv").encode("utf-8"))
        if manifest is None:
            manifest = {"synth_version": version(), **describe_domain(p.domain), "options": jsonable(p.options),
                        "seed": p.seed, "as_of": str(p.as_of), "format": p.fmt,
                        "recipe": {"path": str(p.recipe.path), "sha256": p.recipe.sha256, "text": p.recipe.text},
                        "stages": list(STAGES), "rounds": [], "files": []}
            if real is not None:
                (stage / "real").mkdir()
                shutil.copyfile(p.real, stage / "real" / p.real.name)
                manifest["real"] = {"path": f"real/{p.real.name}", "records": n_real,
                                    "source_sha256": _sha256(p.real), "sha256": _sha256(stage / "real" / p.real.name)}
                manifest["files"].append({"path": f"real/{p.real.name}", "source": "real", "records": n_real})
        manifest["synth_version"] = version()
        manifest["rounds"].append(round_meta)
        manifest["files"].append({"path": round_meta["files"]["accepted"], "round": number, "seed": seed,
                                  "records": len(records), "requested": p.count, "accepted": accepted,
                                  "gates": dict(p.acceptance_gates), **{
                                      k: file_meta[k] for k in ("provenance_columns",)}})
        ok_rounds = [r for r in manifest["rounds"] if r["accepted"]]
        manifest["totals"] = {"real": n_real, "synthetic": sum(r["synthetic"] for r in ok_rounds),
                              "augmented": sum(r["augmented"] for r in ok_rounds),
                              "rejected": sum(r["rejected"] for r in manifest["rounds"]),
                              "rounds_accepted": len(ok_rounds), "rounds": len(manifest["rounds"])}
        manifest["dataset"] = ([manifest["real"]["path"]] if manifest.get("real") else []) + \
            [r["files"]["accepted"] for r in ok_rounds]
        if accumulate:
            os.rename(stage, out / f"round-{number:03d}")
            stage = None
            from ..writers import AtomicOutput

            with AtomicOutput(out / "manifest.json") as handle:
                handle.write(manifest_bytes(manifest))
        else:
            (stage / "manifest.json").write_bytes(manifest_bytes(manifest))
            os.rename(stage, out)
            stage = None
    finally:
        if stage is not None and stage.exists():
            shutil.rmtree(stage, ignore_errors=True)
    summary = (f"round {number}: {synthetic_count} synthetic + {augmented_count} augmented records accepted, "
               f"{total_rejected} rejected" + (f", {capped} left out by max_synthetic_ratio" if capped else "")
               + (f"; {n_real} real records kept" if n_real else "") + f"; wrote {out}")
    if not accepted:
        return 1, f"{summary}; acceptance gate failed: {failed[0]}" + (f" (and {len(failed) - 1} more)" if len(failed) > 1 else "")
    return 0, summary


def _sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
