"""``enforcekg explain``: a rule's documentation, assembled from its metadata, fixture and Cypher."""

from __future__ import annotations

from pathlib import Path

from .render import severity_label
from .resources import queries_dir
from .rules.base import Rule
from .rules.law import render

FIXTURES = Path(__file__).resolve().parent / "rules" / "fixtures"

SUBJECT_ZH = {"Delegation": "委托事项", "Letter": "委托书", "Assignment": "交由事项", "Centralisation": "相对集中决定",
              "Exercise": "承办关系", "Staffing": "人员配备记录", "Holding": "清单条目", "Power": "职权事项",
              "Act": "清单条目或职权行为"}

SECTIONS = {
    "zh": ("## 检查什么", "## 为什么是问题", "## 如何整改", "## 法律依据", "## 示例", "## Cypher"),
    "en": ("## What it does", "## Why is this bad?", "## How to fix", "## References", "## Example", "## Cypher"),
}


def query_path(rule: Rule) -> Path:
    return queries_dir() / f"{rule.id}_{rule.slug.replace('-', '_')}.cypher"


def fixture_path(rule: Rule) -> Path:
    return FIXTURES / f"{rule.id}.yaml"


def fixture_messages(rule: Rule, path: Path, lang: str) -> list[str]:
    """The messages the rule gives on its own fixture: a real example, not a template."""
    import tempfile

    from .audit import run_audit
    from .dataset import load_dataset
    from .fixtures import materialise, read_fixture

    with tempfile.TemporaryDirectory() as tmp:
        fx = read_fixture(path)
        res = load_dataset(materialise(fx, Path(tmp) / "fixture"))
        report = run_audit(res.graph, as_of=str(fx.get("as_of")) if fx.get("as_of") else None, rules=[rule.id], lang=lang)
    return [f.message for f in report.findings]


def explain_text(rule: Rule, lang: str = "zh") -> str:
    """The rule's documentation as Markdown (ruff-style sections)."""
    from .legal.registry import Registry

    registry = Registry.load_default()
    what, why, fix, refs, example, cypher = SECTIONS["en" if lang == "en" else "zh"]
    en = lang == "en"
    lines = [
        f"# {rule.id} {rule.slug}: {rule.title(lang)}",
        "",
        f"{'Severity' if en else '级别'}: {severity_label(rule.severity, lang)}",
        "",
        what,
        "",
        (f"Flags each {rule.subject_type} (subject) where: {rule.title_en.lower()}." if en
         else f"逐一检查每个{SUBJECT_ZH.get(rule.subject_type, rule.subject_type)}，标记“{rule.title_zh}”的情形。"),
        "",
        why,
        "",
        rule.rationale_en if en else rule.rationale_zh,
        "",
        fix,
        "",
        rule.remediation_en if en else rule.remediation_zh,
        "",
        refs,
        "",
        *(f"- {render(r, registry, None, lang)}" for r in rule.legal_refs),
        "",
    ]
    fx = fixture_path(rule)
    if fx.exists():
        import yaml

        data = yaml.safe_load(fx.read_text(encoding="utf-8"))
        lines += [example, "", data.get("description_en" if en else "description", "").strip(), ""]
        lines += [f"> {m}" for m in fixture_messages(rule, fx, lang)] + [""]
    q = query_path(rule)
    if q.exists():
        lines += [cypher, "", "```cypher", q.read_text(encoding="utf-8").rstrip(), "```", ""]
    return "\n".join(lines) + "\n"
