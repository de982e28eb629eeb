"""Which nodes a view shows: a neighbourhood, one finding's evidence, one rule's findings, or everything.

Every selector returns a set of node ids of the :class:`~enforcekg.graph.KnowledgeGraph`.  Acts that are
not in effect on the view's date are left out (``allowed``), except the nodes a finding names as its
evidence: evidence is never hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..authority import in_effect
from ..findings import Finding
from ..graph import KnowledgeGraph
from ..schema import ACT_LABELS

#: nodes many records point at; a neighbourhood reaches them but does not spread through them
HUBS = frozenset({"Jurisdiction", "Instrument", "Provision"})
#: what an act is linked to, shown with it as its context
ACT_OUT = ("FROM", "TO", "CONCERNS", "BASED_ON", "RECORDED_IN")
#: labels tried, in this order, when a focus name matches several nodes
FOCUS_PREFERENCE = ("Subject", "Jurisdiction", "Body", "Power", "Letter", "Instrument")


class ViewError(Exception):
    """A view that cannot be drawn as asked, with advice in Chinese and English."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en

    def message(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


def is_act(kg: KnowledgeGraph, node: str) -> bool:
    return kg.label(node) in ACT_LABELS


def in_effect_on(kg: KnowledgeGraph, as_of: str | None) -> Callable[[str], bool]:
    """A predicate: the node is not an act, or the act is in effect on ``as_of`` (always true without a date)."""
    if as_of is None:
        return lambda n: True
    return lambda n: not is_act(kg, n) or in_effect(kg, n, as_of)


def neighbours(kg: KnowledgeGraph, node: str) -> set[str]:
    return set(kg.g.successors(node)) | set(kg.g.predecessors(node))


def resolve(kg: KnowledgeGraph, query: str) -> str:
    """The node a user means by an id, a name, an alias or a unique part of a name."""
    q = query.strip()
    if q in kg:
        return q
    exact = [n for n in kg.nodes() if q == kg.name(n) or q in (kg.node(n).get("aliases") or ())]
    found = exact or [n for n in kg.nodes() if not is_act(kg, n) and q and q in kg.name(n)]
    for label in FOCUS_PREFERENCE:
        of_label = [n for n in found if kg.label(n) == label]
        if len(of_label) == 1:
            return of_label[0]
        if of_label:
            return _ambiguous(kg, query, of_label)
    if found:
        return _ambiguous(kg, query, found)
    raise ViewError(f"找不到“{query}”：请写单位、乡镇、机构或事项的名称或编号（可用 enforcekg stats 查看单位名称）",
                    f"nothing named '{query}': give the name or id of a unit, township, body or power (see enforcekg stats)")


def _ambiguous(kg: KnowledgeGraph, query: str, nodes: list[str]) -> str:
    shown = "；".join(f"{kg.name(n)}（{n}）" for n in sorted(nodes)[:10])
    more = f" …（共 {len(nodes)} 个）" if len(nodes) > 10 else ""
    raise ViewError(f"“{query}”对应多个对象：{shown}{more}。请写完整名称或编号。",
                    f"'{query}' matches several nodes: {shown}{more}. Give the full name or the id.")


def focus(kg: KnowledgeGraph, start: str, depth: int, allowed: Callable[[str], bool]) -> set[str]:
    """The nodes within ``depth`` hops of ``start`` (either direction), not spreading through hubs.

    A township-level area counts its own subjects as the centre, so a township can be named by its area.
    """
    centre = {start}
    if kg.label(start) == "Jurisdiction":
        centre |= set(kg.into(start, "LOCATED_IN"))
    seen = set(centre)
    frontier = set(centre)
    for _ in range(depth):
        nxt = set()
        for n in frontier:
            if kg.label(n) in HUBS and n not in centre:
                continue
            nxt |= {m for m in neighbours(kg, n) if m not in seen and allowed(m)}
        seen |= nxt
        frontier = nxt
    return seen


def evidence(kg: KnowledgeGraph, finding: Finding, allowed: Callable[[str], bool], *, context: bool = True) -> set[str]:
    """A finding's evidence path with what a reader needs to judge it.

    The path itself and the acts on it; with ``context`` (or when the path names no act), also every act
    linking two of its nodes (a transfer that moved the power away, the delegations a letter records ...)
    and, when the path names powers, concerning one of them.  Each act comes with its parties, powers,
    cited provisions (labelled with their instrument) and documents; a body or a staffing record with
    the subject it belongs to.
    """
    path = [n for n in path_of(finding) if n in kg]
    on_path = set(path)
    acts = {n for n in path if is_act(kg, n)}
    if context or not acts:
        acts |= _linking_acts(kg, on_path, allowed)
    nodes = on_path | acts
    for a in acts:
        for rel in ACT_OUT:
            nodes.update(kg.out(a, rel))
    for n in list(nodes):
        label = kg.label(n)
        if label == "Body":
            nodes.update(kg.out(n, "PART_OF"))
        elif label == "Staffing":
            nodes.update(kg.out(n, "OF"))
    return nodes


def _linking_acts(kg: KnowledgeGraph, on_path: set[str], allowed: Callable[[str], bool]) -> set[str]:
    powers = {n for n in on_path if kg.label(n) == "Power"}
    return {a for n in on_path for a in neighbours(kg, n)
            if is_act(kg, a) and allowed(a) and len(neighbours(kg, a) & on_path) >= 2 and _same_power(kg, a, powers)}


def _same_power(kg: KnowledgeGraph, act: str, powers: set[str]) -> bool:
    """When the evidence names powers, an act about other powers is not context for it."""
    return not powers or bool(powers & set(kg.out(act, "CONCERNS")))


def path_of(finding: Finding) -> list[str]:
    """The ids a finding names as its evidence (subject first)."""
    return list(finding.evidence.get("path") or (finding.subject.id, *(r.id for r in finding.related)))


def union(kg: KnowledgeGraph, findings: Iterable[Finding], allowed: Callable[[str], bool]) -> set[str]:
    """The evidence of several findings, each without the wider context (that is on each finding's own view)."""
    out: set[str] = set()
    for f in findings:
        out |= evidence(kg, f, allowed, context=False)
    return out


def whole(kg: KnowledgeGraph, allowed: Callable[[str], bool]) -> set[str]:
    return {n for n in kg.nodes() if allowed(n)}
