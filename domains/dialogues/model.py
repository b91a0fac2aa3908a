"""The model of one service conversation, before any text: who the customer is talking to, about what, the slot
values (the ground truth every turn must agree with), the facts a real agent and customer would bring up (a
phone's symptom and the fix to try, the delay, the policy that applies), the outcome, and the sequence of dialogue
acts from the intent's policy (`policy_acts`, a small state machine with branches).

Slot values that need a whole column (order and tracking numbers, masked phones, addresses, card tails) are drawn
for a batch at once (`batch_values`); the rest of a plan comes from the record's own row of uniforms
(`make_plan`), so a plan is a pure function of (seed, record index).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import zlib
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

import numpy as np
from numpy.dtypes import StringDType

from synth.distributions import choose_index
from synth.domains.persons import sample_birth_divisions, sample_phones, write_addresses
from synth.randomness import BlockRandom

from . import aftersales, bank_lock, bank_policy, consent, heed, leads, procedures, shapes
from . import complaints, invoices
from .complaints import VOICED
from .catalogue import COMPANY, DELAYED, FOLLOWUPS, INTENTS, SATISFACTION_RANGE, SECTOR_PRODUCT, Intent, tables
from .inquiry import inquiry_asks, inquiry_facts, inquiry_topics
from . import parcels
from . import ratings, second_context
from .parcels import ADDRESS_CHANGES, HUBS, late_causes, peak_sale, sale, weathers
from .presale import shipping_holds
from .push_moves import push_move
from .service_points import service_point
from .shipping_sheet import order_age, order_sheet
from .state import conversation_state, pending, relief, satisfaction_range

CHASED_CAUSES = ("peak", "hub", "missort")   # a late parcel's causes a chase to the hub can speed
STALE_SHARE = 0.3   # logistics openings that say the tracking has not moved for days
STALE_EXCLUDED = ("station", "address")   # causes of a day, not of days without a scan
PLAN_DRAWS = 32          # uniforms per record for the plan (see make_plan for what each one decides)
RETURN_WINDOW_DAYS = 7   # 七天无理由退货: counted here from the purchase date to the conversation
# Intents whose solution means waiting for something, which a customer may push back on.
WAITING = ("return_refund", "refund_status", "exchange", "repair", "logistics", "urge_shipping", "invoice", "price_protect", "bill",
           "card_loss", "credit_limit", "lost_parcel", "delay", "broadband")
# Intents whose conversation is about when something was bought (the others carry no purchase date).
DATED_PURCHASES = ("return_refund", "repair", "urge_shipping", "price_protect", "exchange")
# Intents whose opening already asks the yes/no question (帮我退了吧, 能价保吗): a refusal answers it straight after
# the look-up, with the facts it rests on (the purchase date), instead of a recital the customer must ask again after.
ASKED_IN_OPENING = ("return_refund", "price_protect")
# Intents whose solution is booked only once the customer has agreed (a plan change after the identity check): the
# agent's confirmation that it is done ends the first matter, so a second matter is raised only after it.
BOOKED_ON_CONSENT = ("data_plan",)
PLAN_OFFERED_RATE = 0.58  # of new plans agreed: offered as a question before the identity check (telecom.grammar)
# Intents that change the card, done only once the holder is verified (card tail and a code to the phone on file),
# and those that disclose the card's bill or transactions, told only to a verified holder (a bank's procedure: the
# card tail alone is no identity check; issue 12, reading 16 #13 #25).
VERIFIED = ("card_loss", "credit_limit", "transaction_query", "repayment", "repayment_not_posted")
# How a bank verifies the holder before a change to the card: a code sent to the phone on file, the ID card's last
# four digits, the security question set at opening, or a face check in the app (a limit review is done there).
# (id: the holder's name and ID number; idphone: the ID number and the phone number on file, typed in the secure
# keyboard)
VERIFY_FORMS = {"card_loss": (("sms", 5), ("id", 1.5), ("idphone", 1.5), ("question", 2)),
                "credit_limit": (("sms", 4), ("face", 4), ("id", 1), ("idphone", 1))}
# A disclosure: a code to the phone on file, the holder's name and ID number typed into the secure keyboard, or the
# app's own verified session (the chat opened from the logged-in card app: the login was the check).
DISCLOSE_FORMS = (("sms", 4), ("id", 1.5), ("idphone", 1.5), ("app", 3))
for _intent in ("transaction_query", "repayment", "repayment_not_posted"):
    VERIFY_FORMS[_intent] = DISCLOSE_FORMS
# Forms that use the phone on file themselves (a code sent to it, or the number typed into the secure keyboard): the
# phone is not asked for in the chat as well (麻烦说一下卡号后四位和手机号，再…填身份证号以及预留的手机号 asked it twice).
PHONE_ON_FILE = ("sms", "idphone")
# A carrier tells a bill or a balance, and cancels an add-on, only to the number's verified owner (reading 20 r1 #3
# #10 #11 #16 #18 #21): the service password or a code sent to the number, typed into the chat's verification box
# with the number, or the logged-in App the chat was opened from (the login was the check).
TELECOM_VERIFIED = ("bill", "recharge_missing")
TELECOM_VERIFY_FORMS = (("password", 3), ("sms", 3), ("app", 2))
FOLLOWUP_BEFORE_DECLINE = ("logistics", "suspension", "repayment", "lost_parcel", "delay")
# After a look-up the customer asks a follow-up only about half the time (u[12], LOOKUP_FOLLOWUP_RATE): the news tells the status and
# its cause and the solution follows. It is kept where the solution is the answer to what the customer must still
# ask: a pre-sale question (its answers are the customer's asks, inquiry.py) and a top-up found on the account
# (能正常用了吧 after arrears or a posted top-up, 主卡余额在哪看 on a shared plan: the solution answers that).
LOOKUP_FOLLOWUP_RATE = 0.42   # (with the kept ones and those after impatience: about half of the look-ups)
# So is a request the solution carries out: an order cancelled (refund_issued on 催发货) and an add-on found on the
# bill are cancelled only once the customer asks (那帮我取消吧, 不要了，帮我退订).
# A repayment's instalments, minimum payment or autopay, and a late fee waived, answer a question of their own
# (能分期吗, 最低还多少, 违约金能免吗) that the opening did not ask.
# A bill is escalated only once the customer disputes the charge (我根本没去香港): no specialist for a complaint
# nobody made.
FOLLOWUP_KEPT = {"product_inquiry": None, "recharge_missing": ("posted", "arrears", "shared"),
                 "bill": ("addon", "escalated", "premium"),   # (premium: refunded only once disputed, 这钱能退吗)
                 "urge_shipping": ("refund_issued",), "repayment": ("instalment", "minimum", "autopay"),
                 "repayment_not_posted": ("waived",)}
CN_DIGITS = "零一两三四五六七八九十"
# Top-up amounts customers pay (yuan) and how often; declared values of insured parcels (yuan).
RECHARGES, RECHARGE_WEIGHTS = ("20", "30", "50", "100", "200", "300"), (1, 2, 4, 5, 2, 1)
DECLARED = (100, 150, 200, 300, 500, 600, 800, 1000, 1500, 2000, 3000)
DECLARED_WEIGHTS = (2, 1, 3, 3, 4, 1, 2, 3, 1, 2, 1)
# Why goods go back. dislike and size are the customer's choice (七天无理由: the customer pays the return
# shipping, or 运费险 does); wrong_item, not_as_described and defect are the seller's fault (the seller pays, and
# the seven days do not limit it). Sizes only for what has sizes.
COMPLAINT_GRIEVANCES = {"broken_box": 1, "wrong_item": 1, "quality": 1, "courier_rude": 1, "dropped": 1}
# Company invoice titles (invented). A 增值税专用发票 is issued only to a company with its 税号 (a person gets an
# 电子普通发票): some companies ask for one in their first message; an escalated one chose a 普票, asks for a 专票
# before that 普票 was submitted, and the finance team issues the 专票.
INVOICE_COMPANIES = ("明远科技有限公司", "瑞丰商贸有限公司", "启航教育咨询有限公司", "青禾文化传播有限公司")
SPECIAL_INVOICE_RATE = 0.35
RETURN_REASONS = {"dislike": 3, "size": 2, "not_as_described": 2.5, "defect": 2.5}
EXCHANGE_REASONS = {"size": 4, "wrong_item": 3, "defect": 3}
# Days after purchase (beyond the first two) within which each exchange reason is raised: a wrong item and damage
# (划痕, 坏点, 脱线, found on unboxing) on receipt, a size within the 7-day window.
EXCHANGE_WINDOW_DAYS = {"size": 6, "wrong_item": 4, "defect": 4}
SIZED = ("clothing", "shoes")
# The sizes a size exchange moves between (one step, down for 偏大 and up for 偏小): EU shoe sizes and letter sizes.
SIZES = {"shoes": tuple(f"{n}码" for n in range(36, 45)), "clothing": ("S码", "M码", "L码", "XL码", "XXL码")}
# Goods too big to post are repaired at home; everything else goes to the service centre by courier.
ONSITE_REPAIR = ("robot",)
# The second matter a customer may raise once the first is settled: a topic (the grammar's `other`) drawn by what
# the first matter was. Only a topic that belongs to the first (issue 12, reading 14: an unrelated question tacked
# on in 14 of 30): the same order, number or card (运费险 of the order sent back, the warranty of the unit repaired
# or swapped, the refund's progress, the bill of the number just changed, the card just reported lost), or the next
# need the first matter leads to (a return rule for goods still on their way, insuring the next parcel after one
# was lost or asking after another one on its way, bundling broadband with the plan just changed). A question about another order or parcel is not one.
# Weights keep every topic under about a quarter of its sector's second matters (tests/test_dialogue_ecommerce_second.py).
SECOND_MATTERS = {
    # e-commerce: after a refund where to follow it or how 运费险 pays; after a repair or a swapped unit the
    # warranty of what was fixed (or 延保 for it); goods on their way or not yet shipped: where they are sent and
    # whether they can go back; before buying: 价保, an invoice, when it ships, the return rule.
    "return_refund": (("refund_progress", 2), ("freight_insurance", 4)),
    "exchange": (("repaired_warranty", 3), ("freight_insurance", 3)),
    "repair": (("repaired_warranty", 3), ("product_inquiry", 2)),
    "logistics": (("return_rule", 1), ("change_address", 1)),
    "urge_shipping": (("change_address", 1.5), ("return_rule", 0.7)),
    "price_protect": (("refund_progress", 1), ("invoice", 0.8)),   # (the invoice of the order whose price changed)
    "product_inquiry": (("price_protect", 1), ("invoice", 1), ("ship_time", 1), ("return_rule", 1)),
    "complaint": (("refund_progress", 1),),
    # telecom: the same number: the bill of a plan just changed, a data plan after a bill run up by data, how long
    # a top-up takes after a bill, a plan after a top-up gone missing, 停机保号 after a suspension, broadband bundled with the
    # plan or the line.
    "bill": (("data_plan", 0.8), ("topup", 1.2)),
    "recharge_missing": (("bill", 0.5), ("data_plan", 0.5)),
    "data_plan": (("bill", 0.3), ("fusion", 0.4), ("family_card", 0.4)),   # (副卡: data shared with family)
    "suspension": (("stop_keep", 0.8), ("bill", 0.2)),
    "broadband": (("fusion", 0.7), ("bill", 0.3)),
    # bank: the same card: how to repay it, its 自动还款, its annual fee, a higher limit (the card is in order:
    # a card stopped for a disputed charge is escalated, and no second matter follows an escalation).
    "card_loss": (("repayment", 1.8), ("autopay", 1), ("annual_fee", 0.9)),
    "credit_limit": (("repayment", 2.4), ("autopay", 1), ("annual_fee", 0.7)),
    "transaction_query": (("autopay", 1), ("annual_fee", 0.8), ("credit_limit", 1), ("repayment", 1.6),
                          ("new_card", 1.2)),   # (a card stopped for fraud: only its bill and its new card)
    "repayment": (("credit_limit", 1), ("annual_fee", 1)),
    # (not how to repay: the customer has just repaid, by the transfer the first matter is about)
    "repayment_not_posted": (("autopay", 1.0), ("credit_limit", 0.6), ("annual_fee", 0.3)),
    # delivery: insuring the next parcel after one was lost, or another parcel on its way; after a late parcel,
    # another one on its way or an address change; after an address change, whether sending is slower now.
    "lost_parcel": (("insure", 1), ("next_parcel", 0.3)),   # (its hub may be southern: no winter 北方降雪 answer there)
    "change_address": (("delay", 1.2), ("insure", 1.0), ("next_parcel", 0.2)),
    "delay": (("change_address", 1.2), ("next_parcel", 0.3)),   # (next_parcel also stands in: second_context)
}
# Second matters a push-back's reassurance answers for an intent (where the refund shows: price_protect's
# reassure.can, 订单详情里能看到退款进度 or, for a refund to the balance, 余额明细里能看到).
TOLD_IN_REASSURANCE = frozenset({("price_protect", "refund_progress")})
# ... and by how a return's refund was issued: one already sent by 极速退款 is told to show in the order's details
# (reassure.can.return_refund if fast=yes; reading of seed 58207 #27: 退款的进度怎么查？ after it was told).
TOLD_IN_FAST_REASSURANCE = frozenset({("return_refund", "refund_progress", "yes")})
# The intent label of a topic (second_intent), where it is not an intent's own key.
# (A question about a fee or a rule that is no intent's case has a label of its own, catalogue.SECOND_ONLY: the
# card's annual fee, insuring a parcel to be sent, how long an online top-up takes.)
SECOND_LABELS = {"refund_progress": "refund_status", "freight_insurance": "return_refund",
                 "repaired_warranty": "repair", "stop_keep": "suspension", "topup": "recharge_time",
                 "fusion": "broadband", "autopay": "repayment", "annual_fee": "annual_fee",
                 "next_parcel": "logistics", "new_card": "card_loss", "insure": "parcel_insurance", "ship_time": "urge_shipping",
                 "return_rule": "return_refund"}
# Refusals a customer may take without arguing (a raise refused with its reason and wait, a debit the merchant must
# refund): the refusal, then the give-up, not always the same push-back and second refusal (reading 19 twins).
TAKES_REFUSAL, TAKES_REFUSAL_RATE = ("credit_limit", "transaction_query"), 0.4
SECOND_MATTER_RATE = 0.33   # of first matters settled (not after a refusal, nor while a specialist has it)


def credit_limits(u: float, v: float) -> tuple[int, int]:
    """A card's fixed limit (log-uniform 6,000-80,000 yuan, in thousands) and the limit the customer asks for
    (1.3 to 2.5 times it, rounded up to a round figure: thousands below 20,000, five thousands above)."""
    limit = int(round(math.exp(math.log(6000) + u * math.log(80000 / 6000)) / 1000.0)) * 1000
    wanted = limit * (1.3 + 1.2 * v)
    step = 1000 if wanted < 20000 else 5000
    return limit, int(math.ceil(wanted / step)) * step


_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")


def _tight(name: str) -> str:
    """A product name as a Chinese shop writes it: no space between two Chinese words (北屿轻暖款羽绒服), a space only
    next to Latin letters or digits (鲸声 Buds 3)."""
    return _CJK_SPACE.sub("", name)


_DIGITS = re.compile(r"\d")


def _mask_digits(address: str) -> str:
    """An address with its numbers masked (鼓楼街87号…1201室 -> 鼓楼街**号…****室), like a masked phone."""
    return _DIGITS.sub("*", str(address))


# A month's data is not used up (这个月流量用完了, 本月用得多一些) in its first days: a data plan chat is not dated then
# (reading 18, read_dlg2 #18 on 12-01).
DATA_MONTH_STARTS = 7


def _past_month_start(date: dt.date, as_of: dt.date) -> dt.date:
    """The day moved out of the first days of its month: back to the previous month's end, or, where that is more
    than 60 days before as_of (the window every dialogue's date keeps), forward to the 8th."""
    back = date - dt.timedelta(days=date.day)
    return back if back >= as_of - dt.timedelta(days=60) else date + dt.timedelta(days=DATA_MONTH_STARTS + 1 - date.day)


def md(date: dt.date) -> str:
    return f"{date.month}月{date.day}日"


# -- values drawn a batch at a time ----------------------------------------------------------------------------
def _digits(rng: BlockRandom, count: int, lead_low: int = 1, lead_high: int = 9) -> np.ndarray:
    """Strings of `count` digits whose first digit lies in [lead_low, lead_high], as NumPy strings."""
    lead = rng.integers(lead_low, lead_high + 1).astype(StringDType())
    rest = count - 1
    out = lead
    while rest > 0:
        take = min(rest, 9)
        part = np.strings.zfill(rng.integers(0, 10 ** take).astype(StringDType()), take)
        out = np.strings.add(out, part)
        rest -= take
    return out


def batch_values(rng: BlockRandom) -> dict[str, np.ndarray]:
    """Identifier-like slot values for every record of a batch (each record uses the ones its intent needs).

    Order numbers: 优品商城 (a mall-style shop) 12 digits starting 2 or 3; 好物集市 (a marketplace) 19 digits
    starting 1-4. Tracking numbers: the courier's shape (lexicons/dialogues/couriers.tsv). Phones: a real carrier
    prefix, masked 138****5678. Addresses: a real province-city-district chain with an invented street (persons)."""
    t = tables()
    couriers = choose_index(rng.random(), t.courier_weight)
    tracking = np.empty(len(couriers), dtype=object)
    own = _own_courier()

    def shape(k: int) -> np.ndarray:
        _, prefix, digits, lead = t.couriers[k]
        return np.strings.add(prefix, _digits(rng, digits, int(lead), int(lead)))
    # The shops' couriers first and the delivery company's own numbers last, so adding it changed no other value.
    shapes = {k: shape(k) for k in range(len(t.couriers)) if k != own}
    for k, numbers in shapes.items():
        rows = couriers == k
        tracking[rows] = numbers[rows].astype(object)
    values = {
        "order_mall": _digits(rng, 12, 2, 3).astype(object),
        "order_market": _digits(rng, 19, 1, 4).astype(object),
        "courier": np.array([c[0] for c in t.couriers], dtype=object)[couriers],
        "tracking_no": tracking,
        "phone": sample_phones(rng, mask=True).astype(object),
        "card_tail": np.strings.zfill(rng.integers(0, 10000).astype(StringDType()), 4).astype(object),
        # Addresses are partly masked, as the phones are: the house and room numbers are stars.
        "address": Addresses(rng),
        "price_z": rng.standard_normal(),
    }
    # The delivery company's own numbers: its agent handles only the parcels it carries itself.
    values["own_tracking"] = shape(own).astype(object)
    return values


class Addresses:
    """A batch's customer addresses, drawn with the batch (every later draw stays where it was) but written only for
    the records whose plan uses one (an exchange, a broadband line, an address change: a few records in a hundred;
    writing them all cost about 3% of a dialogue). Indexing it writes every row at the first look-up; the domain's
    fields instead give each record a `PendingAddress` and write the ones the plans kept (`write_pending`)."""

    __slots__ = ("division", "u", "_all")

    def __init__(self, rng: BlockRandom):
        self.division = sample_birth_divisions(rng)
        self.u = rng.random(12)   # the draws persons.build_addresses makes
        self._all = None

    def __len__(self) -> int:
        return len(self.division)

    def __getitem__(self, k):
        if self._all is None:
            self._all = self.write(np.arange(len(self.division)))
        return self._all[k]

    def write(self, rows) -> list[str]:
        """The masked addresses of `rows` (each row's address depends on its own draws alone)."""
        rows = np.asarray(rows, dtype=np.int64)
        return [_mask_digits(a) for a in write_addresses(self.division[rows], self.u[rows]).tolist()]

    def pending(self) -> list:
        return [PendingAddress(self, k) for k in range(len(self.division))]


class PendingAddress:
    """A record's address not yet written: its batch and row."""

    __slots__ = ("batch", "row")

    def __init__(self, batch: Addresses, row: int):
        self.batch, self.row = batch, row


def write_pending(plans) -> None:
    """Writes the address of every plan that kept a `PendingAddress` (into its slots and its grammar variables),
    one vectorised call per batch."""
    waiting = [p for p in plans if type(p.slots.get("address")) is PendingAddress]
    batches: dict[int, list] = {}
    for p in waiting:
        batches.setdefault(id(p.slots["address"].batch), []).append(p)
    for group in batches.values():
        pending = [p.slots["address"] for p in group]
        for p, text in zip(group, pending[0].batch.write([a.row for a in pending])):
            if p.env.get("address") is p.slots["address"]:
                p.env["address"] = text
            if p.env.get("city") == "pending":
                p.env["city"] = parcels.city_of(text)
            if p.env.get("place") == "pending":
                p.env["place"] = procedures.place_of(text)
            p.slots["address"] = text


@lru_cache(maxsize=1)
def _own_courier() -> int:
    """The row of couriers.tsv that is the delivery-sector company itself (weight 0: shops do not pick it)."""
    return next(k for k, c in enumerate(tables().couriers) if c[0] == COMPANY["delivery"])


# -- one plan --------------------------------------------------------------------------------------------------
class Plan:
    """Everything a dialogue will say, decided before it is written."""

    __slots__ = ("intent", "second", "spec", "outcome", "platform", "company", "product", "kind", "unit", "fault", "slots",
                 "given", "flags", "acts", "told", "satisfaction", "date", "env", "reacts")

    def __repr__(self) -> str:
        return f"Plan({self.intent}, {self.outcome}, {[a for _, a, _ in self.acts]})"


@lru_cache(maxsize=None)
def _cumulative(weights: tuple) -> tuple:
    """Normalised cumulative weights, as `choose_index` computes them, as a Python list for bisect."""
    return tuple(np.cumsum(np.asarray(weights, dtype=float) / float(np.sum(weights))).tolist())


def _choose(u: float, weights: tuple) -> int:
    """`choose_index` for one record, in plain Python (a plan makes several choices, NumPy per scalar is slow)."""
    cumulative = _cumulative(weights)
    return min(bisect_right(cumulative, u), len(cumulative) - 1)


def _pick(weights: dict, u: float) -> str:
    """The key of `weights` for the uniform `u`: as NumPy's cumsum and searchsorted(side="right") pick it (the
    same sums, added in the same order), in plain Python, which for a few weights is ten times faster."""
    keys = list(weights)
    cum = list(accumulate(weights.values()))
    return keys[min(bisect_right(cum, u * cum[-1]), len(keys) - 1)]


def _draw(options: tuple, u: float) -> str:
    """One of `options` ((name, weight) pairs, a tuple so its cumulative weights are cached) for the uniform `u`."""
    return options[_choose(u, tuple(w for _, w in options))][0]


@lru_cache(maxsize=None)
def _outcome_table(key: str, outcomes: tuple) -> tuple:
    """(outcome names, cumulative weights) of an intent, as `_pick` uses them."""
    cum = np.cumsum([w for _, w in outcomes])
    return tuple(o for o, _ in outcomes), tuple((cum / cum[-1]).tolist())


_OUTCOMES: dict = {}


def _outcomes_of(spec: Intent) -> tuple:
    """`_outcome_table` of the intent, found by its key without building and hashing its outcomes' items per plan
    (kept with the outcomes dict it was made from: another dict under the same key is looked up again)."""
    found = _OUTCOMES.get(spec.key)
    if found is None or found[0] is not spec.outcomes:
        found = _OUTCOMES[spec.key] = (spec.outcomes, _outcome_table(spec.key, tuple(spec.outcomes.items())))
    return found[1]


@lru_cache(maxsize=None)
def _product_rows(kinds: tuple) -> tuple:
    """The product rows an intent may be about, and their weights."""
    t = tables()
    rows = np.arange(len(t.kinds)) if not kinds else np.flatnonzero(np.isin(t.kinds, kinds))
    return tuple(rows.tolist()), tuple(t.product_weight[rows].tolist())


# A model keeps its price from chat to chat: each model sits at its own level around the product's median (up to
# MODEL_SPREAD either way in log terms, from a stable hash of its name), and a chat moves it only by a coupon or a
# sale (PRICE_JITTER): one kettle is not 87元 in one chat and 219元 in the next.
MODEL_SPREAD = 0.3
PRICE_JITTER = 0.05


@lru_cache(maxsize=None)
def model_level(model: str) -> float:
    """The log offset of a model's price from its product's median, the same in every chat."""
    return MODEL_SPREAD * (zlib.crc32(model.encode("utf-8")) / 0xFFFFFFFF * 2.0 - 1.0)


def _price(log_price: float, z: float) -> int:
    """A shop price around the model's level: rounded to tens, minus one (299, 2299) above 100 yuan."""
    value = math.exp(log_price + PRICE_JITTER * max(-2.0, min(2.0, z)))
    return max(9, int(round(value / 10.0)) * 10 - 1) if value > 100 else max(9, int(round(value)))


def make_plan(spec: Intent, u: list[float], values: dict, as_of: dt.date, outcomes: dict | None = None) -> Plan:
    """The plan of one dialogue of intent `spec` from its uniforms `u` (PLAN_DRAWS of them):

    u[0] outcome; u[1] product; u[2] model; u[3] fault; u[4] platform; u[5] days before as_of; u[6] days since
    purchase (or the transaction); u[7] customer gives an identifier unasked; u[8] a customer in a hurry; u[9] where a
    ping about the wait falls; u[10] first fix fails; u[11] a second fix is tried; u[12] the customer asks a follow-up;
    u[13] pushes back before accepting; u[14] satisfaction; u[15] escalation after a push-back; u[16-19]
    amounts; u[20] plan rows; u[21] agent confirms an identifier; u[22] inquiry topic, what a complaint about quality says went wrong, whether a company asks for a 专票, or a plan change of one rung or two; u[23] follow-up kind;
    u[24] why goods go back (reason), or a complaint's grievance; u[25] how they go back (ship); u[26] plan change direction, what a wrong item got wrong (colour or style), who asks about a lost parcel (sender or recipient), whether a bill's opening complains (voiced), or whether a changed address stays in its city (move); u[27] a second
    matter is raised; u[28] which one; u[29] who pays the return postage; u[30] how the second matter is asked (form); u[31] which weather or
    backlog delayed a parcel, or a partial refund's share. For the after-sales intents (procedures.py), u[19] the
    procedure and u[20] how the order was paid.
    """
    t = tables()
    p = Plan()
    p.intent, p.spec = spec.key, spec
    if outcomes:
        p.outcome = _pick(outcomes, u[0])
    else:
        names, cum = _outcomes_of(spec)
        p.outcome = names[min(bisect_right(cum, u[0]), len(names) - 1)]
    sector = spec.sector
    # -- who and what
    if sector == "ecommerce":
        rows, weights = _product_rows(spec.kinds)
        row = rows[_choose(u[1], weights)]
        models = t.models[row]
        p.kind, p.product, p.unit = t.kinds[row], t.products[row], t.units[row]
        model = _tight(models[min(int(u[2] * len(models)), len(models) - 1)])
        p.platform = "market" if u[4] < 0.5 else "mall"
        p.company = COMPANY[p.platform]
    else:
        row, model = -1, ""
        p.kind, p.product, p.unit = sector, SECTOR_PRODUCT.get(sector, ""), ""
        p.platform, p.company = sector, COMPANY[sector]
    if spec.key == "broadband":
        p.product = "宽带"
    p.fault = None
    mode = ""
    path = ""
    if spec.key == "broadband":   # which procedure (procedures.py): u[3] the path, u[2] its fault row
        path = procedures.draw(procedures.BROADBAND, p.outcome, u[3])
        faults = t.fault_rows["broadband_" + path]
        p.fault = t.fault_table[int(faults[min(int(u[2] * len(faults)), len(faults) - 1)])]
    elif spec.troubleshoot:
        group = t.faults[row]
        faults = t.fault_rows[group]
        p.fault = t.fault_table[int(faults[min(int(u[3] * len(faults)), len(faults) - 1)])]
        mode = "onsite" if group in ONSITE_REPAIR else "mail"
        if hazardous(spec.key, p.fault) and p.outcome == "resolved":
            p.outcome = "replacement_sent"   # (a hazard is not fixed in the chat: within 15 days it is replaced)
    if spec.key == "return_refund" and p.outcome == "escalated" and p.kind in aftersales.SHELF_LIFE:
        p.outcome = "refund_issued"   # (a food fault is settled on the photos: no warehouse 质检 of opened food)
    # -- when
    date = as_of - dt.timedelta(days=int(u[5] * 60))
    if spec.key == "data_plan" and date.day <= DATA_MONTH_STARTS:
        date = _past_month_start(date, as_of)
    p.date = date
    slots: dict[str, str] = {}
    env: dict[str, str] = {"mode": mode} if mode else {}
    env["week"] = "end" if date.weekday() >= 4 else "day"   # a closing wishes 周末愉快 only Friday to Sunday
    env["season"] = "winter" if date.month in (11, 12, 1, 2, 3) else "warm"   # snow is spoken of only in winter
    if path and spec.key == "broadband":
        env.update(procedures.broadband_env(path, p.outcome, u[31]))
        env["tried"] = procedures.restart_tried(path, u[24])   # the customer restarted it before writing in
    if spec.key == "repair":
        env["path"] = aftersales.repair_path(p.outcome, mode, p.kind, u[19])
        env["hazard"] = "yes" if hazardous(spec.key, p.fault) else "no"
        if env["hazard"] == "yes" and env["path"] == "refused_swap":
            env["path"] = "out_of_warranty"   # (a swap refused after fixes that failed: none are tried here)
    if spec.key == "recharge_missing":   # 月初/月底 busy periods are only said when they are now
        env["month"] = "start" if date.day <= 5 else "end" if date.day >= 25 else "mid"
    if sector == "ecommerce":
        slots["order_no"] = values["order_mall" if p.platform == "mall" else "order_market"]
        slots["model"] = model
        price = _price(t.log_price[row] + model_level(model), values["price_z"])
        slots["amount"] = str(price)
        if spec.key in ("return_refund", "exchange"):
            reasons = dict(RETURN_REASONS if spec.key == "return_refund" else EXCHANGE_REASONS)
            if p.kind not in SIZED:
                reasons.pop("size")
            if p.outcome == "unsatisfied" and spec.key == "return_refund":
                reasons = {"dislike": 1}    # too late, and nothing wrong with the goods
            elif p.outcome == "escalated" and spec.key == "return_refund":
                # A specialist is needed only to judge a fault the seller disputes; a 七天无理由 return is routine,
                # and goods unlike their page are judged on the photos against the page, never sent to 实物检测
                # (reading 19 r2 #25: 描述不符 told 想确认是不是质量问题要实物检测).
                reasons = {"defect": 1}
            env["reason"] = _pick(reasons, u[24])
            if env["reason"] == "wrong_item":   # what was sent wrong, said the same by customer and agent
                env["wrong"] = "colour" if u[26] < 0.5 else "style"
            elif env["reason"] == "defect" and spec.key == "return_refund":   # what the photos show (u[26]'s digits)
                env["defect_said"], env["defect_seen"] = aftersales.defect(p.kind, (u[26] * 104729.0) % 1.0)
                env["defect"] = "yes"
            # Who carries the goods back: a courier picks them up, or the customer posts them (and is refunded
            # the postage when the seller is at fault or 运费险 covers it).
            env["ship"] = "pickup" if u[25] < 0.5 else "self" if u[25] < 0.75 else "station"
            # Who pays the return postage: the seller when at fault; otherwise 运费险 if the order has it (about
            # 60% here), else the customer.
            env["fee"] = ("seller" if env["reason"] in ("wrong_item", "not_as_described", "defect")
                          else "insurance" if u[29] < 0.6 else "customer")
        if spec.key == "return_refund":
            env["path"] = aftersales.return_path(p.kind, env["reason"], p.outcome, price, u[19])
            if env["path"] in ("refund_only", "partial"):   # nothing goes back
                env["ship"] = env["fee"] = "none"
            if env["path"] == "partial":
                env["keep"] = str(aftersales.partial_refund(price, u[31]))
            # 极速退款 or a refund after the warehouse's receipt, for goods that go back (aftersales.fast_refund;
            # u[20]'s lower digits: its leading part chose how the order was paid).
            env["fast"] = aftersales.fast_refund(price, (u[20] * 7919.0) % 1.0) if env["ship"] != "none" else "-"
            # How the refund reaches the customer decides when: 余额 at once, a bank card in 1-3 working days,
            # a credit line restored (u[20]: free for e-commerce).
            env["pay"] = aftersales.payment(u[20])
            env["within"] = aftersales.balance_hours(u[20])
            # Within the window unless refused for lateness (too late and no fault).
            late = env["path"] == "late"
            # (a late return is most often a day or two late: held 8+ days after signing, skewed to the few)
            days = 11 + int(u[6] * u[6] * 30) if late else 1 + int(u[6] * RETURN_WINDOW_DAYS)
        elif spec.key == "urge_shipping":
            # Why it has not shipped (presale.py) sets how long ago it was ordered (shipping_sheet.py).
            env["hold"] = _draw(shipping_holds(p.outcome), u[22])
            days = order_age(env["hold"], u[6])
        elif spec.key == "repair":
            # 三包: a performance fault within 15 days of the purchase is replaced at once; a later one is repaired
            # (or replaced only after an inspection), so a phone bought months ago is not swapped in the chat.
            # Past the one-year warranty only on the paid-repair path.
            days = (2 + int(u[6] * 13) if p.outcome == "replacement_sent" else
                    380 + int(u[6] * 300) if env["path"] == "out_of_warranty" else 20 + int(u[6] * 300))
            env["cost"] = aftersales.repair_cost(price, u[31])
            if env["path"] == "store":   # (where and when to go: u[31] is the cost's, read on the paid path only)
                env.update(service_point(model, u[31]))
                env["appt"] = "store"
            # How long past the one-year warranty (刚过保修期 only within three months of its end: reading 18, #17).
            env["lapsed"] = "just" if days <= 365 + 90 else "long"
        elif spec.key == "exchange":
            env["path"] = aftersales.exchange_path(env["reason"], p.outcome)
            _exchange_facts(env, slots, p.kind, p.outcome, u[26])
            # Exchanged only inside its window: a wrong item or damage is reported on receipt (a few days after
            # purchase), a size within the 7-day no-reason window, a quality problem within 15 days.
            days = 2 + int(u[6] * EXCHANGE_WINDOW_DAYS[env["reason"]])
        elif spec.key == "price_protect":
            env["path"] = aftersales.price_path(p.outcome, u[19])
            env["pay"] = aftersales.payment(u[20])
            env["within"] = aftersales.balance_hours(u[20])
            # 价保 covers 15 days after purchase; a customer refused for the date asks too late.
            days = 16 + int(u[6] * 20) if env["path"] == "late" else 2 + int(u[6] * 13)
            # (how far past the 15 days, as the customer says it: 超了一两天 only then; reading 19 r2 #14's 晚了两天)
            env["overdue"] = "slight" if days <= 17 else "far"
        else:
            days = 2 + int(u[6] * 20)
        purchase = date - dt.timedelta(days=days)
        if spec.key in DATED_PURCHASES:
            slots["purchase_date"] = purchase.isoformat()
            env["purchase_date"] = md(purchase)
            env["days"] = str(days)
        if spec.key == "return_refund" and env["path"] == "late":
            # A late return is counted from the day the goods were signed for (the day 七天无理由 runs from), two
            # or three days after the order (u[29]'s lower digits): the refusal and the rule it cites share one
            # date basis, not 下单…到今天31天 followed by 从签收那天算 (reading 14, #26).
            received = purchase + dt.timedelta(days=2 + int((u[29] * 7919.0) % 1.0 * 2))
            slots["received_date"] = received.isoformat()
            env["received_date"] = md(received)
            env["held"] = str((date - received).days)
            # Only a return a day or two past its seven days is pushed back on as 就晚了两天 (reading 19 #14: said
            # of one eight days past).
            env["overdue"] = "slight" if (date - received).days <= 9 else "far"
        if spec.key == "product_inquiry":   # asking before buying: no order yet
            del slots["order_no"], slots["amount"]
            # What is asked (inquiry.py), and the facts its answer carries.
            env["topic"] = _draw(inquiry_topics(p.kind, p.outcome), u[22])
            env.update(inquiry_facts(env["topic"], p.kind, u[24], u[26]))
        if spec.key == "price_protect":
            gap = max(10, int(round(price * (0.04 + 0.12 * u[16]) / 10.0)) * 10)
            slots["new_price"] = str(price - gap)
            slots["price_gap"] = str(gap)
        if spec.key == "refund_status":
            # Where the refund is (aftersales.py) decides the date named: the refund's when it has left the shop
            # (its bank window past or not), the application's while the shop or the returned goods hold it.
            env["path"], facts, ago = aftersales.refund_status_facts(p.outcome, u[19], u[20], u[17])
            env.update(facts)
            named = "refund_date" if env["path"] in ("bank_transit", "instant") else "apply_date"
            slots[named] = (date - dt.timedelta(days=ago)).isoformat()
            env[named] = md(date - dt.timedelta(days=ago))
            env.setdefault("window", "inside")
        if spec.key == "logistics":
            slots["courier"], slots["tracking_no"] = values["courier"], values["tracking_no"]
            # A customer who says the tracking has not moved for days (好几天没更新, u[22]: free for logistics) is told
            # a cause that leaves a parcel unscanned for days (a backlog, a hub, a missort, the weather, customs), never
            # one of yesterday (left in a locker without a message) or of the last mile (an address held at the station).
            env["stale"] = "days" if u[22] < STALE_SHARE else "no"
            # Escalated only while three or more days from delivery (as a late parcel, below); a parcel stuck for days
            # is not due tomorrow (reading of seed 58231, #30: 压了好几天 and 预计明天能送到).
            soonest = 2 if env["stale"] == "days" else 1
            eta = date + dt.timedelta(days=(3 + int(u[17] * 2)) if p.outcome == "escalated" else soonest + int(u[17] * 3))
            slots["eta"] = eta.isoformat()
            env["eta"] = md(eta)
            # Why it is slow (parcels.py), at which hub, and in what weather if that is the cause.
            env["hub"] = HUBS[min(int(u[18] * len(HUBS)), len(HUBS) - 1)]
            causes = late_causes("logistics", p.outcome, p.kind, p.platform, date.month, env["hub"], bool(peak_sale(date)))
            if env["stale"] == "days":
                causes = tuple((c, w) for c, w in causes if c not in STALE_EXCLUDED) or causes
            _late(env, _draw(causes, u[19]), date, u[31])
        if spec.key == "urge_shipping":
            # The order's fact sheet (shipping_sheet.py): the date that follows from why it waits (a presale ships
            # on the date its page promised, further out than a warehouse's queue), the days a queue has made it
            # late and the day a sold-out item's stock arrives, which every timing or stock sentence reads.
            ship, sheet = order_sheet(env["hold"], date, days, u[17], int(slots.get("amount") or 0))
            env.update(sheet)
            # An order held for an incomplete address has no ship date until the address is completed: it ships
            # on the next run after that (reading 16, #29: 预计12月13日发货 then 先暂停了没发…排进下一批).
            if env["hold"] != "address":
                slots["ship_date"] = ship.isoformat()
                env["ship_date"] = md(ship)
                # (a ship date of tomorrow is said as 明天 and is not called 那么晚: reading of seed 58231, #7)
                env["eta_in"] = "next" if (ship - date).days == 1 else "later"
        if spec.key == "exchange":
            slots["address"] = values["address"]
        if spec.key == "invoice":
            # Only a company is escalated (its 专票 needs the finance team); a person is one title in three.
            titles = INVOICE_COMPANIES if p.outcome == "escalated" else ("个人", "个人") + INVOICE_COMPANIES
            slots["invoice_title"] = titles[min(int(u[18] * len(titles)), len(titles) - 1)]
            # A company title is not invoiced without its 税号 (the agent confirms the one on file).
            env["title"] = "company" if slots["invoice_title"] != "个人" else "person"
            env["vat"] = invoice_kind(env["title"], p.outcome, u[22])
            env["path"] = aftersales.invoice_path(env["vat"], env["title"], p.outcome, u[19])
            # (each path's own facts: why it is not out yet, what was refunded first, the 税号 typed in the chat)
            facts, dates = invoices.facts(env["path"], int(slots["amount"]), date, (u[19] * 7919.0) % 1.0,
                                          (u[22] * 7919.0) % 1.0)
            env.update(facts)
            slots.update(dates)
            env.update({name: md(dt.date.fromisoformat(day)) for name, day in dates.items()})
            # Whether the platform already holds this company's tax details (税号, and for a 专票 the bank account and
            # registered address): "on_file" when the title was invoiced before (the agent says they are reused, then
            # submits), "form" when not (the agent fills in what it can and the customer adds the 税号 before the
            # invoice is submitted). An invoice is resolved only once submitted, so a form is left only where the
            # finance team takes the request over (escalated: the company then asks for a 专票; nothing was issued).
            env["taxinfo"] = "form" if p.outcome == "escalated" else "ask" if env["path"] == "tax_form" else "on_file"
        if spec.key == "complaint":
            slots["phone"] = values["phone"]
            # What went wrong decides the remedy: goods at fault go back, a courier's conduct is reported to the
            # courier and apologised for. A refusal (售后期过了) is about goods only.
            # (Refused only for a flaw found after the 15-day after-sales period: a wrong item or a broken box is
            # found on delivery, and 找了商家两天 cannot be weeks after receipt.)
            # A flaw found past the 15-day after-sales period is refused only for goods without a 保修 term: a phone
            # or an appliance is routed to warranty repair instead (resolved).
            # Food is judged on its shelf life, not on the 15 days: spoiled nuts inside it are refunded (resolved).
            late = p.outcome == "unsatisfied"
            env["aftersales"] = "passed" if late else "open"
            if late and t.warranties[row] != "-":
                p.outcome = "resolved"
                env["warranty"] = t.warranties[row]
                env["mode"] = "onsite" if t.faults[row] in ONSITE_REPAIR else "mail"
            elif late and p.kind in aftersales.SHELF_LIFE:
                p.outcome = "resolved"
            grievances = {"quality": 1} if late else COMPLAINT_GRIEVANCES
            env["grievance"] = _pick(grievances, u[24])
            if env["grievance"] == "courier_rude":   # what the courier did and when, told in the complaint
                env["incident_when"], env["incident"], env["courier_left"] = complaints.incident(u[22])
            if env["grievance"] == "quality":   # u[22] (an inquiry's topic) is free for a complaint
                flaws = t.flaws[p.product]
                env["flaw"] = flaws[min(int(u[22] * len(flaws)), len(flaws) - 1)]
                env["proof"] = complaints.proof_of(env["flaw"], p.kind)   # (photo, video, or the label and a word)
                # A quality complaint is decided on the order's date: named in the record and by the agent.
                bought = date - dt.timedelta(days=(20 + int(u[6] * 40)) if late else 2 + int(u[6] * 12))
                slots["purchase_date"] = bought.isoformat()
                env["purchase_date"] = md(bought)
                env["shelf"] = aftersales.SHELF_LIFE.get(p.kind, "")
            env["path"] = aftersales.complaint_path(p.kind, env["grievance"], late, "warranty" in env, u[19])
            env["comp"] = aftersales.compensation(env["path"], price, u[31])
            # Goods at fault or sent wrong: the remedy is the customer's choice (the right goods sent or a new one,
            # or the money back), offered once the photos are seen and chosen before it is booked (reading 17, #6
            # and #24: 补发 set with no choice). u[19]'s lower digits: what the customer picks.
            env["choice"] = ("goods" if (u[19] * 7919.0) % 1.0 < 0.6 else "refund") \
                if env["path"] in aftersales.CHOSEN_REMEDIES and p.outcome == "resolved" else "-"
    elif sector == "telecom":
        slots["phone"] = values["phone"]
        if spec.key == "bill":
            month = (date.replace(day=1) - dt.timedelta(days=1))
            slots["bill_month"] = f"{month.month}月"
            path = procedures.draw(procedures.BILL, p.outcome, u[3])   # the cause (procedures.py)
            slots["bill_amount"] = f"{38 + int(u[16] * 160)}.{int(u[17] * 10)}0"
            env.update(procedures.bill_facts(path, p.outcome, float(slots["bill_amount"]), u[2]))
            # Whether the opening complains (话费怎么这么多) or only asks to see the bill (帮我查一下账单): only a
            # voiced complaint is answered as one (多出来的…, 提醒短信发过, 这部分要收); issue 12, reading 14.
            if path == "oneoff":
                # A one-off fee comes on top of the usual month (the drawn figure), so the look-up accounts for
                # the whole bill: the usual part ({usual}) and the fee, not a 20-yuan fee inside 260 left unsaid.
                env["usual"] = slots["bill_amount"]
                slots["bill_amount"] = f"{float(env['usual']) + int(env['cause_fee']):.2f}"
            if path == "addon":
                # The add-on is a record fact, named with its monthly fee and said when the bill is explained: the
                # bill is the usual month (base_fee, the drawn figure) plus the add-on's fee.
                slots["vas_name"], slots["vas_fee"] = env.pop("vas_name"), env["cause_fee"]
                slots["base_fee"] = slots["bill_amount"]
                slots["bill_amount"] = f"{float(slots['base_fee']) + int(slots['vas_fee']):.2f}"
            # (比平时高那么多 only where the cause is a real part of the bill: not 10 of 160 yuan, reading of seed
            # 58231, #5; the framing follows the figures)
            env["voiced"] = "high" if u[26] < 0.6 and procedures.felt(env["cause_fee"], slots["bill_amount"]) \
                else "check"
        elif spec.key == "recharge_missing":
            slots["recharge"] = RECHARGES[_choose(u[16], RECHARGE_WEIGHTS)]
            path = procedures.draw(procedures.RECHARGE, p.outcome, u[3])   # where the top-up went (procedures.py)
            extra_slots, extra_env = procedures.recharge_facts(path, slots["recharge"], slots["phone"], u[2])
            slots.update(extra_slots)
            env.update(extra_env)
        elif spec.key == "data_plan":
            # An upgrade (more data) is allowed at any time; a downgrade only after the contract period, so an
            # unsatisfied customer is one who wants a cheaper plan while still under contract.
            path = procedures.data_plan_path(p.outcome, u[3])   # which procedure (procedures.py)
            env["direction"] = "down" if path in ("down", "retention", "locked") else "up"
            # Whether the customer says the data ran out (每个月流量都超): only then does the agent speak of this
            # month's overage billed at the out-of-plan rate.
            env["over"] = "yes" if env["direction"] == "up" and u[26] >= 0.6 else "no"
            plans = sorted(t.plans, key=lambda r: int(r[2].rstrip("GB")))
            # One or two steps along the ladder (u[22]: free for telecom), from any rung that has them.
            step = 1 if u[22] < 0.6 else 2
            a = min(int(u[20] * (len(plans) - step)), len(plans) - step - 1)
            old, new = (plans[a], plans[a + step]) if env["direction"] == "up" else (plans[a + step], plans[a])
            slots["plan"], slots["new_plan"] = old[0], new[0]
            env["plan_data"], env["new_plan_data"] = old[2], new[2]
            env["new_plan_price"], env["new_plan_calls"] = str(new[1]), str(new[3])
            env["price_change"] = str(abs(new[1] - old[1]))
            if path not in ("up", "down"):   # no new plan: a pack, or a retention offer on the same plan
                del slots["new_plan"]
            extra_slots, extra_env = procedures.data_plan_facts(path, env["over"], u[2], u[31])
            slots.update(extra_slots)
            env.update(extra_env)
        elif spec.key == "suspension":
            path = procedures.draw(procedures.SUSPENSION, p.outcome, u[3])   # why it is off (procedures.py)
            if path == "arrears":
                slots["arrears"] = f"{5 + int(u[16] * 80)}.{int(u[17] * 10)}0"
            env.update(procedures.suspension_facts(path, u[2]))
            if p.outcome == "escalated":   # when the customer paid: hours ago, past the half hour a payment takes
                env["paid_when"] = procedures.PAID_WHEN[int((u[2] * 7919.0) % 1.0 * len(procedures.PAID_WHEN))]
        elif spec.key == "broadband":
            slots["address"] = values["address"]
            env["place"] = "pending"   # (the kind of address, once it is written: write_pending)
    elif sector == "bank":
        slots["card_tail"] = values["card_tail"]
        slots["phone"] = values["phone"] if spec.key == "card_loss" else None
        if spec.key == "card_loss":   # which procedure (procedures.py)
            path = procedures.draw(procedures.CARD_LOSS, p.outcome, u[3])
            env.update(procedures.card_loss_facts(path, u[2]))
            if path == "lock":   # what the holder asks once it is locked (bank_lock.py), u[2]'s lower digits
                v = (u[2] * 61.0) % 1.0
                env.update(bank_lock.lock_facts(_draw(bank_lock.LOCK_ASKS, v), date, v))
        if spec.key == "credit_limit":
            limit, wanted = credit_limits(u[16], u[17])
            slots["limit"], slots["wanted_limit"] = str(limit), str(wanted)
            path = procedures.draw(procedures.CREDIT_LIMIT, p.outcome, u[3])   # which procedure
            extra_slots, extra_env = procedures.credit_limit_facts(path, limit, wanted, u[2])
            slots.update(extra_slots)
            env.update(extra_env)
            if path == "temp":   # the day the temporary limit ends, said as a date
                end = date + dt.timedelta(days=int(env["temp_days"]))
                slots["temp_end"] = end.isoformat()
                env["temp_end"] = md(end)
        elif spec.key == "transaction_query":
            txn = date - dt.timedelta(days=1 + int(u[6] * 10))
            slots["txn_date"] = txn.isoformat()
            env["txn_date"] = md(txn)
            path = procedures.draw(procedures.TXN, p.outcome, u[3])   # what the charge is (procedures.py)
            if path in ("own", "preauth", "duplicate", "fx"):
                extra_slots, extra_env = procedures.txn_facts(path, u[18], u[16], u[17])
                slots.update(extra_slots)
                env.update(extra_env)
                env.update({"charge": path, "channel": "online", "auth": path})
                # Where the customer's own purchase was paid: a shop's terminal (银联商务: waved, 小额免密, no PIN) or
                # a wallet app; the explanation reads this one fact (reading 19, read_dlg2 #16).
                env["paid_in"] = "store" if env.get("pay_company") == "银联商务" else "app"
            else:
                env["path"] = path
                # An automatic debit the customer forgot (resolved, or refused as authorised) or a purchase the
                # customer disputes as not theirs (escalated).
                merchants = (("满口香外卖", "快驰出行", "邻里家便利店", "云缴通-生活缴费") if path == "fraud"
                             else ("云缴通-生活缴费",) if path == "utility" else ("青柚视频", "声浪音乐"))
                slots["merchant"] = merchants[min(int(u[18] * len(merchants)), len(merchants) - 1)]
                slots["txn_amount"] = merchant_amount(slots["merchant"], u[16], u[17])
                # What the debit is: a membership renewal only for a subscription merchant (not 生活缴费).
                env["charge"] = "subscription" if slots["merchant"] in SUBSCRIPTION_PRICES else "other"
                # How it was authorised, which the agent's explanation follows: a debit the customer forgot runs under
                # the 免密代扣 agreement signed once with the merchant (no check per debit); a disputed purchase went
                # through the card's 小额免密 (no password: card details leaked) or an SMS code (the code was given away).
                # A shop counter takes a card by 挥卡/刷卡 under 小额免密 (an SMS code is for paying online).
                env["channel"] = "store" if slots["merchant"] in STORE_MERCHANTS else "online"
                env["auth"] = ("agreement" if p.outcome != "escalated"
                               else "small_free" if env["channel"] == "store" or u[19] < 0.5 else "sms")
                # A membership renewed monthly (包月) or yearly (包年), by its price.
                env["term"] = "year" if float(slots["txn_amount"]) >= ANNUAL_FROM else "month"
                if p.outcome == "escalated":
                    # The card is stopped (止付) only when the customer asks for it; the police only for a sum worth
                    # reporting (an unknown 20-yuan charge is disputed, not reported).
                    env["freeze"] = "asked" if u[20] < 0.5 else "no"
                    env["police"] = "yes" if float(slots["txn_amount"]) >= POLICE_FROM else "no"
                if p.outcome == "unsatisfied":   # what the customer who denies the debit pushes for (refusal answers it)
                    env["deny"] = "freeze" if u[20] < 0.4 else "refund" if u[20] < 0.75 else "merchant"
                slots["payment_auth"] = PAYMENT_AUTH[env["auth"]]
        elif spec.key == "repayment_not_posted":
            path = procedures.draw(procedures.NOT_POSTED, p.outcome, u[3])   # where the money went
            env["path"] = path
            if path == "wrong_account":   # (returned by itself when the number does not exist: procedures.py)
                env["returned_in"] = procedures.RETURNED_IN
            late = path == "late"
            paid = date - dt.timedelta(days=(3 + int(u[6] * 3)) if late else 1 + int(u[6] * 3))
            if path in ("transit", "pending_fee"):
                # Still clearing today (bank_policy: 1到2个工作日 counted from the day it left; reading 18: sent 12-25,
                # told 1到2个工作日 on 12-28); a transit's due date is ahead, which the 不算逾期 answer names.
                while not bank_policy.still_clearing(paid, date):
                    paid += dt.timedelta(days=1)
            if path == "transit":
                due = date + dt.timedelta(days=3 + int(u[7] * 9))
                slots["due_date"] = due.isoformat()
                env["due_date"] = md(due)
            slots["pay_date"] = paid.isoformat()
            env["pay_date"] = md(paid)
            # (how long ago it was sent, which a transfer still clearing is told by)
            env["paid_ago"] = {1: "昨天", 2: "前天"}.get((date - paid).days, f"{CN_DIGITS[(date - paid).days]}天前")
            slots["pay_amount"] = f"{300 + int(u[16] * 9000)}.{int(u[17] * 100):02d}"
            if path == "posted":
                # The bill's due date, on or after the day it was paid and before today: 按时入账，不算逾期 is said
                # with the date it is measured against (reading 18, #25).
                due = paid + dt.timedelta(days=int((u[6] * 104729.0) % 1.0 * (date - paid).days))
                slots["bill_due"] = due.isoformat()
                env["bill_due"] = md(due)
                # The reminder went out in the morning of the day paid; the payment posted hours later that day.
                env["sms_at"] = ("上午9点", "上午10点")[int(u[7] * 2)]
                env["post_at"] = ("下午2点多", "下午4点多", "晚上7点多")[min(int((u[7] * 104729.0) % 1.0 * 3), 2)]
            if late:
                # Sent from another bank on the due date itself, posted after the one or two days of clearing:
                # later than the due date (so the period's interest stands) and inside the 3-day grace (no 逾期).
                # The refusal names both dates, so the explanation is worked out from them (reading 15, #3).
                posted = paid + dt.timedelta(days=1 + int((u[6] * 7919.0) % 1.0 * 2))
                for name, day in (("bill_due", paid), ("post_date", posted)):
                    slots[name] = day.isoformat()
                    env[name] = md(day)
        elif spec.key == "repayment":
            due = date + dt.timedelta(days=2 + int(u[6] * 15))
            slots["due_date"] = due.isoformat()
            env["due_date"] = md(due)
            env["due_in"] = str((due - date).days)   # (the days left, said when it is near: due_soon)
            env["due_soon"] = "yes" if (due - date).days <= 3 else "no"
            slots["bill_amount"] = f"{300 + int(u[16] * 9000)}.{int(u[17] * 100):02d}"
            path = procedures.draw(procedures.REPAYMENT, p.outcome, u[3])   # what this bill needs
            env.update(procedures.repayment_facts(path, float(slots["bill_amount"]), u[2]))
    else:  # delivery: the agent's own company carries the parcel (a 速达物流 agent cannot act on another carrier's)
        slots["tracking_no"], slots["courier"] = values["own_tracking"], p.company
        if spec.key != "delay":
            slots["phone"] = values["phone"]
        if spec.key == "lost_parcel":
            # Who is asking: an insured parcel's claim is paid to the sender (who bought the 保价), so a recipient
            # is not refunded here: the claim is filed and the recipient goes to the seller for a resend or refund
            # (resolved for the recipient, refund_issued only for a sender).
            env["party"] = "sender" if u[26] < 0.5 else "recipient"
            if env["party"] == "recipient" and p.outcome == "refund_issued":
                p.outcome = "resolved"
        if spec.key in ("lost_parcel", "delay"):
            # A delay is escalated only when it is long: three days or more behind and three or more still to
            # go (a parcel due tomorrow or the day after gets its date explained, not a specialist). A parcel is
            # declared lost and paid for only after five days without a scan.
            if spec.key == "lost_parcel":
                stalled = 5 + int(u[6] * 4) if p.outcome in ("refund_issued", "resolved") else 3 + int(u[6] * 5)
            else:
                stalled = 3 + int(u[6] * 2) if p.outcome == "escalated" else 1 + int(u[6] * 3)
            env["stalled"] = CN_DIGITS[stalled] if stalled <= 10 else str(stalled)
            if spec.key == "lost_parcel" and p.outcome in ("refund_issued", "resolved"):
                env.update(parcels.search_facts(stalled, CN_DIGITS, u[6], env["party"]))   # (the search ran before the chat)
            env["waited"] = "long" if stalled >= 3 else "short"   # 这么久 only after three days or more
            slots["last_scan"] = HUBS[min(int(u[18] * len(HUBS)), len(HUBS) - 1)]
        if spec.key == "lost_parcel" and p.outcome != "unsatisfied":   # unsatisfied: it was not insured
            slots["declared"] = str(DECLARED[_choose(u[16], DECLARED_WEIGHTS)])
            if p.outcome == "refund_issued":   # the claim paid: the value proved, capped at the declared one
                env.update(parcels.claim_facts(int(slots["declared"]), (u[16] * 7919.0) % 1.0))
        if spec.key == "lost_parcel":
            # Where the record says the parcel is: stalled at a hub, or (refused only) signed for by someone else;
            # an unvalued parcel's cap is its freight times three (parcels.py).
            signed = p.outcome == "unsatisfied" and u[24] < parcels.SIGNED_REFUSALS
            env["where"] = "signed" if signed else "hub"
            if signed:
                env.update(parcels.signed_facts(u[17]))
                del slots["last_scan"]
            elif p.outcome == "unsatisfied":
                env.update(parcels.unvalued_facts(u[17]))
        if spec.key == "delay":
            # Why it is late (parcels.py): one cause, told the same way in every turn, with its own remedy; the
            # weather (不可抗力) is the one a compensation is refused for.
            env["hub"] = slots["last_scan"]
            _late(env, _draw(late_causes("delay", p.outcome, p.kind, p.platform, date.month, env["hub"],
                                         bool(peak_sale(date))), u[19]), date, u[31])
            ahead = (3 + int(u[17] * 2)) if p.outcome == "escalated" else 1 + int(u[17] * 3)
            if env["late"] in ("address", "station") and p.outcome != "escalated":
                # Already at the local outlet: it goes out the next day, not in three (reading 19 #3, #7: 12月13日
                # said on the 10th of such a parcel). (An escalated one waits for the specialist: rule
                # escalation_is_warranted.)
                ahead = 1
            eta = date + dt.timedelta(days=ahead)
            slots["eta"] = eta.isoformat()
            env["eta"] = md(eta)
            # The service it was sent at (parcels.PROMISED_SHARE): a 时效件 carries a promised date, a 标快 only
            # an estimate; every turn reads it (比承诺的时间晚了 only of a 时效件, 不带时效承诺 only of a 标快), and
            # the carrier's own delay is refused compensation only on a 标快 (reading 18, #4).
            env["promise"] = parcels.promise(p.outcome, env["late"], (u[17] * 104729.0) % 1.0)
            # How far off the date is (a parcel due tomorrow is not called 也太晚了: reading 18, #20), and whether
            # a road closed by the weather has opened again (the hold-up told and the remedy read it: #18).
            env["eta_in"] = "next" if (eta - date).days == 1 else "later"
            if env["late"] == "weather":
                env["roads"] = "open" if (u[31] * 7919.0) % 1.0 < 0.5 else "closed"
            # What a refused customer asks for (reading 19 #14 = #28: every refusal was a compensation refused, then
            # 这是你们分拣的问题吧): compensation, the parcel sent back, or delivery today; each is refused for its
            # own reason and left its own way (delivery.grammar). (A road closed by the weather: no 今天 to ask.)
            if p.outcome == "unsatisfied":
                d = (u[19] * 7919.0) % 1.0
                env["demand"] = "pay" if d < 0.4 or env.get("roads") == "closed" and d >= 0.7 else \
                    "return" if d < 0.7 else "today"
            if env.get("late") in ("address", "station"):
                # At the local outlet (or its station) the last scan is the outlet's, not a hub's (reading 15, #28).
                del slots["last_scan"]
        if spec.key == "change_address":
            slots["address"] = values["address"]
            # Where the parcel is decides the procedure: not yet sent (changed at once, free), in transit (free,
            # a day more across cities), at the delivery station (forwarded for a fee), out for delivery (refused).
            env["where"] = _draw(parcels.REFUSED_CHANGES if p.outcome == "unsatisfied" else
                                 tuple(ADDRESS_CHANGES.items()), u[24])
            # Whether the new address is in the parcel's city or another (u[26]: free for a change): 会晚到吗 is
            # answered for this parcel, naming the new address's city, not with the rule for both cases.
            env["move"] = "same" if u[26] < parcels.SAME_CITY_SHARE else "cross"
            env["city"] = "pending"   # (the address's city, once the address is written: write_pending)
            if env["where"] == "signed":
                env.update(parcels.signed_facts(u[17]))
    p.slots = {k: v for k, v in slots.items() if v is not None}
    # -- the policy
    if spec.key in VERIFIED:   # how the holder is verified, by what is done (below u[6]'s leading use)
        env["verify"] = _draw(VERIFY_FORMS[spec.key], (u[6] * 7919.0) % 1.0)
    needed = [s for s in spec.asks if s in p.slots]
    if "phone" in needed and env.get("verify") in PHONE_ON_FILE:
        needed.remove("phone")
    ids = [s for s in needed if s in ("order_no", "tracking_no", "phone", "card_tail")]
    # A change to the card (挂失, 调额) needs the holder verified first: the agent asks for the card tail and the
    # code sent to the phone on file, so the identifier is always asked for (never only confirmed).
    # So does a reconnection only the owner may ask for (a kept number, 保号停机): the service password with the number.
    owner = spec.key == "suspension" and path in procedures.OWNER_RESTORES
    # A bill or a balance is told (and an add-on cancelled) only to the number's verified owner (verified.py): the
    # number is asked for with the check, never taken from the opening.
    account = spec.key in TELECOM_VERIFIED
    p.given = (ids[0],) if ids and u[7] < leads.given_rate(spec.key, sector) and spec.key not in VERIFIED and \
        not owner and not account else ()
    # The number the customer gives may find nothing (a slipped digit, another order's number): leads.py. The true
    # one stays the slot; the mistaken one is wrong_id, said only where it was given and where it was not found.
    slip = leads.wrong_id(ids, (u[18] * 7919.0) % 1.0)
    if slip:
        env["slip"] = leads.slip_kind((u[16] * 7919.0) % 1.0)
        p.slots["wrong_id"] = leads.wrong_number(p.slots[slip], env["slip"], (u[17] * 7919.0) % 1.0)
    if owner:   # (the owner's service password, typed into the chat's secure box with the number)
        env["verify"] = "password"
    elif account:   # (the service password, a code sent to the number, or the logged-in App the chat came from)
        env["verify"] = _draw(TELECOM_VERIFY_FORMS, (u[6] * 7919.0) % 1.0)
    # Whether the customer pings about a wait and where (shapes.pings): u[8] a customer in a hurry, u[9] where the
    # ping falls, u[9]'s lower digits whether the look-up is a long one.
    looks_up = spec.lookup or (spec.key == "broadband" and path in procedures.LOOKED_UP)
    p.flags = shapes.pings(spec, looks_up, spec.key in DELAYED, u[8], (u[9] * 7919.0) % 1.0, u[9])
    p.flags.update({
        "fix_fails": spec.troubleshoot and (p.outcome != "resolved" or u[10] < 0.35),
        # A resolved troubleshooting case whose first fix failed was fixed by the second one.
        "second_fix": spec.troubleshoot and (u[11] < 0.5 or p.outcome == "resolved"),
        # Some refusals answer a request the customer must have made (a compensation, a waiver, a delay).
        # A question after the news (那要多久？) where the news leaves one open; otherwise the look-up's news tells
        # the cause and the solution follows it (policy_acts: the agent then looks up without a turn saying so).
        "followup": u[12] < (LOOKUP_FOLLOWUP_RATE if spec.lookup else 0.55) or followup_kept(spec.key, path, p.outcome) or (
            p.outcome == "unsatisfied" and spec.key in FOLLOWUP_BEFORE_DECLINE),
        # Pushing back on a solution that means waiting (a refund, a shipment, a review), never on an answer.
        # (Not on a replacement already on its way, nor on a cancellation.)
        "push_back": u[13] < 0.15 and spec.key in WAITING and not (spec.key == "urge_shipping" and
                                                                  p.outcome == "refund_issued")
                     and not (spec.key == "exchange" and p.outcome == "replacement_sent")
                     and not (spec.key == "bill" and p.outcome == "resolved")   # nothing to wait for
                     and not (spec.key == "lost_parcel" and p.outcome == "resolved"),   # (nor for a recipient)
        # Some escalations need the customer's reason (a late fee to waive) first.
        # (A late parcel is escalated only once the customer has rejected what the agent first offered.)
        # (A refund past its window: the agent first says to ask the bank with the refund's number.)
        # (A complaint is escalated only once the customer has refused the remedy offered: 退/换/补偿 first.)
        # (A disputed return is escalated only once the customer has refused the 质检 the agent proposed.)
        "escalate_after_push": u[15] < 0.5 or spec.key in ("repayment_not_posted", "delay", "refund_status",
                                                            "complaint", "return_refund"),
        # A follow-up asking how long, how much or how is answered by a solution before any escalation.
        "question": followup_kind(spec.key, p.outcome, u[23]),
        "confirm": u[21] < 0.5,
        # A customer whose matter ended well may raise another one before leaving.
        "second": second_matter(spec.key, p.outcome, env, u[27], u[28]),
        "wrong_id": slip,
        # The customer disputes the finding; the agent re-checks and names a record fact (leads.py).
        # (not with impatience: the accepted finding is followed by the solution, not by 快点)
        "dispute": leads.disputes(spec.key, env.get("path", ""), (u[12] * 7919.0) % 1.0) and not p.flags["impatient"],
    })
    if p.flags["dispute"]:
        p.slots["posted_at"] = leads.posted_at((u[13] * 104729.0) % 1.0)
    # How the chat is shaped around the matter (shapes.py), from the lower digits of uniforms used above for their
    # leading part: a greeting-only opening, a hold during the look-up, a wrap-up question, a survey invitation.
    p.flags.update(shapes.draw(spec, p.outcome, (u[21] * 7919.0) % 1.0, (u[13] * 7919.0) % 1.0,
                               (u[15] * 7919.0) % 1.0, BOOKED_ON_CONSENT, (u[7] * 7919.0) % 1.0, VERIFIED,
                               (u[27] * 7919.0) % 1.0))
    if spec.key == "change_address" and env["where"] == "station" and p.outcome == "resolved":
        # A forwarding costs a fee: it is told and agreed to before the forwarding is submitted (the change summed
        # up with its fee, 可以吗？ -> 可以), never charged after the fact (issue 12, reading 12 item 1).
        p.flags["sum_up"] = "address"
        p.flags["consent"] = env["consent"] = "fee"
        env["forward_fee"] = "15" if (u[29] * 7919.0) % 1.0 < 0.6 else "12"
    if spec.key == "invoice" and env["taxinfo"] == "on_file" and env["title"] == "company" and \
            env["path"] != "pending" and not p.flags["followup"] and not p.flags["impatient"]:
        # A 税号 on file is reused only once the customer confirms it (reading 17 #29: 税号用上次那个, unasked).
        p.flags["sum_up"], p.flags["consent"] = "invoice_title", "tax_id"
        env["consent"] = "tax_id"
    if spec.key == "invoice" and env["path"] == "tax_form":
        # No 税号 on file: the agent asks for it and the customer types it in before anything is submitted.
        p.flags["sum_up"], p.flags["consent"] = "invoice_title", "tax_id"
        env["consent"] = "tax_id"
    if spec.key == "credit_limit" and path == "temp" and env["offer"] == "part":
        # Less than asked is offered and agreed to before it is opened (临时额度最多给到…要不要先开通？ -> 可以),
        # not opened at a figure the customer never accepted (issue 12, reading 12 item 4).
        p.flags["terms"], env["consent"] = True, "terms"
    if spec.key == "return_refund" and p.outcome == "refund_issued" and env["ship"] != "none":
        # A return is submitted only once its terms are told and agreed (reading 16, #3 and #11): what 七天无理由
        # asks, who pays the postage and how the goods go back (a pickup booked only on that consent), then
        # 可以，提交吧. The question before it asks how or who pays (answered by the terms); how long the refund
        # takes is not asked before it (the booking tells it, after the consent).
        p.flags["terms"], env["consent"] = True, "return"
        # (Nor who pays before the photos are seen: a fault's postage is the seller's once the fault is seen.)
        if p.flags["question"] == "how_long" or p.flags["question"] == "cost" and env["fee"] == "seller":
            p.flags["question"] = "cost" if (u[23] * 7919.0) % 1.0 < 0.5 and env["fee"] != "seller" else "how"
    if spec.key == "return_refund" and env["path"] == "partial":
        # Keeping the goods for part of the price is one of two ways (the whole return, or the goods kept and part
        # refunded): offered, the customer picks it, then it is submitted (reading 19: 您一同意我就提交 -> 可以).
        p.flags["terms"], env["consent"] = True, "partial"
    if env.get("choice", "-") != "-":
        p.flags["terms"], env["consent"] = True, "choice"   # (the remedy chosen before it is booked)
    if spec.key == "complaint" and env.get("path") == "warranty_repair":
        p.flags["terms"], env["consent"] = True, "repair"   # (a warranty repair offered, booked on the yes: #30)
    if spec.key == "exchange" and p.outcome == "replacement_sent":
        # An exchange is submitted only once its terms are told and agreed (reading 17, #1 and #14): the state the
        # goods must be in (tags, box, accessories), who pays the postage and how the old one goes back, then
        # 可以，换吧; the booking tells the new goods and when they arrive (no 多久能到 before the terms).
        p.flags["terms"], env["consent"] = True, "exchange"
    if consent.plan(spec.key, p.outcome, path, env, p.flags, u[22]):
        p.slots["address"] = values["address"]   # (a card posted: the address it goes to is confirmed first)
    if spec.key == "broadband":
        p.flags.update(procedures.broadband_flags(path, p.outcome, u[10], env["tried"]))
    if spec.key == "credit_limit" and path in ("instant", "temp"):
        p.flags["question"] = "can_you"   # (evaluated at once: no 多久出结果 to ask)
    if spec.key == "card_loss" and path == "lock":
        p.flags["question"] = "confirm"   # (a locked card costs nothing and keeps its number: 卡号会变吗)
        p.flags["push_back"] = False
        p.flags["second"] = ""   # (the second matter's wording presumes a 挂失)
    if spec.key in TAKES_REFUSAL and p.outcome == "unsatisfied" and (u[15] * 7919.0) % 1.0 < TAKES_REFUSAL_RATE:
        p.flags["takes_refusal"] = True   # (u[15] decides an escalation after a push-back: free on a refusal)
        env["took"] = "yes"   # (no second refusal follows: the first one carries the dispute route, bank.grammar)
    if spec.key == "transaction_query" and p.outcome == "escalated":
        # A charge disputed as not the holder's is filed (调单) only on the holder's answer to what it rests on:
        # the card still in hand (a swipe without a password), the code never passed on (an SMS-verified payment),
        # the card never used on an unknown site (online without a password). Asked, answered, then filed.
        p.flags["card_check"] = True
    if spec.key == "recharge_missing" and path in procedures.RECHARGE_QUESTIONS:
        p.flags["question"] = procedures.RECHARGE_QUESTIONS[path]
    if spec.key == "repayment" and path != "delay":
        p.flags["question"] = procedures.REPAYMENT_QUESTIONS[path]
    if spec.key == "repayment_not_posted" and path in procedures.NOT_POSTED_QUESTIONS:
        p.flags["question"] = procedures.NOT_POSTED_QUESTIONS[path]
    if env.get("hold") == "address" and p.flags["question"] == "confirm":
        p.flags["question"] = "why"   # (an order held for its address has no ship date to be sure of)
    if env.get("hold") == "address":
        p.flags["push_back"] = False   # (nothing to wait for: it ships once the customer completes the address)
    if env.get("late") == "station" and p.flags["question"] == "confirm":
        p.flags["question"] = "why"   # (a parcel waiting in the locker now: no 确定那天能到吗 to ask)
    if env.get("late") == "customs":   # (held for 清关: no date was told, so none is doubted or pushed back on;
        p.flags["push_back"] = False    # it moves once the customer completes the real-name check; reading 20 r3 #23)
        if p.flags["question"] == "confirm":
            p.flags["question"] = "why"
    if spec.key == "broadband" and path == "area":
        p.flags["question"] = "what_next"   # (the look-up told when it will be back)
    if spec.key == "bill" and path != "addon":
        p.flags["push_back"] = False   # (a refund of a fee told with its figures is not argued over)
    if spec.key == "data_plan" and path not in ("up", "down", "locked"):
        p.flags["question"] = "what_next"   # (what a new plan costs is asked only of a new plan)
    if spec.key == "data_plan" and path in ("up", "down", "addon", "roaming") and p.outcome == "resolved" and \
            (u[26] * 104729.0) % 1.0 < PLAN_OFFERED_RATE and not (p.flags["followup"] and p.flags["question"] == "cost"):
        # More than half the plan changes and packs are offered as a question (the plan, its price and when it
        # starts; 要换吗？), agreed, and only then verified in a turn of their own: not every change told, verified
        # and booked in one turn (readings 19: plan -> 您同意的话…生效 -> 验证窗口 -> 验证填好了 in five of 60 chats).
        p.flags["terms"], env["consent"] = True, "plan"
    if spec.key == "refund_status" and env.get("stuck") == "signed" and p.flags["question"] == "why":
        p.flags["question"] = "how_long"   # (the look-up said it waits for the shop's check)
    if spec.key == "refund_status" and env["path"] == "instant":
        p.flags["question"] = "why"      # (it is already back: only where it went is asked)
        p.flags["push_back"] = False     # (nothing left to wait for)
    if spec.key == "repair":   # 试了这么多方法 only after two fixes; 在保修期内吧 not asked past the warranty
        if p.fault.get("watch") == "yes":
            # A fault that comes and goes (一天好几次, faults.tsv watch): a step cannot be seen to work in the chat.
            # The customer agrees to try it and watch, asking what if it comes back; the agent's answer is the
            # repair route (reading 15, #5). A step it has tried before writing in may fail at once; a second
            # step only where it ends the chat (resolved).
            p.flags["watch"] = True
            p.flags["second_fix"] = p.flags["second_fix"] and p.outcome == "resolved"
        env["tries"] = "two" if p.flags["second_fix"] else "one"
        if env["hazard"] == "yes":   # stop using it: no step is tried, the remedy comes at once
            p.flags["hazard"], env["tries"] = True, "none"
            p.flags["fix_fails"] = p.flags["second_fix"] = False
            if p.flags["impatient_late"]:   # (its ping follows a fix that failed: none is tried)
                p.flags["impatient"] = False
        if env["path"] == "out_of_warranty":
            p.flags["question"] = "what_next"
        if env["path"] in REPAIR_BOOKINGS:
            # A repair by post, at home or at a service point is offered and booked only on the customer's yes
            # (reading 17, #27: 我给您登记了寄修 unasked): offer_terms -> agree before the escalation that books it.
            p.flags["booking_offer"], env["consent"] = True, "repair"
    if spec.lookup or p.flags.get("lookup"):   # the follow-up reacts to the look-up's news (heed.py)
        p.flags["question"] = heed.fitting_question(p.flags["question"], FOLLOWUPS.get(spec.key, {}), p.outcome, env)
    if env.get("consent") == "exchange" and p.flags["question"] == "how_long":
        p.flags["question"] = "cost"   # (the terms answer who pays; when the new one comes is the booking's)
    env["worry"] = "loss"
    if spec.key == "lost_parcel" and p.outcome == "escalated" and p.flags["question"] == "what_next" and \
            (u[26] * 7919.0) % 1.0 < 0.5:
        # 东西急着用，怎么办？ is asked (u[26]'s lower digits; its leading part chose who asks): answered with the
        # fastest way to have the goods (send again, or the seller resends) before the claim, not the claim alone.
        env["worry"] = "urgent"
    if spec.key == "delay" and env["late"] == "station":
        # What is done for a parcel waiting in the {drop} (u[31]'s lower digits): the pickup code sent again (fetch
        # it now) or a delivery to the door on {eta}. 能加急吗 gets the fastest (fetch it now). The push-back reads
        # it (a date was given: ask for an earlier or evening delivery) and so does the escalation (the place is
        # known: a time is arranged, not the parcel looked for).
        env["remedy"] = "code" if p.flags["question"] == "can_you" or (u[31] * 7919.0) % 1.0 < 0.5 else "door"
    if p.outcome not in ("unsatisfied", "escalated") and \
            heed.proposal_kind(spec.key, p.outcome, env) not in heed.WAITS:
        p.flags["push_back"] = False   # (a wait is pushed back on only where one is told: nothing done is slow)
    if env.get("ship") == "none" and p.flags["question"] in ("how", "cost"):
        p.flags["question"] = "how_long"   # nothing is sent back: no postage or packing to ask about
    if p.flags["question"] in ("how_long", "cost", "how"):
        p.flags["escalate_after_push"] = True
    if spec.key == "invoice" and (p.flags["question"] != "how_long" or env.get("path") == "pending"):
        p.flags["push_back"] = False   # (太慢了 answers a time told: an invoice's is told only when asked how long)
        # (a late invoice's next step is the customer's own 确认收货 or a chase with its day: 财务校验 is no answer)
    if spec.lookup and (p.flags["push_back"] or p.outcome == "unsatisfied" and spec.key in WAITING):
        # (a push-back on a wait, 还要等这么久？, answers a turn that named the time: the follow-up's answer)
        p.flags["followup"] = True
    topic = p.flags["second"]   # (the acts and the label carry the intent, the grammar the topic)

    def in_context(t):   # (second_context.py: the goods' kind, the case's cause, what a reassurance told)
        told = p.flags["push_back"] and ((spec.key, t) in TOLD_IN_REASSURANCE or   # (在订单详情里能看到退款进度)
                                         (spec.key, t, env.get("fast")) in TOLD_IN_FAST_REASSURANCE)
        return second_context.still_fits(t, spec.key, p.outcome, p.kind, env, told)
    if topic and not in_context(topic):   # the intent's next topic that fits, or none
        topic = next((t for t, _ in SECOND_MATTERS[spec.key] if t != topic and
                      _second_fits(t, spec.key, p.outcome, env) and in_context(t)), "")
        p.flags["second"] = topic
    # A data-plan question asks for a bigger plan or for a data pack; its answer answers that one (u[30]'s digits).
    env["want"] = "pack" if (u[30] * 7919.0) % 1.0 < 0.4 else "plan"
    if topic == "annual_fee":   # the card's kind decides its fee rule (u[28]'s lower digits: its leading part chose it)
        env["fee_card"] = procedures.fee_card(env.get("card_kind", ""), (u[28] * 7919.0) % 1.0)
    p.flags["second"] = SECOND_LABELS.get(topic, topic)
    p.second = p.flags["second"]
    if spec.key == "recharge_missing" and path in procedures.READ_BY_CUSTOMER:
        # The number typed into a third party's order is read off the customer's payment record, asked after the
        # look-up found nothing on their number (no follow-up before it: the news is still to come).
        # (and no urging before it: the wait is the customer's own look at the record)
        p.flags["record"], p.flags["followup"], p.flags["impatient"] = True, False, False
    if env.get("consent") == "partial":
        p.flags["question"] = "what_next"   # (the offer of the two ways answers 那怎么处理; no time or postage yet)
    p.acts = policy_acts(spec, p.outcome, p.given, needed, p.flags)
    if spec.key in ("delay", "logistics", "urge_shipping"):   # (能快点吗 asked: the push-back doubts the chase,
        # it does not ask to hurry again)
        env["hurried"] = "yes" if any(act == "ask_followup" and info[0] == "can_you" for _, act, info in p.acts) \
            else "no"
    # A remedy for a fault rests on photos of it, seen before it is proposed (aftersales.py); u[24]'s lower digits.
    env["photos"] = "-"
    if aftersales.needs_evidence(spec.key, env):
        env["photos"], p.acts = aftersales.evidence(p.acts, (u[24] * 7919.0) % 1.0)
    elif spec.key == "lost_parcel" and p.outcome == "refund_issued":
        # A claim is paid on the proof of the goods' value: asked for with the search's result, sent, then paid.
        env["photos"], p.acts = aftersales.evidence(p.acts, 1.0)
    if spec.key == "broadband":   # (a proposal before an escalation already advised the stopgap: said once)
        env["proposed"] = "yes" if any(act == "propose_solution" for _, act, _ in p.acts) else "no"
    p.told = conversation_state(p.acts, spec.key, p.outcome)   # what each turn tells or asks
    if spec.key == "product_inquiry":
        p.told = inquiry_asks(p.told, p.acts, env)
    if path:
        p.told = procedures.mark(p.told, p.acts, path)
    elif "path" in env:   # an after-sales procedure (aftersales.py)
        p.told = aftersales.mark(p.told, p.acts, env["path"])
    if env["photos"] != "-":
        p.told = aftersales.mark_steps(p.told, p.acts, env["photos"])
    if spec.sector == "bank" or spec.key == "recharge_missing":
        p.told = consent.mark(p.told, p.acts, spec.key, env)
    p.satisfaction = satisfaction(p.outcome, p.acts, u[14], spec.key, env)
    if p.flags.get("watch"):   # a step to be watched for days, not seen working: no 5, no relief (reading 17 #13)
        p.satisfaction = min(p.satisfaction, 4)
    env.update({"sector": sector, "intent": spec.key, "platform": p.platform, "company": p.company,
                "outcome": p.outcome, "kind": p.kind, "product": p.product, "unit": p.unit, "q": "none",
                # How the customer sounds when accepting: warm only when satisfied (4-5), grudging otherwise.
                "mood": mood(p.satisfaction, p.outcome, p.acts), "other": topic if p.flags["second"] else "",
                "pending": heed.pending(p.acts, spec.key, p.outcome, env, pending(spec.key, p.outcome)),
                "relief": relief(spec.key),
                # Whether the customer complained (a complaint, an impatient turn): an unsatisfied close records
                # 您的意见 only then, never after a plea for leniency taken with 行吧 (reading 18, read_dlg2 #1).
                # The rating given (1-5): a refusal rated 1 is left angrily, one rated 2 with a shrug (reading 18 #22).
                "sat": str(p.satisfaction),
                "complained": "yes" if spec.key == "complaint" or any(a[1] == "impatient" for a in p.acts) else "no",
                # What the solution told asks of the customer (steps to take, a wait): the acceptance ends to fit.
                "news": heed.news(p.acts, spec.key, p.outcome, env),
                # The agent's habit for this dialogue (openings, closings): one voice per dialogue, varied across
                # them. Drawn from the digits of u[5] below its use (days before as_of), so no new draw is needed.
                "style": agent_style(u[5]),
                # The second matter asked as 能…吗 (can) or 怎么/在哪 (how): its answer opens to fit.
                "form": "can" if u[30] < 0.5 else "how"})
    # A grudging customer's acceptance ends the chat (好吧，就这样吧): no 还有其他问题吗 after it, read_dlg2 #16.
    if env["mood"] == "low" and [a for _, a, _ in p.acts[-3:]] == ["anything_else", "no_more", "close"]:
        del p.acts[-3:-1], p.told[-3:-1]
    # Whether what the customer writes about is already late (a parcel, a shipment, a refund, a top-up or a payment not
    # posted): only then does an apology own a delay (让您久等了, 耽误您事了).
    env["delayed"] = "yes" if spec.key in DELAYED or spec.key == "suspension" and p.outcome == "escalated" else "no"
    for k, v in p.slots.items():
        env.setdefault(k, v)
    if p.fault is not None:
        env.update({k: v for k, v in p.fault.items() if k != "fault"})
        if env.get("tried") == "restart":
            env.update(procedures.after_restart(path, p.fault))
    # A fault fixed in the chat: the closing says what to do if it comes back, and reads who fixed it: the
    # customer's own step (self: do it again) or the agent's remote one (us: 我这边远程/在后台…, come back to us).
    env["fixed"] = "no"
    if spec.troubleshoot and p.outcome == "resolved" and not p.flags.get("lookup"):
        worked = env.get("step2" if p.flags["fix_fails"] else "step", "")
        env["fixed"] = "watch" if p.flags.get("watch") else "us" if procedures.REMOTE_STEP in worked else "self"
        if p.flags.get("watch"):   # (the step is still to be tried and watched: 我照着做一下, not 问题解决了就好)
            env["pending"], env["news"] = "yes", "act"
        elif spec.key == "repair":   # what the customer did and saw with the step that worked (faults.tsv)
            n = "2" if p.flags["fix_fails"] else "1"
            env["did_ok"], env["saw_ok"] = env.get("did" + n, "-"), env.get("fixed" + n, "-")
    if p.second == "product_inquiry":   # 延保 can be added within 30 days of the purchase only
        env["addon"] = "late" if int(env.get("days", "0")) > 30 else "ok"
    env["survey"] = "yes" if p.flags.get("survey") else "no"
    env["wrapped"] = "yes" if any(a == "anything_else" for _, a, _ in p.acts) else "no"
    # How the customer answers the wrap-up question (ratings.py), from u[14]'s lower digits.
    env["reply"] = ratings.wrap_up_reply(env["mood"], p.platform, (u[14] * 7919.0) % 1.0)
    env["paused"] = "yes" if any(a == "hold_ping" for _, a, _ in p.acts) else "no"
    # A ping asks whether the agent is there (还在吗, answered 在的) or how far the look-up is (查到了吗), u[9]'s digits.
    env["ping"] = "presence" if (u[9] * 104729.0) % 1.0 < 0.5 else "progress"
    env["effort"] = effort(p.acts, env["photos"])
    env["hello"] = "yes" if p.flags.get("hello") else "no"
    if p.flags.get("survey"):   # the close invites a rating of the service
        p.told[-1] = p.told[-1] + ("survey",)
    # What each agent turn does and how the customer's next line takes it (heed.py); u[25]'s lower digits.
    p.told, p.reacts = heed.mark(p.told, p.acts, spec.key, p.outcome, env, (u[25] * 7919.0) % 1.0)
    # How a push-back on a wait is made (push_moves.py); u[25]'s digits below those of the reactions.
    env["push"] = push_move(spec.key, p.reacts, (u[25] * 104729.0) % 1.0)
    # The follow-up the customer will ask (the agent's turn before it must leave it something to ask).
    env["followup"] = next((info[0] for _, act, info in p.acts if act == "ask_followup"), "none")
    # A parcel in transit is chased (催办, 联系网点) only when the plan calls for it: the customer said the tracking has
    # not moved for days (stale) or asked for it (能帮我催一下吗), and its cause is one a chase can speed (a backlog, a
    # hub; a missort always, its re-routing is asked for). Otherwise the agent says what the tracking shows and when it is due, and takes no action.
    if spec.key == "logistics":
        env["chase"] = "yes" if env["late"] == "missort" or env["late"] in CHASED_CAUSES and (
            env["stale"] == "days" or env["followup"] == "can_you") else "no"
    if "voiced" in env:
        # A complaint is answered as one (这部分按资费要收, 没法退) only once the customer voiced it: in the opening
        # or by a follow-up (能减免吗, 怎么会超这么多). The voicing turn carries the tag the rule reads.
        # (补换卡费？啥时候有的 asks when, it demands nothing back: no 不能退 unasked, reading 18 #2)
        asked_when = env["followup"] == "why" and env.get("path") == "oneoff"
        env["contested"] = "yes" if env["voiced"] == "high" or env["followup"] != "none" and not asked_when else "no"
        if env["voiced"] == "high":
            p.told[0] = (VOICED,) + tuple(p.told[0])
    if env.get("grievance") in complaints.DELIVERY_GRIEVANCES:   # (the complaint tells what the delivery did)
        k = next(i for i, (_, act, _) in enumerate(p.acts) if act == "describe_problem")
        p.told[k] = (complaints.INCIDENT,) + tuple(p.told[k])
    p.env = env
    return p


AGENT_STYLES = ("brisk", "warm", "formal")


def agent_style(u: float) -> str:
    """brisk, warm or formal, evenly, from the fractional digits of a uniform used elsewhere for its leading part."""
    return AGENT_STYLES[int((u * 7919.0) % 1.0 * len(AGENT_STYLES)) % len(AGENT_STYLES)]


def hazardous(intent: str, fault: dict | None) -> bool:
    """Whether a repair's fault is a safety hazard (faults.tsv: a warning; tripping the breaker, smoke, a burning
    smell, sparks, a swelling battery): then the customer is told to stop using it, no step is tried at home and
    the remedy (a replacement, an inspection, a repair) follows at once."""
    return intent == "repair" and fault is not None and fault.get("warning", "-") != "-"


# The repair paths whose inspection the agent books (by post, at home, at a service point): offered first.
REPAIR_BOOKINGS = ("inspection_mail", "inspection_onsite", "store")


def _exchange_facts(env: dict, slots: dict, kind: str, outcome: str, u: float) -> None:
    """An exchange's return path and, for a size, the size held and the one wanted (reading 15, #0).

    One return path, read by every line that speaks of the old goods (env back): a swap at the door (送新取旧: the
    seller's fault, the replacement sent now) or the customer sending the old one back from the order page (a size,
    the customer's choice, whose postage is theirs or 运费险's; and every exchange that waits for the goods back).
    A size exchange names both sizes (slots size, new_size): the customer says which size fits (偏大 -> one down,
    偏小 -> one up) and the agent checks that size's stock and names it. u (u[26]: free for a size) decides."""
    env["back"] = "door" if env["reason"] != "size" and outcome == "replacement_sent" else "post"
    # Out of stock: the refusal offers another variant besides the refund (another colour in the size wanted, an
    # upgraded model) or only the refund; the second refusal keeps what the first offered (alt).
    env["alt"] = "yes" if env["reason"] != "wrong_item" and (u * 104729.0) % 1.0 < 0.5 else "no"
    if env["reason"] != "size":
        return
    sizes = SIZES[kind]
    env["fit"] = "big" if u < 0.5 else "small"
    k = min(int((u * 7919.0) % 1.0 * (len(sizes) - 1)), len(sizes) - 2)   # a pair of neighbouring sizes
    held, wanted = (sizes[k + 1], sizes[k]) if env["fit"] == "big" else (sizes[k], sizes[k + 1])
    slots["size"], slots["new_size"] = held, wanted


def _late(env: dict, cause: str, date: dt.date, u: float) -> None:
    """Record a late parcel's cause in `env` (late), and for the weather which one stopped the hub this month."""
    env["late"] = cause
    if cause == "station":   # where the courier left it: one place, said the same in every turn
        env["drop"] = "快递柜" if u < 0.4 else "驿站"
    if cause == "weather":
        env["weather"] = _draw(weathers(date.month, env["hub"]), u)
    if cause == "peak":   # the sale whose backlog it is (双十一 after 11 November), or a shop's 大促 out of season
        env["sale"] = sale(date)


def policy_acts(spec: Intent, outcome: str, given: tuple, needed: list, flags: dict) -> list:
    """The act sequence: (role, act, info) per turn, from the intent's policy and the record's branches.

    describe_problem (an identifier given unasked or not) -> ask_info for what is still missing -> provide_info |
    confirm_info -> affirm; [impatient]; check -> inform (lookup intents); troubleshoot -> report (a failed fix
    leads to a second one or to a solution); [ask_followup]; the solution the outcome calls for (propose_refund,
    propose_replacement, propose_solution, escalate, decline); the customer's reaction (accept, or push_back ->
    reassure | escalate -> accept, or push_back -> decline -> give_up); close. The customer always opens and the
    agent always closes."""
    # A greeting-only opening (在吗？): the agent greets and asks what it is about before the problem is told.
    acts: list = [("customer", "greet_only", ()), ("agent", "ask_need", ())] if flags.get("hello") else []
    acts.append(("customer", "describe_problem", given))
    missing = tuple(s for s in needed if s not in given)
    if missing:
        acts.append(("agent", "ask_info", missing))
        if len(missing) > 1 and flags.get("partial") and not flags.get("wrong_id"):   # (not both: leads.py)   # only the first sent: the rest asked for again (shapes.py)
            acts += [("customer", "provide_info", missing[:1]), ("agent", "ask_info", missing[1:])]
            missing = missing[1:]
        acts.append(("customer", "provide_info", missing))
    if flags.get("wrong_id"):   # the number given finds nothing and the customer sends the right one (leads.py)
        acts = leads.policy_slip(acts, flags["wrong_id"])
    elif given and not missing and flags["confirm"]:
        acts.append(("agent", "confirm_info", given))
        acts.append(("customer", "affirm", ()))
    impatient = flags["impatient"]
    # Impatience comes while waiting on the agent after giving what was asked (在吗？ after the order number),
    # never straight after the opening: an early one where nothing was asked waits for a later chance.
    late = flags["impatient_late"] or acts[-1][1] not in ("provide_info", "affirm", "correct_info")
    if impatient and not late:
        acts.append(("customer", "impatient", ()))
    answered_at_once = outcome == "unsatisfied" and spec.key in ASKED_IN_OPENING
    followup = flags["followup"]
    if flags.get("offer_first") and _may_speak(acts, "agent"):
        # A change to the account the customer only asked about (怎么挂失), or a card to be posted, is offered and
        # agreed to before it is done (the address it goes to confirmed): consent.py.
        acts += [("agent", "offer_terms", ()), ("customer", "agree" if flags.get("agreed", True) else "decline_offer", ())]
    if spec.lookup or flags.get("lookup"):   # (a broadband fault in the area is looked up, not tried)
        waited = "impatient" in [a for _, a, _ in acts]
        hold = flags.get("hold") and not answered_at_once and not waited
        # Without a follow-up after the news, the solution comes right after it: the agent looks up without a turn
        # saying so (查到了…) unless the look-up is long (hold) or the customer already urged (the check apologises).
        if hold or answered_at_once or waited or followup:
            acts.append(("agent", "check", ()))
        # A look-up that takes a while: the customer, left waiting, asks whether the agent is still there (还在吗？)
        # and the news starts with 让您久等了 (not after an impatience already shown: the check apologised then).
        if hold:
            acts.append(("customer", "hold_ping", ()))
        if not answered_at_once:
            acts.append(("agent", "inform", ()))
            if flags.get("dispute"):   # the finding disputed, re-checked with a record fact, accepted (leads.py)
                acts += [("customer", "dispute", ()), ("agent", "recheck", ()), ("customer", "accept_fact", ())]
        if waited and not hold and not answered_at_once:
            followup = True   # (check -> inform: the customer speaks before a third agent turn)
        if flags.get("dispute"):
            followup = False   # (the dispute is the customer's question about the news)
    if flags.get("record"):   # what only the customer's payment record shows (procedures.READ_BY_CUSTOMER)
        if acts[-2] == ("agent", "check", ()):   # (no three agent turns running: the look-up's news opens it)
            del acts[-2]
        acts += [("agent", "ask_info", ("order_phone",)), ("customer", "provide_info", ("order_phone",))]
        followup = False
    if spec.troubleshoot and not flags.get("lookup") and not flags.get("hazard"):
        acts.append(("agent", "troubleshoot", (1,)))
        if not flags["fix_fails"]:
            return _closing(_fixed(acts, flags), flags)
        acts.append(("customer", "report_failed", ()))
        if flags["second_fix"]:
            acts.append(("agent", "troubleshoot", (2,)))
            if outcome == "resolved":
                return _closing(_fixed(acts, flags), flags)
            acts.append(("customer", "report_failed", ()))
    # A late impatience comes before the follow-up question, so the agent's next turn answers the question.
    # (not straight after the opening: a hazard with its order given goes from the opening to the remedy)
    if impatient and late and acts[-1][0] == "customer" and acts[-1][1] != "describe_problem" and \
            not flags.get("record") and _may_speak(acts, "customer"):   # (not on the record just read out)
        acts.append(("customer", "impatient", ()))
    if followup and not answered_at_once and _may_speak(acts, "customer"):
        acts.append(("customer", "ask_followup", (flags["question"],)))
    if outcome == "unsatisfied" and flags.get("takes_refusal"):
        acts += [("agent", "decline", ()), ("customer", "give_up", ())]
    elif outcome == "unsatisfied":
        acts += [("agent", "decline", ()), ("customer", "push_back", ()), ("agent", "decline", (2,)),
                 ("customer", "give_up", ())]
    elif outcome == "escalated":
        # (an appeal filed on consent: consent.py; a disputed charge is filed only once the customer has answered
        # the question it rests on, 卡还在您手上吗, card_check)
        if (flags.get("appeal") or flags.get("card_check") or flags.get("booking_offer")) and \
                _may_speak(acts, "agent"):
            acts += [("agent", "offer_terms", ()), ("customer", "agree", ())]
        elif flags["escalate_after_push"]:
            acts += [("agent", "propose_solution", ()), ("customer", "push_back", ())]
        acts += [("agent", "escalate", ()), ("customer", "accept", ())]
    else:
        act = {"refund_issued": "propose_refund", "replacement_sent": "propose_replacement"}.get(outcome,
                                                                                                 "propose_solution")
        # The change summed up and agreed before it is carried out (跟您确认一下…对吗？ 对的), shapes.py.
        # (a change that costs a fee is always agreed first, also after a question: its answer asks for consent)
        if flags.get("sum_up") and (acts[-1][1] == "inform" or flags.get("consent")) and _may_speak(acts, "agent"):
            acts += [("agent", "confirm_info", (flags["sum_up"],)), ("customer", "affirm", ())]
        # The terms offered and agreed to before they are carried out (less than asked: model.py, terms).
        if flags.get("terms") and _may_speak(acts, "agent"):
            acts += [("agent", "offer_terms", ()), ("customer", "agree" if flags.get("agreed", True) else "decline_offer", ())]
        acts.append(("agent", act, ()))
        if flags["push_back"]:
            acts += [("customer", "push_back", ()), ("agent", "reassure", ())]
        acts.append(("customer", "accept", ()))
        if flags.get("second") and spec.key in BOOKED_ON_CONSENT:
            acts.append(("agent", "confirm_done", ()))   # (without a second matter the close confirms it)
    return _closing(acts, flags)


def _fixed(acts: list, flags: dict) -> list:
    """The end of a fix that works: the customer reports it worked, or, for a fault that comes and goes (watch),
    agrees to try it and asks what to do if it comes back (那要是还这样呢？), answered with the repair route."""
    if flags.get("watch"):
        return acts + [("customer", "ask_followup", ("what_next",)), ("agent", "propose_solution", ()),
                       ("customer", "accept", ())]
    return acts + [("customer", "report_worked", ())]


def _closing(acts: list, flags: dict) -> list:
    """The end: a second matter raised and answered (ask_other -> answer_other -> thank) if the plan has one,
    then the agent's close."""
    if flags.get("second"):
        acts += [("customer", "ask_other", (flags["second"],)), ("agent", "answer_other", (flags["second"],)),
                 ("customer", "thank", ())]
    elif flags.get("wrap_up") and acts[-1][0] == "customer":
        # The agent asks whether there is anything else (还有其他可以帮您的吗？) and the customer says there is not.
        acts += [("agent", "anything_else", ()), ("customer", "no_more", ())]
    acts.append(("agent", "close", ()))
    return acts


def second_matter(intent: str, outcome: str, env: dict, u: float, v: float) -> str:
    """The topic of a second matter the customer raises once the first is settled, or "" (none after a refusal:
    an unsatisfied customer leaves; none while a specialist still has the first). Topics that presuppose something of the first matter are drawn only where
    it holds: 运费险 on an order that has it, the warranty of a unit repaired or swapped for a fault, the progress
    of a refund or a returned order."""
    if outcome in ("unsatisfied", "escalated") or u >= SECOND_MATTER_RATE:
        return ""
    options = tuple((topic, w) for topic, w in SECOND_MATTERS.get(intent, ())
                    if _second_fits(topic, intent, outcome, env))
    topic = _draw(options, v) if options else ""
    # (a sender who insured the lost parcel and was just paid on it has no 保价怎么买 to ask: no second matter, the
    # other topics keep their shares; reading 18 #8)
    return "" if topic == "insure" and intent == "lost_parcel" and env.get("party") == "sender" else topic


def _second_fits(topic: str, intent: str, outcome: str, env: dict) -> bool:
    if intent == "transaction_query":
        # A card disputed as stolen from: no limit, fee or autopay question on it; its new card once it is stopped.
        if env.get("path") == "fraud":
            return topic == "repayment" or topic == "new_card" and env.get("freeze") == "asked"
        return topic != "new_card"
    if topic == "stop_keep" and env.get("path") == "keep":   # (a kept number just reconnected: 保号 is not asked)
        return False
    if topic == "freight_insurance":
        return env.get("fee") == "insurance"
    if topic == "repaired_warranty" and intent == "exchange":
        return env.get("reason") == "defect"
    if topic == "refund_progress" and outcome == "escalated":   # (no refund started: left to a specialist)
        return False
    if topic == "refund_progress" and intent == "complaint":   # (not where the customer chose the goods)
        return env.get("path") in ("return_exchange", "food_refund") and env.get("choice") != "goods"
    if topic == "repaired_warranty" and intent == "repair":   # (a fix in the chat repaired nothing)
        return outcome != "resolved"
    if intent == "product_inquiry":   # (not what the pre-sale question or its answer already said: a stock answer
        # tells when it ships, 下午四点前下单当天发; reading 20 r2 #3)
        return not (topic == "ship_time" and env.get("topic") in ("ship_time", "stock") or
                    topic == "return_rule" and env.get("topic") == "return")
    return True


# Merchants as a statement names them (invented, but concrete: a bank's record never says 某外卖平台).
# What a merchant kind plausibly charges: a subscription its list prices (monthly or annual, yuan), anything
# else a range (yuan).
SUBSCRIPTION_PRICES = {"青柚视频": (15, 19, 25, 30, 148, 198, 248), "声浪音乐": (8, 10, 15, 88, 108, 148)}
ANNUAL_FROM = 80       # a subscription price from which it is a yearly one (连续包年), below a monthly one (包月)
STORE_MERCHANTS = ("邻里家便利店",)
POLICE_FROM = 100      # a disputed sum (yuan) from which the agent advises reporting it to the police
CHARGE_RANGE = {"满口香外卖": (18, 160), "快驰出行": (12, 180), "邻里家便利店": (8, 120), "云缴通-生活缴费": (40, 600)}


# The authorisation of a card payment, as the bank's record names it (the slot payment_auth).
PAYMENT_AUTH = {"agreement": "免密代扣", "small_free": "小额免密", "sms": "短信验证码"}


def merchant_amount(merchant: str, u: float, v: float) -> str:
    """A charge by this merchant: a subscription at one of its prices, otherwise an amount within its range."""
    prices = SUBSCRIPTION_PRICES.get(merchant)
    if prices:
        return f"{prices[min(int(u * len(prices)), len(prices) - 1)]}.00"
    low, high = CHARGE_RANGE[merchant]
    return f"{low + int(u * (high - low))}.{int(v * 100):02d}"


def invoice_kind(title: str, outcome: str, u: float) -> str:
    """The invoice the conversation is about: "normal" (电子普通发票), "special" (增值税专用发票, asked for at the
    start) or "late_special" (a 专票 asked for after the company chose a 普票 whose form it had still to fill in:
    escalated). Never a 专票 for a person."""
    if title != "company":
        return "normal"
    if outcome == "escalated":
        return "late_special"
    return "special" if outcome == "resolved" and u < SPECIAL_INVOICE_RATE else "normal"


def followup_kept(intent: str, path: str, outcome: str) -> bool:
    """Whether the customer always asks a follow-up after this intent's look-up: FOLLOWUP_KEPT names the intent
    (None: always) or the paths or outcomes on which it is kept."""
    if intent not in FOLLOWUP_KEPT:
        return False
    kept = FOLLOWUP_KEPT[intent]
    return kept is None or path in kept or outcome in kept


def followup_kind(intent: str, outcome: str, u: float) -> str:
    """The kind of the customer's follow-up question (how_long, cost, how, can_you, why, what_next), from those
    the intent's solution for this outcome can answer (catalogue.FOLLOWUPS)."""
    table = FOLLOWUPS.get(intent, {})
    kinds = table.get(outcome) or table.get("*") or ("what_next",)
    return kinds[min(int(u * len(kinds)), len(kinds) - 1)]


def mood(satisfaction: int, outcome: str, acts: list) -> str:
    """How the customer accepts: warm (high) at 4-5, but plain (mid) when left waiting on a specialist or after
    pushing back (nobody says 太好了 then); grudging (low) at 1-3 only where the plan gives it a cause
    (rules.GRUDGE_CAUSES: a push-back on a wait, a handover to a specialist, less than asked agreed to); plain
    (mid) otherwise: a failed fix followed by a replacement or a refund is not accepted grudgingly, nor is a
    remedy given in full after the customer urged (有人吗？？ then the whole 580 back: no 别再拖了, reading 14 #11)."""
    names = {a for _, a, _ in acts}
    if satisfaction >= 4:
        return "mid" if outcome == "escalated" or "push_back" in names else "high"
    return "low" if outcome == "escalated" or names & {"push_back", "offer_terms"} else "mid"


def _may_speak(acts: list, role: str) -> bool:
    """Nobody takes more than two turns in a row."""
    return not (len(acts) >= 2 and acts[-1][0] == role and acts[-2][0] == role)


def satisfaction(outcome: str, acts: list, u: float, intent: str = "", env: dict | None = None) -> int:
    """1-5 within what the outcome and how the conversation went allow (state.satisfaction_range), and the facts
    `env` (ratings.capped: a loss told late, a request to hurry not granted)."""
    low, high = satisfaction_range(outcome, [a for _, a, _ in acts], SATISFACTION_RANGE, intent)
    drawn = low + min(int(u * (high - low + 1)), high - low)
    return drawn if env is None else ratings.capped(drawn, env, low)


def effort(acts: list, photos: str) -> str:
    """What the customer did for the matter beyond writing in, which a thanks can credit (read_dlg2: 谢谢您这么配合
    and 劳您费心了 to a customer who had only asked, #2 #3 #14 #18): steps tried (report_worked/report_failed), photos
    sent, a correction or a second batch of details (provide_info twice), a wait through a look-up; none otherwise."""
    names = [a for _, a, _ in acts]
    if "report_worked" in names or "report_failed" in names:
        return "steps"
    if photos != "-" or "send_evidence" in names:
        return "photos"
    if names.count("provide_info") >= 2 or "correct_info" in names:
        return "details"
    return "waited" if "hold_ping" in names else "none"
