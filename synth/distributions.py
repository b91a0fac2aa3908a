"""Vectorised distributions that domains compose into fields.

Each distribution draws a whole batch from a `BlockRandom` in a fixed number of calls, so its values stay a pure
function of the record index. Parameters may be scalars or per-record arrays; per-record parameters are how a
field is conditioned on its parents (blood pressure on age, rating on sentiment). Like Hypothesis strategies,
distributions compose: `WithNulls(Mixture([Normal(...), LogNormal(...)], [0.7, 0.3]), rate=0.05)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .permutation import permute
from .randomness import BlockRandom


class Distribution:
    """Something that can fill a batch: `sample(rng) -> ndarray` of length `rng.size`."""

    def sample(self, rng: BlockRandom) -> np.ndarray:  # pragma: no cover - interface
        raise NotImplementedError


def normalised(weights: Sequence[float] | np.ndarray) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    if w.ndim == 0 or (w < 0).any() or not np.isfinite(w).all() or w.sum(axis=-1).min() <= 0:
        raise ValueError("weights must be finite, non-negative and not all zero")
    return w / w.sum(axis=-1, keepdims=True)


def choose_index(u: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Inverse-CDF choice: `u` in [0,1) per record; weights 1-D (shared) or 2-D (one row per record)."""
    cumulative = np.cumsum(normalised(weights), axis=-1)
    if cumulative.ndim == 1:
        return np.minimum(np.searchsorted(cumulative, u, side="right"), len(cumulative) - 1)
    return np.minimum((u[:, None] >= cumulative).sum(axis=1), cumulative.shape[1] - 1)


@dataclass(frozen=True)
class Categorical(Distribution):
    """One of `values` with the given weights; `weights` may be a per-record matrix (conditional table rows)."""

    values: Sequence | np.ndarray
    weights: Sequence[float] | np.ndarray | None = None

    def sample(self, rng: BlockRandom) -> np.ndarray:
        values = np.asarray(self.values, dtype=object if not isinstance(self.values, np.ndarray) else None)
        weights = np.ones(len(values)) if self.weights is None else np.asarray(self.weights, dtype=float)
        return values[choose_index(rng.random(), weights)]


@dataclass(frozen=True)
class Uniform(Distribution):
    low: float | np.ndarray
    high: float | np.ndarray

    def sample(self, rng: BlockRandom) -> np.ndarray:
        return self.low + (np.asarray(self.high) - self.low) * rng.random()


@dataclass(frozen=True)
class Normal(Distribution):
    mean: float | np.ndarray
    sd: float | np.ndarray

    def sample(self, rng: BlockRandom) -> np.ndarray:
        return self.mean + np.asarray(self.sd) * rng.standard_normal()


@dataclass(frozen=True)
class TruncatedNormal(Distribution):
    """Normal(mean, sd) restricted to [low, high], drawn by inverse CDF (one uniform per record, no rejection)."""

    mean: float | np.ndarray
    sd: float | np.ndarray
    low: float | np.ndarray = -np.inf
    high: float | np.ndarray = np.inf

    def sample(self, rng: BlockRandom) -> np.ndarray:
        # (scipy.special is imported here, on first use: at the top it cost every run of every domain 0.1-0.3 s of
        # start-up, and most domains never draw a truncated normal)
        from scipy import special

        sd = np.asarray(self.sd, dtype=float)
        a = special.ndtr((np.asarray(self.low) - self.mean) / sd)
        b = special.ndtr((np.asarray(self.high) - self.mean) / sd)
        u = a + (b - a) * rng.random()
        value = self.mean + sd * special.ndtri(np.clip(u, 1e-15, 1 - 1e-15))
        return np.clip(value, self.low, self.high)


@dataclass(frozen=True)
class LogNormal(Distribution):
    """exp(Normal(mu, sigma)): amounts, durations, prices."""

    mu: float | np.ndarray
    sigma: float | np.ndarray

    def sample(self, rng: BlockRandom) -> np.ndarray:
        return np.exp(self.mu + np.asarray(self.sigma) * rng.standard_normal())


@dataclass(frozen=True)
class Poisson(Distribution):
    lam: float | np.ndarray

    def sample(self, rng: BlockRandom) -> np.ndarray:
        return rng.poisson(np.asarray(self.lam, dtype=float) if np.ndim(self.lam) else float(self.lam))


@dataclass(frozen=True)
class Beta(Distribution):
    a: float | np.ndarray
    b: float | np.ndarray

    def sample(self, rng: BlockRandom) -> np.ndarray:
        return rng.beta(self.a, self.b)


@dataclass(frozen=True)
class Empirical(Distribution):
    """A histogram: pick a bin [edges[k], edges[k+1]) by weight, then a uniform point inside it."""

    edges: Sequence[float]
    weights: Sequence[float]

    def sample(self, rng: BlockRandom) -> np.ndarray:
        edges = np.asarray(self.edges, dtype=float)
        if len(edges) != len(self.weights) + 1:
            raise ValueError("an empirical histogram needs one more edge than weights")
        u = rng.random(2)
        k = choose_index(u[:, 0], np.asarray(self.weights))
        return edges[k] + (edges[k + 1] - edges[k]) * u[:, 1]


@dataclass(frozen=True)
class Mixture(Distribution):
    """A weighted mixture; every component is drawn for the whole batch so consumption never depends on data."""

    components: Sequence[Distribution]
    weights: Sequence[float]

    def sample(self, rng: BlockRandom) -> np.ndarray:
        which = choose_index(rng.random(), np.asarray(self.weights))
        drawn = np.stack([np.asarray(c.sample(rng), dtype=float) for c in self.components])
        return drawn[which, np.arange(rng.size)]


@dataclass(frozen=True)
class WithNulls(Distribution):
    """`inner`, with a fraction `rate` of records set to missing (None)."""

    inner: Distribution
    rate: float

    def sample(self, rng: BlockRandom) -> np.ndarray:
        missing = rng.random() < self.rate
        values = np.asarray(self.inner.sample(rng), dtype=object)
        values[missing] = None
        return values


def exact_quota(index: np.ndarray, counts: dict[str, int], key: tuple[int, int]) -> np.ndarray:
    """Labels with exact counts over records [0, sum(counts)), each record's label found on its own.

    The dataset's label sequence is a keyed shuffle of `counts`; record i takes position permute(i) in it.
    """
    total = sum(counts.values())
    labels = np.array(list(counts), dtype=object)
    bounds = np.cumsum(list(counts.values()))
    # Records past the quota total only pad the last block (the engine trims them); they reuse positions.
    position = permute(np.asarray(index) % total, total, key).astype(np.int64)
    return labels[np.searchsorted(bounds, position, side="right")]
