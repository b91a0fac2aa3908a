"""Recipes: user schemas compiled to a Domain, safe expressions, `synth run`, provenance and accumulation."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

import synth
from synth.cli import main
from synth.recipes.expressions import ExpressionError, parse_expression
from synth.recipes.load import RecipeError, parse_recipe
from synth.recipes.pipeline import plan
from synth.recipes.schema import compile_spec, spec_from_recipe
from synth.writers import jsonl_bytes

RECIPES = Path(__file__).resolve().parent.parent / "recipes"

SCHEMA = '''
[recipe]
name = "visits"

[requirement]
count = {count}
quotas = {{ arm = {{ drug = {half}, placebo = {half} }} }}

[schema]
name = "visits"

[schema.fields.visit_id]
type = "id"
prefix = "V"
digits = 6

[schema.fields.arm]
type = "categorical"
values = ["drug", "placebo"]

[schema.fields.patient]
type = "block"
block = "person"
parts = ["name", "sex", "age", "id_number", "phone"]
age = [30, 80]

[schema.fields.sbp]
type = "truncated_normal"
mean = {{ linear = "patient_age", intercept = 95, slope = 0.6 }}
sd = 14
low = 90
high = 200
round = 0

[schema.fields.dbp]
type = "normal"
mean = {{ by = "arm", values = {{ drug = 78, placebo = 86 }} }}
sd = 10
round = 0

[schema.fields.price]
type = "lognormal"
mu = 3
sigma = 0.3
round = 2

[schema.fields.quantity]
type = "poisson"
lam = 2

[schema.fields.total]
expr = "round(price * quantity, 2)"
dtype = "float"

[schema.fields.start_date]
type = "date"
start = -300
end = -100

[schema.fields.end_date]
type = "date"
after = "start_date"
start = 0
end = 60

[schema.fields.company]
type = "block"
block = "company"

[schema.fields.note]
type = "grammar"
vars = ["arm", "sbp", "dbp"]
text = """
note:
    血压{{sbp}}/{{dbp}}，<tail>
note if arm=drug:
    服药后血压{{sbp}}/{{dbp}} mmHg，<tail>
tail:
    无不适
    偶有头晕，心率{{60-99}}次/分
    睡眠尚可，{{2-4}}周后复诊
"""

[schema.rules]
sbp_above_dbp = "sbp > dbp + 15"
end_after_start = "end_date >= start_date"
total_is_price_times_quantity = "abs(total - price * quantity) < 0.006"

[checks]
max_near_dup_rate = 1
max_text_dup_rate = 1

[acceptance]
max_near_dup_rate = 1
max_text_dup_rate = 1
max_rejected_rate = 0.05
sample = 20
stratify = "arm"
'''


def schema_recipe(tmp_path: Path, count: int = 2048, extra: str = "") -> Path:
    path = tmp_path / "visits.toml"
    path.write_text(SCHEMA.format(count=count, half=count // 2) + extra, encoding="utf-8")
    return path


def compiled(path: Path):
    from synth.recipes.load import read_recipe

    recipe = read_recipe(path)
    return compile_spec(spec_from_recipe(recipe, recipe.data["requirement"]["quotas"], {}), recipe.error)


# -- expressions -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, word", [
    ("price.__class__", "attribute"),
    ("__import__('os')", "__import__"),
    ("open('x')", "open"),
    ("price[0]", "subscripts"),
    ("(lambda: 1)()", "lambda"),
    ("__builtins__", "double underscores"),
    ("[x for x in price]", "comprehensions"),
    ("round(price, ndigits=2)", "keyword"),
])
def test_expressions_refuse_anything_outside_the_allow_list(text, word):
    with pytest.raises(ExpressionError) as error:
        parse_expression(text)
    assert word in str(error.value)


def test_expressions_compute_over_columns_without_eval():
    price = np.array([1.5, 2.0, 3.0])
    quantity = np.array([2, 3, 4])
    assert parse_expression("price * quantity").evaluate({"price": price, "quantity": quantity}).tolist() == [3, 6, 12]
    ok = parse_expression("price > 1.8 and arm in ('a', 'b')").evaluate(
        {"price": price, "arm": np.array(["a", "c", "b"], dtype=object)})
    assert ok.tolist() == [False, False, True]
    dates = {"s": np.array(["2024-01-01", "2024-03-01"], dtype=object),
             "e": np.array(["2024-01-05", "2024-02-01"], dtype=object)}
    assert parse_expression("e >= s").evaluate(dates).tolist() == [True, False]
    assert parse_expression("days_between(s, e)").evaluate(dates).tolist() == [4, -29]


# -- user schemas ------------------------------------------------------------------------------------------
def test_user_schema_obeys_its_rules_quotas_and_conditional_fields(tmp_path):
    domain = compiled(schema_recipe(tmp_path))
    frame = synth.generate(domain, 2048, seed=3)
    assert (frame.sbp > frame.dbp + 15).all()
    assert (frame.end_date >= frame.start_date).all()
    assert np.allclose(frame.total, np.round(frame.price * frame.quantity, 2))
    assert frame.arm.value_counts().to_dict() == {"drug": 1024, "placebo": 1024}
    # the table by arm moves the diastolic mean; the linear function of age moves the systolic one
    assert frame[frame.arm == "placebo"].dbp.mean() - frame[frame.arm == "drug"].dbp.mean() > 5
    old = frame.patient_age >= 65
    assert frame[old].sbp.mean() - frame[frame.patient_age <= 40].sbp.mean() > 10
    drug_notes = frame[frame.arm == "drug"].note
    assert drug_notes.str.contains("mmHg").mean() > 0.3 and not frame[frame.arm == "placebo"].note.str.contains("服药后").any()
    assert all(str(s) in n for s, n in zip(frame.sbp, frame.note))
    from synth import validators

    assert validators.resident_id(frame.patient_id_number, sex=frame.patient_sex).ok.all()
    assert validators.mobile_phone(frame.patient_phone).ok.all()
    assert frame.visit_id.iloc[5] == "V000005"


def test_user_schema_gives_the_same_bytes_for_any_number_of_workers_and_batches(tmp_path):
    domain = compiled(schema_recipe(tmp_path, count=6144))
    one = synth.generate(domain, 6144, seed=9)
    two = synth.stream(domain, 6144, seed=9, batch_size=2048, workers=2)   # three batches over two processes
    batched = synth.stream(domain, 6144, seed=9, batch_size=1024, workers=3)
    assert jsonl_bytes(one) == b"".join(jsonl_bytes(b) for b in two)
    assert jsonl_bytes(one) == b"".join(jsonl_bytes(b) for b in batched)
    assert jsonl_bytes(one) != jsonl_bytes(synth.generate(domain, 6144, seed=10))


def test_a_rule_that_keeps_failing_drops_records_in_synth_run_and_the_gate_names_it(tmp_path):
    path = schema_recipe(tmp_path, count=1024).read_text(encoding="utf-8")
    path = path.replace('sbp_above_dbp = "sbp > dbp + 15"', 'sbp_above_dbp = "sbp > dbp + 60"')
    recipe = tmp_path / "strict.toml"
    recipe.write_text(path, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(recipe), "-o", str(out)]) == 1
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    round_1 = manifest["rounds"][0]
    assert not round_1["accepted"] and round_1["generation"]["dropped"]["sbp_above_dbp"] > 0
    assert any("rejected records" in gate for gate in round_1["failed_gates"])
    rejected = [json.loads(line) for line in (out / "round-001" / "rejected.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rejected and all("sbp_above_dbp" in r["_reason"] for r in rejected)
    assert len(rejected) == round_1["rejected"] and manifest["dataset"] == []


# -- malformed recipes -------------------------------------------------------------------------------------
@pytest.mark.parametrize("change, line_of, key", [
    (('sd = 14', 'sd = "14 +"'), 'sd = "14 +"', "schema.fields.sbp.sd"),
    (('type = "lognormal"', 'type = "lognormale"'), 'type = "lognormale"', "schema.fields.price.type"),
    (('expr = "round(price * quantity, 2)"', 'expr = "price.__class__"'), 'expr = "price.__class__"',
     "schema.fields.total.expr"),
    (('end_after_start = "end_date >= start_date"', 'end_after_start = "end_date >= begin"'),
     'end_after_start = "end_date >= begin"', "schema.rules.end_after_start"),
    (('sd = 10\nround = 0', 'sd = 10\nsdd = 3\nround = 0'), 'sdd = 3', "schema.fields.dbp.sdd"),
    (('name = "visits"\n\n[schema.fields.visit_id]', 'name = "visits"\n\n[schema.fields.visit_id]\nbogus = = 1'),
     'bogus = = 1', "schema.fields.visit_id.bogus"),
])
def test_a_malformed_recipe_is_one_sentence_with_file_line_and_key_exit_2_and_nothing_written(
        tmp_path, capsys, change, line_of, key):
    text = schema_recipe(tmp_path).read_text(encoding="utf-8").replace(*change)
    recipe = tmp_path / "broken.toml"
    recipe.write_text(text, encoding="utf-8")
    line = text.splitlines().index(line_of) + 1
    out = tmp_path / "out"
    assert main(["run", str(recipe), "-o", str(out)]) == 2
    message = capsys.readouterr().err.strip()
    assert message.count("\n") == 0
    assert f"{recipe}, line {line}, key {key}:" in message
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["broken.toml", "visits.toml"]


def test_unknown_section_and_missing_count_name_their_lines():
    with pytest.raises(RecipeError, match=r"r.toml, line 3, key requirment: unknown section"):
        parse_recipe('[recipe]\nname = "x"\n[requirment]\ncount = 3\n', "r.toml")
    recipe = parse_recipe('[recipe]\nname = "x"\n\n[requirement]\nquotas = {}\n[design]\ndomain = "persons"\n', "r.toml")
    with pytest.raises(RecipeError, match=r"line 4, key requirement: the requirement needs count"):
        plan(recipe)


# -- synth run ---------------------------------------------------------------------------------------------
def test_the_seeds_movie_review_recipe_makes_the_folder_with_report_and_manifest(tmp_path, capsys):
    out = tmp_path / "reviews"
    assert main(["run", str(RECIPES / "movie_reviews.toml"), "-o", str(out)]) == 0
    assert sorted(p.name for p in (out / "round-001").iterdir()) == [
        "accepted.jsonl", "rejected.jsonl", "report.html", "report.json", "review_sheet.csv"]
    records = [json.loads(line) for line in (out / "round-001" / "accepted.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == 1000
    assert sum(r["sentiment"] == "positive" for r in records) == 500
    assert all(50 <= len(r["text"]) <= 100 and {"plot", "acting"} <= set(r["aspects"]) for r in records)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["domain"] == "reviews" and manifest["seed"] == 42 and manifest["rounds"][0]["accepted"]
    assert manifest["stages"][0] == "requirement" and manifest["recipe"]["sha256"]
    assert "<svg" in (out / "round-001" / "report.html").read_text(encoding="utf-8")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]   # no staging folder left behind


def test_dry_run_prints_every_stage_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", str(RECIPES / "clinical_trial.toml"), "--dry-run"]) == 0
    text = capsys.readouterr().out
    for stage in ("1. requirement", "2. design", "3. generation", "4. checks", "5. augmentation", "6. acceptance"):
        assert stage in text
    assert "clinical_trial" in text and not out.exists()


def test_a_failing_acceptance_gate_exits_1_and_names_the_gate(tmp_path, capsys):
    text = (RECIPES / "movie_reviews.toml").read_text(encoding="utf-8").replace(
        "count = 1000", "count = 200").replace("positive = 500, negative = 500", "positive = 100, negative = 100")
    text = text.replace("[acceptance]                        # 最终验收 (result control)\nmax_near_dup_rate = 0.05",
                        "[acceptance]\nmin_distinct_2 = 0.99\nmax_near_dup_rate = 0.05")
    recipe = tmp_path / "strict.toml"
    recipe.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(recipe), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "acceptance gate failed: text: diversity (characters) (text)" in err
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["rounds"][0]["accepted"] is False and manifest["dataset"] == []


def test_the_clinical_trial_recipe_runs_with_zero_rule_violations(tmp_path):
    out = tmp_path / "trial"
    assert main(["run", str(RECIPES / "clinical_trial.toml"), "-o", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["rounds"][0]["rejected"] == 0 and manifest["schema"]["name"] == "clinical_trial"
    report = json.loads((out / "round-001" / "report.json").read_text(encoding="utf-8"))
    rules = [f for f in report["findings"] if f["section"] == "rules"]
    assert {f["name"] for f in rules} == {"pressure_order", "visit_after_enrolment", "adult"}
    assert all(f["count"] == 0 and f["passed"] for f in rules)


# -- provenance --------------------------------------------------------------------------------------------
def test_check_reads_as_of_and_options_from_the_sidecar_manifest(tmp_path, capsys):
    path = tmp_path / "people.jsonl"
    assert main(["generate", "persons", "-n", "1500", "--seed", "4", "--as-of", "2026-01-01", "--set", "mask=true",
                 "-o", str(path)]) == 0
    sidecar = tmp_path / "people.jsonl.synth.json"
    manifest = json.loads(sidecar.read_text(encoding="utf-8"))
    assert manifest["as_of"] == "2026-01-01" and manifest["options"] == {"mask": "true"}
    assert manifest["generation"]["produced"] == 1500
    capsys.readouterr()
    assert main(["check", str(path)]) == 0
    assert "as_of 2026-01-01" in capsys.readouterr().err
    sidecar.rename(tmp_path / "elsewhere.json")      # without it the ages are wrong: the test can fail
    assert main(["check", str(path), "--domain", "persons", "--set", "mask=true"]) == 1


def test_parquet_carries_its_provenance_in_its_metadata(tmp_path):
    import pyarrow.parquet as pq

    path = tmp_path / "people.parquet"
    assert main(["generate", "persons", "-n", "1200", "--seed", "4", "--as-of", "2026-01-01", "-o", str(path)]) == 0
    assert not (tmp_path / "people.parquet.synth.json").exists()
    meta = json.loads(pq.read_schema(path).metadata[b"synth"])
    assert meta["as_of"] == "2026-01-01" and meta["domain"] == "persons"
    assert main(["check", str(path)]) == 0


def test_check_of_a_run_folder_rebuilds_the_recipe_schema_and_skips_provenance_columns(tmp_path, capsys):
    extra = "\n[output]\nprovenance_columns = true\n"
    out = tmp_path / "out"
    assert main(["run", str(schema_recipe(tmp_path, count=1024, extra=extra)), "-o", str(out)]) == 0
    first = json.loads((out / "round-001" / "accepted.jsonl").read_text(encoding="utf-8").splitlines()[3])
    assert first["_source"] == "synthetic" and first["_round"] == 1 and first["_index"] == 3 and first["_seed"] == 0
    capsys.readouterr()
    # the recipe's acceptance gates (max_text_dup_rate = 1, ...) come from the manifest too
    assert main(["check", str(out / "round-001" / "accepted.jsonl"), "--json", str(tmp_path / "r.json")]) == 0
    assert "gates max_near_dup_rate=1" in capsys.readouterr().err
    assert main(["check", str(out / "round-001" / "accepted.jsonl"), "--max-text-dup-rate", "0"]) == 1
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert report["domain"] == "visits"
    assert {f["name"] for f in report["findings"] if f["section"] == "rules"} >= {"sbp_above_dbp", "end_after_start"}
    assert not any("_source" in f["fields"] for f in report["findings"])


# -- accumulation ------------------------------------------------------------------------------------------
def test_accumulating_three_rounds_keeps_real_records_and_rejects_copies_of_them(tmp_path, capsys):
    folder = tmp_path / "recipes"
    shutil.copytree(RECIPES, folder)
    recipe = folder / "accumulate_reviews.toml"
    # Plant copies of synthetic texts in the real file: round 1's own reviews must then be rejected as copies.
    probe = tmp_path / "probe"
    assert main(["run", str(recipe), "-o", str(probe)]) == 0
    made = [json.loads(line) for line in (probe / "round-001" / "accepted.jsonl").read_text(encoding="utf-8").splitlines()]
    planted = [r["text"] for r in made if r["_source"] == "synthetic"][:3]
    real_path = folder / "data" / "labelled_reviews.jsonl"
    with real_path.open("a", encoding="utf-8") as handle:
        for k, text in enumerate(planted):
            near = text[:-1] + "！" if k == 2 else text        # the third is a near copy, not an exact one
            handle.write(json.dumps({"review_id": f"PLANT{k}", "sentiment": "positive", "rating": 5, "text": near},
                                    ensure_ascii=False) + "\n")
    real_bytes = real_path.read_bytes()
    out = tmp_path / "acc"
    assert main(["run", str(recipe), "-o", str(out)]) == 0
    earlier = (out / "round-001" / "accepted.jsonl").read_bytes()
    for _ in range(2):
        assert main(["run", str(recipe), "--accumulate", str(out)]) == 0
    assert (out / "real" / "labelled_reviews.jsonl").read_bytes() == real_bytes
    assert (out / "round-001" / "accepted.jsonl").read_bytes() == earlier
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [r["round"] for r in manifest["rounds"]] == [1, 2, 3]
    rejected = [json.loads(line) for line in (out / "round-001" / "rejected.jsonl").read_text(encoding="utf-8").splitlines()]
    copies = [r for r in rejected if "real record on line" in r["_reason"]]
    assert len(copies) == 3 and {r["text"] for r in copies} >= set(planted[:2])
    assert any("nearly copies" in r["_reason"] for r in copies)
    kept = (out / "round-001" / "accepted.jsonl").read_text(encoding="utf-8")
    assert not any(json.dumps(t, ensure_ascii=False) in kept for t in planted)
    totals = manifest["totals"]
    assert totals["real"] == 27 and totals["synthetic"] + totals["augmented"] <= 5 * 27
    for r in manifest["rounds"]:
        assert r["real"] == 27 and r["synthetic"] > 0
    assert manifest["rounds"][0]["seed"] != manifest["rounds"][1]["seed"]


def test_the_synthetic_to_real_ratio_is_capped(tmp_path, capsys):
    folder = tmp_path / "recipes"
    shutil.copytree(RECIPES, folder)
    recipe = folder / "accumulate_reviews.toml"
    recipe.write_text(recipe.read_text(encoding="utf-8").replace("max_synthetic_ratio = 5", "max_synthetic_ratio = 3"),
                      encoding="utf-8")
    out = tmp_path / "acc"
    assert main(["run", str(recipe), "-o", str(out)]) == 0
    assert main(["run", str(recipe), "--accumulate", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["totals"]["synthetic"] + manifest["totals"]["augmented"] == 72
    assert manifest["rounds"][1]["capped"] > 0
    assert main(["run", str(recipe), "--accumulate", str(out)]) == 2
    assert "max_synthetic_ratio" in capsys.readouterr().err
    assert len(json.loads((out / "manifest.json").read_text(encoding="utf-8"))["rounds"]) == 2
    assert sorted(p.name for p in out.iterdir()) == ["manifest.json", "real", "round-001", "round-002"]


def test_a_new_run_refuses_an_existing_folder(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    assert main(["run", str(RECIPES / "movie_reviews.toml"), "-o", str(out)]) == 2
    assert "--accumulate" in capsys.readouterr().err and list(out.iterdir()) == []


def test_an_expression_that_cannot_run_on_the_values_is_one_sentence_exit_2(tmp_path, capsys):
    text = schema_recipe(tmp_path, count=1024).read_text(encoding="utf-8").replace(
        'expr = "round(price * quantity, 2)"', 'expr = "price * company"')
    recipe = tmp_path / "bad.toml"
    recipe.write_text(text, encoding="utf-8")
    assert main(["run", str(recipe), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip()
    line = text.splitlines().index('expr = "price * company"') + 1
    assert f"{recipe}, line {line}, key schema.fields.total.expr: the expression 'price * company' cannot be " \
           "computed" in err
    assert "\n" not in err and not (tmp_path / "out").exists()


def test_records_dropped_by_a_process_gate_are_regenerated_from_sub_streams(tmp_path):
    text = schema_recipe(tmp_path, count=1024).read_text(encoding="utf-8").replace(
        "[checks]\nmax_near_dup_rate = 1\nmax_text_dup_rate = 1", "[checks]\nmax_near_dup_rate = 0\nmax_text_dup_rate = 0")
    text = text.replace("max_rejected_rate = 0.05", "max_rejected_rate = 1")
    recipe = tmp_path / "dedup.toml"
    recipe.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    main(["run", str(recipe), "-o", str(out)])
    round_1 = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["rounds"][0]
    drops = round_1["process_drops"]
    assert drops["near_duplicates_note"] > 0 and drops["regenerated"] > 0
    accepted = [json.loads(line) for line in (out / "round-001" / "accepted.jsonl").read_text(encoding="utf-8").splitlines()]
    rejected = [json.loads(line) for line in (out / "round-001" / "rejected.jsonl").read_text(encoding="utf-8").splitlines()]
    from synth.quality.duplicates import near_duplicates

    assert near_duplicates([r["note"] for r in accepted]).redundant == 0
    assert len(accepted) == 1024 - round_1["missing"] == 1024 - drops["unfilled"]
    # a regenerated record has its index back, with new values; its quota label (arm) is the same
    by_id = {r["visit_id"]: r for r in accepted}
    back = [r for r in rejected if r["visit_id"] in by_id]
    assert len(back) == drops["regenerated"]
    assert all(by_id[r["visit_id"]]["note"] != r["note"] and by_id[r["visit_id"]]["arm"] == r["arm"] for r in back)
    assert all(r["sbp"] > r["dbp"] + 15 for r in accepted)
