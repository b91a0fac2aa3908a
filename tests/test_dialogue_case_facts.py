"""Dates, policy and procedure worked out from the case (issue 12, reading of seed 52057): a policy fact is one
fact said the same way by every line, a window is told against the case's own dates, and the procedure is the one
this company can run for this case."""
from __future__ import annotations

import re

import numpy as np

import synth
from synth.registry import get_domain


def frame(n: int, seed: int = 3, **options):
    return synth.generate("dialogues", n, seed=seed, **options)


def rule(name: str):
    return next(r for r in get_domain("dialogues").rules if r.name == name)


def holds(name: str, df) -> np.ndarray:
    columns = {c: df[c].to_numpy() for c in df.columns}
    return np.asarray(rule(name).check(columns, {"as_of": __import__("datetime").date(2025, 1, 1)}))


def agent_lines(df):
    for turns in df.turns:
        for t in turns:
            if t["role"] == "agent":
                yield t["text"]


def test_seven_days_run_from_the_day_after_signing_in_every_line():
    """#21: 七天无理由从签收那天算 — the seven days start the day after signing, as the other lines say."""
    df = frame(1500, intent="return_refund")
    starts = [s for s in agent_lines(df) if re.search(r"签收.{0,6}(算|起满七天)", s)]
    assert len(starts) > 20
    for s in starts:
        assert "次日" in s or "第二天" in s, s
    assert holds("seven_days_from_day_after_signing", df).all()


def test_the_seven_day_rule_fails_on_a_signing_day_start():
    df = frame(60, intent="return_refund")
    turns = [list(t) for t in df.turns]
    k = next(i for i, ts in enumerate(turns) if any(t["role"] == "agent" for t in ts))
    j = next(i for i, t in enumerate(turns[k]) if t["role"] == "agent")
    turns[k][j] = dict(turns[k][j], text="很抱歉，七天无理由从签收那天算，超过了就不受理了。")
    broken = df.copy()
    broken["turns"] = turns
    assert not holds("seven_days_from_day_after_signing", broken)[k]


def test_a_pending_review_is_told_where_the_case_is_in_its_48_hours():
    """#23: 店铺48小时之内没处理的话… after 11月4日提交的 — the window is told against the application's date, and the
    money 退回 (not 退出) once the merchant agrees."""
    df = frame(800, intent="refund_status")
    told = 0
    for turns in df.turns:
        for t in turns:
            if t["role"] == "agent" and "48小时" in t["text"] and "商家" in t["text"] and "签收" not in t["text"] and "仓库" not in t["text"]:
                told += 1
                assert re.search(r"还不到48小时|还没满|还在.{0,10}时限内", t["text"]), t["text"]
            if t["role"] == "agent":
                assert "才会退出" not in t["text"] and "才能退出" not in t["text"], t["text"]
    assert told > 20
    assert holds("review_window_fits_dates", df).all()


def test_the_review_window_rule_fails_on_an_application_filed_days_ago():
    df = frame(400, intent="refund_status")
    k = next(i for i, ts in enumerate(df.turns)
             if any(t["role"] == "agent" and "还没满" in t["text"] for t in ts) and "apply_date" in df.slots[i])
    slots = list(df.slots)
    slots[k] = dict(slots[k], apply_date=(__import__("datetime").date.fromisoformat(df.date[k])
                                          - __import__("datetime").timedelta(days=4)).isoformat())
    broken = df.copy()
    broken["slots"] = slots
    assert holds("review_window_fits_dates", df)[k]
    assert not holds("review_window_fits_dates", broken)[k]


def test_interest_on_a_late_repayment_is_explained_by_its_own_dates():
    """#3: 一到两天 of clearing against a 3天宽限期, with no due date and no posting date — the refusal names the due
    date and the day the money posted, and the grace period is only what keeps it off the credit record."""
    df = frame(3000, intent="repayment_not_posted")
    told = 0
    for slots, turns in zip(df.slots, df.turns):
        for t in turns:
            if t["role"] == "agent" and "计了利息" in t["text"]:
                told += 1
                due, posted = (__import__("datetime").date.fromisoformat(slots[k]) for k in ("bill_due", "post_date"))
                assert 0 < (posted - due).days <= 3, slots
                md = lambda d: f"{d.month}月{d.day}日"
                assert md(due) in t["text"] and md(posted) in t["text"], t["text"]
                assert "过了到期还款日后的3天宽限期" not in t["text"]
    assert told > 20
    assert holds("late_repayment_told_by_its_dates", df).all()
    slots = [dict(s, post_date=s["bill_due"]) if "bill_due" in s else s for s in df.slots]
    broken = df.copy()
    broken["slots"] = slots
    assert not holds("late_repayment_told_by_its_dates", broken).all()


def test_a_parcel_at_the_local_outlet_keeps_no_hub_as_its_last_scan():
    """#28: slot last_scan 上海青浦分拨中心 while the text says 到了您那边的派送网点, and the outlet told to ring the
    number that 没接通."""
    df = frame(1500, intent="delay")
    local = 0
    for slots, turns in zip(df.slots, df.turns):
        said = "".join(t["text"] for t in turns if t["role"] == "agent")
        if re.search(r"(到了|到)您(那边|附近)", said):
            local += 1
            assert "last_scan" not in slots, said
        assert not re.search(r"(让|通知)网点.{0,4}(打您电话|电话联系您)(核对门牌号|确认地址)", said), said
    assert local > 50
    assert holds("last_scan_is_where_the_parcel_is", df).all()
    k = next(i for i, ts in enumerate(df.turns) if "last_scan" in df.slots[i])
    turns = [list(t) for t in df.turns]
    j = next(i for i, t in enumerate(turns[k]) if t["role"] == "agent")
    turns[k][j] = dict(turns[k][j], text="您的包裹已经到了您那边的派送网点。")
    broken = df.copy()
    broken["turns"] = turns
    assert not holds("last_scan_is_where_the_parcel_is", broken)[k]


PRIORITY = re.compile(r"先发|优先(中转|分拣|派送)|加急标记|优先标记|排在前面|第一时间派送")


def test_a_chase_promises_no_priority_and_says_what_it_can_do_when_asked():
    """Cause 2 (#8, #18, #22, #26): 您的件先发/优先中转, then 催了有用吗 answered with 派送路线是快递站定的."""
    asked = 0
    for intent in ("logistics", "delay"):
        df = frame(1500, intent=intent)
        for turns in df.turns:
            for k, t in enumerate(turns):
                if t["role"] != "agent":
                    continue
                assert not PRIORITY.search(t["text"]), t["text"]
                before = turns[k - 1]
                if before["role"] == "customer" and re.search(r"(有用|管用)吗", before["text"]):
                    asked += 1
                    assert re.search(r"催办|催", t["text"]) and re.search(r"打包票|保证", t["text"]), t["text"]
    assert asked > 20
