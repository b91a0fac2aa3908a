"""`check_records`: run every check that applies to a loaded file and gather a `CheckReport`.

Order: the input (broken lines), completeness per field, validators per field (inferred from names and content,
plus those asked for on the command line), consistency rules (the domain's own `Rule` objects, the same ones the
generator enforces, or rules inferred from the fields), duplicate records, text duplicates and diversity, label
proportions, and numeric and length distributions. See docs/quality.md for every gate and its default.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd

from .. import validators
from ..errors import SynthError
from ..readers import LoadedRecords
from . import distributions, diversity, duplicates
from .fields import MAX_CATEGORIES, FieldInfo, infer_fields, numeric_values, sentiment_polarity
from .report import CheckReport, Finding, percent, rate_gate

REFERENCE_SEED = 20250101
EXAMPLES = 5
FUTURE_OK = re.compile(r"expir|valid|due|until|deadline|schedul|appointment|到期|有效期|截止|预约|计划", re.IGNORECASE)
BIRTH = re.compile(r"birth|出生|生日|^dob$", re.IGNORECASE)
SEX = re.compile(r"^(sex|gender)$|性别", re.IGNORECASE)
BIRTH_PLACE = {"birth_province": re.compile(r"^birth_?province$|出生省", re.IGNORECASE),
               "birth_city": re.compile(r"^birth_?city$|出生(城)?市", re.IGNORECASE),
               "birth_district": re.compile(r"^birth_?(district|county)$|出生(区|县)", re.IGNORECASE)}


@dataclass
class Gates:
    """Pass/fail limits. Rates are shares of records (0.01 = 1%)."""

    max_invalid_rate: float = 0.0     # each validator and each rule
    max_missing_rate: float = 0.0     # each field
    max_bad_lines: int = 0            # unreadable lines in the file
    max_dup_rate: float = 0.0         # records identical in every field to an earlier one
    max_text_dup_rate: float = 0.01   # each text field: texts identical to an earlier one
    max_near_dup_rate: float = 0.05   # each text field: texts within the near-duplicate threshold of another
    near_dup_threshold: float = duplicates.DEFAULT_THRESHOLD
    min_distinct_2: float = 0.0       # each text field; 0 turns the gate off
    alpha: float = 0.001              # significance level of the chi-square and KS tests
    max_share_gap: float = 0.02       # a label's share may differ from the expected share by this much
    max_ks: float = 0.05              # largest KS distance to the reference distribution
    min_acceptance: float = 0.9       # reviewed spot-check sheet

    def validate(self) -> None:
        for name, value in asdict(self).items():
            if name == "max_bad_lines":
                if value < 0:
                    raise SynthError("--max-bad-lines must be 0 or more.")
            elif not 0.0 <= value <= 1.0 or (name == "near_dup_threshold" and value == 0):
                raise SynthError(f"--{name.replace('_', '-')} must be between 0 and 1, not {value}.")


@dataclass
class CheckRequest:
    """Everything `check_records` needs besides the records."""

    source: str = ""
    domain: str | None = None
    options: dict[str, str] = field(default_factory=dict)
    as_of: dt.date | None = None
    gates: Gates = field(default_factory=Gates)
    expect: dict[str, dict[str, float]] = field(default_factory=dict)   # field -> label shares
    enums: dict[str, list[str]] = field(default_factory=dict)
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    lengths: dict[str, tuple[int, int]] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)                 # forced field roles (e.g. text)
    unique: list[str] = field(default_factory=list)
    reference: LoadedRecords | None = None
    reference_name: str | None = None
    reference_size: int | None = None
    max_years_back: int = validators.DEFAULT_MAX_YEARS_BACK


def column(series: pd.Series) -> np.ndarray:
    """A column as NumPy: numbers stay numbers (NaN for missing), everything else objects with None for missing."""
    if series.dtype.kind in "iuf":
        return series.to_numpy()
    if series.dtype != object:
        return series.to_numpy(dtype=object, na_value=None)
    values = series.to_numpy().copy()
    values[np.asarray(series.isna(), dtype=bool)] = None
    return values


def _value(v: Any) -> Any:
    """A cell as plain JSON (for examples)."""
    if v is None or (isinstance(v, float) and v != v):
        return None
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return float(v)
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, (str, int, float, bool, list, dict)):
        return v
    return str(v)


class _Context:
    """The loaded records and what the checks share: columns, line numbers, roles, the report."""

    def __init__(self, loaded: LoadedRecords, request: CheckRequest, report: CheckReport):
        self.loaded = loaded
        self.frame = loaded.frame
        self.request = request
        self.report = report
        self.n = len(loaded.frame)
        self.lines = np.asarray(loaded.lines if loaded.lines is not None else range(1, self.n + 1), dtype=np.int64)
        self.columns = {str(c): column(loaded.frame[c]) for c in loaded.frame.columns}
        self.missing, self.texts, self.strings = {}, {}, {}
        self.rule_cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}   # field -> (column for rules, missing rows)
        for name, values in self.columns.items():
            strings = self.strings[name] = validators.text(values)
            blank = np.strings.str_len(strings) == 0
            # Blank text means missing; lists and dicts are missing when empty.
            plain = values.dtype != object or pd.api.types.infer_dtype(values, skipna=True) in (
                "string", "empty", "integer", "floating", "mixed-integer-float", "boolean", "decimal")
            self.missing[name] = blank if plain else validators.is_missing(values)
            self.texts[name] = strings.astype(object)

    def examples(self, rows: np.ndarray, fields: tuple[str, ...], reasons: np.ndarray | None = None) -> list[dict]:
        out = []
        for row in rows[:EXAMPLES]:
            example = {self.report.position_word: int(self.lines[row])}
            if reasons is not None and reasons[row] is not None:
                example["reason"] = str(reasons[row])
            example["values"] = {f: _value(self.columns[f][row]) for f in fields if f in self.columns}
            out.append(example)
        return out

    def record_finding(self, section: str, name: str, fields: tuple[str, ...], ok: np.ndarray, checked: np.ndarray,
                       reason: np.ndarray | None, limit: float, doc: str = "", shown: tuple[str, ...] | None = None,
                       noun: str = "invalid") -> Finding:
        """A finding about records: how many failed, the gate on their share, reasons, lines and examples."""
        bad = np.flatnonzero(~ok)
        total = int(checked.sum())
        reasons: dict[str, int] = {}
        if reason is not None and len(bad):
            counts = pd.Series(reason[bad], dtype=object).fillna("failed").value_counts()
            reasons = {str(k): int(v) for k, v in counts.items()}
        count = len(bad)
        passed = (count / total if total else 0.0) <= limit + 1e-12
        return self.report.add(Finding(
            section, name, fields, f"{count:,} of {total:,} {noun} ({percent(count, total)})",
            value=count / total if total else 0.0, gate=rate_gate(limit), passed=passed, count=count, total=total,
            reasons=reasons, lines=[int(x) for x in self.lines[bad]],
            examples=self.examples(bad, shown or fields, reason), doc=doc))


# -- the checks -----------------------------------------------------------------------------------------------
def _input_lines(ctx: _Context) -> None:
    bad = ctx.loaded.bad_lines
    gate = ctx.request.gates.max_bad_lines
    counts = pd.Series([r for _, r in bad], dtype=object).value_counts() if bad else pd.Series(dtype=object)
    ctx.report.add(Finding(
        "input", "broken lines", (), f"{len(bad):,} of {len(bad) + ctx.n:,} lines unreadable" if bad else "none",
        value=len(bad), gate=f"≤ {gate}", passed=len(bad) <= gate, count=len(bad), total=len(bad) + ctx.n,
        reasons={str(k): int(v) for k, v in counts.items()}, lines=[int(line) for line, _ in bad],
        examples=[{"line": int(line), "reason": reason} for line, reason in bad[:EXAMPLES]],
        doc="Lines that are not a JSON object, or CSV rows with the wrong number of cells; they are skipped and "
            "everything else is checked."))


def _completeness(ctx: _Context, expected_fields: list[str], optional: set[str]) -> None:
    limit = ctx.request.gates.max_missing_rate
    for name in expected_fields:
        if name not in ctx.columns:
            ctx.report.add(Finding("completeness", "missing values", (name,), "field absent from every record",
                                   value=1.0, gate=rate_gate(limit), passed=False, count=ctx.n, total=ctx.n,
                                   doc="The domain declares this field; the file does not have it."))
    for name, values in ctx.columns.items():
        missing = ctx.missing[name]
        if name in optional:    # the domain declares it empty by design on some records: counted, not gated
            ctx.report.add(Finding("completeness", "empty by design", (name,),
                                   f"{int(missing.sum()):,} of {ctx.n:,} empty ({percent(int(missing.sum()), ctx.n)})",
                                   count=int(missing.sum()), total=ctx.n,
                                   doc="The domain declares this field optional: empty where it does not apply."))
            continue
        ctx.record_finding("completeness", "missing values", (name,), ~missing, np.ones(ctx.n, dtype=bool),
                           np.where(missing, "missing", None), limit, noun="missing",
                           doc="Values that are null, absent, empty or blank.")


def _validator_for(name: str, info: FieldInfo, ctx: _Context, with_agreement: bool) -> tuple[str, Callable, str] | None:
    as_of, years = ctx.report.as_of, ctx.request.max_years_back
    values = ctx.strings[name]  # the values as trimmed text (missing as ''), which validators read fastest
    if info.role == "id_number":
        extra: dict[str, Any] = {}
        if with_agreement:
            for other, other_info in ctx.roles.items():
                if other_info.role == "date" and BIRTH.search(other):
                    extra["birth_date"] = ctx.strings[other]
                if SEX.search(other):
                    extra["sex"] = ctx.texts[other]
                for key, pattern in BIRTH_PLACE.items():
                    if pattern.search(other):
                        extra[key] = ctx.texts[other]
        agreed = [k for k in ("birth_date", "sex", "birth_province", "birth_city", "birth_district") if k in extra]
        doc = ("GB 11643 resident ID: 18 characters, real division code, real birth date within "
               f"{years} years before as_of, MOD 11-2 check character"
               + (f"; agrees with {', '.join(agreed)}" if agreed else ""))
        return "resident ID", lambda: validators.resident_id(values, as_of=as_of, max_years_back=years, **extra), doc
    if info.role == "phone":
        return "mobile phone", lambda: validators.mobile_phone(values), "11 digits with a mobile prefix in use"
    if info.role == "bank_card":
        return "bank card", lambda: validators.bank_card(values), "16-19 digits, issuer range and length, Luhn"
    if info.role in ("date", "datetime"):
        future = bool(FUTURE_OK.search(name))
        window = f"within {years} years before as_of" + ("" if future else ", not after it")
        if info.role == "date":
            return ("ISO date", lambda: validators.iso_date(values, as_of=as_of, max_years_back=years,
                                                            allow_future=future), f"YYYY-MM-DD, a real day, {window}")
        return ("ISO date-time", lambda: validators.iso_datetime(values, as_of=as_of, max_years_back=years,
                                                                 allow_future=future, allow_date=True),
                f"ISO 8601 date-time (or date), a real time, {window}")
    return None


def _validators(ctx: _Context, domain) -> None:
    limit = ctx.request.gates.max_invalid_rate
    for name, info in ctx.roles.items():
        spec = _validator_for(name, info, ctx, with_agreement=domain is None)
        if spec is not None:
            title, run, doc = spec
            result = run()
            shown = (name,) + tuple(k for k in ctx.columns if k != name and (
                BIRTH.search(k) or SEX.search(k))) if info.role == "id_number" else (name,)
            ctx.record_finding("validators", title, (name,), result.ok, result.checked, result.reason, limit,
                               doc=doc, shown=shown)
    if domain is not None:
        for name, spec in domain.fields.items():
            if spec.hidden or name not in ctx.columns or spec.dtype not in ("int", "float"):
                continue
            result = validators.number_range(ctx.columns[name], integer=spec.dtype == "int")
            ctx.record_finding("validators", f"{'whole ' if spec.dtype == 'int' else ''}number", (name,), result.ok,
                               result.checked, result.reason, limit, doc=f"declared type {spec.dtype}")
    req = ctx.request
    for name, allowed in req.enums.items():
        _need(ctx, name, "--enum")
        result = validators.enumeration(ctx.columns[name], allowed)
        ctx.record_finding("validators", "allowed values", (name,), result.ok, result.checked, result.reason, limit,
                           doc="one of: " + ", ".join(allowed))
    for name, (low, high) in req.ranges.items():
        _need(ctx, name, "--range")
        result = validators.number_range(ctx.columns[name], low, high)
        ctx.record_finding("validators", "numeric range", (name,), result.ok, result.checked, result.reason, limit,
                           doc=f"a number from {low:g} to {high:g}")
    for name, (low, high) in req.lengths.items():
        _need(ctx, name, "--length")
        result = validators.text_length(ctx.columns[name], low, high)
        ctx.record_finding("validators", "text length", (name,), result.ok, result.checked, result.reason, limit,
                           doc=f"{low} to {high} characters")


def _need(ctx: _Context, name: str, option: str) -> None:
    if name not in ctx.columns:
        raise SynthError(f"{option} names the field {name!r}, which the file does not have "
                         f"(its fields: {', '.join(ctx.columns) or 'none'}).")


def _rule_column(ctx: _Context, domain, name: str) -> tuple[np.ndarray, np.ndarray]:
    """One column as the generator hands it to rules (a declared numeric field as numbers), missing cells filled
    with a harmless placeholder, and which rows had a missing cell (those rows are completeness findings). Made
    once per field and shared by all rules, so a domain's parse cache keyed on the column object serves them all."""
    if name in ctx.rule_cache:
        return ctx.rule_cache[name]
    values = ctx.columns[name]
    dtype = domain.fields[name].dtype if domain is not None and name in domain.fields else None
    # an optional field's empty cell is a value the rule judges (empty as "" or NaN), not a missing one
    optional = domain is not None and name in domain.fields and domain.fields[name].optional
    absent = ctx.missing[name] & (not optional)
    if dtype in ("int", "float") or (dtype is None and values.dtype.kind in "iuf"):
        numbers = numeric_values(values) if values.dtype.kind not in "iuf" else values.astype(float)
        numbers = numbers if numbers is not None else np.full(ctx.n, np.nan)
        if optional:
            absent = absent | (~np.isfinite(numbers) & ~ctx.missing[name])
        else:
            absent = absent | ~np.isfinite(numbers)  # not a number: the type validator's finding, not the rule's
            numbers = np.nan_to_num(numbers, nan=0.0, posinf=0.0, neginf=0.0)
            integer = dtype == "int" or (dtype is None and values.dtype.kind in "iu")
            numbers = numbers.astype(np.int64) if integer and np.all(numbers == np.round(numbers)) else numbers
        filled = numbers
    else:
        filled = values.copy()
        holes = np.flatnonzero(ctx.missing[name])
        present = values[~ctx.missing[name]]
        sample = present[0] if len(present) else ""
        for row in holes:  # a placeholder of the column's own kind, so a rule can run over the whole column
            filled[row] = [] if isinstance(sample, list) else {} if isinstance(sample, dict) else ""
    ctx.rule_cache[name] = filled, absent
    return filled, absent


def _rule_columns(ctx: _Context, domain, fields: tuple[str, ...]) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Every column of the file, as the generator hands a rule the whole batch (a rule may read fields it does not
    name, e.g. a parse of diagnoses and medications shared by many rules), and the rows the rule cannot judge
    because a field it names is missing there."""
    columns: dict[str, np.ndarray] = {}
    absent = np.zeros(ctx.n, dtype=bool)
    for name in ctx.columns:
        columns[name], holes = _rule_column(ctx, domain, name)
        if name in fields:
            absent |= holes
    return columns, absent


def _run_rule(ctx: _Context, name: str, doc: str, fields: tuple[str, ...], check: Callable, options: dict,
              domain) -> None:
    limit = ctx.request.gates.max_invalid_rate
    absent_fields = [f for f in fields if f not in ctx.columns]
    if absent_fields:
        ctx.report.add(Finding("rules", name, fields, f"not checked: the file has no {', '.join(absent_fields)}",
                               doc=doc))
        return
    columns, absent = _rule_columns(ctx, domain, fields)
    try:
        result = check(columns, options)
        ok = np.asarray(result, dtype=bool)
        if ok.shape != (ctx.n,):
            raise ValueError(f"it returned {ok.shape} values for {ctx.n} records")
    except Exception as error:  # a rule meeting data it was not written for: report, do not crash
        ctx.report.add(Finding("rules", name, fields, f"could not run on this file ({type(error).__name__}: "
                               f"{error})", value=1.0, gate=rate_gate(limit), passed=False, doc=doc))
        return
    reason = getattr(result, "reason", None)
    if reason is None:
        reason = np.where(ok, None, "breaks the rule")
    ok = ok | absent
    ctx.record_finding("rules", name, fields, ok, ~absent, reason, limit, doc=doc, noun="break the rule")


def _rating_matches_sentiment(rating: str, sentiment: str):
    def check(columns, options):
        stars = np.asarray(columns[rating], dtype=float)
        top = np.nanmax(stars) if len(stars) else 5
        scale = 5.0 / top if top > 5 else 1.0   # a 10- or 100-point scale, read as five stars
        stars = stars * scale
        polarity = sentiment_polarity(columns[sentiment])
        positive_low = (polarity == 1) & (stars <= 2)
        negative_high = (polarity == -1) & (stars >= 4)
        neutral_extreme = (polarity == 0) & ((stars <= 1) | (stars >= 5))
        reason = np.full(len(stars), None, dtype=object)
        reason[positive_low] = f"{sentiment} is positive but {rating} is low"
        reason[negative_high] = f"{sentiment} is negative but {rating} is high"
        reason[neutral_extreme] = f"{sentiment} is neutral but {rating} is extreme"
        ok = ~(positive_low | negative_high | neutral_extreme)
        return validators.Validation(ok, reason, np.ones(len(ok), dtype=bool))
    return check


def _rules(ctx: _Context, domain, options: dict) -> None:
    if domain is not None:
        for rule in domain.rules:
            _run_rule(ctx, rule.name, rule.doc, rule.fields, rule.check, options, domain)
        return
    ratings = [n for n, i in ctx.roles.items() if i.role == "rating"]
    sentiments = [n for n, i in ctx.roles.items() if i.role == "sentiment"]
    for rating in ratings[:1]:
        for sentiment in sentiments[:1]:
            if (sentiment_polarity(ctx.columns[sentiment][~ctx.missing[sentiment]]) != 2).mean() >= 0.9:
                _run_rule(ctx, "rating_matches_sentiment",
                          f"inferred: a positive {sentiment} has {rating} above 2 of 5, a negative one below 4, a "
                          f"neutral one neither 1 nor 5", (rating, sentiment),
                          _rating_matches_sentiment(rating, sentiment), options, None)


def _duplicate_records(ctx: _Context) -> None:
    gates = ctx.request.gates
    groups = duplicates.exact_record_duplicates(ctx.texts)
    rows = groups.duplicate_rows()
    clusters = [[int(ctx.lines[r]) for r in c] for c in groups.clusters(limit=10)]
    shown = tuple(ctx.columns)[:6]
    ctx.report.add(Finding(
        "duplicates", "exact duplicate records", (), f"{len(rows):,} of {ctx.n:,} repeat an earlier record "
        f"({percent(len(rows), ctx.n)})", value=groups.rate, gate=rate_gate(gates.max_dup_rate),
        passed=groups.rate <= gates.max_dup_rate + 1e-12, count=len(rows), total=ctx.n,
        lines=[int(ctx.lines[r]) for r in rows], examples=ctx.examples(rows, shown),
        details={"clusters": clusters}, doc="Records equal in every field (values compared as trimmed text)."))
    for name in ctx.request.unique:
        _need(ctx, name, "--unique")
        values = duplicates.exact_text_duplicates(ctx.columns[name])
        rows = values.duplicate_rows()
        ctx.report.add(Finding(
            "duplicates", "repeated values", (name,), f"{len(rows):,} values repeat an earlier one",
            value=len(rows), gate="= 0", passed=not len(rows), count=len(rows), total=values.considered,
            lines=[int(ctx.lines[r]) for r in rows], examples=ctx.examples(rows, (name,)),
            details={"clusters": [[int(ctx.lines[r]) for r in c] for c in values.clusters(limit=10)]},
            doc="--unique: every value must be different."))


def _texts(ctx: _Context, repeats: set[str]) -> None:
    gates = ctx.request.gates
    for name, info in ctx.roles.items():
        if info.role != "text":
            continue
        gated = name not in repeats     # a text declared to recur by nature: its repeats are counted, not gated
        values = ctx.columns[name]
        exact = duplicates.exact_text_duplicates(values)
        rows = exact.duplicate_rows()
        ctx.report.add(Finding(
            "text", "exact duplicate texts", (name,), f"{len(rows):,} of {exact.considered:,} repeat an earlier "
            f"text ({percent(len(rows), exact.considered)})", value=exact.rate,
            gate=rate_gate(gates.max_text_dup_rate) if gated else None,
            passed=exact.rate <= gates.max_text_dup_rate + 1e-12 if gated else None,
            count=len(rows), total=exact.considered, lines=[int(ctx.lines[r]) for r in rows],
            examples=ctx.examples(rows, (name,)),
            details={"clusters": _clusters(ctx, exact, name)}, doc="Texts equal after trimming blanks."))
        near = duplicates.near_duplicates(values, gates.near_dup_threshold)
        rows = near.duplicate_rows()
        ctx.report.add(Finding(
            "text", "near-duplicate texts", (name,),
            f"{len(rows):,} of {near.considered:,} ({percent(len(rows), near.considered)}) at Jaccard ≥ "
            f"{gates.near_dup_threshold:g}", value=near.rate, gate=rate_gate(gates.max_near_dup_rate) if gated else None,
            passed=near.rate <= gates.max_near_dup_rate + 1e-12 if gated else None, count=len(rows),
            total=near.considered,
            lines=[int(ctx.lines[r]) for r in rows], examples=ctx.examples(rows, (name,)),
            details={"threshold": gates.near_dup_threshold, "shingle": f"character {duplicates.SHINGLE}-grams",
                     "method": f"MinHash ({duplicates.BINS} bins, one-permutation hashing) with LSH "
                               f"({duplicates.BANDS} bands of {duplicates.ROWS_PER_BAND}); every pair confirmed "
                               "by exact Jaccard", "pairs_verified": near.pairs_checked,
                     "clusters": _clusters(ctx, near, name)},
            doc="Texts (whitespace and punctuation dropped) whose character 3-gram sets have Jaccard similarity at "
                "least the threshold with another text; the count is the texts deduplication would drop "
                "(exact duplicates included)."))
        div = diversity.diversity(values)
        d = div.to_dict()
        gate = gates.min_distinct_2
        ctx.report.add(Finding(
            "text", "diversity (characters)", (name,),
            f"distinct-1 {div.distinct_1:.3g}, distinct-2 {div.distinct_2:.3g}", value=div.distinct_2,
            gate=f"distinct-2 ≥ {gate:g}" if gate > 0 else None,
            passed=(div.distinct_2 >= gate) if gate > 0 else None, total=div.texts, details=d,
            doc="Character-level distinct-n: distinct character n-grams / all n-gram occurrences (Chinese is not "
                "segmented into words)."))
        lengths = np.fromiter(map(len, ctx.texts[name]), dtype=np.int64, count=ctx.n)
        present = lengths[~ctx.missing[name]]
        ctx.report.charts.setdefault("lengths", {})[name] = {
            "histogram": distributions.histogram(present, bins=30),
            "min": int(present.min()) if len(present) else 0, "max": int(present.max()) if len(present) else 0,
            "mean": float(present.mean()) if len(present) else 0.0}


def _clusters(ctx: _Context, groups: duplicates.DuplicateGroups, name: str, limit: int = 8) -> list[dict]:
    out = []
    for rows in groups.clusters(limit=limit):
        out.append({"size": len(rows), ctx.report.position_word + "s": [int(ctx.lines[r]) for r in rows[:20]],
                    "texts": [str(ctx.columns[name][r]) for r in rows[:3]]})
    return out


def first_of_each(keys: np.ndarray) -> np.ndarray:
    """Rows of each key's first record, in file order."""
    _, first = np.unique(validators.as_text(keys).astype(str), return_index=True)
    return np.sort(first)


def _per_entity(ctx: _Context, name: str, reference: dict[str, np.ndarray] | None):
    """How to compare `name` when the domain declares it shared or clustered by an entity (an account's records
    are not independent draws: 300 rows may be five accounts). A value each entity has once (its bank, its
    limit) is compared over one record per entity; one that varies within the entity (where it pays, its balance)
    over every record, with the tests corrected for the clustering. Returns the rows, a note for the finding,
    the reference, and the entity of each compared record and reference record (None: independent records)."""
    entity = ctx.per.get(name)
    if not entity or entity not in ctx.columns or reference is None or entity not in reference:
        return np.arange(ctx.n), "", reference, None
    keys = ctx.texts[entity]
    rows = first_of_each(keys)
    if len(pd.unique(pd.Series(keys, dtype=object) + "\0" + pd.Series(ctx.texts[name], dtype=object))) == len(rows):
        if name in reference:
            reference = {name: reference[name][first_of_each(reference[entity])]}
        return rows, f" (one record per {entity})", reference, None
    return (np.arange(ctx.n), f" (records clustered by {entity}: tests corrected for the design effect)", reference,
            (keys, validators.as_text(reference[entity])))


def _labels_and_distributions(ctx: _Context, reference: dict[str, np.ndarray] | None) -> None:
    gates = ctx.request.gates
    report = ctx.report
    all_reference = reference
    for name, info in ctx.roles.items():
        rows, once, reference, clusters = _per_entity(ctx, name, all_reference)
        values = ctx.columns[name][rows]
        present = ~ctx.missing[name][rows]
        texts = ctx.texts[name][rows]
        if once and clusters is None and info.role == "category":  # over the entities: still few enough for labels?
            if not 2 <= len(set(texts[present])) <= max(2, len(rows) // 5):
                continue
        if info.role in ("category", "sentiment", "rating") or name in ctx.request.expect:
            counts = distributions.label_counts(texts[present])
            report.charts.setdefault("labels", {})[name] = {"counts": counts}
            test = None
            if name in ctx.request.expect:
                test = distributions.label_goodness_of_fit(name, texts[present], ctx.request.expect[name])
            elif reference is not None and name in reference and len(counts) <= 2 * MAX_CATEGORIES:
                ref = reference[name]
                known = ~validators.is_missing(ref)
                deff = 1.0
                if clusters is not None:
                    deff = distributions.pooled_design_effect(
                        distributions.label_design_effect(texts[present], clusters[0][present]), int(present.sum()),
                        distributions.label_design_effect(validators.as_text(ref[known]), clusters[1][known]),
                        int(known.sum()))
                test = distributions.label_homogeneity(name, texts[present], validators.as_text(ref[known]), deff)
            if test is not None:
                report.charts["labels"][name]["expected"] = test.expected_share
                significant = test.p_value < gates.alpha
                passed = not (significant and test.max_gap > gates.max_share_gap) and not test.unexpected
                summary = (f"χ²={test.statistic:.2f} (dof {test.dof}), p={test.p_value:.3g}; largest gap "
                           f"{test.max_gap * 100:.1f} points ({test.gap_label})")
                if test.unexpected:
                    summary += f"; unexpected labels: {', '.join(test.unexpected[:5])}"
                report.add(Finding(
                    "labels", f"proportions vs {test.against}", (name,), summary, value=test.p_value,
                    gate=f"p ≥ {gates.alpha:g} or gap ≤ {gates.max_share_gap * 100:g} points", passed=passed,
                    total=int(present.sum()), details=test.to_dict(),
                    doc="Chi-square test of the label counts against the requested shares"
                        if test.against == "requested" else
                        "Chi-square test of homogeneity against the reference sample" + once + "."))
        numbers = None
        if info.role == "numeric":
            numbers = numeric_values(values, ~present)
        if numbers is not None:
            shown = numbers[np.isfinite(numbers)]
            report.charts.setdefault("numbers", {})[name] = {
                "histogram": distributions.histogram(shown),
                "min": float(shown.min()) if len(shown) else None, "max": float(shown.max()) if len(shown) else None,
                "mean": float(shown.mean()) if len(shown) else None}
            if reference is not None and name in reference and info.role == "numeric":
                ref = numeric_values(reference[name])
                if ref is not None:
                    _ks(ctx, name, "values", numbers, ref, report.charts["numbers"][name], once, clusters)
        if info.role == "text" and reference is not None and name in reference:
            mine = np.fromiter(map(len, texts[present]), dtype=float)
            ref_text = validators.as_text(reference[name])
            theirs = np.fromiter((len(t) for t in ref_text if t), dtype=float)
            _ks(ctx, name, "length", mine, theirs, report.charts["lengths"][name])


def _ks(ctx: _Context, name: str, what: str, values: np.ndarray, reference: np.ndarray, chart: dict,
        once: str = "", clusters: tuple[np.ndarray, np.ndarray] | None = None) -> None:
    gates = ctx.request.gates
    test = distributions.ks_against(name, what, values, reference, clusters)
    if test is None:
        return
    passed = not (test.p_value < gates.alpha and test.statistic > gates.max_ks)
    ctx.report.add(Finding(
        "distributions", f"{'length' if what == 'length' else 'values'} vs reference", (name,),
        f"KS D={test.statistic:.3f}, p={test.p_value:.3g}; mean {test.mean:.2f} vs {test.reference_mean:.2f}",
        value=test.statistic, gate=f"p ≥ {gates.alpha:g} or D ≤ {gates.max_ks:g}", passed=passed, total=test.n,
        details=test.to_dict(), doc="Two-sample Kolmogorov-Smirnov test against the reference sample" + once + "."))
    edges = chart["histogram"]["edges"]
    if edges:
        finite = reference[np.isfinite(reference)]
        counts, _ = np.histogram(finite[(finite >= edges[0]) & (finite <= edges[-1])], bins=edges)
        chart["reference"] = {"edges": edges, "counts": [int(c) for c in counts],
                              "outside": int(len(finite) - counts.sum())}


def _reference_columns(ctx: _Context, domain, options: dict) -> tuple[dict[str, np.ndarray] | None, str | None]:
    req = ctx.request
    if req.reference is not None:
        frame = req.reference.frame
        return {str(c): column(frame[c]) for c in frame.columns}, f"{req.reference_name} ({len(frame):,} records)"
    if domain is None:
        return None, None
    from ..api import generate

    size = req.reference_size or min(max(ctx.n, 2000), 20000)
    try:
        frame = generate(domain, size, seed=REFERENCE_SEED, as_of=ctx.report.as_of, **req.options)
    except SynthError as error:  # the generator cannot make a reference (a rule it cannot meet): compare nothing
        return None, f"none: the domain's generator could not make a reference sample ({error})"
    return ({str(c): column(frame[c]) for c in frame.columns},
            f"{size:,} records of {domain.name} generated with seed {REFERENCE_SEED} and the same options")


# -- entry point ----------------------------------------------------------------------------------------------
def check_records(loaded: LoadedRecords, request: CheckRequest) -> CheckReport:
    """Every applicable check over `loaded`; see the module docstring."""
    from ..engine import DEFAULT_AS_OF

    started = time.perf_counter()
    request.gates.validate()
    frame = loaded.frame
    repeated = frame.columns[frame.columns.duplicated()]
    if len(repeated):
        raise SynthError(f"{request.source or 'The input'} names the field {repeated[0]!r} twice.")
    if len(frame) == 0:
        raise SynthError(f"{request.source or 'The input'} has no records to check{loaded.broken_lines_note()}.")
    domain = options = None
    if request.domain:
        from ..registry import get_domain

        domain = get_domain(request.domain)
        options = domain.parse_options(request.options)
    elif request.options:
        raise SynthError("--set needs --domain: options belong to a domain.")
    as_of = request.as_of or DEFAULT_AS_OF
    report = CheckReport(request.source, loaded.format, len(frame), loaded.position_word, as_of,
                         domain.name if domain else None, options or {}, gates=asdict(request.gates))
    ctx = _Context(loaded, request, report)
    forced = dict(request.roles)
    if domain is not None:  # the domain's declared roles and numeric fields hold, whatever the sample suggests
        for name, spec in domain.fields.items():
            if name in ctx.columns and name not in forced and (spec.role or spec.dtype in ("int", "float")):
                forced[name] = spec.role or "numeric"
    ctx.per = {n: f.per for n, f in domain.fields.items() if f.per} if domain is not None else {}
    ctx.roles = infer_fields(frame, forced, ctx.columns, ctx.texts, ctx.missing)
    for name in forced:
        if name not in request.roles and name in ctx.roles:
            spec = domain.fields[name]
            ctx.roles[name].why = f"declared {spec.role or spec.dtype} by domain {domain.name}"
    for name, info in ctx.roles.items():
        if forced.get(name) == "numeric" and 2 <= info.distinct <= 12 and info.distinct <= max(2, info.present // 5):
            info.role = "category"  # a declared number with few values (a rating) is charted as labels
    for name in list(request.expect):
        _need(ctx, name, "--expect")
    report.roles = {n: {"role": i.role, "why": i.why, "present": i.present, "distinct": i.distinct}
                    for n, i in ctx.roles.items()}
    expected = domain.output_fields if domain is not None else []
    _input_lines(ctx)
    declared = domain.fields.values() if domain is not None else ()
    _completeness(ctx, expected, {f.name for f in declared if f.optional})
    _validators(ctx, domain)
    rule_options = dict(options or {})
    rule_options["as_of"] = as_of
    _rules(ctx, domain, rule_options)
    if domain is not None:
        for dataset_check in domain.dataset_checks:
            for finding in dataset_check(frame, rule_options):
                report.add(finding)
    _duplicate_records(ctx)
    _texts(ctx, {f.name for f in declared if f.repeats})
    reference, report.reference = _reference_columns(ctx, domain, options or {})
    _labels_and_distributions(ctx, reference)
    report.seconds = time.perf_counter() - started
    return report
