"""A dyslipidaemia visit by ASCVD risk (中国血脂管理指南 2023, lexicons/medical/README.md [45]): the risk group sets the
LDL-C target and whether a statin starts now.

Groups (simplified from the guideline's table, from what the record knows): 超高危 — coronary or cerebrovascular
disease with two or more of age 65+, hypertension, diabetes, CKD (target < 1.4 mmol/L); 极高危 — other ASCVD (< 1.8);
高危 — no ASCVD but diabetes from 40, CKD, or hypertension from 55 (< 2.6); 中低危 — the rest (< 3.4). A high-risk or
higher patient not at target starts (or steps up) a statin now; a 中低危 one not yet on a drug is first given 3-6
months of lifestyle change (a reader met every new dyslipidaemia on a statin, and 血脂控制达标 at LDL-C 2.4 after a
myocardial infarction).
"""

from __future__ import annotations

import numpy as np

# (BY_LDL: a patient 中低危 by history whose LDL-C is 4.9 or more, which makes them 高危 by itself in the guideline; an
# independent clinician met 14 such plans still called 中低危)
RISK_NAMES = ("", "中低危", "高危", "极高危", "超高危", "高危")
TARGETS = (0.0, 3.4, 2.6, 1.8, 1.4, 2.6)          # LDL-C (mmol/L) below which the group is at target
LOW, HIGH, VERY_HIGH, EXTREME, BY_LDL = 1, 2, 3, 4, 5
STATIN_FLOOR = 4.9           # LDL-C at or above which a statin starts whatever the group (the guideline)
LOW_CEILING = 4.85           # a 中低危 patient's LDL-C stays below STATIN_FLOOR, or they would be 高危
# Of 中低危 patients seen for their lipids, the share already on a drug (modelling assumption); the others are on
# lifestyle change.
LOW_RISK_ON_DRUG = 0.5


def by_ldl(risk: np.ndarray, ldl: np.ndarray) -> np.ndarray:
    """The group once LDL-C is known: 中低危 by history becomes 高危 from 4.9 mmol/L."""
    return np.where((risk == LOW) & (ldl >= STATIN_FLOOR), BY_LDL, risk)


def lipid_risk(cat, listed: np.ndarray, age: np.ndarray) -> np.ndarray:
    """Per record the risk group (LOW..EXTREME) from the listed conditions and the age."""
    has = {k: listed[:, cat.index[k]] for k in ("chd", "stroke_sequelae", "t2dm", "ckd", "hypertension")}
    ascvd = has["chd"] | has["stroke_sequelae"]
    factors = (age >= 65).astype(int) + has["hypertension"] + has["t2dm"] + has["ckd"]
    high = (has["t2dm"] & (age >= 40)) | has["ckd"] | (has["hypertension"] & (age >= 55))
    return np.select([ascvd & (factors >= 2), ascvd, high], [EXTREME, VERY_HIGH, HIGH], LOW).astype(np.int8)


def lifestyle_rows(cat, primary, risk, u) -> np.ndarray:
    """The dyslipidaemia visits that start with lifestyle change (中低危, not yet on a drug)."""
    return (primary == cat.index["hyperlipidaemia"]) & (risk == LOW) & (u >= LOW_RISK_ON_DRUG)


def lipid_gate(cat, lifestyle: np.ndarray) -> np.ndarray:
    """(records, drugs): no lipid-lowering drug where the visit starts with lifestyle change."""
    return ~(lifestyle[:, None] & cat.indication[:, cat.index["hyperlipidaemia"]][None, :])


def risk_prefix(risk: int) -> str:
    """The plan's opening sentence part: the group and its target."""
    return f"ASCVD风险{RISK_NAMES[risk]}，LDL-C目标<{TARGETS[risk]:.1f}mmol/L，" if risk else ""


LIFESTYLE_PLAN = "暂不启动调脂药物，先予生活方式干预"


def ldl_values(u: np.ndarray, risk: np.ndarray, at_target: np.ndarray, lifestyle: np.ndarray,
               started: np.ndarray) -> np.ndarray:
    """LDL-C (mmol/L, 2 decimals) on the right side of the group's target: below it where the regimen is at target,
    between 3.4 and 4.8 on lifestyle change, from 4.9 where a 中低危 patient starts a drug today, else above the
    target (at least 2.7) up to 5.2."""
    target = np.asarray(TARGETS)[np.maximum(risk, LOW)]
    below = target - 0.05 - u * np.minimum(0.9, target - 1.0)
    floor = np.maximum(target, 2.6) + 0.1
    top = np.where(risk == LOW, LOW_CEILING, 5.2)
    above = np.where(risk == BY_LDL, STATIN_FLOOR + u * 1.1, floor + u * (top - floor))
    calm = 3.4 + u * 1.4
    return np.round(np.where(at_target, below, np.where(lifestyle, calm, above)), 2)
