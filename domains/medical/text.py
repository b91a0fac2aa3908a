"""Text of the medical domain: grammar sections rendered through template pools, and the history, examination
and note layouts.

The wording comes from the grammars in `domains/medical/grammars/*.grammar` (format: `synth.grammar`). Rendering a grammar
per record and section costs tens of microseconds in Python, too slow for tens of thousands of notes a second,
so each section is rendered through a *template pool*: for every combination of the categorical variables a
section's rules test (its key: patient or child, condition group, fever, shape of the complaint ...), the engine
renders `POOL_SIZE` derivations once per process with the numeric and free-text variables left as named holes
(`{dur}`, `{sym}`, `{tmax}` ...). A record then picks derivation `floor(u * POOL_SIZE)` with its own uniform and
fills the holes with its values. Pools are rendered from fixed seeds, so a record's text is still a pure
function of (seed, record index), identical across batches, workers and processes.

Sentences that deny something (无胸痛、咯血) are checked against the record's own symptom text and against the
negations already used; a conflicting derivation is skipped for the next one in the pool, so a note never
denies what its complaint states and never repeats a negation.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from operator import itemgetter

import numpy as np
import pandas as pd

from synth import speedups
from synth.grammar import Grammar, load_grammar
from synth.resources import domain_path

POOL_SIZE = 32
SLOTS = ("dur", "own", "sym", "event", "detail", "sym2", "dx", "pdrug", "take", "tmax", "hsbp", "hdbp", "hglu", "dept", "base",
         "tail", "sbp", "dbp", "glu", "hr", "t", "rr", "h", "w", "bmi", "when",
         "tdrug", "tlow", "hrs")
PLACEHOLDERS = {s: "{" + s + "}" for s in SLOTS}

GROUPS = {
    "resp": "uri influenza acute_bronchitis pneumonia asthma copd tonsillitis",
    "gi": "chronic_gastritis gerd acute_gastroenteritis peptic_ulcer fatty_liver infantile_diarrhoea",
    "cardio": "hypertension hyperlipidaemia chd",
    "endo": "t2dm hyperuricaemia hypothyroidism hyperthyroidism obesity",
    "msk": "gout knee_oa lumbar_disc cervical_spondylosis osteoporosis",
    "neuro": "migraine", "psych": "insomnia anxiety depression", "stroke": "stroke_sequelae", "renal": "ckd",
    "uro": "uti bph chronic_prostatitis", "obst": "early_pregnancy", "gyn": "dysmenorrhoea vaginitis cervicitis",
    "infect": "hfmd herpangina", "ent": "otitis_media allergic_rhinitis", "skin": "eczema", "eye": "conjunctivitis",
    "blood": "ida",
}
GROUP_OF = {key: group for group, keys in GROUPS.items() for key in keys.split()}
# Pertinent negatives belong to the complaint's own system, finer than GROUPS: no 里急后重 for a right-upper
# abdominal complaint, no 无视物模糊 (a diabetic's question) at an obesity check-up, no 大小便失禁 for a knee,
# no TB screen (无咯血及盗汗) for a cold or a sore throat.
NEG_GROUPS = {"upper_resp": "uri influenza tonsillitis", "gi_upper": "chronic_gastritis gerd peptic_ulcer fatty_liver",
              "gi_lower": "acute_gastroenteritis infantile_diarrhoea", "diabetes": "t2dm",
              "thyroid": "hypothyroidism hyperthyroidism", "metabolic": "obesity hyperuricaemia",
              "spine": "lumbar_disc cervical_spondylosis", "joint": "gout knee_oa osteoporosis"}
NEG_GROUP_OF = {**GROUP_OF, **{key: group for group, keys in NEG_GROUPS.items() for key in keys.split()}}

# Words that tell the general-condition sentence (发病以来，精神可，食欲可 …) what it must not claim as normal.
FLAG_WORDS = {
    "appetite": ("食欲", "纳差", "拒食", "拒奶", "恶心", "呕吐", "厌油", "进食", "择食", "多食"),
    "sleep": ("睡眠", "失眠", "早醒", "多梦", "易醒", "入睡", "夜间", "夜尿", "影响睡眠"),
    "bowel": ("腹泻", "稀便", "大便", "便", "腹痛"),
    "urine": ("尿",),
    "weight": ("体重", "消瘦"),
    "mood": ("精神差", "精神稍差", "乏力", "情绪", "嗜睡", "烦躁", "哭闹"),
}
FLAG_CONDITIONS = {
    "appetite": "acute_gastroenteritis infantile_diarrhoea chronic_gastritis peptic_ulcer depression hfmd herpangina",
    "sleep": "insomnia anxiety depression",
    "bowel": "acute_gastroenteritis infantile_diarrhoea",
    "urine": "uti bph chronic_prostatitis ckd",
    "weight": "t2dm hyperthyroidism hypothyroidism obesity depression",
    "mood": "anxiety depression insomnia influenza",
}
# an appetite that is raised, not poor (the appetite flag's third state)
HUNGER_WORDS = ("多食", "易饥", "食欲亢进")
# an appetite the symptom itself calls good: the general state then never says it is poor (a reader met 食欲尚可
# then 食欲减退 in one history), whatever the condition usually does to it
GOOD_APPETITE_WORDS = ("食欲尚可", "食欲可", "纳可")
# flags a known (listed, not only the visit's) condition raises: 失眠 in the past history is no 睡眠可 today
KNOWN_CONDITION_FLAGS = ("sleep",)
TRIGGER_WORDS = ("受凉", "淋雨", "劳累", "饮酒", "进食", "聚餐", "饮食", "接触", "诱因", "激动", "久坐", "搬",
                 "憋尿", "感冒后", "外伤", "情绪", "压力", "季节", "花粉", "冷空气", "着凉", "熬夜", "空调", "换季", "就餐",
                 "隔夜", "天气")
# A number a symptom detail leaves to the record: {4-8} is drawn per record (每日排稀水样便{4-8}次 -> 6次), so
# one phrase does not repeat word for word across every note of its diagnosis.
NUMBER_RANGE = re.compile(r"\{(\d+)-(\d+)\}")


def fill_numbers(detail: str, u: float) -> str:
    """The detail with each {a-b} replaced by a whole number in [a, b] chosen by u."""
    if "{" not in detail:
        return detail
    return NUMBER_RANGE.sub(lambda m: str(int(m.group(1)) + min(int(u * (int(m.group(2)) - int(m.group(1)) + 1)),
                                                                 int(m.group(2)) - int(m.group(1)))), detail)


@lru_cache(maxsize=None)
def detail_pattern(detail: str) -> re.Pattern:
    """A pattern matching the detail as any record tells it (its {a-b} as a number)."""
    parts = NUMBER_RANGE.split(detail)
    return re.compile("".join(re.escape(x) if k % 3 == 0 else ("\\d+" if k % 3 == 1 else "")
                              for k, x in enumerate(parts)))


VISITED_WORDS = ("来院", "复查", "要求", "复诊", "今来")
_NEGATION = re.compile(r"(?:无|否认)([^，。；]+)")
_JOINERS = re.compile(r"[、及和或]")


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    return load_grammar(domain_path("medical", "grammars"))


def negated_chunks(text: str) -> tuple[str, ...]:
    """Two-character symptom pieces a sentence denies: 无胸痛、咯血 -> (胸痛, 咯血); 无恶心呕吐 -> (恶心, 呕吐)."""
    chunks: list[str] = []
    for clause in _NEGATION.findall(text.replace("无明显诱因", "")):
        if "其他" in clause or "{" in clause:
            continue
        for term in _JOINERS.split(clause.replace("明显", "")):
            term = term.strip()
            chunks.extend(term[k:k + 2] for k in range(0, len(term) - 1, 2))
    return tuple(dict.fromkeys(c for c in chunks if len(c) == 2))


def negated_terms(text: str) -> list[str]:
    """Whole terms a text denies: 无胸痛、咯血 -> [胸痛, 咯血]; 无视物旋转 -> [视物旋转] (无明显诱因 is no denial)."""
    terms = []
    for clause in _NEGATION.findall(text.replace("无明显诱因", "")):
        if "其他" in clause:
            continue
        terms.extend(t.strip() for t in _JOINERS.split(clause.replace("明显", "")) if len(t.strip()) >= 2)
    return terms


def _seeds(symbol: str, key: tuple) -> list[list[float]]:
    """The two uniforms of each of a pool's POOL_SIZE derivations (the name and key spelt once for all)."""
    head = f"medical\x1f{symbol}\x1f{key}\x1f"
    out = []
    for j in range(POOL_SIZE):
        digest = hashlib.blake2b(f"{head}{j}".encode("utf-8"), digest_size=16).digest()
        out.append([int.from_bytes(digest[:8], "little") / 2 ** 64, int.from_bytes(digest[8:], "little") / 2 ** 64])
    return out


class Pool:
    """POOL_SIZE derivations of one symbol for one key, as format templates with their denied chunks.

    `texts[j]` is the template when it has holes to fill, else the finished text; `holes[j]` says which.
    """

    __slots__ = ("templates", "chunks", "holes")

    def __init__(self, g: Grammar, symbol: str, key: tuple):
        env = dict(PLACEHOLDERS)
        env.update(key)
        # (every derivation starts from the same entry: render_texts works it out once)
        self.templates = g.render_texts(symbol, env, _seeds(symbol, key))
        # (derivations repeat within a pool: each distinct one's denials read once)
        denied = {t: negated_chunks(t) for t in set(self.templates)}
        self.chunks = [denied[t] for t in self.templates]
        self.holes = ["{" in t for t in self.templates]


@lru_cache(maxsize=None)
def pool(symbol: str, key: tuple) -> Pool:
    return Pool(grammar(), symbol, key)


def batch_pools(symbol: str, columns: dict) -> tuple[list[Pool], list[int]]:
    """The pool of each record for `symbol`, keyed by the values of `columns`.

    A column is either an array of strings or a factorised pair `(codes, labels)`: an integer array and the
    label of each code. Keys are combined as integers and made unique by hash (pandas), so the per-record work
    is one list lookup. Returns the distinct pools and, per record, the position of its pool in that list.
    """
    names = sorted(columns)
    combined = None
    factors = {}
    for name in names:
        column = columns[name]
        if isinstance(column, tuple):
            codes, labels = np.asarray(column[0], dtype=np.int64), list(column[1])
        else:
            column = np.asarray(column)
            if column.dtype == object:
                column = column.astype(str)
            labels, codes = np.unique(column, return_inverse=True)
            labels = labels.tolist()
        factors[name] = (codes, labels)
        combined = codes if combined is None else combined * len(labels) + codes
    # distinct keys by hash in order of first appearance (no sort): key k first appears where the running
    # maximum of the codes reaches k
    inverse, _ = pd.factorize(combined)
    first = np.flatnonzero(np.diff(np.maximum.accumulate(inverse), prepend=-1) > 0)
    # a combined code names the same key whenever the columns have the same labels: its pool is looked up by
    # code, the key spelt out only for a code not met before
    if len(_POOLS_BY_CODE) > 10_000:     # (label sets of string columns vary by batch: bounded)
        _POOLS_BY_CODE.clear()
    known = _POOLS_BY_CODE.setdefault((symbol, tuple((name, tuple(factors[name][1])) for name in names)), {})
    pools = []
    for code, f in zip(combined[first].tolist(), first.tolist()):
        p = known.get(code)
        if p is None:
            p = known[code] = pool(symbol, tuple((name, str(factors[name][1][factors[name][0][f]])) for name in names))
        pools.append(p)
    return pools, inverse.tolist()


# batch_pools' pools per (symbol, columns and their labels), by combined code
_POOLS_BY_CODE: dict[tuple, dict[int, Pool]] = {}


def flag(values) -> tuple[np.ndarray, tuple[str, str]]:
    """A yes/no key column from booleans."""
    return np.asarray(values, dtype=np.int64), ("no", "yes")


def compatible(p: Pool, j: int, positive: str) -> int:
    """The first derivation from j on that denies nothing in `positive`, or -1."""
    chunks = p.chunks
    for step in range(POOL_SIZE):
        k = (j + step) % POOL_SIZE
        for c in chunks[k]:     # a plain loop: any() over a generator costs more than the tests (hot path)
            if c in positive:
                break
        else:
            return k
    return -1


_cscan = speedups.load("_scan")


def fill(templates: list[str], columns: dict[str, list]) -> list[str]:
    """Each template filled from its row of the columns: `templates[i].format_map({name: columns[name][i], ...})`.

    With synth/_scan.c built, templates of plain {name} fields are filled in C (each distinct template parsed
    once per call, no dict per row); anything else, and a build without C, takes `fill_python`, the definition."""
    if _cscan is not None:
        out = _cscan.fill(templates, columns)
        if out is not None:
            return out
    return _fill_by_template(templates, columns)


def first_free(parts: list[list[str]], chunks: list[tuple[str, ...]], start: list[int]) -> np.ndarray:
    """Per record i, the derivation `compatible` picks for its text parts[0][i] + parts[1][i] + ...: start[i] (a
    derivation's number, pool * POOL_SIZE + k, into `chunks`, each derivation's denied chunks) if it denies
    nothing in the text, else the next one of its pool that does, else -1. One pass in C where built
    (_scan.first_free), else `first_free_python`, the definition."""
    if _cscan is not None:
        return np.frombuffer(_cscan.first_free(parts, chunks, start, POOL_SIZE), dtype=np.int64)
    return first_free_python(parts, chunks, start)


def first_free_python(parts: list[list[str]], chunks: list[tuple[str, ...]], start: list[int]) -> np.ndarray:
    """`first_free` in Python: the record's text joined, its pool's derivations tried in turn from start[i]."""
    out = np.full(len(start), -1, dtype=np.int64)
    for i, (first, *texts) in enumerate(zip(start, *parts)):
        said = "".join(texts)
        base, k = first - first % POOL_SIZE, first % POOL_SIZE
        for step in range(POOL_SIZE):
            d = base + (k + step) % POOL_SIZE
            if d < len(chunks) and not any(c in said for c in chunks[d]):
                out[i] = d
                break
    return out


def word_hits(texts: list[str], words: list[str]) -> np.ndarray:
    """A boolean matrix, [i, w] true where words[w] is in texts[i]: one pass over each text in C (_scan.word_hits),
    else one substring test per text and word."""
    if _cscan is not None and texts and words:
        hits = np.frombuffer(_cscan.word_hits(list(texts), list(words)), dtype=np.uint8)
        return hits.reshape(len(texts), len(words)).view(bool)
    return np.array([[w in t for w in words] for t in texts], dtype=bool).reshape(len(texts), len(words))


_FIELD = re.compile(r"\{([^{}!:.\[\]]+)\}")


def _plain_pieces(template: str) -> list[str] | None:
    """The literal texts and field names of a template of plain {name} fields, alternately; None otherwise."""
    pieces = _FIELD.split(template)
    if any("{" in x or "}" in x for x in pieces[::2]):
        return None
    return pieces


def _fill_by_template(templates: list[str], columns: dict[str, list]) -> list[str]:
    """`fill` without C, the rows grouped by template: a template of plain fields is filled by joining its pieces
    with the row's values (str values; any other value, and any other template, go through format_map)."""
    if any(len(column) < len(templates) for column in columns.values()):
        raise IndexError("fill: a column is shorter than the templates")
    rows_of: dict[str, list[int]] = {}
    for i, template in enumerate(templates):
        rows_of.setdefault(template, []).append(i)
    out: list = [None] * len(templates)
    for template, rows in rows_of.items():
        pieces = _plain_pieces(template)
        if pieces is not None and len(pieces) == 1:
            for i in rows:
                out[i] = template
            continue
        if pieces is not None and all(name in columns for name in pieces[1::2]):
            # the values of these rows, column by column; %s writes a str as format_map does
            if len(rows) == len(templates):
                values_of = [columns[name][:len(rows)] for name in pieces[1::2]]
            else:
                take = itemgetter(*rows) if len(rows) > 1 else (lambda column, i=rows[0]: (column[i],))
                values_of = [take(columns[name]) for name in pieces[1::2]]
            if all(set(map(type, values)) <= {str} for values in values_of):
                form = "%s".join(x.replace("%", "%%") for x in pieces[::2])
                for i, values in zip(rows, zip(*values_of)):
                    out[i] = form % values
                continue
        names = list(columns)
        values: dict = {}
        for i in rows:
            values.update(zip(names, (columns[name][i] for name in names)))
            out[i] = template.format_map(values)
    return out


def fill_python(templates: list[str], columns: dict[str, list]) -> list[str]:
    """`fill` in Python: one format_map per row (a missing name raises KeyError, as format_map does)."""
    if any(len(column) < len(templates) for column in columns.values()):
        raise IndexError("fill: a column is shorter than the templates")
    names = list(columns)
    values: dict = {}
    out = []
    for template, *row in zip(templates, *columns.values()):
        values.update(zip(names, row))
        out.append(template.format_map(values))
    return out


def pick(symbol: str, key: tuple, u: float, values: dict, context: list | None = None) -> str:
    """One record's text for `symbol`: derivation floor(u * POOL_SIZE) (or the next one that denies nothing in
    `context[0]`, the record's positive text), holes filled from `values`. Used negations join the context."""
    p = pool(symbol, key)
    j = int(u * POOL_SIZE)
    if context is not None:
        positive = context[0]
        for step in range(POOL_SIZE):
            k = (j + step) % POOL_SIZE
            if not any(c in positive for c in p.chunks[k]):
                j = k
                break
        else:
            return ""
        if p.chunks[j]:
            context[0] = positive + "|" + "|".join(p.chunks[j])
    return p.templates[j].format_map(values)


def has_symbol(name: str) -> bool:
    return grammar().has(name)
