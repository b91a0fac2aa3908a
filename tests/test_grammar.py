"""The text grammar engine: format, errors with file and line, conditions, slots, lengths, trace, determinism."""

from __future__ import annotations

import itertools
import random
import re

import pytest

import synth
import synth.grammar
from synth import grammar as G
from synth.errors import SynthError
from synth.grammar import Grammar, effective_polarities, load_grammar, segments, spans, uniform_source


@pytest.fixture(autouse=True, params=["c", "python"])
def renderer(request, monkeypatch):
    """Every test here runs with the C renderer (when it is built: see test_render_c.py) and with the Python one."""
    if request.param == "python":
        monkeypatch.setattr(G, "_crender", None)
    return request.param


def draws(seed: int, n: int = 40):
    rng = random.Random(seed)
    return uniform_source([rng.random() for _ in range(n)])


def outputs(g: Grammar, name: str, env=None, n: int = 400, **kw) -> list[str]:
    return [g.render(name, env or {}, draws(i), **kw).text for i in range(n)]


# -- format ----------------------------------------------------------------------------------------------------
def test_alternatives_groups_optional_and_weights():
    g = Grammar.from_text("""
# a comment
greeting:
    你好(呀|啊|)<tail?>
    9 | 嗨
tail:
    ！
""")
    seen = set(outputs(g, "greeting"))
    assert seen <= {"你好呀", "你好啊", "你好", "你好呀！", "你好啊！", "你好！", "嗨"}
    assert {"嗨", "你好！", "你好呀"} <= seen
    counts = [g.render("greeting", {}, draws(i)).text == "嗨" for i in range(2000)]
    assert 0.85 < sum(counts) / len(counts) < 0.95          # weight 9 against 1


def test_empty_alternative_and_escapes():
    g = Grammar.from_text("x:\n    _\n    a\\<b\\>\\(c\\)\\|\n")
    assert set(outputs(g, "x")) == {"", "a<b>(c)|"}


def test_conditions_file_level_and_rule_level():
    g = Grammar.from_text("""
@when category=movie
line:
    电影
line if sentiment=negative:
    难看
@when
line if category=hotel, sentiment!=negative|neutral:
    住得好
""")
    assert set(outputs(g, "line", {"category": "movie", "sentiment": "positive"})) == {"电影"}
    assert set(outputs(g, "line", {"category": "movie", "sentiment": "negative"})) == {"电影", "难看"}
    assert set(outputs(g, "line", {"category": "hotel", "sentiment": "positive"})) == {"住得好"}
    with pytest.raises(SynthError, match="no alternative of 'line'"):
        g.render("line", {"category": "hotel", "sentiment": "neutral"}, draws(0))
    with pytest.raises(SynthError, match="no alternative"):
        g.render("line", {}, draws(0))                    # a missing variable equals nothing


def test_slots_numbers_and_dynamic_names():
    g = Grammar.from_text("""
line:
    {item}住了{2-5}晚，{08-12}点到，{100-200/50}块，<{aspect}.pos>
room.pos:
    [#房间]很[+干净]
price.pos:
    [#价格]很[+公道]
""")
    for i in range(200):
        r = g.render("line", {"item": "某酒店", "aspect": "room" if i % 2 else "price"}, draws(i))
        m = re.fullmatch(r"某酒店住了([2-5])晚，(\d\d)点到，(\d+)块，(房间很干净|价格很公道)", r.text)
        assert m, r.text
        assert m.group(2) in {"08", "09", "10", "11", "12"} and m.group(3) in {"100", "150", "200"}
        assert (m.group(4) == "房间很干净") == (i % 2 == 1)
        kinds = [(t, k, tag) for t, k, tag in segments(r) if k != "text"]
        assert kinds[0] == ("某酒店", "slot", "item")
        assert [k for _, k, _ in kinds[1:4]] == ["number"] * 3
        assert kinds[4][1:] == ("aspect", "room" if i % 2 else "price")


def test_directives_are_kept_with_their_line():
    g = Grammar.from_text("@aspect plot 剧情\n\nx:\n    a\n@kind drama 剧情片\n", name="t.grammar")
    assert g.directive("aspect") == [("plot 剧情", "t.grammar:1")]
    assert g.directive("kind") == [("drama 剧情片", "t.grammar:5")]


# -- errors: one sentence naming the file and line ------------------------------------------------------------
@pytest.mark.parametrize("text, line, message", [
    ("x:\n    <nope>\n", 2, "<nope> is not defined"),
    ("x:\n    (a|b\n", 2, "never closed"),
    ("x:\n    [+好\n", 2, "never closed"),
    ("x:\n    [?好]\n", 2, "must start a token"),
    ("x:\n    a)b\n", 2, "unexpected"),
    ("x:\n    {1-a}\n", 2, "neither a variable"),
    ("x:\n    {9-2}\n", 2, "is empty"),
    ("  orphan\n", 1, "indented under a rule header"),
    ("x if category:\n    a\n", 1, "not a condition"),
    ("this is not a header\n", 1, "rule header"),
    ("x:\n    0 | a\n", 2, "weight must be positive"),
    ("x:\n    <y>\ny:\n    <x>\n", 4, "recursive"),
    ("x:\n    <{a}.nothing>\n", 2, "no symbol matches"),
    ("x:\n    <y?2>\ny:\n    a\n", 2, "not between 0 and 1"),
    ("x:\n    <@xs>\ny:\n    <x>\n", 4, "can only be rendered"),
    ("x:\n    <@xs><y>\n    a<y!>\ny:\n    b\n", 3, "belongs in an alternative that renders one"),
])
def test_mistakes_name_file_and_line(text, line, message):
    with pytest.raises(SynthError) as caught:
        Grammar.from_text(text, name="demo.grammar")
    assert str(caught.value).startswith(f"demo.grammar:{line}: ")
    assert message in str(caught.value)
    assert str(caught.value).endswith(".") and "\n" not in str(caught.value)


def test_mistakes_in_files_name_the_file(tmp_path):
    folder = tmp_path / "g"
    folder.mkdir()
    (folder / "a.grammar").write_text("x:\n    <y>\n", encoding="utf-8")
    (folder / "b.grammar").write_text("y:\n    好\n\nz:\n    <missing>\n", encoding="utf-8")
    with pytest.raises(SynthError, match=r"^g/b\.grammar:5: the symbol <missing> is not defined\.$"):
        load_grammar(folder)


def test_dynamic_name_that_resolves_to_nothing_is_reported_at_render():
    g = Grammar.from_text("x:\n    <{aspect}.pos>\nplot.pos:\n    好\n", name="d.grammar")
    with pytest.raises(SynthError, match=r"^d\.grammar:2: the reference resolves to <acting\.pos>"):
        g.render("x", {"aspect": "acting"}, draws(0))
    # An optional dynamic reference to a symbol that does not exist renders nothing.
    g = Grammar.from_text("x:\n    好<{aspect}.more?1>\nplot.more:\n    ！\n")
    assert g.render("x", {"aspect": "plot"}, draws(0)).text == "好！"
    assert g.render("x", {"aspect": "acting"}, draws(0)).text == "好"


def test_load_grammar_compiles_once_per_process(tmp_path):
    path = tmp_path / "one.grammar"
    path.write_text("x:\n    a\n", encoding="utf-8")
    assert load_grammar(path) is load_grammar(path)


# -- length control by choice ------------------------------------------------------------------------------
LENGTHS = """
text:
    <open?><body><close?>
open:
    说实话，
    先说结论：
body:
    (好|很好|非常好|好得没话说)
    这家店的味道真是(好|不错|一流)
close:
    。
    ，下次还来。
    ，已经推荐给了好几个朋友。
"""


def language(g: Grammar, name: str) -> set[str]:
    """Every text the (tiny) grammar can make, by brute force over many draws."""
    return set(outputs(g, name, n=4000))


@pytest.mark.parametrize("lo, hi", [(1, 3), (8, 12), (15, 20), (20, 30)])
def test_windows_are_met_by_choice_not_by_cutting(lo, hi):
    g = Grammar.from_text(LENGTHS)
    whole = language(g, "text")
    fitting = {t for t in whole if lo <= len(t) <= hi}
    assert fitting, "the test window must be reachable"
    got = outputs(g, "text", lo=lo, hi=hi, n=600)
    assert all(lo <= len(t) <= hi for t in got)
    assert set(got) <= whole                      # every text is a complete sentence of the grammar, never a cut
    assert len(set(got)) >= min(len(fitting), 5)  # and the window still leaves choice


def test_unreachable_window_returns_a_text_near_the_closest_length():
    # Since issue 17 (s5-rev) a window no expansion reaches takes one of the expansions within NEAR characters of the
    # nearest, by weight, not always the single nearest (大型翻车现场。 was in 84 of 2,000 movie reviews); never further.
    from synth.grammar import NEAR
    g = Grammar.from_text(LENGTHS)
    shortest = min(len(t) for t in language(g, "text"))
    short = [len(t) for t in outputs(g, "text", lo=0, hi=0, n=50)]
    assert all(shortest <= n <= shortest + NEAR for n in short) and shortest in short
    longest = max(len(t) for t in language(g, "text"))
    long = [len(t) for t in outputs(g, "text", lo=500, hi=600, n=50)]
    assert all(longest - NEAR <= n <= longest for n in long) and longest in long


def test_render_within_spreads_lengths_around_targets():
    g = Grammar.from_text(LENGTHS)
    short = [len(g.render_within("text", {}, draws(i), 1, 30, target=4).text) for i in range(200)]
    long = [len(g.render_within("text", {}, draws(i), 1, 30, target=24).text) for i in range(200)]
    assert all(1 <= n <= 30 for n in short + long)
    assert sum(short) / len(short) + 8 < sum(long) / len(long)


def test_slot_lengths_count_in_windows():
    g = Grammar.from_text("x:\n    {item}(很好|真的非常好)\n")
    for item in ["店", "一家开了二十年的老店"]:
        for t in outputs(g, "x", {"item": item}, lo=0, hi=len(item) + 2, n=50):
            assert t == item + "很好"


def test_lists_render_items_in_order_with_their_variables():
    g = Grammar.from_text("""
review:
    开头。<@items>结尾。
    <@items>
say:
    <^clause>；
clause:
    [#{aspect}]很[+好]
""")
    items = [("say", {"aspect": "剧情"}), ("say", {"aspect": "演技"})]
    for i in range(50):
        r = g.render("review", {}, draws(i), lists={"items": items})
        assert r.text in {"开头。剧情很好；演技很好；结尾。", "剧情很好；演技很好；"}
        caps = [(name, r.text[s:e], env["aspect"]) for name, s, e, env in r.captures]
        assert caps == [("clause", "剧情很好", "剧情"), ("clause", "演技很好", "演技")]
    with pytest.raises(SynthError, match="was not given"):
        g.render("review", {}, draws(0))


DRAWN_FIRST = """
review:
    <@items><^verdict{first}><after{first}?0.5>
say:
    3 | [#{{aspect}}]真的确实相当地[+好]，
    [#{{aspect}}][+好]，
verdict:
    9 | 总之我(真的|)非常非常喜欢它。
    1 | 喜欢。
after:
    (下次还来|推荐给朋友了)。
"""


def test_a_part_drawn_first_comes_by_weight_not_by_the_room_the_list_leaves():
    # Three clauses of 10 characters (or 4, a time in four), a verdict of 3 or 11-13: in 20-40 characters, fitted
    # in order, the verdict gets the room the clauses leave, so it is long only after a short clause; drawn first
    # (<^verdict!>) it is long 9 times in 10, by its weight, and the clauses make room for it.
    items = tuple(("say", (("aspect", a),)) for a in ("剧情", "演技", "配乐"))

    def long_share(first: str) -> float:
        g = Grammar.from_text(DRAWN_FIRST.format(first=first))
        verdicts = []
        for i in range(400):
            r = g.render("review", {}, draws(i), 20, 40, lists={"items": items})
            assert 20 <= len(r.text) <= 40
            (name, start, end, _), = [c for c in r.captures if c[0] == "verdict"]
            verdicts.append(r.text[start:end])
            assert r.text[start:end] in ("喜欢。", "总之我真的非常非常喜欢它。", "总之我非常非常喜欢它。")
            assert [r.text[s:e] for n, s, e, _ in r.captures if n == "verdict"] == verdicts[-1:]
        return sum(len(v) > 3 for v in verdicts) / len(verdicts)

    assert long_share("") < 0.6
    assert 0.85 <= long_share("!") <= 0.95


def test_list_plans_are_cached_per_tuple_of_items_not_per_context():
    # Tuples of items are cached by identity: two different tuples in one context must each render their own.
    g = Grammar.from_text("review:\n    <@items>\nsay:\n    [#{aspect}]好；\n")
    first = (("say", (("aspect", "剧情"),)),)
    second = (("say", (("aspect", "演技"),)), ("say", (("aspect", "配乐"),)))
    for _ in range(2):
        assert g.render("review", {}, draws(0), lists={"items": first}).text == "剧情好；"
        assert g.render("review", {}, draws(0), lists={"items": second}).text == "演技好；配乐好；"
    # A list (mutable) is never cached: changing it changes the text.
    items = [("say", {"aspect": "剧情"})]
    assert g.render("review", {}, draws(0), lists={"items": items}).text == "剧情好；"
    items.append(("say", {"aspect": "结局"}))
    assert g.render("review", {}, draws(0), lists={"items": items}).text == "剧情好；结局好；"


# -- the trace ---------------------------------------------------------------------------------------------------
def test_segments_spans_and_effective_polarity():
    g = Grammar.from_text("""
x:
    [#剧情][!不太][+好]，[#演技][+不错]，挑[!不]出[-毛病]，[!不]是[+好]看[-难看]
""")
    r = g.render("x", {"aspect": "plot"}, draws(0))
    segs = segments(r)
    assert "".join(t for t, _, _ in segs) == r.text
    assert ("不太", "negation", "") in segs and ("好", "sentiment", "positive") in segs
    assert [(t, k) for t, k, _ in segs if k == "aspect"] == [("剧情", "aspect"), ("演技", "aspect")]
    assert spans(r)[0] == (0, 2, "aspect", "plot")
    assert effective_polarities(r) == [("好", "negative", True), ("不错", "positive", False),
                                       ("毛病", "positive", True), ("好", "negative", True),
                                       ("难看", "negative", False)]


def test_adjacent_free_text_is_merged_and_empty_pieces_dropped():
    g = Grammar.from_text("x:\n    a(b|)c<y>[+d]e\ny:\n    f\n")
    for i in range(20):
        segs = segments(g.render("x", {}, draws(i)))
        assert all(k != "text" or j == 0 or segs[j - 1][1] != "text" for j, (_, k, _) in enumerate(segs))
        assert all(t for t, _, _ in segs)


# -- determinism -------------------------------------------------------------------------------------------
def test_same_draws_same_text_and_fallback_is_deterministic():
    g = Grammar.from_text("x:\n    (a|b|c|d)(a|b|c|d)(a|b|c|d)(a|b|c|d)(a|b|c|d)(a|b|c|d)\n")
    row = [0.1, 0.9, 0.5]   # shorter than the draws needed: the SplitMix fallback continues from the row
    first = g.render("x", {}, uniform_source(row)).text
    assert all(g.render("x", {}, uniform_source(list(row))).text == first for _ in range(5))
    assert re.fullmatch("[abcd]{6}", first)
    assert g.render("x", {}, uniform_source([0.2, 0.9, 0.5])).text != first or first != "aaaaaa"
    again = list(itertools.islice(iter(uniform_source(row), None), 10))
    assert again == list(itertools.islice(iter(uniform_source(row), None), 10))
    assert all(0.0 <= u < 1.0 for u in again)


def test_flattened_and_structured_rendering_make_the_same_language(monkeypatch):
    text = """
x:
    <a><b?0.3>{n}
a:
    (甲|乙)(丙|)
    丁
b:
    [+好](呀|)
"""
    full = set(outputs(Grammar.from_text(text), "x", {"n": "N"}, n=3000))
    monkeypatch.setattr(G, "FLAT_CAP", 0)
    structured = set(outputs(Grammar.from_text(text), "x", {"n": "N"}, n=3000))
    assert full == structured
    assert len(full) == 5 * 3


def test_render_text_matches_the_language():
    g = Grammar.from_text("x:\n    (红|绿|蓝)色的{what}<y?>\ny:\n    ！\n")
    made = {g.render_text("x", {"what": "门"}, draws(i)) for i in range(300)}
    assert made == {f"{c}色的门{e}" for c in "红绿蓝" for e in ("", "！")}


def test_reviews_grammar_compiles_and_is_shipped_with_the_domains():
    from synth.resources import domain_path

    g = load_grammar(domain_path("reviews", "grammars"))
    assert {"review", "aspect.item.pos", "aspect.pair.pos", "verdict"} <= set(g.symbols)
    assert len(g.files) >= 7
    assert synth.grammar.load_grammar(domain_path("reviews", "grammars")) is g


def test_render_text_of_flattened_literal_and_slot_expansions():
    # A short symbol is flattened; a pick that is all literal text is returned as is, one with a slot is emitted.
    g = Grammar.from_text("""
note:
    麻烦尽快发货
    {product}要{quantity}件
    谢谢
""")
    texts = {g.render_text("note", {"product": "保温杯", "quantity": "2"}, uniform_source([u / 10]))
             for u in range(10)}
    assert texts == {"麻烦尽快发货", "保温杯要2件", "谢谢"}


def test_a_table_reads_only_the_tests_that_decide_its_rules():
    """A rule that does not apply is decided by one failing test: records that differ only in a variable that no
    applying rule tests (a positive review's fate) share one table, and its length bounds and texts are theirs."""
    g = Grammar.from_text(
        "verdict if s=pos:\n    好用\n    2 | 很好用\n"
        "verdict if s=neg, fate=kept:\n    还留着\n"
        "verdict if s=neg, fate=returned:\n    退了\n"
        "line:\n    <verdict>，就这样\n")
    symbol = g.symbols["line"]
    kept = g._table(symbol, g.prepare({"s": "pos", "fate": "kept"}))
    returned = g._table(symbol, g.prepare({"s": "pos", "fate": "returned"}))
    assert kept is returned and "fate" not in kept.reads
    assert (kept.smin, kept.smax) == (6, 7)
    negative = [g._table(symbol, g.prepare({"s": "neg", "fate": f})) for f in ("kept", "returned")]
    assert negative[0] is not negative[1] and "fate" in negative[0].reads
    assert g.render_text("line", {"s": "neg", "fate": "returned"}, draws(3)) == "退了，就这样"
    assert g.render_text("line", {"s": "neg", "fate": "kept"}, draws(3)) == "还留着，就这样"
    assert {g.render_text("line", {"s": "pos", "fate": "kept"}, draws(k)) for k in range(30)} == {
        "好用，就这样", "很好用，就这样"}


def test_counting_refuses_to_flatten_exactly_where_listing_would():
    """`_may_flatten` counts expansions instead of listing them: at every cap it refuses where `_expand_table`
    finds more than the cap, and lets through what it lists in full."""
    g = Grammar.from_text(
        "thing:\n    _\n    (大|小)(红|黄|蓝)<part?0.4>的\n    <part>就行\n"
        "part:\n    (盒|袋)子\n    一(个|只)\n")
    env = g.prepare({})
    table = g._table(g.symbols["thing"], env)
    full = len(g._expand_table(table, env, 100))
    assert full == 1 + 2 * 3 * 5 + 4
    for cap in range(full + 3):
        assert g._may_flatten(table, env, cap) == (cap >= full), cap
        assert (g._expand_table(table, env, cap) is None) == (cap < full), cap


def test_prepare_of_a_few_variables_is_prepare_of_all():
    """`prepare` of an env with few entries (`_prepare_few`: written into the key of no variables) gives the key and
    the shared env, in the same order, that reading every context variable from the env gives: random envs of the
    dialogue grammar's variables, lengths and values, unknown names, None and empty values."""
    from synth.domains.dialogues.catalogue import grammar
    g = grammar()
    rng = random.Random(3)
    names = list(g._context_lengths) + list(g._context_values) + ["not_a_variable"]
    kept = dict(g.contexts)
    try:
        for _ in range(500):
            env = {n: rng.choice(["", "是", "三个字", None, "yes"]) for n in rng.sample(names, rng.randint(0, 30))}
            g.contexts.clear()
            few = dict(g._prepare_few(env))
            key = (*[len(env.get(n) or "") for n in g._context_lengths], *map(env.get, g._context_values))
            assert list(g.contexts) == [key]
            few.pop(G.CONTEXT)
            assert list(few.items()) == [(n, v) for n, v in zip(g.context_names, key) if v is not None]
        assert len(g.context_names) > 8 * 30   # (so that `prepare` takes the few-variables path for these)
        g.contexts.clear()
        assert g.prepare({"intent": "bill"}) is g.prepare({"intent": "bill", "not_a_variable": "x"})
    finally:
        g.contexts.clear()
        g.contexts.update(kept)
