"""What every ``enforcekg`` command shares: exit codes, options, console, loading and output helpers.

Command modules (``cli.py`` and the ``cli_<feature>.py`` groups) import from here, never from each other.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

EXIT_FINDINGS, EXIT_USAGE, EXIT_INPUT, EXIT_SERVER = 1, 2, 3, 4

#: extra audit output formats added by command modules: name -> writer(report, output, lang)
EXTRA_FORMATS: dict = {}


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class Severity(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"
    never = "never"


LangOpt = Annotated[Lang, typer.Option("--lang", help="输出语言 / output language", envvar="ENFORCEKG_LANG")]
PathArg = Annotated[Path, typer.Argument(help="数据集文件夹或表格文件 / dataset folder or spreadsheet")]


def console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, soft_wrap=False, width=max(100, int(os.environ.get("COLUMNS", "0") or 0)) if not sys.stdout.isatty() else None)


def msg(lang: Lang, zh: str, en: str) -> str:
    return en if lang == Lang.en else zh


def load_or_exit(path: Path, lang: Lang, keep_going: bool = False, quiet: bool = False):
    """Load a dataset; print its problems; exit 3 on errors unless ``keep_going``."""
    from .dataset import load_dataset
    from .render import print_problems

    result = load_dataset(path)
    err = console(stderr=True)
    if len(result.problems) and not quiet:
        print_problems(result.problems, err, lang.value, limit=None if result.problems.errors else 20)
    if result.problems.errors and not keep_going:
        err.print(msg(lang, f"[red]输入数据有 {len(result.problems.errors)} 个错误，未进行审计。[/] 修正后重试，或用 --keep-going 审计其余数据。",
                      f"[red]{len(result.problems.errors)} input errors; nothing audited.[/] Fix them, or use --keep-going to audit the rest."))
        raise typer.Exit(EXIT_INPUT)
    return result


def write_output(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")


def audit_formats() -> tuple[str, ...]:
    """Every ``--format`` an audit report can be written in: the built-in ones and the registered writers."""
    return tuple(dict.fromkeys(("table", "json", "csv", "md", *EXTRA_FORMATS)))


def check_format(fmt: str, lang: Lang) -> str:
    formats = audit_formats()
    if fmt not in formats:
        raise typer.BadParameter(msg(lang, f"格式应为 {'|'.join(formats)}", f"format must be one of {'|'.join(formats)}"))
    return fmt


def emit_report(report, fmt: str, output: Path | None, fail_on: Severity, lang: str = "zh") -> None:
    """Print or write an audit report in ``fmt`` and exit 1 if findings reach ``fail_on``."""
    from . import render

    if fmt in EXTRA_FORMATS:  # a registered writer (xlsx, html, the rectification md) takes precedence
        EXTRA_FORMATS[fmt](report, output, lang)
    elif fmt == "table":
        if output is not None:
            from rich.console import Console

            with output.open("w", encoding="utf-8") as fh:
                render.print_table(report, Console(file=fh, width=160))
        else:
            render.print_table(report, console())
    elif fmt == "json":
        write_output(render.to_json(report) + "\n", output)
    elif fmt == "csv":
        write_output(render.to_csv(report), output)
    elif fmt == "md":
        write_output(render.to_markdown(report), output)
    else:
        raise typer.BadParameter(fmt)
    fail_on_findings(report, fail_on)


def check_rule_ids(ids: list[str] | None, lang: Lang) -> list[str] | None:
    from .rules import get_rule

    if not ids:
        return None
    out = []
    for i in ids:
        try:
            out.append(get_rule(i).id)
        except KeyError:
            raise typer.BadParameter(msg(lang, f"没有规则 {i}（用 enforcekg rules 查看）", f"no rule {i} (see enforcekg rules)")) from None
    return out


def check_date(value: str | None, lang: Lang) -> str | None:
    from .values import parse_date

    if value is None:
        return None
    d, ok = parse_date(value)
    if not ok or d is None:
        raise typer.BadParameter(msg(lang, f"日期“{value}”无法识别，应为 YYYY-MM-DD", f"cannot read date '{value}'; use YYYY-MM-DD"))
    return d


def fail_on_findings(report, fail_on: Severity) -> None:
    """Exit 1 when a finding reaches the ``--fail-on`` severity."""
    order = ("error", "warning", "info")
    if fail_on != Severity.never and any(order.index(f.severity) <= order.index(fail_on.value) for f in report.findings):
        raise typer.Exit(EXIT_FINDINGS)


def query_from_args(query: str | None, query_file: Path | None, bundled: dict[str, str], lang: Lang) -> str:
    """The query from the argument (text, or the name of a ``bundled`` query) or from ``-f FILE``: exactly one."""
    if (query is None) == (query_file is None):
        raise typer.BadParameter(msg(lang, "请给出查询文本或查询名，或用 -f 指定查询文件（二选一）",
                                     "give a query (text or bundled name) or -f FILE, not both"))
    if query_file is not None:
        if not query_file.is_file():
            raise typer.BadParameter(msg(lang, f"找不到查询文件 {query_file}", f"no query file {query_file}"))
        return query_file.read_text(encoding="utf-8")
    if query in bundled:
        return bundled[query]
    if not any(ch.isspace() for ch in query.strip()):
        raise typer.BadParameter(msg(lang, f"没有名为 {query} 的查询；可用：{'、'.join(bundled)}",
                                     f"no bundled query {query}; available: {', '.join(bundled)}"))
    return query
