"""The RDF projection of the graph, the OWL ontology and the structural SHACL shapes, all from one schema.

No node label, relationship type or schema property is listed here by hand: :func:`vocabulary` derives
them from :mod:`enforcekg.schema` (``NODE_TYPES``, ``EDGE_TYPES``, the code lists) and from the fields of
:class:`~enforcekg.graph.DatasetInfo`.  The hand-written tables hold what the schema cannot say: alignments
to standard vocabularies (:data:`CLASS_ALIGNMENT`, :data:`TERM_ALIGNMENT`, :data:`SEE_ALSO`), which
properties take a code list (:data:`CODED_PROPS`), English names of the instrument levels, bilingual labels
of the shared labels and dataset fields, and the few terms that are not schema properties
(:data:`EXTRA_TERMS`, :data:`CONTEXT_TERMS` for the audit context SHACL validation adds).  Each is checked
against the schema when the vocabulary is built, so a schema change the tables miss fails loudly.

IRIs (documented in ``ontology/README.md``):

* terms: ``https://w3id.org/enforcekg/ontology#<Name>`` (classes as labelled in the schema, properties in
  lower camel case: ``name_used`` -> ``ekg:nameUsed``, ``BASED_ON`` -> ``ekg:basedOn``);
* nodes: ``https://w3id.org/enforcekg/id/<Label>/<id>``, the node id percent-encoded (RFC 3986, only
  ``A-Z a-z 0-9 - . _ ~ :`` kept), e.g. ``.../id/Provision/water_law%2365.1``;
* code-list concepts: ``https://w3id.org/enforcekg/code/<scheme>/<value>``, value percent-encoded;
* the dataset: ``https://w3id.org/enforcekg/id/Dataset/<name>``.

>>> node_iri("Provision", "water_law#65.1")
rdflib.term.URIRef('https://w3id.org/enforcekg/id/Provision/water_law%2365.1')
>>> camel("name_used"), camel("BASED_ON")
('nameUsed', 'basedOn')
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SH,
    SKOS,
    XSD,
)

from .graph import DatasetInfo, KnowledgeGraph
from .legal.registry import LEVELS, level_rank
from .schema import (
    ACT_KINDS,
    ACT_LABELS,
    BODY_KINDS,
    DOCUMENT_LABELS,
    EDGE_TYPES,
    JURISDICTION_LEVELS,
    NODE_TYPES,
    POWER_CATEGORIES,
    SUBJECT_KINDS,
    Prop,
)

EKG = Namespace("https://w3id.org/enforcekg/ontology#")
EKGSH = Namespace("https://w3id.org/enforcekg/shapes#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ONTOLOGY_IRI = URIRef("https://w3id.org/enforcekg/ontology")
SHAPES_IRI = URIRef("https://w3id.org/enforcekg/shapes")
ID_BASE = "https://w3id.org/enforcekg/id/"
CODE_BASE = "https://w3id.org/enforcekg/code/"
RDF_JSON = RDF.JSON

#: ``-f`` value -> rdflib format name
FORMATS: dict[str, str] = {"ttl": "turtle", "jsonld": "json-ld", "nt": "nt"}

PREFIXES: dict[str, Namespace] = {
    "ekg": EKG, "ekgsh": EKGSH, "eli": ELI, "org": ORG, "prov": PROV, "skos": SKOS, "dcterms": DCTERMS,
    "dcat": DCAT, "foaf": FOAF, "owl": OWL, "rdfs": RDFS, "xsd": XSD, "sh": SH,
}

#: the line in ``ontology/shapes.ttl`` after which the structural shapes are generated
STRUCTURAL_MARKER = "# ==== structural shapes: generated from schema.py by `python -m enforcekg.rdf`; do not edit below ===="

_XSD = {"str": XSD.string, "int": XSD.integer, "bool": XSD.boolean, "date": XSD.date, "list[str]": XSD.string}

# --- hand-written tables (checked against the schema in :func:`vocabulary`) ----------------------

#: English names of the instrument levels of :data:`enforcekg.legal.registry.LEVELS`
LEVEL_EN: dict[str, str] = {
    "宪法": "constitution", "法律": "law", "行政法规": "administrative regulation", "地方性法规": "local regulation",
    "自治条例": "autonomous regulation", "部门规章": "departmental rule", "地方政府规章": "local government rule",
    "规范性文件": "normative document", "内部文件": "internal document", "未知": "unknown",
}

#: code lists (SKOS concept schemes): scheme -> ((zh, en) title, {value: (zh, en)}, ranked?)
CODE_LISTS: dict[str, tuple[tuple[str, str], dict[str, tuple[str, str]], bool]] = {
    "jurisdiction-level": (("行政区划层级", "jurisdiction level"), {k: (k, v) for k, v in JURISDICTION_LEVELS.items()}, True),
    "instrument-level": (("法律文件效力层级", "instrument level"), {k: (k, LEVEL_EN[k]) for k in LEVELS}, True),
    "subject-kind": (("行政主体类型", "subject kind"), {k: (k, v[0]) for k, v in SUBJECT_KINDS.items()}, False),
    "body-kind": (("机构类型", "body kind"), {k: (k, v) for k, v in BODY_KINDS.items()}, False),
    "power-category": (("职权类型", "power category"), {k: (k, v) for k, v in POWER_CATEGORIES.items()}, False),
    "act-kind": (("授权行为类型", "act kind"), {k: v for k, v in ACT_KINDS.items()}, False),
}

#: (node label, property) -> the code list its values come from; such properties point at SKOS concepts
CODED_PROPS: dict[tuple[str, str], str] = {
    ("Jurisdiction", "level"): "jurisdiction-level",
    ("Instrument", "level"): "instrument-level",
    ("Instrument", "issuer_level"): "jurisdiction-level",
    ("Subject", "kind"): "subject-kind",
    ("Body", "kind"): "body-kind",
    ("Power", "category"): "power-category",
    **{(label, "kind"): "act-kind" for label in ACT_LABELS},
}

#: shared labels (``Act``, ``Document``): bilingual names and a comment
SHARED_CLASSES: dict[str, tuple[str, str, str]] = {
    "Act": ("授权行为", "act conferring authority",
            ("A dated act that confers, moves, lends or exercises a power: holding, delegation, assignment, "
             "centralisation, transfer or exercise by a body.")),
    "Document": ("文书", "document", "A document that records an act: an instrument or a delegation letter."),
}

#: class -> standard classes it specialises (rdfs:subClassOf)
CLASS_ALIGNMENT: dict[str, tuple[URIRef, ...]] = {
    "Jurisdiction": (DCTERMS.Jurisdiction,),
    "Subject": (ORG.FormalOrganization, PROV.Agent),
    "Body": (ORG.OrganizationalUnit, PROV.Agent),
    "Instrument": (ELI.LegalResource,),
    "Provision": (ELI.LegalResourceSubdivision,),
    "Act": (PROV.Activity,),
    "Document": (FOAF.Document, PROV.Entity),
    "Staffing": (PROV.Entity,),
    "Dataset": (DCAT.Dataset,),
}

#: property local name -> standard properties it specialises (rdfs:subPropertyOf)
TERM_ALIGNMENT: dict[str, tuple[URIRef, ...]] = {
    "id": (DCTERMS.identifier,),
    "name": (RDFS.label,),
    "title": (DCTERMS.title,),
    "shortTitle": (ELI.title_short,),
    "promulgated": (ELI.date_publication,),
    "effective": (ELI.first_date_entry_in_force,),
    "repealed": (ELI.date_no_longer_in_force,),
    "partOf": (DCTERMS.isPartOf,),
    "locatedIn": (DCTERMS.spatial,),
    "from": (PROV.wasAssociatedWith,),
    "to": (PROV.wasAssociatedWith,),
    "concerns": (DCTERMS.subject,),
    "basedOn": (PROV.used,),
    "recordedIn": (PROV.generated,),
    "issuedBy": (ELI.passed_by,),
}

#: term -> standard terms that match closely but whose domain or range would say something false of
#: enforcekg data if used as a super-property (rdfs:seeAlso; see ontology/README.md)
SEE_ALSO: dict[str, tuple[URIRef, ...]] = {
    "Delegation": (PROV.actedOnBehalfOf, PROV.Delegation),
    "basedOn": (ELI.based_on,),
    "partOf": (ORG.unitOf, ELI.is_part_of),
    "number": (ELI.number,),
    "status": (ELI.in_force,),
    "issuer": (ELI.passed_by,),
    "level": (ELI.type_document,),
}

#: terms of the vocabulary that are not schema properties: local name -> (zh, en, comment, range)
EXTRA_TERMS: dict[str, tuple[str, str, str, URIRef]] = {
    "rank": ("层级序号", "rank", "Position of a level in its code list; higher means higher authority.", XSD.integer),
    "outranks": ("高于", "outranks", "The level has higher authority than the next lower level (transitive).", SKOS.Concept),
    "creatableBy": ("可由其设定", "creatable by",
                    ("Powers of this category may be created by instruments of that level (行政处罚法 arts. 10-16, "
                     "行政许可法 arts. 14-17, 行政强制法 arts. 10, 13); added with the audit context."), SKOS.Concept),
}

#: the bilingual labels of the dataset fields (everything else about them comes from DatasetInfo)
DATASET_FIELDS: dict[str, tuple[str, str]] = {
    "name": ("名称", "short name of the dataset"),
    "title": ("标题", "title of the dataset"),
    "region": ("地区", "region the dataset covers"),
    "province": ("省份", "province (decides province-specific rules such as Hunan's filing duty)"),
    "audit_date": ("审计基准日", "audit date the dataset declares"),
    "note": ("备注", "note on the dataset (e.g. that it is a reconstruction)"),
    "extra": ("其他信息", "further facts the dataset declares, as JSON"),
}

#: properties of the ``ekg:AuditContext`` node SHACL validation adds to the data graph (values: shacl.py)
CONTEXT_TERMS: dict[str, tuple[str, str, str, URIRef]] = {
    "asOf": ("审计基准日", "as-of date", "The audit date rules are judged on.", XSD.date),
    "penaltyLawRevision": ("行政处罚法修订施行日", "penalty law revision date",
                           "2021-07-15: letters signed from this day on are judged by the revised text.", XSD.date),
    "endedStatus": ("已终止状态", "ended status", "An act status meaning the act is no longer in effect.", XSD.string),
    "movedOutStatus": ("已划出状态", "moved-out status", "A list status meaning the power left the holder.", XSD.string),
    "movingActClass": ("职权转移行为", "moving act class", "Act classes that move a power between holders.", OWL.Class),
    "ambiguousPartyWord": ("笼统责任用语", "ambiguous party word",
                           "A word that makes a named responsibility vague (双方, 共同 ...).", XSD.string),
    "ownNameWord": ("自身名义用语", "own-name word", "Wording recording that a delegatee acts in its own name.", XSD.string),
    "governmentWord": ("人民政府用语", "government word",
                       "A word that makes an issuer a people's government, congress or the State Council.", XSD.string),
    "notOwnSource": ("非自有事项来源", "not-own source", "List source types that are not the holder's own title.", XSD.string),
    "penaltyCategory": ("处罚类职权", "penalty category", "Power categories that are penalties.", SKOS.Concept),
    "compulsoryMeasureCategory": ("强制措施类职权", "compulsory measure category",
                                  "Power categories reviewed as compulsory measures (not delegable).", SKOS.Concept),
    "lawCreatedCategory": ("法定设定类职权", "law-created category",
                           "Power categories only laws, regulations and rules may create.", SKOS.Concept),
    "statutoryLevel": ("法律法规规章层级", "statutory level", "Instrument levels that count as law, regulation or rule.", SKOS.Concept),
    "lawOrRegulationLevel": ("法律法规层级", "law or regulation level",
                             "Instrument levels that count as law or regulation (may authorise).", SKOS.Concept),
    "ineligibleKind": ("不适格受委托主体类型", "ineligible delegatee kind", "Subject kinds that cannot be delegatees.", SKOS.Concept),
    "stationKind": ("站办所类机构", "station kind", "Body kinds that are stations, offices or centres.", SKOS.Concept),
}
CONTEXT_CLASS = ("AuditContext", "审计上下文", "audit context",
                 "The date and rule parameters an audit runs with; added to the data graph by `enforcekg rdf validate`.")


class VocabularyError(ValueError):
    """The schema and the RDF tables disagree (a programming error, raised when the vocabulary is built)."""


# --- naming ----------------------------------------------------------------------------------------


def camel(name: str) -> str:
    """``name_used`` -> ``nameUsed``; ``BASED_ON`` -> ``basedOn``."""
    parts = name.lower().split("_")
    return parts[0] + "".join(p.capitalize() for p in parts[1:])


def _pct(text: str) -> str:
    return quote(text, safe="-._~:")


def node_iri(label: str, node_id: str, base: str = ID_BASE) -> URIRef:
    """The stable IRI of a node: base + label + percent-encoded id."""
    return URIRef(f"{base}{label}/{_pct(node_id)}")


def concept_iri(scheme: str, value: str) -> URIRef:
    """The IRI of a code-list value (also for values outside the list, which SHACL then reports)."""
    return URIRef(f"{CODE_BASE}{scheme}/{_pct(value)}")


def scheme_iri(scheme: str) -> URIRef:
    return URIRef(f"{CODE_BASE}{scheme}")


def concept_value(iri: URIRef) -> str:
    """The code-list value a concept IRI stands for."""
    return unquote(str(iri).rsplit("/", 1)[1])


def dataset_iri(info: DatasetInfo, base: str = ID_BASE) -> URIRef:
    return URIRef(f"{base}Dataset/{_pct(info.name)}")


# --- the vocabulary --------------------------------------------------------------------------------


@dataclass
class Term:
    """One property of the ontology, with every schema declaration it stands for."""

    local: str
    kind: str  # "data" (literal), "code" (SKOS concept), "edge" (node to node)
    type: str  # schema type, or "node"
    zh: str
    en: str
    declarations: list[tuple[str, str, str]] = field(default_factory=list)  # (class, zh, en description)
    domains: list[str] = field(default_factory=list)
    ranges: list[str] = field(default_factory=list)  # edge target classes
    scheme: dict[str, str] = field(default_factory=dict)  # class -> code list (coded props)

    @property
    def iri(self) -> URIRef:
        return EKG[self.local]

    @property
    def multi(self) -> bool:
        return self.type == "list[str]"


@dataclass
class Vocabulary:
    classes: dict[str, tuple[str, str, str]]  # local name -> (zh, en, comment)
    props: dict[str, Term]  # schema property name -> term
    edges: dict[str, Term]  # relationship type -> term
    dataset: dict[str, Term]  # DatasetInfo field -> term

    def term(self, local: str) -> Term:
        for t in (*self.props.values(), *self.edges.values(), *self.dataset.values()):
            if t.local == local:
                return t
        raise KeyError(local)


def _declare_prop(terms: dict[str, Term], label: str, p: Prop) -> None:
    scheme = CODED_PROPS.get((label, p.name))
    kind = "code" if scheme else "data"
    t = terms.get(p.name)
    if t is None:
        t = terms[p.name] = Term(camel(p.name), kind, p.type, p.zh, p.name.replace("_", " "))
    elif (t.kind, t.type) != (kind, p.type):
        raise VocabularyError(f"property {p.name!r} is {t.kind}/{t.type} on {t.domains} but {kind}/{p.type} on {label}; "
                              "one RDF property needs one type: rename it in schema.py or align CODED_PROPS")
    t.declarations.append((label, p.zh, p.en))
    t.domains.append(label)
    if scheme:
        t.scheme[label] = scheme


@cache
def vocabulary() -> Vocabulary:
    """Every class and property of the RDF projection, derived from the schema; checks the hand tables."""
    classes = {label: (t.zh, t.en, t.description) for label, t in NODE_TYPES.items()}
    for label in {lbl for t in NODE_TYPES.values() for lbl in t.extra_labels}:
        if label not in SHARED_CLASSES:
            raise VocabularyError(f"shared label {label!r} has no entry in rdf.SHARED_CLASSES")
        classes[label] = SHARED_CLASSES[label]
    classes["Dataset"] = ("数据集", "dataset", "One dataset loaded by enforcekg (dataset.yaml).")
    classes[CONTEXT_CLASS[0]] = CONTEXT_CLASS[1:]

    props: dict[str, Term] = {}
    for label, t in NODE_TYPES.items():
        for p in t.props:
            _declare_prop(props, label, p)
    for (label, name), scheme in CODED_PROPS.items():
        if label not in NODE_TYPES or name not in {p.name for p in NODE_TYPES[label].props}:
            raise VocabularyError(f"CODED_PROPS names {label}.{name}, which schema.py does not declare")
        if scheme not in CODE_LISTS:
            raise VocabularyError(f"CODED_PROPS: unknown code list {scheme!r}")
    if set(LEVEL_EN) != set(LEVELS):
        raise VocabularyError(f"LEVEL_EN must name exactly the levels {LEVELS}")

    edges: dict[str, Term] = {}
    for e in EDGE_TYPES.values():
        if e.props:
            raise VocabularyError(f"relationship {e.type} has properties; the RDF projection has no rule for them yet")
        edges[e.type] = Term(camel(e.type), "edge", "node", e.zh, e.en, [("", e.zh, e.description)],
                             list(e.sources), list(e.targets))

    dataset: dict[str, Term] = {}
    for f in dataclasses.fields(DatasetInfo):
        if f.name == "path":
            continue  # where the files were on this machine: not part of the published data
        if f.name not in DATASET_FIELDS:
            raise VocabularyError(f"DatasetInfo.{f.name} has no entry in rdf.DATASET_FIELDS")
        typ = {"audit_date": "date", "extra": "json"}.get(f.name, "str")
        zh, en = DATASET_FIELDS[f.name]
        existing = props.get(f.name)
        if existing is not None and existing.type != typ:
            raise VocabularyError(f"DatasetInfo.{f.name} clashes with the node property of the same name")
        term = existing or Term(camel(f.name), "data", typ, zh, f.name.replace("_", " "))
        term.declarations.append(("Dataset", zh, en))
        term.domains.append("Dataset")
        dataset[f.name] = term

    locals_seen: dict[str, str] = {}
    for what, t in [*(("property " + k, v) for k, v in props.items()), *(("relationship " + k, v) for k, v in edges.items()),
                    *(("dataset field " + k, v) for k, v in dataset.items() if k not in props)]:
        other = locals_seen.setdefault(t.local, what)
        if other != what:
            raise VocabularyError(f"{what} and {other} both map to ekg:{t.local}")
    for local in (*EXTRA_TERMS, *CONTEXT_TERMS):
        if local in locals_seen or local in classes:
            raise VocabularyError(f"ekg:{local} is declared twice")
    return Vocabulary(classes, props, edges, dataset)


# --- data: KnowledgeGraph -> RDF -------------------------------------------------------------------


def bind_prefixes(g: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def _literal(value: Any, typ: str) -> Literal:
    if typ == "date":
        return Literal(value, datatype=XSD.date)
    if typ == "json":
        return Literal(json.dumps(value, ensure_ascii=False, sort_keys=True), datatype=RDF_JSON)
    return Literal(value)


def to_rdf(kg: KnowledgeGraph, base: str = ID_BASE) -> Graph:
    """The graph as RDF: every node with its labels and properties, every edge, and the dataset node.

    Delegations also get the PROV shortcut ``<delegatee> prov:actedOnBehalfOf <delegator>`` (the
    delegatee acts in the delegator's name; the delegator stays responsible).
    """
    voc = vocabulary()
    g = bind_prefixes(Graph())
    iri = {n: node_iri(kg.label(n), n, base) for n in kg.nodes()}
    for n in kg.nodes():
        label = kg.label(n)
        s = iri[n]
        for lbl in NODE_TYPES[label].labels:
            g.add((s, RDF.type, EKG[lbl]))
        for name, value in kg.node(n).items():
            if name == "label":
                continue
            term = voc.props[name]
            for v in value if term.multi else (value,):
                obj = concept_iri(term.scheme[label], v) if term.kind == "code" else _literal(v, term.type)
                g.add((s, term.iri, obj))
    for u, rel, v in kg.edges():
        g.add((iri[u], voc.edges[rel].iri, iri[v]))
    for d in kg.nodes("Delegation"):
        for frm in kg.out(d, "FROM"):
            for to in kg.out(d, "TO"):
                g.add((iri[to], PROV.actedOnBehalfOf, iri[frm]))
    _add_dataset(g, kg.info, base)
    return g


def _add_dataset(g: Graph, info: DatasetInfo, base: str) -> None:
    ds = dataset_iri(info, base)
    g.add((ds, RDF.type, EKG.Dataset))
    for name, term in vocabulary().dataset.items():
        value = getattr(info, name)
        if value not in (None, "", {}):
            g.add((ds, term.iri, _literal(value, term.type)))


# --- data: RDF -> KnowledgeGraph -------------------------------------------------------------------


def _python(obj: Any, term: Term) -> Any:
    if term.kind == "code":
        return concept_value(obj)
    if term.type == "date":
        return str(obj)
    if term.type == "json":
        return json.loads(str(obj))
    return obj.toPython()


def from_rdf(g: Graph) -> KnowledgeGraph:
    """Read an exported graph back (the inverse of :func:`to_rdf`).

    RDF has no order: multi-valued properties come back sorted, nodes and edges are added in id order.
    Triples outside the projection (ontology, PROV shortcuts) are ignored.
    """
    voc = vocabulary()
    kg = KnowledgeGraph(_read_dataset(g))
    nodes: dict[Any, tuple[str, str]] = {}
    for label in NODE_TYPES:
        for s in g.subjects(RDF.type, EKG[label]):
            nodes[s] = (label, str(g.value(s, EKG.id)))
    for s, (label, nid) in sorted(nodes.items(), key=lambda kv: kv[1][1]):
        props: dict[str, Any] = {}
        for p in NODE_TYPES[label].props:
            if p.name == "id":
                continue
            term = voc.props[p.name]
            values = [_python(o, term) for o in g.objects(s, term.iri)]
            if values:
                props[p.name] = sorted(values) if term.multi else values[0]
        kg.add_node(label, nid, **props)
    rows = []
    for rel, term in voc.edges.items():
        for s, o in g.subject_objects(term.iri):
            if s in nodes and o in nodes:
                rows.append((nodes[s][1], rel, nodes[o][1]))
    for u, rel, v in sorted(rows):
        kg.add_edge(u, rel, v)
    return kg


def _read_dataset(g: Graph) -> DatasetInfo:
    info = DatasetInfo()
    ds = next(iter(g.subjects(RDF.type, EKG.Dataset)), None)
    if ds is None:
        return info
    for name, term in vocabulary().dataset.items():
        value = g.value(ds, term.iri)
        if value is not None:
            setattr(info, name, _python(value, term))
    return info


def serialize(g: Graph, fmt: str) -> str:
    """Serialise as ``ttl``, ``jsonld`` or ``nt`` (JSON-LD compacted with the ekg prefixes)."""
    if fmt == "jsonld":
        context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
        return g.serialize(format="json-ld", context=context, auto_compact=True, ensure_ascii=False)
    return g.serialize(format=FORMATS[fmt])


def parse(text: str, fmt: str) -> Graph:
    return Graph().parse(data=text, format=FORMATS[fmt])


# --- the ontology ----------------------------------------------------------------------------------


def _lit2(g: Graph, s: URIRef, pred: URIRef, zh: str, en: str) -> None:
    g.add((s, pred, Literal(zh, lang="zh")))
    g.add((s, pred, Literal(en, lang="en")))


def _class_expr(g: Graph, labels: Iterable[str]) -> URIRef | BNode:
    """One class for a set of labels: shared labels (Act, Document) where they cover it, else a union."""
    rest = list(dict.fromkeys(labels))
    for shared, members in (("Act", ACT_LABELS), ("Document", DOCUMENT_LABELS)):
        if set(members) <= set(rest):
            rest = [shared] + [x for x in rest if x not in members]
    if len(rest) == 1:
        return EKG[rest[0]]
    node = BNode()
    g.add((node, RDF.type, OWL.Class))
    g.add((node, OWL.unionOf, Collection(g, BNode(), [EKG[x] for x in rest]).uri))
    return node


def _zh_comment(term: Term) -> str:
    return "；".join(f"{NODE_TYPES[c].zh if c in NODE_TYPES else c}：{zh}" for c, zh, _ in term.declarations)


def _en_comment(term: Term) -> str:
    return "; ".join(f"{c}: {en}" for c, _, en in term.declarations)


def ontology_graph() -> Graph:
    """The OWL ontology with its SKOS code lists, generated from the schema (``ontology/enforcekg.ttl``)."""
    from . import __version__

    voc = vocabulary()
    g = bind_prefixes(Graph())
    o = ONTOLOGY_IRI
    g.add((o, RDF.type, OWL.Ontology))
    _lit2(g, o, DCTERMS.title, "行政执法职权与委托知识图谱本体", "enforcekg: ontology of enforcement authority and delegation")
    _lit2(g, o, RDFS.comment,
          "由 enforcekg 的 schema.py 生成：行政区划、行政主体、内设机构、职权事项、法律文件与条款、委托书、人员配备，"
          "以及法定职权、委托、交由、相对集中、划转、承办等授权行为。",
          "Generated from enforcekg's schema.py: jurisdictions, subjects, bodies, powers, instruments and provisions, "
          "letters, staffing, and the acts that confer authority (holding, delegation, assignment, centralisation, "
          "transfer, exercise). Aligned with W3C ORG, PROV-O, ELI and SKOS.")
    g.add((o, OWL.versionInfo, Literal(__version__)))

    for local, (zh, en, comment) in voc.classes.items():
        c = EKG[local]
        g.add((c, RDF.type, OWL.Class))
        _lit2(g, c, RDFS.label, zh, en)
        g.add((c, RDFS.comment, Literal(comment, lang="en")))
        g.add((c, RDFS.comment, Literal(_class_zh_comment(local, zh), lang="zh")))
        for sup in CLASS_ALIGNMENT.get(local, ()):
            g.add((c, RDFS.subClassOf, sup))
    for label, t in NODE_TYPES.items():
        for extra in t.extra_labels:
            g.add((EKG[label], RDFS.subClassOf, EKG[extra]))

    for term in [*voc.props.values(), *(t for k, t in voc.dataset.items() if k not in voc.props)]:
        _declare_term(g, term, _zh_comment(term), _en_comment(term))
    for term in voc.edges.values():
        (_, _, desc), = term.declarations
        src = "、".join(NODE_TYPES[x].zh for x in term.domains)
        dst = "、".join(NODE_TYPES[x].zh for x in term.ranges)
        _declare_term(g, term, f"{term.zh}：{src} → {dst}", desc)
    for local, (zh, en, comment, rng) in {**EXTRA_TERMS, **CONTEXT_TERMS}.items():
        p = EKG[local]
        g.add((p, RDF.type, OWL.DatatypeProperty if str(rng).startswith(str(XSD)) else OWL.ObjectProperty))
        _lit2(g, p, RDFS.label, zh, en)
        _lit2(g, p, RDFS.comment, f"{zh}。", comment)
        g.add((p, RDFS.range, rng))
        if local in CONTEXT_TERMS:
            g.add((p, RDFS.domain, EKG[CONTEXT_CLASS[0]]))
    g.add((EKG.outranks, RDF.type, OWL.TransitiveProperty))
    for local, others in SEE_ALSO.items():
        if (EKG[local], None, None) not in g:
            raise VocabularyError(f"SEE_ALSO names ekg:{local}, which the ontology does not declare")
        for other in others:
            g.add((EKG[local], RDFS.seeAlso, other))
    for scheme in CODE_LISTS:
        _add_scheme(g, scheme)
    return g


def _class_zh_comment(local: str, zh: str) -> str:
    t = NODE_TYPES.get(local)
    if t is None:
        return f"{zh}。"
    return f"{zh}。属性：" + "、".join(p.zh for p in t.props) + "。"


def _declare_term(g: Graph, term: Term, comment_zh: str, comment_en: str) -> None:
    p = term.iri
    if term.kind == "data":
        g.add((p, RDF.type, OWL.DatatypeProperty))
        g.add((p, RDFS.range, RDF_JSON if term.type == "json" else _XSD[term.type]))
        if not term.multi:
            g.add((p, RDF.type, OWL.FunctionalProperty))
    else:
        g.add((p, RDF.type, OWL.ObjectProperty))
        g.add((p, RDFS.range, SKOS.Concept if term.kind == "code" else _class_expr(g, term.ranges)))
    g.add((p, RDFS.domain, _class_expr(g, term.domains)))
    _lit2(g, p, RDFS.label, term.zh, term.en)
    _lit2(g, p, RDFS.comment, comment_zh, comment_en)
    for sup in TERM_ALIGNMENT.get(term.local, ()):
        g.add((p, RDFS.subPropertyOf, sup))


def _add_scheme(g: Graph, scheme: str) -> None:
    (zh, en), values, ranked = CODE_LISTS[scheme]
    s = scheme_iri(scheme)
    g.add((s, RDF.type, SKOS.ConceptScheme))
    _lit2(g, s, SKOS.prefLabel, zh, en)
    ranks = {}
    for i, (value, (vzh, ven)) in enumerate(values.items()):
        c = concept_iri(scheme, value)
        g.add((c, RDF.type, SKOS.Concept))
        g.add((c, SKOS.inScheme, s))
        g.add((c, SKOS.topConceptOf, s))
        g.add((c, SKOS.notation, Literal(value)))
        _lit2(g, c, SKOS.prefLabel, vzh, ven)
        if ranked:
            ranks[value] = level_rank(value) if scheme == "instrument-level" else len(values) - i
            g.add((c, EKG.rank, Literal(ranks[value])))
    for value, r in ranks.items():
        lower = [v for v, x in ranks.items() if x < r]
        nxt = max((ranks[v] for v in lower), default=None)
        for v in lower:
            if ranks[v] == nxt:
                g.add((concept_iri(scheme, value), EKG.outranks, concept_iri(scheme, v)))


# --- structural shapes -----------------------------------------------------------------------------


def _shape_name(text: str) -> str:
    return "".join(p.capitalize() for p in text.replace("-", "_").split("_"))


def structural_shapes() -> Graph:
    """SHACL node shapes for every node type: datatypes, required properties, cardinalities, code lists,
    relationship targets; closed, so a property the schema does not declare is reported."""
    voc = vocabulary()
    g = bind_prefixes(Graph())
    for scheme in CODE_LISTS:
        member = EKGSH[_shape_name(scheme) + "Member"]
        g.add((member, RDF.type, SH.NodeShape))
        g.add((member, RDFS.label, Literal(f"value of the code list {scheme}")))
        prop = BNode()
        g.add((member, SH.property, prop))
        g.add((prop, SH.path, SKOS.inScheme))
        g.add((prop, SH.hasValue, scheme_iri(scheme)))
    for label, t in NODE_TYPES.items():
        shape = EKGSH[label + "Shape"]
        g.add((shape, RDF.type, SH.NodeShape))
        g.add((shape, SH.targetClass, EKG[label]))
        _lit2(g, shape, RDFS.label, f"{t.zh}的结构", f"structure of {t.en}")
        g.add((shape, SH.closed, Literal(True)))
        g.add((shape, SH.ignoredProperties, Collection(g, BNode(), [RDF.type, PROV.actedOnBehalfOf]).uri))
        for p in t.props:
            _prop_shape(g, shape, voc.props[p.name], label, p)
        for e in EDGE_TYPES.values():
            if label in e.sources:
                ps = BNode()
                g.add((shape, SH.property, ps))
                g.add((ps, SH.path, voc.edges[e.type].iri))
                g.add((ps, SH.nodeKind, SH.IRI))
                targets = [EKG[x] for x in e.targets]
                if len(targets) == 1:
                    g.add((ps, SH["class"], targets[0]))
                else:
                    alts = []
                    for c in targets:
                        alt = BNode()
                        g.add((alt, SH["class"], c))
                        alts.append(alt)
                    g.add((ps, SH["or"], Collection(g, BNode(), alts).uri))
    return g


def _prop_shape(g: Graph, shape: URIRef, term: Term, label: str, p: Prop) -> None:
    ps = BNode()
    g.add((shape, SH.property, ps))
    g.add((ps, SH.path, term.iri))
    g.add((ps, SH.name, Literal(p.zh, lang="zh")))
    if p.required:
        g.add((ps, SH.minCount, Literal(1)))
    if not term.multi:
        g.add((ps, SH.maxCount, Literal(1)))
    if term.kind == "code":
        g.add((ps, SH.nodeKind, SH.IRI))
        g.add((ps, SH.node, EKGSH[_shape_name(term.scheme[label]) + "Member"]))
    else:
        g.add((ps, SH.datatype, _XSD[p.type]))


# --- SPARQL ----------------------------------------------------------------------------------------


class QueryError(ValueError):
    """A SPARQL query that cannot be parsed or run (the message says where)."""


@dataclass(frozen=True)
class BundledQuery:
    """An analyst query shipped in ``queries/sparql/<name>.rq``, with its header metadata."""

    name: str
    path: Path
    text: str
    meta: dict[str, str]


def bundled_queries(folder: Path | None = None) -> dict[str, BundledQuery]:
    """The analyst queries, by file stem; header lines ``# key: value`` are their metadata."""
    from .resources import queries_dir

    folder = folder or queries_dir() / "sparql"
    out = {}
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        meta = {}
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            key, sep, value = line.lstrip("# ").partition(":")
            if sep and key.strip().isidentifier():
                meta[key.strip()] = value.strip()
        out[path.stem] = BundledQuery(path.stem, path, text, meta)
    return out


@dataclass
class ResultTable:
    """The rows of a SELECT (or the answer of an ASK, or the triples of a CONSTRUCT, one per row)."""

    columns: list[str]
    rows: list[list[Any]]

    def display_rows(self) -> list[list[str]]:
        return [["" if v is None else display(v) for v in row] for row in self.rows]

    def as_dicts(self) -> list[dict[str, Any]]:
        return [{c: _json_value(v) for c, v in zip(self.columns, row, strict=True)} for row in self.rows]

    def to_json(self) -> str:
        return json.dumps({"columns": self.columns, "rows": self.as_dicts()}, ensure_ascii=False, indent=2)


def display(term: Any) -> str:
    """A short form for people: node IRIs as ``Label/id``, concepts as their value, ekg terms prefixed."""
    if isinstance(term, URIRef):
        text = str(term)
        if text.startswith(ID_BASE):
            return unquote(text[len(ID_BASE):])
        if text.startswith(CODE_BASE) and text.count("/") > CODE_BASE.count("/"):
            return concept_value(term)
        if text.startswith(str(EKG)):
            return "ekg:" + text[len(str(EKG)):]
        return text
    if isinstance(term, Literal):
        return str(term)
    return str(term)


def _json_value(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, (int, float, bool, str)) else str(term)
    return str(term)


def run_query(graph: Graph, text: str, bindings: dict[str, str] | None = None) -> ResultTable:
    """Run a SPARQL query; ``bindings`` pre-bind variables to string literals (``<...>`` for an IRI)."""
    init = {k: URIRef(v[1:-1]) if v.startswith("<") and v.endswith(">") else Literal(v) for k, v in (bindings or {}).items()}
    try:
        result = graph.query(text, initBindings=init, initNs={p: ns for p, ns in PREFIXES.items()})
        if result.type == "ASK":
            return ResultTable(["answer"], [[Literal(bool(result.askAnswer))]])
        if result.type == "SELECT":
            columns = [str(v) for v in result.vars]
            return ResultTable(columns, [[row[v] for v in result.vars] for row in result])
        return ResultTable(["subject", "predicate", "object"], [list(t) for t in result])
    except Exception as exc:  # pyparsing and rdflib raise many kinds; all mean "this query is wrong"
        raise QueryError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from exc


# --- files -----------------------------------------------------------------------------------------

ONTOLOGY_HEADER = """\
# enforcekg ontology: generated from src/enforcekg/schema.py by `python -m enforcekg.rdf`. Do not edit by hand;
# change the schema (or the alignment tables in src/enforcekg/rdf.py) and regenerate. See ontology/README.md.
"""


def ontology_text() -> str:
    return ONTOLOGY_HEADER + ontology_graph().serialize(format="turtle")


def structural_shapes_text() -> str:
    return structural_shapes().serialize(format="turtle")


def write_vocabulary(folder: Path) -> None:
    """Regenerate ``enforcekg.ttl`` and the generated part of ``shapes.ttl`` in ``folder``."""
    (folder / "enforcekg.ttl").write_text(ontology_text(), encoding="utf-8")
    shapes = folder / "shapes.ttl"
    head = shapes.read_text(encoding="utf-8").split(STRUCTURAL_MARKER)[0] if shapes.exists() else ""
    shapes.write_text(head.rstrip("\n") + "\n\n" + STRUCTURAL_MARKER + "\n\n" + structural_shapes_text(), encoding="utf-8")


def load_ontology(folder: Path | None = None) -> Graph:
    """The shipped ontology (``ontology/enforcekg.ttl``); parsed once per file version, do not modify."""
    from .resources import ontology_dir

    path = (folder or ontology_dir()) / "enforcekg.ttl"
    return _parse_file(path, path.stat().st_mtime_ns)


def load_shapes(folder: Path | None = None) -> Graph:
    """The shipped shapes (``ontology/shapes.ttl``), audit rules and structure; parsed once, do not modify."""
    from .resources import ontology_dir

    path = (folder or ontology_dir()) / "shapes.ttl"
    return _parse_file(path, path.stat().st_mtime_ns)


@cache
def _parse_file(path: Path, _version: int) -> Graph:
    return Graph().parse(path, format="turtle")


if __name__ == "__main__":  # pragma: no cover - developer tool
    from .resources import ontology_dir

    write_vocabulary(ontology_dir())
    print(f"wrote {ontology_dir() / 'enforcekg.ttl'} and the structural part of {ontology_dir() / 'shapes.ttl'}")
