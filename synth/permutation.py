"""A keyed pseudorandom permutation of [0, n), evaluated pointwise and vectorised.

Exact quotas ("exactly 500 positive and 500 negative") need a shuffle of the whole dataset that any record can
look up alone, so random access and worker independence survive. A balanced Feistel network over the next
power of two, with cycle walking back into [0, n), gives a bijection whose value at i costs O(rounds).
"""

from __future__ import annotations

import numpy as np

_ROUNDS = 6
_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def _mix(x: np.ndarray, round_key: np.uint64) -> np.ndarray:
    """SplitMix64 finaliser of x ^ key: a fast, well-spread round function."""
    with np.errstate(over="ignore"):
        z = (x ^ round_key) + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def _feistel(x: np.ndarray, half_bits: int, round_keys: list[np.uint64]) -> np.ndarray:
    half_mask = np.uint64((1 << half_bits) - 1)
    left, right = x >> np.uint64(half_bits), x & half_mask
    for key in round_keys:
        left, right = right, left ^ (_mix(right, key) & half_mask)
    return (left << np.uint64(half_bits)) | right


def permute(index: np.ndarray, n: int, key: tuple[int, int]) -> np.ndarray:
    """The image of each index in [0, n) under the permutation keyed by `key`."""
    index = np.asarray(index, dtype=np.uint64)
    if n <= 1:
        return index.copy()
    half_bits = max(1, ((n - 1).bit_length() + 1) // 2)
    round_keys = [np.uint64((key[r % 2] * (r + 1) + r * 0x632BE59BD9B4E019) & 0xFFFFFFFFFFFFFFFF) for r in range(_ROUNDS)]
    out = _feistel(index, half_bits, round_keys)
    # Cycle walking: the domain is at most 4n, so few values need more than a couple of passes.
    outside = out >= np.uint64(n)
    while outside.any():
        out[outside] = _feistel(out[outside], half_bits, round_keys)
        outside = out >= np.uint64(n)
    return out
