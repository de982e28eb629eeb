"""The RDF projection, the ontology and the SPARQL analyst queries.

The ontology and the structural shapes are generated from schema.py: the files must match the generator, every
term used in exported data must be declared (with labels in Chinese and English), and dataset -> RDF -> dataset
must give back the same graph in every format.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SH, SKOS

from enforcekg import rdf
from enforcekg.dataset import load_dataset
from enforcekg.explain import FIXTURES
from enforcekg.fixtures import materialise, read_fixture
from enforcekg.graph import KnowledgeGraph
from enforcekg.legal.registry import LEVELS, level_rank
from enforcekg.resources import ontology_dir
from enforcekg.schema import ACT_LABELS, EDGE_TYPES, NODE_TYPES

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (ROOT / "data" / "examples").iterdir() if (p / "dataset.yaml").exists())
EXPECTED_EXAMPLES = 2
#: the analyst queries shipped in queries/sparql (a new one needs a test case below)
EXPECTED_QUERIES = 7


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "enforcekg", *args], capture_output=True, text=True, timeout=300, check=False,
                          env={"COLUMNS": "160", "PATH": "/usr/bin:/bin"})


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return rdf.load_ontology()


@pytest.fixture(scope="module", params=[p.name for p in EXAMPLES])
def example(request):
    return load_dataset(ROOT / "data" / "examples" / request.param).graph


def test_examples_present():
    assert len(EXAMPLES) == EXPECTED_EXAMPLES, [p.name for p in EXAMPLES]


# --- the generated files ---------------------------------------------------------------------------


def test_ontology_file_is_generated_from_the_schema(ontology):
    assert isomorphic(ontology, rdf.ontology_graph()), "ontology/enforcekg.ttl is stale: run `python -m enforcekg.rdf`"


def test_structural_shapes_are_generated_from_the_schema():
    text = (ontology_dir() / "shapes.ttl").read_text(encoding="utf-8")
    assert text.count(rdf.STRUCTURAL_MARKER) == 1
    generated = Graph().parse(data=text.split(rdf.STRUCTURAL_MARKER)[1], format="turtle")
    assert isomorphic(generated, rdf.structural_shapes()), "shapes.ttl structural part is stale: run `python -m enforcekg.rdf`"
    assert len(set(generated.subjects(SH.targetClass, None))) == len(NODE_TYPES)


# --- the ontology ----------------------------------------------------------------------------------


def _declared_terms(g: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {s for k in kinds for s in g.subjects(RDF.type, k) if isinstance(s, URIRef) and s.startswith(str(rdf.EKG))}


def test_every_schema_label_property_and_relationship_is_declared(ontology):
    terms = _declared_terms(ontology)
    for label, t in NODE_TYPES.items():
        assert rdf.EKG[label] in terms
        for extra in t.extra_labels:
            assert (rdf.EKG[label], RDFS.subClassOf, rdf.EKG[extra]) in ontology
        for p in t.props:
            term = rdf.vocabulary().props[p.name]
            assert term.iri in terms, p.name
            rng = ontology.value(term.iri, RDFS.range)
            assert rng == (SKOS.Concept if term.kind == "code" else rdf._XSD[p.type]), (label, p.name, rng)
    for e in EDGE_TYPES.values():
        iri = rdf.vocabulary().edges[e.type].iri
        assert (iri, RDF.type, OWL.ObjectProperty) in ontology, e.type
    voc = rdf.vocabulary()
    expected = len(voc.classes) + len({t.local for t in (*voc.props.values(), *voc.edges.values(), *voc.dataset.values())}) \
        + len(rdf.EXTRA_TERMS) + len(rdf.CONTEXT_TERMS)
    assert len(terms) == expected


def test_every_term_has_labels_and_comments_in_chinese_and_english(ontology):
    terms = _declared_terms(ontology)
    assert len(terms) > 60
    for term in terms:
        for pred in (RDFS.label, RDFS.comment):
            langs = {o.language for o in ontology.objects(term, pred) if isinstance(o, Literal)}
            assert {"zh", "en"} <= langs, f"{term} lacks {pred} in {({'zh', 'en'} - langs)}"


def test_code_lists_are_skos_schemes_with_bilingual_labels(ontology):
    schemes = set(ontology.subjects(RDF.type, SKOS.ConceptScheme))
    assert len(schemes) == len(rdf.CODE_LISTS)
    concepts = set(ontology.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == sum(len(values) for _, values, _ in rdf.CODE_LISTS.values())
    for c in concepts:
        assert ontology.value(c, SKOS.inScheme) in schemes
        assert {o.language for o in ontology.objects(c, SKOS.prefLabel)} == {"zh", "en"}
        assert rdf.concept_value(c) == str(ontology.value(c, SKOS.notation))


def test_alignment_with_standard_vocabularies(ontology):
    for local, sup in (("Subject", ORG.FormalOrganization), ("Body", ORG.OrganizationalUnit),
                       ("Instrument", rdf.ELI.LegalResource), ("Provision", rdf.ELI.LegalResourceSubdivision),
                       ("Act", PROV.Activity), ("Jurisdiction", DCTERMS.Jurisdiction)):
        assert (rdf.EKG[local], RDFS.subClassOf, sup) in ontology, local
    for local, sup in (("effective", rdf.ELI.first_date_entry_in_force), ("repealed", rdf.ELI.date_no_longer_in_force),
                       ("from", PROV.wasAssociatedWith), ("recordedIn", PROV.generated), ("issuedBy", rdf.ELI.passed_by)):
        assert (rdf.EKG[local], RDFS.subPropertyOf, sup) in ontology, local
    assert (rdf.EKG.Delegation, RDFS.seeAlso, PROV.actedOnBehalfOf) in ontology
    assert (rdf.EKG.basedOn, RDFS.seeAlso, rdf.ELI.based_on) in ontology


def test_the_level_order_is_data(ontology):
    rank = {str(ontology.value(c, SKOS.notation)): ontology.value(c, rdf.EKG.rank).toPython()
            for c in ontology.subjects(SKOS.inScheme, rdf.scheme_iri("instrument-level"))}
    assert rank == {lvl: level_rank(lvl) for lvl in LEVELS}
    assert rank["法律"] > rank["行政法规"] > rank["地方性法规"] > rank["部门规章"] == rank["地方政府规章"] > rank["规范性文件"]
    ask = """ASK {{ ?a skos:notation "{}" ; ekg:outranks+ ?b . ?b skos:notation "{}" }}"""
    g = ontology
    for hi, lo in (("法律", "规范性文件"), ("行政法规", "地方政府规章"), ("地方性法规", "部门规章")):
        assert g.query(ask.format(hi, lo), initNs={"ekg": rdf.EKG, "skos": SKOS}).askAnswer, (hi, lo)
        assert not g.query(ask.format(lo, hi), initNs={"ekg": rdf.EKG, "skos": SKOS}).askAnswer, (lo, hi)
    assert (rdf.EKG.outranks, RDF.type, OWL.TransitiveProperty) in g


def test_vocabulary_refuses_a_property_with_two_types():
    from enforcekg.schema import Prop

    terms: dict = {}
    rdf._declare_prop(terms, "Subject", Prop("note", "str", "备注", "remark"))
    with pytest.raises(rdf.VocabularyError, match="one RDF property needs one type"):
        rdf._declare_prop(terms, "Power", Prop("note", "int", "备注", "remark"))


# --- the projection --------------------------------------------------------------------------------


def test_iri_scheme_is_stable_and_ascii():
    assert rdf.node_iri("Subject", "XX-D02") == URIRef("https://w3id.org/enforcekg/id/Subject/XX-D02")
    assert rdf.node_iri("Provision", "water_law#65.1") == URIRef("https://w3id.org/enforcekg/id/Provision/water_law%2365.1")
    assert rdf.node_iri("Exercise", "E:XX-D01:B 1") == URIRef("https://w3id.org/enforcekg/id/Exercise/E:XX-D01:B%201")
    iri = rdf.concept_iri("power-category", "行政许可")
    assert str(iri).isascii() and rdf.concept_value(iri) == "行政许可"
    assert rdf.node_iri("Instrument", "unresolved:湘政办发〔2019〕55号").isascii()


def test_terms_used_in_exported_data_are_declared(example, ontology):
    g = rdf.to_rdf(example)
    declared = _declared_terms(ontology)
    concepts = set(ontology.subjects(RDF.type, SKOS.Concept))
    external = {RDF.type, PROV.actedOnBehalfOf}
    preds = set(g.predicates())
    assert preds - external <= declared, sorted(preds - external - declared)
    assert set(g.objects(None, RDF.type)) <= declared
    for s, p, o in g:
        assert str(s).isascii() and " " not in str(s)
        term = p.removeprefix(str(rdf.EKG))
        if term in ("kind", "category", "level", "issuerLevel"):
            assert o in concepts, (s, p, o)
    # the PROV shortcut: the delegatee acts on behalf of the delegator
    delegations = list(example.nodes("Delegation"))
    assert delegations or "furong" in example.info.name
    for d in delegations:
        frm, to = example.one(d, "FROM"), example.one(d, "TO")
        assert (rdf.node_iri(example.label(to), to), PROV.actedOnBehalfOf, rdf.node_iri(example.label(frm), frm)) in g


def _snapshot(kg: KnowledgeGraph) -> tuple[dict, set, dict]:
    nodes = {}
    for n in kg.nodes():
        d = {k: sorted(v) if isinstance(v, list) else v for k, v in kg.node(n).items()}
        nodes[n] = d
    info = {k: v for k, v in vars(kg.info).items() if k != "path"}
    return nodes, set(kg.edges()), info


@pytest.mark.parametrize("fmt", sorted(rdf.FORMATS))
def test_round_trip_gives_back_the_same_graph(example, fmt):
    text = rdf.serialize(rdf.to_rdf(example), fmt)
    back = rdf.from_rdf(rdf.parse(text, fmt))
    assert back.counts() == example.counts()
    assert len(back) == len(example) and back.g.number_of_edges() == example.g.number_of_edges()
    assert _snapshot(back) == _snapshot(example)


def test_round_trip_of_every_rule_fixture(tmp_path):
    fixtures = sorted(FIXTURES.glob("EKG*.yaml"))
    assert len(fixtures) == 25
    for path in fixtures:
        kg = load_dataset(materialise(read_fixture(path), tmp_path / path.stem)).graph
        back = rdf.from_rdf(rdf.parse(rdf.serialize(rdf.to_rdf(kg), "nt"), "nt"))
        assert _snapshot(back) == _snapshot(kg), path.stem


def test_export_cli_writes_each_format(tmp_path):
    ds = materialise(read_fixture(FIXTURES / "EKG001.yaml"), tmp_path / "ds")
    kg = load_dataset(ds).graph
    for fmt in sorted(rdf.FORMATS):
        out = tmp_path / f"out.{fmt}"
        r = run_cli("rdf", "export", str(ds), "-f", fmt, "-o", str(out))
        assert r.returncode == 0, r.stderr
        assert "已写入" in r.stderr
        assert rdf.from_rdf(rdf.parse(out.read_text(encoding="utf-8"), fmt)).counts() == kg.counts()
    r = run_cli("rdf", "export", str(ds), "--with-ontology")
    assert r.returncode == 0 and "owl:Ontology" in r.stdout
    r = run_cli("rdf", "export", str(ds), "-f", "xml")
    assert r.returncode == 2 and "格式应为 ttl|jsonld|nt" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("rdf", "export", str(ds), "--base", "not an iri", "--lang", "en")
    assert r.returncode == 2 and "--base must be an http(s) IRI" in r.stderr


# --- SPARQL ----------------------------------------------------------------------------------------

#: a tiny county: the water bureau delegates W1 and W2 to town A by one letter, assigns W2 to town A
#: too; town A lists T1 as its own penalty, handled by a station; staffing for two units
QUERY_CASE = {
    "powers": [
        {"事项编码": "W1", "事项名称": "对在河道管理范围内建设妨碍行洪建筑物的处罚", "职权类型": "行政处罚",
         "实施依据": "《中华人民共和国水法》第六十五条第一款", "实施主体": "示例县水利局"},
        {"事项编码": "W2", "事项名称": "对未经批准擅自取水的处罚", "职权类型": "行政处罚",
         "实施依据": "《中华人民共和国水法》第六十九条", "实施主体": "示例县水利局"},
        {"事项编码": "T1", "事项名称": "对乡村违法建设的处罚", "职权类型": "行政处罚",
         "实施依据": "《中华人民共和国城乡规划法》第六十五条", "实施主体": "甲镇人民政府", "承办机构": "甲镇村镇建设服务站",
         "事项来源": "法定"},
    ],
    "letters": [
        {"委托书编号": "示例委托〔2022〕1号", "委托单位": "示例县水利局", "受委托单位": "甲镇人民政府", "签订日期": "2022-03-01",
         "委托期限起": "2022-03-01", "委托期限止": "2025-02-28", "是否公布": "是"},
    ],
    "delegations": [
        {"委托编号": "D1", "事项编码": "W1", "委托单位": "示例县水利局", "受委托单位": "甲镇人民政府", "赋权方式": "委托",
         "委托依据": "《湖南省行政执法条例》第七条", "委托书编号": "示例委托〔2022〕1号"},
        {"委托编号": "D2", "事项编码": "W2", "委托单位": "示例县水利局", "受委托单位": "甲镇人民政府", "赋权方式": "委托",
         "委托依据": "湘政办发〔2019〕55号", "委托书编号": "示例委托〔2022〕1号"},
    ],
    "adjustments": [
        {"调整编号": "A1", "调整类型": "交由", "原主体": "示例县水利局", "承接主体": "甲镇人民政府", "事项": "W2", "生效日期": "2022-03-01"},
    ],
    "staffing": [
        {"单位": "示例县水利局", "持证执法人员": 40, "法制审核人员": 1, "统计日期": "2023-12-31"},
        {"单位": "甲镇人民政府", "持证执法人员": 10, "法制审核人员": 1, "统计日期": "2023-12-31"},
    ],
}


@pytest.fixture(scope="module")
def query_case(tmp_path_factory) -> tuple[Path, Graph]:
    base = read_fixture(FIXTURES / "_base.yaml")
    dataset = {k: list(v) for k, v in base["dataset"].items()}
    for kind, rows in QUERY_CASE.items():
        dataset.setdefault(kind, []).extend(rows)
    folder = materialise({"rule": "query-case", "as_of": "2023-12-31", "dataset": dataset}, tmp_path_factory.mktemp("q") / "ds")
    result = load_dataset(folder)
    assert not result.problems.errors, [p.message("en") for p in result.problems.errors]
    return folder, rdf.to_rdf(result.graph) + rdf.load_ontology()


def query(graph: Graph, name: str, **bind: str) -> list[dict]:
    return rdf.run_query(graph, rdf.bundled_queries()[name].text, bind).as_dicts()


def test_bundled_queries_have_metadata_and_declared_columns(query_case):
    _, graph = query_case
    queries = rdf.bundled_queries()
    assert len(queries) == EXPECTED_QUERIES, sorted(queries)
    for name, q in queries.items():
        assert {"title", "description", "columns"} <= set(q.meta), name
        assert "/" in q.meta["title"], f"{name}: title needs zh / en"
        table = rdf.run_query(graph, q.text)
        assert table.columns == [c.strip() for c in q.meta["columns"].split(",")], name
        assert table.rows, f"{name} returns nothing on the query case"


def test_township_power_titles(query_case):
    _, graph = query_case
    rows = {(r["township"], r["power"][:8], r["title"], r["grantor"], r["document"]) for r in query(graph, "township-power-titles")}
    assert rows == {
        ("甲镇人民政府", "对乡村违法建设的", "清单：法定", None, None),
        ("甲镇人民政府", "对在河道管理范围", "委托", "示例县水利局", "示例委托〔2022〕1号"),
        ("甲镇人民政府", "对未经批准擅自取", "委托", "示例县水利局", "示例委托〔2022〕1号"),
        ("甲镇人民政府", "对未经批准擅自取", "交由", "示例县水利局", None),
    }
    assert query(graph, "township-power-titles", township="乙镇人民政府") == []


def test_power_authority_chain(query_case):
    _, graph = query_case
    rows = query(graph, "power-authority-chain", code="W1")
    steps = [(r["step"], r["kind"], r["from_party"], r["to_party"], r["level"], r["rank"]) for r in rows]
    assert steps == [
        (1, "法定职权", None, "示例县水利局", "法律", 6),
        (3, "委托", "示例县水利局", "甲镇人民政府", "地方性法规", 4),
    ]
    assert rows[1]["document"] == "示例委托〔2022〕1号" and rows[1]["basis"].startswith("《湖南省行政执法条例》")


def test_letter_expiry_impact(query_case):
    _, graph = query_case
    rows = query(graph, "letter-expiry-impact", letter="示例委托〔2022〕1号")
    assert [(r["power"][:8], r["other_titles"], r["loses"]) for r in rows] == [
        ("对在河道管理范围", "", True),  # W1: only this letter
        ("对未经批准擅自取", "交由", False),  # W2: also assigned to the township
    ]
    assert rows[0]["term_end"] == "2025-02-28" and rows[0]["delegatee"] == "甲镇人民政府"


def test_delegation_basis_levels_uses_the_rank_in_the_data(query_case):
    _, graph = query_case
    rows = {r["power"][:8]: (r["best_rank"], r["statutory"]) for r in query(graph, "delegation-basis-levels")}
    assert rows["对在河道管理范围"] == (4, True)
    assert rows["对未经批准擅自取"][1] is False and rows["对未经批准擅自取"][0] < 3


def test_citations_by_level_highest_first(query_case):
    _, graph = query_case
    rows = query(graph, "citations-by-level")
    ranks = [r["rank"] for r in rows]
    assert ranks == sorted(ranks, reverse=True) and rows[0]["level"] == "法律"
    assert sum(r["citations"] for r in rows) == sum(1 for _ in graph.subject_objects(rdf.EKG.basedOn))


def test_township_penalty_handlers_and_staffing(query_case):
    _, graph = query_case
    assert query(graph, "township-penalty-handlers") == [
        {"township": "甲镇人民政府", "body_kind": "站办所", "bodies": 1, "powers": 1}]
    rows = query(graph, "staffing-review-ratio")
    assert [(r["unit"], r["required"], r["shortfall"]) for r in rows] == [("示例县水利局", 2, 1), ("甲镇人民政府", 1, 0)]


def test_sparql_cli(query_case):
    folder, _ = query_case
    r = run_cli("sparql", str(folder), "township-penalty-handlers", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["rows"] == [{"township": "甲镇人民政府", "body_kind": "站办所", "bodies": 1, "powers": 1}]
    r = run_cli("sparql", str(folder), "SELECT ?n WHERE { ?s a ekg:Letter ; ekg:number ?n }")
    assert r.returncode == 0 and "示例委托〔2022〕1号" in r.stdout and "1 行" in r.stdout
    qfile = folder.parent / "q.rq"
    qfile.write_text("ASK { ?s a ekg:Delegation ; ekg:id ?id }", encoding="utf-8")
    r = run_cli("sparql", str(folder), "-f", str(qfile), "--format", "json", "-b", "id=D2")
    assert r.returncode == 0 and json.loads(r.stdout)["rows"] == [{"answer": True}]
    r = run_cli("sparql", str(folder), "SELECT * WHERE { ?s ?p }")
    assert r.returncode == 2 and "查询有误" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("sparql", str(folder), "no-such-query", "--lang", "en")
    assert r.returncode == 2 and "no bundled query no-such-query" in r.stderr
    r = run_cli("sparql", str(folder), "-b", "oops", "citations-by-level")
    assert r.returncode == 2 and "--bind" in r.stderr


def test_act_kinds_are_one_code_list():
    assert set(rdf.CODE_LISTS["act-kind"][1]) == set(ACT_LABELS)
