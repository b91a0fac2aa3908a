"""`synth sample` writes a deterministic, stratified spot-check sheet; `synth check --review` reads it back."""

from __future__ import annotations

import csv
import io
import json

import pytest

from synth.cli import main
from synth.quality.review import wilson
from synth.quality.sampling import allocate


def run(argv, capsys):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def people(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "people.jsonl"
    assert main(["generate", "persons", "-n", "3000", "--seed", "8", "-o", str(path)]) == 0
    return path


def read_sheet(path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8"))  # spreadsheet programs need the mark to read UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_sheet_columns_lines_and_determinism(people, tmp_path, capsys):
    a, b, c = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    assert run(["sample", people, "-n", "50", "--seed", "3", "-o", a], capsys)[0] == 0
    assert run(["sample", people, "-n", "50", "--seed", "3", "-o", b], capsys)[0] == 0
    assert run(["sample", people, "-n", "50", "--seed", "4", "-o", c], capsys)[0] == 0
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()
    rows = read_sheet(a)
    assert len(rows) == 50
    assert list(rows[0])[0] == "_line" and list(rows[0])[-2:] == ["verdict", "comment"]
    assert all(r["verdict"] == "" and r["comment"] == "" for r in rows)
    source = people.read_text(encoding="utf-8").splitlines()
    lines = [int(r["_line"]) for r in rows]
    assert lines == sorted(lines) and len(set(lines)) == 50
    for r in rows[:10]:  # each sheet row is the record on its line
        assert json.loads(source[int(r["_line"]) - 1])["id_number"] == r["id_number"]


def test_stratified_sample_covers_every_stratum_in_proportion(people, tmp_path, capsys):
    sheet = tmp_path / "s.csv"
    code, _, err = run(["sample", people, "-n", "60", "--stratify", "province", "-o", sheet], capsys)
    assert code == 0 and "fill in 'verdict'" in err
    rows = read_sheet(sheet)
    assert len(rows) == 60
    assert all(r["_stratum"] == r["province"] for r in rows)
    records = [json.loads(line) for line in people.read_text(encoding="utf-8").splitlines()]
    provinces = {r["province"] for r in records}
    assert {r["_stratum"] for r in rows} == provinces            # every province, however small
    big = max(provinces, key=lambda p: sum(r["province"] == p for r in records))
    assert sum(r["_stratum"] == big for r in rows) >= 3          # the largest gets more than one


def test_allocation():
    assert allocate({"a": 900, "b": 90, "c": 10}, 10) == {"a": 8, "b": 1, "c": 1}
    assert sum(allocate({"a": 5, "b": 5}, 100).values()) == 10
    assert allocate({"a": 50, "b": 30, "c": 20}, 2) == {"a": 1, "b": 1, "c": 0}
    assert allocate({"pos": 500, "neg": 500}, 50) == {"neg": 25, "pos": 25}


def test_jsonl_sheet_and_errors(people, tmp_path, capsys):
    sheet = tmp_path / "s.jsonl"
    assert run(["sample", people, "-n", "5", "-o", sheet], capsys)[0] == 0
    rows = [json.loads(line) for line in sheet.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 5 and rows[0]["verdict"] == ""
    assert run(["sample", people, "-n", "5", "--stratify", "nosuch", "-o", tmp_path / "x.csv"], capsys)[0] == 2
    assert run(["sample", people, "-n", "0", "-o", tmp_path / "x.csv"], capsys)[0] == 2
    assert run(["sample", people, "-n", "5", "-o", tmp_path / "x.parquet"], capsys)[0] == 2
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize("name,content,needle", [
    ("broken.jsonl", '{"text": "好"}\n{"text": "坏\n{"text": "也好"}\n', "Line 2 of"),
    ("broken.csv", 'text,label\n好,1\n坏\n也好,2\n', "Line 3 of"),
])
def test_broken_input_lines_are_refused_like_augment_refuses_them(tmp_path, capsys, name, content, needle):
    data = tmp_path / name
    data.write_text(content, encoding="utf-8")
    code, _, err = run(["sample", data, "-n", "5", "-o", tmp_path / "sheet.csv"], capsys)
    assert code == 2 and needle in err and "broken" in err
    assert not (tmp_path / "sheet.csv").exists()
    code, _, augment_err = run(["augment", data, "-o", tmp_path / "out.jsonl"], capsys)
    assert code == 2 and augment_err == err  # one reader, one sentence


def fill(sheet, verdicts: dict[int, tuple[str, str]]) -> None:
    rows = list(csv.DictReader(io.StringIO(sheet.read_bytes().decode("utf-8-sig"), newline="")))
    for i, (verdict, comment) in verdicts.items():
        rows[i]["verdict"], rows[i]["comment"] = verdict, comment
    with open(sheet, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_review_sheet_acceptance_rate(people, tmp_path, capsys):
    sheet = tmp_path / "sheet.csv"
    run(["sample", people, "-n", "50", "--stratify", "sex", "-o", sheet], capsys)
    verdicts = {i: ("通过" if i % 2 else "accept", "") for i in range(50)}
    verdicts[3] = ("reject", "地址不像真的")
    verdicts[7] = ("不通过", "名字重复")
    verdicts[9] = ("", "")  # not reviewed yet
    fill(sheet, verdicts)
    report = tmp_path / "review.json"
    code, out, _ = run(["check", "--review", sheet, "--json", report], capsys)
    assert code == 0, out  # 47 of 49 = 95.9% >= 90%
    finding = json.loads(report.read_text(encoding="utf-8"))["findings"][0]
    assert finding["section"] == "review" and finding["details"]["accepted"] == 47
    assert finding["details"]["rejected"] == 2 and finding["details"]["unreviewed"] == 1
    assert finding["lines"] == [5, 9]  # sheet lines (header is line 1)
    assert set(finding["details"]["strata"]) == {"男", "女"}
    assert "47 of 49 accepted (95.9%" in out
    code, out, _ = run(["check", "--review", sheet, "--min-acceptance", "0.97"], capsys)
    assert code == 1 and "地址不像真的" in out


def test_review_sheet_together_with_a_file_check(people, tmp_path, capsys):
    sheet = tmp_path / "sheet.csv"
    run(["sample", people, "-n", "10", "-o", sheet], capsys)
    fill(sheet, {i: ("no" if i < 5 else "yes", "") for i in range(10)})
    code, out, _ = run(["check", people, "--domain", "persons", "--review", sheet], capsys)
    assert code == 1 and "review: acceptance rate" in out and "5 of 10 accepted" in out


def test_review_sheet_errors(people, tmp_path, capsys):
    sheet = tmp_path / "sheet.csv"
    run(["sample", people, "-n", "5", "-o", sheet], capsys)
    code, _, err = run(["check", "--review", sheet], capsys)
    assert code == 2 and "no verdicts" in err
    fill(sheet, {0: ("maybe", "")})
    code, _, err = run(["check", "--review", sheet], capsys)
    assert code == 2 and "Line 2" in err and "maybe" in err
    code, _, err = run(["check", "--review", people], capsys)
    assert code == 2 and "no 'verdict' column" in err


def test_wilson_interval():
    low, high = wilson(47, 50)
    assert 0.83 < low < 0.85 and 0.97 < high < 0.99
    assert wilson(0, 0) == (0.0, 1.0)


FORMULAS = ["=HYPERLINK(\"http://example.com\",\"点我\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\tTab", "\r回车",
            "'已有引号", "普通文本", "-负面"]


def test_sheet_cells_that_would_run_as_formulas_are_neutralised_and_read_back_unchanged(tmp_path, capsys):
    data = tmp_path / "texts.jsonl"
    with open(data, "w", encoding="utf-8") as handle:
        for i, text in enumerate(FORMULAS):
            handle.write(json.dumps({"text": text, "tag": "=A1" if i % 2 else "-1", "score": -i}, ensure_ascii=False) + "\n")
    sheet = tmp_path / "sheet.csv"
    assert run(["sample", data, "-n", str(len(FORMULAS)), "--stratify", "tag", "-o", sheet], capsys)[0] == 0
    rows = read_sheet(sheet)
    by_score = {int(row["score"]): row for row in rows}  # numbers stay numbers: -3 is no formula to neutralise
    for i, text in enumerate(FORMULAS):
        cell = by_score[-i]["text"]
        assert cell == ("'" + text if text[0] in "=+-@\t\r'" else text)
        assert by_score[-i]["_stratum"] in ("'=A1", "'-1")
    # A reviewer's verdicts are read back against the sampled values, not the neutralised cells.
    fill(sheet, {i: ("reject" if i == 0 else "accept", "") for i in range(len(FORMULAS))})
    report = tmp_path / "review.json"
    run(["check", "--review", sheet, "--json", report], capsys)
    finding = json.loads(report.read_text(encoding="utf-8"))["findings"][0]
    assert set(finding["details"]["strata"]) == {"=A1", "-1"}
    first = min(by_score.values(), key=lambda row: int(row["_line"]))
    assert finding["examples"][0]["values"]["text"] == FORMULAS[-int(first["score"])]


def test_summary_counts_gates_in_proper_english(people, tmp_path, capsys):
    sheet = tmp_path / "sheet.csv"
    run(["sample", people, "-n", "5", "-o", sheet], capsys)
    fill(sheet, {i: ("accept", "") for i in range(5)})
    code, out, _ = run(["check", "--review", sheet], capsys)  # the acceptance rate is the only gate
    assert code == 0 and "PASSED: the 1 gate passed." in out and "1 gates" not in out
    fill(sheet, {i: ("reject", "") for i in range(5)})
    code, out, _ = run(["check", "--review", sheet], capsys)
    assert code == 1 and "FAILED: 1 of 1 gate." in out
    from synth.quality.console import passed_gates

    assert passed_gates(3) == "all 3 gates passed" and passed_gates(0) == "no gate applied"
