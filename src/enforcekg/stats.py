"""``enforcekg stats``: what a dataset contains, beside the figures its report gives."""

from __future__ import annotations

from typing import Any

from .authority import township_of
from .graph import KnowledgeGraph


def dataset_stats(kg: KnowledgeGraph) -> dict[str, Any]:
    subjects = list(kg.nodes("Subject"))
    townships = [s for s in subjects if kg.node(s).get("township")]
    staffing = list(kg.nodes("Staffing"))
    delegations = list(kg.nodes("Delegation"))
    by_category: dict[str, int] = {}
    for p in kg.nodes("Power"):
        c = kg.node(p).get("category", "—")
        by_category[c] = by_category.get(c, 0) + 1
    delegated_by: dict[str, int] = {}
    for d in delegations:
        frm = kg.one(d, "FROM")
        if frm:
            delegated_by[kg.name(frm)] = delegated_by.get(kg.name(frm), 0) + 1
    units_with_staff = {kg.one(s, "OF") for s in staffing}
    return {
        "dataset": kg.info.name,
        "title": kg.info.title,
        "audit_date": kg.info.audit_date,
        "note": kg.info.note,
        "units": len(subjects),
        "townships": len(townships),
        "units_with_staffing": len(units_with_staff),
        "officers": sum(kg.node(s).get("officers", 0) for s in staffing),
        "reviewers": sum(kg.node(s).get("reviewers", 0) for s in staffing),
        "bodies": sum(1 for _ in kg.nodes("Body")),
        "brigades": sum(1 for b in kg.nodes("Body") if "执法" in (kg.node(b).get("kind") or "")),
        "powers": sum(1 for _ in kg.nodes("Power")),
        "powers_by_category": dict(sorted(by_category.items(), key=lambda kv: -kv[1])),
        "list_items": sum(1 for _ in kg.nodes("Holding")),
        "delegations": len(delegations),
        "delegations_to_townships": sum(1 for d in delegations if kg.one(d, "TO") and township_of(kg, kg.one(d, "TO"))),
        "delegated_by_unit": delegated_by,
        "letters": sum(1 for _ in kg.nodes("Letter")),
        "assignments": sum(1 for _ in kg.nodes("Assignment")),
        "centralisations": sum(1 for _ in kg.nodes("Centralisation")),
        "transfers": sum(1 for _ in kg.nodes("Transfer")),
        "instruments": sum(1 for _ in kg.nodes("Instrument")),
        "report_facts": kg.info.extra.get("report_facts", {}),
    }


LABELS = {
    "units": ("执法单位（主体）", "units (subjects)"),
    "townships": ("乡镇（街道）", "townships"),
    "units_with_staffing": ("有人员数据的单位", "units with staffing"),
    "officers": ("持证执法人员", "certified officers"),
    "reviewers": ("法制审核人员", "legal reviewers"),
    "bodies": ("内设/下属机构", "bodies"),
    "brigades": ("执法大队", "enforcement brigades"),
    "powers": ("职权事项", "powers"),
    "list_items": ("清单条目", "list items"),
    "delegations": ("委托事项", "delegated items"),
    "delegations_to_townships": ("委托乡镇（街道）的事项", "items delegated to townships"),
    "letters": ("委托书", "letters"),
    "assignments": ("交由", "assignments"),
    "centralisations": ("相对集中", "centralisations"),
    "transfers": ("划转", "transfers"),
    "instruments": ("法律文件", "instruments"),
}


def print_stats(st: dict[str, Any], console, lang: str = "zh") -> None:
    from rich.table import Table

    en = lang == "en"
    console.print(f"[bold]{st.get('title') or st['dataset']}[/]  {'as of' if en else '基准日'} {st.get('audit_date') or '—'}")
    if st.get("note"):
        console.print(f"[dim]{st['note']}[/]")
    t = Table()
    t.add_column("item" if en else "项目")
    t.add_column("in data" if en else "数据中", justify="right")
    t.add_column("report says" if en else "报告数字", justify="right")
    facts = st.get("report_facts") or {}
    for key, (zh, en_label) in LABELS.items():
        t.add_row(en_label if en else zh, str(st[key]), str(facts.get(key, "")))
    console.print(t)
    if st["delegated_by_unit"]:
        d = Table(title="delegated items by unit" if en else "委托事项（按委托单位）")
        d.add_column("unit" if en else "单位")
        d.add_column("items" if en else "事项数", justify="right")
        for name, n in sorted(st["delegated_by_unit"].items(), key=lambda kv: -kv[1]):
            d.add_row(name, str(n))
        console.print(d)
    other = {k: v for k, v in facts.items() if k not in LABELS}
    if other:
        o = Table(title="other figures in the report" if en else "报告中的其他数字")
        o.add_column("item" if en else "项目")
        o.add_column("value" if en else "数值", justify="right")
        for k, v in other.items():
            o.add_row(str(k), str(v))
        console.print(o)
