"""Issue 12: the agent's lines heed what the customer said before them (rules.py agent_heeds_the_customer). Each
contradiction the reader found is planted into generated dialogues and fails the rule; 3,000 generated dialogues of
the intents it reads hold it, and contain the situations it is about (a customer who restarted the modem, a price
asked for a new plan)."""

from __future__ import annotations

import copy
import datetime as dt
from functools import lru_cache

import numpy as np

import synth
from synth.domains.dialogues.shapes import opening
from synth.domains.dialogues.rules import PRICE_CHANGE, RESTARTED, agent_heeds_the_customer
from synth.registry import get_domain

OPTIONS = {"as_of": dt.date(2025, 1, 1)}


@lru_cache(maxsize=None)
def frame(intent: str):
    return synth.generate("dialogues", 1000, seed=2718, intent=intent)


def rule():
    return next(r for r in get_domain("dialogues").rules if r.name == "agent_heeds_the_customer")


def holds(df) -> np.ndarray:
    return np.asarray(rule().check({c: df[c].to_numpy() for c in df.columns}, OPTIONS))


def first(df, wanted) -> int:
    return next(k for k, turns in enumerate(df.turns) if wanted(turns))


def said_restarted(turns) -> bool:
    return RESTARTED.search(opening(turns)["text"]) is not None


def test_a_restart_asked_for_after_the_customer_did_it_fails():
    df = frame("broadband")
    k = first(df, lambda turns: said_restarted(turns) and any(t["act"] == "troubleshoot" for t in turns))
    turns = copy.deepcopy(df.turns[k])
    step = next(t for t in turns if t["act"] == "troubleshoot")
    assert agent_heeds_the_customer("broadband", df.slots[k], turns)
    step["text"] = "您先把光猫电源拔掉，等一分钟再插上。" + step["text"]
    assert not agent_heeds_the_customer("broadband", df.slots[k], turns)
    # the same request to a customer who has not restarted anything is a first step, not a contradiction
    fresh = [dict(t, text="家里宽带上不了网") if t["act"] == "describe_problem" else t for t in turns]
    assert agent_heeds_the_customer("broadband", df.slots[k], fresh)


def test_a_phone_restart_for_a_top_up_fails():
    df = frame("recharge_missing")
    k = first(df, lambda turns: any(t["act"] == "propose_solution" for t in turns))
    turns = copy.deepcopy(df.turns[k])
    assert agent_heeds_the_customer("recharge_missing", df.slots[k], turns)
    next(t for t in turns if t["act"] == "propose_solution")["text"] += "还没变的话把手机重启一次再看。"
    assert not agent_heeds_the_customer("recharge_missing", df.slots[k], turns)


def test_a_price_before_the_plan_is_named_fails():
    df = frame("data_plan")
    k = first(df, lambda turns: any(PRICE_CHANGE.search(t["text"]) for t in turns))
    turns = copy.deepcopy(df.turns[k])
    plan = df.slots[k]["new_plan"]
    assert agent_heeds_the_customer("data_plan", df.slots[k], turns)
    for turn in turns:   # the plan's name taken out of every turn before the price
        if turn["role"] == "agent" and not PRICE_CHANGE.search(turn["text"]):
            turn["text"] = turn["text"].replace(plan, "这个套餐")
    assert not agent_heeds_the_customer("data_plan", df.slots[k], turns)


def test_generated_dialogues_heed_the_customer():
    counts = {}
    for intent in ("broadband", "recharge_missing", "data_plan"):
        df = frame(intent)
        ok = holds(df)
        assert ok.all(), df.text[int(np.flatnonzero(~ok)[0])]
        counts[intent] = sum(1 for turns in df.turns if said_restarted(turns) or
                             any(PRICE_CHANGE.search(t["text"]) for t in turns))
    # the rule had something to read: customers who restarted first, prices asked for a new plan
    # (a price is asked after about half of the plan look-ups: the others accept the plan its name prices)
    assert counts["broadband"] >= 150 and counts["data_plan"] >= 70, counts
