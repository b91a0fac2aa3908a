"""plain=true (domains/reviews/plain.py): reviews worded plainly, with the same labels as without it (issue 17)."""

from __future__ import annotations

import re
from functools import lru_cache

import synth

CATS = "book,hotel,electronics,ecommerce"
N = 2000
LABELS = ["category", "item", "sentiment", "rating", "aspects", "aspect_sentiments"]
# A new word inside a clause that negates it would turn its meaning (不是不错, 没有很不好).
NEGATED = re.compile(r"[不没别无未][^，。！？、…～ ]*?(不错|很不好)")


@lru_cache(maxsize=None)
def pair(seed: int = 31):
    kwargs = dict(category=CATS, sentiment=f"positive:{N // 2},negative:{N // 2}")
    return synth.generate("reviews", N, seed=seed, **kwargs), synth.generate("reviews", N, seed=seed, plain=True,
                                                                            **kwargs)


def share(texts, pattern: str) -> float:
    return sum(bool(re.search(pattern, t)) for t in texts) / len(texts)


def test_plain_keeps_every_label_and_changes_a_fair_share_of_texts():
    before, after = pair()
    assert before[LABELS].equals(after[LABELS])
    changed = (before.text != after.text).mean()
    assert 0.35 < changed < 0.85, changed
    assert (after.length == after.text.str.len()).all() and after.length.between(20, 120).all()


def test_plain_moves_the_wording_toward_plain_forms():
    before, after = pair()
    pos, neg = before.sentiment == "positive", before.sentiment == "negative"
    # praise said 不错 and calmly, complaints said 很不好 and without trailing ellipses
    assert share(after.text[pos], "不错") >= share(before.text[pos], "不错") + 0.1
    assert share(after.text[pos], "！") <= share(before.text[pos], "！") - 0.2
    assert share(after.text[pos], "(?<![还也])挺(?![好棒])") <= share(before.text[pos], "(?<![还也])挺(?![好棒])") - 0.1
    absence = "没有?[买选挑]错|没白[买花]|没让我失望"     # verdicts by an absence, said outright instead
    # (at most 60% of the plain-less share: the verdict families were thinned in the grammar, s13-revK, so a fixed
    # 5-point drop no longer measures the conversion)
    assert share(after.text[pos], absence) <= 0.6 * share(before.text[pos], absence)
    assert share(after.text[pos], "[买选挑]对了|[买花]值了") >= 2 * share(before.text[pos], "[买选挑]对了|[买花]值了")
    this_one = "(^|[。！？～，])这(款|家|本|个)我"     # the item named before the writer in a verdict
    assert share(after.text[pos], this_one) <= share(before.text[pos], this_one) - 0.05
    persuaded = "被(博主|主播|推荐|评测|书单)(种草|安利)"    # how a complaint's buyer came to it, in the passive
    assert 0 < share(after.text[neg], persuaded) < share(before.text[neg], persuaded)     # rare (1% of them)
    assert share(after.text[neg], "很不好") >= share(before.text[neg], "很不好") + 0.02
    assert share(after.text[neg], "……") <= share(before.text[neg], "……") - 0.05
    assert share(after.text[neg], "！$") >= share(before.text[neg], "！$") + 0.05
    # positive reviews never get a complaint's words, nor negative ones the praise
    assert share(after.text[neg], "不错") <= share(before.text[neg], "不错")
    assert share(after.text[pos], "很不好") <= share(before.text[pos], "很不好")


def test_no_new_word_lands_in_a_negated_clause():
    before, after = pair()
    for old, new in zip(before.text, after.text):
        assert len(NEGATED.findall(new)) <= len(NEGATED.findall(old)), (old, new)


def test_trace_marks_the_new_words():
    from synth.domains.reviews import generate_with_trace

    frame = generate_with_trace(600, seed=31, category=CATS, sentiment="positive:300,negative:300", plain=True)
    plain = synth.generate("reviews", 600, seed=31, category=CATS, sentiment="positive:300,negative:300", plain=True)
    assert list(frame.text) == list(plain.text)
    seen = 0
    for text, segments, clauses in zip(frame.text, frame.segments, frame.clauses):
        assert "".join(s[0] for s in segments) == text
        for word, kind, tag in segments:
            if word == "不错":
                assert (kind, tag) == ("sentiment", "positive")
                seen += 1
        for aspect, polarity, start, end in clauses:
            assert 0 <= start < end <= len(text)
    assert seen > 30


def test_plain_is_deterministic_and_off_by_default():
    _, after = pair()
    again = pair.__wrapped__()[1]      # made afresh, not from the cache
    assert list(again.text) == list(after.text)
    default = synth.generate("reviews", 200, seed=4, category="hotel")
    off = synth.generate("reviews", 200, seed=4, category="hotel", plain=False)
    assert list(default.text) == list(off.text)
