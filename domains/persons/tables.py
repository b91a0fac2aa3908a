"""The persons domain as a table: one row per person, keyed by `person_id` (P + 10-digit record index)."""

from __future__ import annotations

import pandas as pd

from synth.tables.spec import Column as C, Table, Tables

PERSONS = Table("persons", (
    C("person_id", "id"),
    C("name", "text"),
    C("sex", "text"),
    C("birth_date", "date"),
    C("age", "int"),
    C("id_number", "id", doc="GB 11643 ID number"),
    C("phone", "id"),
    C("province", "text"),
    C("city", "text"),
    C("district", "text"),
    C("address", "text"),
    C("birth_province", "text"),
    C("birth_city", "text"),
    C("birth_district", "text"),
), primary_key=("person_id",), doc="synthetic people")


def split(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {"persons": frame}


TABLES = Tables("persons", (PERSONS,), split)
