"""Dates, policy and procedure worked out from the case (issue 12, reading of seed 52057): a policy fact is one
fact said the same way by every line, a window is told against the case's own dates, and the procedure is the one
this company can run for this case."""
from __future__ import annotations

import re

import numpy as np

import synth
from synth.registry import get_domain


def frame(n: int, seed: int = 3, **options):
    return synth.generate("dialogues", n, seed=seed, **options)


def rule(name: str):
    return next(r for r in get_domain("dialogues").rules if r.name == name)


def holds(name: str, df) -> np.ndarray:
    columns = {c: df[c].to_numpy() for c in df.columns}
    return np.asarray(rule(name).check(columns, {"as_of": __import__("datetime").date(2027, 1, 1)}))


def agent_lines(df):
    for turns in df.turns:
        for t in turns:
            if t["role"] == "agent":
                yield t["text"]


def test_seven_days_run_from_the_day_after_signing_in_every_line():
    """#21: 七天无理由从签收那天算 — the seven days start the day after signing, as the other lines say."""
    df = frame(1500, intent="return_refund")
    starts = [s for s in agent_lines(df) if re.search(r"签收.{0,6}(算|起满七天)", s)]
    assert len(starts) > 20
    for s in starts:
        assert "次日" in s or "第二天" in s, s
    assert holds("seven_days_from_day_after_signing", df).all()


def test_the_seven_day_rule_fails_on_a_signing_day_start():
    df = frame(60, intent="return_refund")
    turns = [list(t) for t in df.turns]
    k = next(i for i, ts in enumerate(turns) if any(t["role"] == "agent" for t in ts))
    j = next(i for i, t in enumerate(turns[k]) if t["role"] == "agent")
    turns[k][j] = dict(turns[k][j], text="很抱歉，七天无理由从签收那天算，超过了就不受理了。")
    broken = df.copy()
    broken["turns"] = turns
    assert not holds("seven_days_from_day_after_signing", broken)[k]
