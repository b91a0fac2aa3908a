"""Past operations in a history (既往史: …年前行阑尾切除术), by age and sex from lexicons/medical/surgeries.tsv.

Each row is an operation with the ages at which it is done and the share of patients of that sex who have had it
once old enough (a modelling assumption from published frequencies, see the lexicon's README): a caesarean only
for women who were 21-42 at the time, cataract surgery from 55, hernia repair mostly in men. A record holds at
most one operation: its uniform falls in the cumulative shares of the rows its age and sex allow.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from synth.resources import read_table

MAX_AGE = 120


@lru_cache(maxsize=1)
def surgery_table() -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(phrases, min age at operation, max age at operation, most years ago, cumulative share per (sex, age, row)).
    `max_ago` keeps an operation within the years it has been common in China (laparoscopy from 1991, caesareans
    rising from the 1990s): no 50年前行剖宫产术."""
    t = read_table("medical", "surgeries.tsv")
    phrases = t["phrase"].tolist()
    low, high = t["min_at"].astype(int).to_numpy(), t["max_at"].astype(int).to_numpy()
    rate = t["rate"].astype(float).to_numpy()
    ago = t["max_ago"].astype(int).to_numpy()
    sexes = t["sex"].to_numpy()
    ages = np.arange(MAX_AGE + 1)[:, None]
    share = np.zeros((2, MAX_AGE + 1, len(phrases)))
    for s, name in enumerate(("m", "f")):
        # an operation is in the history from the year after the youngest age it is done at
        fits = ((sexes == "any") | (sexes == name))[None, :] & (ages > low[None, :]) & (ages - high[None, :] <= ago)
        share[s] = np.where(fits, rate[None, :], 0.0)
    return phrases, low, high, ago, np.cumsum(share, axis=2)


# An operation that removed the organ a visit's reason lives in is not in that visit's history (a reader met 1年前
# 行扁桃体切除术 at a visit for purulent tonsillitis): operation words -> condition keys.
REMOVED_ORGAN = {"扁桃体切除": ("tonsillitis",)}

# Nor is an organ an operation removed examined as present (a reader met 1年前行扁桃体切除术 above 双侧扁桃体无肿大):
# (operation word in 既往史, exam words that speak of the organ, exam phrase -> what is written instead, "" drops
# the clause). Appendix and uterus have no exam line today; they are listed so the check guards them.
REMOVED_EXAM = (
    ("扁桃体切除", ("扁桃体",), (("双侧扁桃体无肿大", "双侧扁桃体缺如"),)),
    ("胆囊切除", ("墨菲征", "胆囊"), (("，墨菲征阴性", ""), ("墨菲征阴性，", ""))),
    ("阑尾切除", ("阑尾", "麦氏点"), ()),
    ("子宫切除", ("子宫",), ()),
)
ABSENT_WORDS = ("缺如", "已切除")


def exam_after_operations(exams: list[str], histories) -> list[str]:
    """The exam of a record whose past history names an operation of REMOVED_EXAM says the organ is absent or
    leaves the organ's clause out."""
    out = list(exams)
    for i, history in enumerate(histories):
        if "切除" not in history:
            continue
        for word, _, replace in REMOVED_EXAM:
            if word in history:
                for old, new in replace:
                    out[i] = out[i].replace(old, new)
    return out


def finding_variants(text: str) -> tuple[str, ...]:
    """A finding as written, and as written after each operation of REMOVED_EXAM that rewrites it."""
    out = [text]
    for _, _, replace in REMOVED_EXAM:
        changed = text
        for old, new in replace:
            changed = changed.replace(old, new)
        if changed != text and changed:
            out.append(changed)
    return tuple(out)


def removed_organ_examined(exam: str, history: str) -> bool:
    """True when the exam speaks of an organ the past history says was removed, other than as absent."""
    if "切除" not in history:
        return False
    clauses = exam.replace("。", "，").replace("；", "，").split("，")
    return any(word in history and any(w in c and not any(a in c for a in ABSENT_WORDS) for c in clauses for w in organ)
               for word, organ, _ in REMOVED_EXAM)


def past_operations(age: np.ndarray, sex: np.ndarray, u_which: np.ndarray, u_years: np.ndarray,
                    primary: np.ndarray | None = None) -> list[str]:
    """Per record the operation phrase with its years filled in, or "" (no operation, or one that removed the
    organ of the visit's reason `primary`, condition indices)."""
    phrases, low, high, ago, cumulative = surgery_table()
    age = np.minimum(np.asarray(age), MAX_AGE)
    row = (u_which[:, None] >= cumulative[sex, age]).sum(axis=1)
    done = np.flatnonzero(row < len(phrases))
    r, a = row[done], age[done]
    # operated between its min and max age, at least a year and at most max_ago years ago
    longest, shortest = np.minimum(a - low[r], ago[r]), np.maximum(1, a - high[r])
    years = shortest + np.minimum((u_years[done] * (longest - shortest + 1)).astype(np.int64), longest - shortest)
    if primary is not None:
        # the operation words are no digits, so they are in the filled phrase exactly where in the phrase
        from .data import catalogue
        index = catalogue().index
        kept = np.ones(len(done), dtype=bool)
        for word, keys in REMOVED_ORGAN.items():
            naming = np.array([word in p for p in phrases], dtype=bool)
            kept &= ~(naming[r] & np.isin(np.asarray(primary)[done], [index[k] for k in keys]))
        done, r, years = done[kept], r[kept], years[kept]
    out = [""] * len(age)
    filled: dict = {}       # (row, years) -> phrase: a few hundred per batch
    for i, key in zip(done.tolist(), zip(r.tolist(), years.tolist())):
        text = filled.get(key)
        if text is None:
            text = filled[key] = phrases[key[0]].replace("{years}", str(key[1]))
        out[i] = text
    return out
