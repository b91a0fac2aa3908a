"""The clinical model of the medical domain: who has what, why they came, what they get, what was measured.

All functions are vectorised over a batch: they take arrays (one value per record) and `BlockRandom` streams and
return arrays. The order of decisions is what keeps the record coherent by construction:

1. background chronic conditions from the age- and sex-specific prevalence (Gaussian copula, `data`);
   hypertension and diabetes are *known* only for the published awareness share; the rest stay undiagnosed;
2. the visit's reason (primary diagnosis): one of the patient's chronic conditions (share `chronic_visit_share`
   of visits by people who have one) or an acute problem drawn from the visit shares for the age and sex;
3. the prescription: drugs indicated for the primary diagnosis and for known chronic conditions, never two of one
   class, never one that is contraindicated (conditions, age, allergy, pregnancy);
4. blood pressure and glucose states follow from diagnosis and treatment (uncontrolled or undiagnosed disease
   lies above the diagnostic threshold, everyone else below it), then the vitals are drawn inside those regions.
"""

from __future__ import annotations


import numpy as np
import pandas as pd
from scipy import special

from synth.distributions import choose_index, normalised
from synth.randomness import BlockRandom

from .growth import DRAW_Z, HEIGHT_WEIGHT_CORRELATION, growth, interpolated_by_age, under_five
from .rehydration import (ORS_CLASS, dehydration_share, gut_gate, gut_row_facts, loose_rows, oliguria_rows,
                          stool_ranges)
from .interactions import class_sets, nsaid_gate
from .symptomatic import GOVERNED, drug_gate, row_facts, screened_check_up
from .weight_loss import THIN_BMI, thin_gate, weight_loss_gate
from .seasons import with_influenza, without_influenza
from .eradication import (POSITIVE_SHARE as HP_POSITIVE_SHARE, choose_regimens, eradication_gate,
                          with_eradication)
from .urate import urate_gate, visit_urate
from . import eczema_stage
from .paediatric_ages import floors, reached
from .ragged import ragged
from .paediatric_growth import child_pressure_p95
from .paediatric_rehydration import tachycardia_floor
from .paediatric_fever import HOME, REFER, disposition as fever_disposition, young_infant_fever
from .adult_hypertension import first_reading_gate, graded_pressure, plan_first_reading
from .adult_lipids import BY_LDL as LIPID_BY_LDL, LOW as LIPID_LOW, lifestyle_rows, lipid_gate, lipid_risk as risk_of_lipids
from .data import (BP_DIASTOLIC, BP_SYSTOLIC, DIABETIC_GLUCOSE, FEVER_THRESHOLD, HIGH_FEVER, PAEDIATRIC_AGE,
                            Catalogue)

# Awareness, treatment and control among people with the disease (lexicons/medical/README.md):
# China Hypertension Survey 2012-2015 [1]: aware 46.9 %, treated 40.7 %, controlled (<140/90) 15.3 %.
# China Chronic Disease and Risk Factor Surveillance 2018 [37]: aware 36.7 %, treated 32.9 %, adequately
# controlled 50.1 % of the treated.
HYPERTENSION_AWARENESS = 0.469
HYPERTENSION_TREATED_IF_AWARE = 0.407 / 0.469
HYPERTENSION_CONTROLLED_IF_TREATED = 0.153 / 0.407
DIABETES_AWARENESS = 0.367
DIABETES_TREATED_IF_AWARE = 0.329 / 0.367
DIABETES_CONTROLLED_IF_TREATED = 0.501

# Modelling assumptions (not survey figures; documented in docs/medical.md and exposed where useful as options).
CHRONIC_VISIT_SHARE = 0.5        # of visits by people with a chronic condition, the share for one of them
PRIMARY_TREATED = 1.0            # a visit's reason is always treated when some drug is allowed (issue 18)
COMORBIDITY_TREATED = 0.5        # a known chronic comorbidity has a continuing prescription at this visit
SECOND_DRUG = {"hypertension": 0.3, "t2dm": 0.3}   # combination therapy for these two
# Lifelong drugs no reader would accept missing from a known diagnosis: secondary prevention of coronary heart
# disease and of stroke (antiplatelet and statin), thyroxine replacement. Always continued; their first_line steps say which.
ALWAYS_CONTINUED = ("chd", "stroke_sequelae", "hypothyroidism")
# A visit for one of these known conditions is a visit for symptoms on the home drug: the plan adds a drug of
# another group rather than repeating the one that failed (an alpha-blocker plus finasteride for prostatic
# hyperplasia, an NSAID plus a muscle relaxant or mecobalamin for the spine, colchicine or alkali beside urate
# lowering, a PPI beside a mucosal protectant) — a clinician reader found the failed drug prescribed again.
STEP_UP_ON_VISIT = ("bph", "knee_oa", "lumbar_disc", "cervical_spondylosis", "gout", "chronic_gastritis", "gerd",
                    "osteoporosis", "copd", "migraine", "allergic_rhinitis", "asthma")
# A visit for a known, treated chronic condition either finds it at target and continues the standing regimen
# (继续原方案) or finds it above target and escalates with the reason in the plan (a clinician reader found
# uncontrolled pressures, sugars and relapsing ulcers sent home on the same drug): a second agent of another group
# (hypertension and diabetes by the Chinese guideline order, ezetimibe beside a statin, a mucosal protectant
# beside the PPI of a relapsing ulcer, the STEP_UP_ON_VISIT conditions), or, where a second drug of the kind is
# bad practice (two hypnotics, two antidepressants), a switch to another drug of the condition.
REGIMEN_NEW, REGIMEN_CONTINUE, REGIMEN_ADD, REGIMEN_SWITCH = 0, 1, 2, 3
# Share of treated patients above target at a visit for the condition. Dyslipidaemia: about 6 in 10 statin-treated
# Chinese patients miss their LDL-C goal (DYSIS-China 2014, lexicons/medical/README.md [44]). A visit for sleep or
# mood on a standing drug is a visit for symptoms it did not relieve (a reader met 病情平稳 beside 再次出现失眠).
ADD_WHEN_ABOVE = {"hyperlipidaemia": 0.6, "peptic_ulcer": 1.0}
SWITCH_WHEN_ABOVE = {"insomnia": 1.0, "depression": 1.0, "anxiety": 1.0}
# Known but untreated before (its history says 未规律治疗): a drug at the visit is a start, never a continuation.
STARTED_AT_VISIT = ("hyperuricaemia", "obesity", "chronic_gastritis", "fatty_liver")   # orlistat after lifestyle
# Treated in courses at a visit for them, never as a standing drug (a reader found long-term domperidone, whose
# label since the 2016 NMPA change limits it to the lowest dose for at most a week, and PPIs for uncomplicated
# dyspepsia beyond 8 weeks): chronic gastritis's flares get a course, its history says 未规律治疗.
# Fatty liver likewise: lifestyle is its treatment, a liver-protecting drug a course while ALT is raised (非酒精性
# 脂肪性肝病防治指南 2018); a reader met years of 多烯磷脂酰胆碱 as a standing drug.
EPISODIC = ("chronic_gastritis", "fatty_liver")
ANTIPLATELET_CONDITIONS = ("chd", "stroke_sequelae")    # always on an antiplatelet (ALWAYS_CONTINUED)
# Never a comorbidity's standing drug: courses for a flare (NSAIDs, prokinetics, muscle relaxants, mecobalamin for
# a radiculopathy, antacids) or for a raised ALT (liver protection); expectorants are a COPD exacerbation's add-on,
# its standing drugs are inhaled (GOLD; 慢性阻塞性肺疾病诊治指南 2021).
# An oral NSAID may still be told as taken now and then for a joint (间断服用); the NEVER_STANDING ones never are.
NEVER_STANDING = ("保肝药", "中枢性肌松药", "神经营养药", "抗酸药", "祛痰药")
COURSE_ONLY_CLASSES = ("非甾体抗炎药", "选择性COX-2抑制剂", "促胃肠动力药") + NEVER_STANDING
# A step-up of a chronic visit adds a drug of these classes only (the guideline's escalation): COPD on one long-acting
# inhaler adds the other (LAMA + ICS/LABA; 慢性阻塞性肺疾病诊治指南 2021 follow-up algorithm); a reader met COPD
# "stepped up" with an expectorant; asthma symptomatic on a reliever adds the controller (GINA; 支气管哮喘防治指南
# 2020). Radicular or joint pain not relieved adds an NSAID where the patient may take one (PREFERRED_ESCALATION:
# a reader met mecobalamin as the step-up of a sciatica); a muscle relaxant or mecobalamin only where no NSAID may.
ESCALATION_CLASSES = {"copd": ("长效抗胆碱能药", "吸入糖皮质激素/长效β2受体激动剂"),
                      "asthma": ("吸入糖皮质激素/长效β2受体激动剂", "吸入糖皮质激素", "白三烯受体拮抗剂"),
                      # LDL-C above target on a statin adds ezetimibe, not a fibrate (中国血脂管理指南 2023)
                      "hyperlipidaemia": ("胆固醇吸收抑制剂",)}
# A comorbidity's standing drug where the condition's own drugs include flare treatments: a known gout is kept on
# urate-lowering therapy, never on colchicine or an alkali alone (中国高尿酸血症与痛风诊疗指南 2019: colchicine
# treats a flare and covers the first months of urate lowering; an attending met 规律服用秋水仙碱片 for seven years of
# gout with no word on urate lowering).
STANDING_CLASSES = {"gout": ("黄嘌呤氧化酶抑制剂", "促尿酸排泄药")}
PAIN_STEP = ("非甾体抗炎药", "选择性COX-2抑制剂", "外用非甾体抗炎药")
PREFERRED_ESCALATION = {"lumbar_disc": PAIN_STEP, "cervical_spondylosis": PAIN_STEP, "knee_oa": PAIN_STEP}
ACUTE_DRUG_COUNT = (0.45, 0.4, 0.15)              # 1, 2 or 3 drugs for an acute primary problem
MAX_DRUGS = 6
ALLERGY_RATE = 0.08              # a recorded allergy (drug or food), one of the allergy phrases
PULSE_FLOOR_WIDTH = 8.0          # bpm: an adult's pulse below 60 tails off towards the floor of 52 (soft_floor)
SECOND_SYMPTOM = 0.35            # the complaint names an accompanying symptom (头痛伴头晕3天)

# Blood-pressure, glucose and fever states.
NORMAL, UNDIAGNOSED, UNTREATED, UNCONTROLLED, CONTROLLED = 0, 1, 2, 3, 4
ALLERGY_KEYS = {"对青霉素过敏": "penicillin_allergy", "对头孢类抗生素过敏": "cephalosporin_allergy",
                "有磺胺类药物过敏史": "sulfonamide_allergy", "对阿莫西林过敏": "penicillin_allergy"}

CASE_DTYPE = np.dtype([
    ("primary", np.int16), ("htn", np.int8), ("dm", np.int8), ("new", np.bool_), ("allergy", np.int8),
    ("listed", np.int64), ("treated", np.int64), ("symptom", np.int16), ("symptom2", np.int16),
    ("duration", np.int16), ("drugs", object), ("home", object), ("variant", np.int8),
    ("temperature", np.float64), ("tmax", np.float64), ("dehydrated", np.bool_),
    ("regimen", np.int8), ("previous", np.int16), ("urate", np.int16), ("hp", np.bool_),
    ("bmi_u", np.float64), ("bmi_z", np.float64), ("detail_u", np.float64), ("disposition", np.int8),
    ("htn_grade", np.int8), ("lvh", np.bool_), ("htn_watch", np.bool_),      # a first reading of hypertension (adult_hypertension.py)
    ("lipid_risk", np.int8), ("lipid_lifestyle", np.bool_),     # a dyslipidaemia visit (adult_lipids.py)
    ("renal_u", np.float64),        # the creatinine a started renally cleared drug is begun on (start_doses.py)
])

# Department scope: a chronic comorbidity's long-term drug is written on this visit's prescription (a
# 继续原方案 line) only by the department that looks after that condition, by general internal medicine for the
# internal-medicine conditions, and by paediatrics for a child; elsewhere the patient keeps taking it and the
# past history says so. A specialist starts or changes a chronic drug only when the visit is about it.
GENERAL_SCOPE = frozenset({"普通内科", "心内科", "内分泌科", "呼吸内科", "消化内科", "肾内科", "神经内科", "血液内科"})


def visit_department(cat, age: np.ndarray, primary: np.ndarray) -> np.ndarray:
    return np.where(age < PAEDIATRIC_AGE, "儿科", cat.department[primary])


def continuation_scope(cat, department: np.ndarray) -> np.ndarray:
    """(records, conditions): whether the visit's department may write a continuing prescription for it."""
    names, table = _scope_table(cat)
    codes = np.searchsorted(names, np.asarray(department).astype(str))
    codes = np.minimum(codes, len(names) - 1)
    known = names[codes] == np.asarray(department).astype(str)
    return table[codes] & known[:, None]


def visit_scope(cat, age: np.ndarray, primary: np.ndarray) -> np.ndarray:
    """continuation_scope of the visit's department (visit_department), by the department's row per condition
    (no department names compared per record)."""
    names, table = _scope_table(cat)
    if id(cat) not in _SCOPE_ROWS:
        _SCOPE_ROWS[id(cat)] = (np.searchsorted(names, cat.department.astype(str)), int(np.searchsorted(names, "儿科")))
    rows, paediatric = _SCOPE_ROWS[id(cat)]
    return table[np.where(age < PAEDIATRIC_AGE, paediatric, rows[primary])]


_SCOPE: dict = {}
_SCOPE_ROWS: dict = {}


def _scope_table(cat) -> tuple[np.ndarray, np.ndarray]:
    """Departments (sorted) and, per department, the conditions whose long-term drugs it may continue."""
    if id(cat) not in _SCOPE:
        names = np.array(sorted(set(cat.department.astype(str).tolist()) | {"儿科", "普通内科"}))
        own = names[:, None] == cat.department[None, :].astype(str)
        general = (names == "普通内科")[:, None] & np.isin(cat.department.astype(str), list(GENERAL_SCOPE))[None, :]
        _SCOPE[id(cat)] = (names, own | general | (names == "儿科")[:, None])
    return _SCOPE[id(cat)]


def choose_index_of(u: np.ndarray, codes: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """choose_index where record i draws from the row codes[i] of `weights` (one row per distinct weighting): the
    cumulative shares are made once per row, and each record's pick is the same as from its own copy of the row."""
    cumulative = np.cumsum(normalised(weights), axis=-1)
    return np.minimum((u[:, None] >= cumulative[codes]).sum(axis=1), cumulative.shape[1] - 1)


def share_keys(cat: Catalogue, sex, age, has_known, months) -> tuple[np.ndarray, np.ndarray]:
    """Per record the code of its acute visit shares' row (equal codes, equal rows: the same prevalence row, the
    same known conditions, the same age floors reached) and, per code, its first record."""
    prevalence = prevalence_codes(cat)[sex, age]
    known, _ = pd.factorize(row_keys(has_known))
    reached_ = np.searchsorted(np.sort(floors(cat)), np.asarray(months, dtype=float), side="right")
    codes, distinct = pd.factorize((known.astype(np.int64) * (prevalence.max() + 1) + prevalence)
                                   * (cat.n + 1) + reached_)
    first = np.empty(len(distinct), dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
    return codes, first


def prevalence_codes(cat: Catalogue) -> np.ndarray:
    """(sex, age): a code per distinct row of cat.prevalence (equal codes, equal rows)."""
    if id(cat) not in _PREVALENCE_CODES:
        table = cat.prevalence.reshape(-1, cat.n)
        _, codes = np.unique(table, axis=0, return_inverse=True)
        _PREVALENCE_CODES[id(cat)] = codes.reshape(cat.prevalence.shape[:2])
    return _PREVALENCE_CODES[id(cat)]


_PREVALENCE_CODES: dict = {}


def choose_true(u: np.ndarray, allowed: np.ndarray) -> np.ndarray:
    """For each row, one of its True columns uniformly (the floor(u * count)-th); rows must have one."""
    counts = np.cumsum(allowed, axis=1, dtype=np.int32)
    target = np.minimum((u * counts[:, -1]).astype(np.int32), counts[:, -1] - 1)
    return (counts <= target[:, None]).sum(axis=1)


def cells(matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.nonzero of a 2-D boolean matrix (row and column of each True cell, row-major), found in its flat view:
    a 2-D nonzero costs about five times the flat one on a (records, conditions) matrix."""
    return np.divmod(np.flatnonzero(matrix), matrix.shape[1])


def condition_matrix(mask: np.ndarray, n: int) -> np.ndarray:
    """(records, conditions) booleans from 64-bit condition masks (their bytes unpacked: bit c is condition c)."""
    octets = np.ascontiguousarray(mask, dtype="<i8").view(np.uint8).reshape(-1, 8)
    return np.unpackbits(octets, axis=1, count=n, bitorder="little").view(bool)


def masks_of(matrix: np.ndarray, cat: Catalogue) -> np.ndarray:
    """64-bit condition masks (the sum of cat.bit over each row's True columns) from a boolean matrix."""
    if matrix.dtype != bool:
        return (matrix.astype(np.int64) * cat.bit[None, :]).sum(axis=1)
    return row_keys(matrix).view(np.int64)


# Awareness rises steeply with age (China Hypertension Survey; Li Y 2017, 174,621 adults: older age goes with
# better awareness): the overall share is shifted by these odds ratios (estimates), so a young adult's high blood
# pressure is mostly found at this visit rather than known and treated for years. An option of 1.0 stays 1.0.
AWARENESS_AGE_ODDS = ((0, 0.25), (35, 0.55), (45, 0.9), (55, 1.2))


def aware_by_age(share: float, age: np.ndarray) -> np.ndarray:
    bands = np.array([lo for lo, _ in AWARENESS_AGE_ODDS])
    odds = np.array([r for _, r in AWARENESS_AGE_ODDS])[np.searchsorted(bands, age, side="right") - 1]
    return share * odds / (1 - share + share * odds)


# -- 1. background conditions -----------------------------------------------------------------------------------
def sample_chronic(rng: BlockRandom, cat: Catalogue, age: np.ndarray, sex: np.ndarray) -> np.ndarray:
    """64-bit masks of the chronic conditions each person has (diagnosed or not), by copula."""
    chronic = cat.chronic_ids
    latent = rng.standard_normal(len(chronic)) @ cat.copula_cholesky.T
    has = latent < chronic_thresholds(cat)[sex, age]
    matrix = np.zeros((len(age), cat.n), dtype=bool)
    matrix[:, chronic] = has
    # Hypo- and hyperthyroidism exclude each other; keep hypothyroidism (the commoner, P(both) < 0.01 %).
    matrix[:, cat.index["hyperthyroidism"]] &= ~matrix[:, cat.index["hypothyroidism"]]
    return masks_of(matrix, cat)


def chronic_thresholds(cat: Catalogue) -> np.ndarray:
    """cat.threshold's chronic columns, (sex, age, chronic conditions), kept per catalogue: a record's row is then
    gathered with those columns only, not every condition's and then cut."""
    if id(cat) not in _CHRONIC_THRESHOLDS:
        _CHRONIC_THRESHOLDS[id(cat)] = np.ascontiguousarray(cat.threshold[:, :, cat.chronic_ids])
    return _CHRONIC_THRESHOLDS[id(cat)]


_CHRONIC_THRESHOLDS: dict = {}


# -- 2-3. the visit and its treatment ----------------------------------------------------------------------
PRESSURE_FOLLOWED = ("chd", "ckd", "stroke_sequelae")


def plan_visits(streams: dict[str, BlockRandom], cat: Catalogue, age: np.ndarray, sex: np.ndarray,
                chronic: np.ndarray, options: dict, month: np.ndarray | None = None,
                months: np.ndarray | None = None) -> np.ndarray:
    """The case of each visit (CASE_DTYPE): primary diagnosis, states, listed diagnoses, drugs, complaint;
    `month` (1-12) of each visit sets influenza's share (seasons.py); `months` is the age in months (default:
    the whole years' months), which a febrile infant's disposition follows (paediatric_fever.py)."""
    n = len(age)
    months = age * 12.0 + 6 if months is None else np.asarray(months, dtype=float)
    has = condition_matrix(chronic, cat.n)
    h, d = cat.hypertension, cat.diabetes
    u = streams["visit"].random(6)
    aware_h = has[:, h] & (u[:, 0] < aware_by_age(options["hypertension_awareness"], age))
    aware_d = has[:, d] & (u[:, 1] < aware_by_age(options["diabetes_awareness"], age))

    # Which other chronic conditions are known (diagnosed before): the published awareness share where there is
    # one (conditions.tsv awareness); an unknown one is not in the record at all (nothing here measures it).
    aware = streams["awareness"].random(cat.n) < cat.awareness[None, :]
    aware[:, [h, d]] = True
    has_known = has & aware
    # a visit's reason is a condition the child is old enough for, in months (paediatric_ages.py)
    old_enough = reached(cat, months)
    has_known &= old_enough

    # The primary diagnosis.
    chronic_visit = has_known.any(axis=1) & (u[:, 2] < options["chronic_visit_share"])
    primary = np.zeros(n, dtype=np.int64)
    rows = np.flatnonzero(chronic_visit)
    if len(rows):
        primary[rows] = choose_true(u[rows, 3], has_known[rows])
    rows = np.flatnonzero(~chronic_visit)
    # the shares of an acute visit's reasons are a row per distinct (prevalence row, known conditions, age floors
    # reached): each distinct row is weighed once and every record draws from its own (same numbers, same draws)
    codes, first = share_keys(cat, sex[rows], age[rows], has_known[rows], months[rows])
    at = rows[first]
    # the tilt by known conditions, for those rows only (a row's product does not depend on the other rows)
    tilt = np.exp(has_known[rows[distinct_rows(first)]].astype(float) @ np.log(cat.acute_tilt))[:len(at)]
    shares = cat.prevalence[sex[at], age[at]] * ~cat.chronic[None, :] * tilt * old_enough[at]
    primary[rows] = choose_index_of(u[rows, 3], codes, without_influenza(cat, shares))
    if month is not None:       # influenza by its season, drawn apart so the other reasons keep their draws
        primary[rows] = with_influenza(cat, primary[rows], shares, month[rows], streams["season"].random()[rows],
                                       codes)

    one_hot = np.zeros((n, cat.n), dtype=bool)
    one_hot[np.arange(n), primary] = True
    # At a visit for coronary disease, kidney disease or a stroke the specialist who follows it has measured the
    # pressure at every visit: a hypertension there is known (a reader met 否认高血压病史 beside 177/99 at a CKD
    # visit, on an ARB). Only these visits: elsewhere the survey's awareness stands.
    aware_h |= has[:, h] & np.isin(primary, [cat.index[k] for k in PRESSURE_FOLLOWED])
    known = has_known.copy()
    # a comorbidity diagnosed before the visit is told in years since diagnosis: under 2 there is no such year
    # (a reader doubted 缺铁性贫血病史1年 at one year old; infants' iron stores last about six months)
    known &= (age >= 2)[:, None]
    known[:, h] &= aware_h | (primary == h)
    known[:, d] &= aware_d | (primary == d)
    listed = known | one_hot
    new_h = has[:, h] & ~aware_h & (primary == h)
    new_d = has[:, d] & ~aware_d & (primary == d)

    # Allergies.
    allergy_phrases = [p for k, p, _ in cat.past_rows if k == "allergy"]
    v = streams["allergy"].random(2)
    # An allergy needs an earlier exposure: none recorded in the first year (no sulfa allergy at 5 months).
    allergy = np.where((v[:, 0] < ALLERGY_RATE) & (age >= 1), 1 + (v[:, 1] * len(allergy_phrases)).astype(np.int64), 0)

    # The variant of the visit's reason (vaginitis: BV, candida, trichomonas): history, exam and drugs follow it.
    variant = np.zeros(n, dtype=np.int64)
    v = streams["variant"].random()
    for c, (codes, shares) in cat.condition_variants.items():
        rows = np.flatnonzero(primary == c)
        if not len(rows):
            continue
        # a variant only from the youngest age one of its symptom rows is told at (no hand eczema at 3 months)
        youngest = variant_min_age(cat, c, codes)
        possible = shares[None, :] * (youngest[None, :] <= age[rows, None])
        possible = np.where(possible.sum(axis=1, keepdims=True) > 0, possible, shares[None, :])
        variant[rows] = codes[choose_index(v[rows], possible / possible.sum(axis=1, keepdims=True))]
    # Whether a treated, known hypertension or diabetes is above target (drawn before prescribing): when it is
    # the visit's reason, the plan steps up to two drugs rather than repeating one that is not working.
    # The symptoms of an acute visit and its fever course are decided before prescribing: the plan gives a cough
    # medicine or an antipyretic only for the symptoms this record has (symptomatic.py). A chronic visit's
    # symptoms depend on its treatment, so they are picked after it (the same uniforms: acute rows do not change).
    u_symptom = streams["symptom"].random(5)
    acute = np.flatnonzero(~cat.chronic[primary])
    symptom, symptom2 = np.zeros(n, dtype=np.int64), np.full(n, -1, dtype=np.int64)
    duration, new = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=bool)
    no_state = np.zeros(len(acute), dtype=np.int8)
    symptom[acute], symptom2[acute], duration[acute], new[acute] = pick_symptoms(
        u_symptom[acute], cat, age[acute], primary[acute], no_state, no_state, no_state.astype(bool),
        no_state.astype(bool), variant[acute], months[acute])
    temperature, tmax = fever_course(streams["fever"], cat, age, sex, primary, symptom, symptom2)
    tmax = young_infant_fever(tmax, cat.fever[primary], months, streams["infant_fever"].random())
    # a febrile infant under 3 months is referred, not treated here: no drug is written (paediatric_fever.py)
    disposition = np.where(cat.fever[primary], fever_disposition(months, tmax), HOME).astype(np.int8)
    governed = np.isin(primary, [cat.index[k] for k in GOVERNED])
    dry, productive, discomfort, running = (x & governed for x in symptom_facts(cat, symptom, symptom2))
    check_up = screened_check_up(cat, primary, symptom)
    gate = drug_gate(cat, primary, age, dry, productive, discomfort, tmax, running, check_up)
    dehydrated, loose, vomits, stools, detail_u = dehydration(streams["hydration"], cat, primary, symptom, symptom2)
    gate &= gut_gate(cat, primary, age, loose, vomits, stools, dehydrated)
    gate &= (disposition != REFER)[:, None]

    control = streams["control"].random(2)
    above = ((primary == h) & aware_h & (control[:, 0] >= HYPERTENSION_CONTROLLED_IF_TREATED)) | \
        ((primary == d) & aware_d & (control[:, 1] >= DIABETES_CONTROLLED_IF_TREATED))
    above |= np.isin(primary, [cat.index[k] for k in STEP_UP_ON_VISIT])
    u_regimen = streams["regimen"].random(3)
    urate = visit_urate(cat, primary, u_regimen[:, 2])
    gate &= urate_gate(cat, primary, urate, listed)
    gate &= weight_loss_gate(cat, primary, listed)
    # The BMI is decided before prescribing: no metformin for a thin elderly diabetic, no lipid or liver drug for a
    # thin young adult (weight_loss.thin_gate; the weight field reads these draws back and keeps the side of 18.5).
    bmi_u, bmi_z = streams["bmi"].random(), streams["bmi"].standard_normal()
    gate &= thin_gate(cat, age, planned_bmi(bmi_u, bmi_z, cat, age, sex, listed))
    # H. pylori eradication is prescribed as a whole regimen below, never drug by drug (eradication.py)
    gate &= eradication_gate(cat, primary, np.zeros(n, dtype=bool))
    # a hypertension found today: grade 1 without high risk waits on lifestyle change (adult_hypertension.py)
    htn_grade, lvh, watched = plan_first_reading(streams["first_reading"].random(2), cat, new_h, listed,
                                                has[:, d])
    gate &= first_reading_gate(cat, watched)
    # a dyslipidaemia visit by ASCVD risk: a low-risk one not yet on a drug starts with lifestyle (adult_lipids.py)
    lipid_risk = np.where(primary == cat.index["hyperlipidaemia"], risk_of_lipids(cat, listed, age), 0).astype(np.int8)
    lipid_lifestyle = lifestyle_rows(cat, primary, lipid_risk, streams["lipid"].random())
    gate &= lipid_gate(cat, lipid_lifestyle)
    for k, share in ADD_WHEN_ABOVE.items():
        above |= (primary == cat.index[k]) & (u_regimen[:, 0] < share)
    switch = np.zeros(n, dtype=bool)
    for k, share in SWITCH_WHEN_ABOVE.items():
        switch |= (primary == cat.index[k]) & (u_regimen[:, 0] < share)
    drugs, treated = prescribe(streams["drugs"], cat, age, listed, primary, allergy, allergy_phrases,
                                       aware_h, aware_d, u[:, 4], variant, above, gate)
    # A positive breath test at an ulcer visit: bismuth quadruple therapy replaces the ulcer's drugs.
    eradicate = np.full(n, -1, dtype=np.int64)
    rows = np.flatnonzero((primary == cat.index["peptic_ulcer"]) & (streams["hp"].random() < HP_POSITIVE_SHARE))
    if len(rows):
        allowed = eligible_drugs(cat, age[rows], listed[rows], primary[rows], allergy[rows], allergy_phrases)
        eradicate[rows] = choose_regimens(cat, allowed, drugs[rows])
    with_eradication(cat, drugs, eradicate, primary)
    rows = np.flatnonzero(dehydrated)
    ors_ok = np.zeros(n, dtype=bool)
    ors_ok[rows] = eligible_drugs(cat, age[rows], listed[rows], primary[rows], allergy[rows],
                                  allergy_phrases)[:, cat.drug_class == ORS_CLASS].any(axis=1)
    drugs = rehydrate(cat, drugs, ors_ok)
    # an exudative eczema is dried with wet dressings before it is creamed (eczema_stage.py)
    rows = np.flatnonzero(primary == cat.index["eczema"])
    dressing_ok = np.zeros(n, dtype=bool)
    dressing_ok[rows] = eligible_drugs(cat, age[rows], listed[rows], primary[rows], allergy[rows],
                                       allergy_phrases)[:, cat.drug_index[eczema_stage.DRESSING]]
    drugs = eczema_stage.wet_dressing_first(cat, drugs, primary, variant, dressing_ok, MAX_DRUGS)
    drugs, home = split_by_scope(cat, age, primary, listed, drugs)

    # Blood pressure and glucose states.
    htn = state_of(has[:, h], listed[:, h], aware_h, treated[:, h], control[:, 0], HYPERTENSION_CONTROLLED_IF_TREATED)
    dm = state_of(has[:, d], listed[:, d], aware_d, treated[:, d], control[:, 1], DIABETES_CONTROLLED_IF_TREATED)

    rows = np.flatnonzero(cat.chronic[primary])
    symptom[rows], symptom2[rows], duration[rows], new[rows] = pick_symptoms(
        u_symptom[rows], cat, age[rows], primary[rows], htn[rows], dm[rows], treated[rows, primary[rows]],
        (new_h | new_d)[rows], variant[rows], months[rows])
    case = np.zeros(n, dtype=CASE_DTYPE)
    case["primary"], case["htn"], case["dm"], case["new"], case["allergy"] = primary, htn, dm, new, allergy
    case["listed"], case["treated"] = masks_of(listed, cat), masks_of(treated, cat)
    case["symptom"], case["symptom2"], case["duration"] = symptom, symptom2, duration
    case["drugs"], case["home"], case["variant"] = drugs, home, variant
    case["temperature"], case["tmax"], case["dehydrated"] = temperature, tmax, dehydrated
    case["urate"], case["hp"] = urate, eradicate >= 0
    case["bmi_u"], case["bmi_z"], case["detail_u"] = bmi_u, bmi_z, detail_u
    case["disposition"] = disposition
    case["renal_u"] = streams["renal"].random()
    case["htn_grade"], case["lvh"], case["htn_watch"] = htn_grade, lvh, watched
    # a low-risk one no lipid drug could be written for (a thin young adult: weight_loss.thin_gate) waits likewise
    lipid_rows = np.flatnonzero((lipid_risk == LIPID_LOW) & ~lipid_lifestyle)
    lipid_lifestyle[lipid_rows] = [not any(cat.indication[x, primary[r]] for x in drugs[r]) for r in lipid_rows.tolist()]
    case["lipid_risk"], case["lipid_lifestyle"] = lipid_risk, lipid_lifestyle
    case["regimen"], case["previous"] = standing_regimen(cat, age, listed, primary, allergy, allergy_phrases,
                                                         drugs, new | new_h | new_d, above, switch, u_regimen[:, 1])
    # a 中低危 patient who starts a lipid drug today does so for an LDL-C of 4.9 or more, which makes them 高危
    case["lipid_risk"][(lipid_risk == LIPID_LOW) & ~lipid_lifestyle & (case["regimen"] == REGIMEN_NEW)] = LIPID_BY_LDL
    # A condition found at this visit starts on one drug: the second drawn for "above target" goes again.
    extra = (case["regimen"] == REGIMEN_NEW) & np.isin(primary, [cat.index[k] for k in ADD_WHEN_ABOVE]) & above
    extra &= ~case["hp"]        # eradication is four drugs by design
    for r in np.flatnonzero(extra).tolist():
        own = [d for d in drugs[r] if cat.indication[d, primary[r]]]
        case["drugs"][r] = tuple(d for d in drugs[r] if d not in own[1:])
    return case


def drug_table(drugs: np.ndarray) -> np.ndarray:
    """(records, longest list) drug indices from a column of drug tuples, -1 after each record's last: for
    column-wise questions about the prescriptions (which drug treats what) without a loop per record."""
    lengths, flat = ragged(drugs)
    width = max(int(lengths.max(initial=0)), 1)
    table = np.full((len(drugs), width), -1, dtype=np.int64)
    table[np.arange(width)[None, :] < lengths[:, None]] = flat
    return table


def standing_regimen(cat, age, listed, primary, allergy, allergy_phrases, drugs, new, above, switch, u):
    """Per chronic visit of a condition known before and treated: CONTINUE (at target), ADD (above target, the
    last of the visit's drugs for it is the one added) or SWITCH (above target, a drug of the condition the
    patient took before and is changed from); NEW otherwise. `previous`: the drug the history says the patient
    takes (ADD: the first of the visit's own, SWITCH: the one switched from), else -1."""
    n = len(primary)
    rows, flat = flattened(drugs)
    mine = cat.indication[flat, primary[rows]]            # each prescribed drug: for the visit's reason?
    own = np.bincount(rows, weights=mine, minlength=n).astype(np.int64)
    # an antibiotic is a course for this visit (chronic prostatitis), never a standing regimen to continue
    antibacterial = cat.group_names[cat.drug_group] == "全身抗菌药"
    course = np.bincount(rows, weights=mine & antibacterial[flat], minlength=n) > 0
    # the history names the first of the visit's own drugs (the patient took it; an added one is the last)
    first_rows, at = np.unique(rows[mine], return_index=True)
    first_own = np.full(n, -1, dtype=np.int64)
    first_own[first_rows] = flat[mine][at]
    known = cat.chronic[primary] & ~new & (own > 0) & ~course
    known &= ~np.isin(primary, [cat.index[k] for k in STARTED_AT_VISIT])
    # a child's iron is a course (儿童缺铁和缺铁性贫血防治建议: until haemoglobin is normal, then 6-8 weeks more), never
    # years of a standing drug: a child's anaemia seen again starts a course (a reader met 规律服用铁剂多年 at 7)
    known &= ~((primary == cat.index["ida"]) & (age < PAEDIATRIC_AGE))
    # nor is a course-only drug (a muscle relaxant, mecobalamin, an expectorant) one the patient has long taken
    known &= ~np.isin(cat.drug_class, NEVER_STANDING)[np.maximum(first_own, 0)]
    regimen = np.where(known, REGIMEN_CONTINUE, REGIMEN_NEW).astype(np.int8)
    regimen[known & above & (own >= 2)] = REGIMEN_ADD
    previous = np.where(regimen == REGIMEN_ADD, first_own, -1).astype(np.int16)
    switched = np.flatnonzero(known & switch & (own == 1))
    if len(switched):
        ok = eligible_drugs(cat, age[switched], listed[switched], primary[switched], allergy[switched],
                            allergy_phrases)
        ok &= cat.indication[:, primary[switched]].T & ~np.asarray(cat.drug_as_needed, dtype=bool)[None, :]
        ok[np.arange(len(switched)), first_own[switched]] = False
        has = ok.any(axis=1)
        previous[switched[has]] = choose_true(u[switched[has]], ok[has])
        regimen[switched[has]] = REGIMEN_SWITCH
    return regimen, previous


def flattened(drugs) -> tuple[np.ndarray, np.ndarray]:
    """(record index, drug index) of every prescribed drug, in prescription order."""
    lengths, flat = ragged(drugs)
    return np.repeat(np.arange(len(drugs)), lengths), flat


def rehydrate(cat, drugs, dehydrated) -> np.ndarray:
    """A dehydrated patient (who may have them) gets oral rehydration salts first (the first-line step for
    gastroenteritis may otherwise be met by a mucosal protectant alone); the last drug gives way if full."""
    ors = int(np.flatnonzero(cat.drug_class == ORS_CLASS)[0])
    out = drugs.copy()
    for r in np.flatnonzero(dehydrated).tolist():
        if ors not in drugs[r]:
            out[r] = ((ors,) + tuple(drugs[r]))[:MAX_DRUGS]
    return out


def split_by_scope(cat, age, primary, listed, drugs):
    """Prescribed at this visit (drugs for the visit's reason, then continuing drugs the department may write)
    and taken at home (a chronic drug another department looks after)."""
    scope = masks_of(visit_scope(cat, age, primary) & listed & cat.chronic[None, :], cat)
    shown, home = drugs.copy(), np.empty(len(drugs), dtype=object)
    home[:] = [()] * len(drugs)
    table = drug_table(drugs)
    treats = indication_masks(cat)[np.maximum(table, 0)]       # per prescribed drug, its conditions as a mask
    keep = ((treats >> primary[:, None]) & 1).astype(bool) | ((treats & scope[:, None]) != 0)
    moved = np.flatnonzero(((table >= 0) & ~keep).any(axis=1))
    table, keep = table[moved], keep[moved]
    shown[moved] = row_tuples(table, (table >= 0) & keep)
    home[moved] = row_tuples(table, (table >= 0) & ~keep)
    return shown, home


def indication_masks(cat: Catalogue) -> np.ndarray:
    """Per drug, the conditions it is indicated for as a 64-bit mask (like the case's condition masks)."""
    if id(cat) not in _INDICATION_MASKS:
        _INDICATION_MASKS[id(cat)] = masks_of(cat.indication, cat)
    return _INDICATION_MASKS[id(cat)]


_INDICATION_MASKS: dict = {}


def state_of(has, listed, known_before, treated, u, control: float) -> np.ndarray:
    """NORMAL, UNDIAGNOSED (has it, not listed), UNTREATED, UNCONTROLLED or CONTROLLED per record.

    Only a patient treated before this visit can be controlled; one diagnosed at this visit is above the
    threshold (the measurement is what found it) whether or not a drug is started now.
    """
    state = np.full(len(has), NORMAL, dtype=np.int8)
    state[has & ~listed] = UNDIAGNOSED
    state[listed & ~treated] = UNTREATED
    state[listed & treated] = UNCONTROLLED
    state[listed & treated & known_before & (u < control)] = CONTROLLED
    return state


def eligible_drugs(cat: Catalogue, age: np.ndarray, listed: np.ndarray, primary: np.ndarray,
                   allergy: np.ndarray, allergy_phrases: list[str]) -> np.ndarray:
    """(records, drugs): drugs with a dose for the age group that nothing in the record contraindicates."""
    child = age < PAEDIATRIC_AGE
    ok = dosed_at_age(cat, int(age.max(initial=0)))[age]
    ok &= ~contraindicated(cat, listed)
    # the rules of a few records: each on its rows only (a row of `ok` loses the drugs the rule rules out)
    if "under_18" in cat.contra_special:
        _rule_out(ok, age < 18, cat.contra_special["under_18"])
    for k, phrase in enumerate(allergy_phrases, start=1):
        key = ALLERGY_KEYS.get(phrase)
        if key in cat.contra_special:
            _rule_out(ok, allergy == k, cat.contra_special[key])
    _rule_out(ok, cat.pregnancy[primary], ~cat.drug_pregnancy)
    # An adult's pneumonia with a comorbidity (diabetes, 65 or older) is not treated with amoxicillin alone but
    # with a respiratory quinolone or a cephalosporin (中国成人社区获得性肺炎诊断和治疗指南 2016).
    risky = (primary == cat.index["pneumonia"]) & ~child & ((age >= 65) | listed[:, cat.diabetes])
    _rule_out(ok, risky, cat.drug_name == "阿莫西林胶囊")
    return ok


def dosed_at_age(cat: Catalogue, oldest: int) -> np.ndarray:
    """(ages 0 to at least `oldest`, drugs): a drug has a dose for the age group (a child's under PAEDIATRIC_AGE,
    else an adult's) and the age is within its age limits; per catalogue, gathered by age."""
    table = _DOSED_AT_AGE.get(id(cat))
    if table is None or len(table) <= oldest:
        age = np.arange(max(oldest, 130) + 1)
        has_child = np.array([d is not None for d in cat.drug_child])
        has_adult = np.array([d is not None for d in cat.drug_adult])
        table = np.where((age < PAEDIATRIC_AGE)[:, None], has_child[None, :], has_adult[None, :])
        table &= (cat.drug_age_low[None, :] <= age[:, None]) & (age[:, None] <= cat.drug_age_high[None, :])
        _DOSED_AT_AGE[id(cat)] = table
    return table


_DOSED_AT_AGE: dict = {}


def _rule_out(ok: np.ndarray, rows: np.ndarray, drugs: np.ndarray) -> None:
    """`ok &= ~(rows[:, None] & drugs[None, :])`, on the rows that hold only."""
    picked = np.flatnonzero(rows)
    if len(picked):
        ok[picked] &= ~drugs


def contraindicated(cat: Catalogue, listed: np.ndarray) -> np.ndarray:
    """(records, drugs): drugs one of the listed conditions contraindicates, worked out once per distinct set of
    conditions (a few thousand in 30,000 records) rather than as one product per record."""
    inverse, first = first_rows(row_keys(listed))
    hits = listed[first].astype(np.float32) @ cat.contra_condition.T.astype(np.float32)
    return (hits > 0.5)[inverse]


def first_rows(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per key its distinct key's number, and per distinct key the row where it first appears (numbered in
    order of first appearance, found by hash rather than by sorting)."""
    inverse = pd.factorize(keys)[0]
    return inverse, np.flatnonzero(np.diff(np.maximum.accumulate(inverse), prepend=-1) > 0)


def row_keys(matrix: np.ndarray) -> np.ndarray:
    """One integer per row of a boolean matrix of at most 64 columns, equal for equal rows (its bits)."""
    packed = np.packbits(matrix, axis=1, bitorder="little")
    padded = np.zeros((len(matrix), 8), dtype=np.uint8)
    padded[:, :packed.shape[1]] = packed
    return padded.view(np.uint64).reshape(-1)


def excluded_by(cat: Catalogue) -> np.ndarray:
    """(drugs, drugs): whether choosing the first rules out the second (same group, or a shared active
    ingredient, compound preparations included)."""
    if id(cat) not in _EXCLUDES:
        ingredients = cat.drug_ingredients.astype(np.float32)
        classes = cat.drug_ingredient_classes.astype(np.float32)
        _EXCLUDES[id(cat)] = (cat.drug_group[:, None] == cat.drug_group[None, :]) | \
            ((ingredients @ ingredients.T) > 0.5) | ((classes @ classes.T) > 0.5)
    return _EXCLUDES[id(cat)]


_EXCLUDES: dict = {}


def interacting_options(cat: Catalogue, c: int) -> list[tuple[list[np.ndarray], list[np.ndarray]]]:
    """The interacting sets (of distinct members) condition c's drugs could complete, each member's mask over
    c's drugs: a function of the catalogue, worked out once per condition (per batch it cost 1% of medical)."""
    key = (id(cat), c)
    if key not in _INTERACTING_OPTIONS:
        options = cat.drugs_for[c]
        _INTERACTING_OPTIONS[key] = [
            (masks, [m[options] for m in masks]) for masks, _ in class_sets(cat)
            if len({m.tobytes() for m in masks}) == len(masks) and any(m[options].any() for m in masks)]
    return _INTERACTING_OPTIONS[key]


_INTERACTING_OPTIONS: dict = {}


def prescribe(rng: BlockRandom, cat: Catalogue, age, listed, primary, allergy, allergy_phrases, aware_h, aware_d,
              u_primary, variant, step_up=None, gate=None):
    """Drugs per record (tuples of drug indices) with the condition each was chosen for, and the treated matrix."""
    n = len(age)
    ok = eligible_drugs(cat, age, listed, primary, allergy, allergy_phrases)
    ok &= cat.drug_variant_ok[variant]
    ok &= nsaid_gate(cat, age, listed)
    if gate is not None:
        ok &= gate
    h, d = cat.hypertension, cat.diabetes
    # Uniforms: one per listed chronic condition (by its rank among the record's conditions, up to 12), two for
    # combination therapy, one for the number of acute drugs, one per drug slot.
    u = rng.random(12 + 3 + MAX_DRUGS)
    chronic_rows = listed & cat.chronic[None, :]
    # (the draws at the chronic cells only: ranked_draws' matrix is 1.0, never below a share, elsewhere)
    cell_rows, cell_columns, cell_draws = ranked_cells(chronic_rows, u[:, :12])
    # Whether each listed condition is meant to be treated at this visit.
    intend = np.zeros((n, cat.n), dtype=bool)
    intend[np.arange(n), primary] = u_primary < PRIMARY_TREATED
    treat = cell_draws < COMORBIDITY_TREATED
    intend[cell_rows[treat], cell_columns[treat]] = True
    essential = [cat.index[k] for k in ALWAYS_CONTINUED]
    intend[:, essential] |= listed[:, essential]
    episodic = [cat.index[k] for k in EPISODIC]
    intend[:, episodic] &= (primary[:, None] == np.array(episodic)[None, :])
    # a healed ulcer keeps a PPI only beside an antiplatelet (gastroprotection; 消化性溃疡诊断与治疗共识意见
    # 2022): a reader met 18 years of pantoprazole for an old duodenal ulcer
    ulcer = cat.index["peptic_ulcer"]
    antiplatelet = listed[:, [cat.index[k] for k in ANTIPLATELET_CONDITIONS]].any(axis=1)
    intend[:, ulcer] &= (primary == ulcer) | antiplatelet
    # a child's iron is a course for an anaemia seen at this visit, never a standing drug of an old diagnosis (a
    # reader met 缺铁性贫血病史3年，目前口服蛋白琥珀酸铁 at 8; standing_regimen does the same for an IDA visit)
    ida = cat.index["ida"]
    intend[:, ida] &= (primary == ida) | (age >= PAEDIATRIC_AGE)
    draws_h, draws_d = (_column_draws(cell_rows, cell_columns, cell_draws, c, n) for c in (h, d))
    intend[:, h] = listed[:, h] & (primary == h) & (u_primary < PRIMARY_TREATED) | \
        (listed[:, h] & (primary != h) & (draws_h < HYPERTENSION_TREATED_IF_AWARE))
    intend[:, d] = listed[:, d] & (primary == d) & (u_primary < PRIMARY_TREATED) | \
        (listed[:, d] & (primary != d) & (draws_d < DIABETES_TREATED_IF_AWARE))
    count = np.zeros(n, dtype=np.int64)
    chosen = np.full((n, MAX_DRUGS), -1, dtype=np.int64)
    # A chosen drug rules out, for the rest of the visit, every drug of its group and every drug sharing an
    # active ingredient with it: `ok` loses them as drugs are chosen (no matmul). `ok` and the exclusions are kept
    # as bits, 64 drugs a word: a pick clears a record's few words, not a row of booleans over every drug.
    excludes = drug_bits(excluded_by(cat))
    ok = drug_bits(ok)
    treated = np.zeros((n, cat.n), dtype=bool)
    # How many drugs each condition gets.
    wanted = np.ones((n, cat.n), dtype=np.int8)
    # A second drug for a disease known before (combination therapy); one found at this visit starts on one
    # (a first reading below 160/100 is not treated with two drugs; issue 18 reader).
    wanted[:, h] += (u[:, 12] < SECOND_DRUG["hypertension"]) & aware_h
    wanted[:, d] += (u[:, 13] < SECOND_DRUG["t2dm"]) & aware_d
    if step_up is not None:     # uncontrolled on one drug: a second one is added at this visit
        wanted[step_up, primary[step_up]] = np.maximum(wanted[step_up, primary[step_up]], 2)
    acute_count = 1 + choose_index(u[:, 14], np.array(ACUTE_DRUG_COUNT))
    wanted[np.arange(n), primary] = np.where(cat.chronic[primary], wanted[np.arange(n), primary], acute_count)
    steps_needed = np.array([len(x) for x in cat.first_line])[primary]
    wanted[np.arange(n), primary] = np.maximum(wanted[np.arange(n), primary], steps_needed)
    wanted[:, essential] = np.array([len(cat.first_line[c]) for c in essential], dtype=np.int8)
    slot_draws = u[:, 15:]
    antibacterial = cat.group_names[cat.drug_group] == "全身抗菌药"
    course_only = antibacterial | np.isin(cat.drug_class, COURSE_ONLY_CLASSES)
    visit_course = antibacterial | np.isin(cat.drug_class, NEVER_STANDING)    # treats the visit's problem only
    covered = np.zeros((n, cat.n), dtype=bool)       # conditions some chosen drug is indicated for
    escalation = {cat.index[k]: np.isin(cat.drug_class, v) for k, v in ESCALATION_CLASSES.items()}
    standing_only = {cat.index[k]: np.isin(cat.drug_class, v) for k, v in STANDING_CLASSES.items()}
    preferred_escalation = {cat.index[k]: np.isin(cat.drug_class, v) for k, v in PREFERRED_ESCALATION.items()}
    treats_primary = intend[np.arange(n), primary]
    # The primary problem first, then the chronic conditions in table order; one condition at a time, so the
    # candidates are only that condition's drugs.
    steps = [(c, np.flatnonzero(treats_primary & (primary == c))) for c in range(cat.n)]
    steps += [(c, np.flatnonzero(intend[:, c] & (primary != c))) for c in cat.chronic_ids]
    for step, (c, rows) in enumerate(steps):
        primary_step = step < cat.n
        if not len(rows):
            continue
        # A drug already chosen for another condition that is indicated for this one treats it too.
        already = covered[rows, c]
        treated[rows[already], c] = True
        need = wanted[rows, c] - (already & (c not in essential))   # an essential's steps are named drugs
        options = cat.drugs_for[c]
        word, bit = options // 64, (options % 64).astype(np.uint64)
        relevant = interacting_options(cat, c)
        # a chronic comorbidity's standing drug is never a course-only drug: an antibiotic, an oral NSAID, a
        # prokinetic (model.EPISODIC, interactions.ORAL_NSAID_CLASSES)
        not_antibacterial = None if primary_step else ~course_only[options]
        for pick in range(3):
            active = (need > pick) & (count[rows] < MAX_DRUGS)
            if not active.any():
                break
            r = rows[active]
            candidates = ((ok[np.ix_(r, word)] >> bit) & np.uint64(1)).astype(bool)
            # never the drug that completes an interacting set (interactions.INTERACTIONS)
            if relevant:
                held = chosen[r]
                present, held = held >= 0, np.maximum(held, 0)
            for masks, option_masks in relevant:
                met = np.stack([(present & m[held]).any(axis=1) for m in masks])
                # every other member met: the count of met members less this one's is all the others
                met_count = met.sum(axis=0)
                for j, m in enumerate(option_masks):
                    others = (met_count - met[j]) == len(masks) - 1
                    candidates &= ~(others[:, None] & m[None, :])
            if not primary_step:        # an antibiotic is a course for the visit's infection, never a standing drug
                candidates &= not_antibacterial[None, :]
                if c in standing_only:
                    candidates &= standing_only[c][options][None, :]
            elif pick and c in escalation:
                candidates &= escalation[c][options][None, :]
            elif pick and c in preferred_escalation:
                preferred = candidates & preferred_escalation[c][options][None, :]
                has_preferred = preferred.any(axis=1)
                candidates[has_preferred] = preferred[has_preferred]
            if pick < len(cat.first_line[c]) or (c == h and len(cat.first_line[c])):
                # hypertension's added agents come from the first-line groups too (CCB, RAS blocker, thiazide:
                # a reader met a β-blocker added for a diabetic); the groups already taken drop out
                step = min(pick, len(cat.first_line[c]) - 1)
                # The first-line step of the visit's reason, where this patient may have one of its drugs; a
                # standing regimen of a chronic comorbidity starts there too (metformin before a sulfonylurea: a
                # reader found gliclazide alone for a 20-year-old diabetic).
                first = candidates & cat.first_line[c][step][options][None, :]
                has_first = first.any(axis=1)
                candidates[has_first] = first[has_first]
                preferred = candidates & cat.first_line_preferred[c][step][options][None, :]
                has_preferred = preferred.any(axis=1)
                candidates[has_preferred] = preferred[has_preferred]
            possible = candidates.any(axis=1)
            r, candidates = r[possible], candidates[possible]
            if not len(r):
                continue
            drug = options[choose_true(slot_draws[r, count[r]], candidates)]
            chosen[r, count[r]] = drug
            count[r] += 1
            ok[r] &= ~excludes[drug]
            covered[r] |= cat.indication[drug] & ~visit_course[drug][:, None]
            treated[r, c] = True
    # Every chosen drug treats each listed condition it is indicated for.
    for slot in range(MAX_DRUGS):
        drug = chosen[:, slot]
        present = drug >= 0
        also = cat.indication[drug[present]] & listed[present]
        # a course (an antibiotic, an expectorant...) for the visit's problem is not a standing treatment of a
        # chronic comorbidity it is also indicated for
        course = visit_course[drug[present]]
        also[course] &= np.arange(cat.n)[None, :] == primary[present][course, None]
        treated[present] |= also
    return row_tuples(chosen, chosen >= 0), treated


def ranked_draws(rows: np.ndarray, u: np.ndarray) -> np.ndarray:
    """(records, columns): at each True cell of `rows`, the record's draw u[:, k] for the cell's rank k among its
    row's True cells (capped at the last draw); 1.0 elsewhere (ranked_cells, spread over the matrix)."""
    r, c, draws = ranked_cells(rows, u)
    out = np.ones(rows.shape)
    out[r, c] = draws
    return out


def ranked_cells(rows: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The True cells of `rows` (row indices, column indices, row-major) and at each the record's draw u[:, k] for
    the cell's rank k among its row's True cells (capped at the last draw). Only the True cells are visited (a few
    per record), not a cumulative count over the whole matrix."""
    r, c = cells(rows)                      # row-major: a row's cells in column order
    starts = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(np.bincount(r, minlength=len(rows)), out=starts[1:])
    rank = np.minimum(np.arange(len(r)) - starts[r], u.shape[1] - 1)
    return r, c, u[r, rank]


def _column_draws(r: np.ndarray, c: np.ndarray, draws: np.ndarray, column: int, n: int) -> np.ndarray:
    """Per record the draw of its cell in `column` (ranked_cells), 1.0 where it has none: one column of
    ranked_draws without the matrix."""
    out = np.ones(n)
    at = c == column
    out[r[at]] = draws[at]
    return out


def drug_bits(matrix: np.ndarray) -> np.ndarray:
    """A boolean (rows, drugs) matrix as 64-bit words (rows, words): drug d is bit d % 64 of word d // 64."""
    packed = np.packbits(matrix, axis=1, bitorder="little")
    padded = np.zeros((len(matrix), -(-packed.shape[1] // 8) * 8), dtype=np.uint8)
    padded[:, :packed.shape[1]] = packed
    return padded.view("<u8")


def row_tuples(table: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Per row of an integer table, the tuple of its entries where `keep` holds, in column order (an object
    column): rows of one length are cut from the table together, then placed by one assignment."""
    n, width = table.shape
    if width and not (keep[:, 1:] <= keep[:, :-1]).all():       # kept entries not all first: move them first
        order = np.argsort(~keep, axis=1, kind="stable")
        table, keep = np.take_along_axis(table, order, axis=1), np.take_along_axis(keep, order, axis=1)
    count = keep.sum(axis=1)
    out = np.empty(n, dtype=object)
    for k in range(width + 1):
        rows = np.flatnonzero(count == k)
        if len(rows):
            values = map(tuple, table[rows, :k].tolist()) if k else [()] * len(rows)
            out[rows] = np.fromiter(values, dtype=object, count=len(rows))
    return out


def variant_min_age(cat: Catalogue, c: int, codes: np.ndarray) -> np.ndarray:
    """Per variant code of condition c, the youngest age of a symptom row naming it (0 where none names it)."""
    options = cat.symptoms_of[c]
    out = []
    for code in np.asarray(codes).tolist():
        own = options[cat.symptom_variant[options] == code]
        out.append(cat.symptom_min_age[own].min() if len(own) else 0)
    return np.array(out)


DAYS_PER_UNIT = {"小时": 1 / 24, "天": 1.0, "周": 7.0, "月": 30.4375, "年": 365.25}


def unit_days(cat: Catalogue) -> np.ndarray:
    """Per symptom row, the days in one unit of its duration."""
    if id(cat) not in _UNIT_DAYS:
        _UNIT_DAYS[id(cat)] = np.array([DAYS_PER_UNIT[u] for u in cat.symptom_unit], dtype=float)
        _UNIT_DAYS[id(cat)].flags.writeable = False
    return _UNIT_DAYS[id(cat)]


_UNIT_DAYS: dict = {}
SYMPTOM_COURSES = ("any", "new", "known", "treated", "uncontrolled", "controlled", "raised", "elevated")


def symptom_rows(cat: Catalogue, c: int) -> tuple[dict, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per condition c, over its symptom rows (as (1, rows) arrays): whether each row's course is each of
    SYMPTOM_COURSES, its youngest and oldest age, its shortest duration in days and its variant (cached)."""
    key = (id(cat), c)
    if key not in _SYMPTOM_ROWS:
        options = cat.symptoms_of[c]
        kinds = cat.symptom_course[options]
        _SYMPTOM_ROWS[key] = ({k: (kinds == k)[None, :] for k in SYMPTOM_COURSES},
                              cat.symptom_min_age[options][None, :], cat.symptom_max_age[options][None, :],
                              (cat.symptom_low[options] * unit_days(cat)[options])[None, :],
                              cat.symptom_variant[options][None, :])
    return _SYMPTOM_ROWS[key]


_SYMPTOM_ROWS: dict = {}


def pick_symptoms(u, cat: Catalogue, age, primary, htn, dm, primary_treated, new_chronic, variant, months=None):
    """The complaint's symptom row, an optional accompanying row, its duration, and whether the primary is new.

    Rows are chosen condition by condition among that condition's rows whose course fits the case: `new`
    (体检发现…) only for a condition found at this visit, `known` only for one diagnosed before, `treated` and
    `uncontrolled` only when the prescription and the measurements say so, `raised` (a raised pressure's headache)
    never for a controlled one; and never a symptom a small child
    cannot report.
    """
    n = len(age)
    lived = (np.asarray(age) * 12.0 + 6 if months is None else np.asarray(months, dtype=float)) * DAYS_PER_UNIT["月"]
    course = cat.symptom_course
    state = np.where(primary == cat.hypertension, htn, np.where(primary == cat.diabetes, dm, NORMAL))
    known_ok = ~new_chronic & cat.chronic[primary]
    new_ok = new_chronic | ~np.isin(primary, [cat.hypertension, cat.diabetes])
    symptom = np.zeros(n, dtype=np.int64)
    symptom2 = np.full(n, -1, dtype=np.int64)
    for c in np.unique(primary).tolist():
        rows = np.flatnonzero(primary == c)
        options = cat.symptoms_of[c]
        kind, min_age, max_age, shortest, row_variant = symptom_rows(cat, c)
        allowed = np.zeros((len(rows), len(options)), dtype=bool)
        allowed |= kind["any"]
        allowed |= kind["new"] & new_ok[rows, None]
        allowed |= kind["known"] & known_ok[rows, None]
        allowed |= kind["treated"] & (known_ok & primary_treated)[rows, None]
        allowed |= kind["uncontrolled"] & (known_ok & primary_treated & (state == UNCONTROLLED))[rows, None]
        allowed |= kind["controlled"] & (known_ok & (state == CONTROLLED))[rows, None]
        # a symptom of raised pressure (头痛, 颈项部发紧): only where the pressure is raised today (found now,
        # untreated or uncontrolled); a controlled hypertension's headache is no 血压控制达标 review (a reader met one)
        allowed |= kind["raised"] & (new_ok | (known_ok & (state != CONTROLLED)))[rows, None]
        # hyperglycaemic symptoms: found now, or known and above the threshold (untreated or uncontrolled)
        allowed |= kind["elevated"] & (new_ok | (known_ok & np.isin(state, [UNTREATED, UNCONTROLLED])))[rows, None]
        allowed &= min_age <= age[rows, None]
        allowed &= max_age >= age[rows, None]
        # a complaint no longer than the child has lived (a reader met 四肢皮肤瘙痒7月 at 3 months): rows whose shortest
        # duration fits the age, where the condition has one
        fits = shortest <= lived[rows, None]
        allowed = np.where((allowed & fits).any(axis=1)[:, None], allowed & fits, allowed)
        allowed &= (row_variant == 0) | (row_variant == variant[rows, None])
        pick = choose_true(u[rows, 0], allowed)
        symptom[rows] = options[pick]
        # An accompanying symptom: another allowed row that the first does not contain or deny.
        second = allowed & ~cat.symptom_has_ban[options][None, :] & cat.compatible[np.ix_(options[pick], options)]
        has = second.any(axis=1) & (u[rows, 2] < SECOND_SYMPTOM)
        if has.any():
            symptom2[rows[has]] = options[choose_true(u[rows[has], 3], second[has])]
    low, high = cat.symptom_low[symptom], cat.symptom_high[symptom]
    # A complaint counted in years began no earlier than the condition's usual onset age: no 体重超标10年 at 7.
    years = cat.symptom_unit[symptom] == "年"
    high = np.where(years, np.clip(age - cat.onset_min[primary], low, high), high)
    # and no later than its latest usual onset (data.ONSET_MAX): an attending met dysmenorrhoea begun at 28
    low = np.where(years, np.clip(age - cat.onset_max[primary], low, high), low)
    high = np.maximum(np.minimum(high, np.floor(lived / unit_days(cat)[symptom])).astype(np.int64), low)
    duration = low + np.minimum((u[:, 1] * (high - low + 1)).astype(np.int64), high - low)
    new = new_chronic | ((course[symptom] == "new") & cat.chronic[primary])
    return symptom, symptom2, duration, new


# -- 4. measurements ---------------------------------------------------------------------------------------
def truncated_normal(u: np.ndarray, mean, sd, low, high) -> np.ndarray:
    """Inverse-CDF draw of Normal(mean, sd) restricted to [low, high] from uniforms u."""
    mean, sd = np.asarray(mean, dtype=float), np.asarray(sd, dtype=float)
    a = special.ndtr((np.asarray(low) - mean) / sd)
    b = special.ndtr((np.asarray(high) - mean) / sd)
    x = mean + sd * special.ndtri(np.clip(a + (b - a) * u, 1e-12, 1 - 1e-12))
    return np.clip(x, low, high)


def effect(cat: Catalogue, measure: str, listed: np.ndarray, z: np.ndarray, exclude: tuple[int, ...] = ()):
    """Sum of the diagnosis shifts of `measure` for each record's listed conditions (one normal draw)."""
    if measure not in cat.effect_mean:
        return np.zeros(len(listed))
    mean, sd = cat.effect_mean[measure].copy(), cat.effect_sd[measure].copy()
    for c in exclude:
        mean[c] = sd[c] = 0.0
    # once per distinct set of conditions (about one in eight records), gathered: every record gets the number
    # the whole batch's matrix gave it (distinct_rows)
    inverse, first = first_rows(row_keys(listed))
    weights = listed[distinct_rows(first)].astype(float)
    return (weights @ mean)[inverse] + np.sqrt(weights @ (sd ** 2))[inverse] * z


def distinct_rows(first: np.ndarray) -> np.ndarray:
    """The rows to multiply for a product per distinct row (first: per distinct row its first record), padded
    with the first to a multiple of four. OpenBLAS multiplies rows four at a time and the last one to three of a
    matrix (or a lone row) by another kernel, whose last bit may differ; a batch is whole blocks (a multiple of
    four rows), so its every row took the four-row kernel, and so does every distinct row here (the padding's
    results are never gathered)."""
    return np.concatenate([first, np.repeat(first[:1], -len(first) % 4)])


def fever_course(rng: BlockRandom, cat: Catalogue, age, sex, primary, symptom, symptom2):
    """Today's temperature and the illness's maximum for a fever condition (0 for others): today at or above
    37.3 ℃ (the condition's shift from effects.tsv), the maximum up to 0.8 ℃ higher, and from 39.1 ℃ where the
    complaint says 高热 (the threshold word at its threshold)."""
    u = rng.random(3)
    base, sd = cat.vital_mean["temperature"][sex, age], cat.vital_sd["temperature"][sex, age]
    shift_mean = cat.effect_mean["temperature"][primary]
    shift_sd = cat.effect_sd["temperature"][primary]
    today = np.round(truncated_normal(u[:, 0], base + shift_mean, np.sqrt(sd ** 2 + shift_sd ** 2),
                                      FEVER_THRESHOLD, 40.5), 1)
    tmax = np.round(np.minimum(today + np.round(u[:, 1] * 8) / 10, 41.0), 1)
    high = high_fever_rows(cat)[symptom] | ((symptom2 >= 0) & high_fever_rows(cat)[np.maximum(symptom2, 0)])
    tmax = np.where(high, np.maximum(tmax, HIGH_FEVER + np.round(u[:, 2] * 9) / 10), tmax)
    febrile = cat.fever[primary]
    return np.where(febrile, today, 0.0), np.where(febrile, np.round(tmax, 1), 0.0)


_HIGH_FEVER_ROWS: dict = {}


def high_fever_rows(cat: Catalogue) -> np.ndarray:
    """Per symptom row, whether it says 高热."""
    if id(cat) not in _HIGH_FEVER_ROWS:
        _HIGH_FEVER_ROWS[id(cat)] = np.array(["高热" in t + d for t, d in zip(cat.symptom_text, cat.symptom_detail)])
    return _HIGH_FEVER_ROWS[id(cat)]


DIARRHOEA = ("acute_gastroenteritis", "infantile_diarrhoea")


def dehydration(rng: BlockRandom, cat: Catalogue, primary, symptom, symptom2):
    """Per record: dehydrated, loose stools, vomiting, stools a day, and the uniform that fills the complaint's
    numbers (the history states the stool count the risk was drawn from). A diarrhoea visit is dehydrated always
    when the history says the urine is reduced, otherwise by the stool count (rehydration.DEHYDRATION_SHARES)."""
    u = rng.random(2)
    has2, s2 = symptom2 >= 0, np.maximum(symptom2, 0)
    loose = loose_rows(cat, symptom, symptom2)
    vomits = gut_row_facts(cat)[1][symptom] | (has2 & gut_row_facts(cat, False)[1][s2])
    low, high = stool_ranges(cat)
    low, high = low[symptom], high[symptom]
    stools = np.where(high > 0, low + np.minimum((u[:, 1] * (high - low + 1)).astype(np.int64), high - low), 0)
    says = oliguria_rows(cat)[symptom] | (has2 & oliguria_rows(cat)[s2])
    diarrhoea = np.isin(primary, [cat.index[k] for k in DIARRHOEA])
    dehydrated = diarrhoea & (says | (u[:, 0] < dehydration_share(stools)))
    return dehydrated, loose & diarrhoea, vomits & diarrhoea, stools * diarrhoea, u[:, 1]


def symptom_facts(cat: Catalogue, symptom, symptom2):
    """Per record: dry cough, cough with sputum, discomfort, running ear, from the complaint's rows as the history
    tells them (the accompanying symptom by its words only)."""
    has2 = symptom2 >= 0
    s2 = np.maximum(symptom2, 0)
    return tuple(first[symptom] | (has2 & second[s2]) for first, second in zip(row_facts(cat), row_facts(cat, False)))


def sample_temperature(rng: BlockRandom, cat: Catalogue, age, sex, primary, febrile_today) -> np.ndarray:
    """Fever conditions: today's temperature from the visit's fever course; everyone else below 37.3 ℃."""
    u = rng.random()
    base, sd = cat.vital_mean["temperature"][sex, age], cat.vital_sd["temperature"][sex, age]
    normal = truncated_normal(u, base, sd, 35.8, FEVER_THRESHOLD - 0.1)
    return np.round(np.where(cat.fever[primary], febrile_today, normal), 1)


def soft_floor(value: np.ndarray, low: float, width: float) -> np.ndarray:
    """Values above low + width unchanged; below it bent smoothly towards `low` (never reached), so the density
    tails off towards the floor instead of piling at it as a clip does (a reader found pulses heaped at 52)."""
    knee = low + width
    return np.where(value < knee, low + width * np.exp((np.minimum(value, knee) - knee) / width), value)


def sample_rate(rng: BlockRandom, cat: Catalogue, measure: str, age, sex, listed, temperature=None, low=8, high=200,
                dehydrated=None, soft=0.0):
    z = rng.standard_normal(2)
    mean = cat.vital_mean[measure][sex, age] + effect(cat, measure, listed, z[:, 1])
    if temperature is not None:
        # Heart rate rises about 10 beats per minute for each degree of fever (clinical rule of thumb [26]).
        mean = mean + 10 * np.maximum(temperature - 37.0, 0)
    sd = cat.vital_sd[measure][sex, age]
    value = mean + sd * np.clip(z[:, 0], -3, 3)
    value = np.clip(soft_floor(value, low, soft) if soft else value, low, high)
    if dehydrated is not None:
        # Dehydration speeds the heart: at least the age's mean plus one SD (a dehydrated patient at 56 is not); a
        # child's moderate dehydration is a tachycardia, the age's mean + 2 SD (paediatric_rehydration.py)
        floor = np.where(age < PAEDIATRIC_AGE, tachycardia_floor(cat.vital_mean[measure][sex, age], sd),
                         cat.vital_mean[measure][sex, age] + sd)
        value = np.where(dehydrated, np.maximum(value + 10, floor), value)
        value = np.clip(value, low, high)
    return np.round(value).astype(np.int64)


def sample_blood_pressure(rng: BlockRandom, cat: Catalogue, age, sex, listed, htn,
                          grade=None) -> tuple[np.ndarray, np.ndarray]:
    """Systolic and diastolic pressure: hypertension states above 140/90 (or controlled below), others below; a
    first reading (grade 1-3, the plan's) inside its grade's band."""
    u = rng.random(4)
    z = rng.standard_normal(3)
    h = cat.hypertension
    s_mean = cat.vital_mean["sbp"][sex, age] + effect(cat, "sbp", listed, z[:, 0], exclude=(h,))
    d_mean = cat.vital_mean["dbp"][sex, age] + effect(cat, "dbp", listed, z[:, 1], exclude=(h,))
    s_sd, d_sd = cat.vital_sd["sbp"][sex, age], cat.vital_sd["dbp"][sex, age]
    elevated = np.isin(htn, [UNDIAGNOSED, UNTREATED, UNCONTROLLED])
    controlled = htn == CONTROLLED
    # Hypertension shifts: full when untreated or uncontrolled, half when controlled (effects.tsv note).
    s_shift = np.where(elevated, cat.effect_mean["sbp"][h], np.where(controlled, cat.effect_mean["sbp"][h] / 2, 0))
    d_shift = np.where(elevated, cat.effect_mean["dbp"][h], np.where(controlled, cat.effect_mean["dbp"][h] / 2, 0))
    s_spread = np.where(elevated, np.hypot(s_sd, cat.effect_sd["sbp"][h]), s_sd)
    d_spread = np.where(elevated, np.hypot(d_sd, cat.effect_sd["dbp"][h]), d_sd)
    s_mu, d_mu = s_mean + s_shift, d_mean + d_shift
    rho = 0.6  # correlation of systolic and diastolic pressure within a person's measurement
    # Below the threshold: both truncated under 140/90; a treated hypertension at target in a diabetic or a kidney
    # patient under 130/80, their target (中国高血压防治指南 2018; a reader doubted 血压控制达标 at 138/73 in a diabetic)
    strict = controlled & (listed[:, cat.diabetes] | listed[:, cat.index["ckd"]])
    s_top = np.where(strict, STRICT_SYSTOLIC_TARGET, BP_SYSTOLIC) - 0.51
    # a child's pressure stays below the 95th centile for its age, which a note would have to remark (a reader met
    # 130/82 at 9 years unremarked; paediatric_growth.child_pressure_p95)
    s_top = np.where(age < PAEDIATRIC_AGE, np.minimum(s_top, child_pressure_p95(age)[0] - 0.51), s_top)
    s_low = truncated_normal(u[:, 0], s_mu, s_spread, np.minimum(np.maximum(s_mu - 3 * s_spread, hypotension_floor(age)),
                                                                 s_top - 10), s_top)
    d_cond = d_mu + rho * d_spread / s_spread * (s_low - s_mu)
    d_top = np.minimum(np.where(strict, STRICT_DIASTOLIC_TARGET, BP_DIASTOLIC) - 0.51, s_low - 20)
    d_top = np.where(age < PAEDIATRIC_AGE, np.minimum(d_top, child_pressure_p95(age)[1] - 0.51), d_top)
    d_low = truncated_normal(u[:, 1], d_cond, d_spread * np.sqrt(1 - rho ** 2),
                             np.minimum(d_mu - 3.5 * d_spread, d_top - 5), d_top)
    # Above: draw freely (within 4 SD); where neither pressure reached the threshold, systolic is redrawn above it.
    s_high = np.clip(s_mu + s_spread * np.clip(z[:, 2], -4, 4), 90, 230)
    d_high = d_mu + rho * d_spread / s_spread * (s_high - s_mu) + d_spread * np.sqrt(1 - rho ** 2) * \
        np.clip(special.ndtri(np.clip(u[:, 2], 1e-9, 1 - 1e-9)), -3, 3)
    d_high = np.clip(d_high, 50, s_high - 25)
    # From 65 the first treated target is below 150/90 (中国高血压防治指南 2018: 65-79 first below 150/90, lower if
    # tolerated; from 80 below 150/90): an uncontrolled pressure, or a known one left untreated, is above it, so a
    # plan's 血压控制欠佳 is never said of 140/82 at 68 (an attending, issue 18 med15 #7).
    target = np.where((age >= OLDEST_TARGET_FROM) & np.isin(htn, [UNCONTROLLED, UNTREATED]), OLDEST_SYSTOLIC_TARGET,
                      BP_SYSTOLIC)
    below = (s_high < target - 0.5) & (d_high < BP_DIASTOLIC - 0.5)
    s_forced = truncated_normal(u[:, 3], np.maximum(s_mu, target), s_spread, target, 230)
    s_high = np.where(below, s_forced, s_high)
    d_high = np.clip(d_high, 50, s_high - 25)
    sbp = np.round(np.where(elevated, s_high, s_low)).astype(np.int64)
    dbp = np.round(np.where(elevated, d_high, d_low)).astype(np.int64)
    dbp = np.maximum(dbp, 30)
    if grade is not None and np.any(grade):
        rows = np.flatnonzero(grade)
        g_mean = d_mu[rows] + rho * d_spread[rows] / s_spread[rows] * (sbp[rows] - s_mu[rows])
        sbp[rows], dbp[rows] = graded_pressure(u[rows, 2:4], g_mean, d_spread[rows] * np.sqrt(1 - rho ** 2),
                                               grade[rows])
    return sbp, dbp


OLDEST_TARGET_FROM, OLDEST_SYSTOLIC_TARGET = 65, 150
STRICT_SYSTOLIC_TARGET, STRICT_DIASTOLIC_TARGET = 130, 80    # diabetes, CKD: the treated target


def hypotension_floor(age: np.ndarray) -> np.ndarray:
    """The lowest systolic pressure (mmHg) an outpatient at ease is drawn with: the paediatric hypotension
    threshold (PALS: 70 under 1 year, 70 + 2 x age from 1 to 10, 90 from 10) plus a margin of 2."""
    return np.where(age < 1, 72, np.where(age <= 10, 72 + 2 * age, 92)).astype(float)


def sample_glucose(rng: BlockRandom, cat: Catalogue, age, sex, dm) -> np.ndarray:
    """Fasting glucose (mmol/L): diabetic states at or above 7.0 (or controlled below), others below 7.0."""
    u = rng.random()
    base, sd = cat.vital_mean["fasting_glucose"][sex, age], cat.vital_sd["fasting_glucose"][sex, age]
    d = cat.diabetes
    shift, shift_sd = cat.effect_mean["fasting_glucose"][d], cat.effect_sd["fasting_glucose"][d]
    high = truncated_normal(u, base + shift, np.hypot(sd, shift_sd), DIABETIC_GLUCOSE, 20.0)
    controlled = truncated_normal(u, base + shift / 3, np.hypot(sd, shift_sd / 2), 4.4, DIABETIC_GLUCOSE - 0.06)
    normal = truncated_normal(u, base, sd, 3.6, DIABETIC_GLUCOSE - 0.06)
    elevated = np.isin(dm, [UNDIAGNOSED, UNTREATED, UNCONTROLLED])
    value = np.where(elevated, high, np.where(dm == CONTROLLED, controlled, normal))
    return np.round(value, 1)


def sample_height(rng: BlockRandom, cat: Catalogue, age, sex, months) -> np.ndarray:
    """Under five: the WHO length/height-for-age at the exact age in months; older children: the yearly national
    reference read at the fractional age; adults: their age band."""
    u = rng.random()
    mean, sd = cat.vital_mean["height_cm"][sex, age], cat.vital_sd["height_cm"][sex, age]
    child = age < 18
    mean = np.where(child, interpolated_by_age(cat.vital_mean["height_cm"], sex, months / 12), mean)
    height = truncated_normal(u, mean, sd, mean - 3 * sd, mean + 3 * sd)
    small = under_five(months)
    if small.any():
        z = truncated_normal(u[small], 0.0, 1.0, -DRAW_Z, DRAW_Z)
        height[small] = growth().value("height_cm", sex[small], months[small], z)
    return np.round(height, 1)


def sample_weight(cat: Catalogue, age, sex, height, listed, months, u, z) -> np.ndarray:
    """Weight through BMI (log-normal by age and sex, shifted by diagnoses); obesity decides the side of the cut.
    Under five: the WHO weight-for-age, its z-score correlated with the child's height-for-age z-score. `u` and
    `z` are the plan's (case bmi_u, bmi_z): the BMI is decided before prescribing (planned_bmi)."""
    weight = _weight_by_bmi(u, z, cat, age, sex, height, listed)
    small = under_five(months)
    if small.any():
        g, s, m = growth(), sex[small], months[small]
        z_height = g.z_score("height_cm", s, m, height[small])
        rho = HEIGHT_WEIGHT_CORRELATION
        z_weight = np.clip(rho * z_height + np.sqrt(1 - rho ** 2) * z[small], -DRAW_Z, DRAW_Z)
        weight[small] = np.round(g.value("weight_kg", s, m, z_weight), 1)
    return weight


def planned_bmi(u, z, cat: Catalogue, age, sex, listed) -> np.ndarray:
    """The BMI (unrounded) the weight will have: log-normal by age and sex, shifted by diagnoses, on the side of
    the obesity cut-off that the diagnoses say. It needs no height, so the plan knows it before prescribing."""
    return np.exp(_log_bmi(u, z, cat, age, sex, listed))


def _weight_by_bmi(u, z, cat: Catalogue, age, sex, height, listed) -> np.ndarray:
    o = cat.obesity
    bmi = planned_bmi(u, z, cat, age, sex, listed)
    obese = listed[:, o]
    checks_obesity = age >= cat.age_min[o]
    metres = height / 100
    weight = np.round(bmi * metres ** 2, 1)
    # Rounding may cross the cut by a hair: step the weight by 0.1 kg until the BMI is on the right side.
    threshold = cat.obesity_bmi[sex, age]
    # likewise an adult's side of 18.5, which the prescription was gated on (weight_loss.thin_gate)
    thin = (bmi < THIN_BMI) & (age >= 18)
    for _ in range(20):
        value = np.round(weight / metres ** 2, 1)
        up = (obese & (value < threshold)) | (~thin & (age >= 18) & (value < THIN_BMI))
        down = (~obese & checks_obesity & (value >= threshold)) | (thin & (value >= THIN_BMI))
        if not (up.any() or down.any()):
            break
        weight = np.round(weight + 0.1 * up - 0.1 * down, 1)
    return weight


def _log_bmi(u, z, cat: Catalogue, age, sex, listed) -> np.ndarray:
    o = cat.obesity
    median, spread = cat.bmi_median[sex, age], cat.bmi_log_sd[sex, age]
    adult_weight = 65.0   # effects.tsv gives kg for adults; children's shifts scale by their own weight
    reference = np.where(age >= 18, adult_weight, cat.vital_mean["weight_kg"][sex, age])
    shift = effect(cat, "weight_kg", listed, z, exclude=(o,)) * reference / adult_weight
    mu = np.log(median) + np.clip(shift / reference, -0.3, 0.4)
    cut = np.log(cat.obesity_bmi[sex, age])
    low = np.log(median) - 3.5 * spread
    high = np.maximum(np.log(median) + 3.5 * spread, cut + np.log(1.22))
    obese = listed[:, o]
    checks_obesity = age >= cat.age_min[o]
    lo = np.where(obese, cut + 0.004, low)
    hi = np.where(obese, high, np.where(checks_obesity, np.minimum(high, cut - 0.004), high))
    lo = np.minimum(lo, hi - 1e-3)
    centre = np.where(obese, mu + cat.effect_mean["weight_kg"][o] / adult_weight, mu)
    return truncated_normal(u, centre, spread, lo, hi)


def bmi_of(height: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """weight (kg) / height (m)², rounded to one decimal (numpy round, half to even)."""
    return np.round(np.asarray(weight, dtype=float) / (np.asarray(height, dtype=float) / 100) ** 2, 1)
