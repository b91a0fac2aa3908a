"""E-commerce clauses that fit what the customer said and what was already told (ecommerce_coherence.py): each
check fails on a planted contradiction, and none fails on 3,000 generated dialogues. Also the facts they rest on:
a fault's remedy seen on photos first, re-pairing before a reset, refund_status's procedures."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import synth
from synth.domains.dialogues.shapes import opening
from synth.domains.dialogues.ecommerce_coherence import (CHECKS, evidence_before_remedy, no_price_before_item,
                                                         one_send_back_instruction, photos_asked_once,
                                                         reset_after_repairing)


def turn(role: str, text: str, act: str = "", told: tuple = ()) -> dict:
    return {"role": role, "text": text, "act": act or ("inform" if role == "agent" else "provide_info"),
            "told": told}


@lru_cache(maxsize=None)
def frame(n: int = 3000, seed: int = 4242, intent: str = "ecommerce"):
    return synth.generate("dialogues", n, seed=seed, intent=intent)


def test_a_remedy_before_its_photos_is_caught():
    asked = turn("agent", "麻烦拍几张问题部位的照片发过来。", told=("status", "step:evidence"))
    remedy = turn("agent", "已经为您登记了换货。", "propose_replacement", ("solution", "step:remedy"))
    sent = turn("customer", "照片发你了", "send_evidence")
    assert evidence_before_remedy([asked, sent, remedy])
    assert not evidence_before_remedy([asked, remedy])                 # agreed before the photos came
    assert not evidence_before_remedy([remedy, asked, sent])           # agreed, then asked
    assert evidence_before_remedy([turn("agent", "您发的照片我看过了，给您换。", "propose_replacement",
                                        ("solution", "step:evidence", "step:remedy"))])


def test_photos_asked_again_after_they_were_sent_are_caught():
    opening = turn("customer", "收到的耳机外壳上有划痕，照片发你了", "describe_problem")
    ask = turn("agent", "麻烦您拍一下问题部位的照片发过来。")
    assert not photos_asked_once([opening, ask])
    assert not photos_asked_once([ask, turn("customer", "好"), ask])
    assert photos_asked_once([turn("customer", "耳机有划痕", "describe_problem"), ask])


def test_a_reset_before_re_pairing_is_caught():
    reset = turn("agent", "长按充电仓按键10秒恢复出厂设置。", "troubleshoot")
    repair = turn("agent", "在手机蓝牙里删掉耳机，重新配对一次。", "troubleshoot")
    assert not reset_after_repairing([reset])
    assert reset_after_repairing([repair, turn("customer", "还是不行", "report_failed"), reset])


def test_a_price_before_the_item_is_caught():
    slots = {"model": "鲸声 Buds 3", "amount": "299"}
    assert not no_price_before_item(slots, [turn("customer", "我的退款怎么还没到"), turn("agent", "这笔299元的退款已退回。")])
    assert no_price_before_item(slots, [turn("customer", "我的退款怎么还没到"),
                                        turn("agent", "鲸声 Buds 3这笔299元的退款已退回。")])


def test_a_send_back_instruction_twice_in_a_turn_is_caught():
    assert not one_send_back_instruction([turn("agent", "得您自己寄回。您把耳机寄回退货地址，寄出后填运单号。")])
    assert one_send_back_instruction([turn("agent", "您把耳机寄回退货地址，寄出后在订单里填运单号。")])


def test_no_contradiction_in_3000_generated_dialogues():
    df = frame()
    broken = Counter(name for slots, turns in zip(df.slots, df.turns)
                     for name, check in CHECKS.items() if not check(slots, turns))
    assert not broken, broken
    # The checks had something to check: photos were asked for and sent, resets and refunds were told.
    text = "".join(df.text)
    assert text.count("照片") > 100 and "重新配对" in "".join(frame(1500, 7, "repair").text)


def test_a_fault_remedy_is_agreed_only_on_its_photos():
    """Exchanges for a fault, refunds for a fault and compensation for a broken parcel rest on photos: sent with
    the opening (the agent refers to them) or asked for after the look-up and sent before any remedy."""
    df = frame()
    kinds = Counter()
    for turns in df.turns:
        told = [t for turn in turns for t in turn["told"]]
        if "step:remedy" not in told:
            continue
        remedy = next(turn for turn in turns if "step:remedy" in turn["told"])
        if any(turn["act"] == "send_evidence" for turn in turns):
            kinds["upload"] += 1
            ask = next(turn for turn in turns if "step:evidence" in turn["told"])
            # (photos, or a video of a fault that shows in use, or the label of a smelling one: complaints.proof_of)
            assert re.search("照片|视频", ask["text"]), ask["text"]
        else:
            kinds["sent"] += 1
            assert re.search("照片|图|视频", opening(turns)["text"]) and \
                re.search("照片|图片|视频|铭牌", remedy["text"]), opening(turns)
    assert kinds["upload"] > 50 and kinds["sent"] > 30, kinds


def test_earbuds_are_re_paired_before_they_are_reset():
    df = frame(1500, 7, "repair")
    for turns in df.turns:
        steps = [t["text"] for t in turns if t["act"] == "troubleshoot"]
        if steps and "恢复出厂" in steps[0]:
            raise AssertionError(steps)


def test_refund_status_runs_its_procedures_with_their_own_facts():
    df = frame(2000, 17, "refund_status")
    seen = Counter()
    for slots, turns, outcome in zip(df.slots, df.turns, df.outcome):
        path = next(t.split(":", 1)[1] for turn in turns for t in turn["told"] if t.startswith("procedure:"))
        seen[path] += 1
        agent = "".join(t["text"] for t in turns if t["role"] == "agent")
        if path == "bank_transit":
            assert "refund_date" in slots and re.search("1到3个|3到7个", agent) and re.search("原路|原支付|付款", agent), agent
        elif path == "instant":
            assert "refund_date" in slots and re.search("余额|先用后付", agent) and outcome == "resolved", agent
        elif path == "merchant_review":
            assert "apply_date" in slots and re.search("商家", agent) and re.search("48小时|两天|驳回|拒绝", agent), agent
        else:
            assert "apply_date" in slots and re.search("签收|运单号|物流", agent) and re.search("48小时|两天", agent), agent
    assert len(seen) == 4 and max(seen.values()) < 0.5 * len(df), seen
