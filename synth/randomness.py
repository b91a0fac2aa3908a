"""Counter-based randomness: every value is a pure function of (seed, domain, stream, record index).

Records are split into fixed-size blocks. Each (seed, domain, stream name, attempt) gets a 128-bit key from a
stable hash; each block of that stream gets its own Philox generator whose counter starts at the block index.
A block is always drawn whole, so record i gets the same numbers whether it is made alone, in a batch of any
size, or by any worker. Streams are named, so adding a field adds a stream and leaves the others untouched.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np

BLOCK_SIZE = 1024


@lru_cache(maxsize=4096)
def stream_key(seed: int, domain: str, stream: str, attempt: int = 0) -> tuple[int, int]:
    """A stable 128-bit key for a named stream (never Python's salted `hash()`)."""
    text = f"synth/v1\x1f{seed}\x1f{domain}\x1f{stream}\x1f{attempt}".encode("utf-8")
    digest = hashlib.blake2b(text, digest_size=16).digest()
    return int.from_bytes(digest[:8], "little"), int.from_bytes(digest[8:], "little")


def block_generator(key: tuple[int, int], block: int) -> np.random.Generator:
    """The generator for one block of one stream; the block index sits in its own counter word."""
    counter = np.array([0, 0, block, 0], dtype=np.uint64)
    return np.random.Generator(np.random.Philox(key=np.array(key, dtype=np.uint64), counter=counter))


class BlockRandom:
    """Random draws for the records of whole blocks [first_block, first_block + n_blocks) of one stream.

    Every call draws BLOCK_SIZE values (times the trailing shape) from each block's generator in turn, so the
    k-th call on a stream gives each record the same value however the records are batched. Per-record
    parameters (arrays whose first axis is the batch) are split block by block.
    """

    def __init__(self, key: tuple[int, int], first_block: int, n_blocks: int):
        self.size = n_blocks * BLOCK_SIZE
        self._generators = [block_generator(key, first_block + b) for b in range(n_blocks)]

    def _fill(self, method: str, trailing: tuple[int, ...]) -> np.ndarray:
        """A parameterless float draw written by each block's generator straight into its rows of one array: the
        same numbers as `_call`, without a part per block to allocate and concatenate (a per-record matrix of
        uniforms is megabytes)."""
        out = np.empty((self.size, *trailing))
        for b, generator in enumerate(self._generators):
            getattr(generator, method)(out=out[b * BLOCK_SIZE:(b + 1) * BLOCK_SIZE])
        return out

    def _call(self, method: str, trailing: tuple[int, ...], **params) -> np.ndarray:
        per_record = {k: v for k, v in params.items() if isinstance(v, np.ndarray) and v.ndim and len(v) == self.size}
        parts = []
        for b, generator in enumerate(self._generators):
            block_params = dict(params)
            for name, value in per_record.items():
                block_params[name] = value[b * BLOCK_SIZE:(b + 1) * BLOCK_SIZE]
            parts.append(getattr(generator, method)(size=(BLOCK_SIZE, *trailing), **block_params))
        return np.concatenate(parts) if len(parts) > 1 else parts[0]

    # The draws domains use. Everything else is built from these in `synth.distributions`.
    def random(self, *shape: int) -> np.ndarray:
        """Uniform floats in [0, 1), shape (size, *shape)."""
        return self._fill("random", shape)

    def standard_normal(self, *shape: int) -> np.ndarray:
        return self._fill("standard_normal", shape)

    def integers(self, low, high, *shape: int) -> np.ndarray:
        """Integers in [low, high); low and high may be per-record arrays."""
        return self._call("integers", shape, low=low, high=high)

    def poisson(self, lam) -> np.ndarray:
        return self._call("poisson", (), lam=lam)

    def beta(self, a, b) -> np.ndarray:
        return self._call("beta", (), a=a, b=b)

    def gamma(self, shape, scale=1.0) -> np.ndarray:
        return self._call("gamma", (), shape=shape, scale=scale)
