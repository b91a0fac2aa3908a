"""Building blocks of a synthetic identity (age and sex, birth date, name, ID number, phone, divisions, address),
plain functions of a block's random stream so other domains (medical) make the same identities."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.dtypes import StringDType

from synth import dates, division_history, idcard
from synth.distributions import choose_index
from synth.randomness import BlockRandom

from .data import (own_road_caps, road_head, road_head_keys, ETHNIC_VILLAGES, FLAT_STYLES, GENERIC_ROAD_BANS, banned_city, NO_LANES, ROAD_SUFFIX_SWAPS, RURAL_STYLES, VILLAGE_REGIONS, CROSS_PROVINCE_SHARE, age_table, divisions, given_names, mobile_prefixes,
                   street_names, surnames, towns, own_roads, place_roads, road_word_swaps, town_street_clashes, TOWN_STREETS)

# -- building blocks, reused by other domains ---------------------------------------------------------------
def sample_age_sex(rng: BlockRandom, age_range: tuple[int, int]) -> np.ndarray:
    """Joint age-sex cells (2 * age + 0 for 男, + 1 for 女) from the 2020 census pyramid within `age_range`."""
    low, high = age_range
    starts, ends, population = age_table()
    # Spread each 5-year group evenly over its years, then keep the requested years.
    years = np.arange(0, max(ends.max(), high) + 1)
    group = np.clip(np.searchsorted(ends, years, side="left"), 0, len(ends) - 1)
    per_year = population[group] / (ends - starts + 1)[group, None]
    per_year[(years < low) | (years > high)] = 0.0
    return choose_index(rng.random(), per_year.ravel())


def sex_of_cell(cell: np.ndarray) -> np.ndarray:
    return np.where(cell % 2 == 0, "男", "女").astype(object)


def sample_birth_dates(rng: BlockRandom, ages: np.ndarray, as_of) -> np.ndarray:
    """A birth date (datetime64[D]) uniformly within the year of life that gives each age at `as_of`."""
    latest = dates.shift_years(as_of, ages)
    earliest = dates.shift_years(as_of, ages + 1) + np.timedelta64(1, "D")
    span = (latest - earliest).astype(np.int64) + 1
    return earliest + (rng.random() * span).astype(np.int64).astype("timedelta64[D]")


def sample_names(rng: BlockRandom, sexes: np.ndarray, birth: np.ndarray) -> np.ndarray:
    """Surname by national frequency, then a given name popular for that sex in that birth decade."""
    u = rng.random(2)
    family, weights = surnames()
    family_names = family[choose_index(u[:, 0], weights)]
    groups = given_names()
    decades_known = np.array(sorted({d for _, d in groups}))
    years, _, _ = dates.ymd(birth)
    decade = decades_known[np.clip(np.searchsorted(decades_known, years, side="right") - 1, 0, len(decades_known) - 1)]
    given = np.empty(len(sexes), dtype=object)
    sex_code = np.where(sexes == "男", "m", "f")
    for (sex, dec), (names, w) in groups.items():
        rows = np.flatnonzero((sex_code == sex) & (decade == dec))
        if len(rows):
            given[rows] = names[choose_index(u[rows, 1], w)]
    return np.array([f + g for f, g in zip(family_names, given)], dtype=object)


def sample_phones(rng: BlockRandom, mask: bool = False) -> np.ndarray:
    """Mobile numbers with a real carrier prefix, weighted by subscribers; masked 138****5678 when asked."""
    prefixes, weights = mobile_prefixes()
    u = rng.random()
    numbers = (prefixes[choose_index(u, weights)] * 10**8 + rng.integers(0, 10**8)).astype(StringDType())
    return mask_phones(numbers) if mask else numbers


def sample_id_numbers(rng: BlockRandom, division: np.ndarray, birth: np.ndarray, sexes: np.ndarray,
                      mask: bool = False) -> np.ndarray:
    """GB 11643 numbers for people born in `division` on `birth` (odd sequence for 男); masked when asked."""
    y, m, d = dates.ymd(birth)
    # The order code runs over 000-999 as real ones do (each police station holds its own range of it); drawn from
    # 000-099 it always began with 0, a fingerprint of the generator.
    sequence = rng.integers(0, 500) * 2 + np.where(sexes == "男", 1, 0)
    numbers = idcard.build(issued_codes(division.astype(np.int64), y, rng.random()), y, m, d, sequence)
    return idcard.mask(numbers) if mask else numbers


def issued_codes(division: np.ndarray, birth_years: np.ndarray, u: np.ndarray) -> np.ndarray:
    """The region code of an ID number: the one its birth county bore when the number was first issued
    (synth.division_history), drawn by `u` among several where the county was made from several."""
    choices, counts, years = divisions().issued_codes
    year = np.clip(division_history.issue_years(birth_years) - division_history.FIRST_ISSUE, 0, years - 1)
    count = counts[division, year]
    pick = np.minimum((u * count).astype(np.int64), np.maximum(count - 1, 0))
    return np.where(count > 0, choices[division, year, pick], divisions().code[division])


def sample_birth_divisions(rng: BlockRandom) -> np.ndarray:
    return choose_index(rng.random(), divisions().birth_weight)


def sample_home_divisions(rng: BlockRandom, birth_division: np.ndarray, migration_rate: float) -> np.ndarray:
    """Most live in their birth county; movers go to a big city (cross-province) or within their province."""
    d = divisions()
    u = rng.random(3)
    home = birth_division.copy()
    moved = u[:, 0] < migration_rate
    far = moved & (u[:, 1] < CROSS_PROVINCE_SHARE)
    home[far] = choose_index(u[far, 2], d.destination_weight)
    near = np.flatnonzero(moved & ~far)
    province = d.province_of[birth_division[near]]
    for p in np.unique(province):
        rows = near[province == p]
        candidates = np.flatnonzero(d.province_of == p)
        home[rows] = candidates[choose_index(u[rows, 2], d.local_move_weight[candidates])]
    return home


# Building heights (storeys) and their shares by the place's urbanity (our estimate from ordinary Chinese housing
# stock): a big city's districts have the most towers of 26-33 storeys beside their 1980s walk-ups; an ordinary
# city's districts fewer; a county-level city's centre rises to 26; a county seat builds walk-ups and towers of up to
# 18 (a 30th floor in a county town read as odd); work-unit compounds and 新村 are walk-ups of 5-7 storeys.
HEIGHTS = {
    "big_city": ((6, 7, 11, 18, 26, 33), (0.15, 0.05, 0.15, 0.20, 0.20, 0.25)),
    "district": ((6, 7, 11, 18, 26, 33), (0.25, 0.05, 0.20, 0.25, 0.15, 0.10)),
    "city": ((6, 7, 11, 18, 26), (0.30, 0.10, 0.25, 0.25, 0.10)),
    "county": ((5, 6, 7, 11, 18), (0.10, 0.30, 0.10, 0.30, 0.20)),
    "lowrise": ((5, 6, 7), (0.3, 0.5, 0.2)),
    "small_town": ((4, 5, 6, 7), (0.3, 0.4, 0.25, 0.05)),
}
SELF_BUILT_SHARE = 0.15     # county-town residents in a house on a street (…路N号), no estate
TOWN_SHARE = (0.0, 0.15, 0.30)  # non-villagers living in a town (镇) rather than the seat, by kind of place: our estimate
TOWNS_ONLY_TOWN_SHARE = 0.4     # the same in a district of towns alone (no 街道): our estimate
LOWRISE_SHARE = 0.2         # urban residents in a work-unit compound or 新村
# House numbers lean low (a road's first blocks are its oldest and most built up), but not so far that one address
# in twelve is a 1号 (a reader found too many): with u ** 1.5 a 150-number road's 1号 is 3.5 % of its addresses,
# not 8 %, and a village's 2.6 %. Our estimate, not a survey.
NUMBER_SKEW = 1.5
HOUSE_SKEW = 1.2
# The highest house number on a rural town's street (镇) and a township's (乡): a main street of 0.5-1 km, numbered
# on both sides (延吉市小营镇和平路109号 read as odd); our estimate from the usual size of a town's built-up street.
TOWN_NUMBER_CAP, TOWNSHIP_NUMBER_CAP = 80, 60
SEAT_TOWN_SHARE = 0.5       # county townsmen who write their seat town where the county has no 街道: our estimate
STREET_OFFICE_SHARE = 0.3   # townspeople who write their 街道 before the road (…区望京街道…路N号), where there is one
WITH_GROUP_SHARE = 0.6      # rural addresses with a villagers' group (组), where the province writes them
PASTORAL_SHARE = 0.5        # villagers of an Inner Mongolian banner living in a 苏木/嘎查 (the rest 镇/村): our estimate
YARD_SHARE = 0.3            # Beijing flats written …号院N号楼 (a numbered compound) rather than by the estate's name: our estimate
# Shanghai flats in a block on the road itself (…路300号1205室), not in a 弄: a single tower, rare (国定路63号2104室
# read as borderline at a fifth); our estimate
ROADSIDE_BLOCK_SHARE = 0.05
NORTHEAST_DASH_SHARE = 0.5  # north-eastern flats written unit-floor-door (5号楼2-6-1) rather than 2单元602室: our estimate
ROAD_NAMED_WALKUP_SHARE = 0.5     # walk-up estates named after their road (和平新村 on 和平路): our estimate
WALKUP_TAILS = ("新村", "里", "小区")
LI_PROVINCES = ("北京市", "天津市")   # where walk-up estates are named …里 (幸福里, 文化里)
WORK_UNIT_BLOCKS = 4        # a work unit's dormitory compound (…局宿舍, …家属院) has one to four walk-ups
SMALL_TOWN_BLOCKS = 6       # an estate of a Tibetan county town: a handful of walk-ups (our estimate)
# the 小区 named after a trade or bureau (streets.tsv compound_lowrise): one work unit's compound
WORK_UNIT_ESTATES = [t + "小区" for t in ("电力", "供电", "水利", "建工", "农机", "烟草", "气象", "交通", "税务")]
COMPANIES = 20              # an XPCC regiment's companies (连) numbered 1-20


BAN_CITIES = list(GENERIC_ROAD_BANS)     # banned_city's codes 1, 2, … name these


def _pick(names: np.ndarray, u: np.ndarray) -> np.ndarray:
    return names[np.minimum((u * len(names)).astype(np.int64), len(names) - 1)]


@lru_cache(maxsize=None)
def _may_clash(key: tuple) -> np.ndarray:
    """Which names of a pool (roads, estates) begin like the name of some district (白云路, 南山公寓): only those can
    clash with a place."""
    d = divisions()
    heads = set(d.rival_heads.tolist())
    swaps = list(ROAD_SUFFIX_SWAPS.values())
    names = [str(n) for n in street_names()[key]]
    return np.array([n[:2] in heads or any(n.replace(*s)[:2] in heads for s in swaps) for n in names], dtype=bool)


def _roads(names: dict, division: np.ndarray, north: np.ndarray, core: np.ndarray, house: np.ndarray,
           u: np.ndarray) -> np.ndarray:
    """A road from the pool that fits the row's place and home (data.street_names: no 经/纬 grid outside the north,
    no development avenue in an old core, no 大道 for a self-built house; 怀宁县腾飞大道36号 read as odd), written
    with the province's own suffix (Tianjin's 道), and never named after another district of the same prefecture
    (天河区白云路): such a row draws again from its pool, at points fixed by its own number."""
    d = divisions()
    road = np.zeros(len(u), dtype=StringDType())
    maybe = np.zeros(len(u), dtype=bool)
    # a city's own pool where it bans some generic words (data.GENERIC_ROAD_BANS), else the common one
    ban = banned_city()[division]
    for is_north in (False, True):
        for is_core in (False, True):
            for is_house in (False, True):
                for b in np.unique(ban).tolist():
                    rows = np.flatnonzero((north == is_north) & (core == is_core) & (house == is_house) & (ban == b))
                    if len(rows):
                        key = ("road", is_north, is_core, is_house) + ((BAN_CITIES[b - 1],) if b else ())
                        pool = names[key]
                        index = np.minimum((u[rows] * len(pool)).astype(np.int64), len(pool) - 1)
                        road[rows] = pool[index]
                        maybe[rows] = _may_clash(key)[index]
    # A share of roads named after the place's own county and towns (data.place_roads), in place of the pool's.
    place, place_start, place_count, place_share = place_roads()
    rows = np.flatnonzero((u * 977.0) % 1.0 < place_share[division])
    if len(rows):
        k = division[rows]
        road[rows] = place[place_start[k] + np.minimum((u[rows] * place_count[k]).astype(np.int64), place_count[k] - 1)]
        maybe[rows] = False
    for province, (old, new) in ROAD_SUFFIX_SWAPS.items():
        rows = np.flatnonzero(d.province[division] == province)
        road[rows] = np.strings.replace(road[rows], old, new)
    # (only rows whose road begins like some district's name are looked at one by one)
    for i in np.flatnonzero(maybe & d.has_rivals[division]).tolist():
        key = ("road", bool(north[i]), bool(core[i]), bool(house[i])) + ((BAN_CITIES[ban[i] - 1],) if ban[i] else ())
        _redraw(road, i, names[key], division[i], u[i],
                ROAD_SUFFIX_SWAPS.get(d.province[division[i]]))
    # Words some places never take (data.road_word_swaps): the far north-west's 中山东路 is a 人民东路.
    for word, instead, where in road_word_swaps():
        rows = np.flatnonzero(where[division])
        road[rows] = np.strings.replace(road[rows], word, instead)
    # A big city's district takes its own real roads (city_roads.tsv) in place of the generic pool, with the highest
    # number each reaches (data.own_road_caps; 0 for a pool road).
    own, start, count = own_roads()
    cap = np.zeros(len(u), dtype=np.int64)
    rows = np.flatnonzero(count[division] > 0)
    if len(rows):
        k = division[rows]
        index = start[k] + np.minimum((u[rows] * count[k]).astype(np.int64), count[k] - 1)
        road[rows], cap[rows] = own[index], own_road_caps()[index]
    return road, cap


def _estates(names: dict, division: np.ndarray, lowrise: np.ndarray, no_li: np.ndarray, u: np.ndarray) -> np.ndarray:
    """An estate name from the walk-up (no 里 where `no_li`: 深圳…状元里 read as odd) or the modern pool, never
    named after another district of the prefecture (深圳宝安区…南山公寓 read as the wrong district)."""
    d = divisions()
    estate = np.zeros(len(u), dtype=StringDType())
    maybe = np.zeros(len(u), dtype=bool)
    kinds = ("compound", "compound_lowrise", "compound_lowrise_south", "compound_lowrise_beijing")
    # a city with banned generic words has its own estate pools (data.GENERIC_ROAD_BANS): pool code = kind * 8 + ban
    beijing = d.province[division] == "北京市"
    codes = np.where(lowrise, np.where(beijing, 3, np.where(no_li, 2, 1)), 0) * 8 + banned_city()[division]
    keys = {c: kinds[c // 8] + (f"|{BAN_CITIES[c % 8 - 1]}" if c % 8 else "") for c in np.unique(codes).tolist()}
    for code, key in keys.items():
        rows = np.flatnonzero(codes == code)
        pool = names[key]
        index = np.minimum((u[rows] * len(pool)).astype(np.int64), len(pool) - 1)
        estate[rows] = pool[index]
        maybe[rows] = _may_clash(key)[index]
    for i in np.flatnonzero(maybe & d.has_rivals[division]).tolist():
        _redraw(estate, i, names[keys[int(codes[i])]], division[i], u[i], None)
    return estate


@lru_cache(maxsize=1)
def _generic_road_heads() -> frozenset:
    """The heads of the generic road pools and the towns' streets (文化 for 文化路), as written in any province."""
    roads = [str(r) for key, pool in street_names().items() if isinstance(key, tuple) and key[0] == "road" for r in pool]
    roads += list(TOWN_STREETS)
    roads += [r.replace(*swap) for swap in ROAD_SUFFIX_SWAPS.values() for r in roads]
    # (and 桥东, 桥西, Hebei's city districts, which the estate pools keep out elsewhere too)
    return frozenset(road_head(r) for r in roads) | frozenset(word for word, instead, _ in road_word_swaps()) | \
        frozenset(instead for _, instead, _ in road_word_swaps()) | {"桥东", "桥西"}


def _walkups_after_their_road(compound, road, written, division, lowrise, u) -> np.ndarray:
    """Half the walk-up estates (not a work unit's) named after their road, as old estates are (和平路12号和平新村,
    文化路 文化里): a 新村, 里 or 小区 as the place writes walk-ups (no 新村 in Beijing, no 里 in the south), so that
    the walk-ups are as many as the roads (同心新村 3 in 300 read as odd). Not where the road may be a listed real one
    or the city bans generic words (an estate of 上海人民大道 would be a 人民新村)."""
    d = divisions()
    plain = (own_roads()[2][division] == 0) & (banned_city()[division] == 0)
    rows = np.flatnonzero(lowrise & plain & ((u * 131.0) % 1.0 < ROAD_NAMED_WALKUP_SHARE))
    kept = compound[rows]
    rows = rows[~(np.strings.endswith(kept, "宿舍") | np.strings.endswith(kept, "家属院") | np.isin(kept, WORK_UNIT_ESTATES))]
    names, where = np.unique(road[rows], return_inverse=True)
    # only a road named after the place itself (昔阳路, 甘棠路): a generic road's walk-up (文化新村) would recur in
    # every city; and a numbered road's head is no name (建设四路 makes no 建设四新村)
    generic = _generic_road_heads()
    heads = [road_head(str(n)) for n in names]
    heads = np.array([h if 2 <= len(h) <= 3 and h[-1] not in "一二三四五六七八九十" and h not in generic else ""
                      for h in heads], dtype=StringDType())[where.ravel()]
    rows, heads = rows[heads != ""], heads[heads != ""]
    # not after a place the address has already written, the county, its seat town or its 街道, whose name the road
    # says once more (芦溪县芦溪镇芦溪路150号芦溪新村, 南宾街道南宾路5号南宾新村 read as a formula)
    own = np.strings.find(written[rows], heads) >= 0
    rows, heads = rows[~own], heads[~own]
    province = d.province[division[rows]]
    south = d.no_li[division[rows]]
    pick = ((u[rows] * 17.0) % 1.0 * 3).astype(np.int64)
    tail = np.array(WALKUP_TAILS, dtype=StringDType())[pick]
    # a …里 estate is Beijing's and Tianjin's habit (a 莱芜 …里 read as foreign); elsewhere the south says 新村 and
    # the north 小区, and Beijing no 新村
    li_city = np.isin(province, LI_PROVINCES)
    tail = np.where((province == "北京市") & (tail == "新村"), "小区",
                    np.where(~li_city & (tail == "里"), np.where(south, "新村", "小区"), tail))
    out = compound.copy()
    out[rows] = np.strings.add(heads, tail)
    return out


def _redraw(chosen: np.ndarray, i: int, pool: np.ndarray, k: int, u: float, swap) -> None:
    """Draw row i's name again from its pool, at points fixed by its own number, while it begins with the name of
    another district of its prefecture (k's rival_names); `swap` rewrites a suffix the province writes its way."""
    rivals = divisions().rival_names[k]
    draw = 0
    while str(chosen[i]).startswith(rivals) and draw < 8:
        draw += 1
        name = str(_pick(pool, np.array([(u + 0.618034 * draw) % 1.0]))[0])
        chosen[i] = name.replace(*swap) if swap else name


def _office_of_named_road(region, written, division, road, write_it) -> np.ndarray:
    """The written 街道 replaced by the county's unit a road is named after, where it is (data.unit_of_road_head),
    or by nothing where not `write_it`; one regex per distinct road name, one searchsorted for the batch."""
    ids, keys, units = road_head_keys()
    names, where = np.unique(road, return_inverse=True)
    head = np.array([ids.get(road_head(str(n)), -1) for n in names], dtype=np.int64)[where.ravel()]
    key = division * len(ids) + head
    at = np.minimum(np.searchsorted(keys, key), len(keys) - 1)
    found = (keys[at] == key) & (head >= 0)
    return np.where(found, np.where(write_it, np.strings.add(region, units[at]), region), written)


def _road_length(road: np.ndarray, lane: np.ndarray, modest: np.ndarray) -> np.ndarray:
    """The highest house number a road of this kind reaches: a lane 60, a street (…街) 120, a road's segment
    (…东路/西路/南路/北路/中路) 150, a road or 大街 200 in a county town or a smaller city and 300 in a big city's
    district, an avenue (大道) 400 there (general knowledge of Chinese numbering, not a survey)."""
    short = np.strings.endswith(road, "街") & ~np.strings.endswith(road, "大街")
    segment = np.zeros(len(road), dtype=bool)
    for side in ("东路", "西路", "南路", "北路", "中路"):
        segment |= np.strings.endswith(road, side)
    avenue = np.strings.endswith(road, "大道")
    return np.where(lane, 60, np.where(short, 120, np.where(segment, 150, np.where(
        modest, 200, np.where(avenue, 400, 300)))))


def build_addresses(rng: BlockRandom, division: np.ndarray) -> np.ndarray:
    """An address that fits the place: villagers (by the census urban/rural split per kind of place) live at
    …镇…村N组N号 in a real town of their own county (towns.tsv); townspeople on a road, perhaps after their real
    街道, in an estate whose building heights fit a county town or a city district, or in a low-rise work-unit
    compound; road and estate names never claim an airport, river, port or big city."""
    return write_addresses(division, rng.random(12))


def write_addresses(division: np.ndarray, u: np.ndarray) -> np.ndarray:
    """`build_addresses` from its draws `u` (twelve uniforms a row): each row's address depends on its own division
    and draws alone, so a caller may draw for a whole batch and write only the rows it uses."""
    from .data import PLACE_CITY, PLACE_COUNTY, PLACE_DISTRICT, RURAL_SHARE
    d, places = divisions(), towns()
    names = street_names()
    place = d.place[division]
    county = place != PLACE_DISTRICT
    # A district's villagers by its share of 镇/乡 (village_share); a county or county-level city has them if it has
    # any (安宁市 and 义马市 are 街道 alone).
    village_share = places.village_share[division]
    share = np.array(RURAL_SHARE)[place] * np.where(county, village_share > 0, village_share)
    rural = u[:, 0] < share
    region = d.region[division]
    # Rural: the county's own town (the few places that administer villages directly, like Sanya's districts,
    # have none), village, group, house number.
    town = np.zeros(len(division), dtype=StringDType())
    villagers = np.flatnonzero(rural)
    town[villagers] = places.township(division[villagers], u[villagers, 1])
    village = np.zeros(len(division), dtype=StringDType())
    pools = d.village_pool[division]
    for k in np.unique(pools[villagers]).tolist():
        rows = villagers[pools[villagers] == k]
        village[rows] = _pick(names[("village", k)], u[rows, 2])
    village = np.strings.add(village, "村")
    with_group = d.groups[division] & (u[:, 3] < WITH_GROUP_SHARE)
    group = np.where(with_group, (1 + (u[:, 4] * 12).astype(np.int64)).astype(StringDType()), "")
    group = np.where(group != "", np.strings.add(group, "组"), group)
    house = 1 + (u[:, 5] ** HOUSE_SKEW * 80).astype(np.int64)
    rural_text = concat_strings([region, town, village, group, house, "号"])
    # Urban: perhaps the 街道 (where the county has one), then a road and number, then perhaps an estate.
    urban_region = region.copy()
    # (not where the district has roads of its own: the 街道 would have to be the road's, 丰台区宛平街道马家堡东路)
    # Townspeople of a county who live in one of its towns (镇), not in the county seat: a house on the town's street
    # (…砀山县玄庙镇人民路18号); the draw that left them out of the villages, rescaled, decides it.
    beyond = (u[:, 0] - share) / np.maximum(1.0 - share, 1e-9)
    # A district of towns alone (万全区, 珠海金湾区) is a county in all but name: its seat town is its centre.
    towns_only = ~county & (places.street_offices_count[division] == 0) & (places.towns_count[division] > 0)
    village_style = d.rural_style[division] == RURAL_STYLES.index("village")
    in_town = (~rural & (beyond < np.where(towns_only, TOWNS_ONLY_TOWN_SHARE, np.array(TOWN_SHARE)[place]))
               & (places.towns_count[division] > 0) & village_style)
    dwellers = np.flatnonzero(in_town)
    dweller_town = places.township(division[dwellers], u[dwellers, 1])
    urban_region[dwellers] = np.strings.add(region[dwellers], dweller_town)
    # a town's streets are a few hundred metres: numbered to TOWN_NUMBER_CAP, a 乡's to TOWNSHIP_NUMBER_CAP
    town_cap = np.zeros(len(division), dtype=np.int64)
    town_cap[dwellers] = np.where(np.strings.endswith(dweller_town, "乡"), TOWNSHIP_NUMBER_CAP, TOWN_NUMBER_CAP)
    writers = np.flatnonzero(~rural & ~in_town & (u[:, 4] < STREET_OFFICE_SHARE) & (own_roads()[2][division] == 0))
    urban_region[writers] = np.strings.add(region[writers], places.pick("street_offices", division[writers],
                                                                        u[writers, 5]))
    # Its other townspeople live in the seat town, and, having no 街道 to write, write it (万全区万全镇…); a rural
    # town of it has no 17-block estate (万全区郭磊庄镇…绿洲名苑17号楼 read as odd).
    townish = np.flatnonzero(~rural & ~in_town & towns_only)
    urban_region[townish] = np.strings.add(region[townish], places.seat[division[townish]])
    # A county without 街道 is its seat town: many of its townsmen write the town (琼中…营根镇新华西路), where the
    # table surely names it (Towns.seat_named).
    seated = np.flatnonzero(~rural & ~in_town & county & (places.street_offices_count[division] == 0)
                            & places.seat_named[division] & ((u[:, 5] * 211.0) % 1.0 < SEAT_TOWN_SHARE))
    urban_region[seated] = np.strings.add(region[seated], places.seat[division[seated]])
    self_built = county & (u[:, 6] < SELF_BUILT_SHARE) | in_town
    road, listed_cap = _roads(names, division, d.north_roads[division], places.old_core[division],
                  self_built, u[:, 1])
    # a town's dweller lives on one of its own streets (data.TOWN_STREETS)
    pick = (u[dwellers, 1] * 613.0) % 1.0
    street = np.minimum((pick * len(TOWN_STREETS)).astype(np.int64), len(TOWN_STREETS) - 1)
    clash = town_street_clashes()[division[dwellers], street]
    street[clash] = (pick[clash] * 8).astype(np.int64)      # (正街 … 中街 instead)
    road[dwellers] = np.array(TOWN_STREETS, dtype=StringDType())[street]
    listed_cap[dwellers] = 0
    # Tibetan and Kazakh county towns have no old Han lanes: their 巷 is a 路 (甘孜县槐树巷 read as odd).
    laneless = np.flatnonzero(np.isin(d.rural_style[division], [RURAL_STYLES.index(s) for s in NO_LANES]))
    road[laneless] = np.strings.replace(road[laneless], "巷", "路")
    # a 街道 writer whose road is named after one of the county's units (徐家楼大街) lives in that unit
    # (half of them leave the 街道 out: 谏壁街道谏壁路 on every such road reads as a formula)
    wrote = writers[places.street_offices_count[division[writers]] > 0]
    urban_region[wrote] = _office_of_named_road(region[wrote], urban_region[wrote], division[wrote], road[wrote],
                                                (u[wrote, 5] * 89.0) % 1.0 < 0.5)
    lane = np.strings.endswith(road, "巷") | np.strings.endswith(road, "胡同")     # Beijing's old lanes are 胡同
    # House numbers by the road's length: a street (…街, not …大街) is a short one (西城区白纸坊东街295号 read as odd),
    # so is one segment of a road (…南路, …东路: 农展馆南路231号 read as odd); an avenue (大道) is the longest.
    # (a town's street is short: TOWN_NUMBER_CAP)
    # (a listed real road by its own kind: data.LISTED_ROAD_CAPS)
    # (a smaller city's district numbers its roads as a county town does: 云浮建设四路245号 read as odd)
    modest = county | towns_only | ~d.big_city[division]
    length = np.where(listed_cap > 0, listed_cap, _road_length(road, lane, modest))
    number = 1 + (u[:, 2] ** NUMBER_SKEW * np.where(in_town, np.minimum(length, town_cap), length)).astype(np.int64)
    # A lane (巷) is old town: its estates are low-rise compounds, never a tower block; so are those on a listed
    # city's short old streets (a 街 of up to 80 numbers: no 30号楼 on its 27th floor).
    old_street = (listed_cap > 0) & (listed_cap <= 80)
    lowrise = ~self_built & ((u[:, 6] >= 1 - LOWRISE_SHARE) | lane | old_street)
    # a walk-up …里 is Beijing's and Tianjin's habit (民主里 in 莱芜 or 东营 read as foreign): elsewhere the pool without 里
    compound = _estates(names, division, lowrise, d.no_li[division] | ~np.isin(d.province[division], LI_PROVINCES),
                        u[:, 3])
    compound = _walkups_after_their_road(compound, road, urban_region, division, lowrise, u[:, 3])
    height = np.zeros(len(division), dtype=np.int64)
    big = d.big_city[division] & ~county
    for kind, rows in (("big_city", big & ~towns_only & ~lowrise), ("district", ~county & ~big & ~towns_only & ~lowrise),
                       ("city", (place == PLACE_CITY) & ~lowrise),
                       ("county", ((place == PLACE_COUNTY) | towns_only) & ~lowrise),
                       ("lowrise", lowrise)):
        levels, shares = HEIGHTS[kind]
        height[rows] = np.array(levels)[choose_index(u[rows, 7], np.array(shares))]
    # Tibetan counties are towns of a few thousand: their estates and compounds are a few low walk-ups, seldom
    # at the 7-storey cap (巴塘县…水利小区7栋…702室 read as odd).
    small_town = county & (d.rural_style[division] == RURAL_STYLES.index("township"))
    if small_town.any():
        levels, shares = HEIGHTS["small_town"]
        height[small_town] = np.array(levels)[choose_index(u[small_town, 7], np.array(shares))]
    floor = 1 + np.minimum((u[:, 8] * height).astype(np.int64), height - 1)
    # An apartment block (公寓) is one to three towers, and so is a compound on a lane (胡同24号院11号楼 read as
    # odd); a work unit's dormitory compound (…局宿舍, …家属院) one to four walk-ups (供销社宿舍12栋 read as odd); a
    # 新村 or old 小区 up to 12 walk-ups; a commercial estate 15 blocks in a county town, 30 in a city.
    # (a bureau's 小区 is its compound too: 水利小区7栋 read as odd)
    work_unit = np.strings.endswith(compound, "宿舍") | np.strings.endswith(compound, "家属院") | np.isin(
        compound, WORK_UNIT_ESTATES)
    buildings = np.where(np.strings.endswith(compound, "公寓") | lane, 3,
                         np.where(lowrise & work_unit, WORK_UNIT_BLOCKS, np.where(lowrise, 12, np.where(county | towns_only, 15, 30))))
    buildings = np.where(small_town, np.minimum(buildings, SMALL_TOWN_BLOCKS), buildings)
    # an estate on a listed city road of ordinary length is an infill one, not a 30-block new town
    buildings = np.where((listed_cap > 0) & (listed_cap <= 150), np.minimum(buildings, 15), buildings)
    building = 1 + (u[:, 9] * buildings).astype(np.int64)
    unit = 1 + (u[:, 10] * np.where(height >= 18, 2, np.where(lowrise, 3, 4))).astype(np.int64)
    door = 1 + (u[:, 11] * np.where(height >= 18, 4, 2)).astype(np.int64)
    room = floor * 100 + door
    estate = concat_strings([urban_region, road, number, "号", compound, building, "栋", unit, "单元", room, "室"])
    street = concat_strings([urban_region, road, number, "号"])
    out = np.where(rural, rural_text, np.where(self_built, street, estate))
    _local_flats(out, d.flat_style[division], rural | self_built, urban_region, road, number, compound, building,
                 unit, floor, door, (u[:, 10] * 59.0) % 1.0 < NORTHEAST_DASH_SHARE)
    # A Shanghai block that stands on the road itself, not in a lane, takes the road's number: …路300号1205室.
    block = np.flatnonzero(~rural & ~self_built & (d.flat_style[division] == FLAT_STYLES.index("nong"))
                           & ((u[:, 3] * 373.0) % 1.0 < ROADSIDE_BLOCK_SHARE))
    out[block] = concat_strings([urban_region[block], road[block], number[block], "号", floor[block] * 100 + door[block],
                                 "室"])
    # Zhejiang and much of Jiangsu number their blocks 幢 (25幢2单元902室), by the share locals write it.
    zhuang = np.flatnonzero(~rural & ~self_built & (d.flat_style[division] == FLAT_STYLES.index("unit"))
                            & ((u[:, 9] * 337.0) % 1.0 < d.zhuang_share[division]))
    out[zhuang] = np.strings.replace(out[zhuang], "栋", "幢")
    # Beijing writes a share of its compounds by the road's number alone: …路8号院3号楼2单元502.
    yard = np.flatnonzero(~rural & ~self_built & (d.province[division] == "北京市") & ((u[:, 3] * 1000) % 1 < YARD_SHARE))
    if len(yard):
        out[yard] = concat_strings([urban_region[yard], road[yard], number[yard], "号院", building[yard], "号楼",
                                    unit[yard], "单元", room[yard]])
    _local_villages(out, division, rural, region, town, house, u)
    return out


def _local_flats(out, style, not_flat, region, road, number, compound, building, unit, floor, door, dashed) -> None:
    """Flats written the local way (address_conventions.tsv `flats`): 3号楼2单元502 in Beijing, 3号楼2门502 in
    Tianjin, …路88弄5号1202室 in Shanghai, 5栋2单元12-3 in Chongqing, 5栋1203房 in Guangdong, 5号楼2单元602室 or
    5号楼2-6-1 in the north-east (`dashed`)."""
    room = floor * 100 + door
    for name, parts in (("haolou", lambda r: [compound[r], building[r], "号楼", unit[r], "单元", room[r]]),
                        ("men", lambda r: [compound[r], building[r], "号楼", unit[r], "门", room[r]]),
                        ("nong", lambda r: ["弄", building[r], "号", room[r], "室"]),
                        ("dash", lambda r: [compound[r], building[r], "栋", unit[r], "单元", floor[r], "-", door[r]]),
                        ("fang", lambda r: [compound[r], building[r], "栋", room[r], "房"]),
                        # the north-east: 5号楼2单元602室, or unit-floor-door (5号楼2-6-1) by NORTHEAST_DASH_SHARE
                        ("northeast", lambda r: [compound[r], building[r], "号楼", unit[r], np.where(
                            dashed[r], "-", "单元"), np.where(dashed[r], concat_strings([floor[r], "-", door[r]]),
                                                             concat_strings([room[r], "室"]))])):
        rows = np.flatnonzero((style == FLAT_STYLES.index(name)) & ~not_flat)
        if len(rows):
            # Shanghai's lane (弄) takes the road's number in place of 号.
            head = [region[rows], road[rows], number[rows]] + ([] if name == "nong" else ["号"])
            out[rows] = concat_strings(head + parts(rows))


def _local_villages(out, division, rural, region, town, house, u) -> None:
    """Villagers' addresses the local way (address_conventions.tsv `rural`): …乡…村 with a Tibetan village name in
    Tibetan areas, a Uyghur village name (…乡阿克巴格村N号) in the southern Xinjiang oases, …苏木…嘎查 for half the
    villagers of an Inner Mongolian banner that has a 苏木, …团N连N号 or …镇N连N号 in the XPCC cities (their towns
    are the regiments'). The uniforms are those of the ordinary village address."""
    d, names, places = divisions(), street_names(), towns()
    style = d.rural_style[division]
    rows = np.flatnonzero(rural & (style == RURAL_STYLES.index("township")))
    if len(rows):
        out[rows] = concat_strings([region[rows], town[rows], _pick(names["village_tibetan"], u[rows, 2]), "村"])
    # (Hainan's Li villages are written by their committee, then the natural village: 什运村委会番茅村; western
    # Guangxi's by the administrative village, then its natural village, a 屯: 那良村板烈屯)
    hamlet = {"li": ("村委会", "村"), "zhuang": ("村", "屯")}
    for rural_style, pool in ETHNIC_VILLAGES.items():
        rows = np.flatnonzero(rural & (style == RURAL_STYLES.index(rural_style)))
        if len(rows):
            village = [_pick(names[pool], u[rows, 2]), "村"]
            if rural_style in hamlet:
                first, last = hamlet[rural_style]
                village = [village[0], first, _pick(names[pool], u[rows, 7]), last]
            out[rows] = concat_strings([region[rows], town[rows], *village, house[rows], "号"])
    # A banner's villages are 嘎查, in a 苏木 (its pastoral villagers, and those of a place whose only township is
    # one) or in a 镇 (阿拉善左旗宗别立镇西集村 read as odd: 集 is a northern market town's word).
    banner = style == RURAL_STYLES.index("sumu")
    pastoral = banner & (places.sumu_count[division] > 0) & (u[:, 6] < PASTORAL_SHARE)
    rows = np.flatnonzero(rural & (banner | np.strings.endswith(town, "苏木")))
    if len(rows):
        sumu = np.where(pastoral[rows], places.pick("sumu", division[rows], u[rows, 1]), town[rows])
        out[rows] = concat_strings([region[rows], sumu, _pick(names["gacha"], u[rows, 2]), "嘎查"])
    rows = np.flatnonzero(rural & (style == RURAL_STYLES.index("regiment")))
    if len(rows):
        company = 1 + (u[rows, 4] * COMPANIES).astype(np.int64)
        out[rows] = concat_strings([region[rows], town[rows], company, "连", house[rows], "号"])


def concat_strings(parts: list) -> np.ndarray:
    """Element-wise concatenation of string/number arrays and constants, in C (NumPy string ufuncs)."""
    out = None
    for part in parts:
        piece = part if isinstance(part, str) else np.asarray(part).astype(StringDType())
        out = piece if out is None else np.strings.add(out, piece)
    return out


def mask_names(names: np.ndarray) -> np.ndarray:
    """Keep the surname and star the given name: 张** / 欧阳*. A two-character name is always one surname
    character and a given name (贺兰 is 贺 + 兰 here, never the compound surname alone), so a star is never lost."""
    family, _ = surnames()
    compound = {f for f in family if len(f) > 1}
    return np.array([n[:2] + "*" * (len(n) - 2) if len(n) > 2 and n[:2] in compound else n[0] + "*" * (len(n) - 1)
                     for n in names], dtype=object)


def mask_phones(phones: np.ndarray) -> np.ndarray:
    phones = np.asarray(phones).astype(StringDType())
    return np.strings.add(np.strings.add(np.strings.slice(phones, 0, 3), "****"), np.strings.slice(phones, 7, None))
