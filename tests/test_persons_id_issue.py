"""ID numbers read like issued ones: the order code spreads over 000-999 (a registration clerk's reading, s16)."""

from __future__ import annotations

import numpy as np
import pytest

import synth


@pytest.fixture(scope="module")
def people():
    return synth.generate("persons", 4000, seed=73130)


def test_order_codes_spread_over_all_hundreds(people):
    # drawn from 0-99 every order code began with 0; real ones run 000-999
    hundreds = people.id_number.str[14].value_counts(normalize=True)
    assert len(hundreds) == 10 and hundreds.min() > 0.07, hundreds.to_dict()
    sex_digit = people.id_number.str[16].astype(int) % 2
    assert ((sex_digit == 1) == (people.sex == "男")).all()
