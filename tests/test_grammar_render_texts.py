"""Grammar.render_texts (many renders of one symbol and env from one entry) against one Grammar.render per row,
with the C renderer and the Python one."""

from __future__ import annotations

import random

import pytest

from synth import grammar as G
from synth.grammar import Grammar, uniform_source


@pytest.fixture(autouse=True, params=["c", "python"])
def renderer(request, monkeypatch):
    if request.param == "python":
        monkeypatch.setattr(G, "_crender", None)
    return request.param


GRAMMAR = """
opening if who=患儿:
    患儿<span>前(无明显诱因|受凉后)出现{sym}(，伴<extra>|)
opening if who=患者:
    患者<span>前出现{sym}(，<extra>|)(。|，来诊。)
span:
    {dur}(天|日)
    3 | 约{dur}天
extra:
    发热
    咳嗽
    2 | 流涕(及鼻塞|)
"""


@pytest.mark.parametrize("who", ["患儿", "患者"])
def test_render_texts_is_render_per_row(who):
    g = Grammar.from_text(GRAMMAR)
    env = {"who": who, "sym": "{sym}", "dur": "{dur}"}
    rng = random.Random(who)
    rows = [[rng.random() for _ in range(rng.choice((1, 2, 6)))] for _ in range(300)] + [[]]
    want = [g.render("opening", env, uniform_source(row)).text for row in rows]
    assert g.render_texts("opening", env, rows) == want
    assert len(set(want)) > 10      # the rows really choose among the alternatives
    assert g.render_texts("opening", env, []) == []
