"""An unshipped order's fact sheet (催发货): order date, promised ship date, today, ship date, days late, and when
new stock reaches the warehouse, decided together in the plan so that every timing or stock sentence reads them.

- The shop promises shipment within 48 hours of the order (PROMISED_DAYS); an order in a warehouse's queue
  (backlog) is late by (ship date - order date) - PROMISED_DAYS days, and that is the delay the agent names
  (reading 18, #9: ordered 12-22, ships 12-30, and 推迟了一两天).
- A sold-out item (restock) ships the day after its new stock arrives, so its arrival is known: today for an
  order shipping tomorrow, tomorrow for one shipping the day after; the agent names that day, never an unknown
  supply (reading 18b, #20: 排在明天发货 beside 正在等厂家发货 and 到货时间我这边催不动).

`told_by_its_sheet` is the rule's check on the text.
"""

from __future__ import annotations

import datetime as dt
import re

PROMISED_DAYS = 2   # 48小时内发货
# An order shipped past the promised 48 hours is compensated by the platform's rule (延迟发货赔付): a coupon of 5%
# of the price, 5 to 30 yuan (reading 19 r2 #22: four days late and nothing offered).
LATE_SHARE, LATE_COUPON_MIN, LATE_COUPON_MAX = 0.05, 5, 30


def late_coupon(price: int) -> int:
    """The late-shipment coupon (yuan) for an order of this price."""
    return min(LATE_COUPON_MAX, max(LATE_COUPON_MIN, int(round(price * LATE_SHARE))))
DAYS = ("", "一天", "两天", "三天", "四天", "五天", "六天", "七天")


def order_age(hold: str, u: float) -> int:
    """Days from the order to today: a queue's order is chased three to five days on (a sale's queue runs a few
    days late, not weeks); the others three to eight."""
    return 3 + int(u * 3) if hold == "backlog" else 3 + int(u * 6)


def order_sheet(hold: str, today: dt.date, age: int, u: float, price: int = 0) -> tuple[dt.date, dict]:
    """The ship date and the sheet's facts a sentence reads (env values): late_by and the late-shipment coupon for
    a queue, stock_in for a restock."""
    ship = today + dt.timedelta(days=(3 + int(u * 6)) if hold == "presale" else 1 + int(u * 2))
    facts = {}
    if hold == "backlog":
        facts["late_by"] = DAYS[min(age + (ship - today).days - PROMISED_DAYS, len(DAYS) - 1)]
        # the days already past the promise today, which the customer counts (reading 20 r2 #13: 拖了四天 said on
        # 12-20 of an order of 12-16, two days past its 48 hours; the four are the ship date's)
        facts["overdue_by"] = DAYS[min(age - PROMISED_DAYS, len(DAYS) - 1)]
        facts["late_coupon"] = str(late_coupon(price))
    elif hold == "restock":
        facts["stock_in"] = "今天" if (ship - today).days == 1 else "明天"
    return ship, facts


# A delay the agent states (推迟了两天, 往后延了一点), a stock-out, a supply said unknown, and the day stock arrives.
DELAY_SAID = re.compile(r"(?:推迟|往后延|顺延|延后|晚)了(一两天|两三天|一点|[一两三四五六七]天)")
STOCK_OUT = re.compile(r"缺货|断货|没货|没有货")
SUPPLY_UNKNOWN = re.compile(r"催不动|左右不了|还没定|没有到货|等厂家通知|等厂家发货|等供应商发货")
STOCK_DAY = re.compile(r"(?:今天|明天|\d+月\d+日)[^。！？，]{0,6}(?:到仓|入库)")
SHEET_WORDS = ("了一", "了两", "了三", "了四", "了五", "了六", "了七", "缺货", "断货", "没货", "没有货")
_STATED = {"一两天": (1, 2), "两三天": (2, 3), "一点": (1,)}


def _day(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def told_by_its_sheet(intent: str, slots: dict, turns: list) -> bool:
    """An unshipped order's agent turns agree with its sheet: a delay named is the days past the promised 48 hours
    (ship date - order date - 2), and an order with a ship date said out of stock names the day its stock arrives
    and never calls that supply unknown."""
    if intent != "urge_shipping":
        return True
    slots = slots or {}
    ship, ordered = _day(slots.get("ship_date")), _day(slots.get("purchase_date"))
    if ship is None or ordered is None:
        return True
    late = (ship - ordered).days - PROMISED_DAYS
    agent = [t["text"] for t in turns if t["role"] == "agent"]
    for text in agent:
        for said in DELAY_SAID.findall(text):
            if late not in (_STATED[said] if said in _STATED else (DAYS.index(said),)):
                return False
    if any(STOCK_OUT.search(t) for t in agent):
        if any(SUPPLY_UNKNOWN.search(t) for t in agent) or not any(STOCK_DAY.search(t) for t in agent):
            return False
    return True
