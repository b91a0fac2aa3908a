"""A user-defined schema (the recipe's `[schema]`) compiled to a real `synth.schema.Domain`.

Every field becomes a sampler that draws from its own `ctx.rng` through `synth.distributions`, so each value is a
pure function of (seed, schema name, field, record index) and the engine's blocks, workers, quotas and rule
regeneration apply unchanged. Field types (`type = ...`):

    id            prefix + zero-padded record index                         prefix, digits
    categorical   values with weights; weights may be a table by a parent   values, weights
    normal, truncated_normal, lognormal, uniform, poisson, beta, empirical, mixture   (the engine's distributions)
    integer       uniform whole numbers low..high inclusive                  low, high
    date          a uniform day between start and end (ISO dates, or days relative to as_of)
    expr          derived from other fields by a safe expression             expr = "price * quantity"
    block         a building block: person, name, phone, id_number, address, company, email, bank_card
    grammar       text from a grammar (file beside the recipe, or text inline)   symbol, vars, length

A numeric parameter is a number, an expression of parent fields (`mean = "100 + 0.5 * age"`), a table by a
parent (`mean = { by = "arm", values = { drug = 128, placebo = 138 } }`) or a linear function of a numeric parent
(`mean = { linear = "age", intercept = 100, slope = 0.5 }`). Any field may add `round = N` (digits), `dtype =
"int"`, `null_rate`, `hidden = true` and `doc`. Rules are `[schema.rules] name = "expression"`, checked by the
engine like a domain's rules (records that break one are regenerated from deterministic sub-streams).

`[schema.copula]` (synth.recipes.copula) ties numeric, date and categorical fields by a Gaussian copula: each
member turns a correlated uniform into its value by its inverse CDF.

`compile_spec(spec)` rebuilds the same Domain from the JSON-able spec (grammar texts inlined), which is what
worker processes and `synth check` use, so neither needs the recipe file.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import numpy as np

from .. import distributions as D
from ..errors import SynthError
from ..schema import Domain
from .copula import Copula, date_sampler, parse_copula, quantile_function
from .expressions import Expression, ExpressionError, field_names, parse_expression

NUMERIC = {"normal": ("mean", "sd"), "truncated_normal": ("mean", "sd", "low", "high"), "lognormal": ("mu", "sigma"),
           "uniform": ("low", "high"), "poisson": ("lam",), "beta": ("a", "b"), "integer": ("low", "high")}
OPTIONAL = {"truncated_normal": ("low", "high"), "lognormal": ("low", "high")}
TYPES = ("id", "categorical", *NUMERIC, "empirical", "mixture", "date", "expr", "block", "grammar")
BLOCKS = ("person", "name", "phone", "id_number", "address", "company", "email", "bank_card")
PERSON_PARTS = ("name", "sex", "age", "birth_date", "id_number", "phone", "province", "city", "district", "address")
COMMON_KEYS = {"type", "round", "dtype", "null_rate", "hidden", "doc", "parents"}
GRAMMAR_DRAWS = 24
KEYS = {"id": {"prefix", "digits"}, "categorical": {"values", "weights"}, "empirical": {"edges", "weights"},
        "mixture": {"components", "weights"}, "date": {"start", "end", "after", "weights", "weekdays", "hours"}, "expr": {"expr"},
        "block": {"block", "parts", "prefix", "age", "mask", "age_from", "sex_from"}, "grammar": {"file", "text", "symbol", "vars", "length"},
        **{kind: set(params) | set(OPTIONAL.get(kind, ())) for kind, params in NUMERIC.items()}}
SCHEMA_KEYS = {"name", "summary", "fields", "rules", "max_attempts", "copula"}

Fail = Callable[[tuple, str], Exception]


def _plain_fail(path: tuple, message: str) -> Exception:
    return SynthError(f"schema key {'.'.join(map(str, path))}: {message}.")


def jsonable(value: Any) -> Any:
    """TOML values as JSON: dates as ISO text."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def spec_from_recipe(recipe, quotas: dict, lengths: dict) -> dict:
    """The recipe's [schema] as a self-contained spec: grammar files read in, the requirement's quotas and lengths."""
    schema = recipe.section("schema")
    fields = schema.get("fields")
    if not isinstance(fields, dict) or not fields:
        raise recipe.error(("schema", "fields"), "a schema needs at least one field, as [schema.fields.NAME] tables")
    for key in schema:
        if key not in SCHEMA_KEYS:
            raise recipe.error(("schema", key), f"unknown key; [schema] has {', '.join(sorted(SCHEMA_KEYS))}")
    spec = jsonable({k: v for k, v in schema.items()})
    spec.setdefault("name", recipe.section("recipe").get("name", recipe.path.stem))
    for name, field in spec["fields"].items():
        if isinstance(field, dict) and field.get("type") == "grammar" and "file" in field:
            path = recipe.folder / str(field["file"])
            try:
                field["text"] = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                raise recipe.error(("schema", "fields", name, "file"),
                                   f"cannot read the grammar file {str(path)!r} (it must be UTF-8 text beside the "
                                   "recipe)") from None
    spec["quotas"] = jsonable(quotas)
    spec["lengths"] = jsonable(lengths)
    return spec


def spec_text(spec: dict) -> str:
    return json.dumps(spec, ensure_ascii=False)  # key order kept: declaration order is output order


@lru_cache(maxsize=32)
def domain_from_spec_text(text: str) -> Domain:
    """What a worker process (or `synth check`) calls to rebuild a recipe's Domain; cached per process."""
    return compile_spec(json.loads(text))


def compile_spec(spec: dict, fail: Fail = _plain_fail) -> Domain:
    name = spec.get("name")
    if not isinstance(name, str) or not name.strip():
        raise fail(("schema", "name"), "the schema needs a name (text)")
    domain = Domain(name, str(spec.get("summary", f"user-defined schema {name}")), max_attempts=int(spec.get("max_attempts", 8)))
    domain.portable = ("synth.recipes.schema:domain_from_spec_text", (spec_text(spec),))
    fields = spec["fields"]
    quotas = spec.get("quotas") or {}
    lengths = spec.get("lengths") or {}
    for key in quotas:
        if key not in fields or fields[key].get("type") != "categorical":
            raise fail(("requirement", "quotas", key), "quotas apply to a categorical field of the schema")
    for key in lengths:
        if key not in fields or fields[key].get("type") != "grammar":
            raise fail(("requirement", "lengths", key), "lengths apply to a grammar field of the schema")
    known = output_names(fields)
    copula = parse_copula(spec.get("copula"), fields, fail)
    for field_name, field in fields.items():
        path = ("schema", "fields", field_name)
        if not isinstance(field, dict):
            raise fail(path, "a field is a table, [schema.fields.NAME]")
        if "__" in field_name or not field_name.replace("_", "a").isalnum():
            raise fail(path, "field names are letters, digits and single underscores")
        _compile_field(domain, field_name, field, quotas.get(field_name), lengths.get(field_name), fail, known, copula)
    try:
        domain.evaluation_order
    except ValueError as error:
        raise fail(("schema", "fields"), str(error)) from None
    rules = spec.get("rules") or {}
    if not isinstance(rules, dict):
        raise fail(("schema", "rules"), "rules are a table of name = \"expression\"")
    for rule_name, text in rules.items():
        _compile_rule(domain, rule_name, text, fail)
    if quotas:
        def check_quotas(options, start, stop, quotas=quotas):
            for key, counts in quotas.items():
                if sum(counts.values()) != stop:
                    raise SynthError(f"The quotas of {key} add up to {sum(counts.values())}, but they must cover "
                                     f"exactly the records 0 to {stop}.")
        domain.request_check(check_quotas)
    return domain


# -- parameters ---------------------------------------------------------------------------------------------
class _Param:
    """A numeric parameter: constant, expression of parents, table by a parent, or linear in a parent."""

    def __init__(self, value: Any, path: tuple, fail: Fail, known: dict):
        self.parents: tuple[str, ...] = ()
        self.constant = None
        self.expression: Expression | None = None
        self.table: tuple[str, dict] | None = None
        if isinstance(value, bool):
            raise fail(path, "expected a number, an expression or a table")
        if isinstance(value, (int, float)):
            self.constant = float(value)
        elif isinstance(value, str):
            self.expression = _expression(value, path, fail, known)
            self.parents = field_names(self.expression)
        elif isinstance(value, dict) and "by" in value:
            by, values = value.get("by"), value.get("values")
            if by not in known or not isinstance(values, dict) or not values:
                raise fail(path, "a table parameter is { by = \"parent field\", values = { value = number, ... } }")
            if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values.values()):
                raise fail(path + ("values",), "every value of a parameter table is a number")
            self.table = (by, {str(k): float(v) for k, v in values.items()})
            self.default = value.get("default")
            self.parents = (by,)
        elif isinstance(value, dict) and "linear" in value:
            parent = value.get("linear")
            if parent not in known:
                raise fail(path + ("linear",), f"unknown field {parent!r}")
            try:
                intercept, slope = float(value.get("intercept", 0.0)), float(value["slope"])
            except (KeyError, TypeError, ValueError):
                raise fail(path, "a linear parameter is { linear = \"field\", intercept = number, slope = number }") from None
            self.expression = parse_expression(f"{intercept!r} + {slope!r} * {parent}")
            self.parents = (parent,)
        else:
            raise fail(path, "expected a number, an expression of parent fields, { by = ..., values = ... } or "
                             "{ linear = ..., intercept = ..., slope = ... }")
        self.path = path
        self.where = location(fail, path)

    def value(self, columns: dict[str, np.ndarray]) -> Any:
        if self.constant is not None:
            return self.constant
        if self.expression is not None:
            return np.asarray(evaluate(self.expression, columns, self.where), dtype=float)
        by, values = self.table
        keys = np.asarray(columns[by], dtype=object)
        out = np.array([values.get(str(k), np.nan) for k in keys], dtype=float)
        if np.isnan(out).any():
            if self.default is None:
                missing = next(str(k) for k in keys if str(k) not in values)
                raise SynthError(f"{'.'.join(map(str, self.path))}: the table has no value for {missing!r}.")
            out[np.isnan(out)] = float(self.default)
        return out


def location(fail: Fail, path: tuple) -> str:
    """Where a key is, as the recipe's errors say it ("visits.toml, line 40, key schema.fields.total.expr")."""
    return str(fail(path, "x")).rsplit(":", 1)[0]


def evaluate(expression: Expression, columns: dict, where: str):
    """Evaluate, turning a failure on the data (text compared with a number, say) into one sentence."""
    try:
        with np.errstate(all="ignore"):
            return expression.evaluate(columns)
    except (TypeError, ValueError, ArithmeticError) as error:
        raise SynthError(f"{where}: the expression {expression.text!r} cannot be computed on these values "
                         f"({type(error).__name__}: {str(error).splitlines()[0] if str(error) else 'no message'}).") from None


def _expression(text: Any, path: tuple, fail: Fail, known: dict) -> Expression:
    if not isinstance(text, str):
        raise fail(path, "expected an expression as text")
    try:
        expression = parse_expression(text)
    except ExpressionError as error:
        raise fail(path, str(error)) from None
    for name in field_names(expression):
        if name not in known:
            raise fail(path, f"the expression names {name!r}, which is not a field of the schema")
    return expression


# -- fields -------------------------------------------------------------------------------------------------
def _compile_field(domain: Domain, name: str, field: dict, quota: dict | None, length, fail: Fail,
                   known: set, copula: Copula | None = None) -> None:
    path = ("schema", "fields", name)
    kind = field.get("type")
    if "expr" in field and kind is None:
        kind = "expr"
    if kind not in TYPES:
        raise fail(path + ("type",), f"unknown field type {kind!r}; the types are {', '.join(TYPES)}")
    for key in field:
        if key not in KEYS[kind] | COMMON_KEYS:
            raise fail(path + (key,), f"a {kind} field has no key {key!r} (its keys: "
                                      f"{', '.join(sorted(KEYS[kind] | COMMON_KEYS - {'parents'}))})")
    hidden = bool(field.get("hidden", name.startswith("_")))
    doc = str(field.get("doc", kind))
    dtype = field.get("dtype")
    if dtype not in (None, "int", "float", "str"):
        raise fail(path + ("dtype",), "dtype is int, float or str")
    digits = field.get("round")
    if digits is not None and (isinstance(digits, bool) or not isinstance(digits, int) or digits < 0):
        raise fail(path + ("round",), "round is a whole number of decimal digits (0 or more)")
    null_rate = field.get("null_rate", 0)
    if isinstance(null_rate, bool) or not isinstance(null_rate, (int, float)) or not 0 <= null_rate < 1:
        raise fail(path + ("null_rate",), "null_rate is a share from 0 up to (not including) 1")

    def finish(values: np.ndarray, rng) -> np.ndarray:
        if digits is not None:
            values = np.round(np.asarray(values, dtype=float), digits)
        if dtype == "int" or (dtype is None and digits == 0 and kind in NUMERIC):
            values = np.asarray(values, dtype=float).round().astype(np.int64)
        elif dtype == "float":
            values = np.asarray(values, dtype=float)
        if null_rate:
            missing = rng.stream("nulls").random() < null_rate
            values = np.asarray(values, dtype=object)
            values[missing] = None
        return values

    out_dtype = dtype or ("int" if kind in ("integer", "poisson") or (digits == 0 and kind in NUMERIC) else
                          "float" if kind in NUMERIC or kind in ("empirical", "mixture") else "str")
    if copula is not None and name in copula.position:
        if quota is not None:
            raise fail(("requirement", "quotas", name), "a copula member cannot have exact quotas")
        _copula_member(domain, name, field, kind, copula, path, fail, hidden, doc, out_dtype, finish)
        return
    if kind == "id":
        prefix, width = str(field.get("prefix", "")), field.get("digits", 8)
        if isinstance(width, bool) or not isinstance(width, int) or not 1 <= width <= 19:
            raise fail(path + ("digits",), "digits is a whole number from 1 to 19")

        def sampler(ctx):
            return np.char.add(prefix, np.char.zfill(ctx.index.astype(str), width)).astype(object)
        domain.field(name, dtype="str", doc=doc, hidden=hidden)(sampler)
        return
    if kind == "categorical":
        _categorical(domain, name, field, quota, path, fail, known, hidden, doc, finish)
        return
    if kind in NUMERIC:
        params = {}
        for key in NUMERIC[kind]:
            if key not in field:
                if key in OPTIONAL.get(kind, ()):
                    continue
                raise fail(path + (key,), f"a {kind} field needs {key}")
            params[key] = _Param(field[key], path + (key,), fail, known)
        parents = tuple(dict.fromkeys(p for param in params.values() for p in param.parents))

        def sampler(ctx, *columns, kind=kind, params=params, parents=parents):
            values = dict(zip(parents, columns))
            p = {k: param.value(values) for k, param in params.items()}
            if kind == "normal":
                drawn = D.Normal(p["mean"], p["sd"]).sample(ctx.rng)
            elif kind == "truncated_normal":
                drawn = D.TruncatedNormal(p["mean"], p["sd"], p.get("low", -np.inf), p.get("high", np.inf)).sample(ctx.rng)
            elif kind == "lognormal":
                drawn = np.clip(D.LogNormal(p["mu"], p["sigma"]).sample(ctx.rng), p.get("low", 0), p.get("high", np.inf))
            elif kind == "uniform":
                drawn = D.Uniform(p["low"], p["high"]).sample(ctx.rng)
            elif kind == "poisson":
                drawn = D.Poisson(p["lam"]).sample(ctx.rng).astype(np.int64)
            elif kind == "beta":
                drawn = D.Beta(p["a"], p["b"]).sample(ctx.rng)
            else:  # integer, inclusive bounds
                low = np.floor(np.asarray(p["low"], dtype=float))
                high = np.floor(np.asarray(p["high"], dtype=float))
                drawn = (low + np.floor(ctx.rng.random() * (high - low + 1))).astype(np.int64)
            return finish(drawn, ctx)
        domain.field(name, parents=parents, dtype=out_dtype, doc=doc, hidden=hidden)(sampler)
        return
    if kind == "empirical":
        edges, weights = field.get("edges"), field.get("weights")
        if not _numbers(edges) or not _numbers(weights) or len(edges) != len(weights) + 1:
            raise fail(path, "an empirical field needs edges (numbers) and weights (one fewer numbers)")
        dist = D.Empirical(tuple(edges), tuple(weights))
        domain.field(name, dtype=out_dtype, doc=doc, hidden=hidden)(lambda ctx: finish(dist.sample(ctx.rng), ctx))
        return
    if kind == "mixture":
        components, weights = field.get("components"), field.get("weights")
        if not isinstance(components, list) or not components or not _numbers(weights) or len(weights) != len(components):
            raise fail(path, "a mixture needs components (a list of distribution tables) and one weight each")
        built = [_constant_distribution(c, path + ("components",), fail) for c in components]
        dist = D.Mixture(tuple(built), tuple(weights))
        domain.field(name, dtype=out_dtype, doc=doc, hidden=hidden)(lambda ctx: finish(dist.sample(ctx.rng), ctx))
        return
    if kind == "date":
        start, end = field.get("start"), field.get("end")

        def day(value, key):
            if isinstance(value, bool):
                raise fail(path + (key,), "expected a date YYYY-MM-DD or a whole number of days from as_of")
            if isinstance(value, int):
                return value
            try:
                return dt.date.fromisoformat(str(value))
            except ValueError:
                raise fail(path + (key,), "expected a date YYYY-MM-DD or a whole number of days from as_of") from None
        start, end = day(start, "start"), day(end, "end")
        after = field.get("after")
        if after is not None and after not in known:
            raise fail(path + ("after",), f"unknown field {after!r}")
        if {"weights", "weekdays", "hours"} & set(field):
            if after is not None or not all(isinstance(d, dt.date) for d in (start, end)):
                raise fail(path, "a date with weights, weekdays or hours has ISO start and end dates and no after")
            values = date_sampler(field, start, end, path, fail)
            domain.field(name, dtype="str", doc=doc, hidden=hidden)(
                lambda ctx: finish(values(ctx.rng.random(), ctx.stream("calendar")), ctx))
            return

        def sampler(ctx, *columns):
            def as_day(value):
                return np.datetime64(ctx.as_of + dt.timedelta(days=value) if isinstance(value, int) else value, "D")
            low, high = as_day(start), as_day(end)
            base = np.full(ctx.size, low) if not columns else np.asarray(
                [np.datetime64(str(v)[:10]) for v in columns[0]], dtype="datetime64[D]")
            span = (high - low).astype(np.int64) + 1
            days = (ctx.rng.random() * span).astype(np.int64)
            values = np.asarray(np.datetime_as_string(base + days.astype("timedelta64[D]"), unit="D"), dtype=object)
            return finish(values, ctx)
        domain.field(name, parents=(after,) if after else (), dtype="str", doc=doc, hidden=hidden)(sampler)
        return
    if kind == "expr":
        expression = _expression(field.get("expr"), path + ("expr",), fail, known)
        parents = field_names(expression)
        where = location(fail, path + ("expr",))

        def sampler(ctx, *columns):
            return finish(np.asarray(evaluate(expression, dict(zip(parents, columns)), where)), ctx)
        domain.field(name, parents=parents, dtype=dtype or ("int" if digits == 0 else "float" if digits else "str"),
                     doc=doc or expression.text, hidden=hidden)(sampler)
        return
    if kind == "block":
        _block(domain, name, field, path, fail, hidden, doc)
        return
    _grammar(domain, name, field, length, path, fail, known, hidden, doc, finish)


def _copula_member(domain, name, field, kind, copula, path, fail, hidden, doc, out_dtype, finish) -> None:
    """A field whose uniform comes from the copula: its own inverse CDF turns it into a value."""
    if kind == "categorical":
        values, weights = field.get("values"), field.get("weights", [1.0] * len(field.get("values") or []))
        if not isinstance(values, list) or not values or not _numbers(weights) or len(weights) != len(values):
            raise fail(path + ("weights",), "a copula member's values have one constant weight each")
        choices = np.empty(len(values), dtype=object)
        choices[:] = values
        cumulative = np.asarray(weights, dtype=float)
        quantile = lambda u: choices[D.choose_index(u, cumulative)]  # noqa: E731
        out_dtype = field.get("dtype") or ("int" if all(isinstance(v, int) for v in values) else "str")
    elif kind == "date":
        start, end = (_iso_day(field.get(key), path + (key,), fail) for key in ("start", "end"))
        if field.get("after") is not None:
            raise fail(path + ("after",), "a copula member's date has no after (the copula carries the dependence)")
        values = date_sampler(field, start, end, path, fail)
        domain.field(name, dtype="str", doc=doc, hidden=hidden)(
            lambda ctx: finish(values(copula.uniforms(ctx, name), ctx.stream("calendar")), ctx))
        return
    else:
        quantile = quantile_function(kind, field, path, fail)
    domain.field(name, dtype=out_dtype, doc=doc, hidden=hidden)(
        lambda ctx: finish(quantile(copula.uniforms(ctx, name)), ctx))


def _iso_day(value, path: tuple, fail: Fail) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise fail(path, "a copula member's date has ISO start and end dates (YYYY-MM-DD)") from None


def output_names(fields: dict) -> set:
    """Every field name a schema declares, a person block's parts included (so parents may come later)."""
    names = set()
    for name, field in fields.items():
        if isinstance(field, dict) and field.get("type") == "block" and field.get("block") == "person":
            parts = field.get("parts", list(PERSON_PARTS))
            prefix = str(field.get("prefix", f"{name}_"))
            names.update(f"{prefix}{p}" for p in (parts if isinstance(parts, list) else []))
        else:
            names.add(name)
    return names


def _numbers(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                           for v in value)


def _constant_distribution(table: Any, path: tuple, fail: Fail) -> D.Distribution:
    if not isinstance(table, dict) or table.get("type") not in ("normal", "lognormal", "uniform", "truncated_normal"):
        raise fail(path, "a mixture component is a table with type normal, lognormal, uniform or truncated_normal")
    kind = table["type"]
    try:
        values = {k: float(table[k]) for k in NUMERIC[kind] if k in table}
    except (TypeError, ValueError):
        raise fail(path, "mixture component parameters are numbers") from None
    cls = {"normal": D.Normal, "lognormal": D.LogNormal, "uniform": D.Uniform, "truncated_normal": D.TruncatedNormal}[kind]
    try:
        return cls(**values)
    except TypeError:
        raise fail(path, f"a {kind} component needs {', '.join(NUMERIC[kind])}") from None


def _categorical(domain, name, field, quota, path, fail, known, hidden, doc, finish) -> None:
    values = field.get("values")
    if not isinstance(values, list) or not values or not all(isinstance(v, (str, int, float)) for v in values):
        raise fail(path + ("values",), "a categorical field needs values, a list of labels")
    labels = [str(v) if isinstance(v, str) else v for v in values]
    weights = field.get("weights")
    table = None
    if weights is None:
        weights = [1.0] * len(values)
    elif isinstance(weights, dict):
        by, rows = weights.get("by"), weights.get("values")
        if by not in known or not isinstance(rows, dict):
            raise fail(path + ("weights",), "conditional weights are { by = \"parent\", values = { parent value = "
                                            "[weights], ... } }")
        for key, row in rows.items():
            if not _numbers(row) or len(row) != len(values):
                raise fail(path + ("weights", "values", key), f"expected {len(values)} weights, one per value")
        table = (by, {str(k): np.asarray(v, dtype=float) for k, v in rows.items()})
    elif not _numbers(weights) or len(weights) != len(values) or sum(weights) <= 0:
        raise fail(path + ("weights",), f"expected {len(values)} non-negative weights, one per value")
    if quota is not None:
        bad = [k for k in quota if k not in [str(v) for v in values]]
        if bad or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in quota.values()):
            raise fail(("requirement", "quotas", name), f"quotas are whole counts of the values {values}")
    parents = (table[0],) if table and quota is None else ()
    choices = np.empty(len(labels), dtype=object)
    choices[:] = labels

    def sampler(ctx, *columns):
        if quota is not None:
            return finish(ctx.quota({str(k): int(v) for k, v in quota.items()}), ctx)
        if table is None:
            return finish(D.Categorical(choices, weights).sample(ctx.rng), ctx)
        by, rows = table
        keys = [str(k) for k in columns[0]]
        missing = [k for k in keys if k not in rows]
        if missing:
            raise SynthError(f"{'.'.join(path)}.weights: no row for {missing[0]!r}.")
        matrix = np.stack([rows[k] for k in keys])
        return finish(D.Categorical(choices, matrix).sample(ctx.rng), ctx)
    dtype = "int" if all(isinstance(v, int) for v in labels) else "str"
    domain.field(name, parents=parents, dtype=field.get("dtype") or dtype, doc=doc, hidden=hidden)(sampler)


def _block(domain, name, field, path, fail, hidden, doc) -> None:
    from synth.domains import persons as P

    block = field.get("block")
    if block not in BLOCKS:
        raise fail(path + ("block",), f"unknown building block {block!r}; the blocks are {', '.join(BLOCKS)}")
    mask = bool(field.get("mask", False))
    age = field.get("age", [18, 80])
    if not (isinstance(age, list) and len(age) == 2 and all(isinstance(a, int) for a in age) and 0 <= age[0] <= age[1] <= 100):
        raise fail(path + ("age",), "age is [low, high], whole years within 0-100")
    null_rate = field.get("null_rate", 0)

    def with_nulls(make):  # a block's own values, then the field's null rate from its own stream
        if not null_rate:
            return make

        def sampler(ctx):
            values = np.asarray(make(ctx), dtype=object)
            values[ctx.stream("nulls").random() < null_rate] = None
            return values
        return sampler
    if block == "phone":
        domain.field(name, dtype="str", doc=doc, hidden=hidden)(
            with_nulls(lambda ctx: np.asarray(P.sample_phones(ctx.rng, mask), dtype=object)))
        return
    if block in ("email", "bank_card"):
        from .. import cards, emails

        made = {"email": lambda ctx: emails.sample_emails(ctx.rng),
                "bank_card": lambda ctx: cards.sample_card_numbers(ctx.rng)[0]}[block]
        domain.field(name, dtype="str", doc=doc, hidden=hidden)(with_nulls(made))
        return
    if block == "company":
        def company(ctx):
            from faker.providers.company.zh_CN import Provider

            u = ctx.rng.random(3)
            cities = P.divisions().city
            city = np.asarray(cities, dtype=object)[(u[:, 0] * len(cities)).astype(np.int64)]
            prefixes = np.asarray(Provider.company_prefixes, dtype=object)
            suffixes = np.asarray(Provider.company_suffixes, dtype=object)
            short = [str(c).removesuffix("市") for c in city]
            return np.array([f"{c}{p}{s}" for c, p, s in zip(short, prefixes[(u[:, 1] * len(prefixes)).astype(np.int64)],
                                                                suffixes[(u[:, 2] * len(suffixes)).astype(np.int64)])],
                            dtype=object)
        domain.field(name, dtype="str", doc=doc, hidden=hidden)(with_nulls(company))
        return
    if block == "address":
        def address(ctx):
            division = P.sample_birth_divisions(ctx.stream("division"))
            return np.asarray(P.build_addresses(ctx.rng, division.astype(np.int64)), dtype=object)
        domain.field(name, dtype="str", doc=doc, hidden=hidden)(with_nulls(address))
        return
    # person, name and id_number come from one hidden identity: age-sex cell, birth date and birth county.
    cell_name, birth_name, division_name = f"_{name}_cell", f"_{name}_birth", f"_{name}_division"
    _cell_field(domain, cell_name, field, path, fail, tuple(age))
    domain.field(birth_name, parents=(cell_name,), hidden=True, dtype="date", doc="birth date")(
        lambda ctx, cell: P.sample_birth_dates(ctx.rng, cell // 2, ctx.as_of))
    domain.field(division_name, hidden=True, dtype="int", doc="birth county")(
        lambda ctx: P.sample_birth_divisions(ctx.rng))
    if block == "name":
        domain.field(name, parents=(cell_name, birth_name), dtype="str", doc=doc, hidden=hidden)(
            lambda ctx, cell, birth: _names(P, ctx, cell, birth, mask))
        return
    if block == "id_number":
        domain.field(name, parents=(cell_name, birth_name, division_name), dtype="str", doc=doc, hidden=hidden)(
            lambda ctx, cell, birth, division: np.asarray(P.sample_id_numbers(
                ctx.rng, division, birth, P.sex_of_cell(cell), mask), dtype=object))
        return
    parts = field.get("parts", list(PERSON_PARTS))
    if not isinstance(parts, list) or not parts or any(p not in PERSON_PARTS for p in parts):
        raise fail(path + ("parts",), f"parts are some of {', '.join(PERSON_PARTS)}")
    prefix = str(field.get("prefix", f"{name}_"))
    from synth import dates

    makers = {
        "name": ((cell_name, birth_name), lambda ctx, cell, birth: _names(P, ctx, cell, birth, mask), "str"),
        "sex": ((cell_name,), lambda ctx, cell: P.sex_of_cell(cell), "str"),
        "age": ((birth_name,), lambda ctx, birth: dates.age_at(birth, ctx.as_of), "int"),
        "birth_date": ((birth_name,), lambda ctx, birth: np.asarray(dates.iso(birth), dtype=object), "str"),
        "id_number": ((cell_name, birth_name, division_name), lambda ctx, cell, birth, division: np.asarray(
            P.sample_id_numbers(ctx.rng, division, birth, P.sex_of_cell(cell), mask), dtype=object), "str"),
        "phone": ((), lambda ctx: np.asarray(P.sample_phones(ctx.rng, mask), dtype=object), "str"),
    }
    home_name = f"_{name}_home"
    if any(p in parts for p in ("province", "city", "district", "address")):
        domain.field(home_name, parents=(division_name,), hidden=True, dtype="int", doc="home county")(
            lambda ctx, division: P.sample_home_divisions(ctx.rng, division.astype(np.int64), 0.266))
    for level in ("province", "city", "district"):
        makers[level] = ((home_name,), lambda ctx, home, level=level: np.asarray(
            getattr(P.divisions(), level), dtype=object)[home.astype(np.int64)], "str")
    makers["address"] = ((home_name,), lambda ctx, home: np.asarray(
        P.build_addresses(ctx.rng, home.astype(np.int64)), dtype=object), "str")
    for part in parts:
        parents, sampler, dtype = makers[part]
        domain.field(f"{prefix}{part}", parents=parents, dtype=dtype, doc=f"{name}: {part}", hidden=hidden)(sampler)


def _cell_field(domain, cell_name: str, field: dict, path: tuple, fail: Fail, age: tuple[int, int]) -> None:
    """The identity's age-sex cell (2 * age + 1 for 女): from the census pyramid, or from other fields when
    `age_from` (whole years) or `sex_from` (男/女) name them, so a fitted age or sex keeps its own distribution
    and correlations and the ID number, birth date and name follow it."""
    from synth.domains import persons as P

    sources = [field.get(key) for key in ("age_from", "sex_from") if field.get(key) is not None]
    for key in ("age_from", "sex_from"):
        if field.get(key) is not None and not isinstance(field[key], str):
            raise fail(path + (key,), f"{key} names a field of the schema")

    def cell(ctx, *columns):
        drawn = P.sample_age_sex(ctx.rng, age)
        values = dict(zip(sources, columns))
        years = drawn // 2
        if field.get("age_from") is not None:
            given = np.asarray(values[field["age_from"]], dtype=object)
            missing = np.array([v is None or (isinstance(v, float) and np.isnan(v)) for v in given])
            years = np.where(missing, years, np.array([0 if m else v for v, m in zip(given, missing)], dtype=float))
            years = np.clip(years, 0, 120).astype(np.int64)
        female = drawn % 2
        if field.get("sex_from") is not None:
            sexes = np.asarray(values[field["sex_from"]], dtype=object)
            female = np.where(sexes == "女", 1, np.where(sexes == "男", 0, female))
        return 2 * years + female
    domain.field(cell_name, parents=tuple(sources), hidden=True, dtype="int", doc="age-sex cell")(cell)


def _names(P, ctx, cell, birth, mask):
    names = P.sample_names(ctx.rng, P.sex_of_cell(cell), birth)
    return P.mask_names(names) if mask else names


def _grammar(domain, name, field, length, path, fail, known, hidden, doc, finish) -> None:
    from ..grammar import Grammar, uniform_source

    text = field.get("text")
    if not isinstance(text, str) or not text.strip():
        raise fail(path, "a grammar field needs file = \"x.grammar\" (beside the recipe) or text = \"\"\"...\"\"\"")
    try:
        grammar = Grammar.from_text(text, field.get("file", f"{name} (inline grammar)"))
    except SynthError as error:
        raise fail(path + ("file" if "file" in field else "text",), str(error).rstrip(".")) from None
    symbol = field.get("symbol", name)
    if symbol not in grammar.symbols:
        raise fail(path + ("symbol",), f"the grammar has no symbol {symbol!r}")
    variables = field.get("vars", [])
    if not isinstance(variables, list) or any(v not in known for v in variables):
        raise fail(path + ("vars",), "vars is a list of fields of the schema whose values the grammar reads")
    window = length if length is not None else field.get("length")
    if window is not None and not (isinstance(window, list) and len(window) == 2 and _numbers(window)):
        raise fail(path + ("length",), "length is [min, max] characters")
    lo, hi = (int(window[0]), int(window[1])) if window else (None, None)
    parents = tuple(variables)

    def sampler(ctx, *columns):
        draws = ctx.rng.random(GRAMMAR_DRAWS)
        texts = []
        for row in range(ctx.size):
            env = {v: _env_text(c[row]) for v, c in zip(parents, columns)}
            texts.append(grammar.render(symbol, env, uniform_source(draws[row]), lo, hi).text)
        return finish(np.asarray(texts, dtype=object), ctx)
    domain.field(name, parents=parents, dtype="str", doc=doc, hidden=hidden)(sampler)


def _env_text(value) -> str:
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _compile_rule(domain: Domain, name: str, text: Any, fail: Fail) -> None:
    path = ("schema", "rules", name)
    known = set(domain.fields)
    expression = _expression(text, path, fail, known)
    fields = field_names(expression)
    where = location(fail, path)
    hidden = [f for f in fields if domain.fields[f].hidden]
    if hidden:
        raise fail(path, f"a rule reads output fields only, and {hidden[0]!r} is hidden")

    def check(columns, options, expression=expression):
        result = np.asarray(evaluate(expression, columns, where), dtype=bool)
        size = len(next(iter(columns.values()))) if columns else 0
        return np.broadcast_to(result, (size,)).copy() if result.ndim == 0 else result
    domain.rule(name, f"{expression.text}", fields)(check)
