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


_ROOM = re.compile(r"(\d+)室$")
_VILLAGE = re.compile(r"村(\d+组)?\d+号")


@DOMAIN.rule("address_fits_place",
             "the address fits the place (issue 18): a village address (…村) has no flat number; floors of a work-unit "
             "compound, 家属院 or 新村 are at most 7, of a county (县/旗) at most 26; no road or estate name that claims an "
             "airport, river, lake, sea, port, station or industry (streets.tsv feature)", ("address", "district"))
def address_fits_place(columns, options):
    from .data import featured_names, street_names
    lowrise = tuple(street_names()["compound_lowrise"].tolist())
    featured = featured_names()
    out = []
    for address, district in zip(columns["address"], columns["district"]):
        address = str(address)
        m = _ROOM.search(address)
        floor = int(m.group(1)) // 100 if m else 0
        village = _VILLAGE.search(address)
        ok = not (village and m) and not any(name in address for name in featured)
        if m and any(name in address for name in lowrise):
            ok = ok and floor <= 7
        if str(district).endswith(("县", "旗")):
            ok = ok and floor <= 26
        out.append(ok)
    return np.array(out, dtype=bool)
