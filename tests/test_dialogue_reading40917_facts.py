"""Issue 12, the reading of seed 40917: facts an agent states (a spending cap stops the line, not the billing; a
look-up that shows a late fee says so before the customer disputes it; no 这个这阵子 stutter)."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import synth


@lru_cache(maxsize=None)
def frame(intent: str, n: int = 800, seed: int = 40917):
    return synth.generate("dialogues", n, seed=seed, as_of=dt.date(2025, 1, 1), intent=intent)


def test_a_spending_cap_stops_the_line_not_the_billing():
    """#9: 设置消费上限，超了就暂停计费: a cap stops data or the line (停机/限速); billing is never paused."""
    texts = frame("bill").text
    assert texts.str.contains("消费上限|流量封顶").sum() > 5
    assert not texts.str.contains("暂停计费|停止计费").any()


def test_a_late_fee_is_told_by_the_look_up_before_the_customer_disputes_it():
    """#21: 你们已经给我收了违约金, a fee the agent with the account open never mentioned."""
    df = frame("repayment_not_posted", 1500)
    checked = 0
    for turns in df.turns:
        fee_turns = [i for i, t in enumerate(turns) if "违约金" in t["text"]]
        customer = [i for i in fee_turns if turns[i]["role"] == "customer"]
        told = [i for i in fee_turns if turns[i]["role"] == "agent"]
        paid_late = any(t["role"] == "customer" and re.search("晚了几天|过了还款日|晚还|滞纳金", t["text"]) for t in turns)
        if customer and not paid_late:
            checked += 1   # (a customer who paid late knows of the fee without being told)
            assert told and told[0] < customer[0], [t["text"] for t in turns]
    assert checked > 10


def test_no_stutter_in_a_stock_reason():
    """#20: 这个这阵子销量大."""
    texts = frame("urge_shipping", 1500).text
    assert not texts.str.contains("这个这阵子|这款这阵子").any()
