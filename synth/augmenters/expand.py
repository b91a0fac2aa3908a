"""`expand`: add a concrete detail clause to a clause that evaluates an aspect (or the item) already mentioned.

The detail has the polarity of the clause it follows, and is added only to clauses whose polarity is the
sentence's verdict (the clause after 但是/不过 when there is one, else the polarity all evaluative clauses share),
so a conceded point is never strengthened. Details come from the reviews domain's grammars when they cover the
sentence's category: `{aspect}.pos.more` / `{aspect}.neg.more` after an aspect clause (剧情很紧凑 → 剧情很紧凑，
特别是结尾那场戏，直接愣住了), `detail` (with sentiment=positive/negative) after a clause about the item itself
(这部电影很感人 → 这部电影很感人，散场的时候好多人都没走，还在鼓掌). Where the grammars have nothing for the category
and aspect, the phrases in lexicons/text/augment_expand.tsv are used. A rendered detail is kept only when both the
grammar's own sentiment tokens and the analyser read it with the clause's polarity, and it names no slot (an
item name we do not know).
"""

from __future__ import annotations

from .analysis import CONN, PROT, PUNCT, SENT

POLARITY_NAMES = {1: "positive", -1: "negative"}
OPENERS = frozenset({"", "但是", "但", "不过", "可是", "而且", "并且", "另外", "还有", "总之", "总的来说", "总体来说"})
COMMON = frozenset({"一个", "我们", "还是", "已经", "都是", "就是", "时候", "的时候", "一下", "一点", "有点", "这个",
                    "那个", "什么", "没有", "不是", "可以", "一直", "感觉", "觉得"})
ALREADY_DETAILED = ("特别是", "尤其是", "比如", "例如", "像是", "就像")


def _net_polarity(analysis) -> int:
    """+1 / -1: the sign of the text's sentiment words counted together (a negated one counts reversed); 0 when
    they balance or a negation's reach cannot be read (没有想象中好)."""
    pol = analysis.pol
    negated = set()
    for start, end in analysis.negations:
        if not any(pol[start:end]):
            return 0
        negated.update(range(start, end))
    net = sum(-p if k in negated else p for k, p in enumerate(pol) if p)
    return (net > 0) - (net < 0)


class ExpandOp:
    name = "expand"

    def __init__(self, lexicon, analyser, restructure=None):
        self.lexicon = lexicon
        self.analyser = analyser
        self.restructure = restructure
        self._grammar = None
        self._categories = None
        self.extra_items: set[str] = set()  # item names given as slots of generated text
        self._broken: set[tuple[str, str]] = set()  # grammar symbols that cannot render without domain variables

    # -- where details come from ----------------------------------------------------------------------------

    def grammar(self):
        """The reviews grammar (it ships with synth) and its category → aspects map."""
        if self._grammar is None:
            from synth.domains import reviews

            self._grammar = reviews.grammar()
            self._categories = {name: set(c.aspects) for name, c in reviews.categories().items()}
        return self._grammar, self._categories

    def _grammar_detail(self, category: str, aspect: str, polarity: int, rng) -> str | None:
        grammar, categories = self.grammar()
        if grammar is None or category not in categories:
            return None
        sentiment = POLARITY_NAMES[polarity]
        env = {"category": category, "sentiment": sentiment, "aspect": aspect, "mixed": "no", "last": "yes",
               "prev": "none"}
        if aspect == "item":
            name = "detail"
        else:
            if aspect not in categories[category]:
                return None
            name = f"{aspect}.{'pos' if polarity > 0 else 'neg'}.more"
        from synth.grammar import effective_polarities, segments

        if (category, name) in self._broken:
            return None
        try:
            if not grammar.has(name, env):
                return None
            rendered = grammar.render(name, env, rng.random)
        except Exception:  # a symbol that needs variables only the domain knows (a dish, a room type)
            self._broken.add((category, name))
            return None
        parts = segments(rendered)
        if any(kind == "slot" for _, kind, _ in parts):
            return None
        if any(p != sentiment for _, p, _ in effective_polarities(rendered) if p != "neutral"):
            return None
        text = rendered.text.strip().rstrip("。！!…").strip()
        return text.lstrip("，,") or None

    def _file_detail(self, categories: list[str], aspect: str, polarity: int, rng) -> str | None:
        options = []
        for category in categories + ["*"]:
            options.extend(self.lexicon.details.get((category, aspect, polarity), ()))
        return rng.choice(options) if options else None

    # -- candidates -----------------------------------------------------------------------------------------

    def sites(self, analysis) -> list[tuple[int, str, list[str], int]]:
        """(token index after which to insert, aspect, categories, polarity) for each clause that can grow."""
        words, flags = analysis.words, analysis.flags
        lexicon = self.lexicon
        category = self.category(words)
        if category is None:
            return []
        clauses = analysis.clauses
        polarities = [self.analyser.clause_polarity(analysis, c) for c in clauses]
        # The verdict: the one polarity of all evaluative clauses, or, in a text of one sentence, the polarity
        # of a final clause that a contrast word introduces (房间不大，但是很干净). A longer mixed text is left
        # alone: its minor complaint may sit after 不过 while the verdict comes later (满分推荐).
        known = {p for p in polarities if p is not None}
        verdict = None
        if len(known) == 1:
            verdict = known.pop()
        elif len(known) == 2 and sum(1 for c in clauses if c.final) == 1:
            last = clauses[-1]
            if words[last.start] in ("但是", "但", "不过", "可是") and polarities[-1] is not None:
                verdict = polarities[-1]
        if verdict is None or _net_polarity(analysis) != verdict:
            return []  # the detail must side with what the whole text says, not only with its verdict clause
        text = analysis.text
        if any(marker in text for marker in ALREADY_DETAILED):
            return []
        sites = []
        for number, (clause, polarity) in enumerate(zip(clauses, polarities)):
            if polarity != verdict or clause.end - clause.start < 2:
                continue
            if any(flags[k] & PROT and not flags[k] & (CONN | PUNCT | SENT) and words[k] not in lexicon.aspects
                   and words[k] not in self.extra_items for k in range(clause.start, clause.end)):
                continue  # numbers and names: the clause is already concrete
            if not clause.final and number + 1 < len(clauses) and not self._starts_anew(words, clauses[number + 1]):
                continue  # the next clause goes on about this one (剧情很无聊，看得我都睡着了): do not cut in
            # The clause must be about the aspect or item at its head (剧情很紧凑, 这部电影很感人), not mention it
            # in passing (书送到的时候封面有点破损): parse it as the restructure operation does.
            start = clause.start + (1 if words[clause.start] in OPENERS and words[clause.start] else 0)
            info = self.parse(analysis, start, clause.end)
            if info is None or info.subject is None:
                continue
            head = [words[start + k] for k in range(info.subject[0], info.subject[1])]
            aspect = None
            for word in head:
                if word in lexicon.aspects and category in lexicon.categories_of.get(word, ()):
                    aspect = lexicon.aspect_in.get((word, category), lexicon.aspects[word])
            if aspect is None and info.subject_is_item and info.simple and any(
                    word in self.extra_items or category in lexicon.categories_of.get(word, ()) for word in head):
                aspect = "item"
            if aspect is not None:
                sites.append((clause.end, aspect, [category], polarity))
        return sites

    def parse(self, analysis, start: int, end: int):
        """The restructure operation's reading of words[start:end] as topic + subject + predicate."""
        if self.restructure is None or end <= start:
            return None
        from .restructure import ClauseInfo

        tokens = list(zip(analysis.words[start:end], analysis.flags[start:end], analysis.pol[start:end]))
        info = ClauseInfo(0, len(tokens), None, False, None)
        self.restructure._parse(tokens, info)
        return info

    def category(self, words) -> str | None:
        """The kind of text the sentence is about: item nouns count 3, other cue words share 1 among their
        categories; None when nothing points anywhere or two kinds tie."""
        scores: dict[str, float] = {}
        lexicon = self.lexicon
        for word in words:
            cats = lexicon.categories_of.get(word)
            if not cats:
                continue
            weight = 3.0 if word in lexicon.items else 1.0
            for cat in cats:
                scores[cat] = scores.get(cat, 0.0) + weight / len(cats)
        if not scores:
            return None
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
            return None
        return ranked[0][0]

    def _starts_anew(self, words, clause) -> bool:
        if clause.end <= clause.start:
            return False
        lexicon = self.lexicon
        position = clause.start
        if words[position] in OPENERS and position + 1 < clause.end:
            position += 1  # 但是/而且 + a new subject starts anew; 但特别有力量 goes on about the same one
        first = words[position]
        return (first in lexicon.aspects or first in lexicon.items
                or first in ("这", "这部", "这家", "这款", "这本", "这个", "那家", "我", "总之"))

    def apply(self, analysis, tokens: list[tuple], sites, rng) -> tuple[list[tuple], str, int] | None:
        """Insert one detail; returns (tokens, detail text, polarity) or None."""
        if not sites:
            return None
        order = rng.sample(sites, len(sites))
        for end, aspect, categories, polarity in order:
            for attempt in range(3):
                category = rng.choice(categories)
                detail = self._grammar_detail(category, aspect, polarity, rng)
                if detail is None:
                    detail = self._file_detail(categories, aspect, polarity, rng)
                if detail is None:
                    break
                if detail in analysis.text or not self.reads_as(detail, polarity) or self._repeats(analysis, detail):
                    continue
                following = tokens[end + 1][0] if end + 1 < len(tokens) else ""
                if following and detail.startswith(following):
                    continue  # 还准备了胶囊咖啡机，还有一个小阳台: no doubled opener
                inserted = [("，", PUNCT | PROT, 0)] + [(w, PROT, 0) for w in self.analyser.cut(detail)]
                return tokens[:end] + inserted + tokens[end:], detail, polarity
        return None

    def _repeats(self, analysis, detail: str) -> bool:
        """The detail names an aspect or a sentiment word the text already has (配角也很出彩，连配角都很出彩)."""
        stopwords = self.lexicon.stopwords
        present = set(analysis.words)
        for word in self.analyser.cut(detail):
            if len(word) > 1 and word in present and word not in stopwords and word not in COMMON:
                return True
        return False

    def reads_as(self, detail: str, polarity: int) -> bool:
        """The analyser reads no sentiment against `polarity` in the detail (negated words count reversed)."""
        reading = self.analyser.analyse(detail)
        for k, pol in enumerate(reading.pol):
            if pol and reading.flags[k] & SENT:
                negated = any(s <= k < e for s, e in reading.negations)
                if (-pol if negated else pol) != polarity:
                    return False
        for s, e in reading.negations:
            if not any(reading.pol[k] for k in range(s, e)):
                return False  # a negation the analyser cannot resolve: leave it out
        return True
