"""The dialogue stages' fast paths say what their plain definitions say (speed work must not change a byte)."""

from __future__ import annotations

import itertools
import re

import synth
from synth.engine import compute_blocks, make_request
from synth.registry import get_domain
from synth.domains.dialogues import stages
from synth.domains.dialogues.stages import APOLOGY, PUNCT, Turn


def tidied_plainly(segs: list) -> list:
    """The punctuation pass by its definition: drop empty pieces, then a ，or 。 that opens a free-text piece right
    after a free-text piece ending in a mark, then the pieces that left empty."""
    segs = [s for s in segs if s[0]]
    for k in range(1, len(segs)):
        prev, cur = segs[k - 1], segs[k]
        if prev[1] == "text" and cur[1] == "text" and prev[0][-1:] in PUNCT and cur[0][:1] in "，。":
            segs[k] = (cur[0][1:], cur[1], cur[2])
    return [s for s in segs if s[0]]


def test_tidy_agrees_with_its_definition_on_every_small_arrangement():
    pieces = [("", "text", ""), ("好的", "text", ""), ("好的。", "text", ""), ("，", "text", ""), ("。稍等", "text", ""),
              ("，您看", "text", ""), ("2123", "slot", "order_no"), ("，", "slot", "x"), ("\0，", "text", "")]
    checked = changed = 0
    for n in range(4):
        for combo in itertools.product(pieces, repeat=n):
            turn = Turn("agent", "check", (), list(combo))
            stages._tidy(turn)
            assert turn.segs == tidied_plainly(list(combo)), combo
            checked += 1
            changed += turn.segs != list(combo)
    assert checked == 1 + 9 + 81 + 729 and changed > 300   # the cases that need mending were among them


def test_tidied_in_c_agrees_with_its_python_twin():
    """stages._tidied (synth/_scan.c's tidied where built) gives what the Python definition gives, None for a tidy
    turn, on every arrangement of up to four pieces (leading marks, empty pieces, pieces a mark empties, slots) and
    on the detailed turns of generated dialogues before the pass."""
    pieces = [("", "text", ""), ("好的~", "text", ""), ("，", "text", ""), ("。稍等", "text", "t"), ("、", "text", ""),
              ("2123", "slot", "order_no"), ("，", "slot", "x"), ("a\0。", "text", ""), ("嗯？", "text", "")]
    combos = [list(combo) for n in range(5) for combo in itertools.product(pieces, repeat=n)]
    answers = [stages._tidied(list(c)) for c in combos]
    assert answers == [stages._tidied_python(list(c)) for c in combos]
    assert 0 < sum(a is None for a in answers) < len(answers)
    assert all(a is None or a == tidied_plainly(c) for a, c in zip(answers, combos))
    columns = compute_blocks(make_request(get_domain("dialogues"), 9, 0, 200, None, {}), 0, 1)
    turns = [t for plan in columns["_plan"][:200]
             for t in stages.detail(plan, stages.fill(plan, [0.41] * 64), [0.73] * 16)]
    mended = [stages._tidied(t.segs) for t in turns]
    assert mended == [stages._tidied_python(t.segs) for t in turns]
    assert any(m is not None for m in mended)


def test_untidy_answers_as_the_joined_texts_do():
    """stages._untidy (synth/_scan.c's untidy where built) answers as the texts joined by NUL do, on every
    arrangement of up to four pieces with empty pieces, leading marks and NULs inside a piece, and on the
    pieces of generated turns."""
    pieces = [("", "text", ""), ("好的", "text", ""), ("，", "slot", "x"), ("。稍等", "text", ""), ("a\0。", "text", ""),
              ("\0", "text", ""), ("b\0", "text", ""), ("😀，", "text", "")]
    answers = [stages._untidy(list(combo)) for n in range(5) for combo in itertools.product(pieces, repeat=n)]
    assert answers == [stages._untidy_python(list(combo)) for n in range(5)
                       for combo in itertools.product(pieces, repeat=n)]
    assert 0 < sum(answers) < len(answers)
    columns = compute_blocks(make_request(get_domain("dialogues"), 9, 0, 200, None, {}), 0, 1)
    u = [0.41] * 64
    turns = [t for plan in columns["_plan"][:200] for t in stages.fill(plan, u)]
    assert [stages._untidy(t.segs) for t in turns] == [stages._untidy_python(t.segs) for t in turns]


def test_apologises_agrees_with_the_apology_pattern():
    df = synth.generate("dialogues", 400, seed=29, intent="ecommerce")
    texts = [t["text"] for turns in df.turns for t in turns]
    texts += ["非常抱歉", "真的是不好意思呀", "抱", "不好", "很抱", "歉意", ""]
    said = [stages._apologises([(text[:3], "text", ""), (text[3:], "text", "")]) for text in texts]
    assert said == [bool(APOLOGY.search(text)) for text in texts]
    assert 0 < sum(said) < len(texts)


def test_the_bound_renderer_gives_what_render_pieces_gives():
    """Grammar.bound_pieces (with the C renderer a C object, `_render.bound`) renders what render_pieces renders,
    on its first call and on later ones."""
    from synth.domains.dialogues.catalogue import grammar
    from synth.engine import compute_blocks, make_request
    from synth.grammar import uniform_source
    g = grammar()
    plans = compute_blocks(make_request(get_domain("dialogues"), 3, 0, 200, None, {}), 0, 1)["_plan"][:200]
    rendered = 0
    for k, plan in enumerate(plans):
        env = dict(plan.env)
        for name in ("opener", f"dp.{plan.intent}", "greet", "dp.end"):
            if not g.has(name, env):
                continue
            entry = g.entry(name, env)
            bound = g.bound_pieces(entry)
            # (called again, a bound entry renders from what its first call found: the table's flat view)
            for again in range(3):
                u = [((k * 31 + i * 17 + again * 7) % 101) / 101 for i in range(64)]
                assert bound(env, uniform_source(u)) == g.render_pieces(entry, env, uniform_source(u))
                assert bound(env, iter(u).__next__) == g.render_pieces(entry, env, iter(u).__next__)
            rendered += 1
    assert rendered >= 400


def test_the_habit_trie_splits_as_the_longest_first_alternation():
    """The set phrases' trie pattern (stages._trie_pattern) finds at each position the phrase the alternation of
    every phrase, longest first, finds: on generated agent turns, and on phrases made to overlap (a prefix of
    another, two that share a start, one that ends inside another)."""
    import re
    from synth.domains.dialogues.catalogue import tables
    phrases = tables().habits
    trie = stages._habit_pattern()
    plain = re.compile("(" + stages._phrase_alternation(phrases) + ")")
    df = synth.generate("dialogues", 300, seed=41)
    texts = [t["text"] for turns in df.turns for t in turns if t["role"] == "agent"]
    split = [trie.split(text) for text in texts]
    assert split == [plain.split(text) for text in texts]
    assert sum(len(parts) > 1 for parts in split) > len(texts) // 10   # phrases were found, not only plain text
    made = ["请稍", "请稍等", "请稍等片刻", "稍等片", "等片刻吧", "a-b", "a", "(x)"]
    made_trie = re.compile("(" + stages._trie_pattern(made) + ")")
    made_plain = re.compile("(" + stages._phrase_alternation(made) + ")")
    for text in ("请稍等片刻吧", "请稍等片", "请稍稍等片刻吧", "请稍等等片刻吧a-ba(x)", "a-(x)请", "请"):
        assert made_trie.split(text) == made_plain.split(text), text


def test_the_phrase_split_splits_as_the_trie_pattern():
    """stages._phrase_split (synth/_scan.c's split_phrases where built) gives the trie pattern's re.split parts: on
    generated agent turns, on runs of phrases back to back, before and after other text and emoji (four-byte code
    points), and on phrases made to overlap (a prefix of another, two that share a start, one inside another)."""
    from functools import partial

    from synth.domains.dialogues.catalogue import tables
    phrases = sorted(tables().habits)
    trie = stages._habit_pattern()
    split = stages._phrase_split()
    df = synth.generate("dialogues", 300, seed=43)
    texts = [t["text"] for turns in df.turns for t in turns if t["role"] == "agent"]
    texts += ["".join(phrases[k:k + 3]) for k in range(len(phrases))] + [p + "x" + p + "😀" + p for p in phrases]
    texts += ["😀" + p[:-1] for p in phrases] + ["", "好", "😀"]
    parts = [split(text) for text in texts]
    assert parts == [tuple(trie.split(text)) for text in texts]
    assert sum(len(p) > 1 for p in parts) > len(texts) // 4 and all(type(p) is tuple for p in parts)
    made = ["请稍", "请稍等", "请稍等片刻", "稍等片", "等片刻吧", "a-b", "a", "(x)", "😀好", "😀"]
    made_trie = re.compile("(" + stages._trie_pattern(made) + ")")
    made_split = partial(stages._cscan.split_phrases, stages._cscan.phrase_table(made)) if stages._cscan \
        else lambda text: tuple(made_trie.split(text))
    for text in ("请稍等片刻吧", "请稍等片", "请稍稍等片刻吧", "请稍等等片刻吧a-ba(x)", "a-(x)请", "请", "😀好😀😀",
                 "好😀请稍等", "aaa"):
        assert made_split(text) == tuple(made_trie.split(text)), text


def test_looks_like_values_finds_what_the_pattern_finds():
    """rules.looks_like_values (synth/_scan.c's where built) gives the groups of every LOOKS_LIKE_A_VALUE match, in
    order: on generated conversations, on values at the edges of the pattern (a letter or * before a number, 10, 11,
    19 and 20 digits, full-width and other decimal digits, 后四位 with and without 是, three-digit months), and on
    random strings of the characters the pattern reads."""
    import random
    from synth.domains.dialogues import rules

    def by_pattern(text):
        return [m.group("number", "phone", "tail", "month", "day") for m in rules.LOOKS_LIKE_A_VALUE.finditer(text)]
    df = synth.generate("dialogues", 300, seed=47)
    texts = list(df.text)
    texts += ["单号SF12345678901，", "aSF12345678901", "*12345678901", "1234567890", "12345678901234567890",
              "1234567890123456789１", "１２３４５６７８９０１", "138****1234", "13８****1234", "尾号1234", "尾号123",
              "后四位是5678", "后四位5678", "后四位是567", "12月31日", "1月1日", "123月4日", "12月345日", "٣月٣日",
              "AB12345678901", "ABC12345678901", "Z9876543210987", "2023年12月1日到12月3日"]
    alphabet = list("0123456789" * 3 + "ABZaz*1月日尾号后四位是１٣² 。") + ["尾号", "后四位", "后四位是", "****", "SF"]
    rng = random.Random(5)
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(20_000)]
    found = [rules.looks_like_values(text) for text in texts]
    assert found == [by_pattern(text) for text in texts]
    kinds = {k for matches in found for groups in matches for k, g in enumerate(groups) if g is not None}
    assert kinds == {0, 1, 2, 3, 4}   # every kind of value was met


def test_turn_records_as_python_makes_them():
    """stages.as_records (synth/_scan.c's turn_records where built) gives the Python function's records (same keys
    in the same order, same values): on generated dialogues at every stage, and on made turns (a slot piece whose
    tag is not a plan slot, a slot said twice, info that is a list, fewer topics than turns)."""
    compared = said = 0
    for stage in ("skeleton", "filled", "polished"):
        columns = compute_blocks(make_request(get_domain("dialogues"), 9, 0, 400, None, {"stage": stage}), 0, 1)
        plans = columns["_plan"][:400]
        for k, plan in enumerate(plans):
            u = [((k * 37 + i * 13) % 97) / 97 for i in range(64)]
            turns = stages.build(plan, stage, u, u[:16], u[:32], 0.05)
            fast, slow = stages.as_records(turns, plan.slots, plan.told), \
                stages.as_records_python(turns, plan.slots, plan.told)
            assert fast == slow and [list(r) for r in fast] == [list(r) for r in slow]
            compared += 1
            said += sum(bool(r["slots_mentioned"]) for r in fast)
    assert compared == 1200 and said > 1000
    made = [Turn("customer", "provide_info", ["order_no"], [("单号", "text", ""), ("1", "slot", "order_no"),
                                                           ("x", "slot", "nope"), ("2", "slot", "order_no")]),
            Turn("agent", "confirm_info", ("order_no",), [("好的", "text", "greet")], question="confirm"),
            Turn("agent", "close", (), [])]
    for told in ([("a",), (), ("b", "c")], [("a",)]):
        fast = stages.as_records(made, {"order_no": "2"}, told)
        assert fast == stages.as_records_python(made, {"order_no": "2"}, told) and len(fast) == len(told)
    assert fast[0]["slots_mentioned"] == {"order_no": "2"} and fast[0]["slots_requested"] == []


def test_pick_picks_as_numpy_cumsum_and_searchsorted():
    """model._pick in plain Python picks what NumPy's cumsum and searchsorted(side="right") pick."""
    import numpy as np
    from synth.domains.dialogues.model import _pick

    def by_numpy(weights, u):
        keys = list(weights)
        cum = np.cumsum(list(weights.values()))
        return keys[min(int(np.searchsorted(cum, u * cum[-1], side="right")), len(keys) - 1)]
    tables = [{"a": 1, "b": 2, "c": 1}, {"x": 0.3, "y": 0.1, "z": 0.6}, {"p": 1, "q": 0.5}, {"only": 1},
              {"a": 0, "b": 1, "c": 0}, {"a": 0.1, "b": 0.2, "c": 0.7, "d": 0.0}]
    us = [i / 1000 for i in range(1000)] + [0.25, 0.5, 0.75, 1 - 2 ** -53, 0.3, 0.4, 0.1 + 0.2]
    picks = {(k, u): _pick(w, u) for k, w in enumerate(tables) for u in us}
    assert picks == {(k, u): by_numpy(w, u) for k, w in enumerate(tables) for u in us}
    assert len({(k, key) for (k, _), key in picks.items()}) == 13   # every key of positive weight is picked


def test_flattening_joins_free_text_as_join_does():
    """Grammar._expand_parts (its join of free text written out) lists the expansions the plain product of the
    parts' options with grammar._join lists, for every alternative of every symbol of the dialogue grammar in
    the contexts of generated plans."""
    from synth.domains.dialogues.catalogue import grammar
    from synth.engine import compute_blocks, make_request
    from synth.errors import SynthError
    from synth.grammar import FLAT_CAP, _add_slots, _join
    g = grammar()

    def plainly(parts, env, cap):
        combos = [((), 1.0, 0, 0, ())]
        for part in parts:
            options = g._part_options(part, env, cap // len(combos))
            if options is None or len(combos) * len(options) > cap:
                return None
            combos = [(_join(c, o_parts), p * o_p, lo + o_lo, hi + o_hi, _add_slots(s, o_s) if o_s else s)
                      for c, p, lo, hi, s in combos for o_parts, o_p, o_lo, o_hi, o_s in options]
        return combos
    plans = compute_blocks(make_request(get_domain("dialogues"), 5, 0, 60, None, {}), 0, 1)["_plan"][:60]
    compared = merged = 0
    for plan in plans[::3]:
        env = g.prepare(dict(plan.env))
        for symbol in g.symbols.values():
            if symbol.entry_only:
                continue
            try:
                table = g._table(symbol, env)
            except SynthError:   # a symbol that needs variables this record's context does not set
                continue
            for alt in table.alts:
                try:
                    fast = g._expand_parts(alt.parts, env, FLAT_CAP)
                except SynthError:
                    continue
                assert fast == plainly(alt.parts, env, FLAT_CAP), symbol.name
                compared += fast is not None
                merged += fast is not None and any(len(c[0]) < len(alt.parts) for c in fast)
    assert compared > 1000 and merged > 100


def test_the_sayer_renders_what_render_renders():
    """stages._sayer (with the C renderer, _render.call_keyed bound to the intent's look-ups) gives what _render
    gives, for cached entries, for keys met the first time (its fallback builds them), and None where an act has
    no symbol for the record; without the C renderer it is _render itself."""
    from synth.engine import compute_blocks, make_request
    from synth.grammar import uniform_source
    plans = compute_blocks(make_request(get_domain("dialogues"), 8, 0, 120, None, {}), 0, 1)["_plan"][:120]
    keys = ["opener", "greet", "ack_wait", ("", "close"), ("", "check"), ("", "thank"), ("", "inform"),
            ("detail.", "close"), ("detail.", "inform"), ("", "no_such_act")]
    compared = nones = 0
    for k, plan in enumerate(plans):
        env = dict(plan.env)
        say = stages._sayer(env)
        if stages._crender is None:
            assert say is stages._render
        for key in keys:
            u = [((k * 37 + i * 13) % 97) / 97 for i in range(64)]
            fast = say(key, env, uniform_source(u))
            assert fast == stages._render(key, env, uniform_source(u)), key
            compared += 1
            nones += fast is None
    assert compared == len(plans) * len(keys) and 0 < nones < compared


def test_call_keyed_looks_up_as_render_does():
    """_render.call_keyed builds the key as _render does (None, the value, a tuple; a missing variable as None),
    calls the entry, returns None for a None entry, and hands misses and RecursionError to the fallback."""
    from synth.grammar import _crender
    if _crender is None:   # without the C renderer the stages call _render (the test above holds that)
        assert stages._sayer({"intent": "delay"}) is stages._render
        return
    calls = []

    def fallback(key, env, u):
        calls.append(key)
        return "fallback"

    def loop(env, u):
        raise RecursionError

    table0, table1, table2 = {None: lambda env, u: ["none", u]}, {"x": lambda env, u: ["one"], None: None}, \
        {("x", None): lambda env, u: ["two", env["a"]], ("x", "y"): loop}
    lookups = {"a": ((), 0, table0), "b": (("a",), 1, table1), "c": (("a", "b"), 2, table2), "d": (("z",), 1, table1)}
    call = _crender.call_keyed
    assert call(lookups, fallback, "a", {}, 0.5) == ["none", 0.5]
    assert call(lookups, fallback, "b", {"a": "x"}, 0) == ["one"]
    assert call(lookups, fallback, "d", {"a": "x"}, 0) is None   # z missing: None, whose entry is None
    assert call(lookups, fallback, "c", {"a": "x"}, 0) == ["two", "x"]
    assert calls == []
    assert call(lookups, fallback, "c", {"a": "x", "b": "y"}, 0) == "fallback"    # RecursionError
    assert call(lookups, fallback, "b", {"a": "w"}, 0) == "fallback"              # value not cached
    assert call(lookups, fallback, ("", "e"), {"a": "x"}, 0) == "fallback"        # key not cached
    assert calls == ["c", "b", ("", "e")]


def test_conversation_state_is_its_topics_worked_out_and_a_new_list_each_time():
    # (state.conversation_state keeps the topics of each distinct act sequence; the plan's marks write into the list)
    from synth.domains.dialogues import state

    plans = compute_blocks(make_request(get_domain("dialogues"), 4, 0, 300, None, {}), 0, 1)["_plan"][:300]
    state._STATES.clear()
    for plan in list(plans) * 2:   # (the second time round, every sequence is kept)
        first = state.conversation_state(plan.acts, plan.intent, plan.outcome)
        assert first == state.topics_of_turns(plan.acts, plan.intent, plan.outcome)
        first[0] = ("written",)
        assert state.conversation_state(plan.acts, plan.intent, plan.outcome)[0] != ("written",)
    assert 0 < len(state._STATES) < 300
