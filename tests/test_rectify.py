"""Rectification lists: the xlsx workbook, HTML and Markdown lists, and accepted/deferred findings."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import typer
from openpyxl import load_workbook
from typer.testing import CliRunner

from enforcekg import cli, cli_track
from enforcekg.accepted import AcceptanceFileError, load_acceptances, partition
from enforcekg.audit import AuditReport, run_audit
from enforcekg.dataset import load_dataset
from enforcekg.findings import Finding, NodeRef, RuleTally
from enforcekg.rectify import (
    ACCEPTED_COLUMNS,
    COLUMNS,
    LIST_COLUMNS,
    WORDS,
    sheet_title,
    to_html,
    track,
    write_xlsx,
)
from enforcekg.rules import REGISTRY

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "examples" / "xiangxiang-2023"
ZH_HEADERS = ["序号", "问题编号", "问题类型", "责任单位", "涉及事项", "问题描述", "法律依据", "整改建议", "整改时限", "整改状态", "备注"]


def invoke(*args: str):
    """Run the CLI in process: the core ``audit`` command plus this module's commands and formats."""
    app = typer.Typer()
    app.command()(cli.audit)
    cli_track.register(app)
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def example():
    res = load_dataset(EXAMPLE)
    assert not res.problems.errors
    report = run_audit(res.graph)
    assert len(report.findings) >= 10, "the example must produce findings to put on the list"
    return report


def units_of(report) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for f in report.findings:
        out.setdefault(f.unit.name if f.unit else WORDS["zh"]["no_unit"], []).append(f)
    return out


def test_the_documented_columns_are_the_ones_written():
    assert [COLUMNS[c][0] for c in LIST_COLUMNS] == ZH_HEADERS


# --- the workbook --------------------------------------------------------------------------------


def test_workbook_sheets_headers_rows(example, tmp_path):
    out = tmp_path / "list.xlsx"
    r = invoke("audit", EXAMPLE, "--format", "xlsx", "-o", out)
    assert r.exit_code == 0, r.output
    wb = load_workbook(out)
    units = units_of(example)
    assert wb.sheetnames[0] == "汇总"
    assert "已接受或暂缓" in wb.sheetnames
    assert set(wb.sheetnames) == {"汇总", "已接受或暂缓", *units}  # the example's unit names are valid sheet names
    deadline = (dt.date.fromisoformat(example.as_of) + dt.timedelta(days=90)).isoformat()
    checked_rows = 0
    for unit, findings in units.items():
        ws = wb[unit]
        assert [c.value for c in ws[2]] == ZH_HEADERS
        assert unit in ws["A1"].value
        assert ws.freeze_panes == "A3"
        assert ws.auto_filter.ref == f"A2:K{2 + len(findings)}"
        assert ws.max_row == 2 + len(findings)
        assert ws.column_dimensions["F"].width >= 40 and ws.column_dimensions["A"].width <= 8
        for n, (row, f) in enumerate(zip(ws.iter_rows(min_row=3, values_only=True), findings, strict=True), start=1):
            cells = dict(zip(ZH_HEADERS, row, strict=False))  # the row also has the 备注 column
            rule = REGISTRY[f.rule]
            assert cells["序号"] == n
            assert cells["问题编号"] == f.id
            assert cells["问题类型"] == f"{f.rule} {rule.title_zh}"
            assert cells["责任单位"] == unit
            assert cells["问题描述"] == f.message
            assert cells["法律依据"] == "\n".join(f.legal_basis)
            assert cells["整改建议"] == rule.remediation_zh
            assert cells["整改时限"] == deadline
            assert cells["整改状态"] == "未整改"
            checked_rows += 1
        assert ws["F3"].alignment.wrap_text
    assert checked_rows == len(example.findings)
    acc = wb["已接受或暂缓"]
    assert [c.value for c in acc[2]] == [COLUMNS[c][0] for c in ACCEPTED_COLUMNS]
    assert acc.max_row == 2


def test_summary_sheet_rolls_up_rules_and_units(example, tmp_path):
    out = tmp_path / "list.xlsx"
    write_xlsx(track(example), out)
    ws = load_workbook(out)["汇总"]
    rows = [[c for c in row] for row in ws.iter_rows(values_only=True)]
    figures = {row[0]: row[1] for row in rows[1:8]}
    assert figures["问题总数"] == figures["未整改"] == len(example.findings)
    assert figures["已接受风险/暂缓"] == 0
    by_rule = {row[0]: row for row in rows if row[0] in REGISTRY}
    tallies = [t for t in example.tallies if t.found or t.checked]
    assert len(by_rule) == len(tallies)
    for t in tallies:
        assert by_rule[t.rule][5] == f"{t.found}/{t.checked}"
        assert by_rule[t.rule][6] == t.found
    head = rows.index(next(r for r in rows if r[0] == "责任单位"))
    units = {row[0]: row for row in rows[head + 1:] if row[0]}
    for unit, findings in units_of(example).items():
        assert units[unit][1] == len(findings)
        assert units[unit][-1] == unit  # the sheet the row links to
    assert sum(row[1] for row in units.values()) == len(example.findings)


def test_english_headers_and_deadline_option(example, tmp_path):
    out = tmp_path / "list.xlsx"
    r = invoke("audit", EXAMPLE, "-f", "xlsx", "-o", out, "--lang", "en", "--deadline-days", "30")
    assert r.exit_code == 0, r.output
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "Summary" and "Accepted or deferred" in wb.sheetnames
    ws = wb[wb.sheetnames[1]]
    assert [c.value for c in ws[2]][:4] == ["No.", "Finding ID", "Problem type", "Responsible unit"]
    assert ws["I3"].value == (dt.date.fromisoformat(example.as_of) + dt.timedelta(days=30)).isoformat()
    assert ws["J3"].value == "open"


def test_xlsx_needs_an_output_file():
    r = invoke("audit", EXAMPLE, "-f", "xlsx")
    assert r.exit_code == 2
    assert "-o" in r.output


# --- sheet names and hostile text -----------------------------------------------------------------


def hostile_report() -> AuditReport:
    names = ["水利局[执法]:*?/\\大队", "某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某甲", "某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某某乙",
             "汇总", "<script>alert('x')</script>"]
    findings = [
        Finding("EKG001", "delegation-without-statutory-basis", "error", NodeRef(f"D{i}", "Delegation", f"委托{i}"),
                (NodeRef(f"P{i}", "Power", f"<b>事项{i}</b>"),), f"问题 <img src=x onerror=alert({i})> & 描述", ("《行政处罚法》第二十条",),
                {}, NodeRef(f"U{i}", "Subject", name))
        for i, name in enumerate(names)
    ]
    tally = RuleTally("EKG001", "委托缺乏法律、法规、规章依据", "error", found=5, checked=9,
                      by_unit={n: [1, 2] for n in names})
    return AuditReport("t", "2023-12-31", "zh", findings, [tally], ["EKG001"], info={"title": "<script>alert(1)</script>"})


def test_sheet_names_are_sanitised_and_unique(tmp_path):
    out = tmp_path / "h.xlsx"
    write_xlsx(track(hostile_report()), out)
    wb = load_workbook(out)
    names = wb.sheetnames
    assert len(names) == 2 + 5
    assert len({n.lower() for n in names}) == len(names)
    for n in names:
        assert len(n) <= 31 and not re.search(r"[\[\]:*?/\\]", n)
    assert "水利局_执法______大队" in names and "汇总 (2)" in names
    assert names[0] == "汇总" and names[-1] == "已接受或暂缓"
    long_ones = [n for n in names if n.startswith("某某")]
    assert len(long_ones) == 2 and long_ones[0] != long_ones[1]
    # every unit's finding is on exactly one unit sheet, under its real unit name
    seen = [row[3] for n in names[1:-1] for row in wb[n].iter_rows(min_row=3, values_only=True)]
    assert sorted(seen) == sorted(f.unit.name for f in hostile_report().findings)


def test_sheet_title_doctest_cases():
    taken: set[str] = set()
    assert sheet_title("History", taken) == "History_"
    assert sheet_title("''", taken) == "Sheet"


def test_html_is_printable_self_contained_and_escaped():
    page = to_html(track(hostile_report()))
    assert "@media print" in page and "break-before: page" in page
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(0)&gt; &amp; 描述" in page
    assert not re.search(r"https?://|<link|src=\"|url\(", page)
    assert page.count('<section class="unit">') == 5


def test_html_and_markdown_from_the_cli(example, tmp_path):
    html_out, md_out = tmp_path / "list.html", tmp_path / "list.md"
    assert invoke("audit", EXAMPLE, "-f", "html", "-o", html_out).exit_code == 0
    assert invoke("audit", EXAMPLE, "-f", "md", "-o", md_out).exit_code == 0
    page, md = html_out.read_text(encoding="utf-8"), md_out.read_text(encoding="utf-8")
    units = units_of(example)
    assert page.count('<section class="unit">') == len(units)
    md_list = md.split("# 行政执法问题整改清单", 1)[1]
    for f in example.findings:
        assert f.id in page
        assert md_list.count(f"| {f.id} |") == 1
    for unit, findings in units.items():
        assert f"## {unit}（{len(findings)} 项）" in md_list
    assert "| 序号 | 问题编号 | 问题类型 | 涉及事项 | 问题描述 | 法律依据 | 整改建议 | 整改时限 | 整改状态 | 备注 |" in md_list
    # the audit summary of render.to_markdown comes first
    assert md.startswith("# 数据集")


# --- accepted findings ----------------------------------------------------------------------------


def write_yaml(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_acceptances_expire_on_their_expiry_date(example, tmp_path):
    f = example.findings[0]
    as_of = dt.date.fromisoformat(example.as_of)
    cases = (((as_of + dt.timedelta(days=1)).isoformat(), True),  # the audit date is the day before expiry: accepted
             (example.as_of, False),  # expiry on the audit date: open again
             ((as_of - dt.timedelta(days=1)).isoformat(), False))
    for expires, accepted in cases:
        path = write_yaml(tmp_path / "a.yaml", f"- {{id: {f.id}, reason: 待省级目录修订, approver: 张某, expires: {expires}}}\n")
        tracked = track(example, load_acceptances(path))
        assert (len(tracked.accepted) == 1) is accepted, expires
        assert len(tracked.findings) == len(example.findings) - accepted
        assert (f.id in tracked.expired) is (not accepted)
        assert tracked.summary()["total"] == len(example.findings)
    # one entry judged on the day before its expiry and on the expiry day
    path = write_yaml(tmp_path / "b.yaml", f"accepted:\n  - {{id: {f.id}, reason: r, approver: a, expires: 2024-06-30}}\n")
    acc = load_acceptances(path)
    assert [a.finding.id for a in partition(example.findings, acc, "2024-06-29").accepted] == [f.id]
    assert partition(example.findings, acc, "2024-06-30").accepted == []
    assert list(partition(example.findings, acc, "2024-06-30").expired) == [f.id]


def test_accepted_findings_in_every_output(example, tmp_path):
    accepted, deferred, lapsed = example.findings[0], example.findings[-1], example.findings[1]
    path = write_yaml(tmp_path / "accepted.yaml", f"""# 已接受风险或暂缓整改的问题
accepted:
  - id: {accepted.id}
    reason: 已报省司法厅，待目录修订
    approver: 张某（市司法局）
    expires: 2099-12-31
  - 问题编号: {deferred.id}
    类型: 暂缓
    理由: 年内招录法制审核人员
    批准人: 李某
    到期日: 2099年6月30日
  - {{id: {lapsed.id}, kind: 接受, reason: 旧的接受, approver: 王某, expires: {example.as_of}}}
  - {{id: EKG001-0123456789, reason: 笔误, approver: 王某, expires: 2099-01-01}}
""")
    out = tmp_path / "list.xlsx"
    r = invoke("audit", EXAMPLE, "-f", "xlsx", "-o", out, "--accepted", path)
    assert r.exit_code == 0, r.output
    assert f"{path} 第4条" in r.stderr and "EKG001-0123456789" in r.stderr
    wb = load_workbook(out)
    acc_rows = list(wb["已接受或暂缓"].iter_rows(min_row=3, values_only=True))
    assert [(row[0], row[1], row[6], row[7], row[8], row[9]) for row in acc_rows] == [
        (1, accepted.id, "已接受风险", "已报省司法厅，待目录修订", "张某（市司法局）", "2099-12-31"),
        (2, deferred.id, "暂缓整改", "年内招录法制审核人员", "李某", "2099-06-30")]
    listed = [row for n in wb.sheetnames[1:-1] for row in wb[n].iter_rows(min_row=3, values_only=True)]
    assert len(listed) == len(example.findings) - 2
    assert accepted.id not in {row[1] for row in listed} and deferred.id not in {row[1] for row in listed}
    note = next(row[10] for row in listed if row[1] == lapsed.id)
    assert "已于" in note and example.as_of in note and "王某" in note
    figures = {row[0]: row[1] for row in wb["汇总"].iter_rows(min_row=2, max_row=8, values_only=True)}
    assert (figures["问题总数"], figures["未整改"], figures["已接受风险/暂缓"], figures["接受已到期、重新列入"]) == (len(example.findings), len(example.findings) - 2, 2, 1)

    r = invoke("audit", EXAMPLE, "-f", "json", "--accepted", path)
    data = json.loads(r.stdout)
    assert {a["id"] for a in data["accepted"]} == {accepted.id, deferred.id}
    assert len(data["findings"]) == len(example.findings) - 2
    assert data["summary"]["open"] == len(example.findings) - 2 and data["summary"]["accepted"] == 2
    assert [x["finding"] for x in data["rectification"]["reopened"]] == [lapsed.id]

    r = invoke("audit", EXAMPLE, "-f", "md", "--accepted", path)
    section = r.stdout.split("## 已接受风险/暂缓（2 项）", 1)[1]
    assert accepted.id in section and deferred.id in section


def test_accepted_findings_do_not_fail_the_run(example, tmp_path):
    errors = [f for f in example.findings if f.severity == "error"]
    assert errors, "the example has error findings"
    entries = "".join(f"  - {{id: {f.id}, reason: r, approver: a, expires: 2099-01-01}}\n" for f in errors)
    path = write_yaml(tmp_path / "a.yaml", "accepted:\n" + entries)
    assert invoke("audit", EXAMPLE, "-f", "json", "--fail-on", "error").exit_code == 1
    assert invoke("audit", EXAMPLE, "-f", "json", "--fail-on", "error", "--accepted", path).exit_code == 0


@pytest.mark.parametrize("text, expected", [
    ("accepted: [\n", ["不是有效的 YAML（第2行）"]),
    ("accepted: 5\n", ["应为问题清单"]),
    ("- hello\n", ["第1条：应为键值对"]),
    ("- {id: EKG001-0123456789, reason: r, approver: a}\n", ["第1条：缺少“expires”（到期日）"]),
    ("- {id: EKG001-0123456789, reason: r, approver: a, expires: 2024-13-01}\n", ["第1条：到期日“2024-13-01”无法识别"]),
    ("- {id: x1, reason: r, approver: a, expires: 2024-01-01, kind: 也许, foo: 1}\n",
     ["第1条：问题编号“x1”格式不对", "第1条：类型“也许”应为 接受 或 暂缓", "第1条：未知的键“foo”"]),
    (("- {id: EKG001-0123456789, reason: r, approver: a, expires: 2024-01-01}\n"
      "- {id: EKG001-0123456789, reason: r, approver: b, expires: 2024-01-01}\n"), ["第2条：问题编号 EKG001-0123456789 与第 1 条重复"]),
])
def test_bad_acceptance_files_exit_3_with_located_messages(tmp_path, text, expected):
    path = write_yaml(tmp_path / "accepted.yaml", text)
    with pytest.raises(AcceptanceFileError) as exc:
        load_acceptances(path)
    assert len(exc.value.issues) == len(expected)
    r = invoke("audit", EXAMPLE, "--accepted", path)
    assert r.exit_code == 3
    assert isinstance(r.exception, SystemExit), r.exception  # a clean exit, no traceback
    for e in expected:
        assert f"{path}" in r.stderr and e in r.stderr, r.stderr


def test_missing_acceptance_file_exits_3(tmp_path):
    r = invoke("audit", EXAMPLE, "--accepted", tmp_path / "nope.yaml", "--lang", "en")
    assert r.exit_code == 3
    assert "nope.yaml: cannot read the file" in r.stderr


@pytest.mark.browser
def test_html_prints_one_page_per_unit(tmp_path):
    """Headless Chromium prints the page: the summary, then each unit's list starts on a new page."""
    import shutil
    import subprocess

    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium package is needed for the print test"
    page, pdf = tmp_path / "list.html", tmp_path / "list.pdf"
    page.write_text(to_html(track(hostile_report())), encoding="utf-8")
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                    f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
                   check=True, capture_output=True, timeout=90)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert pages == 1 + 5  # one summary page, then one page per unit (each list is short)


@pytest.mark.browser
def test_html_renders_offline_with_hostile_text_as_text(tmp_path):
    from browser import Browser

    path = tmp_path / "list.html"
    path.write_text(to_html(track(hostile_report())), encoding="utf-8")
    with Browser(tmp_path / "profile") as b:
        page = b.open(path, ready="document.readyState === 'complete'")
        log = page.log()
        assert log.errors() == [] and log.network_requests() == []
        assert page.evaluate("document.querySelectorAll('script, img, b, link').length") == 0
        assert page.evaluate("document.querySelectorAll('section.unit').length") == 5
        assert "<script>alert(1)</script>" in page.evaluate("document.title")
