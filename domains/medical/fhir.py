"""FHIR R4 export of medical records: newline-delimited resources that reference each other.

For each record, in this order: Patient, Encounter, one Observation per vital sign (blood pressure as the FHIR
vital-signs panel 85354-9 with systolic 8480-6 and diastolic 8462-4 components; heart rate 8867-4, body
temperature 8310-5, respiratory rate 9279-1, body height 8302-2, body weight 29463-7, BMI 39156-5, and fasting
glucose 1558-6 as a laboratory result), one Condition per diagnosis (ICD-10, system
http://hl7.org/fhir/sid/icd-10), and one MedicationRequest per drug, whose reasonReference points at the
Condition the drug is indicated for. Every resource id derives from the record id, so files written in batches,
by several workers or from a `--start` offset carry the same ids, and ids never collide across records.

Only R4 elements are used (Encounter.class is a Coding, MedicationRequest.medicationCodeableConcept), so the
output loads into R4 servers; the tests validate it with the `fhir.resources` R4B models, which keep these
resources' R4 shape.
"""

from __future__ import annotations

import json
import re
from typing import IO, Any, Iterator

import pandas as pd

from synth.writers import EncodedWriter

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
# OID of the resident identity card number in China's health information standards (WS 363 / WS/T 500).
RESIDENT_ID_SYSTEM = "urn:oid:2.16.156.10011.1.3"
RECORD_ID_SYSTEM = "urn:synth:medical:record"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
DIAGNOSIS_ROLE = "http://terminology.hl7.org/CodeSystem/diagnosis-role"
VITAL_PROFILE = "http://hl7.org/fhir/StructureDefinition/vitalsigns"

# (field, id suffix, LOINC code, English display, Chinese text, UCUM unit, category)
SIMPLE_OBSERVATIONS = (
    ("heart_rate", "hr", "8867-4", "Heart rate", "心率", "/min", "vital-signs"),
    ("temperature", "temp", "8310-5", "Body temperature", "体温", "Cel", "vital-signs"),
    ("resp_rate", "rr", "9279-1", "Respiratory rate", "呼吸频率", "/min", "vital-signs"),
    ("height_cm", "height", "8302-2", "Body height", "身高", "cm", "vital-signs"),
    ("weight_kg", "weight", "29463-7", "Body weight", "体重", "kg", "vital-signs"),
    ("bmi", "bmi", "39156-5", "Body mass index (BMI) [Ratio]", "体重指数", "kg/m2", "vital-signs"),
    ("fasting_glucose", "glu", "1558-6", "Fasting glucose [Moles/volume] in Serum or Plasma", "空腹血糖", "mmol/L",
     "laboratory"),
)
UNIT_DISPLAY = {"/min": "次/分", "Cel": "℃", "cm": "cm", "kg": "kg", "kg/m2": "kg/m2", "mmol/L": "mmol/L",
                "mm[Hg]": "mmHg"}

def _measured(value) -> bool:
    return value is not None and value == value and value != ""


# Dose units: Chinese or SI text -> UCUM code (units with no UCUM code, 片 or 粒, stay as text only).
DOSE_UNITS = {"mg": "mg", "g": "g", "μg": "ug", "ug": "ug", "ml": "mL", "mL": "mL", "U": "[iU]", "IU": "[iU]",
              "单位": "[iU]"}
_DOSE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([^\s0-9（]+)")
_TIMES_A_DAY = re.compile(r"每日([1-6一二三四五六])次")
_EVERY_HOURS = re.compile(r"每([0-9]+)小时1?次")
_PER_WEEK = re.compile(r"每周([1-7一二三四五六七])次")
_CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}


def _count(text: str) -> int:
    return int(text) if text.isdigit() else _CHINESE_DIGITS[text]


def timing_of(frequency: str) -> dict[str, Any]:
    """A FHIR Timing for a Chinese frequency (每日3次, 每8小时1次, 每晚1次, 睡前, 每周1次); the text always stays."""
    timing: dict[str, Any] = {"code": {"text": frequency}}
    if m := _TIMES_A_DAY.search(frequency):
        timing["repeat"] = {"frequency": _count(m.group(1)), "period": 1, "periodUnit": "d"}
    elif m := _EVERY_HOURS.search(frequency):
        timing["repeat"] = {"frequency": 1, "period": int(m.group(1)), "periodUnit": "h"}
    elif m := _PER_WEEK.search(frequency):
        timing["repeat"] = {"frequency": _count(m.group(1)), "period": 1, "periodUnit": "wk"}
    elif "每晚" in frequency or "睡前" in frequency:
        timing["repeat"] = {"frequency": 1, "period": 1, "periodUnit": "d", "when": ["HS"]}
    elif "每日" in frequency or "每天" in frequency:
        timing["repeat"] = {"frequency": 1, "period": 1, "periodUnit": "d"}
    return timing


def dose_quantity(dose: str) -> dict[str, Any] | None:
    """'5mg' -> {value 5, unit mg, UCUM code}; None when the dose does not start with a number."""
    m = _DOSE.match(dose)
    if not m:
        return None
    value = float(m.group(1))
    unit = m.group(2)
    quantity: dict[str, Any] = {"value": int(value) if value.is_integer() else value, "unit": unit}
    if unit in DOSE_UNITS:
        quantity.update(system=UCUM, code=DOSE_UNITS[unit])
    return quantity


def _number(value: Any) -> int | float:
    value = float(value)
    return int(value) if value.is_integer() else round(value, 2)


def _reference(kind: str, ident: str) -> dict[str, str]:
    return {"reference": f"{kind}/{ident}"}


def _quantity(value: Any, unit: str) -> dict[str, Any]:
    return {"value": _number(value), "unit": UNIT_DISPLAY.get(unit, unit), "system": UCUM, "code": unit}


def _category(code: str) -> list[dict[str, Any]]:
    display = "Vital Signs" if code == "vital-signs" else "Laboratory"
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": code, "display": display}]}]


def record_resources(row: dict[str, Any], masked_name: bool) -> Iterator[dict[str, Any]]:
    """The FHIR resources of one record (a dict of its fields), Patient first."""
    rid = row["record_id"]
    patient, encounter = _reference("Patient", rid), _reference("Encounter", rid)
    visit = row["visit_date"]

    name: dict[str, Any] = {"use": "official", "text": row["name"]}
    if not masked_name:
        split = len(row["name"]) - _given_length(row["name"])
        name.update(family=row["name"][:split], given=[row["name"][split:]])
    yield {
        "resourceType": "Patient", "id": rid,
        "identifier": [{"use": "usual", "system": RECORD_ID_SYSTEM, "value": rid},
                       {"use": "official", "system": RESIDENT_ID_SYSTEM, "value": row["id_number"]}],
        "name": [name],
        "telecom": [{"system": "phone", "value": row["phone"], "use": "mobile"}],
        "gender": "male" if row["sex"] == "男" else "female",
        "birthDate": row["birth_date"],
    }

    diagnoses = list(row["diagnoses"])
    condition_ids = [f"{rid}-dx{k + 1}" for k in range(len(diagnoses))]
    yield {
        "resourceType": "Encounter", "id": rid, "status": "finished",
        "class": {"system": ACT_CODE, "code": "AMB", "display": "ambulatory"},
        "serviceType": {"text": row["department"]},
        "subject": patient,
        "period": {"start": visit, "end": visit},
        "reasonCode": [{"text": row["chief_complaint"]}],
        "diagnosis": [{"condition": _reference("Condition", cid),
                       "use": {"coding": [{"system": DIAGNOSIS_ROLE, "code": "CC" if k == 0 else "CM",
                                           "display": "Chief complaint" if k == 0 else "Comorbidity diagnosis"}]},
                       "rank": k + 1} for k, cid in enumerate(condition_ids)],
    }

    common = {"status": "final", "subject": patient, "encounter": encounter, "effectiveDateTime": visit}
    yield {
        "resourceType": "Observation", "id": f"{rid}-bp", "meta": {"profile": [VITAL_PROFILE]},
        "category": _category("vital-signs"),
        "code": {"coding": [{"system": LOINC, "code": "85354-9", "display": "Blood pressure panel with all children optional"}],
                 "text": "血压"},
        **common,
        "component": [
            {"code": {"coding": [{"system": LOINC, "code": "8480-6", "display": "Systolic blood pressure"}], "text": "收缩压"},
             "valueQuantity": _quantity(row["sbp"], "mm[Hg]")},
            {"code": {"coding": [{"system": LOINC, "code": "8462-4", "display": "Diastolic blood pressure"}], "text": "舒张压"},
             "valueQuantity": _quantity(row["dbp"], "mm[Hg]")},
        ],
    }
    for field, suffix, code, display, text, unit, category in SIMPLE_OBSERVATIONS:
        if not _measured(row[field]):
            continue        # fasting glucose only where the visit measured it
        resource = {"resourceType": "Observation", "id": f"{rid}-{suffix}"}
        if category == "vital-signs":
            resource["meta"] = {"profile": [VITAL_PROFILE]}
        resource.update(category=_category(category),
                        code={"coding": [{"system": LOINC, "code": code, "display": display}], "text": text},
                        **common, valueQuantity=_quantity(row[field], unit))
        yield resource

    for cid, diagnosis in zip(condition_ids, diagnoses):
        yield {
            "resourceType": "Condition", "id": cid,
            "clinicalStatus": {"coding": [{"system": CONDITION_CLINICAL, "code": "active"}]},
            "verificationStatus": {"coding": [{"system": CONDITION_VERIFICATION, "code": "confirmed"}]},
            "category": [{"coding": [{"system": CONDITION_CATEGORY, "code": "encounter-diagnosis",
                                      "display": "Encounter Diagnosis"}]}],
            "code": {"coding": [{"system": ICD10, "code": diagnosis["code"], "display": diagnosis["name"]}],
                     "text": diagnosis["name"]},
            "subject": patient, "encounter": encounter, "recordedDate": visit,
        }

    reasons = _reasons([d["code"] for d in diagnoses], [m["name"] for m in row["medications"]])
    for k, drug in enumerate(row["medications"]):
        dosage: dict[str, Any] = {"sequence": 1, "text": f"{drug['dose']} {drug['frequency']}",
                                  "timing": timing_of(drug["frequency"])}
        if drug.get("route"):
            dosage["route"] = {"text": drug["route"]}
            dosage["text"] = f"{drug['dose']} {drug['route']} {drug['frequency']}"
        quantity = dose_quantity(drug["dose"])
        if quantity is not None:
            dosage["doseAndRate"] = [{"doseQuantity": quantity}]
        request = {
            "resourceType": "MedicationRequest", "id": f"{rid}-rx{k + 1}", "status": "active", "intent": "order",
            "medicationCodeableConcept": {"text": drug["name"]},
            "subject": patient, "encounter": encounter, "authoredOn": visit,
            "dosageInstruction": [dosage],
        }
        if reasons[k] >= 0:
            request["reasonReference"] = [_reference("Condition", condition_ids[reasons[k]])]
        yield request


def _reasons(codes: list[str], drugs: list[str]) -> list[int]:
    """For each drug, the position of the first diagnosis it is indicated for (drugs.tsv), or -1."""
    from .data import catalogue

    cat = catalogue()
    conditions = [cat.by_code.get(c, -1) for c in codes]
    out = []
    for name in drugs:
        d = cat.drug_index.get(name, -1)
        out.append(next((k for k, c in enumerate(conditions) if d >= 0 and c >= 0 and cat.indication[d, c]), -1))
    return out


def _given_length(name: str) -> int:
    compound = _compound_surnames()
    return len(name) - (2 if name[:2] in compound else 1)


_COMPOUND: frozenset | None = None


def _compound_surnames() -> frozenset:
    global _COMPOUND
    if _COMPOUND is None:
        from ..persons import surnames

        _COMPOUND = frozenset(s for s in surnames()[0] if len(s) > 1)
    return _COMPOUND


def _is_masked(name: str) -> bool:
    return "*" in name


def fhir_bytes(frame: pd.DataFrame) -> bytes:
    """One FHIR resource per line (NDJSON), UTF-8; a record's resources stay together, Patient first."""
    lines = []
    for row in frame.to_dict(orient="records"):
        for resource in record_resources(row, _is_masked(row["name"])):
            lines.append(json.dumps(resource, ensure_ascii=False, separators=(",", ":")))
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


class FhirWriter(EncodedWriter):
    """`--format fhir`: newline-delimited FHIR R4 resources; batches are encoded in the workers like JSONL."""

    encode = staticmethod(fhir_bytes)

    def __init__(self, handle: IO[bytes], columns: list[str] | None = None):
        super().__init__(handle, list(columns or []))
