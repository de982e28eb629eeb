"""enforcekg diff: findings new / resolved / persisting between two versions of the bundled example, and the
graph changes (a transferred power, a delegation signed, delegations expired)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_rectify import EXAMPLE, invoke

from enforcekg.audit import run_audit
from enforcekg.dataset import load_dataset
from enforcekg.diff import compare, diff_graphs, side_from_report

VALID_BASIS = "《湖南省行政执法条例》第七条"  # a local regulation: a valid basis for a delegation (see EKG001.yaml)


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=header)
        w.writeheader()
        w.writerows(rows)


def edit_row(path: Path, key: str, value: str, **changes: str) -> dict[str, str]:
    """Change the one row whose ``key`` column equals ``value``; return the row as it was."""
    header, rows = read_csv(path)
    hits = [r for r in rows if r[key] == value]
    assert len(hits) == 1, f"{path.name}: {len(hits)} rows with {key}={value}"
    before = dict(hits[0])
    hits[0].update(changes)
    write_csv(path, header, rows)
    return before


def drop_row(path: Path, key: str, value: str) -> dict[str, str]:
    header, rows = read_csv(path)
    keep = [r for r in rows if r[key] != value]
    assert len(keep) == len(rows) - 1
    write_csv(path, header, keep)
    return next(r for r in rows if r[key] == value)


@pytest.fixture(scope="module")
def baseline():
    res = load_dataset(EXAMPLE)
    assert not res.problems.errors
    return res.graph, run_audit(res.graph)


@pytest.fixture(scope="module")
def versions(tmp_path_factory, baseline):
    """OLD = the example; NEW = one defect fixed (an EKG001 delegation gets a valid basis), one new defect (a
    published letter marked unpublished, EKG005), everything else unchanged.  Tests must not edit them."""
    kg, report = baseline
    tmp = tmp_path_factory.mktemp("versions")
    old, new = tmp / "old", tmp / "new"
    shutil.copytree(EXAMPLE, old)
    shutil.copytree(EXAMPLE, new)
    fixed = next(f for f in report.findings if f.rule == "EKG001")
    edit_row(new / "delegations.csv", "委托编号", fixed.subject.id, 委托依据=VALID_BASIS)
    flagged_letters = {f.subject.id for f in report.findings if f.rule == "EKG005"}
    _, letters = read_csv(new / "letters.csv")
    letter = next(r["委托书编号"] for r in letters if r["是否公布"] == "是"
                  and not any(kg.node(n).get("number") == r["委托书编号"] for n in flagged_letters))
    edit_row(new / "letters.csv", "委托书编号", letter, 是否公布="否")
    return old, new, fixed, letter


def test_one_fixed_one_new_rest_persisting(versions, baseline):
    old, new, fixed, letter = versions
    _, report = baseline
    r = invoke("diff", old, new, "--format", "json")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)["findings"]
    assert d["counts"] == {"new": 1, "resolved": 1, "persisting": len(report.findings) - 1}
    assert [f["id"] for f in d["resolved"]] == [fixed.id]
    assert [(f["rule"], f["subject"]["type"]) for f in d["new"]] == [("EKG005", "Letter")]
    assert letter in d["new"][0]["message"]
    assert {f["id"] for f in d["persisting"]} == {f.id for f in report.findings} - {fixed.id}
    assert d["by_rule"]["EKG001"] == {"new": 0, "resolved": 1, "persisting": sum(f.rule == "EKG001" for f in report.findings) - 1}
    assert d["by_rule"]["EKG005"]["new"] == 1
    assert d["by_unit"][fixed.unit.name]["resolved"] == 1
    assert sum(v["persisting"] for v in d["by_unit"].values()) == len(report.findings) - 1
    assert d["not_compared_rules"] == []
    # only the two edits changed the data: the graph itself is unchanged (no power, holder or act change)
    assert json.loads(r.stdout)["graph"] == []


def test_saved_json_results_compare_the_same(versions, tmp_path, baseline):
    old, new, _, _ = versions
    for side in (old, new):
        assert invoke("audit", side, "-f", "json", "-o", tmp_path / f"{side.name}.json").exit_code == 0
    r = invoke("diff", tmp_path / "old.json", tmp_path / "new.json", "-f", "json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["findings"]["counts"] == {"new": 1, "resolved": 1, "persisting": len(baseline[1].findings) - 1}
    assert out["graph"] is None and out["old"]["kind"] == "json"
    # a dataset against a saved result: findings compared, graph not
    r = invoke("diff", tmp_path / "old.json", new, "-f", "json")
    assert json.loads(r.stdout)["findings"]["counts"]["resolved"] == 1
    assert json.loads(r.stdout)["graph"] is None


def test_accepted_findings_in_a_saved_result_still_count(versions, tmp_path, baseline):
    old, new, fixed, _ = versions
    acc = tmp_path / "accepted.yaml"
    acc.write_text(f"- {{id: {fixed.id}, reason: r, approver: a, expires: 2099-01-01}}\n", encoding="utf-8")
    assert invoke("audit", old, "-f", "json", "-o", tmp_path / "old.json", "--accepted", acc).exit_code == 0
    out = json.loads(invoke("diff", tmp_path / "old.json", new, "-f", "json").stdout)
    assert [f["id"] for f in out["findings"]["resolved"]] == [fixed.id]


def test_rules_run_on_one_side_only_are_not_compared(versions, tmp_path):
    old, new, _, _ = versions
    assert invoke("audit", old, "-r", "EKG001", "-f", "json", "-o", tmp_path / "old.json").exit_code == 0
    out = json.loads(invoke("diff", tmp_path / "old.json", new, "-f", "json").stdout)["findings"]
    assert out["counts"]["new"] == 0 and out["counts"]["resolved"] == 1
    assert {f["rule"] for f in out["persisting"]} == {"EKG001"}
    assert "EKG005" in out["not_compared_rules"] and "EKG001" not in out["not_compared_rules"]


def test_diff_workbook_and_table(versions, tmp_path, baseline):
    old, new, fixed, _ = versions
    out = tmp_path / "diff.xlsx"
    r = invoke("diff", old, new, "-f", "xlsx", "-o", out)
    assert r.exit_code == 0, r.output
    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "新增问题", "已销号问题", "仍存在问题", "图谱变化"]
    for name, n in (("新增问题", 1), ("已销号问题", 1), ("仍存在问题", len(baseline[1].findings) - 1), ("图谱变化", 0)):
        ws = wb[name]
        assert ws.max_row == 2 + n and ws.freeze_panes == "A3" and ws.auto_filter.ref.startswith("A2:")
    assert [c.value for c in wb["已销号问题"][2]] == ["序号", "问题编号", "问题类型", "责任单位", "涉及事项", "问题描述"]
    assert wb["已销号问题"]["B3"].value == fixed.id
    r = invoke("diff", old, new)
    assert r.exit_code == 0 and fixed.id in r.stdout and "已销号" in r.stdout
    assert invoke("diff", old, new, "-f", "xlsx").exit_code == 2  # xlsx needs -o


def test_graph_diff_detects_transfer_and_delegations(tmp_path, baseline):
    kg, _ = baseline
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(EXAMPLE, old)
    shutil.copytree(EXAMPLE, new)
    # OLD: before the transfer was recorded, and before one delegation was signed
    _, adjustments = read_csv(old / "adjustments.csv")
    transfer = next(r for r in adjustments if r["调整类型"] == "划转")
    drop_row(old / "adjustments.csv", "调整编号", transfer["调整编号"])
    _, delegations = read_csv(old / "delegations.csv")
    signed = delegations[0]
    drop_row(old / "delegations.csv", "委托编号", signed["委托编号"])
    # NEW: one letter's term ended before the audit date
    _, letters = read_csv(new / "letters.csv")
    letter = letters[-1]["委托书编号"]
    edit_row(new / "letters.csv", "委托书编号", letter, 委托期限止="2023-06-30")
    on_letter = [r for r in delegations if r["委托书编号"] == letter and r["委托编号"] != signed["委托编号"]]
    assert on_letter

    r = invoke("diff", old, new, "-f", "json")
    assert r.exit_code == 0, r.output
    changes = json.loads(r.stdout)["graph"]
    kinds = [c["kind"] for c in changes]
    moved = [c for c in changes if c["kind"] == "transferred"]
    assert len(moved) == 1
    power = next(p for p in kg.nodes("Power") if kg.node(p).get("code") == transfer["事项"])
    assert moved[0]["subject"] == kg.name(power)
    assert (moved[0]["before"], moved[0]["after"], moved[0]["date"]) == (transfer["原主体"], transfer["承接主体"], transfer["生效日期"])
    holder = [c for c in changes if c["kind"] == "holder-changed" and c["ids"] == [power]]
    assert len(holder) == 1 and transfer["原主体"] in holder[0]["before"] and transfer["原主体"] not in holder[0]["after"]
    assert holder[0]["date"] == transfer["生效日期"]
    added = [c for c in changes if c["kind"] == "delegation-signed"]
    assert [(c["before"], c["after"]) for c in added] == [(signed["委托单位"], signed["受委托单位"])]
    expired = [c for c in changes if c["kind"] == "delegation-expired"]
    assert sorted(c["ids"][0] for c in expired) == sorted(r["委托编号"] for r in on_letter)
    assert {c["date"] for c in expired} == {"2023-06-30"}
    assert set(kinds) <= {"transferred", "holder-changed", "delegation-signed", "delegation-expired"}
    assert kinds.count("holder-changed") == 1


def test_graph_diff_powers_added_and_removed(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(EXAMPLE, old)
    shutil.copytree(EXAMPLE, new)
    header, rows = read_csv(new / "powers.csv")
    extra = dict(rows[0], 事项编码="NEW-XK-99", 事项名称="新设的许可事项（测试）", 序号="999")
    write_csv(new / "powers.csv", header, [*rows, extra])
    a, b = (load_dataset(p).graph for p in (old, new))
    changes = diff_graphs(a, "2023-12-31", b, "2023-12-31")
    assert [(c.kind, c.subject, c.after) for c in changes] == [("power-added", "新设的许可事项（测试）", rows[0]["实施主体"])]
    back = diff_graphs(b, "2023-12-31", a, "2023-12-31")
    assert [(c.kind, c.before) for c in back] == [("power-removed", rows[0]["实施主体"])]


def test_same_dataset_has_no_difference(baseline):
    kg, report = baseline
    side = side_from_report(report, "x", kg)
    result = compare(side, side)
    assert (len(result.findings.new), len(result.findings.resolved), len(result.findings.persisting)) == (0, 0, len(report.findings))
    assert result.graph == []


@pytest.mark.parametrize("content, expected", [
    ("{not json", "不是有效的 JSON"),
    ('{"a": 1}', "不是 enforcekg audit -f json 的结果"),
    ('{"findings": [{"rule": "EKG001"}], "summary": {"by_rule": []}}', "findings[0]: 问题应有 id 和 rule"),
])
def test_bad_json_sides_exit_3(tmp_path, content, expected):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    r = invoke("diff", bad, EXAMPLE)
    assert r.exit_code == 3 and isinstance(r.exception, SystemExit)
    assert str(bad) in r.stderr and expected in r.stderr, r.stderr


def test_edited_finding_id_is_refused(tmp_path):
    saved = tmp_path / "a.json"
    assert invoke("audit", EXAMPLE, "-f", "json", "-o", saved).exit_code == 0
    data = json.loads(saved.read_text(encoding="utf-8"))
    data["findings"][0]["subject"]["id"] = "someone-else"
    saved.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    r = invoke("diff", saved, saved, "--lang", "en")
    assert r.exit_code == 3
    assert "findings[0]: finding id" in r.stderr and "does not match" in r.stderr
