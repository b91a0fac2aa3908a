"""The `medical` domain: Chinese outpatient visit records that hang together, masked by default, FHIR-exportable.

One record is one outpatient visit of one synthetic patient. The identity is built exactly as in `persons` (the
ID number encodes a real county code, the birth date and the sex), the clinical content follows published
Chinese epidemiology (lexicons/medical/README.md), and the text comes from the grammars in
`domains/medical/*.grammar`.

How a record is made (each step a field; hidden fields start with `_`):

- `_age_sex`, `_visit`, `_birth`: age and sex from the 2020 census pyramid; the visit within the last
  `visit_window_days` before `as_of`; a birth date giving that age on the visit day (infants are at least 4 weeks
  old on the visit day).
- `_chronic`: the chronic conditions the person has, by age- and sex-specific prevalence, clustered with the
  tabulated comorbidity odds ratios (Gaussian copula, `_medical_data`).
- `_case`: the visit — primary diagnosis, which conditions are known (hypertension and diabetes only for the
  published awareness share), the prescription, blood-pressure and glucose states, the complaint's symptom
  (`_medical_model.plan_visits`).
- vitals, drawn from age- and sex-specific distributions, shifted by the diagnoses, inside the region the case
  requires (undiagnosed or uncontrolled hypertension at or above 140/90, everyone else below; likewise glucose
  7.0 mmol/L and fever 37.3 ℃).
- text sections and the note (`_medical_text`).

Coherence is built in; the rules below state it as a checkable contract (`synth describe medical`), and the
engine checks every record against them.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from synth import dates
from synth.options import Option, parse_bool, parse_int_range, parse_rate
from synth.schema import Domain

from . import _medical_checks as checks
from ._medical_checks import dose_step
from . import _medical_sections as sections
from ._medical_data import PAEDIATRIC_AGE, catalogue
from ._medical_fhir import FhirWriter
from ._medical_model import (bmi_of, condition_matrix, plan_visits, sample_blood_pressure, sample_chronic, sample_glucose, sample_height,
                             sample_rate, sample_temperature, sample_weight, DIABETES_AWARENESS,
                             HYPERTENSION_AWARENESS, CHRONIC_VISIT_SHARE)
from .persons import (mask_names, sample_age_sex, sample_birth_divisions, sample_id_numbers, sample_names,
                      sample_phones, sex_of_cell)

MAX_OPTION_AGE = 105
MIN_INFANT_DAYS = 28
UNDIAGNOSED_BP_MARKER = "血压升高"
UNDIAGNOSED_GLUCOSE_MARKER = "血糖升高"


def parse_age_range(value) -> tuple[int, int]:
    low, high = parse_int_range(value)
    if low < 0 or high > MAX_OPTION_AGE:
        raise ValueError(f"ages must lie within 0-{MAX_OPTION_AGE}")
    return low, high


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
    column = np.empty(len(values), dtype=object)
    column[:] = values
    return column


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


@DOMAIN.field("_case", parents=("_age_sex", "_chronic"), hidden=True, dtype="object")
def case(ctx, cell, chronic_mask):
    streams = {name: ctx.stream(name) for name in ("visit", "allergy", "drugs", "control", "symptom")}
    return plan_visits(streams, catalogue(), _age(cell), _sex(cell), chronic_mask.astype(np.int64), ctx.options)


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
              doc="主诉: a symptom of the primary diagnosis with its duration (头痛3天，伴头晕); 发热 when febrile")
def chief_complaint(ctx, cases):
    return _objects(sections.chief_complaints(cases, ctx.rng.random()))


@DOMAIN.field("present_illness", parents=("_case", "_age_sex", "temperature", "sbp", "dbp", "fasting_glucose",
                                          "department"),
              doc="现病史: onset, the complaint's detail, fever course, home readings, pertinent negatives, "
                  "general condition")
def present_illness(ctx, cases, cell, temperature, sbp, dbp, glucose, dept):
    return _objects(sections.present_illness(cases, _age(cell), temperature, sbp, dbp, glucose, dept,
                                             ctx.rng.random(13)))


@DOMAIN.field("past_history", parents=("_case", "_ids", "_age_sex"),
              doc="既往史: known chronic conditions (years, current drug), denials, allergy, immunisation")
def past_history(ctx, cases, ids, cell):
    return _objects(sections.past_histories(cases, ids, _age(cell), ctx.rng.random(25)))


@DOMAIN.field("family_history", parents=("_case", "_ids", "_age_sex"),
              doc="家族史: familial conditions or a negative history")
def family_history(ctx, cases, ids, cell):
    return _objects(sections.family_histories(cases, ids, _age(cell), ctx.rng.random(11)))


# -- measurements --------------------------------------------------------------------------------------------
@DOMAIN.field("_bp", parents=("_age_sex", "_case"), hidden=True, dtype="int")
def blood_pressure(ctx, cell, cases):
    cat = catalogue()
    listed = condition_matrix(cases["listed"].astype(np.int64), cat.n)
    sbp, dbp = sample_blood_pressure(ctx.rng, cat, _age(cell), _sex(cell), listed, cases["htn"])
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
    return sample_rate(ctx.rng, cat, "heart_rate", _age(cell), _sex(cell), listed, temperature, 40, 190)


@DOMAIN.field("temperature", parents=("_age_sex", "_case"), dtype="float",
              doc="axillary ℃, one decimal; ≥ 37.3 exactly when the primary diagnosis is a fever condition")
def temperature(ctx, cell, cases):
    return sample_temperature(ctx.rng, catalogue(), _age(cell), _sex(cell), cases["primary"].astype(np.int64))


@DOMAIN.field("resp_rate", parents=("_age_sex", "_case"), dtype="int", doc="breaths per minute")
def resp_rate(ctx, cell, cases):
    cat = catalogue()
    listed = condition_matrix(cases["listed"].astype(np.int64), cat.n)
    return sample_rate(ctx.rng, cat, "resp_rate", _age(cell), _sex(cell), listed, None, 10, 60)


@DOMAIN.field("fasting_glucose", parents=("_age_sex", "_case"), dtype="float", doc="mmol/L, one decimal")
def fasting_glucose(ctx, cell, cases):
    return sample_glucose(ctx.rng, catalogue(), _age(cell), _sex(cell), cases["dm"])


@DOMAIN.field("height_cm", parents=("_age_sex",), dtype="float", doc="cm, one decimal, by age and sex")
def height_cm(ctx, cell):
    return sample_height(ctx.rng, catalogue(), _age(cell), _sex(cell))


@DOMAIN.field("weight_kg", parents=("_age_sex", "height_cm", "_case"), dtype="float", doc="kg, one decimal")
def weight_kg(ctx, cell, height, cases):
    cat = catalogue()
    listed = condition_matrix(cases["listed"].astype(np.int64), cat.n)
    return sample_weight(ctx.rng, cat, _age(cell), _sex(cell), height, listed)


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
    rows, cols = np.nonzero(listed)
    out = [[p] for p in primary.tolist()]
    for r, c in zip(rows.tolist(), cols.tolist()):
        out[r].append(c)
    return out


@lru_cache(maxsize=1)
def _diagnosis_dicts() -> list[dict]:
    cat = catalogue()
    return [{"code": str(c), "name": str(n)} for c, n in zip(cat.code, cat.name)]


@DOMAIN.field("diagnoses", parents=("_ids",), dtype="list",
              doc='[{"code": ICD-10, "name": Chinese name}], the visit\'s primary diagnosis first')
def diagnoses(ctx, ids):
    table = _diagnosis_dicts()
    return _objects([[table[c].copy() for c in row] for row in ids])


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


_UNIT_SCALE = {"g": 1000.0, "mg": 1.0, "μg": 0.001, "ml": 1.0}


def child_dose(drug: int, weight: float) -> str:
    """A child's dose: weight-based doses computed from the body weight (mid-range per kg, rounded, never above
    the adult dose); fixed ranges take the low end under 20 kg and the high end from 20 kg; others as written."""
    cat = catalogue()
    dose = cat.drug_child[drug]
    if dose.low is None:
        return dose.text
    if dose.per_kg:
        value = (dose.low + dose.high) / 2 * weight
        step = dose_step(value)
        value = max(step, round(value / step) * step)
        adult = cat.drug_adult[drug]
        if adult is not None and adult.low is not None and not adult.per_kg and adult.unit in _UNIT_SCALE \
                and dose.unit in _UNIT_SCALE:
            if value * _UNIT_SCALE[dose.unit] > adult.high * _UNIT_SCALE[adult.unit]:
                return adult.text
        return f"{_number(value)}{dose.unit}"
    if dose.low != dose.high:
        return f"{_number(dose.low if weight < 20 else dose.high)}{dose.unit}"
    return dose.text


@DOMAIN.field("medications", parents=("_case", "_age_sex", "weight_kg"), dtype="list",
              doc='[{"name", "dose", "frequency", "route"}]: each indicated for one of the diagnoses, with the '
                  "label's adult dose (children under 14: the children's dose, by weight where the label says so)")
def medications(ctx, cases, cell, weight):
    adult, child = _prescription_lines()
    out = []
    for drugs, a, w in zip(cases["drugs"].tolist(), _age(cell).tolist(), weight.tolist()):
        if a >= PAEDIATRIC_AGE:
            out.append([adult[d].copy() for d in drugs])
        else:
            out.append([{**child[d], "dose": child_dose(d, w)} for d in drugs])
    return _objects(out)


@lru_cache(maxsize=1)
def _prescription_lines() -> tuple[list[dict], list[dict]]:
    """Per drug, the adult prescription and the child one (its dose filled per record)."""
    cat = catalogue()
    adult = [{"name": str(n), "dose": d.text if d is not None else "", "frequency": str(f), "route": str(r)}
             for n, d, f, r in zip(cat.drug_name, cat.drug_adult, cat.drug_adult_frequency, cat.drug_route)]
    child = [{"name": str(n), "dose": "", "frequency": str(f), "route": str(r)}
             for n, f, r in zip(cat.drug_name, cat.drug_child_frequency, cat.drug_route)]
    return adult, child


# -- examination and the whole note ------------------------------------------------------------------------------
@DOMAIN.field("exam_findings", parents=("_case", "_age_sex", "heart_rate", "resp_rate", "bmi", "sbp", "dbp",
                                        "fasting_glucose"),
              doc="查体 findings of the diagnoses and normal systems; notes 血压升高 / 血糖升高 for an undiagnosed "
                  "reading at or above 140/90 mmHg or 7.0 mmol/L")
def exam_findings(ctx, cases, cell, hr, rr, bmi_values, sbp, dbp, glucose):
    return _objects(sections.exam_findings(cases, _age(cell), _sex(cell), hr, rr, bmi_values, sbp, dbp, glucose,
                                           ctx.rng.random(17)))


NOTE_FIELDS = ("name", "sex", "visit_date", "department", "chief_complaint", "present_illness", "past_history",
               "family_history", "sbp", "dbp", "heart_rate", "temperature", "resp_rate", "fasting_glucose",
               "height_cm", "weight_kg", "bmi", "medications", "exam_findings")


@DOMAIN.field("note", parents=("_case", "_ids", "age", "_birth", "_visit") + NOTE_FIELDS,
              doc="the whole record as a Chinese outpatient note (患者/主诉/现病史/既往史/家族史/检查结果/诊断/处理)")
def note(ctx, cases, ids, ages, birth_day, visit_day, *values):
    columns = dict(zip(NOTE_FIELDS, values))
    return _objects(sections.notes(columns, cases, ids, ages, sections.age_texts(ages, birth_day, visit_day),
                                   ctx.rng.random(4)))


# -- the coherence contract ------------------------------------------------------------------------------------------
# Every rule reads output fields only (and options["as_of"]), so `synth.domains.medical.check(frame)` can verify any
# file; generation builds each of them in, and the engine checks every record against them.
DOMAIN.rule("id_number_agrees_with_identity",
             "the ID number has a real county code and the sex's parity; unmasked it encodes the birth date and has "
             "a valid MOD 11-2 check character", ("id_number", "birth_date", "sex"))(checks.identity_agrees)


DOMAIN.rule("masking_follows_option", "mask=true masks name, phone and ID number; mask=false masks none",
             ("name", "phone", "id_number"))(checks.masking_follows_option)


DOMAIN.rule("age_is_years_at_visit", "age is the whole years from birth_date to visit_date",
             ("age", "birth_date", "visit_date"))(checks.age_is_whole_years_at_visit)


DOMAIN.rule("visit_within_window", "visit_date lies within visit_window_days up to as_of, and after birth_date",
             ("visit_date", "birth_date"))(checks.visit_in_window)


DOMAIN.rule("hypertension_has_evidence",
             "a hypertension diagnosis (I10) has blood pressure at or above 140/90 mmHg or an antihypertensive drug",
             ("diagnoses", "sbp", "dbp", "medications"))(checks.hypertension_evidenced)


DOMAIN.rule("high_blood_pressure_is_diagnosed_or_noted",
             "blood pressure at or above 140/90 mmHg without I10 is the undiagnosed fraction: exam_findings notes "
             "血压升高", ("sbp", "dbp", "diagnoses", "exam_findings"))(checks.high_pressure_explained)


DOMAIN.rule("diabetes_has_evidence",
             "a type 2 diabetes diagnosis (E11.9) has fasting glucose at or above 7.0 mmol/L or a glucose-lowering "
             "drug", ("diagnoses", "fasting_glucose", "medications"))(checks.diabetes_evidenced)


DOMAIN.rule("high_glucose_is_diagnosed_or_noted",
             "fasting glucose at or above 7.0 mmol/L without E11.9 is the undiagnosed fraction: exam_findings notes "
             "血糖升高", ("fasting_glucose", "diagnoses", "exam_findings"))(checks.high_glucose_explained)


DOMAIN.rule("fever_diagnosis_has_fever",
             "a fever diagnosis (conditions.tsv fever=1) has a temperature of at least 37.3 ℃ and 发热/高热 in the "
             "chief complaint", ("diagnoses", "temperature", "chief_complaint"))(checks.fever_diagnosis_febrile)


DOMAIN.rule("fever_has_a_cause",
             "a temperature of 37.3 ℃ or more has a fever diagnosis and fever in the chief complaint",
             ("temperature", "diagnoses", "chief_complaint"))(checks.fever_explained)


DOMAIN.rule("complained_fever_is_measured", "a chief complaint of 发热/高热 comes with a temperature of at least 37.3 ℃",
             ("chief_complaint", "temperature"))(checks.complained_fever_measured)


DOMAIN.rule("pregnancy_only_in_women_15_to_50", "a pregnancy diagnosis (Z34.9) only for women aged 15 to 50",
             ("diagnoses", "sex", "age"))(checks.pregnancy_fits)


DOMAIN.rule("prostate_disease_only_in_men", "prostate diagnoses (N40, N41.1) only for men", ("diagnoses", "sex"))(checks.prostate_fits)


DOMAIN.rule("paediatrics_only_under_14", "the 儿科 department only for patients under 14", ("department", "age"))(checks.paediatrics_fits)


DOMAIN.rule("department_fits_primary_diagnosis",
             "patients under 14 attend 儿科, others the primary diagnosis's department; 妇科 and 产科 only women",
             ("department", "age", "sex", "diagnoses"))(checks.department_fits)


DOMAIN.rule("no_adult_chronic_disease_in_children",
             "no chronic disease that starts in adulthood (age_min 18 or more: hypertension, diabetes, CHD …) under 14",
             ("diagnoses", "age"))(checks.no_adult_chronic_in_children)


DOMAIN.rule("diagnoses_fit_age_and_sex",
             "every diagnosis is a known ICD-10 code and name, within its condition's sex and age range",
             ("diagnoses", "age", "sex"))(checks.diagnoses_fit_age_and_sex)


DOMAIN.rule("bmi_is_weight_over_height_squared",
             "bmi equals weight_kg / (height_cm / 100)² rounded to one decimal (within 0.05)",
             ("bmi", "height_cm", "weight_kg"))(checks.bmi_consistent)


DOMAIN.rule("height_and_weight_fit_age_and_sex",
             "height within 4 SD of the age and sex reference, BMI within 4 log-SD (obesity allowed)",
             ("height_cm", "bmi", "age", "sex"))(checks.body_fits_age)


DOMAIN.rule("obesity_matches_bmi",
             "from age 6, an obesity diagnosis exactly when BMI reaches the cut-off (adults 28.0; children z ≥ +2)",
             ("diagnoses", "bmi", "age", "sex"))(checks.obesity_matches_bmi)


DOMAIN.rule("vitals_are_physiological",
             "blood pressure, pulse pressure, heart and breathing rate, temperature and glucose in human ranges",
             ("sbp", "dbp", "heart_rate", "resp_rate", "temperature", "fasting_glucose"))(checks.vitals_physiological)


DOMAIN.rule("drugs_are_indicated", "every drug is in drugs.tsv and indicated for one of the diagnoses",
             ("medications", "diagnoses"))(checks.drugs_indicated)


DOMAIN.rule("doses_fit_age",
             "14 and over: the label's adult dose and frequency; under 14: the children's frequency and dose (by "
             "weight where the label doses by weight)", ("medications", "age", "weight_kg"))(checks.doses_fit_age)


DOMAIN.rule("one_drug_per_class",
             "never two drugs of one class (ACE inhibitors and ARBs, systemic antibacterials, oral analgesics, "
             "sedatives, antidepressants each count as one)", ("medications",))(checks.one_drug_per_class)


DOMAIN.rule("no_contraindicated_drug",
             "no drug contraindicated by a diagnosis, age under 18, a recorded allergy or pregnancy "
             "(contraindications.tsv, drugs.tsv pregnancy)", ("medications", "diagnoses", "age", "past_history"))(checks.no_contraindicated_drug)


DOMAIN.rule("complaint_belongs_to_diagnoses",
             "the chief complaint names a symptom of one of the diagnoses with a duration in that symptom's range",
             ("chief_complaint", "diagnoses"))(checks.complaint_fits)


DOMAIN.rule("present_illness_belongs_to_primary", "the present illness tells a symptom of the primary diagnosis",
             ("present_illness", "diagnoses"))(checks.present_illness_fits)


DOMAIN.rule("findings_belong_to_primary", "exam_findings states a finding of the primary diagnosis",
             ("exam_findings", "diagnoses"))(checks.findings_fit)


# Two text checks cost about as much as generating the text, so they are not run on every batch: `verify` runs
# them together with every rule (the tests do, on 10,000 records by default and 100,000 in the slow test).
EXTRA_CHECKS = {
    "present_illness_denies_nothing_complained": (
        "the present illness never denies (无…) a symptom the chief complaint states", checks.no_denied_complaint),
    "note_agrees_with_fields": (
        "the note repeats the record line by line: name, sex, visit, each section verbatim, measurements, every "
        "diagnosis (name and code, in order) and every drug", checks.note_agrees),
}


def verify(frame, as_of=None, **options) -> dict[str, int]:
    """Violations per rule and extra check for a frame of medical records (for example a file read back).

    `options` are the domain options the file was made with (mask, visit_window_days ...); `as_of` the
    generation date (default 2025-01-01).
    """
    from synth.engine import DEFAULT_AS_OF
    from synth.options import parse_date

    # The same contract as the engine and `synth check`: rules find the reference day in options["as_of"].
    parsed_options = {**DOMAIN.parse_options(options),
                      "as_of": parse_date(as_of) if as_of is not None else DEFAULT_AS_OF}
    columns = {name: frame[name].to_numpy() for name in frame.columns}
    counts = {rule.name: int((~np.asarray(rule.check(columns, parsed_options), dtype=bool)).sum())
              for rule in DOMAIN.rules}
    for name, (_, check) in EXTRA_CHECKS.items():
        counts[name] = int((~np.asarray(check(columns, parsed_options), dtype=bool)).sum())
    return counts
