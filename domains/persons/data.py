"""The persons domain's shipped tables (divisions, census age pyramid, names, phone prefixes, streets), read once
per process from lexicons/persons/."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.dtypes import StringDType

from synth.resources import read_table

# 2020 census (lexicons/persons/README.md): 375.82 M of 1,411.78 M residents (26.6%) live outside the county of
# their household registration; 124.84 M (8.9 points of it) across a provincial border.
MIGRATION_RATE = 0.266
CROSS_PROVINCE_SHARE = 124.84 / 375.82
MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
PLACE_DISTRICT, PLACE_CITY, PLACE_COUNTY = 0, 1, 2
# Share of residents living in villages (a 村/组 address) by kind of place. The 2020 census counts 36.1 % of
# residents as rural (63.89 % urban); urban districts still hold suburban villages, county-level cities about
# half, counties most. These per-kind shares are our estimate, chosen so that the population-weighted total
# comes to the census figure for the generated population (tests/test_persons.py checks 30-42 %).
RURAL_SHARE = (0.10, 0.40, 0.68)
# Local address conventions (lexicons/persons/address_conventions.tsv, explained in its README):
# rural addresses …镇…村N组N号 (village), …乡…村 in Tibetan areas (township), …苏木…嘎查 in Inner Mongolia's banners
# (sumu), …团N连 in the XPCC cities (regiment); flats N栋N单元N室 (unit), N号楼N单元N (haolou, Beijing), N号楼N门N
# (men, Tianjin), N弄N号N室 (nong, Shanghai), N栋N单元F-D (dash, Chongqing), N栋N房 (fang, Guangdong).
# Provinces whose village and town names follow the northern habits (集, 营, 店, 庄); the rest take southern ones.
NORTH_PROVINCES = frozenset({"北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省",
                             "山东省", "河南省", "安徽省", "江苏省", "陕西省", "甘肃省", "宁夏回族自治区", "青海省",
                             "新疆维吾尔自治区"})
RURAL_STYLES = ("village", "township", "sumu", "regiment")
FLAT_STYLES = ("unit", "haolou", "men", "nong", "dash", "fang")


# -- shipped tables, prepared once per process ----------------------------------------------------------------
class Divisions:
    """County-level divisions with the weights used to place births and migrants."""

    def __init__(self):
        table = read_table("persons", "divisions.tsv")
        provinces = read_table("persons", "provinces.tsv")
        cities = read_table("persons", "big_cities.tsv")
        self.code = table["code"].astype(np.int64).to_numpy()
        self.province = table["province"].to_numpy(dtype=object)
        self.city = table["city"].to_numpy(dtype=object)
        self.district = table["district"].to_numpy(dtype=object)
        population = dict(zip(provinces["province"], provinces["population"].astype(float)))
        per_province = table.groupby("province")["code"].transform("size").to_numpy()
        # A birth lands in a province by its census population, then in one of its counties evenly.
        self.birth_weight = np.array([population[p] for p in self.province]) / per_province
        urban = np.array([d.endswith("区") for d in self.district])
        # Cross-province migrants go to the big destination cities (by weight), mostly to their urban districts.
        city_weight = dict(zip(cities["city"], cities["weight"].astype(float)))
        in_city = np.array([city_weight.get(c, 0.0) for c in self.city])
        per_city = table.groupby("city")["code"].transform("size").to_numpy()
        self.destination_weight = in_city / per_city * np.where(urban, 3.0, 1.0)
        # Within a province, movers favour urban districts.
        self.local_move_weight = np.where(urban, 4.0, 1.0)
        self.province_ids, self.province_of = np.unique(self.province, return_inverse=True)
        # The kind of place: an urban district (区), a county-level city (市) or a county (县, 旗, 自治县 …).
        self.place = np.array([PLACE_DISTRICT if d.endswith("区") else PLACE_CITY if d.endswith("市") else PLACE_COUNTY
                               for d in self.district], dtype=np.int64)
        # The address prefix: no repeated municipality (北京市北京市) or county-level city (济源市济源市).
        self.region = np.array([(p if p in MUNICIPALITIES else p + c) + (dist if dist != c else "")
                                for p, c, dist in zip(self.province, self.city, self.district)], dtype=StringDType())
        # The local address conventions (address_conventions.tsv): a district's row before its city's, a city's
        # before its province's.
        rules = read_table("persons", "address_conventions.tsv")
        by_name = {(scope, name): (rural, flats, regiments) for scope, name, rural, flats, regiments in
                   zip(rules["scope"], rules["name"], rules["rural"], rules["flats"], rules["regiments"])}
        default = ("village", "unit", "")
        chosen = [by_name.get(("district", dist), by_name.get(("city", c), by_name.get(("province", p), default)))
                  for p, c, dist in zip(self.province, self.city, self.district)]
        self.rural_style = np.array([RURAL_STYLES.index(r) for r, _, _ in chosen], dtype=np.int64)
        self.flat_style = np.array([FLAT_STYLES.index(f) for _, f, _ in chosen], dtype=np.int64)
        # Inner Mongolia's 苏木/嘎查 belong to its banners (旗); its districts and counties have 镇/村.
        banner = np.array([d.endswith("旗") for d in self.district])
        self.rural_style[(self.rural_style == RURAL_STYLES.index("sumu")) & ~banner] = RURAL_STYLES.index("village")
        self.regiments = [r.split("|") if r else [] for _, _, r in chosen]
        # Villagers' groups (…村3组): written where the province's villages are numbered into groups (its row's
        # `groups`); elsewhere the village (the natural village) is the address.
        grouped = {name for scope, name, g in zip(rules["scope"], rules["name"], rules["groups"])
                   if scope == "province" and str(g) == "1"}
        self.groups = np.array([p in grouped for p in self.province])
        self.north = np.array([p in NORTH_PROVINCES for p in self.province])


@lru_cache(maxsize=1)
def divisions() -> Divisions:
    return Divisions()


@lru_cache(maxsize=1)
def age_table() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(age_from, age_to, [male, female] population) of the 2020 census 5-year groups."""
    t = read_table("persons", "age_distribution.tsv")
    return (t["age_from"].astype(int).to_numpy(), t["age_to"].astype(int).to_numpy(),
            t[["male", "female"]].astype(float).to_numpy())


@lru_cache(maxsize=1)
def surnames() -> tuple[np.ndarray, np.ndarray]:
    t = read_table("persons", "surnames.tsv")
    return t["surname"].to_numpy(dtype=object), t["per_mille"].astype(float).to_numpy()


@lru_cache(maxsize=1)
def given_names() -> dict[tuple[str, int], tuple[np.ndarray, np.ndarray]]:
    t = read_table("persons", "given_names.tsv")
    groups = {}
    for (sex, decade), g in t.groupby(["sex", "decade"]):
        groups[(sex, int(decade))] = (g["name"].to_numpy(dtype=object), g["weight"].astype(float).to_numpy())
    return groups


@lru_cache(maxsize=1)
def mobile_prefixes() -> tuple[np.ndarray, np.ndarray]:
    t = read_table("persons", "mobile_prefixes.tsv")
    return t["prefix"].astype(np.int64).to_numpy(), t["weight"].astype(float).to_numpy()


@lru_cache(maxsize=1)
def street_names() -> dict[str, np.ndarray]:
    """Names by kind (road, compound, compound_lowrise, town, village), only the neutral ones: a name that claims
    an airport, a river, a lake, the sea, a port, a railway station or an industry (streets.tsv `feature`) is
    not used, because the division table cannot say which places have one."""
    t = read_table("persons", "streets.tsv")
    neutral = t[t["feature"] == ""]
    out = {kind: neutral.loc[neutral["kind"] == kind, "name"].to_numpy().astype(StringDType())
           for kind in ("road", "compound", "compound_lowrise", "town", "village", "township_tibetan",
                        "village_tibetan", "sumu", "gacha")}
    # Town and village names by the naming habits of north and south (streets.tsv `region`): 集, 营, 店, 庄 are
    # northern market-town and hamlet names; 坪, 圩, 坑, 洋, 垌, 冲 southern ones.
    # Beside the listed names, names composed the way places are named, a first element (a clan surname, a tree,
    # a direction) and a settlement or landform (集, 庄, 店 in the north; 坑, 垌, 圩 in the south; 河, 桥, 岗
    # anywhere): a reader met 三合镇 41 times in 3000 records when the pools held 61 towns and 52 villages.
    heads = neutral.loc[neutral["kind"] == "place_head", "name"].tolist()
    tails = neutral[neutral["kind"] == "place_tail"]
    listed_regional = regional_names()
    for kind in ("town", "village"):
        for side in ("north", "south"):
            rows = (neutral["kind"] == kind) & neutral["region"].isin(["", side])
            other = listed_regional["south" if side == "north" else "north"]
            ends = tails.loc[tails["region"].isin(["", side]), "name"].tolist()
            composed = [h + t for h in heads for t in ends if h + t not in other]
            names = list(dict.fromkeys(neutral.loc[rows, "name"].tolist() + composed))
            out[f"{kind}_{side}"] = np.array(names).astype(StringDType())
    return out


@lru_cache(maxsize=1)
def regional_names() -> dict[str, frozenset]:
    """Town and village names used only in the north or only in the south (the rule checks them)."""
    t = read_table("persons", "streets.tsv")
    t = t[t["kind"].isin(["town", "village"])]
    return {side: frozenset(t.loc[t["region"] == side, "name"].tolist()) for side in ("north", "south")}


@lru_cache(maxsize=1)
def featured_names() -> tuple[str, ...]:
    """Road and compound names that claim a feature of the place (never generated; the rule checks it)."""
    t = read_table("persons", "streets.tsv")
    return tuple(t.loc[t["feature"] != "", "name"].tolist())
