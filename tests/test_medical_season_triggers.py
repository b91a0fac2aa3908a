"""An attending's second reading (issue 18 #4, #6): 气温骤降后 on a visit in late June. Cold-weather triggers fit
the visit's season: none in June-August, and they still occur in the rest of the year."""

from __future__ import annotations

import pytest

import synth

COLD_SPELL = r"气温骤降后|天气转凉后|受寒冷刺激后"


@pytest.fixture(scope="module")
def visits():
    return synth.generate("medical", 20_000, seed=70214)


def test_no_cold_spell_sets_an_illness_off_in_summer(visits):
    month = visits.visit_date.astype(str).str[5:7].astype(int)
    cold = visits.present_illness.str.contains(COLD_SPELL)
    summer = month.isin([6, 7, 8])
    assert summer.sum() > 2000
    assert not cold[summer].any(), visits.present_illness[cold & summer].head(3).tolist()
    assert cold[~summer].sum() > 30
