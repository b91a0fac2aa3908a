"""Procedures an agent would really follow (procedure_rules.py, declared in rules.py): a card lock and a 挂失 are two
procedures, never mixed; a limit granted is stated as its figure (a temporary one with its end date) and is a raise a
bank grants at once; a data pack follows the usage the agent's look-up told."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import numpy as np

import synth
from synth.registry import get_domain
from synth.domains.dialogues.procedure_rules import (limit_raise_is_stated, one_card_procedure, pack_fits_usage,
                                                      path_of, wrong_transfer_told_by_remitter,
                                                      branch_offered_when_not_posted)

AS_OF = dt.date(2025, 1, 1)


@lru_cache(maxsize=None)
def frame(intent: str, n: int = 3000, seed: int = 21):
    return synth.generate("dialogues", n, seed=seed, intent=intent)


def violations(name: str, df) -> int:
    rule = next(r for r in get_domain("dialogues").rules if r.name == name)
    columns = {c: df[c].to_numpy() for c in df.columns}
    return int((~np.asarray(rule.check(columns, {"as_of": AS_OF}))).sum())


def agent_text(turns) -> str:
    return "".join(t["text"] for t in turns if t["role"] == "agent")


def test_the_three_rules_hold_on_their_intents():
    assert violations("one_card_procedure", frame("card_loss")) == 0
    assert violations("limit_raise_is_stated", frame("credit_limit")) == 0
    assert violations("pack_fits_usage", frame("data_plan")) == 0


def test_a_lost_card_is_locked_or_reported_lost_never_both():
    df = frame("card_loss")
    paths = [path_of(turns) for turns in df.turns]
    assert {"lock", "post", "branch"} <= set(paths)
    for path, turns in zip(paths, df.turns):
        said = agent_text(turns)
        if path == "lock":
            assert "临时" in said and "卡号不" in said or "解" in said, said
        else:
            assert "挂失" in said and not any(w in said for w in ("冻结", "锁卡", "锁定", "解锁")), said
    # planted: a 挂失 dialogue whose agent also locks the card, a lock dialogue whose agent reports it lost
    post = next(turns for path, turns in zip(paths, df.turns) if path == "post")
    lock = next(turns for path, turns in zip(paths, df.turns) if path == "lock")
    k = next(i for i, t in enumerate(post) if t["act"] == "inform")
    mixed = [dict(t) for t in post]
    mixed[k]["text"] += "另外已为您临时冻结卡片。"
    assert one_card_procedure("card_loss", post) and not one_card_procedure("card_loss", mixed)
    k = next(i for i, t in enumerate(lock) if t["act"] == "inform")
    mixed = [dict(t) for t in lock]
    mixed[k]["text"] += "同时已为您办理挂失。"
    assert one_card_procedure("card_loss", lock) and not one_card_procedure("card_loss", mixed)


def test_a_limit_granted_is_stated_and_realistic():
    df = frame("credit_limit")
    granted = 0
    for slots, turns in zip(df.slots, df.turns):
        path = path_of(turns)
        if path not in ("instant", "temp"):
            assert "new_limit" not in slots
            continue
        granted += 1
        limit, new, wanted = int(slots["limit"]), int(slots["new_limit"]), int(slots["wanted_limit"])
        assert limit < new <= min(wanted, 1.5 * limit) and new % 1000 == 0, slots
        said = agent_text(turns)
        assert f"{new}元" in said
        if path == "temp":
            end = dt.date.fromisoformat(slots["temp_end"])
            assert f"{end.month}月{end.day}日" in said and "临时" in said
        if new < wanted:   # less than asked: the agent says so
            assert str(wanted) in said, said
    assert granted > 500
    # planted: a grant whose figure the record does not carry (the old 2.45x temporary raise)
    slots, turns = next((s, t) for s, t in zip(df.slots, df.turns) if path_of(t) == "temp")
    assert limit_raise_is_stated("credit_limit", slots, turns)
    unstated = {k: v for k, v in slots.items() if k != "new_limit"}
    assert not limit_raise_is_stated("credit_limit", unstated, turns)
    too_much = dict(slots, new_limit=str(int(slots["limit"]) * 2), wanted_limit=str(int(slots["limit"]) * 3))
    assert not limit_raise_is_stated("credit_limit", too_much, turns)


def test_a_data_pack_follows_the_usage():
    df = frame("data_plan")
    kinds = set()
    for slots, turns in zip(df.slots, df.turns):
        pack = slots.get("pack", "")
        if path_of(turns) != "addon":
            continue
        said = agent_text(turns)
        looked_up = next(t["text"] for t in turns if t["act"] == "inform")   # (before the offer)
        if "定向" in pack:
            kinds.add("video")
            assert "视频" in looked_up and "成" in looked_up, looked_up
        elif "连续包月" in pack:
            kinds.add("recurring")
            assert "都" in looked_up and "个月" in looked_up, looked_up
        else:   # this month only: a pack that lapses by itself
            kinds.add("once")
            assert "当月有效" in said or "当天" in said, said
    assert kinds == {"video", "recurring", "once"}
    # planted: the video pack offered with the look-up's usage statement taken out
    slots, turns = next((s, t) for s, t in zip(df.slots, df.turns) if "定向" in s.get("pack", ""))
    assert pack_fits_usage("data_plan", slots, turns)
    k = next(i for i, t in enumerate(turns) if t["act"] == "inform")
    silent = [dict(t) for t in turns]
    silent[k]["text"] = "查到了，您目前办理的是这个套餐。"
    assert not pack_fits_usage("data_plan", slots, silent)


def test_a_bill_is_told_several_ways_and_a_near_due_date_with_the_days_left():
    """The repayment look-up no longer says 您本期账单金额X元 in nearly half the dialogues: no opening of the bill
    statement carries more than a third of them, and a bill due within three days is told as near only then."""
    import re
    from collections import Counter
    df = frame("repayment", 2000, 31)
    openings = Counter()
    for date, slots, turns in zip(df.date, df.slots, df.turns):
        told = next((t["text"] for t in turns if t["act"] == "inform" and "多还" not in t["text"]), None)
        if told is None:
            continue
        openings[re.sub(r"[\d.]+", "X", told)[:8]] += 1
        left = (dt.date.fromisoformat(slots["due_date"]) - dt.date.fromisoformat(str(date)[:10])).days
        if re.search(r"(只剩|还剩|就剩|只有)\d+天", told):
            assert left <= 3 and f"{left}天" in told, (left, told)
    assert sum("您本期账单金额" in t for t in df.text) < 0.05 * len(df)
    assert openings.most_common(1)[0][1] < sum(openings.values()) / 3, openings.most_common(3)


# -- each party does what it can do, in the time it takes (issue 12, a team lead's reading 15: #9, #13, #14, #17, #25)
def test_a_transfer_to_a_wrong_card_is_got_back_by_the_remitting_bank():
    df = frame("repayment_not_posted")
    assert violations("wrong_transfer_told_by_remitter", df) == 0
    wrong = [(o, turns) for o, turns in zip(df.outcome, df.turns) if path_of(turns) == "wrong_account"]
    assert len(wrong) > 50
    for outcome, turns in wrong:
        said = agent_text(turns)
        # one procedure, by the party that can run it: the remitting bank; a number that does not exist comes back
        assert outcome != "escalated", said
        assert "转出银行" in said and "退汇" in said and "个工作日" in said, said
        after = "".join(t["text"] for t in turns if t["act"] in ("inform", "propose_solution", "escalate", "reassure"))
        assert not any(w in after for w in ("专员", "专人", "错账查询", "没法退回", "不能直接退回", "无法直接退回")), said
        assert "还上" in said, said   # (this bill paid meanwhile)
    # planted: the card bank's specialist contacting the receiving bank (main before reading 15's fix)
    outcome, turns = wrong[0]
    k = next(i for i, t in enumerate(turns) if t["act"] == "propose_solution")
    planted = [dict(t) for t in turns]
    planted[k]["text"] += "已为您提交错账查询，专员会在三个工作日内联系收款行协商退回。"
    assert wrong_transfer_told_by_remitter("repayment_not_posted", outcome, turns)
    assert not wrong_transfer_told_by_remitter("repayment_not_posted", outcome, planted)
    assert not wrong_transfer_told_by_remitter("repayment_not_posted", "escalated", turns)


def test_a_moved_card_holder_is_offered_the_new_card_at_a_branch():
    # reading 15 #25: the address refused online and nothing else offered; a branch pick-up is the way the card
    # reaches a customer who has moved
    df = frame("card_loss")
    assert violations("branch_offered_when_not_posted", df) == 0
    moved = [turns for turns in df.turns if "decline_offer" in [t["act"] for t in turns]]
    assert len(moved) > 30
    for turns in moved:
        acts = [t["act"] for t in turns]
        k = acts.index("decline")
        assert "网点领" in turns[k]["text"] and "身份证" in turns[k]["text"], turns[k]["text"]
        assert branch_offered_when_not_posted("card_loss", turns)
    # planted: main's refusal, which offered nothing
    turns = [dict(t) for t in moved[0]]
    k = [t["act"] for t in turns].index("decline")
    turns[k]["text"] = "实在抱歉，账单地址要改的话需要先到网点核实更新，目前不能通过线上改地址。"
    turns[k + 2]["text"] = "非常抱歉，为保障资金安全，账单地址变更须本人持身份证到网点核实，线上没办法代办，挂失已经生效，您放心。"
    assert not branch_offered_when_not_posted("card_loss", turns)
