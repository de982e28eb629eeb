"""Rectification lists and tracking between audits (整改清单, 逐一销号).

Registers the ``audit --format`` writers ``xlsx`` (the rectification workbook), ``html`` (a printable
list) and ``md`` (the audit summary followed by the list per unit), and the commands ``diff`` (two audits:
new / resolved / persisting findings and graph changes) and ``history`` (who held, delegated or assigned a
power, over time).  ``audit --accepted FILE --deadline-days N`` is served by :func:`load_accepted_or_exit`
and :func:`track_or_exit`.  openpyxl is imported only when a workbook is written.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from .cli_common import (
    EXIT_INPUT,
    EXIT_USAGE,
    EXTRA_FORMATS,
    Lang,
    LangOpt,
    check_date,
    check_rule_ids,
    console,
    load_or_exit,
    msg,
    write_output,
)


def register(app) -> None:
    """Add the rectification formats to ``audit`` and the ``diff`` and ``history`` commands."""
    EXTRA_FORMATS.update(xlsx=write_xlsx, html=write_html, md=write_markdown)
    app.command("diff")(diff)
    app.command("history")(history)


# --- audit: acceptances, deadline, writers ---------------------------------------------------------


def load_accepted_or_exit(path: Path | None, lang: Lang) -> list:
    """Read an acceptance file; print every problem (file #entry) and exit 3 if it cannot be used."""
    from .accepted import AcceptanceFileError, load_acceptances

    if path is None:
        return []
    try:
        return load_acceptances(path)
    except AcceptanceFileError as exc:
        err = console(stderr=True)
        for issue in exc.issues:
            err.print(issue.message(lang.value), markup=False, soft_wrap=True)
        err.print(msg(lang, f"已接受问题清单有 {len(exc.issues)} 个错误，未进行审计。", f"{len(exc.issues)} errors in the acceptance file; nothing audited."))
        raise typer.Exit(EXIT_INPUT) from None


def track_or_exit(report, acceptances: list, deadline_days: int, lang: Lang):
    """Apply acceptances and the deadline; warn about entries naming no finding of this audit."""
    from .accepted import partition, unknown_issue
    from .rectify import track

    err = console(stderr=True)
    for acc in partition(report.findings, acceptances, report.as_of).unknown:
        err.print(msg(lang, "警告 ", "warning ") + unknown_issue(acc, report.rules_run).message(lang.value), markup=False, soft_wrap=True)
    tracked = track(report, acceptances, deadline_days)
    if tracked.accepted or tracked.expired:
        err.print(msg(lang, f"已接受风险/暂缓 {len(tracked.accepted)} 个问题，不计入未整改问题；{len(tracked.expired)} 个接受已到期，重新列入。",
                      f"{len(tracked.accepted)} findings accepted or deferred, not counted as open; {len(tracked.expired)} acceptances expired, open again."),
                  markup=False, soft_wrap=True)
    return tracked


def _tracked(report):
    from .rectify import TrackedReport, track

    return report if isinstance(report, TrackedReport) else track(report)


def _need_output(output: Path | None, lang: str, fmt: str) -> Path:
    if output is None:
        raise typer.BadParameter(f"--format {fmt} 需要用 -o 指定输出文件" if lang != "en" else f"--format {fmt} needs an output file (-o)")
    return output


def _written(output: Path, lang: str) -> None:
    console(stderr=True).print(f"已写入 {output}" if lang != "en" else f"written: {output}", markup=False, soft_wrap=True)


def write_xlsx(report, output: Path | None, lang: str) -> None:
    """``audit --format xlsx -o FILE``: the rectification workbook."""
    from .rectify import write_xlsx as write

    path = _need_output(output, lang, "xlsx")
    write(_tracked(report), path, lang)
    _written(path, lang)


def write_html(report, output: Path | None, lang: str) -> None:
    """``audit --format html``: the printable rectification list (to stdout without -o)."""
    from .rectify import to_html

    write_output(to_html(_tracked(report), lang), output)


def write_markdown(report, output: Path | None, lang: str) -> None:
    """``audit --format md``: the audit summary followed by the rectification list per unit."""
    from .rectify import to_markdown

    write_output(to_markdown(_tracked(report), lang), output)


# --- diff ------------------------------------------------------------------------------------------


class DiffFormat(str, Enum):
    table = "table"
    json = "json"
    xlsx = "xlsx"


SideArg = Annotated[Path, typer.Argument(help="数据集文件夹，或 enforcekg audit -f json 保存的结果 / dataset folder or saved JSON audit")]


def _side(path: Path, lang: Lang, rules: list[str] | None, keep_going: bool, quiet: bool):
    from .audit import run_audit
    from .diff import DiffInputError, read_audit_json, side_from_report

    if path.suffix.lower() == ".json" and not path.is_dir():
        try:
            return read_audit_json(path)
        except DiffInputError as exc:
            console(stderr=True).print(exc.message(lang.value), markup=False, soft_wrap=True)
            raise typer.Exit(EXIT_INPUT) from None
    result = load_or_exit(path, lang, keep_going, quiet=quiet)
    return side_from_report(run_audit(result.graph, rules=rules, lang=lang.value), str(path), result.graph)


def diff(
    old: SideArg,
    new: SideArg,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="table|json|xlsx")] = DiffFormat.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写入文件而不是标准输出（xlsx 必须指定）")] = None,
    rule: Annotated[list[str] | None, typer.Option("--rule", "-r", help="审计数据集时只运行这些规则（可重复）")] = None,
    lang: LangOpt = Lang.zh,
    keep_going: Annotated[bool, typer.Option("--keep-going", help="输入有错误时仍审计其余数据")] = False,
) -> None:
    """比较两次审计：新增、已销号、仍存在的问题，以及图谱变化 / compare two audits (datasets or saved JSON)."""
    from . import diff as d

    if fmt == DiffFormat.xlsx:
        _need_output(output, lang.value, "xlsx")
    rules = check_rule_ids(rule, lang)
    quiet = fmt != DiffFormat.table
    result = d.compare(_side(old, lang, rules, keep_going, quiet), _side(new, lang, rules, keep_going, quiet))
    if fmt == DiffFormat.json:
        write_output(d.to_json(result) + "\n", output)
    elif fmt == DiffFormat.xlsx:
        d.write_xlsx(result, output, lang.value)
        _written(output, lang.value)
    else:
        _print(lambda c: d.print_table(result, c, lang.value), output)


def _print(render, output: Path | None) -> None:
    """Render rich output to the terminal, or to a file."""
    if output is None:
        render(console())
        return
    from rich.console import Console

    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as fh:
        render(Console(file=fh, width=160))


# --- history ---------------------------------------------------------------------------------------


class HistoryFormat(str, Enum):
    table = "table"
    json = "json"


def history(
    name_or_id: Annotated[str, typer.Argument(help="职权事项的名称、事项编码或标识 / power name, code or id")],
    path: Annotated[Path, typer.Argument(help="数据集文件夹或表格文件 / dataset folder or spreadsheet")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="截至日期 YYYY-MM-DD（默认：数据集声明的审计基准日）")] = None,
    fmt: Annotated[HistoryFormat, typer.Option("--format", "-f", help="table|json")] = HistoryFormat.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="写入文件而不是标准输出")] = None,
    lang: LangOpt = Lang.zh,
    keep_going: Annotated[bool, typer.Option("--keep-going", help="输入有错误时仍读取其余数据")] = False,
) -> None:
    """职权事项沿革：谁在何时持有、委托或交由行使 / who held, delegated or assigned a power, over time."""
    from .audit import default_as_of
    from .history import find_powers, power_history, print_table, to_json

    day = check_date(as_of, lang)
    kg = load_or_exit(path, lang, keep_going, quiet=fmt != HistoryFormat.table).graph
    matches = find_powers(kg, name_or_id)
    err = console(stderr=True)
    if not matches:
        err.print(msg(lang, f"数据集中没有职权事项“{name_or_id}”（可用事项名称、事项编码或标识）",
                      f"no power '{name_or_id}' in the dataset (give a power name, code or id)"), markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_USAGE)
    if len(matches) > 1:
        err.print(msg(lang, f"“{name_or_id}”对应 {len(matches)} 个职权事项，请用事项编码或标识指定其一：",
                      f"'{name_or_id}' matches {len(matches)} powers; name one by its code or id:"), markup=False, soft_wrap=True)
        for p in matches:
            err.print(f"  {p}  {kg.node(p).get('code') or '—'}  {kg.name(p)}", markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_USAGE)
    h = power_history(kg, matches[0], day or default_as_of(kg), lang.value)
    if fmt == HistoryFormat.json:
        write_output(to_json(h, lang.value) + "\n", output)
    else:
        _print(lambda c: print_table(h, c, lang.value), output)
