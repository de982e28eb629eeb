"""``enforcekg view`` and ``enforcekg report``: interactive HTML views and a findings report, offline.

Registered by :func:`register` (see ``enforcekg.cli.SUBCOMMAND_MODULES``).  The views themselves live in
:mod:`enforcekg.views`; this module only reads options, loads and audits the dataset, and reports.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .cli_common import (
    EXIT_USAGE,
    Lang,
    LangOpt,
    PathArg,
    check_date,
    check_rule_ids,
    console,
    load_or_exit,
    msg,
)

#: the defaults below are views.DEFAULT_MAX_NODES and DEFAULT_DEPTH (not imported here: keeps startup light)
MaxNodesOpt = Annotated[int, typer.Option("--max-nodes", min=1, help="一张图最多画多少个节点 / most nodes drawn in one view")]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help="基准日 YYYY-MM-DD：只画当日有效的行为（默认：数据集声明的日期）")]
KeepGoingOpt = Annotated[bool, typer.Option("--keep-going", help="输入有错误时仍画出其余数据")]


def view(
    path: PathArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="写入的 HTML 文件 / HTML file to write")],
    focus: Annotated[str | None, typer.Option("--focus", help="以该单位、乡镇、机构或事项（名称或编号）为中心")] = None,
    depth: Annotated[int, typer.Option("--depth", min=0, help="--focus 向外几层 / hops around --focus")] = 2,
    rule: Annotated[str | None, typer.Option("--rule", "-r", help="只画这条规则的问题 / one rule's findings")] = None,
    finding: Annotated[str | None, typer.Option("--finding", help="只画这个问题的证据 / one finding's evidence")] = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = Lang.zh,
    max_nodes: MaxNodesOpt = 250,
    keep_going: KeepGoingOpt = False,
) -> None:
    """画出交互式关系图（HTML，离线可用）/ draw an interactive graph view (HTML, works offline)."""
    from .audit import run_audit
    from .views import Scope, ViewError, build_view, write_view

    if sum(x is not None for x in (focus, rule, finding)) > 1:
        raise typer.BadParameter(msg(lang, "--focus、--rule、--finding 只能选一个", "use only one of --focus, --rule, --finding"))
    rules = check_rule_ids([rule] if rule else None, lang)
    day = check_date(as_of, lang)
    result = load_or_exit(path, lang, keep_going)
    report = run_audit(result.graph, as_of=day, lang=lang.value)
    scope = Scope(focus=focus, depth=depth, rule=rules[0] if rules else None, finding=finding)
    try:
        v = build_view(result.graph, report, scope, lang=lang.value, max_nodes=max_nodes)
    except ViewError as exc:
        console(stderr=True).print(exc.message(lang.value), markup=False)
        raise typer.Exit(EXIT_USAGE) from None
    write_view(v, output)
    console().print(msg(lang, f"已写入 {output}（{len(v.nodes)} 个节点，{len(v.edges)} 条连线，{len(v.findings)} 个问题）",
                        f"wrote {output} ({len(v.nodes)} nodes, {len(v.edges)} links, {len(v.findings)} findings)"), markup=False)


def report(
    path: PathArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="写入报告的文件夹 / folder to write the report to")],
    as_of: AsOfOpt = None,
    lang: LangOpt = Lang.zh,
    max_nodes: MaxNodesOpt = 250,
    keep_going: KeepGoingOpt = False,
) -> None:
    """生成问题报告：汇总表、图表，每个问题一张关系图 / write the findings report with a view per finding."""
    from .audit import run_audit
    from .views.report import write_report

    day = check_date(as_of, lang)
    result = load_or_exit(path, lang, keep_going)
    audit = run_audit(result.graph, as_of=day, lang=lang.value)
    files = write_report(result.graph, audit, output, lang.value, max_nodes)
    c = console()
    c.print(msg(lang, f"已写入 {files.index}：{len(audit.findings)} 个问题，{len(files.findings)} 张问题关系图，{len(files.rules)} 张规则关系图",
                f"wrote {files.index}: {len(audit.findings)} findings, {len(files.findings)} finding views, {len(files.rules)} rule views"), markup=False)
    for page, reason in files.skipped:
        c.print(msg(lang, f"未生成 {page}：{reason}", f"not written {page}: {reason}"), markup=False)


def register(app) -> None:
    """Add ``view`` and ``report`` to the enforcekg typer app."""
    app.command("view")(view)
    app.command("report")(report)
