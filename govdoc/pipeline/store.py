"""Stage 6, store: records → the SQLite knowledge base (sqlite-utils).

One transaction per source file: its old records are replaced by the new ones or,
if anything fails, nothing changes. A file whose content hash is already stored
is skipped, so re-ingesting never duplicates. A file that fails keeps the
records it had and gets its error recorded, so a bad re-ingest loses nothing.
"""
from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils

from govdoc.schemas.db import ensure_schema
from govdoc.schemas.records import Document, Progress, SourceText, Summary, Target, Task

if TYPE_CHECKING:
    from govdoc.pipeline.run import Extracted

READERS = ("pipeline", "extractors", "schemas")  # the packages whose code decides what is extracted


def open_db(path: str | Path) -> sqlite_utils.Database:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    db.enable_wal()  # readers (govdoc serve) never block the writer; one fsync per checkpoint, not per file
    db.execute("pragma synchronous = normal")
    ensure_schema(db)
    return db


def source_key(path: str) -> str:
    """The identity of a file: its resolved path, however it was given."""
    return str(Path(path).resolve())


@lru_cache(maxsize=1)
def pipeline_version() -> str:
    """A digest of the code and schemas that read a file: a file read by another version of them is read again,
    so an upgraded govdoc never keeps what an older one extracted."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(p for folder in READERS for p in (root / folder).rglob("*") if p.suffix in (".py", ".yaml")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def is_unchanged(db: sqlite_utils.Database, path: str, sha256: str) -> bool:
    """Already read, as it is now, by this version of the pipeline."""
    rows = list(db.query("select 1 from sources where key = ? and sha256 = ? and status = 'ok' and pipeline = ?",
                         [source_key(path), sha256, pipeline_version()]))
    return bool(rows)


def document_row(doc: Document, key: str) -> dict:
    """A document's row; `key` is its file's source_key (resolving the path per row costs more than the insert)."""
    row = {f.name: getattr(doc, f.name) for f in dataclasses.fields(doc) if f.name != "span"}
    row["issuers"] = "；".join(doc.issuers)
    row.update(start_line=doc.span.line, page_start=doc.span.page, char_start=doc.span.start,
               char_end=doc.span.end, source_key=key)
    return row


def task_row(task: Task, key: str) -> dict:
    return {
        "task_id": task.task_id, "doc_id": task.doc_id, "source": task.span.source,
        "source_key": key, "region": task.region, "section": task.section,
        "task_no": task.task_no, "title": task.title, "text": task.text,
        "lead_units": "；".join(task.names("lead")), "support_units": "；".join(task.names("support")),
        "note_raw": task.note_raw, "shared_note": task.shared_note, "deadline_raw": task.deadline_raw,
        "deadline": task.deadline, "recurrence": task.recurrence, "line": task.span.line,
        "page": task.span.page, "char_start": task.span.start, "char_end": task.span.end,
        "uncertain": task.uncertain, "uncertain_reason": task.uncertain_reason,
    }


def spanned_row(record: Target | Progress | Summary, key: str) -> dict:
    """A record's fields, its span flattened into source, line, page and character offsets."""
    row = {f.name: getattr(record, f.name) for f in dataclasses.fields(record) if f.name != "span"}
    span = record.span
    row.update(source=span.source, source_key=key, line=span.line, page=span.page,
               char_start=span.start, char_end=span.end)
    if isinstance(record, Target):
        row["responsible_units"] = "；".join(record.responsible_units)
    return row


def _insert(db: sqlite_utils.Database, table: str, rows: Iterable[dict], verb: str = "insert") -> None:
    """Rows (dicts with the same keys) in one executemany: sqlite-utils' insert_all costs more than SQLite's work."""
    rows = list(rows)
    if rows:
        columns = list(rows[0])
        db.conn.executemany(f"{verb} into [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
                            f"values ({', '.join('?' * len(columns))})", [[row[c] for c in columns] for row in rows])


def _save_units(db: sqlite_utils.Database, key: str, tasks: list[Task]) -> None:
    """Units are shared across files: add this file's units and the names they were written as."""
    units: dict[str, dict] = {}
    aliases: set[tuple[str, str]] = set()
    for task in tasks:
        for ref in task.units:
            units[ref.unit_id] = {"unit_id": ref.unit_id, "name": ref.name, "region": ref.region,
                                  "kind": ref.kind, "aliases": ""}
            aliases |= {(ref.raw, ref.unit_id), (ref.name, ref.unit_id)}
    _insert(db, "units", units.values(), "insert or ignore")
    _insert(db, "unit_aliases", ({"alias": a, "unit_id": u} for a, u in sorted(aliases)), "insert or ignore")
    db.execute(f"""update units set aliases = (select group_concat(alias, '；') from
                   (select alias from unit_aliases where unit_id = units.unit_id order by alias))
                   where unit_id in ({','.join('?' * len(units))})""", list(units))
    _insert(db, "task_units", ({"task_id": t.task_id, "unit_id": r.unit_id, "role": r.role, "raw": r.raw,
                                "source_key": key} for t in tasks for r in t.units), "insert or ignore")


def _save_regions(db: sqlite_utils.Database, extracted: Extracted) -> None:
    """Every region a record names, with its level and parent: a park (吉首经开区) links to its county."""
    from govdoc.extractors.regions import park, region_index

    names = {r.region for group in (extracted.documents, extracted.targets, extracted.progress) for r in group}
    rows = []
    for name in sorted(n for n in names if n):
        region = park(name) or region_index().get(name)
        if region:
            rows.append({"name": region.name, "full_name": region.full_name, "level": region.level,
                         "parent": region.parent, "code": region.code})
    db["regions"].upsert_all(rows, pk="name")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def save_source(db: sqlite_utils.Database, source: SourceText, extracted: Extracted) -> None:
    """Replace everything stored for this file with what was extracted from it, atomically."""
    key = source_key(source.path)
    docs = extracted.documents
    with db.atomic():
        db["sources"].upsert({
            "key": key, "path": source.path, "sha256": source.sha256, "kind": source.kind,
            "encoding": source.encoding, "pages": len(source.pages) or None,
            "lines": len(source.line_starts), "documents": len(docs), "status": "ok",
            "error_reason": None, "error": None, "ingested_at": _now(), "text": source.text,
            "pipeline": pipeline_version(),
        }, pk="key")
        for table in ("summaries", "progress", "targets", "task_units", "tasks", "documents"):
            db.execute(f"delete from {table} where source_key = ?", [key])
        _insert(db, "documents", (document_row(d, key) for d in docs))
        _insert(db, "tasks", (task_row(t, key) for t in extracted.tasks))
        for table, records in (("targets", extracted.targets), ("progress", extracted.progress),
                               ("summaries", extracted.summaries)):
            _insert(db, table, (spanned_row(r, key) for r in records))
        _save_regions(db, extracted)
        _save_units(db, key, extracted.tasks)


def save_error(db: sqlite_utils.Database, path: str, reason: str, message: str) -> None:
    """Record why a file failed; any records from an earlier good version stay."""
    key = source_key(path)
    with db.atomic():
        if db["sources"].count_where("key = ?", [key]):
            db["sources"].update(key, {"status": "error", "error_reason": reason, "error": message,
                                       "ingested_at": _now()})
        else:
            db["sources"].insert({"key": key, "path": path, "status": "error", "error_reason": reason,
                                  "error": message, "ingested_at": _now(), "documents": 0})


def replace_findings(db: sqlite_utils.Database, findings: list[dict]) -> None:
    """Findings are derived from the whole knowledge base: each check replaces them all."""
    with db.atomic():
        db.execute("delete from findings")
        _insert(db, "findings", findings)
