"""Excel workbooks people can open and print: Chinese headers, frozen header row, filters, sane widths."""
from __future__ import annotations

from pathlib import Path

# Chinese column headers for the listings (English names stay in CSV/JSON for machines).
HEADERS = {
    "task_id": "任务编号", "doc_id": "文档编号", "doc_number": "文号", "region": "地区", "section": "所在章节",
    "task_no": "序号", "title": "任务", "text": "任务内容", "lead_units": "牵头单位", "support_units": "责任/配合单位",
    "deadline_raw": "完成时限", "deadline": "截止日期", "recurrence": "周期", "source": "来源文件", "line": "行",
    "page": "页", "target_id": "目标编号", "indicator": "指标", "value": "数值", "unit": "单位",
    "base_value": "折算值", "base_unit": "折算单位", "kind": "类型", "comparator": "比较", "stretch": "力争",
    "year": "年度", "allocation": "分解下达", "responsible_units": "责任单位", "raw": "原文",
    "progress_id": "进展编号", "period_start": "起始月", "period_end": "截至月", "actual_value": "完成值",
    "actual_unit": "完成值单位", "growth": "增速%", "completion_rate": "完成率%", "status": "状态", "status_raw": "原文状态",
    "row_no": "表内序号", "scope": "范围", "catalogued": "目录指标",
}
WIDE = {"text": 60, "raw": 40, "title": 28, "section": 36, "lead_units": 24, "support_units": 30,
        "responsible_units": 30, "source": 30, "message": 60, "upper_ref": 36, "lower_ref": 36, "rule": 30}


def write_sheets(path: str | Path, sheets: dict[str, tuple[list[dict], list[str]]],
                 headers: dict[str, str] | None = None) -> Path:
    """One sheet per entry: (rows, columns). Sheet names are cut to Excel's 31 characters."""
    from openpyxl import Workbook

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    names = headers or HEADERS
    book = Workbook()
    book.remove(book.active)
    for name, (rows, columns) in sheets.items():
        sheet = book.create_sheet(name[:31])
        sheet.append([names.get(c, c) for c in columns])
        for row in rows:
            sheet.append([row.get(c) for c in columns])
        _format(sheet, columns)
    book.save(path)
    return path


def _format(sheet, columns: list[str]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for i, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = WIDE.get(column, 12)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
