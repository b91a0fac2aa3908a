"""Which visits auscultate the lungs: every respiratory (ICD-10 chapter J) or febrile visit (a cold, tonsillitis,
herpangina, otitis ...). A clinician listens to the chest of every coughing or feverish patient; a reader found
the lungs missing in half of the colds, filled out with 双下肢无水肿 instead."""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from .data import catalogue

# normal-exam lines that only fill space in such a visit (oedema of the legs, the spine in a cold)
IRRELEVANT_IN_LUNG_VISITS = ("legs", "spine")


@lru_cache(maxsize=1)
def lung_examined_conditions() -> np.ndarray:
    """Per condition, whether a visit for it examines the lungs."""
    cat = catalogue()
    return np.array([code.startswith("J") for code in cat.code.tolist()]) | cat.fever
