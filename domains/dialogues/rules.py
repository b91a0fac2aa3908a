"""The dialogues domain's coherence contract. Every rule reads output fields only (and options["as_of"]), so
`synth check FILE --domain dialogues` runs them on any file; generation builds each of them in."""

from __future__ import annotations

import datetime as dt
import re
from itertools import repeat

import numpy as np

from synth import speedups

from .appointments import SLOT_WORDS, VISIT_WORDS, one_appointment, visit_time_chosen
from .complaints import (CONTESTED_INTENTS, complaint_is_voiced, complaint_remedy_checked,
                         courier_report_rests_on_facts, one_follow_up_call)
from .catalogue import ACTS, DATE_SLOTS, DELAYED, PAST_DATE_SLOTS, SATISFACTION_RANGE, tables
from .ecommerce_coherence import (EXCHANGE_WORDS, RETURN_WORDS, chase_is_answered, evidence_before_remedy,
                                  REPAIR_WORDS, exchange_booked_on_consent, exchange_is_specific,
                                  repair_booked_on_consent,
                                  held_order_has_no_date, held_order_not_waited, return_booked_on_consent,
                                  return_reason_not_presumed,
                                  return_refund_is_issued)
from .end_state import outcome_follows_end_state
from .fields import DOMAIN
from .heed import KIND_TAGS, NEWS_WORDS, heeds, reads_the_news
from .leads import dispute_is_rechecked, slip_is_marked
from .parcels import CAUSE_STATEMENTS, loss_declared_after_search, one_service_level
from .presale import HOLD_STATEMENTS
from .shipping_sheet import SHEET_WORDS, told_by_its_sheet
from .consent import ACTION_WORD_LIST, account_action_is_consented, asked_freeze_comes_first
from . import bank_policy
from .procedure_rules import (SENTENCES, branch_offered_when_not_posted, fee_rule_is_one, hazard_stops_tests,
                              limit_raise_is_stated, limit_refusal_is_what_it_is, one_card_procedure,
                              order_read_by_customer, pack_fits_usage, watched_fault_not_reported_fixed,
                              wrong_transfer_told_by_remitter)
from .verified import (BANK_INTENTS, agent_waits_for_answer, holder_verified_before_disclosure,
                       owner_verified_before_reconnection, transfer_said_before_told)
from .state import ASKS_TOLD, PARTIAL_REFUSALS, PUSHED_ON, QUESTION_TOPIC, TIME_SLOTS, satisfaction_range

# What looks like an identifier or a date in free text: each must be a ground-truth value. One pattern, one pass
# over the conversation: an order or tracking number, a masked phone, a card tail after 尾号/后四位, a date.
# The lookahead names the characters any of them starts with, so the many positions that start none fail at once
# (three times faster than trying every alternative at every character).
LOOKS_LIKE_A_VALUE = re.compile(r"(?=[A-Z\d尾后])"
                                r"(?:(?<![A-Za-z0-9*])(?P<number>[A-Z]{0,2}\d{11,19})(?![0-9])"
                                r"|(?P<phone>1\d{2}\*{4}\d{4})"
                                r"|(?:尾号|后四位是|后四位)(?P<tail>\d{4})"
                                r"|(?P<month>\d{1,2})月(?P<day>\d{1,2})日)")


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError):
        return None


def _md(value: str) -> str:
    d = _date(value)
    return f"{d.month}月{d.day}日" if d else ""


def _as_of(options) -> dt.date:
    value = options.get("as_of")
    return value if isinstance(value, dt.date) else dt.date(2025, 1, 1)


def _listed(column) -> list:
    return column.tolist() if isinstance(column, np.ndarray) else list(column)


def slot_mentions_are_true(slots: dict, turns: list, text: str) -> bool:
    truth = {k: str(v) for k, v in slots.items()} if slots else {}
    for turn in turns:
        said_slots = turn.get("slots_mentioned")
        if not said_slots:
            continue
        for name, said in said_slots.items():
            if name not in truth or said not in turn["text"]:
                return False
            if said != (_md(truth[name]) if name in DATE_SLOTS else truth[name]):
                return False
    if "wrong_id" in truth and not slip_is_marked(truth, turns, text):
        return False   # (a mistaken number is said only where it was given and not found: leads.py)
    return values_in_text_are_true(truth, text)


_cscan = speedups.load("_scan")


def looks_like_values(text: str) -> list:
    """(number, phone, tail, month, day) of each match of LOOKS_LIKE_A_VALUE in `text`, None where a group is not
    in the match: with synth/_scan.c built, its `looks_like_values` (the same matches in one pass in C, a fifth of
    the regex scan's time on a conversation; a test holds the two equal), else the regex."""
    return [found.group("number", "phone", "tail", "month", "day") for found in LOOKS_LIKE_A_VALUE.finditer(text)]


if _cscan is not None and hasattr(_cscan, "looks_like_values"):
    looks_like_values = _cscan.looks_like_values   # noqa: F811


def values_in_text_are_true(truth: dict, text: str) -> bool:
    """Every identifier, masked phone, card tail and date the text contains is a ground-truth value (`truth`: the
    slots as strings)."""
    identifiers = dates = None
    for number, phone, tail, month, day in looks_like_values(text):
        if number or phone:
            if identifiers is None:
                identifiers = {v for k, v in truth.items()
                               if k in ("order_no", "tracking_no", "phone", "order_phone", "wrong_id")}
            if (number or phone) not in identifiers:
                return False
        elif tail:
            if tail != truth.get("card_tail"):
                return False
        elif month:
            if dates is None:
                dates = {_md(v) for k, v in truth.items() if k in DATE_SLOTS}
            if f"{int(month)}月{int(day)}日" not in dates:
                return False
    return True


def roles_alternate(turns: list, acts: list, n_turns) -> bool:
    if not turns or len(turns) != int(n_turns) or [t["act"] for t in turns] != list(acts):
        return False
    if turns[0]["role"] != "customer" or turns[-1]["role"] != "agent":
        return False
    run = 1
    for previous, turn in zip(turns, turns[1:]):
        if ACTS.get(turn["act"], ("",))[0] != turn["role"]:
            return False
        run = run + 1 if turn["role"] == previous["role"] else 1
        if run > 2:
            return False
    return ACTS.get(turns[0]["act"], ("",))[0] == turns[0]["role"]


def asks_are_needed(turns: list) -> bool:
    given: set = set()
    for turn in turns:
        requested = set(turn.get("slots_requested") or ())
        if turn["act"] == "ask_info" and requested & given:
            return False
        if turn["act"] == "confirm_info" and not requested <= given:
            return False
        if turn["role"] == "customer":
            given |= set(turn.get("slots_mentioned") or ())
    return True


ENDINGS = {
    # (a return booked whose refund waits for the goods is resolved, not refund_issued: end_state.py)
    "resolved": ({"propose_solution", "report_worked", "propose_refund"}, {"accept", "report_worked"}),
    "refund_issued": ({"propose_refund"}, {"accept"}),
    "replacement_sent": ({"propose_replacement"}, {"accept"}),
    "escalated": ({"escalate"}, {"accept"}),
    "unsatisfied": ({"decline"}, {"give_up"}),
}


def outcome_agrees(outcome: str, acts: list) -> bool:
    if outcome not in ENDINGS or not acts or acts[-1] != "close":
        return False
    needed, last_customer = ENDINGS[outcome]
    # A second matter raised after the first was settled (ask_other ... thank) does not change its outcome.
    # Nor does the wrap-up (anything_else -> no_more) before the close (shapes.py).
    customer = [a for a in acts if ACTS.get(a, ("",))[0] == "customer" and a not in ("ask_other", "thank", "no_more")]
    if not customer or customer[-1] not in last_customer or not needed & set(acts):
        return False
    if "ask_other" in acts and acts[-4:] != ["ask_other", "answer_other", "thank", "close"]:
        return False
    if "anything_else" in acts and (acts[-3:] != ["anything_else", "no_more", "close"] or outcome == "unsatisfied"):
        return False
    # The solution the outcome names is the last one offered.
    offered = [a for a in acts if a in ("propose_refund", "propose_replacement", "escalate", "decline")]
    if outcome in ("refund_issued", "replacement_sent", "escalated", "unsatisfied"):
        return bool(offered) and offered[-1] in needed
    return not offered or offered[-1] == "propose_refund"   # (which refunds: outcome_follows_end_state)


def satisfaction_agrees(outcome: str, satisfaction, acts: list, intent: str) -> bool:
    if outcome not in SATISFACTION_RANGE:
        return False
    low, high = satisfaction_range(outcome, list(acts), SATISFACTION_RANGE, intent)
    return low <= int(satisfaction) <= high


def _says_past(text: str, period: str) -> bool:
    """A sentence naming the period says the order is past it (超过); 超过 elsewhere in the turn is about another
    thing (这单金额超过了极速退款的额度)."""
    return any("超过" in sentence for sentence in SENTENCES.findall(text) if period in sentence)


def dates_agree(date, slots: dict, turns: list, as_of: dt.date) -> bool:
    day = _date(date)
    if day is None or not (as_of - dt.timedelta(days=60) <= day <= as_of):
        return False
    slots = slots or {}
    for name in PAST_DATE_SLOTS:
        if name in slots and not _date(slots[name]) < day:
            return False
    for name in ("eta", "ship_date", "due_date", "temp_end"):
        if name in slots and not _date(slots[name]) > day:
            return False
    if "purchase_date" in slots:
        days = (day - _date(slots["purchase_date"])).days
        for turn in turns:
            if turn["role"] != "agent":
                continue
            text = turn["text"]
            # (a policy told as counting from receipt, 从签收…算, answers a question about the goods to come and says
            # nothing of this order's days: the second matter 到了以后不喜欢能退吗 before the parcel ships)
            if "七天无理由" in text and "从签收" not in text and _says_past(text, "七天无理由") != (days > 7):
                return False
            if "价保期" in text and _says_past(text, "价保期") != (days > 15):
                return False
    if "received_date" in slots:   # a late return is counted from the day it was signed for, the 七天无理由 basis
        held = (day - _date(slots["received_date"])).days
        for turn in turns:
            if turn["role"] == "agent":
                for counted in COUNTED.finditer(turn["text"]):
                    if int(counted.group(1)) != held:
                        return False
    return True


COUNTED = re.compile(r"(?:到今天|到现在)(?:已经)?(\d+)天")

# Where the seven days of 七天无理由 start, said from signing itself (从签收那天算, 按签收日算, 从签收算起) rather than
# from the day after (签收次日, 签收的第二天), the start the policy has.
SIGNING_DAY_START = re.compile(r"(?:从|按)签收(?:那天|当天|日期|日|时间|)(?:算起|开始算|起算|算)")


# A fact about the customer no slot, plan fact or customer turn supplies: a guess about their phone (可能被拦截了,
# 可能被别的短信刷下去了, 您可能没留意), a stay or rental presumed from a hold (是您的住店押金), a tax profile
# presumed saved (开票信息里保存的). The agent says what its system shows and asks or instructs for the rest.
PRESUMED = re.compile(r"可能被(?:拦截|别的短信|当成)|也许被(?:当成|手机)|(?:可能您|您可能)没(?:注意到|留意)"
                      r"|是您的(?:住店|入住|租车|违章)押金|(?:企业|单位)开票信息里保存的")


# (each of PRESUMED's alternatives holds one of these: the rule's gate words)
PRESUMED_WORDS = ("可能被", "也许被", "可能您", "您可能", "是您的", "开票信息里保存的")


def agent_presumes_nothing(text: str) -> bool:
    return PRESUMED.search(text) is None


# A merchant's 48-hour review told as not yet run out (还不到48小时, 还没满, 还在时限内).
WINDOW_OPEN = re.compile(r"还不到48小时|还没满|还在(?:商家的48小时处理)?时限内")


def review_window_fits_dates(intent: str, date, slots: dict, turns: list) -> bool:
    if intent != "refund_status" or not slots or "apply_date" not in slots:
        return True
    # (filed the day before at the earliest: 48 hours from any hour of that day have not run out today)
    if (_date(date) - _date(slots["apply_date"])).days <= 1:
        return True
    return not any(t["role"] == "agent" and WINDOW_OPEN.search(t["text"]) for t in turns)


def late_repayment_told_by_its_dates(intent: str, slots: dict, turns: list) -> bool:
    if intent != "repayment_not_posted":
        return True
    slots = slots or {}
    for t in turns:
        if t["role"] != "agent" or "计了利息" not in t["text"]:
            continue
        if "bill_due" not in slots or "post_date" not in slots:
            return False
        due, posted = _date(slots["bill_due"]), _date(slots["post_date"])
        if not (_md(slots["bill_due"]) in t["text"] and _md(slots["post_date"]) in t["text"] and posted > due):
            return False
        if "宽限期内" in t["text"] and (posted - due).days > 3:
            return False
    return True


AT_LOCAL_OUTLET = re.compile(r"(?:到了|到|在)您(?:那边|附近)")


def last_scan_is_where_the_parcel_is(intent: str, slots: dict, turns: list) -> bool:
    if intent != "delay" or not slots or "last_scan" not in slots:
        return True
    return not any(t["role"] == "agent" and AT_LOCAL_OUTLET.search(t["text"]) for t in turns)


# The words without which a rule's pattern cannot match a turn (the `words` of its declaration, _declare): a test
# holds each pattern to them.
SIGNING_WORDS = ("签收",)
WINDOW_WORDS = ("还不到48小时", "还没满", "还在")
INTEREST_WORDS = ("计了利息",)
OUTLET_WORDS = ("您那边", "您附近")


def seven_days_from_day_after_signing(turns: list) -> bool:
    return not any(turn["role"] == "agent" and SIGNING_DAY_START.search(turn["text"]) for turn in turns)


# What an answer to each kind of follow-up question must say (how_long: a time; cost: a sum or that it is free);
# the other kinds are answered by the solution itself (the next agent turn carries the same kind).
ANSWER_MARKS = {
    "how_long": re.compile(r"\d+月\d+日|(?:\d|[一两三四五六七八九十半])\s*(?:个)?(?:工作日|天|小时|分钟|周|月)"
                           r"|今天|明天|次月|下个月|下月|时效"),
    "cost": re.compile(r"\d+元|免费|免收|不收|不额外收|承担|不用您出|赔|优惠|价|减|抵扣"),
}


def questions_are_answered(turns: list) -> bool:
    return all(answered(turns, k) for k, turn in enumerate(turns) if turn["act"] == "ask_followup")


def answered(turns: list, k: int) -> bool:
    """Whether the follow-up question turns[k] is answered by the very next turn, an agent turn of its kind."""
    turn = turns[k]
    kind = turn.get("question")
    if not kind:
        return False
    reply = next((t for t in turns[k + 1:] if t["role"] == "agent"), None)
    if reply is None or reply is not turns[k + 1] or reply.get("question") != kind:
        return False
    mark = ANSWER_MARKS.get(kind)
    placeholder = reply["text"].startswith("[")   # the skeleton stage: acts, no words yet
    return mark is None or placeholder or bool(mark.search(reply["text"]))


# A yes/no question about a fee (改地址得加钱吗, 补卡要钱吗) and what tells the fee, and an agent's claim that the
# change is done (改好了, 已经给您改成…).
FEE_QUESTION = re.compile(r"(加钱|收费|要钱|收钱|花钱)吗")
FEE_TOLD = re.compile(r"费|\d+元|不收|免收|不要钱|不用钱|不用加钱")
DONE_CLAIM = re.compile(r"改好了|(?:已经|已)(?:为您|给您|帮您)?把?[^。，；？]{0,6}?(?:改成|改为|改好|提交|登记|办好)")
FEE_WORDS = ("加钱吗", "收费吗", "要钱吗", "收钱吗", "花钱吗")


def fee_answered_before_done(turns: list) -> bool:
    """The agent's reply to a question about a fee tells the fee before it says anything is done: the question
    is answered first, then the change made (issue 12, reading 19: 改好了… in reply to 改地址得加钱吗)."""
    for k, turn in enumerate(turns[:-1]):
        if turn["role"] != "customer" or not FEE_QUESTION.search(turn["text"]):
            continue
        reply = turns[k + 1]
        if reply["role"] != "agent":
            continue
        done = DONE_CLAIM.search(reply["text"])
        fee = FEE_TOLD.search(reply["text"])
        if done and not (fee and fee.start() < done.start()):
            return False
    return True


# A grudging acceptance (行吧, 好吧, 算了 ...) is not a satisfied customer; a refund outcome says the money.
GRUDGING_LAST = re.compile(r"行吧|好吧|算了|也只能这样|那就这样吧|很失望")   # (not the mood rule's GRUDGING below)
REFUND_SAID = re.compile(r"退[回还款差]|原路|赔付|赔")


def labels_agree_with_text(outcome: str, satisfaction, turns: list) -> bool:
    # (the last customer turn and the last refund offer are read from the end: each is one or two turns from it)
    last = _last(turns, "role", "customer")
    if last is not None and GRUDGING_LAST.search(last["text"]) and int(satisfaction) > 3:
        return False
    if outcome == "refund_issued":
        offer = _last(turns, "act", "propose_refund")
        if offer is None or not REFUND_SAID.search(offer["text"]):
            return False
    return True


def _last(turns: list, field: str, value: str) -> dict | None:
    """The last turn whose `field` is `value`, or None."""
    for turn in reversed(turns):
        if turn[field] == value:
            return turn
    return None


# Statements an agent cannot both make in one conversation: each pair is (one claim, the claim that contradicts
# it). The model chooses one side (the logistics mode, who pays, the repair mode, the diagnosis) and all wording
# follows that choice, so these can only appear together if a grammar alternative ignores the choice.
CONTRADICTIONS = (
    (re.compile(r"不用您(自己)?寄|上门取[件货]|上门揽收|上门来取|取新送旧"), re.compile(r"您(自己)?寄回后|您把\S{0,20}寄回售后仓|寄回退货地址|(得|需要)您自己寄|(?:早点|尽快)寄出")),
    (re.compile(r"运费由商家承担|运费(都)?不用您出|运费由运费险|运费险会赔"), re.compile(r"运费(需要|得|要)您(自己)?(承担|出)")),
    (re.compile(r"没有(线路|区域)故障|片区网络\S{0,4}正常"), re.compile(r"光纤线路中断|片区\S{0,6}故障|线路故障导致")),
    (re.compile(r"寄修|寄回售后|寄到售后中心"), re.compile(r"上门检测|上门维修|师傅上门")),
    (re.compile(r"积压|件量大|检修"), re.compile(r"(延误|晚)是(恶劣)?天气")),
    # An invoice is issued within working days (one plan fact): never told as issued beside 开票前还能改.
    (re.compile(r"重新开了|开了一张|(?:专票|开票|发票|申请)办好了"), re.compile(r"(?:开票前|发票开出前)(?:还能|可以)改")),
    # An invoice is submitted only with its 税号: never told as submitted beside the 税号 still to be filled in
    # before it is submitted; a 普票 never submitted (its form still open) is not voided (红冲).
    (re.compile(r"已(?:经)?(?:为您|给您)(?:申请|提交)了?抬头|(?:申请|专票)(?:提交了|已经提交|已受理)|申请(?:好了|提交了)"),
     re.compile(r"(?<!不用)(?<!不必)(?<!无需)(?:再|后)提交|(?:提交|填好)(?:后|以后)就|填好(?:就能开出|提交)")),
    (re.compile(r"红冲|冲红"), re.compile(r"(?<!不用)(?<!不必)(?<!无需)(?:再|后)提交")),
    # A mis-sorted parcel is late for its detour, not for a backlog: the chase puts it first, it works off no 积压.
    (re.compile(r"分错了(?:方向|线路)"), re.compile(r"积压")),
    # A parcel left in a locker or a 驿站 is there now, not at the delivery station awaiting a delivery.
    (re.compile(r"到了您(?:那边|附近)的派送网点|到了?(?:派送网点|您那边的网点)"), re.compile(r"(?:放进了|放在了?|还在|现在就?在)(?:驿站|快递柜)")),
    # A refund without 极速退款 waits for the goods to be signed for and checked: it never arrives 一会儿/几分钟 from
    # now (reading 18 #22: 收货后两天之内处理 … 一会儿就能到账，最晚2小时内到, before the goods were posted).
    (re.compile(r"(?:超过了|超出了|走不了|用不了|没走上|不满足|还不符合)极速退款|极速退款(?:有金额上限|有额度限制)"),
     re.compile(r"(?:几分钟|一会儿)就(?:能)?(?:看到|到账)|马上(?:就)?到账")),
    # (the negative lookbehind sits after each word, not before the group, so the search can skip ahead to 合/到)
    (re.compile(r"(?:合约期内(?<!不合约期内)|到期前(?<!不到期前))(不能|没法|不支持)\S{0,3}升"), re.compile(r"升级到|升到")),
)
# Per contradiction (in CONTRADICTIONS' order), words one of which every match of its claim contains (a test
# finds one in strings drawn from each claim). Most conversations (five in six) have none in any agent turn; the
# others hold one or two claims' words: one scan of the agent's text for all the words (synth/_scan.c word_hits)
# shows which claims can be there, and only those are searched for, not all eleven.
CLAIM_WORDS_OF = (
    ("不用您寄", "不用您自己寄", "上门取件", "上门取货", "上门揽收", "上门来取", "取新送旧"),
    ("运费由", "不用您出", "运费险会赔"),
    ("没有线路故障", "没有区域故障", "片区网络"),
    ("寄修", "寄回售后", "寄到售后中心"),
    ("积压", "件量大", "检修"),
    ("重新开了", "开了一张", "专票办好了", "开票办好了", "发票办好了", "申请办好了"),
    ("抬头", "提交了", "已经提交", "已受理", "申请好了"),
    ("红冲", "冲红"),
    ("分错了",),
    ("派送网点", "您那边的网点"),
    ("极速退款",),
    ("合约期内", "到期前"),
)
CLAIM_WORDS = tuple(dict.fromkeys(w for words in CLAIM_WORDS_OF for w in words))
# Each contradiction with the positions of its claim's words in CLAIM_WORDS.
_CLAIM_CHECKS = tuple((claim, contrary, tuple(CLAIM_WORDS.index(w) for w in words))
                      for (claim, contrary), words in zip(CONTRADICTIONS, CLAIM_WORDS_OF))
# A promise of news after a refusal is empty: nothing is pending.
PROMISE = re.compile(r"有进展|后续进展|第一时间通知|会通知您|后续有变化")
PROMISE_WORDS = ("有进展", "后续进展", "第一时间通知", "会通知您", "后续有变化")


def _claim_hits(text: str) -> bytes:
    """Per word of CLAIM_WORDS, 1 if the text contains it (with synth/_scan.c built, one pass in C)."""
    return bytes([w in text for w in CLAIM_WORDS])


if _cscan is not None and hasattr(_cscan, "word_hits"):
    def _claim_hits(text: str) -> bytes:   # noqa: F811
        return _cscan.word_hits([text], CLAIM_WORDS)


def agent_is_consistent(turns: list, acts: list) -> bool:
    text = "\n".join([t["text"] for t in turns if t["role"] == "agent"])
    hits = _claim_hits(text)
    if 1 in hits:
        for claim, contrary, words in _CLAIM_CHECKS:
            if any(map(hits.__getitem__, words)) and claim.search(text) and contrary.search(text):
                return False
    if acts and "decline" in acts and "escalate" not in acts:
        last = max(k for k, a in enumerate(acts) if a == "decline")
        if any(PROMISE.search(t["text"]) for t in turns[last:] if t["role"] == "agent"):
            return False
    return True


def courier_matches_tracking(slots: dict, text: str) -> bool:
    """The courier is the one whose numbers look like the tracking number (its prefix, length and first digit,
    lexicons/dialogues/couriers.tsv), and no other courier is named in the text."""
    slots = slots or {}
    couriers = tables().couriers
    if "courier" in slots or "tracking_no" in slots:
        number, name = str(slots.get("tracking_no", "")), slots.get("courier")
        shape = next((c for c in couriers if c[0] == name), None)
        if shape is None:
            return False
        _, prefix, digits, lead = shape
        body = number[len(prefix):]
        if not (number.startswith(prefix) and len(body) == digits and body.isdigit() and body[0] == str(lead)):
            return False
    courier = slots.get("courier")
    for c in couriers:   # (a loop, not any() over a generator: no generator made per record)
        if c[0] in text and c[0] != courier:
            return False
    return True


def delivery_agent_handles_own_parcels(sector: str, company: str, slots: dict) -> bool:
    """A delivery company's agent changes, searches and pays for its own company's parcels only: the courier of a
    delivery-sector conversation is the company the customer writes to (a shop's agent may name any carrier)."""
    return sector != "delivery" or (slots or {}).get("courier") == company


# A refund reaches a bank card within 3 working days (at most 5 calendar days) of leaving the shop; a late parcel
# is escalated only while it is still three or more days from delivery.
REFUND_WINDOW_DAYS = 5
SHOP_REVIEW_DAYS = 2   # a shop reviews a refund application within 48 hours
DELAY_ESCALATION_DAYS = 3


def escalation_is_warranted(intent: str, outcome: str, date, slots: dict) -> bool:
    """A specialist is not called for what only needs waiting: a late parcel due within two days, or a refund
    still inside its promised window (the agent explains the date or the window instead)."""
    if outcome != "escalated":
        return True
    day, slots = _date(date), slots or {}
    if intent in ("delay", "logistics"):
        return _date(slots.get("eta")) is not None and (_date(slots["eta"]) - day).days >= DELAY_ESCALATION_DAYS
    if intent == "refund_status":   # (a refund the shop rejected goes to the platform once its review is over)
        refunded, applied = _date(slots.get("refund_date")), _date(slots.get("apply_date"))
        if refunded is None:
            return applied is not None and (day - applied).days >= SHOP_REVIEW_DAYS
        return (day - refunded).days > REFUND_WINDOW_DAYS
    return True


HAZARDS = re.compile(r"降雪|大雾|暴雨|雨雪|台风")
HAZARD_WORDS = ("降雪", "大雾", "暴雨", "雨雪", "台风")


def one_delay_cause(intent: str, turns: list) -> bool:
    """A late parcel has one cause, named the same way in every turn: at most one kind of weather is blamed."""
    if intent != "delay":
        return True
    said = {m.group(0) for t in turns if t["role"] == "agent" for m in HAZARDS.finditer(t["text"])}
    return len(said) <= 1


# A message's opening filler (嗯，好嘞，好的，) after a sentence already said in the same close: a close spliced after
# the invitation to rate the service (…点一下。嗯，之后有事再来).
SPLICED_FILLER = re.compile(r"[。！？~]\s*(?:嗯|好嘞|好的|好)，")


def close_is_one_message(turns: list) -> bool:
    """A closing turn reads as one message: no opening filler (嗯，好嘞，) after a sentence of its own."""
    return not any(t["act"] == "close" and SPLICED_FILLER.search(t["text"]) for t in turns)


TOO_LATE = re.compile(r"太晚|这么晚")


def push_back_reads_the_date(intent: str, date, slots: dict, turns: list) -> bool:
    """A late parcel due tomorrow is not called too late (那天也太晚了): the customer's 太晚 reads how far off the
    date the agent gave is (two days or more)."""
    if intent != "delay":
        return True
    eta, today = _date((slots or {}).get("eta")), _date(date)
    if eta is None or today is None or (eta - today).days > 1:
        return True
    return not any(t["role"] == "customer" and TOO_LATE.search(t["text"]) for t in turns)


def nothing_said_twice(turns: list) -> bool:
    """The conversation remembers what was said (each turn's `told` topics, from the plan's state, and the dates
    it mentions): the agent tells each topic once and a date it named again only to confirm it when asked; the
    customer asks no follow-up whose answer was already told, does not ask again in a push-back for a date already
    given, pushes back only on something proposed or refused, and grows impatient only while waiting (never
    straight after the agent explained)."""
    told: set = set()
    dates: set = set()
    previous = None
    for turn in turns:
        if not told_once(turn, previous, told, dates):
            return False
        previous = turn
    return True


def told_once(turn: dict, previous: dict | None, told: set, dates: set) -> bool:
    """nothing_said_twice's step for one turn, after `previous`: whether it keeps the rule, given the topics `told`
    and the time slots (`dates`) the agent said before it, which it updates."""
    act, said = turn["act"], turn.get("slots_mentioned") or {}
    if turn["role"] == "agent":
        topics = turn.get("told") or ()
        if told.intersection(topics):
            return False
        told.update(topics)
        told.difference_update(KIND_TAGS)   # (what a turn did, heed.py, is no topic: two refusals may follow)
        if said:   # (most agent turns place no slot value: nothing to compare or keep)
            if turn.get("question") != "confirm" and dates.intersection(said):
                return False
            dates.update(s for s in said if s in TIME_SLOTS)
    elif act == "ask_followup":   # (the customer acts read here are verdicts.CUSTOMER_STEPS: the walk skips others)
        if QUESTION_TOPIC.get(turn.get("question")) in ASKS_TOLD and QUESTION_TOPIC[turn["question"]] in told:
            return False
    elif act in ("push_back", "impatient"):
        if dates.intersection(said):
            return False
        if act == "push_back" and (previous is None or previous["act"] not in PUSHED_ON):
            return False
        if act == "impatient" and previous is not None and previous["role"] == "agent" and \
                previous["act"] not in ("check", "ask_info", "confirm_info"):
            return False
    return True


# What an answer must say, by what was asked (the `told` of the asking turn, from the plan): 有没有 is answered 有 or
# 没有 first (after at most a short opening like 亲，or 查了一下，); a price asked before buying (ask:price) with a
# sum, 免费, or how it is priced; a repair after the warranty with a price or a quote, never only the warranty.
ANSWER_OPENS = re.compile(r"^(?:[^，。！？]{0,6}[，,])?(?:有|没有|暂时没有|目前没有|现在没有)")
COST_SAID = re.compile(r"\d+元|免费|不收|报价|同价|价格一样|一个价|价格都一样|显示.{0,6}价|价格，|不用您出|运费险(?:理)?赔|不花运费|运费我们出|不额外收|优惠|满减|抵扣")
QUOTE_SAID = re.compile(r"\d+元|报价")
WAITING_ACTS = ("check", "ask_info", "confirm_info")
ASKING_INTENTS = ("product_inquiry",)   # the intents whose plans record what is asked (inquiry.inquiry_asks)


def answers_carry_the_question(intent: str, turns: list) -> bool:
    """The agent turn answering a question says what was asked, not only its kind: ask:has opens with 有/没有,
    ask:price names a sum, 免费 or how it is priced, ask:repair_cost a price or a quote."""
    if intent not in ASKING_INTENTS:
        return True
    for k, turn in enumerate(turns):
        asked = set(turn.get("told") or ()) if turn["role"] == "customer" else set()
        if not asked & {"ask:has", "ask:price", "ask:repair_cost"}:
            continue
        reply = next((t for t in turns[k + 1:] if t["role"] == "agent" and t["act"] not in WAITING_ACTS), None)
        if reply is None or reply["text"].startswith("["):   # the skeleton stage has no words to read
            continue
        text = reply["text"]
        if "ask:has" in asked and not ANSWER_OPENS.search(text):
            return False
        if "ask:price" in asked and not COST_SAID.search(text):
            return False
        if "ask:repair_cost" in asked and not QUOTE_SAID.search(text):
            return False
    return True


# Each intent's cause statements as one pattern, a named group per cause (parcels.CAUSE_STATEMENTS,
# presale.HOLD_STATEMENTS): one scan of a turn counts them; sentences are read only when a cause occurs twice.
_STATEMENTS = {intent: re.compile("|".join(f"(?P<{cause}>{words})" for cause, words in table.items()))
               for intent, table in (("logistics", CAUSE_STATEMENTS), ("delay", CAUSE_STATEMENTS),
                                     ("urge_shipping", HOLD_STATEMENTS))}
SENTENCE = re.compile(r"[。！？]")


def one_cause_statement(intent: str, turns: list) -> bool:
    """No agent turn tells the same cause twice: each cause's statement occurs in at most one sentence of a turn
    (那边压了不少件。赶上大促高峰… is one cause told twice)."""
    pattern = _STATEMENTS.get(intent)
    if pattern is None:
        return True
    for turn in turns:
        if turn["role"] != "agent":
            continue
        causes = [m.lastgroup for m in pattern.finditer(turn["text"])]
        if len(causes) == len(set(causes)):
            continue
        sentences = SENTENCE.split(turn["text"])
        for cause in {c for c in causes if causes.count(c) > 1}:
            if sum(1 for s in sentences if any(m.lastgroup == cause for m in pattern.finditer(s))) > 1:
                return False
    return True


# A fault's cause told the generic way (polish.grammar explain: 这个问题一般是…造成的), and what a check found said
# in the step's own words (LOS亮红说明光没进来, 账号状态正常, 光猫有光但没注册上).
GENERIC_CAUSE = re.compile(r"(?:一般|多半|大多|通常)是[^。！？]{2,40}?(?:导致|引起|造成)的")
FINDING = re.compile(r"说明|表示|问题在|出在|是通的|没问题|状态正常|测试正常|收不到|收光|没注册|没有注册|分清")
CAUSE_WORDS = ("导致的", "引起的", "造成的")


def cause_told_once(turns: list) -> bool:
    """A cause is told once: no agent turn adds a generic 这个问题一般是…造成的 after a sentence of its own that has
    already said what a check found (LOS灯红表示入户光纤没有信号…。这个问题一般是入户光纤接头松动…引起的)."""
    for turn in turns:
        if turn["role"] != "agent":
            continue
        text = turn["text"]
        m = GENERIC_CAUSE.search(text)
        if m is not None and FINDING.search(text, 0, m.start()) is not None:
            return False
    return True


# A time by which someone calls the customer back, and its schedule: within hours, today, within a day (24小时内,
# 一个工作日内 and 明天 are one schedule; 两小时内 and 明天 are two).
CALLBACK = re.compile(r"(两小时内|两个小时内|今天之内|今天内|24小时内|一个工作日内|最晚明天|明天)[^。；，！？]{0,8}?"
                      r"(联系您|回电|打给您|回复您|给您打电话|打电话|回访)")
CALLBACK_SCHEDULE = {"两小时内": "hours", "两个小时内": "hours", "今天之内": "today", "今天内": "today",
                     "24小时内": "day", "一个工作日内": "day", "最晚明天": "day", "明天": "day"}
CALLBACK_WORDS = ("小时内", "今天之内", "今天内", "工作日内", "明天")


def one_callback_schedule(turns: list) -> bool:
    """Times agree: the agent's turns give one schedule for a call-back (an escalation's 两小时内有进展会通知您 is not
    followed by a close's 要是明天还没人打给您)."""
    seen = set()
    for turn in turns:
        if turn["role"] == "agent":
            seen.update(CALLBACK_SCHEDULE[m.group(1)] for m in CALLBACK.finditer(turn["text"]))
    return len(seen) <= 1


# What a customer says was already done (the modem restarted), an agent asking for a restart, a phone restart offered
# as a remedy, and a new plan's price (told as the change from the current one).
RESTARTED = re.compile(r"(重启|拔电重插|拔了电又插上)(过|了)|都重启|都断电重启")
# (拔电重插 is said only as what does not help a red LOS light: 这种拔电重插解决不了.)
RESTART_ASKED = re.compile(r"电源拔掉|拔掉电源|断电(一分钟|五分钟|几分钟|重启一次|再通电|再开)|重启一(下|次)"
                           r"|把(光猫|路由器)(和路由器|)(都|)重启")
PHONE_RESTART = re.compile(r"重启(一下|一次)?手机|手机重启|重新开(一下)?机|开关机")
PRICE_CHANGE = re.compile(r"比现在(多|少)\d+元")
# (a restart the customer did, or a phone restart offered; a price told as a change)
HEED_WORDS = ("重启", "拔电重插", "拔了电又插上", "重新开", "开关机", "比现在")


def agent_heeds_the_customer(intent: str, slots: dict, turns: list) -> bool:
    """The agent's lines agree with what the customer said before them: no restart is asked for once the customer
    has said it was done (broadband); a top-up the page does not show yet is never fixed by restarting the phone
    (recharge_missing); a new plan's price is given only after the plan has been named (data_plan)."""
    if intent == "broadband":
        restarted = False
        for turn in turns:
            if turn["role"] == "customer":
                restarted = restarted or RESTARTED.search(turn["text"]) is not None
            elif restarted and RESTART_ASKED.search(turn["text"]):
                return False
    elif intent == "recharge_missing":
        return not any(t["role"] == "agent" and PHONE_RESTART.search(t["text"]) for t in turns)
    elif intent == "data_plan":
        plan = (slots or {}).get("new_plan")
        said = ""
        for turn in turns:
            if turn["role"] != "agent":
                continue
            price = PRICE_CHANGE.search(turn["text"])
            if price and not (plan and plan in said + turn["text"][:price.start()]):
                return False
            said += turn["text"]
    return True
# The rules that walk every turn, computed at generation time in one walk over the batch (verdicts.py: the hidden
# field `_verdicts` holds a bit per rule, set where the record breaks it); `synth check` on a file, which has no
# such field, runs each rule's own function above. A test holds the two readings equal.
FUSED = ("slot_mentions_are_true", "roles_alternate", "asks_are_needed", "nothing_said_twice",
         "questions_are_answered", "customer_heeds_the_agent", "evidence_before_remedy")


# -- facts carried across turns (issue 12, the twelfth reading) ---------------------------------------------------
WEEKEND_WISH = "周末愉快"


def day_wish_fits_date(date, text: str) -> bool:
    """A close wishes 周末愉快 only when the dialogue's date is a Friday, Saturday or Sunday."""
    if WEEKEND_WISH not in text:
        return True
    day = _date(date)
    return day is not None and day.weekday() >= 4


# A troubleshooting step the agent runs itself (我这边远程给您的光猫重新下发…, 我这边在后台…, 我这边同时远程复位…), and
# a close that tells the customer to repeat what was done (照刚才的办法/按刚才那样).
REMOTE_STEP = re.compile(r"我这边[^。，；]{0,4}(远程|在后台)")
REPEAT_STEP = re.compile(r"(照|按)刚才")


def fix_credited_to_who_fixed(turns: list) -> bool:
    """A fault the agent's remote step fixed (the troubleshooting turn the customer answers with report_worked) is
    not closed with 照刚才的办法 (the customer's own step to repeat): the customer comes back and it is run again."""
    if "刚才" not in turns[-1]["text"]:   # (most closes tell nobody to repeat anything)
        return True
    for previous, turn in zip(turns, turns[1:]):
        if turn["act"] == "report_worked" and previous["act"] == "troubleshoot":
            return not (REMOTE_STEP.search(previous["text"]) and REPEAT_STEP.search(turns[-1]["text"]))
    return True


def addon_is_itemised(slots: dict, turns: list) -> bool:
    """A bill's add-on is a record fact (slots vas_name, vas_fee) beside the usual month (base_fee): the two sum to
    the bill amount, and an agent turn names the add-on with its fee."""
    if not slots or "vas_name" not in slots:
        return True
    try:
        parts = float(slots["base_fee"]) + float(slots["vas_fee"])
        if abs(parts - float(slots["bill_amount"])) > 0.005:
            return False
    except (KeyError, TypeError, ValueError):
        return False
    name, fee = str(slots["vas_name"]), f"{slots['vas_fee']}元"
    return any(t["role"] == "agent" and name in t["text"] and fee in t["text"] for t in turns)


# An apology that owns a delay (这确实耽误您事了, 让您久等了) in the reassurance after a push-back.
OWNS_DELAY = re.compile(r"耽误您|让您久等")


def delay_owned_only_when_late(intent: str, outcome: str, acts: list, turns: list) -> bool:
    """The reassurance after a push-back owns a delay (耽误您事了, 让您久等了) only where the matter was late when the
    customer wrote in (catalogue.DELAYED, or a suspension whose payment has not posted: escalated)."""
    if intent in DELAYED or intent == "suspension" and outcome == "escalated" or "reassure" not in acts:
        return True
    return not any(t["act"] == "reassure" and OWNS_DELAY.search(t["text"]) for t in turns)


# A grudging acceptance or thanks (行吧, 唉, 也只能这样了, 别再拖了): the customer takes less than hoped for.
GRUDGING = re.compile(r"行吧|好吧|唉|只能这样|别再拖了|别让我等太久|那尽快啊|早点打给我")
GRUDGING_WORDS = ("行吧", "好吧", "唉", "只能这样", "别再拖了", "别让我等太久", "那尽快啊", "早点打给我")
# What gives a grudge its cause in the plan: a wait pushed back on, a refusal, a handover to a specialist (the matter
# not done), less than asked agreed to (offer_terms), or a fee that stands (state.PARTIAL_REFUSALS).
GRUDGE_CAUSES = frozenset({"push_back", "decline", "escalate", "offer_terms"})


def mood_has_a_cause(intent: str, outcome: str, acts: list, turns: list) -> bool:
    """A customer accepts grudgingly only where the plan gives a cause (GRUDGE_CAUSES): not after a remedy given in
    full at once, whether or not the customer urged the agent before it (reading 14 #11: 580 refunded at once,
    then 唉，那就这样吧，别再拖了)."""
    if GRUDGE_CAUSES.intersection(acts) or (intent, outcome) in PARTIAL_REFUSALS:
        return True
    return not any(t["act"] in ("accept", "thank", "no_more") and GRUDGING.search(t["text"]) for t in turns)


# Two figures with nothing between them but a unit (差价50元1到3个工作日, 219元11月23日退回): a comma is missing.
GLUED_NUMBERS = re.compile(r"\d(?:元|块|天|小时|分钟|个工作日|GB|MB)(?!\d+[GM]B)\d")   # (1元1GB: a pack's name)


UNIT_ENDS = ("元", "天", "日", "时", "钟", "块", "B")   # the last character of each unit GLUED_NUMBERS names


def numbers_kept_apart(text: str) -> bool:
    """No figure runs into the next one (50元1到3个工作日): each amount or time is closed by its unit and a comma.
    A wording check, not a fact: the tests run it on generated text; it is not declared as a generation rule (it
    would cost about 2% of a dialogue's time).
    (GLUED_NUMBERS is tried only where a unit's last character is followed by a digit: a few places a dialogue, a
    fifth of the time of scanning the whole text with it.)"""
    for end in UNIT_ENDS:
        k = text.find(end)
        while k != -1:
            if text[k + 1:k + 2].isdigit() and GLUED_NUMBERS.search(text, max(0, k - 5), k + 8):
                return False
            k = text.find(end, k + 1)
    return True


# A name (a product, a merchant, a hub, a pack or plan, a top-up channel) is said at most twice in any two turns
# running (issue 12: 手机银行App five times in two turns): after its first mention a native says 这家/那边/它 or
# drops it. The channels are words of the top-up dialogues, the rest are slots.
NAME_SLOTS = ("model", "merchant", "last_scan", "pack", "plan", "new_plan", "vas_name")
CHANNELS = ("支付宝", "微信", "手机银行App")
MAX_NAME_MENTIONS = 2


def names_not_crowded(intent: str, slots: dict, turns: list, text: str) -> bool:
    names = [str(slots[k]) for k in NAME_SLOTS if slots and slots.get(k)]
    if intent == "recharge_missing":
        names += CHANNELS
    names = [n for n in names if text.count(n) > MAX_NAME_MENTIONS]   # (most are said twice at most in all)
    if not names:
        return True
    said = [turn["text"] for turn in turns]
    return not any((a + b).count(n) > MAX_NAME_MENTIONS for a, b in zip(said, said[1:]) for n in names)


# Empathy (理解您的心情, 理解您着急) answers something the customer said: the agent turn saying it follows a customer's
# turn, never the agent's own turn (reading 15, #16: 十分理解您的心情 straight after the agent's look-up).
EMPATHY = re.compile(r"理解您(的心情|的急切心情|着急|想尽快解决)")


def empathy_answers_the_customer(turns: list) -> bool:
    previous = ""
    for turn in turns:
        if turn["role"] == "agent" and previous == "agent" and "理解您" in turn["text"] and \
                EMPATHY.search(turn["text"]):
            return False
        previous = turn["role"]
    return True


# A yes/no question about a visit (那要上门吗？) is answered in the agent's next turn: whether anyone comes (上门, 师傅),
# not only what to do meanwhile (reading 15, #6).
VISIT_ASKED = re.compile(r"上门吗|要不要上门|派人来吗")
VISIT_TOLD = re.compile(r"上门|师傅")


def visit_question_answered(turns: list) -> bool:
    for turn, reply in zip(turns, turns[1:]):
        if turn["role"] == "customer" and "上门" in turn["text"] and VISIT_ASKED.search(turn["text"]):
            if reply["role"] != "agent" or not VISIT_TOLD.search(reply["text"]):
                return False
    return True


# An agent line that says a parcel was chased (催了, 催办, 联系了网点) and what in the customer's earlier lines calls for
# it: tracking stuck for days (好几天没更新/没动) or a request to hurry (催一下, 快点).
CHASE_DONE = re.compile(r"催了|催过|发了催办|提交了催办|联系了(快递网点|网点|派送站)")
CHASE_CALLED = re.compile(r"没更新|没动|不动|不更新|没变化|没动静|催|快点|早点|提前|分错|绕")
# What in the solution itself calls for the contact: a missort told there, or a station that never sent the pickup code
# (取件码 sent again: the station case's own remedy).
CHASE_NEEDED = re.compile(r"分错|绕到|取件")


def chase_only_when_called(intent: str, turns: list) -> bool:
    """A parcel in transit (logistics) is said to be chased (已经帮您催了网点, 给分拨中心发了催办) in the agent's solution
    only after the customer said the tracking had not moved for days or asked for it (能帮我催一下吗), or where the
    parcel was sent the wrong way (a missort: its re-routing is asked for) or left at a station without its pickup
    code (the station sends it again); a parcel merely on its way is told as
    what the tracking shows (reading 15: 已经为您联系了网点 unasked)."""
    if intent != "logistics":
        return True
    said = ""
    for t in turns:
        if t["role"] != "agent":
            said += t["text"]
        elif t["act"] == "propose_solution" and CHASE_DONE.search(t["text"]) and not (
                CHASE_CALLED.search(said) or CHASE_NEEDED.search(t["text"])):
            return False
        elif t["act"] in ("inform", "answer"):
            said += "分错" if re.search(r"分错|绕到", t["text"]) else ""
    return True


GATES: dict = {}   # rule name -> its gate words (_declare)
INTENT_GATES: dict = {}   # rule name -> (the intents it judges, its check) (_declare)


def _texts_holding(texts: list, words: tuple) -> np.ndarray:
    """Per text, whether it contains one of the words (with synth/_scan.c built, one pass per text in C)."""
    if _cscan is not None and hasattr(_cscan, "contains_any"):
        return np.frombuffer(_cscan.contains_any(texts, words), dtype=np.uint8).astype(bool)
    return np.fromiter((any(w in t for w in words) for t in texts), dtype=bool, count=len(texts))


def _alike(check, lists: list, size: int) -> np.ndarray:
    """`check` mapped over the lists, run once per distinct row of values (a list value read as its items; the
    check is called with the values of one of the rows alike); mapped over every row where a value is unhashable."""
    try:
        keys = list(zip(*(list(map(tuple, values)) if values and type(values[0]) is list else values
                          for values in lists)))
        last = dict(zip(keys, range(size)))
    except TypeError:
        return np.fromiter(map(check, *lists), dtype=bool, count=size)
    verdict = {key: check(*(values[row] for values in lists)) for key, row in last.items()}
    return np.fromiter(map(verdict.__getitem__, keys), dtype=bool, count=size)


_INTENTS: list = [None, None]   # (the intents of a batch's records, and the rows of each)


def _rows_of(column, intents: tuple) -> np.ndarray:
    """The rows (ascending) whose intent is one of `intents`, from the rows of each intent, found once while the
    column holds the same intents (the batch's rules share them)."""
    values = _listed(column)
    if _INTENTS[0] != values:
        rows: dict = {}
        for k, intent in enumerate(values):
            rows.setdefault(intent, []).append(k)
        _INTENTS[:] = values, {intent: np.array(found, dtype=np.intp) for intent, found in rows.items()}
    found = [_INTENTS[1][i] for i in intents if i in _INTENTS[1]]
    if len(found) == 1:
        return found[0]
    return np.sort(np.concatenate(found)) if found else np.zeros(0, dtype=np.intp)


_HITS: list = [None, None, None]   # (the texts scanned, their word_hits matrix, the column of each gate word)


def _gate(column, words: tuple) -> np.ndarray:
    """`_texts_holding` of the column's texts and the words, read off one pass over each text for the words of
    every gated rule (GATES; _scan.word_hits), kept while the texts are the same (the batch's rules share them):
    the texts are scanned once per batch, not once per gated rule."""
    texts = _listed(column)
    if _cscan is None or not hasattr(_cscan, "word_hits"):
        return _texts_holding(texts, words)
    if _HITS[0] != texts or any(w not in _HITS[2] for w in words):   # (equal lists: mostly the same strings)
        vocabulary = tuple(dict.fromkeys(w for gate in (*GATES.values(), words) for w in gate))
        hits = np.frombuffer(_cscan.word_hits(texts, vocabulary), dtype=np.uint8).reshape(len(texts), len(vocabulary))
        _HITS[:] = texts, hits, {w: k for k, w in enumerate(vocabulary)}
    found = _HITS[2]
    return _HITS[1][:, [found[w] for w in words]].any(axis=1)


def _declare(name: str, doc: str, fields: tuple, check, with_as_of: bool = False, words: tuple = (),
             intents: tuple = (), alike: bool = False) -> None:
    """A rule that applies `check` to each record's fields (and as_of last, if asked), or reads its bit of the
    fused walk's verdicts where the batch has them.

    `words`: literal words one of which a record's text must contain for the rule to be broken (each pattern the
    rule fails on needs one of them in a turn's text). Where the batch was made by generation (it has the hidden
    field `_verdicts`, and its `text` is its turns' lines joined), records whose text holds none of them keep the
    rule without being read; the check runs on the others only (most records hold none). A file read by
    `synth check`, whose text may not be its turns', runs the check on every record.

    `intents`: the intents the rule judges (its check keeps the rule, unread, for every other intent: a test holds
    each such check to it); records of the others keep it without the check being called, in a file too.

    `alike`: the check reads nothing but its fields' values (lists as their items), and many records share them (an
    outcome and its act sequence): it runs once per distinct set of values (`_alike`)."""
    bit = 1 << FUSED.index(name) if name in FUSED else 0
    words = tuple(words)
    if words:
        GATES[name] = words
    intents = tuple(intents)
    if intents:
        assert "intent" in fields, name
        INTENT_GATES[name] = intents, check

    def rule(columns, options):
        verdicts = columns.get("_verdicts")
        if bit and verdicts is not None:
            return (verdicts & bit) == 0
        rows = _rows_of(columns["intent"], intents) if intents else None
        if words and verdicts is not None:
            may = _gate(columns["text"], words)
            rows = np.flatnonzero(may) if rows is None else rows[may[rows]]
        # (each column as a list, the check mapped over them: no numpy item reads, no tuple or frame per row)
        lists = [_listed(columns[n]) if rows is None else columns[n][rows].tolist() for n in fields]
        size = len(lists[0]) if rows is None else len(rows)
        if with_as_of:
            lists.append(repeat(_as_of(options), size))
        kept = _alike(check, lists, size) if alike else np.fromiter(map(check, *lists), dtype=bool, count=size)
        if rows is None:
            return kept
        out = np.ones(len(columns[fields[0]]), dtype=bool)
        out[rows] = kept
        return out
    DOMAIN.rule(name, doc, fields)(rule)


_declare("slot_mentions_are_true",
         "every slot value a turn mentions equals the ground truth (dates as M月D日), and every identifier, masked "
         "phone, card tail and date in the text is a ground-truth value; a number the customer gave by mistake (slot "
         "wrong_id) is said only by the turn that gave it and the agent's not_found, and the correction says the true "
         "one", ("slots", "turns", "text"),
         slot_mentions_are_true)
_declare("dispute_is_rechecked",
         "a customer who disputes the look-up's finding is answered by a recheck naming a record fact (the time a "
         "top-up was posted), which the customer accepts; no recheck without a dispute", ("turns",),
         dispute_is_rechecked)
_declare("roles_alternate",
         "the customer opens, the agent closes, nobody speaks more than twice in a row, each act is spoken by its "
         "role, acts and n_turns match the turns", ("turns", "acts", "n_turns"), roles_alternate)
_declare("asks_are_needed",
         "the agent never asks for a slot the customer already gave; confirm_info (marked as confirming) only "
         "repeats what was given", ("turns",), asks_are_needed)
_declare("outcome_agrees_with_ending",
         "the last turns carry the outcome: the solution it names is the last one offered, the customer's last act "
         "accepts it (gives up if unsatisfied), the agent closes", ("outcome", "acts"), outcome_agrees, alike=True)
_declare("outcome_follows_end_state",
         "the outcome label says where the chat ends, not which solution act it ends on: refund_issued only where "
         "the money is paid back in the chat (not 走不了极速退款…收到货验收以后退); resolved never leaves an "
         "application's result to come (审核结果…工作日内), and ends on a refund offer only where that refund waits "
         "for the goods (a return booked)", ("outcome", "turns"), outcome_follows_end_state)
_declare("satisfaction_agrees_with_outcome",
         "satisfaction fits the outcome and how it went: a good ending 4-5 when smooth, 3-4 after one setback "
         "(impatience, a failed fix, a push-back), 3 after more; escalated 3-4, 2-3 after another setback; "
         "unsatisfied 1-2, 1 after impatience or a failed fix; a disputed add-on whose fee stands 3 at most",
         ("outcome", "satisfaction", "acts", "intent"),
         satisfaction_agrees, alike=True)
_declare("dates_agree",
         "the conversation is within 60 days before as_of; purchases and transactions precede it, promised dates "
         "follow it; 七天无理由 and 价保期 statements agree with the days since purchase; a late return's days 到今天 are "
         "counted from the day it was signed for (received_date)", ("date", "slots", "turns"),
         dates_agree, with_as_of=True)
_declare("seven_days_from_day_after_signing",
         "every agent line that says where 七天无理由 starts counts it from the day after the goods were signed for "
         "(签收次日, 签收的第二天), never from the signing day (从签收那天算, 按签收日算)", ("turns",),
         seven_days_from_day_after_signing, words=SIGNING_WORDS)
_declare("agent_presumes_nothing",
         "the agent states no fact about the customer that no slot, plan fact or customer turn supplies: no guess "
         "about their phone (可能被拦截了, 可能被别的短信刷下去了), no stay or rental presumed from a card hold "
         "(是您的住店押金), no tax profile presumed saved (开票信息里保存的)", ("text",), agent_presumes_nothing,
         words=PRESUMED_WORDS)
_declare("review_window_fits_dates",
         "a refund application told to be inside the merchant's 48-hour review (还不到48小时, 还在时限内) was filed "
         "no earlier than the day before the conversation (apply_date)", ("intent", "date", "slots", "turns"),
         review_window_fits_dates, words=WINDOW_WORDS, intents=("refund_status",))
_declare("late_repayment_told_by_its_dates",
         "interest charged on a repayment that posted late (计了利息) is told with the due date (bill_due) and the "
         "date it posted (post_date), the posting after the due date, and 宽限期内 only when it posted within 3 days",
         ("intent", "slots", "turns"), late_repayment_told_by_its_dates, words=INTEREST_WORDS,
         intents=("repayment_not_posted",))
_declare("bank_policy_is_one",
         "a bank dialogue tells one policy and the calendar (bank_policy.py): a transfer from another bank posts in "
         "1到2个工作日, said only while the transfer (pay_date) is inside them on the chat's date; 离还款日还… names "
         "the due date; a card the customer said runs out each month is not called little used",
         ("intent", "date", "slots", "turns"), bank_policy.bank_policy_is_one, words=bank_policy.POLICY_WORDS,
         intents=tuple(sorted(BANK_INTENTS)))
_declare("last_scan_is_where_the_parcel_is",
         "a late parcel whose record keeps a hub as its last scan (slot last_scan) is not told to be at the "
         "customer's local outlet or station (到了您那边的网点): one place, the record's", ("intent", "slots", "turns"),
         last_scan_is_where_the_parcel_is, words=OUTLET_WORDS, intents=("delay",))
_declare("questions_are_answered",
         "each customer follow-up question (turn field question: how_long, cost, how, can_you, why, confirm, "
         "what_next) is answered by the very next turn, an agent turn of the same kind; an answer to how_long "
         "says a time, an answer to cost a sum or that it is free", ("turns",), questions_are_answered)
_declare("labels_agree_with_text",
         "a grudging last customer turn (行吧, 好吧, 算了 ...) has satisfaction at most 3; refund_issued has a "
         "refund offer that says the money goes back (退回, 原路, 赔付)", ("outcome", "satisfaction", "turns"),
         labels_agree_with_text)
_declare("agent_is_consistent",
         "the agent never makes two contradicting statements in one conversation (a courier picks the goods up / "
         "you post them; the seller pays / you pay the postage; no fault in your area / the line is cut; mail-in / "
         "home repair) and promises no news after a refusal", ("turns", "acts"), agent_is_consistent,
         words=CLAIM_WORDS + PROMISE_WORDS)
_declare("courier_matches_tracking",
         "the courier's numbering (prefix, length, first digit) matches the tracking number, and no other courier "
         "is named", ("slots", "text"), courier_matches_tracking)
_declare("delivery_agent_handles_own_parcels",
         "a delivery company's agent deals only with parcels its own company carries: the courier is the company",
         ("sector", "company", "slots"), delivery_agent_handles_own_parcels)
_declare("escalation_is_warranted",
         "no escalation for a parcel due within two days or a refund still inside its 3-working-day window",
         ("intent", "outcome", "date", "slots"), escalation_is_warranted)
_declare("one_delay_cause",
         "a late parcel's delay has one cause: at most one kind of weather is named", ("intent", "turns"),
         one_delay_cause, words=HAZARD_WORDS, intents=("delay",))
_declare("close_is_one_message",
         "a closing turn has no opening filler (嗯，好嘞，好的，) after a sentence of its own: a close put after the "
         "invitation to rate the service starts without it", ("turns",), close_is_one_message,
         words=("嗯，", "好嘞，", "好的，", "好，"))
_declare("one_service_level",
         "a late parcel is a 时效件 (a promised date) or a 标快 (no promise) in every agent turn: 比承诺的时间晚了 "
         "and 不带时效承诺 are not both said", ("intent", "turns"), one_service_level, words=("承诺", "时效件，"))
_declare("push_back_reads_the_date",
         "a late parcel due the day after the chat is not called too late (太晚) by the customer",
         ("intent", "date", "slots", "turns"), push_back_reads_the_date, words=("太晚", "这么晚"))
_declare("nothing_said_twice",
         "the agent tells each topic once (turn field told) and says a date again only to confirm it when asked; "
         "no follow-up asks what was already told, no push-back asks again for a date given; a push-back follows a "
         "proposal or refusal; impatience follows a wait, not an explanation", ("turns",), nothing_said_twice)
_declare("answers_carry_the_question",
         "an answer says what was asked (the asking turn's told): 有没有 (ask:has) is answered 有 or 没有 first, a "
         "price asked before buying (ask:price) with a sum, 免费 or how it is priced, a repair after the warranty "
         "(ask:repair_cost) with a price or a quote",
         ("intent", "turns"), answers_carry_the_question, intents=ASKING_INTENTS)
_declare("one_cause_statement",
         "no agent turn tells one cause twice: a late parcel's cause or an unshipped order's reason is stated in "
         "at most one sentence of a turn", ("intent", "turns"), one_cause_statement, intents=tuple(_STATEMENTS))
_declare("customer_reads_the_news",
         "the customer's line after the agent's news reads it: after money said to be in the balance or the pay-later "
         "line, or a returned parcel said to be on its way, not 显示已经退了/查了余额还没有; a surprised 没货了？ only "
         "after the first turn that tells it; and the agent's line after the customer turned the alternatives down "
         "offers none of them again", ("turns",), reads_the_news, words=NEWS_WORDS)
_declare("agent_heeds_the_customer",
         "the agent's lines agree with what the customer said before them: no restart asked for after the customer "
         "said it was done (broadband), no phone restart for a top-up the page does not show (recharge_missing), a "
         "new plan's price only after the plan is named (data_plan)", ("intent", "slots", "turns"),
         agent_heeds_the_customer, words=HEED_WORDS, intents=("broadband", "recharge_missing", "data_plan"))
_declare("customer_heeds_the_agent",
         "each customer turn straight after an agent turn reacts to what that turn did (turn field told: did:<kind> "
         "on agent turns, react:<reaction> on the customer's, heed.FITS): no 开好了去哪儿看 after a look-up that "
         "found a refusal, no push for speed where nothing is waited for (今天就办好 only before anything is done), "
         "no 我这就去弄 after information only", ("turns",), heeds)
_declare("evidence_before_remedy",
         "an e-commerce remedy for a fault (an exchange, a refund or a compensation) comes only once its photos are "
         "seen: sent with the opening and referred to, or asked for after the look-up and sent before it",
         ("turns",), evidence_before_remedy)

_declare("one_card_procedure",
         "a card report runs one procedure, the plan's: a card perhaps mislaid is locked (临时锁卡/冻结) and 挂失 is "
         "named only as the step if it stays lost; a card reported lost (挂失) is never spoken of as locked or frozen",
         ("intent", "turns"), one_card_procedure, intents=("card_loss",))
_declare("limit_raise_is_stated",
         "a credit limit granted in the chat is stated as its figure (new_limit; a temporary one with its end date, "
         "temp_end), a round figure above the fixed limit, at most 1.5 times it and no more than was asked",
         ("intent", "slots", "turns"), limit_raise_is_stated, intents=("credit_limit",))
_declare("pack_fits_usage",
         "a data pack follows the usage the agent told: a video-only (定向) pack only after the agent said most data "
         "went to video apps, a monthly renewing pack only after it said the plan runs short every month",
         ("intent", "slots", "turns"), pack_fits_usage, intents=("data_plan",))

_declare("fee_rule_is_one",
         "an annual fee is told by one rule, the card's: a fee that swipes cannot waive (白金卡) is never followed by "
         "how many swipes the year has had, and one fee figure is named", ("text", "turns"), fee_rule_is_one)

_declare("wrong_transfer_told_by_remitter",
         "a repayment sent to a wrong card number is not escalated by the card bank: every agent sentence naming the "
         "receiving bank (收款行) names the remitting bank (转出银行) as the one that gets the money back, or its "
         "return to the customer's account", ("intent", "outcome", "turns"), wrong_transfer_told_by_remitter,
         intents=("repayment_not_posted",))
_declare("holder_verified_before_disclosure",
         "a bank agent names no amount (a bill, a transaction, a payment) before it has asked for a verification of "
         "the holder (a code to the phone on file, name and ID number, the security question, a face check, or the "
         "card app's logged-in session) and the customer has answered: a card tail alone verifies nobody",
         ("intent", "turns"), holder_verified_before_disclosure, words=("元",), intents=BANK_INTENTS)
_declare("owner_verified_before_reconnection",
         "a reconnection only the owner may ask for (需要机主申请) is said so with, or after, a request for the "
         "owner's verification (服务密码, 身份证, 实名), and a reconnection is said submitted only after the "
         "customer answered it", ("intent", "turns"), owner_verified_before_reconnection, words=("复机", "机主"),
         intents=("suspension",))
_declare("agent_waits_for_answer",
         "a bank or carrier agent that asks the customer something (a question, 卡还在不在) waits for the answer: "
         "its next turn comes after the customer's, never straight after its own question",
         ("sector", "turns"), agent_waits_for_answer)
_declare("transfer_said_before_told",
         "a repayment not posted is spoken of as a transfer (转账, 转出银行, 收款账号) only after the customer said "
         "it was one (转账, 他行, 别的银行)", ("intent", "turns"), transfer_said_before_told,
         words=("这笔转账", "转出银行", "收款账号", "收款卡号"), intents=("repayment_not_posted",))
_declare("courier_report_rests_on_facts",
         "a complaint registers a courier's conduct with the courier company (登记/投诉/反馈…快递公司) only after "
         "the customer told what happened (told fact:incident: what the courier did and when, a parcel thrown, a "
         "box broken)", ("intent", "turns"), courier_report_rests_on_facts, intents=("complaint",))
_declare("loss_declared_after_search",
         "a parcel is declared lost (确认遗失, 找不回来了) only after its search's result is told (查件工单…出了结果); "
         "no search is said done within the chat (监控, 翻过了); a claim paid (refund_issued) follows the proof of "
         "value the customer sent", ("intent", "outcome", "turns"), loss_declared_after_search,
         intents=("lost_parcel",))
_declare("branch_offered_when_not_posted",
         "a lost card's holder who has moved (the posting to the address on file declined) is offered the new card "
         "at a branch near them (网点领取) after the address is refused online", ("intent", "turns"),
         branch_offered_when_not_posted, intents=("card_loss",))
_declare("order_read_by_customer",
         "a top-up paid through a third party (微信, 支付宝, a bank's app): the number typed into its order (slot "
         "order_phone) is said first by the customer, read off the payment record, never read out by the carrier",
         ("intent", "slots", "turns"), order_read_by_customer, intents=("recharge_missing",))
_declare("account_action_is_consented",
         "an action that changes the customer's account (ending a merchant's auto-debit, 挂失, a new card posted, "
         "止付) or an appeal in the customer's name (充错号码申诉) is said done only after the customer asked for it (told asked:<action> on the opening) or agreed "
         "(agree) to the agent's offer of it (offer_terms, told offer:<action>) in the turn before; a card is "
         "posted only on an offer that confirms the address", ("text", "turns"), account_action_is_consented,
         words=ACTION_WORD_LIST)
_declare("return_booked_on_consent",
         "a return is said submitted (提交了退货, a return code made, a pickup booked) only after the customer agreed "
         "(agree) to the agent's terms (offer_terms) that told who pays the postage", ("intent", "turns"),
         return_booked_on_consent, words=RETURN_WORDS, intents=("return_refund",))
_declare("exchange_booked_on_consent",
         "an exchange is said submitted (提交了换货, 换货单已提交, 安排换新了) only after the customer agreed (agree) to "
         "the agent's terms (offer_terms) that told who pays the postage and the state the goods go back in (tags, "
         "box, accessories)", ("intent", "turns"), exchange_booked_on_consent, words=EXCHANGE_WORDS,
         intents=("exchange",))
_declare("repair_booked_on_consent",
         "a repair by post (寄修), an engineer's visit or a service point's slot (a complaint's warranty repair too) "
         "is said registered or booked only "
         "after the customer agreed (agree) to the agent's offer of it (offer_terms) in the turn before",
         ("intent", "turns"), repair_booked_on_consent, words=REPAIR_WORDS, intents=("repair", "complaint"))
_declare("return_refund_is_issued",
         "a return whose outcome is refund_issued has its refund issued in the chat: the booking does not make the "
         "money wait for the goods (…后649元), and goods still to be sent back are refunded by 极速退款, or, where "
         "the account or the amount does not qualify (aftersales.fast_refund), the booking says so and that the "
         "refund follows the warehouse's receipt",
         ("intent", "outcome", "turns"), return_refund_is_issued, words=("元",), intents=("return_refund",))
_declare("held_order_has_no_date",
         "an order said held for an incomplete address (没写门牌号) names no ship date (预计12月13日发货) in any agent "
         "turn", ("intent", "turns"), held_order_has_no_date, words=("门牌号",), intents=("urge_shipping",))
_declare("held_order_not_waited",
         "an order said held for an incomplete address (没写门牌号) is not accepted with a wait (那我再等等): it ships "
         "only once the customer completes the address", ("intent", "turns"), held_order_not_waited,
         words=("门牌号",), intents=("urge_shipping",))
_declare("shipping_told_by_its_sheet",
         "an unshipped order (urge_shipping) is told by its fact sheet (shipping_sheet.py): a delay named (推迟了三天) "
         "is the days between order and ship date past the promised 48 hours, and an order with a ship date said out "
         "of stock names the day its stock arrives (新货明天到仓) and never calls the supply unknown (催不动, 等厂家发货)",
         ("intent", "slots", "turns"), told_by_its_sheet, words=SHEET_WORDS, intents=("urge_shipping",))
_declare("return_reason_not_presumed",
         "the agent says why goods go back (属于不想要了, 不是质量问题) only after the customer gave a reason",
         ("turns",), return_reason_not_presumed, words=("不想要了", "质量问题"))
_declare("chase_is_answered",
         "a refund's 能不能帮我催一下 is answered by the agent's next turn with the chase done (催办, 提醒) or why it cannot be "
         "(催不了, 没法加快)", ("intent", "turns"), chase_is_answered, words=("催一下",), intents=("refund_status",))
_declare("asked_freeze_comes_first",
         "a card the customer asked to stop for fraud is stopped in the agent's first turn after the holder is "
         "identified, before anything else; no later matter asks about a limit, a fee or an autopay on it",
         ("intent", "turns"), asked_freeze_comes_first, intents=("transaction_query",))
_declare("hazard_stops_tests",
         "a repair whose opening names a hazard (跳闸, 冒烟, 焦味, 火花, 鼓包, 漏电) has no troubleshooting step: the "
         "agent's first turn after the identification says to stop using it, and a remedy (a replacement, a "
         "return, an inspection or a repair) is named", ("intent", "turns"), hazard_stops_tests, intents=("repair",))
_declare("day_wish_fits_date",
         "a close wishes 周末愉快 only when the dialogue's date is a Friday to Sunday", ("date", "text"),
         day_wish_fits_date)
_declare("fix_credited_to_who_fixed",
         "a fault fixed by the agent's remote step (我这边远程…/在后台…) is not closed with 照刚才的办法 (the "
         "customer's own step to repeat)", ("turns",), fix_credited_to_who_fixed, words=("刚才",))
_declare("addon_is_itemised",
         "a bill's add-on is named with its monthly fee (slots vas_name, vas_fee) by the agent, and with the usual "
         "month (base_fee) sums to the bill amount", ("slots", "turns"), addon_is_itemised)
_declare("delay_owned_only_when_late",
         "the reassurance after a push-back owns a delay (耽误您事了, 让您久等了) only where the matter was already "
         "late (a parcel, shipment, refund, top-up or payment not arrived)", ("intent", "outcome", "acts", "turns"),
         delay_owned_only_when_late)
_declare("mood_has_a_cause",
         "a grudging acceptance (行吧, 唉, 也只能这样了) has a cause in the plan: a push-back on a wait, a refusal, a "
         "handover to a specialist or less than asked agreed to; a remedy given in full at once is not grumbled at",
         ("intent", "outcome", "acts", "turns"), mood_has_a_cause, words=GRUDGING_WORDS)
_declare("complaint_remedy_checked",
         "a complaint's remedy for goods (reshipped, returned, exchanged, compensated) comes once the agent asked for "
         "or saw photos; goods sent back leave the choice named (补发/换新 or 退货退款, never 退换货), and an "
         "escalation after the remedy does not say the matter still waits to be handled",
         ("intent", "turns"), complaint_remedy_checked, intents=("complaint",))
_declare("complaint_is_voiced",
         "the agent answers a complaint (多出来的 money, a charge defended: 按资费要收, 没法退, 提醒短信发过) only "
         "after the customer made it: an opening that complains (told voiced:complaint), a follow-up or a push-back; "
         "a customer who only asked to see the bill is told what it holds", ("intent", "turns"), complaint_is_voiced,
         intents=CONTESTED_INTENTS)

_declare("one_appointment",
         "a technician's visit is one plan fact: booked for a slot (明天上午9点到11点; later lines keep it, the engineer "
         "calls before arriving) or arranged by phone (4小时内打电话约上门时间), never both, and no call-back deadline "
         "(一个工作日内还没人打给您) after a booked slot", ("turns",), one_appointment, words=SLOT_WORDS)
_declare("fee_answered_before_done",
         "the agent's reply to a question whether something costs (改地址得加钱吗) tells the fee before it says the "
         "change is done (改好了…)", ("turns",), fee_answered_before_done, words=FEE_WORDS)
_declare("visit_time_chosen",
         "a time the agent names for a visit to the customer (a technician's window, a courier's pickup day) was "
         "first offered in an agent turn that asks and the customer answers: no time booked that nobody chose",
         ("turns",), visit_time_chosen, words=VISIT_WORDS)


_declare("names_not_crowded",
         "a name (product, merchant, hub, pack or plan, a top-up channel) is said at most twice in any two turns "
         "running; after its first mention it is 这家/那边/它 or dropped", ("intent", "slots", "turns", "text"),
         names_not_crowded)

_declare("exchange_is_specific",
         "an exchange names what the customer gets and keeps one return path: a size exchange (slots size, "
         "new_size) has the size wanted said in the opening and named by the agent; no agent line swaps the old "
         "goods at the door (送新取旧) beside one that has the customer post them back (点“寄回”, 寄回的运费)",
         ("intent", "slots", "turns"), exchange_is_specific, intents=("exchange",))
_declare("limit_refusal_is_what_it_is",
         "a credit limit request refused before it is submitted (not yet eligible: 还申请不了, 会直接驳回) is never "
         "spoken of as an application turned down (没能批下来, 没有通过)", ("intent", "turns"),
         limit_refusal_is_what_it_is, intents=("credit_limit",))
_declare("watched_fault_not_reported_fixed",
         "a repair whose opening names a fault that comes and goes (lexicon faults.tsv watch=yes: 老是自动重启) has "
         "no customer turn reporting a step worked (report_worked): the customer agrees to try it and watch",
         ("intent", "turns"), watched_fault_not_reported_fixed, intents=("repair",))
_declare("visit_question_answered",
         "a customer's question whether anyone will come (那要上门吗？) is answered by the agent's next turn, which "
         "says whether a visit is made (上门, 师傅)", ("turns",), visit_question_answered, words=("上门",))
_declare("one_follow_up_call",
         "a complaint has one follow-up party and time: once the agent said who calls the customer by when "
         "(站点负责人24小时内联系您), no later agent turn adds another call with its own deadline", ("intent", "turns"),
         one_follow_up_call, intents=("complaint",))
_declare("chase_only_when_called",
         "in a parcel look-up (logistics) the agent's solution says a chase was made (催了, 发了催办, 联系了网点) only "
         "after the customer said the tracking had not moved for days or asked to hurry it, or where the parcel was "
         "missorted or its pickup code never sent; otherwise it says what the tracking shows", ("intent", "turns"), chase_only_when_called,
         intents=("logistics",))
_declare("cause_told_once",
         "a fault's cause is told once: no agent turn adds the generic 这个问题一般/多半是…造成的 after a sentence of its "
         "own that already said what a check found (说明, 表示, 问题在, 是通的, 状态正常…)", ("turns",), cause_told_once,
         words=CAUSE_WORDS)
_declare("one_callback_schedule",
         "times agree: the agent's turns give one schedule for a call-back (两小时内, 今天之内, or 24小时内/一个工作日内/"
         "明天), never an escalation's 两小时内 and a close's 明天", ("turns",), one_callback_schedule,
         words=CALLBACK_WORDS)
_declare("empathy_answers_the_customer",
         "empathy (理解您的心情, 理解您着急) is said in an agent turn that follows a customer's turn, never straight "
         "after the agent's own turn", ("turns",), empathy_answers_the_customer, words=("理解您",))


from . import verdicts  # noqa: E402,F401  (declares the hidden field the fused rules read)


from .verified import ACCOUNT_INTENTS, ACCOUNT_WORDS, owner_verified_before_account  # noqa: E402
_declare("owner_verified_before_account",
         "a carrier agent names no bill or balance amount and says no add-on cancelled before it asked for the "
         "number's owner verification (服务密码, an SMS code, or the logged-in App the chat came from) and the "
         "customer answered", ("intent", "turns"), owner_verified_before_account, words=ACCOUNT_WORDS,
         intents=ACCOUNT_INTENTS)
