"""Issue 12, reading 17 (a team lead's reading, seed 40917): an outcome is earned by the dialogue. An order held for
an incomplete address ships only once the customer completes it, so the customer's acceptance takes that step
(我这就去办) and never waits (#25: 补全门牌号 then 那我再等等, labelled resolved 5)."""

from __future__ import annotations

import re

import synth
from synth.domains.dialogues import ecommerce_coherence as ec
from synth.domains.dialogues.fields import DOMAIN


def test_an_order_held_for_its_address_is_not_waited_for():
    df = synth.generate("dialogues", 2000, seed=4091, intent="urge_shipping")
    held = 0
    for turns in df.turns:
        if not any(ec.ADDRESS_HOLD.search(t["text"]) for t in turns if t["role"] == "agent"):
            continue
        held += 1
        assert ec.held_order_not_waited("urge_shipping", turns), [t["text"] for t in turns]
        solution = [t["text"] for t in turns if t["act"] == "propose_solution"]
        assert all("门牌号" in s and ("订单详情" in s or "订单页" in s) for s in solution), solution
    assert held > 50
    old = [{"role": "agent", "act": "propose_solution",
            "text": "您填的收货地址没有门牌号，系统校验没通过，就暂停了出库。麻烦您核对一下地址，精确到门牌号。"},
           {"role": "customer", "act": "accept", "text": "可以，谢谢，那我再等等"}]
    assert not ec.held_order_not_waited("urge_shipping", old)


def test_the_rule_is_declared_and_holds():
    assert "held_order_not_waited" in {r.name for r in DOMAIN.rules}
    df = synth.generate("dialogues", 2000, seed=91, intent="ecommerce")
    assert "held_order_not_waited" not in df.attrs["report"]["regenerated"]


def test_a_warranty_repair_is_booked_only_after_the_customer_chose_it():
    # (#30: 我这边给您提交了寄修 in the turn that first told the complaint it is past the return period)
    df = synth.generate("dialogues", 1500, seed=4093, intent="complaint")
    offered = 0
    for turns in df.turns:
        names = [t["act"] for t in turns]
        if "offer_terms" not in names or "保修期" not in turns[names.index("offer_terms")]["text"]:
            continue
        offered += 1
        k = names.index("offer_terms")
        assert not ec.REPAIR_BOOKED.search(turns[k]["text"]), turns[k]["text"]
        assert names[k + 1:k + 3] == ["agree", "propose_solution"], names
        assert ec.repair_booked_on_consent("complaint", turns)
    assert offered > 50
    old = [{"role": "agent", "act": "propose_solution",
            "text": "不过电热水壶还在一年保修期内，可以免费保修：我这边给您提交了寄修，快递上门取货。"},
           {"role": "customer", "act": "accept", "text": "好的好的 辛苦你了！"}]
    assert not ec.repair_booked_on_consent("complaint", old)


def test_a_stored_tax_id_is_confirmed_before_the_invoice_is_submitted():
    # (#29: 税号用上次那个 said in the turn that submits; the customer never confirmed it. Where the customer asked a
    # question after the look-up the answer still submits with the 税号 on file: not yet covered.)
    df = synth.generate("dialogues", 1500, seed=4097, intent="invoice")
    confirmed = 0
    for turns in df.turns:
        names = [t["act"] for t in turns]
        if "confirm_info" not in names:
            continue
        k = names.index("confirm_info")
        if "税号" not in turns[k]["text"]:
            continue
        confirmed += 1
        assert re.search("(可以|行|对)吗？", turns[k]["text"]), turns[k]["text"]   # (asked, not told)
        assert names[k + 1:k + 3] == ["affirm", "propose_solution"], names
        assert "上次" not in turns[k + 2]["text"], turns[k + 2]["text"]   # (the submission names the one confirmed)
    assert confirmed > 100


def test_a_step_left_to_watch_is_not_rated_or_thanked_as_a_fix():
    # (#13: advice only, the customer will 过两天观察一下, then 问题解决了就好 with satisfaction 5; and 把系统更新到最新
    # 版本 told to someone who said 前两天刚升级了系统)
    df = synth.generate("dialogues", 2000, seed=4099, intent="repair")
    watched = 0
    for turns, outcome, score in zip(df.turns, df.outcome, df.satisfaction):
        customer = " ".join(t["text"] for t in turns if t["role"] == "customer")
        if "升级了系统" in customer:
            assert not any("最新版本" in t["text"] for t in turns if t["role"] == "agent"), customer
        if outcome != "resolved" or "report_worked" in [t["act"] for t in turns] or \
                not re.search("观察|用两天|看两天", customer):
            continue
        watched += 1
        assert score <= 4, score
        assert not re.search("解决了就好|总算解决了", customer), customer
    assert watched > 30
