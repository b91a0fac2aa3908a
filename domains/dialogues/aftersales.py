"""Which real after-sales procedure an e-commerce conversation follows (the plan's `path`), decided from the facts
already drawn (the product's kind, why it goes back, the price, the outcome) and one or two of the record's
uniforms. A real agent does not run one script per intent: a face cream opened is refused where a phone still
sealed is taken back, a 9-yuan fault is refunded without the goods coming back, a title typed wrong is voided
and reissued. Each path has its own agent wording in the grammars (`path=...` conditions), and the path is
recorded in the `told` of the turn that carries it out (`procedure:<path>`), so tests can count them.
"""

from __future__ import annotations

# Every path each intent can take (for tests and the variety benchmark).
PATHS = {
    "return_refund": ("seven_day", "quality_return", "refund_only", "partial", "late", "opened", "activated",
                      "inspection"),
    "exchange": ("same_model", "size_swap", "wrong_item", "out_of_stock", "inspection"),
    "price_protect": ("gap_refund", "late", "flash_sale", "other_seller"),
    "complaint": ("apology_coupon", "compensation", "reship_compensation", "return_exchange", "food_refund",
                  "warranty_repair", "refused_late"),
    "invoice": ("issue_normal", "issue_special", "reissue_title", "pending", "partial_refund", "paper", "tax_form",
                "to_special", "third_party"),
    "repair": ("remote_fix", "replace_15_days", "inspection_mail", "inspection_onsite", "store", "refused_swap",
               "out_of_warranty"),
    "refund_status": ("bank_transit", "merchant_review", "return_unsigned", "instant"),
}
# Food's shelf life as its label states it: a quality complaint about food is decided on it.
SHELF_LIFE = {"food": "9个月"}
# Cash the platform's rules pay for a parcel thrown or a box broken (yuan), by u.
HANDLING_COMPENSATION = (10, 20, 30)
# Kinds that are personal-care or food: once opened, not returnable without reason (卫生原因, 影响二次销售).
SEALED_KINDS = ("beauty", "food")
# Kinds that are returnable without reason only while not activated (激活后影响二次销售): devices tied to an
# account whose activation the back office sees. Earbuds are paired, not activated: a refused earbud return is
# refused for lateness.
ACTIVATED_KINDS = ("phone", "laptop", "watch")
# A fault on goods this cheap (yuan) is refunded without the goods sent back (仅退款): the postage would cost
# the shop more than the item.
REFUND_ONLY_BELOW = 150
# Share of a fault refund offered to keep goods with a small flaw (退部分款, 商品留下).
PARTIAL_SHARES = (0.2, 0.3)


# What is wrong with faulty goods, as the customer says it and as the agent names it on the photos (a plan fact:
# reading 18 heard #7 and #22 as one script, 照片我看过了，问题确实跟您说的一样, whatever the photos showed).
# Only faults a photo can show.
DEFECTS = {
    "device": (("外壳上有划痕", "外壳上那几道划痕"), ("机身上有一处磕碰", "机身那处磕碰"),
               ("屏幕边上有个坏点", "屏幕边上那个坏点")),
    "body": (("外壳上有划痕", "外壳上那几道划痕"), ("机身上有一处磕碰", "机身那处磕碰")),   # (no screen)
    "soft": (("有一处开线了", "开线的那处"), ("上面有一块污渍", "那块污渍"), ("表面有一处破损", "破损的那块")),
    "food": (("好几包受潮了", "受潮结块的那几包"), ("有几袋没封口", "没封口的那几袋")),
    "beauty": (("瓶口是漏的", "瓶口漏出来的痕迹"), ("瓶身有一道裂纹", "瓶身那道裂纹")),
}
DEFECT_GROUP = {"clothing": "soft", "shoes": "soft", "home": "soft", "food": "food", "beauty": "beauty",
                "earbuds": "body", "appliance": "body"}


def defect(kind: str, u: float) -> tuple[str, str]:
    """The flaw of faulty goods of this kind: (the customer's words, the agent's words for it on the photos)."""
    options = DEFECTS[DEFECT_GROUP.get(kind, "device")]
    return options[min(int(u * len(options)), len(options) - 1)]


def return_path(kind: str, reason: str, outcome: str, amount: int, u: float) -> str:
    """The procedure of a return: 七天无理由 for a change of mind, a seller-paid return for a fault, 仅退款 for a
    cheap fault, a partial refund to keep goods unlike their page; refused for lateness, an opened personal-care
    or food item, an activated device; a disputed fault goes to 质检 (inspection)."""
    if outcome == "escalated":
        return "inspection"
    if outcome == "unsatisfied":
        if kind in SEALED_KINDS and u < 0.6:
            return "opened"
        if kind in ACTIVATED_KINDS and u < 0.4:
            return "activated"
        return "late"
    if reason in ("dislike", "size"):
        return "seven_day"
    if reason == "defect" and amount < REFUND_ONLY_BELOW or kind in SHELF_LIFE:
        return "refund_only"   # (food at fault: judged on the photos, never posted back to be tested)
    # Goods unlike the page but usable may be kept for part of the price (a fault that stops use is not).
    return "partial" if reason == "not_as_described" and u < 0.4 else "quality_return"


def exchange_path(reason: str, outcome: str) -> str:
    """The procedure of an exchange: the same model for a fault, another size (the customer's choice), the right
    goods for a wrong item; out of stock ends in a refund; a customer who will not wait for the inspection is
    escalated."""
    if outcome == "escalated":
        return "inspection"
    if outcome == "unsatisfied":
        return "out_of_stock"
    return {"defect": "same_model", "size": "size_swap"}.get(reason, "wrong_item")


def price_path(outcome: str, u: float) -> str:
    """The procedure of a 价保 request: the difference refunded (same goods, same shop, inside 15 days), or
    refused because the window has passed, the lower price is a 秒杀/限时活动 price (not covered), or the lower
    price is another shop's."""
    if outcome != "unsatisfied":
        return "gap_refund"
    return "late" if u < 0.45 else "flash_sale" if u < 0.75 else "other_seller"


def complaint_path(kind: str, grievance: str, late: bool, warranty: bool, u: float) -> str:
    """The remedy of a complaint, by what went wrong and how badly: a rude courier is apologised for with a
    coupon; a parcel thrown or a box broken is compensated in cash by the rules (or, for a broken box, the goods
    go back); a wrong item a seller ignored is reshipped and compensated; faulty goods go back; food is refunded
    on its shelf life; past the 15 days goods with a 保修 are repaired and others refused (with what is left)."""
    if grievance == "courier_rude":
        return "apology_coupon"
    if grievance == "dropped":
        return "compensation" if u < 0.5 else "apology_coupon"
    if grievance == "broken_box":
        return "compensation" if u < 0.5 else "return_exchange"
    if grievance == "wrong_item":
        return "reship_compensation" if u < 0.5 else "return_exchange"
    if kind in SHELF_LIFE:
        return "food_refund"
    if late:
        return "warranty_repair" if warranty else "refused_late"
    return "return_exchange"


# The complaint remedies a real desk offers as a choice (the goods, right or new, or the money back): offered once
# the photos are seen, the customer picks, then it is booked (plan fact choice: goods or refund).
CHOSEN_REMEDIES = ("return_exchange", "reship_compensation")


def compensation(path: str, amount: int, u: float) -> str:
    """The cash a remedy pays (yuan, as text): a fixed handling sum, a tenth of the price (5 at least) for a wrong
    item a seller ignored or for spoiled food; "" for remedies that pay none."""
    if path == "compensation":
        return str(HANDLING_COMPENSATION[min(int(u * len(HANDLING_COMPENSATION)), len(HANDLING_COMPENSATION) - 1)])
    if path in ("reship_compensation", "food_refund"):
        return str(max(5, int(round(amount * 0.1 / 5.0)) * 5))
    return ""


def invoice_path(vat: str, title: str, outcome: str, u: float) -> str:
    """The procedure of an invoice request: an 电子普票 or a 专票 issued, a 普票 issued under a wrong title voided
    (红冲) and reissued, one applied for days ago and not out yet, an order partly refunded first (invoiced on what
    was kept), a paper invoice asked for (the platform issues electronic ones), a company title whose 税号 the
    platform does not hold (typed in the chat), a 普票 changed to a 专票 by the finance team (escalated), or a
    third-party seller's order the platform cannot invoice (invoices.py holds each path's facts)."""
    if outcome == "unsatisfied":
        return "third_party"
    if outcome == "escalated":
        return "to_special"
    if vat == "special":
        return "issue_special"
    for path, upto in INVOICE_SHARES:
        if u < upto and (path != "tax_form" or title == "company"):
            return path
    return "issue_normal"


# Cumulative shares of the ordinary invoice paths (the rest, and a person where tax_form is drawn: issue_normal).
INVOICE_SHARES = (("reissue_title", 0.17), ("pending", 0.34), ("partial_refund", 0.5), ("paper", 0.64),
                  ("tax_form", 0.82))


# Kinds a brand's service points (到店) repair over the counter.
STORE_KINDS = ("phone", "laptop", "watch", "earbuds")
# What a repair out of warranty costs, as a share of the price (the agent's estimate before inspection).
REPAIR_COST_SHARES = (0.12, 0.18, 0.25, 0.3)


def repair_path(outcome: str, mode: str, kind: str, u: float) -> str:
    """The procedure of a repair: a remote fix that works, a 15-day 三包 replacement, an inspection by post, at
    home or at a service point (escalated for priority after the customer said it cannot wait), a swap refused
    until the inspection, or a paid repair past the one-year warranty (the estimate named)."""
    if outcome == "resolved":
        return "remote_fix"
    if outcome == "replacement_sent":
        return "replace_15_days"
    if outcome == "escalated":
        if mode == "onsite":
            return "inspection_onsite"
        return "store" if kind in STORE_KINDS and u < 0.4 else "inspection_mail"
    return "out_of_warranty" if u < 0.5 else "refused_swap"


def repair_cost(price: int, u: float) -> str:
    """The estimate of a paid repair (yuan, in tens, 50 at least)."""
    share = REPAIR_COST_SHARES[min(int(u * len(REPAIR_COST_SHARES)), len(REPAIR_COST_SHARES) - 1)]
    return str(max(50, int(round(price * share / 10.0)) * 10))


def payment(u: float) -> str:
    """How the order was paid, which decides when money sent back arrives: a bank card (half), the account
    balance or a pay-later credit line (a quarter each)."""
    return "card" if u < 0.5 else "balance" if u < 0.75 else "credit"


def balance_hours(u: float) -> str:
    """How soon a refund to the account balance arrives, as the agent tells it once (1 or 2 hours), from the same
    u as payment(): every later line about the timing reads this fact instead of drawing its own."""
    return "1h" if u < 0.625 else "2h"


# 极速退款 (退款先行): a platform pays a return back when it is submitted, before the goods reach the warehouse, only
# to an account in good standing (its credit score, which the platform does not explain) and up to a cap per order;
# otherwise the refund follows the warehouse's receipt of the goods (签收后48小时内 the shop refunds, or the system
# does). This model's rule, after the platforms' published practice: an account of good credit (FAST_CREDIT_SHARE
# of accounts) and an order of at most FAST_REFUND_CAP yuan.
FAST_REFUND_CAP = 3000
FAST_CREDIT_SHARE = 0.8


def fast_refund(amount: int, u: float) -> str:
    """Whether a return that goes back is refunded at once by 极速退款: "yes", or why not: "amount" (above the
    cap) or "credit" (the account does not qualify)."""
    if amount > FAST_REFUND_CAP:
        return "amount"
    return "yes" if u < FAST_CREDIT_SHARE else "credit"


def partial_refund(amount: int, u: float) -> int:
    """What a partial refund pays back (a round sum, at least 5 yuan): a fifth or 30% of the price."""
    share = PARTIAL_SHARES[min(int(u * len(PARTIAL_SHARES)), len(PARTIAL_SHARES) - 1)]
    return max(5, int(round(amount * share / 5.0)) * 5)


# The acts that carry out (or refuse) the procedure: the first of them in a conversation records the path.
# (A return's terms, offered before it is submitted, are where its procedure is first carried out: offer_terms.)
CARRIES = ("troubleshoot", "offer_terms", "propose_refund", "propose_replacement", "propose_solution", "decline",
           "escalate")


def mark(told: list, acts: list, path: str) -> list:
    """`told` with `procedure:<path>` added to the first agent turn that carries out the procedure."""
    for k, (role, act, _) in enumerate(acts):
        if role == "agent" and act in CARRIES:
            told[k] = told[k] + ("procedure:" + path,)
            break
    return told


# -- where is my refund (refund_status) --------------------------------------------------------------------------
# A refund the customer has not received is in one of four places, each with its own next step:
# - merchant_review:  the application waits for the shop's review (48 hours; past that the system approves it),
#                     or the shop has rejected it and the platform steps in (平台介入, escalated)
# - return_unsigned:  a return refund waits for the goods: the tracking number was never filled in, the parcel is
#                     still on its way, or the warehouse signed it and the shop has 48 hours to refund
# - bank_transit:     approved and sent back the original way (原路退回): a debit card 1-3 working days, a credit
#                     card 3-7; past that the customer asks the bank with the refund's number, then it is escalated
# - instant:          paid from the balance or the pay-later line: back at once, but not on the bank card the
#                     customer is looking at
REFUND_STATUS_PATHS = {
    "resolved": (("bank_transit", 3.0), ("merchant_review", 2.0), ("return_unsigned", 2.5), ("instant", 1.5)),
    "escalated": (("bank_transit", 2.0), ("merchant_review", 1.0)),
    "unsatisfied": (("bank_transit", 1.0), ("merchant_review", 1.0)),
}
# The bank's working days for a refund to a card, and the calendar days after which it is overdue.
BANK_WINDOW = {"card": ("1到3个", 5), "creditcard": ("3到7个", 9)}
RETURN_STUCK = ("tracking", "transit", "signed")


def refund_status_facts(outcome: str, u_path: float, u_pay: float, u_days: float) -> tuple[str, dict, int]:
    """(path, plan variables, days before the conversation of the date the record names: the refund sent for
    bank_transit and instant, the application for merchant_review and return_unsigned)."""
    options = REFUND_STATUS_PATHS[outcome]
    total = sum(w for _, w in options)
    acc, path = 0.0, options[-1][0]
    for name, weight in options:
        acc += weight / total
        if u_path < acc:
            path = name
            break
    env = {"path": path}
    if path == "bank_transit":
        env["pay"] = "card" if u_pay < 0.6 else "creditcard"
        days_said, overdue = BANK_WINDOW[env["pay"]]
        env["bank_days"] = days_said
        days = overdue + 1 + int(u_days * 5) if outcome == "escalated" else 1 + int(u_days * (overdue - 2))
        env["window"] = "past" if days > overdue else "inside"
        return path, env, days
    if path == "instant":
        env["pay"] = "balance" if u_pay < 0.5 else "credit"
        return path, env, 1 + int(u_days * 3)
    if path == "merchant_review":   # rejected only when escalated; a pending review is under its 48 hours
        env["review"] = "rejected" if outcome == "escalated" else "pending"
        return path, env, 2 + int(u_days * 3) if outcome == "escalated" else 1
    env["stuck"] = RETURN_STUCK[min(int(u_pay * len(RETURN_STUCK)), len(RETURN_STUCK) - 1)]
    return path, env, 3 + int(u_days * 4)


# -- evidence before a remedy for a fault ----------------------------------------------------------------------
# A platform agrees to an exchange, a refund for a fault or a compensation only once it has seen the fault: photos
# (of the flaw, the broken box or the spoiled food) come before the remedy. The customer may have sent them with
# the first message ("sent": the agent refers to them), else the agent asks for them after the look-up and the
# customer sends them (the act send_evidence) before any remedy is proposed ("upload").
EVIDENCED = {"exchange": ("same_model",), "return_refund": ("quality_return", "refund_only", "partial", "inspection"),
             "complaint": ("compensation", "return_exchange", "food_refund", "reship_compensation")}
# The order of a remedy's steps on the platform, as the turns tell them (a `step:<name>` topic each).
STEPS = ("evidence", "review", "return", "refund")


def needs_evidence(intent: str, env: dict) -> bool:
    """Whether this dialogue's remedy rests on the customer's photos of the fault."""
    # (a wrong item too: the goods received and their label are seen before anything is reshipped or refunded,
    # reading 17 #6, #24)
    return env.get("path") in EVIDENCED.get(intent, ())


def evidence(acts: list, u: float) -> tuple[str, list]:
    """("sent" or "upload", the acts): photos sent with the opening, or asked for after the look-up and sent in a
    turn of their own before anything is proposed (sent where there is no look-up to ask in)."""
    at = next((k for k, (_, act, _) in enumerate(acts) if act == "inform"), None)
    if at is None or u < 0.4:
        return "sent", acts
    return "upload", acts[:at + 1] + [("customer", "send_evidence", ())] + acts[at + 1:]


def mark_steps(told: list, acts: list, photos: str) -> list:
    """`told` with `step:evidence` on the turn where the photos are seen (the look-up that asks for them, or the
    first remedy that refers to those sent) and `step:review` on the first remedy after it."""
    for k, (role, act, _) in enumerate(acts):
        if role != "agent":
            continue
        if photos == "upload" and act == "inform":
            told[k] = told[k] + ("step:evidence",)
        elif act in CARRIES:
            told[k] = told[k] + (("step:evidence",) if photos == "sent" else ()) + ("step:remedy",)
            break
    return told
