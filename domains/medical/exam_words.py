"""查体 states what was found; advice belongs to 处理.

An attending (issue 18, seed 61907) met blood-pressure and glucose advice (建议内分泌科进一步检查, 建议家庭自测血压后
复诊) written inside the examination of four notes. sections.undiagnosed_notes now writes it in the plan; this
rule reads the written examination for the words of advice.
"""

from __future__ import annotations

ADVICE_WORDS = ("建议", "嘱", "复诊")


def exam_has_no_advice(columns, options):
    """The rule: no 查体 text advises (建议, 嘱, 复诊). Examinations repeat (about 3,000 distinct in 32,768): the
    words are found in the distinct texts' shared scan, not in a pass of their own over every record."""
    from .checks import _column_has_any
    return ~_column_has_any(columns, "exam_findings", ADVICE_WORDS)
