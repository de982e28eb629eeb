"""The view model: nodes and links ready for vis-network, with positions, styles, details and findings.

:func:`graph_view` draws a set of graph nodes as they are; :func:`overview` draws one node per unit with
counts, and one link per pair of units and kind of act.  Both return a :class:`View`, which
:mod:`enforcekg.views.page` turns into HTML.  Nothing here produces markup: every text stays plain data.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..findings import SEVERITIES, Finding
from ..graph import KnowledgeGraph
from ..rules import REGISTRY
from ..schema import ACT_LABELS, EDGE_TYPES
from .details import display, node_details, paren
from .layout import layered
from .scope import path_of
from .style import (
    CONFERRING_ACTS,
    EDGE_COLOUR,
    SEVERITY_COLOURS,
    STYLES,
    edge_name,
    kind_name,
    role_name,
    severity_name,
    style_key,
    ui,
)

#: layered-layout column of each label (subjects that mostly receive powers move to RECEIVER_COLUMN)
COLUMNS = {"Jurisdiction": 0, "Staffing": 0, "Subject": 1, "Body": 3, "Power": 4, "Provision": 5,
           "Letter": 5, "Instrument": 5, **{a: 2 for a in ACT_LABELS}}
RECEIVER_COLUMN = 3
#: above this many findings in a view, offending links are drawn less thick
MANY_FINDINGS = 3
#: links to documents and provisions are dashed
DASHED_RELS = frozenset({"BASED_ON", "RECORDED_IN"})
#: links name the role of a party; above this many links, only the parties of conferring acts do
EDGE_LABEL_LIMIT = 40


@dataclass
class View:
    """Everything one page shows."""

    title: str
    scope: str
    lang: str
    as_of: str
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    legend: list[dict[str, Any]]
    edge_legend: list[dict[str, Any]]
    notice: str | None = None
    back_href: str | None = None
    aggregated: bool = False
    banner: bool = False  # show the (single) finding's message above the graph
    header: list[list[str]] = field(default_factory=list)  # extra [label, text] lines under the title


# --- labels --------------------------------------------------------------------------------------

def text_width(text: str) -> float:
    """Display width in CJK characters (Latin letters and digits count a little over half)."""
    return sum(1.0 if ord(c) > 0x2E80 else 0.55 for c in text)


def wrap(text: str, width: float, lines: int = 2) -> str:
    """Break ``text`` into at most ``lines`` lines of ``width``; an ellipsis marks what was cut."""
    out, cur, w = [], "", 0.0
    for c in text:
        cw = text_width(c)
        if w + cw > width and cur:
            out.append(cur)
            cur, w = "", 0.0
        cur += c
        w += cw
    if cur:
        out.append(cur)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][:-1] + "…"
    return "\n".join(out)


def short_name(name: str, region: str | None) -> str:
    """A unit's name without the county prefix units share (湘乡市水利局 → 水利局, 长沙市芙蓉区司法局 → 司法局)."""
    at = name.find(region) if region else -1
    if 0 <= at <= 4 and len(name) > at + len(region) + 1:
        return name[at + len(region):]
    return name


def node_label(kg: KnowledgeGraph, node: str, lang: str) -> str:
    d = kg.node(node)
    label = d["label"]
    region = kg.info.region
    if label in ACT_LABELS:
        return kind_name(label, lang) + (f"\n{d['date']}" if d.get("date") else "")
    if label == "Provision":
        inst = kg.one(node, "PART_OF")
        idata = kg.node(inst) if inst else {}
        short = idata.get("short_title") or idata.get("title") or ""
        return wrap(f"{short}{d.get('ref', '')}", 9)
    if label == "Instrument":
        return wrap(d.get("short_title") or d.get("number") or d.get("title") or node, 9)
    if label == "Letter":
        return wrap(d.get("number") or node, 9)
    if label == "Staffing":
        t = ui(lang)
        return f"{t['officers']} {d.get('officers', '—')}\n{t['reviewers']} {d.get('reviewers', '—')}"
    if label == "Power":
        return wrap(kg.name(node), 10)
    return wrap(short_name(kg.name(node), region), 9)


# --- styles --------------------------------------------------------------------------------------

def vis_style(key: str) -> dict[str, Any]:
    s = STYLES[key]
    out: dict[str, Any] = {
        "shape": s.shape,
        "color": {"background": s.fill, "border": s.border,
                  "highlight": {"background": s.fill, "border": "#000000"},
                  "hover": {"background": s.fill, "border": "#000000"}},
        "borderWidth": 1.5,
        "size": s.size,
    }
    if s.dashed:
        out["shapeProperties"] = {"borderDashes": [5, 3]}
    return out


def flag(item: dict[str, Any], severity: str, many: bool = False) -> None:
    """Mark a node or a link as offending: the severity's colour, thick, with a halo on nodes.

    Among ``many`` findings, links are marked less thick, so the picture stays legible.
    """
    colour = SEVERITY_COLOURS[severity]
    if "from" in item:
        item["color"] = {"color": colour, "highlight": colour, "hover": colour}
        item["width"] = 2.5 if many else 4
        return
    item["color"]["border"] = colour
    item["color"]["highlight"]["border"] = colour
    item["borderWidth"] = 4
    item["shadow"] = {"enabled": True, "color": colour, "size": 14, "x": 0, "y": 0}
    item["label"] = "⚠ " + item["label"]


def worst(severities: Iterable[str]) -> str | None:
    found = set(severities)
    return next((s for s in SEVERITIES if s in found), None)


def legend(keys: Iterable[str], lang: str) -> list[dict[str, Any]]:
    present = set(keys)
    return [{"key": k, "label": kind_name(k, lang), "shape": s.shape, "fill": s.fill, "border": s.border,
             "dashed": s.dashed} for k, s in STYLES.items() if k in present]


def edge_legend(acts: Iterable[str], severities: Iterable[str], lang: str, rels: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Link kinds: each conferring act present, the grey context links in ``rels``, each severity present."""
    t = ui(lang)
    present, plain = set(acts), set(rels)
    out = [{"label": paren(kind_name(a, lang), f"{role_name(a, 'FROM', lang)} → {role_name(a, 'TO', lang)}", lang),
            "colour": STYLES[a].border, "width": 2.5, "dashed": False} for a in CONFERRING_ACTS if a in present]
    for dashed in (False, True):
        names = [edge_name(r, lang) for r in EDGE_TYPES if r in plain and (r in DASHED_RELS) == dashed]
        if names:
            out.append({"label": "、".join(names) if lang != "en" else ", ".join(names), "colour": EDGE_COLOUR,
                        "width": 1.5, "dashed": dashed})
    severities = set(severities)
    out += [{"label": paren(t["flagged"], severity_name(s, lang), lang), "colour": SEVERITY_COLOURS[s], "width": 4,
             "dashed": False} for s in SEVERITIES if s in severities]
    return out


# --- findings ------------------------------------------------------------------------------------

def finding_data(f: Finding, shown: set[str], lang: str, href: str | None) -> dict[str, Any]:
    """What the page needs of a finding; ``nodes`` are the ids of its evidence that are drawn."""
    rule = REGISTRY.get(f.rule)
    return {
        "id": f.id, "rule": f.rule, "title": rule.title(lang) if rule else f.rule, "severity": f.severity,
        "severity_name": severity_name(f.severity, lang), "message": f.message, "law": list(f.legal_basis),
        "unit": f.unit.name if f.unit else None, "township": f.township.name if f.township else None,
        "nodes": [n for n in path_of(f) if n in shown], "href": href,
        "sources": list(f.evidence.get("sources", [])),
    }


# --- a drawn subgraph ----------------------------------------------------------------------------

def graph_view(
    kg: KnowledgeGraph,
    nodes: set[str],
    findings: list[Finding],
    lang: str,
    allowed: Callable[[str], bool],
    *,
    title: str,
    scope: str,
    as_of: str,
    hrefs: Callable[[Finding], str | None] = lambda f: None,
) -> View:
    """Draw ``nodes`` and every link between them; highlight the evidence of ``findings``."""
    shown = [n for n in kg.nodes() if n in nodes]  # graph order: stable output
    flagged: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(findings):
        for n in path_of(f):
            if n in nodes:
                flagged[n].append(i)
    links = _links(kg, nodes, lang)
    receivers = _receivers(kg, links)
    columns = {n: RECEIVER_COLUMN if n in receivers else COLUMNS[kg.label(n)] for n in
               sorted(shown, key=lambda n: (kg.label(n), kg.name(n)))}
    pos = layered(columns, [(e["from"], e["to"]) for e in links])
    out_nodes = []
    for n in shown:
        d = kg.node(n)
        item = {"id": n, "label": node_label(kg, n, lang), "x": pos[n][0], "y": pos[n][1],
                **vis_style(style_key(d["label"], d)),
                "ekg": {**node_details(kg, n, lang, allowed), "findings": flagged.get(n, []),
                        "search": _search_text(kg, n)}}
        sev = worst(findings[i].severity for i in flagged.get(n, []))
        if sev:
            flag(item, sev)
        out_nodes.append(item)
    context_rels = set()  # the grey links the legend must explain
    for e in links:
        common = sorted(set(flagged.get(e["from"], [])) & set(flagged.get(e["to"], [])))
        e["ekg"]["findings"] = common
        sev = worst(findings[i].severity for i in common)
        if sev:
            flag(e, sev, many=len(findings) > MANY_FINDINGS)
        rel, conferring = e.pop("rel"), e.pop("conferring")
        if rel not in ("FROM", "TO"):
            context_rels.add(rel)
        if rel not in ("FROM", "TO") or (len(links) > EDGE_LABEL_LIMIT and not conferring):
            e.pop("label")
    return View(
        title=title, scope=scope, lang=lang, as_of=as_of, nodes=out_nodes, edges=links,
        findings=[finding_data(f, nodes, lang, hrefs(f)) for f in findings],
        legend=legend((style_key(kg.label(n), kg.node(n)) for n in shown), lang),
        edge_legend=edge_legend((kg.label(n) for n in shown), (f.severity for f in findings), lang, context_rels),
    )


def _links(kg: KnowledgeGraph, nodes: set[str], lang: str) -> list[dict[str, Any]]:
    """One vis link per graph edge inside ``nodes``; a FROM party is drawn pointing at its act."""
    out = []
    for i, (u, rel, v) in enumerate(kg.edges()):
        if u not in nodes or v not in nodes:
            continue
        ulabel = kg.label(u)
        conferring = ulabel in CONFERRING_ACTS and rel in ("FROM", "TO")
        name = role_name(ulabel, rel, lang)
        src, dst = (v, u) if rel == "FROM" else (u, v)
        out.append({
            "id": f"e{i}", "from": src, "to": dst, "label": name, "arrows": "to",
            "color": {"color": STYLES[ulabel].border if conferring else EDGE_COLOUR, "highlight": "#000000",
                      "hover": "#000000"},
            "width": 2.5 if conferring else 1, "dashes": rel in DASHED_RELS,
            "conferring": conferring, "rel": rel,
            "ekg": {"text": f"{display(kg, src)} → {display(kg, dst)}", "role": name},
        })
    return out


def _receivers(kg: KnowledgeGraph, links: list[dict[str, Any]]) -> set[str]:
    """Subjects that receive more powers (by conferring acts in view) than they give away."""
    score: Counter[str] = Counter()
    for e in links:
        if e["conferring"]:
            subject, sign = (e["to"], 1) if e["rel"] == "TO" else (e["from"], -1)
            if kg.label(subject) == "Subject":
                score[subject] += sign
    return {s for s, v in score.items() if v > 0}


def _search_text(kg: KnowledgeGraph, node: str) -> str:
    d = kg.node(node)
    parts = [node, display(kg, node), *(d.get("aliases") or ())]
    parts += [str(d[k]) for k in ("code", "number", "short_title", "ref") if d.get(k)]
    return " ".join(parts).lower()


# --- the whole dataset, one node per unit --------------------------------------------------------

def overview(
    kg: KnowledgeGraph,
    findings: list[Finding],
    lang: str,
    allowed: Callable[[str], bool],
    *,
    title: str,
    scope: str,
    as_of: str,
    hrefs: Callable[[Finding], str | None] = lambda f: None,
) -> View:
    """One node per subject with its counts; one link per (giver, receiver, kind of act) with its count."""
    t = ui(lang)
    subjects = sorted(kg.nodes("Subject"), key=lambda s: (not kg.node(s).get("township"), kg.name(s)))
    by_unit: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(findings):
        if f.unit:
            by_unit[f.unit.id].append(i)
    groups: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for label in CONFERRING_ACTS:
        for a in kg.nodes(label):
            frm, to = kg.one(a, "FROM"), kg.one(a, "TO")
            if allowed(a) and frm and to and kg.label(to) == "Subject":
                groups[(frm, to, label)].append(a)
    score: Counter[str] = Counter()
    for (frm, to, _), acts in groups.items():
        score[frm] -= len(acts)
        score[to] += len(acts)
    # departments that give (or neither give nor receive), departments that mostly receive, townships and others
    columns = {s: 2 if style_key("Subject", kg.node(s)) != "Subject" else (1 if score[s] > 0 else 0) for s in subjects}
    pos = layered(columns, [(f, to) for f, to, _ in groups], row_gap=70, col_gap=300, sub_gap=200)
    nodes = [_unit_node(kg, s, pos[s], by_unit.get(s, []), findings, lang, allowed) for s in subjects]
    edges = []
    for i, ((frm, to, label), acts) in enumerate(sorted(groups.items())):
        hit = sorted({j for j, f in enumerate(findings) if set(acts) & set(path_of(f))})
        edge = {"id": f"g{i}", "from": frm, "to": to, "arrows": "to",
                "label": t["aggregate_edge"].format(kind=kind_name(label, lang), n=len(acts)),
                "color": {"color": STYLES[label].border, "highlight": "#000000", "hover": "#000000"},
                "width": 1.5 + min(len(acts), 6) * 0.5,
                "ekg": {"text": f"{kg.name(frm)} → {kg.name(to)}", "role": kind_name(label, lang),
                        "findings": hit, "acts": sorted(kg.name(a) for a in acts)}}
        sev = worst(findings[j].severity for j in hit)
        if sev:
            flag(edge, sev)
        edges.append(edge)
    return View(
        title=title, scope=scope, lang=lang, as_of=as_of, nodes=nodes, edges=edges,
        findings=[finding_data(f, set(subjects), lang, hrefs(f)) for f in findings],
        legend=legend((style_key("Subject", kg.node(s)) for s in subjects), lang),
        edge_legend=edge_legend((lbl for _, _, lbl in groups), (f.severity for f in findings), lang),
        aggregated=True,
    )


def _unit_node(kg: KnowledgeGraph, s: str, xy: tuple[float, float], hits: list[int], findings: list[Finding],
               lang: str, allowed: Callable[[str], bool]) -> dict[str, Any]:
    t = ui(lang)
    counts = unit_counts(kg, s, allowed)
    label = wrap(short_name(kg.name(s), kg.info.region), 9) + "\n" + t["units_counts"].format(**counts)
    if hits:
        label += "\n" + t["finding_count"].format(n=len(hits))
    details = node_details(kg, s, lang, allowed)
    details["rel"] = []  # one node stands for the unit: counts instead of every neighbour
    details["rows"] = [[t[k], str(v)] for k, v in counts.items()] + details["rows"]
    item = {"id": s, "label": label, "x": xy[0], "y": xy[1], **vis_style(style_key("Subject", kg.node(s))),
            "ekg": {**details, "findings": hits, "search": _search_text(kg, s)}}
    sev = worst(findings[i].severity for i in hits)
    if sev:
        flag(item, sev)
    return item


def unit_counts(kg: KnowledgeGraph, s: str, allowed: Callable[[str], bool]) -> dict[str, int]:
    """What stands behind one unit: list items, bodies, powers given and received, staff."""
    def acts(rel: str, labels: Iterable[str]) -> int:
        return sum(1 for lbl in labels for a in kg.into(s, rel, lbl) if allowed(a))

    staffing = sorted(kg.into(s, "OF", "Staffing"), key=lambda n: kg.node(n).get("date") or "")
    latest = kg.node(staffing[-1]) if staffing else {}
    return {
        "holdings": acts("TO", ("Holding",)),
        "bodies": len(kg.into(s, "PART_OF", "Body")),
        "given": acts("FROM", CONFERRING_ACTS),
        "received": acts("TO", CONFERRING_ACTS),
        "officers": latest.get("officers", 0),
        "reviewers": latest.get("reviewers", 0),
    }
