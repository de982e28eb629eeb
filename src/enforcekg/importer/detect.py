"""What a raw sheet is: its record kind, its header and what the rows above the header say.

The kind comes from ``--kind`` when given, else from the sheet or file name (:func:`sheets.sheet_kind`),
else from the header: every kind's header is looked for and the kind whose required columns are all
there and that recognises the most columns wins.  Local header names come from a mapping file
(``--columns mapping.yaml``)::

    powers:              # kind (English or Chinese sheet name), or "*" for every kind
      权力事项名称: name   # header as written -> field (English field name or any accepted header)
      法定依据: 实施依据
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..problems import Problems
from ..sheets import SHEETS, header_index, norm_header, sheet_kind
from ..tables import Header, RawSheet, find_header

#: required fields that a sheet may leave out because the rows above its header name them
#: (``填报单位（盖章）：示例县水利局`` or the title ``示例县水利局权责清单``)
CONTEXT_FIELDS: dict[str, str] = {"powers": "holder", "delegations": "delegator"}

_UNIT_LABEL = re.compile(r"(?:填报单位|报送单位|实施主体|责任单位|单位名称|部门名称|委托单位)\s*(?:\(盖章\)|（盖章）)?\s*[:：]\s*(?P<v>[^\s:：]+)")
_LIST_WORDS = re.compile(r"(?:行政)?(?:权责|权力|职权|责任|执法|委托|赋权)[^\s]{0,8}?(?:清单|目录|事项表|一览表|台账)")
_SUBJECT_END = re.compile(r"(?:局|委|委员会|办|办公室|政府|镇|乡|街道|办事处|中心|队|站|所|院|会|厅)$")
_VERSION = re.compile(r"[（(]\s*(?:\d{4}\s*年(?:版|度)?|\d{4}\s*版)\s*[）)]")


@dataclass
class KindRule:
    """One ``--kind`` option: ``KIND`` for every sheet, or ``PATTERN=KIND`` for matching file/sheet names."""

    kind: str
    pattern: str | None = None

    def applies(self, sheet: RawSheet) -> bool:
        if self.pattern is None:
            return True
        names = [Path(sheet.file).name, Path(sheet.file).stem]
        if sheet.sheet:
            names += [sheet.sheet, f"{Path(sheet.file).name}:{sheet.sheet}"]
        return any(fnmatch.fnmatch(n, self.pattern) for n in names)


def parse_kind_option(text: str) -> KindRule | None:
    """``powers``, ``委托目录`` or ``附件*.xlsx=powers``; ``None`` when the kind is unknown."""
    pattern, _, kind_text = text.rpartition("=")
    kind = sheet_kind(kind_text.strip())
    return KindRule(kind, pattern.strip() or None) if kind else None


@dataclass
class Mapping:
    """User header names: kind -> {normalised header text -> field}."""

    by_kind: dict[str, dict[str, str]] = field(default_factory=dict)

    def for_kind(self, kind: str) -> dict[str, str]:
        return self.by_kind.get(kind, {})


def read_mapping(path: Path | None, problems: Problems) -> Mapping:
    """Read a ``--columns`` mapping file; every wrong entry is reported with its place."""
    mapping = Mapping()
    if path is None:
        return mapping
    where = {"file": str(path)}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        problems.add("mapping-invalid", detail=str(exc).splitlines()[0] if str(exc) else type(exc).__name__, **where)
        return mapping
    if not isinstance(data, dict):
        problems.add("mapping-invalid", detail="应为“类型: {列名: 字段}” / expected 'kind: {header: field}'", **where)
        return mapping
    for kind_text, entries in data.items():
        kinds = list(SHEETS) if str(kind_text) in ("*", "all") else [sheet_kind(str(kind_text))]
        if kinds == [None] or not isinstance(entries, dict):
            problems.add("mapping-invalid", column=str(kind_text),
                         detail=f"未知的记录类型或格式“{kind_text}”（可用：{'、'.join(SHEETS)}）", **where)
            continue
        for header, target in entries.items():
            hits = [(k, _field(k, str(target))) for k in kinds]
            hits = [(k, f) for k, f in hits if f]
            if not hits:
                problems.add("mapping-invalid", column=str(header), detail=f"“{target}”不是{kind_text}的字段 / not a field of {kind_text}", **where)
            for k, f in hits:
                mapping.by_kind.setdefault(k, {})[str(header)] = f
    return mapping


def _field(kind: str, target: str) -> str | None:
    spec = SHEETS[kind]
    if target in {c.name for c in spec.columns}:
        return target
    return header_index(spec).get(norm_header(target))


@dataclass
class Plan:
    """How one raw sheet will be read; ``header`` is ``None`` when the kind is known but no header is."""

    kind: str
    header: Header | None
    how: str  # "option", "name" or "content"


def detect(sheet: RawSheet, rules: list[KindRule], mapping: Mapping) -> Plan | None:
    """The kind and header of a raw sheet, or ``None`` when neither the name nor the content tells.

    A name that gives a kind whose required columns are not all there yields to the content, if the
    content is clear; otherwise the name stands and the missing columns are reported.
    """
    forced = next((r.kind for r in reversed(rules) if r.applies(sheet)), None)
    if forced:
        return Plan(forced, find_header(sheet.rows, SHEETS[forced], mapping.for_kind(forced)), "option")
    named = None
    for name in (sheet.sheet, Path(sheet.file).stem):
        kind = sheet_kind(name) if name else None
        if kind:
            named = Plan(kind, find_header(sheet.rows, SHEETS[kind], mapping.for_kind(kind)), "name")
            break
    if named and named.header and complete(named.kind, named.header):
        return named
    return by_content(sheet, mapping) or named


def complete(kind: str, header: Header) -> bool:
    optional = CONTEXT_FIELDS.get(kind)
    return all(c.name in header.fields or c.name == optional for c in SHEETS[kind].columns if c.required)


def by_content(sheet: RawSheet, mapping: Mapping) -> Plan | None:
    """The kind whose required columns are all in the header and that recognises the most columns."""
    scored = []
    for kind, spec in SHEETS.items():
        header = find_header(sheet.rows, spec, mapping.for_kind(kind))
        if header and complete(kind, header):
            scored.append((len(header.fields) + len(header.joined), kind, header))
    scored.sort(key=lambda x: -x[0])
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return Plan(scored[0][1], scored[0][2], "content")


@dataclass
class Context:
    """What the rows above the header say: title, reporting unit, list version."""

    title: str | None = None
    title_row: int | None = None
    unit: str | None = None
    unit_row: int | None = None
    version: str | None = None


def read_context(sheet: RawSheet, header: Header) -> Context:
    """Read the title and ``填报单位（盖章）：…`` rows above the header."""
    ctx = Context()
    for i in range(header.first_row - 1):
        cells = list(dict.fromkeys(c for c in sheet.rows[i] if c))
        for text in cells:
            m = _UNIT_LABEL.search(text)
            if m and ctx.unit is None:
                ctx.unit, ctx.unit_row = m.group("v").strip("，,;；"), i + 1
        if cells and ctx.title is None and not _UNIT_LABEL.search(cells[0]) and not cells[0].startswith(("填报", "附件")):
            ctx.title, ctx.title_row = cells[0], i + 1
    if ctx.title:
        if _VERSION.search(ctx.title) or _LIST_WORDS.search(ctx.title):
            ctx.version = ctx.title
        if ctx.unit is None:
            ctx.unit = unit_in_title(ctx.title)
            ctx.unit_row = ctx.title_row if ctx.unit else None
    return ctx


def unit_in_title(title: str) -> str | None:
    """``示例县水利局`` from ``示例县水利局权责清单（2022年版）``; ``None`` when the title names no unit.

    >>> unit_in_title("示例县水利局权责清单（2022年版）"), unit_in_title("甲镇人民政府行政权力清单"), unit_in_title("权力清单")
    ('示例县水利局', '甲镇人民政府', None)
    """
    m = _LIST_WORDS.search(title)
    if not m:
        return None
    unit = title[: m.start()].strip(" ：:（(")
    unit = re.sub(r"(?:\d{4}年度?|关于)$", "", unit)
    return unit if len(unit) >= 3 and _SUBJECT_END.search(unit) else None
