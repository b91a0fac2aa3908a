"""synth fit: a real table in, a recipe out; the round trip through synth run; privacy gates; constraints."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import synth
from synth import validators as V
from synth.cli import main
from synth.errors import SynthError
from synth.fit import constraints as C
from synth.fit.features import pair
from synth.fit.privacy import privacy_findings
from synth.fit.report import compare, sample_recipe
from synth.recipes.load import RecipeError, parse_recipe
from synth.recipes.pipeline import plan

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from customer_table import CITIES, customer_table  # noqa: E402

ROWS = 400


@pytest.fixture(scope="module")
def real_csv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fit") / "customers.csv"
    table = customer_table(ROWS, seed=5)
    table.loc[[3, 30], "会员等级"] = "黑卡"  # a level two customers have: too rare to reach the recipe
    table.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def real(real_csv) -> pd.DataFrame:
    return pd.read_csv(real_csv, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def round_trip(real_csv, tmp_path_factory) -> tuple[Path, pd.DataFrame]:
    folder = tmp_path_factory.mktemp("trip")
    recipe = folder / "customers.toml"
    assert main(["fit", str(real_csv), "-o", str(recipe), "--no-report"]) == 0
    assert main(["run", str(recipe), "-o", str(folder / "out")]) == 0
    synthetic = pd.read_csv(folder / "out" / "round-001" / "accepted.csv", dtype=str, keep_default_na=False)
    return recipe, synthetic


def test_round_trip_copies_no_row_and_its_identities_validate(round_trip, real):
    recipe, synthetic = round_trip
    assert len(synthetic) == ROWS and list(synthetic.columns) == list(real.columns)
    real_rows = set(map(tuple, real.to_numpy().tolist()))
    assert not any(tuple(row) in real_rows for row in synthetic.to_numpy().tolist())
    ids = synthetic["身份证号"].to_numpy(dtype=object)
    assert V.resident_id(ids, sex=synthetic["性别"].to_numpy(dtype=object)).failed == 0
    assert V.mobile_phone(synthetic["手机号"].to_numpy(dtype=object)).failed == 0
    emails = synthetic["邮箱"][synthetic["邮箱"] != ""]
    assert emails.str.fullmatch(r"[a-z0-9]+@[a-z0-9.]+\.(com|cn)").all()
    # identity values come from synth's generators, never from the real table
    assert not synthetic["身份证号"].isin(set(real["身份证号"])).any()
    assert not synthetic["手机号"].isin(set(real["手机号"])).any()


def test_round_trip_keeps_the_constraints(round_trip):
    recipe, synthetic = round_trip
    province_of = {city: province for city, province, _ in CITIES}
    assert (synthetic["省份"] == synthetic["城市"].map(province_of)).all()
    amount = synthetic["单价"].astype(float) * synthetic["数量"].astype(float)
    assert np.allclose(synthetic["订单金额"].astype(float), amount, atol=0.011)
    assert (synthetic["最近下单日期"] >= synthetic["注册日期"]).all()
    assert (synthetic["最近下单日期"] <= "2024-06-30").all()
    birth = pd.to_datetime(synthetic["身份证号"].str[6:14], format="%Y%m%d")
    as_of = dt.date(2024, 6, 30)
    had_birthday = (birth.dt.month < 6) | ((birth.dt.month == 6) & (birth.dt.day <= 30))
    assert ((as_of.year - birth.dt.year - (~had_birthday)) == synthetic["年龄"].astype(int)).all()


def test_recipe_lists_the_constraints_and_merges_rare_values(round_trip, real):
    text = round_trip[0].read_text(encoding="utf-8")
    for line in ("城市 determines 省份", "订单金额 = 单价 × 数量", "最近下单日期 is on or after 注册日期",
                 "年龄 is the age on 2024-06-30 of the birth date in 身份证号", "[schema.copula]"):
        assert line in text
    assert "黑卡" not in text and '"其他"' in text
    for value in real["身份证号"].tolist() + real["手机号"].tolist() + real["姓名"].tolist():
        assert value not in text
    assert not any(remark in text for remark in real["备注"] if remark)  # free text: phrases, never a whole text


def test_fidelity_is_close_on_the_round_trip(round_trip, real):
    found = {(f.name, f.fields[0]): f for f in compare(round_trip[1], real, target="是否流失")}
    assert found[("KS distance", "月收入")].value < 0.1
    assert found[("total variation", "城市")].value < 0.1
    assert found[("correlation difference", "年龄")].value < 0.1
    assert all(f.passed for f in found.values() if f.section == "privacy")


def test_privacy_gates_fail_when_real_rows_come_back(tmp_path, real_csv, real, round_trip, capsys):
    leaky = pd.concat([round_trip[1].iloc[: ROWS // 2], real.iloc[: ROWS // 2]], ignore_index=True)
    path = tmp_path / "leaky.csv"
    leaky.to_csv(path, index=False)
    assert main(["check", str(path), "--privacy-against", str(real_csv), "--no-provenance",
                 "--max-missing-rate", "0.9", "--max-text-dup-rate", "1", "--max-near-dup-rate", "1"]) == 1
    out = capsys.readouterr().out
    assert "exact copies of real rows" in out
    found = {f.name: f for f in privacy_findings(pair(real, leaky))}
    assert found["exact copies of real rows"].count == ROWS // 2 and not found["exact copies of real rows"].passed
    assert not found["distance to closest record"].passed


def test_quasi_identifier_gate_fails_when_unique_people_are_copied():
    rng = np.random.default_rng(3)
    days = pd.date_range("1950-01-01", periods=20000).strftime("%Y-%m-%d").to_numpy()
    real = pd.DataFrame({"出生日期": rng.choice(days, 600), "性别": rng.choice(["男", "女"], 600),
                         "score": rng.normal(size=600).round(2)})
    copied = real.sample(frac=1, random_state=1).reset_index(drop=True)
    copied["score"] = rng.normal(size=600).round(2)  # no exact copies: only the quasi-identifiers repeat
    fresh = real.assign(出生日期=rng.choice(days, 600))
    gate = lambda synthetic: privacy_findings(pair(real, synthetic))[2]  # noqa: E731
    assert not gate(copied).passed and gate(fresh).passed


def test_constraint_detection():
    rng = np.random.default_rng(0)
    n = 300
    price, qty = rng.uniform(1, 50, n).round(2), rng.integers(1, 5, n)
    frame = pd.DataFrame({"price": price, "qty": qty, "total": (price * qty).round(2), "noise": rng.normal(size=n),
                          "city": rng.choice(["a1", "a2", "b1"], n), "start": "2024-01-01"})
    frame["region"] = frame["city"].str[0]
    frame["other"] = rng.choice(["x", "y"], n)
    frame["end"] = (pd.to_datetime(frame["start"]) + pd.to_timedelta(rng.integers(0, 30, n), "D")).dt.strftime("%Y-%m-%d")
    products = C.arithmetic(frame, ["price", "qty", "total", "noise"])
    assert [(c.kind, c.columns) for c in products] == [("product", ("total", "price", "qty"))]
    found = C.determinations(frame, ["city", "region", "other"])
    assert [c.columns for c in found] == [("region", "city")]
    orders = [c for c in C.date_orders(frame, ["start", "end"]) if c.kind == "after"]
    assert [c.columns for c in orders] == [("end", "start")]
    frame["end"] = frame["end"].where(np.arange(n) % 3 > 0, "2023-12-01")  # a third end before they start
    assert not C.date_orders(frame, ["start", "end"])


def test_fit_is_deterministic_and_the_look_alike_does_not_depend_on_workers(real):
    text = synth.fit(real, name="customers").recipe()
    assert synth.fit(real.copy(), name="customers").recipe() == text
    recipe_plan = plan(parse_recipe(text, "customers.toml"))
    one = synth.generate(recipe_plan.domain, 1500, seed=3, as_of=recipe_plan.as_of)
    two = synth.generate(recipe_plan.domain, 1500, seed=3, as_of=recipe_plan.as_of, workers=2)
    tail = synth.generate(recipe_plan.domain, 476, seed=3, start=1024, as_of=recipe_plan.as_of)
    pd.testing.assert_frame_equal(one, two)
    pd.testing.assert_frame_equal(one.iloc[1024:].reset_index(drop=True), tail)


def test_synth_fit_is_callable_after_its_modules_are_imported(real):
    import synth.fit.privacy  # noqa: F401 - binds synth.fit to the package

    assert callable(synth.fit) and synth.fit(real.iloc[:50]).rows == 50


def test_free_text_becomes_a_grammar_that_never_repeats_a_real_text():
    rng = np.random.default_rng(2)
    parts = ["物流很快", "包装完好", "客服态度好", "价格实惠", "质量一般", "颜色偏暗", "尺码合适", "会再回购"]
    texts = ["，".join(rng.choice(parts, rng.integers(2, 5), replace=False)) + f"，第{i}次购买" for i in range(300)]
    real = pd.DataFrame({"评价": texts, "评分": rng.integers(1, 6, 300)})
    fitted = synth.fit(real)
    assert fitted.columns["评价"].kind == "text" and fitted.fields["评价"]["type"] == "grammar"
    made = sample_recipe(fitted.recipe(), "r.toml", 300)
    assert not made["评价"].isin(set(texts)).any()
    low, high = fitted.fields["评价"]["length"]
    assert made["评价"].str.len().between(low, high).mean() > 0.9


@pytest.mark.parametrize("content, words", [
    ("a,b\n", "has no rows"),
    ("客户,备注\n" + "".join(f"c{i},好\ue000\n" for i in range(20)), "private-use character"),
])
def test_bad_input_is_one_sentence_exit_2_and_nothing_written(tmp_path, capsys, content, words):
    source = tmp_path / "real.csv"
    source.write_text(content, encoding="utf-8")
    out = tmp_path / "recipe.toml"
    assert main(["fit", str(source), "-o", str(out)]) == 2
    message = capsys.readouterr().err.strip()
    assert words in message and message.count("\n") == 0
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == ["real.csv"]


def test_unreadable_file_is_refused(tmp_path, capsys):
    source = tmp_path / "real.csv"
    source.write_bytes(b"\xff\xfe\x00\x01broken")
    assert main(["fit", str(source), "-o", str(tmp_path / "r.toml")]) == 2
    assert "not UTF-8" in capsys.readouterr().err and not (tmp_path / "r.toml").exists()


def test_copula_in_a_recipe_keeps_the_correlation_and_refuses_a_bad_matrix():
    text = """
[recipe]
name = "pair"
[requirement]
count = 4000
[schema]
name = "pair"
[schema.fields.x]
type = "normal"
mean = 0
sd = 1
[schema.fields.y]
type = "lognormal"
mu = 1
sigma = 0.5
[schema.copula]
fields = ["x", "y"]
correlation = [[1.0, 0.8], [0.8, 1.0]]
"""
    made = sample_recipe(text, "pair.toml")
    rho = made[["x", "y"]].rank().corr().iloc[0, 1]
    assert 0.75 < rho < 0.83  # Spearman of a Gaussian copula with 0.8: 6/pi * asin(0.4) = 0.786
    bad = text.replace("0.8], [0.8", "1.2], [1.2")
    with pytest.raises(RecipeError, match="pair.toml, line 18, key schema.copula.correlation"):
        plan(parse_recipe(bad, "pair.toml"))


def test_fit_refuses_a_table_too_small_for_k():
    with pytest.raises(SynthError, match="at least 10"):
        synth.fit(pd.DataFrame({"a": [1, 2, 3]}))


def test_check_report_shows_privacy_and_fidelity_against_the_real_table(tmp_path, real_csv, round_trip):
    path, report = tmp_path / "synthetic.csv", tmp_path / "report.html"
    round_trip[1].to_csv(path, index=False)
    assert main(["check", str(path), "--privacy-against", str(real_csv), "--report", str(report), "--no-provenance",
                 "--max-missing-rate", "0.9", "--max-text-dup-rate", "1", "--max-near-dup-rate", "1"]) == 0
    page = report.read_text(encoding="utf-8")
    assert "Against the real table: privacy and fidelity" in page
    assert "exact copies of real rows" in page and "distance to the real column" in page


def test_missing_values_keep_their_rate_and_the_dependencies_still_hold():
    table = customer_table(300, seed=9)
    table.loc[::13, "城市"] = None
    table.loc[::7, "注册日期"] = None  # a start with gaps: the end is fitted on its own, not derived
    fitted = synth.fit(table)
    made = sample_recipe(fitted.recipe(), "gaps.toml", 300)
    province_of = {city: province for city, province, _ in CITIES}
    known = made["城市"].notna()
    assert (made.loc[known, "城市"].map(province_of) == made.loc[known, "省份"]).all()
    assert made.loc[~known, "省份"].notna().all() and 0.03 < (~known).mean() < 0.15
    assert abs(made["邮箱"].isna().mean() - table["邮箱"].isna().mean()) < 0.08
    assert "最近下单日期 is on or after 注册日期" not in [c.text for c in fitted.constraints]


def test_bank_cards_and_datetimes_round_trip():
    from synth import cards
    from synth.randomness import BlockRandom

    rng = np.random.default_rng(4)
    numbers, _ = cards.sample_card_numbers(BlockRandom((7, 7), 0, 1))
    hours = rng.choice([9, 10, 11, 14, 15, 20], 200)
    stamps = [f"2024-0{m}-1{d} {h:02d}:{mm:02d}:00" for m, d, h, mm in
              zip(rng.integers(1, 7, 200), rng.integers(0, 9, 200), hours, rng.integers(0, 60, 200))]
    real = pd.DataFrame({"卡号": numbers[:200], "交易时间": stamps, "金额": rng.lognormal(5, 1, 200).round(2)})
    fitted = synth.fit(real)
    assert fitted.kinds() == {"卡号": "bank_card", "交易时间": "datetime", "金额": "numeric"}
    made = sample_recipe(fitted.recipe(), "cards.toml", 400)
    assert V.bank_card(made["卡号"].to_numpy(dtype=object)).failed == 0
    assert not made["卡号"].isin(set(real["卡号"])).any()
    assert made["交易时间"].str.fullmatch(r"2024-0[1-6]-\d\d \d\d:\d\d:\d\d").all()
    made_hours = made["交易时间"].str[11:13].astype(int)
    assert made_hours.isin([9, 10, 11, 14, 15, 20]).mean() > 0.8  # hours nobody used stay rare (smoothing only)
