"""A review's plan: which aspects it discusses, in what order, with what polarity, mixed or not, and how long it
aims to be; and how long a review of a kind can be at all."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from synth.grammar import uniform_source

from .catalogue import MILD_DRAWS, MILD_RATE, Category, categories, grammar, kinds_with
from .facts import facts

@lru_cache(maxsize=None)
def length_span(category_name: str, kind: str, count: int, reasoned: bool = False) -> tuple[int, int]:
    """About the shortest and longest review of a kind that discusses `count` aspects (render by choice at the
    extremes: the window [0, 0] takes every shortest choice, a huge one every longest); `reasoned` reviews back
    every opinion with a reason."""
    category = categories()[category_name]
    aspects = [a for a in category.aspects if kind in category.aspect_kinds[a]][:max(count, 1)]
    items = _plan_items(tuple(aspects), ("pos",) * len(aspects), False)
    env = {"category": category_name, "kind": kind, "sentiment": "positive", "rating": "5", "stars": "五",
           "mixed": "no", "item": "《某某》", "place": "某地", "about": about(category_name, tuple(aspects))}
    if reasoned:
        env["reasoned"] = "yes"
    zero = uniform_source([0.0] * 4)
    short = grammar().render("review", env, zero, 0, 0, {"aspects": items})
    long = grammar().render("review", env, zero, 1 << 20, 1 << 20, {"aspects": items})
    return len(short.text), len(long.text)


def length_bounds(category_name: str, required: tuple[str, ...], per_review: tuple[int, int],
                  reasoned: bool = False) -> tuple[int, int]:
    """The shortest and longest reviews a request can get, over the kinds it allows."""
    category = categories()[category_name]
    kinds = kinds_with(category, required) or category.kinds
    shortest, longest = 1 << 30, 0
    for kind in kinds:
        available = sum(kind in category.aspect_kinds[a] for a in category.aspects)
        low = min(max(per_review[0], len(required)), available)
        high = min(max(per_review[1], len(required)), available)
        shortest = min(shortest, length_span(category_name, kind, low, reasoned)[0])
        longest = max(longest, length_span(category_name, kind, high, reasoned)[1])
    return shortest, longest


COMFORT = 0.55   # a review of k aspects is comfortable up to this share of its longest possible length


@lru_cache(maxsize=None)
def aspects_for_length(category_name: str, kind: str, high_count: int, reasoned: bool = False):
    """A vectorised map from target length to the fewest aspects (up to high_count) that say it comfortably."""
    reach = np.array([COMFORT * length_span(category_name, kind, k, reasoned)[1] for k in range(1, high_count + 1)])

    def count(target: np.ndarray) -> np.ndarray:
        return np.searchsorted(reach, target, side="left") + 1

    return count


@lru_cache(maxsize=None)
def aspects_that_fit(category_name: str, kind: str, high_count: int):
    """For reasoned reviews: a vectorised map from target length to the most aspects (up to high_count, at least
    1) whose shortest reasoned review is at most ROOM of the target."""
    shortest = np.array([length_span(category_name, kind, k, True)[0] / ROOM for k in range(1, high_count + 1)])

    def count(target: np.ndarray) -> np.ndarray:
        return np.maximum(np.searchsorted(shortest, target, side="right"), 1)

    return count


# Real review lengths are skewed: many short ones, a long tail. The target length is lo + (hi - lo) * u ** SKEW.
LENGTH_SKEW = 1.6

ROOM = 0.7   # a reasoned review of k aspects is at ease when its shortest form takes at most this share of its target


@lru_cache(maxsize=4096)
def about(category_name: str, aspects: tuple[str, ...]) -> str:
    """What a review is about, for the grammar's `about` variable: "service" when every aspect it discusses is
    about the delivery or service around the item (a book review of only its delivery cannot compare the author's
    earlier books), else "item"."""
    service = categories()[category_name].service_aspects
    return "service" if aspects and all(a in service for a in aspects) else "item"


# -- the plan ------------------------------------------------------------------------------------------------
class Plan:
    """What a review will say: aspect keys in order, their polarity codes (pos/neg/ok/meh/mid), mixed, target."""

    __slots__ = ("aspects", "polarities", "mixed", "target", "facts")

    def __init__(self, aspects: tuple[str, ...], polarities: tuple[str, ...], mixed: bool, target: int,
                 facts: tuple = ()):
        self.aspects, self.polarities, self.mixed, self.target = aspects, polarities, mixed, target
        self.facts = facts   # ((variable, value), ...): what every clause of the review agrees on (see `facts`)

    def __repr__(self) -> str:
        return f"Plan({self.aspects}, {self.polarities}, mixed={self.mixed}, target={self.target}, facts={self.facts})"


def make_plans(category: Category, kind: str, sentiments: np.ndarray, u: np.ndarray, options: dict,
               soft: np.ndarray | None = None, fact_u: np.ndarray | None = None) -> list[Plan]:
    """Plans for records of one category and kind, from their uniforms (one row each): u[:, 0] the aspect count,
    u[:, 1] mixed or not, u[:, 2:10] which other aspects (by weight), u[:, 10:18] their order, u[:, 18] the target
    length, u[:, 19] which polarity comes first in a neutral review; soft[:, j] (MILD_DRAWS columns) whether the
    j-th aspect is said mildly (none without soft, and none in reasoned reviews, whose opinions are explicit);
    fact_u[:, j] (FACT_DRAWS columns) the facts every clause shares (none without fact_u)."""
    n = len(sentiments)
    available, required, others = _plan_table(category.name, kind, options["require"], options["aspects_per_review"])
    low, high = options["aspects_per_review"]
    high = min(high, len(available))
    low = min(low, high)
    lo, hi = options["length"]
    target = lo + np.minimum((u[:, 18] ** LENGTH_SKEW * (hi - lo + 1)).astype(np.int64), hi - lo)
    # A uniform count in the range, raised where the target length needs more aspects to be said comfortably
    # (a long review of one aspect would have to stretch every sentence to its longest form).
    count = low + np.minimum((u[:, 0] * (high - low + 1)).astype(np.int64), high - low)
    reasoned = bool(options.get("reasoned"))
    count = np.maximum(count, np.minimum(aspects_for_length(category.name, kind, high, reasoned)(target), high))
    if reasoned:
        # Every reasoned clause carries its reason (about twice as long): no more aspects than the target can
        # hold at ease, so a review is not squeezed into the shortest phrasing of everything.
        count = np.minimum(count, np.maximum(aspects_that_fit(category.name, kind, high)(target), low))
    mixed = (u[:, 1] < options["mixed_rate"]) & (sentiments != "neutral")
    if high >= 2:
        count = np.where((mixed | (sentiments == "neutral")) & (count < 2), 2, count)
    mixed &= count >= 2
    count = np.maximum(count, len(required))
    # Other aspects by weight without replacement: the largest u ** (1 / weight) (Efraimidis-Spirakis).
    names = np.array(list(required) + [a for a, _ in others], dtype=object)
    keys = np.full((n, len(names)), 2.0)                      # required aspects always come first
    if others:
        keys[:, len(required):] = u[:, 2:2 + len(others)] ** np.array([w for _, w in others])
    ranked = np.argsort(-keys, axis=1, kind="stable")
    # Shuffle the chosen ones: order keys, chosen first, then by a draw each.
    slots = np.arange(len(names))
    order_keys = np.where(slots[None, :] < count[:, None], u[:, 10:10 + len(names)], 2.0 + slots[None, :])
    order = np.argsort(order_keys, axis=1, kind="stable")
    chosen_matrix = names[np.take_along_axis(ranked, order, axis=1)]
    neutral_first = u[:, 19] < 0.5
    if soft is None or options.get("reasoned"):
        soft = np.ones((n, MILD_DRAWS))
    mild = (soft < MILD_RATE).tolist()
    plans = []
    fact_rows = fact_u.tolist() if fact_u is not None else [None] * n
    for k, row, s, is_mixed, first, aim, soft, fu in zip(count.tolist(), chosen_matrix.tolist(), sentiments.tolist(),
                                                        mixed.tolist(), neutral_first.tolist(), target.tolist(), mild,
                                                        fact_rows):
        # The first aspect is said plainly, so a review is never only mild (前台有点慢 is not a two-star review);
        # a mixed review's last two aspects are its strong clause and the one against it (aspect.pair.*).
        strong_from = min(k - 2 if is_mixed else k, MILD_DRAWS)
        if s == "positive":
            polarities = tuple("ok" if 0 < j < strong_from and soft[j] else "pos" for j in range(k - 1)) + (
                ("meh",) if is_mixed else ("ok" if 0 < k - 1 < strong_from and soft[k - 1] else "pos",))
        elif s == "negative":
            polarities = tuple("meh" if 0 < j < strong_from and soft[j] else "neg" for j in range(k - 1)) + (
                ("ok",) if is_mixed else ("meh" if 0 < k - 1 < strong_from and soft[k - 1] else "neg",))
        elif k == 1:
            polarities = ("mid",)
        else:
            pair = ("ok", "meh") if first else ("meh", "ok")
            polarities = tuple(pair[j % 2] for j in range(k))
        aspects = tuple(row[:k])
        plans.append(Plan(aspects, polarities, is_mixed, aim,
                          facts(category.name, kind, aspects, polarities, fu, aim) if fu is not None else ()))
    return plans


def make_plan(category: Category, kind: str, sentiment: str, u, options: dict) -> Plan:
    """The plan of one review (see `make_plans`)."""
    return make_plans(category, kind, np.array([sentiment], dtype=object), np.asarray([u], dtype=float), options)[0]


@lru_cache(maxsize=None)
def _plan_table(category_name: str, kind: str, require: tuple, per_review: tuple):
    """(aspects this kind has, the required ones it has, [(other aspect, 1/weight)])."""
    category = categories()[category_name]
    available = tuple(a for a in category.aspects if kind in category.aspect_kinds[a])
    required = tuple(a for a in require if a in available)
    weights = tuple((a, 1.0 / category.aspect_weights[category.aspects.index(a)])
                    for a in available if a not in required)
    return available, required, weights


# A mild clause follows a strong one of the same direction as more of the same (另外, 还有), not as a turn (不过).
_SIGN = {"pos": 1, "ok": 1, "neg": -1, "meh": -1, "mid": 0}


def plan_items(plan: Plan) -> tuple:
    """The list `<@aspects>`: one item per aspect clause, the mixed complaint paired with the clause before it.

    Items are `(symbol, ((variable, value), ...))`, hashable, and cached per plan shape."""
    return _plan_items(plan.aspects, plan.polarities, plan.mixed)


@lru_cache(maxsize=65536)
def _plan_items(aspects: tuple[str, ...], polarities: tuple[str, ...], mixed: bool) -> tuple:
    items = []
    n = len(aspects)
    last_index = n - 2 if mixed else n - 1
    previous = None
    for i in range(n):
        aspect, polarity = aspects[i], polarities[i]
        prev = "none" if previous is None else ("same" if _SIGN[previous] == _SIGN[polarity] else "diff")
        if mixed and i == n - 2:
            items.append((f"aspect.pair.{polarity}", (("aspect", aspect), ("aspect2", aspects[i + 1]),
                                                      ("prev", prev), ("last", "yes"))))
            break
        # run: whether this clause may run on into the next with a comma. Every second one ends its sentence,
        # so no sentence strings three aspects together (位置好，房间大，早餐丰富，服务热情…).
        items.append((f"aspect.item.{polarity}", (("aspect", aspect), ("prev", prev),
                                                  ("last", "yes" if i == last_index else "no"),
                                                  ("run", "yes" if i % 2 == 0 else "no"))))
        previous = polarity
    return tuple(items)
