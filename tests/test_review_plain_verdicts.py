"""Plain last lines (issue 17, grammars/verdicts_plain.grammar): the everyday verdicts most buyers end on (我觉得不错,
我很满意, 我很失望, 我用着不顺手) are a real share of the verdicts in both labels, each in the review's own label, and
the hedged let-down (不太满意, 觉得不怎么好) only with two stars. Drawn first by weight, the long verdicts had crowded
them out, which cost the usefulness benchmark about a point (benchmarks/usefulness.py)."""

from __future__ import annotations

import re
from functools import lru_cache

import synth
import synth.domains.reviews.fields as fields

PLAIN_POSITIVE = re.compile(r"^(我|个人)(觉得|感觉)(还|挺|蛮|)不错|^我给个?好评|^(总之|反正)我(很|挺)(喜欢|满意)"
                            r"|^我(很|挺)(喜欢|满意)，(推荐|好评)|^不错，我|^我(很|挺|还是很)满意|^个人(很|挺|还是挺)满意"
                            r"|^我用着(挺|还|很|)(不错|顺手|好用)|^我住着(挺|还|)(不错|舒服)|^我读着(挺|还|)(不错|有意思)|^我读完")
PLAIN_NEGATIVE = re.compile(r"^(我|说实话我|总之我)(很|挺|真的很)失望|^(我|个人)(很|真的很|非常|)不(太|怎么|)满意"
                            r"|^我(觉得|感觉)(很|真的|)不(太|怎么|)好|^我(只能|)给个?差评|^我用着(很|挺|)不顺手|^我住着(很|挺|)不舒服|^我读着没")
HEDGED = re.compile(r"不(太|怎么)(满意|好|顺手|舒服)")


@lru_cache(maxsize=None)
def verdicts() -> tuple:
    """(sentiment, rating, verdict) of 3,000 reviews as the usefulness benchmark asks for them."""
    said = []
    render = fields.render_review

    def spy(category, kind, item, sentiment, rating, plan, u, length, place="", *rest, **kw):
        rendered = render(category, kind, item, sentiment, rating, plan, u, length, place, *rest, **kw)
        for name, start, end, _ in rendered.captures:
            if name == "verdict":
                said.append((sentiment, int(rating), rendered.text[start:end]))
        return rendered

    fields.render_review = spy
    try:
        synth.generate("reviews", 3000, seed=2718, category="book,hotel,electronics,ecommerce", length="20-120",
                       sentiment="positive:1500,negative:1500")
    finally:
        fields.render_review = render
    return tuple(said)


def test_plain_verdicts_are_a_real_share_of_both_labels():
    for sentiment, plain in (("positive", PLAIN_POSITIVE), ("negative", PLAIN_NEGATIVE)):
        said = [v for s, _, v in verdicts() if s == sentiment]
        share = sum(bool(plain.search(v)) for v in said) / len(said)
        assert 0.08 <= share <= 0.4, (sentiment, share)


def test_a_plain_verdict_is_said_in_its_own_label_only():
    for sentiment, _, verdict in verdicts():
        wrong = PLAIN_NEGATIVE if sentiment == "positive" else PLAIN_POSITIVE
        assert not wrong.search(verdict), (sentiment, verdict)


def test_a_hedged_let_down_is_as_far_as_two_stars_go():
    hedged = [(r, v) for s, r, v in verdicts() if s == "negative" and PLAIN_NEGATIVE.search(v) and HEDGED.search(v)]
    assert hedged, "no hedged plain verdict at all"
    assert all(r == 2 for r, _ in hedged), [x for x in hedged if x[0] != 2][:3]
