"""Stratified, deterministic random samples for human spot checks (`synth sample`).

The sample is a pure function of (file contents, n, stratify field, seed): records are ranked by a keyed hash of
their position, so the same seed picks the same records on every machine. With a stratify field, every stratum gets
at least one record when n allows, and the rest is shared in proportion to stratum sizes (largest remainders,
ties to the larger stratum, then by name).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import SynthError
from ..randomness import stream_key

REVIEW_COLUMNS = ("verdict", "comment")


def _ranks(positions: np.ndarray, seed: int, stratum: str) -> np.ndarray:
    """A random but reproducible order key per record (Philox keyed by the seed and stratum name)."""
    key = stream_key(seed, "sample", stratum)
    generator = np.random.Generator(np.random.Philox(key=np.array(key, dtype=np.uint64)))
    return generator.permutation(len(positions))


def allocate(sizes: dict[str, int], n: int) -> dict[str, int]:
    """How many records to take from each stratum: proportional to its size (largest remainders), then every
    stratum gets at least one when n allows, taken from the strata furthest above their exact share."""
    total = sum(sizes.values())
    n = min(n, total)
    names = sorted(sizes, key=lambda k: (-sizes[k], k))
    if n < len(names):  # fewer records wanted than strata: the largest strata get one each
        return {k: int(i < n) for i, k in enumerate(names)}
    quota = {k: n * sizes[k] / total for k in names}
    take = {k: int(np.floor(quota[k])) for k in names}
    for k in sorted(names, key=lambda k: (-(quota[k] - take[k]), -sizes[k], k))[: n - sum(take.values())]:
        take[k] += 1
    for k in names:
        if take[k] == 0 and sizes[k] > 0:
            donor = max((d for d in names if take[d] > 1), key=lambda d: (take[d] - quota[d], sizes[d], d))
            take[donor] -= 1
            take[k] = 1
    return take


def stratified_sample(frame: pd.DataFrame, n: int, stratify: str | None = None, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Row positions of the sample in file order, and the stratum of each (all '' without stratify)."""
    if n <= 0:
        raise SynthError(f"The sample size must be a positive whole number, not {n}.")
    if stratify is None:
        order = _ranks(np.arange(len(frame)), seed, "")
        picked = np.sort(order[: min(n, len(frame))])
        return picked, np.full(len(picked), "", dtype=object)
    if stratify not in frame.columns:
        raise SynthError(f"--stratify names the field {stratify!r}, which the file does not have "
                         f"(its fields: {', '.join(map(str, frame.columns))}).")
    from ..validators import as_text

    strata = as_text(frame[stratify])
    strata[strata == ""] = "(missing)"
    labels, inverse = np.unique(strata, return_inverse=True)
    sizes = {str(label): int((inverse == i).sum()) for i, label in enumerate(labels)}
    take = allocate(sizes, n)
    rows, names = [], []
    for i, label in enumerate(labels):
        members = np.flatnonzero(inverse == i)
        chosen = members[_ranks(members, seed, str(label))[: take[str(label)]]]
        rows.extend(chosen.tolist())
        names.extend([str(label)] * len(chosen))
    rows_array = np.array(rows, dtype=np.int64)
    order = np.argsort(rows_array, kind="stable")
    return rows_array[order], np.array(names, dtype=object)[order]
