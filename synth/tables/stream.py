"""Batches of a domain's records as batches of its tables, shared entities kept once.

Splitting happens in the main process, in record order, so the rows of every table are the same for any number
of workers and any batch size: an entity's row appears in the batch of the first record that names it.
"""

from __future__ import annotations

from typing import Iterator

import pandas as pd

from .spec import Tables


class TableStream:
    def __init__(self, tables: Tables, batches):
        self.tables = tables
        self.batches = batches   # an api.BatchStream
        self._seen: dict[str, set] = {t.name: set() for t in tables.tables if t.entity}
        self.rows = {name: 0 for name in tables.names}

    def __iter__(self) -> Iterator[dict[str, pd.DataFrame]]:
        for frame in self.batches:
            yield self.split(frame)

    def split(self, frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
        parts = self.tables.split(frame)
        out = {}
        for table in self.tables.tables:
            part = parts[table.name][table.column_names].reset_index(drop=True)
            if table.entity:
                part = self._first_sightings(table, part)
            out[table.name] = part
            self.rows[table.name] += len(part)
        return out

    def _first_sightings(self, table, part: pd.DataFrame) -> pd.DataFrame:
        keys = list(table.primary_key)
        part = part.drop_duplicates(subset=keys, keep="first")
        seen = self._seen[table.name]
        key_values = list(zip(*(part[k] for k in keys))) if len(keys) > 1 else list(part[keys[0]])
        fresh = [k not in seen for k in key_values]
        seen.update(k for k, new in zip(key_values, fresh) if new)
        return part[fresh].reset_index(drop=True)
