"""HTML views and the findings report, without a browser: scopes, limits, structure, offline, escaping.

The browser checks (the page really draws, nothing runs from the data) are in test_views_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest
import yaml
from rule_cases import FIXTURES

from enforcekg.audit import run_audit
from enforcekg.dataset import load_dataset
from enforcekg.fixtures import materialise, read_fixture
from enforcekg.graph import KnowledgeGraph
from enforcekg.views import (
    WHOLE_DETAIL_NODES,
    Scope,
    ViewError,
    build_view,
    render,
    write_view,
)
from enforcekg.views.layout import layered
from enforcekg.views.report import write_report
from enforcekg.views.style import SEVERITY_COLOURS, UI

EXAMPLES = Path(__file__).parents[1] / "data" / "examples"
XIANGXIANG = EXAMPLES / "xiangxiang-2023"
FURONG = EXAMPLES / "furong-2023"

# --- hostile data, shared with test_views_browser.py ----------------------------------------------

HOSTILE_SUBJECT = "<img src=x onerror=\"document.title='XSS';document.body.setAttribute('data-xss','img')\">水利局"
HOSTILE_POWER = '</script><script>document.body.setAttribute("data-xss","script")</script>处罚'
HOSTILE_CITATION = "《<svg onload=document.body.setAttribute('data-xss','svg')>条例》第三条"
HOSTILE_LETTER = "<iframe srcdoc=\"<script>parent.document.body.setAttribute('data-xss','iframe')</script>\">"
HOSTILE_TITLE = "<b onmouseover=\"document.body.setAttribute('data-xss','title')\">恶意标题</b>"
HOSTILE = (HOSTILE_SUBJECT, HOSTILE_POWER, HOSTILE_CITATION, HOSTILE_LETTER, HOSTILE_TITLE)


def hostile_dataset(folder: Path) -> Path:
    """The rule fixtures' county plus a department, power, letter, citation and title made of markup."""
    base = read_fixture(FIXTURES / "_base.yaml")
    ds = {k: list(v) for k, v in base["dataset"].items()}
    ds["subjects"].append({"主体编码": "evil", "主体名称": HOSTILE_SUBJECT, "主体类型": "政府部门", "所属区划": "county"})
    ds["powers"] = [{"事项编码": "X1", "事项名称": HOSTILE_POWER, "职权类型": "行政处罚",
                     "实施依据": "《中华人民共和国水法》第六十五条第一款", "实施主体": HOSTILE_SUBJECT}]
    ds["letters"] = [{"委托书编号": HOSTILE_LETTER, "委托单位": HOSTILE_SUBJECT, "受委托单位": "甲镇人民政府",
                      "签订日期": "2022-03-01", "委托期限起": "2022-03-01", "委托期限止": "2025-02-28", "是否公布": "是",
                      "是否备案": "是", "文书审批": HOSTILE_SUBJECT, "档案管理": "甲镇人民政府", "监督": HOSTILE_SUBJECT,
                      "执法名义": HOSTILE_SUBJECT}]
    ds["delegations"] = [{"委托编号": "DX", "事项编码": "X1", "委托单位": HOSTILE_SUBJECT, "受委托单位": "甲镇人民政府",
                          "赋权方式": "委托", "委托依据": HOSTILE_CITATION, "委托书编号": HOSTILE_LETTER,
                          "委托日期": "2022-03-01"}]
    out = materialise({"rule": "hostile", "as_of": "2023-12-31", "dataset": ds}, folder)
    manifest = yaml.safe_load((out / "dataset.yaml").read_text(encoding="utf-8"))
    manifest["title"] = HOSTILE_TITLE
    (out / "dataset.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    return out


# --- helpers ------------------------------------------------------------------------------------

def fixture_graph(rule: str, tmp: Path) -> KnowledgeGraph:
    res = load_dataset(materialise(read_fixture(FIXTURES / f"{rule}.yaml"), tmp / rule))
    assert not res.problems.errors
    return res.graph


def page_data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="ekg-data">(.*?)</script>', page, re.DOTALL)
    assert m, "the page carries its graph as JSON"
    return json.loads(m.group(1))


def inline_scripts(page: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", page, re.DOTALL)


def assert_offline(page: str) -> None:
    """No resource from anywhere: no http(s) src/href, no external script or stylesheet, CSP forbids the rest."""
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    assert not re.search(r"<link\b", page, re.IGNORECASE)
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.IGNORECASE)
    assert not re.search(r"@import|url\(\s*['\"]?(?:https?:)?//", page, re.IGNORECASE)
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert csp
    policy = html.unescape(csp.group(1))
    assert "default-src 'none'" in policy
    allowed = set(re.findall(r"'sha256-([^']+)'", policy))
    for script in inline_scripts(page):
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        assert digest in allowed, "every inline script is allowed by its hash, and nothing else is"


@pytest.fixture(scope="module")
def fx001(tmp_path_factory):
    kg = fixture_graph("EKG001", tmp_path_factory.mktemp("fx"))
    return kg, run_audit(kg, rules=["EKG001"])


@pytest.fixture(scope="module")
def fx002(tmp_path_factory):
    kg = fixture_graph("EKG002", tmp_path_factory.mktemp("fx"))
    return kg, run_audit(kg, rules=["EKG002"])


@pytest.fixture(scope="module")
def xx():
    kg = load_dataset(XIANGXIANG).graph
    return kg, run_audit(kg)


# --- scopes -------------------------------------------------------------------------------------

def test_whole_small_dataset_draws_every_node_with_positions(fx001):
    kg, report = fx001
    view = build_view(kg, report)
    assert not view.aggregated and len(kg) <= WHOLE_DETAIL_NODES
    assert {n["id"] for n in view.nodes} == set(kg.nodes())
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in view.nodes)
    assert len(view.edges) == kg.g.number_of_edges()
    assert len(view.findings) == len(report.findings) == 2
    data = page_data(render(view))
    assert data["options"]["physics"] == {"enabled": False}
    assert len(data["nodes"]) == len(kg)


def test_whole_large_dataset_is_one_node_per_unit(xx):
    kg, report = xx
    assert len(kg) > WHOLE_DETAIL_NODES
    view = build_view(kg, report)
    assert view.aggregated and view.notice and "--focus" in view.notice
    subjects = set(kg.nodes("Subject"))
    assert {n["id"] for n in view.nodes} == subjects
    # one link per (giver, receiver, kind of act), labelled with the number of acts
    groups = {(kg.one(a, "FROM"), kg.one(a, "TO"), kg.label(a)) for lbl in ("Delegation", "Assignment", "Transfer",
              "Centralisation") for a in kg.nodes(lbl) if kg.one(a, "TO") in subjects}
    assert len(view.edges) == len(groups) > 0
    water = next(n for n in view.nodes if n["id"] == "XX-D01")
    holdings = len(kg.into("XX-D01", "TO", "Holding"))
    assert f"事项 {holdings}" in water["label"]
    flagged_units = {f.unit.id for f in report.findings if f.unit}
    assert {n["id"] for n in view.nodes if n.get("borderWidth") == 4} == flagged_units


def test_aggregate_still_too_large_is_refused(xx):
    kg, report = xx
    with pytest.raises(ViewError) as exc:
        build_view(kg, report, max_nodes=20)
    assert "--focus" in exc.value.message("zh") and "--focus" in exc.value.message("en")


def test_focus_depth_and_hubs(fx002):
    kg, report = fx002
    one = {n for n in (x["id"] for x in build_view(kg, report, Scope(focus="zrj", depth=1)).nodes)}
    assert "zrj" in one and {"D1", "D2", "T1"} <= one
    assert "P:Z1" not in one, "powers are two hops away from the unit"
    two = {x["id"] for x in build_view(kg, report, Scope(focus="zrj", depth=2)).nodes}
    assert {"P:Z1", "nyj", "zA", "zB"} <= two
    # the county area is reached but not spread through: other departments stay out
    assert "county" in two and "slj" not in two


def test_focus_on_a_township_area_centres_on_its_government(fx002):
    kg, report = fx002
    ids = {x["id"] for x in build_view(kg, report, Scope(focus="乙镇", depth=1)).nodes}
    assert {"tB", "zB", "D2", "D5"} <= ids


def test_focus_names_are_resolved_or_explained(fx002):
    kg, report = fx002
    for query in ("zrj", "示例县自然资源局", "自然资源局"):
        assert build_view(kg, report, Scope(focus=query, depth=0)).nodes[0]["id"] == "zrj"
    with pytest.raises(ViewError) as exc:
        build_view(kg, report, Scope(focus="县", depth=1))
    assert "示例县水利局" in exc.value.message("zh") and "several" in exc.value.message("en")
    with pytest.raises(ViewError) as exc:
        build_view(kg, report, Scope(focus="不存在的单位"))
    assert "找不到" in exc.value.message("zh")


def test_focus_too_large_is_refused_with_advice(fx002):
    kg, report = fx002
    with pytest.raises(ViewError) as exc:
        build_view(kg, report, Scope(focus="zrj", depth=3), max_nodes=10)
    assert "--depth" in exc.value.message("zh") and "--max-nodes" in exc.value.message("en")


def test_finding_view_shows_the_path_highlighted_with_its_context(fx002):
    kg, report = fx002
    f = next(f for f in report.findings if f.subject.id == "D2")
    view = build_view(kg, report, Scope(finding=f.id))
    ids = {n["id"] for n in view.nodes}
    assert set(f.evidence["path"]) <= ids
    assert "T1" in ids, "the transfer that took the power away is shown"
    assert "D6" not in ids and "T2" not in ids, "acts about other powers are not context"
    assert view.banner and [x["id"] for x in view.findings] == [f.id]
    red = SEVERITY_COLOURS[f.severity]
    flagged = {n["id"] for n in view.nodes if n["color"]["border"] == red and n["label"].startswith("⚠ ")}
    assert flagged == set(f.evidence["path"])
    hot = {(e["from"], e["to"]) for e in view.edges if e["color"]["color"] == red}
    assert ("zrj", "D2") in hot and ("D2", "zB") in hot and ("D2", "P:Z1") in hot
    assert all({a, b} <= flagged for a, b in hot)
    with pytest.raises(ViewError) as exc:
        build_view(kg, report, Scope(finding="EKG002-0000000000"))
    assert "enforcekg audit" in exc.value.message("zh")


def test_rule_view_is_the_union_of_its_findings(fx002):
    kg, report = fx002
    view = build_view(kg, report, Scope(rule="ekg002"))
    assert len(view.findings) == 4
    ids = {n["id"] for n in view.nodes}
    assert {"D1", "D2", "D5", "D8"} <= ids and not {"D3", "D4", "D6", "D7"} & ids
    with pytest.raises(ViewError):
        build_view(kg, report, Scope(rule="EKG002"), max_nodes=5)
    empty = build_view(kg, report, Scope(rule="EKG003"))
    assert empty.nodes == [] and empty.notice


def test_as_of_hides_acts_not_yet_in_effect(fx002, tmp_path):
    kg, report = fx002
    assert report.as_of == "2023-12-31"
    ids = {n["id"] for n in build_view(kg, report, Scope(focus="zrj", depth=1)).nodes}
    assert "T1" in ids and "T2" not in ids, "T2 takes effect on 2024-03-01"
    later = run_audit(kg, as_of="2024-06-01", rules=["EKG002"])
    ids = {n["id"] for n in build_view(kg, later, Scope(focus="zrj", depth=1)).nodes}
    assert {"T1", "T2"} <= ids
    earlier = run_audit(kg, as_of="2023-01-01", rules=["EKG002"])
    ids = {n["id"] for n in build_view(kg, earlier, Scope(focus="zrj", depth=1)).nodes}
    assert "T1" not in ids and "D2" not in ids and "D1" in ids


# --- what a reader sees --------------------------------------------------------------------------

def test_legend_lists_exactly_the_kinds_drawn(fx002):
    kg, report = fx002
    view = build_view(kg, report, Scope(focus="zrj", depth=2))
    kinds = [k["key"] for k in view.legend]
    assert set(kinds) == {"Subject", "Subject:township", "Delegation", "Transfer", "Holding", "Power",
                          "Provision", "Jurisdiction"}
    page = render(view)
    assert page.count('<li data-kind="') == len(kinds)
    assert "划转（划出 → 划入）" in page and "委托（委托方 → 受委托方）" in page


def test_details_name_dates_documents_and_cited_articles(fx001):
    kg, report = fx001
    view = build_view(kg, report)
    d1 = next(n for n in view.nodes if n["id"] == "D1")["ekg"]
    assert d1["kind"] == "委托"
    rel = {name: items for name, items, _ in d1["rel"]}
    assert rel["依据"] == ["《湖南省行政执法条例》第七条"]
    assert rel["委托方"] == ["示例县水利局"] and rel["受委托方"] == ["甲镇人民政府"]
    assert rel["载于"] == ["示例委托〔2022〕1号"]
    letter = next(n for n in view.nodes if kg.label(n["id"]) == "Letter")["ekg"]
    rows = dict(letter["rows"])
    assert rows["委托书编号"] == "示例委托〔2022〕1号" and rows["签订日期"] == "2022-03-01" and rows["是否公布"] == "是"
    assert letter["sources"], "where the record came from"
    en = build_view(kg, report, lang="en")
    d1en = next(n for n in en.nodes if n["id"] == "D1")["ekg"]
    assert d1en["kind"] == "delegation" and "based on" in {r[0] for r in d1en["rel"]}
    assert "Legend" in render(en) and "图例" not in render(en)


def test_interface_speaks_both_languages():
    assert set(UI["zh"]) == set(UI["en"]) and all(UI["zh"].values()) and all(UI["en"].values())


def test_acts_are_nodes_drawn_as_such(fx002):
    kg, report = fx002
    view = build_view(kg, report, Scope(focus="zrj", depth=2))
    acts = {n["id"]: n for n in view.nodes if kg.label(n["id"]) in ("Delegation", "Transfer")}
    assert acts and all(n["shape"] == "diamond" for n in acts.values())
    assert acts["T1"]["label"] == "划转\n2023-07-13"
    # a party points at the act it gives, the act at the party that receives
    assert any(e["from"] == "zrj" and e["to"] == "T1" and e["label"] == "划出" for e in view.edges)
    assert any(e["from"] == "T1" and e["to"] == "nyj" and e["label"] == "划入" for e in view.edges)


def test_layout_keeps_columns_apart_and_rows_spaced():
    columns = {f"n{i}": i % 3 for i in range(30)}
    edges = [(f"n{i}", f"n{i + 1}") for i in range(29)]
    pos = layered(columns, edges, row_gap=50, col_gap=200, sub_gap=150)
    assert len(pos) == 30
    for c in range(3):
        xs = {pos[n][0] for n in columns if columns[n] == c}
        assert max(xs) < min(pos[n][0] for n in columns if columns[n] == c + 1) if c < 2 else True
    for x in {p[0] for p in pos.values()}:
        ys = sorted(p[1] for p in pos.values() if p[0] == x)
        assert all(b - a >= 49.9 for a, b in pairwise(ys))


# --- the page: offline and escaped -----------------------------------------------------------------

def test_page_is_self_contained_and_offline(fx001):
    kg, report = fx001
    page = render(build_view(kg, report))
    assert_offline(page)
    assert len(inline_scripts(page)) == 2
    assert "vis-network" in inline_scripts(page)[0][:300]
    assert "Microsoft YaHei" in page and "WenQuanYi Zen Hei" in page
    assert 'id="search"' in page and 'id="legend"' in page


def test_hostile_text_is_shown_as_text_everywhere(tmp_path):
    kg = load_dataset(hostile_dataset(tmp_path / "hostile")).graph
    report = run_audit(kg)
    assert report.findings, "a finding concerns the hostile records"
    pages = [render(build_view(kg, report)), render(build_view(kg, report, Scope(focus="evil", depth=2))),
             *(render(build_view(kg, report, Scope(finding=f.id))) for f in report.findings)]
    files = write_report(kg, report, tmp_path / "report")
    pages.append(files.index.read_text(encoding="utf-8"))
    for page in pages:
        assert_offline(page)
        for bad in ("<img", "<iframe", "<svg onload", "<b onmouseover", "<script>document"):
            assert bad not in page
        # outside the JSON block, hostile text appears only HTML-escaped; inside, only \u003c-escaped
        body = re.sub(r'<script type="application/json" id="ekg-data">.*?</script>', "", page, flags=re.DOTALL)
        assert body.count("</script>") == len(inline_scripts(body))
    view_page = pages[1]
    data = page_data(view_page)
    names = {n["ekg"]["name"] for n in data["nodes"]}
    assert HOSTILE_SUBJECT in names and HOSTILE_POWER in names, "the JSON round-trips the exact text"
    assert html.unescape(re.search(r"<h1>(.*?)</h1>", view_page).group(1)) == HOSTILE_TITLE
    index = files.index.read_text(encoding="utf-8")
    units = re.findall(r'<td class="unit">(.*?)</td>', index)
    assert HOSTILE_SUBJECT in {html.unescape(u) for u in units}


# --- the report -----------------------------------------------------------------------------------

def test_report_links_every_finding_to_its_page(xx, tmp_path):
    kg, report = xx
    files = write_report(kg, report, tmp_path / "r")
    index = files.index.read_text(encoding="utf-8")
    assert_offline(index)
    assert "<script" not in index, "the index is static"
    assert len(files.findings) == len(report.findings) and not files.skipped
    for f in report.findings:
        assert f'href="findings/{f.id}.html"' in index
        page = (tmp_path / "r" / "findings" / f"{f.id}.html").read_text(encoding="utf-8")
        assert 'href="../index.html"' in page and f.id in page
    for tl in report.tallies:
        if tl.checked:
            assert re.search(rf'data-rule="{tl.rule}">.*?{tl.found}/{tl.checked}', index, re.DOTALL)
    units = {f.unit.name for f in report.findings if f.unit}
    chart = re.search(r'<figure id="chart-unit">(.*?)</figure>', index, re.DOTALL).group(1)
    assert chart.count("<rect") >= len(units) and all(html.escape(u)[:8] in chart for u in units)
    rule_chart = re.search(r'<figure id="chart-rule">(.*?)</figure>', index, re.DOTALL).group(1)
    assert all(r in rule_chart for r in {f.rule for f in report.findings})
    by_unit = re.search(r'<table id="by-unit">(.*?)</table>', index, re.DOTALL).group(1)
    assert by_unit.count("<tr>") == len({n for tl in report.tallies for n, v in tl.by_unit.items() if v[0]}) + 1
    assert (tmp_path / "r" / "overview.html").exists() and set(files.rules) == {f.rule for f in report.findings}
    assert "@media print" in index


# --- the command line -------------------------------------------------------------------------------

def cli(*args: str):
    """Run ``view``/``report`` in process, on an app that has only this module's commands."""
    import typer
    from typer.testing import CliRunner

    from enforcekg import cli_view

    app = typer.Typer()
    cli_view.register(app)
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "160"})


def test_cli_view_exit_codes_and_messages(tmp_path):
    ds = materialise(read_fixture(FIXTURES / "EKG002.yaml"), tmp_path / "ds")
    r = cli("view", str(ds), "-o", str(tmp_path / "v.html"), "--focus", "zrj", "--depth", "1")
    assert r.exit_code == 0, r.output
    assert "已写入" in r.output and (tmp_path / "v.html").stat().st_size > 100_000
    for args, code, text in (
        (("--rule", "EKG002", "--focus", "zrj"), 2, "只能选一个"),
        (("--finding", "EKG002-nothere", "--lang", "en"), 2, "no finding EKG002-nothere"),
        (("--focus", "zrj", "--depth", "3", "--max-nodes", "5"), 2, "--depth"),
        (("--as-of", "2023-13-45",), 2, "YYYY-MM-DD"),
        (("--rule", "EKG999"), 2, "没有规则 EKG999"),
    ):
        r = cli("view", str(ds), "-o", str(tmp_path / "x.html"), *args)
        assert r.exit_code == code and text in r.output, (args, r.output)
        assert not isinstance(r.exception, Exception) or isinstance(r.exception, SystemExit), r.exception
    assert not (tmp_path / "x.html").exists()


def test_cli_report_from_the_installed_command(tmp_path):
    ds = materialise(read_fixture(FIXTURES / "EKG002.yaml"), tmp_path / "ds")
    r = subprocess.run([sys.executable, "-m", "enforcekg", "report", str(ds), "-o", str(tmp_path / "rep")],
                       capture_output=True, text=True, timeout=120, check=False,
                       env={"COLUMNS": "160", "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr
    findings = run_audit(load_dataset(ds).graph).findings
    assert f"{len(findings)} 个问题" in r.stdout
    assert len(list((tmp_path / "rep" / "findings").glob("EKG*.html"))) == len(findings) > 4
    assert (tmp_path / "rep" / "index.html").exists() and (tmp_path / "rep" / "rules" / "EKG002.html").exists()


def test_both_examples_have_views(tmp_path):
    for folder in (XIANGXIANG, FURONG):
        kg = load_dataset(folder).graph
        report = run_audit(kg)
        path = write_view(build_view(kg, report), tmp_path / f"{folder.name}.html")
        assert_offline(path.read_text(encoding="utf-8"))
        for f in report.findings:
            view = build_view(kg, report, Scope(finding=f.id))
            assert {n["id"] for n in view.nodes} >= set(f.evidence["path"])


def test_focus_lists_the_findings_of_what_it_draws(xx):
    kg, report = xx
    view = build_view(kg, report, Scope(focus="金石镇", depth=2))
    drawn = {n["id"] for n in view.nodes}
    expected = [f.id for f in report.findings if f.evidence["path"][0] in drawn]
    assert [f["id"] for f in view.findings] == expected and expected
    assert all(f["township"] in (None, "湘乡市金石镇人民政府") for f in view.findings if f["rule"] == "EKG014")


def test_cli_defaults_are_the_views_defaults():
    import inspect

    from enforcekg import cli_view
    from enforcekg.views import DEFAULT_DEPTH, DEFAULT_MAX_NODES

    for command in (cli_view.view, cli_view.report):
        assert inspect.signature(command).parameters["max_nodes"].default == DEFAULT_MAX_NODES
    assert inspect.signature(cli_view.view).parameters["depth"].default == DEFAULT_DEPTH
