"""stages._habits_call (synth/_scan.c's say_habits where built) says the set phrases as the Python _habits does:
the same pieces and the same counts of what was said, turn after turn of one conversation."""

from __future__ import annotations

import itertools

import pytest

from synth.domains.dialogues import stages
from synth.domains.dialogues.catalogue import tables
from synth.engine import compute_blocks, make_request
from synth.registry import get_domain


def _said_both_ways(turn_segs, habit):
    fast, slow = stages._habits_call(), stages._habits_python
    said_fast, said_slow, out_fast, out_slow = {}, {}, [], []
    for segs in turn_segs:
        a, b = list(segs), list(segs)
        fast(a, habit, said_fast)
        slow(b, habit, said_slow)
        out_fast.append(a)
        out_slow.append(b)
    return out_fast, said_fast, out_slow, said_slow


@pytest.mark.parametrize("habit", [0, 987654321, (1 << 52) - 1])
def test_say_habits_as_python_on_generated_agent_turns(habit):
    columns = compute_blocks(make_request(get_domain("dialogues"), 11, 0, 200, None, {}), 0, 1)
    turns = [t for plan in columns["_plan"][:200] for t in stages.fill(plan, [0.37] * 64) if t.role == "agent"]
    out_fast, said_fast, out_slow, said_slow = _said_both_ways([t.segs for t in turns], habit)
    assert out_fast == out_slow and said_fast == said_slow
    # the phrases were said another way on some turns, and a turn with a slot value kept its pieces around it
    assert sum(a != t.segs for a, t in zip(out_fast, turns)) > len(turns) // 4
    assert any(len(a) > 1 for a in out_fast) and max(said_fast.values()) > 2


def test_say_habits_as_python_on_made_pieces():
    phrases = sorted(tables().habits)
    pieces = [("", "text", ""), (phrases[0], "text", "greet"), ("SF123", "slot", "tracking_no"),
              (phrases[-1] + "。", "text", "x"), ("😀" + phrases[len(phrases) // 2], "text", "typo"),
              (phrases[3][:-1], "text", "a"), (phrases[3][-1:] + "好", "text", "b"), ("x", "textual", "")]
    combos = [list(c) for n in range(5) for c in itertools.product(pieces, repeat=n)]
    out_fast, said_fast, out_slow, said_slow = _said_both_ways(combos, 4242)
    assert out_fast == out_slow and said_fast == said_slow
    assert [] in out_fast and any(p[1] == "slot" for a in out_fast for p in a)
