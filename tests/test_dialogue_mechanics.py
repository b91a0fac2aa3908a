"""The dialogue stages' fast paths say what their plain definitions say (speed work must not change a byte)."""

from __future__ import annotations

import itertools

import synth
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


def test_apologises_agrees_with_the_apology_pattern():
    df = synth.generate("dialogues", 400, seed=29, intent="ecommerce")
    texts = [t["text"] for turns in df.turns for t in turns]
    texts += ["非常抱歉", "真的是不好意思呀", "抱", "不好", "很抱", "歉意", ""]
    said = [stages._apologises([(text[:3], "text", ""), (text[3:], "text", "")]) for text in texts]
    assert said == [bool(APOLOGY.search(text)) for text in texts]
    assert 0 < sum(said) < len(texts)


def test_the_bound_renderer_gives_what_render_pieces_gives():
    """Grammar.bound_pieces (the C function itself, with the C renderer) renders what render_pieces renders."""
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
            u = [((k * 31 + i * 17) % 101) / 101 for i in range(64)]
            assert g.bound_pieces(entry)(env, uniform_source(u)) == g.render_pieces(entry, env, uniform_source(u))
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
