"""Read a PDF into a SourceText: page text from PDFium, ruled tables from pdfplumber.

PDFium extracts text about 20x faster than pdfplumber, so it reads every page.
pdfplumber's table finder needs a full layout parse, so it only runs on the pages
that draw enough rules to hold a grid; text-only pages never reach it.
"""
from __future__ import annotations

import io
from collections.abc import Callable, Iterator

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.page import Page as PlumberPage

from govdoc.errors import EmptyFile, ScannedPdf, UnreadablePdf
from govdoc.schemas.records import Page, SourceText, Table

# A page with fewer non-space characters than this has no real text layer (a scan
# may still carry a stamped page number such as "- 3 -").
MIN_PAGE_CHARS = 20
# Six ruled lines of two points each: the least a grid of 2x2 cells needs.
MIN_RULE_SEGMENTS = 12

_LOAD_FAILURES = {
    pdfium_c.FPDF_ERR_FILE: "the file cannot be read",
    pdfium_c.FPDF_ERR_FORMAT: "damaged, truncated or not a PDF at all",
    pdfium_c.FPDF_ERR_SECURITY: "unsupported encryption scheme",
}


def read_pdf(path: str, data: bytes, sha256: str) -> SourceText:
    """Text per page (with page boundaries kept), tables as cell grids."""
    document = _open(path, data)
    try:
        texts, ruled_pages = _scan_pages(document)
    finally:
        document.close()
    if not any(_has_text_layer(text) for text in texts):
        raise ScannedPdf(path, f"scanned PDF: no text layer on any of its {len(texts)} pages (OCR it first)")
    text, pages = _join_pages(texts)
    return SourceText(
        path=path,
        text=text,
        kind="pdf",
        encoding="pdf",
        sha256=sha256,
        pages=pages,
        tables=_find_tables(data, ruled_pages),
    )


def _open(path: str, data: bytes) -> pdfium.PdfDocument:
    """Open with PDFium, turning its load failures into errors a user can act on.

    Loads through the raw API: pypdfium2's PdfDocument rejects a PDF with no pages
    with whatever error code an earlier, unrelated load left behind. `data` must
    outlive the returned document (PDFium reads it in place).
    """
    handle = pdfium_c.FPDF_LoadMemDocument64(data, len(data), None)
    if not handle:
        raise _load_error(path, pdfium_c.FPDF_GetLastError())
    document = pdfium.PdfDocument(handle)
    if len(document) == 0:
        document.close()
        raise EmptyFile(path, "PDF has no pages")
    return document


def _load_error(path: str, code: int) -> UnreadablePdf:
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return UnreadablePdf(path, "PDF is password-protected")
    return UnreadablePdf(path, f"not a readable PDF: {_LOAD_FAILURES.get(code, 'PDFium cannot parse it')}")


def _scan_pages(document: pdfium.PdfDocument) -> tuple[list[str], list[int]]:
    """Each page's text, and the numbers of the pages that draw enough rules for a table."""
    texts: list[str] = []
    ruled_pages: list[int] = []
    for number, page in enumerate(document, start=1):
        texts.append(_page_text(page))
        if _rule_segments(page) >= MIN_RULE_SEGMENTS:
            ruled_pages.append(number)
        page.close()
    return texts, ruled_pages


def _page_text(page: pdfium.PdfPage) -> str:
    """The page's text with "\\n" line ends (PDFium gives "\\r\\n") and no trailing line break."""
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    textpage.close()
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n")


def _rule_segments(page: pdfium.PdfPage) -> int:
    """Path segments (lines, rectangle sides, curves) drawn on the page.

    Cheap with PDFium; pdfplumber's `page.lines`/`page.rects` would cost a full layout
    parse, as much as extracting the text. Raw calls, because pypdfium2's
    `get_objects()` wraps each of the ~1500 objects of a text page and is 3x slower.
    """
    return _count_segments(pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject, page.raw)


def _count_segments(count_objects: Callable[..., int], get_object: Callable[..., object], parent: object) -> int:
    """Sum path segments over a page's or a form XObject's objects, descending into forms."""
    total = 0
    for index in range(count_objects(parent)):
        obj = get_object(parent, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            total += pdfium_c.FPDFPath_CountSegments(obj)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            total += _count_segments(pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject, obj)
    return total


def _has_text_layer(text: str) -> bool:
    return sum(not ch.isspace() for ch in text) >= MIN_PAGE_CHARS


def _join_pages(texts: list[str]) -> tuple[str, list[Page]]:
    """Concatenate the pages, each followed by "\\n" so that no line spans two pages."""
    pages: list[Page] = []
    start = 0
    for number, text in enumerate(texts, start=1):
        pages.append(Page(number, start, start + len(text)))
        start += len(text) + 1
    return "".join(text + "\n" for text in texts), pages


def _find_tables(data: bytes, page_numbers: list[int]) -> list[Table]:
    if not page_numbers:
        return []
    with pdfplumber.open(io.BytesIO(data)) as document:
        return [table for number in page_numbers for table in _page_tables(document.pages[number - 1], number)]


def _page_tables(page: PlumberPage, number: int) -> Iterator[Table]:
    """Real tables only: pdfplumber also reports frames drawn around body text as 1-column tables."""
    for found in page.find_tables():
        rows = [[_clean_cell(cell) for cell in row] for row in found.extract()]
        if len(rows) >= 2 and len(rows[0]) >= 2:
            yield Table(page=number, rows=rows, bbox=found.bbox)


def _clean_cell(cell: str | None) -> str | None:
    """Undo the line wrapping inside a cell: CJK lines join directly, ASCII words keep one space."""
    if cell is None:
        return None
    joined = ""
    for line in filter(None, (line.strip() for line in cell.split("\n"))):
        if joined and joined[-1].isascii() and line[0].isascii():
            joined += " "
        joined += line
    return joined
