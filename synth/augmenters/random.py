"""Randomness for one variant: a pure function of (seed, source row, variant, attempt).

The same counter-based idea as `synth.randomness`: a 128-bit key from the seed (`stream_key(seed, "augment",
"variants")`), and the source row, variant and attempt numbers as the counter. Values come from keyed BLAKE2b
in counter mode (64 bytes = 8 draws per call), which is fixed by its specification, so the same seed gives the
same variants on any machine and Python version, however the rows are batched or split across workers.
Every draw is done here (`random`, `below`, `choice`, `sample`, `shuffle`); nothing uses `random` or NumPy's
global state, whose algorithms for choice and shuffle are allowed to change between versions.
"""

from __future__ import annotations

import struct
from hashlib import blake2b

from ..randomness import stream_key

_UNPACK = struct.Struct("<8Q").unpack
_SCALE = 2.0 ** -53


def variant_key(seed: int) -> bytes:
    high, low = stream_key(int(seed), "augment", "variants")
    return struct.pack("<QQ", high, low)


class VariantRandom:
    __slots__ = ("_prefix", "_key", "_block", "_values")

    def __init__(self, key: bytes, source: int, variant: int, attempt: int = 0):
        self._key = key
        self._prefix = struct.pack("<QII", source, variant, attempt)
        self._block = 0
        self._values: list[float] = []

    def random(self) -> float:
        """A float in [0, 1) with 53 random bits."""
        if not self._values:
            digest = blake2b(self._prefix + self._block.to_bytes(4, "little"), key=self._key, digest_size=64).digest()
            self._block += 1
            self._values = [(v >> 11) * _SCALE for v in reversed(_UNPACK(digest))]
        return self._values.pop()

    def below(self, n: int) -> int:
        """An integer in [0, n)."""
        return min(int(self.random() * n), n - 1)

    def choice(self, items):
        return items[self.below(len(items))]

    def chance(self, p: float) -> bool:
        return self.random() < p

    def shuffle(self, items: list) -> list:
        """Fisher-Yates in place; returns the list."""
        for i in range(len(items) - 1, 0, -1):
            j = self.below(i + 1)
            items[i], items[j] = items[j], items[i]
        return items

    def sample(self, items, k: int) -> list:
        """k distinct items in random order (a partial Fisher-Yates on a copy)."""
        pool = list(items)
        k = min(k, len(pool))
        for i in range(k):
            j = i + self.below(len(pool) - i)
            pool[i], pool[j] = pool[j], pool[i]
        return pool[:k]
