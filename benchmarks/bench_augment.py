"""Augmentation speed and a sample to read: `python benchmarks/bench_augment.py [--sentences 10000] [--repeats 5]`.

Prints
- lexicon + private tokenizer load time in a fresh process, with the tokenizer cache warm and cold;
- throughput on ~50-character texts that synth did not generate, all different (the hand-written review
  sentences of tests/data, two to four drawn at random for each), segmentation included, one process, for
  several op sets;
- 20 augmented sentences with their sources, for a human to read.
Timings are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LOAD_SNIPPET = """
import time
import synth  # pandas and the engine: not part of the lexicon load
t = time.perf_counter()
from synth.augmenters.load import default_lexicon, tokenizer_for
lexicon = default_lexicon()
t1 = time.perf_counter()
tokenizer_for(lexicon)
t2 = time.perf_counter()
print(f"{t1 - t:.3f} {t2 - t1:.3f}")
"""


def load_time(cache_dir: str | None) -> tuple[float, float]:
    env = dict(os.environ)
    if cache_dir is not None:
        env["SYNTH_CACHE_DIR"] = cache_dir
    out = subprocess.run([sys.executable, "-c", LOAD_SNIPPET], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    return float(out[0]), float(out[1])


def external_sentences(count: int) -> list[str]:
    """`count` different ~50-character texts, each two to four hand-written review sentences of tests/data
    drawn at random (fixed seed): every text is new to the augmenter, though its words and clauses recur as
    they do in any real set of reviews."""
    lines = [line.strip() for line in (ROOT / "tests/data/review_sentences.txt").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    rng = random.Random(20241201)
    texts: list[str] = []
    seen: set[str] = set()
    while len(texts) < count:
        text = ""
        while len(text) < 42:
            text += rng.choice(lines)
        if text not in seen:
            seen.add(text)
            texts.append(text)
    return texts


def timings(repeats: int, run) -> tuple[float, float, int]:
    """(best, median) CPU seconds of `run()` over `repeats` runs, and what the last run returned. The best run
    is the machine's speed with the least interference from whatever else it is doing (on the shared 2-vCPU
    test machine runs of the same code vary by up to a factor of two over an hour); both are printed."""
    seconds = []
    for _ in range(repeats):
        start = time.process_time()
        made = run()
        seconds.append(time.process_time() - start)
    seconds.sort()
    return seconds[0], seconds[len(seconds) // 2], made


def per_second(count: int, best: float, median: float) -> str:
    return f"{count / best:7.0f} ({count / median:5.0f})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sentences", type=int, default=10000)
    parser.add_argument("--repeats", type=int, default=5, help="runs per figure; the best and the median are shown")
    args = parser.parse_args()

    warm = load_time(None)  # first run may build the cache; run again for the warm figure
    warm = load_time(None)
    with tempfile.TemporaryDirectory() as empty:
        cold = load_time(empty)
    print(f"lexicon load: {warm[0] * 1000:.0f} ms; private jieba tokenizer: {warm[1] * 1000:.0f} ms with its "
          f"cache, {cold[1] * 1000:.0f} ms when building the cache (first run for a user)")

    from synth import speedups
    from synth.augmenters import augment
    from synth.augmenters.pipeline import Augmenter
    from synth.augmenters.random import variant_key

    every = external_sentences(args.sentences + 2000)
    warmup, texts = every[:2000], every[2000:]
    mean = sum(map(len, texts)) / len(texts)
    print(f"{len(texts)} external sentences, mean length {mean:.1f} characters; one process, CPU time; "
          f"C accelerators {'on' if speedups.enabled() else 'off'}; best (median) of {args.repeats} runs")
    print("Each figure follows a warm-up on 2,000 other texts (per-word memos as in any long job).")
    key = variant_key(1)

    def augmenting(augmenter, n: int, memos) -> int:
        made = 0
        for i, text in enumerate(texts):
            for memo in memos:
                memo.clear()
            made += len(augmenter.variants(text, i, n, key))
        return made

    runs = [("synonym,restructure", 1), ("synonym,restructure", 4), ("synonym,restructure,expand", 4),
            ("eda", 4)]
    print("fresh: the cut and signature caches cleared before each text (its clauses are new, as in external")
    print("text); kept: caches kept (text with repeated clauses, as synth's own):")
    for fresh in (True, False):
        for ops, n in runs:
            augmenter = Augmenter(ops)
            for i, text in enumerate(warmup):
                augmenter.variants(text, i, n, key)
            memos = (augmenter.segmenter._cache, augmenter.analyser._signatures) if fresh else ()
            best, median, made = timings(args.repeats, lambda: augmenting(augmenter, n, memos))
            print(f"  {'fresh' if fresh else 'kept '} ops={ops:27s} n={n}: {per_second(len(texts), best, median)} "
                  f"sentences/s, {per_second(made, best, median)} variants/s")
    # The strictest reading: the synonym operation's per-word memos (pure functions of a word and the lexicon,
    # shared by every text that uses the word) are cleared too, as if each text were the first one seen.
    augmenter = Augmenter("synonym,restructure")
    memos = (augmenter.synonym._signatures, augmenter.synonym._fitting, augmenter.synonym._word_group_memo,
             augmenter.synonym._traits_memo, augmenter.synonym._readings, augmenter.segmenter._cache,
             augmenter.analyser._signatures)
    best, median, _ = timings(args.repeats, lambda: augmenting(augmenter, 1, memos))
    print(f"  cold  ops=synonym,restructure         n=1: {per_second(len(texts), best, median)} sentences/s "
          "(per-word memos cleared as well)")
    best, median, _ = timings(args.repeats, lambda: augment(texts, ops="synonym,restructure", n=4, seed=1))
    print(f"  through synth.augmenters.augment (DataFrame out, caches kept), n=4: "
          f"{per_second(len(texts), best, median)} sentences/s")

    # Segmentation alone, for scale: jieba's own cut, and synth's cutter (the same words, tests/test_wordcut.py).
    from synth.augmenters.load import default_lexicon, tokenizer_for

    segmenter = tokenizer_for(default_lexicon())
    jieba_cut = segmenter.tokenizer.cut  # made on first use: outside the timing
    best, median, _ = timings(args.repeats, lambda: [list(jieba_cut(text, HMM=False)) for text in texts])
    print(f"segmentation alone (private jieba, no HMM): {per_second(len(texts), best, median)} sentences/s")
    best, median, _ = timings(args.repeats, lambda: [segmenter._cut(text) for text in texts])
    print(f"segmentation alone (synth's cutter, jieba's words): {per_second(len(texts), best, median)} sentences/s")

    print("\n20 augmented sentences (ops=synonym,restructure,expand, n=1, seed=7):")
    sample_sources = texts[:20]
    frame = augment(sample_sources, ops="synonym,restructure,expand", n=1, seed=7)
    for source, text, ops in zip(frame.source, frame.text, frame.ops):
        print(f"  [{ops}]\n    {sample_sources[source]}\n  → {text}")


if __name__ == "__main__":
    main()
