"""Read spreadsheets as they come: CSV in UTF-8 (with or without BOM) or GB18030, and ``.xlsx``.

The result is a list of :class:`RawSheet` — every cell as text (or ``None`` when empty) with the
spreadsheet's own 1-based row numbers, so every later problem can point at the cell.  Header detection
finds the header row under title rows (``标题``, ``填报单位（盖章）``, ``填报时间``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problems
from .sheets import SheetSpec, header_index, norm_header

ENCODINGS = ("utf-8-sig", "gb18030")
#: spreadsheet files this module reads
DATA_SUFFIXES = (".csv", ".xlsx", ".xlsm")
#: files that sit beside the data but are not records (documentation, expectations, reports)
NON_DATA_SUFFIXES = (".md", ".yaml", ".yml", ".json", ".html", ".png")
#: how far down a sheet the header row is searched for
HEADER_SEARCH_ROWS = 12


@dataclass
class RawSheet:
    """A grid of cells from one CSV file or one workbook sheet."""

    file: str
    sheet: str | None
    rows: list[list[str | None]]  # rows[i] is spreadsheet row i+1

    @property
    def name(self) -> str:
        """The name that tells the record kind: the sheet name, else the file stem."""
        return self.sheet or Path(self.file).stem


def cell_text(value: object) -> str | None:
    """A cell as stripped text; empty cells and whitespace become ``None``."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\u3000", " ").strip()
    return text or None


def looks_binary(text: str) -> bool:
    """Whether decoded text holds control characters no spreadsheet export writes (NUL, ESC ...)."""
    return any(unicodedata.category(ch) == "Cc" and ch not in "\t\n\r" for ch in text)


def read_csv(path: Path, problems: Problems, display: str) -> list[RawSheet]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.add("file-unreadable", file=display, detail=exc.strerror or str(exc))
        return []
    for enc in ENCODINGS:
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        problems.add("encoding", file=display)
        return []
    if looks_binary(text):  # e.g. UTF-16 or random bytes that happen to decode as GB18030
        problems.add("encoding", file=display)
        return []
    try:
        rows = [[cell_text(c) for c in r] for r in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        problems.add("file-unreadable", file=display, detail=str(exc))
        return []
    return [RawSheet(display, None, rows)]


def read_xlsx(path: Path, problems: Problems, display: str) -> list[RawSheet]:
    from openpyxl import load_workbook  # only the commands that read Excel pay for it

    try:
        wb = load_workbook(path, read_only=False, data_only=True)
    except zipfile.BadZipFile:
        problems.add("file-unreadable", file=display, detail="不是有效的 .xlsx 文件（.xlsx 应为 zip 压缩包）/ not a valid .xlsx file (not a zip archive)")
        return []
    except Exception as exc:  # openpyxl raises many types for damaged files
        problems.add("file-unreadable", file=display, detail=f"{type(exc).__name__}: {exc}")
        return []
    sheets = []
    for ws in wb.worksheets:
        grid = [[cell_text(c) for c in row] for row in ws.iter_rows(values_only=True)]
        # a merged cell keeps its value only in the top-left cell: copy it into the whole range
        for rng in ws.merged_cells.ranges:
            top = grid[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(grid) else None
            for r in range(rng.min_row - 1, min(rng.max_row, len(grid))):
                for c in range(rng.min_col - 1, min(rng.max_col, len(grid[r]))):
                    grid[r][c] = top
        sheets.append(RawSheet(display, ws.title, grid))
    wb.close()
    return sheets


def read_any(path: Path, problems: Problems, display: str | None = None) -> list[RawSheet]:
    """Read a ``.csv`` or ``.xlsx`` file; anything else is reported, not read."""
    display = display or str(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return read_csv(path, problems, display)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, problems, display)
    if suffix in (".xls", ".et", ".wps"):
        problems.add("file-unreadable", file=display, detail="旧版 Excel/WPS 格式，请另存为 .xlsx / old Excel or WPS format: save it as .xlsx")
        return []
    problems.add("file-unreadable", file=display, detail="只支持 .csv 和 .xlsx / only .csv and .xlsx are read")
    return []


@dataclass
class Header:
    """Where a sheet's header is and which column index holds which field."""

    row: int  # 1-based spreadsheet row of the (last) header row
    fields: dict[str, int]  # canonical field -> column index
    unused: list[tuple[int, str]]  # (column index, header text) not recognised
    duplicates: list[str]
    first_row: int = 0  # 1-based row of the first header row (== row for a one-row header)
    #: text fields spread over several columns under one merged parent header (``实施依据`` over
    #: ``法律``/``法规``/``规章``): field -> every column index; their cells are joined with "；"
    joined: dict[str, list[int]] = field(default_factory=dict)
    cells: list[str | None] = field(default_factory=list)  # the header text of every column

    def __post_init__(self) -> None:
        if not self.first_row:
            self.first_row = self.row


#: field types whose cells may be joined when one merged parent header spans several columns
JOINABLE_TYPES = ("str", "list", "refs")


def _at(row: list[str | None], c: int) -> str | None:
    return row[c] if c < len(row) else None


def carry_parents(top: list[str | None], bottom: list[str | None]) -> list[str | None]:
    """The upper header cell of every column, a parent exported once carried over its children.

    >>> carry_parents(["序号", "职权名称", None, "类型"], [None, "项目", "子项", None])
    ['序号', '职权名称', '职权名称', '类型']
    """
    out: list[str | None] = []
    parent: str | None = None
    for c in range(max(len(top), len(bottom))):
        a, b = _at(top, c), _at(bottom, c)
        if a is not None:
            parent = a if b is not None else None
        elif b is not None:
            a = parent
        else:
            parent = None
        out.append(a)
    return out


def join_header_rows(top: list[str | None], bottom: list[str | None], idx: dict[str, str]) -> list[str | None]:
    """Read two header rows as one: a merged parent cell over its children (``职权名称`` → ``项目``/``子项``).

    The joined text is used when it is a known header, else the child when known, else the parent.

    >>> idx = {"项目": "name", "子项": "subitem", "序号": "seq"}
    >>> join_header_rows(["序号", "职权名称", None], [None, "项目", "子项"], idx)
    ['序号', '项目', '子项']
    """
    out: list[str | None] = []
    for c, a in enumerate(carry_parents(top, bottom)):
        b = _at(bottom, c)
        if b is None or a == b:
            out.append(a)
        elif a is None:
            out.append(b)
        else:
            out.append(next((t for t in (a + b, b, a) if norm_header(t) in idx), f"{a}/{b}"))
    return out


def header_index_with(spec: SheetSpec, synonyms: Mapping[str, str] | None = None) -> dict[str, str]:
    """The header index of ``spec`` plus user synonyms (header text -> field); user names win."""
    idx = header_index(spec)
    for text, name in (synonyms or {}).items():
        idx[norm_header(text)] = name
    return idx


def find_header(rows: list[list[str | None]], spec: SheetSpec, synonyms: Mapping[str, str] | None = None) -> Header | None:
    """Find the header row: the row (within the first few) where most cells name known columns.

    Title rows above it (``标题``, ``填报单位（盖章）``, ``填报时间``) name no column and are passed over.
    A two-row header is read by :func:`join_header_rows`; it is chosen only when it recognises more
    fields than either of its rows alone.  ``synonyms`` adds local header names (text -> field name).
    Never raises, whatever the cells hold.
    """
    idx = header_index_with(spec, synonyms)
    best: tuple[tuple[int, int, int], Header] | None = None
    for i in range(min(HEADER_SEARCH_ROWS, len(rows))):
        candidates = [_map_header(rows[i], spec, idx, i + 1, i + 1, [])]
        if i + 1 < len(rows):
            cells = join_header_rows(rows[i], rows[i + 1], idx)
            candidates.append(_map_header(cells, spec, idx, i + 1, i + 2, carry_parents(rows[i], rows[i + 1])))
        for h in candidates:
            # most fields; then fewest duplicated columns; then the one-row header
            key = (len(h.fields), -len(h.duplicates), h.first_row - h.row)
            if len(h.fields) >= 2 and (best is None or key > best[0]):
                best = (key, h)
    return best[1] if best else None


def _map_header(cells: list[str | None], spec: SheetSpec, idx: dict[str, str], first: int, last: int,
                parents: list[str | None]) -> Header:
    fields: dict[str, int] = {}
    joined: dict[str, list[int]] = {}
    unused: list[tuple[int, str]] = []
    duplicates: list[str] = []
    known_extra = {norm_header(x) for x in spec.known_extra}
    types = {c.name: c.type for c in spec.columns}
    for c, text in enumerate(cells):
        if not text:
            continue
        key = norm_header(text)
        name = idx.get(key)
        if name is None:
            if key not in known_extra:
                unused.append((c, text))
        elif name not in fields:
            fields[name] = c
        elif types.get(name) in JOINABLE_TYPES and _at(parents, c) is not None and _at(parents, c) == _at(parents, fields[name]):
            joined.setdefault(name, [fields[name]]).append(c)  # children of one merged parent
        else:
            duplicates.append(text)
    return Header(last, fields, unused, duplicates, first_row=first, joined=joined, cells=list(cells))


def iter_records(sheet: RawSheet, header: Header) -> Iterable[tuple[int, dict[str, str | None]]]:
    """Yield (spreadsheet row number, {field: text}) for every non-empty row below the header."""
    for i in range(header.row, len(sheet.rows)):
        row = sheet.rows[i]
        if not any(row):
            continue
        yield i + 1, record(row, header)


def record(row: list[str | None], header: Header) -> dict[str, str | None]:
    """One row as {field: text}; a field spread over several columns joins their cells with "；"."""
    rec = {f: _at(row, c) for f, c in header.fields.items()}
    for f, cols in header.joined.items():
        parts = [v for v in (_at(row, c) for c in cols) if v]
        rec[f] = "；".join(dict.fromkeys(parts)) or None
    return rec
