"""The agent states only facts the case established (issue 12, item 6; reading 20 r3, cause 2): a sentence reads
a fact that was said, looked up or told before, and two sentences never read two states of one fact.

Each test failed on the output before its change (commit messages give the counts)."""

import re

import pytest

import synth

N, SEED = 6000, 9431
TIERS = ("白金卡", "普卡", "金卡")   # (白金卡 before 金卡: the longer name is matched first)
TIER = re.compile("|".join(TIERS))
# A day promised for a parcel (估计11月14日送达, 12月3日能到).
DATE_PROMISED = re.compile(r"\d{1,2}月\d{1,2}日(左右|前后)?(送达|送到|能到|能送到|到|派送)")


@pytest.fixture(scope="module")
def data():
    return synth.generate("dialogues", N, seed=SEED)


def _agent(turns):
    return [t for t in turns if t["role"] == "agent"]


def test_another_number_is_told_by_what_the_look_up_found(data):
    """A real number of another parcel or order is told by what it finds (signed for days ago, another item),
    never as a mismatch with details the customer never gave (reading 20 r3 #12: 寄件信息跟您说的对不上)."""
    found = [t["text"] for turns in data["turns"] for t in _agent(turns)
             if t["act"] == "not_found" and re.search("查到的是|对应的是|下的是", t["text"])]
    assert len(found) >= 20, len(found)
    unfounded = [text for text in found if re.search("(收件|寄件)信息|跟您说的对不上", text)]
    assert not unfounded, unfounded[:3]


def test_a_parcel_held_at_customs_is_promised_no_day(data):
    """A parcel held for 清关 moves when the real-name check passes: no day is promised while it is held
    (reading 20 r3 #23: 估计11月14日送达, then 清关暂停了)."""
    held = [turns for intent, turns in zip(data["intent"], data["turns"])
            if intent == "logistics" and any("清关" in t["text"] for t in _agent(turns))]
    assert len(held) >= 5, len(held)   # (customs is a marketplace cross-border cause: about 1 in 700 chats)
    dated = [t["text"] for turns in held for t in _agent(turns) if DATE_PROMISED.search(t["text"])]
    assert not dated, dated[:3]


def test_the_customs_check_is_one_persons(data):
    """Whose real name customs checks is one fact: the 订购人's in every turn of a chat, not the 收件人's in the
    next turn."""
    mixed = [text for intent, text in zip(data["intent"], data["text"])
             if intent == "logistics" and "清关" in text and "订购人" in text and re.search("收件人的?(实名|身份证)", text)]
    assert not mixed, mixed[:2]


def test_a_card_tier_is_said_before_it_is_used(data):
    """金卡补卡免收工本费 assumes a tier nobody named (reading 20 r3 #11): the first time a tier is mentioned, the
    agent says what the card is (您这张是金卡) or the holder named it."""
    chats = [turns for intent, turns in zip(data["intent"], data["turns"]) if intent == "card_loss"]
    assumed, told = [], 0
    for turns in chats:
        for t in turns:
            hit = TIER.search(t["text"])
            if hit:
                said = t["role"] == "customer" or t["text"][max(0, hit.start() - 1):hit.start()] == "是"
                told += said
                if not said:
                    assumed.append(t["text"])
                break
    assert told >= 20, told
    assert not assumed, assumed[:3]


def test_no_ticket_number_is_referred_to_that_was_never_given(data):
    """No turn gives a ticket number, so none refers to one (reading 20 r3 #24: 单号就在服务记录里…把单号发给我们
    with no number said)."""
    referred = [t["text"] for turns in data["turns"] for t in _agent(turns)
                if re.search("工单号|(工单号|单号)(在|就在)(服务记录|这个会话记录)", t["text"])]
    assert not referred, referred[:3]


def test_a_claim_submitted_for_payment_is_not_under_review_again(data):
    """A claim whose proof the agent checked and submitted for payment is past review: the answer to 太慢了 says
    what is left (the payment run), not that the claims desk still reviews it (reading 20 r3 #16)."""
    submitted = re.compile("(提交|发起)了?(打款|赔付)|理赔(已经|)(给您|为您)?(提交|发起)了|已为您(提交|发起)")
    both = []
    seen = 0
    for intent, turns in zip(data["intent"], data["turns"]):
        if intent != "lost_parcel":
            continue
        agent = _agent(turns)
        paid = next((i for i, t in enumerate(agent) if t["act"] == "propose_refund" and submitted.search(t["text"])), None)
        if paid is None:
            continue
        seen += 1
        both += [t["text"] for t in agent[paid + 1:] if re.search("审核|核对(完|好)", t["text"])]
    assert seen >= 30, seen
    assert not both, both[:3]
