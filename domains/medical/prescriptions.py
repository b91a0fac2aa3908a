"""Prescription lines as codes: the medications field, the plan and the checks read one integer per line.

A line is (drug, dose text, frequency text); each distinct line is numbered once per process (`line_id`) and kept
as its record dict (LINE_DICTS) and its plan text "name dose route frequency" (LINE_TEXTS). A batch's lines are
an int32 matrix (records, MAX_DRUGS), -1 after each record's last line (the hidden field _lines), so the
medications' dicts and the plan's lines are written once per distinct row and gathered.

A record's lines are worked out once per group of records that read the same inputs: its drugs, whether it is a
child, and only those of the condition, age, months, weight, dehydration, sex and eradication flag that one of
its drugs' lines reads (an adult's plain label line reads none)."""
from __future__ import annotations

import threading

import numpy as np
import pandas as pd

from . import start_doses
from .age_doses import ELDERLY_FROM, adjusted_drugs, adjusted_line
from .courses import antibacterial_drugs, course, with_course
from .data import PAEDIATRIC_AGE
from .doses import child_dose
from .model import MAX_DRUGS, drug_table
from .rehydration import ORS_CLASS, rehydration_line

LINE_DICTS: list[dict] = []     # per line id: {"name", "dose", "frequency", "route"} (copied before handing out)
LINE_TEXTS: list[str] = []      # per line id: the plan's "name dose route frequency"
LINE_DRUGS: list[int] = []      # per line id: its drug
_IDS: dict = {}
LINE_ROW = np.dtype([("line", np.int32, (MAX_DRUGS,))])    # the hidden field _lines, one per record
_LOCK = threading.Lock()


def line_id(cat, drug: int, dose: str, frequency: str) -> int:
    key = (drug, dose, frequency)
    found = _IDS.get(key)
    if found is not None:
        return found
    with _LOCK:
        found = _IDS.get(key)
        if found is None:
            name, route = str(cat.drug_name[drug]), str(cat.drug_route[drug])
            LINE_DICTS.append({"name": name, "dose": dose, "frequency": frequency, "route": route})
            LINE_TEXTS.append(f"{name} {dose} {route} {frequency}")
            LINE_DRUGS.append(drug)
            found = _IDS[key] = len(LINE_DICTS) - 1
    return found


def _per_drug(cat):
    """Per drug (and a last entry for 'no drug'): whether its line is dosed by the indication, is oral rehydration
    salts, has an age-banded label, is an antibacterial given with a course."""
    def padded(flags):
        return np.append(np.asarray(flags, dtype=bool), False)
    return (padded(cat.drug_adult_varies), padded(cat.drug_class == ORS_CLASS), padded(adjusted_drugs(cat)),
            padded(antibacterial_drugs(cat)))


def _lines_of(cat, flags, drugs, a, s, w, m, dry, c, hp) -> list[tuple[int, str, str]]:
    """One record's lines as (drug, dose, frequency): the label's adult line, an indication's own adult dose, a
    child's dose (by weight where the label says so), oral rehydration salts by dehydration, an age band's line,
    an antibacterial's course (courses.py; eradication states its 14 days once)."""
    varies, ors, banded, antibacterial = flags
    if a >= PAEDIATRIC_AGE:
        lines = []
        for d in drugs:
            adult = cat.drug_adult[d]
            dose, frequency = (adult.text if adult is not None else "", str(cat.drug_adult_frequency[d]))
            if varies[d]:
                dose, frequency = cat.adult_line(d, c)
            lines.append([d, dose, frequency])
    else:
        lines = [[d, child_dose(d, w, c), cat.child_label(d, c)[1]] for d in drugs]
    for line in lines:
        d = line[0]
        if ors[d]:
            line[1], line[2] = rehydration_line(int(m), w, dry)
        elif banded[d]:
            own = adjusted_line(cat, d, a, int(m))
            if own:
                line[1], line[2] = own["dose"], own["frequency"]
        if antibacterial[d] and not hp:
            line[2] = with_course(line[2], course(cat.keys[c], str(cat.drug_class[d]), str(cat.drug_route[d]), a,
                                                  s == 0))
    return [tuple(x) for x in lines]


def line_codes(cat, cases, drugs: list, age, sex, weight, months) -> np.ndarray:
    """(records, MAX_DRUGS) int32 line ids, -1 after each record's last; `drugs` the visit's drugs per record (the
    pressor cold remedy already replaced, fields.pressor_free)."""
    n = len(drugs)
    table = drug_table(drugs)
    if table.shape[1] > MAX_DRUGS:
        raise ValueError(f"a prescription of {table.shape[1]} lines, more than MAX_DRUGS ({MAX_DRUGS})")
    varies, ors, banded, antibacterial = _per_drug(cat)
    age, sex = np.asarray(age, dtype=np.int64), np.asarray(sex, dtype=np.int64)
    months = np.asarray(months, dtype=np.int64)
    weight = np.asarray(weight, dtype=float)
    dry, primary, hp = (cases[k].astype(np.int64) for k in ("dehydrated", "primary", "hp"))
    child = age < PAEDIATRIC_AGE

    def reads(*flags):
        wanted = np.zeros(len(varies), dtype=bool)
        for f in flags:
            wanted |= f
        return wanted[table].any(axis=1)
    by_ab = reads(antibacterial)
    need_c = child | reads(varies, antibacterial)
    need_m = child | reads(ors)
    # an adult's lines read his age only as 65 or over (an elderly band, age_doses.py) and his course by sex
    told_age = np.where(child, age, np.where(reads(banded) & (age >= ELDERLY_FROM), PAEDIATRIC_AGE + 1, PAEDIATRIC_AGE))
    need_w = child | reads(ors)
    need_dry = reads(ors)
    weights = pd.factorize(weight)[0].astype(np.int64)
    columns = [(table[:, k] + 1, len(varies)) for k in range(table.shape[1])]
    columns += [(child, 2), (np.where(need_c, primary + 1, 0), cat.n + 1),
                (told_age, int(told_age.max(initial=0)) + 1),
                (np.where(need_m, months + 1, 0), int(months.max(initial=0)) + 2),
                (np.where(need_w, weights + 1, 0), int(weights.max(initial=0)) + 2),
                (np.where(need_dry, dry + 1, 0), 3), (np.where(by_ab, sex + 1, 0), 3), (np.where(by_ab, hp + 1, 0), 3)]
    from .sections import grouped
    group, first = grouped(columns)
    rows = np.full((len(first), MAX_DRUGS), -1, dtype=np.int32)
    a_, s_, w_, m_, dry_, c_, hp_ = (x[first].tolist() for x in (age, sex, weight, months, dry, primary, hp))
    flags = [x.tolist() for x in (varies, ors, banded, antibacterial)]
    for g, r in enumerate(first.tolist()):
        for k, (d, dose, frequency) in enumerate(_lines_of(cat, flags, drugs[r], a_[g], s_[g], w_[g], m_[g], bool(dry_[g]),
                                                           c_[g], bool(hp_[g]))):
            rows[g, k] = line_id(cat, d, dose, frequency)
    out = rows[group]
    _begin_lines(cat, cases, age, sex, table, out)
    return out


def _begin_lines(cat, cases, age, sex, table, out) -> None:
    """A renally cleared drug begun at this visit takes its start line at the eGFR shown (start_doses.py)."""
    begun = start_doses.started(cat, cases)
    rows = np.flatnonzero(begun.any(axis=1) & (age >= PAEDIATRIC_AGE))
    if not len(rows):
        return
    rates = start_doses.egfr(start_doses.creatinine(cat, cases[rows], age[rows], sex[rows], begun[rows]), age[rows],
                             sex[rows])
    names = list(start_doses.START_LINES)
    for r, rate in zip(rows.tolist(), rates.tolist()):
        for k, d in enumerate(table[r].tolist()):
            name = str(cat.drug_name[d]) if d >= 0 else None
            if name in names and begun[r, names.index(name)]:
                out[r, k] = line_id(cat, d, *start_doses.start_line(name, rate))


def line_dicts(codes: np.ndarray) -> list[list[dict]]:
    """Per record its lines as dicts of its own, written once per distinct row of codes and copied."""
    group, first = row_groups(codes)
    lists = [[LINE_DICTS[x] for x in row if x >= 0] for row in codes[first].tolist()]
    return [[*map(dict.copy, lists[g])] for g in group.tolist()]


def row_groups(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per record its distinct row of codes' number, and per distinct row its first record."""
    from .sections import grouped
    codes = np.asarray(codes, dtype=np.int64)
    if not len(codes):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return grouped([(codes[:, k] + 1, len(LINE_DICTS) + 1) for k in range(codes.shape[1])])
