"""Checks that an e-commerce conversation's agent clauses fit what the customer said and what was already told
(issue 12, the team lead's reading): a remedy for a fault only once its photos are seen, photos asked for once and
never after the customer sent them, a reset only after re-pairing failed, no price before the item is named, no
send-back instruction twice in one turn. Each takes the record's turns (and slots) and returns True when the
conversation holds; rules.py registers the cheap ones, tests run all of them over generated dialogues."""

from __future__ import annotations

import re

from .heed import agent_tells_only_after_customer

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


# -- what was done, in the order it is done (issue 12, reading 16: #3, #5, #11, #24, #29) ------------------------
# A return said submitted (提交了退货, 退货申请…提交了, a return code made, a pickup booked), not offered (…可以吗？).
RETURN_BOOKED = re.compile(r"(提交|发起|提)(了|好了)退货|退货(退款)?(申请|单)[^。；？]{0,8}(提交|提)(了|好了)"
                           r"|(生成|开)了(退货码|寄件码)|取件[^。；？]{0,4}(约好了|约在|约的是|定在|安排在)")
RETURN_WORDS = ("退货", "退货码", "寄件码", "取件")
COST_TOLD = re.compile(r"运费|邮费|快递费")


def return_booked_on_consent(intent: str, turns: list) -> bool:
    """A return is submitted (or its pickup booked) only after the customer agreed (agree) to the agent's terms
    (offer_terms) that told who pays the postage: never booked first and its cost told after (reading 16, #3), nor a
    pickup booked that nobody asked for (#11)."""
    if intent != "return_refund":
        return True
    consented = False
    for k, turn in enumerate(turns):
        if turn["role"] == "customer":
            if turn["act"] == "agree" and k and turns[k - 1]["act"] == "offer_terms" and \
                    COST_TOLD.search(turns[k - 1]["text"] + (turns[k - 2]["text"] if k > 1 else "")):
                consented = True
        elif not consented and RETURN_BOOKED.search(turn["text"]):
            return False
    return True


# An exchange said submitted (提交了换货, 换货单已经提交, 为您安排换新了), not offered (要我给您提交换货吗？).
EXCHANGE_BOOKED = re.compile(r"(提交|登记|安排)(了|好了)(换货|换新)|安排(换货|换新)了|(换货单|换货申请|换货)[^。；？]{0,6}"
                             r"(已经提交|已提交|提交好了|提交了|办好了|登记了|登记好了)")
EXCHANGE_WORDS = ("换货", "换新")
# What an exchange of clothes or shoes checks of the goods going back (unworn, its tags and box) and what a device's
# checks (its accessories and box), told in the terms.
GOODS_CHECKED = re.compile(r"吊牌|标签|鞋盒|包装|配件|没穿过|没洗过|别洗|保持原样|别拆封|别使用")


def exchange_booked_on_consent(intent: str, turns: list) -> bool:
    """An exchange is said submitted only after the customer agreed (agree) to the agent's terms (offer_terms) that
    told who pays the postage and what state the goods must go back in (reading 17, #1: 为您安排换货了…寄回的运费要
    您出; #14: 可以，换货单已提交 with nothing asked): never booked first and its conditions told after."""
    if intent != "exchange":
        return True
    consented = False
    for k, turn in enumerate(turns):
        if turn["role"] == "customer":
            if turn["act"] == "agree" and k and turns[k - 1]["act"] == "offer_terms":
                terms = turns[k - 1]["text"] + (turns[k - 2]["text"] if k > 1 else "")
                consented = bool(COST_TOLD.search(terms) and GOODS_CHECKED.search(terms))
        elif not consented and EXCHANGE_BOOKED.search(turn["text"]):
            return False
    return True


# A repair by post, at home or at a service point said registered or booked (登记了寄修, 寄修…申请好了, 提交了上门检测,
# 约了…服务网点), not offered (要我帮您登记寄修吗？).
REPAIR_BOOKED = re.compile(r"(登记|提交|申请)(了|好了)(寄修|上门检测)|(寄修|寄回检测|上门检测)[^。；？]{0,8}(登记|申请|提交)(好了|了)"
                           r"|(约了|预约了)[^。；？]{0,8}服务网点|(升级成|申请)(优先|加急)寄修")
REPAIR_WORDS = ("寄修", "上门检测", "服务网点")


def repair_booked_on_consent(intent: str, turns: list) -> bool:
    """A repair by post (寄修), an engineer's visit or a service point's slot is said registered only after the
    customer agreed (agree) to the agent's offer of it (offer_terms) in the turn before, or asked for it (reading 17,
    #27: 我给您登记了寄修 with nothing asked; a complaint's warranty repair too, #30)."""
    if intent not in ("repair", "complaint"):
        return True
    consented = False
    for k, turn in enumerate(turns):
        if turn["role"] == "customer":
            consented = consented or turn["act"] == "agree" and k > 0 and turns[k - 1]["act"] == "offer_terms"
        elif not consented and REPAIR_BOOKED.search(turn["text"]):
            return False
    return True


# A refund made to wait for the goods (仓库签收后649元…, 商家验收以后，2079元…).
AFTER_GOODS = re.compile(r"(后|以后)，?\d+元")
GOES_BACK = re.compile(r"寄回|寄出|取件|驿站")
STAYS = re.compile(r"(不用|不需要|用不着)[^。；，]{0,4}寄回|仅退款")   # (nothing goes back: 仅退款, a partial refund)


# A booking that says the account or the order does not get 极速退款 (aftersales.fast_refund): its refund follows
# the warehouse's receipt, told so.
NOT_FAST = re.compile(r"(不满足|不符合|超过了|超出了|走不了|用不了)[^。；]{0,6}极速退款|极速退款(有金额上限|有额度限制)")
AFTER_RECEIPT = re.compile(r"(签收|收到货|收货)[^。；]{0,6}(以后|后)[^。；]{0,8}(退|处理)")


def return_refund_is_issued(intent: str, outcome: str, turns: list) -> bool:
    """A return whose outcome is refund_issued has its refund decided in the chat: where the goods go back, the
    booking says the money is already paid back by 极速退款 (not after the warehouse receives them), or, for an
    account or an order 极速退款 does not cover, says so and that the refund follows the warehouse's receipt."""
    if intent != "return_refund" or outcome != "refund_issued":
        return True
    for turn in turns:
        if turn["act"] == "propose_refund":
            text = turn["text"]
            if AFTER_GOODS.search(text) or GOES_BACK.search(text) and "极速退款" not in text and not STAYS.search(text):
                return False
            if NOT_FAST.search(text) and not AFTER_RECEIPT.search(text):
                return False

    return True


# The ship date of an order said held for its address (presale.HOLD_STATEMENTS address).
ADDRESS_HOLD = re.compile(r"没有门牌号|少了门牌号|没写门牌号")
SHIP_DATE = re.compile(r"\d+月\d+日(发出|发货|出库)|(排期是|排到了|排的是)\d+月\d+日")


def held_order_has_no_date(intent: str, turns: list) -> bool:
    """An order held for an incomplete address has no ship date until the address is completed: no agent turn of
    such a chat names one (reading 16, #29: 预计12月13日发货 then 先暂停了没发…补全门牌号)."""
    if intent != "urge_shipping":
        return True
    agent = [t["text"] for t in turns if t["role"] == "agent"]
    return not (any(ADDRESS_HOLD.search(t) for t in agent) and any(SHIP_DATE.search(t) for t in agent))


# A customer who only waits (那我再等等): said where the order waits for its turn, not where it waits for them.
WAITING = re.compile(r"再等等|我等着")


def held_order_not_waited(intent: str, turns: list) -> bool:
    """An order held for an incomplete address ships only once the customer completes it: the customer's
    acceptance takes that step (我这就去办) instead of waiting (reading 17, #25: 补全门牌号 then 那我再等等, resolved 5)."""
    if intent != "urge_shipping" or not any(ADDRESS_HOLD.search(t["text"]) for t in turns if t["role"] == "agent"):
        return True
    return not any(WAITING.search(t["text"]) for t in turns if t["role"] == "customer")


# A reason for a return stated by the agent (这次属于不想要了，不是质量问题), and the customer's own words for one.
REASON_PRESUMED = re.compile(r"(是|属于)不想要了|(不涉及|(?<!是)不是)质量问题(?!的话)")   # (not 是不是质量问题)
REASON_SAID = re.compile(r"不想要|不满意|不喜欢|不适合|不合适|不合身|一般|不是我想要|尺码|质量问题|有问题|毛病|不一样|两样")


def return_reason_not_presumed(turns: list) -> bool:
    """The agent states why the goods go back (不想要了, 不是质量问题) only after the customer said so (reading 16,
    #24: a refusal that rested on a reason nobody asked or gave)."""
    return agent_tells_only_after_customer(turns, REASON_SAID, REASON_PRESUMED)


def chase_is_answered(intent: str, turns: list) -> bool:
    """能不能帮我催一下？ is answered by the agent's next turn with the chase done (催办, 提醒) or why it cannot be
    (催不了, 没法加快), not with another question's answer (reading 16, #5). (A refund's chase; a parcel's is read
    by the courier side's own rules.)"""
    if intent != "refund_status":
        return True
    for k, turn in enumerate(turns[:-1]):
        if turn["role"] == "customer" and "催一下" in turn["text"] and turn["act"] == "ask_followup":
            reply = turns[k + 1]
            if reply["role"] == "agent" and not re.search(r"催|提醒|加快", reply["text"]):
                return False
    return True
