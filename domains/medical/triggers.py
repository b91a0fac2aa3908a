"""What set an acute illness off (受凉后, 聚餐后, 班上同学感冒后), drawn per record from the grammar's `trigger`
distribution in hpi.grammar.

The onset sentence is rendered through a pool of POOL_SIZE derivations (text.py); a trigger baked into those 32
would recur at whatever share the pool happened to draw (a reader met 受凉后 in 35% of general-medicine notes).
Here each (group, who, care) key renders TRIGGER_DRAWS derivations of `trigger` alone at evenly spaced
uniforms, so a record's trigger follows the grammar's weights, and the onset template takes it as the slot {own}.
A symptom row that names its own trigger (symptom_triggers.tsv: 饮酒后 for gout) uses one of those instead.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from synth.grammar import uniform_source

from . import text
from .model import first_rows

TRIGGER_DRAWS = 256      # each trigger's share of a key is its grammar weight to 1/256
# Months without a cold spell (June-August): no 气温骤降后 or 天气转凉后 then (the grammar's season=cool triggers)
SUMMER_MONTHS = (6, 7, 8)
SEASONS = ("cool", "summer")


@lru_cache(maxsize=None)
def trigger_choices(key: tuple) -> tuple[str, ...]:
    g = text.grammar()
    env = dict(key)
    # `trigger` is one flat choice, so evenly spaced uniforms give each alternative its weight's share exactly
    return tuple(g.render("trigger", env, uniform_source([(j + 0.5) / TRIGGER_DRAWS])).text
                 for j in range(TRIGGER_DRAWS))


ALLERGEN_WORD = "海鲜"       # a seafood-allergic patient is not told to have fallen ill after eating seafood


def onset_triggers(cat, symptom: np.ndarray, group: tuple, who: np.ndarray, care: tuple, draw: np.ndarray,
                   u: np.ndarray, allergic: np.ndarray | None = None, months: np.ndarray | None = None) -> list[str]:
    """Per record the trigger clause before 出现: the row's own (one of its listed triggers), else, where `draw`
    (the row names no trigger in its text), one drawn from the grammar for its group, teller and childcare setting;
    else "". Where `allergic` (the past history's 对海鲜过敏), the next trigger without seafood is taken (a clinician
    met 进食海鲜后 beside that allergy). `group` and `care` are factorised columns: (codes, the label of each code).
    `months` (the visit's, 1-12) keeps cold-weather triggers out of the summer.
    """
    care_codes, care_labels = care
    # (keys by hash, no sort; the choices are gathered column-wise, the records with a row trigger or a seafood
    # allergy then taken one by one)
    group_codes, group_labels = np.asarray(group[0], dtype=np.int64), group[1]
    season = np.zeros(len(symptom), dtype=np.int64) if months is None else \
        np.isin(np.asarray(months), SUMMER_MONTHS).astype(np.int64)
    inverse, first = first_rows(((group_codes * 2 + np.asarray(who, dtype=np.int64)) * len(care_labels) + care_codes)
                                * len(SEASONS) + season)
    choices = np.array([trigger_choices((("care", care_labels[care_codes[f]]), ("group", str(group_labels[group_codes[f]])),
                                         ("season", SEASONS[season[f]]), ("who", ("患者", "患儿")[who[f]])))
                        for f in first.tolist()], dtype=object)
    pick = np.minimum((u * TRIGGER_DRAWS).astype(np.int64), TRIGGER_DRAWS - 1)
    symptom = np.asarray(symptom, dtype=np.int64)
    own = _own_rows(cat)[symptom]
    drawn = np.asarray(draw, dtype=bool) & ~own
    out = np.full(len(symptom), "", dtype=object)
    out[drawn] = choices.reshape(-1, TRIGGER_DRAWS)[inverse[drawn], pick[drawn]]
    out = out.tolist()
    rows = cat.symptom_trigger
    avoid = np.zeros(len(symptom), dtype=bool) if allergic is None else np.asarray(allergic, dtype=bool)
    for i, v, no_seafood in zip(np.flatnonzero(own).tolist(), u[own].tolist(), avoid[own].tolist()):
        listed = rows[symptom[i]]
        if no_seafood and len(listed) > 1:
            listed = tuple(t for t in listed if ALLERGEN_WORD not in t) or listed
        out[i] = listed[min(int(v * len(listed)), len(listed) - 1)]
    for i in np.flatnonzero(drawn & avoid).tolist():
        said = out[i]
        if ALLERGEN_WORD in said:
            k, j = inverse[i], pick[i]
            out[i] = next((t for t in choices[k][j:].tolist() + choices[k][:j].tolist() if ALLERGEN_WORD not in t), said)
    return out


@lru_cache(maxsize=4)
def _own_rows(cat) -> np.ndarray:
    """Per symptom row, whether it names its own triggers (symptom_triggers.tsv)."""
    return np.array([bool(t) for t in cat.symptom_trigger], dtype=bool)
