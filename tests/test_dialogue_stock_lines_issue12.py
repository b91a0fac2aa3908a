"""What the reading of seed 58231 heard as a template (issue 12 item 6) or as a line stuck together or deaf to the
turn before it. Each test failed on the generator before s17-dlgT (figures in the comments: that generator, 6,000
dialogues of seed 61)."""

import re

import pytest

import synth
from synth.domains.dialogues.catalogue import DELAYED


@pytest.fixture(scope="module")
def mixed():
    return synth.generate("dialogues", 6000, seed=61)


def pairs(frame):
    """(intent, turn, next turn) for every pair of turns in the frame."""
    for intent, turns in zip(frame["intent"], frame["turns"]):
        for a, b in zip(turns, turns[1:]):
            yield intent, a, b


def test_a_card_refund_reads_its_channel_off_the_order_in_a_minority_of_chats(mixed):
    """#6/#18/#22: 订单显示/后台显示用的是银行卡 in every card refund (old: 27% of 价保 chats)."""
    frame = mixed[mixed["intent"] == "price_protect"]
    card = [t for t in frame["text"] if re.search("卡", t) and "原路" in t or "原支付" in t]
    read_off = [t for t in card if re.search("显示(用的)?是?银行卡", t)]
    assert len(card) > 60
    assert len(read_off) / len(frame) < 0.15, len(read_off) / len(frame)


def test_giving_up_after_a_way_out_was_offered_says_what_of_it(mixed):
    """#2/#14: 好吧，那就这样吧，很失望 right after 可以申请调单 / 可以试试临时额度 (old: every such give-up)."""
    seen = 0
    for _, a, b in pairs(mixed):
        if b["act"] == "give_up" and a["role"] == "agent" and re.search("临时额度|调单", a["text"]):
            seen += 1
            assert re.search("临时|调单|争议|商家|商户", b["text"]), (a["text"], b["text"])
    assert seen > 20


def test_an_apology_for_trouble_closes_only_a_matter_that_went_wrong(mixed):
    """#17: 给您带来不便了 closing a bill explained where nothing went wrong (old: 3% of all chats, any intent)."""
    closes = [(intent, turns[-1]["text"]) for intent, turns in zip(mixed["intent"], mixed["turns"])]
    assert any("带来不便" in text for intent, text in closes if intent in DELAYED)
    assert not [text for intent, text in closes if "带来不便了" in text and intent not in DELAYED]


def test_the_lines_stuck_together_are_gone(mixed):
    """#24 能办换货新 (a set phrase swapped inside 可以给您换新), #16 …转来的3651.69元尾号1458的卡, #8 快递员到网点
    那天上门，您没人, #9 评估按负债可能上升, #18 我这就帮您办吗 and 质量问题得确认问题."""
    garbled = re.compile("换货新|满足换货条件新|元尾号\\d{4}的卡|那天上门，您没人|评估按负债|我这就(帮|给)?您办吗|质量问题得确认")
    found = [m.group(0) for t in mixed["text"] for m in [garbled.search(t)] if m]
    assert not found, found[:5]


def test_goods_unlike_their_page_are_not_called_a_quality_fault_before_the_photos(mixed):
    """#18: a colour mismatch asked for photos with 质量问题得确认问题."""
    frame = mixed[(mixed["intent"] == "return_refund")]
    asks = [t["text"] for turns, slots in zip(frame["turns"], frame["slots"]) if "描述" in turns[0]["text"]
            or "不一样" in turns[0]["text"] for t in turns if t["act"] == "inform" and "照片" in t["text"]]
    assert asks
    assert not [a for a in asks if "质量问题" in a]


def test_the_effective_date_of_a_plan_change_is_told_at_most_twice(mixed):
    """#20: 下个月1号生效 / 本月仍按原套餐扣费，从下个月按新套餐计费 / 次月开始 (old: 43% of 流量套餐 chats said it 3+
    times)."""
    frame = mixed[mixed["intent"] == "data_plan"]
    counts = [len(re.findall("下个月|次月|下个账期|下月", t)) for t in frame["text"]]
    assert max(counts) <= 2, max(counts)


def test_a_parcel_waiting_at_the_station_is_not_asked_to_be_hurried(mixed):
    """#8: 能加急吗？ right after 就在驿站，随时能取."""
    asked = [(a["text"], b["text"]) for intent, a, b in pairs(mixed) if intent == "delay"
             and b["act"] == "ask_followup" and re.search("随时(能|可以)?取|(能|可以)去取|现在能取|(在|放在|存了.{0,3}|放进了?)(驿站|快递柜)", a["text"])]
    # (reading 18 #21: the look-up now says where the parcel waits, 放在驿站, and 可以去取 only with the code resent)
    assert asked
    assert not [p for p in asked if re.search("加急|快点|快一点", p[1])], asked[:3]


def test_a_raise_is_not_called_refused_before_the_answer(mixed):
    """#9: 这样不给提吗？ when the agent had only said the current limit."""
    asked = [b["text"] for intent, a, b in pairs(mixed) if intent == "credit_limit" and b["act"] == "ask_followup"]
    assert len(asked) > 30
    assert not [t for t in asked if re.search("不给提|批不下来", t)]


def test_a_question_about_offers_is_not_a_coupon_question_answered_with_insurance(mixed):
    """#12: 付款前有没有领优惠券？ answered 现在下单附赠运费险."""
    pairs_seen = [(a["text"], b["text"]) for intent, a, b in pairs(mixed) if intent == "product_inquiry"
                  and a["act"] == "ask_followup" and b["role"] == "agent"]
    assert pairs_seen
    assert not [p for p in pairs_seen if "券" in p[0] and re.search("运费险|延保", p[1]) and "券" not in p[1]]


BARE_SORRY = re.compile("^(非常|十分|特别|实在|真的|真|很)*(是)?(抱歉|对不起|不好意思)，|，(非常|十分|特别|实在|真的|真|很)*"
                        "(是)?(抱歉|对不起|不好意思)[。！，]")


def test_two_agent_turns_in_a_row_apologise_once(mixed):
    """#24: 先给您道个歉 and at once 特别抱歉; complaint chats apologised in the look-up and again in the remedy."""
    twice = [(a["text"], b["text"]) for _, a, b in pairs(mixed) if a["role"] == b["role"] == "agent"
             and re.search("抱歉|对不起|不好意思|道歉", a["text"]) and BARE_SORRY.search(b["text"])]
    assert not twice, twice[:3]
