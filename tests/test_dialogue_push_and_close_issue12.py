"""The "too slow" loop and the shared closings (issue 12, item 6; reading of seed 58207, causes 3 and 5): a
push-back on a wait is made in more than one way and answered to fit, and a close says what the chat leaves the
customer with instead of the same courtesy formula. Each failed on the output before this change (commit
message: figures)."""

from collections import Counter

import pytest

import synth
from synth.domains.dialogues.push_moves import OWN_LINES, push_move

N, SEED = 6000, 9521
PUSHES = ("react:push_faster", "react:push_today")


@pytest.fixture(scope="module")
def data():
    return synth.generate("dialogues", N, seed=SEED)


def _pushes(data):
    """(push-back, reassurance, next customer line) for each push-back on a wait the common lines word."""
    out = []
    for intent, turns in zip(data["intent"], data["turns"]):
        if intent in OWN_LINES:
            continue
        for k, t in enumerate(turns[:-2]):
            if t["act"] == "push_back" and any(tag in t["told"] for tag in PUSHES):
                out.append((t["text"], turns[k + 1]["text"], turns[k + 2]["text"]))
    return out


def test_a_push_back_on_a_wait_is_not_one_line(data):
    pushes = _pushes(data)
    assert len(pushes) >= 60
    top, n = Counter(p for p, _, _ in pushes).most_common(1)[0]
    # (base: 这也太慢了吧？ and its two siblings held about a third each)
    assert n / len(pushes) <= 0.2, (top, n, len(pushes))


def test_asking_what_to_do_is_answered_not_soothed(data):
    asked = [(p, r) for p, r, _ in _pushes(data) if "做点什么" in p or "我能做的" in p]
    assert len(asked) >= 10
    assert all(r.startswith(("要等的主要不在您这边", "这一步主要不在您这边")) for _, r in asked), asked[:3]


def test_the_move_is_drawn_only_where_the_common_lines_word_it():
    assert push_move("delay", ["-", "push_faster"], 0.9) == "-"
    assert push_move("card_loss", ["-", "accept"], 0.9) == "-"
    assert {push_move("card_loss", ["push_faster"], u) for u in (0.1, 0.5, 0.9)} == {"-", "reason", "own"}


def test_thanks_for_the_trouble_is_not_every_close(data):
    """辛苦您了 thanks work the customer did: in 9.9% of base chats (6 of 30 in the reading), now only where the
    customer tried steps, sent photos or details, or waited."""
    said = sum(any("辛苦您了" in t["text"] for t in turns if t["role"] == "agent") for turns in data["turns"])
    assert said / N <= 0.04, said


def test_a_pushed_escalation_is_not_thanked_for_understanding(data):
    for turns in data["turns"]:
        for before, after in zip(turns, turns[1:]):
            if "别再拖了" in before["text"] or "抓紧" in before["text"]:
                assert "感谢您的理解" not in after["text"], (before["text"], after["text"])


def test_a_brisk_bank_close_says_what_is_left(data):
    """今天就到这里，有事再联系我们，再见 closed 4.2% of base chats (4 of 30 in the reading): where the customer
    has a step to take or a wait ahead, the bank's brisk close says so."""
    closes = Counter(turns[-1]["text"] for s, turns in zip(data["sector"], data["turns"]) if s == "bank")
    generic = sum(n for text, n in closes.items() if "就到这里" in text or "就先这样" in text)
    assert generic / sum(closes.values()) <= 0.12, generic
