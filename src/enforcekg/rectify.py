"""Rectification lists (整改清单): the audit's findings as a 司法局 hands them out, to be checked off one by one.

:func:`track` turns an :class:`~enforcekg.audit.AuditReport` into a :class:`TrackedReport`: the open
findings, the findings an acceptance file takes off the list (:mod:`enforcekg.accepted`) and the
rectification deadline (audit date + ``deadline_days``).  From it this module builds

* an Excel workbook (:func:`write_xlsx`): a summary sheet (汇总) with the roll-ups per rule (X of Y) and per
  unit, one sheet per responsible unit, and a sheet of accepted or deferred findings;
* a printable HTML page (:func:`to_html`), self-contained, every text from the data escaped;
* a Markdown list (:func:`to_markdown`): the audit summary of :func:`enforcekg.render.to_markdown` followed
  by the list per unit.

Every row carries the finding's stable id (问题编号), so the next audit can tell what was fixed
(``enforcekg diff``).  openpyxl is imported only by the functions that write workbooks.

>>> from enforcekg.audit import run_audit
>>> from enforcekg.graph import KnowledgeGraph
>>> tracked = track(run_audit(KnowledgeGraph(), as_of="2023-12-31"))
>>> tracked.deadline, len(tracked.findings), len(tracked.accepted)
('2024-03-30', 0, 0)
"""

from __future__ import annotations

import datetime as dt
import html
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .accepted import KINDS, Acceptance, AcceptedFinding, partition
from .audit import AuditReport
from .findings import SEVERITIES, Finding
from .render import md_cell, severity_label
from .rules import REGISTRY
from .schema import NODE_TYPES

DEFAULT_DEADLINE_DAYS = 90

# --- the tracked report ----------------------------------------------------------------------------


@dataclass
class TrackedReport(AuditReport):
    """An audit report as a rectification list: ``findings`` are the open ones.

    ``accepted`` holds the findings an acceptance file takes off the list; ``expired`` the acceptances
    that lapsed on or before the audit date (their findings are open again).  In :meth:`summary`,
    ``total`` counts every finding, ``open`` and ``accepted`` split it; ``by_severity`` and ``by_unit``
    count open findings.
    """

    accepted: list[AcceptedFinding] = field(default_factory=list)
    expired: dict[str, Acceptance] = field(default_factory=dict)
    deadline_days: int = DEFAULT_DEADLINE_DAYS

    @property
    def deadline(self) -> str:
        """The rectification deadline: the audit date plus ``deadline_days``."""
        return (dt.date.fromisoformat(self.as_of) + dt.timedelta(days=self.deadline_days)).isoformat()

    def summary(self) -> dict[str, Any]:
        out = super().summary()
        out.update(total=len(self.findings) + len(self.accepted), open=len(self.findings), accepted=len(self.accepted),
                   reopened=len(self.expired), deadline=self.deadline)
        return out

    def as_dict(self) -> dict[str, Any]:
        out = super().as_dict()
        out["accepted"] = [a.as_dict() for a in self.accepted]
        out["rectification"] = {
            "deadline": self.deadline, "deadline_days": self.deadline_days,
            "reopened": [{"finding": fid, "acceptance": a.as_dict()} for fid, a in self.expired.items()],
        }
        return out


def track(report: AuditReport, acceptances: Iterable[Acceptance] = (), deadline_days: int = DEFAULT_DEADLINE_DAYS) -> TrackedReport:
    """Apply acceptances (as of the audit date) and a deadline to an audit report.

    Entries naming no finding of the report are ignored here; see :func:`enforcekg.accepted.partition`
    for them (the CLI warns about each).
    """
    if isinstance(report, TrackedReport):
        everything = [*report.findings, *(a.finding for a in report.accepted)]
    else:
        everything = list(report.findings)
    part = partition(everything, acceptances, report.as_of)
    base = {f.name: getattr(report, f.name) for f in fields(AuditReport)}
    base["findings"] = part.open
    return TrackedReport(**base, accepted=part.accepted, expired=part.expired, deadline_days=deadline_days)


# --- rows of the list ------------------------------------------------------------------------------

#: column key -> (zh header, en header, Excel width)
COLUMNS: dict[str, tuple[str, str, int]] = {
    "seq": ("序号", "No.", 6),
    "id": ("问题编号", "Finding ID", 19),
    "type": ("问题类型", "Problem type", 26),
    "unit": ("责任单位", "Responsible unit", 20),
    "matter": ("涉及事项", "Matter concerned", 30),
    "message": ("问题描述", "Description", 50),
    "law": ("法律依据", "Legal basis", 34),
    "remedy": ("整改建议", "Remediation", 46),
    "deadline": ("整改时限", "Deadline", 12),
    "status": ("整改状态", "Status", 12),
    "note": ("备注", "Remarks", 24),
    "reason": ("理由", "Reason", 30),
    "approver": ("批准人", "Approved by", 16),
    "expires": ("到期日", "Expires", 12),
}
LIST_COLUMNS = ("seq", "id", "type", "unit", "matter", "message", "law", "remedy", "deadline", "status", "note")
ACCEPTED_COLUMNS = ("seq", "id", "type", "unit", "matter", "message", "status", "reason", "approver", "expires")
#: statuses a unit or supervisor may set in the 整改状态 column of the workbook
STATUSES = {"zh": ("未整改", "整改中", "已整改", *(zh for zh, _ in KINDS.values())),
            "en": ("open", "in progress", "fixed", *(en for _, en in KINDS.values()))}

WORDS = {
    "zh": {
        "title": "行政执法问题整改清单", "summary": "汇总", "accepted_sheet": "已接受或暂缓", "no_unit": "未明确责任单位",
        "dataset": "数据集", "as_of": "审计基准日", "deadline": "整改时限", "total": "问题总数", "open": "未整改",
        "accepted": "已接受风险/暂缓", "reopened": "接受已到期、重新列入", "by_rule": "按规则", "by_unit": "按责任单位",
        "rule": "规则", "severity": "级别", "found": "发现", "checked": "检查", "ratio": "发现/检查", "count": "问题数",
        "sheet": "工作表", "lapsed": "原{status}已于{expires}到期（批准人：{approver}；理由：{reason}）",
        "sign": "责任单位（盖章）：＿＿＿＿＿＿　　负责人签字：＿＿＿＿＿＿　　签收日期：＿＿＿＿＿＿",
        "none": "未发现问题", "counted": "{name}（{n} 项）",
    },
    "en": {
        "title": "Rectification list of enforcement findings", "summary": "Summary", "accepted_sheet": "Accepted or deferred",
        "no_unit": "(no responsible unit)", "dataset": "Dataset", "as_of": "Audit date", "deadline": "Deadline",
        "total": "Findings", "open": "Open", "accepted": "Accepted/deferred", "reopened": "Acceptance expired, open again",
        "by_rule": "By rule", "by_unit": "By responsible unit", "rule": "Rule", "severity": "Severity", "found": "Found",
        "checked": "Checked", "ratio": "Found/checked", "count": "Findings", "sheet": "Sheet",
        "lapsed": "{status} expired on {expires} (approved by {approver}; reason: {reason})",
        "sign": "Unit (seal): ____________    Head (signature): ____________    Received on: ____________",
        "none": "No findings", "counted": "{name} ({n} items)",
    },
}


def headers(columns: Sequence[str], lang: str) -> list[str]:
    return [COLUMNS[c][1 if lang == "en" else 0] for c in columns]


def unit_name(f: Finding, lang: str) -> str:
    return f.unit.name if f.unit else WORDS[lang]["no_unit"]


def matter(f: Finding, lang: str = "zh") -> str:
    """涉及事项: the powers among the finding's nodes, else its subject (a nameless one by its type and parties)."""
    powers = [r.name for r in (f.subject, *f.related) if r.type == "Power"]
    if powers:
        return "、".join(dict.fromkeys(powers))
    if f.subject.name != f.subject.id:
        return f.subject.name
    t = NODE_TYPES.get(f.subject.type)
    kind = (t.en if lang == "en" else t.zh) if t else f.subject.type
    parties = "、".join(r.name for r in f.related)
    return f"{kind}：{parties}" if parties else kind


def finding_cells(f: Finding, lang: str) -> dict[str, str]:
    """The cells every list shares: id, type, unit, matter, description, basis, remediation."""
    rule = REGISTRY.get(f.rule)
    title = rule.title(lang) if rule else f.slug
    remedy = (rule.remediation_en if lang == "en" else rule.remediation_zh) if rule else ""
    return {"id": f.id, "type": f"{f.rule} {title}", "unit": unit_name(f, lang), "matter": matter(f, lang),
            "message": f.message, "law": "\n".join(f.legal_basis), "remedy": remedy}


def open_rows(report: TrackedReport, findings: Iterable[Finding], lang: str) -> list[dict[str, Any]]:
    """Rows of the rectification list for open findings, numbered from 1."""
    rows = []
    for n, f in enumerate(findings, start=1):
        lapsed = report.expired.get(f.id)
        note = WORDS[lang]["lapsed"].format(status=lapsed.status(lang), expires=lapsed.expires, approver=lapsed.approver,
                                            reason=lapsed.reason) if lapsed else ""
        rows.append({"seq": n, **finding_cells(f, lang), "deadline": report.deadline, "status": STATUSES[lang][0], "note": note})
    return rows


def accepted_rows(items: Iterable[AcceptedFinding], lang: str) -> list[dict[str, Any]]:
    """Rows of the accepted/deferred list, numbered from 1."""
    return [{"seq": n, **finding_cells(a.finding, lang), "status": a.acceptance.status(lang), "reason": a.acceptance.reason,
             "approver": a.acceptance.approver, "expires": a.acceptance.expires}
            for n, a in enumerate(items, start=1)]


@dataclass
class UnitRollup:
    name: str
    found: int = 0
    checked: int = 0
    open: int = 0
    accepted: int = 0
    severities: Counter = field(default_factory=Counter)


def by_unit(report: TrackedReport, lang: str) -> list[UnitRollup]:
    """Per responsible unit: findings (open, accepted, by severity) and records checked; most findings first."""
    units: dict[str, UnitRollup] = {}
    for t in report.tallies:
        for name, (_, checked) in t.by_unit.items():
            units.setdefault(name, UnitRollup(name)).checked += checked
    for f, is_open in [*((f, True) for f in report.findings), *((a.finding, False) for a in report.accepted)]:
        u = units.setdefault(unit_name(f, lang), UnitRollup(unit_name(f, lang)))
        u.found += 1
        u.open += is_open
        u.accepted += not is_open
        u.severities[f.severity] += 1
    return sorted(units.values(), key=lambda u: (-u.open, -u.found, u.name))


def by_rule(report: TrackedReport, lang: str) -> list[dict[str, Any]]:
    """Per rule that checked or found anything: X of Y, open and accepted."""
    accepted = Counter(a.finding.rule for a in report.accepted)
    return [{"rule": t.rule, "title": t.title, "severity": severity_label(t.severity, lang), "found": t.found,
             "checked": t.checked, "ratio": f"{t.found}/{t.checked}", "open": t.found - accepted[t.rule],
             "accepted": accepted[t.rule]}
            for t in report.tallies if t.found or t.checked]


def unit_groups(report: TrackedReport, lang: str) -> list[tuple[str, list[Finding]]]:
    """Open findings grouped by responsible unit, in the order of :func:`by_unit`."""
    groups: dict[str, list[Finding]] = {}
    for f in report.findings:
        groups.setdefault(unit_name(f, lang), []).append(f)
    return [(u.name, groups[u.name]) for u in by_unit(report, lang) if u.name in groups]


def overview(report: TrackedReport, lang: str) -> list[tuple[str, Any]]:
    """The key figures at the top of every rendering."""
    w = WORDS[lang]
    return [(w["dataset"], report.info.get("title") or report.dataset), (w["as_of"], report.as_of), (w["deadline"], report.deadline),
            (w["total"], len(report.findings) + len(report.accepted)), (w["open"], len(report.findings)),
            (w["accepted"], len(report.accepted)), (w["reopened"], len(report.expired))]


# --- Excel -----------------------------------------------------------------------------------------

FORBIDDEN_IN_SHEET = str.maketrans({c: "_" for c in "[]:*?/\\"})
SHEET_MAX = 31


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unused worksheet name: no []:*?/\\, ≤31 characters, unique ignoring case.

    >>> taken = {"汇总"}
    >>> sheet_title("A/B: [x]", taken), sheet_title("a_b_ _x_", taken), sheet_title("汇总", taken)
    ('A_B_ _x_', 'a_b_ _x_ (2)', '汇总 (2)')
    >>> len(sheet_title("长" * 40, taken))
    31
    """
    base = name.translate(FORBIDDEN_IN_SHEET).strip().strip("'").strip() or "Sheet"
    if base.lower() == "history":  # reserved by Excel
        base += "_"
    title, n = base[:SHEET_MAX], 1
    while title.lower() in {t.lower() for t in taken}:
        n += 1
        suffix = f" ({n})"
        title = base[: SHEET_MAX - len(suffix)] + suffix
    taken.add(title)
    return title


def _styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")
    return {
        "title": Font(bold=True, size=14), "head": Font(bold=True), "fill": PatternFill("solid", fgColor="D9E1F2"),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "wrap": Alignment(wrap_text=True, vertical="top"), "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
    }


def set_widths(ws, widths: Sequence[int]) -> None:
    """Set the widths of the first columns (in characters; a Chinese character counts about two)."""
    from openpyxl.utils import get_column_letter

    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width


def write_table(ws, top: int, head: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write a bordered table with a styled header row at row ``top``; return its last row."""
    st = _styles()
    for c, text in enumerate(head, start=1):
        cell = ws.cell(row=top, column=c, value=text)
        cell.font, cell.fill, cell.border, cell.alignment = st["head"], st["fill"], st["border"], st["center"]
    r = top
    for r, row in enumerate(rows, start=top + 1):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            cell.border, cell.alignment = st["border"], st["wrap"]
    return r


def list_sheet(wb, title: str, heading: str, head: Sequence[str], widths: Sequence[int], rows: Sequence[Sequence[Any]], status_col: int | None = None, statuses: Sequence[str] = ()):
    """A sheet holding one list: a title row, a frozen header row with a filter, wrapped text, print setup."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    ws = wb.create_sheet(title)
    last_col = get_column_letter(len(head))
    ws.cell(row=1, column=1, value=heading).font = _styles()["title"]
    ws.merge_cells(f"A1:{last_col}1")
    ws.row_dimensions[1].height = 24
    set_widths(ws, widths)
    last = write_table(ws, 2, head, rows)
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{last_col}{max(last, 2)}"
    ws.print_title_rows = "1:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if status_col is not None and rows:
        dv = DataValidation(type="list", formula1='"' + ",".join(statuses) + '"', allow_blank=True)
        col = get_column_letter(status_col)
        dv.add(f"{col}3:{col}{last}")
        ws.add_data_validation(dv)
    return ws


def write_xlsx(report: TrackedReport, path: Path, lang: str = "zh") -> None:
    """Write the rectification workbook: 汇总, one sheet per responsible unit, accepted/deferred findings."""
    from openpyxl import Workbook

    w = WORDS[lang]
    wb = Workbook()
    summary = wb.active
    taken = {sheet_title(w["summary"], set())}
    summary.title = w["summary"]
    accepted_title = sheet_title(w["accepted_sheet"], taken)
    unit_sheets = {name: sheet_title(name, taken) for name, _ in unit_groups(report, lang)}
    _summary_sheet(summary, report, lang, unit_sheets, accepted_title)
    widths = [COLUMNS[c][2] for c in LIST_COLUMNS]
    status_col = LIST_COLUMNS.index("status") + 1
    for name, findings in unit_groups(report, lang):
        rows = [[r[c] for c in LIST_COLUMNS] for r in open_rows(report, findings, lang)]
        list_sheet(wb, unit_sheets[name], f"{name} {w['title']}", headers(LIST_COLUMNS, lang), widths, rows, status_col, STATUSES[lang])
    rows = [[r[c] for c in ACCEPTED_COLUMNS] for r in accepted_rows(report.accepted, lang)]
    list_sheet(wb, accepted_title, f"{w['accepted']} {report.as_of}",
               headers(ACCEPTED_COLUMNS, lang), [COLUMNS[c][2] for c in ACCEPTED_COLUMNS], rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


def _summary_sheet(ws, report: TrackedReport, lang: str, unit_sheets: dict[str, str], accepted_title: str) -> None:
    """Key figures, the roll-up per rule (X of Y) and per unit, with links to the unit sheets."""
    w, st = WORDS[lang], _styles()
    ws.cell(row=1, column=1, value=f"{report.info.get('title') or report.dataset} {w['title']}").font = st["title"]
    ws.merge_cells("A1:H1")
    r = 2
    for key, value in overview(report, lang):
        ws.cell(row=r, column=1, value=key).font = st["head"]
        cell = ws.cell(row=r, column=2, value=value)
        if key == w["accepted"]:
            cell.hyperlink = f"#'{accepted_title}'!A1"
        r += 1
    ws.cell(row=r + 1, column=1, value=w["by_rule"]).font = st["head"]
    rule_rows = [[x["rule"], x["title"], x["severity"], x["found"], x["checked"], x["ratio"], x["open"], x["accepted"]] for x in by_rule(report, lang)]
    r = write_table(ws, r + 2, [w["rule"], COLUMNS["type"][1 if lang == "en" else 0], w["severity"], w["found"], w["checked"], w["ratio"], w["open"], w["accepted"]],
                    rule_rows)
    ws.cell(row=r + 2, column=1, value=w["by_unit"]).font = st["head"]
    units = by_unit(report, lang)
    head = [COLUMNS["unit"][1 if lang == "en" else 0], w["count"], w["checked"], *(severity_label(s, lang) for s in SEVERITIES),
            w["open"], w["accepted"], w["sheet"]]
    unit_rows = [[u.name, u.found, u.checked, *(u.severities[s] for s in SEVERITIES), u.open, u.accepted, unit_sheets.get(u.name, "")]
                 for u in units]
    top = r + 3
    write_table(ws, top, head, unit_rows)
    set_widths(ws, [30, 40, 8, 8, 8, 11, 9, 16, 30])  # the rule table's type column shares column B with the counts
    for i, u in enumerate(units, start=top + 1):
        if u.name in unit_sheets:
            ws.cell(row=i, column=len(head)).hyperlink = f"#'{unit_sheets[u.name]}'!A1"
    ws.freeze_panes = "A2"


# --- HTML ------------------------------------------------------------------------------------------

CSS = """
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Zen Hei", sans-serif;
       font-size: 10.5pt; color: #000; margin: 16px; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 8px; }
h2 { font-size: 14pt; border-bottom: 2px solid #333; padding-bottom: 2px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 14px; }
th, td { border: 1px solid #555; padding: 3px 5px; vertical-align: top; text-align: left; white-space: pre-wrap; }
th { background: #d9e1f2; text-align: center; }
table.figures { width: auto; } table.figures th { text-align: left; }
td.num { text-align: right; } td.id { white-space: nowrap; font-family: monospace; }
p.sign { margin-top: 18px; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; font-size: 9pt; }
  section.unit, section.accepted { break-before: page; page-break-before: always; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  th { background: #d9e1f2 !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _html_table(head: Sequence[str], rows: Iterable[Sequence[Any]], cls: str = "", num_cols: Sequence[int] = (), id_col: int | None = None) -> str:
    out = [f'<table class="{cls}"><thead><tr>' + "".join(f"<th>{_e(h)}</th>" for h in head) + "</tr></thead><tbody>"]
    for row in rows:
        cells = []
        for i, v in enumerate(row):
            klass = "num" if i in num_cols else ("id" if i == id_col else "")
            cells.append(f'<td class="{klass}">{_e(v)}</td>' if klass else f"<td>{_e(v)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def to_html(report: TrackedReport, lang: str = "zh") -> str:
    """A self-contained, printable HTML rectification list (one printed section per unit)."""
    w = WORDS[lang]
    title = f"{report.info.get('title') or report.dataset} {w['title']}"
    parts = [f'<!DOCTYPE html>\n<html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">',
             f"<title>{_e(title)}</title><style>{CSS}</style></head><body>", f"<h1>{_e(title)}</h1>",
             '<section class="summary">', '<table class="figures"><tbody>',
             *(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in overview(report, lang)), "</tbody></table>",
             f"<h2>{_e(w['by_rule'])}</h2>",
             _html_table([w["rule"], COLUMNS["type"][1 if lang == "en" else 0], w["severity"], w["ratio"], w["open"], w["accepted"]],
                         [[x["rule"], x["title"], x["severity"], x["ratio"], x["open"], x["accepted"]] for x in by_rule(report, lang)],
                         num_cols=(3, 4, 5)),
             f"<h2>{_e(w['by_unit'])}</h2>",
             _html_table([COLUMNS["unit"][1 if lang == "en" else 0], w["count"], *(severity_label(s, lang) for s in SEVERITIES), w["open"], w["accepted"]],
                         [[u.name, u.found, *(u.severities[s] for s in SEVERITIES), u.open, u.accepted] for u in by_unit(report, lang)],
                         num_cols=range(1, 4 + len(SEVERITIES))),
             "</section>"]
    if not report.findings and not report.accepted:
        parts.append(f"<p>{_e(w['none'])}</p>")
    cols = [c for c in LIST_COLUMNS if c != "unit"]
    for name, findings in unit_groups(report, lang):
        rows = [[r[c] for c in cols] for r in open_rows(report, findings, lang)]
        parts += ['<section class="unit">', f"<h2>{_e(w['counted'].format(name=name, n=len(rows)))}</h2>",
                  _html_table(headers(cols, lang), rows, "list", num_cols=(0,), id_col=1), f'<p class="sign">{_e(w["sign"])}</p>', "</section>"]
    if report.accepted:
        rows = [[r[c] for c in ACCEPTED_COLUMNS] for r in accepted_rows(report.accepted, lang)]
        parts += ['<section class="accepted">', f"<h2>{_e(w['counted'].format(name=w['accepted'], n=len(rows)))}</h2>",
                  _html_table(headers(ACCEPTED_COLUMNS, lang), rows, "list", num_cols=(0,), id_col=1), "</section>"]
    parts.append("</body></html>\n")
    return "\n".join(parts)


# --- Markdown --------------------------------------------------------------------------------------


def _md_table(head: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    out = ["| " + " | ".join(md_cell(h) for h in head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(md_cell(str(v).replace("\n", "；")) for v in row) + " |" for row in rows]
    return out


def to_markdown(report: TrackedReport, lang: str = "zh") -> str:
    """The audit summary (:func:`enforcekg.render.to_markdown`) followed by the rectification list per unit."""
    from .render import to_markdown as audit_markdown

    w = WORDS[lang]
    out = [audit_markdown(report).rstrip("\n"), "", f"# {w['title']}", ""]
    out += [f"- {k}: {v}" for k, v in overview(report, lang)[1:]]
    cols = [c for c in LIST_COLUMNS if c != "unit"]
    for name, findings in unit_groups(report, lang):
        out += ["", "## " + w["counted"].format(name=name, n=len(findings)), ""]
        out += _md_table(headers(cols, lang), ([r[c] for c in cols] for r in open_rows(report, findings, lang)))
    if report.accepted:
        out += ["", "## " + w["counted"].format(name=w["accepted"], n=len(report.accepted)), ""]
        out += _md_table(headers(ACCEPTED_COLUMNS, lang), ([r[c] for c in ACCEPTED_COLUMNS] for r in accepted_rows(report.accepted, lang)))
    return "\n".join(out) + "\n"
