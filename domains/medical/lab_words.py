"""Lab values and the words about them (issue 18, an independent clinician: a complaint of raised triglycerides
beside a normal TG, 血脂控制达标 beside TG 3.1, 肝功能正常 in the history beside ALT 65 in the labs).

Every value shown agrees with every word the record says about it, by the published cut-offs
(lexicons/medical/README.md [45], [48], [53]):
- lipids (中国血脂管理指南 2023, table of cut-offs for the population without ASCVD): TG ≥ 2.3 mmol/L raised,
  1.7-2.3 borderline; LDL-C ≥ 4.1 raised, 3.4-4.1 borderline; TC ≥ 6.2 raised, 5.2-6.2 borderline;
- uric acid (中国高尿酸血症与痛风诊疗指南 2019): above 420 μmol/L on two days is hyperuricaemia;
- ALT (WS/T 404.1-2012): upper reference limit 40 U/L (women) to 50 U/L (men); 40 is used for either;
- HbA1c (中国2型糖尿病防治指南 2020): ≥ 6.5 % diagnostic; below 7.0 % the usual target.
The case carries the lipid story its complaint tells (triglycerides, cholesterol or both), and the panel is drawn
on that side; total cholesterol follows from LDL-C, HDL-C and TG by the Friedewald relation (TC = LDL-C + HDL-C +
TG/2.2), so the three values shown are one patient's panel.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

TG_RAISED, TG_BORDERLINE = 2.3, 1.7
LDL_RAISED, LDL_BORDERLINE = 4.1, 3.4
TC_RAISED, TC_BORDERLINE = 6.2, 5.2
URATE_RAISED = 420
ALT_UPPER = 40
HDL_RANGE = (0.9, 1.5)          # mmol/L, the HDL-C the Friedewald sum assumes (not shown)

# What the complaint says of the lipids, and what it asks of the panel.
TG_WORDS, CHOLESTEROL_WORDS, LIPID_WORDS = "甘油三酯升高", "胆固醇升高", "体检发现血脂升高"
AT_TARGET = "血脂控制达标"
LIVER_NORMAL = "肝功能正常"
LIPID_STORY_NONE, LIPID_STORY_TG, LIPID_STORY_CHOLESTEROL, LIPID_STORY_ANY = 0, 1, 2, 3

_TG = re.compile(r"甘油三酯(\d+\.\d+)mmol/L")
_TC = re.compile(r"总胆固醇(\d+\.\d+)mmol/L")
_LDL = re.compile(r"低密度脂蛋白胆固醇(\d+\.\d+)mmol/L")
_ALT = re.compile(r"ALT (\d+)U/L")


def lipid_story(complaints) -> np.ndarray:
    """Per complaint text, which lipid it says is raised (LIPID_STORY_*)."""
    return np.array([LIPID_STORY_TG if TG_WORDS in t else LIPID_STORY_CHOLESTEROL if CHOLESTEROL_WORDS in t else
                     LIPID_STORY_ANY if LIPID_WORDS in t else LIPID_STORY_NONE for t in complaints], dtype=np.int8)


@lru_cache(maxsize=1)
def symptom_stories(cat) -> np.ndarray:
    """Per symptom row of the catalogue, its lipid story."""
    return lipid_story(cat.symptom_text)


def cholesterol_u(u: np.ndarray) -> np.ndarray:
    """The uniforms of the LDL-C draw of a complaint of raised cholesterol: the top 40 % of every branch of
    adult_lipids.ldl_values, which all lie at or above LDL_RAISED there."""
    return 0.6 + 0.4 * u


def triglycerides(u: np.ndarray, calm: np.ndarray, fresh: np.ndarray, story: np.ndarray,
                  ldl: np.ndarray) -> np.ndarray:
    """TG (mmol/L, 2 decimals): below the borderline where the panel is at target or normal (calm); raised where
    the complaint names triglycerides, or where nothing else is in the panel of a dyslipidaemia found untreated
    (fresh, LDL-C below its raised cut-off: a dyslipidaemia is not diagnosed on values all in range); otherwise
    anywhere from normal to raised."""
    raised = (story == LIPID_STORY_TG) | (fresh & (ldl < LDL_RAISED))
    value = np.where(calm, 0.7 + u * 0.95, np.where(raised, TG_RAISED + u * 2.6, 1.0 + u * 2.6))
    return np.round(value, 2)


def total_cholesterol(u: np.ndarray, ldl: np.ndarray, tg: np.ndarray) -> np.ndarray:
    """TC from the Friedewald relation with an HDL-C drawn from HDL_RANGE."""
    return np.round(ldl + HDL_RANGE[0] + u * (HDL_RANGE[1] - HDL_RANGE[0]) + tg / 2.2, 2)


def _value(pattern, text) -> float:
    found = pattern.search(text)
    return float(found.group(1)) if found else np.nan


def lab_words_agree(complaints, illnesses, histories, investigations, notes) -> np.ndarray:
    """Per record, True where each lipid or liver value shown agrees with the words about it: a complaint of raised
    TG shows TG ≥ 2.3; of raised cholesterol LDL-C ≥ 4.1 or TC ≥ 6.2; 体检发现血脂升高 one value at its raised
    cut-off; 血脂控制达标 TG below 1.7 and TC below 6.2; 肝功能正常 in the history no ALT above 40."""
    ok = np.ones(len(investigations), dtype=bool)
    for i, labs in enumerate(investigations):
        if "甘油三酯" in labs:
            said = complaints[i] + illnesses[i]
            words = (TG_WORDS in said, CHOLESTEROL_WORDS in said, LIPID_WORDS in said, AT_TARGET in notes[i])
            if any(words):      # without a word about the panel its values are not read
                tg, tc, ldl = _value(_TG, labs), _value(_TC, labs), _value(_LDL, labs)
                tg_word, cholesterol_word, lipid_word, at_target = words
                if tg_word and not tg >= TG_RAISED:
                    ok[i] = False
                if cholesterol_word and not (ldl >= LDL_RAISED or tc >= TC_RAISED):
                    ok[i] = False
                if lipid_word and not (tg >= TG_RAISED or ldl >= LDL_RAISED or tc >= TC_RAISED):
                    ok[i] = False
                if at_target and not (tg < TG_BORDERLINE and tc < TC_RAISED):
                    ok[i] = False
        if "ALT" in labs and LIVER_NORMAL in histories[i] and _value(_ALT, labs) > ALT_UPPER:
            ok[i] = False
    return ok


PANEL_VISITS = ("hyperlipidaemia", "obesity", "fatty_liver")     # the visits whose tests show lipids or ALT


def lab_words_fit_values(columns, options) -> np.ndarray:
    """The rule's check on output fields (rules.py): lab_words_agree on the visits that show a lipid panel or ALT
    (investigations.py and workups.py write them for these reasons only)."""
    from .checks import _lists, parsed
    from .data import catalogue
    cat, p = catalogue(), parsed(columns)
    rows = np.flatnonzero(np.isin(p.primary, [cat.index[k] for k in PANEL_VISITS]))
    ok = np.ones(len(p.primary), dtype=bool)
    if len(rows):
        texts = [[t[i] for i in rows.tolist()] for t in (_lists(columns, name) for name in (
            "chief_complaint", "present_illness", "past_history", "investigations", "note"))]
        ok[rows] = lab_words_agree(*texts)
    return ok
