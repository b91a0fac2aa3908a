"""Records per second for the medical domain, every field and all text (the note included), on one core.

Run by hand from the repository or after `pip install .`:

    python benchmarks/bench_medical.py [--rows 262144] [--repeat 3] [--jsonl] [--fhir]
    python benchmarks/bench_medical.py --prevalence [--rows 100000]

It times `synth.generate("medical", ...)` — sampling, every text section, the note, and the engine checking
every record against every domain rule — in one process with one BLAS thread, and prints records per second
(wall clock and process CPU time, best of `--repeat` runs, so another job on the machine disturbs it less).
It also times the persons domain on the same number of records in the same run and prints medical's rate as a
ratio to persons' (a figure that holds across machines and loads better than records per second alone).
`--jsonl` and `--fhir` also time writing the same records as JSONL or as FHIR R4 NDJSON. For scale: Synthea,
the reference simulator of coherent patients, reports about 17 patients per second.

`--prevalence` instead prints, for every chronic condition and every age band and sex of
lexicons/medical/prevalence.tsv, the prevalence measured in the records (listed diagnoses, plus undiagnosed
hypertension and diabetes noted in exam_findings) beside the published figure, and the rule violations.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import synth  # noqa: E402
from synth.domains.medical.fhir import FhirWriter  # noqa: E402
from synth.writers import JsonlWriter  # noqa: E402


def timed(repeat: int, work) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each of `repeat` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return walls, cpus


def best_of(repeat: int, work) -> tuple[float, float]:
    walls, cpus = timed(repeat, work)
    return min(walls), min(cpus)


def report(label: str, rows: int, wall: float, cpu: float) -> None:
    print(f"{label:<34}{rows:>9} records {wall:7.2f} s wall {rows / wall:>9,.0f} records/s   "
          f"{cpu:7.2f} s CPU {rows / cpu:>9,.0f} records/s")


def report_runs(label: str, rows: int, walls: list[float], cpus: list[float]) -> None:
    """The best run, and on a second line the median one (a loaded machine shows in the gap between them)."""
    report(label, rows, min(walls), min(cpus))
    report("  median of runs", rows, statistics.median(walls), statistics.median(cpus))


def prevalence(rows: int) -> None:
    import numpy as np

    from synth.domains import medical
    from synth.domains.medical.data import catalogue
    from synth.resources import read_table

    frame = synth.generate("medical", rows, seed=1)
    cat = catalogue()
    keys = {cat.code[c]: cat.keys[c] for c in cat.chronic_ids}
    has = {k: np.zeros(len(frame), dtype=bool) for k in keys.values()}
    for i, row in enumerate(frame.diagnoses):
        for d in row:
            if d["code"] in keys:
                has[keys[d["code"]]][i] = True
    has["hypertension"] |= frame.exam_findings.str.contains("血压升高").to_numpy()
    has["t2dm"] |= frame.exam_findings.str.contains("血糖升高").to_numpy()
    table = read_table("medical", "prevalence.tsv")
    print(f"{rows} records, seed 1; chronic prevalence, published vs measured (n = records in the cell)")
    print(f"{'condition':<22}{'sex':<4}{'band':<8}{'published':>10}{'measured':>10}{'n':>8}")
    for key, sex, lo, hi, p in zip(table.key, table.sex, table.age_from.astype(int), table.age_to.astype(int),
                                   table.probability.astype(float)):
        if key not in has:
            continue
        cell = ((frame.sex == ("男" if sex == "m" else "女")) & frame.age.between(lo, hi)).to_numpy()
        n = int(cell.sum())
        measured = has[key][cell].mean() if n else float("nan")
        print(f"{key:<22}{sex:<4}{f'{lo}-{hi}':<8}{p:>10.3f}{measured:>10.3f}{n:>8}")
    print("rule violations:", {k: v for k, v in medical.verify(frame).items() if v} or "none")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=4 * 65536)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jsonl", action="store_true", help="also time writing JSONL")
    parser.add_argument("--fhir", action="store_true", help="also time writing FHIR NDJSON")
    parser.add_argument("--prevalence", action="store_true", help="print measured vs published prevalence")
    args = parser.parse_args()
    if args.prevalence:
        prevalence(args.rows)
        return

    synth.generate("medical", 4096, seed=99)   # warm up: tables, grammars, template pools
    frames = []

    def generate():
        frames[:] = [synth.generate("medical", args.rows, seed=1)]

    walls, cpus = timed(args.repeat, generate)
    report_runs("synth.generate (all text, rules)", args.rows, walls, cpus)
    summary = frames[0].attrs.get("report")
    print(f"  quality report: {summary.summary() if hasattr(summary, 'summary') else summary}")
    synth.generate("persons", 4096, seed=99)
    p_walls, p_cpus = timed(args.repeat, lambda: synth.generate("persons", args.rows, seed=1))
    report_runs("persons, same run", args.rows, p_walls, p_cpus)
    for label, pick in (("best", min), ("median", statistics.median)):
        print(f"  medical / persons rate, {label} runs: {pick(p_walls) / pick(walls):.3f} (wall), "
              f"{pick(p_cpus) / pick(cpus):.3f} (CPU)")

    for flag, label, writer in ((args.jsonl, "+ JSONL writer", JsonlWriter), (args.fhir, "+ FHIR NDJSON writer",
                                                                               FhirWriter)):
        if not flag:
            continue

        def write():
            sink = io.BytesIO()
            w = writer(sink, list(frames[0].columns))
            w.write(frames[0])
            w.close()

        w_wall, w_cpu = best_of(1, write)
        report(label + " (writing only)", args.rows, w_wall, w_cpu)


if __name__ == "__main__":
    main()
