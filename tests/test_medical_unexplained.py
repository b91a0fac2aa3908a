"""A diagnosis is never pinned on complaints it does not cause (issue 18, med15 #3: three months of 乏力 with
食欲减退 at 67 put down to fatty liver): the symptom table claims only what a condition causes, and months of fatigue
with poor appetite from 50 are worked up whatever the diagnosis (complaint_workups.py)."""

from __future__ import annotations

import pandas as pd
import pytest

import synth
from synth.domains import medical
from synth.domains.medical.complaint_workups import due, worked_up


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return synth.generate("medical", 4_000, seed=27183)


def test_fatty_liver_is_found_not_felt_as_fatigue(records):
    fatty = records[records.diagnoses.map(lambda d: d[0]["code"]) == "K76.0"]
    assert len(fatty) > 30
    told = fatty.chief_complaint + fatty.present_illness
    assert not told.str.contains("乏力").any()
    assert fatty.chief_complaint.str.contains("发现|右上腹").all()


def test_months_of_fatigue_with_poor_appetite_are_worked_up():
    hpi = "患者近3月来出现乏力，伴食欲减退，无皮肤黄染。"
    rows = due("fatty_liver", 67, "乏力3月", hpi)
    assert [row[0] for row, _ in rows] == ["fatigue_anorexia"]
    assert not worked_up("fatty_liver", 67, "乏力3月", hpi, "肝功能：ALT 47U/L", "多烯磷脂酰胆碱胶囊")
    assert worked_up("fatty_liver", 67, "乏力3月", hpi, "血常规：血红蛋白132g/L", "")
    # an anaemia's own blood count answers it; a young adult's or a short one is not a wasting work-up
    assert not due("ida", 67, "乏力3月", hpi) and not due("fatty_liver", 35, "乏力3月", hpi)
    assert not due("fatty_liver", 67, "乏力2周", hpi)


def test_rule_flags_unexplained_fatigue(records):
    fatty = records[(records.diagnoses.map(lambda d: d[0]["code"]) == "K76.0") & (records.age >= 50)
                    & ~records.investigations.str.contains("血常规")]
    broken = fatty.iloc[:2].reset_index(drop=True)
    assert medical.verify(broken)["complaint_worked_up"] == 0
    broken["chief_complaint"] = "乏力3月"
    broken["present_illness"] = "患者近3月来出现乏力，伴食欲减退，无皮肤黄染。" + broken.present_illness
    assert medical.verify(broken)["complaint_worked_up"] == 2


def test_a_past_anaemia_is_past_history_not_a_diagnosis(records):
    # an iron-deficiency anaemia once treated (曾口服铁剂) and not on iron now is told in the past history and not
    # listed as this visit's diagnosis, which neither checks nor treats it (med15 #10 #22); one on iron stays listed
    codes = records.diagnoses.map(lambda d: [x["code"] for x in d])
    past = records.past_history.str.contains(r"缺铁性贫血[^。]*曾")
    assert past.sum() > 10
    assert not codes[past & (codes.str[0] != "D50.9")].map(lambda c: "D50.9" in c).any()
    on_iron = records.past_history.str.contains(r"缺铁性贫血[^。]*目前口服")
    assert codes[on_iron].map(lambda c: "D50.9" in c).all()


def test_poor_control_is_said_above_the_age_target(records):
    # 血压控制欠佳 is said of a reading above the treated target: below 140/90, from 65 first below 150/90
    # (中国高血压防治指南 2018); an attending met it at 140/82 in a febrile 68-year-old (med15 #7)
    said = records.note.str.extract(r"血压控制欠佳（(\d+)/(\d+)mmHg").astype(float)
    said["age"] = records.age
    said = said.dropna()
    assert len(said) > 30 and (said.age >= 65).sum() > 10
    target = said.age.map(lambda a: 150 if a >= 65 else 140)
    assert ((said[0] >= target) | (said[1] >= 90)).all()
