"""One appointment, one diagnosis (issue 12, reading 14: #1 a visit booked for 明天晚上6点到8点, then 4小时之内…打电话约
上门时间, then 一个工作日内还没人打给您; #6 宽带账号是正常的, then 拨号认证后台看是没通过)."""

from __future__ import annotations

import re
from functools import lru_cache

import synth
from synth.domains.dialogues.appointments import ARRANGED, SLOT, one_appointment

ACCOUNT_FINE = re.compile(r"(宽带)?账号(是正常的|没问题|是好的|这边没问题|后台没问题)")
ACCOUNT_REJECTED = re.compile(r"认证[^。；，]{0,8}(没通过|被?拒绝|不通过)|账号组|账号专员")


@lru_cache(maxsize=None)
def frame(n: int = 3000, seed: int = 16180):
    return synth.generate("dialogues", n, seed=seed, intent="broadband")


def test_a_booked_visit_is_the_only_appointment():
    """Every dialogue with a booked slot keeps it: no later 约上门时间 by phone, no call-back deadline; the
    escalated ones (the customer pushed back on the slot) still name it."""
    booked = escalated_kept = 0
    for outcome, turns in zip(frame().outcome, frame().turns):
        agent = [t["text"] for t in turns if t["role"] == "agent"]
        slots = {m.group(0) for text in agent for m in SLOT.finditer(text)}
        if not slots:
            continue
        booked += 1
        assert len(slots) == 1, "\n".join(agent)
        assert not any(ARRANGED.search(text) for text in agent), "\n".join(agent)
        assert one_appointment(turns)
        escalate = [t["text"] for t in turns if t["act"] == "escalate"]
        if outcome == "escalated" and escalate:
            escalated_kept += all(SLOT.search(text) for text in escalate)
    assert booked > 300 and escalated_kept > 100


def test_the_rule_fails_on_a_slot_then_a_time_to_arrange():
    turns = [{"role": "agent", "act": "propose_solution", "text": "最早装维师傅明天晚上6点到8点上门。"},
             {"role": "customer", "act": "push_back", "text": "明天才来？"},
             {"role": "agent", "act": "escalate", "text": "装维师傅4小时之内给您打电话约上门时间。"}]
    assert not one_appointment(turns)
    turns[2]["text"] = "工单标了加急，明天晚上6点到8点是最早的时段，师傅上门前会先给您打电话。"
    assert one_appointment(turns)
    turns.append({"role": "agent", "act": "close", "text": "要是一个工作日内还没人打给您，回这里就行。"})
    assert not one_appointment(turns)


def test_one_diagnosis_for_a_dial_up_fault():
    """An account the agent called fine is never later rejected by the back end."""
    told_fine = 0
    for turns in frame().turns:
        agent = "\n".join(t["text"] for t in turns if t["role"] == "agent")
        if ACCOUNT_FINE.search(agent):
            told_fine += 1
            assert not ACCOUNT_REJECTED.search(agent), agent
    assert told_fine > 50


LIGHTS_TOLD = re.compile(r"灯(都|看着都)正常")
LIGHTS_ASKED = re.compile(r"灯[^。？]{0,8}(是不是|有没有)[^。？]{0,8}(正常|亮着|红)")
DIAL_TOLD = re.compile(r"提示拨号失败")
DIAL_ASKED = re.compile(r"是不是提示拨号失败")


def test_what_the_customer_described_is_not_asked_again():
    """A customer whose opening said the lights are all normal is not asked about the lights; one who said the
    router shows 拨号失败 is asked only a marked confirmation (跟您确认一下) of which failure."""
    told = 0
    for turns in frame().turns:
        opening = " ".join(t["text"] for t in turns[:2] if t["role"] == "customer")
        asks = [t["text"] for t in turns if t["role"] == "agent" and t["act"] == "ask_info"]
        if LIGHTS_TOLD.search(opening):
            told += 1
            assert not any(LIGHTS_ASKED.search(text) for text in asks), "\n".join(asks)
        if DIAL_TOLD.search(opening):
            told += 1
            assert not any(DIAL_ASKED.search(text) for text in asks), "\n".join(asks)
    assert told > 100
