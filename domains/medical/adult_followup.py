"""When an adult is seen again, by the visit's diagnosis and what was done today (lexicons/medical/followup.tsv).

A clinician reader met a stock 1周后复诊 for a pneumonia and 3天后复诊 for a cold: the interval follows the
condition (a pneumonia's response at 48-72 hours, a gastroenteritis only if not better in 2-3 days, a cold only if
worse) and, for a chronic condition, the step taken (a new antihypertensive at 2-4 weeks, a new statin with lipids
and liver enzymes at 4-6 weeks, a diabetes change at 1-3 months, a controlled condition every 3 months).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from synth.resources import read_table

from .adult_hypertension import first_reading_kind
from .data import PAEDIATRIC_AGE
from .model import drug_table, first_rows

ANY, LIFESTYLE, SCREEN = "any", "lifestyle", "screen"   # LIFESTYLE: no drug for the visit's reason today
# the plan's regimen (model.REGIMEN_NEW, CONTINUE, ADD, SWITCH) as the table's situation
REGIMEN_SITUATIONS = ("start", "continue", "change", "change")


@lru_cache(maxsize=1)
def follow_table() -> dict[tuple[str, str], tuple[str, ...]]:
    """(condition key, situation) -> the follow-up wordings."""
    rows = read_table("medical", "followup.tsv")
    return {(k, s): tuple(f.split("|")) for k, s, f in zip(rows["key"], rows["situation"], rows["follow"])}


def situations(cat, case) -> np.ndarray:
    """Per record the table's situation: a first reading of hypertension by its grade and risk, a chronic
    condition by today's step (LIFESTYLE when no drug for it is written today), anything else ANY."""
    primary = case["primary"].astype(np.int64)
    by_regimen = np.array(REGIMEN_SITUATIONS, dtype=object)[case["regimen"].astype(np.int64)]
    out = np.where(cat.chronic[primary], by_regimen, ANY).astype(object)
    table = drug_table(case["drugs"])       # whether a drug written today is for the visit's reason
    treats = ((table >= 0) & cat.indication[np.maximum(table, 0), primary[:, None]]).any(axis=1)
    out[cat.chronic[primary] & ~treats] = LIFESTYLE
    first = case["htn_grade"] > 0
    out[first] = first_reading_kind(case["htn_grade"][first], case["htn_watch"][first])
    return out


def follow_ups(cat, case, age, u, screened=None) -> list[str | None]:
    """Per record the follow-up wording for an adult whose diagnosis and situation the table has, else None
    (the grammar's follow-up stands); u picks among the wordings; `screened` marks check-up findings that are
    screened, not treated (SCREEN: their screening is the follow-up)."""
    table = follow_table()
    primary = case["primary"].astype(np.int64)
    found = situations(cat, case)
    if screened is not None:
        found[np.asarray(screened, dtype=bool)] = SCREEN
    out = np.full(len(primary), None, dtype=object)
    rows = np.flatnonzero(np.asarray(age) >= PAEDIATRIC_AGE)
    if not len(rows):
        return out.tolist()
    # per distinct (diagnosis, situation) its wordings, looked up once; then one pick per record, column-wise
    kinds, names = pd.factorize(found[rows])
    groups, first = first_rows(primary[rows] * len(names) + kinds)
    wordings: list[str] = []
    start, count = np.zeros(len(first), dtype=np.int64), np.zeros(len(first), dtype=np.int64)
    for g, r in enumerate(first.tolist()):
        pair = (cat.keys[primary[rows[r]]], names[kinds[r]])
        options = table.get(pair) or (None if pair[1] == SCREEN else table.get((pair[0], ANY)))
        if options:
            start[g], count[g] = len(wordings), len(options)
            wordings.extend(options)
    n = count[groups]
    told = n > 0
    pick = np.minimum((np.asarray(u, dtype=float)[rows[told]] * n[told]).astype(np.int64), n[told] - 1)
    out[rows[told]] = np.array(wordings, dtype=object)[start[groups[told]] + pick]
    return out.tolist()
