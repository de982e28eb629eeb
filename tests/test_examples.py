"""The bundled examples reproduce their seed reports: every figure in each example's expected.yaml."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from enforcekg.audit import run_audit
from enforcekg.dataset import load_dataset
from enforcekg.rules import REGISTRY
from enforcekg.stats import dataset_stats

EXAMPLES = sorted(p for p in (Path(__file__).parents[1] / "data" / "examples").iterdir() if (p / "expected.yaml").exists())


def test_both_examples_are_bundled():
    assert [p.name for p in EXAMPLES] == ["furong-2023", "xiangxiang-2023"]


def _check(expected: dict, report, kg) -> None:
    by_rule = Counter(f.rule for f in report.findings)
    rule_keys = [k for k in expected if k in REGISTRY]
    for rid in rule_keys:
        exp = expected[rid]
        assert by_rule[rid] == exp["total"], f"{rid}: {by_rule[rid]} findings, expected {exp['total']}"
        found = [f for f in report.findings if f.rule == rid]
        if "by_unit" in exp:
            assert dict(Counter(f.unit.name for f in found)) == exp["by_unit"], rid
        if "subjects" in exp:
            got = sorted(f.subject.id if f.subject.type != "Letter" else kg.node(f.subject.id)["number"] for f in found)
            assert got == sorted(exp["subjects"]), rid
        if "of" in exp:
            tally = next(t for t in report.tallies if t.rule == rid)
            assert tally.checked == exp["of"], rid
    for rid in expected.get("zero", []):
        assert by_rule[rid] == 0, f"{rid} should not fire: {[f.message for f in report.findings if f.rule == rid][:3]}"
    # the expectations cover every rule of the registry, one way or the other
    assert set(rule_keys) | set(expected.get("zero", [])) == set(REGISTRY)


@pytest.mark.parametrize("folder", EXAMPLES, ids=lambda p: p.name)
def test_example_matches_its_report(folder):
    expected = yaml.safe_load((folder / "expected.yaml").read_text(encoding="utf-8"))
    res = load_dataset(folder)
    assert not len(res.problems), [p.message("en") + " @ " + p.place() for p in res.problems][:5]
    kg = res.graph
    assert kg.info.note and "重构" in kg.info.note, "examples must say they are reconstructions"
    st = dataset_stats(kg)
    for key, stat in (("units", "units"), ("officers", "officers"), ("delegated_items", "delegations"),
                      ("centralisations", "centralisations")):
        if key in expected:
            assert st[stat] == expected[key], key
    report = run_audit(kg, as_of=None)
    assert report.as_of == expected["audit_date"]
    _check(expected, report, kg)
    for key, exp in expected.items():
        if key.startswith("as_of_"):
            _check(exp, run_audit(kg, as_of=key.removeprefix("as_of_")), kg)


def test_xiangxiang_seven_of_sixteen_by_unit():
    report = run_audit(load_dataset(EXAMPLES[1]).graph)
    t = next(t for t in report.tallies if t.rule == "EKG001")
    assert (t.found, t.checked) == (7, 16)
    assert {k: v[0] for k, v in t.by_unit.items() if v[0]} == {"湘乡市水利局": 4, "湘乡市农业农村局": 1, "湘乡市林业局": 2}
