"""The dialogues domain's declaration: options, the request check, and one sampler per field.

Hidden fields hold the steps: `_intent` (which intent), `_values` (identifier-like slot values drawn a batch at a
time), `_plan` (the model: slots, facts, outcome, the act sequence), `_dialogue` (the turns at the requested
stage). The output fields are read from the plan and the turns."""

from __future__ import annotations

import numpy as np

from synth.distributions import choose_index
from synth.grammar import uniform_rows
from synth.options import Option, parse_rate
from synth.schema import Domain

from .catalogue import INTENT_KEYS, INTENTS, SCENARIOS, SECTORS
from .end_state import label
from .model import PLAN_DRAWS, Addresses, batch_values, make_plan, write_pending
from .stages import DETAIL_DRAWS, FILL_DRAWS, POLISH_DRAWS, STAGES, as_records, build, conversation_text

BLOCK = 1024


def parse_intents(value) -> tuple[str, ...]:
    """Intents by key (return_refund), scenario name (退货退款) or sector (ecommerce); comma-separated."""
    items = value if isinstance(value, (list, tuple)) else str(value).split(",")
    chosen: list[str] = []
    for item in (str(i).strip() for i in items):
        if not item:
            continue
        if item in INTENTS:
            found = [item]
        elif item in SCENARIOS:
            found = [k for k, i in INTENTS.items() if i.scenario == item]
        elif item in SECTORS:
            found = [k for k, i in INTENTS.items() if i.sector == item]
        else:
            raise ValueError(f"{item!r} is neither an intent ({', '.join(INTENT_KEYS)}), a scenario name "
                             f"({'、'.join(SCENARIOS)}) nor a sector ({', '.join(SECTORS)})")
        chosen += [k for k in found if k not in chosen]
    if not chosen:
        raise ValueError("expected at least one intent, scenario or sector")
    return tuple(chosen)


def parse_stage(value) -> str:
    value = str(value).strip()
    if value not in STAGES:
        raise ValueError(f"expected one of {', '.join(STAGES)}")
    return value


def parse_typo_rate(value) -> float:
    rate = parse_rate(value)
    if rate > 0.5:
        raise ValueError("at most 0.5 (half of the customer turns)")
    return rate


def parse_prompt(value) -> str:
    return str(value)


OPTIONS = [
    Option("intent", ",".join(SECTORS), parse_intents,
           "intents (return_refund ...), scenario names (退货退款 ...) or sectors (ecommerce, telecom, bank, "
           "delivery), comma-separated, evenly mixed"),
    Option("stage", "polished", parse_stage,
           "which step to output: skeleton, filled, detailed or polished"),
    Option("typo_rate", 0.05, parse_typo_rate, "share of customer turns (polished stage) with one typo"),
    Option("system_prompt", "", parse_prompt,
           "system message for --format openai: empty for none, 'auto' for one naming the company, or the text"),
]

DOMAIN = Domain("dialogues", "Chinese customer-service dialogues (e-commerce, telecom, banking, delivery) built in "
                "four steps, with slots, acts, outcomes and chat-model exports", options=OPTIONS)


def _column(values) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


@DOMAIN.field("dialogue_id", doc="D + 10-digit record index")
def dialogue_id(ctx):
    return np.char.add("D", np.char.zfill(ctx.index.astype(str), 10)).astype(object)


@DOMAIN.field("_intent", hidden=True, doc="the intent, evenly over the requested ones")
def intent_field(ctx):
    names = ctx.options["intent"]
    return np.array(names, dtype=object)[choose_index(ctx.rng.random(), np.ones(len(names)))]


@DOMAIN.field("_values", hidden=True, doc="identifier-like slot values for every record (order numbers ...)")
def values_field(ctx):
    columns = batch_values(ctx.rng)
    keys = list(columns)
    # (addresses are written later, for the plans that keep one: plan_field)
    lists = [columns[k].pending() if isinstance(columns[k], Addresses) else columns[k].tolist() for k in keys]
    return _column([dict(zip(keys, row)) for row in zip(*lists)])


@DOMAIN.field("_plan", parents=("_intent", "_values"), hidden=True,
              doc="the model: slots, facts, outcome, the act sequence from the intent's policy")
def plan_field(ctx, intents, values):
    u = ctx.rng.random(PLAN_DRAWS)
    as_of = ctx.as_of
    plans = []
    for start in range(0, ctx.size, BLOCK):
        rows = u[start:start + BLOCK].tolist()
        for intent, value, row in zip(intents[start:start + BLOCK], values[start:start + BLOCK], rows):
            plans.append(make_plan(INTENTS[intent], row, value, as_of))
    write_pending(plans)
    return _column(plans)


@DOMAIN.field("_dialogue", parents=("_plan",), hidden=True, doc="the turns at the requested stage, as records")
def dialogue_field(ctx, plans):
    stage = ctx.options["stage"]
    rate = ctx.options["typo_rate"]
    u_fill = ctx.stream("fill").random(FILL_DRAWS)
    u_detail = ctx.stream("detail").random(DETAIL_DRAWS)
    u_polish = ctx.stream("polish").random(POLISH_DRAWS)
    out = []
    for start in range(0, ctx.size, BLOCK):
        f, d, p = (uniform_rows(x[start:start + BLOCK]) for x in (u_fill, u_detail, u_polish))
        for plan, a, b, c in zip(plans[start:start + BLOCK], f, d, p):
            out.append(as_records(build(plan, stage, a, b, c, rate), plan.slots, plan.told))
    return _column(out)


@DOMAIN.field("sector", parents=("_plan",), doc="ecommerce, telecom, bank or delivery")
def sector(ctx, plans):
    return _column([p.spec.sector for p in plans])


@DOMAIN.field("scenario", parents=("_plan",), doc="the scenario's Chinese name (退货退款, 宽带故障 ...)")
def scenario(ctx, plans):
    return _column([p.spec.scenario for p in plans])


@DOMAIN.field("intent", parents=("_plan",), doc="the intent key (return_refund, broadband ...)")
def intent(ctx, plans):
    return _column([p.intent for p in plans])


@DOMAIN.field("second_intent", parents=("_plan",), optional=True,
              doc="the intent of a second matter the customer raises after the first is settled, or empty")
def second_intent(ctx, plans):
    return _column([p.second for p in plans])


@DOMAIN.field("company", parents=("_plan",), doc="the (invented) company the customer writes to")
def company(ctx, plans):
    return _column([p.company for p in plans])


@DOMAIN.field("product", parents=("_plan",), doc="what it is about: a shop product (手机), or 宽带, 信用卡, 快递")
def product(ctx, plans):
    return _column([p.product for p in plans])


@DOMAIN.field("date", parents=("_plan",), doc="the day of the conversation (within 60 days before as_of)")
def date(ctx, plans):
    return _column([p.date.isoformat() for p in plans])


@DOMAIN.field("slots", parents=("_plan",), dtype="dict",
              doc="the ground truth: slot name -> value (dates ISO, amounts in yuan, phones masked)")
def slots(ctx, plans):
    return _column([dict(p.slots) for p in plans])


@DOMAIN.field("acts", parents=("_plan",), dtype="list", doc="the dialogue act of each turn")
def acts(ctx, plans):
    return _column([[a for _, a, _ in p.acts] for p in plans])


@DOMAIN.field("turns", parents=("_dialogue",), dtype="list",
              doc="[{role (customer/agent), text, act, slots_mentioned, slots_requested, question, told}] per turn")
def turns(ctx, dialogues):
    return dialogues


@DOMAIN.field("n_turns", parents=("_dialogue",), dtype="int", doc="number of turns")
def n_turns(ctx, dialogues):
    return np.array([len(d) for d in dialogues], dtype=np.int64)


@DOMAIN.field("outcome", parents=("_plan",),
              doc="resolved, refund_issued, replacement_sent, escalated or unsatisfied")
def outcome(ctx, plans):
    # (the label follows where the chat ends: end_state.py)
    return _column([label(p.intent, p.outcome, p.env) for p in plans])


@DOMAIN.field("satisfaction", parents=("_plan",), dtype="int",
              doc="1-5 within the outcome's range, at most 4 after impatience, a failed fix or a push-back")
def satisfaction(ctx, plans):
    return np.array([p.satisfaction for p in plans], dtype=np.int64)


@DOMAIN.field("text", parents=("_dialogue",), doc="the conversation, one 客户：/客服： line per turn")
def text(ctx, dialogues):
    return _column([conversation_text(d) for d in dialogues])
