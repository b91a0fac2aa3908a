"""The persons domain's consistency rules: what the engine enforces while generating and
`synth check --domain persons` verifies."""

from __future__ import annotations

import datetime as _dt
import re
from functools import lru_cache

import numpy as np

from synth import dates, validators
from synth.resources import read_table

from .fields import DOMAIN


def _rule_as_of(options) -> _dt.date | None:
    """The reference date the rules measure ages against (options["as_of"]); None when the caller did not say."""
    as_of = options.get("as_of")
    if as_of is None or isinstance(as_of, _dt.date):
        return as_of
    return _dt.date.fromisoformat(str(as_of))


@DOMAIN.rule("age_matches_birth_date", "age is the whole years from birth_date to as_of", ("age", "birth_date"))
def _age_matches_birth_date(columns, options):
    age = validators.number_range(columns["age"], integer=True)
    as_of = _rule_as_of(options)
    if as_of is None:  # no reference date given: only the age's type can be checked
        return age
    birth = validators.parse_dates(columns["birth_date"])
    known = ~np.isnat(birth) & age.checked & age.ok
    values = np.asarray(columns["age"])
    stated = values.astype(float) if values.dtype.kind in "iuf" else np.array(
        [float(v) if k else 0.0 for v, k in zip(values, known)])
    expected = dates.age_at(np.where(known, birth, np.datetime64(as_of)), as_of)
    mismatch = known & (stated != expected)
    reason = age.reason.copy()
    reason[mismatch] = f"age is not the years from birth_date to {as_of.isoformat()}"
    return validators.Validation(age.ok & ~mismatch, reason, age.checked)


@DOMAIN.rule("id_number_matches_person",
             "id_number is a valid GB 11643 number (18 characters, a real division code and birth date, the right "
             "MOD 11-2 check character; the masked form when mask=true) that encodes birth_date, sex (odd sequence "
             "for 男) and the birth division named by birth_province, birth_city and birth_district",
             ("id_number", "birth_date", "sex", "birth_province", "birth_city", "birth_district"))
def _id_number_matches_person(columns, options):
    return validators.resident_id(
        columns["id_number"], birth_date=columns["birth_date"], sex=columns["sex"],
        birth_province=columns["birth_province"], birth_city=columns["birth_city"],
        birth_district=columns["birth_district"], as_of=_rule_as_of(options),
        allow_masked=bool(options.get("mask", False)))


@DOMAIN.rule("residence_in_division", "district lies in city, and city in province (the shipped division table)",
             ("province", "city", "district"))
def _residence_in_division(columns, options):
    return validators.residence_chain(columns["province"], columns["city"], columns["district"])


@DOMAIN.rule("phone_valid", "phone is an 11-digit mobile number with a prefix in use (masked form when mask=true)",
             ("phone",))
def _phone_valid(columns, options):
    return validators.mobile_phone(columns["phone"], allow_masked=bool(options.get("mask", False)))


# A flat's number in each local convention, by the address's last character: 502室, Guangdong's 栋502房 (floor =
# number // 100); Beijing's 单元502 and Tianjin's 门502 (number // 100), Chongqing's 单元5-2 (the floor itself).
_ROOM = re.compile(r"(\d+)室$")
_FANG = re.compile(r"栋(\d+)房$")
_UNIT_NUMBER = re.compile(r"单元(\d+)$|门(\d+)$|单元(\d+)-\d+$|号楼\d+-(\d+)-\d+$")     # (the north-east's 2-6-1)
_VILLAGE = re.compile(r"村(\d+组|[^\d村屯]{1,4}屯)?\d+号(?!楼)")     # (a Zhuang 屯 after its village)
_GROUP = re.compile(r"村\d+组")
_COMPANY = re.compile(r"\d+连\d+号")          # an XPCC company, after its regiment or town
_ROAD = re.compile(r"\D*").match        # a road: what precedes its number
_ESTATE = re.compile(r"\d号(\D+?)\d")     # the estate between the road's number and the building's
_DASH = re.compile(r"\d-\d+$")
_NUMBER = re.compile(r"\d+").match
_WORK_UNIT_BLOCK = re.compile(r"(?:宿舍|家属院)(\d+)(?:栋|幢|号楼)")     # a work unit's compound and its block
_FLOOR_TAIL = 16        # a flat's number and its marks fit in the address's last characters (栋12单元1203室)


def floor_of(address: str) -> int:
    """The floor of a flat address in any local convention (0 when the address is not a flat)."""
    last = address[-1:]
    pattern = _ROOM if last == "室" else _FANG if last == "房" else _UNIT_NUMBER if last.isdigit() else None
    if pattern is None:
        return 0            # a house (…号), a village (…村, …嘎查): no flat
    m = pattern.search(address, max(0, len(address) - _FLOOR_TAIL))     # the flat number ends the address
    if not m:
        return 0
    return int(m.group(m.lastindex)) if m.lastindex >= 3 else int(m.group(m.lastindex)) // 100


def _trie_pattern(words) -> str:
    """A regular expression matching any of `words`, written as a trie (shared prefixes once): twice as fast to search
    as a flat alternation of 200 names, and the rule searches every address."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(trie)


@lru_cache(maxsize=1)
def _place_rules():
    """What the rule looks up, prepared once: divisions by (province, city, district), their address prefix, rural
    and flat convention, north/south, real township-level units, and one compiled alternation per word list."""
    from .data import (ETHNIC_VILLAGES, FLAT_STYLES, GENERIC_ROAD_BANS, NO_LANES, ROAD_SUFFIX_SWAPS, RURAL_STYLES, VILLAGE_REGIONS, divisions, featured_names, regional_names,
                       own_roads, own_road_caps, road_word_swaps, street_names, towns)
    d = divisions()
    place = {(p, c, x): k for k, (p, c, x) in enumerate(zip(d.province, d.city, d.district))}
    rural = [RURAL_STYLES[r] for r in d.rural_style.tolist()]
    flats = [FLAT_STYLES[f] for f in d.flat_style.tolist()]

    def alternation(words):
        return re.compile(_trie_pattern(words)).search

    # a village name listed for another part of the country (north, south), right after the township
    def names_not_of(side):
        listed = set().union(*(names for where, names in regional_names().items() if where != side))
        words = "|".join(map(re.escape, sorted(listed, key=len, reverse=True)))
        return re.compile(f"^(?:{words})村").search

    # the Uyghur, Kazakh and Dai village names (ethnic[style]; ethnic[None] any of them), right after the township
    def village_names(pools):
        words = sorted({n for pool in pools for n in street_names()[pool].tolist()}, key=len, reverse=True)
        return re.compile("^(?:" + "|".join(map(re.escape, words)) + ")村").search

    ethnic = {style: village_names([pool]) for style, pool in ETHNIC_VILLAGES.items()}
    ethnic[None] = village_names(ETHNIC_VILLAGES.values())
    tibetan = re.compile("(?:" + "|".join(map(re.escape, street_names()["village_tibetan"].tolist())) + ")村$").match
    units = towns().units
    heads = []
    for names in units:
        by_head = {}
        for name in sorted(names, key=len, reverse=True):
            by_head.setdefault(name[:2], []).append(name)
        heads.append({head: tuple(group) for head, group in by_head.items()})
    foreign = [names_not_of(side) for side in VILLAGE_REGIONS]
    # a name that claims a feature, or a second township after the real one (竹沟镇 composed): one search
    forbidden = alternation(list(featured_names()) + ["镇", "乡", "苏木", "街道"])
    # Per division, what the rule reads about it, in one tuple: prefix, its length, rural and flat convention,
    # village-name habits, whether it writes groups, whether it has townships, their names by head, and the
    # highest floor a county (县/旗) builds (None elsewhere).
    caps = [(7 if r == "township" else 18) if x.endswith(("县", "旗")) else None for r, x in zip(rural, d.district)]
    north = d.north_roads.tolist()      # the roads' north (data.Divisions.north_roads)
    about = list(zip(d.region.tolist(), [len(r) for r in d.region.tolist()], rural, flats, d.village_region.tolist(),
                     d.groups.tolist(), [bool(u) for u in units], heads, caps, north, towns().old_core.tolist(),
                     d.rival_names, [ROAD_SUFFIX_SWAPS.get(p, ("",))[0] for p in d.province]))
    # roads kept to some places (streets.tsv `region`): the 经/纬 grid to the north, development avenues out of an
    # old core; matched where the road starts, right after the township
    t = read_table("persons", "streets.tsv")
    roads = t[(t["kind"] == "road") & (t["feature"] == "")]
    kept = {where: re.compile("^(?:" + "|".join(map(re.escape, roads.loc[roads["region"] == where, "name"])) + r")\d").match
            for where in ("north", "newtown")}
    # a walk-up compound's name, read where an estate stands (after the road's number, before the building's)
    walkups = frozenset(street_names()["compound_lowrise"].tolist())
    # a big city's district with roads of its own (city_roads.tsv): the road, right after the township, is one of them
    own, start, count = own_roads()
    caps = own_road_caps()
    # per division, the highest number of each of its listed roads (data.LISTED_ROAD_CAPS)
    listed_caps = [dict(zip(own[a:a + n].tolist(), caps[a:a + n].tolist())) for a, n in zip(start.tolist(), count.tolist())]
    owned = [re.compile("^(?:" + "|".join(map(re.escape, sorted(own[a:a + n].tolist(), key=len, reverse=True)))
                        + r")\d").match if n else None for a, n in zip(start.tolist(), count.tolist())]
    # generic road words a city does not have (data.GENERIC_ROAD_BANS), per division, in the road before its number
    bans = [re.compile("|".join(GENERIC_ROAD_BANS[c])).search if c in GENERIC_ROAD_BANS else None for c in d.city]
    zhuang = (d.zhuang_share > 0).tolist()      # where a block may be a 幢 (address_conventions.tsv `zhuang`)
    # per division, the road words it never has (中山 in the far north-west, 观音 in a Muslim town): most have none
    swaps = [(word, where.tolist()) for word, _, where in road_word_swaps()]
    unused = [tuple(word for word, where in swaps if where[k]) for k in range(len(about))]
    return place, about, forbidden, walkups, foreign, ethnic, kept, owned, bans, unused, zhuang, tibetan, listed_caps


@lru_cache(maxsize=1)
def _seat_roads():
    """data.rural_township_roads per division, as a set and as a tuple (a C-level startswith first: most rows
    match none)."""
    from .data import rural_township_roads
    roads = rural_township_roads()
    return roads, [tuple(r) for r in roads]


@DOMAIN.rule("address_fits_place",
             "the address fits the place (issue 18): a township (镇, 乡, 苏木, 街道, an XPCC 团) is written only right "
             "after the county and is one of that county's own (towns.tsv, the NBS division code table), and a village "
             "address names its 镇, 乡 or 苏木 where the county has townships; a village address (…村) has no flat number; floors of a "
             "work-unit compound, 家属院 or 新村 are at most 7, a work unit's dormitory compound (…局宿舍, …家属院) has at most 4 blocks, no 新村 in Beijing, of a county (县/旗) at most 18, of a Tibetan county at "
             "most 7; no road or estate name that claims an airport, river, lake, sea, port, station, industry or "
             "big city or is one city's landmark (streets.tsv feature; a listed real road may: 青岛南京路), no 中山 road in Tibet, Qinghai or Xinjiang but Urumqi nor 观音 in Xinjiang, Ningxia and the Hui autonomous places, no road named after another district of the same prefecture (天河区白云路) nor, in a county seat, after one of the county's rural townships (洞口县毓兰路), nor after another of its 街道, 镇 or 乡 than the 街道 written (泰前街道徐家楼大街) and no 大街 in Tianjin, no 经/纬 grid road outside the north and no development avenue (未来大道) in "
             "a district of 街道 alone; in a district with roads of its own (city_roads.tsv: Beijing, central Shanghai, Guangzhou, "
             "Shenzhen and 16 more big cities) only those, numbered no higher than the road's kind reaches (胡同 40, 街 80, 路 150, 大道 300), and no 中山, 解放, 人民, 建设, 红旗, 东风, 胜利 or 巷 in Shanghai's and Shenzhen's other districts' roads nor in their estates (nor a 家属院); the local conventions of address_conventions.tsv and only there: 号楼 "
             "in Beijing, Tianjin, Hebei and Shandong (Tianjin's 门), 弄 in Shanghai, 12-3 in Chongqing, …房 in "
             "Guangdong, a block written 幢 (25幢2单元902室) only in Zhejiang and Jiangsu, a 嘎查 always in one of the county's 苏木 or a banner's 镇 (Inner Mongolia), every banner village a 嘎查, villages without 组 and with a Tibetan place-style name (岗嘎村, never a person's: 强巴村) in Tibetan areas, 村N组 only in the "
             "provinces that number groups, N连 and never 村 in the XPCC cities, Uyghur village names (阿克巴格村) in the "
             "southern Xinjiang oases, Kazakh ones (阿克托别村) in 伊犁, 塔城 and 阿勒泰, Dai ones (曼听村) in 西双版纳 and 德宏, Li ones (抱由村委会番茅村) in Hainan's Li counties, Zhuang ones (那良村板烈屯) in western Guangxi, each only there; no lane (巷) in a Tibetan or Kazakh county town; northern village names (东庄村) only in the north, southern ones "
             "(下洋村) only in the south; 垌 in Lingnan, 冲 in Hunan, Jiangxi and Lingnan, 圩 in the lowlands and Lingnan, 埠 in the watered south-east",
             ("address", "province", "city", "district"))
def address_fits_place(columns, options):
    # read column-wise (place_check.py): the same verdicts as address_fits_place_by_record, in a fraction of its time
    from .place_check import fits_place
    return fits_place(columns)


def address_fits_place_by_record(columns, options):
    """The rule read one address at a time: its reference wording, which place_check.fits_place must agree with
    (tests/test_persons.py plants bad addresses in both); a new check goes into both."""
    from .data import LOCAL_VILLAGE_WORDS, NO_LANES, divisions, road_head, unit_of_road_head
    from .identity import WORK_UNIT_BLOCKS
    seat_roads, seat_heads = _seat_roads()
    place, about, forbidden, walkups, foreign, ethnic, kept, owned, bans, unused_words, zhuang, tibetan, listed_caps = _place_rules()
    local_words = divisions().village_words
    estate = _ESTATE.search
    out = []
    texts = (np.asarray(columns[name], dtype=object).tolist() for name in ("address", "province", "city", "district"))
    for address, province, city, district in zip(*texts):
        k = place.get((province, city, district))     # a value that is not a string finds no place
        if k is None:
            out.append(False)       # residence_in_division names the broken chain
            continue
        region, skip, rural, flats, habits, grouped, has_units, heads, cap, north, core, rivals, unwritten = about[k]
        address = str(address)
        if not address.startswith(region):
            out.append(False)       # the address must start with its province, city and district
            continue
        tail = address[skip:]
        township = ""       # the county's own unit (towns.tsv) the address names first: `heads` holds its names by
                            # their first two characters, longest first
        for name in heads.get(tail[:2], ()):
            if tail.startswith(name):
                township = name
                break
        rest = tail[len(township):]     # what follows the real township: village or road, never another township
        floor = floor_of(rest)
        # (the cheap `in` tests first: most addresses are flats, which skip the village and company patterns)
        company = "连" in rest and _COMPANY.fullmatch(rest) is not None
        village = "村" in rest and (_VILLAGE.search(rest) is not None or rest.endswith("村")) or rest.endswith("嘎查")
        # (a listed real road may bear a featured word, 青岛南京路: only what follows it is searched)
        listed = owned[k] is not None and not village and owned[k](rest)
        ok = not (village and floor) and forbidden(rest, listed.end() - 1 if listed else 0) is None
        if (village or company) and has_units and not township.endswith(("镇", "乡", "苏木", "团")):
            ok = False                      # a village lies in its county's 镇/乡/苏木, not in a 街道 or nowhere
        if "组" in rest and _GROUP.search(rest):
            ok = ok and grouped             # 村3组 only where villages are numbered into groups
        if floor > 7:
            m = estate(rest)
            ok = ok and (m is None or m.group(1) not in walkups)
        if floor and cap:
            ok = ok and floor <= cap
        if not north and ("经" in rest or "纬" in rest) and kept["north"](rest):
            ok = False                      # the numbered 经/纬 grid is a northern planned city's (绍兴纬七路)
        if not village:     # the road's checks (a village has none)
            if not listed and rivals and rest.startswith(rivals):
                ok = False                  # a road named after another district of the prefecture (天河区白云路)
            if unwritten and unwritten in rest[listed.end() - 1 if listed else 0:]:
                ok = False                  # a suffix the province does not write (Tianjin has no 大街)
            if listed:
                number = _NUMBER(rest, listed.end() - 1)
                ok = ok and int(number.group()) <= listed_caps[k][rest[:listed.end() - 1]]   # 天坛路173号 is too far
            elif owned[k] is not None:
                ok = False                  # a generic road in a big city's district with roads of its own (北京朝阳区锦绣大道)
            if rest.startswith(seat_heads[k]) and not township.endswith(("镇", "乡")) \
                    and _ROAD(rest).group() in seat_roads[k]:
                ok = False                  # a county seat's road named after a rural township (洞口县毓兰路)
            if township.endswith("街道"):
                named_after = unit_of_road_head()[k].get(road_head(_ROAD(rest).group()), township)
                ok = ok and named_after == township     # 泰前街道徐家楼大街: the road is 徐家楼街道's
            if bans[k] is not None:
                road = _ROAD(rest).group()
                if owned[k] is None and bans[k](road):
                    ok = False              # a generic road word the city does not have (上海浦东新区解放南路)
                m = estate(rest, len(road))
                if m is not None and (bans[k](m.group(1)) or "家属院" in m.group(1)):
                    ok = False              # nor such an estate, nor an inland 家属院 (深圳龙华区解放新村)
            if unused_words[k] and any(word in rest for word in unused_words[k]):
                ok = False                  # no 中山 in the far north-west (图木舒克中山西路), no 观音 in a Muslim town
            if "弄" in rest:               # (a Dai village may be 曼弄村)
                ok = ok and flats == "nong"
            if province == "北京市" and "新村" in rest:
                ok = False                  # Beijing's walk-ups are 小区, 里, 院, never a 新村
        if core and not listed and "大道" in rest and kept["newtown"](rest):
            ok = False                      # no development avenue in an old core (上海黄浦区未来大道)
        # Each convention's mark only where it is the convention (Tianjin writes 号楼 too).
        if "号楼" in rest:
            ok = ok and flats in ("haolou", "men", "northeast") and bool(floor)
        elif flats in ("haolou", "men") and floor:
            ok = False                                  # a Beijing or Tianjin flat without 号楼 (…3栋2单元502室)
        if flats == "nong" and "栋" in rest:
            ok = False
        if floor and ("宿舍" in rest or "家属院" in rest):
            m = _WORK_UNIT_BLOCK.search(rest)
            ok = ok and (m is None or int(m.group(1)) <= WORK_UNIT_BLOCKS)   # a dormitory compound of 1-4 blocks
        if "幢" in rest and floor:
            ok = ok and zhuang[k]          # a 幢 block only where locals write it (Zhejiang, much of Jiangsu)
        if rest.endswith("房"):
            ok = ok and flats == "fang"
        elif flats in ("fang", "dash") and rest.endswith("室"):
            ok = False
        if rest[-1:].isdigit() and _DASH.search(rest, max(0, len(rest) - _FLOOR_TAIL)):
            ok = ok and flats in ("dash", "northeast")
        if township.endswith("苏木") or "嘎查" in rest:
            # a 嘎查 of a real 苏木, or of a banner's 镇 (Inner Mongolia's)
            ok = ok and "嘎查" in rest and (township.endswith("苏木") or (rural == "sumu" and bool(township)))
        if company:
            ok = ok and rural == "regiment"
        if village:
            # no 村 in the XPCC cities; a northern village name (东庄村) not in the south or the delta, a southern
            # one (下洋村) not in the north; no 组 in Tibetan areas; a Uyghur, Kazakh or Dai village name in its countryside and only there
            if rural == "regiment" or foreign[habits](rest) or (rural == "township" and "组" in rest) or (
                    rural == "sumu" and "嘎查" not in rest):
                ok = False
            elif rural == "township" and tibetan(rest) is None:
                ok = False                  # a Tibetan village takes a place's name, never a person's (强巴村)
            elif "嘎查" not in rest and (ethnic[rural](rest) is None if rural in ethnic
                                         else ethnic[None](rest) is not None):
                ok = False
            named = rest[:rest.find("村")]
            if named[-1:] in LOCAL_VILLAGE_WORDS and named[-1] not in local_words[k]:
                ok = False                  # 垌, 冲, 圩 only in their own country (江山…新圩村 read as odd)
        elif rural in NO_LANES and "巷" in rest:
            ok = False                      # no old Han lane in a Tibetan or Kazakh county town (甘孜县槐树巷)
        out.append(ok)
    return np.array(out, dtype=bool)
