"""synth fit against SDV's GaussianCopulaSynthesizer, in one process, on three tables.

    python benchmarks/bench_fit.py            # customers 2,000 rows; wine and diabetes from scikit-learn
    python benchmarks/bench_fit.py --rows 5000

Tables: a real-world-like customer table with Chinese identity columns (benchmarks/customer_table.py documents
its process), and two tables scikit-learn ships inside its package (no download): wine (178 rows, 13 measures
and a class) and diabetes (442 rows, raw units, a numeric target). For each table and tool: fit and sample
time, then the same privacy and fidelity measures `synth check --privacy-against` reports (synth.fit.privacy,
synth.fit.fidelity), with TSTR on the named target, and for the customer table whether the identity columns
validate and whether any identity value was copied from the real table. Times are also given as the ratio
synth / SDV, since absolute figures drift on a loaded machine. SDV comes from the sdv extra; without it the
script says so and reports synth alone.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from customer_table import customer_table  # noqa: E402


def tables(rows: int) -> list[tuple[str, pd.DataFrame, str]]:
    from sklearn.datasets import load_diabetes, load_wine

    wine = load_wine(as_frame=True).frame.rename(columns=lambda c: c.replace("/", "_"))
    wine["target"] = wine["target"].map({0: "class_0", 1: "class_1", 2: "class_2"})
    diabetes = load_diabetes(as_frame=True, scaled=False).frame
    # A real CSV round trip, so every tool reads the same typed frame a user would load.
    customers = pd.read_csv(io.StringIO(customer_table(rows).to_csv(index=False)))
    return [("customers", customers, "是否流失"), ("wine", wine, "target"), ("diabetes", diabetes, "target")]


def run_synth(frame: pd.DataFrame) -> tuple[pd.DataFrame, float, float]:
    import synth
    from synth.fit.report import sample_recipe

    start = time.perf_counter()
    text = synth.fit(frame, name="bench").recipe()
    fitted = time.perf_counter()
    out = sample_recipe(text, "bench.toml", len(frame))
    return out, fitted - start, time.perf_counter() - fitted


def run_sdv(frame: pd.DataFrame) -> tuple[pd.DataFrame, float, float]:
    from sdv.metadata import Metadata
    from sdv.single_table import GaussianCopulaSynthesizer

    start = time.perf_counter()
    metadata = Metadata.detect_from_dataframes(data={"t": frame})
    model = GaussianCopulaSynthesizer(metadata)
    model.fit({"t": frame})  # SDV 2 takes a table by name even for one table
    fitted = time.perf_counter()
    out = model.sample(num_rows=len(frame))
    out = out["t"] if isinstance(out, dict) else out
    return out, fitted - start, time.perf_counter() - fitted


def identity_figures(real: pd.DataFrame, synthetic: pd.DataFrame) -> str:
    from synth import validators as V

    if "身份证号" not in synthetic:
        return ""
    ids = synthetic["身份证号"].astype(str).to_numpy(dtype=object)
    valid = 1 - V.resident_id(ids).failed / len(ids)
    agree = 1 - V.resident_id(ids, sex=synthetic["性别"].astype(str).to_numpy(dtype=object)).failed / len(ids)
    phones = 1 - V.mobile_phone(synthetic["手机号"].astype(str).to_numpy(dtype=object)).failed / len(ids)
    reused = "/".join(str(synthetic[c].astype(str).isin(set(real[c].astype(str))).sum()) for c in ("身份证号", "手机号", "姓名"))
    return (f"ID valid {valid:.1%}, ID agrees with sex {agree:.1%}, phone valid {phones:.1%}, "
            f"real values reused: ID/phone/name {reused} (common names recur by chance)")


def figures(real: pd.DataFrame, synthetic: pd.DataFrame, target: str) -> dict:
    from synth.fit.report import compare

    found = {(f.name, f.fields): f for f in compare(synthetic, real, target=target)}
    pick = lambda name: [f for (n, _), f in found.items() if n == name]  # noqa: E731
    ks = [f.value for f in pick("KS distance")]
    tv = [f.value for f in pick("total variation")]
    tstr = pick("train synthetic, test real")[0].details
    return {"copies": int(pick("exact copies of real rows")[0].value),
            "dcr": pick("distance to closest record")[0].value,
            "qi": pick("quasi-identifier uniqueness")[0].value,
            "ks": float(np.mean(ks)) if ks else float("nan"), "tv": float(np.mean(tv)) if tv else float("nan"),
            "corr": pick("correlation difference")[0].value, "tstr": tstr["tstr"], "trtr": tstr["trtr"],
            "metric": tstr["metric"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000, help="rows of the customer table (default 2000)")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    try:
        import sdv  # noqa: F401
        tools = [("synth", run_synth), ("SDV", run_sdv)]
    except ImportError:
        print("SDV is not installed (pip install 'synth[bench,sdv]'); reporting synth alone.")
        tools = [("synth", run_synth)]
    header = (f"{'table':10} {'tool':6} {'fit s':>7} {'sample s':>9} {'copies':>7} {'DCR<5%':>7} {'QI uniq':>8} "
              f"{'mean KS':>8} {'mean TV':>8} {'Δcorr':>6} {'TSTR':>6} {'TRTR':>6}")
    print(header)
    for name, real, target in tables(args.rows):
        times = {}
        for tool, runner in tools:
            synthetic, fit_s, sample_s = runner(real)
            times[tool] = fit_s + sample_s
            f = figures(real, synthetic, target)
            qi = "-" if f["qi"] is None else f"{f['qi']:.1%}"
            tv = "-" if np.isnan(f["tv"]) else f"{f['tv']:.3f}"
            print(f"{name:10} {tool:6} {fit_s:7.2f} {sample_s:9.2f} {f['copies']:7d} {f['dcr']:7.1%} {qi:>8} "
                  f"{f['ks']:8.3f} {tv:>8} {f['corr']:6.3f} {f['tstr']:6.3f} {f['trtr']:6.3f}"
                  f"  ({f['metric']})")
            extra = identity_figures(real, synthetic)
            if extra:
                print(f"{'':17} {extra}")
        if "SDV" in times:
            print(f"{'':17} synth / SDV fit+sample time: {times['synth'] / times['SDV']:.2f}")


if __name__ == "__main__":
    main()
