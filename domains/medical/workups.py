"""The work-up a Chinese outpatient clinician orders for the visits investigations.py left without one.

A clinician reader found every obesity and chronic prostatitis visit, every prostate, spine and bone visit written
暂未行辅助检查, and an elderly patient at 39.4 ℃ sent home without a blood count. Each visit reason here gets the
tests its guideline names, with results that agree with the rest of the record:
- obesity (中国超重/肥胖医学营养治疗指南 2021; 肥胖症诊疗指南 2024): lipids, liver function, urate, HbA1c, each
  abnormal only where the record lists the condition it would show (dyslipidaemia, hyperuricaemia or gout,
  diabetes), so no result contradicts the diagnoses; liver function in range (a listed fatty liver's history
  says 肝功能正常);
- chronic prostatitis (慢性前列腺炎诊断治疗指南, 中国泌尿外科疾病诊断治疗指南 2022): urine test and expressed
  prostatic secretion (EPS), some with an ultrasound; prostatic hyperplasia: ultrasound with residual urine and PSA;
- cervical spondylosis, lumbar disc herniation, knee osteoarthritis: the film or MRI the diagnosis rests on;
  osteoporosis: bone density (DXA T-score at or below -2.5, WHO definition); COPD: post-bronchodilator
  FEV1/FVC below 0.70 (GOLD); asthma from 6 (spirometry age): a positive bronchodilator test;
- hypothyroidism: thyroid function on the side of the regimen (TSH in range when continued, raised when changed);
- depression and anxiety: the screening scale (PHQ-9, GAD-7) in its moderate band;
- dysmenorrhoea: a pelvic ultrasound that finds no cause (primary dysmenorrhoea is a diagnosis of exclusion:
  adenomyosis, endometriosis and fibroids are looked for; 原发性痛经临床诊治中国专家共识 2023);
- hypertension found at this visit from 30 (before 30 investigations.py looks for a secondary cause): the basic
  tests of 中国高血压防治指南 2018 before a drug is started — creatinine, potassium, urine protein.
The fever rules (viral_fever_counted; a reader met a child febrile 5 days without a blood count while a 1-day fever
had one): a viral fever gets the blood count and CRP when it has lasted 3 days or more, when it reached 39.5 ℃, or
from 65 at 38.5 ℃ (a bacterial complication is looked for); a bronchitis from 65 a chest film to rule out pneumonia.
In the influenza season (November to March, 流行性感冒诊疗方案 2020: 北方冬春季) an upper respiratory infection
at 38.5 ℃ or more gets the influenza antigen test; it is negative there, since the diagnosis stays 急性上呼吸道感染.
An influenza visit (seasons.py) is always tested, and its test is positive, type A or B (FLU_B_SHARE): the
diagnosis rests on it (J10, virus identified). Rule flu_antigen_fits_diagnosis: positive only with influenza.
"""

from __future__ import annotations

import numpy as np

from .data import DIABETIC_GLUCOSE
from .hla import HLA_RESULT, started_allopurinol
from .model import REGIMEN_CONTINUE

ELDERLY_FROM = 65
FEVER_WORKED_UP_FROM = 38.5      # ℃, maximum temperature from which an elderly fever gets a blood count
FEVER_DAYS_WORKED_UP = 3         # days of fever from which any viral fever gets a blood count and CRP
HIGH_FEVER_WORKED_UP = 39.5      # ℃, maximum from which any viral fever gets them
FLU_SEASON_MONTHS = (11, 12, 1, 2, 3)
FLU_TESTED_FROM = 38.5           # ℃: an influenza-like fever in the season is tested (a reader met 39.0 ℃ untested)
FLU_TEST = "流感病毒抗原检测"
FLU_POSITIVE = ("甲型流感病毒抗原阳性", "乙型流感病毒抗原阳性")
FLU_B_SHARE = 0.3                # of positive tests, type B (modelling assumption; seasons differ widely)
SPIROMETRY_FROM = 6              # years: the youngest age spirometry is done at
PROSTATE_ULTRASOUND_SHARE = 0.4  # of chronic prostatitis visits (modelling assumption)

# Tests each visit reason must show (the rule investigations_fit_diagnosis reads this table): any one name of
# each tuple. Rows with an age floor apply from that age.
REQUIRED = {
    "pneumonia": (("胸部X线", "胸部CT"), ("经皮血氧饱和度",)), "uti": (("尿常规",),), "t2dm": (("糖化血红蛋白",),),
    "tonsillitis": (("血常规",),), "otitis_media": (("血常规",),),
    "obesity": (("血脂",), ("肝功能",), ("血尿酸",)),
    "chronic_prostatitis": (("尿常规",), ("前列腺液常规",)), "bph": (("前列腺彩超",), ("血清PSA",)),
    "cervical_spondylosis": (("颈椎正侧位X线",),), "lumbar_disc": (("腰椎MRI",),), "knee_oa": (("膝关节正侧位X线",),),
    "osteoporosis": (("骨密度",),), "copd": (("肺功能",),), "hypothyroidism": (("甲状腺功能",),),
    "depression": (("PHQ-9",),), "anxiety": (("GAD-7",),), "dysmenorrhoea": (("妇科彩超",),),
    "cervicitis": (("白带常规",),),
}
REQUIRED_FROM_AGE = {"asthma": ((("肺功能",),), SPIROMETRY_FROM)}


def required_tests(key: str, age: int) -> tuple[tuple[str, ...], ...]:
    """The tests (alternatives per tuple) a visit for `key` at `age` must show."""
    if key in REQUIRED_FROM_AGE:
        tests, floor = REQUIRED_FROM_AGE[key]
        return tests if age >= floor else ()
    return REQUIRED.get(key, ())


def viral_fever_counted(age, tmax, days) -> np.ndarray:
    """Per viral-fever record (arrays), whether its fever's length, height or the patient's age asks for a blood count."""
    return (days >= FEVER_DAYS_WORKED_UP) | (tmax >= HIGH_FEVER_WORKED_UP) | \
        ((age >= ELDERLY_FROM) & (tmax >= FEVER_WORKED_UP_FROM))


def flu_tested(key, tmax, month) -> np.ndarray:
    """Per record, whether it is tested for influenza: every influenza visit, and a high fever called upper
    respiratory infection in the influenza season."""
    key = np.asarray(key)       # fixed-width strings compare in C; no Python string per record
    return (key == "influenza") | ((key == "uri") & (tmax >= FLU_TESTED_FROM) & np.isin(month, FLU_SEASON_MONTHS))


def between(u, low, high, decimals=1):
    """A lab value from uniforms u, spread evenly over [low, high] and rounded (investigations.py uses it too)."""
    return np.round(low + u * (high - low), decimals)


def work_ups(parts, cat, case, key, age, glucose, u, month) -> None:
    """Append the work-up tests of this module to each record's parts; u: the investigations' uniforms."""
    for i in np.flatnonzero(started_allopurinol(cat, case, key)).tolist():
        parts[i].append(HLA_RESULT)
    tested = flu_tested(key, case["tmax"], month)
    for i in np.flatnonzero(tested & (key != "influenza")).tolist():
        parts[i].append(f"{FLU_TEST}（甲型/乙型）：阴性")
    for i in np.flatnonzero(key == "influenza").tolist():
        parts[i].append(f"{FLU_TEST}（甲型/乙型）：{FLU_POSITIVE[int(u[i, 8] < FLU_B_SHARE)]}")
    listed, primary = case["listed"].astype(np.int64), case["primary"].astype(np.int64)

    def has(name):      # the one bit of the condition masks asked for, not every condition's column
        return ((listed >> cat.index[name]) & 1).astype(bool)

    def rows_of(name):  # key is cat.keys[primary]: the visit's reason compared as an integer
        return np.flatnonzero(primary == cat.index[name])

    _obesity(parts, rows_of("obesity"), has, case, glucose, u)
    bph = rows_of("bph")
    _prostate(parts, rows_of("chronic_prostatitis"), bph, has("bph"), u, on_inhibitor(cat, case[bph]))
    for r, text in ((rows_of("cervical_spondylosis"), "颈椎正侧位X线：颈椎生理曲度变直，C5-6椎间隙变窄，椎体缘骨质增生"),
                    (rows_of("knee_oa"), "膝关节正侧位X线：关节间隙变窄，髁间棘变尖，关节边缘骨赘形成")):
        for i in r.tolist():
            parts[i].append(text)
    r = rows_of("lumbar_disc")
    for i in r.tolist():     # L4-5: the level of the L5 signs the history and exam name (小腿外侧, 足背, L4-5压痛)
        parts[i].append("腰椎MRI：L4-5椎间盘向后突出，硬膜囊受压")
    r = rows_of("osteoporosis")
    for i, t in zip(r.tolist(), between(u[r, 8], -3.8, -2.5).tolist()):
        parts[i].append(f"骨密度（双能X线）：腰椎T值{t:.1f}")
    r = rows_of("copd")
    for i, ratio, fev in zip(r.tolist(), np.round(45 + u[r, 8] * 23).astype(int).tolist(),
                             np.round(45 + u[r, 9] * 30).astype(int).tolist()):
        parts[i].append(f"肺功能：吸入支气管舒张剂后FEV1/FVC {ratio}%，FEV1占预计值{fev}%")
    r = rows_of("asthma")
    r = r[age[r] >= SPIROMETRY_FROM]
    for i, fev, gain in zip(r.tolist(), np.round(65 + u[r, 8] * 20).astype(int).tolist(),
                            np.round(13 + u[r, 9] * 12).astype(int).tolist()):
        parts[i].append(f"肺功能：FEV1占预计值{fev}%，支气管舒张试验阳性（FEV1改善{gain}%）")
    r = rows_of("hypothyroidism")
    steady = (case["regimen"][r] == REGIMEN_CONTINUE) & ~case["new"][r]
    tsh = np.where(steady, between(u[r, 8], 0.8, 4.2, 2), between(u[r, 8], 6.5, 18.0, 2))
    ft4 = np.where(steady, between(u[r, 9], 12.5, 20.0), between(u[r, 9], 8.5, 12.0))
    for i, a, b in zip(r.tolist(), tsh.tolist(), ft4.tolist()):
        parts[i].append(f"甲状腺功能：TSH {a:.2f}mIU/L，FT4 {b:.1f}pmol/L")
    for i in rows_of("dysmenorrhoea").tolist():
        parts[i].append("妇科彩超：子宫及双附件未见明显异常")
    _new_hypertension(parts, rows_of("hypertension"), has("ckd"), case, age, u, cat)
    for name, scale in (("depression", "PHQ-9"), ("anxiety", "GAD-7")):
        r = rows_of(name)
        for i, score in zip(r.tolist(), np.round(10 + u[r, 8] * 4).astype(int).tolist()):
            parts[i].append(f"{scale}量表评分：{score}分，提示中度")


# ACE inhibitor and ARB labels: creatinine and potassium when one is started or titrated (an attending, issue 18:
# irbesartan at an uncontrolled visit with neither ordered)
RAS_BLOCKERS = ("血管紧张素Ⅱ受体拮抗剂", "血管紧张素转换酶抑制剂")


def _new_hypertension(parts, r, ckd, case, age, u, cat) -> None:
    """A new hypertension's work-up, and a known one's kidney function and potassium where a RAS blocker is
    prescribed."""
    from .investigations import YOUNG_HYPERTENSION
    ras = np.isin(cat.drug_class.astype(str), RAS_BLOCKERS)
    blocked = np.array([any(ras[d] for d in drugs) for drugs in case["drugs"][r].tolist()], dtype=bool)
    r = r[(case["new"][r] | blocked) & (age[r] >= YOUNG_HYPERTENSION)]
    kidney = ckd[r]          # a listed kidney disease shows in the creatinine and the urine (as at a CKD visit)
    creatinine = np.where(kidney, np.round(110 + u[r, 10] * 90), np.round(50 + u[r, 10] * 45)).astype(int)
    potassium = between(u[r, 11], 3.6, 4.9)
    for i, c, k, p in zip(r.tolist(), creatinine.tolist(), potassium.tolist(), kidney.tolist()):
        parts[i].append(f"肾功能：血肌酐{c}μmol/L；电解质：血钾{k:.1f}mmol/L；尿常规：尿蛋白{'+' if p else '阴性'}")


def _obesity(parts, r, has, case, glucose, u) -> None:
    # urate: above 420 where hyperuricaemia or gout is listed, in range otherwise (a woman's 360 upper limit)
    high_urate = has("hyperuricaemia")[r] | has("gout")[r]
    urate = np.where(high_urate, np.round(440 + u[r, 8] * 90), np.round(250 + u[r, 8] * 100)).astype(int)
    # transaminases in range: a listed fatty liver's past history says 肝功能正常 (lab_words.py; a clinician met
    # that history beside ALT 65 here), and nothing else listed raises them
    alt = np.round(12 + u[r, 9] * 26).astype(int)
    ast = np.round(14 + u[r, 10] * 20).astype(int)
    for i, a, b, c in zip(r.tolist(), urate.tolist(), alt.tolist(), ast.tolist()):
        parts[i].append(f"血尿酸：{a}μmol/L；肝功能：ALT {b}U/L，AST {c}U/L")
    # HbA1c from the fasting glucose (ADAG), below 6.5 % unless diabetes is listed; only where glucose was measured
    diabetic = has("t2dm")[r]
    a1c = (glucose[r] + 2.59) / 1.59 + (u[r, 11] - 0.5) * 0.4
    a1c = np.where(diabetic, np.maximum(a1c, 6.6), np.clip(a1c, 4.6, 6.2))
    # a diabetic fasting glucose without a listed diabetes has its HbA1c ordered (the exam note says so), not a
    # normal one beside it (a reader doubted 空腹血糖9.3 with 糖化血红蛋白6.2%)
    pending = ~diabetic & (glucose[r] >= DIABETIC_GLUCOSE)
    for i, a, wait in zip(r.tolist(), np.round(a1c, 1).tolist(), pending.tolist()):
        if np.isfinite(a) and not wait:
            parts[i].append(f"糖化血红蛋白：{a:.1f}%")


FINASTERIDE = "非那雄胺片"


def on_inhibitor(cat, case) -> np.ndarray:
    """Per record of `case` (the visits for prostatic hyperplasia), whether the patient took finasteride before this visit (a continued regimen holding it, or the
    drug an add-on or a switch starts from): its PSA is about half the untreated value (finasteride label)."""
    from .model import REGIMEN_CONTINUE
    drug = cat.drug_index[FINASTERIDE]
    on = np.fromiter((drug in d for d in case["drugs"].tolist()), dtype=bool, count=len(case))
    return ((case["regimen"] == REGIMEN_CONTINUE) & on) | (case["previous"] == drug)


def _prostate(parts, prostatitis, bph, enlarged, u, inhibited) -> None:
    for i, wbc in zip(prostatitis.tolist(), np.round(12 + u[prostatitis, 8] * 23).astype(int).tolist()):
        parts[i].append(f"尿常规：白细胞阴性，亚硝酸盐阴性；前列腺液常规：白细胞{wbc}/HP，卵磷脂小体减少")
    r = prostatitis[u[prostatitis, 9] < PROSTATE_ULTRASOUND_SHARE]
    for i in r.tolist():      # the size agrees with a listed prostatic hyperplasia
        parts[i].append("前列腺彩超：" + ("前列腺增大" if enlarged[i] else "前列腺大小正常") + "，内部回声欠均匀")
    size = between(u[bph, 8], 4.3, 5.8)
    residual = np.round(15 + u[bph, 9] * 60).astype(int)
    # PSA 0.8-3.8 ng/ml untreated, half that on finasteride (the plan reads it doubled: alarms.py)
    psa = np.where(inhibited, between(u[bph, 10], 0.4, 1.9, 2), between(u[bph, 10], 0.8, 3.8, 2))
    for i, a, b, c in zip(bph.tolist(), size.tolist(), residual.tolist(), psa.tolist()):
        parts[i].append(f"前列腺彩超：前列腺增大，横径约{a:.1f}cm，内腺增生，残余尿约{b}ml；血清PSA：{c:.2f}ng/ml")
