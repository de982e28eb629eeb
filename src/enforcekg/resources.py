"""Where enforcekg finds the files it ships: the statute registry (``data/``), the rule queries
(``queries/``) and the ontology (``ontology/``).

Resolution order, for each of them:

1. an environment variable (``ENFORCEKG_DATA_DIR``, ``ENFORCEKG_QUERIES_DIR``, ``ENFORCEKG_ONTOLOGY_DIR``);
2. the source checkout this module runs from (an editable install, or ``python -m enforcekg`` in the repo);
3. the copy that ``pip install .`` puts under ``<prefix>/share/enforcekg/``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV = {"data": "ENFORCEKG_DATA_DIR", "queries": "ENFORCEKG_QUERIES_DIR", "ontology": "ENFORCEKG_ONTOLOGY_DIR"}

#: the checkout root when the package runs from ``src/enforcekg`` (it holds pyproject.toml)
_CHECKOUT = Path(__file__).resolve().parent.parent.parent


def resource_dir(name: str) -> Path:
    """The directory for ``data``, ``queries`` or ``ontology``."""
    override = os.environ.get(ENV[name])
    if override:
        return Path(override)
    if (_CHECKOUT / "pyproject.toml").exists() and (_CHECKOUT / name).is_dir():
        return _CHECKOUT / name
    return Path(sys.prefix) / "share" / "enforcekg" / name


def data_dir() -> Path:
    return resource_dir("data")


def queries_dir() -> Path:
    return resource_dir("queries")


def ontology_dir() -> Path:
    return resource_dir("ontology")
