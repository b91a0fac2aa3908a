"""The HTML report of `synth check --report OUT.html`: one self-contained file, readable offline.

Inline CSS, inline SVG charts (synth.quality.svg), no scripts, no fonts or images fetched: the page has no URL in
it. Sections: the verdict and summary table; failing checks with reasons, lines and example records; every rule
with its pass/fail strip; charts of numeric fields, text lengths and labels; duplicate clusters; text diversity;
the spot-check review; privacy and fidelity against a real table; the fields and how each was recognised; the
gates used.
"""

from __future__ import annotations

import json
from html import escape

from . import svg
from .report import CheckReport, Finding

CSS = """
:root { --ok: #2e7d32; --fail: #c62828; --info: #6b7280; --bar: #3b6ea5; --ref: #e08a00; --line: #e5e7eb;
        --text: #1f2933; --muted: #6b7280; --bg: #ffffff; --panel: #f7f8fa; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; background: var(--bg); color: var(--text);
       font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC",
       "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; max-width: 1220px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 14px; margin: 18px 0 6px; }
.meta { color: var(--muted); margin: 0 0 16px; }
.verdict { display: inline-block; padding: 8px 16px; border-radius: 6px; font-weight: 600; font-size: 16px;
           color: #fff; margin: 8px 0 4px; }
.verdict.pass { background: var(--ok); } .verdict.fail { background: var(--fail); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--panel); font-weight: 600; font-size: 13px; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.badge { display: inline-block; min-width: 44px; text-align: center; padding: 1px 8px; border-radius: 10px;
         font-size: 12px; font-weight: 600; color: #fff; }
.badge.ok { background: var(--ok); } .badge.FAIL { background: var(--fail); } .badge.info { background: var(--info); }
tr.failrow td { background: #fdecea; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 10px 0; }
.panel.failed { border-left: 4px solid var(--fail); }
.muted { color: var(--muted); fill: var(--muted); }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12.5px; }
.grid-2 { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 8px 24px; }
.figure { margin: 4px 0 14px; } .figure .caption { color: var(--muted); font-size: 12px; }
svg.chart .bar { fill: var(--bar); } svg.chart .grid { stroke: var(--line); } svg.chart .axis { stroke: #9ca3af; }
svg.chart .reference { fill: none; stroke: var(--ref); stroke-width: 2; }
svg.chart .expected { stroke: var(--fail); stroke-width: 2.5; }
svg.chart text { font-size: 12px; fill: var(--text); } svg.chart .tick { fill: var(--muted); font-size: 11px; }
svg.chart .title { font-weight: 600; font-size: 13px; }
svg.strip .ok { fill: var(--ok); } svg.strip .fail { fill: var(--fail); } svg.strip .none { fill: var(--line); }
.cluster { margin: 6px 0; padding: 6px 10px; background: #fff; border: 1px solid var(--line); border-radius: 4px; }
.cluster .text { margin: 2px 0; }
.examples td { font-size: 12.5px; }
details summary { cursor: pointer; color: var(--bar); }
"""


def _badge(passed: bool | None) -> str:
    word = {True: "ok", False: "FAIL", None: "info"}[passed]
    return f'<span class="badge {word}">{word}</span>'


def _fields(f: Finding) -> str:
    return escape(", ".join(f.fields)) if f.fields else "—"


def _summary_table(report: CheckReport) -> str:
    rows = []
    for f in report.findings:
        if f.section == "completeness" and f.passed and not f.count:
            continue
        rows.append(f'<tr class="{"failrow" if f.passed is False else ""}"><td>{escape(f.section)}</td>'
                    f'<td>{escape(f.name)}</td><td>{_fields(f)}</td><td>{escape(f.summary)}</td>'
                    f'<td>{escape(f.gate or "—")}</td><td>{_badge(f.passed)}</td></tr>')
    complete = [f for f in report.findings if f.section == "completeness" and f.passed and not f.count]
    if complete:
        rows.insert(1 if rows else 0, f'<tr><td>completeness</td><td>missing values</td><td>{len(complete)} fields'
                    f'</td><td>none missing</td><td>{escape(complete[0].gate or "")}</td><td>{_badge(True)}</td></tr>')
    return ('<table><thead><tr><th>section</th><th>check</th><th>field</th><th>result</th><th>gate</th>'
            '<th></th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>")


def _value(v) -> str:
    if isinstance(v, (list, dict)):
        return escape(json.dumps(v, ensure_ascii=False))
    return escape("" if v is None else str(v))


def _examples(report: CheckReport, f: Finding) -> str:
    if not f.examples:
        return ""
    keys = []
    for e in f.examples:
        for k in (e.get("values") or {}):
            if k not in keys:
                keys.append(k)
    head = "".join(f"<th>{escape(k)}</th>" for k in keys)
    why = any("reason" in e for e in f.examples)
    rows = []
    for e in f.examples:
        position = e.get(report.position_word, e.get("line", ""))
        cells = "".join(f"<td>{_value((e.get('values') or {}).get(k))}</td>" for k in keys)
        reason = f'<td>{escape(str(e.get("reason", "")))}</td>' if why else ""
        rows.append(f'<tr><td class="mono">{position}</td>{reason}{cells}</tr>')
    return (f'<table class="examples"><thead><tr><th>{escape(report.position_word)}</th>'
            f'{"<th>why</th>" if why else ""}{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _lines(report: CheckReport, f: Finding) -> str:
    if not f.lines:
        return ""
    shown = ", ".join(str(x) for x in f.lines[:60])
    more = f" … and {len(f.lines) - 60:,} more" if len(f.lines) > 60 else ""
    return f'<p class="mono">{escape(report.position_word)}s: {shown}{more}</p>'


def _failure(report: CheckReport, f: Finding) -> str:
    parts = [f'<div class="panel failed"><h3>{escape(f.section)}: {escape(f.name)}'
             f'{" — " + _fields(f) if f.fields else ""}</h3>',
             f"<p><b>{escape(f.summary)}</b> (gate {escape(f.gate or '')})</p>"]
    if f.doc:
        parts.append(f'<p class="muted">{escape(f.doc)}</p>')
    if len(f.reasons) > 1:
        parts.append(svg.bars(sorted(f.reasons.items(), key=lambda kv: -kv[1])[:12], title="why",
                              as_share=False, label_width=300, width=700, value_format=lambda v: f"{v:,}"))
    elif f.reasons and f.section != "completeness":
        reason, count = next(iter(f.reasons.items()))
        parts.append(f"<p>why: {escape(reason)} ({count:,})</p>")
    parts.append(_lines(report, f))
    parts.append(_examples(report, f))
    parts.append("</div>")
    return "".join(parts)


def _rules(report: CheckReport) -> str:
    rules = [f for f in report.findings if f.section in ("rules", "validators")]
    if not rules:
        return ""
    rows = []
    for f in rules:
        detail = ""
        if f.reasons:
            detail = "<br>".join(f"{escape(r)}: {n:,}" for r, n in list(f.reasons.items())[:6])
        rows.append(f'<tr class="{"failrow" if f.passed is False else ""}"><td>{escape(f.section[:-1])}</td>'
                    f'<td><b>{escape(f.name)}</b><div class="muted">{escape(f.doc)}</div></td><td>{_fields(f)}</td>'
                    f'<td>{svg.pass_fail(f.total - f.count, f.count)}<div class="num">{f.total - f.count:,} pass · '
                    f'{f.count:,} fail</div></td><td>{detail}</td><td>{_badge(f.passed)}</td></tr>')
    return ('<h2>Validators and consistency rules</h2><table><thead><tr><th></th><th>check</th><th>fields</th>'
            '<th>pass / fail</th><th>reasons</th><th></th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>")


def _charts(report: CheckReport) -> str:
    charts = report.charts
    figures = []
    for name, data in charts.get("numbers", {}).items():
        caption = f"min {data['min']:g}, mean {data['mean']:.2f}, max {data['max']:g}" if data.get("min") is not None else ""
        figures.append(_figure(svg.histogram(data["histogram"], title=f"{name}", x_label=name,
                                             reference=data.get("reference")), caption))
    for name, data in charts.get("lengths", {}).items():
        caption = f"characters per text: min {data['min']}, mean {data['mean']:.1f}, max {data['max']}"
        figures.append(_figure(svg.histogram(data["histogram"], title=f"length of {name}", x_label="characters",
                                             reference=data.get("reference")), caption))
    for name, data in charts.get("labels", {}).items():
        items = list(data["counts"].items())
        expected = data.get("expected")
        if len(items) > 20:
            items = items[:20]
        caption = f"{len(data['counts'])} labels" + ("; red ticks: expected shares" if expected else "")
        if len(data["counts"]) > 20:
            caption += " (the 20 most common shown)"
        figures.append(_figure(svg.bars(items, title=name, expected=expected), caption))
    if not figures:
        return ""
    return '<h2>Distributions</h2><div class="grid-2">' + "".join(figures) + "</div>"


def _figure(chart: str, caption: str) -> str:
    return f'<div class="figure">{chart}<div class="caption">{escape(caption)}</div></div>'


def _duplicates(report: CheckReport) -> str:
    parts = []
    for f in report.findings:
        clusters = f.details.get("clusters") if f.section in ("duplicates", "text") else None
        if not clusters:
            continue
        parts.append(f"<h3>{escape(f.name)}{' — ' + _fields(f) if f.fields else ''}: {escape(f.summary)}</h3>")
        if f.details.get("threshold") is not None:
            parts.append(f'<p class="muted">Near duplicates: Jaccard similarity ≥ {f.details["threshold"]:g} of '
                         f'{escape(f.details.get("shingle", ""))}; {escape(f.details.get("method", ""))}.</p>')
        for c in clusters[:8]:
            if isinstance(c, dict):
                positions = c.get(report.position_word + "s", [])
                texts = "".join(f'<div class="text">{escape(t[:300])}</div>' for t in c.get("texts", []))
                parts.append(f'<div class="cluster"><span class="muted">{c["size"]} records, '
                             f'{escape(report.position_word)}s {", ".join(map(str, positions[:12]))}'
                             f'{" …" if len(positions) > 12 else ""}</span>{texts}</div>')
            else:
                parts.append(f'<div class="cluster"><span class="muted">{len(c)} identical records, '
                             f'{escape(report.position_word)}s {", ".join(map(str, c[:12]))}</span></div>')
    if not parts:
        return ""
    return "<h2>Duplicate clusters</h2>" + "".join(parts)


def _diversity(report: CheckReport) -> str:
    parts = []
    for f in report.findings:
        if f.name != "diversity (characters)":
            continue
        d = f.details
        parts.append(f'<h3>{_fields(f)}: distinct-1 {d["distinct_1"]:.3g}, distinct-2 {d["distinct_2"]:.3g}</h3>'
                     f'<p class="muted">Character level: Chinese is not segmented into words. {d["texts"]:,} texts.</p>')
        grams = d["top_ngrams"]["items"]
        openings = d["sentence_openings"]["items"]
        charts = []
        if grams:
            charts.append(_figure(svg.bars([(g, c) for g, c in grams], title="most repeated phrases", as_share=False,
                                           value_format=lambda v: f"{v:,}"),
                                  f"character {d['top_ngrams']['n']}-grams in {d['top_ngrams']['texts_counted']:,} "
                                  "texts; overlapping ones with equal counts joined"))
        if openings:
            charts.append(_figure(svg.bars([(g, c) for g, c in openings], title="most common sentence openings",
                                           as_share=False, value_format=lambda v: f"{v:,}"),
                                  f"first {d['sentence_openings']['chars']} characters of "
                                  f"{d['sentence_openings']['sentences']:,} sentences"))
        if charts:
            parts.append('<div class="grid-2">' + "".join(charts) + "</div>")
    if not parts:
        return ""
    return "<h2>Text diversity</h2>" + "".join(parts)


def _review(report: CheckReport) -> str:
    reviews = [f for f in report.findings if f.section == "review"]
    if not reviews:
        return ""
    parts = ["<h2>Spot-check review</h2>"]
    for f in reviews:
        d = f.details
        parts.append(f'<p><b>{escape(f.summary)}</b> (gate {escape(f.gate or "")}) {_badge(f.passed)}</p>')
        parts.append(f'<div class="figure">{svg.pass_fail(d["accepted"], d["rejected"], width=400, height=18)}'
                     f'<div class="caption">{d["accepted"]:,} accepted (green), {d["rejected"]:,} rejected (red)'
                     f'{", " + format(d["unreviewed"], ",") + " not reviewed" if d["unreviewed"] else ""}</div></div>')
        if d.get("strata"):
            strata = d["strata"]
            items = [(k, v["rate"]) for k, v in strata.items()]
            labels = {k: f"{v['accepted']} of {v['reviewed']}" for k, v in strata.items()}
            parts.append(_figure(svg.bars(items, title="acceptance by stratum", as_share=False,
                                          value_format=lambda v: f"{v * 100:.0f}%"),
                                 "; ".join(f"{k}: {t}" for k, t in labels.items())))
        parts.append(_examples(report, f))
    return "".join(parts)


def _against_real(report: CheckReport) -> str:
    """The privacy gates and fidelity figures of `--privacy-against` (docs/fit.md), with a bar per column."""
    privacy = [f for f in report.findings if f.section == "privacy"]
    fidelity = [f for f in report.findings if f.section == "fidelity"]
    if not privacy and not fidelity:
        return ""
    parts = ["<h2>Against the real table: privacy and fidelity</h2>"]
    for f in privacy:
        parts.append(f'<p>{_badge(f.passed)} <b>{escape(f.name)}</b>: {escape(f.summary)}'
                     f'{" (gate " + escape(f.gate) + ")" if f.gate else ""}</p>')
    columns = [(f.fields[0], f.value) for f in fidelity if f.name in ("KS distance", "total variation")]
    if columns:
        parts.append(_figure(svg.bars(columns, title="distance to the real column (0 = the same)", as_share=False,
                                      value_format=lambda v: f"{v:.3f}"),
                             "KS distance for numbers and dates, total variation for categories"))
    for f in fidelity:
        if f.name not in ("KS distance", "total variation"):
            parts.append(f"<p><b>{escape(f.name)}</b>: {escape(f.summary)}</p>")
    return "".join(parts)


def _fields_table(report: CheckReport) -> str:
    if not report.roles:
        return ""
    rows = "".join(f'<tr><td>{escape(name)}</td><td>{escape(str(info["role"] or "—"))}</td>'
                   f'<td class="muted">{escape(info["why"])}</td><td class="num">{info["present"]:,}</td>'
                   f'<td class="num">{info["distinct"]:,}</td></tr>' for name, info in report.roles.items())
    return ('<h2>Fields</h2><table><thead><tr><th>field</th><th>recognised as</th><th>because</th><th>present</th>'
            f'<th>distinct</th></tr></thead><tbody>{rows}</tbody></table>')


def _gates(report: CheckReport) -> str:
    if not report.gates:
        return ""
    rows = "".join(f"<tr><td><code>--{escape(k.replace('_', '-'))}</code></td><td class='num'>{escape(str(v))}</td></tr>"
                   for k, v in report.gates.items())
    return f'<h2>Gates used</h2><table style="width:auto"><tbody>{rows}</tbody></table>'


def render_html(report: CheckReport) -> str:
    failed = report.failed
    verdict = (f'<div class="verdict pass">PASSED — all {len(report.gated)} gates</div>' if not failed else
               f'<div class="verdict fail">FAILED — {len(failed)} of {len(report.gated)} gates</div>')
    meta = [f"{report.records:,} records", report.format]
    if report.domain:
        meta.append(f"domain {report.domain}")
    meta.append(f"as_of {report.as_of.isoformat()}")
    if report.seconds:
        meta.append(f"checked in {report.seconds:.1f} s")
    body = [
        f"<h1>synth check: {escape(report.source)}</h1>",
        f'<p class="meta">{escape(" · ".join(meta))}</p>',
        f'<p class="meta">reference for distributions: {escape(report.reference)}</p>' if report.reference else "",
        verdict,
        "<h2>Summary</h2>", _summary_table(report),
    ]
    if failed:
        body.append("<h2>What failed</h2>" + "".join(_failure(report, f) for f in failed))
    body += [_rules(report), _charts(report), _duplicates(report), _diversity(report), _review(report),
             _against_real(report),
             _fields_table(report), _gates(report),
             '<p class="muted" style="margin-top:32px">Made by synth check. The whole report is this one file: '
             'no scripts, nothing loaded from elsewhere.</p>']
    title = escape(f"synth check: {report.source}")
    return (f'<!DOCTYPE html>\n<html lang="zh-Hans"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{CSS}</style></head>'
            f'<body>{"".join(body)}</body></html>\n')
