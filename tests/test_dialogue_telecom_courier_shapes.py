"""Telecom and courier dialogues of one intent are not one script with words swapped (issue 12, item 6; readings
of seeds 64127 and 29573: data-plan changes 3≈12 and 9≈12≈19, broadband 23≈30, delay 14≈28 and 3≈7), and the
facts a turn reads agree with what was said before it.

Each test failed on the output before the change that added it (the commit message gives the figures)."""

import re
from collections import Counter

import pytest

import synth

N, SEED = 6000, 9117


@pytest.fixture(scope="module")
def data():
    return synth.generate("dialogues", N, seed=SEED)


def _agent_acts(turns) -> tuple:
    return tuple(t["act"] for t in turns if t["role"] == "agent")


def _top_share(data, intent: str) -> float:
    sub = data[data["intent"] == intent]
    counts = Counter(_agent_acts(turns) for turns in sub["turns"])
    return counts.most_common(1)[0][1] / len(sub)


def test_plan_changes_do_not_follow_one_agent_sequence(data):
    # (base: 17-23% of data-plan chats went look-up -> the plan with its check -> done; a plan or pack offered as a
    # question, agreed, then verified in a turn of its own, splits them)
    assert _top_share(data, "data_plan") < 0.13


def test_a_plan_offered_as_a_question_is_verified_after_the_yes(data):
    sub = data[data["intent"] == "data_plan"]
    offered = 0
    for turns in sub["turns"]:
        acts = [t["act"] for t in turns]
        if "offer_terms" not in acts:
            continue
        offered += 1
        k = acts.index("offer_terms")
        offer, answer, check = turns[k], turns[k + 1], turns[k + 2]
        assert offer["text"].endswith("？") and "验证" not in offer["text"], offer["text"]
        assert answer["act"] == "agree" and "验证" not in answer["text"], answer["text"]
        assert re.search("验证|核验|服务密码", check["text"]), check["text"]
    assert offered > 40


def test_a_broadband_refusal_has_one_reason_that_fits_what_was_said(data):
    # (reading 19 #30: 宽带账号这边是正常的 / 没到期, then 派单要看合约状态和光猫是谁的来: an expired contract after the
    # account was said to be in force)
    sub = data[(data["intent"] == "broadband") & (data["outcome"] == "unsatisfied")]
    assert len(sub) > 20
    for turns in sub["turns"]:
        agent = [t["text"] for t in turns if t["role"] == "agent"]
        in_force = any(re.search("没到期|账号(这边)?是正常的", line) for line in agent)
        expired = any(re.search("合约[^。；，]{0,6}到期|合约(状态|期)", line) for line in agent)
        router = any("路由器" in line and re.search("自购|自己买", line) for line in agent)
        assert not (in_force and expired), agent
        assert not (expired and router), agent


def test_a_failed_step_is_reported_in_its_own_words(data):
    # (reading 19 #30: 还是灯都正常但是上不了网, the opening said again word for word after a step)
    sub = data[data["intent"] == "broadband"]
    for turns in sub["turns"]:
        opening = next(t["text"] for t in turns if t["act"] == "describe_problem")
        grams = {opening[i:i + 8] for i in range(len(opening) - 7)}
        for t in turns:
            if t["role"] == "customer" and t["act"] == "report_failed":
                assert not any(t["text"][i:i + 8] in grams for i in range(len(t["text"]) - 7)), (opening, t["text"])


def test_a_refused_late_parcel_is_not_always_a_compensation_refused(data):
    # (reading 19 #14 = #28: 能赔点吗 -> 标快不赔 -> 这是你们分拣的问题吧 -> 我只能另想办法了, in every refusal)
    sub = data[(data["intent"] == "delay") & (data["outcome"] == "unsatisfied")]
    assert len(sub) > 20
    asks = [next(t["text"] for t in turns if t["act"] == "ask_followup") for turns in sub["turns"]]
    pay = sum(bool(re.search("赔|补偿", a)) for a in asks)
    assert 0.2 < pay / len(asks) < 0.7, pay / len(asks)
    for turns, ask in zip(sub["turns"], asks):
        text = "".join(t["text"] for t in turns if t["role"] == "agent")
        give_up = next(t["text"] for t in turns if t["act"] == "give_up")
        assert "另想办法" not in give_up, give_up   # (the parcel is still coming: a give-up fits that)
        if "分错" in text and re.search("赔|补偿", ask):
            assert re.search("寄件券|运费券", text), text   # (the courier's own mis-sort: a goodwill gesture)


# Frames that read wrong once a value is put in (readings of seeds 64127 and 29573): a value inside a phrase that
# works only for some values, a loss told twice, a refund route said of a parcel.
BROKEN_FRAMES = re.compile(r"在用是|是(办理|业务)记录里对得上|进场那一条|这以后没|查找出了结果就要|在保的价|保的价\d+元以内"
                           r"|只能改派到新地址|只有(寄件时买了|下单时选了)|按\d+元以内|按原支付方式退回寄件")
MINE = ("bill", "recharge_missing", "data_plan", "suspension", "broadband", "lost_parcel", "change_address", "delay")


def test_telecom_and_courier_frames_read_right_once_filled(data):
    sub = data[data["intent"].isin(MINE)]
    for turns in sub["turns"]:
        for t in turns:
            if t["role"] == "agent":
                assert not BROKEN_FRAMES.search(t["text"]), t["text"]


def test_a_loss_is_told_once_and_an_address_read_back_once(data):
    # (r1 #11: 十分抱歉，这单快递确认遗失 after the look-up had said 确认遗失; r2 #4, r1 #16: the new address in the
    # confirmation and again in the done line)
    for turns in data[data["intent"] == "lost_parcel"]["turns"]:
        told = [t for t in turns if t["role"] == "agent" and "确认遗失" in t["text"]]
        assert len(told) <= 1, [t["text"] for t in told]
    for turns, slots in zip(data[data["intent"] == "change_address"]["turns"],
                            data[data["intent"] == "change_address"]["slots"]):
        address = slots.get("address")
        said = sum(address in t["text"] for t in turns if t["role"] == "agent") if address else 0
        assert said <= 1, [t["text"] for t in turns]
