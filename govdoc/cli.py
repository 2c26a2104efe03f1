"""`govdoc`: a thin command line over govdoc.api."""
from __future__ import annotations

import os
import sys

import click

from govdoc import api
from govdoc.check import VERDICTS_ZH
from govdoc.output import FORMATS, SHEET_FORMATS, emit
from govdoc.schemas.db import (
    DOCUMENT_COLUMNS, DOCUMENT_TABLE_COLUMNS, FINDING_COLUMNS, FINDING_TABLE_COLUMNS, PROGRESS_COLUMNS,
    PROGRESS_TABLE_COLUMNS, TARGET_COLUMNS, TARGET_TABLE_COLUMNS, TASK_COLUMNS,
    TASK_TABLE_COLUMNS, UNIT_COLUMNS,
)

db_option = click.option("--db", "db_path", default=api.DEFAULT_DB, show_default=True,
                         help="SQLite knowledge base")
format_option = click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
sheet_format_option = click.option("--format", "fmt", type=click.Choice(SHEET_FORMATS), default="table",
                                   show_default=True, help="xlsx writes a workbook to --out")


def _emit_or_workbook(rows: list[dict], columns: list[str], fmt: str, out: str, title: str,
                      table_columns: list[str], sheets_by: str | None = None) -> None:
    """Print a listing, or write it as an Excel workbook (one sheet per `sheets_by` value too)."""
    if fmt != "xlsx":
        emit(rows, columns, fmt, title=title, table_columns=table_columns)
        return
    from govdoc.xlsx import write_sheets

    sheets = {"全部": (rows, columns)}
    if sheets_by:
        for key in dict.fromkeys(r[sheets_by] for r in rows if r.get(sheets_by)):
            sheets[key] = ([r for r in rows if r.get(sheets_by) == key], columns)
    click.echo(f"写入 wrote {write_sheets(out, sheets)}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """govdoc: 政府文件知识库 — ingest 文件, list what they hold, check plans against targets."""


workers_option = click.option("--workers", type=click.IntRange(min=1), default=os.cpu_count() or 1,
                              show_default="one per core", help="processes reading and extracting files in parallel")


def _ingest_with_progress(paths: list[str], db_path: str, workers: int) -> dict:
    """`api.run` with a progress bar on a terminal; rich, a tenth of a second to import, only then."""
    if not sys.stderr.isatty():
        return api.run(paths, db_path, workers=workers)
    from rich.progress import Progress

    from govdoc.pipeline.ingest import discover

    files = discover(paths)
    with Progress(transient=True) as progress:
        task = progress.add_task("ingest", total=len(files))
        summary = api.run(files, db_path, on_file=lambda r: progress.advance(task), workers=workers)
    return summary


TOTALS = [("documents", "文档(含附件) documents incl. parts"), ("tasks", "任务 tasks"), ("targets", "目标 targets"),
          ("progress", "进展 progress"), ("findings", "核查结果 findings")]


def _print_summary(summary: dict, db_path: str) -> None:
    click.echo(f"文件 files: {summary['files']} (新入库 ingested {summary['ingested']}, "
               f"未变 unchanged {summary['unchanged']}, 出错 errors {len(summary['errors'])})")
    if summary["ingested"]:
        click.echo(f"本次读出 read now: 文档 documents {summary['documents']} (+ 附件 parts {summary['parts']}), "
                   f"任务 tasks {summary['tasks']}, 目标 targets {summary['targets']}, 进展 progress {summary['progress']}")
        for doc_type, n in summary["by_type"].items():
            click.echo(f"  {doc_type}: {n}")
    totals = api.totals(db_path)
    click.echo("知识库合计 in the knowledge base: " + ", ".join(f"{label} {totals[key]}" for key, label in TOTALS))
    for error in summary["errors"]:
        click.echo(f"错误 error: {error}", err=True)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@workers_option
def ingest(paths: tuple[str, ...], db_path: str, workers: int) -> None:
    """Ingest files or folders (.txt in UTF-8/GBK, .pdf) into the knowledge base."""
    summary = _ingest_with_progress(list(paths), db_path, workers)
    _print_summary(summary, db_path)
    sys.exit(1 if summary["errors"] else 0)


@cli.command()
@click.argument("path", required=False, type=click.Path())
@db_option
@workers_option
def run(path: str | None, db_path: str, workers: int) -> None:
    """The main job end to end, on the bundled corpus/ by default."""
    summary = _ingest_with_progress([path or api.DEFAULT_CORPUS], db_path, workers)
    _print_summary(summary, db_path)
    click.echo(f"知识库 knowledge base: {db_path}")
    click.echo("核查结论 verdicts: " + "，".join(f"{VERDICTS_ZH[v]} {v} {n}" for v, n in summary["verdicts"].items()))
    for path in summary["reports"]:
        click.echo(f"报告 report: {path}")
    if not summary["reports"]:
        click.echo("报告 reports: 未重写 not rewritten, no file changed (`govdoc report` rewrites them)")
    sys.exit(1 if summary["errors"] else 0)


@cli.command()
@db_option
@format_option
@click.option("--region", help="only documents of this region, e.g. 凤凰县")
@click.option("--type", "doc_type", help="only this document type, e.g. 实施方案")
def documents(db_path: str, fmt: str, region: str | None, doc_type: str | None) -> None:
    """One row per document (附件 parts included) with its metadata and place in its source."""
    rows = api.documents(db_path, region=region, doc_type=doc_type)
    emit(rows, DOCUMENT_COLUMNS, fmt, title="文档 documents", table_columns=DOCUMENT_TABLE_COLUMNS)


@cli.command()
@db_option
@sheet_format_option
@click.option("--out", default="outputs/tasks.xlsx", show_default=True, help="workbook path for --format xlsx")
@click.option("--unit", help="a department by any of its names, e.g. 县商务局")
@click.option("--region", help="e.g. 凤凰县")
@click.option("--role", type=click.Choice(["lead", "support", "any"]), default="any", show_default=True)
@click.option("--doc", "doc_id", help="a document id (its 附件 parts included)")
def tasks(db_path: str, fmt: str, out: str, unit: str | None, region: str | None, role: str,
          doc_id: str | None) -> None:
    """Tasks (工作任务) with lead (牵头) and supporting units and deadlines: a 责任清单."""
    rows = api.tasks(db_path, unit=unit, region=region, role=role, doc_id=doc_id)
    _emit_or_workbook(rows, TASK_COLUMNS, fmt, out, f"任务 tasks: {len(rows)}", TASK_TABLE_COLUMNS)


@cli.command()
@db_option
@sheet_format_option
@click.option("--out", default="outputs/targets.xlsx", show_default=True, help="workbook path for --format xlsx")
@click.option("--region", help="e.g. 凤凰县, 湘西州, 泸溪高新区")
@click.option("--indicator", help="any name of an indicator, e.g. 社零")
@click.option("--doc", "doc_id", help="a document id (its 附件 parts included)")
def targets(db_path: str, fmt: str, out: str, region: str | None, indicator: str | None, doc_id: str | None) -> None:
    """Numeric targets (目标) with indicator, value, unit, base value, comparator and region."""
    rows = api.targets(db_path, region=region, indicator=indicator, doc_id=doc_id)
    _emit_or_workbook(rows, TARGET_COLUMNS, fmt, out, f"目标 targets: {len(rows)}", TARGET_TABLE_COLUMNS,
                      sheets_by="region")


@cli.command()
@db_option
@format_option
@click.option("--region", help="e.g. 吉首市")
def units(db_path: str, fmt: str, region: str | None) -> None:
    """Canonical departments (部门) with their aliases and task counts."""
    emit(api.units(db_path, region=region), UNIT_COLUMNS, fmt, title="单位 units")


@cli.command()
@db_option
@sheet_format_option
@click.option("--out", default="outputs/progress.xlsx", show_default=True, help="workbook path for --format xlsx")
@click.option("--region", help="e.g. 凤凰县, 湘西州")
@click.option("--status", type=click.Choice(["completed", "on_schedule", "in_progress", "behind", "preparing",
                                             "no_progress", "unknown"]))
@click.option("--indicator", help="e.g. 州重点项目投资")
def progress(db_path: str, fmt: str, out: str, region: str | None, status: str | None, indicator: str | None) -> None:
    """What the 专报 say: figures so far, completion rates and status (进展) per indicator and region."""
    rows = api.progress(db_path, region=region, status=status, indicator=indicator)
    _emit_or_workbook(rows, PROGRESS_COLUMNS, fmt, out, f"进展 progress: {len(rows)}", PROGRESS_TABLE_COLUMNS,
                      sheets_by="region")


@cli.command()
@db_option
@format_option
@click.option("--upper", help="the allocating region, e.g. 湘西州")
@click.option("--lower", help="the region whose plan is checked, e.g. 吉首市")
@click.option("--indicator", help="e.g. 州重点项目投资")
@click.option("--verdict", type=click.Choice(list(VERDICTS_ZH)))
def check(db_path: str, fmt: str, upper: str | None, lower: str | None, indicator: str | None,
          verdict: str | None) -> None:
    """Check plans against the targets allocated to them (below, missing, conflicts …), citing both sources."""
    rows = api.check(db_path, upper=upper, lower=lower, indicator=indicator, verdict=verdict)
    emit(rows, FINDING_COLUMNS, fmt, title=f"核查结果 findings: {len(rows)}", table_columns=FINDING_TABLE_COLUMNS)


@cli.command()
@db_option
@click.option("--lower", help="one county; every county with a plan by default")
@click.option("--out", "out_dir", default="outputs/reports", show_default=True)
def report(db_path: str, lower: str | None, out_dir: str) -> None:
    """Write the 一致性核查报告: Markdown per county, one HTML page, one xlsx workbook."""
    for path in api.report(db_path, lower=lower, out_dir=out_dir):
        click.echo(f"报告 report: {path}")


@cli.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="address to listen on (localhost only by default)")
@click.option("--port", default=8001, show_default=True, type=int)
def serve(db_path: str, host: str, port: int) -> None:
    """Browse and search the knowledge base in a web page (Datasette) until Ctrl-C."""
    from govdoc.serve import serve as serve_datasette

    try:
        serve_datasette(db_path, host, port)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc


def main() -> None:
    cli()
