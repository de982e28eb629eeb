"""Rules on how powers are organised: assignment, centralisation, stations, staffing, list upkeep."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..authority import MOVED_OUT, holds, in_effect, township_of
from .base import AuditContext, Hit, Rule
from .common import PENALTY, STATION_KINDS, category, cited_instruments, decided_by_government, delegations

# --- EKG012 ----------------------------------------------------------------------------------


def _documents(kg, act: str) -> list[dict]:
    """Instruments that record an act (its documents) or ground it (the instruments its basis cites).

    An assignment recorded in a delegation catalog can only name the provincial decision in its basis column.
    """
    docs = [i for i in kg.out(act, "RECORDED_IN") if kg.label(i) == "Instrument"]
    docs += [i for i in cited_instruments(kg, act) if i not in docs]
    return [kg.node(i) for i in docs]


def _assignments(ctx: AuditContext) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    kg = ctx.kg
    for a in kg.nodes("Assignment"):
        frm, tos = kg.one(a, "FROM"), tuple(sorted(kg.out(a, "TO")))
        if frm and tos and in_effect(kg, a, ctx.as_of):
            yield a, frm, tos


def _assignment_hit(kg, a: str, frm: str, tos: tuple[str, ...]) -> Hit:
    return Hit(a, (frm, *tos), unit=frm, township=township_of(kg, tos[0]))


def _check_012(ctx: AuditContext) -> Iterator[Hit]:
    kg = ctx.kg
    for a, frm, tos in _assignments(ctx):
        ok = any(decided_by_government(d, {"省"}) and d.get("published") is not False for d in _documents(kg, a))
        if not ok:
            yield _assignment_hit(kg, a, frm, tos)


EKG012 = Rule(
    id="EKG012",
    slug="assignment-without-provincial-decision",
    title_zh="交由乡镇行使处罚权缺少省级公布的决定",
    title_en="Assignment to townships without a published provincial decision",
    severity="error",
    legal_refs=("admin_penalty_law:24:1", "admin_penalty_law:23"),
    rationale_zh="县级部门的行政处罚权交由乡镇人民政府、街道办事处行使，须由省、自治区、直辖市根据当地实际作出决定并公布；县级政府或部门不能自行交由，乡镇也不因此当然取得处罚管辖权。",
    rationale_en="Handing a county department's penalty power to townships requires a published decision of the province; a county or department cannot do it alone, and townships have no penalty jurisdiction otherwise.",
    remediation_zh="核对是否列入省级赋权决定和目录；未列入的，停止以乡镇名义行使，改为依法委托或由部门实施。",
    remediation_en="Check the provincial decision and catalog; if the power is not there, stop exercising it in the township's name and delegate lawfully or let the department act.",
    message_zh="{r[0][name]}将处罚权交由{r[1][name]}{x[others]}行使，未见省级人民政府公布的决定",
    message_en="{r[0][name]} assigned penalty powers to {r[1][name]}{x[others_en]} without a published provincial decision",
    subject_type="Assignment",
    related_types=("Subject", "Subject"),
    check=_check_012,
    population=lambda ctx: (_assignment_hit(ctx.kg, a, f, t) for a, f, t in _assignments(ctx)),
    extras=lambda s, r, as_of: {"others": f"等{len(r) - 1}个乡镇（街道）" if len(r) > 2 else "",
                                "others_en": f" and {len(r) - 2} other townships" if len(r) > 2 else ""},
)

# --- EKG013 ----------------------------------------------------------------------------------


def _centralisations(ctx: AuditContext) -> Iterator[tuple[str, str, str]]:
    kg = ctx.kg
    for c in kg.nodes("Centralisation"):
        frm = kg.one(c, "FROM")
        if frm and in_effect(kg, c, ctx.as_of):
            for to in kg.out(c, "TO"):  # one finding per receiving organ, as in the Cypher
                yield c, frm, to


def _check_013(ctx: AuditContext) -> Iterator[Hit]:
    kg = ctx.kg
    for c, frm, to in _centralisations(ctx):
        docs = _documents(kg, c)
        licensing = any(category(kg, p) == "行政许可" for p in kg.out(c, "CONCERNS"))
        needed = {"国家"} if licensing else {"国家", "省"}
        if not any(decided_by_government(d, needed) for d in docs):
            yield Hit(c, (frm, to), unit=to, evidence={"licensing": licensing, "issuers": sorted(d.get("issuer") or "—" for d in docs)})


EKG013 = Rule(
    id="EKG013",
    slug="centralisation-without-authority",
    title_zh="相对集中行政处罚（许可）权缺少有权机关决定",
    title_en="Centralisation without a State Council or provincial decision",
    severity="error",
    legal_refs=("admin_penalty_law:18:2", "admin_licensing_law:25"),
    rationale_zh="由一个行政机关行使有关行政机关的行政处罚权，须由国务院或者省、自治区、直辖市人民政府决定；相对集中行政许可权须经国务院批准。县级文件只能落实，不能设定。",
    rationale_en="Moving penalty powers to one organ needs a State Council or provincial decision; centralising licensing needs State Council approval. County documents can implement but not create it.",
    remediation_zh="补充有权机关的决定或批复；没有的，相关职权回归原机关。",
    remediation_en="Produce the competent decision or approval; otherwise the powers return to their original holders.",
    message_zh="{r[0][name]}的职权相对集中至{r[1][name]}，未见国务院或省级人民政府的决定（批准）",
    message_en="Powers of {r[0][name]} were centralised in {r[1][name]} without a State Council or provincial decision",
    subject_type="Centralisation",
    related_types=("Subject", "Subject"),
    check=_check_013,
    population=lambda ctx: (Hit(c, (f, t), unit=t) for c, f, t in _centralisations(ctx)),
)

# --- EKG014 ----------------------------------------------------------------------------------


def _township_penalty_exercises(ctx: AuditContext) -> Iterator[tuple[str, str, str, str]]:
    kg = ctx.kg
    for e in kg.nodes("Exercise"):
        frm, body, power = kg.one(e, "FROM"), kg.one(e, "TO"), kg.one(e, "CONCERNS")
        if frm and body and power and kg.node(frm).get("township") and category(kg, power) in PENALTY:
            yield e, frm, body, power


def _check_014(ctx: AuditContext) -> Iterator[Hit]:
    kg = ctx.kg
    for e, frm, body, power in _township_penalty_exercises(ctx):
        if kg.node(body).get("kind") in STATION_KINDS:
            yield Hit(e, (frm, body, power), unit=frm, township=frm)


EKG014 = Rule(
    id="EKG014",
    slug="township-penalty-in-station",
    title_zh="乡镇处罚权分散在站办所，未由综合行政执法队伍行使",
    title_en="Township penalty power handled by a station, not the comprehensive brigade",
    severity="warning",
    legal_refs=("grassroots_enforcement_2019", "admin_penalty_law:24:1"),
    rationale_zh="乡镇（街道）应当“一支队伍管执法”，由综合行政执法队伍统一行使处罚权。湘乡市2023年报告指出：乡镇行政处罚权“绝大部分分散在各个站办所，并未由乡镇综合行政执法大队进行统筹调度”。",
    rationale_en="Townships should have 'one team for enforcement': the comprehensive brigade exercises penalty powers. The Xiangxiang 2023 report found most township penalty powers scattered across stations.",
    remediation_zh="调整乡镇权责清单的承办机构，将处罚事项统一交综合行政执法大队办理，站办所只负责日常监管和线索移送。",
    remediation_en="Change the handling body in the township list to the comprehensive brigade; stations keep supervision and refer cases.",
    message_zh="{r[0][name]}的处罚事项“{r[2][name]}”由{r[1][name]}承办，未由综合行政执法大队行使",
    message_en="Penalty power '{r[2][name]}' of {r[0][name]} is handled by {r[1][name]}, not the comprehensive brigade",
    subject_type="Exercise",
    related_types=("Subject", "Body", "Power"),
    check=_check_014,
    population=lambda ctx: (Hit(e, (f, b, p), unit=f, township=f) for e, f, b, p in _township_penalty_exercises(ctx)),
)

# --- EKG015 ----------------------------------------------------------------------------------


def _latest_staffing(ctx: AuditContext) -> Iterator[tuple[str, str]]:
    kg = ctx.kg
    latest: dict[str, str] = {}
    for s in kg.nodes("Staffing"):
        unit = kg.one(s, "OF")
        date = kg.node(s).get("date")
        if unit is None or (date is not None and date > ctx.as_of):
            continue
        cur = latest.get(unit)
        if cur is None or (kg.node(cur).get("date") or "") < (date or ""):
            latest[unit] = s
    for unit, s in latest.items():
        yield s, unit


def _check_015(ctx: AuditContext) -> Iterator[Hit]:
    kg = ctx.kg
    for s, unit in _latest_staffing(ctx):
        d = kg.node(s)
        if d["reviewers"] * 20 < d["officers"]:
            yield Hit(s, (unit,), unit=unit, township=township_of(kg, unit))


EKG015 = Rule(
    id="EKG015",
    slug="legal-reviewers-below-ratio",
    title_zh="法制审核人员不足执法人员的5%",
    title_en="Legal reviewers below 5% of enforcement officers",
    severity="warning",
    legal_refs=("gbf_2018_118",),
    rationale_zh="重大执法决定法制审核制度要求配强法制审核人员，原则上不少于本单位执法人员总数的5%。湘乡市2023年报告：“个别行政执法单位没有按执法人员5%要求配备法制审核人员”。",
    rationale_en="Legal review of major enforcement decisions requires reviewers, in principle at least 5% of the unit's officers (Xiangxiang 2023 report).",
    remediation_zh="增配法制审核人员至不少于执法人员的5%，或由司法行政部门统筹调剂。",
    remediation_en="Add legal reviewers up to at least 5% of officers, or pool them through the justice bureau.",
    message_zh="{r[0][name]}有持证执法人员{s[officers]}人、法制审核人员{s[reviewers]}人，低于5%（至少应有{x[required]}人）",
    message_en="{r[0][name]} has {s[officers]} certified officers and {s[reviewers]} legal reviewers, below 5% (at least {x[required]} needed)",
    subject_type="Staffing",
    related_types=("Subject",),
    check=_check_015,
    population=lambda ctx: (Hit(s, (u,), unit=u, township=township_of(ctx.kg, u)) for s, u in _latest_staffing(ctx)),
    extras=lambda s, r, as_of: {"required": -(-int(s.get("officers") or 0) // 20)},
)

# --- EKG016 ----------------------------------------------------------------------------------


def _moves(ctx: AuditContext) -> Iterator[tuple[str, str, str, str]]:
    """(act, old holder, new holder, power) for transfers and centralisations in effect."""
    kg = ctx.kg
    for label in ("Transfer", "Centralisation"):
        for a in kg.nodes(label):
            frm = kg.one(a, "FROM")
            if frm and in_effect(kg, a, ctx.as_of):
                for to in kg.out(a, "TO"):  # every receiving party, as in the Cypher
                    for p in kg.out(a, "CONCERNS"):
                        yield a, frm, to, p


def _stale(ctx: AuditContext, want_stale: bool) -> Iterator[Hit]:
    kg = ctx.kg
    for a, frm, to, p in _moves(ctx):
        for h in kg.into(frm, "TO", "Holding"):
            if kg.one(h, "CONCERNS") == p:
                stale = kg.node(h).get("status") not in MOVED_OUT
                if stale or not want_stale:
                    yield Hit(h, (frm, p, a, to), unit=frm)


EKG016 = Rule(
    id="EKG016",
    slug="transferred-power-still-listed",
    title_zh="职权已划转或集中，原单位清单仍显示有效",
    title_en="Power moved away but still listed as active by the old holder",
    severity="warning",
    legal_refs=("power_list_adjustment", "admin_penalty_law:20:1"),
    rationale_zh="职权划转或相对集中后，原单位不再享有该职权，其权责清单应当及时调整为“已划出”，否则同一事项出现两个实施主体，当事人和执法人员都无所适从。",
    rationale_en="After a transfer or centralisation the old unit no longer holds the power and must update its list; otherwise one matter has two apparent holders.",
    remediation_zh="原单位调整权责清单，将该事项标注为已划出并注明承接单位和文件。",
    remediation_en="The old unit marks the item as moved out, naming the new holder and the document.",
    message_zh="“{r[1][name]}”已于{r[2][date]}划归{r[3][name]}，{r[0][name]}的清单仍显示为{s[status]}",
    message_en="'{r[1][name]}' moved to {r[3][name]} on {r[2][date]} but {r[0][name]}'s list still shows it as {s[status]}",
    subject_type="Holding",
    related_types=("Subject", "Power", "Act", "Subject"),
    check=lambda ctx: _stale(ctx, True),
    population=lambda ctx: _stale(ctx, False),
)

# --- EKG017 ----------------------------------------------------------------------------------

NOT_OWN_SOURCES = ("委托", "交由")


def _statutory_holders(ctx: AuditContext) -> dict[tuple[str, str], list[str]]:
    """(power, jurisdiction) -> subjects holding it in their own right on the audit date."""
    kg = ctx.kg
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for h in kg.nodes("Holding"):
        d = kg.node(h)
        subj, power = kg.one(h, "TO"), kg.one(h, "CONCERNS")
        if not subj or not power or (d.get("source_type") or "") in NOT_OWN_SOURCES or d.get("status") in MOVED_OUT:
            continue
        jur = kg.one(subj, "LOCATED_IN")
        if jur and holds(kg, subj, power, ctx.as_of) and subj not in out[(power, jur)]:
            out[(power, jur)].append(subj)
    return out


def _check_017(ctx: AuditContext) -> Iterator[Hit]:
    for (power, _jur), subjects in sorted(_statutory_holders(ctx).items()):
        if len(subjects) > 1:
            subs = tuple(sorted(subjects))
            yield Hit(power, subs[:2], unit=subs[0])


EKG017 = Rule(
    id="EKG017",
    slug="conflicting-active-holders",
    title_zh="同一区域同一事项有两个实施主体",
    title_en="Two active holders of one power in one area",
    severity="warning",
    legal_refs=("power_list_adjustment",),
    rationale_zh="同一区域内同一职权事项只能有一个法定实施主体；两个单位清单同时显示有效，说明职权调整未落实或清单重复，容易多头执法或推诿。",
    rationale_en="One matter in one area should have one holder; two active listings mean an adjustment was not carried through, inviting duplicate enforcement or buck-passing.",
    remediation_zh="由编制部门和司法行政部门核定实施主体，另一单位调整清单。",
    remediation_en="The establishment office and the justice bureau decide the holder; the other unit updates its list.",
    message_zh="“{s[name]}”在同一区域同时由{r[0][name]}和{r[1][name]}列为有效职权",
    message_en="'{s[name]}' is listed as active by both {r[0][name]} and {r[1][name]} in the same area",
    subject_type="Power",
    related_types=("Subject", "Subject"),
    check=_check_017,
    population=lambda ctx: (Hit(p, tuple(sorted(s))[:1], unit=sorted(s)[0]) for (p, _j), s in _statutory_holders(ctx).items()),
)

# --- EKG024 ----------------------------------------------------------------------------------


def _township_penalty_holdings(ctx: AuditContext) -> Iterator[tuple[str, str, str]]:
    kg = ctx.kg
    for h in kg.nodes("Holding"):
        d = kg.node(h)
        t, p = kg.one(h, "TO"), kg.one(h, "CONCERNS")
        if (t and p and kg.node(t).get("township") and category(kg, p) in PENALTY
                and (d.get("source_type") or "法定") == "法定" and d.get("status") not in MOVED_OUT):
            yield h, t, p


def _check_024(ctx: AuditContext) -> Iterator[Hit]:
    kg = ctx.kg
    delegated = {(to, p) for _d, _f, to, p in delegations(ctx)}
    assigned = {(t, p) for a in kg.nodes("Assignment") if in_effect(kg, a, ctx.as_of)
                for t in kg.out(a, "TO") for p in kg.out(a, "CONCERNS")}
    for h, t, p in _township_penalty_holdings(ctx):
        competent = any(kg.node(pr).get("township_competent") for pr in kg.out(h, "BASED_ON"))
        if not competent and (t, p) not in delegated and (t, p) not in assigned:
            yield Hit(h, (t, p), unit=t, township=t)


EKG024 = Rule(
    id="EKG024",
    slug="township-penalty-without-title",
    title_zh="乡镇以法定名义行使处罚权但无法律依据",
    title_en="Township holds a penalty power as its own without legal title",
    severity="warning",
    legal_refs=("admin_penalty_law:23", "admin_penalty_law:24:1"),
    rationale_zh="行政处罚由县级以上地方人民政府具有行政处罚权的行政部门管辖；乡镇只有在法律、行政法规有特别规定（如城乡规划法第六十五条）、省级依第二十四条交由或者受委托时才能实施处罚。",
    rationale_en="Penalties belong to county-level departments; a township may impose one only where a law or administrative regulation gives it the power (e.g. Urban and Rural Planning Law art. 65), where the province assigned it under art. 24, or as a delegatee.",
    remediation_zh="核实事项来源：属于委托或交由的，在清单中如实标注并补齐手续；没有依据的，从乡镇清单中删除。",
    remediation_en="Check where the power comes from: mark it as delegated or assigned with the documents, or remove it from the township list.",
    message_zh="{r[0][name]}清单将处罚事项“{r[1][name]}”列为法定职权，但所引依据未赋予乡镇处罚权，也无交由或委托",
    message_en="{r[0][name]} lists the penalty power '{r[1][name]}' as its own, but its basis gives townships no such power and there is no assignment or delegation",
    subject_type="Holding",
    related_types=("Subject", "Power"),
    check=_check_024,
    population=lambda ctx: (Hit(h, (t, p), unit=t, township=t) for h, t, p in _township_penalty_holdings(ctx)),
)

RULES = (EKG012, EKG013, EKG014, EKG015, EKG016, EKG017, EKG024)
