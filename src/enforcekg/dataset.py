"""Load a dataset folder (or raw inputs) into a :class:`~enforcekg.graph.KnowledgeGraph`.

A dataset folder holds ``dataset.yaml`` and one sheet per kind of record (``docs/dataset-format.md``);
its ``letters/`` subfolder may hold delegation letters.  Anything else is read as raw input by
:mod:`enforcekg.importer`.  The graph itself is built by :mod:`enforcekg.build`.
"""

from __future__ import annotations

from pathlib import Path

from .build import LoadResult, RecordSet, SheetStats, build_graph, read_records
from .graph import DatasetInfo, KnowledgeGraph
from .legal.registry import Registry
from .manifest import read_manifest
from .problems import Problems
from .sheets import SHEETS, sheet_kind
from .tables import DATA_SUFFIXES, NON_DATA_SUFFIXES, read_any

__all__ = ["LETTERS_DIR", "LoadResult", "RecordSet", "SheetStats", "dataset_files", "load_dataset", "read_manifest"]

#: subfolder of a dataset folder that holds delegation letters (``.txt``/``.docx``)
LETTERS_DIR = "letters"

def dataset_files(folder: Path, problems: Problems) -> list[Path]:
    files = []
    for p in sorted(folder.iterdir()):
        if p.is_dir() or p.name.startswith((".", "~$")) or p.name == "dataset.yaml":
            continue
        if p.suffix.lower() in DATA_SUFFIXES:
            files.append(p)
        elif p.suffix.lower() not in NON_DATA_SUFFIXES:
            problems.add("file-unrecognised", file=str(p), detail="、".join(SHEETS))
    return files


def load_dataset(path: str | Path, registry: Registry | None = None) -> LoadResult:
    """Load a dataset folder (or raw spreadsheets and letters) into a graph, collecting every problem.

    A folder with a ``dataset.yaml`` is a dataset in the documented format; its ``letters/`` subfolder
    may hold delegation letters as ``.txt``/``.docx``.  Anything else — a single spreadsheet or letter,
    or a folder of them without ``dataset.yaml`` — is read as raw input by :mod:`enforcekg.importer`.

    >>> from pathlib import Path
    >>> res = load_dataset(Path("does-not-exist"))
    >>> [p.code for p in res.problems]
    ['file-unreadable']
    """
    problems = Problems()
    path = Path(path)
    registry = registry or Registry.load_default()
    if not path.exists():
        problems.add("file-unreadable", file=str(path), detail="路径不存在 / no such file or folder")
        return LoadResult(KnowledgeGraph(DatasetInfo(name=path.name)), problems)
    if not (path / "dataset.yaml").is_file():
        from .importer import import_inputs

        return import_inputs([path], registry=registry).load
    info = read_manifest(path, problems)
    sets: list[RecordSet] = []
    for f in dataset_files(path, problems):
        for sheet in read_any(f, problems, str(f)):
            kind = sheet_kind(sheet.name)
            if kind is None:
                problems.add("file-unrecognised", file=sheet.file, sheet=sheet.sheet, detail="、".join(SHEETS))
                continue
            sets.append(read_records(sheet, kind, problems))
    if (path / LETTERS_DIR).is_dir():
        from .importer import add_letter_folder

        sets = add_letter_folder(path / LETTERS_DIR, sets, problems)
    return build_graph(info, sets, problems, registry)
