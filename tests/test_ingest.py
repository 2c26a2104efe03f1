"""Ingest: encodings, bad input of every kind, idempotence. One bad file never stops a batch."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from govdoc import api
from govdoc.pipeline.ingest import read_source
from tests.conftest import CORPUS

PLAN_TEXT = (CORPUS / "jishou-liuzhang-2023-plan.txt").read_text(encoding="utf-8")[:3000]


def _count(db: str, table: str, where: str = "1=1") -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"select count(*) from {table} where {where}").fetchone()[0]


@pytest.mark.parametrize("encoding, prefix", [
    ("utf-8", b""),
    ("utf-8-sig", b""),
    ("gb18030", b""),
    ("gbk", b""),
    ("utf-16", b""),
])
def test_text_encodings_are_detected(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / f"plan-{encoding}.txt"
    path.write_bytes(prefix + PLAN_TEXT.encode(encoding))
    source = read_source(str(path))
    assert source.text == PLAN_TEXT
    assert "吉政发〔2023〕3 号" in source.text


BAD_INPUTS = [
    # (file name, content, reason, words the message must contain)
    ("empty.txt", b"", "empty", "empty"),
    ("blank.txt", b"  \n\n ", "empty", "empty"),
    ("binary.txt", b"\x00\x01\x02abc" * 10, "encoding", "binary"),
    ("latin.txt", "Straße café".encode("latin-1") + b"\xff\xfe\xfa" * 3, "encoding", "UTF-8"),
    ("novel.txt", "It was a bright cold day in April, and the clocks were striking thirteen.".encode(), "not_gov_document",
     "government document"),
    ("table.xlsx", b"PK\x03\x04 not really", "unsupported", ".xlsx"),
    ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\n%%EO", "unreadable_pdf", "PDF"),
]


@pytest.mark.parametrize("name, content, reason, words", BAD_INPUTS)
def test_bad_input_is_named_and_explained_and_the_batch_goes_on(
        tmp_path: Path, name: str, content: bytes, reason: str, words: str) -> None:
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "jishou.txt"
    shutil.copy(CORPUS / "jishou-liuzhang-2023-plan.txt", good)
    db = str(tmp_path / "kb.sqlite")
    results = {Path(r.path).name: r for r in api.ingest([str(bad), str(good)], db)}
    assert results[name].status == "error" and results[name].reason == reason
    assert name in results[name].error and words in results[name].error
    assert results["jishou.txt"].status == "ingested"
    assert _count(db, "documents", f"source = '{bad}'") == 0
    assert _count(db, "documents", f"source = '{good}'") == 8


def test_scanned_pdf_is_reported_as_scanned(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path))
    for _ in range(2):
        c.rect(50, 50, 400, 600, fill=1)
        c.showPage()
    c.save()
    [result] = api.ingest([str(path)], str(tmp_path / "kb.sqlite"))
    assert result.reason == "scanned_pdf" and "scanned" in result.error and "scan.pdf" in result.error


def test_reingesting_is_idempotent_and_a_changed_file_replaces_its_records(tmp_path: Path) -> None:
    path = tmp_path / "gazette.txt"
    shutil.copy(CORPUS / "fenghuang-gazette-2023-no1.txt", path)
    db = str(tmp_path / "kb.sqlite")
    [first] = api.ingest([str(path)], db)
    before = _count(db, "documents")
    [again] = api.ingest([str(tmp_path / "." / "gazette.txt")], db)  # same file, another spelling
    assert (first.status, again.status) == ("ingested", "unchanged")
    assert _count(db, "documents") == before and _count(db, "sources") == 1
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index(" 凤政人〔2023〕1 号")], encoding="utf-8")  # drop the last two documents
    [changed] = api.ingest([str(path)], db)
    assert changed.status == "ingested"
    assert _count(db, "documents", "parent_id is null") == 5


def test_a_file_read_by_an_older_govdoc_is_read_again(tmp_path: Path) -> None:
    """An upgrade must not keep what the old extractors made of an unchanged file."""
    path = tmp_path / "plan.txt"
    shutil.copy(CORPUS / "jishou-liuzhang-2023-plan.txt", path)
    db = str(tmp_path / "kb.sqlite")
    api.ingest([str(path)], db)
    targets = _count(db, "targets")
    with sqlite3.connect(db) as conn:
        conn.execute("update sources set pipeline = 'an-older-version'")
    [again] = api.ingest([str(path)], db)
    assert again.status == "ingested" and _count(db, "targets") == targets


def test_a_file_that_turns_bad_keeps_its_earlier_records(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    shutil.copy(CORPUS / "jishou-liuzhang-2023-plan.txt", path)
    db = str(tmp_path / "kb.sqlite")
    api.ingest([str(path)], db)
    path.write_bytes(b"")
    [result] = api.ingest([str(path)], db)
    assert result.status == "error"
    assert _count(db, "documents") == 8
    assert _count(db, "sources", "status = 'error' and error like '%empty%'") == 1


def test_a_defect_on_one_file_is_reported_and_the_batch_goes_on(tmp_path: Path, monkeypatch) -> None:
    """An unexpected failure while extracting one file names it; the other files are still ingested."""
    from govdoc.pipeline import run

    real = run.process

    def failing(source):
        if source.path.endswith("broken-plan.txt"):
            raise ValueError("an extractor bug")
        return real(source)

    monkeypatch.setattr(run, "process", failing)
    shutil.copy(CORPUS / "jishou-liuzhang-2023-plan.txt", tmp_path / "broken-plan.txt")
    shutil.copy(CORPUS / "fenghuang-liuzhang-2023-report.txt", tmp_path / "report.txt")
    db = str(tmp_path / "kb.sqlite")
    results = {Path(r.path).name: r for r in api.ingest([str(tmp_path)], db)}
    assert results["broken-plan.txt"].reason == "extraction_failed"
    assert "broken-plan.txt" in results["broken-plan.txt"].error and "an extractor bug" in results["broken-plan.txt"].error
    assert results["report.txt"].status == "ingested"
