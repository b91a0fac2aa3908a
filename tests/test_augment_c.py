"""The C reading loops (synth/_wordcut.c's clause cut, synth/_marks.c) against the Python methods they mirror:
the same words, flags, polarities, negations and variants."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from synth.augmenters import analysis
from synth.augmenters.analysis import Analyser
from synth.augmenters.load import default_lexicon, tokenizer_for
from synth.augmenters.pipeline import Augmenter
from synth.augmenters.random import variant_key

DATA = Path(__file__).parent / "data"


def sample_texts(count: int = 2000) -> list[str]:
    """Hand-written review sentences, joined in twos and threes, and random mixes of their characters with
    names, numbers, negations, punctuation and spaces (fixed seed)."""
    lines = [line.strip() for line in (DATA / "review_sentences.txt").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    rng = random.Random(7)
    texts = lines + ["".join(lines[i:i + 3]) for i in range(len(lines) - 2)]
    alphabet = "".join(lines) + "王李张小老不没无别很太有点非常 \t，。！？、《》“”0123456789abcXYZ" * 3
    while len(texts) < count:
        texts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))))
    return texts


def read_all(analyser: Analyser, texts: list[str]) -> list[tuple]:
    out = []
    for text in texts:
        a = analyser.analyse(text)
        out.append((a.words, a.flags, a.pol, a.negations, analyser._piece_signature(text),
                    analysis.clause_signatures(a)))
    return out


def python_analyser(monkeypatch) -> Analyser:
    segmenter = tokenizer_for(default_lexicon())
    monkeypatch.setattr(analysis, "_cmarks", None)
    monkeypatch.setattr(segmenter, "clause_cutter", lambda: None)
    python = Analyser(default_lexicon(), segmenter)
    assert "cut" not in vars(python) and "_mark_words" not in vars(python)
    return python


def test_analyses_are_the_same_with_and_without_c(monkeypatch):
    texts = sample_texts()
    made = read_all(Analyser(default_lexicon(), tokenizer_for(default_lexicon())), texts)
    assert read_all(python_analyser(monkeypatch), texts) == made
    assert any(flags for _, flags, *_ in made) and any(negations for _, _, _, negations, *_ in made)


def test_the_c_marks_are_built_where_the_renderer_is():
    from synth import grammar

    assert (analysis._cmarks is None) == (grammar._crender is None)


@pytest.mark.parametrize("ops", ["synonym,restructure", "eda"])
def test_variants_are_the_same_with_and_without_c(ops, monkeypatch):
    texts = sample_texts(300)
    key = variant_key(3)
    made = [Augmenter(ops).variants(text, i, 3, key) for i, text in enumerate(texts)]
    python = Augmenter(ops)
    python.analyser = python_analyser(monkeypatch)
    for op in (python.synonym, python.restructure, python.expand):
        op.analyser = python.analyser
    assert [python.variants(text, i, 3, key) for i, text in enumerate(texts)] == made
