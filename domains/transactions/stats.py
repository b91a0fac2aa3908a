"""Statistics a risk analyst checks first: Benford's law on amounts, hour and weekday profiles, amounts per category,
fraud share per type. Plain functions of an output frame (generated, or read back from a file); `synth check
--domain transactions` and benchmarks/transactions.py print them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .checks import SHAPES, pattern_shapes

BENFORD = np.log10(1 + 1 / np.arange(1, 10))
# Nigrini's first-digit conformity ranges for the mean absolute deviation (Nigrini 2012, Forensic Analytics, table 7.1).
NIGRINI_FIRST_DIGIT = ((0.006, "close conformity"), (0.012, "acceptable conformity"),
                       (0.015, "marginally acceptable conformity"), (np.inf, "nonconformity"))
WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")


def benford(amounts) -> dict:
    """First-digit shares of amounts of 10 CNY or more against Benford's law, with Nigrini's MAD and verdict."""
    values = np.asarray(amounts, dtype=float)
    values = values[values >= 10]
    first = (values / 10 ** np.floor(np.log10(values))).astype(np.int64)
    first = np.clip(first, 1, 9)
    observed = np.bincount(first, minlength=10)[1:] / max(len(first), 1)
    mad = float(np.mean(np.abs(observed - BENFORD)))
    verdict = next(name for limit, name in NIGRINI_FIRST_DIGIT if mad <= limit)
    return {"n": int(len(first)), "observed": observed, "expected": BENFORD, "mad": mad, "verdict": verdict}


def _times(frame: pd.DataFrame) -> pd.Series:
    return pd.to_datetime(frame["timestamp"])


def hour_profile(frame: pd.DataFrame) -> pd.Series:
    return _times(frame).dt.hour.value_counts(normalize=True).reindex(range(24), fill_value=0.0)


def weekday_profile(frame: pd.DataFrame) -> pd.Series:
    profile = _times(frame).dt.day_of_week.value_counts(normalize=True).reindex(range(7), fill_value=0.0)
    profile.index = [f"周{d}" for d in WEEKDAYS]
    return profile


def amounts_by_category(frame: pd.DataFrame) -> pd.DataFrame:
    buys = frame[(frame["txn_type"] == "消费") & (frame["merchant_category"] != "")]
    grouped = buys.groupby("merchant_category")["amount"]
    table = pd.DataFrame({"n": grouped.size(), "median": grouped.median(), "p10": grouped.quantile(0.1),
                          "p90": grouped.quantile(0.9), "mean": grouped.mean()})
    return table.sort_values("n", ascending=False)


def fraud_shares(frame: pd.DataFrame) -> pd.DataFrame:
    labelled = frame[frame["fraud_type"] != "none"]
    rows = labelled["fraud_type"].value_counts()
    patterns = labelled.groupby("fraud_type")["pattern_id"].nunique()
    table = pd.DataFrame({"rows": rows, "share_of_rows": rows / len(frame), "patterns": patterns})
    return table.reindex([t for t in SHAPES if t in table.index])


def render_report(frame: pd.DataFrame) -> str:
    """The statistics as plain text."""
    lines = []
    b = benford(frame["amount"])
    lines.append(f"Benford (first digit of {b['n']:,} amounts of 10 CNY or more): MAD {b['mad']:.4f}, {b['verdict']} "
                 f"(Nigrini: ≤0.006 close, ≤0.012 acceptable, ≤0.015 marginal)")
    lines.append("  digit     " + " ".join(f"{d:>6}" for d in range(1, 10)))
    lines.append("  observed  " + " ".join(f"{x:6.3f}" for x in b["observed"]))
    lines.append("  Benford   " + " ".join(f"{x:6.3f}" for x in b["expected"]))
    hours = hour_profile(frame)
    lines.append("Hour of day (share of transactions):")
    lines.append("  " + " ".join(f"{h:02d}:{v * 100:4.1f}%" for h, v in hours.items()))
    week = weekday_profile(frame)
    lines.append("Weekday: " + "  ".join(f"{d} {v * 100:.1f}%" for d, v in week.items()))
    lines.append("Amounts by category (消费, CNY):")
    table = amounts_by_category(frame)
    for name, row in table.iterrows():
        lines.append(f"  {name:<10} n={int(row.n):>8,}  median {row['median']:>9.2f}  p10 {row.p10:>9.2f}  "
                     f"p90 {row.p90:>10.2f}")
    shares = fraud_shares(frame)
    lines.append(f"Labelled patterns ({(frame['fraud_type'] != 'none').mean() * 100:.3f}% of {len(frame):,} rows):")
    shapes = pattern_shapes(frame)
    for name, row in shares.iterrows():
        s = shapes.get(name, {})
        lines.append(f"  {name:<18} rows {int(row.rows):>6,} ({row.share_of_rows * 100:.3f}%)  patterns "
                     f"{int(row.patterns):>5,}  shape ok {s.get('ok', 0)}, incomplete {s.get('incomplete', 0)}, "
                     f"wrong {s.get('patterns', 0) - s.get('ok', 0) - s.get('incomplete', 0)}")
    return "\n".join(lines)


TEXT_COLUMNS = ("account_id", "txn_type", "channel", "merchant_category", "fraud_type", "pattern_id",
                "counterparty_account", "device_id", "province", "city", "timestamp")


def normalised(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame read back from a file: empty text cells as "", amounts as numbers (CSV reads them as text)."""
    frame = frame.copy()
    for name in TEXT_COLUMNS:
        if name in frame:
            frame[name] = frame[name].fillna("").astype(str)
    for name in ("amount", "balance_before", "balance_after", "distance_from_home_km"):
        if name in frame:
            frame[name] = pd.to_numeric(frame[name], errors="coerce")
    return frame


def dataset_findings(frame: pd.DataFrame, options: dict) -> list:
    """`synth check --domain transactions`: pattern shapes (a gate: none may be wrong) and the statistics (information)."""
    from synth.quality.report import Finding

    needed = {"timestamp", "amount", "fraud_type", "pattern_id", "account_id", "txn_type", "merchant_category"}
    if not needed <= set(frame.columns):
        return []
    frame = normalised(frame)
    findings = []
    shapes = pattern_shapes(frame)
    total = sum(s["patterns"] for s in shapes.values())
    wrong = {t: s["patterns"] - s["ok"] - s["incomplete"] for t, s in shapes.items()}
    incomplete = sum(s["incomplete"] for s in shapes.values())
    findings.append(Finding(
        "rules", "labelled patterns have their type's shape", ("pattern_id", "fraud_type"),
        f"{sum(wrong.values())} of {total} patterns wrong" + (f", {incomplete} cut by the file's edge" if incomplete else ""),
        value=float(sum(wrong.values())), gate="0 wrong", passed=sum(wrong.values()) == 0, count=sum(wrong.values()),
        total=total, reasons={t: n for t, n in wrong.items() if n},
        details={t: {k: v for k, v in s.items()} for t, s in shapes.items()},
        doc="; ".join(f"{t}: {d}" for t, d in SHAPES.items())))
    b = benford(frame["amount"].dropna())
    findings.append(Finding(
        "distributions", "Benford first digits of amounts", ("amount",),
        f"MAD {b['mad']:.4f}: {b['verdict']} (n={b['n']:,})", value=b["mad"],
        details={"observed": [round(float(x), 4) for x in b["observed"]],
                 "expected": [round(float(x), 4) for x in b["expected"]]},
        doc="Nigrini's first-digit MAD: ≤0.006 close, ≤0.012 acceptable, ≤0.015 marginally acceptable conformity"))
    hours = hour_profile(frame)
    night = float(hours.loc[0:5].sum())
    findings.append(Finding(
        "distributions", "hour-of-day profile", ("timestamp",),
        f"peaks at {int(hours.idxmax()):02d}:00 ({hours.max() * 100:.1f}%), 00-06h {night * 100:.1f}%",
        value=night, details={f"{h:02d}": round(float(v), 4) for h, v in hours.items()}))
    week = weekday_profile(frame)
    findings.append(Finding(
        "distributions", "weekday profile", ("timestamp",),
        "  ".join(f"{d} {v * 100:.1f}%" for d, v in week.items()), details={d: round(float(v), 4) for d, v in week.items()}))
    table = amounts_by_category(frame)
    findings.append(Finding(
        "distributions", "amounts by category", ("merchant_category", "amount"),
        f"{len(table)} categories; medians " + ", ".join(f"{n} {m:.0f}" for n, m in table["median"].head(5).items()),
        details={n: {k: round(float(v), 2) for k, v in row.items()} for n, row in table.iterrows()}))
    shares = fraud_shares(frame)
    findings.append(Finding(
        "labels", "fraud and laundering share per type", ("fraud_type",),
        f"{(frame['fraud_type'] != 'none').mean() * 100:.3f}% of rows labelled: " +
        ", ".join(f"{t} {r.share_of_rows * 100:.3f}%" for t, r in shares.iterrows()),
        details={t: {"rows": int(r.rows), "patterns": int(r.patterns)} for t, r in shares.iterrows()}))
    return findings
