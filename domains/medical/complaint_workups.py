"""The complaint's own work-up: what the symptom itself calls for, whatever the diagnosis it was put down to.

An attending reader (issue 18, seed 24680) met complaints that the plan never answered because the diagnosis
explained them only in part:
- three months of breathlessness on exertion in a 47-year-old seen for obesity: no ECG or cardiopulmonary
  assessment (慢性呼吸困难: 心电图、胸片、心脏彩超, 肺功能; 中国心力衰竭诊断和治疗指南 2018 初始检查);
- eye pain with photophobia put down to conjunctivitis: pain and photophobia are not conjunctivitis's, they are
  keratitis's and iritis's, so visual acuity, slit lamp and fluorescein staining are done (中国角膜炎诊疗专家共识);
- three months of numb hands put down to the neck: carpal tunnel syndrome is the commoner cause of numb hands and
  is sought with nerve conduction and EMG (中国腕管综合征诊疗专家共识 2022), the cord or root by MRI;
- months of fatigue with poor appetite from 50 put down to fatty liver (issue 18, med15 #3): a wasting illness is
  excluded first (blood count, liver and kidney function, electrolytes, thyroid; gastroscopy and tumour markers as
  needed), unless the diagnosis is one whose own work-up answers it (anaemia, kidney disease, hypothyroidism) or
  whose criteria name both (depression);
- eight watery stools a day: the stool is examined (大便常规; 中国成人急性感染性腹泻诊疗专家共识 2013);
- vomiting, with or without diarrhoea, in an adult not given salts (rehydration.py gives them to the dehydrated and
  to 6 or more stools a day): drinking to prevent dehydration is advised (WHO; the same consensus).

WORKUPS is the table: (name, the complaint words (all in the chief complaint), the words in the complaint or
the present illness, least duration in days, least age, conditions exempt as the primary diagnosis (their own work-up answers it),
words in the investigations or the plan that show it done, the sentence). `plan_sentences` builds what a plan gains,
`worked_up` is the rule's reading of a written record.
"""

from __future__ import annotations

import re
from functools import lru_cache

WORKUPS = (
    ("exertional_dyspnoea", ("活动后气短",), (), 28, 14, ("copd", "asthma", "chd"), ("心电图",),
     "活动后气短{dur}，完善心电图、胸部X线及心脏彩超，必要时行肺功能检查，排除心肺疾病。"),
    ("eye_pain_photophobia", ("眼痛",), ("畏光",), 0, 0, (), ("裂隙灯",),
     "眼痛伴畏光，查视力、裂隙灯显微镜及角膜荧光素染色，排除角膜炎及虹膜睫状体炎。"),
    ("limb_numbness", ("麻木",), (), 28, 18, (), ("肌电图",),
     "{complaint}{dur}，行肌电图及神经传导检查，与腕管综合征等周围神经卡压鉴别，必要时行颈椎MRI。"),
    ("fatigue_anorexia", ("乏力",), ("食欲减退",), 28, 50, ("ida", "ckd", "hypothyroidism", "depression"),
     ("血常规",),
     "乏力伴食欲减退{dur}，完善血常规、肝肾功能、电解质及甲状腺功能，必要时行胃镜及肿瘤标志物检查，排除消耗性疾病。"),
    ("watery_stools", ("腹泻",), ("水样便",), 0, 0, (), ("大便常规",),
     "每日水样便{stools}次，查大便常规，必要时行粪便培养。"),
    ("vomiting_fluids", ("呕吐",), (), 0, 14, (), ("补液",),
     "{losses}期间少量多次口服补液（淡盐水或米汤），预防脱水。"),
)
WATERY_STOOLS_FROM = 6
STOOLS = re.compile(r"水样便(\d+)次")
DURATION = re.compile(r"(\d+)(天|周|月|年)")
DAYS = {"天": 1, "周": 7, "月": 30, "年": 365}


def _days(complaint: str) -> tuple[int, str]:
    m = DURATION.search(complaint)
    return (int(m.group(1)) * DAYS[m.group(2)], m.group(0)) if m else (0, "")


@lru_cache(maxsize=8192)
def _by_complaint(complaint: str) -> tuple:
    """The WORKUPS rows a complaint may call for (its words and duration), with the values they take from it;
    complaints repeat, so each distinct one is read once."""
    out = []
    for row in WORKUPS:
        if not all(w in complaint for w in row[1]):
            continue
        days, said = _days(complaint)
        if days >= row[3]:
            out.append((row, {"dur": said, "complaint": DURATION.split(complaint)[0]}))
    return tuple(out)


def due(key: str, age: int, complaint: str, present_illness: str) -> list[tuple[tuple, dict]]:
    """The WORKUPS rows the record calls for, each with the values its sentence takes."""
    out = []
    for row, shared in _by_complaint(complaint):
        name, _, hpi_words, _, least_age, exempt, _, _ = row
        if age < least_age or key in exempt:
            continue
        if not all(w in complaint or w in present_illness for w in hpi_words):
            continue
        values = dict(shared)
        if name == "vomiting_fluids":
            values["losses"] = "呕吐腹泻" if "腹泻" in complaint or "腹泻" in present_illness else "呕吐"
        if name == "watery_stools":
            m = STOOLS.search(present_illness)
            if not m or int(m.group(1)) < WATERY_STOOLS_FROM:
                continue
            values["stools"] = m.group(1)
        out.append((row, values))
    return out


def plan_sentences(key: str, age: int, complaint: str, present_illness: str, investigations: str, plan: str) -> str:
    out = []
    for row, values in due(key, age, complaint, present_illness):
        if any(w in investigations or w in plan for w in row[6]):
            continue
        text = row[7]
        for k, v in values.items():
            text = text.replace("{" + k + "}", v)
        out.append(text)
    return "".join(out)


def worked_up(key: str, age: int, complaint: str, present_illness: str, investigations: str, plan: str) -> bool:
    return all(any(w in investigations or w in plan for w in row[6])
               for row, _ in due(key, age, complaint, present_illness))


def candidates(complaints: list) -> list[int]:
    """Rows whose complaint may call for a work-up (the others need nothing)."""
    return [i for i, c in enumerate(complaints) if _by_complaint(c)]


def complaint_worked_up(columns, options):
    """The rule: every work-up the complaint calls for (WORKUPS) is in the investigations or the plan."""
    import numpy as np

    from .checks import _distinct, _lists, ages_sexes, parsed, plans
    from .data import catalogue
    p, cat = parsed(columns), catalogue()
    age, _ = ages_sexes(columns)
    complaints, hpis = _lists(columns, "chief_complaint"), _lists(columns, "present_illness")
    out = np.ones(len(complaints), dtype=bool)
    # the candidates (complaints that may call for a work-up) read once per distinct complaint
    codes, distinct = _distinct(columns, "chief_complaint")
    rows = np.flatnonzero(np.fromiter(map(bool, map(_by_complaint, distinct)), dtype=bool, count=len(distinct))[codes])
    if len(rows):
        tests, plan, ages = _lists(columns, "investigations"), plans(columns), age.tolist()
        keys, primary = cat.keys, p.primary.tolist()
        for i in rows.tolist():
            out[i] = worked_up(keys[primary[i]], ages[i], complaints[i], hpis[i], tests[i], plan[i])
    return out
