"""The command line: the JSON contract, exit codes, languages, no tracebacks on user data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from enforcekg.explain import FIXTURES as FIX  # noqa: E402
from enforcekg.fixtures import materialise, read_fixture
from enforcekg.rules import REGISTRY


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "enforcekg", *args], capture_output=True, text=True, timeout=120,
                          env={"COLUMNS": "160", "PATH": "/usr/bin:/bin"})


@pytest.fixture()
def ds(tmp_path) -> Path:
    return materialise(read_fixture(FIX / "EKG001.yaml"), tmp_path / "ds")


def test_json_contract(ds):
    r = run("audit", str(ds), "--format", "json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert set(out) >= {"findings", "summary"}
    f = out["findings"][0]
    for key in ("id", "rule", "severity", "subject", "message", "legal_basis", "evidence"):
        assert key in f
    assert set(f["subject"]) == {"id", "type", "name"}
    assert f["legal_basis"][0] == "《中华人民共和国行政处罚法》第二十条第一款"
    assert f["evidence"]["sources"]
    s = out["summary"]
    ekg001 = next(t for t in s["by_rule"] if t["rule"] == "EKG001")
    assert (ekg001["found"], ekg001["checked"]) == (2, 3)
    assert ekg001["by_unit"]["示例县水利局"] == {"found": 2, "checked": 3}
    assert s["total"] == len(out["findings"])


def test_finding_ids_are_stable_across_runs(ds):
    a = json.loads(run("audit", str(ds), "-f", "json").stdout)
    b = json.loads(run("audit", str(ds), "-f", "json", "--lang", "en").stdout)
    assert [f["id"] for f in a["findings"]] == [f["id"] for f in b["findings"]]
    assert a["findings"][0]["message"] != b["findings"][0]["message"]


def test_fail_on_exit_code(ds):
    assert run("audit", str(ds), "--fail-on", "error", "-f", "csv").returncode == 1
    assert run("audit", str(ds), "--fail-on", "error", "--rule", "EKG015", "-f", "csv").returncode == 0


def test_input_errors_exit_3_without_traceback(ds):
    (ds / "staffing.csv").write_text("单位,持证执法人员,法制审核人员\n示例县水利局,很多,1\n", encoding="utf-8")
    r = run("audit", str(ds))
    assert r.returncode == 3
    assert "Traceback" not in r.stderr + r.stdout
    assert "很多" in r.stderr and "staffing.csv" in r.stderr
    assert run("audit", str(ds), "--keep-going", "-f", "json").returncode == 0
    v = run("validate", str(ds), "--format", "json")
    assert v.returncode == 3
    problems = json.loads(v.stdout)["problems"]
    assert any(p["code"] == "bad-int" and p["row"] == 2 and p["column"] == "持证执法人员数" for p in problems)


def test_usage_errors_exit_2(ds):
    assert run("audit", str(ds), "--rule", "EKG999").returncode == 2
    assert run("audit", str(ds), "--as-of", "yesterday").returncode == 2
    assert run("audit", str(ds), "--format", "pdf").returncode == 2
    assert run("explain", "EKG999").returncode == 2


def test_rules_lists_the_whole_registry():
    r = run("rules", "--format", "json")
    assert r.returncode == 0
    assert [x["id"] for x in json.loads(r.stdout)] == list(REGISTRY)


def test_explain_and_stats_and_markdown(ds):
    e = run("explain", "EKG001", "--lang", "en")
    assert e.returncode == 0 and "## Why is this bad?" in e.stdout and "art. 20(1)" in e.stdout
    s = run("stats", str(ds))
    assert s.returncode == 0 and "委托事项" in s.stdout
    md = run("audit", str(ds), "-f", "md")
    assert md.returncode == 0 and "| EKG001 |" in md.stdout and "2/3" in md.stdout


def test_as_of_changes_results(ds):
    # the letter's term ends 2025-02-28: on 2025-06-30 the delegations are expired but still shown (EKG006)
    later = json.loads(run("audit", str(ds), "-f", "json", "--as-of", "2025-06-30", "--rule", "EKG006").stdout)
    now = json.loads(run("audit", str(ds), "-f", "json", "--rule", "EKG006").stdout)
    assert len(later["findings"]) == 3 and len(now["findings"]) == 0
    assert later["summary"]["as_of"] == "2025-06-30" and now["summary"]["as_of"] == "2023-12-31"
