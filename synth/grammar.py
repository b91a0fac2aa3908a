"""Text grammars: weighted alternatives, slots, conditions and length control, rendered with a structural trace.

A grammar is one or more UTF-8 text files (`*.grammar`). It is compiled once per process (`load_grammar` caches by
path) and rendered per record with uniforms pre-drawn by the engine, so a record's text is a pure function of its
draws. The renderer keeps what it placed: every piece of the text is a segment `(text, kind, tag)` and every
captured expansion is a span, so labels come from the structure and augmenters need not re-segment the text.

File format
-----------
Lines starting with `#` (after optional spaces) are comments; blank lines are ignored.

    @when category=movie            a file-level condition ANDed into every rule that follows (bare `@when` resets)
    @aspect plot 剧情               any other `@name args` line is a directive: kept in `Grammar.directives` with
                                    its file and line, for the domain to interpret

    name:                           a rule: the symbol `name` and the alternatives indented under it
        剧情很紧凑                   one alternative per line (any indentation)
        3 | 故事讲得很完整            a leading `N |` weights it (default 1; decimals allowed)
        _                           `_` alone is the empty alternative
    name if kind=phone|tablet, sentiment!=neutral:
        ...                         a conditional rule: its alternatives exist only when every test holds

A symbol may have several rules (in one file or many); its alternatives are the union of those whose conditions
hold for the record. Names are letters, digits, `_`, `.` and `-` (e.g. `plot.pos.more`).

Inside an alternative:

    <name>            expand a symbol
    <name?>           expand it or nothing, even odds; `<name?0.3>` with probability 0.3
    <^name>           expand it and capture the span in the trace (`Rendered.captures`)
    <{aspect}.pos>    the name is built from variables at render time (here `plot.pos` when aspect=plot; a
                      variable stands for one name segment). An optional one (`<{aspect}.more?>`) renders
                      nothing if that symbol does not exist
    <name; k=v, a={b}>  expand with variables rebound for the expansion (values may use `{var}`)
    <name!>           (in an alternative with a list) drawn first: see Length control; `<^name!?0.4>` likewise
    <@items>          the list `items` the caller passes to `render`: each item is a symbol and its variables.
                      A symbol that uses a list is a render entry point and cannot be referenced by others
    {var}             the value of a variable (a slot; segment kind "slot", tag the variable name)
    {10-99}           a uniform integer (kind "number"); `{10-90/5}` in steps of 5; `{05-30}` keeps two digits
    (a|b|)            an inline choice between equally weighted pieces (empty allowed; may nest)
    [+精彩] [-拖沓] [~一般]  a sentiment word, positive / negative / neutral (kind "sentiment", tag the polarity)
    [!不]             a negation (kind "negation"); it applies to the sentiment word that follows it
    [#剧情]           an aspect term (kind "aspect", tag the value of the variable `aspect`)
    \\x               the character x literally (for `<>{}[]()|\\`)

Conditions test variables: `var=a|b` (one of), `var!=a|b` (none of); several tests joined by `,` or `and`.
A missing variable equals nothing. A mistake in a file is a `SynthError` naming the file and line.

Length control
--------------
Every alternative has a length interval [shortest, longest] in characters, computed exactly for the record's
variables (slot values count with their real length). `render(..., lo, hi)` meets a window by choice: at each
choice point it keeps the alternatives whose interval can still land the whole text inside the window, and
optional pieces are taken or dropped the same way. Nothing is ever cut. If no choice can fit (a window no
combination reaches), the closest is taken and the caller sees the length it got.

Parts are fitted in order, so the last ones get what the first leave: a closing verdict after a list of clauses
would be the shortest that fits whatever room the clauses left, far more often than its weight says. A reference
marked `!` in an alternative that renders a list is drawn first instead: before the other parts, aimed at the
room they leave at their shortest and longest, so it is chosen by weight; the others then fit around its length.

Randomness
----------
`render` takes `next_uniform`, a function returning uniforms in [0, 1). Domains pass the row of a pre-drawn
(n, K) matrix followed by a deterministic fallback (`uniform_source`), so a record's text depends only on its
own draws. A choice consumes one uniform; so does a number, and an optional piece.

Rendering API
-------------
    g = load_grammar(path)                                   # compiled once per process
    r = g.render("review", env, next_uniform, lo, hi, lists={"aspects": items})   # -> Rendered
    r = g.render_within("review", env, next_uniform, lo, hi, target=75, lists=...)  # aim near a target length
    g.render_text("item", env, next_uniform)                  # text only, no window, no trace
    g.render_many("item", env, uniforms_2d, values)           # many records sharing env's variables, at once
    segments(r), spans(r), effective_polarities(r)            # the trace, for labels and augmenters

`env` maps variable names to strings. Only variables that conditions, names or slot lengths depend on select
alternatives; slot values (an item name) are read when they are written out.

How it stays fast
-----------------
Compiling resolves static references, turns literal `(a|b)` groups into direct choices, literal tokens into
ready-made segments, and splices one-alternative symbols into their parents. At render time each symbol has a
table per set of variable values (alternatives that apply, their length intervals, cumulative weights), found
through a context id. A symbol whose complete expansions number at most `FLAT_CAP` in a context is *flattened*:
all its expansions, with probabilities and lengths (slots counted apart, so one list serves every slot length),
sorted by length, so one uniform and two bisections pick an expansion inside a window. This changes which
uniforms are consumed, not what can be said or how likely it is (a test checks both paths give the same texts).

A derived context (a list item's, a rebound reference's) keeps only the variables its symbol reads, so records
that differ elsewhere (another item name, another rating) share its tables. The walk itself (`_State`) runs in C
when `synth/_render.c` is built: the same choices from the same uniforms with the same floating-point operations,
over the same tables, with the numbers it reads copied once into C arrays (each object's `native` slot); the
Python methods stay the reference and build whatever the C walk meets for the first time. `SYNTH_PURE_PYTHON=1`
uses the Python walk; tests/test_render_c.py checks the two give the same bytes.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from operator import itemgetter
from dataclasses import dataclass
from functools import lru_cache, partial
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Sequence

from . import speedups
from .errors import SynthError
from .rule_index import RuleIndex

# Part opcodes. Parts are tuples whose first item is the opcode.
TEXT, REF, SLOT, NUM, TOKEN, LIST, CHOICE, TERM, CREF, FLATREF, SPLICE = range(11)
# After linking: TEXT (TEXT, segment, length) also carries literal tokens; CHOICE (CHOICE, cum, total,
# ((segment or None, length), ...), min, max) is a literal (a|b) group; TERM (TERM, text, length) is an aspect
# term whose tag is the current aspect; REF (REF, name, template, capture, probability, bindings, where, symbol,
# drawn first) gains the resolved symbol. Per table, alternatives are compiled for rendering: a REF becomes (CREF,
# child table or None, probability, captured name or None, bindings, where, child symbol, drawn first), the
# child's table resolved once for the table's context; a reference without bindings to a child that flattens
# becomes (FLATREF, child's FlatView, probability, captured name or None, drawn first). A reference drawn first
# (`<name!>`) is rendered before the other parts of its entry alternative and stands in them as (SPLICE, pieces,
# captures at 0, length), written out when its turn comes.

# The inner loop in C (synth/_render.c), when it is built: the same walk as `_State`, the same texts.
_FAR_LOW, _FAR_HIGH = -(1 << 30), 1 << 30   # a window no text is outside of
_NO_WINDOW = ((_FAR_LOW, _FAR_HIGH),)
_crender = speedups.load("_render")
if _crender is not None and (_crender.OPCODES != (TEXT, REF, SLOT, NUM, TOKEN, LIST, CHOICE, TERM, CREF, FLATREF,
                                                   SPLICE)
                             or _crender.MAX_DEPTH != 60 or not hasattr(_crender, "pieces")):
    _crender = None   # built from another version of this file: do not trust it

TOKEN_KINDS = {"+": ("sentiment", "positive"), "-": ("sentiment", "negative"), "~": ("sentiment", "neutral"),
               "!": ("negation", ""), "#": ("aspect", None)}
SPECIAL = set("<>{}[]()|\\")
NAME = r"[A-Za-z0-9_][A-Za-z0-9_.\-]*"
NAME_RE = re.compile(NAME)
HEADER_RE = re.compile(rf"^({NAME})(?:\s+if\s+(.+?))?\s*:\s*$")
WEIGHT_RE = re.compile(r"^(\d+(?:\.\d+)?)\s*\|\s?")
TEMPLATE_NAME_RE = re.compile(r"^(?:[A-Za-z0-9_.\-]|\{[A-Za-z_][A-Za-z0-9_]*\})+$")
TEST_RE = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(!=|=)\s*([^\s,]+(?:\s*\|\s*[^\s,|]+)*)\s*$")
MAX_DEPTH = 60
_SERIALS = itertools.count()   # of tables and rule parts (see Grammar._rule_part)
MAX_PARTS = 4_096   # rule parts (and tables made of them) kept per rule (per symbol) before they are worked out again
MAX_CONTEXTS = 60_000   # context envs kept before the cache is dropped and rebuilt (about 1 KB each)
CONTEXT = "\x00context"
FLAT_CAP = 640   # a symbol with at most this many complete expansions in a context is rendered from a flat list


# -- results -------------------------------------------------------------------------------------------------
class Rendered:
    """One rendered text: `text`, raw `pieces` [(text, kind, tag)] and `captures` [(symbol, start, end, vars)]."""

    __slots__ = ("text", "pieces", "captures")

    def __init__(self, text: str, pieces: list, captures: list):
        self.text = text
        self.pieces = pieces
        self.captures = captures

    def __len__(self) -> int:
        return len(self.text)

    def __repr__(self) -> str:
        return f"Rendered({self.text!r})"


def segments(rendered: Rendered | Sequence[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The text as consecutive `(text, kind, tag)` segments, joining to exactly the text.

    kind is "text" (free wording, tag ""), "slot" (a variable's value, tag its name, e.g. "item"), "number",
    "sentiment" (tag "positive", "negative" or "neutral": the word's own polarity), "negation" (applies to the next
    sentiment word) or "aspect" (an aspect term, tag the aspect key). Adjacent free text is merged. Augmenters
    may rewrite "text" segments and must leave the others as they are.
    """
    pieces = rendered.pieces if isinstance(rendered, Rendered) else rendered
    merged: list[tuple[str, str, str]] = []
    buffer: list[str] = []
    for text, kind, tag in pieces:
        if not text:
            continue
        if kind == "text":
            buffer.append(text)
            continue
        if buffer:
            merged.append(("".join(buffer), "text", ""))
            buffer = []
        merged.append((text, kind, tag))
    if buffer:
        merged.append(("".join(buffer), "text", ""))
    return merged


def spans(rendered: Rendered | Sequence[tuple[str, str, str]]) -> list[tuple[int, int, str, str]]:
    """`(start, end, kind, tag)` of every non-"text" segment: the spans an augmenter must protect."""
    out, position = [], 0
    for text, kind, tag in segments(rendered):
        if kind != "text":
            out.append((position, position + len(text), kind, tag))
        position += len(text)
    return out


def effective_polarities(rendered: Rendered | Sequence[tuple[str, str, str]]) -> list[tuple[str, str, bool]]:
    """`(word, polarity, negated)` for each sentiment word, polarity after a preceding negation is applied.

    A negation applies to the next sentiment word if only free text without punctuation lies between them
    (不太[+好] -> negative; 挑[!不]出[-毛病] -> positive); a comma, full stop, ellipsis or a space typed for
    one ends its reach.
    Neutral words stay neutral.
    """
    flip = {"positive": "negative", "negative": "positive", "neutral": "neutral"}
    out, pending = [], False
    for text, kind, tag in segments(rendered):
        if kind == "negation":
            pending = True
        elif kind == "sentiment":
            out.append((text, flip[tag] if pending else tag, pending))
            pending = False
        elif pending and any(c in "，。！？；：、…,.!?;:～~ " for c in text):
            pending = False
    return out


def uniform_source(row: Sequence[float]) -> Callable[[], float]:
    """`next_uniform` over a row of pre-drawn uniforms, then a deterministic SplitMix64 stream seeded by the row.
    With the C renderer, the same values from an object it reads without calling back into Python."""
    if _crender is not None:
        return _crender.Uniforms(row)
    return itertools.chain(row, _splitmix_after(row)).__next__


def uniform_rows(draws) -> Sequence:
    """The rows of an (n, K) float64 matrix of uniforms as `uniform_source` takes them, the same values either
    way: with the C renderer the matrix itself (its `Uniforms` copies a row's doubles from the row's buffer, with
    no list of n * K Python floats made first and dropped), else its rows as lists of floats."""
    return draws if _crender is not None and draws.dtype.char == "d" and draws.flags.c_contiguous else draws.tolist()


def _splitmix_after(row: Sequence[float]) -> Iterator[float]:
    """The fallback stream, seeded by the row; a generator, so the seed is worked out only if it is reached."""
    state = (int(row[0] * 9007199254740992) << 11) ^ int(row[-1] * 9007199254740992) if len(row) else 0
    mask = 0xFFFFFFFFFFFFFFFF
    while True:
        state = (state + 0x9E3779B97F4A7C15) & mask
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        yield ((z ^ (z >> 31)) >> 11) / 9007199254740992.0


# -- compiled grammar ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Condition:
    tests: tuple[tuple[str, bool, frozenset], ...]   # (variable, negated, values)
    where: str

    def holds(self, env: Mapping[str, str]) -> bool:
        for var, negated, values in self.tests:
            if (env.get(var) in values) == negated:
                return False
        return True

    @property
    def variables(self) -> set[str]:
        return {t[0] for t in self.tests}


class Alternative:
    __slots__ = ("parts", "weight", "conditions", "where", "lists", "reads")

    def __init__(self, parts: tuple, weight: float, conditions: tuple[Condition, ...], where: str):
        self.parts = parts
        self.weight = weight
        self.conditions = conditions
        self.where = where
        self.lists: tuple[str, ...] = ()
        self.reads: frozenset[str] = frozenset()   # env entries its own parts read (see Grammar._own_reads)


class Symbol:
    __slots__ = ("name", "alternatives", "where", "key_vars", "key_names", "tables", "static", "entry_only",
                 "anonymous", "by_context", "context_names", "condition_reads", "by_reads", "rules", "rule_index",
                 "rule_parts", "rule_reads", "made", "parts_read")

    def __init__(self, name: str, where: str, anonymous: bool = False):
        self.name = name
        self.alternatives: list[Alternative] = []
        self.where = where
        self.key_vars: tuple[tuple[str, bool], ...] = ()   # (variable, by value?) that the tables depend on
        self.key_names: tuple[str, ...] = ()               # the env entries holding them ("#var" = a length)
        self.tables: dict = {}
        self.static: Table | None = None                   # the one table of a symbol that depends on nothing
        self.entry_only = False
        self.anonymous = anonymous
        self.by_context: dict[int, Table] = {}             # context id (see Grammar.prepare) -> table
        self.context_names: tuple[str, ...] = ()           # the env entries its expansion can read (see extend)
        self.condition_reads: frozenset[str] = frozenset()  # the variables its alternatives' conditions test
        self.by_reads: dict[tuple, dict] = {}              # a table's reads -> their values -> the table
        self.rules: tuple = ()   # (tests, variables they test, alternatives): one per rule header (see _own_reads)
        self.rule_index: RuleIndex | None = None           # which rules can apply to an env (see _own_reads)
        self.rule_parts: list[dict] = []   # per rule: (its own reads' values, its children's tables) -> its part
        self.rule_reads: tuple = ()        # per rule: the env entries its alternatives' own parts read (sorted)
        self.parts_read: list[dict] = []   # per rule: a part's reads -> their values -> the part (see _rule_part)
        self.made: dict[tuple, Table] = {}   # (the parts a table is made of, its reads) -> the table (_build_table)


class Table:
    """The alternatives of a symbol that apply for one set of variable values, with their length intervals."""

    __slots__ = ("alts", "weights", "cum", "total", "mins", "maxs", "smin", "smax", "fit_low", "fit_high", "suffix",
                 "parts", "literal", "flat", "compiled", "_lists", "symbol", "native", "reads", "serial")

    def __init__(self, alts, weights, mins, maxs, suffix):
        self.alts = alts
        self.weights = list(weights)
        self.parts = [a.parts for a in alts]
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1] if self.cum else 0.0
        if self.cum:
            self.cum[-1] = float("inf")   # bisect never runs off the end
        self.mins = mins
        self.maxs = maxs
        self.smin = min(mins) if mins else 0
        self.smax = max(maxs) if maxs else 0
        # Every alternative can meet a window [lo, hi] when lo <= fit_low and fit_high <= hi.
        self.fit_low = min(maxs) if maxs else 0
        self.fit_high = max(mins) if mins else 0
        self.suffix = suffix
        # When every alternative is one literal segment (or empty): the (segment, length) of each.
        literal = []
        for parts in self.parts:
            if not parts:
                literal.append((None, 0))
            elif len(parts) == 1 and parts[0][0] == TEXT:
                literal.append((parts[0][1], parts[0][2]))
            else:
                literal = None
                break
        self.literal = literal
        self.flat = False   # not worked out yet; then a Flat, or None if the symbol is too rich to flatten
        self.compiled = [None] * len(alts)
        self._lists = None
        self.native = None   # the C renderer's copy of the numbers above, made on its first use
        self.reads: tuple[str, ...] = ()   # the env entries building it read, through its children (sorted)
        self.serial = next(_SERIALS)       # never reused: a parent's rule part is keyed by its children's serials

    def list_counts(self) -> dict[str, list[int]]:
        """For each list an entry symbol uses: how many times each alternative holds it."""
        if self._lists is None:
            names = dict.fromkeys(n for a in self.alts for n in a.lists)
            self._lists = {n: [a.lists.count(n) for a in self.alts] for n in names}
        return self._lists


class Flat:
    """Every complete expansion of a symbol in one context: `parts` (TEXT, SLOT and NUM only), probability, and
    length without its slots. Built once per symbol and variable values, whatever the slot values' lengths:
    expansions are grouped by the slots they hold, and a `FlatView` adds a record's slot lengths."""

    __slots__ = ("parts", "cum", "groups", "texts", "native", "_listed")

    def __init__(self, expansions):
        by_slots: dict[tuple, list] = {}
        for e in expansions:
            by_slots.setdefault(e[4], []).append(e)
        total = sum(e[1] for e in expansions)
        self.groups = []      # (slots, entries, cum within group, mins, maxs, spread, share of the total)
        self.parts = []       # every expansion (for picks without a window), with
        self.cum = []         # the cumulative probability over them
        for slots, group in by_slots.items():
            group.sort(key=lambda e: e[2])
            entries = [(tuple(p[1] for p in e[0]), e[2], None) if all(p[0] == TEXT for p in e[0])
                       else (None, e[2], e[0]) for e in group]
            mass = sum(e[1] for e in group)
            cum = [c / mass for c in itertools.accumulate(e[1] for e in group)]
            cum[-1] = 1.0
            mins, maxs = [e[2] for e in group], [e[3] for e in group]
            self.groups.append((slots, entries, cum, mins, maxs, max(b - a for a, b in zip(mins, maxs)),
                                mass / total))
            self.parts.extend(entries)
        self.cum = [c / total for c in itertools.accumulate(e[1] for g in by_slots.values() for e in g)]
        self.cum[-1] = 1.0
        self.texts = None
        self.native = None   # the C renderer's copy, made on its first use
        self._listed = None

    def expansions(self) -> list:
        """(parts, probability, shortest, longest, slots) of every expansion; worked out once, since every parent
        that tries to flatten over this symbol reads them all."""
        if self._listed is None:
            listed = []
            for slots, entries, cum, mins, maxs, _, share in self.groups:
                previous = 0.0
                for entry, c, low, high in zip(entries, cum, mins, maxs):
                    parts = entry[2] if entry[2] is not None else tuple((TEXT, seg, len(seg[0])) for seg in entry[0])
                    listed.append((parts, (c - previous) * share, low, high, slots))
                    previous = c
            self._listed = listed
        return self._listed


class FlatView:
    """A `Flat` seen with one record context's slot lengths: its length bounds, and picks within a window."""

    __slots__ = ("flat", "offsets", "low", "high", "parts", "cum", "native")

    def __init__(self, flat: Flat, env: Mapping[str, str]):
        self.flat = flat
        self.parts, self.cum = flat.parts, flat.cum
        self.offsets = []
        low = high = None
        for slots, entries, cum, mins, maxs, spread, share in flat.groups:
            offset = 0
            for var, count in slots:
                n = env.get("#" + var)
                offset += count * (n if n is not None else len(env.get(var) or ""))
            self.offsets.append(offset)
            g_low, g_high = mins[0] + offset, max(maxs) + offset
            low = g_low if low is None else min(low, g_low)
            high = g_high if high is None else max(high, g_high)
        self.low, self.high = low, high
        self.native = None   # the C renderer's copy, made on its first use

    def free(self, u: float) -> tuple:
        return self.parts[bisect_right(self.cum, u)]

    def pick(self, u: float, lo: int, hi: int) -> tuple:
        """The expansion for uniform `u` among those whose length can fall in [lo, hi] (else the closest)."""
        groups = self.flat.groups
        if len(groups) == 1:   # the common case, without the bookkeeping across groups
            slots, entries, cum, mins, maxs, spread, share = groups[0]
            offset = self.offsets[0]
            glo, ghi = lo - offset, hi - offset
            i0 = bisect_left(mins, glo - spread) if glo - spread > mins[0] else 0
            i1 = bisect_right(mins, ghi) if ghi < mins[-1] else len(mins)
            while i0 < i1 and maxs[i0] < glo:
                i0 += 1
            if i0 < i1:
                base = cum[i0 - 1] if i0 else 0.0
                weight = (cum[i1 - 1] - base) * share
                within = min(u * weight / weight, 1.0) if weight > 0 else 0.0   # as the general path rounds
                i = bisect_right(cum, base + within * (cum[i1 - 1] - base), i0, i1)
                return entries[min(i, i1 - 1)]
            return self._nearest(lo, hi, u)
        spans = []
        mass = 0.0
        for (slots, entries, cum, mins, maxs, spread, share), offset in zip(self.flat.groups, self.offsets):
            glo, ghi = lo - offset, hi - offset
            n = len(mins)
            i0 = bisect_left(mins, glo - spread) if glo - spread > mins[0] else 0
            i1 = bisect_right(mins, ghi) if ghi < mins[-1] else n
            while i0 < i1 and maxs[i0] < glo:
                i0 += 1
            if i0 < i1:
                base = cum[i0 - 1] if i0 else 0.0
                weight = (cum[i1 - 1] - base) * share
                spans.append((weight, entries, cum, i0, i1, base))
                mass += weight
        if spans:
            x = u * mass
            last = len(spans) - 1
            for g, (weight, entries, cum, i0, i1, base) in enumerate(spans):
                if x < weight or g == last:
                    share = min(x / weight, 1.0) if weight > 0 else 0.0
                    i = bisect_right(cum, base + share * (cum[i1 - 1] - base), i0, i1)
                    return entries[min(i, i1 - 1)]
                x -= weight
        return self._nearest(lo, hi, u)

    def _nearest(self, lo: int, hi: int, u: float = 0.0) -> tuple:
        """When no expansion fits [lo, hi]: one of those within NEAR characters of the nearest length, by weight
        (uniform `u`). Always the single nearest would put one wording (the longest closing) into every review
        that runs short of its window."""
        best = None
        for (slots, entries, cum, mins, maxs, spread, share), offset in zip(self.flat.groups, self.offsets):
            glo, ghi = lo - offset, hi - offset
            j = bisect_right(mins, ghi)        # entries from j on are too long, those before too short
            d = min(glo - max(maxs[:j]) if j else 1 << 30, mins[j] - ghi if j < len(mins) else 1 << 30)
            d = max(d, 0)
            best = d if best is None else min(best, d)
        reach = best + NEAR
        spans, mass = [], 0.0
        for (slots, entries, cum, mins, maxs, spread, share), offset in zip(self.flat.groups, self.offsets):
            glo, ghi = lo - offset, hi - offset
            # the candidates: min <= ghi + reach and max >= glo - reach (entries are sorted by min)
            i0 = bisect_left(mins, glo - reach - spread)
            i1 = bisect_right(mins, ghi + reach)
            while i0 < i1 and maxs[i0] < glo - reach:
                i0 += 1
            while i1 > i0 and maxs[i1 - 1] < glo - reach:
                i1 -= 1
            if i0 < i1:
                base = cum[i0 - 1] if i0 else 0.0
                weight = (cum[i1 - 1] - base) * share
                spans.append((weight, entries, cum, i0, i1, base))
                mass += weight
        x = u * mass
        for g, (weight, entries, cum, i0, i1, base) in enumerate(spans):
            if x < weight or g == len(spans) - 1:
                within = min(x / weight, 1.0) if weight > 0 else 0.0
                i = bisect_right(cum, base + within * (cum[i1 - 1] - base), i0, i1)
                return entries[min(i, i1 - 1)]
            x -= weight
        raise AssertionError("a flat symbol without expansions")


NEAR = 2   # characters: how much further from a window than the nearest expansion a fallback may land


def _error(where: str, message: str) -> SynthError:
    return SynthError(f"{where}: {message}.")


class _LineParser:
    """Parses one alternative's text into parts; groups become anonymous symbols."""

    def __init__(self, grammar: "Grammar", text: str, where: str, owner: str):
        self.g, self.s, self.i, self.where, self.owner = grammar, text, 0, where, owner

    def fail(self, message: str):
        raise _error(self.where, message)

    def parse(self) -> tuple:
        parts = self.sequence(stop="")
        if self.i < len(self.s):
            self.fail(f"unexpected {self.s[self.i]!r} at column {self.i + 1}")
        return parts

    def sequence(self, stop: str) -> tuple:
        parts: list = []
        literal: list[str] = []

        def flush():
            if literal:
                text = "".join(literal)
                parts.append((TEXT, (text, "text", ""), len(text)))
                literal.clear()

        s = self.s
        while self.i < len(s):
            c = s[self.i]
            if c in stop:
                break
            if c == "\\":
                if self.i + 1 >= len(s):
                    self.fail("a backslash ends the line")
                literal.append(s[self.i + 1])
                self.i += 2
                continue
            if c == "<":
                flush()
                parts.append(self.reference())
            elif c == "{":
                flush()
                parts.append(self.slot())
            elif c == "(":
                flush()
                parts.append(self.group())
            elif c == "[":
                flush()
                parts.append(self.token())
            elif c in ">}])|":
                self.fail(f"unexpected {c!r} at column {self.i + 1} (escape it as \\{c} to mean the character)")
            else:
                literal.append(c)
                self.i += 1
        flush()
        return tuple(parts)

    def closing(self, char: str, opened: int) -> int:
        end = self.s.find(char, self.i)
        if end < 0:
            self.fail(f"the {self.s[opened]!r} at column {opened + 1} is never closed with {char!r}")
        return end

    def reference(self) -> tuple:
        opened = self.i
        end = self.closing(">", opened)
        body = self.s[self.i + 1:end].strip()
        self.i = end + 1
        if body.startswith("@"):
            name = body[1:].strip()
            if not NAME_RE.fullmatch(name):
                self.fail(f"{body!r} is not a list reference like <@aspects>")
            return (LIST, name)
        capture = body.startswith("^")
        if capture:
            body = body[1:].strip()
        body, _, rebinding = body.partition(";")
        body = body.strip()
        probability = None
        if "?" in body:
            body, _, p = body.partition("?")
            body = body.strip()
            try:
                probability = float(p) if p.strip() else 0.5
            except ValueError:
                self.fail(f"the probability {p!r} in <{self.s[opened + 1:end]}> is not a number")
            if not 0.0 <= probability <= 1.0:
                self.fail(f"the probability {p!r} in <{self.s[opened + 1:end]}> is not between 0 and 1")
        reserved = body.endswith("!")
        if reserved:
            body = body[:-1].strip()
        if not body or not TEMPLATE_NAME_RE.fullmatch(body):
            self.fail(f"<{self.s[opened + 1:end]}> is not a symbol reference like <name>, <name?> or <{{var}}.pos>")
        template = _template(body) if "{" in body else None
        binds = None
        if rebinding.strip():
            binds = []
            for item in rebinding.split(","):
                var, eq, value = item.partition("=")
                if not eq or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", var.strip()):
                    self.fail(f"{item.strip()!r} in <{self.s[opened + 1:end]}> is not a binding like var=value")
                binds.append((var.strip(), _template(value.strip())))
            binds = tuple(binds)
        return (REF, body if template is None else None, template, capture, probability, binds, self.where, reserved)

    def slot(self) -> tuple:
        opened = self.i
        end = self.closing("}", opened)
        body = self.s[self.i + 1:end].strip()
        self.i = end + 1
        number = re.fullmatch(r"(\d+)\s*-\s*(\d+)(?:\s*/\s*(\d+))?", body)
        if number:
            low_text, high_text, step_text = number.groups()
            low, high, step = int(low_text), int(high_text), int(step_text or 1)
            if low > high or step < 1:
                self.fail(f"the number range {{{body}}} is empty")
            width = len(low_text) if low_text.startswith("0") and len(low_text) > 1 else 0
            count = (high - low) // step + 1
            lengths = [len(str(low + k * step).zfill(width)) for k in (0, count - 1)]
            return (NUM, low, step, count, width, min(lengths), max(lengths))
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", body):
            self.fail(f"{{{body}}} is neither a variable like {{item}} nor a number range like {{10-99}}")
        return (SLOT, body)

    def group(self) -> tuple:
        opened = self.i
        self.i += 1
        options = []
        while True:
            options.append(self.sequence(stop="|)"))
            if self.i >= len(self.s):
                self.fail(f"the '(' at column {opened + 1} is never closed with ')'")
            if self.s[self.i] == ")":
                self.i += 1
                break
            self.i += 1  # '|'
        name = f"{self.owner}@{self.where}:{opened + 1}"
        symbol = self.g._new_symbol(name, self.where, anonymous=True)
        for parts in options:
            symbol.alternatives.append(Alternative(parts, 1.0, (), self.where))
        return (REF, name, None, False, None, None, self.where, False)

    def token(self) -> tuple:
        opened = self.i
        if self.i + 1 >= len(self.s) or self.s[self.i + 1] not in TOKEN_KINDS:
            self.fail(f"'[' at column {opened + 1} must start a token like [+好看], [-难看], [~一般], [!不] or [#剧情]")
        mark = self.s[self.i + 1]
        self.i += 2
        inner = self.sequence(stop="]")
        if self.i >= len(self.s):
            self.fail(f"the '[' at column {opened + 1} is never closed with ']'")
        self.i += 1
        if not inner:
            self.fail(f"the token at column {opened + 1} is empty")
        for part in inner:
            if part[0] == REF and (part[3] or part[2] is not None or part[5] is not None or part[7]):
                self.fail("a token may hold text, (a|b) choices and plain references only")
            if part[0] == LIST:
                self.fail("a token cannot hold a list")
        kind, tag = TOKEN_KINDS[mark]
        return (TOKEN, kind, tag, inner)


def _template(text: str) -> tuple:
    """'{aspect}.pos' -> (('aspect', True), ('.pos', False)); plain text -> ((text, False),)."""
    pieces, position = [], 0
    for match in re.finditer(r"\{([A-Za-z_][A-Za-z0-9_]*)\}", text):
        if match.start() > position:
            pieces.append((text[position:match.start()], False))
        pieces.append((match.group(1), True))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], False))
    return tuple(pieces)


def _fill(template: tuple, env: Mapping[str, str]) -> str:
    return "".join(env.get(p, "") if is_var else p for p, is_var in template)


def _parse_condition(text: str, where: str) -> Condition:
    tests = []
    for term in re.split(r",|\band\b", text):
        match = TEST_RE.match(term)
        if not match:
            raise _error(where, f"{term.strip()!r} is not a condition like sentiment=negative or kind!=phone|tablet")
        var, op, values = match.groups()
        tests.append((var, op == "!=", frozenset(v.strip() for v in values.split("|"))))
    return Condition(tuple(tests), where)


class Grammar:
    """A compiled grammar: symbols, directives, and the renderer. Build with `load_grammar` or `Grammar.from_text`."""

    def __init__(self):
        self.symbols: dict[str, Symbol] = {}
        self.directives: list[tuple[str, str, str]] = []   # (name, arguments, "file:line")
        self.files: list[str] = []
        self.length_vars: tuple[str, ...] = ()
        self.context_names: tuple[str, ...] = ()   # every env entry any table depends on
        self._context_lengths: tuple[str, ...] = ()   # the variables among them that count by length
        self._context_values: tuple[str, ...] = ()    # and those that count by value
        self.contexts: dict[tuple, dict] = {}      # context key -> its shared env
        self._context_ids = itertools.count()
        self.derived: dict[tuple, dict] = {}       # (context id, extra variables) -> shared env
        self._derived_by_id: dict[tuple, dict] = {}   # (context id, symbol, extra variables) -> derived[...]
        self._text_cache: dict[tuple, tuple] = {}
        self._wide: dict[tuple, object] = {}
        self._flats: dict[tuple, Flat | None] = {}   # (symbol, its variables' values but slot lengths) -> flat
        self._list_rows: dict[tuple, _ListRows] = {}   # (lists, the values their items read) -> their rows
        self._item_rows: dict[tuple, tuple] = {}       # (context id or read values, item symbol, its variables) -> its row
        self._list_names: dict[tuple, tuple] = {}      # lists -> (themselves, the context variables their items read)

    # -- building ----------------------------------------------------------------------------------------------
    @classmethod
    def from_text(cls, text: str, name: str = "<grammar>") -> "Grammar":
        grammar = cls()
        grammar._parse(text, name)
        grammar._link()
        return grammar

    @classmethod
    def from_files(cls, paths: Iterable[Path], base: Path | None = None) -> "Grammar":
        grammar = cls()
        for path in paths:
            path = Path(path)
            label = str(path.relative_to(base)) if base is not None else str(path)
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                raise SynthError(f"{label}: the grammar file is not UTF-8 text.") from None
            grammar._parse(text, label)
        grammar._link()
        return grammar

    def _new_symbol(self, name: str, where: str, anonymous: bool = False) -> Symbol:
        symbol = self.symbols.get(name)
        if symbol is None:
            symbol = self.symbols[name] = Symbol(name, where, anonymous)
        return symbol

    def _parse(self, text: str, label: str) -> None:
        self.files.append(label)
        file_condition: Condition | None = None
        current: tuple[Symbol, tuple[Condition, ...]] | None = None
        for number, raw in enumerate(text.splitlines(), start=1):
            where = f"{label}:{number}"
            line = raw.rstrip()
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            if not line[0].isspace():
                if stripped.startswith("@"):
                    name, _, args = stripped[1:].partition(" ")
                    if not NAME_RE.fullmatch(name):
                        raise _error(where, f"{stripped!r} is not a directive like @when category=movie")
                    if name == "when":
                        file_condition = _parse_condition(args, where) if args.strip() else None
                    else:
                        self.directives.append((name, args.strip(), where))
                    current = None
                    continue
                match = HEADER_RE.match(stripped)
                if not match:
                    raise _error(where, f"{stripped!r} is neither a rule header like 'name:' or 'name if var=value:' "
                                        f"nor an indented alternative")
                name, condition_text = match.groups()
                conditions = tuple(c for c in (file_condition,
                                               _parse_condition(condition_text, where) if condition_text else None) if c)
                symbol = self._new_symbol(name, where)
                if symbol.anonymous:
                    raise _error(where, f"{name!r} is a reserved name")
                current = (symbol, conditions)
                continue
            if current is None:
                raise _error(where, "an alternative must be indented under a rule header like 'name:'")
            symbol, conditions = current
            weight = 1.0
            match = WEIGHT_RE.match(stripped)
            if match:
                weight = float(match.group(1))
                stripped = stripped[match.end():].strip()
                if weight <= 0:
                    raise _error(where, "a weight must be positive")
            if stripped == "_":
                parts: tuple = ()
            else:
                parts = _LineParser(self, stripped, where, symbol.name).parse()
                if not parts:
                    raise _error(where, "an empty alternative must be written as _")
            symbol.alternatives.append(Alternative(parts, weight, conditions, where))

    def _link(self) -> None:
        for symbol in self.symbols.values():
            if not symbol.alternatives:
                raise _error(symbol.where, f"the rule {symbol.name!r} has no alternatives")
        names = list(self.symbols)
        referenced_by: dict[str, str] = {}
        for symbol in list(self.symbols.values()):
            for alt in symbol.alternatives:
                lists = []
                for part in _walk(alt.parts):
                    if part[0] == LIST:
                        lists.append(part[1])
                    elif part[0] == REF and part[1] is not None:
                        if part[1] not in self.symbols:
                            raise _error(part[6], f"the symbol <{part[1]}> is not defined")
                        referenced_by.setdefault(part[1], part[6])
                    elif part[0] == REF:
                        if not self._matching(part[2], names):
                            shown = "".join("{" + p + "}" if v else p for p, v in part[2])
                            raise _error(part[6], f"no symbol matches the reference <{shown}>")
                if lists:
                    alt.lists = tuple(lists)
                    symbol.entry_only = True
                else:
                    for part in alt.parts:
                        if part[0] == REF and part[7]:
                            raise _error(part[6], "a reference drawn first (<name!>) leaves room for a list, so it "
                                                  "belongs in an alternative that renders one (<@...>)")
        for name, where in referenced_by.items():
            if self.symbols[name].entry_only:
                raise _error(where, f"<{name}> uses a list (<@...>) and so can only be rendered, not referenced")
        self._compute_keys()
        self._optimize()
        self._own_reads()

    def _compute_keys(self) -> None:
        """The variables each symbol's alternatives and lengths depend on (through everything it can expand).

        Static references must not form a cycle. A dynamic reference may reach any symbol its pattern matches,
        so its variables are over-approximated; loops through variables are caught at render time by depth.
        """
        names = list(self.symbols)
        own: dict[str, dict[str, bool]] = {}
        edges: dict[str, set[str]] = {}
        static_edges: dict[str, list[tuple[str, str]]] = {}
        for name, symbol in self.symbols.items():
            acc: dict[str, bool] = {}
            targets: set[str] = set()
            fixed: list[tuple[str, str]] = []

            def add(var: str, by_value: bool):
                acc[var] = acc.get(var, False) or by_value

            for alt in symbol.alternatives:
                for condition in alt.conditions:
                    for var in condition.variables:
                        add(var, True)
                for part in _walk(alt.parts):
                    op = part[0]
                    if op == SLOT:
                        add(part[1], False)
                    elif op == TOKEN and part[1] == "aspect":
                        add("aspect", True)
                    elif op == REF:
                        for template in ([part[2]] if part[2] is not None else []) + [v for _, v in part[5] or ()]:
                            for p, is_var in template:
                                if is_var:
                                    add(p, True)
                        if part[1] is not None:
                            targets.add(part[1])
                            fixed.append((part[1], part[6]))
                        else:
                            targets.update(self._matching(part[2], names))
            own[name], edges[name], static_edges[name] = acc, targets, fixed
        # Static cycles are mistakes in the grammar.
        state: dict[str, int] = {}

        def visit(name: str, path: tuple[str, ...]) -> None:
            state[name] = 1
            for target, where in static_edges[name]:
                if state.get(target) == 1:
                    loop = path[path.index(target):] + (name, target) if target in path else (name, target)
                    shown = [s for s in loop if not self.symbols[s].anonymous]
                    raise _error(where, f"the grammar is recursive: {' -> '.join(shown)}")
                if state.get(target) is None:
                    visit(target, path + (name,))
            state[name] = 2

        for name in names:
            if state.get(name) is None:
                visit(name, ())
        # Variables: a fixpoint over all edges.
        found = {name: dict(acc) for name, acc in own.items()}
        changed = True
        while changed:
            changed = False
            for name in names:
                acc = found[name]
                for target in edges[name]:
                    for var, by_value in found[target].items():
                        if var not in acc or (by_value and not acc[var]):
                            acc[var] = acc.get(var, False) or by_value
                            changed = True
        length_vars = set()
        for name, acc in found.items():
            symbol = self.symbols[name]
            symbol.key_vars = tuple(sorted(acc.items()))
            symbol.key_names = tuple(v if by_value else "#" + v for v, by_value in symbol.key_vars)
            length_vars.update(v for v, by_value in symbol.key_vars if not by_value)
        self.length_vars = tuple(sorted(length_vars))
        names = {n for s in self.symbols.values() for n in s.key_names}
        # Slot lengths first, then values: `prepare` builds the key from the two groups.
        self._context_lengths = tuple(sorted(n[1:] for n in names if n[0] == "#"))
        self._context_values = tuple(sorted(n for n in names if n[0] != "#"))
        self.context_names = tuple("#" + n for n in self._context_lengths) + self._context_values
        # For `prepare` of an env with few entries: each variable's place in the key, and the key and shared env of
        # an env with none (every length 0, every value None), which the env's entries are written into.
        lengths = len(self._context_lengths)
        self._length_at = {n: k for k, n in enumerate(self._context_lengths)}
        self._value_at = {n: lengths + k for k, n in enumerate(self._context_values)}
        self._no_context = (0,) * lengths + (None,) * len(self._context_values)
        self._no_lengths = {"#" + n: 0 for n in self._context_lengths}
        # The places in context_names of each variable's names (#var, var): a symbol's names are those of its few
        # key variables, in context_names order, found without reading all ~300 names per symbol.
        places: dict = {}
        for k, n in enumerate(self.context_names):
            places.setdefault(n.lstrip("#"), []).append(k)
        for symbol in self.symbols.values():
            # Everything the symbol's expansion reads is among its key variables (as a value or as a length), so
            # an env made for it needs only these: see `extend`.
            found = sorted(k for v in {v for v, _ in symbol.key_vars} for k in places.get(v, ()))
            symbol.context_names = tuple(self.context_names[k] for k in found)

    def _matching(self, template: tuple, names: list[str]) -> list[str]:
        pattern = re.compile("".join("[A-Za-z0-9_]+" if v else re.escape(p) for p, v in template))
        return [n for n in names if pattern.fullmatch(n)]

    def _optimize(self) -> None:
        """Rewrite parts for speed, keeping what they render.

        Literal (a|b) groups become CHOICE parts; tokens of literal text become ready-made segments; static
        references carry their symbol; a plain reference to an unconditional one-alternative symbol is spliced in.
        """
        def literal_options(symbol: Symbol):
            if not symbol.anonymous:
                return None
            options = []
            for alt in symbol.alternatives:
                if alt.conditions or len(alt.parts) > 1 or (alt.parts and alt.parts[0][0] != TEXT):
                    return None
                options.append((alt.parts[0][1] if alt.parts else None, alt.parts[0][2] if alt.parts else 0,
                                alt.weight))
            return options

        def choice(options) -> tuple:
            cum = list(itertools.accumulate(w for _, _, w in options))
            total = cum[-1]
            cum[-1] = float("inf")
            lengths = [n for _, n, _ in options]
            return (CHOICE, cum, total, tuple((s, n) for s, n, _ in options), min(lengths), max(lengths))

        def rewrite(parts: tuple, owner: str, seen: tuple) -> tuple:
            out = []
            for part in parts:
                op = part[0]
                if op == REF:
                    symbol = self.symbols[part[1]] if part[1] is not None else None
                    plain = part[4] is None and not part[3] and part[5] is None and not part[7]
                    options = literal_options(symbol) if symbol is not None and plain else None
                    if options is not None:
                        out.append(choice(options))
                        continue
                    if (symbol is not None and plain and len(symbol.alternatives) == 1
                            and not symbol.alternatives[0].conditions and not symbol.entry_only
                            and symbol.name not in seen and symbol.alternatives[0].weight > 0):
                        out.extend(rewrite(symbol.alternatives[0].parts, owner, seen + (symbol.name,)))
                        continue
                    out.append(part[:7] + (symbol, part[7]))   # the symbol 8th, drawn-first last
                elif op == TOKEN:
                    inner = rewrite(part[3], owner, seen)
                    kind, tag = part[1], part[2]
                    if all(p[0] == TEXT for p in inner):
                        text = "".join(p[1][0] for p in inner)
                        out.append((TERM, text, len(text)) if tag is None else (TEXT, (text, kind, tag), len(text)))
                    elif len(inner) == 1 and inner[0][0] == CHOICE and tag is not None:
                        c = inner[0]
                        out.append((CHOICE, c[1], c[2], tuple(((s[0], kind, tag) if s else None, n) for s, n in c[3]),
                                    c[4], c[5]))
                    else:
                        out.append((TOKEN, kind, tag, inner))
                else:
                    out.append(part)
            return tuple(out)

        for symbol in self.symbols.values():
            for alt in symbol.alternatives:
                alt.parts = rewrite(alt.parts, symbol.name, (symbol.name,))

    def _own_reads(self) -> None:
        """What each symbol reads of an env itself (its children's reads are added per table, see `_build_table`):
        the variables its conditions test, and per alternative the names, bindings, slot lengths (`#var`) and
        aspect tags of its (optimized) parts."""
        for symbol in self.symbols.values():
            symbol.condition_reads = frozenset(v for a in symbol.alternatives for c in a.conditions
                                               for v in c.variables)
            # The alternatives of one rule header share its conditions (one tuple): tested once per table built.
            rules: list = []
            for alt in symbol.alternatives:
                if rules and rules[-1][3] is alt.conditions:
                    rules[-1][2].append(alt)
                else:
                    tests = tuple(t for c in alt.conditions for t in c.tests)
                    rules.append((tests, frozenset(t[0] for t in tests), [alt], alt.conditions))
            symbol.rules = tuple((tests, variables, tuple(alts)) for tests, variables, alts, _ in rules)
            symbol.rule_index = RuleIndex(symbol.rules)
            symbol.rule_parts = [{} for _ in symbol.rules]
            symbol.parts_read = [{} for _ in symbol.rules]
            for alt in symbol.alternatives:
                reads = set()
                for part in _walk(alt.parts):
                    op = part[0]
                    if op == SLOT:
                        reads.add("#" + part[1])
                    elif op == TERM or (op == TOKEN and part[2] is None):
                        reads.add("aspect")
                    elif op == REF:
                        for template in ([part[2]] if part[2] is not None else []) + [v for _, v in part[5] or ()]:
                            reads.update(p for p, is_var in template if is_var)
                alt.reads = frozenset(reads)
            symbol.rule_reads = tuple(tuple(sorted(set().union(*(a.reads for a in alts)))) for _, _, alts in symbol.rules)

    def directive(self, name: str) -> list[tuple[str, str]]:
        """`(arguments, "file:line")` of every `@name` directive, in file order."""
        return [(args, where) for n, args, where in self.directives if n == name]

    def _forget_contexts(self) -> None:
        """Context envs are a cache: past MAX_CONTEXTS they are dropped (tables and flat lists stay)."""
        self.contexts.clear()
        self.derived.clear()
        self._derived_by_id.clear()
        self._text_cache.clear()
        self._list_rows.clear()
        self._item_rows.clear()
        for symbol in self.symbols.values():
            symbol.by_context.clear()

    def prepare(self, env: Mapping[str, str]) -> dict:
        """The context of `env` as the renderer keeps it: a shared, read-only dict of the variables tables depend
        on (`#var` = the length of a slot variable) and `CONTEXT`, an id, so a table is found with one lookup.
        Slot values themselves (an item name) are not in it: the renderer reads them from the record's env."""
        if len(env) * 8 < len(self.context_names):
            return self._prepare_few(env)
        get = env.get
        key = (*[len(get(n) or "") for n in self._context_lengths], *map(get, self._context_values))
        shared = self.contexts.get(key)
        if shared is None:
            if len(self.contexts) >= MAX_CONTEXTS:
                self._forget_contexts()
            shared = {n: v for n, v in zip(self.context_names, key) if v is not None}
            shared[CONTEXT] = next(self._context_ids)   # never reused, even after the cache is dropped
            self.contexts[key] = shared
        return shared

    def _prepare_few(self, env: Mapping[str, str]) -> dict:
        """`prepare` of an env with few entries (a dialogue's symbol prepared from the variables it reads): the same
        key and the same shared env, in the same order, made from the env's entries rather than from every one of
        the grammar's context variables (a few hundred)."""
        key = list(self._no_context)
        lengths, values = [], []   # (the places the env's entries set)
        for n, v in env.items():
            at = self._length_at.get(n)
            if at is not None:
                key[at] = len(v or "")
                lengths.append(at)
            at = self._value_at.get(n)
            if at is not None:
                key[at] = v
                values.append(at)
        key = tuple(key)
        shared = self.contexts.get(key)
        if shared is None:
            if len(self.contexts) >= MAX_CONTEXTS:
                self._forget_contexts()
            shared = dict(self._no_lengths)   # (the lengths first, in the key's order, as `prepare` has them)
            names = self.context_names
            for at in lengths:
                shared[names[at]] = key[at]
            for at in sorted(values):
                if key[at] is not None:
                    shared[names[at]] = key[at]
            shared[CONTEXT] = next(self._context_ids)   # never reused, even after the cache is dropped
            self.contexts[key] = shared
        return shared

    def extend(self, env: dict, extra, symbol: Symbol | None = None) -> dict:
        """The shared context of a prepared env with `extra` variables set (a dict or a tuple of pairs).

        Given the symbol the env is for, the context keeps only what that symbol's expansion can read, so that
        every parent context that agrees on those variables shares one child context, with its tables, flat
        lists and compiled parts (the aspect clauses of reviews of every item name and rating share theirs)."""
        pairs = extra if isinstance(extra, tuple) else tuple(extra.items())
        if symbol is None:
            key = (env[CONTEXT], pairs)
        else:
            # A context's id stands for all its values (ids are never reused): one short key finds the child
            # again for the same parent, without reading the symbol's variables (which an aspect clause has
            # a dozen of) from it.
            by_id = (env.get(CONTEXT), symbol.name, pairs)
            child = self._derived_by_id.get(by_id)
            if child is not None:
                return child
            key = (symbol.name, tuple(map(env.get, symbol.context_names)), pairs)
        child = self.derived.get(key)
        if child is None:
            merged = {**env, **dict(pairs)}
            for var, value in pairs:
                merged["#" + var] = len(value or "")
            if symbol is not None:
                merged = {n: merged.get(n) for n in symbol.context_names}
            child = self.derived[key] = self.prepare_shared(merged)
        if symbol is not None and by_id[0] is not None:
            self._derived_by_id[by_id] = child
        return child

    def prepare_shared(self, merged: Mapping[str, str]) -> dict:
        key = tuple([merged.get(n) for n in self.context_names])
        shared = self.contexts.get(key)
        if shared is None:
            if len(self.contexts) >= MAX_CONTEXTS:
                self._forget_contexts()
            shared = {n: v for n, v in zip(self.context_names, key) if v is not None}
            shared[CONTEXT] = next(self._context_ids)   # never reused, even after the cache is dropped
            self.contexts[key] = shared
        return shared

    def reads_value(self, variable: str) -> bool:
        """Whether any condition, dynamic name or binding reads `variable` by its value (a slot only by length)."""
        return variable in self._context_values

    def has(self, name: str, env: Mapping[str, str] | None = None) -> bool:
        """Whether `name` exists (and, given variables, has an alternative that applies to them)."""
        symbol = self.symbols.get(name)
        if symbol is None:
            return False
        return env is None or bool(self._table(symbol, self.prepare(env)).alts)

    def interval(self, name: str, env: Mapping[str, str]) -> tuple[int, int]:
        """The shortest and longest text `name` can render to for these variables."""
        table = self._table(self.symbols[name], self.prepare(env))
        if not table.alts:
            raise SynthError(f"{self.symbols[name].where}: no alternative of {name!r} applies to {dict(env)}.")
        return table.smin, table.smax

    # -- lengths -----------------------------------------------------------------------------------------------
    def _table(self, symbol: Symbol, env: Mapping[str, str]) -> Table:
        if symbol.static is not None:
            return symbol.static
        context = env.get(CONTEXT)
        if context is not None:
            table = symbol.by_context.get(context)
            if table is None:
                table = symbol.by_context[context] = self._keyed_table(symbol, env)
            return table
        return self._keyed_table(symbol, env)

    def _keyed_table(self, symbol: Symbol, env: Mapping[str, str]) -> Table:
        names = symbol.key_names
        key = tuple(map(env.get, names))
        table = symbol.tables.get(key)
        if table is None:
            table = self._table_read_alike(symbol, env)
            if table is None:
                table = self._build_table(symbol, env)
                symbol.by_reads.setdefault(table.reads, {})[tuple(map(env.get, table.reads))] = table
            symbol.tables[key] = table
            if not names:
                symbol.static = table
        return table

    @staticmethod
    def _table_read_alike(symbol: Symbol, env: Mapping[str, str]) -> Table | None:
        """A table already built for an env that agrees with `env` on everything that table's building read.

        A symbol's key is every variable anything it *might* expand reads (`<{aspect}.pos>` reaches every
        `*.pos` of every category), so most new keys differ only in variables this context never reads (the
        kind, for an aspect whose clauses do not depend on it): such a table, with its compiled parts and flat
        lists, is the same, and is shared rather than built again."""
        for reads, tables in symbol.by_reads.items():
            table = tables.get(tuple(map(env.get, reads)))
            if table is not None:
                return table
        return None

    def _build_table(self, symbol: Symbol, env: Mapping[str, str]) -> Table:
        """The symbol's alternatives that apply to `env`, with their lengths, and what deciding them read: every
        variable a rule that applies tests, and for each rule that does not, one of its failing tests (one that
        is read anyway when there is one: the category of another category's rule, the sentiment of a complaint's),
        so that records that differ only in a fact no applying rule tests (a positive review's fate) share it.

        Only the rules the symbol's `RuleIndex` finds are tested, and each applying rule's alternatives come with
        their lengths from `_rule_part`, which is cached per rule by what that rule reads: a table that depends on
        twenty facts (a verdict) is new for most records, but each of its rules depends on a few."""
        alts, weights, mins, maxs, suffix = [], [], [], [], []
        reads: set = set()
        misses = []
        made_of = []
        get = env.get
        rules = symbol.rules
        candidates = symbol.rule_index.candidates(env)
        for k in candidates:
            tests, variables, _ = rules[k]
            failing = [var for var, negated, values in tests if (get(var) in values) == negated]
            if failing:
                misses.append(failing)
                continue
            reads.update(variables)
            part = self._rule_part(symbol, k, env)
            made_of.append(part[6])
            if part[0]:
                alts += part[0]
                weights += part[1]
                mins += part[2]
                maxs += part[3]
                suffix += part[4]
            reads.update(part[5])
        if symbol.rule_index.skips(candidates) and not reads.issuperset(symbol.rule_index.pivots):
            # a rule left out failed on a pivot that decides nothing else here: the misses as if every rule had
            # been tested (with every pivot read, a rule left out adds nothing: it failed on one of them)
            misses = [f for f in ([var for var, negated, values in tests if (get(var) in values) == negated]
                                  for tests, _, _ in rules) if f]
        for failing in misses:
            if reads.isdisjoint(failing):
                reads.add(failing[0])
        # The same parts make the same table: it is kept, with its compiled parts and flat list, for the next env
        # whose rule parts are these (and that read the same, so that its reads stay those of every env it serves).
        key = (tuple(made_of), tuple(sorted(reads)))
        table = symbol.made.get(key)
        if table is None:
            if len(symbol.made) >= MAX_PARTS:
                symbol.made.clear()
            table = symbol.made[key] = Table(alts, weights, mins, maxs, suffix)
            table.symbol = symbol
            table.reads = key[1]
        return table

    def _rule_part(self, symbol: Symbol, k: int, env: Mapping[str, str]) -> tuple:
        """`(alts, weights, mins, maxs, suffix, reads, serial)` of rule k's alternatives in `env` (the rule applies):
        those whose every part can be rendered here, with their lengths and the suffix sums of their parts' lengths,
        what working them out read of `env` (their own reads, their children's tables' reads) and a serial number.

        They depend only on what the alternatives' own parts read (slot lengths, names and bindings made from
        variables, the aspect) and on their children's tables: that is the key, so a rule whose children are the
        same tables (a review's opening and verdict for many sets of facts) has its part worked out once.

        Before that key is made (which looks up every child's table), the part is looked for among those made for
        an env that agrees with this one on everything the part read, as tables are (see `_table_read_alike`):
        that finds the part of a rule with few reads (most of a verdict's) in a few lookups."""
        read = symbol.parts_read[k]
        for names, values in read.items():
            part = values.get(tuple(map(env.get, names)))
            if part is not None:
                return part
        key = (tuple(map(env.get, symbol.rule_reads[k])), self._children(symbol.rules[k][2], env))
        parts = symbol.rule_parts[k]
        part = parts.get(key)
        if part is None:
            part = self._new_rule_part(symbol, k, env, key)
        names = part[5]
        values = read.get(names)
        if values is None:
            values = read[names] = {}
        elif len(values) >= MAX_PARTS:
            values.clear()
        values[tuple(map(env.get, names))] = part
        return part

    def _new_rule_part(self, symbol: Symbol, k: int, env: Mapping[str, str], key: tuple) -> tuple:
        """Rule k's part worked out in `env` (what `_build_table` did per rule), kept under `key`."""
        parts = symbol.rule_parts[k]
        alts, weights, mins, maxs, suffix = [], [], [], [], []
        reads: set = set()
        for alt in symbol.rules[k][2]:
            reads.update(alt.reads)
            hulls = self._part_hulls(alt.parts, env, reads)
            if hulls is None:
                continue   # it needs a symbol with no alternative here
            alts.append(alt)
            weights.append(alt.weight)
            mins.append(sum(h[0] for h in hulls))
            maxs.append(sum(h[1] for h in hulls))
            rest, rmin, rmax = [], 0, 0
            for low, high in reversed(hulls):
                rest.append((rmin, rmax))
                rmin += low
                rmax += high
            suffix.append(rest[::-1])
        if len(parts) >= MAX_PARTS:
            parts.clear()
        part = parts[key] = (alts, weights, mins, maxs, suffix, tuple(sorted(reads)), next(_SERIALS))
        return part

    def _children(self, alts: tuple, env: Mapping[str, str]) -> tuple:
        """The serials of the tables the references of `alts` resolve to in `env`, in the order `_part_hulls` meets
        them (None for an absent optional reference); an alternative stops at a required child with no
        alternative here, as `_part_hulls` does."""
        found: list = []
        for alt in alts:
            self._child_serials(alt.parts, env, found)
        return tuple(found)

    def _child_serials(self, parts: tuple, env: Mapping[str, str], found: list) -> bool:
        for part in parts:
            op = part[0]
            if op == TOKEN:
                if not self._child_serials(part[3], env, found):
                    return False
            elif op == REF:
                child, child_env = self._resolve(part, env)
                if child is None:
                    found.append(None)
                    continue
                table = self._table(child, child_env)
                found.append(table.serial)
                if not table.alts and part[4] is None:
                    return False
        return True

    def _part_hulls(self, parts: tuple, env: Mapping[str, str], reads: set) -> list[tuple[int, int]] | None:
        """The (shortest, longest) of each part; adds to `reads` what the children's tables read of `env`."""
        hulls = []
        for part in parts:
            op = part[0]
            if op == TEXT or op == TERM:
                hulls.append((part[2], part[2]))
            elif op == CHOICE:
                hulls.append((part[4], part[5]))
            elif op == SLOT:
                n = env.get("#" + part[1])
                if n is None:
                    n = len(env.get(part[1]) or "")
                hulls.append((n, n))
            elif op == NUM:
                hulls.append((part[5], part[6]))
            elif op == TOKEN:
                inner = self._part_hulls(part[3], env, reads)
                if inner is None:
                    return None
                hulls.append((sum(h[0] for h in inner), sum(h[1] for h in inner)))
            elif op == LIST:
                hulls.append((0, 0))   # filled in per render (entry symbols only)
            else:
                child, child_env = self._resolve(part, env)
                if child is None:
                    hulls.append((0, 0))
                    continue
                table = self._table(child, child_env)
                if part[5]:   # a bound variable is read from the binding's own variables (in the part's reads)
                    bound = {var for var, _ in part[5]}
                    reads.update(n for n in table.reads if n.lstrip("#") not in bound)
                else:
                    reads.update(table.reads)
                if not table.alts:
                    if part[4] is None:
                        return None
                    hulls.append((0, 0))
                else:
                    hulls.append((0 if part[4] is not None else table.smin, table.smax))
        return hulls

    def _resolve(self, part: tuple, env: Mapping[str, str]) -> tuple[Symbol | None, Mapping[str, str]]:
        symbol = part[7]
        if symbol is None:
            name = _fill(part[2], env)
            symbol = self.symbols.get(name)
            if symbol is None:
                if part[4] is not None:
                    return None, env   # an optional reference to a symbol this record lacks: nothing
                raise _error(part[6], f"the reference resolves to <{name}>, which is not defined")
        if part[5]:
            env = self.extend(env, tuple((var, _fill(value, env)) for var, value in part[5]), symbol)
        return symbol, env

    def _compile(self, table: Table, k: int, env: Mapping[str, str]) -> tuple:
        """Alternative k of `table` with its references resolved to their tables for this context."""
        compiled = table.compiled[k]
        if compiled is None:
            compiled = table.compiled[k] = tuple(self._compile_part(p, env) for p in table.alts[k].parts)
        return compiled

    def _compile_part(self, part: tuple, env) -> tuple:
        if part[0] == TOKEN:
            return (TOKEN, part[1], part[2], tuple(self._compile_part(p, env) for p in part[3]))
        if part[0] != REF:
            return part
        symbol, child_env = self._resolve(part, env)
        child = self._table(symbol, child_env) if symbol is not None else None
        if child is not None and not child.alts:
            child = None
            if part[4] is None:
                raise _error(part[6], f"no alternative of <{symbol.name}> applies to this record")
        captured = symbol.name if part[3] and symbol is not None else None
        if child is not None and part[5] is None:
            flat = self._flat(child, child_env)
            if flat is not None:
                return (FLATREF, flat, part[4], captured, part[8])
        return (CREF, child, part[4], captured, part[5], part[6], symbol, part[8])

    def _flat(self, table: Table, env: Mapping[str, str]) -> FlatView | None:
        view = table.flat
        if view is False:
            symbol = table.symbol
            key = (symbol.name, tuple([env.get(n) for n in symbol.key_names if n[0] != "#"]))
            flat = self._flats.get(key, False)
            if flat is False:
                expansions = self._expand_table(table, env) if table.alts else None
                flat = self._flats[key] = Flat(expansions) if expansions else None
            view = table.flat = FlatView(flat, env) if flat is not None else None
        return view

    def _expand_table(self, table: Table, env, cap: int | None = None) -> list | None:
        cap = FLAT_CAP if cap is None else cap
        if not self._may_flatten(table, env, cap):
            return None
        total = sum(a.weight for a in table.alts)
        out = []
        for alt in table.alts:
            combos = self._expand_parts(alt.parts, env, cap - len(out))
            if combos is None:
                return None
            share = alt.weight / total
            out.extend((parts, p * share, low, high, slots) for parts, p, low, high, slots in combos)
        return out

    def _may_flatten(self, table: Table, env, cap: int) -> bool:
        """False when `_expand_table` would give up: more than `cap` expansions, or a part that is never flattened
        (a capture, a rebinding, a list, a child too rich to flatten). Counting is a product per alternative, so a
        symbol too rich to flatten (a verdict, met in every new context of a review) is refused without listing
        hundreds of combinations first. Children are looked at in the order, and only as far, as listing would."""
        left = cap
        for alt in table.alts:
            n = self._count_parts(alt.parts, env, left)
            if n is None:
                return False
            left -= n
        return True

    def _count_parts(self, parts: tuple, env, cap: int) -> int | None:
        """How many expansions `_expand_parts` lists for `parts`, or None where it returns None for more than `cap`
        of them or for a part it cannot list (it may still refuse a token whose text holds a slot or a number)."""
        n = 1
        for part in parts:
            op = part[0]
            if op == CHOICE:
                k = len(part[3])
            elif op == TOKEN:
                k = self._count_parts(part[3], env, cap)
                if k is None:
                    return None
            elif op == REF:
                if part[3]:
                    return None
                symbol, child_env = self._resolve(part, env)
                if symbol is None:
                    continue
                table = self._table(symbol, child_env)
                if not table.alts:
                    if part[4] is None:
                        return None
                    continue
                if part[5]:
                    return None
                view = self._flat(table, child_env)
                if view is None:
                    return None
                k = len(view.parts) + (part[4] is not None)
            elif op == LIST:
                return None
            else:
                continue
            n *= k
            if n > cap:
                return None
        return n

    def _expand_parts(self, parts: tuple, env, cap: int) -> list | None:
        """All expansions of a sequence of parts as (parts, probability, min, max); None if more than `cap`."""
        combos = [((), 1.0, 0, 0, ())]
        for part in parts:
            # More than cap // len(combos) options is more than cap combinations: a child refuses before listing them.
            options = self._part_options(part, env, cap // len(combos))
            if options is None or len(combos) * len(options) > cap:
                return None
            if len(options) == 1 and not options[0][0]:   # an absent optional symbol: nothing to add
                _, o_p, o_lo, o_hi, o_s = options[0]
                combos = [(c, p * o_p, lo + o_lo, hi + o_hi, _add_slots(s, o_s) if o_s else s)
                          for c, p, lo, hi, s in combos]
                continue
            # `_join` written out: whether an option starts with free text is known once per option, so a
            # combination whose parts end with free text is merged without a call per combination (most of the
            # cost of flattening a symbol met for the first time, which new records keep doing)
            joined = []
            append = joined.append
            heads = [o_parts and o_parts[0][0] == TEXT and o_parts[0][1][1] == "text" for o_parts, *_ in options]
            for c, p, lo, hi, s in combos:
                last = c[-1] if c and c[-1][0] == TEXT and c[-1][1][1] == "text" else None
                for head, (o_parts, o_p, o_lo, o_hi, o_s) in zip(heads, options):
                    if last is not None and head:
                        b = o_parts[0]
                        merged = c[:-1] + ((TEXT, (last[1][0] + b[1][0], "text", ""), last[2] + b[2]),) + o_parts[1:]
                    else:
                        merged = c + o_parts
                    append((merged, p * o_p, lo + o_lo, hi + o_hi, _add_slots(s, o_s) if o_s else s))
            combos = joined
        return combos

    def _part_options(self, part: tuple, env, cap: int) -> list | None:
        """The expansions of one part as (parts, probability, length without slots, longest, slots)."""
        op = part[0]
        if op == TEXT:
            return [((part,), 1.0, part[2], part[2], ())]
        if op == TERM:   # the table is keyed by the aspect, so its tag is known here
            return [(((TEXT, (part[1], "aspect", env.get("aspect", "")), part[2]),), 1.0, part[2], part[2], ())]
        if op == SLOT:
            return [((part,), 1.0, 0, 0, ((part[1], 1),))]
        if op == NUM:
            return [((part,), 1.0, part[5], part[6], ())]
        if op == CHOICE:
            cum, total, options = part[1], part[2], part[3]
            out, previous = [], 0.0
            for i, (segment, n) in enumerate(options):
                upper = cum[i] if i < len(options) - 1 else total
                out.append((((TEXT, segment, n),) if segment else (), (upper - previous) / total, n, n, ()))
                previous = upper
            return out
        if op == TOKEN:
            inner = self._expand_parts(part[3], env, cap)
            if inner is None:
                return None
            out = []
            for parts, p, _, _, _ in inner:
                if any(q[0] != TEXT for q in parts):
                    return None
                text = "".join(q[1][0] for q in parts)
                tag = env.get("aspect", "") if part[2] is None else part[2]
                out.append((((TEXT, (text, part[1], tag), len(text)),), p, len(text), len(text), ()))
            return out
        if op == REF:
            if part[3]:
                return None   # captures keep their structure
            symbol, child_env = self._resolve(part, env)
            if symbol is None:
                return [((), 1.0, 0, 0, ())]
            table = self._table(symbol, child_env)
            if not table.alts:
                return [((), 1.0, 0, 0, ())] if part[4] is not None else None
            if part[5]:
                return None   # rebinding: the expansion would depend on variables the parent's key lacks
            view = self._flat(table, child_env)
            if view is None or len(view.parts) + (part[4] is not None) > cap:
                return None
            out = list(view.flat.expansions())
            if part[4] is not None:
                p = part[4]
                out = [((), 1.0 - p, 0, 0, ())] + [(a, q * p, low, high, sl) for a, q, low, high, sl in out]
            return out
        return None   # LIST

    # -- rendering ---------------------------------------------------------------------------------------------
    def render(self, name: str, env: Mapping[str, str], next_uniform: Callable[[], float],
               lo: int | None = None, hi: int | None = None,
               lists: Mapping[str, Sequence[tuple[str, Mapping[str, str]]]] | None = None) -> Rendered:
        """Render symbol `name` for variables `env`, aiming at a length in [lo, hi] (no window if omitted).

        `lists` maps a list name to its items, each `(symbol, extra variables)`; `<@name>` renders them in order.
        Items given as a tuple are cached by identity, so a tuple of items must not be changed once rendered.
        """
        lo = -(1 << 30) if lo is None else lo
        hi = (1 << 30) if hi is None else hi
        return self._render_windows(name, env, next_uniform, ((lo, hi),), lo, hi, lists)

    def _render_windows(self, name: str, env: Mapping[str, str], next_uniform: Callable[[], float],
                        windows: tuple[tuple[int, int], ...], lo: int, hi: int, lists) -> Rendered:
        """Render aiming at each window in turn, from the same uniform stream, until a text's length is in
        [lo, hi]; else the last one."""
        return self.render_entry(self.entry(name, env, lists), env, next_uniform, windows, lo, hi)

    def entry(self, name: str, env: Mapping[str, str], lists=None) -> tuple:
        """What every render of `name` with these variables and lists starts from: the symbol, the prepared
        context, its table and list rows. Records whose context variables (as `prepare` reads them: values, or
        lengths for slots) and lists are the same can share one (see `render_entry`)."""
        symbol = self.symbols.get(name)
        if symbol is None:
            raise SynthError(f"The grammar has no symbol {name!r}.")
        try:
            prepared = self.prepare(env)
            return (symbol, prepared, *self._entry(symbol, prepared, lists or {}))
        except RecursionError:
            raise self._too_deep(symbol) from None

    def render_entry(self, entry: tuple, values: Mapping[str, str], next_uniform: Callable[[], float],
                     windows: tuple[tuple[int, int], ...], lo: int, hi: int, pieces: bool = True) -> Rendered:
        """Render from an `entry`, aiming at each (low, high) of `windows` in turn, from the same uniform stream,
        until a text's length is in [lo, hi] (else the last text). `values` are the record's own variables: slot
        values such as an item name are read from them. With `pieces=False` the result keeps no pieces (None),
        only the text and the captures, which is faster."""
        symbol, prepared, table, rows = entry
        try:
            if _crender is not None:
                values = values if type(values) is dict else dict(values)
                return Rendered(*_crender.render(self, table, rows, prepared, values, next_uniform, windows, lo, hi,
                                                 pieces))
            rendered = self._render_python(table, rows, prepared, values, next_uniform, windows, lo, hi)
            if not pieces:
                rendered.pieces = None
            return rendered
        except RecursionError:   # a reference loop through variables, met while working out lengths
            raise self._too_deep(symbol) from None

    def render_texts(self, name: str, env: Mapping[str, str], rows: Iterable[Sequence[float]]) -> list[str]:
        """The text of `render(name, env, uniform_source(row))` for each row of uniforms, with no length window:
        the entry (the prepared context and its tables) is worked out once for all of them, not once a render
        (two thirds of a short render's time). For many derivations of one symbol and env (template pools)."""
        entry = self.entry(name, env)
        return [self.render_entry(entry, env, uniform_source(row), _NO_WINDOW, _FAR_LOW, _FAR_HIGH, False).text
                for row in rows]

    def render_pieces(self, entry: tuple, values: dict, next_uniform: Callable[[], float]) -> list:
        """The non-empty pieces `(text, kind, tag)` of one render from `entry` with no length window: what text
        written piece by piece needs (a dialogue's turns, each a few renders), without `render_entry`'s window
        loop and Rendered object. `values` must be a dict."""
        try:
            if _crender is not None:
                return _crender.pieces(self, entry[2], entry[3], entry[1], values, next_uniform)   # none empty
            pieces = self._render_python(entry[2], entry[3], entry[1], values, next_uniform, _NO_WINDOW,
                                         _FAR_LOW, _FAR_HIGH).pieces
        except RecursionError:
            raise self._too_deep(entry[0]) from None
        return [p for p in pieces if p[0]]

    def bound_pieces(self, entry: tuple) -> Callable[[dict, Callable[[], float]], list]:
        """`render_pieces` with its entry bound: a callable of (values, next_uniform). With the C renderer it is a C
        object (`_render.bound`), so text written piece by piece (a dialogue's twenty renders a turn) passes through
        no Python frame, and the table's flat view is found on the first call only; a reference loop then raises
        RecursionError, which the caller turns into its message."""
        if _crender is not None:
            if hasattr(_crender, "bound"):
                return _crender.bound(self, entry[2], entry[3], entry[1])
            return partial(_crender.pieces, self, entry[2], entry[3], entry[1])
        return partial(self.render_pieces, entry)

    @staticmethod
    def _too_deep(symbol: Symbol) -> SynthError:
        return SynthError(f"{symbol.where}: the expansion of <{symbol.name}> is nested too deeply (a reference loop "
                          f"through variables?).")

    def _render_python(self, table, rows, prepared, env, next_uniform, windows, lo, hi) -> Rendered:
        for low, high in windows:
            out: list = []
            captures: list = []
            _State(self, out, captures, next_uniform, env).entry(table, rows, prepared, low, high)
            text = "".join(map(_segment_text, out))
            if lo <= len(text) <= hi:
                break
        return Rendered(text, out, captures)

    def _entry(self, symbol: Symbol, env, lists) -> tuple[Table, "_ListRows | None"]:
        """The entry symbol's table for a prepared env and, if it holds lists (whose lengths are known only now),
        their rows."""
        table = symbol.static or symbol.by_context.get(env[CONTEXT]) or self._table(symbol, env)
        if not table.alts:
            raise SynthError(f"{symbol.where}: no alternative of {symbol.name!r} applies to this record.")
        if not symbol.entry_only:
            return table, None
        if not all(type(items) is tuple for items in lists.values()):
            return table, _ListRows(self, env, lists)
        # Tuples are taken as immutable and keyed by identity (hashing their contents costs more than the rest
        # of this step); the rows hold them, so an id stays theirs while it is cached. Lists of plans are many
        # (a review's aspects, in order, with polarities), so a miss is common and cheap: each item's row is
        # cached on its own (`_item_row`).
        ids = tuple([(name, id(items)) for name, items in lists.items()])
        key = (ids, tuple(map(env.get, self._list_reads(ids, lists))))
        rows = self._list_rows.get(key)
        if rows is None:
            if len(self._list_rows) >= MAX_CONTEXTS:
                self._list_rows.clear()
            rows = self._list_rows[key] = _ListRows(self, env, lists, key[1])
        return table, rows

    def _list_reads(self, ids: tuple, lists) -> tuple:
        """The context variables the lists' items can read: their rows depend on nothing else of the context
        (`extend` keeps only these for an item), so contexts that differ elsewhere (a review's rating, its other
        facts) share the rows of a list, which are most of the work of an entry."""
        found = self._list_names.get(ids)
        if found is None or any(kept is not items for kept, items in zip(found[0], lists.values())):
            if len(self._list_names) >= MAX_CONTEXTS:
                self._list_names.clear()
            names = set()
            for items in lists.values():
                for item_name, _ in items:
                    symbol = self.symbols.get(item_name)
                    names.update(symbol.context_names if symbol is not None else ())
            found = self._list_names[ids] = (tuple(lists.values()), tuple(sorted(names)))   # holds the lists: ids stay theirs
        return found[1]

    def _item_row(self, env, item_name: str, extra, read=None) -> tuple:
        """`(table, env, shortest, longest)` of one list item in a prepared context: shared by every list that
        holds the item (cached when its variables are a tuple of pairs), and, given `read` (the values of the
        context its list's items read, see `_list_reads`), by every context that agrees on them."""
        key = (env[CONTEXT] if read is None else read, item_name, extra) if type(extra) is tuple else None
        row = self._item_rows.get(key) if key is not None else None
        if row is None:
            item_symbol = self.symbols.get(item_name)
            if item_symbol is None:
                raise SynthError(f"A list names an undefined symbol {item_name!r}.")
            item_env = self.extend(env, extra, item_symbol)
            item_table = self._table(item_symbol, item_env)
            if not item_table.alts:
                shown = {k: v for k, v in item_env.items() if not k.startswith(("#", "\x00"))}
                raise SynthError(f"{item_symbol.where}: no alternative of {item_name!r} applies to {shown}.")
            row = (item_table, item_env, item_table.smin, item_table.smax)
            if key is not None:
                if len(self._item_rows) >= MAX_CONTEXTS:
                    self._item_rows.clear()
                self._item_rows[key] = row
        return row

    def _bind(self, bindings: tuple, env, symbol: Symbol) -> dict:
        """The shared env of a reference to `symbol` that rebinds variables (`<name; k=v, a={b}>`)."""
        return self.extend(env, tuple((var, _fill(value, env)) for var, value in bindings), symbol)

    def render_text(self, name: str, env: Mapping[str, str], next_uniform: Callable[[], float]) -> str:
        """Only the text of `name` (no window, no trace): a fast path for short things such as names."""
        symbol = self.symbols.get(name)
        if symbol is None:
            raise SynthError(f"The grammar has no symbol {name!r}.")
        key = (name, tuple(map(env.get, symbol.key_names)))
        found = self._text_cache.get(key)
        if found is None:
            prepared = self.prepare(env)
            table = self._table(symbol, prepared)
            found = self._text_cache[key] = (table, prepared, self._flat(table, prepared) if table.alts else None)
        table, prepared, flat = found
        if flat is not None and all(e[0] is not None for e in flat.parts[:1]):
            expansion = flat.parts[bisect_right(flat.cum, next_uniform())]
            if expansion[0] is not None:      # all literal text: its segments are ready-made
                return "".join([s[0] for s in expansion[0]])
            out: list = []
            _State(self, out, [], next_uniform, env).emit(expansion, prepared, 0)
            return "".join([p[0] for p in out])
        if not table.alts:
            raise SynthError(f"{symbol.where}: no alternative of {name!r} applies to this record.")
        out = []
        _State(self, out, [], next_uniform, env).free_table(table, prepared, 0)
        return "".join([p[0] for p in out])

    def render_many(self, name: str, env: Mapping[str, str], u, values: Sequence[Mapping[str, str]] | None = None,
                    cap: int = 20_000) -> list[str]:
        """Texts of `name` (no window, no trace) for records that share the variables `env`, one row of `u` (a
        2-D array of uniforms) each; `values` gives each record's own slot values. Short symbols such as names
        are flattened (up to `cap` expansions) and picked for all records at once."""
        import numpy as np

        symbol = self.symbols.get(name)
        if symbol is None:
            raise SynthError(f"The grammar has no symbol {name!r}.")
        prepared = self.prepare(env)
        table = self._table(symbol, prepared)
        if not table.alts:
            raise SynthError(f"{symbol.where}: no alternative of {name!r} applies to {dict(env)}.")
        key = (name, prepared[CONTEXT], cap)
        flat = self._wide.get(key, False)
        if flat is False:
            expansions = self._expand_table(table, prepared, cap)
            flat = self._wide[key] = Flat(expansions) if expansions else None
            if flat is not None:
                flat.texts = ["".join(seg[0] for seg in e[0]) if e[0] is not None else None for e in flat.parts]
        rows = u.tolist() if hasattr(u, "tolist") else [list(r) for r in u]
        out: list[str] = []
        if flat is None:
            for i, row in enumerate(rows):
                record = {**env, **values[i]} if values is not None else env
                out.append(self.render_text(name, record, uniform_source(row)))
            return out
        picks = np.minimum(np.searchsorted(np.asarray(flat.cum), np.asarray(u)[:, 0], side="right"),
                           len(flat.cum) - 1).tolist()
        texts = flat.texts
        for i, k in enumerate(picks):
            text = texts[k]
            if text is None:
                text = _expansion_text(flat.parts[k][2], prepared, values[i] if values is not None else env, rows[i])
            out.append(text)
        return out

    def render_within(self, name: str, env: Mapping[str, str], next_uniform: Callable[[], float], lo: int, hi: int,
                      target: int | None = None, slack: int = 8, lists=None) -> Rendered:
        """Render with length in [lo, hi], aiming first at [target - slack, target + slack] (within [lo, hi]).

        The narrow window spreads lengths over the range; if it cannot be met the whole range is tried, and if
        that fails too the closest text is returned (the caller checks the length).
        """
        return self._render_windows(name, env, next_uniform, windows_around(lo, hi, target, slack), lo, hi, lists)


_segment_text = itemgetter(0)


def windows_around(lo: int, hi: int, target: int | None = None, slack: int = 8) -> tuple[tuple[int, int], ...]:
    """The windows `render_within` tries: [target - slack, target + slack] within [lo, hi] first, then [lo, hi]."""
    if target is not None:
        return (max(lo, target - slack), min(hi, target + slack)), (lo, hi), (lo, hi)
    return (lo, hi), (lo, hi)


def _number_text(part: tuple, u: float) -> str:
    """A NUM part (NUM, low, step, count, digits, ...) written for uniform `u`."""
    value = str(part[1] + part[2] * min(int(u * part[3]), part[3] - 1))
    return value.zfill(part[4]) if part[4] else value


def _expansion_text(parts: tuple, env, values: Mapping[str, str], row: Sequence[float]) -> str:
    """The text of a flat expansion's parts (what `_State.emit` writes, without segments): slots from `env`,
    else `values`; numbers from row[1:] (row[0] picked the expansion), then the fallback stream."""
    pieces = []
    drawn = 0   # numbers written so far: the first ones read the row itself, as uniform_source(row[1:]) would
    next_uniform = None
    for part in parts:
        op = part[0]
        if op == TEXT:
            pieces.append(part[1][0])
        elif op == SLOT:
            value = env.get(part[1])
            pieces.append(value if value is not None else values.get(part[1]) or "")
        elif op == TERM:
            pieces.append(part[1])
        else:
            drawn += 1
            if drawn < len(row):
                pieces.append(_number_text(part, row[drawn]))
                continue
            if next_uniform is None:   # past the row: its fallback stream, after the values already read
                next_uniform = uniform_source(row[1:])
                for _ in range(len(row) - 1):
                    next_uniform()
            pieces.append(_number_text(part, next_uniform()))
    return "".join(pieces)


def _add_slots(a: tuple, b: tuple) -> tuple:
    if not a:
        return b
    counts = dict(a)
    for var, n in b:
        counts[var] = counts.get(var, 0) + n
    return tuple(sorted(counts.items()))


def _join(first: tuple, second: tuple) -> tuple:
    """Concatenate part tuples, merging free text that meets."""
    if first and second and first[-1][0] == TEXT and second[0][0] == TEXT \
            and first[-1][1][1] == "text" and second[0][1][1] == "text":
        a, b = first[-1], second[0]
        text = a[1][0] + b[1][0]
        return first[:-1] + ((TEXT, (text, "text", ""), a[2] + b[2]),) + second[1:]
    return first + second


def _walk(parts: tuple) -> Iterator[tuple]:
    for part in parts:
        yield part
        if part[0] == TOKEN:
            yield from _walk(part[3])


class _ListRows:
    """What the lists given to an entry symbol hold in one context: per list, each item's table, env and length
    bounds, and the list's bounds. Cached by the lists and the context (`Grammar._entry`); each item's row by
    the context and the item (`Grammar._item_row`), so lists that share items share their rows."""

    __slots__ = ("lists", "rows_of", "low_of", "high_of")

    def __init__(self, g: "Grammar", env, lists, read=None):
        self.lists = tuple(lists.values())   # kept alive: the cache key holds their ids
        self.rows_of: dict[str, list] = {}
        self.low_of: dict[str, int] = {}
        self.high_of: dict[str, int] = {}
        for list_name, items in lists.items():
            rows, low, high = [], 0, 0
            for item_name, extra in items:
                if item_name not in g.symbols:
                    raise SynthError(f"The list {list_name!r} names an undefined symbol {item_name!r}.")
                row = g._item_row(env, item_name, extra, read)
                rows.append(row)
                low += row[2]
                high += row[3]
            self.rows_of[list_name], self.low_of[list_name], self.high_of[list_name] = rows, low, high

    def bounds(self, table: Table) -> tuple[list[int], list[int]]:
        """The entry table's alternatives' (shortest, longest) with the lists counted (the table counts them as
        empty)."""
        mins, maxs = table.mins, table.maxs
        for list_name, counts in table.list_counts().items():
            if list_name not in self.rows_of:
                where = next(a.where for a in table.alts if list_name in a.lists)
                raise SynthError(f"{where}: the list <@{list_name}> was not given to render().")
            low, high = self.low_of[list_name], self.high_of[list_name]
            mins = [m + c * low for m, c in zip(mins, counts)]
            maxs = [m + c * high for m, c in zip(maxs, counts)]
        return mins, maxs

    def after(self, table: Table, k: int, parts: tuple) -> list:
        """(shortest, longest) of what follows each part of alternative k: the table's suffix sums count lists
        as empty, so the lists after each part are added."""
        suffix = table.suffix[k]
        found = [None] * len(parts)
        after_low = after_high = 0
        for j in range(len(parts) - 1, -1, -1):
            found[j] = (suffix[j][0] + after_low, suffix[j][1] + after_high)
            if parts[j][0] == LIST:
                after_low += self.low_of[parts[j][1]]
                after_high += self.high_of[parts[j][1]]
        return found


class _State:
    """One render: output pieces, captures and the uniform source. Methods take and return the text position."""

    __slots__ = ("g", "out", "captures", "u", "depth", "values")

    def __init__(self, grammar: Grammar, out: list, captures: list, u, values: Mapping[str, str] | None = None):
        self.g, self.out, self.captures, self.u = grammar, out, captures, u
        self.depth = 0
        self.values = values or {}

    def entry(self, table: Table, rows: _ListRows | None, env, lo: int, hi: int) -> None:
        """Render the entry symbol's table; `rows` holds its lists (None for a symbol without lists)."""
        if rows is None:
            self.fit(table, env, lo, hi, 0)
            return
        mins, maxs = rows.bounds(table)
        k = self.pick(table, mins, maxs, lo, hi)
        parts = table.compiled[k] or self.g._compile(table, k, env)
        after = rows.after(table, k, parts)
        if any(p[-1] is True and (p[0] == FLATREF or p[0] == CREF) for p in parts):
            parts, after = self.draw_first(parts, after, env, lo, hi, mins[k], maxs[k])
        self.sequence(parts, env, lo, hi, 0, after, rows.rows_of, rows.low_of, rows.high_of)

    def draw_first(self, parts: tuple, after: list, env, lo: int, hi: int, low: int, high: int) -> tuple:
        """Render the parts drawn first (`<name!>`), in order, each aimed at the room the others leave at their
        shortest and longest (so by weight, not by what the parts before it leave over), into pieces of their own;
        return the parts with each replaced by its SPLICE and `after` (what follows each part) with its length."""
        parts, after = list(parts), list(after)
        for j, part in enumerate(parts):
            if part[-1] is not True or (part[0] != FLATREF and part[0] != CREF):
                continue
            before = (0, 0) if j == 0 else (low - after[j - 1][0], high - after[j - 1][1])
            own = (low - before[0] - after[j][0], high - before[1] - after[j][1])
            out, captures = self.out, self.captures
            self.out, self.captures = [], []
            length = self.sequence((part,), env, lo - before[1] - after[j][1], hi - before[0] - after[j][0], 0,
                                   ((0, 0),))
            parts[j] = (SPLICE, self.out, self.captures, length)
            self.out, self.captures = out, captures
            for i in range(j):   # the parts before it now count its length
                after[i] = (after[i][0] - own[0] + length, after[i][1] - own[1] + length)
            low, high = low - own[0] + length, high - own[1] + length
        return tuple(parts), after

    def pick(self, table: Table, mins, maxs, lo: int, hi: int) -> int:
        """Choose an alternative whose interval meets [lo, hi] (the closest if none), by weight."""
        n = len(mins)
        if n == 1:
            return 0
        u = self.u()
        feasible = [k for k in range(n) if mins[k] <= hi and maxs[k] >= lo]
        if len(feasible) == n:
            return bisect_right(table.cum, u * table.total)
        if not feasible:
            distance = [max(mins[k] - hi, lo - maxs[k]) for k in range(n)]
            best = min(distance)
            feasible = [k for k in range(n) if distance[k] == best]
        cum = list(itertools.accumulate(table.weights[k] for k in feasible))
        return feasible[min(bisect_right(cum, u * cum[-1]), len(feasible) - 1)]

    def emit(self, expansion: tuple, env, pos: int) -> int:
        """Emit a flat expansion `(segments or None, length, parts)`; its parts are TEXT, SLOT and NUM only."""
        segments = expansion[0]
        if segments is not None:
            self.out.extend(segments)
            return pos + expansion[1]
        out = self.out
        for part in expansion[2]:
            op = part[0]
            if op == TEXT:
                out.append(part[1])
                pos += part[2]
            elif op == SLOT:
                value = env.get(part[1])
                if value is None:
                    value = self.values.get(part[1]) or ""
                out.append((value, "slot", part[1]))
                pos += len(value)
            elif op == TERM:
                out.append((part[1], "aspect", env.get("aspect", "")))
                pos += part[2]
            else:
                value = _number_text(part, self.u())
                out.append((value, "number", ""))
                pos += len(value)
        return pos

    def bind(self, part: tuple, env):
        return self.g._bind(part[4], env, part[6])

    def fit(self, table: Table, env, lo: int, hi: int, pos: int) -> int:
        """Expand a table's symbol at `pos` with its length aimed at [lo, hi]; returns the new position."""
        flat = table.flat
        if flat is False:
            flat = self.g._flat(table, env)
        if flat is not None:
            if lo <= flat.low and flat.high <= hi:
                return self.emit(flat.parts[bisect_right(flat.cum, self.u())], env, pos)
            return self.emit(flat.pick(self.u(), lo, hi), env, pos)
        if lo <= table.smin and table.smax <= hi:
            return self.free_table(table, env, pos)
        if len(table.mins) == 1:
            k = 0
        elif lo <= table.fit_low and table.fit_high <= hi:
            k = bisect_right(table.cum, self.u() * table.total)
        else:
            k = self.pick(table, table.mins, table.maxs, lo, hi)
        parts = table.compiled[k] or self.g._compile(table, k, env)
        if lo <= table.mins[k] and table.maxs[k] <= hi:
            return self.free_parts(parts, env, pos)
        return self.sequence(parts, env, lo, hi, pos, table.suffix[k])

    def sequence(self, parts: tuple, env, lo: int, hi: int, pos: int, rest, rows_of=None, low_of=None,
                 high_of=None) -> int:
        """Render parts one after another, each aimed at what the window leaves once the parts after it (whose
        lengths are `rest[j]` = (shortest, longest)) are counted. Flat children are picked and emitted inline."""
        out = self.out
        start = pos
        for part, (rest_low, rest_high) in zip(parts, rest):
            op = part[0]
            if op == TEXT:
                out.append(part[1])
                pos += part[2]
                continue
            used = pos - start
            plo, phi = lo - used - rest_high, hi - used - rest_low
            if op == FLATREF:
                flat = part[1]
                if part[2] is not None:   # optional: take it or not, as the window allows
                    u = self.u()
                    can_skip = plo <= 0
                    can_take = flat.low <= phi and flat.high >= plo
                    if can_skip and can_take:
                        take = u < part[2]
                    elif can_take or can_skip:
                        take = can_take
                    else:
                        take = max(plo - flat.high, flat.low - phi, 0) < max(plo, -phi, 0)
                    if not take:
                        continue
                begin = pos
                if plo <= flat.low and flat.high <= phi:
                    expansion = flat.parts[bisect_right(flat.cum, self.u())]
                else:
                    expansion = flat.pick(self.u(), plo, phi)
                if expansion[0] is not None:   # emit() inlined: the renderer's most frequent step
                    out.extend(expansion[0])
                    pos += expansion[1]
                else:
                    pos = self.emit(expansion, env, pos)
                if part[3] is not None:
                    self.captures.append((part[3], begin, pos, env))
                continue
            if op == LIST:
                rows = rows_of[part[1]]
                tail_low, tail_high = low_of[part[1]], high_of[part[1]]
                begin = pos
                for item_table, item_env, item_low, item_high in rows:
                    tail_low -= item_low
                    tail_high -= item_high
                    done = pos - begin
                    pos = self.fit(item_table, item_env, plo - done - tail_high, phi - done - tail_low, pos)
                continue
            if op == SPLICE:   # drawn first (draw_first): its pieces, and its captures moved to where it stands
                out.extend(part[1])
                self.captures.extend([(name, begin + pos, end + pos, cenv) for name, begin, end, cenv in part[2]])
                pos += part[3]
                continue
            pos = self.part_fit(part, env, plo, phi, pos)
        return pos

    def part_fit(self, part: tuple, env, lo: int, hi: int, pos: int) -> int:
        op = part[0]
        if op == CHOICE:
            options = part[3]
            feasible = [i for i, (_, n) in enumerate(options) if lo <= n <= hi]
            u = self.u()
            if not feasible:
                feasible = [min(range(len(options)), key=lambda i: max(options[i][1] - hi, lo - options[i][1]))]
            opt = options[feasible[min(int(u * len(feasible)), len(feasible) - 1)]]
            if opt[1]:
                self.out.append(opt[0])
            return pos + opt[1]
        if op != CREF:
            return self.free_parts((part,), env, pos)
        child = part[1]
        if part[2] is not None:   # optional: take it or not, as the window allows
            u = self.u()
            if child is None:
                return pos
            can_skip = lo <= 0
            can_take = child.smin <= hi and child.smax >= lo
            if can_skip and can_take:
                take = u < part[2]
            elif can_take or can_skip:
                take = can_take
            else:   # neither fits: whichever lands nearer the window
                take = max(lo - child.smax, child.smin - hi, 0) < max(lo, -hi, 0)
            if not take:
                return pos
        if part[4] is not None:
            env = self.bind(part, env)
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _error(part[5], "the expansion is nested too deeply (a reference loop through variables?)")
        start = pos
        pos = self.fit(child, env, lo, hi, pos)
        self.depth -= 1
        if part[3] is not None:
            self.captures.append((part[3], start, pos, env))
        return pos

    # -- the fast path: no window ---------------------------------------------------------------------------
    def free_table(self, table: Table, env, pos: int) -> int:
        flat = table.flat
        if flat is False:
            flat = self.g._flat(table, env)
        if flat is not None:
            return self.emit(flat.parts[bisect_right(flat.cum, self.u())], env, pos)
        k = 0 if len(table.alts) == 1 else bisect_right(table.cum, self.u() * table.total)
        return self.free_parts(table.compiled[k] or self.g._compile(table, k, env), env, pos)

    def free_parts(self, parts: tuple, env, pos: int) -> int:
        out = self.out
        u = self.u
        for part in parts:
            op = part[0]
            if op == TEXT:
                out.append(part[1])
                pos += part[2]
            elif op == CHOICE:
                opt = part[3][bisect_right(part[1], u() * part[2])]
                if opt[1]:
                    out.append(opt[0])
                    pos += opt[1]
            elif op == FLATREF:
                if part[2] is not None and u() >= part[2]:
                    continue
                flat = part[1]
                start = pos
                expansion = flat.parts[bisect_right(flat.cum, u())]
                if expansion[0] is not None:   # emit() inlined, as in sequence()
                    out.extend(expansion[0])
                    pos += expansion[1]
                else:
                    pos = self.emit(expansion, env, pos)
                if part[3] is not None:
                    self.captures.append((part[3], start, pos, env))
            elif op == CREF:
                child = part[1]
                if child is None or (part[2] is not None and u() >= part[2]):
                    continue
                child_env = env if part[4] is None else self.bind(part, env)
                start = pos
                flat = child.flat
                if flat is False:
                    flat = self.g._flat(child, child_env)
                if flat is not None:
                    pos = self.emit(flat.parts[bisect_right(flat.cum, u())], child_env, pos)
                else:
                    self.depth += 1
                    if self.depth > MAX_DEPTH:
                        raise _error(part[5], "the expansion is nested too deeply (a reference loop through variables?)")
                    k = 0 if len(child.alts) == 1 else bisect_right(child.cum, u() * child.total)
                    pos = self.free_parts(child.compiled[k] or self.g._compile(child, k, child_env), child_env, pos)
                    self.depth -= 1
                if part[3] is not None:
                    self.captures.append((part[3], start, pos, child_env))
            elif op == SLOT:
                value = env.get(part[1])
                if value is None:
                    value = self.values.get(part[1]) or ""
                out.append((value, "slot", part[1]))
                pos += len(value)
            elif op == TERM:
                out.append((part[1], "aspect", env.get("aspect", "")))
                pos += part[2]
            elif op == NUM:
                value = _number_text(part, u())
                out.append((value, "number", ""))
                pos += len(value)
            elif op == TOKEN:
                mark = len(out)
                end = self.free_parts(part[3], env, pos)
                text = "".join([p[0] for p in out[mark:]])
                del out[mark:]
                out.append((text, part[1], part[2] if part[2] is not None else env.get("aspect", "")))
                pos = end
            elif op == LIST:
                raise SynthError("A list (<@...>) can only be used by the symbol given to render().")
        return pos


@lru_cache(maxsize=None)
def _load_cached(paths: tuple[str, ...], base: str | None) -> Grammar:
    return Grammar.from_files([Path(p) for p in paths], Path(base) if base else None)


def load_grammar(location: str | Path) -> Grammar:
    """Compile a grammar file, or every `*.grammar` file in a directory (sorted by name), once per process."""
    location = Path(location).resolve()
    if location.is_dir():
        paths = tuple(str(p) for p in sorted(location.glob("*.grammar")))
        if not paths:
            raise SynthError(f"No *.grammar files in {location}.")
        return _load_cached(paths, str(location.parent))
    if not location.is_file():
        raise SynthError(f"The grammar file {location} does not exist.")
    return _load_cached((str(location),), str(location.parent))
