"""The address_fits_place rule column by column: the same verdicts as reading each address in turn
(rules.address_fits_place_by_record), with array operations on the batch's texts joined and read as code points,
one regex scan of all of them where a pattern must be matched, and per-row regexes only on the rows a cheap test
leaves in doubt.

The rule runs on every generated record, so its cost is the persons domain's; read one record at a time it took a
third of a batch's time. Each check below is one clause of the per-record reading, written as "the rows it
rejects" (`bad |= …`) over the rows that have a place and start with its name."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import compress

import numpy as np
from numpy.dtypes import StringDType

from .data import FLAT_STYLES, LOCAL_VILLAGE_WORDS, NO_LANES, RURAL_STYLES, divisions


def _text(values) -> np.ndarray:
    """A column as NumPy strings (what is not a string reads as its str(), as the per-record rule did)."""
    values = np.asarray(values)
    if isinstance(values.dtype, StringDType):
        return values
    return np.array([str(v) for v in values.tolist()], dtype=StringDType())


@lru_cache(maxsize=1)
def _per_division():
    """The per-division facts of rules._place_rules as arrays indexed by division (built once per process)."""
    from .rules import _place_rules, _seat_roads
    place, about, forbidden, walkups, foreign, ethnic, kept, owned, bans, unused, zhuang, tibetan, listed_caps = \
        _place_rules()
    columns = list(zip(*about))
    region, skip, rural, flats, habits, grouped, has_units, heads, cap, north, core, rivals, unwritten = columns
    seat_roads, seat_heads = _seat_roads()
    return dict(
        place=place, region=list(region), skip=list(skip),
        rural=np.array([RURAL_STYLES.index(r) for r in rural]), flats=np.array([FLAT_STYLES.index(f) for f in flats]),
        habits=np.array(habits, dtype=np.int64), grouped=np.array(grouped, dtype=bool),
        has_units=np.array(has_units, dtype=bool), heads=heads,
        cap=np.array([c or 0 for c in cap], dtype=np.int64), north=np.array(north, dtype=bool),
        core=np.array(core, dtype=bool), rivals=rivals,
        unwritten=np.array(unwritten, dtype=object), owned=owned,
        has_owned=np.array([o is not None for o in owned]), bans=bans, has_bans=np.array([b is not None for b in bans]),
        unused=unused, has_unused=np.array([bool(u) for u in unused]), zhuang=np.array(zhuang, dtype=bool),
        seat_roads=seat_roads, seat_heads=seat_heads,
        beijing=np.array([p == "北京市" for p in divisions().province]),
        # the first two characters of every rival district's name and seat road (each has at least two)
        rival_heads=_first_two(rivals), seat_starts=_first_two(seat_heads),
        town_kind={"": 0, **{name: _town_kind(name) for hs in heads for group in hs.values() for name in group}})


# what a township is by its last word: "" where the address names none
TOWN_KINDS = ("", "镇", "乡", "团", "苏木", "other")


def _town_kind(name: str) -> int:
    return next((TOWN_KINDS.index(w) for w in TOWN_KINDS[1:-1] if name.endswith(w)), len(TOWN_KINDS) - 1)


def _two(division, first, second):
    """A division and two characters as one number (characters are below 0x110000)."""
    return (np.asarray(division, dtype=np.int64) * 0x110000 + first) * 0x110000 + second


def _first_two(names_by_division) -> np.ndarray:
    """Each division's names' first two characters (each name has two or more), as sorted _two codes."""
    return np.unique(np.array([_two(k, ord(n[0]), ord(n[1])) for k, names in enumerate(names_by_division)
                               for n in names], dtype=np.int64))


class _Texts:
    """The rows' texts after the township, joined by newlines (none of the words the rule looks for holds one) and
    read as an array of code points, so that "which rows contain this word" and "which end with it" are array
    operations, not one Python step per row."""

    def __init__(self, texts: list):
        self.texts = texts
        self.joined = "\n" + "\n".join(texts) + "\n"
        self.points = np.frombuffer(self.joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        self.offsets = np.concatenate(([1], 1 + np.cumsum(lengths + 1)))      # row i starts at offsets[i]
        self.lengths = lengths
        end = self.offsets[1:] - 1              # each row's newline
        self.last = np.where(lengths >= 1, self.points[end - 1], -1)
        self.before_last = np.where(lengths >= 2, self.points[end - 2], -1)
        self.one_line_each = int((self.points == 10).sum()) == len(texts) + 1     # (an outside file's may hold more)
        self._has: dict = {}

    def rows_of(self, positions: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.offsets, positions, side="right") - 1

    def hits(self, pattern: re.Pattern, starts=None) -> np.ndarray:
        """Rows in which `pattern` (an alternation of words without newlines) matches at or after the row's start."""
        hit = np.zeros(len(self.texts), dtype=bool)
        positions = np.array([m.start() for m in pattern.finditer(self.joined)], dtype=np.int64)
        if len(positions):
            rows = self.rows_of(positions)
            at = positions - self.offsets[rows]
            hit[rows[at >= (0 if starts is None else starts[rows])]] = True
        return hit

    def has(self, word: str) -> np.ndarray:
        if word not in self._has:
            points, size = self.points, len(self.points) - len(word) + 1
            found = points[:size] == ord(word[0])
            for j, ch in enumerate(word[1:], 1):
                found &= points[j:j + size] == ord(ch)
            hit = np.zeros(len(self.texts), dtype=bool)
            hit[self.rows_of(np.flatnonzero(found))] = True
            self._has[word] = hit
        return self._has[word]

    def ends(self, word: str) -> np.ndarray:
        if len(word) == 1:
            return self.last == ord(word)
        return (self.before_last == ord(word[0])) & (self.last == ord(word[1]))

    def starts_like(self, codes: np.ndarray, division: np.ndarray) -> np.ndarray:
        """Whether each row's first two characters begin one of its division's names (`codes`, _first_two)."""
        first = self.points[self.offsets[:-1]]
        second = self.points[np.minimum(self.offsets[:-1] + 1, len(self.points) - 1)]
        return (self.lengths >= 2) & np.isin(_two(division, first, second), codes)

    def ends_with_digit(self) -> np.ndarray:
        """Whether each row's last character is a digit, as str.isdigit reads it (any script's)."""
        codes = np.unique(self.last)
        return np.isin(self.last, [c for c in codes.tolist() if c >= 0 and chr(c).isdigit()])


def _each(mask) -> list:
    return np.flatnonzero(mask).tolist()


def fits_place(columns) -> np.ndarray:
    p = _per_division()
    k, beijing = _divisions_of(columns, p)
    addresses = _text(columns["address"]).tolist()
    region, skip, heads = p["region"], p["skip"], p["heads"]
    # the address must start with its province, city and district
    keep = [division >= 0 and address.startswith(region[division]) for address, division in zip(addresses, k)]
    size = len(addresses)
    rows, k, addresses = list(compress(range(size), keep)), list(compress(k, keep)), list(compress(addresses, keep))
    starts = [skip[division] for division in k]      # where the text after the district starts
    # the county's own unit (towns.tsv) the address names first: its names by their first two characters, longest
    # first (mostly one)
    names = [heads[division].get(a[at:at + 2]) for division, a, at in zip(k, addresses, starts)]
    township = ["" if c is None else c[0] if len(c) == 1 and a.startswith(c[0], at) else _first_prefix(a, at, c)
                for a, at, c in zip(addresses, starts, names)]
    rest = [a[at + len(town):] for a, at, town in zip(addresses, starts, township)]   # village or road, no township
    rows = np.array(rows, dtype=np.int64)
    ok = np.zeros(size, dtype=bool)
    ok[rows] = ~_rejected(p, np.array(k, dtype=np.int64), beijing[rows], np.array(township, dtype=object),
                          _Texts(rest))
    return ok


def _first_prefix(text: str, at: int, names: tuple) -> str:
    for name in names:
        if text.startswith(name, at):
            return name
    return ""


def _divisions_of(columns, p) -> tuple[list, np.ndarray]:
    """Each row's division (-1 where province, city and district name none) and whether it lies in Beijing. While
    generating, the hidden `_home_division` the three columns were named from gives it without a look-up."""
    if "_home_division" in columns:
        k = np.asarray(columns["_home_division"]).astype(np.int64)
        return k.tolist(), p["beijing"][k]
    texts = [np.asarray(columns[name], dtype=object).tolist() for name in ("province", "city", "district")]
    k = [p["place"].get(t, -1) for t in zip(*texts)]      # a value that is not a string finds no place
    return k, np.asarray(texts[0], dtype=object) == "北京市"


def _rejected(p, k, beijing, township, rest: _Texts) -> np.ndarray:
    """Which rows (division k, text after the township `rest`) the rule rejects."""
    from . import rules
    from .identity import WORK_UNIT_BLOCKS
    texts, has, ends = rest.texts, rest.has, rest.ends
    n = len(texts)
    rural, flats = p["rural"][k], p["flats"][k]
    style = {name: flats == FLAT_STYLES.index(name) for name in FLAT_STYLES}
    town = p["town_kind"]
    town = np.array([town[t] for t in township], dtype=np.int64)
    sumu_town = town == TOWN_KINDS.index("苏木")
    floor = _floors(rest)
    company = np.zeros(n, dtype=bool)
    for i in _each(has("连")):
        company[i] = rules._COMPANY.fullmatch(texts[i]) is not None
    village = ends("嘎查") | ends("村")
    if rest.one_line_each:
        village |= has("村") & rest.hits(_VILLAGE_IN_LINE)
    else:
        for i in _each(has("村") & ~village):
            village[i] = rules._VILLAGE.search(texts[i]) is not None
    # a listed real road (青岛南京路): where it ends; the featured-word search starts at its number
    listed_end = np.zeros(n, dtype=np.int64)
    for i in _each(p["has_owned"][k] & ~village):
        m = p["owned"][k[i]](texts[i])
        listed_end[i] = m.end() if m else 0
    listed = listed_end > 0
    start = np.where(listed, listed_end - 1, 0)
    place = rules._place_rules()
    forbidden, walkups, kept = place[2].__self__, place[3], place[6]
    bad = village & (floor > 0)
    bad |= rest.hits(forbidden, start)     # (its words hold no digit: none begins before a listed road's number)
    unit_town = np.isin(town, [TOWN_KINDS.index(w) for w in ("镇", "乡", "苏木", "团")])
    bad |= (village | company) & p["has_units"][k] & ~unit_town
    for i in _each(has("组") & ~p["grouped"][k]):
        bad[i] |= rules._GROUP.search(texts[i]) is not None
    for i in _each((floor > 7) & rest.hits(_walkups())):
        m = rules._ESTATE.search(texts[i])
        bad[i] |= m is not None and m.group(1) in walkups
    cap = p["cap"][k]
    bad |= (floor > 0) & (cap > 0) & (floor > cap)
    for i in _each(~p["north"][k] & (has("经") | has("纬"))):
        bad[i] |= kept["north"](texts[i]) is not None
    bad |= _road_rejected(p, k, beijing, town, rest, village, listed, listed_end, start)
    bad |= _road_named_after_another_unit(k, township, rest, village)
    for i in _each(p["core"][k] & ~listed & has("大道")):
        bad[i] |= kept["newtown"](texts[i]) is not None
    haolou = style["haolou"] | style["men"]
    bad |= np.where(has("号楼"), ~(haolou | style["northeast"]) | (floor == 0), haolou & (floor > 0))
    bad |= style["nong"] & has("栋")
    for i in _each((floor > 0) & (has("宿舍") | has("家属院"))):
        m = rules._WORK_UNIT_BLOCK.search(texts[i])
        bad[i] |= m is not None and int(m.group(1)) > WORK_UNIT_BLOCKS
    bad |= has("幢") & (floor > 0) & ~p["zhuang"][k]
    bad |= np.where(ends("房"), ~style["fang"], (style["fang"] | style["dash"]) & ends("室"))
    for i in _each(has("-") & ~(style["dash"] | style["northeast"])):
        text = texts[i]
        bad[i] |= text[-1:].isdigit() and rules._DASH.search(text, max(0, len(text) - rules._FLOOR_TAIL)) is not None
    gacha = has("嘎查")
    sumu = rural == RURAL_STYLES.index("sumu")
    bad |= (sumu_town | gacha) & ~(gacha & (sumu_town | sumu & (town != TOWN_KINDS.index(""))))
    bad |= company & (rural != RURAL_STYLES.index("regiment"))
    bad |= _village_rejected(p, k, rest, village)
    bad |= ~village & np.isin(rural, [RURAL_STYLES.index(s) for s in NO_LANES]) & has("巷")
    return bad


# rules._VILLAGE within one line of the joined texts
_VILLAGE_IN_LINE = re.compile(r"村(\d+组|[^\d村屯\n]{1,4}屯)?\d+号(?!楼)")


@lru_cache(maxsize=1)
def _walkups() -> re.Pattern:
    """Any walk-up compound's name: only a row holding one can have one for its estate."""
    from .rules import _place_rules, _trie_pattern
    return re.compile(_trie_pattern(sorted(_place_rules()[3])))


def _is_ascii_digit(points):
    return (points >= 48) & (points <= 57)


def _no_digit(points):
    """Characters no regular expression reads as a digit: ASCII other than 0-9, and Chinese characters."""
    return (points < 128) & ~_is_ascii_digit(points) | (points >= 0x4E00) & (points <= 0x9FFF)


def _number_before(points, at):
    """The number written in up to four ASCII digits just before each position, their count, and the character
    before them (a digit there means a longer number, which floor_of reads)."""
    number, run = np.zeros(len(at), dtype=np.int64), np.zeros(len(at), dtype=np.int64)
    going = np.ones(len(at), dtype=bool)
    for place in range(1, 5):
        ch = points[np.maximum(at - place, 0)]
        going &= _is_ascii_digit(ch)
        number += np.where(going, (ch - 48) * 10 ** (place - 1), 0)
        run += going
    return number, run, points[np.maximum(at - run - 1, 0)]


def _floors(rest: _Texts) -> np.ndarray:
    """rules.floor_of of each row, read as arrays for the flats synth writes (…502室, …栋1203房, …单元502, …门502,
    …单元5-2: a short number after a Chinese character) and by floor_of for any other row ending like a flat."""
    from .rules import floor_of
    texts, points, last = rest.texts, rest.points, rest.last
    floor = np.zeros(len(texts), dtype=np.int64)
    read = np.zeros(len(texts), dtype=bool)
    end = rest.offsets[1:] - 1          # each row's newline
    for mark in ("室", "房"):
        rows = np.flatnonzero(last == ord(mark))
        number, run, before = _number_before(points, end[rows] - 1)
        found = (run > 0) & (before == ord("栋") if mark == "房" else _no_digit(before))
        floor[rows[found]] = number[found] // 100
        read[rows[found | _no_digit(before)]] = True
    rows = np.flatnonzero(_is_ascii_digit(last))
    number, run, before = _number_before(points, end[rows])
    unit = (before == ord("元")) & (points[np.maximum(end[rows] - run - 2, 0)] == ord("单")) | (before == ord("门"))
    floor[rows[unit]] = number[unit] // 100
    read[rows[unit | _no_digit(before) & (before != ord("-"))]] = True
    # 单元5-2: the floor itself, before the dash
    dash = before == ord("-")
    storey, run2, before2 = _number_before(points, end[rows] - run - 1)
    storey_unit = dash & (run2 > 0) & (before2 == ord("元")) & (points[np.maximum(end[rows] - run - run2 - 3, 0)] == ord("单"))
    floor[rows[storey_unit]] = storey[storey_unit]
    # (号楼2-6-1, the north-east's: the middle number, two dashes; floor_of reads it)
    read[rows[storey_unit | dash & _no_digit(before2) & (before2 != ord("元")) & (before2 != ord("-"))]] = True
    read[rows[dash & (run2 == 0) & _no_digit(before2)]] = True
    flat = ~read & ((last == ord("室")) | (last == ord("房")) | rest.ends_with_digit())
    for i in _each(flat):
        floor[i] = floor_of(texts[i])
    return floor


def _road_rejected(p, k, beijing, town, rest: _Texts, village, listed, listed_end, start) -> np.ndarray:
    """The road's checks (a village has none): rival districts' names, the province's suffixes, a big city's own
    roads and their numbers, a county seat's township roads, banned generic words, words a place never uses."""
    from . import rules
    texts, has = rest.texts, rest.has
    bad = np.zeros(len(texts), dtype=bool)
    road = ~village
    for i in _each(road & ~listed & rest.starts_like(p["rival_heads"], k)):
        bad[i] |= texts[i].startswith(p["rivals"][k[i]])
    unwritten = p["unwritten"][k]
    for word in set(unwritten.tolist()) - {""}:     # (no digit in it: a match never begins before `start`)
        bad |= road & (unwritten == word) & rest.hits(re.compile(re.escape(word)), start)
    listed_caps = rules._place_rules()[12]
    for i in _each(road & listed):
        text, end = texts[i], int(listed_end[i]) - 1
        bad[i] |= int(rules._NUMBER(text, end).group()) > listed_caps[k[i]][text[:end]]
    bad |= road & ~listed & p["has_owned"][k]
    seat_roads, seat_heads = p["seat_roads"], p["seat_heads"]
    rural_town = np.isin(town, [TOWN_KINDS.index("镇"), TOWN_KINDS.index("乡")])
    for i in _each(road & rest.starts_like(p["seat_starts"], k) & ~rural_town):
        text, division = texts[i], k[i]
        bad[i] |= text.startswith(seat_heads[division]) and rules._ROAD(text).group() in seat_roads[division]
    for i in _each(road & p["has_bans"][k]):
        text, banned = texts[i], p["bans"][k[i]]
        name = rules._ROAD(text).group()
        if p["owned"][k[i]] is None and banned(name):
            bad[i] = True
        m = rules._ESTATE.search(text, len(name))
        if m is not None and (banned(m.group(1)) or "家属院" in m.group(1)):
            bad[i] = True
    for i in _each(road & p["has_unused"][k]):
        bad[i] |= any(word in texts[i] for word in p["unused"][k[i]])
    bad |= road & has("弄") & (p["flats"][k] != FLAT_STYLES.index("nong"))
    bad |= road & beijing & has("新村")
    return bad


def _road_named_after_another_unit(k, township, rest: _Texts, village) -> np.ndarray:
    """A townsman who writes a 街道 before a road named after one of the county's units writes that unit
    (泰前街道徐家楼大街 is odd: 徐家楼 is another 街道): only rows that write a 街道 are looked at."""
    from . import rules
    from .data import road_head, unit_of_road_head
    texts = rest.texts
    bad = np.zeros(len(texts), dtype=bool)
    heads = unit_of_road_head()
    for i in _each(~village & np.array([t.endswith("街道") for t in township], dtype=bool)):
        town = township[i]
        bad[i] = heads[k[i]].get(road_head(rules._ROAD(texts[i]).group()), town) != town
    return bad


def _village_rejected(p, k, rest: _Texts, village) -> np.ndarray:
    """A village's checks: none in the XPCC cities, names of its own part of the country and its own people,
    no 组 in Tibetan areas, 嘎查 in a banner, and 垌, 冲, 圩 only in their own country."""
    from . import rules
    place = rules._place_rules()
    foreign, ethnic, tibetan = place[4], place[5], place[11]
    local_words = divisions().village_words
    texts, gacha = rest.texts, rest.has("嘎查")
    bad = np.zeros(len(texts), dtype=bool)
    rural = p["rural"][k]
    for i in _each(village):
        text, r = texts[i], RURAL_STYLES[rural[i]]
        if r == "regiment" or foreign[p["habits"][k[i]]](text) or (r == "township" and "组" in text) or (
                r == "sumu" and not gacha[i]):
            bad[i] = True
        elif r == "township" and tibetan(text) is None:
            bad[i] = True
        elif not gacha[i] and (ethnic[r](text) is None if r in ethnic else ethnic[None](text) is not None):
            bad[i] = True
        named = text[:text.find("村")]
        if named[-1:] in LOCAL_VILLAGE_WORDS and named[-1] not in local_words[k[i]]:
            bad[i] = True
    return bad
