"""What a refusal left the customer to try (issue 12, reading of seed 58231: #2 and #14 gave up with the same
好吧，那就这样吧，很失望 right after the agent had offered 调单 or 临时额度, as if the offer was never made).

A customer who gives up after such a refusal says what they make of the way out offered (临时额度不顶用, 调单还要
等一两个月) or that they will try it; a plain give-up is left for refusals that offer nothing. The refusal's wording
is the grammar's pick, so the offer is read off the agent's turn as said."""

from __future__ import annotations

import re

# The ways out a refusal names, as the grammar words them; first match wins (a temporary limit is also 申请).
OFFERS = (
    ("temp_limit", re.compile("临时额度")),
    ("dispute", re.compile("调单|争议处理")),
    ("cancel", re.compile("取消订单|发货前.{0,4}退款")),   # (an order not shipped yet)
    ("hold", re.compile("挂着|保留这次换货|给您留着")),   # (an exchange held until the restock)
    ("new_card", re.compile("(补卡申请|新卡|补卡)(就|)先不(申请|提交)|(到网点后|到了网点)(保留|留存)30天")),   # (card_loss)
    ("other", re.compile("(?<![不没])(?:可以|不妨|还可以|也可以|能)(?:申请|试试|看看|开|联系|找|拿|绑定|办成|去)|建议")),
)


def offered(agent_text: str) -> str:
    """The way out the refusal `agent_text` offers (a key of OFFERS), or "" where it offers none."""
    for name, pattern in OFFERS:
        if pattern.search(agent_text):
            return name
    return ""
