"""辅助检查: the tests a clinician orders for the visit's reason and their results, consistent with the diagnosis.

A clinician reader found pneumonia without a chest film, urinary infection without a urine test and diabetes
follow-ups without HbA1c. Each visit reason here has the tests Chinese outpatient practice orders for it, and
the results follow the plan's facts: a bacterial infection has a raised white count and CRP, a viral fever a
normal count; pneumonia a shadow on the film, bronchitis a clear one; the HbA1c of a diabetic follows the fasting
glucose through the ADAG relation (mean glucose mmol/L = 1.59 x HbA1c - 2.59; Nathan et al., Diabetes Care 2008)
and the control state; vaginitis's smear names the variant the history and drugs follow.
Reference ranges: WS/T 405-2012 (blood count), WS/T 779-2021 (children's blood count).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .adult_lipids import ldl_values
from .data import PAEDIATRIC_AGE, Catalogue
from .glucose_lab import lab_text
from .lab_words import LIPID_STORY_CHOLESTEROL, cholesterol_u, symptom_stories, total_cholesterol, triglycerides
from .model import CONTROLLED, REGIMEN_ADD, REGIMEN_CONTINUE, REGIMEN_NEW, UNCONTROLLED, UNTREATED
from . import start_doses
from .rehydration import loose_rows
from .subtypes import AUTOANTIBODY_TESTS, STI_TESTS, VIRAL_HEPATITIS_SCREEN, autoimmune_screened, sti_tested
from .symptomatic import positive_text
from .workups import ELDERLY_FROM, between, viral_fever_counted, work_ups

NONE_DONE = "暂未行辅助检查"
YOUNG_HYPERTENSION = 30      # onset before this age: secondary causes are looked for
BACTERIAL = ("tonsillitis", "pneumonia", "otitis_media")
VIRAL_FEVER = ("uri", "influenza", "hfmd", "herpangina")
# The film's shadow lies on the side the examination heard (pneumonia's variant: right, left or both lungs).
FILM_SHADOWS = {"right": ("右下肺野斑片状模糊影", "右中下肺野斑片状阴影"), "left": ("左下肺野片状密度增高影",),
                "both": ("双下肺散在斑片状模糊影",)}
# A CT names the lobe, not the film's lung field (a reader met 肺野 in a CT report); one wording per film wording,
# both lungs as 双下肺 (admission.BOTH_LUNGS_FILM reads it).
CT_SHADOWS = {"right": ("右肺下叶斑片状渗出影，边缘模糊", "右肺中下叶斑片状实变影"),
              "left": ("左肺下叶片状实变影，可见空气支气管征",), "both": ("双下肺散在斑片状渗出影",)}
# A stool's look as the history tells it (its positive clauses), first match wins; white cells of a watery or
# mucous stool of viral gastroenteritis stay few.
STOOL_LOOKS = (("蛋花汤样", "黄色蛋花汤样便，见少量黏液"), ("黏液", "黄色稀便，见少量黏液"), ("水样", "黄色稀水样便"),
               ("稀糊", "黄色稀糊状便"))
STOOL_WHITE_CELLS = ("0-2/HP", "1-3/HP", "0-3/HP", "偶见")
ECG_NORMAL = ("窦性心律，大致正常心电图", "窦性心律，心电图未见明显异常")
ECG_HYPERTENSION = ("窦性心律，左心室高电压", "窦性心律，大致正常心电图")
ECG_CHD = ("窦性心律，部分导联T波低平", "窦性心律，Ⅱ、Ⅲ、aVF导联ST段轻度压低", "窦性心律，V4-V6导联T波低平")
# cervicitis: white cells without a vaginal pathogen (宫颈炎症相关性疾病诊治的中国专家共识 2021); the scan of a
# postmenopausal woman shows the thin endometrium that makes an endometrial cause of the discharge unlikely
CERVICITIS_SMEAR = "白带常规：清洁度Ⅲ度，白细胞++，未见滴虫及假丝酵母菌，线索细胞阴性"
MENOPAUSE_FROM = 50
PELVIC_ACHES = ("下腹", "腰骶")
PELVIS_NORMAL = "子宫及双附件未见明显异常"
POSTMENOPAUSAL_PELVIS = "绝经后子宫，内膜厚约3mm，双附件未见明显异常"
SMEAR = {"bv": "白带常规：清洁度Ⅲ度，线索细胞阳性，胺试验阳性，pH 5.0",
         "candida": "白带常规：清洁度Ⅲ度，镜检见假丝酵母菌芽生孢子及假菌丝",
         "trich": "白带常规：清洁度Ⅳ度，镜检见阴道毛滴虫"}


# Follow-up tests that belong to one visit reason each (issue 18, a clinician reader): the rule
# investigations_fit_diagnosis requires them where they belong and forbids them anywhere else.
# 消化性溃疡诊断与治疗共识意见 2022 and 第六次全国幽门螺杆菌感染处理共识 2022: an ulcer is confirmed by
# gastroscopy and every ulcer or chronic gastritis patient is tested for H. pylori (a reader found 16 of 33
# gastritis visits with no test at all; negative here, since the gastritis plan does not eradicate); chronic
# gastritis from 40 is scoped (early gastric
# cancer screening age, 中国早期胃癌筛查流程专家共识 2017). NAFLD: abdominal ultrasound (非酒精性脂肪性肝病防治
# 指南 2018). A febrile or young child's urinary infection gets a urine culture before the antibiotic (儿童泌尿
# 系感染诊疗规范 2021). Hyperthyroidism: thyroid ultrasound. Dyslipidaemia, obesity and NAFLD: the lipid panel (中国血脂管理指南 2023).
BREATH_TEST, GASTROSCOPY, LIVER_ULTRASOUND = "¹³C尿素呼气试验", "胃镜", "腹部彩超"
URINE_CULTURE, THYROID_ULTRASOUND, LIPID_PANEL = "尿培养", "甲状腺彩超", "血脂"
URINARY_ULTRASOUND = "泌尿系彩超"
CULTURED_UTI_BELOW = 3           # age (years) under which a urinary infection is cultured
# A man's urinary infection is complicated (中国泌尿外科和男科疾病诊断治疗指南 2022; EAU guideline on urological
# infections): it is cultured before the empirical antibiotic at any age, and an adult man's is scanned for an
# obstruction, the prostate and the residual urine (an attending met a 62-year-old man with none of them).
SCANNED_MALE_UTI_FROM = 18
SCOPED_GASTRITIS_FROM = 40
FOLLOW_UP_TESTS = {BREATH_TEST: ("peptic_ulcer", "chronic_gastritis"), GASTROSCOPY: ("peptic_ulcer", "chronic_gastritis"),
                   LIVER_ULTRASOUND: ("fatty_liver",), URINE_CULTURE: ("uti",), URINARY_ULTRASOUND: ("uti",),
                   THYROID_ULTRASOUND: ("hyperthyroidism",), LIPID_PANEL: ("hyperlipidaemia", "obesity", "fatty_liver")}
# Pulse oximetry at a pneumonia visit (儿童社区获得性肺炎诊疗规范 2019 and the adult guideline 2016 both ask for it;
# 92% or less is a criterion of severe pneumonia): an outpatient's 95-98% on air, 93-95% with both lungs involved.
SPO2_TEST = "经皮血氧饱和度"
SPO2_ONE, SPO2_BOTH = (95, 98), (93, 95)
CHILD_FILM_FEVER = 38.5     # ℃: a child's bronchitis gets a chest film from this maximum temperature
ULCER_SCOPES = ("十二指肠球部溃疡（A1期）", "十二指肠球部溃疡（A2期）", "胃角溃疡（A2期）", "胃窦溃疡（H1期）")


def follow_up_required(keys, age, female) -> dict[str, np.ndarray]:
    """Per follow-up test, the records (by visit reason key, age and sex: 1 for a woman) that must have it."""
    keys = np.asarray(keys)
    age = np.asarray(age)
    uti, male = keys == "uti", np.asarray(female) == 0
    return {BREATH_TEST: np.isin(keys, FOLLOW_UP_TESTS[BREATH_TEST]), GASTROSCOPY: (keys == "peptic_ulcer") |
            ((keys == "chronic_gastritis") & (age >= SCOPED_GASTRITIS_FROM)),
            LIVER_ULTRASOUND: keys == "fatty_liver", URINE_CULTURE: uti & ((age < CULTURED_UTI_BELOW) | male),
            URINARY_ULTRASOUND: uti & male & (age >= SCANNED_MALE_UTI_FROM),
            THYROID_ULTRASOUND: keys == "hyperthyroidism", LIPID_PANEL: np.isin(keys, FOLLOW_UP_TESTS[LIPID_PANEL])}


def _pick(u, options):
    return [options[k] for k in np.minimum((u * len(options)).astype(np.int64), len(options) - 1).tolist()]


def complaint_days(cat: Catalogue, case) -> np.ndarray:
    """Per record, the days the complaint has lasted (hours count 0, weeks 7 days each)."""
    unit = cat.symptom_unit[case["symptom"].astype(np.int64)]
    duration = case["duration"].astype(np.int64)
    return np.where(unit == "天", duration, np.where(unit == "周", duration * 7, np.where(unit == "小时", 0, 30)))


@lru_cache(maxsize=1)
def stool_looks(cat: Catalogue) -> np.ndarray:
    """Per symptom row, the stool test's look of the stool its history tells (黄色稀便 when it names none)."""
    said = [positive_text(t + "，" + d) for t, d in zip(cat.symptom_text, cat.symptom_detail)]
    return np.array([next((look for word, look in STOOL_LOOKS if word in t), "黄色稀便") for t in said])


def investigations(cat: Catalogue, case, age, glucose, u, month, bmi=None, sex=None) -> list[str]:
    """One 辅助检查 line per record (NONE_DONE when the visit needs none); u: 12 uniforms per record."""
    n = len(case)
    bmi = np.full(n, np.nan) if bmi is None else np.asarray(bmi, dtype=float)
    primary = case["primary"].astype(np.int64)
    # (a fixed-width string column: a comparison with a key is one C loop, not a Python comparison per record)
    key = np.array(cat.keys, dtype=str)[primary]
    child = age < PAEDIATRIC_AGE
    out = [NONE_DONE] * n
    parts: list[list[str]] = [[] for _ in range(n)]

    def rows_of(*keys):
        return np.flatnonzero(np.isin(primary, [cat.index.get(k, -1) for k in keys]))
    # a measured fasting glucose is a lab result, the first of the visit's tests (glucose_lab.py)
    r = np.flatnonzero(~np.isnan(glucose))
    for i, g in zip(r.tolist(), glucose[r].tolist()):
        parts[i].append(lab_text(g))

    # Blood count: raised white count, neutrophils and CRP in a bacterial infection; normal in a viral fever.
    r = rows_of(*BACTERIAL)
    wbc, neu, crp = between(u[r, 0], 11.2, 18.5), between(u[r, 1], 76, 89), between(u[r, 2], 15, 95)
    for i, a, b, c in zip(r.tolist(), wbc.tolist(), neu.tolist(), crp.tolist()):
        parts[i].append(f"血常规：白细胞{a:.1f}×10⁹/L，中性粒细胞{b:.1f}%，C反应蛋白{c:.1f}mg/L")
    r = rows_of(*VIRAL_FEVER)
    # many a short mild cold is seen without a blood test; a long, high or elderly fever never (workups.py)
    r = r[(u[r, 3] < 0.5) | viral_fever_counted(age[r], case["tmax"][r], complaint_days(cat, case)[r])]
    low, high = np.where(child[r], 5.0, 4.0), np.where(child[r], 11.0, 9.5)
    # lymphocytes: an adult's 20-40 % (a viral fever at the upper half), a child's higher (WS/T 405, WS/T 779)
    lym = np.where(child[r], between(u[r, 1], 38, 60), between(u[r, 1], 25, 40))
    wbc, crp = low + u[r, 0] * (high - low), between(u[r, 2], 0.5, 8.0)
    for i, a, b, c in zip(r.tolist(), wbc.tolist(), lym.tolist(), crp.tolist()):
        parts[i].append(f"血常规：白细胞{a:.1f}×10⁹/L，淋巴细胞{b:.1f}%，C反应蛋白{c:.1f}mg/L")
    # Chest film: a shadow in pneumonia (CT for some adults); a clear film rules it out in bronchitis.
    r = rows_of("pneumonia")
    ct = (~child[r]) & (u[r, 4] < 0.3)
    sides = [cat.variant_names[k - 1] for k in case["variant"][r].astype(np.int64).tolist()]
    shadows = [_pick(np.array([x]), (CT_SHADOWS if is_ct else FILM_SHADOWS)[side])[0]
               for x, side, is_ct in zip(u[r, 5].tolist(), sides, ct.tolist())]
    for i, shadow, is_ct in zip(r.tolist(), shadows, ct.tolist()):
        parts[i].append(("胸部CT：" if is_ct else "胸部X线：") + shadow + ("，考虑炎症" if is_ct else ""))
    # every pneumonia has its oxygen saturation measured (a reader found none): lower where both lungs are involved
    both = np.array([side == "both" for side in sides], dtype=bool)
    spo2 = np.where(both, np.floor(SPO2_BOTH[0] + u[r, 6] * (SPO2_BOTH[1] - SPO2_BOTH[0] + 1)),
                    np.floor(SPO2_ONE[0] + u[r, 6] * (SPO2_ONE[1] - SPO2_ONE[0] + 1))).astype(np.int64)
    for i, x in zip(r.tolist(), spo2.tolist()):
        parts[i].append(f"{SPO2_TEST}：{x}%（未吸氧）")
    r = rows_of("acute_bronchitis")
    # from 65 pneumonia is ruled out by a film; a child is X-rayed only for a high fever (a reader doubted a film of
    # an afebrile 1-year-old's cough: 儿童社区获得性肺炎诊疗规范 2019 keeps films for suspected pneumonia)
    filmed_child = child[r] & (case["tmax"][r] >= CHILD_FILM_FEVER)
    r = r[((u[r, 4] < 0.5) & ~child[r]) | (age[r] >= ELDERLY_FROM) | filmed_child]
    for i in r.tolist():
        parts[i].append("胸部X线：双肺纹理增粗，未见明显实变影")
    # Urine test for a urinary infection; stool test for diarrhoea.
    r = rows_of("uti")
    wbc_hp, rbc_hp = np.round(15 + u[r, 0] * 45).astype(int), np.round(u[r, 1] * 8).astype(int)
    # haematuria told in the history is seen under the microscope (a reader met 肉眼血尿 with 2 red cells/HP)
    told = [cat.symptom_text[a] + (cat.symptom_text[b] if b >= 0 else "") for a, b in
            zip(case["symptom"][r].tolist(), case["symptom2"][r].tolist())]
    bloody = np.array(["血尿" in t for t in told], dtype=bool)
    rbc_hp = np.where(bloody, np.round(60 + u[r, 1] * 90).astype(int), rbc_hp)
    nitrite = np.where(u[r, 2] < 0.6, "阳性", "阴性")
    grade = np.where(u[r, 3] < 0.5, "++", "+++")
    for i, a, b, c, g in zip(r.tolist(), wbc_hp.tolist(), rbc_hp.tolist(), nitrite.tolist(), grade.tolist()):
        parts[i].append(f"尿常规：白细胞酯酶{g}，亚硝酸盐{c}，镜检白细胞{a}/HP，红细胞{b}/HP")
    # A stool test only for loose stools (not vomiting alone); its look is the one the history tells (a reader found
    # one fixed 黄色稀便 line in 6 of 30 notes, and for vomiting alone).
    r = rows_of("acute_gastroenteritis", "infantile_diarrhoea")
    r = r[(u[r, 4] < 0.6) & loose_rows(cat, case["symptom"][r].astype(np.int64), case["symptom2"][r].astype(np.int64))]
    looks = stool_looks(cat)[case["symptom"][r].astype(np.int64)]
    cells = _pick(u[r, 5], STOOL_WHITE_CELLS)
    for i, look, wbc in zip(r.tolist(), looks.tolist(), cells):
        parts[i].append(f"大便常规：{look}，白细胞{wbc}，未见红细胞，隐血阴性")
    # HbA1c of a diabetic from the fasting glucose (ADAG), kept on the side of the control state.
    r = rows_of("t2dm")
    a1c = (glucose[r] + 2.59) / 1.59 + (u[r, 0] - 0.5) * 0.6
    state = case["dm"][r]
    a1c = np.where(state == CONTROLLED, np.clip(a1c, 5.8, 6.9),
                   np.where(np.isin(state, [UNCONTROLLED, UNTREATED]), np.maximum(a1c, 7.1), np.maximum(a1c, 6.5)))
    for i, a in zip(r.tolist(), np.round(a1c, 1).tolist()):
        parts[i].append(f"糖化血红蛋白：{a:.1f}%")
    # ECG: hypertension, coronary disease, palpitations of anxiety or thyroid excess from 40.
    r = rows_of("hypertension")
    # a first reading's ECG is the plan's (its left ventricular hypertrophy makes grade 1 high risk)
    ecg = _pick(u[r, 6], ECG_HYPERTENSION)
    first = case["htn_grade"][r] > 0
    ecg = np.where(first, np.where(case["lvh"][r], ECG_HYPERTENSION[0], ECG_HYPERTENSION[1]), ecg)
    for i, text in zip(r.tolist(), ecg.tolist()):
        parts[i].append("心电图：" + text)
    # Hypertension before 30 is worked up for a secondary cause (中国高血压防治指南 2018: young onset is a clue)
    # before it is called primary: kidney function, potassium, renin/aldosterone and the renal arteries, all
    # unremarkable here since the diagnosis stays 原发性高血压.
    r = r[age[r] < YOUNG_HYPERTENSION]
    for i, k, cr, ratio in zip(r.tolist(), between(u[r, 0], 3.6, 4.9).tolist(),
                               np.round(55 + u[r, 1] * 35).astype(int).tolist(), between(u[r, 2], 5, 18).tolist()):
        parts[i].append(f"电解质：血钾{k:.1f}mmol/L；肾功能：血肌酐{cr}μmol/L；尿常规：尿蛋白阴性；"
                        f"醛固酮/肾素比值{ratio:.1f}；肾动脉彩超：双肾动脉未见明显狭窄")
    r = rows_of("chd")
    for i, text in zip(r.tolist(), _pick(u[r, 6], ECG_CHD)):
        parts[i].append("心电图：" + text)
    r = rows_of("anxiety")
    r = r[age[r] >= 40]
    for i, text in zip(r.tolist(), _pick(u[r, 6], ECG_NORMAL)):
        parts[i].append("心电图：" + text)
    # Anaemia, urate, pregnancy, thyroid, vaginal smear.
    r = rows_of("ida")
    hb, mcv = np.round(78 + u[r, 0] * 30).astype(int), between(u[r, 1], 66, 78)
    for i, a, b in zip(r.tolist(), hb.tolist(), mcv.tolist()):
        parts[i].append(f"血常规：血红蛋白{a}g/L，平均红细胞体积{b:.1f}fL，血清铁蛋白降低")
    r = rows_of("gout")
    for i, a in zip(r.tolist(), np.round(460 + u[r, 0] * 180).astype(int).tolist()):
        parts[i].append(f"血尿酸：{a}μmol/L")
    # hyperuricaemia: the urate the model prescribed from (urate.py)
    r = rows_of("hyperuricaemia")
    for i, a in zip(r.tolist(), case["urate"][r].tolist()):
        parts[i].append(f"血尿酸：{a}μmol/L")
    # an early pregnancy is located by ultrasound (intrauterine or not): a sac from about 5 weeks, an embryo with
    # a heartbeat from about 7 (中华医学会妇产科学分会 孕前和孕期保健指南 2018; a reader missed the scan)
    r = rows_of("early_pregnancy")
    embryo = complaint_days(cat, case)[r] >= 49
    for i, seen in zip(r.tolist(), embryo.tolist()):
        parts[i].append("尿妊娠试验：阳性；妇科彩超：" + ("宫内早孕，可见胎芽及原始心管搏动" if seen else "宫腔内可见孕囊"))
    r = rows_of("hyperthyroidism")
    for i, a, b in zip(r.tolist(), between(u[r, 0], 9, 25).tolist(), between(u[r, 1], 30, 80).tolist()):
        parts[i].append(f"甲状腺功能：FT3 {a:.1f}pmol/L，FT4 {b:.1f}pmol/L，TSH <0.01mIU/L")
    # Kidney disease: protein in the urine and the creatinine; fatty liver: the transaminases.
    r = rows_of("ckd")
    protein = np.where(u[r, 0] < 0.5, "+", "++")
    # the potassium beside the creatinine: a CKD visit starts or continues a RAS blocker (a reader met an ARB at a
    # creatinine of 256 with no potassium)
    potassium = between(u[r, 9], 3.8, 5.2)
    for i, p, c, k in zip(r.tolist(), protein.tolist(), np.round(110 + u[r, 1] * 150).astype(int).tolist(),
                          potassium.tolist()):
        parts[i].append(f"尿常规：尿蛋白{p}；肾功能：血肌酐{c}μmol/L；电解质：血钾{k:.1f}mmol/L")
    r = rows_of("fatty_liver")
    for i, a, b in zip(r.tolist(), np.round(42 + u[r, 0] * 50).astype(int).tolist(),
                       np.round(35 + u[r, 1] * 35).astype(int).tolist()):
        parts[i].append(f"肝功能：ALT {a}U/L，AST {b}U/L；{VIRAL_HEPATITIS_SCREEN}")
    # A cervicitis visit is also a screening one (an ectropion found on a check-up is screened, not treated); one
    # treated with an antibacterial is tested for chlamydia and gonorrhoea first (subtypes.py)
    r = rows_of("cervicitis")
    for i in r.tolist():
        parts[i].append("宫颈液基薄层细胞学检查（TCT）：未见上皮内病变或恶性细胞；HPV分型检测：阴性")
    # a discharge is first looked at under the microscope: no trichomonas, yeast or clue cells sets cervicitis apart
    # from vaginitis; after the menopause a pale smear with few lactobacilli would point to atrophic vaginitis, so a
    # woman of 50 or more, or one whose history tells of a lower-abdominal or sacral ache, is also scanned (an
    # attending, issue 18: a 61-year-old's 白带增多 with 下腹坠胀 had neither)
    told = [cat.symptom_text[a] + cat.symptom_detail[a] for a in case["symptom"][r].tolist()]
    for i in r.tolist():
        parts[i].append(CERVICITIS_SMEAR)
    scanned = (age[r] >= MENOPAUSE_FROM) | np.array([any(w in t for w in PELVIC_ACHES) for t in told], dtype=bool)
    for i in r[scanned].tolist():
        parts[i].append("妇科彩超：" + (POSTMENOPAUSAL_PELVIS if age[i] >= MENOPAUSE_FROM else PELVIS_NORMAL))
    for i in r[sti_tested(cat, case["drugs"][r])].tolist():
        parts[i].append(STI_TESTS)
    # A new diabetes under 40 or lean is tested for autoimmune diabetes before it is called type 2 (subtypes.py)
    r = rows_of("t2dm")
    r = r[case["new"][r] & autoimmune_screened(age[r], bmi[r])]
    for i, c in zip(r.tolist(), between(u[r, 9], 0.5, 1.2, 2).tolist()):
        parts[i].append(f"{AUTOANTIBODY_TESTS}；空腹C肽：{c:.2f}nmol/L")
    r = rows_of("vaginitis")
    names = list(cat.variant_names)
    for i, v in zip(r.tolist(), case["variant"][r].tolist()):
        if 1 <= v <= len(names) and names[v - 1] in SMEAR:
            parts[i].append(SMEAR[names[v - 1]])
    follow_ups(parts, cat, case, key, age, np.zeros(n, dtype=np.int64) if sex is None else np.asarray(sex), u)
    work_ups(parts, cat, case, key, age, glucose, u, month)
    # the kidney function a renally cleared drug is started on (start_doses.py), after the urate and its HLA screen
    begun = start_doses.started(cat, case)
    r = np.flatnonzero(begun.any(axis=1) & ~child)
    if len(r):
        female = np.zeros(len(r), dtype=np.int64) if sex is None else np.asarray(sex)[r]
        cr = start_doses.creatinine(cat, case[r], age[r], female, begun[r])
        for i, c, e in zip(r.tolist(), cr.tolist(), start_doses.egfr(cr, age[r], female).tolist()):
            parts[i].append(start_doses.renal_text(c, e))
    for i, p in enumerate(parts):
        if p:
            out[i] = "；".join(p)
    return out


def follow_ups(parts, cat, case, key, age, female, u) -> None:
    """The follow-up tests of FOLLOW_UP_TESTS, appended to each record's parts; results agree with the plan."""
    need = follow_up_required(key, age, female)
    r = np.flatnonzero(need[GASTROSCOPY])
    for i, k in zip(r.tolist(), (u[r, 7] * 4).astype(np.int64).tolist()):
        scope = ULCER_SCOPES[min(k, 3)] if key[i] == "peptic_ulcer" else "慢性非萎缩性胃炎"
        parts[i].append(f"{GASTROSCOPY}：{scope}")
    # Positive exactly where the plan eradicates H. pylori (eradication.py; DOB cut-off 4.0).
    r = np.flatnonzero(need[BREATH_TEST])
    positive = case["hp"][r]
    dob = np.where(positive, between(u[r, 6], 8.0, 35.0), between(u[r, 6], 0.5, 3.5))
    for i, p, x in zip(r.tolist(), positive.tolist(), dob.tolist()):
        parts[i].append(f"{BREATH_TEST}：{'阳性' if p else '阴性'}（DOB值{x:.1f}）")
    for i in np.flatnonzero(need[LIVER_ULTRASOUND]).tolist():
        parts[i].append(f"{LIVER_ULTRASOUND}：肝脏体积增大，实质回声弥漫性增强，远场回声衰减，符合脂肪肝")
    for i in np.flatnonzero(need[URINE_CULTURE]).tolist():
        parts[i].append(f"{URINE_CULTURE}：已留取，结果待回报")
    # no obstruction or stone, and a residual within normal (the antibiotic plan stands; a larger one is a BPH visit)
    r = np.flatnonzero(need[URINARY_ULTRASOUND])
    for i, ml in zip(r.tolist(), np.round(5 + u[r, 8] * 35).astype(int).tolist()):
        parts[i].append(f"{URINARY_ULTRASOUND}：双肾、输尿管未见扩张及结石，前列腺形态大小未见明显异常，残余尿约{ml}ml")
    for i in np.flatnonzero(need[THYROID_ULTRASOUND]).tolist():
        parts[i].append(f"{THYROID_ULTRASOUND}：甲状腺弥漫性肿大，回声不均，血流信号丰富")
    # LDL-C on the side of the regimen: above target when a drug is started or added, at target when continued;
    # an obesity visit's panel is raised exactly where dyslipidaemia is listed (workups.py)
    rows = np.flatnonzero(need[LIPID_PANEL])
    regimen = case["regimen"][rows]
    # (a NAFLD visit's panel likewise: NAFLD is worked up for the metabolic syndrome, lipids included; 非酒精性脂肪性
    # 肝病防治指南 2018; an attending met one with viral serology and ultrasound and no lipids)
    obese = np.isin(key[rows], ("obesity", "fatty_liver"))
    dyslipidaemic = ((case["listed"][rows] >> np.int64(cat.index["hyperlipidaemia"])) & 1).astype(bool)
    # (a statin-treated dyslipidaemia at an obesity visit is at target: a reader met LDL 3.71 on simvastatin that the
    # obesity plan passed over)
    lipid_treated = ((case["treated"][rows] >> np.int64(cat.index["hyperlipidaemia"])) & 1).astype(bool)
    raised = np.where(obese, dyslipidaemic & ~lipid_treated, np.isin(regimen, [REGIMEN_NEW, REGIMEN_ADD]))
    ldl = np.where(raised, between(u[rows, 0], 3.5, 5.2, 2), between(u[rows, 0], 1.6, 2.5, 2))
    # a dyslipidaemia visit: on the side of its ASCVD group's target (adult_lipids.py); a complaint of raised
    # cholesterol draws from the top of each branch, where LDL-C is raised (lab_words.py)
    own = ~obese
    lifestyle = case["lipid_lifestyle"][rows]
    story = symptom_stories(cat)[case["symptom"][rows].astype(np.int64)]
    u_ldl = np.where(story == LIPID_STORY_CHOLESTEROL, cholesterol_u(u[rows, 0]), u[rows, 0])
    ldl[own] = ldl_values(u_ldl, case["lipid_risk"][rows], regimen == REGIMEN_CONTINUE, lifestyle,
                          regimen == REGIMEN_NEW)[own]
    # TG below the borderline where the panel is at target or normal, raised where the complaint or an untreated
    # dyslipidaemia's diagnosis rests on it; TC from the three (Friedewald)
    calm = np.where(obese, ~raised, regimen == REGIMEN_CONTINUE)
    fresh = np.where(obese, raised, (regimen == REGIMEN_NEW) | lifestyle)
    tg = triglycerides(u[rows, 2], calm, fresh, story, ldl)
    tc = total_cholesterol(u[rows, 1], ldl, tg)
    for i, a, b, c in zip(rows.tolist(), tc.tolist(), tg.tolist(), ldl.tolist()):
        parts[i].append(f"{LIPID_PANEL}：总胆固醇{a:.2f}mmol/L，甘油三酯{b:.2f}mmol/L，低密度脂蛋白胆固醇{c:.2f}mmol/L")
