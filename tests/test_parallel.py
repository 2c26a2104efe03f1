"""Parallel and incremental ingest: the same knowledge base whatever the workers, no needless work.

No timing here: speed is measured by benchmarks/run.py, these only check results and what is read.
"""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from benchmarks.scaled import write_scaled
from govdoc import api
from govdoc.pipeline import run
from tests.conftest import CORPUS

# The two smallest bundled texts: a 专报 and a 实施方案, each with tasks and targets.
SMALL = [CORPUS / "fenghuang-liuzhang-2023-report.txt", CORPUS / "jishou-liuzhang-2023-plan.txt"]
TABLES = {"documents": "doc_id", "tasks": "task_id", "targets": "target_id", "task_units": "task_id, unit_id, role",
          "units": "unit_id"}


def rows(db: str, table: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"select * from {table} order by {TABLES[table]}").fetchall()


@pytest.fixture(scope="module")
def scaled(tmp_path_factory) -> tuple[Path, str]:
    """Two varied copies of the small texts (four files), ingested serially from scratch."""
    root = tmp_path_factory.mktemp("scaled")
    list(write_scaled(SMALL, 2, root / "corpus"))
    db = str(root / "serial.sqlite")
    assert {r.status for r in api.ingest([str(root / "corpus")], db)} == {"ingested"}
    return root / "corpus", db


def test_parallel_ingest_builds_the_same_knowledge_base(scaled, tmp_path) -> None:
    corpus, serial = scaled
    parallel = str(tmp_path / "parallel.sqlite")
    results = api.ingest([str(corpus)], parallel, workers=2)
    assert [r.status for r in results] == ["ingested"] * 4
    for table in TABLES:
        assert rows(parallel, table) == rows(serial, table), table
    assert len(rows(parallel, "tasks")) > 100 and len(rows(parallel, "targets")) > 10


def test_unchanged_rerun_reads_no_file(scaled, tmp_path, monkeypatch) -> None:
    corpus, serial = scaled
    db = shutil.copy(serial, tmp_path / "kb.sqlite")
    monkeypatch.setattr(run, "read_source", lambda path: pytest.fail(f"read {path} again"))
    results = api.ingest([str(corpus)], str(db), workers=2)
    assert [r.status for r in results] == ["unchanged"] * 4


def test_changing_one_file_reingests_that_file_only(tmp_path, monkeypatch) -> None:
    corpus = tmp_path / "corpus"
    files = list(write_scaled(SMALL[:1], 3, corpus))
    db = str(tmp_path / "kb.sqlite")
    api.ingest([str(corpus)], db)
    files[1].write_text(files[1].read_text(encoding="utf-8") + "\n（修改）\n", encoding="utf-8")
    read, read_source = [], run.read_source
    monkeypatch.setattr(run, "read_source", lambda path: read.append(path) or read_source(path))
    results = api.ingest([str(corpus)], db, workers=2)
    assert [r.status for r in results] == ["unchanged", "ingested", "unchanged"]
    assert read == [str(files[1])]
