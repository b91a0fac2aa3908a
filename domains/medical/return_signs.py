"""Return-visit warnings that describe a change from the patient's present state.

A plan's warning clause (如出现呼吸急促、胸痛或持续高热，立即就诊) tells the patient what should bring them back. It is
written per diagnosis, so it can name what the note already records: 出现渗液 for an eczema that is weeping, 尿量减少
for a gastroenteritis with oliguria, 咳嗽超过2周 for a cough of 18 days (a clinician reader met all three). A sign
is a reason to return only while it is absent; a duration only while it lies ahead.

`fit(plan, history)` rewrites the warning clause against the history (complaint, present illness, examination): a
sign present there is left out of the list, and a duration threshold already reached or passed is raised to the
next one the guideline uses (a cough: 3 weeks, acute cough; 咳嗽的诊断与治疗指南 2021) or left out. Rule
`warnings_describe_a_change` reads the same tables.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

# reduced urine as a history tells it (每次尿量少 of a urinary infection is a small void, not oliguria)
OLIGURIA = ("尿量减少", "尿量较前减少", "尿量稍减少", "尿少", "少尿", "尿量明显减少")
# Warning words and the words of the history that show the same sign present. A word is present where no
# denial (无, 否认, 未见, 不伴) opens its clause.
SIGNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("渗液", ("渗液", "渗出")),
    ("感染", ("黄痂", "脓疱", "脓性分泌物")),
    ("尿量减少", OLIGURIA),
    ("尿少", OLIGURIA),
    ("胸痛", ("胸痛",)),
    ("呼吸困难", ("呼吸困难",)),
    ("便血", ("便血", "血便", "便中带血", "脓血便")),
    ("便中带血", ("便血", "血便", "便中带血", "脓血便")),
    ("耳道流脓", ("流脓",)),
    ("耳道流液", ("流脓", "流液")),
    ("口唇发绀", ("发绀",)),
)
SIGN_WORDS = tuple(w for w, _ in SIGNS)
_DENIAL = re.compile(r"(?:无|否认|未见|未闻及|不伴)[^，。；]*")
# the warning clause of a plan: from 如 to the visit it asks for
CLAUSE = re.compile(r"如[^。；]*?(?:及时|立即|随时)(?:急诊)?(?:就诊|复诊|就医)")
DURATION = re.compile(r"(咳嗽|发热|腹泻|症状)(持续)?超过(\d+)(天|周)(不缓解|不退)?")
# the threshold a passed duration is raised to (days -> text); None: left out
# (a cough: acute below 3 weeks, 咳嗽的诊断与治疗指南 2021; a fever: 5 days asks for a search of its cause,
# Kawasaki disease among them, 儿童社区获得性肺炎/川崎病 practice, recalled)
NEXT_THRESHOLD = {"咳嗽": ((21, "3周"), (28, "4周")), "发热": ((5, "5天"),)}


def present_text(history: str) -> str:
    """The history with its denied clauses removed (无明显诱因 is no denial)."""
    return _DENIAL.sub("", history.replace("无明显诱因", ""))


def present_signs(history: str) -> set[str]:
    """The warning words whose sign the history records as present."""
    text = present_text(history)
    return {w for w, words in SIGNS if any(p in text for p in words)}


def days(n: int, unit: str) -> int:
    return n * (7 if unit == "周" else 1)


def passed_durations(clause: str, days_ill: int) -> list[re.Match]:
    """The duration thresholds of a warning clause the illness has reached already."""
    return [m for m in DURATION.finditer(clause) if days(int(m.group(3)), m.group(4)) <= days_ill]


_SIGN_RE = re.compile("|".join(map(re.escape, sorted(SIGN_WORDS, key=len, reverse=True))))
_SIGN_MAP = dict(SIGNS)


def _facts(plan: str, history: str, days_ill) -> set[str] | None:
    """The warning words of the plan whose sign the history has; None when neither such a word nor a duration the
    illness has reached is in the plan (the fast answer for most plans). `days_ill` may be a callable giving it,
    called only for a plan with a duration threshold."""
    words = [w for w in set(_SIGN_RE.findall(plan)) if any(p in history for p in _SIGN_MAP[w])]
    signs = set()
    if words:
        text = present_text(history)
        signs = {w for w in words if any(p in text for p in _SIGN_MAP[w])}
    if not signs and not (DURATION.search(plan) and passed_durations(plan, _days(days_ill))):
        return None
    return signs


def _days(days_ill) -> int:
    return days_ill() if callable(days_ill) else days_ill


def stale(plan: str, history: str, days_ill: int) -> bool:
    """Whether a plan's warning names, as an item of its list, a sign the history has or a duration the illness
    has reached."""
    signs = _facts(plan, history, days_ill)
    if signs is None:
        return False
    days_ill = _days(days_ill)
    return any(fit_clause(m.group(0), signs, days_ill) != m.group(0) for m in CLAUSE.finditer(plan))


_JOIN = re.compile(r"(、|或)")
_END = re.compile(r"，?(?:及时|立即|随时)(?:急诊)?(?:就诊|复诊|就医)$")
LEAD = "出现"


def _items(body: str) -> tuple[list[str], list[str]]:
    """A warning list split into its items and the joiners between them (len(joiners) == len(items) - 1)."""
    parts = _JOIN.split(body)
    return parts[0::2], parts[1::2]


def fit_clause(clause: str, signs: set[str], days_ill: int) -> str:
    """One warning clause (如…及时就诊) without the items the history has, its passed durations raised or left
    out; '' when nothing is left to watch for."""
    end = _END.search(clause)
    if not end or not clause.startswith("如"):
        return clause
    items, joiners = _items(clause[1:end.start()])
    changed = False
    k = 0
    while k < len(items):
        lead = LEAD if items[k].startswith(LEAD) else ""
        item = items[k][len(lead):]
        new = item
        if item in signs:
            new = ""
        else:
            m = DURATION.fullmatch(item)
            if m and days(int(m.group(3)), m.group(4)) <= days_ill:
                new = next((f"{m.group(1)}{m.group(2) or ''}超过{text}{m.group(5) or ''}"
                            for limit, text in NEXT_THRESHOLD.get(m.group(1), ()) if limit > days_ill), "")
        if new == item:
            k += 1
            continue
        changed = True
        if new:
            items[k] = lead + new
            k += 1
            continue
        del items[k]
        if joiners:
            # the joiner before the item goes (the one after it for the first); a list's last 或 stays last
            # the joiner after the item goes; the last item's joiner before it, a last 或 passed to the new last
            j = k if k < len(joiners) else k - 1
            last_or = joiners[j] == "或" and j == len(joiners) - 1 and k > j
            del joiners[j]
            if last_or and joiners:
                joiners[-1] = "或"
        if lead and k < len(items) and not items[k].startswith(LEAD):
            items[k] = LEAD + items[k]
    if not changed:
        return clause
    if not items:
        return ""
    body = items[0] + "".join(j + i for j, i in zip(joiners, items[1:]))
    return "如" + body + clause[end.start():]


def fit(plan: str, history: str, days_ill: int) -> str:
    """The plan with each warning clause fitted to the history (see the module's doc)."""
    signs = _facts(plan, history, days_ill)
    if signs is None:
        return plan
    return _fitted(plan, signs, _days(days_ill))


@lru_cache(maxsize=8192)
def _fitted_clause(clause: str, signs: frozenset, days_ill: int) -> str:
    """fit_clause, once per distinct (clause, signs, days ill): the clauses come from a few advice templates."""
    return fit_clause(clause, signs, days_ill)


def _fitted(plan: str, signs: set[str], days_ill: int) -> str:
    """The plan with each warning clause fitted to the signs present and the days ill."""
    out, at = [], 0
    signs = frozenset(signs)
    for m in CLAUSE.finditer(plan):
        clause = _fitted_clause(m.group(0), signs, days_ill)
        out.append(plan[at:m.start()])
        if clause:
            out.append(clause)
        elif out[-1].endswith(("，", "；")):
            out[-1] = out[-1][:-1]
        at = m.end()
    out.append(plan[at:])
    return "".join(out)


# what a plan must contain for a history to make it stale: a sign word, or a duration threshold's opening
DURATION_WORDS = tuple(f"{what}{mid}超过" for what in ("咳嗽", "发热", "腹泻", "症状") for mid in ("", "持续"))
PRESENT_WORDS = tuple(sorted({p for _, ps in SIGNS for p in ps}))


def history(complaint: str, present_illness: str, exam: str) -> str:
    return f"{complaint}。{present_illness}。{exam}"


def _which(texts: list[str], words: tuple[str, ...]) -> np.ndarray:
    """Per text, bit w set where it contains words[w] (at most 64 words): one pass in C (_scan.which_words), else
    one substring test per word."""
    from .checks import _cscan
    if _cscan is not None:
        return np.frombuffer(_cscan.which_words(texts, words), dtype=np.uint64)
    out = np.zeros(len(texts), dtype=np.uint64)
    for w, word in enumerate(words):
        out[[word in t for t in texts]] |= np.uint64(1 << w)
    return out


# the plan's scan: the sign words (bit s: SIGN_WORDS[s]), then the openings of a duration threshold
PLAN_WORDS = SIGN_WORDS + DURATION_WORDS
_SIGN_BITS = np.uint64((1 << len(SIGN_WORDS)) - 1)
_DURATION_BITS = np.uint64(((1 << len(DURATION_WORDS)) - 1) << len(SIGN_WORDS))
# per sign word, the bits of PRESENT_WORDS that show it
_SHOWN_BY = [np.uint64(sum(1 << PRESENT_WORDS.index(p) for p in words)) for _, words in SIGNS]


def _plan_words(plans: list[str], complaints: list[str], present_illness: list[str],
                exams: list[str], words: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per plan, the bits of PLAN_WORDS it holds, and of those the sign words whose own words (PRESENT_WORDS) the
    history holds, denied or not. The histories are read only beside a plan with a sign word. `words`, when given,
    are those two scans already made (per plan, its PLAN_WORDS bits; per record, the PRESENT_WORDS bits of its
    complaint, present illness and examination together)."""
    if words is not None:
        planned, told = words
        signed = ()
    else:
        planned = _which(plans, PLAN_WORDS)
        signed = np.flatnonzero(planned & _SIGN_BITS)
        told = np.zeros(len(plans), dtype=np.uint64)
    if len(signed):
        pick = signed.tolist()
        told[signed] = _which([complaints[i] for i in pick], PRESENT_WORDS) | \
            _which([present_illness[i] for i in pick], PRESENT_WORDS) | _which([exams[i] for i in pick], PRESENT_WORDS)
    return planned, planned & _shown(told)


def _shown(told: np.ndarray) -> np.ndarray:
    """Per text, the bits of the sign words (bit s: SIGNS[s]) its PRESENT_WORDS bits `told` show."""
    shown = np.zeros(len(told), dtype=np.uint64)
    for s, bits in enumerate(_SHOWN_BY):
        shown[(told & bits) != 0] |= np.uint64(1 << s)
    return shown


def _once(f):
    """f with its answers kept per argument, for one batch (the texts repeat)."""
    kept: dict = {}

    def once(x):
        y = kept.get(x)
        if y is None:
            y = kept[x] = f(x)
        return y
    return once


@lru_cache(maxsize=None)
def _signs_of(bits: int) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The SIGNS whose bit is set in `bits` (bit s: SIGNS[s])."""
    return tuple(sign for s, sign in enumerate(SIGNS) if bits >> s & 1)


def fit_plans(plans: list[str], complaints: list[str], present_illness: list[str], exams: list[str]) -> list[str]:
    """The plans with their warnings fitted to the records' histories (fit); the list is changed in place.

    Only the plans that can change are read: a plan naming a sign whose own words the history has (denied or not:
    present_text decides), or holding a duration threshold the illness may have reached. Elsewhere fit returns the
    plan as it is."""
    from .checks import _complaint_days
    planned, paired = _plan_words(plans, complaints, present_illness, exams)
    rows = np.flatnonzero(paired | (planned & _DURATION_BITS))
    signs = _present_signs(paired, rows, complaints, present_illness, exams)
    timed = (planned & _DURATION_BITS) != 0
    rows = rows[(signs[rows] != 0) | timed[rows]]
    days_of = _once(_complaint_days)         # complaints repeat: each one's days counted once
    if len(_FITTED) > 20_000:
        _FITTED.clear()
    # plans repeat (one text per group of records, sections.plans): each (plan, signs, days ill) fitted once,
    # kept across batches
    for i, bits in zip(rows.tolist(), signs[rows].tolist()):
        key = (plans[i], bits, days_of(complaints[i]))
        plan = _FITTED.get(key)
        if plan is None:
            plan, _, days_ill = key
            signs_ = {w for w, _ in _signs_of(bits)}
            if signs_ or passed_durations(plan, days_ill):
                plan = _fitted(plan, signs_, days_ill)
            _FITTED[key] = plan
        plans[i] = plan
    return plans


# (plan, sign bits present, days ill) -> the plan fitted; at most 20,000 kept (a plan is ~150 characters)
_FITTED: dict = {}


def _present_signs(paired: np.ndarray, rows: np.ndarray, complaints: list[str], present_illness: list[str],
                   exams: list[str]) -> np.ndarray:
    """Per record (among `rows`), bit s set where its plan names SIGN_WORDS[s] (`paired`) and one of the sign's
    own words is in the present text (present_text) of its complaint, present illness or examination: one C scan
    per part. The complaints' and examinations' present texts are worked out once per distinct text."""
    out = np.zeros(len(paired), dtype=np.uint64)
    rows = rows[paired[rows] != 0]
    if not len(rows):
        return out
    pick = rows.tolist()
    present = _once(present_text)
    told = _which([present(complaints[i]) for i in pick], PRESENT_WORDS) | \
        _which([present_text(present_illness[i]) for i in pick], PRESENT_WORDS) | \
        _which([present(exams[i]) for i in pick], PRESENT_WORDS)
    out[rows] = paired[rows] & _shown(told)
    return out


def _signed_rows(paired: np.ndarray, complaints: list[str], present_illness: list[str], exams: list[str]) -> np.ndarray:
    """The records (ascending) whose plan names a sign word the history states as present (_present_signs over
    every record whose plan pairs a sign word with the history)."""
    rows = np.flatnonzero(paired)
    return rows[_present_signs(paired, rows, complaints, present_illness, exams)[rows] != 0]


def stale_rows(notes: list[str], complaints: list[str], present_illness: list[str], exams: list[str],
               plans: list[str] | None = None, words: tuple[np.ndarray, np.ndarray] | None = None) -> list[int]:
    """The records whose plan (the note from 处理：, or `plans` when given) still warns of a present sign or a passed
    duration: `stale` of each, read only where it can be true.

    One pass in C over the plans finds their sign words and duration openings, one over the histories' sign words
    (only beside a plan with a sign word). A plan whose sign words have none of their words in the history's
    present text (its denied clauses left out, present_text) is stale only by a duration, its clauses fitted with
    no sign (as `stale` would); the plans whose sign words are present are read by `stale` itself. A caller that
    has scanned the texts already passes those scans' bits as `words` (_plan_words)."""
    from .checks import _complaint_days
    if plans is None:
        plans = [n[n.rfind("处理："):] for n in notes]
    planned, paired = _plan_words(plans, complaints, present_illness, exams, words)
    signed = _signed_rows(paired, complaints, present_illness, exams)
    out = [i for i in signed.tolist()
           if stale(plans[i], history(complaints[i], present_illness[i], exams[i]),
                    lambda c=complaints[i]: _complaint_days(c))]
    unsigned = np.ones(len(plans), dtype=bool)
    unsigned[signed] = False
    days: dict[str, int] = {}      # complaints repeat: each one's days counted once
    for i in np.flatnonzero(unsigned & ((planned & _DURATION_BITS) != 0)).tolist():
        complaint = complaints[i]
        days_ill = days.get(complaint)
        if days_ill is None:
            days_ill = days[complaint] = _complaint_days(complaint)
        if passed_durations(plans[i], days_ill) and \
                any(fit_clause(m.group(0), set(), days_ill) != m.group(0) for m in CLAUSE.finditer(plans[i])):
            out.append(i)
    return sorted(out)
