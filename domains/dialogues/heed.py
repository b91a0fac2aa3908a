"""What each agent turn does for the customer, and what the customer's next line may do with it (issue 12).

Every agent turn has a kind, from its act and the plan's facts (the procedure it carries out):

- question:    asks for something (ask_info, confirm_info)
- wait:        a look-up under way (check: 稍等)
- info:        tells a status, a rule or a reason and nothing more (a look-up that grants, a reassurance, a policy)
- obstacle:    a look-up that finds what the request will be refused for (第三方商家发的货, 已签收)
- instruction: something the customer must do (a troubleshooting step, photos to send, steps in the App)
- done:        granted and finished now (已调到65000元, 业务已退订, 锁卡)
- underway:    done on our side, the result arrives by itself within a time told or today (差价已退回, 三个工作日到账)
- soon:        underway and arriving within hours (退回余额一两个小时, 先用后付额度24小时内恢复): not pushed back on
- pending:     not done yet and taking longer than today (开票一两个工作日, 新卡7-10个工作日, 提额审批三个工作日)
- offer:       a first remedy the customer may turn down (escalated dialogues: 优惠券, 临时额度, 寄修)
- refused:     a refusal (decline)
- handed:      handed to a specialist (escalate)

A customer turn straight after an agent turn carries a reaction, chosen in the plan from those that fit the agent
turn's kind (FITS). The plan records both in each turn's `told`: `did:<kind>` on agent turns and
`react:<reaction>` on the customer turn that follows; the rule `customer_heeds_the_agent` reads them back. The
grammar renders the customer's turn by its reaction where one symbol holds several (push_back, thank: the
variable `react`).
"""

from __future__ import annotations

# The kinds an agent turn can have, as `did:` tags (nothing_said_twice skips them: a kind is not a topic).
KINDS = ("question", "wait", "info", "obstacle", "instruction", "done", "underway", "soon", "pending", "offer", "refused",
         "handed", "close")
DID = {k: "did:" + k for k in KINDS}
KIND_TAGS = frozenset(DID.values())

# A follow-up question's reaction by its kind (QUESTION_TOPIC's keys).
ASKS = {"how_long": "ask_when", "why": "ask_why", "cost": "ask_cost", "how": "ask_how", "what_next": "ask_next",
        "can_you": "ask_request", "confirm": "ask_confirm"}
_QUESTIONS = frozenset(ASKS.values())
# Questions that presume the request goes ahead (开好了去哪儿看, 旧的怎么寄回去): not after an obstacle or a refusal.
_GOING_AHEAD = frozenset({"ask_how"})
WAITS = frozenset({"underway", "pending"})   # kinds that tell a wait the customer may push back on

# What the customer's line may do after each kind of agent turn.
FITS = {
    "question": frozenset({"answer", "wait"}),
    "wait": frozenset({"wait"}),
    "info": _QUESTIONS | {"accept", "thanks", "new_matter", "dispute"},   # (dispute: leads.py)
    "obstacle": _QUESTIONS - _GOING_AHEAD,
    "instruction": _QUESTIONS | {"report", "evidence", "go_do", "thanks", "accept", "new_matter"},
    "done": _QUESTIONS - {"ask_when"} | {"accept", "thanks", "new_matter"},
    # (能不能今天就办好 only where nothing is done yet and it takes longer than today)
    "underway": _QUESTIONS | {"accept", "thanks", "new_matter", "push_faster"},
    # (这也太慢了吧 answers only a wait that is long: not money back within hours)
    "soon": _QUESTIONS | {"accept", "thanks", "new_matter"},
    "pending": _QUESTIONS | {"accept", "thanks", "new_matter", "push_faster", "push_today"},
    "offer": frozenset({"accept", "push_object", "push_faster"}) | _QUESTIONS,
    "refused": frozenset({"push_object", "give_up", "ask_why", "ask_next", "ask_request"}),
    "handed": frozenset({"accept", "push_faster", "new_matter"}),
    "close": frozenset(),
}

# Second matters whose answer tells the customer steps to take (在App里点…, 寄件时选保价); the others only inform
# (运费险自动理赔, 年费怎么免, 几点前下单当天发), so nothing is there for the customer to go and do.
INSTRUCTED_TOPICS = frozenset({"invoice", "price_protect", "change_address", "product_inquiry", "data_plan", "bill",
                               "repayment", "credit_limit", "autopay", "refund_progress", "stop_keep", "fusion", "family_card",
                               "next_parcel", "insure", "new_card"})


def answer_kind(topic: str, intent: str, env: dict) -> str:
    """The kind of the agent's answer to a second matter."""
    if topic == "product_inquiry" and env.get("addon") == "late":
        return "info"   # (延保 past its 30 days: nothing left to buy)
    if topic == "repayment" and intent == "card_loss":
        return "info"   # (挂失不影响还款)
    return "instruction" if topic in INSTRUCTED_TOPICS else "info"


# The kind of a good ending's solution, by intent and then by its procedure (env["path"]) or outcome; "done"
# where it is not named.
PROPOSALS = {
    "invoice": "pending",                       # issued within one or two working days
    "price_protect": "underway",                # the difference is sent back, arriving by itself
    # a claim reviewed; (resolved: paid to the sender, the recipient asks the seller to send again)
    "lost_parcel": {"refund_issued": "pending", "*": "instruction"},
    "credit_limit": {"review": "pending", "*": "done"},         # (instant, temp: in force now)
    "card_loss": {"post": "pending", "branch": "pending", "*": "done"},   # a new card made and sent; (lock: done)
    "bill": {"refund_issued": "underway", "*": "done"},
    "refund_status": {"bank_transit": "underway", "merchant_review": "pending", "return_unsigned": "pending",
                      "*": "done"},
    "return_refund": {"inspection": "pending", "*": "underway"},   # (a return's refund issued by 极速退款: underway)
    "broadband": {"area": "underway", "expired": "instruction", "*": "pending"},   # (area: back today; a visit)
    "exchange": "pending", "logistics": "pending", "delay": "pending", "urge_shipping": "pending",
    "change_address": "done", "repair": "done",   # (a swap arranged; a fix in the chat)
    # (pay, or verify as the holder: then restored; keep, loss: the owner verified, the reconnection done in the chat)
    "suspension": {"keep": "pending", "loss": "pending", "*": "instruction"},
    "repayment_not_posted": {"transit": "underway", "old_card": "underway", "waived": "underway",
                             "wrong_account": "instruction", "*": "done"},   # (the remitting bank gets it back)
    "recharge_missing": {"channel": "underway", "shared": "instruction", "refund_issued": "underway", "*": "done"},
}


# Intents whose solution sends money back by the way the order was paid (refund.when): to the balance within one
# or two hours, to a pay-later credit line within 24 hours, to a bank card in one to three working days.
PAID_BACK = frozenset({"price_protect", "return_refund"})


def soon(intent: str, env: dict) -> bool:
    """Whether a solution underway arrives within hours: money back to the balance or a credit line with nothing
    to send back first."""
    return intent in PAID_BACK and env.get("pay") in ("balance", "credit") and env.get("fast", "yes") in ("yes", "-")   # (a return's refund does not wait for the goods: 极速退款)


def proposal_kind(intent: str, outcome: str, env: dict) -> str:
    """The kind of the solution a dialogue ending in `outcome` proposes (propose_*)."""
    if outcome == "escalated":
        return "offer"
    if intent == "return_refund" and env.get("fast") in ("amount", "credit"):
        return "pending"   # (no 极速退款: the refund waits for the warehouse's receipt)
    if intent == "urge_shipping" and env.get("hold") == "address":
        return "instruction"   # (the customer completes the address: 我这就去改, not 那我再等等)
    kind = PROPOSALS.get(intent, "done")
    if isinstance(kind, dict):
        kind = kind.get(env.get("path", ""), kind.get(outcome, kind["*"]))
    if kind == "underway" and soon(intent, env):
        return "soon"
    return kind


# What a resolved matter's solution leaves the customer with, by its kind, for how an acceptance ends (accept.tail:
# 我这就去办 after steps to take, 那我等着 after a wait, relief only when it is over).
NEWS = {"instruction": "act", "done": "done", "underway": "wait", "soon": "wait", "pending": "wait"}


def news(acts: list, intent: str, outcome: str, env: dict) -> str:
    """"act", "wait" or "done" for a resolved matter whose solution is told, else "-"."""
    if outcome != "resolved" or not any(act in PROPOSING for _, act, _ in acts):
        return "-"
    return NEWS.get(proposal_kind(intent, outcome, env), "done")


def pending(acts: list, intent: str, outcome: str, env: dict, otherwise: str) -> str:
    """Whether a resolved matter still leaves something to come or to do ("yes") or is over ("no") once its
    solution is told (relief, 问题解决了就好, only after one that is done); `otherwise` where no solution is proposed
    or the outcome is not resolved."""
    if outcome != "resolved" or not any(act in PROPOSING for _, act, _ in acts):
        return otherwise
    return "no" if proposal_kind(intent, outcome, env) == "done" else "yes"


def inform_kind(outcome: str, env: dict) -> str:
    """The kind of a look-up's news: photos asked for, what a refusal will rest on, or information."""
    return "instruction" if env.get("photos") == "upload" else "obstacle" if outcome == "unsatisfied" else "info"


def fitting_question(question: str, table: dict, outcome: str, env: dict) -> str:
    """The follow-up `question` if it fits the look-up's news just told, else the first of the intent's
    follow-ups for the outcome (`table`: catalogue.FOLLOWUPS[intent]) that does (开好了去哪儿看 is not asked
    where the look-up found the shop must issue the invoice itself)."""
    fits = FITS[inform_kind(outcome, env)]
    if ASKS[question] in fits:
        return question
    kinds = table.get(outcome) or table.get("*") or ()
    return next((q for q in kinds if ASKS[q] in fits), "what_next")


# The kind of the agent acts whose kind does not depend on the plan.
FIXED_KINDS = {"ask_info": "question", "confirm_info": "question", "check": "wait", "troubleshoot": "instruction",
               "ask_need": "question", "anything_else": "question", "not_found": "question", "recheck": "info", "offer_terms": "question",   # (请问有什么可以帮您, 还有其他问题吗: shapes.py)
               "decline": "refused", "escalate": "handed", "reassure": "info", "confirm_done": "done",
               "close": "close"}
PROPOSING = ("propose_solution", "propose_refund", "propose_replacement")


def agent_kind(act: str, intent: str, outcome: str, env: dict) -> str:
    """The kind of an agent turn of act `act` in this plan."""
    kind = FIXED_KINDS.get(act)
    if kind is not None:
        return kind
    if act == "inform":
        return inform_kind(outcome, env)
    if act in PROPOSING:
        return proposal_kind(intent, outcome, env)
    if act == "answer_other":
        return answer_kind(env.get("other", ""), intent, env)
    return "close"


def reaction(act: str, info: tuple, heard: str, env: dict, u: float) -> str:
    """The customer's reaction in act `act` to an agent turn of kind `heard` (u: a uniform for a choice between
    reactions that fit)."""
    if act == "ask_followup":
        return ASKS[info[0]]
    if act == "push_back":
        if heard == "pending":
            return "push_today" if u < 0.25 else "push_faster"
        return "push_faster" if heard in ("underway", "handed") else "push_object"
    if act == "thank":
        return "go_do" if heard == "instruction" and env.get("mood") != "high" and u < 0.5 else "thanks"
    return REACTIONS.get(act, act)


REACTIONS = {"provide_info": "answer", "affirm": "answer", "correct_info": "answer", "dispute": "dispute", "accept_fact": "accept", "agree": "answer", "decline_offer": "answer", "impatient": "wait", "report_worked": "report",
             "describe_problem": "answer", "no_more": "answer", "hold_ping": "wait",
             "report_failed": "report", "send_evidence": "evidence", "accept": "accept", "give_up": "give_up",
             "ask_other": "new_matter"}


def mark(told: list, acts: list, intent: str, outcome: str, env: dict, u: float) -> tuple[list, list]:
    """`told` with `did:<kind>` last on every agent turn and `react:<reaction>` last on each customer turn that
    follows an agent turn, and each turn's reaction ("-" where it has none) for the grammar variable `react`."""
    reacts = ["-"] * len(acts)
    heard = ""
    for k, (role, act, info) in enumerate(acts):
        if role == "agent":
            heard = agent_kind(act, intent, outcome, env)
            told[k] = told[k] + (DID[heard],)
        elif heard:
            react = reacts[k] = reaction(act, info, heard, env, (u * (k + 1) * 7919.0) % 1.0)
            told[k] = told[k] + ("react:" + react,)
            heard = ""
    return told, reacts


# FITS by the agent turn's tag, for the rule's walk.
_FITS_BY_TAG = {"did:" + kind: fits for kind, fits in FITS.items()}


def heeds(turns: list) -> bool:
    """customer_heeds_the_agent on one dialogue's turn records: each customer turn straight after an agent turn
    reacts in a way that fits what the agent turn did (FITS). `mark` puts the tags last in each turn's told; turns
    without them (another generator's file) are not judged."""
    heard = None
    for turn in turns:
        tags = turn.get("told")
        last = tags[-1] if tags else ""
        if turn["role"] == "agent":
            heard = _FITS_BY_TAG.get(last)
        else:
            if heard is not None and last[:6] == "react:" and last[6:] not in heard:
                return False
            heard = None
    return True


# What the customer's next line may not presume after the agent's news (issue 12): the line straight after the
# money is said to be in the balance or the pay-later line, or the returned parcel to be still on its way, does not
# say it was refunded and never seen (显示已经退了, 查了余额还没有); a surprised 没货了？ answers only the first turn
# that tells it; the agent's line straight after the customer turned down the alternatives offers none of them again.
import re as _re

_IN_BALANCE = _re.compile(r"退回(?:您的|到)?(?:账户)?余额|退回(?:先用后付的?)?额度|退的是额度|恢复的是额度")
_IN_TRANSIT = _re.compile(r"运输中|还在路上|在途|没到仓库|还没到仓库")
_REFUNDED_UNSEEN = _re.compile(r"(?:显示|说是)(?:已经)?退了|退款显示成功")
_NOT_IN_BALANCE = _re.compile(r"(?:查了|看了)(?:账户|余额)\S{0,2}没有|银行卡里怎么没有")
_REFUSED_OTHERS = _re.compile(r"别的我不要|我都不想|退掉我不想")
_OFFERS_OTHERS = _re.compile(r"想换|要换|别的型号|其他颜色|别的颜色|升级款|原路退|办退货|办退款")
NEWS_WORDS = ("余额", "额度", "运输中", "还在路上", "在途", "没到仓库", "我不要", "不想", "没货了？")


def reads_the_news(turns: list) -> bool:
    """The rule customer_reads_the_news on one dialogue's turns."""
    previous = None
    told_out = 0   # agent turns so far that said 没货
    for turn in turns:
        text = turn["text"]
        if previous is not None and previous["role"] != turn["role"]:
            heard = previous["text"]
            if turn["role"] == "customer":
                if _IN_TRANSIT.search(heard) and _REFUNDED_UNSEEN.search(text):
                    return False
                if _IN_BALANCE.search(heard) and (_REFUNDED_UNSEEN.search(text) or _NOT_IN_BALANCE.search(text)):
                    return False
            elif _REFUSED_OTHERS.search(heard) and _OFFERS_OTHERS.search(text):
                return False
        if turn["role"] == "customer" and text.startswith("没货了？") and told_out > 1:
            return False
        if turn["role"] == "agent" and "没货" in text:
            told_out += 1
        previous = turn
    return True


def agent_tells_only_after_customer(turns: list, said: _re.Pattern, told: _re.Pattern) -> bool:
    """No agent turn matching `told` comes before a customer turn matching `said`: the agent does not presume what
    only the customer can say (why the goods go back, that a repayment was a transfer)."""
    heard = False
    for turn in turns:
        if turn["role"] == "customer":
            heard = heard or bool(said.search(turn["text"]))
        elif not heard and told.search(turn["text"]):
            return False
    return True
