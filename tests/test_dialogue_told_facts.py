"""Issue 12, the fourteenth reading (seed 16180): the agent follows what the customer said, remembers what it said
itself and knows the product. A complaint is answered only once it was made (a bill only asked for is told, not
defended); the roaming of Hong Kong is 港澳台漫游."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import synth
from synth.domains.dialogues.complaints import DEFENDS, complaint_is_voiced

ONLY_ASKS = re.compile(r"帮我查一下.{1,3}的账单|查下话费|话费都?扣了")
COMPLAINS = re.compile(r"怎么这么多|好多钱|高那么多")


@lru_cache(maxsize=None)
def frame(intent: str, n: int = 1500, seed: int = 1618):
    return synth.generate("dialogues", n, seed=seed, intent=intent, as_of=dt.date(2025, 1, 1))


def test_a_bill_only_asked_for_is_told_not_defended():
    df = frame("bill")
    asked = defended = 0
    for turns in df.turns:
        opening = turns[0]["text"]
        if not ONLY_ASKS.search(opening) or COMPLAINS.search(opening):
            continue
        asked += 1
        for turn in turns:
            if turn["role"] == "customer" and turn["act"] in ("ask_followup", "push_back"):
                break
            if turn["role"] == "agent" and DEFENDS.search(turn["text"]):
                defended += 1   # (old grammar: 多出来的86元, 提醒短信发过, 超出的这部分按资费要收)
                break
    assert asked > 200
    assert defended == 0
    # and the rule reads the same from the turns
    assert all(complaint_is_voiced(i, t) for i, t in zip(df.intent, df.turns))


def test_the_rule_fails_on_a_defence_nobody_asked_for():
    turns = [{"role": "customer", "act": "describe_problem", "text": "查下话费，11月的", "told": []},
             {"role": "agent", "act": "inform", "text": "您当月用量提醒短信发过，记录里有。", "told": []}]
    assert not complaint_is_voiced("bill", turns)
    turns[0]["told"] = ["voiced:complaint"]
    assert complaint_is_voiced("bill", turns)


def test_hong_kong_is_gang_ao_tai_roaming():
    hk = named = 0
    for text in frame("bill").text:
        if "香港" in text and "漫游" in text:
            hk += 1
            assert "国际漫游" not in text and "边境" not in text   # (old grammar: 国际漫游, 靠近边境附近)
            named += "港澳台漫游" in text
    assert hk > 20 and named > 10


def test_will_it_be_late_is_answered_for_this_parcel():
    answers = 0
    for turns, slots in zip(frame("change_address").turns, frame("change_address").slots):
        for a, b in zip(turns, turns[1:]):
            if a["act"] == "ask_followup" and a.get("question") == "how_long" and b["role"] == "agent":
                answers += 1
                text = b["text"]
                # one case, this parcel's (old grammar: 同一个城市…时效不变，跨城会晚一天左右 for every parcel)
                assert not ("同城" in text and "跨城" in text) and not ("市内" in text and "异地" in text)
                city = re.match(r"^(?:[^省]{2,3}省|.{2,5}自治区)?(.{2,12}?(?:自治州|地区|盟|市))", slots["address"])
                assert city and city.group(1) in text
    assert answers > 50


CLOTHING_TERMS = re.compile(r"吊牌|没穿过|没洗没穿")


def test_return_terms_come_from_the_goods_category():
    df = frame("product_inquiry", 3000)
    devices = 0
    for turns, product in zip(df.turns, df["product"]):
        if product in ("羽绒服", "牛仔裤", "运动鞋"):
            continue
        for turn in turns:
            if turn["role"] == "agent" and "无理由" in turn["text"] and turn["act"] != "answer_other":
                devices += 1
                assert not CLOTHING_TERMS.search(turn["text"]), turn["text"]   # (old: 笔记本 吊牌完整就可以)
    assert devices > 100


def test_only_a_home_line_is_sorted_out_at_home():
    tried = 0
    for turns in frame("repair").turns:
        for t in turns:
            if t["act"] == "troubleshoot":
                tried += 1
                assert not re.search("在家(处理|排查)", t["text"])   # (old: 耳机 能先在家处理一下试试)
    assert tried > 200


def test_a_late_return_counts_from_the_day_it_was_signed_for():
    df = frame("return_refund", 3000)
    late = 0
    for turns, slots, date in zip(df.turns, df.slots, df.date):
        counted = [t["text"] for t in turns if t["act"] == "decline" and "到" in t["text"] and "天" in t["text"]]
        if not counted or "received_date" not in slots:
            continue
        late += 1
        received = dt.date.fromisoformat(slots["received_date"])
        held = (dt.date.fromisoformat(str(date)[:10]) - received).days
        text = counted[0]
        assert f"{received.month}月{received.day}日签收" in text and f"{held}天" in text   # (old: 下的单，到今天31天)
    assert late > 30


def test_where_to_keep_a_number_names_the_place():
    # (4000: at 3000 the question came up 4 times once reading 18's changes moved the draws; the check is per case)
    df = synth.generate("dialogues", 4000, seed=1618, as_of=dt.date(2025, 1, 1))
    said = 0
    for turns in df.turns:
        for a, b in zip(turns, turns[1:]):
            if a["act"] == "ask_other" and "停机保号" in a["text"] and "在哪" in a["text"]:
                said += 1
                assert "App" in b["text"] or "营业厅" in b["text"]   # (old: 保号停机线上就能办)
    assert said > 5


def test_goods_needed_now_get_the_fastest_way_and_the_parcel_stays_one_case():
    df = frame("lost_parcel", 3000)
    urgent = 0
    for turns in df.turns:
        agent = " ".join(t["text"] for t in turns if t["role"] == "agent")
        if "异常" in agent:   # (old: 先按异常登记, then 按疑似遗失立案)
            assert "疑似遗失" not in agent and "遗失立案" not in agent
        for a, b in zip(turns, turns[1:]):
            if a["act"] == "ask_followup" and "急着用" in a["text"]:
                urgent += 1
                # (old: the compensation rule only) the way to have the goods now comes first
                assert re.match(r"急用的话，[^；]*(寄一份|补发|重新发)", b["text"]), b["text"]
    assert urgent > 20


def test_an_escalated_search_is_told_once():
    told = 0
    for turns, outcome in zip(frame("lost_parcel", 3000).turns, frame("lost_parcel", 3000).outcome):
        if outcome != "escalated":
            continue
        searched = [t for t in turns if t["role"] == "agent" and re.search("(让|通知).{2,12}(那边)?(人工)?(查找|找一下)", t["text"])]
        told += bool(searched)
        assert len(searched) <= 1, [t["text"] for t in searched]   # (old: 已经通知…人工找一下了, then 我已经通知…查找)
    assert told > 100
