"""Render audit reports and problem lists: rich tables, JSON, CSV and Markdown."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .audit import AuditReport
from .findings import SEVERITY_ZH
from .problems import Problems

T = {
    "zh": {
        "id": "问题编号", "rule": "规则", "severity": "级别", "unit": "责任单位", "subject": "对象",
        "message": "问题描述", "law": "法律依据", "title": "规则名称", "found": "发现", "checked": "检查",
        "ratio": "发现/检查", "total": "问题总数", "none": "未发现问题", "as_of": "审计基准日",
        "dataset": "数据集", "by_unit": "按单位", "by_township": "按乡镇（街道）", "place": "位置",
        "code": "类型", "problems": "输入问题", "errors": "错误", "warnings": "警告", "source": "来源",
        "township": "乡镇（街道）",
    },
    "en": {
        "id": "Finding", "rule": "Rule", "severity": "Severity", "unit": "Unit", "subject": "Subject",
        "message": "Message", "law": "Legal basis", "title": "Title", "found": "Found", "checked": "Checked",
        "ratio": "Found/checked", "total": "Total findings", "none": "No findings", "as_of": "As of",
        "dataset": "Dataset", "by_unit": "By unit", "by_township": "By township", "place": "Place",
        "code": "Type", "problems": "Input problems", "errors": "errors", "warnings": "warnings",
        "source": "Source", "township": "Township",
    },
}


def severity_label(sev: str, lang: str) -> str:
    return SEVERITY_ZH.get(sev, sev) if lang == "zh" else sev


def to_json(report: AuditReport) -> str:
    return json.dumps(report.as_dict(), ensure_ascii=False, indent=2)


CSV_FIELDS = ("id", "rule", "slug", "severity", "unit", "township", "subject_type", "subject_id", "subject", "message", "legal_basis", "sources")


def finding_rows(report: AuditReport) -> list[dict[str, Any]]:
    rows = []
    for f in report.findings:
        rows.append({
            "id": f.id, "rule": f.rule, "slug": f.slug, "severity": f.severity,
            "unit": f.unit.name if f.unit else "", "township": f.township.name if f.township else "",
            "subject_type": f.subject.type, "subject_id": f.subject.id, "subject": f.subject.name,
            "message": f.message, "legal_basis": "；".join(f.legal_basis),
            "sources": "；".join(f.evidence.get("sources", [])),
        })
    return rows


def to_csv(report: AuditReport) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=CSV_FIELDS)
    w.writeheader()
    w.writerows(finding_rows(report))
    return buf.getvalue()


def md_cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def to_markdown(report: AuditReport) -> str:
    t = T[report.lang]
    out = [f"# {t['dataset']}: {report.info.get('title') or report.dataset}", "",
           f"- {t['as_of']}: {report.as_of}", f"- {t['total']}: {len(report.findings)}", ""]
    out += [f"| {t['rule']} | {t['title']} | {t['severity']} | {t['ratio']} |", "|---|---|---|---|"]
    for tl in report.tallies:
        if tl.found or tl.checked:
            out.append(f"| {tl.rule} | {md_cell(tl.title)} | {severity_label(tl.severity, report.lang)} | {tl.found}/{tl.checked} |")
    for tl in report.tallies:
        if not tl.found:
            continue
        out += ["", f"## {tl.rule} {tl.title}", ""]
        if tl.by_unit:
            out += [f"| {t['unit']} | {t['ratio']} |", "|---|---|"]
            for name, (found, checked) in sorted(tl.by_unit.items(), key=lambda kv: (-kv[1][0], kv[0])):
                if found:
                    out.append(f"| {md_cell(name)} | {found}/{checked} |")
            out.append("")
        for f in report.findings:
            if f.rule == tl.rule:
                out.append(f"- `{f.id}` {md_cell(f.message)}（{'；'.join(f.legal_basis)}）")
    return "\n".join(out) + "\n"


def print_table(report: AuditReport, console) -> None:
    from rich.table import Table

    t = T[report.lang]
    console.print(f"[bold]{t['dataset']}[/]: {report.info.get('title') or report.dataset}    "
                  f"[bold]{t['as_of']}[/]: {report.as_of}    [bold]{t['total']}[/]: {len(report.findings)}")
    roll = Table(title=t["ratio"], show_lines=False)
    for col in (t["rule"], t["title"], t["severity"], t["ratio"], t["by_unit"]):
        roll.add_column(col, overflow="fold")
    for tl in report.tallies:
        if not (tl.found or tl.checked):
            continue
        units = "；".join(f"{n} {v[0]}/{v[1]}" for n, v in sorted(tl.by_unit.items(), key=lambda kv: (-kv[1][0], kv[0])) if v[0])
        style = "bold red" if tl.found and tl.severity == "error" else ("yellow" if tl.found else "")
        roll.add_row(tl.rule, tl.title, severity_label(tl.severity, report.lang), f"{tl.found}/{tl.checked}", units, style=style)
    console.print(roll)
    if not report.findings:
        console.print(f"[green]{t['none']}[/]")
        return
    table = Table(title=t["message"], show_lines=True)
    for col in (t["id"], t["severity"], t["unit"], t["message"], t["law"]):
        table.add_column(col, overflow="fold")
    for f in report.findings:
        table.add_row(f.id, severity_label(f.severity, report.lang), f.unit.name if f.unit else "—", f.message, "\n".join(f.legal_basis))
    console.print(table)


def print_problems(problems: Problems, console, lang: str = "zh", limit: int | None = None) -> None:
    from rich.table import Table

    t = T[lang]
    if not len(problems):
        return
    table = Table(title=f"{t['problems']}: {len(problems.errors)} {t['errors']}, {len(problems.warnings)} {t['warnings']}", show_lines=False)
    for col in (t["severity"], t["place"], t["code"], t["message"]):
        table.add_column(col, overflow="fold")
    items = sorted(problems, key=lambda p: (p.severity != "error", p.file or "", p.sheet or "", p.row or 0))
    for p in items[:limit] if limit else items:
        table.add_row(severity_label(p.severity, lang), p.place(), p.code, p.message(lang),
                      style="red" if p.severity == "error" else "yellow")
    console.print(table)
    if limit and len(items) > limit:
        console.print(f"… +{len(items) - limit}")


def problems_json(problems: Problems, stats, lang: str = "zh") -> str:
    return json.dumps({
        "errors": len(problems.errors), "warnings": len(problems.warnings),
        "problems": [p.as_dict(lang) for p in problems],
        "files": [s.as_dict() for s in stats],
    }, ensure_ascii=False, indent=2)
