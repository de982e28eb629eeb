"""Rules on delegation (委托): 行政处罚法 art. 20–21, 行政许可法 art. 24, 行政强制法 art. 17."""

from __future__ import annotations

from collections.abc import Iterator

from ..authority import has_power_list, holds, in_effect
from .base import AuditContext, Hit, Rule
from .common import (
    COMPULSORY_MEASURES,
    INELIGIBLE_KINDS,
    LAW_OR_REGULATION,
    PENALTY_LAW_2021,
    basis_evidence,
    category,
    delegation_hit,
    delegation_letters,
    delegation_population,
    delegations,
    has_statutory_basis,
    letter_hit,
    letter_of,
    unclear,
)

# --- EKG001 ----------------------------------------------------------------------------------


def _check_001(ctx: AuditContext) -> Iterator[Hit]:
    kg = ctx.kg
    for d, frm, to, power in delegations(ctx):
        if not has_statutory_basis(kg, d):
            yield delegation_hit(kg, d, frm, to, power, cited=basis_evidence(kg, d))


EKG001 = Rule(
    id="EKG001",
    slug="delegation-without-statutory-basis",
    title_zh="委托缺乏法律、法规、规章依据",
    title_en="Delegation without a basis in law, regulation or rule",
    severity="error",
    legal_refs=("admin_penalty_law:20:1", "admin_penalty_law:76:1:4"),
    rationale_zh="行政机关只能“依照法律、法规、规章的规定”委托其他组织实施行政处罚。没有依据，或者只以规范性文件、会议纪要为依据的委托，违反委托的前提条件，违法委托本身应当追责。",
    rationale_en="An organ may delegate only 'in accordance with laws, regulations or rules'. A delegation with no basis, or resting only on a normative document or meeting minutes, lacks the statutory precondition and is itself sanctionable.",
    remediation_zh="找出允许该事项委托的法律、法规、规章条款并写入委托目录和委托书；找不到的，终止委托并收回该事项，或报请省级依照第二十四条交由乡镇行使。",
    remediation_en="Cite the law, regulation or rule that allows this delegation in the catalog and the letter; if there is none, end the delegation and take the power back, or ask the province to assign it under art. 24.",
    message_zh="{r[0][name]}委托{r[1][name]}实施“{r[2][name]}”，没有法律、法规、规章作为委托依据",
    message_en="{r[0][name]} delegated '{r[2][name]}' to {r[1][name]} without a basis in law, regulation or rule",
    subject_type="Delegation",
    related_types=("Subject", "Subject", "Power"),
    check=_check_001,
    population=delegation_population,
)

# --- EKG002 ----------------------------------------------------------------------------------


def _check_002(ctx: AuditContext) -> Iterator[Hit]:
    kg = ctx.kg
    for d, frm, to, power in delegations(ctx):
        if not has_power_list(kg, frm):
            continue
        signed = kg.node(d).get("date")
        dates = [x for x in (signed, ctx.as_of) if x]
        missing = [x for x in dates if not holds(kg, frm, power, x)]
        if missing:
            yield delegation_hit(kg, d, frm, to, power, not_held_on=missing)


EKG002 = Rule(
    id="EKG002",
    slug="delegator-lacks-power",
    title_zh="委托机关不享有所委托的职权",
    title_en="Delegator does not hold the delegated power",
    severity="error",
    legal_refs=("admin_penalty_law:20:1",),
    rationale_zh="委托只能“在其法定权限内”进行。职权划转或相对集中后，原机关已无该项职权，不能继续委托，原委托失去基础。",
    rationale_en="Delegation is possible only 'within its statutory competence'. After a transfer or centralisation the old holder has nothing left to delegate, and an existing delegation loses its footing.",
    remediation_zh="由现行职权机关重新审查是否需要委托并依法签订委托书；原机关的委托予以终止并公告。",
    remediation_en="Let the current holder decide whether to delegate and sign a new letter; end and announce the end of the old holder's delegation.",
    message_zh="{r[0][name]}在委托日期或审计基准日{x[as_of]}不享有“{r[2][name]}”职权，却委托{r[1][name]}实施",
    message_en="{r[0][name]} delegated '{r[2][name]}' to {r[1][name]} but did not hold that power on the delegation date or on {x[as_of]}",
    subject_type="Delegation",
    related_types=("Subject", "Subject", "Power"),
    check=_check_002,
    population=delegation_population,
    extras=lambda s, r, as_of: {"as_of": as_of},
)

# --- EKG003 ----------------------------------------------------------------------------------


def _check_003(ctx: AuditContext) -> Iterator[Hit]:
    kg = ctx.kg
    for d, frm, to, power in delegations(ctx):
        date = kg.node(d).get("date")
        if date is not None and date < PENALTY_LAW_2021:
            continue  # the text before 2021-07-15 did not require written form
        letter = letter_of(kg, d)
        if letter is None or kg.node(letter).get("written") is False:
            yield delegation_hit(kg, d, frm, to, power, letter=letter)


EKG003 = Rule(
    id="EKG003",
    slug="delegation-not-in-writing",
    title_zh="委托未采用书面形式",
    title_en="Delegation not made in writing",
    severity="error",
    legal_refs=("admin_penalty_law:20:1",),
    rationale_zh="2021年修订的行政处罚法要求委托以书面形式作出；没有委托书，委托的事项、权限和期限都无从查考。",
    rationale_en="Since the 2021 revision a delegation must be written; without a letter the matters, authority and term cannot be established.",
    remediation_zh="补签委托书，载明委托事项、权限、期限及双方责任，并向社会公布。",
    remediation_en="Sign a delegation letter stating the matters, authority, term and responsibilities, and publish it.",
    message_zh="{r[0][name]}委托{r[1][name]}实施“{r[2][name]}”，没有书面委托书",
    message_en="{r[0][name]} delegated '{r[2][name]}' to {r[1][name]} without a written letter",
    subject_type="Delegation",
    related_types=("Subject", "Subject", "Power"),
    check=_check_003,
    population=delegation_population,
)

# --- EKG004 / EKG005 / EKG007 / EKG023: the letter's contents --------------------------------


def _letters_2021(ctx: AuditContext) -> Iterator[tuple[str, str, str, str]]:
    """Letters with known contents, judged by the 2021 text (signed on or after 2021-07-15, or undated)."""
    kg = ctx.kg
    for letter, d, frm, to in delegation_letters(ctx):
        ld = kg.node(letter)
        signed = ld.get("signed") or kg.node(d).get("date")
        if ld.get("content_known") and (signed is None or signed >= PENALTY_LAW_2021):
            yield letter, d, frm, to


def _letter_population(ctx: AuditContext) -> Iterator[Hit]:
    for letter, _d, frm, to in _letters_2021(ctx):
        yield letter_hit(ctx.kg, letter, frm, to)


def _check_004(ctx: AuditContext) -> Iterator[Hit]:
    for letter, _d, frm, to in _letters_2021(ctx):
        if not ctx.kg.node(letter).get("term_end"):
            yield letter_hit(ctx.kg, letter, frm, to)


EKG004 = Rule(
    id="EKG004",
    slug="letter-without-term",
    title_zh="委托书未载明委托期限",
    title_en="Delegation letter states no term",
    severity="warning",
    legal_refs=("admin_penalty_law:20:2",),
    rationale_zh="委托书应当载明委托的具体事项、权限、期限等内容；无期限的委托无法定期评估和收回。",
    rationale_en="The letter must state the specific matters, authority and term; an open-ended delegation escapes periodic review.",
    remediation_zh="补充委托期限（起止日期），到期前评估是否续签。",
    remediation_en="Add a term with start and end dates and review before it ends.",
    message_zh="委托书{s[number]}（{r[0][name]}委托{r[1][name]}）未载明委托期限",
    message_en="Letter {s[number]} ({r[0][name]} to {r[1][name]}) states no term",
    subject_type="Letter",
    related_types=("Subject", "Subject"),
    check=_check_004,
    population=_letter_population,
)


def _letters_2021_publication(ctx: AuditContext) -> Iterator[tuple[str, str, str, str]]:
    """Letters judged by the 2021 text whose publication is known: contents supplied, or the catalog says."""
    kg = ctx.kg
    for letter, d, frm, to in delegation_letters(ctx):
        ld = kg.node(letter)
        signed = ld.get("signed") or kg.node(d).get("date")
        if (ld.get("content_known") or ld.get("published") is not None) and (signed is None or signed >= PENALTY_LAW_2021):
            yield letter, d, frm, to


def _check_005(ctx: AuditContext) -> Iterator[Hit]:
    for letter, _d, frm, to in _letters_2021_publication(ctx):
        if ctx.kg.node(letter).get("published") is not True:
            yield letter_hit(ctx.kg, letter, frm, to)


EKG005 = Rule(
    id="EKG005",
    slug="letter-not-published",
    title_zh="委托书未向社会公布",
    title_en="Delegation letter not published",
    severity="warning",
    legal_refs=("admin_penalty_law:20:2",),
    rationale_zh="委托行政机关和受委托组织应当将委托书向社会公布，当事人才能知道谁以谁的名义执法。",
    rationale_en="Both parties must publish the letter so that the public knows who enforces in whose name.",
    remediation_zh="由委托机关和受委托组织在政府网站等渠道公布委托书。",
    remediation_en="Both parties publish the letter, e.g. on the government website.",
    message_zh="委托书{s[number]}（{r[0][name]}委托{r[1][name]}）未记载已向社会公布（是否公布：{s[published]}）",
    message_en="Letter {s[number]} ({r[0][name]} to {r[1][name]}) is not recorded as published (published: {s[published]})",
    subject_type="Letter",
    related_types=("Subject", "Subject"),
    check=_check_005,
    population=lambda ctx: (letter_hit(ctx.kg, lt, f, t) for lt, _d, f, t in _letters_2021_publication(ctx)),
)

# --- EKG006 ----------------------------------------------------------------------------------


def _check_006(ctx: AuditContext) -> Iterator[Hit]:
    kg = ctx.kg
    for d, frm, to, power in delegations(ctx):
        end = kg.node(d).get("end")
        if end is not None and end < ctx.as_of:
            yield delegation_hit(kg, d, frm, to, power, term_end=end)


EKG006 = Rule(
    id="EKG006",
    slug="expired-delegation-in-use",
    title_zh="委托期限已届满仍在实施",
    title_en="Delegation used after its term ended",
    severity="error",
    legal_refs=("admin_penalty_law:20:2",),
    rationale_zh="委托期限届满后受委托组织不再有权以委托机关名义实施处罚，此后作出的处罚缺乏权限。",
    rationale_en="After the term ends the delegatee may no longer act in the delegator's name; penalties imposed afterwards lack authority.",
    remediation_zh="停止实施该事项；确需继续委托的，依法重新签订委托书并公布。",
    remediation_en="Stop exercising the power; if delegation is still needed, sign and publish a new letter.",
    message_zh="{r[0][name]}委托{r[1][name]}实施“{r[2][name]}”的期限已于{s[end]}届满，清单仍显示有效",
    message_en="The delegation of '{r[2][name]}' from {r[0][name]} to {r[1][name]} ended on {s[end]} but is still shown as in force",
    subject_type="Delegation",
    related_types=("Subject", "Subject", "Power"),
    check=_check_006,
    population=delegation_population,
)

# --- EKG007 ----------------------------------------------------------------------------------

DUTIES = (("approval_party", "文书审批", "document approval"), ("archive_party", "档案管理", "archive keeping"),
          ("supervision_party", "监督", "supervision"))


def _unclear_duties(letter: dict, lang: str) -> list[str]:
    return [zh if lang == "zh" else en for key, zh, en in DUTIES if unclear(letter.get(key))]


def _check_007(ctx: AuditContext) -> Iterator[Hit]:
    for letter, _d, frm, to in _letters_2021(ctx):
        duties = _unclear_duties(ctx.kg.node(letter), "zh")
        if duties:
            yield letter_hit(ctx.kg, letter, frm, to, unclear=duties)


EKG007 = Rule(
    id="EKG007",
    slug="responsibility-unclear",
    title_zh="委托书未明确文书审批、档案管理或监督责任",
    title_en="Letter leaves document approval, archives or supervision unassigned",
    severity="warning",
    legal_refs=("admin_penalty_law:20:3",),
    rationale_zh="委托机关对受委托组织的行为负责监督并承担法律责任。委托书没有写明由谁审批执法文书、由谁管理案卷档案、由谁监督，出了问题无人负责（湘乡市2023年报告：“文书审批、档案管理等等，责任主体不明晰”）。",
    rationale_en="The delegator supervises and is legally responsible. If the letter does not say who approves case documents, who keeps the archive and who supervises, nobody is accountable (Xiangxiang 2023 report).",
    remediation_zh="修订委托书，逐项写明文书审批、档案管理、监督的具体责任单位，不得写“双方共同负责”等笼统表述。",
    remediation_en="Amend the letter to name one responsible party for each duty; avoid vague wording such as 'both parties'.",
    message_zh="委托书{s[number]}（{r[0][name]}委托{r[1][name]}）未明确{x[duties]}责任（文书审批：{s[approval_party]}；档案管理：{s[archive_party]}；监督：{s[supervision_party]}）",
    message_en="Letter {s[number]} ({r[0][name]} to {r[1][name]}) leaves {x[duties_en]} unassigned (approval: {s[approval_party]}; archive: {s[archive_party]}; supervision: {s[supervision_party]})",
    subject_type="Letter",
    related_types=("Subject", "Subject"),
    check=_check_007,
    population=_letter_population,
    extras=lambda s, r, as_of: {"duties": "、".join(_unclear_duties(s, "zh")), "duties_en": ", ".join(_unclear_duties(s, "en"))},
)

# --- EKG008 ----------------------------------------------------------------------------------


def _ineligible_reason(kg, to: str, as_of: str) -> str | None:
    d = kg.node(to)
    if d["label"] == "Body":
        return "是内设/下属机构，不是依法成立的组织"
    if d.get("kind") in INELIGIBLE_KINDS:
        return f"主体类型为{d['kind']}"
    counts = [kg.node(s) for s in kg.into(to, "OF", "Staffing") if (kg.node(s).get("date") or "") <= as_of]
    if counts and max(counts, key=lambda c: c.get("date") or "").get("officers") == 0:
        return "没有取得行政执法资格的工作人员"
    return None


def _check_008(ctx: AuditContext) -> Iterator[Hit]:
    kg = ctx.kg
    for d, frm, to, power in delegations(ctx):
        reason = _ineligible_reason(kg, to, ctx.as_of)
        if reason:
            yield delegation_hit(kg, d, frm, to, power, reason=reason)


def _reason_from_props(r: dict) -> dict:
    if r.get("label") == "Body":
        return {"reason": "是内设/下属机构，不是依法成立的组织", "reason_en": "an internal body, not a lawfully established organisation"}
    if r.get("kind") in INELIGIBLE_KINDS:
        return {"reason": f"主体类型为{r['kind']}", "reason_en": f"of an ineligible kind ({r['kind']})"}
    return {"reason": "没有取得行政执法资格的工作人员", "reason_en": "without certified enforcement staff"}


EKG008 = Rule(
    id="EKG008",
    slug="delegatee-ineligible",
    title_zh="受委托组织不符合法定条件",
    title_en="Delegatee does not meet the statutory conditions",
    severity="error",
    legal_refs=("admin_penalty_law:21",),
    rationale_zh="受委托组织必须是依法成立并具有管理公共事务职能的组织，并有取得行政执法资格的工作人员。企业、村（居）民委员会、个人和机关内设机构都不能受委托实施处罚。",
    rationale_en="A delegatee must be a lawfully established organisation with public-affairs functions and certified staff; enterprises, villagers' or residents' committees, individuals and internal bodies cannot be delegatees.",
    remediation_zh="终止对不适格对象的委托，改为委托符合条件的组织（如乡镇人民政府），或由委托机关自行实施。",
    remediation_en="End the delegation and delegate to an eligible organisation (e.g. the township government), or exercise the power directly.",
    message_zh="{r[0][name]}委托{r[1][name]}实施“{r[2][name]}”，但受委托方{x[reason]}",
    message_en="{r[0][name]} delegated '{r[2][name]}' to {r[1][name]}, which is {x[reason_en]}",
    subject_type="Delegation",
    related_types=("Subject", "Subject", "Power"),
    check=_check_008,
    population=delegation_population,
    extras=lambda s, r, as_of: _reason_from_props(r[1]),
)

# --- EKG009 ----------------------------------------------------------------------------------


def _check_009(ctx: AuditContext) -> Iterator[Hit]:
    kg = ctx.kg
    for d, frm, to, power in delegations(ctx):
        if category(kg, power) == "行政许可" and not kg.node(to).get("admin_organ"):
            yield delegation_hit(kg, d, frm, to, power)


EKG009 = Rule(
    id="EKG009",
    slug="licensing-delegated-to-non-organ",
    title_zh="行政许可委托给行政机关以外的组织",
    title_en="Licensing delegated to a body that is not an administrative organ",
    severity="error",
    legal_refs=("admin_licensing_law:24",),
    rationale_zh="行政许可只能委托其他行政机关实施，委托机关应当公告，受委托机关不得再委托。事业单位、内设机构等不是行政机关。",
    rationale_en="A licence may be delegated only to another administrative organ, with public notice and no re-delegation; public institutions and internal bodies are not organs.",
    remediation_zh="收回该许可事项，或改为委托符合条件的行政机关并公告。",
    remediation_en="Take the licence back, or delegate it to an administrative organ with public notice.",
    message_zh="{r[0][name]}将行政许可“{r[2][name]}”委托给非行政机关{r[1][name]}实施",
    message_en="{r[0][name]} delegated the licence '{r[2][name]}' to {r[1][name]}, which is not an administrative organ",
    subject_type="Delegation",
    related_types=("Subject", "Subject", "Power"),
    check=_check_009,
    population=delegation_population,
)

# --- EKG010 ----------------------------------------------------------------------------------


def _check_010(ctx: AuditContext) -> Iterator[Hit]:
    kg = ctx.kg
    received = {(to, power) for _d, _f, to, power in delegations(ctx)}
    for d, frm, to, power in delegations(ctx):
        if (frm, power) in received and not holds(kg, frm, power, ctx.as_of):
            yield delegation_hit(kg, d, frm, to, power)


EKG010 = Rule(
    id="EKG010",
    slug="redelegation",
    title_zh="受委托组织再委托",
    title_en="Delegatee re-delegates the power",
    severity="error",
    legal_refs=("admin_penalty_law:20:4",),
    rationale_zh="受委托组织应当以委托机关名义实施处罚，不得再委托其他组织或者个人实施。",
    rationale_en="The delegatee acts in the delegator's name and may not delegate further.",
    remediation_zh="撤销再委托；由原受委托组织自行实施，或由委托机关直接委托。",
    remediation_en="Cancel the re-delegation; the delegatee exercises the power itself, or the delegator delegates directly.",
    message_zh="{r[0][name]}本身是“{r[2][name]}”的受委托方，又将其委托给{r[1][name]}",
    message_en="{r[0][name]} holds '{r[2][name]}' only by delegation and delegated it further to {r[1][name]}",
    subject_type="Delegation",
    related_types=("Subject", "Subject", "Power"),
    check=_check_010,
    population=delegation_population,
)

# --- EKG011 ----------------------------------------------------------------------------------


def _check_011(ctx: AuditContext) -> Iterator[Hit]:
    kg = ctx.kg
    for d, frm, to, power in delegations(ctx):
        if category(kg, power) in COMPULSORY_MEASURES:
            yield delegation_hit(kg, d, frm, to, power, category=category(kg, power))


EKG011 = Rule(
    id="EKG011",
    slug="compulsory-measure-delegated",
    title_zh="行政强制措施被委托",
    title_en="Compulsory measure delegated",
    severity="error",
    legal_refs=("admin_compulsion_law:17:1",),
    rationale_zh="行政强制措施由法律、法规规定的行政机关在法定职权范围内实施，不得委托。清单只写“行政强制”而未区分措施与执行的，也按措施审查。",
    rationale_en="Compulsory measures are carried out by the organ the law names and may not be delegated. A list item that says only 'compulsion' without distinguishing measure from enforcement is reviewed as a measure.",
    remediation_zh="收回该强制措施；确需乡镇实施的，应有法律、法规明确规定或依第二十四条交由。",
    remediation_en="Take the measure back; a township may use it only where a law or regulation gives it the power.",
    message_zh="{r[0][name]}将行政强制事项“{r[2][name]}”（{r[2][category]}）委托给{r[1][name]}",
    message_en="{r[0][name]} delegated the compulsory measure '{r[2][name]}' ({r[2][category]}) to {r[1][name]}",
    subject_type="Delegation",
    related_types=("Subject", "Subject", "Power"),
    check=_check_011,
    population=delegation_population,
)

# --- EKG022 ----------------------------------------------------------------------------------

OWN_NAME_WORDS = ("自身名义", "自己名义", "本单位名义", "受委托方名义", "受托方名义", "乡镇名义", "街道名义")


def acts_in_own_name(name_used: object, delegator: dict, delegatee: dict) -> bool:
    s = str(name_used or "")
    if not s:
        return False
    if delegator.get("name") and delegator["name"] in s:
        return False
    return any(w in s for w in OWN_NAME_WORDS) or bool(delegatee.get("name") and delegatee["name"] in s)


def _check_022(ctx: AuditContext) -> Iterator[Hit]:
    kg = ctx.kg
    for d, frm, to, power in delegations(ctx):
        if acts_in_own_name(kg.node(d).get("name_used"), kg.node(frm), kg.node(to)):
            yield delegation_hit(kg, d, frm, to, power)


EKG022 = Rule(
    id="EKG022",
    slug="delegatee-acts-in-own-name",
    title_zh="受委托组织以自己名义实施处罚",
    title_en="Delegatee acts in its own name",
    severity="error",
    legal_refs=("admin_penalty_law:20:4",),
    rationale_zh="受委托组织在委托范围内只能以委托机关名义实施行政处罚；以自己名义作出的处罚主体错误，复议、诉讼中委托机关才是被申请人、被告。",
    rationale_en="Within the delegation the delegatee must act in the delegator's name; a decision in its own name has the wrong subject (the delegator is the respondent and defendant).",
    remediation_zh="统一以委托机关名义制作执法文书；如需乡镇以自身名义行使，应依第二十四条由省级决定交由。",
    remediation_en="Issue documents in the delegator's name; if the township should act in its own name, the province must assign the power under art. 24.",
    message_zh="{r[1][name]}受{r[0][name]}委托实施“{r[2][name]}”，却记载为以“{s[name_used]}”实施",
    message_en="{r[1][name]} exercises '{r[2][name]}' on delegation from {r[0][name]} but is recorded as acting '{s[name_used]}'",
    subject_type="Delegation",
    related_types=("Subject", "Subject", "Power"),
    check=_check_022,
    population=delegation_population,
)

# --- EKG023 ----------------------------------------------------------------------------------


def _in_hunan(ctx: AuditContext) -> bool:
    kg = ctx.kg
    if kg.info.province:
        return "湖南" in kg.info.province
    return any("湖南" in (kg.node(j).get("name") or "") for j in kg.nodes("Jurisdiction"))


def _check_023(ctx: AuditContext) -> Iterator[Hit]:
    if not _in_hunan(ctx):
        return
    for letter, _d, frm, to in delegation_letters(ctx):
        ld = ctx.kg.node(letter)
        if ld.get("content_known") and ld.get("filed") is not True:
            yield letter_hit(ctx.kg, letter, frm, to)


def _population_023(ctx: AuditContext) -> Iterator[Hit]:
    if _in_hunan(ctx):
        for letter, _d, frm, to in delegation_letters(ctx):
            if ctx.kg.node(letter).get("content_known"):
                yield letter_hit(ctx.kg, letter, frm, to)


EKG023 = Rule(
    id="EKG023",
    slug="delegation-not-filed",
    title_zh="委托未报同级人民政府备案（湖南）",
    title_en="Delegation not filed with the same-level government (Hunan)",
    severity="info",
    legal_refs=("hn_admin_enforcement_reg:7",),
    rationale_zh="湖南省行政执法条例要求行政执法委托报同级人民政府备案（该条例现行效力状态未核实，故列为提示）。",
    rationale_en="The Hunan Regulations on Administrative Law Enforcement require delegations to be filed with the same-level government (current force not verified, hence 'info').",
    remediation_zh="将委托书报同级人民政府（司法行政部门）备案。",
    remediation_en="File the letter with the same-level government (its justice bureau).",
    message_zh="委托书{s[number]}（{r[0][name]}委托{r[1][name]}）未记载已报同级人民政府备案",
    message_en="Letter {s[number]} ({r[0][name]} to {r[1][name]}) is not recorded as filed with the government",
    subject_type="Letter",
    related_types=("Subject", "Subject"),
    check=_check_023,
    population=_population_023,
)

# --- EKG025 ----------------------------------------------------------------------------------


def _check_025(ctx: AuditContext) -> Iterator[Hit]:
    kg = ctx.kg
    for d, frm, to, power in delegations(ctx):
        if "授权" in (kg.node(d).get("mode") or "") and not has_statutory_basis(kg, d, LAW_OR_REGULATION):
            yield delegation_hit(kg, d, frm, to, power, cited=basis_evidence(kg, d))


EKG025 = Rule(
    id="EKG025",
    slug="authorisation-without-law",
    title_zh="以规章或文件“授权”实施处罚",
    title_en="'Authorisation' resting on a rule or document",
    severity="warning",
    legal_refs=("admin_penalty_law:19",),
    rationale_zh="只有法律、法规可以授权具有管理公共事务职能的组织实施行政处罚。规章或文件所称“授权”至多是委托，应按委托的条件审查并以委托机关名义实施。",
    rationale_en="Only laws and regulations can authorise an organisation to impose penalties. An 'authorisation' by a rule or document is at most a delegation and must meet the delegation conditions.",
    remediation_zh="改按委托办理：签订委托书、以委托机关名义实施；或找出授权的法律、法规条款。",
    remediation_en="Treat it as a delegation (letter, delegator's name), or cite the law or regulation that authorises it.",
    message_zh="{r[0][name]}以“授权”方式将“{r[2][name]}”交给{r[1][name]}，但依据不是法律、法规",
    message_en="{r[0][name]} 'authorised' {r[1][name]} to exercise '{r[2][name]}' without a law or regulation",
    subject_type="Delegation",
    related_types=("Subject", "Subject", "Power"),
    check=_check_025,
    population=delegation_population,
)

RULES = (EKG001, EKG002, EKG003, EKG004, EKG005, EKG006, EKG007, EKG008, EKG009, EKG010, EKG011, EKG022, EKG023, EKG025)

__all__ = ["RULES", "in_effect"]
