"""Read by an independent customer-service team lead (issue 12, seed 27182): an answer presumes only what the
customer said, a reaction follows the agent's last turn, a follow-up follows what happened."""
from __future__ import annotations

import synth


def frame(n: int, seed: int = 3, **options):
    return synth.generate("dialogues", n, seed=seed, **options)


def test_a_refused_delay_names_half_a_month_only_when_the_customer_asked_for_half_a_month():
    """#22: 客服：…晚半个月已经过了宽限期 after 客户：能申请延期还款吗？ — the length belongs to the other follow-up."""
    df = frame(1500, intent="repayment")
    told = asked = 0
    for turns in df.turns:
        said = "".join(t["text"] for t in turns if t["role"] == "customer")
        for t in turns:
            if t["role"] == "agent" and "半个月" in t["text"]:
                told += 1
                asked += "半个月" in said
                assert "半个月" in said, "\n".join(x["text"] for x in turns)
    assert told > 10 and asked == told


def test_out_of_stock_is_told_before_the_customer_reacts_to_it():
    """#1: 客服：我这边查一下仓库有没有货。 客户：没货了那怎么办？ — the customer reacts to a stock not yet told."""
    df = frame(1500, intent="exchange")
    out = ("没货", "断货", "缺货", "没有库存", "没库存")
    reacted = 0
    for turns in df.turns:
        for k, t in enumerate(turns[1:], 1):
            if t["role"] == "customer" and "没货" in t["text"] and turns[k - 1]["role"] == "agent":
                reacted += 1
                told = "".join(x["text"] for x in turns[:k] if x["role"] == "agent")
                assert any(w in told for w in out), "\n".join(x["text"] for x in turns[:k + 1])
    assert reacted > 20


def test_a_failed_first_step_reports_on_the_step_asked_for():
    """#18: asked to cable the PC to the modem, the customer answered 断开重连了好几次 (a step never asked for)."""
    df = frame(3000, intent="broadband")
    reported = 0
    for turns in df.turns:
        for k, t in enumerate(turns[1:], 1):
            if t["act"] == "report_failed" and "网线把电脑直接连到光猫" in turns[k - 1]["text"]:
                reported += 1
                assert any(w in t["text"] for w in ("网线", "电脑", "有线")), (turns[k - 1]["text"], t["text"])
    assert reported > 10


def test_a_customer_who_just_repaid_does_not_ask_how_to_repay_and_another_banks_card_is_answered():
    """#3: 客户：…用别的银行卡转账还了… then 这期账单可以用别的银行的卡还吗？, answered with the App's 立即还款."""
    df = frame(3000, intent="bank")
    asked = 0
    for intent, turns in zip(df.intent, df.turns):
        for k, t in enumerate(turns[:-1]):
            if t["act"] != "ask_other":
                continue
            assert not (intent == "repayment_not_posted" and "还" in t["text"] and "账单" in t["text"]), t["text"]
            if "别的银行的卡" in t["text"]:
                asked += 1
                assert any(w in turns[k + 1]["text"] for w in ("他行", "跨行")), turns[k + 1]["text"]
    assert asked > 10
