"""Shared fixtures. A small test domain exercises the engine independently of any shipped data."""

from __future__ import annotations

import numpy as np
import pytest

from synth.distributions import (Beta, Categorical, Empirical, LogNormal, Mixture, Normal, Poisson, TruncatedNormal,
                                 Uniform, WithNulls)
from synth.options import Option, parse_shares
from synth.schema import Domain


def build_toy_domain(extra_field: bool = False) -> Domain:
    """Every distribution, a parent-child field, an exact quota and a rule; optionally one more field."""
    toy = Domain("toy", "engine test domain", options=[
        Option("label", "a:0.5,b:0.5", lambda v: parse_shares(v, ("a", "b", "c")), "label shares or quotas"),
    ])

    @toy.field("id", dtype="int")
    def ident(ctx):
        return ctx.index

    @toy.field("label")
    def label(ctx):
        shares = ctx.options["label"]
        if all(isinstance(v, int) for v in shares.values()):
            return ctx.quota(shares)
        return Categorical(list(shares), list(shares.values())).sample(ctx.rng)

    if extra_field:
        @toy.field("extra", dtype="float")
        def extra(ctx):
            return Uniform(0, 1).sample(ctx.rng)

    @toy.field("age", dtype="int")
    def age(ctx):
        return np.round(TruncatedNormal(40, 15, 18, 90).sample(ctx.rng)).astype(np.int64)

    @toy.field("score", parents=("age", "label"), dtype="float")
    def score(ctx, age, label):
        # Conditional: the mean depends on both parents.
        return Normal(age / 10 + np.where(label == "a", 5.0, 0.0), 1.0).sample(ctx.rng)

    @toy.field("amount", dtype="float")
    def amount(ctx):
        return Mixture([LogNormal(3, 0.5), Uniform(1000, 2000)], [0.9, 0.1]).sample(ctx.rng)

    @toy.field("visits", dtype="int")
    def visits(ctx):
        return Poisson(3.0).sample(ctx.rng)

    @toy.field("share", dtype="float")
    def share(ctx):
        return Beta(2, 5).sample(ctx.rng)

    @toy.field("height", dtype="float")
    def height(ctx):
        return Empirical([150, 160, 170, 180, 190], [1, 4, 4, 1]).sample(ctx.rng)

    @toy.field("nickname")
    def nickname(ctx):
        return WithNulls(Categorical(["小王", "小李", "老张"]), 0.2).sample(ctx.rng)

    @toy.rule("score_positive", "score must be positive", ("score",))
    def score_positive(columns, options):
        return columns["score"] > 0

    return toy


@pytest.fixture
def toy_domain():
    return build_toy_domain()


@pytest.fixture
def interrupt_third_batch(monkeypatch) -> list:
    """`generate` raises KeyboardInterrupt when it starts its third batch; the list counts the batches begun."""
    import synth.api

    real_make_batch = synth.api._make_batch
    calls: list = []

    def interrupted_on_the_third_batch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real_make_batch(*args, **kwargs)

    monkeypatch.setattr(synth.api, "_make_batch", interrupted_on_the_third_batch)
    return calls
