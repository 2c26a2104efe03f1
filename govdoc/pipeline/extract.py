"""Stages 4–5, extract and resolve: each document's own text → tasks with canonical units."""
from __future__ import annotations

from govdoc.extractors.outline import outline, paragraphs
from govdoc.extractors.regions import region_index
from govdoc.extractors.tables import table_tasks
from govdoc.extractors.targets import PARK_SCOPE, extract_targets
from govdoc.extractors.tasks import TaskRecord, extract_tasks
from govdoc.extractors.units import resolve
from govdoc.pipeline.documents import DocRange
from govdoc.pipeline.normalise import NormText
from govdoc.schemas.records import Target, Task, UnitRef


def tasks_of(norm: NormText, doc_range: DocRange) -> list[Task]:
    doc = doc_range.doc
    lines = norm.lines[doc_range.start:doc_range.end]
    if not lines:
        return []
    items = outline(paragraphs(norm.text, lines[0].start, lines[-1].end), root=doc.part_label)
    rows = table_tasks(norm, doc_range.start, doc_range.end, doc.part_label, doc.year or 0)
    prose = [rec for rec in extract_tasks(items, doc.year or 0) if not any(_within(rec, row) for row in rows)]
    records = sorted(prose + rows, key=_start)
    return [_task(norm, doc_range, rec, n) for n, rec in enumerate(records, start=1)]


def _start(rec: TaskRecord) -> int:
    return rec.item.start if rec.row_start is None else rec.row_start


def _within(rec: TaskRecord, row: TaskRecord) -> bool:
    """A prose task found inside a table row (its text looks like an outline item) is that row."""
    return _start(row) <= rec.item.start <= row.item.paragraphs[-1].end


def _task(norm: NormText, doc_range: DocRange, rec: TaskRecord, n: int) -> Task:
    doc = doc_range.doc
    region = region_index().get(doc.region) if doc.region else None
    units = []
    for role, names in (("lead", rec.leads), ("support", rec.supports)):
        for raw in names:
            unit = resolve(raw, region)
            if unit:
                units.append(UnitRef(unit.unit_id, unit.name, unit.region, unit.kind, role, raw))
    item = rec.item
    end = item.paragraphs[-1].end
    return Task(
        task_id=f"{doc.doc_id}/t{n}", doc_id=doc.doc_id, span=norm.span(_start(rec), end),
        section=" › ".join(item.path), task_no=item.number, title=item.title, text=item.text,
        units=units, note_raw="".join(note.raw for note in rec.notes), shared_note=rec.shared_note,
        deadline_raw=rec.deadline.raw if rec.deadline else None,
        deadline=rec.deadline.date if rec.deadline else None,
        recurrence=rec.deadline.recurrence if rec.deadline else None, region=doc.region,
        uncertain=rec.uncertain, uncertain_reason=rec.uncertain_reason,
    )

# A progress report's own text narrates progress; its targets are in its annexed tables (parts).
NARRATIVE_ONLY = {"专报", "报告"}


def targets_of(norm: NormText, doc_range: DocRange, tasks: list[Task]) -> list[Target]:
    """Targets of a document's own text, each tied to the task whose text holds it."""
    doc = doc_range.doc
    lines = norm.lines[doc_range.start:doc_range.end]
    if not lines or doc.doc_type in NARRATIVE_ONLY:
        return []
    hits = extract_targets(paragraphs(norm.text, lines[0].start, lines[-1].end))
    targets = []
    for n, hit in enumerate(hits, start=1):
        span = norm.span(hit.raw_start, hit.end)
        task = next((t for t in tasks if t.span.start <= span.start < t.span.end), None)
        targets.append(Target(
            target_id=f"{doc.doc_id}/g{n}", doc_id=doc.doc_id, span=span, raw=norm.text[hit.raw_start:hit.end],
            indicator=hit.indicator, value=hit.value, unit=hit.unit, base_value=hit.base_value,
            base_unit=hit.base_unit, kind=hit.kind, comparator=hit.comparator, stretch=hit.stretch,
            year=doc.year, region=hit.region or doc.region, allocation=hit.allocation,
            scope=hit.scope or ("园区" if task and PARK_SCOPE.search(task.title) else None),
            task_id=task.task_id if task else None,
            responsible_units=task.names("lead") + task.names("support") if task else [],
        ))
    return targets
