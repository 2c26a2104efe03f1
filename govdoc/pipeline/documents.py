"""Segments → `Document` records with metadata and provenance (parts inherit from their parent)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from govdoc.extractors.metadata import attachment_list, doc_type_of, extract_metadata, part_title
from govdoc.pipeline.normalise import NormText
from govdoc.pipeline.segment import PART_START, Part, Segment
from govdoc.schemas.records import Document


@dataclass
class DocRange:
    """A document and the NormText.lines that are its own text (a parent's excludes its parts)."""

    doc: Document
    start: int
    end: int


def _span_fields(norm: NormText, start: int, end: int) -> dict:
    first, last = norm.lines[start], norm.lines[end - 1]
    span = norm.span(first.start, last.end)
    return {"span": span, "end_line": last.number, "page_end": norm.source.page_of(norm.orig(last.end - 1))}


def build_documents(norm: NormText, segments: list[Segment]) -> list[DocRange]:
    stem = Path(norm.source.path).stem
    docs: list[DocRange] = []
    for k, seg in enumerate(segments, start=1):
        lines = norm.lines[seg.start:seg.end]
        text = norm.text[lines[0].start:lines[-1].end]
        number_at = None if seg.number_line is None else seg.number_line - seg.start
        meta = extract_metadata(lines, number_at, text)
        parent = Document(
            doc_id=f"{stem}#{k}", source=norm.source.path, **_span_fields(norm, seg.start, seg.end),
            doc_number=meta.doc_number, title=meta.title, title_printed=meta.title_printed,
            issuers=meta.issuers, issue_date=meta.issue_date, doc_type=meta.doc_type,
            region=meta.region.name if meta.region else None,
            level=meta.region.level if meta.region else None, year=meta.year,
        )
        own_end = seg.parts[0].start if seg.parts else seg.end
        docs.append(DocRange(parent, seg.start, own_end))
        listed = attachment_list(lines)
        docs.extend(DocRange(_part_document(norm, parent, part, n, listed), part.start, part.end)
                    for n, part in enumerate(seg.parts, start=1))
    return _unique_ids(docs)


def _unique_ids(docs: list[DocRange]) -> list[DocRange]:
    """Two parts labelled alike in one document (a header the segmenter missed) still get distinct ids."""
    seen: dict[str, int] = {}
    for r in docs:
        n = seen.get(r.doc.doc_id, 0)
        seen[r.doc.doc_id] = n + 1
        if n:
            r.doc.doc_id = f"{r.doc.doc_id}~{n + 1}"
    return docs


def _part_document(norm: NormText, parent: Document, part: Part, n: int, listed: dict[str, str]) -> Document:
    inline = PART_START.match(norm.lines[part.start].text).group(2)
    title = part_title(norm.lines[part.start + 1:part.end], inline, listed.get(part.label))
    suffix = part.label.removeprefix("附件") or str(n)
    return Document(
        doc_id=f"{parent.doc_id}.{suffix}", source=parent.source, **_span_fields(norm, part.start, part.end),
        title=title, issuers=parent.issuers, issue_date=parent.issue_date, doc_type=doc_type_of(title, ""),
        region=parent.region, level=parent.level, parent_id=parent.doc_id, part_label=part.label,
        year=parent.year,
    )
