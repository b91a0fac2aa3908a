"""What a parent is told to do at home, by the child's diagnosis (plan.grammar `advice.{who}.{care}`).

A clinician reader found one wording of the under-3 advice (注意观察精神、吃奶及尿量 …) for every diagnosis but skin
and eye: a feverish cold, a bronchiolitis, a diarrhoea and an otitis each need their own home care and their own
signs to come back for (NICE NG143 safety-netting for fever; WHO/ESPGHAN for diarrhoea; AAP 2013 for otitis media;
儿童社区获得性肺炎诊疗规范 2019 for pneumonia; 手足口病诊疗指南 2018 for HFMD and herpangina). The grammar words
them; this module only says which kind of care each visit is.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .data import PAEDIATRIC_AGE

CARE_OF = {"uri": "fever", "influenza": "fever", "acute_bronchitis": "cough", "pneumonia": "chest",
           "tonsillitis": "throat", "acute_gastroenteritis": "diarrhoea", "infantile_diarrhoea": "diarrhoea",
           "otitis_media": "ear", "hfmd": "mouth", "herpangina": "mouth", "uti": "urine", "ida": "iron",
           "eczema": "skin", "conjunctivitis": "eye"}
# an ear already running is kept clean and dry, and watched for more discharge, not told to come back if it runs
CARES = ("none",) + tuple(dict.fromkeys(CARE_OF.values())) + ("ear_running",)


@lru_cache(maxsize=4)
def _codes(cat) -> np.ndarray:
    return np.array([CARES.index(CARE_OF.get(k, "none")) for k in cat.keys], dtype=np.int64)


def care_column(cat, primary: np.ndarray, age: np.ndarray, running: np.ndarray | None = None
                ) -> tuple[np.ndarray, tuple[str, ...]]:
    """A batch_pools key column: each child's kind of home care, `none` for adults; with `running` (per record,
    the history tells a running ear) an otitis that runs is `ear_running`."""
    codes = _codes(cat)[primary]
    if running is not None:
        codes = np.where((codes == CARES.index("ear")) & np.asarray(running, dtype=bool), CARES.index("ear_running"),
                         codes)
    return np.where(np.asarray(age) < PAEDIATRIC_AGE, codes, 0), CARES
