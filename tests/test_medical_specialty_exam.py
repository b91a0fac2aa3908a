"""An attending's reading of seed 73129 (issue 18): the specialty's core findings, dysmenorrhoea as a primary one,
and negatives that follow the complaint."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import synth


@pytest.fixture(scope="module")
def visits() -> pd.DataFrame:
    return synth.generate("medical", 30_000, seed=73129)


def _reason(frame: pd.DataFrame) -> pd.Series:
    return frame.diagnoses.map(lambda dx: dx[0]["code"])


def test_a_red_eye_has_both_eyes_acuity_pressure_cornea_and_pupil(visits):
    eyes = visits[_reason(visits) == "H10.3"]
    adults = eyes[eyes.age >= 14]
    assert len(adults) > 50 and len(eyes) > len(adults)
    assert adults.exam_findings.str.contains(r"视力：右眼[\d.]+，左眼[\d.]+").all()
    assert adults.exam_findings.str.contains(r"眼压：右眼\d+mmHg，左眼\d+mmHg").all()
    assert eyes.exam_findings.str.contains("双眼").all()
    assert eyes.exam_findings.str.contains("角膜透明").all() and eyes.exam_findings.str.contains("瞳孔等大等圆").all()
    # the complaint names the eye(s): 双眼 or 单眼
    assert eyes.chief_complaint.str.contains("双眼|单眼").all()
    # a child's red eye is 儿科's: no chart acuity or tonometry written
    assert not eyes[eyes.age < 14].exam_findings.str.contains("视力：|眼压：").any()


def test_a_gynaecological_visit_has_a_gynaecological_examination(visits):
    gyn = visits[visits.department == "妇科"]
    assert len(gyn) > 300 and gyn.exam_findings.str.contains("妇科检查：").all()
    assert gyn.exam_findings.str.contains("子宫").all()


def test_an_eczema_examination_names_the_complaints_site_and_the_stage(visits):
    from synth.domains.medical.eczema_sites import SITES, UNNAMED_SITE

    eczema = visits[_reason(visits) == "L30.9"]
    assert len(eczema) > 100 and not eczema.exam_findings.str.contains("{site}|皮损处", regex=True).any()
    for complaint, exam in zip(eczema.chief_complaint, eczema.exam_findings):
        named = [s for s in SITES if s in complaint] or [UNNAMED_SITE]
        assert any(s in exam for s in named), (complaint, exam)
    chronic = eczema[eczema.chief_complaint.str.contains("增厚|反复皮疹")]
    assert len(chronic) > 5 and chronic.exam_findings.str.contains("苔藓样变").all()


def test_an_abdominal_visit_states_tenderness(visits):
    gi = visits[_reason(visits).isin(["K29.5", "K21.9", "K27.9", "K76.0"])]
    assert len(gi) > 200 and gi.exam_findings.str.contains("压痛").all()


def test_dysmenorrhoea_began_in_adolescence_and_gets_an_nsaid_or_a_reason(visits):
    from synth.domains.medical.data import ONSET_MAX

    pain = visits[_reason(visits) == "N94.6"]
    years = pain.chief_complaint.str.extract(r"(\d+)年")[0].astype(float)
    months = pain.chief_complaint.str.contains(r"\d+月")
    assert len(pain) > 100 and ((pain.age - years)[years.notna()] <= ONSET_MAX["dysmenorrhoea"]).all()
    assert (pain.age[months] <= ONSET_MAX["dysmenorrhoea"]).all()
    assert pain.investigations.str.contains("妇科彩超").all()
    nsaid = pain.medications.map(lambda m: any(x["name"] == "布洛芬缓释胶囊" for x in m))
    assert nsaid.mean() > 0.8
    assert pain.note[~nsaid].str.contains(r"因.+，未予口服非甾体抗炎药").all()
    assert not pain.note[nsaid].str.contains("未予口服非甾体抗炎药").any()


def test_negatives_follow_the_complaint(visits):
    hpi = visits.present_illness
    assert hpi.str.contains("无其他特殊不适").mean() < 0.1      # 7 of 30 in the attending's reading
    upper = _reason(visits).isin(["J06.9", "J03.9", "J10.1"]) & ~hpi.str.contains("咳")
    assert upper.sum() > 500 and not hpi[upper].str.contains("痰中带血|咯血|无恶心、呕吐").any()
    cough = _reason(visits).isin(["J20.9", "J18.9"])
    assert not hpi[cough].str.contains("无恶心、呕吐").any()
    eyes = hpi[_reason(visits) == "H10.3"]
    assert eyes.str.contains("无视力下降|无眼痛、畏光及视力下降|无头痛、恶心").mean() > 0.7
    pressure = hpi[(_reason(visits) == "I10") & visits.chief_complaint.str.contains("头痛|头晕")]
    assert len(pressure) > 50 and pressure.str.contains("无肢体无力及言语不清").mean() > 0.15
    assert not pressure.str.contains("无恶心、呕吐").any()


def test_glucose_is_not_a_vital_sign_of_an_acute_visit(visits):
    vitals = visits.note.map(lambda n: re.search(r"检查结果：[^\n]*", n).group(0).split("。")[0])
    assert not vitals.str.contains("血糖").any()
    acute = _reason(visits).isin(["J06.9", "J10.1", "J03.9", "A09.9", "N39.0", "H10.3", "L30.9"])
    diabetic = visits.diagnoses.map(lambda dx: any(d["code"].startswith("E11") for d in dx))
    assert not visits.fasting_glucose[acute & ~diabetic].notna().any()


def test_a_ras_blocker_at_a_hypertension_visit_has_creatinine_and_potassium(visits):
    from synth.domains.medical.data import catalogue
    from synth.domains.medical.workups import RAS_BLOCKERS

    cat = catalogue()
    blockers = {name for name, kind in zip(cat.drug_name, cat.drug_class) if kind in RAS_BLOCKERS}
    pressure = visits[(_reason(visits) == "I10") & (visits.age >= 30)]
    on_ras = pressure.medications.map(lambda m: any(x["name"] in blockers for x in m))
    assert on_ras.sum() > 300
    assert pressure.investigations[on_ras].str.contains(r"肾功能：血肌酐\d+μmol/L；电解质：血钾[\d.]+mmol/L").all()
