"""synth/_scan.c's int_rows against its Python twin (domains/medical/ragged.py), and the prescription tables built
on it (model.drug_table, model.flattened) against their definitions."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from synth import speedups
from synth.domains.medical import model, ragged

scan = speedups.load("_scan")


def random_rows(rng: random.Random, count: int) -> list:
    """Tuples and lists of 0-6 ints, empty rows among them, values from negative to beyond 32 bits."""
    values = [0, 1, -1, 7, 299, 2**31, -(2**40), 2**63 - 1, -(2**63)]
    rows = []
    for _ in range(count):
        row = [rng.choice(values) if rng.random() < 0.2 else rng.randrange(400) for _ in range(rng.randint(0, 6))]
        rows.append(tuple(row) if rng.random() < 0.8 else row)
    return rows


def as_column(rows: list) -> np.ndarray:
    column = np.empty(len(rows), dtype=object)
    column[:] = rows
    return column


def test_int_rows_is_fromiter_of_lengths_and_items():
    if scan is None:        # SYNTH_PURE_PYTHON or no compiler: ragged_python serves alone
        assert ragged._cscan is None
        return
    rng = random.Random(18)
    for trial in range(50):
        rows = random_rows(rng, rng.randint(0, 300))
        lengths, flat = scan.int_rows(rows)
        assert np.frombuffer(lengths, dtype=np.int64).tolist() == [len(r) for r in rows]
        assert np.frombuffer(flat, dtype=np.int64).tolist() == list(itertools.chain.from_iterable(rows))


def test_int_rows_declines_what_fromiter_would_read_otherwise():
    if scan is None:
        assert ragged._cscan is None
        return
    for rows in ([(1, 2), (3, "4")], [(1,), 5], [(2**63,)], [(-(2**63) - 1,)], [(True,)], [(np.int64(3),)],
                 [(1.0,)], [("ab",)]):
        assert scan.int_rows(rows) is None, rows
    with pytest.raises(TypeError):
        scan.int_rows(((1, 2),))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_ragged_is_its_python_twin_for_lists_and_object_columns(seed):
    rng = random.Random(seed)
    rows = random_rows(rng, 500)
    want = ragged.ragged_python(rows)
    for given in (rows, as_column(rows), rows[:0], as_column([(np.int64(4), 5), ()])):
        got, expected = ragged.ragged(given), ragged.ragged_python(given)
        for a, b in zip(got, expected):
            assert a.dtype == b.dtype == np.int64 and a.tolist() == b.tolist()
    lengths, flat = ragged.ragged(as_column(rows))
    assert lengths.tolist() == want[0].tolist() and flat.tolist() == want[1].tolist()
    flat[:1] = 5        # writable, as fromiter's arrays are (callers may change them)


def test_drug_table_and_flattened_follow_the_rows():
    rng = random.Random(7)
    rows = [tuple(rng.randrange(300) for _ in range(rng.randint(0, 5))) for _ in range(400)] + [()]
    column = as_column(rows)
    table = model.drug_table(column)
    assert table.shape == (len(rows), max(map(len, rows)))
    for row, line in zip(rows, table.tolist()):
        assert line == list(row) + [-1] * (table.shape[1] - len(row))
    at, flat = model.flattened(column)
    assert list(zip(at.tolist(), flat.tolist())) == [(i, d) for i, row in enumerate(rows) for d in row]
    assert model.drug_table(as_column([(), ()])).tolist() == [[-1], [-1]]
