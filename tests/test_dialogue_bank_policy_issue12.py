"""Issue 12, reading 18 (seeds 52817 and 38191): a bank dialogue tells the bank's one policy and the calendar.

A transfer from another bank posts in 1到2个工作日 (one figure for the bank, never 1到3个), told only while the
transfer is still inside those days on the chat's date; 离还款日还早 names the due date; the agent does not call a
card little used after the customer said its limit runs out each month; a second refusal of a raise names the
wait the first one named."""

from __future__ import annotations

import datetime as dt
import re
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


def test_the_rule_fails_on_reading_19s_timelines_and_channels():
    # read_dlg #29: sent Tuesday 12-17, told 一两个工作日 on Thursday 12-19 (the second working day running)
    assert not bank_policy.bank_policy_is_one("repayment_not_posted", "2024-12-19", {"pay_date": "2024-12-17"}, [
        said(AGENT, "他行转出的钱通常一两个工作日入账，转出银行扣款成功的话钱就在路上。")])
    assert bank_policy.still_clearing(dt.date(2024, 12, 17), dt.date(2024, 12, 18))
    # read_dlg #27: paid 11-03, the reminder came today (11-06), told it went out before the payment posted
    assert not bank_policy.bank_policy_is_one("repayment_not_posted", "2024-11-06", {"pay_date": "2024-11-03"}, [
        said(CUSTOMER, "我11月3日还了1494.95元，今天又收到还款提醒短信了！"),
        said(AGENT, "提醒短信在还款入账前发出的。这期还款日是11月5日。")])
    # read_dlg2 #16: 小额免密, then 在店里的POS机刷卡 for the same payment
    assert not bank_policy.bank_policy_is_one("transaction_query", "2024-12-22", {}, [
        said(AGENT, "这笔208.35元，用的是绑卡的小额免密。"),
        said(AGENT, "这笔是在店里的POS机刷卡里付的，您看看当天的购物小票。")])


def test_reminders_and_payments_read_one_channel_and_one_day():
    for intent in ("repayment_not_posted", "transaction_query"):
        df = frame(intent)
        for date, slots, turns in zip(df["date"], df["slots"], df["turns"]):
            assert bank_policy.bank_policy_is_one(intent, date, slots, turns), turns
    reminders = [turns for turns in frame("repayment_not_posted")["turns"]
                 if any("提醒" in t["text"] for t in turns if t["role"] == AGENT)]
    assert len(reminders) > 10
    for turns in reminders:   # (the reminder's hour and the posting's are both said: the explanation reads them)
        agent = " ".join(t["text"] for t in turns if t["role"] == AGENT)
        assert len(re.findall(r"(上午|下午|晚上)\d+点", agent)) >= 2, agent


def test_a_denied_charge_is_handled_as_a_compromise():
    df = frame("transaction_query", 2400)
    disputed = refused = 0
    for outcome, turns in zip(df["outcome"], df["turns"]):
        agent = [t["text"] for t in turns if t["role"] == AGENT]
        said_by_agent = ""
        for t in turns:   # (a dispute's 一两个月 is said by the agent before any customer quotes it)
            if t["role"] == AGENT:
                said_by_agent += t["text"]
            elif "一两个月" in t["text"] or "一到两个月" in t["text"]:
                assert "两个月" in said_by_agent, turns
        if outcome == "escalated":
            disputed += 1
            text = " ".join(agent)
            # (no lock the holder can undo offered for a card used by someone else; the real step is 挂失 and a new card)
            assert "自己可以解锁" not in text and "随时可以解锁" not in text and "随时能解锁" not in text, text
            assert "两个月" in text, text
            if "冻结" not in text and "止付" not in text:
                assert re.search("挂失.{0,3}补", text), text
        if outcome == "unsatisfied":
            refused += 1
            text = " ".join(agent)
            # (the denial is taken up, not 如确认未授权; the bank ends the 免密代扣 itself: one policy)
            assert "如确认" not in text and "如果确认" not in text, text
            assert "取消免密支付" not in text, text
    assert disputed > 30 and refused > 30


def test_a_higher_income_claimed_is_answered():
    # read_dlg2 #11: 我工资这两年涨了不少… met with a part granted and nothing about income; a refusal for little use
    # met it with the card's usage. Unless the raise is granted in full, the agent's answer speaks of income.
    df = frame("credit_limit", 3000)
    claimed = 0
    for slots, turns in zip(df["slots"], df["turns"]):
        if not any(t["role"] == CUSTOMER and ("工资" in t["text"] or "收入" in t["text"]) for t in turns):
            continue
        claimed += 1
        if slots.get("new_limit") == slots.get("wanted_limit"):
            continue
        agent = " ".join(t["text"] for t in turns if t["role"] == AGENT)
        assert "收入" in agent or "工资" in agent, turns
    assert claimed > 40


def test_a_locked_card_is_told_each_thing_once_and_not_by_one_script():
    # read_dlg #1: 暂时锁上了，只是暂时冻结…不是正式挂失, then 在App里随时能解除，卡找到以后在App里解锁…再转正式挂失;
    # #1 and #13 heard as one script. Each agent turn names the App once, the formal 挂失 is said once in a chat,
    # and the holder's move after the lock is one of several (bank_lock.LOCK_ASKS), each answered its own way.
    df = frame("card_loss", 3000)
    moves = set()
    locked = 0
    for turns in df["turns"]:
        agent = [t["text"] for t in turns if t["role"] == AGENT]
        if not any("临时锁" in a or "锁上了" in a or "锁住" in a for a in agent):
            continue
        locked += 1
        assert sum(a.count("正式挂失") for a in agent) <= 1, agent
        assert all(a.count("App") <= 1 for a in agent), agent
        text = " ".join(agent)
        moves.update(m for m, word in (("number", "卡号不变"), ("number", "卡号不会变"), ("autopay", "自动还款"),
                                       ("where", "最后一笔"), ("where", "最近一次"), ("tried", "卡片管理"))
                     if word in text)
    assert locked > 50 and moves == {"number", "autopay", "where", "tried"}
