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
