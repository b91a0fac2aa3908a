"""The medical history and examination text read as a clinician writes it (issue 18): clauses that join
grammatically, negatives and phrasing that fit the patient's age, and no history sentence repeated across notes."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import synth


@pytest.fixture(scope="module")
def notes() -> pd.DataFrame:
    return synth.generate("medical", 3_000, seed=1818)


# Shapes a reader flagged: a one-off trigger inside the symptom after 出现 (出现受凉后咳嗽; an exertional pattern such
# as 出现活动后胸闷 or 劳累后胸痛 is the symptom's own character and stays), a trigger told after the symptom
# (咳嗽，受凉后出现), doubled words and punctuation, and a clause that opens or closes on a comma.
BROKEN_JOINS = {
    "trigger after 出现": re.compile(r"出现(?:受凉|着凉|淋雨|饮酒|聚餐|进食|憋尿|感冒|饮食|接触)[^，。]*后"),
    "trigger told after the symptom": re.compile(r"，[^，。]{0,8}后出现[，。]"),
    "doubled punctuation": re.compile(r"[，。、；]{2}"),
    "doubled word": re.compile(r"(出现|伴有?|无|患者|患儿|发病以来)\1"),
    "comma before the end": re.compile(r"，(?:\n|$)"),
}


def test_history_clauses_join_grammatically(notes):
    text = (notes.chief_complaint + "\n" + notes.present_illness + "\n" + notes.past_history + "\n"
            + notes.exam_findings)
    for name, pattern in BROKEN_JOINS.items():
        hits = text[text.str.contains(pattern)]
        assert hits.empty, f"{name}: {len(hits)} notes, e.g. {hits.iloc[0] if len(hits) else ''}"
    # the rows that name their own trigger tell it before 出现
    assert notes.present_illness.str.contains("受凉后出现咳嗽").sum() > 5
