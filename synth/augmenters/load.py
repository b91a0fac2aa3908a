"""Loading the shipped lexicons (lexicons/text/*.tsv and the expansion details) once per process.

Formats are described in lexicons/text/README.md. An optional synonym file in the Cilin line format
(`Aa01A01= 人 士 人物`) can be added with `load_cilin`; nothing is downloaded.
"""

from __future__ import annotations

import csv
import threading
from functools import lru_cache
from pathlib import Path

from ..errors import SynthError
from .lexicon import POS_CODES, Lexicon

# The middle part of a synonym group's name (a.film.moving) says in which kind of text the group's sense holds.
# "gen" groups hold anywhere; the others only where the sentence talks about one of these categories. "any" groups
# hold anywhere too and are everyday words (觉得|感觉, 现在|目前) whose every member was read as a safe swap in
# any review sentence, so the synonym operation's rule against everyday nouns, verbs and adverbs spares them.
GROUP_DOMAINS = {
    "film": {"movie"}, "book": {"book"}, "hotel": {"hotel"}, "travel": {"hotel"},
    "tech": {"electronics"}, "food": {"restaurant"}, "shop": {"ecommerce"},
    "svc": {"hotel", "restaurant", "ecommerce", "electronics"}, "med": {"medical"},
}

# Classifiers and demonstratives that jieba's dictionary glues to a following noun (部手机, 家酒店).
CLASSIFIERS = {"部", "款", "家", "台", "本", "间", "个", "件", "只", "条", "份", "位", "种", "辆", "张", "双", "套",
               "场", "次", "顿", "所", "把", "支", "瓶", "杯", "碗", "盒", "袋"}


def _rows(path: Path, columns: int) -> list[list[str]]:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            rows = list(reader)
    except FileNotFoundError:
        raise SynthError(f"The lexicon file {str(path)!r} is missing; reinstall synth.") from None
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if not row or not row[0].strip() or row[0].startswith("#"):
            continue
        if len(row) < columns:
            raise SynthError(f"Line {number} of the lexicon {path.name!r} has {len(row)} columns; it needs {columns}.")
        out.append([cell.strip() for cell in row])
    return out


def read_lexicon(folder: Path, details_file: Path | None = None) -> Lexicon:
    lexicon = Lexicon()
    adjectives = set()
    for word, polarity, strength, *pos in _rows(folder / "sentiment.tsv", 3):
        sign = {"pos": 1, "positive": 1, "+": 1, "neg": -1, "negative": -1, "-": -1}.get(polarity.lower())
        if sign is None:
            continue  # neutral words are not sentiment words
        lexicon.sentiment[word] = (sign, int(strength or 2))
        if pos and POS_CODES.get(pos[0].strip().lower()) == "a":
            adjectives.add(word)
    lexicon.adjectives = frozenset(adjectives)
    negators, degree, connectives = set(), {}, {}
    for word, kind, effect, *_ in _rows(folder / "modifiers.tsv", 3):
        if kind == "negator":
            negators.add(word)
        elif kind == "degree":
            degree[word] = effect
        elif kind == "contrast":
            connectives[word] = "concession" if effect == "concession" else "contrast"
    for name, relation, first, second, *_ in _rows(folder / "connectives.tsv", 4):
        for word in (first, second):
            for part in word.replace("，", " ").split():
                connectives.setdefault(part, relation)
    lexicon.negators, lexicon.degree, lexicon.connectives = frozenset(negators), degree, connectives
    lexicon.stopwords = frozenset(row[0] for row in _rows(folder / "stopwords.tsv", 1))
    lexicon.protected = frozenset(row[0] for row in _rows(folder / "protected.tsv", 1))
    for word, categories, aspect in _rows(folder / "aspects.tsv", 3):
        names = [c for c in categories.split(",") if c]
        if aspect == "item":
            lexicon.items[word] = categories
        else:
            lexicon.aspects.setdefault(word, aspect)
            for name in names:  # 卫生 is cleanliness in a hotel and hygiene in a restaurant
                lexicon.aspect_in[(word, name)] = aspect
        lexicon.categories_of.setdefault(word, set()).update(names)
    for word, pos, *_ in _rows(folder / "domain_words.tsv", 2):
        lexicon.tokenizer_words.append((word, pos))
    # everyday nouns of reviews that jieba files under no noun tag here (内存, 机器): a subject the clause rules know
    for word, pos, *_ in _rows(folder / "nouns.tsv", 2):
        lexicon.tokenizer_words.append((word, pos))

    inherited = 0
    for name, pos, sense, register, words in _rows(folder / "synonyms.tsv", 5):
        members = [w for w in words.split("|") if w]
        domain = name.split(".")[1] if name.count(".") >= 1 else "gen"
        # A member missing from the sentiment list takes the polarity its group agrees on.
        polar = {lexicon.sentiment[w] for w in members if w in lexicon.sentiment}
        if len(polar) == 1:
            value = polar.pop()
            for w in members:
                if w not in lexicon.sentiment:
                    lexicon.sentiment[w] = value
                    inherited += 1
        lexicon.add_group(pos, members, sense, register, GROUP_DOMAINS.get(domain, ()), name, domain == "any")
    lexicon.inherited_sentiment = inherited
    if details_file is not None and details_file.exists():
        for category, aspect, polarity, detail, *_ in _rows(details_file, 4):
            sign = {"pos": 1, "positive": 1, "neg": -1, "negative": -1}[polarity]
            lexicon.details.setdefault((category, aspect, sign), []).append(detail)
        lexicon.details = {k: tuple(v) for k, v in lexicon.details.items()}
    lexicon.finish()
    return lexicon


def load_cilin(lexicon: Lexicon, path: str | Path) -> int:
    """Add the synonym lines (code ending in '=') of a Cilin-format file; returns the number of groups added.

    Cilin carries no part of speech and no sense, so its groups are used conservatively: a word is taken from
    a Cilin group only if it is in no other group, the group's members all share jieba's dictionary tag, and
    a group mixing polarities loses its disagreeing members like any other group.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise SynthError(f"Cannot read the synonym file {str(path)!r} ({type(error).__name__}).") from None
    seen: dict[str, int] = {}
    groups = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.split()
        if not parts:
            continue
        code = parts[0]
        if len(code) != 8 or code[7] not in "=#@":
            raise SynthError(f"Line {number} of {str(path)!r} is not in the Cilin format (Aa01A01= word word).")
        if code[7] != "=" or len(parts) < 3:
            continue  # '#' lines are related words, '@' lines single words: not synonyms
        groups.append((code, parts[1:]))
        for word in parts[1:]:
            seen[word] = seen.get(word, 0) + 1
    added = 0
    for code, words in groups:
        words = [w for w in words if seen[w] == 1 and w not in lexicon.word_groups]
        if len(words) >= 2:
            before = len(lexicon.groups)
            lexicon.add_group("cilin", words, sense=f"cilin {code}", register="", cues=(), name=f"cilin.{code}")
            added += len(lexicon.groups) - before
    lexicon.finish()
    return added


def text_lexicon_folder() -> Path:
    from ..resources import lexicon_path

    return lexicon_path("text")


def details_path() -> Path:
    from ..resources import lexicon_path

    return lexicon_path("text", "augment_expand.tsv")


_lock = threading.Lock()


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    with _lock:
        return read_lexicon(text_lexicon_folder(), details_path())


# jieba words that look like an aspect and its verdict but name a thing (卫生香 is incense, 交通安全 road safety)
NAMED_COMPOUNDS = frozenset({"卫生香", "交通安全", "系统安全", "角色规范", "设计规范", "环境友好"})


def tokenizer_for(lexicon: Lexicon):
    """The private jieba tokenizer for a lexicon (built once per lexicon object)."""
    segmenter = getattr(lexicon, "_segmenter", None)
    if segmenter is None:
        from .tokenizer import Segmenter

        words = lexicon.all_words() | set(lexicon.sentiment)
        add = [(w, POS_CODES.get(p, p)) for w, p in lexicon.tokenizer_words]
        add += [(w, "") for w in sorted(set(lexicon.aspects) | set(lexicon.items) | lexicon.protected)
                if len(w) > 1 and not w.isascii()]  # cut whole, so that 客房服务员 is one protected token
        prefixes = set(lexicon.degree) | set(lexicon.negators) | CLASSIFIERS | {"这", "那"}
        splittable = words | {"好", "坏", "贵", "差", "大", "小", "快", "慢"}
        keep = words
        # an aspect and its verdict (价格便宜, 质量好) and 也好 are dictionary words: cut apart, the clause rules see
        # a subject and its predicate (价格便宜，质量也好 ↔ 质量好，价格也便宜)
        compounds = (set(lexicon.aspects) | {"也"}, set(lexicon.adjectives), set(lexicon.aspects) | set(lexicon.items)
                     | lexicon.protected | NAMED_COMPOUNDS)   # a synonym phrase (价格便宜|价格实惠) is matched over its words
        segmenter = Segmenter(add, [(prefixes, splittable), compounds], keep, words)
        lexicon._segmenter = segmenter
    return segmenter
