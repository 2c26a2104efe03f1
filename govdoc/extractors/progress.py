"""Progress (进展) in a 专报: per indicator and region, the figure so far, its period, growth,
completion rate and status.

Three shapes, one cell reader:
- monitoring tables whose cells PDF extraction scattered over lines: a row opens with its
  number, states its target, names its 责任单位, then one progress cell per reported period
  (the header's "2月 … 3 月" columns), each closed by its rate ("13.00%") or status word;
- tab-separated tables (序号 / 目标任务 / 责任单位 / 当前进展情况 / 完成年度任务之比 / 备注);
- prose lists under a heading that gives their status ("未达时序进度的是：①…；②…").
Inside a cell, "其中：吉首市完成33.84亿元，为年计划投资的30.28%；…" gives per-region records.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from govdoc.extractors.indicators import catalogue
from govdoc.extractors.outline import Paragraph
from govdoc.extractors.regions import region_at_start
from govdoc.extractors.shapes import RESPONSIBLE, ROW_NUMBER
from govdoc.extractors.targets import NUMBER
from govdoc.pipeline.normalise import is_table_header

STATUS = {
    "完成年度任务": "completed", "已完成": "completed", "预计完成年度任务": "completed",
    "完成时序进度": "on_schedule", "达到时序进度": "on_schedule", "符合预期": "on_schedule",
    "稳步推进": "in_progress", "进展有序": "in_progress", "有序推进": "in_progress",
    "未完成时序进度": "behind", "未达时序进度": "behind", "低于预期": "behind", "进展滞后": "behind",
    "进展缓慢": "behind", "前期准备": "preparing", "前期筹备": "preparing", "开展前期准备工作": "preparing",
    "正在开展前期工作": "preparing", "无进展": "no_progress", "暂无进展": "no_progress", "暂无新进展": "no_progress",
    "无新进展": "no_progress",
}
STATUS_WORD = regex.compile("|".join(sorted(map(regex.escape, STATUS), key=len, reverse=True)))
RATE_CELL = regex.compile(r"^(\d+(?:\.\d+)?)%$")
NOT_PUBLISHED = regex.compile(r"数据.{0,12}公布|^/$|^——$|季度数据|年度数据")
PERIOD = regex.compile(r"(\d{1,2})\s*[-—–~至]\s*(\d{1,2})\s*月|([一二三四])季度|截[至止]\s*(\d{1,2})\s*月(?:\s*\d{1,2}\s*日)?|(\d{1,2})\s*月末")
GROWTH = regex.compile(r"(增长|下降|增速为?|\+)\s*(-?\d+(?:\.\d+)?)\s*%")
RATE = regex.compile(r"(?:(?:为|完成)年计划[^%，。；]{0,8}的|为年度任务的|完成率为?|完成年度任务的|完成|占年度任务的?)\s*(\d+(?:\.\d+)?)\s*%")
ROW_LABEL_CHARS = 16
FIGURE_TOKEN = regex.compile(r"-?\d+(?:\.\d+)?%?|/|——|" + STATUS_WORD.pattern)
FIGURES_AFTER = regex.compile(r"(?:\s*(?:-?\d+(?:\.\d+)?%?|/))*\s*")
PARENTHESISED = regex.compile(r"[（(][\p{Han}]{2,10}[）)]")
LEADING_CELL = regex.compile(r"(-?\d+(?:\.\d+)?%?|/|" + STATUS_WORD.pattern + r")(?: |(?=\d{1,2}\s*[-—–]\s*\d{1,2}\s*月))")
LIST_HEADING = regex.compile(r"(完成年度任务|达到时序进度|完成时序进度|未达时序进度|未完成时序进度|稳步推进)的(?:主要指标|主要工作)?是")
CIRCLED = regex.compile(r"[①-⑳㉑-㉟]")
_CN_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4}


@dataclass
class ProgressHit:
    indicator: str
    region: str | None  # None: the document's own region
    period: tuple[int, int] | None  # months, cumulative from period[0] to period[1]
    actual_value: float | None
    actual_unit: str | None
    growth: float | None
    completion_rate: float | None
    status: str | None
    status_raw: str | None
    row_no: str | None
    start: int  # offsets in NormText.text
    end: int


def period_of(text: str) -> tuple[int, int] | None:
    m = PERIOD.search(text)
    if not m:
        return None
    if m.group(1):
        return int(m.group(1)), int(m.group(2))
    if m.group(3):
        quarter = _CN_QUARTER[m.group(3)]
        return 3 * quarter - 2, 3 * quarter
    return 1, int(m.group(4) or m.group(5))


def _status(text: str) -> tuple[str | None, str | None]:
    m = STATUS_WORD.search(text)
    if m:
        return STATUS[m.group()], m.group()
    return ("unknown", text) if NOT_PUBLISHED.search(text) else (None, None)


def _growth(text: str) -> float | None:
    m = GROWTH.search(text)
    if not m:
        return None
    value = float(m.group(2))
    return -abs(value) if m.group(1) == "下降" else value


def cell_records(text: str, offset: int, indicators: tuple[str, ...], period: tuple[int, int] | None,
                 row_no: str | None) -> list[ProgressHit]:
    """Records of one progress cell: its total, then one per region after 其中.

    Cells keep their line breaks ("为年计\n划投资的19.00%"): regions are found at line starts,
    figures in each piece with the breaks squeezed out.
    """
    if regex.fullmatch(r"\d+(?:\.\d+)?", text.strip()) and indicators:  # a bare figure in a figures-only row
        return [ProgressHit(indicators[0], None, period, float(text), None, None, None, None, None, row_no,
                            offset, offset + len(text))]
    head, _, breakdown = text.partition("其中")
    records = []
    for m in regex.finditer(r"[^。；]+", head):  # "1-3月,…11.9亿元。1-4月,预计…16.6亿元": one record per period
        sentence = _squeeze(m.group())
        period = period_of(sentence) or period
        records += [ProgressHit(ind, None, period, value, unit, _growth(part), _rate(part), None, None, row_no,
                                offset + m.start(), offset + m.end())
                    for ind, value, unit, part in _figures(sentence, indicators)]
    at = len(head) + 2
    for start, end, region in _region_rows(breakdown):
        part = _squeeze(breakdown[start:end])
        for ind, value, unit, _ in _figures(part, indicators)[:1]:
            records.append(ProgressHit(ind, region, period, value, unit, _growth(part), _rate(part), None, None,
                                       row_no, offset + at + start, offset + at + end))
    return records


def _squeeze(text: str) -> str:
    return text.replace("\n", "")


def _rate(text: str) -> float | None:
    m = RATE.search(text)
    return float(m.group(1)) if m else None


def _figures(text: str, indicators: tuple[str, ...]) -> list[tuple[str, float | None, str | None, str]]:
    """(indicator, actual value, unit, its text) for each indicator the text reports on."""
    mentions = [(s, names[0]) for s, _, names in catalogue().find(text) if len(names) == 1]
    if not mentions:
        mentions = [(0, indicators[0])] if indicators else []
    out = []
    for k, (start, name) in enumerate(mentions):
        end = mentions[k + 1][0] if k + 1 < len(mentions) else len(text)
        part = text[start:end]
        value = next((m for m in NUMBER.finditer(part) if m.group(2) != "%" and catalogue().fits(name, m.group(2))),
                     None)
        if value or _growth(part) is not None or _rate(part) is not None:
            out.append((name, float(value.group(1)) if value else None, value.group(2) if value else None, part))
    return out


def _region_rows(text: str) -> list[tuple[int, int, str]]:
    """(start, end, region) of each "吉首市完成…" piece of a breakdown."""
    starts = []
    for m in regex.finditer(r"(?:^|[：:；;，,。\n])\s*", text):
        at = region_at_start(text[m.end():])
        if at:
            starts.append((m.end(), at[0].name))
    return [(s, starts[k + 1][0] if k + 1 < len(starts) else len(text), name) for k, (s, name) in enumerate(starts)]


def _columns(header: str) -> list[tuple[int, int]]:
    """The reporting periods of a table's columns: "2月 完成率 3 月 完成率" → [(1, 2), (1, 3)]."""
    explicit = [p for p in (period_of(m.group()) for m in PERIOD.finditer(header)) if p]
    if explicit:
        return explicit
    return [(1, int(m.group(1))) for m in regex.finditer(r"(\d{1,2})月", header)]


@dataclass
class _Piece:
    text: str
    start: int


def _pieces(paras: list[Paragraph]) -> list[_Piece]:
    """Paragraphs, with cells that extraction glued together ("0 0% 0 0%", "0.14% 1-3月数据…",
    "低于预期1-3月数据于4月初公布") split apart again."""
    out = []
    for p in paras:
        text, at = p.text, p.start
        while (m := LEADING_CELL.match(text)) and m.end() < len(text):
            out.append(_Piece(m.group(1), at))
            at += m.end()
            text = text[m.end():]
        out.append(_Piece(text, at))
    return out


def _is_closing(text: str) -> bool:
    """A rate, a status word or "/" closes a progress cell."""
    return bool(RATE_CELL.match(text)) or text == "/" or (len(text) <= 10 and bool(STATUS_WORD.fullmatch(text)))


def _row_records(row: list[_Piece], row_no: str, columns: list[tuple[int, int]]) -> list[ProgressHit]:
    """A scattered table row: target text, 责任单位, then per column a cell closed by its rate or status."""
    joined = "\n".join(p.text for p in row)
    unit = _responsible(row, joined) or len(row[0].text)  # no 责任单位 found: the row's cells start after its number
    target_text = joined[:unit]
    indicators = tuple(dict.fromkeys(n for _, _, names in catalogue().find(target_text) for n in names)) \
        or (_row_label(target_text),)
    records: list[ProgressHit] = []
    cell, cell_start, column = "", None, 0
    for at, text in _split_after(joined, unit, _offsets(row)):
        note = NOT_PUBLISHED.search(_squeeze(cell + text)) and not NUMBER.search(text)
        if _is_closing(text) or note:
            period = columns[column] if column < len(columns) else None
            found = cell_records(cell, cell_start, indicators, period, row_no) if cell else []
            if not found and note and indicators:
                start = cell_start if cell_start is not None else at
                found = [ProgressHit(indicators[0], None, period, None, None, None, None, "unknown",
                                     _squeeze(cell + text), row_no, start, at + len(text))]
            _close(found, text)
            records.extend(found)
            if found or cell:
                column += 1
            cell, cell_start = "", None
        else:
            cell, cell_start = (cell + "\n" if cell else "") + text, at if cell_start is None else cell_start
    if cell:  # the row ended without its rate cell
        records.extend(cell_records(cell, cell_start, indicators, columns[column] if column < len(columns) else None,
                                    row_no))
    if not records:  # every row is accounted for, if only by its status words
        status, raw = _status(joined[unit:])
        records.append(ProgressHit(indicators[0], None, columns[-1] if columns else None, None, None, None, None,
                                   status, raw, row_no, row[0].start, row[-1].start + len(row[-1].text)))
    return records


def _responsible(row: list[_Piece], joined: str) -> int | None:
    """Where the 责任单位 cell ends: a line of its own ("州发改委", maybe followed by "（州园区办）"),
    else a unit at the end of the row's first line ("59 力争数字经济…15%以上 州大数据中心")."""
    at, end = 0, None
    for piece in row[1:]:
        at = joined.index(piece.text, at)
        unit = RESPONSIBLE.match(piece.text)
        if end is None and unit and FIGURES_AFTER.fullmatch(piece.text[unit.end():]):  # "州发改委 0 0% 0 0%"
            return at + unit.end()
        if RESPONSIBLE.fullmatch(piece.text) or end is not None and PARENTHESISED.fullmatch(piece.text):
            end = at + len(piece.text)
        elif end is not None:
            return end
    if end is not None:
        return end
    inline = RESPONSIBLE.search(row[0].text)
    return inline.end() if inline else None


def _row_label(target_text: str) -> str:
    """A row whose target names no catalogued indicator is known by its target's opening words."""
    text = _squeeze(ROW_NUMBER.sub("", target_text, count=1))
    return regex.split(r"[，。；：,]", text, maxsplit=1)[0][:ROW_LABEL_CHARS] or "（未识别指标）"


def _close(records: list[ProgressHit], closing: str) -> None:
    """The closing cell's rate or status belongs to the cell's total records (not its per-region ones)."""
    rate = RATE_CELL.match(closing)
    status, raw = _status(closing)
    for r in records:
        if r.region is None:
            r.completion_rate = r.completion_rate if r.completion_rate is not None or not rate else float(rate.group(1))
            r.status, r.status_raw = (status, raw) if status else (r.status, r.status_raw)


def _offsets(row: list[_Piece]) -> list[tuple[int, int, int]]:
    """(joined start, joined end, source offset) of each piece, to map joined text back."""
    out, at = [], 0
    for p in row:
        out.append((at, at + len(p.text), p.start))
        at += len(p.text) + 1  # the "\n" that joins pieces
    return out


def _split_after(joined: str, start: int, offsets: list[tuple[int, int, int]]) -> list[tuple[int, str]]:
    """The pieces after position `start` of the joined row, with their source offsets."""
    out = []
    for a, b, source in offsets:
        if b <= start:
            continue
        cut = max(a, start)
        out.extend(_figure_tokens(source + cut - a, joined[cut:b].strip()))
    return [(at, text) for at, text in out if text]


def _figure_tokens(at: int, text: str) -> list[tuple[int, str]]:
    """A run of bare cells ("0 0% 0 0%") is one cell each; any other text stays whole."""
    tokens = text.split(" ")
    if len(tokens) < 2 or not all(FIGURE_TOKEN.fullmatch(t) for t in tokens):
        return [(at, text)]
    out = []
    for token in tokens:
        out.append((at, token))
        at += len(token) + 1
    return out


def table_progress(paras: list[Paragraph]) -> list[ProgressHit]:
    """Progress rows of a monitoring table, scattered over lines or tab-separated."""
    records: list[ProgressHit] = []
    columns: list[tuple[int, int]] = []
    tab_header: list[str] | None = None
    row: list[_Piece] = []
    row_no, last = None, 0
    for piece in _pieces(paras):
        if is_table_header(piece.text):
            columns = _columns(piece.text) or columns
            tab_header = piece.text.split("\t") if "\t" in piece.text else None
            continue
        if tab_header and "\t" in piece.text:
            records.extend(_tab_row(piece, tab_header))
            continue
        number = ROW_NUMBER.match(piece.text)
        n = int(number.group(1)) if number else 0
        if number and (n == last + 1 or n == 1 and (piece.text == number.group() or not row)):
            records.extend(_row_records(row, row_no, columns) if row else [])
            row, row_no, last = [piece], number.group(1), int(number.group(1))
        elif row:
            row.append(piece)
    return records + (_row_records(row, row_no, columns) if row else [])


def _tab_row(piece: _Piece, header: list[str]) -> list[ProgressHit]:
    """A tab-separated row: the progress column read as a cell; ratio and 备注 close it."""
    cells = piece.text.split("\t")
    column = {name: i for i, cell in enumerate(header)
              for name in ("目标", "进展", "之比", "备注") if name in cell.replace(" ", "")}
    if "进展" not in column or column["进展"] >= len(cells):
        return []
    starts = [piece.start + sum(len(c) + 1 for c in cells[:i]) for i in range(len(cells))]
    target = cells[column["目标"]] if column.get("目标", 99) < len(cells) else ""
    indicators = tuple(dict.fromkeys(n for _, _, names in catalogue().find(target) for n in names))
    at = column["进展"]
    found = cell_records(cells[at], starts[at], indicators, None, cells[0].strip() or None)
    if not found and indicators:  # a row that reports only its status ("拟定重点跟踪培育企业2家" / 进展有序)
        found = [ProgressHit(indicators[0], None, period_of(cells[at]), None, None, None, None, None, None,
                             cells[0].strip() or None, starts[at], starts[at] + len(cells[at]))]
    for name in ("之比", "备注"):
        if column.get(name, 99) < len(cells):
            _close(found, cells[column[name]].strip())
    return found


def prose_progress(paras: list[Paragraph]) -> list[ProgressHit]:
    """Numbered items under a status heading: "未达时序进度的是：①1-2 月完成固定资产投资 32.97 亿元…"."""
    records: list[ProgressHit] = []
    text = "".join(p.text for p in paras)
    offsets = _offsets([_Piece(p.text, p.start) for p in paras])
    headings = list(LIST_HEADING.finditer(text))
    for k, heading in enumerate(headings):
        end = headings[k + 1].start() if k + 1 < len(headings) else text.find("。", heading.end())
        body_end = end if end > 0 else len(text)
        marks = [m.start() for m in CIRCLED.finditer(text, heading.end(), body_end)]
        for i, start in enumerate(marks):
            item = text[start + 1:(marks[i + 1] if i + 1 < len(marks) else body_end)]
            found = cell_records(item, _source(offsets, start + 1), (), None, None)
            for r in found:
                if r.region is None:
                    r.status, r.status_raw = STATUS[heading.group(1)], heading.group(1)
            records.extend(found)
    return records


def _source(offsets: list[tuple[int, int, int]], at: int) -> int:
    for a, b, source in offsets:
        if a <= at < b:
            return source + at - a
    return offsets[-1][2] if offsets else 0


SUMMARY = regex.compile(r"共有重点监测指标\s*(\d+)\s*[个项]")
SUMMARY_COUNT = regex.compile(
    r"(已?完成年度任务|完成时序进度|稳步推进|进展有序|有序推进|未完成时序进度|进展滞后)\s*(\d+)\s*[个项]"
)
ANNEX = regex.compile(r"详见附件\s*(\d+)")
INNER_COMPLETED = regex.compile(r"[（(]\s*(\d+)\s*[个项]完成年度任务")
SUMMARY_LABEL = regex.compile(r"^(?:[（(][一二三四五六七八九十]+[）)]|\d+[.．]|[-•]|\s)+")


@dataclass
class SummaryHit:
    """A report's own count of its monitored indicators by status, for one 仗 (and the annex listing them)."""

    label: str  # the heading it stands under: 打好经济增长主动仗
    part_label: str | None  # 附件1
    total: int
    counts: dict[str, int]  # status → count, as the prose states them
    start: int
    end: int


def summary_counts(paras: list[Paragraph]) -> list[SummaryHit]:
    """"（一）打好经济增长主动仗。共有重点监测指标60个，其中：完成时序进度11个（3个完成年度任务）；…（详见附件1）"."""
    text = "\n".join(p.text for p in paras)
    offsets = _offsets([_Piece(p.text, p.start) for p in paras])
    found = list(SUMMARY.finditer(text))
    hits = []
    for k, m in enumerate(found):
        stop = found[k + 1].start() if k + 1 < len(found) else len(text)
        end = text.find("。", m.end(), stop)
        body = _squeeze(text[m.end():end if end > 0 else stop])
        counts: dict[str, int] = {}
        for c in SUMMARY_COUNT.finditer(body):
            status = STATUS[c.group(1).removeprefix("已")]
            counts[status] = counts.get(status, 0) + int(c.group(2))
        if (inner := INNER_COMPLETED.search(body)):  # "完成时序进度 11 个（3 个完成年度任务）"
            counts["completed"] = int(inner.group(1))
        annex = ANNEX.search(_squeeze(text[m.end():stop]))
        line_start = text.rfind("\n", 0, m.start()) + 1
        label = SUMMARY_LABEL.sub("", text[line_start:m.start()]).strip("。：: ")
        hits.append(SummaryHit(label, f"附件{annex.group(1)}" if annex else None, int(m.group(1)), counts,
                               _source(offsets, line_start), _source(offsets, max(line_start, (end if end > 0 else stop) - 1))))
    return hits
