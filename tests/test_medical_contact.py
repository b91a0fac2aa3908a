"""Contact with the sick, as the notes tell it (issue 18, med15 #17 #13): an onset told as contact is never beside a
past history denying contact, and a contagious illness's plan isolates the patient."""

from __future__ import annotations

import pandas as pd
import pytest

import synth
from synth.domains import medical
from synth.domains.medical import contact, text

CONTACT = "与感冒者接触|家人感冒后|感冒的同事|同学感冒后|家人腹泻后|接触同类患儿|类似病例"


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


@pytest.mark.parametrize("with_c", [True, False])
def test_contact_stated_is_any_contact_word_in_the_text(records, monkeypatch, with_c):
    # (the scan in C and its Python twin both give the definition: one of the words is a substring of the text)
    if not with_c:
        monkeypatch.setattr(text, "_cscan", None)
    texts = records.present_illness.tolist() + ["", "家人感冒", "后家人感冒后", "类似病例", "接触同类患"]
    want = [any(w in t for w in contact.CONTACT_WORDS) for t in texts]
    assert contact.contact_stated(texts).tolist() == want
    assert 40 < sum(want) < len(texts)
    assert contact.contact_stated([]).tolist() == []
