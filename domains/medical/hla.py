"""HLA-B*5801 before allopurinol: 中国高尿酸血症与痛风诊疗指南 2019 recommends the test before allopurinol is started in
Chinese (Han) patients, since carriers (about 10-20 % of Han Chinese) risk severe cutaneous reactions (SJS/TEN); a
carrier gets febuxostat or benzbromarone instead. A reader met allopurinol started with no word of the screen.

Where a gout or hyperuricaemia visit starts allopurinol (not continuing it), 辅助检查 shows the test, negative (the
drug was chosen, so the patient is not a carrier); nowhere else. Rule hla_screen_before_allopurinol reads the same
facts from the fields: the visit's reason, the prescription and whether the history says the patient takes it.
"""

from __future__ import annotations

import numpy as np

ALLOPURINOL = "别嘌醇片"
HLA_TEST = "HLA-B*5801基因检测"
HLA_RESULT = f"{HLA_TEST}：阴性"
URATE_REASONS = ("gout", "hyperuricaemia")


def started_allopurinol(cat, case, key) -> np.ndarray:
    """Per record, whether this gout or hyperuricaemia visit prescribes allopurinol that the patient was not taking
    before: every prescription of it except a continued regimen's or the drug an add-on is added to."""
    from .model import REGIMEN_ADD, REGIMEN_CONTINUE
    drug = cat.drug_index[ALLOPURINOL]
    key = np.asarray(key)
    out = np.zeros(len(key), dtype=bool)
    # read on the urate visits alone (a few hundred in 30,000 records), compared as the key array's own strings
    rows = np.flatnonzero(np.logical_or.reduce([key == k for k in URATE_REASONS]))
    if not len(rows):
        return out
    case, key = case[rows], key[rows]
    on = np.fromiter((drug in d for d in case["drugs"].tolist()), dtype=bool, count=len(rows))
    kept = (case["regimen"] == REGIMEN_CONTINUE) | ((case["regimen"] == REGIMEN_ADD) & (case["previous"] == drug))
    # the other urate condition (gout at a hyperuricaemia visit) treated before: its allopurinol is taken already
    bits = np.array([cat.bit[cat.index[k]] for k in URATE_REASONS], dtype=np.int64)
    other = (case["treated"].astype(np.int64)[:, None] & bits[None, :]) != 0
    other &= np.stack([key != k for k in URATE_REASONS], axis=1)
    out[rows] = on & ~kept & ~other.any(axis=1)
    return out


def screen_fits(key, prescribed, taken_before, screened) -> np.ndarray:
    """The rule's side, per record: the screen is shown exactly where a gout or hyperuricaemia visit prescribes
    allopurinol that the history does not say the patient takes."""
    needed = np.isin(np.asarray(key, dtype=object), URATE_REASONS) & prescribed & ~taken_before
    return screened == needed
