"""Checks of adult visits (issue 18, the attending's reading): each reads output fields only and returns one
boolean per record, True where the record obeys the rule (registered in rules.py)."""

from __future__ import annotations

import numpy as np

from .adult_hypertension import LVH_ECG, grade_of
from .checks import _column, _column_has_any, _lists, _memo, parsed
from .data import catalogue

HYPERTENSION_WORD = "高血压"
GLUCOSE_NOTED = "血糖升高"
WATCH_WORDS = ("暂不启动降压药物", "暂不用降压药")
START_WORDS = "启动降压药物"


def _plan_texts(columns) -> list[str]:
    return [n.rpartition("处理：")[2] for n in _lists(columns, "note")]


def first_readings(columns) -> tuple[np.ndarray, np.ndarray]:
    """Per record: a hypertension first found at this visit (the visit is for I10 and neither history names a
    hypertension), and whether it is watched on lifestyle change (grade 1 by today's pressure, no diabetes, CKD,
    coronary or cerebrovascular disease among the diagnoses, no raised glucose noted, no 左心室高电压 on the ECG)."""
    return _memo(columns, "first_readings", ("diagnoses", "present_illness", "past_history", "sbp", "dbp",
                                             "investigations", "exam_findings"), _compute_first_readings)


def _compute_first_readings(columns) -> tuple[np.ndarray, np.ndarray]:
    from .adult_hypertension import HIGH_RISK_CONDITIONS
    cat, p = catalogue(), parsed(columns)
    told = _column_has_any(columns, "present_illness", (HYPERTENSION_WORD,)) | \
        _column_has_any(columns, "past_history", (HYPERTENSION_WORD,))
    first = (p.primary == cat.hypertension) & ~told
    risk = p.listed[:, [cat.index[k] for k in HIGH_RISK_CONDITIONS]].any(axis=1)
    risk |= _column_has_any(columns, "investigations", (LVH_ECG,))
    risk |= _column_has_any(columns, "exam_findings", (GLUCOSE_NOTED,))
    grade = grade_of(_column(columns, "sbp").astype(np.int64), _column(columns, "dbp").astype(np.int64))
    return first, first & (grade == 1) & ~risk


def first_reading_by_grade(columns, options) -> np.ndarray:
    """A hypertension found today is treated by its grade and risk: grade 1 without high risk gets no
    antihypertensive and a plan that says it waits on lifestyle change; any other first reading starts a drug and
    says why."""
    cat, p = catalogue(), parsed(columns)
    first, watched = first_readings(columns)
    on = (p.on_drug & cat.indication[:, cat.hypertension][None, :]).any(axis=1)
    ok = np.ones(len(first), dtype=bool)
    rows = np.flatnonzero(first)
    plans = _plan_texts(columns) if len(rows) else []
    for i in rows.tolist():
        says_watch = any(w in plans[i] for w in WATCH_WORDS)
        ok[i] = (not on[i] and says_watch) if watched[i] else (on[i] and START_WORDS in plans[i] and not says_watch)
    return ok
