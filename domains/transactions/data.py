"""The transactions domain's tables (lexicons/transactions/, sources in its README), read once per process."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import numpy as np
import pandas as pd

from synth.resources import read_table


@lru_cache(maxsize=1)
def cities() -> pd.DataFrame:
    """Prefecture-level cities with coordinates (degrees) and a population weight (10,000 people)."""
    table = read_table("transactions", "cities.tsv").copy()
    for column in ("lat", "lon", "weight", "abroad_weight"):
        table[column] = table[column].astype(float)
    table["metro"] = table["metro"] == "1"
    table["abroad"] = table["code4"] == "境外"
    table["short"] = [short_city(c) for c in table["city"]]
    return table


def short_city(name: str) -> str:
    """深圳市 -> 深圳, 延边朝鲜族自治州 -> 延边; names of two characters keep their suffix (沙市 stays)."""
    for suffix in ("朝鲜族自治州", "藏族羌族自治州", "土家族苗族自治州", "布依族苗族自治州", "苗族侗族自治州",
                   "哈尼族彝族自治州", "壮族苗族自治州", "傣族景颇族自治州", "傣族自治州", "白族自治州", "彝族自治州",
                   "藏族自治州", "回族自治州", "蒙古自治州", "哈萨克自治州", "柯尔克孜自治州", "傈僳族自治州",
                   "蒙古族藏族自治州", "地区", "盟", "市"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


# County-level units in the code table that the mainland's banks and shops do not reach: 金门县 is listed under
# 泉州 but administered from Taiwan, so no 银联 shop or 支行 stands there.
NO_SHOPS = ("金门县",)


@lru_cache(maxsize=1)
def shop_divisions() -> pd.DataFrame:
    """The persons division table without the units listed in NO_SHOPS (shops' districts, banks' branches)."""
    divisions = read_table("persons", "divisions.tsv")
    return divisions[~divisions["district"].isin(NO_SHOPS)].reset_index(drop=True)


@lru_cache(maxsize=1)
def city_districts() -> dict[str, np.ndarray]:
    """For each city (by row of cities()), the short names of its county-level districts (for shop branches)."""
    divisions = shop_divisions()
    out = {}
    for (province, city), group in divisions.groupby(["province", "city"], sort=False):
        names = [short_district(d) for d in group["district"]]
        out[province + city] = np.array(names, dtype=object)
    table = cities()
    return {i: out.get(p + c, np.array([short_city(c)], dtype=object))
            for i, (p, c) in enumerate(zip(table["province"], table["city"]))}


@lru_cache(maxsize=1)
def city_districts_full() -> dict[int, np.ndarray]:
    """For each city, its county-level divisions by full name (南山区, 望谟县), aligned with city_districts()."""
    divisions = shop_divisions()
    out = {}
    for (province, city), group in divisions.groupby(["province", "city"], sort=False):
        out[province + city] = np.array(list(group["district"]), dtype=object)
    table = cities()
    return {i: out.get(p + c, np.array([c], dtype=object))
            for i, (p, c) in enumerate(zip(table["province"], table["city"]))}


ETHNIC = re.compile("(各族|回族|满族|蒙古族|土家族|苗族|彝族|壮族|藏族|侗族|瑶族|白族|哈尼族|傣族|黎族|畲族|傈僳族|佤族|"
                    "拉祜族|水族|东乡族|纳西族|景颇族|柯尔克孜族|土族|达斡尔族|仫佬族|羌族|布朗族|撒拉族|毛南族|仡佬族|"
                    "锡伯族|普米族|塔吉克族|怒族|鄂温克族|保安族|裕固族|鄂伦春族|布依族|朝鲜族|哈萨克族|维吾尔族)")


def short_district(name: str) -> str:
    """南山区 -> 南山, 瀍河回族区 -> 瀍河, 长阳土家族自治县 -> 长阳; two-character names keep their suffix."""
    if name.endswith("自治旗"):                # banners keep 旗: 鄂温克族自治旗 -> 鄂温克旗, 莫力达瓦达斡尔族自治旗 -> 莫力达瓦旗
        base = name[:-3]
        match = ETHNIC.search(base)
        return (base[:match.start()] if match and match.start() >= 2 else base.removesuffix("族")) + "旗"
    match = ETHNIC.search(name)
    if match and match.start() >= 2:
        return name[:match.start()]
    if name == "神农架林区":                   # a forestry district, not 神农架林 + 区 (碑林区, 万柏林区 are 碑林, 万柏林 + 区)
        return name[:-2]
    for suffix in ("自治县", "新区", "区", "县", "市"):      # banners keep 旗 (科尔沁左翼中旗, not 科尔沁左翼中)
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@lru_cache(maxsize=1)
def branch_places() -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """For each city, what its banks' 支行 are named after, and which of them are urban districts.

    An urban district's branch carries the city (承德双桥支行), unless the district bears the city's name, which
    is then said once (东营区支行, not 东营东营支行; 黄石港支行); a county, county-level city or banner names itself
    (兴隆县支行, 阿荣旗支行). A prefecture without county-level units (东莞, 中山, 仙桃) has its 分行 only ("")."""
    divisions = shop_divisions()
    groups = {p + c: list(g["district"]) for (p, c), g in divisions.groupby(["province", "city"], sort=False)}
    table = cities()
    out = {}
    for i, (p, c, short) in enumerate(zip(table["province"], table["city"], table["short"])):
        labels, urban = [], []
        for d in groups.get(p + c, []):
            if d == c:                                       # 东莞市 lists itself: no county-level unit
                continue
            district = d.endswith("区")
            place = short_district(d) if district else d
            if not district or place == short:
                labels.append(d)
            else:                                            # 黄石港 already says 黄石: not 黄石黄石港
                labels.append(place if place.startswith(short) else short + place)
            urban.append(district)
        out[i] = (np.array(labels or [""], dtype=object), np.array(urban or [False], dtype=bool))
    return out


@lru_cache(maxsize=1)
def bins() -> pd.DataFrame:
    """The BIN table of synth.cards (lexicons/finance/bins.tsv), one row per BIN, with the bank's short name and
    a sampling weight: the bank's share of debit or credit cards (banks.tsv) spread evenly over its BINs."""
    from synth.cards import bin_table

    cards = bin_table()
    table = pd.DataFrame({"bin": cards.bin, "bank_code": cards.bank_code, "bank": cards.bank, "kind": cards.kind,
                          "length": cards.length})
    banks = read_table("transactions", "banks.tsv").set_index("bank_code")
    table["bank_short"] = banks.loc[table["bank_code"], "bank_short"].to_numpy()
    share = np.where(table["kind"] == "debit", banks.loc[table["bank_code"], "debit_weight"].astype(float),
                     banks.loc[table["bank_code"], "credit_weight"].astype(float))
    per_bank = table.groupby(["bank_code", "kind"])["bin"].transform("size").to_numpy()
    table["weight"] = share / per_bank
    return table


@lru_cache(maxsize=1)
def categories() -> pd.DataFrame:
    table = read_table("transactions", "categories.tsv").copy()
    for column in ("median", "sigma", "weekend", "pos", "wallet", "online", "weight", "risk", "unit_share"):
        table[column] = table[column].astype(float)
    table["log_median"] = np.log(table["median"].astype(float))
    table["unit_fen"] = np.round(table["unit"].astype(float) * 100).astype(np.int64)
    table["fine_fen"] = np.round(table["fine"].astype(float) * 100).astype(np.int64)
    table["open"] = table["open"].astype(int)
    table["close"] = table["close"].astype(int)
    return table


@lru_cache(maxsize=1)
def open_hours() -> np.ndarray:
    """(categories, 24) booleans: the hours a category's merchants take payments (a close before the opening
    hour wraps past midnight: a bar open 18-4)."""
    table = categories()
    h = np.arange(24)[None, :]
    o, c = table["open"].to_numpy()[:, None], table["close"].to_numpy()[:, None]
    return np.where(o < c, (h >= o) & (h < c), (h >= o) | (h < c))


@lru_cache(maxsize=1)
def category_hour_cdf() -> np.ndarray:
    """(categories, 24) CDFs of the hour of a payment: the category's daily profile inside its opening hours."""
    table = categories()
    raw = {}
    for row in read_table("transactions", "hours.tsv").itertuples(index=False):
        raw[row[0]] = np.array(row[1:], dtype=float)
    weights = np.stack([raw[p] for p in table["profile"]]) * open_hours()
    return np.cumsum(weights, axis=1) / weights.sum(axis=1, keepdims=True)


@lru_cache(maxsize=1)
def hour_profiles() -> dict[str, np.ndarray]:
    """Each profile's 24 hourly weights, normalised to a CDF."""
    table = read_table("transactions", "hours.tsv")
    out = {}
    for row in table.itertuples(index=False):
        weights = np.array(row[1:], dtype=float)
        out[row[0]] = np.cumsum(weights) / weights.sum()
    return out


@lru_cache(maxsize=1)
def platforms() -> pd.DataFrame:
    table = read_table("transactions", "platforms.tsv").copy()
    table["weight"] = table["weight"].astype(float)
    return table


@lru_cache(maxsize=1)
def platform_prices() -> np.ndarray:
    """(platforms, points) price points in fen from platforms.tsv `prices` (game top-up tiers, membership terms);
    0 pads a row, and a row of zeros means the category's price convention applies."""
    lists = [[int(round(float(x) * 100)) for x in str(v).split(",") if x.strip()] if isinstance(v, str) else []
             for v in platforms()["prices"].tolist()]
    out = np.zeros((len(lists), max(1, max(len(x) for x in lists))), np.int64)
    for row, points in enumerate(lists):
        out[row, :len(points)] = points
    return out


@lru_cache(maxsize=1)
def spring_festivals() -> dict[int, dt.date]:
    table = read_table("transactions", "festivals.tsv")
    return {int(y): dt.date.fromisoformat(d) for y, d in zip(table["year"], table["spring_festival"])}


@lru_cache(maxsize=1)
def neighbours(low_km: float = 30.0, high_km: float = 150.0) -> list[np.ndarray]:
    """For each city, the domestic cities 30-150 km away (where a commuter may work)."""
    table = cities()
    from .events import haversine_km

    lat, lon = table["lat"].to_numpy(), table["lon"].to_numpy()
    km = haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    domestic = ~table["abroad"].to_numpy()
    return [np.flatnonzero((row >= low_km) & (row <= high_km) & domestic) if domestic[i] else np.zeros(0, np.int64)
            for i, row in enumerate(km)]


@lru_cache(maxsize=1)
def city_index() -> dict[tuple[str, str], int]:
    table = cities()
    return {(p, c): i for i, (p, c) in enumerate(zip(table["province"], table["city"]))}
