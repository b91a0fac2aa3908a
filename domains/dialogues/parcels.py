"""Why a parcel is late, decided in the plan, and so what the agent does about it.

A real desk sees several causes, each with its own next step, not one 加急标记 for every late parcel:

- hub:      a sorting line at the hub stopped for repair -> the hub is asked to move it first once running
- missort:  sorted to the wrong city at the hub -> sent back and re-sorted (a day or two lost)
- peak:     the backlog after a sale -> the one case where a 加急/催派 on the parcel helps
- weather:  roads closed by the season's weather (`weathers`) -> nothing to hurry: it moves when the roads open
- address:  the address lacks a house number or the phone did not answer -> the address is confirmed and the
            parcel sent out again on a named day
- station:  the courier left it at a 驿站 or 快递柜 without a message -> the station is called, the pickup code
            resent, or door delivery booked
- customs:  cross-border goods held for 清关 (marketplace only) -> the recipient's real-name check is completed

`late_causes` are those one late parcel may have (the plan draws one); every turn about it (the look-up's reason, the answer to 为什么,
the solution, the refusal) is keyed on it, so the text says one cause and its own remedy.
"""

from __future__ import annotations

from functools import lru_cache

# How often each cause is behind a late parcel (the intent's share of each; customs only where it can apply).
LATE_CAUSES = {
    "logistics": {"peak": 2.0, "hub": 1.4, "missort": 0.8, "weather": 1.4, "address": 1.2, "station": 1.6,
                  "customs": 1.0},
    "delay": {"peak": 2.0, "hub": 1.4, "missort": 0.9, "weather": 2.0, "address": 1.2, "station": 1.5},
}
# Goods a marketplace ships from a bonded warehouse abroad (跨境): cosmetics, food, small electronics.
CROSS_BORDER_KINDS = ("beauty", "food", "earbuds", "watch")
# Causes a specialist does not take up: a wrong address is put right by the agent in the chat, and nobody can move
# a road closed by the weather.
NOT_ESCALATED = ("address", "weather")
# Causes a 今天就要 is not refused for (the refusal is about a parcel in transit): a parcel waiting at a station can
# be picked up today, one held for its address is sent out once the address is put right.
NOT_REFUSED = ("station", "address")
# A delay refused compensation: the weather's (不可抗力), or the carrier's own on a standard parcel, which carries no
# time guarantee (only a 时效件 is paid for lateness).
REFUSED_DELAYS = {"weather": 2.0, "peak": 1.0, "hub": 0.6, "missort": 0.4}
# How each cause is stated (not its remedy: 补门牌号, 包裹还在驿站): a turn states a cause in one sentence only
# (rules.py one_cause_statement); the 大促 backlog said, then said again as 件量高峰, is the same cause told twice.
CAUSE_STATEMENTS = {
    "peak": "大促|高峰|件量大|件多|压件|压了不少件|积压|比较忙",
    "hub": "检修|停机",
    "missort": "分错",
    "weather": "降雪|大雾|暴雨|天气|封路",
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
def late_causes(intent: str, outcome: str, kind: str, platform: str) -> tuple:
    """The causes a late parcel of this intent, outcome and kind can have, as (cause, weight) pairs."""
    if intent == "delay" and outcome == "unsatisfied":
        return tuple(REFUSED_DELAYS.items())
    causes = dict(LATE_CAUSES[intent])
    if "customs" in causes and not (platform == "market" and kind in CROSS_BORDER_KINDS):
        causes.pop("customs")
    for cause in {"escalated": NOT_ESCALATED, "unsatisfied": NOT_REFUSED}.get(outcome, ()):
        causes.pop(cause, None)
    return tuple(causes.items())
