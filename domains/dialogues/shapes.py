"""How a chat is shaped around its matter (issue 12): the branches of the act sequence that real online service
chats take besides the matter itself, each drawn per plan from a uniform of its own:

- hello:   the customer opens with a greeting only (在吗？/你好) and the agent greets and asks what they need
           (greet_only -> ask_need) before the problem is told; common on shop and telecom chat, rarer at a bank.
- hold:    the look-up takes a while: the agent says so, the customer asks whether they are still there
           (check -> hold_ping -> inform, which starts 让您久等了). A ping about the wait (this one, or an
           urging 有人吗？？ before the agent's first answer, or 能快点吗 after a fix that failed) needs a cause and a
           customer who would send it (`pings`): a look-up that reads another party's record (the carrier's scans,
           the bank's transfer, the billing system) and is long, or a fix that failed, from a customer in a hurry
           (more often one whose matter is already late). No ping after a short look-up in the agent's own system.
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
# Look-ups that read another party's record or a slow back-office one, which can take minutes: a parcel's scans
# at the hubs, a refund or a repayment on its way through the bank, a top-up in the billing system, a card
# transaction's record, an itemised bill, a broadband line test, a limit review run by the bank's system. (An
# order's price, a plan or a card's status is on the agent's own screen: no wait to ping about.)
LONG_LOOKUPS = ("logistics", "refund_status", "recharge_missing", "bill", "transaction_query", "repayment_not_posted",
                "credit_limit", "lost_parcel", "delay", "broadband")
LONG_RATE = 0.3       # of those look-ups, the long ones (0.5 put the hold-and-ping in 5 of 30 chats, read_dlg2)
# A customer in a hurry (who pings when kept waiting): more often one whose matter is already late.
HURRIED_RATE, HURRIED_LATE_RATE = 0.35, 0.45
EARLY_PING = 0.35     # of the pings on a long look-up, the urging before the agent's first answer (有人吗？？)
# Of good endings and escalations without a second matter; a bank's service script asks it more often.
WRAP_UP_RATE = {"bank": 0.45}
WRAP_UP_DEFAULT = 0.33
# Of closes after a good ending or an escalation. (The platform sends its rating card by itself; the agent mentions
# it only now and then: 0.25 put it in 7 of 30 chats a reader read, reading 18; 0.1 puts it in about one in eleven.)
SURVEY_RATE = 0.1
PARTIAL_RATE = 0.12   # of asks for two or more things (0.3 read as a habit, reading 15: 5 chats of 30)
CONFIRM_RATE = 0.45   # of changes carried out in the chat
# The intents whose good ending carries out a change, with the slot the agent sums it up by.
CONFIRMED = {"change_address": "address"}


def draw(spec, outcome: str, hello: float, wrap_up: float, survey: float,
         booked: tuple = (), partial: float = 1.0, verified: tuple = (), confirm: float = 1.0) -> dict:
    """The shape flags of a plan of intent `spec` ending in `outcome`, from five uniforms (the pings: `pings`)."""
    fine = outcome != "unsatisfied"
    return {"partial": partial < PARTIAL_RATE and spec.key not in verified,
            "sum_up": CONFIRMED.get(spec.key, "") if fine and outcome == "resolved" and confirm < CONFIRM_RATE else "",
            "hello": hello < HELLO_RATE.get(spec.sector, 0.0),
            "wrap_up": fine and spec.key not in booked and wrap_up < WRAP_UP_RATE.get(spec.sector, WRAP_UP_DEFAULT),
            "survey": fine and survey < SURVEY_RATE}


def pings(spec, looks_up: bool, late: bool, hurried: float, long: float, where: float) -> dict:
    """Whether and where the customer pings about the wait, from three uniforms: `hold` (a long look-up announced,
    then 还在吗？), `impatient` with `impatient_late` (urging 有人吗？？ before the first answer on a long look-up,
    or 能快点吗 after a failed fix: the policy puts it only where a fix failed). `looks_up`: the plan's matter is
    looked up (not tried); `late`: the matter is already late (catalogue.DELAYED)."""
    hurry = hurried < (HURRIED_LATE_RATE if late else HURRIED_RATE)
    long_lookup = looks_up and spec.key in LONG_LOOKUPS and long < LONG_RATE
    if hurry and long_lookup:
        early = where < EARLY_PING
        return {"hold": not early, "impatient": early, "impatient_late": False}
    # (a troubleshooting plan: after a fix that failed, policy_acts, where there is one)
    return {"hold": False, "impatient": hurry and spec.troubleshoot, "impatient_late": True}


def opening(turns: list) -> dict:
    """The customer's problem statement among a record's turns: the first turn, or the third after a greeting-only
    opening (greet_only -> ask_need)."""
    return next(t for t in turns if t["act"] == "describe_problem")


def first_answer(turns: list) -> dict:
    """The agent's first turn after the problem statement."""
    k = next(k for k, t in enumerate(turns) if t["act"] == "describe_problem")
    return turns[k + 1]
