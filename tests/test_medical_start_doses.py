"""Start doses and the kidney function a renally cleared drug is begun on (issue 18, start_doses.py)."""

from __future__ import annotations

import pandas as pd
import pytest

import synth
from synth.domains import medical
from synth.domains.medical.start_doses import creatinine_at_most, egfr


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return synth.generate("medical", 12_000, seed=4242)


def _line(meds, name):
    return next((m for m in meds if m["name"] == name), None)


def _begun(records, name, history):
    on = records.medications.map(lambda meds: _line(meds, name) is not None)
    taken = (records.past_history + records.present_illness).str.contains(history)
    return records[on & ~taken & (records.age >= 14)], records[on & taken]


def test_egfr_follows_ckd_epi():
    # CKD-EPI 2009: a 50-year-old man at 1.0 mg/dl (88.4 μmol/L) is 87; a 70-year-old woman at 0.7 mg/dl is 88
    assert egfr([88.4], [50], [0])[0] == 87 and egfr([61.88], [70], [1])[0] == 88
    for age, female in ((40, 0), (89, 1), (75, 0)):
        top = creatinine_at_most(60, [age], [female])[0]
        assert egfr([top], [age], [female])[0] >= 60 > egfr([top + 3], [age], [female])[0]


def test_started_drugs_take_start_doses_beside_the_kidney_function(records):
    # a reader met allopurinol 100mg twice a day begun at 89 and metformin 1.5 g a day, neither with an eGFR
    for name, history, maintenance in (("别嘌醇片", "别嘌醇", ("100mg", "每日两次")),
                                       ("盐酸二甲双胍片", "二甲双胍", ("0.5g", "每日三次"))):
        begun, taken = _begun(records, name, history)
        assert len(begun) >= 5 and len(taken) >= 5, name
        lines = begun.medications.map(lambda meds: (_line(meds, name)["dose"], _line(meds, name)["frequency"]))
        assert not (lines == maintenance).any()
        assert begun.investigations.str.contains("eGFR").all()
        kept = taken.medications.map(lambda meds: (_line(meds, name)["dose"], _line(meds, name)["frequency"]))
        assert (kept == maintenance).all()
        # the maintenance line on a drug begun today (the old generator) breaks the rule
        broken = begun.head(3).copy()
        broken["medications"] = broken.medications.map(lambda meds: [
            {**m, "dose": maintenance[0], "frequency": maintenance[1]} if m["name"] == name else m for m in meds])
        assert medical.verify(broken)["start_doses_on_kidney_function"] == 3
        broken = begun.head(3).copy()
        broken["investigations"] = broken.investigations.str.replace(r"；?肾功能：血肌酐[^；]*", "", regex=True)
        assert medical.verify(broken)["start_doses_on_kidney_function"] == 3


def test_allopurinol_starts_lower_below_egfr_60(records):
    begun, _ = _begun(records, "别嘌醇片", "别嘌醇")
    rate = begun.investigations.str.extract(r"eGFR (\d+)")[0].astype(int)
    dose = begun.medications.map(lambda meds: _line(meds, "别嘌醇片")["dose"])
    assert ((rate < 60) == (dose == "50mg")).all() and (dose == "100mg").any()


def test_metoclopramide_is_reduced_from_65(records):
    on = records.medications.map(lambda meds: _line(meds, "盐酸甲氧氯普胺片") is not None)
    dose = records[on].medications.map(lambda meds: _line(meds, "盐酸甲氧氯普胺片")["dose"])
    old = records[on].age >= 65
    assert old.sum() >= 3 and (dose[old] == "5mg").all() and (dose[~old] == "10mg").all()
    broken = records[on][old].head(2).copy()
    broken["medications"] = broken.medications.map(lambda meds: [
        {**m, "dose": "10mg"} if m["name"] == "盐酸甲氧氯普胺片" else m for m in meds])
    assert medical.verify(broken)["doses_fit_age"] == 2
