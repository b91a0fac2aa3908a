"""A chief complaint is one phrase: the main symptom(s) and the duration, the accompanying one folded in before it.

An attending (issue 18, seed 61907) met four complaints built as "发热伴流涕1天，伴咽痛": a clinician writes
"发热伴流涕、咽痛1天". complaint.grammar folds a second symptom in; this rule reads the written complaint. The one
form kept after the duration is pregnancy's "停经7周，伴恶心", where the amenorrhoea's own length leads.
"""

from __future__ import annotations

import numpy as np

ACCOMPANIED = "伴"
TACKED_ON = "，伴"
AMENORRHOEA = "停经"


def complaint_is_one_phrase(columns, options) -> np.ndarray:
    """The rule: at most one 伴 per complaint, and none tacked on after the duration (but 停经…，伴…)."""
    from .checks import _distinct
    # complaints repeat (a few thousand distinct in 32,768 records): each distinct one read once
    codes, complaints = _distinct(columns, "chief_complaint")
    return np.fromiter((c.count(ACCOMPANIED) <= 1 and (TACKED_ON not in c or c.startswith(AMENORRHOEA))
                        for c in complaints), dtype=bool, count=len(complaints))[codes]
