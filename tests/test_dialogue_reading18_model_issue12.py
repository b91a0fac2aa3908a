"""Issue 12, reading 18 (seeds 52817 and 38191): what each side knows and has said decides a line, not the draw.

- a month's data is not used up in its first days: a data-plan chat is not dated on the 1st to the 7th;
- a 声讯 refund switches nothing on unasked (the block is the customer's to open) and gives the bill's total;
- a delay held for a missing door number names the day it goes out after the reason, in the solution;
- a sender just paid on an insured lost parcel does not ask how insurance is bought;
- one agent name per company; a glad customer who thanked in the acceptance does not thank again with the same word;
- an unsatisfied close records 意见 only after a complaint; a refusal rated 2 is not left angrily."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import synth

AGENT, CUSTOMER = "agent", "customer"


@lru_cache(maxsize=None)
def frame(intent: str | None = None, n: int = 1500, seed: int = 71113):
    if intent is None:
        return synth.generate("dialogues", n, seed=seed, as_of=dt.date(2025, 1, 1))
    return synth.generate("dialogues", n, seed=seed, as_of=dt.date(2025, 1, 1), intent=intent)


def agent_lines(turns):
    return [t["text"] for t in turns if t["role"] == AGENT]


def test_a_data_plan_chat_is_not_dated_in_the_first_days_of_a_month():
    df = frame("data_plan", 800)
    days = [int(d[8:10]) for d in df["date"]]
    assert min(days) > 7
    # (the month's own words are still said: 这个月流量用完了 on the 8th or later)
    assert any("这个月" in t or "本月" in t for t in df["text"])


def test_a_premium_refund_gives_the_total_and_switches_nothing_on():
    df = frame("bill", 1500)
    premium = [turns for turns in df["turns"] if any("声讯" in t for t in agent_lines(turns))]
    assert len(premium) > 40
    for turns in premium:
        agent = "".join(agent_lines(turns))
        assert not re.search(r"(已经|)(开通了|加上了|加了)(声讯|信息台)", agent), agent
        assert "信息服务" not in agent and "信息台" not in agent, agent
        first = next(t for t in agent_lines(turns) if "声讯" in t)
        assert re.search(r"\d+(\.\d+)?元[^。]*\d+(\.\d+)?元", first), first   # (the total and the 声讯 part)


def test_a_held_parcel_is_given_its_day_after_the_reason():
    df = frame("delay", 2500)
    held = 0
    for slots, turns in zip(df["slots"], df["turns"]):
        lines = agent_lines(turns)
        reason = next((k for k, t in enumerate(lines) if "门牌号" in t), None)
        if reason is None or "eta" not in slots:
            continue
        held += 1
        eta = dt.date.fromisoformat(slots["eta"])
        said = f"{eta.month}月{eta.day}日"
        assert all(said not in t for t in lines[:reason]), lines
    assert held > 20


def test_a_paid_sender_asks_no_insurance_question():
    df = frame("lost_parcel", 2000)
    senders = 0
    for acts, turns, second in zip(df["acts"], df["turns"], df["second_intent"]):
        opening = turns[0]["text"]
        if "寄出去" in opening or "我寄的" in opening:
            senders += 1
            assert second != "parcel_insurance", opening
    assert senders > 50


def test_one_agent_name_per_company():
    df = frame(None, 4000)
    names = {}
    for company, turns in zip(df["company"], df["turns"]):
        for text in agent_lines(turns)[:2]:
            for name in re.findall(r"小[星联达速优品集物]", text):
                names.setdefault(company, set()).add(name)
    assert names and all(len(v) == 1 for v in names.values()), names


def test_a_glad_customer_does_not_say_the_same_thanks_twice_in_a_row():
    df = frame(None, 4000)
    words = ("麻烦你了", "麻烦了", "辛苦了", "辛苦你了")
    twice = 0
    for turns in df["turns"]:
        said = [t["text"] for t in turns if t["role"] == CUSTOMER]
        for a, b in zip(said, said[1:]):
            twice += any(w in a and w in b for w in words)
    assert twice <= 4000 * 0.002, twice   # (an agree's 麻烦了 then an accept's: a few in a thousand, dlgC's lines)


def test_an_unsatisfied_close_records_an_opinion_only_after_a_complaint():
    df = frame(None, 4000)
    checked = 0
    for intent, outcome, acts, sat, turns in zip(df["intent"], df["outcome"], df["acts"], df["satisfaction"],
                                                 df["turns"]):
        if outcome != "unsatisfied":
            continue
        checked += 1
        close = turns[-1]["text"]
        if intent != "complaint" and "impatient" not in acts:
            assert not re.search(r"(意见|反馈|诉求|反映的)[^。]{0,6}(记录|登记|记下)", close), close
        give_up = [t["text"] for t in turns if t.get("act") == "give_up"]
        if int(sat) == 2 and give_up:
            assert not re.search(r"失望|无语|差评|窝火|糟心|规矩真死", give_up[-1]), give_up
    assert checked > 150
