"""What each column is: inferred from its name and its content, so `synth check` knows which checks apply.

Roles: `id_number` (Chinese resident ID), `phone` (mobile), `bank_card`, `date`, `datetime`, `text` (free text
worth diversity and near-duplicate checks), `rating`, `sentiment`, `category` (few distinct values), `numeric`,
`identifier` (a key such as person_id; never charted). A format role needs evidence in the content: when the name
suggests it, at least half of the values must look the part (so a broken value is reported, not a column
mislabelled); without a suggestive name, nine in ten must.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import validators

NAME_HINTS = {
    "id_number": r"id_?(number|no|num|card)|identity|citizen_?id|身份证|证件号|sfz",
    "phone": r"phone|mobile|cellphone|手机|电话|联系方式",
    "bank_card": r"bank_?card|card_?(no|number|num)|^card$|卡号|银行卡",
    "date": r"date|birthday|^dob$|生日|日期",
    "datetime": r"time|_at$|^at$|timestamp|时间",
    "text": r"text|content|review|comment|评论|内容|正文|描述|description|body|utterance|message|reply|note",
    "rating": r"rating|stars?$|score|评分|星级|打分",
    "sentiment": r"sentiment|polarity|情感|情绪|倾向",
    "identifier": r"(^|_)id$|^id_|uuid|编号|序号|^key$",
}
_HINTS = {role: re.compile(pattern, re.IGNORECASE) for role, pattern in NAME_HINTS.items()}
_SENTENCE_MARK = re.compile(r"[，。！？；、,.!?;]")
MAX_CATEGORIES = 50
ROLE_WORDS = {"id_number": "an ID number", "phone": "a mobile number", "bank_card": "a card number",
              "date": "a date", "datetime": "a date-time"}
_CODE_LIKE = re.compile(r"[A-Za-z0-9_:.\-]+")
SAMPLE = 5000  # rows inspected to infer a role (evenly spaced, so the result does not depend on row order)


@dataclass
class FieldInfo:
    name: str
    role: str | None
    present: int              # non-missing values
    distinct: int
    mean_length: float
    numeric: bool
    why: str = ""


def _sample(values: np.ndarray) -> np.ndarray:
    if len(values) <= SAMPLE:
        return values
    return values[np.linspace(0, len(values) - 1, SAMPLE).astype(np.int64)]


def _share(mask: np.ndarray) -> float:
    return float(mask.mean()) if len(mask) else 0.0


_SHAPES = {
    "id_number": re.compile(r"\d{17}[\dXx]|\d{6}\*{8}\d{3}[\dXx]"),
    "phone": re.compile(r"(?:\+?86[\s-]?)?1\d{2}[\s-]?(?:\d{4}|\*{4})[\s-]?\d{4}"),
    "bank_card": re.compile(r"\d{4}\s?\d{4}\s?\d{4}\s?\d{4}(?:\s?\d{1,3})?"),
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "datetime": re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}.*"),
}


def _looks(role: str, text: list[str]) -> float:
    """Share of values that have the shape of `role` (not necessarily valid)."""
    match = _SHAPES[role].fullmatch
    return sum(1 for t in text if match(t)) / len(text) if text else 0.0


def numeric_values(values: np.ndarray, missing: np.ndarray | None = None) -> np.ndarray | None:
    """The column as floats when at least 95% of its present values are numbers (not booleans), else None."""
    if values.dtype.kind in "iuf":
        return values.astype(float)
    if values.dtype.kind == "b":
        return None
    present = ~(validators.is_missing(values) if missing is None else missing)
    if not present.any():
        return None
    cells = values[present]
    probe = _sample(cells)
    if any(isinstance(v, (bool, list, dict)) for v in probe):
        return None
    if np.isfinite(pd.to_numeric(pd.Series(probe, dtype=object), errors="coerce").to_numpy(dtype=float)).mean() < 0.95:
        return None
    numbers = np.full(len(values), np.nan)
    try:
        numbers[present] = pd.to_numeric(pd.Series(cells, dtype=object), errors="coerce").to_numpy(dtype=float)
    except TypeError:  # lists or dicts beyond the sample
        return None
    return numbers if np.isfinite(numbers[present]).mean() >= 0.95 else None


def infer_field(name: str, values: np.ndarray, text: np.ndarray | None = None,
                missing: np.ndarray | None = None) -> FieldInfo:
    """The role of one column; `text` (as_text of the values) and `missing` may be passed in when known."""
    missing = validators.is_missing(values) if missing is None else missing
    all_text = validators.as_text(values) if text is None else text
    present_values = values[~missing]
    present_text = all_text[~missing]
    sample = _sample(present_values)
    text = _sample(present_text)
    lengths = np.fromiter(map(len, text), dtype=np.int64, count=len(text))
    mean_length = float(lengths.mean()) if len(lengths) else 0.0
    distinct = int(pd.Series(present_text, dtype=object).nunique())
    info = FieldInfo(name, None, int((~missing).sum()), distinct, mean_length, False)
    if not len(sample):
        info.why = "no values"
        return info
    if any(isinstance(v, (list, tuple, dict, np.ndarray)) for v in sample):
        info.why = "lists or objects (compared whole for duplicates only)"
        return info
    hinted = {role for role, pattern in _HINTS.items() if pattern.search(name)}
    shaped_text = list(text)
    for role in ("id_number", "bank_card", "phone", "datetime", "date"):
        share = _looks(role, shaped_text)
        need = 0.5 if role in hinted else 0.9
        if role == "bank_card" and role not in hinted and share >= need:
            # 16-19 digits without a telling name: only when most pass the Luhn check (IDs were tried first).
            share = share if _share(validators.bank_card(sample).ok) >= 0.9 else 0.0
        if role == "date" and "datetime" in hinted and role not in hinted:
            continue
        if share >= need:
            info.role = role
            info.why = f"{'name and ' if role in hinted else ''}{share:.0%} of values shaped like {ROLE_WORDS[role]}"
            return info
    numbers = numeric_values(values, missing)
    info.numeric = numbers is not None
    if "identifier" in hinted and distinct >= 0.9 * info.present:
        info.role, info.why = "identifier", "name and distinct values"
        return info
    categorical = 2 <= distinct <= MAX_CATEGORIES and distinct <= max(2, info.present // 5)
    if "rating" in hinted and numbers is not None and categorical:
        info.role, info.why = "rating", "name and few numeric values"
        return info
    if "sentiment" in hinted and categorical:
        info.role, info.why = "sentiment", "name and few distinct values"
        return info
    if numbers is not None and not categorical:
        info.role, info.why = "numeric", "numbers"
        return info
    if categorical:
        info.role, info.why = "category", f"{distinct} distinct values"
        return info
    if numbers is None and mean_length >= 8:
        marked = _share(np.fromiter((bool(_SENTENCE_MARK.search(t)) for t in text), dtype=bool, count=len(text)))
        if "text" in hinted or (marked >= 0.3 and mean_length >= 10):
            info.role, info.why = "text", "name" if "text" in hinted else "sentences"
            return info
    if distinct >= 0.9 * info.present and numbers is None and mean_length < 40 and _CODE_LIKE.fullmatch(text[0]):
        info.role, info.why = "identifier", "distinct codes"
    return info


def infer_fields(frame: pd.DataFrame, forced: dict[str, str] | None = None,
                 columns: dict[str, np.ndarray] | None = None, texts: dict[str, np.ndarray] | None = None,
                 missing: dict[str, np.ndarray] | None = None) -> dict[str, FieldInfo]:
    """Role of every column; `forced` maps field -> role to override the inference. `columns`, `texts` and
    `missing` (per field) may be passed in when the caller has them already."""
    infos = {}
    for name in frame.columns:
        name = str(name)
        values = columns[name] if columns else frame[name].to_numpy(dtype=object)
        info = infer_field(name, values, texts.get(name) if texts else None, missing.get(name) if missing else None)
        if forced and name in forced:
            info.role, info.why = forced[name], "set on the command line"
        infos[name] = info
    return infos


POSITIVE = frozenset({"positive", "pos", "正面", "好评", "积极", "正向", "good"})
NEGATIVE = frozenset({"negative", "neg", "负面", "差评", "消极", "负向", "bad"})
NEUTRAL = frozenset({"neutral", "中性", "中评", "一般", "mixed"})


def sentiment_polarity(values: np.ndarray) -> np.ndarray:
    """+1 positive, -1 negative, 0 neutral, 2 unknown (by the label's usual names, English or Chinese)."""
    text = np.char.lower(validators.as_text(values).astype(str))
    out = np.full(len(text), 2, dtype=np.int64)
    out[np.isin(text, list(POSITIVE))] = 1
    out[np.isin(text, list(NEGATIVE))] = -1
    out[np.isin(text, list(NEUTRAL))] = 0
    return out
