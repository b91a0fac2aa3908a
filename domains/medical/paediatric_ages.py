"""The youngest age, in months, at which a child's visit may be for each condition (paediatric_age_floors.tsv).

conditions.tsv gives whole years; a few conditions are rare in the first months of life although possible in the
first year: acute otitis media under 6 months (most from 6 months to 3 years), hand, foot and mouth disease and
herpangina while maternal antibodies last, iron-deficiency anaemia before the birth stores run out at about 6
months, infant eczema from the first month. A clinician reader met otitis media at 1 month. The plan draws a visit's
reason only from conditions the child has reached (model.plan_visits), and rule `diagnoses_fit_age_in_months`
reads the floors back from birth and visit dates.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from synth.resources import read_table


@lru_cache(maxsize=4)
def floors(cat) -> np.ndarray:
    """Per condition, the minimum age in months (its conditions.tsv age_min in months where the table is silent)."""
    out = np.asarray(cat.age_min, dtype=float) * 12
    for key, months in read_table("medical", "paediatric_age_floors.tsv")[["key", "min_months"]].itertuples(
            index=False):
        c = cat.index[key]          # an unknown key is a table error: KeyError names it
        if float(months) < out[c]:
            raise ValueError(f"paediatric_age_floors.tsv: {key} from {months} months is below its age_min")
        out[c] = float(months)
    return out


def reached(cat, months: np.ndarray) -> np.ndarray:
    """(records, conditions): whether the child has reached each condition's floor (always from 14 years)."""
    return np.asarray(months, dtype=float)[:, None] >= floors(cat)[None, :]
