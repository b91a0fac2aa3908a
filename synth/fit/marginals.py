"""One column's distribution, fitted from its real values and written as a recipe field table.

Each fit returns a `Marginal`: the field table the recipe gets (a distribution synth's schemas already know) and
the column's real values turned into uniforms (their place in that distribution), which the copula correlates.

- numerics: a normal or log-normal (truncated to the observed bounds) when a Kolmogorov-Smirnov test at the 5%
  level does not reject it on a 500-value subsample (parameters estimated from the data, so the test is lenient
  with them), else a histogram with quantile edges and add-one-half smoothing; whole numbers stay whole, decimals
  keep their digits, the null rate is kept. Whole numbers with at most 15 values are a table of frequencies.
- categoricals: frequencies; a value seen fewer than k times (default 5) is merged into 其他 (dropped for numbers
  and for phrases longer than six characters on average, where 其他 would read as nonsense), so a rare real value
  never reaches the recipe.
- dates and date-times: the span, a weight per calendar month (seasonality and trend), per weekday and per hour.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

OTHER = "其他"
MIN_COUNT = 5
KS_LEVEL = 0.05
KS_SAMPLE = 500
SMALL_SUPPORT = 15
LONG_LABEL = 6       # mean characters above which a categorical's values are phrases, not labels


@dataclass
class Marginal:
    field: dict              # the recipe's field table
    uniforms: np.ndarray     # each real row's place in the fitted distribution (nan where missing)
    note: str                # how it was fitted, in words for the recipe's comments


def null_rate(missing: int, total: int) -> dict:
    rate = round(missing / total, 4) if total else 0
    return {"null_rate": rate} if 0 < rate < 1 else {}


def _rank_uniforms(values: np.ndarray, present: np.ndarray, total: int) -> np.ndarray:
    """Mid-ranks of the present values as uniforms in (0, 1); nan for missing rows."""
    out = np.full(total, np.nan)
    out[present] = stats.rankdata(values) / (len(values) + 1)
    return out


def _jittered_uniforms(codes: np.ndarray, weights: np.ndarray, present: np.ndarray, total: int) -> np.ndarray:
    """A category's rows spread over its slice of (0, 1): the standard way to put a categorical in a copula."""
    cumulative = np.concatenate([[0.0], np.cumsum(weights / weights.sum())])
    jitter = np.random.default_rng(len(codes)).random(len(codes))
    out = np.full(total, np.nan)
    out[present] = cumulative[codes] + (cumulative[codes + 1] - cumulative[codes]) * jitter
    return out


def categorical(values: pd.Series, present: np.ndarray, total: int, min_count: int = MIN_COUNT,
                numbers: bool = False) -> Marginal:
    counts = values.value_counts()
    kept = counts[counts >= min_count]
    rare = counts[counts < min_count]
    labels = [(_as_number(v) if numbers else v) for v in kept.index]
    weights = kept.to_numpy(dtype=float)
    # 其他 is a natural label among short ones (cities, jobs); among remarks or phrases it reads as nonsense, so
    # rare long values are dropped instead, like rare numbers
    pooled = not numbers and values.str.len().mean() <= LONG_LABEL
    if len(rare) and pooled:
        labels.append(OTHER)
        weights = np.append(weights, rare.sum())
    if not labels:  # every value is rare: keep none of them
        labels, weights = [OTHER], np.array([1.0])
    code_of = {str(v): k for k, v in enumerate(kept.index)}
    other_code = len(kept) if OTHER in labels[len(kept):] else None
    codes = np.array([code_of.get(str(v), other_code if other_code is not None else -1) for v in values])
    codes = np.where(codes < 0, 0, codes)  # a dropped rare value takes the commonest one's place in the copula
    note = f"{len(kept)} values seen {min_count}+ times" + (f", {len(rare)} rarer merged into {OTHER}"
                                                            if len(rare) and pooled else
                                                            f", {len(rare)} rarer dropped" if len(rare) else "")
    field = {"type": "categorical", "values": labels, "weights": [int(w) for w in weights]}
    return Marginal(field, _jittered_uniforms(codes, weights, present, total), note)


def _as_number(value):
    number = float(value)
    return int(number) if number.is_integer() else number


def numeric(values: pd.Series, present: np.ndarray, total: int, min_count: int = MIN_COUNT) -> Marginal:
    x = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    keep = np.isfinite(x)
    x, present = x[keep], _subset(present, keep)
    whole = bool(np.all(x == np.round(x)))
    if whole and len(np.unique(x)) <= SMALL_SUPPORT:
        marginal = categorical(pd.Series(x.astype(np.int64)).astype(str), present, total, min_count, numbers=True)
        marginal.field.update({"dtype": "int", **null_rate(total - len(x), total)})
        marginal.note = "whole numbers, " + marginal.note
        return marginal
    digits = 0 if whole else _decimals(values[keep])
    low, high = float(x.min()), float(x.max())
    field, note = _parametric(x, whole, low, high)
    if field is None:
        field, note = _histogram(x, low, high)
    field["round"] = digits
    if whole:
        field["dtype"] = "int"
    field.update(null_rate(total - len(x), total))
    return Marginal(field, _rank_uniforms(x, present, total), note)


def _subset(present: np.ndarray, keep: np.ndarray) -> np.ndarray:
    rows = np.flatnonzero(present)
    out = np.zeros_like(present)
    out[rows[keep]] = True
    return out


def _decimals(text: pd.Series) -> int:
    parts = text.astype(str).str.partition(".")[2].str.rstrip("0").str.len()
    return int(min(parts.max(), 4))


def _parametric(x: np.ndarray, whole: bool, low: float, high: float) -> tuple[dict | None, str]:
    """The best of normal and log-normal that a KS test at 5% accepts, truncated to the observed bounds."""
    sample = np.random.default_rng(0).choice(x, size=min(len(x), KS_SAMPLE), replace=False)
    if whole:  # spread whole numbers over their unit interval so ties do not fail a continuous test
        sample = sample + np.random.default_rng(1).uniform(-0.5, 0.5, len(sample))
    candidates = []
    mean, sd = float(x.mean()), float(x.std())
    if sd > 0:
        a, b = (low - 0.5 - mean) / sd, (high + 0.5 - mean) / sd
        test = stats.kstest(sample, stats.truncnorm(a, b, loc=mean, scale=sd).cdf)
        candidates.append((test.statistic, test.pvalue, {"type": "truncated_normal", "mean": _r(mean), "sd": _r(sd),
                                                         "low": _r(low), "high": _r(high)}, "normal"))
    if low > 0:
        logs = np.log(x)
        mu, sigma = float(logs.mean()), float(logs.std())
        if sigma > 0:
            test = stats.kstest(np.log(np.maximum(sample, 1e-9)), stats.norm(mu, sigma).cdf)
            candidates.append((test.statistic, test.pvalue, {"type": "lognormal", "mu": _r(mu), "sigma": _r(sigma),
                                                             "low": _r(low), "high": _r(high)}, "log-normal"))
    accepted = [c for c in candidates if c[1] >= KS_LEVEL]
    if not accepted:
        tried = ", ".join(f"{name} KS D={d:.3f} p={p:.2g}" for d, p, _, name in candidates)
        return None, f"no parametric fit accepted ({tried or 'constant values'}): smoothed histogram"
    d, p, field, name = min(accepted, key=lambda c: c[0])
    return field, f"{name}, KS D={d:.3f} p={p:.2f} on {min(len(x), KS_SAMPLE)} values"


def _histogram(x: np.ndarray, low: float, high: float) -> tuple[dict, str]:
    bins = int(np.clip(len(x) // 40, 4, 30))
    edges = np.unique(np.quantile(x, np.linspace(0, 1, bins + 1)))
    if len(edges) < 2:
        edges = np.array([low, low + 1.0])
    counts, _ = np.histogram(x, edges)
    return ({"type": "empirical", "edges": [_r(e) for e in edges], "weights": [float(c) + 0.5 for c in counts]},
            f"smoothed histogram of {len(edges) - 1} quantile bins")


def _r(value: float) -> float:
    return float(f"{value:.6g}")


def dates(values: pd.Series, present: np.ndarray, total: int, with_time: bool) -> Marginal:
    stamps = pd.to_datetime(values, errors="coerce")
    keep = stamps.notna().to_numpy()
    stamps, present = stamps[keep], _subset(present, keep)
    days = stamps.to_numpy().astype("datetime64[D]")
    start, end = dt.date.fromisoformat(str(days.min())), dt.date.fromisoformat(str(days.max()))
    from ..recipes.copula import month_bins

    bins = month_bins(start, end)
    firsts = np.array([a for a, _ in bins], dtype="datetime64[D]")
    month = np.searchsorted(firsts, days, side="right") - 1
    per_month = np.bincount(month, minlength=len(bins)) + 0.5
    weekday = np.bincount((days.astype(np.int64) + 3) % 7, minlength=7) + 0.5
    field = {"type": "date", "start": start.isoformat(), "end": end.isoformat(),
             "weights": [float(w) for w in per_month], "weekdays": [float(w) for w in weekday]}
    if with_time:
        field["hours"] = [float(w) for w in np.bincount(stamps.dt.hour.to_numpy(), minlength=24) + 0.5]
    field.update(null_rate(total - int(keep.sum()), total))
    note = f"{start} to {end}, weights per month ({len(bins)}), weekday" + (" and hour" if with_time else "")
    return Marginal(field, _rank_uniforms(days.astype(np.int64).astype(float), present, total), note)
