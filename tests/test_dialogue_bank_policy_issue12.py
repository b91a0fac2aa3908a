"""Issue 12, reading 18 (seeds 52817 and 38191): a bank dialogue tells the bank's one policy and the calendar.

A transfer from another bank posts in 1到2个工作日 (one figure for the bank, never 1到3个), told only while the
transfer is still inside those days on the chat's date; 离还款日还早 names the due date; the agent does not call a
card little used after the customer said its limit runs out each month; a second refusal of a raise names the
wait the first one named."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import synth
from synth.domains.dialogues import bank_policy

AGENT, CUSTOMER = "agent", "customer"


@lru_cache(maxsize=None)
def frame(intent: str, n: int = 1200, seed: int = 61907):
    return synth.generate("dialogues", n, seed=seed, as_of=dt.date(2025, 1, 1), intent=intent)


def said(role, text):
    return {"role": role, "text": text}


def test_the_rule_fails_on_the_readings_contradictions():
    # read_dlg #16: sent Wednesday 12-25, chat Saturday 12-28: two working days gone, 1到2个工作日 told anyway
    sent = {"pay_date": "2024-12-25"}
    assert not bank_policy.bank_policy_is_one("repayment_not_posted", "2024-12-28", sent, [
        said(AGENT, "跨行转账一般1到2个工作日入账，到账后App就自动更新。")])
    assert bank_policy.bank_policy_is_one("repayment_not_posted", "2024-12-26", sent, [
        said(AGENT, "跨行转账一般1到2个工作日入账，到账后App就自动更新。")])
    # ... and 离还款日还早 with no date
    assert not bank_policy.bank_policy_is_one("repayment_not_posted", "2024-12-26", sent, [
        said(AGENT, "不会的，离还款日还早，这笔赶得上在那之前到账。")])
    # read_dlg2 #25: 1到3 where the bank says 1到2 elsewhere
    assert not bank_policy.bank_policy_is_one("repayment_not_posted", "2024-12-26", sent, [
        said(AGENT, "跨行还款入账一般需要1到3个工作日，建议您先等一等。")])
    # read_dlg #20: the customer's limit runs out each month; the agent says the card is little used
    assert not bank_policy.bank_policy_is_one("credit_limit", "2024-12-26", {}, [
        said(CUSTOMER, "9000元一到月底都不够用，能提一提吗？"),
        said(AGENT, "系统看的是平时用卡的金额和次数，您最近消费不多，所以没批。")])


def test_transfers_still_clearing_are_told_with_their_due_date():
    df = frame("repayment_not_posted")
    clearing = 0
    for date, slots, turns in zip(df["date"], df["slots"], df["turns"]):
        assert bank_policy.bank_policy_is_one("repayment_not_posted", date, slots, turns), turns
        agent = " ".join(t["text"] for t in turns if t["role"] == AGENT)
        if "清算" in agent and "违约金" not in agent and "due_date" in slots:
            clearing += 1
            assert bank_policy.still_clearing(dt.date.fromisoformat(slots["pay_date"]), dt.date.fromisoformat(date))
            assert dt.date.fromisoformat(slots["due_date"]) > dt.date.fromisoformat(date)
            if "逾期" in agent and "离还款日" not in agent:
                due = dt.date.fromisoformat(slots["due_date"])
                assert f"{due.month}月{due.day}日" in agent, agent
    assert clearing > 30


def test_a_raise_refusal_keeps_its_wait_and_the_customers_word():
    df = frame("credit_limit")
    for date, slots, turns in zip(df["date"], df["slots"], df["turns"]):
        assert bank_policy.bank_policy_is_one("credit_limit", date, slots, turns), turns
        agent = [t["text"] for t in turns if t["role"] == AGENT]
        papers = any("资料" in t and ("一周" in t or "五个工作日" in t) for t in agent)
        # (papers updated then reviewed in a week: a later 只能等三个月 contradicts it; reading 18, #29)
        assert not (papers and any("只能" in t and "三个月" in t for t in agent)), agent
