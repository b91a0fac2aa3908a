"""The medical domain's declaration: its options and one sampler per field (see the package docstring)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from synth import dates
from synth.options import Option, int_range_within, parse_bool, parse_rate
from synth.schema import Domain

from . import breathing, sections
from .contact import contact_stated
from .data import PAEDIATRIC_AGE, catalogue, diagnosis_groups, primary_labels, visit_diagnoses
from .fhir import FhirWriter
from .pressor import pressor_rows, replaced
from .investigations import investigations as ordered_tests
from .prescriptions import LINE_ROW, line_codes, line_dicts
from .surgeries import exam_after_operations
from .growth import age_in_months, thriving, underweight
from .habits import personal_habits
from .model import (bmi_of, cells, condition_matrix, plan_visits, visit_department, sample_blood_pressure, sample_chronic, sample_glucose, sample_height,
                             sample_rate, sample_temperature, sample_weight, DIABETES_AWARENESS,
                             HYPERTENSION_AWARENESS, CHRONIC_VISIT_SHARE, PULSE_FLOOR_WIDTH)
from ..persons import (mask_names, sample_age_sex, sample_birth_divisions, sample_id_numbers, sample_names,
                      sample_phones, sex_of_cell)

MAX_OPTION_AGE = 105
MIN_INFANT_DAYS = 28
UNDIAGNOSED_BP_MARKER = "血压升高"
UNDIAGNOSED_GLUCOSE_MARKER = "血糖升高"


parse_age_range = int_range_within(0, MAX_OPTION_AGE)


def parse_window(value) -> int:
    try:
        days = int(str(value).strip())
    except ValueError:
        raise ValueError(f"expected a whole number of days, got {value!r}") from None
    if not 1 <= days <= 36500:
        raise ValueError("expected between 1 and 36500 days")
    return days


DOMAIN = Domain("medical", "Chinese outpatient visit records: coherent diagnoses, vitals, drugs and notes; FHIR export",
                options=[
    Option("age", "0-100", parse_age_range, "patient age range in whole years on the visit day"),
    Option("mask", "true", parse_bool, "mask name, ID number and phone (张**, 110105********1234); false gives full "
                                       "synthetic values"),
    Option("visit_window_days", 365, parse_window, "visits fall within this many days up to as_of"),
    Option("hypertension_awareness", HYPERTENSION_AWARENESS, parse_rate,
           "share of hypertensive people already diagnosed (China Hypertension Survey: 0.469); the rest are the "
           "documented undiagnosed fraction, noted in exam_findings"),
    Option("diabetes_awareness", DIABETES_AWARENESS, parse_rate,
           "share of people with diabetes already diagnosed (CCDRFS 2018: 0.367)"),
    Option("chronic_visit_share", CHRONIC_VISIT_SHARE, parse_rate,
           "of visits by people with a chronic condition, the share that is for one of them"),
])
DOMAIN.extra_formats["fhir"] = FhirWriter


def _objects(values) -> np.ndarray:
    """A 1-D object column of the values as they are (lists stay elements: no search for a nested shape)."""
    return np.fromiter(values, dtype=object, count=len(values))


def _age(cell: np.ndarray) -> np.ndarray:
    return (cell // 2).astype(np.int64)


def _sex(cell: np.ndarray) -> np.ndarray:
    return (cell % 2).astype(np.int64)


# -- identity and dates ----------------------------------------------------------------------------------------
@DOMAIN.field("record_id", doc="stable record identifier MR + 10-digit index (also the FHIR resource id)")
def record_id(ctx):
    return np.char.add("MR", np.char.zfill(ctx.index.astype(str), 10)).astype(object)


@DOMAIN.field("_age_sex", hidden=True, dtype="int")
def age_sex(ctx):
    return sample_age_sex(ctx.rng, ctx.options["age"])


@DOMAIN.field("_visit", hidden=True, dtype="date")
def visit(ctx):
    window = ctx.options["visit_window_days"]
    back = np.minimum((ctx.rng.random() * window).astype(np.int64), window - 1)
    return np.datetime64(ctx.as_of, "D") - back.astype("timedelta64[D]")


def shift_back(days: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Each date moved back by whole years (29 February becomes 28 February in a common year)."""
    y, m, d = dates.ymd(days)
    return dates.from_ymd(y - years, m, d)


def age_on(birth: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Whole years from birth to day (per record)."""
    by, bm, bd = dates.ymd(birth)
    y, m, d = dates.ymd(day)
    return y - by - ((m < bm) | ((m == bm) & (d < bd))).astype(np.int64)


@DOMAIN.field("_birth", parents=("_age_sex", "_visit"), hidden=True, dtype="date")
def birth(ctx, cell, visit_day):
    age = _age(cell)
    latest = shift_back(visit_day, age)
    latest = np.where(age == 0, visit_day - np.timedelta64(MIN_INFANT_DAYS, "D"), latest)
    earliest = shift_back(visit_day, age + 1) + np.timedelta64(1, "D")
    span = (latest - earliest).astype(np.int64) + 1
    return earliest + (ctx.rng.random() * span).astype(np.int64).astype("timedelta64[D]")


@DOMAIN.field("name", parents=("sex", "_birth"), doc="surname and given name fitting sex and birth decade; masked 张**")
def name(ctx, sexes, birth_day):
    names = sample_names(ctx.rng, sexes, birth_day)
    return mask_names(names) if ctx.options["mask"] else names


@DOMAIN.field("sex", parents=("_age_sex",), doc="男 or 女")
def sex(ctx, cell):
    return sex_of_cell(cell)


@DOMAIN.field("age", parents=("_birth", "_visit"), dtype="int", doc="whole years on the visit day")
def age(ctx, birth_day, visit_day):
    return age_on(birth_day, visit_day)


@DOMAIN.field("birth_date", parents=("_birth",), doc="ISO date")
def birth_date(ctx, birth_day):
    return dates.iso(birth_day)


@DOMAIN.field("_birth_division", hidden=True, dtype="int")
def birth_division(ctx):
    return sample_birth_divisions(ctx.rng)


@DOMAIN.field("id_number", parents=("_birth_division", "_birth", "sex"),
              doc="GB 11643 ID: real birth county code, birth date, sex-parity sequence, MOD 11-2 check; masked "
                  "110105********1234")
def id_number(ctx, division, birth_day, sexes):
    return sample_id_numbers(ctx.rng, division, birth_day, sexes, ctx.options["mask"])


@DOMAIN.field("phone", doc="11-digit mobile number with a real carrier prefix; masked 138****5678")
def phone(ctx):
    return sample_phones(ctx.rng, ctx.options["mask"])


@DOMAIN.field("visit_date", parents=("_visit",), doc="ISO date within visit_window_days up to as_of, after birth")
def visit_date(ctx, visit_day):
    return dates.iso(visit_day)


# -- the clinical case -----------------------------------------------------------------------------------------
@DOMAIN.field("_chronic", parents=("_age_sex",), hidden=True, dtype="int")
def chronic(ctx, cell):
    return sample_chronic(ctx.rng, catalogue(), _age(cell), _sex(cell))


@DOMAIN.field("_case", parents=("_age_sex", "_chronic", "_visit", "_birth"), hidden=True, dtype="object")
def case(ctx, cell, chronic_mask, visit_day, birth_day):
    streams = {name: ctx.stream(name) for name in ("visit", "allergy", "drugs", "control", "symptom", "awareness",
                                                   "variant", "fever", "hydration", "regimen", "hp", "bmi",
                                                   "season", "infant_fever", "first_reading", "lipid", "renal")}
    return plan_visits(streams, catalogue(), _age(cell), _sex(cell), chronic_mask.astype(np.int64), ctx.options,
                       dates.ymd(visit_day)[1], age_in_months(birth_day, visit_day))


@DOMAIN.field("_ids", parents=("_case",), hidden=True, dtype="object")
def diagnosis_ids(ctx, cases):
    return _objects(listed_in_order(cases))


@DOMAIN.field("department", parents=("_age_sex", "_case"),
              doc="the primary diagnosis's department; 儿科 for every patient under 14")
def department(ctx, cell, cases):
    cat = catalogue()
    return np.where(_age(cell) < PAEDIATRIC_AGE, "儿科", cat.department[cases["primary"].astype(np.int64)]).astype(object)


# -- narrative sections (output order follows the issue: text before the measurements) ----------------------------
@DOMAIN.field("chief_complaint", parents=("_case",),
              doc="主诉: a symptom of the primary diagnosis with its duration (头痛伴头晕3天); 发热 when febrile")
def chief_complaint(ctx, cases):
    return _objects(sections.chief_complaints(cases, ctx.rng.random()))


@DOMAIN.field("present_illness", parents=("_case", "_age_sex", "temperature", "sbp", "dbp", "fasting_glucose",
                                          "department", "weight_kg", "_birth", "_visit"),
              doc="现病史: onset, the complaint's detail, fever course, home readings, pertinent negatives, "
                  "general condition")
def present_illness(ctx, cases, cell, temperature, sbp, dbp, glucose, dept, weight, birth_day, visit_day):
    return _objects(sections.present_illness(cases, _age(cell), temperature, sbp, dbp, glucose, dept,
                                             ctx.rng.random(14),
                                             thriving(_sex(cell), age_in_months(birth_day, visit_day), weight),
                                             dates.ymd(visit_day)[1]))


@DOMAIN.field("past_history", parents=("_case", "_ids", "_age_sex", "present_illness", "_habits"),
              repeats=True,  # formulaic: 否认… recurs
              doc="既往史: known chronic conditions (years, current drug), denials, allergy, immunisation; never a "
                  "denial of contact beside an onset told as contact")
def past_history(ctx, cases, ids, cell, hpi, habits):
    histories = sections.past_histories(cases, ids, _age(cell), ctx.rng.random(26), _sex(cell), contact_stated(hpi))
    return _objects(histories) + habits["sentence"]      # (object arrays: the joins in one C loop)


@DOMAIN.field("_habits", parents=("_case", "_age_sex", "present_illness"), hidden=True, dtype="object")
def habits_field(ctx, cases, cell, hpi):
    """个人史 (habits.py): smoking and drinking drawn by sex and age, agreeing with what the present illness says."""
    return personal_habits(cases, _age(cell), _sex(cell), hpi, ctx.rng.random(4))


@DOMAIN.field("family_history", parents=("_case", "_ids", "_age_sex"), repeats=True,  # 家族史无特殊 recurs
              doc="家族史: familial conditions or a negative history")
def family_history(ctx, cases, ids, cell):
    return _objects(sections.family_histories(cases, ids, _age(cell), ctx.rng.random(11)))


# -- measurements --------------------------------------------------------------------------------------------
@DOMAIN.field("_bp", parents=("_age_sex", "_case"), hidden=True, dtype="int")
def blood_pressure(ctx, cell, cases):
    cat = catalogue()
    listed = condition_matrix(cases["listed"].astype(np.int64), cat.n)
    sbp, dbp = sample_blood_pressure(ctx.rng, cat, _age(cell), _sex(cell), listed, cases["htn"], cases["htn_grade"])
    return sbp * 1000 + dbp


@DOMAIN.field("sbp", parents=("_bp",), dtype="int", doc="systolic blood pressure, mmHg")
def systolic(ctx, bp):
    return (bp // 1000).astype(np.int64)


@DOMAIN.field("dbp", parents=("_bp",), dtype="int", doc="diastolic blood pressure, mmHg")
def diastolic(ctx, bp):
    return (bp % 1000).astype(np.int64)


@DOMAIN.field("heart_rate", parents=("_age_sex", "_case", "temperature"), dtype="int", doc="beats per minute")
def heart_rate(ctx, cell, cases, temperature):
    cat = catalogue()
    listed = condition_matrix(cases["listed"].astype(np.int64), cat.n)
    # an adult's resting rate from 52: a slower one would need a word in the note (a reader met 47 unremarked);
    # below 60 the tail bends towards 52 rather than heaping there
    return sample_rate(ctx.rng, cat, "heart_rate", _age(cell), _sex(cell), listed, temperature, 52, 190,
                       cases["dehydrated"], soft=PULSE_FLOOR_WIDTH)


@DOMAIN.field("temperature", parents=("_age_sex", "_case"), dtype="float",
              doc="axillary ℃, one decimal; ≥ 37.3 exactly when the primary diagnosis is a fever condition")
def temperature(ctx, cell, cases):
    return sample_temperature(ctx.rng, catalogue(), _age(cell), _sex(cell), cases["primary"].astype(np.int64),
                              cases["temperature"])


@DOMAIN.field("resp_rate", parents=("_age_sex", "_case", "temperature"), dtype="int",
              doc="breaths per minute; fast where the history tells breathlessness at rest (breathing.py)")
def resp_rate(ctx, cell, cases, temperature):
    cat = catalogue()
    listed = condition_matrix(cases["listed"].astype(np.int64), cat.n)
    rate = sample_rate(ctx.rng, cat, "resp_rate", _age(cell), _sex(cell), listed, None, 10, 60)
    return np.minimum(breathing.following_history(rate, ctx.rng.random(), cases, _age(cell), _sex(cell),
                                                  temperature), 60)


@DOMAIN.field("fasting_glucose", parents=("_age_sex", "_case"), dtype="float", optional=True,
              doc="mmol/L, one decimal; empty where the visit did not measure it (sections.glucose_measured)")
def fasting_glucose(ctx, cell, cases):
    age = _age(cell)
    value = sample_glucose(ctx.rng, catalogue(), age, _sex(cell), cases["dm"])
    measured = sections.glucose_measured(cases, age, visit_department(catalogue(), age, cases["primary"]))
    return np.where(measured, value, np.nan)


@DOMAIN.field("height_cm", parents=("_age_sex", "_birth", "_visit"), dtype="float",
              doc="cm, one decimal: under five the WHO length/height-for-age at the age in months, older children "
                  "the national reference at the fractional age, adults by age band")
def height_cm(ctx, cell, birth_day, visit_day):
    return sample_height(ctx.rng, catalogue(), _age(cell), _sex(cell), age_in_months(birth_day, visit_day))


@DOMAIN.field("weight_kg", parents=("_age_sex", "height_cm", "_case", "_birth", "_visit"), dtype="float",
              doc="kg, one decimal: under five the WHO weight-for-age, correlated with the child's height; older "
                  "through BMI")
def weight_kg(ctx, cell, height, cases, birth_day, visit_day):
    cat = catalogue()
    listed = condition_matrix(cases["listed"].astype(np.int64), cat.n)
    return sample_weight(cat, _age(cell), _sex(cell), height, listed, age_in_months(birth_day, visit_day),
                         cases["bmi_u"], cases["bmi_z"])


@DOMAIN.field("bmi", parents=("height_cm", "weight_kg"), dtype="float",
              doc="weight_kg / (height_cm / 100)², rounded to one decimal (half to even)")
def bmi(ctx, height, weight):
    return bmi_of(height, weight)


# -- diagnoses and drugs --------------------------------------------------------------------------------------
def listed_in_order(cases: np.ndarray) -> list[list[int]]:
    """Each record's diagnoses as condition indices: the primary first, then the others in table order."""
    cat = catalogue()
    listed = condition_matrix(cases["listed"].astype(np.int64), cat.n)
    primary = cases["primary"].astype(np.int64)
    listed[np.arange(len(primary)), primary] = False
    rows, cols = cells(listed)
    out = [[p] for p in primary.tolist()]
    for r, c in zip(rows.tolist(), cols.tolist()):
        out[r].append(c)
    return out


@lru_cache(maxsize=1)
def _diagnosis_dicts() -> list[dict]:
    cat = catalogue()
    return [{"code": str(c), "name": str(n)} for c, n in zip(cat.code, cat.name)]


@DOMAIN.field("diagnoses", parents=("_ids", "_case"), dtype="list",
              doc='[{"code": ICD-10, "name": Chinese name}], the visit\'s primary diagnosis first')
def diagnoses(ctx, ids, cases):
    table = _diagnosis_dicts()
    groups, first = diagnosis_groups(catalogue(), cases)    # records written alike share one list to copy
    lists = [[table[c] for c in visit_diagnoses(ids[r], t)] for r, t in zip(first.tolist(),
                                                                           cases["treated"][first].tolist())]
    for row, own in zip(lists, primary_labels(catalogue(), cases[first])):
        if own is not None:         # a variant named as its own diagnosis (滴虫性阴道炎)
            row[0] = {"code": own[0], "name": own[1]}
    return _objects([[*map(dict.copy, lists[g])] for g in groups.tolist()])     # each record its own dicts


@DOMAIN.field("_lines", parents=("_case", "_age_sex", "weight_kg", "_birth", "_visit", "sbp", "dbp"), hidden=True,
              dtype="object")
def prescription_lines(ctx, cases, cell, weight, birth_day, visit_day, sbp, dbp):
    """Per record its prescription lines' ids (prescriptions.py), -1 after its last: the medications' dicts and
    the plan's lines are written from them once per distinct row; the rule checks may read them."""
    cat = catalogue()
    codes = line_codes(cat, cases, pressor_free(cat, cases, cell, sbp, dbp), _age(cell), _sex(cell), weight,
                       age_in_months(birth_day, visit_day))
    out = np.empty(len(codes), dtype=LINE_ROW)
    out["line"] = codes
    return out


@DOMAIN.field("medications", parents=("_lines",),
              dtype="list",
              optional=True,  # [] when the visit needs no drug (the note says 暂不用药)
              doc='[{"name", "dose", "frequency", "route"}]: each indicated for one of the diagnoses, with the '
                  "label's adult dose (children under 14: the children's dose, by weight where the label says so); "
                  "oral rehydration salts by the patient's dehydration (rehydration.py); no pressor cold remedy "
                  "beside a pressure of 140/90 or more (pressor.py)")
def medications(ctx, lines):
    return _objects(line_dicts(lines["line"]))


def pressor_free(cat, cases, cell, sbp, dbp) -> list:
    """The visit's drugs, a pressor cold remedy replaced where the pressure measured today is raised (pressor.py)."""
    drugs = cases["drugs"].tolist()
    rows = pressor_rows(cases["drugs"], sbp, dbp).tolist()
    if rows:
        from .model import eligible_drugs, excluded_by
        idx = np.array(rows)
        allergy_phrases = [p for k, p, _ in cat.past_rows if k == "allergy"]
        allowed = eligible_drugs(cat, _age(cell)[idx], condition_matrix(cases["listed"][idx].astype(np.int64), cat.n),
                                 cases["primary"][idx].astype(np.int64), cases["allergy"][idx], allergy_phrases)
        allowed &= symptom_gate(cat, cases[idx], _age(cell)[idx])     # paracetamol alone for a fever or a pain
        excludes = excluded_by(cat)
        for k, i in enumerate(rows):
            drugs[i] = replaced(drugs[i], allowed[k], excludes, cat.indication[:, int(cases["primary"][i])])
    return drugs


def symptom_gate(cat, cases, age) -> np.ndarray:
    """(records, drugs): the symptomatic drugs the visit's symptoms allow, as the model gated them (symptomatic.py)."""
    from .model import symptom_facts
    from .symptomatic import GOVERNED, drug_gate, screened_check_up
    primary = cases["primary"].astype(np.int64)
    symptom, symptom2 = cases["symptom"].astype(np.int64), cases["symptom2"].astype(np.int64)
    governed = np.isin(primary, [cat.index[k] for k in GOVERNED])
    dry, productive, discomfort, running = (x & governed for x in symptom_facts(cat, symptom, symptom2))
    return drug_gate(cat, primary, age, dry, productive, discomfort, cases["tmax"], running,
                     screened_check_up(cat, primary, symptom))


# -- examination and the whole note ------------------------------------------------------------------------------
@DOMAIN.field("exam_findings", parents=("_case", "_age_sex", "heart_rate", "resp_rate", "bmi", "past_history"),
              repeats=True,  # a normal exam reads the same
              doc="查体 findings of the diagnoses and normal systems (the word on an undiagnosed reading at or above "
                  "140/90 mmHg or 7.0 mmol/L, 血压升高 / 血糖升高, is the plan's: note)")
def exam_findings(ctx, cases, cell, hr, rr, bmi_values, history):
    # an organ the past history says was removed is not examined as present (surgeries.REMOVED_EXAM)
    return _objects(exam_after_operations(
        sections.exam_findings(cases, _age(cell), _sex(cell), hr, rr, bmi_values, ctx.rng.random(17)), history))


@DOMAIN.field("investigations", parents=("_case", "_age_sex", "fasting_glucose", "_visit", "bmi"), repeats=True,  # 暂未行辅助检查
              doc="辅助检查: tests ordered for the visit's reason and their results (blood count and CRP, chest film, "
                  "urine test, HbA1c, ECG ...), consistent with the diagnosis; 暂未行辅助检查 when none")
def investigations(ctx, cases, cell, glucose, visit_day, bmi):
    return _objects(ordered_tests(catalogue(), cases, _age(cell), np.asarray(glucose, dtype=float),
                                  ctx.rng.random(12), dates.ymd(visit_day)[1], np.asarray(bmi, dtype=float),
                                  _sex(cell)))


NOTE_FIELDS = ("name", "sex", "visit_date", "department", "chief_complaint", "present_illness", "past_history",
               "family_history", "sbp", "dbp", "heart_rate", "temperature", "resp_rate", "fasting_glucose",
               "height_cm", "weight_kg", "bmi", "medications", "exam_findings", "investigations")


@DOMAIN.field("note", parents=("_case", "_ids", "age", "_birth", "_visit", "_lines", "_habits") + NOTE_FIELDS,
              doc="the whole record as a Chinese outpatient note (患者/主诉/现病史/既往史/家族史/检查结果/辅助检查/诊断/处理)")
def note(ctx, cases, ids, ages, birth_day, visit_day, lines, habits, *values):
    columns = dict(zip(NOTE_FIELDS, values))
    columns["_lines"] = lines["line"]       # the prescription's line ids: the plan's lines per distinct prescription
    columns["_habits"] = habits             # the plan's advice on smoking and drinking (habits.plan_advice)
    sexes = (np.asarray(columns["sex"], dtype=object) == "女").astype(np.int64)
    thin = underweight(sexes, age_in_months(birth_day, visit_day), np.asarray(columns["weight_kg"], dtype=float))
    return _objects(sections.notes(columns, cases, ids, ages, sections.age_texts(ages, birth_day, visit_day),
                                   ctx.rng.random(4), thin))
