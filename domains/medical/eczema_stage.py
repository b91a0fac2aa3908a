"""Eczema treated by its stage (湿疹诊疗指南（中国）2011; 中国湿疹诊疗指南 2024): an exudative eczema is first
dried with cold wet dressings of 3% boric acid solution (硼酸洗液 冷湿敷) and only then creamed; a chronic,
lichenified one needs a stronger steroid than hydrocortisone butyrate (drugs.tsv variants: 丁酸氢化可的松乳膏 for
the acute, exudative and hand variants, 糠酸莫米松 or tacrolimus for the chronic). A reader met a weeping eczema of
an 89-year-old on a cream alone.

`wet_dressing_first` puts the dressing first in an exudative eczema's prescription.
Rule `eczema_treated_by_stage` reads the examination: 渗出 -> 硼酸洗液 before any cream or ointment; 苔藓样变 ->
no hydrocortisone butyrate.
"""

from __future__ import annotations

import numpy as np

DRESSING = "硼酸洗液"
WEAK_STEROID = "丁酸氢化可的松乳膏"
EXUDATIVE_SIGN, LICHENIFIED_SIGN = "渗出", "苔藓样变"
TOPICAL_FORMS = ("乳膏", "软膏")
DRESSING_FROM = 1


def wet_dressing_first(cat, drugs, primary, variant, allowed, max_drugs: int) -> np.ndarray:
    """Per record its drugs, an exudative eczema that is treated (an eczema drug chosen) and may have the
    dressing getting it first (moved there when chosen already); the last drug gives way if the list is full."""
    eczema = cat.index["eczema"]
    exudative = 1 + cat.variant_names.index("exudative")
    d = cat.drug_index[DRESSING]
    out = drugs.copy()
    for r in np.flatnonzero((primary == eczema) & (variant == exudative) & allowed).tolist():
        row = tuple(drugs[r])
        if row and row[0] != d and any(cat.indication[x, eczema] for x in row):
            out[r] = ((d,) + tuple(x for x in row if x != d))[:max_drugs]
    return out


def stage_fits(exam: str, names: list[str], age: int) -> bool:
    """Whether an eczema prescription (drug names in order) fits the stage its examination shows (the dressing
    from DRESSING_FROM: boric acid is not put on an infant's skin, drugs.tsv ages)."""
    if not names:
        return True
    if EXUDATIVE_SIGN in exam and age >= DRESSING_FROM:
        first_cream = next((k for k, n in enumerate(names) if n.endswith(TOPICAL_FORMS)), len(names))
        if DRESSING not in names[:first_cream]:
            return False
    return not (LICHENIFIED_SIGN in exam and WEAK_STEROID in names)
