"""Oral rehydration salts dosed by the patient's dehydration, not as one fixed line.

A clinician reader found 口服补液盐 written as the label's bare 50ml/kg in every diarrhoea note, unconverted for
adults and given without any dehydration. The plan now decides whether the patient is dehydrated (model.py) and
the dose follows (oral rehydration salts III label; 儿童急性感染性腹泻病诊疗规范 2020):
- some dehydration: 50 ml/kg over 4 hours, written as the volume for this weight (measured to 10 ml, from half a
  litre to 50 ml), for adults as for children;
- no dehydration: to prevent it, a volume after each loose stool by age — under 6 months 50 ml, to 2 years
  100 ml, to 10 years 150 ml, older 250 ml (one sachet's volume).
The examination states a sign of dehydration exactly when the patient is dehydrated, so the rule can read it back.

Who gets them (a reader found 50 ml/kg for adults who only vomited, and 16 of 47 children with six or more
stools a day with none): the risk of dehydration rises with the stool frequency the history states (WHO, The
treatment of diarrhoea 2005; 儿童急性感染性腹泻病诊疗规范 2020), and the salts go to
- every dehydrated patient (replacement);
- every child with loose stools, and an adult with six or more a day (prevention after each loose stool);
- nobody who only vomits without dehydration (an antiemetic for an adult instead), and no stool drug without
  loose stools (gut_gate). The model and the rule decide this with the same functions.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from .data import PAEDIATRIC_AGE
from .doses import measured, number

ORS_CLASS = "口服补液盐"
PER_KG = 50.0
REPLACEMENT_FREQUENCY = "4小时内服完"
PREVENTION_FREQUENCY = "每次稀便后"
DEHYDRATION_SIGNS = ("皮肤弹性稍差", "眼窝稍凹陷")
# Share of outpatient diarrhoea visits with some dehydration when the history does not say, by the stools a day
# it states (modelling assumption, docs/medical.md); a history of reduced urine (尿量稍减少) is always dehydration.
DEHYDRATION_SHARES = ((8, 0.4), (6, 0.25), (0, 0.08))     # (from stools a day, share)
ORS_FROM_STOOLS = 6              # an adult's loose stools a day from which the salts prevent dehydration
GASTRO_VISITS = ("acute_gastroenteritis", "infantile_diarrhoea")
LOOSE_WORDS = ("泻", "稀便", "大便次数", "水样便")
VOMIT_WORD = "呕吐"
STOOL_DRUG_CLASSES = ("肠黏膜保护剂", "肠道抗感染药", "脑啡肽酶抑制剂", "微生态制剂", "补锌剂")
ANTIEMETIC_CLASS = "促胃肠动力药"      # metoclopramide at a gastroenteritis visit (one group with domperidone)
_STOOL_RANGE = re.compile(r"每日[^，。；{]*\{(\d+)-(\d+)\}次")
STOOLS_SAID = re.compile(r"每日[^，。；\d]*(\d+)次")


def gut_facts_said(said: str) -> tuple[bool, bool]:
    """(loose stools, vomiting) in a text already reduced to its positive clauses."""
    return any(w in said for w in LOOSE_WORDS), VOMIT_WORD in said


def stools_said(history: str) -> int:
    """The loose stools a day a history states (每日排稀水样便6次 -> 6), 0 when it gives no number."""
    found = STOOLS_SAID.search(history)
    return int(found.group(1)) if found else 0


@lru_cache(maxsize=2)
def gut_row_facts(cat, with_detail: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Per symptom row: (loose stools, vomiting) as the history tells it (an accompanying symptom by its words)."""
    from .symptomatic import positive_text
    facts = [gut_facts_said(positive_text(t + ("，" + d if with_detail else "")))
             for t, d in zip(cat.symptom_text, cat.symptom_detail)]
    return tuple(np.array(column, dtype=bool) for column in zip(*facts))


def loose_rows(cat, symptom, symptom2) -> np.ndarray:
    """Per record: whether the complaint (with its detail) or the second complaint tells loose stools."""
    has2, s2 = symptom2 >= 0, np.maximum(symptom2, 0)
    return gut_row_facts(cat)[0][symptom] | (has2 & gut_row_facts(cat, False)[0][s2])


@lru_cache(maxsize=1)
def stool_ranges(cat) -> tuple[np.ndarray, np.ndarray]:
    """Per symptom row, the {a-b} range of the stools a day its detail states ((0, 0) when it states none)."""
    ranges = [_STOOL_RANGE.search(d) for d in cat.symptom_detail]
    return (np.array([int(m.group(1)) if m else 0 for m in ranges]),
            np.array([int(m.group(2)) if m else 0 for m in ranges]))


@lru_cache(maxsize=1)
def oliguria_rows(cat) -> np.ndarray:
    return np.array(["尿量" in t + d for t, d in zip(cat.symptom_text, cat.symptom_detail)])


def dehydration_share(stools: np.ndarray) -> np.ndarray:
    share = np.full(len(stools), DEHYDRATION_SHARES[-1][1])
    for floor, value in reversed(DEHYDRATION_SHARES[:-1]):
        share = np.where(stools >= floor, value, share)
    return share


def ors_indicated(age, loose, stools, dehydrated) -> np.ndarray:
    """Whether a diarrhoea visit gets oral rehydration salts."""
    return np.asarray(dehydrated) | (np.asarray(loose) & ((np.asarray(age) < PAEDIATRIC_AGE) |
                                                          (np.asarray(stools) >= ORS_FROM_STOOLS)))


def gut_gate(cat, primary, age, loose, vomits, stools, dehydrated) -> np.ndarray:
    """(records, drugs): at a gastroenteritis or infant diarrhoea visit, the salts exactly where ors_indicated,
    stool drugs only with loose stools, an antiemetic only with vomiting; True elsewhere."""
    gastro = np.isin(primary, [cat.index[k] for k in GASTRO_VISITS])
    cls = cat.drug_class.astype(str)
    gate = np.ones((len(primary), len(cls)), dtype=bool)
    gate[:, cls == ORS_CLASS] = (~gastro | ors_indicated(age, loose, stools, dehydrated))[:, None]
    gate[:, np.isin(cls, STOOL_DRUG_CLASSES)] = (~gastro | loose)[:, None]
    gate[:, cls == ANTIEMETIC_CLASS] = (~gastro | vomits)[:, None]
    return gate


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
