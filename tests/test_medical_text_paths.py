"""The medical text's shortcuts against their definitions: text.word_hits against `in` (with and without C),
batch_pools' pools looked up by code against the pools spelt out from their keys, and duration_texts against
one f-string per record."""

from __future__ import annotations

import random

import numpy as np
import pytest

import synth
from synth.domains.medical import sections, text
from synth.domains.medical.data import catalogue
from synth.grammar import uniform_source


@pytest.mark.parametrize("with_c", [True, False])
def test_word_hits_is_in(monkeypatch, with_c):
    if not with_c:
        monkeypatch.setattr(text, "_cscan", None)
    elif text._cscan is None:
        pytest.fail("synth/_scan is not built")
    rng = random.Random(7)
    alphabet = "发热咳嗽咽痛无胸闷气促乏力，。|ab"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(500)]
    words = sorted({t[i:i + 2] for t in texts[:60] for i in range(0, 6, 2) if len(t) > i + 1})
    got = text.word_hits(texts, words)
    want = np.array([[w in t for w in words] for t in texts], dtype=bool)
    assert got.shape == (len(texts), len(words)) and got.dtype == bool
    assert (got == want).all()
    assert 0 < want.sum() < want.size


def test_batch_pools_by_code_are_the_pools_of_their_keys():
    rng = np.random.default_rng(3)
    n = 400
    columns = {"fever": text.flag(rng.random(n) < 0.5), "who": np.where(rng.random(n) < 0.5, "患儿", "患者"),
               "span": (rng.integers(0, 2, n), ("short", "long")), "mood": (rng.integers(0, 2, n), ("ok", "bad")),
               "relief": text.flag(rng.random(n) < 0.5)}
    for trial in range(2):      # the second call finds every pool by its code
        if trial:
            # another batch whose string column has other labels: the same codes now name other keys
            columns["who"] = np.full(n, "患者")
        pools, which = text.batch_pools("hpi.fever", columns)
        assert len(pools) == len(set(map(id, pools))) > 4
        for i in range(n):
            key = (("fever", ("no", "yes")[columns["fever"][0][i]]), ("mood", ("ok", "bad")[columns["mood"][0][i]]),
                   ("relief", ("no", "yes")[columns["relief"][0][i]]), ("span", ("short", "long")[columns["span"][0][i]]),
                   ("who", str(columns["who"][i])))
            assert pools[which[i]] is text.pool("hpi.fever", key)


def test_duration_texts_are_duration_and_unit():
    cat = catalogue()
    rng = np.random.default_rng(11)
    case = np.zeros(2000, dtype=[("symptom", np.int32), ("duration", np.int32)])
    case["symptom"] = rng.integers(0, len(cat.symptom_unit), len(case))
    case["duration"] = rng.integers(1, 40, len(case))
    units = cat.symptom_unit[case["symptom"].astype(np.int64)].tolist()
    assert sections.duration_texts(case) == [f"{d}{u}" for d, u in zip(case["duration"].tolist(), units)]


def test_vital_fill_forms_are_the_percent_forms():
    forms, scrubs = sections._vital_fill_forms()
    assert len(forms) == len(sections._vital_forms()) == len(scrubs)
    rng = random.Random(5)
    for k, (form, pick, scrub) in enumerate(sections._vital_forms()):
        values = tuple(str(rng.randint(1, 300)) for _ in sections.VITAL_SLOTS)
        assert forms[k].format_map(dict(zip(sections.VITAL_SLOTS, values))) == \
            form % (values if pick is None else pick(values))
        assert scrubs[k] == scrub


def test_integers_are_str():
    values = np.random.default_rng(2).integers(-5, 200, 3000)
    assert sections.integers(values) == [str(v) for v in values.tolist()]


def test_a_note_is_the_same_whether_its_diagnosis_lines_were_kept_from_another_batch():
    sections._DIAGNOSIS_LINES.clear()
    synth.generate("medical", 3000, seed=21)
    kept = synth.generate("medical", 3000, seed=22).note.tolist()
    assert len(sections._DIAGNOSIS_LINES) > 100
    sections._DIAGNOSIS_LINES.clear()
    fresh = synth.generate("medical", 3000, seed=22).note.tolist()
    assert kept == fresh


def test_condition_groups_gather_to_each_conditions_group():
    # the onset trigger's group column is a gather of per-condition codes: the label of each condition's code is
    # the group symptom_views gives it, and conditions of one group share one code
    codes, labels = sections.condition_groups()
    group = sections.symptom_views()["group"].tolist()
    assert [labels[c] for c in codes.tolist()] == group
    assert len(labels) == len(set(group)) < len(group)


def test_home_readings_are_the_grammars_home_values():
    # the present illness keys hpi.home by code into HOME_READINGS: each label must be one the grammar tests
    g = text.grammar()
    for label in sections.HOME_READINGS:
        assert text.pool("hpi.home", (("home", label),)).templates[0] == \
            g.render("hpi.home", {**text.PLACEHOLDERS, "home": label},
                     uniform_source(text._seeds("hpi.home", (("home", label),))[0])).text
    readings = [t for label in sections.HOME_READINGS[1:] for t in text.pool("hpi.home", (("home", label),)).templates]
    assert all(t for t in readings) and not any(text.pool("hpi.home", (("home", "none"),)).templates)
