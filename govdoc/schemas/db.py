"""The knowledge base schema: one table per record type, every fact with its source place."""
from __future__ import annotations

import sqlite_utils

SOURCES = {
    "key": str, "path": str, "sha256": str, "kind": str, "encoding": str, "pages": int, "lines": int,
    "documents": int, "status": str, "error_reason": str, "error": str, "ingested_at": str, "text": str,
}
DOCUMENTS = {
    "doc_id": str, "source": str, "source_key": str, "doc_number": str, "title": str, "title_printed": bool,
    "issuers": str, "issue_date": str, "doc_type": str, "region": str, "level": str, "year": int,
    "parent_id": str, "part_label": str, "start_line": int, "end_line": int, "page_start": int,
    "page_end": int, "char_start": int, "char_end": int,
}
DOCUMENT_COLUMNS = [
    "doc_id", "source", "doc_number", "title", "issuer", "issue_date", "doc_type", "region", "level",
    "start_line", "end_line", "page_start", "page_end", "parent_id", "part_label", "title_printed",
]

DOCUMENT_TABLE_COLUMNS = ["doc_id", "doc_number", "title", "issue_date", "doc_type", "region", "start_line"]


def ensure_schema(db: sqlite_utils.Database) -> None:
    if "sources" not in db.table_names():
        db["sources"].create(SOURCES, pk="key")
    if "documents" not in db.table_names():
        db["documents"].create(DOCUMENTS, pk="doc_id", foreign_keys=[("source_key", "sources", "key")])
        db["documents"].create_index(["source_key"])
        db["documents"].create_index(["region"])
