"""Courtesy lines that read what happened (issue 12, read_dlg1/read_dlg2 of s20): a thanks for cooperating or for
the trouble taken credits something the customer did, and nobody asks 还有其他问题吗 after the customer has ended
the chat with a grudging 好吧，就这样吧."""

from __future__ import annotations

import re
from functools import lru_cache

import synth

STEPS = {"report_worked", "report_failed", "send_evidence", "correct_info"}


@lru_cache(maxsize=None)
def frame():
    return synth.generate("dialogues", 3000, seed=46619)


def test_a_thanks_for_cooperating_credits_something_the_customer_did():
    """谢谢您这么配合 and 劳您/让您费心了 closed chats where the customer had only asked (read_dlg2 #2 #3 #14 #18)."""
    thanked = 0
    for turns in frame().turns:
        if not re.search("这么配合|费心", turns[-1]["text"]):
            continue
        thanked += 1
        acts = [t["act"] for t in turns]
        said = "".join(t["text"] for t in turns if t["role"] == "customer")
        assert (STEPS & set(acts) or acts.count("provide_info") >= 2
                or re.search("照片|图|视频|拍", said)), (acts, turns[-1]["text"])
    assert thanked >= 10, thanked


def test_no_wrap_up_question_after_the_customer_ended_the_chat():
    """好吧，就这样吧 -> 还有其他问题吗 -> 没，先这样 -> 那今天就先这样 (read_dlg2 #16)."""
    asked = 0
    for turns in frame().turns:
        for before, after in zip(turns, turns[1:]):
            if before["role"] == "customer" and re.search("就这样吧|先这样", before["text"]) and after["role"] == "agent":
                asked += 1
                assert not re.search("还有(别的|其他)[^，。]*吗？", after["text"]), (before["text"], after["text"])
    assert asked >= 20, asked
