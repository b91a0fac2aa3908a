"""How a domain declares its records as related tables: columns with types and nullability, keys, and a split.

A shipped domain's package may hold a module `tables.py` exposing `TABLES` (a domain of another package sets
`DOMAIN.tables = TABLES`), a `Tables`: the tables in load order (every
table after the tables its foreign keys name) and `split(frame) -> {table: DataFrame}`, which cuts one batch of
the domain's records into rows of each table.

Keys are made from the record or entity index (`visit_id` MR0000000042, `customer_id` C000000007), so tables
made in separate runs, by any number of workers or from any `--start` join correctly. An entity that many
records share (a merchant, an account's customer) is an `entity` table: a batch may repeat its rows, and the
stream keeps the first row of each key (every row of one key is the same, as the entity's values are a function
of its index); a load that appends to existing tables skips keys already there.

Column types are logical; `sql.py` maps them to each database's own:
  id         a short identifier (a key)          text     Chinese or other text
  int        a whole number                     float    a measurement
  money      CNY with two decimals               bool     true or false
  date       a calendar day (ISO text in frames) timestamp a local time to the second (ISO text in frames)
  json       JSON text (lists and dicts of the flat records)
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import SynthError

TYPES = ("id", "text", "int", "float", "money", "bool", "date", "timestamp", "json")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool = False
    doc: str = ""

    def __post_init__(self):
        if self.type not in TYPES:
            raise ValueError(f"column {self.name!r} has unknown type {self.type!r}; the types are {TYPES}")


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    entity: bool = False   # rows shared by many records: deduplicated by primary key
    doc: str = ""

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


@dataclass(frozen=True)
class Tables:
    domain: str
    tables: tuple[Table, ...]
    split: Callable[[pd.DataFrame], dict[str, pd.DataFrame]] = field(repr=False)

    def __post_init__(self):
        seen: dict[str, Table] = {}
        for table in self.tables:
            names = table.column_names
            for key in table.primary_key:
                if key not in names or table.column(key).nullable:
                    raise ValueError(f"primary key {key!r} of {table.name!r} is not a non-null column")
            for fk in table.foreign_keys:
                if fk.table not in seen:
                    raise ValueError(f"table {table.name!r} refers to {fk.table!r}, which is not declared before it")
                if tuple(seen[fk.table].primary_key) != fk.references:
                    raise ValueError(f"{table.name!r} refers to {fk.table}{fk.references}, not its primary key")
                missing = [c for c in fk.columns if c not in names]
                if missing:
                    raise ValueError(f"foreign key column {missing[0]!r} is not a column of {table.name!r}")
            seen[table.name] = table

    def __getitem__(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.tables]

    def as_dict(self) -> dict[str, Any]:
        """The schema file's content: every table's columns, keys and meaning."""
        return {"domain": self.domain, "tables": [{
            "name": t.name, "doc": t.doc, "entity": t.entity, "primary_key": list(t.primary_key),
            "foreign_keys": [{"columns": list(fk.columns), "table": fk.table, "references": list(fk.references)}
                             for fk in t.foreign_keys],
            "columns": [{"name": c.name, "type": c.type, "nullable": c.nullable, "doc": c.doc} for c in t.columns],
        } for t in self.tables]}


def tables_of(domain) -> Tables:
    """The table view of a domain (`domain.tables`, or a shipped domain's `tables.TABLES`), or one sentence
    saying it has none."""
    if isinstance(getattr(domain, "tables", None), Tables):   # a domain of another package sets it
        return domain.tables
    module_name = f"synth.domains.{domain.name}.tables"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise
        module = None
    if module is None or not hasattr(module, "TABLES"):
        raise SynthError(f"Domain {domain.name!r} has no table view; --tables, SQL output and database loading "
                         "work for domains that declare their tables (medical, transactions, dialogues, persons).")
    return module.TABLES


# -- helpers the domains' split functions share ----------------------------------------------------------------

def json_text(values) -> list:
    """Lists and dicts as compact JSON text, Chinese kept readable; None stays None."""
    return [None if v is None else json.dumps(_plain(v), ensure_ascii=False, separators=(",", ":")) for v in values]


def _plain(value):
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def empty_as_null(values) -> pd.Series:
    """An optional text column of the flat records ("" for none) with None for none, as a nullable key needs."""
    series = pd.Series(values, dtype=object)
    return series.where(series != "", None)


def explode(keys, lists, fields: dict[str, str]) -> pd.DataFrame:
    """One row per element of each record's list: the record's key, the element's 1-based position `seq`, and
    `fields` (column name -> the element's key) read from each element (a dict)."""
    lengths = np.fromiter((len(items) for items in lists), dtype=np.int64, count=len(lists))
    owner = np.repeat(np.asarray(keys, dtype=object), lengths)
    seq = np.concatenate([np.arange(1, n + 1) for n in lengths]) if len(lengths) else np.zeros(0, np.int64)
    items = [item for record in lists for item in record]
    frame = {"seq": seq.astype(np.int64)}
    for column, item_key in fields.items():
        frame[column] = [item.get(item_key) for item in items]
    return pd.DataFrame({"owner": owner, **frame})


# -- Arrow: the typed form the Parquet files and the databases get ----------------------------------------------

ARROW_TYPES = {"id": pa.string(), "text": pa.string(), "int": pa.int64(), "float": pa.float64(),
               "money": pa.float64(), "bool": pa.bool_(), "date": pa.date32(), "timestamp": pa.timestamp("s"),
               "json": pa.string()}


def arrow_table(table: Table, frame: pd.DataFrame, temporal_as_text: bool = False) -> pa.Table:
    """A table's rows as Arrow with the declared types (dates and times as ISO text when `temporal_as_text`:
    SQLite keeps them so)."""
    arrays, fields = [], []
    for column in table.columns:
        values = frame[column.name]
        target = ARROW_TYPES[column.type]
        if column.type in ("date", "timestamp"):
            text = pa.array(values, pa.string(), from_pandas=True)
            if temporal_as_text:
                array, target = text, pa.string()
            elif column.type == "date":
                array = pc.cast(pc.strptime(text, "%Y-%m-%d", "s"), pa.date32())
            else:
                array = pc.strptime(text, "%Y-%m-%dT%H:%M:%S", "s")
        else:
            array = pa.array(values, target, from_pandas=True)
        arrays.append(array)
        fields.append(pa.field(column.name, target, nullable=column.nullable))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))
