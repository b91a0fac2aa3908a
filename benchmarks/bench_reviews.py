"""How fast synth writes labelled reviews, on one core (run by hand: `python benchmarks/bench_reviews.py`).

Times the README request (movie reviews of 50-100 characters, exact 50/50 sentiment quotas, plot and acting
required), each category at 50-100 characters and all categories with default options, after a warm-up that compiles
the grammar and fills its per-context caches. Prints reviews per second in CPU time, the best and the median of
--repeats runs (on the shared 2-vCPU test machine the same code runs up to twice as slow at times), `persons`
records per second in the same process with the ratios of reviews to them (comparable across runs), and, for
reference, how fast Faker makes zh_CN "paragraphs" (which carry no label and do not read as reviews).

    python benchmarks/bench_reviews.py [--n 100000] [--repeats 3] [--category movie] [--no-faker]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import synth  # noqa: E402


def timed(fn) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def bench(label: str, n: int, repeats: int, **options) -> float:
    warm = {**options, "sentiment": "positive:0.5,negative:0.5"} if "sentiment" in options else options
    synth.generate("reviews", min(n, 20_000), seed=999, **warm)   # warm-up: grammar, tables, flat lists
    cpu = []
    for run in range(repeats):
        _, seconds, frame = timed(lambda: synth.generate("reviews", n, seed=1 + run, **options))
        cpu.append(seconds)
    cpu.sort()
    lengths = frame["length"]
    print(f"{label:<34} {n / cpu[0]:>9,.0f} ({n / cpu[len(cpu) // 2]:>7,.0f}) reviews/s   "
          f"length {lengths.min()}-{lengths.max()} (mean {lengths.mean():.0f})")
    return n / cpu[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3, help="runs per figure; the best and the median are shown")
    parser.add_argument("--category", action="append", help="only these categories")
    parser.add_argument("--no-faker", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    n = args.n
    half = n // 2
    from synth import grammar

    print(f"synth reviews, one process, {n:,} reviews per run, C renderer {'on' if grammar._crender else 'off'}; "
          f"CPU time, best (median) of {args.repeats}")
    bench("README: movie 50-100, quotas", n, args.repeats, category="movie",
          sentiment=f"positive:{half},negative:{n - half}", length="50-100", require="plot,acting")
    from synth.domains.reviews.request import CATEGORY_KEYS

    slowest = min(bench(f"{category} 50-100", n, args.repeats, category=category, length="50-100")
                  for category in args.category or CATEGORY_KEYS)
    mixed = bench("all categories, 50-100", n, args.repeats, length="50-100")
    bench("all categories, default options", n, args.repeats)
    # persons in the same process: the ratios can be compared across runs on a machine whose speed drifts
    synth.generate("persons", min(n, 20_000), seed=999)
    persons = max(n / timed(lambda: synth.generate("persons", n, seed=1 + run))[1] for run in range(args.repeats))
    print(f"{'persons (same run)':<34} {persons:>9,.0f} records/s   ratio reviews / persons: slowest category "
          f"{slowest / persons:.3f}, all categories 50-100 {mixed / persons:.3f} (best)")
    if not args.no_faker:
        try:
            from faker import Faker
        except ImportError:
            return
        fake = Faker("zh_CN")
        fake.seed_instance(1)
        count = min(n, 50_000)
        wall, _, _ = timed(lambda: [fake.paragraph(nb_sentences=3) for _ in range(count)])
        print(f"{'Faker zh_CN paragraph (no label)':<34} {count / wall:>9,.0f} texts/s   ratio synth/faker: see above")


if __name__ == "__main__":
    main()
