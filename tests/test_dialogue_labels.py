"""labels_agree_with_text reads its own grudging words (算了, 那就这样吧, 很失望), not the mood rule's list: a name
shadowed in rules.py had made it check 唉/别再拖了 instead, so a last line 算了 beside satisfaction 5 passed."""
from synth.domains.dialogues.rules import labels_agree_with_text


def _turns(last: str) -> list:
    return [{"role": "customer", "text": "我的快递到哪了", "act": "describe_problem"},
            {"role": "agent", "text": "已经在派送了。", "act": "provide_information"},
            {"role": "customer", "text": last, "act": "accept"}]


def test_a_grudging_last_line_is_not_a_satisfied_customer():
    for last in ("算了，就这样吧", "那就这样吧", "真的很失望"):
        assert not labels_agree_with_text("resolved", 5, _turns(last))
        assert labels_agree_with_text("resolved", 3, _turns(last))


def test_a_plain_thanks_may_be_satisfied():
    assert labels_agree_with_text("resolved", 5, _turns("好的，谢谢"))
