"""Doses that follow the label's own age bands rather than the domain's child/adult cut at 14.

A clinician reader found zolpidem 10 mg for a 75-year-old (the label: 5 mg from 65) and ambroxol 15 mg for a
13-year-old (the label: the adult 30 mg from 12), and cetirizine 10 mg for a 4-year-old of 20 kg (the label bands
by age, not weight: 5 mg from 2 to 6 years, 10 mg from 6). Each entry names the label's band (drug labels, 国家处方集).
"""

from __future__ import annotations

from .data import PAEDIATRIC_AGE
from .doses import dose_text, measured

ELDERLY_FROM = 65
# Metoclopramide (label, 国家处方集: 老年人用量酌减, extrapyramidal effects commoner; EMA 2013: reduce in the elderly):
# 5 mg three times a day from 65 (a reader met 10 mg three times in a 74-year-old with no caution).
ELDERLY_DOSES = {"酒石酸唑吡坦片": "5mg", "右佐匹克隆片": "1mg", "盐酸甲氧氯普胺片": "5mg"}
ADULT_DOSE_FROM = {"盐酸氨溴索口服溶液": 12}
# Lines the label gives whole to adolescents (a dose that is not a measured amount): mometasone nasal spray, 2
# sprays a nostril from 12 (label: adults and adolescents; 1 spray from 3 to 11; a reader met 1 spray at 12).
ADULT_LINE_FROM = {"糠酸莫米松鼻喷雾剂": 12}
# Children's fixed ranges banded by age in months: the low end below this age, the high end from it to
# PAEDIATRIC_AGE. Smectite (label: 1-2 sachets a day from 1 year, 2-3 from 2 years, in three doses): 1 g three
# times under 2, 3 g from 2 (a reader found a 3-year-old on a third of a sachet). Zinc for a child's diarrhoea
# (WHO; 中国儿童急性感染性腹泻病临床实践指南): 10 mg a day under 6 months, 20 mg from 6 months.
# Ambroxol oral solution (label, 15 mg/5 ml): 2.5 ml twice a day from 1 to 2 years, 2.5 ml three times from 2 to 6,
# 5 ml two or three times from 6 to 12 (a reader met three doses a day at 1 year).
CHILD_HIGH_FROM_MONTHS = {"盐酸西替利嗪片": 72, "蒙脱石散": 24, "葡萄糖酸锌口服溶液": 6, "盐酸氨溴索口服溶液": 72}
CHILD_FREQUENCY_BELOW_MONTHS = {"盐酸氨溴索口服溶液": (24, "每日两次")}


def adjusted_line(cat, drug: int, age: int, months: int) -> dict | None:
    """The prescription line (dose, frequency) when the label's age band overrides the usual one, else None."""
    name = cat.drug_name[drug]
    if age >= ELDERLY_FROM and name in ELDERLY_DOSES:
        return {"dose": ELDERLY_DOSES[name], "frequency": str(cat.drug_adult_frequency[drug])}
    if ADULT_LINE_FROM.get(name, PAEDIATRIC_AGE) <= age < PAEDIATRIC_AGE:
        return {"dose": cat.drug_adult[drug].text, "frequency": str(cat.drug_adult_frequency[drug])}
    start = ADULT_DOSE_FROM.get(name)
    if start is not None and start <= age < 14:
        adult = cat.drug_adult[drug]
        value, amount = measured(adult.low, adult.unit, cat.drug_strength[drug])
        return {"dose": dose_text(value, adult.unit, amount), "frequency": str(cat.drug_adult_frequency[drug])}
    high_from = CHILD_HIGH_FROM_MONTHS.get(name)
    if high_from is not None and age < PAEDIATRIC_AGE:
        child = cat.drug_child[drug]
        value, amount = measured(child.low if months < high_from else child.high, child.unit, cat.drug_strength[drug])
        below, fewer = CHILD_FREQUENCY_BELOW_MONTHS.get(name, (0, ""))
        frequency = fewer if months < below else str(cat.drug_child_frequency[drug])
        return {"dose": dose_text(value, child.unit, amount), "frequency": frequency}
    return None


def adjusted_drugs(cat) -> list[bool]:
    """Per drug, whether some age band overrides its line."""
    names = set(ELDERLY_DOSES) | set(ADULT_DOSE_FROM) | set(ADULT_LINE_FROM) | set(CHILD_HIGH_FROM_MONTHS)
    return [str(n) in names for n in cat.drug_name]
