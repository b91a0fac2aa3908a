"""Small inline-SVG charts for the HTML report: histograms, horizontal bars and a pass/fail strip.

No plotting library and nothing fetched: each function returns an `<svg>` element as text, sized in CSS pixels,
styled by classes the report's stylesheet defines (so colours live in one place). Inline SVG in HTML needs no
namespace attribute, so the page contains no URL at all.
"""

from __future__ import annotations

import math
from html import escape

FONT = 12


def _num(x: float) -> str:
    """Short tick labels: 1200 -> 1.2k, 0.25 -> 0.25, 1995 -> 1995 for years."""
    if x != x:
        return ""
    ax = abs(x)
    if ax >= 10000:
        return f"{x / 1000:.0f}k" if ax >= 100000 else f"{x / 1000:.1f}k"
    if ax >= 100 or float(x).is_integer():
        return f"{x:.0f}"
    if ax >= 1:
        return f"{x:.1f}"
    return f"{x:.2g}"


def _nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    if hi <= lo:
        return [lo]
    raw = (hi - lo) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = min((m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw), default=raw)
    first = math.ceil(lo / step) * step
    ticks = []
    t = first
    while t <= hi + 1e-9 * step:
        ticks.append(round(t, 10))
        t += step
    return ticks


def histogram(hist: dict, *, title: str = "", x_label: str = "", reference: dict | None = None,
              width: int = 560, height: int = 200) -> str:
    """Bars of `hist` ({"edges", "counts"}); `reference`, another histogram, is drawn as an outline scaled to
    the same total so the shapes can be compared."""
    edges, counts = hist.get("edges", []), hist.get("counts", [])
    if not counts:
        return f'<svg class="chart" width="{width}" height="40" role="img"><text x="8" y="24" class="muted">' \
               f'{escape(title)}: no values</text></svg>'
    left, right, top, bottom = 48, 12, 22 if title else 8, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    lo, hi = edges[0], edges[-1]
    span = (hi - lo) or 1.0
    total = sum(counts) or 1
    ref_counts = None
    if reference and reference.get("counts"):
        ref_edges, ref_raw = reference["edges"], reference["counts"]
        ref_total = sum(ref_raw) or 1
        ref_counts = [(e0, e1, c * total / ref_total * ((edges[1] - edges[0]) / ((e1 - e0) or 1)))
                      for e0, e1, c in zip(ref_edges[:-1], ref_edges[1:], ref_raw)]
    peak = max(max(counts), max((c for _, _, c in ref_counts), default=0) if ref_counts else 0) or 1

    def x(v: float) -> float:
        return left + (v - lo) / span * plot_w

    def y(c: float) -> float:
        return top + plot_h - c / peak * plot_h

    parts = [f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title or "histogram")}">']
    if title:
        parts.append(f'<text x="{left}" y="14" class="title">{escape(title)}</text>')
    for t in _nice_ticks(0, peak, 4):
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(t):.1f}" y2="{y(t):.1f}" class="grid"/>'
                     f'<text x="{left - 6}" y="{y(t) + 4:.1f}" class="tick" text-anchor="end">{_num(t)}</text>')
    for e0, e1, c in zip(edges[:-1], edges[1:], counts):
        if c <= 0:
            continue
        x0, x1 = x(e0), x(e1)
        w = max(x1 - x0 - (1 if x1 - x0 > 3 else 0), 0.8)
        parts.append(f'<rect x="{x0:.1f}" y="{y(c):.1f}" width="{w:.1f}" height="{top + plot_h - y(c):.1f}" '
                     f'class="bar"><title>{_num(e0)}–{_num(e1)}: {c:,}</title></rect>')
    if ref_counts:
        path = []
        for e0, e1, c in ref_counts:
            path.append(f"{x(max(e0, lo)):.1f},{y(c):.1f} {x(min(e1, hi)):.1f},{y(c):.1f}")
        parts.append(f'<polyline points="{" ".join(path)}" class="reference"/>')
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" class="axis"/>')
    integer = hist.get("integer", False)
    tick_lo, tick_hi = (lo + 0.5, hi - 0.5) if integer and hi - lo > 1 else (lo, hi)
    for t in _nice_ticks(tick_lo, tick_hi, 6):
        parts.append(f'<line x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{top + plot_h}" y2="{top + plot_h + 4}" '
                     f'class="axis"/><text x="{x(t):.1f}" y="{top + plot_h + 16}" class="tick" '
                     f'text-anchor="middle">{_num(t)}</text>')
    if x_label:
        parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 3}" class="tick" text-anchor="middle">'
                     f'{escape(x_label)}</text>')
    if ref_counts:
        parts.append(f'<line x1="{width - right - 150}" x2="{width - right - 130}" y1="9" y2="9" class="reference"/>'
                     f'<text x="{width - right - 126}" y="13" class="tick">reference (scaled)</text>')
    parts.append("</svg>")
    return "".join(parts)


def bars(items: list[tuple[str, float]], *, title: str = "", expected: dict[str, float] | None = None,
         as_share: bool = True, width: int = 560, bar_height: int = 18, label_width: int = 150,
         value_format=None) -> str:
    """Horizontal bars, one per (label, value). With `as_share`, values are counts drawn as shares of their total;
    `expected` shares are drawn as a tick on each bar."""
    if not items:
        return ""
    total = sum(v for _, v in items) or 1
    shares = [(label, v / total if as_share else v) for label, v in items]
    peak = max([s for _, s in shares] + list((expected or {}).values()) + [1e-12])
    top = 22 if title else 6
    height = top + len(items) * (bar_height + 6) + 6
    plot_w = width - label_width - 90
    parts = [f'<svg class="chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(title or "bars")}">']
    if title:
        parts.append(f'<text x="0" y="14" class="title">{escape(title)}</text>')
    for i, ((label, value), (_, share)) in enumerate(zip(items, shares)):
        y0 = top + i * (bar_height + 6)
        w = share / peak * plot_w
        room = max(4, int(label_width / 7.5))
        shown = label if len(label) <= room else label[:room - 1] + "…"
        ex = label_width + expected[label] / peak * plot_w if expected is not None and label in expected else None
        text_x = label_width + max(w, (ex - label_width) if ex is not None else 0) + 6
        text = value_format(value) if value_format else (f"{value:,.0f} ({share * 100:.1f}%)" if as_share else f"{value:,}")
        parts.append(f'<text x="{label_width - 8}" y="{y0 + bar_height - 5}" class="label" text-anchor="end">'
                     f'{escape(shown)}<title>{escape(label)}</title></text>'
                     f'<rect x="{label_width}" y="{y0}" width="{max(w, 1):.1f}" height="{bar_height}" class="bar">'
                     f'<title>{escape(label)}: {escape(text)}</title></rect>'
                     f'<text x="{text_x:.1f}" y="{y0 + bar_height - 5}" class="tick">{escape(text)}</text>')
        if ex is not None:
            parts.append(f'<line x1="{ex:.1f}" x2="{ex:.1f}" y1="{y0 - 2}" y2="{y0 + bar_height + 2}" class="expected">'
                         f'<title>expected {expected[label] * 100:.1f}%</title></line>')
    parts.append("</svg>")
    return "".join(parts)


def pass_fail(passed: int, failed: int, *, width: int = 220, height: int = 14) -> str:
    """A strip: the passing share green, the failing share red, with the failing count in the tooltip."""
    total = passed + failed
    if not total:
        return f'<svg class="strip" width="{width}" height="{height}"><rect width="{width}" height="{height}" ' \
               f'class="none"/></svg>'
    w_fail = 0 if not failed else max(2.0, failed / total * width)
    return (f'<svg class="strip" width="{width}" height="{height}" role="img" aria-label="{passed} passed, '
            f'{failed} failed"><rect width="{width - w_fail:.1f}" height="{height}" class="ok"/>'
            f'<rect x="{width - w_fail:.1f}" width="{w_fail:.1f}" height="{height}" class="fail"/>'
            f'<title>{passed:,} passed, {failed:,} failed</title></svg>')
