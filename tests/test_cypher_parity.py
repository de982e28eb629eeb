"""The rules' Cypher files on a real Bolt server (FalkorDB) give the same findings as the Python checks.

Every dataset (each rule fixture and each bundled example) is loaded through ``neo4j_io.load_graph`` —
the code path of ``enforcekg neo4j load`` — and every rule's ``.cypher`` file runs on it with ``$asOf``
set to the fixture's / dataset's audit date.  The findings (ids, messages, legal bases, unit and
township) must equal those of ``enforcekg audit`` on the same data, for every rule, on every dataset.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest
from rule_cases import fixture_files, load_case

from enforcekg.audit import run_audit
from enforcekg.dataset import load_dataset
from enforcekg.explain import query_path
from enforcekg.legal.registry import Registry
from enforcekg.neo4j_audit import (
    RULE_COLUMNS,
    RuleQueryError,
    audit_server,
    rows_to_hits,
    rule_query,
)
from enforcekg.neo4j_io import load_graph, run_query
from enforcekg.rules import REGISTRY
from enforcekg.rules.law import render

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (ROOT / "data" / "examples").iterdir() if (p / "dataset.yaml").exists())
FIXTURES = fixture_files()
ANALYST = sorted((ROOT / "queries" / "analyst").glob("*.cypher"))
REGISTRY_OF_STATUTES = Registry.load_default()


def comparable(report) -> dict[str, dict[str, tuple]]:
    """rule -> finding id -> everything a reader sees of the finding."""
    out: dict[str, dict[str, tuple]] = {rule: {} for rule in report.rules_run}
    for f in report.findings:
        out[f.rule][f.id] = (f.message, f.legal_basis, f.subject.name, [r.name for r in f.related],
                             f.unit.id if f.unit else None, f.township.id if f.township else None)
    return out


def assert_parity(kg, as_of: str, bolt) -> dict[str, dict[str, tuple]]:
    """Load ``kg`` through the Neo4j loader, run every rule both ways, compare; return the findings."""
    load_graph(kg, bolt.driver(), bolt.database, wipe=True)
    expected = comparable(run_audit(kg, as_of=as_of))
    actual = comparable(audit_server(bolt.driver(), bolt.database, as_of, params={"province": kg.info.province}))
    assert sorted(actual) == sorted(REGISTRY)
    mismatches = {
        rule: {"python only": sorted(set(expected[rule]) - set(actual[rule])),
               "cypher only": sorted(set(actual[rule]) - set(expected[rule])),
               "different text": sorted(i for i in set(expected[rule]) & set(actual[rule])
                                        if expected[rule][i] != actual[rule][i])}
        for rule in REGISTRY
        if expected[rule] != actual[rule]
    }
    assert not mismatches, mismatches
    return actual


def test_every_rule_has_a_query_and_a_fixture_case():
    """The suite covers the whole registry: one .cypher file and one fixture per rule, no more, no less."""
    covered = {p.stem for p in FIXTURES} & {r.id for r in REGISTRY.values() if query_path(r).exists()}
    assert len(covered) == len(REGISTRY) == 25
    files = sorted(query_path(REGISTRY["EKG001"]).parent.glob("EKG*.cypher"))
    assert sorted(f.name for f in files) == sorted(query_path(r).name for r in REGISTRY.values())
    assert len(EXAMPLES) == 2


@pytest.mark.parametrize("rule", list(REGISTRY.values()), ids=lambda r: r.id)
def test_query_file_is_for_people(rule):
    """Multi-line, a header naming the rule, $asOf, and the five finding columns in order."""
    text = rule_query(rule)
    head = text.split("\n\n", 1)[0]
    for part in (rule.id, rule.slug, rule.title_zh, rule.title_en):
        assert part in head, f"{rule.id}: header lacks {part!r}"
    assert "法律依据：" in head and "Articles:" in head
    for ref in rule.legal_refs:
        assert render(ref, REGISTRY_OF_STATUTES, None, "zh") in head, f"{rule.id}: header lacks {ref}"
    assert "$asOf" in head and text.count("\n") > 15
    returned = text.rsplit("RETURN", 1)[1]
    positions = [returned.index(f" AS {col}") for col in RULE_COLUMNS]
    assert positions == sorted(positions), f"{rule.id}: columns must be {RULE_COLUMNS} in this order"


#: ``<literal>  // = enforcekg.module.NAME``: the literal on that line restates a Python constant
MARKER = re.compile(r"^(?P<code>.*?)\s*//\s*=\s*(?P<name>enforcekg(?:\.\w+)+)\s*$")
WHEN = re.compile(r"WHEN\s+('[^']*')\s+THEN\s+(\[.*?\])")


def _constant(dotted: str):
    module, name = dotted.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


def _restated(lines: list[str], i: int, code: str):
    """The value a marked line restates: a list or string literal, or the WHEN/THEN lines of a CASE."""
    if code.rstrip().endswith("CASE power.category"):
        cases = {}
        for line in lines[i + 1:]:
            if line.strip() == "END":
                return cases
            key, value = WHEN.search(line).groups()
            cases[ast.literal_eval(key)] = ast.literal_eval(value)
        raise AssertionError("CASE without END")
    literals = re.findall(r"\[[^\[\]]*\]|'[^']*'", code)
    assert literals, f"no literal before the marker in: {code}"
    return ast.literal_eval(literals[-1])


def _normal(value):
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    return value if isinstance(value, str) else set(value)


def test_constants_restated_in_cypher_match_python():
    """Lists the queries restate (ended statuses, levels ...) are the Python constants, no drift."""
    checked = 0
    for path in sorted((ROOT / "queries").rglob("*.cypher")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            m = MARKER.match(line)
            if m and not line.lstrip().startswith("//"):
                value = _restated(lines, i, m.group("code"))
                assert _normal(value) == _normal(_constant(m.group("name"))), f"{path.name}:{i + 1}: {m.group('name')}"
                checked += 1
    assert checked >= 54


@pytest.mark.bolt
@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_fixture_parity(path, tmp_path, bolt):
    fx, res = load_case(path, tmp_path)
    assert not res.problems.errors
    found = assert_parity(res.graph, str(fx["as_of"]), bolt)
    own = found[fx["rule"]]
    assert own, f"{fx['rule']}: its own fixture must give the Cypher query something to find"


@pytest.mark.bolt
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_example_parity(example, bolt):
    res = load_dataset(example)
    assert not res.problems.errors
    found = assert_parity(res.graph, res.graph.info.audit_date, bolt)
    assert sum(len(v) for v in found.values()) > 0


def test_rows_that_are_not_findings_are_refused():
    rule = REGISTRY["EKG001"]
    good = {"rule": "EKG001", "subject": "D1", "related": ["a", "b", "p"], "unit": "a", "township": None}
    assert rows_to_hits(rule, [good, good]) == rows_to_hits(rule, [good])  # duplicates dropped
    assert rows_to_hits(rule, [good])[0].related == ("a", "b", "p")
    for bad, why in (({**good, "rule": "EKG002"}, "names rule"), ({k: good[k] for k in RULE_COLUMNS[:4]}, "columns"),
                     ({**good, "related": "a"}, "list of ids")):
        with pytest.raises(RuleQueryError, match=why):
            rows_to_hits(rule, [bad])


def test_the_parity_cases_cover_every_rule():
    """A constant check so the parametrised suite above cannot shrink silently."""
    assert len(FIXTURES) == len(REGISTRY) == 25
    assert {p.stem for p in FIXTURES} == set(REGISTRY)


# -- analyst queries -----------------------------------------------------------------------------

XIANGXIANG = ROOT / "data" / "examples" / "xiangxiang-2023"


def _titles(rows):
    assert {r["title"] for r in rows} == {"法定", "委托"}  # the example has no 交由
    assert all(r["township"].endswith(("人民政府", "办事处")) for r in rows)


def _chain(rows):
    assert [r["step"] for r in rows] == sorted(r["step"] for r in rows)
    transfer = [r for r in rows if r["kind"] == "Transfer"]
    assert [(r["from"], r["to"], r["date"]) for r in transfer] == [("湘乡市自然资源局", ["湘乡市农业农村局"], "2023-07-13")]
    assert {1, 2, 4, 5} <= {r["step"] for r in rows}


def _expiry(rows):
    assert len(rows) == 3
    assert {(r["delegatee"], r["delegator"], r["loses"]) for r in rows} == {("湘乡市棋梓镇人民政府", "湘乡市水利局", True)}


def _without_basis(rows):
    # the 湘乡 report: of 16 delegated items 7 lack a legal basis — 水利局 4, 农业农村局 1, 林业局 2
    assert {r["unit"]: r["without_basis"] for r in rows} == {"湘乡市水利局": 4, "湘乡市农业农村局": 1, "湘乡市林业局": 2}


def _several_holders(rows):
    # the EKG017 fixture: the power P:Z1 is listed as its own by 农业农村局 and 自然资源局 of one county
    assert [(r["holder_ids"], r["area"]) for r in rows] == [(["nyj", "zrj"], "示例县")]


#: analyst query -> (dataset: example folder or rule fixture id, parameters, check of the rows)
ANALYST_CASES = {
    "township_powers_by_title": (XIANGXIANG, {}, _titles),
    "authority_chain": (XIANGXIANG, {"power": "ZJD-CF-01"}, _chain),
    "letter_expiry_impact": (XIANGXIANG, {"letter": "湘乡委托〔2021〕01号（重构）"}, _expiry),
    "delegations_without_basis_by_unit": (XIANGXIANG, {}, _without_basis),
    "powers_with_several_holders": ("EKG017", {}, _several_holders),
}


def test_every_analyst_query_has_a_case():
    assert sorted(p.stem for p in ANALYST) == sorted(ANALYST_CASES)
    assert len(ANALYST) == 5


@pytest.mark.bolt
@pytest.mark.parametrize("name", sorted(ANALYST_CASES))
def test_analyst_query_on_an_example(name, tmp_path, bolt):
    source, params, check = ANALYST_CASES[name]
    if isinstance(source, Path):
        res = load_dataset(source)
    else:
        _, res = load_case(next(p for p in FIXTURES if p.stem == source), tmp_path)
    load_graph(res.graph, bolt.driver(), bolt.database, wipe=True)
    text = (ROOT / "queries" / "analyst" / f"{name}.cypher").read_text(encoding="utf-8")
    rows = run_query(bolt.driver(), bolt.database, text, {"asOf": res.graph.info.audit_date, **params})
    assert rows, f"{name} returned nothing"
    check(rows)
