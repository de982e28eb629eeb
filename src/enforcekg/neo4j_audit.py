"""Run the rules' Cypher (``queries/EKG0NN_<slug>.cypher``) on a Neo4j/Bolt server and build findings.

Every rule query returns the same five columns, the fields of :class:`enforcekg.rules.base.Hit`:

    rule      the rule id ('EKG001')
    subject   the id of the node the finding is about
    related   the ids of the related nodes, in the order of the rule's ``related_types``
    unit      the responsible unit's id, or null
    township  the township subject's id, or null

The properties of every node those ids name are then fetched from the server into a small
:class:`~enforcekg.graph.KnowledgeGraph`, and :func:`enforcekg.audit.make_finding` renders each finding
exactly as the in-process audit does: same id, same message, same legal basis.  The result is an
:class:`~enforcekg.audit.AuditReport`, printed by :mod:`enforcekg.render` in every format.

What differs from ``enforcekg audit``: the tallies' ``checked`` counts (the population each rule
examined) are not computed on the server and stay 0, and a finding's evidence holds the path and the
sources but not the check's extra notes (such as the bases it cited).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .audit import AuditReport, bump_tally, make_finding, select_rules, sort_findings
from .cypher_lint import declared_parameters
from .explain import query_path
from .findings import Finding, RuleTally
from .graph import DatasetInfo, KnowledgeGraph
from .neo4j_io import run_query
from .rules import Hit, Rule
from .schema import NODE_TYPES

#: the columns every rule query returns, in this order
RULE_COLUMNS = ("rule", "subject", "related", "unit", "township")

#: ids fetched per query when collecting node properties
FETCH_BATCH = 1000

FETCH_NODES = """MATCH (n)
WHERE n.id IN $ids
RETURN n.id AS id, labels(n) AS labels, n AS props"""


class RuleQueryError(ValueError):
    """A rule's Cypher file is missing or returns something that cannot be a finding."""


def rule_query(rule: Rule) -> str:
    """The text of the rule's Cypher file (``enforcekg.explain.query_path``)."""
    path = query_path(rule)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleQueryError(f"{rule.id}: no Cypher file at {path}") from None


def query_parameters(text: str, as_of: str, params: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """``$asOf`` plus the parameters the query declares (``// @param name``), taken from ``params``
    (a declared parameter that is not given is passed as null)."""
    given = dict(params or {})
    return {"asOf": as_of, **{name: given.get(name) for name in declared_parameters(text)}}


def rows_to_hits(rule: Rule, rows: Iterable[Mapping[str, Any]], source: str | Path = "") -> list[Hit]:
    """Check the rows a rule query returned and turn them into hits (duplicates dropped)."""
    where = f"{rule.id} ({source})" if source else rule.id
    hits: dict[tuple[str, ...], Hit] = {}
    for row in rows:
        if tuple(row) != RULE_COLUMNS:
            raise RuleQueryError(f"{where}: the query returns columns {list(row)}, expected {list(RULE_COLUMNS)}")
        if row["rule"] != rule.id:
            raise RuleQueryError(f"{where}: a row names rule {row['rule']!r}")
        related = row["related"]
        if not isinstance(row["subject"], str) or not isinstance(related, list) or not all(isinstance(r, str) for r in related):
            raise RuleQueryError(f"{where}: subject must be an id and related a list of ids, got {row!r}")
        hit = Hit(row["subject"], tuple(related), unit=row["unit"], township=row["township"])
        hits.setdefault((hit.subject, *hit.related), hit)
    return list(hits.values())


def run_rule(driver: Any, database: str | None, rule: Rule, as_of: str,
             params: Mapping[str, Any] | None = None, lang: str = "zh") -> list[Hit]:
    """Run one rule's Cypher file on the server and return its hits."""
    text = rule_query(rule)
    rows = run_query(driver, database, text, query_parameters(text, as_of, params), lang=lang)
    return rows_to_hits(rule, rows, query_path(rule).name)


def _primary_label(labels: Iterable[str]) -> str | None:
    """The node's own label among its labels (``Delegation`` of ``Act:Delegation``)."""
    return next((lbl for lbl in labels if lbl in NODE_TYPES), None)


def fetch_graph(driver: Any, database: str | None, ids: Iterable[str], lang: str = "zh") -> KnowledgeGraph:
    """A graph holding the nodes with the given ids and their stored properties (no relationships)."""
    wanted = sorted(set(ids))
    kg = KnowledgeGraph()
    for start in range(0, len(wanted), FETCH_BATCH):
        batch = wanted[start : start + FETCH_BATCH]
        for row in run_query(driver, database, FETCH_NODES, {"ids": batch}, lang=lang):
            label = _primary_label(row["labels"])
            if label is None:
                continue
            declared = {p.name for p in NODE_TYPES[label].props} - {"id"}
            kg.add_node(label, row["id"], **{k: v for k, v in row["props"].items() if k in declared})
    missing = [i for i in wanted if i not in kg]
    if missing:
        raise RuleQueryError(f"nodes named by the rule queries are not on the server (or have no enforcekg label): {missing[:10]}")
    return kg


def _hit_ids(hits: Iterable[Hit]) -> set[str]:
    return {n for h in hits for n in (h.subject, *h.related, h.unit, h.township) if n is not None}


def report_info(source: str, lang: str) -> dict[str, Any]:
    """``AuditReport.info`` for a server audit: where the graph came from and what ``checked`` means."""
    note = ("Findings from the rules' Cypher queries on the server; the 'checked' counts are not computed there (0)."
            if lang == "en" else "由服务器上运行各规则的 Cypher 查询得出；“检查”数未在服务器上计算，显示为 0。")
    return {"name": source, "title": source, "region": None, "note": note, "engine": "cypher"}


def audit_server(
    driver: Any,
    database: str | None,
    as_of: str,
    rules: Iterable[str] | None = None,
    lang: str = "zh",
    params: Mapping[str, Any] | None = None,
    source: str = "neo4j",
    registry=None,
) -> AuditReport:
    """Run the selected rules' Cypher (default: all) on the server as of ``as_of``; return the report.

    ``params`` supplies the extra parameters some queries declare (``province`` for EKG023).  Server
    errors raise :class:`enforcekg.neo4j_io.Neo4jIOError`; a broken query file raises
    :class:`RuleQueryError`.
    """
    if registry is None:
        from .legal.registry import Registry

        registry = Registry.load_default()
    selected = select_rules(rules)
    hits = {rule.id: run_rule(driver, database, rule, as_of, params, lang) for rule in selected}
    kg = fetch_graph(driver, database, _hit_ids(h for rule_hits in hits.values() for h in rule_hits), lang)
    kg.info = DatasetInfo(name=source)
    findings: list[Finding] = []
    tallies: list[RuleTally] = []
    for rule in selected:
        tally = RuleTally(rule.id, rule.title(lang), rule.severity)
        for hit in hits[rule.id]:
            findings.append(make_finding(rule, kg, hit, as_of, lang, registry))
            tally.found += 1
            bump_tally(tally, kg, hit, 0)
        tallies.append(tally)
    return AuditReport(dataset=source, as_of=as_of, lang=lang, findings=sort_findings(findings), tallies=tallies,
                       rules_run=[r.id for r in selected], info=report_info(source, lang))


__all__ = [
    "FETCH_NODES",
    "RULE_COLUMNS",
    "RuleQueryError",
    "audit_server",
    "fetch_graph",
    "query_parameters",
    "rows_to_hits",
    "rule_query",
    "run_rule",
]
