"""Who may have an oral NSAID, and which drugs must not be prescribed together.

A clinician reader found ibuprofen and diclofenac for 75-year-olds without a stomach protector and beside an ACE
inhibitor and a diuretic. Two tables decide it, both read by the model (before prescribing) and by the rule:

- NSAID_RISK: patients for whom an oral NSAID (non-selective or COX-2) is avoided: from 65 (Beers criteria 2023:
  avoid chronic use unless no alternative), a stomach condition (ulcer, reflux, gastritis), chronic kidney
  disease, coronary disease (on antiplatelets: bleeding; COX-2: cardiovascular risk), depression and anxiety
  (SSRIs: bleeding), or asthma (NSAID-exacerbated respiratory disease; the ibuprofen label warns against it in
  asthma; a reader found ibuprofen for an asthmatic's dysmenorrhoea). They get paracetamol, a topical NSAID or
  another group instead.
- INTERACTIONS: drug groups never prescribed together in one visit, with the reason (drug labels; 国家处方集).
"""

from __future__ import annotations

import numpy as np

from .data import Catalogue

ORAL_NSAID_CLASSES = ("非甾体抗炎药", "选择性COX-2抑制剂")
NSAID_AVOIDED_FROM = 65
NSAID_RISK = ("peptic_ulcer", "gerd", "chronic_gastritis", "ckd", "chd", "depression", "anxiety", "asthma")
# Sets of drug classes that must not all be on one prescription, and why.
INTERACTIONS = (
    (("非甾体抗炎药|选择性COX-2抑制剂", "血管紧张素转换酶抑制剂|血管紧张素Ⅱ受体拮抗剂", "噻嗪类利尿剂|噻嗪样利尿剂"),
     "NSAID with an ACE inhibitor or ARB and a diuretic: acute kidney injury"),
    (("非甾体抗炎药|选择性COX-2抑制剂", "外用非甾体抗炎药"), "an oral and a topical NSAID: two NSAIDs at once"),
    (("非甾体抗炎药|选择性COX-2抑制剂", "抗血小板药"), "NSAID with an antiplatelet drug: gastrointestinal bleeding"),
    (("非甾体抗炎药|选择性COX-2抑制剂", "选择性5-HT再摄取抑制剂"), "NSAID with an SSRI: bleeding"),
    (("苯二氮䓬类镇静催眠药|非苯二氮䓬类催眠药|苯二氮䓬类抗焦虑药", "苯二氮䓬类镇静催眠药|非苯二氮䓬类催眠药|苯二氮䓬类抗焦虑药"),
     "two sedatives: respiratory depression and falls"),
)


def oral_nsaids(cat: Catalogue) -> np.ndarray:
    return np.isin(cat.drug_class.astype(str), ORAL_NSAID_CLASSES) & (cat.drug_route.astype(str) == "口服")


def nsaid_gate(cat: Catalogue, age: np.ndarray, listed: np.ndarray) -> np.ndarray:
    """(records, drugs): False for an oral NSAID where the patient's age or conditions make it one to avoid."""
    risk = age >= NSAID_AVOIDED_FROM
    risk |= listed[:, [cat.index[k] for k in NSAID_RISK]].any(axis=1)
    return ~(risk[:, None] & oral_nsaids(cat)[None, :])


_SETS: dict = {}


def class_sets(cat: Catalogue) -> list[tuple[list[np.ndarray], str]]:
    """INTERACTIONS as boolean drug masks per member (computed once per catalogue)."""
    if id(cat) not in _SETS:
        classes = cat.drug_class.astype(str)
        _SETS[id(cat)] = [([np.isin(classes, member.split("|")) for member in members], why)
                          for members, why in INTERACTIONS]
    return _SETS[id(cat)]


def interacting_rows(cat: Catalogue, on_drug: np.ndarray) -> np.ndarray:
    """Per record (rows of a records x drugs boolean matrix), whether its drugs complete an interacting set; a
    member named twice needs two drugs of its classes (two sedatives)."""
    out = np.zeros(len(on_drug), dtype=bool)
    for masks, _ in class_sets(cat):
        needed: dict[bytes, tuple[np.ndarray, int]] = {}
        for m in masks:
            key = m.tobytes()
            needed[key] = (m, needed[key][1] + 1 if key in needed else 1)
        complete = np.ones(len(on_drug), dtype=bool)
        for m, times in needed.values():
            # the member's few columns summed as booleans (no integer copy of the whole matrix)
            complete &= np.count_nonzero(on_drug[:, m], axis=1) >= times
        out |= complete
    return out
