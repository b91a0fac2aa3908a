"""A Gaussian copula across schema fields (the recipe's `[schema.copula]`), and quantile functions for its members.

    [schema.copula]
    fields = ["income", "age", "city", "signup"]
    correlation = [[1.0, 0.31, ...], ...]      # one row per field, symmetric, ones on the diagonal

Each record draws one standard normal per member from the schema's own `_copula` stream (keyed by seed, schema,
attempt and block like every stream), correlates them with the matrix's Cholesky factor, turns them into uniforms
with the normal CDF, and each member turns its uniform into a value with its own inverse CDF. So every member
keeps its marginal exactly while the pairs keep the fitted dependence, and a value is still a pure function of
(seed, schema, index): workers and batch sizes do not matter.

The extended date keys live here too because they are quantile functions: `weights` (one per calendar month of
the span: seasonality and trend), `weekdays` (7 weights, Monday first) and `hours` (24 weights: a datetime).
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

import numpy as np
from scipy import special, stats

from .. import distributions as D
from ..randomness import BlockRandom, stream_key

MEMBER_TYPES = ("normal", "truncated_normal", "lognormal", "uniform", "integer", "poisson", "empirical",
                "categorical", "date")
EPSILON = 1e-12


class Copula:
    """The members and the Cholesky factor of their correlation matrix."""

    def __init__(self, members: list[str], correlation: np.ndarray):
        self.members = members
        self.position = {name: k for k, name in enumerate(members)}
        self.factor = np.linalg.cholesky(correlation)

    def uniforms(self, ctx, name: str) -> np.ndarray:
        """The member's uniform for each record of the batch (all members read the same normals)."""
        rng = BlockRandom(stream_key(ctx.seed, ctx.domain, "_copula", ctx.attempt), ctx.first_block, ctx.n_blocks)
        z = rng.standard_normal(len(self.members)) @ self.factor[self.position[name]]
        return np.clip(special.ndtr(z), EPSILON, 1 - EPSILON)


def parse_copula(table, fields: dict, fail: Callable) -> Copula | None:
    if table is None:
        return None
    path = ("schema", "copula")
    if not isinstance(table, dict) or set(table) - {"fields", "correlation"}:
        raise fail(path, "the copula is a table with fields = [...] and correlation = [[...], ...]")
    members, matrix = table.get("fields"), table.get("correlation")
    if not isinstance(members, list) or not members or len(set(members)) != len(members):
        raise fail(path + ("fields",), "fields is a list of different field names")
    for name in members:
        if name not in fields or _kind(fields[name]) not in MEMBER_TYPES:
            raise fail(path + ("fields",), f"{name!r} is not a field of one of the types {', '.join(MEMBER_TYPES)}")
    try:
        correlation = np.asarray(matrix, dtype=float)
    except (TypeError, ValueError):
        correlation = None
    if correlation is None or correlation.shape != (len(members), len(members)):
        raise fail(path + ("correlation",), f"correlation is a {len(members)} x {len(members)} matrix of numbers")
    if not np.allclose(correlation, correlation.T, atol=1e-6) or not np.allclose(np.diag(correlation), 1.0) \
            or np.abs(correlation).max() > 1 + 1e-9:
        raise fail(path + ("correlation",), "correlation is symmetric, with ones on the diagonal and values in -1..1")
    try:
        return Copula([str(m) for m in members], correlation)
    except np.linalg.LinAlgError:
        raise fail(path + ("correlation",), "the correlation matrix is not positive definite") from None


def _kind(field) -> str | None:
    return field.get("type") if isinstance(field, dict) else None


def constant(field: dict, key: str, path: tuple, fail: Callable) -> float:
    value = field.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise fail(path + (key,), "a copula member's parameters are numbers (the copula carries the dependence)")
    return float(value)


def quantile_function(kind: str, field: dict, path: tuple, fail: Callable) -> Callable[[np.ndarray], np.ndarray]:
    """The member's inverse CDF: uniforms in (0, 1) -> values (dates are handled by `date_sampler`)."""
    c = lambda key: constant(field, key, path, fail)  # noqa: E731 - a short local reader
    if kind == "normal":
        mean, sd = c("mean"), c("sd")
        return lambda u: mean + sd * special.ndtri(u)
    if kind == "truncated_normal":
        mean, sd = c("mean"), c("sd")
        low = c("low") if "low" in field else -np.inf
        high = c("high") if "high" in field else np.inf
        a, b = special.ndtr((low - mean) / sd), special.ndtr((high - mean) / sd)
        return lambda u: np.clip(mean + sd * special.ndtri(np.clip(a + (b - a) * u, EPSILON, 1 - EPSILON)), low, high)
    if kind == "lognormal":
        mu, sigma = c("mu"), c("sigma")
        low = c("low") if "low" in field else 0.0
        high = c("high") if "high" in field else np.inf
        return lambda u: np.clip(np.exp(mu + sigma * special.ndtri(u)), low, high)
    if kind == "uniform":
        low, high = c("low"), c("high")
        return lambda u: low + (high - low) * u
    if kind == "integer":
        low, high = np.floor(c("low")), np.floor(c("high"))
        return lambda u: (low + np.floor(u * (high - low + 1))).astype(np.int64)
    if kind == "poisson":
        lam = c("lam")
        return lambda u: stats.poisson.ppf(u, lam).astype(np.int64)
    if kind == "empirical":
        edges = np.asarray(field["edges"], dtype=float)
        cumulative = np.concatenate([[0.0], np.cumsum(D.normalised(field["weights"]))])
        return lambda u: _histogram_quantile(u, edges, cumulative)
    raise fail(path + ("type",), f"a {kind} field cannot be a copula member")


def _histogram_quantile(u: np.ndarray, edges: np.ndarray, cumulative: np.ndarray) -> np.ndarray:
    """The piecewise-linear inverse CDF of a histogram: the bin by cumulative weight, then the point inside it."""
    k = np.clip(np.searchsorted(cumulative, u, side="right") - 1, 0, len(edges) - 2)
    width = np.maximum(cumulative[k + 1] - cumulative[k], EPSILON)
    return edges[k] + (edges[k + 1] - edges[k]) * np.clip((u - cumulative[k]) / width, 0, 1)


# -- dates: seasonality, weekdays, hours ------------------------------------------------------------------------
def month_bins(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The calendar months from start to end, each cut to the span: [first day, last day] inclusive."""
    bins, first = [], start
    while first <= end:
        following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        bins.append((first, min(end, following - dt.timedelta(days=1))))
        first = following
    return bins


def date_quantile(u: np.ndarray, start: dt.date, end: dt.date, weights) -> np.ndarray:
    """Days (datetime64[D]) from uniforms: a month by its weight, then a day inside it."""
    bins = month_bins(start, end)
    if weights is None:
        weights = [(b - a).days + 1 for a, b in bins]
    firsts = np.array([a for a, _ in bins], dtype="datetime64[D]")
    lengths = np.array([(b - a).days + 1 for a, b in bins], dtype=float)
    cumulative = np.concatenate([[0.0], np.cumsum(D.normalised(weights))])
    k = np.clip(np.searchsorted(cumulative, u, side="right") - 1, 0, len(bins) - 1)
    inside = np.clip((u - cumulative[k]) / np.maximum(cumulative[k + 1] - cumulative[k], EPSILON), 0, 1 - EPSILON)
    return firsts[k] + np.floor(inside * lengths[k]).astype(np.int64).astype("timedelta64[D]")


def with_weekday(days: np.ndarray, u: np.ndarray, weekdays, start: dt.date, end: dt.date) -> np.ndarray:
    """Move each day within its Monday-Sunday week to a weekday drawn by the weights (kept inside the span)."""
    ordinal = days.astype(np.int64)
    current = (ordinal + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    target = D.choose_index(u, np.asarray(weekdays, dtype=float))
    moved = (ordinal - current + target).astype("datetime64[D]")
    inside = (moved >= np.datetime64(start)) & (moved <= np.datetime64(end))
    return np.where(inside, moved, days)


def date_sampler(field: dict, start: dt.date, end: dt.date, path: tuple, fail: Callable):
    """values(u, rng) for a date field with the extended keys; u is the copula's uniform or the field's own draw."""
    weights, weekdays, hours = field.get("weights"), field.get("weekdays"), field.get("hours")
    bins = month_bins(start, end)
    for key, value, size in (("weights", weights, len(bins)), ("weekdays", weekdays, 7), ("hours", hours, 24)):
        if value is not None and (not isinstance(value, list) or len(value) != size
                                  or not all(isinstance(v, (int, float)) and v >= 0 for v in value) or sum(value) <= 0):
            raise fail(path + (key,), f"{key} is a list of {size} non-negative weights"
                                      + (" (one per calendar month from start to end)" if key == "weights" else ""))

    def values(u: np.ndarray, rng: BlockRandom) -> np.ndarray:
        extra = rng.random(3)  # weekday, hour and minutes always drawn: draws never depend on the keys present
        days = date_quantile(u, start, end, weights)
        if weekdays is not None:
            days = with_weekday(days, extra[:, 0], weekdays, start, end)
        text = np.datetime_as_string(days, unit="D")
        if hours is None:
            return np.asarray(text, dtype=object)
        hour = D.choose_index(extra[:, 1], np.asarray(hours, dtype=float))
        seconds = np.floor(extra[:, 2] * 3600).astype(np.int64)
        return np.array([f"{d} {h:02d}:{s // 60:02d}:{s % 60:02d}" for d, h, s in zip(text, hour, seconds)],
                        dtype=object)
    return values
