"""Start doses of drugs begun at this visit, and the kidney function they are started on.

A clinician reader found allopurinol started at 100 mg twice a day in an 89-year-old with no creatinine, and
metformin started at 1.5 g a day with no eGFR: the label's maintenance dose is not where a drug starts. Drugs
begun at this visit (the visit's own drugs of a new regimen, the drug added or switched to; not a 继续原方案 line)
take the label's start dose; continued drugs keep their maintenance dose (drugs.tsv adult_dose).

- 别嘌醇片 (label; 中国高尿酸血症与痛风诊疗指南 2019): start 50-100 mg a day, titrated by 50-100 mg every 2-4 weeks
  against the urate; with eGFR below 60 start at 50 mg a day. Here 100 mg once a day, 50 mg below eGFR 60.
- 盐酸二甲双胍片 (label, 格华止 说明书; 中国2型糖尿病防治指南 2020): start 0.5 g once or twice a day with meals, raised
  by 0.5 g a week; not started at eGFR below 45. Here 0.5 g twice a day, and the kidney function shown is never
  below eGFR 60 (a patient with CKD is not started on it: contraindications.tsv).

Both are renally cleared: where one is started the visit's 辅助检查 shows the creatinine and the eGFR it was started
on (CKD-EPI 2009 creatinine equation, the one Chinese laboratories report). Rule `start_doses_on_kidney_function`
reads the same facts from the fields: a drug of START_LINES prescribed at a visit for its indication that the
histories do not say the patient takes has its start line and the kidney function beside it; otherwise its
maintenance line, and no kidney line is needed.
"""

from __future__ import annotations

import re

import numpy as np

ALLOPURINOL, METFORMIN = "别嘌醇片", "盐酸二甲双胍片"
# drug -> (dose, frequency) at the start; allopurinol's reduced start below REDUCED_BELOW
START_LINES = {ALLOPURINOL: ("100mg", "每日一次"), METFORMIN: ("0.5g", "每日两次")}
REDUCED_START = {ALLOPURINOL: ("50mg", "每日一次")}
REDUCED_BELOW = 60
# the names a history uses for a drug the patient takes (drugs.tsv ingredients)
HISTORY_NAMES = {ALLOPURINOL: "别嘌醇", METFORMIN: "二甲双胍"}
RENAL_TEST = "肾功能：血肌酐"
RENAL_TEXT = re.compile(r"肾功能：血肌酐(\d+)μmol/L，eGFR (\d+)ml/min/1\.73m²")
# creatinine drawn (μmol/L) by sex (0 male, 1 female): the usual reference ranges of Chinese laboratories
CREATININE = {0: (57, 104), 1: (41, 84)}
CKD_CREATININE = (120, 220)         # a listed CKD (allopurinol only: metformin is not started with it)
METFORMIN_EGFR_FLOOR = 60


def egfr(creatinine, age, female) -> np.ndarray:
    """CKD-EPI 2009 eGFR (ml/min/1.73m²) from serum creatinine in μmol/L, age in years and sex (1 female)."""
    scr = np.asarray(creatinine, dtype=float) / 88.4
    female = np.asarray(female, dtype=bool)
    kappa, alpha = np.where(female, 0.7, 0.9), np.where(female, -0.329, -0.411)
    ratio = scr / kappa
    value = 141.0 * np.minimum(ratio, 1.0) ** alpha * np.maximum(ratio, 1.0) ** -1.209 * \
        0.993 ** np.asarray(age, dtype=float) * np.where(female, 1.018, 1.0)
    return np.round(value).astype(np.int64)


def creatinine_at_most(target: float, age, female) -> np.ndarray:
    """The largest creatinine (μmol/L, whole) whose eGFR is at least `target` (above kappa the equation inverts)."""
    female = np.asarray(female, dtype=bool)
    kappa = np.where(female, 0.7, 0.9)
    factor = 141.0 * 0.993 ** np.asarray(age, dtype=float) * np.where(female, 1.018, 1.0)
    return np.floor(kappa * (factor / (target + 0.5)) ** (1 / 1.209) * 88.4).astype(np.int64)


def start_drug_ids(cat) -> dict[int, str]:
    return {cat.drug_index[name]: name for name in START_LINES}


def started(cat, case) -> np.ndarray:
    """(records, drugs of START_LINES in order): whether the visit begins the drug, i.e. prescribes it for the
    visit's reason and not as a continued regimen, the drug an add-on is added to, or the drug of another of its
    conditions treated before (gout's allopurinol at a hyperuricaemia visit)."""
    from .model import REGIMEN_ADD, REGIMEN_CONTINUE, flattened
    if _LAST[0] is case:        # the prescription, the plan and the tests of one batch ask in turn
        return _LAST[1]
    primary = case["primary"].astype(np.int64)
    rows, flat = flattened(case["drugs"])
    out = np.zeros((len(case), len(START_LINES)), dtype=bool)
    for k, name in enumerate(START_LINES):
        d = cat.drug_index[name]
        reasons = np.flatnonzero(cat.indication[d])
        on = np.zeros(len(case), dtype=bool)
        on[rows[flat == d]] = True
        kept = (case["regimen"] == REGIMEN_CONTINUE) | ((case["regimen"] == REGIMEN_ADD) & (case["previous"] == d))
        bits = np.array([cat.bit[c] for c in reasons], dtype=np.int64)
        other = (case["treated"].astype(np.int64)[:, None] & bits[None, :]) != 0
        other &= primary[:, None] != reasons[None, :]
        out[:, k] = on & cat.indication[d, primary] & ~kept & ~other.any(axis=1)
    _LAST[:] = [case, out]
    return out


_LAST: list = [None, None]


def creatinine(cat, case, age, sex, begun) -> np.ndarray:
    """Per record, the creatinine (μmol/L) a started renally cleared drug is begun on (0 where none is); `begun`:
    the records' rows of started()."""
    any_begun = begun.any(axis=1)
    u = case["renal_u"]
    female = np.asarray(sex) == 1
    low = np.where(female, CREATININE[1][0], CREATININE[0][0])
    high = np.where(female, CREATININE[1][1], CREATININE[0][1])
    ckd = (case["listed"].astype(np.int64) & cat.bit[cat.index["ckd"]]) != 0
    low, high = np.where(ckd, CKD_CREATININE[0], low), np.where(ckd, CKD_CREATININE[1], high)
    value = np.round(low + u * (high - low)).astype(np.int64)
    metformin = begun[:, list(START_LINES).index(METFORMIN)]
    value = np.where(metformin, np.minimum(value, creatinine_at_most(METFORMIN_EGFR_FLOOR, age, female)), value)
    return np.where(any_begun, value, 0)


def start_line(name: str, rate: int) -> tuple[str, str]:
    """(dose, frequency) a drug of START_LINES starts on at this eGFR."""
    return REDUCED_START[name] if name in REDUCED_START and rate < REDUCED_BELOW else START_LINES[name]


def renal_text(cr: int, rate: int) -> str:
    return f"{RENAL_TEST}{cr}μmol/L，eGFR {rate}ml/min/1.73m²"
