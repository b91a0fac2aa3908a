"""Issue 12, reading of session 18 (seed 52817): a refusal or failure in e-commerce after-sales carries the next
step its kind has, and the warranty promises no more than it covers.

#28: 给您预约了附近的品牌服务网点 (no place, no time) and 检测维修不收钱 for a fault the warranty may not cover;
#3: 需要寄回检测 with no way to send it; #11: an out-of-stock exchange offered only a refund or 到货提醒. Each
check below fails on main fe65959's output."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import synth


@lru_cache(maxsize=None)
def frame(intent: str, n: int = 2000, seed: int = 8131):
    return synth.generate("dialogues", n, seed=seed, as_of=dt.date(2025, 1, 1), intent=intent)


def agent_turns(turns, act=None):
    return [t["text"] for t in turns if t["role"] == "agent" and (act is None or t["act"] == act)]


def test_a_service_point_booking_names_the_place_its_address_and_hours():
    df = frame("repair")
    booked = 0
    for turns in df.turns:
        said = "".join(agent_turns(turns, "escalate"))
        if "服务" in said and re.search("约了|预约了", said) and "寄修" not in said and "上门" not in said:
            booked += 1
            assert re.search(r"授权服务中心\S{2,3}店", said), said
            assert re.search(r"路\d+号", said) and re.search(r"\d点(半|)到(晚上|)\d点", said), said
    assert booked > 20


def test_a_store_visit_closes_without_a_call_nobody_promised():
    df = frame("repair")
    closes = [turns[-1]["text"] for turns in df.turns if any("授权服务中心" in t for t in agent_turns(turns))]
    assert closes and not any(re.search("专员|没人(联系|打给)您", c) for c in closes), closes[:3]


def test_a_refused_swap_says_how_the_goods_are_inspected():
    df = frame("repair")
    refused = 0
    for turns in df.turns:
        first = agent_turns(turns, "decline")
        if first and "检测" in first[0] and re.search("新的|换新", "".join(t["text"] for t in turns if t["role"] == "customer")):
            refused += 1
            assert re.search("上门(取|揽)|寄修单|上门检测|取件", first[0]), first[0]
    assert refused > 20


def test_the_warranty_promises_a_free_repair_only_for_a_quality_fault():
    texts = list(frame("repair").text)
    assert not any(re.search("检测维修(都|)(不收费|免费|不收钱)|检测和维修(都|)(不收费|免费)", t) for t in texts)
    assert sum("质量问题" in t for t in texts) > 200


def test_an_out_of_stock_exchange_is_offered_a_hold_until_the_restock():
    df = frame("exchange")
    held = 0
    for turns in df.turns:
        refusals = agent_turns(turns, "decline")
        if len(refusals) == 2:
            held += 1
            assert re.search("挂着|保留这次换货|给您留着", refusals[1]), refusals[1]
            # the stock-out was told in the look-up: neither refusal says it again
            assert not any(re.search("断货|没货|没有库存|没库存", r) for r in refusals), refusals
    assert held > 20


def test_a_courier_complaint_moves_the_parcel_too():
    """#26: 点了投递失败, and the agent files only an attitude complaint: the parcel is redelivered (or, left at a
    station, its pickup code sent again)."""
    df = frame("complaint")
    undelivered = 0
    for turns in df.turns:
        opening = "".join(t["text"] for t in turns if t["role"] == "customer")
        said = "".join(agent_turns(turns))
        if re.search("投递失败|不下来就不送了", opening):
            undelivered += 1
            assert re.search("重新(派送|送)|再送一次", said), said
        elif "放驿站" in opening:
            assert "取件码" in said, said
    assert undelivered > 10


def test_the_evidence_asked_for_fits_the_flaw():
    """#18: 拍一下问题的地方的照片 of 开机一股塑料焦味, then 照片我仔细核对了. A smell is described and the label
    photographed; a fault that shows in use (屏幕就闪, 充不进电) is filmed."""
    df = frame("complaint", 3000)
    smelt = filmed = 0
    for turns in df.turns:
        opening = turns[0]["text"] + (turns[2]["text"] if len(turns) > 2 else "")
        said = "".join(agent_turns(turns))
        if "焦味" in opening:
            smelt += 1
            assert not re.search("问题(部位|的地方)的照片|(?<!铭牌的)照片我(仔细|)(看|核对)", said), said
        elif re.search("屏幕就闪|充不进电|自动重启", opening) and re.search("拍|照片|视频", said):
            filmed += 1
            assert "视频" in said and "问题(部位|的地方)的照片" not in said, said
    assert smelt > 5 and filmed > 20
