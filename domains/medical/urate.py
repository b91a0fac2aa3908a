"""When asymptomatic hyperuricaemia gets a urate-lowering drug: from the serum urate threshold of the Chinese
guideline (中国高尿酸血症与痛风诊疗指南 2019, lexicons/medical/README.md [48]): 540 μmol/L without a comorbidity,
480 μmol/L with one (hypertension, dyslipidaemia, diabetes, obesity, coronary disease, stroke, CKD). Below it the
visit gets advice only. A clinician reader found allopurinol started below the threshold.

The model draws the visit's urate before it prescribes and gates the drugs; the rule reads the urate back from
辅助检查 and applies the same gate (symptomatic_drugs_fit_symptoms).
"""

from __future__ import annotations

import re

import numpy as np

from .data import Catalogue

DRUG_FROM, DRUG_FROM_WITH_COMORBIDITY = 540, 480
COMORBIDITIES = ("hypertension", "hyperlipidaemia", "t2dm", "obesity", "chd", "stroke_sequelae", "ckd")
DRAWN_FROM, DRAWN_TO = 430, 640        # a hyperuricaemia visit's urate (above 420, the diagnostic threshold)
URATE_TEXT = re.compile(r"血尿酸：(\d+)μmol/L")


def drug_threshold(cat: Catalogue, listed: np.ndarray) -> np.ndarray:
    """Per record, the urate (μmol/L) from which its hyperuricaemia is treated with a drug."""
    comorbid = listed[:, [cat.index[k] for k in COMORBIDITIES]].any(axis=1)
    return np.where(comorbid, DRUG_FROM_WITH_COMORBIDITY, DRUG_FROM)


def visit_urate(cat: Catalogue, primary: np.ndarray, u: np.ndarray) -> np.ndarray:
    """The serum urate of a hyperuricaemia visit (0 elsewhere), uniform over DRAWN_FROM-DRAWN_TO."""
    value = np.round(DRAWN_FROM + u * (DRAWN_TO - DRAWN_FROM)).astype(np.int64)
    return np.where(primary == cat.index["hyperuricaemia"], value, 0)


def urate_gate(cat: Catalogue, primary: np.ndarray, urate: np.ndarray, listed: np.ndarray) -> np.ndarray:
    """(records, drugs): False for hyperuricaemia's drugs where the visit is for it below the threshold."""
    h = cat.index["hyperuricaemia"]
    below = (primary == h) & (urate < drug_threshold(cat, listed))
    return ~(below[:, None] & cat.indication[:, h][None, :])


COLCHICINE = "秋水仙碱"


def gout_kept_on_urate_lowering(columns, options):
    """The rule: a known gout told in the past history is never kept on colchicine (model.STANDING_CLASSES: its
    standing drug lowers urate; colchicine treats the flare a gout visit is for)."""
    from .checks import _text_has_any
    return ~_text_has_any(columns, "past_history", (COLCHICINE,))
