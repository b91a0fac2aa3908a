"""Symptom-driven drugs: which of the record's own symptoms justify a cough medicine or an antipyretic.

The visit's diagnosis says which drugs *may* treat it; the symptoms say which of them this patient needs
(issue 18, a clinician's reading): a cough suppressant only for a dry cough, an expectorant only for a cough with
sputum, and an antipyretic for a cold, pneumonia, tonsillitis, hand-foot-mouth disease or herpangina only from a
maximum of 38.5 ℃ (Chinese paediatric fever guidance: ibuprofen or paracetamol from 38.5 ℃ or discomfort; an
adult with a headache, sore throat or aching limbs has the discomfort). The model decides these facts before it
prescribes; the rule reads the same facts back from the text, with the same function.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from .data import PAEDIATRIC_AGE, Catalogue

ANTIPYRETIC_FROM = 38.5
ANTITUSSIVE = "镇咳药"
EXPECTORANT = "祛痰药"
ANTIPYRETIC_CLASSES = ("解热镇痛药", "非甾体抗炎药")
# Conditions whose antipyretic is for the fever (their pain is the fever's aches, or the patient is a child);
# otitis media keeps its analgesic for the ear pain.
FEVER_RELIEF = ("uri", "influenza", "pneumonia", "tonsillitis", "hfmd", "herpangina")
# The visit reasons whose drugs these facts govern; elsewhere the facts are not read (nor computed by the rule).
GOVERNED = ("uri", "influenza", "acute_bronchitis", "pneumonia", "tonsillitis", "hfmd", "herpangina", "otitis_media")
PAIN_WORDS = ("头痛", "咽痛", "酸痛", "胸痛", "肌肉痛", "咽喉痛")
# The words of each fact facts_said reads: dry cough, cough with sputum, discomfort, running ear.
FACT_WORDS = (("干咳",), ("痰",), PAIN_WORDS, ("流脓",))
# Visit reasons whose finding on a check-up without a complaint (体检发现宫颈充血, an ectropion) is screened
# (TCT and HPV, investigations.py), not treated: no antibiotic without symptoms or signs of infection
# (宫颈炎症相关性疾病诊治的中国专家共识 2021).
SCREENED_ON_CHECK_UP = ("cervicitis",)
CHECK_UP_WORDS = "体检发现"


def found_on_check_up(cat: Catalogue, primary: np.ndarray, complaints) -> np.ndarray:
    """Per record, whether the visit is for a screened reason found on a check-up (its complaint says so)."""
    return screened_reason(cat, primary) & np.fromiter((CHECK_UP_WORDS in str(c) for c in complaints), dtype=bool,
                                                 count=len(primary))


def screened_reason(cat: Catalogue, primary: np.ndarray) -> np.ndarray:
    """Per record, whether the visit's reason is one a check-up finding screens (SCREENED_ON_CHECK_UP)."""
    return np.isin(primary, [cat.index[k] for k in SCREENED_ON_CHECK_UP])


def screened_check_up(cat: Catalogue, primary: np.ndarray, symptom: np.ndarray) -> np.ndarray:
    """found_on_check_up for records whose complaint is their symptom row's text (the model's side): the
    check-up words are looked up once per symptom row, not once per record."""
    return screened_reason(cat, primary) & _check_up_rows(cat)[symptom]


@lru_cache(maxsize=2)
def _check_up_rows(cat: Catalogue) -> np.ndarray:
    return np.array([CHECK_UP_WORDS in str(t) for t in cat.symptom_text], dtype=bool)


_NEGATED_CLAUSE = re.compile("(?:^|(?<=[，。；,;]))(?:无|否认|未)[^，。；,;]*")


def positive_text(text: str) -> str:
    """The clauses of a text that state something (a clause opening with 无/否认/未 denies it and is dropped)."""
    return _NEGATED_CLAUSE.sub("", text)


# The same clauses dropped from many texts in one pass: the texts are joined with a line break, a clause boundary
# here that no complaint or history contains, after a leading one. The pattern opens with a denying word's first
# character (the regex engine skips ahead to one) and looks back for the boundary mark before it, so a match is
# the clause without its mark and is replaced by nothing (no Python call per match).
_NEGATED_CLAUSE_JOINED = re.compile("[无否未](?<=[，。；,;\n][无否未])(?:(?<=否)认|(?<!否))[^，。；,;\n]*")


def positive_texts(texts: list[str]) -> list[str]:
    """positive_text of each text (one regex pass over them all)."""
    if any("\n" in t for t in texts):
        return [positive_text(t) for t in texts]
    return _NEGATED_CLAUSE_JOINED.sub("", "\n" + "\n".join(texts))[1:].split("\n") if texts else []


def facts_of(text: str) -> tuple[bool, bool, bool, bool]:
    """(dry cough, cough with sputum, discomfort, running ear) stated in the positive clauses of a complaint
    or history."""
    return facts_said(positive_text(text))


def facts_said(said: str) -> tuple[bool, bool, bool, bool]:
    """facts_of a text already reduced to its positive clauses."""
    return tuple(any(w in said for w in words) for words in FACT_WORDS)


def drug_gate(cat: Catalogue, primary: np.ndarray, age: np.ndarray, dry: np.ndarray, productive: np.ndarray,
              discomfort: np.ndarray, tmax: np.ndarray, running: np.ndarray, check_up: np.ndarray) -> np.ndarray:
    """(records, drugs): whether the record's symptoms allow each drug (True for drugs no symptom governs);
    ear drops only for a running ear (a perforated drum: an intact one in acute otitis media is treated
    systemically); nothing for the visit's reason when it was found on a check-up (found_on_check_up)."""
    cls = cat.drug_class.astype(str)
    acute = ~cat.chronic[primary]
    gate = np.ones((len(primary), len(cls)), dtype=bool)
    # a cough that turned productive (初为干咳，后咳少量白痰) is no longer dry: no suppressant (a clinician reader)
    gate[:, cls == ANTITUSSIVE] = (dry & ~productive)[:, None]
    gate[:, cls == EXPECTORANT] = (productive | ~acute)[:, None]
    relief = np.isin(primary, [cat.index[k] for k in FEVER_RELIEF])
    adult = age >= PAEDIATRIC_AGE
    needed = (tmax >= ANTIPYRETIC_FROM) | (adult & discomfort)
    gate[:, np.isin(cls, ANTIPYRETIC_CLASSES)] = (~relief | needed)[:, None]
    gate[:, cat.drug_route.astype(str) == "滴耳"] = running[:, None]
    gate[check_up] &= ~cat.indication[:, primary[check_up]].T
    return gate


@lru_cache(maxsize=2)
def row_facts(cat: Catalogue, with_detail: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per symptom row: dry cough, cough with sputum, discomfort, running ear (an accompanying symptom is told
    without its detail, so its facts are those of its complaint words alone)."""
    facts = [facts_of(t + ("，" + d if with_detail else "")) for t, d in zip(cat.symptom_text, cat.symptom_detail)]
    return tuple(np.array(column, dtype=bool) for column in zip(*facts))
