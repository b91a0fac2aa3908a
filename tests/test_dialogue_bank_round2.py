"""Issue 12, round-2 readings of s20 (read_dlg1 seed 71353, read_dlg2 seed 46619), the bank desk.

An instalment answer says what one 期 costs in one sentence: the principal per period plus the fee is the total
said (read_dlg1 #12/#19 ended on 加上本金…元； with no total); the customer's ask and the agent's yes come in more
than one wording (read_dlg2 #15/#23: 这期能分期还吗？ / 支持分期还 in both)."""

from __future__ import annotations

import re
from functools import lru_cache

import synth

SPLIT = re.compile(r"本金(\d+\.\d\d)元.*?手续费(\d+\.\d\d)元|手续费(\d+\.\d\d)元.*?本金(\d+\.\d\d)元")
TOTAL = re.compile(r"(?:一共|合计|每期|每个月|一期)(?:还|要还|得还)?(\d+\.\d\d)元")


@lru_cache(maxsize=None)
def frame(intent: str, n: int = 1500, seed: int = 46619):
    return synth.generate("dialogues", n, seed=seed, intent=intent)


def instalment_lines(df):
    for turns in df.turns:
        for asked, answer in zip(turns, turns[1:]):
            if asked["role"] == "customer" and "分期" in asked["text"] and "本金" in answer["text"]:
                yield asked["text"], answer["text"]


def test_an_instalment_answer_sums_principal_and_fee_into_the_periods_total():
    seen = 0
    for _, text in instalment_lines(frame("repayment")):
        seen += 1
        split = SPLIT.search(text)
        assert split, text
        principal, fee = (split[1], split[2]) if split[1] else (split[4], split[3])
        totals = {float(t) for t in TOTAL.findall(text)} - {float(fee)}
        assert round(float(principal) + float(fee), 2) in totals, text
        assert not re.search(r"本金\d+\.\d\d元[；。]", text), text   # (never trails off on the principal)
    assert seen >= 10


def test_the_instalment_ask_and_answer_come_in_several_wordings():
    asks, answers = set(), set()
    for asked, text in instalment_lines(frame("repayment")):
        asks.add(re.sub(r"\d+", "N", asked))
        answers.add(text.split("。")[0] if text.index("。") < text.index("本金") else "")
    assert len(asks) >= 4 and len(answers) >= 4, (asks, answers)
