"""Contact with the sick, as the notes tell it (issue 18, med15 #17 #13): an onset told as contact is never beside a
past history denying contact, and a contagious illness's plan isolates the patient."""

from __future__ import annotations

import pandas as pd
import pytest

import synth
from synth.domains import medical

CONTACT = "与感冒者接触|家人感冒后|同事感冒后|同学感冒后|家人腹泻后|接触同类患儿|类似病例"


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return synth.generate("medical", 4_000, seed=27183)


def test_contact_told_is_never_denied(records):
    told = records[records.present_illness.str.contains(CONTACT)]
    assert len(told) > 40
    # the other denials (否认肝炎、结核等传染病史) are still said beside a contact
    assert told.past_history.str.contains("传染病史").any()
    assert not told.past_history.str.contains("传染病接触史").any()
    # without a contact the denial of contact is still one of the phrases
    assert records.past_history[~records.index.isin(told.index)].str.contains("否认传染病接触史").any()


def test_rule_flags_a_denied_contact(records):
    told = records[records.present_illness.str.contains(CONTACT)]
    assert medical.verify(told.reset_index(drop=True))["contact_not_denied"] == 0
    broken = told.iloc[:3].reset_index(drop=True)
    broken["past_history"] = broken.past_history + "否认传染病接触史。"
    assert medical.verify(broken)["contact_not_denied"] == 3


def test_contagious_illness_is_isolated(records):
    first = records.diagnoses.map(lambda d: d[0]["code"])
    mouth = records[first.isin(["B08.4", "B08.5"])]
    assert len(mouth) > 20
    assert mouth.note.str.split("处理：").str[1].str.contains("隔离").all()
    flu = records[(first == "J10.1") & (records.age >= 18)]
    assert len(flu) > 10
    assert flu.note.str.split("处理：").str[1].str.contains("居家").all()
