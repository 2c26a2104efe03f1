"""Stage 6, store: records → the SQLite knowledge base (sqlite-utils).

One transaction per source file: its old records are replaced by the new ones or,
if anything fails, nothing changes. A file whose content hash is already stored
is skipped, so re-ingesting never duplicates. A file that fails keeps the
records it had and gets its error recorded, so a bad re-ingest loses nothing.
"""
from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from govdoc.schemas.db import ensure_schema
from govdoc.schemas.records import Document, SourceText


def open_db(path: str | Path) -> sqlite_utils.Database:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = sqlite_utils.Database(path)
    ensure_schema(db)
    return db


def source_key(path: str) -> str:
    """The identity of a file: its resolved path, however it was given."""
    return str(Path(path).resolve())


def is_unchanged(db: sqlite_utils.Database, path: str, sha256: str) -> bool:
    rows = list(db.query(
        "select 1 from sources where key = ? and sha256 = ? and status = 'ok'", [source_key(path), sha256]))
    return bool(rows)


def document_row(doc: Document) -> dict:
    row = {f.name: getattr(doc, f.name) for f in dataclasses.fields(doc) if f.name != "span"}
    row["issuers"] = "；".join(doc.issuers)
    row.update(start_line=doc.span.line, page_start=doc.span.page, char_start=doc.span.start,
               char_end=doc.span.end, source_key=source_key(doc.source))
    return row


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def save_source(db: sqlite_utils.Database, source: SourceText, docs: list[Document]) -> None:
    """Replace everything stored for this file with `docs`, atomically."""
    key = source_key(source.path)
    with db.conn:
        db["sources"].upsert({
            "key": key, "path": source.path, "sha256": source.sha256, "kind": source.kind,
            "encoding": source.encoding, "pages": len(source.pages) or None,
            "lines": len(source.line_starts), "documents": len(docs), "status": "ok",
            "error_reason": None, "error": None, "ingested_at": _now(), "text": source.text,
        }, pk="key")
        db.execute("delete from documents where source_key = ?", [key])
        db["documents"].insert_all(document_row(d) for d in docs)


def save_error(db: sqlite_utils.Database, path: str, reason: str, message: str) -> None:
    """Record why a file failed; any records from an earlier good version stay."""
    key = source_key(path)
    with db.conn:
        if db["sources"].count_where("key = ?", [key]):
            db["sources"].update(key, {"status": "error", "error_reason": reason, "error": message,
                                       "ingested_at": _now()})
        else:
            db["sources"].insert({"key": key, "path": path, "status": "error", "error_reason": reason,
                                  "error": message, "ingested_at": _now(), "documents": 0})
