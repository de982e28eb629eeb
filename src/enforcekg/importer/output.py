"""What an import leaves behind: a dataset folder in the documented format, and the import report.

The dataset folder holds ``dataset.yaml`` and one CSV (UTF-8 with BOM, so Excel opens it) per record
kind, with the first accepted header of every column and a ``原始位置`` column that says where each row
was read (``file#sheet!row``).  The report gives, per file and sheet, rows read / imported / merged /
rejected / skipped, and every warning and error with its cell; the matches and inferences a person
should check are listed again under ``review``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import yaml

from ..sheets import LOAD_ORDER, ORIGIN, SHEETS
from ..values import norm
from . import ImportResult

#: problem codes that are guesses a person should confirm
REVIEW_CODES = ("fuzzy-match", "fuzzy-ambiguous", "subject-inferred", "body-inferred", "delegation-in-note",
                "kind-detected", "fill-down", "value-from-context", "category-from-section",
                "letter-element-missing", "letter-catalog-mismatch")

_T = {
    "zh": {"title": "导入统计", "file": "文件[工作表]", "kind": "类型", "read": "读取", "imported": "导入",
           "merged": "合并", "rejected": "拒绝", "skipped": "跳过", "total": "合计"},
    "en": {"title": "Import accounting", "file": "file[sheet]", "kind": "kind", "read": "read", "imported": "imported",
           "merged": "merged", "rejected": "rejected", "skipped": "skipped", "total": "total"},
}
COUNTS = ("read", "imported", "merged", "rejected", "skipped")


def origin(file: str, sheet: str | None, row: int) -> str:
    return f"{file}{f'#{sheet}' if sheet else ''}!{row}"


def write_dataset(result: ImportResult, folder: Path) -> list[Path]:
    """Write the imported records as a dataset folder; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = [_write_manifest(result, folder)]
    for kind in LOAD_ORDER:
        rows = [(rs, row, rec) for rs in result.sets if rs.kind == kind for row, rec in rs.records]
        if rows:
            written.append(_write_sheet(kind, rows, folder / f"{kind}.csv"))
    return written


def _write_manifest(result: ImportResult, folder: Path) -> Path:
    info = result.info
    files = sorted({s.file for s in result.stats})
    manifest: dict[str, Any] = {"name": info.name or folder.name}
    for key in ("title", "region", "province", "audit_date"):
        if getattr(info, key, None):
            manifest[key] = getattr(info, key)
    manifest["note"] = ("由 enforcekg import 从原始表格和委托书导入；每行的“原始位置”列给出其来源。"
                        " / Imported by enforcekg import from raw spreadsheets and letters; the 原始位置 column of every row says where it was read.")
    manifest["imported_from"] = files
    path = folder / "dataset.yaml"
    path.write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _write_sheet(kind: str, rows, path: Path) -> Path:
    spec = SHEETS[kind]
    used = [c for c in spec.columns if c.name != ORIGIN.name and (c.required or any(norm(rec.get(c.name)) for _, _, rec in rows))]
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([c.headers[0] for c in used] + [ORIGIN.headers[0]])
        for rs, row, rec in rows:
            w.writerow([_cell(rec.get(c.name)) for c in used] + [origin(rs.stats.file, rs.stats.sheet, row)])
    return path


def _cell(value: str | None) -> str:
    return "" if norm(value) is None else str(value).strip()


# --- report --------------------------------------------------------------------------------------


def report_dict(result: ImportResult, lang: str = "zh") -> dict[str, Any]:
    """The import report as plain data (for ``--report-json``)."""
    problems = list(result.problems)
    return {
        "totals": result.totals(),
        "balanced": all(s.balanced for s in result.stats),
        "errors": len(result.problems.errors),
        "warnings": len(result.problems.warnings),
        "files": [dict(s.as_dict(), label=result.labels.get((s.file, s.sheet))) for s in result.stats],
        "problems": [_problem(p, lang) for p in problems],
        "review": [_problem(p, lang) for p in problems if p.code in REVIEW_CODES],
    }


def _problem(p, lang: str) -> dict[str, Any]:
    return dict(p.as_dict(lang), detail=p.detail, place=p.place())


def report_json(result: ImportResult, lang: str = "zh") -> str:
    return json.dumps(report_dict(result, lang), ensure_ascii=False, indent=2)


def print_report(result: ImportResult, console, lang: str = "zh") -> None:
    """The accounting table (one line per file and sheet, and the totals), then every problem."""
    from rich.table import Table

    from ..render import print_problems

    t = _T[lang]
    table = Table(title=t["title"])
    table.add_column(t["file"], overflow="fold")
    table.add_column(t["kind"], overflow="fold")
    for k in COUNTS:
        table.add_column(t[k], justify="right")
    for s in result.stats:
        label = result.labels.get((s.file, s.sheet)) or (SHEETS[s.kind].zh if s.kind else "—")
        if lang == "en":
            label = s.kind or "—"
        table.add_row(s.file + (f"[{s.sheet}]" if s.sheet else ""), label, *(str(getattr(s, k)) for k in COUNTS))
    totals = result.totals()
    table.add_row(t["total"], "", *(str(totals[k]) for k in COUNTS), style="bold")
    console.print(table)
    print_problems(result.problems, console, lang)
