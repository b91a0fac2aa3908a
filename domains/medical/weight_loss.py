"""When obesity gets a weight-loss drug: lifestyle first. The Chinese guideline (中国肥胖症诊疗指南 2024,
lexicons/medical/README.md [53]) starts orlistat for BMI ≥ 28 kg/m² after lifestyle has failed or beside a
weight-related comorbidity; a record cannot tell how long lifestyle was tried, so the model starts it only at a
visit for obesity in a patient with a listed comorbidity, and never as a standing drug of another visit (a
reader found 平素规律服用奥利司他 for eight years and orlistat at first visits).

The model gates the drugs before prescribing; the rule symptomatic_drugs_fit_symptoms applies the same gate to
the fields (diagnoses only).
"""

from __future__ import annotations

import numpy as np

from .data import Catalogue

COMORBIDITIES = ("hypertension", "t2dm", "hyperlipidaemia", "fatty_liver", "hyperuricaemia", "gout", "chd",
                 "knee_oa")


def weight_loss_gate(cat: Catalogue, primary: np.ndarray, listed: np.ndarray) -> np.ndarray:
    """(records, drugs): False for obesity's drugs unless the visit is for obesity with a comorbidity."""
    o = cat.obesity
    allowed = (primary == o) & listed[:, [cat.index[k] for k in COMORBIDITIES]].any(axis=1)
    return ~(~allowed[:, None] & cat.indication[:, o][None, :])
