"""Listings as a terminal table, CSV (UTF-8 with header) or JSON: one function for every command."""
from __future__ import annotations

import csv
import io
import json
import sys
from typing import Iterable

FORMATS = ["table", "csv", "json"]
SHEET_FORMATS = FORMATS + ["xlsx"]


def to_csv(rows: list[dict], columns: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def emit(rows: list[dict], columns: list[str], fmt: str, title: str | None = None,
         table_columns: list[str] | None = None, file=None) -> None:
    """CSV and JSON carry every column; the terminal table only those that fit a screen."""
    out = file or sys.stdout
    if fmt == "xlsx":
        raise ValueError("xlsx goes to a file: use govdoc.xlsx.write_sheets")
    if fmt == "csv":
        out.write(to_csv(rows, columns))
    elif fmt == "json":
        out.write(json.dumps([{c: r.get(c) for c in columns} for r in rows], ensure_ascii=False, indent=2) + "\n")
    else:
        print_table(rows, table_columns or columns, title, out)


def print_table(rows: Iterable[dict], columns: list[str], title: str | None, out) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*["" if r.get(c) is None else str(r.get(c)) for c in columns])
    Console(file=out, width=max(160, Console().width)).print(table)
