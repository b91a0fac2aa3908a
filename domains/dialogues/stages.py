"""The four steps of writing a dialogue from its plan, each a function you can call and print:

1. `skeleton(plan)`: the act sequence as placeholders (客户：[问题描述] / 客服：[询问信息：订单号] ...).
2. `fill(plan, u)`: every turn rendered by the grammars with the slot values as grammar variables, so a slot
   value mentioned is the ground truth by construction (the trace marks it as a "slot" segment).
3. `detail(plan, turns, u)`: the facts a real customer and agent add (the symptom, the question whether the phone
   got wet or was dropped and the answer, the troubleshooting step, policy terms like 七天无理由退货 and 运费险,
   the reason for a delay), inserted into the filled turns from `detail.<act>.<intent>` symbols.
4. `polish(plan, turns, u, typo_rate)`: the register of the company (亲 and emoji on the marketplace, 您好 at the
   mall, formal banking), the cause and success rate of a fix, chat-style customer turns (dropped full stops, a
   space for a comma), typos in customer turns at `typo_rate`, then a consistency pass (punctuation joins, and
   every mentioned slot checked against the ground truth).

A turn is `Turn(role, act, info, segments)`; segments are `(text, kind, tag)` as in `synth.grammar.segments`
(kind "slot" with the slot's name as tag for every slot value placed). Each step takes its own row of uniforms,
so the filled dialogue is the same whether or not it is later detailed and polished.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache, partial
from operator import itemgetter

from synth import speedups
from synth.domains.persons.rules import _trie_pattern
from synth.errors import SynthError
from synth.grammar import uniform_source

from .catalogue import ACTS, IDENTIFIERS, ROLE_NAME, SLOT_NAME, SPOKEN_NAMES, grammar, scenario_of, tables
from .heed import proposal_kind
from .leads import RECHECK_FACTS
from .model import Plan
from .apology import apologises, drop_repeated
from .remedies import offered
from . import referents, typos

SOLUTION_ACTS = ("propose_solution", "propose_refund", "propose_replacement", "escalate", "decline", "offer_terms")
FILL_DRAWS = 64
DETAIL_DRAWS = 16
POLISH_DRAWS = 32
STAGES = ("skeleton", "filled", "detailed", "polished")
END_MARKS = "。！？~"
APOLOGY = re.compile(r"(非常|十分|特别|实在|真的|很)*(是)?(抱歉|不好意思)")
GREETING_LIKE = ("好的，", "收到，", "您好，", "好，", "可以，", "了解，", "明白了，", "明白，")   # openings a greeting or an answer already says
PUNCT = "，。！？；：、~"
# A complaint or impatience is not answered with a plain yes (好的，我给您提交了… after 还要等48小时？): the agent's
# next turn drops such an opening (理解/明白 acknowledge the complaint and stay).
COMPLAINTS = ("push_back", "impatient")
PLAIN_ACKS = ("好的，", "好，", "可以，", "收到，", "好嘞，")
_TEXT, _KIND = itemgetter(0), itemgetter(1)   # a piece's text and kind: map() over pieces needs no frame


class Turn:
    __slots__ = ("role", "act", "info", "segs", "anchor", "question")

    def __init__(self, role: str, act: str, info: tuple, segs: list, anchor: int | None = None,
                 question: str = ""):
        self.role = role
        self.act = act
        self.info = info
        self.segs = segs
        self.anchor = anchor
        self.question = question   # the follow-up kind a customer asks, or the agent's turn answers

    @property
    def text(self) -> str:
        return "".join(map(_TEXT, self.segs))

    def copy(self) -> "Turn":
        return Turn(self.role, self.act, self.info, list(self.segs), self.anchor, self.question)

    def __repr__(self) -> str:
        return f"{ROLE_NAME[self.role]}：{self.text}"


# -- 1. skeleton -----------------------------------------------------------------------------------------------
def skeleton(plan: Plan) -> list[Turn]:
    """Placeholders per act; turns that carry identifiers name them with their values (客户：[提供信息：订单号
    2123…]), so the skeleton already shows where each slot will be said."""
    turns = []
    for role, act, info in plan.acts:
        label = ACTS[act][1]
        slots = info if act in ("provide_info", "confirm_info", "correct_info", "not_found") or \
            (act == "describe_problem" and info) else ()
        if act == "recheck":   # (the record fact the recheck names: leads.py)
            slots = tuple(s for s in RECHECK_FACTS if s in plan.slots)
        if act == "describe_problem" and plan.flags.get("sum_up") in plan.spec.says:
            # (the slot the agent later sums up is one the opening states: the skeleton shows it given, so the
            # confirmation confirms something said, at every stage)
            slots = tuple(info) + (plan.flags["sum_up"],)
        if act == "ask_info":
            label = label[:-1] + "：" + "、".join(SLOT_NAME[s] for s in info) + "]"
        question = info[0] if act == "ask_followup" else ""
        if act == "ask_followup":
            label = label[:-1] + "：" + info[0] + "]"
        elif act in ("ask_other", "answer_other"):
            label = label[:-1] + "：" + scenario_of(info[0]) + "]"
            question = info[0]
        elif turns and turns[-1].act == "ask_followup":
            question = turns[-1].question
            label = label[:-1] + "，答" + question + "]"
        if not slots:
            turns.append(Turn(role, act, info, [(label, "text", "placeholder")], question=question))
            continue
        segs = [(label[:-1] + ("，附" if act == "describe_problem" else "："), "text", "placeholder")]
        for k, slot in enumerate(slots):
            segs += [(("、" if k else "") + SLOT_NAME[slot] + " ", "text", ""), (plan.slots[slot], "slot", slot)]
        turns.append(_slipped(plan, len(turns), Turn(role, act, info, segs + [("]", "text", "")], question=question)))
    return turns


def _slipped(plan: Plan, k: int, turn: Turn) -> Turn:
    """The turn with the mistaken number (the slot wrong_id, leads.py) in place of the identifier it got wrong,
    where it is the turn that gave it (the agent's not_found follows) or the not_found itself."""
    slot = plan.flags.get("wrong_id")
    if slot and (turn.act == "not_found" or k + 1 < len(plan.acts) and plan.acts[k + 1][1] == "not_found"):
        wrong = plan.slots["wrong_id"]
        turn.segs = [(wrong, "slot", "wrong_id") if kind == "slot" and tag == slot else (t, kind, tag)
                     for t, kind, tag in turn.segs]
    return turn


# -- 2. fill ---------------------------------------------------------------------------------------------------
# The variables symbol conditions test (besides the intent and sector, which are in the names). A symbol's
# expansion reads a few of them (most read none): the rendering caches are keyed by the values of those it reads.
CONDITION_VARIABLES = ("outcome", "kind", "platform", "topic", "impatient", "lookup", "q", "mood", "reason", "ship",
                       "fee", "mode", "direction", "other", "cause", "form", "urged",
                       "title", "vat", "party", "auth", "aftersales", "month", "charge", "line", "jam", "addon",
                       "grievance", "window", "followup", "wrong", "pending", "week", "over", "season", "channel", "term", "freeze",
                       "police", "verify", "path", "offer", "pay", "tries", "cut")
# The late parcel's cause (parcels.py), why an order has not shipped, where a parcel is when its address changes.
CONDITION_VARIABLES += ("late", "hold", "where", "avail", "repair", "price")
CONDITION_VARIABLES += ("overdue", "roam_light")   # (a late return: a day or two past its seven days, or more)
# The agent's habit (openings, closings), a fault the customer fixed with the agent, how long a parcel is late.
CONDITION_VARIABLES += ("style", "fixed", "waited")
# Whether the matter is already late when the customer writes in (model.DELAYED: 让您久等了 only then).
CONDITION_VARIABLES += ("delayed",)
# What the customer already did before writing in (a broadband modem restarted).
CONDITION_VARIABLES += ("tried",)
# Whether a technician's visit is booked for a slot (procedures.broadband_env: one appointment).
CONDITION_VARIABLES += ("appt",)
CONDITION_VARIABLES += ("courier_left", "proof")   # (complaints.py: where a courier left the parcel, how a flaw is shown)
# Where a refund is held (aftersales.refund_status_facts).
CONDITION_VARIABLES += ("review", "stuck", "photos")   # (photos: aftersales.evidence)
# How the customer takes the agent's last turn (heed.py: push_back asks to hurry only after a wait told).
CONDITION_VARIABLES += ("react", "news")
# How a number used its data (procedures.ADDONS: the pack follows from it).
# A card's annual-fee rule (procedures.fee_card); a bill due within three days (told with the days left).
CONDITION_VARIABLES += ("usage", "fee_card", "due_soon")
# What the customer asked for (挂失 done, or only how), what the agent offers first and the answer (consent.py).
CONDITION_VARIABLES += ("asked", "offered", "agreed")
# A parcel whose tracking the customer says has not moved for days (model.py: its cause fits days).
CONDITION_VARIABLES += ("stale", "chase")
# A lost parcel's search result out before today, whose text message never reached the customer (parcels.py).
CONDITION_VARIABLES += ("notice", "found")
# Whether a lost parcel's proved value is within its declared value or over it (parcels.claim_facts).
CONDITION_VARIABLES += ("cover",)
# Whose turn the agent's turn follows (empathy answers a customer's line, not the agent's own turn before it);
# an exchange's return path and which way its size is off (model._exchange_facts).
CONDITION_VARIABLES += ("heard", "filed", "back", "fit", "proposed", "watch")   # (filed: a limit refusal before anything is submitted)
# What a refused 延期 asked for (procedures.repayment_facts): an answer presumes only the length the customer said.
CONDITION_VARIABLES += ("ask",)
# What a top-up channel's order shows, said by the customer (procedures.recharge_facts): the agent names it only then.
CONDITION_VARIABLES += ("shown",)
# The relief a customer voices when the matter is over (state.relief: fixed, told, secured).
CONDITION_VARIABLES += ("relief",)
# Whether the customer complained (model.py): only then has an unsatisfied close an 意见 to record.
CONDITION_VARIABLES += ("complained",)
# The rating (model.py): how a refused customer leaves, angrily at 1, with a shrug at 2.
CONDITION_VARIABLES += ("sat",)
# Why a number is stopped for its 实名 (procedures.REALNAME_CAUSES): a re-check, an expired ID card, one ID many numbers.
CONDITION_VARIABLES += ("idc",)
# Who opened a lost parcel's search (parcels.SEARCH_OPENERS): the system, the hub's stock count, the sender.
CONDITION_VARIABLES += ("opener",)
# What is done for a late parcel waiting in a locker (model.py: the code sent again or a door delivery).
CONDITION_VARIABLES += ("remedy",)
# Whether an out-of-stock exchange's refusal offers another variant besides the refund (model._exchange_facts).
CONDITION_VARIABLES += ("alt",)
# The chat's shape (shapes.py): a look-up that keeps the customer waiting, a wrap-up question asked before the close,
# a greeting-only opening.
CONDITION_VARIABLES += ("paused", "wrapped", "hello")
# How soon a balance refund arrives, told once and read again by the reassurance (aftersales.balance_hours).
CONDITION_VARIABLES += ("within",)
# A faulty return's flaw named on the photos (aftersales.DEFECTS): the stock 问题确实存在 lines give way.
CONDITION_VARIABLES += ("defect",)
# The kind of place a broadband address is (procedures.place_of): an area fault is the 小区's only in a 小区.
CONDITION_VARIABLES += ("place",)
# A number the customer gave by mistake: a slipped digit or another order's (leads.py).
CONDITION_VARIABLES += ("slip",)
# The way out a refusal offered, as the customer's give-up took it (remedies.offered; none where nothing was):
# an unsatisfied close says 刚才说的再考虑一下 only after one. How the customer answers the wrap-up (ratings.py).
CONDITION_VARIABLES += ("way_out", "reply")
# What the customer must agree to before a change is carried out (a forwarding's fee).
CONDITION_VARIABLES += ("consent",)
# Whether the customer complained (the opening, then a follow-up: complaints.py); whether a bill's roaming is 港澳台.
CONDITION_VARIABLES += ("voiced", "contested")
# Whether a changed address stays in the parcel's city (model.py).
CONDITION_VARIABLES += ("move",)
# What a lost parcel's 怎么办 is about: the goods needed now (urgent) or the loss (model.py).
CONDITION_VARIABLES += ("worry",)
# Whether the platform holds a company's tax details (model.py: read back, or a form sent to fill in).
CONDITION_VARIABLES += ("taxinfo",)
# Whether a return that goes back is refunded at once by 极速退款, or why not (aftersales.fast_refund).
CONDITION_VARIABLES += ("fast",)
# A complaint's remedy as the customer chose it (the goods or the money back: model.py, aftersales.CHOSEN_REMEDIES).
CONDITION_VARIABLES += ("choice",)
# A late parcel's service (a 时效件's promised date or a 标快's estimate), how far off its date is, and whether the
# weather's road closure has lifted (model.py, parcels.promise).
CONDITION_VARIABLES += ("promise", "eta_in", "roads", "hurried")
# How long ago a repaired item's warranty ended (model.py: 刚过保修期 only just after it).
CONDITION_VARIABLES += ("lapsed",)
# What a second data-plan question asks for: a bigger plan or a data pack (model.py, second.grammar).
CONDITION_VARIABLES += ("want",)
# A bank customer's push against a debit refused as authorised (deny), where an own purchase was paid (paid_in).
CONDITION_VARIABLES += ("deny", "paid_in")
# Why a broadband visit is refused: the contract expired or a self-bought router (procedures.broadband_env),
# (and what a refused late parcel's customer asks for: compensation, the parcel sent back, or today: model.py)
CONDITION_VARIABLES += ("refused", "demand")
# Why an invoice applied for is not out yet, and whether a partly refunded order was invoiced in full first
# (invoices.py).
CONDITION_VARIABLES += ("held_by", "billed")
CONDITION_VARIABLES += ("ping",)   # (a hold's ping asks for the agent or for the result: model.py)
CONDITION_VARIABLES += ("effort",)   # (what the customer did that a thanks credits: model.effort)
CONDITION_VARIABLES += ("took",)   # (a refusal taken without a push-back: model.TAKES_REFUSAL)
CONDITION_VARIABLES += ("push",)   # (how a push-back on a wait is made: push_moves.py)
CONDITION_VARIABLES += ("callback",)   # (whether an escalation named anyone who will call: stages.fill)
_SHAPE = ("intent", "sector", "slot") + CONDITION_VARIABLES
_READS: dict = {}


def _reads(key) -> tuple:
    """The condition variables that the expansions of the symbol `key` names (a name, or an act's candidates)
    can read, as the grammar's key variables say: the others cannot change what they render. Keying caches by the
    values of these alone lets every record that agrees on them share one entry (a record's whole set of condition
    values is new for about one render in two, the values a symbol reads almost never)."""
    found = _READS.get(key)
    if found is None:
        g = grammar()
        names = (key,) if isinstance(key, str) else _candidates(*key)
        read = {v for n in names if n in g.symbols for v, _ in g.symbols[n].key_vars}
        found = _READS[key] = tuple(v for v in _SHAPE if v in read)
    return found


def _candidates(prefix: str, act: str, intent: str, sector: str) -> tuple[str, str, str]:
    return f"{prefix}{act}.{intent}", f"{prefix}{act}.{sector}", f"{prefix}{act}"


# Per intent, for each symbol name and each (prefix, act), the variables its expansions read (the intent and the
# sector aside: fixed per intent) and a table from their values to the entry's bound renderer (Grammar.bound_pieces:
# with the C renderer, the C function itself; None where an act has no symbol for the record). Resolving an act to
# its symbol and the symbol to its renderer is then one look-up keyed by those values (by the value itself where it
# reads one variable, by nothing where it reads none, as most do).
_LOOKUPS: dict = defaultdict(dict)
_INTENT_ONLY = ("intent", "sector")


def _table(key, env: dict) -> tuple:
    """(the variables the symbol `key` reads, how many, its table from their values to entries) for the record's
    intent, made on first use."""
    lookups = _LOOKUPS[env["intent"]]
    found = lookups.get(key)
    if found is None:
        which = key if isinstance(key, str) else (*key, env["intent"], env["sector"])
        reads = tuple(v for v in _reads(which) if v not in _INTENT_ONLY)
        found = lookups[key] = (reads, len(reads), {})
    return found


def _entry(key, env: dict):
    """The bound renderer of the entry of the symbol `key` names (a name, or (prefix, act) for the act's symbol)
    for this record, or None."""
    reads, n, table = _table(key, env)
    values = None if n == 0 else env.get(reads[0]) if n == 1 else tuple(map(env.get, reads))
    entry = table.get(values, False)
    if entry is False:
        # The symbol is found and prepared from the variables it reads alone: the grammar's prepared context (a
        # dict of its 267 context variables, made on a miss) is then shared by every record that agrees on them,
        # instead of being made anew for almost every new entry from the record's whole set of condition values.
        shape = {v: env[v] for v in (*_INTENT_ONLY, *reads) if v in env}
        name = key if isinstance(key, str) else _symbol(*key, shape)
        if name is None:
            entry = table[values] = None
        else:
            g = grammar()
            entry = table[values] = g.bound_pieces(g.entry(name, shape))
    return entry


def _symbol(prefix: str, act: str, env: dict) -> str | None:
    """The first of <prefix>act.<intent>, <prefix>act.<sector>, <prefix>act with an alternative for this record."""
    g = grammar()
    return next((name for name in _candidates(prefix, act, env["intent"], env["sector"]) if g.has(name, env)), None)


def _render(name, env: dict, next_uniform) -> list:
    """A symbol's pieces `(text, kind, tag)` for the record's variables (empty pieces dropped); `name` may also be
    (prefix, act) for the act's symbol, and then no pieces (None) where the act has none for the record. Turns are
    rendered without a length window, so the entry (the symbol's table for the variables conditions read) is shared
    by every record that agrees on the condition variables the symbol reads; slot values are read from `env` as the
    text is written."""
    # Half a million calls per 20,000 dialogues: the look-up of `_entry` is written out here (its cached path).
    found = _LOOKUPS[env["intent"]].get(name)
    if found is None:
        found = _table(name, env)
    reads, n, table = found
    # (tuple(map(...)) rather than a list comprehension: no frame of its own, a third of the cost for a few reads)
    entry = table.get(None if n == 0 else env.get(reads[0]) if n == 1 else tuple(map(env.get, reads)), False)
    if entry is False:
        entry = _entry(name, env)
    if entry is None:
        return None
    try:
        return entry(env, next_uniform)
    except RecursionError:
        raise SynthError(f"the dialogue grammar's <{name}> is nested too deeply (a reference loop through "
                         "variables?).") from None


_crender = speedups.load("_render")
_SAYERS: dict = {}


def _sayer(env: dict):
    """`_render` for the record's intent, as one callable of (name, env, next_uniform): with the C renderer,
    `_render.call_keyed` bound to the intent's look-ups, which finds and calls a cached entry without a Python
    frame and calls `_render` itself for anything not cached yet (the same look-up, so the same text)."""
    intent = env["intent"]
    say = _SAYERS.get(intent)
    if say is None:
        say = _SAYERS[intent] = partial(_crender.call_keyed, _LOOKUPS[intent], _render) \
            if _crender is not None and hasattr(_crender, "call_keyed") else _render
    return say


# Words by which a customer shows urgency in what they say (急！, 等不了, 赶紧).
URGENT = re.compile("急|等不了|赶紧|快点")


def _dp(intent: str, plan: Plan, env: dict, nxt, say) -> list:
    """The opening's problem statement, which may read the follow-up the customer will ask (q): a later
    question can only presuppose what the opening said (为什么还给我发提醒 needs the reminder mentioned). The plan
    keeps that question as env["followup"] (model.make_plan: the first ask_followup's kind, or none)."""
    env["q"] = env["followup"]
    segs = say(f"dp.{intent}", env, nxt)
    env["q"] = "none"
    return segs


# Words an opener and a problem statement must not both use (问一下，我想问一下本期账单).
OPENER_WORDS = ("问一下", "问下", "请问", "麻烦", "咨询", "帮我", "你好", "在吗")
# An opener that announces a question (问一下, 请问, 咨询一下) never leads into a complaint (想问一下，投诉！).
ASKING_WORDS = ("问", "咨询")


def _repeats(opener: list, problem: list) -> bool:
    """Whether the opener says again a word the problem statement says, or announces a question before a complaint
    (then the opener is left out)."""
    said, rest = "".join(map(_TEXT, opener)), "".join(map(_TEXT, problem))
    for w in OPENER_WORDS:   # (a loop, not any() over a generator: no generator made per dialogue)
        if w in said and w in rest:
            return True
    return "投诉" in rest and any(w in said for w in ASKING_WORDS)


def _what(slots: tuple, sector: str, nxt) -> str:
    """The slots asked for, named as this agent names them (SPOKEN_NAMES), joined as Chinese joins a list."""
    names = []
    for s in slots:
        options = SPOKEN_NAMES.get((s, sector)) or SPOKEN_NAMES.get(s) or (SLOT_NAME[s],)
        names.append(options[int(nxt() * len(options)) % len(options)])
    joiner = ("和", "、", "以及", "还有")[int(nxt() * 4) % 4]
    return names[0] if len(names) == 1 else "、".join(names[:-1]) + joiner + names[-1]


# Who an escalation says will call back; the close names the same one (a 负责人 stays a 负责人: reading 15, #6).
CALLERS = ("专员", "师傅", "负责人")


def fill(plan: Plan, u) -> list[Turn]:
    env = dict(plan.env)
    env["caller"] = "专员"   # (who will call back: the escalation's turn may name a 师傅 instead)
    env["callback"] = "no"   # (whether the escalation named anyone who will call: a store visit names nobody)
    env["way_out"] = "none"   # (set by a give-up that answers a way out offered: remedies.offered)
    nxt = uniform_source(u)
    say = _sayer(env)
    intent, sector = plan.intent, plan.spec.sector
    turns: list[Turn] = []
    greeted = False
    asked = ""   # a follow-up question the agent's next turn answers
    reacts = plan.reacts
    slip = plan.flags.get("wrong_id")
    hazard = env.get("hazard") == "yes"   # (a plan fact: no turn changes it)
    for at, (role, act, info) in enumerate(plan.acts):
        k = at
        anchor = None
        if role == "customer":
            env["react"] = reacts[k]
        else:
            env["heard"] = turns[-1].role if turns else "none"
        answer: list = []
        if role == "agent" and asked:
            env["q"] = asked
            answer = say(("", "answer"), env, nxt) or []
        elif role == "agent" and turns and turns[-1].act == "impatient" and act != "check":
            answer = say("ack_wait", env, nxt)   # 有人吗？ is always acknowledged
        elif role == "agent" and turns and turns[-1].act == "hold_ping":
            answer = say("ack_hold", env, nxt)   # 还在吗？ after a hold: 让您久等了 before the news
        if act == "ask_followup":
            env["q"] = info[0]
        if act == "describe_problem":
            # (after a greeting-only opening the customer has already said 你好/在吗: a lead-in at most)
            opener, problem = say("opener.after_hello" if k else "opener", env, nxt), _dp(intent, plan, env, nxt, say)
            segs = problem if _repeats(opener, problem) else opener + problem
            anchor = len(segs)
            if info:
                segs += say(f"unasked.{info[0]}", env, nxt)
            segs += say("dp.end.id" if info else "dp.end", env, nxt)
        elif act == "ask_info":
            env["what"] = _what(info, plan.spec.sector, nxt)
            env["lookup"] = "yes" if set(info) <= IDENTIFIER_SET else "no"
            # (asked again for what the customer's answer left out: 还需要您的… shapes.py)
            again = any(t.act == "ask_info" for t in turns)
            if "order_phone" in info:   # (what only the customer's payment record shows: procedures.py)
                segs = say("ask_record", env, nxt)
            else:
                segs = say("ask_rest", env, nxt) if again else say(("", "ask_info"), env, nxt)
            segs = [(t, "text", "") if k == "slot" and tag == "what" else (t, k, tag) for t, k, tag in segs]
        elif act == "confirm_info":
            env["slot"] = info[0]
            # (after the look-up: the change summed up before it is carried out, shapes.py)
            later = any(t.act == "inform" for t in turns)
            segs = say("confirm_change" if later else "confirm_info", env, nxt)
            if later and info[0] == "address" and "consent" not in env:
                env["consent"] = "read_back"   # (the new address read back: the done line does not say it again)
        elif act == "not_found":   # (the number given finds nothing, leads.py)
            segs = say(f"not_found.{info[0]}", env, nxt)
        elif act == "correct_info":
            segs = say(f"correct.{info[0]}", env, nxt)
        elif act in ("dispute", "recheck", "accept_fact"):   # (a finding disputed: leads.py)
            segs = say(f"{act}.{intent}", env, nxt)
        elif act == "provide_info":
            segs = say("provide.lead", env, nxt)
            for k, slot in enumerate(info):
                if k:
                    segs.append(("，", "text", ""))
                segs += say(f"give.{slot}", env, nxt)
            if "verify" in env and not any(t.act == "provide_info" for t in turns):
                segs += say("give.verify", env, nxt)   # the check asked for with the identifier: answered once
        elif act == "troubleshoot":
            segs = say(("", "troubleshoot" if info[0] == 1 else "troubleshoot2"), env, nxt)   # (.repair: as many steps as tried)
            if info[0] == 1 and env.get("warning", "-") != "-":   # a safety fault: stop using it, before any step
                segs = segs + [(env["warning"] + "。", "text", "")]
        elif act == "report_failed" and any(a == "report_failed" for _, a, _ in plan.acts[:len(turns)]):
            segs = say(("", "report_failed2"), env, nxt)   # (a repair reports what it saw: .repair)
        elif act == "decline" and info:
            segs = say(("", "decline2"), env, nxt)
        elif act == "give_up" and turns and (way_out := offered(turns[-1].text)):
            segs = say(f"give_up.offered.{way_out}", env, nxt)   # what they make of the way out (remedies.py)
            env["way_out"] = way_out
        else:
            segs = say(("", act), env, nxt)
            if act == "close" and env.get("survey") == "yes":   # the invitation to rate the service (shapes.py)
                segs = _with_survey(segs, say("close.survey", env, nxt))
        if act == "impatient":
            env["impatient"] = "yes"
        elif act == "escalate":   # who will call, as this turn named them (a 师傅 stays a 师傅 at the close)
            said = "".join(map(_TEXT, segs))
            env["caller"] = max(CALLERS, key=said.rfind)   # (the last one named: 师傅, 负责人 or 专员)
            env["callback"] = "yes" if any(c in said for c in CALLERS) else "no"
        if role == "customer" and env.get("urged") != "yes" and (
                act in ("impatient", "push_back") or URGENT.search("".join(map(_TEXT, segs)))):
            env["urged"] = "yes"   # the customer has shown urgency: 理解您着急 may be said from now on
        question = ""
        if act in ("ask_other", "answer_other"):
            question = info[0]   # the second matter's intent
        elif act == "ask_followup":
            asked = question = info[0]
        elif role == "agent" and asked:
            question, asked = asked, ""
            env["q"] = "none"
        if hazard and act in SOLUTION_ACTS and not any(t.act in SOLUTION_ACTS for t in turns):
            segs = [(env["warning"] + "。", "text", "")] + segs   # a safety fault: stop using it, then the remedy
        if answer and APOLOGY.match(answer[0][0]) and segs and APOLOGY.match(segs[0][0]):
            answer = [("在的，", "text", "")]   # 抱歉让您久等了，很抱歉… apologises twice
        if answer:
            if segs and segs[0][1] == "text" and segs[0][0].startswith(GREETING_LIKE):
                segs[0] = (segs[0][0].split("，", 1)[1], "text", "")
            segs = answer + segs
        if role == "agent" and turns and turns[-1].act in COMPLAINTS and segs and segs[0][1] == "text" and \
                segs[0][0].startswith(PLAIN_ACKS):
            segs[0] = (segs[0][0].split("，", 1)[1], "text", segs[0][2])   # 好的， is no answer to a complaint
        if role == "agent" and not greeted:
            if segs and segs[0][1] == "text" and segs[0][0].startswith(GREETING_LIKE):
                segs[0] = (segs[0][0].split("，", 1)[1], "text", "")    # the greeting says it
            segs = [("您好，", "text", "greet")] + segs
            greeted = True
        turn = Turn(role, act, info, segs, anchor, question)
        turns.append(_slipped(plan, at, turn) if slip else turn)
    return turns


def _with_survey(close: list, survey: list) -> list:
    """The close with the invitation to rate the service: before it where the close ends with a goodbye (再见 is the
    last word said; its 好的， then opens the invitation), after it otherwise (after a question, or a wish)."""
    said = "".join(map(_TEXT, close))
    if "？" in said or not ("再见" in said or "拜拜" in said):
        if survey and survey[0][1] == "text" and survey[0][0].startswith(GREETING_LIKE):
            survey = [(survey[0][0].split("，", 1)[1], "text", survey[0][2])] + survey[1:]
        return close + survey
    if close and close[0][1] == "text" and close[0][0].startswith(CLOSE_OPENERS):
        close = [(close[0][0].split("，", 1)[1], "text", close[0][2])] + close[1:]
    return survey + close


# What opens a close and only opens a message: after the invitation to rate it would sit mid-message (…点一下。嗯，
# 之后有事再来: reading 18, #9 and #14), so a close placed after the invitation goes without it.
CLOSE_OPENERS = GREETING_LIKE + ("嗯，", "好嘞，")


# -- 3. detail -------------------------------------------------------------------------------------------------
def _insert(turn: Turn, extra: list) -> None:
    """Add a detail to a turn: at its anchor (a problem description's end, before the identifier and the end
    mark), before its final punctuation if the detail starts with a comma or full stop, else after it."""
    if not extra:
        return
    first = extra[0][0][:1]
    segs = turn.segs
    if turn.anchor is not None:
        at = turn.anchor
        turn.anchor += len(extra)
    elif first in "，。" and segs and segs[-1][1] == "text" and segs[-1][0][-1:] in END_MARKS:
        text, kind, tag = segs[-1]
        stripped = text.rstrip(END_MARKS)
        mark = text[len(stripped):]
        segs[-1:] = [(stripped, kind, tag)] if stripped else []
        segs.extend(extra)
        segs.append((mark if first == "，" else "", "text", ""))
        return
    else:
        at = len(segs)
        if first not in PUNCT and segs and segs[-1][0][-1:] not in PUNCT:
            extra = [("，", "text", "")] + extra
    segs[at:at] = extra


def detail(plan: Plan, turns: list[Turn], u, copy: bool = True) -> list[Turn]:
    """The turns with details added (copies of the given turns unless `copy` is false)."""
    env = dict(plan.env)
    nxt = uniform_source(u)
    say = _sayer(env)
    intent, sector = plan.intent, plan.spec.sector
    detailed = _detailed_acts(intent, sector)
    out = []
    asked = 0   # ask_info/provide_info turns so far: a diagnostic question goes with the first pair only (shapes.py)
    for turn in turns:
        turn = turn.copy() if copy else turn
        act = "troubleshoot2" if turn.act == "troubleshoot" and turn.info[0] == 2 else turn.act
        if act in ("ask_info", "provide_info"):
            asked += 1
            if asked > 2:
                out.append(turn)
                continue
        if act in detailed:   # most acts have no detail symbol for the intent at all: nothing to look up
            env["q"] = turn.question if turn.role == "agent" and turn.question else "none"   # a detail may answer it
            extra = say(("detail.", act), env, nxt)
            if extra is not None:
                _insert(turn, extra)
        out.append(turn)
    return out


@lru_cache(maxsize=None)
def _detailed_acts(intent: str, sector: str) -> frozenset:
    """The acts with a detail.<act>[.<intent>|.<sector>] symbol in the grammar (whether it applies to a record is
    for its conditions to say); `env["q"]` is set only for these, the only turns whose renders read it."""
    symbols = grammar().symbols
    return frozenset(act for act in ACTS.keys() | {"troubleshoot2"}
                     if any(name in symbols for name in _candidates("detail.", act, intent, sector)))


# -- 4. polish -------------------------------------------------------------------------------------------------
def polish(plan: Plan, turns: list[Turn], u, typo_rate: float, copy: bool = True) -> list[Turn]:
    """The turns in the company's register, with typos and the consistency pass (copies unless `copy` is false)."""
    env = dict(plan.env)
    nxt = uniform_source(u)
    say = _sayer(env)
    market = plan.platform in ("market", "mall")
    habit = int(nxt() * (1 << 52))   # this agent's way with set phrases (habits.tsv)
    said: dict = {}                  # how often each family of set phrases has been said so far
    # No emoji where the news is bad or the agent apologises (a complaint, a refusal, a wait for a specialist).
    emoji = market and plan.outcome not in ("unsatisfied", "escalated") and plan.intent != "complaint"
    emoji_rate = 0.45 if plan.platform == "market" else 0.15
    if emoji:   # (and none on a turn whose news is bad: _gloomy)
        gloomy = _gloomy(plan, env)
    # A cause is told once: the generic 这种情况一般是{cause}造成的 follows the first step only where nothing the
    # agent said before gave the cause (cause_told: a step that opens with what a line test found).
    explains = plan.fault is not None and plan.env.get("cause_told") != "yes"
    habits = _habits_call()
    places = referents.places_of(env)   # (a place named twice in a turn: then 那边, referents.py)
    out = []
    for k, turn in enumerate(turns):
        turn = turn.copy() if copy else turn
        segs = turn.segs
        if segs and segs[0][2] == "greet":
            segs[0:1] = [(t, k, "greet") for t, k, _ in say("greet", env, nxt)]
        if explains and turn.act == "troubleshoot" and turn.info[0] == 1:
            segs.extend(say("explain", env, nxt))
        if turn.role == "agent":
            habits(segs, habit, said)
            if places:
                referents.refer_back(segs, places)
            if out and out[-1].role == "agent" and apologises(out[-1].segs):
                drop_repeated(segs)   # (two agent turns in a row: the apology once, apology.py)
            if emoji and turn.act not in ("decline", "escalate") and not _apologises(segs) and \
                    not (k < len(gloomy) and gloomy[k]):
                if nxt() < emoji_rate and segs[-1][0][-1:] in "。！":
                    text, kind, tag = segs[-1]
                    segs[-1] = (text[:-1], kind, tag)
                    segs.extend(say("emoji", env, nxt))
        else:
            _chat_style(segs, nxt)
            chance, where = nxt(), nxt()   # both always drawn: the rate changes no other choice
            if chance < typo_rate:
                _typo(segs, where)
        out.append(turn)
    for turn in out:   # (_tidy written out: most turns need nothing, and the test is one C call)
        mended = _tidied(turn.segs)
        if mended is not None:
            turn.segs = mended
    return out


# The kinds of agent turn (heed.py, the `did:` tag the plan puts last in a turn's told) whose news is bad.
GLOOMY_KINDS = frozenset({"did:obstacle", "did:refused", "did:handed", "did:offer"})


def _gloomy(plan: Plan, env: dict) -> list:
    """Per turn, whether its news is bad, so that no emoji follows it: a refusal, an obstacle, a hand-over, and a
    look-up that finds the matter still waiting (a refund the shop has not handled, a parcel held) where the remedy
    is itself a wait (heed.proposal_kind pending), or a further wait on a matter already late."""
    waiting = proposal_kind(plan.intent, plan.outcome, env) == "pending"
    late = env.get("delayed") == "yes"
    out = []
    for (role, act, _), told in zip(plan.acts, plan.told):
        kind = told[-1] if told and role == "agent" else ""
        out.append(kind in GLOOMY_KINDS or (act == "inform" and waiting) or (kind == "did:pending" and late))
    return out


def _apologises(segs: list) -> bool:
    """Whether the turn apologises (APOLOGY.search on its text): its optional intensifiers aside, that is whether
    it says 抱歉 or 不好意思, which two substring tests answer without a regex scan of every position."""
    text = "".join(map(_TEXT, segs))
    return "抱歉" in text or "不好意思" in text


@lru_cache(maxsize=1)
def _habit_pattern():
    """The set phrases as one pattern whose group `split` keeps; at each position the longest phrase that starts
    there wins, as in the alternation of every phrase longest first (`_phrase_alternation`). The pattern is that
    alternation written as a trie of characters (已(?:经(?:为您|给您|帮您)|为您)..., the persons rules' trie):
    the regex engine then reads a position's next character once instead of trying 150 phrases in turn (twice as
    fast on a turn). Branches of a node differ in their first character, so at most one can go on, and a phrase
    ending at a node is its optional tail `(?:...)?`, greedy: a longer phrase wins where one starts."""
    return re.compile("(" + _trie_pattern(tables().habits) + ")")


def _phrase_alternation(phrases) -> str:
    """Every phrase, longest first: the reference `_trie_pattern` agrees with (a test holds the two equal)."""
    return "|".join(map(re.escape, sorted(phrases, key=len, reverse=True)))


# A free-text run split around its set phrases (text,) or (before, phrase, between, phrase, ..., after), by run
# text: runs recur (one in two is new), and a split read from here needs no regex scan and no callback per phrase.
# Cleared when full; a pure function of the text, so what it holds never changes a result.
_SPLITS: dict = {}
SPLITS_KEPT = 200_000


def _habit_split(text: str) -> tuple:
    found = _SPLITS.get(text)
    if found is None:
        if len(_SPLITS) >= SPLITS_KEPT:
            _SPLITS.clear()
        found = _SPLITS[text] = tuple(_habit_pattern().split(text))
    return found


def _habits(segs: list, habit: int, said: dict) -> None:
    """Say the agent's set phrases (已经为您, 请稍候, 1到3个工作日 ...) the way this agent does: each family of
    interchangeable phrases in lexicons/dialogues/habits.tsv starts at a member picked from `habit` and moves to
    the next one each time it is said again in the conversation (`said` counts), so an agent neither speaks like
    every other agent nor apologises with the same words three times. Runs of free text are joined first (a phrase
    may span grammar pieces) into one piece with the first one's tag; slot values are never touched."""
    if not segs:
        return
    text = _text_run(segs)
    if text is not None:   # free text only (most turns): one run
        segs[:] = [(_said_by_habit(text, habit, said), "text", segs[0][2])]
        return
    out, run = [], []
    for seg in segs:
        if seg[1] == "text":
            run.append(seg)
            continue
        if run:
            out.append((_said_by_habit("".join(map(_TEXT, run)), habit, said), "text", run[0][2]))
            run = []
        out.append(seg)
    if run:
        out.append((_said_by_habit("".join(map(_TEXT, run)), habit, said), "text", run[0][2]))
    segs[:] = out


_cscan = speedups.load("_scan")


def _text_run(segs: list) -> str | None:
    """The pieces' texts joined if every piece is free text (kind "text"), else None. With synth/_scan.c built,
    its `text_run` (one pass over the pieces in C: a turn has nine pieces on average, and the kinds read and the
    texts joined in Python cost four times as much; a test holds the two equal)."""
    return "".join(map(_TEXT, segs)) if list(map(_KIND, segs)).count("text") == len(segs) else None


_text_run_python = _text_run
if _cscan is not None and hasattr(_cscan, "text_run"):
    _text_run = _cscan.text_run   # noqa: F811


@lru_cache(maxsize=1)
def _phrase_split():
    """`_habit_split` as one callable of the text: with synth/_scan.c built, its `split_phrases` over the set
    phrases (the same parts as the trie pattern's split, in one pass in C, with no cache to look texts up in: a
    turn's run of text is new one time in two, and hashing and finding it in a cache of 200,000 cost as much as
    the split); else `_habit_split`."""
    if _cscan is None or not hasattr(_cscan, "split_phrases"):
        return _habit_split
    return partial(_cscan.split_phrases, _cscan.phrase_table(sorted(tables().habits)))


_habits_python = _habits


@lru_cache(maxsize=1)
def _habits_call():
    """`_habits` as one callable of (segs, habit, said): with synth/_scan.c built, its `say_habits` (the runs
    joined, split around the set phrases and said the agent's way in one C call per agent turn, with no tuple of
    parts and no Python loop per phrase: the same pieces and the same `said` counts, a test holds it); else
    `_habits`."""
    if _cscan is None or not hasattr(_cscan, "say_habits"):
        return _habits_python
    habits = tables().habits
    phrases = sorted(habits)
    return partial(_cscan.say_habits, _cscan.phrase_table(phrases), tuple(habits[p] for p in phrases))


def _said_by_habit(text: str, habit: int, said: dict) -> str:
    """A run of free text with its set phrases said the agent's way (picked left to right, as they are said)."""
    parts = _phrase_split()(text)
    if len(parts) == 1:
        return text
    parts = list(parts)
    habits = tables().habits
    for k in range(1, len(parts), 2):
        family, variants = habits[parts[k]]
        mixed = (habit * 6364136223846793005 + (family + 1) * 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        times = said[family] = said.get(family, -1) + 1
        parts[k] = variants[((mixed >> 33) + times) % len(variants)]
    return "".join(parts)


def _chat_style(segs: list, nxt) -> None:
    """Customers type in chat: often no full stop at the end, sometimes a space where a comma was."""
    text, kind, tag = segs[-1]
    if kind == "text" and text.endswith("。") and nxt() < 0.6:
        segs[-1] = (text[:-1], kind, tag)
    if nxt() < 0.15:
        for k, (text, kind, tag) in enumerate(segs):
            if kind == "text" and "，" in text[1:]:
                segs[k] = (text[0] + text[1:].replace("，", " ", 1), kind, tag)
                break


def _typo(segs: list, u: float) -> None:
    """One typo (的/得, 在/再, 已经/以经, 为什么/为什 ...: typos.py) in free text, never in a slot value."""
    slip = typos.pick([(k, text) for k, (text, kind, _) in enumerate(segs) if kind == "text"], u)
    if slip is not None:
        k, word, typo = slip
        text, kind, tag = segs[k]
        segs[k] = (text.replace(word, typo, 1), kind, "typo")


def _untidy(segs: list) -> bool:
    """Whether _tidy has anything to do: an empty piece, or a piece after the first that starts with a mark. The
    texts joined by a separator show both at once, without a loop over the pieces in Python (with synth/_scan.c
    built, its `untidy` reads the pieces in place, with no list or join: the same answer, a test holds it)."""
    texts = list(map(_TEXT, segs))
    joined = "\0".join(texts)
    return "" in texts or "\0，" in joined or "\0。" in joined


_untidy_python = _untidy
if _cscan is not None and hasattr(_cscan, "untidy"):
    _untidy = _cscan.untidy   # noqa: F811


def _tidy(turn: Turn) -> None:
    """The consistency pass on punctuation: no doubled or clashing marks where pieces meet, no empty pieces."""
    mended = _tidied(turn.segs)
    if mended is not None:   # (most turns need nothing)
        turn.segs = mended


def _tidied(segs: list) -> list | None:
    """None where `_untidy` finds nothing to do, else the pieces mended (a new list): empty pieces dropped, a ，or
    。 that opens a free-text piece right after a free-text piece ending in a mark, then the pieces that left
    empty. With synth/_scan.c built, its `tidied` (the test and the mending in one call, no Python loop over the
    pieces of the one turn in six that needs it: the same pieces, a test holds it)."""
    if not _untidy(segs):
        return None
    segs = [s for s in segs if s[0]]
    for k in range(1, len(segs)):
        prev, cur = segs[k - 1], segs[k]
        if prev[1] == "text" and cur[1] == "text" and prev[0][-1:] in PUNCT and cur[0][:1] in "，。":
            segs[k] = (cur[0][1:], cur[1], cur[2])
    return [s for s in segs if s[0]]


_tidied_python = _tidied
if _cscan is not None and hasattr(_cscan, "tidied"):
    _tidied = _cscan.tidied   # noqa: F811


# -- the record ------------------------------------------------------------------------------------------------
def mentioned(turn: Turn, slots: dict) -> dict:
    """Slot name -> the value as the turn says it, read from the trace (slot segments of ground-truth slots)."""
    out = {}
    for text, kind, tag in turn.segs:
        if kind == "slot" and tag in slots:
            out[tag] = text
    return out


def as_records(turns: list[Turn], slots: dict, told: list) -> list[dict]:
    out = []
    for t, topics in zip(turns, told):
        segs = t.segs
        # (most turns place no slot value: their kinds, read without a frame, show it)
        said = {tag: text for text, kind, tag in segs if kind == "slot" and tag in slots} \
            if "slot" in list(map(_KIND, segs)) else {}
        out.append({"role": t.role, "text": "".join(map(_TEXT, segs)), "act": t.act, "slots_mentioned": said,
                    "slots_requested": list(t.info) if t.act in ("ask_info", "confirm_info", "not_found") else [],
                    "question": t.question, "told": list(topics)})
    return out


def conversation_text(turns: list[dict]) -> str:
    return "\n".join([SPEAKER[t["role"]] + t["text"] for t in turns])


SPEAKER = {role: name + "：" for role, name in ROLE_NAME.items()}

# With synth/_scan.c built, the records are made in C (turn_records: the same records, a test holds it to the
# Python above), with no frame or attribute look-up in Python per turn.
as_records_python = as_records
if _cscan is not None and hasattr(_cscan, "turn_records"):
    as_records = _cscan.turn_records   # noqa: F811


def build(plan: Plan, stage: str, u_fill, u_detail, u_polish, typo_rate: float) -> list[Turn]:
    """The dialogue at `stage` (skeleton, filled, detailed or polished)."""
    if stage == "skeleton":
        return skeleton(plan)
    turns = fill(plan, u_fill)
    if stage == "filled":
        for t in turns:
            _tidy(t)
        return turns
    turns = detail(plan, turns, u_detail, copy=False)
    if stage == "detailed":
        for t in turns:
            _tidy(t)
        return turns
    return polish(plan, turns, u_polish, typo_rate, copy=False)


IDENTIFIER_SET = frozenset(IDENTIFIERS)
