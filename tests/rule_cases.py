"""Shared access to the rule fixtures for every engine's tests (Python, Cypher, SHACL)."""

from __future__ import annotations

from pathlib import Path

from enforcekg.explain import FIXTURES  # noqa: E402  (the fixtures ship with the package)
from enforcekg.fixtures import materialise, read_fixture


def fixture_files() -> list[Path]:
    return sorted(p for p in FIXTURES.glob("EKG*.yaml"))


def load_case(path: Path, tmp: Path):
    """Materialise and load one fixture; return (fixture dict, LoadResult)."""
    from enforcekg.dataset import load_dataset

    fx = read_fixture(path)
    res = load_dataset(materialise(fx, tmp / path.stem))
    return fx, res
