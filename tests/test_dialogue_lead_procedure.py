"""Issue 12, a team lead's reading (dialogues13): procedure a lead would sign. Each matter is fixed in the plan
(what the plan knows, what each act reads, what the policy allows next) and checked by a declared rule."""

from __future__ import annotations

import re

import synth
from synth.domains.dialogues import procedure_rules, rules
from synth.domains.dialogues.parcels import CAUSE_STATEMENTS


def _text(turns) -> str:
    return "\n".join(t["text"] for t in turns)


def _agent(turns) -> str:
    return "".join(t["text"] for t in turns if t["role"] == "agent")


def test_an_annual_fee_is_told_by_one_rule():
    df = synth.generate("dialogues", 4000, seed=5, intent="bank")
    fee = [turns for turns, second in zip(df.turns, df.second_intent) if second == "annual_fee"]
    platinum = [turns for turns in fee if "积分" in _agent(turns)]
    assert len(fee) > 100 and len(platinum) > 10
    assert all(procedure_rules.fee_rule_is_one(text, turns) for text, turns in zip(df.text, df.turns))
    # a platinum card's fee is not waived by swipes: where to check is its points or its year's spending
    assert not any("刷了几次" in _agent(turns) or "已刷次数" in _agent(turns) for turns in platinum)
    bad = [{"role": "agent", "act": "answer_other",
            "text": "年费2000元，刷卡次数免不了，可以用二十万积分抵扣。今年刷了几次在手机银行“年费”里能查。"}]
    assert not procedure_rules.fee_rule_is_one(bad[0]["text"], bad)
    assert "fee_rule_is_one" in _declared()


def _declared() -> set:
    return {r.name for r in rules.DOMAIN.rules}


def test_an_account_action_is_taken_only_on_request_or_on_an_agreed_offer():
    from synth.domains.dialogues.consent import account_action_is_consented, done_actions
    df = synth.generate("dialogues", 3000, seed=7, intent="bank")
    assert all(account_action_is_consented(text, turns) for text, turns in zip(df.text, df.turns))
    offers = answers = 0
    for turns, intent in zip(df.turns, df.intent):
        acts = [t["act"] for t in turns]
        # (an escalated dispute's offer_terms is the question it rests on, 卡还在您手上吗, not an offer to end a debit)
        if intent == "transaction_query" and "offer_terms" in acts and "escalate" not in acts:
            # 这是什么扣费: the debit is explained and ending it offered; done only if agreed, kept if declined
            k = acts.index("offer_terms")
            offers += 1
            answer = acts[k + 1]
            assert answer in ("agree", "decline_offer")
            after = "".join(t["text"] for t in turns[k + 2:] if t["role"] == "agent")
            answers += answer == "decline_offer"
            assert ("debit" in done_actions(after)) == (answer == "agree"), after
        if intent == "card_loss" and any("path:post" in t["told"] for t in turns) and "decline" not in acts:
            # a card posted: the address it goes to is read out and agreed before the card is applied for
            k = acts.index("offer_terms")
            assert "地址" in turns[k]["text"] and turns[k]["slots_mentioned"].get("address") and acts[k + 1] == "agree"
            assert all("reissue" not in done_actions(t["text"]) for t in turns[:k])
    assert offers > 50 and 0 < answers < offers
    # the reader's items 29 and 27 (snapshot eafb8bc): an action nobody asked for or agreed to
    unasked_debit = [{"role": "customer", "act": "describe_problem", "text": "12月21日扣了88.00元，我不知道是什么。",
                      "told": []},
                     {"role": "agent", "act": "propose_solution", "told": [],
                      "text": "这笔是声浪音乐的连续包年会员；已经为您解除了这张卡在声浪音乐的免密代扣签约，以后扣不到这张卡了。"}]
    how_to_report = [{"role": "customer", "act": "describe_problem", "text": "卡找不到了 怎么挂失", "told": []},
                     {"role": "agent", "act": "inform", "told": [],
                      "text": "信息核对一致，尾号5434的卡片已挂失，即时生效，挂失后交易都没办法完成。"}]
    assert not account_action_is_consented(_text(unasked_debit), unasked_debit)
    assert not account_action_is_consented(_text(how_to_report), how_to_report)
    assert {"account_action_is_consented", "asked_freeze_comes_first"} <= _declared()


def test_a_card_stopped_for_fraud_is_stopped_first_and_no_limit_is_asked_of_it():
    from synth.domains.dialogues.consent import BEFORE_ANY_MATTER, asked_freeze_comes_first, done_actions
    df = synth.generate("dialogues", 3000, seed=8, intent="transaction_query")
    frozen = 0
    for turns, second in zip(df.turns, df.second_intent):
        assert asked_freeze_comes_first("transaction_query", turns)
        if "asked:freeze" in turns[0]["told"]:
            frozen += 1
            first = next(t for t in turns if t["role"] == "agent" and t["act"] not in BEFORE_ANY_MATTER)
            assert "freeze" in done_actions(first["text"]), first["text"]
            assert second in ("", "repayment", "card_loss")
    assert frozen > 200
    # the reader's item 21: stopped last, then a limit asked of the stopped card
    late = [{"role": "customer", "act": "describe_problem", "told": ["asked:freeze"],
             "text": "11月14日有一笔52.62元的消费，不是我刷的，卡先给我冻上"},
            {"role": "agent", "act": "inform", "told": [], "text": "您说的这笔是11月14日在快驰出行的消费，金额52.62元。"},
            {"role": "agent", "act": "escalate", "told": [], "text": "按您的要求，尾号0455的卡已经止付。"}]
    assert not asked_freeze_comes_first("transaction_query", late)


def test_a_hazard_is_not_troubleshot_and_goes_straight_to_a_remedy():
    df = synth.generate("dialogues", 3000, seed=9, intent="repair")
    kettles = [(turns, outcome) for turns, product, outcome in zip(df.turns, df["product"], df.outcome)
               if product == "电热水壶"]
    assert len(kettles) > 100
    for turns, outcome in kettles:
        assert procedure_rules.hazard_stops_tests("repair", turns)
        assert outcome != "resolved"   # (nothing is fixed at home)
        assert not any(t["act"] == "troubleshoot" for t in turns)
    tests_again = [{"role": "customer", "act": "describe_problem", "text": "暖厨 KT-17烧水跳闸"},
                   {"role": "agent", "act": "troubleshoot", "text": "为了安全，请先停止使用。您可以换一个单独的墙插试一下。"}]
    assert not procedure_rules.hazard_stops_tests("repair", tests_again)
    assert "hazard_stops_tests" in _declared()


def test_days_without_a_tracking_update_get_a_cause_of_days():
    df = synth.generate("dialogues", 2000, seed=10, intent="logistics")
    stale = 0
    for turns in df.turns:
        if any(w in turns[0]["text"] for w in ("好几天", "这几天都没更新", "好几天没动")):
            stale += 1
            agent = _agent(turns)
            # (a parcel left in a locker yesterday, or held for its house number, explains a day, not days)
            assert not re.search("昨天|" + CAUSE_STATEMENTS["station"] + "|" + CAUSE_STATEMENTS["address"], agent), agent
    assert stale > 300
    asked_when = [turns for turns in df.turns for k, t in enumerate(turns)
                  if t["act"] == "ask_other" and "从" in t["text"] and "七天无理由" in t["text"]]
    for turns in asked_when:
        answer = turns[[t["act"] for t in turns].index("answer_other")]["text"]
        assert "支持七天无理由" not in answer, answer


def test_an_order_is_cancelled_only_before_it_ships():
    # (seed 77031's reading: 发出后您会有物流短信，到时候也可以随时取消订单 — a shipped order is returned, not cancelled)
    df = synth.generate("dialogues", 2000, seed=11, intent="urge_shipping")
    after_shipping = re.compile(r"(发出后|一发货|出库后|到时候)[^。；，]*[，]?[^。；]{0,12}(取消订单|申请退款|取消)")
    pushed = 0
    for turns in df.turns:
        for k, t in enumerate(turns):
            if t["act"] == "reassure":
                pushed += 1
                for sentence in re.findall(r"[^。；]+", t["text"]):
                    assert "发货前" in sentence or "没发出之前" in sentence or not after_shipping.search(sentence), t["text"]
    assert pushed > 20


def test_a_third_party_order_is_read_by_the_customer_and_an_appeal_filed_on_consent():
    # Reading 15 #13: the carrier's agent read a WeChat order it cannot see (您这笔100元订单上的号码是…) and filed
    # an appeal nobody agreed to. Now the record is asked for, read by the customer, and the appeal offered first.
    from synth.domains.dialogues.consent import account_action_is_consented, done_actions
    df = synth.generate("dialogues", 2000, seed=13, intent="recharge_missing")
    assert all(procedure_rules.order_read_by_customer(i, s, t) for i, s, t in zip(df.intent, df.slots, df.turns))
    assert all(account_action_is_consented(text, turns) for text, turns in zip(df.text, df.turns))
    live = dead = 0
    for slots, turns in zip(df.slots, df.turns):
        path = procedure_rules.path_of(turns)
        if path not in ("wrong_number", "wrong_live"):
            assert "order_phone" not in slots
            continue
        acts = [t["act"] for t in turns]
        k = next(i for i, t in enumerate(turns) if slots["order_phone"] in t["text"])
        # the agent asked for what the payment record shows (the number, the 交易单号, the time) and the customer
        # read it off: the first turn naming the number is the customer's answer to that question
        assert acts[k] == "provide_info" and acts[k - 1] == "ask_info", _text(turns)
        # (the record's number as the channel names it: 支付宝's 订单号, 微信's 交易单号, a bank app's 交易流水号)
        assert re.search("订单号|交易单号|交易流水号", turns[k - 1]["text"]) and "充值" in turns[k - 1]["text"]
        assert turns[k - 1]["slots_requested"] == ["order_phone"]
        if path == "wrong_live":
            live += 1
            o = acts.index("offer_terms")
            assert acts[o + 1] == "agree" and "申诉" in turns[o]["text"] and "appeal" not in done_actions(turns[o]["text"])
            assert all("appeal" not in done_actions(t["text"]) for t in turns[:o + 2] if t["role"] == "agent")
            assert "appeal" in done_actions(turns[acts.index("escalate")]["text"])
        else:
            dead += 1
    assert live > 30 and dead > 30
    # main before the fix (reading 15 #13): the order read by the agent, the appeal filed without an offer
    read_by_agent = [{"role": "customer", "act": "describe_problem", "told": [], "text": "两天前在微信上充了100元话费，一直没到账"},
                     {"role": "agent", "act": "inform", "told": [],
                      "text": "您这笔100元订单上的号码是183****0661，跟您的号码不一样，那个号正在使用。"},
                     {"role": "agent", "act": "escalate", "told": [],
                      "text": "运营商不能擅自从对方账户转出话费，我帮您提交了充错号码申诉，3到5个工作日有结果。"}]
    assert not procedure_rules.order_read_by_customer("recharge_missing", {"order_phone": "183****0661"}, read_by_agent)
    assert not account_action_is_consented(_text(read_by_agent), read_by_agent)
    assert {"order_read_by_customer", "account_action_is_consented"} <= _declared()


def test_a_parcel_is_declared_lost_only_after_its_search_and_a_claim_is_paid_on_proof():
    # Reading 15 #17: within 一两分钟 the agent had 查了转运中心的监控…分拣区也翻过了 and declared the parcel lost;
    # refund_issued though only a claim awaiting documents existed. The search runs before the chat (a 查件工单, 48
    # hours, its result on a named day); a claim is paid once the proof of value is sent.
    from synth.domains.dialogues.parcels import LOSS_DECLARED, SEARCH_RESULT, loss_declared_after_search
    df = synth.generate("dialogues", 2000, seed=17, intent="lost_parcel")
    assert all(loss_declared_after_search(i, o, t) for i, o, t in zip(df.intent, df.outcome, df.turns))
    declared = paid = 0
    for outcome, turns in zip(df.outcome, df.turns):
        said = _agent(turns)
        assert "监控" not in said and "翻过" not in said, said
        if outcome in ("refund_issued", "resolved") and "签收" not in said:
            declared += 1
            inform = next(t["text"] for t in turns if t["act"] == "inform")
            assert re.search("查件工?单", inform) and SEARCH_RESULT.search(inform) and re.search("48小时|两天", inform), inform
        if outcome == "refund_issued":
            paid += 1
            acts = [t["act"] for t in turns]
            assert acts.index("send_evidence") < acts.index("propose_refund")
            refund = turns[acts.index("propose_refund")]["text"]
            assert re.search(r"(已经|已为您|给您|为您)[^。]{0,4}(提交|发起)", refund) and "工作日内" in refund, refund
    assert declared > 200 and paid > 100
    # main before the fix: a search said done in the chat, the loss declared on it, a claim paid on no proof
    chat_search = [{"role": "agent", "act": "inform", "text": "我这边查了转运中心的监控，包裹到站以后没有出港记录，分拣区也翻过了。"},
                   {"role": "customer", "act": "ask_followup", "text": "要是找不到了，能赔多少？"},
                   {"role": "agent", "act": "propose_refund",
                    "text": "非常抱歉，这单快递找不回来了，我这边提交了理赔单：麻烦您三天内提供发票或付款记录。"}]
    assert LOSS_DECLARED.search(chat_search[2]["text"])
    assert not loss_declared_after_search("lost_parcel", "refund_issued", chat_search)
    chat_search[0]["text"] = "运单最后一条记录是到达武汉转运中心，之后没有扫描。"
    assert not loss_declared_after_search("lost_parcel", "refund_issued", chat_search)
    assert "loss_declared_after_search" in _declared()


def test_a_courier_complaint_is_registered_on_its_facts_with_the_next_step():
    # Reading 15 #9: 配送员的做法已登记给快递公司处理 when nobody had said what the courier did. The complaint tells
    # what happened and when; the registration names it and says who calls the customer by when.
    from synth.domains.dialogues.complaints import (COURIER_INCIDENTS, INCIDENT, NEXT_STEP, REPORTED,
                                                    courier_report_rests_on_facts)
    df = synth.generate("dialogues", 2000, seed=9, intent="complaint")
    assert all(courier_report_rests_on_facts(i, t) for i, t in zip(df.intent, df.turns))
    rude = 0
    for turns in df.turns:
        opening = next(t for t in turns if t["act"] == "describe_problem")
        told = [(when, what) for when, what, _left in COURIER_INCIDENTS if what in opening["text"]]
        if not told:
            continue
        rude += 1
        when, _ = told[0]
        assert INCIDENT in opening["told"] and when in opening["text"], opening["text"]
        remedy = next(t["text"] for t in turns if t["act"] == "propose_solution")
        assert REPORTED.search(remedy) and NEXT_STEP.search(remedy), remedy
        assert "负责人" in remedy or "主管" in remedy, remedy
    assert rude > 50
    # main before the fix: a conduct registered on a complaint that told nothing of it
    bare = [{"role": "customer", "act": "describe_problem", "told": [], "text": "快递员态度太差了，我要投诉，买的麦穗 Sound 5"},
            {"role": "agent", "act": "propose_solution", "told": [],
             "text": "非常抱歉，配送员的做法已登记给快递公司处理，要求他们改进；另外给您补一张30元无门槛券。"}]
    assert not courier_report_rests_on_facts("complaint", bare)
    assert "courier_report_rests_on_facts" in _declared()


def test_a_complaint_remedy_is_checked_and_leaves_the_choice():
    # Reading 17 #6, #24: 发错货 answered with 已经让商家今天补发…赔付您80元 with no photo and no choice; #21: 安排退换货
    # then 这件事需要专员核实后才能处理. The remedy comes after photos, names both ways, and stands when escalated.
    from synth.domains.dialogues.complaints import complaint_remedy_checked
    df = synth.generate("dialogues", 2000, seed=13, intent="complaint")
    assert all(complaint_remedy_checked(i, t) for i, t in zip(df.intent, df.turns))
    wrong = [turns for turns in df.turns if "发错货" in turns[0]["text"] or
             any(t["act"] == "describe_problem" and "发错货" in t["text"] for t in turns)]
    assert len(wrong) > 100
    for turns in wrong:
        remedy = next(k for k, t in enumerate(turns) if any(x.startswith("procedure:") for x in t.get("told") or ()))
        before = "".join(t["text"] for t in turns[:remedy + 1])
        assert re.search(r"照片|图片|拍了", before), before
        assert re.search("补发|重发|重新发", turns[remedy]["text"]) and "退货退款" in turns[remedy]["text"], \
            turns[remedy]["text"]
        assert not re.search("(发错|错发)的快递", turns[remedy]["text"])   # (the goods were wrong, not the courier)
    # the old lines fail the rule: a reship with no photos, a blurred 退换货, a handled remedy then 才能处理
    old = [{"role": "customer", "act": "describe_problem", "text": "买的羽绒服发错货了，找了商家两天都没人理", "told": ()},
           {"role": "agent", "act": "propose_solution", "text": "已经让商家今天补发您下单的那款，商家赔付您80元，打到余额。",
            "told": ("procedure:reship_compensation",)}]
    assert not complaint_remedy_checked("complaint", old)
    old[1]["text"] = "照片我看了，给您安排退换货，快递员上门取件。"
    old[1]["told"] = ("procedure:return_exchange",)
    assert not complaint_remedy_checked("complaint", old)
    old[1]["text"] = "照片我看了，先给您登记换新，不想换也可以改成退货退款。"
    assert complaint_remedy_checked("complaint", old)
    old.append({"role": "agent", "act": "escalate", "text": "这件事需要专员核实后才能处理，我已经转交给专门的同事。",
                "told": ()})
    assert not complaint_remedy_checked("complaint", old)
    assert "complaint_remedy_checked" in _declared()


def _done_actions_reading_every_sentence(text: str) -> set:
    """consent.done_actions as it was before it skipped lines and sentences without an action word (the reference)."""
    from synth.domains.dialogues.consent import DONE, OFFER_MARK, SENTENCES
    found = set()
    for sentence in SENTENCES.findall(text):
        if OFFER_MARK.search(sentence):
            continue
        for action, pattern in DONE.items():
            if pattern.search(sentence):
                found.add(action)
    return found


def test_done_actions_skipping_lines_without_an_action_word_finds_the_same():
    """done_actions reads only the sentences holding an action word (consent.ACTION_WORDS): the same actions as
    reading every sentence, on the agent lines of generated bank and top-up dialogues and on lines with deeds,
    offers and conditions planted."""
    from synth.domains.dialogues.consent import done_actions
    df = synth.generate("dialogues", 3000, seed=46, intent="bank")
    lines = [t["text"] for turns in df.turns for t in turns if t["role"] == "agent"]
    lines += [t["text"] for turns in synth.generate("dialogues", 600, seed=47, intent="recharge_missing").turns
              for t in turns if t["role"] == "agent"]
    deeds = ("已为您挂失", "挂失已经生效", "代扣已经帮您解除", "已经为您解除了自动代扣", "补卡申请已提交", "新卡给您安排",
             "已经提交了申诉", "已经止付", "把卡冻结了", "要不要帮您挂失？", "如果需要冻结", "补发的卡为您申请好了")
    planted = [f"{line[:len(line) // 2]}{deeds[k % len(deeds)]}。{line[len(line) // 2:]}" for k, line in enumerate(lines)]
    found = 0
    for line in lines + planted:
        assert done_actions(line) == _done_actions_reading_every_sentence(line), line
        found += bool(done_actions(line))
    assert found > 1000
