"""Ragged rows of integers (a column of drug tuples) as two int64 arrays: each row's length, and the items end to
end. The prescriptions are read this way several times a batch (model.drug_table, model.flattened); with
synth/_scan.c built the two arrays are written in one pass in C (_scan.int_rows), else by numpy.fromiter, the
definition (tests compare the two)."""

from __future__ import annotations

import itertools

import numpy as np

from synth import speedups

_cscan = speedups.load("_scan")


def ragged_python(rows) -> tuple[np.ndarray, np.ndarray]:
    """(lengths, flat) of `rows` through numpy.fromiter."""
    lengths = np.fromiter(map(len, rows), dtype=np.int64, count=len(rows))
    flat = np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int64, count=int(lengths.sum()))
    return lengths, flat


def ragged(rows) -> tuple[np.ndarray, np.ndarray]:
    """Per row its length, and every row's items end to end, both int64 (`rows`: a list or an object array of
    tuples or lists of ints)."""
    if _cscan is not None:
        listed = rows.tolist() if isinstance(rows, np.ndarray) and rows.ndim == 1 else rows
        if isinstance(listed, list):
            found = _cscan.int_rows(listed)
            if found is not None:
                return np.frombuffer(found[0], dtype=np.int64), np.frombuffer(found[1], dtype=np.int64)
    return ragged_python(rows)
