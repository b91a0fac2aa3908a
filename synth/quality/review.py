"""Reading back a spot-check sheet a reviewer filled in: the acceptance rate, overall and per stratum.

A sheet is what `synth sample` wrote: the sampled records plus `verdict` and `comment` columns (and `_line`, the
record's line in the source file, and `_stratum` when the sample was stratified). A verdict is accept or reject in
English or Chinese (accept, ok, pass, yes, y, 1, ✓, 通过, 合格, 是 ... / reject, fail, no, n, 0, ✗, 不通过, 不合格,
否 ...); an empty verdict means not reviewed yet. The acceptance rate is accepted / reviewed, with a Wilson 95%
interval, because 50 verdicts say less than the rate alone suggests.
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import SynthError
from ..readers import LoadedRecords
from ..spreadsheet import restore_formula_frame
from ..validators import as_text
from .report import Finding

ACCEPT = frozenset({"accept", "accepted", "ok", "okay", "pass", "passed", "yes", "y", "good", "1", "true", "✓", "√",
                    "✔", "通过", "合格", "接受", "可用", "是", "好", "对", "正确"})
REJECT = frozenset({"reject", "rejected", "fail", "failed", "no", "n", "bad", "0", "false", "✗", "×", "x", "✘",
                    "不通过", "不合格", "拒绝", "不可用", "否", "差", "错", "错误"})


def wilson(accepted: int, reviewed: int, z: float = 1.96) -> tuple[float, float]:
    if not reviewed:
        return 0.0, 1.0
    p = accepted / reviewed
    centre = (p + z * z / (2 * reviewed)) / (1 + z * z / reviewed)
    half = z * math.sqrt(p * (1 - p) / reviewed + z * z / (4 * reviewed * reviewed)) / (1 + z * z / reviewed)
    return max(0.0, centre - half), min(1.0, centre + half)


def review_finding(sheet: LoadedRecords, name: str, min_acceptance: float) -> Finding:
    frame = restore_formula_frame(sheet.frame) if sheet.format == "csv" else sheet.frame
    if "verdict" not in frame.columns:
        raise SynthError(f"The sheet {name!r} has no 'verdict' column; make one with: synth sample FILE -o sheet.csv.")
    lines = np.asarray(sheet.lines if sheet.lines is not None else range(1, len(frame) + 1), dtype=np.int64)
    verdicts = np.char.lower(as_text(frame["verdict"]).astype(str))
    accepted = np.isin(verdicts, list(ACCEPT))
    rejected = np.isin(verdicts, list(REJECT))
    unknown = ~accepted & ~rejected & (verdicts != "")
    if unknown.any():
        first = int(np.flatnonzero(unknown)[0])
        raise SynthError(f"Line {lines[first]} of {name!r} has the verdict {frame['verdict'].iloc[first]!r}; write "
                         "accept or reject (or 通过 / 不通过), or leave it empty.")
    reviewed = int((accepted | rejected).sum())
    if not reviewed:
        raise SynthError(f"The sheet {name!r} has no verdicts yet; fill in the verdict column first.")
    rate = accepted.sum() / reviewed
    low, high = wilson(int(accepted.sum()), reviewed)
    strata = {}
    if "_stratum" in frame.columns:
        labels = as_text(frame["_stratum"])
        for label in sorted(set(labels[accepted | rejected])):
            mine = labels == label
            a, r = int((accepted & mine).sum()), int(((accepted | rejected) & mine).sum())
            strata[label] = {"accepted": a, "reviewed": r, "rate": a / r if r else 0.0}
    comments = as_text(frame["comment"]) if "comment" in frame.columns else np.full(len(frame), "", dtype=object)
    bad = np.flatnonzero(rejected)
    shown = [c for c in frame.columns if c not in ("verdict", "comment")][:4]
    examples = []
    for row in bad[:10]:
        example = {"line": int(lines[row]), "reason": comments[row] or "rejected",
                   "values": {c: str(as_text(frame[c].iloc[row:row + 1])[0])[:120] for c in shown}}
        examples.append(example)
    return Finding(
        "review", "acceptance rate", ("verdict",),
        f"{int(accepted.sum())} of {reviewed} accepted ({rate * 100:.1f}%, 95% CI {low * 100:.1f}-{high * 100:.1f}%)"
        + (f"; {len(frame) - reviewed} not reviewed" if len(frame) > reviewed else ""),
        value=float(rate), gate=f"≥ {min_acceptance * 100:g}%", passed=bool(rate >= min_acceptance - 1e-12),
        count=len(bad), total=reviewed, reasons={c or "rejected": int(n) for c, n in
                                                  zip(*np.unique(comments[bad].astype(str), return_counts=True))},
        lines=[int(x) for x in lines[bad]], examples=examples,
        details={"accepted": int(accepted.sum()), "rejected": int(rejected.sum()), "reviewed": reviewed,
                 "unreviewed": int(len(frame) - reviewed), "wilson_95": [low, high], "strata": strata},
        doc="Share of reviewed sheet rows with an accepting verdict.")
