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


def ks_two_sample(a: np.ndarray, b: np.ndarray, deff: float = 1.0) -> tuple[float, float]:
    """Two-sample Kolmogorov-Smirnov distance D = max |F_a - F_b| and its asymptotic p-value (the Kolmogorov
    distribution at (sqrt(ne) + 0.12 + 0.11 / sqrt(ne)) * D, ne = n m / (n + m): Stephens' correction); clustered
    records (`deff` > 1) count as ne / deff independent ones."""
    from scipy.special import kolmogorov

    a, b = np.sort(a), np.sort(b)
    points = np.concatenate([a, b])
    d = float(np.max(np.abs(np.searchsorted(a, points, side="right") / len(a)
                            - np.searchsorted(b, points, side="right") / len(b))))
    root = np.sqrt(len(a) * len(b) / (len(a) + len(b)) / deff)
    return d, float(min(1.0, kolmogorov((root + 0.12 + 0.11 / root) * d)))


def design_effect(columns: np.ndarray, clusters: np.ndarray) -> float:
    """How much clustering inflates the variance of each column's mean: records that come in clusters (an account's
    transactions) are not independent, so a share or a mean varies more between samples than n records suggest.
    Per column, the between-cluster variance of the mean (the ratio estimator's, with C/(C-1)) over the variance
    were the records independent; averaged over the columns weighted by their variance (for label indicators, the
    Rao-Scott first-order correction). 1 or more; 1 when every cluster is one record."""
    columns = np.asarray(columns, dtype=float).reshape(len(columns), -1)
    ids, groups = pd.factorize(pd.Series(clusters, dtype=object).map(str))
    n, c = len(columns), len(groups)
    if c < 2 or n < 2:
        return 1.0
    totals = np.zeros((c, columns.shape[1]))
    np.add.at(totals, ids, columns)
    sizes = np.bincount(ids, minlength=c).astype(float)
    mean = columns.mean(axis=0)
    clustered = c / (c - 1) * ((totals - sizes[:, None] * mean) ** 2).sum(axis=0) / n ** 2
    independent = columns.var(axis=0) / n
    if independent.sum() <= 0:
        return 1.0
    return max(1.0, float(clustered.sum() / independent.sum()))


def label_design_effect(labels, clusters) -> float:
    """`design_effect` of the label indicators (one column per label)."""
    codes, uniques = pd.factorize(pd.Series(labels, dtype=object).map(str))
    return design_effect(np.eye(len(uniques))[codes] if len(uniques) else np.zeros((len(codes), 1)), clusters)


def rank_design_effect(values, clusters) -> float:
    """`design_effect` of the values' ranks (robust to a long tail such as amounts)."""
    values = np.asarray(values, dtype=float)
    return design_effect(pd.Series(values).rank().to_numpy() / max(len(values), 1), clusters)


def pooled_design_effect(deff_a: float, n_a: int, deff_b: float, n_b: int) -> float:
    """One design effect for a two-sample test: the variance of a difference is v_a deff_a + v_b deff_b, v ~ 1/n."""
    if not n_a or not n_b:
        return 1.0
    return (deff_a / n_a + deff_b / n_b) / (1 / n_a + 1 / n_b)


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
    deff: float = 1.0               # the statistic was divided by this design effect (clustered records)

    def to_dict(self) -> dict:
        return {"field": self.field, "against": self.against, "observed": self.observed,
                "expected_share": self.expected_share, "chi_square": self.statistic, "p_value": self.p_value,
                "dof": self.dof, "max_share_gap": self.max_gap, "max_gap_label": self.gap_label,
                "unexpected_labels": self.unexpected, "design_effect": self.deff}


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


def label_homogeneity(field_name: str, values, reference, deff: float = 1.0) -> LabelTest:
    """Chi-square test that `values` and `reference` draw labels from the same proportions; the statistic is
    divided by `deff` when records come in clusters (see `design_effect`)."""
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
        statistic = float(((table - expected) ** 2 / expected).sum()) / deff
        dof = table.shape[1] - 1
        p_value = chi2_sf(statistic, dof)
    else:
        statistic, p_value, dof = 0.0, 1.0, 0
    n, m = table[0].sum(), table[1].sum()
    expected_share = {label: float(table[1, i] / m) if m else 0.0 for i, label in enumerate(labels)}
    gaps = {label: abs((table[0, i] / n if n else 0.0) - expected_share[label]) for i, label in enumerate(labels)}
    gap_label = max(gaps, key=lambda k: (gaps[k], k)) if gaps else ""
    return LabelTest(field_name, observed, expected_share, float(statistic), float(p_value), int(dof),
                     float(gaps.get(gap_label, 0.0)), gap_label, [], "reference", deff)


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
    deff: float = 1.0    # clustered records count as n / deff independent ones

    def to_dict(self) -> dict:
        return {"field": self.field, "of": self.what, "n": self.n, "reference_n": self.reference_n,
                "ks_statistic": self.statistic, "p_value": self.p_value, "mean": self.mean,
                "reference_mean": self.reference_mean, "design_effect": self.deff}


def ks_against(field_name: str, what: str, values: np.ndarray, reference: np.ndarray,
               clusters: tuple[np.ndarray, np.ndarray] | None = None) -> DistributionTest | None:
    """Two-sample Kolmogorov-Smirnov test (NaNs dropped); None when either side is empty. `clusters` (the
    entity of each value and of each reference value) corrects the p-value for records that come in clusters."""
    a = np.asarray(values, dtype=float)
    b = np.asarray(reference, dtype=float)
    keep_a, keep_b = np.isfinite(a), np.isfinite(b)
    a, b = a[keep_a], b[keep_b]
    if not len(a) or not len(b):
        return None
    deff = 1.0
    if clusters is not None:
        deff = pooled_design_effect(rank_design_effect(a, clusters[0][keep_a]), len(a),
                                    rank_design_effect(b, clusters[1][keep_b]), len(b))
    statistic, p_value = ks_two_sample(a, b, deff)
    return DistributionTest(field_name, what, len(a), len(b), statistic, p_value, float(a.mean()), float(b.mean()),
                            deff)


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
