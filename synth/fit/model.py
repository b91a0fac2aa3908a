"""`fit(frame)`: a real table in, a `Fitted` model out (the fields, copula and rules a recipe will hold).

The order of work: every column's kind (synth.fit.kinds); the identity columns that agree with one person and
the other dependencies (synth.fit.constraints); a marginal for every other column (synth.fit.marginals,
synth.fit.text); then one Gaussian copula over the marginals' uniforms (synth.fit.copula). Identifier columns
get synth's own generators and never see their real values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import SynthError
from . import constraints as C, marginals as M
from .copula import correlation
from .kinds import Column, detect
from .text import free_text

PERSON = "_person"
DEFAULT_AS_OF = dt.date(2025, 1, 1)


@dataclass
class Fitted:
    name: str
    source: str
    rows: int
    columns: dict[str, Column]
    fields: dict[str, dict] = field(default_factory=dict)     # in output order; hidden ones start with _
    notes: dict[str, str] = field(default_factory=dict)       # per field: how it was fitted
    members: list[str] = field(default_factory=list)          # copula members, in matrix order
    matrix: np.ndarray | None = None
    constraints: list[C.Constraint] = field(default_factory=list)
    rules: dict[str, str] = field(default_factory=dict)
    as_of: dt.date = DEFAULT_AS_OF
    min_count: int = M.MIN_COUNT

    def kinds(self) -> dict[str, str]:
        return {name: column.kind for name, column in self.columns.items()}

    def recipe(self, seed: int = 0, count: int | None = None, output_format: str = "csv") -> str:
        from .recipe import recipe_text

        return recipe_text(self, seed, count or self.rows, output_format)


def fit(frame: pd.DataFrame, *, name: str = "fitted", source: str = "the table", min_count: int = M.MIN_COUNT) -> Fitted:
    """Fit a recipe model to a real table (a pandas DataFrame; every column is looked at)."""
    if frame.shape[1] == 0 or frame.shape[0] == 0:
        raise SynthError(f"{source} has no {'columns' if frame.shape[1] == 0 else 'rows'}: there is nothing to fit.")
    if frame.shape[0] < 2 * min_count:
        raise SynthError(f"{source} has {frame.shape[0]} rows; fitting needs at least {2 * min_count} "
                         f"(twice the rare-value threshold k={min_count}).")
    frame = frame.reset_index(drop=True)
    columns = {str(c): detect(str(c), frame[c], source) for c in frame.columns}
    for column_name in columns:
        if "__" in column_name or not column_name.replace("_", "a").isalnum():
            raise SynthError(f"Column {column_name!r} of {source}: a recipe field name is letters, digits and single "
                             "underscores; rename the column before fitting.")
    fitted = Fitted(name, source, len(frame), columns, min_count=min_count)
    kinds = fitted.kinds()
    person = C.identity(frame, kinds, DEFAULT_AS_OF)
    # age and sex keep their own fitted distributions (the person is built from them); the rest is the person's
    in_person = {c for c in (person.birth_date, person.name, person.id_number) if c} if person else set()
    by_kind = lambda kind: [c for c, k in kinds.items() if k == kind and c not in in_person]  # noqa: E731
    found = (C.determinations(frame, by_kind("categorical")) + C.arithmetic(frame, by_kind("numeric"))
             + C.date_orders(frame, by_kind("date")))
    fitted.constraints = list(person.constraints if person else ()) + found
    fitted.as_of = (person.as_of if person and person.as_of else _latest_date(frame, by_kind("date")) or DEFAULT_AS_OF)
    derived = {c.columns[0]: c for c in found if c.kind != "bound"}
    uniforms: dict[str, np.ndarray] = {}
    if person and person.id_number:
        _person_block(fitted, person)
    for column_name, column in columns.items():
        present = _present(frame[column_name])
        constraint = derived.get(column_name)
        if column_name in in_person:
            _person_alias(fitted, person, column_name, column)
        elif column.kind in ("id_number", "phone", "email", "bank_card", "address", "name"):  # a second ID too
            fitted.fields[column_name] = {"type": "block", "block": column.kind,
                                          **({"mask": True} if column.masked else {}),
                                          **M.null_rate(column.missing, len(frame))}
            fitted.notes[column_name] = f"{column.why}: synth's own generator, no real value used"
        elif column.kind == "code":
            prefix, digits = _code_shape(column.values)
            fitted.fields[column_name] = {"type": "id", "prefix": prefix, "digits": digits}
            fitted.notes[column_name] = f"{column.why}: {prefix} + a {digits}-digit record number"
        elif constraint is not None:
            _derived(fitted, frame, constraint, uniforms)
        elif column.kind == "text":
            fitted.fields[column_name], fitted.notes[column_name] = free_text(column.values, len(frame), min_count)
        else:
            marginal = _marginal(column, present, len(frame), min_count)
            fitted.fields[column_name], fitted.notes[column_name] = marginal.field, marginal.note
            uniforms[column_name] = marginal.uniforms
    fitted.rules = {c.rule[0]: c.rule[1] for c in found if c.rule}
    fitted.members = list(uniforms)
    fitted.matrix = correlation(np.column_stack([uniforms[m] for m in fitted.members])) if uniforms else None
    return fitted


def _present(series: pd.Series) -> np.ndarray:
    from .kinds import text_values

    values, _ = text_values(series)
    present = np.zeros(len(series), dtype=bool)
    present[values.index.to_numpy()] = True
    return present


def _latest_date(frame: pd.DataFrame, dates: list[str]) -> dt.date | None:
    latest = [pd.to_datetime(frame[d], errors="coerce").max() for d in dates]
    latest = [d for d in latest if pd.notna(d)]
    return max(latest).date() + dt.timedelta(days=1) if latest else None


def _marginal(column: Column, present: np.ndarray, total: int, min_count: int) -> M.Marginal:
    if column.kind == "numeric":
        return M.numeric(column.values, present, total, min_count)
    if column.kind in ("date", "datetime"):
        return M.dates(column.values, present, total, column.kind == "datetime")
    marginal = M.categorical(column.values, present, total, min_count)
    if column.missing:
        marginal.field["null_rate"] = round(column.missing / total, 4)
    return marginal


def _code_shape(values: pd.Series) -> tuple[str, int]:
    parts = values.str.extract(r"^([A-Za-z_-]*?)(\d+)$")
    prefix = parts[0].mode().iloc[0] if parts[0].notna().any() else ""
    return str(prefix), int(min(max(parts[1].str.len().max(), 1), 19))


# -- identity ---------------------------------------------------------------------------------------------------
def _person_block(fitted: Fitted, person: C.Identity) -> None:
    parts = ["id_number"] + [p for p, c in (("name", person.name), ("birth_date", person.birth_date)) if c]
    low, high = person.ages
    masked = fitted.columns[person.id_number].masked
    sources = {k: v for k, v in (("age_from", person.age), ("sex_from", person.sex)) if v}
    fitted.fields[PERSON] = {"type": "block", "block": "person", "parts": parts, "prefix": f"{PERSON}_",
                             "age": [max(0, min(low, 100)), max(0, min(high, 100))], **sources,
                             **({"mask": True} if masked else {})}
    fitted.notes[PERSON] = ("one synthetic person per record: " + ", ".join(parts) + " agree"
                            + (f" with {' and '.join(sources.values())}" if sources else "")
                            + ("" if person.age else f" (ages {low}-{high} with the census age shape)"))


def _person_alias(fitted: Fitted, person: C.Identity, column_name: str, column: Column) -> None:
    if person.id_number is None:  # a name with no ID number: synth's name generator
        fitted.fields[column_name] = {"type": "block", "block": "name", **({"mask": True} if column.masked else {})}
        fitted.notes[column_name] = f"{column.why}: synth's own generator, no real value used"
        return
    part = {person.id_number: "id_number", person.name: "name", person.birth_date: "birth_date"}[column_name]
    fitted.fields[column_name] = {"expr": f"{PERSON}_{part}", **M.null_rate(column.missing, fitted.rows)}
    fitted.notes[column_name] = f"{column.why}: the synthetic person's {part.replace('_', ' ')}"


# -- derived columns ------------------------------------------------------------------------------------------
def _derived(fitted: Fitted, frame: pd.DataFrame, constraint: C.Constraint, uniforms: dict) -> None:
    target = constraint.columns[0]
    if constraint.kind in ("product", "sum"):
        _, a, b = constraint.columns
        digits = M._decimals(frame[target].dropna().astype(str))
        op = "*" if constraint.kind == "product" else "+"
        whole = digits == 0 and all(fitted.fields.get(c, {}).get("dtype") == "int" for c in (a, b))
        fitted.fields[target] = {"expr": f"round({a} {op} {b}, {digits})", "dtype": "int" if whole else "float"}
        fitted.notes[target] = f"{constraint.text} in {constraint.share:.1%} of rows: derived"
    elif constraint.kind == "after":
        _, start = constraint.columns
        gap_name = f"_{target}_gap"
        gap = (pd.to_datetime(frame[target], errors="coerce") - pd.to_datetime(frame[start], errors="coerce")).dt.days
        present = gap.notna().to_numpy() & (gap >= 0).to_numpy()
        marginal = M.numeric(gap[present].astype(int).astype(str), present, len(frame), fitted.min_count)
        marginal.field.pop("null_rate", None)
        fitted.fields[gap_name] = marginal.field
        fitted.notes[gap_name] = f"days from {start} to {target}: {marginal.note}"
        uniforms[gap_name] = marginal.uniforms
        fitted.fields[target] = {"expr": f"add_days({start}, {gap_name})"}
        fitted.notes[target] = f"{constraint.text} in {constraint.share:.1%} of rows: {start} plus a fitted gap"
    else:  # determines: a table of the dependent's values by the determinant's
        _, by = constraint.columns
        fitted.fields[target] = _table_by(frame, target, by, fitted)
        fitted.notes[target] = f"{constraint.text} in {constraint.share:.1%} of rows: a table by {by}"


def _table_by(frame: pd.DataFrame, target: str, by: str, fitted: Fitted) -> dict:
    """The dependent's values per value of its determinant (the determinant's rare values pooled as 其他; rows
    where the determinant is missing get the row "None", the key a missing value is looked up by)."""
    k = fitted.min_count
    pair = frame[[by, target]].astype(str).replace({"": None, "nan": None, "None": None}).dropna(subset=[target])
    pair[by] = pair[by].fillna("None")
    by_counts, target_counts = pair[by].value_counts(), pair[target].value_counts()
    pair[target] = pair[target].where(pair[target].map(target_counts) >= k, M.OTHER)
    rare_by = (pair[by].map(by_counts) < k) & (pair[by] != "None")
    values = list(pair[target].value_counts().index)
    rows = {}
    for key, group in pair[~rare_by].groupby(by):
        counts = group[target].value_counts()
        mode = counts.index[0]
        rows[key] = [int(counts.get(v, 0)) for v in values] if key == "None" else [1 if v == mode else 0 for v in values]
    if rare_by.any():
        pooled = pair.loc[rare_by, target].value_counts()
        rows[M.OTHER] = [int(pooled.get(v, 0)) for v in values]
    return {"type": "categorical", "values": values, "weights": {"by": by, "values": rows}}
