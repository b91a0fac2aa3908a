"""`synonym`: replace a fraction of the replaceable words by another member of their synonym group.

A word is replaceable when it is not frozen (protected span, negation, lexical negation, punctuation), belongs
to a group, and its group is certain in context:

- part of speech: when the word sits in groups of different parts of speech, the context (a degree adverb or
  negator before it, 的 after it) and jieba's dictionary tag must leave exactly one;
- sense: a group that names cue words (好看/美观 only beside 外观, 外形, 颜值 ...) is used only when a cue is in
  the sentence; when groups of different senses remain, the word is left alone;
- strength: degree adverbs change only within their strength class (很/挺 never becomes 非常), and sentiment
  groups hold words of one polarity and strength (checked when the lexicon loads);
- form: a one-character word is replaced only by a one-character word, a word after a degree adverb never by
  a four-character idiom (很清晰 never becomes 很一清二楚), and no replacement repeats a neighbour.
"""

from __future__ import annotations

from .analysis import CONN, DEG, FROZEN, NEG, PROT, PUNCT
from .lexicon import JIEBA_AGREES

Token = tuple  # (word, flags, polarity)


def _pos_from_context(tokens: list[Token], i: int) -> set[str] | None:
    """Parts of speech the context allows at position i, or None when it says nothing."""
    before = tokens[i - 1] if i > 0 else None
    after = tokens[i + 1][0] if i + 1 < len(tokens) else ""
    if before is not None and before[1] & (DEG | NEG):
        return {"a", "v", "i"}
    if before is not None and before[0] in ("的", "这", "那", "这个", "那个"):
        return {"n"}
    if after in ("地",):
        return {"a", "d", "i"}
    return None


_CLASSIFIERS = frozenset("部款家台本间件只条份位种辆张双套场次顿所支瓶杯碗盒袋")
_CLAUSE_END_PARTICLES = frozenset({"了", "啊", "呀", "吧", "哦", "呢", "啦", "哈", "嘛", "的"})


def _ends_clause(tokens: list[Token], end: int) -> bool:
    """Nothing but punctuation or a final particle follows position `end` in its clause."""
    while end < len(tokens) and tokens[end][0] in _CLAUSE_END_PARTICLES:
        end += 1
    return end >= len(tokens) or bool(tokens[end][1] & PUNCT)


_QUOTATIVE = frozenset({"说", "都说", "也说", "觉得", "说是", "夸", "直呼", "喊"})
_AMOUNTS = frozenset({"很多", "多了", "得多", "不少", "一点", "一些", "好多", "许多", "一截", "一半"})


def _comparative(tokens: list[Token], i: int, end: int) -> bool:
    """The word at [i, end) is compared (比…便宜) or measured (便宜了149块, 便宜很多)."""
    k = end
    if k < len(tokens) and tokens[k][0] in ("了", "出"):
        k += 1
    if k < len(tokens):
        following = tokens[k][0]
        if following in _AMOUNTS or following[0].isdigit() or following[0] in "一二两三四五六七八九十几百千万半好":
            return True
    for j in range(i - 1, -1, -1):
        word, flags, _ = tokens[j]
        if flags & PUNCT:
            break
        if word in ("比", "比起", "相比", "不如", "没有"):
            return True
    return False


def _pos_clash(pos: str, tag: str) -> bool:
    """Our group says verb and jieba's dictionary says noun, or the other way round."""
    if tag in ("vn", "an", "l", "i"):
        return False
    return (pos == "v" and tag.startswith("n")) or (pos == "n" and tag.startswith("v"))


class SynonymOp:
    name = "synonym"

    def __init__(self, lexicon, tags: dict[str, str], rate: float = 0.4, analyser=None):
        self.lexicon = lexicon
        self.groups = lexicon.groups
        self.word_groups = lexicon.word_groups
        self.degree = lexicon.degree
        self.tags = tags
        self.rate = rate
        self.analyser = analyser
        self.memo: dict = {}
        self.strict = True
        self._phrases: dict | None = None
        self._signatures: dict[str, tuple] = {}

    # -- members that are several words (物流很快, 总的来说) -------------------------------------------------

    def phrases(self) -> dict[tuple[str, str], list[tuple[tuple[str, ...], str]]]:
        """(first, second word) -> [(words, member)] for members cut into several words, longest first."""
        if self._phrases is None:
            index: dict[str, list] = {}
            cut = self.analyser.cut if self.analyser is not None else (lambda text: [text])
            for member in self.word_groups:
                words = tuple(cut(member))
                if len(words) > 1:  # keyed by the first two words: a lookup per position, not a scan
                    index.setdefault((words[0], words[1]), []).append((words, member))
            for entries in index.values():
                entries.sort(key=lambda e: -len(e[0]))
            self._phrases = index
        return self._phrases

    def member_signature(self, member: str):
        """The label signature of a member on its own: a replacement must have the same one (物流很快 and
        物流给力 differ: 给力 is a sentiment word), so no swap adds, drops or flips a sentiment word or negation."""
        found = self._signatures.get(member)
        if found is None:
            found = self.analyser.signature(member) if self.analyser is not None else None
            self._signatures[member] = found
        return found

    # -- choosing the group and the options -----------------------------------------------------------------

    def options(self, tokens: list[Token], i: int, context: set[str], end: int | None = None,
                word: str | None = None) -> list[str] | None:
        """Replacement options for tokens[i:end] (one token unless `end` says otherwise), spelled `word`."""
        end = i + 1 if end is None else end
        word = tokens[i][0] if word is None else word
        flags = tokens[i][1] if end == i + 1 else 0
        groups = [self.groups[g] for g in self.word_groups[word]]
        if flags & DEG:
            groups = [g for g in groups if g.pos == "d"]
            if i + 1 >= len(tokens) or tokens[i + 1][1] & PUNCT or tokens[i + 1][0] in ("的", "是", "了"):
                return None  # 很特别 / 特别是: not a degree adverb here
        elif len(groups) > 1:
            groups = [g for g in groups if g.pos != "d"] or groups
        if len({g.pos for g in groups}) > 1:
            allowed = _pos_from_context(tokens, i)
            if allowed is not None:
                groups = [g for g in groups if g.pos in allowed]
            if len({g.pos for g in groups}) > 1:
                tag = self.tags.get(word)
                if tag:
                    groups = [g for g in groups if tag in JIEBA_AGREES.get(g.pos, {g.pos})]
                if len({g.pos for g in groups}) != 1:
                    return None
        # Sense: a group tied to a kind of text (film, hotel ...) counts only when the sentence is about that
        # kind. A word with such a sense-restricted reading is left alone unless the sentence settles which
        # reading is meant: 好看 is 精彩 in a film review and 漂亮 for a dress, and neither in "整体还是很好看".
        cued = [g for g in groups if g.cues]
        if cued:
            # every kind of text the sentence points to must be one the group holds in (电影 and 书 tie over
            # 主角: then a film-only or book-only group is not used)
            matched = [g for g in cued if context and context <= g.cues]
            if not matched:
                return None  # a film, hotel ... group only where the sentence is about films, hotels ...
            usable = matched
        else:
            usable = groups
        if len(usable) > 1 and len({g.sense for g in usable}) > 1:
            return None
        if self.strict and all(not g.cues for g in usable) and not (flags & DEG) and word not in self.lexicon.aspects \
                and word not in self.lexicon.items and any(g.pos in ("n", "v", "m", "d") for g in usable):
            # Everyday nouns, verbs and adverbs (朋友, 选择, 之前, 一直) have more readings than their group
            # records; only evaluative words, aspect and item nouns, degree adverbs and phrases are replaced.
            return None
        tag = self.tags.get(word)
        if tag and any(_pos_clash(g.pos, tag) for g in usable):
            return None  # 导演 (a noun here) must not become 执导 (a verb)
        prev_word = tokens[i - 1][0] if i > 0 else ""
        next_word = tokens[end][0] if end < len(tokens) else ""
        if prev_word and (prev_word[-1] == "个" or prev_word in _CLASSIFIERS) and any(g.pos == "n" for g in usable):
            return None  # 一个简单的情节: nouns differ in what they can be counted with
        if any(g.pos in ("a", "i") for g in usable) and prev_word in _QUOTATIVE:
            return None  # 朋友也说好吃: a quoted verdict keeps its everyday word
        if any(g.pos == "a" for g in usable) and (_comparative(tokens, i, end)):
            return None  # 比超市便宜很多, 便宜了149块: an adjective in a comparison keeps its own word
        after_degree = i > 0 and tokens[i - 1][1] & DEG
        single = len(word) == 1
        strength = self.degree.get(word) if flags & DEG else None
        signature = self.member_signature(word)
        out = []
        for group in usable:
            for option in group.words:
                if option == word or option in out or option == prev_word or option == next_word:
                    continue
                if single != (len(option) == 1):
                    continue
                if after_degree and (group.pos == "i" or len(option) >= 4 or option[0] in "很太非特十超挺蛮真好"):
                    continue
                if strength is not None and self.degree.get(option) != strength:
                    continue
                if prev_word and option[0] == prev_word[-1] or next_word and option[-1] == next_word[0]:
                    continue  # 很很, 好好: a doubled character reads as a typo
                if after_degree and word in self.lexicon.sentiment and option in self.lexicon.sentiment \
                        and self.lexicon.sentiment[word][1] != self.lexicon.sentiment[option][1]:
                    continue  # after 很/有点 the strength must match exactly
                if self.member_signature(option) != signature:
                    continue
                out.append(option)
        return out or None

    def categories(self, tokens: list[Token]) -> dict[str, float]:
        """How strongly the sentence's words point to each kind of text (movie, hotel ...): item nouns count 3,
        a cue word shares 1 among the kinds it belongs to (演员 is film only, 节奏 film or book)."""
        found: dict[str, float] = {}
        lexicon = self.lexicon
        for word, _, _ in tokens:
            cats = lexicon.categories_of.get(word)
            if cats:
                weight = (3.0 if word in lexicon.items else 1.0) / len(cats)
                for cat in cats:
                    found[cat] = found.get(cat, 0.0) + weight
        return found

    def _context_for(self, scores: dict[str, float], word: str) -> set[str]:
        """The sentence's leading kinds of text, not counting the word itself (味道 must not vouch for its own
        food reading in 阳光的味道)."""
        lexicon = self.lexicon
        own = lexicon.categories_of.get(word, ())
        if own:
            weight = (3.0 if word in lexicon.items else 1.0) / len(own)
            scores = {cat: score - (weight if cat in own else 0.0) for cat, score in scores.items()}
        best = max(scores.values(), default=0.0)
        return {cat for cat, score in scores.items() if score > 1e-9 and score >= best - 1e-9}

    def candidates(self, tokens: list[Token]) -> list[tuple[int, int, list[str]]]:
        """(start, end, replacement options) of every replaceable word or phrase; memoised per token list while
        the pipeline works on one source (`memo` is reset for each source text)."""
        memo = self.memo
        hit = memo.get(id(tokens))
        if hit is not None and hit[0] is tokens:
            return hit[1]
        found = self._candidates(tokens)
        memo[id(tokens)] = (tokens, found)
        return found

    def _candidates(self, tokens: list[Token]) -> list[tuple[int, int, list[str]]]:
        word_groups = self.word_groups
        phrases = self.phrases()
        context = self.categories(tokens)
        found = []
        n = len(tokens)
        i = 0
        while i < n:
            word, flags, _ = tokens[i]
            entries = phrases.get((word, tokens[i + 1][0])) if i + 1 < n else None
            if entries:
                matched = False
                for words, member in entries:
                    end = i + len(words)
                    if end <= n and all(tokens[i + k][0] == words[k] for k in range(2, len(words))) \
                            and not any(tokens[k][1] & (FROZEN | CONN) for k in range(i, end)):
                        if self.groups[self.word_groups[member][0]].pos == "i" and not _ends_clause(tokens, end):
                            continue  # a whole formula (学到了很多) must not bite into a longer phrase
                        options = self.options(tokens, i, self._context_for(context, member), end, member)
                        if options:
                            found.append((i, end, options))
                            matched = True
                            break
                if matched:
                    i = end
                    continue
            if flags & (FROZEN | CONN) or word not in word_groups:
                i += 1
                continue
            if len(word) == 1 and not self._single_is_a_word(tokens, i):
                i += 1
                continue
            options = self.options(tokens, i, self._context_for(context, word))
            if options:
                found.append((i, i + 1, options))
            i += 1
        return found

    @staticmethod
    def _single_is_a_word(tokens: list[Token], i: int) -> bool:
        """A lone character is a word when its neighbours are words or punctuation, not loose characters."""
        for j in (i - 1, i + 1):
            if 0 <= j < len(tokens):
                neighbour, flags, _ = tokens[j]
                if flags & PROT:
                    return False
        return True

    def apply(self, tokens: list[Token], rng) -> list[Token] | None:
        found = self.candidates(tokens)
        if not found:
            return None
        k = max(1, round(self.rate * len(found)))
        out = list(tokens)
        for start, end, options in sorted(rng.sample(found, k), key=lambda c: -c[0]):
            flags = 0
            pol = 0
            for _, f, p in out[start:end]:
                flags |= f
                pol = pol or p
            out[start:end] = [(rng.choice(options), flags, pol)]
        return out
