"""PDF reading speed: govdoc's reader beside pdfplumber's and PDFium's bare text extraction.

The generated PDFs flow real corpus lines over many A4 pages in reportlab's built-in
STSong-Light CID font; the ruled variant puts a gridded 责任分工 table after every
`TABLE_EVERY` lines, kept whole on its page so that the number of tables to find is known.
"""
from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

CJK_FONT = "STSong-Light"
TABLE_EVERY = 60
TABLE_ROWS = 6
MIN_SECONDS = 0.5  # each reader is repeated until it has run this long, for a stable rate


@dataclass(frozen=True)
class GeneratedPdf:
    path: Path
    tables: int  # ruled tables drawn


def write_pdf(path: Path, lines: list[str], ruled: bool) -> GeneratedPdf:
    """Flow the lines as paragraphs over as many pages as they fill, with ruled tables if asked."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Table

    pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
    style = ParagraphStyle("body", fontName=CJK_FONT, fontSize=12, leading=18, wordWrap="CJK")
    story: list = []
    tables = 0
    for number, line in enumerate(lines, start=1):
        story.append(Paragraph(escape(line), style))
        if ruled and number % TABLE_EVERY == 0:
            rows = [["序号", "工作任务", "牵头单位", "完成时限"]]
            rows += [[str(i), lines[number - i][:14], "县发改局", "2023年底"] for i in range(1, TABLE_ROWS)]
            table = Table(rows, style=[("FONT", (0, 0), (-1, -1), CJK_FONT, 10), ("GRID", (0, 0), (-1, -1), 0.5, "black")])
            story.append(KeepTogether([table]))
            tables += 1
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return GeneratedPdf(path, tables)


def _rate(read: Callable[[], int]) -> float:
    """Pages per CPU second of `read` (which returns the pages it read), repeated for a stable figure."""
    pages, start = 0, time.process_time()
    while not pages or time.process_time() - start < MIN_SECONDS:
        pages += read()
    return pages / (time.process_time() - start)


def _govdoc(path: Path) -> tuple[int, int]:
    """govdoc's whole PDF stage: PDFium text for every page, pdfplumber tables on ruled pages only."""
    from govdoc.pipeline.pdf import read_pdf

    data = path.read_bytes()
    source = read_pdf(str(path), data, hashlib.sha256(data).hexdigest())
    return len(source.pages), sum(len(t.rows) >= 2 and len(t.rows[0]) >= 2 for t in source.tables)


def _pdfplumber(path: Path) -> int:
    """The reference: pdfplumber's bare page.extract_text() on every page."""
    import pdfplumber

    with pdfplumber.open(path) as document:
        for page in document.pages:
            page.extract_text()
        return len(document.pages)


def _pdfium(path: Path) -> int:
    """The floor: PDFium's raw text of every page, nothing else."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    for page in document:
        page.get_textpage().get_text_range()
    pages = len(document)
    document.close()
    return pages


def measure(path: Path, tables_drawn: int | None) -> dict:
    """One PDF's pages/s by govdoc, pdfplumber and PDFium, and whether its tables came out as tables."""
    pages, tables = _govdoc(path)  # also warms the imports up, outside the timed runs
    _pdfplumber(path), _pdfium(path)
    return {"pdf": path.name, "pages": pages, "tables_found": tables, "tables_drawn": tables_drawn,
            "govdoc_pages_s": _rate(lambda: _govdoc(path)[0]), "pdfplumber_pages_s": _rate(lambda: _pdfplumber(path)),
            "pdfium_pages_s": _rate(lambda: _pdfium(path))}
