"""`synth augment`: formats, kept fields, originals, determinism across workers, one-sentence errors, no output."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from synth.cli import main

DATA = Path(__file__).parent / "data"
SENTENCES = [line.strip() for line in (DATA / "review_sentences.txt").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]


def write_jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def reviews_jsonl(tmp_path):
    records = [{"id": i, "text": text, "label": "positive" if i % 2 else "negative", "score": i / 10}
               for i, text in enumerate(SENTENCES[:40])]
    return write_jsonl(tmp_path / "in.jsonl", records)


def read_jsonl(path: Path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_jsonl_keeps_fields_adds_provenance_and_keeps_originals(reviews_jsonl, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["augment", str(reviews_jsonl), "--field", "text", "-n", "3", "--ops", "synonym,restructure,expand",
                 "--seed", "1", "-o", str(out)]) == 0
    rows = read_jsonl(out)
    originals = [r for r in rows if r["augmented_from"] is None]
    variants = [r for r in rows if r["augmented_from"] is not None]
    assert [r["text"] for r in originals] == SENTENCES[:40]
    assert all(r["aug_ops"] == "" for r in originals)
    assert len(variants) > 40
    source = read_jsonl(reviews_jsonl)
    for r in variants:
        origin = source[r["augmented_from"]]
        assert (r["id"], r["label"], r["score"]) == (origin["id"], origin["label"], origin["score"])
        assert r["text"] != origin["text"]
        assert set(r["aug_ops"].split("+")) <= {"synonym", "restructure", "expand"}
    assert list(rows[0]) == ["id", "text", "label", "score", "augmented_from", "aug_ops"]
    err = capsys.readouterr().err
    assert err.startswith("synth: made") and len(err.strip().splitlines()) == 1


def test_no_originals_and_csv_and_parquet_hold_the_same_variants(reviews_jsonl, tmp_path):
    a, b, c = tmp_path / "a.jsonl", tmp_path / "b.csv", tmp_path / "c.parquet"
    for path in (a, b, c):
        assert main(["augment", str(reviews_jsonl), "-n", "2", "--seed", "4", "--no-originals", "-o", str(path)]) == 0
    jsonl = read_jsonl(a)
    csv = pd.read_csv(b, dtype={"text": str})
    parquet = pd.read_parquet(c)
    assert all(r["augmented_from"] is not None for r in jsonl)
    assert [r["text"] for r in jsonl] == csv.text.tolist() == parquet.text.tolist()
    assert [r["augmented_from"] for r in jsonl] == csv.augmented_from.tolist() == parquet.augmented_from.tolist()


def test_csv_input_works_and_same_seed_gives_the_same_bytes_with_workers(tmp_path):
    frame = pd.DataFrame({"review": SENTENCES[:60], "stars": [1 + i % 5 for i in range(60)]})
    source = tmp_path / "in.csv"
    frame.to_csv(source, index=False)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert main(["augment", str(source), "--field", "review", "-n", "2", "--seed", "3", "-o", str(one)]) == 0
    assert main(["augment", str(source), "--field", "review", "-n", "2", "--seed", "3", "-o", str(two),
                 "--workers", "2"]) == 0
    assert one.read_bytes() == two.read_bytes()
    assert {r["stars"] for r in read_jsonl(one)} == {"1", "2", "3", "4", "5"}  # CSV cells stay text


def test_stdout_when_no_output_is_given(reviews_jsonl, capsys):
    assert main(["augment", str(reviews_jsonl), "-n", "1", "--no-originals"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(json.loads(line)["augmented_from"] is not None for line in lines)


def test_generated_reviews_with_segments_are_used(tmp_path):
    from synth.domains import reviews
    frame = reviews.generate_with_trace(30, seed=2, category=",".join(reviews.category_names()))
    source = tmp_path / "reviews.jsonl"
    write_jsonl(source, [{"text": t, "sentiment": s, "segments": [list(x) for x in segs]}
                         for t, s, segs in zip(frame.text, frame.sentiment, frame.segments)])
    out = tmp_path / "out.jsonl"
    assert main(["augment", str(source), "-n", "2", "--ops", "synonym,restructure,expand", "-o", str(out)]) == 0
    rows = read_jsonl(out)
    assert len(rows) > 30


@pytest.mark.parametrize("content,args,needle", [
    ('{"text": "很好"}\n{"text": "坏了"\n', [], "Line 2"),
    ('{"body": "很好"}\n', [], "no field 'text'"),
    ('{"text": "很好"}\n{"text": null}\n', [], "Line 2 of"),  # line numbers from 1, as in every message
    ('{"text": "很好"}\n\n{"text": null}\n', [], "Line 3 of"),  # blank lines count: it is the file's line
    ('{"text": 3}\n', [], "Line 1 of"),
    ('{"text": "坏\\ud800了"}\n', [], "surrogate"),
    ('{"text": "坏\\u0007了"}\n', [], "control character"),
    ('{"text": "很好"}\n', ["--ops", "paraphrase"], "Unknown augmentation operation"),
    ('{"text": "很好"}\n', ["-n", "0"], "at least 1"),
    ('{"text": "很好"}\n', ["-n", "four"], "whole number"),
    ('{"text": "很好"}\n', ["--alpha", "2"], "alpha"),
    ('{"text": "很好", "aug_ops": ""}\n', [], "already has a field"),
    ('', [], "holds no records"),
])
def test_bad_input_is_one_sentence_exit_2_and_no_output(tmp_path, capsys, content, args, needle):
    source = tmp_path / "in.jsonl"
    source.write_text(content, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["augment", str(source), "-o", str(out), *args]) == 2
    err = capsys.readouterr().err.strip()
    assert needle in err, err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_missing_file_and_broken_parquet(tmp_path, capsys):
    assert main(["augment", str(tmp_path / "nope.jsonl")]) == 2
    assert "does not exist" in capsys.readouterr().err
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 not really")
    assert main(["augment", str(broken), "-o", str(tmp_path / "o.jsonl")]) == 2
    assert "Parquet" in capsys.readouterr().err
    assert not (tmp_path / "o.jsonl").exists()


def test_an_error_midway_leaves_no_file(reviews_jsonl, tmp_path, monkeypatch):
    import synth.augmenters as package

    real = package.augment_rows
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) > 1:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(package, "augment_rows", failing)
    monkeypatch.setattr(package, "CHUNK", 10)
    out = tmp_path / "out.jsonl"
    assert main(["augment", str(reviews_jsonl), "-o", str(out)]) == 130
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
