"""The command line: the README's commands, run through click's test runner."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from govdoc.cli import cli
from govdoc.schemas.db import DOCUMENT_COLUMNS
from tests.conftest import CORPUS


def test_ingest_then_documents_in_every_format(tmp_path: Path) -> None:
    db = str(tmp_path / "kb.sqlite")
    shutil.copy(CORPUS / "luxi-gazette-2023-no2.txt", tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(tmp_path), "--db", db])
    assert result.exit_code == 0, result.output
    assert "文档 documents 12 (+ 附件 parts 14)" in result.output

    out = runner.invoke(cli, ["documents", "--db", db, "--format", "csv"]).output
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == DOCUMENT_COLUMNS
    plan = next(r for r in rows if r["doc_number"] == "泸政办发〔2023〕5号")
    assert (plan["region"], plan["level"], plan["issue_date"], plan["doc_type"]) == (
        "泸溪县", "county", "2023-05-15", "实施方案")

    data = json.loads(runner.invoke(cli, ["documents", "--db", db, "--format", "json"]).output)
    assert len(data) == len(rows)
    assert "泸政办发〔2023〕5号" in runner.invoke(cli, ["documents", "--db", db]).output


def test_a_failed_file_makes_the_exit_code_say_so(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "empty.txt"), "--db", str(tmp_path / "kb.sqlite")])
    assert result.exit_code == 1
    assert "empty.txt: file is empty" in result.output


def test_tasks_by_department_accepts_any_alias(seed_kb: str) -> None:
    runner = CliRunner()
    by_alias = runner.invoke(cli, ["tasks", "--db", seed_kb, "--unit", "县市场监督管理局", "--region", "凤凰县",
                                   "--format", "csv"]).output
    by_name = runner.invoke(cli, ["tasks", "--db", seed_kb, "--unit", "县市场监管局", "--region", "凤凰县",
                                  "--format", "csv"]).output
    rows = list(csv.DictReader(io.StringIO(by_alias)))
    assert by_alias == by_name and len(rows) >= 20
    assert all("县市场监管局" in r["lead_units"] + r["support_units"] for r in rows)
    assert {"task_id", "doc_number", "section", "lead_units", "deadline_raw", "source", "line"} <= set(rows[0])


def test_targets_by_indicator_alias_and_as_a_workbook(seed_kb: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    runner = CliRunner()
    out = runner.invoke(cli, ["targets", "--db", seed_kb, "--indicator", "社零", "--region", "吉首市",
                              "--format", "csv"]).output
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["indicator"] for r in rows} == {"社会消费品零售总额"}
    allocated = [r for r in rows if r["allocation"] == "1"]
    assert [(r["value"], r["unit"], r["doc_number"]) for r in allocated if r["unit"] == "亿元"] == [("132.45", "亿元", "")]
    book = tmp_path / "t.xlsx"
    result = runner.invoke(cli, ["targets", "--db", seed_kb, "--format", "xlsx", "--out", str(book)])
    assert result.exit_code == 0, result.output
    workbook = load_workbook(book)
    assert workbook.sheetnames[0] == "全部" and {"吉首市", "凤凰县", "泸溪县", "湘西州"} <= set(workbook.sheetnames)
    assert workbook["全部"]["E1"].value == "指标"
