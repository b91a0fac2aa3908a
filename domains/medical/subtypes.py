"""Subtypes a visit's history, examination, tests and drugs all read (issue 18, an independent clinician: antibiotic
eye drops for a watery, viral conjunctivitis).

Acute conjunctivitis is bacterial or viral (conditions.tsv variants): the bacterial one has a mucopurulent
discharge (黏液脓性, 晨起睫毛粘连) and gets antibacterial drops; the viral (adenoviral) one a watery discharge with
follicles, often one eye then the other, and is treated supportively with artificial tears, no antibiotic
(中国眼科学会角膜病学组 我国腺病毒性结膜炎诊断和治疗专家共识 2019; lexicons/medical/README.md [63]). The
examination always shows the kind's discharge (sections.FORCED_SIGNS), and the drugs follow the variant
(drugs.tsv variants).
"""

from __future__ import annotations

import numpy as np

MUCOPURULENT, WATERY = "黏液脓性", "水样"


def conjunctivitis_drops_follow_discharge(columns, options) -> np.ndarray:
    """Per record, True unless it is a conjunctivitis visit whose antibacterial drops do not stand on a
    mucopurulent discharge in the examination, or whose examination tells a watery discharge beside them."""
    from .checks import _lists, parsed
    from .courses import antibacterial_drugs
    from .data import catalogue
    cat, p = catalogue(), parsed(columns)
    visit = p.primary == cat.index["conjunctivitis"]
    drops = (p.on_drug & antibacterial_drugs(cat)[None, :]).any(axis=1)
    ok = np.ones(len(visit), dtype=bool)
    exams = _lists(columns, "exam_findings")
    for i in np.flatnonzero(visit).tolist():
        purulent, watery = MUCOPURULENT in exams[i], WATERY in exams[i]
        ok[i] = (purulent and not watery) if drops[i] else not purulent
    return ok


# -- work-ups a subtype asks for ---------------------------------------------------------------------------------
# Mucopurulent cervicitis treated with an antibacterial is tested for chlamydia and gonorrhoea by nucleic acid
# amplification first (宫颈炎症诊治规范 / 2021 中国性传播疾病诊疗指南; the doxycycline covers chlamydia while the
# result is awaited: the results are pending at the visit, never negative beside the doxycycline, which an
# attending read as treating a disproved infection). NAFLD is diagnosed once alcohol and viral hepatitis are excluded (非酒精性脂肪性肝病防治指南
# 2018): its history says the patient does not drink (symptoms.tsv), its tests include hepatitis B and C serology
# beside the transaminases and the ultrasound. A new diabetes under 40 or with a BMI below 24 is tested for
# islet autoantibodies and C-peptide before it is called type 2 (中国2型糖尿病防治指南 2020; 中国1型糖尿病诊治指南):
# negative antibodies and a C-peptide in range here, since the diagnosis stays E11.9.
STI_TESTS = "沙眼衣原体及淋病奈瑟菌核酸检测：已送检，结果待回报"
VIRAL_HEPATITIS_SCREEN = "乙肝表面抗原：阴性；丙肝抗体：阴性"
AUTOANTIBODY_TESTS = "谷氨酸脱羧酶抗体（GADA）：阴性；胰岛细胞抗体（ICA）：阴性"
ALCOHOL_DENIED = ("无饮酒嗜好", "不饮酒", "否认长期饮酒")
YOUNG_DIABETES_BELOW = 40        # years
LEAN_DIABETES_BELOW = 24.0       # BMI, kg/m² (the Chinese overweight cut-off)


def sti_tested(cat, drugs) -> np.ndarray:
    """Per record (its drug tuples), whether an antibacterial is among them."""
    from .courses import antibacterial_drugs
    antibacterial = antibacterial_drugs(cat)
    return np.array([any(antibacterial[d] for d in ds) for ds in drugs], dtype=bool)


def autoimmune_screened(age, bmi) -> np.ndarray:
    """Per new diabetes, whether it is screened for autoimmune diabetes (young or lean; a missing BMI: not lean)."""
    return (np.asarray(age) < YOUNG_DIABETES_BELOW) | (np.asarray(bmi, dtype=float) < LEAN_DIABETES_BELOW)


def subtype_work_ups_done(columns, options) -> np.ndarray:
    """Per record, True unless a cervicitis on an antibacterial lacks its chlamydia/gonorrhoea tests, a NAFLD visit
    lacks its hepatitis serology or the history's word on alcohol, or a diabetes first found at this visit under 40
    or with a BMI below 24 lacks its islet autoantibodies."""
    from .checks import _column, _lists, parsed
    from .courses import antibacterial_drugs
    from .data import catalogue
    cat, p = catalogue(), parsed(columns)
    tests, illness = _lists(columns, "investigations"), _lists(columns, "present_illness")
    ok = np.ones(len(p.primary), dtype=bool)
    treated = (p.on_drug & antibacterial_drugs(cat)[None, :]).any(axis=1)
    for i in np.flatnonzero((p.primary == cat.index["cervicitis"]) & treated).tolist():
        ok[i] = STI_TESTS in tests[i]
    for i in np.flatnonzero(p.primary == cat.index["fatty_liver"]).tolist():
        ok[i] = VIRAL_HEPATITIS_SCREEN in tests[i] and any(w in illness[i] for w in ALCOHOL_DENIED)
    age = _column(columns, "age").astype(np.int64)
    bmi = _column(columns, "bmi").astype(float)
    histories = _lists(columns, "past_history")
    for i in np.flatnonzero((p.primary == cat.diabetes) & autoimmune_screened(age, bmi)).tolist():
        if "糖尿病" not in illness[i] and "糖尿病" not in histories[i]:      # found at this visit
            ok[i] = AUTOANTIBODY_TESTS in tests[i]
    return ok
