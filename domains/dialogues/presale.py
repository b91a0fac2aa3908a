"""Why an order has not shipped yet (催发货), decided in the plan: each reason has its own date and next step.

- backlog:  the warehouse ships in order and the queue is long after a sale -> the date in the queue
- restock:  the item sold out and the warehouse is waiting for stock -> wait for the restock date, or cancel
- presale:  a 预售 item, shipping on the date its page named -> that date; nothing to hurry, cancel if too late
- address:  the order is held until the address is confirmed (no house number, a remote area) -> the customer
            confirms it, and it ships on the next run
"""

from __future__ import annotations

from functools import lru_cache

# How each reason is stated (not its remedy): one sentence of a turn at most (rules.py one_cause_statement).
HOLD_STATEMENTS = {"backlog": "订单量大|单子多", "restock": "缺货|断货|卖得", "presale": "预售",
                   "address": "没有门牌号|少了门牌号|没写门牌号"}
HOLDS = {"backlog": 3.0, "restock": 2.5, "presale": 2.0, "address": 1.2}
# A held address is put right in the chat: it is neither refused nor cancelled over.
ONLY_RESOLVED = ("address",)


@lru_cache(maxsize=None)
def shipping_holds(outcome: str) -> tuple:
    """The reasons an order can be unshipped for this outcome, as (reason, weight) pairs."""
    return tuple((k, w) for k, w in HOLDS.items() if outcome == "resolved" or k not in ONLY_RESOLVED)
