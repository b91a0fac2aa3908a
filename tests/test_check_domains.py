"""`synth check --domain D` on each domain's own unmodified output passes every gate, and still fails on a planted
problem: every rule runs (rules get the whole record, as when generating), declared optional and formulaic fields
are not gated as missing or duplicated, and per-account fields are compared over accounts, not rows."""

from __future__ import annotations

import json

import numpy as np
import pytest

from synth.cli import main
from synth.quality.check import first_of_each


def generate(tmp_path, domain: str, n: int, seed: int, *settings: str):
    path = tmp_path / f"{domain}.jsonl"
    args = [a for s in settings for a in ("--set", s)]
    assert main(["generate", domain, "-n", str(n), "--seed", str(seed), *args, "-o", str(path)]) == 0
    return path


def check(path, tmp_path, domain: str) -> tuple[int, dict]:
    report = tmp_path / "report.json"
    code = main(["check", str(path), "--domain", domain, "--json", str(report)])
    return code, json.loads(report.read_text(encoding="utf-8"))


def failed(report: dict) -> list[str]:
    return [f"{f['section']}: {f['name']} {f['fields']}: {f['summary']}" for f in report["findings"]
            if f["passed"] is False]


def rewrite(path, change) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    change(rows)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


@pytest.mark.parametrize("domain, n, seed, settings", [
    ("persons", 300, 5, ("mask=true", "age=30-40")),
    ("reviews", 300, 5, ("category=hotel,restaurant,movie",)),
    ("dialogues", 200, 5, ("intent=repair",)),
    ("transactions", 300, 5, ()),
    ("medical", 200, 5, ()),
])
def test_own_output_passes(tmp_path, domain, n, seed, settings):
    code, report = check(generate(tmp_path, domain, n, seed, *settings), tmp_path, domain)
    assert code == 0, failed(report)
    rules = [f for f in report["findings"] if f["section"] == "rules"]
    assert rules and all(f["passed"] for f in rules), [f["summary"] for f in rules if not f["passed"]]


def test_medical_rules_read_fields_they_do_not_name(tmp_path):
    """Many medical rules share one parse of diagnoses and medications: the check must hand them the whole
    record, and a visit with no drug (medications []) is empty by design, not missing."""
    path = generate(tmp_path, "medical", 200, 5)
    code, report = check(path, tmp_path, "medical")
    assert code == 0, failed(report)
    assert not [f for f in report["findings"] if "could not run" in f["summary"]]
    empty = [f for f in report["findings"] if f["name"] == "empty by design" and f["fields"] == ["medications"]]
    assert len(empty) == 1 and empty[0]["count"] > 0
    gates = {(f["name"], f["fields"][0]): f["gate"] for f in report["findings"] if f["section"] == "text"}
    assert gates[("exact duplicate texts", "investigations")] is None      # 暂未行辅助检查 recurs by nature
    assert gates[("exact duplicate texts", "note")] is not None             # the note is prose: still gated

    def plant(rows):
        for row in rows[1:11]:            # ten copies of one note: 5% exact duplicates
            row["note"] = rows[0]["note"]
        drugged = next(r for r in rows if r["medications"])
        drugged["medications"][0]["name"] = "不存在的药"  # a drug no label knows
    rewrite(path, plant)
    code, report = check(path, tmp_path, "medical")
    broken = failed(report)
    assert code == 1
    assert any("exact duplicate texts ['note']" in b for b in broken), broken
    assert any(b.startswith("rules: drugs_are_indicated") for b in broken), broken


@pytest.fixture(scope="module")
def transactions(tmp_path_factory):
    path = tmp_path_factory.mktemp("tx") / "transactions.jsonl"
    assert main(["generate", "transactions", "-n", "3000", "--seed", "8", "-o", str(path)]) == 0
    return path


def test_transactions_compare_accounts_not_rows(transactions, tmp_path):
    code, report = check(transactions, tmp_path, "transactions")
    assert code == 0, failed(report)
    tested = {f["fields"][0]: f for f in report["findings"] if f["section"] in ("labels", "distributions")
              and "reference" in f["name"]}
    assert not {"txn_id", "account_id", "device_id", "card_number"} & set(tested)   # keys are not labels
    rows = [json.loads(line) for line in transactions.read_text(encoding="utf-8").splitlines()]
    accounts = len({r["account_id"] for r in rows})
    # the account's own attribute: one record per account
    assert "one record per account_id" in tested["credit_limit"]["doc"]
    assert tested["credit_limit"]["total"] == accounts < len(rows) / 10
    # what varies within an account: every record, the test corrected for the clustering
    balance = tested["balance_before"]
    assert "clustered by account_id" in balance["doc"] and balance["total"] == len(rows)
    assert balance["details"]["design_effect"] > 5      # an account's balances are one walk, not 50 draws
    assert tested["channel"]["total"] == len(rows) and tested["channel"]["details"]["design_effect"] >= 1.0
    assert "account_id" not in tested["description"]["doc"]
    assert tested["description"]["details"]["design_effect"] == 1.0


@pytest.mark.parametrize("field, factor", [("amount", 10), ("balance_before", 10)])
def test_transactions_check_catches_a_planted_shift(transactions, tmp_path, field, factor):
    path = tmp_path / "shifted.jsonl"
    path.write_bytes(transactions.read_bytes())

    def shift(rows):
        for row in rows:
            row[field] = round(row[field] * factor, 2)
    rewrite(path, shift)
    code, report = check(path, tmp_path, "transactions")
    ks = [f for f in report["findings"] if f["name"] == "values vs reference" and f["fields"] == [field]]
    assert code == 1 and len(ks) == 1 and ks[0]["passed"] is False, ks


def test_transactions_check_catches_a_changed_label_share(transactions, tmp_path):
    path = tmp_path / "relabelled.jsonl"
    path.write_bytes(transactions.read_bytes())

    def relabel(rows):  # a third of WeChat payments now say Alipay
        wechat = [r for r in rows if r["channel"] == "微信支付"]
        for row in wechat[::3]:
            row["channel"] = "支付宝"
    rewrite(path, relabel)
    code, report = check(path, tmp_path, "transactions")
    share = [f for f in report["findings"] if f["section"] == "labels" and f["fields"] == ["channel"]
             and "reference" in f["name"]]
    assert code == 1 and share[0]["passed"] is False, share


@pytest.mark.parametrize("domain, settings, plant, expect", [
    ("reviews", ("category=hotel,restaurant",), "text", "exact duplicate texts ['text']"),
    ("dialogues", (), "turns", "exact duplicate records"),
])
def test_text_domains_still_fail_on_planted_duplicates(tmp_path, domain, settings, plant, expect):
    path = generate(tmp_path, domain, 200, 6, *settings)

    def copy(rows):
        for row in rows[1:11]:
            if plant == "text":
                row[plant] = rows[0][plant]
            else:   # the whole record again
                row.clear()
                row.update(rows[0])
    rewrite(path, copy)
    code, report = check(path, tmp_path, domain)
    assert code == 1 and any(expect in b for b in failed(report)), failed(report)


def test_first_of_each_keeps_file_order():
    keys = np.array(["b", "a", "b", "c", "a"], dtype=object)
    assert first_of_each(keys).tolist() == [0, 1, 3]


def test_design_effect_is_one_for_independent_records_and_the_cluster_size_for_copies():
    from synth.quality.distributions import label_design_effect, rank_design_effect

    rng = np.random.default_rng(0)
    labels = rng.choice(["a", "b", "c"], 6000)
    shuffled = np.arange(6000) % 100                       # 100 clusters of 60 unrelated records
    assert label_design_effect(labels, shuffled) == pytest.approx(1.0, abs=0.3)
    copied = np.repeat(rng.choice(["a", "b", "c"], 100), 60)   # each cluster one label 60 times
    assert label_design_effect(copied, np.repeat(np.arange(100), 60)) == pytest.approx(60, rel=0.25)
    walks = np.repeat(rng.normal(size=100), 60) + rng.normal(scale=0.01, size=6000)
    assert rank_design_effect(walks, np.repeat(np.arange(100), 60)) > 30
