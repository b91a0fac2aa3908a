"""The correlation matrix of a Gaussian copula, estimated from the columns' uniforms (their normal scores).

Missing values score 0 (the normal's centre), which shrinks a sparse column's correlations towards none rather
than inventing any. The estimate is made positive definite (eigenvalues floored) and rounded to three decimals,
which is what the recipe stores, so the recipe reads back to a valid matrix.
"""

from __future__ import annotations

import numpy as np
from scipy import special

FLOOR = 1e-3


def correlation(uniforms: np.ndarray) -> np.ndarray:
    scores = special.ndtri(np.clip(uniforms, 1e-6, 1 - 1e-6))
    scores = np.where(np.isnan(scores), 0.0, scores)
    if scores.shape[1] == 1:
        return np.ones((1, 1))
    with np.errstate(invalid="ignore", divide="ignore"):
        matrix = np.corrcoef(scores, rowvar=False)
    matrix = np.where(np.isfinite(matrix), matrix, 0.0)
    np.fill_diagonal(matrix, 1.0)
    return positive_definite(matrix)


def positive_definite(matrix: np.ndarray) -> np.ndarray:
    values, vectors = np.linalg.eigh((matrix + matrix.T) / 2)
    fixed = vectors @ np.diag(np.maximum(values, FLOOR)) @ vectors.T
    scale = np.sqrt(np.diag(fixed))
    fixed = np.round(fixed / np.outer(scale, scale), 3)
    np.fill_diagonal(fixed, 1.0)
    try:
        np.linalg.cholesky(fixed)
    except np.linalg.LinAlgError:  # rounding tipped it over: pull the pairs a little towards none
        fixed = np.round(fixed * 0.98, 3)
        np.fill_diagonal(fixed, 1.0)
    return fixed
