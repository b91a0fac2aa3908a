"""A card perhaps only mislaid, locked for now (card_loss, path lock): what its holder asks once it is locked, and
the card's last use the agent can read out. Reading 19 (#1, #13) heard two lock chats as one script: the same
question (卡号会变吗 / 自动还款还能扣吗) and the same answer. Four moves now, each with its own answer:

- number:  卡号会变吗 (no: a lock is not a 挂失)
- autopay: 自动还款还能扣吗 (yes: a lock stops spending, not repaying)
- where:   the holder asks where the card was last used, to think where it was left (the record's last purchase)
- tried:   the holder tried to lock it in the App and could not find where; the agent locked it and says where the
           switch is, which is also where it is unlocked
"""
from __future__ import annotations

import datetime as dt

LOCK_ASKS = (("number", 1), ("autopay", 1), ("where", 1), ("tried", 1))
# Places a card is last used (invented shops of the kinds people leave a card at).
LAST_USED_AT = ("佳禾超市", "老街面馆", "同福大药房", "悦动健身", "鲜丰水果", "一品烘焙")


def lock_facts(ask: str, today: dt.date, u: float) -> dict:
    """The lock's ask (drawn from LOCK_ASKS by the caller) and, for `where`, the card's last use: a day in the last
    three and a shop (from `u`)."""
    env = {"ask": ask}
    if ask == "where":
        v = (u * 7919.0) % 1.0
        day = today - dt.timedelta(days=int(v * 3))
        shop = LAST_USED_AT[int((u * 104729.0) % 1.0 * len(LAST_USED_AT))]
        # (said as 今天/昨天/前天: a date here would be a value no slot holds, rules.values_in_text_are_true)
        env["last_used"] = ("今天", "昨天", "前天")[(today - day).days] + "在" + shop
    return env
