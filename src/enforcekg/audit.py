"""Run rules over a graph and turn their hits into findings with roll-ups.

>>> from enforcekg.graph import KnowledgeGraph
>>> report = run_audit(KnowledgeGraph(), as_of="2023-12-31")
>>> report.findings, report.as_of
([], '2023-12-31')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .findings import SEVERITIES, Finding, NodeRef, RuleTally, severity_counts
from .graph import KnowledgeGraph
from .rules import REGISTRY, AuditContext, Hit, Rule
from .rules.law import render


@dataclass
class AuditReport:
    dataset: str
    as_of: str
    lang: str
    findings: list[Finding]
    tallies: list[RuleTally]
    rules_run: list[str]
    info: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        by_unit: dict[str, dict[str, int]] = {}
        for f in self.findings:
            if f.unit:
                by_unit.setdefault(f.unit.name, {}).setdefault(f.rule, 0)
                by_unit[f.unit.name][f.rule] += 1
        return {
            "dataset": self.dataset,
            "as_of": self.as_of,
            "rules_run": len(self.rules_run),
            "total": len(self.findings),
            "by_severity": severity_counts(self.findings),
            "by_rule": [t.as_dict() for t in self.tallies],
            "by_unit": by_unit,
        }

    def as_dict(self) -> dict[str, Any]:
        return {"findings": [f.as_dict() for f in self.findings], "summary": self.summary(), "dataset": self.info}


def default_as_of(kg: KnowledgeGraph) -> str:
    """The audit date the dataset declares, else today."""
    return kg.info.audit_date or dt.date.today().isoformat()


def node_ref(kg: KnowledgeGraph, node_id: str | None) -> NodeRef | None:
    if node_id is None or node_id not in kg:
        return None
    return NodeRef(node_id, kg.label(node_id), kg.name(node_id))


def props(kg: KnowledgeGraph, node_id: str) -> dict[str, Any]:
    d = dict(kg.node(node_id))
    d.setdefault("name", kg.name(node_id))
    return d


def law_date(subject_props: dict[str, Any]) -> str | None:
    """The date whose text of the law applies to a finding: the act's date or the letter's signing date."""
    return subject_props.get("date") or subject_props.get("signed")


def make_finding(rule: Rule, kg: KnowledgeGraph, hit: Hit, as_of: str, lang: str, registry) -> Finding:
    s = props(kg, hit.subject)
    rel = [props(kg, r) for r in hit.related]
    on = law_date(s) or as_of
    evidence: dict[str, Any] = {
        "path": [hit.subject, *hit.related],
        "sources": sorted({src for n in (hit.subject, *hit.related) for src in kg.node(n).get("sources", [])}),
        "as_of": as_of,
        **hit.evidence,
    }
    return Finding(
        rule=rule.id,
        slug=rule.slug,
        severity=rule.severity,
        subject=node_ref(kg, hit.subject),
        related=tuple(node_ref(kg, r) for r in hit.related),
        message=rule.message(s, rel, as_of, lang),
        legal_basis=tuple(render(ref, registry, on, lang) for ref in rule.legal_refs),
        evidence=evidence,
        unit=node_ref(kg, hit.unit),
        township=node_ref(kg, hit.township),
    )


def select_rules(ids: Iterable[str] | None) -> list[Rule]:
    from .rules import get_rule

    if not ids:
        return list(REGISTRY.values())
    return [get_rule(i) for i in ids]


def run_audit(
    kg: KnowledgeGraph,
    as_of: str | None = None,
    rules: Iterable[str] | None = None,
    lang: str = "zh",
    registry=None,
    hits: Callable[[Rule, AuditContext], Iterable[Hit]] | None = None,
) -> AuditReport:
    """Run the selected rules (default: all) as of a date and return findings with roll-ups.

    ``hits`` says where a rule's hits come from (default: its Python check); another engine (SHACL)
    passes its own, so that findings, tallies and ordering are built exactly as here.
    """
    if registry is None:
        from .legal.registry import Registry

        registry = Registry.load_default()
    as_of = as_of or default_as_of(kg)
    ctx = AuditContext(kg, as_of, registry)
    findings: list[Finding] = []
    tallies: list[RuleTally] = []
    selected = select_rules(rules)
    for rule in selected:
        found = hits(rule, ctx) if hits else rule.check(ctx)
        unique = {h.subject + "\x1f" + "\x1f".join(h.related): h for h in found}
        tally = RuleTally(rule.id, rule.title(lang), rule.severity)
        for h in rule.population(ctx):
            tally.checked += 1
            bump_tally(tally, kg, h, 1)
        for h in unique.values():
            findings.append(make_finding(rule, kg, h, as_of, lang, registry))
            tally.found += 1
            bump_tally(tally, kg, h, 0)
        tallies.append(tally)
    return AuditReport(
        dataset=kg.info.name, as_of=as_of, lang=lang, findings=sort_findings(findings), tallies=tallies,
        rules_run=[r.id for r in selected],
        info={"name": kg.info.name, "title": kg.info.title, "region": kg.info.region, "note": kg.info.note},
    )


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Findings in report order: severity, rule, unit, subject, id (every engine uses this order)."""
    return sorted(findings, key=lambda f: (SEVERITIES.index(f.severity), f.rule, f.unit.name if f.unit else "", f.subject.name, f.id))


def bump_tally(tally: RuleTally, kg: KnowledgeGraph, hit: Hit, idx: int) -> None:
    for attr, target in (("unit", tally.by_unit), ("township", tally.by_township)):
        node = getattr(hit, attr)
        if node and node in kg:
            target.setdefault(kg.name(node), [0, 0])[idx] += 1
