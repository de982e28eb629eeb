"""The Neo4j schema as Markdown, generated from :mod:`enforcekg.schema` for ``queries/README.md``.

The README holds the generated text between two marker lines; ``python -m enforcekg.neo4j_docs``
rewrites it there, ``python -m enforcekg.neo4j_docs --check`` exits 1 when it is out of date, and a test
asserts that it is current.  Nothing in the schema section is written by hand.

>>> "### :Act:Delegation" in schema_markdown()
True
"""

from __future__ import annotations

import sys
from pathlib import Path

from .authority import ENDED_STATUSES, MOVED_OUT
from .schema import (
    ACT_KINDS,
    BODY_KINDS,
    EDGE_TYPES,
    JURISDICTION_LEVELS,
    NODE_TYPES,
    POWER_CATEGORIES,
    SUBJECT_KINDS,
    NodeType,
)

BEGIN = "<!-- BEGIN GENERATED SCHEMA: python -m enforcekg.neo4j_docs writes this section; do not edit by hand -->"
END = "<!-- END GENERATED SCHEMA -->"

#: how each schema value type is stored in Neo4j
NEO4J_TYPES = {"str": "String", "int": "Integer", "bool": "Boolean", "date": "String (ISO date YYYY-MM-DD)",
               "list[str]": "List<String>"}


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _node_section(t: NodeType) -> list[str]:
    lines = [f"### :{':'.join(t.labels)} — {t.zh} ({t.en})", "", t.description, "",
             "| property | type | 含义 | meaning | required |", "|---|---|---|---|---|"]
    for p in t.props:
        lines.append(f"| `{p.name}` | {NEO4J_TYPES[p.type]} | {_cell(p.zh)} | {_cell(p.en)} | {'yes' if p.required else ''} |")
    return [*lines, ""]


def _shared_labels() -> list[str]:
    shared: dict[str, list[str]] = {}
    for t in NODE_TYPES.values():
        for extra in t.extra_labels:
            shared.setdefault(extra, []).append(t.label)
    return [f"- `:{label}` — carried by every {', '.join(f'`:{x}`' for x in members)} node"
            for label, members in shared.items()]


def _code_list(title: str, values: dict[str, object] | list[str]) -> list[str]:
    if isinstance(values, dict):
        items = [f"{k} ({v[0] if isinstance(v, tuple) else v})" for k, v in values.items()]
    else:
        items = list(values)
    return [f"- {title}: " + "; ".join(items)]


def schema_markdown() -> str:
    """Every label, relationship type and property of the Neo4j projection, with its meaning."""
    from .legal.registry import LEVELS
    from .neo4j_io import constraint_statements, index_statements

    intro = ("Generated from `enforcekg.schema` (the one declared schema). Every node has a unique string `id`; "
             "dates are ISO-8601 strings, which compare correctly as strings; absent values are absent "
             "properties (never empty strings).")
    lines = ["## Schema", "", intro, "",
             "### Shared labels", "", *_shared_labels(), ""]
    for t in NODE_TYPES.values():
        lines += _node_section(t)
    lines += ["### Relationship types", "", "| type | from | to | 含义 | meaning |", "|---|---|---|---|---|"]
    for e in EDGE_TYPES.values():
        lines.append(f"| `:{e.type}` | {', '.join(e.sources)} | {', '.join(e.targets)} | {_cell(e.zh)} | {_cell(e.description)} |")
    for e in EDGE_TYPES.values():
        lines += [f"- `:{e.type}.{p.name}` ({NEO4J_TYPES[p.type]}): {p.zh} — {p.en}" for p in e.props]
    lines += ["", "### Values", "",
              *_code_list("`kind` of an act (its label)", {k: v[1] for k, v in ACT_KINDS.items()}),
              *_code_list("`Subject.kind`", SUBJECT_KINDS),
              *_code_list("`Body.kind`", BODY_KINDS),
              *_code_list("`Power.category`", POWER_CATEGORIES),
              *_code_list("`Jurisdiction.level`", JURISDICTION_LEVELS),
              *_code_list("`Instrument.level` (highest first)", list(LEVELS)),
              *_code_list("an act's `status` that ends it (not in effect)", sorted(ENDED_STATUSES)),
              *_code_list("a `Holding.status` that marks the power as moved out", sorted(MOVED_OUT)),
              "", "### Constraints and indexes (Neo4j 5)", "", "```cypher",
              *(f"{s};" for s in constraint_statements() + index_statements()), "```"]
    return "\n".join(lines) + "\n"


def readme_section(text: str) -> str:
    """The generated section of a README text (between the markers, markers excluded)."""
    try:
        start = text.index(BEGIN) + len(BEGIN)
        end = text.index(END, start)
    except ValueError:
        raise ValueError(f"the README has no generated section ({BEGIN} … {END})") from None
    return text[start:end].strip("\n") + "\n"


def update_readme(path: Path) -> bool:
    """Rewrite the generated section of ``path``; return whether anything changed."""
    text = path.read_text(encoding="utf-8")
    start = text.index(BEGIN) + len(BEGIN)
    end = text.index(END, start)
    new = text[:start] + "\n" + schema_markdown() + text[end:]
    if new == text:
        return False
    path.write_text(new, encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    """``python -m enforcekg.neo4j_docs [--check]``: update (or check) ``queries/README.md``."""
    from .resources import queries_dir

    args = sys.argv[1:] if argv is None else argv
    readme = queries_dir() / "README.md"
    if "--check" in args:
        current = readme_section(readme.read_text(encoding="utf-8")) == schema_markdown()
        print(f"{readme}: {'up to date' if current else 'out of date; run python -m enforcekg.neo4j_docs'}")
        return 0 if current else 1
    print(f"{readme}: {'updated' if update_readme(readme) else 'already up to date'}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
