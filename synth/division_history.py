"""The region codes an ID number could carry: a number keeps the division code it was first issued with, so a
person born before their county was created or recoded carries the code of that time (临安市 330185 before
临安区 330112 in 2017). The codes come from lexicons/persons/division_history.tsv; the issue year is modelled here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

FIRST_ISSUE = 1984      # the first resident ID cards (15 digits) were issued from 1984
ROLLOUT_DONE = 1991     # by when every adult held one
BIRTH_NUMBERS = 1999    # GB 11643-1999: from then on the number is given at birth registration
CARD_AGE = 16           # the age at which the card (and before 1999 the number) is first issued
LAST_YEAR = 2100        # `until` of a code still in use


def issue_years(birth_years: np.ndarray) -> np.ndarray:
    """The year a person's ID number was first issued (our model): adults at the 1985 roll-out, the young at 16
    until numbers were given at birth registration (1999), and since then at birth."""
    born = np.asarray(birth_years, dtype=np.int64)
    return np.maximum(FIRST_ISSUE + 1, np.minimum(born + CARD_AGE, np.maximum(born, BIRTH_NUMBERS)))


def issue_window(birth_years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The earliest and latest year a real number could have been issued: not before birth nor 1984, and by 16 or
    the end of the roll-out. Wider than `issue_years`, so a validator accepts what other issuing habits give."""
    born = np.asarray(birth_years, dtype=np.int64)
    return np.maximum(born, FIRST_ISSUE), np.maximum(born + CARD_AGE, ROLLOUT_DONE)


@dataclass(frozen=True)
class History:
    key: np.ndarray         # sorted current_code * 10**6 + id_code, one entry per span
    since: np.ndarray       # first year an ID issued then carries id_code, per span
    until: np.ndarray       # the year the next code took over (exclusive)
    id_codes: np.ndarray    # every code an ID may carry: current ones and former ones, sorted


@lru_cache(maxsize=1)
def history() -> History:
    """Spans of (current division, code its IDs carry): its former codes, and its current one in the other years."""
    from .resources import read_table

    table = read_table("persons", "division_history.tsv")
    current = read_table("persons", "divisions.tsv")["code"].astype(np.int64).to_numpy()
    code, former = (table[c].astype(np.int64).to_numpy() for c in ("code", "former_code"))
    start, until = (table[c].astype(np.int64).to_numpy() for c in ("from", "until"))
    # a current code is issued in every year no former code covers: from when it came into use, or where the
    # tables do not say what the territory was coded before (the divisions the README lists as not covered)
    years = np.arange(FIRST_ISSUE, LAST_YEAR + 1)
    covered = np.zeros((len(current), len(years)), dtype=bool)
    order = np.argsort(current)
    at = order[np.searchsorted(current, code, sorter=order)]
    for division, first, last in zip(at, start, until):
        covered[division, first - FIRST_ISSUE:last - FIRST_ISSUE] = True
    edges = np.diff(np.pad(~covered, ((0, 0), (1, 1))).astype(np.int8), axis=1)
    own_division, own_start = np.nonzero(edges == 1)
    _, own_end = np.nonzero(edges == -1)
    key = np.concatenate([code * 10**6 + former, current[own_division] * 10**6 + current[own_division]])
    since = np.concatenate([start, years[own_start]])
    end = np.concatenate([until, np.append(years, LAST_YEAR + 1)[own_end]])
    by_key = np.argsort(key, kind="stable")
    return History(key[by_key], since[by_key], end[by_key], np.union1d(current, former))


def issued_code_table(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """For divisions with current `codes`: (choices[division, year - FIRST_ISSUE, k], counts[division, year], years)
    the codes an ID issued that year carries (several where the county was made from several); the last year
    column stands for every later year."""
    h = history()
    codes = np.asarray(codes, dtype=np.int64)
    years = int(h.since.max()) - FIRST_ISSUE + 1
    current, carried = h.key // 10**6, h.key % 10**6
    order = np.argsort(codes, kind="stable")
    division = order[np.clip(np.searchsorted(codes, current, sorter=order), 0, len(codes) - 1)]
    mine = codes[division] == current
    division, carried, since, until = division[mine], carried[mine], h.since[mine], h.until[mine]
    year = FIRST_ISSUE + np.arange(years)
    live = (since[:, None] <= year) & (year < until[:, None])        # (span, year)
    # number the live spans of each division in each year 0, 1, 2 …: spans sorted by division, running counts
    by_division = np.argsort(division, kind="stable")
    division, carried, live = division[by_division], carried[by_division], live[by_division]
    running = np.cumsum(live, axis=0)
    first = np.searchsorted(division, division, "left")
    slot = running - np.where(first[:, None] > 0, running[np.maximum(first - 1, 0)], 0) - 1
    span, at = np.nonzero(live)
    width = int(slot[span, at].max()) + 1
    choices = np.zeros((len(codes), years, width), dtype=np.int32)
    counts = np.zeros((len(codes), years), dtype=np.int64)
    choices[division[span], at, slot[span, at]] = carried[span]
    np.add.at(counts, (division[span], at), 1)
    return choices, counts, years


def carried(current: np.ndarray, id_code: np.ndarray, birth_years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(ever, timely): whether an ID of a person born in the division now coded `current` may carry `id_code` at
    all (its current code, or a former code of its territory), and whether it may for a number issued in the
    `issue_window` of `birth_years` (-1: unknown year, any time will do)."""
    h = history()
    key = np.asarray(current, dtype=np.int64) * 10**6 + np.asarray(id_code, dtype=np.int64)
    born = np.asarray(birth_years, dtype=np.int64)
    earliest, latest = issue_window(born)
    first = np.searchsorted(h.key, key)
    ever = np.zeros(len(key), dtype=bool)
    timely = np.zeros(len(key), dtype=bool)
    pending = np.arange(len(key))
    step = 0
    while len(pending):     # a key has a few spans at most (a code used twice over the years)
        span = first[pending] + step
        inside = span < len(h.key)
        pending, span = pending[inside], span[inside]
        match = h.key[span] == key[pending]
        pending, span = pending[match], span[match]
        ever[pending] = True
        timely[pending] |= (born[pending] < 0) | ((h.since[span] <= latest[pending]) & (earliest[pending] < h.until[span]))
        step += 1
    return ever, timely


def carries(current: np.ndarray, id_code: np.ndarray, birth_years: np.ndarray | None = None) -> np.ndarray:
    """True where an ID of a person born in the division now coded `current` may carry `id_code`: its current code
    once in use, or a former code of its territory in use while the number could have been issued (any time
    when `birth_years` is not given)."""
    unknown = np.full(len(np.asarray(current)), -1) if birth_years is None else birth_years
    return carried(current, id_code, unknown)[1]
