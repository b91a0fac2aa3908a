"""When influenza is seen: its share of acute visits follows the month of the visit.

流行性感冒诊疗方案（2020年版）and the Chinese National Influenza Center's weekly surveillance reports: the northern
provinces have one winter-spring peak (December to February, the season counted November to March); the southern
ones add a smaller summer peak (June to August). The records carry no region, so the weights below mix the two:
a winter peak (January highest) and a small summer rise over a low spring and autumn. The shape is read off the
surveillance curves of influenza-positive specimens, not measured here: an estimate, noted in the lexicon's
README. The mean weight over the year is about 1, so prevalence.tsv's influenza rows are yearly shares.
"""

from __future__ import annotations

import numpy as np

INFLUENZA = "influenza"
# weight of influenza's visit share by month, January first
MONTH_WEIGHTS = np.array([2.6, 1.8, 1.2, 0.4, 0.2, 0.4, 0.5, 0.4, 0.2, 0.3, 1.2, 2.2])


def with_influenza(cat, primary: np.ndarray, shares: np.ndarray, months: np.ndarray, u: np.ndarray,
                   codes: np.ndarray | None = None) -> np.ndarray:
    """The acute visits' reasons with influenza drawn in by its seasonal share: `primary` was drawn from `shares`
    (records × conditions) with influenza's column left out, so the other reasons keep their draws; a record
    becomes influenza with probability weighted share / (weighted share + the rest), which is the same mixture
    as one draw over all reasons. u: one uniform per record. With `codes`, record i's shares are the row codes[i]
    (shares: one row per distinct weighting)."""
    if INFLUENZA not in cat.index:
        return primary
    c = cat.index[INFLUENZA]
    if codes is None:
        codes = np.arange(len(shares))
    flu = shares[codes, c] * MONTH_WEIGHTS[np.asarray(months, dtype=np.int64) - 1]
    rest = (shares.sum(axis=1) - shares[:, c])[codes]
    return np.where(u * (flu + rest) < flu, c, primary)


def without_influenza(cat, shares: np.ndarray) -> np.ndarray:
    """`shares` with influenza's column zeroed (drawn separately by with_influenza)."""
    if INFLUENZA not in cat.index:
        return shares
    out = shares.copy()
    out[:, cat.index[INFLUENZA]] = 0.0
    return out
