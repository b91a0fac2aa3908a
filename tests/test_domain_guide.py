"""docs/domains.md cannot rot: its example domain is built from the guide's own code blocks, registered the way a
third-party package registers one (an entry point in the group `synth.domains`), and generated from."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import synth
from synth.errors import SynthError

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "domains.md"
FILE_BLOCK = re.compile(r"\*\*`orders/([^`]+)`\*\*\n\n```[a-z]*\n(.*?)\n```", re.S)
PACKAGE = "acme_orders"


def guide_files() -> dict[str, str]:
    files = dict(FILE_BLOCK.findall(GUIDE.read_text(encoding="utf-8")))
    assert {"__init__.py", "fields.py", "rules.py", "data.py", "grammars/note.grammar"} <= set(files)
    return files


def write_distribution(site: Path, entry_points: str) -> None:
    """What `pip install` leaves in site-packages: the package, and a dist-info whose entry points name domains."""
    for name, text in guide_files().items():
        path = site / PACKAGE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    info = site / f"{PACKAGE}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {PACKAGE}\nVersion: 0.1\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[synth.domains]\n{entry_points}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    write_distribution(site, f"orders = {PACKAGE}\nbroken = acme_missing_module:DOMAIN\n"
                             f"misnamed = {PACKAGE}.fields:CHANNELS")
    return site


@pytest.fixture(scope="module")
def orders(site):
    sys.path.insert(0, str(site))
    try:
        import acme_orders
        yield acme_orders.DOMAIN
    finally:
        sys.path.remove(str(site))


def run_synth(site: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(site)}
    return subprocess.run([sys.executable, "-m", "synth", *args], capture_output=True, text=True, env=env, cwd=cwd,
                          timeout=300)


def test_the_guides_domain_generates_coherent_orders(orders):
    frame = synth.generate(orders, 3000, seed=1)
    assert list(frame.columns) == ["order_id", "channel", "customer_name", "customer_phone", "product", "quantity",
                                   "unit_price", "total", "note"]
    assert frame.attrs["report"]["produced"] == 3000 and not frame.attrs["report"]["dropped"]
    cents = np.round(frame.unit_price * 100).astype(np.int64) * frame.quantity
    assert (np.round(frame.total * 100).astype(np.int64) == cents).all()
    assert frame.quantity.min() >= 1 and 1.4 < frame.quantity.mean() < 1.8
    assert frame.order_id.is_unique and frame.customer_phone.str.fullmatch(r"1\d{10}").all()
    # The note is the grammar's: a product-specific ask names the record's own product.
    named = frame[frame.note.str.contains("要") & frame.note.str.contains("件")]
    assert len(named) and all(row.note.startswith(f"{row.product}要{row.quantity}件") for row in named.itertuples())
    assert not frame[frame["product"].isin(["保温杯", "抽纸（24包）"])].note.str.contains("充电|尺码").any()


def test_the_guides_domain_keeps_synths_promises(orders):
    whole = synth.generate(orders, 2500, seed=7)
    part = synth.generate(orders, 300, seed=7, start=2100)
    assert part.equals(whole.iloc[2100:2400].reset_index(drop=True))
    assert synth.generate(orders, 2500, seed=7).equals(whole)
    assert not synth.generate(orders, 2500, seed=8).equals(whole)
    quota = synth.generate(orders, 1000, seed=7, channel="app:600,web:300,store:100")
    assert quota.channel.value_counts().to_dict() == {"app": 600, "web": 300, "store": 100}
    with pytest.raises(SynthError, match="channel quotas add up to 1000"):
        synth.generate(orders, 900, seed=7, channel="app:600,web:300,store:100")
    with pytest.raises(SynthError, match="mean_quantity"):
        synth.generate(orders, 10, seed=7, mean_quantity=0)


def test_the_guides_rules_can_fail(orders):
    frame = synth.generate(orders, 50, seed=3)
    columns = {name: frame[name].to_numpy() for name in frame.columns}
    columns["total"] = columns["total"] + 0.01
    rule = next(r for r in orders.rules if r.name == "total_is_price_times_quantity")
    assert not rule.check(columns, {}).any()


def test_an_entry_point_domain_is_listed_generated_and_a_broken_one_named(site, tmp_path):
    listed = run_synth(site, "domains", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    names = [line.split()[0] for line in listed.stdout.splitlines()]
    assert {"orders", "persons", "reviews", "medical"} <= set(names) and "broken" not in names
    problems = listed.stderr.strip().splitlines()
    assert len(problems) == 2 and "Traceback" not in listed.stderr
    assert any("'broken'" in p and "acme_orders" in p and "acme_missing_module" in p for p in problems)
    assert any("'misnamed'" in p and "not a synth.schema.Domain" in p for p in problems)

    one = run_synth(site, "generate", "orders", "-n", "3000", "--seed", "4", "-o", "one.jsonl", cwd=tmp_path)
    two = run_synth(site, "generate", "orders", "-n", "3000", "--seed", "4", "--workers", "2", "-o", "two.jsonl",
                    cwd=tmp_path)
    assert one.returncode == 0 and two.returncode == 0, one.stderr + two.stderr
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    first = json.loads((tmp_path / "one.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["order_id"] == "O0000000000"

    receipt = run_synth(site, "generate", "orders", "-n", "3", "--seed", "4", "--format", "receipt", cwd=tmp_path)
    assert receipt.returncode == 0 and len(receipt.stdout.splitlines()) == 3
    assert re.fullmatch(r"O0000000000  \S+  .+ ×\d+  ¥\d+\.\d\d", receipt.stdout.splitlines()[0])

    described = run_synth(site, "describe", "orders", cwd=tmp_path)
    assert described.returncode == 0 and "total_is_price_times_quantity" in described.stdout

    broken = run_synth(site, "generate", "broken", "-n", "3", "-o", "b.jsonl", cwd=tmp_path)
    assert broken.returncode == 2 and "Traceback" not in broken.stderr
    assert len(broken.stderr.strip().splitlines()) == 1 and "acme_missing_module" in broken.stderr
    assert not (tmp_path / "b.jsonl").exists()


def test_a_package_cannot_take_a_shipped_domains_name(tmp_path):
    site = tmp_path / "site"
    write_distribution(site, f"persons = {PACKAGE}")
    listed = run_synth(site, "domains", cwd=tmp_path)
    assert listed.returncode == 0 and not listed.stderr
    assert [line.split()[0] for line in listed.stdout.splitlines()].count("persons") == 1
    made = run_synth(site, "generate", "persons", "-n", "1", "--seed", "1", cwd=tmp_path)
    assert json.loads(made.stdout)["person_id"] == "P0000000000"
