"""What a reader sees on hover and click: a node's properties and relations, in Chinese or English.

Property names come from the schema (``Prop.zh`` / ``Prop.en``); relations are named by the role the
party plays (委托方, 承办机构 …); a cited provision is shown with its instrument, ``《标题》第二十条第一款``.
Everything here is plain text: the page puts it into the document with ``textContent`` only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..graph import KnowledgeGraph
from ..schema import ACT_LABELS, NODE_TYPES
from .style import edge_name, kind_name, role_name, style_key

#: properties not listed as rows (shown elsewhere or internal)
HIDDEN_PROPS = frozenset({"id", "name", "title", "sources", "level_rank", "kind", "resolved"})
MAX_LISTED = 8
MAX_SOURCES = 6


def display(kg: KnowledgeGraph, node: str) -> str:
    """A node as a reader recognises it: a provision with its instrument, a letter with its number."""
    d = kg.node(node)
    label = d["label"]
    if label == "Provision":
        inst = kg.one(node, "PART_OF")
        title = kg.node(inst).get("title") if inst else None
        return f"《{title}》{d.get('ref', '')}" if title else d.get("ref") or node
    if label == "Instrument":
        number = d.get("number")
        return f"《{d.get('title')}》" + (f"（{number}）" if number else "")
    if label == "Letter":
        title = d.get("title")
        return f"{d.get('number')}" + (f"（{title}）" if title else "")
    if label == "Staffing":
        return f"{kg.name(kg.one(node, 'OF') or node)} {d.get('date') or ''}".strip()
    return kg.name(node)


def value_text(value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return ("yes" if value else "no") if lang == "en" else ("是" if value else "否")
    if isinstance(value, (list, tuple)):
        return (", " if lang == "en" else "、").join(map(str, value))
    return str(value)


def node_details(kg: KnowledgeGraph, node: str, lang: str, allowed: Callable[[str], bool]) -> dict[str, Any]:
    """``{"kind", "name", "rows": [[label, text]], "rel": [[label, [texts], total]], "sources": [...]}``."""
    d = kg.node(node)
    label = d["label"]
    rows = [[_prop_name(label, p.name, lang), value_text(d[p.name], lang)]
            for p in NODE_TYPES[label].props if p.name not in HIDDEN_PROPS and d.get(p.name) not in (None, "", [])]
    if label in ("Subject", "Body") and d.get("kind"):
        rows.insert(0, [_prop_name(label, "kind", lang), d["kind"]])
    rows.append([_prop_name(label, "id", lang), node])
    return {
        "kind": kind_name(style_key(label, d), lang),
        "name": display(kg, node),
        "rows": rows,
        "rel": relations(kg, node, lang, allowed),
        "sources": list(d.get("sources", []))[:MAX_SOURCES],
        "more_sources": max(0, len(d.get("sources", [])) - MAX_SOURCES),
    }


def _prop_name(label: str, prop: str, lang: str) -> str:
    p = NODE_TYPES[label].prop(prop)
    return p.en if lang == "en" else p.zh


def relations(kg: KnowledgeGraph, node: str, lang: str, allowed: Callable[[str], bool]) -> list[list[Any]]:
    """Neighbours grouped by the role they play, at most ``MAX_LISTED`` named per group."""
    label = kg.label(node)
    groups: dict[str, list[str]] = {}
    for _, target, rel in kg.g.out_edges(node, keys=True):
        if allowed(target):
            name = role_name(label, rel, lang) if label in ACT_LABELS else edge_name(rel, lang)
            groups.setdefault(name, []).append(display(kg, target))
    for source, _, rel in kg.g.in_edges(node, keys=True):
        if allowed(source):
            groups.setdefault(_incoming_name(kg, source, rel, lang), []).append(display(kg, source))
    return [[name, sorted(items)[:MAX_LISTED], len(items)] for name, items in groups.items()]


def _incoming_name(kg: KnowledgeGraph, source: str, rel: str, lang: str) -> str:
    """How a node is linked from ``source``: "委托（受委托方）", "内设/下属机构（隶属）" …"""
    src_label = kg.label(source)
    if src_label in ACT_LABELS:
        return paren(kind_name(src_label, lang), role_name(src_label, rel, lang), lang)
    return paren(kind_name(style_key(src_label, kg.node(source)), lang), edge_name(rel, lang), lang)


def paren(text: str, note: str, lang: str) -> str:
    return f"{text} ({note})" if lang == "en" else f"{text}（{note}）"
