"""Interactive HTML views of the graph and of audit findings, offline and safe (``enforcekg view`` / ``report``).

A view is scoped so that it stays readable: the whole dataset (one node per unit above
``WHOLE_DETAIL_NODES``), a neighbourhood (``focus`` + ``depth``), the evidence behind one rule's findings, or one
finding's evidence path.  A view above ``max_nodes`` is refused with advice.  Acts not in effect on the
audit date are left out.

>>> from enforcekg.graph import KnowledgeGraph
>>> from enforcekg.audit import run_audit
>>> kg = KnowledgeGraph()
>>> _ = kg.add_node("Subject", "s1", name="水利局", kind="政府部门", admin_organ=True)
>>> view = build_view(kg, run_audit(kg, as_of="2023-12-31"))
>>> [n["id"] for n in view.nodes], view.aggregated
(['s1'], False)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..audit import AuditReport
from ..findings import Finding
from ..graph import KnowledgeGraph
from . import scope as sc
from .model import View, graph_view, overview
from .page import render
from .scope import ViewError
from .style import ui

DEFAULT_MAX_NODES = 250
DEFAULT_DEPTH = 2
#: the whole dataset is drawn node by node only up to this size (a screen of labels); above, one node per unit
WHOLE_DETAIL_NODES = 120

__all__ = ["DEFAULT_DEPTH", "DEFAULT_MAX_NODES", "WHOLE_DETAIL_NODES", "Scope", "View", "ViewError", "build_view", "find_finding",
           "render", "write_view"]


@dataclass(frozen=True)
class Scope:
    """What to draw: at most one of ``focus``, ``rule`` and ``finding``; nothing means the whole dataset."""

    focus: str | None = None
    depth: int = DEFAULT_DEPTH
    rule: str | None = None
    finding: str | None = None


def build_view(
    kg: KnowledgeGraph,
    report: AuditReport,
    scope: Scope = Scope(),
    *,
    lang: str = "zh",
    max_nodes: int = DEFAULT_MAX_NODES,
    hrefs: Callable[[Finding], str | None] = lambda f: None,
) -> View:
    """Select, lay out and describe the nodes of one view; raise :class:`ViewError` when it cannot be readable."""
    t = ui(lang)
    allowed = sc.in_effect_on(kg, report.as_of)
    common = {"title": kg.info.title or kg.info.name, "as_of": report.as_of, "hrefs": hrefs}
    if scope.finding:
        f = find_finding(report, scope.finding)
        nodes = sc.evidence(kg, f, allowed)
        view = graph_view(kg, nodes, [f], lang, allowed, scope=t["one_finding"].format(id=f.id), **common)
        view.banner = True
        return _checked(view, max_nodes)
    if scope.rule:
        from ..rules import get_rule

        try:
            rule = get_rule(scope.rule)
        except KeyError:
            raise ViewError(f"没有规则 {scope.rule}（用 enforcekg rules 查看）", f"no rule {scope.rule} (see enforcekg rules)") from None
        findings = [f for f in report.findings if f.rule == rule.id]
        nodes = sc.union(kg, findings, allowed)
        _limit(len(nodes), max_nodes,
               f"规则 {rule.id} 的 {len(findings)} 个问题涉及 {len(nodes)} 个节点，超过上限 {max_nodes}：请用 --finding 逐个查看，或用 --max-nodes 提高上限。",
               f"the {len(findings)} findings of rule {rule.id} involve {len(nodes)} nodes, above the limit of {max_nodes}: view them one by one with --finding, or raise --max-nodes.")
        view = graph_view(kg, nodes, findings, lang, allowed, scope=t["rule"].format(rule=rule.id) + " " + rule.title(lang), **common)
        if not findings:
            view.notice = t["no_findings"]
        return view
    if scope.focus:
        if scope.depth < 0:
            raise ViewError("--depth 不能为负数", "--depth cannot be negative")
        start = sc.resolve(kg, scope.focus)
        nodes = sc.focus(kg, start, scope.depth, allowed) | {start}
        _limit(len(nodes), max_nodes,
               f"以“{kg.name(start)}”为中心 {scope.depth} 层有 {len(nodes)} 个节点，超过上限 {max_nodes}：请减小 --depth，或用 --max-nodes 提高上限。",
               f"{len(nodes)} nodes lie within {scope.depth} hops of '{kg.name(start)}', above the limit of {max_nodes}: lower --depth, or raise --max-nodes.")
        findings = [f for f in report.findings if sc.path_of(f)[0] in nodes]  # the finding's own subject is drawn
        return graph_view(kg, nodes, findings, lang, allowed,
                          scope=t["focus"].format(name=kg.name(start), depth=scope.depth), **common)
    return _whole(kg, report, lang, allowed, max_nodes, common)


def _whole(kg: KnowledgeGraph, report: AuditReport, lang: str, allowed: Callable[[str], bool], max_nodes: int,
           common: dict) -> View:
    t = ui(lang)
    nodes = sc.whole(kg, allowed)
    detail = min(WHOLE_DETAIL_NODES, max_nodes)
    if len(nodes) <= detail:
        return graph_view(kg, nodes, report.findings, lang, allowed, scope=t["whole"], **common)
    units = sum(1 for _ in kg.nodes("Subject"))
    _limit(units, max_nodes,
           f"数据集有 {units} 个单位，即使按单位汇总也超过上限 {max_nodes}：请用 --focus 单位或乡镇名称、--rule 或 --finding 查看一部分。",
           f"the dataset has {units} units, above the limit of {max_nodes} even one node per unit: view a part with --focus, --rule or --finding.")
    view = overview(kg, report.findings, lang, allowed, scope=t["overview"], **common)
    view.notice = (f"数据集共有 {len(nodes)} 个节点，超过 {detail} 个，逐个画出将无法阅读，因此每个单位画成一个节点并标出数量。"
                   f"点击单位查看统计；用 --focus 单位名称 查看某个单位的详细关系，用 --finding 问题编号 查看一个问题的证据。"
                   if lang != "en" else
                   f"The dataset has {len(nodes)} nodes, more than {detail}: drawn one node per unit, with counts. "
                   f"Click a unit for its figures; use --focus NAME for one unit's relations, --finding ID for one finding's evidence.")
    return view


def find_finding(report: AuditReport, fid: str) -> Finding:
    """The finding with this id (case-insensitive), or a :class:`ViewError` saying where ids are listed."""
    for f in report.findings:
        if f.id.lower() == fid.strip().lower():
            return f
    raise ViewError(f"没有问题 {fid}（基准日 {report.as_of}）：问题编号见 enforcekg audit 的输出",
                    f"no finding {fid} (as of {report.as_of}): finding ids are listed by enforcekg audit")


def _limit(count: int, limit: int, zh: str, en: str) -> None:
    if count > limit:
        raise ViewError(zh, en)


def _checked(view: View, max_nodes: int) -> View:
    _limit(len(view.nodes), max_nodes,
           f"该视图有 {len(view.nodes)} 个节点，超过上限 {max_nodes}：请用 --max-nodes 提高上限。",
           f"this view has {len(view.nodes)} nodes, above the limit of {max_nodes}: raise --max-nodes.")
    return view


def write_view(view: View, path: Path) -> Path:
    """Write the page of ``view`` to ``path`` (folders created) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(view), encoding="utf-8")
    return path
