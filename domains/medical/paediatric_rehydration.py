"""A dehydrated child is rehydrated under observation, not sent home with a volume to drink (WHO plan B; ESPGHAN
2014; 儿童急性感染性腹泻病诊疗规范 2020).

The model has two grades for a child's diarrhoea visit (rehydration.py decides which): no dehydration — the salts
after each loose stool at home (WHO plan A) — and some (moderate) dehydration, which the record shows together: a
fast heart (at or above the age's mean + 2 SD, vitals.tsv), dry lips, sunken eyes or slack skin in the examination
(rehydration.DEHYDRATION_SIGNS) and reduced urine in the history. Moderate dehydration is treated with 50 ml/kg of
oral rehydration salts over 4 hours in the clinic under observation, reassessed at 4 hours, and changed to
intravenous fluids if vomiting prevents drinking or the child worsens (plan B). Severe dehydration or shock is
intravenous fluids and admission (plan C); an outpatient record here is never that ill. A clinician reader met a
tachycardic gastroenteritis given the salts to drink at home.

Rule `dehydrated_child_rehydrated_under_observation` reads the examination's signs, the pulse, the history's urine
and the plan's observation sentence back.
"""

from __future__ import annotations

import numpy as np

TACHYCARDIA_SD = 2.0             # a dehydrated child's pulse is at least the age's mean + this many SD
OBSERVED_MARK = "门诊观察"        # the plan's sentence says where the salts are drunk …
IV_MARK = "静脉补液"              # … and what follows if they cannot be
NORMAL_URINE = ("小便正常", "尿量可", "大小便正常", "二便如常", "尿量正常")


def tachycardia_floor(mean: np.ndarray, sd: np.ndarray) -> np.ndarray:
    return np.ceil(np.asarray(mean) + TACHYCARDIA_SD * np.asarray(sd))


def observed_rehydration(child: np.ndarray, dehydrated: np.ndarray, heart_rate: np.ndarray, floor: np.ndarray,
                         history: list[str], notes: list[str], says: np.ndarray) -> np.ndarray:
    """Per record (`says`: its plan says OBSERVED_MARK): a child whose examination shows dehydration has a fast
    pulse, no normal urine in the history and the observed-rehydration sentence (with IV_MARK) in the plan of its
    note; no other plan says OBSERVED_MARK."""
    shows = np.asarray(child) & np.asarray(dehydrated)
    fits = np.zeros(len(notes), dtype=bool)
    for i in np.flatnonzero(shows).tolist():      # the few dehydrated children: their plan, urine and pulse
        plan = notes[i][notes[i].rfind("处理："):]
        fits[i] = IV_MARK in plan and not any(w in history[i] for w in NORMAL_URINE)
    fits &= says & (np.asarray(heart_rate) >= floor)
    return np.where(shows, fits, ~says)
