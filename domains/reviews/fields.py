"""The reviews domain's declaration: one sampler per field and the rules, declared on a domain by `declare` so the
traced variant (`TRACED`) is the same domain with two more columns."""

from __future__ import annotations

import numpy as np
import pandas as pd

from synth.distributions import choose_index
from synth.grammar import segments
from synth.options import is_quota
from synth.schema import Domain

from .catalogue import BLOCK, ITEM_DRAWS, MILD_DRAWS, PLAN_DRAWS, TEXT_DRAWS, categories, grammar, has_place, kinds_with
from .items import given_items
from .facts import FACT_DRAWS, with_item
from .plan import make_plans
from .render import Review, render_review
from .request import OPTIONS, check_request
from .plain import PLAIN_DRAWS, plainer
from .surface import SURFACE_DRAWS, register, roughen

DOMAIN = Domain("reviews", "Labelled Chinese reviews (movies, books, hotels, electronics, restaurants, shops) from grammars", options=OPTIONS)
DOMAIN.request_check(check_request)


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


def by_category(ctx, sub: str, category_column: np.ndarray, draws: int) -> np.ndarray:
    """Uniforms (one row a record) from a stream keyed by the record's category as well: record i of one seed
    gets unrelated plans and skeletons in two categories, not the same structure worded twice."""
    u = np.empty((ctx.size, draws))
    for c, rows in _groups(category_column).items():
        u[rows] = ctx.stream(f"{sub}@{c[0]}").random(draws)[rows]
    return u


def _object_column(values) -> np.ndarray:
    column = np.empty(len(values), dtype=object)
    column[:] = values
    return column


def declare(domain: Domain, with_trace: bool = False) -> None:
    @domain.field("review_id", doc="R + 10-digit record index")
    def review_id(ctx):
        return np.char.add("R", np.char.zfill(ctx.index.astype(str), 10)).astype(object)

    @domain.field("_given", hidden=True, dtype="int",
                  doc="which of the user's items (item=/items=) a record reviews, by weight; -1 without them")
    def given(ctx):
        items = given_items(ctx.options)
        if not items:
            return np.full(ctx.size, -1, dtype=np.int64)
        u = ctx.stream("item").random()   # its own stream: the draws of other fields do not shift
        return choose_index(u, np.array([i.weight for i in items], dtype=float)).astype(np.int64)

    @domain.field("category", parents=("_given",), doc="movie, book, hotel, electronics, restaurant or ecommerce")
    def category(ctx, chosen):
        items = given_items(ctx.options)
        if items:
            return np.array([i.category for i in items], dtype=object)[chosen]
        names = ctx.options["category"]
        return np.array(names, dtype=object)[choose_index(ctx.rng.random(), np.ones(len(names)))]

    @domain.field("_kind", parents=("category", "_given"), hidden=True,
                  doc="the item's kind within its category (phone, hotpot, novel...)")
    def kind(ctx, category_column, chosen):
        items = given_items(ctx.options)
        if items:
            return np.array([i.kind for i in items], dtype=object)[chosen]
        u = ctx.rng.random()
        out = np.empty(ctx.size, dtype=object)
        cats = categories()
        for name in np.unique(category_column.astype(str)):
            spec = cats[name]
            kinds = kinds_with(spec, ctx.options["require"]) or spec.kinds
            weights = np.array([spec.kind_weights[spec.kinds.index(k)] for k in kinds])
            rows = np.flatnonzero(category_column == name)
            out[rows] = np.array(kinds, dtype=object)[choose_index(u[rows], weights)]
        return out

    @domain.field("_place", parents=("category", "_kind", "_given"), hidden=True,
                  doc="the city or area the item is in (hotels), shared by its name and the text")
    def place(ctx, category_column, kinds, chosen):
        items = given_items(ctx.options)
        if items:   # a given hotel's city is its city fact (without one, the text names no city)
            return np.array([dict(i.env).get("city", "") if i.category == "hotel" else "" for i in items],
                            dtype=object)[chosen]
        u = ctx.rng.random(4)
        g = grammar()
        out = np.full(ctx.size, "", dtype=object)
        for (c, k), rows in _groups(category_column, kinds).items():
            if has_place(c, k):
                out[rows] = g.render_many("place", {"category": c, "kind": k}, u[rows])
        return out

    @domain.field("item", parents=("category", "_kind", "_place", "_given"),
                  doc="the user's item (item=/items=) or an invented title, product or place name")
    def item(ctx, category_column, kinds, places, chosen):
        items = given_items(ctx.options)
        if items:
            return np.array([i.name for i in items], dtype=object)[chosen]
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
        u = by_category(ctx, "", category_column, PLAN_DRAWS)
        soft = by_category(ctx, "mild", category_column, MILD_DRAWS)   # its own stream: the plan draws do not shift
        fact_u = by_category(ctx, "facts", category_column, FACT_DRAWS)   # so too the shared facts
        cats = categories()
        out = np.empty(ctx.size, dtype=object)
        for (c, k), rows in _groups(category_column, kinds).items():
            for i, plan in zip(rows, make_plans(cats[c], k, sentiments[rows], u[rows], ctx.options, soft[rows],
                                                fact_u[rows])):
                out[i] = plan
        return out

    @domain.field("rating", parents=("sentiment", "_plan"), dtype="int",
                  doc="1-5: positive 4-5 (mixed or mild always 4), negative 1-2, neutral 3")
    def rating(ctx, sentiments, plans):
        u = ctx.rng.random()
        mixed = np.array([p.mixed for p in plans], dtype=bool)
        mild = np.array([("ok" in p.polarities or "meh" in p.polarities) for p in plans], dtype=bool)
        five = np.where(mixed | mild, 0.0, 0.72)   # no full marks after a complaint or a hedged praise (还行)
        one = np.where(mixed, 0.15, np.where(mild, 0.35, 0.55))
        return np.where(sentiments == "positive", np.where(u < five, 5, 4),
                        np.where(sentiments == "negative", np.where(u < one, 1, 2), 3)).astype(np.int64)

    @domain.field("_review", parents=("category", "_kind", "item", "sentiment", "rating", "_plan", "_place",
                                       "_given"),
                  hidden=True, doc="the rendered text with its trace")
    def review(ctx, category_column, kinds, items, sentiments, ratings, plans, places, chosen):
        u = by_category(ctx, "", category_column, TEXT_DRAWS)
        # its own stream: the text's draws do not shift
        typed = by_category(ctx, "surface", category_column, SURFACE_DRAWS).tolist()
        # plain=true: its own stream too, drawn only when asked, so the default output is unchanged
        plainly = by_category(ctx, "plain", category_column, PLAIN_DRAWS).tolist() if ctx.options.get("plain") else None
        length = ctx.options["length"]
        reasoned = (("reasoned", "yes"),) if ctx.options.get("reasoned") else ()
        given = given_items(ctx.options)
        extras = [item.env + reasoned for item in given] if given else None
        reviews = []
        records = list(zip(category_column.tolist(), kinds.tolist(), items.tolist(), sentiments.tolist(),
                           ratings.tolist(), plans.tolist(), places.tolist(), chosen.tolist()))
        for start in range(0, ctx.size, BLOCK):   # Python floats a block at a time keep memory flat
            rows = u[start:start + BLOCK].tolist()
            for (c, k, item, s, rating, plan, place, g), row, how in zip(records[start:start + BLOCK], rows,
                                                                           typed[start:start + BLOCK]):
                # the user's item's own facts come last, so they win over its kind's defaults (a given hotel's city
                # decides its metro, not the kind)
                extra = with_item(plan.facts, c, item) + (extras[g] if extras is not None else reasoned)
                plain = not reasoned and extras is None   # the user's items always open by naming them
                rendered = render_review(c, k, item, s, rating, plan, row, length, place, with_trace, extra,
                                         register(how, plan, s) if plain else "")
                if not reasoned:   # a reasoned review keeps its reasons' punctuation: each starts at its comma
                    rendered = roughen(rendered, how, s, item, length[1], length[0])
                    if plainly is not None:
                        rendered = plainer(rendered, plainly[len(reviews)], s, item, length[0], length[1])
                reviews.append(Review(rendered, with_trace))
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

        @domain.field("reasons", parents=("_review",), dtype="list",
                      doc="(aspect, polarity, start, end) per reason backing an opinion (reasoned=true), else empty")
        def reasons_field(ctx, reviews):
            return _object_column([[list(c) for c in r.reasons] for r in reviews])

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
