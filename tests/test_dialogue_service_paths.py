"""Issue 12: telecom, banking and delivery dialogues run several real procedures, drawn in the plan: where a
top-up went (procedures.RECHARGE), why a credit-limit raise is refused (procedures.REFUSALS), which weather can
stop a hub in which month (parcels.weathers), and how a lost parcel's or an address change's refusal goes."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import lru_cache

import numpy as np

import synth
from synth.domains.dialogues import parcels
from synth.domains.dialogues.catalogue import INTENTS
from synth.domains.dialogues.model import PLAN_DRAWS, batch_values, make_plan
from synth.randomness import BlockRandom


@lru_cache(maxsize=None)
def frame(intent: str, n: int = 1500):
    return synth.generate("dialogues", n, seed=1618, intent=intent)


def path_of(turns) -> str:
    return next((t[5:] for turn in turns for t in turn["told"] if t.startswith("path:")), "")


def plans(intent: str, n: int, as_of: dt.date, seed: int = 5):
    rng = BlockRandom((seed, 7), 0, max(1, -(-n // 1024)))
    values = batch_values(rng)
    u = np.random.default_rng(seed).random((n, PLAN_DRAWS)).tolist()
    return [make_plan(INTENTS[intent], u[k], {name: column[k] for name, column in values.items()}, as_of)
            for k in range(n)]


def test_a_missing_top_up_runs_its_own_procedure():
    df = frame("recharge_missing")
    paths = Counter(path_of(turns) for turns in df.turns)
    assert len(paths) >= 6 and max(paths.values()) < 0.35 * len(df), paths
    # (a channel's order is told to be still with the channel; its status 充值中 only where the customer said it:
    # test_dialogue_wording_issue12)
    words = {"channel": "那边", "arrears": "欠费", "shared": "副卡", "wrong_number": "空号|不存在|没有开通",
             "wrong_live": "在用|在使用|有人在用", "failed": "失败|没有成功", "lost": "没有?查到|查不到|看不到|没有.{0,8}(到账|入账)记录"}
    for turns, slots in zip(df.turns, df.slots):
        path = path_of(turns)
        inform = next(t["text"] for t in turns if t["act"] == "inform")
        if path in ("wrong_number", "wrong_live"):
            # (the number typed into a third party's order is the customer's to read off the payment record: the
            # finding is told in the agent's turn after the customer gave it, reading 15 #13)
            given = next(k for k, t in enumerate(turns) if t["role"] == "customer" and slots["order_phone"] in t["text"])
            inform = next(t["text"] for t in turns[given:] if t["role"] == "agent")
        if path in words:
            assert re.search(words[path], inform), (path, inform)
        agent = "".join(t["text"] for t in turns if t["role"] == "agent")
        # a mistyped number is the order's, differs from the customer's in the last digits, and is refunded by
        # the payment channel (the carrier never had the money)
        if path in ("wrong_number", "wrong_live"):
            assert slots["order_phone"] != slots["phone"] and slots["order_phone"][:-4] == slots["phone"][:-4]
            assert slots["order_phone"] in inform
        if path == "arrears":
            assert re.search(r"余额(是|)\d+\.\d元|\d+\.\d元(就是|是)", agent), agent


def test_credit_limit_refusals_have_several_reasons_none_dominant():
    df = frame("credit_limit", 3000)
    marks = {"new_card": "(开卡|用了)(才|刚|还不到半年)", "recent": "个月前(刚|才)?(调|提)过|上一?次(调额|提额)",
             "low_usage": "用得(不多|少)|刷得比较少|消费不多", "overdue": "逾期|晚还", "stale_income": "收入",
             "enquiries": "征信"}
    found = Counter()
    for turns, outcome in zip(df.turns, df.outcome):
        if outcome != "unsatisfied":
            continue
        refusal = next(t["text"] for t in turns if t["act"] == "decline")
        hits = [k for k, w in marks.items() if re.search(w, refusal)]
        assert len(hits) == 1, refusal
        found[hits[0]] += 1
    total = sum(found.values())
    assert len(found) == 6 and max(found.values()) < 0.3 * total, found


def test_the_weather_follows_the_hub_and_the_season():
    for month in range(1, 13):
        for hub in parcels.HUBS:
            names = {w for w, _ in parcels.weathers(month, hub)}
            if "大雾" in names:
                assert month in (11, 12, 1, 2) and hub not in ("广州白云分拨中心",)
            if "台风" in names:
                assert 7 <= month <= 10 and hub in ("杭州转运中心", "广州白云分拨中心", "上海青浦分拨中心")
            if "降雪" in names:
                assert month in (12, 1, 2) and hub in ("郑州分拨中心", "武汉转运中心")
    # over a year (as_of in each season), fog is under a tenth of delay dialogues; in a winter window too
    weathers = Counter()
    for as_of in (dt.date(2025, 3, 1), dt.date(2025, 6, 1), dt.date(2025, 9, 1), dt.date(2025, 12, 31)):
        for plan in plans("delay", 600, as_of):
            weathers[plan.env.get("weather", "-")] += 1
            if plan.env.get("weather") == "大雾":
                assert plan.date.month in (11, 12, 1, 2)
    assert weathers["大雾"] < 0.1 * sum(weathers.values()) and weathers["台风"] > 0, weathers


def test_lost_parcel_and_address_refusals_have_several_scripts():
    lost = frame("lost_parcel")
    scripts = Counter()
    for turns, outcome, text in zip(lost.turns, lost.outcome, lost.text):
        if outcome != "unsatisfied":
            continue
        refusal = next(t["text"] for t in turns if t["act"] == "decline")
        if "签收" in refusal:
            scripts["signed"] += 1
        elif "寄件人" in refusal:
            scripts["recipient"] += 1
        else:   # unvalued: three times the freight, with the figures
            freight, cap = re.search(r"运费(\d+)元", refusal), re.search(r"(\d+)元。?$", refusal)
            assert freight and cap and int(cap.group(1)) == 3 * int(freight.group(1)), refusal
            scripts["unvalued"] += 1
    assert len(scripts) == 3 and max(scripts.values()) < 0.6 * sum(scripts.values()), scripts
    moved = frame("change_address")
    refusals = Counter()
    for turns, outcome in zip(moved.turns, moved.outcome):
        if outcome == "unsatisfied":
            refusal = next(t["text"] for t in turns if t["act"] == "decline")
            refusals["signed" if "签收" in refusal else "sender" if re.search("商家|卖家|寄件人", refusal)
                     else "out"] += 1
    assert len(refusals) == 3 and max(refusals.values()) < 0.5 * sum(refusals.values()), refusals
