"""Prescribing that looks at the weight. Thin patients: no metformin from 65 with a BMI below 18.5 (it lowers
weight and appetite; a reader met it started for an underweight elderly diabetic losing weight), no lipid-lowering
or liver drug below 18.5 before 40 (a reader met them for thin young adults). The plan decides the BMI before it
prescribes (model.planned_bmi), and the weight keeps that BMI's side of 18.5 after rounding, so the rule,
reading the BMI field, never disagrees.

When obesity gets a weight-loss drug: lifestyle first. The Chinese guideline (中国肥胖症诊疗指南 2024,
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


THIN_BMI = 18.5
THIN_ELDERLY_FROM, THIN_YOUNG_BELOW = 65, 40
THIN_YOUNG_CONDITIONS = ("hyperlipidaemia", "fatty_liver")


def thin_gate(cat: Catalogue, age: np.ndarray, bmi: np.ndarray) -> np.ndarray:
    """(records, drugs): False for metformin where a patient from 65 has a BMI below 18.5, and for the drugs of
    dyslipidaemia and fatty liver where one under 40 has."""
    thin = (bmi < THIN_BMI) & (age >= 18)
    metformin = cat.drug_ingredients[:, list(cat.ingredient_names).index("二甲双胍")]
    young = cat.indication[:, [cat.index[k] for k in THIN_YOUNG_CONDITIONS]].any(axis=1)
    off = ((thin & (age >= THIN_ELDERLY_FROM))[:, None] & metformin[None, :]) | \
        ((thin & (age < THIN_YOUNG_BELOW))[:, None] & young[None, :])
    return ~off
