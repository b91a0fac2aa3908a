"""The command line: byte-identical files, formats, atomic output, one-sentence errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

import synth
from synth.cli import main


def test_same_seed_gives_byte_identical_files(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert main(["generate", "persons", "-n", "3000", "--seed", "5", "-o", str(a)]) == 0
    assert main(["generate", "persons", "-n", "3000", "--seed", "5", "-o", str(b), "--workers", "2",
                 "--batch-size", "1024"]) == 0
    assert a.read_bytes() == b.read_bytes()
    assert len(a.read_text(encoding="utf-8").splitlines()) == 3000


def test_jsonl_is_utf8_in_schema_order_and_matches_the_api(capsys):
    assert main(["generate", "persons", "-n", "5", "--seed", "2", "--start", "100"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 5
    first = json.loads(lines[0])
    assert list(first) == [f["name"] for f in synth.describe("persons")["fields"]]
    assert "\\u" not in lines[0] and any("\u4e00" <= ch <= "\u9fff" for ch in lines[0])
    api = synth.generate("persons", 5, seed=2, start=100)
    assert [json.loads(line)["id_number"] for line in lines] == api.id_number.tolist()


def test_csv_and_parquet_hold_the_same_rows(tmp_path):
    csv_path, parquet_path = tmp_path / "p.csv", tmp_path / "p.parquet"
    assert main(["generate", "persons", "-n", "2000", "--seed", "8", "-o", str(csv_path)]) == 0
    assert main(["generate", "persons", "-n", "2000", "--seed", "8", "-o", str(parquet_path)]) == 0
    from_csv = pd.read_csv(csv_path, dtype=str)
    from_parquet = pd.read_parquet(parquet_path)
    assert from_csv.id_number.tolist() == from_parquet.id_number.tolist()
    assert from_csv.phone.tolist() == from_parquet.phone.tolist()


@pytest.mark.parametrize("args,needle", [
    (["generate", "people", "-n", "5"], "Unknown domain 'people'"),
    (["generate", "persons", "-n", "0"], "positive integer"),
    (["generate", "persons", "-n", "ten"], "whole number"),
    (["generate", "persons", "-n", "5", "--set", "colour=red"], "no option 'colour'"),
    (["generate", "persons", "-n", "5", "--set", "age=80-18"], "age=80-18"),
    (["generate", "persons", "-n", "5", "--set", "mask"], "KEY=VALUE"),
    (["generate", "persons", "-n", "5", "--as-of", "2024-13-01"], "not a date"),
    (["generate", "persons", "-n", "5", "--workers", "0"], "workers"),
    (["generate", "persons", "-n", "5", "--batch-size", "0"], "batch size"),
    (["generate", "persons", "-n", "5", "--batch-size", "-1024"], "batch size"),
    (["check", "x.jsonl", "--examples", "-1"], "--examples"),
    (["check", "x.jsonl", "--reference-size", "0"], "--reference-size"),
    (["check", "x.jsonl", "--max-years-back", "-3"], "--max-years-back"),
    (["generate", "persons", "-n", "5", "-o", "out.xlsx"], "output format"),
    (["describe", "nothing"], "Unknown domain"),
    (["frobnicate"], "invalid choice"),
])
def test_bad_input_is_one_sentence_and_exit_2(tmp_path, monkeypatch, capsys, args, needle):
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert needle in err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_unwritable_output_folder_is_exit_2_and_writes_nothing(tmp_path, capsys):
    missing = tmp_path / "no" / "such" / "dir" / "out.jsonl"
    assert main(["generate", "persons", "-n", "5", "-o", str(missing)]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not missing.parent.exists()


def test_an_interrupted_run_leaves_no_partial_file(tmp_path, interrupt_third_batch):
    target = tmp_path / "big.jsonl"
    assert main(["generate", "persons", "-n", "10000", "--batch-size", "1024", "-o", str(target)]) == 130
    assert len(interrupt_third_batch) == 3
    assert list(tmp_path.iterdir()) == []


def test_domains_and_describe_list_fields_and_options(capsys):
    assert main(["domains"]) == 0
    assert "persons" in capsys.readouterr().out
    assert main(["describe", "persons"]) == 0
    out = capsys.readouterr().out
    for needle in ("id_number", "birth_district", "mask", "age", "18-80"):
        assert needle in out


@pytest.mark.parametrize("name", ["reviews", "persons", "medical"])
def test_describe_puts_each_default_after_its_help_not_into_it(capsys, name):
    assert main(["describe", name]) == 0
    out = capsys.readouterr().out
    lines = out[out.index("Options (--set"):].splitlines()
    for option in synth.describe(name)["options"]:
        line = next(line for line in lines if line.startswith(f"  {option['name']} "))
        default = str(option["default"]) or "none"
        assert line.endswith(f"{option['help']} (default: {default})"), line


def accelerator_line(capsys, argv=("--version",)) -> str:
    with pytest.raises(SystemExit) as done:
        main(list(argv))
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"synth {synth.__version__}\n")
    return out.splitlines()[1]


def test_version_and_describe_say_whether_the_c_accelerators_run(capsys, monkeypatch):
    import synth.speedups as speedups

    built = all(speedups.load(name) is not None for name in speedups.ACCELERATORS)
    assert accelerator_line(capsys).startswith("C accelerators: on" if built else "C accelerators: off")
    monkeypatch.setattr(speedups, "load", lambda name: None)  # as on a machine without a compiler
    assert "off (not built: _render, _wordcut, _marks" in accelerator_line(capsys)
    monkeypatch.setenv("SYNTH_PURE_PYTHON", "1")
    assert "off (SYNTH_PURE_PYTHON is set)" in accelerator_line(capsys)
    assert main(["describe", "persons"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("C accelerators: off (SYNTH_PURE_PYTHON is set); the Python "
                                                     "code runs, with the same output")


def test_console_script_runs_as_a_module():
    result = subprocess.run([sys.executable, "-m", "synth", "generate", "persons", "-n", "3", "--seed", "1"],
                            capture_output=True, text=True, encoding="utf-8", check=True)
    assert len(result.stdout.splitlines()) == 3
