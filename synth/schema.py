"""How a domain is declared: fields (a dependency graph), options, and consistency rules.

A domain module builds one `Domain` and decorates its field samplers:

    persons = Domain("persons", "Coherent Chinese identities")

    @persons.field("sex", dtype="str", doc="男 or 女")
    def sex(ctx):
        return Categorical(["男", "女"], [0.51, 0.49]).sample(ctx.rng)

    @persons.field("age", parents=("birth_date",), dtype="int")
    def age(ctx, birth_date): ...

A sampler receives a `FieldContext` and its parents' columns (in `parents` order) and returns one value per
record. Fields are evaluated in dependency order, not declaration order; declaration order is output order.
Hidden fields are intermediate columns other fields depend on but the output does not show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field as dataclass_field
from functools import cached_property
from typing import Any, Callable, Iterable

import numpy as np

from .distributions import exact_quota
from .errors import SynthError
from .options import Option
from .randomness import BLOCK_SIZE, BlockRandom, stream_key


@dataclass(frozen=True)
class Field:
    name: str
    sampler: Callable[..., Any]
    parents: tuple[str, ...] = ()
    dtype: str = "str"
    doc: str = ""
    hidden: bool = False
    optional: bool = False      # empty by design on some records (no merchant on a transfer): not "missing"
    repeats: bool = False       # a text whose values recur by nature (a statement line): no duplicate-text gate
    role: str | None = None     # `synth check`'s role when the content would mislead it ("identifier": never compared)
    per: str | None = None      # the entity field whose records share or cluster this value (account_id): the
                                # distribution gates compare one record per entity, not rows that are not independent


@dataclass(frozen=True)
class Rule:
    """A consistency rule: `check(columns, options) -> bool array`, True where the record obeys it."""

    name: str
    doc: str
    fields: tuple[str, ...]
    check: Callable[[dict[str, np.ndarray], dict[str, Any]], np.ndarray]


@dataclass
class FieldContext:
    """What a sampler may use: its own random streams, the record indices, the options and `as_of`."""

    seed: int
    domain: str
    field: str
    first_block: int
    n_blocks: int
    options: dict[str, Any]
    as_of: dt.date
    total: int
    attempt: int = 0
    _streams: dict[str, BlockRandom] = dataclass_field(default_factory=dict)

    @property
    def size(self) -> int:
        return self.n_blocks * BLOCK_SIZE

    @cached_property
    def index(self) -> np.ndarray:
        """Global record index of each row in the batch."""
        start = self.first_block * BLOCK_SIZE
        return np.arange(start, start + self.size, dtype=np.int64)

    def key(self, sub: str = "") -> tuple[int, int]:
        """The 128-bit key of this field's stream (or a named sub-stream) for this attempt."""
        name = f"{self.field}.{sub}" if sub else self.field
        return stream_key(self.seed, self.domain, name, self.attempt)

    def dataset_key(self, sub: str = "") -> tuple[int, int]:
        """A key that is the same in every regeneration attempt: exact quotas are fixed per dataset."""
        name = f"{self.field}.{sub}" if sub else self.field
        return stream_key(self.seed, self.domain, name, 0)

    def quota(self, counts: dict[str, int], sub: str = "") -> np.ndarray:
        """Labels with exact counts over the dataset; a record keeps its label when it is regenerated."""
        return exact_quota(self.index, counts, self.dataset_key(sub))

    def stream(self, sub: str = "") -> BlockRandom:
        """An independent random stream for this field; sub-streams let a field add draws without shifting others."""
        if sub not in self._streams:
            self._streams[sub] = BlockRandom(self.key(sub), self.first_block, self.n_blocks)
        return self._streams[sub]

    @property
    def rng(self) -> BlockRandom:
        return self.stream("")


def _no_sampler(ctx, *parents):
    raise RuntimeError(f"field {ctx.domain}.{ctx.field} is made by its domain's producer, not by a sampler")


class Domain:
    """A named set of fields, options and rules; see the module docstring."""

    def __init__(self, name: str, summary: str, options: Iterable[Option] = (), max_attempts: int = 8):
        self.name = name
        self.summary = summary
        self.options: dict[str, Option] = {o.name: o for o in options}
        self.fields: dict[str, Field] = {}
        self.rules: list[Rule] = []
        self.max_attempts = max_attempts
        self.validate_request: Callable[[dict[str, Any], int, int], None] | None = None
        self.extra_formats: dict[str, Callable] = {}
        # How a worker process rebuilds a domain that no registry knows by name (a recipe's schema):
        # ("module:function", args), the function returning this Domain. None: found by name.
        self.portable: tuple[str, tuple] | None = None
        # A domain whose records are sequences of an entity (an account's transactions) makes its rows itself:
        # `producer(request, start, stop) -> {field: column}` for exactly the records [start, stop). See
        # `rows` below and docs/domains.md ("Domains of sequences").
        self.producer: Callable[[Any, int, int], dict[str, np.ndarray]] | None = None
        # Checks of a whole dataset rather than of each record (a domain's statistics, the shape of patterns that
        # span records): `check(frame, options) -> list[synth.quality.report.Finding]`, run by `synth check`.
        self.dataset_checks: list[Callable[[Any, dict[str, Any]], list]] = []

    # -- declaration -------------------------------------------------------------------------------------------
    def field(self, name: str, *, parents: tuple[str, ...] = (), dtype: str = "str", doc: str = "",
              hidden: bool = False, optional: bool = False, repeats: bool = False, role: str | None = None,
              per: str | None = None):
        def register(sampler):
            if name in self.fields:
                raise ValueError(f"field {name!r} is declared twice in domain {self.name!r}")
            self.fields[name] = Field(name, sampler, tuple(parents), dtype, doc, hidden, optional, repeats, role, per)
            self.__dict__.pop("evaluation_order", None)
            return sampler
        return register

    def produced_field(self, name: str, *, dtype: str = "str", doc: str = "", optional: bool = False,
                       repeats: bool = False, role: str | None = None, per: str | None = None) -> None:
        """Declare an output field of a domain that makes its rows with a producer (`rows`): the field has a
        name, a type and a meaning for `describe`, `check` and the writers' column order, but no sampler."""
        if name in self.fields:
            raise ValueError(f"field {name!r} is declared twice in domain {self.name!r}")
        self.fields[name] = Field(name, _no_sampler, (), dtype, doc, False, optional, repeats, role, per)
        self.__dict__.pop("evaluation_order", None)

    def rows(self, producer: Callable[[Any, int, int], dict[str, np.ndarray]]):
        """Register `producer(request, start, stop)` that makes the columns of records [start, stop) itself.

        For domains whose entity is not the record: an account and its transactions, where record i is the k-th
        transaction of some account. The producer owns the promises the engine keeps for field domains (a pure
        function of the seed and the record index; any cut of [start, stop) gives the same rows). The engine still
        checks every rule on every record, but it cannot regenerate one record of a sequence alone: a record that
        breaks a rule is a bug in the producer and stops generation with an error naming the rule."""
        self.producer = producer
        return producer

    def rule(self, name: str, doc: str, fields: tuple[str, ...]):
        def register(check):
            self.rules.append(Rule(name, doc, tuple(fields), check))
            return check
        return register

    def request_check(self, check: Callable[[dict[str, Any], int, int], None]):
        """Register `check(options, start, stop)` that rejects impossible requests (e.g. quotas vs n)."""
        self.validate_request = check
        return check

    # -- introspection -----------------------------------------------------------------------------------------
    @property
    def output_fields(self) -> list[str]:
        return [f.name for f in self.fields.values() if not f.hidden]

    @cached_property
    def evaluation_order(self) -> list[str]:
        order: list[str] = []
        state: dict[str, int] = {}

        def visit(name: str, path: tuple[str, ...]):
            if state.get(name) == 2:
                return
            if state.get(name) == 1:
                raise ValueError(f"fields of domain {self.name!r} depend on each other in a cycle: {' -> '.join(path + (name,))}")
            if name not in self.fields:
                raise ValueError(f"field {path[-1]!r} of domain {self.name!r} depends on unknown field {name!r}")
            state[name] = 1
            for parent in self.fields[name].parents:
                visit(parent, path + (name,))
            state[name] = 2
            order.append(name)

        for name in self.fields:
            visit(name, ())
        return order

    # -- options -----------------------------------------------------------------------------------------------
    def parse_options(self, raw: dict[str, Any]) -> dict[str, Any]:
        unknown = [k for k in raw if k not in self.options]
        if unknown:
            known = ", ".join(self.options) or "none"
            raise SynthError(f"Domain {self.name!r} has no option {unknown[0]!r} (its options: {known}).")
        parsed = {}
        for name, option in self.options.items():
            value = raw.get(name, option.default)
            try:
                parsed[name] = option.parse(value)
            except (ValueError, TypeError) as error:
                raise SynthError(f"Option {name}={value} of domain {self.name!r} is invalid: {error}.") from None
        return parsed
