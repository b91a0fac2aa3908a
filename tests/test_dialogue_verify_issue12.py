"""Issue 12, reading 16 (seed 60617, main ea1e619): bank and carrier agents verify, ask, wait, then act.
A bank tells a bill or a transaction only to a holder verified as its procedure does (#13, #25: the last four digits
alone); a kept number (保号停机) is reconnected once the owner is verified and is said to be submitted (#7); a charge
disputed as not the holder's is filed after the holder answered 卡还在不在 (#13); a repayment is a transfer only once
the customer said so (#2); the autopay's history is read from the record, not presumed (#25); wording (#6, #9)."""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import numpy as np

import synth
from synth.registry import get_domain


@lru_cache(maxsize=None)
def frame(intent: str, n: int = 600, seed: int = 60617):
    return synth.generate("dialogues", n, seed=seed, intent=intent, as_of=dt.date(2025, 1, 1))


def rule_holds(name: str, records: list) -> np.ndarray:
    """The declared rule `name` on records given as dicts (a planted dialogue is judged like a file)."""
    rule = next(r for r in get_domain("dialogues").rules if r.name == name)
    columns = {c: np.array([r[c] for r in records] + [None], dtype=object)[:-1] for c in records[0]}
    columns["text"] = np.array(["\n".join(t["text"] for t in r["turns"]) for r in records], dtype=object)
    return np.asarray(rule.check(columns, {"as_of": dt.date(2025, 1, 1)}))


def turn(role: str, act: str, text: str) -> dict:
    return {"role": role, "act": act, "text": text, "told": ()}


VERIFY = re.compile(r"验证码|身份证|安全问题|人脸|刷脸|登录")
AMOUNT = re.compile(r"\d+(\.\d+)?元")


def test_a_bill_or_a_transaction_is_told_only_to_a_verified_holder():
    """Every bank dialogue that names an amount asks for a verification first (a code to the phone on file, name and
    ID number, the ID number and the phone on file, or the app's logged-in session), answered before any amount."""
    forms = set()
    for intent in ("transaction_query", "repayment", "repayment_not_posted"):
        df = frame(intent)
        for turns in df.turns:
            asks = [k for k, t in enumerate(turns) if t["role"] == "agent" and VERIFY.search(t["text"])]
            told = [k for k, t in enumerate(turns) if t["role"] == "agent" and AMOUNT.search(t["text"])]
            assert asks, [t["text"] for t in turns]
            assert not told or asks[0] < told[0] and any(t["role"] == "customer" for t in turns[asks[0]:told[0]])
            forms.update(f for f in ("验证码", "姓名", "手机号", "登录") if f in turns[asks[0]]["text"])
        assert df.outcome.size and rule_holds("holder_verified_before_disclosure", df.to_dict("records")).all()
    assert forms == {"验证码", "姓名", "手机号", "登录"}
    # (reading 16 #13: the last four digits alone, then the transaction told)
    planted = {"intent": "transaction_query", "turns": [
        turn("customer", "describe_problem", "我卡上12月11日有一笔12.60元的消费，不是我刷的"),
        turn("agent", "ask_info", "为确认是您本人，麻烦告知一下卡号后四位。"),
        turn("customer", "provide_info", "卡号后四位9165"),
        turn("agent", "inform", "您尾号9165的信用卡12月11日有一笔12.60元的交易，商户为邻里家便利店。")]}
    assert not rule_holds("holder_verified_before_disclosure", [planted])[0]


def test_a_kept_number_is_reconnected_once_the_owner_is_verified_and_said_submitted():
    df = frame("suspension", 900)
    kept = [turns for turns in df.turns if any(t["act"] == "inform" and "保号" in t["text"] for t in turns)]
    assert len(kept) > 40
    for turns in kept:
        ask = next(k for k, t in enumerate(turns) if t["act"] == "ask_info")
        assert "服务密码" in turns[ask]["text"] and "服务密码" in turns[ask + 1]["text"], turns
        done = [t["text"] for t in turns if t["act"] == "propose_solution"]
        assert done and all(re.search(r"提交|办了", d) for d in done), done
        assert not any("停机保号" in t["text"] for t in turns if t["act"] == "ask_other")
    assert rule_holds("owner_verified_before_reconnection", df.to_dict("records")).all()
    planted = {"intent": "suspension", "turns": [
        turn("customer", "describe_problem", "你好，我出国前办了保号停机，现在回来了，想复机"),
        turn("agent", "ask_info", "麻烦提供号码，这边为您查询。"),
        turn("customer", "provide_info", "好，手机号159****0183"),
        turn("agent", "inform", "号码是半年前开始保号，每月5元保号费都交清了，没有欠费。"),
        turn("agent", "propose_solution", "保号停机恢复需要机主申请，我帮您办复机以后两小时内恢复。")]}
    assert not rule_holds("owner_verified_before_reconnection", [planted])[0]


def test_a_disputed_charge_is_filed_after_the_holder_answers():
    """The question a dispute rests on (卡还在您手上吗, 验证码告诉过别人吗) is its own turn; the customer answers;
    only then is the 调单 filed. No bank or carrier agent's question is followed by its own next turn."""
    df = frame("transaction_query", 1200)
    disputed = [turns for o, turns in zip(df.outcome, df.turns) if o == "escalated"]
    assert len(disputed) > 50
    for turns in disputed:
        acts = [t["act"] for t in turns]
        k = acts.index("escalate")
        assert acts[k - 1] == "agree" and acts[k - 2] == "offer_terms", acts
        assert "？" in turns[k - 2]["text"]
    for intent in ("transaction_query", "suspension", "recharge_missing", "repayment"):
        assert rule_holds("agent_waits_for_answer", frame(intent).to_dict("records")).all()
    planted = {"sector": "bank", "turns": [
        turn("agent", "inform", "这笔是商户的门店刷卡交易，走小额免密未验证密码，麻烦您确认卡还在不在。"),
        turn("agent", "escalate", "已经为您发起了调单，专人会在1-3个工作日内回电。")]}
    assert not rule_holds("agent_waits_for_answer", [planted])[0]


def test_a_repayment_is_a_transfer_only_once_the_customer_said_so():
    df = frame("repayment_not_posted", 1200)
    told = 0
    for turns in df.turns:
        said = False
        for t in turns:
            if t["role"] == "customer":
                said = said or bool(re.search(r"转账|转了|他行|别的银行|工资卡", t["text"]))
            elif re.search(r"这笔转账|转出银行|收款账号|收款卡号", t["text"]):   # (this payment as a transfer)
                assert said, [x["text"] for x in turns]
                told += 1
    assert told > 30
    assert rule_holds("transfer_said_before_told", df.to_dict("records")).all()
    planted = {"intent": "repayment_not_posted", "turns": [
        turn("customer", "describe_problem", "我12月13日还了645.43元还信用卡，现在账单一点都没显示"),
        turn("agent", "propose_solution", "请您到付款银行的交易明细里核对一下这笔转账的收款账号。")]}
    assert not rule_holds("transfer_said_before_told", [planted])[0]


def test_last_months_failed_autopay_is_read_from_the_record():
    df = frame("repayment", 1500)
    said = [s for turns in df.turns for t in turns if t["role"] == "agent"
            for s in re.findall(r"[^。；]*(?:上期|上个月)[^。；]*余额不足[^。；]*", t["text"])]
    assert len(said) > 10
    assert all(re.search(r"记录|系统", s) and "就是因为" not in s for s in said), said


def test_bill_and_suspension_wording():
    for intent in ("bill", "suspension"):
        for text in frame(intent, 1500).text:
            assert not re.search(r"就算了|上下(生效|就好|就能用)|通知类里|专员打来之前有", text), text


def test_a_carriers_bill_or_balance_is_told_only_to_the_verified_owner():
    """Reading 20 r1 (#10 #11 #16 #18 #21): a telecom bill, a balance or an add-on cancelled on a bare number. Every
    bill and missing top-up chat asks for the owner's check (服务密码, an SMS code, or the App login the chat came
    from) with the number, the customer answers, and only then an amount or a cancellation is told; each form is
    used, and no chat asks twice."""
    forms = set()
    for intent in ("bill", "recharge_missing"):
        df = frame(intent)
        for turns in df.turns:
            asks = [k for k, t in enumerate(turns) if t["act"] == "ask_info"]
            assert re.search(r"服务密码|验证码|登录", turns[asks[0]]["text"]), turns
            # (the check is answered once: a later ask, for an order number, is not answered with it again)
            assert sum(bool(re.search(r"(服务密码|验证码)(也|)(输|填|弄|发)", t["text"]))
                       for t in turns if t["role"] == "customer") <= 1, turns
            forms.update(f for f in ("服务密码", "验证码", "登录") if f in turns[asks[0]]["text"])
            told = [k for k, t in enumerate(turns) if t["role"] == "agent" and re.search(r"\d元|取消了", t["text"])]
            assert not told or asks[0] < told[0] and turns[asks[0] + 1]["role"] == "customer"
        assert rule_holds("owner_verified_before_account", df.to_dict("records")).all()
    assert forms == {"服务密码", "验证码", "登录"}
    # (#16 on s20-int: the add-on told and cancelled after the number alone)
    said = (("customer", "describe_problem", "在吗 帮我查一下10月的账单"),
            ("agent", "ask_info", "您好，请问您的号码是多少？我帮您查一下。"),
            ("customer", "provide_info", "手机号133****7883"),
            ("agent", "inform", "您10月的账单合计94.60元：套餐和通话费用82.60元，此外是阅读会员包，每月12元。"),
            ("customer", "push_back", "我没开过啊，给我退订"),
            ("agent", "propose_solution", "这项服务已经帮您取消了，从下个账期起不再收费。"))
    planted = {"intent": "bill", "turns": [turn(*line) for line in said]}
    assert not rule_holds("owner_verified_before_account", [planted])[0]
    planted["turns"][3]["text"] = "查到了，账单里有一项阅读会员包。"   # (no amount: the cancellation alone breaks it)
    assert not rule_holds("owner_verified_before_account", [planted])[0]
