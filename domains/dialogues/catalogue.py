"""What the dialogues domain knows before it draws anything: sectors and their companies, the intents of each
scenario (what the agent must ask for, what the customer may say unasked, which outcomes can happen and how
often), the dialogue acts with their skeleton placeholders, the slots with their spoken names, and the tables in
lexicons/dialogues/ (products, faults with troubleshooting steps, couriers, phone plans, typos)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from synth.grammar import Grammar, load_grammar
from synth.resources import domain_path, read_table

SECTORS = ("ecommerce", "telecom", "bank", "delivery")
# The company the customer writes to, by sector and platform. All invented: no real company is named.
COMPANY = {"mall": "优品商城", "market": "好物集市", "telecom": "星联通信", "bank": "恒信银行信用卡中心",
           "delivery": "速达物流"}
OUTCOMES = ("resolved", "refund_issued", "replacement_sent", "escalated", "unsatisfied")
# Satisfaction (1-5) each outcome allows; the customer's mood on the way (impatience, pushing back) lowers it.
SATISFACTION_RANGE = {"resolved": (3, 5), "refund_issued": (3, 5), "replacement_sent": (3, 5),
                      "escalated": (2, 4), "unsatisfied": (1, 2)}


@dataclass(frozen=True)
class Intent:
    key: str
    scenario: str            # the scenario's Chinese name (退货退款)
    sector: str
    asks: tuple[str, ...]    # slots the agent needs from the customer, in the order it asks for them
    says: tuple[str, ...]    # slots the customer states in describing the problem
    tells: tuple[str, ...]   # slots the agent looks up and tells
    outcomes: dict           # outcome -> weight
    kinds: tuple[str, ...] = ()   # product kinds the intent applies to (ecommerce); () = any
    troubleshoot: bool = False    # the agent walks the customer through fixes first
    lookup: bool = True           # the agent checks a system and informs


I = Intent
INTENTS: dict[str, Intent] = {i.key: i for i in (
    # -- e-commerce after-sales ----------------------------------------------------------------------------------
    I("return_refund", "退货退款", "ecommerce", ("order_no",), ("model", "purchase_date"), ("amount",),
      {"refund_issued": 0.65, "escalated": 0.15, "unsatisfied": 0.2}),
    I("refund_status", "退货退款", "ecommerce", ("order_no",), ("model",), ("amount", "refund_date"),
      {"resolved": 0.7, "escalated": 0.2, "unsatisfied": 0.1}),
    I("exchange", "换货", "ecommerce", ("order_no", "address"), ("model",), (),
      {"replacement_sent": 0.75, "escalated": 0.1, "unsatisfied": 0.15},
      kinds=("clothing", "shoes", "phone", "earbuds", "watch", "home")),
    I("repair", "维修", "ecommerce", ("order_no",), ("model", "purchase_date"), (),
      {"resolved": 0.4, "replacement_sent": 0.2, "escalated": 0.25, "unsatisfied": 0.15},
      kinds=("phone", "earbuds", "laptop", "watch", "appliance"), troubleshoot=True, lookup=False),
    I("logistics", "物流查询", "ecommerce", ("order_no",), ("model",), ("courier", "tracking_no", "eta"),
      {"resolved": 0.75, "escalated": 0.15, "unsatisfied": 0.1}),
    I("urge_shipping", "催发货", "ecommerce", ("order_no",), ("model", "purchase_date"), ("ship_date",),
      {"resolved": 0.7, "refund_issued": 0.1, "unsatisfied": 0.2}),
    I("invoice", "发票", "ecommerce", ("order_no", "invoice_title"), ("model",), ("amount",),
      {"resolved": 0.85, "escalated": 0.1, "unsatisfied": 0.05}),
    I("price_protect", "价保", "ecommerce", ("order_no",), ("model", "new_price"), ("amount", "price_gap"),
      {"refund_issued": 0.7, "unsatisfied": 0.3}),
    I("product_inquiry", "商品咨询", "ecommerce", (), ("model",), (),
      {"resolved": 0.9, "unsatisfied": 0.1}),
    I("complaint", "投诉", "ecommerce", ("order_no", "phone"), ("model",), (),
      {"escalated": 0.3, "resolved": 0.55, "unsatisfied": 0.15}),   # most take the remedy offered
    # -- telecom -------------------------------------------------------------------------------------------------
    I("bill", "话费账单", "telecom", ("phone",), ("bill_month",), ("bill_amount",),
      {"resolved": 0.6, "refund_issued": 0.2, "escalated": 0.1, "unsatisfied": 0.1}),
    I("recharge_missing", "话费账单", "telecom", ("phone",), ("recharge",), (),
      {"resolved": 0.7, "escalated": 0.2, "refund_issued": 0.1}),
    I("data_plan", "流量套餐", "telecom", ("phone",), (), ("plan", "new_plan"),
      {"resolved": 0.85, "unsatisfied": 0.15}),
    I("suspension", "停机复机", "telecom", ("phone",), (), ("arrears",),
      {"resolved": 0.8, "escalated": 0.1, "unsatisfied": 0.1}),
    I("broadband", "宽带故障", "telecom", ("phone", "address"), (), (),
      {"resolved": 0.45, "escalated": 0.4, "unsatisfied": 0.15}, troubleshoot=True, lookup=False),
    # -- banking -------------------------------------------------------------------------------------------------
    I("card_loss", "挂失补卡", "bank", ("card_tail", "phone"), (), (),
      {"resolved": 0.9, "unsatisfied": 0.1}),
    I("credit_limit", "额度调整", "bank", ("card_tail",), ("wanted_limit",), ("limit",),
      {"resolved": 0.5, "unsatisfied": 0.35, "escalated": 0.15}),
    I("transaction_query", "交易疑问", "bank", ("card_tail",), ("txn_date", "txn_amount"), ("merchant", "payment_auth"),
      {"resolved": 0.5, "escalated": 0.4, "unsatisfied": 0.1}),
    I("repayment", "还款", "bank", ("card_tail",), (), ("bill_amount", "due_date"),
      {"resolved": 0.9, "unsatisfied": 0.1}),
    I("repayment_not_posted", "还款", "bank", ("card_tail",), ("pay_date", "pay_amount"), (),
      {"resolved": 0.75, "escalated": 0.2, "unsatisfied": 0.05}),
    # -- delivery ------------------------------------------------------------------------------------------------
    I("lost_parcel", "快递丢失", "delivery", ("tracking_no", "phone"), (), ("last_scan", "declared"),
      {"refund_issued": 0.45, "escalated": 0.4, "unsatisfied": 0.15}),
    I("change_address", "改地址", "delivery", ("tracking_no", "phone"), ("address",), (),
      {"resolved": 0.8, "unsatisfied": 0.2}),
    I("delay", "延误", "delivery", ("tracking_no",), (), ("last_scan", "eta"),
      {"resolved": 0.7, "escalated": 0.15, "unsatisfied": 0.15}),
)}
del I
INTENT_KEYS = tuple(INTENTS)

# The customer's follow-up question after the agent has said what it found, by kind: how_long (多久), cost (要钱吗,
# 怎么赔), how (怎么退, 要我自己寄吗), can_you (能不能快点, 能退吗), why (为什么), confirm (会影响征信吗), what_next
# (那怎么办). Per intent and outcome, only the kinds the agent's next turn answers ("*": any outcome). The question
# is part of the plan; the grammar renders ask_followup.<intent> and the answer (answer.<intent>) with `q` set.
# The question's wording is keyed by what the agent's last turn said where that varies (ask_followup.<intent> with
# the plan's variable: 保修 -> what a repair costs, 七天无理由 -> who pays a return's postage, stock -> a discount;
# a top-up found arrived -> whether the line works, or why the app shows the old balance), never drawn from a pool
# for the whole intent.
QUESTION_KINDS = ("how_long", "cost", "how", "can_you", "why", "confirm", "what_next")
FOLLOWUPS = {
    "return_refund": {"refund_issued": ("how_long", "how", "cost"), "escalated": ("what_next", "how"),
                      "unsatisfied": ("can_you",)},
    "refund_status": {"resolved": ("how_long", "why"), "escalated": ("what_next",), "unsatisfied": ("can_you",)},
    "exchange": {"replacement_sent": ("how_long", "how", "cost"), "escalated": ("how_long",),
                 "unsatisfied": ("what_next",)},
    "repair": {"*": ("what_next", "confirm")},
    "logistics": {"resolved": ("can_you", "why", "confirm"), "escalated": ("can_you",), "unsatisfied": ("can_you",)},
    "urge_shipping": {"resolved": ("why", "confirm"), "refund_issued": ("can_you",), "unsatisfied": ("can_you",)},
    "invoice": {"*": ("how_long", "how")},
    "price_protect": {"refund_issued": ("how_long", "cost"), "unsatisfied": ("can_you",)},
    "product_inquiry": {"*": ("cost",)},
    "complaint": {"*": ("what_next",)},
    "bill": {"refund_issued": ("can_you",), "resolved": ("why", "can_you"), "escalated": ("why",),
             "unsatisfied": ("can_you",)},
    "recharge_missing": {"resolved": ("confirm", "why"), "escalated": ("what_next",), "refund_issued": ("what_next",)},
    "data_plan": {"resolved": ("what_next", "cost"), "unsatisfied": ("can_you",)},
    "suspension": {"resolved": ("how_long", "how"), "escalated": ("how_long",), "unsatisfied": ("can_you",)},
    "broadband": {"escalated": ("how_long", "what_next"), "unsatisfied": ("what_next",)},
    "card_loss": {"resolved": ("cost", "how_long", "confirm"), "unsatisfied": ("what_next",)},
    "credit_limit": {"resolved": ("how_long", "can_you"), "escalated": ("can_you",), "unsatisfied": ("can_you",)},
    "transaction_query": {"resolved": ("why",), "escalated": ("what_next",), "unsatisfied": ("can_you",)},
    "repayment": {"resolved": ("can_you", "how", "why"), "unsatisfied": ("can_you",)},
    "repayment_not_posted": {"resolved": ("why", "confirm"), "escalated": ("confirm",), "unsatisfied": ("can_you",)},
    "lost_parcel": {"refund_issued": ("cost",), "resolved": ("what_next",), "escalated": ("what_next",), "unsatisfied": ("can_you",)},
    "change_address": {"resolved": ("how_long", "cost"), "unsatisfied": ("what_next",)},
    "delay": {"resolved": ("can_you",), "escalated": ("what_next",), "unsatisfied": ("can_you",)},
}
SCENARIOS = tuple(dict.fromkeys(i.scenario for i in INTENTS.values()))
# Labels of matters raised only second (a question about a fee or a rule, not a case of any intent's): what is
# asked is labelled by what it is (an annual-fee question is not a transaction query), with its scenario and sector.
SECOND_ONLY = {"annual_fee": ("年费咨询", "bank"), "parcel_insurance": ("保价咨询", "delivery"),
               "recharge_time": ("充值到账时间", "telecom"), "family_card": ("副卡办理", "telecom")}


def scenario_of(label: str) -> str:
    """The scenario of an intent or of a second-matter-only label."""
    return INTENTS[label].scenario if label in INTENTS else SECOND_ONLY[label][0]
# Intents whose matter is already late when the customer writes in (a parcel, a shipment, a refund, a top-up or a
# payment not arrived): only these have an apology that owns a delay (让您久等了, 耽误您事了) when the customer
# pushes back (model.py adds an escalated suspension: paid hours ago, still off; rules.delay_owned_only_when_late).
DELAYED = ("logistics", "delay", "lost_parcel", "urge_shipping", "refund_status", "recharge_missing",
           "repayment_not_posted")
# What the service is about when there is no shop product.
SECTOR_PRODUCT = {"telecom": "手机号", "bank": "信用卡", "delivery": "快递"}

# Slots: how each is named when asked for, and which are identifiers the customer may type unasked.
SLOT_NAME = {"order_no": "订单号", "address": "收货地址", "invoice_title": "发票抬头", "phone": "手机号",
             "card_tail": "卡号后四位", "tracking_no": "运单号", "model": "型号", "new_price": "现在的价格",
             "wanted_limit": "想调的额度", "order_phone": "充值号码", "wrong_id": "有误的单号", "posted_at": "到账时间",
             "new_limit": "调整后的额度", "temp_end": "临时额度到期日"}
# The other names an agent asks for a slot by (the first is SLOT_NAME's), by sector where they differ.
SPOKEN_NAMES = {"order_no": ("订单号", "订单编号"), "tracking_no": ("运单号", "快递单号"),
                "address": ("收货地址", "收件地址"), "invoice_title": ("发票抬头", "开票抬头"),
                "phone": ("手机号", "手机号码", "联系电话"), "card_tail": ("卡号后四位", "卡号末四位", "卡片后四位"),
                ("address", "telecom"): ("装机地址", "安装地址", "宽带地址"),
                ("phone", "bank"): ("预留手机号", "手机号", "预留的手机号码", "银行预留的手机号"),
                ("phone", "telecom"): ("手机号", "手机号码", "号码")}
IDENTIFIERS = ("order_no", "tracking_no", "phone", "card_tail")
DATE_SLOTS = ("purchase_date", "txn_date", "due_date", "ship_date", "eta", "refund_date", "pay_date", "apply_date",
              "temp_end", "received_date", "bill_due", "post_date")
# Date slots that lie before the conversation (the others are promised dates after it).
PAST_DATE_SLOTS = ("purchase_date", "txn_date", "refund_date", "pay_date", "apply_date", "received_date", "bill_due",
                   "post_date")

# Dialogue acts: who performs each, and the bracketed placeholder the skeleton stage prints.
ACTS = {
    "greet_only": ("customer", "[打招呼]"),
    "ask_need": ("agent", "[询问来意]"),
    "describe_problem": ("customer", "[问题描述]"),
    "ask_info": ("agent", "[询问信息]"),
    "confirm_info": ("agent", "[核对信息]"),
    "provide_info": ("customer", "[提供信息]"),
    "not_found": ("agent", "[查无此号]"),
    "correct_info": ("customer", "[更正信息]"),
    "dispute": ("customer", "[质疑结果]"),
    "recheck": ("agent", "[复核]"),
    "accept_fact": ("customer", "[认可结果]"),
    "affirm": ("customer", "[确认]"),
    "impatient": ("customer", "[催促]"),
    "check": ("agent", "[查询]"),
    "hold_ping": ("customer", "[等待中询问]"),
    "inform": ("agent", "[告知结果]"),
    "troubleshoot": ("agent", "[排查步骤]"),
    "report_failed": ("customer", "[反馈：没有解决]"),
    "report_worked": ("customer", "[反馈：解决了]"),
    "ask_followup": ("customer", "[追问]"),
    "send_evidence": ("customer", "[发送照片]"),
    "propose_solution": ("agent", "[解决方案]"),
    "propose_refund": ("agent", "[解决方案：退款]"),
    "propose_replacement": ("agent", "[解决方案：换新]"),
    "decline": ("agent", "[说明无法办理]"),
    "push_back": ("customer", "[不接受]"),
    "reassure": ("agent", "[安抚并坚持方案]"),
    "escalate": ("agent", "[转交专员]"),
    "offer_terms": ("agent", "[提出条件并征求同意]"),
    "agree": ("customer", "[同意]"),
    "decline_offer": ("customer", "[不需要]"),
    "accept": ("customer", "[接受]"),
    "confirm_done": ("agent", "[确认办妥]"),
    "give_up": ("customer", "[放弃，不满意]"),
    "ask_other": ("customer", "[另一件事]"),
    "answer_other": ("agent", "[答复另一件事]"),
    "thank": ("customer", "[致谢]"),
    "anything_else": ("agent", "[询问其他需求]"),
    "no_more": ("customer", "[没有其他问题]"),
    "close": ("agent", "[结束语]"),
}
ROLE_NAME = {"customer": "客户", "agent": "客服"}


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    return load_grammar(domain_path("dialogues", "grammars"))


@dataclass(frozen=True)
class Tables:
    kinds: np.ndarray
    products: np.ndarray
    units: np.ndarray
    models: list
    log_price: np.ndarray
    faults: np.ndarray
    product_weight: np.ndarray
    fault_rows: dict          # fault group -> row indices of faults
    fault_table: list         # dict per fault row
    couriers: list            # (name, prefix, digits, lead)
    courier_weight: np.ndarray
    plans: list               # (name, price, data, calls)
    typos: list               # (word, typo)
    habits: dict              # an agent's set phrase -> (its family's number, the family's phrases)
    flaws: dict               # product -> what a complaint about its quality says went wrong
    warranties: np.ndarray    # the product's 保修 term (一年), "-" for goods without one (clothes, food ...)


@lru_cache(maxsize=1)
def tables() -> Tables:
    p = read_table("dialogues", "products.tsv")
    f = read_table("dialogues", "faults.tsv")
    c = read_table("dialogues", "couriers.tsv")
    plans = read_table("dialogues", "plans.tsv")
    typos = read_table("dialogues", "typos.tsv")
    habits: dict = {}
    for family, phrases in enumerate(read_table("dialogues", "habits.tsv")["phrases"]):
        variants = tuple(phrases.split("|"))
        for phrase in variants:
            assert phrase not in habits, f"habits.tsv: {phrase} is in two families"
            habits[phrase] = (family, variants)
    # What a complaint about quality says went wrong, by product: the agent must have heard what happened before
    # any remedy, so the customer's opening names it (质量太差了 alone is not a complaint anyone can act on).
    flaws = {r["product"]: tuple(r["flaws"].split("|")) for r in read_table("dialogues", "flaws.tsv").to_dict("records")}
    fault_rows: dict = {}
    for k, group in enumerate(f["fault"]):
        fault_rows.setdefault(group, []).append(k)
    return Tables(
        p["kind"].to_numpy(dtype=object), p["product"].to_numpy(dtype=object), p["unit"].to_numpy(dtype=object),
        [m.split("|") for m in p["models"]], np.log(p["median_price"].astype(float).to_numpy()),
        p["fault"].to_numpy(dtype=object), p["weight"].astype(float).to_numpy(),
        {g: np.array(rows) for g, rows in fault_rows.items()}, f.to_dict("records"),
        [(r["courier"], "" if r["prefix"] == "-" else r["prefix"], int(r["digits"]), r["lead"])
         for r in c.to_dict("records")], c["weight"].astype(float).to_numpy(),
        [(r["plan"], int(r["price"]), r["data"], int(r["calls"])) for r in plans.to_dict("records")],
        list(zip(typos["word"], typos["typo"])), habits, flaws,
        p["warranty"].to_numpy(dtype=object))
