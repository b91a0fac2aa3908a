"""恒信银行信用卡中心's policy, one table every sentence of a bank dialogue reads: how long a transfer from another
bank takes to post, the grace after the due date. Reading 18 found 1到2 and 1到3 working days for the same transfer
in two chats, and 一般1到2个工作日入账 told on the third working day after the money left."""
import datetime as dt
import re

# A transfer from another bank posts within this many working days (said as 1到2个工作日, 一两个工作日).
TRANSFER_WORKING_DAYS = 2
TRANSFER_SAID = ("1到2个工作日", "一两个工作日", "1至2个工作日")
# Days after the due date in which a payment is not an overdue (interest still runs).
GRACE_DAYS = 3


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Weekdays strictly after start and strictly before end: the whole working days a transfer sent on start has
    had to clear when the customer writes on end."""
    return sum(1 for k in range(1, (end - start).days) if (start + dt.timedelta(days=k)).weekday() < 5)


def still_clearing(sent: dt.date, today: dt.date) -> bool:
    """A transfer sent on `sent` may still be clearing today: fewer working days after it, today counted, than it
    takes (reading 19 #29: sent Tuesday, told 一两个工作日 on Thursday, the second working day already running)."""
    return working_days_between(sent, today) + (today.weekday() < 5 and today > sent) < TRANSFER_WORKING_DAYS


# Who ends a merchant's 免密代扣 on the card: the bank itself (the agent, or the App's 支付管理), always; the merchant's
# App switches off only its own 自动续费 (reading 19 #2 vs #18 sent one customer to the merchant for the agreement).
# How a card payment was made, one fact of the transaction (payment_auth) every sentence reads: the words that
# name each channel; a dialogue naming two of them for one payment contradicts itself (reading 19, read_dlg2 #16:
# 小额免密 then 在店里的POS机刷卡).
CHANNEL_WORDS = {"small_free": re.compile(r"小额免密|闪付|挥卡"),
                 "pin": re.compile(r"POS机刷卡|刷卡输密码|输了密码|插卡")}
# A reminder told as sent before the payment posted, while the customer says it came today (or just now) and the
# payment posted days before (reading 19 #27).
_SENT_BEFORE_POSTING = re.compile(r"入账前|到账前|入账之前")
_CAME_TODAY = re.compile(r"今天[^。，！？]{0,6}(收到|来了)|刚才[^。，！？]{0,6}(收到|来了)")


# -- rules read off the output (declared in rules.py) ----------------------------------------------------------
# Words any of which an agent turn breaking a rule below holds (rules.py gates the check on them).
POLICY_WORDS = ("工作日", "离还款日", "离到期日", "距离到期", "消费不多", "用得不多", "刷得比较少", "用得少",
                "小额免密", "闪付", "挥卡", "提醒")
_OTHER_TRANSFER_DAYS = re.compile(r"(跨行|他行|别的银行|转出银行)[^。；]*(1到3个|1至3个)工作日")
_CLEARING_DAYS = re.compile("|".join(TRANSFER_SAID))
_TIME_LEFT = re.compile(r"(离还款日|离到期日|距离到期还款日)")
_DATE = re.compile(r"\d{1,2}月\d{1,2}日")
_LITTLE_USE = re.compile(r"消费不多|用得不多|刷得比较少|用得少")
_RUNS_OUT = re.compile(r"不够用|刷得差不多|刷爆")


def bank_policy_is_one(intent: str, date, slots: dict, turns: list) -> bool:
    """Bank dialogues tell the bank's one policy and the calendar: a transfer from another bank posts in 1到2个工作日
    (never 1到3个), said of a transfer still inside those days on the day of the chat; 离还款日还… comes with the
    due date itself; a card the agent calls little used is not one the customer said runs out each month; one
    payment is made by one channel (CHANNEL_WORDS); a reminder that came today is not said to have gone out before
    a payment that posted days ago."""
    sent = (slots or {}).get("pay_date")
    cleared = sent is not None and not still_clearing(dt.date.fromisoformat(sent), dt.date.fromisoformat(str(date)))
    runs_out = came_today = False
    channels = set()
    paid_before = sent is not None and sent < str(date)
    for turn in turns:
        text = turn["text"]
        if turn["role"] == "customer":
            runs_out = runs_out or bool(_RUNS_OUT.search(text))
            came_today = came_today or "提醒" in text and bool(_CAME_TODAY.search(text))
            continue
        channels.update(name for name, words in CHANNEL_WORDS.items() if words.search(text))
        if len(channels) > 1:
            return False
        if came_today and paid_before and "提醒" in text and _SENT_BEFORE_POSTING.search(text):
            return False
        if _OTHER_TRANSFER_DAYS.search(text) or cleared and _CLEARING_DAYS.search(text):
            return False
        if _TIME_LEFT.search(text) and not _DATE.search(text):
            return False
        if runs_out and _LITTLE_USE.search(text):
            return False
    return True
