"""The ``enforcekg`` command line (typer + rich).

Exit codes (documented in the README and in ``enforcekg --help``):

    0  success (no finding at or above --fail-on)
    1  findings at or above the --fail-on severity
    2  usage error (unknown option, bad argument)
    3  the input data has errors (see the problem report); nothing was audited
    4  a graph server could not be reached or refused the request

Heavy libraries (rdflib, pyvis, neo4j, openpyxl) are imported only by the commands that use them.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Annotated

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
    check_rule_ids,
    console,
    emit_report,
    load_or_exit,
    msg,
    write_output,
)

HELP = """enforcekg — 行政执法职权与委托知识图谱审计工具 / audit of enforcement authority and delegation.

退出码 Exit codes: 0 正常 ok · 1 存在达到 --fail-on 级别的问题 findings at --fail-on · 2 用法错误 usage ·
3 输入数据有错误 input errors · 4 图数据库连接失败 graph server unreachable.
"""

app = typer.Typer(help=HELP, no_args_is_help=True, add_completion=False, rich_markup_mode=None)

#: modules that add command groups; each defines ``register(app)``
SUBCOMMAND_MODULES: tuple[str, ...] = (
    "enforcekg.cli_import",
    "enforcekg.cli_neo4j",
    "enforcekg.cli_rdf",
    "enforcekg.cli_view",
    "enforcekg.cli_track",
)


@app.command()
def audit(
    path: PathArg,
    as_of: Annotated[str | None, typer.Option("--as-of", help="审计基准日 YYYY-MM-DD（默认：数据集声明的日期，否则今天）")] = None,
    rule: Annotated[list[str] | None, typer.Option("--rule", "-r", help="只运行这些规则（可重复）")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table|json|csv|md|xlsx|html（xlsx 需 -o）")] = "table",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写入文件而不是标准输出")] = None,
    lang: LangOpt = Lang.zh,
    fail_on: Annotated[Severity, typer.Option("--fail-on", help="发现该级别及以上问题时退出码为 1")] = Severity.never,
    keep_going: Annotated[bool, typer.Option("--keep-going", help="输入有错误时仍审计其余数据")] = False,
    accepted: Annotated[Path | None, typer.Option("--accepted", help="已接受风险/暂缓整改的问题清单（YAML），这些问题单列、不计入未整改")] = None,
    deadline_days: Annotated[int, typer.Option("--deadline-days", min=0, help="整改时限：审计基准日后的天数")] = 90,
) -> None:
    """审计数据集，列出全部问题及法律依据 / audit a dataset and list every finding with its legal basis."""
    from .audit import run_audit
    from .cli_track import load_accepted_or_exit, track_or_exit

    check_format(fmt, lang)
    rules = check_rule_ids(rule, lang)
    day = check_date(as_of, lang)
    acceptances = load_accepted_or_exit(accepted, lang)
    result = load_or_exit(path, lang, keep_going, quiet=fmt != "table")
    report = track_or_exit(run_audit(result.graph, as_of=day, rules=rules, lang=lang.value), acceptances, deadline_days, lang)
    emit_report(report, fmt, output, fail_on, lang.value)


@app.command()
def validate(
    path: PathArg,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table|json")] = "table",
    lang: LangOpt = Lang.zh,
) -> None:
    """只检查输入数据，列出全部错误和警告（文件、行、列）/ check the input only and list every problem."""
    from .dataset import load_dataset
    from .render import print_problems, problems_json

    result = load_dataset(path)
    if fmt == "json":
        write_output(problems_json(result.problems, result.stats, lang.value) + "\n", None)
    else:
        c = console()
        print_problems(result.problems, c, lang.value)
        _print_stats(result.stats, c, lang)
        counts = result.graph.counts()
        c.print(msg(lang, "图：", "graph: ") + "，".join(f"{k} {v}" for k, v in sorted(counts.items())))
        if not result.problems.errors:
            c.print(msg(lang, "[green]没有错误。[/]", "[green]No errors.[/]"))
    if result.problems.errors:
        raise typer.Exit(EXIT_INPUT)


def _print_stats(stats, c, lang: Lang) -> None:
    from rich.table import Table

    t = Table(title=msg(lang, "逐表统计", "rows per sheet"))
    for col in (msg(lang, "文件", "file"), msg(lang, "类型", "kind"), msg(lang, "读取", "read"),
                msg(lang, "导入", "imported"), msg(lang, "合并", "merged"), msg(lang, "拒绝", "rejected"),
                msg(lang, "跳过", "skipped")):
        t.add_column(col, overflow="fold")
    for s in stats:
        t.add_row(s.file + (f"[{s.sheet}]" if s.sheet else ""), s.kind or "—", str(s.read), str(s.imported),
                  str(s.merged), str(s.rejected), str(s.skipped))
    c.print(t)


@app.command()
def rules(lang: LangOpt = Lang.zh, fmt: Annotated[str, typer.Option("--format", "-f", help="table|json")] = "table") -> None:
    """列出全部审计规则 / list the audit rules."""
    import json

    from .render import severity_label
    from .rules import REGISTRY

    if fmt == "json":
        write_output(json.dumps([{"id": r.id, "slug": r.slug, "title": r.title(lang.value), "severity": r.severity,
                                   "legal_refs": list(r.legal_refs)} for r in REGISTRY.values()], ensure_ascii=False, indent=2) + "\n", None)
        return
    from rich.table import Table

    t = Table(title=msg(lang, f"审计规则（{len(REGISTRY)} 条）", f"audit rules ({len(REGISTRY)})"))
    for col in ("ID", "slug", msg(lang, "名称", "title"), msg(lang, "级别", "severity")):
        t.add_column(col, overflow="fold")
    for r in REGISTRY.values():
        t.add_row(r.id, r.slug, r.title(lang.value), severity_label(r.severity, lang.value))
    console().print(t)


@app.command()
def explain(rule_id: Annotated[str, typer.Argument(help="规则编号或名称，如 EKG001")], lang: LangOpt = Lang.zh) -> None:
    """说明一条规则：含义、法律依据、整改建议、示例和 Cypher / explain one rule."""
    from .explain import explain_text
    from .rules import get_rule

    try:
        rule_obj = get_rule(rule_id)
    except KeyError:
        console(stderr=True).print(msg(lang, f"没有规则 {rule_id}（用 enforcekg rules 查看）", f"no rule {rule_id} (see enforcekg rules)"))
        raise typer.Exit(EXIT_USAGE) from None
    write_output(explain_text(rule_obj, lang.value), None)


@app.command()
def stats(path: PathArg, lang: LangOpt = Lang.zh, keep_going: Annotated[bool, typer.Option("--keep-going")] = False) -> None:
    """数据集概况：单位、事项、委托、人员，以及报告给出的数字 / what the dataset contains."""
    from .stats import dataset_stats, print_stats

    result = load_or_exit(path, lang, keep_going)
    print_stats(dataset_stats(result.graph), console(), lang.value)


def _register_subcommands() -> None:
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(name).register(app)


def main() -> None:
    _register_subcommands()
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
