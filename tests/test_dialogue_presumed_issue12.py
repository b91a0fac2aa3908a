"""Issue 12, reading of seed 52057 (main ab6868d): the agent says only what its system or the customer told it.
A refund goes back the way the order shows it was paid (#7: 到银行卡 with nobody saying how it was paid); a company's
tax details are read back only where the platform holds them, else a form is sent (#12/#27: 开票信息里保存的 for
every title); a card hold is what the merchant record shows, the stay is the customer's to confirm (#1: 是您的住店押金);
a reminder SMS is told with when it was sent, never a guess about the customer's phone (#11/#20: 可能被拦截了). No
10-character agent stretch recurs in more than 8% of an intent's dialogues (suspension, refund_status,
transaction_query, repair were above it)."""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import numpy as np

import synth
from synth.registry import get_domain


@lru_cache(maxsize=None)
def frame(intent: str, n: int = 800, seed: int = 52057):
    return synth.generate("dialogues", n, seed=seed, intent=intent, as_of=dt.date(2025, 1, 1))


def holds(df) -> np.ndarray:
    rule = next(r for r in get_domain("dialogues").rules if r.name == "agent_presumes_nothing")
    columns = {c: df[c].to_numpy() for c in df.columns}
    return np.asarray(rule.check(columns, {"as_of": dt.date(2025, 1, 1)}))


def acts(df, act: str):
    for turns in df.turns:
        for t in turns:
            if t["role"] == "agent" and t["act"] == act:
                yield t["text"]


# Where the money goes, with how the order shows it was paid (a bank card, the balance, a pay-later line).
CHANNEL = re.compile(r"银行卡|余额|先用后付|信用支付")
# s16-dlgH dropped the second 您这单 from these lines: 订单里显示余额支付的 reads the channel off the order too.
READ_FROM_ORDER = re.compile(r"(?:是|用的是|显示)(?:用)?(?:银行卡|余额|先用后付|信用支付)|(?:付款|支付)方式(?:显示|是)银行卡")


def test_a_refund_says_how_the_order_was_paid():
    """#7: 按原支付方式退回，到银行卡一般1到3个工作日到账 — the order's channel is named as read from the order."""
    for intent in ("price_protect", "return_refund"):
        refunds = [s for s in acts(frame(intent), "propose_refund") if CHANNEL.search(s)]
        assert len(refunds) > 100, intent
        for s in refunds:
            assert READ_FROM_ORDER.search(s), s


NOT_ON_FILE = "没在|没有存过|还没有|系统里没有|第一次|头一回"


def test_tax_details_are_read_back_only_where_the_platform_holds_them():
    """#12/#27: 用的是您企业开票信息里保存的这几项 for every company — on file they are read back for the title
    as invoiced before; not on file a form is sent and the invoice waits for it. Both happen."""
    lines = [s for s in acts(frame("invoice", 1500), "propose_solution") if "税号" in s or "纳税人识别号" in s]
    assert len(lines) > 200
    on_file = [s for s in lines if re.search("之前|以前|上次", s) and not re.search(NOT_ON_FILE, s)]
    form = [s for s in lines if re.search(NOT_ON_FILE, s)]
    assert len(on_file) > 50 and len(form) > 50
    assert len(on_file) + len(form) == len(lines)
    for s in form:   # what the customer must do before the invoice is issued
        assert re.search("填|补", s), s
    assert not any("开票信息里保存的" in s for s in lines)


def test_a_card_hold_leaves_the_stay_to_the_customer():
    """#1: 是您的住店押金 — the record shows a merchant's 预授权; the agent tells what such a hold usually is and lets
    the customer match it to a stay or rental of theirs."""
    informs = [s for s in acts(frame("transaction_query", 1500), "inform") if "预授权" in s]
    assert len(informs) > 50
    for s in informs:
        assert not re.search("是您的.{0,2}押金|属于您的", s), s
        assert re.search("要是|如果|是不是|有没有", s), s


def test_a_reminder_sms_is_told_with_when_it_was_sent():
    """#11/#20: 可能被拦截了 / 可能被别的短信刷下去了 — the record says when it was sent; where to look is an
    instruction, not a guess."""
    df = frame("suspension", 1500)
    lines = [s for s in acts(df, "inform") if "提醒" in s]
    assert len(lines) > 100
    # a customer who already paid and waits for it to post is not sent looking for the reminder
    for outcome, turns in zip(df.outcome, df.turns):
        if outcome == "escalated":
            assert not any(t["role"] == "agent" and "提醒短信" in t["text"] for t in turns)
    for s in lines:
        assert re.search("停机前一天|停机前两天|前天上午|三天前", s), s
        assert not re.search("可能|也许", s.split("提醒", 1)[1]), s


def test_the_presumption_rule_holds_and_can_fail():
    for intent in ("suspension", "transaction_query", "invoice", "price_protect"):
        df = frame(intent)
        assert holds(df).all(), intent
    df = frame("suspension", 60)
    broken = df.copy()
    broken["text"] = [t + "客服：停机前有发欠费提醒，可能被拦截了。" if k == 3 else t for k, t in enumerate(df.text)]
    verdict = holds(broken)
    assert not verdict[3] and verdict[:3].all()


def test_no_agent_stretch_recurs_in_more_than_8_percent():
    """dialogue_paths' measure (1000 dialogues, seed 3): suspension 8.7%, refund_status 9.3%, transaction_query and
    repair 8.2% on main."""
    from synth.domains.dialogues.variety import most_repeated

    for intent in ("suspension", "refund_status", "transaction_query", "repair"):
        df = synth.generate("dialogues", 1000, seed=3, intent=intent)
        share, stretch = most_repeated(df["slots"], df["turns"], top=1)[0]
        assert share <= 0.08, (intent, share, stretch)
