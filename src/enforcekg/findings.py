"""Typed, stable audit findings and their roll-ups.

A finding's identity is its rule, its subject and its related nodes: ``EKG001-<hash>`` stays the same
from one run to the next as long as the same defect concerns the same records, so rectification lists can
be checked off between audits.  Messages are rendered from the node properties of the subject and related
nodes only, so the Python checks and the Cypher queries produce the same text for the same finding.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")
SEVERITY_ZH = {"error": "严重", "warning": "警告", "info": "提示"}


@dataclass(frozen=True)
class NodeRef:
    id: str
    type: str
    name: str

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "type": self.type, "name": self.name}


def finding_id(rule: str, subject: str, related: tuple[str, ...]) -> str:
    """``EKG001-1a2b3c4d5e``: rule plus a hash of subject and related ids.

    >>> finding_id("EKG001", "D:a:b:p", ("a", "b"))
    'EKG001-8a3c0f5f37'
    """
    h = hashlib.sha1("\x1f".join((subject, *related)).encode("utf-8")).hexdigest()[:10]
    return f"{rule}-{h}"


@dataclass(frozen=True)
class Finding:
    """One defect found by one rule."""

    rule: str
    slug: str
    severity: str
    subject: NodeRef
    related: tuple[NodeRef, ...]
    message: str
    legal_basis: tuple[str, ...]
    evidence: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    unit: NodeRef | None = None  # the responsible unit (for roll-ups and rectification lists)
    township: NodeRef | None = None

    @property
    def id(self) -> str:
        return finding_id(self.rule, self.subject.id, tuple(r.id for r in self.related))

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "rule": self.rule,
            "slug": self.slug,
            "severity": self.severity,
            "subject": self.subject.as_dict(),
            "related": [r.as_dict() for r in self.related],
            "unit": self.unit.as_dict() if self.unit else None,
            "township": self.township.as_dict() if self.township else None,
            "message": self.message,
            "legal_basis": list(self.legal_basis),
            "evidence": self.evidence,
        }


@dataclass
class RuleTally:
    """X of Y for one rule, overall and per unit / township."""

    rule: str
    title: str
    severity: str
    found: int = 0
    checked: int = 0
    by_unit: dict[str, list[int]] = field(default_factory=dict)  # name -> [found, checked]
    by_township: dict[str, list[int]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule, "title": self.title, "severity": self.severity,
            "found": self.found, "checked": self.checked,
            "by_unit": {k: {"found": v[0], "checked": v[1]} for k, v in self.by_unit.items()},
            "by_township": {k: {"found": v[0], "checked": v[1]} for k, v in self.by_township.items()},
        }


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    c = Counter(f.severity for f in findings)
    return {s: c.get(s, 0) for s in SEVERITIES}


def group_by(findings: list[Finding], key: str) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        ref = getattr(f, key)
        out[ref.name if ref else "—"].append(f)
    return dict(out)
