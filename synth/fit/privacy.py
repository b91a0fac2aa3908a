"""How private a synthetic table is against the real one it was fitted to. Three measures, each with a gate:

- exact copies: synthetic rows equal to a real row in every shared column. Gate: none (0).
- distance to closest record (DCR): the real rows are split in half, train and holdout (seeded). For each
  synthetic row, the L1 distance to its closest train row over the statistical columns (numerics and dates in
  interquartile ranges, categories at 1 apart); the same for each holdout row. A holdout row is a new person from
  the same population, so 5% of holdout rows fall under the holdout's own 5th percentile by definition. Gate: at
  most 10% of synthetic rows fall under it (twice the share of fresh real rows); more means the synthetic rows
  sit on top of real ones.
- quasi-identifier uniqueness: the combination of quasi-identifiers (sex, age, birth date, places, or the columns
  named) that is unique to one real train row is what re-identifies a person. Gate: the share of synthetic rows
  that repeat such a unique combination is at most twice the holdout rows' share plus one point.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..quality.report import Finding, percent, rate_gate
from .features import Pair, encode, nearest

DCR_QUANTILE = 0.05
MAX_DCR_SHARE = 0.10
MAX_ROWS = 3000
QUASI_WORDS = ("性别", "sex", "gender", "年龄", "age", "出生", "birth", "省", "市", "区", "县", "city", "province",
               "district", "邮编", "zip", "postcode", "民族", "职业", "occupation")


def privacy_findings(p: Pair, quasi: list[str] | None = None, seed: int = 0) -> list[Finding]:
    return [exact_copies(p), dcr(p, seed), quasi_uniqueness(p, quasi, seed)]


def exact_copies(p: Pair) -> Finding:
    real = set(map(tuple, p.real.to_numpy(dtype=object).tolist()))
    rows = [i for i, row in enumerate(map(tuple, p.synthetic.to_numpy(dtype=object).tolist())) if row in real]
    n = len(p.synthetic)
    return Finding("privacy", "exact copies of real rows", tuple(p.real.columns),
                   f"{len(rows):,} of {n:,} synthetic rows equal a real row in all {p.real.shape[1]} shared columns",
                   value=float(len(rows)), gate="= 0", passed=not rows, count=len(rows), total=n,
                   lines=[r + 1 for r in rows[:1000]],
                   doc="a synthetic row that equals a real row in every column discloses that row")


def _halves(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    return order[: n // 2], order[n // 2:]


def dcr(p: Pair, seed: int = 0) -> Finding:
    train, holdout = _halves(len(p.real), seed)
    synthetic = p.synthetic.iloc[np.random.default_rng(seed + 1).permutation(len(p.synthetic))[:MAX_ROWS]]
    a, b, s = encode(p, [p.real.iloc[train[:MAX_ROWS]], p.real.iloc[holdout[:MAX_ROWS]], synthetic])
    to_holdout, to_synthetic = nearest(b, a), nearest(s, a)
    threshold = float(np.quantile(to_holdout, DCR_QUANTILE))
    close = float(np.mean(to_synthetic < threshold)) if threshold > 0 else float(np.mean(to_synthetic <= 0))
    fields = tuple(p.statistical)
    return Finding("privacy", "distance to closest record", fields,
                   f"{close:.1%} of synthetic rows are closer to a real row than the closest 5% of real holdout rows "
                   f"(median DCR synthetic {np.median(to_synthetic):.3f}, holdout {np.median(to_holdout):.3f})",
                   value=close, gate=rate_gate(MAX_DCR_SHARE), passed=close <= MAX_DCR_SHARE,
                   count=int(round(close * len(s))), total=len(s),
                   details={"median_dcr_synthetic": float(np.median(to_synthetic)),
                            "median_dcr_holdout": float(np.median(to_holdout)), "threshold": threshold,
                            "share_under_threshold": close},
                   doc="synthetic rows should be no closer to real rows than new real rows are (DCR, train vs holdout)")


def quasi_identifiers(p: Pair, named: list[str] | None = None) -> list[str]:
    if named:
        return [c for c in named if c in p.kinds]
    return [c for c in p.statistical if any(word in c.lower() for word in QUASI_WORDS)]


def quasi_uniqueness(p: Pair, named: list[str] | None = None, seed: int = 0) -> Finding:
    columns = quasi_identifiers(p, named)
    if not columns:
        return Finding("privacy", "quasi-identifier uniqueness", (), "no quasi-identifier columns (name them with "
                       "--quasi)", doc="unique combinations of sex, age, places ... re-identify people")
    train, holdout = _halves(len(p.real), seed)
    keys = lambda frame: frame[columns].astype(str).agg("\x1f".join, axis=1)  # noqa: E731
    train_keys = keys(p.real.iloc[train])
    counts = train_keys.value_counts()
    unique = set(counts[counts == 1].index)
    holdout_share = float(keys(p.real.iloc[holdout]).isin(unique).mean())
    synthetic_share = float(keys(p.synthetic).isin(unique).mean())
    limit = 2 * holdout_share + 0.01
    n = len(p.synthetic)
    return Finding("privacy", "quasi-identifier uniqueness", tuple(columns),
                   f"{percent(int(round(synthetic_share * n)), n)} of synthetic rows repeat a combination of "
                   f"{', '.join(columns)} that is unique to one real row (holdout rows: {holdout_share:.1%}; "
                   f"{len(unique):,} unique of {len(train_keys):,} real rows)",
                   value=synthetic_share, gate=rate_gate(limit), passed=synthetic_share <= limit,
                   count=int(round(synthetic_share * n)), total=n,
                   details={"quasi_identifiers": columns, "synthetic_share": synthetic_share,
                            "holdout_share": holdout_share, "unique_real": len(unique)},
                   doc="a combination of quasi-identifiers unique to one real person, repeated, can re-identify them")
