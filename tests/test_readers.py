"""Reading users' files: odd Unicode is reported by line, never a traceback; legal JSON is never split."""

from __future__ import annotations

import pytest

from synth.errors import SynthError
from synth.readers import read_records


def test_a_raw_line_separator_inside_a_json_string_stays_in_its_record(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"text":"上一句\u2028下一句","n":1}\n{"text":"第二行\x85换页","n":2}\n', encoding="utf-8")
    records = read_records(path)
    assert records.frame.text.tolist() == ["上一句\u2028下一句", "第二行\x85换页"]


def test_an_escaped_lone_surrogate_is_a_broken_line(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"text":"好"}\n{"text":"坏\\ud800"}\n{"text":"也好"}\n', encoding="utf-8")
    with pytest.raises(SynthError, match="Line 2 .* lone surrogate"):
        read_records(path)
    lenient = read_records(path, strict=False)
    assert lenient.frame.text.tolist() == ["好", "也好"]
    assert [line for line, _ in lenient.bad_lines] == [2]


def test_text_that_is_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes('{"text":"好"}\n'.encode("utf-8") + '{"text":"坏"}\n'.encode("gbk"))
    with pytest.raises(SynthError, match="not UTF-8 text \\(line 2"):
        read_records(path)
