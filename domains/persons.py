"""The `persons` domain: coherent Chinese identities that pass real validators and describe nobody.

Coherence: the ID number encodes the birthplace division, birth date and sex; the name fits sex and birth
decade; the home address is a real province/city/district chain, usually the birthplace (a documented migration
rate moves some people, mostly to big cities). Building blocks are plain functions so other domains (medical)
reuse the same identities.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.dtypes import StringDType

from synth import dates, idcard
from synth.distributions import choose_index
from synth.options import Option, int_range_within, parse_bool, parse_rate
from synth.randomness import BlockRandom
from synth.resources import read_table
from synth.schema import Domain

# 2020 census (lexicons/persons/README.md): 375.82 M of 1,411.78 M residents (26.6%) live outside the county of
# their household registration; 124.84 M (8.9 points of it) across a provincial border.
MIGRATION_RATE = 0.266
CROSS_PROVINCE_SHARE = 124.84 / 375.82
MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")

DOMAIN = Domain("persons", "Coherent Chinese identities: name, sex, birth date, ID number, phone, address", options=[
    Option("age", "18-80", int_range_within(0, 105), "age range in whole years at as_of, within 0-105"),
    Option("mask", "false", parse_bool, "mask name, ID and phone as in privacy-safe fixtures (张**, 110105********1234)"),
    Option("migration_rate", MIGRATION_RATE, parse_rate, "share living outside their birth county (2020 census: 0.266)"),
])


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
        # The address prefix: no repeated municipality (北京市北京市) or county-level city (济源市济源市).
        self.region = np.array([(p if p in MUNICIPALITIES else p + c) + (dist if dist != c else "")
                                for p, c, dist in zip(self.province, self.city, self.district)], dtype=StringDType())


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
def street_names() -> tuple[np.ndarray, np.ndarray]:
    t = read_table("persons", "streets.tsv")
    return (t.loc[t["kind"] == "road", "name"].to_numpy().astype(StringDType()),
            t.loc[t["kind"] == "compound", "name"].to_numpy().astype(StringDType()))


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
    sequence = rng.integers(0, 50) * 2 + np.where(sexes == "男", 1, 0)
    numbers = idcard.build(divisions().code[division.astype(np.int64)], y, m, d, sequence)
    return idcard.mask(numbers) if mask else numbers


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


def build_addresses(rng: BlockRandom, division: np.ndarray) -> np.ndarray:
    """Province, city and district, then road and number, and a compound, building, unit and room."""
    d = divisions()
    roads, compounds = street_names()
    u = rng.random(6)
    road = roads[(u[:, 0] * len(roads)).astype(np.int64)]
    compound = compounds[(u[:, 1] * len(compounds)).astype(np.int64)]
    # Lanes (巷) are short; roads and avenues run to hundreds of numbers, most of them low.
    lane = np.strings.endswith(road, "巷")
    number = 1 + (u[:, 2] ** 2 * np.where(lane, 60, 399)).astype(np.int64)
    building = 1 + (u[:, 3] * 28).astype(np.int64)
    unit = 1 + (u[:, 4] * 4).astype(np.int64)
    floor = 1 + (u[:, 5] ** 1.5 * 32).astype(np.int64)
    room = floor * 100 + 1 + ((u[:, 5] * 1000) % 4).astype(np.int64)
    parts = [d.region[division], road, number, "号", compound, building, "栋", unit, "单元", room, "室"]
    return concat_strings(parts)


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


# -- fields -------------------------------------------------------------------------------------------------
@DOMAIN.field("person_id", doc="stable record identifier P + 10-digit index")
def person_id(ctx):
    return np.strings.add("P", np.strings.zfill(ctx.index.astype(StringDType()), 10))


@DOMAIN.field("name", parents=("sex", "_birth"), doc="surname first, given name fitting sex and birth decade")
def name(ctx, sexes, birth):
    names = sample_names(ctx.rng, sexes, birth)
    return mask_names(names) if ctx.options["mask"] else names


@DOMAIN.field("_age_sex", hidden=True, dtype="int", doc="joint age-sex cell drawn from the census pyramid")
def age_sex(ctx):
    return sample_age_sex(ctx.rng, ctx.options["age"])


@DOMAIN.field("sex", parents=("_age_sex",), doc="男 or 女, from the 2020 census age-sex pyramid")
def sex(ctx, cell):
    return sex_of_cell(cell)


@DOMAIN.field("_birth", parents=("_age_sex",), hidden=True, dtype="date", doc="birth date as a calendar day")
def birth(ctx, cell):
    return sample_birth_dates(ctx.rng, cell // 2, ctx.as_of)


@DOMAIN.field("birth_date", parents=("_birth",), doc="ISO date")
def birth_date(ctx, birth):
    return dates.iso(birth)


@DOMAIN.field("age", parents=("_birth",), dtype="int", doc="whole years at as_of")
def age(ctx, birth):
    return dates.age_at(birth, ctx.as_of)


@DOMAIN.field("_birth_division", hidden=True, dtype="int", doc="birth county, weighted by province population")
def birth_division(ctx):
    return sample_birth_divisions(ctx.rng)


@DOMAIN.field("id_number", parents=("_birth_division", "_birth", "sex"),
              doc="GB 11643 ID: birth county code, birth date, sequence with sex parity, MOD 11-2 check")
def id_number(ctx, division, birth, sexes):
    return sample_id_numbers(ctx.rng, division, birth, sexes, ctx.options["mask"])


@DOMAIN.field("phone", doc="11-digit mobile number with a real carrier prefix")
def phone(ctx):
    return sample_phones(ctx.rng, ctx.options["mask"])


@DOMAIN.field("_home_division", parents=("_birth_division",), hidden=True, dtype="int",
              doc="residence county: the birth county, or a migration destination")
def home_division(ctx, birth_division):
    return sample_home_divisions(ctx.rng, birth_division.astype(np.int64), ctx.options["migration_rate"])


def division_part(level: str):
    """A sampler that names the province, city or district of a division index column."""
    def sampler(ctx, division):
        return getattr(divisions(), level)[division.astype(np.int64)]
    return sampler


for level, doc in (("province", "province of residence"),
                   ("city", "prefecture-level city of residence, inside province"),
                   ("district", "county-level division of residence, inside city")):
    DOMAIN.field(level, parents=("_home_division",), doc=doc)(division_part(level))


@DOMAIN.field("address", parents=("_home_division",), doc="full postal address in the residence district")
def address(ctx, home):
    return build_addresses(ctx.rng, home.astype(np.int64))


for level, doc in (("province", "birthplace province (the ID number's code)"), ("city", "birthplace city"),
                   ("district", "birthplace county-level division")):
    DOMAIN.field(f"birth_{level}", parents=("_birth_division",), doc=doc)(division_part(level))


# -- consistency rules: what the engine enforces while generating and `synth check --domain persons` verifies ---
import datetime as _dt  # noqa: E402

from synth import validators  # noqa: E402


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
