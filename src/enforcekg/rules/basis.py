"""Rules on the legal bases that powers and acts cite."""

from __future__ import annotations

from collections.abc import Iterator

from ..authority import MOVED_OUT, in_effect
from .base import AuditContext, Hit, Rule
from .common import CREATING_LEVELS, LAW_CREATED, category, has_statutory_basis

# --- EKG018 ----------------------------------------------------------------------------------

_LEVEL_ORDER_ZH = {lvl: lvl for lvl in ("法律", "行政法规", "地方性法规", "自治条例", "部门规章", "地方政府规章")}


def _ordered(levels) -> list[str]:
    return [lvl for lvl in _LEVEL_ORDER_ZH if lvl in levels]


def _listed_law_created(ctx: AuditContext) -> Iterator[tuple[str, str, str]]:
    kg = ctx.kg
    for h in kg.nodes("Holding"):
        holder, power = kg.one(h, "TO"), kg.one(h, "CONCERNS")
        if holder and power and category(kg, power) in LAW_CREATED and kg.node(h).get("status") not in MOVED_OUT:
            yield h, holder, power


def _check_018(ctx: AuditContext) -> Iterator[Hit]:
    kg = ctx.kg
    for h, holder, power in _listed_law_created(ctx):
        if not has_statutory_basis(kg, h, CREATING_LEVELS[category(kg, power)]):
            yield Hit(h, (holder, power), unit=holder)


EKG018 = Rule(
    id="EKG018",
    slug="power-without-statutory-basis",
    title_zh="处罚、许可、强制事项没有足以设定该职权的依据",
    title_en="Penalty, licence or compulsion without a basis of the level that may create it",
    severity="error",
    legal_refs=("admin_penalty_law:16", "admin_licensing_law:17", "admin_compulsion_law:10", "admin_compulsion_law:13"),
    rationale_zh="行政处罚、行政许可、行政强制只能由法定层级的文件设定，规范性文件一律不得设定：规章只能设定警告、通报批评和一定数额罚款；部门规章不得设定行政许可；行政强制措施只能由法律、行政法规、地方性法规设定；行政强制执行只能由法律设定。清单事项的依据低于这些层级或没有依据的，等于没有合法依据。",
    rationale_en="Only instruments of a given level may create these powers, never normative documents: rules may create only warnings and limited fines, ministry rules may not create licences, compulsory measures need a law or (local) regulation, compulsory enforcement needs a law. A list item whose bases are all below that level, or that has none, has no valid basis.",
    remediation_zh="补充设定该事项的法律、法规（或可设定的规章）条款；找不到的，从权责清单中删除。",
    remediation_en="Cite the law or regulation (or a rule where rules may create it) that creates the power; if there is none, remove it from the list.",
    message_zh="{r[0][name]}清单中的{r[1][category]}事项“{r[1][name]}”没有足以设定该类职权的依据（{x[levels]}）",
    message_en="{r[1][category]} item '{r[1][name]}' on {r[0][name]}'s list has no basis at a level that may create it ({x[levels_en]})",
    subject_type="Holding",
    related_types=("Subject", "Power"),
    check=_check_018,
    population=lambda ctx: (Hit(h, (s, p), unit=s) for h, s, p in _listed_law_created(ctx)),
    extras=lambda s, r, as_of: {
        "levels": "须为" + "、".join(_LEVEL_ORDER_ZH[x] for x in _ordered(CREATING_LEVELS.get(r[1].get("category"), ()))),
        "levels_en": "needs " + ", ".join(_ordered(CREATING_LEVELS.get(r[1].get("category"), ()))),
    },
)

# --- EKG019 / EKG020 / EKG021: citation errors ------------------------------------------------


def _citing_acts(ctx: AuditContext) -> list[tuple[str, str, str, str]]:
    """(act, provision, instrument, responsible unit) for every citation in the graph."""

    def compute() -> list[tuple[str, str, str, str]]:
        kg = ctx.kg
        out = []
        for act in kg.nodes("Act"):
            provisions = kg.out(act, "BASED_ON")
            if not provisions:
                continue
            unit = kg.one(act, "FROM") if kg.label(act) != "Holding" else kg.one(act, "TO")
            if unit is None:
                continue
            for prov in provisions:
                inst = kg.one(prov, "PART_OF")
                if inst:
                    out.append((act, prov, inst, unit))
        return out

    return ctx.memo("citing_acts", compute)


def _check_019(ctx: AuditContext) -> Iterator[Hit]:
    seen = set()
    for act, _prov, inst, unit in _citing_acts(ctx):
        if ctx.kg.node(inst).get("resolved") is False and (act, inst) not in seen:
            seen.add((act, inst))
            yield Hit(act, (inst,), unit=unit)


def _population_019(ctx: AuditContext) -> Iterator[Hit]:
    seen = set()
    for act, _prov, inst, unit in _citing_acts(ctx):
        if (act, inst) not in seen:
            seen.add((act, inst))
            yield Hit(act, (inst,), unit=unit)


EKG019 = Rule(
    id="EKG019",
    slug="citation-unresolved",
    title_zh="引用的法律文件无法识别",
    title_en="Cited instrument cannot be identified",
    severity="warning",
    legal_refs=("admin_penalty_law:16",),
    rationale_zh="依据必须能查到具体的法律文件及其效力层级；写错名称或引用不存在的文件，依据是否有效无从判断。",
    rationale_en="A basis must identify a real instrument and its level; a misspelt or non-existent title makes its validity impossible to judge.",
    remediation_zh="按法律文件的正式名称（或简称）和文号重新填写依据；地方性文件请补入数据集的法律文件表。",
    remediation_en="Rewrite the basis with the instrument's official title (or short title) and number; add local documents to the dataset's instruments sheet.",
    message_zh="“{s[name]}”引用的《{r[0][title]}》无法识别（按{r[0][level]}处理）",
    message_en="{s[kind]} '{s[id]}' cites '{r[0][title]}', which cannot be identified (treated as {r[0][level]})",
    subject_type="Act",
    related_types=("Instrument",),
    check=_check_019,
    population=_population_019,
)


def _check_020(ctx: AuditContext) -> Iterator[Hit]:
    kg = ctx.kg
    for act, prov, inst, unit in _citing_acts(ctx):
        art, count = kg.node(prov).get("article"), kg.node(inst).get("article_count")
        if art is not None and count is not None and art > count:
            yield Hit(act, (prov, inst), unit=unit)


EKG020 = Rule(
    id="EKG020",
    slug="citation-article-out-of-range",
    title_zh="引用的条文超出该法律文件的条数",
    title_en="Cited article beyond the instrument's last article",
    severity="error",
    legal_refs=("admin_penalty_law:16",),
    rationale_zh="引用了不存在的条文，说明依据抄错或沿用了已修订文本的条号，该事项实际没有可查的依据。",
    rationale_en="Citing an article that does not exist means the basis was miscopied or uses an outdated numbering; the item has no verifiable basis.",
    remediation_zh="对照现行文本核对条号并更正。",
    remediation_en="Check the article number against the current text and correct it.",
    message_zh="“{s[name]}”引用《{r[1][title]}》{r[0][ref]}，但该文件只有{r[1][article_count]}条",
    message_en="{s[kind]} '{s[id]}' cites {r[0][ref]} of '{r[1][title]}', which has only {r[1][article_count]} articles",
    subject_type="Act",
    related_types=("Provision", "Instrument"),
    check=_check_020,
    population=lambda ctx: (Hit(a, (p, i), unit=u) for a, p, i, u in _citing_acts(ctx)),
)


def _not_in_force(inst: dict, act_date: str, as_of: str) -> bool:
    """Repealed by the audit date, or not yet issued when the act was done."""
    # a known repeal date decides; the status (as recorded today) only when the date is unknown
    if inst.get("repealed"):
        if inst["repealed"] <= as_of:
            return True
    elif inst.get("status") in ("已废止", "失效", "已失效"):
        return True
    # ``effective`` is the current text's date; only the first promulgation says the instrument existed
    return bool(inst.get("promulgated") and inst["promulgated"] > act_date)


def _active_citations(ctx: AuditContext) -> list[tuple[str, str, str, str]]:
    """Citations by acts still in effect on the audit date (list items not moved out)."""
    kg = ctx.kg

    def active(act: str) -> bool:
        if kg.label(act) == "Holding":
            return kg.node(act).get("status") not in MOVED_OUT
        return in_effect(kg, act, ctx.as_of)

    return [c for c in _citing_acts(ctx) if active(c[0])]


def _check_021(ctx: AuditContext) -> Iterator[Hit]:
    kg = ctx.kg
    seen = set()
    for act, _prov, inst, unit in _active_citations(ctx):
        act_date = kg.node(act).get("date") or ctx.as_of
        if (act, inst) not in seen and _not_in_force(kg.node(inst), act_date, ctx.as_of):
            seen.add((act, inst))
            yield Hit(act, (inst,), unit=unit)


def _population_021(ctx: AuditContext) -> Iterator[Hit]:
    seen = set()
    for act, _prov, inst, unit in _active_citations(ctx):
        if (act, inst) not in seen:
            seen.add((act, inst))
            yield Hit(act, (inst,), unit=unit)


EKG021 = Rule(
    id="EKG021",
    slug="citation-instrument-not-in-force",
    title_zh="引用已废止或尚未公布的法律文件",
    title_en="Cited instrument repealed or not yet issued",
    severity="warning",
    legal_refs=("admin_penalty_law:16",),
    rationale_zh="仍在实施的事项和委托，其依据应当在行为时已经公布、在审计基准日仍然有效；依据已废止的，事项失去依据；引用行为时尚未公布的文件，说明日期或依据有误。",
    rationale_en="An item or delegation still in use must rest on an instrument that existed when the act was done and is still in force on the audit date; a repealed basis leaves it without basis, and one not yet issued means a wrong date or citation.",
    remediation_zh="改引现行有效的法律文件；该事项已无依据的，从清单删除。",
    remediation_en="Cite the instrument now in force; remove the item if it has no basis left.",
    message_zh="“{s[name]}”引用的《{r[0][title]}》已废止或在行为时尚未公布（时效性：{r[0][status]}；废止日期：{r[0][repealed]}；公布日期：{r[0][promulgated]}）",
    message_en="{s[kind]} '{s[id]}' cites '{r[0][title]}', which was not in force at the time (status: {r[0][status]}; repealed: {r[0][repealed]}; promulgated: {r[0][promulgated]})",
    subject_type="Act",
    related_types=("Instrument",),
    check=_check_021,
    population=_population_021,
)

RULES = (EKG018, EKG019, EKG020, EKG021)
