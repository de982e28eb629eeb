"""The rule registry: every rule is complete, and every rule's fixture flags exactly what it should."""

from __future__ import annotations

import re
import string

import pytest
from rule_cases import fixture_files, load_case

from enforcekg.audit import run_audit
from enforcekg.explain import explain_text, fixture_path, query_path
from enforcekg.rules import REGISTRY, RETIRED
from enforcekg.schema import NODE_TYPES

RULES = list(REGISTRY.values())


def test_registry_is_complete_and_consistent():
    assert len(RULES) >= 25
    ids = [r.id for r in RULES]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert not set(ids) & set(RETIRED), "retired ids must never be reused"
    slugs = [r.slug for r in RULES]
    assert len(set(slugs)) == len(slugs)


def test_every_rule_has_a_fixture_and_every_fixture_a_rule():
    fixture_ids = {p.stem for p in fixture_files()}
    assert fixture_ids == set(REGISTRY), (
        f"rules without fixture: {sorted(set(REGISTRY) - fixture_ids)}; "
        f"fixtures without rule: {sorted(fixture_ids - set(REGISTRY))}"
    )


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_metadata(rule):
    assert rule.subject_type in NODE_TYPES or rule.subject_type == "Act"
    for t in rule.related_types:
        assert t in NODE_TYPES or t == "Act"
    # a rule's name says what is wrong, never the fix
    assert not rule.slug.startswith(("add-", "fix-", "use-"))
    # message templates use only subject (s), related (r[i] within range) and extras (x)
    for tmpl in (rule.message_zh, rule.message_en):
        for _, field, _, _ in string.Formatter().parse(tmpl):
            if field is None:
                continue
            m = re.match(r"^(s|x)\[\w+\]$|^r\[(\d)\]\[\w+\]$", field)
            assert m, f"{rule.id}: bad template field {field!r}"
            if m.group(2) is not None:
                assert int(m.group(2)) < len(rule.related_types), f"{rule.id}: {field} beyond related_types"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_explain_has_every_section(rule):
    for lang, sections in (("zh", ("## 检查什么", "## 为什么是问题", "## 如何整改", "## 法律依据", "## 示例")),
                           ("en", ("## What it does", "## Why is this bad?", "## How to fix", "## References", "## Example"))):
        text = explain_text(rule, lang)
        for s in sections:
            assert s in text, f"{rule.id} explain --lang {lang} lacks {s}"
    assert fixture_path(rule).exists()


CASES = fixture_files()


def test_fixture_count_matches_registry():
    # guards against a suite that shrinks silently (e.g. a leftover filter)
    assert len(CASES) == len(REGISTRY)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_rule_fixture(path, tmp_path):
    fx, res = load_case(path, tmp_path)
    assert not res.problems.errors, [p.message("en") + " @ " + p.place() for p in res.problems.errors]
    rule_id = fx["rule"]
    assert rule_id == path.stem
    flag, ok = [str(x) for x in fx.get("flag", [])], [str(x) for x in fx.get("pass", [])]
    assert flag, "a fixture must have at least one case that is flagged"
    assert ok, "a fixture must have at least one case that is not flagged"
    for sid in flag + ok:
        assert sid in res.graph, f"fixture subject {sid!r} is not in the loaded graph"
    report = run_audit(res.graph, as_of=str(fx.get("as_of")), rules=[rule_id])
    flagged = {f.subject.id for f in report.findings}
    assert flagged == set(flag), f"flagged {sorted(flagged)}, expected {sorted(flag)}"
    assert not flagged & set(ok)
    for f in report.findings:
        assert f.message and "—" not in f.message.split("（")[0][:4]
        assert f.legal_basis and all(f.legal_basis)
        assert f.evidence["sources"], "a finding must point back at its source rows"
    # the English message exists too and differs
    en = run_audit(res.graph, as_of=str(fx.get("as_of")), rules=[rule_id], lang="en")
    assert {f.id for f in en.findings} == {f.id for f in report.findings}
    assert all(a.message != b.message for a, b in zip(sorted(report.findings, key=lambda f: f.id), sorted(en.findings, key=lambda f: f.id), strict=True))


def test_query_files_named_after_rules():
    for rule in RULES:
        p = query_path(rule)
        assert p.name.startswith(rule.id + "_")


def test_readme_lists_every_rule():
    from pathlib import Path

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"| {rule.id} |" in readme, f"README rule table lacks {rule.id}"
