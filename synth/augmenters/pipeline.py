"""Making the variants of each text: choosing operations, applying them, checking the label survived.

For source row i, draw k and attempt a take their randomness from (seed, i, k, a) only; a draw keeps at most
one variant, and draws go on until n variants are kept or `FAILED_DRAWS` draws kept nothing. An attempt picks a
random non-empty subset of the requested operations that can apply to the text (each with even odds; at most one
of the structural ones, restructure and expand), applies them in the order restructure/expand, synonym, insert,
swap, delete, and is kept when the result differs from the source and from the variants already kept, and its
label signature (sentiment polarities and negations, re-read from the new text) equals the source's (plus the
added detail's, for expand). Up to `ATTEMPTS` attempts are made per draw; a text that offers nothing safe to
change gets fewer variants, never a repeat.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..errors import SynthError
from .analysis import Analyser, Analysis, add_signatures
from .eda import DeleteOp, InsertOp, SwapOp
from .expand import ExpandOp
from .random import VariantRandom
from .restructure import RestructureOp, TextRewrites
from .synonym import SynonymOp

OPS = ("synonym", "restructure", "expand", "insert", "swap", "delete")
ALIASES = {"eda": ("synonym", "insert", "swap", "delete")}
STRUCTURAL = ("restructure", "expand")
LEXICAL = ("synonym", "insert", "swap", "delete")
ATTEMPTS = 8
# Frequent characters that exist only in traditional script (their simplified forms differ).
TRADITIONAL_ONLY = frozenset("們這個裡說麼為後樣來過時會還沒對間電書將與氣點實學讓見關號樓層態覺歡經開發務體門車話東買賣聽價錢處變條網質從廳")
FAILED_DRAWS = 4  # draws that keep nothing before a text is given up as offering no more
# Degree adverbs, longest first: a variant that differs from its source only in these says the same thing again
# (很安逸 → 非常安逸, 特别安逸, 挺安逸), so one such variant per degree adverb of the source is kept and its siblings
# must change more; a text with two degree adverbs (房间很大，床很舒服) may have one variant for each.
DEGREE_ADVERBS = re.compile("超级|非常|特别|十分|相当|极其|格外|比较|较为|很|挺|蛮|超|较")
SEGMENT_KINDS = {"text", "slot", "number", "sentiment", "negation", "aspect"}


def parse_ops(ops) -> tuple[str, ...]:
    if not isinstance(ops, Iterable):
        raise SynthError(f"ops must be operation names (a list or a comma-separated string), not {ops!r}; use any "
                         f"of: {', '.join(OPS)} (or eda).")
    if isinstance(ops, str):
        ops = [o for o in ops.replace("+", ",").split(",")]
    names: list[str] = []
    for op in ops:
        op = str(op).strip().lower()
        if not op:
            continue
        for name in ALIASES.get(op, (op,)):
            if name not in OPS:
                raise SynthError(f"Unknown augmentation operation {op!r}; use any of: {', '.join(OPS)} (or eda).")
            if name not in names:
                names.append(name)
    if not names:
        raise SynthError(f"No augmentation operation given; use any of: {', '.join(OPS)}.")
    return tuple(names)


def share_within(value, name: str, highest: float) -> float:
    """alpha and rate: a number in (0, highest], whatever type the caller passed."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= highest:
        raise SynthError(f"{name} must be a number in (0, {highest:g}], got {value!r}.")
    return float(value)


def bad_character(text: str) -> str | None:
    """A description of the first character that does not belong in text, or None."""
    for position, char in enumerate(text):
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            return f"a lone surrogate U+{code:04X} at character {position + 1}"
        if char in "\t\n\r":
            continue
        category = unicodedata.category(char)
        if category == "Cc":
            return f"the control character U+{code:04X} at character {position + 1}"
        if category == "Cn" and (code & 0xFFFE == 0xFFFE or 0xFDD0 <= code <= 0xFDEF):
            return f"the non-character U+{code:04X} at character {position + 1}"
    return None


@dataclass
class AugmentReport:
    sources: int = 0
    variants: int = 0
    wanted: int = 0
    short_sources: int = 0  # sources that got fewer than n variants
    unchanged_sources: int = 0  # sources that got none
    rejected: int = 0  # attempts dropped because the label signature changed
    op_counts: Counter = field(default_factory=Counter)

    def as_dict(self) -> dict:
        """Plain values, so pandas can keep the report in DataFrame.attrs and still write Parquet."""
        return {"sources": self.sources, "variants": self.variants, "wanted": self.wanted,
                "short_sources": self.short_sources, "unchanged_sources": self.unchanged_sources,
                "rejected": self.rejected, "op_counts": dict(self.op_counts), "summary": self.summary()}

    def merge(self, other: "AugmentReport") -> None:
        self.sources += other.sources
        self.variants += other.variants
        self.wanted += other.wanted
        self.short_sources += other.short_sources
        self.unchanged_sources += other.unchanged_sources
        self.rejected += other.rejected
        self.op_counts.update(other.op_counts)

    @property
    def missing(self) -> int:
        return self.wanted - self.variants

    def summary(self) -> str:
        def plural(count: int, word: str) -> str:
            return f"{count} {word}" + ("" if count == 1 else "s")

        text = f"made {plural(self.variants, 'variant')} of {self.wanted} for {plural(self.sources, 'text')}"
        if self.short_sources:
            text += (f"; {plural(self.short_sources, 'text')} offered too little to change safely and got fewer "
                     f"({self.unchanged_sources} got none, {plural(self.missing, 'variant')} missing)")
        return text + "."


class Augmenter:
    """Holds the lexicon, the tokenizer and the operations; `variants()` is the pure per-text function."""

    def __init__(self, ops=("synonym", "restructure"), alpha: float = 0.1, rate: float = 0.4, lexicon=None,
                 verify: bool = True):
        from .load import default_lexicon, tokenizer_for

        self.ops = parse_ops(ops)
        alpha, rate = share_within(alpha, "alpha", 0.5), share_within(rate, "rate", 1.0)
        self.lexicon = lexicon if lexicon is not None else default_lexicon()
        self.segmenter = tokenizer_for(self.lexicon)
        self.analyser = Analyser(self.lexicon, self.segmenter)
        self.verify = verify
        self.synonym = SynonymOp(self.lexicon, self.segmenter.tags, rate, self.analyser)
        self.restructure = RestructureOp(self.lexicon, self.analyser, self.segmenter)
        self.expand = ExpandOp(self.lexicon, self.analyser, self.restructure)
        self.lexical = {"synonym": self.synonym, "insert": InsertOp(self.synonym, alpha), "swap": SwapOp(alpha),
                        "delete": DeleteOp(alpha)}

    # -- reading the source ---------------------------------------------------------------------------------

    def analyse(self, text: str, protect=None, segments=None) -> Analysis:
        if segments is None:
            return self.analyser.analyse(text, protect)
        return self._analyse_segments(text, segments, protect)

    def _analyse_segments(self, text: str, segments, protect) -> Analysis:
        """Use the grammar's own structure: slots, numbers, sentiment words, negations and aspect terms are
        single protected tokens; only free-text segments are cut (and those repeat, so the cut cache serves)."""
        from .analysis import NEG, PROT, SENT

        words, marks, spans = [], [], list(protect or [])
        items = []
        position = 0
        for segment in segments:
            piece, kind, tag = segment[0], segment[1], segment[2] if len(segment) > 2 else ""
            if kind not in SEGMENT_KINDS:
                raise SynthError(f"Unknown segment kind {kind!r} in the token structure.")
            if kind == "text":
                words.extend(self.analyser.cut(piece))
            else:
                words.append(piece)
                marks.append((position, position + len(piece), kind, tag))
                if kind in ("slot", "number"):
                    spans.append((position, position + len(piece)))
                if kind == "slot" and tag == "item":
                    items.append(piece)
            position += len(piece)
        if "".join(words) != text:
            raise SynthError("The token structure does not join to the text it describes.")
        analysis = self.analyser.analyse(text, spans, words=words)
        self.restructure.set_extra_items(items)
        self.expand.extra_items = set(items)
        # The grammar knows better than the lexicon: its sentiment and negation tokens decide, and every piece
        # it placed (slot, number, sentiment, negation, aspect) stays as it is.
        starts, offset = [], 0
        for word in analysis.words:
            starts.append(offset)
            offset += len(word)
        m = 0
        for i, word in enumerate(analysis.words):
            start, end = starts[i], starts[i] + len(word)
            while m < len(marks) and marks[m][1] <= start:
                m += 1
            if m < len(marks) and marks[m][0] < end and start < marks[m][1]:
                _, _, kind, tag = marks[m]
                analysis.flags[i] |= PROT
                if kind == "sentiment" and marks[m][0] == start and marks[m][1] == end:
                    analysis.pol[i] = {"positive": 1, "negative": -1}.get(tag, 0)
                    analysis.flags[i] |= SENT if analysis.pol[i] else 0
                elif kind == "negation":
                    analysis.flags[i] |= NEG
        return analysis

    # -- making variants ------------------------------------------------------------------------------------

    def variants(self, text: str, source: int, n: int, key: bytes, protect=None, segments=None,
                 report: AugmentReport | None = None) -> list[tuple[str, str]]:
        """Up to n (variant text, ops) pairs for one source text; a pure function of (text, key, source)."""
        report = report if report is not None else AugmentReport()
        report.sources += 1
        report.wanted += n
        out: list[tuple[str, str]] = []
        if not text or not text.strip() or not TRADITIONAL_ONLY.isdisjoint(text):
            # Traditional characters: every lexicon and inserted word is simplified, so a variant would mix scripts
            report.short_sources += 1
            report.unchanged_sources += 1
            return out
        if segments is None:
            self.restructure.set_extra_items(())
            self.expand.extra_items = set()
        analysis = self.analyse(text, protect, segments)
        tokens = list(zip(analysis.words, analysis.flags, analysis.pol))
        self.synonym.memo = {}
        # Read the label signature the same way the variants will be read: from the text alone, clause by clause.
        signature = None
        if self.verify:
            if protect is None and segments is None:
                signature = self.analyser.seed_signatures(analysis)
            if signature is None:
                signature = self.analyser.signature(text)
        # Rewrites are listed only when an attempt first asks for them: many texts get their variant before that.
        restructured = TextRewrites(self.restructure, analysis, tokens)
        sites = self.expand.sites(analysis) if "expand" in self.ops else []
        available = [op for op in self.ops if op != "expand" or sites]
        seen = {text}
        bare = DEGREE_ADVERBS.sub("", text)
        degree_sites: set[int] = set()  # where the kept variants that differ only in a degree adverb changed it
        k = failed = 0
        # Draws k = 0, 1, 2 ... until n variants are kept or FAILED_DRAWS draws kept nothing; the stopping rule
        # does not depend on n beyond "enough", so fewer variants asked gives a prefix of more.
        while available and len(out) < n and failed < FAILED_DRAWS:
            for attempt in range(ATTEMPTS):
                rng = VariantRandom(key, source, k, attempt)
                result = self._attempt(analysis, tokens, available, restructured, sites, rng)
                if result is None:
                    continue
                new_text, applied, detail = result
                if new_text in seen:
                    continue
                site = _first_difference(text, new_text) if DEGREE_ADVERBS.sub("", new_text) == bare else None
                if site in degree_sites:
                    continue
                if self.verify and not self._label_kept(signature, new_text, detail):
                    report.rejected += 1
                    continue
                seen.add(new_text)
                if site is not None:
                    degree_sites.add(site)
                out.append((new_text, "+".join(applied)))
                report.op_counts.update(applied)
                break
            else:
                failed += 1
            k += 1
        report.variants += len(out)
        if len(out) < n:
            report.short_sources += 1
            report.unchanged_sources += not out
        return out

    def _attempt(self, analysis, tokens, available, restructured, sites, rng):
        chosen = [op for op in available if rng.random() < 0.5] if len(available) > 1 else list(available)
        if not chosen:
            chosen = [rng.choice(available)]
        structural = [op for op in chosen if op in STRUCTURAL]
        if len(structural) > 1:
            keep = rng.choice(structural)
            chosen = [op for op in chosen if op not in STRUCTURAL or op == keep]
        draft, applied, detail = tokens, [], None
        rewritten = restructured.draw(rng) if "restructure" in chosen else None
        if rewritten is not None:
            draft = rewritten
            applied.append("restructure")
        elif "expand" in chosen:
            grown = self.expand.apply(analysis, draft, sites, rng)
            if grown is not None:
                draft, detail, _ = grown
                applied.append("expand")
        for op in LEXICAL:
            if op in chosen:
                changed = self.lexical[op].apply(draft, rng)
                if changed is not None:
                    draft = changed
                    applied.append(op)
        if not applied:
            return None
        return "".join([t[0] for t in draft]), applied, detail

    def _label_kept(self, signature, new_text: str, detail: str | None) -> bool:
        if detail is not None:
            signature = add_signatures(signature, self.analyser.signature(detail))
        return self.analyser.signature(new_text) == signature


def _first_difference(a: str, b: str) -> int:
    """The index of the first character where a and b differ (the shorter length when one is a prefix)."""
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def check_texts(texts, name: str = "texts") -> list[str]:
    if isinstance(texts, str):
        raise SynthError(f"{name} must be a list of strings, not one string; wrap it: [{texts[:20]!r}].")
    if not isinstance(texts, Iterable):
        raise SynthError(f"{name} must be a list of strings, not {type(texts).__name__}.")
    out = []
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise SynthError(f"Item {i} of {name} is {type(text).__name__}, not text.")
        problem = bad_character(text)
        if problem:
            raise SynthError(f"Item {i} of {name} contains {problem}.")
        out.append(text)
    return out
