"""Import the spreadsheets and letters counties really have, with nothing lost.

:func:`import_inputs` reads raw files — power lists, township lists, delegation catalogs, staffing and
transfer sheets as ``.csv``/``.xlsx``, delegation letters as ``.txt``/``.docx`` — in five steps:

1. **detect** each sheet's kind and header (:mod:`.detect`), below title and 填报 rows, across two-row
   merged headers, with built-in and user header names;
2. **read** its rows (:mod:`.rows`): records, skipped non-records, section categories, merged cells;
3. **link letters** (:mod:`enforcekg.letters`): each letter becomes a ``letters`` record, and its
   matters become ``delegations`` records unless a catalog already records them;
4. **match names** (:mod:`.names`): units and powers across files, every guess a warning; rows that
   repeat another row exactly are merged;
5. **load** with the core loader (:func:`enforcekg.build.build_graph`) so every problem points at the
   original file, sheet, row and column.

The result keeps the records for :func:`.output.write_dataset` (a dataset folder in the documented format)
and an import report in which, for every file and sheet, read = imported + merged + rejected + skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..build import LoadResult, RecordSet, SheetStats, build_graph
from ..graph import DatasetInfo
from ..legal.citations import normalize_doc_number
from ..legal.registry import Registry
from ..letters import (
    LETTER_SUFFIXES,
    LetterDoc,
    delegation_records,
    letter_record,
    read_letter,
    report_missing,
)
from ..manifest import read_manifest
from ..problems import Problems
from ..sheets import SHEETS
from ..tables import DATA_SUFFIXES, NON_DATA_SUFFIXES, RawSheet, read_any
from ..values import name_key, norm
from .detect import KindRule, Mapping, detect, parse_kind_option, read_mapping
from .names import (
    INFERRED_FILE,
    Units,
    best_match,
    check_notes,
    match_powers,
    subject_cells,
)
from .rows import sheet_records

__all__ = [
    "AccountingError",
    "ImportOptions",
    "ImportResult",
    "KindRule",
    "Mapping",
    "add_letter_folder",
    "check_accounting",
    "collect",
    "import_inputs",
    "import_raw",
    "link_letters",
    "merge_duplicates",
    "parse_kind_option",
    "read_kind_options",
]

LETTER_SHEET = "委托书"
MATTERS_SHEET = "委托事项（委托书所列）"


class AccountingError(RuntimeError):
    """The row accounting does not add up: a bug in the importer, never a problem of the input."""


@dataclass
class ImportOptions:
    """What the user tells the importer (``enforcekg import`` options)."""

    kinds: list[KindRule] = field(default_factory=list)
    columns: Path | None = None
    name: str | None = None
    title: str | None = None
    region: str | None = None
    province: str | None = None
    audit_date: str | None = None


@dataclass
class ImportResult:
    """The loaded graph with every problem and row count, and the records to write out."""

    load: LoadResult
    sets: list[RecordSet]
    info: DatasetInfo
    labels: dict[tuple[str, str | None], str] = field(default_factory=dict)  # (file, sheet) -> kind label

    @property
    def problems(self) -> Problems:
        return self.load.problems

    @property
    def stats(self) -> list[SheetStats]:
        return self.load.stats

    def totals(self) -> dict[str, int]:
        keys = ("read", "imported", "merged", "rejected", "skipped")
        return {k: sum(getattr(s, k) for s in self.stats) for k in keys}


def import_inputs(paths: list[Path], options: ImportOptions | None = None, registry: Registry | None = None) -> ImportResult:
    """Read raw files and folders into a graph; nothing raises on user data and no row is lost."""
    opts = options or ImportOptions()
    problems = Problems()
    info = _info(paths, opts, problems)
    spreadsheets, letter_files = collect(paths, problems)
    sheets: list[RawSheet] = []
    unread: list[SheetStats] = []  # files that yielded nothing, listed in the report all the same
    for f in spreadsheets:
        read = read_any(f, problems, str(f))
        sheets += read
        if not read:
            unread.append(SheetStats(str(f), None, None))
    docs = []
    for f in letter_files:
        doc = read_letter(f, problems, str(f))
        if doc is None:
            unread.append(SheetStats(str(f), LETTER_SHEET, None))
        else:
            docs.append(doc)
    return import_raw(sheets, docs, info, opts, problems, registry, unread)


def import_raw(sheets: list[RawSheet], docs: list[LetterDoc], info: DatasetInfo, options: ImportOptions,
               problems: Problems, registry: Registry | None = None, unread: list[SheetStats] | None = None) -> ImportResult:
    """Steps 1–5 on sheets and letters already read (see the module docstring)."""
    mapping = read_mapping(options.columns, problems)
    sets: list[RecordSet] = []
    extra = list(unread or [])
    for sheet in sheets:
        if not any(any(r) for r in sheet.rows):
            problems.add("file-empty", file=sheet.file, sheet=sheet.sheet)
            extra.append(SheetStats(sheet.file, sheet.sheet, None))
            continue
        plan = detect(sheet, options.kinds, mapping)
        if plan is None:
            extra.append(_unrecognised(sheet, problems))
        else:
            sets.append(sheet_records(sheet, plan, problems))
    sets += link_letters(sets, docs, problems)
    merge_duplicates(sets, problems)
    units = Units.of(sets, problems, infer=True)
    units.resolve(list(subject_cells(sets)))
    units.resolve_bodies(sets)
    sets += units.inferred_sets()
    match_powers(sets, problems, units)
    check_notes(sets, problems)
    load = build_graph(info, sets, problems, registry)
    load.stats.extend(extra)
    result = ImportResult(load, sets, info, _labels(sets, units))
    check_accounting(result)
    return result


def add_letter_folder(folder: Path, sets: list[RecordSet], problems: Problems) -> list[RecordSet]:
    """Add the letters in a dataset's ``letters/`` folder to its record sets (names matched, not inferred)."""
    docs = [d for d in (read_letter(f, problems, str(f)) for f in _files(folder, LETTER_SUFFIXES)) if d]
    new = link_letters(sets, docs, problems)
    units = Units.of(sets + new, problems, infer=False)
    units.resolve(list(subject_cells(new)))
    match_powers(sets + new, problems, units, only=new)
    return sets + new


# --- inputs --------------------------------------------------------------------------------------


def _files(folder: Path, suffixes: tuple[str, ...]) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in suffixes
                  and not p.name.startswith((".", "~$")))


def collect(paths: list[Path], problems: Problems) -> tuple[list[Path], list[Path]]:
    """(spreadsheets, letters) among the given files and everything under the given folders."""
    spreadsheets: list[Path] = []
    letters: list[Path] = []
    for path in paths:
        if not path.exists():
            problems.add("file-unreadable", file=str(path), detail="路径不存在 / no such file or folder")
            continue
        files = [path] if path.is_file() else [p for p in sorted(path.rglob("*")) if p.is_file()]
        for f in files:
            suffix = f.suffix.lower()
            if f.name.startswith((".", "~$")) or (f.name == "dataset.yaml" and f != path):
                continue
            if suffix in LETTER_SUFFIXES:
                letters.append(f)
            elif suffix in DATA_SUFFIXES or suffix in (".xls", ".et", ".wps") or f == path:
                spreadsheets.append(f)
            elif suffix not in NON_DATA_SUFFIXES:
                problems.add("file-unrecognised", file=str(f), detail="、".join(SHEETS))
    return spreadsheets, letters


def _info(paths: list[Path], opts: ImportOptions, problems: Problems) -> DatasetInfo:
    """Dataset settings: a ``dataset.yaml`` in an input folder, then the options."""
    manifest = next((p for p in paths if p.is_dir() and (p / "dataset.yaml").is_file()), None)
    if manifest:
        info = read_manifest(manifest, problems)
    else:
        info = DatasetInfo(name=paths[0].stem if paths else "import", path=str(paths[0]) if paths else None)
    for key in ("name", "title", "region", "province", "audit_date"):
        if getattr(opts, key):
            setattr(info, key, getattr(opts, key))
    return info


def _unrecognised(sheet, problems: Problems) -> SheetStats:
    stats = SheetStats(sheet.file, sheet.sheet, None)
    stats.read = stats.skipped = sum(1 for r in sheet.rows if any(r))
    problems.add("file-unrecognised", file=sheet.file, sheet=sheet.sheet,
                 detail="、".join(SHEETS) + "；可用 --kind 指定 / use --kind")
    return stats


# --- letters -------------------------------------------------------------------------------------


def _letter_key(number: str | None) -> str:
    return name_key(normalize_doc_number(number) or number or "")


def link_letters(sets: list[RecordSet], docs: list[LetterDoc], problems: Problems) -> list[RecordSet]:
    """Record sets for the letters: one ``letters`` record each, and ``delegations`` records for the
    matters of a letter that no catalog row cites.  A letter also given as a ``letters`` row fills
    that row's empty cells instead (merged)."""
    catalog: dict[str, list[tuple[RecordSet, int, dict]]] = {}
    listed: dict[str, tuple[RecordSet, int, dict]] = {}
    for rs in sets:
        for row, rec in rs.records:
            if rs.kind == "delegations" and norm(rec.get("letter")):
                catalog.setdefault(_letter_key(rec["letter"]), []).append((rs, row, rec))
            elif rs.kind == "letters" and norm(rec.get("number")):
                listed[_letter_key(rec["number"])] = (rs, row, rec)
    out: list[RecordSet] = []
    for doc in docs:
        report_missing(doc, problems)
        number = doc.number or f"（无编号）{Path(doc.file).stem}"
        key = _letter_key(number)
        cited = catalog.get(key, [])
        if cited:
            number = cited[0][2]["letter"]  # the catalog's spelling, so the two link
        letter_set = RecordSet("letters", SheetStats(doc.file, LETTER_SHEET, "letters"))
        letter_set.stats.read = 1
        rec = letter_record(doc, number)
        if key in listed:
            _fill_gaps(listed[key], rec, doc, letter_set, problems)
        else:
            letter_set.records = [(doc.line_of("number") or 1, rec)]
        out.append(letter_set)
        if cited:
            _compare_matters(doc, cited, problems)
        elif doc.matters:
            matters = RecordSet("delegations", SheetStats(doc.file, MATTERS_SHEET, "delegations"))
            matters.records = delegation_records(doc, number)
            matters.stats.read = len(matters.records)
            out.append(matters)
    return out


def _fill_gaps(listed, rec: dict, doc: LetterDoc, letter_set: RecordSet, problems: Problems) -> None:
    rs, row, existing = listed
    for k, v in rec.items():
        if norm(existing.get(k)) is None and v is not None and k != "note":
            existing[k] = v
    letter_set.stats.merged = 1
    problems.add("merged", file=doc.file, sheet=LETTER_SHEET, row=doc.line_of("number"), detail=_place(rs, row))


def _compare_matters(doc: LetterDoc, cited, problems: Problems) -> None:
    """Matters the letter lists that its catalog rows do not, and the other way round."""
    names = [norm(rec.get("power_name")) or "" for _, _, rec in cited]
    for m in doc.matters:
        if name_key(m.text) not in {name_key(n) for n in names} and best_match(m.text, names)[0] is None:
            problems.add("letter-catalog-mismatch", file=doc.file, sheet=LETTER_SHEET, row=m.line, value=m.text,
                         detail="委托目录中没有 / not in the catalog")
    if doc.matters:
        texts = [m.text for m in doc.matters]
        for rs, row, rec in cited:
            n = norm(rec.get("power_name")) or ""
            if n and name_key(n) not in {name_key(t) for t in texts} and best_match(n, texts)[0] is None:
                problems.add("letter-catalog-mismatch", row=row, column="事项名称", value=n,
                             detail=f"委托书 {Path(doc.file).name} 未列明 / not listed in the letter", **rs.where)


def _place(rs: RecordSet, row: int) -> str:
    return f"{rs.stats.file}{f'[{rs.stats.sheet}]' if rs.stats.sheet else ''}:{row}"


# --- duplicates, labels, accounting --------------------------------------------------------------


def merge_duplicates(sets: list[RecordSet], problems: Problems) -> None:
    """A row that repeats an earlier row of the same kind cell for cell is merged into it."""
    seen: dict[tuple, tuple[RecordSet, int]] = {}
    for rs in sets:
        keep = []
        for row, rec in rs.records:
            key = (rs.kind, tuple(sorted((k, norm(v)) for k, v in rec.items() if k != "seq" and norm(v) is not None)))
            if key in seen:
                first_rs, first_row = seen[key]
                detail = str(first_row) if first_rs is rs else _place(first_rs, first_row)
                problems.add("merged", row=row, detail=detail, **rs.where)
                rs.stats.merged += 1
            else:
                seen[key] = (rs, row)
                keep.append((row, rec))
        rs.records = keep


def _labels(sets: list[RecordSet], units: Units) -> dict[tuple[str, str | None], str]:
    """The kind of each sheet for the report; power lists are told apart as department or township."""
    labels = {}
    for rs in sets:
        label = SHEETS[rs.kind].zh
        if rs.kind == "powers" and rs.records:
            kinds = {units.kinds.get(units.owner_subject(norm(rec.get("holder"))) or "", "") for _, rec in rs.records}
            township = kinds <= {"乡镇人民政府", "街道办事处"}
            label = "乡镇权力清单" if township else "部门权力清单"
        if rs.stats.file == INFERRED_FILE:
            label += "（推定）"
        labels[(rs.stats.file, rs.stats.sheet)] = label
    return labels


def check_accounting(result: ImportResult) -> None:
    """Every row read is imported, merged, rejected or skipped — exactly once."""
    bad = [s for s in result.stats if not s.balanced]
    if bad:
        raise AccountingError("row accounting does not add up: " + "; ".join(str(s.as_dict()) for s in bad))
    t = result.totals()
    if t["read"] != t["imported"] + t["merged"] + t["rejected"] + t["skipped"]:
        raise AccountingError(f"totals do not add up: {t}")


def read_kind_options(texts: list[str]) -> tuple[list[KindRule], list[str]]:
    """Parse ``--kind`` values; returns (rules, values that name no kind)."""
    rules, bad = [], []
    for t in texts:
        rule = parse_kind_option(t)
        if rule:
            rules.append(rule)
        else:
            bad.append(t)
    return rules, bad

