"""Issue 12, reading 15 (seed 40917): the agent meets what the customer says.

A push-back gets a new move (a reason, an honest "cannot", a next step), never the same window or hours again; a
fee on the account the agent reads is told by the agent, not first by the customer."""

from __future__ import annotations

import re
from functools import lru_cache

import synth

WINDOW = re.compile(r"\d{1,2}点到\d{1,2}点")
# (a transfer still clearing on its due date is charged interest, not a 违约金, since the bank has a 3-day grace: the
# charge the customer may raise is either; bank_policy.py)
FEE = re.compile("违约金|滞纳金|利息|计息")


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


def test_a_disputed_add_on_is_cancelled_without_an_unasked_refusal_and_an_escalation_logs_a_dispute_refund():
    """#4: 我没开过啊 about an add-on got 按规则不能退 though nobody asked for money back; an escalated one got 您要的补偿
    超出了我的权限. The cancel-only dispute hears no refusal; an escalated dispute logs a 首次争议 refund."""
    frame_ = frame("bill", 3000)
    disputed = escalated = 0
    for outcome, slots, turns in zip(frame_.outcome, frame_.slots, frame_.turns):
        if "vas_name" not in slots:
            continue
        for k, t in enumerate(turns[:-1]):
            if t["act"] != "ask_followup" or not re.search("没开过|不知道开了", t["text"]):
                continue
            reply = turns[k + 1]
            if re.search("能退|退给我|退回来", t["text"]):
                continue
            disputed += 1
            assert not re.search("(不能|没法|无法)退", reply["text"]), (t["text"], reply["text"])
            if reply["act"] == "escalate":
                escalated += 1
                assert "首次争议" in reply["text"] and "补偿" not in reply["text"], reply["text"]
    assert disputed > 40 and escalated > 5


def test_a_spending_cap_stops_the_service_not_the_billing():
    """#9: 设置消费上限，超了就暂停计费 (a cap stops the data, never the charging)."""
    texts = frame("bill", 3000).text
    capped = texts[texts.str.contains("消费上限|流量封顶")]
    assert len(capped) > 20
    assert not capped.str.contains("(?:停止|暂停)计费").any()


def test_a_complaint_is_not_rated_5():
    """#30: a complaint taken care of is rated 4 at most: the customer came in wronged."""
    df = frame("complaint", 1500)
    assert df.satisfaction.max() == 4 and (df.satisfaction == 4).sum() > 100
