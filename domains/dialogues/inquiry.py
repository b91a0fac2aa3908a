"""What a pre-sale question (商品咨询) asks, decided in the plan, and the facts its answer must carry.

The topic is what the customer asks: stock (还有货吗), warranty (保修多久), return (七天无理由), has (有没有 X: a
colour, a version), size (尺码怎么选), compat (能连我的手机吗), spec (续航/功率多少), gift (送什么), ship_time
(多久能到). The answer says the asked thing itself: 有/没有 and what instead, the size for the height given, the
hours or watts, the days to arrive. The follow-up is the cost question the answer raises (a discount, a repair, the
return postage, the other colour's price, a size exchange, an express surcharge), answered with a sum, 免费 or how it
is quoted (a post-warranty repair: a part's price range and 检测后报价), never the warranty again.
"""

from __future__ import annotations

from functools import lru_cache

# Topics by what a product has (a warranty only for electronics and appliances, sizes only for what is worn).
WARRANTIED = ("phone", "earbuds", "laptop", "watch", "appliance")
TOPICS = {"stock": 2.0, "warranty": 1.5, "return": 1.5, "has": 2.0, "size": 1.5, "compat": 1.2, "spec": 1.2,
          "gift": 0.8, "ship_time": 1.2}
TOPIC_KINDS = {"warranty": WARRANTIED, "size": ("clothing", "shoes"), "compat": ("earbuds", "watch"),
               "spec": ("phone", "earbuds", "laptop", "watch", "appliance"),
               "gift": ("phone", "earbuds", "laptop", "watch", "food", "beauty")}
# What comes free with a purchase, by kind (the shop's 赠品).
GIFTS = {"phone": "手机壳和钢化膜", "earbuds": "一个耳机保护套", "laptop": "一个电脑内胆包", "watch": "一条备用表带",
         "food": "一个手提礼袋", "beauty": "同系列的小样两支"}
# Colours cost the same; a version, a size of pack or a material is priced on its own.
SAME_PRICE = ("色", "白", "灰", "银")
# What a 有没有 asks for, by kind: (asked for, what the shop has instead). Colours and versions as shops list them.
VARIANTS = {
    "clothing": (("黑色", "藏青色"), ("米白色", "燕麦色"), ("加绒款", "常规款"), ("酒红色", "砖红色")),
    "shoes": (("纯白色", "米白色"), ("黑色", "深灰色"), ("宽楦版", "标准楦")),
    "phone": (("1TB版本", "512GB版本"), ("白色", "月光银"), ("16GB内存版", "12GB内存版")),
    "laptop": (("32GB内存版", "16GB内存版"), ("独显版", "核显版"), ("2TB硬盘版", "1TB硬盘版")),
    "earbuds": (("黑色", "曜石灰"), ("粉色", "樱花白"), ("带无线充电仓的版本", "有线充电仓版")),
    "watch": (("46毫米表盘", "42毫米表盘"), ("钛金属表带", "氟橡胶表带"), ("eSIM版", "蓝牙版")),
    "appliance": (("白色", "奶油白"), ("大容量款", "标准款"), ("带烘干的款", "不带烘干的款")),
    "home": (("1.8米床的尺寸", "1.5米床的尺寸"), ("纯棉款", "水洗棉款"), ("灰色", "浅灰色")),
    "food": (("小包装", "家庭装"), ("无糖款", "低糖款"), ("礼盒装", "袋装")),
    "beauty": (("小样", "旅行装"), ("敏感肌款", "温和款"), ("50毫升的", "30毫升的")),
}
# Post-warranty repairs as a service centre quotes them (yuan, a typical part plus labour; published price lists of
# brand service centres are of this order): the usual part and its range.
REPAIR_QUOTES = {"phone": ("换屏", 900, 1600), "earbuds": ("单只耳机补配", 199, 399),
                 "laptop": ("换电池", 400, 700), "watch": ("换屏", 500, 900), "appliance": ("换电机", 200, 450)}
# What a spec question asks about, by kind, and the figure (from the model's page).
SPECS = {"phone": ("续航", "正常用一天半"), "earbuds": ("续航", "单次听歌7小时，加充电仓30小时"),
         "laptop": ("重量", "1.4公斤左右"), "watch": ("续航", "典型使用14天"), "appliance": ("功率", "2000瓦")}


@lru_cache(maxsize=None)
def inquiry_topics(kind: str, outcome: str) -> tuple:
    """The topics a pre-sale question about a product of `kind` can have, with weights (a refused one is about
    price, after a stock answer), as (topic, weight) pairs."""
    if outcome == "unsatisfied":
        return (("stock", 1.0),)
    return tuple((t, w) for t, w in TOPICS.items() if kind in TOPIC_KINDS.get(t, (kind,)))


def inquiry_facts(topic: str, kind: str, u: float, v: float) -> dict:
    """The facts the answer to `topic` carries (grammar variables): for has, what was asked for, whether it is
    there (avail yes/no) and what instead; the repair quote; the spec figure."""
    facts: dict = {}
    if topic == "has":
        variants = VARIANTS[kind]
        wanted, instead = variants[min(int(u * len(variants)), len(variants) - 1)]
        facts.update(wanted=wanted, instead=instead, avail="yes" if v < 0.5 else "no")
    elif topic == "warranty":
        # Which cost the customer asks: a repair after the warranty (quoted) or one within it (free).
        part, low, high = REPAIR_QUOTES[kind]
        facts.update(part=part, quote=f"{low}到{high}元", repair="after" if v < 0.6 else "within")
    elif topic == "spec":
        facts["spec"], facts["figure"] = SPECS[kind]
    elif topic == "gift":
        facts["gift"] = GIFTS[kind]
    elif topic == "size":
        # The customer's build and the size the shop's chart gives for it (clothes by height, shoes by foot length).
        if kind == "clothing":
            height = 155 + int(u * 30)
            facts.update(height=str(height), fit=("S", "M", "L", "XL", "XXL")[min((height - 150) // 8, 4)])
        else:
            foot = 230 + 5 * int(u * 9)
            facts.update(foot=str(foot), fit=str(36 + (foot - 230) // 5))
    if topic == "has":
        facts["price"] = "same" if facts["wanted"].endswith(SAME_PRICE) else "own"
    return facts


def inquiry_asks(told: list, acts: list, env: dict) -> list:
    """The conversation state with what the customer asks recorded on the asking turns: the opening asks its
    topic (ask:has ...), its cost follow-up ask:price, and ask:repair_cost too when about a repair after the
    warranty (rules.py's
    answers_carry_the_question reads them)."""
    told = list(told)
    for k, (_, act, _) in enumerate(acts):
        if act == "describe_problem":
            told[k] = (*told[k], "ask:" + env["topic"])
        elif act == "ask_followup":   # a price asked before buying: a sum, 免费, or how it is priced
            told[k] = (*told[k], "ask:price") + (("ask:repair_cost",) if env.get("repair") == "after" else ())
    return told
