"""Causes an attending physician found reading 30 notes (issue 18, seed 61907): the work-up follows the patient's
sex and age, the plan follows the tests and the history, and the note's sections keep to their own content."""

from __future__ import annotations

import pandas as pd
import pytest

import synth
from synth.domains import medical


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return synth.generate("medical", 6000, seed=61907)


def _primary(frame: pd.DataFrame) -> pd.Series:
    return frame.diagnoses.map(lambda d: d[0]["code"])


def test_a_mans_urinary_infection_is_worked_up_as_complicated(records):
    """An adult man's UTI has its urine culture, a urinary ultrasound with the residual urine and a rectal exam of
    the prostate; a woman's uncomplicated cystitis none of them."""
    uti = records[_primary(records) == "N39.0"]
    men = uti[(uti.sex == "男") & (uti.age >= 18)]
    women = uti[(uti.sex == "女") & (uti.age >= 18)]
    assert len(men) > 5 and len(women) > 20
    assert men.investigations.str.contains("尿培养").all()
    assert men.investigations.str.contains("泌尿系彩超：.*残余尿").all()
    assert men.exam_findings.str.contains("直肠指检：前列腺").all()
    assert not women.investigations.str.contains("尿培养|泌尿系彩超").any()
    assert not women.exam_findings.str.contains("直肠指检").any()


def test_a_missing_male_culture_is_caught(records):
    uti = records[(_primary(records) == "N39.0") & (records.sex == "男") & (records.age >= 18)]
    broken = uti.head(3).copy()
    broken["investigations"] = broken.investigations.str.replace(r"；尿培养：已留取，结果待回报", "", regex=True)
    assert medical.verify(broken)["investigations_fit_diagnosis"] == 3


def test_a_discharge_is_examined_and_the_antibiotic_does_not_contradict_its_tests(records):
    """Every cervicitis has its wet mount (白带常规); its chlamydia/gonorrhoea tests are pending, never negative,
    beside the empirical doxycycline; a woman of 50 or more is scanned; the follow-up names no symptom the
    history does not state."""
    cervicitis = records[_primary(records) == "N72"]
    assert len(cervicitis) > 20
    assert cervicitis.investigations.str.contains("白带常规：").all()
    doxy = cervicitis[cervicitis.medications.map(lambda m: any("多西环素" in d["name"] for d in m))]
    assert len(doxy) > 5 and not doxy.investigations.str.contains("核酸检测：阴性").any()
    older = cervicitis[cervicitis.age >= 50]
    assert len(older) > 3 and older.investigations.str.contains("妇科彩超：绝经后子宫").all()
    plans = cervicitis.note.str.split("处理：").str[1]
    unsaid = ~(cervicitis.present_illness + cervicitis.chief_complaint).str.contains("同房后出血|接触性出血")
    assert not plans[unsaid].str.contains("同房后出血").any()


def test_a_cervicitis_without_its_wet_mount_is_caught(records):
    cervicitis = records[_primary(records) == "N72"].head(4).copy()
    cervicitis["investigations"] = cervicitis.investigations.str.replace(r"白带常规：[^；]*；?", "", regex=True)
    assert medical.verify(cervicitis)["investigations_fit_diagnosis"] == 4


def test_no_plan_orders_abstinence_from_a_habit_never_recorded(records):
    """No 戒酒 (nobody's history records a drinking habit to stop); a dyslipidaemia whose history says 饮酒较多 is
    told to limit alcohol; no man with prostatic disease gets 注意个人卫生 as his advice."""
    assert not records.note.str.contains("戒酒").any()
    lipids = records[records.present_illness.str.contains("饮酒较多")]
    assert len(lipids) > 3 and lipids.note.str.split("处理：").str[1].str.contains("限制饮酒").all()
    prostate = records[_primary(records).isin(["N40", "N41.1"])]
    assert len(prostate) > 10 and not prostate.note.str.contains("注意个人卫生").any()
    broken = records.head(2).copy()
    broken["note"] = broken.note + "忌辛辣刺激饮食，戒酒。"
    assert medical.verify(broken)["advice_presumes_no_habit"] == 2
