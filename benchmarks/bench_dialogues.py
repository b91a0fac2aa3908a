"""How fast synth writes customer-service dialogues on one core (run by hand: `python benchmarks/bench_dialogues.py`).

Times polished dialogues of all twenty intents (every rule checked, as `synth generate` does), each sector alone,
and the cheaper stages (the all-intent rate also normalised to dialogues of 8 turns, as the issue states its
target), after a warm-up that compiles the grammar and fills its per-shape caches; then, in the same
process, `persons` records, and prints the ratio of dialogues per second to persons per second, so a figure taken
on a busy machine can still be compared. CPU time; best (median) of --repeats runs.

    python benchmarks/bench_dialogues.py [--n 50000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import synth  # noqa: E402


def rate(domain: str, n: int, repeats: int, **options) -> tuple[float, float, object]:
    synth.generate(domain, min(n, 10_240), seed=999, **options)   # warm-up
    cpu, frame = [], None
    for run in range(repeats):
        start = time.process_time()
        frame = synth.generate(domain, n, seed=1 + run, **options)
        cpu.append(time.process_time() - start)
    cpu.sort()
    return n / cpu[0], n / cpu[len(cpu) // 2], frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from synth import grammar

    print(f"synth dialogues, one process, {args.n:,} per run, C renderer {'on' if grammar._crender else 'off'}; "
          f"CPU time, best (median) of {args.repeats}")
    best, median, frame = rate("dialogues", args.n, args.repeats)
    turns = frame.n_turns.mean()
    print(f"{'all intents, polished':<28} {best:>9,.0f} ({median:>7,.0f}) dialogues/s   "
          f"mean {turns:.1f} turns, {frame.text.str.len().mean():.0f} characters")
    # The target is stated for dialogues of about 8 turns: the same turns per second, in 8-turn dialogues.
    print(f"{'  normalised to 8 turns':<28} {best * turns / 8:>9,.0f} ({median * turns / 8:>7,.0f}) dialogues/s")
    for sector in ("ecommerce", "telecom", "bank", "delivery"):
        b, m, f = rate("dialogues", args.n // 2, args.repeats, intent=sector)
        print(f"{sector + ', polished':<28} {b:>9,.0f} ({m:>7,.0f}) dialogues/s   mean {f.n_turns.mean():.1f} turns")
    for stage in ("skeleton", "filled"):
        b, m, _ = rate("dialogues", args.n // 2, args.repeats, stage=stage)
        print(f"{'all intents, ' + stage:<28} {b:>9,.0f} ({m:>7,.0f}) dialogues/s")
    persons, persons_median, _ = rate("persons", args.n, args.repeats)
    print(f"{'persons (same run)':<28} {persons:>9,.0f} ({persons_median:>7,.0f}) records/s")
    print(f"ratio dialogues / persons: {best / persons:.3f} (best), {median / persons_median:.3f} (median)")


if __name__ == "__main__":
    main()
