"""Generated pages in headless Chromium, from file:// with the network off: they draw, they stay offline,
they show the legend and the findings, and text from the data runs nothing.

Screenshots go to test-artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser import Browser
from test_views import (
    FURONG,
    HOSTILE_LETTER,
    HOSTILE_SUBJECT,
    HOSTILE_TITLE,
    XIANGXIANG,
    hostile_dataset,
)

from enforcekg.audit import run_audit
from enforcekg.dataset import load_dataset
from enforcekg.views import Scope, build_view, write_view
from enforcekg.views.report import write_report
from enforcekg.views.style import SEVERITY_COLOURS

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parents[1] / "test-artifacts"

#: JS: (pixels drawn on the graph canvas, pixels in a finding's severity colour)
CANVAS_PIXELS = """(() => {
  const c = document.querySelector('#graph canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  const sev = SEVERITY_RGB;
  let drawn = 0, hot = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3] === 0) continue;
    drawn++;
    if (sev.some(([r, g, b]) => Math.abs(d[i] - r) < 24 && Math.abs(d[i + 1] - g) < 24 && Math.abs(d[i + 2] - b) < 24)) hot++;
  }
  return [drawn, hot];
})()""".replace("SEVERITY_RGB", json.dumps([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in SEVERITY_COLOURS.values()]))

#: JS: where a node is drawn, in page coordinates
NODE_XY = """((id) => {
  const p = ekgNetwork.canvasToDOM(ekgNetwork.getPositions([id])[id]);
  const r = document.getElementById('graph').getBoundingClientRect();
  return [p.x + r.left, p.y + r.top];
})"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with Browser(tmp_path_factory.mktemp("chromium") / "profile") as b:
        yield b


@pytest.fixture(scope="module")
def examples():
    out = {}
    for folder in (XIANGXIANG, FURONG):
        kg = load_dataset(folder).graph
        out[folder.name] = (kg, run_audit(kg))
    return out


def _first_finding(report, preferred=("EKG002", "EKG001", "EKG016")):
    for rule in preferred:
        for f in report.findings:
            if f.rule == rule:
                return f
    return report.findings[0]


#: (artifact name, example, scope maker)
PAGES = [
    ("xiangxiang-overview", "xiangxiang-2023", lambda r: Scope()),
    ("xiangxiang-finding", "xiangxiang-2023", lambda r: Scope(finding=_first_finding(r).id)),
    ("xiangxiang-focus-township", "xiangxiang-2023", lambda r: Scope(focus="金石镇", depth=2)),
    ("xiangxiang-rule-EKG001", "xiangxiang-2023", lambda r: Scope(rule="EKG001")),
    ("furong-overview", "furong-2023", lambda r: Scope()),
    ("furong-finding", "furong-2023", lambda r: Scope(finding=_first_finding(r).id)),
]


def test_every_page_kind_is_checked():
    assert len(PAGES) == 6 and len({p[0] for p in PAGES}) == 6


@pytest.mark.parametrize("name,example,scope", PAGES, ids=[p[0] for p in PAGES])
def test_view_draws_offline_with_legend_and_findings(browser, examples, tmp_path, name, example, scope):
    kg, report = examples[example]
    view = build_view(kg, report, scope(report))
    page = browser.open(write_view(view, tmp_path / f"{name}.html"))
    try:
        log = page.log()
        assert log.errors() == []
        assert log.network_requests() == []
        assert [u for u in log.requests if u.startswith("file://")] == [(tmp_path / f"{name}.html").as_uri()]
        drawn, hot = page.evaluate(CANVAS_PIXELS)
        assert drawn > 20_000, "the graph canvas is drawn"
        assert int(page.evaluate("document.body.getAttribute('data-drawn')")) == len(view.nodes)
        assert page.evaluate("document.querySelectorAll('#legend .legend li[data-kind]').length") == len(view.legend) > 0
        assert page.evaluate("document.querySelectorAll('#findings-list li[data-finding]').length") == len(view.findings)
        if any(n.get("borderWidth") == 4 for n in view.nodes):
            assert hot > 200, "offending nodes are drawn in their severity's colour"
        shot = page.screenshot(ARTIFACTS / f"{name}.png")
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 30_000
    finally:
        page.close()


def test_hover_and_click_explain_a_finding_in_chinese(browser, examples, tmp_path):
    kg, report = examples["xiangxiang-2023"]
    f = _first_finding(report)
    view = build_view(kg, report, Scope(finding=f.id))
    page = browser.open(write_view(view, tmp_path / "finding.html"))
    try:
        x, y = page.evaluate(f"{NODE_XY}({json.dumps(f.subject.id)})")
        page.mouse_move(x, y)
        browser.pump(0.6)
        tip = page.evaluate("(() => { const t = document.querySelector('div.vis-tooltip');"
                            " return t && getComputedStyle(t).visibility === 'visible' ? t.textContent : null; })()")
        assert tip and f.message in tip and "⚠" in tip
        page.click(x, y)
        browser.pump(0.3)
        details = page.evaluate("document.getElementById('details').textContent")
        assert kg.name(f.subject.id) in details and f.message in details
        assert all(law in details for law in f.legal_basis) and "法律依据" in details
        banner = page.evaluate("document.querySelector('.banner').textContent")
        assert f.message in banner
        page.evaluate(f"document.getElementById('search').value = {json.dumps(kg.name(f.unit.id))};"
                      " document.getElementById('search-button').click()")
        assert page.evaluate("document.getElementById('search-status').textContent").startswith("找到")
        assert f.unit.id in page.evaluate("ekgNetwork.getSelectedNodes()")
        assert page.log().errors() == [] and page.log().network_requests() == []
    finally:
        page.close()


def test_report_index_and_its_links_work_offline(browser, examples, tmp_path):
    kg, report = examples["xiangxiang-2023"]
    files = write_report(kg, report, tmp_path / "report")
    page = browser.open(files.index, ready="document.readyState === 'complete'")
    try:
        log = page.log()
        assert log.errors() == [] and log.network_requests() == []
        hrefs = page.evaluate("Array.from(document.querySelectorAll('a[href]')).map(a => a.href)")
        assert len(hrefs) == 1 + len(files.rules) + len(files.findings)
        assert all(h.startswith("file://") and Path(h[len("file://"):]).exists() for h in hrefs)
        bars = page.evaluate("document.querySelectorAll('#chart-unit rect').length")
        assert bars >= len({f.unit.id for f in report.findings if f.unit})
        page.screenshot(ARTIFACTS / "report-index.png", full_page=True)
        pdf = page.pdf(ARTIFACTS / "report-index.pdf").read_bytes()
        assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page[^s]", pdf)) > 1, "it prints, on several pages"
    finally:
        page.close()
    linked = browser.open(files.findings[_first_finding(report).id])
    try:
        assert linked.log().errors() == [] and linked.evaluate(CANVAS_PIXELS)[0] > 20_000
    finally:
        linked.close()


def test_hostile_names_and_citations_run_nothing(browser, tmp_path):
    kg = load_dataset(hostile_dataset(tmp_path / "hostile")).graph
    report = run_audit(kg)
    letter = next(n for n in kg.nodes("Letter"))
    pages = [write_view(build_view(kg, report, Scope(focus="evil", depth=2)), tmp_path / "focus.html")]
    files = write_report(kg, report, tmp_path / "report")
    pages += [files.index, *files.findings.values(), files.overview]
    assert len(pages) == 3 + len(report.findings)
    untouched = ("[document.body.getAttribute('data-xss'), document.querySelectorAll('img, iframe, object, embed,"
                 " svg[onload], b[onmouseover]').length, typeof window.__xss]")
    clicked = 0
    for i, path in enumerate(pages):
        ready = "document.readyState === 'complete'" if path == files.index else None
        page = browser.open(path, **({"ready": ready} if ready else {}))
        try:
            assert page.evaluate("document.title").startswith(HOSTILE_TITLE), "the title shows the markup as text"
            if path != files.index:
                for node in ("evil", letter):
                    if page.evaluate(f"ekgNetwork.getPositions([{json.dumps(node)}])[{json.dumps(node)}] !== undefined"):
                        x, y = page.evaluate(f"{NODE_XY}({json.dumps(node)})")
                        page.mouse_move(x, y)
                        browser.pump(0.4)
                        page.click(x, y)
                        browser.pump(0.2)
                        details = page.evaluate("document.getElementById('details').textContent")
                        assert (HOSTILE_SUBJECT if node == "evil" else HOSTILE_LETTER) in details
                        clicked += 1
            assert page.evaluate(untouched) == [None, 0, "undefined"]
            assert page.log().errors() == [], "a blocked injection would show as a CSP error"
            assert page.log().network_requests() == []
            if i == 0:
                page.screenshot(ARTIFACTS / "xss-hostile-names.png")
        finally:
            page.close()
    assert clicked >= 3, "the hostile unit and letter were hovered and clicked"
