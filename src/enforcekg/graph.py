"""The in-process graph: a networkx ``MultiDiGraph`` checked against :mod:`enforcekg.schema`.

Nodes are keyed by their ``id``; the node attribute ``label`` holds the primary label and the other
attributes are the declared properties (``None`` values are not stored).  Edges are keyed by their
relationship type, so one pair of nodes has at most one edge of each type.

>>> g = KnowledgeGraph()
>>> g.add_node("Subject", "s1", name="水利局", kind="政府部门", admin_organ=True)
's1'
>>> g.add_node("Power", "p1", name="取水许可", category="行政许可")
'p1'
>>> g.add_node("Holding", "h1", kind="Holding")
'h1'
>>> g.add_edge("h1", "TO", "s1"); g.add_edge("h1", "CONCERNS", "p1")
>>> [g.name(s) for s in g.out("h1", "TO")]
['水利局']
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from .schema import EDGE_TYPES, NODE_TYPES


class SchemaError(ValueError):
    """Raised when code (not user data) tries to store something the schema does not declare."""


@dataclass
class DatasetInfo:
    """What a dataset says about itself (``dataset.yaml``)."""

    name: str = "dataset"
    title: str | None = None
    region: str | None = None
    province: str | None = None
    audit_date: str | None = None
    note: str | None = None
    path: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class KnowledgeGraph:
    """The enforcement-authority graph of one dataset."""

    def __init__(self, info: DatasetInfo | None = None) -> None:
        self.g = nx.MultiDiGraph()
        self.info = info or DatasetInfo()
        #: bumped on every change, so derived indexes (see authority.py) know when to rebuild
        self.version = 0
        self._by_label: dict[str, list[str]] = {}

    # -- building ---------------------------------------------------------------------------------

    def add_node(self, label: str, node_id: str, **props: Any) -> str:
        """Add (or update) a node; unknown labels or properties are programming errors."""
        t = NODE_TYPES.get(label)
        if t is None:
            raise SchemaError(f"unknown label {label!r}")
        declared = {p.name for p in t.props}
        unknown = set(props) - declared
        if unknown:
            raise SchemaError(f"{label} has no properties {sorted(unknown)}")
        clean = {k: v for k, v in props.items() if v is not None}
        self.version += 1
        if node_id in self.g:
            existing = self.g.nodes[node_id]
            if existing["label"] != label:
                raise SchemaError(f"node {node_id!r} is a {existing['label']}, not a {label}")
            sources = list(existing.get("sources", []))
            for s in clean.pop("sources", []):
                if s not in sources:
                    sources.append(s)
            existing.update(clean)
            if sources:
                existing["sources"] = sources
        else:
            self.g.add_node(node_id, label=label, id=node_id, **clean)
            for lbl in t.labels:
                self._by_label.setdefault(lbl, []).append(node_id)
        return node_id

    def add_edge(self, src: str, rel: str, dst: str, **props: Any) -> None:
        """Add a typed edge between two existing nodes, checked against the schema."""
        e = EDGE_TYPES.get(rel)
        if e is None:
            raise SchemaError(f"unknown relationship type {rel!r}")
        sl, dl = self.label(src), self.label(dst)
        if sl not in e.sources or dl not in e.targets:
            raise SchemaError(f"({sl})-[:{rel}]->({dl}) is not declared")
        self.g.add_edge(src, dst, key=rel, type=rel, **{k: v for k, v in props.items() if v is not None})
        self.version += 1

    # -- reading ----------------------------------------------------------------------------------

    def __contains__(self, node_id: object) -> bool:
        return node_id in self.g

    def __len__(self) -> int:
        return self.g.number_of_nodes()

    def node(self, node_id: str) -> dict[str, Any]:
        return self.g.nodes[node_id]

    def label(self, node_id: str) -> str:
        if node_id not in self.g:
            raise SchemaError(f"no node {node_id!r}")
        return self.g.nodes[node_id]["label"]

    def name(self, node_id: str) -> str:
        """A display name for any node type."""
        d = self.g.nodes[node_id]
        return d.get("name") or d.get("title") or d.get("number") or d.get("ref") or node_id

    def nodes(self, label: str | None = None) -> Iterator[str]:
        """Node ids with the given label (primary, or shared such as ``Act``), in insertion order."""
        if label is None:
            yield from self.g.nodes
            return
        yield from self._by_label.get(label, ())

    def out(self, node_id: str, rel: str) -> list[str]:
        """Targets of ``rel`` edges leaving ``node_id``."""
        return [v for v, keys in self.g._succ[node_id].items() if rel in keys]

    def into(self, node_id: str, rel: str, label: str | None = None) -> list[str]:
        """Sources of ``rel`` edges entering ``node_id`` (optionally only nodes with ``label``)."""
        nodes = self.g._node
        return [u for u, keys in self.g._pred[node_id].items()
                if rel in keys and (label is None or nodes[u]["label"] == label)]

    def one(self, node_id: str, rel: str) -> str | None:
        """The single target of ``rel`` from ``node_id`` (first one if several), or ``None``."""
        targets = self.out(node_id, rel)
        return targets[0] if targets else None

    def edges(self) -> Iterator[tuple[str, str, str]]:
        """Every edge as (source, type, target)."""
        for u, v, k in self.g.edges(keys=True):
            yield u, k, v

    def counts(self) -> dict[str, int]:
        """Number of nodes per primary label and of edges per type."""
        out: dict[str, int] = {}
        for _, d in self.g.nodes(data=True):
            out[d["label"]] = out.get(d["label"], 0) + 1
        for _, _, k in self.g.edges(keys=True):
            out[k] = out.get(k, 0) + 1
        return out

