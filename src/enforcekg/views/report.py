"""``enforcekg report``: a printable findings report with roll-ups, charts, and a view page per finding.

The folder written::

    index.html                 roll-ups (X of Y per rule, by unit, by township), charts, every finding
    overview.html              the whole dataset (one node per unit when large)
    rules/<rule id>.html       the evidence behind one rule's findings (when small enough to read)
    findings/<finding id>.html one finding's evidence path

Charts are inline SVG drawn here; the index has no script at all.  Every page works from ``file://``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import Any

from jinja2 import Environment

from ..audit import AuditReport
from ..findings import SEVERITIES, Finding
from ..graph import KnowledgeGraph
from . import DEFAULT_MAX_NODES, Scope, ViewError, build_view, write_view
from .page import FONT_STACK, csp
from .style import SEVERITY_COLOURS, severity_name

SAFE_ID = re.compile(r"^[A-Za-z0-9-]+$")

TEXT = {
    "zh": {
        "report": "行政执法职权与委托审计报告", "as_of": "审计基准日", "total": "问题总数", "rules": "规则汇总",
        "rule": "规则", "title": "名称", "severity": "级别", "ratio": "发现/检查", "view": "关系图",
        "by_unit": "按单位统计", "by_township": "按乡镇（街道）统计", "unit": "单位", "township": "乡镇（街道）",
        "found": "问题数", "detail": "各规则 发现/检查", "chart_unit": "各单位问题数", "chart_rule": "各规则问题数",
        "findings": "问题清单", "id": "问题编号", "message": "问题描述", "law": "法律依据", "sources": "来源",
        "overview": "全部数据关系图", "none": "未发现问题。", "skipped": "未生成的关系图", "note": "数据说明",
        "open": "查看", "responsible": "责任单位", "colon": "：", "sep": "；", "ratio_fmt": "（{found}/{checked}）",
    },
    "en": {
        "report": "Audit of enforcement authority and delegation", "as_of": "As of", "total": "Findings",
        "rules": "Rules", "rule": "Rule", "title": "Title", "severity": "Severity", "ratio": "Found/checked",
        "view": "Graph", "by_unit": "By unit", "by_township": "By township", "unit": "Unit",
        "township": "Township", "found": "Findings", "detail": "found/checked per rule",
        "chart_unit": "Findings per unit", "chart_rule": "Findings per rule", "findings": "Findings",
        "id": "Finding", "message": "Message", "law": "Legal basis", "sources": "Sources",
        "overview": "Whole dataset graph", "none": "No findings.", "skipped": "Graphs not written",
        "note": "About the data", "open": "view", "responsible": "Unit", "colon": ": ", "sep": "; ",
        "ratio_fmt": " ({found}/{checked})",
    },
}


@dataclass
class ReportFiles:
    """What :func:`write_report` wrote, and which views it could not draw readably (with the reason)."""

    index: Path
    overview: Path | None = None
    rules: dict[str, Path] = field(default_factory=dict)
    findings: dict[str, Path] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (page, reason)


def write_report(kg: KnowledgeGraph, report: AuditReport, out: Path, lang: str = "zh",
                 max_nodes: int = DEFAULT_MAX_NODES) -> ReportFiles:
    """Write the report folder ``out``; return the pages written."""
    out.mkdir(parents=True, exist_ok=True)
    files = ReportFiles(index=out / "index.html")

    def page(rel: str, scope: Scope, back: str, hrefs) -> Path | None:
        try:
            view = build_view(kg, report, scope, lang=lang, max_nodes=max_nodes, hrefs=hrefs)
        except ViewError as exc:
            files.skipped.append((rel, exc.message(lang)))
            return None
        view.back_href = back
        return write_view(view, out / rel)

    files.overview = page("overview.html", Scope(), "index.html", lambda f: f"findings/{f.id}.html")
    for rule_id in dict.fromkeys(f.rule for f in report.findings):
        written = page(f"rules/{_safe(rule_id)}.html", Scope(rule=rule_id), "../index.html",
                       lambda f: f"../findings/{f.id}.html")
        if written:
            files.rules[rule_id] = written
    for f in report.findings:
        written = page(f"findings/{_safe(f.id)}.html", Scope(finding=f.id), "../index.html", lambda f: None)
        if written:
            files.findings[f.id] = written
    files.index.write_text(render_index(kg, report, files, lang), encoding="utf-8")
    return files


def _safe(name: str) -> str:
    if not SAFE_ID.match(name):
        raise ValueError(f"not a safe file name: {name!r}")
    return name


# --- the index page ------------------------------------------------------------------------------

def render_index(kg: KnowledgeGraph, report: AuditReport, files: ReportFiles, lang: str) -> str:
    t = TEXT["en" if lang == "en" else "zh"]
    counts = Counter(f.severity for f in report.findings)
    return _INDEX.render(
        t=t, lang=lang, kg=kg, report=report, files=files, csp=csp(), css=INDEX_CSS,
        severities=[(s, severity_name(s, lang), counts.get(s, 0)) for s in SEVERITIES],
        colours=SEVERITY_COLOURS, sev_name=lambda s: severity_name(s, lang),
        tallies=[tl for tl in report.tallies if tl.found or tl.checked],
        units=rollup(report, "by_unit"), townships=rollup(report, "by_township"),
        unit_chart=bar_chart(findings_by(report.findings, "unit"), SEVERITIES),
        rule_chart=bar_chart({f"{tl.rule} {tl.title}": c for tl in report.tallies
                              if (c := findings_by(report.findings, "rule").get(tl.rule))}, SEVERITIES),
        groups=[(tl, [f for f in report.findings if f.rule == tl.rule]) for tl in report.tallies if tl.found],
    )


def rollup(report: AuditReport, attr: str) -> list[tuple[str, int, list[tuple[str, int, int]]]]:
    """(name, findings, [(rule, found, checked) with found > 0]) per unit or township, most findings first."""
    rows: dict[str, list[tuple[str, int, int]]] = {}
    for tl in report.tallies:
        for name, (found, checked) in getattr(tl, attr).items():
            if found:
                rows.setdefault(name, []).append((tl.rule, found, checked))
    return sorted(((name, sum(r[1] for r in rules), rules) for name, rules in rows.items()),
                  key=lambda r: (-r[1], r[0]))


def findings_by(findings: list[Finding], attr: str) -> dict[str, Counter]:
    """Severity counts per unit name or per rule id."""
    out: dict[str, Counter] = {}
    for f in findings:
        key = f.rule if attr == "rule" else (getattr(f, attr).name if getattr(f, attr) else "—")
        out.setdefault(key, Counter())[f.severity] += 1
    return out


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    segments: list[tuple[str, float, float, int]]  # (severity, x, width, count)
    total: int


def bar_chart(data: dict[str, Counter], order: tuple[str, ...], width: float = 420.0,
              row: float = 22.0) -> dict[str, Any]:
    """Horizontal stacked bars, largest first: geometry only; the template draws and escapes."""
    items = sorted(data.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    top = max((sum(c.values()) for _, c in items), default=1)
    bars = []
    for i, (label, counts) in enumerate(items):
        x, segs = 0.0, []
        for s in order:
            if counts.get(s):
                w = counts[s] / top * width
                segs.append((s, x, w, counts[s]))
                x += w
        bars.append(Bar(label, i * row, segs, sum(counts.values())))
    return {"bars": bars, "height": len(items) * row + 4, "width": width, "row": row}


INDEX_CSS = Template("""
body { font-family: $font; color: #212529; margin: 24px auto; max-width: 1180px; padding: 0 16px; font-size: 14px; }
h1 { font-size: 24px; margin: 0 0 6px; } h2 { font-size: 18px; margin: 26px 0 8px; border-bottom: 2px solid #dee2e6; }
h3 { font-size: 15px; margin: 16px 0 6px; }
.meta { color: #6c757d; display: flex; flex-wrap: wrap; gap: 4px 20px; } .meta b { color: #212529; }
.note { background: #fff9db; border-left: 4px solid #f59f00; padding: 6px 10px; white-space: pre-line; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 10px; }
th, td { border: 1px solid #dee2e6; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f1f3f5; } td.num { text-align: right; white-space: nowrap; }
tr.hit td:first-child { border-left: 4px solid #e03131; }
.sev { display: inline-block; padding: 0 5px; border-radius: 3px; color: #fff; font-size: 12px; white-space: nowrap; }
.sev-error { background: $error; } .sev-warning { background: $warning; } .sev-info { background: $info; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.charts figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: 4px; }
svg text { font-family: $font; font-size: 12px; }
td.unit { min-width: 9em; }
.fid { font-family: monospace; white-space: nowrap; } .law, .src { color: #495057; font-size: 12px; }
a { color: #1c7ed6; }
@media print {
  body { margin: 0; max-width: none; } a { color: inherit; text-decoration: none; }
  tr, figure { break-inside: avoid; } h2 { break-after: avoid; } .charts { grid-template-columns: 1fr; }
}
""").substitute(font=FONT_STACK, **SEVERITY_COLOURS)

INDEX = """<!DOCTYPE html>
<html lang="{{ 'en' if lang == 'en' else 'zh-CN' }}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<title>{{ kg.info.title or kg.info.name }} · {{ t.report }}</title>
<style>{{ css|safe }}</style>
</head>
<body>
<h1>{{ kg.info.title or kg.info.name }}</h1>
<div class="meta">
  <span>{{ t.report }}</span>
  <span><b>{{ t.as_of }}</b> {{ report.as_of }}</span>
  <span><b>{{ t.total }}</b> {{ report.findings|length }}</span>
  {% for s, name, n in severities %}<span><span class="sev sev-{{ s }}">{{ name }}</span> {{ n }}</span>{% endfor %}
  {% if files.overview %}<span><a href="overview.html">{{ t.overview }}</a></span>{% endif %}
</div>
{% if kg.info.note %}<p class="note"><b>{{ t.note }}{{ t.colon }}</b>{{ kg.info.note }}</p>{% endif %}

{% if report.findings %}
<div class="charts">
{% for caption, chart, id in ((t.chart_unit, unit_chart, 'chart-unit'), (t.chart_rule, rule_chart, 'chart-rule')) %}
<figure id="{{ id }}"><figcaption>{{ caption }}</figcaption>
<svg width="100%" viewBox="0 0 {{ chart.width + 200 }} {{ chart.height }}" role="img" aria-label="{{ caption }}">
{% for bar in chart.bars %}
  <text x="172" y="{{ bar.y + 15 }}" text-anchor="end">{{ bar.label|truncate(14, True, '…', 0) }}</text>
  {% for s, x, w, n in bar.segments %}<rect x="{{ 178 + x }}" y="{{ bar.y + 3 }}" width="{{ w }}" height="{{ chart.row - 6 }}" fill="{{ colours[s] }}"><title>{{ bar.label }}{{ t.colon }}{{ sev_name(s) }} {{ n }}</title></rect>{% endfor %}
  <text x="{{ 182 + (bar.segments|map(attribute=2)|sum) }}" y="{{ bar.y + 15 }}">{{ bar.total }}</text>
{% endfor %}
</svg></figure>
{% endfor %}
</div>
{% endif %}

<h2>{{ t.rules }}</h2>
<table id="rules">
<tr><th>{{ t.rule }}</th><th>{{ t.title }}</th><th>{{ t.severity }}</th><th>{{ t.ratio }}</th><th>{{ t.view }}</th></tr>
{% for tl in tallies %}<tr{% if tl.found %} class="hit"{% endif %} data-rule="{{ tl.rule }}">
  <td>{{ tl.rule }}</td><td>{{ tl.title }}</td><td><span class="sev sev-{{ tl.severity }}">{{ sev_name(tl.severity) }}</span></td>
  <td class="num">{{ tl.found }}/{{ tl.checked }}</td>
  <td>{% if tl.rule in files.rules %}<a href="rules/{{ tl.rule }}.html">{{ t.open }}</a>{% endif %}</td></tr>
{% endfor %}</table>

{% for heading, rows, col, id in ((t.by_unit, units, t.unit, 'by-unit'), (t.by_township, townships, t.township, 'by-township')) %}
{% if rows %}<h2>{{ heading }}</h2>
<table id="{{ id }}"><tr><th>{{ col }}</th><th>{{ t.found }}</th><th>{{ t.detail }}</th></tr>
{% for name, n, rules in rows %}<tr><td>{{ name }}</td><td class="num">{{ n }}</td>
<td>{% for rule, found, checked in rules %}{{ rule }} {{ found }}/{{ checked }}{% if not loop.last %}{{ t.sep }}{% endif %}{% endfor %}</td></tr>
{% endfor %}</table>{% endif %}
{% endfor %}

<h2>{{ t.findings }}</h2>
{% if not report.findings %}<p>{{ t.none }}</p>{% endif %}
{% for tl, fs in groups %}
<h3>{{ tl.rule }} {{ tl.title }}{{ t.ratio_fmt.format(found=tl.found, checked=tl.checked) }}</h3>
<table class="findings">
<tr><th>{{ t.id }}</th><th>{{ t.severity }}</th><th>{{ t.responsible }}</th><th>{{ t.message }}</th><th>{{ t.law }}</th></tr>
{% for f in fs %}<tr data-finding="{{ f.id }}">
  <td class="fid">{% if f.id in files.findings %}<a href="findings/{{ f.id }}.html">{{ f.id }}</a>{% else %}{{ f.id }}{% endif %}</td>
  <td><span class="sev sev-{{ f.severity }}">{{ sev_name(f.severity) }}</span></td>
  <td class="unit">{{ f.unit.name if f.unit else '—' }}{% if f.township and (not f.unit or f.township.id != f.unit.id) %}<br>{{ f.township.name }}{% endif %}</td>
  <td>{{ f.message }}<div class="src">{{ t.sources }}{{ t.colon }}{{ f.evidence.get('sources', [])|join(t.sep) }}</div></td>
  <td class="law">{{ f.legal_basis|join(t.sep) }}</td></tr>
{% endfor %}</table>
{% endfor %}

{% if files.skipped %}<h2>{{ t.skipped }}</h2><ul>
{% for page, reason in files.skipped %}<li>{{ page }}{{ t.colon }}{{ reason }}</li>{% endfor %}
</ul>{% endif %}
</body>
</html>
"""

_INDEX = Environment(autoescape=True).from_string(INDEX)
