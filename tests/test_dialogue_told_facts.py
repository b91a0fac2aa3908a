"""Issue 12, the fourteenth reading (seed 16180): the agent follows what the customer said, remembers what it said
itself and knows the product. A complaint is answered only once it was made (a bill only asked for is told, not
defended); the roaming of Hong Kong is 港澳台漫游."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import synth
from synth.domains.dialogues.complaints import DEFENDS, complaint_is_voiced

ONLY_ASKS = re.compile(r"帮我查一下.{1,3}的账单|查下话费|话费都?扣了")
COMPLAINS = re.compile(r"怎么这么多|好多钱|高那么多")


@lru_cache(maxsize=None)
def frame(intent: str, n: int = 1500, seed: int = 1618):
    return synth.generate("dialogues", n, seed=seed, intent=intent, as_of=dt.date(2025, 1, 1))


def test_a_bill_only_asked_for_is_told_not_defended():
    df = frame("bill")
    asked = defended = 0
    for turns in df.turns:
        opening = turns[0]["text"]
        if not ONLY_ASKS.search(opening) or COMPLAINS.search(opening):
            continue
        asked += 1
        for turn in turns:
            if turn["role"] == "customer" and turn["act"] in ("ask_followup", "push_back"):
                break
            if turn["role"] == "agent" and DEFENDS.search(turn["text"]):
                defended += 1   # (old grammar: 多出来的86元, 提醒短信发过, 超出的这部分按资费要收)
                break
    assert asked > 200
    assert defended == 0
    # and the rule reads the same from the turns
    assert all(complaint_is_voiced(i, t) for i, t in zip(df.intent, df.turns))


def test_the_rule_fails_on_a_defence_nobody_asked_for():
    turns = [{"role": "customer", "act": "describe_problem", "text": "查下话费，11月的", "told": []},
             {"role": "agent", "act": "inform", "text": "您当月用量提醒短信发过，记录里有。", "told": []}]
    assert not complaint_is_voiced("bill", turns)
    turns[0]["told"] = ["voiced:complaint"]
    assert complaint_is_voiced("bill", turns)


def test_hong_kong_is_gang_ao_tai_roaming():
    hk = named = 0
    for text in frame("bill").text:
        if "香港" in text and "漫游" in text:
            hk += 1
            assert "国际漫游" not in text and "边境" not in text   # (old grammar: 国际漫游, 靠近边境附近)
            named += "港澳台漫游" in text
    assert hk > 20 and named > 10
