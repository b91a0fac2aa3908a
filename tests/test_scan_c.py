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
