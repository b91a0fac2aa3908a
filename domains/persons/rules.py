"""The persons domain's consistency rules: what the engine enforces while generating and
`synth check --domain persons` verifies."""

from __future__ import annotations

import datetime as _dt
import re

import numpy as np

from synth import dates, validators

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


_FLOOR = [(re.compile(r"(\d+)室$"), 100), (re.compile(r"单元(\d+)$"), 100), (re.compile(r"门(\d+)$"), 100),
          (re.compile(r"栋(\d+)房$"), 100), (re.compile(r"单元(\d+)-\d+$"), 1)]
_VILLAGE = re.compile(r"村(\d+组)?\d+号(?!楼)")
_REGIMENT = re.compile(r"(团|场)\d+连\d+号$")


def floor_of(address: str) -> int:
    """The floor of a flat address in any local convention (0 when the address is not a flat)."""
    for pattern, per_floor in _FLOOR:
        m = pattern.search(address)
        if m:
            return int(m.group(1)) // per_floor
    return 0


@DOMAIN.rule("address_fits_place",
             "the address fits the place (issue 18): a village address (…村) has no flat number; floors of a work-unit "
             "compound, 家属院 or 新村 are at most 7, of a county (县/旗) at most 26, of a Tibetan county at most 7; no "
             "road or estate name that claims an airport, river, lake, sea, port, station or industry (streets.tsv "
             "feature); the local conventions of address_conventions.tsv and only there: 号楼 in Beijing and Tianjin "
             "(Tianjin's 门), 弄 in Shanghai, 12-3 in Chongqing, …房 in Guangdong, 苏木/嘎查 in Inner Mongolia's "
             "banners, …乡…村 without 镇 or 组 in Tibetan areas, 团/连 and never 村 in the XPCC cities; northern town and "
             "village names (刘集镇, 东庄村) only in the north, southern ones (新圩镇, 下洋村) only in the south",
             ("address", "province", "city", "district"))
def address_fits_place(columns, options):
    from .data import FLAT_STYLES, RURAL_STYLES, divisions, featured_names, regional_names, street_names
    lowrise = tuple(street_names()["compound_lowrise"].tolist())
    featured = featured_names()
    d = divisions()
    place = {(p, c, x): k for k, (p, c, x) in enumerate(zip(d.province, d.city, d.district))}
    regions = d.region.tolist()
    regional, province_north = regional_names(), d.north.tolist()
    out = []
    for address, province, city, district in zip(columns["address"], columns["province"], columns["city"],
                                                 columns["district"]):
        address, district = str(address), str(district)
        k = place.get((str(province), str(city), district))
        if k is None or not address.startswith(regions[k]):
            out.append(False)       # residence_in_division names the broken chain; the address must start with it
            continue
        tail = address[len(regions[k]):]
        rural, flats = RURAL_STYLES[d.rural_style[k]], FLAT_STYLES[d.flat_style[k]]
        floor = floor_of(tail)
        village = _VILLAGE.search(tail)
        ok = not (village and floor) and not any(name in tail for name in featured)
        if floor and any(name in tail for name in lowrise):
            ok = ok and floor <= 7
        if district.endswith(("县", "旗")):
            ok = ok and floor <= (7 if rural == "township" else 26)
        # Each convention's mark only where it is the convention (Tianjin writes 号楼 too).
        ok = ok and ("号楼" in tail) == (flats in ("haolou", "men") and bool(floor) and "号楼" in tail)
        ok = ok and not (flats in ("haolou", "men") and floor and "栋" in tail)
        ok = ok and ("弄" in tail) == (flats == "nong" and "弄" in tail) and not (flats == "nong" and "栋" in tail)
        ok = ok and (tail.endswith("房") <= (flats == "fang")) and not (flats == "fang" and tail.endswith("室"))
        ok = ok and (bool(re.search(r"\d-\d+$", tail)) <= (flats == "dash")) and not (flats == "dash" and
                                                                                     tail.endswith("室"))
        ok = ok and (("苏木" in tail or "嘎查" in tail) <= (rural == "sumu"))
        ok = ok and (bool(_REGIMENT.search(tail)) <= (rural == "regiment"))
        if rural == "regiment":
            ok = ok and not village and not tail.endswith("村")
        # a northern market-town name (刘集镇, 东庄村) not in the south, a southern one (新圩镇, 下洋村) not in the north
        other_side = regional[province_north[k] and "south" or "north"]
        if village or tail.endswith("村"):
            ok = ok and not any(tail.startswith(name) or f"镇{name}村" in tail for name in other_side)
        if rural == "township" and "村" in tail and not floor:
            ok = ok and "乡" in tail and "镇" not in tail and "组" not in tail
        out.append(ok)
    return np.array(out, dtype=bool)
