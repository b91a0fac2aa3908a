"""Consent: an action that changes the customer's account is taken only when the customer asked for it or agreed
to the agent's offer in the turn before (issue 12, a team lead's reading 13, items 27 and 29), and so is an appeal
filed in the customer's name (a top-up sent to someone else's live number: 充错号码申诉, reading 15 #13).

The actions: ending a merchant's auto-debit agreement (免密代扣/代扣签约), reporting a card lost (挂失), posting a
new card (补卡), stopping a card (止付/冻结). The plan knows which the customer asked for (its opening: 帮我挂失,
卡先给我冻上) and which the agent must offer first (怎么挂失: how, not do; 这是什么扣费: what, not cancel; a new card
posted: always, with the address it goes to). An offer is `offer_terms`, answered `agree` or `decline_offer`; the
act that carries it out reads the answer (`agreed`).

The plan marks the customer's request as `asked:<action>` in the opening's told and the offer as `offer:<action>`
in the offer's; the rule reads those and the agent's text.
"""

from __future__ import annotations

import re

from .procedure_rules import SENTENCES   # (one agent sentence at a time: an offer and a deed are told apart per sentence)

# What the agent says when it has done an action (a sentence with the action and a done marker, not an offer).
DONE = {
    "debit": re.compile(r"(已|已经)(为您|帮您|给您)?(解除|解约)[^。；？]{0,16}(代扣|签约)"
                        r"|(代扣|签约)[^。；？]{0,8}((已|已经)(帮您|给您|为您)?(解除|解约)|(帮您|给您|为您)(解除|解约)了)"),
    "loss": re.compile(r"(已|已经)(先)?(为您)?(办理|做了|办好)?[^。；？，]{0,12}挂失|挂失[^。；？]{0,6}(已经|已)?(生效|办好)"),
    "reissue": re.compile(r"补卡申请(已|已经)提交|(已|已经)(为您|帮您)(申请|提交)(补发新卡|补卡)|(新卡|补发的卡|补的卡)[^。；？]{0,4}(给您|为您)(申请|安排)"),
    "appeal": re.compile(r"(已|已经)[^。；？]{0,6}(提交|登记)[^。；？]{0,8}申诉|(提交|登记)了[^。；？]{0,8}申诉"
                         r"|申诉[^。；？]{0,6}((已经|已)(提交|登记)|(提交|登记)好了)"),
    "freeze": re.compile(r"(已经|已|也已)(止付|冻结)|把[^。；？]{0,12}(止付|冻结)了|(止付|冻结)[^。；？]{0,4}(已经|也已|已)(办好|生效)"),
}
OFFER_MARK = re.compile(r"吗|要不要|需不需要|是否|的话|如果|要是|可以帮|能帮")
# Which offer consents to which action (a card to be posted is offered with the loss when the customer only asked
# how to report it).
OFFERS = {"debit": ("debit",), "mail": ("reissue",), "loss_mail": ("loss", "reissue"), "loss": ("loss",),
          "appeal": ("appeal",)}


def done_actions(text: str) -> set:
    """The actions an agent line says are done (in a sentence that is not itself an offer or a condition)."""
    found = set()
    if not ACTION_WORDS.search(text):   # (each DONE pattern holds one of the words: most lines are done with at once)
        return found
    for sentence in SENTENCES.findall(text):
        if OFFER_MARK.search(sentence) or not ACTION_WORDS.search(sentence):
            continue
        for action, pattern in DONE.items():
            if pattern.search(sentence):
                found.add(action)
    return found


def plan(intent: str, outcome: str, path: str, env: dict, flags: dict, u: float) -> bool:
    """Set the plan's consent facts (env asked, offered, agreed; flags offer_first, terms, agreed) for this intent
    and path; True when a card will be posted (the plan then keeps the customer's address)."""
    env["offered"], env["agreed"] = "none", "-"
    if intent == "card_loss" and path != "lock":
        env["asked"] = "how" if u < 0.4 else "do"
        # A card to be posted: the address read out first; the customer who has moved since (unsatisfied) says so,
        # and the change of address is refused online (the 挂失 still done).
        mail = path == "post"
        offered = ("loss_mail" if env["asked"] == "how" else "mail") if mail else \
            "loss" if env["asked"] == "how" else ""
        if offered:
            env["offered"] = offered
            env["agreed"] = "yes" if outcome == "resolved" else "no"
            flags["offer_first"], flags["agreed"] = True, env["agreed"] == "yes"
        return mail
    if intent == "recharge_missing" and path == "wrong_live":
        # Someone else's live number was credited: the appeal (the holder asked to give it back) is offered and
        # filed once the customer agrees.
        env["offered"], env["agreed"] = "appeal", "yes"
        flags["appeal"] = True
        return False
    if intent == "transaction_query" and outcome == "resolved" and path in ("subscription", "utility"):
        # What the charge is, asked; ending its debit offered (a utility bill is mostly kept, a membership less).
        env["offered"] = "debit"
        env["agreed"] = "yes" if u < (0.7 if path == "subscription" else 0.4) else "no"
        flags["terms"], flags["agreed"] = True, env["agreed"] == "yes"
    return False


def mark(told: list, acts: list, intent: str, env: dict) -> list:
    """`told` with `asked:<action>` on the opening that requests it and `offer:<action>` on the offer."""
    asked = ()
    if intent == "card_loss" and env.get("asked") == "do":
        asked = ("loss",)
    elif intent == "transaction_query" and env.get("freeze") == "asked":
        asked = ("freeze",)
    offered = OFFERS.get(env.get("offered", ""), ())
    out = list(told)
    for k, (role, act, _) in enumerate(acts):
        if act == "describe_problem" and asked:
            out[k] = out[k] + tuple("asked:" + a for a in asked)
        elif act == "offer_terms" and offered:
            out[k] = out[k] + tuple("offer:" + a for a in offered)
        elif act == "decline_offer" and "loss" in offered:   # (先帮我挂失, 不过地址不对了)
            out[k] = out[k] + ("asked:loss",)
    return out


# Words without which no agent line says an account action is done (a cheap test before the sentences are read).
ACTION_WORDS = re.compile(r"解除|解约|挂失|补卡|补发|新卡|补的卡|止付|冻结|申诉")
ACTION_WORD_LIST = tuple(ACTION_WORDS.pattern.split("|"))   # (the same words, as the rule's gate: rules._declare)


def account_action_is_consented(text: str, turns: list) -> bool:
    """Every account action an agent line says is done (DONE) was asked for by the customer (`asked:<action>` on
    an earlier customer turn) or offered (`offer:<action>`) and agreed to in the turn straight after the offer; a
    card is posted only on an offer (the address it goes to confirmed), never on the request alone. Dialogues with
    no told topics (another generator's file) are judged on the text alone: no action without an agreement."""
    if not ACTION_WORDS.search(text):
        return True
    consented: set = set()
    offered: tuple = ()
    for turn in turns:
        tags = turn.get("told") or ()
        if turn["role"] == "customer":
            consented.update(t[6:] for t in tags if t.startswith("asked:") and t[6:] != "reissue")
            if turn["act"] == "agree":
                consented.update(offered)
            offered = ()
            continue
        if turn["act"] == "offer_terms":   # (an offer tells what the action will do: nothing is done yet)
            offered = tuple(t[6:] for t in tags if t.startswith("offer:"))
        elif not done_actions(turn["text"]) <= consented:
            return False
    return True


# What a customer does not ask of a card just stopped for fraud: a higher limit, its fee, an autopay on it.
STOPPED_CARD_ASKS = re.compile(r"提额|额度|年费|自动还款")
BEFORE_ANY_MATTER = ("ask_info", "check", "confirm_info", "ask_need", "not_found")


def asked_freeze_comes_first(intent: str, turns: list) -> bool:
    """A card the customer asked to stop (`asked:freeze` on the opening) is stopped in the agent's first turn after
    the holder is identified, before any other matter; no later customer turn asks about a limit, a fee or an
    autopay on it."""
    if intent != "transaction_query":
        return True
    asked = stopped = False
    for turn in turns:
        tags = turn.get("told") or ()
        if turn["role"] == "customer":
            asked = asked or "asked:freeze" in tags
            if asked and turn["act"] == "ask_other" and STOPPED_CARD_ASKS.search(turn["text"]):
                return False
        elif asked and not stopped and turn["act"] not in BEFORE_ANY_MATTER:
            if "freeze" not in done_actions(turn["text"]):
                return False
            stopped = True
    return True
