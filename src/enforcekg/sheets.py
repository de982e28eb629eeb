"""The dataset format: which sheets a dataset folder holds and which columns each sheet has.

A dataset is a folder with a ``dataset.yaml`` manifest and one sheet per kind of record, as ``.csv``
(UTF-8 with or without BOM, or GB18030) or as sheets of ``.xlsx`` workbooks.  A file (or workbook sheet)
is recognised by its name: the English kind (``powers.csv``) or a Chinese name (``权力清单.csv``).
Columns are recognised by the names real lists use (DOMAIN §5) or by the English field name.

Every field below is documented in ``docs/dataset-format.md``; that document is checked against this
module by the tests, so the two cannot drift apart.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Column:
    """One field of a sheet: canonical English name, accepted header names, meaning, parser."""

    name: str
    headers: tuple[str, ...]
    zh: str
    en: str
    type: str = "str"  # str, int, bool, date, list, refs
    required: bool = False


@dataclass(frozen=True)
class SheetSpec:
    kind: str
    names: tuple[str, ...]  # file/sheet names that identify this kind (besides ``kind`` itself)
    zh: str
    en: str
    columns: tuple[Column, ...]
    #: columns that real lists carry and that we accept without using (no "unused column" warning)
    known_extra: tuple[str, ...] = ()

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


C = Column
SEQ = C("seq", ("序号", "编号序号", "seq", "no"), "序号", "sequence number", "str")
NOTE = C("note", ("备注", "说明", "note", "remark"), "备注", "remark")
#: written by ``enforcekg import`` on every row: where the row was read in the original input
ORIGIN = C("origin", ("原始位置", "导入来源", "origin"), "原始位置（导入时读取的文件#工作表!行）", "where import read the row (file#sheet!row)")

SHEETS: dict[str, SheetSpec] = {
    s.kind: replace(s, columns=(*s.columns, ORIGIN))  # every kind may carry the import's origin column
    for s in (
        SheetSpec(
            "jurisdictions", ("区划", "行政区划", "jurisdiction"), "行政区划", "jurisdictions",
            (
                C("id", ("区划编码", "区划代码", "编码", "id", "code"), "区划编码", "code", required=True),
                C("name", ("区划名称", "名称", "name"), "名称", "name", required=True),
                C("level", ("层级", "级别", "level"), "层级（国家/省/市/县/乡）", "level", required=True),
                C("parent", ("上级区划", "上级", "parent"), "上级区划编码或名称", "parent jurisdiction"),
            ),
        ),
        SheetSpec(
            "subjects", ("执法主体", "主体", "单位", "执法单位", "行政主体", "subject"), "执法主体", "subjects",
            (
                C("id", ("主体编码", "单位编码", "编码", "id", "code"), "主体编码", "identifier", required=True),
                C("name", ("主体名称", "单位名称", "执法主体", "名称", "name"), "名称", "name", required=True),
                C("kind", ("主体类型", "单位类型", "类型", "kind", "type"), "主体类型", "kind", required=True),
                C("jurisdiction", ("所属区划", "区划", "jurisdiction"), "所属区划编码或名称", "jurisdiction"),
                C("admin_organ", ("是否行政机关", "admin_organ"), "是否行政机关（默认按类型）", "administrative organ", "bool"),
                C("aliases", ("别名", "简称", "aliases"), "别名（用；分隔）", "aliases", "list"),
                NOTE,
            ),
        ),
        SheetSpec(
            "bodies", ("机构", "内设机构", "下属机构", "执法机构", "body"), "内设/下属机构", "bodies",
            (
                C("id", ("机构编码", "编码", "id", "code"), "机构编码", "identifier", required=True),
                C("name", ("机构名称", "名称", "name"), "名称", "name", required=True),
                C("kind", ("机构类型", "类型", "kind", "type"), "机构类型", "kind", required=True),
                C("parent", ("所属主体", "所属单位", "上级单位", "parent"), "所属主体", "parent subject", "ref", required=True),
                C("aliases", ("别名", "简称", "aliases"), "别名（用；分隔）", "aliases", "list"),
                NOTE,
            ),
        ),
        SheetSpec(
            "instruments", ("法律文件", "依据文件", "文件", "规范性文件", "instrument", "documents"),
            "法律文件", "instruments",
            (
                C("id", ("文件编码", "编码", "id"), "文件编码（可空，默认用文号或标题）", "identifier"),
                C("title", ("标题", "文件名称", "名称", "title"), "标题", "title", required=True),
                C("short_title", ("简称", "short_title"), "简称", "short title"),
                C("number", ("文号", "发文字号", "number"), "文号", "document number"),
                C("level", ("效力层级", "层级", "level"), "效力层级（可空，按标题和机关推定）", "level"),
                C("issuer", ("制定机关", "发文机关", "发布机关", "issuer"), "制定机关", "issuer"),
                C("issuer_level", ("机关层级", "制定机关层级", "issuer_level"), "制定机关层级（国家/省/市/县/乡）", "issuer level"),
                C("promulgated", ("公布日期", "发文日期", "印发日期", "promulgated"), "公布日期", "promulgated", "date"),
                C("effective", ("施行日期", "生效日期", "effective"), "施行日期", "effective", "date"),
                C("repealed", ("废止日期", "失效日期", "repealed"), "废止日期", "repealed", "date"),
                C("status", ("时效性", "状态", "status"), "时效性", "status"),
                C("published", ("是否公布", "公布情况", "published"), "是否公布", "published", "bool"),
                C("article_count", ("条数", "article_count"), "条数", "article count", "int"),
                NOTE,
            ),
        ),
        SheetSpec(
            "powers", ("权力清单", "职权清单", "权责清单", "权力事项", "职权事项", "power", "power_list"),
            "权力清单", "power list",
            (
                SEQ,
                C("code", ("事项编码", "职权编码", "权力编码", "编码", "code"), "事项编码", "code"),
                C("name", ("事项名称", "职权名称", "权力名称", "权力事项", "权力名称（主项）", "主项", "项目", "name"),
                  "事项名称", "name", required=True),
                C("subitem", ("子项名称", "子项", "subitem"), "子项", "sub-item"),
                C("category", ("职权类型", "权力类型", "事项类型", "权力类别", "职权类别", "category"),
                  "职权类型", "category", required=True),
                C("basis", ("实施依据", "设定依据", "职权依据", "法律法规依据", "设定和实施依据", "法定依据", "法律依据", "依据", "basis"), "实施依据", "legal basis"),
                C("holder", ("实施主体", "行政主体", "责任主体", "法定主体", "实施机关", "执法主体", "holder"), "实施主体", "holder", "ref", required=True),
                C("body", ("承办机构", "承办科室", "责任科室", "承办股室", "责任股室", "承办机构科室", "body"), "承办机构", "handling body", "ref"),
                C("source_type", ("事项来源", "权力来源", "来源", "source_type"), "事项来源（法定/交由/委托）", "source"),
                C("status", ("状态", "事项状态", "status"), "状态（有效/已划出）", "status"),
                C("list_version", ("清单版本", "版本", "list_version"), "清单版本", "list version"),
                NOTE,
            ),
            known_extra=("行使层级", "责任事项", "责任事项依据", "追责情形", "追责依据", "担责方式", "办理时限", "收费依据"),
        ),
        SheetSpec(
            "delegations", ("委托事项", "委托目录", "委托清单", "赋权事项", "委托执法事项", "delegation"),
            "委托事项目录", "delegation catalog",
            (
                SEQ,
                C("id", ("委托编号", "id"), "委托编号（可空）", "identifier"),
                C("power_code", ("事项编码", "职权编码", "权力编码", "power_code"), "事项编码", "power code"),
                C("power_name", ("事项名称", "职权名称", "委托事项", "权力名称", "power", "power_name"), "事项名称", "power name"),
                C("category", ("职权类型", "权力类型", "事项类型", "职权类别", "权力类别", "category"), "职权类型（事项不在任何清单时必填）", "category"),
                C("delegator", ("委托单位", "委托机关", "原实施主体", "原实施部门", "delegator"), "委托单位", "delegator", "ref", required=True),
                C("delegatee", ("受委托单位", "受委托组织", "承接主体", "承接单位", "受委托主体", "受委托方", "delegatee"), "受委托单位", "delegatee", "ref", required=True),
                C("mode", ("赋权方式", "下放方式", "委托方式", "委托形式", "mode"), "赋权方式（委托/交由/下放/赋予…）", "mode"),
                C("basis", ("委托依据", "法律依据", "依据", "basis"), "委托依据", "authority for the delegation"),
                C("letter", ("委托书编号", "委托书文号", "委托书", "letter"), "委托书编号", "letter number"),
                C("date", ("委托日期", "签订日期", "date"), "委托日期（默认取委托书签订日期）", "date", "date"),
                C("status", ("状态", "status"), "状态（有效/已终止）", "status"),
                # letter facts that catalogs carry; they complete the letter the row names (see build.py)
                C("term", ("委托期限", "term"), "委托期限（如 2022-01-01至2024-12-31）", "term as text"),
                C("term_start", ("委托期限起", "期限起", "term_start"), "委托期限起", "term start", "date"),
                C("term_end", ("委托期限止", "期限止", "截止日期", "term_end"), "委托期限止", "term end", "date"),
                C("published", ("是否公布", "公布情况", "published"), "委托书是否向社会公布", "letter published", "bool"),
                C("body", ("承办机构", "承办科室", "body"), "受委托方承办机构", "handling body", "ref"),
                C("name_used", ("执法名义", "实施名义", "name_used"), "执法名义", "name used"),
                NOTE,
            ),
        ),
        SheetSpec(
            "letters", ("委托书", "letter"), "委托书", "delegation letters",
            (
                C("number", ("委托书编号", "编号", "文号", "number"), "委托书编号", "number", required=True),
                C("title", ("标题", "名称", "title"), "标题", "title"),
                C("delegator", ("委托单位", "委托方", "甲方", "delegator"), "委托单位", "delegator", "ref"),
                C("delegatee", ("受委托单位", "受托方", "受委托方", "乙方", "delegatee"), "受委托单位", "delegatee", "ref"),
                C("written", ("是否书面", "书面", "written"), "是否书面（默认是）", "written", "bool"),
                C("signed", ("签订日期", "签署日期", "signed"), "签订日期", "signed", "date"),
                C("term_start", ("委托期限起", "期限起", "开始日期", "term_start"), "委托期限起", "term start", "date"),
                C("term_end", ("委托期限止", "期限止", "截止日期", "结束日期", "term_end"), "委托期限止", "term end", "date"),
                C("term", ("委托期限", "期限", "term"), "委托期限（如 2022-01-01至2024-12-31）", "term as text"),
                C("published", ("是否公布", "公布情况", "published"), "是否向社会公布", "published", "bool"),
                C("filed", ("是否备案", "备案情况", "filed"), "是否报同级政府备案", "filed", "bool"),
                C("approval_party", ("文书审批", "文书审批责任", "文书审批责任方", "approval_party"), "文书审批责任方", "document approval"),
                C("archive_party", ("档案管理", "档案管理责任", "档案管理责任方", "archive_party"), "档案管理责任方", "archive keeping"),
                C("supervision_party", ("监督", "监督责任", "监督指导", "监督责任方", "supervision_party"), "监督责任方", "supervision"),
                C("name_used", ("执法名义", "实施名义", "名义", "name_used"), "执法名义", "name used"),
                C("redelegation", ("再委托", "转委托", "redelegation"), "再委托条款（禁止/允许/未约定）", "re-delegation clause"),
                NOTE,
            ),
        ),
        SheetSpec(
            "adjustments", ("职权调整", "调整", "划转", "职权划转", "adjustment"), "职权调整", "adjustments",
            (
                C("id", ("调整编号", "编号", "id"), "调整编号（可空）", "identifier"),
                C("kind", ("调整类型", "类型", "kind"), "调整类型（划转/相对集中行政处罚权/相对集中行政许可权/交由）", "kind", required=True),
                C("from", ("原主体", "原实施主体", "划出单位", "from"), "原实施主体", "from", "ref", required=True),
                C("to", ("承接主体", "划入单位", "新实施主体", "to"), "承接主体（可用；分隔多个）", "to", "refs", required=True),
                C("powers", ("事项", "事项名称", "事项编码", "powers"), "涉及事项（名称或编码，用；分隔）", "powers", "list"),
                C("scope_category", ("范围", "职权类型", "scope_category"), "范围：原主体该类型的全部事项", "scope: every power of this category"),
                C("documents", ("文件", "文号", "依据文件", "documents"), "文件（文号、标题或编码，用；分隔）", "documents", "list"),
                C("date", ("生效日期", "日期", "date"), "生效日期", "effective date", "date", required=True),
                NOTE,
            ),
        ),
        SheetSpec(
            "staffing", ("人员", "执法人员", "人员配备", "编制", "staff"), "人员配备", "staffing",
            (
                C("unit", ("单位", "执法单位", "主体", "unit"), "单位", "unit", "ref", required=True),
                C("officers", ("持证执法人员", "执法人员数", "持证人数", "执法人员", "officers"), "持证执法人员数", "certified officers", "int", required=True),
                C("reviewers", ("法制审核人员", "法制审核人数", "法制审核人员数", "reviewers"), "法制审核人员数", "legal reviewers", "int", required=True),
                C("date", ("统计日期", "日期", "date"), "统计日期", "date", "date"),
                NOTE,
            ),
        ),
    )
}

#: order in which sheets are loaded (references point backwards)
LOAD_ORDER = ("jurisdictions", "subjects", "bodies", "instruments", "powers", "letters", "delegations", "adjustments", "staffing")

_PUNCT = re.compile(r"[\s（）()\[\]【】:：*＊/／·.、]")


def norm_header(text: object) -> str:
    """Normalise a header cell for matching: NFKC, lower case, no spaces, brackets or marks.

    >>> norm_header(" 权力名称（主项） ")
    '权力名称主项'
    """
    s = unicodedata.normalize("NFKC", str(text or "")).strip().lower()
    return _PUNCT.sub("", s)


def sheet_kind(name: str) -> str | None:
    """The record kind a file or sheet name stands for, or ``None``.

    Exact names win over names that merely contain a kind name (``委托书`` is letters, not delegations).

    >>> sheet_kind("powers"), sheet_kind("湘乡市水利局权力清单"), sheet_kind("委托书")
    ('powers', 'powers', 'letters')
    """
    key = norm_header(re.sub(r"^\d+[_\-. ]*", "", name))
    candidates: list[tuple[int, str]] = []
    for spec in SHEETS.values():
        for n in (spec.kind, *spec.names):
            nk = norm_header(n)
            if key == nk or key == nk + "s":
                return spec.kind
            if nk and nk in key:
                candidates.append((len(nk), spec.kind))
    if candidates:
        return max(candidates)[1]
    return None


def header_index(spec: SheetSpec) -> dict[str, str]:
    """Map normalised header text -> canonical column name for one sheet kind."""
    idx: dict[str, str] = {}
    for col in spec.columns:
        for h in (col.name, *col.headers):
            idx.setdefault(norm_header(h), col.name)
    return idx


def format_reference_md() -> str:
    """The dataset-format reference (``docs/dataset-format.md``), generated from :data:`SHEETS`."""
    types = {"str": "文本", "int": "整数", "bool": "是/否", "date": "日期", "list": "多值（；分隔）",
             "ref": "引用（名称或编码）", "refs": "多个引用（；分隔）"}
    out = [
        "# 数据集格式 / Dataset format",
        "",
        "<!-- generated by `python -m enforcekg.sheets` from src/enforcekg/sheets.py; do not edit by hand -->",
        "",
        "一个数据集是一个文件夹：`dataset.yaml`（名称、地区、审计基准日、说明）加上每类记录一张表"
        "（`.csv`：UTF-8、UTF-8 BOM 或 GB18030；或 `.xlsx` 的工作表）。文件名或工作表名说明记录类型"
        "（英文类型名或下列中文名）；列名可用下表任一写法。",
        "",
        "A dataset is a folder: `dataset.yaml` plus one sheet per kind of record (CSV in UTF-8, UTF-8 with BOM or "
        "GB18030, or sheets of `.xlsx` workbooks). The file or sheet name gives the kind; any listed header spelling "
        "is accepted. Required columns are marked ✔.",
        "",
    ]
    for kind in LOAD_ORDER:
        spec = SHEETS[kind]
        out += [f"## `{kind}` — {spec.zh} / {spec.en}", "",
                f"文件名 / file names: `{kind}`, " + ", ".join(f"`{n}`" for n in spec.names), "",
                "| 字段 field | 必填 | 类型 | 含义 | 可用列名 accepted headers |", "|---|---|---|---|---|"]
        for c in spec.columns:
            out.append(f"| `{c.name}` | {'✔' if c.required else ''} | {types.get(c.type, c.type)} | {c.zh} / {c.en} | "
                       + "、".join(c.headers) + " |")
        if spec.known_extra:
            out += ["", "接受但不导入的列 / accepted, not imported: " + "、".join(spec.known_extra)]
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":  # pragma: no cover
    print(format_reference_md(), end="")
