"""The rule registry and the audit runner.

The registry is assembled explicitly from the rule modules (no registration by import side effect).
Every rule has a Cypher twin at ``queries/<ID>_<slug>.cypher`` and a fixture at
``src/enforcekg/rules/fixtures/<ID>.yaml``; the registry tests prove that nothing is missing or orphaned.
"""

from __future__ import annotations

from .base import AuditContext, Hit, Rule
from .basis import RULES as _BASIS
from .delegation import RULES as _DELEGATION
from .organisation import RULES as _ORGANISATION

REGISTRY: dict[str, Rule] = {r.id: r for r in sorted((*_DELEGATION, *_ORGANISATION, *_BASIS), key=lambda r: r.id)}

#: ids that were used once and must never be reused (none retired yet)
RETIRED: dict[str, str] = {}


def get_rule(rule_id: str) -> Rule:
    """Look a rule up by id (case-insensitive) or by slug."""
    key = rule_id.strip()
    if key.upper() in REGISTRY:
        return REGISTRY[key.upper()]
    for r in REGISTRY.values():
        if r.slug == key.lower():
            return r
    raise KeyError(rule_id)


__all__ = ["REGISTRY", "RETIRED", "AuditContext", "Hit", "Rule", "get_rule"]
