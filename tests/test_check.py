"""`synth check`: known defects injected into otherwise valid files are found exactly (which check, which lines),
clean synth output raises no alarm, and the exit codes, JSON and HTML report behave."""

from __future__ import annotations

import datetime as dt
import json
import re

import numpy as np
import pytest

import synth
from synth import dates
from synth.cli import main
from synth.quality.duplicates import near_duplicates

# -- helpers ---------------------------------------------------------------------------------------------------


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def check(path, tmp_path, capsys, *args) -> tuple[int, dict, str]:
    report = tmp_path / "report.json"
    code, out, err = run(["check", path, "--json", report, *args], capsys)
    assert code in (0, 1), err
    return code, json.loads(report.read_text(encoding="utf-8")), out


def find(report: dict, section: str, name: str, field: str | None = None) -> dict:
    hits = [f for f in report["findings"] if f["section"] == section and f["name"] == name
            and (field is None or field in f["fields"])]
    assert len(hits) == 1, (section, name, field, [f["name"] for f in report["findings"]])
    return hits[0]


def failing(report: dict) -> set[tuple[str, str, tuple]]:
    return {(f["section"], f["name"], tuple(f["fields"])) for f in report["findings"] if f["passed"] is False}


def write_lines(path, lines: list[str]) -> None:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


# -- clean synth output: no false alarms -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def clean_people(tmp_path_factory):
    path = tmp_path_factory.mktemp("clean") / "people.jsonl"
    assert main(["generate", "persons", "-n", "20000", "--seed", "11", "-o", str(path)]) == 0
    return path


def test_clean_persons_pass_with_the_domain(clean_people, tmp_path, capsys):
    code, report, out = check(clean_people, tmp_path, capsys, "--domain", "persons")
    assert code == 0, out
    assert report["passed"] and report["records"] == 20000 and report["gates_failed"] == 0
    names = {f["name"] for f in report["findings"] if f["section"] == "rules"}
    assert names == {r["name"] for r in synth.describe("persons")["rules"]}
    for f in report["findings"]:
        if f["section"] in ("validators", "rules", "completeness", "duplicates", "input"):
            assert f["count"] == 0, f
    assert {f["fields"][0] for f in report["findings"] if f["section"] == "labels"} >= {"sex", "province"}
    assert find(report, "distributions", "values vs reference", "age")["passed"]
    assert "PASSED" in out


def test_clean_persons_pass_without_a_domain(clean_people, tmp_path, capsys):
    # The sidecar would name the domain; --no-provenance checks the file as anyone's, inferring everything.
    code, report, _ = check(clean_people, tmp_path, capsys, "--no-provenance")
    assert code == 0
    roles = {name: info["role"] for name, info in report["fields"].items()}
    assert roles["id_number"] == "id_number" and roles["phone"] == "phone" and roles["birth_date"] == "date"
    validator = find(report, "validators", "resident ID", "id_number")
    assert validator["count"] == 0 and validator["total"] == 20000
    assert "agrees with birth_date, sex, birth_province, birth_city, birth_district" in validator["doc"]


def test_clean_csv_and_parquet_pass(tmp_path, capsys):
    for suffix in ("csv", "parquet"):
        path = tmp_path / f"people.{suffix}"
        assert main(["generate", "persons", "-n", "3000", "--seed", "5", "-o", str(path)]) == 0
        code, report, out = check(path, tmp_path, capsys, "--domain", "persons")
        assert code == 0, out
        assert report["format"] == suffix


def test_masked_persons_pass_with_the_mask_option(tmp_path, capsys):
    path = tmp_path / "masked.jsonl"
    assert main(["generate", "persons", "-n", "2000", "--seed", "5", "--set", "mask=true", "-o", str(path)]) == 0
    assert check(path, tmp_path, capsys, "--domain", "persons", "--set", "mask=true")[0] == 0
    # Without --set, the options come from the file's sidecar manifest (mask=true): nothing to repeat.
    assert check(path, tmp_path, capsys, "--domain", "persons")[0] == 0
    # Ignoring the provenance, the file is declared unmasked: every ID breaks.
    code, report, _ = check(path, tmp_path, capsys, "--domain", "persons", "--no-provenance")
    assert code == 1 and find(report, "rules", "id_number_matches_person")["count"] == 2000


# -- persons with known defects ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def broken_people(tmp_path_factory):
    """2,000 valid persons, then: broken check characters, IDs that disagree with birth_date, missing fields, a
    future date, two exact duplicate records and two broken lines. Returns the path and the expected lines."""
    frame = synth.generate("persons", 2000, seed=3)
    rows = frame.to_dict("records")
    for i in (10, 20):  # wrong check character
        number = rows[i]["id_number"]
        rows[i]["id_number"] = number[:-1] + ("0" if number[-1] != "0" else "1")
    moved = []
    for i in range(30, 60):  # birth_date one day off, the age still right: only the ID disagrees
        born = dt.date.fromisoformat(rows[i]["birth_date"])
        shifted = born + dt.timedelta(days=1)
        if dates.age_at(np.array([shifted], dtype="datetime64[D]"), synth.DEFAULT_AS_OF)[0] == rows[i]["age"]:
            rows[i]["birth_date"] = shifted.isoformat()
            moved.append(i)
        if len(moved) == 3:
            break
    rows[60]["phone"] = None          # missing value
    del rows[70]["name"]              # missing key
    rows[80]["birth_date"] = "2031-05-05"  # a future date (the age and ID no longer agree either)
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines += [lines[100], lines[101]]  # exact duplicate records
    lines.insert(500, '{"person_id": "P9", "name": ')
    lines.insert(900, "not json at all")
    path = tmp_path_factory.mktemp("broken") / "people.jsonl"
    write_lines(path, lines)

    def line(row: int) -> int:  # 1-based line of original row `row` after the two insertions
        return row + 1 + (row >= 500) + (row >= 899)

    expected = {"check": [line(10), line(20)], "birth": [line(i) for i in moved], "phone": [line(60)],
                "name": [line(70)], "future": [line(80)], "duplicates": [2003, 2004], "broken": [501, 901]}
    return path, expected


def test_persons_defects_are_found_exactly(broken_people, tmp_path, capsys):
    path, expected = broken_people
    code, report, out = check(path, tmp_path, capsys, "--domain", "persons")
    assert code == 1
    assert report["records"] == 2002
    broken = find(report, "input", "broken lines")
    assert broken["lines"] == expected["broken"] and broken["count"] == 2
    assert find(report, "completeness", "missing values", "phone")["lines"] == expected["phone"]
    assert find(report, "completeness", "missing values", "name")["lines"] == expected["name"]
    date = find(report, "validators", "ISO date", "birth_date")
    assert date["lines"] == expected["future"] and date["reasons"] == {"after as_of (a future date)": 1}
    ident = find(report, "validators", "resident ID", "id_number")
    assert ident["lines"] == expected["check"] and ident["reasons"] == {"wrong check character": 2}
    rule = find(report, "rules", "id_number_matches_person")
    assert rule["lines"] == sorted(expected["check"] + expected["birth"] + expected["future"])
    assert rule["reasons"] == {"disagrees with birth_date": 4, "wrong check character": 2}
    assert find(report, "rules", "age_matches_birth_date")["lines"] == expected["future"]
    duplicates = find(report, "duplicates", "exact duplicate records")
    assert duplicates["lines"] == expected["duplicates"] and duplicates["count"] == 2
    assert sorted(duplicates["details"]["clusters"]) == [[101, 2003], [102, 2004]]
    # Nothing else is flagged.
    assert failing(report) == {
        ("input", "broken lines", ()), ("completeness", "missing values", ("phone",)),
        ("completeness", "missing values", ("name",)), ("validators", "ISO date", ("birth_date",)),
        ("validators", "resident ID", ("id_number",)), ("rules", "id_number_matches_person",
                                                       ("id_number", "birth_date", "sex", "birth_province",
                                                        "birth_city", "birth_district")),
        ("rules", "age_matches_birth_date", ("age", "birth_date")), ("duplicates", "exact duplicate records", ())}
    assert find(report, "rules", "phone_valid")["count"] == 0
    assert find(report, "validators", "mobile phone", "phone")["total"] == 2001  # the missing phone is not "invalid"
    # The printed summary lists the failing checks with counts, lines and examples.
    assert "FAILED: 8 of" in out
    assert "lines: 11, 21" in out and "wrong check character 2" in out
    assert f"e.g. line {expected['future'][0]} (after as_of (a future date))" in out


def test_without_a_domain_the_id_validator_reports_each_disagreement(broken_people, tmp_path, capsys):
    path, expected = broken_people
    code, report, _ = check(path, tmp_path, capsys)
    ident = find(report, "validators", "resident ID", "id_number")
    assert ident["lines"] == sorted(expected["check"] + expected["birth"] + expected["future"])
    assert ident["reasons"] == {"disagrees with birth_date": 4, "wrong check character": 2}
    assert not [f for f in report["findings"] if f["section"] == "rules"]


def test_gates_can_be_relaxed(broken_people, tmp_path, capsys):
    path, _ = broken_people
    code, report, _ = check(path, tmp_path, capsys, "--domain", "persons", "--max-bad-lines", "2",
                            "--max-missing-rate", "0.001", "--max-invalid-rate", "0.5%", "--max-dup-rate", "0.01")
    assert code == 0, failing(report)
    assert report["gates"]["max_invalid_rate"] == 0.005


# -- reviews-like text with known defects ------------------------------------------------------------------------
SUBJECTS = ["这部电影", "这家餐厅", "这款手机", "这本小说", "这家酒店", "这趟旅行", "这台笔记本", "这双跑鞋", "这副耳机",
            "这家咖啡馆", "这款游戏", "这个景区"]
PRAISE = ["画面非常精致", "服务特别周到", "质量超出预期", "剧情紧凑有力", "味道相当地道", "做工很扎实", "续航表现出色",
          "位置很方便", "音质清澈饱满", "性价比很高", "细节处理得好", "包装严实用心", "环境安静舒服", "物流快得惊人",
          "客服回复及时", "设计很有巧思", "手感温润细腻", "配色清新好看", "节奏把握得当", "早餐种类丰富"]
BLAME = ["画面有些粗糙", "服务态度冷淡", "质量让人失望", "剧情拖沓无聊", "味道偏咸难吃", "做工比较粗糙", "续航掉电很快",
         "位置太偏僻了", "音质发闷刺耳", "价格虚高不值", "细节经不起看", "包装破损严重", "环境嘈杂拥挤", "物流慢得离谱",
         "客服推来推去", "设计华而不实", "手感廉价松垮", "配色土气难看", "节奏乱七八糟", "早餐冷了也没人管"]
LINKS = ["另外", "而且", "同时", "还有", "再说", "此外", "说实话", "不得不说"]
ENDS = {"positive": ["下次还会再来。", "推荐给朋友们。", "总体非常满意！", "值得入手。", "会回购的。", "好评！"],
        "negative": ["不会再买了。", "不推荐。", "失望透顶！", "白花钱了。", "差评。", "再也不来了。"]}


def reviews_like(n: int, seed: int) -> list[dict]:
    """Varied reviews with sentiment, a rating that follows it and a date, all distinct (3-5 clauses each)."""
    rng = np.random.default_rng(seed)
    rows, seen = [], set()
    while len(rows) < n:
        sentiment = "positive" if len(rows) % 2 == 0 else "negative"
        pool = PRAISE if sentiment == "positive" else BLAME
        picks = rng.choice(len(pool), size=int(rng.integers(3, 6)), replace=False)
        clauses = [SUBJECTS[int(rng.integers(len(SUBJECTS)))] + pool[picks[0]]]
        clauses += [LINKS[int(rng.integers(len(LINKS)))] + pool[p] for p in picks[1:]]
        text = "，".join(clauses) + "，" + ENDS[sentiment][int(rng.integers(6))]
        if text in seen:
            continue
        seen.add(text)
        rating = int(rng.integers(4, 6)) if sentiment == "positive" else int(rng.integers(1, 3))
        date = (np.datetime64("2024-01-01") + int(rng.integers(0, 360))).astype(str)
        rows.append({"review_id": f"R{len(rows):05d}", "text": text, "sentiment": sentiment, "rating": rating,
                     "date": str(date)})
    return rows


@pytest.fixture(scope="module")
def clean_reviews():
    rows = reviews_like(600, seed=5)
    texts = [r["text"] for r in rows]
    assert near_duplicates(texts).redundant == 0  # the base really is free of near duplicates
    return rows


def test_clean_reviews_pass(clean_reviews, tmp_path, capsys):
    path = tmp_path / "reviews.jsonl"
    write_lines(path, [json.dumps(r, ensure_ascii=False) for r in clean_reviews])
    code, report, out = check(path, tmp_path, capsys, "--expect", "sentiment=positive:0.5,negative:0.5",
                              "--length", "text=10-60", "--max-text-dup-rate", "0", "--max-near-dup-rate", "0")
    assert code == 0, out
    assert report["fields"]["text"]["role"] == "text" and report["fields"]["rating"]["role"] == "rating"
    assert find(report, "rules", "rating_matches_sentiment")["count"] == 0
    diversity = find(report, "text", "diversity (characters)", "text")
    assert diversity["details"]["unit"] == "character" and 0 < diversity["value"] < 1
    assert diversity["details"]["top_ngrams"]["items"] and diversity["details"]["sentence_openings"]["items"]
    labels = find(report, "labels", "proportions vs requested", "sentiment")
    assert labels["details"]["p_value"] == 1.0 and labels["details"]["chi_square"] == 0.0


@pytest.fixture(scope="module")
def broken_reviews(clean_reviews, tmp_path_factory):
    rows = [dict(r) for r in clean_reviews]
    rows[300]["text"] = rows[5]["text"]                                   # exact duplicate text (other id)
    text = rows[7]["text"]
    rows[310]["text"] = text[:4] + ("好" if text[4] != "好" else "坏") + text[5:]  # near duplicate: one character
    rows[50]["rating"] = 1 if rows[50]["sentiment"] == "positive" else 5   # rating contradicts sentiment
    rows[51]["rating"] = 1 if rows[51]["sentiment"] == "positive" else 5
    rows[60]["text"] = rows[60]["text"] * 4                               # too long for 10-60
    rows[61]["text"] = "还行。"                                            # too short
    rows[70]["date"] = "2026-03-01"                                       # future date
    del rows[80]["sentiment"]                                             # missing field
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines.insert(200, '{"review_id": "R-broken", "text": "没写完')
    path = tmp_path_factory.mktemp("reviews") / "reviews.jsonl"
    write_lines(path, lines)

    def line(row: int) -> int:
        return row + 1 + (row >= 200)

    return path, line


def test_review_defects_are_found_exactly(broken_reviews, tmp_path, capsys):
    path, line = broken_reviews
    code, report, out = check(path, tmp_path, capsys, "--length", "text=10-60", "--max-text-dup-rate", "0",
                              "--max-near-dup-rate", "0", "--expect", "sentiment=positive:0.5,negative:0.5")
    assert code == 1
    assert find(report, "input", "broken lines")["lines"] == [201]
    assert find(report, "completeness", "missing values", "sentiment")["lines"] == [line(80)]
    assert find(report, "rules", "rating_matches_sentiment")["lines"] == [line(50), line(51)]
    length = find(report, "validators", "text length", "text")
    assert length["lines"] == [line(60), line(61)]
    assert length["reasons"] == {"longer than 60 characters": 1, "shorter than 10 characters": 1}
    assert find(report, "validators", "ISO date", "date")["lines"] == [line(70)]
    exact = find(report, "text", "exact duplicate texts", "text")
    assert exact["lines"] == [line(300)] and exact["count"] == 1
    near = find(report, "text", "near-duplicate texts", "text")
    assert near["lines"] == [line(300), line(310)] and near["details"]["threshold"] == 0.8
    clusters = {tuple(c["lines"]) for c in near["details"]["clusters"]}
    assert clusters == {(line(5), line(300)), (line(7), line(310))}
    assert find(report, "duplicates", "exact duplicate records")["count"] == 0
    assert failing(report) == {
        ("input", "broken lines", ()), ("completeness", "missing values", ("sentiment",)),
        ("rules", "rating_matches_sentiment", ("rating", "sentiment")), ("validators", "text length", ("text",)),
        ("validators", "ISO date", ("date",)), ("text", "exact duplicate texts", ("text",)),
        ("text", "near-duplicate texts", ("text",))}
    assert "Jaccard ≥ 0.8" in out


def test_default_text_gates_tolerate_a_little_duplication(broken_reviews, tmp_path, capsys):
    path, _ = broken_reviews
    _, report, _ = check(path, tmp_path, capsys)
    assert find(report, "text", "exact duplicate texts", "text")["passed"]  # 1 of 600 < 1%
    assert find(report, "text", "near-duplicate texts", "text")["passed"]   # 2 of 600 < 5%


def test_label_proportions_against_a_different_request_fail(clean_reviews, tmp_path, capsys):
    path = tmp_path / "reviews.jsonl"
    write_lines(path, [json.dumps(r, ensure_ascii=False) for r in clean_reviews])
    code, report, _ = check(path, tmp_path, capsys, "--expect", "sentiment=positive:0.8,negative:0.2")
    labels = find(report, "labels", "proportions vs requested", "sentiment")
    assert code == 1 and not labels["passed"]
    assert labels["details"]["p_value"] < 1e-10 and abs(labels["details"]["max_share_gap"] - 0.3) < 1e-9
    code, report, _ = check(path, tmp_path, capsys, "--expect", "sentiment=positive:1,negative:1,neutral:1")
    assert code == 1 and find(report, "labels", "proportions vs requested")["details"]["observed"] == {
        "negative": 300, "positive": 300}


def test_csv_rows_with_the_wrong_cell_count_are_counted(tmp_path, capsys):
    path = tmp_path / "people.csv"
    assert main(["generate", "persons", "-n", "500", "--seed", "2", "-o", str(path)]) == 0
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[10] = lines[10] + ",extra"
    lines[20] = "only,three,cells"
    write_lines(path, lines)
    code, report, _ = check(path, tmp_path, capsys, "--domain", "persons")
    assert code == 1 and failing(report) == {("input", "broken lines", ())}
    assert find(report, "input", "broken lines")["lines"] == [11, 21]
    assert report["records"] == 498


def test_a_numeric_range_and_an_enumeration(clean_reviews, tmp_path, capsys):
    rows = [dict(r) for r in clean_reviews[:100]]
    rows[3]["rating"] = 9
    rows[4]["sentiment"] = "mixed"
    path = tmp_path / "r.jsonl"
    write_lines(path, [json.dumps(r, ensure_ascii=False) for r in rows])
    code, report, _ = check(path, tmp_path, capsys, "--range", "rating=1-5", "--enum", "sentiment=positive,negative")
    assert code == 1
    assert find(report, "validators", "numeric range", "rating")["lines"] == [4]
    assert find(report, "validators", "allowed values", "sentiment")["lines"] == [5]


# -- exit code 2: bad input is one sentence, no traceback -------------------------------------------------------
@pytest.mark.parametrize("make, args, message", [
    (None, [], "does not exist"),
    ("latin", [], "not UTF-8"),
    ("empty", [], "no records"),
    ("ok", ["--domain", "nosuch"], "Unknown domain"),
    ("ok", ["--max-dup-rate", "lots"], "Expected a number"),
    ("ok", ["--max-dup-rate", "2"], "between 0 and 1"),
    ("ok", ["--expect", "nofield=a:1"], "nofield"),
    ("ok", ["--expect", "sentiment=positive"], "label:amount"),
    ("ok", ["--length", "text=abc"], "range"),
    ("ok", ["--set", "age=20-30"], "--set needs --domain"),
    ("ok", ["--domain", "persons", "--set", "age=old"], "age"),
    ("ok", ["--as-of", "yesterday"], "YYYY-MM-DD"),
])
def test_bad_input_exits_2(tmp_path, capsys, make, args, message):
    path = tmp_path / "in.jsonl"
    if make == "latin":
        path.write_bytes('{"text": "caf\xe9"}\n'.encode("latin-1"))
    elif make == "empty":
        path.write_text("\n", encoding="utf-8")
    elif make == "ok":
        write_lines(path, [json.dumps({"text": "很好，非常满意。", "sentiment": "positive"}, ensure_ascii=False)])
    code, out, err = run(["check", path, *args], capsys)
    assert code == 2, (out, err)
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_no_file_and_no_review_sheet_exits_2(capsys):
    code, _, err = run(["check"], capsys)
    assert code == 2 and "Name a file" in err


# -- the HTML report ---------------------------------------------------------------------------------------------
def test_html_report_is_one_offline_file_with_charts(broken_people, tmp_path, capsys):
    path, _ = broken_people
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    page = out_dir / "report.html"
    code, _, _ = run(["check", path, "--domain", "persons", "--report", page], capsys)
    assert code == 1
    assert [p.name for p in out_dir.iterdir()] == ["report.html"]  # one file, no temporary left over
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "</html>" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*https?://""", html, re.IGNORECASE)
    assert "http://" not in html and "https://" not in html
    assert "<script" not in html.lower() and "<link" not in html.lower() and "@import" not in html
    assert html.count("<svg") >= 8
    assert 'aria-label="age"' in html                      # the age histogram
    assert 'aria-label="province"' in html                 # label bars
    assert "reference (scaled)" in html                    # the reference overlay
    assert "id_number_matches_person" in html and "wrong check character" in html
    assert "FAILED" in html and "Duplicate clusters" in html


def test_html_report_of_texts_shows_clusters_and_diversity(broken_reviews, tmp_path, capsys):
    path, _ = broken_reviews
    page = tmp_path / "reviews.html"
    run(["check", path, "--report", page], capsys)
    html = page.read_text(encoding="utf-8")
    assert "near-duplicate texts" in html and "Text diversity" in html
    assert 'aria-label="length of text"' in html and "most common sentence openings" in html
    assert "http" not in html


def test_report_is_not_written_when_the_input_is_bad(tmp_path, capsys):
    page = tmp_path / "r.html"
    code, _, _ = run(["check", tmp_path / "missing.jsonl", "--report", page], capsys)
    assert code == 2 and not page.exists()
