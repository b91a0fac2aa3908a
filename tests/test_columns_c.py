"""synth/_columns.c's distinct_codes against its Python twin (the medical rules' _compute_distinct)."""

from __future__ import annotations

import random

import numpy as np
import pytest

import synth
from synth import grammar, speedups
from synth.domains.medical import checks

columns_c = speedups.load("_columns")


def python_distinct(values: list) -> tuple[list[int], list]:
    index: dict = {}
    codes = [index.setdefault(v, len(index)) for v in values]
    return codes, list(index)


def test_the_module_is_built_where_the_renderer_is():
    assert (columns_c is None) == (grammar._crender is None)


def test_distinct_codes_is_setdefault_per_value():
    rng = random.Random(18)
    nan = float("nan")
    pool = ["", "发热", "发热伴", "\U0001F600热", "ab", 3, 3.0, True, None, nan, float("nan"), ("a", 1)]
    for trial in range(300):
        values = [rng.choice(pool) for _ in range(rng.randint(0, 40))]
        codes, distinct = columns_c.distinct_codes(values)
        want_codes, want_distinct = python_distinct(values)
        assert np.frombuffer(codes, dtype=np.int64).tolist() == want_codes
        assert len(distinct) == len(want_distinct) and all(a is b for a, b in zip(distinct, want_distinct))
    with pytest.raises(TypeError):
        columns_c.distinct_codes([["unhashable"]])
    with pytest.raises(TypeError):
        columns_c.distinct_codes(("not", "a", "list"))


def test_the_rules_distinct_texts_are_the_same_with_and_without_c(monkeypatch):
    frame = synth.generate("medical", 3000, seed=41)
    for name in ("investigations", "chief_complaint", "exam_findings", "department"):
        texts = frame[name].tolist()
        codes, distinct = checks._compute_distinct(texts)
        assert 10 < len(distinct) < len(texts) or name == "department"
        assert [distinct[k] for k in codes.tolist()] == texts
        monkeypatch.setattr(checks, "_ccolumns", None)
        py_codes, py_distinct = checks._compute_distinct(texts)
        monkeypatch.undo()
        assert np.array_equal(codes, py_codes) and distinct == py_distinct
