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

from .rephrase import COUNT_STARTS, FEELING_VERBS, _clause_start, not_measured
from .persons import is_person_sense, person_before
from .register import WRITTEN_FORMS, is_chatty, is_formal, is_written
from .analysis import CONN, DEG, FROZEN, LEXNEG, NEG, PROT, PUNCT, SENT
from .lexicon import FUNCTION_CHARS, JIEBA_AGREES

Token = tuple  # (word, flags, polarity)
UNTOUCHED = FROZEN | CONN  # flags of tokens no replacement starts at or covers


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


_MEASURE_FIRST = frozenset("长多少久")
_POTENTIAL = frozenset({"不了", "得了", "不起来", "不起"})
_NAME_ENDINGS = frozenset({"酒店", "宾馆", "饭店", "大厦", "餐厅", "旅馆", "客栈", "书店", "商场"})
_NOT_NAMES = frozenset({"的", "该", "这", "那", "这个", "那个", "这家", "那家", "此", "本", "每", "各", "星级", "四星级",
                        "五星级", "三星级", "快捷", "经济型"})
STIFF_BEFORE_ONE_CHAR = frozenset({"较为", "颇为", "极为", "十分", "甚为"})
LOCATIVES_AFTER_NOUN = frozenset({"周边"})  # a place that needs the noun it is around
REPORTEDLY = frozenset({"据说", "听说"})
AFTER_WORDS = frozenset({"之后", "以后", "后", "之前", "以前", "前"})
NO_TIME_FRAME = frozenset({"起初", "起先", "最初"})  # time adverbs that stand alone, never as …的时候's head
TIME_FRAME_ENDS = frozenset({"时候", "时", "之时", "那会", "那会儿"})
# 门前 is the space in front of a building's entrance (酒店门前); a room's doorway or a bare 门口 stays 门口.
BUILDING_ENDS = ("店", "馆", "楼", "厦", "场", "院", "站", "校", "园", "城")
WEAK_DEGREE = frozenset({"有点", "有些", "有点儿"})
# In a formal text (register.FORMAL_MARKS) a colloquial group's member would mix registers (亲，超赞 beside
# 感谢您的光临), so colloquial groups are not used; in a chatty one written forms (较为, 均) are not.
# Markers of a matched pair (又A又B, 边A边B, 既A又B, 越A越B): its members are chosen to go together, and a swap
# of one (又生气又生病 → 又气愤又生病) breaks the pair's balance of register and length.
PAIR_MARKERS = frozenset({"又", "既", "边", "一边", "越"})
NOMINAL_BEFORE = frozenset({"的", "和", "与", "及", "以及", "、"})  # an adjective after these is used as a noun
# Words that make a clause ongoing (现在还在弄): 如今 contrasts now with the past, not what is still going on.
ONGOING = frozenset({"还在", "正在", "在", "仍在", "还", "仍然", "依然", "一直"})
_CLASSIFIERS = frozenset("部款家台本间件只条份位种辆张双套场次顿所支瓶杯碗盒袋")
PAIRED = 0.25  # share of draws that replace two words where the rate alone would replace one
_CLAUSE_END_PARTICLES = frozenset({"了", "啊", "呀", "吧", "哦", "呢", "啦", "哈", "嘛", "的"})


def _ends_clause(tokens: list[Token], end: int) -> bool:
    """Nothing but punctuation or a final particle follows position `end` in its clause."""
    while end < len(tokens) and tokens[end][0] in _CLAUSE_END_PARTICLES:
        end += 1
    return end >= len(tokens) or bool(tokens[end][1] & PUNCT)


def _name_follows(tokens: list[Token], end: int, tags: dict[str, str]) -> bool:
    """A lone noun character follows the noun that ends at `end` (天天福): jieba found no longer word there, so
    the two most likely spell a name together (a lone verb, as in 现在用着, does not)."""
    if end >= len(tokens):
        return False
    word, flags, _ = tokens[end]
    if len(word) != 1 or flags & (PUNCT | DEG | NEG) or word in FUNCTION_CHARS:
        return False
    tag = tags.get(word)
    return tag is None or tag[0] == "n"


def _said_already(option: str, word: str, text: str) -> bool:
    """What the option says that the word does not is in the text already: 又便宜，又实惠 must not become
    又实惠，又实惠, nor 外观漂亮，屏幕好看 become 外观好看，屏幕好看 (the phrase differs from its word only in 好看)."""
    start = 0
    while start < min(len(option), len(word)) and option[start] == word[start]:
        start += 1
    end = 0
    while end < min(len(option), len(word)) - start and option[-1 - end] == word[-1 - end]:
        end += 1
    core = option[start:len(option) - end]
    return option in text or len(core) >= 2 and core in text


_BARE_POSSESSORS = frozenset({"我", "你", "他", "她", "我们", "你们", "他们", "她们"})
_HYPOTHETICAL = frozenset({"如果", "要是", "假如", "假设", "若", "倘若", "万一"})
_PREPOSITIONS = frozenset({"对", "从", "到", "比", "跟", "与", "和", "同"})
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


def _leading(scores: dict[str, float]) -> set[str]:
    """The kinds of text with the highest positive score (ties all lead)."""
    best = max(scores.values(), default=0.0)
    return {cat for cat, score in scores.items() if score > 1e-9 and score >= best - 1e-9}


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
        self._formal = False  # the text being read is formal (see register.py)
        self._chatty = False  # ... or chatty
        self._written = False  # ... or written, so that written forms (较为, 如今) fit it
        self.strict = True
        self._phrases: dict | None = None
        self._phrase_firsts: frozenset[str] | None = None
        self._starts: frozenset[str] | None = None
        self._signatures: dict[str, tuple] = {}
        self._fitting: dict[tuple, tuple[str, ...]] = {}
        self._word_group_memo: dict[tuple[str, bool], tuple[tuple, bool, bool, frozenset[str]]] = {}
        self._traits_memo: dict[tuple, tuple[bool, bool, bool] | None] = {}
        self._last_leading: tuple[dict | None, set[str]] = (None, set())
        self._scores_key: tuple[dict | None, tuple] = (None, ())
        self._readings: dict[tuple, tuple | None] = {}

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

    def phrase_firsts(self) -> frozenset[str]:
        """First words of the members that are several words: only there a phrase lookup is worth making."""
        if self._phrase_firsts is None:
            self._phrase_firsts = frozenset(first for first, _ in self.phrases())
        return self._phrase_firsts

    def starts(self) -> frozenset[str]:
        """Every word a candidate can start with: a group member or the first word of a member cut in several."""
        if self._starts is None:
            self._starts = frozenset(self.word_groups) | self.phrase_firsts()
        return self._starts

    def member_signature(self, member: str):
        """The label signature of a member on its own: a replacement must have the same one (物流很快 and
        物流给力 differ: 给力 is a sentiment word), so no swap adds, drops or flips a sentiment word or negation."""
        found = self._signatures.get(member)
        if found is None:
            found = self.analyser.signature(member) if self.analyser is not None else None
            self._signatures[member] = found
        return found

    # -- choosing the group and the options -----------------------------------------------------------------

    def options(self, tokens: list[Token], i: int, scores: dict[str, float], end: int | None = None,
                word: str | None = None) -> list[str] | None:
        """Replacement options for tokens[i:end] (one token unless `end` says otherwise), spelled `word`;
        `scores` are the sentence's `categories`."""
        end = i + 1 if end is None else end
        word = tokens[i][0] if word is None else word
        is_degree = bool(end == i + 1 and tokens[i][1] & DEG)
        groups, all_cued, one_pos, kinds = self._groups_of(word, is_degree)
        if is_degree and (i + 1 >= len(tokens) or tokens[i + 1][1] & PUNCT or tokens[i + 1][0] in ("的", "是", "了")):
            return None  # 很特别 / 特别是: not a degree adverb here
        if is_degree and not_measured(word, tokens[i + 1], self.tags.get):
            return None  # 特别对孩子来说, 特别在晚上: 'in particular', not 'very' (非常对孩子来说 is not said)
        if is_degree and word in WEAK_DEGREE and not tokens[i + 1][1] & (SENT | NEG | LEXNEG | DEG) \
                and not (tokens[i + 1][0] in FEELING_VERBS or (self.tags.get(tokens[i + 1][0]) or "")[:1] == "a"):
            return None  # 有些驱动 ('some drivers'), 有点散热不好: only before an evaluation, an adjective (有些惊讶,
            # 有点小) or a feeling is it 'a little'
        if one_pos:
            # What follows depends on the word and the sentence's kinds of text only: remembered per both.
            key = (word, is_degree, self.strict, self._key_of(scores))
            reading = self._readings.get(key, False)
            if reading is False:
                if len(self._readings) > 200_000:
                    self._readings.clear()
                reading = self._readings[key] = self._reading(word, is_degree, groups, all_cued, kinds, scores)
        else:
            reading = self._reading(word, is_degree, groups, all_cued, kinds, scores, tokens, i)
        if reading is None:
            return None
        usable, traits = reading
        counted, evaluative, adjective = traits
        if i and tokens[i - 1][0] in PAIR_MARKERS and sum(t[0] in PAIR_MARKERS for t in tokens) > 1:
            return None  # 又生气又生病: a member of a matched pair keeps its word
        if any(is_person_sense(g.sense) for g in usable) and \
                not person_before([t[0] for t in tokens[:i]], self.tags.get):
            return None  # 软件太马虎了 → 太粗心了: a word of a person's attitude or feeling needs a person
        prev_word = tokens[i - 1][0] if i > 0 else ""
        next_word = tokens[end][0] if end < len(tokens) else ""
        if counted and prev_word and (prev_word[-1] == "个" or prev_word in _CLASSIFIERS):
            return None  # 一个简单的情节: nouns differ in what they can be counted with
        if is_degree and len(next_word) > 1 and next_word[0] in _MEASURE_FIRST and next_word[-1] in "间候天年":
            return None  # 相当长时间 is a measure: 颇为长时间 is not said
        if counted and prev_word in _PREPOSITIONS and any(g.everyday for g in usable):
            return None  # 对现在有了很大的变化: a time word as an object keeps its own form (对如今)
        if prev_word == "一" and not is_degree:
            return None  # 一早就要: after a lone 一 the word may be cut across a fixed phrase (一早 + 就)
        if counted and next_word and (self.tags.get(next_word, "")[:1] == "n" or len(next_word) == 1
                                      and next_word not in FUNCTION_CHARS and not tokens[end][1] & PUNCT
                                      and (self.tags.get(next_word) or "n")[:1] not in "vad") \
                and any(o.startswith(word) and o != word for g in usable for o in g.words):
            return None  # 散热效果, 驱动盘: a noun that modifies the next one does not take its longer twin (驱动程序盘)
        if next_word == "于" and not is_degree:
            return None  # 惊讶于, 忠于: a word before 于 is a fixed pair, its synonym does not take 于 (吃惊于)
        if word in FEELING_VERBS and next_word in ("得", "上", "上了") and not is_degree:
            return None  # 喜欢得不得了, 喜欢上了: a feeling's complement is said with its everyday verb (not 喜爱得)
        if next_word in _POTENTIAL and not is_degree:
            return None  # 启动不了 → 开机不了: a verb-object word does not take 不了 the same way
        if not is_degree and i and tokens[i - 1][1] & DEG and all(g.pos == "d" for g in usable):
            return None  # 最起码 is one word: an adverb after a degree adverb is part of a fixed word (最至少)
        if counted and _name_follows(tokens, end, self.tags):
            return None  # 天天福, 如家快捷: a word followed by a lone content character opens a name
        if word in _NAME_ENDINGS and i and self._names_before(tokens[i - 1]):
            return None  # 鹭江宾馆, 华侨大厦: the end of a name, not the kind of place
        if evaluative and prev_word in _QUOTATIVE:
            return None  # 朋友也说好吃: a quoted verdict keeps its everyday word
        if counted and prev_word in _BARE_POSSESSORS:
            return None  # 我客人, 他房间: a noun held by a bare pronoun is a relation kept as said (not 我住客)
        if counted and any(t[0] in _HYPOTHETICAL for t in tokens[_clause_start(tokens, i):i]):
            return None  # 如果是现在写: a time word in a supposition keeps its word (not 如果是目前写)
        if next_word == "的" and not is_degree and all(g.pos == "d" for g in usable):
            return None  # 确实的惨: an adverb before 的 is used as an adjective, which its twin is not (的确的)
        if word in REPORTEDLY and next_word in AFTER_WORDS:
            return None  # 据说之后还写了: 'reportedly, later'; 听说之后 would read 'after hearing of it'
        if word in ("到底", "究竟") and (_ends_clause(tokens, end) or (self.tags.get(prev_word) or "")[:1] == "v"):
            return None  # 坚持到底, 走到底就是, 说到底: after a verb it is 'to the end'; only 'on earth' is 究竟
        if word == "马上" and _ends_in_change(tokens, end):
            return None  # 孩子马上上二年级了: 马上 is 'soon' before a coming change, which 立刻 is not
        if prev_word in NOMINAL_BEFORE and all(g.pos == "a" for g in usable):
            return None  # 发热和耗电, 房间的干净: an adjective used as a noun; its twin may not be one (费电)
        if adjective and _comparative(tokens, i, end):
            return None  # 比超市便宜很多, 便宜了149块: an adjective in a comparison keeps its own word
        after_degree = bool(i > 0 and tokens[i - 1][1] & DEG)
        out = []
        for group in usable:
            if self._formal and group.register == "colloquial":
                continue  # 感谢您的光临 … 超赞: a formal text keeps its register
            for option in self._fitting_options(group, word, after_degree, is_degree):
                if is_degree and option in STIFF_BEFORE_ONE_CHAR and (len(next_word) == 1 or
                                                                       next_word[-1] == next_word[-2]):
                    continue  # 较为慢, 颇为一般般: a written adverb wants a two-character, unreduplicated word
                if option in WRITTEN_FORMS and (not self._written or is_degree and
                                                ((self.tags.get(next_word) or "")[:1] == "v" or next_word[:1] in "不没")):
                    continue  # 较为/如今 only where the text is written already; 较为喜欢, 较为不错: no
                if is_degree and option[0] in "较颇甚极" and next_word in FEELING_VERBS:
                    continue  # 较为惊喜, 较惊喜: a written degree does not measure a feeling
                if option in NO_TIME_FRAME and any(t[0] in TIME_FRAME_ENDS for t in tokens[end:_clause_end(tokens, end)]):
                    continue  # 刚开始启动的时候: 起初 is a whole adverb of time, it does not open a …时候 frame
                if option == "如今" and any(t[0] in ONGOING for t in tokens[end:_clause_end(tokens, end)]):
                    continue  # 现在还在弄: 如今 sets now against the past, not something still going on
                if option == "目前" and _clock_or_date_follows(tokens, end):
                    continue  # 现在已经是11:40了: the moment on the clock is 现在; 目前 is 'for the time being'
                if option == "门前" and not prev_word.endswith(BUILDING_ENDS):
                    continue  # 房间门口, 在门口等: a room's doorway is 门口; 门前 is the space before a building
                if option in ("天天", "每天晚上") and (next_word[:1] in COUNT_STARTS or next_word == "的"):
                    continue  # 每天40元, 每晚240元 are rates; 每天的价格 names each day: 天天 is an adverb only
                if option in LOCATIVES_AFTER_NOUN and (len(prev_word) < 2 or next_word == "的"
                                                        or (self.tags.get(prev_word) or "n")[:1] != "n"):
                    continue  # 酒店周边 names its place; 就在周边, 一家周边的酒店 do not
                if option in out or option == prev_word or option == next_word:
                    continue
                if prev_word and option[0] == prev_word[-1] or next_word and option[-1] == next_word[0]:
                    continue  # 很很, 好好: a doubled character reads as a typo
                if len(option) > 1 and option[0] in prev_word:
                    continue  # 艰难晦涩 → 艰难艰涩: a character of the word before, said again
                out.append(option)
        return out or None

    def _names_before(self, token: Token) -> bool:
        """The token before a place noun reads as the first part of its name (a place or proper noun, or a word
        jieba does not know), not as a demonstrative, classifier, verb or 的."""
        word, flags, _ = token
        if flags & PUNCT or word in _NOT_NAMES or word[-1] in _CLASSIFIERS:
            return False
        tag = self.tags.get(word)
        return tag is None or tag[0] == "n"

    def _reading(self, word: str, is_degree: bool, groups: tuple, all_cued: bool, kinds: frozenset[str],
                 scores: dict[str, float], tokens: list[Token] | None = None, i: int = 0):
        """(the groups usable here, their traits) for the word in a sentence with these kinds of text, or None
        when the word must be left alone. `tokens` and `i` are needed only for a word whose groups hold more than
        one part of speech (the neighbours choose)."""
        context = None
        if all_cued:
            if kinds.isdisjoint(scores):
                return None  # the sentence points to no kind of text any of the word's groups holds in
            context = self._context_for(scores, word)
            if not self._any_fits_context(groups, context):
                return None  # only film, hotel ... groups, and the sentence is about none of them (as below)
        if tokens is not None:
            groups = self._groups_in_context(tokens, i, word, groups)
            if groups is None:
                return None
        # Sense: a group tied to a kind of text (film, hotel ...) counts only when the sentence is about that
        # kind. A word with such a sense-restricted reading is left alone unless the sentence settles which
        # reading is meant: 好看 is 精彩 in a film review and 漂亮 for a dress, and neither in "整体还是很好看".
        cued = [g for g in groups if g.cues]
        if cued:
            if context is None:
                context = self._context_for(scores, word)
            # every kind of text the sentence points to must be one the group holds in (电影 and 书 tie over
            # 主角: then a film-only or book-only group is not used)
            matched = [g for g in cued if context and context <= g.cues]
            if not matched:
                return None  # a film, hotel ... group only where the sentence is about films, hotels ...
            usable = tuple(matched)
        else:
            usable = groups
        traits = self._traits(word, is_degree, usable)
        return None if traits is None else (usable, traits)

    def _key_of(self, scores: dict[str, float]) -> tuple:
        """The sentence's kinds of text as a hashable key, worked out once per sentence (`scores` is kept alive,
        so `is` cannot mistake a new dict for it)."""
        last, key = self._scores_key
        if last is not scores:
            key = tuple(scores.items())
            self._scores_key = (scores, key)
        return key

    @staticmethod
    def _any_fits_context(groups, context: set[str]) -> bool:
        """Some group holds in every kind of text the sentence points to."""
        return bool(context) and any(context <= g.cues for g in groups)

    def _groups_of(self, word: str, is_degree: bool) -> tuple[tuple, bool, bool, frozenset[str]]:
        """The word's groups before context is read (a degree adverb's adverb groups, otherwise the non-adverb
        groups of a word that has both), whether all are tied to kinds of text, whether they share one part of
        speech, and every kind of text they hold in. Memoised per word."""
        key = (word, is_degree)
        found = self._word_group_memo.get(key)
        if found is None:
            groups = [self.groups[g] for g in self.word_groups[word]]
            if is_degree:
                groups = [g for g in groups if g.pos == "d"]
            elif len(groups) > 1:
                groups = [g for g in groups if g.pos != "d"] or groups
            found = self._word_group_memo[key] = (tuple(groups), all(g.cues for g in groups),
                                                  len({g.pos for g in groups}) <= 1,
                                                  frozenset().union(*(g.cues for g in groups)))
        return found

    def _groups_in_context(self, tokens: list[Token], i: int, word: str, groups: tuple) -> tuple | None:
        """Groups of one part of speech, chosen by the words around i and jieba's tag; None when it stays open."""
        allowed = _pos_from_context(tokens, i)
        if allowed is not None:
            groups = tuple(g for g in groups if g.pos in allowed)
        if len({g.pos for g in groups}) > 1:
            tag = self.tags.get(word)
            if tag:
                groups = tuple(g for g in groups if tag in JIEBA_AGREES.get(g.pos, {g.pos}))
            if len({g.pos for g in groups}) != 1:
                return None
        return groups

    def _traits(self, word: str, is_degree: bool, usable: tuple) -> tuple[bool, bool, bool] | None:
        """None when `word` must not be replaced from these groups whatever surrounds it; otherwise whether
        they hold a noun, an adjective or idiom, an adjective (what the context checks need). Memoised."""
        key = (word, is_degree, self.strict, tuple(g.gid for g in usable))
        if key in self._traits_memo:
            return self._traits_memo[key]
        traits = None
        if not self._rejected(word, is_degree, usable):
            traits = (any(g.pos == "n" for g in usable), any(g.pos in ("a", "i") for g in usable),
                      any(g.pos == "a" for g in usable))
        self._traits_memo[key] = traits
        return traits

    def _rejected(self, word: str, is_degree: bool, usable: tuple) -> bool:
        if len(usable) > 1 and len({g.sense for g in usable}) > 1:
            return True
        if self.strict and all(not g.cues and not g.everyday for g in usable) and not is_degree and word not in self.lexicon.aspects \
                and word not in self.lexicon.items and any(g.pos in ("n", "v", "m", "d") for g in usable):
            # Everyday nouns, verbs and adverbs (朋友, 选择, 之前, 一直) have more readings than their group
            # records; only evaluative words, aspect and item nouns, degree adverbs and phrases are replaced.
            return True
        tag = self.tags.get(word)
        return bool(tag and any(_pos_clash(g.pos, tag) for g in usable))  # 导演 (a noun here) ≠ 执导 (a verb)

    def _fitting_options(self, group, word: str, after_degree: bool, is_degree: bool) -> tuple[str, ...]:
        """Members of `group` that may replace `word` whatever its neighbours are: the same form, strength and
        label signature. Memoised: they depend only on these arguments, and `options` asks for them per word."""
        key = (group.gid, word, after_degree, is_degree)
        found = self._fitting.get(key)
        if found is None:
            found = self._fitting[key] = tuple(
                option for option in group.words if self._fits(option, word, group, after_degree, is_degree))
        return found

    def _fits(self, option: str, word: str, group, after_degree: bool, is_degree: bool) -> bool:
        if option == word or (len(word) == 1) != (len(option) == 1):
            return False
        if after_degree and (group.pos == "i" or len(option) >= 4 or option[0] in "很太非特十超挺蛮真好"):
            return False
        strength = self.degree.get(word) if is_degree else None
        if strength is not None and self.degree.get(option) != strength:
            return False
        if self._degree_becomes_content(option, word):
            return False
        sentiment = self.lexicon.sentiment
        if after_degree and word in sentiment and option in sentiment and sentiment[word][1] != sentiment[option][1]:
            return False  # after 很/有点 the strength must match exactly
        return self.member_signature(option) == self.member_signature(word)

    def _degree_becomes_content(self, option: str, word: str) -> bool:
        """Where the two phrases differ, one says a degree adverb and the other a content word (服务很周到 →
        服务细致周到 adds a fact the review did not state; the reverse drops one)."""
        if self.analyser is None or len(word) < 3 or len(option) < 3:
            return False
        a, b = self.analyser.cut(word), self.analyser.cut(option)
        while a and b and a[0] == b[0]:
            a, b = a[1:], b[1:]
        while a and b and a[-1] == b[-1]:
            a, b = a[:-1], b[:-1]
        if not a or not b:
            return False  # 服务周到 ↔ 服务很周到: a degree added or dropped, no content word for it
        degree = self.degree
        return all(w in degree for w in a) != all(w in degree for w in b)

    def categories(self, tokens: list[Token]) -> dict[str, float]:
        """How strongly the sentence's words point to each kind of text (movie, hotel ...): item nouns count 3,
        a cue word shares 1 among the kinds it belongs to (演员 is film only, 节奏 film or book)."""
        found: dict[str, float] = {}
        categories_of, items = self.lexicon.categories_of, self.lexicon.items
        for word in [t[0] for t in tokens if t[0] in categories_of]:
            cats = categories_of[word]
            if cats:
                weight = (3.0 if word in items else 1.0) / len(cats)
                for cat in cats:
                    found[cat] = found.get(cat, 0.0) + weight
        return found

    def _context_for(self, scores: dict[str, float], word: str) -> set[str]:
        """The sentence's leading kinds of text, not counting the word itself (味道 must not vouch for its own
        food reading in 阳光的味道)."""
        lexicon = self.lexicon
        own = lexicon.categories_of.get(word, ())
        if not own:
            return self._leading_kinds(scores)
        weight = (3.0 if word in lexicon.items else 1.0) / len(own)
        return _leading({cat: score - (weight if cat in own else 0.0) for cat, score in scores.items()})

    def _leading_kinds(self, scores: dict[str, float]) -> set[str]:
        """`_leading(scores)`, remembered for the last sentence: every word without a kind of its own shares it."""
        last_scores, last_kinds = self._last_leading
        if last_scores is not scores:  # the remembered dict is kept alive, so `is` cannot mistake a new one for it
            last_kinds = _leading(scores)
            self._last_leading = (scores, last_kinds)
        return last_kinds

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
        phrases, phrase_firsts, starts = self.phrases(), self.phrase_firsts(), self.starts()
        scores = None
        found = []
        n = len(tokens)
        after = 0  # a phrase found covers the tokens before this position
        # Only positions whose word can start a candidate are looked at, left to right.
        text = "".join([t[0] for t in tokens])
        self._formal = is_formal(text)
        self._chatty = is_chatty(t[0] for t in tokens)
        self._written = not self._chatty and is_written(text, (t[0] for t in tokens))
        for i in [i for i, token in enumerate(tokens) if token[0] in starts]:
            if i < after:
                continue
            word, flags, _ = tokens[i]
            if scores is None:
                scores = self.categories(tokens)
            entries = phrases.get((word, tokens[i + 1][0])) if word in phrase_firsts and i + 1 < n else None
            if entries:
                phrase = self._phrase_at(tokens, i, entries, scores)
                if phrase is not None:
                    member = "".join([t[0] for t in tokens[phrase[0]:phrase[1]]])
                    kept = [o for o in phrase[2] if not _said_already(o, member, text)]
                    phrase = (phrase[0], phrase[1], kept) if kept else None
                if phrase is not None:
                    found.append(phrase)
                    after = phrase[1]
                    continue
            if flags & UNTOUCHED or word not in word_groups:
                continue
            if len(word) == 1 and not self._single_is_a_word(tokens, i):
                continue
            if len(word) > 1 and text.count(word) > 1 and self._is_group_noun(word):
                continue  # 听任酒店的安排 … 三星酒店: one thing named twice keeps one name (not 宾馆 here, 酒店 there)
            options = self.options(tokens, i, scores)
            if options:
                options = [o for o in options if not _said_already(o, word, text)]
            if options:
                found.append((i, i + 1, options))
        return found

    def _phrase_at(self, tokens: list[Token], i: int, entries, scores) -> tuple[int, int, list[str]] | None:
        """(i, end, options) for the longest replaceable member cut into several words that starts at i;
        `entries` are the members that begin with the two words at i."""
        n = len(tokens)
        for words, member in entries:
            end = i + len(words)
            if end > n or len(words) > 2 and any(tokens[i + k][0] != words[k] for k in range(2, len(words))):
                continue  # the first two words matched already (they are the key of `entries`)
            if any(t[1] & UNTOUCHED for t in tokens[i:end]):
                continue
            if self.groups[self.word_groups[member][0]].pos == "i" and not _ends_clause(tokens, end):
                continue  # a whole formula (学到了很多) must not bite into a longer phrase
            options = self.options(tokens, i, scores, end, member)
            if options:
                return i, end, options
        return None

    def _is_group_noun(self, word: str) -> bool:
        groups = self.groups
        return any(groups[g].pos == "n" for g in self.word_groups[word])

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
        if k == 1 and len(found) > 1 and rng.random() < PAIRED:
            k = 2  # two words of a short sentence together: each swap is safe alone, and the pair is a new variant
        out = list(tokens)
        for start, end, options in sorted(rng.sample(found, k), key=lambda c: -c[0]):
            flags = 0
            pol = 0
            for _, f, p in out[start:end]:
                flags |= f
                pol = pol or p
            out[start:end] = [(rng.choice(options), flags, pol)]
        return out


def _clause_end(tokens, end: int) -> int:
    """The position of the punctuation closing the clause that `end` is in (or the sentence's length)."""
    while end < len(tokens) and not tokens[end][1] & PUNCT:
        end += 1
    return end


_DATE_ENDS = ("点", "点钟", "号", "日", "月", "年", "分")


def _clock_or_date_follows(tokens, end: int) -> bool:
    """A clock time or a date follows in the clause (已经是11:40了, 已经是晚上十点了, 是5月3号): a colon between
    digits does not close the clause here."""
    k = end
    while k < len(tokens):
        word, flags, _ = tokens[k]
        if flags & PUNCT and not (word in (":", "：") and k and tokens[k - 1][0][-1:].isdigit()):
            return False
        if word[:1].isdigit() and (word.endswith(_DATE_ENDS) or ":" in word or "：" in word or k + 1 < len(tokens) and
                                   (tokens[k + 1][0] in (":", "：") or tokens[k + 1][0].startswith(_DATE_ENDS))):
            return True
        if word[:1] in "一二两三四五六七八九十" and word.endswith(("点", "点钟", "号")) and len(word) <= 4:
            return True
        k += 1
    return False


def _ends_in_change(tokens, end: int) -> bool:
    """The clause from `end` closes with 了 (a change about to happen: 马上就到了, 马上上二年级了)."""
    return tokens[_clause_end(tokens, end) - 1][0] == "了"
