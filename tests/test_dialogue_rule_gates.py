"""Rules declared with gate words (rules._declare `words`) give, on a batch made by generation (it has the hidden
field `_verdicts`), the verdicts they give when every record is read: on generated dialogues and on dialogues with
phrases planted that break them."""

from __future__ import annotations

import copy
import datetime as dt

import numpy as np

import synth
from synth.registry import get_domain
from synth.domains.dialogues.rules import GATES
from synth.domains.dialogues.stages import conversation_text

OPTIONS = {"as_of": dt.date(2025, 1, 1)}
# Phrases that break one gated rule or another where they land (an agent line, a customer's acceptance ...).
PLANTED = ("从签收那天算", "不用您寄", "您自己寄回后", "运费由商家承担", "运费需要您承担", "明天上午9点到11点",
           "约上门时间", "行吧", "唉，", "暴雨", "台风", "还不到48小时", "到了您那边", "计了利息", "重启过了",
           "重启一下", "重启一下手机", "比现在多10元", "照刚才的办法", "我这边远程", "有进展会通知您", "寄修",
           "上门维修", "积压", "延误是天气", "已为您挂失", "自动扣款已解除", "可能被拦截了", "理解您着急",
           "那要上门吗？")


def gated_rules():
    return [r for r in get_domain("dialogues").rules if r.name in GATES]


def planted(turns: list, k: int) -> list:
    turns = copy.deepcopy(turns)
    for j in range(3):
        at = (k * 7 + j * 5) % len(turns)
        phrase = PLANTED[(k * 3 + j * 11) % len(PLANTED)]
        turns[at]["text"] = turns[at]["text"] + phrase if j % 2 else phrase + turns[at]["text"]
    return turns


def generated_and_planted(df) -> tuple[dict, dict]:
    """The frame's columns, and a copy with phrases planted in its turns (and its text made from them)."""
    columns = {c: df[c].to_numpy() for c in df.columns}
    bad = {c: v.copy() for c, v in columns.items()}
    for row in range(len(df)):
        bad["turns"][row] = planted(columns["turns"][row], row)
        bad["text"][row] = conversation_text(bad["turns"][row])
    return columns, bad


def test_gated_rules_read_as_the_whole_batch_does():
    rules = gated_rules()
    assert len(rules) >= 10
    df = synth.generate("dialogues", 2000, seed=43)
    columns, bad = generated_and_planted(df)
    verdicts = np.zeros(len(df), dtype=np.int64)   # (the fused rules' bits: none broken, not read here)
    broken = 0
    each: dict = {}
    for cols in (columns, bad):
        for rule in rules:
            alone = np.asarray(rule.check(cols, OPTIONS))
            gated = np.asarray(rule.check({**cols, "_verdicts": verdicts}, OPTIONS))
            assert (alone == gated).all(), rule.name
            broken += (~alone).sum() if cols is bad else 0
            each[rule.name] = (~alone).sum() if cols is bad else 0
            if cols is columns:
                assert alone.all(), rule.name
    assert broken >= 200
    # (the rules gated for speed in s13: each broken by the planted phrases, and read the same gated or not)
    for name in ("agent_presumes_nothing", "empathy_answers_the_customer", "visit_question_answered"):
        assert name in GATES and each[name] > 0, name


def test_a_gated_rule_reads_only_records_with_its_words():
    """Where the batch was made by generation, a record whose text holds none of the words keeps the rule unread
    (its turns are not looked at); read as a file, the same record breaks it."""
    rule = next(r for r in get_domain("dialogues").rules if r.name == "seven_days_from_day_after_signing")
    turns = [{"role": "customer", "text": "你好", "act": "describe_problem"},
             {"role": "agent", "text": "七天无理由从签收那天算。", "act": "inform"}]
    cols = {"turns": np.array([None, None], dtype=object), "text": np.array(["客户：你好", "客服：从签收那天算"], dtype=object)}
    cols["turns"][0], cols["turns"][1] = turns, turns
    assert rule.check(cols, OPTIONS).tolist() == [False, False]
    assert rule.check({**cols, "_verdicts": np.zeros(2, dtype=np.int64)}, OPTIONS).tolist() == [True, False]


def test_one_scan_for_every_gate_finds_what_each_gate_finds():
    """The gate words of all rules found in one pass over each text (rules._gate, kept for the batch's texts) are
    those each rule's own scan finds (rules._texts_holding), on generated texts and on texts with planted phrases;
    texts changed in place are scanned again."""
    from synth.domains.dialogues import rules
    df = synth.generate("dialogues", 600, seed=44)
    texts = df["text"].to_numpy()
    bad = texts.copy()
    for row in range(len(bad)):
        bad[row] = bad[row] + PLANTED[row % len(PLANTED)]
    for column in (texts, bad, texts):
        listed = column.tolist()
        for name, words in GATES.items():
            assert (rules._gate(column, words) == rules._texts_holding(listed, words)).all(), name
    column = texts.copy()
    before = rules._gate(column, GATES["one_delay_cause"])
    column[0] = "客服：台风"
    after = rules._gate(column, GATES["one_delay_cause"])
    assert not before[0] and after[0]


def test_rules_gated_by_intent_judge_only_their_intents():
    """A rule declared with `intents` (rules._declare) gives the verdicts its check gives on every record, on
    generated dialogues and on ones with phrases planted; and its check keeps the rule on every record of another
    intent, whatever its turns say (the same records with their intent changed)."""
    from synth.domains.dialogues.rules import INTENT_GATES
    assert len(INTENT_GATES) >= 20
    df = synth.generate("dialogues", 1500, seed=45)
    columns, bad = generated_and_planted(df)
    rules = {r.name: r for r in get_domain("dialogues").rules}
    intents = sorted(set(columns["intent"]))
    broken = 0
    for cols in (columns, bad):
        for name, (judged, check) in INTENT_GATES.items():
            rule = rules[name]
            every = np.fromiter(map(check, *(cols[f].tolist() for f in rule.fields)), dtype=bool, count=len(df))
            assert (np.asarray(rule.check(cols, OPTIONS)) == every).all(), name
            broken += (~every).sum()
            others = [i for i in intents if i not in judged]
            for k, other in enumerate(others):
                moved = {**cols, "intent": np.array([other] * len(df), dtype=object)}
                args = [moved[f].tolist() for f in rule.fields]
                assert all(map(check, *args)), (name, other)
    assert broken >= 20


def test_rules_run_once_per_distinct_values_give_each_records_verdict():
    """A rule declared `alike` (its check run once per distinct row of values: rules._alike) gives every record the
    verdict of its own check, on generated dialogues and on ones whose outcome, satisfaction and acts are changed
    (many of them then break it); unhashable values are read row by row."""
    from synth.domains.dialogues import rules as module
    checks = {"outcome_agrees_with_ending": module.outcome_agrees,
              "satisfaction_agrees_with_outcome": module.satisfaction_agrees}
    rules = {r.name: r for r in get_domain("dialogues").rules}
    df = synth.generate("dialogues", 1500, seed=48)
    columns = {c: df[c].to_numpy() for c in df.columns}
    bad = {c: v.copy() for c, v in columns.items()}
    outcomes = sorted(set(columns["outcome"]))
    for row in range(len(df)):
        acts = list(columns["acts"][row])
        if row % 3 == 0:
            bad["outcome"][row] = outcomes[row % len(outcomes)]
        if row % 4 == 1:
            bad["satisfaction"][row] = 1 + row % 5
        if row % 5 == 2:
            acts = acts[:-1] if row % 2 else acts + ["push_back"]
        bad["acts"][row] = acts
    odd = {**bad, "acts": bad["acts"].copy()}
    odd["acts"][7] = [["close"]]   # (a value that is no act name: unhashable as the key)
    broken = 0
    for cols in (columns, bad, odd):
        for name, check in checks.items():
            rule = rules[name]
            every = np.fromiter(map(check, *(cols[f].tolist() for f in rule.fields)), dtype=bool, count=len(df))
            assert (np.asarray(rule.check(cols, OPTIONS)) == every).all(), name
            broken += (~every).sum() if cols is bad else 0
            if cols is columns:
                assert every.all(), name
    assert broken > 300
