"""Issue 12, cause 1: the customer's next line reads the agent's last turn (heed.py, rules.py
customer_heeds_the_agent). The situations the team lead found are counted in generated text (each count is above
zero on the generator before heed.py), and a reaction planted against what the agent did fails the rule."""

from __future__ import annotations

import copy
import datetime as dt
import re
from functools import lru_cache

import numpy as np

import synth
from synth.domains.dialogues.heed import FITS
from synth.registry import get_domain

OPTIONS = {"as_of": dt.date(2025, 1, 1)}
WHERE_TO_SEE = re.compile(r"(开好了|开出来以后|开好以后)(在哪里看|去哪儿看|在哪能看到|在哪下载)")
TODAY = "能不能今天就办好"
HURRY = re.compile(r"这也太慢了吧|就不能快一点吗|还要等这么久啊|能不能今天就办好")
GO_DO = re.compile(r"我去看看|回头我试试|我自己弄一下|我这就去弄|待会儿我去看|我去App里看看")
# Proposals that are finished now (提额已生效, 锁卡, 退款已在余额里) or name no wait (a swap arranged).
DONE_NOW = re.compile(r"已经可以用了|现在生效|临时额度已经?生效|锁卡")


@lru_cache(maxsize=None)
def frame(intent: str, n: int = 1500):
    return synth.generate("dialogues", n, seed=4242, intent=intent)


def rule():
    return next(r for r in get_domain("dialogues").rules if r.name == "customer_heeds_the_agent")


def holds(df) -> np.ndarray:
    return np.asarray(rule().check({c: df[c].to_numpy() for c in df.columns}, OPTIONS))


def pairs(df):
    """(intent, outcome, agent turn, the customer turn right after it) over a frame."""
    for intent, outcome, turns in zip(df.intent, df.outcome, df.turns):
        for a, b in zip(turns, turns[1:]):
            if a["role"] == "agent" and b["role"] == "customer":
                yield intent, outcome, a, b


def test_no_where_to_see_the_invoice_after_a_lookup_that_found_a_refusal():
    df = frame("invoice")
    refused = [b for _, outcome, a, b in pairs(df) if outcome == "unsatisfied" and a["act"] == "inform"]
    # (the situation occurs: a third-party seller found by the look-up, and the customer speaks after it)
    assert len(refused) > 35
    assert sum(1 for b in refused if WHERE_TO_SEE.search(b["text"])) == 0   # (old generator: about half)
    # ... while it is still asked where the invoice will be issued
    assert any(WHERE_TO_SEE.search(b["text"]) for _, outcome, _, b in pairs(df) if outcome == "resolved")


def test_no_hurry_after_a_solution_finished_now():
    df = frame("bank", 3000)
    after_done = [(a, b) for _, outcome, a, b in pairs(df)
                  if a["act"] == "propose_solution" and outcome == "resolved" and DONE_NOW.search(a["text"])]
    assert len(after_done) > 100
    assert sum(1 for _, b in after_done if HURRY.search(b["text"])) == 0   # (old: 提额已生效 -> 能不能今天就办好)
    # the hurry is still there where a wait is told and nothing is done yet (a new card, a limit review)
    # (read from the reaction, push_today, not from one of its four wordings: base had 10 such reactions and one
    # worded 能不能今天就办好, so a change of wording draws elsewhere made the sample's only one disappear)
    assert any("react:push_today" in b["told"] for _, _, a, b in pairs(df) if "did:pending" in a["told"])


def test_today_only_where_nothing_is_done_yet():
    df = frame("ecommerce", 4000)
    # (old generator: after 差价已退回, price_protect, which is on its way and cannot be 办好 today)
    assert sum(1 for intent, _, _, b in pairs(df) if TODAY in b["text"] and intent == "price_protect") == 0
    kinds = {a["told"][-1] for _, _, a, b in pairs(df) if TODAY in b["text"]}
    assert kinds and kinds <= {"did:pending"}


def test_no_going_to_do_it_after_information_only():
    df = frame("ecommerce,telecom,bank", 4000)
    thanks = [(a, b) for _, _, a, b in pairs(df) if b["act"] == "thank"]
    # (old generator: the answers that only inform, 运费险自动理赔 / 年费 / 几点前下单当天发, drew it too)
    informed = [b for a, b in thanks if re.search(r"自动理赔|年费|当天发|充值(一般|通常)", a["text"])]
    assert informed and sum(1 for b in informed if GO_DO.search(b["text"])) == 0
    info = [b for a, b in thanks if "did:info" in a["told"]]
    steps = [b for a, b in thanks if "did:instruction" in a["told"]]
    assert len(info) > 100 and len(steps) > 100
    assert sum(1 for b in info if GO_DO.search(b["text"])) == 0
    assert sum(1 for b in steps if GO_DO.search(b["text"])) > 0


def test_the_rule_holds_on_generated_dialogues_and_fails_a_planted_misfit():
    df = frame("ecommerce,telecom,bank,delivery", 3000)
    assert holds(df).all()
    k = next(k for k, turns in enumerate(df.turns) if any("did:refused" in t["told"] for t in turns))
    bad = df.iloc[[k]].copy()
    turns = copy.deepcopy(bad.turns.iloc[0])
    j = next(i for i, t in enumerate(turns) if "did:refused" in t["told"])
    reply = turns[j + 1]
    reply["told"] = [t for t in reply["told"] if not t.startswith("react:")] + ["react:ask_how"]
    bad.at[bad.index[0], "turns"] = turns
    assert "ask_how" not in FITS["refused"]
    assert not holds(bad).any()


def test_every_customer_turn_after_an_agent_turn_says_how_it_takes_it():
    df = frame("ecommerce,telecom,bank,delivery", 2000)
    for _, _, a, b in pairs(df):
        assert any(t.startswith("did:") for t in a["told"])
        assert any(t.startswith("react:") for t in b["told"])


def test_one_fact_per_turn_for_a_parcel_in_a_locker_and_an_invoice_not_yet_issued():
    """Issue 12, cause 2: agent_is_consistent holds the two pairs, generated turns say the locker (and no station)
    where the courier left the parcel, and a planted mix of the two states fails."""
    from synth.domains.dialogues.rules import agent_is_consistent
    df = frame("delay,logistics", 3000)
    left = [ts for ts in df.turns if any("放进了驿站" in t["text"] or "放进了快递柜" in t["text"] for t in ts)]
    assert len(left) > 50 and all(agent_is_consistent(ts, [t["act"] for t in ts]) for ts in left)
    station = re.compile(r"到了您(那边|附近)的派送网点|在您那边的网点")
    assert sum(1 for ts in left for t in ts if station.search(t["text"])) == 0   # (old generator: the inform)
    planted = [{"role": "agent", "act": "inform", "text": "包裹已经到了您附近的派送网点，能约12月5日送上门。"},
               {"role": "agent", "act": "propose_solution", "text": "包裹还在驿站，没有被取走。"}]
    assert not agent_is_consistent(planted, ["inform", "propose_solution"])
    invoice = [{"role": "agent", "act": "propose_solution",
                "text": "我给您按抬头启航有限公司重新开了一张电子发票，不对的话开票前还能改。"}]
    assert not agent_is_consistent(invoice, ["propose_solution"])
    # A form still to submit contradicts one submitted; being told nothing more needs submitting does not
    # (a repair booked: 寄修帮您申请好了 … 这期间您不用再提交什么).
    submitted = {"role": "agent", "act": "propose_solution", "text": "寄修帮您申请好了，快递会上门揽收。"}
    for later, holds in (("税号填好后再提交就行。", False), ("这期间您不用再提交什么。", True)):
        turns = [submitted, {"role": "agent", "act": "inform", "text": later}]
        assert agent_is_consistent(turns, ["propose_solution", "inform"]) is holds


def test_relief_only_after_a_solution_that_is_done():
    """问题解决了就好 / 这下放心了 end a matter that is over: not after a payment still to make (停机: 缴费后恢复), a
    repayment still clearing (一两个工作日入账) or a top-up on its way (old generator: all three)."""
    df = frame("telecom,bank", 4000)
    relief = re.compile(r"问题解决了就好|这下放心了")
    after = [(a, b) for _, outcome, a, b in pairs(df) if b["act"] == "accept" and outcome == "resolved"]
    assert sum(1 for a, b in after if relief.search(b["text"]) and a["told"][-1] != "did:done") == 0
    assert sum(1 for a, b in after if relief.search(b["text"])) > 20
    waits = [b for intent, outcome, a, b in pairs(df) if b["act"] == "accept" and outcome == "resolved"
             and intent in ("suspension", "repayment_not_posted") and re.search(r"清算|复机|恢复服务|自动恢复|自动开通", a["text"])]
    assert len(waits) > 50 and sum(1 for b in waits if relief.search(b["text"])) == 0


WAITING = re.compile(r"那我再等等|那我等着|我等着|我再等等|总算弄清楚了")
MONEY = re.compile(r"收钱|等钱到账")


def test_an_acceptance_fits_the_kind_of_news_just_told():
    """After steps to take (停机: 缴费后复机; a repayment to a wrong card number) the customer goes and does them,
    and does not say 那我再等等 or 总算弄清楚了 (old generator: both); a pay-later order's refund restores a
    credit line, so no 等着收钱; a complaint's remedy is not 总算弄清楚了."""
    df = frame("telecom,bank", 4000)
    after = [(a, b) for _, outcome, a, b in pairs(df) if b["act"] == "accept" and outcome == "resolved"]
    acted = [b for a, b in after if a["told"][-1] == "did:instruction"]
    assert len(acted) > 50
    assert sum(1 for b in acted if WAITING.search(b["text"])) == 0
    assert any(re.search(r"我这就去办|那我现在就去弄|我照着做一下|那我去办吧|我去弄吧", b["text"]) for b in acted)
    # ... while a wait told is still waited
    assert any(WAITING.search(b["text"]) for a, b in after if a["told"][-1] in ("did:underway", "did:pending"))
    shop = frame("ecommerce", 4000)
    credit = [b for intent, _, a, b in pairs(shop) if b["act"] == "accept" and "先用后付" in a["text"]]
    assert len(credit) > 10 and sum(1 for b in credit if MONEY.search(b["text"])) == 0
    complaints = [b for intent, outcome, a, b in pairs(shop) if intent == "complaint" and b["act"] == "accept"]
    assert len(complaints) > 20 and sum(1 for b in complaints if "总算弄清楚" in b["text"]) == 0


def test_no_push_back_on_money_back_within_hours():
    """这也太慢了吧 answers a long wait: not money back to the balance within an hour or two, or a pay-later credit
    line restored within 24 hours with nothing to send back first (old generator: it did, price_protect and
    refund-only returns)."""
    df = frame("ecommerce", 4000)
    soon = [(a, b) for intent, _, a, b in pairs(df) if intent in ("price_protect", "return_refund")
            and a["act"] == "propose_refund" and re.search(r"24小时内恢复|小时内到账|小时内到", a["text"])
            and a["told"][-1] != "did:pending"]   # (goods to send back first: that wait is long)
    assert len(soon) > 30
    assert sum(1 for a, b in soon if HURRY.search(b["text"])) == 0
    assert all(a["told"][-1] == "did:soon" for a, _ in soon if "先用后付" in a["text"] or "余额" in a["text"])
    # still pushed back on after 1-3 working days to a bank card
    assert any(HURRY.search(b["text"]) for intent, _, a, b in pairs(df) if a["told"][-1] == "did:underway")
