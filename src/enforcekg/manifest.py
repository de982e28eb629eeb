"""``dataset.yaml``: what a dataset says about itself (name, region, province, audit date, note)."""

from __future__ import annotations

from pathlib import Path

import yaml

from . import values as V
from .graph import DatasetInfo
from .problems import Problems


def read_manifest(folder: Path, problems: Problems) -> DatasetInfo:
    """Read ``folder/dataset.yaml``; a missing or invalid manifest is a problem, never an exception."""
    path = folder / "dataset.yaml"
    info = DatasetInfo(name=folder.name, path=str(folder))
    if not path.exists():
        problems.add("manifest-missing", file=str(path))
        return info
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        problems.add("manifest-invalid", file=str(path), detail=str(exc).splitlines()[0])
        return info
    if not isinstance(raw, dict):
        problems.add("manifest-invalid", file=str(path), detail="应为键值对 / expected a mapping")
        return info
    known = {"name", "title", "region", "province", "audit_date", "note"}
    for k in ("name", "title", "region", "province", "note"):
        if raw.get(k) is not None:
            setattr(info, k, str(raw[k]))
    if raw.get("audit_date") is not None:
        d, ok = V.parse_date(str(raw["audit_date"]))
        if ok and d:
            info.audit_date = d
        else:
            problems.add("bad-date", file=str(path), column="audit_date", value=raw["audit_date"])
    info.extra = {k: v for k, v in raw.items() if k not in known}
    return info
