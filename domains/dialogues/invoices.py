"""The facts of an invoice request that its path needs (aftersales.invoice_path picks the path): why an invoice
applied for has not come out, how much of an order was refunded before it is invoiced, and a company's
unified social credit code (税号) typed in the chat when the platform holds none.

A reader put two invoice chats side by side (reading 19, #20 and #23) and heard one script: 开过一张电子票，金额X元…
红冲重开. A real desk meets different invoice matters, each with its own check and next step; these are their facts.
"""

from __future__ import annotations

import datetime as dt

# Why an invoice applied for days ago is not out yet:
# - unconfirmed: the shop invoices after 确认收货 and the order is not confirmed (confirming issues it within a day;
#                otherwise the system confirms on its own ten days after delivery)
# - queue:       the shop's invoicing runs in batches and this request waits in one (the agent chases it: out by a
#                named day)
PENDING_CAUSES = ("unconfirmed", "queue")
# Share of the price refunded before the invoice (a price difference or one of two items returned).
REFUND_SHARES = (0.1, 0.2, 0.5)
# GB 32100 code characters and weights of the 18-character unified social credit code.
CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# Region codes of the code's third to eighth characters (cities of the invented companies).
REGIONS = ("110105", "310115", "440305", "330106", "510107", "420106")


def pick(options: tuple, u: float):
    return options[min(int(u * len(options)), len(options) - 1)]


def credit_code(u: float, v: float) -> str:
    """An enterprise's 税号 (统一社会信用代码, 91 = a company registered with the market regulator) whose check
    character is right."""
    body = "91" + pick(REGIONS, u) + "MA" + "".join(CODE_CHARS[int(v * 31 ** (k + 1)) % 31] for k in range(7))
    total = sum(CODE_CHARS.index(c) * w for c, w in zip(body, CODE_WEIGHTS))
    return body + CODE_CHARS[(31 - total % 31) % 31]


def refunded(amount: int, u: float) -> int:
    """What was refunded of the order before the invoice (whole yuan, 5 at least, less than the price)."""
    return min(amount - 1, max(5, int(round(amount * pick(REFUND_SHARES, u) / 5.0)) * 5))


def facts(path: str, amount: int, date: dt.date, u: float, v: float) -> tuple:
    """(env entries, slots) the path's sentences read: the dates are slots (apply_date, and eta: the day a chased
    invoice is out by), so the record carries every date its text says."""
    env: dict = {}
    slots: dict = {}
    if path == "pending":
        env["held_by"] = pick(PENDING_CAUSES, u)
        slots["apply_date"] = (date - dt.timedelta(days=3 + int(v * 3))).isoformat()
        if env["held_by"] == "queue":
            slots["eta"] = (date + dt.timedelta(days=1)).isoformat()
    if path == "partial_refund":
        back = refunded(amount, u)
        env["refunded"], env["net_amount"] = str(back), str(amount - back)
        env["billed"] = "yes" if v < 0.5 else "no"   # invoiced in full before the refund: voided and reissued
    if path == "tax_form":
        env["tax_id"] = credit_code(u, v)
    return env, slots
