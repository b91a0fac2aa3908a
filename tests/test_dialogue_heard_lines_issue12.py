"""Lines a reader heard across chats (issue 12, item 6; reading 18): the shared lines come from what happened, in
enough ways that no one of them recurs across a scenario, and the courier's answers say what the record knows.

Each test reads a fresh seed; each failed on the output before this change (commit message: figures)."""

import re
from collections import Counter, defaultdict

import pytest

import synth
from synth.domains.dialogues.catalogue import DELAYED
from synth.domains.dialogues.parcels import HUBS

# (8,000: a scenario then has 300-400 dialogues; at 3,000 a 3% bound is 4 of about 130, and one line of the merged
# output sat at 4 of 133 while at 8,000 its share is 2.0%)
N, SEED = 8000, 7433
# Acts whose lines every scenario shares (the look-up's 稍等, the close, the acceptance): none of their full lines
# may be in more than this share of a scenario's dialogues (reading 18: 稍等，我查一下哈 in 5 of 30). Shorter lines
# (好的，谢谢啦) are an ok, as the wrap-up question is (还有其他问题吗).
SHARED_ACTS = ("check", "close", "accept")
MAX_LINE_SHARE = 0.03
MIN_CHARS = 8


@pytest.fixture(scope="module")
def data():
    return synth.generate("dialogues", N, seed=SEED)


def _shares(data, keep) -> dict:
    """scenario -> Counter of the share of its dialogues holding each line `keep` accepts."""
    totals = Counter(data["scenario"])
    found = defaultdict(Counter)
    for scenario, turns in zip(data["scenario"], data["turns"]):
        found[scenario].update({t["text"] for t in turns if keep(t)})
    return {s: {line: n / totals[s] for line, n in c.items()} for s, c in found.items() if totals[s] >= 80}


def test_no_shared_line_recurs_across_a_scenario(data):
    shares = _shares(data, lambda t: t["act"] in SHARED_ACTS and len(t["text"]) >= MIN_CHARS)
    worst = max((share, s, line) for s, lines in shares.items() for line, share in lines.items())
    assert worst[0] <= MAX_LINE_SHARE, worst


def test_waiting_is_for_something_named(data):
    """那我等着 on its own (not 等着收钱/收货) is a plain wait; said after every wait it is a template."""
    plain = re.compile(r"那我等着(?![收])")
    totals = Counter(data["scenario"])
    said = Counter(s for s, turns in zip(data["scenario"], data["turns"])
                   if any(t["role"] == "customer" and plain.search(t["text"]) for t in turns))
    assert max(n / totals[s] for s, n in said.items()) <= 0.03, said.most_common(3)


def test_no_trouble_apologised_for_where_nothing_went_wrong(data):
    """给您添麻烦了 owns a fault or a wait: not in a chat about a matter that is not late, unless it was escalated
    or is a complaint (reading 18: 4 of 30, also where nothing went wrong)."""
    wrong = [text for intent, outcome, text in zip(data["intent"], data["outcome"], data["text"])
             if "给您添麻烦了" in text and intent not in DELAYED and intent != "complaint" and outcome != "escalated"]
    assert len(wrong) <= N * 0.002, wrong[:3]


def test_survey_reminder_now_and_then(data):
    """The rating invitation at the documented rate (shapes.SURVEY_RATE of good endings: about one chat in ten), not
    in 7 of 30 (reading 18), and in several forms."""
    totals = Counter(data["scenario"])
    asked = Counter(s for s, turns in zip(data["scenario"], data["turns"]) if "survey" in turns[-1]["told"])
    assert 0.04 <= sum(asked.values()) / N <= 0.13, sum(asked.values()) / N
    assert max(n / totals[s] for s, n in asked.items() if totals[s] >= 80) <= 0.18, asked.most_common(3)


def test_live_chat_is_no_message_box(data):
    assert not any("您的留言" in text for text in data["text"])


def test_lost_parcel_payout_is_said_and_within_the_declared_value(data):
    """A claim paid says how much, and 保价 is its cap, not the payout (reading 18 #15)."""
    paid = re.compile(r"(?:按|照|赔付?|赔款是|理赔款是)(\d+)元")
    seen = 0
    for intent, outcome, slots, turns in zip(data["intent"], data["outcome"], data["slots"], data["turns"]):
        if intent != "lost_parcel" or outcome != "refund_issued":
            continue
        text = next(t["text"] for t in turns if t["act"] == "propose_refund")
        amounts = [int(a) for a in paid.findall(text)]
        assert amounts and max(amounts) <= int(slots["declared"]), text
        assert not re.search("最多保价|上限(是|)保价的", text), text
        seen += 1
    assert seen >= 10


def test_where_is_it_answered_with_a_place(data):
    """到哪了 gets where the parcel is (a hub, the station, a locker, customs), not a date alone (reading 18 #30)."""
    place = re.compile("|".join(HUBS) + "|快递柜|驿站|派送站|网点|海关")
    seen = 0
    for intent, turns in zip(data["intent"], data["turns"]):
        if intent == "logistics":
            inform = next((t["text"] for t in turns if t["act"] == "inform"), None)
            if inform is not None:
                assert place.search(inform), inform
                seen += 1
    assert seen >= 50
