"""Checks that a bank's or a carrier's procedure is the one the plan chose and is told whole (procedures.py), read
from output fields only, like every rule in rules.py (which declares them): the path a dialogue runs is in its first
agent turn's `told` (`path:<name>`)."""

from __future__ import annotations

import re
from functools import lru_cache


def path_of(turns: list) -> str:
    """The procedure the plan chose (`path:<name>` in a turn's told), or "" if the record names none."""
    for turn in turns:
        for topic in turn.get("told") or ():
            if topic.startswith("path:"):
                return topic[5:]
    return ""


# 挂失补卡: a card maybe mislaid is locked for now (临时锁卡/临时冻结: reversible, same number); a card surely lost is
# reported lost (挂失: a new card, a new number). A lock dialogue names 挂失 only as the next step if the card stays
# lost (如果…找不到…办正式挂失) or as what the lock is not; a 挂失 dialogue never speaks of a lock.
LOCKED = re.compile(r"临时(锁|冻结)|锁卡|解锁|解除锁定|锁住|锁上|锁定|冻结")
SENTENCES = re.compile(r"[^。；！？]+")
IF_STILL_LOST = re.compile(r"如果|要是|的话|若|不是正式挂失")


def one_card_procedure(intent: str, turns: list) -> bool:
    """card_loss: the agent runs one procedure: on the lock path every sentence naming 挂失 is conditional (or says
    the lock is not one); on a 挂失 path no agent turn speaks of a lock or a freeze."""
    if intent != "card_loss":
        return True
    path = path_of(turns)
    for turn in turns:
        if turn["role"] != "agent":
            continue
        text = turn["text"]
        if path == "lock":
            if "挂失" in text and any("挂失" in s and not IF_STILL_LOST.search(s)
                                    for s in SENTENCES.findall(text)):
                return False
        elif path and LOCKED.search(text):
            return False
    return True


# 额度调整: a limit granted in the chat is stated as a figure (the slot new_limit); a temporary one also says the day
# it ends (temp_end). Granted at once, a raise is at most half the fixed limit again (temporary limits are commonly
# 30-50% above it; a permanent one stated as a new round figure), and never above what was asked.
GRANTED = re.compile(r"(批到|批了|批下来|给到|调到|提到|调整为|调好)[^。；]*?\d+元|额度[^。；，]{0,8}(已经|已)?生效")
MAX_RAISE = 1.5


def limit_raise_is_stated(intent: str, slots: dict, turns: list) -> bool:
    """credit_limit: an agent turn that grants a limit names the granted figure (new_limit), a temporary one its end
    date; the figure is a round one (thousands), above the fixed limit, at most MAX_RAISE times it and no more than
    what was asked."""
    if intent != "credit_limit":
        return True
    slots = slots or {}
    new = slots.get("new_limit")
    if new is not None:
        new, limit, wanted = int(new), int(slots["limit"]), int(slots["wanted_limit"])
        if not (limit < new <= min(wanted, limit * MAX_RAISE)) or new % 1000:
            return False
    for turn in turns:
        if turn["role"] == "agent" and GRANTED.search(turn["text"]):
            said = turn.get("slots_mentioned") or {}
            if new is None or said.get("new_limit") != str(new):
                return False
            if "temp_end" in slots and "temp_end" not in said:
                return False
    return True


# 流量套餐: the pack follows the usage the agent's look-up told: a 定向 (video-only) pack only once the agent said most
# of the data went to video apps; a pack that renews every month only once it said the plan runs short every month.
VIDEO_SAID = re.compile(r"(成|大部分|多半|主要)[^。；]{0,8}(视频|看视频)")
EVERY_MONTH_SAID = re.compile(r"(每个月|每月|哪个月)都(超|用超|不够)")


def pack_fits_usage(intent: str, slots: dict, turns: list) -> bool:
    """data_plan: a video-only pack is offered only after an agent turn says most data went to video apps, a
    recurring (连续包月) pack only after one says the plan runs short every month."""
    if intent != "data_plan":
        return True
    pack = (slots or {}).get("pack", "")
    need = VIDEO_SAID if "定向" in pack else EVERY_MONTH_SAID if "连续包月" in pack else None
    if need is None:
        return True
    for turn in turns:
        if turn["role"] != "agent":
            continue
        if pack in turn["text"]:
            return False   # offered before the usage was said
        if need.search(turn["text"]):
            return True
    return True


# 年费: a card's fee rule is one fact (procedures.FEE_CARDS): waived by a number of swipes a year (普卡, 金卡) or not by
# swipes at all (白金卡: points, or a year's spending). No agent line names both, and one fee figure is named.
NOT_BY_SWIPES = re.compile(r"刷卡次数?(免不了|不能免)|刷多少次卡都(免不了|不能免)|不(是|按)刷卡次数免")
SWIPES_COUNT = re.compile(r"刷(卡|)(满|够)?\d+次|刷了几次|已刷次数|刷够没有|刷卡次数(按|以)")
FEE_FIGURE = re.compile(r"年费(?:是)?(\d+)元|(\d+)元(?:的)?年费")


def fee_rule_is_one(text: str, turns: list) -> bool:
    """The agent's lines about an annual fee follow one rule: a card whose fee swipes cannot waive is never told to
    count its swipes, and one fee figure is named."""
    if "年费" not in text:
        return True
    agent = "".join(t["text"] for t in turns if t["role"] == "agent")
    if "年费" not in agent:
        return True
    if NOT_BY_SWIPES.search(agent) and SWIPES_COUNT.search(agent):
        return False
    return len({a or b for a, b in FEE_FIGURE.findall(agent)}) <= 1


# 维修: a fault that is a safety hazard (tripping the breaker, smoke, a burning smell, sparks, a swelling battery,
# water in a powered appliance) is not troubleshot: the agent says to stop using it and goes straight to a remedy.
HAZARD_SYMPTOMS = re.compile(r"跳闸|冒烟|烧焦|焦味|火花|鼓包|漏电")
STOP_USING = re.compile(r"停止使用|别再用|不要再(插电|通电|用)")
REMEDY = re.compile(r"换(新|一)|退货|退款|寄回|寄修|检测|维修|上门")


def hazard_stops_tests(intent: str, turns: list) -> bool:
    """repair: where the customer's opening names a hazard, no troubleshooting step is asked for, the agent's first
    turn after the order is identified says to stop using it, and an agent turn names a remedy (a replacement, a
    return, an inspection or a repair)."""
    if intent != "repair" or not turns or not HAZARD_SYMPTOMS.search(turns[0]["text"]):
        return True
    if any(t["act"] == "troubleshoot" for t in turns):
        return False
    agent = [t for t in turns if t["role"] == "agent" and t["act"] not in ("ask_info", "confirm_info", "check",
                                                                            "ask_need", "not_found")]
    return bool(agent) and bool(STOP_USING.search(agent[0]["text"])) and \
        any(REMEDY.search(t["text"]) for t in agent)


# 还款未到账, paid to a wrong card number: the card bank never got the money and is no party to the transfer. Only
# the remitting bank (转出银行) raises an enquiry or a return (退汇) with the receiving bank; a number that does not
# exist comes back by itself. So the dialogue is not escalated, and every agent sentence naming the receiving bank
# names the remitting bank as the one that deals with it (never 专员…联系收款行, reading 15 #14).
RECEIVING_BANK = re.compile(r"收款行|收款方的银行|对方银行")
REMITTING_BANK = re.compile(r"转出银行|转出行|付款银行|退回(您的|原)")


def wrong_transfer_told_by_remitter(intent: str, outcome: str, turns: list) -> bool:
    """repayment_not_posted on the wrong_account path: not escalated, and each agent sentence that names the
    receiving bank also names the remitting bank (or the return to the customer's account)."""
    if intent != "repayment_not_posted" or path_of(turns) != "wrong_account":
        return True
    if outcome == "escalated":
        return False
    return all(REMITTING_BANK.search(s) for t in turns if t["role"] == "agent"
               for s in SENTENCES.findall(t["text"]) if RECEIVING_BANK.search(s))


def order_read_by_customer(intent: str, slots: dict, turns: list) -> bool:
    """recharge_missing: the number typed into a third party's top-up order (slot order_phone) is said by the agent
    only after the customer read it off the payment record (a carrier sees no WeChat or Alipay order: reading 15
    #13)."""
    if intent != "recharge_missing" or not slots or "order_phone" not in slots:
        return True
    number = str(slots["order_phone"])
    for turn in turns:
        if number in turn["text"]:
            return turn["role"] == "customer"
    return True


# 挂失补卡 for a customer who has moved (the card's mailing declined: decline_offer): the address cannot be changed
# online, so the new card picked up at a branch near them is offered before the refusal stands (reading 15 #25).
BRANCH_PICKUP = re.compile(r"网点(领取|领卡|领|取卡)")


def branch_offered_when_not_posted(intent: str, turns: list) -> bool:
    """card_loss: once the customer declined the card's posting to the address on file, a later agent turn offers
    the pick-up at a branch."""
    if intent != "card_loss":
        return True
    declined = False
    for turn in turns:
        if turn["act"] == "decline_offer":
            declined = True
        elif declined and turn["role"] == "agent" and BRANCH_PICKUP.search(turn["text"]):
            return True
    return not declined


# 额度调整: a request refused before anything is submitted (the card too new, or adjusted too recently: 现在提交会直接
# 驳回, 还申请不了) is not then spoken of as an application turned down (这次没能批下来, 没有通过): reading 15, #24.
NOT_SUBMITTED = re.compile(r"不会受理|直接驳回|会被退回|直接退回|还(申请|调|办)不了|还不能申请|提交不了|不受理|收不了")
TURNED_DOWN = re.compile(r"没能批|没有批|没批|(没有|没能|未)通过|批不下来")


def limit_refusal_is_what_it_is(intent: str, turns: list) -> bool:
    """credit_limit: an agent that said the request cannot be submitted yet never says it was turned down."""
    if intent != "credit_limit":
        return True
    agent = [t["text"] for t in turns if t["role"] == "agent"]
    return not (any(NOT_SUBMITTED.search(x) for x in agent) and any(TURNED_DOWN.search(x) for x in agent))


# 维修: a fault that comes and goes (faults.tsv watch=yes: 老是自动重启, 一天好几次) cannot be seen to be fixed in the
# chat: no customer turn reports a step worked (真的好了) in a repair whose opening names such a fault; the customer
# agrees to try and watch (reading 15, #5).
@lru_cache(maxsize=1)
def _watched_problems() -> tuple:
    from .catalogue import tables
    return tuple(row["problem"] for row in tables().fault_table if row.get("watch") == "yes")


def watched_fault_not_reported_fixed(intent: str, turns: list) -> bool:
    """repair: an opening naming a fault that comes and goes is never followed by report_worked."""
    if intent != "repair" or not turns:
        return True
    opening = next((t["text"] for t in turns if t["act"] == "describe_problem"), "")
    if not any(p in opening for p in _watched_problems()):
        return True
    return not any(t["act"] == "report_worked" for t in turns)
