"""A private jieba tokenizer: jieba's dictionary plus synth's lexicon words, never jieba's global state.

`jieba.dt` (the global tokenizer), its dictionary and jieba's global HMM tables are left exactly as they were:
the tokenizer here is its own `jieba.Tokenizer()` instance, words are added by writing to *its* frequency table
(jieba's `del_word` would touch the global HMM's force-split list, so it is not used), and text is cut with
`HMM=False` so unknown words stay as single characters instead of being glued to a neighbouring adverb
(jieba's HMM turns 很贵 into one word). Unknown runs of single characters are treated as names by the analyser.

jieba reads its 9 MB prefix dictionary with `marshal` in about 0.6 s. The finished table (jieba's words, synth's
additions and removals, as log-probabilities, most used entries first, and the part-of-speech tags of the
lexicon words) is cached once per user as a pickle under the user's cache folder, which loads in about 0.4 s.
Its file name holds synth's version and a fingerprint of jieba's dictionary (its bytes) and of the lexicon, so
an upgrade or another dictionary writes a new file; the folder keeps the KEPT_CACHES most recently used ones
(two virtualenvs with different synth versions used in turn would otherwise rebuild each other's file, about
10 s each time, while a cache of about 9 MB per version must not pile up). The file is written atomically, and a missing, truncated or foreign one is
rebuilt silently. Without a writable cache folder everything still works, only slower to start. Text is cut by `wordcut.WordCutter` over that table, which gives the words
of jieba's own `cut(text, HMM=False)` in less time; a jieba tokenizer over the same dictionary is only made when
asked for (`Segmenter.tokenizer`: tests and the benchmark compare the two).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import time
from contextlib import contextmanager
from pathlib import Path

from ..errors import SynthError
from ..output import AtomicOutput
from .wordcut import WordCutter, counts_of, weights_of

CACHE_VERSION = "synth-augment-tokenizer/10"
CACHE_PREFIX = "tokenizer-"
KEPT_CACHES = 3   # caches of different versions or dictionaries kept side by side, most recently used first
# Earlier names of the cache (jieba-<fingerprint>.pickle) and temporary files a killed writer left behind.
OLD_CACHE_PATTERNS = ("jieba-*.pickle", ".jieba-*.partial", f".{CACHE_PREFIX}*.partial")
STALE_PARTIAL_SECONDS = 3600
# jieba's tags of words that are no noun: verbs, adjectives, adverbs, function words, numerals and measures
PREDICATE_TAGS = frozenset({"v", "vd", "vi", "vg", "a", "ad", "ag", "d", "dg", "p", "c", "u", "r", "m", "q", "mq",
                            "f", "y", "e", "o", "zg", "uj", "ul", "uz", "ud", "ug", "uv"})  # a temporary file this old belongs to no writer that is still running


@contextmanager
def _quiet_jieba():
    """jieba logs 'Building prefix dict...' at DEBUG on its own logger; silence it only while we load."""
    import jieba

    logger = jieba.default_logger
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _cache_dir() -> Path | None:
    base = os.environ.get("SYNTH_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    folder = Path(base) / "synth" if base else Path.home() / ".cache" / "synth"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


def _synth_version() -> str:
    from .. import __version__

    return __version__


def _dictionary_digest() -> str:
    """A hash of jieba's dictionary file's bytes (about 5 ms): its size and date would miss an edited copy."""
    import jieba

    dict_file = Path(jieba.__file__).with_name("dict.txt")
    try:
        return hashlib.blake2b(dict_file.read_bytes(), digest_size=16).hexdigest()
    except OSError:
        return "no-dictionary-file"


def _last_used(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed meanwhile by another process
        return 0.0


def _remove_other_caches(kept: Path) -> None:
    """Keep the KEPT_CACHES most recently used caches (`kept` among them); older ones and abandoned temporary
    files go. A cache is touched whenever it is loaded, so its modification time is its last use."""
    folder = kept.parent
    others = [path for path in folder.glob(f"{CACHE_PREFIX}*.pickle") if path != kept]
    others.sort(key=_last_used, reverse=True)
    candidates = others[KEPT_CACHES - 1:]
    for pattern in OLD_CACHE_PATTERNS:
        candidates.extend(folder.glob(pattern))
    now = time.time()
    for path in candidates:
        try:
            if path == kept or (path.suffix == ".partial" and now - path.stat().st_mtime < STALE_PARTIAL_SECONDS):
                continue
            path.unlink()
        except OSError:  # another process removed it first, or it is not ours to remove
            pass


def _most_used_first(freq: dict[str, int]) -> dict[str, int]:
    """The same table with the entries that cutting looks up most often first: each word or prefix ranked by the
    largest count among the words it begins. A dict keeps its entries in insertion order and pickle rebuilds the
    strings in that order, so from the cache the common words' entries and strings sit together in memory; a
    cut then waits far less on memory (the table has half a million entries), about a fifth of the whole
    augmentation's time."""
    reach = dict(freq)
    for word, count in freq.items():
        for end in range(1, len(word)):
            prefix = word[:end]
            if reach.get(prefix, count) < count:
                reach[prefix] = count
    return {word: freq[word] for word in sorted(freq, key=reach.__getitem__, reverse=True)}


class Segmenter:
    """Cuts text into words with a private jieba tokenizer; knows the jieba tag of lexicon words.

    add: (word, tag) pairs that must be cut whole. split: rules (prefixes, words): a dictionary word made of one
    of the prefixes and one of the words of a rule (很漂亮, 不干净, 部手机; 价格便宜, 也好) is removed from this
    tokenizer's dictionary, so that the degree adverb, negator, classifier, aspect or 也 is its own token; `keep`
    are words never removed, unless a rule brings its own as a third member.
    """

    def __init__(self, add: list[tuple[str, str]], split: list[tuple[set[str], set[str]]], keep: set[str],
                 tag_words: set[str]):
        self._tokenizer = None  # jieba's, made on first use: the reference cut for tests and the benchmark
        # jieba's prefix dictionary with our changes, as `wordcut.weights_of` (word or prefix -> log-probability)
        self.weights: dict[str, float | None] = {}
        self.total = 0
        fingerprint = self._fingerprint(add, split, keep, tag_words)
        self.tags: dict[str, str] = {}
        if not self._load_cache(fingerprint):
            self._build(add, split, keep, tag_words)
            self._save_cache(fingerprint)
        # jieba's own cut gives the same words (tests/test_wordcut.py) but spends most of its time on generators
        self.cutter = WordCutter(self.weights, self.total)
        self._cut = self.cutter.cut
        self._cache: dict[str, list[str]] = {}
        self._pos_tokenizer = None

    @property
    def tokenizer(self):
        """A private `jieba.Tokenizer` over this dictionary (its `cut(text, HMM=False)` gives the same words)."""
        if self._tokenizer is None:
            import jieba

            tokenizer = jieba.Tokenizer()
            tokenizer.FREQ, tokenizer.total = counts_of(self.weights, self.total), self.total
            tokenizer.initialized = True
            self._tokenizer = tokenizer
        return self._tokenizer

    # -- building -------------------------------------------------------------------------------------------

    @staticmethod
    def _fingerprint(add, split, keep, tag_words) -> str:
        import jieba

        digest = hashlib.blake2b(digest_size=16)
        digest.update(f"{CACHE_VERSION}|{_synth_version()}|{jieba.__version__}|{_dictionary_digest()}".encode())
        for word, tag in sorted(add):
            digest.update(f"+{word}/{tag}\x1f".encode())
        for prefixes, words, *kept in split:
            for word in sorted(set().union(*kept)):
                digest.update(f"={word}\x1f".encode())
            for word in sorted(prefixes):
                digest.update(f"<{word}\x1f".encode())
            for word in sorted(words):
                digest.update(f">{word}\x1f".encode())
            digest.update(b"|")
        for word in sorted(keep):
            digest.update(f"={word}\x1f".encode())
        for word in sorted(tag_words):
            digest.update(f"?{word}\x1f".encode())
        return digest.hexdigest()

    def _build(self, add, split, keep, tag_words) -> None:
        import jieba

        tokenizer = self._tokenizer = jieba.Tokenizer()
        with _quiet_jieba():
            tokenizer.initialize()
        freq = tokenizer.FREQ
        for prefixes, words, *kept in split:
            longest = max((len(p) for p in prefixes), default=0)
            never = kept[0] if kept else keep
            for word, count in list(freq.items()):
                if not count or word in never or len(word) < 2:
                    continue
                for cut in range(1, min(longest, len(word) - 1) + 1):
                    if word[:cut] in prefixes and word[cut:] in words:
                        tokenizer.total -= count
                        freq[word] = 0
                        break
        for word, _ in add:
            if tokenizer.FREQ.get(word):
                continue
            freq = tokenizer.suggest_freq(word, False)
            tokenizer.FREQ[word] = freq
            tokenizer.total += freq
            for end in range(1, len(word)):
                tokenizer.FREQ.setdefault(word[:end], 0)
        tokenizer.FREQ = _most_used_first(tokenizer.FREQ)
        self.weights, self.total = weights_of(tokenizer.FREQ, tokenizer.total), tokenizer.total
        tags = self._jieba_tags(tag_words | {w for w, _ in add})
        for word, tag in add:
            if tag:
                tags[word] = tag
        self.tags = tags

    @staticmethod
    def _jieba_tags(words: set[str]) -> dict[str, str]:
        """jieba's dictionary tag of each word in `words`, and of every word of up to four characters that jieba
        files as a verb, adjective or adverb (so that a word without a tag here is no verb: restructure needs to
        know a noun subject from a verb). Read from jieba's dict.txt, never from jieba.dt."""
        import jieba

        tags: dict[str, str] = {}
        dict_file = Path(jieba.__file__).with_name("dict.txt")
        try:
            with open(dict_file, encoding="utf-8") as handle:
                for line in handle:
                    parts = line.split()
                    if len(parts) >= 3 and (parts[0] in words or len(parts[0]) <= 4 and parts[2] in PREDICATE_TAGS):
                        tags[parts[0]] = parts[2]
        except OSError:
            pass
        return tags

    def _cache_file(self, fingerprint: str) -> Path | None:
        folder = _cache_dir()
        return folder / f"{CACHE_PREFIX}{_synth_version()}-{fingerprint}.pickle" if folder else None

    def _load_cache(self, fingerprint: str) -> bool:
        path = self._cache_file(fingerprint)
        if path is None or not path.is_file():
            return False
        try:
            with open(path, "rb") as handle:
                stored_fingerprint, weights, total, tags = pickle.load(handle)
        except Exception:  # a truncated, emptied or foreign file: rebuild it
            return False
        if stored_fingerprint != fingerprint or not (isinstance(weights, dict) and isinstance(total, int)
                                                     and isinstance(tags, dict)):
            return False
        self.weights, self.total, self.tags = weights, total, tags
        try:  # its modification time is its last use: the most recently used caches are the ones kept
            os.utime(path)
        except OSError:  # a read-only cache folder: nothing is removed from it either
            pass
        return True

    def _save_cache(self, fingerprint: str) -> None:
        path = self._cache_file(fingerprint)
        if path is None:
            return
        try:  # the atomic output: a reader sees the old file or the new, never half of one
            with AtomicOutput(path) as handle:
                pickle.dump((fingerprint, self.weights, self.total, self.tags), handle,
                            protocol=pickle.HIGHEST_PROTOCOL)
        except SynthError:  # a full disk or a folder made read-only: the next run builds the table again
            return
        _remove_other_caches(path)

    # -- cutting --------------------------------------------------------------------------------------------

    def cut(self, text: str) -> list[str]:
        """Words of `text` (jieba's no-HMM cut with our dictionary), memoised for repeated clauses."""
        words = self._cache.get(text)
        if words is None:
            words = self._cut(text)
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[text] = words
        return words

    def clause_cutter(self):
        """`Analyser.cut` in C (cut at clause marks, then every piece as `cut` does, with the same cache), or None
        where the C module is not built."""
        return self.cutter.text_cutter(self._cache)

    def tag(self, word: str) -> str | None:
        return self.tags.get(word)

    @property
    def pos_tokenizer(self):
        """A private jieba.posseg tokenizer, built on first use for its `word_tag_tab` (the tags of jieba's
        dict.txt, which our dictionary changes do not touch, so a bare private tokenizer serves)."""
        if self._pos_tokenizer is None:
            import jieba
            import jieba.posseg

            with _quiet_jieba():
                self._pos_tokenizer = jieba.posseg.POSTokenizer(jieba.Tokenizer())
        return self._pos_tokenizer
