"""An adult's dehydration is worked up and the drugs that deepen it are held.

A reader met a dehydrated 50-year-old (pulse 113, poor skin turgor, reduced urine) on hydrochlorothiazide with no
electrolytes, no kidney function and no word on the diuretic. Dehydration from diarrhoea or vomiting brings
electrolyte and kidney-function tests (WHO, The treatment of diarrhoea 2005; 中国成人急性感染性腹泻诊疗专家共识
2013: 血电解质、肾功能 in the dehydrated), and a diuretic is paused until the patient eats and passes urine again
(sick-day guidance for diuretics, recalled). Children are rehydrated under observation (paediatric_rehydration.py).

`plan_sentence` is the plan's sentence for a dehydrated adult; rule `adult_dehydration_worked_up` reads it back.
"""

from __future__ import annotations

# the diuretics of drugs.tsv (噻嗪类/噻嗪样利尿剂), as the past history names them
DIURETICS = ("氢氯噻嗪片", "吲达帕胺缓释片")
WORK_UP = "急查血电解质及肾功能"
HOLD = "脱水纠正前暂停"


def held(past_history: str) -> list[str]:
    """The diuretics the past history says the patient takes."""
    return [d for d in DIURETICS if d in past_history]


def plan_sentence(past_history: str) -> str:
    drugs = held(past_history)
    hold = f"；{HOLD}{'、'.join(drugs)}，待进食及尿量恢复后再继续服用" if drugs else ""
    return f"存在脱水表现，{WORK_UP}{hold}。"


def fits(plan: str, past_history: str, prescribed: list[str], dehydrated: bool) -> bool:
    """Whether a plan fits the dehydration: the tests and each diuretic held (and not prescribed) where the
    examination shows it; neither said elsewhere."""
    if not dehydrated:
        return WORK_UP not in plan and HOLD not in plan
    return WORK_UP in plan and all(HOLD in plan and d in plan and d not in prescribed for d in held(past_history))
