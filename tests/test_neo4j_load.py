"""The Neo4j loader against a real FalkorDB server over Bolt (no mocks)."""

from __future__ import annotations

import time
import traceback

import pytest
from sample_graphs import sample_graph as shared_sample_graph

from enforcekg.bolt_server import free_port, start_server
from enforcekg.graph import KnowledgeGraph
from enforcekg.neo4j_io import (
    LoadProgress,
    Neo4jIOError,
    Neo4jLoadError,
    ensure_schema,
    graph_counts,
    load_graph,
    run_query,
)
from enforcekg.schema import NODE_TYPES

pytestmark = pytest.mark.bolt

HOSTILE = "它's \"quoted\" \\ back\\slash\\\n第二行 '); MATCH (n) DETACH DELETE n; // \t/* x */ \\t \\' end\\"
HOSTILE_LIST = ["a;b", "c'd", 'e"f', "g\\h", "多行\n文本", ""]


def sample_graph(extra_powers: int = 0) -> KnowledgeGraph:
    return shared_sample_graph(HOSTILE_LIST, HOSTILE, extra_powers)


def expected_counts(kg: KnowledgeGraph) -> dict[str, int]:
    """Counts per label (primary and shared) and per relationship type, from the in-memory graph."""
    counts = kg.counts()
    for label, t in NODE_TYPES.items():
        for shared in t.extra_labels:
            counts[shared] = counts.get(shared, 0) + counts.get(label, 0)
    return counts


def nonzero(counts: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in counts.items() if v}


def test_load_writes_every_label_and_type(bolt):
    kg = sample_graph()
    report = load_graph(kg, bolt.driver(), bolt.database, batch_size=2)
    stored = nonzero(graph_counts(bolt.driver(), bolt.database))
    assert stored == nonzero(expected_counts(kg))
    assert stored["Act"] == 2  # Holding + Delegation carry the shared label
    assert report.total_nodes == len(kg) == report.nodes_created
    assert report.total_relationships == sum(1 for _ in kg.edges()) == report.relationships_created
    assert report.nodes == {label: n for label, n in kg.counts().items() if label in NODE_TYPES}
    labels = bolt.run("MATCH (d {id: $id}) RETURN labels(d) AS labels", {"id": "d:1"})[0]["labels"]
    assert sorted(labels) == ["Act", "Delegation"]


def test_loading_twice_gives_the_same_graph(bolt):
    kg = sample_graph()
    load_graph(kg, bolt.driver(), bolt.database, batch_size=3)
    first = graph_counts(bolt.driver(), bolt.database)
    again = load_graph(kg, bolt.driver(), bolt.database, batch_size=3)
    assert graph_counts(bolt.driver(), bolt.database) == first
    assert again.nodes_created == 0 and again.relationships_created == 0
    assert again.total_nodes == len(kg)


def test_hostile_values_round_trip_unchanged(bolt):
    kg = sample_graph()
    load_graph(kg, bolt.driver(), bolt.database)
    row = bolt.run("MATCH (s:Subject {id: $id}) RETURN s.note AS note, s.aliases AS aliases", {"id": "s:water"})
    assert row == [{"note": HOSTILE, "aliases": HOSTILE_LIST}]
    # The hostile text also works as a query parameter, and nothing was deleted by it.
    found = bolt.run("MATCH (s:Subject) WHERE s.note = $v RETURN s.id AS id", {"v": HOSTILE})
    assert found == [{"id": "s:water"}]
    assert graph_counts(bolt.driver(), bolt.database)["Subject"] == 3


def test_types_survive_the_load(bolt):
    load_graph(sample_graph(), bolt.driver(), bolt.database)
    row = bolt.run(
        "MATCH (i:Instrument) RETURN i.level_rank AS rank, i.published AS published, i.effective AS effective, "
        "i.article_count AS n, i.repealed AS repealed"
    )
    assert row == [{"rank": 7, "published": True, "effective": "2016-07-02", "n": 82, "repealed": None}]


def test_large_batches_pass_falkordbs_parameter_limit(bolt):
    """FalkorDB pastes Bolt parameters into a 4 KB buffer; our inline transport has no such limit."""
    kg = sample_graph(extra_powers=300)
    report = load_graph(kg, bolt.driver(), bolt.database, batch_size=500)
    assert report.transport == "inline"
    assert graph_counts(bolt.driver(), bolt.database)["Power"] == 301


def test_session_factory_is_accepted(bolt):
    driver = bolt.driver()
    report = load_graph(sample_graph(), lambda: driver.session(), None)
    assert report.total_nodes == 10


def test_wipe_removes_what_is_not_in_the_graph(bolt):
    load_graph(sample_graph(extra_powers=5), bolt.driver(), bolt.database)
    bolt.run("CREATE (:Power {id: 'stray', name: 'not in the graph', category: '其他职权'})")
    kg = sample_graph()
    seen: list[LoadProgress] = []
    report = load_graph(kg, bolt.driver(), bolt.database, batch_size=4, wipe=True, progress=seen.append)
    assert report.nodes_deleted == 10 + 5 + 1
    assert nonzero(graph_counts(bolt.driver(), bolt.database)) == nonzero(expected_counts(kg))
    assert seen[0].phase == "wipe"
    assert [p.phase for p in seen][-1] == "relationships"


def test_schema_falls_back_to_indexes_without_crashing(bolt):
    first = ensure_schema(bolt.driver(), bolt.database)
    assert first.mode == "indexes"  # FalkorDB rejects CREATE CONSTRAINT over Bolt
    assert first.errors  # ... and the rejection is recorded, not raised
    second = ensure_schema(bolt.driver(), bolt.database)
    assert not second.applied and len(second.skipped) == len(first.applied)
    assert bolt.run("RETURN 1 AS ok") == [{"ok": 1}]


def test_a_value_falkordb_cannot_store_is_a_data_error(bolt):
    kg = sample_graph()
    kg.add_node("Subject", "s:nul", name="含\x00空字符", kind="其他", admin_organ=False)
    with pytest.raises(Neo4jLoadError) as caught:
        load_graph(kg, bolt.driver(), bolt.database)
    assert caught.value.kind == "data" and caught.value.failed_at == "Subject 第 1/1 批"
    assert "Jurisdiction 1 行（1 批）" in caught.value.completed


def test_run_query_returns_plain_values(bolt):
    load_graph(sample_graph(), bolt.driver(), bolt.database)
    rows = bolt.run(
        "MATCH (d:Act)-[:CONCERNS]->(p:Power) WHERE d.kind IN $kinds "
        "OPTIONAL MATCH (d)-[:FROM]->(s:Subject) "
        "RETURN d.id AS act, p AS power, collect(s.name) AS from ORDER BY act",
        {"kinds": ["Delegation", "Holding"]},
    )
    assert [r["act"] for r in rows] == ["d:1", "h:1"]
    assert rows[0]["power"]["name"] == "对未经批准擅自取水的处罚" and isinstance(rows[0]["power"], dict)
    assert rows[0]["from"] == ["湘乡市水利局"] and rows[1]["from"] == []


def test_falkordb_still_mangles_bolt_parameters(bolt):
    """Pins the server bug that makes the inline transport necessary (fails when FalkorDB fixes it)."""
    value = "a\\tb"
    echoed = run_query(bolt.driver(), bolt.database, "RETURN $v AS v", {"v": value}, transport="parameters")
    assert echoed != [{"v": value}]
    assert run_query(bolt.driver(), bolt.database, "RETURN $v AS v", {"v": value}) == [{"v": value}]


def test_server_dying_mid_load_names_what_was_loaded_and_rerun_completes():
    kg = sample_graph(extra_powers=20)
    server = start_server()
    try:
        driver = server.driver()

        def kill_after_first_power_batch(p: LoadProgress) -> None:
            if p.phase == "nodes" and p.key == "Power" and p.batch == 1:
                server.kill()

        with pytest.raises(Neo4jLoadError) as caught:
            load_graph(kg, driver, server.database, batch_size=5, progress=kill_after_first_power_batch)
        err = caught.value
        assert err.kind == "unavailable"
        assert err.failed_at == "Power 第 2/5 批"
        assert "Jurisdiction 1 行（1 批）" in err.completed and "Subject 3 行（1 批）" in err.completed
        assert "Power 前 1/5 批" in err.completed
        text = str(err)
        assert "无法连接" in text and "重新运行" in text and "MERGE" in text
        assert "Power 第 2/5 批" in text
    finally:
        server.stop()

    fresh = start_server()
    try:
        report = load_graph(kg, fresh.driver(), fresh.database, batch_size=5)
        assert report.total_nodes == len(kg)
        assert nonzero(graph_counts(fresh.driver(), fresh.database)) == nonzero(expected_counts(kg))
    finally:
        fresh.stop()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_unreachable_server_gives_a_clear_error_without_the_password(lang):
    from neo4j import GraphDatabase

    secret = "Sup3r-Secret-PW"
    port = free_port()
    driver = GraphDatabase.driver(
        f"bolt://127.0.0.1:{port}", auth=("neo4j", secret), connection_timeout=2, connection_acquisition_timeout=3
    )
    try:
        with pytest.raises(Neo4jLoadError) as caught:
            load_graph(sample_graph(), driver, "neo4j", lang=lang)
    finally:
        driver.close()
    err = caught.value
    assert err.kind == "unavailable" and err.completed == []
    text = str(err)
    assert f"127.0.0.1:{port}" in text
    assert ("无法连接" in text) if lang == "zh" else ("Cannot reach" in text)
    everything = "".join(traceback.format_exception(err)) + repr(err) + str(err.detail)
    assert secret not in everything


def test_run_query_on_unreachable_server_raises_io_error():
    from neo4j import GraphDatabase

    driver = GraphDatabase.driver(f"bolt://127.0.0.1:{free_port()}", auth=None, connection_timeout=2)
    try:
        with pytest.raises(Neo4jIOError) as caught:
            run_query(driver, None, "RETURN 1 AS x", lang="en")
    finally:
        driver.close()
    assert caught.value.kind == "unavailable" and "Cannot reach" in str(caught.value)


def test_a_crashed_server_fails_fast_and_its_log_says_why():
    """Returning a temporal value aborts FalkorDB; callers get a quick, clear error, the log the reason."""
    server = start_server()
    try:
        driver = server.driver()
        assert run_query(driver, None, "RETURN 1 AS x") == [{"x": 1}]
        started = time.monotonic()
        with pytest.raises(Neo4jIOError) as caught:
            run_query(driver, None, "RETURN date('2021-07-15') AS d")
        assert caught.value.kind == "unavailable"
        with pytest.raises(Neo4jIOError):
            run_query(driver, None, "RETURN 1 AS x")
        assert time.monotonic() - started < 10
        assert not server.alive()
        assert "Unhandled value type" in server.log_tail(80)
    finally:
        server.stop()
