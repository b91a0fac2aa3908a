"""Issue 12, reading 15 (team lead, main ab6868d, seed 52057): the customer's next line follows the agent's, and a
fix, a refusal or an exchange is told as what the plan holds. #0 exchange (the size named, one return path), #5
repair (a fault that comes and goes is not reported fixed in the next turn), #6 broadband (那要上门吗？ answered, the
hotspot advised once, one wording for the repair time and the caller), #16 bank (empathy answers a customer line),
#24 credit_limit (a request not submitted is not told as turned down)."""

from __future__ import annotations

import re

import pytest

import synth
from synth.registry import get_domain
from synth.domains.dialogues.ecommerce_coherence import exchange_is_specific
from synth.domains.dialogues.procedure_rules import limit_refusal_is_what_it_is, watched_fault_not_reported_fixed
from synth.domains.dialogues.rules import empathy_answers_the_customer, visit_question_answered

NEW_RULES = ("exchange_is_specific", "limit_refusal_is_what_it_is", "watched_fault_not_reported_fixed",
             "empathy_answers_the_customer", "visit_question_answered")


def _agent(turns):
    return [t["text"] for t in turns if t["role"] == "agent"]


@pytest.fixture(scope="module")
def frames():
    return {intent: synth.generate("dialogues", 500, seed=52057, intent=intent)
            for intent in ("exchange", "repair", "broadband", "transaction_query", "credit_limit")}


def test_rules_are_declared_and_hold(frames):
    names = {r.name: r for r in get_domain("dialogues").rules}
    assert set(NEW_RULES) <= set(names)
    for df in frames.values():
        assert not df.attrs["report"]["regenerated"]
        columns = {c: df[c].to_numpy() for c in df.columns}
        for name in NEW_RULES:
            assert names[name].check(columns, {}).all(), name


def test_size_exchange_names_the_size_and_one_return_path(frames):
    df = frames["exchange"]
    sized = 0
    for slots, turns in zip(df.slots, df.turns):
        opening = next(t["text"] for t in turns if t["act"] == "describe_problem")
        agent = "\n".join(_agent(turns))
        if re.search(r"偏大|偏小|大了|小了|挤", opening):
            sized += 1
            # the customer names the size held and the one wanted, the agent names the one wanted
            assert slots.get("new_size") and slots.get("size"), opening
            assert slots["size"] in opening and slots["new_size"] in opening
            assert slots["new_size"] in agent
            # (a size is the customer's choice: posted back, never swapped at the door)
            assert "送新取旧" not in agent and "带走" not in agent
        if re.search(r"送新取旧|送新的时候把旧的带走|旧的[^。]{0,4}给[^。]{0,6}快递", agent):
            assert not re.search(r"寄回的运费|旧的那趟运费|点“?寄回|申请寄回", agent), agent
    assert sized >= 50


def test_planted_exchange_with_two_return_paths_breaks_the_rule():
    turns = [{"role": "customer", "act": "describe_problem", "text": "鞋子L码偏大，想换M码"},
             {"role": "agent", "act": "propose_replacement",
              "text": "新的M码今天发出，快递员换新时把旧的收回。这单带了运费险，寄回的运费理赔给您。"}]
    assert not exchange_is_specific("exchange", {"size": "L码", "new_size": "M码"}, turns)
    turns[1]["text"] = "新的（M码）今天发出；旧的您在订单里点“寄回”，约快递上门取件即可。"
    assert exchange_is_specific("exchange", {"size": "L码", "new_size": "M码"}, turns)
    assert not exchange_is_specific("exchange", {"size": "L码", "new_size": "S码"}, turns)


def test_intermittent_fault_is_watched_not_reported_fixed(frames):
    df = frames["repair"]
    seen = 0
    for outcome, acts, turns in zip(df.outcome, df.acts, df.turns):
        if "一天好几次" not in turns[0]["text"] + turns[min(2, len(turns) - 1)]["text"]:
            continue
        seen += 1
        assert "report_worked" not in acts
        if outcome == "resolved":
            k = acts.index("ask_followup")
            assert acts[k - 1] == "troubleshoot" and acts[k + 1] == "propose_solution"
            assert re.search(r"寄修|寄回售后|售后维修|上门", turns[k + 1]["text"])   # the repair route if it comes back
    assert seen >= 10
    planted = [{"role": "customer", "act": "describe_problem", "text": "手机老是自动重启，一天好几次"},
               {"role": "agent", "act": "troubleshoot", "text": "把系统更新到最新版本。"},
               {"role": "customer", "act": "report_worked", "text": "真的好了，谢谢你。"}]
    assert not watched_fault_not_reported_fixed("repair", planted)


def test_broadband_area_question_answered_hotspot_once_one_wording(frames):
    df = frames["broadband"]
    area = 0
    for turns in df.turns:
        agent = _agent(turns)
        text = "\n".join(agent)
        for k, t in enumerate(turns[:-1]):   # (every path: the next agent turn says whether anyone comes)
            if t["role"] == "customer" and "上门吗" in t["text"]:
                assert turns[k + 1]["role"] == "agent" and re.search("上门|师傅", turns[k + 1]["text"]), text
        if "片区" not in text:
            continue
        area += 1
        assert sum("热点" in a for a in agent) <= 1, text
        times = set(re.findall(r"(\d+点)(左右|前后|前)", text))
        assert len({edge for _, edge in times}) <= 1, text
        if "负责人" in text and turns[-1]["role"] == "agent":
            assert "专员" not in turns[-1]["text"], turns[-1]["text"]
    assert area >= 20
    planted = [{"role": "customer", "act": "ask_followup", "text": "那要上门吗？"},
               {"role": "agent", "act": "propose_solution", "text": "抢修期间能先用手机开热点应急。"}]
    assert not visit_question_answered(planted)


def test_empathy_answers_a_customer_line(frames):
    df = frames["transaction_query"]
    for turns in df.turns:
        for prev, turn in zip(turns, turns[1:]):
            if turn["role"] == "agent" and "理解您的心情" in turn["text"]:
                assert prev["role"] == "customer"
        assert not any("随后在手机银行申请" in a for a in _agent(turns))
    planted = [{"role": "agent", "act": "inform", "text": "查到一笔87.22元的消费。"},
               {"role": "agent", "act": "escalate", "text": "十分理解您的心情。已经给您发起了调单。"}]
    assert not empathy_answers_the_customer(planted)
    planted[1]["text"] = "理解您着急，我给您升级到售后专员。"
    assert not empathy_answers_the_customer(planted)


def test_limit_refusal_not_submitted_is_not_turned_down(frames):
    df = frames["credit_limit"]
    not_yet = 0
    for turns in df.turns:
        agent = _agent(turns)
        assert not any(re.search(r"按(我这边|我们)(推送|发起)的", a) for a in agent)
        if any(re.search(r"直接驳回|不会受理|还申请不了|还(调|办)不了", a) for a in agent):
            not_yet += 1
            assert not any(re.search(r"没能批|没有批|没批|没有通过|没能通过|未通过", a) for a in agent), agent
    assert not_yet >= 5
    planted = [{"role": "agent", "act": "decline", "text": "两次之间最少要隔三个月，现在提交会直接驳回。"},
               {"role": "agent", "act": "decline", "text": "很遗憾，这次没能批下来。"}]
    assert not limit_refusal_is_what_it_is("credit_limit", planted)
