"""Building blocks of a synthetic identity (age and sex, birth date, name, ID number, phone, divisions, address),
plain functions of a block's random stream so other domains (medical) make the same identities."""

from __future__ import annotations

import numpy as np
from numpy.dtypes import StringDType

from synth import dates, idcard
from synth.distributions import choose_index
from synth.randomness import BlockRandom

from .data import CROSS_PROVINCE_SHARE, age_table, divisions, given_names, mobile_prefixes, street_names, surnames

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
