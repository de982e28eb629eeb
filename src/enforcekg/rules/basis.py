"""Rules on the legal bases that powers and acts cite."""

from __future__ import annotations

from collections.abc import Iterator

from ..authority import MOVED_OUT
from .base import AuditContext, Hit, Rule
from .common import LAW_CREATED, category, has_statutory_basis

# --- EKG018 ----------------------------------------------------------------------------------


def _listed_law_created(ctx: AuditContext) -> Iterator[tuple[str, str, str]]:
    kg = ctx.kg
    for h in kg.nodes("Holding"):
        holder, power = kg.one(h, "TO"), kg.one(h, "CONCERNS")
        if holder and power and category(kg, power) in LAW_CREATED and kg.node(h).get("status") not in MOVED_OUT:
            yield h, holder, power


def _check_018(ctx: AuditContext) -> Iterator[Hit]:
    kg = ctx.kg
    for h, holder, power in _listed_law_created(ctx):
        if not has_statutory_basis(kg, h):
            yield Hit(h, (holder, power), unit=holder)


EKG018 = Rule(
    id="EKG018",
    slug="power-without-statutory-basis",
    title_zh="处罚、许可、强制事项没有法律、法规、规章依据",
    title_en="Penalty, licence or compulsion listed without a basis in law, regulation or rule",
    severity="error",
    legal_refs=("admin_penalty_law:16", "admin_licensing_law:17", "admin_compulsion_law:10"),
    rationale_zh="行政处罚、行政许可、行政强制只能由法律、法规、规章设定，其他规范性文件不得设定。清单事项只以规范性文件为依据或没有依据的，等于没有合法依据。",
    rationale_en="Only laws, regulations and rules may create penalties, licences and compulsory measures; a list item resting on a normative document, or on nothing, has no valid basis.",
    remediation_zh="补充设定该事项的法律、法规、规章条款；找不到的，从权责清单中删除。",
    remediation_en="Cite the law, regulation or rule that creates the power; if there is none, remove it from the list.",
    message_zh="{r[0][name]}清单中的{r[1][category]}事项“{r[1][name]}”没有法律、法规、规章依据",
    message_en="{r[1][category]} item '{r[1][name]}' on {r[0][name]}'s list has no basis in law, regulation or rule",
    subject_type="Holding",
    related_types=("Subject", "Power"),
    check=_check_018,
    population=lambda ctx: (Hit(h, (s, p), unit=s) for h, s, p in _listed_law_created(ctx)),
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


def _not_in_force(inst: dict, on: str) -> bool:
    # a known repeal date decides; the status (as recorded today) only when the date is unknown
    if inst.get("repealed"):
        if inst["repealed"] <= on:
            return True
    elif inst.get("status") in ("已废止", "失效", "已失效"):
        return True
    # ``effective`` is the current text's date; only the first promulgation says the instrument existed
    return bool(inst.get("promulgated") and inst["promulgated"] > on)


def _check_021(ctx: AuditContext) -> Iterator[Hit]:
    kg = ctx.kg
    seen = set()
    for act, _prov, inst, unit in _citing_acts(ctx):
        on = kg.node(act).get("date") or ctx.as_of
        if (act, inst) not in seen and _not_in_force(kg.node(inst), on):
            seen.add((act, inst))
            yield Hit(act, (inst,), unit=unit, evidence={"on": on})


EKG021 = Rule(
    id="EKG021",
    slug="citation-instrument-not-in-force",
    title_zh="引用已废止或尚未公布的法律文件",
    title_en="Cited instrument repealed or not yet issued",
    severity="warning",
    legal_refs=("admin_penalty_law:16",),
    rationale_zh="依据应当是行为时有效的法律文件；引用已废止的文件，事项失去依据；引用行为时尚未公布的文件，说明日期或依据有误。",
    rationale_en="A basis must be in force when the act is done; a repealed instrument leaves the item without basis, and one not yet issued means a wrong date or citation.",
    remediation_zh="改引现行有效的法律文件；该事项已无依据的，从清单删除。",
    remediation_en="Cite the instrument now in force; remove the item if it has no basis left.",
    message_zh="“{s[name]}”引用的《{r[0][title]}》在行为时不是有效文件（时效性：{r[0][status]}；废止日期：{r[0][repealed]}；公布日期：{r[0][promulgated]}）",
    message_en="{s[kind]} '{s[id]}' cites '{r[0][title]}', which was not in force at the time (status: {r[0][status]}; repealed: {r[0][repealed]}; promulgated: {r[0][promulgated]})",
    subject_type="Act",
    related_types=("Instrument",),
    check=_check_021,
    population=_population_019,
)

RULES = (EKG018, EKG019, EKG020, EKG021)
