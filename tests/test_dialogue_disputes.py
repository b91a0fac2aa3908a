"""A customer who disputes the look-up's finding (issue 12 item 6; leads.py): a top-up shown as arrived is disputed
(余额没变), the agent re-checks and names the time it was posted (the slot posted_at), the customer accepts it; the
rule dispute_is_rechecked holds every dispute to that."""

from __future__ import annotations

import copy
import re
from functools import lru_cache

import numpy as np

import synth
from synth.domains.dialogues.heed import heeds
from synth.domains.dialogues.leads import dispute_is_rechecked
from synth.domains.dialogues.rules import slot_mentions_are_true

POSTED = re.compile("余额(已经|)(刷新|更新)了")   # (the news of a posted top-up; telecom.grammar)


@lru_cache(maxsize=None)
def frame(stage: str = "polished"):
    return synth.generate("dialogues", 3000, seed=4242, intent="recharge_missing", stage=stage)


def test_a_posted_top_up_is_disputed_in_a_share_and_rechecked_with_the_time_it_was_posted():
    df = frame()
    posted = disputed = 0
    for slots, turns, text in zip(df.slots, df.turns, df.text):
        acts = [t["act"] for t in turns]
        inform = next((t for t in turns if t["act"] == "inform"), None)
        if inform is None or not POSTED.search(inform["text"]):
            assert "dispute" not in acts
            continue
        posted += 1
        if "dispute" not in acts:
            assert "posted_at" not in slots and "recheck" not in acts
            continue
        disputed += 1
        k = acts.index("dispute")
        assert acts[k - 1] == "inform" and acts[k + 1:k + 3] == ["recheck", "accept_fact"], acts
        recheck = turns[k + 1]
        assert recheck["slots_mentioned"].get("posted_at") == slots["posted_at"] in recheck["text"]
        assert re.fullmatch(r"\d\d:\d\d", slots["posted_at"])
        assert "ask_followup" not in acts and acts[k + 3] == "propose_solution", acts
        assert dispute_is_rechecked(turns) and heeds(turns) and slot_mentions_are_true(slots, turns, text)
    assert posted > 100
    assert 0.08 <= disputed / posted <= 0.18, (disputed, posted)


def test_the_rule_wants_a_recheck_naming_a_fact_after_every_dispute():
    df = frame()
    turns = next(t for t in df.turns if any(x["act"] == "dispute" for x in t))
    assert dispute_is_rechecked(turns)
    k = [t["act"] for t in turns].index("dispute")
    vague = copy.deepcopy(turns)
    vague[k + 1]["slots_mentioned"] = {}
    unanswered = copy.deepcopy(turns)
    del unanswered[k + 1]
    unprompted = copy.deepcopy(turns)
    del unprompted[k]
    for planted in (vague, unanswered, unprompted):
        assert not dispute_is_rechecked(planted)


def test_the_rule_is_declared_and_holds_on_generated_dialogues():
    from synth.registry import get_domain
    rule = next(r for r in get_domain("dialogues").rules if r.name == "dispute_is_rechecked")
    df = frame()
    columns = {c: df[c].to_numpy() for c in df.columns}
    assert bool(np.asarray(rule.check(columns, {})).all())


def test_every_stage_keeps_the_dispute():
    """The skeleton shows the fact the recheck names ([复核：到账时间 HH:MM]), so no stage regenerates a disputed plan."""
    polished, skeleton = frame(), frame("skeleton")
    assert [list(a) for a in skeleton.acts] == [list(a) for a in polished.acts]
    for slots, turns in zip(skeleton.slots, skeleton.turns):
        for t in turns:
            if t["act"] == "recheck":
                assert t["text"].startswith("[复核") and slots["posted_at"] in t["text"]
