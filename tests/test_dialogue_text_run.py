"""stages._text_run (synth/_scan.c's text_run where built) answers as the Python function does."""

from __future__ import annotations

import itertools

from synth.domains.dialogues import stages
from synth.engine import compute_blocks, make_request
from synth.registry import get_domain


def test_text_run_as_python_joins_the_free_text():
    pieces = [("", "text", ""), ("好的，", "text", "greet"), ("SF123", "slot", "tracking_no"), ("。", "text", ""),
              ("😀", "text", "typo"), ("x", "textual", ""), ("y", "tex", "")]
    combos = [list(c) for n in range(4) for c in itertools.product(pieces, repeat=n)]
    answers = [stages._text_run(c) for c in combos]
    assert answers == [stages._text_run_python(c) for c in combos]
    assert answers.count(None) > 0 and sum(1 for a in answers if a) > 0
    assert stages._text_run([("好的，", "text", ""), ("稍等", "text", "")]) == "好的，稍等"
    assert stages._text_run([("好的", "text", ""), ("1", "slot", "x")]) is None
    columns = compute_blocks(make_request(get_domain("dialogues"), 11, 0, 200, None, {}), 0, 1)
    u = [0.37] * 64
    turns = [t for plan in columns["_plan"][:200] for t in stages.fill(plan, u)]
    assert [stages._text_run(t.segs) for t in turns] == [stages._text_run_python(t.segs) for t in turns]
    assert any(stages._text_run(t.segs) is None for t in turns) and any(stages._text_run(t.segs) for t in turns)
