"""What a clause presumes of the item or venue it is said of (issue 17): 贴膜 and 边框 a screen, 色差 a visible colour,
防伪码 a coded pack, 用了两个月 an item that lasts, 入味 dishes seasoned in the kitchen, 安静 a quiet dining room, 地铁 a
city with a metro. A kind declares what it is on its @kind line (screen=no on earbuds); a review of a kind whose fact
is not the one a phrase needs must never say the phrase. `scan` counts the reviews that do, for the benchmark
(benchmarks/coherence_presumptions.py) and the test (tests/test_review_coherence_kinds.py)."""

from __future__ import annotations

import re
from functools import lru_cache

from .catalogue import kind_facts

# (category, fact, the value the phrase needs, the phrase, what it presumes)
PRESUMPTIONS = (
    ("electronics", "screen", "yes", r"贴膜|边框|黑边|碎屏", "a screen"),
    ("ecommerce", "colour", "yes", r"色差", "a colour that can differ from the picture"),
    ("ecommerce", "antifake", "yes", r"防伪码|溯源码|防伪贴", "an anti-counterfeit code on the pack"),
    ("ecommerce", "lasts", "yes", r"(用|吃)了(半个月|一个多月|两个月|快两个月|几个月|半年|大半年)|(收到|到手|买来)"
     r"(一个多月|快俩月|两个多月|一个来月)|用久了|用一阵子", "an item kept for weeks and months"),
    ("restaurant", "seasoned", "yes", r"入味", "dishes that carry their own seasoning (not a hotpot's, cooked at the table)"),
    ("restaurant", "quiet", "yes", r"(?<![不太])安静|轻音乐|爵士", "a quiet dining room"),
    ("hotel", "metro", "yes", r"地铁", "a city with a metro"),
    # issue 17, the shopper's reading (seed 60481): kinds that never declared what their clauses presumed
    ("restaurant", "dishes", "yes", r"一桌(子|)菜|[几三四五六两]个菜|[几每]道菜|点的菜|一桌人",
     "a table of dishes (not a coffee and a cake, not a bowl of noodles)"),
    ("apparel", "shoulders", "yes", r"肩线|肩膀|袖子|袖口|领口|半身裙", "a garment with shoulders and sleeves"),
    ("fresh", "seafood", "yes", r"海鲜|虾蟹", "seafood (pork does not thaw as 海鲜)"),
    ("electronics", "onsite", "yes", r"上门(检测|维修|看|修)", "a device repaired at home, not carried or sent in"),
    # issue 17, the reader of seed 24601: a burger with 汤和饭, a milk tea in a 餐盒, a cookbook read in one go, a
    # smartwatch's battery judged by games
    ("takeaway", "soup", "yes", r"汤和饭|汤和[粉面菜]|汤汁?(一点都|)没(洒|漏)", "a meal with soup (not fried chicken, a salad or a drink)"),
    ("takeaway", "boxed", "yes", r"餐盒|饭菜", "a meal in boxes (a drink comes in a cup)"),
    ("book", "page_turner", "yes", r"一口气(读|看)|熬夜(读|看)|停不下来|一读就放不下", "a book read on and on (not a cookbook or a guide)"),
    ("electronics", "games", "yes", r"游戏", "a device games are played on (not earbuds or a watch)"),
)


@lru_cache(maxsize=1)
def _shown_kind_domain():
    """The reviews domain (same name, same streams, same rows) with the item's kind as a column of its own."""
    from synth.schema import Domain

    from .fields import DOMAIN, declare
    from .request import check_request

    domain = Domain(DOMAIN.name, DOMAIN.summary, options=DOMAIN.options.values(), max_attempts=DOMAIN.max_attempts)
    domain.validate_request = check_request
    declare(domain)

    @domain.field("kind", parents=("_kind",), doc="the item's kind")
    def kind(ctx, kinds):
        return kinds

    return domain


def reviews_with_kind(category: str, n: int, seed: int):
    """n reviews of a category as `synth.generate` makes them, with their kind."""
    from synth.api import generate

    return generate(_shown_kind_domain(), n, seed=seed, category=category)


def needs_unmet(category: str, kind: str, fact: str, value: str) -> bool:
    """Whether a kind lacks what a phrase needs (a kind that does not declare the fact has it)."""
    return dict(kind_facts(category, kind)).get(fact, value) != value


def scan(category: str, texts, kinds) -> dict[str, list[str]]:
    """For each presumption of the category, the texts that say its phrase of a kind that lacks the fact."""
    found: dict[str, list[str]] = {}
    for name, fact, value, phrase, _ in PRESUMPTIONS:
        if name != category:
            continue
        pattern = re.compile(phrase)
        found[f"{fact}={value}: {phrase}"] = [t for t, k in zip(texts, kinds)
                                              if needs_unmet(category, k, fact, value) and pattern.search(t)]
    return found


def categories_checked() -> tuple[str, ...]:
    return tuple(dict.fromkeys(p[0] for p in PRESUMPTIONS))

