"""Checks of adult visits (issue 18, the attending's reading): each reads output fields only and returns one
boolean per record, True where the record obeys the rule (registered in rules.py)."""

from __future__ import annotations

import numpy as np

import re

from .adult_hypertension import LVH_ECG, grade_of
from .adult_lipids import LIFESTYLE_PLAN, LOW, STATIN_FLOOR, TARGETS, by_ldl, lipid_risk, risk_prefix
from .checks import _column, _column_has_any, _has_any, _lists, _memo, _text_has_any, parsed
from .data import catalogue

HYPERTENSION_WORD = "高血压"
GLUCOSE_NOTED = "血糖升高"
WATCH_WORDS = ("暂不启动降压药物", "暂不用降压药")
START_WORDS = "启动降压药物"


def _plan_texts(columns, rows: np.ndarray) -> dict[int, str]:
    """The 处理 section of the notes of `rows` (a rule's few records), by record."""
    notes = _lists(columns, "note")
    return {i: notes[i].rpartition("处理：")[2] for i in rows.tolist()}


def first_readings(columns) -> tuple[np.ndarray, np.ndarray]:
    """Per record: a hypertension first found at this visit (the visit is for I10 and neither history names a
    hypertension), and whether it is watched on lifestyle change (grade 1 by today's pressure, no diabetes, CKD,
    coronary or cerebrovascular disease among the diagnoses, no raised glucose noted, no 左心室高电压 on the ECG)."""
    return _memo(columns, "first_readings", ("diagnoses", "present_illness", "past_history", "sbp", "dbp",
                                             "investigations", "exam_findings"), _compute_first_readings)


def _compute_first_readings(columns) -> tuple[np.ndarray, np.ndarray]:
    from .adult_hypertension import HIGH_RISK_CONDITIONS
    cat, p = catalogue(), parsed(columns)
    told = _text_has_any(columns, "present_illness", (HYPERTENSION_WORD,)) | \
        _text_has_any(columns, "past_history", (HYPERTENSION_WORD,))      # the past histories' one scan
    first = (p.primary == cat.hypertension) & ~told
    risk = p.listed[:, [cat.index[k] for k in HIGH_RISK_CONDITIONS]].any(axis=1)
    risk |= _column_has_any(columns, "investigations", (LVH_ECG,))
    risk |= _text_has_any(columns, "plans", (GLUCOSE_NOTED,))
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
    plans = _plan_texts(columns, rows)
    for i in rows.tolist():
        says_watch = any(w in plans[i] for w in WATCH_WORDS)
        ok[i] = (not on[i] and says_watch) if watched[i] else (on[i] and START_WORDS in plans[i] and not says_watch)
    return ok


# -- a dyslipidaemia visit by ASCVD risk ------------------------------------------------------------------------
LDL_TEXT = re.compile(r"低密度脂蛋白胆固醇(\d+\.\d+)mmol/L")
AT_TARGET = "血脂控制达标"


def visit_lipids(columns) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per record: a dyslipidaemia visit, its risk group (diagnoses and age), its LDL-C (investigations; nan
    where none) and whether a lipid-lowering drug is written."""
    return _memo(columns, "visit_lipids", ("diagnoses", "age", "investigations", "medications"), _compute_lipids)


def _compute_lipids(columns):
    cat, p = catalogue(), parsed(columns)
    visit = p.primary == cat.index["hyperlipidaemia"]
    risk = np.where(visit, lipid_risk(cat, p.listed, _column(columns, "age").astype(np.int64)), 0)
    ldl = np.full(len(visit), np.nan)
    texts = _lists(columns, "investigations")
    for i in np.flatnonzero(visit).tolist():
        found = LDL_TEXT.search(texts[i])
        ldl[i] = float(found.group(1)) if found else np.nan
    on = (p.on_drug & cat.indication[:, cat.index["hyperlipidaemia"]][None, :]).any(axis=1)
    return visit, by_ldl(risk, ldl), ldl, on     # (a missing LDL-C, NaN, compares false: the group stays)


def lipid_lifestyle_rows(columns) -> np.ndarray:
    """The dyslipidaemia visits that may go without a lipid drug: 中低危, LDL-C below 4.9, none written."""
    visit, risk, ldl, on = visit_lipids(columns)
    return visit & (risk == LOW) & (ldl < STATIN_FLOOR) & ~on


def lipids_by_risk(columns, options) -> np.ndarray:
    """A dyslipidaemia visit states its ASCVD risk group and LDL-C target (中国血脂管理指南 2023) and acts on them:
    血脂控制达标 only below the target; no lipid drug only for 中低危 below 4.9 mmol/L, with the lifestyle plan; a
    drug started or added only above the target."""
    visit, risk, ldl, on = visit_lipids(columns)
    ok = np.ones(len(visit), dtype=bool)
    rows = np.flatnonzero(visit)
    plans = _plan_texts(columns, rows)
    targets = np.asarray(TARGETS)
    for i in rows.tolist():
        plan, target = plans[i], targets[risk[i]]
        good = plan.startswith(risk_prefix(int(risk[i]))) and not np.isnan(ldl[i])
        if AT_TARGET in plan:
            good &= ldl[i] < target
        elif not on[i]:
            good &= risk[i] == LOW and ldl[i] < STATIN_FLOOR and LIFESTYLE_PLAN in plan
        else:
            good &= ldl[i] >= (STATIN_FLOOR if risk[i] == LOW and "加用" not in plan else target)
        ok[i] = good
    return ok


# -- a hypertension diagnosis rests on repeated readings ---------------------------------------------------------
REPEATED_WORDS = ("非同日", "多次")


def first_reading_repeated(columns, options) -> np.ndarray:
    """A hypertension found at this visit (I10 with neither history naming one) is diagnosed on readings on several
    days the present illness tells (非同日 / 多次 …), or on grade 3 or left ventricular hypertrophy today (中国高血压
    防治指南 2018); one office reading is a 复测 plan, never an I10."""
    first, _ = first_readings(columns)
    ok = ~first
    rows = np.flatnonzero(first)
    if len(rows):
        grade = grade_of(_column(columns, "sbp")[rows].astype(np.int64), _column(columns, "dbp")[rows].astype(np.int64))
        illness, tests = _lists(columns, "present_illness"), _lists(columns, "investigations")
        ok[rows] = (grade == 3) | np.array([any(w in illness[i] for w in REPEATED_WORDS) or LVH_ECG in tests[i]
                                            for i in rows.tolist()], dtype=bool)
    return ok


READING = re.compile(r"(\d{2,3})/(\d{2,3})mmHg")


def first_reading_grade_fits_readings(columns, options) -> np.ndarray:
    """A hypertension found at this visit is graded by the highest reading the note tells: no reading in the
    present illness (最高152/104mmHg, 家中自测血压在161/89mmHg左右) reaches a grade above today's, which the plan
    names (issue 18 #3, #13, #25)."""
    first, _ = first_readings(columns)
    ok = np.ones(len(first), dtype=bool)
    rows = np.flatnonzero(first)
    if len(rows):
        today = grade_of(_column(columns, "sbp")[rows].astype(np.int64), _column(columns, "dbp")[rows].astype(np.int64))
        illness = _lists(columns, "present_illness")
        told = np.array([max((int(grade_of(int(s), int(d))) for s, d in READING.findall(illness[i])), default=0)
                         for i in rows.tolist()], dtype=np.int64)
        ok[rows] = told <= today
    return ok
