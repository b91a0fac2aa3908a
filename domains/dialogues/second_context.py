"""Whether a drawn second matter still fits the dialogue it closes (issue 12, reading of seed 40917: a question
bolted on without regard to the first matter).

model.second_matter draws a topic from what the first matter was; this module looks at what the plan has since
fixed (the goods' kind, the case's cause and outcome, what a reassurance already told) and refuses a topic that
presumes something false or asks what the dialogue already answered. The plan then takes the intent's next topic,
or none."""

from __future__ import annotations

# Goods the 三包 rules (a year's warranty restarted by a swap) do not cover: clothes and shoes are exchanged or
# returned, not warranted.
UNWARRANTED_KINDS = frozenset({"clothing", "shoes"})
# A first matter that ends with the order cancelled and refunded: no goods arrive, so no return rule is asked.
CANCELLED_BEFORE_DELIVERY = frozenset({"urge_shipping", "logistics"})


def still_fits(topic: str, intent: str, outcome: str, kind: str, env: dict, told_in_reassurance: bool) -> bool:
    """Whether the second matter `topic` can follow this first matter as planned."""
    if told_in_reassurance:   # (the push-back's reassurance already said where the refund shows)
        return False
    if topic == "repaired_warranty" and kind in UNWARRANTED_KINDS:
        return False
    if topic == "return_rule" and intent in CANCELLED_BEFORE_DELIVERY and outcome == "refund_issued":
        return False
    if topic == "change_address" and intent == "delay" and env.get("late") == "address":
        return False   # (the agent just told where to complete the address: 在小程序里补全门牌号)
    return True
