"""The outcome label follows where the chat ends, not the solution act it ends on (issue 12, reading of seed 58231,
cause B): refund_issued only where the refund is paid in the chat, never while it waits for the warehouse's
receipt (#22: 走不了极速退款，退款得等商家收到货验收以后退回); resolved never while an application's result is
still to come (#21: 已经为您递交提额申请，审核结果将在3个工作日内)."""
from __future__ import annotations

from functools import lru_cache

import numpy as np

import synth
from synth.domains.dialogues.end_state import REFUND_WAITS, RESULT_TO_COME, label, outcome_follows_end_state
from synth.registry import get_domain

RULE = "outcome_follows_end_state"


@lru_cache(maxsize=None)
def frame(intent: str, n: int = 1500, seed: int = 58231):
    return synth.generate("dialogues", n, seed=seed, intent=intent)


def holds(df) -> np.ndarray:
    rule = next(r for r in get_domain("dialogues").rules if r.name == RULE)
    columns = {c: df[c].to_numpy() for c in df.columns}
    return np.asarray(rule.check(columns, {}))


def turn(role: str, act: str, text: str) -> dict:
    return {"role": role, "act": act, "text": text}


# The endings of records 21 and 22 of the reading (seed 58231, main's generator).
LIMIT_REVIEW = [turn("customer", "describe_problem", "麻烦帮我看看，额度不够用，能不能提到25000"),
                turn("agent", "inform", "系统里显示您这张卡现在的额度是10000元。"),
                turn("agent", "propose_solution", "系统评估下来，您的这张卡符合提额条件，已经为您递交提额申请，"
                                                  "审核结果将在3个工作日内发到您手机上。"),
                turn("customer", "accept", "行，谢谢啦"), turn("agent", "close", "感谢您的配合。")]
RETURN_WAITS = [turn("customer", "agree", "好的，帮我提交吧，预约上门取件就行"),
                turn("agent", "propose_refund", "帮您发起了退货，上门取货也预约了。系统判定您这单走不了极速退款，"
                                                "退款得等商家收到货验收以后退回，收货后48小时内退出。"),
                turn("customer", "accept", "太好了，麻烦你了！"), turn("agent", "close", "钱到账前有疑问可以找我们。")]
RETURN_PAID = [turn("customer", "agree", "可以，提交吧"),
               turn("agent", "propose_refund", "退货给您提交了，这单走的极速退款，2249元已经原路退回，1到3个工作日到账。"),
               turn("customer", "accept", "好的"), turn("agent", "close", "再见。")]


def test_the_rule_fails_on_the_labels_of_the_reading():
    assert not outcome_follows_end_state("resolved", LIMIT_REVIEW)      # #21: a result still to come
    assert not outcome_follows_end_state("refund_issued", RETURN_WAITS)  # #22: no refund made yet
    # the same endings with the labels of where they end, and a refund paid now
    assert outcome_follows_end_state("escalated", LIMIT_REVIEW)
    assert outcome_follows_end_state("resolved", RETURN_WAITS)
    assert outcome_follows_end_state("refund_issued", RETURN_PAID)
    assert not outcome_follows_end_state("resolved", RETURN_PAID)      # a refund paid is refund_issued


def test_the_rule_is_declared_for_synth_check():
    assert RULE in {r.name for r in get_domain("dialogues").rules}


def test_a_return_refunded_after_the_goods_arrive_is_labelled_resolved():
    df = frame("return_refund")
    assert holds(df).all()
    waits = [any(t["act"] == "propose_refund" and REFUND_WAITS.search(t["text"]) for t in turns) for turns in df.turns]
    outcomes = df.outcome.tolist()
    assert sum(waits) > 50   # (the case still happens: an order above the cap or an account that does not qualify)
    assert all(o == "resolved" for o, w in zip(outcomes, waits) if w)
    assert outcomes.count("refund_issued") > 300
    assert label("return_refund", "refund_issued", {"fast": "amount"}) == "resolved"
    assert label("return_refund", "refund_issued", {"fast": "yes"}) == "refund_issued"


def test_no_resolved_limit_raise_waits_for_a_review():
    df = frame("credit_limit")
    assert holds(df).all()
    resolved = [turns for o, turns in zip(df.outcome, df.turns) if o == "resolved"]
    assert len(resolved) > 300
    assert not [t["text"] for turns in resolved for t in turns
                if t["act"] == "propose_solution" and RESULT_TO_COME.search(t["text"])]
