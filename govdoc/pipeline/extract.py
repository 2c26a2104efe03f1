"""Stages 4–5, extract and resolve: each document's own text → tasks with canonical units."""
from __future__ import annotations

from govdoc.extractors.metadata import PLAN_TYPES
from govdoc.extractors.outline import Paragraph, join_narrow_cells, joined, outline, paragraphs
from govdoc.extractors.tables import table_tasks
from govdoc.extractors.regions import park, region_index
from govdoc.extractors.targets import PARK_SCOPE, allocation_hit, extract_targets, stands_alone
from govdoc.extractors.wide_tables import WHOLE, state_status, wide_cells
from govdoc.extractors.tasks import TaskRecord, extract_tasks
from govdoc.extractors.units import resolve
from govdoc.pipeline.documents import DocRange
from govdoc.pipeline.normalise import NormText
from govdoc.extractors.progress import ProgressHit, period_of, prose_progress, summary_counts, table_progress
from govdoc.schemas.records import Progress, Summary, Target, Task, UnitRef


def tasks_of(norm: NormText, doc_range: DocRange, parent_type: str | None = None) \
        -> tuple[list[Task], list[list[Paragraph]]]:
    """Tasks of a document's own text, prose and table rows (and each table row's text, which the targets
    read as one); a 专报 reports on tasks, it assigns none."""
    doc = doc_range.doc
    lines = norm.lines[doc_range.start:doc_range.end]
    if not lines or "专报" in (doc.doc_type, parent_type):
        return [], []
    items = outline(paragraphs(norm.text, lines[0].start, lines[-1].end), root=doc.part_label)
    rows = table_tasks(norm, doc_range.start, doc_range.end, doc.part_label, doc.year or 0)
    prose = [rec for rec in extract_tasks(items, doc.year or 0) if not any(_within(rec, row) for row in rows)]
    records = sorted(prose + rows, key=_start)
    return [_task(norm, doc_range, rec, n) for n, rec in enumerate(records, start=1)], \
        [row.item.paragraphs for row in rows]


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


def targets_of(norm: NormText, doc_range: DocRange, tasks: list[Task], parent_type: str | None = None,
               rows: list[list[Paragraph]] = ()) -> list[Target]:
    """Targets of a document's own text, each tied to the task whose text holds it; a table row's cells
    ("农村适龄和城镇低|保适龄妇女“两癌”|免费检查|4000 人") are read as one text."""
    doc = doc_range.doc
    lines = norm.lines[doc_range.start:doc_range.end]
    if not lines or doc.doc_type in NARRATIVE_ONLY:
        return []
    report_table = doc.parent_id is not None and doc.doc_type != "实施方案" and "专报" in (parent_type,)
    paras = paragraphs(norm.text, lines[0].start, lines[-1].end)
    # a plan's every figure is a commitment; elsewhere only the catalogue's indicators are read
    own_words = doc.doc_type in PLAN_TYPES or doc.doc_type in (None, "表格") and parent_type in PLAN_TYPES
    hits = extract_targets(join_narrow_cells(_rows_joined(paras, rows), lines, stands_alone), report_table,
                           own_words)
    if report_table:
        cells = [(c, park(c.region) or region_index().get(c.region)) for c in wide_cells(paras)]
        hits += [hit for c, region in cells if c.target_value is not None and region
                 and (hit := allocation_hit(c.indicator, c.target_value, c.target_unit, region, c.start, c.end))]
    targets = []
    for n, hit in enumerate(hits, start=1):
        span = norm.span(hit.raw_start, hit.end)
        task = next((t for t in tasks if t.span.start <= span.start < t.span.end), None)
        targets.append(Target(
            target_id=f"{doc.doc_id}/g{n}", doc_id=doc.doc_id, span=span,
            raw=norm.text[hit.raw_start:hit.end].replace("\n", ""),
            indicator=hit.indicator, value=hit.value, unit=hit.unit, base_value=hit.base_value,
            base_unit=hit.base_unit, kind=hit.kind, comparator=hit.comparator, stretch=hit.stretch,
            year=doc.year, region=hit.region or doc.region, allocation=hit.allocation,
            scope=hit.scope or ("园区" if task and PARK_SCOPE.search(task.title) else None),
            task_id=task.task_id if task else None, catalogued=hit.catalogued,
            responsible_units=task.names("lead") + task.names("support") if task
            else [hit.responsible] if hit.responsible else [],
        ))
    return targets


def _rows_joined(paras: list[Paragraph], rows: list[list[Paragraph]]) -> list[Paragraph]:
    """The paragraphs with each table row's lines replaced by the row read as one, where its first line stood."""
    first = {row[0].start: joined(row) for row in rows if len(row) > 1}
    inside = {p.start for row in rows if len(row) > 1 for p in row}
    return [first.get(p.start, p) for p in paras if p.start in first or p.start not in inside]


def progress_of(norm: NormText, doc_range: DocRange, parent_type: str | None, targets: list[Target]) -> list[Progress]:
    """A 专报's progress: its narrative's status lists, and its annexed monitoring tables."""
    doc = doc_range.doc
    lines = norm.lines[doc_range.start:doc_range.end]
    if not lines or "专报" not in (doc.doc_type, parent_type):
        return []
    paras = paragraphs(norm.text, lines[0].start, lines[-1].end)
    if doc.parent_id is None:
        hits = prose_progress(paras)
    else:  # a table with a column per county is read as such, not as rows of scattered cells
        hits = _wide_progress(paras) or table_progress(paras)
    return [_progress(norm, doc, hit, n, targets) for n, hit in enumerate(hits, start=1)]


def _wide_progress(paras) -> list[ProgressHit]:
    """Each region's progress in a wide table, for the period its title states ("2023年1-3月…"): the 全州
    cell's (the document's own region) and each county's rate."""
    period = next((p for p in (period_of(para.text) for para in paras[:3]) if p), None)
    return [ProgressHit(c.indicator, None if c.region == WHOLE else c.region, period, c.actual_value, c.actual_unit,
                        None, c.completion_rate, c.state and state_status(c.state), c.state, None, *c.mark)
            for c in wide_cells(paras) if c.completion_rate is not None or c.actual_value is not None or c.state]


def _month(year: int | None, month: int) -> str | None:
    return f"{year}-{month:02d}" if year else None


def _progress(norm: NormText, doc, hit: ProgressHit, n: int, targets: list[Target]) -> Progress:
    region = hit.region or doc.region
    target = next((t for t in reversed(targets) if t.indicator == hit.indicator and t.region == region
                   and t.span.start <= norm.orig(hit.start)), None)
    period = hit.period or (None, None)
    return Progress(
        progress_id=f"{doc.doc_id}/p{n}", doc_id=doc.doc_id, span=norm.span(hit.start, hit.end),
        raw=norm.text[hit.start:hit.end], indicator=hit.indicator, region=region,
        period_start=_month(doc.year, period[0]) if period[0] else None,
        period_end=_month(doc.year, period[1]) if period[1] else None, actual_value=hit.actual_value,
        actual_unit=hit.actual_unit, growth=hit.growth, completion_rate=hit.completion_rate, status=hit.status,
        status_raw=hit.status_raw, row_no=hit.row_no, target_id=target.target_id if target else None,
    )


def summaries_of(norm: NormText, doc_range: DocRange) -> list[Summary]:
    """A 专报's own counts by status, each tied to the annex whose rows it counts."""
    doc = doc_range.doc
    lines = norm.lines[doc_range.start:doc_range.end]
    if not lines or doc.doc_type != "专报" or doc.parent_id is not None:
        return []
    hits = summary_counts(paragraphs(norm.text, lines[0].start, lines[-1].end))
    return [Summary(f"{doc.doc_id}/s{n}", doc.doc_id, norm.span(h.start, h.end + 1), h.label,
                    f"{doc.doc_id}.{h.part_label.removeprefix('附件')}" if h.part_label else None, h.total,
                    h.counts.get("completed"), h.counts.get("on_schedule"), h.counts.get("in_progress"),
                    h.counts.get("behind")) for n, h in enumerate(hits, start=1)]
