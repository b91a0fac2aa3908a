"""The plain-text summary `synth check` prints: a header, a table of checks, then what failed with examples."""

from __future__ import annotations

import json
import unicodedata

from .report import CheckReport, Finding

RESULT = {True: "ok", False: "FAIL", None: "info"}


def width(text: str) -> int:
    """Columns the text takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, columns: int) -> str:
    if width(text) > columns:
        out = ""
        for c in text:
            if width(out + c) > columns - 1:
                break
            out += c
        text = out + "…"
    return text + " " * (columns - width(text))


def _rows(report: CheckReport) -> list[tuple[str, str, str, str, str]]:
    rows = []
    complete = [f for f in report.findings if f.section == "completeness" and f.passed and not f.count]
    for finding in report.findings:
        if finding in complete:
            continue
        rows.append((finding.label, ",".join(finding.fields) or "-", finding.summary, finding.gate or "-",
                     RESULT[finding.passed]))
        if finding.section == "input" and complete:
            rows.append(("completeness: missing values", f"{len(complete)} fields", "none missing",
                         complete[0].gate or "-", "ok"))
    return rows


def gates(count: int) -> str:
    return f"{count:,} gate" + ("" if count == 1 else "s")


def passed_gates(count: int) -> str:
    if count == 0:
        return "no gate applied"
    return "the 1 gate passed" if count == 1 else f"all {gates(count)} passed"


def render(report: CheckReport, examples: int = 3) -> str:
    lines = []
    head = f"synth check {report.source}: {report.records:,} records ({report.format})"
    if report.domain:
        head += f", domain {report.domain}"
    head += f", as_of {report.as_of.isoformat()}"
    lines.append(head)
    if report.reference:
        lines.append(f"reference for distributions: {report.reference}")
    lines.append("")
    rows = _rows(report)
    sizes = [max(width(r[i]) for r in rows + [("CHECK", "FIELD", "RESULT", "GATE", "")]) for i in range(5)]
    sizes = [min(sizes[0], 44), min(sizes[1], 24), min(sizes[2], 64), min(sizes[3], 34), 4]
    lines.append("  ".join(pad(h, s) for h, s in zip(("CHECK", "FIELD", "RESULT", "GATE", ""), sizes)).rstrip())
    for row in rows:
        lines.append("  ".join(pad(c, s) for c, s in zip(row, sizes)).rstrip())
    lines.append("")
    failed = report.failed
    if not failed:
        lines.append(f"PASSED: {passed_gates(len(report.gated))}.")
        return "\n".join(lines)
    lines.append(f"FAILED: {len(failed)} of {gates(len(report.gated))}.")
    for finding in failed:
        lines.extend(_failure(report, finding, examples))
    return "\n".join(lines)


def _failure(report: CheckReport, finding: Finding, examples: int) -> list[str]:
    where = f" [{', '.join(finding.fields)}]" if finding.fields else ""
    out = ["", f"{finding.label}{where}: {finding.summary} (gate {finding.gate})"]
    if finding.doc:
        out.append(f"  what: {finding.doc}")
    if finding.reasons:
        out.append("  why: " + ", ".join(f"{reason} {count:,}" for reason, count in finding.reasons.items()))
    if finding.lines:
        shown = ", ".join(str(x) for x in finding.lines[:12])
        more = f" and {len(finding.lines) - 12:,} more" if len(finding.lines) > 12 else ""
        out.append(f"  {report.position_word}s: {shown}{more}")
    for example in finding.examples[:examples]:
        position = example.get(report.position_word, example.get("line"))
        reason = f" ({example['reason']})" if "reason" in example else ""
        values = example.get("values")
        shown = " " + json.dumps(values, ensure_ascii=False) if values else ""
        out.append(f"  e.g. {report.position_word} {position}{reason}:{shown}"[:400])
    return out
