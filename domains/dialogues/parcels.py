"""Why a parcel is late, decided in the plan, and so what the agent does about it.

A real desk sees several causes, each with its own next step, not one 加急标记 for every late parcel:

- hub:      a sorting line at the hub stopped for repair -> the hub is asked to move it first once running
- missort:  sorted to the wrong city at the hub -> sent back and re-sorted (a day or two lost)
- peak:     the backlog after a sale -> the one case where a 加急/催派 on the parcel helps
- weather:  roads closed by the season's weather at that hub (`weathers`) -> nothing to hurry: it moves when the
            roads open
- address:  the address lacks a house number or the phone did not answer -> the address is confirmed and the
            parcel sent out again on a named day
- station:  the courier left it at a 驿站 or 快递柜 without a message -> the station is called, the pickup code
            resent, or door delivery booked
- customs:  cross-border goods held for 清关 (marketplace only) -> the recipient's real-name check is completed

`late_causes` are those one late parcel may have (the plan draws one); every turn about it (the look-up's reason, the answer to 为什么,
the solution, the refusal) is keyed on it, so the text says one cause and its own remedy.
"""

from __future__ import annotations

import re

from functools import lru_cache

# How often each cause is behind a late parcel (the intent's share of each; customs only where it can apply). The
# weather's share is not fixed: it is the weight of the weathers the hub's climate has in that month (`weathers`),
# none at all in a calm month; a sale's backlog weighs its full share only in the weeks after a sale (PEAK_SEASONS).
LATE_CAUSES = {
    "logistics": {"peak": 2.0, "hub": 1.4, "missort": 0.8, "address": 1.2, "station": 1.6, "customs": 1.0},
    "delay": {"peak": 2.0, "hub": 1.4, "missort": 0.9, "address": 1.2, "station": 1.5},
}
# Where each hub is, for the weather that can stop it: the coast (typhoons), the North China and Yangtze plains and
# the Sichuan basin (winter radiation fog), the snow belt (郑州, 武汉; not the south).
HUB_CLIMATE = {"杭州转运中心": ("coast", "plain"), "广州白云分拨中心": ("coast",), "武汉转运中心": ("plain", "snow"),
               "郑州分拨中心": ("plain", "snow"), "成都双流转运中心": ("basin",), "上海青浦分拨中心": ("coast", "plain")}
# (weather, months, climates, weight against the other causes): fog November to February on the plains and in the
# basin (expressways closed in the mornings), typhoons July to October on the south-east coast, snow December to
# February in the snow belt, rainstorms in the flood season (May to September) anywhere.
WEATHERS = (("大雾", (11, 12, 1, 2), ("plain", "basin"), 0.4), ("台风", (7, 8, 9, 10), ("coast",), 1.2),
            ("降雪", (12, 1, 2), ("snow",), 1.0), ("暴雨", (5, 6, 7, 8, 9), ("coast", "plain", "snow", "basin"), 0.9))
# The sales whose backlog fills the hubs, by the month it is sorted in; in other months a backlog is a smaller
# shop-led 大促 (店庆, 会员日) and weighs PEAK_OFF_SEASON of its share.
# Each sale's month and day: its backlog follows it, so a conversation before the day is not in its season (a parcel
# due on 11月10日 is no 双十一 backlog; reading 16 #15), and it is cleared within about a week (a chat on 12-26 is
# no 双十二 backlog; reading 20 r2 #4): (sale, its day, the last day of its backlog). 年货节 runs the whole month.
PEAK_SEASONS = {11: ("双十一", 11, 20), 12: ("双十二", 12, 19), 1: ("年货节", 0, 31), 6: ("618", 18, 25)}
PEAK_OFF_SEASON = 0.4


@lru_cache(maxsize=None)
def weathers(month: int, hub: str) -> tuple:
    """The weathers that can stop `hub` in `month`, as (weather, weight) pairs (none in a calm month)."""
    climate = HUB_CLIMATE.get(hub, ())
    return tuple((name, w) for name, months, where, w in WEATHERS
                 if month in months and any(c in climate for c in where))


def peak_sale(date) -> str:
    """The sale whose backlog fills the hubs on `date` (in the week after it), or '' out of season."""
    season = PEAK_SEASONS.get(date.month)
    return season[0] if season and season[1] < date.day <= season[2] else ""


def sale(date) -> str:
    """The sale a backlog follows on `date`, as agents name it: a shop's 大促 out of season."""
    return peak_sale(date) or "大促"
# Goods a marketplace ships from a bonded warehouse abroad (跨境): cosmetics, food, small electronics.
CROSS_BORDER_KINDS = ("beauty", "food", "earbuds", "watch")
# Causes a specialist does not take up: a wrong address is put right by the agent in the chat, and nobody can move
# a road closed by the weather.
NOT_ESCALATED = ("address", "weather")
# Causes a 今天就要 is not refused for (the refusal is about a parcel in transit): a parcel waiting at a station can
# be picked up today, one held for its address is sent out once the address is put right.
NOT_REFUSED = ("station", "address")
# A delay refused compensation: the weather's (不可抗力, with the weight of this month's weathers), or the
# carrier's own on a standard parcel, which carries no time guarantee (only a 时效件 is paid for lateness).
REFUSED_DELAYS = {"peak": 1.0, "hub": 0.6, "missort": 0.4}
# The share of late parcels sent as a 时效件 (a promised date, paid for when missed); the others went 标快 (an
# estimate only). A refusal of compensation for the carrier's own delay rests on a 标快, so those are all 标快.
PROMISED_SHARE = 0.4


def promise(outcome: str, cause: str, u: float) -> str:
    """"timed" for a 时效件, "none" for a 标快 (a refused delay not caused by the weather is a 标快)."""
    if outcome == "unsatisfied" and cause != "weather":
        return "none"
    return "timed" if u < PROMISED_SHARE else "none"


# What says a promised date (of a 时效件) and what says there is none (of a 标快): one dialogue says one of them.
PROMISED = re.compile(r"承诺的时间|承诺的时效|承诺的日子|时效件，")
NOT_PROMISED = re.compile(r"(?:不带|没有|不承诺)时效|标快|标准快递")


def one_service_level(intent: str, turns: list) -> bool:
    """A late parcel is either a 时效件 or a 标快 in every agent turn: no 比承诺的时间晚了 with a 不带时效承诺 (the
    refusal's rule about 特快/时效件 in general does not count: only this parcel's 承诺 is read)."""
    if intent != "delay":
        return True
    promised = unpromised = False
    for turn in turns:
        if turn["role"] == "agent":
            text = turn["text"]
            promised = promised or PROMISED.search(text) is not None
            unpromised = unpromised or NOT_PROMISED.search(text) is not None
    return not (promised and unpromised)


# How each cause is stated (not its remedy: 补门牌号, 包裹还在驿站): a turn states a cause in one sentence only
# (rules.py one_cause_statement); the 大促 backlog said, then said again as 件量高峰, is the same cause told twice.
CAUSE_STATEMENTS = {
    "peak": "大促|高峰|件量大|件多|压件|压了不少件|积压|比较忙",
    "hub": "检修|停机",
    "missort": "分错",
    "weather": "降雪|大雾|暴雨|台风|天气|封路",
    "address": "没写门牌号|少了门牌号|没有门牌号|不够详细",
    "station": "没联系上|电话没打通|没发出来|没有发给您|漏发",
    "customs": "跨境",
}
# Where a parcel is when its address is changed (a change is refused only once it is out for delivery): still at
# the sending station (changed at once, free), in transit (free), at the delivery station (forwarded, for a fee).
ADDRESS_CHANGES = {"before": 1.0, "transit": 2.5, "station": 1.3}
# The hubs a parcel stalls at (slot last_scan for the delivery company; named in the text for a shop's courier).
HUBS = ("杭州转运中心", "广州白云分拨中心", "武汉转运中心", "郑州分拨中心", "成都双流转运中心", "上海青浦分拨中心")


@lru_cache(maxsize=None)
def late_causes(intent: str, outcome: str, kind: str, platform: str, month: int, hub: str,
                in_season: bool = True) -> tuple:
    """The causes a late parcel of this intent, outcome and kind, stalled at `hub` in `month`, can have, as
    (cause, weight) pairs."""
    causes = dict(REFUSED_DELAYS if intent == "delay" and outcome == "unsatisfied" else LATE_CAUSES[intent])
    if not in_season:   # (in_season: peak_sale of the conversation's date)
        causes["peak"] *= PEAK_OFF_SEASON
    weather = sum(w for _, w in weathers(month, hub))
    if weather:
        causes["weather"] = weather
    if intent == "delay" and outcome == "unsatisfied":
        return tuple(causes.items())
    if "customs" in causes and not (platform == "market" and kind in CROSS_BORDER_KINDS):
        causes.pop("customs")
    for cause in {"escalated": NOT_ESCALATED, "unsatisfied": NOT_REFUSED}.get(outcome, ()):
        causes.pop(cause, None)
    return tuple(causes.items())


# Refusals of an address change, by where the parcel is: out for delivery (the courier is called instead), already
# signed for (the waybill is closed: picked up and posted again), or a shop's parcel whose address only the sender
# may change (the shop files it in its own system; a recipient's request could be an impostor's).
# An address changed in transit stays in the parcel's city in this share (a move within town is the usual case).
SAME_CITY_SHARE = 0.6
CITY = re.compile(r"^(?:[^省]{2,3}省|.{2,5}自治区)?(.{2,12}?(?:自治州|地区|盟|市))")


def city_of(address: str) -> str:
    """The city an address is in (杭州市, 重庆市, 德宏傣族景颇族自治州), as the address writes it."""
    found = CITY.match(address)
    return found.group(1) if found else "新地址所在的城市"


REFUSED_CHANGES = (("out", 1.0), ("signed", 0.8), ("sender_only", 1.0))
# A lost-parcel refusal: the parcel shows as signed for (a signing check, not a claim) in this share of them; the
# others are refused by who asks (a recipient is not the claimant) or for an unvalued parcel's cap.
SIGNED_REFUSALS = 0.35
# Who signed for a parcel the customer never saw, and when.
SIGNERS = ("小区驿站", "快递柜", "门卫")
SIGN_DAYS = ("昨天", "前天", "三天前")
# An unvalued parcel is paid its actual loss up to three times the freight (the common term, after 邮政法 第四十七条
# for registered mail); the freight of a small parcel, in yuan.
UNVALUED_MULTIPLE = 3
FREIGHTS = (10, 12, 15, 18, 23)


def signed_facts(u: float) -> dict:
    """When and by whom a parcel was signed for (said the same way in every turn)."""
    return {"sign_day": SIGN_DAYS[min(int(u * 3), 2)], "signer": SIGNERS[int(u * 997) % 3]}


def unvalued_facts(u: float) -> dict:
    """The freight paid and the most an unvalued parcel is paid if lost."""
    freight = FREIGHTS[min(int(u * len(FREIGHTS)), len(FREIGHTS) - 1)]
    return {"freight": str(freight), "cap": str(freight * UNVALUED_MULTIPLE)}


# An insured parcel's claim pays the goods' value shown on the customer's proof, up to the declared value (保价金额):
# the value is drawn around the declared one (a sender declares roughly what the goods cost, a little under or
# over), so most claims are paid in full and some are capped (reading 18 #15: no amount paid was ever said, and
# 最多保价500元 mixed the cap with the payout).
VALUE_SPREAD = (0.55, 1.4)


def claim_facts(declared: int, u: float) -> dict:
    """The goods' value on the proof, the amount paid out and whether the cap cut it (cover: within or over)."""
    low, high = VALUE_SPREAD
    value = max(10, int(declared * (low + (high - low) * u)) // 10 * 10 - (9 if u * 7 % 1 < 0.5 else 0))
    payout = min(value, declared)
    return {"goods_value": str(value), "payout": str(payout), "cover": "over" if value > declared else "within"}



# 快递丢失: a parcel is declared lost only once a search has run its course. A parcel with no scan for three days
# is turned into a 查件工单 by the system; the hub searches for 48 hours and reports. So a parcel stalled five days
# or more (declared lost: resolved, refund_issued) had its search opened and its result before the chat, told with
# the days they fell on; a parcel stalled less is searched from now (escalated: the 48 hours still to run). No
# search is done in the minute of a chat (调了监控, 分拣区翻过了: reading 15 #17).
SEARCH_AFTER, SEARCH_HOURS = 3, 48
DAYS_AGO = {0: "今天", 1: "昨天", 2: "前天"}


def days_ago(days: int, digits: str) -> str:
    return DAYS_AGO.get(days) or (digits[days] if days <= 10 else str(days)) + "天前"


# What the hub's 48-hour search reported: floor: the floor and the cages searched, nothing; bag: the bag it was
# packed in arrived, and it is not on the bag's unpacking list (lost before the hub); label: its waybill label found
# torn off by the sorting line, the parcel not among the unlabelled items.
SEARCH_FINDINGS = ("floor", "bag", "label")


# Who opened the search (reading 18 found two lost parcels one script, read_dlg2 #8 = #26): the system, after three
# days without a scan; the hub's own stock count, which found the parcel's scan without the parcel; or, for a
# recipient, the sender, who reported it to the carrier (a sender writing in has reported nothing: it asks).
SEARCH_OPENERS = {"sender": ("auto", "auto", "count"), "recipient": ("auto", "count", "reported")}


def search_facts(stalled: int, digits: str, u: float = 0.0, party: str = "sender") -> dict:
    """When the search of a parcel stalled `stalled` days was opened and when its result came, as days before today
    (`digits`: the Chinese numerals of small counts), what it found and who opened it (`u`)."""
    opened = stalled - SEARCH_AFTER
    result = opened - SEARCH_HOURS // 24
    openers = SEARCH_OPENERS[party]
    # (a result out before today reached nobody: the customer is writing in about it, so the agent owns the missed
    # notice: 结果出来本该短信通知您，没通知到您)
    return {"search_opened": days_ago(opened, digits), "search_result": days_ago(result, digits),
            "notice": "missed" if result > 0 else "today",
            "found": SEARCH_FINDINGS[int(u * 997) % len(SEARCH_FINDINGS)],
            "opener": openers[int(u * 7919) % len(openers)]}


# A loss declared (找不回来了, 确认遗失 ...) and the search result it rests on (查件…出了结果).
LOSS_DECLARED = re.compile(r"确认(遗失|丢失|丢了)|找不回来了|按遗失处理|(遗失|丢失)的，")
SEARCH_RESULT = re.compile(r"查件[^。]{0,30}出了结果|出了(查件)?结果")
SEARCHED_IN_CHAT = re.compile(r"监控|翻过了|翻过一遍")
CLAUSES = re.compile(r"[^，。；！？：]+")
IF_LOST = re.compile(r"的话|如果|要是|万一|真")   # (确认丢失的话再走理赔: a condition, no loss declared)


def loss_declared_after_search(intent: str, outcome: str, turns: list) -> bool:
    """lost_parcel: an agent sentence that declares the parcel lost comes after (or in the turn of) the search's
    result told; no search is said done in the chat (监控, 翻过了); a claim paid (refund_issued) rests on the proof
    of value the customer sent (send_evidence) before the payout."""
    if intent != "lost_parcel":
        return True
    result = sent = False
    for turn in turns:
        if turn["role"] == "customer":
            sent = sent or turn["act"] == "send_evidence"
            continue
        text = turn["text"]
        if SEARCHED_IN_CHAT.search(text):
            return False
        result = result or bool(SEARCH_RESULT.search(text))
        if not result and any(LOSS_DECLARED.search(c) and not IF_LOST.search(c) for c in CLAUSES.findall(text)):
            return False
        if turn["act"] == "propose_refund" and outcome == "refund_issued" and not sent:
            return False
    return True
