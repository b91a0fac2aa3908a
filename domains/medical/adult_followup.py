"""When an adult is seen again, by the visit's diagnosis and what was done today (lexicons/medical/followup.tsv).

A clinician reader met a stock 1周后复诊 for a pneumonia and 3天后复诊 for a cold: the interval follows the
condition (a pneumonia's response at 48-72 hours, a gastroenteritis only if not better in 2-3 days, a cold only if
worse) and, for a chronic condition, the step taken (a new antihypertensive at 2-4 weeks, a new statin with lipids
and liver enzymes at 4-6 weeks, a diabetes change at 1-3 months, a controlled condition every 3 months).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from synth.resources import read_table

from .adult_hypertension import first_reading_kind
from .data import PAEDIATRIC_AGE
from .model import drug_table

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
    keys = np.array(cat.keys, dtype=object)[case["primary"].astype(np.int64)]
    adult = np.asarray(age) >= PAEDIATRIC_AGE
    found = situations(cat, case)
    if screened is not None:
        found[np.asarray(screened, dtype=bool)] = SCREEN
    out: list[str | None] = [None] * len(keys)
    keys, found, u = keys.tolist(), found.tolist(), np.asarray(u).tolist()
    chosen: dict = {}       # per (key, situation) its wordings, looked up once
    for i in np.flatnonzero(adult).tolist():
        pair = (keys[i], found[i])
        options = chosen.get(pair, chosen)
        if options is chosen:
            options = chosen[pair] = table.get(pair) or (None if pair[1] == SCREEN else table.get((pair[0], ANY)))
        if options:
            out[i] = options[min(int(u[i] * len(options)), len(options) - 1)]
    return out
