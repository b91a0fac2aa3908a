"""An attending's second reading (issue 18, seed 70211): a headache, dizziness, numbness or radiating pain is
examined neurologically, an old stroke's deficit is stated rather than denied, and a disc herniation's examination
tests the straight-leg raise."""

from __future__ import annotations

import pandas as pd
import pytest

import synth
from synth.domains.medical.data import catalogue

NEUROLOGICAL_COMPLAINT = r"头痛|头胀|头晕|麻木|放射痛"


@pytest.fixture(scope="module")
def visits() -> pd.DataFrame:
    return synth.generate("medical", 6000, seed=70212)


def _neuro_lines() -> list[str]:
    """Every examination line of the nervous system (exam_findings.tsv rows whose systems name neuro)."""
    cat = catalogue()
    lines = [text for text, systems in zip(cat.finding_text, cat.finding_systems) if "neuro" in systems]
    return lines + [cat.normal_findings["neuro"]]


def test_a_neurological_complaint_gets_a_neurological_examination(visits):
    lines = _neuro_lines()
    asked = visits[visits.chief_complaint.str.contains(NEUROLOGICAL_COMPLAINT)]
    assert len(asked) > 200 and asked.department.nunique() >= 4
    examined = asked.exam_findings.map(lambda exam: any(line in exam for line in lines))
    assert examined.all(), asked.exam_findings[~examined].head(3).tolist()


def test_an_old_stroke_is_never_examined_as_neurologically_normal(visits):
    stroke = visits[visits.past_history.str.contains("脑梗死，遗留肢体活动不利")]
    assert len(stroke) > 20
    assert not stroke.exam_findings.str.contains("神经系统查体未见").any()
    asked = stroke[stroke.chief_complaint.str.contains(NEUROLOGICAL_COMPLAINT)]
    assert len(asked) >= 3
    # the history's 遗留肢体活动不利 is the limb's deficit: the examination states a limb finding
    assert asked.exam_findings.str.contains("患侧").all()


def test_a_disc_herniation_tests_the_straight_leg_raise(visits):
    discs = visits[visits.diagnoses.map(lambda dx: dx[0]["code"]).str.startswith("M51")]
    assert len(discs) > 10
    assert discs.exam_findings.str.contains("直腿抬高试验").all()
