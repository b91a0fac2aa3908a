"""What the reviews grammars declare (categories, item kinds, aspects and their weights) and the fixed facts of a
review: sentiments, star words, what polarity each captured clause states, how many draws a record takes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from synth.errors import SynthError
from synth.grammar import Grammar, load_grammar
from synth.resources import domain_path

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
MILD_DRAWS = 8         # uniforms per record, in a stream of their own, for which aspects are said mildly
TEXT_DRAWS = 48        # uniforms per record for the text; a deterministic fallback follows if a text needs more
DEFAULT_MIXED_RATE = 0.15
# Share of a review's aspects said mildly in its own direction (续航还算够用 in a positive review, 发热有点大 in a
# negative one): real reviews are not all superlatives, and a mild word must not teach a model the other label.
MILD_RATE = 0.3
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
    service_aspects: frozenset = frozenset()   # aspects about the delivery or service around the item (about=service)
    # kind -> ((variable, value), ...): what every item of the kind is, declared on its @kind line (screen=no on
    # earbuds, colour=no on pots): clauses that presume a fact (贴膜 a screen, 色差 a visible colour) require it
    kind_facts: dict = None


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    return load_grammar(domain_path("reviews", "grammars"))


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
                facts = tuple((k, v) for k, v in options.items() if k != "weight")
                current["kinds"].append((words[0], weight, facts))
            else:
                kinds = tuple(options["kinds"].split(",")) if "kinds" in options else None
                current["aspects"].append((words[0], words[1], weight, kinds, where, options.get("about")))
        else:
            raise SynthError(f"{where}: unknown directive @{name} (reviews grammars use @when, @category, @kind, @aspect).")
    result = {}
    for key in order:
        spec = found[key]
        kinds = tuple(k[0] for k in spec["kinds"]) or ("default",)
        aspect_kinds = {}
        for aspect, _, _, only, where, _ in spec["aspects"]:
            if only is not None and not set(only) <= set(kinds):
                raise SynthError(f"{where}: @aspect {aspect} names a kind that category {key} does not declare.")
            aspect_kinds[aspect] = only or kinds
        result[key] = Category(
            key, spec["label"], kinds, tuple(k[1] for k in spec["kinds"]) or (1.0,),
            tuple(a[0] for a in spec["aspects"]), {a[0]: a[1] for a in spec["aspects"]},
            tuple(a[2] for a in spec["aspects"]), aspect_kinds,
            frozenset(a[0] for a in spec["aspects"] if a[5] == "service"),
            {k[0]: k[2] for k in spec["kinds"]})
    return result


def kind_facts(category: str, kind: str) -> tuple:
    """The facts declared on a kind's @kind line, as ((variable, value), ...)."""
    return categories()[category].kind_facts.get(kind, ())


def category_names() -> tuple[str, ...]:
    return tuple(categories())


def kinds_with(category: Category, required: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(k for k in category.kinds if all(k in category.aspect_kinds[a] for a in required))


@lru_cache(maxsize=None)
def has_place(category: str, kind: str) -> bool:
    return grammar().has("place", {"category": category, "kind": kind})
