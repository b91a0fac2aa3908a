"""The medical domain as related tables: patients, visits, diagnoses, prescriptions, observations.

One record is one visit of one synthetic patient, so a patient has one visit here and shares the record's index
(patient PT0000000042 made visit MR0000000042). Diagnoses and prescriptions keep the record's order (`seq` 1 is
the primary diagnosis), and each prescription names the diagnosis it treats; observations are the vital signs
and fasting glucose, one row per LOINC code, as in the FHIR export (fhir.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from synth.tables.spec import Column as C, ForeignKey, Table, Tables, explode

from .data import catalogue
from .fhir import SIMPLE_OBSERVATIONS

PATIENTS = Table("patients", (
    C("patient_id", "id", doc="PT + the record's 10-digit index"),
    C("name", "text", doc="masked 张** by default"),
    C("sex", "text", doc="男 or 女"),
    C("birth_date", "date"),
    C("id_number", "id", doc="GB 11643 ID number; masked 110105********1234 by default"),
    C("phone", "id", doc="masked 138****5678 by default"),
), primary_key=("patient_id",), doc="the people who visited")

VISIT = ForeignKey(("visit_id",), "visits", ("visit_id",))

VISITS = Table("visits", (
    C("visit_id", "id", doc="the record_id, MR + 10-digit index"),
    C("patient_id", "id"),
    C("visit_date", "date"),
    C("age", "int", doc="whole years on the visit day"),
    C("department", "text"),
    C("chief_complaint", "text", doc="主诉"),
    C("present_illness", "text", doc="现病史"),
    C("past_history", "text", doc="既往史"),
    C("family_history", "text", doc="家族史"),
    C("exam_findings", "text", doc="查体"),
    C("note", "text", doc="the whole outpatient note"),
), primary_key=("visit_id",), foreign_keys=(ForeignKey(("patient_id",), "patients", ("patient_id",)),),
    doc="outpatient visits")

DIAGNOSES = Table("diagnoses", (
    C("visit_id", "id"),
    C("seq", "int", doc="1 is the visit's primary diagnosis"),
    C("icd10_code", "id"),
    C("name", "text", doc="the Chinese name"),
    C("is_primary", "bool"),
), primary_key=("visit_id", "seq"), foreign_keys=(VISIT,), doc="the diagnoses of each visit")

PRESCRIPTIONS = Table("prescriptions", (
    C("visit_id", "id"),
    C("seq", "int"),
    C("drug", "text"),
    C("dose", "text"),
    C("frequency", "text"),
    C("route", "text"),
    C("indication_seq", "int", doc="the diagnosis (its seq) the drug is for: the first of the visit's diagnoses "
                                   "drugs.tsv lists it for"),
), primary_key=("visit_id", "seq"),
    foreign_keys=(VISIT, ForeignKey(("visit_id", "indication_seq"), "diagnoses", ("visit_id", "seq"))),
    doc="the drugs prescribed at each visit")

# (field, LOINC code, Chinese name, UCUM unit): blood pressure as its two components, then fhir.py's list.
OBSERVED = (("sbp", "8480-6", "收缩压", "mm[Hg]"), ("dbp", "8462-4", "舒张压", "mm[Hg]")) + tuple(
    (field, code, text, unit) for field, _, code, _, text, unit, _ in SIMPLE_OBSERVATIONS)

OBSERVATIONS = Table("observations", (
    C("visit_id", "id"),
    C("loinc_code", "id"),
    C("name", "text"),
    C("value", "float"),
    C("unit", "id", doc="UCUM unit"),
), primary_key=("visit_id", "loinc_code"), foreign_keys=(VISIT,), doc="vital signs and fasting glucose")


def indications(diagnoses, medications) -> list[int]:
    """For each drug of each visit, the position (from 1) of the first diagnosis the drug is indicated for; the
    rule drugs_are_indicated guarantees there is one."""
    cat = catalogue()
    drug_index = {name: i for i, name in enumerate(cat.drug_name)}
    out = []
    for dx, drugs in zip(diagnoses, medications):
        conditions = [cat.by_code[d["code"]] for d in dx]
        for drug in drugs:
            treats = cat.indication[drug_index[drug["name"]]]
            out.append(next(k + 1 for k, c in enumerate(conditions) if treats[c]))
    return out


def split(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    visit = frame["record_id"].astype(object)
    patient = "PT" + visit.str.slice(2)
    patients = pd.DataFrame({"patient_id": patient, **{c: frame[c] for c in (
        "name", "sex", "birth_date", "id_number", "phone")}})
    visits = pd.DataFrame({"visit_id": visit, "patient_id": patient, **{c: frame[c] for c in (
        "visit_date", "age", "department", "chief_complaint", "present_illness", "past_history",
        "family_history", "exam_findings", "note")}})
    diagnoses = explode(visit, frame["diagnoses"], {"icd10_code": "code", "name": "name"})
    diagnoses["is_primary"] = diagnoses["seq"] == 1
    prescriptions = explode(visit, frame["medications"], {"drug": "name", "dose": "dose",
                                                          "frequency": "frequency", "route": "route"})
    prescriptions["indication_seq"] = indications(frame["diagnoses"], frame["medications"])
    n = len(frame)
    observations = pd.DataFrame({
        "visit_id": np.tile(visit.to_numpy(), len(OBSERVED)),
        "loinc_code": np.repeat([code for _, code, _, _ in OBSERVED], n),
        "name": np.repeat([text for _, _, text, _ in OBSERVED], n),
        "value": np.concatenate([frame[field].to_numpy(dtype=np.float64) for field, *_ in OBSERVED]),
        "unit": np.repeat([unit for *_, unit in OBSERVED], n)})
    # visit by visit, in the order above
    order = np.argsort(np.tile(np.arange(n), len(OBSERVED)), kind="stable")
    observations = observations.iloc[order]
    # a value not measured at the visit (fasting glucose is optional) is no observation, as in the FHIR bundle
    observations = observations[~np.isnan(observations["value"].to_numpy(dtype=np.float64))]
    return {"patients": patients, "visits": visits,
            "diagnoses": diagnoses.rename(columns={"owner": "visit_id"}),
            "prescriptions": prescriptions.rename(columns={"owner": "visit_id"}),
            "observations": observations}


TABLES = Tables("medical", (PATIENTS, VISITS, DIAGNOSES, PRESCRIPTIONS, OBSERVATIONS), split)
