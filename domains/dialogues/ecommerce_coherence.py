"""Checks that an e-commerce conversation's agent clauses fit what the customer said and what was already told
(issue 12, the team lead's reading): a remedy for a fault only once its photos are seen, photos asked for once and
never after the customer sent them, a reset only after re-pairing failed, no price before the item is named, no
send-back instruction twice in one turn. Each takes the record's turns (and slots) and returns True when the
conversation holds; rules.py registers the cheap ones, tests run all of them over generated dialogues."""

from __future__ import annotations

import re

# A request for photos, and a customer's turn saying they were sent.
ASKS_PHOTOS = re.compile(r"拍[^。，；]{0,12}(照片|视频)[^。]{0,6}发|照片发(过来|给我)")
SENT_PHOTOS = re.compile(r"(照片|图片|图)[^。，]{0,4}(发你了|发过来了|发过去了|传上来了|都发|发了)|拍了[^。，]{0,4}发")
RESET = re.compile(r"恢复出厂|重置配对")
REPAIRED = re.compile(r"重新配对|重新搜索配对")
PRICE = re.compile(r"\d+元")
SEND_BACK = re.compile(r"(您|自己)[^。；，]{0,8}寄回|上门(取件|来取|揽收)|(驿站|快递点)[^。]{0,6}(寄出|报)")


def evidence_before_remedy(turns: list) -> bool:
    """A remedy for a fault (a turn told `step:remedy`) comes with or after the photos seen (`step:evidence`), and
    photos the agent asked for were sent by the customer (send_evidence) before the remedy."""
    asked = sent = False
    for turn in turns:
        told = turn.get("told") or ()
        if turn["act"] == "send_evidence":
            sent = True
        if "step:evidence" in told:
            if "step:remedy" in told:
                return True
            asked = True
        elif "step:remedy" in told:
            return asked and sent
    return not asked or sent


def photos_asked_once(turns: list) -> bool:
    """The agent asks for photos at most once, and never after the customer said they were sent."""
    sent = asked = False
    for turn in turns:
        text = turn["text"]
        if turn["role"] == "customer":
            sent = sent or bool(SENT_PHOTOS.search(text))
        elif turn["act"] != "close" and ASKS_PHOTOS.search(text):   # (a closing tip is about the next parcel)
            if sent or asked:
                return False
            asked = True
    return True


def reset_after_repairing(turns: list) -> bool:
    """A Bluetooth device is reset (恢复出厂, 重置配对) only after an earlier turn had the customer re-pair it."""
    repaired = False
    for turn in turns:
        if turn["role"] != "agent":
            continue
        if RESET.search(turn["text"]) and not repaired:
            return False
        repaired = repaired or bool(REPAIRED.search(turn["text"]))
    return True


def no_price_before_item(slots: dict, turns: list) -> bool:
    """The agent names a sum only once the item has been named (by either side, or a look-up that names it)."""
    model = (slots or {}).get("model")
    if not model:
        return True
    for turn in turns:
        if model in turn["text"]:
            return True
        if turn["role"] == "agent" and PRICE.search(turn["text"]):
            return False
    return True


def one_send_back_instruction(turns: list) -> bool:
    """No agent turn tells how the goods go back twice (上门取件 … 寄回售后仓, or the pick-up said twice)."""
    for turn in turns:
        if turn["role"] == "agent" and len(SEND_BACK.findall(turn["text"])) > 1:
            return False
    return True


CHECKS = {"evidence_before_remedy": lambda slots, turns: evidence_before_remedy(turns),
          "photos_asked_once": lambda slots, turns: photos_asked_once(turns),
          "reset_after_repairing": lambda slots, turns: reset_after_repairing(turns),
          "no_price_before_item": no_price_before_item,
          "one_send_back_instruction": lambda slots, turns: one_send_back_instruction(turns)}


# 换货: the old goods go back one way (model._exchange_facts): swapped at the door when the new one is delivered,
# or sent back by the customer from the order page (whose postage 运费险 or the customer pays). An agent line of
# one is never beside a line of the other (reading 15, #0: 快递员换新时把旧的收回 … 寄回的运费理赔给您).
AT_THE_DOOR = re.compile(r"送新取旧|不用您(自己)?寄|[送换]新[^。；]{0,6}(带走|收走|取走|收回)|(旧的|换下来的)[^。；]{0,4}(交给|给)"
                         r"[^。；]{0,6}(快递|快递员|快递小哥|快递师傅)|一并取走旧的|把旧的让快递带回|把旧的(交给|给)快递")
POSTED_BACK = re.compile(r"点“?寄回|申请寄回|寄回的运费|旧的那趟运费|寄回去?的?运费由")


def exchange_is_specific(intent: str, slots: dict, turns: list) -> bool:
    """An exchange names what the customer gets and keeps one return path: a size exchange (slot new_size) has the
    customer name the size wanted in the opening and the agent name it (the stock checked, the new goods sent or
    refused) in a later turn; no agent turn swaps the old goods at the door while another has them posted back."""
    if intent != "exchange":
        return True
    agent = [t["text"] for t in turns if t["role"] == "agent"]
    text = "\n".join(agent)
    if AT_THE_DOOR.search(text) and POSTED_BACK.search(text):
        return False
    wanted = (slots or {}).get("new_size")
    if wanted:
        opening = next((t["text"] for t in turns if t["act"] == "describe_problem"), "")
        if wanted not in opening or wanted not in text:
            return False
    return True
