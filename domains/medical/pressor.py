"""Cold remedies that raise the pressure are not given beside a raised pressure measured at this visit.

酚麻美敏片 contains pseudoephedrine (its label: caution or avoid in hypertension) and 连花清瘟胶囊 contains 麻黄
(ephedra; its label: caution in hypertension); contraindications.tsv keeps both from a listed hypertension. A
clinician reader met 酚麻美敏 in notes that flagged 142/90 and 156/76 in the same examination: the choice is made
after the pressure is measured, so a visit whose pressure is at or above 140/90 mmHg gets a cold remedy without a
sympathomimetic instead (复方氨酚烷胺片 contains no pseudoephedrine: paracetamol, amantadine, chlorphenamine,
caffeine, artificial bezoar; 感冒清热颗粒 no ephedra), the first one the record allows (allergy, contraindication,
no second drug of its group or ingredient). Rule no_contraindicated_drug reads the measured pressure too.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .data import BP_DIASTOLIC, BP_SYSTOLIC

PRESSOR_DRUGS = ("酚麻美敏片", "连花清瘟胶囊")
# tried in this order, those of the replaced drug's group first (an antipyretic stays an antipyretic: the first-line
# step of a cold); paracetamol alone where amantadine is kept from a kidney disease
SUBSTITUTES = ("复方氨酚烷胺片", "对乙酰氨基酚片", "感冒清热颗粒")


def raised(sbp, dbp) -> np.ndarray:
    return (np.asarray(sbp, dtype=float) >= BP_SYSTOLIC) | (np.asarray(dbp, dtype=float) >= BP_DIASTOLIC)


@lru_cache(maxsize=1)
def _ids() -> tuple[np.ndarray, dict[int, tuple[int, ...]]]:
    """The pressor mask and, per pressor drug, its substitutes in the order they are tried."""
    from .data import catalogue
    cat = catalogue()
    mask = np.isin(cat.drug_name, PRESSOR_DRUGS)
    ids = [cat.drug_index[n] for n in SUBSTITUTES]
    order = {}
    for name in PRESSOR_DRUGS:
        group = cat.drug_group[cat.drug_index[name]]
        order[cat.drug_index[name]] = tuple(sorted(ids, key=lambda s: cat.drug_group[s] != group))
    return mask, order


def pressor_mask() -> np.ndarray:
    """Per drug, whether it raises the pressure (PRESSOR_DRUGS)."""
    return _ids()[0]


def pressor_rows(drugs, sbp, dbp) -> np.ndarray:
    """Indices of the records (a column of drug tuples) prescribed a pressor drug beside a raised pressure."""
    from .model import flattened
    high = np.flatnonzero(raised(sbp, dbp))
    rows, flat = flattened(np.asarray(drugs)[high])
    return high[np.unique(rows[pressor_mask()[flat]])]


def replaced(drugs: tuple[int, ...], allowed: np.ndarray, excludes: np.ndarray,
             indicated: np.ndarray) -> tuple[int, ...]:
    """The visit's drugs with each pressor drug replaced by the first substitute `allowed` (a drugs row) permits
    that no other of its drugs rules out; without one it is left out where another drug of its indication remains
    (`indicated`: per drug, whether it treats the visit's reason), else kept (the rule then asks for another)."""
    pressor, substitutes = _ids()
    out = list(drugs)
    for k, d in enumerate(out):
        if not pressor[d]:
            continue
        others = [x for j, x in enumerate(out) if j != k]
        for s in substitutes[d]:
            if allowed[s] and s not in others and not any(excludes[x, s] for x in others):
                out[k] = s
                break
        else:
            if any(indicated[x] for x in others):
                out[k] = -1
    return tuple(x for x in out if x >= 0)
