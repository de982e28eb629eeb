"""The Neo4j projection of the graph: loader, schema statements, CSV and Cypher-script exports.

Everything here is derived from :mod:`enforcekg.schema`: labels, relationship types and property
names come from ``NODE_TYPES`` / ``EDGE_TYPES``, never from a hand-written list.  Labels and types are
schema constants (checked to be plain identifiers) and so may be written into the statement text;
every *value* travels as a parameter.

Statements (the same text on Neo4j 5 and on FalkorDB)::

    UNWIND $rows AS row MERGE (n:Delegation {id: row.id}) SET n:Act SET n += row.props
    UNWIND $rows AS row MATCH (a:Delegation {id: row.s}) MATCH (b:Subject {id: row.t})
        MERGE (a)-[:FROM]->(b)

one statement per batch of ``batch_size`` rows, grouped per primary label and per (source label, type,
target label).  ``MERGE`` makes a load idempotent: loading twice gives the same graph, and re-running
an interrupted load finishes it.

Where FalkorDB (the Bolt server the tests use, see :mod:`enforcekg.bolt_server`) diverges
----------------------------------------------------------------------------------------------
* **Parameters.**  FalkorDB's Bolt layer pastes Bolt parameters into the query text without escaping
  (a ``'`` breaks the statement, ``\\t`` in a value becomes a tab) through a 4 KB stack buffer.  The
  loader therefore probes the server once (``RETURN $probe`` with a backslash in the value): a server
  that echoes the value faithfully (Neo4j) gets real Bolt parameters; one that does not (FalkorDB)
  gets the *same* statement with the parameters sent in FalkorDB's own parameter syntax, a
  ``CYPHER rows=[...]`` prefix built by :func:`cypher_literal` with proper escaping.  Values stay
  parameters in both cases; nothing user-supplied is ever concatenated into the Cypher itself.
  FalkorDB strings cannot contain NUL characters; such a value is refused with a clear error.
* **Constraints.**  FalkorDB rejects ``CREATE CONSTRAINT`` and ``IF NOT EXISTS`` over Bolt (its
  unique constraints exist only as a Redis command).  :func:`ensure_schema` tries the Neo4j 5
  constraints first and falls back to ``CREATE INDEX FOR (n:Label) ON (n.id)`` for the labels that
  ``CALL db.indexes()`` does not list yet.  Uniqueness of ``id`` then rests on ``MERGE``.
* **Graph selection.**  FalkorDB ignores the database name (see :mod:`enforcekg.bolt_server`); every
  statement here runs as an auto-commit query in a write session, so loads and :func:`run_query`
  always reach the same graph.
* **Number types.**  ``sum()`` returns a float on FalkorDB; count with ``count()``.
* **Transactions.**  FalkorDB accepts ``BEGIN``/``COMMIT`` but ignores them; every statement is its
  own atomic unit there.  The loader only relies on that (one batch = one statement).
* What works on both: ``MERGE`` on one label then ``SET n:Act`` (``MERGE (n:Act:Delegation ...)``
  works too, but merging on the primary label alone lets Neo4j use the uniqueness constraint),
  ``SET n += map``, ``UNWIND`` of a list of maps, list-of-string properties, ``labels(n)`` (in no
  fixed order on FalkorDB), ``DETACH DELETE`` with ``LIMIT``.

Dates are ISO-8601 strings everywhere (never ``date()`` values: returning one kills FalkorDB).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import time
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .graph import KnowledgeGraph
from .schema import EDGE_TYPES, NODE_TYPES, NodeType, Prop, all_labels

# --------------------------------------------------------------------------------------------------
# Errors and reports
# --------------------------------------------------------------------------------------------------


class Neo4jIOError(RuntimeError):
    """A Neo4j/Bolt operation failed; the message says what happened and what to do (zh or en)."""

    def __init__(self, message: str, *, kind: str = "query", detail: str | None = None) -> None:
        super().__init__(message)
        #: ``unavailable`` (refused, unreachable, died), ``auth``, ``query`` (server rejected a
        #: statement) or ``data`` (a value cannot be stored).
        self.kind = kind
        #: The driver's own message (never contains the password).
        self.detail = detail


class Neo4jLoadError(Neo4jIOError):
    """A load stopped part-way.  ``completed`` lists the finished batches; re-running is safe."""

    def __init__(
        self,
        message: str,
        *,
        kind: str,
        completed: Sequence[str] = (),
        failed_at: str | None = None,
        detail: str | None = None,
    ) -> None:
        super().__init__(message, kind=kind, detail=detail)
        self.completed = list(completed)
        self.failed_at = failed_at


@dataclass
class SchemaReport:
    """What :func:`ensure_schema` did."""

    mode: str = "none"  # "constraints" (Neo4j), "indexes" (fallback, FalkorDB) or "none"
    applied: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class LoadProgress:
    """Passed to the ``progress`` callback after every finished batch."""

    phase: str  # "wipe", "nodes" or "relationships"
    key: str  # primary label, or "Source-[TYPE]->Target"
    batch: int  # 1-based number of the batch just written within ``key``
    batches: int  # number of batches for ``key``
    rows: int  # rows in this batch
    done_rows: int  # rows written so far in this phase
    total_rows: int  # rows in this phase


@dataclass
class LoadReport:
    """Counts of what a load wrote.  ``nodes``/``relationships`` count rows merged (the same on every
    run); the ``*_created`` counters come from the server and are 0 when nothing was new."""

    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0
    nodes_deleted: int = 0
    batches: int = 0
    transport: str = "parameters"
    schema: SchemaReport = field(default_factory=SchemaReport)
    seconds: float = 0.0

    @property
    def total_nodes(self) -> int:
        return sum(self.nodes.values())

    @property
    def total_relationships(self) -> int:
        return sum(self.relationships.values())

    def summary(self, lang: str = "zh") -> str:
        if lang == "en":
            return (
                f"Loaded {self.total_nodes} nodes ({self.nodes_created} new) and "
                f"{self.total_relationships} relationships ({self.relationships_created} new) in "
                f"{self.batches} batches, {self.seconds:.1f} s."
            )
        return (
            f"已写入 {self.total_nodes} 个节点（新建 {self.nodes_created}）、"
            f"{self.total_relationships} 条关系（新建 {self.relationships_created}），"
            f"共 {self.batches} 批，用时 {self.seconds:.1f} 秒。"
        )


# --------------------------------------------------------------------------------------------------
# Projection: rows and statements derived from the schema
# --------------------------------------------------------------------------------------------------

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _ident(name: str) -> str:
    """A schema label/type/property name, checked to be safe to write into Cypher as is."""
    if not _IDENT.match(name):
        raise ValueError(f"schema name {name!r} is not a plain identifier")
    return name


def _writable_props(t: NodeType) -> list[Prop]:
    """Declared properties stored as node properties (``id`` is the MERGE key).

    The node attribute ``label`` of :class:`KnowledgeGraph` holds the primary label, so a schema
    property called ``label`` cannot be read from the graph and is skipped.
    """
    return [p for p in t.props if p.name not in ("id", "label")]


def property_value(value: Any) -> Any:
    """Normalise one property value to what Neo4j stores: str, int, float, bool or list of str.

    Dates become ISO-8601 strings; tuples and sets become lists of strings.  ``None`` stays ``None``
    (the caller drops it: Neo4j has no null properties).
    """
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError(f"cannot store the float {value!r}")
        return value
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else list(value)
        return [v.isoformat() if isinstance(v, (_dt.date, _dt.datetime)) else str(v) for v in items if v is not None]
    raise ValueError(f"cannot store a {type(value).__name__} as a property: {value!r}")


def node_rows(kg: KnowledgeGraph) -> dict[str, list[dict[str, Any]]]:
    """``{primary label: [{"id": ..., "props": {...}}]}`` in schema order, declared properties only."""
    out: dict[str, list[dict[str, Any]]] = {label: [] for label in NODE_TYPES}
    for node_id in kg.nodes():
        data = kg.node(node_id)
        t = NODE_TYPES[data["label"]]
        props = {}
        for p in _writable_props(t):
            v = property_value(data.get(p.name))
            if v is not None:
                props[p.name] = v
        out[t.label].append({"id": str(node_id), "props": props})
    return {k: v for k, v in out.items() if v}


RelKey = tuple[str, str, str]  # (source label, type, target label)


def relationship_rows(kg: KnowledgeGraph) -> dict[RelKey, list[dict[str, Any]]]:
    """``{(source label, type, target label): [{"s": id, "t": id, "props": {...}}]}``, sorted by key."""
    out: dict[RelKey, list[dict[str, Any]]] = {}
    for s, rel, t in kg.edges():
        e = EDGE_TYPES[rel]
        row: dict[str, Any] = {"s": str(s), "t": str(t)}
        if e.props:
            data = kg.g.edges[s, t, rel]
            row["props"] = {p.name: property_value(data[p.name]) for p in e.props if data.get(p.name) is not None}
        out.setdefault((kg.label(s), rel, kg.label(t)), []).append(row)
    return dict(sorted(out.items()))


def _rel_key_text(key: RelKey) -> str:
    return f"{key[0]}-[{key[1]}]->{key[2]}"


def node_statement(label: str) -> str:
    """The batched MERGE for one primary label (shared labels added with ``SET n:Label``)."""
    t = NODE_TYPES[label]
    extra = "".join(f" SET n:{_ident(x)}" for x in t.extra_labels)
    return f"UNWIND $rows AS row MERGE (n:{_ident(t.label)} {{id: row.id}}){extra} SET n += row.props"


def relationship_statement(key: RelKey) -> str:
    """The batched MERGE for one (source label, type, target label) group."""
    src, rel, dst = key
    props = " SET r += row.props" if EDGE_TYPES[rel].props else ""
    return (
        f"UNWIND $rows AS row MATCH (a:{_ident(src)} {{id: row.s}}) MATCH (b:{_ident(dst)} {{id: row.t}}) "
        f"MERGE (a)-[r:{_ident(rel)}]->(b){props}"
    )


def constraint_statements() -> list[str]:
    """Neo4j 5: one uniqueness constraint on ``id`` per primary label."""
    return [
        f"CREATE CONSTRAINT enforcekg_{label.lower()}_id IF NOT EXISTS "
        f"FOR (n:{_ident(label)}) REQUIRE n.id IS UNIQUE"
        for label in NODE_TYPES
    ]


def shared_labels() -> list[str]:
    """Labels that only ever appear next to a primary label (``Act``, ``Document``)."""
    primary = set(NODE_TYPES)
    return [lbl for lbl in all_labels() if lbl not in primary]


def index_statements() -> list[str]:
    """Neo4j 5: lookup indexes on ``id`` for the shared labels (primary labels have constraints)."""
    return [
        f"CREATE INDEX enforcekg_{label.lower()}_id IF NOT EXISTS FOR (n:{_ident(label)}) ON (n.id)"
        for label in shared_labels()
    ]


def fallback_index_statements() -> dict[str, str]:
    """openCypher index on ``id`` for every label, for servers without constraints (FalkorDB)."""
    return {label: f"CREATE INDEX FOR (n:{_ident(label)}) ON (n.id)" for label in [*NODE_TYPES, *shared_labels()]}


# --------------------------------------------------------------------------------------------------
# Cypher literals (FalkorDB parameter prefix, Cypher script)
# --------------------------------------------------------------------------------------------------

_SIMPLE_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def cypher_string(value: str, dialect: str = "neo4j") -> str:
    """A single-quoted Cypher string literal for ``value``.

    Backslash, quote, newline, carriage return, tab, backspace and form feed are escaped (both Neo4j
    and FalkorDB read these escapes).  For ``dialect="neo4j"`` any other control character becomes
    ``\\uXXXX``; FalkorDB has no ``\\u`` escape, so there they stay raw, and NUL is refused.

    >>> print(cypher_string("it's a \\\\ path\\n"))
    'it\\'s a \\\\ path\\n'
    """
    out = []
    for ch in value:
        esc = _SIMPLE_ESCAPES.get(ch)
        if esc is not None:
            out.append(esc)
        elif ch == "\x00" and dialect == "falkordb":
            raise ValueError("FalkorDB cannot store a NUL character in a string")
        elif dialect == "neo4j" and (ord(ch) < 0x20 or ch in "\x7f\u2028\u2029"):
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def _quote_key(name: str) -> str:
    return "`" + str(name).replace("`", "``") + "`"


def cypher_literal(value: Any, dialect: str = "neo4j") -> str:
    """A Cypher literal for a parameter value: null, bool, int, float, str, list or map."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        if not -(2**63) <= value < 2**63:
            raise ValueError(f"integer {value} does not fit in 64 bits")
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError(f"cannot write the float {value!r} as a Cypher literal")
        text = repr(value)
        return text.replace("e+", "e")
    if isinstance(value, str):
        return cypher_string(value, dialect)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_quote_key(k)}: {cypher_literal(v, dialect)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v, dialect) for v in value) + "]"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return cypher_string(value.isoformat(), dialect)
    raise ValueError(f"cannot write a {type(value).__name__} as a Cypher literal")


_PARAM_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def inline_parameters(query: str, params: Mapping[str, Any] | None) -> str:
    """``query`` with ``params`` in FalkorDB's native form: ``CYPHER a=<literal> b=<literal> <query>``."""
    if not params:
        return query
    parts = []
    for name, value in params.items():
        if not _PARAM_NAME.match(name):
            raise ValueError(f"parameter name {name!r} is not a plain identifier")
        parts.append(f"{name}={cypher_literal(value, 'falkordb')}")
    return "CYPHER " + " ".join(parts) + " " + query


# --------------------------------------------------------------------------------------------------
# Running statements
# --------------------------------------------------------------------------------------------------

#: How parameters reach the server: ``parameters`` (Bolt parameters, Neo4j) or ``inline`` (escaped
#: ``CYPHER`` prefix, for servers that mangle Bolt parameters: FalkorDB).
TRANSPORTS = ("parameters", "inline")

_PROBE_VALUE = "enforcekg\\tprobe"  # a backslash escape: echoed verbatim only by faithful servers

#: Asks the server to echo a parameter (transport detection).
PROBE_STATEMENT = "RETURN $probe AS probe"
#: One round of ``wipe``: delete up to ``$limit`` nodes with their relationships.
WIPE_STATEMENT = "MATCH (n) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"

# Transport per driver (or session factory) and database, so that the probe runs once per driver.
_TRANSPORT_CACHE: weakref.WeakKeyDictionary[Any, dict[str | None, str]] = weakref.WeakKeyDictionary()


def _is_connectivity_error(exc: BaseException) -> bool:
    from neo4j import exceptions as ne

    return isinstance(exc, (ne.ServiceUnavailable, ne.SessionExpired, ne.IncompleteCommit, OSError, ConnectionError))


def _is_connect_failure(exc: BaseException) -> bool:
    """The connection could not be *established* (so the statement was certainly not executed)."""
    from neo4j import exceptions as ne

    if isinstance(exc, (ConnectionRefusedError,)):
        return True
    if not isinstance(exc, ne.ServiceUnavailable):
        return False
    text = str(exc)
    return any(m in text for m in ("Couldn't connect", "Failed to establish connection", "handshake"))


def _is_auth_error(exc: BaseException) -> bool:
    from neo4j import exceptions as ne

    return isinstance(exc, ne.AuthError)


def _short(exc: BaseException) -> str:
    text = " ".join(line.strip() for line in str(exc).strip().splitlines() if line.strip())
    return f"{type(exc).__name__}: {text}"[:400]


def _target_text(target: Any) -> str:
    """``bolt://host:port`` of a driver for messages (an address never includes credentials)."""
    addr = getattr(target, "address", None)
    if addr is None:
        return "Neo4j/Bolt"
    scheme = "neo4j" if type(target).__name__.startswith("Neo4j") else "bolt"
    return f"{scheme}://{addr}"


class _Runner:
    """Runs auto-commit statements on a driver or session factory.

    ``retry="always"`` retries a statement once after any connectivity error (for idempotent MERGE
    batches); ``retry="connect"`` only when the connection could not be established, so a statement
    that may have run is never repeated.  Either way this absorbs FalkorDB's dropped handshake after a
    GOODBYE (see :mod:`enforcekg.bolt_server`).
    """

    def __init__(self, target: Any, database: str | None, transport: str = "auto", retry: str = "connect") -> None:
        if transport not in ("auto", *TRANSPORTS):
            raise ValueError(f"transport must be auto, parameters or inline, not {transport!r}")
        self.target = target
        self.database = database
        self.transport = transport
        self.retry = retry

    def _session(self) -> Any:
        if hasattr(self.target, "session"):
            if self.database is None:
                return self.target.session()
            return self.target.session(database=self.database)
        return self.target()

    def _run_once(self, query: str, params: Mapping[str, Any] | None) -> tuple[list[Any], Any]:
        text = inline_parameters(query, params) if self.transport == "inline" else query
        with self._session() as session:
            result = session.run(text) if self.transport == "inline" else session.run(query, dict(params or {}))
            records = list(result)
            summary = result.consume()
            return records, summary.counters

    def run(self, query: str, params: Mapping[str, Any] | None = None) -> tuple[list[Any], Any]:
        """Run one statement and return (records, counters)."""
        if self.transport == "auto":
            self.detect()
        try:
            return self._run_once(query, params)
        except Exception as exc:
            retry = _is_connectivity_error(exc) if self.retry == "always" else _is_connect_failure(exc)
            if not retry:
                raise
            time.sleep(0.2)
            return self._run_once(query, params)

    def detect(self) -> str:
        """Probe once per driver whether the server passes string parameters through unchanged."""
        if self.transport != "auto":
            return self.transport
        try:
            cached = _TRANSPORT_CACHE.get(self.target, {}).get(self.database)
        except TypeError:  # target cannot be weakly referenced
            cached = None
        if cached is not None:
            self.transport = cached
            return cached
        self.transport = "parameters"
        try:
            records, _ = self.run(PROBE_STATEMENT, {"probe": _PROBE_VALUE})
        except Exception:
            self.transport = "auto"
            raise
        echoed = records[0]["probe"] if records else None
        self.transport = "parameters" if echoed == _PROBE_VALUE else "inline"
        try:
            _TRANSPORT_CACHE.setdefault(self.target, {})[self.database] = self.transport
        except TypeError:
            pass
        return self.transport


def _plain(value: Any) -> Any:
    """A driver value as plain Python: nodes/relationships become property dicts, temporals ISO text."""
    from neo4j.graph import Node, Path, Relationship

    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        return value
    if isinstance(value, (Node, Relationship)):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, Path):
        return [_plain(n) for n in value.nodes]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    iso = getattr(value, "iso_format", None)
    if callable(iso):
        return iso()
    return str(value)


def _io_error(exc: BaseException, target: Any, lang: str) -> Neo4jIOError:
    where = _target_text(target)
    if _is_auth_error(exc):
        msg = (
            f"Authentication failed at {where}: check the user name and password (the password is not shown)."
            if lang == "en"
            else f"{where} 认证失败：请检查用户名和密码（密码不显示）。"
        )
        return Neo4jIOError(msg, kind="auth", detail=_short(exc))
    if _is_connectivity_error(exc):
        msg = (
            f"Cannot reach the graph database at {where} (refused, unreachable or connection lost): "
            "is the server running and the address right?"
            if lang == "en"
            else f"无法连接图数据库 {where}（连接被拒绝、不可达或已中断）：请确认服务器正在运行、地址和端口正确。"
        )
        return Neo4jIOError(msg, kind="unavailable", detail=_short(exc))
    msg = (
        f"The server rejected the query: {_short(exc)}"
        if lang == "en"
        else f"服务器拒绝了查询：{_short(exc)}"
    )
    return Neo4jIOError(msg, kind="query", detail=_short(exc))


def run_query(
    driver: Any,
    database: str | None,
    query: str,
    params: Mapping[str, Any] | None = None,
    *,
    transport: str = "auto",
    lang: str = "zh",
) -> list[dict[str, Any]]:
    """Run one read (or write) query and return its records as plain dicts.

    ``driver`` is a neo4j ``Driver`` (or a zero-argument callable returning a session).  Parameters
    are passed safely on both Neo4j and FalkorDB (see the module docstring).  Connection and
    authentication failures raise :class:`Neo4jIOError` with a readable message; a query the server
    rejects raises :class:`Neo4jIOError` with ``kind="query"``.
    """
    runner = _Runner(driver, database, transport)
    try:
        records, _ = runner.run(query, params)
    except Neo4jIOError:
        raise
    except Exception as exc:
        raise _io_error(exc, driver, lang) from None
    return [{k: _plain(v) for k, v in rec.items()} for rec in records]


def count_statements() -> dict[str, str]:
    """``{label or type: statement}`` counting nodes per label and relationships per type."""
    out = {label: f"MATCH (n:{_ident(label)}) RETURN count(n) AS c" for label in all_labels()}
    out.update({rel: f"MATCH ()-[r:{_ident(rel)}]->() RETURN count(r) AS c" for rel in EDGE_TYPES})
    return out


def graph_counts(
    driver: Any, database: str | None = None, *, transport: str = "auto", lang: str = "zh"
) -> dict[str, int]:
    """Node count per label (primary and shared) and relationship count per type, as stored."""
    runner = _Runner(driver, database, transport)
    out: dict[str, int] = {}
    try:
        for name, stmt in count_statements().items():
            records, _ = runner.run(stmt)
            out[name] = int(records[0]["c"])
    except Exception as exc:
        raise _io_error(exc, driver, lang) from None
    return out


# --------------------------------------------------------------------------------------------------
# Schema statements
# --------------------------------------------------------------------------------------------------


def ensure_schema(
    driver_or_session_factory: Any, database: str | None = None, *, transport: str = "auto"
) -> SchemaReport:
    """Create the uniqueness constraints (Neo4j 5), or fall back to plain ``id`` indexes.

    Never raises for a statement the server does not support (FalkorDB rejects constraints); only a
    lost connection or failed authentication propagates.
    """
    runner = _Runner(driver_or_session_factory, database, transport)
    report = SchemaReport()
    try:
        for stmt in constraint_statements() + index_statements():
            runner.run(stmt)
            report.applied.append(stmt)
        report.mode = "constraints"
        return report
    except Exception as exc:
        if _is_connectivity_error(exc) or _is_auth_error(exc):
            raise
        report.errors.append(_short(exc))
    # Fallback: one index per label, skipping those the server already lists.
    existing: set[str] = set()
    try:
        records, _ = runner.run("CALL db.indexes() YIELD label, properties RETURN label, properties")
        existing = {r["label"] for r in records if "id" in (r["properties"] or [])}
    except Exception as exc:
        if _is_connectivity_error(exc) or _is_auth_error(exc):
            raise
        report.errors.append(_short(exc))
    for label, stmt in fallback_index_statements().items():
        if label in existing:
            report.skipped.append(stmt)
            continue
        try:
            runner.run(stmt)
            report.applied.append(stmt)
        except Exception as exc:
            if _is_connectivity_error(exc) or _is_auth_error(exc):
                raise
            report.skipped.append(stmt)
            report.errors.append(_short(exc))
    report.mode = "indexes" if report.applied or report.skipped else "none"
    return report


# --------------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------------


def _chunks(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _load_error(
    exc: BaseException, target: Any, completed: list[str], failed_at: str, lang: str
) -> Neo4jLoadError:
    base = _io_error(exc, target, lang)
    if lang == "en":
        done = "; ".join(completed) if completed else "nothing"
        advice = (
            "Fix the cause, then run the same command again"
            if base.kind == "query"
            else "Once the server is reachable, run the same command again"
        )
        msg = (
            f"{base} Loading stopped at {failed_at}. Already written: {done}. "
            f"{advice}: loading uses MERGE, so a re-run finishes the job without duplicates."
        )
    else:
        done = "；".join(completed) if completed else "无"
        advice = "排除原因后重新运行同一命令" if base.kind == "query" else "服务器恢复后重新运行同一命令"
        msg = (
            f"{base} 导入在「{failed_at}」中断。已写入：{done}。"
            f"{advice}即可补全：导入使用 MERGE，重复运行不会产生重复数据。"
        )
    return Neo4jLoadError(msg, kind=base.kind, completed=completed, failed_at=failed_at, detail=base.detail)


def load_graph(
    kg: KnowledgeGraph,
    driver_or_session_factory: Any,
    database: str | None = None,
    batch_size: int = 500,
    wipe: bool = False,
    progress: Callable[[LoadProgress], None] | None = None,
    *,
    schema: bool = True,
    transport: str = "auto",
    lang: str = "zh",
) -> LoadReport:
    """Write ``kg`` into Neo4j (or FalkorDB over Bolt) with batched, idempotent MERGE statements.

    ``driver_or_session_factory`` is a neo4j ``Driver`` or a zero-argument callable returning a
    session.  ``wipe=True`` first deletes every node and relationship of the database in batches.
    ``schema=True`` creates constraints/indexes first (:func:`ensure_schema`).  ``progress`` is called
    after every batch with a :class:`LoadProgress`.

    Raises :class:`Neo4jLoadError` if the server is unreachable, refuses the login or dies during
    the load; its message lists the batches already written and says that re-running finishes the job.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    started = time.monotonic()
    runner = _Runner(driver_or_session_factory, database, transport, retry="always")
    report = LoadReport()
    completed: list[str] = []

    def t(zh: str, en: str) -> str:
        return en if lang == "en" else zh

    def fail(exc: BaseException, failed_at: str) -> Neo4jLoadError:
        return _load_error(exc, driver_or_session_factory, completed, failed_at, lang)

    try:
        report.transport = runner.detect()
    except Exception as exc:
        raise fail(exc, t("连接", "connecting")) from None

    if wipe:
        limit = max(batch_size, 1000)
        rounds = 0
        while True:
            try:
                records, _ = runner.run(WIPE_STATEMENT, {"limit": limit})
            except Exception as exc:
                raise fail(exc, t("清空数据库", "wiping the database")) from None
            deleted = int(records[0]["deleted"]) if records else 0
            report.nodes_deleted += deleted
            rounds += 1
            if progress:
                progress(LoadProgress("wipe", "*", rounds, rounds, deleted, report.nodes_deleted, report.nodes_deleted))
            if deleted < limit:
                break
        n = report.nodes_deleted
        completed.append(t(f"清空数据库（删除 {n} 个节点）", f"wipe ({n} nodes deleted)"))

    if schema:
        try:
            report.schema = ensure_schema(driver_or_session_factory, database, transport=runner.transport)
        except Exception as exc:
            raise fail(exc, t("创建约束/索引", "creating constraints/indexes")) from None

    def write(phase: str, name: str, statement: str, rows: list[dict[str, Any]], done: int, total: int) -> int:
        """Write one group in batches; returns the number of rows done in this phase."""
        batches = math.ceil(len(rows) / batch_size)
        for i, batch in enumerate(_chunks(rows, batch_size), start=1):
            where = t(f"{name} 第 {i}/{batches} 批", f"{name} batch {i}/{batches}")
            try:
                _, counters = runner.run(statement, {"rows": list(batch)})
            except Exception as exc:
                if i > 1:  # the earlier batches of this group are in the database
                    completed.append(t(f"{name} 前 {i - 1}/{batches} 批", f"{name} first {i - 1}/{batches} batches"))
                if isinstance(exc, ValueError):  # a value the server cannot store (NUL on FalkorDB)
                    msg = t(f"「{where}」含有无法写入的值：{exc}",
                            f"{where} holds a value that cannot be stored: {exc}")
                    raise Neo4jLoadError(msg, kind="data", completed=completed, failed_at=where) from None
                raise fail(exc, where) from None
            report.batches += 1
            report.nodes_created += counters.nodes_created
            report.relationships_created += counters.relationships_created
            report.properties_set += counters.properties_set
            done += len(batch)
            if progress:
                progress(LoadProgress(phase, name, i, batches, len(batch), done, total))
        completed.append(t(f"{name} {len(rows)} 行（{batches} 批）", f"{name} {len(rows)} rows ({batches} batches)"))
        return done

    nodes = node_rows(kg)
    total, done = sum(map(len, nodes.values())), 0
    for label, rows in nodes.items():
        done = write("nodes", label, node_statement(label), rows, done, total)
        report.nodes[label] = len(rows)

    rels = relationship_rows(kg)
    total, done = sum(map(len, rels.values())), 0
    for key, rows in rels.items():
        done = write("relationships", _rel_key_text(key), relationship_statement(key), rows, done, total)
        report.relationships[key[1]] = report.relationships.get(key[1], 0) + len(rows)

    report.seconds = time.monotonic() - started
    return report


# --------------------------------------------------------------------------------------------------
# Offline exports: neo4j-admin CSV and a cypher-shell script
# --------------------------------------------------------------------------------------------------

_CSV_TYPES = {"str": "string", "date": "string", "int": "int", "bool": "boolean", "list[str]": "string[]"}
_ARRAY_DELIMITERS = (";", "|", "\u001f")


def _csv_header_name(p: Prop) -> str:
    return f"{p.name}:{_CSV_TYPES[p.type]}"


def _csv_field(value: Any, delimiter: str) -> str:
    """One CSV field: strings always quoted (so "" stays an empty string), None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, list):
        if not value:
            return ""
        value = delimiter.join(value)
    text = str(value)
    return '"' + text.replace('"', '""') + '"'


def _array_delimiter(kg: KnowledgeGraph) -> str:
    """``;`` unless some list element contains it (neo4j-admin cannot escape the array delimiter)."""
    used: set[str] = set()
    for node_id in kg.nodes():
        for v in kg.node(node_id).values():
            if isinstance(v, (list, tuple)):
                for item in v:
                    used.update(ch for ch in _ARRAY_DELIMITERS if ch in str(item))
    for d in _ARRAY_DELIMITERS:
        if d not in used:
            return d
    raise ValueError("list values contain every candidate array delimiter (; | U+001F)")


def _admin_delimiter_arg(d: str) -> str:
    return "U+001F" if d == "\u001f" else d


def export_neo4j_csv(kg: KnowledgeGraph, outdir: str | Path) -> dict[str, Any]:
    """Write ``nodes_<Label>.csv``, ``rels_<TYPE>.csv``, ``constraints.cypher`` and ``import.sh``.

    Headers follow ``neo4j-admin database import``: one global id space (``id:ID`` also stores the
    ``id`` property), ``:LABEL`` with every label joined by the array delimiter, typed columns such as
    ``article:int``, ``admin_organ:boolean`` and ``sources:string[]``, and ``:START_ID``, ``:END_ID``,
    ``:TYPE`` for relationships.  Dates stay ISO strings, as in the Bolt load.  Returns
    ``{"files": [...], "nodes": {label: n}, "relationships": {type: n}, "array_delimiter": d}``.
    """
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    delim = _array_delimiter(kg)
    files: list[Path] = []
    node_counts: dict[str, int] = {}
    rel_counts: dict[str, int] = {}

    for label, rows in node_rows(kg).items():
        t = NODE_TYPES[label]
        props = _writable_props(t)
        path = out / f"nodes_{label}.csv"
        lines = [",".join(["id:ID", ":LABEL", *(_csv_header_name(p) for p in props)])]
        for row in rows:
            fields = [_csv_field(row["id"], delim), _csv_field(list(t.labels), delim)]
            fields += [_csv_field(row["props"].get(p.name), delim) for p in props]
            lines.append(",".join(fields))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(path)
        node_counts[label] = len(rows)

    by_type: dict[str, list[dict[str, Any]]] = {}
    for (_, rel, _), rows in relationship_rows(kg).items():
        by_type.setdefault(rel, []).extend(rows)
    for rel, rows in by_type.items():
        e = EDGE_TYPES[rel]
        path = out / f"rels_{rel}.csv"
        lines = [",".join([":START_ID", ":END_ID", ":TYPE", *(_csv_header_name(p) for p in e.props)])]
        for row in rows:
            fields = [_csv_field(row["s"], delim), _csv_field(row["t"], delim), _csv_field(rel, delim)]
            fields += [_csv_field(row.get("props", {}).get(p.name), delim) for p in e.props]
            lines.append(",".join(fields))
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(path)
        rel_counts[rel] = len(rows)

    constraints = out / "constraints.cypher"
    constraints.write_text(
        "// Constraints and indexes for the enforcekg graph (Neo4j 5); run after the import:\n"
        "//   cypher-shell -d <database> -f constraints.cypher\n"
        + "".join(f"{s};\n" for s in constraint_statements() + index_statements()),
        encoding="utf-8",
    )
    files.append(constraints)

    script = out / "import.sh"
    node_args = "".join(f'  --nodes="$HERE/{p.name}" \\\n' for p in files if p.name.startswith("nodes_"))
    rel_args = "".join(f'  --relationships="$HERE/{p.name}" \\\n' for p in files if p.name.startswith("rels_"))
    script.write_text(
        "#!/bin/sh\n"
        "# Import the enforcekg graph into a new Neo4j 5 database with neo4j-admin (offline import).\n"
        "# 用 neo4j-admin 将 enforcekg 图谱离线导入 Neo4j 5 的新数据库。\n"
        "# Usage / 用法: sh import.sh [database]   (the database must not exist or be stopped and empty)\n"
        "set -eu\n"
        'DB="${1:-neo4j}"\n'
        'HERE="$(cd "$(dirname "$0")" && pwd)"\n'
        'neo4j-admin database import full "$DB" \\\n'
        "  --id-type=string \\\n"
        f"  --array-delimiter='{_admin_delimiter_arg(delim)}' \\\n"
        "  --multiline-fields=true \\\n"
        "  --skip-bad-relationships=false \\\n"
        f"{node_args}{rel_args}"
        "  --verbose\n"
        'echo "Then create constraints / 然后创建约束: cypher-shell -d $DB -f $HERE/constraints.cypher"\n',
        encoding="utf-8",
    )
    script.chmod(0o755)
    files.append(script)
    return {"files": files, "nodes": node_counts, "relationships": rel_counts, "array_delimiter": delim}


def cypher_script_lines(kg: KnowledgeGraph) -> Iterator[str]:
    """Parameter-free Cypher statements (each ending in ``;``) that rebuild ``kg`` in Neo4j 5."""
    yield "// enforcekg graph as a Cypher script (Neo4j 5). Run: cypher-shell -d <database> -f <this file>"
    for stmt in constraint_statements() + index_statements():
        yield f"{stmt};"
    for label, rows in node_rows(kg).items():
        t = NODE_TYPES[label]
        extra = "".join(f" SET n:{_ident(x)}" for x in t.extra_labels)
        for row in rows:
            props = cypher_literal(row["props"])
            yield f"MERGE (n:{_ident(label)} {{id: {cypher_string(row['id'])}}}){extra} SET n += {props};"
    for (src, rel, dst), rows in relationship_rows(kg).items():
        for row in rows:
            set_props = f" SET r += {cypher_literal(row['props'])}" if row.get("props") else ""
            yield (
                f"MATCH (a:{_ident(src)} {{id: {cypher_string(row['s'])}}}) "
                f"MATCH (b:{_ident(dst)} {{id: {cypher_string(row['t'])}}}) "
                f"MERGE (a)-[r:{_ident(rel)}]->(b){set_props};"
            )


def export_cypher_script(kg: KnowledgeGraph, path: str | Path) -> Path:
    """Write :func:`cypher_script_lines` to ``path`` (one statement per line) for ``cypher-shell -f``."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    with p.open("w", encoding="utf-8", newline="\n") as fh:
        for line in cypher_script_lines(kg):
            fh.write(line + "\n")
    return p


__all__ = [
    "LoadProgress",
    "LoadReport",
    "Neo4jIOError",
    "Neo4jLoadError",
    "SchemaReport",
    "TRANSPORTS",
    "PROBE_STATEMENT",
    "WIPE_STATEMENT",
    "constraint_statements",
    "count_statements",
    "cypher_literal",
    "cypher_script_lines",
    "cypher_string",
    "ensure_schema",
    "export_cypher_script",
    "export_neo4j_csv",
    "fallback_index_statements",
    "graph_counts",
    "index_statements",
    "inline_parameters",
    "load_graph",
    "node_rows",
    "node_statement",
    "property_value",
    "relationship_rows",
    "relationship_statement",
    "run_query",
]
