"""A Faker provider with synth's coherent records, and corrected drop-ins for zh_CN's incoherent methods.

    from faker import Faker
    import synth.faker

    fake = Faker("zh_CN")
    fake.add_provider(synth.faker.Provider)
    Faker.seed(0)
    fake.person()        # name, sex, birth date, ID number, phone, address that agree
    fake.ssn()           # real county code, a birth date relative to 2025-01-01 (not today), valid check character

Every method draws from Faker's seeded random (`self.generator.random`), so `Faker.seed()` and `fake.seed_instance()`
reproduce the same values. Whole records are record i of a fixed synth dataset (seed `pool_seed`, records
[0, pool_size)), i drawn from Faker's random; so a record is also `synth.generate(domain, i + 1, seed=0).iloc[i]`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from functools import lru_cache

# Absolute imports only: this module is synth.faker and must never stand in for the faker package.
import numpy as np
from faker.providers import BaseProvider

from synth import cards, dates, idcard
from synth.randomness import BLOCK_SIZE

__all__ = ["Provider"]


_sources: dict = {}


def _source(domain: str, seed: int, size: int, options: dict):
    """One RecordSource per dataset; keyed by repr because option values may be lists (require=["plot"])."""
    from synth.records import RecordSource

    key = (domain, seed, size, repr(sorted(options.items())))
    if key not in _sources:
        if len(_sources) >= 32:
            _sources.clear()
        _sources[key] = RecordSource(domain, seed=seed, size=size, **options)
    return _sources[key]


@lru_cache(maxsize=1)
def _birth_divisions() -> tuple[list, list]:
    """Division codes and cumulative birth weights (where people are born, by province population)."""
    from synth.domains.persons import divisions

    table = divisions()
    return [int(c) for c in table.code], list(itertools.accumulate(float(w) for w in table.birth_weight))


class Provider(BaseProvider):
    """synth for Faker users: `fake.add_provider(synth.faker.Provider)` on a `Faker("zh_CN")`."""

    # Records come from the first pool_size records of the dataset with seed pool_seed: four blocks, computed once
    # per process, so a loop of fake.person() calls costs a few blocks in all (4,096 distinct people).
    pool_size = 4 * BLOCK_SIZE
    pool_seed = 0
    as_of = dt.date(2025, 1, 1)  # synth's DEFAULT_AS_OF: ages and ID birth dates never move with the clock

    def _record(self, domain: str, **options) -> dict:
        source = _source(domain, self.pool_seed, self.pool_size, options)
        while True:  # a record the domain's rules dropped is skipped, as synth.generate skips it
            record = source.record(self.generator.random.randrange(self.pool_size))
            if record is not None:
                return dict(record)

    # -- coherent records ---------------------------------------------------------------------------------------
    def person(self, **options) -> dict:
        """A whole person: name fitting sex and birth decade; the ID number encodes the birthplace county, birth
        date and sex; phone with a real prefix; home address a real province/city/district chain. Options as for
        synth's persons domain (age=(30, 40), mask=True)."""
        return self._record("persons", **options)

    def review(self, **options) -> dict:
        """A Chinese review with its labels: category, item, sentiment, rating, aspects, aspect_sentiments, text.
        Options as for synth's reviews domain (category="movie", sentiment="negative:1.0", length=(20, 60))."""
        return self._record("reviews", **options)

    def medical_record(self, **options) -> dict:
        """An outpatient visit (masked), coherent from complaint to prescription, with its written note."""
        return self._record("medical", **options)

    def bank_card(self, kind: str | None = None, masked: bool = False) -> str:
        """A UnionPay card number under a big Chinese bank's real BIN, of that BIN's length, with a valid Luhn check
        digit; `kind` "debit" or "credit"; `masked` gives 6222 **** **** 1234. `synth.cards.issuer` names the bank."""
        rows = cards.bin_table().rows(kind)
        row = int(rows[self.generator.random.randrange(len(rows))])
        number = cards.card_number(row, self.generator.random.randrange(10 ** cards.account_width(row)))
        return cards.mask(number) if masked else number

    # -- corrected drop-ins for zh_CN ---------------------------------------------------------------------------
    def ssn(self, min_age: int = 18, max_age: int = 90, gender: str | None = None, area_code: str = "") -> str:
        """zh_CN's ssn(), corrected: the region code is a county-level code (weighted by where people are born, as
        it was when the number was issued; or `area_code` when it is a current one), the birth date gives an age in [min_age, max_age] at `as_of` (not
        today), the sequence is odd for gender "M" and even for "F", and the check character is MOD 11-2."""
        if gender not in (None, "M", "m", "F", "f"):
            raise ValueError("Gender must be one of F or M.")
        codes, cumulative = _birth_divisions()
        r = self.generator.random
        earliest, latest = dates.birth_window(self.as_of, min_age, max_age)
        if area_code.isdigit() and int(area_code) in codes:
            code = int(area_code)
            born = earliest + dt.timedelta(days=r.randrange((latest - earliest).days + 1))
        else:
            division = min(bisect.bisect_right(cumulative, r.random() * cumulative[-1]), len(codes) - 1)
            born = earliest + dt.timedelta(days=r.randrange((latest - earliest).days + 1))
            # the code the county bore when the number was issued (临安市 330185 for 临安区 before 2017)
            from synth.domains.persons.identity import issued_codes
            code = int(issued_codes(np.array([division]), np.array([born.year]), np.array([r.random()]))[0])
        parity = r.randrange(2) if gender is None else (1 if gender in ("M", "m") else 0)
        first17 = f"{code:06d}{born:%Y%m%d}{r.randrange(500) * 2 + parity:03d}"
        return first17 + idcard.check_character(first17)

    def address(self) -> str:
        """zh_CN's address(), corrected: a real province, city and district chain, then road, number, compound,
        building, unit and room (zh_CN's mixes provinces and cities at random: 四川省宜都县…)."""
        return self.person()["address"]

    def phone_number(self) -> str:
        """An 11-digit mobile number with a carrier prefix in use, weighted like synth's persons."""
        return self.person()["phone"]
