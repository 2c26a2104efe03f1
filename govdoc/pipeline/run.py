"""Orchestration: files → knowledge base, one bad file never stopping the rest; files may be read and
processed in worker processes, but only this process writes."""
from __future__ import annotations

import hashlib
import importlib
import sqlite3
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Callable

import regex
import sqlite_utils

from govdoc.errors import IngestError, NotGovDocument
from govdoc.extractors.regions import load_jionlp, region_index
from govdoc.pipeline import store
from govdoc.pipeline.ingest import discover, read_source
from govdoc.pipeline.pool import worker_pool
from govdoc.schemas.records import Document, Progress, SourceText, Summary, Target, Task

# Words any 文件 or 专报 carries; a text with almost none of them is not a government document.
OFFICIAL_MARKERS = regex.compile(
    r"人民政府|办公室|委员会|〔\d{4}〕|印发|通知|方案|专报|公报|决定|意见|责任单位|牵头|贯彻落实|各乡镇|县直|市直|州直"
)
MIN_MARKERS = 3
# Files a worker may have taken on beyond the one the writer waits for: enough to keep it busy.
IN_FLIGHT = 2


@dataclass
class Extracted:
    """Everything read out of one source file."""

    documents: list[Document] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    progress: list[Progress] = field(default_factory=list)
    summaries: list[Summary] = field(default_factory=list)


@dataclass
class FileResult:
    """What became of one file: its documents and how many records of each kind were stored, not the records
    themselves, which a large ingest could not keep in memory."""

    path: str
    status: str  # ingested | unchanged | error
    documents: list[Document] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)  # tasks, targets, progress stored
    reason: str | None = None
    error: str | None = None


def process(source: SourceText) -> Extracted:
    """The pure part of the pipeline for one file: no database, safe to run in a worker."""
    # lazy: importing the stages costs a quarter of a second, which a run with nothing to read never needs
    from govdoc.pipeline.documents import build_documents
    from govdoc.pipeline.extract import progress_of, summaries_of, targets_of, tasks_of
    from govdoc.pipeline.normalise import normalise
    from govdoc.pipeline.segment import segment

    if len(list(islice(OFFICIAL_MARKERS.finditer(source.text), MIN_MARKERS))) < MIN_MARKERS:  # stop at enough
        raise NotGovDocument(source.path, "does not look like a government document "
                                          "(no 文号, issuer, 通知/方案/专报 or similar wording found)")
    norm = normalise(source)
    if not norm.lines:
        raise NotGovDocument(source.path, "no text left after removing page numbers and headers")
    extracted = Extracted()
    for doc_range in build_documents(norm, segment(norm)):
        extracted.documents.append(doc_range.doc)
        parent = next((d for d in extracted.documents if d.doc_id == doc_range.doc.parent_id), None)
        parent_type = parent.doc_type if parent else None
        tasks, rows = tasks_of(norm, doc_range, parent_type)
        extracted.tasks.extend(tasks)
        targets = targets_of(norm, doc_range, tasks, parent_type, rows)
        extracted.targets.extend(targets)
        extracted.progress.extend(progress_of(norm, doc_range, parent_type, targets))
        extracted.summaries.extend(summaries_of(norm, doc_range))
    return extracted


@dataclass(frozen=True)
class Failed:
    """Why a file could not be ingested, as plain data: an IngestError does not survive pickling."""

    reason: str
    message: str


Outcome = tuple[SourceText, Extracted] | Failed


def read_and_process(path: str) -> Outcome:
    """The per-file work that needs no database: what a worker process runs in a parallel ingest."""
    try:
        source = read_source(path)
        return source, process(source)
    except IngestError as exc:
        return Failed(exc.reason, str(exc))
    except Exception as exc:  # a defect on one file's text must not cost the batch: it is recorded by name
        return Failed("extraction_failed", f"{path}: extraction failed ({type(exc).__name__}: {exc}); "
                                           "please report this file")


def _load_shared() -> None:
    """Load what every file needs (the stages' modules, the region table, jionlp's date parser) once, here,
    before the workers are forked: they inherit it, instead of each spending a second or more on it."""
    importlib.import_module("govdoc.pipeline.extract")
    region_index()
    load_jionlp()


def _outcomes(paths: list[str], workers: int) -> Iterator[Outcome]:
    """Each file's outcome in the order given, from this process or from a pool of `workers` processes.

    Files are handed out as the writer takes results, never more than IN_FLIGHT per worker ahead of it:
    when the writer is the slower side, finished results would otherwise pile up in memory.
    """
    if workers <= 1 or len(paths) <= 1:
        yield from map(read_and_process, paths)
        return
    _load_shared()
    with worker_pool(min(workers, len(paths))) as pool:
        window: deque[Future[Outcome]] = deque()
        for path in paths:
            window.append(pool.submit(read_and_process, path))
            if len(window) > IN_FLIGHT * workers:
                yield window.popleft().result()
        yield from (future.result() for future in window)


def _is_stored(db: sqlite_utils.Database, path: str) -> bool:
    """Whether this exact content is in the knowledge base, checked before reading so an unchanged PDF is not parsed."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return False  # read_source names the problem
    return store.is_unchanged(db, path, hashlib.sha256(data).hexdigest())


def _store(db: sqlite_utils.Database, path: str, outcome: Outcome) -> FileResult:
    """Write one file's outcome; only the main process writes, so SQLite never sees two writers."""
    if isinstance(outcome, Failed):
        store.save_error(db, path, outcome.reason, outcome.message)
        return FileResult(path, "error", reason=outcome.reason, error=outcome.message)
    source, extracted = outcome
    if store.is_unchanged(db, path, source.sha256):  # the same file given twice
        return FileResult(path, "unchanged")
    try:
        store.save_source(db, source, extracted)
    except sqlite3.DatabaseError as exc:  # the transaction rolled back: the file's earlier records stand
        message = f"{path}: could not be stored ({exc}); please report this file"
        store.save_error(db, path, "store_failed", message)
        return FileResult(path, "error", reason="store_failed", error=message)
    counts = Counter({"tasks": len(extracted.tasks), "targets": len(extracted.targets),
                      "progress": len(extracted.progress)})
    return FileResult(path, "ingested", extracted.documents, counts)


def ingest(paths: list[str], db_path: str, on_file: Callable[[FileResult], None] | None = None,
           workers: int = 1) -> list[FileResult]:
    """Ingest files and folders into the knowledge base at db_path.

    Files whose content is stored already are skipped unread. The others are read and processed by
    `workers` processes and written here in the order found, so the result does not depend on `workers`.
    The connection is closed at the end, which moves what was written from the WAL into the database file.
    """
    with store.open_db(db_path) as db:
        files = discover(paths)
        stored = [_is_stored(db, path) for path in files]
        outcomes = _outcomes([path for path, done in zip(files, stored) if not done], workers)
        results = []
        for path, done in zip(files, stored):
            result = FileResult(path, "unchanged") if done else _store(db, path, next(outcomes))
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
        **{kind: sum(r.counts[kind] for r in results) for kind in ("tasks", "targets", "progress")},
        "by_type": dict(types.most_common()),
    }
