"""Real and synthetic tables side by side on the same footing: shared columns, their kinds (from the real
table), values as text or numbers, and a numeric encoding for distances and models."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import SynthError
from .kinds import IDENTIFIERS, detect, text_values

MAX_LEVELS = 30   # one-hot columns per categorical in distances (the rest pooled)


@dataclass
class Pair:
    real: pd.DataFrame        # shared columns, values as text ('' where missing)
    synthetic: pd.DataFrame
    kinds: dict[str, str]     # column -> kind, decided on the real table

    def columns(self, *kinds: str) -> list[str]:
        return [c for c, k in self.kinds.items() if k in kinds]

    @property
    def statistical(self) -> list[str]:
        """Columns compared by distribution: not identifiers (regenerated), not free text."""
        return [c for c, k in self.kinds.items() if k not in IDENTIFIERS and k != "text"]


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    out = {}
    for column in frame.columns:
        values, _ = text_values(frame[column])
        series = pd.Series("", index=frame.index, dtype=object)
        series[values.index] = values
        out[column] = series
    return pd.DataFrame(out, index=frame.index)


def pair(real: pd.DataFrame, synthetic: pd.DataFrame, source: str = "the real table") -> Pair:
    shared = [c for c in real.columns if c in synthetic.columns]
    if real.empty:
        raise SynthError(f"{source} has no rows to compare with.")
    if not shared:
        raise SynthError(f"The synthetic table and {source} share no column.")
    kinds = {str(c): detect(str(c), real[c], source).kind for c in shared}
    return Pair(as_text(real[shared].reset_index(drop=True)), as_text(synthetic[shared].reset_index(drop=True)), kinds)


def numbers(series: pd.Series, kind: str) -> np.ndarray:
    """A numeric or date column as floats (dates as days), nan where missing."""
    if kind in ("date", "datetime"):
        stamps = pd.to_datetime(series.replace("", None), errors="coerce")
        return (stamps - pd.Timestamp("1970-01-01")).dt.total_seconds().to_numpy(dtype=float) / 86400
    return pd.to_numeric(series.replace("", None), errors="coerce").to_numpy(dtype=float)


def encode(p: Pair, frames: list[pd.DataFrame]) -> list[np.ndarray]:
    """Each frame as a matrix for L1 distances: numerics and dates scaled by the real interquartile range (a
    difference of one IQR counts as much as a different category), categoricals one-hot at weight 1/2."""
    blocks = [[] for _ in frames]
    for column in p.statistical:
        kind = p.kinds[column]
        if kind in ("numeric", "date", "datetime"):
            reference = numbers(p.real[column], kind)
            low, high = np.nanpercentile(reference, [25, 75]) if np.isfinite(reference).any() else (0, 1)
            scale = (high - low) or (np.nanstd(reference) or 1.0)
            centre = np.nanmedian(reference) if np.isfinite(reference).any() else 0.0
            for block, frame in zip(blocks, frames):
                x = numbers(frame[column], kind)
                block.append(((np.where(np.isnan(x), centre, x) - centre) / scale)[:, None])
        else:
            levels = p.real[column].value_counts().index[:MAX_LEVELS].tolist()
            for block, frame in zip(blocks, frames):
                values = frame[column].to_numpy(dtype=object)
                block.append(np.column_stack([(values == level) * 0.5 for level in levels] +
                                             [~np.isin(values, levels) * 0.5]).astype(float))
    return [np.hstack(b) if b else np.zeros((len(f), 1)) for b, f in zip(blocks, frames)]


def nearest(queries: np.ndarray, pool: np.ndarray, chunk: int = 256) -> np.ndarray:
    """Each query row's L1 distance to its closest pool row (chunked brute force: memory stays small)."""
    out = np.empty(len(queries))
    for start in range(0, len(queries), chunk):
        block = queries[start:start + chunk]
        out[start:start + chunk] = np.abs(block[:, None, :] - pool[None, :, :]).sum(axis=2).min(axis=1)
    return out
