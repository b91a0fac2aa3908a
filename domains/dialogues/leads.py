"""Who leads a service chat and what goes wrong in it (issue 12 item 6: thirty chats read aloud should not all run
greet -> problem -> the agent asks for the number -> look-up -> finding -> close). Each is a plan choice with its
own acts, slots and effects, drawn per plan from a uniform of its own:

- given:    the customer puts the order, tracking or phone number in the first message and the agent goes straight to
            the look-up (or only confirms it). How often depends on the scenario: a tracking number is pasted from
            the courier's text (delivery, a parcel's whereabouts), an order number copied from the order page; a
            mobile number less often (the chat often comes from it), a bank card never unasked where the holder is
            verified. GIVEN_RATE, about 30% overall.
- wrong_id: the order or tracking number the customer gives finds nothing: one digit slipped (typo) or the number
            of another order or parcel (other). The agent says it finds nothing under it (not_found, naming the
            number) and the customer sends the right one (correct_info). The mistaken number is the slot wrong_id,
            said only in the turn that gave it and the agent's not_found; the identifier slot keeps the true one
            (rules.slip_is_marked). The customer's own slip costs no satisfaction.
- dispute:  the customer disputes the look-up's finding with a reason of their own (a top-up shown as arrived: 余额
            没变): the agent re-checks (recheck) and names one more record fact the finding rests on (the time it was
            posted, the slot posted_at), and the customer accepts it (accept_fact). DISPUTE_RATE of the dialogues whose
            finding can be disputed (DISPUTABLE); such a dialogue asks no follow-up (the dispute is its question).
"""

from __future__ import annotations

from operator import itemgetter

# How often the customer volunteers the identifier in the first message, by intent (then by sector).
GIVEN_RATE = {"delivery": 0.36, "ecommerce": 0.3, "telecom": 0.24, "bank": 0.2,
              # a parcel's whereabouts: the number is pasted from the text message; a shop order from its page
              "logistics": 0.38, "urge_shipping": 0.36, "refund_status": 0.34, "invoice": 0.34,
              # a bill or a top-up is asked about from the number itself: its number is given less often
              "bill": 0.2, "recharge_missing": 0.22}
# Identifiers a customer mistypes or confuses with another order's or parcel's, and how often (of the dialogues
# in which the customer gives one).
WRONG_ID_SLOTS = ("order_no", "tracking_no")
WRONG_ID_RATE = 0.1
OTHER_SHARE = 0.4   # of the slips: the number of another order or parcel, not a typo


def given_rate(intent: str, sector: str) -> float:
    return GIVEN_RATE.get(intent, GIVEN_RATE.get(sector, 0.3))


def wrong_id(ids: list, u: float) -> str:
    """The identifier slot the customer gets wrong, or ""."""
    return ids[0] if ids and ids[0] in WRONG_ID_SLOTS and u < WRONG_ID_RATE else ""


def slip_kind(u: float) -> str:
    return "other" if u < OTHER_SHARE else "typo"


def wrong_number(value: str, slip: str, u: float) -> str:
    """The number the customer gave instead of `value`: a typo swaps two neighbouring digits that differ (or moves
    one digit by one); another order's or parcel's number keeps the shape (prefix, length, first digits) and differs
    in the last six digits."""
    head = len(value) - len(value.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    digits = list(value[head:])
    if slip == "other":
        tail = list(f"{int(u * 1_000_000):06d}")
        if tail == digits[-6:]:
            tail[-1] = str((int(tail[-1]) + 1) % 10)
        return value[:head] + "".join(digits[:-6] + tail)
    k = 2 + min(int(u * (len(digits) - 3)), len(digits) - 4)   # (never the leading digits: they are the shape)
    if digits[k] != digits[k + 1]:
        digits[k], digits[k + 1] = digits[k + 1], digits[k]
    else:
        digits[k + 1] = str((int(digits[k + 1]) + 1) % 10)
    return value[:head] + "".join(digits)


def policy_slip(acts: list, slot: str) -> list:
    """The agent's not_found and the customer's correction (correct_info) after the customer turn that gave `slot`
    last (the opening or the answer to the ask)."""
    k = max(i for i, (role, act, info) in enumerate(acts) if role == "customer" and slot in info)
    return acts[:k + 1] + [("agent", "not_found", (slot,)), ("customer", "correct_info", (slot,))] + acts[k + 1:]


# Acts that may say the mistaken number: the customer turn that gave it and the agent's not_found.
SLIP_SAYERS = ("describe_problem", "provide_info", "not_found")


def slip_is_marked(truth: dict, turns: list, text: str) -> bool:
    """Where a plan has a mistaken identifier (the slot wrong_id), it is said only by the turn that gave it (followed
    by the agent's not_found) and by the not_found, once each, and differs from every identifier; the correction
    after it says the true number."""
    wrong = truth.get("wrong_id")
    if wrong is None:
        return not any(t["act"] == "not_found" for t in turns)
    if wrong in (truth.get("order_no"), truth.get("tracking_no")):
        return False
    sayers = 0
    for k, turn in enumerate(turns):
        said = turn.get("slots_mentioned") or {}
        if "wrong_id" not in said:
            continue
        if turn["act"] not in SLIP_SAYERS or turn["text"].count(wrong) != 1:
            return False
        if turn["act"] != "not_found" and (k + 1 >= len(turns) or turns[k + 1]["act"] != "not_found"):
            return False
        sayers += 1
    if sayers != text.count(wrong):
        return False
    for k, turn in enumerate(turns):
        if turn["act"] == "not_found":
            after = turns[k + 1] if k + 1 < len(turns) else None
            slot = (turn.get("slots_requested") or [""])[0]
            if after is None or after["act"] != "correct_info" or \
                    (after.get("slots_mentioned") or {}).get(slot) != truth.get(slot):
                return False
    return True


# Findings a customer may dispute, by intent and procedure (env["path"]), and how often.
DISPUTABLE = {"recharge_missing": ("posted",)}
DISPUTE_RATE = 0.15


def disputes(intent: str, path: str, u: float) -> bool:
    return path in DISPUTABLE.get(intent, ()) and u < DISPUTE_RATE


def posted_at(u: float) -> str:
    """The time a top-up was posted (HH:MM, in the day's waking hours), a record fact the recheck names."""
    minutes = 8 * 60 + int(u * 13 * 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


_ACT = itemgetter("act")   # (map() over the turns needs no frame)
# The record facts a recheck may name (slots); a dispute is answered by a recheck naming one of them.
RECHECK_FACTS = ("posted_at",)


def dispute_is_rechecked(turns: list) -> bool:
    """Every dispute is answered straight away by a recheck that names a record fact (RECHECK_FACTS), which the
    customer then accepts; there is no recheck without a dispute."""
    acts = list(map(_ACT, turns))
    if "dispute" not in acts and "recheck" not in acts:   # (most dialogues: no turn to read)
        return True
    for k, turn in enumerate(turns):
        if turn["act"] == "dispute":
            after = turns[k + 1] if k + 1 < len(turns) else None
            if after is None or after["act"] != "recheck" or \
                    not set(after.get("slots_mentioned") or {}) & set(RECHECK_FACTS):
                return False
            if k + 2 >= len(turns) or turns[k + 2]["act"] != "accept_fact":
                return False
        elif turn["act"] == "recheck" and (k == 0 or turns[k - 1]["act"] != "dispute"):
            return False
    return True
