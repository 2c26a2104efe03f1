"""The knowledge base schema: one table per record type, every fact with its source place."""
from __future__ import annotations

import sqlite_utils

SOURCES = {
    "key": str, "path": str, "sha256": str, "kind": str, "encoding": str, "pages": int, "lines": int,
    "documents": int, "status": str, "error_reason": str, "error": str, "ingested_at": str, "text": str,
    "pipeline": str,  # the version of the pipeline that read it (store.pipeline_version)
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

TASKS = {
    "task_id": str, "doc_id": str, "source": str, "source_key": str, "region": str, "section": str,
    "task_no": str, "title": str, "text": str, "lead_units": str, "support_units": str, "note_raw": str,
    "shared_note": bool, "deadline_raw": str, "deadline": str, "recurrence": str, "line": int, "page": int,
    "char_start": int, "char_end": int, "uncertain": bool, "uncertain_reason": str,
}
TARGETS = {
    "target_id": str, "doc_id": str, "source": str, "source_key": str, "region": str, "indicator": str,
    "value": float, "unit": str, "base_value": float, "base_unit": str, "kind": str, "comparator": str,
    "stretch": bool, "year": int, "allocation": bool, "scope": str, "task_id": str, "responsible_units": str,
    "catalogued": bool, "raw": str, "line": int, "page": int, "char_start": int, "char_end": int,
}
TARGET_COLUMNS = [
    "target_id", "doc_id", "doc_number", "region", "indicator", "value", "unit", "base_value", "base_unit",
    "kind", "comparator", "stretch", "year", "allocation", "scope", "task_id", "responsible_units", "catalogued", "raw",
    "source", "line", "page",
]
TARGET_TABLE_COLUMNS = ["target_id", "region", "indicator", "value", "unit", "kind", "comparator", "stretch", "line"]
PROGRESS = {
    "progress_id": str, "doc_id": str, "source": str, "source_key": str, "region": str, "indicator": str,
    "period_start": str, "period_end": str, "actual_value": float, "actual_unit": str, "growth": float,
    "completion_rate": float, "status": str, "status_raw": str, "row_no": str, "target_id": str, "raw": str,
    "line": int, "page": int, "char_start": int, "char_end": int,
}
PROGRESS_COLUMNS = [
    "progress_id", "doc_id", "region", "indicator", "period_start", "period_end", "actual_value", "actual_unit",
    "growth", "completion_rate", "status", "status_raw", "target_id", "row_no", "raw", "source", "line", "page",
]
PROGRESS_TABLE_COLUMNS = ["progress_id", "region", "indicator", "period_end", "actual_value", "actual_unit",
                          "completion_rate", "status", "line"]
SUMMARIES = {
    "summary_id": str, "doc_id": str, "source": str, "source_key": str, "label": str, "part_id": str,
    "total": int, "completed": int, "on_schedule": int, "in_progress": int, "behind": int, "line": int,
    "page": int, "char_start": int, "char_end": int,
}
# A finding's figures as the checks made them: a count stays 4, a figure 4.0. Declared BLOB, the one affinity
# under which SQLite stores a number as given (REAL would make the count 4.0, and `govdoc check` print it so).
AS_GIVEN = "BLOB"
FINDINGS = {
    "finding_id": str, "verdict": str, "implicit": bool, "upper_region": str, "lower_region": str, "plan_region": str,
    "indicator": str, "kind": str, "year": int, "upper_value": AS_GIVEN, "upper_unit": str, "upper_base": AS_GIVEN,
    "upper_comparator": str, "lower_value": AS_GIVEN, "lower_unit": str, "lower_base": AS_GIVEN,
    "lower_comparator": str, "base_unit": str, "difference": AS_GIVEN, "difference_pct": AS_GIVEN, "rule": str,
    "message": str, "upper_target_id": str, "lower_target_id": str, "upper_doc": str, "upper_line": int,
    "upper_source": str, "upper_raw": str, "lower_doc": str, "lower_line": int, "lower_source": str,
    "lower_raw": str,
}
FINDING_COLUMNS = [
    "finding_id", "upper_region", "lower_region", "plan_region", "indicator", "verdict", "implicit", "upper_value", "upper_unit",
    "lower_value", "lower_unit", "difference", "difference_pct", "base_unit", "upper_doc", "upper_line",
    "lower_doc", "lower_line", "message", "rule",
]
FINDING_TABLE_COLUMNS = ["finding_id", "lower_region", "indicator", "verdict", "message"]
UNITS = {"unit_id": str, "name": str, "region": str, "kind": str, "aliases": str}
TASK_UNITS = {"task_id": str, "unit_id": str, "role": str, "raw": str, "source_key": str}
TASK_COLUMNS = [
    "task_id", "doc_id", "doc_number", "region", "section", "task_no", "title", "text", "lead_units",
    "support_units", "deadline_raw", "deadline", "recurrence", "uncertain", "uncertain_reason", "source", "line",
    "page",
]
TASK_TABLE_COLUMNS = ["task_id", "task_no", "title", "lead_units", "support_units", "deadline_raw", "line"]
UNIT_COLUMNS = ["unit_id", "name", "region", "kind", "aliases", "lead_tasks", "support_tasks"]
DOCUMENT_TABLE_COLUMNS = ["doc_id", "doc_number", "title", "issue_date", "doc_type", "region", "start_line"]


# Indexes an older knowledge base gains too: `check` filters stored findings, a file's units gather their
# aliases, a unit's tasks are found from the index alone.
LATER_INDEXES = (
    ("findings", ["upper_region"]), ("findings", ["plan_region"]), ("findings", ["indicator"]),
    ("findings", ["verdict"]), ("unit_aliases", ["unit_id"]), ("task_units", ["unit_id", "role", "task_id"]),
)


def ensure_schema(db: sqlite_utils.Database) -> None:
    if "sources" not in db.table_names():
        db["sources"].create(SOURCES, pk="key")
    if "documents" not in db.table_names():
        db["documents"].create(DOCUMENTS, pk="doc_id", foreign_keys=[("source_key", "sources", "key")])
        db["documents"].create_index(["source_key"])
        db["documents"].create_index(["region"])
    if "tasks" not in db.table_names():
        db["tasks"].create(TASKS, pk="task_id", foreign_keys=[("doc_id", "documents", "doc_id")])
        db["tasks"].create_index(["source_key"])
        db["tasks"].create_index(["doc_id"])
    if "targets" not in db.table_names():
        db["targets"].create(TARGETS, pk="target_id", foreign_keys=[("doc_id", "documents", "doc_id")])
        for columns in (["source_key"], ["region", "indicator"], ["indicator"], ["doc_id"]):
            db["targets"].create_index(columns)
    if "progress" not in db.table_names():
        db["progress"].create(PROGRESS, pk="progress_id", foreign_keys=[("doc_id", "documents", "doc_id")])
        for columns in (["source_key"], ["region", "status"], ["indicator"]):
            db["progress"].create_index(columns)
    if "summaries" not in db.table_names():
        db["summaries"].create(SUMMARIES, pk="summary_id", foreign_keys=[("doc_id", "documents", "doc_id")])
        db["summaries"].create_index(["source_key"])
    if "findings" not in db.table_names():
        db["findings"].create(FINDINGS, pk="finding_id")
        db["findings"].create_index(["lower_region", "verdict"])
    if "regions" not in db.table_names():
        db["regions"].create({"name": str, "full_name": str, "level": str, "parent": str, "code": str}, pk="name")
    if "units" not in db.table_names():
        db["units"].create(UNITS, pk="unit_id")
    if "unit_aliases" not in db.table_names():  # every name a unit was written as: indexed lookup by alias
        db["unit_aliases"].create({"alias": str, "unit_id": str}, pk=("alias", "unit_id"))
    if "task_units" not in db.table_names():
        db["task_units"].create(TASK_UNITS, pk=("task_id", "unit_id", "role"))
        db["task_units"].create_index(["source_key"])
    for table, columns in LATER_INDEXES:
        db[table].create_index(columns, if_not_exists=True)
    _add_new_columns(db)


def _add_new_columns(db: sqlite_utils.Database) -> None:
    """A knowledge base written by an earlier govdoc gains the columns added since (empty until re-read)."""
    for name, spec in (("sources", SOURCES), ("documents", DOCUMENTS), ("tasks", TASKS), ("targets", TARGETS),
                       ("progress", PROGRESS), ("summaries", SUMMARIES), ("findings", FINDINGS)):
        known = db[name].columns_dict
        for column, kind in spec.items():
            if column not in known:
                db[name].add_column(column, kind)
