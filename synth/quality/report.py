"""What a check found: `Finding`s (one measured thing each, with its gate), gathered in a `CheckReport`.

A finding is a validator or rule over a field, a completeness count, a duplicate rate, a diversity number, a
label or distribution test, or the acceptance rate of a reviewed sheet. `passed` is True or False when a gate
applies and None for information only; the report passes when no finding failed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

MAX_LINES_LISTED = 1000


@dataclass
class Finding:
    section: str                 # input, completeness, validators, rules, duplicates, text, labels, distributions, review
    name: str                    # what was measured ("resident ID", a rule name, "exact duplicate records", ...)
    fields: tuple[str, ...]      # the fields involved (empty for the whole record)
    summary: str                 # the measured value in words ("3 of 20,000 (0.015%)", "KS D=0.012, p=0.61")
    value: float | None = None   # the number the gate compares (a rate, a count, a statistic)
    gate: str | None = None      # the gate in words ("≤ 0%"); None when the finding is information only
    passed: bool | None = None
    count: int = 0               # records that failed (when counting records makes sense)
    total: int = 0               # records considered
    reasons: dict[str, int] = field(default_factory=dict)
    lines: list[int] = field(default_factory=list)         # every failing record's line (or row), capped
    examples: list[dict] = field(default_factory=list)     # a few failing records: line, reason, the fields' values
    details: dict[str, Any] = field(default_factory=dict)  # test statistics, clusters, n-grams ...
    doc: str = ""                # what the check means

    @property
    def label(self) -> str:
        return f"{self.section}: {self.name}"

    def to_dict(self) -> dict:
        return {"section": self.section, "name": self.name, "fields": list(self.fields), "summary": self.summary,
                "value": self.value, "gate": self.gate, "passed": self.passed, "count": self.count,
                "total": self.total, "reasons": self.reasons, "lines": self.lines[:MAX_LINES_LISTED],
                "lines_truncated": len(self.lines) > MAX_LINES_LISTED, "examples": self.examples,
                "details": self.details, "doc": self.doc}


@dataclass
class CheckReport:
    source: str
    format: str
    records: int
    position_word: str                          # "line" or "row": what example positions count
    as_of: dt.date
    domain: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    roles: dict[str, dict] = field(default_factory=dict)    # field -> {"role", "why", "present", "distinct"}
    findings: list[Finding] = field(default_factory=list)
    charts: dict[str, Any] = field(default_factory=dict)    # data the HTML report draws
    gates: dict[str, Any] = field(default_factory=dict)
    reference: str | None = None                # what distributions were compared with
    seconds: float = 0.0

    @property
    def failed(self) -> list[Finding]:
        return [f for f in self.findings if f.passed is False]

    @property
    def gated(self) -> list[Finding]:
        return [f for f in self.findings if f.passed is not None]

    @property
    def passed(self) -> bool:
        return not self.failed

    def add(self, finding: Finding) -> Finding:
        self.findings.append(finding)
        return finding

    def to_dict(self) -> dict:
        return {"source": self.source, "format": self.format, "records": self.records,
                "position": self.position_word, "as_of": self.as_of.isoformat(), "domain": self.domain,
                "options": {k: str(v) for k, v in self.options.items()}, "passed": self.passed,
                "gates_checked": len(self.gated), "gates_failed": len(self.failed), "gates": self.gates,
                "reference": self.reference, "fields": self.roles,
                "findings": [f.to_dict() for f in self.findings], "charts": self.charts,
                "seconds": round(self.seconds, 3)}


def percent(count: int, total: int) -> str:
    """3 of 20000 -> '0.015%'; three significant digits, never rounded to 0% when something failed."""
    if not total or not count:
        return "0%"
    return f"{100.0 * count / total:.3g}%"


def rate_gate(limit: float) -> str:
    return f"≤ {limit * 100:g}%"
