"""空腹血糖 is a laboratory result of a visit that has a reason for it, written in 辅助检查.

An attending (issue 18, seed 73129) met 空腹血糖 in the vital-signs line of 18 of 24 adult notes, acute fever visits
included, and three times beside 辅助检查：暂未行辅助检查. A fasting glucose is drawn where diabetes is known, where
the visit is about an endocrine or metabolic condition (diabetes suspected among them: its complaints are a t2dm
visit), at the endocrine clinic, and at a cardiovascular visit, whose risk assessment measures it (中国高血压防治
指南 2018: 血糖 among the basic tests); it is reported with the visit's other tests, not among the vital signs.
"""

from __future__ import annotations

import numpy as np

GLUCOSE_GROUPS = ("endo", "cardio")
GLUCOSE_DEPARTMENT = "内分泌科"
LAB_WORD = "空腹血糖"
VITALS_LINE = "\n检查结果："


def lab_text(value: float) -> str:
    return f"{LAB_WORD}：{value:.1f}mmol/L"


def indicated(primary_group_fits: np.ndarray, diabetic: np.ndarray, department) -> np.ndarray:
    """Per record, whether the visit measures fasting glucose: its reason in GLUCOSE_GROUPS, a known diabetes, or
    the endocrine clinic."""
    return primary_group_fits | diabetic | (np.asarray(department, dtype=object) == GLUCOSE_DEPARTMENT)


def groups_fit(primary: np.ndarray) -> np.ndarray:
    from .data import catalogue
    from .text import GROUP_OF
    cat = catalogue()
    fits = np.isin(np.array([GROUP_OF[k] for k in cat.keys], dtype=object), GLUCOSE_GROUPS)
    return np.append(fits, False)[primary]      # (an unparsed primary, -1, fits no group)


def _in_vitals_line(note: str) -> bool:
    start = note.find(VITALS_LINE)
    if start < 0:
        return False
    end = note.find("\n", start + 1)
    return note.find(LAB_WORD, start, end if end >= 0 else len(note)) >= 0     # the line searched, not copied


def glucose_is_a_lab_result(columns, options) -> np.ndarray:
    """The rule: the vital-signs line holds no 空腹血糖; a measured glucose is reported in 辅助检查 (and only a
    measured one), on a visit that measures it (indicated)."""
    from .checks import _column, _column_has_any, _lists, _text_has_any, lists_any, parsed
    from .data import catalogue
    cat, p = catalogue(), parsed(columns)
    measured = ~np.isnan(_column(columns, "fasting_glucose").astype(float))
    reported = _column_has_any(columns, "investigations", (LAB_WORD,))
    diabetic = lists_any(p, np.arange(cat.n) == cat.diabetes) | p.takes(cat.glucose_lowering)
    fits = ~measured | indicated(groups_fit(p.primary), diabetic, _column(columns, "department"))
    ok = (measured == reported) & fits
    notes = _lists(columns, "note")
    rows = np.flatnonzero(_text_has_any(columns, "note", (LAB_WORD,)))
    ok[rows] &= ~np.fromiter(map(_in_vitals_line, [notes[i] for i in rows.tolist()]), dtype=bool, count=len(rows))
    return ok
