"""Bad input never raises: every problem is reported with its file, row and column, through the loader
and through ``enforcekg validate`` (exit code 3, ``--format json``).

Each case replaces one file of the small valid dataset ``tests/fixtures/bad/base/`` with one bad file
from ``tests/fixtures/bad/``; the same bad files are also fed alone, as raw input, to the importer.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from enforcekg.cli import app
from enforcekg.dataset import load_dataset

BAD = Path(__file__).parent / "fixtures" / "bad"
runner = CliRunner()

# bad file, the file of the base dataset it replaces, expected problems (code, row, column, value)
CASES = [
    ("staffing-utf16.csv", "staffing.csv", [("encoding", None, None, None)]),
    ("powers-random-bytes.csv", "powers.csv", [("encoding", None, None, None)]),
    ("staffing-missing-column.csv", "staffing.csv", [("column-missing", 1, "法制审核人员数", None)]),
    ("staffing-bad-values.csv", "staffing.csv", [("bad-int", 2, "持证执法人员数", "四十"), ("bad-int", 3, "法制审核人员数", "-1")]),
    ("delegations-dangling.csv", "delegations.csv", [
        ("unknown-ref", 3, "委托单位", "示例县不存在局"), ("unknown-ref", 4, "受委托单位", "丙镇人民政府"),
        ("unknown-ref", 5, "受委托方承办机构", "乙镇不存在的大队")]),
    ("letters-bad-dates.csv", "letters.csv", [
        ("bad-date", 2, "签订日期", "2022-13-01"), ("bad-date", 2, "委托期限止", "明年年底"), ("bad-bool", 2, "是否向社会公布", "也许")]),
    ("powers-bad-citations.csv", "powers.csv", [
        ("citation-unparsed", 2, "实施依据", "见有关规定"), ("citation-unknown", 3, "实施依据", "《示例县不存在的条例》"),
        ("level-tag-mismatch", 4, "实施依据", "规章"), ("bad-code", 5, "职权类型", "行政乱罚")]),
    ("empty.csv", "bodies.csv", [("file-empty", None, None, None)]),
    ("subjects-duplicate.csv", "subjects.csv", [("duplicate", 5, "主体编码", None)]),
    ("not-a-zip.xlsx", "powers.xlsx", [("file-unreadable", None, None, None)]),
    ("dataset-invalid.yaml", "dataset.yaml", [("manifest-invalid", None, None, None)]),
]


def test_case_count():
    # guards against a suite that shrinks silently
    assert len(CASES) == 11
    assert {c[0] for c in CASES} == {p.name for p in BAD.iterdir() if p.is_file()}


def test_base_dataset_is_clean():
    res = load_dataset(BAD / "base")
    assert not len(res.problems), [p.message("en") for p in res.problems]
    assert all(s.balanced for s in res.stats)


def make(tmp_path: Path, bad: str, target: str) -> Path:
    folder = tmp_path / "ds"
    shutil.copytree(BAD / "base", folder)
    if target.endswith(".xlsx"):
        (folder / target.replace(".xlsx", ".csv")).unlink()  # the workbook stands in for the CSV
    shutil.copy(BAD / bad, folder / target)
    return folder


@pytest.mark.parametrize(("bad", "target", "expected"), CASES, ids=[c[0] for c in CASES])
def test_loader_reports_every_problem_located(tmp_path, bad, target, expected):
    folder = make(tmp_path, bad, target)
    res = load_dataset(folder)
    got = {(p.code, p.row, p.column, p.value) for p in res.problems}
    for code, row, column, value in expected:
        assert any(g[0] == code and g[1] == row and g[2] == column and (value is None or g[3] == value) for g in got), (code, row, column, got)
        hit = next(p for p in res.problems if p.code == code and p.row == row)
        assert hit.file and Path(hit.file).name == target, hit  # the file is always named
        assert hit.message("zh") and hit.message("en") and hit.message("zh") != hit.message("en")
    assert res.problems.errors, "every case holds at least one error"
    for s in res.stats:
        assert s.balanced, s


@pytest.mark.parametrize(("bad", "target", "expected"), CASES, ids=[c[0] for c in CASES])
def test_validate_exits_3_with_a_located_json_report(tmp_path, bad, target, expected):
    folder = make(tmp_path, bad, target)
    r = runner.invoke(app, ["validate", str(folder), "--format", "json"])
    assert r.exit_code == 3, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)  # no traceback
    data = json.loads(r.output)
    assert data["errors"] >= 1 and data["errors"] == sum(1 for p in data["problems"] if p["severity"] == "error")
    for code, row, column, _ in expected:
        assert any(p["code"] == code and p["row"] == row and p["column"] == column and Path(p["file"]).name == target
                   for p in data["problems"]), (code, row, column)
    for f in data["files"]:
        assert f["read"] == f["imported"] + f["merged"] + f["rejected"] + f["skipped"]
    table = runner.invoke(app, ["validate", str(folder)])
    assert table.exit_code == 3 and "Traceback" not in table.output


# the same bad files given alone, as raw input: the importer reports them located too
RAW = [
    ("staffing-utf16.csv", "encoding", None, None),
    ("powers-random-bytes.csv", "encoding", None, None),
    ("empty.csv", "file-empty", None, None),
    ("not-a-zip.xlsx", "file-unreadable", None, None),
    ("staffing-missing-column.csv", "column-missing", 1, "法制审核人员数"),
    ("staffing-bad-values.csv", "bad-int", 2, "持证执法人员数"),
    ("letters-bad-dates.csv", "bad-date", 2, "签订日期"),
    ("powers-bad-citations.csv", "bad-code", 5, "职权类型"),
]


@pytest.mark.parametrize(("bad", "code", "row", "column"), RAW, ids=[r[0] for r in RAW])
def test_raw_bad_file_alone(tmp_path, bad, code, row, column):
    path = tmp_path / bad
    shutil.copy(BAD / bad, path)
    res = load_dataset(path)
    assert any(p.code == code and p.row == row and p.column == column and p.file == str(path) for p in res.problems.errors), \
        [(p.code, p.row, p.column) for p in res.problems]
    for s in res.stats:
        assert s.balanced, s
    r = runner.invoke(app, ["validate", str(path), "--format", "json"])
    assert r.exit_code == 3 and (r.exception is None or isinstance(r.exception, SystemExit))
    assert any(p["code"] == code for p in json.loads(r.output)["problems"])


def test_raw_identical_rows_are_merged_but_dataset_duplicates_are_errors(tmp_path):
    # in a dataset a repeated id is an error (above); as raw input a row repeated cell for cell is merged
    path = tmp_path / "subjects.csv"
    shutil.copy(BAD / "subjects-duplicate.csv", path)
    res = load_dataset(path)
    assert not res.problems.errors
    merged = [p for p in res.problems if p.code == "merged"]
    assert [(p.row, p.detail) for p in merged] == [(5, "3")]
    (s,) = res.stats
    assert (s.read, s.imported, s.merged) == (4, 3, 1)
