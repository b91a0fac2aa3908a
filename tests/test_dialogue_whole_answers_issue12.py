"""Answers are whole and in order (issue 12, item 6; reading 20 r3, causes 3 and 4): what was asked is answered
in full, a refund follows a dispute, the main point comes before the advice, the reason before a new date.

Each test failed on the output before its change (commit messages give the counts)."""

import re

import pytest

import synth

N, SEED = 6000, 9433
AMOUNT = re.compile(r"\d+(?:\.\d+)?元")
DATE = re.compile(r"\d{1,2}月\d{1,2}日")


@pytest.fixture(scope="module")
def data():
    return synth.generate("dialogues", N, seed=SEED)


def _chats(data, intent, said):
    return [turns for i, text, turns in zip(data["intent"], data["text"], data["turns"]) if i == intent and said in text]


def test_a_bill_asked_about_is_itemised_and_refunded_only_when_disputed(data):
    """看看10月的话费扣了些什么 is answered with the whole bill (the usual month and the 声讯 calls, both with their
    figures), and the calls are refunded only after the customer disputes them (reading 20 r3 #26)."""
    chats = _chats(data, "bill", "声讯")
    assert len(chats) >= 10, len(chats)
    partial, unasked = [], []
    for turns in chats:
        k = next(k for k, t in enumerate(turns) if t["role"] == "agent" and "声讯" in t["text"])
        if len(AMOUNT.findall(turns[k]["text"])) < 3:   # (the total, the rest of the month, the calls)
            partial.append(turns[k]["text"])
        refund = next(j for j, t in enumerate(turns) if t["act"] == "propose_refund")
        if not any(t["role"] == "customer" and "退" in t["text"] for t in turns[k:refund]):
            unasked.append(turns[refund]["text"])
    assert not partial, partial[:3]
    assert not unasked, unasked[:3]


def test_a_holder_who_could_not_find_the_lock_is_told_where_it_is(data):
    """A holder who says the lock is not to be found in the App is told where it is (reading 20 r3 #3: 找到了自己
    解开就行, and nothing on where)."""
    chats = [turns for intent, turns in zip(data["intent"], data["turns"]) if intent == "card_loss"
             and re.search("没找到|找不到锁卡|没找着", turns[0]["text"] + (turns[2]["text"] if len(turns) > 2 else ""))
             and "锁" in turns[0]["text"] + turns[2]["text"]]
    assert len(chats) >= 10, len(chats)
    untold = [" / ".join(t["text"] for t in turns) for turns in chats
              if not any(t["role"] == "agent" and "卡片管理" in t["text"] for t in turns)]
    assert not untold, untold[:2]


def test_advice_against_arrears_comes_after_how_to_pay_them(data):
    """A line cut off for arrears is first told what restores it; how to avoid the next cut-off (自动充值, 代扣, a
    higher reminder) comes with or after it, never glued to the diagnosis before it (reading 20 r3 #5)."""
    advice = re.compile("自动充值|自动交费|代扣话费|提醒的(金额|门槛)")
    pay = re.compile("(交清|缴清|补交|补缴|交上|缴费|交费)")
    chats = [turns for intent, outcome, turns in zip(data["intent"], data["outcome"], data["turns"])
             if intent == "suspension" and outcome == "resolved" and any("欠费" in t["text"] for t in turns)]
    assert len(chats) >= 30, len(chats)
    early = []
    for turns in chats:
        agent = [t["text"] for t in turns if t["role"] == "agent"]
        first_advice = next((k for k, text in enumerate(agent) if advice.search(text)), None)
        first_pay = next((k for k, text in enumerate(agent) if pay.search(text) and "元" in text), None)
        if first_advice is not None and (first_pay is None or first_advice < first_pay):
            early.append(agent[first_advice])
    assert not early, early[:3]


def test_a_parcel_left_at_a_station_is_explained_before_a_new_date(data):
    """A parcel left in a locker or a station without a message: why comes before the door delivery's date, and
    the desk's own slip (取件码漏发了) is apologised for where it is told (reading 20 r3 #7)."""
    chats = [turns for intent, turns in zip(data["intent"], data["turns"]) if intent == "delay"
             and any(t["role"] == "agent" and re.search("驿站|快递柜", t["text"]) for t in turns)]
    assert len(chats) >= 20, len(chats)
    early, unowned = [], []
    for turns in chats:
        agent = [t["text"] for t in turns if t["role"] == "agent"]
        dated = next((k for k, text in enumerate(agent) if DATE.search(text)), None)
        why = next((k for k, text in enumerate(agent) if re.search("放进了|放在了|存进了|存到了|存在了|放到了", text)),
                   None)
        if dated is not None and (why is None or dated < why):
            early.append(agent[dated])
        unowned += [text for text in agent if re.search("漏发了|没发出去|没有发给您", text)
                    and not re.search("抱歉|对不起|疏漏|没做好", text)]   # (a bare 抱歉 is said once: apology.py)
    assert not early, early[:3]
    assert not unowned, unowned[:3]


def test_a_refund_is_said_with_who_does_it(data):
    """300元发起退款 is telegraphic: the refund line has its subject (这300元已经为您发起了退款; reading 20 r3 #29)."""
    bare = [t["text"] for turns in data["turns"] for t in turns if t["role"] == "agent"
            and re.search(r"(^|[，。；])\d+元(已经)?(发起|提交了)退款", t["text"])]
    assert not bare, bare[:3]
