"""How long an antibacterial is given (issue 18, an independent clinician: antibiotic lines without a course).

Every antibacterial line states its course in its frequency (每日三次，疗程10天), by the visit's reason, the drug's
class, the patient's age and sex, as common Chinese outpatient practice has it (lexicons/medical/README.md [62]):
- tonsillitis (group A streptococcus): a penicillin or cephalosporin for 10 days, azithromycin once daily for 5;
- community-acquired pneumonia treated at home: an adult 7 days, a child 7-10 days, azithromycin once daily 3 days;
- acute otitis media: under 2 years 10 days, from 2 years 5-7 days, azithromycin once daily 3 days;
- urinary infection: a woman's cystitis nitrofurantoin 5 days, a quinolone 3 days, a beta-lactam 5-7 days; a man's
  7 days; a child's 7-10 days; fosfomycin is one dose (its frequency says 单次顿服);
- vaginitis (bacterial vaginosis, trichomoniasis): metronidazole 7 days, oral or vaginal; candidiasis: miconazole
  vaginal suppository 0.2 g nightly for 7 days (label);
- cervicitis: doxycycline 7 days; chronic prostatitis: a quinolone or doxycycline 2-4 weeks;
- acute gastroenteritis: berberine 3 days; bacterial conjunctivitis: eye drops 5-7 days; ear drops 7 days.
H. pylori eradication states its 14 days once, before its four lines (sections.ERADICATION_REASON), so its lines
carry none.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

# and the one antifungal, 硝酸咪康唑栓 0.2 g nightly for 7 days (its label; a reader met it with no course)
ANTIBACTERIAL_CLASSES = ("青霉素类抗生素", "第二代头孢菌素", "第三代头孢菌素", "大环内酯类抗生素", "喹诺酮类抗菌药",
                         "四环素类抗生素", "硝基咪唑类抗菌药", "肠道抗感染药", "磷霉素类抗菌药", "硝基呋喃类抗菌药",
                         "氨基糖苷类抗生素", "咪唑类抗真菌药")
COURSE_WORD = "疗程"
SINGLE_DOSE = "单次顿服"
ERADICATION_COURSE = "疗程14天"
MACROLIDE = "大环内酯类抗生素"


@lru_cache(maxsize=1)
def antibacterial_drugs(cat) -> np.ndarray:
    """Per drug of the catalogue, whether it is an antibacterial (systemic or local)."""
    return np.isin(cat.drug_class.astype(str), ANTIBACTERIAL_CLASSES)


BY_ROUTE = {"滴眼": "疗程5-7天", "滴耳": "疗程7天"}
SINGLE_DOSE_CLASSES = ("磷霉素类抗菌药",)          # fosfomycin: its frequency says 单次顿服
MACROLIDE_COURSES = {"tonsillitis": "疗程5天", "pneumonia": "疗程3天", "otitis_media": "疗程3天"}
# Per visit reason, the course for (a child under 2, a child under 14, a man, a woman); None: by the drug's class
# (a woman's cystitis, CYSTITIS_COURSES).
BY_REASON = {"tonsillitis": ("疗程10天",) * 4, "pneumonia": ("疗程7-10天", "疗程7-10天", "疗程7天", "疗程7天"),
             "otitis_media": ("疗程10天", "疗程5-7天", "疗程5-7天", "疗程5-7天"),
             "uti": ("疗程7-10天", "疗程7-10天", "疗程7天", None),
             "chronic_prostatitis": ("疗程2-4周",) * 4, "acute_gastroenteritis": ("疗程3天",) * 4}
CYSTITIS_COURSES = {"硝基呋喃类抗菌药": "疗程5天", "喹诺酮类抗菌药": "疗程3天"}
BETA_LACTAM_CYSTITIS = "疗程5-7天"
DEFAULT_COURSE = "疗程7天"


def course(key: str, drug_class: str, route: str, age: int, male: bool) -> str:
    """The course of one antibacterial line ('' for a single dose)."""
    if route in BY_ROUTE:
        return BY_ROUTE[route]
    if drug_class in SINGLE_DOSE_CLASSES:
        return ""
    if drug_class == MACROLIDE and key in MACROLIDE_COURSES:
        return MACROLIDE_COURSES[key]
    band = 0 if age < 2 else 1 if age < 14 else 2 if male else 3
    text = BY_REASON.get(key, (DEFAULT_COURSE,) * 4)[band]
    return CYSTITIS_COURSES.get(drug_class, BETA_LACTAM_CYSTITIS) if text is None else text


def with_course(frequency: str, text: str) -> str:
    return f"{frequency}，{text}" if text else frequency


def courses_stated(columns, options) -> np.ndarray:
    """Per record, True where every antibacterial line states the course its visit's reason, class, route, age and
    sex call for (fosfomycin's single dose excepted), or, in H. pylori eradication, the plan states 疗程14天 once."""
    from .checks import _lists, ages_sexes, line_key, parsed, spelled_lines
    from .sections import grouped
    from .data import catalogue
    cat, p = catalogue(), parsed(columns)
    antibacterial = antibacterial_drugs(cat)
    rows = np.flatnonzero((p.on_drug & antibacterial[None, :]).any(axis=1))
    ok = np.ones(len(p.primary), dtype=bool)
    if not len(rows):
        return ok
    age, sex = ages_sexes(columns)
    meds, notes = _lists(columns, "medications"), _lists(columns, "note")
    ages, sexes, primary = age.tolist(), sex.tolist(), p.primary.tolist()

    def judge(i: int) -> bool:
        key = cat.keys[primary[i]] if primary[i] >= 0 else ""
        eradication = key == "peptic_ulcer" and ERADICATION_COURSE in notes[i].rpartition("处理：")[2]
        for m in meds[i]:
            d = cat.drug_index.get(m["name"])
            if d is None or not antibacterial[d]:
                continue
            expected = "" if eradication else course(key, cat.drug_class[d], m["route"], int(ages[i]), sexes[i] == 0)
            said = m["frequency"].partition("，")[2]
            if said != expected:
                return False
        return True

    spelled = spelled_lines(columns, p)
    if spelled is None:         # records read from a file: each record on its own
        ok[rows] = np.fromiter(map(judge, rows.tolist()), dtype=bool, count=len(rows))
        return ok
    # the records on an antibacterial grouped by all the verdict reads: the line ids (drugs, routes, frequencies),
    # the visit's reason, the age band and sex (course's), whether the plan states the eradication's course
    codes, alone = spelled
    a, s = age[rows], sex[rows]
    band = np.where(a < 2, 0, np.where(a < 14, 1, 2 + (s == 0)))
    erad = np.zeros(len(rows), dtype=np.int64)
    ulcer = cat.keys.index("peptic_ulcer") if "peptic_ulcer" in cat.keys else -2
    for k in np.flatnonzero(p.primary[rows] == ulcer).tolist():
        erad[k] = ERADICATION_COURSE in notes[rows[k]].rpartition("处理：")[2]
    key = line_key(codes[rows], alone[rows]) + [(p.primary[rows] + 1, cat.n + 1), (band, 4), (erad, 2)]
    group, first = grouped(key)
    verdicts = np.fromiter(map(judge, rows[first].tolist()), dtype=bool, count=len(first))[group]
    for k in np.flatnonzero(alone[rows]).tolist():
        verdicts[k] = judge(int(rows[k]))
    ok[rows] = verdicts
    return ok
