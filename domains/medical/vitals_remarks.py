"""A vital sign out of its range is remarked on in the plan.

An attending (issue 18, seed 24680) met a febrile asthmatic with 93/61 mmHg and a pulse of 113 (shock index 1.2)
and a three-year-old with a pulse of 151, both sent home with no word on it. The shock index (pulse / systolic
pressure) of 1.0 or more in an adult is the usual outpatient flag of hypovolaemia or sepsis (Allgöwer 1967; used
in 急诊预检分诊专家共识 2018): the plan says it, rechecks both before the patient leaves and names the tests if they stay
abnormal. A child's pulse above the upper normal for the age (APLS / 儿科学 第9版: under 1 year 160, to 2 years
150, to 5 years 140, to 12 years 120, then 100) is put down to the fever where the fever can explain it (fever_explains) and rechecked after it.
`remarks` builds the sentences, `abnormal_vitals_remarked` (the rule) reads the written record.
"""

from __future__ import annotations

import numpy as np

from .data import FEVER_THRESHOLD

SHOCK_INDEX = 1.0
ADULT_FROM = 14
# upper normal pulse by age in years: (from age, limit)
CHILD_PULSE = ((0, 160), (1, 150), (2, 140), (5, 120), (12, 100))
# A fast pulse is put down to the fever only where the fever can explain it: about 10 beats a minute per ℃ in adults
# (Liebermeister's rule) and up to 14 in children (Thompson et al., Arch Dis Child 2009), counted from where fever
# starts (data.FEVER_THRESHOLD), over the age's upper normal (an attending met 心率104次/分，考虑与发热相关 at
# 37.4 ℃ in a 13-year-old, issue 18 #29)
ADULT_LIMIT = 100
PULSE_PER_DEGREE = {"adult": 10.0, "child": 14.0}
ADULT_MARK = "休克指数"
CHILD_MARK = "复测心率"


def child_limit(age: np.ndarray) -> np.ndarray:
    starts = np.array([a for a, _ in CHILD_PULSE])
    limits = np.array([x for _, x in CHILD_PULSE])
    return limits[np.searchsorted(starts, np.asarray(age), side="right") - 1]


def flagged(age, heart_rate, sbp) -> tuple[np.ndarray, np.ndarray]:
    """(adults with a shock index of 1.0 or more, children above the age's upper normal pulse)."""
    age, hr, sbp = np.asarray(age), np.asarray(heart_rate, dtype=float), np.asarray(sbp, dtype=float)
    adult = (age >= ADULT_FROM) & (hr >= SHOCK_INDEX * sbp)
    child = (age < ADULT_FROM) & (hr > child_limit(np.minimum(age, ADULT_FROM - 1)))
    return adult, child


def fever_explains(heart_rate: np.ndarray, limit: np.ndarray, temperature: np.ndarray, per_degree: float) -> np.ndarray:
    """Per record, the temperature is a fever and its rise explains the pulse above `limit`."""
    t = np.asarray(temperature, dtype=float)
    rise = per_degree * (t - FEVER_THRESHOLD)
    return (t >= FEVER_THRESHOLD - 1e-9) & (np.asarray(heart_rate, dtype=float) - limit <= rise + 1e-9)


def adult_sentence(hr: int, sbp: int, dbp: int, febrile: bool = False, counted: bool = False) -> str:
    """The adult's remark: a febrile pulse is rechecked after the fever is brought down (an attending read a shock
    index of 1.0 at 39.4 ℃ as over-reading a fever's tachycardia), and a blood count already in 辅助检查 is not
    ordered again (the same attending met one ordered twice)."""
    tests = "电解质及心电图" if counted else "血常规、电解质及心电图"
    when = "考虑与发热相关，退热后复测血压、心率" if febrile else "离院前复测血压、心率"
    return f"心率{hr}次/分、血压{sbp}/{dbp}mmHg，{ADULT_MARK}{hr / sbp:.1f}，{when}，仍异常时完善{tests}并予补液。"


def child_sentence(hr: int, febrile: bool) -> str:
    return (f"心率{hr}次/分，考虑与发热相关，退热后{CHILD_MARK}。" if febrile else
            f"心率{hr}次/分，安静状态下{CHILD_MARK}，仍快时查心电图。")


def remarks(age, heart_rate, sbp, dbp, temperature, investigations) -> list[tuple[int, str]]:
    adult, child = flagged(age, heart_rate, sbp)
    rows_a, rows_c = np.flatnonzero(adult), np.flatnonzero(child)
    if not (len(rows_a) or len(rows_c)):
        return []
    age, heart_rate, temperature = np.asarray(age), np.asarray(heart_rate), np.asarray(temperature)
    febrile_a = fever_explains(heart_rate[rows_a], ADULT_LIMIT, temperature[rows_a], PULSE_PER_DEGREE["adult"])
    febrile_c = fever_explains(heart_rate[rows_c], child_limit(np.minimum(age[rows_c], ADULT_FROM - 1)),
                               temperature[rows_c], PULSE_PER_DEGREE["child"])
    hr, s, d = (np.asarray(x).tolist() for x in (heart_rate, sbp, dbp))
    out = [(i, adult_sentence(int(hr[i]), int(s[i]), int(d[i]), bool(f), "血常规" in investigations[i]))
           for i, f in zip(rows_a.tolist(), febrile_a.tolist())]
    out += [(i, child_sentence(int(hr[i]), bool(f))) for i, f in zip(rows_c.tolist(), febrile_c.tolist())]
    return out


def abnormal_vitals_remarked(columns, options):
    """The rule: an adult shock index of 1.0 or more has the ADULT_MARK sentence, a child's pulse above the age's
    upper normal the CHILD_MARK one; no other plan says either."""
    from .checks import _column, _text_has_any, ages_sexes
    age, _ = ages_sexes(columns)
    adult, child = flagged(age, _column(columns, "heart_rate"), _column(columns, "sbp"))
    says_adult, says_child = (_text_has_any(columns, "plans", (mark,)) for mark in (ADULT_MARK, CHILD_MARK))
    return (adult == says_adult) & (child == says_child)
