"""``enforcekg neo4j load|audit``, ``enforcekg cypher`` and ``enforcekg export neo4j-csv|cypher``.

Registered by :func:`register` (see ``enforcekg.cli.SUBCOMMAND_MODULES``).  The projection and the
loader live in :mod:`enforcekg.neo4j_io`, the server audit in :mod:`enforcekg.neo4j_audit`; this module
reads options, connects, shows progress and maps errors onto exit codes:

* 4 — the server is unreachable, refuses the login, dies during a load, or rejects a rule query;
* 3 — the dataset has input errors, or holds a value the server cannot store;
* 2 — a bad option, or an analyst's own query that the server rejects.

The password comes from ``--password`` or ``NEO4J_PASSWORD`` and is never printed.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any, Self

import typer

from .cli_common import (
    EXIT_INPUT,
    EXIT_SERVER,
    EXIT_USAGE,
    Lang,
    LangOpt,
    PathArg,
    Severity,
    check_date,
    check_format,
    check_rule_ids,
    console,
    emit_report,
    load_or_exit,
    msg,
    query_from_args,
    write_output,
)

UriOpt = Annotated[str, typer.Option("--uri", envvar="NEO4J_URI", help="服务器地址 / server address, e.g. bolt://localhost:7687")]
UserOpt = Annotated[str, typer.Option("--user", envvar="NEO4J_USER", help="用户名 / user name")]
PasswordOpt = Annotated[str | None, typer.Option(
    "--password", envvar="NEO4J_PASSWORD", show_default=False,
    help="密码（也可用环境变量 NEO4J_PASSWORD；不会显示）/ password (or NEO4J_PASSWORD; never shown)")]
DatabaseOpt = Annotated[str | None, typer.Option(
    "--database", "-d", envvar="NEO4J_DATABASE", help="数据库名（默认：服务器的默认库）/ database (default: the server's)")]
TimeoutOpt = Annotated[float, typer.Option("--timeout", min=0.5, help="连接超时（秒）/ connection timeout in seconds")]
KeepGoingOpt = Annotated[bool, typer.Option("--keep-going", help="输入有错误时仍处理其余数据 / go on despite input errors")]


# --------------------------------------------------------------------------------------------------
# Connecting and reporting server errors
# --------------------------------------------------------------------------------------------------


def open_driver(uri: str, user: str, password: str | None, timeout: float, lang: Lang) -> Any:
    """A neo4j driver for ``uri``; a malformed address is a usage error (the password is never shown)."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import ConfigurationError

    try:
        return GraphDatabase.driver(
            uri, auth=(user, password or ""), connection_timeout=timeout,
            connection_acquisition_timeout=2 * timeout, max_transaction_retry_time=0.0,
        )
    except (ValueError, ConfigurationError) as exc:
        raise typer.BadParameter(msg(lang, f"--uri “{uri}” 无效：{exc}", f"--uri '{uri}' is not valid: {exc}")) from None


def server_error(exc: Exception, lang: Lang, code: int = EXIT_SERVER) -> typer.Exit:
    """Print a server error (its message already names what happened and what to do) and exit."""
    console(stderr=True).print(msg(lang, "错误：", "error: ") + str(exc), markup=False, highlight=False)
    return typer.Exit(code)


def source_name(uri: str, database: str | None) -> str:
    """How a report names the graph it audited (the address never carries the password)."""
    return f"{uri}（{database}）" if database else uri


# --------------------------------------------------------------------------------------------------
# enforcekg neo4j load
# --------------------------------------------------------------------------------------------------

PHASES = {"wipe": ("清空数据库", "wiping"), "nodes": ("写入节点", "nodes"), "relationships": ("写入关系", "relationships")}


class LoadBar:
    """A rich progress bar on stderr fed by :class:`enforcekg.neo4j_io.LoadProgress` callbacks."""

    def __init__(self, lang: Lang) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.lang = lang
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[key]}"), TimeElapsedColumn(),
                                 console=console(stderr=True), transient=False)
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> Self:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(*exc)

    def __call__(self, p) -> None:
        if p.phase not in self.tasks:
            zh, en = PHASES.get(p.phase, (p.phase, p.phase))
            self.tasks[p.phase] = self.progress.add_task(msg(self.lang, zh, en), total=p.total_rows or None, key="")
        self.progress.update(self.tasks[p.phase], completed=p.done_rows, total=p.total_rows or None, key=p.key)


def load(
    path: PathArg,
    uri: UriOpt = "bolt://localhost:7687",
    user: UserOpt = "neo4j",
    password: PasswordOpt = None,
    database: DatabaseOpt = None,
    wipe: Annotated[bool, typer.Option("--wipe", help="先清空目标数据库 / delete everything in the database first")] = False,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="每批写入行数 / rows per batch")] = 500,
    timeout: TimeoutOpt = 15.0,
    lang: LangOpt = Lang.zh,
    keep_going: KeepGoingOpt = False,
) -> None:
    """把数据集导入 Neo4j（幂等：重复导入结果相同）/ load the dataset into Neo4j (idempotent)."""
    from .neo4j_io import Neo4jLoadError, load_graph

    result = load_or_exit(path, lang, keep_going)
    driver = open_driver(uri, user, password, timeout, lang)
    try:
        with LoadBar(lang) as bar:
            report = load_graph(result.graph, driver, database, batch_size=batch_size, wipe=wipe, progress=bar,
                                lang=lang.value)
    except Neo4jLoadError as exc:
        raise server_error(exc, lang, EXIT_INPUT if exc.kind == "data" else EXIT_SERVER) from None
    finally:
        driver.close()
    out = console()
    out.print(report.summary(lang.value), markup=False)
    counts = "，".join(f"{k} {v}" for k, v in report.nodes.items())
    out.print(msg(lang, f"节点：{counts}", f"nodes: {counts}"), markup=False)


# --------------------------------------------------------------------------------------------------
# enforcekg neo4j audit
# --------------------------------------------------------------------------------------------------


def audit(
    uri: UriOpt = "bolt://localhost:7687",
    user: UserOpt = "neo4j",
    password: PasswordOpt = None,
    database: DatabaseOpt = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="审计基准日 YYYY-MM-DD（默认：今天）")] = None,
    rule: Annotated[list[str] | None, typer.Option("--rule", "-r", help="只运行这些规则（可重复）")] = None,
    province: Annotated[str | None, typer.Option(
        "--province", help="数据所属省份（EKG023 用；默认按图中的行政区划判断）/ the data's province")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table|json|csv|md|xlsx|html（xlsx 需 -o）")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写入文件而不是标准输出")] = None,
    fail_on: Annotated[Severity, typer.Option("--fail-on", help="发现该级别及以上问题时退出码为 1")] = Severity.never,
    timeout: TimeoutOpt = 15.0,
    lang: LangOpt = Lang.zh,
) -> None:
    """在服务器上运行各规则的 Cypher，输出与 audit 相同 / run the rules' Cypher on the server, same output as audit."""
    from .neo4j_audit import RuleQueryError, audit_server
    from .neo4j_io import Neo4jIOError

    check_format(fmt, lang)
    rules = check_rule_ids(rule, lang)
    day = check_date(as_of, lang) or dt.date.today().isoformat()
    driver = open_driver(uri, user, password, timeout, lang)
    try:
        report = audit_server(driver, database, day, rules=rules, lang=lang.value, params={"province": province},
                              source=source_name(uri, database))
    except (Neo4jIOError, RuleQueryError) as exc:
        raise server_error(exc, lang) from None
    finally:
        driver.close()
    emit_report(report, fmt, output, fail_on, lang.value)


# --------------------------------------------------------------------------------------------------
# enforcekg cypher
# --------------------------------------------------------------------------------------------------


def analyst_queries() -> dict[str, Path]:
    """The bundled analyst queries (``queries/analyst/*.cypher``) by name."""
    from .resources import queries_dir

    return {p.stem: p for p in sorted((queries_dir() / "analyst").glob("*.cypher"))}


def parse_params(items: list[str], lang: Lang) -> dict[str, Any]:
    """``name=value`` pairs; a value that parses as JSON is taken as JSON (numbers, lists, true, null)."""
    out: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip().lstrip("$")
        if not sep or not name.isidentifier():
            raise typer.BadParameter(msg(lang, f"--param 应写作 名称=值，收到 “{item}”", f"--param must be name=value, got '{item}'"))
        try:
            out[name] = json.loads(value)
        except ValueError:
            out[name] = value
    return out


def _cell(value: Any) -> str:
    """A table cell: text as is, a list of texts joined with 、, anything else as JSON."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "、".join(value)
    return json.dumps(value, ensure_ascii=False)


def print_rows(rows: list[dict[str, Any]], lang: Lang, output: Path | None) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title=msg(lang, f"{len(rows)} 行", f"{len(rows)} rows"))
    for col in (rows[0] if rows else {}):
        t.add_column(col, overflow="fold")
    for row in rows:
        t.add_row(*(_cell(v) for v in row.values()))
    if output is None:
        console().print(t, markup=False)
    else:
        with output.open("w", encoding="utf-8") as fh:
            Console(file=fh, width=160).print(t)


def cypher(
    query: Annotated[str | None, typer.Argument(
        help="Cypher 查询文本，或 queries/analyst 中的查询名 / query text or bundled analyst query name")] = None,
    query_file: Annotated[Path | None, typer.Option("--file", "-f", help="从文件读取查询 / read the query from a file")] = None,
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", help="参数 名称=值（JSON 或字符串），可重复 / name=value (JSON or text), repeatable")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table|json")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写入文件而不是标准输出")] = None,
    uri: UriOpt = "bolt://localhost:7687",
    user: UserOpt = "neo4j",
    password: PasswordOpt = None,
    database: DatabaseOpt = None,
    timeout: TimeoutOpt = 15.0,
    lang: LangOpt = Lang.zh,
) -> None:
    """在 Neo4j 上运行自己的 Cypher 查询（值一律作为参数传递）/ run your own Cypher query on the server."""
    from .neo4j_io import Neo4jIOError, run_query

    if fmt not in ("table", "json"):
        raise typer.BadParameter(msg(lang, "格式应为 table|json", "format must be table|json"))
    bundled = {name: path.read_text(encoding="utf-8") for name, path in analyst_queries().items()}
    text = query_from_args(query, query_file, bundled, lang)
    params = parse_params(param or [], lang)
    if "$asOf" in text and "asOf" not in params:
        params["asOf"] = dt.date.today().isoformat()
        console(stderr=True).print(msg(lang, f"未给出 --param asOf，按今天 {params['asOf']} 查询",
                                       f"no --param asOf given: using today, {params['asOf']}"), markup=False)
    driver = open_driver(uri, user, password, timeout, lang)
    try:
        rows = run_query(driver, database, text, params, lang=lang.value)
    except Neo4jIOError as exc:
        raise server_error(exc, lang, EXIT_USAGE if exc.kind == "query" else EXIT_SERVER) from None
    finally:
        driver.close()
    if fmt == "json":
        write_output(json.dumps(rows, ensure_ascii=False, indent=2) + "\n", output)
    else:
        print_rows(rows, lang, output)


# --------------------------------------------------------------------------------------------------
# enforcekg export neo4j-csv | cypher
# --------------------------------------------------------------------------------------------------


def export_csv(
    path: PathArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="写入 CSV 的文件夹 / folder to write the CSVs to")],
    lang: LangOpt = Lang.zh,
    keep_going: KeepGoingOpt = False,
) -> None:
    """导出 neo4j-admin database import 所需的节点、关系 CSV / node and relationship CSVs for neo4j-admin import."""
    from .neo4j_io import export_neo4j_csv

    result = load_or_exit(path, lang, keep_going)
    try:
        written = export_neo4j_csv(result.graph, output)
    except ValueError as exc:
        console(stderr=True).print(msg(lang, f"无法导出：{exc}", f"cannot export: {exc}"), markup=False)
        raise typer.Exit(EXIT_INPUT) from None
    nodes, rels = sum(written["nodes"].values()), sum(written["relationships"].values())
    console().print(msg(lang, f"已写入 {len(written['files'])} 个文件到 {output}（{nodes} 个节点、{rels} 条关系）；导入：sh {output / 'import.sh'} <数据库名>",
                        f"wrote {len(written['files'])} files to {output} ({nodes} nodes, {rels} relationships); import: sh {output / 'import.sh'} <database>"),
                    markup=False)


def export_script(
    path: PathArg,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写入的 .cypher 文件（默认：标准输出）")] = None,
    lang: LangOpt = Lang.zh,
    keep_going: KeepGoingOpt = False,
) -> None:
    """导出为 Cypher 脚本（cypher-shell -f 运行）/ the graph as a Cypher script for cypher-shell -f."""
    from .neo4j_io import cypher_script_lines, export_cypher_script

    result = load_or_exit(path, lang, keep_going)
    try:
        if output is None:
            write_output("".join(line + "\n" for line in cypher_script_lines(result.graph)), None)
            return
        export_cypher_script(result.graph, output)
    except ValueError as exc:
        console(stderr=True).print(msg(lang, f"无法导出：{exc}", f"cannot export: {exc}"), markup=False)
        raise typer.Exit(EXIT_INPUT) from None
    console(stderr=True).print(msg(lang, f"已写入 {output}；运行：cypher-shell -d <数据库名> -f {output}",
                                   f"wrote {output}; run: cypher-shell -d <database> -f {output}"), markup=False)


def register(app) -> None:
    """Add ``neo4j load|audit``, ``cypher`` and ``export neo4j-csv|cypher`` to the enforcekg typer app."""
    neo4j = typer.Typer(help="Neo4j：导入图谱、在服务器上审计 / load the graph into Neo4j and audit it there",
                        no_args_is_help=True, rich_markup_mode=None)
    neo4j.command("load")(load)
    neo4j.command("audit")(audit)
    app.add_typer(neo4j, name="neo4j")
    app.command("cypher")(cypher)
    export = typer.Typer(help="批量导出（neo4j-admin CSV、Cypher 脚本）/ bulk exports for Neo4j", no_args_is_help=True,
                         rich_markup_mode=None)
    export.command("neo4j-csv")(export_csv)
    export.command("cypher")(export_script)
    app.add_typer(export, name="export")
