"""The turn-walking rules of `rules.FUSED`, computed at generation time in one walk over each dialogue.

Each of those rules, run alone, walks every turn of every dialogue; at generation time they run on every batch
(and again on regenerated blocks), so the walk is made once: `walk` reads each turn's role, act, slots and
question once and advances every rule's state together. The result is the hidden field `_verdicts`, a bit per
rule (bit k set: the record breaks FUSED[k]), which the rules read where a batch has it; `synth check` on a file
runs each rule's own function in `rules.py`, the reference a test holds this walk to (on generated dialogues and
on planted bad ones).

A new rule needs nothing here: declared in `rules.py` as before, it runs on its own. To fold a rule that walks the
turns into this pass, add its name to `rules.FUSED`, its state and per-turn step to `walk` (returning its verdict
in FUSED's order), and a planted bad dialogue for it to the test.
"""

from __future__ import annotations

from functools import partial
from operator import itemgetter

import numpy as np

from synth import speedups

from .catalogue import ACTS, DATE_SLOTS
from .fields import DOMAIN
from .heed import _FITS_BY_TAG, KIND_TAGS
from .leads import slip_is_marked
from .rules import ANSWER_MARKS, FUSED, _md, told_once, values_in_text_are_true
from .rules import answered as answered_at
from .state import ASKS_TOLD, PUSHED_ON, QUESTION_TOPIC, TIME_SLOTS

NO_ROLE = ("",)
_ACT = itemgetter("act")   # (map() over the turns needs no frame, as a list comprehension does)
CUSTOMER_STEPS = ("ask_followup", "push_back", "impatient")   # the customer acts told_once reads


def walk(slots: dict, turns: list, text: str, acts: list, n_turns) -> tuple[bool, ...]:
    """The verdicts of the rules in FUSED, in its order, for one dialogue, from one pass over its turns."""
    truth = {k: str(v) for k, v in slots.items()} if slots else {}
    mentions, *rest = _turn_walk(truth, turns, acts, n_turns)
    if mentions and "wrong_id" in truth:
        mentions = slip_is_marked(truth, turns, text)
    if mentions:
        mentions = values_in_text_are_true(truth, text)
    return (mentions, *rest)


def expected_texts(truth: dict) -> dict:
    """Each slot as a turn says it (dates as M月D日)."""
    return {name: _md(value) if name in DATE_SLOTS else value for name, value in truth.items()}


def turn_walk(truth: dict, turns: list, acts: list, n_turns) -> tuple[bool, ...]:
    """The pass over the turns of `walk`: its verdicts, in FUSED's order, with slot_mentions_are_true's as far as
    the turns decide it (the whole text is read after). The C walk (synth/_turnwalk.c) is held to it by a test."""
    mentions = asks = twice = answered = True
    # roles_alternate: the shape first (turns, acts and n_turns agree; the customer opens, the agent closes).
    roles = bool(turns) and len(turns) == int(n_turns) and list(map(_ACT, turns)) == list(acts) and \
        turns[0]["role"] == "customer" and turns[-1]["role"] == "agent" and \
        ACTS.get(turns[0]["act"], NO_ROLE)[0] == turns[0]["role"]
    given: set = set()    # asks_are_needed: what the customer has given
    told: set = set()     # nothing_said_twice: the topics the agent told, the time slots it named
    dates: set = set()
    heeded = True         # customer_heeds_the_agent: the FITS of the agent turn just before (heed.heeds)
    heard = None
    evidence = None       # evidence_before_remedy, once decided (ecommerce_coherence.evidence_before_remedy)
    photos_asked = photos_sent = False
    previous = None
    run = 1
    expected = None
    for k, turn in enumerate(turns):
        role, act = turn["role"], turn["act"]
        said = turn.get("slots_mentioned") or {}
        tags = turn.get("told") or ()
        if role == "agent":
            heard = _FITS_BY_TAG.get(tags[-1] if tags else "")
        else:
            if heard is not None and heeded:
                last = tags[-1] if tags else ""
                if last[:6] == "react:" and last[6:] not in heard:
                    heeded = False
            heard = None
        if evidence is None:
            if act == "send_evidence":
                photos_sent = True
            if "step:evidence" in tags:
                if "step:remedy" in tags:
                    evidence = True
                photos_asked = True
            elif "step:remedy" in tags:
                evidence = photos_asked and photos_sent
        if mentions and said:
            if expected is None:   # (made once per dialogue, where a turn says a slot)
                expected = expected_texts(truth)
            text_of_turn = turn["text"]
            for name, value in said.items():
                if expected.get(name) != value or value not in text_of_turn:
                    mentions = False
                    break
        if roles and previous is not None:
            run = run + 1 if role == previous["role"] else 1
            if ACTS.get(act, NO_ROLE)[0] != role or run > 2:
                roles = False
        if asks:
            if act == "ask_info" or act == "confirm_info":
                requested = set(turn.get("slots_requested") or ())
                if (requested & given) if act == "ask_info" else not requested <= given:
                    asks = False
            if role == "customer":
                given.update(said)
        if twice and (role == "agent" or act in CUSTOMER_STEPS):
            twice = told_once(turn, previous, told, dates)
        if answered and act == "ask_followup":
            answered = answered_at(turns, k)
        previous = turn
    if evidence is None:
        evidence = not photos_asked or photos_sent
    return mentions, roles, asks, twice, answered, heeded, evidence


# With synth/_turnwalk.c built, the pass over the turns runs in C (the same verdicts: a test compares them on
# generated and on planted bad dialogues), reading the domain's tables passed in here; it makes a slot's expected
# text only for the slots a turn says, and takes rules.answered's step itself.
_cwalk = speedups.load("_turnwalk")
_TABLES = (ACTS, _FITS_BY_TAG, KIND_TAGS, TIME_SLOTS, QUESTION_TOPIC, ASKS_TOLD, PUSHED_ON, DATE_SLOTS, _md,
           ANSWER_MARKS)
_turn_walk = turn_walk if _cwalk is None else partial(_cwalk.turn_walk, _TABLES)


@DOMAIN.field("_verdicts", parents=("slots", "turns", "text", "acts", "n_turns"), hidden=True, dtype="int",
              doc="bit k set where the record breaks rules.FUSED[k] (one walk over the turns for all of them)")
def verdicts_field(ctx, slots, turns, texts, acts, n_turns):
    # (the columns as lists, walk mapped over them: no numpy item reads, no tuple or loop step per row in Python)
    columns = [c.tolist() if isinstance(c, np.ndarray) else list(c) for c in (slots, turns, texts, acts, n_turns)]
    return np.fromiter(map(_broken, map(walk, *columns)), dtype=np.int64, count=len(columns[0]))


_BITS = tuple(1 << k for k in range(len(FUSED)))


def _broken(verdict: tuple) -> int:
    """The bits of the rules a walk's verdict says are broken (none, for almost every record)."""
    return 0 if all(verdict) else sum(bit for bit, ok in zip(_BITS, verdict) if not ok)
