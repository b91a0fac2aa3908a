"""How a chat is shaped around its matter (issue 12): the branches of the act sequence that real online service
chats take besides the matter itself, each drawn per plan from a uniform of its own:

- hello:   the customer opens with a greeting only (在吗？/你好) and the agent greets and asks what they need
           (greet_only -> ask_need) before the problem is told; common on shop and telecom chat, rarer at a bank.
- hold:    the look-up takes a while: the agent says so, the customer asks whether they are still there
           (check -> hold_ping -> inform, which starts 让您久等了).
- wrap_up: before closing, the agent asks whether there is anything else and the customer says there is not
           (anything_else -> no_more -> close), where no second matter was raised.
- partial: asked for two things (an order number and an address), the customer sends only the first and the agent
           asks again for the rest (ask_info -> provide_info -> ask_info -> provide_info); the second ask says what is
           still missing (还需要您的…). Not where the holder is verified with a code (the ask is one form).
- confirm: before carrying out a change the customer asked for (a parcel sent to a new address), the agent sums it
           up and asks (跟您确认一下，新地址是…，对吗？), the customer says it is right, and then it is done
           (inform -> confirm_info -> affirm -> propose_solution); only where nothing is asked in between.
- survey:  the close invites the customer to rate the service (稍后会邀请您评价; `told` of the close: survey).

A refusal is not wrapped up or followed by a survey invitation (the customer is leaving unhappy), and a plan
change booked on consent keeps its confirmation in the close (no wrap-up between).
"""

from __future__ import annotations

# How often a chat opens with a greeting only, by sector.
HELLO_RATE = {"ecommerce": 0.25, "telecom": 0.2, "delivery": 0.18, "bank": 0.08}
HOLD_RATE = 0.25      # of look-ups
# A pre-sale question is answered from the product page, not a long look-up (and its answer opens with 有/没有).
NO_HOLD = ("product_inquiry",)
WRAP_UP_RATE = 0.25   # of good endings and escalations without a second matter
SURVEY_RATE = 0.25    # of closes after a good ending or an escalation
PARTIAL_RATE = 0.3    # of asks for two or more things
CONFIRM_RATE = 0.45   # of changes carried out in the chat
# The intents whose good ending carries out a change, with the slot the agent sums it up by.
CONFIRMED = {"change_address": "address"}


def draw(spec, outcome: str, hello: float, hold: float, wrap_up: float, survey: float,
         booked: tuple = (), partial: float = 1.0, verified: tuple = (), confirm: float = 1.0) -> dict:
    """The shape flags of a plan of intent `spec` ending in `outcome`, from six uniforms."""
    fine = outcome != "unsatisfied"
    return {"partial": partial < PARTIAL_RATE and spec.key not in verified,
            "sum_up": CONFIRMED.get(spec.key, "") if fine and outcome == "resolved" and confirm < CONFIRM_RATE else "",
            "hello": hello < HELLO_RATE.get(spec.sector, 0.0),
            "hold": hold < HOLD_RATE and spec.key not in NO_HOLD,
            "wrap_up": fine and spec.key not in booked and wrap_up < WRAP_UP_RATE,
            "survey": fine and survey < SURVEY_RATE}


def opening(turns: list) -> dict:
    """The customer's problem statement among a record's turns: the first turn, or the third after a greeting-only
    opening (greet_only -> ask_need)."""
    return next(t for t in turns if t["act"] == "describe_problem")


def first_answer(turns: list) -> dict:
    """The agent's first turn after the problem statement."""
    k = next(k for k, t in enumerate(turns) if t["act"] == "describe_problem")
    return turns[k + 1]
