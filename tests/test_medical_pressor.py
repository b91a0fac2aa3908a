"""No pressor cold remedy beside a raised pressure measured at the visit (issue 18, pressor.py)."""

from __future__ import annotations

import pandas as pd
import pytest

import synth
from synth.domains import medical
from synth.domains.medical.pressor import PRESSOR_DRUGS


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return synth.generate("medical", 10_000, seed=2718)


def _names(meds):
    return {m["name"] for m in meds}


def test_no_pseudoephedrine_beside_a_raised_pressure(records):
    # a reader met 酚麻美敏 (pseudoephedrine) in notes whose examination flagged 142/90 and 156/76
    raised = (records.sbp >= 140) | (records.dbp >= 90)
    pressor = records.medications.map(lambda meds: bool(_names(meds) & set(PRESSOR_DRUGS)))
    cold = records.diagnoses.map(lambda d: d[0]["code"] == "J06.9")
    assert not (raised & pressor).any()
    assert (cold & ~raised & pressor).sum() >= 20          # still given where the pressure is normal
    replaced = records[cold & raised].medications.map(lambda meds: "复方氨酚烷胺片" in _names(meds))
    assert replaced.sum() >= 5
    # the plan names what the prescription holds
    for _, r in records[cold & raised].head(30).iterrows():
        plan = r.note[r.note.rfind("处理："):]
        assert all(m["name"] in plan for m in r.medications) and "酚麻美敏" not in plan
    # the old generator's choice breaks the rule
    broken = records[cold & raised & records.medications.map(lambda m: "复方氨酚烷胺片" in _names(m))].head(3).copy()
    broken["medications"] = broken.medications.map(lambda meds: [
        {**m, "name": "酚麻美敏片", "frequency": "每日三次"} if m["name"] == "复方氨酚烷胺片" else m for m in meds])
    assert medical.verify(broken)["no_contraindicated_drug"] == 3
