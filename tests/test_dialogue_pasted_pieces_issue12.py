"""One agent message is one act said once (issue 12, reading 19): its pieces do not say the same content word twice in
adjacent clauses (退回先用后付的额度，这单是用先用后付下的单), it does not thank twice, the holder is not asked for the
phone the check itself uses, and the facts a desk states are its own (a search the system opened, food judged on
photos rather than posted back for 质检)."""

import re

import pytest

import synth
from synth.domains.dialogues import parcels
from synth.domains.dialogues.pasted import adjacent_repeats, thanks_twice

N = 20_000
# A pasting grammar line recurs: one stretch said again in the next clause in more than this share of dialogues is a
# cause in the grammar, not a one-off.
SHARE = 0.005
# Names an explanation says again by design (the password the check and the advice both name; the bank's name in
# its greeting and its app; the transfer's sending bank; the declared value and the fee computed from it).
NAMED_TWICE = {"服务密码", "恒信银行", "转出银行", "声明价值"}


@pytest.fixture(scope="module")
def dialogues():
    return synth.generate("dialogues", N, seed=1912)


def agent_turns(frame):
    for intent, turns in zip(frame["intent"], frame["turns"]):
        for turn in turns:
            if turn["role"] == "agent":
                yield intent, turn


def test_the_detector_finds_a_word_said_again_in_the_next_clause():
    assert adjacent_repeats("退回先用后付的额度，这单是用先用后付下的单。") == {"先用后付"}
    assert "已经在派" in adjacent_repeats("这单快递已经在派送网点了，派送员已经在派送了。")
    # (slot values are named where needed: an address said twice is no paste; clauses apart are not adjacent)
    assert not adjacent_repeats("寄到北京市朝阳区，北京市朝阳区那边", values=("北京市朝阳区",))
    assert not adjacent_repeats("先用后付的额度恢复了。今天到账。先用后付不收费。")
    assert thanks_twice("感谢您的耐心等待，有问题随时联系我们，感谢您的耐心。")
    assert not thanks_twice("感谢您的耐心等待，有问题随时联系我们。")


def test_no_agent_message_thanks_twice(dialogues):
    doubled = [turn["text"] for _, turn in agent_turns(dialogues) if thanks_twice(turn["text"])]
    assert not doubled, doubled[:5]


def test_no_stretch_is_pasted_twice_into_a_message_across_dialogues(dialogues):
    counts: dict = {}
    examples: dict = {}
    for k, turns in enumerate(dialogues["turns"]):
        seen = set()
        for turn in turns:
            if turn["role"] != "agent":
                continue
            values = (turn.get("slots_mentioned") or {}).values()
            for stretch in adjacent_repeats(turn["text"], values) - NAMED_TWICE - seen:
                seen.add(stretch)
                counts[stretch] = counts.get(stretch, 0) + 1
                examples.setdefault(stretch, turn["text"])
    worst = sorted(counts.items(), key=lambda kv: -kv[1])[:3]
    assert all(n <= SHARE * N for _, n in worst), [(s, n, examples[s]) for s, n in worst]


VERIFIED_BY_PHONE = re.compile(r"验证码|身份证号[^。]{0,8}手机号")


def test_a_holder_is_not_asked_for_the_phone_the_check_already_uses(dialogues):
    """A code sent to the phone on file, or the phone typed into the secure keyboard, is the check: the phone is not
    asked for in the chat as well (麻烦说一下卡号后四位和手机号，再…填身份证号以及预留的手机号)."""
    checked = 0
    for intent, turns in zip(dialogues["intent"], dialogues["turns"]):
        if intent != "card_loss":
            continue
        gave_phone = any(t["role"] == "customer" and "phone" in (t.get("slots_mentioned") or {}) for t in turns)
        asks = [t["text"] for t in turns if t["act"] == "ask_info"]
        if gave_phone:
            checked += 1
            assert not any(VERIFIED_BY_PHONE.search(a) for a in asks), asks
    assert checked > 50


def test_a_search_told_as_done_says_the_system_opened_it(dialogues):
    """Nobody in the chat asked for the search a lost parcel's result comes from: the agent says the system opened
    it on its own after days without a scan (not 查件工单四天前已经立了, as if someone had), or, since reading 18
    (parcels.SEARCH_OPENERS), the hub's own stock count or the sender's report."""
    told = 0
    for intent, turn in agent_turns(dialogues):
        if intent == "lost_parcel" and parcels.SEARCH_RESULT.search(turn["text"]) and "查件" in turn["text"]:
            told += 1
            text = turn["text"]
            assert ("系统" in text and "自动" in text or re.search("盘点|清点", text)
                    or re.search("(寄件人|寄件方|寄件的商家)[^。]{0,12}(报|来电|打电话)", text)), text
    assert told > 50


def test_food_at_fault_is_not_posted_back_for_testing(dialogues):
    food = [turns for intent, product, turns in zip(dialogues["intent"], dialogues["product"], dialogues["turns"])
            if intent == "return_refund" and product == "坚果礼盒"]
    assert len(food) > 20
    for turns in food:
        said = "".join(t["text"] for t in turns if t["role"] == "agent")
        assert not re.search("质检|检测", said), said


HURRY = re.compile(r"快点|提前|加急")


@pytest.mark.parametrize("intent", ["logistics", "urge_shipping", "delay"])
def test_a_push_back_after_asking_to_hurry_does_not_ask_it_again(intent):
    """A customer who asked 能再快点吗 and was told what was done pushes back on that answer (催了也没个准话), not
    with the same request (能不能提前点) as if the agent had not answered it."""
    frame = synth.generate("dialogues", 2000, seed=1913, intent=intent)
    hurried = 0
    for turns in frame["turns"]:
        asked = [k for k, t in enumerate(turns) if t["act"] == "ask_followup" and t.get("question") == "can_you"]
        pushed = [k for k, t in enumerate(turns) if t["act"] == "push_back"]
        if asked and pushed and pushed[0] > asked[0]:
            hurried += 1
            said = turns[pushed[0]]["text"]
            # (unless it gives a new reason the answer did not meet: 取件码 sent, but 白天上班取不了)
            assert not HURRY.search(said) or re.search("取不了|去不了", said), [t["text"] for t in turns]
    assert hurried > 5
