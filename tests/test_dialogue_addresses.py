"""Addresses are drawn with the batch but written only for the plans that keep one (model.Addresses,
model.write_pending): a row written alone must read exactly as the whole batch's column reads it."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import synth
from synth.domains.dialogues.catalogue import INTENTS
from synth.domains.dialogues.model import PLAN_DRAWS, PendingAddress, batch_values, make_plan, write_pending
from synth.randomness import BlockRandom


def test_a_pending_address_is_the_row_of_the_whole_column():
    column = batch_values(BlockRandom((11, 3), 0, 2))["address"]
    pending = column.pending()
    rows = [0, 5, 17, 900, 1500, len(column) - 1]
    plans = [SimpleNamespace(slots={"address": pending[k]}, env={"address": pending[k]}) for k in rows]
    plans.append(SimpleNamespace(slots={"order_no": "1"}, env={}))   # a plan without an address is left alone
    write_pending(plans)
    whole = [column[k] for k in rows]   # every row written at once
    assert [p.slots["address"] for p in plans[:-1]] == whole
    assert [p.env["address"] for p in plans[:-1]] == whole
    assert plans[-1].slots == {"order_no": "1"} and plans[-1].env == {}
    assert len(set(whole)) == len(whole) and all("*" in a for a in whole)   # distinct, house numbers masked


def test_generated_addresses_are_written_and_match_the_plans_made_from_the_column():
    frame = synth.generate("dialogues", 300, seed=8, intent="change_address")
    assert all(isinstance(s.get("address"), str) and s["address"] for s in frame.slots)
    assert not any(isinstance(v, PendingAddress) for s in frame.slots for v in s.values())
    # The same plans made by hand from an indexed column (tests and benchmarks do so) carry the same addresses.
    rng = BlockRandom((8, 7), 0, 1)
    values = batch_values(rng)
    u = rng.random(PLAN_DRAWS).tolist()
    plans = [make_plan(INTENTS["change_address"], u[k], {n: c[k] for n, c in values.items()}, dt.date(2025, 1, 1))
             for k in range(20)]
    assert [p.slots["address"] for p in plans] == [values["address"][k] for k in range(20)]
    assert all(p.env["address"] == p.slots["address"] for p in plans)
