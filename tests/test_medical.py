"""The medical domain: coherent outpatient records, published epidemiology, masking, FHIR R4 export."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter

import numpy as np
import pandas as pd
import pytest

import synth
from synth import idcard
from synth.cli import main
from synth.domains import medical
from synth.domains.medical.age_doses import CHILD_FREQUENCY_BELOW_MONTHS
from synth.domains.medical.data import catalogue
from synth.errors import SynthError
from synth.resources import read_table

FIELDS = ["record_id", "name", "sex", "age", "birth_date", "id_number", "phone", "visit_date", "department",
          "chief_complaint", "present_illness", "past_history", "family_history", "sbp", "dbp", "heart_rate",
          "temperature", "resp_rate", "fasting_glucose", "height_cm", "weight_kg", "bmi", "diagnoses", "medications",
          "exam_findings", "investigations", "note"]
AS_OF = dt.date(2025, 1, 1)


@pytest.fixture(scope="module")
def records() -> pd.DataFrame:
    return synth.generate("medical", 10_000, seed=42)


def _plans(frame: pd.DataFrame) -> pd.Series:
    """Each note's 处理 section (the word on an undiagnosed high reading is the plan's since issue 18)."""
    return frame.note.str.split("处理：").str[-1]


def codes(frame: pd.DataFrame) -> list[set[str]]:
    return [{d["code"] for d in row} for row in frame.diagnoses]


# -- shape and the coherence contract ------------------------------------------------------------------------------
def test_fields_in_the_issue_order(records):
    assert list(records.columns) == FIELDS
    assert records.record_id.is_unique
    assert not records.note.str.contains(r"[{}]").any()          # every template hole was filled


def test_every_rule_holds_on_10000_records(records):
    report = records.attrs["report"]
    assert report["produced"] == 10_000
    assert not report.get("regenerated") and not report.get("dropped")    # coherent by construction
    violations = medical.verify(records)
    assert set(violations) >= {r.name for r in medical.DOMAIN.rules} | set(medical.EXTRA_CHECKS)
    assert violations == {name: 0 for name in violations}


def test_every_rule_holds_on_100000_records():
    # About 10-15 s on one core: fast enough to run by default.
    frame = synth.generate("medical", 100_000, seed=2025)
    assert frame.attrs["report"]["produced"] == 100_000
    assert not frame.attrs["report"].get("regenerated") and not frame.attrs["report"].get("dropped")
    assert sum(medical.verify(frame).values()) == 0


def test_rules_catch_broken_records(records):
    broken = records.head(400).copy()
    hypertensive = [i for i, c in enumerate(codes(broken)) if "I10" in c][0]
    broken.at[hypertensive, "sbp"], broken.at[hypertensive, "dbp"] = 120, 80
    broken.at[hypertensive, "medications"] = []
    broken.at[hypertensive, "past_history"] = "否认药物过敏史。"     # nor a long-term drug named there
    broken.at[1, "bmi"] = broken.at[1, "bmi"] + 1.0
    afebrile = [i for i, c in enumerate(codes(broken)) if not c & {"J06.9", "J18.9", "J03.9", "B08.4", "B08.5", "H66.0"}]
    broken.at[afebrile[0], "temperature"] = 38.6
    adult = broken.index[broken.age >= 18][0]
    broken.at[adult, "department"] = "儿科"
    broken.at[2, "visit_date"] = "2026-01-01"
    violations = medical.verify(broken)
    assert violations["hypertension_has_evidence"] >= 1
    assert violations["bmi_is_weight_over_height_squared"] == 1
    assert violations["fever_has_a_cause"] == 1
    assert violations["paediatrics_only_under_14"] == 1
    assert violations["visit_within_window"] == 1
    assert violations["note_agrees_with_fields"] >= 1            # the note no longer repeats those fields
    full = synth.generate("medical", 50, seed=1, mask="false")
    full.at[0, "id_number"] = full.at[0, "id_number"][:17] + ("0" if full.at[0, "id_number"][17] != "0" else "1")
    full.at[1, "sex"] = "女" if full.at[1, "sex"] == "男" else "男"
    identity = medical.verify(full, mask="false")
    assert identity["id_number_agrees_with_identity"] == 2
    only_note = records.head(50).copy()
    only_note.at[3, "note"] = only_note.at[3, "note"].replace("主诉：", "主诉：无", 1)
    assert medical.verify(only_note)["note_agrees_with_fields"] == 1
    assert sum(medical.verify(only_note).values()) == 1


def test_clinical_coherence_in_plain_numbers(records):
    c = codes(records)
    high_bp = (records.sbp >= 140) | (records.dbp >= 90)
    # An antihypertensive prescribed here, or (issue 18) taken long-term as the past history says when another
    # department looks after the hypertension.
    names = [n for n, a in zip(catalogue().drug_name, catalogue().antihypertensive) if a]
    on_antihypertensive = records.medications.map(
        lambda ms: any(catalogue().antihypertensive[catalogue().drug_index[m["name"]]] for m in ms)) | \
        records.past_history.map(lambda h: any(n in h for n in names))
    has_htn = pd.Series(["I10" in x for x in c])
    assert (~has_htn | high_bp | on_antihypertensive).all()
    assert _plans(records)[high_bp & ~has_htn].str.contains("血压升高").all()
    assert ((records.temperature >= 37.3) == records.chief_complaint.str.contains("发热|高热")).all()
    young = records.age < 14
    assert (records.department[young] == "儿科").all() and (records.department[~young] != "儿科").all()
    pregnant = pd.Series(["Z34.9" in x for x in c])
    assert ((records.sex[pregnant] == "女") & records.age[pregnant].between(15, 50)).all() and pregnant.sum() > 50
    prostate = pd.Series([bool(x & {"N40", "N41.1"}) for x in c])
    assert (records.sex[prostate] == "男").all() and prostate.sum() > 50
    adult_only = {catalogue().code[i] for i in np.flatnonzero(catalogue().adult_chronic)}
    assert not any(x & adult_only for x, a in zip(c, records.age) if a < 14)
    assert np.allclose(records.bmi, records.weight_kg / (records.height_cm / 100) ** 2, atol=0.05 + 1e-9)


def test_durations_and_symptoms_read_like_notes(records):
    assert records.chief_complaint.str.fullmatch(r"\S+?\d+(天|周|月|年)(，\S+)?").all()
    assert records.chief_complaint.str.len().between(3, 30).all()
    assert records.present_illness.str.startswith(("患者", "患儿", "家长诉", "自发病以来", "发病以来")).all()
    # Complaint durations fit their symptoms: an acute infection is days, not years.
    uri = pd.Series(["J06.9" in x for x in codes(records)])
    assert records.chief_complaint[uri].str.contains(r"\d+天").all()
    assert records.present_illness.nunique() > 9_000 and records.chief_complaint.nunique() > 1_500


# -- epidemiology ---------------------------------------------------------------------------------------------
def observed_conditions(frame: pd.DataFrame) -> pd.DataFrame:
    """Per record, which chronic conditions it shows: listed diagnoses, plus undiagnosed hypertension and diabetes
    (a reading above the threshold noted in exam_findings)."""
    cat = catalogue()
    out = pd.DataFrame(False, index=frame.index, columns=[cat.keys[c] for c in cat.chronic_ids])
    by_code = {cat.code[c]: cat.keys[c] for c in cat.chronic_ids}
    for i, row in enumerate(frame.diagnoses):
        for d in row:
            if d["code"] in by_code:
                out.iat[i, out.columns.get_loc(by_code[d["code"]])] = True
    out["hypertension"] |= _plans(frame).str.contains("血压升高").to_numpy()
    out["t2dm"] |= _plans(frame).str.contains("血糖升高").to_numpy()
    return out


def prevalence_table(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Observed beside published prevalence for each band of prevalence.tsv (chronic conditions). Since issue 18
    a record shows a condition other than hypertension and diabetes only when it is known (conditions.tsv
    awareness), so the expected share is the published prevalence times the awareness."""
    observed = observed_conditions(frame)
    cat = catalogue()
    aware = {k: (1.0 if k in ("hypertension", "t2dm") else float(cat.awareness[cat.index[k]])) for k in keys}
    table = read_table("medical", "prevalence.tsv")
    rows = []
    for key, sex, lo, hi, p in zip(table.key, table.sex, table.age_from.astype(int), table.age_to.astype(int),
                                   table.probability.astype(float)):
        if key not in keys:
            continue
        in_band = (frame.sex == ("男" if sex == "m" else "女")) & frame.age.between(lo, hi)
        n = int(in_band.sum())
        rows.append((key, sex, f"{lo}-{hi}", p * aware[key], observed.loc[in_band, key].mean() if n else np.nan, n))
    return pd.DataFrame(rows, columns=["key", "sex", "band", "published", "observed", "n"])


DIABETES_AWARENESS = 0.365


def test_chronic_prevalence_follows_the_published_figures():
    frame = synth.generate("medical", 30_000, seed=7, age="18-100")
    keys = ["hypertension", "t2dm", "hyperlipidaemia", "copd", "fatty_liver", "hyperuricaemia", "osteoporosis", "ckd",
            "knee_oa", "obesity"]
    table = prevalence_table(frame, keys)
    table = table[table.n >= 300]
    se = np.sqrt(table.published * (1 - table.published) / table.n)
    # Diabetes shows where it is known or where the visit measured the glucose (glucose_lab.py: no screening of
    # every adult since an attending's reading, seed 73129), so an undiagnosed diabetes at a cold is not seen:
    # its share lies between the published prevalence times the national awareness (36.5%, China Chronic Disease
    # and Risk Factor Surveillance 2013) and the published prevalence.
    diabetes = (table.key == "t2dm").to_numpy()
    assert (np.abs(table.observed - table.published) <= 4 * se + 0.01)[~diabetes].all(), table[
        np.abs(table.observed - table.published) > 4 * se + 0.01]
    low, high = DIABETES_AWARENESS * table.published - 4 * se - 0.01, table.published + 4 * se + 0.01
    assert table.observed.between(low, high)[diabetes].all(), table[diabetes]
    assert len(table) >= 80


def test_acute_visit_shares_follow_the_table(records):
    cat = catalogue()
    primary = np.array([cat.by_code[row[0]["code"]] for row in records.diagnoses])
    acute = ~cat.chronic[primary]
    adults = acute & (records.age.between(18, 100).to_numpy())
    shares = Counter(cat.keys[c] for c in primary[adults])
    total = sum(shares.values())
    # uri is the commonest acute visit at every adult age (about 27-47 % by band and sex in prevalence.tsv).
    assert 0.25 < shares["uri"] / total < 0.45
    assert shares["uri"] > shares["acute_bronchitis"] > shares["conjunctivitis"]
    children = acute & (records.age < 6).to_numpy()
    assert {cat.keys[c] for c in primary[children]} >= {"hfmd", "herpangina", "infantile_diarrhoea"}


def test_comorbidities_cluster():
    frame = synth.generate("medical", 20_000, seed=11, age="55-64")
    observed = observed_conditions(frame)

    def odds_ratio(a: str, b: str) -> float:
        x, y = observed[a], observed[b]
        return ((x & y).sum() * (~x & ~y).sum()) / max(1, (x & ~y).sum() * (~x & y).sum())

    assert odds_ratio("hypertension", "t2dm") > 1.5
    # Listed fatty liver is the known 30 % (issue 18 awareness): non-differential under-ascertainment attenuates
    # the observed odds ratio below the copula's.
    assert odds_ratio("obesity", "fatty_liver") > 2.0
    # no tabulated association: the odds ratio near 1, within the noise of its 12-20 co-listed patients (a log
    # standard error near 0.3; 0.7-1.4 held on one seed's layout and failed when a condition was added)
    assert 0.5 < odds_ratio("migraine", "knee_oa") < 2.0


def test_undiagnosed_fraction_and_awareness_option():
    default = synth.generate("medical", 8_000, seed=3, age="40-90")
    noted = _plans(default).str.contains("血压升高")
    diagnosed = pd.Series(["I10" in x for x in codes(default)])
    share = noted.sum() / (noted.sum() + diagnosed.sum())
    # 1 - awareness (0.469), less those diagnosed at this visit (more since issue 18: a chronic visit is for a
    # known condition or for hypertension/diabetes, and fewer other conditions are known)
    assert 0.35 < share < 0.56
    everyone_known = synth.generate("medical", 3_000, seed=3, age="40-90", hypertension_awareness=1.0)
    assert not _plans(everyone_known).str.contains("血压升高").any()


# -- identity, masking, options -----------------------------------------------------------------------------------
def test_masked_by_default_and_full_values_on_request(records):
    assert records.name.str.contains(r"\*").all() and records.note.str.contains("（已脱敏）").all()
    assert records.phone.str.fullmatch(r"1\d{2}\*{4}\d{4}").all()
    assert records.id_number.str.fullmatch(r"\d{6}\*{8}\d{3}[\dX]").all()
    full = synth.generate("medical", 2_000, seed=42, mask="false")
    assert not full.name.str.contains(r"\*").any() and not full.note.str.contains("已脱敏").any()
    assert full.phone.str.fullmatch(r"1\d{10}").all()
    for number, birth, sex in zip(full.id_number, full.birth_date, full.sex):
        assert idcard.has_valid_check(number)
        assert number[6:14] == birth.replace("-", "")
        assert int(number[16]) % 2 == (1 if sex == "男" else 0)
    # Masking changes nothing else.
    masked = synth.generate("medical", 2_000, seed=42)
    assert full.diagnoses.tolist() == masked.diagnoses.tolist() and (full.sbp == masked.sbp).all()
    assert [n[0] for n in full.name] == [n[0] for n in masked.name]
    assert [i[:6] + i[14:] for i in full.id_number] == [i[:6] + i[14:] for i in masked.id_number]
    assert medical.verify(full, mask="false") == {k: 0 for k in medical.verify(full, mask="false")}


def test_ages_dates_and_window_option():
    frame = synth.generate("medical", 3_000, seed=5, age="0-13", visit_window_days=30, as_of="2024-03-01")
    visit = pd.to_datetime(frame.visit_date)
    birth = pd.to_datetime(frame.birth_date)
    assert (visit <= pd.Timestamp("2024-03-01")).all() and (visit > pd.Timestamp("2024-01-31")).all()
    assert (visit - birth >= pd.Timedelta(days=28)).all()
    assert frame.age.between(0, 13).all() and (frame.department == "儿科").all()
    assert frame.note.str.contains(r"年龄：\d+个月").any()
    assert medical.verify(frame, as_of="2024-03-01", age="0-13", visit_window_days=30)["visit_within_window"] == 0


@pytest.mark.parametrize("options,needle", [
    ({"age": "0-200"}, "age=0-200"),
    ({"visit_window_days": "0"}, "visit_window_days=0"),
    ({"hypertension_awareness": "1.5"}, "hypertension_awareness"),
])
def test_bad_options_are_one_sentence(options, needle):
    with pytest.raises(SynthError, match=needle):
        synth.generate("medical", 10, **options)


def test_describe_lists_the_contract():
    described = synth.describe("medical")
    assert [f["name"] for f in described["fields"]] == FIELDS
    rules = {r["name"]: r["doc"] for r in described["rules"]}
    for name in ("hypertension_has_evidence", "diabetes_has_evidence", "fever_has_a_cause",
                 "pregnancy_only_in_women_15_to_50", "prostate_disease_only_in_men", "paediatrics_only_under_14",
                 "no_adult_chronic_disease_in_children", "bmi_is_weight_over_height_squared", "drugs_are_indicated",
                 "doses_fit_age", "complaint_belongs_to_diagnoses", "visit_within_window"):
        assert rules[name]
    assert {o["name"] for o in described["options"]} >= {"age", "mask", "visit_window_days"}


# -- determinism ---------------------------------------------------------------------------------------------
def test_same_seed_same_records_and_random_access():
    a = synth.generate("medical", 3_000, seed=9)
    b = synth.generate("medical", 3_000, seed=9)
    pd.testing.assert_frame_equal(a, b)
    part = synth.generate("medical", 200, seed=9, start=1_400)
    pd.testing.assert_frame_equal(part.reset_index(drop=True), a.iloc[1_400:1_600].reset_index(drop=True))
    batched = pd.concat(synth.stream("medical", 3_000, seed=9, batch_size=1_024), ignore_index=True)
    pd.testing.assert_frame_equal(batched, a)
    assert not a.note.equals(synth.generate("medical", 3_000, seed=10).note)


def test_drugs_and_doses(records):
    from synth.domains.medical.checks import without_course
    from synth.domains.medical.daily_doses import per_day
    cat = catalogue()
    children = records[records.age < 14]
    weight_based = 0
    reasons = children.diagnoses.map(lambda d: cat.by_code[d[0]["code"]])
    for meds, weight, reason in zip(children.medications, children.weight_kg, reasons):
        for m in meds:
            d = cat.drug_index[m["name"]]
            if cat.drug_class[d] == "口服补液盐":
                continue        # dosed by dehydration: test_rehydration_follows_dehydration
            label, frequency, child_max = cat.child_label(d, reason)    # indication_doses.tsv, else the label
            # (a label's younger band may dose less often: age_doses.CHILD_FREQUENCY_BELOW_MONTHS, checked by the
            # rule doses_fit_age at the age in months)
            fewer = CHILD_FREQUENCY_BELOW_MONTHS.get(m["name"], (0, frequency))[1]
            # (an antibacterial's frequency ends with its course, courses.py: 每12小时一次，疗程10天; oseltamivir's
            # label frequency carries its own, 每日两次，疗程5天)
            bare = (without_course({"frequency": frequency})["frequency"], fewer)
            assert label is not None and without_course(m)["frequency"] in bare
            own = (d, reason) in cat.indication_child
            caps = [float(re.match(r"[\d.]+", x.text).group()) * (1000 if x.unit == "g" else 1)
                    for x in ((child_max,) if own else (cat.drug_adult[d], child_max))
                    if x is not None and x.low is not None]
            daily = cat.indication_child_daily.get((d, reason))     # a daily maximum over the day's doses
            if daily is not None:
                caps.append(daily.high * (1000 if daily.unit == "g" else 1) / per_day(frequency))
            if label.per_kg and label.unit == "mg":
                value = float(re.match(r"[\d.]+", m["dose"]).group())
                assert m["dose"].startswith(f"{value:g}mg（")     # the amount a parent gives is written beside it
                if value < 0.95 * min(caps, default=1e9):      # below the cap (496 mg = 15.5 ml is at it)
                    assert label.low * weight * 0.7 <= value <= label.high * weight * 1.4
                    weight_based += 1
    assert weight_based > 100
    names = Counter(m["name"] for meds in records.medications for m in meds)
    assert len(names) > 80
    assert records.medications.map(len).between(0, 6).all()


# -- issue 18: a visit a clinician would sign ---------------------------------------------------------------------
def test_rehydration_follows_dehydration(records):
    """Oral rehydration salts: 50 ml/kg over 4 hours exactly when the exam shows dehydration (adults converted
    to a volume too), otherwise a volume after each loose stool; a dehydrated patient's pulse is not slow."""
    given = [(m, exam, w, hr, age) for meds, exam, w, hr, age in zip(records.medications, records.exam_findings,
                                                                     records.weight_kg, records.heart_rate,
                                                                     records.age)
             for m in meds if m["name"].startswith("口服补液盐")]
    assert len(given) > 50
    dehydrated = [g for g in given if "皮肤弹性稍差" in g[1]]
    assert 5 < len(dehydrated) < len(given)
    for m, exam, w, hr, age in given:
        assert "ml/kg" not in m["dose"]
        volume = float(m["dose"].removesuffix("ml"))
        if "皮肤弹性稍差" in exam:
            assert m["frequency"] == "4小时内服完" and abs(volume - 50 * w) <= 50 and hr >= 60
        else:
            assert m["frequency"] == "每次稀便后" and volume in (50, 100, 150, 250)
    broken = records.copy()
    row = next(i for i, meds in enumerate(broken.medications) if any(m["name"].startswith("口服补液盐")
                                                                     for m in meds))
    broken.at[row, "medications"] = [{**m, "dose": "50ml/kg"} for m in broken.medications[row]]
    assert medical.verify(broken.iloc[[row]].reset_index(drop=True))["doses_fit_age"] == 1


def test_investigations_fit_the_visit(records):
    """Pneumonia has a chest film or CT, a urinary infection a urine test, a diabetes visit HbA1c on the side of
    its glucose, a bacterial infection a raised white count; the note carries the line; the rule catches a gap."""
    first = records.diagnoses.map(lambda d: d[0]["name"])
    tests = records.investigations
    assert tests[first == "肺炎"].str.contains("胸部X线|胸部CT").all() and (first == "肺炎").sum() > 20
    assert tests[first == "泌尿道感染"].str.contains("尿常规").all()
    diabetic = records[first == "2型糖尿病"]
    a1c = diabetic.investigations.str.extract(r"糖化血红蛋白：(\d+\.\d)%")[0].astype(float)
    assert len(a1c) > 50 and a1c.notna().all()
    assert (a1c[diabetic.fasting_glucose >= 7.0] >= 6.5).all()
    counts = tests[first == "急性扁桃体炎"].str.extract(r"白细胞(\d+\.\d)")[0].astype(float)
    assert len(counts) > 20 and (counts > 10).all()
    assert all(f"\n辅助检查：{t}\n" in note for t, note in zip(tests.head(200), records.note.head(200)))
    broken = records.copy()
    row = int(np.flatnonzero(first == "肺炎")[0])
    broken.at[row, "investigations"] = "暂未行辅助检查"
    assert medical.verify(broken.iloc[[row]].reset_index(drop=True))["investigations_fit_diagnosis"] == 1


def test_label_age_bands(records):
    """Zolpidem 5 mg and eszopiclone 1 mg from 65, ambroxol's adult 30 mg from 12 (a reader found 10 mg at 75
    and 15 mg at 13)."""
    lines = [(m, age) for meds, age in zip(records.medications, records.age) for m in meds]
    for m, age in lines:
        if m["name"] == "酒石酸唑吡坦片":
            assert m["dose"] == ("5mg" if age >= 65 else "10mg")
        if m["name"] == "盐酸氨溴索口服溶液" and 12 <= age < 14:
            assert m["dose"] == "30mg（10ml）"
    assert sum(m["name"] == "盐酸氨溴索口服溶液" and 12 <= age < 14 for m, age in lines) > 5
    broken = records.copy()
    row = next(i for i, (meds, age) in enumerate(zip(broken.medications, broken.age))
               if age >= 65 and any(m["name"] in ("酒石酸唑吡坦片", "右佐匹克隆片") for m in meds))
    broken.at[row, "medications"] = [{**m, "dose": "10mg"} if m["name"] == "酒石酸唑吡坦片" else
                                     {**m, "dose": "2mg"} if m["name"] == "右佐匹克隆片" else m
                                     for m in broken.medications[row]]
    assert medical.verify(broken.iloc[[row]].reset_index(drop=True))["doses_fit_age"] == 1


def test_cetirizine_follows_the_label_age_band(records):
    """Cetirizine for a child: 5 mg from 2 to 6 years and 10 mg from 6, whatever the weight (a reader found a
    heavy 4-year-old on the 10 mg dose chosen by weight)."""
    lines = [(m, age) for meds, age in zip(records.medications, records.age) for m in meds
             if m["name"] == "盐酸西替利嗪片" and age < 14]
    assert sum(age < 6 for _, age in lines) > 5 and sum(age >= 6 for _, age in lines) > 5
    for m, age in lines:
        assert m["dose"].startswith("5mg" if age < 6 else "10mg"), (m, age)
    broken = records.copy()
    row = next(i for i, (meds, age) in enumerate(zip(broken.medications, broken.age))
               if age < 6 and any(m["name"] == "盐酸西替利嗪片" for m in meds))
    broken.at[row, "medications"] = [{**m, "dose": "10mg（1片）"} if m["name"] == "盐酸西替利嗪片" else m
                                     for m in broken.medications[row]]
    assert medical.verify(broken.iloc[[row]].reset_index(drop=True))["doses_fit_age"] == 1


def test_no_oral_nsaid_for_an_asthmatic(records):
    """Asthma is an NSAID risk (NSAID-exacerbated respiratory disease): an asthmatic's dysmenorrhoea or headache gets
    another drug (a reader found ibuprofen); the rule catches an oral NSAID written in."""
    asthmatic = records.diagnoses.map(lambda d: any(x["code"] == "J45.9" for x in d))
    cat = catalogue()
    nsaids = set(cat.drug_name[np.isin(cat.drug_class, ["非甾体抗炎药", "选择性COX-2抑制剂"])
                               & (cat.drug_route == "口服")].tolist())
    assert "布洛芬缓释胶囊" in nsaids
    oral_nsaid = records.medications.map(lambda m: any(x["name"] in nsaids for x in m))
    assert asthmatic.sum() > 50 and not (asthmatic & oral_nsaid).any()
    row = int(np.flatnonzero(asthmatic & (records.age >= 18) & (records.age < 65))[0])
    broken = records.copy()
    broken.at[row, "medications"] = broken.medications[row] + [
        {"name": "布洛芬缓释胶囊", "dose": "0.3g", "frequency": "每日两次", "route": "口服"}]
    assert medical.verify(broken.iloc[[row]].reset_index(drop=True))["nsaids_fit_the_patient"] == 1


def test_proteinuric_kidney_disease_gets_a_ras_blocker(records):
    """A CKD visit (its urine shows protein) starts with an ACE inhibitor or ARB (KDIGO 2024: RAS blockade for
    albuminuric CKD) unless the patient may not have one."""
    first = records.diagnoses.map(lambda d: d[0]["code"])
    ckd = records[(first == "N18.9") & records.medications.map(bool)]
    cat = catalogue()
    blockers = set(cat.drug_name[cat.group_names[cat.drug_group] == "RAS阻断剂"].tolist())
    assert {"厄贝沙坦片", "马来酸依那普利片"} <= blockers
    ras = ckd.medications.map(lambda m: any(x["name"] in blockers for x in m))
    assert len(ckd) > 10 and ras.mean() > 0.9


def test_young_hypertension_is_worked_up_for_a_secondary_cause(records):
    """Hypertension seen before 30 has kidney function, potassium, aldosterone/renin and a renal artery scan
    (a reader found a 26-year-old called primary with no work-up); older patients do not."""
    first = records.diagnoses.map(lambda d: d[0]["code"])
    young = (first == "I10") & (records.age < 30)
    assert young.sum() > 3
    assert records.investigations[young].str.contains("血钾.*醛固酮/肾素比值.*肾动脉彩超").all()
    assert not records.investigations[(first == "I10") & (records.age >= 30)].str.contains("肾动脉彩超").any()


def test_a_sulfonylurea_is_added_to_metformin(records):
    """A known diabetic's standing regimen starts with the first line too: a sulfonylurea comes beside metformin,
    alone only where metformin is ruled out (kidney disease, or 65 and over with a BMI below 18.5); a reader found
    gliclazide alone at 20."""
    cat = catalogue()
    sulfonylureas = set(cat.drug_name[cat.drug_class == "磺脲类降糖药"].tolist())
    on = records[records.medications.map(lambda m: any(x["name"] in sulfonylureas for x in m))]
    assert len(on) > 10
    alone = on[~on.medications.map(lambda m: any(x["name"] == "盐酸二甲双胍片" for x in m))]
    ckd = alone.diagnoses.map(lambda d: any(x["code"] == "N18.9" for x in d))
    assert (ckd | ((alone.age >= 65) & (alone.bmi < 18.5))).all()


def test_a_cervix_found_on_a_check_up_is_screened_not_treated(records):
    """宫颈充血 found on a check-up without a complaint (an ectropion) gets TCT and HPV and no drug, its exam no pus
    (a reader found antibiotics for it); the rule catches an antibiotic written in."""
    first = records.diagnoses.map(lambda d: d[0]["code"])
    cervix = first == "N72"
    check_up = cervix & records.chief_complaint.str.contains("体检发现")
    assert check_up.sum() > 5 and (cervix & ~check_up).sum() > 5
    assert (records.medications[check_up].map(len) == 0).all()
    assert records.investigations[check_up].str.contains("TCT").all()
    assert not records.exam_findings[check_up].str.contains("脓性|触血").any()
    assert records.medications[cervix & ~check_up].map(len).gt(0).mean() > 0.5
    row = int(np.flatnonzero(check_up)[0])
    broken = records.copy()
    broken.at[row, "medications"] = [{"name": "盐酸多西环素片", "dose": "0.1g", "frequency": "每日两次", "route": "口服"}]
    assert medical.verify(broken.iloc[[row]].reset_index(drop=True))["symptomatic_drugs_fit_symptoms"] == 1


def test_uncontrolled_comorbidity_is_not_passed_over(records):
    """A known hypertension above 140/90 seen in a department that does not treat it is sent back to cardiology
    with the reading (a reader found 172/101 in a urology note with no word on it)."""
    first = records.diagnoses.map(lambda d: d[0]["code"])
    known = records.diagnoses.map(lambda d: any(x["code"] == "I10" for x in d[1:]))
    high = known & (first != "I10") & ((records.sbp >= 140) | (records.dbp >= 90)) & \
        ~records.department.isin(["心内科", "普通内科"])
    assert high.sum() > 20
    plans = records.note[high].str.split("\n").str[-1]
    assert plans.str.contains("血压控制欠佳").mean() > 0.9


def test_ear_drops_only_for_a_running_ear(records):
    otitis = records[records.diagnoses.map(lambda d: d[0]["name"] == "急性化脓性中耳炎")]
    drops = otitis.medications.map(lambda ms: any(m["route"] == "滴耳" for m in ms))
    assert len(otitis) > 50 and (otitis.present_illness[drops].str.contains("流脓")).all()


def test_history_wording_varies(records):
    """Triggers are a distribution and symptom details draw their numbers: a reader found 受凉后出现 in 659 of
    764 colds and 每日排稀水样便5-6次 word for word in every gastroenteritis."""
    first = records.diagnoses.map(lambda d: d[0]["name"])
    colds = records.present_illness[first == "急性上呼吸道感染"]
    assert len(colds) > 500 and colds.str.contains("受凉后").mean() < 0.4
    assert colds.str.contains("流清水样涕").mean() < 0.15
    stools = records.present_illness.str.extract(r"每日排稀水样便(\d+)次")[0].dropna()
    assert len(stools) > 30 and stools.nunique() >= 4


def test_the_complaint_is_examined(records):
    """A cold with a sore throat has a throat finding (a reader found only 鼻黏膜充血 after 咽痛), and the rule
    catches one without."""
    first = records.diagnoses.map(lambda d: d[0]["name"])
    sore = records[(first == "急性上呼吸道感染") & records.chief_complaint.str.contains("咽痛|咽部不适")]
    assert len(sore) > 50 and sore.exam_findings.str.contains("咽").all()
    broken = sore.head(1).reset_index(drop=True).copy()
    broken.at[0, "exam_findings"] = "神志清楚，精神可，查体合作。鼻黏膜充血水肿，可见清涕。"
    assert medical.verify(broken)["complaint_is_examined"] == 1


def test_respiratory_and_febrile_visits_examine_the_lungs(records):
    """Every cold, bronchitis, tonsillitis, herpangina, HFMD or otitis visit is auscultated (a clinician found the
    lungs missing in 301 of 580 adult colds), never filled with 双下肢无水肿; and the rule catches a missing one."""
    from synth.domains.medical.auscultation import lung_examined_conditions
    cat = catalogue()
    first = records.diagnoses.map(lambda d: cat.by_code[d[0]["code"]])
    visits = records[lung_examined_conditions()[first.to_numpy()]]
    assert len(visits) > 1000 and visits.diagnoses.map(lambda d: d[0]["code"]).nunique() >= 8
    assert visits.exam_findings.str.contains("肺").all()
    # the normal lines, not a comorbidity's own sign (hypertension's 双下肢无水肿，足背动脉搏动正常)
    assert not visits.exam_findings.str.contains("(?:^|。)双下肢无水肿。|脊柱四肢无畸形").any()
    broken = visits[visits.exam_findings.str.contains("双肺呼吸音清，未闻及干湿啰音。")].head(1).reset_index(drop=True)
    broken.at[0, "exam_findings"] = broken.exam_findings[0].replace("双肺呼吸音清，未闻及干湿啰音。", "双下肢无水肿。")
    assert medical.verify(broken)["complaint_is_examined"] == 1


def test_history_never_claims_the_opposite_of_what_it_states(records):
    """拒奶 is no 纳可, 活动后气短 no 无胸闷、气促, a known insomnia no 睡眠可, a normal pregnancy no 发病以来 (a
    clinician found it in 39 of 39 of them); and the rule catches each."""
    cat = catalogue()
    listed = records.diagnoses.map(lambda d: {cat.by_code[x["code"]] for x in d})
    hpi = records.present_illness
    pregnant = hpi[listed.map(lambda s: cat.index["early_pregnancy"] in s)]
    sleepless = hpi[listed.map(lambda s: cat.index["insomnia"] in s)]
    refusing = hpi[hpi.str.contains("(?<!无)拒(?:奶|食)")]      # 无拒食 (a parent's negative) refuses nothing
    short = hpi[hpi.str.contains("气短")]
    assert min(len(pregnant), len(sleepless), len(refusing), len(short)) > 20
    assert pregnant.str.contains("停经以来|孕期以来").all() and not pregnant.str.contains("发病以来").any()
    assert not sleepless.str.contains("睡眠可|睡眠尚可").any()
    assert not refusing.str.contains("纳可|食欲可|饮食可").any()
    assert not short.str.contains("无(?!明显诱因)[^。]*(?:气促|胸闷)").any()     # 无明显诱因 denies nothing
    # 多食易饥 is told 食欲亢进, never 纳差; a denied 恶心呕吐 does not spoil the appetite
    hungry = hpi[hpi.str.contains("伴多食易饥")]
    assert len(hungry) > 10 and hungry.str.contains("食欲亢进").all()
    # a hyperthyroid weight loss's 同期食欲亢进 likewise (its general state said 纳差 before 'food' words were read
    # as a raised appetite only for 多食/易饥)
    raised = hpi[hpi.str.contains("同期食欲亢进")]
    assert len(raised) >= 2 and not raised.str.contains("纳差|食欲减退|进食减少").any()
    calm = hpi[hpi.str.contains("无恶心呕吐") & records.diagnoses.map(lambda d: d[0]["code"] == "I10")]
    assert len(calm) > 20 and not calm.str.contains("纳差|食欲减退|进食减少").any()
    for frame, old, new in ((pregnant, "停经以来", "发病以来"), (refusing, "，进食减少", "，纳可"),
                            (raised, "，食欲亢进，", "，纳差，")):
        broken = records.loc[[frame[frame.str.contains(old)].index[0]]].reset_index(drop=True)
        broken.at[0, "present_illness"] = broken.present_illness[0].replace(old, new)
        assert medical.verify(broken)["history_agrees_with_itself"] == 1


def test_children_from_three_say_what_hurts(records):
    """A parent's 哭闹不安, 流涎, 拒奶 belong to a child under 3; a 5-year-old with herpangina or tonsillitis says
    咽痛 (a clinician flagged 哭闹不安，伴流涎 at 5); and the rule catches the infant wording at 5."""
    children = records[records.age < 14]
    said = children.chief_complaint + "。" + children.present_illness
    seen = said.str.contains("哭闹不安|流涎|拒奶")
    assert seen[children.age < 3].sum() > 20 and not seen[children.age >= 3].any()
    preschool = said[(children.age >= 3) & (children.age < 6)]
    assert preschool.str.contains("咽痛").sum() > 20
    broken = children[(children.age == 5) & children.present_illness.str.contains("咽痛")].head(1).reset_index(drop=True)
    broken.at[0, "present_illness"] = broken.present_illness[0].replace("咽痛", "哭闹不安，伴流涎", 1)
    assert medical.verify(broken)["infant_symptoms_are_observed"] == 1


def test_advice_fits_the_patient(records):
    """An obese child is told 每天至少60分钟 (never the adult 150 minutes a week); eczema gets 保湿润肤 and never
    the fever watch 吃奶及尿量 (a clinician found both); and the rule catches the adult target given to a child."""
    kids = synth.generate("medical", 3_000, seed=77, age="0-13")
    both = pd.concat([records, kids], ignore_index=True)
    first = both.diagnoses.map(lambda d: d[0]["code"])
    plans = both.note.map(lambda n: n[n.rfind("处理："):])
    obese_child = plans[(first == "E66.9") & (both.age < 14)]
    eczema = plans[first == "L30.9"]
    assert len(obese_child) > 10 and obese_child.str.contains("每天至少60分钟").all()
    assert not plans[both.age < 14].str.contains("150分钟").any()
    assert len(eczema) > 100 and eczema.str.contains("润肤").all() and not eczema.str.contains("吃奶|尿量").any()
    assert (both.age[first == "L30.9"] < 3).sum() > 10
    broken = both.loc[[obese_child.index[0]]].reset_index(drop=True)
    broken.at[0, "note"] = broken.note[0].replace("每天至少60分钟中高强度运动", "每周中等强度运动150分钟以上")
    assert medical.verify(broken)["advice_fits_age"] == 1


def test_symptom_drugs_follow_the_symptoms(records):
    """No cough suppressant without a dry cough, no expectorant for an acute cough without sputum, no
    antipyretic for a child's cold below 38.5 ℃; and the rule catches one added."""
    from synth.domains.medical.symptomatic import facts_of
    cat = catalogue()
    seen = Counter()
    for cc, hpi, meds, age, row in zip(records.chief_complaint, records.present_illness, records.medications,
                                       records.age, records.diagnoses):
        dry, productive, _, _ = facts_of(cc + "，" + hpi)
        classes = {cat.drug_class[cat.drug_index[m["name"]]] for m in meds}
        stated = [float(x) for x in re.findall(r"最高(?:体温)?(?:达)?(\d+\.\d)℃", hpi)]
        if "镇咳药" in classes:
            seen["antitussive"] += 1
            assert dry
        if "祛痰药" in classes and cat.by_code[row[0]["code"]] in (cat.index["acute_bronchitis"], cat.index["uri"]):
            seen["expectorant"] += 1
            assert productive
        if age < 14 and row[0]["name"] == "急性上呼吸道感染" and classes & {"解热镇痛药", "非甾体抗炎药"}:
            seen["antipyretic"] += 1
            assert max(stated) >= 38.5
    assert min(seen.values()) > 10 and len(seen) == 3
    broken = records.copy()
    row = next(i for i, (hpi, d) in enumerate(zip(broken.present_illness, broken.diagnoses))
               if d[0]["name"] == "急性上呼吸道感染" and "干咳" not in hpi)
    broken.at[row, "medications"] = broken.medications[row] + [
        {"name": "氢溴酸右美沙芬片", "dose": "15mg", "frequency": "每日三次", "route": "口服"}]
    assert medical.verify(broken.iloc[[row]].reset_index(drop=True))["symptomatic_drugs_fit_symptoms"] == 1


def _primary_and_drugs(frame):
    cat = catalogue()
    for row, meds, dept, age in zip(frame.diagnoses, frame.medications, frame.department, frame.age):
        yield cat.by_code[row[0]["code"]], [cat.drug_index[m["name"]] for m in meds], dept, age


def test_the_visit_reason_is_always_treated(records):
    cat = catalogue()
    # a febrile infant under 3 months is referred to the emergency department untreated (paediatric_fever.py)
    untreated = [(cat.keys[p], age) for p, drugs, _, age in _primary_and_drugs(records[~records.note.str.contains(
                 "儿科急诊")]) if not any(p in cat.drugs_indications_sets[d] for d in drugs)]
    # Only a child with obesity (no drug for children) goes without, or a child whose cold, cough or viral
    # fever needs none of the symptom-driven drugs (no antipyretic below 38.5 ℃, no expectorant for a dry
    # cough), or a cervicitis found on a check-up (screened, not treated), or a hyperuricaemia below the urate
    # threshold for a drug (urate.py): the old model left 10 % untreated.
    # A hypertension found today at grade 1 without high risk waits on lifestyle change (adult_hypertension.py).
    # A 中低危 dyslipidaemia not yet on a drug starts with lifestyle change (adult_lipids.py).
    symptomatic = {"obesity", "uri", "acute_bronchitis", "hfmd", "herpangina", "cervicitis", "hyperuricaemia",
                   "hypertension", "hyperlipidaemia"}
    assert {k for k, _ in untreated} <= symptomatic
    assert all(age < 14 for k, age in untreated if k not in ("obesity", "cervicitis", "hyperuricaemia", "hypertension",
                                                             "hyperlipidaemia"))
    # obesity without a comorbidity is lifestyle first (weight_loss.py), counted by its own test
    assert len([k for k, _ in untreated if k != "obesity"]) < 600
    broken = records.head(300).copy()
    row = next(i for i, meds in enumerate(broken.medications) if meds)
    broken.at[row, "medications"] = []
    assert medical.verify(broken)["primary_is_treated"] == 1


def test_specialists_prescribe_within_their_scope(records):
    cat = catalogue()
    own = {"心内科", "内分泌科", "呼吸内科", "消化内科", "肾内科", "神经内科", "血液内科", "普通内科"}
    for p, drugs, dept, age in _primary_and_drugs(records):
        for d in drugs:
            if p in cat.drugs_indications_sets[d]:
                continue
            # a continuing drug: for a condition of this department (or general medicine, or a child)
            depts = {cat.department[c] for c in cat.drugs_indications_sets[d]}
            assert dept in depts or dept == "儿科" or (dept == "普通内科" and depts & own), (dept, cat.drug_name[d])
    skin = records[records.department == "皮肤科"]
    assert len(skin) > 20 and not skin.medications.map(
        lambda ms: any(cat.antihypertensive[cat.drug_index[m["name"]]] for m in ms)).any()
    continued = records.note.str.contains("继续原方案")
    assert continued.sum() > 200
    broken = records.head(300).copy()
    row = int(np.flatnonzero(broken.department == "皮肤科")[0])
    broken.at[row, "medications"] = broken.at[row, "medications"] + [
        {"name": "苯磺酸氨氯地平片", "dose": "5mg", "frequency": "每日一次", "route": "口服"}]
    assert medical.verify(broken)["drugs_within_department_scope"] == 1


def test_no_active_ingredient_twice(records):
    cat = catalogue()
    paracetamol = {d for d in range(cat.n_drugs) if "对乙酰氨基酚" in cat.ingredient_names and
                   cat.drug_ingredients[d, cat.ingredient_names.index("对乙酰氨基酚")]}
    assert {"对乙酰氨基酚片", "复方氨酚烷胺片", "对乙酰氨基酚混悬滴剂"} <= {cat.drug_name[d] for d in paracetamol}
    for _, drugs, _, _ in _primary_and_drugs(records):
        assert len(set(drugs) & paracetamol) <= 1
    broken = records.head(50).copy()
    broken.at[0, "medications"] = [
        {"name": "对乙酰氨基酚片", "dose": "0.5g", "frequency": "必要时", "route": "口服"},
        {"name": "复方氨酚烷胺片", "dose": "1片", "frequency": "每日两次", "route": "口服"}]
    assert medical.verify(broken)["no_duplicate_ingredient"] == 1



def test_no_two_ingredients_of_one_class(records):
    """ingredient_classes.tsv: chlorphenamine (inside 酚麻美敏片) and cetirizine are two antihistamines, the ephedra of
    连花清瘟 and pseudoephedrine two sympathomimetics (the old generator wrote that pair in 243 of 20,000 visits)."""
    cat = catalogue()
    classes = cat.drug_ingredient_classes
    named = dict(zip(cat.ingredient_class_names, classes.T))
    assert named["H1受体拮抗剂"][cat.drug_index["酚麻美敏片"]] and named["H1受体拮抗剂"][cat.drug_index["盐酸西替利嗪片"]]
    assert named["麻黄碱类"][cat.drug_index["连花清瘟胶囊"]] and not named["麻黄碱类"][cat.drug_index["感冒清热颗粒"]]
    for _, drugs, _, _ in _primary_and_drugs(records):
        shared = classes[list(drugs)].sum(axis=0) if len(drugs) else np.zeros(classes.shape[1])
        assert (shared <= 1).all(), [cat.drug_name[d] for d in drugs]
    assert medical.verify(records.head(300))["no_duplicate_ingredient_class"] == 0
    broken = records.head(50).copy()
    broken.at[0, "medications"] = [
        {"name": "酚麻美敏片", "dose": "1片", "frequency": "每日三次", "route": "口服"},
        {"name": "盐酸西替利嗪片", "dose": "10mg", "frequency": "每日一次", "route": "口服"}]
    broken.at[1, "medications"] = [
        {"name": "酚麻美敏片", "dose": "1片", "frequency": "每日三次", "route": "口服"},
        {"name": "连花清瘟胶囊", "dose": "4粒", "frequency": "每日三次", "route": "口服"}]
    assert medical.verify(broken)["no_duplicate_ingredient_class"] == 2


def test_every_antibacterial_line_states_its_course(records):
    """courses.py: 每日三次，疗程10天 for a tonsillitis, 疗程5天 for a woman's cystitis on nitrofurantoin ...; the old
    generator wrote no antibacterial course at all."""
    from synth.domains.medical.courses import antibacterial_drugs
    cat = catalogue()
    antibacterial = antibacterial_drugs(cat)
    lines = [(m, d[0]["name"], a) for ms, d, a in zip(records.medications, records.diagnoses, records.age)
             for m in ms if antibacterial[cat.drug_index[m["name"]]]]
    assert len(lines) > 100
    coursed = [m for m, dx, _ in lines if "，疗程" in m["frequency"]]
    exempt = [m for m, dx, _ in lines if "，疗程" not in m["frequency"]]
    assert all(m["frequency"] == "单次顿服" or dx == "消化性溃疡" for m, dx, _ in lines if m in exempt)
    assert len(coursed) > 0.8 * len(lines)
    tonsils = {m["frequency"].rpartition("，")[2] for m, dx, _ in lines if dx == "急性扁桃体炎"
               and m["name"].startswith("阿莫西林")}
    assert tonsils == {"疗程10天"}
    assert medical.verify(records.head(400))["antibacterial_course_stated"] == 0
    broken = records.copy()
    row = next(i for i, ms in enumerate(broken.medications) if any("，疗程" in m["frequency"] for m in ms))
    broken.at[row, "medications"] = [{**m, "frequency": m["frequency"].partition("，疗程")[0]}
                                     for m in broken.medications[row]]
    assert medical.verify(broken)["antibacterial_course_stated"] == 1

def test_formulations_fit_the_age(records):
    for meds, age in zip(records.medications, records.age):
        for m in meds:
            if "滴剂" in m["name"]:
                assert age < 3, (m, age)
            if m["name"] in ("阿莫西林胶囊", "阿奇霉素片", "头孢呋辛酯片"):
                assert age >= 6
    paracetamol = [float(re.match(r"[\d.]+", m["dose"]).group()) for meds in records.medications for m in meds
                   if m["name"].startswith("对乙酰氨基酚混悬") and "mg" in m["dose"]]
    assert paracetamol and max(paracetamol) <= 500


def test_history_years_fit_the_onset_age(records):
    young = records[records.age.between(18, 34)]
    years = young.past_history.str.extract(r"(?:高血压|糖尿病|高脂血症)病史(\d+)年")[0].dropna().astype(int)
    ages = young.age[years.index]
    assert len(years) > 20 and ((ages - years >= 35) | (years == 1)).all()   # onset from 35, or found last year
    broken = records.head(300).copy()
    row = next(i for i, h in enumerate(broken.past_history) if "病史" in h and re.search(r"病史\d+年", h))
    broken.at[row, "past_history"] = re.sub(r"病史\d+年", "病史99年", broken.at[row, "past_history"], count=1)
    assert medical.verify(broken)["history_years_fit_onset"] == 1


def test_infants_symptoms_are_told_by_the_parent():
    small = synth.generate("medical", 3_000, seed=5, age="0-2")
    told = (small.chief_complaint + "。" + small.present_illness).str.replace(r"(?:无|否认)[^。，；]*", "", regex=True)
    assert not told.str.contains("畏寒|酸痛|白痰|口痛|耳痛|异物感|尿不尽").any()
    assert small.chief_complaint.str.contains("哭闹|拒食|流涎").any()
    broken = small.head(100).copy()
    broken.at[0, "present_illness"] = broken.at[0, "present_illness"] + "伴畏寒、全身酸痛，咳少量白痰。"
    assert medical.verify(broken)["infant_symptoms_are_observed"] == 1


def test_one_drug_of_a_kind_and_advice_for_the_age(records):
    cat = catalogue()
    for _, drugs, _, _ in _primary_and_drugs(records):
        names = [cat.drug_name[d] for d in drugs]
        assert sum(n.endswith("滴眼液") for n in names) <= 1                     # one antibiotic eye drop
        assert not ("复方氨酚烷胺片" in names and any(n.startswith("布洛芬") for n in names))
    small = synth.generate("medical", 2_000, seed=5, age="0-2")
    plans = small.note.str.split("\n").str[-1]
    assert not plans.str.contains("烟酒|清淡饮食|辛辣").any()
    older = records[records.age >= 3]
    assert not older.chief_complaint.str.contains("排尿哭闹|哭闹伴抓耳").any()
    broken = small.head(50).copy()
    broken.at[0, "note"] = broken.at[0, "note"] + "忌烟酒。"
    assert medical.verify(broken)["advice_fits_age"] == 1


def test_vaginitis_history_exam_and_drugs_agree():
    women = synth.generate("medical", 6_000, seed=12, age="18-50")
    v = women[women.diagnoses.map(lambda r: r[0]["code"] == "N76.0")]
    assert len(v) > 50
    marks = {"bv": "鱼腥|灰白色稀薄", "candida": "豆渣", "trich": "黄绿色泡沫"}
    for hpi, exam, meds in zip(v.present_illness, v.exam_findings, v.medications):
        named = {k for k, w in marks.items() if re.search(w, hpi + exam)}
        assert len(named) <= 1
        names = {m["name"] for m in meds}
        if named == {"candida"}:
            assert not names & {"甲硝唑片", "甲硝唑阴道泡腾片"}
        if named & {"bv", "trich"}:
            assert "硝酸咪康唑栓" not in names
        assert not {"甲硝唑片", "甲硝唑阴道泡腾片"} <= names                  # metronidazole once
        assert sum(m["route"] == "阴道给药" for m in meds) <= 1               # one vaginal preparation a night
    broken = v.head(30).copy().reset_index(drop=True)
    row = int(np.flatnonzero(broken.present_illness.str.contains("鱼腥"))[0])
    broken.at[row, "exam_findings"] = broken.at[row, "exam_findings"] + \
        "妇科检查：外阴充血，可见抓痕，阴道黏膜充血，阴道内可见豆渣样分泌物，宫颈光滑，子宫及双附件未触及异常。"
    assert medical.verify(broken)["findings_agree_on_variant"] == 1


def test_negatives_respect_known_conditions(records):
    stroke = records[records.past_history.str.contains("遗留肢体活动不利")]
    assert len(stroke) > 20 and not stroke.present_illness.str.contains("无肢体无力").any()
    fibrate = records[records.note.str.contains("继续原方案：[^。]*非诺贝特")]
    assert not fibrate.past_history.str.contains("间断服用他汀类药物").any()
    iron = records[records.note.str.contains("继续原方案：[^。]*铁")]
    assert not iron.past_history.str.contains("曾口服铁剂").any()


def test_complaint_and_history_say_each_thing_once(records):
    assert not records.chief_complaint.str.contains("(?:发热|高热).*伴发热").any()          # fever named twice
    dry = records.present_illness.str.contains("干咳")
    assert dry.sum() > 100 and not records.chief_complaint[dry].str.contains("痰").any()
    eczema = records[records.diagnoses.map(lambda r: r[0]["code"] == "L30.9")]
    acute = eczema.present_illness.str.contains("渗")
    assert acute.sum() > 20 and not eczema.exam_findings[acute].str.contains("苔藓样变|皲裂").any()
    infants = synth.generate("medical", 2_000, seed=3, age="0-1")
    assert not infants.present_illness.str.contains("挑食").any()


def test_exam_states_a_defining_finding_and_severe_pressure_is_acted_on(records):
    for code, words in (("B08.5", "疱疹|溃疡"), ("J03.9", "扁桃体")):
        rows = records[records.diagnoses.map(lambda r: r[0]["code"] == code)]
        assert len(rows) > 10 and rows.exam_findings.str.contains(words).all(), code
    severe = (records.sbp >= 180) | (records.dbp >= 110)
    noted = _plans(records).str.contains("血压升高") & severe
    assert noted.sum() > 5 and not _plans(records)[noted].str.contains("嘱监测血压").any()
    adults = records[records.age >= 10]
    assert not adults.present_illness.str.contains("哭闹不安").any()
    copd = records[records.diagnoses.map(lambda r: r[0]["code"] == "J44.9")]
    assert len(copd) > 5 and copd.medications.map(lambda ms: any(m["route"] == "吸入" for m in ms)).all()
    teen = records[records.age < 18]
    assert not teen.medications.map(lambda ms: any(m["name"] == "奥利司他胶囊" for m in ms)).any()


def test_multimorbidity_grows_with_age(records):
    count = records.diagnoses.map(len)
    young, old = records.age.between(14, 44), records.age >= 65
    assert (count[young] >= 4).mean() < 0.05                 # was 22 of 124 before issue 18
    assert count[old].mean() > count[records.age.between(45, 64)].mean() > count[young].mean()


def test_first_line_treatment_of_the_visit_reason(records):
    cat = catalogue()
    antibacterial = {d for d in range(cat.n_drugs) if cat.group_names[cat.drug_group[d]] == "全身抗菌药"}
    antipyretic = {d for d in range(cat.n_drugs) if cat.group_names[cat.drug_group[d]] in ("解热镇痛抗炎药", "抗感冒复方制剂")}
    bacterial = {cat.index[k] for k in ("tonsillitis", "pneumonia", "otitis_media")}
    febrile = set(np.flatnonzero(cat.fever).tolist())
    treated_here = records[~records.note.str.contains("儿科急诊")]     # a referred febrile infant (paediatric_fever.py)
    for (p, drugs, _, age), history, hpi in zip(_primary_and_drugs(treated_here), treated_here.past_history,
                                                treated_here.present_illness):
        if p in bacterial and not ("过敏" in history and "否认" not in history):
            assert set(drugs) & antibacterial, cat.keys[p]
        # an antipyretic from 38.5 ℃ (symptomatic.py); a child's cold below it gets none
        tmax = max(float(x) for x in re.findall(r"最高(?:体温)?(?:达)?(\d+\.\d)℃", hpi)) if p in febrile else 0
        if p in febrile and tmax >= 38.5:
            assert set(drugs) & antipyretic, cat.keys[p]
        elif p in febrile and age < 14 and cat.keys[p] != "otitis_media":
            assert not set(drugs) & antipyretic, cat.keys[p]
        if cat.keys[p] == "eczema":
            assert any(cat.drug_route[d] == "外用" for d in drugs)
    broken = records.head(400).copy()
    row = next(i for i, dx in enumerate(broken.diagnoses) if dx[0]["code"] == "J03.9")
    broken.at[row, "medications"] = [m for m in broken.at[row, "medications"]
                                     if cat.drug_index[m["name"]] not in antibacterial]
    assert medical.verify(broken)["first_line_treatment"] == 1


# the standard denials of drug allergy (past_history.tsv allergy_neg): what is left names an allergy
ALLERGY_DENIAL = re.compile(r"否认药物(?:及食物)?过敏史|无已知药物过敏")


def test_prescribing_follows_judgement_not_just_indication(records):
    # Found by a clinician reading seed 97531: antibiotics for uncomplicated bronchitis, azithromycin ahead of
    # amoxicillin for a child's tonsillitis, dextromethorphan with an expectorant, cefuroxime 0.25 g for pneumonia.
    cat = catalogue()
    antibacterial = {d for d in range(cat.n_drugs) if cat.group_names[cat.drug_group[d]] == "全身抗菌药"}
    tonsil_first = Counter()
    for (p, drugs, _, _), history in zip(_primary_and_drugs(records), records.past_history):
        classes = {cat.drug_class[d] for d in drugs}
        if cat.keys[p] == "acute_bronchitis":       # viral in most: no antibiotic
            assert not set(drugs) & antibacterial
        if cat.keys[p] == "acute_gastroenteritis":  # nor a quinolone for watery diarrhoea (berberine stays)
            assert "喹诺酮类抗菌药" not in classes
        if {"镇咳药", "祛痰药"} <= classes:
            raise AssertionError("a cough suppressant with an expectorant")
        if cat.keys[p] == "pneumonia" and "过敏" not in ALLERGY_DENIAL.sub("", history):
            assert "大环内酯类抗生素" not in classes   # macrolide resistance in China: not alone, not first
        if cat.keys[p] == "pneumonia":
            assert "头孢呋辛酯片" not in {cat.drug_name[d] for d in drugs}
        if cat.keys[p] in ("tonsillitis", "otitis_media") and "过敏" not in ALLERGY_DENIAL.sub("", history):
            tonsil_first[bool(classes & {"大环内酯类抗生素", "第二代头孢菌素", "第三代头孢菌素"})] += 1
        if "头孢" in history and "对头孢" in history:
            assert "青霉素类抗生素" not in classes
    assert tonsil_first[False] > 50 and tonsil_first[True] == 0


def test_coronary_disease_and_hypothyroidism_keep_their_lifelong_drugs(records):
    # The reader found 19 of 25 coronary patients with no antiplatelet or statin, hypothyroidism without thyroxine.
    # (Other departments leave the drugs to the patient's own doctor: the past history says they are taken.)
    for code, scope, needed in (("I25.1", {"普通内科", "心内科"}, ({"抗血小板药"}, {"他汀类调脂药"})),
                                ("E03.9", {"普通内科", "内分泌科"}, ({"甲状腺激素"},))):
        rows = records[records.diagnoses.map(lambda dx: code in {d["code"] for d in dx})
                       & records.department.isin(scope)]
        classes = rows.medications.map(lambda meds: {catalogue().drug_class[catalogue().drug_index[m["name"]]]
                                                     for m in meds})
        assert len(rows) > 10
        for wanted in needed:
            assert classes.map(lambda c: bool(c & wanted)).mean() > 0.9, (code, wanted)


def test_advice_fits_the_diagnosis_and_the_age(records):
    # The reader found 避免接触过敏原 after otitis, 忌烟酒 told to children and an OGTT for a fasting glucose >= 7.0.
    plan = records.note.str.extract(r"处理：([^\n]*)")[0]
    primary = records.diagnoses.map(lambda dx: dx[0]["code"])
    assert not plan[primary == "H66.0"].str.contains("过敏原").any()
    assert (primary == "H66.0").sum() > 20
    children = records.age < 14
    assert not plan[children].str.contains("烟|酒").any()
    assert plan[records.age >= 14].str.contains("烟|酒").any()
    assert not records.note.str.contains("葡萄糖耐量").any()


def test_rehydration_goes_to_the_losses(records):
    """Every child with loose stools, every adult with 6 or more a day and every dehydrated patient gets oral
    rehydration salts; an adult who only vomits gets an antiemetic instead; the rule catches a child's missing
    salts (a reader found 16 of 47 children with 6+ stools a day without them, and 50 ml/kg for vomiting)."""
    first = records.diagnoses.map(lambda d: d[0]["code"])
    gut = records[first.isin(["A09.9", "K52.9"])]
    stools = gut.present_illness.str.extract(r"每日[^，。；\d]*(\d+)次")[0].fillna(0).astype(int)
    ors = gut.medications.map(lambda ms: any(m["name"].startswith("口服补液盐") for m in ms))
    loose = (gut.chief_complaint + gut.present_illness).str.contains("泻|稀便|大便次数")
    child_or_many = loose & ((gut.age < 14) | (stools >= 6))
    assert child_or_many.sum() > 50 and ors[child_or_many].all()
    only_vomit = ~loose & ~gut.exam_findings.str.contains("皮肤弹性稍差|眼窝稍凹陷")
    assert only_vomit.sum() > 5 and not ors[only_vomit].any()
    assert gut[only_vomit].medications.map(lambda ms: any("甲氧氯普胺" in m["name"] for m in ms)).all()
    row = gut.index[child_or_many & (gut.age < 14)][0]
    broken = records.loc[[row]].reset_index(drop=True)
    broken.at[0, "medications"] = [m for m in broken.medications[0] if not m["name"].startswith("口服补液盐")]
    assert medical.verify(broken)["rehydration_fits_the_losses"] == 1


def test_prokinetics_are_short_courses(records):
    """Domperidone (NMPA 2016: at most a week) and metoclopramide (at most 5 days) are written as courses and
    never continued or taken long-term; chronic gastritis has no standing drug (a reader found them long-term)."""
    for meds, past in zip(records.medications, records.past_history):
        for m in meds:
            if m["name"] in ("多潘立酮片", "盐酸甲氧氯普胺片"):
                assert "疗程不超过" in m["frequency"]
        assert "多潘立酮" not in past and "甲氧氯普胺" not in past
    continued = records.note.str.extract(r"继续原方案：([^。]*)")[0].dropna()
    assert not continued.str.contains("多潘立酮|甲氧氯普胺").any()
    # an oral NSAID is taken in courses: never 规律服用 in a history, never a comorbidity's continued drug
    nsaids = "布洛芬|双氯芬酸钠|洛索洛芬|塞来昔布|美洛昔康"
    histories = records.past_history + records.present_illness
    assert not histories.str.contains(f"(?:规律|长期)服用(?:{nsaids})").any()
    assert histories.str.contains(f"间断服用(?:{nsaids})").sum() > 5
    assert (records.note.str.contains("多潘立酮片 10mg 口服 每日三次，疗程不超过7天")).sum() > 5


def test_plan_changes_name_the_drug(records):
    """No 调整降糖方案 / 调整降压方案 without saying to what; every 加用/换用 names a drug; the rule catches one."""
    plans = records.note.str.split("处理：").str[-1]
    assert not plans.str.contains("调整降糖方案|调整降压方案").any()
    added = plans.str.extract(r"加用([^：，。；]+)")[0].dropna()
    names = set(catalogue().drug_name.tolist())
    assert len(added) > 100 and added.isin(names).all()
    deferred = plans[plans.str.contains("今日降糖药物暂不变")]
    assert len(deferred) > 5
    row = int(np.flatnonzero(plans.str.contains("在原方案基础上加用"))[0])
    broken = records.iloc[[row]].reset_index(drop=True)
    broken.at[0, "note"] = broken.note[0].replace("在原方案基础上加用", "调整降压方案，加用", 1)
    assert medical.verify(broken)["plan_changes_name_the_drug"] == 1


def test_examination_fits_the_department_and_dehydration_is_rehydrated(records):
    # Reader: 双下肢无水肿 in orthopaedic notes, gastroenteritis with no abdominal examination or with signs of
    # dehydration and no rehydration, 2780ml of rehydration salts.
    assert not records.exam_findings[records.department == "骨科"].str.contains("水肿").any()
    gastro = records[records.diagnoses.map(lambda dx: dx[0]["code"] == "A09.9")]
    assert len(gastro) > 50 and gastro.exam_findings.str.contains("腹").all()
    names = gastro.medications.map(lambda meds: {m["name"] for m in meds})
    dry = gastro.exam_findings.str.contains("皮肤弹性稍差")
    assert dry.any() and names[dry].map(lambda n: "口服补液盐散(Ⅲ)" in n).all()
    volumes = [float(m["dose"][:-2]) for meds in records.medications for m in meds
               if m["name"] == "口服补液盐散(Ⅲ)" and m["dose"].endswith("ml")]
    assert volumes and all(v % 50 == 0 for v in volumes if v >= 500)


def test_asthma_and_allergic_rhinitis_visits_step_up(records):
    # Reader: the home drug that failed was simply prescribed again. A visit for asthma adds an inhaled
    # corticosteroid controller to the reliever; one for allergic rhinitis a nasal corticosteroid spray.
    for code, needed in (("J45.9", "吸入糖皮质激素"), ("J30.4", "鼻用糖皮质激素")):
        rows = records[records.diagnoses.map(lambda dx: dx[0]["code"] == code)]
        classes = rows.medications.map(lambda meds: [catalogue().drug_class[catalogue().drug_index[m["name"]]]
                                                     for m in meds])
        assert len(rows) > 10
        assert classes.map(lambda c: any(needed in x for x in c) and len(c) >= 2).mean() > 0.9, code


def test_young_children_neither_report_feelings_nor_sit_below_hypotension(records):
    # Reader: 3-5-year-olds with 耳鸣, 头痛, 胸痛, 咳黄痰; children's systolic pressure under 70 + 2 x age.
    young = records[records.age.between(3, 5)]
    assert len(young) > 100
    assert not young.present_illness.str.contains("耳鸣|头痛|胸痛|黄痰").any()
    assert not young.chief_complaint.str.contains("耳鸣|头痛|胸痛|黄痰").any()
    children = records[records.age.between(1, 10)]
    assert (children.sbp >= 70 + 2 * children.age).all()
    assert (records[records.age >= 10].sbp >= 90).all()


def test_present_illness_tells_each_thing_once(records):
    # Reader: 热型不规则 after one day of fever, 睡眠不安 for adults, 病程中伴咽痛 after 伴咽部不适, self-treatment
    # stated twice.
    days = records.chief_complaint.str.extract(r"(\d+)(天|周|月|年)")[0].astype(float)
    pattern = records.present_illness.str.contains("热型不规则")
    assert pattern.any() and (days[pattern] >= 3).all()
    assert not records.present_illness[records.age >= 14].str.contains("睡眠不安").any()
    assert not records.present_illness.str.contains("咽部不适.*病程中伴咽痛|流涕.*伴打喷嚏流清涕").any()
    assert (records.present_illness.str.count("自服|自行服药") <= 1).all()


def test_a_failed_home_drug_is_not_simply_repeated(records):
    # Reader: 546 of 3000 notes prescribed again the home drug the present illness said had not helped.
    for code in ("N40", "M51.2", "M47.8", "K21.9"):
        rows = records[records.diagnoses.map(lambda dx: dx[0]["code"] == code)]
        assert len(rows) > 10 and (rows.medications.map(len) >= 2).mean() > 0.9, code
    # nor is an antibiotic a standing drug (the reader met 30 years of levofloxacin for chronic prostatitis)
    assert not records.note.str.contains("继续原方案：[^。]*(?:沙星|霉素|头孢|西林)").any()
    assert not records.past_history.str.contains("规律服用[^。]*(?:沙星|霉素|头孢|西林)").any()


def test_no_contradictions_between_history_and_examination(records):
    high = records[records.chief_complaint.str.contains("高热")]
    stated = high.present_illness.str.extract(r"最高(?:体温)?(?:达)?(\d+\.\d)℃")[0].dropna().astype(float)
    assert len(stated) > 50 and (stated >= 39.1).all()
    poor = records.present_illness.str.contains("精神欠佳|精神稍差")
    assert poor.sum() > 100 and not records.exam_findings[poor].str.contains("精神可|精神反应可").any()
    assert not records.exam_findings[records.age < 3].str.contains("查体合作").any()
    throat = records.exam_findings.str.contains("咽部无充血，双侧扁桃体无肿大")
    assert not records.department[throat].isin(["心内科", "消化内科", "内分泌科", "妇科"]).any()
    endo = records[records.department == "内分泌科"]
    assert not endo.exam_findings.str.contains("建议内分泌科").any()
    broken = records.head(300).copy()
    row = int(np.flatnonzero(broken.present_illness.str.contains("精神欠佳|精神稍差"))[0])
    broken.at[row, "exam_findings"] = "神志清楚，精神可，查体合作。" + broken.at[row, "exam_findings"]
    assert medical.verify(broken)["general_state_agrees"] == 1


# -- FHIR ---------------------------------------------------------------------------------------------------------
def test_fhir_export_validates_with_r4_models_and_references_resolve(tmp_path):
    from fhir.resources.R4B import get_fhir_model_class

    path = tmp_path / "records.ndjson"
    assert main(["generate", "medical", "-n", "400", "--seed", "4", "--format", "fhir", "-o", str(path)]) == 0
    resources = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    ids = {(r["resourceType"], r["id"]) for r in resources}
    assert len(ids) == len(resources)
    kinds = Counter(r["resourceType"] for r in resources)
    frame = synth.generate("medical", 400, seed=4)
    measured = frame.fasting_glucose.notna()
    # a glucose observation exactly where the visit measured it (the note writes it), the seven others always
    assert 0 < measured.sum() < 400 and (frame.note.str.contains("空腹血糖") == measured).all()
    glucose_ids = {r["id"] for r in resources if r["resourceType"] == "Observation" and r["id"].endswith("-glu")}
    assert glucose_ids == {f"{rid}-glu" for rid in frame.record_id[measured]}
    assert kinds["Patient"] == kinds["Encounter"] == 400 and kinds["Observation"] == 400 * 7 + measured.sum()
    assert kinds["Condition"] >= 400 and kinds["MedicationRequest"] > 300
    loinc = set()
    for r in resources:
        get_fhir_model_class(r["resourceType"]).model_validate(r)        # raises on any invalid resource
        for ref in re.findall(r'"reference": "([A-Za-z]+)/([^"]+)"', json.dumps(r)):
            assert ref in ids, ref
        if r["resourceType"] == "Observation":
            loinc.update(c["code"] for c in r["code"]["coding"])
            loinc.update(c["code"]["coding"][0]["code"] for c in r.get("component", []))
        if r["resourceType"] == "Condition":
            assert r["code"]["coding"][0]["system"] == "http://hl7.org/fhir/sid/icd-10"
    assert loinc >= {"8480-6", "8462-4", "8867-4", "8310-5", "9279-1", "1558-6", "8302-2", "29463-7", "39156-5"}
    requests = [r for r in resources if r["resourceType"] == "MedicationRequest"]
    assert all("reasonReference" in r for r in requests)
    patient = resources[0]
    assert patient["resourceType"] == "Patient" and patient["birthDate"] == frame.birth_date[0]
    assert patient["gender"] == ("male" if frame.sex[0] == "男" else "female")


# -- issue 18, second pass: growth by age in months, measurable children's doses ----------------------------------
def test_infants_grow_by_the_who_standard():
    from synth.domains.medical.growth import age_in_months, growth

    small = synth.generate("medical", 4_000, seed=31, age="0-4")
    months = age_in_months(small.birth_date.to_numpy().astype("datetime64[D]"),
                           small.visit_date.to_numpy().astype("datetime64[D]"))
    sex = (small.sex == "女").to_numpy().astype(int)
    z_h = growth().z_score("height_cm", sex, months, small.height_cm.to_numpy())
    z_w = growth().z_score("weight_kg", sex, months, small.weight_kg.to_numpy())
    assert np.abs(z_h).max() <= 3.05 and np.abs(z_w).max() <= 3.05
    assert abs(z_h.mean()) < 0.1 and 0.9 < z_h.std() < 1.1
    assert 0.6 < np.corrcoef(z_h, z_w)[0, 1] < 0.8       # a long baby is usually a heavy one
    newborn = small[months < 2]
    assert len(newborn) > 20 and newborn.height_cm.max() < 66 and newborn.weight_kg.max() < 7.5


def test_growth_rule_catches_an_implausible_infant():
    small = synth.generate("medical", 400, seed=32, age="0-4")
    assert medical.verify(small)["growth_fits_age_in_months"] == 0
    broken = small.copy()
    one_month = np.flatnonzero((pd.to_datetime(broken.visit_date) - pd.to_datetime(broken.birth_date)).dt.days < 45)
    assert len(one_month)
    broken.loc[broken.index[one_month[0]], ["height_cm", "weight_kg"]] = [79.7, 12.3]
    assert medical.verify(broken)["growth_fits_age_in_months"] == 1


def test_children_get_doses_a_parent_can_measure():
    from synth.domains.medical.doses import child_dose

    cat = catalogue()
    assert child_dose(cat.drug_index["阿奇霉素干混悬剂"], 22.0) == "200mg（2袋）"        # 10 mg/kg: 220 -> 2 sachets
    assert child_dose(cat.drug_index["布洛芬混悬液"], 15.0) == "110mg（5.5ml）"         # 7.5 mg/kg of 20 mg/ml
    assert child_dose(cat.drug_index["头孢呋辛酯片"], 23.0) == "250mg（1片）"
    assert child_dose(cat.drug_index["阿莫西林颗粒"], 4.0) == "31.25mg（1/4袋）"
    assert child_dose(cat.drug_index["对乙酰氨基酚混悬液"], 60.0) == "496mg（15.5ml）"  # capped below 500 mg
    kids = synth.generate("medical", 6_000, seed=33, age="0-13")
    assert medical.verify(kids)["child_doses_are_measurable"] == 0
    broken = kids.copy()
    rows = [i for i, meds in enumerate(broken.medications) if any(m["name"] == "阿奇霉素干混悬剂" for m in meds)]
    meds = [dict(m) for m in broken.medications.iloc[rows[0]]]
    for m in meds:
        if m["name"] == "阿奇霉素干混悬剂":
            m["dose"] = "220mg"                                   # no sachet count, not a whole sachet
    broken.at[broken.index[rows[0]], "medications"] = meds
    assert medical.verify(broken)["child_doses_are_measurable"] == 1


def test_second_reading_fixes():
    # Re-reading 30 notes of seed 2718 (issue 18): a parent does not deny a one-year-old's chest pain; a dry cough
    # is not heard as sputum; the past history names every drug the plan continues; no "17月".
    visits = synth.generate("medical", 6_000, seed=34)
    infants = visits[visits.age < 3]
    from synth.domains.medical.data import VERBAL_SYMPTOMS
    assert len(infants) > 100
    assert not infants.present_illness.str.contains("|".join(VERBAL_SYMPTOMS)).any()
    dry = visits.present_illness.str.contains("干咳")
    assert dry.sum() > 50 and not visits.exam_findings[dry].str.contains("痰鸣音").any()
    months = visits.chief_complaint.str.extract(r"(\d+)月")[0].dropna().astype(int)
    assert len(months) > 50 and months.max() <= 12
    continued = 0
    for history, illness, note in zip(visits.past_history, visits.present_illness, visits.note):
        plan = note[note.rfind("处理："):]
        if "继续原方案：" in plan:
            # a comorbidity's drug is named by the past history, the visit's own standing drugs by the present
            # illness (a known condition at target continues them: 血压控制达标，继续原方案)
            for line in plan.split("继续原方案：")[1].split("。")[0].split("，"):
                named = line.split(" ")[0] in history + illness or "规律用药" in illness
                assert named or "按需" in history or "必要时" in line, (history, plan)
                continued += 1
    assert continued > 100
    # (痰鸣音 is a small child's finding since the eighth reading: the first 200 may hold none)
    broken = pd.concat([visits.head(200), visits[visits.exam_findings.str.contains("痰鸣音")].head(1)],
                       ignore_index=True)
    row = broken.index[broken.exam_findings.str.contains("痰鸣音")][0]
    broken.at[row, "present_illness"] = "患者3天前出现咳嗽，以干咳为主。" + broken.at[row, "present_illness"]
    assert medical.verify(broken)["findings_do_not_contradict"] == 1


def test_third_reading_fixes():
    # Re-reading 30 notes of seed 9091: an α1 blocker only for the prostate; hyperglycaemic complaints only with a
    # high glucose; a comorbidity's finding only where the department examines (no 直肠指检 in 眼科); no
    # 无明显呼吸困难 after 气促; months at most 11.
    visits = synth.generate("medical", 8_000, seed=35)
    for meds, dx in zip(visits.medications, visits.diagnoses):
        if any(m["name"] == "盐酸特拉唑嗪片" for m in meds):
            assert any(d["code"] == "N40" for d in dx)
    thirsty = visits.chief_complaint.str.startswith(("多饮多尿", "口干乏力", "视物模糊伴口干"))
    assert thirsty.sum() > 20 and (visits.fasting_glucose[thirsty] >= 7.0).all()
    assert not visits.exam_findings[visits.department.isin(["眼科", "皮肤科", "耳鼻喉科"])].str.contains("直肠指检").any()
    breathless = visits.present_illness.str.contains("气促|气短")
    assert breathless.sum() > 20 and not visits.present_illness[breathless].str.contains("无明显呼吸困难").any()
    months = visits.chief_complaint.str.extract(r"(\d+)月")[0].dropna().astype(int)
    assert months.max() <= 11


def test_uncontrolled_reason_steps_up():
    # Reading seed 5150: a hypertensive on valsartan at 151/91 (167/97 at home) was sent home on valsartan alone.
    # A known hypertension or diabetes above target, as the visit's reason, gets a second drug.
    cat = catalogue()
    visits = synth.generate("medical", 20_000, seed=36)
    checked = 0
    for dx, meds, sbp, dbp, glucose, hpi in zip(visits.diagnoses, visits.medications, visits.sbp, visits.dbp,
                                                visits.fasting_glucose, visits.present_illness):
        known = re.search(r"既往诊断|病史，|患.{2,8}多年", hpi) and re.search(r"(规律|长期)(服用|使用)", hpi)
        for code, condition, high in (("I10", cat.hypertension, sbp >= 140 or dbp >= 90),
                                      ("E11.9", cat.diabetes, glucose >= 7.0)):
            if dx[0]["code"] == code and known and high:
                assert sum(bool(cat.indication[cat.drug_index[m["name"]], condition]) for m in meds) >= 2, (hpi, meds)
                checked += 1
    assert checked > 200


def test_toddlers_history_fits_their_age():
    # Clinician reading seed 246810: 无腰痛/无关节疼痛/无咯血及盗汗 for infants, 幼儿园同学 for a 5-month-old, a sulfa
    # allergy at 5 months, and 规律服用双氯芬酸钠缓释片 said twice in one past history.
    small = synth.generate("medical", 4_000, seed=246810, age="0-5")
    age = small.age
    told = small.chief_complaint + "。" + small.present_illness
    assert not told[age < 3].str.contains("腰痛|关节疼痛|关节痛|盗汗").any()
    assert not told[age < 3].str.contains("幼儿园").any() and not told[age < 2].str.contains("托班").any()
    assert told[age >= 3].str.contains("幼儿园同学").any()
    assert not small.past_history[age < 1].str.contains("对青霉素|磺胺|对头孢|对海鲜").any()
    broken = small[age < 3].head(50).copy().reset_index(drop=True)
    broken.at[0, "present_illness"] = broken.at[0, "present_illness"] + "无腰痛、关节疼痛。"
    assert medical.verify(broken)["infant_symptoms_are_observed"] == 1
    adults = synth.generate("medical", 4_000, seed=246810, age="50-90")
    for past in adults.past_history:
        taken = re.findall(r"(?:服用|使用)([^，。、]+)", past)
        assert len(taken) == len(set(taken)), past


def test_label_weight_split_and_latest_onset():
    # Clinician reading seed 246810: loratadine 10 mg for children of 30 kg or less (label: 5 mg), and
    # 偏头痛病史19年 at 99 (a migraine first diagnosed at 80).
    kids = synth.generate("medical", 6_000, seed=246810, age="2-11")
    lines = [(w, m["dose"]) for meds, w in zip(kids.medications, kids.weight_kg) for m in meds if m["name"] == "氯雷他定片"]
    assert len(lines) > 10
    assert all(dose.startswith("5mg") for w, dose in lines if w <= 30)
    assert all(dose.startswith("10mg") for w, dose in lines if w > 30)
    old = synth.generate("medical", 6_000, seed=246810, age="60-100")
    said = [(a, int(m.group(1))) for a, past in zip(old.age, old.past_history)
            if (m := re.search(r"偏头痛病史(\d+)年", past))]
    assert len(said) > 5 and all(a - years <= 50 for a, years in said)
    broken = old.head(50).copy()
    broken.at[0, "past_history"] = "偏头痛病史1年，发作时服用止痛药。"
    broken.at[0, "diagnoses"] = broken.at[0, "diagnoses"] + [{"code": "G43.9", "name": "偏头痛"}]
    assert medical.verify(broken)["history_years_fit_onset"] >= 1


def test_pneumonia_side_and_adult_lymphocytes():
    # Clinician reading seed 246810: 右下肺 crackles with a 左下肺 shadow on the film; adults with a viral
    # fever at 52-59 % lymphocytes (adult 20-40 %).
    visits = synth.generate("medical", 6_000, seed=246810)
    sides = lambda text: set(re.findall("([左右双])(?:中)?下肺", text)) | ({"双"} if "双肺底" in text else set())
    pneumonia = visits[[dx[0]["code"] == "J18.9" for dx in visits.diagnoses]]
    compared = [(sides(e), sides(i)) for e, i in zip(pneumonia.exam_findings, pneumonia.investigations)
                if sides(e) and sides(i)]
    assert len(compared) > 50 and all(e == i for e, i in compared)
    assert {"左", "右"} <= set().union(*(e for e, _ in compared))
    lym = visits.investigations.str.extract(r"淋巴细胞([\d.]+)%")[0].astype(float)
    adult, child = lym[visits.age >= 14].dropna(), lym[visits.age < 14].dropna()
    assert len(adult) > 20 and adult.between(20, 40).all() and child.mean() > adult.mean() + 10


def test_negatives_belong_to_the_complaints_system():
    # Clinician reading seed 246810: 无视物模糊 at an obesity check-up, 无里急后重 for a right-upper-abdominal pain.
    visits = synth.generate("medical", 8_000, seed=246810)
    primary = visits.diagnoses.map(lambda dx: dx[0]["name"])
    assert (primary == "肥胖症").sum() > 20
    assert not visits.present_illness[primary == "肥胖症"].str.contains("无视物模糊|无心悸、手抖").any()
    upper = primary.isin(["慢性胃炎", "胃食管反流病", "消化性溃疡", "非酒精性脂肪性肝病"])
    assert upper.sum() > 20 and not visits.present_illness[upper].str.contains("里急后重").any()
    assert visits.present_illness[primary == "急性胃肠炎"].str.contains("无里急后重").any()
    cold = primary.isin(["急性上呼吸道感染", "急性扁桃体炎"])
    assert cold.sum() > 100 and not visits.present_illness[cold].str.contains("盗汗").any()


def test_chronic_eczema_is_examined_and_treated_as_chronic():
    # Clinician reading seed 246810: dry, thickened eczema given calamine (for an acute itchy rash) and examined
    # with the acute line 丘疱疹 whatever the history.
    visits = synth.generate("medical", 8_000, seed=246810)
    eczema = visits[visits.diagnoses.map(lambda dx: dx[0]["code"] == "L30.9")]
    chronic = (eczema.chief_complaint + eczema.present_illness).str.contains("干燥脱屑|粗糙肥厚|反复皮疹")
    assert chronic.sum() > 20
    assert not eczema.exam_findings[chronic].str.contains("丘疱疹|渗出").any()
    names = eczema.medications.map(lambda meds: {m["name"] for m in meds})
    assert not any("炉甘石洗剂" in n for n in names[chronic])
    weeping = (eczema.chief_complaint + eczema.present_illness).str.contains("渗出|渗液")
    assert any("尿素维E乳膏" in n for n in names[chronic]) and not any("尿素维E乳膏" in n for n in names[weeping])


def test_glucose_is_written_only_where_measured():
    # Clinician reading seed 246810: 空腹血糖 in every note's vitals, a febrile 5-month-old's included; attending
    # reading seed 73129: in the vitals of 18 of 24 adults' notes, acute fevers included, three times beside
    # 暂未行辅助检查. It is a lab result of the visits that measure it (glucose_lab.py), written in 辅助检查.
    visits = synth.generate("medical", 6_000, seed=246810)
    vitals = visits.note.str.split("\n").str[6].str.split("。").str[0]
    assert not vitals.str.contains("空腹血糖").any()
    assert (vitals.str.contains("身高") & vitals.str.contains("BMI")).all()
    measured = visits.fasting_glucose.notna()
    assert (visits.investigations.str.contains("空腹血糖：") == measured).all()
    assert not visits.investigations[measured].str.contains("暂未行辅助检查").any()
    assert not measured[visits.age < 3].any()
    diabetic = visits.diagnoses.map(lambda dx: any(d["code"].startswith("E11") for d in dx))
    assert diabetic.sum() > 50 and measured[diabetic].all()
    assert measured[visits.department == "内分泌科"].all()
    # an acute fever or a cold is no reason for it
    fever = visits.diagnoses.map(lambda dx: dx[0]["code"] in ("J06.9", "J10.1", "J03.9", "J20.9")) & ~diabetic
    assert fever.sum() > 300 and not measured[fever].any()


def test_glucose_rule_fails_on_glucose_among_the_vitals():
    visits = synth.generate("medical", 300, seed=5)
    assert medical.verify(visits)["glucose_is_a_lab_result"] == 0
    broken = visits.copy()
    row = int(np.flatnonzero(visits.fasting_glucose.notna())[0])
    broken.at[row, "note"] = broken.at[row, "note"].replace("；身高", "；空腹血糖 5.7mmol/L；身高", 1).replace(
        "，身高", "，空腹血糖 5.7mmol/L，身高", 1)
    assert medical.verify(broken)["glucose_is_a_lab_result"] == 1
    cold = int(np.flatnonzero(visits.diagnoses.map(lambda dx: dx[0]["code"] == "J06.9") &
                              visits.fasting_glucose.isna() & (visits.age >= 18))[0])
    broken = visits.copy()
    broken.at[cold, "fasting_glucose"] = 5.7
    broken.at[cold, "investigations"] = "空腹血糖：5.7mmol/L"
    assert medical.verify(broken)["glucose_is_a_lab_result"] == 1



def test_glucose_in_the_vitals_line_is_found_where_the_line_holds_it():
    # the vitals line is searched within its bounds (the next line break, or the note's end), never past them
    from synth.domains.medical.glucose_lab import _in_vitals_line
    notes = {"主诉：头晕\n检查结果：体温36.5℃，空腹血糖 5.7mmol/L\n辅助检查：无": True,
             "主诉：头晕\n检查结果：体温36.5℃\n辅助检查：空腹血糖：5.7mmol/L": False,
             "主诉：头晕\n检查结果：体温36.5℃，空腹血糖 5.7mmol/L": True,
             "主诉：头晕\n检查结果：体温36.5℃，空腹血": False,
             "空腹血糖：5.7mmol/L\n检查结果：体温36.5℃": False,
             "主诉：头晕，空腹血糖 5.7mmol/L": False}
    assert {note: _in_vitals_line(note) for note in notes} == notes

def test_adult_pneumonia_with_comorbidity_is_not_given_amoxicillin_alone():
    # Clinician reading seed 246810: a diabetic or 65+ adult's pneumonia on amoxicillin 0.5 g alone.
    visits = synth.generate("medical", 40_000, seed=246810, age="14-100")
    pneumonia = visits[visits.diagnoses.map(lambda dx: dx[0]["code"] == "J18.9")]
    risky = (pneumonia.age >= 65) | pneumonia.diagnoses.map(lambda dx: any(d["code"].startswith("E11") for d in dx))
    names = pneumonia.medications.map(lambda meds: {m["name"] for m in meds})
    assert risky.sum() > 20 and not any("阿莫西林胶囊" in n for n in names[risky])
    assert any("阿莫西林胶囊" in n for n in names[~risky])


def _plan_of(note: str) -> str:
    return note.split("\n")[-1]


def test_chronic_visit_escalates_above_target_and_continues_at_target(records):
    """A known, treated hypertension above 140/90 is not sent home on the same drugs: the plan says why and adds
    an agent the history did not name; at target the standing drugs go on as 继续原方案; a failed hypnotic or
    antidepressant is switched, never repeated (issue 18, chronic visits never escalated)."""
    cat = catalogue()
    known = records[records.diagnoses.map(lambda d: d[0]["code"] == "I10")
                    & records.present_illness.str.contains("规律服用")]
    above = known[(known.sbp >= 140) | (known.dbp >= 90)]
    at_target = known[(known.sbp < 140) & (known.dbp < 90)]
    assert len(above) > 20 and len(at_target) > 10
    for _, r in above.iterrows():
        plan = _plan_of(r.note)
        assert "血压控制不佳，在原方案基础上加用" in plan, plan
        added = plan.split("加用")[1].split("：")[0]
        assert added in {m["name"] for m in r.medications} and added not in r.present_illness, (added, r.note)
        assert sum(cat.antihypertensive[cat.drug_index[m["name"]]] for m in r.medications) >= 2
    for _, r in at_target.iterrows():
        assert _plan_of(r.note).startswith("处理：血压控制达标，继续原方案："), r.note
    switched = records[records.note.str.contains("效果欠佳，换用")]
    assert len(switched) > 5
    for _, r in switched.iterrows():
        old, new = _plan_of(r.note).split("原用")[1].split("效果欠佳，换用")
        assert old in r.present_illness and old not in {m["name"] for m in r.medications}
        assert new.split("：")[0] in {m["name"] for m in r.medications}


def test_follow_up_tests_where_they_belong(records):
    """Breath test and gastroscopy for an ulcer, ultrasound for fatty liver, a culture for a small child's urinary
    infection or any man's (and an adult man's urinary ultrasound: complicated, an attending), thyroid ultrasound, the lipid panel (dyslipidaemia, obesity and, since an attending met a NAFLD work-up
    without it, NAFLD): each present for its reason and nowhere else (issue 18)."""
    first = records.diagnoses.map(lambda d: d[0]["code"])
    wanted = {"¹³C尿素呼气试验：": first.isin(["K27.9", "K29.5"]), "腹部彩超：": first == "K76.0", "甲状腺彩超：": first == "E05.9",
              "血脂：": first.isin(["E78.5", "E66.9", "K76.0"]), "尿培养：": (first == "N39.0") & ((records.age < 3) | (records.sex == "男")),
              "泌尿系彩超：": (first == "N39.0") & (records.sex == "男") & (records.age >= 18),
              "胃镜：": (first == "K27.9") | ((first == "K29.5") & (records.age >= 40))}
    for test, rows in wanted.items():
        has = records.investigations.str.contains(test, regex=False)
        assert rows.sum() > 0 and (has == rows).all(), test
    # the lipid panel's LDL-C agrees with the plan: above target where a drug is added, at target where continued
    lipids = records[first == "E78.5"]
    for _, r in lipids.iterrows():
        ldl = float(r.investigations.split("低密度脂蛋白胆固醇")[1].split("mmol")[0])
        # the target is the ASCVD risk group's, stated first (adult_lipids.py)
        target = float(re.search(r"LDL-C目标<([\d.]+)mmol/L", r.note).group(1))
        assert (ldl < target) == ("血脂控制达标，继续原方案" in _plan_of(r.note)), r.note
    broken = records.head(300).copy()
    row = int(np.flatnonzero(first.head(300) == "J06.9")[0])
    broken.at[row, "investigations"] = "腹部彩超：肝胆胰脾未见异常"
    broken.at[row, "note"] = broken.at[row, "note"].replace(records.investigations.iloc[row], "腹部彩超：肝胆胰脾未见异常")
    assert medical.verify(broken)["investigations_fit_diagnosis"] == 1


def test_work_ups_of_the_visits_a_reader_found_without_one(records):
    """Obesity: lipids, liver function, urate (abnormal only with the listed condition); chronic prostatitis: urine
    test and EPS; prostatic hyperplasia: ultrasound and PSA; spine, knee, bone, lung and mood visits their test; an
    elderly viral fever from 38.5 ℃ a blood count; an elderly bronchitis a chest film (issue 18, workups.py)."""
    first = records.diagnoses.map(lambda d: d[0]["code"])
    tests = records.investigations
    wanted = {"E66.9": ("血脂：", "肝功能：", "血尿酸："), "N41.1": ("尿常规：", "前列腺液常规："),
              "N40": ("前列腺彩超：", "血清PSA："), "M47.8": ("颈椎正侧位X线：",), "M17.9": ("膝关节正侧位X线：",),
              "M51.2": ("腰椎MRI：",), "M81.9": ("骨密度",), "J44.9": ("肺功能：",), "E03.9": ("甲状腺功能：",)}
    for code, names in wanted.items():
        rows = tests[first == code]
        assert len(rows) > 5, code
        for name in names:
            assert rows.str.contains(name, regex=False).all(), (code, name)
    # an obese patient's urate is raised only where hyperuricaemia or gout is listed
    obese = records[first == "E66.9"]
    for _, r in obese.iterrows():
        urate = int(r.investigations.split("血尿酸：")[1].split("μmol")[0])
        gouty = any(d["code"] in ("E79.0", "M10.9") for d in r.diagnoses)
        assert (urate > 420) == gouty, r.investigations
    old = records[(records.age >= 65) & (first == "J20.9")]
    assert len(old) > 5 and old.investigations.str.contains("胸部X线").all()
    febrile = records[(records.age >= 65) & (first == "J06.9") & (records.temperature >= 38.5)]
    assert len(febrile) > 0 and febrile.investigations.str.contains("血常规").all()
    row = int(np.flatnonzero(first == "E66.9")[0])
    broken = records.iloc[[row]].reset_index(drop=True)
    broken.at[0, "investigations"] = "暂未行辅助检查"
    broken.at[0, "note"] = broken.at[0, "note"].replace(records.investigations.iloc[row], "暂未行辅助检查")
    assert medical.verify(broken)["investigations_fit_diagnosis"] == 1


def test_work_ups_follow_the_fevers_length_height_and_season(records):
    """A viral fever of 3 days or more, or of 39.5 ℃, has its blood count; an upper respiratory infection at 38.5 ℃
    from November to March its influenza antigen test; every chronic gastritis its H. pylori test (issue 18, a
    clinician reader: a child febrile 5 days without a blood count, 40.6 ℃ in winter without a flu test)."""
    first = records.diagnoses.map(lambda d: d[0]["code"])
    viral = records[first.isin(["J06.9", "B08.4", "B08.5"])]
    days = viral.chief_complaint.str.extract(r"(\d+)天")[0].astype(float)
    long = viral[days >= 3]
    assert len(long) > 20 and long.investigations.str.contains("血常规：").all()
    high = viral[viral.present_illness.str.extract(r"最高\D{0,3}(\d+\.\d)℃")[0].astype(float) >= 39.5]
    assert len(high) > 5 and high.investigations.str.contains("血常规：").all()
    season = records.visit_date.str[5:7].isin(["11", "12", "01", "02", "03"])
    flu = records.investigations.str.contains("流感病毒抗原检测", regex=False)
    stated = records.present_illness.str.extract(r"最高\D{0,3}(\d+\.\d)℃")[0].astype(float)
    wanted = season & (first == "J06.9") & (np.fmax(stated, records.temperature) >= 38.5)
    assert wanted.sum() > 5 and (flu == (wanted | (first == "J10.1"))).all()     # influenza: always tested
    assert records[first == "K29.5"].investigations.str.contains("呼气试验").all()
    row = int(np.flatnonzero((first.isin(["J06.9", "B08.4", "B08.5"]) & records.chief_complaint.str.contains(
        r"发热.*[3-9]天") & ~records.investigations.str.contains("流感")).to_numpy())[0])
    broken = records.iloc[[row]].reset_index(drop=True)
    broken.at[0, "investigations"] = "暂未行辅助检查"
    broken.at[0, "note"] = broken.at[0, "note"].replace(records.investigations.iloc[row], "暂未行辅助检查")
    assert medical.verify(broken)["investigations_fit_diagnosis"] == 1


def test_milk_words_only_in_the_first_year(records):
    """吃奶, 拒奶, 奶量 in a note only under 1 year, where the history's feeding word is 吃奶 too; a toddler's plan
    watches 进食 (issue 18: a reader met 吃奶时哭闹 and 注意观察…吃奶 at 29 months beside 进食可)."""
    milk = records.note.str.contains("吃奶|拒奶|奶量")
    assert milk.sum() > 20 and (records.age[milk] < 1).all()
    toddlers = records[(records.age >= 1) & (records.age < 3)]
    assert toddlers.note.str.contains("注意观察精神、进食及尿量|注意观察进食情况").sum() > 5


def test_a_healed_ulcer_is_past_history_not_a_diagnosis(records):
    """An ulcer scoped years ago is told in 既往史 and not listed among the visit's diagnoses unless a drug is given
    for it (a standing PPI beside an antiplatelet) (issue 18)."""
    cat = catalogue()
    ulcer = cat.index["peptic_ulcer"]
    secondary = records.diagnoses.map(lambda d: [x["code"] for x in d[1:]])
    listed = records[secondary.map(lambda c: "K27.9" in c)]
    treats = listed.medications.map(lambda ms: any(cat.indication[cat.drug_index[m["name"]], ulcer] for m in ms))
    assert treats.all()
    told = records.past_history.str.contains("十二指肠球部溃疡|胃溃疡") & (records.diagnoses.map(lambda d: d[0]["code"])
                                                                      != "K27.9")
    assert told.sum() > 20


def test_trichomonas_is_named_and_its_partner_treated(records):
    """Trichomonas on the smear: diagnosed 滴虫性阴道炎 (A59.001), oral metronidazole for 7 days, the partner treated
    and intercourse avoided (阴道毛滴虫病诊治指南 2021); the other vaginitis variants keep their name (issue 18)."""
    trich = records[records.investigations.str.contains("镜检见阴道毛滴虫", regex=False)]
    assert len(trich) > 10
    assert (trich.diagnoses.map(lambda d: (d[0]["code"], d[0]["name"])) == ("A59.001", "滴虫性阴道炎")).all()
    plans = trich.note.map(_plan_of)
    assert plans.str.contains("7天").all() and plans.str.contains("性伴侣").all()
    assert plans.str.contains("甲硝唑片").all() and plans.str.contains("避免性生活|禁止性生活").all()
    others = records[records.diagnoses.map(lambda d: d[0]["code"] == "N76.0")]
    assert len(others) > 10 and not others.investigations.str.contains("毛滴虫").any()
    assert not records.note.str.contains("性伴侣")[~records.index.isin(trich.index)].any()
    row = int(trich.index[0])
    broken = records.loc[[row]].reset_index(drop=True)
    broken.at[0, "diagnoses"] = [{"code": "A59.001", "name": "急性阴道炎"}]
    assert medical.verify(broken)["note_agrees_with_fields"] == 1


_SECOND_CLAUSE = re.compile(r"。(?:病程中伴|同时伴有|其间逐渐出现|后又出现)([^。]+)。")


def test_phrases_do_not_overlap(records):
    """Over 3,000 notes (issue 18, a clinician reader): the accompanying symptom is never from the first one's
    synonym group (睡眠差…伴有失眠, symptom_synonyms.tsv), no sentence says 规律服用 twice, no bare 。伴鼻塞流涕。
    sentence, and the weight words follow the BMI class (肥胖 from 28 in adults, never 超重 for an obesity)."""
    from synth.domains.medical.data import symptom_chars
    notes = records.head(3000)
    names = sorted(catalogue().name.tolist(), key=len, reverse=True)
    overlapping = 0
    for history in notes.present_illness:
        m = _SECOND_CLAUSE.search(history)
        if m:
            before = history[:m.start()]
            for name in names:                 # a diagnosis's name (支气管哮喘) is not a symptom told
                before = before.replace(name, "")
            overlapping += bool(symptom_chars(m.group(1)) & symptom_chars(before))
    assert overlapping == 0
    assert symptom_chars("睡眠差") & symptom_chars("失眠") and symptom_chars("腹泻") & symptom_chars("大便次数增多")
    assert not notes.present_illness.map(lambda h: any(s.count("规律服用") > 1 for s in h.split("。"))).any()
    assert not notes.present_illness.str.contains(r"。伴[^。，]{1,10}。").any()
    obese_words = notes.past_history.str.contains("肥胖")
    assert obese_words.sum() > 20 and (notes.bmi[obese_words & (notes.age >= 18)] >= 28).all()
    assert not notes.past_history.str.contains("超重|BMI长期偏高").any()


def test_a_febrile_childs_throat_and_an_underweight_childs_nutrition(records):
    """A febrile child's examination looks at the throat (咽部, the tonsils, or the mouth's herpangina/HFMD
    lesions); a child under five below -2 SD of the WHO weight-for-age has 营养评估 and 喂养指导 in the plan, and no
    other child has (issue 18, a clinician reader)."""
    from synth.domains.medical.growth import underweight
    febrile = records[(records.age < 14) & (records.temperature >= 37.3)]
    assert len(febrile) > 100 and febrile.exam_findings.str.contains("咽|扁桃体|口腔").all()
    birth = pd.to_datetime(records.birth_date).to_numpy().astype("datetime64[D]")
    visit = pd.to_datetime(records.visit_date).to_numpy().astype("datetime64[D]")
    months = (visit - birth).astype(np.int64) / 30.4375
    thin = underweight((records.sex == "女").to_numpy().astype(np.int64), months, records.weight_kg.to_numpy(float))
    advised = records.note.map(_plan_of).str.contains("营养评估及喂养指导")
    assert thin.sum() > 0 and (advised.to_numpy() == thin).all()


def test_plans_vary_within_first_line_options(records):
    """A cold is treated with one of several cold remedies and a pneumonia with one of several first-line
    antibacterials (普通感冒规范诊治的专家共识 2012; 中国成人社区获得性肺炎诊断和治疗指南 2016), not the same
    line in note after note (issue 18: 复方氨酚烷胺片 in 5 of 30 read)."""
    first = records.diagnoses.map(lambda d: d[0]["code"])
    for code, least, most in (("J06.9", 6, 0.3), ("J18.9", 4, 0.4)):
        drugs = Counter(m["name"] for meds in records.medications[first == code] for m in meds
                        if code == "J06.9" or m["name"].startswith(("阿莫西林", "头孢", "左氧", "阿奇")))
        visits = int((first == code).sum())
        assert len(drugs) >= least, drugs
        assert max(drugs.values()) / visits < most, drugs


def test_an_early_pregnancy_is_scanned_and_booked(records):
    """An early pregnancy is located by ultrasound and seen again for booking, never in 3 days (issue 18)."""
    pregnant = records[records.diagnoses.map(lambda d: d[0]["code"]) == "Z34.9"]
    assert len(pregnant) > 20 and pregnant.investigations.str.contains("妇科彩超：宫").all()
    plans = pregnant.note.map(_plan_of)
    assert not plans.str.contains("3天后复诊|1周后复诊").any() and plans.str.contains("阴道流血").all()


def test_second_reading_causes_are_fixed(records):
    """Read on seed 60731: calamine on oozing eczema (a drying lotion is for lesions without exudate; the oozing
    ones get cold boric-acid compresses), amantadine compound in kidney disease, dysmenorrhoea without a pelvic
    ultrasound, a new hypertension started without creatinine and potassium, vocal fremitus in an infant."""
    first = records.diagnoses.map(lambda d: d[0]["code"])
    said = records.present_illness + records.exam_findings
    oozing = (first == "L30.9") & said.str.contains("渗出倾向|后有渗液|渗出结痂")
    names = records.medications.map(lambda ms: {m["name"] for m in ms})
    assert oozing.sum() > 10 and not names[oozing].map(lambda n: "炉甘石洗剂" in n).any()
    assert names[oozing].map(lambda n: "硼酸洗液" in n).any()
    kidney = records.diagnoses.map(lambda d: any(x["code"] == "N18.9" for x in d))
    assert kidney.sum() > 20 and not names[kidney].map(lambda n: "复方氨酚烷胺片" in n).any()
    assert records.investigations[first == "N94.6"].str.contains("妇科彩超").all()
    new = records[(first == "I10") & (records.age >= 30) & records.present_illness.str.contains("发现") &
                  records.investigations.str.contains("肾功能")]
    assert len(new) > 10 and new.investigations.str.contains("血钾").all()
    assert not records.exam_findings.str.contains("语颤").any()
    # read on seed 84213: mometasone for an infant's eczema (not under 2: hydrocortisone butyrate), a screened
    # ectropion told to come back in 3 days
    infants = records[(first == "L30.9") & (records.age < 2)]
    assert len(infants) > 5 and not infants.medications.map(lambda ms: any("莫米松" in m["name"] for m in ms)).any()
    # read on seed 52019: an infant's vision "normal", an ARB at a raised creatinine with no potassium, years of
    # PPI for a healed ulcer without an antiplatelet
    assert not records.exam_findings.str.contains("视力正常").any()
    assert records.investigations[first == "N18.9"].str.contains("血钾").all()
    codes_of = records.diagnoses.map(lambda d: {x["code"] for x in d})
    # a healed ulcer is told in 既往史 only (no longer a listed diagnosis, issue 18)
    healed = records.past_history.str.contains("溃疡") & codes_of.map(lambda c: not c & {"I25.1", "I69.3", "K21.9"}) \
        & (first != "K27.9")
    assert healed.sum() > 10 and not records.past_history[healed].str.contains("(?:美|托|贝)拉唑").any()
    both_diuretics = (records.medications.map(lambda ms: {m["name"] for m in ms}) >= {"吲达帕胺缓释片", "氢氯噻嗪片"})
    assert not both_diuretics.any() and not records.past_history.str.contains("吲达帕胺缓释片、氢氯噻嗪片").any()
    screened = records.note.str.contains("无症状无需治疗")
    assert screened.sum() > 3 and not records.note[screened].str.contains(r"\d天后复诊").any()


def test_urate_lowering_starts_at_the_guideline_threshold(records):
    """Hyperuricaemia visits: a urate-lowering drug exactly from 540 μmol/L, or 480 with a comorbidity (中国高尿酸
    血症与痛风诊疗指南 2019); a reader found allopurinol started below it."""
    cat = catalogue()
    visits = records[records.diagnoses.map(lambda d: d[0]["code"] == "E79.0")]
    comorbid = {"I10", "E78.5", "E11.9", "E66.9", "I25.1", "I69.3", "N18.9"}
    lowering = {"黄嘌呤氧化酶抑制剂", "促尿酸排泄药"}
    seen = set()
    for _, r in visits.iterrows():
        urate = int(r.investigations.split("血尿酸：")[1].split("μmol")[0])
        threshold = 480 if comorbid & {d["code"] for d in r.diagnoses} else 540
        treated = any(cat.drug_class[cat.drug_index[m["name"]]] in lowering for m in r.medications)
        assert treated == (urate >= threshold), (urate, threshold, r.note)
        seen.add(treated)
    assert seen == {True, False}
    row = int(np.flatnonzero(records.diagnoses.map(lambda d: d[0]["code"] == "E79.0"))[0])
    broken = records.head(row + 1).copy()
    text = broken.investigations.iloc[row]
    low = re.sub(r"血尿酸：\d+", "血尿酸：430", text)
    broken.at[row, "investigations"] = low
    broken.at[row, "note"] = broken.note.iloc[row].replace(text, low)
    broken.at[row, "medications"] = [{"name": "别嘌醇片", "dose": "100mg", "frequency": "每日两次", "route": "口服"}]
    assert medical.verify(broken)["symptomatic_drugs_fit_symptoms"] == 1


def test_third_reading_fixes(records):
    """Reading 30 notes of seed 31337 (issue 18): from 80 the treated target is 150/90, so an escalated pressure
    is above it; an adult's unremarked resting pulse is not below 52; no cholecystectomy for gallstones before 20;
    a first-time obesity, fatty liver or sleep visit is not called 病情平稳 while it complains."""
    old = records[(records.age >= 80) & records.note.str.contains("血压控制不佳，在原方案基础上加用")]
    assert len(old) > 3 and ((old.sbp >= 150) | (old.dbp >= 90)).all()
    assert records.heart_rate[records.age >= 14].min() >= 52
    surgery = records.past_history.str.extract(r"(\d+)年前因胆囊结石")[0].dropna().astype(int)
    assert len(surgery) > 5 and (records.age[surgery.index] - surgery >= 20).all()
    sleep = records[records.diagnoses.map(lambda d: d[0]["code"] in ("G47.0", "F32.9", "F41.9", "E66.9", "K76.0"))]
    assert len(sleep) > 50 and not sleep.note.str.contains("病情平稳").any()


# -- issue 18, fourth reading (seed 31337 and 34) ----------------------------------------------------------------
def test_follow_up_complaints_keep_the_condition_whole(records):
    """糖尿病定期复诊 was cut by a fixed count of characters (主诉：糖尿病定期6月; 现病史：6月前患糖尿病定); a routine
    review now names the condition and its years, and a complaint counted in years starts no earlier than the
    condition's onset age (no 体重超标10年 at 7, no 10年前再次出现体重超标)."""
    review = records[records.chief_complaint.str.contains("定期复诊|要求复诊|门诊复诊")]
    assert len(review) > 20
    assert review.chief_complaint.str.fullmatch(r"((?:糖尿病|高血压)\d+年|脑梗死后\d+月)，(定期|要求|门诊)复诊").all()
    assert not records.present_illness.str.contains("糖尿病定|患糖尿病，经治疗|再次出现体重超标").any()
    cat = catalogue()
    years = records.chief_complaint.str.extract(r"(\d+)年")[0].dropna().astype(int)
    onset = records.diagnoses[years.index].map(lambda d: int(cat.onset_min[cat.by_code[d[0]["code"]]]))
    span = records.age[years.index] - onset
    assert len(years) > 200 and (years[span >= 3] <= span[span >= 3]).all()


def test_children_get_the_indications_own_dose(records):
    """Amoxicillin for a child's otitis media or pneumonia is the guideline's high dose, 80-90 mg/kg a day in two
    doses (at most the adult 4 g a day, 2 g a dose: daily_doses.py), not the tonsillitis dose; a child with a urinary infection who may not have a
    β-lactam gets nitrofurantoin from 3, and a bacterial infection with no oral drug allowed is referred, not
    watched (暂予观察)."""
    kids = records[records.age < 14]
    reason = kids.diagnoses.map(lambda d: d[0]["code"])
    seen = 0
    for i in kids.index[reason.isin(["H66.0", "J18.9"])]:
        for m in kids.medications[i]:
            if m["name"].startswith("阿莫西林") and "克拉维酸" not in m["name"]:
                mg = float(re.match(r"[\d.]+", m["dose"]).group()) * (1000 if re.match(r"[\d.]+g", m["dose"]) else 1)
                daily = mg * 2 / kids.weight_kg[i]
                # (the frequency ends with the course: 疗程10天 under 2 years, 5-7 or 7-10 days after; courses.py)
                assert m["frequency"].startswith("每12小时一次，疗程") and (70 <= daily <= 100 or mg == 2000), \
                    (m, kids.weight_kg[i])
                seen += 1
    assert seen > 20
    # tonsillitis: 50 mg/kg a day in two doses, at most 500 mg a dose (a reader found 30 mg/kg a day)
    tonsils = [(m, kids.weight_kg[i]) for i in kids.index[reason == "J03.9"] for m in kids.medications[i]
               if m["name"] == "阿莫西林颗粒"]
    assert tonsils and all(m["frequency"] == "每12小时一次，疗程10天" for m, _ in tonsils)
    assert all(m["dose"].startswith("500mg") or 40 <= float(m["dose"].split("mg")[0]) * 2 / w <= 65
               for m, w in tonsils)
    bacterial = kids[reason.isin(["N39.0", "H66.0", "J18.9", "J03.9"]) & (kids.medications.map(len) == 0)]
    assert not bacterial.note.str.contains("暂予观察|暂不予药物治疗|暂不用药").any()
    assert bacterial.note.str.contains("静脉抗感染|转上级医院|儿科急诊").all()
    uti = synth.generate("medical", 20_000, seed=5, age="3-13")
    uti = uti[uti.diagnoses.map(lambda d: d[0]["code"] == "N39.0") & uti.past_history.str.contains("头孢类抗生素过敏")]
    assert len(uti) and uti.medications.map(lambda m: [x["name"] for x in m] == ["呋喃妥因肠溶片"]).all()


def test_weight_loss_drug_after_lifestyle_and_pulse_tails_off(records):
    """Orlistat only at a visit for obesity with a weight-related comorbidity (lifestyle first otherwise), never
    a standing drug of another visit; an adult's pulse thins out towards its floor of 52 instead of heaping there."""
    orlistat = records.medications.map(lambda m: any(x["name"] == "奥利司他胶囊" for x in m))
    dx = records.diagnoses.map(lambda d: [x["code"] for x in d])
    assert orlistat.sum() > 5
    assert dx[orlistat].map(lambda c: c[0] == "E66.9" and len(c) > 1).all()
    alone = records[dx.map(lambda c: c == ["E66.9"])]
    assert len(alone) > 5 and alone.note.str.contains("生活方式").all()
    assert not records.past_history.str.contains("奥利司他").any()
    adult = records.heart_rate[records.age >= 14]
    assert adult.min() >= 52 and (adult <= 54).sum() < (adult == 58).sum() / 2


def test_a_positive_breath_test_is_eradicated():
    """An ulcer visit's ¹³C urea breath test is positive in some records, and exactly those get bismuth quadruple
    therapy for 14 days (PPI twice a day, a bismuth, two antibacterials, amoxicillin at 1 g twice a day); the
    negative ones get neither the bismuth nor an antibacterial; the rules catch a positive test left untreated."""
    frame = synth.generate("medical", 20_000, seed=9, age="30-80")
    ulcer = frame[frame.diagnoses.map(lambda d: d[0]["code"] == "K27.9")]
    positive = ulcer.investigations.str.contains("呼气试验：阳性")
    assert 0.3 < positive.mean() < 0.8
    names = ulcer.medications.map(lambda m: {x["name"] for x in m})
    for meds, names_i in zip(ulcer.medications[positive], names[positive]):
        assert {"奥美拉唑肠溶胶囊", "枸橼酸铋钾胶囊"} <= names_i and len(names_i & {"阿莫西林胶囊", "克拉霉素片", "左氧氟沙星片"}) == 2
        assert all(m["dose"] == "1g" and m["frequency"] == "每日两次" for m in meds if m["name"] == "阿莫西林胶囊")
    assert ulcer.note[positive].str.contains("疗程14天").all()
    assert not names[~positive].map(lambda s: bool(s & {"枸橼酸铋钾胶囊", "阿莫西林胶囊", "克拉霉素片", "左氧氟沙星片"})).any()
    broken = ulcer[positive].head(3).copy()
    broken["medications"] = [[m for m in meds if m["name"] != "枸橼酸铋钾胶囊"] for meds in broken.medications]
    assert medical.verify(broken)["symptomatic_drugs_fit_symptoms"] == 3


def test_fourth_reading_fixes(records):
    """Reading 30 notes of seed 4242 (issue 18): a complaint of years is the disease's course (no 患…多年，10年前
    再次出现); an antibiotic is never what a patient has long taken (长期规律服用左氧氟沙星); hand-foot-mouth disease
    is examined with its rash on the hands and feet, not only oral ulcers (that is herpangina); orlistat is
    started at an obesity visit, never said to be taken before."""
    assert not records.present_illness.str.contains(r"\d+年前再次出现").any()
    assert not records.present_illness.str.contains("(?:服用|使用)(?:左氧氟沙星|阿莫西林|头孢|阿奇霉素|克拉霉素)").any()
    hfmd = records[records.diagnoses.map(lambda d: d[0]["code"] == "B08.4")]
    assert len(hfmd) > 20 and hfmd.exam_findings.str.contains("手掌、足底").all()
    obese = records[records.diagnoses.map(lambda d: d[0]["code"] == "E66.9")]
    assert not obese.note.str.contains("服用奥利司他").any()


def test_weight_is_known_before_prescribing():
    """The BMI is decided before the prescription: no metformin for a diabetic from 65 with a BMI below 18.5, no
    lipid-lowering or liver drug for an adult under 40 below 18.5; the rule catches one added."""
    frame = synth.generate("medical", 20_000, seed=12, age="18-100")
    names = frame.medications.map(lambda m: {x["name"] for x in m})
    cat = catalogue()
    lipid_or_liver = {str(cat.drug_name[d]) for d in range(cat.n_drugs)
                      if cat.indication[d, cat.index["hyperlipidaemia"]] or cat.indication[d, cat.index["fatty_liver"]]}
    old_thin = (frame.age >= 65) & (frame.bmi < 18.5)
    young_thin = (frame.age < 40) & (frame.bmi < 18.5)
    assert old_thin.sum() > 30 and young_thin.sum() > 30
    assert not names[old_thin].map(lambda s: "盐酸二甲双胍片" in s).any()
    assert not names[young_thin].map(lambda s: bool(s & lipid_or_liver)).any()
    diabetic = frame[old_thin & frame.diagnoses.map(lambda d: d[0]["code"] == "E11.9")].head(3).copy()
    assert len(diabetic)
    diabetic["medications"] = [[m for m in meds if m["name"] != "盐酸二甲双胍片"] +
                               [{"name": "盐酸二甲双胍片", "dose": "0.5g", "frequency": "每日三次", "route": "口服"}]
                               for meds in diabetic.medications]
    assert medical.verify(diabetic)["symptomatic_drugs_fit_symptoms"] == len(diabetic)


def test_no_sulfonamide_derivative_after_a_sulfonamide_allergy(records):
    """A recorded sulfonamide allergy rules out the sulfonamide-derived thiazides, indapamide and sulfonylureas too
    (their labels), not only the antibacterials; a reader met hydrochlorothiazide beside 磺胺类药物过敏史."""
    allergic = records[records.past_history.str.contains("磺胺类药物过敏")]
    banned = {"氢氯噻嗪片", "吲达帕胺缓释片", "格列美脲片", "格列齐特缓释片", "塞来昔布胶囊"}
    assert len(allergic) > 50
    assert not allergic.medications.map(lambda m: any(x["name"] in banned for x in m)).any()
    assert not allergic.note.str.contains("服用(?:氢氯噻嗪|吲达帕胺|格列美脲|格列齐特)").any()


def test_children_under_five_with_diarrhoea_get_zinc(records):
    """WHO and 中国儿童急性感染性腹泻病临床实践指南: every child under 5 with loose stools gets zinc, 10 mg a day
    under 6 months and 20 mg from 6 months, for 10-14 days; not for vomiting alone (a reader found ORS only)."""
    from synth.domains.medical.growth import age_in_months
    first = records.diagnoses.map(lambda d: d[0]["code"])
    gut = records[first.isin(["A09.9", "K52.9"])]
    loose = (gut.chief_complaint + gut.present_illness).str.contains("泻|稀便|大便次数")
    zinc = gut.medications.map(lambda ms: [m for m in ms if m["name"] == "葡萄糖酸锌口服溶液"])
    young = loose & (gut.age < 5)
    assert young.sum() > 20 and zinc[young].map(len).all()
    assert not zinc[~loose | (gut.age >= 5)].map(len).any()
    months = age_in_months(pd.to_datetime(gut.birth_date[young]).values.astype("datetime64[D]"),
                           pd.to_datetime(gut.visit_date[young]).values.astype("datetime64[D]"))
    doses = [z[0]["dose"] for z in zinc[young]]
    assert doses == ["10mg（10ml）" if m < 6 else "20mg（20ml）" for m in months]
    row = gut.index[young][0]
    broken = records.loc[[row]].reset_index(drop=True)
    broken.at[0, "medications"] = [m for m in broken.medications[0] if m["name"] != "葡萄糖酸锌口服溶液"]
    assert medical.verify(broken)["first_line_treatment"] == 1


def test_lianhua_qingwen_avoids_hypertension_and_coronary_disease(records):
    """连花清瘟 contains 麻黄: its label cautions in hypertension and heart disease, so a patient with either
    gets another cold remedy (a reader found it in 7 of 3,000 such notes); the rule catches it."""
    lianhua = records.medications.map(lambda ms: any(m["name"] == "连花清瘟胶囊" for m in ms))
    heart = records.diagnoses.map(lambda d: any(x["code"] in ("I10", "I25.1") for x in d)) | \
        records.past_history.str.contains("高血压|冠心病|冠状动脉")
    assert lianhua.sum() > 100 and heart.sum() > 100 and not (lianhua & heart).any()
    row = records.index[lianhua][0]
    broken = records.loc[[row]].reset_index(drop=True)
    broken.at[0, "diagnoses"] = broken.diagnoses[0] + [{"code": "I10", "name": "原发性高血压"}]
    assert medical.verify(broken)["no_contraindicated_drug"] == 1


def test_stool_test_follows_the_loose_stools_the_history_tells(records):
    """A stool test only when the history tells loose stools, its look the history's (水样 -> 稀水样便, 黏液 ->
    见黏液) and its white cells varying (a reader found one fixed line in 6 of 30 notes, and for vomiting alone)."""
    first = records.diagnoses.map(lambda d: d[0]["code"])
    gut = records[first.isin(["A09.9", "K52.9"])]
    loose = (gut.chief_complaint + gut.present_illness).str.contains("泻|稀便|大便次数|水样便")
    stool = gut.investigations.str.extract(r"大便常规：([^；]*)")[0]
    assert stool.notna().sum() > 100 and not stool[~loose].notna().any()
    told = gut.present_illness[stool.notna()].str.replace(r"无[^，。]*", "", regex=True)
    look = stool.dropna()
    assert look[told.str.contains("水样")].str.contains("水样便").all()
    assert look[told.str.contains("黏液")].str.contains("黏液").all()
    assert look.nunique() >= 8


def test_a_history_that_calls_the_appetite_good_never_calls_it_poor(records):
    """A symptom told with 食欲尚可 (口干乏力 of diabetes, 稀便 of an infant) is followed by a general state that
    agrees (a reader met 食欲尚可 then 食欲减退); the contradiction table catches the pair."""
    history = records.present_illness
    good = history.str.contains("食欲尚可")
    assert good.sum() > 20 and not history[good].str.contains("纳差|食欲减退|进食减少|食欲差").any()
    row = records.index[good & history.str.contains("食欲可，")][0]
    broken = records.loc[[row]].reset_index(drop=True)
    broken.at[0, "present_illness"] = broken.present_illness[0].replace("食欲可，", "食欲减退，")
    assert medical.verify(broken)["history_agrees_with_itself"] == 1


def test_a_childs_negatives_fit_the_fever_and_the_general_state(records):
    """无抽搐 only in a febrile child's history, 无烦躁哭闹 never beside an exam's 哭闹不安 (a reader met both)."""
    history = records.present_illness
    convulsion = history.str.contains("无抽搐")
    febrile = history.str.contains("发热|体温") | (records.temperature >= 37.3)
    assert convulsion.sum() > 100 and not (convulsion & (~febrile | (records.age >= 14))).any()
    calm = history.str.contains("无烦躁哭闹")
    assert calm.sum() > 20 and not (calm & records.exam_findings.str.contains("哭闹不安")).any()


def test_stock_phrases_stay_in_their_population(records):
    """喉中痰鸣 is a young child's (under 6), a cold's running nose is 频繁擤涕 (not a counted 每日擤鼻涕N次), and
    acute bronchitis lasts under three weeks (a cough of 3 weeks or more is subacute): a reader found 32 adults
    with 喉中痰鸣, 60 counted nose-blowings and 60 bronchitis coughs of 21 days or more in 3,000 notes."""
    history = records.present_illness
    assert history.str.contains("喉中痰鸣").sum() > 5 and not (history.str.contains("喉中痰鸣") & (records.age >= 6)).any()
    assert not history.str.contains("擤鼻涕").any() and history.str.contains("频繁擤涕").sum() > 20
    bronchitis = records[records.diagnoses.map(lambda d: d[0]["code"]) == "J20.9"]
    length = bronchitis.chief_complaint.str.extract(r"(\d+)(天|周)")
    days = length[0].astype(int) * np.where(length[1] == "周", 7, 1)
    assert len(bronchitis) > 200 and days.max() < 21


def test_eye_and_bone_clinics_do_not_screen_glucose(records):
    """An adult's eye, orthopaedic, skin, ENT or gynaecological visit measures fasting glucose only for a known
    diabetes (readers found it at 47 of 60 eye visits, 81 of 117 skin, 61 of 125 ENT and 67 of 122 gynaecology
    visits); nor do the medical clinics screen every adult's vitals (an attending, seed 73129: glucose_lab.py)."""
    visits = records[records.department.isin(["眼科", "骨科", "皮肤科", "耳鼻喉科", "妇科", "消化内科", "呼吸内科"]) &
                     (records.age >= 35)]
    measured = visits.fasting_glucose.notna()
    known = visits.diagnoses.map(lambda d: any(x["code"].startswith("E1") for x in d))
    assert len(visits) > 200 and known.sum() > 10 and not measured[~known].any() and measured[known].all()


def test_conjunctivitis_drops_follow_its_kind(records):
    """subtypes.py: a mucopurulent conjunctivitis gets antibacterial drops, a watery (viral) one artificial tears
    and no antibiotic; the history's discharge never contradicts the examination's (the old generator gave every
    conjunctivitis antibacterial drops, watery ones included)."""
    from synth.domains.medical.courses import antibacterial_drugs
    cat = catalogue()
    visits = records[records.diagnoses.map(lambda d: d[0]["code"] == "H10.3")]
    assert len(visits) > 50
    drops = visits.medications.map(lambda ms: any(antibacterial_drugs(cat)[cat.drug_index[m["name"]]] for m in ms))
    watery = visits.exam_findings.str.contains("水样")
    purulent = visits.exam_findings.str.contains("黏液脓性")
    assert watery.sum() > 10 and purulent.sum() > 10 and not (watery & purulent).any()
    assert (drops == purulent).all()
    assert not visits.present_illness[purulent].str.contains("水样").any()
    assert not visits.present_illness[watery].str.contains("脓").any()
    assert visits.medications[watery].map(lambda ms: "玻璃酸钠滴眼液" in [m["name"] for m in ms]).all()
    assert medical.verify(visits.reset_index(drop=True))["conjunctivitis_drops_follow_discharge"] == 0
    broken = visits.reset_index(drop=True)
    row = int(np.flatnonzero(watery.to_numpy())[0])
    broken.at[row, "medications"] = [{"name": "左氧氟沙星滴眼液", "dose": "1滴", "frequency": "每日三次，疗程5-7天",
                                      "route": "滴眼"}]
    assert medical.verify(broken)["conjunctivitis_drops_follow_discharge"] == 1


def test_subtypes_have_their_work_up(records):
    """subtypes.py: a treated cervicitis is tested for chlamydia and gonorrhoea, NAFLD has hepatitis serology and the
    history's word on alcohol, a new diabetes under 40 or lean its islet autoantibodies (the old generator showed
    none of them)."""
    from synth.domains.medical.subtypes import AUTOANTIBODY_TESTS, STI_TESTS, VIRAL_HEPATITIS_SCREEN
    code = records.diagnoses.map(lambda d: d[0]["code"])
    cervicitis = records[(code == "N72") & (records.medications.map(len) > 0)]
    liver = records[code == "K76.0"]
    assert len(cervicitis) > 10 and cervicitis.investigations.str.contains(STI_TESTS).mean() > 0.5
    assert len(liver) > 10 and liver.investigations.str.contains(VIRAL_HEPATITIS_SCREEN).all()
    assert liver.present_illness.str.contains("饮酒").all()
    assert not liver.note.str.contains("减少高脂高糖饮食，戒酒").any()     # no 戒酒 for one who does not drink
    screened = records[records.investigations.str.contains(AUTOANTIBODY_TESTS)]
    assert len(screened) > 5 and ((screened.age < 40) | (screened.bmi < 24)).all()
    assert (code[screened.index] == "E11.9").all()
    assert medical.verify(records.head(2000))["subtype_work_ups_done"] == 0
    broken = liver.reset_index(drop=True)
    broken.at[0, "investigations"] = broken.investigations[0].replace("；" + VIRAL_HEPATITIS_SCREEN, "")
    assert medical.verify(broken)["subtype_work_ups_done"] == 1
