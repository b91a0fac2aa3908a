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


# A topical corticosteroid is an eczema's first anti-inflammatory (中国湿疹诊疗指南 2024; conditions.tsv first_line
# prefers 外用糖皮质激素): tacrolimus spares steroids after them or on the face, which no visit here records (an
# attending met 他克莫司软膏 as the first and only drug of a 66-year-old's and a 5-year-old's eczema). Nor does an
# eczema's history give a trigger that points to another diagnosis: a new cosmetic (contact dermatitis) or seafood
# (urticaria; hpi.grammar).
CALCINEURIN_INHIBITOR = "他克莫司软膏"
OTHER_DIAGNOSIS_TRIGGERS = ("新护肤品", "食用海鲜后")


def eczema_steroid_first(columns, options):
    """The rule: an eczema visit prescribes no tacrolimus and its present illness names no trigger of another
    diagnosis."""
    from .checks import _lists, parsed
    from .data import catalogue
    p = parsed(columns)
    out = np.ones(len(p.primary), dtype=bool)
    rows = np.flatnonzero(p.primary == catalogue().index["eczema"]).tolist()
    if rows:
        meds, hpis = _lists(columns, "medications"), _lists(columns, "present_illness")
        for i in rows:
            out[i] = all(m.get("name") != CALCINEURIN_INHIBITOR for m in meds[i]) and \
                not any(w in hpis[i] for w in OTHER_DIAGNOSIS_TRIGGERS)
    return out
