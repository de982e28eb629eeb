"""Lint Cypher files offline with Neo4j's own parser and semantic analyser, against our schema.

The Node script ``tools/cypher_lint.mjs`` runs ``lintCypherQuery(query, schema)`` from the npm package
``@neo4j-cypher/language-support`` (pinned in ``tools/package.json``; install it with
``npm ci --prefix tools``).  This module builds the schema it needs from :mod:`enforcekg.schema`:

.. code-block:: json

    {
      "labels": ["Act", "Assignment", "Body", ..., "Transfer"],
      "relationshipTypes": ["PART_OF", "LOCATED_IN", "FROM", "TO", ...],
      "propertyKeys": ["admin_organ", "aliases", "allows_delegation", ...],
      "parameters": {"asOf": "2024-01-01"},
      "graphSchema": [{"from": "Delegation", "to": "Subject", "relType": "FROM"},
                      {"from": "Act", "to": "Subject", "relType": "FROM"}, ...]
    }

What the linter reports: syntax errors and semantic errors (undefined variables, a query that does not
end in RETURN, unknown functions, undeclared ``$parameters``) as ``error``; unknown labels,
relationship types and properties, and patterns the schema does not allow (``graphSchema``) as
``warning``.  On top of that this module adds ``warning`` diagnostics (source ``enforcekg``) for
constructs outside the portable subset that runs on FalkorDB as well as Neo4j 5 (see
:data:`PORTABILITY_RULES`).

A file may declare extra parameters in comments: ``// @param name`` (one per line).

The portable subset (runs on Neo4j 5 and, measured, on FalkorDB 4.16 over Bolt)
------------------------------------------------------------------------------
Works: ``MATCH``/``OPTIONAL MATCH`` with ``count()``/``collect()`` (also ``DISTINCT``), ``WITH ... WHERE``,
``ORDER BY``/``SKIP``/``LIMIT`` (also ``LIMIT $n``), ``UNWIND $list``, ``UNION [ALL]``; pattern
predicates ``WHERE (a)-[:R]->(:L {k: $v})`` and ``NOT (a)-[:R]->()``; label predicates ``n:Label`` in
``WHERE`` and ``RETURN``; ``IN $list``, ``IS [NOT] NULL``, ``STARTS WITH``/``CONTAINS``/``ENDS WITH``;
comparing ISO date strings (``d.date <= $asOf``); ``CASE``, ``coalesce``, ``size()`` of lists and
strings, ``head``/``last``, ``any``/``all``/``none``, ``reduce``, list and pattern comprehensions
(``size([(d)-[:FROM]->(s) | s])``), map projection ``n {.id, .name}``, ``labels(n)``, ``type(r)``,
``toString``/``toInteger``/``toLower``/``trim``/``split``/``substring``/``replace``/``left``/``right``,
bounded variable-length patterns ``-[:R*1..3]->``.
Avoid: ``EXISTS {}``/``COUNT {}``/``COLLECT {}``, ``exists()``, ``=~``, ``elementId()``,
``shortestPath()``, temporal values (:data:`PORTABILITY_RULES` flags these); ``CALL { ... }``
subqueries (work on FalkorDB, but Neo4j 5.23+ deprecates the importing ``WITH``); relying on the
order of ``labels(n)`` or on ``sum()`` being an integer (FalkorDB returns a float); returning whole
relationships (FalkorDB sends an odd tuple) - return properties and scalars instead.

>>> sorted(linter_schema()["parameters"])
['asOf']
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .schema import EDGE_TYPES, NODE_TYPES, all_labels, all_property_names

#: Parameters every query may use, with a sample value (the linter needs a value, not a type).
QUERY_PARAMETERS: dict[str, Any] = {"asOf": "2024-01-01"}

#: ``(pattern, message)``: constructs that break or misbehave on FalkorDB over Bolt (measured) or
#: that Neo4j 5 removed.  Matched on the query with comments and string literals blanked out.
PORTABILITY_RULES: tuple[tuple[str, str], ...] = (
    (r"\bEXISTS\s*\{", "EXISTS { ... } subqueries fail on FalkorDB (one form crashed it); "
                      "use a pattern predicate: WHERE (a)-[:R]->(b)"),
    (r"\bCOUNT\s*\{", "COUNT { ... } subqueries fail on FalkorDB; use OPTIONAL MATCH ... WITH count(x)"),
    (r"\bCOLLECT\s*\{", "COLLECT { ... } subqueries fail on FalkorDB; use OPTIONAL MATCH ... collect(x)"),
    (r"\bexists\s*\(", "exists(...) fails on FalkorDB (and exists(pattern) is gone in Neo4j 5); "
                       "use x IS NOT NULL or a pattern predicate"),
    (r"=~", "regular expressions (=~) fail on FalkorDB; use STARTS WITH / CONTAINS / ENDS WITH"),
    (r"\belementId\s*\(", "elementId() fails on FalkorDB; compare the id property"),
    (r"\b(all)?shortestPath\s*\(", "shortestPath() fails on FalkorDB in this form; use a bounded "
                                   "variable-length pattern"),
    (r"\b(date|datetime|localdatetime|localtime|time|duration)\s*\(",
     "temporal values: returning one aborts FalkorDB; dates are ISO-8601 strings, compare them as strings"),
)


class CypherLintError(RuntimeError):
    """The linter could not run (no ``node``, package not installed, or the script failed)."""


@dataclass(frozen=True)
class Diagnostic:
    """One finding of the linter in one file (1-based line and column)."""

    path: str
    severity: str  # error | warning | info | hint
    message: str
    line: int
    column: int
    end_line: int | None = None
    end_column: int | None = None
    source: str = "neo4j"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message} [{self.source}]"


def tools_dir() -> Path:
    """The repository's ``tools/`` directory (next to ``src/``)."""
    return Path(__file__).resolve().parents[2] / "tools"


def linter_schema(parameters: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The ``DbSchema`` for ``lintCypherQuery``, derived from :mod:`enforcekg.schema`.

    ``graphSchema`` lists every declared (source, type, target) for the primary labels and for the
    shared labels (``Act``, ``Document``) so that ``(a:Act)-[:FROM]->(s:Subject)`` is accepted.
    """
    triples: dict[tuple[str, str, str], None] = {}
    for e in EDGE_TYPES.values():
        for src in e.sources:
            for dst in e.targets:
                for sl in NODE_TYPES[src].labels:
                    for tl in NODE_TYPES[dst].labels:
                        triples[(sl, tl, e.type)] = None
    return {
        "labels": all_labels(),
        "relationshipTypes": list(EDGE_TYPES),
        "propertyKeys": all_property_names(),
        "parameters": {**QUERY_PARAMETERS, **dict(parameters or {})},
        "graphSchema": [{"from": f, "to": t, "relType": r} for f, t, r in triples],
    }


_PARAM_DECL = re.compile(r"//.*?@param\s+\$?([A-Za-z_][A-Za-z0-9_]*)")


def declared_parameters(text: str) -> dict[str, Any]:
    """Parameters a query declares in ``// @param name`` comments (sample value ``None``)."""
    return {m.group(1): None for m in _PARAM_DECL.finditer(text)}


def _blank_comments_and_strings(text: str) -> str:
    """``text`` with comments and string literals replaced by spaces (newlines kept)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        two = text[i : i + 2]
        if two == "//":
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif two == "/*":
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append("".join(c if c == "\n" else " " for c in text[i:j]))
            i = j
        elif ch in "'\"`":
            j = i + 1
            while j < n and text[j] != ch:
                j += 2 if text[j] == "\\" and ch != "`" else 1
            j = min(j + 1, n)
            out.append("".join(c if c == "\n" else " " for c in text[i:j]))
            i = j
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def portability_diagnostics(path: str, text: str) -> list[Diagnostic]:
    """Warnings for constructs outside the Neo4j-5-and-FalkorDB portable subset."""
    code = _blank_comments_and_strings(text)
    found = []
    for pattern, message in PORTABILITY_RULES:
        for m in re.finditer(pattern, code, flags=re.IGNORECASE):
            line = code.count("\n", 0, m.start()) + 1
            column = m.start() - (code.rfind("\n", 0, m.start()) + 1) + 1
            found.append(Diagnostic(path, "warning", message, line, column, source="enforcekg"))
    return found


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise CypherLintError("找不到 node（需要 Node.js）/ node (Node.js) is not on PATH")
    return node


def cache_dir() -> Path:
    """Where linter results are cached: inside ``tools/node_modules`` so ``npm ci`` clears it."""
    return tools_dir() / "node_modules" / ".cache" / "enforcekg-cypher-lint"


def _cache_key(entry: Any, schema: Mapping[str, Any], script: Path, package: Path) -> str:
    """Content address of one lint run: the query, its parameters, the schema, script and package."""
    h = hashlib.sha256()
    h.update(json.dumps([entry, schema], ensure_ascii=False, sort_keys=True).encode("utf-8"))
    h.update(script.read_bytes())
    h.update((package / "package.json").read_bytes())
    return h.hexdigest()


def _run_node(files: Mapping[str, Any], schema: Mapping[str, Any], script: Path, timeout: float) -> dict[str, Any]:
    payload = json.dumps({"schema": schema, "files": files}, ensure_ascii=False)
    proc = subprocess.run(
        [_node(), str(script)],
        input=payload.encode("utf-8"),
        capture_output=True,
        cwd=tools_dir(),
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise CypherLintError(
            f"cypher_lint.mjs 失败（退出码 {proc.returncode}）/ failed (exit {proc.returncode}): "
            f"{proc.stderr.decode('utf-8', 'replace')[-2000:]}"
        )
    return json.loads(proc.stdout.decode("utf-8"))["files"]


def lint_queries(
    queries: Mapping[str, str],
    parameters: Mapping[str, Any] | None = None,
    *,
    portability: bool = True,
    cache: bool = True,
    timeout: float = 600.0,
) -> dict[str, list[Diagnostic]]:
    """Lint query texts (``{name: text}``); every query not in the cache in one run of the Node script.

    Neo4j's semantic analyser takes a fraction of a second per query, so results are cached by
    content (query, parameters, schema, script and package version): an unchanged file is not linted
    again.  ``cache=False`` always runs the linter.
    """
    script = tools_dir() / "cypher_lint.mjs"
    package = tools_dir() / "node_modules" / "@neo4j-cypher" / "language-support"
    if not package.is_dir():
        raise CypherLintError(
            f"未安装 Cypher 检查工具：请运行 npm ci --prefix {tools_dir()} / "
            f"the Cypher linter is not installed: run npm ci --prefix {tools_dir()}"
        )
    schema = linter_schema(parameters)
    entries = {
        name: ({"text": text, "parameters": declared_parameters(text)} if declared_parameters(text) else text)
        for name, text in queries.items()
    }
    raw: dict[str, list[dict[str, Any]]] = {}
    keys: dict[str, str] = {}
    if cache:
        for name, entry in entries.items():
            keys[name] = _cache_key(entry, schema, script, package)
            hit = cache_dir() / f"{keys[name]}.json"
            if hit.is_file():
                raw[name] = json.loads(hit.read_text(encoding="utf-8"))
    missing = {name: entry for name, entry in entries.items() if name not in raw}
    if missing:
        # The analyser is CPU-bound: spread many queries over one Node process per core.
        workers = max(1, min(os.cpu_count() or 1, 4, len(missing) // 6))
        names = list(missing)
        chunks = [{n: missing[n] for n in names[i::workers]} for i in range(workers)]
        fresh: dict[str, Any] = {}
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for part in pool.map(lambda chunk: _run_node(chunk, schema, script, timeout), chunks):
                fresh.update(part)
        for name in missing:
            raw[name] = fresh.get(name, [])
            crashed = any(d.get("source") == "cypher_lint" for d in raw[name])
            if cache and not crashed:
                cache_dir().mkdir(parents=True, exist_ok=True)
                (cache_dir() / f"{keys[name]}.json").write_text(json.dumps(raw[name]), encoding="utf-8")

    out: dict[str, list[Diagnostic]] = {}
    for name, text in queries.items():
        diags = [
            Diagnostic(
                path=name,
                severity=d["severity"],
                message=d["message"],
                line=d["line"],
                column=d["column"],
                end_line=d.get("endLine"),
                end_column=d.get("endColumn"),
                source=d.get("source", "neo4j"),
            )
            for d in raw[name]
        ]
        if portability:
            diags += portability_diagnostics(name, text)
        out[name] = sorted(diags, key=lambda d: (d.line, d.column, d.message))
    return out


def lint_files(
    paths: Iterable[str | Path],
    parameters: Mapping[str, Any] | None = None,
    *,
    portability: bool = True,
    cache: bool = True,
) -> dict[str, list[Diagnostic]]:
    """Lint ``.cypher`` files; returns ``{path: [Diagnostic, ...]}`` (an empty list means clean)."""
    texts = {str(p): Path(p).read_text(encoding="utf-8") for p in paths}
    if not texts:
        return {}
    return lint_queries(texts, parameters, portability=portability, cache=cache)


def problems(
    results: Mapping[str, list[Diagnostic]], severities: Iterable[str] = ("error", "warning")
) -> list[Diagnostic]:
    """All diagnostics of the given severities, flattened (what makes a file "not clean")."""
    wanted = set(severities)
    return [d for diags in results.values() for d in diags if d.severity in wanted]
