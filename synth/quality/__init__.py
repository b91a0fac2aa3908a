"""Dataset quality: what `synth check`, `synth sample` and their reports are made of. One job per module:

- `fields`        what each column is (ID number, phone, date, free text, label, number), from name and content
- `duplicates`    exact duplicate records and texts; near-duplicate texts (MinHash + LSH, exact Jaccard confirmed)
- `diversity`     character-level distinct-n, most repeated phrases, most common sentence openings
- `distributions` chi-square tests of label shares, KS tests of numeric and length distributions, histograms
- `check`         runs every applicable check with its gate and gathers a `report.CheckReport`
- `console`, `html`, `svg`   the printed summary and the self-contained HTML report with inline SVG charts
- `sampling`, `review`       stratified spot-check sheets and the acceptance rate read back from them

Field validators live in `synth.validators`; docs/quality.md describes every check and gate.
"""

from .check import CheckRequest, Gates, check_records
from .report import CheckReport, Finding

__all__ = ["check_records", "CheckRequest", "Gates", "CheckReport", "Finding"]
