"""What a user may ask of the reviews domain: its options, parsed, and the requests it refuses before generating."""

from __future__ import annotations

from typing import Any

from synth.errors import SynthError
from synth.options import Option, is_quota, parse_bool, parse_int_range, parse_list, parse_rate, parse_shares

from .catalogue import DEFAULT_MIXED_RATE, SENTIMENTS, categories, category_names, grammar, kinds_with
from .items import given_items, parse_item, parse_items_file
from .plan import length_bounds

CATEGORY_KEYS = ("movie", "book", "hotel", "electronics", "restaurant", "ecommerce", "takeaway", "apparel", "beauty", "appliance", "fresh", "snacks", "baby")


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


OPTIONS = [
    Option("category", ",".join(CATEGORY_KEYS), _parse_categories,
           "one or several of movie, book, hotel, electronics, restaurant, ecommerce, takeaway, apparel, beauty, appliance, fresh, snacks, baby (evenly mixed)"),
    Option("sentiment", "positive:0.65,negative:0.35", _parse_sentiment,
           "positive/negative/neutral: integers are exact quotas summing to start+n, fractions are probabilities"),
    Option("length", "20-120", _parse_length, "text length range in characters, met by choosing clauses"),
    Option("require", "", parse_list, "aspects every review discusses, e.g. plot,acting (must exist in each category)"),
    Option("aspects_per_review", "1-3", _parse_aspect_count, "how many aspects a review discusses"),
    Option("mixed_rate", DEFAULT_MIXED_RATE, parse_rate,
           "share of reviews with one aspect against the overall label (a complaint in a positive review)"),
    Option("item", "", parse_item,
           "review this item (e.g. 《盗梦空间》) instead of invented ones; needs a single category"),
    Option("items", "", parse_items_file,
           "a file of items to review: one name a line, or CSV/JSONL with item, category, kind, weight and facts "
           "(price, city, district, director, cast, brand, specs)"),
    Option("kind", "", lambda v: str(v or "").strip().lower(),
           "the kind of the item(s) named by item= or a plain items file (e.g. scifi, phone)"),
    Option("reasoned", "false", parse_bool,
           "back every opinion with a concrete reason or detail in the same review (movie, electronics)"),
    Option("plain", "false", parse_bool,
           "word reviews as plainly as most real ones are (不错, 很不好, praise ending on 。; see reviews/plain.py)"),
]


def effective_categories(options: dict) -> tuple[str, ...]:
    """The categories a request writes about: those of its named items, else the category option."""
    items = given_items(options)
    if items:
        return tuple(dict.fromkeys(i.category for i in items))
    return tuple(options["category"])


def check_request(options: dict, start: int, stop: int) -> None:
    shares = options["sentiment"]
    if is_quota(shares) and sum(shares.values()) != stop:
        total = sum(shares.values())
        raise SynthError(f"The sentiment quotas add up to {total}, but they must cover exactly the records 0 to "
                         f"{stop} (start + n = {stop}).")
    cats = categories()
    if options["kind"] and not (options["item"] or options["items"]):
        raise SynthError("kind= applies to the items named by item= or items=; without them kinds are drawn.")
    names = effective_categories(options)
    required = options["require"]
    low, high = options["aspects_per_review"]
    for name in names:
        category = cats[name]
        for aspect in required:
            if aspect not in category.aspects:
                raise SynthError(f"The required aspect {aspect!r} does not exist in category {name!r} "
                                 f"(its aspects: {', '.join(category.aspects)}).")
        if required and not kinds_with(category, required):
            raise SynthError(f"No kind of {name} item has all of the aspects {', '.join(required)}.")
    if len(required) > high:
        raise SynthError(f"require names {len(required)} aspects but aspects_per_review allows at most {high}; "
                         f"raise aspects_per_review to {len(required)} or more.")
    if options["reasoned"]:
        for name in names:
            category = cats[name]
            for aspect in category.aspects:
                kind = category.aspect_kinds[aspect][0]
                if not grammar().has(f"{aspect}.why.pos", {"category": name, "kind": kind, "reasoned": "yes"}):
                    raise SynthError(f"reasoned=true is not available for {name} reviews yet (no reasons are "
                                     f"written for its aspect {aspect!r}); it is for movie and electronics.")
    lo, hi = options["length"]
    for name in names:
        shortest, longest = length_bounds(name, required, options["aspects_per_review"], options["reasoned"])
        if hi < shortest:
            raise SynthError(f"length={lo}-{hi} is too short for {name} reviews"
                             f"{' that discuss ' + ', '.join(required) if required else ''}: the shortest is about "
                             f"{shortest} characters.")
        if lo > longest:
            raise SynthError(f"length={lo}-{hi} is too long for {name} reviews: the longest is about {longest} characters.")
