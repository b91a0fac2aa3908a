"""A template pool (domains/medical/text.py Pool) renders its derivations from one entry worked out once; each
derivation must still be Grammar.render of the symbol for the key, from the uniforms of the pool's definition
(blake2b of "medical", symbol, key and derivation number), with the C renderer and without it."""

from __future__ import annotations

import hashlib

import pytest

import synth
from synth import grammar as grammar_module
from synth.domains.medical import text


def defined_uniforms(symbol: str, key: tuple, j: int) -> list[float]:
    digest = hashlib.blake2b(f"medical\x1f{symbol}\x1f{key}\x1f{j}".encode("utf-8"), digest_size=16).digest()
    return [int.from_bytes(digest[:8], "little") / 2 ** 64, int.from_bytes(digest[8:], "little") / 2 ** 64]


@pytest.fixture(scope="module")
def pool_keys() -> list[tuple[str, tuple]]:
    """The (symbol, key) of every pool a small batch builds."""
    keys = []
    original = text.Pool.__init__

    def noting(self, g, symbol, key):
        keys.append((symbol, key))
        original(self, g, symbol, key)
    text.Pool.__init__ = noting
    try:
        text.pool.cache_clear()
        text._POOLS_BY_CODE.clear()
        synth.generate("medical", 1500, seed=41)
    finally:
        text.Pool.__init__ = original
    return keys


@pytest.mark.parametrize("with_c", [True, False])
def test_a_pool_is_one_render_per_derivation(monkeypatch, pool_keys, with_c):
    if not with_c:
        monkeypatch.setattr(grammar_module, "_crender", None)
    assert len({symbol for symbol, _ in pool_keys}) > 10
    g = text.grammar()
    differ = 0
    for symbol, key in pool_keys[::3]:
        env = dict(text.PLACEHOLDERS)
        env.update(key)
        want = [g.render(symbol, env, grammar_module.uniform_source(defined_uniforms(symbol, key, j))).text
                for j in range(text.POOL_SIZE)]
        p = text.Pool(g, symbol, key)
        assert p.templates == want, (symbol, key)
        assert p.chunks == [text.negated_chunks(t) for t in want]
        assert p.holes == ["{" in t for t in want]
        differ += len(set(want)) > 1
    assert differ > 10      # pools whose derivations differ, so the uniforms are really read
