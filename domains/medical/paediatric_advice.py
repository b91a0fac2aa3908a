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
CARES = ("none",) + tuple(dict.fromkeys(CARE_OF.values()))


@lru_cache(maxsize=4)
def _codes(cat) -> np.ndarray:
    return np.array([CARES.index(CARE_OF.get(k, "none")) for k in cat.keys], dtype=np.int64)


def care_column(cat, primary: np.ndarray, age: np.ndarray) -> tuple[np.ndarray, tuple[str, ...]]:
    """A batch_pools key column: each child's kind of home care, `none` for adults."""
    return np.where(np.asarray(age) < PAEDIATRIC_AGE, _codes(cat)[primary], 0), CARES
