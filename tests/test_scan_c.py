"""synth/_scan.c's contains_any against Python's `in`, and the medical rules' _has_any with and without it."""

from __future__ import annotations

import random

import numpy as np
import pytest

from synth import grammar, speedups
from synth.domains.medical import checks

scan = speedups.load("_scan")


def test_the_scan_is_built_where_the_renderer_is():
    assert (scan is None) == (grammar._crender is None)


def random_texts(rng: random.Random, count: int) -> list[str]:
    """Texts of Chinese, ASCII, a character outside the BMP and one sharing its low 16 bits with a Chinese one
    (the first-character filter folds code points to 16 bits), of every length from empty."""
    alphabet = "发热咳嗽咽痛无明显诱因伴乏力精神差查体合作ab1，。" + "\U0001F600" + chr(0x10000 + ord("热"))
    return [""] + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(count)]


def test_contains_any_is_any_in():
    rng = random.Random(18)
    texts = random_texts(rng, 3000)
    pool = [t[i:i + k] for t in texts[:200] for i, k in ((0, 1), (2, 2), (1, 3), (4, 5))] + \
        ["热", "发热伴", "a1", "\U0001F600热", chr(0x10000 + ord("热")), "咳嗽咳嗽咳嗽咳嗽咳嗽咳嗽咳嗽咳嗽咳嗽咳嗽咳嗽"]
    for trial in range(300):
        words = tuple(rng.sample(pool, rng.randint(1, 8)))
        got = list(scan.contains_any(texts, words))
        want = [int(any(w in t for w in words)) for t in texts]
        assert got == want, words
        if trial == 0:
            assert 0 < sum(want) < len(want)
    assert set(scan.contains_any(texts, ("热", ""))) == {1}      # an empty word is in every text
    assert set(scan.contains_any(texts, ())) == {0}              # no word: in none (any() of nothing)
    with pytest.raises(TypeError):
        scan.contains_any(["发热", None], ("热",))
    with pytest.raises(TypeError):
        scan.contains_any(["发热"], ("热", 3, "咳"))


def test_which_words_sets_the_bit_of_each_word_in():
    rng = random.Random(9)
    texts = random_texts(rng, 2000)
    pool = [t[i:i + k] for t in texts[:200] for i, k in ((0, 1), (2, 2), (1, 3))] + ["热", "发热伴", "\U0001F600热", ""]
    for trial in range(200):
        words = tuple(rng.sample(pool, rng.randint(1, 20)))
        got = np.frombuffer(scan.which_words(texts, words), dtype=np.uint64).tolist()
        want = [sum(1 << w for w, word in enumerate(words) if word in t) for t in texts]
        assert got == want, words
    words = tuple(pool[:64])
    got = np.frombuffer(scan.which_words(texts, words), dtype=np.uint64).tolist()
    assert got == [sum(1 << w for w, word in enumerate(words) if word in t) for t in texts]
    with pytest.raises(ValueError):
        scan.which_words(texts, tuple(pool[:65]))
    with pytest.raises(TypeError):
        scan.which_words(["发热", None], ("热",))


def test_word_hits_is_each_word_in_each_text():
    # any number of words (beyond which_words' 64), many sharing a first character, empty and repeated ones
    rng = random.Random(27)
    texts = random_texts(rng, 1500)
    pool = [t[i:i + k] for t in texts[:300] for i, k in ((0, 1), (2, 2), (1, 3), (3, 4))] + \
        ["热", "发热伴", "\U0001F600热", chr(0x10000 + ord("热")), "", "ab1"]
    for trial in range(60):
        words = [rng.choice(pool) for _ in range(rng.randint(1, 150))]
        got = np.frombuffer(scan.word_hits(texts, words), dtype=np.uint8).reshape(len(texts), len(words))
        want = np.array([[word in t for word in words] for t in texts], dtype=np.uint8)
        assert (got == want).all(), words
        if trial == 0:
            assert 0 < want.sum() < want.size
    assert len(scan.word_hits(texts, ())) == 0 and len(scan.word_hits([], ("热",))) == 0
    with pytest.raises(TypeError):
        scan.word_hits(["发热", None], ("热",))
    with pytest.raises(TypeError):
        scan.word_hits(["发热"], ("热", 3))


def test_word_hits_skips_no_start_when_every_word_is_long():
    # words of 2 code points or more take the skip path (the shift table of their first code points): words of one
    # length or mixed lengths, repeated letters (a shift of 1), a code point outside the BMP folded onto 热's slot,
    # words overlapping each other and ending a text; an empty word beside them still hits every text
    rng = random.Random(31)
    texts = random_texts(rng, 1500) + ["发热发热发热伴", "咳咳咳嗽", "ab1ab1", "精神差" * 5 + "热"]
    pool = [t[i:i + k] for t in texts[:400] for i, k in ((0, 2), (2, 3), (1, 4), (3, 6), (0, 9)) if len(t) >= i + k] + \
        ["发热伴", "\U0001F600热", chr(0x10000 + ord("热")) + "热", "咳咳嗽", "ab1ab1", "差热", "神差精神差"]
    for trial in range(120):
        words = [rng.choice(pool) for _ in range(rng.randint(1, 40))]
        if trial % 10 == 9:
            words.append("")
        got = np.frombuffer(scan.word_hits(texts, words), dtype=np.uint8).reshape(len(texts), len(words))
        want = np.array([[word in t for word in words] for t in texts], dtype=np.uint8)
        assert (got == want).all(), words
        if trial == 0:
            assert 0 < want.sum() < want.size
    long_words = ["精神差" * 90, "发热" * 140]       # spans past the table's 255
    got = np.frombuffer(scan.word_hits(["发热" * 150, "精神差" * 89], long_words), dtype=np.uint8).tolist()
    assert got == [0, 1, 0, 0]


def test_word_hits_on_chinese_text_is_each_word_in_each_text():
    # Chinese texts are UCS-2 strings, read by their own loop, and a start passes the first code point's filter and
    # then the pair filter (its first two code points): words sharing a first code point with one-code-point words
    # and with each other, starts one code point before a text's or a clause's end, in both modes
    from synth.domains.medical.symptomatic import positive_text

    rng = random.Random(35)
    alphabet = "发热咳嗽咽痛伴乏力年前诊断为无未否认，。"
    texts = [""] + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(2000)] + \
        ["发", "发热", "热发", "年前诊断为", "咳嗽，发"]
    pool = [t[i:i + k] for t in texts[:400] for i, k in ((0, 1), (1, 2), (2, 3), (0, 5)) if len(t) >= i + k and
            not any(m in t[i:i + k] for m in "，。")] + ["发", "发热伴", "年前", "年前诊断为"]
    for trial in range(80):
        words = [rng.choice(pool) for _ in range(rng.randint(1, 90))]
        for positive in (False, True):
            got = np.frombuffer(scan.word_hits(texts, words, False, positive), dtype=np.uint8).reshape(len(texts),
                                                                                                      len(words))
            read = [positive_text(t) for t in texts] if positive else texts
            want = np.array([[word in t for word in words] for t in read], dtype=np.uint8)
            assert (got == want).all(), (words, positive)
            if trial == 0:
                assert 0 < want.sum() < want.size


def test_word_hits_by_word_is_the_transposed_matrix():
    rng = random.Random(33)
    texts = random_texts(rng, 800)
    pool = [t[i:i + k] for t in texts[:200] for i, k in ((0, 1), (2, 2), (1, 3)) if len(t) >= i + k] + ["", "发热伴"]
    for trial in range(30):
        words = [rng.choice(pool) for _ in range(rng.randint(1, 60))]
        rows = np.frombuffer(scan.word_hits(texts, words), dtype=np.uint8).reshape(len(texts), len(words))
        by_word = np.frombuffer(scan.word_hits(texts, words, True), dtype=np.uint8).reshape(len(words), len(texts))
        assert (by_word == rows.T).all(), words
        if trial == 0:
            assert 0 < rows.sum() < rows.size


def test_positive_word_hits_are_the_words_of_the_positive_text():
    # with `positive`, a word counts only in a clause that does not open with 无, 未 or 否认: the words (none holding a
    # clause mark) of symptomatic.positive_text, in either layout; 否 alone denies nothing, a denying word inside a
    # clause denies nothing, empty clauses and texts that open or end on a mark included
    from synth.domains.medical.symptomatic import positive_text

    rng = random.Random(34)
    alphabet = "发热咳嗽无未否认伴乏力痰，。；,;a" + chr(0x10000 + ord("热"))
    texts = [""] + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) for _ in range(2000)] + \
        ["无发热，咳嗽", "否认咳嗽；发热", "否咳嗽", "咳嗽伴无痰", "，无痰，", "未咳。痰"]
    marks = "，。；,;"
    pool = sorted({t[i:i + k] for t in texts[:300] for i, k in ((0, 1), (1, 2), (2, 3)) if len(t) >= i + k} - {""})
    pool = [w for w in pool if not any(m in w for m in marks)] + ["咳嗽", "痰", "认咳"]
    said = [positive_text(t) for t in texts]
    for trial in range(40):
        words = [rng.choice(pool) for _ in range(rng.randint(1, 50))]
        want = np.array([[w in t for w in words] for t in said], dtype=np.uint8)
        got = np.frombuffer(scan.word_hits(texts, words, False, True), dtype=np.uint8).reshape(len(texts), len(words))
        by_word = np.frombuffer(scan.word_hits(texts, words, True, True), dtype=np.uint8).reshape(len(words), len(texts))
        assert (got == want).all() and (by_word == want.T).all(), words
        if trial == 0:
            assert 0 < want.sum() < want.size
    tail = np.frombuffer(scan.word_hits(texts[-6:], ["咳嗽", "发热", "痰"], False, True), dtype=np.uint8).tolist()
    assert tail == [1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1]
    with pytest.raises(TypeError):
        scan.word_hits(texts, ["热"], False, True, 1)


def test_has_any_is_the_same_with_and_without_c(monkeypatch):
    import synth

    frame = synth.generate("medical", 1500, seed=5)
    columns = {name: frame[name].tolist() for name in ("present_illness", "exam_findings", "chief_complaint")}
    asks = [("发热",), ("咳嗽", "咳痰"), ("无", "伴", "精神"), ("查体合作", "咽部充血", "双肺呼吸音清", "未闻及"),
            ("不存在的词",), ()]
    with_c = [checks._has_any(texts, words) for texts in columns.values() for words in asks]
    monkeypatch.setattr(checks, "_cscan", None)
    without = [checks._has_any(texts, words) for texts in columns.values() for words in asks]
    for a, b in zip(with_c, without):
        assert a.dtype == b.dtype == np.bool_ and a.shape == b.shape and (a == b).all()
    assert any(a.any() and not a.all() for a in with_c)


def test_utf8_column_is_each_strings_utf8_end_to_end():
    rng = random.Random(19)
    texts = random_texts(rng, 2000) + ["", "abc", "café ñ", "\x80\xff", "患者：张*  性别：女", "\U0001F600x", "\u07ff\u0800"]
    data, offsets = scan.utf8_column(texts)
    encoded = [t.encode("utf-8") for t in texts]
    assert data == b"".join(encoded)
    ends = np.frombuffer(offsets, dtype=np.int64)
    assert ends.tolist() == np.concatenate([[0], np.cumsum([len(b) for b in encoded])]).tolist()
    assert scan.utf8_column([]) == (b"", np.zeros(1, dtype=np.int64).tobytes())
    for odd in (["a", None], ["a", 1.5], ["\ud800"], ["中\udfff文"], ["a", np.str_("b")]):
        assert scan.utf8_column(odd) is None      # left to pandas


def test_utf8_column_writes_into_the_buffers_it_is_given():
    """With an allocator (engine.to_series: Arrow's memory pool) the same bytes and offsets land in its buffers,
    the data trimmed by the caller to the last offset; a buffer shorter than asked is an error, not an overrun."""
    import pyarrow as pa

    rng = random.Random(23)
    texts = random_texts(rng, 500) + ["", "café ñ", "患者：张*  性别：女", "\U0001F600x", "\u07ff\u0800"]
    plain, plain_offsets = scan.utf8_column(texts)
    sizes = []

    def allocate(size):
        sizes.append(size)
        return pa.allocate_buffer(size, resizable=True)

    data, offsets = scan.utf8_column(texts, allocate)
    assert isinstance(data, pa.Buffer) and isinstance(offsets, pa.Buffer)
    ends = np.frombuffer(offsets, dtype=np.int64)
    assert offsets.to_pybytes() == plain_offsets and ends[-1] == len(plain) <= data.size == sizes[0]
    assert data.to_pybytes()[:ends[-1]] == plain
    assert scan.utf8_column(["a", None], allocate) is None and scan.utf8_column(["中\udfff文"], allocate) is None
    with pytest.raises(ValueError):
        scan.utf8_column(["abc"], lambda size: bytearray(max(size - 1, 0)))


def test_first_free_picks_the_derivation_compatible_picks():
    """_scan.first_free against text.first_free_python (the definition: the parts joined, each derivation of the
    pool tried in turn from the start): chunks of two code points found inside a part or across the boundary of
    two (empty parts between them too), chunks of other lengths, pools with no free derivation."""
    from synth.domains.medical import text

    rng = random.Random(29)
    parts = [random_texts(rng, 1500)[:1500] for _ in range(3)]
    pieces = [t[i:i + 2] for t in parts[0][:300] for i in range(0, 4)] + ["热", "", "发热伴", "咳嗽精神"]
    chunks = [tuple(rng.sample(pieces, rng.randint(0, 3))) for _ in range(4 * text.POOL_SIZE)]
    chunks[text.POOL_SIZE:2 * text.POOL_SIZE] = [("",)] * text.POOL_SIZE      # a pool that denies everything
    start = [rng.randrange(len(chunks)) for _ in range(1500)]
    got = np.frombuffer(scan.first_free(parts, chunks, start, text.POOL_SIZE), dtype=np.int64)
    want = text.first_free_python(parts, chunks, start)
    assert got.tolist() == want.tolist()
    assert (got == -1).any() and (got == start).any() and ((got != start) & (got >= 0)).any()
    # across a boundary: 热 + 伴 meet only when the parts are joined (the empty middle part skipped)
    joined = np.frombuffer(scan.first_free([["发热"], [""], ["伴咳"]], [("热伴",), ()], [0], 2), dtype=np.int64)
    assert joined.tolist() == [1] == text.first_free_python([["发热"], [""], ["伴咳"]], [("热伴",), ()], [0]).tolist()
    with pytest.raises(IndexError):
        scan.first_free([["a"]], [()], [1], 1)


@pytest.mark.parametrize("values", [
    ["发热3天", "", "abc", "café", "\U0001F600"] * 40,
    ["中\ud800文", "a"],                 # a lone surrogate: pandas' own path
    ["a", None, "b"], ["a", float("nan")], ["a", 3], [["list"], ["of lists"]], [3, "a"],
])
def test_engine_series_are_the_same_with_and_without_c(values, monkeypatch):
    from synth import engine

    column = np.empty(len(values), dtype=object)
    column[:] = values

    def series():
        try:
            return engine.to_series(column.copy())
        except Exception as error:          # the same failure either way
            return type(error)

    made = series()
    monkeypatch.setattr(engine, "_cscan", None)
    plain = series()
    if isinstance(plain, type):
        assert made is plain
    else:
        assert made.dtype == plain.dtype and made.equals(plain) and made.tolist() == plain.tolist()
        if all(type(v) is str for v in values):
            assert str(made.dtype) == "str"


# -- fill: templates filled row by row (domains/medical/text.fill) -------------------------------------------------
FILL_TEMPLATES = ("{a}前{b}出现", "{b}{b}{a}", "无特殊", "", "{a}", "50%{b}%s", "{{a}}", "{a:>4}", "{a!r}", "{c}",
                  "{}", "{0}", "{a.real}", "{a[0]}", "}{a}", "{a}{", "{ab}", "\U0001F600{a}é")


def fill_columns(rng: random.Random, n: int) -> dict:
    texts = random_texts(rng, n)
    return {"a": texts[:n], "b": [rng.choice(["3天", "", "咳嗽", "\U0001F600", "ab", "5%s%%"]) for _ in range(n)],
            "ab": [rng.randint(0, 99) for _ in range(n)]}


def outcome(fill, templates, columns):
    try:
        return fill(templates, columns)
    except Exception as error:      # the same error type either way
        return type(error)


@pytest.mark.parametrize("template", FILL_TEMPLATES)
def test_fill_is_format_map_per_row(template):
    from synth.domains.medical import text
    rng = random.Random(template)
    columns = fill_columns(rng, 400)
    for templates in ([template] * 400, [rng.choice((template, "{a}{b}", "")) for _ in range(400)]):
        expected = outcome(text.fill_python, templates, columns)
        assert outcome(text.fill, templates, columns) == expected
        assert outcome(text._fill_by_template, templates, columns) == expected
        if scan is not None:
            got = outcome(scan.fill, templates, columns)
            assert got is None or got == expected      # None: the caller's Python path


def test_fill_in_c_takes_plain_templates_and_declines_the_rest():
    from synth.domains.medical import text
    columns = {"a": ["x", 1.5, None], "b": ["中", "é", "\U0001F600"]}
    assert text.fill(["{a}|{b}"] * 3, columns) == ["x|中", "1.5|é", "None|\U0001F600"]
    if scan is None:        # SYNTH_PURE_PYTHON or no compiler: the Python path serves fill
        assert text._cscan is None
        return
    assert scan.fill(["{a}|{b}"] * 3, columns) == ["x|中", "1.5|é", "None|\U0001F600"]
    assert scan.fill(["{a}"] * 4, columns) is None              # a column shorter than the templates
    for declined in ("{{a}}", "{a:>2}", "{a!r}", "{c}", "}", "{", "{a.b}", "{}"):
        assert scan.fill([declined, "{a}", "{b}"], columns) is None
    with pytest.raises(TypeError):
        scan.fill(("{a}",), columns)
