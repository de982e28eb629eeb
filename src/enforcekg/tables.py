"""Read spreadsheets as they come: CSV in UTF-8 (with or without BOM) or GB18030, and ``.xlsx``.

The result is a list of :class:`RawSheet` — every cell as text (or ``None`` when empty) with the
spreadsheet's own 1-based row numbers, so every later problem can point at the cell.  Header detection
finds the header row under title rows (``标题``, ``填报单位（盖章）``, ``填报时间``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .problems import Problems
from .sheets import SheetSpec, header_index, norm_header

ENCODINGS = ("utf-8-sig", "gb18030")
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
    problems.add("file-unreadable", file=display, detail="只支持 .csv 和 .xlsx / only .csv and .xlsx are read")
    return []


@dataclass
class Header:
    """Where a sheet's header is and which column index holds which field."""

    row: int  # 1-based spreadsheet row of the (last) header row
    fields: dict[str, int]  # canonical field -> column index
    unused: list[tuple[int, str]]  # (column index, header text) not recognised
    duplicates: list[str]


def find_header(rows: list[list[str | None]], spec: SheetSpec) -> Header | None:
    """Find the header row: the first row (within the first few) where most cells name known columns.

    A two-row header (``职权名称`` merged over ``项目``/``子项``) is read by joining each column's two cells.
    """
    idx = header_index(spec)
    best: tuple[int, int, list[str | None]] | None = None  # (score, row index, header cells)
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        candidates = [row]
        if i + 1 < len(rows):
            nxt = rows[i + 1]
            width = max(len(row), len(nxt))
            joined = []
            for c in range(width):
                a = row[c] if c < len(row) else None
                b = nxt[c] if c < len(nxt) else None
                joined.append(b if b and norm_header(b) in idx else a if a else b)
            candidates.append(joined)
        for k, cells in enumerate(candidates):
            score = sum(1 for c in cells if c and norm_header(c) in idx)
            if score >= 2 and (best is None or score > best[0]):
                best = (score, i + k, cells)
    if best is None:
        return None
    _, last_row, cells = best
    fields: dict[str, int] = {}
    unused: list[tuple[int, str]] = []
    duplicates: list[str] = []
    known_extra = {norm_header(x) for x in spec.known_extra}
    for c, text in enumerate(cells):
        if not text:
            continue
        key = norm_header(text)
        name = idx.get(key)
        if name is None:
            if key not in known_extra:
                unused.append((c, text))
        elif name in fields:
            duplicates.append(text)
        else:
            fields[name] = c
    return Header(last_row + 1, fields, unused, duplicates)


def iter_records(sheet: RawSheet, header: Header) -> Iterable[tuple[int, dict[str, str | None]]]:
    """Yield (spreadsheet row number, {field: text}) for every non-empty row below the header."""
    for i in range(header.row, len(sheet.rows)):
        row = sheet.rows[i]
        if not any(row):
            continue
        rec = {f: (row[c] if c < len(row) else None) for f, c in header.fields.items()}
        yield i + 1, rec
