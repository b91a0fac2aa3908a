"""Mood and satisfaction that follow the conversation (issue 12, reading 14: #11 a full 580 refund given at once and
then 唉，那就这样吧，别再拖了; #10 a complaint ticket nobody asked for; #25/#28 优先恢复/加急 promised during an
area-wide outage, and 那我现在怎么办？ answered with the repair time again)."""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

import synth
from synth.domains.dialogues.rules import GRUDGE_CAUSES, GRUDGING, mood_has_a_cause, satisfaction_agrees


@lru_cache(maxsize=None)
def frame(intent: str = "", n: int = 3000, seed: int = 2718):
    return synth.generate("dialogues", n, seed=seed, **({"intent": intent} if intent else {}))


def test_a_grudge_has_a_cause_in_the_plan():
    """No 行吧/唉/别再拖了 from a customer who was given what they asked at once, even after urging the agent; the
    grudges that remain follow a push-back, a refusal, a handover or less than asked; satisfaction still agrees."""
    df = frame()
    urged_then_served = grudged = 0
    for intent, outcome, sat, acts, turns in zip(df.intent, df.outcome, df.satisfaction, df.acts, df.turns):
        acts = list(acts)
        assert mood_has_a_cause(intent, outcome, acts, turns), "\n".join(t["text"] for t in turns)
        assert satisfaction_agrees(outcome, sat, acts, intent)
        if "impatient" in acts and not GRUDGE_CAUSES.intersection(acts):
            urged_then_served += 1
        grudged += any(t["act"] == "accept" and GRUDGING.search(t["text"]) for t in turns)
    assert urged_then_served >= 20 and grudged >= 50, (urged_then_served, grudged)


def test_the_rule_catches_a_grumble_after_a_full_remedy():
    turns = [{"act": "describe_problem", "text": "降价了能价保吗"}, {"act": "propose_refund", "text": "这单能退580元"},
             {"act": "accept", "text": "唉，那就这样吧，别再拖了"}, {"act": "close", "text": "有问题再找我！"}]
    acts = [t["act"] for t in turns]
    assert not mood_has_a_cause("price_protect", "refund_issued", acts, turns)
    assert mood_has_a_cause("price_protect", "refund_issued", acts[:2] + ["push_back"] + acts[2:], turns)


def test_an_area_outage_gets_a_remedy_for_now_not_a_priority():
    df = frame("broadband", 2000, 31)
    area = [t for t in df.text if re.search("抢修|维修人员(在现场|正在修)", t)]   # (an area outage's news)
    assert len(area) > 50
    for text in area:
        assert not re.search("优先恢复|登记了加急", text), text
    answered = [t for t in area if "现在怎么办" in t]
    assert len(answered) > 10
    for text in answered:
        k = text.index("现在怎么办")
        assert re.search("热点|流量包", text[k:]), text


def test_a_complaint_ticket_only_when_asked_for():
    df = frame("ecommerce", 3000, 77)
    for turns in df.turns:
        customer = "".join(t["text"] for t in turns if t["role"] == "customer")
        for t in turns:
            if t["role"] == "agent" and re.search("投诉工单|登记了[^，。]*投诉", t["text"]):
                assert "投诉" in customer, "\n".join(x["text"] for x in turns)
