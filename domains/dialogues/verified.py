"""Checks that a bank or carrier agent verifies, asks, waits for the answer and then acts (issue 12, reading 16: #2,
#7, #13, #25), read from output fields only, like every rule in rules.py (which declares them).

- A bank discloses a bill or a transaction (an amount in yuan) only to a holder verified as its procedure does: a
  code sent to the phone on file, the holder's name and ID number in the secure keyboard, the security question, a
  face check, or the card app's logged-in session; the card's last four digits alone verify nobody.
- A carrier reconnects a number only its owner may ask for (需要机主申请) once the owner is verified (the service
  password, the owner's ID, 实名) and says the reconnection was submitted only after that.
- An agent who asks the customer something (卡还在不在？) waits for the answer: the next turn is the customer's.
- A repayment is spoken of as a transfer (转账, 转出银行, 收款账号) only once the customer said it was one.
"""

from __future__ import annotations

import re

from .heed import agent_tells_only_after_customer
from .procedure_rules import SENTENCES

BANK_INTENTS = frozenset({"card_loss", "credit_limit", "transaction_query", "repayment", "repayment_not_posted"})
# How a holder is verified (the words an agent's request for it holds).
VERIFY_ASK = re.compile(r"验证码|身份证|安全问题|人脸|刷脸|登录")
AMOUNT = re.compile(r"\d+(\.\d+)?元")


def answered_before(turns: list, ask: re.Pattern, act: re.Pattern, with_ask: bool = False) -> bool:
    """No agent turn matching `act` comes before a customer turn that follows an agent turn matching `ask` (with
    `with_ask`: an agent turn matching `ask` itself, or after one, is enough: the act is said with the request)."""
    asked = answered = False
    for turn in turns:
        text = turn["text"]
        if turn["role"] == "customer":
            answered = answered or asked
            continue
        here = bool(ask.search(text))
        if act.search(text) and not (answered or with_ask and (asked or here)):
            return False
        asked = asked or here
    return True


def holder_verified_before_disclosure(intent: str, turns: list) -> bool:
    """In a bank dialogue, no agent turn names an amount in yuan before an agent turn has asked for a verification
    (VERIFY_ASK) and a customer turn has followed it."""
    return intent not in BANK_INTENTS or answered_before(turns, VERIFY_ASK, AMOUNT)


# A reconnection said to be done or submitted, and the owner's verification asked for.
RECONNECTED = re.compile(r"(提交|办)(了|好了)复机|复机(申请)?(已经|已)?(给您|为您|帮您)?(提交|办好|办理)(了|好了)"
                         r"|(已|已经)(给您|为您|帮您)?(提交了?|办了?)复机")   # (done: 办复机 alone is a step to take)
OWNER_ONLY = re.compile(r"需要机主(本人)?申请|要机主本人(申请|办理)")
OWNER_CHECK = re.compile(r"服务密码|身份证|实名")


def owner_verified_before_reconnection(intent: str, turns: list) -> bool:
    """suspension: an agent turn that says a reconnection only the owner may ask for (需要机主申请) is, or follows,
    an agent turn asking for the owner's verification (服务密码, 身份证, 实名); a reconnection said submitted comes
    after a customer turn answering it."""
    return intent != "suspension" or (answered_before(turns, OWNER_CHECK, OWNER_ONLY, with_ask=True) and
                                      answered_before(turns, OWNER_CHECK, RECONNECTED))


# A question to the customer in an agent turn: a question mark, or a request to check and say (在不在).
ASKS_CUSTOMER = re.compile(r"？|\?|在不在|是否一直在")
WAIT_SECTORS = frozenset({"bank", "telecom"})


def agent_waits_for_answer(sector: str, turns: list) -> bool:
    """bank and telecom: an agent turn that asks the customer something (ASKS_CUSTOMER) is followed by a customer
    turn, never by another agent turn acting on an answer not given."""
    if sector not in WAIT_SECTORS:
        return True
    for turn, after in zip(turns, turns[1:]):
        if turn["role"] == "agent" and after["role"] == "agent" and ASKS_CUSTOMER.search(turn["text"]):
            return False
    return True


TRANSFER_TOLD = re.compile(r"这笔转账|转出银行|收款账号|收款卡号")   # (this payment as a transfer, not advice on transfers)
TRANSFER_SAID = re.compile(r"转账|转了|转的|他行|别的银行|另一家银行|别的银行卡")


def transfer_said_before_told(intent: str, turns: list) -> bool:
    """repayment_not_posted: an agent turn speaks of a transfer (转账, 转出银行, 收款账号) only after a customer turn
    said the repayment was one (转账, 他行, 别的银行)."""
    return intent != "repayment_not_posted" or agent_tells_only_after_customer(turns, TRANSFER_SAID, TRANSFER_TOLD)


# A carrier's account: a bill or a balance (an amount in yuan) is told, and an add-on said cancelled, only once the
# number's owner is verified (reading 20 r1 #3 #10 #11 #16 #18 #21): the service password or an SMS code asked for
# in the verification box, or the logged-in App the chat came from, and a customer turn after it.
ACCOUNT_INTENTS = ("bill", "recharge_missing")
OWNER_VERIFY_ASK = re.compile(r"服务密码|验证码|登录")
ACCOUNT_TOLD = re.compile(r"\d+(\.\d+)?(元|块)|(帮您|为您|给您)(取消|退订|关掉|关闭)了|已(经)?(帮您|为您|给您)?(取消|退订|关掉|关闭)")
ACCOUNT_WORDS = ("元", "块", "取消", "退订", "关掉", "关闭")


def owner_verified_before_account(intent: str, turns: list) -> bool:
    """bill, recharge_missing: no agent turn names an amount in yuan or says an add-on cancelled before an agent turn
    asked for the owner's verification (服务密码, 验证码) or named the App login, and a customer turn followed it."""
    return intent not in ACCOUNT_INTENTS or answered_before(turns, OWNER_VERIFY_ASK, ACCOUNT_TOLD)


__all__ = ["holder_verified_before_disclosure", "owner_verified_before_reconnection", "agent_waits_for_answer",
           "transfer_said_before_told", "owner_verified_before_account", "SENTENCES"]
