"""A complaint is answered only once it was made (issue 12, reading 14): the agent does not defend a charge, argue a
fee or speak of 多出来的 money when the customer only asked to see the bill.

The plan records whether the opening complains (env voiced: high or check, model.py); the customer turn that voices
the complaint carries the tag VOICED in its told, and a follow-up (能减免吗, 怎么会超这么多) or a push-back voices it
too. The rule `complaint_is_voiced` reads the turns only: an agent line that answers a complaint (DEFENDS) comes
after a turn that made it."""

from __future__ import annotations

import re

VOICED = "voiced:complaint"
# What only answers a complaint: money called extra (多出来的, 高出的), a charge defended (按资费要收, 没法退, 不能减免),
# the reminder said to have been sent (提醒短信发过).
DEFENDS = re.compile(r"多出来|多出的|高出|比平时多|(?:得|要)收|没法(?:退|减)|不能(?:退|减)|提醒(?:短信)?(?:发过|有发)")
COMPLAINED_BY = ("ask_followup", "push_back")
CONTESTED_INTENTS = frozenset({"bill"})


def complaint_is_voiced(intent: str, turns: list) -> bool:
    """No agent turn answers a complaint (DEFENDS) before a customer turn made one: the opening tagged VOICED, or a
    follow-up or push-back."""
    if intent not in CONTESTED_INTENTS:
        return True
    voiced = False
    for turn in turns:
        if turn["act"] == "ask_other":   # (the matter is over: a second one is no complaint)
            return True
        if turn["role"] == "customer":
            voiced = voiced or turn["act"] in COMPLAINED_BY or VOICED in (turn.get("told") or ())
        elif not voiced and DEFENDS.search(turn["text"]):
            return False
    return True
