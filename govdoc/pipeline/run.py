"""Orchestration: files → knowledge base, one file at a time, one bad file never stopping the rest."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

import regex

from govdoc.errors import IngestError, NotGovDocument
from govdoc.pipeline import store
from govdoc.pipeline.documents import build_documents
from govdoc.pipeline.extract import targets_of, tasks_of
from govdoc.pipeline.ingest import discover, read_source
from govdoc.pipeline.normalise import normalise
from govdoc.pipeline.segment import segment
from govdoc.schemas.records import Document, SourceText, Target, Task

# Words any 文件 or 专报 carries; a text with almost none of them is not a government document.
OFFICIAL_MARKERS = regex.compile(
    r"人民政府|办公室|委员会|〔\d{4}〕|印发|通知|方案|专报|公报|决定|意见|责任单位|牵头|贯彻落实|各乡镇|县直|市直|州直"
)
MIN_MARKERS = 3


@dataclass
class Extracted:
    """Everything read out of one source file."""

    documents: list[Document] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)


@dataclass
class FileResult:
    path: str
    status: str  # ingested | unchanged | error
    extracted: Extracted = field(default_factory=Extracted)
    reason: str | None = None
    error: str | None = None

    @property
    def documents(self) -> list[Document]:
        return self.extracted.documents


def process(source: SourceText) -> Extracted:
    """The pure part of the pipeline for one file: no database, safe to run in a worker."""
    if len(OFFICIAL_MARKERS.findall(source.text)) < MIN_MARKERS:
        raise NotGovDocument(source.path, "does not look like a government document "
                                          "(no 文号, issuer, 通知/方案/专报 or similar wording found)")
    norm = normalise(source)
    if not norm.lines:
        raise NotGovDocument(source.path, "no text left after removing page numbers and headers")
    extracted = Extracted()
    for doc_range in build_documents(norm, segment(norm)):
        tasks = tasks_of(norm, doc_range)
        extracted.documents.append(doc_range.doc)
        extracted.tasks.extend(tasks)
        extracted.targets.extend(targets_of(norm, doc_range, tasks))
    return extracted


def ingest_file(db, path: str) -> FileResult:
    try:
        source = read_source(path)
        if store.is_unchanged(db, path, source.sha256):
            return FileResult(path, "unchanged")
        extracted = process(source)
        store.save_source(db, source, extracted)
        return FileResult(path, "ingested", extracted)
    except IngestError as exc:
        store.save_error(db, path, exc.reason, str(exc))
        return FileResult(path, "error", reason=exc.reason, error=str(exc))


def ingest(paths: list[str], db_path: str, on_file: Callable[[FileResult], None] | None = None) -> list[FileResult]:
    """Ingest files and folders into the knowledge base at db_path."""
    db = store.open_db(db_path)
    results = []
    for path in discover(paths):
        result = ingest_file(db, path)
        results.append(result)
        if on_file:
            on_file(result)
    return results


def summarise(results: list[FileResult]) -> dict:
    types = Counter(d.doc_type or "未识别" for r in results for d in r.documents if d.parent_id is None)
    return {
        "files": len(results),
        "ingested": sum(r.status == "ingested" for r in results),
        "unchanged": sum(r.status == "unchanged" for r in results),
        "errors": [r.error for r in results if r.status == "error"],
        "documents": sum(1 for r in results for d in r.documents if d.parent_id is None),
        "parts": sum(1 for r in results for d in r.documents if d.parent_id is not None),
        "tasks": sum(len(r.extracted.tasks) for r in results),
        "targets": sum(len(r.extracted.targets) for r in results),
        "by_type": dict(types.most_common()),
    }
