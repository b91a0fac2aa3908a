"""Chats that do not all follow one skeleton (issue 12, items 2 and 6; shapes.py): a greeting-only opening, a hold
during the look-up, a wrap-up question before the close and a survey invitation are branches of the plan, each in a
sensible share of the dialogues it fits, and each consistent with the rest of the record."""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache

import pandas as pd
import pytest

import synth
from synth.domains.dialogues.export import intent_bytes
from synth.domains.dialogues.rules import outcome_agrees
from synth.domains.dialogues.shapes import LONG_LOOKUPS, opening

SECTORS = ("ecommerce", "telecom", "bank", "delivery")


@lru_cache(maxsize=None)
def frame(sector: str):
    return synth.generate("dialogues", 2000, seed=515, intent=sector)


def test_no_single_act_sequence_dominates_a_sector():
    """The commonest act sequence was 13% of e-commerce, 23% of telecom, 31% of bank and 27% of delivery
    dialogues before the shapes; a reader of 30 should not meet one skeleton most of the time."""
    for sector in SECTORS:
        df = frame(sector)
        shapes = Counter(tuple(a) for a in df.acts)
        # (12%: the follow-up after a look-up asked about half the time and the partial answer, s9-dlgS2)
        assert shapes.most_common(1)[0][1] <= 0.12 * len(df), (sector, shapes.most_common(1))
        assert len(shapes) >= 100, (sector, len(shapes))


def test_each_shape_is_in_a_sensible_share_of_the_dialogues_it_fits():
    for sector in SECTORS:
        df = frame(sector)
        acts = [list(a) for a in df.acts]
        hello = sum(a[0] == "greet_only" for a in acts) / len(acts)
        assert (0.04 if sector == "bank" else 0.1) <= hello <= 0.35, (sector, hello)
        # (the hold and its ping: test_a_ping_about_the_wait_has_a_cause_and_is_not_a_pattern)
        fitting = [a for a, o in zip(acts, df.outcome) if o != "unsatisfied" and "ask_other" not in a]
        wrap = sum("anything_else" in a for a in fitting) / len(fitting)
        assert 0.1 <= wrap <= (0.5 if sector == "bank" else 0.35), (sector, wrap)   # (a bank's script asks more)
        good = [t for t, o in zip(df.turns, df.outcome) if o != "unsatisfied"]
        survey = sum("survey" in t[-1]["told"] for t in good) / len(good)
        # (shapes.SURVEY_RATE 0.1 since reading 18 heard the invitation in 7 of 30 chats: the floor moved with it)
        assert 0.05 <= survey <= 0.35, (sector, survey)


def test_a_ping_about_the_wait_has_a_cause_and_is_not_a_pattern():
    """Reading 14: the customer pinged about the wait (还在吗？/有人吗？？/好了没) in 8 of 30, after any look-up, even
    one on the agent's own screen (a 价保 quote). A ping (hold_ping, or impatient) now comes only where there is a
    wait to ping about: a long look-up of another party's record (shapes.LONG_LOOKUPS: the ping during the hold,
    or the urging before the agent's first answer) or a fix that failed; in 2-15% of a sector's dialogues; and it
    falls in more than one place."""
    where = Counter()
    for sector in SECTORS:
        df = frame(sector)
        pinged = 0
        for intent, acts in zip(df.intent, df.acts):
            acts = list(acts)
            pings = [k for k, a in enumerate(acts) if a in ("hold_ping", "impatient")]
            pinged += bool(pings)
            assert len(pings) <= 1, acts
            for k in pings:
                after_fix = acts[k - 1] == "report_failed"
                assert after_fix or (intent in LONG_LOOKUPS and "check" in acts[k - 1:k + 2]), (intent, acts)
                where[acts[k] if not after_fix else "after_fix"] += 1
        assert 0.02 <= pinged / len(df) <= 0.15, (sector, pinged / len(df))
    assert len(where) == 3 and min(where.values()) >= 10, where


def test_each_shape_is_said_where_the_plan_puts_it():
    for sector in SECTORS:
        df = frame(sector)
        for turns, outcome in zip(df.turns, df.outcome):
            acts = [t["act"] for t in turns]
            if acts[0] == "greet_only":
                # a greeting only: no problem, no identifier; the agent asks what it is; the problem follows with
                # no second hello
                assert acts[1:3] == ["ask_need", "describe_problem"], acts
                assert len(turns[0]["text"]) <= 12 and not turns[0]["slots_mentioned"], turns[0]["text"]
                assert re.search("？|请说", turns[1]["text"]) and not re.match("你好|您好|在吗|hello", turns[2]["text"]), turns[:3]
            if "hold_ping" in acts:
                k = acts.index("hold_ping")
                assert acts[k - 1] == "check" and acts[k + 1] == "inform", acts
                assert re.search("稍|时间|分钟", turns[k - 1]["text"]), turns[k - 1]["text"]
                assert re.search("久等|等了一会儿|抱歉|不好意思|耐心", turns[k + 1]["text"][:16]), turns[k + 1]["text"]
                # (read_dlg2: 你好人还在吗 and 亲人还在吗 glued, #27 #30; 查到了吗？ answered 在的，…, #7)
                assert not re.search("(你好|亲)人还在", turns[k]["text"]), turns[k]["text"]
                if turns[k + 1]["text"].startswith("在的"):
                    # (再 for 在: the customer's typo, typos.py)
                    assert re.search("([在再]吗|[在再]不[在再]|人呢|有人吗)？$", turns[k]["text"]), turns[k:k + 2]
            if "anything_else" in acts:
                assert acts[-3:] == ["anything_else", "no_more", "close"] and outcome != "unsatisfied", acts
                assert "ask_other" not in acts and re.search("还有", turns[-3]["text"]), turns[-3]["text"]
                assert not re.search("还有(别的|其他)[^，。]*吗？", turns[-1]["text"]), turns[-1]["text"]   # not asked twice
            assert ("survey" in turns[-1]["told"]) == bool(re.search("评价|打个?分|满意度", turns[-1]["text"])), turns[-1]


def test_the_ending_rule_takes_a_wrap_up_only_at_the_end_of_a_good_ending():
    df = frame("ecommerce")
    k = next(i for i, a in enumerate(df.acts) if "anything_else" in a)
    acts = list(df.acts[k])
    assert outcome_agrees(df.outcome[k], acts)
    moved = acts[:-3] + ["close"]
    at = moved.index("accept")
    moved[at:at] = ["anything_else", "no_more"]   # asked before the customer has agreed to anything
    assert not outcome_agrees(df.outcome[k], moved)
    refused = next(list(a) for a, o in zip(df.acts, df.outcome) if o == "unsatisfied")
    assert outcome_agrees("unsatisfied", refused)
    assert not outcome_agrees("unsatisfied", refused[:-1] + ["anything_else", "no_more", "close"])


def test_the_intent_export_reads_the_problem_not_the_greeting():
    df = frame("telecom")
    rows = [json.loads(line) for line in intent_bytes(pd.DataFrame(
        {"turns": df.turns, "intent": df.intent, "scenario": df.scenario})).decode("utf-8").splitlines()]
    firsts = [r for r in rows if r["label"] in set(df.intent)]
    greeted = [k for k, a in enumerate(df.acts) if a[0] == "greet_only"]
    assert greeted
    texts = {r["text"] for r in firsts}
    for k in greeted:
        assert opening(df.turns[k])["text"] in texts and df.turns[k][0]["text"] not in texts


def test_a_follow_up_after_a_look_up_is_asked_about_half_the_time():
    """The middle was one spine (check -> inform -> ask_followup -> solution in 27 of 30): after the news the
    customer now asks a follow-up in about half of the look-ups; otherwise the solution follows the news at once,
    with no check turn before it (nobody speaks three times in a row). It is kept where the solution answers it."""
    for sector in SECTORS:
        df = frame(sector)
        looked = [list(a) for a in df.acts if "inform" in a]
        asked = [a for a in looked if "ask_followup" in a[a.index("inform"):]]
        assert 0.35 <= len(asked) / len(looked) <= 0.7, (sector, len(asked) / len(looked))
        for a in looked:
            k = a.index("inform")
            if "ask_followup" not in a[k:] and "hold_ping" not in a and "impatient" not in a[:k]:
                # (a disputed finding: the customer speaks after the news, leads.py)
                assert "check" not in a[:k] or a[k + 1] in ("decline", "dispute"), a
    for intent, outcome, acts in zip(frame("ecommerce").intent, frame("ecommerce").outcome, frame("ecommerce").acts):
        if intent == "product_inquiry" or (intent == "urge_shipping" and outcome == "refund_issued"):
            assert "ask_followup" in list(acts), (intent, acts)


def test_a_partial_answer_is_asked_again_for_the_rest():
    """Asked for two things, the customer sometimes sends only the first; the agent asks again for exactly what is
    missing (还需要/还差…), the customer sends it, and the diagnostic question of the first ask is not repeated."""
    for sector in ("ecommerce", "telecom", "delivery"):
        df = frame(sector)
        two = again = 0
        for turns in df.turns:
            # (a top-up order's number asked for after the look-up is no identifier: reading 15 #13)
            asks = [k for k, t in enumerate(turns) if t["act"] == "ask_info" and "order_phone" not in t["slots_requested"]]
            if not asks:
                continue
            first = turns[asks[0]]
            if len(first["slots_requested"]) < 2:
                assert len(asks) == 1
                continue
            two += 1
            if len(asks) == 1:
                continue
            again += 1
            k = asks[1]
            sent, rest = turns[asks[0] + 1], turns[k]
            assert list(sent["slots_mentioned"]) == first["slots_requested"][:1], sent
            assert rest["slots_requested"] == first["slots_requested"][1:], rest
            assert set(turns[k + 1]["slots_mentioned"]) == set(rest["slots_requested"]), turns[k + 1]
            assert not re.search("？", rest["text"]), rest["text"]   # (a request, not the first ask's question again)
        assert 0.05 <= again / two <= 0.2, (sector, again, two)   # (PARTIAL_RATE 0.12: 0.3 read as a habit)


def test_a_change_is_summed_up_and_agreed_before_it_is_carried_out():
    """An address change done in the chat: in part of them the agent sums it up after the look-up (跟您确认一下…，
    对吗？ with the new address, equal to the truth), the customer agrees, and only then is it done."""
    df = synth.generate("dialogues", 600, seed=515, intent="change_address")
    done = confirmed = 0
    for outcome, slots, turns in zip(df.outcome, df.slots, df.turns):
        acts = [t["act"] for t in turns]
        if outcome != "resolved" or "inform" not in acts:
            continue
        done += 1
        later = [k for k, a in enumerate(acts) if a == "confirm_info" and k > acts.index("inform")]
        if not later:
            continue
        confirmed += 1
        k = later[0]
        assert turns[k]["slots_mentioned"] == {"address": slots["address"]}, turns[k]
        assert turns[k]["text"].endswith("？") or "的话" in turns[k]["text"], turns[k]["text"]
        assert acts[k + 1] == "affirm" and acts[k + 2] == "propose_solution", acts
    # (45% of those with nothing asked between the news and the change: about half have a follow-up there; and
    # every forwarding from the delivery station, whose fee is agreed to first, leads.py/model.py consent)
    assert 0.15 <= confirmed / done <= 0.55, (confirmed, done)


@pytest.mark.parametrize("intent", ["change_address", "delivery"])
def test_every_stage_keeps_the_plan(intent):
    """A stage writes the same plan: no rule fails at the skeleton that holds when polished (s9-dlgS2's sum-up of
    the new address was confirmed at the skeleton before the opening had said it, and 109 of 600 address changes
    were regenerated there with other plans)."""
    skeleton = synth.generate("dialogues", 600, seed=515, intent=intent, stage="skeleton")
    polished = synth.generate("dialogues", 600, seed=515, intent=intent)
    assert skeleton.attrs["report"]["regenerated"] == {}
    assert [list(a) for a in skeleton.acts] == [list(a) for a in polished.acts]
