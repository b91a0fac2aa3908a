"""Who leads a service chat and what goes wrong in it (issue 12 item 6; leads.py): the customer who puts the number
in the first message, and a number that finds nothing and is corrected, are plan choices with their own acts and
slots, and the rules read them."""

from __future__ import annotations

import copy
import re
from functools import lru_cache

import synth
from synth.domains.dialogues.model import TELECOM_VERIFIED
from synth.domains.dialogues.rules import slot_mentions_are_true
from synth.domains.dialogues.verdicts import walk

IDS = ("order_no", "tracking_no", "phone", "card_tail")


@lru_cache(maxsize=None)
def frame(sector: str, stage: str = "polished"):
    return synth.generate("dialogues", 2500, seed=4242, intent=sector, stage=stage)


def volunteered(df) -> float:
    """The share of dialogues that need an identifier in which the customer gives it in the first message (a bill or
    a balance is told only to the verified owner: the number is asked for with the check, as a bank always asks)."""
    need = given = 0
    for turns in df.turns[~df.intent.isin(TELECOM_VERIFIED)]:
        opening = next(t for t in turns if t["act"] == "describe_problem")
        asked = any(t["act"] == "ask_info" and set(t["slots_requested"]) & set(IDS) for t in turns)
        told = bool(set(opening["slots_mentioned"]) & (set(IDS) | {"wrong_id"}))
        if asked or told:
            need += 1
            given += told
    return given / need


def test_the_number_is_given_unasked_in_a_share_that_depends_on_the_scenario():
    """About a third of the customers paste the number into the first message, more often a courier's tracking
    number than a mobile number the chat comes from (the old model gave it in 30% of every scenario); the agent then
    asks for no identifier."""
    shares = {sector: volunteered(frame(sector)) for sector in ("ecommerce", "telecom", "delivery")}
    assert all(0.18 <= s <= 0.42 for s in shares.values()), shares
    assert shares["delivery"] - shares["telecom"] >= 0.07, shares
    for sector in ("ecommerce", "delivery"):
        for turns in frame(sector).turns:
            opening = next(t for t in turns if t["act"] == "describe_problem")
            given = set(opening["slots_mentioned"]) & set(IDS)
            assert not any(t["act"] == "ask_info" and set(t["slots_requested"]) & given for t in turns)


def slipped(sector: str, stage: str = "polished"):
    df = frame(sector, stage)
    return [(s, t, x) for s, t, x in zip(df.slots, df.turns, df.text) if "wrong_id" in s]


def test_a_number_that_finds_nothing_is_corrected_and_only_the_true_one_is_the_slot():
    for sector, slot in (("ecommerce", "order_no"), ("delivery", "tracking_no")):
        found = slipped(sector)
        assert 0.02 * 2500 <= len(found) <= 0.15 * 2500, (sector, len(found))
        for slots, turns, text in found:
            acts = [t["act"] for t in turns]
            k = acts.index("not_found")
            wrong, true = slots["wrong_id"], slots[slot]
            assert wrong != true and len(wrong) == len(true)
            assert turns[k - 1]["role"] == "customer" and turns[k - 1]["slots_mentioned"].get("wrong_id") == wrong
            assert wrong in turns[k]["text"] and turns[k]["slots_mentioned"] == {"wrong_id": wrong}
            assert turns[k + 1]["act"] == "correct_info" and turns[k + 1]["slots_mentioned"].get(slot) == true
            assert text.count(wrong) == 2
            # the look-up after the correction finds it: nothing else is asked for twice, no second not_found
            assert acts.count("not_found") == 1


OTHER_NUMBER = re.compile(r"另一|别的|家里人|上个月")   # the correction says the number was another order's or parcel's
FINDS_NOTHING = re.compile(r"没有查到|查不到|没有(任何|)(物流|订单|)信息")


def test_another_orders_number_finds_that_order_and_only_a_typo_finds_nothing():
    """Reading 20 r2 #4, #26: 错发成别的订单的号 after the agent said 没有查到订单. Another order's or parcel's number
    is a real one: the look-up shows that order or parcel; only a mistyped number finds nothing."""
    kinds = set()
    for sector in ("ecommerce", "delivery"):
        for _, turns, _ in slipped(sector):
            k = [t["act"] for t in turns].index("not_found")
            other = bool(OTHER_NUMBER.search(turns[k + 1]["text"]))
            kinds.add(other)
            assert bool(FINDS_NOTHING.search(turns[k]["text"])) != other, (turns[k]["text"], turns[k + 1]["text"])
    assert kinds == {True, False}

def test_the_skeleton_shows_the_slip():
    for slots, turns, _ in slipped("delivery", "skeleton"):
        k = [t["act"] for t in turns].index("not_found")
        assert turns[k]["text"].startswith("[查无此号") and slots["wrong_id"] in turns[k]["text"]
        assert slots["tracking_no"] in turns[k + 1]["text"]


def test_the_slot_rule_reads_the_mistaken_number_as_marked_wrong():
    """The rule accepts the mistaken number where it was given and not found, and nowhere else: said again by the
    agent later, or with no correction after it, breaks it; the fused walk agrees."""
    slots, turns, text = slipped("ecommerce")[0]
    assert slot_mentions_are_true(slots, turns, text) and walk(slots, turns, text, [t["act"] for t in turns],
                                                                len(turns))[0]
    wrong = slots["wrong_id"]
    bad = copy.deepcopy(turns)
    last = bad[-1]
    last["text"] += f"（订单{wrong}）"
    last["slots_mentioned"] = {"wrong_id": wrong}
    k = [t["act"] for t in turns].index("not_found")
    unfixed = copy.deepcopy(turns)
    unfixed[k + 1]["slots_mentioned"] = {}
    for planted in (bad, unfixed):
        planted_text = "\n".join(t["text"] for t in planted)
        assert not slot_mentions_are_true(slots, planted, planted_text)
        assert not walk(slots, planted, planted_text, [t["act"] for t in planted], len(planted))[0]
    # a mistaken number not declared as wrong_id is a false identifier
    undeclared = {k: v for k, v in slots.items() if k != "wrong_id"}
    assert not slot_mentions_are_true(undeclared, turns, text)


SUBMITTED = re.compile(r"(提交|登记)了(转寄|改派)|(开通|调好)了")


def test_a_change_that_costs_or_gives_less_is_agreed_before_it_is_carried_out():
    """A forwarding's fee is told and agreed to before the forwarding is submitted, and a temporary limit below the
    one asked for is offered and agreed to before it is opened (the old model submitted the forwarding and named its
    fee in one turn, and opened the lower limit unasked)."""
    checks = {"change_address": lambda s: True,
              "credit_limit": lambda s: "temp_end" in s and int(s["new_limit"]) < int(s["wanted_limit"])}
    for intent, fits in checks.items():
        df = synth.generate("dialogues", 1500, seed=99, intent=intent)
        seen = 0
        for slots, turns in zip(df.slots, df.turns):
            done = [k for k, t in enumerate(turns) if t["role"] == "agent" and SUBMITTED.search(t["text"])]
            if not done or not fits(slots) or (intent == "change_address" and "转寄" not in turns[done[0]]["text"]):
                continue
            seen += 1
            k = done[0]
            asked, agreed = turns[k - 2], turns[k - 1]
            assert agreed["role"] == "customer" and agreed["act"] in ("affirm", "agree"), [t["text"] for t in turns]
            assert asked["role"] == "agent" and "？" in asked["text"], asked
            if intent == "change_address":
                assert re.search(r"\d+元", asked["text"]) and not re.search(r"\d+元", turns[k]["text"]), turns[k]
            else:
                assert slots["new_limit"] in asked["text"] and slots["wanted_limit"] in asked["text"]
        assert seen >= 30, (intent, seen)
