"""Neo4j's own Cypher linter over our schema: the harness is proven, then every queries/ file is linted."""

from __future__ import annotations

from pathlib import Path

import pytest

from enforcekg import neo4j_io
from enforcekg.cypher_lint import lint_files, lint_queries, linter_schema, problems
from enforcekg.graph import KnowledgeGraph
from enforcekg.neo4j_io import cypher_script_lines
from enforcekg.schema import EDGE_TYPES, all_labels, all_property_names

pytestmark = pytest.mark.lint

ROOT = Path(__file__).resolve().parents[1]

GOOD = """\
// A query written the portable way: OPTIONAL MATCH + count, pattern predicates, ISO date strings.
// @param minBases
MATCH (d:Act:Delegation)-[:FROM]->(s:Subject)
OPTIONAL MATCH (d)-[:BASED_ON]->(p:Provision)-[:PART_OF]->(i:Instrument)
WITH d, s, count(p) AS bases, collect(i.title) AS titles
WHERE d.date <= $asOf AND bases < $minBases AND NOT (d)-[:RECORDED_IN]->(:Document)
RETURN d.id AS delegation, s.name AS subject, bases, size(titles) AS instruments,
       CASE WHEN s.admin_organ THEN 'organ' ELSE 'other' END AS kind, coalesce(d.end, '') AS term_end
ORDER BY delegation
"""

BAD = """\
MATCH (d:Delegaton)-[:FROM]->(s:Subject)
WHERE d.date <= $asOf
RETRN d.id
"""

HOSTILE = "它's \"q\" \\ '); MATCH (n) DETACH DELETE n; //"


def loader_statements() -> dict[str, str]:
    """One instance of every statement template the loader runs (checked on FalkorDB elsewhere).

    Templates differ only in schema names, so one per shape is linted: a plain node type, one with
    each shared label, one relationship, and the schema, count, wipe and probe statements.
    """
    header = "// @param rows\n// @param limit\n// @param probe\n"
    shapes: dict[tuple[str, ...], str] = {}
    for label, t in neo4j_io.NODE_TYPES.items():
        shapes.setdefault(t.extra_labels, label)
    e = next(iter(EDGE_TYPES.values()))
    counts = neo4j_io.count_statements()
    statements = {
        "probe": neo4j_io.PROBE_STATEMENT,
        "wipe": neo4j_io.WIPE_STATEMENT,
        "constraint": neo4j_io.constraint_statements()[0],
        "index": neo4j_io.index_statements()[0],
        "count-nodes": counts["Act"],
        "count-rels": counts[e.type],
        **{f"nodes:{label}": neo4j_io.node_statement(label) for label in shapes.values()},
        f"rels:{e.type}": neo4j_io.relationship_statement((e.sources[0], e.type, e.targets[0])),
    }
    return {f"loader/{k}": header + q for k, q in statements.items()}


def exported_script() -> str:
    kg = KnowledgeGraph()
    kg.add_node("Subject", "s'1", name=HOSTILE, kind="其他", admin_organ=False,
                aliases=["a\\", "b\nc", "nul\x00", "\u2028"])
    kg.add_node("Delegation", "d\\1", kind="Delegation", date="2022-01-01")
    kg.add_edge("d\\1", "FROM", "s'1")
    return "\n".join(cypher_script_lines(kg))


@pytest.fixture(scope="module")
def harness() -> dict:
    """The harness queries, linted for real (never from the cache), plus the generated statements."""
    proof = lint_queries(
        {
            "good.cypher": GOOD,
            "bad.cypher": BAD,
            "undefined.cypher": "MATCH (s:Subject) RETURN t.name",
            "portability.cypher": "MATCH (d:Delegation) WHERE EXISTS { MATCH (d)-[:FROM]->() } RETURN d.id",
            "param.cypher": "MATCH (d:Delegation) WHERE d.date > $since RETURN d.id",
            "path.cypher": "MATCH (p:Power)-[:FROM]->(s:Subject) RETURN p.id",
        },
        cache=False,
    )
    generated = lint_queries({"script/graph.cypher": exported_script(), **loader_statements()})
    return {**proof, **generated}


def test_good_query_is_clean(harness):
    assert harness["good.cypher"] == []


def test_unknown_label_and_syntax_error_are_reported(harness):
    diags = harness["bad.cypher"]
    assert any(d.severity == "warning" and "Label Delegaton is not present" in d.message for d in diags)
    syntax = [d for d in diags if d.severity == "error" and "Invalid input 'RETRN'" in d.message]
    assert syntax and syntax[0].line == 3 and syntax[0].column == 1


def test_undefined_variable_undeclared_parameter_and_impossible_path_are_reported(harness):
    assert any(d.severity == "error" and "Variable `t` not defined" in d.message for d in harness["undefined.cypher"])
    assert any(d.severity == "error" and "$since" in d.message for d in harness["param.cypher"])
    assert any(d.severity == "warning" and "has no incoming (:Power)" in d.message for d in harness["path.cypher"])


def test_non_portable_constructs_are_reported(harness):
    diags = harness["portability.cypher"]
    assert any(d.source == "enforcekg" and "EXISTS" in d.message for d in diags)


def test_linter_schema_is_derived_from_the_schema():
    schema = linter_schema({"extra": 1})
    assert schema["labels"] == all_labels() and {"Act", "Document"} <= set(schema["labels"])
    assert schema["relationshipTypes"] == list(EDGE_TYPES)
    assert schema["propertyKeys"] == all_property_names()
    assert schema["parameters"] == {"asOf": "2024-01-01", "extra": 1}
    triples = {(g["from"], g["relType"], g["to"]) for g in schema["graphSchema"]}
    assert ("Delegation", "FROM", "Subject") in triples and ("Act", "FROM", "Subject") in triples


def test_exported_cypher_script_parses_with_neo4js_parser(harness):
    """Neo4j's own parser accepts the script's quoting of hostile values."""
    assert [d for d in harness["script/graph.cypher"] if d.severity == "error"] == []


def test_loader_statements_are_valid_neo4j_5_cypher(harness):
    """The statements load_graph runs on FalkorDB also parse and analyse as Neo4j 5 Cypher.

    Only errors count: the linter takes ``row.s``/``row.t`` (keys of an UNWIND map) for unknown
    node properties and warns about them.
    """
    loader = {k: v for k, v in harness.items() if k.startswith("loader/")}
    assert len(loader) == len(loader_statements())
    found = problems(loader, severities=("error",))
    assert found == [], "\n" + "\n".join(str(d) for d in found)


def test_every_query_file_lints_clean():
    """Every queries/**/*.cypher file: no errors, no warnings.  Runs (and counts) even when there are none."""
    paths = sorted((ROOT / "queries").rglob("*.cypher"))
    results = lint_files(paths)
    assert sorted(results) == sorted(str(p) for p in paths)  # nothing silently dropped
    found = problems(results)
    assert found == [], "\n" + "\n".join(str(d) for d in found)
