"""How often a failing property shrinks to the smallest failing record (synth.strategies.indices).

A property that fails for about a quarter of the persons (aged 60 or more) is run under N Hypothesis seeds; the
script counts the runs whose final example is the first failing record, for synth's index strategy, for an
index of exactly the drawn bit length and for a plain integers(0, size - 1), and how many blocks of 1,024
records a run's first ten examples draw from (each block of a slow domain costs a fraction of a second, and
Hypothesis fails a test whose first examples take more than one). The records' ages are read from one
generated table, so each run costs only Hypothesis's own work.

    python benchmarks/strategy_shrinking.py --seeds 1000
"""

from __future__ import annotations

import argparse

import numpy as np
from hypothesis import given, seed, settings
from hypothesis import strategies as st

import synth
from synth.randomness import BLOCK_SIZE
from synth.strategies import DEFAULT_SIZE, indices


def of_exact_length(size: int):
    """An index of exactly the drawn bit length, in [2**(k-1), 2**k): shrinks better, draws from more blocks."""
    bits = max(size - 1, 0).bit_length()
    return st.integers(0, bits).flatmap(lambda k: st.integers(2 ** k >> 1, min(2 ** k, size) - 1))


def run(strategy, ages: np.ndarray, hypothesis_seed: int) -> tuple[int, int]:
    """(the final example of a failing run, the number of blocks its first ten examples drew from)."""
    tried = []

    @seed(hypothesis_seed)
    @settings(database=None, deadline=None)
    @given(strategy)
    def nobody_is_sixty(i):
        tried.append(i)
        assert ages[i] < 60

    try:
        nobody_is_sixty()
    except AssertionError:
        return tried[-1], len({i // BLOCK_SIZE for i in tried[:10]})
    raise RuntimeError("the property never failed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=400, help="Hypothesis seeds to run (default 400)")
    args = parser.parse_args()
    ages = synth.generate("persons", DEFAULT_SIZE, seed=0).age.to_numpy()
    smallest = int(np.flatnonzero(ages >= 60)[0])
    strategies = {"synth.strategies.indices": indices(DEFAULT_SIZE),
                  "index of exact length k": of_exact_length(DEFAULT_SIZE),
                  "integers(0, size - 1)": st.integers(0, DEFAULT_SIZE - 1)}
    print(f"first failing record: {smallest}; {args.seeds} Hypothesis seeds each")
    for name, strategy in strategies.items():
        runs = [run(strategy, ages, s) for s in range(args.seeds)]
        finals = [f for f, _ in runs]
        reached = sum(f == smallest for f in finals)
        blocks = sum(b for _, b in runs) / len(runs)
        others = sorted(set(finals) - {smallest})[:8]
        print(f"{name:26} reached the smallest in {reached:5d} of {args.seeds} ({reached / args.seeds:.1%}); "
              f"{blocks:.2f} blocks in the first ten examples; stopped elsewhere at e.g. {others}")


if __name__ == "__main__":
    main()
