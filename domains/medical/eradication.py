"""H. pylori at an ulcer visit: the ¹³C urea breath test and, when it is positive, bismuth quadruple therapy
(第五次全国幽门螺杆菌感染处理共识报告 2017, lexicons/medical/README.md [54]): a PPI at the standard dose twice a day,
a bismuth, and two antibacterials for 14 days — amoxicillin with clarithromycin; amoxicillin with levofloxacin
where clarithromycin meets a statin or colchicine (CYP3A4); clarithromycin with levofloxacin after a penicillin
allergy. A patient none of these suits (a teenager allergic to penicillin) is drawn negative (a simplification).

The model decides the test before it prescribes; the eradication drugs are gated off every other record, and the
rule reads the test back from 辅助检查 (symptomatic_drugs_fit_symptoms, one_drug_per_class).
"""

from __future__ import annotations

import numpy as np

from .data import Catalogue

POSITIVE_SHARE = 0.6        # of ulcer visits; a modelling estimate (H. pylori in 70-90 % of untreated ulcers, some
                            # of the visits are after eradication)
PPI = "奥美拉唑肠溶胶囊"       # 20 mg twice a day, the consensus dose (the other PPIs' rows are once a day)
BISMUTH = "枸橼酸铋钾胶囊"
REGIMENS = (("阿莫西林胶囊", "克拉霉素片"), ("阿莫西林胶囊", "左氧氟沙星片"), ("克拉霉素片", "左氧氟沙星片"))
CYP3A4_CLASHES = ("辛伐他汀片", "阿托伐他汀钙片", "秋水仙碱片")      # not with clarithromycin
POSITIVE_TEXT = "¹³C尿素呼气试验：阳性"


def eradication_drugs(cat: Catalogue) -> np.ndarray:
    """Drugs given for an ulcer only in eradication (the bismuth and the antibacterials)."""
    names = {BISMUTH} | {d for pair in REGIMENS for d in pair}
    return np.isin(cat.drug_name, list(names))


def eradication_gate(cat: Catalogue, primary: np.ndarray, positive: np.ndarray) -> np.ndarray:
    """(records, drugs): the bismuth only where eradication is given; at an ulcer visit without it, none of the
    eradication antibacterials."""
    ulcer = primary == cat.index["peptic_ulcer"]
    bismuth = cat.drug_name == BISMUTH
    off = (~positive[:, None] & bismuth[None, :]) | ((ulcer & ~positive)[:, None] & eradication_drugs(cat)[None, :])
    return ~off


def choose_regimens(cat: Catalogue, allowed: np.ndarray, drugs) -> np.ndarray:
    """Per record, the index into REGIMENS of the first regimen it may have (-1: none). `allowed` is
    (records, drugs) eligibility; `drugs` the drugs already prescribed (a statin or colchicine rules out
    clarithromycin)."""
    clash = np.isin(cat.drug_name, CYP3A4_CLASHES)
    on_clash = np.array([bool(clash[list(t)].any()) if len(t) else False for t in drugs], dtype=bool)
    out = np.full(len(allowed), -1, dtype=np.int64)
    for k in reversed(range(len(REGIMENS))):
        idx = [cat.drug_index[d] for d in (PPI, BISMUTH) + REGIMENS[k]]
        ok = allowed[:, idx].all(axis=1)
        if "克拉霉素片" in REGIMENS[k]:
            ok &= ~on_clash
        out[ok] = k
    return out


def with_eradication(cat: Catalogue, drugs, regimen: np.ndarray, primary: np.ndarray) -> None:
    """Replace the ulcer's own drugs of each record with a regimen (>= 0) by PPI + bismuth + its two
    antibacterials; the other conditions' drugs follow (in place)."""
    ulcer = cat.index["peptic_ulcer"]
    for i in np.flatnonzero(regimen >= 0).tolist():
        course = tuple(cat.drug_index[d] for d in (PPI, BISMUTH) + REGIMENS[regimen[i]])
        rest = tuple(d for d in drugs[i] if not cat.indication[d, ulcer] and d not in course)
        drugs[i] = course + rest
