"""What a request promises: N records or an error that says why, flat memory for any n, and refused nonsense."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

import synth
from synth.cli import main
from synth.engine import ShortfallError
from conftest import build_toy_domain


def toy_with_rule(passes):
    """The toy domain plus a rule `passes(columns) -> bool array` that some records may never meet."""
    domain = build_toy_domain()
    domain.rule("picky", "a rule the test controls", ("score",))(lambda columns, options: passes(columns))
    return domain


def never(columns):
    return np.zeros(len(columns["score"]), dtype=bool)


def coin_flip(columns):
    """Passes about half the records in each attempt: after 8 attempts a few of 5000 still fail."""
    return (np.asarray(columns["amount"]) * 1000).astype(np.int64) % 2 == 0


@pytest.mark.parametrize("passes", [never, coin_flip])
def test_records_that_keep_breaking_a_rule_are_an_error_not_a_short_result(passes):
    with pytest.raises(synth.SynthError, match="rule 'picky'") as caught:
        synth.generate(toy_with_rule(passes), 5000, seed=3)
    assert isinstance(caught.value, ShortfallError)
    assert caught.value.report.dropped["picky"] > 0  # the report of what was dropped travels with the error
    # Raised in a worker process, it comes back whole (message and report).
    again = pickle.loads(pickle.dumps(caught.value))
    assert str(again) == str(caught.value) and again.report.dropped == caught.value.report.dropped


def test_cli_shortfall_exits_2_with_one_sentence_and_leaves_no_file(tmp_path, monkeypatch, capsys):
    import synth.commands.generate as command

    monkeypatch.setattr(command, "get_domain", lambda name: toy_with_rule(never))
    target = tmp_path / "out.jsonl"
    assert main(["generate", "toy", "-n", "5", "-o", str(target)]) == 2
    err = capsys.readouterr().err.strip()
    assert "rule 'picky'" in err and "0 of records 0 to 4" in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("ages", ["200-300", "140-180", "-5-30"])
def test_persons_ages_outside_0_to_105_are_refused_before_generating(tmp_path, capsys, ages):
    target = tmp_path / "out.jsonl"
    assert main(["generate", "persons", "-n", "5", "--set", f"age={ages}", "-o", str(target)]) == 2
    assert "within 0-105" in capsys.readouterr().err
    assert not target.exists()


def test_persons_give_every_record_asked_for_across_the_whole_age_range():
    frame = synth.generate("persons", 3000, seed=4, age="0-105")
    assert len(frame) == 3000 and frame.age.between(0, 105).all()
    assert len(synth.generate("persons", 500, seed=4, age="100-105")) == 500
