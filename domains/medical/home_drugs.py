"""A plan that continues the standing drugs names them all.

The department writes only the standing drugs of the conditions it looks after (model.split_by_scope: a general
physician does not re-prescribe a urologist's terazosin); the others the patient keeps taking at home. An attending
(issue 18, seed 24680, #19) read 继续原方案：依那普利 beside a listed prostatic hyperplasia on terazosin as the terazosin
stopped: a continuation that names some standing drugs reads as stopping the rest. The plan says the others go on
(其余长期用药（盐酸特拉唑嗪片）继续按原剂量使用) without prescribing them; the rule `continued_drugs_complete` reads it back.
"""

from __future__ import annotations

import re
from functools import lru_cache

CONTINUE = "继续原方案"


def sentence(names: list[str]) -> str:
    return f"其余长期用药（{'、'.join(names)}）继续按原剂量使用。"


def insert(plan: str, names: list[str]) -> str:
    """The plan with the sentence right after its continued drugs ('' names: unchanged)."""
    if not names or CONTINUE not in plan:
        return plan
    at = plan.find("。", plan.find(CONTINUE)) + 1 or len(plan)
    return plan[:at] + sentence(names) + plan[at:]


@lru_cache(maxsize=1)
def _drug_names():
    from .data import catalogue
    names = sorted(catalogue().drug_name.tolist(), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def continued_drugs_complete(columns, options):
    """The rule: a plan with 继续原方案 names every drug the past history says the patient takes."""
    import numpy as np

    from .checks import _lists, plans
    plan_list = plans(columns)
    out = np.ones(len(plan_list), dtype=bool)
    rows = [i for i, p in enumerate(plan_list) if CONTINUE in p]
    if rows:
        past, find = _lists(columns, "past_history"), _drug_names().findall
        for i in rows:
            plan = plan_list[i]
            out[i] = all(d in plan for d in find(past[i]))
    return out
