"""The SHACL shapes: valid SHACL, one shape per rule, and the same findings as the Python audit.

Every rule that has a shape must flag, through pySHACL, exactly the findings (rule + subject + related, unit,
township, message) the Python check flags, on the rule's fixture and on both bundled examples. The rules without
a shape must be exactly those ontology/README.md lists.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SH
from rule_cases import fixture_files, load_case

from enforcekg import rdf, shacl
from enforcekg.audit import run_audit
from enforcekg.authority import ENDED_STATUSES, MOVED_OUT
from enforcekg.dataset import load_dataset
from enforcekg.explain import FIXTURES
from enforcekg.fixtures import materialise, read_fixture
from enforcekg.graph import KnowledgeGraph
from enforcekg.resources import ontology_dir
from enforcekg.rules import REGISTRY
from enforcekg.rules.common import CREATING_LEVELS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (ROOT / "data" / "examples").iterdir() if (p / "dataset.yaml").exists())
#: rules with a SHACL shape (all of them: see ontology/README.md, "Rules SHACL cannot express")
COVERED_RULES = 25
SEVERITY = {"error": SH.Violation, "warning": SH.Warning, "info": SH.Info}


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "enforcekg", *args], capture_output=True, text=True, timeout=300, check=False,
                          env={"COLUMNS": "160", "PATH": "/usr/bin:/bin"})


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return rdf.load_shapes()


# --- the shapes graph ------------------------------------------------------------------------------


def test_shapes_graph_validates_against_shacl_shacl(shapes):
    meta = Graph().parse(Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl", format="turtle")
    conforms, report, text = pyshacl.validate(shapes, shacl_graph=meta, inference="none")
    assert conforms, text
    assert len(list(report.subjects(RDF.type, SH.ValidationResult))) == 0
    # the meta-shapes do catch a malformed shape
    broken = Graph()
    broken.add((rdf.EKGSH.Broken, RDF.type, SH.NodeShape))
    broken.add((rdf.EKGSH.Broken, SH.minCount, Literal("one")))
    assert not pyshacl.validate(broken, shacl_graph=meta, inference="none")[0]


def test_one_shape_per_rule_with_the_rule_metadata(shapes):
    found = shacl.rule_shapes(shapes)
    assert len(found) == COVERED_RULES
    assert set(found) <= set(REGISTRY)
    for rule_id, shape in found.items():
        rule = REGISTRY[rule_id]
        assert (shape, SH.severity, SEVERITY[rule.severity]) in shapes, rule_id
        assert str(shapes.value(shape, RDFS.label)) == f"{rule.id} {rule.slug}"
        assert {str(c) for c in shapes.objects(shape, RDFS.comment)} == {rule.title_zh, rule.title_en}, rule_id
        constraints = list(shapes.objects(shape, SH.sparql))
        assert len(constraints) == 1, rule_id
        messages = list(shapes.objects(constraints[0], SH.message))
        assert {m.language for m in messages} == {"zh", "en"}, rule_id
        assert all("{?" in str(m) for m in messages), f"{rule_id}: messages must keep the offending values"
        select = str(shapes.value(constraints[0], SH.select))
        projected = re.search(r"SELECT(.*?)WHERE", select, re.DOTALL).group(1).split()
        related = [v for v in projected if re.fullmatch(r"\?r\d", v)]
        assert related == [f"?r{i}" for i in range(len(rule.related_types))], rule_id
        assert projected[0] == "$this" and "?unit" in projected, rule_id


def _readme_uncovered() -> set[str]:
    text = (ontology_dir() / "README.md").read_text(encoding="utf-8")
    section = re.split(r"\n##+ ", text.split("### Rules SHACL cannot express", 1)[1], maxsplit=1)[0]
    listed = set(re.findall(r"^- (EKG\d{3}): \S", section, re.MULTILINE))
    if not listed:
        assert section.strip().startswith("None"), "the README must list the rules without a shape, or say None"
    return listed


def test_rules_without_shapes_are_the_ones_the_readme_lists(shapes):
    uncovered = set(REGISTRY) - set(shacl.rule_shapes(shapes))
    assert uncovered == _readme_uncovered()
    assert len(REGISTRY) - len(uncovered) == COVERED_RULES


def test_audit_context_carries_the_rule_parameters():
    g = shacl.context_graph("2023-12-31")
    ctx = next(g.subjects(RDF.type, rdf.EKG.AuditContext))
    for name in rdf.CONTEXT_TERMS:
        assert list(g.objects(ctx, rdf.EKG[name])), name
    assert g.value(ctx, rdf.EKG.asOf) == Literal("2023-12-31", datatype=rdf.XSD.date)
    assert {str(o) for o in g.objects(ctx, rdf.EKG.endedStatus)} == set(ENDED_STATUSES)
    assert {str(o) for o in g.objects(ctx, rdf.EKG.movedOutStatus)} == set(MOVED_OUT)
    pairs = {(rdf.concept_value(c), rdf.concept_value(lvl)) for c, lvl in g.subject_objects(rdf.EKG.creatableBy)}
    assert pairs == {(c, lvl) for c, levels in CREATING_LEVELS.items() for lvl in levels}


# --- SHACL findings == Python findings -------------------------------------------------------------


def _key(f) -> tuple:
    return (f.id, f.rule, f.subject.id, tuple(r.id for r in f.related), f.unit.id if f.unit else None,
            f.township.id if f.township else None, f.message, f.legal_basis)


def _compare(kg: KnowledgeGraph, as_of: str | None, lang: str = "zh") -> tuple[set, set, shacl.ShaclAudit]:
    audit = shacl.shacl_audit(kg, as_of=as_of, lang=lang)
    python = run_audit(kg, as_of=audit.report.as_of, rules=audit.covered, lang=lang)
    return {_key(f) for f in python.findings}, {_key(f) for f in audit.report.findings}, audit


CASES = [p for p in fixture_files() if p.stem in shacl.rule_shapes(rdf.load_shapes())]


def test_every_covered_rule_has_a_fixture_case():
    assert len(CASES) == COVERED_RULES


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_shacl_flags_what_python_flags_on_the_fixture(path, tmp_path):
    fx, res = load_case(path, tmp_path)
    assert not res.problems.errors
    python, from_shacl, audit = _compare(res.graph, str(fx["as_of"]))
    assert from_shacl == python, f"only Python: {sorted(python - from_shacl)}; only SHACL: {sorted(from_shacl - python)}"
    flagged = {k[2] for k in from_shacl if k[1] == fx["rule"]}
    assert flagged == {str(x) for x in fx["flag"]}
    assert not flagged & {str(x) for x in fx["pass"]}
    assert audit.structural == [], [shacl.structural_message(r) for r in audit.structural]
    assert audit.report.rules_run == audit.covered and len(audit.covered) == COVERED_RULES


@pytest.fixture(scope="module", params=[p.name for p in EXAMPLES])
def example_audit(request):
    kg = load_dataset(ROOT / "data" / "examples" / request.param).graph
    return kg, _compare(kg, None)


def test_shacl_flags_what_python_flags_on_the_examples(example_audit):
    assert len(EXAMPLES) == 2
    kg, (python, from_shacl, audit) = example_audit
    assert from_shacl == python, f"only Python: {sorted(python - from_shacl)[:5]}; only SHACL: {sorted(from_shacl - python)[:5]}"
    assert python, f"{kg.info.name}: the example should have findings"
    assert audit.structural == [], [shacl.structural_message(r) for r in audit.structural]


def test_examples_report_the_same_tallies(example_audit):
    kg, (_python, _shacl, audit) = example_audit
    python = run_audit(kg, as_of=audit.report.as_of, rules=audit.covered)
    assert [t.as_dict() for t in audit.report.tallies] == [t.as_dict() for t in python.tallies]


# --- structural results ----------------------------------------------------------------------------


def test_structural_violations_are_reported_with_the_offending_value():
    kg = KnowledgeGraph()
    kg.add_node("Subject", "s1", name="某公司", kind="不存在的类型", admin_organ=False)
    kg.add_node("Power", "p1", name="某事项", category="行政处罚")
    data = rdf.to_rdf(kg)
    s1 = rdf.node_iri("Subject", "s1")
    data.add((s1, rdf.EKG.undeclared, Literal("x")))
    data.add((rdf.node_iri("Power", "p1"), rdf.EKG.code, Literal(7)))
    run = shacl.validate(data, "2023-12-31")
    assert not run.conforms and run.rule_results == []
    by_path = {shacl._short(r.path): r for r in run.structural}
    assert set(by_path) == {"ekg:kind", "ekg:undeclared", "ekg:code"}
    assert "不在代码表中" in shacl.structural_message(by_path["ekg:kind"]) and "%E4%B8%8D" in shacl.structural_message(by_path["ekg:kind"])
    assert shacl.structural_message(by_path["ekg:undeclared"], "en").startswith("undeclared property ekg:undeclared")
    assert "wrong type (7)" in shacl.structural_message(by_path["ekg:code"], "en")
    rows = shacl.structural_rows(run.structural)
    assert {r["node"] for r in rows} == {"Subject/s1", "Power/p1"} and all(r["severity"] == "error" for r in rows)
    assert {r["shape"] for r in rows} == {"SubjectShape", "PowerShape"}


# --- the command -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ds(tmp_path_factory) -> Path:
    return materialise(read_fixture(FIXTURES / "EKG007.yaml"), tmp_path_factory.mktemp("v") / "ds")


def test_rdf_validate_prints_the_audit_report(ds):
    audit = json.loads(run_cli("audit", str(ds), "--format", "json").stdout)
    r = run_cli("rdf", "validate", str(ds), "--format", "json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert [f["id"] for f in out["findings"]] == [f["id"] for f in audit["findings"]]
    assert [f["message"] for f in out["findings"]] == [f["message"] for f in audit["findings"]]
    assert out["summary"]["rules_run"] == COVERED_RULES
    r = run_cli("rdf", "validate", str(ds), "--format", "csv", "--lang", "en")
    assert r.returncode == 0 and r.stdout.startswith("id,rule,slug") and "leaves" in r.stdout
    r = run_cli("rdf", "validate", str(ds), "--format", "md", "--as-of", "2023-12-31", "--fail-on", "warning")
    assert r.returncode == 1 and "## EKG007" in r.stdout
    r = run_cli("rdf", "validate", str(ds))
    assert r.returncode == 0 and "EKG007" in r.stdout and "问题总数" in r.stdout
    r = run_cli("rdf", "validate", str(ds), "--as-of", "31/12/2023x")
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr and "Traceback" not in r.stderr


def test_rdf_validate_rejects_bad_input_like_audit(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "subjects.csv").write_text("主体编码,名称\ns1,\n", encoding="utf-8")
    r = run_cli("rdf", "validate", str(bad))
    assert r.returncode == 3 and "Traceback" not in r.stderr
