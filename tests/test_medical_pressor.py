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


def test_advice_fits_build_and_age(records):
    # a reader met 控制体重 at BMI 22.3 and 每周中等强度运动150分钟 for an 87-year-old
    plans = records.note.map(lambda n: n[n.rfind("处理："):])
    adult = records.age >= 14
    lean, old = adult & (records.bmi < 24), records.age >= 80
    assert not plans[lean].str.contains("控制体重|减轻体重").any()
    assert not plans[old].str.contains("150分钟").any()
    assert plans[adult & (records.bmi >= 24)].str.contains("控制体重").sum() >= 5
    assert plans[old].str.contains("量力").sum() >= 1
    broken = records[lean & plans.str.contains("处理：")].head(2).copy()
    broken["note"] = broken.note + "控制体重。"
    assert medical.verify(broken)["advice_fits_age"] == 2
    broken = records[old].head(2).copy()
    broken["note"] = broken.note + "每周中等强度运动150分钟以上。"
    assert medical.verify(broken)["advice_fits_age"] == 2
