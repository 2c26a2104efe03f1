"""read_pdf on the real government PDFs in corpus/pdf and on PDFs drawn here with reportlab."""
from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Table, TableStyle

from govdoc.errors import EmptyFile, IngestError, ScannedPdf, UnreadablePdf
from govdoc.pipeline.pdf import read_pdf
from govdoc.schemas.records import SourceText

CORPUS = Path(__file__).parent.parent / "corpus" / "pdf"
BEIJING = CORPUS / "beijing-2024-gov-work-report.pdf"
HONGZE_2023 = CORPUS / "huaian-hongze-2023-gov-info-disclosure-annual-report.pdf"
HONGZE_2024 = CORPUS / "huaian-hongze-2024-gov-info-disclosure-annual-report.pdf"

CJK_FONT = "STSong-Light"  # built into reportlab, no font file needed
pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))

DrawPage = Callable[[Canvas], None]


# --- helpers ---------------------------------------------------------------------


def read(path: Path) -> SourceText:
    data = path.read_bytes()
    return read_pdf(str(path), data, hashlib.sha256(data).hexdigest())


def make_pdf(tmp_path: Path, pages: list[DrawPage], **canvas_options: object) -> Path:
    """Draw one PDF page per function into tmp_path/doc.pdf."""
    path = tmp_path / "doc.pdf"
    canvas = Canvas(str(path), pagesize=A4, **canvas_options)
    for draw in pages:
        draw(canvas)
        canvas.showPage()
    canvas.save()
    return path


def text_lines(*lines: str) -> DrawPage:
    def draw(canvas: Canvas) -> None:
        canvas.setFont(CJK_FONT, 12)
        for i, line in enumerate(lines):
            canvas.drawString(72, 760 - 20 * i, line)

    return draw


def ruled_table(rows: list[list[str]]) -> DrawPage:
    def draw(canvas: Canvas) -> None:
        table = Table(rows)
        table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), CJK_FONT, 10.5), ("GRID", (0, 0), (-1, -1), 0.5, "black")]))
        _, height = table.wrapOn(canvas, 450, 700)
        table.drawOn(canvas, 72, 720 - height)  # below a caption line drawn by text_lines

    return draw


def together(*draws: DrawPage) -> DrawPage:
    def draw(canvas: Canvas) -> None:
        for part in draws:
            part(canvas)

    return draw


def in_form_xobject(draw: DrawPage) -> DrawPage:
    """Draw through a form XObject, as PDF stampers and merging tools often do."""

    def draw_form(canvas: Canvas) -> None:
        canvas.beginForm("content")
        draw(canvas)
        canvas.endForm()
        canvas.doForm("content")

    return draw_form


def grey_rectangle(canvas: Canvas) -> None:
    canvas.setFillGray(0.6)
    canvas.rect(72, 300, 450, 450, fill=1)


def scanned_image(canvas: Canvas) -> None:
    canvas.drawImage(ImageReader(Image.new("L", (200, 280), 180)), 40, 40, width=515, height=760)


# A scan with a page number stamped on as text, as scanners and printers often add.
stamped_scan = together(scanned_image, text_lines("- 1 -"))


def zero_page_pdf(tmp_path: Path) -> Path:
    """A well-formed PDF whose page tree is empty (reportlab always writes a page)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 3\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    path = tmp_path / "doc.pdf"
    path.write_bytes(out)
    return path


def overwrite(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def assert_pages_partition_text(source: SourceText) -> None:
    """Pages are numbered 1.., in order, each followed by "\\n": no line spans two pages."""
    assert [p.number for p in source.pages] == list(range(1, len(source.pages) + 1))
    assert source.pages[0].start == 0
    for page, following in zip(source.pages, source.pages[1:]):
        assert following.start == page.end + 1
    for page in source.pages:
        assert source.text[page.end] == "\n"
        assert source.page_of(page.start) == source.page_of(page.end) == page.number
    assert len(source.text) == source.pages[-1].end + 1
    assert "\r" not in source.text


# --- the real corpus -------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.pdf")), ids=lambda p: p.stem)
def test_real_pdfs_keep_page_boundaries_and_only_real_tables(path: Path) -> None:
    source = read(path)
    assert source.kind == "pdf"
    assert source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert_pages_partition_text(source)
    for table in source.tables:
        assert len(table.rows) >= 2
        assert len(table.rows[0]) >= 2, f"one-column frame kept on page {table.page}"
        assert all(len(row) == len(table.rows[0]) for row in table.rows)


def test_beijing_report_text_and_pages() -> None:
    source = read(BEIJING)
    assert len(source.pages) == 13
    assert source.tables == []
    # PDFium keeps the space the PDF draws between 增长 and 5 (pdfplumber drops it).
    target = "地区生产总值增长 5%左右，一般公共预算收入增长 5%"
    offset = source.text.index(target)
    assert source.page_of(offset) == 5
    page = source.pages[4]
    assert target in source.text[page.start : page.end]
    assert source.text.startswith("各位代表：\n现在，我代表北京市人民政府")


def test_text_only_pages_never_reach_pdfplumber(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("pdfplumber opened for a PDF without ruled pages")

    monkeypatch.setattr("pdfplumber.open", refuse)
    assert len(read(BEIJING).pages) == 13


@pytest.mark.parametrize("path", [HONGZE_2023, HONGZE_2024], ids=["2023", "2024"])
def test_hongze_report_tables(path: Path) -> None:
    tables = read(path).tables
    # 主动公开 (p2), 第二十条第（六）(八)项 (p3), 申请情况 (p3, continued on p4), 复议诉讼 (p4)
    assert [(t.page, len(t.rows[0])) for t in tables] == [(2, 4), (3, 2), (3, 10), (4, 10), (4, 15)]

    disclosure = tables[0].rows
    header = disclosure.index(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"])
    assert disclosure[header + 1][0] == "规章"

    requests = tables[2].rows
    assert requests[2][4:9] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]  # joined across line breaks
    assert requests[0][0] == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

    review = tables[4].rows
    assert review[0][0] == "行政复议" and review[0][8] == "行政诉讼"
    assert all(cell is not None and cell.replace(".", "").isdigit() for cell in review[-1])


# --- generated PDFs ----------------------------------------------------------------

PAGES = [
    ("第一页：关于印发北京市2024年重点工作任务的通知", "一、总体要求"),
    ("第二页：地区生产总值增长5%左右", "GDP growth about 5 percent"),
    ("第三页：城镇调查失业率控制在5%以内", "北京市人民政府办公厅 2024年1月20日"),
]


def test_three_page_chinese_text(tmp_path: Path) -> None:
    source = read(make_pdf(tmp_path, [text_lines(*lines) for lines in PAGES]))
    assert len(source.pages) == 3
    assert_pages_partition_text(source)
    for page, lines in zip(source.pages, PAGES):
        page_text = source.text[page.start : page.end]
        assert page_text.split("\n") == list(lines)
        for line in lines:
            assert source.page_of(source.text.index(line)) == page.number
    assert source.tables == []


TASKS = [
    ["序号", "主要任务", "牵头单位", "完成时限"],
    ["1", "推进数字政府建设", "市政务服务局", "2024年6月底"],
    ["2", "建设Open Data平台", "市经济和信息化局", "2024年9月底"],
    ["3", "实施城市更新行动", "市住房城乡建设委", "2024年12月底"],
]
# The same grid with cells wrapped onto two lines, as narrow columns force.
TASKS_WRAPPED = [
    TASKS[0],
    ["1", "推进数字\n政府建设", "市政务\n服务局", "2024年\n6月底"],
    ["2", "建设Open\nData平台", "市经济和\n信息化局", "2024年\n9月底"],
    ["3", "实施城市\n更新行动", "市住房城乡\n建设委", "2024年\n12月底"],
]


@pytest.mark.parametrize(
    ("drawn", "place"),
    [
        pytest.param(TASKS, ruled_table, id="one-line-cells"),
        pytest.param(TASKS_WRAPPED, ruled_table, id="wrapped-cells"),
        pytest.param(TASKS, lambda rows: in_form_xobject(ruled_table(rows)), id="inside-form-xobject"),
    ],
)
def test_ruled_table_is_returned_as_its_grid(
    tmp_path: Path, drawn: list[list[str]], place: Callable[[list[list[str]]], DrawPage]
) -> None:
    text_page = text_lines("这一页只有正文，没有表格。" * 3)
    table_page = together(text_lines("附件：2024年重点工作任务分工表"), place(drawn))
    source = read(make_pdf(tmp_path, [text_page, table_page]))
    assert [(t.page, t.rows) for t in source.tables] == [(2, TASKS)]
    x0, top, x1, bottom = source.tables[0].bbox
    assert x0 < x1 and top < bottom


@pytest.mark.parametrize(
    "pages",
    [
        pytest.param([grey_rectangle], id="rectangle"),
        pytest.param([scanned_image, scanned_image, scanned_image], id="images"),
        pytest.param([stamped_scan, stamped_scan], id="images-with-page-numbers"),
    ],
)
def test_pdf_without_text_layer_is_scanned(tmp_path: Path, pages: list[DrawPage]) -> None:
    with pytest.raises(ScannedPdf) as raised:
        read(make_pdf(tmp_path, pages))
    assert "scanned" in str(raised.value)
    assert f"any of its {len(pages)} pages" in str(raised.value)


def one_text_page(tmp_path: Path, **canvas_options: object) -> Path:
    return make_pdf(tmp_path, [text_lines("关于进一步优化营商环境的实施方案")], **canvas_options)


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        pytest.param(
            lambda tmp: overwrite(tmp / "doc.pdf", random.Random(7).randbytes(4096)),
            UnreadablePdf,
            "not a readable PDF: ",
            id="random-bytes",
        ),
        pytest.param(
            lambda tmp: overwrite(tmp / "doc.pdf", one_text_page(tmp).read_bytes()[:-600]),
            UnreadablePdf,
            "not a readable PDF: ",
            id="truncated",
        ),
        pytest.param(
            lambda tmp: overwrite(tmp / "doc.pdf", b"%PDF-1.7\n" + "这不是PDF".encode() * 50),
            UnreadablePdf,
            "not a readable PDF: ",
            id="pdf-header-then-garbage",
        ),
        pytest.param(
            lambda tmp: one_text_page(tmp, encrypt="secret"),
            UnreadablePdf,
            "PDF is password-protected",
            id="encrypted",
        ),
        pytest.param(zero_page_pdf, EmptyFile, "PDF has no pages", id="zero-pages"),
    ],
)
def test_unusable_pdf_raises_a_clear_error(
    tmp_path: Path, make: Callable[[Path], Path], error: type[IngestError], message: str
) -> None:
    path = make(tmp_path)
    with pytest.raises(error) as raised:
        read(path)
    assert raised.value.path == str(path)
    assert str(raised.value).startswith(f"{path}: {message}")


def test_zero_pages_is_empty_even_after_a_failed_load(tmp_path: Path) -> None:
    """PDFium reports no error code for a page-less PDF; a stale one (here: password) must not leak."""
    (tmp_path / "locked").mkdir()
    with pytest.raises(UnreadablePdf):
        read(one_text_page(tmp_path / "locked", encrypt="secret"))
    with pytest.raises(EmptyFile):
        read(zero_page_pdf(tmp_path))
