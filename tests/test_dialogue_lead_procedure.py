"""Issue 12, a team lead's reading (dialogues13): procedure a lead would sign. Each matter is fixed in the plan
(what the plan knows, what each act reads, what the policy allows next) and checked by a declared rule."""

from __future__ import annotations

import synth
from synth.domains.dialogues import procedure_rules, rules


def _agent(turns) -> str:
    return "".join(t["text"] for t in turns if t["role"] == "agent")


def test_an_annual_fee_is_told_by_one_rule():
    df = synth.generate("dialogues", 4000, seed=5, intent="bank")
    fee = [turns for turns, second in zip(df.turns, df.second_intent) if second == "annual_fee"]
    platinum = [turns for turns in fee if "积分" in _agent(turns)]
    assert len(fee) > 100 and len(platinum) > 10
    assert all(procedure_rules.fee_rule_is_one(turns) for turns in df.turns)
    # a platinum card's fee is not waived by swipes: where to check is its points or its year's spending
    assert not any("刷了几次" in _agent(turns) or "已刷次数" in _agent(turns) for turns in platinum)
    bad = [{"role": "agent", "act": "answer_other",
            "text": "年费2000元，刷卡次数免不了，可以用二十万积分抵扣。今年刷了几次在手机银行“年费”里能查。"}]
    assert not procedure_rules.fee_rule_is_one(bad)
    assert "fee_rule_is_one" in _declared()


def _declared() -> set:
    return {r.name for r in rules.DOMAIN.rules}
