"""How a customer pushes back on a wait (issue 12; reading of seed 58207, cause 5: 能快点吗 -> the process restated
-> 行吧, the same loop in many chats).

A customer told of a wait (heed.py: push_faster, push_today) may call it too slow, say why it is too slow for them
(needed next week), or ask what they can do to speed it up. (Not to be told when it is done: the solution just said
that a message follows.) The agent answers each its own way (reassure in common.grammar: empathy for the complaint,
what the wait is for and that it is not the customer's to shorten for the question) and the customer's acceptance
follows from the answer (making do meanwhile, or no more fretting). Intents whose push-back has lines of its own (a late parcel's date,
a chase that was already made) keep them: `push` is "-" there."""

from __future__ import annotations

# Intents whose grammar words the push-back on a wait itself (push_back.<intent>: the date the look-up gave).
OWN_LINES = frozenset({"delay", "logistics", "urge_shipping", "repayment_not_posted", "recharge_missing"})
PUSHES = frozenset({"push_faster", "push_today"})
# Shares of the moves: too slow, too slow for a reason, what can I do.
SLOW, REASON = 0.4, 0.7


def push_move(intent: str, reacts: list, u: float) -> str:
    """The customer's move in a push-back on a wait ("reason", "own"), or "-" where it is the plain 太慢了 (as
    everywhere else, so the grammar's tables for the other dialogues are not split by it), where there is none or
    where the intent words it itself."""
    if intent in OWN_LINES or not PUSHES.intersection(reacts):
        return "-"
    return "-" if u < SLOW else "reason" if u < REASON else "own"
