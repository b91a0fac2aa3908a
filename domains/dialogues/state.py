"""What has been said so far in one conversation, decided in the plan before any text: the facts the agent has
told the customer, the questions answered, what the customer complained about. A turn's wording is chosen so that
it tells only what is still untold, and a customer's follow-up asks only about something not yet told.

Each turn gets a tuple of topics (`told` in the record): for an agent turn the topics it tells, for a customer
turn what it asks about (`ask:<topic>`) or complains about (`wait`, `against:<act>`). The rule
`nothing_said_twice` (rules.py) reads them back with the slots the turns mention.
"""

from __future__ import annotations

# The topic a follow-up question asks about (confirm and can_you ask the agent to confirm or do something: they
# may follow what was told; what_next asks for the next step, which the solution tells).
QUESTION_TOPIC = {"how_long": "time", "why": "cause", "cost": "cost", "how": "procedure", "what_next": "next_step",
                  "can_you": "request", "confirm": "confirm"}
# Questions whose topic, once told, makes asking them a repeat (confirm and can_you follow what was told).
ASKS_TOLD = ("time", "cause", "cost", "procedure")
# Intents whose look-up (inform, with its detail) says why the matter is as it is (a hub that is busy, a sale
# that filled the warehouse, the weather, a top-up channel that was slow, when an add-on was subscribed): unless the customer is about to ask
# why, in which case the answer tells it, once.
INFORM_EXPLAINS = ("logistics", "urge_shipping", "delay", "recharge_missing", "bill")
# Intents whose look-up says when the matter will happen (a delivery date, a shipping date, a due date).
INFORM_DATES = ("logistics", "urge_shipping", "delay", "repayment")
# Dates the agent tells once: said again only when the customer asks to have it confirmed.
TIME_SLOTS = ("ship_date", "eta", "due_date")
# What the agent's solution acts tell.
SOLUTION_TOPIC = {"propose_solution": "solution", "propose_refund": "solution", "propose_replacement": "solution",
                  "escalate": "escalation", "decline": "refusal", "reassure": "wait_reason", "confirm_done": "done",
                  "offer_terms": "terms"}
# Agent turns a customer can push back on: something proposed or refused.
PUSHED_ON = ("propose_solution", "propose_refund", "propose_replacement", "decline", "escalate", "reassure")


def inform_topics(intent: str, outcome: str, followup: str) -> tuple:
    """What the look-up tells: the status, the date it names, and why, unless the planned follow-up asks why."""
    topics = ["status"]
    if intent in INFORM_DATES:
        topics.append("time")
    explains = intent in INFORM_EXPLAINS and not (intent == "recharge_missing" and outcome != "resolved")
    if explains and followup != "why":
        topics.append("cause")
    return tuple(topics)


# The topics of an act sequence, by (acts, intent, outcome): a pure function of them, and a batch's 20,000 plans
# have about 4,000 distinct sequences. Cleared when full; what it holds never changes a result.
_STATES: dict = {}
STATES_KEPT = 50_000


def conversation_state(acts: list, intent: str, outcome: str) -> list[tuple]:
    """The topics of each turn of the act sequence `acts` ((role, act, info) per turn), in order: a new list (the
    plan's marks write into it) of the topics worked out once per distinct sequence (`topics_of_turns`)."""
    key = (tuple(acts), intent, outcome)
    found = _STATES.get(key)
    if found is None:
        if len(_STATES) >= STATES_KEPT:
            _STATES.clear()
        found = _STATES[key] = tuple(topics_of_turns(acts, intent, outcome))
    return list(found)


def topics_of_turns(acts: list, intent: str, outcome: str) -> list[tuple]:
    """conversation_state worked out from the acts."""
    followup = next((info[0] for _, act, info in acts if act == "ask_followup"), "none")
    out: list[tuple] = []
    asked = ""
    last_agent = ""
    for role, act, info in acts:
        if role == "customer":
            if act == "ask_followup":
                asked = info[0]
                topics = ("ask:" + QUESTION_TOPIC[asked],)
            elif act == "impatient":
                topics = ("wait",)
            elif act == "push_back":
                topics = ("against:" + last_agent,)
            else:
                topics = ()
            out.append(topics)
            continue
        topics = []
        if act == "inform":
            topics += inform_topics(intent, outcome, followup)
        elif act == "decline" and info:
            topics.append("policy")   # the second refusal explains the rule the first one named
        elif act in SOLUTION_TOPIC:
            topics.append(SOLUTION_TOPIC[act])
        if asked:   # the turn after a follow-up answers it
            topic = QUESTION_TOPIC[asked]
            if topic not in topics and topic not in ("request", "confirm"):
                topics.append(topic)
            asked = ""
        out.append(tuple(topics))
        last_agent = act
    return out


# What went wrong on the way, as the customer lived it: each of these lowers how a good ending is rated.
FRICTION = ("impatient", "report_failed", "push_back", "escalate")


# Good endings that refuse part of what the customer asked (a disputed add-on's fee kept, only the add-on
# cancelled): rated 3 at most.
PARTIAL_REFUSALS = (("bill", "resolved"),)


# Intents whose offer before agreement (offer_terms) gives less than was asked (a temporary limit below the one wanted).
LESS_THAN_ASKED = frozenset({"credit_limit"})


# Intents that open with a grievance (a faulty product, a rude courier): a remedy makes good, it does not earn a 5.
GRIEVANCES = frozenset({"complaint"})


def satisfaction_range(outcome: str, acts: list, ranges: dict, intent: str = "") -> tuple[int, int]:
    """The satisfaction (low, high) a conversation can have: the outcome's range (`ranges`), narrowed by how it
    went. A good ending (resolved, refund, replacement) reached smoothly is rated 4-5, after one setback (waiting,
    a failed fix, a push-back) 3-4, after two or more 3; an escalation is 3-4 when nothing else went wrong, 2-3
    after a push-back or another setback; a refusal after impatience or a failed fix is 1."""
    low, high = ranges[outcome]
    setbacks = sum(1 for a in acts if a in FRICTION)
    if outcome in ("resolved", "refund_issued", "replacement_sent"):
        low, high = ((4, 5), (3, 4), (3, 3))[min(setbacks, 2)]
    elif outcome == "escalated":
        low, high = (3, 4) if setbacks <= 1 else (2, 3)
    elif outcome == "unsatisfied" and ("impatient" in acts or "report_failed" in acts):
        high = low
    if (intent, outcome) in PARTIAL_REFUSALS:
        low, high = min(low, 3), min(high, 3)
    if intent in LESS_THAN_ASKED and "offer_terms" in acts:   # (25000 of the 35000 asked: 总比没有强 is no 5; reading 18 #11)
        low, high = min(low, 4), min(high, 4)
    if intent in GRIEVANCES:   # (a customer who came in wronged is not delighted by the remedy: reading 15 #30)
        low, high = min(low, 4), min(high, 4)
    return low, high


# Intents whose good ending still leaves the customer waiting for something: a parcel, a refund reaching the card,
# an approval, a new card, an invoice being issued.
WAITS_AFTER = ("return_refund", "refund_status", "exchange", "logistics", "urge_shipping", "invoice", "price_protect",
               "credit_limit", "card_loss", "lost_parcel", "delay")


def pending(intent: str, outcome: str) -> str:
    """Whether the customer leaves with something still to come ("yes") or with the matter over ("no"): relief
    (问题解决了就好, 这下放心了) is said only when it is over."""
    return "yes" if outcome != "resolved" or intent in WAITS_AFTER else "no"


# What relief a satisfied customer may voice when the matter is over (pending=no): 问题解决了就好 only where
# something was wrong and is now put right; a question answered is 弄清楚了, a card locked while still missing is
# 放心了 (nothing is solved: the card is still lost).
RELIEF = {"product_inquiry": "told", "transaction_query": "told", "repayment": "told", "card_loss": "secured",
          "complaint": "redressed"}   # (a complaint answered with a remedy: nothing was unclear)


def relief(intent: str) -> str:
    return RELIEF.get(intent, "fixed")
