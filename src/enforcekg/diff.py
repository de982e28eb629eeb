"""Compare two audits: which findings are new, which were checked off (销号), which persist — and, when both
sides are datasets, what changed in the graph itself.

A side is a dataset (audited here, as of its own audit date) or a saved ``enforcekg audit -f json`` result.
Findings are matched by their stable id (rule + subject + related records, see
:func:`enforcekg.findings.finding_id`).  Only rules run on both sides are compared; findings of a rule run on
one side only are left out and named in ``not_compared``.

The graph comparison matches acts by what they are — kind, parties and powers — not by row ids, and reports
powers added or removed, holders changed (as of each side's audit date, by
:func:`enforcekg.authority.holds`), transfers and centralisations added or removed, and delegations or
assignments signed, removed or expired (term ended or status ended on the new audit date).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .authority import MOVING_ACTS, in_effect
from .findings import SEVERITIES, Finding, NodeRef
from .graph import KnowledgeGraph
from .history import LENDING_ACTS, holders
from .schema import ACT_KINDS

STATES = ("new", "resolved", "persisting")
STATE_WORDS = {"zh": {"new": "新增", "resolved": "已销号", "persisting": "仍存在"},
               "en": {"new": "new", "resolved": "resolved", "persisting": "persisting"}}

#: change kind -> (zh, en)
CHANGE_KINDS: dict[str, tuple[str, str]] = {
    "power-added": ("新增事项", "power added"),
    "power-removed": ("删除事项", "power removed"),
    "holder-changed": ("实施主体变化", "holder changed"),
    "transferred": ("职权划转/集中", "power transferred"),
    "adjustment-removed": ("调整记录删除", "adjustment removed"),
    "delegation-signed": ("新签委托/交由", "delegation signed"),
    "delegation-removed": ("委托/交由删除", "delegation removed"),
    "delegation-expired": ("委托/交由到期或终止", "delegation expired or ended"),
}


class DiffInputError(Exception):
    """A side cannot be read; the message says which file and why (zh and en)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


@dataclass
class AuditSide:
    """One side of a comparison: its findings and, for a dataset, its graph."""

    source: str
    dataset: str
    as_of: str
    rules_run: list[str]
    findings: dict[str, Finding]
    graph: KnowledgeGraph | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "kind": "dataset" if self.graph is not None else "json", "dataset": self.dataset,
                "as_of": self.as_of, "rules_run": self.rules_run, "findings": len(self.findings)}


def side_from_report(report, source: str, graph: KnowledgeGraph | None = None) -> AuditSide:
    """A side from an audit report (a :class:`~enforcekg.rectify.TrackedReport` counts its accepted findings too)."""
    findings = [*report.findings, *(a.finding for a in getattr(report, "accepted", []))]
    return AuditSide(source, report.dataset, report.as_of, list(report.rules_run), {f.id: f for f in findings}, graph)


def read_audit_json(path: Path) -> AuditSide:
    """Read a saved ``enforcekg audit -f json`` result; raise :class:`DiffInputError` if it is not one."""
    name = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise DiffInputError(f"{name}: 无法读取文件：{exc.strerror or exc}", f"{name}: cannot read the file: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DiffInputError(f"{name}: 不是有效的 JSON：{exc}", f"{name}: not valid JSON: {exc}") from None
    summary = data.get("summary") if isinstance(data, dict) else None
    if not isinstance(summary, dict) or not isinstance(data.get("findings"), list) or not isinstance(summary.get("by_rule"), list):
        raise DiffInputError(f"{name}: 不是 enforcekg audit -f json 的结果（缺少 findings 或 summary.by_rule）",
                             f"{name}: not an 'enforcekg audit -f json' result (no findings or summary.by_rule)")
    entries = [("findings", i, d) for i, d in enumerate(data["findings"])]
    entries += [("accepted", i, d) for i, d in enumerate(data.get("accepted") or [])]
    findings: dict[str, Finding] = {}
    for key, i, d in entries:
        f = _finding_from_dict(d, f"{name}: {key}[{i}]")
        findings[f.id] = f
    rules = [t.get("rule") for t in summary["by_rule"] if isinstance(t, dict) and t.get("rule")]
    return AuditSide(name, str(summary.get("dataset") or path.stem), str(summary.get("as_of") or ""), rules, findings)


def _ref(d: Any, where: str, what: str) -> NodeRef:
    if not isinstance(d, dict) or not all(isinstance(d.get(k), str) for k in ("id", "type", "name")):
        raise DiffInputError(f"{where}: “{what}”应有 id、type、name", f"{where}: '{what}' needs id, type and name")
    return NodeRef(d["id"], d["type"], d["name"])


def _finding_from_dict(d: Any, where: str) -> Finding:
    """Rebuild a finding from its JSON form; its id must match its rule, subject and related records."""
    if not isinstance(d, dict) or not isinstance(d.get("id"), str) or not isinstance(d.get("rule"), str):
        raise DiffInputError(f"{where}: 问题应有 id 和 rule", f"{where}: a finding needs an id and a rule")
    related = d.get("related") or []
    if not isinstance(related, list):
        raise DiffInputError(f"{where}: related 应为列表", f"{where}: related must be a list")
    f = Finding(
        rule=d["rule"], slug=str(d.get("slug") or ""), severity=str(d.get("severity") or "warning"),
        subject=_ref(d.get("subject"), where, "subject"), related=tuple(_ref(r, where, "related") for r in related),
        message=str(d.get("message") or ""), legal_basis=tuple(map(str, d.get("legal_basis") or ())),
        evidence=d.get("evidence") if isinstance(d.get("evidence"), dict) else {},
        unit=_ref(d["unit"], where, "unit") if d.get("unit") else None,
        township=_ref(d["township"], where, "township") if d.get("township") else None,
    )
    if f.id != d["id"]:
        raise DiffInputError(f"{where}: 问题编号 {d['id']} 与其规则和对象不符（应为 {f.id}），文件可能被修改",
                             f"{where}: finding id {d['id']} does not match its rule and records (expected {f.id}); was the file edited?")
    return f


# --- findings --------------------------------------------------------------------------------------


@dataclass
class FindingsDiff:
    new: list[Finding]
    resolved: list[Finding]
    persisting: list[Finding]
    not_compared: list[str]  # rules run on one side only

    def groups(self) -> list[tuple[str, Finding]]:
        return [(s, f) for s in STATES for f in getattr(self, s)]

    def by(self, key: str) -> dict[str, dict[str, int]]:
        """Counts per unit (``key="unit"``) or rule (``key="rule"``): new, resolved, persisting."""
        out: dict[str, Counter] = {}
        for state, f in self.groups():
            k = (f.unit.name if f.unit else "—") if key == "unit" else f.rule
            out.setdefault(k, Counter())[state] += 1
        return {k: {s: c[s] for s in STATES} for k, c in sorted(out.items(), key=lambda kv: (-kv[1]["new"], -kv[1]["persisting"], kv[0]))}

    def as_dict(self) -> dict[str, Any]:
        return {"counts": {s: len(getattr(self, s)) for s in STATES}, "not_compared_rules": self.not_compared,
                "by_unit": self.by("unit"), "by_rule": self.by("rule"),
                **{s: [f.as_dict() for f in getattr(self, s)] for s in STATES}}


def _order(f: Finding) -> tuple:
    return (SEVERITIES.index(f.severity) if f.severity in SEVERITIES else 9, f.rule, f.unit.name if f.unit else "", f.id)


def diff_findings(old: AuditSide, new: AuditSide) -> FindingsDiff:
    """Match findings by id among the rules both sides ran."""
    common = set(old.rules_run) & set(new.rules_run)
    only = sorted(set(old.rules_run) ^ set(new.rules_run))
    o = {i: f for i, f in old.findings.items() if f.rule in common}
    n = {i: f for i, f in new.findings.items() if f.rule in common}
    return FindingsDiff(
        new=sorted((n[i] for i in n.keys() - o.keys()), key=_order),
        resolved=sorted((o[i] for i in o.keys() - n.keys()), key=_order),
        persisting=sorted((n[i] for i in n.keys() & o.keys()), key=_order),
        not_compared=only,
    )


# --- the graph -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One change in the graph between the two sides."""

    kind: str
    subject: str  # what changed (a power, or the powers of an act)
    before: str = ""
    after: str = ""
    date: str | None = None
    detail: str = ""
    ids: tuple[str, ...] = field(default=())

    def label(self, lang: str = "zh") -> str:
        zh, en = CHANGE_KINDS[self.kind]
        return en if lang == "en" else zh

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "subject": self.subject, "before": self.before, "after": self.after,
                "date": self.date, "detail": self.detail, "ids": list(self.ids)}


def act_key(kg: KnowledgeGraph, act: str) -> tuple:
    """What an act is, independent of its row id: kind, parties and powers."""
    return (kg.label(act), *(tuple(sorted(kg.out(act, rel))) for rel in ("FROM", "TO", "CONCERNS")))


def _acts(kg: KnowledgeGraph, labels: tuple[str, ...]) -> dict[tuple, str]:
    return {act_key(kg, a): a for lbl in labels for a in kg.nodes(lbl)}


def _names(kg: KnowledgeGraph, ids) -> str:
    return "、".join(kg.name(i) for i in ids)


def _powers(kg: KnowledgeGraph, act: str) -> str:
    powers = kg.out(act, "CONCERNS")
    if len(powers) > 3:
        return _names(kg, powers[:3]) + f" 等{len(powers)}项"
    return _names(kg, powers)


def active(kg: KnowledgeGraph, act: str, on: str) -> bool:
    """An act in effect on ``on`` whose term has not ended before it."""
    end = kg.node(act).get("end")
    return in_effect(kg, act, on) and not (end and end < on)


def diff_graphs(old: KnowledgeGraph, old_on: str, new: KnowledgeGraph, new_on: str) -> list[Change]:
    """What changed in the graph between two versions of a dataset."""
    changes: list[Change] = []
    old_p, new_p = set(old.nodes("Power")), set(new.nodes("Power"))
    for p in sorted(new_p - old_p):
        changes.append(Change("power-added", new.name(p), after=_names(new, holders(new, p, new_on)), ids=(p,)))
    for p in sorted(old_p - new_p):
        changes.append(Change("power-removed", old.name(p), before=_names(old, holders(old, p, old_on)), ids=(p,)))
    for p in sorted(old_p & new_p):
        before, after = holders(old, p, old_on), holders(new, p, new_on)
        if before != after:
            moves = [a for a in new.into(p, "CONCERNS") if new.label(a) in MOVING_ACTS and active(new, a, new_on)]
            date = max((new.node(a).get("date") or "" for a in moves), default="") or None
            detail = "；".join(f"{ACT_KINDS[new.label(a)][0]} {new.node(a).get('date') or ''} {_documents(new, a)}".strip() for a in moves)
            changes.append(Change("holder-changed", new.name(p), _names(old, before), _names(new, after), date, detail, (p,)))
    changes += _act_changes(old, old_on, new, new_on, MOVING_ACTS, "transferred", "adjustment-removed")
    changes += _act_changes(old, old_on, new, new_on, LENDING_ACTS, "delegation-signed", "delegation-removed")
    old_d, new_d = _acts(old, LENDING_ACTS), _acts(new, LENDING_ACTS)
    for key in sorted(old_d.keys() & new_d.keys()):
        a, b = old_d[key], new_d[key]
        if active(old, a, old_on) and not active(new, b, new_on):
            d = new.node(b)
            when = d.get("end") if d.get("end") and d["end"] < new_on else None
            changes.append(Change("delegation-expired", _powers(new, b), _names(new, new.out(b, "FROM")), _names(new, new.out(b, "TO")),
                                  when, "；".join(x for x in (d.get("status"), _documents(new, b)) if x), (b,)))
    return changes


def _documents(kg: KnowledgeGraph, act: str) -> str:
    return "、".join(kg.name(d) for d in kg.out(act, "RECORDED_IN"))


def _act_changes(old: KnowledgeGraph, old_on: str, new: KnowledgeGraph, new_on: str, labels: tuple[str, ...], added: str, removed: str) -> list[Change]:
    old_a, new_a = _acts(old, labels), _acts(new, labels)
    out = []
    for kg, acts, keys, kind in ((new, new_a, new_a.keys() - old_a.keys(), added), (old, old_a, old_a.keys() - new_a.keys(), removed)):
        for key in sorted(keys):
            a = acts[key]
            d = kg.node(a)
            kind_zh = ACT_KINDS[kg.label(a)][0]
            detail = "；".join(x for x in dict.fromkeys((kind_zh, d.get("mode"), _documents(kg, a))) if x and not (x != kind_zh and x in kind_zh))
            out.append(Change(kind, _powers(kg, a), _names(kg, kg.out(a, "FROM")), _names(kg, kg.out(a, "TO")), d.get("date"), detail, (a,)))
    return out


# --- the result ------------------------------------------------------------------------------------


@dataclass
class DiffResult:
    old: AuditSide
    new: AuditSide
    findings: FindingsDiff
    graph: list[Change] | None  # None unless both sides are datasets

    def as_dict(self) -> dict[str, Any]:
        return {"old": self.old.as_dict(), "new": self.new.as_dict(), "findings": self.findings.as_dict(),
                "graph": [c.as_dict() for c in self.graph] if self.graph is not None else None}


def compare(old: AuditSide, new: AuditSide) -> DiffResult:
    """Compare two sides: findings always, the graph when both are datasets."""
    graph = None
    if old.graph is not None and new.graph is not None:
        graph = diff_graphs(old.graph, old.as_of, new.graph, new.as_of)
    return DiffResult(old, new, diff_findings(old, new), graph)


WORDS = {
    "zh": {"old": "原审计", "new": "本次审计", "source": "来源", "as_of": "审计基准日", "findings": "问题数", "unit": "责任单位",
           "rule": "规则", "state": "状态", "graph": "图谱变化", "kind": "变化类型", "subject": "对象", "before": "变化前",
           "after": "变化后", "date": "日期", "detail": "说明", "not_compared": "以下规则只在一次审计中运行，未比较：",
           "summary": "汇总", "no_graph": "（两侧都是数据集时才比较图谱）", "no_change": "图谱没有变化",
           "sheet": {"new": "新增问题", "resolved": "已销号问题", "persisting": "仍存在问题"}, "title": "两次审计比较"},
    "en": {"old": "Previous audit", "new": "This audit", "source": "Source", "as_of": "Audit date", "findings": "Findings",
           "unit": "Unit", "rule": "Rule", "state": "State", "graph": "Graph changes", "kind": "Change", "subject": "Subject",
           "before": "Before", "after": "After", "date": "Date", "detail": "Detail",
           "not_compared": "Rules run in one audit only, not compared: ", "summary": "Summary",
           "no_graph": "(the graph is compared only when both sides are datasets)", "no_change": "No change in the graph",
           "sheet": {"new": "New findings", "resolved": "Resolved findings", "persisting": "Persisting findings"},
           "title": "Comparison of two audits"},
}
FINDING_COLUMNS = ("seq", "id", "type", "unit", "matter", "message")


def to_json(result: DiffResult) -> str:
    return json.dumps(result.as_dict(), ensure_ascii=False, indent=2)


def overview_rows(result: DiffResult, lang: str) -> list[list[Any]]:
    w = WORDS[lang]
    return [[w[side], getattr(result, side).source, getattr(result, side).as_of, len(getattr(result, side).findings)] for side in ("old", "new")]


def count_rows(counts: dict[str, dict[str, int]]) -> list[list[Any]]:
    return [[k, *(v[s] for s in STATES)] for k, v in counts.items()]


def change_rows(changes: list[Change], lang: str) -> list[list[Any]]:
    return [[c.label(lang), c.subject, c.before, c.after, c.date or "", c.detail] for c in changes]


def print_table(result: DiffResult, console, lang: str = "zh") -> None:
    """The comparison as rich tables: sides, counts by unit and rule, new and resolved findings, graph changes."""
    from rich.markup import escape
    from rich.table import Table

    from .rectify import finding_cells, headers

    w, s = WORDS[lang], STATE_WORDS[lang]

    def table(title: str, head: list[str], rows: list[list[Any]]) -> None:
        t = Table(title=title)
        for h in head:
            t.add_column(h, overflow="fold")
        for r in rows:
            t.add_row(*(escape(str(x)) for x in r))
        console.print(t)

    table(w["title"], ["", w["source"], w["as_of"], w["findings"]], overview_rows(result, lang))
    fd = result.findings
    console.print("  ".join(f"[bold]{s[x]}[/] {len(getattr(fd, x))}" for x in STATES))
    if fd.not_compared:
        console.print(f"[yellow]{w['not_compared']}{'、'.join(fd.not_compared)}[/]")
    table(w["unit"], [w["unit"], *(s[x] for x in STATES)], count_rows(fd.by("unit")))
    table(w["rule"], [w["rule"], *(s[x] for x in STATES)], count_rows(fd.by("rule")))
    for state in ("new", "resolved"):
        items = getattr(fd, state)
        if items:
            cells = [finding_cells(f, lang) for f in items]
            table(w["sheet"][state], headers(("id", "unit", "message"), lang), [[c["id"], c["unit"], c["message"]] for c in cells])
    if result.graph is None:
        console.print(w["no_graph"])
    elif not result.graph:
        console.print(w["no_change"])
    else:
        table(w["graph"], [w["kind"], w["subject"], w["before"], w["after"], w["date"], w["detail"]], change_rows(result.graph, lang))


def write_xlsx(result: DiffResult, path: Path, lang: str = "zh") -> None:
    """The comparison as a workbook: summary, new / resolved / persisting findings, graph changes."""
    from openpyxl import Workbook

    from .rectify import (
        COLUMNS,
        finding_cells,
        headers,
        list_sheet,
        set_widths,
        write_table,
    )

    w, s = WORDS[lang], STATE_WORDS[lang]
    wb = Workbook()
    ws = wb.active
    ws.title = w["summary"]
    r = write_table(ws, 1, ["", w["source"], w["as_of"], w["findings"]], overview_rows(result, lang))
    fd = result.findings
    r = write_table(ws, r + 2, [w["state"], w["findings"]], [[s[x], len(getattr(fd, x))] for x in STATES])
    if fd.not_compared:
        r += 1
        ws.cell(row=r, column=1, value=w["not_compared"] + "、".join(fd.not_compared))
    r = write_table(ws, r + 2, [w["unit"], *(s[x] for x in STATES)], count_rows(fd.by("unit")))
    write_table(ws, r + 2, [w["rule"], *(s[x] for x in STATES)], count_rows(fd.by("rule")))
    set_widths(ws, [30, 40, 12, 10])
    ws.freeze_panes = "A2"
    widths = [COLUMNS[c][2] for c in FINDING_COLUMNS]
    for state in STATES:
        rows = [[n, *(finding_cells(f, lang)[c] for c in FINDING_COLUMNS[1:])] for n, f in enumerate(getattr(fd, state), start=1)]
        list_sheet(wb, w["sheet"][state], w["sheet"][state], headers(FINDING_COLUMNS, lang), widths, rows)
    if result.graph is not None:
        list_sheet(wb, w["graph"], w["graph"], [w["kind"], w["subject"], w["before"], w["after"], w["date"], w["detail"]],
                   [16, 40, 26, 26, 12, 40], change_rows(result.graph, lang))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
