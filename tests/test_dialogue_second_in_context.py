"""Issue 12, the reading of seed 40917: a second question is answered in the context of the first (#6, #9, #20,
#23): the goods' kind decides warranty and return terms, one channel name per dialogue, no question the
dialogue already answered, and a data-pack question answered about data packs first."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import synth
from synth.domains.dialogues import second_context


@lru_cache(maxsize=None)
def frame(intent: str, n: int = 1200, seed: int = 40917):
    return synth.generate("dialogues", n, seed=seed, as_of=dt.date(2025, 1, 1), intent=intent)


def last_exchange(turns):
    ask = next(i for i, t in enumerate(turns) if t["act"] == "ask_other")
    return turns[ask]["text"], turns[ask + 1]["text"]


def test_no_warranty_question_for_clothes_or_shoes_swapped():
    """#23: 三包…一年保修 for sneakers: 三包 covers listed electronics and appliances, not shoes or clothes."""
    df = frame("exchange", 2000)
    sized = df["product"].isin(["运动鞋", "羽绒服", "牛仔裤"])
    assert (df.second_intent == "repair").sum() > 10
    assert not ((df.second_intent == "repair") & sized).any()
    assert not df[sized].text.str.contains("三包|保修").any()
    assert not second_context.still_fits("repaired_warranty", "exchange", "replacement_sent", "shoes", {}, False)


def test_return_terms_fit_the_goods_and_are_not_asked_after_a_cancelled_order():
    """#20: a 七天无理由 question after the order was cancelled, answered with 吊牌保留好 for a kettle."""
    df = frame("urge_shipping", 2000)
    asked = df[df.second_intent == "return_refund"]
    assert len(asked) > 10
    assert not (asked.outcome == "refund_issued").any()
    tags = asked[asked.text.str.contains("吊牌")]
    assert len(tags) and tags["product"].isin(["运动鞋", "羽绒服", "牛仔裤"]).all()


def test_an_address_question_is_not_asked_after_the_agent_told_where_to_fix_it():
    """#6: the agent says to complete the door number in the 公众号, then the customer asks where to change the
    address and is told the 小程序."""
    df = frame("delay", 2000)
    told = df.text.str.contains("补全门牌号|把门牌号补上")
    assert told.sum() > 10 and (df.second_intent == "change_address").sum() > 10
    assert not (told & (df.second_intent == "change_address")).any()
    assert not df.text.str.contains("公众号|官方App").any()   # (one channel: the courier's 小程序)


def test_a_data_pack_question_is_answered_about_data_packs_first():
    """#9: 流量包在哪加？ answered with 套餐变更 first."""
    df = frame("bill", 2000)
    pairs = [last_exchange(turns) for turns, second in zip(df.turns, df.second_intent) if second == "data_plan"]
    pack = [(q, a) for q, a in pairs if "流量包" in q]
    plan = [(q, a) for q, a in pairs if "套餐" in q]
    assert len(pack) > 5 and len(plan) > 5
    for q, a in pack:
        assert a.find("流量") < a.find("套餐") or "套餐" not in a, (q, a)
    for q, a in plan:
        assert "套餐" in a.split("；")[0] or "升档" in a.split("；")[0], (q, a)


def test_after_an_address_change_the_receiver_asks_about_parcels_on_their_way():
    """#16: a recipient who just changed the address asks 最近发件是不是都会慢？ (about sending)."""
    df = frame("change_address", 2000)
    pairs = [last_exchange(turns) for turns, second in zip(df.turns, df.second_intent) if second == "delay"]
    assert len(pairs) > 10
    for q, a in pairs:
        assert not any(w in q + a for w in ("发件", "寄快递", "寄件", "还要寄")), (q, a)
