"""A customer does not ask what the agent already answered (issue 12, item 6; reading of seed 58207, records 22,
23, 27, 28): where the parcel is after the agent said where, how to follow a refund after the agent said where it
shows, a firm date after the agent gave one, how the shop will solve it after the agent offered its remedy.

The plan decides what each turn tells (state.py, heed.py); these read the text back. Each failed on the output
before this change (commit message: figures)."""

import re

import pytest

import synth

N, SEED = 6000, 9317

# What a customer line asks (question) and what an earlier agent line said that answers it (answer).
ASKED_AFTER_TOLD = {
    "where": (re.compile(r"到哪了|到哪儿了|(?:现在|到底)在哪"),
              re.compile(r"(?:现在|目前|已经)(?:在|到了?)[^，。]{0,12}(?:海关|分拨|中心|中转|网点|驿站|站点|仓)")),
    "progress": (re.compile(r"进度(?:怎么|在哪|去哪|哪里)(?:查|看)|(?:怎么|在哪|哪里)(?:查|看)[^，。？]{0,4}进度"),
                 re.compile(r"(?:能|可以)(?:查|看到?|查到)[^，。]{0,4}进度")),
    "date": (re.compile(r"准话"), re.compile(r"\d+月\d+日")),
}
# Asking how the shop will solve it, after the agent told its remedy (told: solution).
HOW_SOLVED = re.compile(r"(?:准备|打算)怎么(?:处理|解决)")
# The customer's own reactions (a second matter about another parcel may ask its date: it is a new question).
REACTIONS = ("ask_followup", "push_back", "accept", "thank", "impatient", "ask_other")


def asked_after_told(turns: list) -> str:
    """The first topic a customer line asks after an agent line answered it, or ""."""
    said = set()
    solved = False
    for turn in turns:
        text = turn["text"]
        if turn["role"] == "agent":
            said.update(k for k, (_, answer) in ASKED_AFTER_TOLD.items() if answer.search(text))
            solved = solved or "solution" in (turn.get("told") or ())
            continue
        if turn["act"] not in REACTIONS:
            continue
        for k in said:
            if ASKED_AFTER_TOLD[k][0].search(text) and not (k == "date" and turn["act"] == "ask_other"):
                return k
        if solved and HOW_SOLVED.search(text):
            return "solution"
    return ""


@pytest.fixture(scope="module")
def data():
    return synth.generate("dialogues", N, seed=SEED)


def test_no_customer_asks_what_the_agent_answered(data):
    found = [(i, asked_after_told(t)) for i, t in zip(data["dialogue_id"], data["turns"])]
    repeats = [(i, k) for i, k in found if k]
    assert not repeats, f"{len(repeats)} of {len(data)}: {repeats[:10]}"


def test_the_check_catches_a_repeat():
    turns = [{"role": "agent", "act": "inform", "text": "件现在在口岸海关，估计11月14日送达。", "told": ["status"]},
             {"role": "customer", "act": "ask_followup", "text": "快递到底到哪了？", "told": []}]
    assert asked_after_told(turns) == "where"
    turns[1]["text"] = "那在海关要卡几天？"
    assert asked_after_told(turns) == ""
