"""The library API that the CLI (and tests) call: ingest, run and query the knowledge base."""
from __future__ import annotations

from pathlib import Path

from govdoc.pipeline import store
from govdoc.pipeline.run import FileResult, ingest, summarise

DEFAULT_DB = "outputs/kb.sqlite"
DEFAULT_CORPUS = "corpus"

__all__ = ["DEFAULT_DB", "DEFAULT_CORPUS", "FileResult", "ingest", "summarise", "documents", "run"]


def documents(db_path: str = DEFAULT_DB, region: str | None = None, doc_type: str | None = None) -> list[dict]:
    """One row per document (parts included), in source order."""
    db = store.open_db(db_path)
    where, params = ["1=1"], []
    if region:
        where.append("region = ?")
        params.append(region)
    if doc_type:
        where.append("doc_type = ?")
        params.append(doc_type)
    sql = f"""select doc_id, source, doc_number, title, issuers as issuer, issue_date, doc_type, region, level,
                     start_line, end_line, page_start, page_end, parent_id, part_label, title_printed
              from documents where {' and '.join(where)} order by source, char_start, parent_id is not null"""
    return list(db.query(sql, params))


def run(paths: list[str] | None = None, db_path: str = DEFAULT_DB, on_file=None) -> dict:
    """The main job: ingest the corpus (the bundled one by default) and summarise."""
    results = ingest(paths or [DEFAULT_CORPUS], db_path, on_file)
    return summarise(results)
