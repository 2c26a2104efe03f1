"""Typed records that flow between the pipeline stages.

Every record that reaches the knowledge base carries a `Span`: the source file,
the 1-based line and (for PDFs) page where it starts, and the character span in
the original decoded text. Normalisation keeps an offset map so that a match in
normalised text always maps back to such a span.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Literal

NEWLINE = re.compile("\n")


@dataclass(frozen=True)
class Span:
    """Where a fact came from: file, line, page and character offsets in the original."""

    source: str
    start: int
    end: int
    line: int
    page: int | None = None


@dataclass(frozen=True)
class Page:
    number: int  # 1-based
    start: int  # character offsets of the page's text in SourceText.text
    end: int


@dataclass(frozen=True)
class Table:
    """A table as a cell grid (pdfplumber), never flattened into lines."""

    page: int
    rows: list[list[str | None]]
    bbox: tuple[float, float, float, float]


@dataclass
class SourceText:
    """One input file, decoded. For a PDF, `text` is its pages' text joined in order."""

    path: str  # as given by the user
    text: str
    kind: Literal["text", "pdf"]
    encoding: str
    sha256: str
    pages: list[Page] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    line_starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.line_starts = [0, *(m.end() for m in NEWLINE.finditer(self.text))]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset)

    def page_of(self, offset: int) -> int | None:
        if not self.pages:
            return None
        starts = [p.start for p in self.pages]
        return self.pages[max(0, bisect.bisect_right(starts, offset) - 1)].number

    def span(self, start: int, end: int) -> Span:
        return Span(self.path, start, end, self.line_of(start), self.page_of(start))


@dataclass
class Document:
    """A document found in a source: a 文件 with its own header, or an 附件 part of one."""

    doc_id: str
    source: str
    span: Span
    end_line: int
    page_end: int | None
    doc_number: str | None = None  # 文号, e.g. 凤政办发〔2023〕2号
    title: str | None = None
    title_printed: bool = True  # False when rebuilt from the 印发 sentence
    issuers: list[str] = field(default_factory=list)
    issue_date: str | None = None  # ISO date of the 成文日期
    doc_type: str | None = None  # 实施方案, 工作方案, 专报, 通知, 决定 …
    region: str | None = None
    level: str | None = None  # prefecture | county
    parent_id: str | None = None
    part_label: str | None = None  # 附件1 …
    year: int | None = None


@dataclass
class UnitRef:
    """A unit named by a task, resolved: canonical unit, role and the name as written."""

    unit_id: str
    name: str  # canonical display name, e.g. 县市场监管局
    region: str | None
    kind: str  # department | park | collective
    role: Literal["lead", "support"]
    raw: str  # as written in the note


@dataclass
class Task:
    """A task (工作任务) with its responsible units and deadline (完成时限)."""

    task_id: str
    doc_id: str
    span: Span
    section: str  # 附件1 › 二、工作任务 › （一）激发释放消费潜力
    task_no: str
    title: str
    text: str
    units: list[UnitRef]
    note_raw: str
    shared_note: bool = False
    deadline_raw: str | None = None
    deadline: str | None = None
    recurrence: str | None = None
    region: str | None = None
    uncertain: bool = False  # a table row whose cells could not all be placed (merged cells)
    uncertain_reason: str | None = None

    def names(self, role: str) -> list[str]:
        return [u.name for u in self.units if u.role == role]


@dataclass
class Target:
    """A numeric target (目标) for one region, indicator and year, with where it was stated."""

    target_id: str
    doc_id: str
    span: Span
    raw: str  # the phrase from the indicator to the figure, as normalised
    indicator: str
    value: float
    unit: str
    base_value: float
    base_unit: str
    kind: str  # growth_rate | amount | count | share | rank
    comparator: str  # >= | ~ | = | <= (a rank: "前80位")
    stretch: bool  # 力争/争取
    year: int | None
    region: str | None
    allocation: bool = False  # a "其中" row: allocated by this document to `region`
    scope: str | None = None  # 园区: stated for the region's parks, not the whole region
    task_id: str | None = None
    responsible_units: list[str] = field(default_factory=list)
    catalogued: bool = True  # False: no catalogue indicator fits; `indicator` is the clause's own words


@dataclass
class Progress:
    """What a 专报 says of one indicator in one region for one period: figure, rate, status."""

    progress_id: str
    doc_id: str
    span: Span
    raw: str
    indicator: str
    region: str | None
    period_start: str | None  # yyyy-mm
    period_end: str | None
    actual_value: float | None
    actual_unit: str | None
    growth: float | None
    completion_rate: float | None
    status: str | None  # completed | on_schedule | in_progress | behind | preparing | no_progress | unknown
    status_raw: str | None
    row_no: str | None = None
    target_id: str | None = None


@dataclass
class Summary:
    """A report's own count of monitored indicators by status ("共有重点监测指标60个，其中：…")."""

    summary_id: str
    doc_id: str
    span: Span
    label: str  # 打好经济增长主动仗
    part_id: str | None  # the annex whose rows it counts
    total: int
    completed: int | None
    on_schedule: int | None  # as printed: may include the completed ones
    in_progress: int | None
    behind: int | None
