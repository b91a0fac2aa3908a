"""The `reviews` domain: labelled Chinese product, place and work reviews written by text grammars.

Every review is planned, then written, then labelled from what was written:

1. *Plan* (per record, from its own draws): the category's item kind (`kind`: a phone or earbuds, a hotpot place
   or a café), the aspects to discuss (`require` first, then others by the category's weights, `aspects_per_review`
   in all), and each aspect's polarity. A positive review praises every aspect; a negative one criticises every
   aspect. With probability `mixed_rate` (default 0.15) a review is *mixed*: a positive review carries one mild
   complaint (虽然…但是 / 不过 / 就是…) and a negative one a grudging concession (虽然…还行，但…); the overall label
   stays true because the verdict and all other aspects carry it. Neutral reviews (only when asked) pair a
   mild praise with a mild complaint and end on a lukewarm verdict. The rating follows the sentiment (positive 4-5,
   mixed positive more often 4; negative 1-2; neutral 3) and the text may mention it (给四星).
2. *Write*: the grammar in `domains/reviews/*.grammar` renders the skeleton `review` (opening, the aspect clauses,
   details, a comparison, a personal verdict, a closing, in several registers: short and blunt, narrative,
   colloquial) aiming at a length drawn uniformly from the `length` range; length is met by choosing clauses,
   never by cutting. The grammar's format is documented in `synth.grammar`.
3. *Label*: `aspects` and `aspect_sentiments` are read from the captured aspect clauses (`<^clause.pos>` etc.) in
   text order, so they say what the text says. Consistency rules (rating vs sentiment, required aspects present,
   length in range and equal to len(text), aspect polarities agreeing with the overall label) make the engine
   regenerate the rare record that misses.

The token structure of every review is available without re-segmenting: `generate_with_trace` returns the same
rows with `segments` (a list of `(text, kind, tag)`: kinds text, slot, number, sentiment, negation, aspect; see
`synth.grammar.segments`) and `clauses` (`(aspect, polarity, start, end)`), so augmenters can protect slot values,
numbers, sentiment words, negations and aspect terms. `render_review` renders one review from given choices.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any

import numpy as np
import pandas as pd

from synth.distributions import choose_index
from synth.errors import SynthError
from synth.grammar import Grammar, Rendered, load_grammar, segments, uniform_source, windows_around
from synth.options import Option, is_quota, parse_int_range, parse_list, parse_rate, parse_shares
from synth.resources import domain_path
from synth.schema import Domain

SENTIMENTS = ("positive", "negative", "neutral")
RATING_STARS = {1: "一", 2: "两", 3: "三", 4: "四", 5: "五"}
# What a captured expansion says: the clause symbols, and an aspect's own parts that items capture directly.
POLARITY_OF_CLAUSE = {"aspect.clause.pos": "positive", "aspect.clause.ok": "positive",
                      "aspect.clause.neg": "negative", "aspect.clause.meh": "negative", "aspect.clause.mid": "neutral"}
POLARITY_OF_PART = {"pos": "positive", "pos.more": "positive", "sp": "positive",
                    "neg": "negative", "neg.more": "negative", "sn": "negative"}


@lru_cache(maxsize=None)
def clause_polarity(name: str) -> str | None:
    """The polarity a captured symbol states (None for captures that are not aspect clauses, like the verdict)."""
    if name in POLARITY_OF_CLAUSE:
        return POLARITY_OF_CLAUSE[name]
    _, _, part = name.partition(".")
    return POLARITY_OF_PART.get(part)
ITEM_DRAWS = 16        # uniforms per record for the item name
PLAN_DRAWS = 20        # uniforms per record for the plan (aspect count, choice and order, mixing, target length)
TEXT_DRAWS = 48        # uniforms per record for the text; a deterministic fallback follows if a text needs more
DEFAULT_MIXED_RATE = 0.15
BLOCK = 1024


# -- the grammar and what its directives declare --------------------------------------------------------------
@dataclass(frozen=True)
class Category:
    name: str
    label: str
    kinds: tuple[str, ...]
    kind_weights: tuple[float, ...]
    aspects: tuple[str, ...]
    aspect_labels: dict
    aspect_weights: tuple[float, ...]
    aspect_kinds: dict          # aspect -> kinds it applies to


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    return load_grammar(domain_path("reviews"))


@lru_cache(maxsize=1)
def categories() -> dict[str, Category]:
    """Categories, kinds and aspects as the grammar files declare them with @category, @kind and @aspect."""
    g = grammar()
    found: dict[str, dict] = {}
    current: dict | None = None
    order = []
    for name, args, where in g.directives:
        fields = args.split()
        options = dict(f.split("=", 1) for f in fields if "=" in f)
        words = [f for f in fields if "=" not in f]
        if name == "category":
            if len(words) != 2:
                raise SynthError(f"{where}: @category needs a key and a label, like '@category movie 电影'.")
            current = found.setdefault(words[0], {"label": words[1], "kinds": [], "aspects": []})
            order.append(words[0])
        elif name in ("kind", "aspect"):
            if current is None:
                raise SynthError(f"{where}: @{name} must follow a @category directive.")
            if len(words) != 2:
                raise SynthError(f"{where}: @{name} needs a key and a label, like '@{name} key 标签 weight=2'.")
            try:
                weight = float(options.get("weight", 1))
            except ValueError:
                raise SynthError(f"{where}: the weight {options['weight']!r} is not a number.") from None
            if name == "kind":
                current["kinds"].append((words[0], weight))
            else:
                kinds = tuple(options["kinds"].split(",")) if "kinds" in options else None
                current["aspects"].append((words[0], words[1], weight, kinds, where))
        else:
            raise SynthError(f"{where}: unknown directive @{name} (reviews grammars use @when, @category, @kind, @aspect).")
    result = {}
    for key in order:
        spec = found[key]
        kinds = tuple(k for k, _ in spec["kinds"]) or ("default",)
        aspect_kinds = {}
        for aspect, _, _, only, where in spec["aspects"]:
            if only is not None and not set(only) <= set(kinds):
                raise SynthError(f"{where}: @aspect {aspect} names a kind that category {key} does not declare.")
            aspect_kinds[aspect] = only or kinds
        result[key] = Category(
            key, spec["label"], kinds, tuple(w for _, w in spec["kinds"]) or (1.0,),
            tuple(a[0] for a in spec["aspects"]), {a[0]: a[1] for a in spec["aspects"]},
            tuple(a[2] for a in spec["aspects"]), aspect_kinds)
    return result


def category_names() -> tuple[str, ...]:
    return tuple(categories())


# -- options -------------------------------------------------------------------------------------------------
CATEGORY_KEYS = ("movie", "book", "hotel", "electronics", "restaurant", "ecommerce")


def _parse_categories(value: Any) -> tuple[str, ...]:
    names = parse_list(value, category_names())
    if not names:
        raise ValueError("expected at least one category")
    return names


def _parse_sentiment(value: Any) -> dict:
    return parse_shares(value, SENTIMENTS)


def _parse_length(value: Any) -> tuple[int, int]:
    low, high = parse_int_range(value)
    if low < 1:
        raise ValueError("lengths are at least 1 character")
    return low, high


def _parse_aspect_count(value: Any) -> tuple[int, int]:
    low, high = parse_int_range(value)
    if low < 1:
        raise ValueError("every review discusses at least one aspect")
    return low, high


DOMAIN = Domain("reviews", "Labelled Chinese reviews (movies, books, hotels, electronics, restaurants, shops) from grammars",
                options=[
    Option("category", ",".join(CATEGORY_KEYS), _parse_categories,
           "one or several of movie, book, hotel, electronics, restaurant, ecommerce (evenly mixed)"),
    Option("sentiment", "positive:0.65,negative:0.35", _parse_sentiment,
           "positive/negative/neutral: integers are exact quotas summing to start+n, fractions are probabilities"),
    Option("length", "20-120", _parse_length, "text length range in characters, met by choosing clauses"),
    Option("require", "", parse_list, "aspects every review discusses, e.g. plot,acting (must exist in each category)"),
    Option("aspects_per_review", "1-3", _parse_aspect_count, "how many aspects a review discusses"),
    Option("mixed_rate", DEFAULT_MIXED_RATE, parse_rate,
           "share of reviews with one aspect against the overall label (a complaint in a positive review)"),
])


@DOMAIN.request_check
def check_request(options: dict, start: int, stop: int) -> None:
    shares = options["sentiment"]
    if is_quota(shares) and sum(shares.values()) != stop:
        total = sum(shares.values())
        raise SynthError(f"The sentiment quotas add up to {total}, but they must cover exactly the records 0 to "
                         f"{stop} (start + n = {stop}).")
    cats = categories()
    required = options["require"]
    low, high = options["aspects_per_review"]
    for name in options["category"]:
        category = cats[name]
        for aspect in required:
            if aspect not in category.aspects:
                raise SynthError(f"The required aspect {aspect!r} does not exist in category {name!r} "
                                 f"(its aspects: {', '.join(category.aspects)}).")
        if required and not _kinds_for(category, required):
            raise SynthError(f"No kind of {name} item has all of the aspects {', '.join(required)}.")
    if len(required) > high:
        raise SynthError(f"require names {len(required)} aspects but aspects_per_review allows at most {high}; "
                         f"raise aspects_per_review to {len(required)} or more.")
    lo, hi = options["length"]
    for name in options["category"]:
        shortest, longest = _length_bounds(name, required, options["aspects_per_review"])
        if hi < shortest:
            raise SynthError(f"length={lo}-{hi} is too short for {name} reviews"
                             f"{' that discuss ' + ', '.join(required) if required else ''}: the shortest is about "
                             f"{shortest} characters.")
        if lo > longest:
            raise SynthError(f"length={lo}-{hi} is too long for {name} reviews: the longest is about {longest} characters.")


def _kinds_for(category: Category, required: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(k for k in category.kinds if all(k in category.aspect_kinds[a] for a in required))


@lru_cache(maxsize=None)
def _has_place(category: str, kind: str) -> bool:
    return grammar().has("place", {"category": category, "kind": kind})


@lru_cache(maxsize=None)
def _span(category_name: str, kind: str, count: int) -> tuple[int, int]:
    """About the shortest and longest review of a kind that discusses `count` aspects (render by choice at the
    extremes: the window [0, 0] takes every shortest choice, a huge one every longest)."""
    category = categories()[category_name]
    aspects = [a for a in category.aspects if kind in category.aspect_kinds[a]][:max(count, 1)]
    items = _plan_items(tuple(aspects), ("pos",) * len(aspects), False)
    env = {"category": category_name, "kind": kind, "sentiment": "positive", "rating": "5", "stars": "五",
           "mixed": "no", "item": "《某某》", "place": "某地"}
    zero = uniform_source([0.0] * 4)
    short = grammar().render("review", env, zero, 0, 0, {"aspects": items})
    long = grammar().render("review", env, zero, 1 << 20, 1 << 20, {"aspects": items})
    return len(short.text), len(long.text)


def _length_bounds(category_name: str, required: tuple[str, ...], per_review: tuple[int, int]) -> tuple[int, int]:
    """The shortest and longest reviews a request can get, over the kinds it allows."""
    category = categories()[category_name]
    kinds = _kinds_for(category, required) or category.kinds
    shortest, longest = 1 << 30, 0
    for kind in kinds:
        available = sum(kind in category.aspect_kinds[a] for a in category.aspects)
        low = min(max(per_review[0], len(required)), available)
        high = min(max(per_review[1], len(required)), available)
        shortest = min(shortest, _span(category_name, kind, low)[0])
        longest = max(longest, _span(category_name, kind, high)[1])
    return shortest, longest


COMFORT = 0.55   # a review of k aspects is comfortable up to this share of its longest possible length


@lru_cache(maxsize=None)
def _aspects_for_length(category_name: str, kind: str, high_count: int):
    """A vectorised map from target length to the fewest aspects (up to high_count) that say it comfortably."""
    reach = np.array([COMFORT * _span(category_name, kind, k)[1] for k in range(1, high_count + 1)])

    def count(target: np.ndarray) -> np.ndarray:
        return np.searchsorted(reach, target, side="left") + 1

    return count


# -- the plan ------------------------------------------------------------------------------------------------
class Plan:
    """What a review will say: aspect keys in order, their polarity codes (pos/neg/ok/meh/mid), mixed, target."""

    __slots__ = ("aspects", "polarities", "mixed", "target")

    def __init__(self, aspects: tuple[str, ...], polarities: tuple[str, ...], mixed: bool, target: int):
        self.aspects, self.polarities, self.mixed, self.target = aspects, polarities, mixed, target

    def __repr__(self) -> str:
        return f"Plan({self.aspects}, {self.polarities}, mixed={self.mixed}, target={self.target})"


def make_plans(category: Category, kind: str, sentiments: np.ndarray, u: np.ndarray, options: dict) -> list[Plan]:
    """Plans for records of one category and kind, from their uniforms (one row each): u[:, 0] the aspect count,
    u[:, 1] mixed or not, u[:, 2:10] which other aspects (by weight), u[:, 10:18] their order, u[:, 18] the target
    length, u[:, 19] which polarity comes first in a neutral review."""
    n = len(sentiments)
    available, required, others = _plan_table(category.name, kind, options["require"], options["aspects_per_review"])
    low, high = options["aspects_per_review"]
    high = min(high, len(available))
    low = min(low, high)
    lo, hi = options["length"]
    target = lo + np.minimum((u[:, 18] * (hi - lo + 1)).astype(np.int64), hi - lo)
    # A uniform count in the range, raised where the target length needs more aspects to be said comfortably
    # (a long review of one aspect would have to stretch every sentence to its longest form).
    count = low + np.minimum((u[:, 0] * (high - low + 1)).astype(np.int64), high - low)
    count = np.maximum(count, np.minimum(_aspects_for_length(category.name, kind, high)(target), high))
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
    plans = []
    for k, row, s, is_mixed, first, aim in zip(count.tolist(), chosen_matrix.tolist(), sentiments.tolist(),
                                              mixed.tolist(), neutral_first.tolist(), target.tolist()):
        if s == "positive":
            polarities = ("pos",) * (k - 1) + (("meh",) if is_mixed else ("pos",))
        elif s == "negative":
            polarities = ("neg",) * (k - 1) + (("ok",) if is_mixed else ("neg",))
        elif k == 1:
            polarities = ("mid",)
        else:
            pair = ("ok", "meh") if first else ("meh", "ok")
            polarities = tuple(pair[j % 2] for j in range(k))
        plans.append(Plan(tuple(row[:k]), polarities, is_mixed, aim))
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
        prev = "none" if previous is None else ("same" if previous == polarity else "diff")
        if mixed and i == n - 2:
            items.append((f"aspect.pair.{polarity}", (("aspect", aspect), ("aspect2", aspects[i + 1]),
                                                      ("prev", prev), ("last", "yes"))))
            break
        items.append((f"aspect.item.{polarity}", (("aspect", aspect), ("prev", prev),
                                                  ("last", "yes" if i == last_index else "no"))))
        previous = polarity
    return tuple(items)


def render_review(category: str, kind: str, item: str, sentiment: str, rating: int, plan: Plan,
                  u: list[float] | np.ndarray, length: tuple[int, int], place: str = "", pieces: bool = True) -> Rendered:
    """One review's text and trace for a plan, from the uniforms `u` (then a deterministic fallback); without
    `pieces` the trace keeps only the captured clauses."""
    env = {"category": category, "kind": kind, "item": item, "sentiment": sentiment, "rating": str(rating),
           "stars": RATING_STARS[rating], "mixed": "yes" if plan.mixed else "no", "place": place}
    row = u.tolist() if isinstance(u, np.ndarray) else u
    items = plan_items(plan)
    lo, hi = length
    return grammar().render_entry(_entry(env, items), env, uniform_source(row), windows_around(lo, hi, plan.target),
                                  lo, hi, pieces)


_ENTRIES: dict[tuple, tuple] = {}


def _entry(env: dict, items: tuple) -> tuple:
    """The grammar's entry for a review's variables and aspect items, shared by every review that agrees on the
    values the grammar reads (category, kind, sentiment, rating, mixed) and on the lengths of its item and place
    names: working it out is a third of the time of writing a short review."""
    if not _names_count_by_length():
        return grammar().entry("review", env, {"aspects": items})
    key = (env["category"], env["kind"], env["sentiment"], env["rating"], env["mixed"], len(env["item"]),
           len(env["place"]), id(items))
    found = _ENTRIES.get(key)
    if found is None or found[0] is not items:   # the cache holds the items, so their id stays theirs
        if len(_ENTRIES) > 100_000:
            _ENTRIES.clear()
        found = _ENTRIES[key] = (items, grammar().entry("review", env, {"aspects": items}))
    return found[1]


@lru_cache(maxsize=1)
def _names_count_by_length() -> bool:
    """Whether the grammar reads the item and place names only for their length (no condition tests them)."""
    return not (grammar().reads_value("item") or grammar().reads_value("place"))


class Review:
    """A rendered review kept small: its text, pieces, aspect clauses and the labels read from them."""

    __slots__ = ("text", "pieces", "clauses", "aspects", "polarity")

    def __init__(self, rendered: Rendered, keep_pieces: bool = True):
        self.text = rendered.text
        self.pieces = rendered.pieces if keep_pieces else None
        self.clauses = clause_spans(rendered)
        self.aspects, self.polarity = labels(self.clauses)


def clause_spans(rendered: Rendered) -> list[tuple[str, str, int, int]]:
    """`(aspect, polarity, start, end)` of every aspect clause, in text order (a clause's captured parts joined)."""
    spans: list[tuple] = []
    for name, start, end, env in rendered.captures:
        polarity = clause_polarity(name)
        if polarity is None:
            continue
        aspect = env["aspect"]
        if spans:
            last = spans[-1]
            if last[3] == start and last[0] == aspect and last[1] == polarity:
                spans[-1] = (aspect, polarity, last[2], end)
                continue
        spans.append((aspect, polarity, start, end))
    spans.sort(key=_START)
    return spans


_START = itemgetter(2)


def labels(rendered: Rendered | list) -> tuple[list[str], dict[str, str]]:
    """Aspect keys in text order and their polarity, read from the captured aspect clauses."""
    clauses = rendered if isinstance(rendered, list) else clause_spans(rendered)
    aspects: list[str] = []
    polarity: dict[str, str] = {}
    for aspect, label, _, _ in clauses:
        if aspect not in polarity:
            aspects.append(aspect)
            polarity[aspect] = label
        elif polarity[aspect] != label:
            polarity[aspect] = "mixed"
    return aspects, polarity


# -- fields --------------------------------------------------------------------------------------------------
def _groups(*columns: np.ndarray) -> dict[tuple, np.ndarray]:
    """Row indices (ascending) of each distinct combination of values (few: categories and kinds), in the order
    the combinations first occur."""
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        codes, values = pd.factorize(column)
        combined = combined * len(values) + codes
    keys, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    rows = np.split(np.argsort(inverse, kind="stable"), np.cumsum(np.bincount(inverse))[:-1])
    return {tuple(column[first[g]] for column in columns): rows[g] for g in np.argsort(first)}


def _object_column(values) -> np.ndarray:
    column = np.empty(len(values), dtype=object)
    column[:] = values
    return column


def declare(domain: Domain, with_trace: bool = False) -> None:
    @domain.field("review_id", doc="R + 10-digit record index")
    def review_id(ctx):
        return np.char.add("R", np.char.zfill(ctx.index.astype(str), 10)).astype(object)

    @domain.field("category", doc="movie, book, hotel, electronics, restaurant or ecommerce")
    def category(ctx):
        names = ctx.options["category"]
        return np.array(names, dtype=object)[choose_index(ctx.rng.random(), np.ones(len(names)))]

    @domain.field("_kind", parents=("category",), hidden=True,
                  doc="the item's kind within its category (phone, hotpot, novel...)")
    def kind(ctx, category_column):
        u = ctx.rng.random()
        out = np.empty(ctx.size, dtype=object)
        cats = categories()
        for name in np.unique(category_column.astype(str)):
            spec = cats[name]
            kinds = _kinds_for(spec, ctx.options["require"]) or spec.kinds
            weights = np.array([spec.kind_weights[spec.kinds.index(k)] for k in kinds])
            rows = np.flatnonzero(category_column == name)
            out[rows] = np.array(kinds, dtype=object)[choose_index(u[rows], weights)]
        return out

    @domain.field("_place", parents=("category", "_kind"), hidden=True,
                  doc="the city or area the item is in (hotels), shared by its name and the text")
    def place(ctx, category_column, kinds):
        u = ctx.rng.random(4)
        g = grammar()
        out = np.full(ctx.size, "", dtype=object)
        for (c, k), rows in _groups(category_column, kinds).items():
            if _has_place(c, k):
                out[rows] = g.render_many("place", {"category": c, "kind": k}, u[rows])
        return out

    @domain.field("item", parents=("category", "_kind", "_place"), doc="an invented title, product or place name")
    def item(ctx, category_column, kinds, places):
        u = ctx.rng.random(ITEM_DRAWS)
        g = grammar()
        out = np.empty(ctx.size, dtype=object)
        for (c, k), rows in _groups(category_column, kinds).items():
            values = [{"place": p} for p in places[rows]]
            out[rows] = g.render_many("item", {"category": c, "kind": k, "place": places[rows[0]]}, u[rows],
                                      values)
        return out

    @domain.field("sentiment", doc="positive, negative (or neutral when asked): exact quotas or probabilities")
    def sentiment(ctx):
        shares = ctx.options["sentiment"]
        if is_quota(shares):
            return ctx.quota({k: v for k, v in shares.items() if v > 0})
        labels_ = np.array(list(shares), dtype=object)
        return labels_[choose_index(ctx.rng.random(), np.array(list(shares.values()), dtype=float))]

    @domain.field("_plan", parents=("category", "_kind", "sentiment"), hidden=True,
                  doc="aspects, their polarities, mixed or not, target length")
    def plan(ctx, category_column, kinds, sentiments):
        u = ctx.rng.random(PLAN_DRAWS)
        cats = categories()
        out = np.empty(ctx.size, dtype=object)
        for (c, k), rows in _groups(category_column, kinds).items():
            for i, plan in zip(rows, make_plans(cats[c], k, sentiments[rows], u[rows], ctx.options)):
                out[i] = plan
        return out

    @domain.field("rating", parents=("sentiment", "_plan"), dtype="int",
                  doc="1-5: positive 4-5 (mixed mostly 4), negative 1-2, neutral 3")
    def rating(ctx, sentiments, plans):
        u = ctx.rng.random()
        mixed = np.array([p.mixed for p in plans], dtype=bool)
        five = np.where(mixed, 0.3, 0.72)
        one = np.where(mixed, 0.15, 0.55)
        return np.where(sentiments == "positive", np.where(u < five, 5, 4),
                        np.where(sentiments == "negative", np.where(u < one, 1, 2), 3)).astype(np.int64)

    @domain.field("_review", parents=("category", "_kind", "item", "sentiment", "rating", "_plan", "_place"),
                  hidden=True, doc="the rendered text with its trace")
    def review(ctx, category_column, kinds, items, sentiments, ratings, plans, places):
        u = ctx.rng.random(TEXT_DRAWS)
        length = ctx.options["length"]
        reviews = []
        records = list(zip(category_column.tolist(), kinds.tolist(), items.tolist(), sentiments.tolist(),
                           ratings.tolist(), plans.tolist(), places.tolist()))
        for start in range(0, ctx.size, BLOCK):   # Python floats a block at a time keep memory flat
            rows = u[start:start + BLOCK].tolist()
            for (c, k, item, s, rating, plan, place), row in zip(records[start:start + BLOCK], rows):
                reviews.append(Review(render_review(c, k, item, s, rating, plan, row, length, place, with_trace),
                                      with_trace))
        return _object_column(reviews)

    @domain.field("aspects", parents=("_review",), dtype="list", doc="aspect keys the text discusses, in text order")
    def aspects(ctx, reviews):
        return _object_column([r.aspects for r in reviews])

    @domain.field("aspect_sentiments", parents=("_review",), dtype="dict",
                  doc="aspect key -> positive/negative (neutral only in one-aspect neutral reviews)")
    def aspect_sentiments(ctx, reviews):
        return _object_column([r.polarity for r in reviews])

    @domain.field("text", parents=("_review",), doc="the review")
    def text(ctx, reviews):
        return _object_column([r.text for r in reviews])

    @domain.field("length", parents=("text",), dtype="int", doc="len(text) in characters")
    def length(ctx, texts):
        return np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))

    if with_trace:
        @domain.field("segments", parents=("_review",), dtype="list",
                      doc="(text, kind, tag) segments joining to text; see synth.grammar.segments")
        def segments_field(ctx, reviews):
            return _object_column([[list(s) for s in segments(r.pieces)] for r in reviews])

        @domain.field("clauses", parents=("_review",), dtype="list", doc="(aspect, polarity, start, end) per clause")
        def clauses_field(ctx, reviews):
            return _object_column([[list(c) for c in r.clauses] for r in reviews])

    # -- consistency rules ------------------------------------------------------------------------------------
    @domain.rule("rating_matches_sentiment", "positive 4-5, negative 1-2, neutral 3", ("sentiment", "rating"))
    def rating_rule(columns, options):
        s, r = columns["sentiment"], columns["rating"].astype(np.int64)
        return np.where(s == "positive", r >= 4, np.where(s == "negative", r <= 2, r == 3))

    @domain.rule("required_aspects_present", "every aspect in require is discussed", ("aspects",))
    def required_rule(columns, options):
        required = set(options["require"])
        return np.fromiter((required <= set(a) for a in columns["aspects"]), dtype=bool, count=len(columns["aspects"]))

    @domain.rule("aspects_agree_with_sentiment",
                 "a positive review has no negative aspect but its one mixed complaint (and vice versa)",
                 ("sentiment", "aspect_sentiments"))
    def agree_rule(columns, options):
        out = np.empty(len(columns["sentiment"]), dtype=bool)
        for i, (s, polarity) in enumerate(zip(columns["sentiment"], columns["aspect_sentiments"])):
            values = list(polarity.values())
            if not values or "mixed" in values:
                out[i] = False
            elif s == "positive":
                out[i] = values.count("negative") <= (1 if len(values) > 1 else 0) and values.count("neutral") == 0
            elif s == "negative":
                out[i] = values.count("positive") <= (1 if len(values) > 1 else 0) and values.count("neutral") == 0
            else:
                out[i] = True
        return out

    @domain.rule("length_in_range", "length within the length option", ("length",))
    def length_rule(columns, options):
        lo, hi = options["length"]
        n = columns["length"].astype(np.int64)
        return (n >= lo) & (n <= hi)

    @domain.rule("length_is_len_text", "length == len(text)", ("text", "length"))
    def length_text_rule(columns, options):
        return np.fromiter((len(t) == n for t, n in zip(columns["text"], columns["length"])), dtype=bool,
                           count=len(columns["text"]))


declare(DOMAIN)

# The same domain (same name, so the same streams and rows) with two more columns: the trace of each review.
TRACED = Domain(DOMAIN.name, DOMAIN.summary, options=DOMAIN.options.values(), max_attempts=DOMAIN.max_attempts)
TRACED.validate_request = check_request
declare(TRACED, with_trace=True)


def generate_with_trace(n: int, seed: int = 0, start: int = 0, **options):
    """Rows [start, start + n) exactly as `synth.generate("reviews", ...)` makes them, plus `segments` and `clauses`."""
    from synth.api import generate

    return generate(TRACED, n, seed=seed, start=start, **options)
