"""Where an eczema's skin lesions are: the examination names the site its complaint names.

An attending (issue 18, seed 73129) met 皮损处可见红斑及抓痕 after 全身散在红色丘疹: a skin examination states the site
and the morphology. The site is read from the complaint (面部红斑伴瘙痒 -> 面部); a complaint that names none
(皮肤瘙痒伴皮疹) is examined on the trunk and limbs, eczema's commonest spread.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

SLOT = "{site}"
# longest first: 面颈部 before 面部 and 颈部
SITES = ("颈部及肘窝", "面颈部", "面部", "肘窝", "双手", "手足", "躯干", "四肢", "小腿", "全身")
UNNAMED_SITE = "躯干及四肢"


@lru_cache(maxsize=1)
def symptom_sites() -> np.ndarray:
    """Per symptom row of the catalogue, the site its complaint names (UNNAMED_SITE when none)."""
    from .data import catalogue
    return np.array([next((s for s in SITES if s in text), UNNAMED_SITE)
                     for text in catalogue().symptom_text], dtype=object)


def site_of(symptom: int, symptom2: int) -> str:
    """A record's site: its complaint's first symptom's, else the accompanying one's (皮肤瘙痒伴面颈部红色丘疹)."""
    sites = symptom_sites()
    return sites[symptom2] if sites[symptom] == UNNAMED_SITE and symptom2 >= 0 else sites[symptom]
