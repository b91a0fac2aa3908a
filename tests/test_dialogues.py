"""The dialogues domain: the four stages, the rules (and that each can fail), determinism and random access,
the chat-model exports and their conventions, variety, and refusals."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from functools import lru_cache

import numpy as np
import pytest

import synth
from synth.errors import SynthError
from synth.registry import get_domain
from synth.domains.dialogues.shapes import first_answer, opening

FIELDS = ["dialogue_id", "sector", "scenario", "intent", "second_intent", "company", "product", "date", "slots", "acts", "turns",
          "n_turns", "outcome", "satisfaction", "text"]
SCENARIOS = {"退货退款", "换货", "维修", "物流查询", "催发货", "发票", "价保", "商品咨询", "投诉", "话费账单", "流量套餐",
             "停机复机", "宽带故障", "挂失补卡", "额度调整", "交易疑问", "还款", "快递丢失", "改地址", "延误"}
OUTCOMES = {"resolved", "refund_issued", "replacement_sent", "escalated", "unsatisfied"}


@lru_cache(maxsize=None)
def frame(n: int = 12288, seed: int = 3, **options):
    return synth.generate("dialogues", n, seed=seed, **options)


def rule(name: str):
    return next(r for r in get_domain("dialogues").rules if r.name == name)


def check_rules(df) -> dict:
    columns = {c: df[c].to_numpy() for c in df.columns}
    options = {"as_of": __import__("datetime").date(2025, 1, 1)}
    return {r.name: int((~np.asarray(r.check(columns, options))).sum()) for r in get_domain("dialogues").rules}


# -- shape and rules ------------------------------------------------------------------------------------------
def test_fields_scenarios_and_outcomes():
    df = frame()
    assert list(df.columns) == FIELDS
    assert set(df.scenario) == SCENARIOS
    assert set(df.outcome) == OUTCOMES
    assert set(df.sector) == {"ecommerce", "telecom", "bank", "delivery"}
    assert (df.n_turns == df.turns.map(len)).all() and df.n_turns.between(4, 21).all()   # (+2: partial answer, s9-dlgS2)
    # (the chat shapes, shapes.py, add a greeting-only opening, a hold or a wrap-up to some: about 0.8 turns more)
    assert 7.5 <= df.n_turns.mean() <= 12
    assert df.dialogue_id.tolist() == [f"D{i:010d}" for i in range(len(df))]
    for turns, text in zip(df.turns[:200], df.text[:200]):
        assert text == "\n".join(("客户：" if t["role"] == "customer" else "客服：") + t["text"] for t in turns)
        assert all(set(t) == {"role", "text", "act", "slots_mentioned", "slots_requested", "question", "told"}
                   for t in turns)


def test_every_rule_holds_on_12k_dialogues_without_regeneration():
    df = frame()
    assert check_rules(df) == {r.name: 0 for r in get_domain("dialogues").rules}
    report = df.attrs["report"]
    assert report["produced"] == len(df) and not report["dropped"] and not report["regenerated"]


@pytest.mark.slow
def test_every_rule_holds_on_100k_dialogues():
    df = synth.generate("dialogues", 100_000, seed=12)
    assert check_rules(df) == {r.name: 0 for r in get_domain("dialogues").rules}
    assert not df.attrs["report"]["regenerated"] and not df.attrs["report"]["dropped"]


def test_slot_mentions_come_from_the_trace_and_equal_the_truth():
    df = frame()
    mentioned = Counter()
    for slots, turns in zip(df.slots, df.turns):
        for t in turns:
            for name, said in t["slots_mentioned"].items():
                mentioned[name] += 1
                assert said in t["text"]
                if name in ("order_no", "tracking_no", "phone", "card_tail", "amount", "model", "address"):
                    assert said == slots[name]
    assert {"order_no", "tracking_no", "phone", "card_tail", "model", "address", "purchase_date", "amount"} <= set(mentioned)


def test_identifier_formats():
    df = frame()
    for platform_len, company in ((12, "优品商城"), (19, "好物集市")):
        orders = [s["order_no"] for s, c in zip(df.slots, df.company) if c == company and "order_no" in s]
        assert orders and all(re.fullmatch(rf"\d{{{platform_len}}}", o) for o in orders)
    tracking = [s["tracking_no"] for s in df.slots if "tracking_no" in s]
    assert all(re.fullmatch(r"SJ1\d{12}|7\d{11}|YT4\d{12}|BC9\d{11}|SD6\d{11}", t) for t in tracking)
    phones = [s["phone"] for s in df.slots if "phone" in s]
    assert phones and all(re.fullmatch(r"1\d{2}\*{4}\d{4}", p) for p in phones)
    assert all(re.fullmatch(r"\d{4}", s["card_tail"]) for s in df.slots if "card_tail" in s)


def breaker(df):
    """(broken, options): broken(field, row, value) is df's columns with one value replaced."""
    good = {c: df[c].to_numpy() for c in df.columns}

    def broken(field, row, value):
        columns = {c: v.copy() for c, v in good.items()}
        columns[field][row] = value
        return columns
    return broken, {"as_of": __import__("datetime").date(2025, 1, 1)}


def test_rules_can_fail():
    df = frame(n=1024, seed=9)
    broken, options = breaker(df)

    k = next(i for i, s in enumerate(df.slots) if "order_no" in s and any(
        "order_no" in t["slots_mentioned"] for t in df.turns[i]))
    turns = json.loads(json.dumps(df.turns[k]))
    for t in turns:
        if "order_no" in t["slots_mentioned"]:
            t["text"] = t["text"].replace(df.slots[k]["order_no"], "1234567890123")
            t["slots_mentioned"]["order_no"] = "1234567890123"
    assert not rule("slot_mentions_are_true").check(broken("turns", k, turns), options)[k]
    swapped = json.loads(json.dumps(df.turns[k]))
    swapped[0]["role"] = "agent"
    assert not rule("roles_alternate").check(broken("turns", k, swapped), options)[k]
    ask = next(i for i, ts in enumerate(df.turns) if any(t["act"] == "ask_info" for t in ts))
    again = json.loads(json.dumps(df.turns[ask]))
    first_ask = next(t for t in again if t["act"] == "ask_info")
    again[0]["slots_mentioned"][first_ask["slots_requested"][0]] = "x"
    assert not rule("asks_are_needed").check(broken("turns", ask, again), options)[ask]
    refunded = next(i for i, o in enumerate(df.outcome) if o == "refund_issued")
    assert not rule("outcome_agrees_with_ending").check(broken("outcome", refunded, "unsatisfied"), options)[refunded]
    assert not rule("satisfaction_agrees_with_outcome").check(broken("satisfaction", refunded, 1), options)[refunded]
    assert not rule("dates_agree").check(broken("date", 0, "2025-03-01"), options)[0]
    # An agent who says a courier will pick the goods up and then asks the customer to post them contradicts itself.
    said = json.loads(json.dumps(df.turns[refunded]))
    agent = [t for t in said if t["role"] == "agent"]
    agent[0]["text"] += "不用您自己寄，快递员上门取件。"
    agent[-1]["text"] += "您自己寄回后填一下运单号。"
    assert not rule("agent_is_consistent").check(broken("turns", refunded, said), options)[refunded]
    declined = next(i for i, a in enumerate(df.acts) if "decline" in a and "escalate" not in a)
    promised = json.loads(json.dumps(df.turns[declined]))
    promised[-1]["text"] += "后续有进展会第一时间通知您。"
    assert not rule("agent_is_consistent").check(broken("turns", declined, promised), options)[declined]


def test_the_lease_claim_is_not_said_after_not():
    """The lease claim keeps its 'not after 不' condition where it sits after each word (so the search can skip
    ahead to 合/到)."""
    from synth.domains.dialogues.rules import CONTRADICTIONS
    lease = CONTRADICTIONS[-1][0]
    assert lease.search("合约期内不能升档") and lease.search("到期前没法升级")
    assert not lease.search("不合约期内不能升") and not lease.search("不到期前没法升")


def _sample(items, rng) -> str:
    """A random string the parsed pattern `items` matches (its zero-width assertions aside): each alternation
    branch, optional part and repeat count drawn at random, \\S as a random Chinese or ASCII character."""
    import re._constants as c
    out = []
    for op, av in items:
        if op is c.LITERAL:
            out.append(chr(av))
        elif op is c.IN:
            chars = [chr(v) for o, v in av if o is c.LITERAL]
            out.append(rng.choice(chars) if chars else rng.choice("的是我们已经了好aZ9"))
        elif op is c.SUBPATTERN:
            out.append(_sample(list(av[3]), rng))
        elif op is c.BRANCH:
            out.append(_sample(list(rng.choice(av[1])), rng))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            high = min(av[1], av[0] + 4)
            out.extend(_sample(list(av[2]), rng) for _ in range(rng.randint(av[0], high)))
        elif op is c.ANY or op is c.NOT_LITERAL:
            out.append(rng.choice("的是我们已经了好aZ9"))
    return "".join(out)


def test_the_claim_words_are_in_every_claim():
    """agent_is_consistent searches for a contradiction's claim only where an agent turn holds one of that claim's
    words (CLAIM_WORDS_OF, found by one scan for all of CLAIM_WORDS): every match of every claim must contain one of
    its words (checked on strings drawn from each claim's pattern), or a contradiction could pass unchecked."""
    import random
    import re._parser
    from synth.domains.dialogues.rules import (CLAIM_WORDS, CLAIM_WORDS_OF, CONTRADICTIONS, _claim_hits,
                                               agent_is_consistent)
    rng = random.Random(5)
    assert len(CLAIM_WORDS_OF) == len(CONTRADICTIONS)
    for (claim, _), words in zip(CONTRADICTIONS, CLAIM_WORDS_OF):
        parsed = list(re._parser.parse(claim.pattern))
        matched = 0
        for _ in range(3000):
            text = "好的，" + _sample(parsed, rng) + "。"
            if claim.search(text):   # (a drawn string a lookbehind refuses is no claim)
                matched += 1
                assert any(w in text for w in words), (claim.pattern, text)
                # (with synth/_scan.c built, word_hits: the same bytes as the words tested one by one)
                assert list(_claim_hits(text)) == [int(w in text) for w in CLAIM_WORDS], text
        assert matched > 1000, claim.pattern
    # a contradiction in agent turns is found with the prefilter on
    turns = [{"role": "agent", "act": "inform", "text": "运费由商家承担。"},
             {"role": "agent", "act": "inform", "text": "运费需要您自己承担。"}]
    assert not agent_is_consistent(turns, ["inform", "inform"])
    assert agent_is_consistent(turns[:1], ["inform"])


def test_outcome_and_satisfaction_agree_with_the_conversation():
    df = frame()
    for outcome, acts, sat in zip(df.outcome, df.acts, df.satisfaction):
        # (or a greeting-only opening first, and a wrap-up question before the close: shapes.py)
        assert (acts[0] == "describe_problem" or acts[:3] == ["greet_only", "ask_need", "describe_problem"]) \
            and acts[-1] == "close"
        if outcome == "unsatisfied":
            assert acts[-2] == "give_up" and sat <= 2
        if outcome == "refund_issued":
            # before a second matter or a wrap-up, if there is one
            last = acts[-5] if "ask_other" in acts else acts[-4] if "anything_else" in acts else acts[-2]
            assert "propose_refund" in acts and last == "accept"
        if outcome == "escalated" and "push_back" in acts:
            assert sat <= 3   # pushed back, then only handed on
    mean = df.groupby("outcome").satisfaction.mean()
    assert mean["unsatisfied"] < mean["escalated"] < mean["resolved"]


def test_realistic_variation_occurs():
    df = frame()
    acts = [set(a) for a in df.acts]
    share = lambda act: sum(act in a for a in acts) / len(acts)
    assert 0.05 < share("confirm_info") < 0.3        # identifier given unasked, then confirmed
    # (impatience only on a long look-up or after a failed fix, from a customer in a hurry: shapes.pings)
    assert 0.02 < share("impatient") < 0.1
    assert 0.02 < share("report_failed") < 0.15     # the first fix fails
    assert 0.1 < share("escalate") < 0.3
    unasked = sum(a[1] != "ask_info" for a, s in zip(df.acts, df.slots) if "order_no" in s) / len(df)
    assert unasked > 0.05


def test_no_agent_asks_for_what_the_customer_gave():
    df = frame()
    for turns in df.turns:
        given = set()
        for t in turns:
            if t["act"] == "ask_info":
                assert not set(t["slots_requested"]) & given
            if t["role"] == "customer":
                given |= set(t["slots_mentioned"])


def test_dates():
    df = frame()
    for date, slots, intent in zip(df.date, df.slots, df.intent):
        if "purchase_date" in slots:
            days = (np.datetime64(date) - np.datetime64(slots["purchase_date"])).astype(int)
            assert days > 0
    texts = [t for t, i, o in zip(df.text, df.intent, df.outcome) if i == "return_refund" and o == "refund_issued"]
    assert any("七天无理由" in t for t in texts)


# -- the four stages ------------------------------------------------------------------------------------------
def test_stages_build_on_each_other():
    kw = dict(intent="repair", n=64, seed=2)
    stages = {s: synth.generate("dialogues", kw["n"], seed=kw["seed"], intent=kw["intent"], stage=s)
              for s in ("skeleton", "filled", "detailed", "polished")}
    for s in stages.values():
        assert (s.acts.map(tuple) == stages["skeleton"].acts.map(tuple)).all()
        assert (s.slots.map(lambda d: tuple(sorted(d.items()))) ==
                stages["skeleton"].slots.map(lambda d: tuple(sorted(d.items())))).all()
    assert all(re.fullmatch(r"\[[^\]]+\]", t["text"]) for ts in stages["skeleton"].turns for t in ts)
    # (the agent's placeholders name a value only to confirm it, or to say which number found nothing: leads.py)
    assert all(t["role"] == "customer" or not t["slots_mentioned"] or t["act"] in ("confirm_info", "not_found")
               for ts in stages["skeleton"].turns for t in ts)
    filled, detailed, polished = stages["filled"], stages["detailed"], stages["polished"]
    longer = sum(len(d) > len(f) for d, f in zip(detailed.text, filled.text))
    assert longer == len(filled)      # every repair dialogue gains its symptom
    # Details are added, not rewritten: each filled turn's text survives in the detailed turn (in order).
    for fts, dts in zip(filled.turns, detailed.turns):
        for f, d in zip(fts, dts):
            core = f["text"].rstrip("。！？")
            assert core[:4] in d["text"]
    assert any("强制重启" in t or "同时按住" in t for t in detailed.text)
    assert any(w in t for t in polished.text for w in ("引起的", "导致的", "多数是"))   # the cause comes with polishing
    assert not any("成左右" in t for t in polished.text)     # agents do not quote success rates
    for name, df in stages.items():
        assert check_rules(df) == {r.name: 0 for r in get_domain("dialogues").rules}, name


def test_stage_functions_can_be_called_and_printed():
    from synth.domains.dialogues import INTENTS, build, make_plan
    import datetime as dt

    plan = make_plan(INTENTS["repair"], [0.1] * 32, {
        "order_mall": "212345678901", "order_market": "1234567890123456789", "courier": "顺捷速运",
        "tracking_no": "SJ1234567890123", "phone": "138****5678", "card_tail": "1234",
        "address": "浙江省杭州市西湖区文三路1号", "price_z": 0.0}, dt.date(2025, 1, 1))
    u = [0.3] * 64
    texts = {s: [repr(t) for t in build(plan, s, u, u[:16], u[:32], 0.05)]
             for s in ("skeleton", "filled", "detailed", "polished")}
    assert texts["skeleton"][0].startswith("客户：[问题描述")
    assert texts["filled"][0].startswith("客户：") and "[" not in texts["filled"][0]
    assert len("".join(texts["detailed"])) > len("".join(texts["filled"]))


def test_typo_rate_changes_only_customer_wording():
    a = frame(n=2048, seed=4, typo_rate=0)
    b = frame(n=2048, seed=4, typo_rate=0.5)
    changed = 0
    for ta, tb in zip(a.turns, b.turns):
        for x, y in zip(ta, tb):
            if x["text"] != y["text"]:
                assert x["role"] == "customer" and x["slots_mentioned"] == y["slots_mentioned"]
                changed += 1
    assert changed > 500


# -- determinism ----------------------------------------------------------------------------------------------
def test_random_access_and_workers_give_the_same_rows():
    whole = synth.generate("dialogues", 3000, seed=8)
    part = synth.generate("dialogues", 700, seed=8, start=2100)
    assert part.reset_index(drop=True).equals(whole.iloc[2100:2800].reset_index(drop=True))
    two = synth.generate("dialogues", 3000, seed=8, workers=2)
    assert two.equals(whole)
    assert not synth.generate("dialogues", 50, seed=9).text.equals(whole.text[:50])


def test_cli_bytes_match_for_one_and_two_workers(tmp_path):
    outs = []
    for workers in (1, 2):
        out = tmp_path / f"d{workers}.jsonl"
        subprocess.run([sys.executable, "-m", "synth", "generate", "dialogues", "-n", "2500", "--seed", "5",
                        "--workers", str(workers), "--batch-size", "1024", "-o", str(out)], check=True)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and outs[0].count(b"\n") == 2500


# -- exports --------------------------------------------------------------------------------------------------
def _export(tmp_path, fmt: str, *settings: str, n: int = 1500) -> list[dict]:
    out = tmp_path / f"d.{fmt}.jsonl"
    args = [sys.executable, "-m", "synth", "generate", "dialogues", "-n", str(n), "--seed", "2", "--format", fmt,
            "-o", str(out)]
    for s in settings:
        args += ["--set", s]
    subprocess.run(args, check=True)
    return [json.loads(line) for line in out.read_text("utf-8").splitlines()]


def _alternates(roles: list[str], first: str, second: str) -> bool:
    return bool(roles) and all(r == (first if k % 2 == 0 else second) for k, r in enumerate(roles))


def test_openai_export_follows_trainer_conventions(tmp_path):
    records = _export(tmp_path, "openai")
    assert len(records) == 1500
    merged = 0
    for r in records:
        assert set(r) == {"messages"}
        roles = [m["role"] for m in r["messages"]]
        assert _alternates(roles, "user", "assistant") and roles[-1] == "assistant"
        assert all(isinstance(m["content"], str) and m["content"] for m in r["messages"])
        merged += any("\n" in m["content"] for m in r["messages"])
    assert merged > 100     # consecutive turns of one speaker were merged
    prompted = _export(tmp_path, "openai", "system_prompt=auto", n=50)
    for r in prompted:
        roles = [m["role"] for m in r["messages"]]
        assert roles[0] == "system" and _alternates(roles[1:], "user", "assistant") and roles[-1] == "assistant"
    custom = _export(tmp_path, "openai", "system_prompt=你是客服助手。", n=5)
    assert all(r["messages"][0] == {"role": "system", "content": "你是客服助手。"} for r in custom)


def test_sharegpt_export_follows_conventions(tmp_path):
    for r in _export(tmp_path, "sharegpt", n=800):
        assert set(r) == {"conversations"}
        roles = [m["from"] for m in r["conversations"]]
        assert _alternates(roles, "human", "gpt") and roles[-1] == "gpt"
        assert all(set(m) == {"from", "value"} and m["value"] for m in r["conversations"])


def test_intent_view(tmp_path):
    records = _export(tmp_path, "intents", n=2000)
    df = frame(n=2000, seed=2)
    # One line per dialogue's first turn, and one more for each second matter (its own turn, its own label).
    expected = []
    for turns, intent, second in zip(df.turns, df.intent, df.second_intent):
        expected.append((opening(turns)["text"], intent))
        if second:
            expected.append((next(t["text"] for t in turns if t["act"] == "ask_other"), second))
    assert [(r["text"], r["label"]) for r in records] == expected
    # (400 of 2,000 since reading 16: a kept number just reconnected no longer asks how to keep one, 停机保号;
    # 397 since s14-dlgE: a complaint whose customer chose the goods back has no refund whose progress to ask)
    assert 0.18 <= (df.second_intent != "").mean() < 0.45
    assert all(set(r) == {"text", "label", "scenario"} for r in records)
    from synth.domains.dialogues.catalogue import INTENTS, SECOND_ONLY, scenario_of

    # the 23 intents and the second-matter-only labels (an annual-fee question is not a transaction query)
    assert {r["label"] for r in records} == set(INTENTS) | set(SECOND_ONLY)
    assert all(r["scenario"] == scenario_of(r["label"]) for r in records)


def test_exports_load_with_the_hugging_face_json_loader(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path / "hf"))
    from datasets import load_dataset

    for fmt, column in (("openai", "messages"), ("sharegpt", "conversations"), ("intents", "label")):
        _export(tmp_path, fmt, n=300)
        ds = load_dataset("json", data_files=str(tmp_path / f"d.{fmt}.jsonl"), split="train",
                          cache_dir=str(tmp_path / "hf"))
        lines = (tmp_path / f"d.{fmt}.jsonl").read_text(encoding="utf-8").count("\n")
        assert ds.num_rows == lines >= 300 and column in ds.column_names
    first = ds[0]
    from synth.domains.dialogues import INTENTS

    assert first["label"] in INTENTS


# -- variety --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("intent", ["return_refund", "broadband", "card_loss", "delay"])
def test_variety_of_one_scenario(intent):
    df = synth.generate("dialogues", 10_000, seed=7, intent=intent)
    assert df.text.nunique() >= 9_900
    first = [opening(t)["text"] for t in df.turns]
    assert Counter(first).most_common(1)[0][1] <= 500
    assert Counter(f[:6] for f in first).most_common(1)[0][1] <= 500
    assert Counter(t[1]["text"] for t in df.turns).most_common(1)[0][1] <= 1000


# The agent's wording, slot and table values cut out (variety.agent_stretches): no 10-character stretch of agent text
# is found in more than 16% of the dialogues of one intent. Measured at 5,000 per intent the worst is about 12%
# (`python -m synth.domains.dialogues.variety`); before the set phrases were composed and varied it was 100%.
REPEAT_LIMIT = 0.16


def test_no_agent_sentence_recurs_across_dialogues():
    from synth.domains.dialogues import INTENTS
    from synth.domains.dialogues.variety import agent_stretches, most_repeated

    for intent in INTENTS:
        df = synth.generate("dialogues", 1000, seed=21, intent=intent)
        share, stretch = most_repeated(df.slots, df.turns, top=1)[0]
        assert share <= REPEAT_LIMIT, (intent, share, stretch)
    # The measure can fail: one sentence said in every dialogue is found in all of them, and slot values are cut.
    turns = [{"role": "agent", "text": "您的订单212345678901已经为您登记好了，请耐心等待。"}]
    stretches = agent_stretches({"order_no": "212345678901"}, turns)
    assert "212345678901" not in "".join(stretches) and "已经为您登记好了，请" in stretches
    assert most_repeated([{}] * 3, [turns] * 3, top=1)[0][0] == 1.0


@pytest.mark.slow
def test_no_agent_sentence_recurs_across_5000_dialogues_per_intent():
    from synth.domains.dialogues import INTENTS
    from synth.domains.dialogues.variety import most_repeated

    for intent in INTENTS:
        df = synth.generate("dialogues", 5000, seed=11, intent=intent)
        assert most_repeated(df.slots, df.turns, top=1)[0][0] <= REPEAT_LIMIT, intent


# -- options and refusals -------------------------------------------------------------------------------------
def test_intent_option_accepts_keys_scenarios_and_sectors():
    assert set(synth.generate("dialogues", 300, intent="退货退款,bank").intent) == {
        "return_refund", "refund_status", "card_loss", "credit_limit", "transaction_query", "repayment",
        "repayment_not_posted"}


@pytest.mark.parametrize("setting, words", [
    ("stage=draft", "stage"), ("intent=weather", "intent"), ("typo_rate=0.9", "typo_rate")])
def test_bad_options_are_one_sentence_and_exit_2(setting, words):
    run = subprocess.run([sys.executable, "-m", "synth", "generate", "dialogues", "-n", "3", "--set", setting],
                         capture_output=True, text=True)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert words in run.stderr and run.stderr.strip().count("\n") == 0
    with pytest.raises(SynthError):
        synth.generate("dialogues", 3, **dict([setting.split("=")]))


def test_check_command_runs_the_rules_on_a_file(tmp_path):
    out = tmp_path / "d.jsonl"
    subprocess.run([sys.executable, "-m", "synth", "generate", "dialogues", "-n", "400", "-o", str(out)], check=True)
    run = subprocess.run([sys.executable, "-m", "synth", "check", str(out), "--domain", "dialogues", "--json",
                          str(tmp_path / "r.json")], capture_output=True, text=True)
    report = json.loads((tmp_path / "r.json").read_text())
    text = json.dumps(report, ensure_ascii=False)
    assert "slot_mentions_are_true" in text and "dates_agree" in text
    # second_intent is empty by design where no second matter is raised: counted, not a completeness failure
    assert not [f for f in report["findings"] if f["section"] == "completeness" and f["passed"] is False]
    assert any(f["name"] == "empty by design" and f["fields"] == ["second_intent"] for f in report["findings"])
    # break one order number in the file: the rule reports it
    lines = out.read_text("utf-8").splitlines()
    k = next(i for i, l in enumerate(lines) if '"order_no"' in l and "订单号" in l)
    record = json.loads(lines[k])
    lines[k] = json.dumps(record, ensure_ascii=False).replace(record["slots"]["order_no"], "9999999999999", 1)
    out.write_text("\n".join(lines) + "\n", "utf-8")
    run = subprocess.run([sys.executable, "-m", "synth", "check", str(out), "--domain", "dialogues"],
                         capture_output=True, text=True)
    assert run.returncode == 1 and "slot_mentions_are_true" in run.stdout + run.stderr


def test_readme_shows_the_four_stages_of_one_dialogue():
    from pathlib import Path

    readme = Path(__file__).resolve().parent.parent / "README.md"
    if not readme.exists():   # an installed copy without the repository
        readme = Path(synth.__file__).resolve().parent.parent / "README.md"
    block = readme.read_text("utf-8").split("### dialogues", 1)[1].split("```", 2)[1]
    shown = {}
    for part in block.split("stage=")[1:]:
        name = part.split()[0]
        shown[name] = "\n".join(line for line in part.splitlines()[1:] if line.strip())
    assert list(shown) == ["skeleton", "filled", "detailed", "polished"]
    for stage, text in shown.items():
        df = synth.generate("dialogues", 1, seed=42, start=185, intent="repair", stage=stage)
        assert df.text[0] == text, stage
    assert "同时按住音量加键和电源键10秒" in shown["detailed"] and "进水或摔落" in shown["detailed"]
    cause = "系统卡死或者电量耗尽"   # the fault's cause, said only when polishing (faults.tsv); never a success rate
    assert cause in shown["polished"] and cause not in shown["detailed"] and "七成" not in shown["polished"]


def test_a_reminder_is_only_asked_about_or_explained_once_the_customer_has_mentioned_it():
    df = frame(n=4000, seed=24680)
    cases = 0
    for turns in df.turns[df.intent == "repayment_not_posted"]:
        k = next(i for i, t in enumerate(turns) if t["act"] == "describe_problem")
        opening, later = turns[k]["text"], "".join(t["text"] for t in turns[k + 1:])
        if "提醒" in later:
            cases += 1
            assert "提醒" in opening, opening
    assert cases >= 3   # (fewer since a wrong card number is no longer escalated, reading 15 #14; fewer since a follow-up after the look-up is asked about half the time, and since the
    # pings and second matters that shifted these draws are rarer)


def test_an_answer_fits_the_question_it_answers():
    """A 怎么/在哪 question is not answered 可以的/支持的 first, and a 分期 question is answered about 分期."""
    df = frame(n=4000, seed=24680)
    how = instalment = 0
    for turns in df.turns:
        for asked, answer in zip(turns, turns[1:]):
            if asked["role"] != "customer" or answer["role"] != "agent":
                continue
            if re.search("怎么|在哪", asked["text"]) and not re.search("吗|能不能", asked["text"]):
                how += 1
                assert not re.match("(可以的|支持的|能开的|有的)，", answer["text"]), (asked["text"], answer["text"])
            if "分期" in asked["text"]:
                instalment += 1
                assert "分期" in answer["text"], (asked["text"], answer["text"])
    assert how > 50 and instalment > 10


def test_urgency_is_acknowledged_only_after_the_customer_showed_it():
    df = frame(n=4000, seed=24680)
    said = 0
    for turns in df.turns:
        for k, t in enumerate(turns):
            if t["role"] == "agent" and re.search("(理解|明白)您着急", t["text"]):
                said += 1
                before = turns[:k]
                assert any(b["act"] in ("impatient", "push_back") or re.search("急|等不了|赶紧|快点", b["text"])
                           for b in before if b["role"] == "customer"), t["text"]
    assert said > 10


def test_a_follow_up_does_not_ask_the_opening_question_again():
    df = frame(n=4000, seed=24680)
    asked = 0
    for turns in df.turns:
        opening = next(t["text"] for t in turns if t["act"] == "describe_problem")
        for t in turns:
            if t["act"] == "ask_followup":
                asked += 1
                core = re.sub("[？?。！!，, ]", "", t["text"])[:-1]   # 能提到5万吗 inside 能不能提到5万
                assert len(core) < 4 or core not in opening, (opening, t["text"])
    assert asked > 500


def test_a_plan_change_is_verified_before_it_is_done():
    df = frame(n=4000, seed=24680)
    done = df[(df.intent == "data_plan") & (df.outcome == "resolved")]
    assert len(done) > 50
    for turns in done.turns:
        k = next(i for i, t in enumerate(turns) if t["act"] == "accept")
        assert re.search("服务密码|验证码", "".join(t["text"] for t in turns[:k])), turns[k]["text"]
        assert re.search("填|输", turns[k]["text"]), turns[k]["text"]   # (typos may touch 已经)


def test_a_company_invoice_carries_its_tax_number():
    df = frame(n=4000, seed=24680)
    issued = df[(df.intent == "invoice") & df.acts.map(lambda a: "propose_solution" in a)]
    company = 0
    for slots, text in zip(issued.slots, issued.text):
        if "公司" in slots["invoice_title"]:
            company += 1
            assert re.search("税号|纳税人识别号", text), text
        else:
            assert "税号" not in text, text
    assert company > 30


def test_a_charge_is_plausible_for_its_merchant():
    df = frame(n=4000, seed=24680)
    queries = df[df.intent == "transaction_query"]
    video = [float(s["txn_amount"]) for s in queries.slots if s["merchant"] == "青柚视频"]
    assert len(video) > 10 and max(video) <= 300, max(video)
    # A hold for a hotel or a hire car (预授权) is a deposit, and a purchase abroad a shopping trip's; any other
    # queried charge is an everyday one.
    caps = {"preauth": 5000, "fx": 3000}
    for slots, turns in zip(queries.slots, queries.turns):
        path = next((t[5:] for turn in turns for t in turn["told"] if t.startswith("path:")), "-")
        assert float(slots["txn_amount"]) <= caps.get(path, 600), (path, slots["merchant"], slots["txn_amount"])


def test_a_busy_month_start_or_end_is_said_only_then():
    df = frame(n=4000, seed=24680)
    said = 0
    for date, text in zip(df.date, df.text):
        if re.search("月初|月底|月末", text) and re.search("充值的人|交费的人", text):
            said += 1
            day = int(str(date)[8:10])
            assert day <= 5 or day >= 25, (date, text)
    assert said > 3


def test_an_exchange_is_asked_for_inside_its_window():
    import datetime as dt
    df = frame(n=4000, seed=24680)
    exchanges = df[df.intent == "exchange"]
    days = [(dt.date.fromisoformat(str(d)[:10]) - dt.date.fromisoformat(s["purchase_date"])).days
            for d, s in zip(exchanges.date, exchanges.slots) if "purchase_date" in s]
    assert len(days) > 50 and max(days) <= 7, max(days)


def test_an_unrecognised_charge_refused_gets_a_dispute_route():
    df = frame(n=4000, seed=24680)
    refused = df[(df.intent == "transaction_query") & (df.outcome == "unsatisfied")]
    assert len(refused) > 5
    # (the route is named 调单, 争议处理 or 否认交易; the customer is told whom to turn to: 联系/找 the merchant or us,
    # or 再来咨询 in the close)
    for text in refused.text:
        assert re.search("调单|争议处理|否认交易", text) and re.search("联系|找|咨询", text), text
    # A customer who takes the first refusal hears the dispute route in it (reading 20 r1 #4).
    took = [t for t in refused.turns if "push_back" not in [x["act"] for x in t]]
    assert took and all(re.search("调单|否认交易", x["text"]) for t in took for x in t if x["act"] == "decline")


def test_a_membership_renewal_is_only_a_subscription_merchant():
    df = frame(n=4000, seed=24680)
    queries = df[df.intent == "transaction_query"]
    for slots, text in zip(queries.slots, queries.text):
        if "会员" in text:
            assert slots["merchant"] in ("青柚视频", "声浪音乐"), (slots["merchant"], text)


def test_a_delivery_agent_handles_only_its_own_companys_parcels():
    """速达物流's agent does not change the address of, search for or pay for a 韵通快递 parcel: the courier is the
    company, its tracking number has the company's shape, and no other carrier is named."""
    df = frame(n=4000, seed=24680)
    parcels = df[df.sector == "delivery"]
    assert len(parcels) > 300
    others = ("顺捷速运", "中速快递", "韵通快递", "百川快运")
    for company, slots, text in zip(parcels.company, parcels.slots, parcels.text):
        assert slots["courier"] == company and slots["tracking_no"].startswith("SD"), (company, slots)
        assert not any(c in text for c in others), text
    broken, options = breaker(df)
    k = int(np.flatnonzero(df.sector.to_numpy() == "delivery")[0])
    assert not rule("delivery_agent_handles_own_parcels").check(
        broken("slots", k, {**df.slots[k], "courier": "韵通快递"}), options)[k]


def test_no_broken_template_phrases():
    """A merchant is a concrete name (not 某网络支付平台); an agent's habit (优先派送 -> 第一批派送) never lands inside a
    noun (第一批派送标记); 这款买带运费险 and a repeated 之前一直… do not occur."""
    df = frame(n=4000, seed=24680)
    text = "\n".join(df.text)
    for broken in ("某网络支付平台", "某外卖平台", "派送标记", "派标记", "送标记", "买带运费险", "之前一直能连，之前一直",
                   "改不了单独"):
        assert broken not in text, broken
    inquiries = df[df.intent == "product_inquiry"]
    warranted = ("手机", "无线耳机", "笔记本电脑", "智能手表", "空气炸锅", "扫地机器人", "电热水壶")
    assert all(p in warranted for p, t in zip(inquiries["product"], inquiries.text) if "延保" in t)
    for turns in inquiries.turns:   # 保修期内修要花钱吗 is answered about the warranty, not only about after it
        asked = next((k for k, t in enumerate(turns) if t["act"] == "ask_followup" and "保修期内" in t["text"]), None)
        if asked is not None:
            assert re.search("(保修期内|一年内)(修|维修)?(是)?(免费|不收费)", turns[asked + 1]["text"]), turns[asked + 1]
    assert all(not s["merchant"].startswith("某") for s in df[df.intent == "transaction_query"].slots)


def test_each_step_follows_from_what_was_said_before_it():
    """A line still slow on a wired test is not a Wi-Fi problem (no channel change after it); a customer told why the
    shipment waits does not ask why; a suspended line escalated is a payment that did not post (paid before writing
    in, checked, not "paid and restarted" a moment after 半小时内); an escalated top-up says when and how it was paid
    and is not first called a few minutes' delay."""
    df = frame(n=4000, seed=24680)
    slow_wired = 0
    for turns in df[df.intent == "broadband"].turns:
        wired = next((k for k, t in enumerate(turns) if t["act"] == "troubleshoot" and "网线" in t["text"]), None)
        if wired is not None and wired + 1 < len(turns) and turns[wired + 1]["act"] == "report_failed":
            later = "".join(t["text"] for t in turns[wired + 2:] if t["role"] == "agent")
            report = turns[wired + 1]["text"]
            # the Wi-Fi is blamed only when the wired test was fast (the customer's report says the speed reached)
            if re.search("无线信道|离路由器近|5G", later):
                assert re.search(r"\d+兆[， ]?(挺快|没问题|差不多|是正常)", report), (report, later)
            elif re.search(r"(才|只有)\S{0,3}兆", report):
                slow_wired += 1
    assert slow_wired > 10
    for turns in df[df.intent == "urge_shipping"].turns:
        if any(t["question"] == "why" for t in turns if t["act"] == "ask_followup"):
            inform = next(t["text"] for t in turns if t["act"] == "inform")
            assert not re.search("订单量大|单子多|卖得|补货|等货|调货", inform), inform
    suspended = df[(df.intent == "suspension") & (df.outcome == "escalated")]
    assert len(suspended) > 10
    for turns in suspended.turns:
        assert re.search("交了|交的", opening(turns)["text"]), opening(turns)["text"]
        assert re.search("入账|到账", next(t["text"] for t in turns if t["act"] == "escalate"))
        assert not any("刚才已经按你说的交了" in t["text"] for t in turns)
    topups = df[(df.intent == "recharge_missing") & (df.outcome == "escalated")]
    for turns in topups.turns:
        assert re.search("App|微信|支付宝", opening(turns)["text"]) and re.search("前|上午|晚上", opening(turns)["text"]), opening(turns)
        assert "延迟几分钟" not in "".join(t["text"] for t in turns)


def test_required_steps_are_not_skipped_nor_over_promised():
    """A lost parcel is paid through a claim (opened, proof of value asked, payee and timeline said), never at full
    value in the chat; a search the agent says is needed is opened; a kettle that trips the breaker gets 请先停止使用
    and its remedy, no step to try; a wrong item is acknowledged and apologised for, its postage is the seller's, and the agent
    names what the customer said was wrong (a style is not answered about a colour)."""
    df = frame(n=4000, seed=24680)
    paid = df[(df.intent == "lost_parcel") & (df.outcome == "refund_issued")]
    assert len(paid) > 10
    for turns in paid.turns:
        offer = next(t["text"] for t in turns if t["act"] == "propose_refund")
        # (paid to the customer, who sent it: only a sender's claim is refund_issued; 给您, 打到您, 到您…账户 or 原路 name the payee)
        assert re.search("理赔", offer) and re.search("凭证|发票|截图|价值证明", offer) and re.search("(给|到)您|原路", offer), offer
        assert re.search("工作日", offer) and "全额赔付" not in offer, offer
    lost = df[df.intent == "lost_parcel"]
    assert not any(re.search("(需要|得)让.{0,12}(人工查找|人工找)", t) for t in lost.text)
    # (a breaker that trips is a hazard: no step is tried at home, the remedy follows the warning at once,
    # issue 12 lead reading 13 #4; this test first asked for the warning before the troubleshooting step)
    kettles = [turns for turns, p, i in zip(df.turns, df["product"], df.intent) if p == "电热水壶" and i == "repair"]
    assert kettles
    for turns in kettles:
        assert not any(t["act"] == "troubleshoot" for t in turns)
        # (an inspection is offered before it is booked, reading 17 #27: the offer carries the warning)
        first = next(t["text"] for t in turns if t["act"] in ("propose_replacement", "propose_solution", "escalate",
                                                              "decline", "offer_terms"))
        assert "请先停止使用" in first, first
    wrong = [turns for turns in df[df.intent == "exchange"].turns if "发错" in opening(turns)["text"]]
    assert len(wrong) > 10
    for turns in wrong:
        said = re.search("颜色|款式", opening(turns)["text"]).group(0)
        agent = "".join(t["text"] for t in turns if t["role"] == "agent")
        inform = next(t["text"] for t in turns if t["act"] == "inform")
        assert "抱歉" in inform and "发错" in inform and said in inform, (said, inform)
        assert ({"颜色", "款式"} - {said}).pop() not in agent, agent
        assert re.search("(由我们承担|不用您出|我们出|我们承担)", agent), agent


def test_a_repair_is_replaced_in_the_chat_only_within_15_days_of_the_purchase():
    """三包: a performance fault within 15 days of the purchase is replaced; a phone bought months ago is not."""
    import datetime as dt

    df = frame(n=4000, seed=24680)
    replaced = df[(df.intent == "repair") & (df.outcome == "replacement_sent")]
    assert len(replaced) > 10
    for day, slots, turns in zip(replaced.date, replaced.slots, replaced.turns):
        days = (dt.date.fromisoformat(day) - dt.date.fromisoformat(slots["purchase_date"])).days
        offer = next(t["text"] for t in turns if t["act"] == "propose_replacement")
        assert days <= 15 and "15天" in offer, (days, offer)


def test_courier_delay_and_escalation_rules_can_fail():
    df = frame(n=4000, seed=24680)
    broken, options = breaker(df)

    parcel = next(i for i, s in enumerate(df.slots) if "courier" in s)
    slots = dict(df.slots[parcel])
    other = next(c for c in ("顺捷速运", "中速快递", "韵通快递", "百川快运") if c != slots["courier"])
    assert not rule("courier_matches_tracking").check(broken("slots", parcel, {**slots, "courier": other}),
                                                      options)[parcel]
    assert not rule("courier_matches_tracking").check(broken("text", parcel, df.text[parcel] + other), options)[parcel]
    late = next(i for i, (n, o) in enumerate(zip(df.intent, df.outcome)) if n == "delay" and o == "escalated")
    tomorrow = (__import__("datetime").date.fromisoformat(df.date[late]) + __import__("datetime").timedelta(days=1))
    assert not rule("escalation_is_warranted").check(
        broken("slots", late, {**df.slots[late], "eta": tomorrow.isoformat()}), options)[late]
    refund = next(i for i, (n, o) in enumerate(zip(df.intent, df.outcome)) if n == "refund_status" and o == "escalated")
    recent = (__import__("datetime").date.fromisoformat(df.date[refund]) - __import__("datetime").timedelta(days=2))
    assert not rule("escalation_is_warranted").check(
        broken("slots", refund, {**df.slots[refund], "refund_date": recent.isoformat()}), options)[refund]
    weather = next(i for i, (n, t) in enumerate(zip(df.intent, df.text)) if n == "delay" and "天气" in t)
    said = json.loads(json.dumps(df.turns[weather]))
    said[-1]["text"] += "降雪和暴雨都有。"
    assert not rule("one_delay_cause").check(broken("turns", weather, said), options)[weather]


def test_a_delay_names_one_weather_and_a_hub_backlog_one_cause():
    df = frame(n=4000, seed=24680)
    delays = df[df.intent == "delay"]
    assert len(delays) > 100
    for text in delays.text:
        agent = "".join(line for line in text.splitlines() if line.startswith("客服"))
        assert len({w for w in ("降雪", "大雾", "暴雨", "雨雪") if w in agent}) <= 1, text
        assert not ("大促" in agent and "检修" in agent), text


def test_earbuds_have_no_screen_and_a_fibre_fault_is_not_blamed_on_the_router():
    df = frame(n=4000, seed=24680)
    for product, text in zip(df["product"], df.text):
        if product == "无线耳机":
            assert "屏幕" not in text, text
    for text in df[df.intent == "broadband"].text:
        assert not ("LOS" in text and "路由器是自购的" in text), text


def test_bank_chat_does_not_thank_for_a_call():
    df = frame(n=4000, seed=24680)
    for text in df[df.sector == "bank"].text:   # a call back (请留意来电) is fine; the chat itself is no call
        assert not re.search("感谢您的来电|欢迎随时来电|如还有疑问，欢迎随时来电", text), text


def test_an_extended_warranty_is_offered_only_within_30_days_of_the_purchase():
    import datetime as dt
    df = frame(n=4000, seed=24680)
    asked = df[df.second_intent == "product_inquiry"]
    assert len(asked) > 10
    for day, slots, turns in zip(asked.date, asked.slots, asked.turns):
        days = (dt.date.fromisoformat(day) - dt.date.fromisoformat(slots["purchase_date"])).days
        answer = next(t["text"] for t in turns if t["act"] == "answer_other")
        assert (days > 30) == ("30天" in answer and not re.search("30天内(也能补买|都还能补)|一个月内", answer)), answer


def test_a_refused_exchange_is_not_first_promised():
    df = frame(n=4000, seed=24680)
    refused = df[(df.intent == "exchange") & (df.outcome == "unsatisfied")]
    assert len(refused) > 5
    for turns in refused.turns:
        inform = next(t["text"] for t in turns if t["act"] == "inform")
        assert not re.search("给您换|给您办|换货条件|能换", inform), inform


def test_a_debit_is_explained_as_what_its_merchant_charges_and_a_refused_invoice_is_not_first_promised():
    df = frame(n=4000, seed=24680)
    for slots, text in zip(df[df.intent == "transaction_query"].slots, df[df.intent == "transaction_query"].text):
        if slots["merchant"] in ("青柚视频", "声浪音乐"):
            assert "水电" not in text and "生活缴费" not in text.split("云缴通-生活缴费")[-1], text
    refused = df[(df.intent == "invoice") & (df.outcome == "unsatisfied")]
    for turns in refused.turns:
        inform = next(t["text"] for t in turns if t["act"] == "inform")
        assert not re.search("能开|可以开|支持开票", inform), inform


def test_no_broken_joins_between_templates_habits_and_lexicon_steps():
    """Joins a reader stops at (the lead's reading of seed 36912): a habit swap inside 按原路退回, 我还有那单, an
    opener and a lead both asking (帮我看看，问一下), 能开…啊, 试一下 before a step that already says 检查一下, and a
    tax number 'checked before submitting' on an invoice already submitted."""
    df = frame(n=3000, seed=36912)
    broken = re.compile(r"按退回|按按原支付方式|我还有那单|(看看|问一下|问下|请问|咨询一下)，(麻烦|想|)(问一下|问下)|能开(电子|)发票啊"
                        r"|试一下检查|提交(了|)[^。]*。[^。]*提交前")
    found = [m.group(0) for text in df.text for m in [broken.search(text)] if m]
    assert not found, Counter(found).most_common(5)


def test_a_refusal_answers_the_opening_question_straight_after_the_look_up():
    """能价保吗 / 帮我退了吧 refused: the agent's first turn after the look-up is the refusal, so the customer never
    has to ask the opening question again (这个能申请价保吗？)."""
    refused = 0
    for intent in ("price_protect", "return_refund"):
        df = frame(n=600, seed=36912, intent=intent)
        for outcome, acts in zip(df.outcome, df.acts):
            if outcome != "unsatisfied":
                continue
            refused += 1
            after = acts[acts.index("check") + 1:]
            assert after[0] == "decline" and "ask_followup" not in acts, acts
    assert refused > 100


def test_a_cancelled_order_was_asked_for_and_is_done_not_only_offered():
    """refund_issued on 催发货 means the order was cancelled: the customer asked for it, and the agent says it is
    done, not 如果着急用，可以帮您取消 left hanging before 好嘞."""
    df = frame(n=600, seed=36912, intent="urge_shipping")
    cancelled = 0
    for outcome, turns in zip(df.outcome, df.turns):
        if outcome != "refund_issued":
            continue
        cancelled += 1
        k = next(i for i, t in enumerate(turns) if t["act"] == "propose_refund")
        asked = [t["text"] for t in turns[:k] if t["role"] == "customer"]
        assert any("取消" in text for text in asked), asked
        assert not re.search("如果|要是|可以(帮您|给您)取消", turns[k]["text"]), turns[k]["text"]
    assert cancelled > 30


def test_a_refused_customer_leaves_and_is_seen_off_in_varied_words():
    """行吧，我自己想办法。 was the give-up of 73 dialogues in 3000, 您的反馈会认真对待 the close of 68: no give-up or
    closing after a refusal recurs in more than 1% of dialogues."""
    df = frame(n=3000, seed=36912)
    said = Counter(re.sub("[。！!，,]", "", t["text"]) for outcome, turns in zip(df.outcome, df.turns)
                   for t in turns if t["act"] == "give_up" or (t["act"] == "close" and outcome == "unsatisfied"))
    assert sum(said.values()) > 500
    assert said.most_common(1)[0][1] <= 30, said.most_common(3)


def test_the_bank_tells_one_limit_review_procedure():
    """恒信银行 reviews a limit increase in 1-3 working days, whether it is the main matter or a second one: never
    a result 当场/马上 in one dialogue and in days in another."""
    df = frame(n=3000, seed=36912, intent="bank")
    review = re.compile(r"(结果|评估结果|审批结果|审核结果)[^。]*。")
    said = [m.group(0) for intent, second, text in zip(df.intent, df.second_intent, df.text)
            if "credit_limit" in (intent, second) for m in review.finditer(text)]
    assert sum("工作日" in s for s in said) > 50
    assert not [s for s in said if re.search("当场|马上|实时", s)]


def test_a_value_added_service_is_cancelled_only_when_the_customer_asked():
    """这个钱能退吗？ is not a request to cancel: an agent who says the service is 退订/取消 has heard the customer
    ask for it first."""
    df = frame(n=3000, seed=36912, intent="bill")
    cancelled = 0
    for turns in df.turns:
        for k, t in enumerate(turns):
            if t["role"] == "agent" and t["act"] != "answer_other" and re.search("已经?(为您|给您|帮您)?(退订|取消|关掉)", t["text"]):
                cancelled += 1
                asked = " ".join(x["text"] for x in turns[:k] if x["role"] == "customer")
                assert re.search("退订|关掉|不要了|用不上", asked), (asked, t["text"])
                break
    assert cancelled > 500


def test_a_return_is_escalated_only_for_a_fault_to_judge():
    """An unopened return inside seven days is a plain 七天无理由 return; only a defect or a mismatch the seller
    must judge goes to a specialist."""
    df = frame(n=1500, seed=36912, intent="return_refund")
    escalated = [opening(turns)["text"] for outcome, turns in zip(df.outcome, df.turns) if outcome == "escalated"]
    assert len(escalated) > 100
    plain = [text for text in escalated if re.search("不想要|不喜欢|感觉一般|不太满意|不适合|尺码|不合适|不合身|太紧|太大", text)]
    assert not plain, plain[:3]


def test_a_courier_complaint_gets_an_apology_and_courier_feedback_not_a_return():
    """送到门口直接扔地上 or a rude courier, goods intact: the remedy is feedback to the courier company and an
    apology, not 退换货 nobody asked for."""
    df = frame(n=1500, seed=36912, intent="complaint")
    courier = 0
    for turns in df.turns:
        if not re.search("扔地上|快递员态度", opening(turns)["text"]):
            continue
        for t in turns:
            if t["act"] == "propose_solution":
                courier += 1
                assert "快递公司" in t["text"] and not re.search("安排退换|办退换|登记退换|退还是换|退货还是换新", t["text"]), t["text"]
    assert courier > 100


def test_a_purchase_refused_as_too_old_is_not_called_recent():
    """A return or 价保 refused for being out of its window is weeks old: the customer does not open with 前几天买的,
    刚买的 or 用了两天."""
    for intent in ("return_refund", "price_protect"):
        df = frame(n=600, seed=36912, intent=intent)
        late = [opening(turns)["text"] for outcome, turns in zip(df.outcome, df.turns) if outcome == "unsatisfied"]
        assert len(late) > 100
        assert not [text for text in late if re.search("前几天|刚买|用了两天", text)], intent


def test_nothing_is_escalated_before_the_agent_has_heard_what_happened():
    """转专员/升级 comes after the customer has given what the agent asked for (the order, the phone) and, for a
    complaint, said what went wrong: 你们的…质量太差了，我要投诉 names no fault anyone could act on."""
    df = frame(n=3000, seed=36912)
    escalated = 0
    for intent, turns in zip(df.intent, df.turns):
        acts = [t["act"] for t in turns]
        if "escalate" not in acts:
            continue
        escalated += 1
        before = turns[:acts.index("escalate")]
        asked = {s for t in before if t["act"] == "ask_info" for s in t["slots_requested"]}
        given = {s for t in before if t["role"] == "customer" for s in t["slots_mentioned"]}
        assert asked <= given, (asked, given)
    assert escalated > 300
    complaints = frame(n=1500, seed=36912, intent="complaint")
    vague = [opening(turns)["text"] for turns in complaints.turns
             if re.search("质量太差了[，。！ ]*我要投诉[。！]?$|质量太差了[，。！ ]*我要投诉[，。]*(订单|单号)", opening(turns)["text"])]
    verdicts = sum("质量" in opening(turns)["text"] for turns in complaints.turns)
    assert verdicts > 100 and not vague, vague[:3]


def test_a_second_matter_starts_only_after_the_first_is_confirmed_done():
    """客户：还有，查查话费… came before 客服：验证通过，已为您办好了: a second matter is raised only once the agent has
    said the first one is done, and nothing after it says the first one is done."""
    df = frame(n=3000, seed=36912, intent="telecom")
    done = re.compile("验证通过|验证好了|验证没问题|办理成功|已经变更|套餐变更已经")
    seconds = 0
    for intent, outcome, second, turns in zip(df.intent, df.outcome, df.second_intent, df.turns):
        if not second or intent != "data_plan":
            continue
        seconds += 1
        k = next(i for i, t in enumerate(turns) if t["act"] == "ask_other")
        assert any(done.search(t["text"]) for t in turns[:k] if t["role"] == "agent"), [t["text"] for t in turns]
        assert not any(done.search(t["text"]) for t in turns[k:] if t["role"] == "agent"), [t["text"] for t in turns]
    assert seconds > 50


def test_a_refund_return_or_exchange_tells_its_time_window():
    """退款已经原路退出，到账时间以银行处理为准 refused a customer whose refund left one day before, without the
    1-3 working days: every refund, return and exchange dialogue tells the customer the time that applies (when
    the money or the new goods arrive, when a specialist calls), and a refund refused inside its window says so."""
    df = frame(n=3000, seed=36912, intent="return_refund,refund_status,exchange")
    window = re.compile(r"(?:\d|[一两三四五六七八九十半])\s*(?:个)?(?:工作日|天|小时|周)|今天|明天")
    silent = []
    for outcome, turns in zip(df.outcome, df.turns):
        said = [t["text"] for t in turns[1:] if t["role"] == "agent" and t["act"] not in ("answer_other", "close")]
        if not any(window.search(s) for s in said):
            silent.append("\n".join(t["text"] for t in turns))
    assert not silent, (len(silent), silent[:2])
    refused = [next(t["text"] for t in turns if t["act"] == "decline")   # the first refusal
               for intent, outcome, turns in zip(df.intent, df.outcome, df.turns)
               if intent == "refund_status" and outcome == "unsatisfied"]
    # (inside the bank's window, or inside the shop's 48 hours to review the application)
    assert len(refused) > 50 and all(re.search("工作日|48小时|两天", text) for text in refused)


def test_a_follow_up_question_follows_what_the_agent_just_said():
    """保修 was followed by 那有优惠吗, and 已到账 (answering 能正常用了吧) by 重新开一下机: the customer's question is
    drawn from the agent's last answer, and the reply to it does not prescribe a fix for what is not broken."""
    df = frame(n=3000, seed=36912, intent="product_inquiry,recharge_missing")
    subjects = {"保修": "保修|修", "七天无理由": "退|运费"}
    asked = restarted = 0
    for intent, turns in zip(df.intent, df.turns):
        for k, t in enumerate(turns):
            if t["act"] != "ask_followup":
                continue
            before = next(b["text"] for b in reversed(turns[:k]) if b["role"] == "agent")
            for said, follows in subjects.items():
                if said in before:
                    asked += 1
                    assert re.search(follows, t["text"]), (before, t["text"])
            if intent == "recharge_missing" and re.search("已经?到账|已经?入账", before):
                restarted += 1
                reply = turns[k + 1]["text"]
                assert not re.search("重启|重新开", reply) or t["question"] == "why", (t["text"], reply)
    assert asked > 200 and restarted > 200


def test_no_closing_sentence_ends_more_than_one_percent_of_dialogues():
    """让您费心了，有任何问题随时找我们 closed 44 of 3000 dialogues and 好的，谢谢 ended 186: neither the agent's
    closing nor the customer's last words (an acceptance, a thanks after a second matter, a give-up) is the same
    sentence in more than 1% of 3,000 mixed dialogues (punctuation, spaces and emoji aside)."""
    df = frame(n=3000, seed=36912)
    bare = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]")
    agent, customer = Counter(), Counter()
    for turns in df.turns:
        agent[bare.sub("", turns[-1]["text"])] += 1
        customer[bare.sub("", next(t["text"] for t in reversed(turns) if t["role"] == "customer"))] += 1
    for said in (agent, customer):
        sentence, times = said.most_common(1)[0]
        assert times <= 30, said.most_common(3)


def test_the_agent_neither_asks_what_was_said_nor_says_a_time_twice():
    """Read aloud on seed 61213: 光猫上的灯在闪红 in the opening, then 光猫上的LOS灯是不是红色在闪？; 电子发票通常两个
    工作日就能开好。已经帮您提交…两个工作日会放到您的订单详情页 in one turn."""
    df = frame(n=3000, seed=36912, intent="broadband,invoice")
    lights = invoices = 0
    for turns in df.turns:
        said_first = opening(turns)["text"]
        for t in turns:
            if t["act"] == "ask_info" and "LOS" in t["text"]:
                lights += 1
                assert "闪红" not in said_first, (said_first, t["text"])
            if t["act"] == "propose_solution" and t["question"] == "how_long" and "发票" in t["text"]:
                invoices += 1
                assert len(re.findall("工作日", t["text"])) == 1, t["text"]
    assert lights > 100 and invoices > 100


def test_an_after_sales_refusal_is_for_a_flaw_found_late_and_a_late_fee_is_asked_in_varied_words():
    """Read aloud on seed 90917: 发错货了，找了商家两天都没人理 refused as 收货超过15天; and 可是系统给我算了滞纳金 (now 违约金, the 2017 name)，我要求
    取消 word for word in two of thirty dialogues."""
    df = frame(n=1500, seed=36912, intent="complaint")
    refused = [opening(turns)["text"] for outcome, turns in zip(df.outcome, df.turns) if outcome == "unsatisfied"]
    # (refusals are only for goods without a 保修 term: about 6% of complaints)
    assert len(refused) > 50 and not [t for t in refused if re.search("发错|包装都是破的|两天都没人理", t)]
    fees = Counter(t["text"] for turns in frame(n=3000, seed=36912, intent="repayment_not_posted").turns
                   for t in turns if t["act"] == "push_back" and re.search("违约金|利息", t["text"]))   # (interest since reading 18: no 违约金 inside the grace)
    assert sum(fees.values()) > 100 and fees.most_common(1)[0][1] <= sum(fees.values()) // 10


def test_the_conversation_remembers_what_was_said():
    """The plan's conversation state: a date the look-up told is not told again (unless the customer asks to have
    it confirmed), a follow-up never asks why after the agent said why, and the rule catches each repeat."""
    df = frame()
    from synth.domains.dialogues.rules import nothing_said_twice
    assert all(nothing_said_twice(ts) for ts in df.turns)
    checked = 0
    for intent, turns in zip(df.intent, df.turns):
        agent_dates = [s for t in turns if t["role"] == "agent" and t["question"] != "confirm"
                       for s in t["slots_mentioned"] if s in ("ship_date", "eta", "due_date")]
        assert len(agent_dates) == len(set(agent_dates)), (intent, [t["text"] for t in turns])
        if intent in ("logistics", "urge_shipping", "recharge_missing", "bill") and any(
                t["act"] == "ask_followup" and t["question"] == "why" for t in turns):
            inform = next(t for t in turns if t["act"] == "inform")
            assert "cause" not in inform["told"] and not re.search(r"件多|压件|订单量大|卖得|延迟|慢|上个?月\S{0,4}(开通|订购)|自动(续费|扣费)", inform["text"]), \
                inform["text"]
            checked += 1
    assert checked > 20
    # The rule fails on each kind of repeat it is meant to catch.
    k = next(i for i, ts in enumerate(df.turns) if any(t["act"] == "inform" and "time" in t["told"] for t in ts)
             and any(t["act"] == "ask_followup" for t in ts))
    turns = json.loads(json.dumps(df.turns[k]))
    inform = next(t for t in turns if t["act"] == "inform")
    date = next(s for s in inform["slots_mentioned"] if s in ("ship_date", "eta", "due_date"))
    later = [t for t in turns if t["role"] == "agent" and t["question"] not in ("confirm",)][-1]
    later["slots_mentioned"][date] = inform["slots_mentioned"][date]
    assert not nothing_said_twice(turns)
    turns = json.loads(json.dumps(df.turns[k]))
    asked = next(t for t in turns if t["act"] == "ask_followup")
    asked["question"] = "why"
    inform = next(t for t in turns if t["act"] == "inform")
    inform["told"] = inform["told"] + ["cause"]
    assert not nothing_said_twice(turns)
    turns = json.loads(json.dumps(df.turns[k]))
    turns.insert(turns.index(next(t for t in turns if t["act"] == "inform")) + 1,
                 {"role": "customer", "act": "impatient", "text": "到底怎么回事？", "slots_mentioned": {},
                  "slots_requested": [], "question": "", "told": ["wait"]})
    assert not nothing_said_twice(turns)


def test_satisfaction_follows_how_the_conversation_went():
    """A good ending reached smoothly is not rated below 4; one after two setbacks (impatience, a failed fix, a
    push-back, an escalation) not above 3; a grudging acceptance never carries 5; the rule refuses a smooth
    resolution rated 2 or 3 and a bumpy one rated 5."""
    df = frame()
    good = ("resolved", "refund_issued", "replacement_sent")
    smooth = bumpy = 0
    for intent, outcome, acts, sat, turns in zip(df.intent, df.outcome, df.acts, df.satisfaction, df.turns):
        setbacks = sum(a in ("impatient", "report_failed", "push_back", "escalate") for a in acts)
        if (intent, outcome) == ("bill", "resolved"):   # the disputed fee kept: a partial refusal, 3 at most
            assert sat <= 3, acts
            continue
        if outcome in good and setbacks == 0:
            assert sat >= 4, acts
            smooth += 1
        if outcome in good and setbacks >= 2:
            assert sat == 3, acts
            bumpy += 1
        last = [t for t in turns if t["role"] == "customer" and t["act"] == "accept"]
        if last and re.search("行吧|好吧|算了|也只能这样", last[-1]["text"]):
            assert sat <= 3
    assert smooth > 1000 and bumpy > 50
    check = rule("satisfaction_agrees_with_outcome").check
    broken, options = breaker(df)
    k = next(i for i, (o, a, n) in enumerate(zip(df.outcome, df.acts, df.intent)) if o == "resolved" and not
             {"impatient", "report_failed", "push_back", "escalate"} & set(a) and n != "bill")
    assert not check(broken("satisfaction", k, 3), options)[k]
    k = next(i for i, (o, a) in enumerate(zip(df.outcome, df.acts)) if o in good and
             sum(x in ("impatient", "report_failed", "push_back") for x in a) >= 2)
    assert not check(broken("satisfaction", k, 5), options)[k]


def test_turns_follow_what_happened_before():
    """Impatience waits for a reason (the customer gave what was asked and the agent is silent), never straight
    after the opening; relief that the matter is over only when nothing is still to come; a failed fix followed by
    a replacement is not accepted grudgingly; a push-back on a repair refused asks for what the refusal answers."""
    df = frame()
    waiting = ("refund_status", "logistics", "urge_shipping", "delay", "invoice", "credit_limit", "card_loss")
    relief = 0
    for intent, acts, turns in zip(df.intent, df.acts, df.turns):
        for k, act in enumerate(acts):
            if act == "impatient":
                # (correct_info: the right number sent after the first found nothing, leads.py)
                assert acts[k - 1] in ("provide_info", "affirm", "report_failed", "correct_info"), acts
        accept = [t["text"] for t in turns if t["act"] == "accept"]
        if accept and re.search("问题解决了就好|这下放心了", accept[-1]):
            # (a waiting intent's solution that is done now, heed.py: 提额已生效, 锁卡, a refund back in the balance)
            done = any("did:done" in t["told"] for t in turns if t["act"].startswith("propose_"))
            assert intent not in waiting or done, (intent, accept)
            relief += 1
        if "report_failed" in acts and not {"impatient", "push_back"} & set(acts) and accept and \
                ("propose_replacement" in acts or "propose_refund" in acts):
            assert not re.search("也只能这样|行吧|好吧", accept[-1]), accept
        if intent == "repair" and "decline" in acts:   # (past the warranty the refusal names a price: so does the push)
            push = next(t["text"] for t in turns if t["act"] == "push_back")
            paid = any("procedure:out_of_warranty" in t["told"] for t in turns)
            assert re.search(r"\d{2,}", push) if paid else "新" in push, push
    assert relief > 100


def test_a_second_refusal_adds_to_the_first():
    """The second refusal answers the push-back with why the rule exists or what can still be done, not the first
    refusal again (no stretch of more than 8 characters in common, slot values aside); a complaint's case is said
    to be noted once (in the close), not in the look-up, the refusal and the close."""
    from difflib import SequenceMatcher
    df = frame()
    refused = 0
    for intent, turns, slots in zip(df.intent, df.turns, df.slots):
        said = [t["text"] for t in turns if t["act"] == "decline"]
        if len(said) == 2:
            first, second = said
            for value in slots.values():
                first, second = first.replace(str(value), "#"), second.replace(str(value), "#")
            common = SequenceMatcher(None, first, second, autojunk=False).find_longest_match(0, len(first), 0, len(second))
            assert common.size <= 8, (intent, first[common.a:common.a + common.size], said)
            refused += 1
        if intent == "complaint":
            noted = [t["text"] for t in turns if t["role"] == "agent" and re.search("记下|登记了|记录", t["text"])]
            assert len(noted) <= 1, noted
    assert refused > 500


def test_every_product_has_complaint_flaws_in_the_lexicon():
    """What a quality complaint says went wrong is data (lexicons/dialogues/flaws.tsv), one row per product."""
    from synth.domains.dialogues.catalogue import tables
    t = tables()
    assert set(t.flaws) == set(t.products)
    assert all(len(f) >= 2 and all(f) for f in t.flaws.values())


# Reduplicated words (谢谢, 看看) and compounds that meet at a doubled character (上个月+月初, 现在+在, 新卡+卡号).
REDUPLICATED = re.compile(r"谢谢|看看|查查|拜拜|亲亲|嗯嗯|试试|等等|好好|想想|刚刚|天天|问问|明明|慢慢|常常|稍稍|远远|偏偏|[了]了(?=[，。！？ ~]|$)")
DOUBLED_COMPOUNDS = ("上个月月", "上月月", "现在在", "新卡卡号", "恒信信用", "提交交易", "凭证证明", "直接接手",
                     "嚷嚷")   # (嚷嚷: a word, the courier incident of complaints.py)


def test_no_doubled_character_or_classifier_pair_at_a_join():
    """A join that doubles a character (额度是 + 是, 看了 + 了您, 售后 + 后, 轻暖款 + 款式) or stacks two measure words
    (这个件, 寄个件), and a step that reads as 'again' after 您再 (您再关机状态下), do not occur in 3,000 dialogues.
    Slot values (addresses like 津市市) are masked inside, so only the joins around them are read."""
    df = frame(n=3000, seed=4242)
    found = Counter()
    for turns in df.turns:
        for t in turns:
            text = t["text"]
            for value in t["slots_mentioned"].values():
                value = str(value)
                if len(value) > 2:
                    text = text.replace(value, value[0] + "#" * (len(value) - 2) + value[-1])
            for m in re.finditer(r"([\u4e00-\u9fff])\1", text):
                around = text[max(0, m.start() - 4):m.end() + 4]
                if REDUPLICATED.match(text, m.start()) or any(c in around for c in DOUBLED_COMPOUNDS):
                    continue
                found[around] += 1
            for m in re.finditer("个[件台副块条双盒瓶]|再关机", text):
                found[text[max(0, m.start() - 4):m.end() + 4]] += 1
    assert not found, found.most_common(10)


def test_a_special_vat_invoice_is_only_for_a_company_and_asks_for_its_details():
    """增值税专用发票 (专票) is issued only to a company title with its 税号, 开户行 and 地址电话; a personal title is
    never offered one nor asked for a 税号. A company asking for a 专票 after choosing a 普票 whose 税号 it had still
    to fill in has nothing to void: the finance team issues the 专票 (no 红冲 of a 普票 never issued)."""
    df = frame(n=6000, seed=97531)
    invoices = df[df.intent == "invoice"]
    special = 0
    for slots, outcome, text in zip(invoices.slots, invoices.outcome, invoices.text):
        if slots["invoice_title"] == "个人":
            assert not re.search("专用发票|专票|税号", text), text
            assert outcome != "escalated", text
        elif re.search("专用发票|专票", text):
            special += 1
            if outcome == "escalated":   # asked for before the 普票 was submitted
                assert "财务" in text and not re.search("红冲|冲红", text), text
            else:
                assert "开户" in text and "税号" in text, text
    assert special > 20


def test_an_agent_promises_a_shipment_only_as_far_as_the_outcome_allows():
    """A ship date is the warehouse's plan: the agent says it is expected (预计, 以仓库出库为准), never 一定发出 or
    保证; a product in stock is sent the same day only before the afternoon cut-off."""
    df = frame(n=4000, seed=24680)
    promised = re.compile("一定(能|会)?发|保证(今天|当天|明天)?(能)?发|今天下单今天就能发")
    found = [t["text"] for turns in df.turns for t in turns if t["role"] == "agent" and promised.search(t["text"])]
    assert not found, found[:5]
    confirms = [t for i, turns in zip(df.intent, df.turns) if i == "urge_shipping"
                for k, t in enumerate(turns) if k and t["role"] == "agent" and turns[k - 1]["question"] == "confirm"]
    hedged = re.compile("预计|正常|以仓库出库为准|备货进度")
    assert confirms and all(hedged.search(t["text"]) for t in confirms), [t["text"] for t in confirms][:3]


def test_a_lost_parcels_claim_is_labelled_by_who_is_paid():
    """An insured lost parcel's claim is paid to the sender: a sender is told the money comes to them
    (refund_issued); a recipient is told it goes to the sender and to ask the seller for a resend or refund, which is
    no refund to the recipient (resolved), and is never told to wait for money."""
    df = frame(n=6000, seed=97531)
    lost = df[df.intent == "lost_parcel"]
    recipients = 0
    for outcome, turns in zip(lost.outcome, lost.turns):
        said_first = opening(turns)["text"]
        said = "\n".join(t["text"] for t in turns if t["role"] == "agent")
        if outcome == "refund_issued":
            assert "我寄" in said_first or "寄给" in said_first, said_first
            assert "寄件人" not in said and re.search("(打给|赔给|赔付给|赔到|退到)您|您(寄件时|当初付运费|付运费|下单寄件)|原路", said), said
        if outcome == "resolved":
            recipients += 1
            assert "我寄" not in said_first and "寄给" not in said_first, said_first
            assert re.search("(赔给|付给)寄件人", said) and re.search("补发|重新发货", said), said
            assert not any(t["act"] == "push_back" for t in turns)
    assert recipients > 20


def verified(turns: list) -> dict:
    """The customer's turn that answers the holder's verification (the bank asks it before anything is told)."""
    return next(t for t in turns if t["act"] == "provide_info")


def after_verification(turns: list) -> str:
    """The dialogue's text after the holder's verification was answered."""
    return "\n".join(t["text"] for t in turns[turns.index(verified(turns)) + 1:])


def test_a_charge_is_explained_by_how_it_was_authorised():
    """The authorisation is a slot (payment_auth) and the agent's words follow it: a 免密代扣 signed with the merchant
    was not verified per debit (no 授权验证, no code); a disputed 小额免密 payment had no password and no code; a
    disputed payment verified by an SMS code is not called 免密."""
    df = frame(n=6000, seed=97531)
    queries = df[df.intent == "transaction_query"]
    told = Counter()
    for slots, outcome, text, turns in zip(queries.slots, queries.outcome, queries.text, queries.turns):
        path = next((t[5:] for turn in turns for t in turn["told"] if t.startswith("path:")), "-")
        if path not in ("subscription", "utility", "fraud"):
            continue        # (the customer's own purchase, a hold, a duplicate, a conversion: no dispute of how)
        text = after_verification(turns)   # (the holder's own verification may use a code: not the charge's)
        auth = slots["payment_auth"]
        told[auth] += auth in text
        assert (auth == "免密代扣") == (outcome != "escalated"), (auth, outcome)
        if auth == "免密代扣":
            assert not re.search("授权验证|验证了|(输入|通过)了(短信)?验证码", text), text
        elif auth == "小额免密":
            assert "验证码" not in text and "代扣" not in text, text
        else:
            assert "免密" not in text, text
    assert set(told) == {"免密代扣", "小额免密", "短信验证码"} and min(told.values()) > 10, told


def test_a_quality_fault_past_the_return_period_goes_to_warranty_repair_not_a_refusal():
    """A quality complaint past the 15-day return and exchange period is refused only for goods without a 保修 term;
    a phone, earbuds, a laptop, a watch or an appliance is routed to warranty repair (resolved), with its term."""
    from synth.domains.dialogues.catalogue import tables
    t = tables()
    warranted = {p for p, w in zip(t.products, t.warranties) if w != "-"}
    df = frame(n=6000, seed=97531)
    complaints = df[df.intent == "complaint"]
    routed = 0
    for product, outcome, text in zip(complaints["product"], complaints.outcome, complaints.text):
        if outcome == "unsatisfied":
            assert product not in warranted, text
        if "保修期内" in text:
            routed += 1
            assert product in warranted and outcome == "resolved" and re.search("一年保修期内", text), text
            assert not re.search("售后期过了|过了售后期|不在售后期内", text), text
    assert routed > 10


def test_a_habit_phrase_or_a_fee_clause_does_not_garble_its_sentence():
    """Read aloud on seed 61873: 退回原支付账户付款账户 (the habit 原路退回 -> 退回原支付账户 before an account), 不额外收费用,
    没看到是银行那边还在入账, and 型号 said of a face cream."""
    df = frame(n=4000, seed=24680)
    text = "\n".join(df.text)
    found = re.findall("账户付款账户|原支付账户(原支付|您付款|付款)|收费用|，没看到是银行", text)
    assert not found, Counter(found).most_common(3)
    for product, turns in zip(df["product"], df.turns):
        if product in ("羽绒服", "牛仔裤", "运动鞋", "四件套", "坚果礼盒", "保湿面霜"):
            assert not any("型号" in t["text"] for t in turns if t["role"] == "agent"), product


def test_a_measure_word_fits_the_product_and_a_late_top_up_is_not_promised_in_half_an_hour():
    """Read aloud on seed 83591: 栖山短款立领 (a jacket) … 给我换一双; a top-up missing since the night before answered
    with 半小时内能补上."""
    from synth.domains.dialogues.catalogue import tables
    t = tables()
    unit = dict(zip(t.products, t.units))
    df = frame(n=4000, seed=24680)
    for product, turns in zip(df["product"], df.turns):
        found = re.search("换一([件双条])", opening(turns)["text"])
        assert not found or found.group(1) == unit[product], (product, opening(turns)["text"])
    missing = df[(df.intent == "recharge_missing") & (df.outcome == "escalated")]
    assert len(missing) > 20 and not any("半小时内" in t["text"] and "补" in t["text"]
                                         for turns in missing.turns for t in turns if t["role"] == "agent")


# -- lines that assume facts: each said only when the plan holds the fact ---------------------------------------
def test_a_weekend_is_wished_only_from_friday_to_sunday():
    import datetime as dt
    df = frame()
    days = [dt.date.fromisoformat(d).weekday() for d, t in zip(df.date, df.text) if "周末愉快" in t]
    assert len(days) > 50 and all(d >= 4 for d in days), Counter(days)


def test_overage_is_billed_only_when_the_customer_said_the_data_ran_out():
    df = frame()
    overage = [(t, turns) for n, t, turns in zip(df.intent, df.text, df.turns)
               if n == "data_plan" and ("超了的流量" in t or "超出的流量" in t)]
    assert len(overage) > 10
    for text, turns in overage:
        first = opening(turns)["text"]
        assert "超" in first, text


def test_weather_follows_the_month_and_the_hub():
    """No rainstorm in December, no snow in summer nor at a southern hub (the plan picks weather by month and hub)."""
    df = frame(n=4000, seed=5, as_of="2025-07-15")
    winter = frame(n=4000, seed=5, as_of="2025-01-15")
    said = Counter()
    for data in (df, winter):
        for date, slots, text in zip(data.date, data.slots, data.text):
            month = int(date[5:7])
            hub = slots.get("last_scan", "")
            for w in ("降雪", "暴雨", "大雾"):
                if w in text:
                    said[w] += 1
                    assert not (w == "暴雨" and month in (11, 12, 1, 2, 3)), text
                    assert not (w == "降雪" and (4 <= month <= 10 or hub.startswith(("广州", "成都", "上海", "杭州")))), text
    assert said["暴雨"] and said["降雪"] and said["大雾"], said


def test_a_disputed_charge_follows_how_and_where_it_was_paid():
    """A shop counter's payment is never SMS-verified; the card is stopped only when the customer asked; the police
    only for a sum worth reporting; the bank never says it switched off a merchant's renewal itself; 包月 only at a
    monthly price."""
    df = frame()
    rows = [(s, t, turns) for n, s, t, turns in zip(df.intent, df.slots, df.text, df.turns) if n == "transaction_query"]
    assert len(rows) > 200
    for slots, text, turns in rows:
        # (after the holder's verification, which may send a code to the phone on file: issue 12, reading 16)
        agent = "\n".join(t["text"] for t in turns[turns.index(verified(turns)) + 1:] if t["role"] == "agent")
        first = opening(turns)["text"]
        amount = float(slots["txn_amount"])
        if "便利店" in slots["merchant"]:
            assert slots["payment_auth"] != "短信验证码" and "验证码" not in agent, text
        if "止付" in agent or ("冻结" in agent and "预授权" not in agent):   # (a 预授权 冻结s credit, not the card)
            assert any(w in first for w in ("停", "冻")), text
        if "报警" in agent or "报案" in agent:
            assert amount >= 100, text
        assert not re.search(r"(已为您|已经为您|给您|为您)(关掉了|关闭|取消了|停了|关了)", agent), text
        if "包月" in agent:
            assert amount < 80, text


def test_cross_bank_answers_rest_on_a_payment_the_customer_said_came_from_another_bank():
    df = frame()
    rows = [(t, turns) for n, t, turns in zip(df.intent, df.text, df.turns) if n == "repayment_not_posted" and "跨行还款" in t]
    assert len(rows) > 30
    for text, turns in rows:
        assert re.search("别[的得地]银行|他行|工资卡", opening(turns)["text"]), text   # (typos: 别得)


def test_a_repayment_refusal_states_the_real_rules():
    """No 已出账不能再申请延期; the grace period, the minimum payment and 账单分期 instead."""
    df = frame()
    refused = [t for n, o, t in zip(df.intent, df.outcome, df.text) if n == "repayment" and o == "unsatisfied"]
    assert len(refused) > 20
    for text in refused:
        assert "已出账" not in text and "宽限期" in text and "最低还款额" in text, text
    late = [t for n, t in zip(df.intent, df.text) if n == "repayment" and "晚几天还会怎么样" in t]
    assert late and all("宽限期" in t for t in late)
    assert all("违约金" in t or "滞纳金" not in t for t in df.text)   # 滞纳金 became 违约金 in 2017


def test_a_card_is_changed_only_after_the_holder_is_verified():
    """挂失 and 调额: the agent asks for a verification (the code sent to the phone on file, the ID card's last four
    digits, the security question, or a face check in the app) and the customer does it, before any change (the card
    tail alone does not verify the holder)."""
    df = frame()
    rows = [t for n, t in zip(df.intent, df.turns) if n in ("card_loss", "credit_limit")]
    assert len(rows) > 300
    for turns in rows:
        acts = [t["act"] for t in turns]
        ask = acts.index("ask_info")
        forms = [f for f in ("验证码", "身份证", "安全问题", "人脸", "刷脸") if f in turns[ask]["text"]]
        said = forms + ["人脸" if "刷脸" in forms else "刷脸"]   # (the customer's reply may carry a typo: 安全问提)
        assert forms and any(f[:2] in turns[ask + 1]["text"] for f in said), turns
        # (the look-up: its check turn, or its news where the agent looks up without saying so)
        assert ask < acts.index("check" if "check" in acts else "inform")


def test_plan_changes_span_the_ladder_and_the_price_question_gets_the_price():
    # (16384: at 12288 the price question came up 9 times once reading 18's changes moved the draws; per-case check
    # unchanged)
    df = frame(n=16384)
    rows = [(s, turns) for n, s, turns in zip(df.intent, df.slots, df.turns) if n == "data_plan" and "new_plan" in s]
    assert len({(s["plan"], s["new_plan"]) for s, _ in rows}) >= 25
    asked = 0
    for slots, turns in rows:
        for k, turn in enumerate(turns[:-1]):
            if "多少钱一个月" in turn["text"]:
                asked += 1
                price = re.search(r"(\d+)元", slots["new_plan"]).group(1)
                assert f"每月{price}元" in turns[k + 1]["text"], turns
    # (a new plan is about half of data_plan: packs, roaming and retention offers are the rest; its price is asked
    # after about half of the look-ups, model.LOOKUP_FOLLOWUP_RATE)
    assert asked > 10


def test_a_disputed_add_on_rests_on_the_order_record_and_a_kept_fee_is_not_a_happy_ending():
    df = frame()
    # (an add-on is one cause of a high bill among several: procedures.BILL, the path told by the first agent turn)
    rows = [(o, s, t, "path:addon" in first_answer(turns)["told"]) for n, o, s, t, turns
            in zip(df.intent, df.outcome, df.satisfaction, df.text, df.turns) if n == "bill"]
    assert sum(addon for *_, addon in rows) > 80
    for outcome, score, text, addon in rows:
        if outcome == "refund_issued" and addon:
            assert "订购记录" in text or "记录" in text, text
        if outcome == "resolved":   # the fee stands: explained (an add-on from the order record), rated 3 at most
            assert score <= 3 and "这下放心了" not in text and ("记录" in text or not addon), (score, text)


def test_a_complaint_is_escalated_only_after_its_remedy_was_refused():
    """87 of 128 complaints were escalated, 41 with nothing offered first (a loose button to a 专员): the agent offers
    退/换/补偿 first, and escalates only when the customer pushes back on it; most complaints take the remedy."""
    df = frame(n=1500, seed=36912, intent="complaint")
    acts = [[t["act"] for t in turns] for turns in df.turns]
    escalated = [a for a in acts if "escalate" in a]
    assert escalated and all(a[a.index("escalate") - 2:a.index("escalate")] == ["propose_solution", "push_back"]
                             for a in escalated)
    assert len(escalated) < 0.4 * len(acts)


def test_no_customer_line_recurs_in_more_than_two_percent_of_dialogues():
    """那现在怎么办？ was in 159 of 3,000 dialogues, 你们打算怎么处理？ and 开好了在哪里看？ word for word in 60 each: no
    customer line of six characters or more is in more than 2% of 3,000 dialogues."""
    df = frame(n=3000, seed=8181)
    counts = Counter()
    for turns in df.turns:
        counts.update({t["text"] for t in turns if t["role"] == "customer" and len(t["text"]) >= 6})
    common = [(text, n) for text, n in counts.most_common(5) if n > 0.02 * len(df)]
    assert not common, common


def test_no_phrase_slip_at_a_join_within_a_turn():
    """Read by two team leads: 会专员给您回电 (有 missing), 您这副的情况 (a measure word without its noun),
    是第三方商家发的货的, 钱是从平台这边已经退出, 恢复正常使用，通常三十分钟左右恢复使用 (a habit repeating the tail),
    免费送一年延保，不收钱, and 平台插不上手 (an agent's register). Each is closed at its join, so none recurs."""
    df = frame(n=12288)
    slips = re.compile("会专员|这[台副部件双个块只条套盒瓶支]的情况|发的货的|是从[^，。]{0,6}这边已经|恢复[^。]{0,16}恢复(使用)?。"
                       "|免费[^。，]{0,12}，[^。]{0,6}不收(钱|费)|插不上手")
    found = Counter(m.group(0) for text in df.text for m in slips.finditer(text))
    assert not found, found.most_common(5)


def test_no_slip_an_independent_customer_service_lead_found():
    """Read on seed 31415 by a customer-service team lead: 我会给差评了 (会…了), 评估结果由系统综合评估的,
    身份证号最后四位请对话框的加密输入框输入 (在 missing), 打开信用卡App里点 (打开…里), 能不能先锁一下吗 (能不能…吗),
    有事再来电 and 欢迎致电 in a typed chat, and 耳机还连着别的设备 as the cause after the customer said only one phone was paired."""
    df = frame(n=3000, seed=31415)
    slips = re.compile("会给差评了|由系统[^，。]{0,4}评估的|请对话框|打开[^，。]{0,8}App里|能不能[^，。？]{0,8}吗|来电，再见|再来电"
                       "|还连着别的设备|致电[^您]")
    found = Counter(m.group(0) for text in df.text for m in slips.finditer(text))
    assert not found, found.most_common(5)


def test_a_push_back_on_a_wait_follows_a_turn_that_named_a_time_or_the_chase():
    """客服：我这边帮您催了快递… 客户：还要等这么久啊？ (no time in the turn it answers): a push-back on how long it takes
    follows a turn that said a time; after a chase that names none, the customer pushes back on the chase itself."""
    df = frame(n=3000, seed=5)
    slow, timed = re.compile("太慢|这么久|今天就办好"), re.compile("[天时周号月日]|分钟|马上|尽快|以内|内")
    pushed = [(turns[k - 1]["text"], t["text"]) for turns in df.turns for k, t in enumerate(turns)
              if t["act"] == "push_back" and slow.search(t["text"])]
    assert len(pushed) > 50
    assert not [p for p in pushed if not timed.search(p[0])], [p for p in pushed if not timed.search(p[0])][:3]


def test_an_invoice_is_submitted_only_after_its_kind_title_and_tax_number_are_known():
    """Reading 17 #0/#5: 已给您提交了…电子普票 then 请您填一下税号，提交后就给您开 (submitted and not submitted), a 普票
    chosen for a company without asking. The company names the kind with its title before anything is submitted; a
    turn that submits says nothing still to fill in; a request still waiting for the 税号 is not resolved."""
    df = frame(n=3000, seed=71313, intent="invoice")
    submitted = re.compile(r"已(经)?(为您|给您)(申请|提交)了?抬头|(申请|专票)(提交了|已经提交|已受理)|申请(好了|提交了)")
    waiting = re.compile(r"(再|后)提交|(提交|填好)(后|以后)就|填好(就能开出|提交)")
    told = companies = 0
    for slots, outcome, turns in zip(df.slots, df.outcome, df.turns):
        agent = [t["text"] for t in turns if t["role"] == "agent"]
        for line in agent:
            assert not (submitted.search(line) and waiting.search(line)), line
        if "公司" not in slots["invoice_title"]:
            continue
        companies += 1
        given = next(t["text"] for t in turns if t["role"] == "customer" and slots["invoice_title"] in t["text"])
        first = next((k for k, t in enumerate(turns) if t["role"] == "customer" and re.search("专票|专用发票|普票|普通发票", t["text"])), None)
        sub = next((k for k, t in enumerate(turns) if t["role"] == "agent" and (submitted.search(t["text"]) or waiting.search(t["text"]))), None)
        if sub is not None:
            told += 1
            assert first is not None and first < sub, (given, turns[sub]["text"])
        if any(waiting.search(a) for a in agent):
            assert outcome != "resolved", agent
    assert companies > 300 and told > 300


def test_a_chase_and_an_escalation_read_why_the_parcel_is_late():
    """Reading 17 #15: the cause is a mis-sort (分错了线路，现在转回来了) but the chase asks the hub to 加紧分拣积压的件,
    and the escalation promises 专员会确认包裹的实际位置 right after the location was told. A mis-sorted parcel is
    chased as itself (转回来的件先分拣), and a parcel whose last scan was told is not searched for."""
    df = frame(n=3000, seed=71313, intent="delay,logistics")
    missorted = located = 0
    for slots, turns in zip(df.slots, df.turns):
        agent = " ".join(t["text"] for t in turns if t["role"] == "agent")
        if re.search("分错了(方向|线路)", agent):
            missorted += 1
            assert "积压" not in agent, agent
        if slots.get("last_scan") and slots["last_scan"] in agent:
            located += 1
            assert not re.search("实际位置|在哪一站", agent), agent
    assert missorted > 50 and located > 300


def test_an_ended_debit_agreement_is_not_told_as_if_debits_go_on_nor_its_consequence_twice():
    """Reading 17 #22: 已经解除…免密代扣签约，下个周期扣不到这张卡了 (already said with the offer) and then 因此按期扣费不会
    再发验证码 (reads as if debits continue). After the agreement is ended the turn neither restates that the card is
    no longer debited nor speaks of debits to come without a code."""
    df = frame(n=3000, seed=71313, intent="transaction_query")
    ended = 0
    for turns in df.turns:
        for t in turns:
            if t["role"] == "agent" and t["act"] == "propose_solution" and re.search("解除了这张卡|(解约|解除)(这张卡的|)免密代扣", t["text"]):
                ended += 1
                assert not re.search("扣不到这张卡|不会再(从这张卡扣|被扣|扣费)|(每期|按期)扣费(不会|不)再", t["text"]), t["text"]
    assert ended > 50


def test_a_refund_awaiting_the_shop_is_dated_once_across_consecutive_agent_turns():
    """Reading 17 #3/#4: 11月14日申请的，商家还没处理 and in the next agent turn 您这笔申请是11月14日提的，商家那边还没审核;
    还在时限内，时限内还得等商家处理. The look-up tells the date and the state; the turn after it goes on from there."""
    df = frame(n=3000, seed=71313, intent="refund_status")
    pending = 0
    for slots, turns in zip(df.slots, df.turns):
        if not slots.get("apply_date"):
            continue
        y, m, d = slots["apply_date"].split("-")
        day = f"{int(m)}月{int(d)}日"
        for a, b in zip(turns, turns[1:]):
            if a["role"] == b["role"] == "agent" and day in a["text"] and re.search("还没(审核|处理|点同意)", a["text"]):
                pending += 1
                assert not (day in b["text"] and re.search("还没(审核|处理|点同意)", b["text"])), (a["text"], b["text"])
        for t in turns:
            assert not re.search("时限内[^。]{0,6}时限内", t["text"]), t["text"]
    assert pending > 50
