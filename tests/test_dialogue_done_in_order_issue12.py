"""Issue 12, reading 16 (e-commerce after-sales): what was done is told in the order it is done. A return is
submitted only after its cost is told and agreed, and refund_issued means the refund was issued in the chat; an
order held for its address has no ship date; a refusal does not rest on a reason nobody gave; 能不能帮我催一下 is
answered with the chase. Each test reads generated dialogues and fails on the behaviour the reader found (#3, #5,
#11, #24, #29); the rules are checked on lines taken from that reading."""

from __future__ import annotations

import re
from functools import lru_cache

import synth
from synth.domains.dialogues import ecommerce_coherence as ec
from synth.domains.dialogues.fields import DOMAIN


@lru_cache(maxsize=None)
def frame(intent: str, n: int = 1200):
    return synth.generate("dialogues", n, seed=6061, intent=intent)


def acts(turns) -> list:
    return [t["act"] for t in turns]


def test_a_return_is_submitted_after_its_cost_is_told_and_agreed():
    df = frame("return_refund")
    checked = 0
    for turns, outcome in zip(df.turns, df.outcome):
        names = acts(turns)
        if outcome != "refund_issued" or "propose_refund" not in names:
            continue
        booking = turns[names.index("propose_refund")]["text"]
        if not re.search("寄回|取件|驿站", booking) or "仅退款" in booking or re.search("不用寄回|不用您寄", booking):
            continue
        checked += 1
        k = names.index("propose_refund")
        assert names[k - 2:k] == ["offer_terms", "agree"], names
        offer = turns[k - 2]["text"]
        assert re.search("运费|邮费|快递费", offer + turns[k - 3]["text"]), offer   # (or the answer before it)
        assert re.search("吗？|可以吗", offer), offer   # an offer, not a deed
        assert not ec.RETURN_BOOKED.search(offer), offer
        # the refund issued in this chat: by 极速退款, not after the warehouse has the goods
        assert "极速退款" in booking and not ec.AFTER_GOODS.search(booking), booking
    assert checked > 200


def test_a_pickup_is_booked_only_on_consent_and_freight_insurance_told_once():
    df = frame("return_refund")
    for turns in df.turns:
        text = "".join(t["text"] for t in turns if t["role"] == "agent")
        assert ec.return_booked_on_consent("return_refund", turns), text
        # one account of 运费险: never 自动理赔 together with a claim the customer files (…以后申请)
        assert not re.search("自动理赔[^。]{0,20}(以后|后)申请", text), text
        assert text.count("运费险") <= 3, text


def test_a_device_returned_without_reason_is_not_said_tried_and_its_activation_is_read():
    df = frame("return_refund")
    read = 0
    for turns, plan in zip(df.turns, df.slots):
        opening = next(t["text"] for t in turns if t["act"] == "describe_problem")
        names = acts(turns)
        if "offer_terms" not in names or not re.search("手机|笔记本|手表|Watch|Note|Pro 15|Air 13|Slim 16", opening):
            continue
        offer = turns[names.index("offer_terms")]["text"]
        if "七天无理由" in offer and "质量问题" not in offer and re.search("激活", offer):
            read += 1
            assert "试了一下" not in opening, opening
    assert read > 10


def test_a_late_return_is_refused_without_presuming_its_reason():
    df = frame("return_refund")
    for turns in df.turns:
        assert ec.return_reason_not_presumed(turns), [t["text"] for t in turns]
    # the line the reader found (#24): the reason stated although the customer only said 包装都没怎么拆
    old = [{"role": "customer", "act": "describe_problem", "text": "申请一下退款，11月17日买的四件套，包装都没怎么拆。"},
           {"role": "agent", "act": "decline", "text": "很抱歉，这单是11月19日签收的，到今天31天，超过了七天无理由的期限；"
                                                     "这次属于不想要了，不是质量问题，系统不支持退货申请了。"}]
    assert not ec.return_reason_not_presumed(old)
    assert ec.return_reason_not_presumed([old[0], dict(old[1], text="很抱歉，超过了七天无理由的期限，不是质量问题的话，"
                                                                   "系统不支持退货申请了。")])


def test_an_order_held_for_its_address_has_no_ship_date():
    df = frame("urge_shipping", 2000)
    held = 0
    for turns, slots in zip(df.turns, df.slots):
        agent = "".join(t["text"] for t in turns if t["role"] == "agent")
        if ec.ADDRESS_HOLD.search(agent):
            held += 1
            assert "ship_date" not in slots and not ec.SHIP_DATE.search(agent), agent
            assert not any("一定能发" in t["text"] for t in turns)
    assert held > 50
    old = [{"role": "agent", "act": "inform", "text": "看到了，您12月4日下单的沐光 Watch Fit 2还在待发货，预计12月13日发货。"},
           {"role": "agent", "act": "propose_solution", "text": "您填的地址没写门牌号，仓库打不了面单，先暂停了没发。"}]
    assert not ec.held_order_has_no_date("urge_shipping", old)


def test_a_refund_chase_is_answered_with_the_chase():
    df = frame("refund_status", 2000)
    asked = 0
    for turns in df.turns:
        for k, turn in enumerate(turns[:-1]):
            if turn["act"] == "ask_followup" and "催一下" in turn["text"]:
                asked += 1
                reply = turns[k + 1]["text"]
                assert re.search("催|提醒|加快", reply), reply
                # that the platform cannot skip the shop answers the push-back, not the chase
                assert "跳过商家" not in reply, reply
    assert asked > 50
    old = [{"role": "customer", "act": "ask_followup", "text": "能不能帮我催一下？"},
           {"role": "agent", "act": "decline", "text": "抱歉，退款得商家先审核，平台没法跳过商家直接退；商家审核最多给48小时。"}]
    assert not ec.chase_is_answered("refund_status", old)


def test_the_new_rules_are_declared_and_hold():
    names = {r.name for r in DOMAIN.rules}
    new = {"return_booked_on_consent", "return_refund_is_issued", "held_order_has_no_date",
           "return_reason_not_presumed", "chase_is_answered"}
    assert new <= names
    df = synth.generate("dialogues", 3000, seed=77, intent="ecommerce")
    regenerated = df.attrs["report"]["regenerated"]
    assert not new & set(regenerated), regenerated


def test_an_out_of_stock_exchange_keeps_the_alternative_it_offered():
    df = frame("exchange", 2000)
    offered = 0
    for turns in df.turns:
        refusals = [t["text"] for t in turns if t["act"] == "decline"]
        if len(refusals) != 2:
            continue
        first, second = refusals
        if re.search("或者换|也可以换|也能换", first):
            offered += 1
            # the second refusal does not take back what the first offered (只能先给您办退货), nor offer it again
            # right after the customer turned it down (issue 12, reading 17 #17: it adds only 到货提醒)
            assert not re.search("只能|换(别的|其他|升级)", second) and "到货提醒" in second, (first, second)
        else:
            # nobody offered another variant: the customer does not refuse one (换别的我都不想)
            assert not any("换别的" in t["text"] for t in turns if t["role"] == "customer"), first
    assert offered > 20
