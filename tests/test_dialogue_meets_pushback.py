"""Issue 12, reading 15 (seed 40917): the agent meets what the customer says.

A push-back gets a new move (a reason, an honest "cannot", a next step), never the same window or hours again; a
fee on the account the agent reads is told by the agent, not first by the customer."""

from __future__ import annotations

import re
from functools import lru_cache

import synth

WINDOW = re.compile(r"\d{1,2}点到\d{1,2}点")
FEE = re.compile("违约金|滞纳金")


@lru_cache(maxsize=None)
def frame(intent: str, n: int = 1500, seed: int = 40917):
    return synth.generate("dialogues", n, seed=seed, intent=intent)


def last_agent_before(turns, k):
    return next((turns[j] for j in range(k - 1, -1, -1) if turns[j]["role"] == "agent"), None)


def test_a_visit_window_pushed_back_on_is_not_offered_again():
    """#12: 明天才来？ answered with the same 2-4pm slot: the reply says what is new (today's slots are full, a freed
    one is phoned through) and keeps the booked visit without restating its time."""
    met = 0
    for turns in frame("broadband").turns:
        for k, t in enumerate(turns[:-1]):
            if t["act"] != "push_back" or turns[k + 1]["role"] != "agent":
                continue
            before = last_agent_before(turns, k)
            windows = set(WINDOW.findall(before["text"])) if before else set()
            if not windows:
                continue
            met += 1
            reply = turns[k + 1]["text"]
            assert not windows & set(WINDOW.findall(reply)), (before["text"], t["text"], reply)
            if turns[k + 1]["act"] == "escalate":
                assert re.search("排满|约满", reply), reply
    assert met > 30


def test_a_late_fee_on_the_account_is_told_by_the_agent_who_reads_it():
    """#21: the customer's 你们已经给我收了违约金 was the first word of a fee the agent, with the account open, never
    named, after 到账后一般不算逾期: a fee the customer raises after the opening was said by the agent before."""
    raised = 0
    for turns in frame("repayment_not_posted", 3000).turns:
        opening = next(k for k, t in enumerate(turns) if t["act"] == "describe_problem")
        if FEE.search(turns[opening]["text"]):
            continue
        for k in range(opening + 1, len(turns)):
            t = turns[k]
            if t["role"] == "customer" and FEE.search(t["text"]):
                raised += 1
                told = [u for u in turns[opening + 1:k] if u["role"] == "agent" and FEE.search(u["text"])]
                assert told, [u["text"] for u in turns]
                break
    assert raised > 20
