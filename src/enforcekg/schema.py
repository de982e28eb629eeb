"""The one declared schema of the enforcekg graph.

Every node and relationship type, with every property and its meaning, is declared here once.
The networkx build (:mod:`enforcekg.graph`), the Neo4j projection, the RDF mapping and the schema
documentation are all derived from these declarations; nothing else may invent a label, a
relationship type or a property.

Authority-conferring acts (statutory holding, delegation, assignment, centralisation, transfer and
exercise by a body) are *nodes*, not edges: each has a date, a document and parties.  Every act carries
the shared label ``Act`` plus its own label, and uses the same role relationships:

    (act)-[:FROM]->(subject)        the party that gives up / lends the power
    (act)-[:TO]->(subject or body)  the party that receives / holds / handles it
    (act)-[:CONCERNS]->(power)      the power(s) the act is about
    (act)-[:BASED_ON]->(provision)  the legal provisions the act relies on
    (act)-[:RECORDED_IN]->(instrument or letter)  the document that records the act

Dates are ISO-8601 strings (``YYYY-MM-DD``), which compare correctly as strings in every engine.

>>> NODE_TYPES["Delegation"].labels
('Act', 'Delegation')
>>> sorted(p.name for p in NODE_TYPES["Staffing"].props)[:3]
['date', 'id', 'officers']
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: Property value types used by the schema (and by the Neo4j/RDF projections).
PROP_TYPES = ("str", "int", "bool", "date", "list[str]")


@dataclass(frozen=True)
class Prop:
    """One property of a node or relationship type."""

    name: str
    type: str
    zh: str
    en: str
    required: bool = False

    def __post_init__(self) -> None:
        if self.type not in PROP_TYPES:
            raise ValueError(f"property {self.name!r}: type {self.type!r} not in {PROP_TYPES}")


@dataclass(frozen=True)
class NodeType:
    """A node type: its primary label, extra labels, bilingual names and properties."""

    label: str
    zh: str
    en: str
    description: str
    props: tuple[Prop, ...]
    extra_labels: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        """All labels a node of this type carries in Neo4j (shared labels first)."""
        return (*self.extra_labels, self.label)

    def prop(self, name: str) -> Prop:
        for p in self.props:
            if p.name == name:
                return p
        raise KeyError(f"{self.label} has no property {name!r}")


@dataclass(frozen=True)
class EdgeType:
    """A relationship type and the node types it may connect."""

    type: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    zh: str
    en: str
    description: str
    props: tuple[Prop, ...] = field(default=())


# --- shared properties ----------------------------------------------------------------------------

ID = Prop("id", "str", "标识", "identifier", required=True)
NAME = Prop("name", "str", "名称", "name", required=True)
SOURCES = Prop(
    "sources", "list[str]", "来源", "provenance: file#sheet!row (or document number) of every record behind the node"
)
NOTE = Prop("note", "str", "备注", "remark as written in the source")

ACT_PROPS = (
    ID,
    Prop("name", "str", "名称", "display name composed at load: parties and power"),
    Prop("kind", "str", "行为类型", "act kind (one of ACT_KINDS)", required=True),
    Prop("date", "date", "生效日期", "date the act takes effect (signed/decided/effective)"),
    Prop("end", "date", "终止日期", "date the act ends (term end), if any"),
    Prop("status", "str", "状态", "status as recorded (有效, 已划出, 已终止 ...)"),
    Prop("mode", "str", "方式", "the form as written in the source (委托, 交由, 下放, 赋予 ...)"),
    Prop("name_used", "str", "执法名义", "in whose name the receiving party acts, as recorded"),
    SOURCES,
    NOTE,
)

#: Act kinds: node label -> (zh, en)
ACT_KINDS: dict[str, tuple[str, str]] = {
    "Holding": ("法定职权", "statutory holding"),
    "Delegation": ("委托", "delegation"),
    "Assignment": ("交由", "assignment to township"),
    "Centralisation": ("相对集中", "centralisation"),
    "Transfer": ("划转", "transfer"),
    "Exercise": ("承办", "exercise by a body"),
}

# --- code lists (SKOS concept schemes in the RDF projection) -----------------------------------

SUBJECT_KINDS: dict[str, tuple[str, bool]] = {
    # kind -> (en, is an administrative organ)
    "政府部门": ("government department", True),
    "人民政府": ("people's government", True),
    "乡镇人民政府": ("township government", True),
    "街道办事处": ("subdistrict office", True),
    "法律法规授权组织": ("organisation authorised by law or regulation", False),
    "事业单位": ("public institution", False),
    "企业": ("enterprise", False),
    "村民委员会": ("villagers' committee", False),
    "居民委员会": ("residents' committee", False),
    "个人": ("individual", False),
    "其他": ("other", False),
}

BODY_KINDS: dict[str, str] = {
    "执法大队": "enforcement brigade",
    "综合行政执法大队": "comprehensive enforcement brigade",
    "站办所": "station or office",
    "服务中心": "service centre",
    "内设机构": "internal division",
}

POWER_CATEGORIES: dict[str, str] = {
    "行政许可": "administrative licensing",
    "行政处罚": "administrative penalty",
    "行政强制措施": "administrative compulsory measure",
    "行政强制执行": "administrative compulsory enforcement",
    "行政强制": "administrative compulsion (measure or enforcement, not distinguished)",
    "行政征收": "administrative levy",
    "行政给付": "administrative payment",
    "行政检查": "administrative inspection",
    "行政确认": "administrative confirmation",
    "行政奖励": "administrative reward",
    "行政裁决": "administrative adjudication",
    "行政审批": "administrative approval",
    "行政调解": "administrative mediation",
    "其他行政权力": "other administrative power",
    "其他职权": "other function",
}

JURISDICTION_LEVELS: dict[str, str] = {
    "国家": "national",
    "省": "province",
    "市": "prefecture-level city",
    "县": "county-level",
    "乡": "township-level",
}

# --- node types ---------------------------------------------------------------------------------

NODE_TYPES: dict[str, NodeType] = {
    t.label: t
    for t in (
        NodeType(
            "Jurisdiction", "行政区划", "jurisdiction",
            "An administrative area: province, city, county-level unit or township-level unit.",
            (ID, NAME, Prop("level", "str", "层级", "国家/省/市/县/乡", required=True), SOURCES),
        ),
        NodeType(
            "Subject", "行政主体", "administrative subject",
            "An organ or organisation that may act in its own name (or a party that claims to): "
            "government departments, township governments, subdistrict offices, authorised organisations; "
            "also the non-eligible parties records name as delegatees (enterprises, committees ...).",
            (
                ID, NAME,
                Prop("kind", "str", "主体类型", "one of SUBJECT_KINDS", required=True),
                Prop("admin_organ", "bool", "是否行政机关", "true for an administrative organ", required=True),
                Prop("township", "bool", "是否乡镇（街道）", "true for a township government or subdistrict office"),
                Prop("aliases", "list[str]", "别名", "other names used for it in records"),
                SOURCES, NOTE,
            ),
        ),
        NodeType(
            "Body", "内设/下属机构", "body",
            "A unit that does the work but is not a legal subject: a brigade, station, office or centre.",
            (
                ID, NAME,
                Prop("kind", "str", "机构类型", "one of BODY_KINDS", required=True),
                Prop("aliases", "list[str]", "别名", "other names used for it in records"),
                SOURCES, NOTE,
            ),
        ),
        NodeType(
            "Power", "职权事项", "power",
            "One matter of a power list (事项), shared by every list and act that names it.",
            (
                ID, NAME,
                Prop("code", "str", "事项编码", "code of the matter, if the lists give one"),
                Prop("subitem", "str", "子项", "sub-item name"),
                Prop("category", "str", "职权类型", "one of POWER_CATEGORIES", required=True),
                SOURCES,
            ),
        ),
        NodeType(
            "Instrument", "法律文件", "instrument",
            "A law, regulation, rule, normative document, decision or internal document.",
            (
                ID,
                Prop("title", "str", "标题", "official title", required=True),
                Prop("short_title", "str", "简称", "short title"),
                Prop("number", "str", "文号", "document number (文号)"),
                Prop("level", "str", "效力层级", "宪法/法律/行政法规/地方性法规/自治条例/部门规章/地方政府规章/规范性文件/内部文件/未知", required=True),
                Prop("level_rank", "int", "层级序号", "position in the level order, higher = higher authority", required=True),
                Prop("issuer", "str", "制定机关", "issuing organ"),
                Prop("issuer_level", "str", "制定机关层级", "国家/省/市/县/乡, derived from the issuer"),
                Prop("promulgated", "date", "公布日期", "date promulgated"),
                Prop("effective", "date", "施行日期", "date in force"),
                Prop("repealed", "date", "废止日期", "date repealed"),
                Prop("status", "str", "时效性", "现行有效/已修改/已废止/尚未施行"),
                Prop("published", "bool", "是否公布", "whether the document was published"),
                Prop("article_count", "int", "条数", "number of articles of the current text"),
                Prop("resolved", "bool", "是否已识别", "false when a citation named an instrument the registry does not know"),
                SOURCES,
            ),
            extra_labels=("Document",),
        ),
        NodeType(
            "Provision", "条款", "provision",
            "An article (条), paragraph (款) or item (项) of an instrument; article empty means the whole instrument.",
            (
                ID,
                Prop("ref", "str", "条款", "display form, e.g. 第二十条第一款", required=True),
                Prop("article", "int", "条", "article number"),
                Prop("article_suffix", "int", "之N", "sub-article number (之一 = 1)"),
                Prop("paragraph", "int", "款", "paragraph number"),
                Prop("item", "int", "项", "item number"),
                Prop("allows_delegation", "bool", "允许委托", "the provision itself provides for delegation"),
                Prop("township_competent", "bool", "赋予乡镇职权", "the provision gives townships a power of their own"),
                Prop("raw", "list[str]", "原文引用", "citation text as written in the sources"),
            ),
        ),
        NodeType(
            "Letter", "委托书", "delegation letter",
            "A written delegation letter (委托书) and what it states.",
            (
                ID,
                Prop("number", "str", "委托书编号", "letter number", required=True),
                Prop("title", "str", "标题", "title"),
                Prop("signed", "date", "签订日期", "date signed"),
                Prop("term_start", "date", "委托期限起", "start of the delegation term"),
                Prop("term_end", "date", "委托期限止", "end of the delegation term"),
                Prop("written", "bool", "书面", "a written letter exists", required=True),
                Prop("content_known", "bool", "内容已提供", "the letter's contents were supplied (else only its number is known)", required=True),
                Prop("published", "bool", "是否公布", "published by both parties (art. 20(2))"),
                Prop("filed", "bool", "是否备案", "filed with the same-level government (湖南省行政执法条例 art. 7)"),
                Prop("approval_party", "str", "文书审批责任方", "who approves case documents (文书审批)"),
                Prop("archive_party", "str", "档案管理责任方", "who keeps the case archive (档案管理)"),
                Prop("supervision_party", "str", "监督责任方", "who supervises the delegatee"),
                Prop("name_used", "str", "执法名义", "in whose name the delegatee acts"),
                Prop("redelegation", "str", "再委托条款", "what the letter says about re-delegation (禁止/允许/未约定)"),
                SOURCES, NOTE,
            ),
            extra_labels=("Document",),
        ),
        NodeType(
            "Staffing", "人员配备", "staffing record",
            "Certified enforcement officers and legal reviewers of one unit on one date.",
            (
                ID,
                Prop("date", "date", "统计日期", "date of the count"),
                Prop("officers", "int", "持证执法人员", "certified enforcement officers", required=True),
                Prop("reviewers", "int", "法制审核人员", "legal reviewers", required=True),
                SOURCES,
            ),
        ),
        *(
            NodeType(
                label, zh, en,
                f"Act of {en} ({zh}).",
                ACT_PROPS
                + (
                    (
                        Prop("list_version", "str", "清单版本", "version of the power list that shows this item"),
                        Prop("source_type", "str", "事项来源", "for a township list item: 法定/交由/委托"),
                    )
                    if label == "Holding"
                    else ()
                ),
                extra_labels=("Act",),
            )
            for label, (zh, en) in ACT_KINDS.items()
        ),
    )
}

ACT_LABELS = tuple(ACT_KINDS)
DOCUMENT_LABELS = ("Instrument", "Letter")

# --- relationship types ---------------------------------------------------------------------------

EDGE_TYPES: dict[str, EdgeType] = {
    e.type: e
    for e in (
        EdgeType("PART_OF", ("Jurisdiction", "Body", "Provision"), ("Jurisdiction", "Subject", "Instrument"),
                 "隶属", "part of", "a township is part of a county; a body belongs to a subject; a provision to an instrument"),
        EdgeType("LOCATED_IN", ("Subject",), ("Jurisdiction",), "所在区划", "located in",
                 "the area a subject serves"),
        EdgeType("FROM", ACT_LABELS, ("Subject",), "出让方", "from",
                 "delegator, previous holder, department giving up the power, or the holder whose body handles it"),
        EdgeType("TO", ACT_LABELS, ("Subject", "Body"), "承接方", "to",
                 "holder, delegatee, new holder, township receiving the power, or the body handling it"),
        EdgeType("CONCERNS", ACT_LABELS, ("Power",), "涉及事项", "concerns", "the power the act is about"),
        EdgeType("BASED_ON", ACT_LABELS, ("Provision",), "依据", "based on",
                 "legal provision cited for the act (basis of a power, authority for a delegation)"),
        EdgeType("RECORDED_IN", ACT_LABELS, DOCUMENT_LABELS, "载于", "recorded in",
                 "the decision, list or letter that records the act"),
        EdgeType("ISSUED_BY", ("Instrument",), ("Subject",), "制定机关", "issued by",
                 "the local subject that issued a decision or document, when it is in the graph"),
        EdgeType("OF", ("Staffing",), ("Subject",), "所属单位", "of", "the unit a staffing record counts"),
    )
}


def node_type(label: str) -> NodeType:
    """Return the declared node type for ``label`` or raise ``KeyError`` naming the known labels."""
    try:
        return NODE_TYPES[label]
    except KeyError:
        raise KeyError(f"unknown node label {label!r}; declared: {', '.join(NODE_TYPES)}") from None


def all_labels() -> list[str]:
    """Every label used in the graph (primary and shared), sorted."""
    return sorted({lbl for t in NODE_TYPES.values() for lbl in t.labels})


def all_property_names() -> list[str]:
    """Every property name used by any node or relationship type, sorted."""
    names = {p.name for t in NODE_TYPES.values() for p in t.props}
    names |= {p.name for e in EDGE_TYPES.values() for p in e.props}
    return sorted(names)
