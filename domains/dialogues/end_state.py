"""The outcome label a conversation earns from where it ends, not from the solution act it ends on (issue 12,
reading of seed 58231, cause B). Classifiers are trained on this label, so it says what the chat achieved:

- refund_issued: the money is paid back in the chat (极速退款, a refund or a claim sent on its way). A return
  whose refund waits for the warehouse to receive and check the goods (no 极速退款: aftersales.fast_refund) has
  only its return booked: the refund is still to come, which is what `resolved` means where a refund's wait is
  told (refund_status's 退货签收后退款 is resolved too). The label set has no "pending".
- resolved: the matter is settled or set going with nothing left to decide. A limit raise submitted for review
  (审核结果…工作日内) is still to be decided, so it is not a resolved ending (procedures.CREDIT_LIMIT); a case
  handed to a reviewer is escalated.
- replacement_sent, escalated, unsatisfied: as the ending's act says (rules.outcome_agrees).

The plan keeps the outcome it was drawn with (the grammar renders the chat from it); `label` is what the record
says.
"""

from __future__ import annotations

import re

from .ecommerce_coherence import NOT_FAST

# (intent, drawn outcome, env key, values): the end states whose label is not the drawn outcome, and the label.
WAITS_FOR_GOODS = ("amount", "credit")   # no 极速退款: refunded after the warehouse's receipt


def label(intent: str, outcome: str, env: dict) -> str:
    """The outcome label of a plan drawn with `outcome` whose facts are `env`."""
    if intent == "return_refund" and outcome == "refund_issued" and env.get("fast") in WAITS_FOR_GOODS:
        return "resolved"
    return outcome


# A refund told as waiting for the goods: no 极速退款 for this account or order (NOT_FAST, the wording of
# aftersales.py's bookings), or the refund made after the merchant or warehouse receives and checks them.
REFUND_WAITS = re.compile(NOT_FAST.pattern + r"|(等|待)(商家|仓库)[^。；]{0,4}(收到|签收|验收)[^。；]{0,10}(以后|后)[^。；]{0,6}退款")
# An application whose result is still to come (审核结果将在3个工作日内发到您手机上).
RESULT_TO_COME = re.compile(r"(审核|审批|评估)结果[^。；]{0,6}(将|会)?在?[^。；]{0,6}(工作日|天)内")
SOLUTION_ACTS = ("propose_solution", "propose_refund", "propose_replacement")


def outcome_follows_end_state(outcome: str, turns: list) -> bool:
    """The label says where the chat ends (see the module's doc): refund_issued's last refund offer is paid back
    now, not after the goods are received and checked; a resolved chat's last solution leaves no application's
    result to come, and a resolved chat that ends on a refund offer is one whose refund waits for the goods."""
    if outcome != "refund_issued" and outcome != "resolved":   # (the other labels say nothing of the last turns)
        return True
    solutions = [t for t in turns if t["role"] == "agent" and t["act"] in SOLUTION_ACTS]
    if not solutions:
        return True
    last = solutions[-1]
    if outcome == "refund_issued" and last["act"] == "propose_refund":
        return not REFUND_WAITS.search(last["text"])
    if outcome == "resolved":
        if last["act"] == "propose_refund":
            return bool(REFUND_WAITS.search(last["text"]))
        return not RESULT_TO_COME.search(last["text"])
    return True
