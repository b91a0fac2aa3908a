"""A return's refund is told on one timeline (issue 12, reading 18): goods picked up or posted -> signed for at the
warehouse -> checked -> paid out -> arrived by the payment's own channel. Without 极速退款 the money cannot arrive
一会儿/几分钟 from now (#22 said 收货后两天之内处理 and then 一会儿就能到账，最晚2小时内到 before the goods went back),
and a pickup booked is not followed by 您尽快寄出 (#7); the reassurance does not tell the 48 hours again."""

from __future__ import annotations

import re
from functools import lru_cache

import synth
from synth.domains.dialogues.rules import agent_is_consistent

NO_FAST = re.compile(r"(?:超过了|超出了|走不了|用不了|没走上|不满足|还不符合)极速退款|极速退款(?:有金额上限|有额度限制)")
AT_ONCE = re.compile(r"(?:几分钟|一会儿)就(?:能)?(?:看到|到账)|马上(?:就)?到账")
PICKUP = re.compile(r"上门取[件货]|上门揽收|取件员|快递员[^。；]{0,6}上门")


@lru_cache(maxsize=None)
def returns(n: int = 3000, seed: int = 53):
    return synth.generate("dialogues", n, seed=seed, intent="return_refund")


def agent_text(turns) -> str:
    return "\n".join(t["text"] for t in turns if t["role"] == "agent")


def test_a_refund_that_waits_for_the_goods_never_arrives_at_once():
    waiting = 0
    for turns in returns().turns:
        text = agent_text(turns)
        if NO_FAST.search(text):
            waiting += 1
            assert not AT_ONCE.search(text), text
    assert waiting > 100


def test_a_pickup_is_not_followed_by_posting_it_yourself():
    for turns in returns().turns:
        text = agent_text(turns)
        if PICKUP.search(text):
            assert not re.search("(?:早点|尽快)寄出", text), text


def test_the_reassurance_does_not_tell_the_wait_again():
    told = 0
    for turns in returns().turns:
        for k, turn in enumerate(turns):
            if turn["act"] == "reassure" and NO_FAST.search(agent_text(turns[:k])):
                told += 1
                assert "48小时" not in turn["text"] and "两天" not in turn["text"], turn["text"]
    assert told > 20


def test_the_rule_rejects_a_payout_before_the_goods_are_back():
    turns = [{"role": "agent", "act": "propose_refund",
              "text": "系统判定这单走不了极速退款，钱要等仓库签收并验收以后原路返还，签收后48小时内处理，"
                      "按原支付方式退还到余额，一会儿就能到账，最晚2小时内到。"}]
    assert not agent_is_consistent(turns, ["propose_refund"])
    turns[0]["text"] = "退货申请提交了，上门取件也约上了。极速退款有额度限制，您这单超了。您尽快寄出，仓库签收得早。"
    assert not agent_is_consistent(turns, ["propose_refund"])
    turns[0]["text"] = "您这单能走极速退款，不用等仓库签收，钱已经先退了，一会儿就能到账。"
    assert agent_is_consistent(turns, ["propose_refund"])
