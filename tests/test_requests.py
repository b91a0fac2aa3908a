"""What a request promises: N records or an error that says why, flat memory for any n, and refused nonsense."""

from __future__ import annotations

import pickle
import subprocess
import sys

import numpy as np
import pytest

import synth
from synth.cli import main
from synth.engine import ShortfallError
from synth.errors import SynthError
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
    assert "rule 'picky'" in err and "Only 0 of the 5 records 0 to 4 of 'toy'" in err
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


def test_a_trillion_records_stream_with_flat_memory():
    """The first rows come while memory stays far below what a plan of 10**12 records would take."""
    process = subprocess.Popen([sys.executable, "-m", "synth", "generate", "persons", "-n", str(10**12), "--seed", "1"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        lines = [process.stdout.readline() for _ in range(3)]
        with open(f"/proc/{process.pid}/status") as status:
            peak_kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
    finally:
        process.kill()
        process.wait()
    assert all(line.startswith(b'{"person_id":"P') for line in lines)
    assert peak_kb < 1024 * 1024  # 1 GiB; about 0.3 GiB in practice, a materialised plan needs several


@pytest.mark.parametrize("args", [["-n", str(10**20)], ["-n", "10", "--start", str(2**63 - 5)]])
def test_more_records_than_indices_can_key_is_refused(args, capsys, tmp_path):
    assert main(["generate", "persons", *args, "-o", str(tmp_path / "out.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "2**63 - 1" in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_the_last_indices_below_2_to_the_63_can_be_made():
    last = 2**63 - 2
    for name, key in (("persons", "person_id"), ("reviews", "review_id")):
        frame = synth.generate(name, 3, seed=1, start=last - 2)
        assert frame[key].str.endswith(str(last)).iloc[-1]
    # Exact quotas over the whole index space: counts stay exact integers however large.
    quota = synth.generate("reviews", 3, seed=1, start=last - 2, sentiment=f"positive:{last - 1},negative:2")
    assert set(quota.sentiment) <= {"positive", "negative"}


@pytest.mark.parametrize("spec,needle", [
    ("positive:3,negative:0.5", "mixes counts (positive:3) with fractions (negative:0.5)"),
    ("positive:0.5,negative:3", "mixes counts"),
    ("positive:nan,negative:1", "finite number"),
    ("positive:lots", "not a number"),
])
def test_label_amounts_that_mix_counts_and_fractions_or_are_not_numbers_are_refused(spec, needle, capsys):
    assert main(["generate", "reviews", "-n", "5", "--set", f"sentiment={spec}"]) == 2
    err = capsys.readouterr().err
    assert needle in err and len(err.strip().splitlines()) == 1
    with pytest.raises(synth.SynthError, match="sentiment"):
        synth.generate("reviews", 5, sentiment=spec)


def test_check_expect_shares_the_label_amount_parser(tmp_path, capsys):
    data = tmp_path / "people.jsonl"
    data.write_text('{"sex": "男"}\n{"sex": "女"}\n', encoding="utf-8")
    assert main(["check", str(data), "--expect", "sex=男:3,女:0.5"]) == 2
    assert "mixes counts" in capsys.readouterr().err


def test_huge_quota_counts_stay_exact_integers():
    from synth.options import parse_shares

    assert parse_shares(f"a:{2**62 + 1},b:1", ("a", "b")) == {"a": 2**62 + 1, "b": 1}


@pytest.mark.parametrize("as_of", ["0150-01-01", "1899-12-31", "9001-01-01"])
def test_a_reference_date_synth_cannot_date_from_is_refused(as_of):
    # Found by the CLI fuzz: --as-of 0150-01-01 reached year 0 in the persons rules (a ValueError traceback).
    with pytest.raises(SynthError, match="reference date"):
        synth.generate("persons", 3, seed=1, as_of=as_of)
    assert synth.generate("persons", 3, seed=1, as_of="1900-01-01")["age"].between(18, 80).all()
