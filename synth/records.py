"""Single records by index: record i of a dataset without making the whole dataset.

The engine computes whole blocks of 1,024 records, so asking for one record costs its block. Hypothesis and
Faker ask for records one at a time at scattered indices; a small module-level cache of recent blocks (bounded,
least recently used first out) makes a run of a hundred examples cost a few blocks, not a hundred.

    >>> source = RecordSource("persons", seed=7)
    >>> source.record(3)["person_id"]
    'P0000000003'

A record equals row i of `synth.generate(domain, i + 1, seed=seed, **options)`. A record that breaks the domain's
rules on every attempt is None; its neighbours are still records i (made from their own ranges).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import pandas as pd

from .engine import generate_range, make_request
from .errors import SynthError
from .randomness import BLOCK_SIZE
from .registry import get_domain
from .schema import Domain

# 16 blocks: a few MB for persons, about 40 MB for medical records with their notes.
MAX_CACHED_BLOCKS = 16
_blocks: "OrderedDict[tuple, tuple[pd.DataFrame, bool, Domain]]" = OrderedDict()


class Record(dict):
    """A record (field -> value) that remembers where it came from, so a failing example can be replayed."""

    def __init__(self, values: dict, domain: str, seed: int, index: int, options: dict):
        super().__init__(values)
        self.domain, self.seed, self.index, self.options = domain, seed, index, options

    def replay(self) -> str:
        """The call that gives this record again."""
        options = "".join(f", {k}={v!r}" for k, v in self.options.items())
        return f"synth.generate({self.domain!r}, {self.index + 1}, seed={self.seed}{options}).iloc[{self.index}]"

    def __repr__(self) -> str:
        return f"<record {self.index} of {self.domain} (seed {self.seed}; {self.replay()}) {dict.__repr__(self)}>"

    def _repr_pretty_(self, printer, cycle) -> None:  # Hypothesis and IPython print examples with this
        printer.text(repr(self))


class RecordSource:
    """The records of one dataset (domain, seed, options, as_of), one at a time or in short runs.

    `size` is how many records the dataset has: options with exact quotas must add up to it, as they must add up
    to start + n for `synth.generate`. Options are checked here, so a bad one fails at once with a SynthError.
    """

    def __init__(self, domain: str | Domain, seed: int = 0, as_of: Any = None, size: int = 64 * BLOCK_SIZE,
                 **options):
        self.domain = get_domain(domain)
        self.request = make_request(self.domain, seed, 0, size, as_of, options)
        self.seed, self.size, self.options = int(seed), int(size), dict(options)
        # Parsed options identify the dataset (age=(30, 40) and age="30-40" are the same records).
        self._key = (self.domain.name, id(self.domain), self.request.seed, repr(sorted(self.request.options.items())),
                     self.request.as_of)

    def block(self, number: int) -> tuple[pd.DataFrame, bool]:
        """Block `number` as a frame, and whether it is whole (no record dropped, so row k is record k)."""
        key = (*self._key, number)
        if key in _blocks:
            _blocks.move_to_end(key)
        else:
            try:
                frame, report = generate_range(self.request, number * BLOCK_SIZE, (number + 1) * BLOCK_SIZE)
                whole = report.produced == BLOCK_SIZE
            except SynthError:  # a record of the block broke a rule on every attempt (an error, where the
                frame, whole = None, False  # engine refuses to drop records); its neighbours are made one by one
            # The domain is kept beside the frame so its id() in the key cannot be reused while it is cached.
            _blocks[key] = (frame, whole, self.domain)
            while len(_blocks) > MAX_CACHED_BLOCKS:
                _blocks.popitem(last=False)
        frame, whole, _ = _blocks[key]
        return frame, whole

    def record(self, index: int) -> Record | None:
        """Record `index`, or None if the domain's rules dropped it."""
        index = int(index)
        frame, whole = self.block(index // BLOCK_SIZE)
        if not whole:  # rare: rows have shifted, so make this record on its own
            try:
                frame, _ = generate_range(self.request, index, index + 1)
            except SynthError:
                return None
            if frame.empty:
                return None
            row = frame.iloc[0:1]
        else:
            row = frame.iloc[index % BLOCK_SIZE:index % BLOCK_SIZE + 1]
        # to_dict("records") gives Python ints, floats and strings, not NumPy scalars.
        return Record(row.to_dict("records")[0], self.domain.name, self.seed, index, self.options)

    def frame(self, start: int, n: int) -> pd.DataFrame:
        """Records [start, start + n) as `synth.generate(domain, n, seed=seed, start=start)` gives them."""
        first, last = start // BLOCK_SIZE, max(start + n - 1, start) // BLOCK_SIZE
        parts = [self.block(b) for b in range(first, last + 1)]
        if not all(whole for _, whole in parts):  # as synth.generate: fewer rows, or its error
            return generate_range(self.request, start, max(start + n, start + 1))[0].iloc[:n]
        whole = pd.concat([f for f, _ in parts], ignore_index=True) if len(parts) > 1 else parts[0][0]
        offset = start - first * BLOCK_SIZE
        return whole.iloc[offset:offset + n].reset_index(drop=True)


def clear_cache() -> None:
    _blocks.clear()
