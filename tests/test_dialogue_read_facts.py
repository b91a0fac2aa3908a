"""Issue 12, the eleventh reading (seed 55221): later turns read the facts earlier turns stated. A late parcel
waiting in a locker or 驿站 (model.py remedy): the push-back reads the date the agent gave and the escalation does
not look for a parcel whose place is known; a 能加急吗 is answered with the fastest way (fetch it now)."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import synth

IN_LOCKER = re.compile(r"(在|放在|放进了?)(驿站|快递柜)")
HURRY = re.compile(r"加急|快点|快一点")


@lru_cache(maxsize=None)
def frame(intent: str, n: int = 1500):
    return synth.generate("dialogues", n, seed=4242, intent=intent, as_of=dt.date(2025, 1, 1))


def station_dialogues():
    df = frame("delay")
    return [turns for turns in df.turns
            if any(t["act"] == "inform" and IN_LOCKER.search(t["text"]) for t in turns)]


def test_a_parcel_in_a_locker_is_not_looked_for_and_its_date_is_read():
    dialogues = station_dialogues()
    pushed = [t["text"] for turns in dialogues for t in turns if t["act"] == "push_back"]
    escalated = [t["text"] for turns in dialogues for t in turns if t["act"] == "escalate"]
    assert len(pushed) > 20 and len(escalated) > 10   # (the situation occurs)
    # the date was given: no 给个准话 (old grammar: every escalated one), the door delivery's date is what is pushed
    assert not any("准话" in text for text in pushed)
    assert all("那天" in text for text in pushed)
    # the place is known: no 确认包裹的实际位置 / 在哪一站 (old grammar: about half), a time is arranged instead
    assert not any(re.search("实际位置|在哪一站|回个准话", text) for text in escalated)
    assert all(re.search("约|安排|派送|送上门", text) for text in escalated)


def test_a_request_about_a_parcel_in_a_locker_gets_the_pickup_code():
    answers = []
    for turns in station_dialogues():
        for a, b in zip(turns, turns[1:]):
            if a["act"] == "ask_followup" and a["question"] == "can_you":
                # (s17-dlgT: a parcel already waiting is not asked to be hurried, 能加急吗 after 随时能取 read as
                # not listening (reading of seed 58231, #8); it is asked to the door or for its code)
                assert not HURRY.search(a["text"]), a["text"]
                answers.append(b["text"])
    assert len(answers) > 50
    # the fastest is fetching it now: the pickup code is sent again (old grammar: a door delivery in about half)
    assert all(re.search("取件码|取件通知", text) and "去取" in text for text in answers)


def test_a_price_difference_is_reassured_about_where_it_was_sent():
    told = {"余额": 0, "card": 0}
    for turns in frame("price_protect").turns:
        refund = next((t["text"] for t in turns if t["act"] == "propose_refund"), "")
        reassure = next((t["text"] for t in turns if t["act"] == "reassure"), "")
        if not (refund and reassure):
            continue
        if "余额" in refund:   # a balance refund is not said to go back by the payment channel or a bank
            told["余额"] += 1
            assert not re.search("原路|支付渠道|原支付|银行", reassure), (refund, reassure)
        elif "银行卡" in refund:
            told["card"] += 1
            assert not re.search("余额|额度", reassure), (refund, reassure)
    # (a balance refund arrives within hours: no push-back, so no reassurance follows it (heed kind soon); the
    # old generator had >10 here)
    assert told["余额"] == 0 and told["card"] > 10


def test_an_overpayment_on_the_card_is_not_beside_a_bill_still_owed():
    informs = [t["text"] for turns in frame("repayment").turns if any("溢缴款" in t["text"] for t in turns)
               for t in turns if t["act"] == "inform"]
    assert len(informs) > 50
    # the repayment that paid too much cleared the bill: the bill is said to be paid, never still owed
    # (old grammar: 本期应还X元 / 本期账单X元 with the overpayment on the card and no netting)
    assert all("还清" in text and "应还" not in text for text in informs)


def test_a_lost_insured_parcel_question_is_answered_with_its_declared_value():
    df = frame("lost_parcel")
    answers = []
    for slots, outcome, turns in zip(df.slots, df.outcome, df.turns):
        if outcome != "escalated" or "declared" not in slots:
            continue
        for a, b in zip(turns, turns[1:]):
            if a["act"] == "ask_followup":
                answers.append((slots["declared"], b["text"]))
    assert len(answers) > 100
    # 找不回来怎么办 gets the claim's terms: insured, for how much (old grammar: the escalation alone, no figure)
    assert all(re.search("保了?价", text) and f"{declared}元" in text for declared, text in answers)


def test_a_bill_with_a_one_off_fee_is_accounted_for_in_full():
    df = frame("bill")
    told = 0
    for slots, turns in zip(df.slots, df.turns):
        inform = next((t["text"] for t in turns if t["act"] == "inform"), "")
        fee = re.search(r"(补换卡费|宽带移机费)(\d+)元", inform)
        if not fee:
            continue
        told += 1
        # the usual month and the fee add up to the bill (old grammar: a 20-yuan fee inside 260.70, the rest unsaid)
        figures = [float(x) for x in re.findall(r"(\d+(?:\.\d+)?)元", inform)]
        total = float(slots["bill_amount"])
        assert any(abs(x + int(fee.group(2)) - total) < 0.005 for x in figures), inform
    assert told > 50


def test_an_overage_reminder_already_sent_is_not_advised_to_be_switched_on():
    texts = [t["text"] for turns in frame("bill").turns for t in turns if t["role"] == "agent"]
    assert sum(bool(re.search("提醒(短信|)(发过|有发)", t)) for t in texts) > 10   # (the reminder is told as sent)
    assert not any(re.search("(设个|打开)(超量|到量|用量)提醒", t) for t in texts)
