"""The fused walk of the turn-walking rules (verdicts.py) gives the same verdicts as each rule's own function."""

from __future__ import annotations

import copy
import datetime as dt

import numpy as np
import pytest

import synth
from synth.registry import get_domain
from synth.domains.dialogues import verdicts
from synth.domains.dialogues.rules import FUSED

OPTIONS = {"as_of": dt.date(2025, 1, 1)}


def both_readings(columns: dict) -> tuple[dict, dict]:
    """Each fused rule's verdicts run alone and read from the fused walk's bits."""
    bits = verdicts.verdicts_field(None, *(columns[c] for c in ("slots", "turns", "text", "acts", "n_turns")))
    rules = [r for r in get_domain("dialogues").rules if r.name in FUSED]
    alone = {r.name: np.asarray(r.check(columns, OPTIONS)) for r in rules}
    fused = {r.name: np.asarray(r.check({**columns, "_verdicts": bits}, OPTIONS)) for r in rules}
    return alone, fused


def spoiled(turns: list, k: int) -> list:
    """The turns with one planted fault, of a kind chosen by k (each breaks one or more of the fused rules)."""
    turns = copy.deepcopy(turns)
    at = k // 9 % len(turns)
    kind = k % 9
    if kind == 0:   # a slot said wrong
        said = next((t for t in turns if t["slots_mentioned"]), turns[at])
        for name in said["slots_mentioned"]:
            said["slots_mentioned"][name] = "9" + said["slots_mentioned"][name]
    elif kind == 1:   # a speaker swapped
        turns[at]["role"] = "agent" if turns[at]["role"] == "customer" else "customer"
    elif kind == 2:   # a turn said twice (the agent tells its topics again, the run of one speaker grows)
        turns.insert(at, copy.deepcopy(turns[at]))
    elif kind == 3:   # a question left unanswered
        turns[at]["act"], turns[at]["question"] = "ask_followup", "how_long"
    elif kind == 4:   # an ask for what was given
        given = [n for t in turns if t["role"] == "customer" for n in t["slots_mentioned"]]
        turns[at].update(act="ask_info", role="agent", slots_requested=given[:1] or ["order_no"])
    elif kind == 5:   # impatience straight after an explanation
        turns[at].update(act="impatient", role="customer")
    elif kind == 6:   # a customer reaction that fits nothing the agent did
        turns[at].update(role="customer", told=list(turns[at]["told"]) + ["react:no_such_reaction"])
    elif kind == 7:   # a remedy before any photos were seen
        turns[at]["told"] = list(turns[at]["told"]) + ["step:remedy"]
    else:   # a turn lost
        del turns[at]
    return turns


def test_fused_walk_agrees_with_each_rule_on_generated_and_planted_dialogues():
    df = synth.generate("dialogues", 1500, seed=41)
    columns = {c: df[c].to_numpy() for c in df.columns}
    alone, fused = both_readings(columns)
    for name in FUSED:
        assert alone[name].all() and (alone[name] == fused[name]).all(), name
    bad = {c: v.copy() for c, v in columns.items()}
    for row in range(len(df)):
        bad["turns"][row] = spoiled(columns["turns"][row], row)
    alone, fused = both_readings(bad)
    for name in FUSED:
        assert (~alone[name]).sum() >= 20, name   # the planted faults do break each rule
        assert (alone[name] == fused[name]).all(), name


def test_generation_reads_the_fused_verdicts():
    assert get_domain("dialogues").fields["_verdicts"].hidden
    columns = {name: None for name in ("slots", "turns", "text", "acts", "n_turns")}
    rule = next(r for r in get_domain("dialogues").rules if r.name == "roles_alternate")
    verdict = rule.check({**columns, "_verdicts": np.array([0, 1 << FUSED.index("roles_alternate"), 1])}, OPTIONS)
    assert verdict.tolist() == [True, False, True]


def test_the_c_walk_is_built_where_the_renderer_is():
    from synth import grammar
    assert (verdicts._cwalk is None) == (grammar._crender is None)
    assert (verdicts._turn_walk is verdicts.turn_walk) == (verdicts._cwalk is None)


def test_the_c_walk_gives_the_python_walks_verdicts_on_generated_and_planted_dialogues():
    """synth/_turnwalk.c's turn_walk against verdicts.turn_walk, turn records as generation makes them and with
    planted faults (each verdict broken many times), and on turns the walk does not take."""
    if verdicts._cwalk is None:   # SYNTH_PURE_PYTHON or no compiler: the Python walk serves generation
        return
    c_walk = verdicts._turn_walk
    df = synth.generate("dialogues", 1200, seed=43)
    broken = [0] * 7
    for row in range(len(df)):
        slots, turns, acts, n_turns = df.slots[row], df.turns[row], list(df.acts[row]), df.n_turns[row]
        truth = {k: str(v) for k, v in slots.items()} if slots else {}
        for planted in (turns, spoiled(turns, row), spoiled(turns, 5 * row + 1)):
            want = verdicts.turn_walk(truth, planted, acts, n_turns)
            got = c_walk(truth, planted, acts, n_turns)
            assert got == want and all(type(v) is bool for v in got), (row, got, want)
            broken = [b + (not v) for b, v in zip(broken, want)]
    assert min(broken) >= 50, broken   # the planted faults do break each verdict
    assert c_walk({}, [], [], 0) == verdicts.turn_walk({}, [], [], 0)
    with pytest.raises(TypeError):
        c_walk({}, [("customer", "greet")], ["greet"], 1)   # turns are records (dicts)
    with pytest.raises(KeyError):
        c_walk({}, [{"role": "customer"}], ["greet"], 1)
