"""Located input problems, collected all at once (frictionless-style error report).

Every problem has a stable ``code``, a severity (``error`` blocks an audit, ``warning`` does not), the
place it was found (file, sheet, row, column) and a message in Chinese and English built from a template
with the actual values.  Loaders never raise on user data: they add a problem and go on.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

# code -> (severity, zh template, en template)
PROBLEM_TYPES: dict[str, tuple[str, str, str]] = {
    "file-unreadable": ("error", "无法读取文件：{detail}", "cannot read the file: {detail}"),
    "encoding": ("error", "无法识别文件编码（已尝试 UTF-8、UTF-8 BOM、GB18030）", "unknown encoding (tried UTF-8, UTF-8 with BOM, GB18030)"),
    "file-empty": ("error", "文件或工作表为空", "the file or sheet is empty"),
    "file-unrecognised": ("warning", "无法从名称判断记录类型，未读取（可用的名称：{detail}）", "cannot tell the record kind from the name; not read (known names: {detail})"),
    "manifest-missing": ("warning", "缺少 dataset.yaml，使用默认设置", "dataset.yaml missing; defaults used"),
    "manifest-invalid": ("error", "dataset.yaml 无效：{detail}", "invalid dataset.yaml: {detail}"),
    "column-missing": ("error", "缺少必填列“{column}”（可用列名：{detail}）", "required column '{column}' is missing (accepted names: {detail})"),
    "column-unused": ("warning", "列“{column}”未被识别，其内容未导入", "column '{column}' is not recognised; its contents were not imported"),
    "column-duplicate": ("error", "列“{column}”出现多次", "column '{column}' appears more than once"),
    "value-missing": ("error", "必填项“{column}”为空", "required value '{column}' is empty"),
    "bad-date": ("error", "日期“{value}”无法识别（应为 2023-07-13、2023/7/13 或 2023年7月13日）", "cannot read date '{value}' (expected 2023-07-13, 2023/7/13 or 2023年7月13日)"),
    "bad-int": ("error", "“{value}”不是非负整数", "'{value}' is not a non-negative whole number"),
    "bad-bool": ("error", "“{value}”无法识别为是/否", "cannot read '{value}' as yes/no"),
    "bad-code": ("error", "“{value}”不是有效的{detail}", "'{value}' is not a valid {detail}"),
    "unknown-ref": ("error", "找不到“{value}”（{detail}）", "'{value}' not found ({detail})"),
    "ambiguous-ref": ("error", "“{value}”指向多个对象：{detail}", "'{value}' matches several records: {detail}"),
    "body-as-subject": ("warning", "“{value}”是内设/下属机构，已按其所属主体“{detail}”处理", "'{value}' is a body; its subject '{detail}' was used"),
    "duplicate": ("error", "与第{detail}行重复，本行未导入", "duplicates row {detail}; this row was not imported"),
    "merged": ("warning", "与第{detail}行为同一事项，已合并", "same record as row {detail}; merged"),
    "letter-fact-mismatch": ("warning", "委托目录记载的“{column}”为“{value}”，与{detail}的记载不一致；以委托书为准", "the catalog's '{column}' is '{value}', which disagrees with {detail}; the letter is followed"),
    "citation-unparsed": ("warning", "依据中有无法解析的内容：{value}", "part of the basis could not be parsed: {value}"),
    "citation-unknown": ("warning", "无法识别的法律文件：{value}，已按“{detail}”层级处理", "unknown instrument {value}; treated as level '{detail}'"),
    "level-tag-mismatch": ("warning", "层级标注“{value}”与文件实际层级“{detail}”不符（以实际层级为准）", "level tag '{value}' disagrees with the instrument's level '{detail}' (the real level is used)"),
    "power-unknown": ("warning", "事项“{value}”不在任何权力清单中，已按本行信息新建", "power '{value}' is in no power list; created from this row"),
    "letter-unknown": ("warning", "委托书“{value}”的内容未提供，仅记录编号", "letter '{value}' not supplied; only its number is recorded"),
    "no-power-list": ("warning", "“{value}”没有权力清单，无法核对其是否享有所委托的职权", "'{value}' has no power list; whether it holds what it delegates cannot be checked"),
    "scope-empty": ("warning", "范围“{value}”在原主体的清单中没有对应事项", "scope '{value}' matches no power on the old holder's list"),
    # --- raw inputs (enforcekg.importer, enforcekg.letters) ---
    "kind-detected": ("warning", "名称未说明记录类型，按表头判断为“{detail}”", "the name does not tell the record kind; read as '{detail}' from its header"),
    "row-skipped": ("warning", "非数据行（{detail}），未导入：{value}", "not a record ({detail}); not imported: {value}"),
    "category-from-section": ("warning", "分组标题“{value}”下未填职权类型的 {detail} 行，职权类型取自该标题", "{detail} rows under the section heading '{value}' take their category from it"),
    "fill-down": ("warning", "“{column}”为空的单元格按上方（合并单元格）取值：第{detail}行", "empty '{column}' cells take the value above (merged cells): rows {detail}"),
    "value-from-context": ("warning", "表中没有“{column}”列，取自表头上方的“{value}”", "no '{column}' column; taken from '{value}' above the header"),
    "fuzzy-match": ("warning", "“{value}”按相近名称匹配为“{detail}”，请核对", "'{value}' matched by similarity to '{detail}'; please check"),
    "fuzzy-ambiguous": ("warning", "“{value}”与多个名称相近（{detail}），未自动匹配", "'{value}' is similar to several names ({detail}); not matched"),
    "subject-inferred": ("warning", "“{value}”不在主体表中，按名称推定为{detail}", "'{value}' is not in the subject table; inferred from its name as {detail}"),
    "body-inferred": ("warning", "机构“{value}”不在机构表中，按名称推定为{detail}", "body '{value}' is not in the body table; inferred as {detail}"),
    "delegation-in-note": ("warning", "备注以文字记载了委托/下放，委托目录中没有对应记录，请核实：{value}", "the remark records a delegation in prose that no catalog row records; please check: {value}"),
    "letter-element-missing": ("warning", "委托书未载明{column}", "the letter does not state the {detail}"),
    "letter-catalog-mismatch": ("warning", "委托书所列事项“{value}”与委托目录不一致（{detail}）", "matter '{value}' of the letter disagrees with the delegation catalog ({detail})"),
    "mapping-invalid": ("error", "列名映射文件无效：{detail}", "invalid column mapping file: {detail}"),
}


@dataclass(frozen=True)
class Problem:
    """One located problem in the input."""

    code: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    detail: str | None = None

    @property
    def severity(self) -> str:
        return PROBLEM_TYPES[self.code][0]

    def message(self, lang: str = "zh") -> str:
        _, zh, en = PROBLEM_TYPES[self.code]
        tmpl = en if lang == "en" else zh
        return tmpl.format(value=self.value or "", detail=self.detail or "", column=self.column or "")

    def place(self) -> str:
        """``file[sheet]:row:column`` with the parts that are known."""
        parts = self.file or ""
        if self.sheet:
            parts += f"[{self.sheet}]"
        if self.row is not None:
            parts += f":{self.row}"
        if self.column:
            parts += f":{self.column}"
        return parts

    def as_dict(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message(lang),
        }


@dataclass
class Problems:
    """Collects problems; never raises."""

    items: list[Problem] = field(default_factory=list)

    def add(self, code: str, **where: Any) -> None:
        if code not in PROBLEM_TYPES:
            raise KeyError(f"undeclared problem code {code!r}")
        if where.get("value") is not None:
            where["value"] = str(where["value"])
        self.items.append(Problem(code, **where))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def by_code(self) -> Counter[str]:
        return Counter(p.code for p in self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)
