"""Rule fixtures: a tiny dataset written in YAML plus the subjects that must and must not be flagged.

A fixture file ``src/enforcekg/rules/fixtures/EKG001.yaml`` (shipped with the package) holds::

    rule: EKG001
    description: 中文说明 / description_en: English
    as_of: 2023-12-31
    extends: _base            # optional: rows of _base.yaml are added first
    dataset: {sheet kind: [ {column header: value, ...}, ... ]}
    flag: [subject ids that must be flagged]
    pass: [subject ids that exist and must NOT be flagged]

:func:`materialise` writes the dataset as CSV files in a folder, so every fixture goes through the same
loader as real data.  The same fixtures drive the Python checks, the Cypher queries and the SHACL shapes.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml


def read_fixture(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    base_name = data.get("extends")
    if base_name:
        base = read_fixture(path.with_name(f"{base_name}.yaml"))
        merged = {k: list(v) for k, v in base.get("dataset", {}).items()}
        for kind, rows in (data.get("dataset") or {}).items():
            merged.setdefault(kind, []).extend(rows)
        data["dataset"] = merged
    return data


def materialise(fixture: dict[str, Any], folder: Path) -> Path:
    """Write the fixture's dataset to ``folder`` as ``dataset.yaml`` + one CSV per sheet kind."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {"name": fixture.get("rule", "fixture"), "audit_date": str(fixture.get("as_of", "2023-12-31"))}
    if fixture.get("province"):
        manifest["province"] = fixture["province"]
    (folder / "dataset.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    for kind, rows in (fixture.get("dataset") or {}).items():
        headers: list[str] = []
        for r in rows:
            for k in r:
                if k not in headers:
                    headers.append(k)
        with (folder / f"{kind}.csv").open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=headers)
            w.writeheader()
            for r in rows:
                w.writerow({k: "" if v is None else v for k, v in r.items()})
    return folder
