"""Writers: valid JSONL for awkward values, round trips through CSV and Parquet, atomic files."""

from __future__ import annotations

import json
import os
import stat

import numpy as np
import pandas as pd
import pytest

from synth.writers import AtomicOutput, CsvWriter, ParquetWriter, jsonl_text


def awkward_frame() -> pd.DataFrame:
    return pd.DataFrame({
        "n": [1, 2, 3],
        "text": ['引号"与\\反斜杠', "换行\n制表\t响铃\x07", None],
        "x": [1.5, float("nan"), 36.6],
        "nested": [[1, "二"], {"键": "值"}, None],
        "flag": [True, False, True],
    })


def test_jsonl_round_trips_awkward_values():
    frame = awkward_frame()
    lines = jsonl_text(frame).splitlines()
    assert len(lines) == 3
    back = [json.loads(line) for line in lines]
    assert [list(b) for b in back] == [list(frame.columns)] * 3
    assert back[0]["text"] == frame.text[0] and back[1]["text"] == frame.text[1] and back[2]["text"] is None
    assert back[1]["x"] is None and back[2]["x"] == 36.6
    assert back[0]["nested"] == [1, "二"] and back[1]["nested"] == {"键": "值"}
    assert back[1]["flag"] is False
    assert "\\u" not in lines[0]  # Chinese is written as UTF-8, not escaped


def test_csv_and_parquet_keep_nested_cells(tmp_path):
    frame = awkward_frame()
    with open(tmp_path / "a.csv", "wb") as handle:
        writer = CsvWriter(handle, list(frame.columns))
        writer.write(frame)
        writer.write(frame)
        writer.close()
    back = pd.read_csv(tmp_path / "a.csv")
    assert len(back) == 6 and json.loads(back.nested[1]) == {"键": "值"}
    with open(tmp_path / "a.parquet", "wb") as handle:
        writer = ParquetWriter(handle, [])
        writer.write(frame.drop(columns="nested"))
        writer.close()
    assert pd.read_parquet(tmp_path / "a.parquet").text.tolist()[:2] == frame.text.tolist()[:2]


def test_atomic_output_appears_only_on_success_with_normal_permissions(tmp_path):
    target = tmp_path / "out.jsonl"
    with pytest.raises(RuntimeError):
        with AtomicOutput(target) as handle:
            handle.write(b"partial")
            raise RuntimeError("boom")
    assert list(tmp_path.iterdir()) == []
    with AtomicOutput(target) as handle:
        handle.write(b"whole\n")
    assert target.read_bytes() == b"whole\n"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]


def test_generated_frames_can_be_saved_with_pandas(tmp_path):
    import synth

    frame = synth.generate("persons", 50, seed=1)
    frame.to_parquet(tmp_path / "p.parquet")  # the generation report in attrs must not break pandas' writers
    assert pd.read_parquet(tmp_path / "p.parquet").id_number.tolist() == frame.id_number.tolist()


def test_parquet_widens_its_schema_for_keys_and_values_first_seen_in_a_later_batch(tmp_path):
    # A review aspect or dialogue slot first met in batch 3 used to be dropped silently by Arrow's conversion
    # under the first batch's schema; an all-empty column in batch 1 made later text unwritable.
    batches = [pd.DataFrame({"n": [1, 2], "slots": [{"a": "1"}, {"a": "2"}], "note": [None, None]}),
               pd.DataFrame({"n": [3], "slots": [{"b": "新"}], "note": ["文字"]}),
               pd.DataFrame({"n": [4], "slots": [{"a": "4", "c": "再"}], "note": [None]})]
    with open(tmp_path / "w.parquet", "w+b") as handle:
        writer = ParquetWriter(handle, [])
        writer.metadata = {"seed": 7}
        for batch in batches:
            writer.write(batch)
        writer.close()
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "w.parquet")
    rows = table.to_pylist()
    assert [{k: v for k, v in row["slots"].items() if v is not None} for row in rows] == \
        [{"a": "1"}, {"a": "2"}, {"b": "新"}, {"a": "4", "c": "再"}]
    assert [row["note"] for row in rows] == [None, None, "文字", None]
    assert json.loads(table.schema.metadata[b"synth"]) == {"seed": 7}


def test_parquet_output_keeps_every_dialogue_slot_with_small_batches(tmp_path):
    import subprocess
    import sys

    import pyarrow.parquet as pq

    common = [sys.executable, "-m", "synth", "generate", "dialogues", "-n", "120", "--seed", "3", "--batch-size", "4"]
    subprocess.run(common + ["-o", str(tmp_path / "d.parquet")], check=True)
    subprocess.run(common + ["-o", str(tmp_path / "d.jsonl")], check=True)
    from_jsonl = [json.loads(line)["slots"] for line in (tmp_path / "d.jsonl").read_text(encoding="utf-8").splitlines()]
    from_parquet = [{k: v for k, v in row.items() if v is not None}
                    for row in pq.read_table(tmp_path / "d.parquet").column("slots").to_pylist()]
    assert len({key for slots in from_jsonl for key in slots}) > len(from_jsonl[0])  # later batches add keys
    assert from_parquet == [{k: v for k, v in slots.items() if v is not None} for slots in from_jsonl]
