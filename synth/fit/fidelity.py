"""How faithful a synthetic table is to the real one: per-column distribution distances, the difference of
pairwise correlations, and train-synthetic-test-real (TSTR) for a target column. Information, not gates: what
is faithful enough depends on the use (docs/fit.md).

- numerics and dates: the two-sample Kolmogorov-Smirnov distance D (0 the same, 1 disjoint);
- categoricals: total variation distance, half the summed share differences, after pooling values seen fewer
  than 5 times in the real table into 其他 on both sides (they are pooled in the recipe too);
- pairs: the mean absolute difference of Spearman correlations over numeric and date pairs;
- TSTR: a gradient-boosted model trained on the synthetic rows and tested on 30% of the real rows, beside the
  same model trained on the other 70% of the real rows (TRTR). Needs scikit-learn (the fit extra).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import SynthError
from ..quality.report import Finding
from .features import Pair, numbers
from .marginals import MIN_COUNT, OTHER


def fidelity_findings(p: Pair, target: str | None = None, seed: int = 0) -> list[Finding]:
    found = [column_distance(p, c) for c in p.statistical]
    found.append(correlation_difference(p))
    if target:
        found.append(tstr(p, target, seed))
    return found


def column_distance(p: Pair, column: str) -> Finding:
    kind = p.kinds[column]
    if kind in ("numeric", "date", "datetime"):
        real, synthetic = numbers(p.real[column], kind), numbers(p.synthetic[column], kind)
        real, synthetic = real[np.isfinite(real)], synthetic[np.isfinite(synthetic)]
        d = float(stats.ks_2samp(real, synthetic).statistic) if len(real) and len(synthetic) else 1.0
        return Finding("fidelity", "KS distance", (column,), f"D={d:.3f}", value=d, details={"ks": d},
                       doc="two-sample Kolmogorov-Smirnov distance of the column's values")
    d = total_variation(p.real[column], p.synthetic[column])
    return Finding("fidelity", "total variation", (column,), f"TV={d:.3f}", value=d, details={"tv": d},
                   doc="half the summed differences of the values' shares (rare real values pooled)")


def total_variation(real: pd.Series, synthetic: pd.Series) -> float:
    counts = real.value_counts()
    kept = set(counts[counts >= MIN_COUNT].index)
    pool = lambda s: s.where(s.isin(kept), OTHER).value_counts(normalize=True)  # noqa: E731
    a, b = pool(real), pool(synthetic)
    return float(0.5 * a.subtract(b, fill_value=0).abs().sum())


def spearman(frame: pd.DataFrame, p: Pair, columns: list[str]) -> np.ndarray:
    matrix = np.column_stack([numbers(frame[c], p.kinds[c]) for c in columns])
    ranked = pd.DataFrame(matrix).rank()
    return ranked.corr().to_numpy()


def correlation_difference(p: Pair) -> Finding:
    columns = p.columns("numeric", "date", "datetime")
    columns = [c for c in columns if c in p.statistical]
    if len(columns) < 2:
        return Finding("fidelity", "correlation difference", tuple(columns), "fewer than two numeric columns")
    real, synthetic = spearman(p.real, p, columns), spearman(p.synthetic, p, columns)
    pairs = list(itertools.combinations(range(len(columns)), 2))
    gaps = np.array([abs(np.nan_to_num(real[i, j]) - np.nan_to_num(synthetic[i, j])) for i, j in pairs])
    worst = pairs[int(gaps.argmax())]
    value = float(gaps.mean())
    return Finding("fidelity", "correlation difference", tuple(columns),
                   f"mean |Δ Spearman| {value:.3f} over {len(pairs)} pairs (largest {gaps.max():.3f}: "
                   f"{columns[worst[0]]} × {columns[worst[1]]})", value=value,
                   details={"mean": value, "max": float(gaps.max())},
                   doc="how much the pairwise rank correlations differ between the real and the synthetic table")


def tstr(p: Pair, target: str, seed: int = 0) -> Finding:
    try:
        from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
        from sklearn.metrics import accuracy_score, r2_score
    except ImportError:
        raise SynthError("The TSTR score needs scikit-learn; install it with: pip install 'synth[fit]'.") from None
    if target not in p.kinds:
        raise SynthError(f"The target column {target!r} is not in both tables.")
    features = [c for c in p.statistical if c != target]
    if not features:
        raise SynthError(f"There is no column besides {target!r} to predict it from.")
    classify = p.kinds[target] == "categorical"
    order = np.random.default_rng(seed).permutation(len(p.real))
    cut = int(len(order) * 0.7)
    train, test = p.real.iloc[order[:cut]], p.real.iloc[order[cut:]]

    def design(frame):
        columns = []
        for c in features:
            kind = p.kinds[c]
            if kind in ("numeric", "date", "datetime"):
                columns.append(numbers(frame[c], kind))
            else:
                levels = {v: k for k, v in enumerate(sorted(p.real[c].unique()))}
                columns.append(frame[c].map(levels).to_numpy(dtype=float))
        return np.column_stack(columns)

    def labels(frame):
        return frame[target].to_numpy(dtype=object).astype(str) if classify else numbers(frame[target], p.kinds[target])

    def score(frame) -> float:
        y = labels(frame)
        keep = np.ones(len(y), bool) if classify else np.isfinite(y)
        model = (HistGradientBoostingClassifier if classify else HistGradientBoostingRegressor)(random_state=seed)
        model.fit(design(frame)[keep], y[keep])
        truth = labels(test)
        ok = np.ones(len(truth), bool) if classify else np.isfinite(truth)
        predicted = model.predict(design(test)[ok])
        return float(accuracy_score(truth[ok], predicted) if classify else r2_score(truth[ok], predicted))

    tstr_score, trtr_score = score(p.synthetic), score(train)
    metric = "accuracy" if classify else "R²"
    majority = float(pd.Series(labels(test)).value_counts(normalize=True).iloc[0]) if classify else 0.0
    return Finding("fidelity", "train synthetic, test real", (target,),
                   f"{metric} {tstr_score:.3f} trained on synthetic vs {trtr_score:.3f} trained on real"
                   + (f" (majority class {majority:.3f})" if classify else ""), value=tstr_score,
                   details={"metric": metric, "tstr": tstr_score, "trtr": trtr_score, "majority": majority},
                   doc="a model trained on the synthetic rows, tested on held-out real rows, beside one trained on real")
