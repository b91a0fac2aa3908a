"""docs/testing.md cannot rot: its files are copied from the page into a fresh project and pytest runs them there,
in a process of its own, with synth's plugin loaded the way users get it (the pytest11 entry point)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

import synth
from synth.pytest_plugin import derive_seed

pytest_plugins = ["pytester"]

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "testing.md"
FILE_BLOCK = re.compile(r"\*\*`(tests/[^`]+)`\*\*\n\n```python\n(.*?)\n```", re.S)
TEXT_BLOCK = re.compile(r"```text\n(.*?)\n```", re.S)


def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def test_every_example_in_the_guide_runs_and_the_deliberate_failure_replays(pytester):
    files = dict(FILE_BLOCK.findall(guide()))
    assert {"tests/test_with_synth_data.py", "tests/test_with_strategies.py", "tests/test_with_faker.py",
            "tests/test_fails_on_purpose.py", "tests/conftest.py", "tests/test_with_faker_fixture.py"} <= set(files)
    for name, text in files.items():
        path = pytester.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    tests = sum(len(re.findall(r"^def test_", text, re.M)) for text in files.values())

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "tests")
    result.assert_outcomes(passed=tests - 1, failed=1)
    output = result.stdout.str()
    header, _report, _falsifying = TEXT_BLOCK.findall(guide())
    assert header in output                                 # the header line the guide shows, verbatim
    # The deliberate failure shrank to the first person aged 60 or more and printed the call that replays it.
    first = int(np.flatnonzero(synth.generate("persons", 4096, seed=0).age.to_numpy() >= 60)[0])
    replay = f"synth.generate('persons', {first + 1}, seed=0).iloc[{first}]"
    assert f"<record {first} of persons (seed 0; {replay})" in output
    assert f"<record {first} of persons (seed 0; {replay})" in guide()
    assert eval(replay, {"synth": synth}).age >= 60


def test_the_guides_failure_report_shows_the_seed_the_plugin_derives():
    _header, report, _falsifying = TEXT_BLOCK.findall(guide())
    nodeid = re.search(r"'(tests/[^']+::[^']+)'", report).group(1)
    seed = int(re.search(r"seed=(\d+)", report).group(1))
    assert seed == derive_seed(0, nodeid, 0)
