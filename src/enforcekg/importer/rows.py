"""Rows as they come: records, section headings, footnotes, repeated headers and merged cells.

Every non-empty row below the header is counted once: a record (handed to the loader), or ``skipped``
with a ``row-skipped`` warning that quotes it (titles and section headings such as ``一、行政许可``,
footnotes such as ``注：``/``填表人：``, a header repeated on a new page).  A section heading that names
a category gives that category to the rows under it that have none.  Cells left empty under a merged
cell (CSV exports keep the value only in the first row) take the value above, listed per column.
"""

from __future__ import annotations

import re

from ..build import RecordSet, SheetStats, check_header, no_header
from ..problems import Problems
from ..schema import POWER_CATEGORIES
from ..sheets import SHEETS, SheetSpec, norm_header
from ..tables import Header, RawSheet, record
from .detect import CONTEXT_FIELDS, Context, Plan, read_context

#: fields whose empty cells take the value above (merged cells exported as one value)
FILL_DOWN: dict[str, tuple[str, ...]] = {
    "powers": ("name", "holder", "category"),
    "delegations": ("delegator", "delegatee", "letter", "date", "mode"),
    "adjustments": ("kind", "from", "to", "date", "documents"),
}
_FOOTER = re.compile(r"^\s*(?:(?:注|说明|备注)\s*[:：\d]|(?:填表人|填报人|审核人|审核|负责人|联系人|联系电话|制表人?|合计|小计|总计))")
_SECTION = re.compile(r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+(?:部分|类))")
_CATEGORIES = sorted(POWER_CATEGORIES, key=len, reverse=True)


def category_in(text: str) -> str | None:
    """The power category a section heading names (``一、行政许可（共12项）`` -> ``行政许可``)."""
    return next((c for c in _CATEGORIES if c in text), None)


def non_record(values: list[str], header_texts: set[str]) -> str | None:
    """Why a row (its distinct non-empty cells) is not a record, or ``None`` if it is one."""
    if len(values) >= 2 and sum(norm_header(v) in header_texts for v in values) > len(values) // 2:
        return "重复表头 / repeated header"
    if len(values) <= 3 and all(_FOOTER.match(v) for v in values):
        return "表尾说明 / footnote"
    if len(values) == 1 and (_SECTION.match(values[0]) or (category_in(values[0]) and len(values[0]) <= 16)):
        return "分组标题 / section heading"
    return None


def row_ranges(rows: list[int]) -> str:
    """``5–7、9`` for rows 5, 6, 7, 9."""
    out: list[str] = []
    start = prev = rows[0]
    for r in rows[1:] + [None]:
        if r is not None and r == prev + 1:
            prev = r
            continue
        out.append(str(start) if start == prev else f"{start}–{prev}")
        if r is not None:
            start = prev = r
    return "、".join(out)


def sheet_records(sheet: RawSheet, plan: Plan, problems: Problems) -> RecordSet:
    """Read one raw, non-empty sheet whose kind is known into located records, accounting for every row."""
    spec = SHEETS[plan.kind]
    rs = RecordSet(plan.kind, SheetStats(sheet.file, sheet.sheet, plan.kind))
    where = rs.where
    if plan.how == "content":
        problems.add("kind-detected", detail=f"{spec.zh} / {spec.en}", **where)
    if plan.header is None:
        no_header(sheet, spec, rs.stats, problems)
        return rs
    header = plan.header
    ctx = read_context(sheet, header)
    ctx_field = CONTEXT_FIELDS.get(plan.kind)
    supplied = frozenset({ctx_field}) if ctx_field and ctx.unit else frozenset()
    complete = check_header(header, spec, where, problems, supplied)
    rows = [(i + 1, sheet.rows[i]) for i in range(header.row, len(sheet.rows)) if any(sheet.rows[i])]
    rs.stats.read = len(rows)
    if not complete:
        rs.stats.rejected = len(rows)
        return rs
    rs.records, sections = _classify(rows, header, plan.kind, rs, problems)
    _from_context(rs, spec, header, ctx, problems)
    _fill_down(rs, spec, header, sections, ctx, problems)
    return rs


def _classify(rows, header: Header, kind: str, rs: RecordSet, problems: Problems):
    """Split rows into records and skipped rows; apply section categories. Returns (records, section rows)."""
    header_texts = {norm_header(c) for c in header.cells if c}
    records: list[tuple[int, dict[str, str | None]]] = []
    headings: dict[int, str] = {}  # row -> section heading
    category: str | None = None
    given: dict[int, int] = {}  # heading row -> rows that took its category
    for rownum, row in rows:
        values = list(dict.fromkeys(c for c in row if c))
        reason = non_record(values, header_texts)
        if reason:
            rs.stats.skipped += 1
            problems.add("row-skipped", row=rownum, value=values[0][:60], detail=reason, **rs.where)
            if reason.startswith("分组"):
                headings[rownum] = values[0]
                category = category_in(values[0]) if kind == "powers" else None
            continue
        rec = record(row, header)
        if category and not rec.get("category"):
            rec["category"] = category
            heading_row = max(headings)
            given[heading_row] = given.get(heading_row, 0) + 1
        records.append((rownum, rec))
    for hrow, n in given.items():
        problems.add("category-from-section", row=hrow, value=headings[hrow], detail=str(n), **rs.where)
    return records, set(headings)


def _from_context(rs: RecordSet, spec: SheetSpec, header: Header, ctx: Context, problems: Problems) -> None:
    """A required unit column left out of the sheet is taken from the title or 填报单位 row."""
    f = CONTEXT_FIELDS.get(rs.kind)
    if f and f not in header.fields and ctx.unit:
        for _, rec in rs.records:
            rec[f] = ctx.unit
        problems.add("value-from-context", column=spec.column(f).zh, value=ctx.unit, row=ctx.unit_row, **rs.where)
    if rs.kind == "powers" and "list_version" not in header.fields and ctx.version:
        for _, rec in rs.records:
            rec["list_version"] = ctx.version
        problems.add("value-from-context", column=spec.column("list_version").zh, value=ctx.version, row=ctx.title_row, **rs.where)


def _fill_down(rs: RecordSet, spec: SheetSpec, header: Header, sections: set[int], ctx: Context, problems: Problems) -> None:
    fields = [f for f in FILL_DOWN.get(rs.kind, ()) if f in header.fields]
    filled: dict[str, list[int]] = {}
    from_ctx: list[int] = []
    last: dict[str, str] = {}
    ctx_field = CONTEXT_FIELDS.get(rs.kind)
    previous = 0
    for rownum, rec in rs.records:
        if any(previous < s < rownum for s in sections):
            last.clear()  # a section heading ends the merged block above it
        previous = rownum
        for f in fields:
            if rec.get(f) is not None:
                last[f] = rec[f]
            elif f == "name" and not rec.get("subitem"):
                continue  # only a sub-item row sits under a merged item name
            elif f in last:
                rec[f] = last[f]
                filled.setdefault(f, []).append(rownum)
            elif f == ctx_field and ctx.unit:
                rec[f] = ctx.unit
                from_ctx.append(rownum)
    for f, rows in filled.items():
        problems.add("fill-down", column=spec.column(f).zh, row=rows[0], detail=row_ranges(rows), **rs.where)
    if from_ctx:
        problems.add("value-from-context", column=spec.column(ctx_field).zh, value=ctx.unit, row=ctx.unit_row, **rs.where)
