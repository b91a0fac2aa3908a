"""Customers of one intent do not say the same sentence dialogue after dialogue (issue 12, reading 14: 刚才还好好的，
突然就断了… and 我用卡一直按时还的，应该可以吧？ word for word in a fifth of their intent's dialogues). Each customer
tells the case from the plan's facts (which light, since when, what was tried, who waits for the goods), so no
customer sentence of 8 characters or more recurs in more than 10% of an intent's dialogues."""

import sys
from pathlib import Path

import pytest

import synth

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from customer_lines import sentences, top_shared  # noqa: E402

LIMIT = 0.10


def test_sentences_are_cut_at_end_marks_and_short_ones_left_out():
    assert sentences("那会不会算我逾期？好的。光猫上有个灯一直在闪，断电重启了也没用") == \
        {"那会不会算我逾期", "光猫上有个灯一直在闪，断电重启了也没用"}


@pytest.mark.parametrize("sector", ["ecommerce", "telecom", "bank", "delivery"])
def test_no_customer_sentence_recurs_in_more_than_10_percent_of_an_intents_dialogues(sector):
    frame = synth.generate("dialogues", 2000, seed=3, intent=sector)
    shares = top_shared(frame)
    assert len(shares) >= 3 and min(total for _, _, total in shares.values()) > 150   # (each intent in numbers)
    over = {intent: (round(share, 3), sentence) for intent, (share, sentence, _) in shares.items() if share > LIMIT}
    assert not over, over
