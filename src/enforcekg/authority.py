"""Date-aware questions about who holds what, answered from the dated acts in the graph.

The same definitions are written in Cypher in ``queries/`` (see ``queries/README.md``):

* a subject **holds** a power on a date when it lists it (a ``Holding`` not marked 已划出) and no
  ``Transfer`` or ``Centralisation`` *from* it concerning that power took effect on or before the date;
  or when a ``Transfer``/``Centralisation`` *to* it took effect on or before the date;
* an act is **in effect** on a date when its date is empty or not later, and its status is not ended.
"""

from __future__ import annotations

from .graph import KnowledgeGraph

ENDED_STATUSES = frozenset({"已终止", "已撤销", "已废止", "终止", "撤销", "失效", "已失效"})
MOVED_OUT = frozenset({"已划出", "划出", "已取消", "取消", "已下放"})
MOVING_ACTS = ("Transfer", "Centralisation")


def on_or_before(date: str | None, as_of: str) -> bool:
    """An undated act counts as already in effect."""
    return date is None or date <= as_of


class AuthorityIndex:
    """Who lists what, and when powers moved: built once per graph version, O(1) look-ups."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.version = kg.version
        self.listed: set[tuple[str, str]] = set()
        self.moved_from: dict[tuple[str, str], list[str | None]] = {}
        self.moved_to: dict[tuple[str, str], list[str | None]] = {}
        for h in kg.nodes("Holding"):
            subj, power = kg.one(h, "TO"), kg.one(h, "CONCERNS")
            if subj and power and kg.node(h).get("status") not in MOVED_OUT:
                self.listed.add((subj, power))
        for lbl in MOVING_ACTS:
            for a in kg.nodes(lbl):
                date = kg.node(a).get("date")
                for power in kg.out(a, "CONCERNS"):
                    for s in kg.out(a, "FROM"):
                        self.moved_from.setdefault((s, power), []).append(date)
                    for s in kg.out(a, "TO"):
                        self.moved_to.setdefault((s, power), []).append(date)

    @classmethod
    def of(cls, kg: KnowledgeGraph) -> AuthorityIndex:
        idx = getattr(kg, "_authority_index", None)
        if idx is None or idx.version != kg.version:
            idx = cls(kg)
            kg._authority_index = idx
        return idx


def holds(kg: KnowledgeGraph, subject: str, power: str, on: str) -> bool:
    """Whether ``subject`` holds ``power`` on the ISO date ``on``."""
    idx = AuthorityIndex.of(kg)
    key = (subject, power)
    moved_away = any(on_or_before(d, on) for d in idx.moved_from.get(key, ()))
    moved_in = any(on_or_before(d, on) for d in idx.moved_to.get(key, ()))
    return (key in idx.listed and not moved_away) or moved_in


def has_power_list(kg: KnowledgeGraph, subject: str) -> bool:
    return bool(kg.into(subject, "TO", "Holding"))


def in_effect(kg: KnowledgeGraph, act: str, on: str) -> bool:
    d = kg.node(act)
    return on_or_before(d.get("date"), on) and d.get("status") not in ENDED_STATUSES


def township_of(kg: KnowledgeGraph, node: str) -> str | None:
    """The township subject a subject or body belongs to, if any."""
    if kg.label(node) == "Body":
        node = kg.one(node, "PART_OF") or node
    if kg.label(node) == "Subject" and kg.node(node).get("township"):
        return node
    return None
