"""Audit a dataset with the SHACL shapes (``ontology/shapes.ttl``) through pySHACL.

The data graph pySHACL validates is the RDF projection (:func:`enforcekg.rdf.to_rdf`) plus the ontology
(code lists) plus one ``ekg:AuditContext`` node (:func:`context_graph`) holding the audit date and the rule
parameters, taken from the Python rule code so the shapes never repeat a constant.

pySHACL decides which subjects violate which rule shape.  A SHACL result carries only the focus node and
one value, so the finding's related nodes are read from the same constraint's SELECT, run again for the
flagged focus node (its projected ``?r0 ?r1 …``, ``?unit``, ``?township``).  The hits then go through
:func:`enforcekg.audit.run_audit`, so a SHACL finding has the same id, message, legal basis and roll-ups
as the Python finding for the same defect.  Results of the structural shapes are returned separately.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from .audit import AuditReport, default_as_of, run_audit
from .authority import ENDED_STATUSES, MOVED_OUT, MOVING_ACTS
from .graph import KnowledgeGraph
from .legal.registry import STATUTORY_LEVELS
from .rdf import (
    CONTEXT_CLASS,
    CONTEXT_TERMS,
    EKG,
    EKGSH,
    ID_BASE,
    concept_iri,
    load_ontology,
    load_shapes,
    to_rdf,
)
from .rules import REGISTRY, AuditContext, Hit, Rule
from .rules.base import RULE_ID
from .rules.common import (
    AMBIGUOUS_PARTY,
    COMPULSORY_MEASURES,
    CREATING_LEVELS,
    GOVERNMENT_WORDS,
    INELIGIBLE_KINDS,
    LAW_CREATED,
    LAW_OR_REGULATION,
    PENALTY,
    PENALTY_LAW_2021,
    STATION_KINDS,
)
from .rules.delegation import OWN_NAME_WORDS as OWN_NAME_WORDS
from .rules.organisation import NOT_OWN_SOURCES as NOT_OWN_SOURCES

SEVERITY = {SH.Violation: "error", SH.Warning: "warning", SH.Info: "info"}
#: related-node variables of a rule constraint, in the order of the rule's ``related_types``
RELATED_VARS = tuple(f"r{i}" for i in range(10))


def context_values(as_of: str) -> dict[str, list]:
    """The ``ekg:AuditContext`` properties and their values, from the rule code."""
    def concepts(scheme: str, values: Iterable[str]) -> list[URIRef]:
        return [concept_iri(scheme, v) for v in sorted(values)]

    return {
        "asOf": [Literal(as_of, datatype=XSD.date)],
        "penaltyLawRevision": [Literal(PENALTY_LAW_2021, datatype=XSD.date)],
        "endedStatus": [Literal(s) for s in sorted(ENDED_STATUSES)],
        "movedOutStatus": [Literal(s) for s in sorted(MOVED_OUT)],
        "movingActClass": [EKG[label] for label in MOVING_ACTS],
        "ambiguousPartyWord": [Literal(w) for w in AMBIGUOUS_PARTY],
        "ownNameWord": [Literal(w) for w in OWN_NAME_WORDS],
        "notOwnSource": [Literal(s) for s in NOT_OWN_SOURCES],
        "governmentWord": [Literal(w) for w in GOVERNMENT_WORDS],
        "penaltyCategory": concepts("power-category", PENALTY),
        "compulsoryMeasureCategory": concepts("power-category", COMPULSORY_MEASURES),
        "lawCreatedCategory": concepts("power-category", LAW_CREATED),
        "statutoryLevel": concepts("instrument-level", STATUTORY_LEVELS),
        "lawOrRegulationLevel": concepts("instrument-level", LAW_OR_REGULATION),
        "ineligibleKind": concepts("subject-kind", INELIGIBLE_KINDS),
        "stationKind": concepts("body-kind", STATION_KINDS),
    }


def context_graph(as_of: str) -> Graph:
    """The one ``ekg:AuditContext`` node the rule shapes read the date and parameters from, and which
    instrument levels may create which power categories (``ekg:creatableBy`` between code-list concepts)."""
    values = context_values(as_of)
    if set(values) != set(CONTEXT_TERMS):
        raise ValueError(f"context values {sorted(values)} do not match rdf.CONTEXT_TERMS {sorted(CONTEXT_TERMS)}")
    g = Graph()
    ctx = URIRef(f"{ID_BASE}{CONTEXT_CLASS[0]}/{as_of}")
    g.add((ctx, RDF.type, EKG[CONTEXT_CLASS[0]]))
    for name, objs in values.items():
        for o in objs:
            g.add((ctx, EKG[name], o))
    for cat, levels in CREATING_LEVELS.items():
        for level in levels:
            g.add((concept_iri("power-category", cat), EKG.creatableBy, concept_iri("instrument-level", level)))
    return g


@dataclass(frozen=True)
class ShaclResult:
    """One pySHACL validation result."""

    shape: URIRef
    focus: URIRef
    value: object
    severity: str
    path: object
    component: object
    constraint: object
    messages: tuple[str, ...]

    @property
    def rule(self) -> str | None:
        """The rule id when the result comes from a rule shape (``ekgsh:EKG0NN``)."""
        local = str(self.shape).removeprefix(str(EKGSH))
        return local if RULE_ID.match(local) else None


@dataclass
class ShaclRun:
    conforms: bool
    results: list[ShaclResult]
    graph: Graph  # the data graph as validated (data + ontology + context)
    shapes: Graph

    @property
    def rule_results(self) -> list[ShaclResult]:
        return [r for r in self.results if r.rule]

    @property
    def structural(self) -> list[ShaclResult]:
        return [r for r in self.results if not r.rule]


def rule_shapes(shapes: Graph) -> dict[str, URIRef]:
    """Rule id -> shape, for every rule shape in the shapes graph."""
    out = {}
    for s in shapes.subjects(RDF.type, SH.NodeShape):
        local = str(s).removeprefix(str(EKGSH))
        if RULE_ID.match(local):
            out[local] = s
    return dict(sorted(out.items()))


def _prepared(text: str):
    """The parsed query for a SPARQL text; PREFIX lines (whose order pySHACL does not fix) sorted first."""
    lines = text.splitlines()
    prefixes = sorted(line.strip() for line in lines if line.lstrip().upper().startswith("PREFIX "))
    body = [line for line in lines if not line.lstrip().upper().startswith("PREFIX ")]
    return _parse("\n".join([*prefixes, *body]))


@cache
def _parse(text: str):
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


class _PreparedQueries(Graph):
    """A graph that parses each SPARQL text once per process: pySHACL sends a constraint's text again for
    every focus node, and parsing (0.1 to 0.3 s a query), not evaluating, is what costs."""

    def query(self, query_object, *args, **kwargs):  # type: ignore[override]
        if isinstance(query_object, str):
            query_object = _prepared(query_object)
        return super().query(query_object, *args, **kwargs)


def validate(data: Graph, as_of: str, shapes: Graph | None = None, ontology: Graph | None = None) -> ShaclRun:
    """Validate an exported data graph with pySHACL as of a date."""
    import pyshacl

    shapes = shapes if shapes is not None else load_shapes()
    graph = _PreparedQueries()
    for part in (data, ontology if ontology is not None else load_ontology(), context_graph(as_of)):
        graph += part
    conforms, report, _text = pyshacl.validate(graph, shacl_graph=shapes, inference="none", inplace=True,
                                               abort_on_first=False, allow_infos=True, allow_warnings=True)
    return ShaclRun(bool(conforms), _results(report, shapes), graph, shapes)


def _results(report: Graph, shapes: Graph) -> list[ShaclResult]:
    """The top-level results (nested ``sh:detail`` results explain them and are not repeated); a property
    shape is reported as the node shape it belongs to."""
    out = []
    for r in report.objects(None, SH.result):
        shape = report.value(r, SH.sourceShape)
        shape = shapes.value(predicate=SH.property, object=shape) or shape
        out.append(ShaclResult(
            shape=shape, focus=report.value(r, SH.focusNode), value=report.value(r, SH.value),
            severity=SEVERITY.get(report.value(r, SH.resultSeverity), "error"), path=report.value(r, SH.resultPath),
            component=report.value(r, SH.sourceConstraintComponent), constraint=report.value(r, SH.sourceConstraint),
            messages=tuple(sorted(str(m) for m in report.objects(r, SH.resultMessage))),
        ))
    return out


# --- results -> hits ------------------------------------------------------------------------------


def _prefixes(shapes: Graph) -> str:
    """The ``sh:declare`` prefixes of the shapes graph as SPARQL PREFIX lines."""
    lines = []
    for decl in shapes.objects(None, SH.declare):
        lines.append(f"PREFIX {shapes.value(decl, SH.prefix)}: <{shapes.value(decl, SH.namespace)}>")
    return "\n".join(sorted(set(lines))) + "\n"


def rule_hits(run: ShaclRun) -> dict[str, list[Hit]]:
    """Rule id -> hits, one per distinct (focus node, value) a rule shape reported."""
    reported: dict[tuple[str, object, URIRef], set] = defaultdict(set)
    for r in run.rule_results:
        reported[(r.rule, r.constraint, r.focus)].add(r.value)
    prefixes = _prefixes(run.shapes)
    out: dict[str, list[Hit]] = defaultdict(list)
    for (rule, constraint, focus), values in reported.items():
        select = str(run.shapes.value(constraint, SH.select))
        rows = run.graph.query(prefixes + select, initBindings={"this": focus})
        groups: dict[object, list] = defaultdict(list)
        for row in rows:
            d = row.asdict()
            groups[d.get("value", focus)].append(d)
        missing = values - set(groups)
        if missing:
            raise RuntimeError(f"{rule}: pySHACL flagged {focus} ({sorted(map(str, missing))}) but the constraint's "
                               "SELECT gives no related nodes for it; the shape's projection is broken")
        out[rule].extend(_hit(run.graph, focus, groups[value]) for value in sorted(values, key=str))
    return out


def _id(g: Graph, node) -> str:
    return str(g.value(node, EKG.id))


def _hit(g: Graph, focus: URIRef, rows: list[dict]) -> Hit:
    """One hit from the solutions for one (focus, value): each ``?rN`` position may hold several nodes
    (all receiving townships of an assignment), listed sorted by id."""
    related: list[str] = []
    for var in RELATED_VARS:
        ids = sorted({_id(g, r[var]) for r in rows if var in r})
        if not ids:
            break
        related.extend(ids)
    first = rows[0]
    return Hit(
        subject=_id(g, focus), related=tuple(related),
        unit=_id(g, first["unit"]) if "unit" in first else None,
        township=_id(g, first["township"]) if "township" in first else None,
    )


# --- the audit ------------------------------------------------------------------------------------


@dataclass
class ShaclAudit:
    """A SHACL audit: the findings report (same shape as ``enforcekg audit``) and the structural results."""

    report: AuditReport
    structural: list[ShaclResult] = field(default_factory=list)
    covered: list[str] = field(default_factory=list)  # rule ids with a shape


def shacl_audit(kg: KnowledgeGraph, as_of: str | None = None, lang: str = "zh", registry=None,
                shapes: Graph | None = None, ontology: Graph | None = None) -> ShaclAudit:
    """Validate ``kg`` with the SHACL shapes and report the findings of every rule that has a shape."""
    as_of = as_of or default_as_of(kg)
    shapes = shapes if shapes is not None else load_shapes()
    run = validate(to_rdf(kg), as_of, shapes, ontology)
    hits = rule_hits(run)
    covered = [r for r in rule_shapes(shapes) if r in REGISTRY]

    def from_shacl(rule: Rule, _ctx: AuditContext) -> list[Hit]:
        return hits.get(rule.id, [])

    report = run_audit(kg, as_of=as_of, rules=covered, lang=lang, registry=registry, hits=from_shacl)
    return ShaclAudit(report, run.structural, covered)


# --- structural results, in words -----------------------------------------------------------------

_COMPONENT_TEXT = {
    "MinCount": ("缺少必填属性 {path}", "required property {path} is missing"),
    "MaxCount": ("属性 {path} 只能有一个值", "property {path} must have one value only"),
    "Datatype": ("属性 {path} 的值类型不对（{value}）", "property {path} has a value of the wrong type ({value})"),
    "Node": ("属性 {path} 的值 {value} 不在代码表中", "value {value} of {path} is not in its code list"),
    "NodeKind": ("属性 {path} 应指向一个节点", "property {path} must point at a node"),
    "Class": ("关系 {path} 指向的节点类型不对（{value}）", "relationship {path} points at a node of the wrong type ({value})"),
    "Or": ("关系 {path} 指向的节点类型不对（{value}）", "relationship {path} points at a node of the wrong type ({value})"),
    "Closed": ("未声明的属性 {path}（{value}）", "undeclared property {path} ({value})"),
}


def _short(node: object) -> str:
    text = str(node)
    for ns, prefix in ((str(EKG), "ekg:"), (ID_BASE, "")):
        if text.startswith(ns):
            return prefix + text[len(ns):]
    return text


def structural_message(result: ShaclResult, lang: str = "zh") -> str:
    """A structural result in words (zh/en), naming the property and the offending value."""
    comp = re.sub(r"ConstraintComponent$", "", str(result.component).rsplit("#", 1)[-1])
    zh, en = _COMPONENT_TEXT.get(comp, ("{detail}", "{detail}"))
    template = en if lang == "en" else zh
    return template.format(path=_short(result.path or "—"), value=_short(result.value or "—"),
                           detail="; ".join(result.messages))


def structural_rows(results: list[ShaclResult], lang: str = "zh") -> list[dict[str, str]]:
    return [{"severity": r.severity, "node": _short(r.focus), "shape": _short(r.shape).removeprefix(str(EKGSH)),
             "message": structural_message(r, lang)} for r in results]
