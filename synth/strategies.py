"""Hypothesis strategies over synth's records: every example is a coherent record, and shrinking moves toward
small record indices.

    from hypothesis import given
    from synth import strategies as ss

    @given(ss.records("persons", age=(30, 40)))
    def test_age(person):
        assert 30 <= person["age"] <= 40

`records` draws a record index i in [0, size) from Hypothesis and returns record i of the dataset (domain,
seed, options): the same record `synth.generate(domain, i + 1, seed=seed, **options)` has in row i. A failing
example prints its index, seed and the call that gives it again. A domain is a name or a `synth.schema.Domain`;
recipes will be accepted wherever a domain is once synth has them.

Hypothesis is an optional dependency: `pip install 'synth[hypothesis]'`.
"""

from __future__ import annotations

from typing import Any

try:
    from hypothesis import strategies as st
except ImportError as error:  # one sentence, not a traceback into synth
    raise ImportError("synth.strategies needs Hypothesis, which is not installed: pip install 'synth[hypothesis]' "
                      "(or pip install hypothesis).") from error

import pandas as pd

from . import cards, dates, idcard
from .engine import DEFAULT_AS_OF
from .errors import SynthError
from .options import parse_date
from .randomness import BLOCK_SIZE
from .records import Record, RecordSource
from .schema import Domain

__all__ = ["records", "frames", "indices", "persons", "reviews", "medical", "id_numbers", "phones", "addresses",
           "bank_cards", "review_texts", "DEFAULT_SIZE"]

# Indices are drawn from [0, DEFAULT_SIZE): four blocks, so a run of 100 examples computes at most four blocks
# (about 5 s for reviews, the slowest domain, on the first run; the cache serves the rest).
DEFAULT_SIZE = 4 * BLOCK_SIZE


def indices(size: int) -> st.SearchStrategy[int]:
    """Record indices in [0, size), drawn as a bit length k and then an index below 2**k. Shrinking lowers k
    first, so it usually reaches the smallest failing index: a property failing for a quarter of the persons
    shrank to the first failing record under 956 of 1,000 Hypothesis seeds, a plain integers(0, size - 1) under
    160 (benchmarks/strategy_shrinking.py). An index of exactly length k reached it under 981 but drew from 1.95
    blocks of 1,024 in a run's first ten examples instead of 1.25; each block of reviews costs about 0.4 s, and
    Hypothesis fails a test whose first examples take more than a second. When shrinking stops short, the next
    run resumes from Hypothesis's example database."""
    bits = max(size - 1, 0).bit_length()
    return st.integers(0, bits).flatmap(lambda k: st.integers(0, min(2 ** k, size) - 1))


def records(domain: str | Domain, *, seed: int = 0, size: int = DEFAULT_SIZE, as_of: Any = None,
            **options) -> st.SearchStrategy[Record]:
    """Records of `domain` (a dict of field -> value) at indices drawn from [0, size)."""
    source = RecordSource(domain, seed=seed, as_of=as_of, size=size, **options)
    # A record the domain's rules dropped is None: Hypothesis discards that draw and draws another.
    return indices(size).map(source.record).filter(lambda record: record is not None)


def frames(domain: str | Domain, min_size: int = 0, max_size: int = 10, *, seed: int = 0, size: int = DEFAULT_SIZE,
           as_of: Any = None, **options) -> st.SearchStrategy[pd.DataFrame]:
    """DataFrames of min_size to max_size consecutive records [start, start + n) of `domain`, equal to
    `synth.generate(domain, n, seed=seed, start=start, **options)`; shrinks toward fewer rows from record 0."""
    if not 0 <= min_size <= max_size <= size:
        raise SynthError(f"frames needs 0 <= min_size <= max_size <= size, not {min_size}, {max_size} and {size}.")
    source = RecordSource(domain, seed=seed, as_of=as_of, size=size, **options)

    @st.composite
    def draw_frame(draw):
        n = draw(st.integers(min_size, max_size))
        start = draw(indices(size - n + 1))
        return source.frame(start, n)

    return draw_frame()


def persons(**options) -> st.SearchStrategy[Record]:
    """`records("persons", ...)`: name, sex, birth date, ID number, phone and address that agree."""
    return records("persons", **options)


def reviews(**options) -> st.SearchStrategy[Record]:
    """`records("reviews", ...)`: a review text with its sentiment, rating and aspect labels."""
    return records("reviews", **options)


def medical(**options) -> st.SearchStrategy[Record]:
    """`records("medical", ...)`: an outpatient visit, coherent from complaint to prescription."""
    return records("medical", **options)


# -- building blocks ----------------------------------------------------------------------------------------
# ID numbers, phones and cards are drawn part by part, so Hypothesis shrinks each part (the division, the birth
# date, the sequence) and explores edges a census-weighted record rarely shows: the X check character, 29 Feb.

def id_numbers(*, min_age: int = 0, max_age: int = 100, sex: str | None = None,
               as_of: Any = None) -> st.SearchStrategy[str]:
    """Valid GB 11643 ID numbers: a real division code, a real birth date giving an age in [min_age, max_age] at
    `as_of` (default synth's 2025-01-01, never today), a sequence of the right parity for `sex` (男/女)."""
    from synth.domains.persons import divisions

    day = parse_date(as_of) if as_of is not None else DEFAULT_AS_OF
    earliest, latest = dates.birth_window(day, min_age, max_age)
    codes = [int(c) for c in divisions().code]
    parities = {"男": [1], "女": [0], None: [0, 1]}[sex]

    @st.composite
    def draw_id(draw):
        code = draw(st.sampled_from(codes))
        born = draw(st.dates(earliest, latest))
        sequence = draw(st.integers(0, 499)) * 2 + draw(st.sampled_from(parities))
        return str(idcard.build([code], [born.year], [born.month], [born.day], [sequence])[0])

    return draw_id()


def phones() -> st.SearchStrategy[str]:
    """Mainland mobile numbers with a carrier prefix in use."""
    from synth.validators import mobile_prefixes

    prefixes = [int(p) for p in mobile_prefixes()]
    return st.builds(lambda prefix, rest: f"{prefix}{rest:08d}", st.sampled_from(prefixes), st.integers(0, 10**8 - 1))


def bank_cards(kind: str | None = None) -> st.SearchStrategy[str]:
    """UnionPay card numbers under a big bank's real BIN, with its length and a valid Luhn check digit;
    `kind` is "debit" or "credit". `synth.cards.issuer(number)` names the bank."""
    rows = cards.bin_table().rows(kind).tolist()
    return st.sampled_from(rows).flatmap(
        lambda row: st.integers(0, 10 ** cards.account_width(row) - 1).map(lambda a: cards.card_number(row, a)))


def addresses(**options) -> st.SearchStrategy[dict]:
    """A residence from the persons domain: province, city and district that form a real chain, and the address."""
    fields = ("province", "city", "district", "address")
    return persons(**options).map(lambda person: {f: person[f] for f in fields})


def review_texts(**options) -> st.SearchStrategy[dict]:
    """A review's text with its labels (category, sentiment, rating, aspects, aspect_sentiments)."""
    fields = ("text", "category", "sentiment", "rating", "aspects", "aspect_sentiments")
    return reviews(**options).map(lambda review: {f: review[f] for f in fields})
