"""How a view looks: colours and shapes per node kind, role words on edges, interface strings.

Kind names come from :mod:`enforcekg.schema`; only the presentation (colour, shape, the role a party
plays in one kind of act) is declared here.  Three kinds are split for readability: a subject is drawn
as a county department, a township (乡镇/街道) or an organisation that is not an administrative organ.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..findings import SEVERITY_ZH
from ..schema import ACT_KINDS, EDGE_TYPES, NODE_TYPES

#: CJK-capable fonts, first found wins (no font is embedded)
FONT_STACK = "'Microsoft YaHei','PingFang SC','Noto Sans CJK SC','Source Han Sans SC','WenQuanYi Zen Hei',sans-serif"


@dataclass(frozen=True)
class KindStyle:
    """The look of one legend entry."""

    shape: str  # a vis-network shape
    fill: str
    border: str
    dashed: bool = False
    size: int = 16  # for shapes whose label is drawn below (diamond, dot, square ...)


#: legend key -> style; keys are node labels, plus ``Subject:township`` and ``Subject:other``
STYLES: dict[str, KindStyle] = {
    "Jurisdiction": KindStyle("hexagon", "#c3e6cb", "#4f8a5f", size=14),
    "Subject": KindStyle("box", "#dbe9ff", "#2f6fd6"),
    "Subject:township": KindStyle("box", "#d3f2ea", "#0f8a70"),
    "Subject:other": KindStyle("box", "#eeeeee", "#6c757d"),
    "Body": KindStyle("box", "#f1e9fc", "#7a4fc2", dashed=True),
    "Power": KindStyle("ellipse", "#fff3cd", "#c99a06"),
    "Holding": KindStyle("diamond", "#adb5bd", "#6c757d", size=11),
    "Exercise": KindStyle("diamond", "#c5b3e6", "#7a4fc2", size=11),
    "Delegation": KindStyle("diamond", "#ff922b", "#d9480f", size=17),
    "Assignment": KindStyle("diamond", "#51cf66", "#2b8a3e", size=17),
    "Centralisation": KindStyle("diamond", "#c08552", "#7f4f24", size=17),
    "Transfer": KindStyle("diamond", "#f783ac", "#c2255c", size=17),
    "Provision": KindStyle("dot", "#ced4da", "#868e96", size=7),
    "Instrument": KindStyle("square", "#e9d8c4", "#8a6a45", size=11),
    "Letter": KindStyle("square", "#fcc2d7", "#a61e4d", size=12),
    "Staffing": KindStyle("triangle", "#a5d8ff", "#1971c2", size=11),
}

SUBJECT_VARIANTS = {
    "Subject:township": ("乡镇人民政府（街道）", "township government or subdistrict"),
    "Subject:other": ("非行政机关组织", "organisation, not an administrative organ"),
}

#: acts that move or lend a power from one subject to another (drawn bold; the others are context)
CONFERRING_ACTS = ("Delegation", "Assignment", "Centralisation", "Transfer")

#: (act label, relationship) -> (zh, en): the role the party plays in that act
ROLES: dict[tuple[str, str], tuple[str, str]] = {
    ("Delegation", "FROM"): ("委托方", "delegator"),
    ("Delegation", "TO"): ("受委托方", "delegatee"),
    ("Assignment", "FROM"): ("原主体", "former holder"),
    ("Assignment", "TO"): ("承接乡镇", "receiving township"),
    ("Centralisation", "FROM"): ("原主体", "former holder"),
    ("Centralisation", "TO"): ("集中行使", "centralised in"),
    ("Transfer", "FROM"): ("划出", "transferred from"),
    ("Transfer", "TO"): ("划入", "transferred to"),
    ("Holding", "TO"): ("实施主体", "holder"),
    ("Exercise", "FROM"): ("职权主体", "holder"),
    ("Exercise", "TO"): ("承办机构", "handled by"),
}

SEVERITY_COLOURS = {"error": "#e03131", "warning": "#f59f00", "info": "#1c7ed6"}
EDGE_COLOUR = "#adb5bd"

#: interface strings
UI: dict[str, dict[str, str]] = {
    "zh": {
        "legend": "图例", "search": "搜索名称、编号、文号…", "find": "查找", "fit": "全图", "print": "打印",
        "matches": "找到 {n} 个", "no_match": "没有匹配", "details": "详细信息",
        "click_hint": "点击图中的节点或连线查看详细信息；滚轮缩放，拖动平移。",
        "findings": "问题", "findings_n": "问题（{n}）", "no_findings": "本视图没有问题。", "law": "法律依据",
        "sources": "来源", "flagged": "有问题的节点和连线", "more": "…共 {n} 项", "kind": "类型",
        "nodes": "节点", "edges": "连线", "as_of": "基准日", "scope": "范围", "back": "返回报告",
        "open_view": "查看关系图", "colon": "：", "sep": "；",
        "whole": "全部数据", "overview": "按单位汇总", "focus": "以“{name}”为中心，{depth} 层",
        "rule": "规则 {rule} 的问题", "one_finding": "问题 {id}",
        "aggregate_edge": "{kind} {n} 项", "units_counts": "事项 {holdings} · 机构 {bodies}", "finding_count": "问题 {n}",
        "holdings": "清单事项", "bodies": "下属机构", "given": "委托/交由/划出", "received": "受委托/承接/划入",
        "officers": "持证执法人员", "reviewers": "法制审核人员",
    },
    "en": {
        "legend": "Legend", "search": "Search names, ids, document numbers…", "find": "Find", "fit": "Fit",
        "print": "Print", "matches": "{n} found", "no_match": "no match", "details": "Details",
        "click_hint": "Click a node or a link for details; scroll to zoom, drag to pan.",
        "findings": "Findings", "findings_n": "Findings ({n})", "no_findings": "No findings in this view.",
        "law": "Legal basis", "sources": "Sources", "flagged": "nodes and links with a finding", "more": "…{n} in all",
        "kind": "Kind", "nodes": "nodes", "edges": "links", "as_of": "As of", "scope": "Scope",
        "back": "Back to the report", "open_view": "open the graph", "colon": ": ", "sep": "; ",
        "whole": "whole dataset", "overview": "one node per unit", "focus": "around '{name}', depth {depth}",
        "rule": "findings of rule {rule}", "one_finding": "finding {id}",
        "aggregate_edge": "{kind} ×{n}", "units_counts": "items {holdings} · bodies {bodies}",
        "finding_count": "findings {n}", "holdings": "list items", "bodies": "bodies",
        "given": "delegated/assigned/moved out", "received": "received", "officers": "certified officers",
        "reviewers": "legal reviewers",
    },
}


def ui(lang: str) -> dict[str, str]:
    return UI["en" if lang == "en" else "zh"]


def kind_name(key: str, lang: str) -> str:
    """The name of a legend key: a schema label, or one of the subject variants."""
    if key in SUBJECT_VARIANTS:
        zh, en = SUBJECT_VARIANTS[key]
    elif key == "Subject":
        zh, en = "县级部门等行政机关", "county department or other organ"
    elif key in ACT_KINDS:
        zh, en = ACT_KINDS[key]
    else:
        zh, en = NODE_TYPES[key].zh, NODE_TYPES[key].en
    return en if lang == "en" else zh


def role_name(act_label: str, rel: str, lang: str) -> str:
    """What a party is to an act (委托方, 承办机构 …), else the relationship's own name."""
    zh, en = ROLES.get((act_label, rel), (EDGE_TYPES[rel].zh, EDGE_TYPES[rel].en))
    return en if lang == "en" else zh


def edge_name(rel: str, lang: str) -> str:
    e = EDGE_TYPES[rel]
    return e.en if lang == "en" else e.zh


def severity_name(sev: str, lang: str) -> str:
    return sev if lang == "en" else SEVERITY_ZH.get(sev, sev)


def style_key(label: str, props: dict) -> str:
    """The legend key of a node: its label, or a subject variant."""
    if label != "Subject":
        return label
    if props.get("township"):
        return "Subject:township"
    if props.get("admin_organ") is False:
        return "Subject:other"
    return "Subject"
