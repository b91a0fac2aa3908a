"""Issue 12 (s12-dlgE): the plan decides the action and the agent says what its system shows. A parcel in transit is
chased only when the customer asked or the case needs it; a cause is not guessed (多半是…) where the agent checks
nothing. Each test reads generated dialogues and fails on the behaviour found on main."""

from __future__ import annotations

import re
from functools import lru_cache

import synth
from synth.domains.dialogues import rules


@lru_cache(maxsize=None)
def frame(intent: str, n: int = 1000):
    return synth.generate("dialogues", n, seed=5205, intent=intent)


def test_a_parcel_on_its_way_is_not_chased_unasked():
    df = frame("logistics")
    chased = quiet = 0
    for turns in df.turns:
        assert rules.chase_only_when_called("logistics", turns), [t["text"] for t in turns]
        solution = next((t["text"] for t in turns if t["act"] == "propose_solution"), "")
        if rules.CHASE_DONE.search(solution):
            chased += 1
        elif solution:
            quiet += 1
    # (both kinds are drawn: a chase where it was called for, the tracking told where it was not)
    assert chased >= 100 and quiet >= 100, (chased, quiet)


def test_the_chase_rule_catches_an_unasked_chase():
    turns = [{"role": "customer", "act": "describe_problem", "text": "我买的耳机到哪了"},
             {"role": "agent", "act": "inform", "text": "查到了，目前在运输途中，预计12月4日送达。"},
             {"role": "agent", "act": "propose_solution", "text": "已经为您联系了网点，网点有回复会第一时间通知您。"}]
    assert not rules.chase_only_when_called("logistics", turns)
    turns[0]["text"] = "我的快递好几天没更新了"
    assert rules.chase_only_when_called("logistics", turns)
