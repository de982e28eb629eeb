"""neo4j-admin CSV export and the cypher-shell script."""

from __future__ import annotations

import csv
import re
import subprocess
from pathlib import Path

import pytest
from sample_graphs import sample_graph as shared_sample_graph

from enforcekg.graph import KnowledgeGraph
from enforcekg.neo4j_io import (
    constraint_statements,
    cypher_literal,
    cypher_script_lines,
    cypher_string,
    export_cypher_script,
    export_neo4j_csv,
    inline_parameters,
)
from enforcekg.schema import EDGE_TYPES, NODE_TYPES

HOSTILE = "它's \"quoted\" \\ back\\slash\\\n第二行 '); MATCH (n) DETACH DELETE n; // \t/* x */ \\t \\' end\\"
HOSTILE_LIST = ["c'd", 'e"f', "g\\h", "多行\n文本"]

ADMIN_TYPES = {"int", "long", "float", "double", "boolean", "string", "int[]", "boolean[]", "string[]"}
SCHEMA_TO_ADMIN = {"str": "string", "date": "string", "int": "int", "bool": "boolean", "list[str]": "string[]"}


def sample_graph(aliases: list[str] = HOSTILE_LIST) -> KnowledgeGraph:
    return shared_sample_graph(aliases, HOSTILE)


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def test_node_headers_follow_neo4j_admin_conventions(tmp_path):
    kg = sample_graph()
    export_neo4j_csv(kg, tmp_path)
    for label, n in kg.counts().items():
        if label not in NODE_TYPES:
            continue
        header, rows = read_csv(tmp_path / f"nodes_{label}.csv")
        assert header[:2] == ["id:ID", ":LABEL"]
        assert len(rows) == n, label
        declared = {p.name: p.type for p in NODE_TYPES[label].props}
        for column in header[2:]:
            name, _, admin_type = column.partition(":")
            assert admin_type in ADMIN_TYPES, column
            assert admin_type == SCHEMA_TO_ADMIN[declared[name]], column
        for row in rows:
            assert row[1].split(";") == list(NODE_TYPES[label].labels)
    header, _ = read_csv(tmp_path / "nodes_Provision.csv")
    assert "article:int" in header and "paragraph:int" in header
    header, _ = read_csv(tmp_path / "nodes_Subject.csv")
    assert "admin_organ:boolean" in header and "aliases:string[]" in header and "sources:string[]" in header


def test_relationship_files_have_start_end_type_and_one_row_per_edge(tmp_path):
    kg = sample_graph()
    result = export_neo4j_csv(kg, tmp_path)
    counts = kg.counts()
    for rel in EDGE_TYPES:
        path = tmp_path / f"rels_{rel}.csv"
        if not counts.get(rel):
            assert not path.exists()
            continue
        header, rows = read_csv(path)
        assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
        assert len(rows) == counts[rel] == result["relationships"][rel]
        assert {r[2] for r in rows} == {rel}
        ids = set(kg.nodes())
        assert all(r[0] in ids and r[1] in ids for r in rows)


def test_values_round_trip_through_csv_quoting(tmp_path):
    kg = sample_graph()
    export_neo4j_csv(kg, tmp_path)
    header, rows = read_csv(tmp_path / "nodes_Subject.csv")
    water = dict(zip(header, next(r for r in rows if r[0] == "s:water"), strict=True))
    assert water["note:string"] == HOSTILE
    assert water["aliases:string[]"].split(";") == HOSTILE_LIST
    assert water["admin_organ:boolean"] == "true"
    town = dict(zip(header, next(r for r in rows if r[0] == "s:town"), strict=True))
    assert town["note:string"] == ""  # absent property: empty, unquoted field
    raw = (tmp_path / "nodes_Subject.csv").read_text(encoding="utf-8")
    assert ',,' in raw  # missing values are unquoted empties, so neo4j-admin stores no property


def test_array_delimiter_changes_when_a_value_contains_it(tmp_path):
    kg = sample_graph(aliases=["a;b", "c"])
    result = export_neo4j_csv(kg, tmp_path)
    assert result["array_delimiter"] == "|"
    assert "--array-delimiter='|'" in (tmp_path / "import.sh").read_text(encoding="utf-8")
    header, rows = read_csv(tmp_path / "nodes_Subject.csv")
    water = dict(zip(header, next(r for r in rows if r[0] == "s:water"), strict=True))
    assert water["aliases:string[]"].split("|") == ["a;b", "c"]
    assert water[":LABEL"] == "Subject"


def test_import_script_names_every_file_and_is_valid_shell(tmp_path):
    result = export_neo4j_csv(sample_graph(), tmp_path)
    script = tmp_path / "import.sh"
    text = script.read_text(encoding="utf-8")
    assert "neo4j-admin database import full" in text
    assert "--multiline-fields=true" in text and "--array-delimiter=';'" in text
    for f in result["files"]:
        if f.suffix == ".csv":
            flag = "--nodes" if f.name.startswith("nodes_") else "--relationships"
            assert f'{flag}="$HERE/{f.name}"' in text
    assert script.stat().st_mode & 0o111
    subprocess.run(["sh", "-n", str(script)], check=True)
    constraints = (tmp_path / "constraints.cypher").read_text(encoding="utf-8")
    assert all(stmt in constraints for stmt in constraint_statements())


# --- Cypher literals and the cypher-shell script ---------------------------------------------------


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        ("plain", "'plain'"),
        ("it's", "'it\\'s'"),
        ("back\\slash", "'back\\\\slash'"),
        ("ends with \\", "'ends with \\\\'"),
        ("\\'", "'\\\\\\''"),
        ("two\nlines\ttab", "'two\\nlines\\ttab'"),
        ("nul\x00bell\x07", "'nul\\u0000bell\\u0007'"),
        ('"double"', "'\"double\"'"),
        ("中文；", "'中文；'"),
    ],
)
def test_cypher_string_escapes(value, literal):
    assert cypher_string(value) == literal


def test_cypher_literal_types():
    assert cypher_literal({"a b": [1, 2.5, True, None, "x"]}) == "{`a b`: [1, 2.5, true, null, 'x']}"
    assert cypher_literal(1e300) == "1e300"
    with pytest.raises(ValueError):
        cypher_literal(float("nan"))
    with pytest.raises(ValueError):
        cypher_literal(2**64)
    with pytest.raises(ValueError):  # FalkorDB strings are C strings
        inline_parameters("RETURN $v", {"v": "a\x00b"})
    assert inline_parameters("RETURN $v", {"v": "it's"}) == "CYPHER v='it\\'s' RETURN $v"


def test_script_is_one_parameter_free_statement_per_line(tmp_path):
    kg = sample_graph()
    path = export_cypher_script(kg, tmp_path / "graph.cypher")
    lines = path.read_text(encoding="utf-8").splitlines()
    statements = [ln for ln in lines if not ln.startswith("//")]
    assert all(ln.endswith(";") for ln in statements)
    assert not any(re.search(r"\$[A-Za-z_]", _strip_strings(ln)) for ln in statements)
    merges = [ln for ln in statements if ln.startswith("MERGE (n:")]
    assert len(merges) == len(kg)
    rels = [ln for ln in statements if ln.startswith("MATCH (a:")]
    assert len(rels) == sum(1 for _ in kg.edges())
    assert any("SET n:Act" in ln for ln in merges)
    assert any(cypher_string(HOSTILE) in ln for ln in merges)


def _strip_strings(line: str) -> str:
    return re.sub(r"'(?:[^'\\]|\\.)*'", "''", line)


@pytest.mark.bolt
def test_script_round_trips_hostile_values_on_a_real_server(bolt):
    """Run the script's statements on FalkorDB (which parses the same escapes) and read values back."""
    kg = sample_graph()
    driver = bolt.driver()
    for line in cypher_script_lines(kg):
        if line.startswith("//") or line.startswith("CREATE "):
            continue  # comments; constraints are Neo4j-only
        with driver.session() as session:
            session.run(line.rstrip(";")).consume()
    rows = bolt.run("MATCH (s:Subject {id: 's:water'}) RETURN s.note AS note, s.aliases AS aliases")
    assert rows == [{"note": HOSTILE, "aliases": HOSTILE_LIST}]
    assert bolt.run("MATCH (n) RETURN count(n) AS n") == [{"n": len(kg)}]
    assert bolt.run("MATCH ()-[r]->() RETURN count(r) AS r") == [{"r": sum(1 for _ in kg.edges())}]
