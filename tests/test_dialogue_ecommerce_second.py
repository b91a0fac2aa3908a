"""The second matter a customer raises once the first is settled (model.second_matter): drawn by sector and by
what the first matter was, no topic more than about a quarter of its sector's second matters, about a third of the
first matters settled raising one, and only where the first matter makes it a fair question."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from functools import lru_cache

import numpy as np

from synth.domains.dialogues.catalogue import INTENTS, SECOND_ONLY
from synth.domains.dialogues.model import PLAN_DRAWS, SECOND_MATTERS, batch_values, make_plan
from synth.randomness import BlockRandom


@lru_cache(maxsize=None)
def plans(n: int = 12000, seed: int = 5) -> list:
    """`n` plans of intents drawn evenly, as (sector, intent, outcome, topic, label, env)."""
    rng = BlockRandom((seed, 7), 0, max(1, -(-n // 1024)))
    values = batch_values(rng)
    u = np.random.default_rng(seed).random((n, PLAN_DRAWS + 1)).tolist()
    keys = sorted(INTENTS)
    out = []
    for k in range(n):
        spec = INTENTS[keys[min(int(u[k][-1] * len(keys)), len(keys) - 1)]]
        plan = make_plan(spec, u[k][:PLAN_DRAWS], {name: column[k] for name, column in values.items()},
                         dt.date(2025, 1, 1))
        out.append((spec.sector, spec.key, plan.outcome, plan.env["other"], plan.second, plan.env))
    return out


def test_no_second_matter_is_more_than_a_quarter_of_its_sector():
    topics = defaultdict(Counter)
    for sector, _, _, topic, _, _ in plans():
        if topic:
            topics[sector][topic] += 1
    assert set(topics) == {"ecommerce", "telecom", "bank", "delivery"}
    for sector, counts in topics.items():
        total = sum(counts.values())
        assert len(counts) >= 4, (sector, counts)
        assert max(counts.values()) <= 0.27 * total, (sector, counts.most_common(3))


def test_a_second_matter_follows_a_settled_first_one_in_about_a_third_and_never_a_refusal_or_an_escalation():
    """(was: about two in five good endings, escalations included.) Reading 14 found an unrelated question tacked
    on in 14 of 30 dialogues, one after a card stopped for a disputed charge: a second matter is now raised only
    once the first is settled (not refused, not left with a specialist), in about a third of those, under a
    quarter of all conversations, and only a topic listed for its first matter (model.SECOND_MATTERS)."""
    settled = [topic for _, _, outcome, topic, _, _ in plans() if outcome not in ("unsatisfied", "escalated")]
    assert 0.25 < sum(1 for t in settled if t) / len(settled) < 0.4
    assert sum(1 for p in plans() if p[3]) / len(plans()) <= 0.25
    assert not [t for _, _, outcome, t, _, _ in plans() if outcome in ("unsatisfied", "escalated") and t]
    for _, intent, _, topic, _, _ in plans():
        assert not topic or topic in dict(SECOND_MATTERS.get(intent, ())), (intent, topic)


def test_the_invoice_is_no_longer_the_usual_second_matter_of_a_shop():
    raised = [topic for sector, _, _, topic, _, _ in plans() if sector == "ecommerce" and topic]
    assert Counter(raised)["invoice"] < 0.25 * len(raised)


def test_a_second_matter_follows_from_the_first():
    """运费险 only on an order that has it; the warranty of a repair or a swap only after one; the refund's progress
    after a refund; every label is an intent (the intent view's classes)."""
    seen = Counter()
    for _, intent, outcome, topic, label, env in plans():
        if not topic:
            assert not label
            continue
        assert label in INTENTS or label in SECOND_ONLY, (intent, topic, label)
        seen[topic] += 1
        if topic == "freight_insurance":
            assert env["fee"] == "insurance", env
        if topic == "repaired_warranty":
            assert intent == "repair" or (intent == "exchange" and env["reason"] == "defect"), (intent, env)
        if topic == "refund_progress":
            assert intent in ("return_refund", "price_protect", "complaint"), intent
    for topic in ("freight_insurance", "repaired_warranty", "refund_progress", "autopay", "annual_fee",
                  "stop_keep", "next_parcel", "insure"):
        assert seen[topic] > 20, (topic, seen)


def test_a_second_matter_is_labelled_by_what_is_asked():
    """An annual-fee question is labelled annual_fee (not transaction_query), insuring a parcel still to be sent
    parcel_insurance (not lost_parcel), how long an online top-up takes recharge_time (not recharge_missing); a
    second-matter-only label stays in its first matter's sector."""
    expected = {"annual_fee": "annual_fee", "insure": "parcel_insurance", "topup": "recharge_time"}
    seen = Counter()
    for sector, intent, _, topic, label, _ in plans():
        if topic in expected:
            assert label == expected[topic], (intent, topic, label)
            seen[topic] += 1
        if label in SECOND_ONLY:
            assert SECOND_ONLY[label][1] == sector, (intent, label)
        if label and label in INTENTS:
            assert label not in ("transaction_query", "lost_parcel", "recharge_missing") or topic == label, \
                (intent, topic, label)
    assert all(seen[t] > 20 for t in expected), seen


def test_a_pre_sale_answer_that_told_when_it_ships_is_not_asked_again():
    """Reading 20 r2 #3: the stock answer said 下午四点前下单当天发, then the customer asked 付款后一般多久发货？"""
    asked = Counter()
    for _, intent, _, topic, _, env in plans():
        if intent == "product_inquiry" and topic:
            asked[topic] += 1
            assert not (topic == "ship_time" and env["topic"] in ("ship_time", "stock")), env["topic"]
    assert asked["ship_time"] >= 3 and sum(asked.values()) >= 30, asked
