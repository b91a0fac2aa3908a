"""The text sections of a medical record, one function per field, vectorised up to the string assembly.

Every function takes the batch's case array (`model.CASE_DTYPE`), the columns it needs and a matrix of
uniforms (one row per record), and returns one string per record. Categorical choices, pool keys and template
indices are computed with NumPy for the whole batch; the per-record loop only looks up a template and fills it
(see `text`).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from operator import itemgetter
from typing import Callable

import numpy as np
import pandas as pd

from . import habits, start_doses, text
from .age_doses import ELDERLY_FROM, adjusted_drugs
from .auscultation import IRRELEVANT_IN_LUNG_VISITS, lung_examined_conditions
from .data import (BP_DIASTOLIC, BP_SYSTOLIC, DIABETIC_GLUCOSE, HIGH_FEVER, PAEDIATRIC_AGE, SCHOOL_LEAVING_AGE,
                   _healed_in_past, catalogue, diagnosis_groups, primary_labels, unsayable_words, visit_diagnoses)
from .model import (NEVER_STANDING, CONTROLLED, REGIMEN_ADD, REGIMEN_CONTINUE, REGIMEN_NEW, REGIMEN_SWITCH, UNCONTROLLED,
                    UNDIAGNOSED, UNTREATED, cells, choose_true, condition_matrix, drug_table, first_rows, symptom_facts)
from . import admission, alarms, complaint_workups, fluid_loss, home_drugs, return_signs, treatment_failure
from . import eczema_sites, glucose_lab, nsaid_withheld, prescriptions, vitals_remarks
from .admission import admission_advised, advice, crb65
from . import paediatric_fever, paediatric_growth
from .paediatric_advice import care_column
from .adult_followup import follow_ups
from .adult_hypertension import first_reading_reason, grade_ceiling
from .adult_lipids import LIFESTYLE_PLAN, risk_prefix
from .courses import antibacterial_drugs
from .pressor import pressor_mask
from .text import POOL_SIZE, batch_pools, compatible, fill, flag, pool
from .surgeries import past_operations
from .triggers import onset_triggers
from .contact import CONTACT_DENIED
from .symptomatic import ANTIPYRETIC_FROM, positive_text, screened_check_up


def _index(u: np.ndarray) -> list[int]:
    return _index_array(u).tolist()


def _index_array(u: np.ndarray) -> np.ndarray:
    return np.minimum((u * POOL_SIZE).astype(np.int64), POOL_SIZE - 1)


def _yes(flags: np.ndarray) -> np.ndarray:
    return np.where(flags, "yes", "no")


# -- symptom rows, prepared once --------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def seafood_allergy() -> int:
    """The case's allergy code of 对海鲜过敏 (1 + its index among the allergy phrases; -1 if none)."""
    phrases = [p for k, p, _ in catalogue().past_rows if k == "allergy"]
    return 1 + phrases.index("对海鲜过敏") if "对海鲜过敏" in phrases else -1


@lru_cache(maxsize=1)
def symptom_views() -> dict:
    """Per symptom row: its complaint shape, the pieces the templates need, and the flags it raises."""
    cat = catalogue()
    out: dict = {"shape": [], "event": [], "base": [], "tail": [], "trig": [], "visited": []}
    for t, d, own, event, base in zip(cat.symptom_text, cat.symptom_detail, cat.symptom_trigger, cat.symptom_event,
                                      cat.symptom_base):
        if t.startswith("体检发现"):
            shape = "event"
        elif t.startswith("发现"):
            shape = "found"
        elif "控制不佳" in t:
            shape = "control"
        elif t.endswith("定期复诊"):
            shape = "review"
        elif t.endswith("复诊"):
            shape = "followup"
        elif t.startswith("停经"):
            shape = "amen"
        else:
            shape = "plain"
        out["shape"].append(shape)
        out["event"].append(t[2:] if shape == "event" else event)
        out["base"].append(base)
        out["tail"].append(t[2:].lstrip("后") if shape == "amen" else "")
        whole = "".join(own) + t + d
        out["trig"].append("no" if any(w in whole for w in text.TRIGGER_WORDS) else "yes")
        out["visited"].append("yes" if any(w in d for w in text.VISITED_WORDS) else "no")
    out["high_fever"] = np.array(["高热" in t + d for t, d in zip(cat.symptom_text, cat.symptom_detail)])
    for key in ("shape", "event", "base", "tail", "trig", "visited"):
        out[key] = np.array(out[key], dtype=str)
    # flags come from what the symptom states: 无恶心呕吐 leaves the appetite good
    said = [positive_text(t + "，" + d) for t, d in zip(cat.symptom_text, cat.symptom_detail)]
    for name, words in text.FLAG_WORDS.items():
        out[name] = np.array([any(w in x for w in words) for x in said])
    out["hungry"] = np.array([any(w in x for w in text.HUNGER_WORDS) for x in said])
    out["good_appetite"] = np.array([any(w in x for w in text.GOOD_APPETITE_WORDS) for x in said])
    for name, keys in text.FLAG_CONDITIONS.items():
        column = np.zeros(cat.n, dtype=bool)
        column[[cat.index[k] for k in keys.split()]] = True
        out[name + "_condition"] = column
    out["group"] = np.array([text.GROUP_OF[k] for k in cat.keys], dtype=str)
    out["neg"] = np.array([text.NEG_GROUP_OF[k] for k in cat.keys], dtype=str)
    out["advice"] = np.array([k if text.has_symbol(f"advice.{k}") else text.GROUP_OF[k] for k in cat.keys],
                             dtype=str)
    return out


@lru_cache(maxsize=1)
def condition_groups() -> tuple[np.ndarray, list[str]]:
    """Per condition the code of its group (symptom_views' `group`), and the groups: a factorised column by
    condition, so a batch's group column is one gather, never a column of strings to factorise."""
    codes, labels = pd.factorize(np.asarray(symptom_views()["group"], dtype=object))
    return codes.astype(np.int64), [str(x) for x in labels]


def without_retold_take(detail: str, take: str) -> str:
    """A symptom detail without its clauses that say how a drug is taken (规律服用降压药物), which the onset
    already tells with the drug's name."""
    return "，".join(c for c in detail.split("，") if take not in c) or detail


def duration_texts(case: np.ndarray) -> list[str]:
    """Per record its duration with the unit (3天), written once per distinct (duration, unit) and gathered."""
    unit_codes, units = _unit_codes()
    duration = case["duration"].astype(np.int64)
    unit = unit_codes[case["symptom"].astype(np.int64)]
    group, first = first_rows(duration * len(units) + unit)
    texts = np.empty(len(first), dtype=object)
    texts[:] = [f"{d}{units[u]}" for d, u in zip(duration[first].tolist(), unit[first].tolist())]
    return texts[group].tolist()


@lru_cache(maxsize=1)
def _unit_codes() -> tuple[np.ndarray, list[str]]:
    """Per symptom row the code of its duration unit, and the units."""
    codes, units = pd.factorize(np.asarray(catalogue().symptom_unit, dtype=object))
    return codes.astype(np.int64), [str(u) for u in units]


@lru_cache(maxsize=1)
def _ranged_details() -> np.ndarray:
    """Per symptom row, whether its detail leaves a number to the record ({4-8}: text.fill_numbers)."""
    return np.array(["{" in d for d in catalogue().symptom_detail.tolist()], dtype=bool)


def drug_for(case: np.ndarray, conditions: np.ndarray) -> np.ndarray:
    """Per record, the first prescribed drug indicated for `conditions[i]` that is not taken as needed, else the
    first one indicated for it (or -1)."""
    cat = catalogue()
    table = drug_table(case["drugs"])
    drug = np.maximum(table, 0)
    mine = (table >= 0) & cat.indication[drug, conditions[:, None]]
    scheduled = mine & ~np.asarray(cat.drug_as_needed, dtype=bool)[drug]
    slot = np.where(scheduled.any(axis=1), scheduled.argmax(axis=1), mine.argmax(axis=1))
    return np.where(mine.any(axis=1), table[np.arange(len(table)), slot], -1)


# -- 主诉 -------------------------------------------------------------------------------------------------------------
def chief_complaints(case: np.ndarray, u: np.ndarray) -> list[str]:
    cat = catalogue()
    views = symptom_views()
    symptom = case["symptom"].astype(np.int64)
    second = case["symptom2"].astype(np.int64)
    primary = case["primary"].astype(np.int64)
    pools, which = batch_pools("complaint", {
        "ban": flag(cat.symptom_has_ban[symptom]),
        "fever": flag(cat.fever[primary] & ~cat.symptom_says_fever[symptom]),
        "rest": flag(views["tail"][symptom] != ""),
        "second": flag(second >= 0),
        "shape": (symptom, views["shape"].tolist()),
    })
    j = _index(u)
    sym = cat.symptom_text[symptom].tolist()
    sym2 = np.where(second >= 0, cat.symptom_text[np.maximum(second, 0)], "").tolist()
    base, tail = views["base"][symptom].tolist(), views["tail"][symptom].tolist()
    durations = duration_texts(case)
    return fill([pools[w].templates[k] for w, k in zip(which, j)],
                {"sym": sym, "dur": durations, "sym2": sym2, "base": base, "tail": tail})


# What an antipyretic at home did, told with the visit's facts rather than one fixed sentence: the drug an adult
# took (a child's parent says 退热药), the temperature it fell to (37.0-37.8 ℃) and the hours until it rose again.
HOME_ANTIPYRETICS = ("布洛芬", "对乙酰氨基酚", "退热药", "退烧药")


RELIEF_LOWS = 9       # the temperature it fell to: 37.0 to 37.8 ℃
RELIEF_HOURS = 5      # hours until it rose again: 4 to 8


def relief_facts(u: np.ndarray) -> list[tuple[str, str, str]]:
    """Per record (drug, temperature, hours) as strings, from one uniform each: the drug floor(4u), the rest of 4u
    picks the temperature 37.0 + floor(9 rest) / 10 and the hours 4 + floor(90 rest) mod 5. The strings come from
    a table of the 4 x 9 x 5 combinations (formatting 30,000 floats cost a tenth of the present illness)."""
    scaled = u * len(HOME_ANTIPYRETICS)
    drug = scaled.astype(np.int64)
    rest = scaled - drug
    code = (drug * RELIEF_LOWS + np.floor(rest * RELIEF_LOWS).astype(np.int64)) * RELIEF_HOURS + \
        (rest * 90).astype(np.int64) % RELIEF_HOURS
    return _relief_table()[code].tolist()


@lru_cache(maxsize=1)
def _relief_table() -> np.ndarray:
    """Each (drug, temperature, hours) combination's strings at its code (drug * 9 + step) * 5 + hours."""
    table = np.empty(len(HOME_ANTIPYRETICS) * RELIEF_LOWS * RELIEF_HOURS, dtype=object)
    table[:] = [(drug, f"{37.0 + step / 10:.1f}", str(4 + hours)) for drug in HOME_ANTIPYRETICS
                for step in np.arange(RELIEF_LOWS, dtype=float).tolist() for hours in range(RELIEF_HOURS)]
    return table


# -- 现病史 -----------------------------------------------------------------------------------------------------------
# hpi.grammar's `home`: the readings the patient brings (none, blood pressure, glucose, a first high pressure
# re-measured after a check-up, a first high pressure)
HOME_READINGS = ("none", "bp", "glu", "bp_first_check", "bp_first")


def present_illness(case, age, temperature, sbp, dbp, glucose, department, u, thriving=None,
                    months=None) -> list[str]:
    """现病史; `thriving` says per record whether a child under five gains weight as the growth model expects;
    `months` (the visit's) keep cold-weather triggers out of the summer."""
    cat = catalogue()
    views = symptom_views()
    n = len(case)
    symptom = case["symptom"].astype(np.int64)
    second = case["symptom2"].astype(np.int64)
    s2 = np.maximum(second, 0)
    primary = case["primary"].astype(np.int64)
    has_second = second >= 0
    # the drug the patient took for it: the one switched from, else the standing one the plan continues
    pdrug = np.where(case["previous"] >= 0, case["previous"], drug_for(case, primary))
    # an antibiotic is this visit's course, never what the patient has long taken (长期规律服用左氧氟沙星 is wrong)
    pdrug = np.where(cat.group_names[cat.drug_group[np.maximum(pdrug, 0)]] == "全身抗菌药", -1, pdrug)
    # a chronic condition's drug started at this visit (orlistat, urate lowering) was not taken before
    pdrug = np.where(cat.chronic[primary] & (case["regimen"] == REGIMEN_NEW) & (case["previous"] < 0), -1, pdrug)
    treated = condition_matrix(case["treated"].astype(np.int64), cat.n)[np.arange(n), primary] & (pdrug >= 0)
    fever = cat.fever[primary]
    listed = condition_matrix(case["listed"].astype(np.int64), cat.n)
    flags = {}
    for name in text.FLAG_WORDS:
        raised = views[name][symptom] | (has_second & views[name][s2]) | views[name + "_condition"][primary]
        if name in text.KNOWN_CONDITION_FLAGS:      # a known insomnia keeps the sleep poor whatever the visit
            raised |= (listed & views[name + "_condition"][None, :]).any(axis=1)
        flags[name] = raised.astype(np.int64)
    flags["mood"] = mood_poor(case, age).astype(np.int64)     # the exam's general state reads the same flag
    # a dehydrated patient's urine is reduced (paediatric_rehydration.py): where the complaint does not say so, the
    # state sentence does (the urine flag's third state), never 小便正常 beside slack skin and a fast pulse
    flags["urine"] = np.where(case["dehydrated"] & (flags["urine"] == 0), 2, flags["urine"])
    # a diabetic's 多食易饥 is an appetite, not a poor one: the sentence says 食欲亢进 (never 纳差)
    # the complaint's own detail (a second complaint is told without one) calling the appetite good keeps it good
    flags["appetite"] = np.where(views["good_appetite"][symptom], 0, flags["appetite"])
    flags["appetite"] = np.where(views["hungry"][symptom] | (has_second & views["hungry"][s2]), 2, flags["appetite"])
    h, d = cat.hypertension, cat.diabetes
    elevated_htn = np.isin(case["htn"], [UNTREATED, UNCONTROLLED]) & (primary == h)
    elevated_dm = np.isin(case["dm"], [UNTREATED, UNCONTROLLED]) & (primary == d)
    # (codes into HOME_READINGS: no column of strings to compare and factorise)
    home = np.where(elevated_htn & (u[:, 8] < 0.6), 1, np.where(elevated_dm & (u[:, 8] < 0.6), 2, 0))
    # A hypertension found at this visit rests on readings on several days, told always (中国高血压防治指南 2018:
    # office readings on three days, or home readings, before the diagnosis; a clinician met I10 from one reading);
    # a check-up's finding is re-measured after it.
    first = (primary == h) & (case["htn_grade"] > 0)
    home = np.where(first, np.where(views["shape"][symptom] == "event", 3, 4), home)
    # Home readings agree with the visit: at least as high as today's (hypertension) or above 7.0 (diabetes), and
    # a first reading's within the grade its plan names (the grade follows the highest reading the note tells).
    s_top, d_top = grade_ceiling(case["htn_grade"])
    hsbp = np.minimum(np.maximum(sbp, 140) + (u[:, 9] * 20).astype(np.int64), np.maximum(s_top, sbp)).tolist()
    hdbp = np.minimum(np.maximum(dbp + (u[:, 10] * 10).astype(np.int64), 80), np.maximum(d_top, dbp)).tolist()
    hglu = np.round(np.maximum(glucose + u[:, 11] * 2 - 0.5, DIABETIC_GLUCOSE + 0.3), 1).tolist()
    tmax = case["tmax"].tolist()     # the fever course decided in the plan (model.fever_course)
    who = ((age < PAEDIATRIC_AGE).astype(np.int64), ("患者", "患儿"))
    band = age_bands(age)
    if thriving is not None:      # a child below the growth model's range is not said to gain weight well
        flags["weight"] = np.where(thriving, flags["weight"], 1)
    # Where a child catches a cold from classmates: 托班 at 2, 幼儿园 3-5, school from 6, none under 2; a pupil of
    # 14-17 is still at school (no 出差 or 同事); from 65 a retired adult's exposures (no 出差 or 同事).
    care_codes = np.select([age < 2, age < 3, age < 6, age < PAEDIATRIC_AGE, age >= FRAIL_FROM], [0, 1, 2, 3, 4], 0)
    care = (care_codes, ("home", "nursery", "kindergarten", "school", "retired"))
    # the pupil is the trigger's alone: the onset pools stay keyed as before (a split key would re-render a pool)
    trigger_care = (np.where((age >= PAEDIATRIC_AGE) & (age < SCHOOL_LEAVING_AGE), 5, care_codes), care[1] + ("student",))
    kind = (np.where(~cat.chronic[primary], 0, np.where(case["new"], 1, 2)), ("acute", "new", "known"))
    group = (primary, views["group"].tolist())
    fever_yes = flag(fever)
    onset_pools, onset_of = batch_pools("hpi.onset", {
        "group": group, "kind": kind, "shape": (symptom, views["shape"].tolist()), "treated": flag(treated),
        "trig": (symptom, views["trig"].tolist()), "who": who, "care": care,
        # a complaint of years is the disease's own course: told before its diagnosis, never 10年前再次出现
        "years": flag(cat.symptom_unit[symptom] == "年")})
    unit = cat.symptom_unit[symptom]
    days = np.where(unit == "天", case["duration"], np.where(unit == "小时", 0, 7))
    span = ((days >= 3).astype(np.int64), ("short", "long"))
    # mood: a child told 热退后精神好转 is not one whose general state is poor
    # relief: an antipyretic is given from 38.5℃, so only such a fever is told as brought down by one
    fever_pools, fever_of = batch_pools("hpi.fever", {"fever": fever_yes, "who": who, "span": span,
                                                      "mood": (flags["mood"], ("ok", "bad")),
                                                      "relief": flag(case["tmax"] >= ANTIPYRETIC_FROM)})
    home_pools, home_of = batch_pools("hpi.home", {"home": (home, HOME_READINGS)})
    neg_pools, neg_of = batch_pools("hpi.neg", {"fever": fever_yes, "group": group, "band": band,
                                                "neg": (primary, views["neg"].tolist()),
                                                "mood": (flags["mood"], ("ok", "bad"))})
    since = ((primary == cat.index["early_pregnancy"]).astype(np.int64), ("illness", "pregnancy"))
    state_pools, state_of = batch_pools("hpi.state", {**{f: (flags[f], ("ok", "bad", "more")) for f in flags}, "who": who,
                                                      "band": band,
                                                      "since": since})
    close_pools, close_of = batch_pools("hpi.close", {"kind": kind, "visited": (symptom, views["visited"].tolist()),
                                                      "who": who, "band": band, "since": since,
                                                      "care": care_column(cat, primary, age)})
    second_pool = pool("hpi.second", (("second", "yes"),))
    j = [_index(u[:, k]) for k in range(7)]
    sym = cat.symptom_text[symptom].tolist()
    # the trigger before 出现 (its own row's, or the grammar's for the group), drawn per record: see triggers.py
    group_of, group_labels = condition_groups()
    own_trigger = onset_triggers(cat, symptom, (group_of[primary], group_labels), who[0], trigger_care,
                                 views["trig"][symptom] == "yes", u[:, 12], case["allergy"] == seafood_allergy(),
                                 months)
    detail = cat.symptom_detail[symptom].tolist()
    ranged = np.flatnonzero(_ranged_details()[symptom])      # (only these details hold a number to fill)
    for i, x in zip(ranged.tolist(), case["detail_u"][ranged].tolist()):
        detail[i] = text.fill_numbers(detail[i], x)
    sym2 = np.where(has_second, cat.symptom_text[s2], "").tolist()
    detail2 = np.where(has_second, cat.symptom_detail[s2], "").tolist()
    event = views["event"][symptom].tolist()
    dx = cat.name[primary].tolist()
    drug_names = np.where(pdrug >= 0, cat.drug_name[np.maximum(pdrug, 0)], "").tolist()
    # a standing regimen of two drugs is named whole: the plan continues (or adds to) what the history says
    regimen = case["regimen"]
    standing = np.isin(regimen, [REGIMEN_CONTINUE, REGIMEN_ADD, REGIMEN_SWITCH])
    # (the rows' drugs, conditions and regimens as lists: an item of a structured array's field is slow to index)
    kept = np.flatnonzero((regimen == REGIMEN_CONTINUE) | (regimen == REGIMEN_ADD))
    for i, drugs, c, r in zip(kept.tolist(), case["drugs"][kept].tolist(), primary[kept].tolist(),
                              regimen[kept].tolist()):
        own = [d for d in drugs if c in cat.drugs_indications_sets[d]]
        taken = own if r == REGIMEN_CONTINUE else own[:-1]
        if len(taken) > 1:
            drug_names[i] = "、".join(cat.drug_name[d] for d in taken)
    takes = np.array(cat.drug_take, dtype=object)[np.maximum(pdrug, 0)].tolist()
    # the onset names the drug with how it is taken (规律服用厄贝沙坦片): a detail clause retelling it in general
    # words (规律服用降压药物) is dropped, so no sentence says 规律服用 twice (a clinician reader)
    for i in np.flatnonzero(pdrug >= 0).tolist():
        if takes[i] in detail[i]:
            detail[i] = without_retold_take(detail[i], takes[i])
    durations = duration_texts(case)
    relief = relief_facts(u[:, 13])
    second_list = has_second.tolist()
    dept = list(department)
    # A pertinent negative never denies what a known condition keeps (无肢体无力 after a stroke with 遗留肢体活动不利).
    background = _background_texts(case["listed"].astype(np.int64) & ~cat.bit[primary])
    # Under 6 the parent can deny only what they see: no negative names a symptom only the child could report, and
    # no older patient's negative uses a parent's word for an infant (reporters.tsv).
    unsayable_of = {a: "|" + "|".join(unsayable_words(a)) for a in np.unique(age).tolist()}
    unsayable = [unsayable_of[a] for a in age.tolist()]
    # The history is assembled column by column: each part's template per record, filled in one call (text.fill),
    # then the parts joined. A part's template is "" where the record has no such part.
    j0, j1, j2, j3, j4, j5, j6 = j
    base = {"dur": durations, "sym": sym, "event": event, "detail": detail, "sym2": sym2, "dx": dx,
            "pdrug": drug_names, "dept": dept, "take": takes, "own": list(own_trigger)}
    onset = fill([onset_pools[o].templates[k] for o, k in zip(onset_of, j0)], base)
    # the plan continues, adds to or switches from this regimen: the history says the patient takes it
    standing_texts = [""] * n
    for i in np.flatnonzero(standing).tolist():
        if drug_names[i] not in onset[i]:
            standing_texts[i] = f"平素{takes[i]}{drug_names[i]}。"
    second_texts = fill([second_pool.templates[k] if s else "" for s, k in zip(second_list, j1)], base)
    # What the record says it has, written once per group of records with the same complaint, detail and second
    # complaint (~800 groups in 30,000 records), then gathered.
    # 气短 is a breathing difficulty: no 无胸闷、气促 after it
    sym_rows = cat.symptom_text
    said_group, said_first = grouped([(pd.factorize(np.array(detail, dtype=object))[0], n), (symptom, len(sym_rows)),
                                      (second + 1, len(sym_rows) + 1)])
    told = np.empty(len(said_first), dtype=object)
    told[:] = [p + "|呼吸困难|气促|气短|胸闷" if breathless(p) else p
               for p in ("".join((sym[r], detail[r], sym2[r], detail2[r])) for r in said_first.tolist())]
    positive = told[said_group].tolist()
    fever_templates, tmax_texts, tdrug, tlow, hrs = [""] * n, [""] * n, [""] * n, [""] * n, [""] * n
    # The fever sentence's derivation (compatible: the first from j2 denying nothing said) is checked per group of
    # febrile records with the same positive text and age (~140 groups), column-wise; only the records whose
    # derivation j2 denies something said are searched one by one.
    febrile = np.flatnonzero(fever)
    if len(febrile):
        heard_of, heard_first = grouped([(said_group[febrile], len(said_first)), (age[febrile], int(age.max()) + 1)])
        heard = [positive[r] + "发热" + unsayable[r] for r in febrile[heard_first].tolist()]
        chunks = sorted({c for p in fever_pools for derivation in p.chunks for c in derivation})
        heard_bits = text.word_hits(heard, chunks)
        column = {c: b for b, c in enumerate(chunks)}
        denies = np.zeros((len(fever_pools) * POOL_SIZE, len(chunks)), dtype=bool)
        flagged = [(row, column[c]) for row, derivation in enumerate(d for p in fever_pools for d in p.chunks)
                   for c in derivation]
        denies[[r for r, _ in flagged], [c for _, c in flagged]] = True
        pool_at = np.asarray(fever_of, dtype=np.int64)[febrile] * POOL_SIZE
        fever_k = np.asarray(j2, dtype=np.int64)[febrile]
        for t in np.flatnonzero((heard_bits[heard_of] & denies[pool_at + fever_k]).any(axis=1)).tolist():
            fever_k[t] = compatible(fever_pools[fever_of[febrile[t]]], int(fever_k[t]), heard[heard_of[t]])
        at = np.where(fever_k >= 0, pool_at + fever_k, len(fever_pools) * POOL_SIZE)
        chosen = np.array([t for p in fever_pools for t in p.templates] + [""], dtype=object)[at].tolist()
        denied = np.array(["|".join(c) for p in fever_pools for c in p.chunks] + [""], dtype=object)[at].tolist()
        for i, template, said, t in zip(febrile.tolist(), chosen, denied, decimals(np.asarray(tmax)[febrile])):
            fever_templates[i], tmax_texts[i] = template, t
            tdrug[i], tlow[i], hrs[i] = relief[i]
            positive[i] = positive[i] + "发热" + said
    fever_texts = fill(fever_templates, {**base, "tmax": tmax_texts, "tdrug": tdrug, "tlow": tlow, "hrs": hrs})
    home_templates, hsbp_texts, hdbp_texts, hglu_texts = [""] * n, [""] * n, [""] * n, [""] * n
    for i in np.flatnonzero(home > 0).tolist():
        home_templates[i] = home_pools[home_of[i]].templates[j3[i]]
        hsbp_texts[i], hdbp_texts[i], hglu_texts[i] = str(hsbp[i]), str(hdbp[i]), f"{hglu[i]:.1f}"
    home_texts = fill(home_templates, {**base, "hsbp": hsbp_texts, "hdbp": hdbp_texts, "hglu": hglu_texts})
    # derivation j4 of the record's pool, else the next one denying nothing said (text.compatible): one pass over the
    # records in C where built; a record left with none (-1) takes the empty text after the pools' templates
    negatives = text.first_free([positive, background, unsayable], [c for p in neg_pools for c in p.chunks],
                                (np.asarray(neg_of, dtype=np.int64) * POOL_SIZE + np.asarray(j4, dtype=np.int64)).tolist())
    neg_texts = np.array([t for p in neg_pools for t in p.templates] + [""], dtype=object)[negatives].tolist()
    state_texts = [state_pools[s].templates[k] for s, k in zip(state_of, j5)]
    close_texts = fill([close_pools[c].templates[k] for c, k in zip(close_of, j6)], base)
    # (one join per record: no intermediate string per part)
    return list(map("".join, zip(onset, standing_texts, second_texts, fever_texts, home_texts, neg_texts, state_texts,
                                 close_texts)))


AGE_BANDS = ("infant", "toddler", "preschool", "school", "adult", "elderly")
AGE_BAND_FROM = (1, 3, 6, PAEDIATRIC_AGE, ELDERLY_FROM)     # the first age of each band after the first


def age_bands(age) -> tuple[np.ndarray, tuple[str, ...]]:
    """The history's age band per record (hpi.grammar's `band`), as a factorised key column."""
    return np.searchsorted(np.asarray(AGE_BAND_FROM), np.asarray(age), side="right").astype(np.int64), AGE_BANDS


breathless = re.compile("气促|气短|气喘|喘息|憋气").search
_BACKGROUND: dict = {}


def _background_texts(masks: np.ndarray) -> list[str]:
    """Per record, the symptom texts of its other listed conditions (by condition mask, cached)."""
    cat = catalogue()
    out = []
    for m in masks.tolist():
        text = _BACKGROUND.get(m)
        if text is None:
            parts = [cat.symptom_text[r] + cat.symptom_detail[r] for c in range(cat.n) if m >> c & 1
                     for r in cat.symptoms_of[c].tolist()]
            text = _BACKGROUND[m] = "|".join(parts)
            if len(_BACKGROUND) > 100_000:
                _BACKGROUND.clear()
        out.append(text)
    return out


# -- 既往史 -----------------------------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def history_phrases() -> dict:
    cat = catalogue()
    by_key: dict[str, list[tuple[str, str]]] = {}
    for key, phrase, state in cat.past_rows:
        by_key.setdefault(key, []).append((phrase, state))
    return by_key


def _state_ok(state: str, treated: bool, control: int) -> bool:
    if state == "any":
        return True
    if state == "treated":
        return treated
    if state == "untreated":
        return not treated
    if state == "controlled":
        return treated and control == CONTROLLED
    if state == "uncontrolled":
        return control in (UNTREATED, UNCONTROLLED)
    raise ValueError(f"past_history.tsv: unknown state {state!r}")


@lru_cache(maxsize=None)
def _phrases_for(c: int, treated: bool, control: int) -> tuple[str, ...]:
    """The past-history phrases that fit; a treated condition is told with its drug where a phrase names one (a
    plan that continues 奥利司他胶囊 is not preceded by 体重超标1年，曾尝试节食减重)."""
    key = catalogue().keys[c]
    fitting = tuple(p for p, s in history_phrases()[key] if _state_ok(s, treated, control))
    with_drug = tuple(p for p in fitting if "{drug}" in p)
    return with_drug if treated and with_drug else fitting


@lru_cache(maxsize=None)
def _phrases_without_drug(c: int, treated: bool, control: int) -> tuple[str, ...]:
    """The fitting phrases naming no drug, for a condition whose drug an earlier phrase already named."""
    key = catalogue().keys[c]
    return tuple(p for p, s in history_phrases()[key] if _state_ok(s, treated, control) and "{drug}" not in p)


def _pick(u: np.ndarray, size: int) -> np.ndarray:
    return np.minimum((u * size).astype(np.int64), size - 1)


def _history_years(cat, age: np.ndarray, rows: np.ndarray, conditions: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Per (record, condition) pair the years since diagnosis: diagnosed from onset_min, by onset_max, at most
    history_max years ago (at least 1), drawn with u."""
    a = np.asarray(age, dtype=np.int64)[rows]
    longest = np.maximum(1, np.minimum(cat.history_max[conditions], a - cat.onset_min[conditions]))
    shortest = np.minimum(longest, np.maximum(1, a - cat.onset_max[conditions]))     # diagnosed by onset_max
    years = shortest + (u * (longest - shortest + 1)).astype(np.int64)
    return np.minimum(years, longest)


def _history_without_drugs(heads: list[str], ids: list, age, u, case, standing: list) -> tuple[list[int], dict]:
    """The known conditions' phrases of the records whose drugs (today's and home ones) stand for none of them,
    written column-wise into `heads`: one text per distinct (condition, treated, control, phrase, years). Returns
    the records left (a drug to name: their phrases depend on one another) and, per such record, its conditions'
    years as text."""
    cat = catalogue()
    # the pairs in the order of `ids` (fields.listed_in_order: the primary, then the others in table order)
    others = condition_matrix(case["listed"].astype(np.int64), cat.n)
    others[np.arange(len(ids)), case["primary"].astype(np.int64)] = False
    rows, conditions = cells(others)
    starts = np.zeros(len(ids) + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=len(ids)), out=starts[1:])
    rank = np.arange(len(rows)) - starts[rows]
    years = _history_years(cat, age, rows, conditions, u[rows, 8 + rank % 8])
    # whether a drug the patient takes stands for the condition (then the phrase names it: the record's loop)
    taken = np.concatenate([drug_table(case["drugs"]), drug_table(case["home"])], axis=1)
    stands = np.zeros((len(standing) + 1, cat.n), dtype=bool)      # the last row: no drug
    for x, conds in enumerate(standing):
        stands[x, list(conds)] = True
    named = stands[taken[rows], conditions[:, None]].any(axis=1)
    drugged = np.zeros(len(ids), dtype=bool)
    drugged[rows[named]] = True
    left = np.flatnonzero(drugged).tolist()
    years_list = years.astype(str).tolist()
    starts_list = starts.tolist()
    years_texts = {i: years_list[starts_list[i]:starts_list[i + 1]] for i in left}
    plain = ~drugged[rows]
    if not plain.any():
        return left, years_texts
    rows, conditions, rank, years = rows[plain], conditions[plain], rank[plain], years[plain]
    control = np.where(conditions == cat.hypertension, case["htn"][rows],
                       np.where(conditions == cat.diabetes, case["dm"][rows], 0)).astype(np.int64)
    treated = (case["treated"].astype(np.int64)[rows] >> conditions) & 1
    kinds, first = grouped([(conditions, cat.n), (treated, 2), (control, int(control.max(initial=0)) + 1)])
    options = [_phrases_for(c, bool(t), k) for c, t, k in
               zip(conditions[first].tolist(), treated[first].tolist(), control[first].tolist())]
    count = np.array([len(x) for x in options], dtype=np.int64)
    pick = (u[rows, rank % 8] * count[kinds]).astype(np.int64)
    texts, at = grouped([(kinds, len(first)), (pick, int(count.max()) + 1), (years, int(years.max()) + 1)])
    # with no drug taken for it, a phrase's {drug} names none (as the record's loop would)
    phrases = [options[k][p].replace("{years}", y).replace("{drug}", "") + "。" for k, p, y in
               zip(kinds[at].tolist(), pick[at].tolist(), years[at].astype(str).tolist())]
    items = np.array(phrases, dtype=object)[texts].tolist()
    # (a record's pairs are consecutive: `rows` is sorted)
    bounds = np.flatnonzero(np.diff(rows, prepend=-1, append=len(ids))).tolist()
    for i, begin, end in zip(rows[bounds[:-1]].tolist(), bounds, bounds[1:]):
        heads[i] = "".join(items[begin:end])
    return left, years_texts


def past_histories(case, ids: np.ndarray, age, u, sex=None, contact=None) -> list[str]:
    """既往史: each known chronic condition other than the primary (years since diagnosis, the drug taken),
    then the standard denials, any allergy, and for children immunisation. Where `contact` (the present illness
    tells an onset after contact with the sick, contact.py), the denial said is never 否认传染病接触史."""
    cat = catalogue()
    phrases = history_phrases()
    lists = {k: [p for p, _ in phrases[k]] for k in ("allergy", "none", "vaccination", "infectious_neg",
                                                     "surgery_neg", "allergy_neg")}
    # The standard items, chosen for the whole batch: codes -1 for "not said".
    child = age < PAEDIATRIC_AGE
    vaccination = np.where(child, _pick(u[:, 17], len(lists["vaccination"])), -1)
    infectious = np.where(u[:, 18] < 0.7, _pick(u[:, 19], len(lists["infectious_neg"])), -1)
    sex = np.zeros(len(age), dtype=np.int64) if sex is None else sex
    operations = past_operations(age, sex, u[:, 25], u[:, 21], case["primary"].astype(np.int64))
    surgery_done = np.fromiter(map(bool, operations), dtype=bool, count=len(operations))
    surgery_neg = np.where(~surgery_done & (u[:, 20] < 0.6), _pick(u[:, 22], len(lists["surgery_neg"])), -1)
    allergy = case["allergy"].astype(np.int64)
    # a doctor prescribing records that the patient denies drug allergy: the denial is never left out then (a
    # clinician found it missing in 44 of 421 antibiotic notes, a later one before paracetamol and colchicine;
    # allergy_history.py)
    prescribed = np.fromiter(map(len, case["drugs"].tolist()), dtype=np.int64, count=len(case)) > 0
    allergy_neg = np.where((allergy == 0) & ((u[:, 23] < 0.85) | prescribed),
                           _pick(u[:, 24], len(lists["allergy_neg"])), -1)
    healthy = _pick(u[:, 16], len(lists["none"]))
    # A chronic primary diagnosis known before this visit is told in the present illness, not here; such a
    # record never says 既往体健, and keeps at least one standard denial.
    primary = case["primary"].astype(np.int64)
    known_primary = cat.chronic[primary] & ~case["new"]
    infectious = np.where(known_primary & (infectious < 0), _pick(u[:, 19], len(lists["infectious_neg"])), infectious)
    if contact is not None:
        denies = np.array([CONTACT_DENIED in x for x in lists["infectious_neg"]] + [False])
        other = next(k for k, x in enumerate(lists["infectious_neg"]) if CONTACT_DENIED not in x)
        infectious = np.where(np.asarray(contact, dtype=bool) & denies[infectious], other, infectious)
    tail_code = ((((vaccination + 1) * 8 + infectious + 1) * 8 + surgery_neg + 1) * 16 + allergy) * 8 + allergy_neg + 1
    tails: dict = {}

    def tail_text(code: int, v: int, inf: int, sn: int, al: int, an: int) -> str:
        text_ = tails.get(code)
        if text_ is None:
            items = []
            if v >= 0:
                items.append(lists["vaccination"][v])
            if inf >= 0:
                items.append(lists["infectious_neg"][inf])
            if sn >= 0:
                items.append(lists["surgery_neg"][sn])
            if al:
                items.append(lists["allergy"][al - 1])
            if an >= 0:
                items.append(lists["allergy_neg"][an])
            text_ = tails[code] = "".join(x + "。" for x in items)
        return text_

    # Conditions known before the visit (all listed but the primary), one phrase each.
    h, d = cat.hypertension, cat.diabetes
    htn, dm = case["htn"].tolist(), case["dm"].tolist()
    treated_mask = case["treated"].astype(np.int64).tolist()
    # (lists: an item of a structured array's object field is slow to index, once per record)
    prescribed, at_home = case["drugs"].tolist(), case["home"].tolist()
    treats, names, prn, takes = cat.drugs_indications_sets, cat.drug_name.tolist(), cat.drug_as_needed, cat.drug_take
    course = ((cat.group_names[cat.drug_group] == "全身抗菌药") | np.isin(cat.drug_class, NEVER_STANDING)).tolist()
    heads = np.where(known_primary, "", np.array([x + "。" for x in lists["none"]], dtype=object)[healthy]).tolist()
    ids = ids.tolist() if isinstance(ids, np.ndarray) else ids
    history_rows = np.flatnonzero(np.fromiter(map(len, ids), dtype=np.int64, count=len(ids)) > 1).tolist()
    # (the visit's course, antibiotic or other, is not what the patient takes for a chronic comorbidity)
    standing = [frozenset() if visit else t for t, visit in zip(treats, course)]
    # per (condition, treated, control): its phrases, and those naming no drug
    fitting: dict = {}
    if history_rows:
        history_rows, years_texts = _history_without_drugs(heads, ids, age, u, case, standing)
        draws = u[history_rows, :8].tolist()
        for i, r in zip(history_rows, draws):
            years_of = years_texts[i]
            items = []
            named: set = set()     # a drug taken for two conditions is told once (diclofenac for knee and neck)
            taken = prescribed[i] + at_home[i]
            bits = treated_mask[i]
            for j, c in enumerate(ids[i][1:]):
                control = htn[i] if c == h else dm[i] if c == d else 0
                key = (c, bits >> c & 1, control)
                phrases = fitting.get(key)
                if phrases is None:
                    phrases = fitting[key] = (_phrases_for(c, bool(key[1]), control),
                                              _phrases_without_drug(c, bool(key[1]), control))
                options = phrases[0]
                mine = [x for x in taken if c in standing[x]]
                if mine and named.issuperset(mine):
                    plain = phrases[1]
                    options, mine = (plain, []) if plain else (options, mine)
                else:
                    mine = [x for x in mine if x not in named]
                phrase = options[int(r[j % 8] * len(options))].replace("{years}", years_of[j])
                if mine and "{drug}" not in phrase:
                    # a treated condition whose phrases name no drug: say what is taken now (体检发现脂肪肝8年，
                    # 目前规律服用多烯磷脂酰胆碱胶囊), as the plan's 继续原方案 line will
                    phrase += "，目前" + takes[next((x for x in mine if not prn[x]), mine[0])] + "{drug}"
                if "{drug}" in phrase:
                    # every drug the patient takes for it (the plan's 继续原方案 line names the same ones)
                    scheduled = [x for x in mine if not prn[x]] or mine[:1]
                    phrase = phrase.replace("{drug}", "、".join(names[x] for x in scheduled))
                    named.update(scheduled)
                items.append(phrase + "。")
            heads[i] = "".join(items)
    surgery = {i: operations[i] + "。" for i in np.flatnonzero(surgery_done).tolist()}
    # the standard items: one text per distinct combination (a few hundred), then one concatenation per record
    codes, first, inverse = np.unique(tail_code, return_index=True, return_inverse=True)
    texts = [tail_text(code, *(int(x[k]) for x in (vaccination, infectious, surgery_neg, allergy, allergy_neg)))
             for code, k in zip(codes.tolist(), first.tolist())]
    inverse = inverse.reshape(-1).tolist()
    out = [head + texts[t] for head, t in zip(heads, inverse)]
    for i, text_ in surgery.items():
        out[i] = heads[i] + text_ + texts[inverse[i]]
    return out


# -- 家族史 -----------------------------------------------------------------------------------------------------------
FAMILY_SHARE_OWN = 0.3      # a condition the patient has is named in the family history (modelling assumption)
FAMILY_SHARE_OTHER = 0.08   # the family history names some other familial condition


@lru_cache(maxsize=1)
def family_table() -> tuple[dict, list[str], list[int]]:
    cat = catalogue()
    by_key: dict[str, list[tuple[str, int, int]]] = {}
    for key, phrase, low, high in cat.family_rows:
        by_key.setdefault(key, []).append((phrase, low, high))
    familial = [k for k in by_key if k != "none"]
    has_family = [cat.keys[c] in by_key and cat.chronic[c] for c in range(cat.n)]
    return by_key, familial, has_family


@lru_cache(maxsize=None)
def _family_fitting(key: str, age: int) -> tuple[str, ...]:
    by_key = family_table()[0]
    return tuple(p for p, low, high in by_key[key] if low <= age <= high)


@lru_cache(maxsize=1)
def _family_mask() -> np.int64:
    """The familial chronic conditions (family_table's has_family) as a 64-bit condition mask."""
    from .model import masks_of
    return masks_of(np.array(family_table()[2], dtype=bool)[None, :], catalogue())[0]


def family_histories(case, ids: np.ndarray, age, u) -> list[str]:
    """家族史: with probability FAMILY_SHARE_OWN each familial condition the patient has, and with
    FAMILY_SHARE_OTHER one other, named in phrases that fit the patient's age (父亲60岁时… only for adults);
    otherwise a negative family history."""
    cat = catalogue()
    _, familial, has_family = family_table()
    keys = cat.keys
    ages = np.minimum(age, 120)
    listed = condition_matrix(case["listed"].astype(np.int64) & _family_mask(), cat.n)
    # each familial listed condition is named with the record's draw for its rank among them (capped at the
    # sixth): visited cell by cell, a few per record, not as a (records, conditions) gather
    rows, conditions = cells(listed)
    starts = np.zeros(len(age) + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=len(age)), out=starts[1:])
    named = u[rows, np.minimum(np.arange(len(rows)) - starts[rows], 5)] < FAMILY_SHARE_OWN
    rows, conditions = rows[named], conditions[named]
    other = u[:, 6] < FAMILY_SHARE_OTHER
    has_own = np.zeros(len(age), dtype=bool)
    has_own[rows] = True
    positive = np.flatnonzero(has_own | other)
    none_under, none_over = _family_fitting("none", 0), _family_fitting("none", 120)
    # (the full stop added to the few phrases, not to every record's)
    out = np.where(ages <= 60, np.array([x + "。" for x in none_under], dtype=object)[_pick(u[:, 10], len(none_under))],
                   np.array([x + "。" for x in none_over], dtype=object)[_pick(u[:, 10], len(none_over))]).tolist()
    owned: dict[int, list[str]] = {}
    for i, c in zip(rows.tolist(), conditions.tolist()):
        owned.setdefault(i, []).append(keys[c])
    draws = u[positive, 6:10].tolist()
    for i, a, r in zip(positive.tolist(), ages[positive].tolist(), draws):
        chosen = owned.get(i, [])
        if r[0] < FAMILY_SHARE_OTHER:
            extra = familial[int(r[1] * len(familial))]
            if extra not in chosen:
                chosen.append(extra)
        items = []
        for j, key in enumerate(chosen[:2]):
            fitting = _family_fitting(key, a)
            if fitting:
                items.append(fitting[int(r[2 + j] * len(fitting))])
        if items:
            out[i] = "，".join(items) + "。"
    return out


# -- 检查结果 (physical examination) ----------------------------------------------------------------------------
PERSISTENT_SIGNS = ("stroke_sequelae", "knee_oa", "lumbar_disc", "cervical_spondylosis", "osteoporosis", "gout",
                    "copd", "ckd", "eczema", "obesity", "hyperthyroidism", "hypothyroidism", "ida")


@lru_cache(maxsize=1)
def finding_tables() -> dict:
    cat = catalogue()
    systems = {s: k for k, s in enumerate(cat.system_order)}
    row_mask = np.array([sum(1 << systems[s] for s in ss) for ss in cat.finding_systems], dtype=np.int64)
    row_rank = np.array([min(systems[s] for s in ss) for ss in cat.finding_systems])
    row_condition = np.full(len(cat.finding_text), -1)
    for c in range(cat.n):
        row_condition[cat.findings_of[c]] = c
    own = np.zeros(cat.n, dtype=np.int64)
    for c in range(cat.n):
        for r in cat.findings_of[c]:
            own[c] |= row_mask[r]
    normal = list(cat.normal_findings)
    if normal[0] != "general":
        raise ValueError("exam_findings.tsv: the first normal row must be the general state")
    return {"systems": systems, "row_mask": row_mask, "row_rank": row_rank, "row_condition": row_condition,
            "own": own, "normal": normal, "persistent": [cat.index[k] for k in PERSISTENT_SIGNS]}


def mood_poor(case, age) -> np.ndarray:
    """Whether the present illness says the patient's general state is poor (精神欠佳/精神稍差): the same flag
    that picks its `state.mind` phrase. A function of the symptoms, the fever and the severity: pneumonia
    leaves the old and the very young spent (a reader questioned an 80-year-old's pneumonia with 精神可)."""
    views = symptom_views()
    symptom = case["symptom"].astype(np.int64)
    second = case["symptom2"].astype(np.int64)
    primary = case["primary"].astype(np.int64)
    frail = (np.asarray(age) >= FRAIL_FROM) | (np.asarray(age) < 3)
    return views["mood"][symptom] | ((second >= 0) & views["mood"][np.maximum(second, 0)]) | \
        views["mood_condition"][primary] | (case["tmax"] >= np.where(frail, SPENT_BY_FEVER_FRAIL, SPENT_BY_FEVER)) | \
        (np.isin(primary, spending_conditions()) & frail)


FRAIL_FROM = 65


@lru_cache(maxsize=1)
def spending_conditions() -> list[int]:
    """Conditions whose acute illness leaves the old and the very young with a poor general state."""
    return [catalogue().index["pneumonia"]]


# A fever this high leaves a patient 精神欠佳 in history and exam alike (a reader questioned 40.0℃ with 精神可).
SPENT_BY_FEVER = 39.5
SPENT_BY_FEVER_FRAIL = 39.0     # the old and the very young are spent sooner (a 76-year-old at 39.3℃ 精神可 was doubted)


SUPPORTING = ("supporting",)     # findings never the only one of the diagnosis
# findings shown whenever the plan's fact holds (a conjunctivitis's discharge tells its kind, and its drops follow:
# antibacterial drops for the mucopurulent one only; a clinician met them for a watery, viral one)
# (an exudative eczema's examination shows its exudate, which the boric-acid wet compress treats)
# (an eczema's examination shows its stage: an attending met eight months of eczema with no 苔藓样变)
# (a child's diarrhoea states its hydration either way: hydrated_child, issue 18 #17)
FORCED_SIGNS = ("dehydrated", "hydrated_child", "discharge", "bacterial", "viral", "exudative", "acute", "chronic",
                "hand", "man", "straight_leg")


def rehydrated_rows(case) -> np.ndarray:
    """Whether the patient is dehydrated (decided in the plan; the rehydration dose follows it)."""
    return case["dehydrated"].astype(bool)


# The organ a complaint names is the one the doctor examines (a sore throat gets a throat finding, not only the
# nose): complaint words -> exam body system (exam_findings.tsv systems). Negated clauses name nothing.
COMPLAINT_SYSTEMS = (("咽", "pharynx"), ("鼻塞", "nose"), ("流涕", "nose"), ("喷嚏", "nose"), ("咳", "lungs"),
                     ("痰", "lungs"), ("喘", "lungs"), ("气促", "lungs"), ("耳", "ear"), ("腹", "abdomen"),
                     ("泻", "abdomen"), ("呕吐", "abdomen"), ("稀便", "abdomen"),
                     # a headache, dizziness, numbness or radiating pain is examined neurologically (issue 18 #13,
                     # #23, #25, #27: a new occipital headache with no 颈软 or 神经系统 line)
                     ("头痛", "neuro"), ("头胀", "neuro"), ("头晕", "neuro"), ("麻木", "neuro"), ("放射痛", "neuro"))


@lru_cache(maxsize=2)
def complaint_system_rows(with_detail: bool = True) -> np.ndarray:
    """Per symptom row, the bit mask of the body systems its words name (the accompanying symptom is told
    without its detail)."""
    cat = catalogue()
    systems = finding_tables()["systems"]
    out = []
    for t, d, event, base in zip(cat.symptom_text, cat.symptom_detail, cat.symptom_event, cat.symptom_base):
        said = positive_text(t + ("，" + d if with_detail else ""))
        out.append(sum({1 << systems[s] for w, s in COMPLAINT_SYSTEMS if w in said and s in systems}))
    return np.array(out, dtype=np.int64)


EXAM_PRIORITY = ("pharynx", "ear", "lungs", "abdomen", "nose", "neuro")   # what the doctor looks at first


def _aim(allowed: np.ndarray, masks: np.ndarray, named: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Restrict each row's allowed findings to those of its most important named system that has one."""
    systems = finding_tables()["systems"]
    out, done = allowed.copy(), np.zeros(len(allowed), dtype=bool)
    for name in EXAM_PRIORITY:
        bit = 1 << systems[name]
        aimed = allowed & ((masks & bit) != 0)[None, :] & ((named & bit) != 0)[:, None]
        use = aimed.any(axis=1) & ~done
        out[use] = aimed[use]
        done |= use
    return out, done


def complaint_systems(case) -> np.ndarray:
    symptom, second = case["symptom"].astype(np.int64), case["symptom2"].astype(np.int64)
    return complaint_system_rows()[symptom] | np.where(second >= 0, complaint_system_rows(False)[np.maximum(second, 0)], 0)


@lru_cache(maxsize=1)
def ear_discharge_rows() -> np.ndarray:
    """Per symptom row, whether it tells a running ear (流脓): the examination then sees the perforation."""
    cat = catalogue()
    return np.array(["流脓" in t + d for t, d in zip(cat.symptom_text, cat.symptom_detail)])


@lru_cache(maxsize=1)
def dry_cough_rows() -> np.ndarray:
    """Per symptom row, whether its cough is dry (干咳): the examination then hears no sputum (痰鸣音)."""
    cat = catalogue()
    return np.array(["干咳" in t + d for t, d in zip(cat.symptom_text, cat.symptom_detail)])


# A minor's plan is advised as a child's: no 戒酒 or 忌烟酒 to a 14-year-old (a reader), and the WHO activity
# target of 5-17 years (60 minutes a day), not the adult 150 minutes a week.
ADULT_ADVICE_FROM = 18
SPUTUM_SOUNDS_UNDER = 6     # years: 痰鸣音 (and 喉中痰鸣 in the history) only below this age


def requirement_matrix(age, sex, heart_rate, resp_rate, bmi, listed, poor=None, variant=None,
                       dry=None, rehydrated=None, discharge=None, check_up=None) -> dict[str, np.ndarray]:
    """Which vital-sign-dependent findings each record may state (心率稍快 needs a fast heart rate ...; 痰鸣音
    needs a cough that is not dry)."""
    cat = catalogue()
    adult = age >= PAEDIATRIC_AGE
    hr_base = cat.vital_mean["heart_rate"][sex, age]
    rr_base, rr_sd = cat.vital_mean["resp_rate"][sex, age], cat.vital_sd["resp_rate"][sex, age]
    return {
        "": np.ones(len(age), dtype=bool),
        "hr_high": np.where(adult, heart_rate >= 100, heart_rate >= hr_base + 20),
        "hr_low": adult & (heart_rate < 60),
        "rr_high": np.where(adult, resp_rate > 20, resp_rate >= rr_base + 2 * rr_sd),
        "overweight": (bmi >= cat.overweight_bmi[sex, age]) | listed[:, cat.obesity],
        "obese": listed[:, cat.obesity],
        "infant": age < 1,
        # visual acuity and eye pressure are measured at the eye clinic (from 14; a child's red eye is 儿科's)
        "adult": adult,
        # a man's urinary infection is complicated: his prostate is examined (an attending, issue 18)
        "man": (sex == 0) & (age >= 18),
        # a disc herniation's examination always tests the straight-leg raise (issue 18 #23)
        "straight_leg": np.ones(len(age), dtype=bool),
        "weeks": np.ones(len(age), dtype=bool),
        "mood_poor": poor if poor is not None else np.zeros(len(age), dtype=bool),
        "infant_ok": (age < 1) & ~(poor if poor is not None else np.zeros(len(age), dtype=bool)),
        # the general-state variants (key `general`) are not findings of a condition
        "poor": np.zeros(len(age), dtype=bool), "infant_poor": np.zeros(len(age), dtype=bool),
        "supporting": np.ones(len(age), dtype=bool),     # allowed beside a defining finding, never alone
        # signs of dehydration exactly where the plan decided the patient is dehydrated (rehydration.py)
        "dehydrated": rehydrated if rehydrated is not None else np.ones(len(age), dtype=bool),
        # a child's diarrhoea without dehydration has it said: no sign of it (issue 18 #17: no hydration in 查体)
        "hydrated_child": (age < PAEDIATRIC_AGE) & ~(rehydrated if rehydrated is not None else
                                                      np.ones(len(age), dtype=bool)),
        "infant_hydrated": (age < 1) & ~(poor if poor is not None else np.zeros(len(age), dtype=bool)) &
        ~(rehydrated if rehydrated is not None else np.zeros(len(age), dtype=bool)),
        "productive": ~dry if dry is not None else np.ones(len(age), dtype=bool),
        # 痰鸣音 is heard over a small child's chest (sputum they cannot cough up); an adult's is 干湿啰音
        "productive_young": (age < SPUTUM_SOUNDS_UNDER) & (~dry if dry is not None else True),
        "productive_adult": (age >= SPUTUM_SOUNDS_UNDER) & (~dry if dry is not None else True),
        # a perforated eardrum exactly where the history tells the ear running (耳流脓); else an intact one
        "discharge": discharge if discharge is not None else np.zeros(len(age), dtype=bool),
        "intact": ~discharge if discharge is not None else np.ones(len(age), dtype=bool),
        # signs of infection (pus, contact bleeding) only where the visit is not a check-up finding
        "symptomatic": ~check_up if check_up is not None else np.ones(len(age), dtype=bool),
        # a finding of one variant of the visit's reason (vaginitis: bv, candida, trich)
        **{name: (variant == k) if variant is not None else np.zeros(len(age), dtype=bool)
           for k, name in enumerate(cat.variant_names, start=1)},
    }


@lru_cache(maxsize=1)
def department_normal_bits() -> np.ndarray:
    """(departments, normal rows): which normal findings each department's examination may state."""
    cat = catalogue()
    normal = finding_tables()["normal"]
    names = sorted(cat.department_systems)
    return np.array([[s in cat.department_systems[d] for s in normal] for d in names], dtype=bool)


@lru_cache(maxsize=1)
def department_finding_bits() -> np.ndarray:
    """(departments, finding rows): findings whose body systems the department's examination covers
    (department_exam.tsv)."""
    cat = catalogue()
    names = sorted(cat.department_systems)
    return np.array([[set(systems) <= set(cat.department_systems[d]) for systems in cat.finding_systems]
                     for d in names], dtype=bool)


def visit_department_of(age, primary) -> np.ndarray:
    from .model import visit_department
    return visit_department(catalogue(), age, primary)


def _department_codes(age, primary) -> np.ndarray:
    """Per record the visit's department (visit_department_of) as its place among the sorted department_systems:
    each condition's department looked up once (a child's is 儿科)."""
    cat = catalogue()
    names = np.array(sorted(cat.department_systems))
    adult = np.searchsorted(names, np.asarray(visit_department_of(np.full(cat.n, PAEDIATRIC_AGE), np.arange(cat.n)),
                                              dtype=str))
    child = np.searchsorted(names, "儿科")
    return np.where(np.asarray(age) < PAEDIATRIC_AGE, child, adult[primary])


def _department_is(age, primary, name: str) -> np.ndarray:
    """Per record whether the visit's department (visit_department_of) is `name`, read per condition."""
    cat = catalogue()
    return np.where(np.asarray(age) < PAEDIATRIC_AGE, name == "儿科", (cat.department == name)[primary])


@lru_cache(maxsize=1)
def _normal_items() -> list[list[tuple[int, str]]]:
    """For every subset (bit mask) of the normal findings, its (rank, text) items."""
    cat = catalogue()
    t = finding_tables()
    normal = t["normal"]
    items = [(t["systems"][s], cat.normal_findings[s]) for s in normal]
    return [[items[k] for k in range(len(normal)) if mask >> k & 1] for mask in range(1 << len(normal))]


def exam_findings(case, age, sex, heart_rate, resp_rate, bmi, u) -> list[str]:
    """查体: one or two findings of the primary diagnosis, perhaps one of a comorbidity, and normal findings of
    other body systems — never a normal finding for a system the primary diagnosis (or a condition with
    persistent signs) speaks of, never two findings of one system. (The word on an undiagnosed high blood
    pressure or glucose is the plan's: undiagnosed_notes.)"""
    cat = catalogue()
    t = finding_tables()
    n = len(case)
    primary = case["primary"].astype(np.int64)
    listed = condition_matrix(case["listed"].astype(np.int64), cat.n)
    poor = mood_poor(case, age)
    symptom, second = case["symptom"].astype(np.int64), case["symptom2"].astype(np.int64)
    dry = dry_cough_rows()[symptom] | ((second >= 0) & dry_cough_rows()[np.maximum(second, 0)])
    requirements = requirement_matrix(age, sex, heart_rate, resp_rate, bmi, listed, poor,
                                      case["variant"].astype(np.int64), dry, rehydrated_rows(case),
                                      ear_discharge_rows()[symptom] | ((second >= 0) &
                                                                       ear_discharge_rows()[np.maximum(second, 0)]),
                                      check_up=screened_check_up(cat, primary, symptom))
    row_condition, row_mask = t["row_condition"], t["row_mask"]
    complaint = complaint_systems(case)
    departments = _department_codes(age, primary)
    kept = np.zeros(n, dtype=np.int64)
    for c in t["persistent"]:
        kept |= np.where(listed[:, c] & (primary != c), t["own"][c], 0)
    blocked = t["own"][primary] | kept
    # an old stroke's deficit is the nervous system's word: no 神经系统查体未见阳性体征 of the diagnosis beside it
    neuro = 1 << t["systems"]["neuro"]
    kept &= neuro
    # One or two findings of the primary diagnosis (no two of one body system), condition by condition.
    first = np.zeros(n, dtype=np.int64)
    second = np.full(n, -1, dtype=np.int64)
    for c in np.unique(primary).tolist():
        rows = np.flatnonzero(primary == c)
        options = cat.findings_of[c]
        allowed = np.stack([requirements[cat.finding_requires[r]][rows] for r in options], axis=1)
        allowed &= (row_mask[options][None, :] & kept[rows, None]) == 0
        defining = allowed & ~np.isin(cat.finding_requires[options], SUPPORTING)[None, :]
        # a dehydrated patient's examination always shows it, a running ear its perforation: the sign comes first
        signs = defining & np.isin(cat.finding_requires[options], FORCED_SIGNS)[None, :]
        shown = signs.any(axis=1)
        defining[shown] = signs[shown]
        # otherwise a finding of an organ the complaint names comes first, and a second named organ follows
        named = complaint[rows]
        defining, _ = _aim(defining, row_mask[options], np.where(shown, 0, named))
        pick = choose_true(u[rows, 0], defining)
        first[rows] = options[pick]
        again = allowed & ((row_mask[options][None, :] & row_mask[options[pick]][:, None]) == 0)
        again, has_aim = _aim(again, row_mask[options], named & ~row_mask[options[pick]])
        take = again.any(axis=1) & ((u[rows, 1] < 0.5) | shown | has_aim)   # a dehydration sign is never alone
        if take.any():
            second[rows[take]] = options[choose_true(u[rows[take], 2], again[take])]
    used = row_mask[first] | np.where(second >= 0, row_mask[np.maximum(second, 0)], 0)
    # Perhaps one finding of another listed condition, in a body system nobody has spoken for.
    other = np.full(n, -1, dtype=np.int64)
    rows = np.flatnonzero(listed.sum(axis=1) > 1)
    if len(rows):
        allowed = np.stack([requirements[r][rows] for r in cat.finding_requires], axis=1)
        allowed &= (row_condition[None, :] >= 0) & listed[np.ix_(rows, np.maximum(row_condition, 0))]
        allowed &= row_condition[None, :] != primary[rows, None]
        allowed &= (row_mask[None, :] & used[rows, None]) == 0
        # a neurological complaint beside an old stroke states the old deficit (the normal neuro line is blocked)
        owed = ((complaint[rows] & neuro) != 0) & ((used[rows] & neuro) == 0)
        # (a limb's: the history's 遗留肢体活动不利; the speech finding is only ever beside one)
        deficit = allowed & (((row_mask & neuro) != 0) & ~np.isin(cat.finding_requires, SUPPORTING))[None, :] & \
            owed[:, None]
        must = deficit.any(axis=1)
        allowed &= (row_mask[None, :] & blocked[rows, None]) == 0
        # and one the department examines: no rectal examination of the prostate in the eye clinic
        allowed &= department_finding_bits()[departments[rows]]
        allowed[must] = deficit[must]
        take = allowed.any(axis=1) & ((u[rows, 3] < 0.5) | must)
        if take.any():
            other[rows[take]] = choose_true(u[rows[take], 4], allowed[take])
    used |= np.where(other >= 0, row_mask[np.maximum(other, 0)], 0)
    # A respiratory or febrile visit always auscultates the lungs (auscultation.py): with the diagnosis's own
    # lung finding if none was picked yet, else the normal lung line below.
    lungs = 1 << t["systems"]["lungs"]
    lung_visit = lung_examined_conditions()[primary]

    def own_finding(bit, visit):
        """Per record, the diagnosis's own finding of one body system where the visit examines it and none was
        picked yet (-1 elsewhere)."""
        found = np.full(n, -1, dtype=np.int64)
        rows = np.flatnonzero(visit & ((used & bit) == 0) & ((t["own"][primary] & bit) != 0))
        for c in np.unique(primary[rows]).tolist():
            at = rows[primary[rows] == c]
            options = cat.findings_of[c]
            allowed = np.stack([requirements[cat.finding_requires[r]][at] for r in options], axis=1)
            allowed &= ((row_mask[options] & bit) != 0)[None, :] & ((row_mask[options][None, :] & used[at, None]) == 0)
            ok = allowed.any(axis=1)
            if ok.any():
                found[at[ok]] = options[choose_true(u[at[ok], 4], allowed[ok])]
        return found

    lung = own_finding(lungs, lung_visit)
    used |= np.where(lung >= 0, row_mask[np.maximum(lung, 0)], 0)
    # A febrile child's throat is always looked at (a clinician reader met a feverish child with no 咽部 line): the
    # diagnosis's own throat finding, else the normal throat line below.
    pharynx = 1 << t["systems"]["pharynx"]
    throat_visit = (age < PAEDIATRIC_AGE) & cat.fever[primary]
    throat = own_finding(pharynx, throat_visit)
    used |= np.where(throat >= 0, row_mask[np.maximum(throat, 0)], 0)
    # A cardiology visit always listens to the heart (a clinician found no heart line in 90 of 202): the
    # diagnosis's own heart finding, else the normal heart line below.
    heart_bit = 1 << t["systems"]["heart"]
    heart_visit = _department_is(age, primary, "心内科")
    heart = own_finding(heart_bit, heart_visit)
    used |= np.where(heart >= 0, row_mask[np.maximum(heart, 0)], 0)
    # Normal findings: the general state first (if free), then up to three more free systems at random.
    normal = t["normal"]
    bits = np.array([1 << t["systems"][s] for s in normal], dtype=np.int64)
    free = ((blocked | used)[:, None] & bits[None, :]) == 0
    # Normal-exam boilerplate belongs to the department (department_exam.tsv): no throat line in cardiology.
    free &= department_normal_bits()[departments]
    # Every examination opens on the general state: only a general-state finding of its own (精神稍差，面容疲倦)
    # replaces the normal line; a condition that merely could claim the system does not silence it.
    free[:, 0] = (used & bits[0]) == 0
    listen = lung_visit & ((used & lungs) == 0)
    free[:, normal.index("lungs")] |= listen
    look = throat_visit & ((used & pharynx) == 0)
    free[:, normal.index("pharynx")] |= look
    hear = heart_visit & ((used & heart_bit) == 0)
    free[:, normal.index("heart")] |= hear
    # a neurological complaint's examination states the nervous system (else its normal line, where the department
    # examines it: a tonsillitis's headache in the ENT clinic is not examined neurologically)
    probe = ((complaint & neuro) != 0) & (((used | blocked) & neuro) == 0) & \
        department_normal_bits()[departments][:, normal.index("neuro")]
    free[:, normal.index("neuro")] |= probe
    for system in IRRELEVANT_IN_LUNG_VISITS:
        free[:, normal.index(system)] &= ~lung_visit
    priority = u[:, 5:5 + len(normal)].copy()
    priority[:, 0] = -1.0
    priority[listen, normal.index("lungs")] = -0.5
    priority[look, normal.index("pharynx")] = -0.4
    priority[hear, normal.index("heart")] = -0.3
    priority[probe, normal.index("neuro")] = -0.2
    priority[~free] = 2.0
    order = np.argsort(priority, axis=1)
    count = 2 + (u[:, 14] * 3).astype(np.int64) + look + hear + probe   # the throat or heart line never crowds out the lungs
    taken = np.take_along_axis(free, order, axis=1) & (np.arange(len(normal))[None, :] < count[:, None])
    chosen = np.zeros_like(taken)
    np.put_along_axis(chosen, order, taken, axis=1)
    normal_bits = (chosen.astype(np.int64) << np.arange(len(normal), dtype=np.int64)[None, :]).sum(axis=1)
    weeks = np.where(cat.symptom_unit[case["symptom"].astype(np.int64)] == "周", case["duration"],
                     case["duration"] // 7)
    texts, ranks = cat.finding_text, t["row_rank"]
    normal_items = _normal_items()
    weeks = weeks.tolist()
    # The general-state line fits the age (查体合作 from 3 years) and agrees with the present illness.
    young = age < 3
    variant = np.where(young, np.where(poor, 3, 2), np.where(poor, 1, 0))
    general_texts = [cat.normal_findings["general"]] + [cat.general_variants[k] for k in
                                                        ("poor", "infant_ok", "infant_poor")]
    general_rank = t["systems"]["general"]
    # The body is a function of the findings picked, the normal lines and the general line's variant: one text per
    # distinct combination (a few thousand), gathered per record; only the records with a number to fill or a
    # note to add are then visited one by one.
    findings = len(texts) + 1
    groups, at = grouped([(first, findings), (second + 1, findings), (other + 1, findings), (lung + 1, findings),
                          (throat + 1, findings), (heart + 1, findings), (normal_bits, 1 << len(normal)),
                          (variant, 4)])
    # (a body is a function of its key and the catalogue's tables: kept across batches, per catalogue)
    if len(_EXAM_BODIES) > 20_000 or _EXAM_BODIES.get("tables") is not t:
        _EXAM_BODIES.clear()
        _EXAM_BODIES["tables"] = t
    bodies = []
    for key in zip(*(column[at].tolist() for column in (first, second, other, lung, throat, heart, normal_bits,
                                                       variant))):
        body = _EXAM_BODIES.get(key)
        if body is None:
            body = _EXAM_BODIES[key] = _exam_body(key, texts, ranks, normal_items, general_texts, general_rank)
        bodies.append(body)
    numbered = np.array(["{weeks}" in b for b in bodies], dtype=bool)
    sited = np.array([eczema_sites.SLOT in b for b in bodies], dtype=bool)
    out = np.array(bodies, dtype=object)[groups].tolist()
    for i in np.flatnonzero(numbered[groups]).tolist():
        out[i] = out[i].replace("{weeks}", str(max(int(weeks[i]), 4)))
    accompanying = case["symptom2"]
    for i in np.flatnonzero(sited[groups]).tolist():
        out[i] = out[i].replace(eczema_sites.SLOT, eczema_sites.site_of(int(symptom[i]), int(accompanying[i])))
    return out


# (findings, normal lines, general variant) -> the examination's body text; at most 20,000 kept
_EXAM_BODIES: dict = {}


def _exam_body(key: tuple, texts, ranks, normal_items, general_texts, general_rank) -> str:
    """The 查体 body of one combination: its findings and normal lines in body-system order."""
    first, second, other, lung, throat, heart, normal_mask, variant = key
    items = [(ranks[first], texts[first])]
    for extra in (second, other, lung, throat, heart):
        if extra >= 0:
            items.append((ranks[extra], texts[extra]))
    items.extend((r, general_texts[variant] if r == general_rank else x) for r, x in normal_items[normal_mask])
    items.sort()
    return "。".join(x[1] for x in items) + "。"


def undiagnosed_notes(case, age, primary, sbp, dbp, glucose, u) -> list[str]:
    """Per record, the plan's word on a blood pressure or fasting glucose over the threshold without the diagnosis
    ("" elsewhere). An attending found it written inside 查体 (issue 18): a remark that advises belongs to 处理."""
    out = [""] * len(case)
    # (an undiagnosed diabetes is found only where the visit measures the glucose: glucose_lab.py)
    bp_note = case["htn"] == UNDIAGNOSED
    glu_note = (case["dm"] == UNDIAGNOSED) & ~np.isnan(np.asarray(glucose, dtype=float))
    rows = np.flatnonzero(bp_note | glu_note)
    if not len(rows):
        return out
    bp_pools = [pool("note.bp", (("severe", "no"),)), pool("note.bp", (("severe", "yes"),))]
    glu_pools = [pool("note.glu", (("endo", "no"),)), pool("note.glu", (("endo", "yes"),))]
    severe = (np.asarray(sbp) >= 180) | (np.asarray(dbp) >= 110)
    endo = _department_is(np.asarray(age), primary, "内分泌科")
    # one uniform picks both wordings (its fractional digits the glucose's)
    jb, jg = _index(u[rows]), _index((u[rows] * 16) % 1.0)
    for i, b, g in zip(rows.tolist(), jb, jg):
        parts = []
        if bp_note[i]:
            parts.append(bp_pools[int(severe[i])].templates[b].format(sbp=int(sbp[i]), dbp=int(dbp[i])))
        if glu_note[i]:
            parts.append(glu_pools[int(endo[i])].templates[g].format(glu=f"{float(glucose[i]):.1f}"))
        out[i] = "；".join(parts) + "。"
    return out


def grouped(columns: list[tuple[np.ndarray, int]]) -> tuple[np.ndarray, np.ndarray]:
    """Records equal in every column (each an integer array with values in [0, radix)) share a group: per record
    its group number, and per group its first record (numbered in order of first appearance, by hash). The
    columns are packed into one 64-bit key, renumbered densely whenever the next column would overflow it."""
    key = np.zeros(len(columns[0][0]), dtype=np.int64)
    span = 1
    for values, radix in columns:
        if span * radix >= 1 << 62:
            key = pd.factorize(key)[0].astype(np.int64)
            span = int(key.max(initial=0)) + 1
        key = key * radix + np.asarray(values, dtype=np.int64)
        span *= radix
    return first_rows(key)


# -- the note ---------------------------------------------------------------------------------------------------
def age_texts(age, birth, visit) -> list[str]:
    months = ((visit - birth).astype(np.int64) / 30.4375).astype(np.int64)
    return [f"{a}岁" if a >= 1 else f"{max(1, m)}个月" for a, m in zip(age.tolist(), months.tolist())]


@lru_cache(maxsize=1)
def _labels() -> tuple[list[str], list[str]]:
    """Per condition "name（code）"; per drug its adult prescription line."""
    cat = catalogue()
    labels = [f"{n}（{c}）" for n, c in zip(cat.name, cat.code)]
    lines = [f"{n} {d.text if d is not None else ''} {r} {f}"
             for n, d, r, f in zip(cat.drug_name, cat.drug_adult, cat.drug_route, cat.drug_adult_frequency)]
    return labels, lines


_PREFIXES = [f"{k}. " for k in range(1, 40)]
# per count of items, "1. %s；2. %s…" (one % fills a numbered list)
_NUMBERED_FORMS = ["；".join(p + "%s" for p in _PREFIXES[:k]) for k in range(len(_PREFIXES) + 1)]


def _numbered(items) -> str:
    """1. a；2. b … (strings; at most len(_PREFIXES) of them)."""
    items = tuple(items[:len(_PREFIXES)])
    return _NUMBERED_FORMS[len(items)] % items


def decimals(values) -> list[str]:
    """One-decimal strings of a float column, formatted once per distinct value (distinct by hash, in order of
    first appearance; a column with NaN or a negative zero, which equal other values, takes the sorted path)."""
    values = np.asarray(values, dtype=float)
    if np.isnan(values).any() or np.signbit(values).any():
        table = {v: f"{v:.1f}" for v in np.unique(values).tolist()}
        return [table[v] for v in values.tolist()]
    codes, distinct = pd.factorize(values)
    texts = np.empty(len(distinct), dtype=object)
    texts[:] = [f"{v:.1f}" for v in distinct.tolist()]
    return texts[codes].tolist()


OVERWEIGHT_BMI = 24.0          # 中国成人超重和肥胖预防控制指南: overweight from 24
ACTIVITY_BY_ABILITY_FROM = 80  # no 150 minutes a week from here (plan.grammar)


def plans(case, ids, age, medications, u, pressure_high=None, reviewed=None, bmi=None, codes=None) -> list[str]:
    """Each record's plan; `pressure_high` (per record, measured at or above 140/90) withholds 病情平稳;
    `reviewed` (per record) leaves out the table's follow-up where a later sentence books the review; `codes`
    (per record the prescription's line ids, prescriptions.py) has a record's dosed lines written once per
    distinct prescription rather than from its medications' dicts."""
    cat = catalogue()
    high = np.zeros(len(case), dtype=bool) if pressure_high is None else np.asarray(pressure_high, dtype=bool)
    views = symptom_views()
    _, adult_lines = _labels()
    primary = case["primary"].astype(np.int64)
    # a finding of a check-up that is screened, not treated, says so (symptomatic.found_on_check_up), and is
    # followed up at the yearly screening, not in 3 days (a reader met 无需治疗，每年妇科检查…，3天后复诊)
    screened = screened_check_up(cat, primary, case["symptom"].astype(np.int64))
    pregnant = primary == cat.index["early_pregnancy"]    # seen again for booking, not in 3 days (a reader)
    review = case["disposition"] == paediatric_fever.REVIEW      # a febrile infant of 3-6 months at 39 ℃
    # an adult's follow-up by diagnosis and today's step where the table has one (adult_followup.py)
    table_follow = follow_ups(cat, case, age, (u[:, 0] * 7919) % 1, screened)
    by_table = np.array([f is not None for f in table_follow], dtype=bool)
    follow = np.where(review, 4, np.where(by_table, 3, np.where(pregnant, 2, (cat.chronic[primary] | screened))))
    # weight advice above BMI 24, an older patient's activity within his means (plan.grammar)
    lean = np.zeros(len(case), dtype=bool) if bmi is None else np.asarray(bmi, dtype=float) < OVERWEIGHT_BMI
    pools, which = batch_pools("advice", {"follow": (follow, ("short", "long", "pregnancy", "table", "review")),
                                          "group": (primary, views["advice"].tolist()),
                                          "who": (np.where(age < 1, 1, np.where(age < 3, 3, np.where(
                                              age < ADULT_ADVICE_FROM, 2, 0))), ("other", "infant", "child", "toddler")),
                                          "trich": flag(case["variant"] == 1 + cat.variant_names.index("trich")),
                                          "build": (lean.astype(np.int64), ("heavy", "lean")),
                                          "old": flag(age >= ACTIVITY_BY_ABILITY_FROM),
                                          "care": care_column(cat, primary, age, symptom_facts(
                                              cat, case["symptom"].astype(np.int64), case["symptom2"].astype(
                                                  np.int64))[3])})
    nodrug_pools, nodrug_of = batch_pools("nodrug", {
        "kind": (np.where(case["htn_watch"], 4, np.where(screened, 2, np.where(
                     cat.bacterial[primary], 3, cat.chronic[primary].astype(np.int64)))),
                 ("acute", "chronic", "screen", "refer", "watch")),
        "fever": flag(cat.fever[primary])})
    j, k = _index(u[:, 0]), _index(u[:, 1])
    table = drug_table(case["drugs"])
    drug, present = np.maximum(table, 0), table >= 0
    # Drugs for the visit's reason first; a chronic comorbidity's drugs follow as 继续原方案 lines.
    split_counts = (present & cat.indication[drug, primary[:, None]]).sum(axis=1)
    # a pressor cold remedy left out beside a raised pressure (pressor.py): count the prescription's own drugs
    for i in np.flatnonzero(high & (present & pressor_mask()[drug]).any(axis=1)).tolist():
        split_counts[i] = sum(bool(cat.indication[cat.drug_index[m["name"]], primary[i]]) for m in medications[i])
    splits = split_counts.tolist()
    ors = cat.drug_class == "口服补液盐"                # dosed per patient (rehydration.py)
    banded = np.asarray(adjusted_drugs(cat), dtype=bool)  # the elderly's own doses (age_doses.py)
    varies = np.asarray(cat.drug_adult_varies, dtype=bool)  # an indication's own adult dose (indication_doses.tsv)
    own_dose = present & (ors[drug] | varies[drug] | (banded[drug] & (age >= ELDERLY_FROM)[:, None]))
    # an adult's line is the label's adult line unless a drug is dosed for this patient
    # (an antibacterial's line carries its course, which depends on the visit: courses.py)
    own_dose |= present & antibacterial_drugs(cat)[drug]
    # a renally cleared drug begun today starts low (start_doses.py)
    # a pressor cold remedy is replaced beside a raised pressure (pressor.py): the plan reads the prescription
    own_dose |= present & pressor_mask()[drug] & high[:, None]
    begun = start_doses.started(cat, case)
    for col, name in enumerate(start_doses.START_LINES):
        own_dose |= present & (drug == cat.drug_index[name]) & begun[:, col:col + 1]
    as_label = (age >= PAEDIATRIC_AGE) & ~own_dose.any(axis=1)
    label_lines = as_label.tolist()
    regimen, previous, hp = case["regimen"].tolist(), case["previous"].tolist(), case["hp"].tolist()
    primaries = primary.tolist()
    cache: dict = {}
    out = []
    disposition = case["disposition"].tolist()
    referrals = pool("referral", ()).templates
    observed = pool("rehydration.observed", ()).templates           # paediatric_rehydration.py
    dehydrated_child = case["dehydrated"] & (age < PAEDIATRIC_AGE)
    child_dehydrated = dehydrated_child.tolist()
    grades, watched = case["htn_grade"].tolist(), case["htn_watch"].tolist()
    booked_array = np.zeros(len(case), dtype=bool) if reviewed is None else np.asarray(reviewed, dtype=bool)
    booked = booked_array.tolist()
    lipid_risks, lipid_lifestyle = case["lipid_risk"].tolist(), case["lipid_lifestyle"].tolist()
    prefixes = {r: risk_prefix(r) for r in set(lipid_risks)}      # each ASCVD group's opening written once
    drug_lists = case["drugs"].tolist()
    group, rows = np.arange(len(case)), range(len(case))
    if codes is not None:       # per record its prescription's number: its dosed lines written once per number
        numbers, first = prescriptions.row_groups(codes)
        prescription = numbers.tolist()
        dosed = [[prescriptions.LINE_TEXTS[x] for x in row if x >= 0] for row in codes[first].tolist()]
        # records alike in all the plan reads share one plan, written once (~7,000 plans per 30,000 records)
        group, first = _plan_groups(case, table, numbers, _index_array(u[:, 1]), _index_array(u[:, 0]),
                                    ((pools, which), (nodrug_pools, nodrug_of), referrals, observed), table_follow,
                                    by_table, booked_array, split_counts, as_label, high, dehydrated_child)
        rows = first.tolist()
    for i in rows:
        drugs, meds, split = drug_lists[i], medications[i], splits[i]
        if disposition[i] == paediatric_fever.REFER:       # referred, not treated here
            out.append(referrals[k[i]])
            continue
        advice = pools[which[i]].templates[j[i]]
        if by_table[i]:
            advice = without_follow_up(advice) if booked[i] else advice.replace("{when}", table_follow[i])
        if lipid_lifestyle[i]:      # a 中低危 dyslipidaemia not on a drug (adult_lipids.py); comorbidities go on
            lines = f"。{_plan_lines([adult_lines[d] for d in drugs], 0)}。" if drugs else "，"
            out.append(f"{prefixes[lipid_risks[i]]}{LIFESTYLE_PLAN}{lines}{advice}")
            continue
        if not drugs:
            observe = observed[k[i]] if child_dehydrated[i] else ""
            out.append(f"{nodrug_pools[nodrug_of[i]].templates[k[i]]}，{observe}{advice}")
            continue
        key = (drugs, split, regimen[i])
        if label_lines[i]:
            lines = cache.get(key)
            if lines is None:
                lines = cache[key] = _plan_lines([adult_lines[d] for d in drugs], split, regimen[i])
        elif codes is not None:
            key = (-1 - prescription[i], split, regimen[i])
            lines = cache.get(key)
            if lines is None:
                lines = cache[key] = _plan_lines(dosed[prescription[i]], split, regimen[i])
        else:
            lines = _plan_lines([f"{m['name']} {m['dose']} {m['route']} {m['frequency']}" for m in meds], split,
                                regimen[i])
        if watched[i]:      # the comorbidities' drugs go on; the new hypertension waits on lifestyle change
            out.append(f"{nodrug_pools[nodrug_of[i]].templates[k[i]]}。{lines}。{advice}")
            continue
        reason = regimen_reason(cat, primaries[i], regimen[i], drugs[split - 1], previous[i], high[i]) if regimen[i] else \
            ERADICATION_REASON if hp[i] else first_reading_reason(cat, case[i]) if grades[i] else ""
        observe = observed[k[i]] if child_dehydrated[i] else ""
        out.append(f"{prefixes[lipid_risks[i]]}{reason}{lines}。{observe}{advice}")
    return out if codes is None else np.array(out, dtype=object)[group].tolist()


_TEMPLATE_NUMBERS: dict = {}       # a plan template's text -> its number (from 1), for grouping plans by text


def _template_numbers(templates: list[str]) -> np.ndarray:
    """A pool's templates' numbers, equal for equal texts (pools are cached: numbered once per pool)."""
    found = _POOL_NUMBERS.get(id(templates))
    if found is None or found[0] is not templates:
        with _NUMBERING:
            found = _POOL_NUMBERS[id(templates)] = (templates, np.array(
                [_TEMPLATE_NUMBERS.setdefault(t, len(_TEMPLATE_NUMBERS) + 1) for t in templates], dtype=np.int64))
    return found[1]


_POOL_NUMBERS: dict = {}
_NUMBERING = threading.Lock()


def _plan_groups(case, table, prescription, k, j, texts, table_follow, by_table, booked, splits, label_lines, high,
                 child_dehydrated) -> tuple[np.ndarray, np.ndarray]:
    """Per record its plan's group and per group its first record: records equal in everything `plans` reads for
    them (a value read only on some path counted only where that path is taken; a template by its text).
    `texts`: the (pools, per record pool) of the advice, of the no-drug opening, and the referrals' and the
    rehydration remarks' templates."""
    def ints(values):
        return np.asarray(values, dtype=np.int64)
    (advice_pools, advice_of), (nodrug_pools, nodrug_of), referrals, observed = texts
    advice = np.stack([_template_numbers(p.templates) for p in advice_pools])[ints(advice_of), j]
    nodrug = np.stack([_template_numbers(p.templates) for p in nodrug_pools])[ints(nodrug_of), k]
    referral, observe = _template_numbers(referrals)[k], _template_numbers(observed)[k]
    refer = case["disposition"] == paediatric_fever.REFER
    drugs = grouped([(table[:, c] + 1, len(catalogue().drug_name) + 1) for c in range(table.shape[1])])[0]
    none = table[:, 0] < 0
    regimen = case["regimen"].astype(np.int64)
    child_dehydrated = np.asarray(child_dehydrated, dtype=bool)
    watched = case["htn_watch"].astype(bool)
    told = (regimen == 0) & ~case["hp"].astype(bool)        # a first reading's reason read from the case row
    grades = np.where(told, case["htn_grade"].astype(np.int64), 0)
    follow = np.zeros(len(case), dtype=np.int64)
    tabled = np.flatnonzero(by_table)
    follow[tabled] = pd.factorize(np.array([table_follow[i] for i in tabled.tolist()], dtype=object))[0] + 1
    span = len(_TEMPLATE_NUMBERS) + 1
    columns = [(refer, 2), (np.where(refer, referral, 0), span),
               (np.where(refer, 0, advice), span), (np.where(none | watched, nodrug, 0), span),
               (np.where(child_dehydrated, observe, 0), span),
               (by_table, 2), (follow, int(follow.max(initial=0)) + 1),
               (np.asarray(booked, dtype=bool), 2), (case["lipid_lifestyle"].astype(bool), 2),
               (case["lipid_risk"].astype(np.int64), int(case["lipid_risk"].max(initial=0)) + 1),
               (drugs, int(drugs.max(initial=0)) + 1),
               (np.where(label_lines, 0, prescription + 1), int(prescription.max(initial=0)) + 2),
               (ints(splits), int(ints(splits).max(initial=0)) + 1), (np.asarray(label_lines, dtype=bool), 2),
               (regimen, int(regimen.max(initial=0)) + 1), (watched, 2), (child_dehydrated, 2),
               (case["hp"].astype(bool), 2),
               (np.where(regimen > 0, case["primary"].astype(np.int64), 0), catalogue().n),
               (np.where(regimen > 0, case["previous"].astype(np.int64) + 1, 0), len(catalogue().drug_name) + 1),
               (np.where(regimen > 0, high, False), 2), (grades, int(grades.max(initial=0)) + 1),
               (np.where(grades == 1, pd.factorize(np.where(grades == 1, case["listed"], 0))[0], 0), len(case) + 1),
               (np.where(grades == 1, case["lvh"].astype(bool), False), 2),
               (np.where(grades == 1, case["dm"].astype(np.int64), 0), int(case["dm"].max(initial=0)) + 1)]
    return grouped(columns)


def without_follow_up(advice: str) -> str:
    """The advice with its {when} follow-up and the separator before it left out."""
    return advice.replace("，{when}。", "。").replace("。{when}。", "。").replace("{when}", "")


# Why a known condition's regimen stays or changes, said before the drugs: (at target, above target).
# Only a condition measured or quiet at this visit is called stable; a symptomatic one continues without a claim.
REGIMEN_REASONS = {"hypertension": ("血压控制达标", "血压控制不佳"), "t2dm": ("血糖控制达标", "血糖控制不佳"),
                   "hyperlipidaemia": ("血脂控制达标", "血脂未达标"), "peptic_ulcer": ("病情平稳", "溃疡症状复发"),
                   "stroke_sequelae": ("病情平稳", "症状控制欠佳"), "ckd": ("病情平稳", "症状控制欠佳"),
                   "hypothyroidism": ("病情平稳", "症状控制欠佳"), "chd": ("病情平稳", "症状控制欠佳")}
OTHER_REASONS = ("", "症状控制欠佳")
STEADY = "病情平稳"


ERADICATION_REASON = "幽门螺杆菌阳性，予铋剂四联方案根除治疗，疗程14天，停药4周后复查¹³C尿素呼气试验："


def regimen_reason(cat, primary: int, regimen: int, added: int, previous: int, pressure_high: bool = False) -> str:
    """血压控制不佳，在原方案基础上加用…： / 原用…效果欠佳，换用…： / 血压控制达标，"; empty for a new regimen.
    A pressure measured at or above 140/90 today is no 病情平稳 (a reader met it beside 199/94 at a CKD visit): the
    claim is left out, and control_notes says what is done about the pressure."""
    at_target, above = REGIMEN_REASONS.get(cat.keys[primary], OTHER_REASONS)
    if pressure_high and at_target == STEADY:
        at_target = ""
    if regimen == REGIMEN_CONTINUE:
        return at_target + "，" if at_target else ""
    if regimen == REGIMEN_ADD:
        return f"{above}，在原方案基础上加用{cat.drug_name[added]}："
    if regimen == REGIMEN_SWITCH:
        return f"原用{cat.drug_name[previous]}效果欠佳，换用{cat.drug_name[added]}："
    return ""


# A known hypertension or diabetes found above target in a department that does not treat it is not continued
# in silence (a reader found 172/101 in a urology note with no word on it): the plan sends it back to its own
# department. Neither says 调整…方案 without naming the change (a reader asked "adjusted to what?"): the owner
# keeps today's drugs through the acute illness and books the review; a change is only ever written with its drug
# (在原方案基础上加用…, 换用…; rule plan_changes_name_the_drug). The departments that look after it adjust the drugs themselves (model.STEP_UP and the plan).
CONTROL_OWNERS = {"htn": ("心内科", "普通内科"), "dm": ("内分泌科", "普通内科")}
# Nephrology looks after a CKD patient's pressure (KDIGO 2021; 中国肾性高血压管理指南 2016), as cardiology does a
# coronary patient's: at a visit for that condition the department acts on the pressure rather than referring it.
PRESSURE_OWNED_WITH = {"ckd": "肾内科", "chd": "心内科"}
# At a chronic visit there is no acute illness to wait out: the owner books the review with the step it will take.
CHRONIC_OWNER_HTN = "嘱低盐饮食、规律服药并家庭自测血压，2-4周后复诊，仍未达标时增加降压药物"
CHRONIC_OWNER_DM = "嘱监测空腹及餐后血糖，2周后复诊复查糖化血红蛋白，仍未达标时增加降糖药物"


def control_notes(case, department, sbp, dbp, glucose) -> list[str]:
    cat = catalogue()
    primary = case["primary"].astype(np.int64)
    # (the few distinct departments compared, then gathered)
    codes, names = pd.factorize(np.asarray(department, dtype=object))
    names = np.asarray(names, dtype=object)
    htn = np.isin(case["htn"], [UNTREATED, UNCONTROLLED]) & (primary != cat.hypertension)
    dm = np.isin(case["dm"], [UNTREATED, UNCONTROLLED]) & (primary != cat.diabetes)
    # the department that looks after it says so too, and defers the change past today's acute problem
    own_htn, own_dm = np.isin(names, CONTROL_OWNERS["htn"])[codes], np.isin(names, CONTROL_OWNERS["dm"])[codes]
    for key, owner in PRESSURE_OWNED_WITH.items():
        own_htn |= (primary == cat.index[key]) & (names == owner)[codes]
    chronic_visit = cat.chronic[primary]
    # grade 3 (180/110 or more) is not left for a routine review (a reader met 176/113 sent to 随诊)
    severe = (np.asarray(sbp) >= 180) | (np.asarray(dbp) >= 110)
    out = [""] * len(case)
    for i in np.flatnonzero(htn | dm).tolist():
        parts = []
        if htn[i] and severe[i]:
            parts.append(f"血压控制欠佳（{int(sbp[i])}/{int(dbp[i])}mmHg），达3级水平，已告知风险，" +
                         ("嘱今日起每日监测血压，3日内复诊评估降压治疗" if own_htn[i] else
                          "建议当日心内科就诊评估降压治疗"))
        elif htn[i]:
            parts.append(f"血压控制欠佳（{int(sbp[i])}/{int(dbp[i])}mmHg），" +
                         ((CHRONIC_OWNER_HTN if chronic_visit[i] else
                           "今日降压药物暂不变，嘱监测血压，本次疾病好转后1-2周复诊评估") if own_htn[i] else
                          "建议心内科随诊评估降压治疗"))
        if dm[i]:
            parts.append(f"血糖控制欠佳（空腹{float(glucose[i]):.1f}mmol/L），" +
                         ((CHRONIC_OWNER_DM if chronic_visit[i] else
                           "今日降糖药物暂不变，嘱监测空腹及餐后血糖，本次疾病好转后1-2周复诊复查糖化血红蛋白") if own_dm[i]
                          else "建议内分泌科随诊评估降糖治疗"))
        out[i] = "；".join(parts) + "。"
    return out


def admission_notes(case, age, rr, sbp, dbp) -> list[tuple[int, str | None]]:
    """(record, sentence) for each pneumonia that is advised admission (admission.py); None for a child's, whose
    plan is rewritten (admission.child_plan)."""
    cat = catalogue()
    primary = case["primary"].astype(np.int64)
    listed = condition_matrix(case["listed"].astype(np.int64), cat.n)
    comorbid = admission.comorbid(cat, listed)
    pneumonia = primary == cat.index["pneumonia"]
    both = case["variant"].astype(np.int64) == 1 + cat.variant_names.index("both")
    advised = admission_advised(pneumonia, age, rr, sbp, dbp, comorbid, both)
    scores = crb65(age, rr, sbp, dbp)
    return [(i, advice(int(scores[i]), bool(comorbid[i])) if age[i] >= admission.ADULT_FROM else None)
            for i in np.flatnonzero(advised).tolist()]


def _plan_lines(items: list[str], split: int, regimen: int = 0) -> str:
    """The visit's own drugs numbered; continuing drugs after 继续原方案 (the drugs come primary first). A known
    condition at target continues its own drugs too: all on the one 继续原方案 line."""
    if regimen == REGIMEN_CONTINUE:
        split = 0
    if split >= len(items):
        return _numbered(items)
    rest = "，".join(items[split:])
    return f"{_numbered(items[:split])}。继续原方案：{rest}" if split else f"继续原方案：{rest}"


VITAL_SLOTS = ("sbp", "dbp", "hr", "t", "rr", "glu", "h", "w", "bmi")


@lru_cache(maxsize=1)
def _vital_templates() -> list[str]:
    """The vital-sign line's derivations as %-templates with the slots in VITAL_SLOTS order."""
    out = []
    for template in pool("vitals", ()).templates:
        text_ = template.replace("%", "%%")
        order = sorted((text_.index("{" + s + "}"), s) for s in VITAL_SLOTS if "{" + s + "}" in text_)
        if [s for _, s in order] != sorted(VITAL_SLOTS, key=lambda s: text_.index("{" + s + "}")) or \
                len(order) != len(VITAL_SLOTS):
            raise ValueError("the vitals template must use every vital slot once")
        for _, s in order:
            text_ = text_.replace("{" + s + "}", "%s")
        positions = [s for _, s in order]
        out.append((text_, [VITAL_SLOTS.index(s) for s in positions]))
    return out


GLUCOSE_CLAUSE = re.compile(r"[，；]空腹血糖 ?[\d.]+ ?mmol/L")
# The same clause in a %-template, its number a slot.
_GLUCOSE_SLOT = re.compile(r"[，；]空腹血糖 ?%s ?mmol/L")


@lru_cache(maxsize=1)
def _vital_forms() -> list[tuple[str, Callable | None, bool]]:
    """Per vitals template j, at 2j the form without glucose and at 2j + 1 the form with it: (%-template, the
    picker of its slots' values in order or None when the slots come in VITAL_SLOTS order, whether the filled
    text still needs GLUCOSE_CLAUSE removed). Dropping the clause from the template gives the same text as removing it from the filled line."""
    glu = VITAL_SLOTS.index("glu")
    out = []
    for template, order in _vital_templates():
        clauses = _GLUCOSE_SLOT.findall(template)
        if len(clauses) == 1 and template.count("%s") == len(order):
            at = template.index(clauses[0])
            k = template[:at].count("%s")         # the clause's slot is the k-th
            assert order[k] == glu
            without = (template.replace(clauses[0], ""), order[:k] + order[k + 1:], False)
        else:
            without = (template, order, True)
        for form, slots, scrub in (without, (template, order, False)):
            in_order = slots == list(range(len(VITAL_SLOTS)))
            # the slots as one C-level pick (a tuple even for one slot, as % needs)
            pick = None if in_order else itemgetter(*slots) if len(slots) > 1 else (lambda v, k=slots[0]: (v[k],))
            out.append((form, pick, scrub))
    return out


@lru_cache(maxsize=1)
def _vital_fill_forms() -> tuple[list[str], list[bool]]:
    """_vital_forms as {name} templates for text.fill, in the same order, and whether each still needs
    GLUCOSE_CLAUSE removed after filling."""
    templates, scrubs = [], []
    for form, pick, scrub in _vital_forms():
        order = list(range(len(VITAL_SLOTS))) if pick is None else list(pick(tuple(range(len(VITAL_SLOTS)))))
        parts = form.replace("%%", "\x00").split("%s")
        if any("{" in x or "}" in x for x in parts):
            raise ValueError("a vitals template holds a brace")
        templates.append((parts[0] + "".join("{" + VITAL_SLOTS[k] + "}" + x for k, x in zip(order, parts[1:])))
                         .replace("\x00", "%"))
        scrubs.append(scrub)
    return templates, scrubs


def integers(values) -> list[str]:
    """The decimal strings of an integer column, written once per distinct value (by hash) and gathered."""
    codes, distinct = pd.factorize(np.asarray(values))
    texts = np.empty(len(distinct), dtype=object)
    texts[:] = [str(v) for v in distinct.tolist()]
    return texts[codes].tolist()


def glucose_measured(case, age, department) -> np.ndarray:
    """Whether the visit measured fasting glucose: a known diabetes, an endocrine or cardiovascular reason, the
    endocrine clinic (glucose_lab.py; no screening of every adult's vitals)."""
    cat = catalogue()
    listed = ((case["listed"].astype(np.int64) >> cat.diabetes) & 1).astype(bool)
    return glucose_lab.indicated(glucose_lab.groups_fit(case["primary"].astype(np.int64)), listed, department)


def growth_notes(case, age, sex, bmi, u, underweight=None) -> list[str]:
    """Per record, the sentence naming a child's BMI-for-age outside the normal band from 5 years ('' otherwise;
    paediatric_growth.py)."""
    cat = catalogue()
    sexes = (np.asarray(sex, dtype=object) == "女").astype(np.int64)
    obese = (case["listed"].astype(np.int64) >> cat.obesity) & 1 != 0
    band = paediatric_growth.bmi_band(cat, np.asarray(age), sexes, bmi, obese, underweight)
    out = [""] * len(case)
    j = _index(u)
    febrile = acute_febrile(case)
    for i in np.flatnonzero(band).tolist():
        template = pool(f"growth.{paediatric_growth.BAND_NAMES[band[i]]}", ()).templates[j[i]]
        out[i] = after_recovery(template, febrile[i]).replace("{bmi}", f"{float(bmi[i]):.1f}") + "。"
    return out


# A child under five below -2 SD of the WHO weight-for-age is named in the plan (a clinician reader met one
# sent home with no word on it): 儿童营养不良 is assessed and the feeding advised (儿童营养性疾病管理技术规范 2012).
UNDERWEIGHT_ADVICE = "体重低于同龄儿童2个标准差，建议儿童保健科营养评估及喂养指导。"
# At an acute febrile visit (pneumonia, tonsillitis) the weight is named but its counselling waits for recovery (an
# attending met 每天至少60分钟中高强度运动 in a febrile child's plan, issue 18 #6 #12 #29).
RECOVERED = "，病愈后建议"


def acute_febrile(case) -> np.ndarray:
    """Per record, the visit's reason is an acute fever condition (conditions.tsv chronic=0, fever=1)."""
    cat = catalogue()
    primary = case["primary"].astype(np.int64)
    return cat.fever[primary] & ~cat.chronic[primary]


def after_recovery(advice: str, febrile: bool) -> str:
    """The growth advice as said at this visit: from recovery on at an acute febrile one (its first ，建议)."""
    return advice.replace("，建议", RECOVERED, 1) if febrile else advice


def _as_list(values) -> list:
    return values.tolist() if isinstance(values, np.ndarray) else list(values)


def _alarm_steps(plan: list[str], case, age, columns: dict, past) -> None:
    """Append alarms.plan_sentences to the plans of the records that may need one: a reflux visit, a listed
    thyroid disease, a PSA result, snoring in the complaint or present illness."""
    cat = catalogue()
    listed = case["listed"].astype(np.int64)
    gerd = case["primary"].astype(np.int64) == cat.index["gerd"]
    # (the two listed bits read alone, no matrix of every condition)
    hyper = (listed >> cat.index["hyperthyroidism"]) & 1 != 0
    hypo = (listed >> cat.index["hypothyroidism"]) & 1 != 0
    thyroid = hyper | hypo
    past = _as_list(past)
    complaints, hpis = _as_list(columns["chief_complaint"]), _as_list(columns["present_illness"])
    tests = _as_list(columns["investigations"])
    from .checks import _has_any     # (here: checks imports this module)
    inhibited = _has_any(tests, ("PSA",))      # (one pass in C where built)
    snoring = _has_any(hpis, (alarms.SNORING,))
    rows = np.flatnonzero(gerd | thyroid | inhibited | snoring).tolist()
    if not rows:
        return
    ages = np.asarray(age).tolist()
    for i in rows:
        thyroid_name = "甲状腺功能亢进症" if hyper[i] else "甲状腺功能减退症" if hypo[i] else ""
        plan[i] += alarms.plan_sentences(bool(gerd[i]), thyroid_name, int(ages[i]), complaints[i], hpis[i],
                                         past[i], tests[i], plan[i])


def _failure_responses(plan: list[str], case, age, columns: dict) -> None:
    cat = catalogue()
    primary = case["primary"].astype(np.int64)
    rows = np.flatnonzero(np.isin(primary, [cat.index[k] for k in treatment_failure.RESPONSES]) &
                          (case["regimen"] == REGIMEN_CONTINUE)).tolist()
    if rows:
        keys = {i: cat.keys[primary[i]] for i in rows}
        treatment_failure.respond(plan, keys, _as_list(columns["chief_complaint"]),
                                  _as_list(columns["present_illness"]), _as_list(columns["sex"]),
                                  np.asarray(age).tolist(), _as_list(columns["investigations"]), rows)


def _complaint_workups(plan: list[str], case, age, columns: dict) -> None:
    complaints, hpis = _as_list(columns["chief_complaint"]), _as_list(columns["present_illness"])
    rows = complaint_workups.candidates(complaints)
    if rows:
        cat, primary, ages = catalogue(), case["primary"], np.asarray(age)
        tests = _as_list(columns["investigations"])
        for i in rows:
            plan[i] += complaint_workups.plan_sentences(cat.keys[primary[i]], int(ages[i]), complaints[i], hpis[i],
                                                        tests[i], plan[i])


# the diagnosis line of each (primary, listed, treated bits of the conditions that heal, variant) met
_DIAGNOSIS_LINES: dict = {}


@lru_cache(maxsize=1)
def _healed_bits() -> int:
    return sum(1 << c for c in _healed_in_past())


# the note's columns read record by record
NOTE_LISTED = ("name", "sex", "visit_date", "department", "chief_complaint", "present_illness", "past_history",
               "family_history", "exam_findings", "investigations")


def notes(columns: dict, case, ids, age, age_text, u, underweight=None) -> list[str]:
    labels, _ = _labels()
    high = (np.asarray(columns["sbp"]) >= BP_SYSTOLIC) | (np.asarray(columns["dbp"]) >= BP_DIASTOLIC)
    admissions = admission_notes(case, age, columns["resp_rate"], columns["sbp"], columns["dbp"])
    # an admission advice books its own review (嘱3日内复诊): the plan does not book a second one before it
    reviewed = np.zeros(len(case), dtype=bool)
    reviewed[[i for i, _ in admissions]] = True
    plan = plans(case, ids, age, columns["medications"], u[:, 2:4], high, reviewed, columns["bmi"],
                 columns.get("_lines"))
    thin = np.zeros(len(plan), dtype=bool) if underweight is None else underweight
    undiagnosed = undiagnosed_notes(case, age, case["primary"].astype(np.int64), columns["sbp"], columns["dbp"],
                                    columns["fasting_glucose"], u[:, 1])
    thin_advice = (UNDERWEIGHT_ADVICE, after_recovery(UNDERWEIGHT_ADVICE, True))
    febrile = acute_febrile(case).tolist()
    plan = [p + x + y + (thin_advice[f] if t else "") + g for p, x, y, t, f, g in
            zip(plan, control_notes(case, columns["department"], columns["sbp"], columns["dbp"],
                                    columns["fasting_glucose"]), undiagnosed, thin.tolist(), febrile,
                growth_notes(case, age, columns["sex"], columns["bmi"], u[:, 3], thin))]
    for i, text_ in admissions:
        plan[i] = plan[i] + text_ if text_ is not None else admission.child_plan(plan[i])
    # a dehydrated adult's electrolytes and kidney function, and a diuretic held (fluid_loss.py)
    past = columns["past_history"]
    for i in np.flatnonzero(case["dehydrated"].astype(bool) & (np.asarray(age) >= PAEDIATRIC_AGE)).tolist():
        plan[i] += fluid_loss.plan_sentence(past[i])
    # a finding or context that calls for its own work-up, a snoring complaint's sleep study (alarms.py)
    _alarm_steps(plan, case, age, columns, past)
    # a known condition worse on its standing drug gets a response to the failure (treatment_failure.py)
    _failure_responses(plan, case, age, columns)
    # a continuation names the standing drugs another department writes too (home_drugs.py)
    names = catalogue().drug_name
    for i in np.flatnonzero(np.fromiter(map(len, case["home"].tolist()), dtype=np.int64, count=len(case))).tolist():
        plan[i] = home_drugs.insert(plan[i], [names[d] for d in case["home"][i]])
    # the complaint's own work-up (complaint_workups.py)
    _complaint_workups(plan, case, age, columns)
    # a first-line NSAID withheld is explained (nsaid_withheld.py)
    for i, text_ in nsaid_withheld.plan_sentences(catalogue(), case):
        plan[i] += text_
    # a shock index of 1 or more, a child's fast pulse (vitals_remarks.py)
    for i, text_ in vitals_remarks.remarks(age, columns["heart_rate"], columns["sbp"], columns["dbp"],
                                           columns["temperature"], columns["investigations"]):
        plan[i] += text_
    # a warning names a change from the state the history records (return_signs.py)
    return_signs.fit_plans(plan, _as_list(columns["chief_complaint"]), _as_list(columns["present_illness"]),
                           _as_list(columns["exam_findings"]))
    if "_habits" in columns:
        plan = habits.plan_advice(plan, columns["_habits"])
    # (an object array's tolist is list() of it, in C; the float columns are written by `decimals`, not listed)
    c = {name: _as_list(columns[name]) for name in NOTE_LISTED}
    # per record its template without the glucose clause (a lab result, written in 辅助检查: glucose_lab.py),
    # filled column-wise (text.fill) from the values written once per distinct value
    forms, scrubs = _vital_fill_forms()
    form = _index_array(u[:, 0]) * 2
    vitals = fill(np.array(forms, dtype=object)[form].tolist(), {
        "sbp": integers(columns["sbp"]), "dbp": integers(columns["dbp"]), "hr": integers(columns["heart_rate"]),
        "t": decimals(columns["temperature"]), "rr": integers(columns["resp_rate"]),
        "glu": decimals(np.nan_to_num(np.asarray(columns["fasting_glucose"], dtype=float))),
        "h": decimals(columns["height_cm"]), "w": decimals(columns["weight_kg"]), "bmi": decimals(columns["bmi"])})
    for i in np.flatnonzero(np.asarray(scrubs, dtype=bool)[form]).tolist():
        vitals[i] = GLUCOSE_CLAUSE.sub("", vitals[i])
    groups, first = diagnosis_groups(catalogue(), case)     # records written alike share one line
    # (a group's line is a function of the four columns diagnosis_groups compares: kept across batches by them)
    at = case[first]
    keys = zip(at["primary"].tolist(), at["listed"].tolist(), (at["treated"].astype(np.int64) & _healed_bits()).tolist(),
               at["variant"].tolist())
    if len(_DIAGNOSIS_LINES) > 100_000 or _DIAGNOSIS_LINES.get("labels") is not labels:
        _DIAGNOSIS_LINES.clear()
        _DIAGNOSIS_LINES["labels"] = labels     # (lines of another catalogue's labels are not kept)
    lines = []
    for r, key in zip(first.tolist(), keys):
        line = _DIAGNOSIS_LINES.get(key)
        if line is None:
            own = primary_labels(catalogue(), case[r:r + 1])[0]
            names = [labels[x] for x in visit_diagnoses(ids[r], int(case["treated"][r]))]
            if own is not None:     # a variant named as its own diagnosis (data.VARIANT_DIAGNOSES)
                names[0] = f"{own[1]}（{own[0]}）"
            line = _DIAGNOSIS_LINES[key] = _numbered(names)
        lines.append(line)
    diagnoses = np.array(lines, dtype=object)[groups].tolist()
    who = [name + "（已脱敏）" if "*" in name else name for name in c["name"]]
    return [f"患者：{w}  性别：{sx}  年龄：{a}\n就诊日期：{vd}  科室：{dp}\n主诉：{cc}\n现病史：{hpi}\n既往史：{ph}\n"
            f"家族史：{fh}\n检查结果：{vt}。{ex}\n辅助检查：{iv}\n诊断：{dx}\n处理：{pl}"
            for w, sx, a, vd, dp, cc, hpi, ph, fh, vt, ex, iv, dx, pl in zip(
                who, c["sex"], age_text, c["visit_date"], c["department"], c["chief_complaint"],
                c["present_illness"], c["past_history"], c["family_history"], vitals, c["exam_findings"],
                c["investigations"], diagnoses, plan)]
