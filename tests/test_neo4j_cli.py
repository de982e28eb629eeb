"""``enforcekg neo4j load|audit``, ``enforcekg cypher`` and ``enforcekg export``, run as a user runs them.

The Bolt tests use the session's FalkorDB server (see ``tests/conftest.py``); every command runs in its
own process, as from a shell.  FalkorDB accepts only an empty password, so a given password makes the
server refuse the queries: that is how the tests check that a password never reaches the output.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from enforcekg.bolt_server import bolt_handshake, free_port
from enforcekg.dataset import load_dataset
from enforcekg.explain import query_path
from enforcekg.neo4j_docs import readme_section, schema_markdown
from enforcekg.neo4j_io import graph_counts, load_graph
from enforcekg.rules import REGISTRY

ROOT = Path(__file__).resolve().parents[1]
XIANGXIANG = ROOT / "data" / "examples" / "xiangxiang-2023"
SECRET = "S3cret-Pw-4711"
#: seconds the CLI waits for a connection (FalkorDB leaves one connection unanswered after a client leaves)
TIMEOUT = "2"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "enforcekg", *args], check=False, capture_output=True, text=True, timeout=180,
                          env={"COLUMNS": "160", "PATH": "/usr/bin:/bin", **(env or {})})


def on_server(bolt, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run a command against the test server.

    FalkorDB leaves the first connection after a client's goodbye unanswered (see
    :mod:`enforcekg.bolt_server`); a short handshake takes that turn, so the next command need not wait
    ``--timeout`` seconds for its retry.
    """
    result = run(*args, "--uri", bolt.uri, "--timeout", TIMEOUT, env=env)
    bolt_handshake(bolt.server.host, bolt.server.bolt_port, timeout=0.5)
    return result


def findings(stdout: str) -> dict[str, tuple]:
    return {f["id"]: (f["message"], f["legal_basis"], f["unit"], f["township"]) for f in json.loads(stdout)["findings"]}


# -- against the Bolt server -----------------------------------------------------------------------


@pytest.mark.bolt
def test_load_then_audit_gives_the_findings_of_audit(bolt):
    first = on_server(bolt, "neo4j", "load", str(XIANGXIANG), "--wipe", "--batch-size", "100")
    assert first.returncode == 0, first.stderr
    assert "已写入 588 个节点（新建 588）" in first.stdout
    assert "写入关系" in first.stderr  # the progress bar
    again = on_server(bolt, "neo4j", "load", str(XIANGXIANG), "--lang", "en")
    assert again.returncode == 0, again.stderr
    assert "Loaded 588 nodes (0 new)" in again.stdout and "relationships (0 new)" in again.stdout

    server = on_server(bolt, "neo4j", "audit", "--as-of", "2023-12-31", "--province", "湖南省", "-f", "json")
    assert server.returncode == 0, server.stderr
    local = run("audit", str(XIANGXIANG), "-f", "json")
    assert local.returncode == 0, local.stderr
    expected = findings(local.stdout)
    assert len(expected) > 40
    assert findings(server.stdout) == expected
    assert [f["id"] for f in json.loads(server.stdout)["findings"]] == [f["id"] for f in json.loads(local.stdout)["findings"]]

    md = on_server(bolt, "neo4j", "audit", "--as-of", "2023-12-31", "-r", "EKG001", "-f", "md", "--fail-on", "error")
    assert md.returncode == 1, md.stderr  # EKG001 findings are errors
    assert "| EKG001 | 委托缺乏法律、法规、规章依据 | 严重 | 7/0 |" in md.stdout

    # the rectification workbook comes from the server audit as from the local one
    workbook = ROOT / "test-artifacts" / "neo4j-audit.xlsx"
    workbook.parent.mkdir(exist_ok=True)
    xlsx = on_server(bolt, "neo4j", "audit", "--as-of", "2023-12-31", "-f", "xlsx", "-o", str(workbook))
    assert xlsx.returncode == 0, xlsx.stderr
    from openpyxl import load_workbook

    wb = load_workbook(workbook)
    assert wb.sheetnames[0] == "汇总" and "湘乡市水利局" in wb.sheetnames
    rows = sum(wb[name].max_row - 2 for name in wb.sheetnames[1:] if name != "已接受或暂缓")
    assert rows == len(expected)


@pytest.mark.bolt
def test_cypher_runs_analyst_queries_and_own_queries_with_parameters(bolt):
    load_graph(load_dataset(XIANGXIANG).graph, bolt.driver(), bolt.database, wipe=True)
    named = on_server(bolt, "cypher", "delegations_without_basis_by_unit", "--param", "asOf=2023-12-31", "--format", "json")
    assert named.returncode == 0, named.stderr
    assert {r["unit"]: r["without_basis"] for r in json.loads(named.stdout)} == {
        "湘乡市水利局": 4, "湘乡市农业农村局": 1, "湘乡市林业局": 2}

    own = on_server(bolt, "cypher", "MATCH (p:Power) WHERE p.code = $code RETURN p.name AS name, $n + 1 AS next, $day AS day",
                    "-p", "code=SL-XK-01", "-p", "n=41", "-p", "day=2023-12-31", "--format", "json")
    assert own.returncode == 0, own.stderr
    assert json.loads(own.stdout) == [{"name": "取水许可", "next": 42, "day": "2023-12-31"}]

    table = on_server(bolt, "cypher", "-f", str(ROOT / "queries" / "analyst" / "letter_expiry_impact.cypher"),
                      "-p", "letter=湘乡委托〔2021〕01号（重构）", "-p", "asOf=2023-12-31")
    assert table.returncode == 0, table.stderr
    assert "3 行" in table.stdout and "湘乡市棋梓镇人民政府" in table.stdout

    bad = on_server(bolt, "cypher", "MATCH (n RETURN n")
    assert bad.returncode == 2 and "服务器拒绝了查询" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.bolt
def test_password_is_never_printed(bolt):
    by_env = on_server(bolt, "neo4j", "load", str(XIANGXIANG), env={"NEO4J_PASSWORD": SECRET})
    by_option = on_server(bolt, "neo4j", "audit", "--password", SECRET)
    helped = run("neo4j", "load", "--help", env={"NEO4J_PASSWORD": SECRET})
    for r in (by_env, by_option):
        assert r.returncode == 4, r.stdout + r.stderr  # FalkorDB refuses a non-empty password
        assert "Traceback" not in r.stderr
    assert "导入在「连接」中断" in by_env.stderr
    assert helped.returncode == 0 and "NEO4J_PASSWORD" in helped.stdout
    for r in (by_env, by_option, helped):
        assert SECRET not in r.stdout + r.stderr


# -- without a server ------------------------------------------------------------------------------


def test_unreachable_server_exits_4_with_a_clear_message():
    uri = f"bolt://127.0.0.1:{free_port()}"
    load = run("neo4j", "load", str(XIANGXIANG), "--uri", uri, "--timeout", "1")
    audit = run("neo4j", "audit", "--uri", uri, "--timeout", "1", "--lang", "en")
    query = run("cypher", "RETURN 1 AS x", "--uri", uri, "--timeout", "1")
    for r in (load, audit, query):
        assert r.returncode == 4, r.stdout + r.stderr
        assert "Traceback" not in r.stderr and uri in r.stderr
    assert "无法连接图数据库" in load.stderr and "已写入：无" in load.stderr and "重新运行同一命令" in load.stderr
    assert "Cannot reach the graph database" in audit.stderr


def test_bad_options_are_usage_errors():
    assert run("neo4j", "audit", "--uri", "nonsense://x", "--timeout", "1").returncode == 2
    assert run("neo4j", "audit", "--format", "xml").returncode == 2
    assert run("neo4j", "audit", "--rule", "EKG999").returncode == 2
    r = run("cypher", "RETURN $x AS x", "-p", "no-equals-sign")
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_export_neo4j_csv_and_cypher_script(tmp_path):
    out = tmp_path / "csv"
    r = run("export", "neo4j-csv", str(XIANGXIANG), "-o", str(out))
    assert r.returncode == 0, r.stderr
    names = {p.name for p in out.iterdir()}
    assert {"nodes_Delegation.csv", "nodes_Subject.csv", "rels_FROM.csv", "import.sh", "constraints.cypher"} <= names
    delegations = (out / "nodes_Delegation.csv").read_text(encoding="utf-8").splitlines()
    assert delegations[0].startswith("id:ID,:LABEL,")
    assert len(delegations) == 1 + 16  # the 湘乡 catalog's 16 delegations
    assert "neo4j-admin database import full" in (out / "import.sh").read_text(encoding="utf-8")

    script = tmp_path / "graph.cypher"
    r = run("export", "cypher", str(XIANGXIANG), "-o", str(script))
    assert r.returncode == 0, r.stderr
    lines = script.read_text(encoding="utf-8").splitlines()
    assert sum(line.startswith("MERGE (n:") for line in lines) == 588
    assert sum(line.startswith("MATCH (a:") for line in lines) == 944


def test_explain_shows_the_rules_cypher():
    for rule in (REGISTRY["EKG001"], REGISTRY["EKG017"]):
        r = run("explain", rule.id, "--lang", "en")
        assert r.returncode == 0, r.stderr
        assert "## Cypher" in r.stdout
        assert query_path(rule).read_text(encoding="utf-8").splitlines()[-3].strip() in r.stdout


def test_readme_schema_section_is_generated_from_the_schema():
    readme = (ROOT / "queries" / "README.md").read_text(encoding="utf-8")
    assert readme_section(readme) == schema_markdown(), "run: python -m enforcekg.neo4j_docs"
    for label in ("Delegation", "Letter", "Holding", "Provision"):
        assert f":{label} —" in readme


@pytest.mark.bolt
def test_loaded_counts_match_the_graph(bolt):
    """What the CLI loads is the whole graph: every label and relationship type, counted on the server."""
    kg = load_dataset(XIANGXIANG).graph
    r = on_server(bolt, "neo4j", "load", str(XIANGXIANG), "--wipe")
    assert r.returncode == 0, r.stderr
    stored = {k: v for k, v in graph_counts(bolt.driver(), bolt.database).items() if v}
    expected = kg.counts()
    assert {k: stored[k] for k in expected} == expected
