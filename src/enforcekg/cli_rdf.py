"""``enforcekg rdf export|validate`` and ``enforcekg sparql``: the graph as linked data.

Registered by :func:`register` (see ``enforcekg.cli.SUBCOMMAND_MODULES``).  The projection lives in
:mod:`enforcekg.rdf`, the SHACL audit in :mod:`enforcekg.shacl`, the analyst queries in
``queries/sparql/*.rq`` (run by :func:`enforcekg.rdf.run_query`); this module only reads options, loads the dataset and prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from .cli_common import (
    EXIT_INPUT,
    EXIT_USAGE,
    Lang,
    LangOpt,
    PathArg,
    Severity,
    check_date,
    check_format,
    console,
    emit_report,
    load_or_exit,
    msg,
    query_from_args,
    write_output,
)

KeepGoingOpt = Annotated[bool, typer.Option("--keep-going", help="输入有错误时仍处理其余数据 / go on despite input errors")]


def export(
    path: PathArg,
    fmt: Annotated[str, typer.Option("--format", "-f", help="ttl|jsonld|nt")] = "ttl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写入文件而不是标准输出 / file to write")] = None,
    base: Annotated[str, typer.Option("--base", help="节点 IRI 前缀 / base IRI of the nodes")] = "https://w3id.org/enforcekg/id/",
    with_ontology: Annotated[bool, typer.Option("--with-ontology", help="同时写入本体和代码表 / include the ontology and code lists")] = False,
    lang: LangOpt = Lang.zh,
    keep_going: KeepGoingOpt = False,
) -> None:
    """把数据集导出为 RDF（Turtle、JSON-LD、N-Triples）/ export the dataset as RDF."""
    from . import rdf

    if fmt not in rdf.FORMATS:
        raise typer.BadParameter(msg(lang, f"格式应为 {'|'.join(rdf.FORMATS)}", f"format must be one of {'|'.join(rdf.FORMATS)}"))
    if not base.startswith(("http://", "https://", "urn:")) or not base.endswith(("/", "#", ":")):
        raise typer.BadParameter(msg(lang, f"--base 应为以 / 结尾的 http(s) IRI，收到 “{base}”",
                                     f"--base must be an http(s) IRI ending in '/', got '{base}'"))
    result = load_or_exit(path, lang, keep_going)
    graph = rdf.to_rdf(result.graph, base)
    if with_ontology:
        graph += rdf.load_ontology()
    write_output(rdf.serialize(graph, fmt), output)
    if output is not None:
        console(stderr=True).print(msg(lang, f"已写入 {output}（{len(graph)} 个三元组）", f"wrote {output} ({len(graph)} triples)"),
                                   markup=False)


def validate(
    path: PathArg,
    as_of: Annotated[str | None, typer.Option("--as-of", help="审计基准日 YYYY-MM-DD（默认：数据集声明的日期，否则今天）")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table|json|csv|md|xlsx|html（xlsx 需 -o）")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写入文件而不是标准输出")] = None,
    lang: LangOpt = Lang.zh,
    fail_on: Annotated[Severity, typer.Option("--fail-on", help="发现该级别及以上问题时退出码为 1")] = Severity.never,
    keep_going: KeepGoingOpt = False,
) -> None:
    """用 SHACL 约束（pySHACL）审计数据集，输出与 audit 相同 / audit the dataset with the SHACL shapes."""
    from .shacl import shacl_audit, structural_rows

    check_format(fmt, lang)
    day = check_date(as_of, lang)
    result = load_or_exit(path, lang, keep_going, quiet=fmt != "table")
    audit = shacl_audit(result.graph, as_of=day, lang=lang.value)
    errors = [r for r in audit.structural if r.severity == "error"]
    if audit.structural:
        _print_structural(structural_rows(audit.structural, lang.value), lang)
    emit_report(audit.report, fmt, output, Severity.never if errors else fail_on, lang.value)
    if errors:
        raise typer.Exit(EXIT_INPUT)


def _print_structural(rows: list[dict[str, str]], lang: Lang) -> None:
    from rich.table import Table

    from .render import severity_label

    t = Table(title=msg(lang, f"不符合结构约束（{len(rows)} 处）", f"structural constraint violations ({len(rows)})"))
    for col in (msg(lang, "级别", "severity"), msg(lang, "节点", "node"), msg(lang, "约束", "shape"), msg(lang, "问题", "problem")):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(severity_label(r["severity"], lang.value), r["node"], r["shape"], r["message"])
    console(stderr=True).print(t)


def sparql(
    path: PathArg,
    query: Annotated[str | None, typer.Argument(help="SPARQL 查询文本，或 queries/sparql 中的查询名 / query text or bundled query name")] = None,
    query_file: Annotated[Path | None, typer.Option("--file", "-f", help="从文件读取查询 / read the query from a file")] = None,
    bind: Annotated[list[str] | None, typer.Option("--bind", "-b", help="变量=值（字符串），可重复 / name=value, repeatable")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table|json")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写入文件而不是标准输出")] = None,
    lang: LangOpt = Lang.zh,
    keep_going: KeepGoingOpt = False,
) -> None:
    """对数据集（及本体、代码表）运行 SPARQL 查询 / run a SPARQL query over the dataset, ontology and code lists."""
    from . import rdf

    if fmt not in ("table", "json"):
        raise typer.BadParameter(msg(lang, "格式应为 table|json", "format must be table|json"))
    from .rdf import bundled_queries

    text = query_from_args(query, query_file, {name: q.text for name, q in bundled_queries().items()}, lang)
    bindings = _bindings(bind or [], lang)
    result = load_or_exit(path, lang, keep_going, quiet=fmt != "table")
    graph = rdf.to_rdf(result.graph) + rdf.load_ontology()
    try:
        table = rdf.run_query(graph, text, bindings)
    except rdf.QueryError as exc:
        console(stderr=True).print(msg(lang, f"查询有误：{exc}", f"query error: {exc}"), markup=False)
        raise typer.Exit(EXIT_USAGE) from None
    if fmt == "json":
        write_output(table.to_json() + "\n", output)
    else:
        _print_rows(table, lang, output)


def _bindings(items: list[str], lang: Lang) -> dict[str, Any]:
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip().lstrip("?$").isidentifier():
            raise typer.BadParameter(msg(lang, f"--bind 应写作 变量=值，收到 “{item}”", f"--bind must be name=value, got '{item}'"))
        out[name.strip().lstrip("?$")] = value
    return out


def _print_rows(table, lang: Lang, output: Path | None) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title=msg(lang, f"{len(table.rows)} 行", f"{len(table.rows)} rows"))
    for col in table.columns:
        t.add_column(col, overflow="fold")
    for row in table.display_rows():
        t.add_row(*row)
    if output is None:
        console().print(t)
    else:
        with output.open("w", encoding="utf-8") as fh:
            Console(file=fh, width=160).print(t)


def register(app) -> None:
    """Add ``rdf export``, ``rdf validate`` and ``sparql`` to the enforcekg typer app."""
    group = typer.Typer(help="RDF 导出与 SHACL 审计 / RDF export and SHACL validation", no_args_is_help=True,
                        rich_markup_mode=None)
    group.command("export")(export)
    group.command("validate")(validate)
    app.add_typer(group, name="rdf")
    app.command("sparql")(sparql)
