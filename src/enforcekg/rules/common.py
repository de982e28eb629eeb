"""Graph helpers shared by the rule checks."""

from __future__ import annotations

from collections.abc import Iterator

from ..authority import in_effect, township_of
from ..graph import KnowledgeGraph
from ..legal.registry import STATUTORY_LEVELS
from .base import AuditContext, Hit

#: the day the 2021 revision of the Administrative Penalty Law took effect
PENALTY_LAW_2021 = "2021-07-15"
#: words that make a named responsibility ambiguous rather than clear
AMBIGUOUS_PARTY = ("共同", "双方", "协商", "另行", "视情", "相关", "待定", "有关")
PENALTY = frozenset({"行政处罚"})
COMPULSORY_MEASURES = frozenset({"行政强制措施", "行政强制"})
LAW_CREATED = frozenset({"行政处罚", "行政许可", "行政强制措施", "行政强制执行", "行政强制"})
INELIGIBLE_KINDS = frozenset({"企业", "村民委员会", "居民委员会", "个人"})
STATION_KINDS = frozenset({"站办所", "服务中心"})
LAW_OR_REGULATION = frozenset({"法律", "行政法规", "地方性法规", "自治条例"})
#: the instrument levels that may create each kind of power (a basis below them is no basis at all):
#: 行政处罚法 arts. 10-16 (rules may create warnings and fines), 行政许可法 arts. 14-17 (no 部门规章),
#: 行政强制法 art. 10 (measures: no rules), art. 13 (enforcement: only 法律)
CREATING_LEVELS: dict[str, frozenset[str]] = {
    "行政处罚": STATUTORY_LEVELS,
    "行政许可": frozenset({"法律", "行政法规", "地方性法规", "自治条例", "地方政府规章"}),
    "行政强制措施": LAW_OR_REGULATION,
    "行政强制": LAW_OR_REGULATION,
    "行政强制执行": frozenset({"法律"}),
}
#: words in an issuer's name that make it a people's government or congress (not one of its departments)
GOVERNMENT_WORDS = ("人民政府", "人民代表大会", "国务院")


def decided_by_government(doc: dict, levels: frozenset[str] | set[str]) -> bool:
    """A document issued by the State Council, or a people's government/congress at one of ``levels``.

    A provincial *department* (湖南省…厅) does not count: 行政处罚法 art. 18(2) and art. 24 name the
    State Council and the provincial government.
    """
    issuer = doc.get("issuer") or ""
    return doc.get("issuer_level") in levels and any(w in issuer for w in GOVERNMENT_WORDS)


def parties(kg: KnowledgeGraph, act: str) -> tuple[str | None, str | None, str | None]:
    """(from, to, power) of an act with one party on each side."""
    return kg.one(act, "FROM"), kg.one(act, "TO"), kg.one(act, "CONCERNS")


def delegations(ctx: AuditContext) -> list[tuple[str, str, str, str]]:
    """Delegations in effect on the audit date, as (act, delegator, delegatee, power)."""

    def compute() -> list[tuple[str, str, str, str]]:
        kg = ctx.kg
        out = []
        for d in kg.nodes("Delegation"):
            frm, to, power = parties(kg, d)
            if frm and to and power and in_effect(kg, d, ctx.as_of):
                out.append((d, frm, to, power))
        return out

    return ctx.memo("delegations", compute)


def delegation_hit(kg: KnowledgeGraph, d: str, frm: str, to: str, power: str, **evidence) -> Hit:
    return Hit(d, (frm, to, power), unit=frm, township=township_of(kg, to), evidence=evidence)


def delegation_population(ctx: AuditContext) -> Iterator[Hit]:
    for d, frm, to, power in delegations(ctx):
        yield delegation_hit(ctx.kg, d, frm, to, power)


def letter_of(kg: KnowledgeGraph, act: str) -> str | None:
    for t in kg.out(act, "RECORDED_IN"):
        if kg.label(t) == "Letter":
            return t
    return None


def cited_instruments(kg: KnowledgeGraph, act: str) -> list[str]:
    return [i for p in kg.out(act, "BASED_ON") for i in kg.out(p, "PART_OF")]


def has_statutory_basis(kg: KnowledgeGraph, act: str, levels: frozenset[str] = STATUTORY_LEVELS) -> bool:
    return any(kg.node(i).get("level") in levels for i in cited_instruments(kg, act))


def basis_evidence(kg: KnowledgeGraph, act: str) -> list[str]:
    out = []
    for p in kg.out(act, "BASED_ON"):
        for i in kg.out(p, "PART_OF"):
            d = kg.node(i)
            out.append(f"《{d.get('title')}》{kg.node(p).get('ref', '')}（{d.get('level')}）")
    return out


def category(kg: KnowledgeGraph, power: str) -> str | None:
    return kg.node(power).get("category")


def delegation_letters(ctx: AuditContext) -> list[tuple[str, str, str, str]]:
    """Letters recording a delegation in effect: (letter, first delegation, delegator, delegatee)."""

    def compute() -> list[tuple[str, str, str, str]]:
        kg = ctx.kg
        seen: dict[str, tuple[str, str, str]] = {}
        for d, frm, to, _ in delegations(ctx):
            letter = letter_of(kg, d)
            if letter and (letter not in seen or d < seen[letter][0]):
                seen[letter] = (d, frm, to)
        return [(letter, *seen[letter]) for letter in sorted(seen)]

    return ctx.memo("delegation_letters", compute)


def letter_hit(kg: KnowledgeGraph, letter: str, frm: str, to: str, **evidence) -> Hit:
    return Hit(letter, (frm, to), unit=frm, township=township_of(kg, to), evidence=evidence)


def unclear(party: object) -> bool:
    """A responsibility clause that names nobody, or names nobody in particular."""
    if party is None or str(party).strip() == "":
        return True
    return any(w in str(party) for w in AMBIGUOUS_PARTY)
