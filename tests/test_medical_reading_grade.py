"""An attending's second reading (issue 18, seed 70211): a plan's 1级高血压 beside 最高152/104mmHg in the present
illness contradicts the note itself; the grade follows the highest reading the note tells."""

from __future__ import annotations

import re

import pytest

import synth
from synth.domains.medical.adult_hypertension import grade_of

READING = re.compile(r"(\d{2,3})/(\d{2,3})mmHg")
PLAN_GRADE = re.compile(r"([123])级高血压")


@pytest.fixture(scope="module")
def visits():
    return synth.generate("medical", 8000, seed=70213)


def test_the_plans_grade_is_the_highest_reading_the_note_tells(visits):
    graded = 0
    for illness, note in zip(visits.present_illness, visits.note):
        said = PLAN_GRADE.search(note.rpartition("处理：")[2])
        readings = READING.findall(illness)
        if not said or not readings:
            continue
        graded += 1
        highest = max(int(grade_of(int(s), int(d))) for s, d in readings)
        assert highest <= int(said.group(1)), (illness, said.group(0))
    assert graded > 50


def test_the_rule_judges_readings_above_the_grade(visits):
    from synth.domains.medical.rules import verify

    frame = visits[visits.present_illness.str.contains("mmHg")].copy()
    assert verify(frame)["first_reading_grade_fits_readings"] == 0
    first = frame.index[frame.note.str.contains("1级高血压") & frame.present_illness.str.contains(r"最高1[45]\d/")]
    assert len(first) > 0
    frame.loc[first[0], "present_illness"] = re.sub(r"最高\d+/\d+mmHg", "最高172/96mmHg",
                                                   frame.loc[first[0], "present_illness"])
    assert verify(frame)["first_reading_grade_fits_readings"] == 1
