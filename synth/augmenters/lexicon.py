"""The lexicon the augmenters read: synonym groups, sentiment words, modifiers, connectives, aspects, details.

`Lexicon` is plain data built once per process (`default_lexicon()`), or from Python values in tests
(`Lexicon.build(...)`). Loading checks the data for the mistakes that would break a label: a synonym group whose
members disagree in polarity or strength loses the disagreeing members, and a group left with fewer than two
members is dropped (`Lexicon.problems` lists what was dropped and why).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Part-of-speech names accepted in lexicon files, mapped to one short code.
POS_CODES = {
    "a": "a", "adj": "a", "adjective": "a", "形容词": "a",
    "v": "v", "verb": "v", "动词": "v",
    "n": "n", "noun": "n", "名词": "n",
    "d": "d", "adv": "d", "adverb": "d", "副词": "d",
    "i": "i", "idiom": "i", "成语": "i", "l": "i", "phrase": "i", "习用语": "i",
    "c": "c", "conj": "c", "conjunction": "c", "连词": "c",
    "m": "m", "q": "q", "r": "r", "p": "p", "u": "u", "t": "t", "f": "f", "s": "s", "b": "b", "z": "z",
}

# jieba's tags that agree with each of our part-of-speech codes (jieba's tag is a static dictionary tag).
JIEBA_AGREES = {
    "a": {"a", "ad", "an", "z", "b", "i", "l"},
    "v": {"v", "vn", "vd", "vi", "vg", "i", "l"},
    "n": {"n", "nz", "vn", "an", "ng", "nr", "ns", "nt", "s", "l"},
    "d": {"d", "zg", "ad", "dg"},
    "i": {"i", "l", "a", "v", "n", "z"},
}

# One-character function words: unknown runs of single characters around them are not taken for names.
FUNCTION_CHARS = frozenset("的了着过吗呢吧啊呀哦哈嘛啦哇也都还就又才很太挺真最更超蛮在是有把被给和与跟对从向让使比"
                           "而但却并且或及其这那个些我你他她它们么得地之着再已曾刚正将会能可要想该")


@dataclass
class Group:
    """Words that replace each other in context: same part of speech, sense, register and polarity."""

    gid: int
    pos: str
    words: tuple[str, ...]
    sense: str = ""
    register: str = ""
    polarity: int = 0
    cues: frozenset[str] = frozenset()  # context words that license this sense; empty = any context
    everyday: bool = False  # an everyday word read member by member as safe in any review sentence (`any`)


@dataclass
class Lexicon:
    groups: list[Group] = field(default_factory=list)
    word_groups: dict[str, tuple[int, ...]] = field(default_factory=dict)
    sentiment: dict[str, tuple[int, int]] = field(default_factory=dict)  # word -> (polarity, strength 1-3)
    adjectives: frozenset[str] = frozenset()  # sentiment words filed as adjectives (they take 很)
    negators: frozenset[str] = frozenset()
    degree: dict[str, str] = field(default_factory=dict)  # word -> strength class
    connectives: dict[str, str] = field(default_factory=dict)  # word -> kind (contrast, additive, ...)
    stopwords: frozenset[str] = frozenset()
    protected: frozenset[str] = frozenset()  # fixed terms and internet idioms no augmenter changes (手感, 给力)
    aspects: dict[str, str] = field(default_factory=dict)  # aspect word -> aspect key
    aspect_in: dict[tuple[str, str], str] = field(default_factory=dict)  # (word, category) -> aspect key
    items: dict[str, str] = field(default_factory=dict)  # item noun (电影, 手机) -> category
    details: dict[tuple[str, str, int], tuple[str, ...]] = field(default_factory=dict)  # (category, aspect, pol)
    tokenizer_words: list[tuple[str, str]] = field(default_factory=list)  # (word, jieba tag) to cut whole
    categories_of: dict[str, set[str]] = field(default_factory=dict)  # cue word -> categories it signals
    problems: list[str] = field(default_factory=list)
    inherited_sentiment: int = 0

    @classmethod
    def build(cls, groups=(), sentiment=None, negators=(), degree=None, connectives=None, stopwords=(),
              aspects=None, items=None, details=None, tokenizer_words=(), categories_of=None) -> "Lexicon":
        """groups: iterable of dicts with pos, words and optional sense, register, cues."""
        lexicon = cls(sentiment=dict(sentiment or {}), negators=frozenset(negators), degree=dict(degree or {}),
                      connectives=dict(connectives or {}), stopwords=frozenset(stopwords),
                      aspects=dict(aspects or {}), items=dict(items or {}), details=dict(details or {}),
                      tokenizer_words=list(tokenizer_words),
                      categories_of={k: set(v) for k, v in (categories_of or {}).items()})
        for spec in groups:
            lexicon.add_group(spec["pos"], spec["words"], spec.get("sense", ""), spec.get("register", ""),
                              spec.get("cues", ()), spec.get("name", ""), spec.get("everyday", False))
        lexicon.finish()
        return lexicon

    def add_group(self, pos: str, words, sense: str = "", register: str = "", cues=(), name: str = "",
                  everyday: bool = False) -> None:
        code = POS_CODES.get(pos.strip().lower(), pos.strip().lower())
        unique = tuple(dict.fromkeys(w.strip() for w in words if w and w.strip()))
        label = name or "/".join(unique[:3])
        # Polarity must agree across the group (strength may differ by one step; the synonym operation keeps
        # it exact after a degree adverb): keep the majority polarity, drop the other members.
        classes: dict[int, list[str]] = {}
        for word in unique:
            classes.setdefault(self.sentiment.get(word, (0, 0))[0], []).append(word)
        if len(classes) > 1:
            keep = max(classes, key=lambda k: (len(classes[k]), k != 0))
            for other, dropped in classes.items():
                if other != keep:
                    self.problems.append(f"group {label}: dropped {'、'.join(dropped)} (polarity {other} is not "
                                         f"the group's {keep})")
            unique = tuple(w for w in unique if self.sentiment.get(w, (0, 0))[0] == keep)
        if len(unique) < 2:
            self.problems.append(f"group {label}: fewer than two words left")
            return
        polarity = self.sentiment.get(unique[0], (0, 0))[0]
        if polarity:
            strengths = sorted(self.sentiment[w][1] for w in unique)
            if strengths[-1] - strengths[0] > 1:
                self.problems.append(f"group {label}: strengths {strengths[0]} and {strengths[-1]} are too far "
                                     "apart; the strongest words are dropped")
                unique = tuple(w for w in unique if self.sentiment[w][1] <= strengths[0] + 1)
        self.groups.append(Group(len(self.groups), code, unique, sense.strip(), register.strip(), polarity,
                                 frozenset(c for c in cues if c), everyday))

    def finish(self) -> None:
        index: dict[str, list[int]] = {}
        for group in self.groups:
            for word in group.words:
                index.setdefault(word, []).append(group.gid)
        self.word_groups = {word: tuple(gids) for word, gids in index.items()}

    # -- views the analyser uses -----------------------------------------------------------------------------

    def contrast_words(self) -> frozenset[str]:
        return frozenset(w for w, kind in self.connectives.items() if kind == "contrast")

    def all_words(self) -> set[str]:
        words = set(self.word_groups) | set(self.sentiment) | set(self.negators) | set(self.degree)
        words |= set(self.connectives) | set(self.aspects) | set(self.items)
        return words
