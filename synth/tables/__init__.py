"""Relational views of the domains: related tables with keys (`spec`), written as files or SQL (`files`, `sql`)
or loaded into SQLite, DuckDB or PostgreSQL (`load`). `synth generate DOMAIN --tables` is the command (`command`);
`generate_tables` is the same rows in Python.
"""

from __future__ import annotations

import pandas as pd


def generate_tables(domain, n: int, seed: int = 0, start: int = 0, as_of=None, workers: int = 1,
                    **options) -> dict[str, pd.DataFrame]:
    """Records [start, start + n) of `domain` as its related tables, one DataFrame each (the rows `synth generate
    DOMAIN --tables` writes; dates and times as ISO text, JSON columns as text)."""
    from ..api import stream
    from ..registry import get_domain
    from .spec import tables_of
    from .stream import TableStream

    domain = get_domain(domain)
    tables = tables_of(domain)
    batches = list(TableStream(tables, stream(domain, n, seed=seed, start=start, as_of=as_of, workers=workers,
                                              **options)))
    return {name: pd.concat([b[name] for b in batches], ignore_index=True) for name in tables.names}
