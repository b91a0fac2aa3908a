"""synth's pytest plugin, run the way users run it: pytest in a fresh process on a project of its own."""

from __future__ import annotations

import json
import re

import synth
from synth.pytest_plugin import SynthData, derive_seed

pytest_plugins = ["pytester"]

# Each test writes what synth_data gave it into a JSON file named after the test, so two runs can be compared.
TESTS = {
    "alpha": '''
def test_alpha(synth_data, tmp_path_factory):
    people = synth_data("persons", 4, age=(30, 40))
    more = synth_data("persons", 2)
    dump("alpha", {"people": people.to_dict("records"), "more": more.to_dict("records"), "seed": synth_data.seed})
''',
    "beta": '''
def test_beta(synth_data):
    masked = synth_data("persons", 3, mask=True)
    dump("beta", {"masked": masked.to_dict("records"), "seed": synth_data.seed})
''',
    "gamma": '''
import pytest

@pytest.mark.parametrize("k", [1, 2])
def test_gamma(synth_data, k):
    dump(f"gamma{k}", {"person": synth_data.record("persons"), "seed": synth_data.seed})
''',
}
PRELUDE = '''
import json, os
from pathlib import Path

def dump(name, value):
    out = Path(os.environ["SYNTH_PLUGIN_OUT"])
    out.mkdir(exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(value, ensure_ascii=False, sort_keys=True), encoding="utf-8")
'''


def run(pytester, monkeypatch, order, out, *args):
    pytester.makepyfile(test_data=PRELUDE + "".join(TESTS[name] for name in order))
    monkeypatch.setenv("SYNTH_PLUGIN_OUT", str(pytester.path / out))
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-p", "no:randomly", *args)
    return result, {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (pytester.path / out).glob("*.json")}


def test_the_same_tests_get_the_same_data_in_any_order_and_alone_and_the_seed_changes_it(pytester, monkeypatch):
    first, one = run(pytester, monkeypatch, ["alpha", "beta", "gamma"], "one")
    first.assert_outcomes(passed=4)
    first.stdout.fnmatch_lines(["synth: seed 0 (*--synth-seed N to change)"])
    second, two = run(pytester, monkeypatch, ["gamma", "beta", "alpha"], "two")
    second.assert_outcomes(passed=4)
    assert one == two and set(one) == {"alpha", "beta", "gamma1", "gamma2"}
    # alpha alone, under another session seed: its data changes, and the header says which seed.
    alone, three = run(pytester, monkeypatch, ["gamma", "beta", "alpha"], "three", "-k", "alpha", "--synth-seed", "7")
    alone.assert_outcomes(passed=1, deselected=3)
    alone.stdout.fnmatch_lines(["synth: seed 7 *"])
    assert set(three) == {"alpha"} and three["alpha"]["people"] != one["alpha"]["people"]
    # Different tests (and parameters) get different data, two calls in a test different records, options hold.
    assert one["gamma1"]["person"] != one["gamma2"]["person"] and one["gamma1"]["seed"] != one["gamma2"]["seed"]
    assert one["alpha"]["people"][0] != one["alpha"]["more"][0]
    assert all(30 <= p["age"] <= 40 for p in one["alpha"]["people"])
    assert all("*" in p["id_number"] for p in one["beta"]["masked"])


def test_alone_a_test_gets_the_data_it_gets_among_others(pytester, monkeypatch):
    _, together = run(pytester, monkeypatch, ["alpha", "beta", "gamma"], "together")
    alone, by_itself = run(pytester, monkeypatch, ["beta", "gamma", "alpha"], "alone", "-k", "gamma and 2")
    alone.assert_outcomes(passed=1, deselected=3)
    assert by_itself["gamma2"] == together["gamma2"]


def test_a_failing_test_reports_the_seed_and_calls_that_replay_its_data(pytester):
    pytester.makepyfile(test_fail='''
import json

def test_passes(synth_data):
    assert len(synth_data("persons", 2)) == 2

def test_fails(synth_data):
    people = synth_data("persons", 3, age=(30, 40))
    print("SAW", json.dumps(people.name.tolist(), ensure_ascii=False))
    assert people.age.max() < 31
''')
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--synth-seed", "3")
    result.assert_outcomes(passed=1, failed=1)
    output = result.stdout.str()
    result.stdout.fnmatch_lines(["*- synth -*", "session seed 3: pytest --synth-seed 3 'test_fail.py::test_fails'*"])
    assert output.count("session seed 3:") == 1          # only the failing test has the section
    call = re.search(r"^  (synth\.generate\('persons', 3, seed=\d+, age=\(30, 40\)\))$", output, re.M).group(1)
    saw = json.loads(re.search(r"^SAW (.*)$", output, re.M).group(1))
    assert eval(call, {"synth": synth}).name.tolist() == saw  # the printed call replays what the test saw


def test_the_plugin_imports_nothing_heavy_for_tests_that_do_not_use_it(pytester):
    pytester.makepyfile(test_plain='''
import sys

def test_plain():
    assert "synth.pytest_plugin" in sys.modules          # the plugin is loaded
    assert "pandas" not in sys.modules and "synth.api" not in sys.modules
''')
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


def test_each_call_has_its_own_seed_and_a_domain_object_works(toy_domain):
    data = SynthData(0, "tests/test_x.py::test_y")
    first, second = data(toy_domain, 5), data(toy_domain, 5)
    assert not first.equals(second) and data.seed == derive_seed(0, "tests/test_x.py::test_y")
    assert data.calls[0] == f"synth.generate('toy', 5, seed={derive_seed(0, 'tests/test_x.py::test_y', 0)})"
    assert first.equals(synth.generate(toy_domain, 5, seed=derive_seed(0, "tests/test_x.py::test_y", 0)))
    again = SynthData(0, "tests/test_x.py::test_y")
    assert again(toy_domain, 5).equals(first)
    assert "seed=" in repr(data) and "pytest --synth-seed 0 'tests/test_x.py::test_y'" in data.report()
