"""Influenza as a visit reason (issue 18): in its season, tested positive, treated with oseltamivir by weight."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import synth
from synth.domains import medical
from synth.domains.medical.doses import banded_dose

FLU = "J10.1"


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return synth.generate("medical", 12_000, seed=1810)


def _is_flu(records):
    return records.diagnoses.map(lambda d: d[0]["code"] == FLU)


def test_influenza_is_seen_in_its_season(records):
    flu, month = _is_flu(records), records.visit_date.str[5:7].astype(int)
    season = month.isin([11, 12, 1, 2, 3])
    per_month_in = flu[season].sum() / season.sum()
    per_month_out = flu[~season].sum() / (~season).sum()
    assert flu.sum() > 150 and per_month_in > 3 * per_month_out > 0


def test_a_positive_antigen_test_only_with_influenza(records):
    positive = records.investigations.str.contains("流感病毒抗原阳性")
    flu = _is_flu(records)
    assert (positive == flu).all()
    tested_other = records.investigations.str.contains("流感病毒抗原检测") & ~flu
    assert tested_other.sum() > 20        # colds in the season are tested, negative
    broken = records[tested_other].head(3).copy()
    broken["investigations"] = broken.investigations.str.replace("（甲型/乙型）：阴性", "（甲型/乙型）：甲型流感病毒抗原阳性")
    assert medical.verify(broken)["flu_antigen_fits_diagnosis"] == 3


def test_oseltamivir_only_for_influenza_by_weight_band(records):
    flu = _is_flu(records)
    on = records.medications.map(lambda meds: any("奥司他韦" in m["name"] for m in meds))
    assert (on == flu).all()
    for meds, age, weight in zip(records.medications[flu], records.age[flu], records.weight_kg[flu]):
        line = next(m for m in meds if "奥司他韦" in m["name"])
        assert line["frequency"] == "每日两次，疗程5天"     # the label's 5-day course (an attending)
        expected = 75.0 if age >= 14 else banded_dose("磷酸奥司他韦颗粒", weight, 75.0)
        assert float(line["dose"].split("mg")[0]) == expected
    children = records[flu & (records.age < 14)]
    doses = {m["dose"] for meds in children.medications for m in meds if "奥司他韦" in m["name"]}
    assert {"30mg（2袋）", "45mg（3袋）", "60mg（4袋）"} <= doses


def test_a_wrong_weight_band_is_caught(records):
    children = records[_is_flu(records) & (records.age < 14) & (records.weight_kg > 24) & (records.weight_kg < 39)]
    broken = children.head(3).copy()
    assert len(broken) == 3
    broken["medications"] = broken.medications.map(
        lambda meds: [{**m, "dose": "30mg（2袋）"} if "奥司他韦" in m["name"] else m for m in meds])
    assert medical.verify(broken)["child_doses_are_measurable"] == 3


def test_a_feverish_influenza_gets_an_antipyretic_and_its_department(records):
    flu = records[_is_flu(records)]
    febrile = flu[flu.temperature >= 38.5]
    relieved = febrile.medications.map(lambda meds: any(n in m["name"] for m in meds for n in ("布洛芬", "对乙酰氨基酚")))
    assert len(febrile) > 50 and relieved.all()
    assert set(flu.department) <= {"普通内科", "儿科", "呼吸内科"}
    assert (flu.age >= 1).all()
