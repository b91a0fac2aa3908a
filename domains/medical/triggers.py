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

TRIGGER_DRAWS = 256      # each trigger's share of a key is its grammar weight to 1/256


@lru_cache(maxsize=None)
def trigger_choices(key: tuple) -> tuple[str, ...]:
    g = text.grammar()
    env = dict(key)
    # `trigger` is one flat choice, so evenly spaced uniforms give each alternative its weight's share exactly
    return tuple(g.render("trigger", env, uniform_source([(j + 0.5) / TRIGGER_DRAWS])).text
                 for j in range(TRIGGER_DRAWS))


ALLERGEN_WORD = "海鲜"       # a seafood-allergic patient is not told to have fallen ill after eating seafood


def onset_triggers(cat, symptom: np.ndarray, group: np.ndarray, who: np.ndarray, care: tuple, draw: np.ndarray,
                   u: np.ndarray, allergic: np.ndarray | None = None) -> list[str]:
    """Per record the trigger clause before 出现: the row's own (one of its listed triggers), else, where `draw`
    (the row names no trigger in its text), one drawn from the grammar for its group, teller and childcare setting;
    else "". Where `allergic` (the past history's 对海鲜过敏), the next trigger without seafood is taken (a clinician
    met 进食海鲜后 beside that allergy)."""
    care_codes, care_labels = care
    group_labels, group_codes = np.unique(np.asarray(group, dtype=str), return_inverse=True)
    combined = (group_codes * 2 + who) * len(care_labels) + care_codes
    _, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
    choices = [trigger_choices((("care", care_labels[care_codes[f]]), ("group", str(group_labels[group_codes[f]])),
                                ("who", ("患者", "患儿")[who[f]]))) for f in first.tolist()]
    pick = np.minimum((u * TRIGGER_DRAWS).astype(np.int64), TRIGGER_DRAWS - 1).tolist()
    rows = cat.symptom_trigger
    avoid = np.zeros(len(symptom), dtype=bool) if allergic is None else np.asarray(allergic, dtype=bool)
    out = []
    for r, k, j, v, drawn, no_seafood in zip(symptom.tolist(), inverse.reshape(-1).tolist(), pick, u.tolist(),
                                             draw.tolist(), avoid.tolist()):
        listed = rows[r]
        if listed:
            if no_seafood and len(listed) > 1:
                listed = tuple(t for t in listed if ALLERGEN_WORD not in t) or listed
            out.append(listed[min(int(v * len(listed)), len(listed) - 1)])
        elif not drawn:
            out.append("")
        else:
            said = choices[k][j]
            if no_seafood and ALLERGEN_WORD in said:
                said = next((t for t in choices[k][j:] + choices[k][:j] if ALLERGEN_WORD not in t), said)
            out.append(said)
    return out
