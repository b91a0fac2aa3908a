"""Do label proportions and numeric distributions match what was asked for?

Labels: a chi-square goodness-of-fit test of the observed counts against requested shares, or a chi-square test of
homogeneity against a reference sample (the domain's own generator, or another file). Numbers and text lengths:
the two-sample Kolmogorov-Smirnov test against a reference sample. Every result carries its statistic and p-value.

A gate fails only when the difference is both statistically clear (p < alpha) and large enough to matter (a label's
share off by more than `max_share_gap`, or a KS distance above `max_ks`): with 100,000 records a trivial
difference is "significant", and with 50 records a large one may not be.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd


def chi2_sf(statistic: float, dof: int) -> float:
    """P(X >= statistic) for a chi-square variable with `dof` degrees of freedom."""
    from scipy.special import chdtrc

    return float(chdtrc(dof, statistic)) if dof > 0 else 1.0


def ks_two_sample(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Two-sample Kolmogorov-Smirnov distance D = max |F_a - F_b| and its asymptotic p-value (the Kolmogorov
    distribution at (sqrt(ne) + 0.12 + 0.11 / sqrt(ne)) * D, ne = n m / (n + m): Stephens' correction)."""
    from scipy.special import kolmogorov

    a, b = np.sort(a), np.sort(b)
    points = np.concatenate([a, b])
    d = float(np.max(np.abs(np.searchsorted(a, points, side="right") / len(a)
                            - np.searchsorted(b, points, side="right") / len(b))))
    root = np.sqrt(len(a) * len(b) / (len(a) + len(b)))
    return d, float(min(1.0, kolmogorov((root + 0.12 + 0.11 / root) * d)))


@dataclass
class LabelTest:
    field: str
    observed: dict[str, int]
    expected_share: dict[str, float]
    statistic: float
    p_value: float
    dof: int
    max_gap: float                  # largest |observed share - expected share|
    gap_label: str
    unexpected: list[str] = field(default_factory=list)   # labels seen but not expected
    against: str = "requested"      # "requested" or "reference"

    def to_dict(self) -> dict:
        return {"field": self.field, "against": self.against, "observed": self.observed,
                "expected_share": self.expected_share, "chi_square": self.statistic, "p_value": self.p_value,
                "dof": self.dof, "max_share_gap": self.max_gap, "max_gap_label": self.gap_label,
                "unexpected_labels": self.unexpected}


def label_counts(values) -> dict[str, int]:
    """Label -> count, most common first; labels that are all numbers are ordered by value instead."""
    series = pd.Series(values, dtype=object).dropna().map(str)
    counts = series.value_counts()
    numbers = pd.to_numeric(pd.Series(list(counts.index), dtype=object), errors="coerce")
    if len(counts) and numbers.notna().all():
        order = sorted(zip(numbers, counts.index, counts.values))
        return {str(k): int(v) for _, k, v in order}
    return {str(k): int(v) for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))}


def label_goodness_of_fit(field_name: str, values, shares: dict[str, float]) -> LabelTest:
    """Chi-square goodness of fit of the labels in `values` against requested `shares` (normalised here)."""
    observed = label_counts(values)
    total_share = sum(shares.values())
    expected_share = {str(k): float(v) / total_share for k, v in shares.items()}
    n = sum(observed.values())
    unexpected = [label for label in observed if label not in expected_share]
    labels = list(expected_share)
    obs = np.array([observed.get(label, 0) for label in labels], dtype=float)
    exp = np.array([expected_share[label] for label in labels]) * obs.sum()
    positive = exp > 0
    if obs.sum() > 0 and positive.sum() >= 2:
        statistic = float((((obs - exp) ** 2)[positive] / exp[positive]).sum())
        p_value = chi2_sf(statistic, int(positive.sum()) - 1)
    else:
        statistic, p_value = 0.0, 1.0
    if unexpected:
        p_value = 0.0
    gaps = {label: abs(observed.get(label, 0) / n - expected_share.get(label, 0.0)) if n else 0.0
            for label in set(labels) | set(observed)}
    gap_label = max(gaps, key=lambda k: (gaps[k], k)) if gaps else ""
    return LabelTest(field_name, observed, expected_share, float(statistic), float(p_value), int(positive.sum()) - 1,
                     float(gaps.get(gap_label, 0.0)), gap_label, unexpected)


def label_homogeneity(field_name: str, values, reference) -> LabelTest:
    """Chi-square test that `values` and `reference` draw labels from the same proportions."""
    observed = label_counts(values)
    ref = label_counts(reference)
    labels = sorted(set(observed) | set(ref))
    table = np.array([[observed.get(label, 0) for label in labels], [ref.get(label, 0) for label in labels]],
                     dtype=float)
    keep = table.sum(axis=0) > 0
    table = table[:, keep]
    labels = [label for label, k in zip(labels, keep) if k]
    if table.shape[1] >= 2 and table[0].sum() > 0 and table[1].sum() > 0:
        expected = table.sum(axis=1, keepdims=True) * table.sum(axis=0, keepdims=True) / table.sum()
        statistic = float(((table - expected) ** 2 / expected).sum())
        dof = table.shape[1] - 1
        p_value = chi2_sf(statistic, dof)
    else:
        statistic, p_value, dof = 0.0, 1.0, 0
    n, m = table[0].sum(), table[1].sum()
    expected_share = {label: float(table[1, i] / m) if m else 0.0 for i, label in enumerate(labels)}
    gaps = {label: abs((table[0, i] / n if n else 0.0) - expected_share[label]) for i, label in enumerate(labels)}
    gap_label = max(gaps, key=lambda k: (gaps[k], k)) if gaps else ""
    return LabelTest(field_name, observed, expected_share, float(statistic), float(p_value), int(dof),
                     float(gaps.get(gap_label, 0.0)), gap_label, [], "reference")


@dataclass
class DistributionTest:
    field: str
    what: str            # "values" or "length"
    n: int
    reference_n: int
    statistic: float     # KS D
    p_value: float
    mean: float
    reference_mean: float

    def to_dict(self) -> dict:
        return {"field": self.field, "of": self.what, "n": self.n, "reference_n": self.reference_n,
                "ks_statistic": self.statistic, "p_value": self.p_value, "mean": self.mean,
                "reference_mean": self.reference_mean}


def ks_against(field_name: str, what: str, values: np.ndarray, reference: np.ndarray) -> DistributionTest | None:
    """Two-sample Kolmogorov-Smirnov test (NaNs dropped); None when either side is empty."""
    a = np.asarray(values, dtype=float)
    b = np.asarray(reference, dtype=float)
    a, b = a[np.isfinite(a)], b[np.isfinite(b)]
    if not len(a) or not len(b):
        return None
    statistic, p_value = ks_two_sample(a, b)
    return DistributionTest(field_name, what, len(a), len(b), statistic, p_value, float(a.mean()), float(b.mean()))


def histogram(values: np.ndarray, bins: int = 30, integer: bool | None = None) -> dict:
    """Bin edges and counts for a chart; whole-number data gets one bin per value when there are few values."""
    a = np.asarray(values, dtype=float)
    a = a[np.isfinite(a)]
    if not len(a):
        return {"edges": [], "counts": []}
    lo, hi = float(a.min()), float(a.max())
    if integer is None:
        integer = bool(np.all(a == np.round(a)))
    if integer and hi - lo + 1 <= 60:
        edges = np.arange(lo - 0.5, hi + 1.5)
    elif integer:  # whole numbers: bins of equal whole widths, so no bin holds one value more than its neighbour
        step = int(np.ceil((hi - lo + 1) / bins))
        edges = np.arange(lo - 0.5, hi + step + 0.5, step)
    else:
        if lo == hi:
            lo, hi = lo - 0.5, hi + 0.5
        edges = np.linspace(lo, hi, bins + 1)
    counts, edges = np.histogram(a, bins=edges)
    return {"edges": [float(e) for e in edges], "counts": [int(c) for c in counts], "integer": bool(integer)}
