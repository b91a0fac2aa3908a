"""Oral rehydration salts dosed by the patient's dehydration, not as one fixed line.

A clinician reader found 口服补液盐 written as the label's bare 50ml/kg in every diarrhoea note, unconverted for
adults and given without any dehydration. The plan now decides whether the patient is dehydrated (model.py) and
the dose follows (oral rehydration salts III label; 儿童急性感染性腹泻病诊疗规范 2020):
- some dehydration: 50 ml/kg over 4 hours, written as the volume for this weight (measured to 10 ml, from half a
  litre to 50 ml), for adults as for children;
- no dehydration: to prevent it, a volume after each loose stool by age — under 6 months 50 ml, to 2 years
  100 ml, to 10 years 150 ml, older 250 ml (one sachet's volume).
The examination states a sign of dehydration exactly when the patient is dehydrated, so the rule can read it back.
"""

from __future__ import annotations

from .doses import measured, number

ORS_CLASS = "口服补液盐"
PER_KG = 50.0
REPLACEMENT_FREQUENCY = "4小时内服完"
PREVENTION_FREQUENCY = "每次稀便后"
DEHYDRATION_SIGNS = ("皮肤弹性稍差", "眼窝稍凹陷")
# Share of outpatient diarrhoea visits with some dehydration when the history does not say (modelling assumption,
# docs/medical.md); a history of reduced urine (尿量稍减少) is always dehydration.
DEHYDRATION_SHARE = 0.2


def prevention_volume(months: int) -> float:
    return 50.0 if months < 6 else 100.0 if months < 24 else 150.0 if months < 120 else 250.0


def rehydration_line(months: int, weight: float, dehydrated: bool) -> tuple[str, str]:
    """(dose, frequency) of oral rehydration salts for this patient."""
    if dehydrated:
        volume, _ = measured(PER_KG * weight, "ml", None)
        return f"{number(volume)}ml", REPLACEMENT_FREQUENCY
    return f"{number(prevention_volume(months))}ml", PREVENTION_FREQUENCY


def shows_dehydration(exam: str) -> bool:
    return any(sign in exam for sign in DEHYDRATION_SIGNS)
