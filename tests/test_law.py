"""Legal references are rendered by the text in force on the act's date (pre-2021 numbering)."""

from __future__ import annotations

import pytest

from enforcekg.audit import run_audit
from enforcekg.dataset import load_dataset
from enforcekg.explain import FIXTURES as FIX  # noqa: E402
from enforcekg.fixtures import materialise, read_fixture
from enforcekg.legal.registry import Registry
from enforcekg.rules import REGISTRY
from enforcekg.rules.law import LEGAL_REFS, render


@pytest.fixture(scope="module")
def reg():
    return Registry.load_default()


@pytest.mark.parametrize("ref, on, text", [
    ("admin_penalty_law:20:1", "2023-01-01", "《中华人民共和国行政处罚法》第二十条第一款"),
    ("admin_penalty_law:20:1", "2019-05-01", "《中华人民共和国行政处罚法》（2021年修订前）第十八条第一款"),
    ("admin_penalty_law:20:3", "2019-05-01", "《中华人民共和国行政处罚法》（2021年修订前）第十八条第二款"),
    ("admin_penalty_law:20:4", "2021-07-14", "《中华人民共和国行政处罚法》（2021年修订前）第十八条第三款"),
    ("admin_penalty_law:20:2", "2019-05-01", "《中华人民共和国行政处罚法》（2021年修订前）第十八条"),
    ("admin_penalty_law:20:4", "2021-07-15", "《中华人民共和国行政处罚法》第二十条第四款"),
    ("admin_penalty_law:21", "2020-01-01", "《中华人民共和国行政处罚法》（2021年修订前）第十九条"),
    ("admin_compulsion_law:17:1", "2019-05-01", "《中华人民共和国行政强制法》第十七条第一款"),
])
def test_render_by_date(reg, ref, on, text):
    assert render(ref, reg, on, "zh") == text


def test_english_rendering(reg):
    assert render("admin_penalty_law:20:1", reg, "2023-01-01", "en") == "Administrative Penalty Law, art. 20(1)"
    assert "before 2021-07-15" in render("admin_penalty_law:20:1", reg, "2019-01-01", "en")


def test_every_rule_reference_renders(reg):
    used = {ref for r in REGISTRY.values() for ref in r.legal_refs}
    assert used <= set(LEGAL_REFS)
    for ref in used:
        for lang in ("zh", "en"):
            assert render(ref, reg, "2023-12-31", lang).strip()


def test_finding_on_a_2019_delegation_cites_the_old_article(tmp_path):
    fx = read_fixture(FIX / "EKG001.yaml")
    for row in fx["dataset"]["delegations"]:
        row["委托日期"] = "2019-05-01"
    res = load_dataset(materialise(fx, tmp_path / "old"))
    report = run_audit(res.graph, rules=["EKG001"])
    assert len(report.findings) == 2
    assert all(f.legal_basis[0] == "《中华人民共和国行政处罚法》（2021年修订前）第十八条第一款" for f in report.findings)
