"""``enforcekg import``: raw spreadsheets and letters -> a dataset folder, with an import report.

Registered by :func:`register` (see ``enforcekg.cli.SUBCOMMAND_MODULES``).  Exit codes as for every
command: 0 imported without errors, 2 usage error, 3 the input has errors (the dataset and the report
are still written, so the errors can be fixed in the source or in the written CSVs).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .cli_common import EXIT_INPUT, Lang, LangOpt, console, msg


def register(app) -> None:
    """Add the ``import`` command to the enforcekg typer app."""
    app.command("import")(import_command)


def import_command(
    paths: Annotated[list[Path], typer.Argument(help="原始表格、委托书或其所在文件夹 / raw spreadsheets, letters or folders")],
    output: Annotated[Path, typer.Option("--output", "-o", help="写出的数据集文件夹 / dataset folder to write")],
    kind: Annotated[list[str] | None, typer.Option(
        "--kind", help="记录类型：KIND 用于全部表格，或 PATTERN=KIND 用于名称匹配的文件/工作表（可重复）"
                       " / record kind for every sheet, or PATTERN=KIND for matching file/sheet names")] = None,
    columns: Annotated[Path | None, typer.Option("--columns", help="列名映射文件（YAML）/ header mapping file")] = None,
    report_json: Annotated[Path | None, typer.Option("--report-json", help="把导入报告写成 JSON / write the import report as JSON")] = None,
    name: Annotated[str | None, typer.Option("--name", help="数据集名称")] = None,
    title: Annotated[str | None, typer.Option("--title", help="数据集标题")] = None,
    region: Annotated[str | None, typer.Option("--region", help="地区，如 示例县")] = None,
    province: Annotated[str | None, typer.Option("--province", help="省份，如 湖南省（决定是否适用湖南省规定）")] = None,
    audit_date: Annotated[str | None, typer.Option("--audit-date", help="审计基准日 YYYY-MM-DD")] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已有的输出文件夹 / overwrite an existing output folder")] = False,
    lang: LangOpt = Lang.zh,
) -> None:
    """导入原始权力清单、委托目录、人员表、划转表和委托书，写出规范数据集和导入报告
    / import raw lists, catalogs, staffing and transfer sheets and delegation letters into a dataset."""
    from .cli_common import check_date
    from .importer import ImportOptions, import_inputs, read_kind_options
    from .importer.output import print_report, write_dataset
    from .importer.output import report_json as to_json

    rules, bad = read_kind_options(kind or [])
    if bad:
        raise typer.BadParameter(msg(lang, f"无法识别的记录类型：{'、'.join(bad)}", f"unknown record kind: {', '.join(bad)}"),
                                 param_hint="--kind")
    if columns is not None and not columns.is_file():
        raise typer.BadParameter(msg(lang, f"找不到列名映射文件 {columns}", f"no mapping file {columns}"), param_hint="--columns")
    _check_output(output, paths, force, lang)
    options = ImportOptions(kinds=rules, columns=columns, name=name or output.name, title=title, region=region,
                            province=province, audit_date=check_date(audit_date, lang))
    result = import_inputs(paths, options)
    write_dataset(result, output)
    if report_json is not None:
        report_json.parent.mkdir(parents=True, exist_ok=True)
        report_json.write_text(to_json(result, lang.value) + "\n", encoding="utf-8")
    out = console()
    print_report(result, out, lang.value)
    errors = len(result.problems.errors)
    if errors:
        console(stderr=True).print(msg(
            lang, f"[red]输入有 {errors} 个错误[/]（见上表）。数据集已写出到 {output}，修正原表后重新导入，或直接修改其中的 CSV。",
            f"[red]{errors} input errors[/] (see above). The dataset was written to {output}; fix the sources and import again, or edit its CSVs."))
        raise typer.Exit(EXIT_INPUT)
    out.print(msg(lang, f"[green]已导入到 {output}。[/] 审计：enforcekg audit {output}",
                  f"[green]Imported into {output}.[/] Audit it with: enforcekg audit {output}"))


def _check_output(output: Path, inputs: list[Path], force: bool, lang: Lang) -> None:
    """Refuse to write into an input, or over a folder with files, unless --force."""
    resolved = output.resolve()
    for p in inputs:
        if p.exists() and (resolved == p.resolve() or (p.is_dir() and p.resolve() in resolved.parents)):
            raise typer.BadParameter(msg(lang, "输出文件夹不能是输入或在输入之内", "the output folder must not be or lie inside an input"),
                                     param_hint="--output")
    if output.exists() and not output.is_dir():
        raise typer.BadParameter(msg(lang, f"{output} 不是文件夹", f"{output} is not a folder"), param_hint="--output")
    if output.is_dir() and any(output.iterdir()):
        if not force:
            raise typer.BadParameter(msg(lang, f"{output} 已有文件；用 --force 覆盖", f"{output} is not empty; use --force to overwrite"),
                                     param_hint="--output")
        _clear_previous_import(output)


def _clear_previous_import(folder: Path) -> None:
    """Remove the files an earlier import wrote (dataset.yaml and one CSV per kind), nothing else."""
    from .sheets import SHEETS

    for name in ["dataset.yaml", *(f"{k}.csv" for k in SHEETS)]:
        (folder / name).unlink(missing_ok=True)
