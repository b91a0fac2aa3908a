"""Writing one review from its plan with the grammar, and reading its labels back from the clauses it captured."""

from __future__ import annotations

from functools import lru_cache
from operator import itemgetter

import numpy as np

from synth.grammar import Rendered, uniform_source, windows_around

from .catalogue import RATING_STARS, clause_polarity, grammar
from .plan import Plan, about, plan_items

def render_review(category: str, kind: str, item: str, sentiment: str, rating: int, plan: Plan,
                  u: list[float] | np.ndarray, length: tuple[int, int], place: str = "", pieces: bool = True,
                  extra: tuple = (), register: str = "") -> Rendered:
    """One review's text and trace for a plan, from the uniforms `u` (then a deterministic fallback); without
    `pieces` the trace keeps only the captured clauses. `extra` holds more variables as (name, value) pairs: a
    given item's facts, reasoned=yes. A `register` (list: 物流快，质量好，好评！) is tried first and given up, from
    the same uniforms, when it cannot land the text in the length range."""
    if register:
        rendered = render_review(category, kind, item, sentiment, rating, plan, u, length, place, pieces,
                                 extra + (("register", register),))
        if length[0] <= len(rendered.text) <= length[1]:
            return rendered
    env = {"category": category, "kind": kind, "item": item, "sentiment": sentiment, "rating": str(rating),
           "stars": RATING_STARS[rating], "mixed": "yes" if plan.mixed else "no", "place": place,
           "about": about(category, plan.aspects)}
    if extra:
        env.update(extra)
    row = u.tolist() if isinstance(u, np.ndarray) else u
    items = plan_items(plan)
    lo, hi = length
    return grammar().render_entry(_entry(env, items, extra), env, uniform_source(row), windows_around(lo, hi, plan.target),
                                  lo, hi, pieces)


_ENTRIES: dict[tuple, tuple] = {}


def _entry(env: dict, items: tuple, extra: tuple = ()) -> tuple:
    """The grammar's entry for a review's variables and aspect items, shared by every review that agrees on the
    values the grammar reads (category, kind, sentiment, rating, mixed) and on the lengths of its item and place
    names (and on the extra variables, all of them): working it out is a third of the time of writing a short
    review."""
    if not _names_count_by_length():
        return grammar().entry("review", env, {"aspects": items})
    key = (env["category"], env["kind"], env["sentiment"], env["rating"], env["mixed"], env["about"], len(env["item"]),
           len(env["place"]), id(items), extra)
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

    __slots__ = ("text", "pieces", "clauses", "aspects", "polarity", "reasons")

    def __init__(self, rendered: Rendered, keep_pieces: bool = True):
        self.text = rendered.text
        self.pieces = rendered.pieces if keep_pieces else None
        self.clauses = clause_spans(rendered)
        self.aspects, self.polarity = labels(self.clauses)
        self.reasons = reason_spans(rendered) if keep_pieces else None


_REASON_POLARITY = {"pos": "positive", "ok": "positive", "neg": "negative", "meh": "negative"}


def reason_spans(rendered: Rendered) -> list[tuple[str, str, int, int]]:
    """`(aspect, polarity, start, end)` of every reason (`A.why.pos`, `.neg`, `.ok`, `.meh`; reasoned=true), in
    text order: the detail that backs the opinion about that aspect just before it (inside or right after its
    clause span)."""
    found = []
    for name, start, end, env in rendered.captures:
        head, _, polarity = name.rpartition(".why.")
        if head and polarity in _REASON_POLARITY:
            found.append((head, _REASON_POLARITY[polarity], start, end))
    found.sort(key=_START)
    return found


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
