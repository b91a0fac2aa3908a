"""The persons domain's declaration: its options and one sampler per field."""

from __future__ import annotations

import numpy as np
from numpy.dtypes import StringDType

from synth import dates
from synth.options import Option, int_range_within, parse_bool, parse_rate
from synth.schema import Domain

from .data import MIGRATION_RATE, divisions
from .identity import (build_addresses, mask_names, sample_age_sex, sample_birth_dates, sample_birth_divisions,
                       sample_home_divisions, sample_id_numbers, sample_names, sample_phones, sex_of_cell)

DOMAIN = Domain("persons", "Coherent Chinese identities: name, sex, birth date, ID number, phone, address", options=[
    Option("age", "18-80", int_range_within(0, 105), "age range in whole years at as_of, within 0-105"),
    Option("mask", "false", parse_bool, "mask name, ID and phone as in privacy-safe fixtures (张**, 110105********1234)"),
    Option("migration_rate", MIGRATION_RATE, parse_rate, "share living outside their birth county (2020 census: 0.266)"),
])



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
