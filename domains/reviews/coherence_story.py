"""Whether a review's opening, body, closing and 追评 tell one story (issue 17): whom the item was bought for
(fact owner), what a disappointed buyer did with it (fact fate) and how a book was read (fact pace), each said one
way. `contradictions` names the pairs of statements a review makes that cannot both be true; the test
(tests/test_review_coherence_story.py) scans generated reviews with it and plants contradictions to prove it sees
them."""

from __future__ import annotations

import re

_FOR_OTHERS = re.compile(r"(给|帮)(爸妈|老公|老婆|女朋友|男朋友|孩子|室友|我妈|闺蜜|弟弟|老人|家里老人|丈母娘|家里|坐月子的老婆)"
                         r"(买的|带的|挑的|换的|订的)")
_I_USE_IT = re.compile(r"我(用着|用得|上身|会一直|会继续|还会继续|是油皮|是干皮|是混油|是敏感肌|是混干)|本人(油皮|干皮|敏感肌|混油|混干)"
                       r"|(问|说)我(最近|是不是)|(看我|见我)用着|我(身高|一米)|(我的|脖子的)肤色")
_THROWN = re.compile(r"扔了|倒掉了")
_GIVEN = re.compile(r"送人了|挂二手")
_RETURNED = re.compile(r"(申请了|走了|联系客服|申请)(退货|退款)。|退货了|(退掉|退了)(它|了事)")
_SHELVED = re.compile(r"吃灰|拿去涂手")
_IN_ONE_GO = re.compile(r"(?<!差)一口气|熬夜读完|一夜读完|(一个|两个)晚上就(读|看)完|一读就放不下|一翻开就停不下来|熬到了凌晨")
_OVER_DAYS = re.compile(r"(花了|用了)(三个晚上|一周|一个周末)|断断续续|零零碎碎|花了几天(读|看|翻)完|每天(读上|翻)|(读上|翻)(几十页|一两章)")

PAIRS = (
    ("bought for someone else, then the buyer's own use", _FOR_OTHERS, _I_USE_IT),
    ("thrown away, then given away", _THROWN, _GIVEN),
    ("returned, then given away", _RETURNED, _GIVEN),
    ("shelved, then thrown or given away", _SHELVED, re.compile(r"扔了|送人了")),
    ("read in one go, then over days", _IN_ONE_GO, _OVER_DAYS),
)


def contradictions(text: str) -> list[str]:
    """The names of the pairs of statements in `text` that contradict each other."""
    return [name for name, first, second in PAIRS if first.search(text) and second.search(text)]
