"""The C renderer (synth/_render.c) against the Python one (synth.grammar._State): the same texts, traces and
errors, byte for byte, and the C module is really built where a compiler is available."""

from __future__ import annotations

import itertools
import json
import random
import shutil
import sysconfig

import pytest

import synth
from synth import grammar as G
from synth.errors import SynthError
from synth.grammar import Grammar, uniform_source


def python_path(monkeypatch):
    monkeypatch.setattr(G, "_crender", None)


def test_the_c_renderer_is_built_where_a_compiler_is():
    from synth import speedups

    if not speedups.enabled():   # SYNTH_PURE_PYTHON=1: the Python path, whatever is built
        assert G._crender is None
        return
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None and shutil.which("cc") is None:
        assert G._crender is None or G._crender.Uniforms   # nothing to build with: the Python path is used
        return
    assert G._crender is not None, "synth._render was not built although a C compiler is installed"


def test_uniforms_match_the_python_stream_past_the_row(monkeypatch):
    rng = random.Random(5)
    rows = [[rng.random() for _ in range(n)] for n in (0, 1, 4, 48)]
    made = [[s() for _ in range(200)] for s in map(uniform_source, rows)]
    python_path(monkeypatch)
    expected = [[s() for _ in range(200)] for s in map(uniform_source, rows)]
    assert made == expected
    assert all(0.0 <= u < 1.0 for u in itertools.chain(*made))


def test_uniforms_from_numpy_rows_match_the_lists(monkeypatch):
    # uniform_rows hands the C Uniforms a batch's float64 rows (read from their buffers); the Python path gets
    # lists: the same stream from both, in the row and past it (the fallback seeded by the row's first and last).
    import numpy as np

    draws = np.random.default_rng(3).random((6, 40))
    rows = G.uniform_rows(draws[1:5])
    made = [[s() for _ in range(90)] for s in map(uniform_source, rows)]
    assert made == [[s() for _ in range(90)] for s in map(uniform_source, draws[1:5].tolist())]
    strided = G.uniform_rows(draws[:, ::2])   # (not contiguous: lists, as before)
    assert isinstance(strided, list) and strided[0] == draws[0, ::2].tolist()
    if G._crender is not None:
        assert G._crender.Uniforms(draws[2].astype(np.float32))() == float(np.float32(draws[2, 0]))   # (other dtypes: by value)
    python_path(monkeypatch)
    assert G.uniform_rows(draws[1:5]) == draws[1:5].tolist()
    assert [[s() for _ in range(90)] for s in map(uniform_source, G.uniform_rows(draws[1:5]))] == made


def frame_bytes(domain: str, n: int, **options) -> str:
    frame = synth.generate(domain, n, seed=11, **options)
    return frame.to_json(orient="records", force_ascii=False)


REVIEW_OPTIONS = [
    {},
    {"category": "movie", "sentiment": "positive:600,negative:600", "length": "50-100", "require": "plot,acting"},
    {"category": "hotel,restaurant", "length": "10-30", "mixed_rate": "0.9"},
    {"category": "electronics,ecommerce,book", "length": "150-260", "aspects_per_review": "2-4",
     "sentiment": "positive:0.3,negative:0.3,neutral:0.4"},
]


@pytest.mark.parametrize("options", REVIEW_OPTIONS, ids=["default", "readme", "short-mixed", "long-neutral"])
def test_reviews_are_the_same_bytes_from_c_and_python(options, monkeypatch):
    made = frame_bytes("reviews", 1200, **options)
    python_path(monkeypatch)
    assert frame_bytes("reviews", 1200, **options) == made


def test_review_traces_are_the_same_from_c_and_python(monkeypatch):
    from synth.domains.reviews import generate_with_trace

    made = generate_with_trace(600, seed=4, length="20-160")
    python_path(monkeypatch)
    expected = generate_with_trace(600, seed=4, length="20-160")
    for column in ("text", "segments", "clauses", "aspects", "aspect_sentiments"):
        assert json.dumps(made[column].tolist(), ensure_ascii=False) == \
            json.dumps(expected[column].tolist(), ensure_ascii=False), column


def test_medical_records_are_the_same_bytes_from_c_and_python(monkeypatch):
    made = frame_bytes("medical", 800)
    python_path(monkeypatch)
    assert frame_bytes("medical", 800) == made


GRAMMAR = """
review:
    3 | <open?0.6><@items><tail?0.4>
    <@items>{n}号<tail>
    2 | <open?0.6><@items><^say!; aspect=food, other=room><tail!?0.4>
open:
    (今天|昨天|上周)(去|又去)了{place}，
    在{place}(住了|吃了){2-9}(晚|顿)，
    拖了(好久|半个月)才来{place}。
say:
    <^{aspect}.pos>，
    2 | <^{aspect}.pos><more?0.5; what={aspect}>。
    <^clause; aspect={other}>、
more:
    ，(尤其|特别)是{what}(的细节|)
    ，[!不]算[+差]
clause:
    [#{aspect}]<x>
x:
    [+(好|很好|非常好)]
    [~一般]{01-12}
room.pos:
    [#房间]很[+(大|干净|安静)]
    [#(房间|客房)]<x>
food.pos:
    [#早餐](很|特别)[+丰富](，有{3-30/3}种)
    [#早餐]<x>
tail:
    (下次还来|推荐)(。|！)
    <deep>
deep:
    <deeper>
deeper:
    {n}
"""


def renders(g: Grammar, windows) -> list:
    items = (("say", (("aspect", "room"), ("other", "food"))), ("say", (("aspect", "food"), ("other", "room"))))
    out = []
    for i, (lo, hi) in enumerate(windows):
        rng = random.Random(i)
        env = {"place": "西湖边的小院" if i % 3 else "店", "n": str(i)}
        r = g.render_within("review", env, uniform_source([rng.random() for _ in range(i % 40)]), lo, hi,
                            target=(lo + hi) // 2 if i % 2 else None, lists={"items": items})
        out.append((r.text, r.pieces, [(c[0], c[1], c[2], c[3].get("aspect")) for c in r.captures]))
    return out


def test_a_grammar_with_every_construct_renders_the_same(monkeypatch):
    windows = [(lo, lo + width) for lo in range(0, 90, 3) for width in (0, 4, 20, 200)]
    made = renders(Grammar.from_text(GRAMMAR), windows)
    python_path(monkeypatch)
    assert renders(Grammar.from_text(GRAMMAR), windows) == made
    assert len({text for text, _, _ in made}) > 50


def test_errors_are_the_same(monkeypatch):
    loop = Grammar.from_text("a:\n    <{v}.x; v={v}>\nb.x:\n    <{v}.x; v=b>\n")
    missing = Grammar.from_text("r:\n    <@items>\nsay:\n    好\n")

    def errors():
        found = []
        for call in (lambda: loop.render("a", {"v": "b"}, uniform_source([0.5] * 4)),
                     lambda: missing.render("r", {}, uniform_source([0.5]))):
            with pytest.raises(SynthError) as caught:
                call()
            found.append(str(caught.value))
        return found

    made = errors()
    python_path(monkeypatch)
    assert errors() == made
    assert "<a> is nested too deeply" in made[0] and "was not given" in made[1]
