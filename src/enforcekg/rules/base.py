"""The rule model: a small frozen dataclass that carries its metadata, its check and its messages.

A rule is validated when it is built (id format, severity, legal references, message templates), so a
broken rule fails at import with a message saying what to fix.  Checks are plain functions over the
graph that yield :class:`Hit` s; the audit runner turns hits into :class:`~enforcekg.findings.Finding` s,
rendering the message from node properties only (the Cypher route renders the same way).
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..findings import SEVERITIES
from ..graph import KnowledgeGraph
from .law import LEGAL_REFS

RULE_ID = re.compile(r"^EKG\d{3}$")
SLUG = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Hit:
    """What a check returns: the subject, the related nodes (identity), unit and township (roll-ups)."""

    subject: str
    related: tuple[str, ...] = ()
    unit: str | None = None
    township: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass
class AuditContext:
    kg: KnowledgeGraph
    as_of: str
    registry: Any = None  # enforcekg.legal.registry.Registry
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """Compute a shared intermediate result (e.g. the delegations in effect) once per audit."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]


Check = Callable[[AuditContext], Iterator[Hit]]
Population = Callable[[AuditContext], Iterator[Hit]]
Extras = Callable[[dict[str, Any], list[dict[str, Any]], str], dict[str, Any]]


class _Probe(dict):
    """Formats any key, to check a template's syntax when the rule is defined."""

    def __missing__(self, key: str) -> str:
        return "x"


@dataclass(frozen=True)
class Rule:
    id: str
    slug: str
    title_zh: str
    title_en: str
    severity: str
    legal_refs: tuple[str, ...]
    rationale_zh: str
    rationale_en: str
    remediation_zh: str
    remediation_en: str
    message_zh: str
    message_en: str
    subject_type: str
    related_types: tuple[str, ...]
    check: Check
    population: Population
    extras: Extras | None = None

    def __post_init__(self) -> None:
        problems = []
        if not RULE_ID.match(self.id):
            problems.append(f"id {self.id!r} must look like EKG001")
        if not SLUG.match(self.slug):
            problems.append(f"slug {self.slug!r} must be kebab-case naming the defect")
        if self.severity not in SEVERITIES:
            problems.append(f"severity {self.severity!r} not in {SEVERITIES}")
        for ref in self.legal_refs:
            if ref not in LEGAL_REFS:
                problems.append(f"legal reference {ref!r} is not in rules/law.py LEGAL_REFS")
        if not self.legal_refs:
            problems.append("a rule must cite at least one legal reference")
        for name in ("title_zh", "title_en", "rationale_zh", "rationale_en", "remediation_zh", "remediation_en"):
            if not getattr(self, name).strip():
                problems.append(f"{name} is empty")
        for name in ("message_zh", "message_en"):
            try:
                _render(getattr(self, name), _Probe(), [_Probe()] * 8, _Probe())
            except (ValueError, IndexError, KeyError, AttributeError) as exc:
                problems.append(f"{name} is not a valid template: {exc}")
        if problems:
            raise ValueError(f"rule {self.id}: " + "; ".join(problems))

    def title(self, lang: str = "zh") -> str:
        return self.title_en if lang == "en" else self.title_zh

    def message(self, subject: dict[str, Any], related: list[dict[str, Any]], as_of: str, lang: str = "zh") -> str:
        x = self.extras(subject, related, as_of) if self.extras else {}
        return _render(self.message_en if lang == "en" else self.message_zh, _Props(subject), [_Props(r) for r in related], _Props(x))


class _Props(dict):
    """Node properties for message templates: missing values show as '—', lists joined."""

    def __missing__(self, key: str) -> str:
        return "—"

    def __getitem__(self, key: str) -> Any:
        v = super().get(key)
        if v is None or v == "":
            return "—"
        if isinstance(v, (list, tuple)):
            return "、".join(map(str, v))
        if isinstance(v, bool):
            return "是" if v else "否"
        return v


def _render(template: str, s: dict, r: list, x: dict) -> str:
    return string.Formatter().vformat(template, (), {"s": s, "r": r, "x": x})
