"""Wide monitoring tables: one column pair (工作目标, 完成率) per county.

"吉首市 泸溪县 凤凰县 … 州本级" heads the columns; a row then reads, after its indicator and
责任单位, "15.84% 2670人 15.20% 2287人 14.10% …": the prefecture's rate, then each county's
target and its completion rate, in header order. Each pair is an allocation to that county and a
progress record for it.

A PDF prints these cells in many shapes, all read the same way: "— —" is a county with no
allocation, a rate may be missing or a bare "0", a target may be bare ("10300", "16.0155") and
take its unit from the row ("改造接收18000户", "基本养老保险（万人）"), "24万" is 万 of the
indicator's unit, and the cells may run over several lines. A row is read only when its cells
fill the header's columns exactly (the prefecture's own last column may be blank): a row that
cannot be aligned is skipped rather than guessed.

The 全州 column comes first: a rate, or words ("正在前期准备阶段", "全州完成检查12043人，完成进度36.49%")
between the row's 责任单位 (else its target) and its county cells; it is the whole area's progress.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

import regex

from govdoc.extractors.indicators import catalogue
from govdoc.extractors.outline import Paragraph
from govdoc.extractors.progress import STATUS, STATUS_WORD, cell_records
from govdoc.extractors.regions import Region, region_at_start, region_index
from govdoc.extractors.shapes import RESPONSIBLE
from govdoc.extractors.targets import NUMBER, is_baseline

OWN_LEVEL = "州本级"  # the prefecture's own column
WHOLE = "全州"  # the column of the whole area's progress, before the counties'
UNNAMED = ("高新区", "经开区")  # a park column named without its place: not a county allocation
MIN_COLUMNS = 3
MAX_NAME = 12  # characters a region name can take
NUM = r"\d+(?:\.\d+)?"
EMPTY = "—"


def _unit_pattern() -> str:
    """Every catalogue unit, longest first, its characters allowed to break over a line ("5273万\\n元")."""
    units = sorted([*catalogue().units, "万"], key=len, reverse=True)
    return "|".join(r"\n?".join(regex.escape(ch) for ch in unit) for unit in units)


UNIT = _unit_pattern()


# A cell: a rate, an empty mark, a figure with its unit ("130人·1040月": the second measure is dropped),
# or a bare figure; a bare figure running into text ("——5\n推行…") is the next row's number, not a cell.
TOKEN = regex.compile(
    rf"(?P<rate>{NUM}%)|(?P<empty>{EMPTY})"
    rf"|(?P<figure>(?P<value>{NUM})\s*(?P<unit>{UNIT})(?:·{NUM}\s*月)?)"
    rf"|(?P<bare>{NUM})(?![\d.]|\s*\p{{Han}})"
)
GAP = regex.compile(r"\s*")
LINE_RATE = regex.compile(rf"({NUM})%(?=\s*(?:\n|{EMPTY}|$))")  # a rate closing its line: a cell of its own
GLUED = regex.compile(r"\p{Han}\s*$")  # a figure right after text may be that text's own
# The unit a row prints for its bare figures: "（万人）", else the unit of its last figure ("272万方").
ROW_UNIT = regex.compile(rf"[（(](?P<unit>{UNIT})[）)]|{NUM}\s*(?P<unit>{UNIT})")
CELL_RATE = regex.compile(rf"({NUM})\s*%")
# States without a status word: preliminary work, survey, fund-raising and site selection come before
# the work; a target not yet set leaves progress unknown; other narrated steps are the work going on.
PREPARING = regex.compile(r"前期|勘察|勘测|选址")
PENDING = regex.compile(r"待定|未下达|待\p{Han}{0,12}确定")
COMPANY = regex.compile(r"\p{Han}{2,10}?公司")  # a 责任单位 that is a company (国网湘西供电公司)


@dataclass
class WideCell:
    """One county's pair in a wide row, or the row's 全州 cell (region WHOLE, no target)."""

    region: str
    indicator: str
    target_value: float | None
    target_unit: str | None
    completion_rate: float | None
    start: int  # offsets in NormText.text of the pair
    end: int
    mark: tuple[int, int]  # where its progress is printed: its rate, else its figure or words
    actual_value: float | None = None
    actual_unit: str | None = None
    state: str | None = None  # the 全州 cell's words, when it prints words


@dataclass
class _Token:
    kind: str  # rate | empty | figure | bare
    value: float | None
    unit: str | None
    start: int  # offsets in the table's text
    end: int


def header_columns(text: str) -> list[str]:
    """The regions a header line lists in order ("吉首市泸溪县凤凰县…州本级"), or [] if it lists fewer than 3."""
    columns, at = [], 0
    while at < len(text):
        own = next((w for w in (OWN_LEVEL, *UNNAMED) if text.startswith(w, at)), None)
        if own:
            columns.append(OWN_LEVEL)
            at += len(own)
            continue
        found = region_at_start(text[at:]) or _full_name_at(text[at:])
        if not found:
            break
        columns.append(found[0].name)
        at += found[1]
    return columns if len(columns) >= MIN_COLUMNS else []


def _full_name_at(text: str) -> tuple[Region, int] | None:
    """A county's full name opening text: in a header "永顺县龙山县高新区" is two counties and a park column,
    not the start of a park's name."""
    at = region_index().starting(text[:MAX_NAME])
    return (at[1][0], at[0]) if at and len(at[1]) == 1 else None


def wide_cells(paras: list[Paragraph]) -> list[WideCell]:
    """Every county pair of every wide row under a region header."""
    cells: list[WideCell] = []
    body: list[Paragraph] = []
    columns: list[str] = []
    for para in [*paras, None]:
        found = header_columns(para.text) if para else []
        if para and not found:
            body.append(para)
            continue
        if columns and body:
            cells.extend(_table_cells(body, columns))
        columns, body = found or columns, []
    return cells


def _table_cells(body: list[Paragraph], columns: list[str]) -> list[WideCell]:
    """The cells of a table body, read as one text: a row's cells may run over several paragraphs."""
    text = "\n".join(p.text for p in body)
    joined = list(accumulate((len(p.text) + 1 for p in body[:-1]), initial=0))
    cells: list[WideCell] = []
    row_start = 0
    for run in _runs(text):
        row = _row_cells(text, row_start, run, columns)
        if row is not None:
            cells += _text_rows(text, row_start, run[0].start, columns) + row
            row_start = run[-1].end
    cells += _text_rows(text, row_start, len(text), columns)
    for cell in cells:  # back from the joined text to NormText offsets
        cell.start, cell.end, *cell.mark = (_source(body, joined, at) for at in (cell.start, cell.end, *cell.mark))
    return cells


def _source(body: list[Paragraph], joined: list[int], at: int) -> int:
    para = bisect_right(joined, at) - 1
    return body[para].start + at - joined[para]


def _text_rows(text: str, start: int, end: int, columns: list[str]) -> list[WideCell]:
    """Rows whose county cells are statements ("城市低保标准从不低于600元/月提高到不低于650元/月"), each
    followed by its rate on a line of its own: read when there is one statement per county, each
    with a figure in the indicator's unit. Rows end at an empty cell ("— —")."""
    counties = [c for c in columns if c != OWN_LEVEL]
    cells: list[WideCell] = []
    for segment in regex.finditer(rf"[^{EMPTY}]+", text[:end], pos=start):
        rates = list(LINE_RATE.finditer(text, segment.start(), segment.end()))
        if not rates:
            continue
        head = text[segment.start():rates[0].start()].replace("\n", "")
        named = _named(head)
        statements = [(GAP.match(text, before.end()).end(), rate) for before, rate in zip(rates, rates[1:])
                      if text[before.end():rate.start()].strip()]
        if not named or len(statements) != len(counties):
            continue
        indicator = named[-1][1]
        cells.append(_rate_cell(WHOLE, indicator, rates[0]))
        for county, (at, rate) in zip(counties, statements):
            figure = _statement_figure(text[at:rate.start()].replace("\n", ""), indicator) or (None, None)
            cells.append(WideCell(county, indicator, *figure, float(rate.group(1)), at, rate.end(), rate.span()))
    return cells


def _rate_cell(region: str, indicator: str, rate: regex.Match | _Token) -> WideCell:
    """A cell that prints only a rate: the 全州 column's."""
    start, end = (rate.start, rate.end) if isinstance(rate, _Token) else rate.span()
    value = rate.value if isinstance(rate, _Token) else float(rate.group(1))
    return WideCell(region, indicator, None, None, value, start, end, (start, end))


def _statement_figure(statement: str, indicator: str) -> tuple[float, str] | None:
    """The last figure of a statement that can measure the indicator, past any it is raised from."""
    fitting = [m for m in NUMBER.finditer(statement) if catalogue().fits(indicator, m.group(2))
               and m.group(2) != "%" and not is_baseline(statement, m)]
    return (float(fitting[-1].group(1)), fitting[-1].group(2)) if fitting else None


def _runs(text: str) -> list[list[_Token]]:
    """Tokens that follow each other with only blanks between: the candidate rows of cells."""
    runs: list[list[_Token]] = []
    for m in TOKEN.finditer(text):
        kind = m.lastgroup if m.lastgroup in ("rate", "empty", "bare") else "figure"
        number = m.group("value") or m.group("bare") or (m.group("rate") or "%")[:-1]
        unit = m.group("unit").replace("\n", "") if m.group("unit") else None
        token = _Token(kind, float(number) if number else None, unit, m.start(), m.end())
        if runs and GAP.fullmatch(text, runs[-1][-1].end, m.start()):
            runs[-1].append(token)
        else:
            runs.append([token])
    return [run for run in runs if len(run) >= MIN_COLUMNS]


def _row_cells(text: str, row_start: int, run: list[_Token], columns: list[str]) -> list[WideCell] | None:
    """The row's cells, its 全州 cell first, when its run fills the columns, else None. The row's own text
    runs from row_start to the run, past any empty cell (one ends an earlier row)."""
    own_start = text.rfind(EMPTY, row_start, run[0].start) + 1 or row_start
    own = text[own_start:run[0].start].replace("\n", "")
    named = _named(own)
    if not named:
        return None
    indicator = named[-1][1]
    unit_m = list(ROW_UNIT.finditer(own))
    row_unit = unit_m[-1].group("unit").replace("\n", "") if unit_m else None
    aligned = _aligned(text, run, len(columns), columns[-1] == OWN_LEVEL, catalogue().base_units[indicator] == "%")
    if aligned is None:
        return None
    whole, pairs = aligned
    glued = whole and regex.match(r"\p{Han}", text[whole.start - 1])  # "占年度任务的23.93%" ends the 全州 words
    out = [_rate_cell(WHOLE, indicator, whole)] if whole and not glued \
        else _state_cells(text, own_start, whole.end if whole else run[0].start, indicator)
    for column, (target, rate) in zip(columns, pairs):
        if column == OWN_LEVEL:
            continue
        value, unit = _figure(target, indicator, row_unit)
        completion = rate.value if rate and rate.kind != "empty" else None
        mark = rate or target
        out.append(WideCell(column, indicator, value, unit, completion, target.start, mark.end, (mark.start, mark.end)))
    return out


def _state_cells(text: str, start: int, end: int, indicator: str) -> list[WideCell]:
    """The 全州 cell when it prints words: they follow the row's 责任单位, else its target figure. Its figure
    and rate ("全州完成检查12043人，完成进度36.49%") are its progress; else its words are its state."""
    own = text[start:end].replace("\n", "")
    mention = [stop for stop, name in _named(own) if name == indicator][-1:]
    figure = [m.end() for m in NUMBER.finditer(own, *mention) if catalogue().fits(indicator, m.group(2))][:1]
    unit = sorted(m.end() for pattern in (RESPONSIBLE, COMPANY) for m in pattern.finditer(own))[-1:]
    at = _unsqueezed(text, start, max(mention + figure + unit))
    while at < end and text[at].isspace():
        at += 1
    words = text[at:end].rstrip()
    if not regex.search(r"\p{Han}|%", words):
        return []
    cell = WideCell(WHOLE, indicator, None, None, None, at, at + len(words), (at, at + len(words)))
    found = next(iter(cell_records(words, at, (indicator,), None, None)), None)
    rate = CELL_RATE.search(text, at, at + len(words))
    if found and found.actual_value is not None:
        cell.actual_value, cell.actual_unit, cell.mark = found.actual_value, found.actual_unit, (found.start, found.end)
    # "完成进度36.49%", a rate cell_records does not read as one: the column is the 进度比
    cell.completion_rate = found.completion_rate if found and found.completion_rate is not None \
        else float(rate.group(1)) if rate else None
    if cell.actual_value is None and rate:
        cell.mark = rate.span()
    if cell.actual_value is None and cell.completion_rate is None:
        cell.state = words.replace("\n", "")
    return [cell]


def _named(text: str) -> list[tuple[int, str]]:
    """(end, indicator) of each catalogue mention that names one indicator."""
    return [(end, names[0]) for _, end, names in catalogue().find(text) if len(names) == 1]


def _unsqueezed(text: str, start: int, at: int) -> int:
    """The offset in text of the character `at` of text[start:] with its line breaks removed."""
    for i, ch in enumerate(text[start:], start=start):
        if at == 0:
            return i
        at -= ch != "\n"
    return len(text)


def state_status(state: str) -> str:
    """The status a 全州 cell's words state: its status word, else as PREPARING / PENDING / narrated steps."""
    if (word := STATUS_WORD.search(state)):
        return STATUS[word.group()]
    return "preparing" if PREPARING.search(state) else "unknown" if PENDING.search(state) else "in_progress"


def _aligned(text: str, run: list[_Token], n: int, own_last: bool,
             rate_targets: bool) -> tuple[_Token | None, list[tuple[_Token, _Token | None]]] | None:
    """The 全州 rate, if the run opens with one, and (target, rate) per column. Tried in turn: the run with its
    first token the 全州 rate, then without; then, for a first figure glued to the text before it
    ("用户数突破136万"), both without it."""
    glued = run[0].kind != "rate" and bool(GLUED.search(text, 0, run[0].start))
    for tokens in (run, run[1:]) if glued else (run,):
        for skip in (1, 0):
            if skip and not _is_rate(tokens[0]):
                continue
            pairs = _pairs(tokens[skip:], rate_targets)
            if pairs and (len(pairs) == n or own_last and len(pairs) == n - 1):
                return (tokens[0] if skip else None), pairs
    return None


def _pairs(tokens: list[_Token], rate_targets: bool) -> list[tuple[_Token, _Token | None]] | None:
    """Tokens as (target, rate) pairs, a rate optional; None when a token cannot be a target."""
    pairs, i = [], 0
    while i < len(tokens):
        target = tokens[i]
        if not (target.kind in ("empty", "figure") or target.kind == "bare" and target.value
                or rate_targets and target.kind == "rate"):
            return None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        rate = after if after and (_is_rate(after) or after.kind == "empty") else None
        pairs.append((target, rate))
        i += 2 if rate else 1
    return pairs


def _is_rate(token: _Token) -> bool:
    return token.kind == "rate" or token.kind == "bare" and token.value == 0


def _figure(target: _Token, indicator: str, row_unit: str | None) -> tuple[float | None, str | None]:
    """A target's value and unit: a bare figure in the row's unit, "24万" in 万 of the indicator's."""
    if target.kind == "empty":
        return None, None
    if target.kind == "rate":
        return target.value, "%"
    if target.kind == "bare":
        return target.value, row_unit or catalogue().base_units[indicator]
    if target.unit == "万":
        return target.value, "万" + catalogue().base_units[indicator]
    return target.value, target.unit
