"""A complaint is answered only once it was made (issue 12, reading 14): the agent does not defend a charge, argue a
fee or speak of 多出来的 money when the customer only asked to see the bill.

The plan records whether the opening complains (env voiced: high or check, model.py); the customer turn that voices
the complaint carries the tag VOICED in its told, and a follow-up (能减免吗, 怎么会超这么多) or a push-back voices it
too. The rule `complaint_is_voiced` reads the turns only: an agent line that answers a complaint (DEFENDS) comes
after a turn that made it."""

from __future__ import annotations

import re

VOICED = "voiced:complaint"
# What only answers a complaint: money called extra (多出来的, 高出的), a charge defended (按资费要收, 没法退, 不能减免),
# the reminder said to have been sent (提醒短信发过).
DEFENDS = re.compile(r"多出来|多出的|高出|比平时多|(?:得|要)收|没法(?:退|减)|不能(?:退|减)|提醒(?:短信)?(?:发过|有发)")
COMPLAINED_BY = ("ask_followup", "push_back")
CONTESTED_INTENTS = frozenset({"bill"})


def complaint_is_voiced(intent: str, turns: list) -> bool:
    """No agent turn answers a complaint (DEFENDS) before a customer turn made one: the opening tagged VOICED, or a
    follow-up or push-back."""
    if intent not in CONTESTED_INTENTS:
        return True
    voiced = False
    for turn in turns:
        if turn["act"] == "ask_other":   # (the matter is over: a second one is no complaint)
            return True
        if turn["role"] == "customer":
            voiced = voiced or turn["act"] in COMPLAINED_BY or VOICED in (turn.get("told") or ())
        elif not voiced and DEFENDS.search(turn["text"]):
            return False
    return True



# A complaint about a courier's conduct is registered with the courier company only once its facts are told: what
# the courier did and when (reading 15 #9: 配送员的做法已登记 when nobody had said what he did). The customer tells
# them in the complaint (the plan's incident, drawn below), that turn carries the tag INCIDENT, and the agent's
# registration says what happens next: who calls the customer, within what time.
INCIDENT = "fact:incident"
# Each with where that left the parcel (courier_left): not delivered (door: the station redelivers it), left at a
# station (station: the pickup code, or a delivery), or delivered (done): the registration says the parcel's next
# step too, not only the courier's (reading 18, #26: 点了投递失败, and only an attitude ticket).
COURIER_INCIDENTS = (("昨天下午", "打电话让我自己下楼去拿，说不下来就不送了", "door"),
                     ("今天上午", "没打电话就把件放驿站了，系统里还点了本人签收", "station"),
                     ("昨天晚上", "我在电话里问了一句几点能到，他张口就骂人，然后把电话挂了", "done"),
                     ("前天", "我让他放门口，他嫌麻烦，在楼道里冲我大喊大叫", "done"),
                     ("今天中午", "没敲门也没打电话，直接在系统里点了投递失败", "door"))
# The grievances that are about the delivery (the customer tells what the courier did, or what the parcel looked
# like on arrival, in the complaint itself).
DELIVERY_GRIEVANCES = ("courier_rude", "dropped", "broken_box")
# An agent sentence that reports a courier's conduct to the courier company.
REPORTED = re.compile(r"(登记|上报|投诉|反馈|报|转给|转到|提交|记录)[^。；]{0,12}快递公司")
NEXT_STEP = re.compile(r"((\d+|一|两|三)个?(小时|工作日)|一天|今天)之?内[^。；]{0,12}(联系您|打电话|给您回电|回复您)")


def incident(u: float) -> tuple:
    """(when, what, where it left the parcel) of a rude courier, from the uniform `u`."""
    return COURIER_INCIDENTS[min(int(u * len(COURIER_INCIDENTS)), len(COURIER_INCIDENTS) - 1)]


def courier_report_rests_on_facts(intent: str, turns: list) -> bool:
    """complaint: no agent sentence reports a courier's conduct to the courier company (REPORTED) before a
    customer turn told what happened (told INCIDENT: the complaint about the delivery)."""
    if intent != "complaint":
        return True
    told = False
    for turn in turns:
        if turn["role"] == "customer":
            told = told or INCIDENT in (turn.get("told") or ())
        elif not told and REPORTED.search(turn["text"]):
            return False
    return True


def one_follow_up_call(intent: str, turns: list) -> bool:
    """complaint: one follow-up party and time. After an agent turn said who calls the customer by when (NEXT_STEP:
    站点负责人24小时内联系您), no later agent turn adds another call with its own deadline (专员24小时内回复 on top of
    the station's call: reading 15)."""
    if intent != "complaint":
        return True
    # (the close may recall that deadline: 一个工作日内还没人联系您，再来找我们 is no second call)
    return sum(1 for t in turns if t["role"] == "agent" and t["act"] != "close" and NEXT_STEP.search(t["text"])) <= 1


# A complaint's remedy rests on a check and leaves the customer the choice (reading 17 #6, #21, #24): goods that go
# back (a wrong item reshipped or refunded, a fault exchanged or refunded) are decided only once the agent has seen
# the photos (of the fault, or of the goods received and their label), the remedy names both ways (补发/换新 and
# 退货退款, never the blurred 退换货), and an escalation after it does not say the matter still waits to be handled.
CHOSEN_PATHS = ("procedure:reship_compensation", "procedure:return_exchange")
CHECKED_PATHS = CHOSEN_PATHS + ("procedure:compensation", "procedure:food_refund")
PHOTOS = re.compile(r"照片|图片|拍|视频|铭牌")   # (a flaw shown on film, or by its label: proof_of)
GOODS_WAY = re.compile(r"补发|重新发|重发|换新|换一.新的")
REFUND_WAY = re.compile(r"退货退款|退款退货|退货")
BLURRED = re.compile(r"(安排|办|登记|申请)退换货")
STILL_TO_HANDLE = re.compile(r"才能(处理|答复)")


def complaint_remedy_checked(intent: str, turns: list) -> bool:
    """complaint: the agent turn that carries a remedy for goods (told procedure:<path>, CHECKED_PATHS) comes with
    or after an agent turn that asked for or saw photos; a remedy sending goods back (CHOSEN_PATHS) names both ways
    (GOODS_WAY and REFUND_WAY); no agent line books a blurred 退换货; an escalation after a remedy does not say the
    matter can be handled only after a check (STILL_TO_HANDLE)."""
    if intent != "complaint":
        return True
    seen = done = False
    for turn in turns:
        if turn["role"] != "agent":
            continue
        text, told = turn["text"], turn.get("told") or ()
        if BLURRED.search(text):
            return False
        seen = seen or bool(PHOTOS.search(text))
        path = next((t for t in told if t in CHECKED_PATHS), None)
        if path is not None:
            if not seen:
                return False
            if path in CHOSEN_PATHS and not (GOODS_WAY.search(text) and REFUND_WAY.search(text)):
                return False
            done = True
        elif done and turn["act"] == "escalate" and STILL_TO_HANDLE.search(text):
            return False
    return True


# What shows a quality flaw (reading 18, #18: a photo asked of 开机一股塑料焦味): a smell is not photographed (the
# label's model and batch are, and the smell is described), a fault that happens in use is filmed, what is seen
# is photographed. Food goes by its own photos (the package and its production date).
FILMED = re.compile(r"闪|重启|响|打转|卡住|回不去|断连|不加热|断电|没反应|漏水|充不进|没声音|撑不到")


def proof_of(flaw: str, kind: str) -> str:
    """How a complaint's flaw is shown: "smell", "video" or "look"."""
    if kind == "food":
        return "look"
    if "味" in flaw:
        return "smell"
    return "video" if FILMED.search(flaw) else "look"
