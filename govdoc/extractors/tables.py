"""Tasks printed as tables (重点任务责任清单, 任务分解表): each row a TaskRecord like a prose task.

Four shapes of table reach the pipeline, all read through their header words
(序号, 主要任务/工作要求, 完成时限, 牵头单位, 责任/配合单位):

- column blocks: PDF text that prints each column of a page as one block after the other
  (序号 1…11, then the eleven task texts, then the eleven 牵头单位), the header line after
  them. Row k is the k-th entry of every block: rows are found by counting.
- row-wise text: the header, then each row in reading order (序号, task text, units),
  with spaces where the columns meet (also a PDF table drawn without rules).
- tab-separated rows, cells split on "\\t".
- ruled PDF tables, handed over by pdfplumber as cell grids (`SourceText.tables`); their
  pages are not read again as text.

A unit wrapped over several short lines ("县市场监督\\n管理局") is joined until it forms a
complete name. When a column's entries do not match the rows (merged cells), nothing is
guessed: each row keeps what could be placed and is flagged uncertain with the reason. So
is a row-wise row whose line never shows the gap between its 牵头 and 配合 columns: its
first unit is read as 牵头单位, as the table's other rows print it.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import takewhile

import regex

from govdoc.extractors.deadlines import Deadline, find_deadline
from govdoc.extractors.outline import Item, Paragraph, heading_of, title_of
from govdoc.extractors.tasks import UNIT_LIKE, TaskRecord, split_units
from govdoc.pipeline.normalise import Line, NormText
from govdoc.schemas.records import Table

# Header word → what its column holds. Fragments (行业, 时限, 序 …) let a header that the
# layout broke over several lines read as one; brackets and 排第一为牵头单位 qualify a cell.
HEADER_ROLES = {
    "序号": "no", "序": "no", "号": "no",
    "工作要求": "text", "主要任务": "text", "工作任务": "text", "目标任务": "text", "年度任务": "text",
    "重点任务": "text", "完成时限": "deadline", "完成时间": "deadline", "时间节点": "deadline", "时限": "deadline",
    "牵头单位": "lead", "配合单位": "support", "协办单位": "support", "参与单位": "support", "责任单位": "units",
    "目标": "other", "工作内容": "other", "行业领域": "other", "民生实事": "other", "责任领导": "other",
    "备注": "other", "行业": "other", "领域": "other", "完成": "other", "责任": "other", "领导": "other",
    "排第一为牵头单位": "first_is_lead", "（": "mark", "）": "mark", "(": "mark", ")": "mark",
}
TEXT_PRIORITY = ["工作要求", "主要任务", "工作任务", "目标任务", "重点任务", "年度任务"]  # the task text, not its category
UNIT_ROLES = ("lead", "support", "lead_first")
HEADER_WORD = regex.compile("|".join(map(regex.escape, sorted(HEADER_ROLES, key=len, reverse=True))))
HEADER_RUN = regex.compile(rf"(?:{HEADER_WORD.pattern})+")
TITLE = regex.compile(r"(?:清单|分解表|分工表|任务表|责任表)$")
NUMBER = regex.compile(r"\d{1,3}")
ROW_ITEM = regex.compile(r"^\d{1,2}[.．、]")  # the row's own item number before its text: "1.", "2."
TERMINAL = ("。", "！", "？", "；", ";")  # a line ending so ends its sentence
CELL_END = TERMINAL + ("）", ")")  # ... and a task text cell may end with its note
SEPARATOR = regex.compile(r"[、，,；;]")
UNIT_OPENER = regex.compile(r"^(?:[县市州省区]|各|相关|有关)")  # how a unit name, not a wrapped tail, begins
LEAD_MARK = regex.compile(r"[（(]牵头[）)]$")
DEADLINE_CELL = regex.compile(r"[\d年月日底末前中上下旬季度半并持续推进长期开展坚每周内至到一二三四五六七八九十]+")
DEADLINE_START = regex.compile(r"\d|每|长期|持续|年底|年内|[上下]半年|第?[一二三四]季度|[一二三四五六七八九十]+月")
DEADLINE_WORD = regex.compile(r"年|月|季度|持续|长期|每")  # a deadline cell says when, not only a figure
NOT_UNIT = regex.compile(r"[。：:！？\d]")  # sentence marks and figures: never in a unit name
NON_SPACE = regex.compile(r"\S+")
GLUED_ROW_NUMBER = regex.compile(r"(.+?)(\d{1,3})")  # "市乡村振兴局2": a unit, then the next 序号
TEXT_WIDTH = 8  # a line this long is prose: column blocks of categories and units are narrower
ROW_TEXT_WIDTH = 15  # in row-wise tables the task text runs the width of its column
NAME_CHARS = 18  # the longest unit name a cell is expected to hold


# --- header → schema ----------------------------------------------------------------


@dataclass(frozen=True)
class Schema:
    """What each column of a table holds: no | text | deadline | lead | support | lead_first | other."""

    roles: tuple[str, ...]
    words: tuple[str, ...]  # the header word naming each column, as printed

    def name(self, role: str) -> str:
        """How the header names the column of a role: 责任单位, 配合单位 …"""
        return next(w for r, w in zip(self.roles, self.words) if r == role)

    @property
    def units(self) -> list[str]:
        """The unit columns in reading order, each role once."""
        return list(dict.fromkeys(r for r in self.roles if r in UNIT_ROLES))

    @property
    def is_task_table(self) -> bool:
        return "text" in self.roles and bool(self.units)


def header_cells(text: str) -> list[list[str]] | None:
    """A header line (or run of header fragments) as its cells' words; None when it holds anything else."""
    if not text or not HEADER_RUN.fullmatch(text):
        return None
    cells: list[list[str]] = []
    for word in HEADER_WORD.findall(text):
        if HEADER_ROLES[word] in ("mark", "first_is_lead") and cells:
            cells[-1].append(word)
        elif HEADER_ROLES[word] != "mark":
            cells.append([word])
    return cells


def schema_of(cells: list[list[str]]) -> Schema:
    """Roles per column: one text column (by priority), 责任单位 as support beside a 牵头单位 column."""
    words = [_main_word(cell) for cell in cells]
    texts = [w for w in words if w in TEXT_PRIORITY]
    text_word = min(texts, key=TEXT_PRIORITY.index) if texts else None
    has_lead = "lead" in (HEADER_ROLES.get(w) for w in words)
    roles = []
    for cell, word in zip(cells, words):
        role = HEADER_ROLES.get(word, "other")
        if role == "text" and word != text_word:
            role = "other"
        elif role == "units":
            role = "support" if has_lead else "lead_first" if "排第一为牵头单位" in cell else "lead"
        roles.append(role)
    return Schema(tuple(roles), tuple(w or "" for w in words))


def _main_word(cell: list[str]) -> str | None:
    """The word naming a header cell's column: "完成年度任务之比" is about 年度任务, not 完成."""
    named = [w for w in cell if HEADER_ROLES[w] not in ("mark", "first_is_lead")]
    return max(named, key=len) if named else None


def grid_schema(cells: list[str | None]) -> Schema | None:
    """A grid row read as a header; None unless it names a task column and a unit column."""
    if any(cell and len(cell) > 16 for cell in cells):
        return None
    schema = schema_of([_cell_words(regex.sub(r"\s+", "", cell or "")) for cell in cells])
    return schema if schema.is_task_table else None


def _cell_words(cell: str) -> list[str]:
    """The header words of a grid cell that names its column by its last word: "2023年度具体目标任务"
    is a task column, "完成年度任务之比" is not."""
    words = HEADER_WORD.findall(cell)
    main = _main_word(words)
    for word in words:
        cell = cell.replace(word, "") if HEADER_ROLES[word] in ("mark", "first_is_lead") else cell
    return words if main and cell.endswith(main) else []


# --- units and deadlines in a cell ---------------------------------------------------


def _balanced(text: str) -> bool:
    return _opened(text) == 0


def _opened(text: str) -> int:
    """Brackets opened and not yet closed: negative when text closes one it did not open."""
    return text.count("（") + text.count("(") - text.count("）") - text.count(")")


def unit_complete(text: str) -> bool:
    """True when text ends with a whole unit name, not a line-wrapped piece of one."""
    last = SEPARATOR.split(text)[-1]
    return bool(last) and _balanced(text) and bool(UNIT_LIKE.search(last))


def join_wrapped(pieces: list[str]) -> str:
    """Lines of a unit cell as one list "A、B": a line continues the last while that is not yet a whole
    name, or when it starts with a tail no name is ("县人社" + "局、人行")."""
    out = ""
    for piece in pieces:
        out += "、" + piece if out and unit_complete(out) and _standalone(SEPARATOR.split(piece)[0]) else piece
    return out


def _standalone(name: str) -> bool:
    """Long enough to be a name of its own: "理局" and "中心" are only the tails of wrapped ones (人行 is one)."""
    return len(name) >= 3 or name.endswith("行")


def unit_like(text: str) -> bool:
    """Only unit names (the last may still be wrapping): what a 牵头/责任单位 cell holds."""
    if NOT_UNIT.search(text) or _opened(text) < 0:
        return False
    pieces = SEPARATOR.split(text)
    complete = [len(p) >= 2 and bool(UNIT_LIKE.search(p)) and _balanced(p) for p in pieces]
    return any(complete) and all(complete[:-1]) and all(len(p) <= NAME_CHARS for p in pieces)


def assign_units(roles: list[str], cells: list[str | None]) -> tuple[list[str], list[str]]:
    """(leads, supports) from the unit cells of a row, one cell per unit column (None: not placed)."""
    leads: list[str] = []
    supports: list[str] = []
    for role, cell in zip(roles, cells):
        names = split_units(cell or "")
        marked = [n for n in names if LEAD_MARK.search(n)]
        if role == "lead_first":
            first = marked or names[:1]
            leads += [LEAD_MARK.sub("", n) for n in first]
            supports += [n for n in names if n not in first]
        else:
            (leads if role == "lead" else supports).extend(LEAD_MARK.sub("", n) for n in names)
    return leads, supports


def cell_deadline(raw: str | None, text: str, year: int) -> Deadline | None:
    """The 完成时限 cell's value (None: no such column, so the text's own deadline, as for prose)."""
    if raw is None:
        return find_deadline(text, year)
    if not raw:
        return None
    return find_deadline(raw, year) or Deadline(raw, None, None, 0, len(raw))


# --- rows → task records ---------------------------------------------------------------


@dataclass
class Row:
    """A table row, whatever the table's shape: its text where it stands, and its cells."""

    number: str
    text: list[Paragraph]
    start: int  # NormText offset where the row starts (its 序号 when printed before the text)
    leads: list[str] = field(default_factory=list)
    supports: list[str] = field(default_factory=list)
    deadline_raw: str | None = None  # None: no 完成时限 column; "": the column, but no value placed
    reasons: list[str] = field(default_factory=list)


def row_record(row: Row, path: list[str], year: int) -> TaskRecord:
    """The row as the extract stage takes a prose task: titled like one, a unit once, its doubts kept."""
    text = "".join(p.text for p in row.text)
    title = title_of(ROW_ITEM.sub("", text))
    leads = list(dict.fromkeys(row.leads))
    supports = [u for u in dict.fromkeys(row.supports) if u not in leads]
    return TaskRecord(
        Item(0, row.number, title, path, row.text), [], cell_deadline(row.deadline_raw, text, year),
        leads=leads, supports=supports, row_start=row.start,
        uncertain=bool(row.reasons), uncertain_reason="；".join(row.reasons) or None,
    )


def table_tasks(norm: NormText, start: int, end: int, root: str | None, year: int) -> list[TaskRecord]:
    """The task rows of the tables in norm.lines[start:end] (a document's own lines)."""
    lines = norm.lines[start:end]
    grid_rows, grid_pages = _grid_rows(norm, lines)
    lines = [line for line in lines if _page(norm, line) not in grid_pages]
    records = [row_record(row, [root] if root else [], year) for row in grid_rows]
    found = _text_table(lines)
    if found:
        title, schema, region = found
        path = [p for p in (root, title) if p]
        records += [row_record(row, path, year) for row in _text_rows(norm, region, schema)]
    return records


def _page(norm: NormText, line: Line) -> int | None:
    """The PDF page of a line (None for text files): a page read as a grid is not read again as text."""
    return norm.source.page_of(norm.orig(line.start))


# --- text tables: where they are and which shape ----------------------------------------


def _text_table(lines: list[Line]) -> tuple[str | None, Schema, list[Line]] | None:
    """(title, schema, its lines) of the first task table in lines: from its title (清单, 分解表)
    or, untitled, from its header line; the columns are named by all header lines after that."""
    heads = [i for i, line in enumerate(lines) if _tab_schema(line) or header_cells(line.text)]
    starts = [i for i, line in enumerate(lines) if TITLE.search(line.text) and not heading_of(line.text)]
    for at in sorted(set(starts) | {i for i in heads if _header_line(lines[i])}):
        schema = _tab_schema(lines[at]) or schema_of(
            header_cells("".join(lines[i].text for i in heads if i >= at)) or [])
        if schema.is_task_table:
            return (lines[at].text, schema, lines[at + 1:]) if at in starts else (None, schema, lines[at:])
    return None


def _header_line(line: Line) -> bool:
    """A line that is a whole header by itself (not one label of the header split over lines)."""
    return bool(_tab_schema(line)) or schema_of(header_cells(line.text) or []).is_task_table


def _tab_schema(line: Line) -> Schema | None:
    """The schema of a tab-separated header row."""
    return grid_schema(line.text.split("\t")) if "\t" in line.text else None


def _text_rows(norm: NormText, region: list[Line], schema: Schema) -> list[Row]:
    if any(_tab_schema(line) for line in region[:2]):
        return _tab_rows(region)
    groups = column_groups(region)
    if _is_column_blocks(groups):
        return column_rows(groups, schema)
    return _row_wise(norm, region, schema)


def _is_column_blocks(groups: list[Group]) -> bool:
    """Columns printed as blocks: the 序号 come as a run of numbers, or not at all (row-wise tables
    print each 序号 before its row's text)."""
    numbers = [g for g in groups if g.kind == "num"]
    in_run = any(a.kind == b.kind == "num" for a, b in zip(groups, groups[1:]))
    return not numbers or in_run or any(len(g.lines) >= 2 for g in numbers)


# --- column blocks ------------------------------------------------------------------------


@dataclass
class Group:
    """Lines between blank lines (a cell, or the part of one a blank line cut off), with its kind."""

    lines: list[Line]
    kind: str  # num | header | deadline | unit | text | other

    @property
    def text(self) -> str:
        return "".join(line.text for line in self.lines)

    @property
    def cell(self) -> str:
        """The text as a unit cell: wrapped names joined, separate names listed."""
        return join_wrapped([line.text for line in self.lines])


def column_groups(lines: list[Line]) -> list[Group]:
    """Blank-line separated groups, classified; a group that continues the one before is merged into it."""
    groups: list[Group] = []
    for run in _blank_runs(lines):
        kind = _kind(run)
        if groups and _continues(groups[-1], run, kind):
            groups[-1].lines.extend(run)
            groups[-1].kind = "unit" if unit_like(groups[-1].cell) else groups[-1].kind
        else:
            groups.append(Group(run, kind))
    return groups


def _blank_runs(lines: list[Line]) -> Iterator[list[Line]]:
    """Runs of lines with no blank (or dropped) line between them; 序号 and header words never share
    a run with the cells around them."""
    run: list[Line] = []
    for line in lines:
        if run and (line.number != run[-1].number + 1 or _line_class(line) != _line_class(run[-1])):
            yield run
            run = []
        run.append(line)
    if run:
        yield run


def _is_number(line: Line) -> bool:
    return bool(NUMBER.fullmatch(line.text))


def _line_class(line: Line) -> str:
    return "num" if _is_number(line) else "header" if HEADER_RUN.fullmatch(line.text) else "cell"


def _kind(run: list[Line]) -> str:
    """What a group holds, from its content: each column of these tables looks like no other."""
    text = "".join(line.text for line in run)
    widest = max(len(line.text) for line in run)
    if _is_number(run[0]):
        return "num"
    if HEADER_RUN.fullmatch(text):
        return "header"
    if DEADLINE_CELL.fullmatch(text) and DEADLINE_WORD.search(text):
        return "deadline"
    if widest <= NAME_CHARS and unit_like(join_wrapped([line.text for line in run])):
        return "unit"
    return "text" if widest >= TEXT_WIDTH else "other"


def _continues(last: Group, run: list[Line], kind: str) -> bool:
    """Whether run is the rest of last's cell, cut off by a blank line."""
    text = "".join(line.text for line in run)
    if kind in ("num", "header"):
        return False
    if last.kind in ("unit", "other") and not unit_complete(last.text):
        # a list of names that stops mid-name goes on; a fragment only when it starts like a name
        # and the run does not ("县优化营商环境专" + "班", but not "张远康" + "县应急管理局")
        dangling = "等" in SEPARATOR.split(last.text)[-1]  # "县发改局等县直" + "相关单位"
        goes_on = last.kind == "unit" or UNIT_OPENER.match(last.text) and (dangling or not UNIT_OPENER.match(text))
        return bool(goes_on) and unit_like(join_wrapped([last.cell, text]))
    if last.kind == "deadline":
        return bool(DEADLINE_CELL.fullmatch(text)) and (not DEADLINE_START.match(text) or last.text.endswith("年"))
    return last.kind == "text" and not last.text.endswith(CELL_END) and kind in ("text", "other")


def column_rows(groups: list[Group], schema: Schema) -> list[Row]:
    """Rows of every page: the k-th entry of each column block belongs to row k."""
    rows: list[Row] = []
    numbers: list[str] = []
    for i, group in enumerate(groups):
        if group.kind == "num":
            numbers = _extend(numbers, [line.text for line in group.lines])
        elif group.kind == "text" and (i == 0 or groups[i - 1].kind != "text"):
            texts = list(takewhile(lambda g: g.kind == "text", groups[i:]))
            page = _page_rows(numbers, texts, _page_columns(groups[i + len(texts):]), schema)
            rows += page
            numbers = [] if page else numbers  # a heading across the table ("任务二：…") is no page
    return rows


def _extend(numbers: list[str], more: list[str]) -> list[str]:
    """The page's 序号 so far: one run of consecutive numbers, whatever stands between its parts."""
    return numbers + more if numbers and int(more[0]) == int(numbers[-1]) + 1 else more


def _page_columns(groups: list[Group]) -> list[Group]:
    """The groups after a page's texts that hold its other columns: up to the next page's texts,
    序号 or header (the columns printed after a header, such as 目标, span several rows)."""
    page: list[Group] = []
    for i, group in enumerate(groups):
        if group.kind in ("text", "num") or group.kind == "header" and _full_header(groups[i:]):
            break
        page.append(group)
    return page


def _full_header(groups: list[Group]) -> bool:
    """Whether the header groups starting here name a whole task table (not one column's label)."""
    words = "".join(g.text for g in takewhile(lambda g: g.kind == "header", groups))
    return schema_of(header_cells(words) or []).is_task_table


def _page_rows(numbers: list[str], texts: list[Group], following: list[Group], schema: Schema) -> list[Row]:
    """One page: its task texts and the unit and deadline entries after them, counted into rows."""
    units = [g.cell for g in following if g.kind == "unit"]
    if not units or not numbers and len(units) < len(texts):  # no 序号 and too few units: not a table
        return []
    k = len(numbers) or len(texts)
    columns = dict(zip(schema.units, [units] if len(schema.units) == 1 else [units[:k], units[k:]]))
    if "deadline" in schema.roles:
        columns["deadline"] = [g.text for g in following if g.kind == "deadline"]
    cells = _text_cells(texts, k)
    if cells is None:  # the texts themselves do not count out: no column can be placed
        reason = f"序号 {k} rows but {len(texts)} task texts"
        return [_block_row(g.lines, "", dict.fromkeys(columns), schema, [reason]) for g in texts]
    reasons = [f"{schema.name(name)}: {len(entries)} entries for {k} rows"
               for name, entries in columns.items() if len(entries) != k]
    return [_block_row(lines, numbers[r] if numbers else "",
                       {name: entries[r] if len(entries) == k else None for name, entries in columns.items()},
                       schema, reasons)
            for r, lines in enumerate(cells)]


def _text_cells(texts: list[Group], k: int) -> list[list[Line]] | None:
    """The k task texts: the groups as printed, or else split where a line ends a sentence
    (two rows with no blank line between them); None when neither counts out to k."""
    printed = [g.lines for g in texts]
    if len(printed) == k:
        return printed
    split = [part for g in texts for part in _sentences(g.lines)]
    return split if len(split) == k else None


def _sentences(lines: list[Line]) -> list[list[Line]]:
    parts: list[list[Line]] = [[]]
    for line in lines:
        parts[-1].append(line)
        if line.text.endswith(TERMINAL):
            parts.append([])
    return [part for part in parts if part]


def _block_row(lines: list[Line], number: str, cells: dict[str, str | None], schema: Schema,
               reasons: list[str]) -> Row:
    """A row from its text lines and the entries placed for it (None: not placed)."""
    leads, supports = assign_units(schema.units, [cells.get(role) for role in schema.units])
    deadline = (cells["deadline"] or "") if "deadline" in cells else None
    paragraphs = [Paragraph(line.text, line.start, line.end) for line in lines]
    return Row(number, paragraphs, paragraphs[0].start, leads, supports, deadline, reasons)


# --- row-wise text ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    """A space-separated piece of a line, as NormText text and offsets."""

    text: str
    start: int
    end: int


def tokens(norm: NormText, line: Line) -> list[Token]:
    """The line's pieces as printed with spaces between them (normalising removed those spaces)."""
    starts = norm.source.line_starts
    base = starts[line.number - 1]
    raw = norm.source.text[base:starts[line.number] - 1 if line.number < len(starts) else None]
    found = []
    for m in NON_SPACE.finditer(raw):
        start = bisect.bisect_left(norm.offsets, base + m.start(), line.start, line.end)
        end = bisect.bisect_left(norm.offsets, base + m.end(), line.start, line.end)
        if end > start:
            found.append(Token(norm.text[start:end], start, end))
    return found


def _row_wise(norm: NormText, region: list[Line], schema: Schema) -> list[Row]:
    """Rows that open at their 序号 and run to the next one; the table ends at an outline heading."""
    rows: list[Row] = []
    number: Token | None = None
    body: list[list[Token]] = []
    for line in region:
        if header_cells(line.text):
            continue
        if (heading := heading_of(line.text)) and heading[0] <= 2:
            break
        for piece in _split_row_starts(tokens(norm, line), number):
            if _opens_row(piece, number):
                if number:
                    rows.append(_wise_row(norm, number, body, schema))
                number, body = piece[0], [piece[1:]]
            elif number:
                body.append(piece)
    if number:
        rows.append(_wise_row(norm, number, body, schema))
    return [row for row in rows if row.text]


def _opens_row(piece: list[Token], current: Token | None) -> bool:
    """A line led by the next 序号: the first number seen, then each one more than the last."""
    if not piece or not NUMBER.fullmatch(piece[0].text):
        return False
    return current is None or int(piece[0].text) == int(current.text) + 1


def _split_row_starts(line: list[Token], current: Token | None) -> list[list[Token]]:
    """A line, split where the next 序号 is glued to the end of a unit ("市乡村振兴局2")."""
    m = GLUED_ROW_NUMBER.fullmatch(line[-1].text) if line and current else None
    if not m or int(m.group(2)) != int(current.text) + 1 or not unit_complete(m.group(1)):
        return [line]
    last = line[-1]
    cut = last.start + len(m.group(1))
    return [line[:-1] + [Token(m.group(1), last.start, cut)], [Token(m.group(2), cut, last.end)]]


def _wise_row(norm: NormText, number: Token, body: list[list[Token]], schema: Schema) -> Row:
    """Category lines, then the text (the lines that run the column's width, whole unit names
    printed after it peeled off), then the unit lines."""
    deadline = [line for line in body if _is_deadline_line(line)] if "deadline" in schema.roles else []
    body = [line for line in body if line and line not in deadline]
    peeled = [_peel_units(line) for line in body]
    wide = [i for i, (content, _) in enumerate(peeled) if _is_text_line(content)]
    first = wide[0] if wide else 0
    tail = _unit_tail(body, wide[-1] + 1 + _wraps(*peeled[wide[-1]])) if wide else _unit_tail(body, 0, opener=True)
    text = [Paragraph(norm.text[c[0].start:c[-1].end], c[0].start, c[-1].end) for c, _ in peeled[first:tail] if c]
    units = [[t.text for t in found] for _, found in peeled[first:tail]]
    units += [[t.text for t in line] for line in body[tail:]]
    row = Row(number.text, text, number.start, deadline_raw="".join(t.text for line in deadline for t in line)
              if "deadline" in schema.roles else None)
    row.leads, row.supports, reason = _wise_units(schema.units, units)
    row.reasons += [reason] if reason else []
    return row


def _peel_units(line: list[Token]) -> tuple[list[Token], list[Token]]:
    """(content, unit tokens): whole unit names printed after the text, each its own token."""
    cut = len(line)
    while cut > 0 and _is_name(line[cut - 1].text):
        cut -= 1
    return line[:cut], line[cut:]


def _wraps(content: list[Token], units: list[Token]) -> bool:
    """A full text line that stops mid-sentence: the next line is still text."""
    return not units and not "".join(t.text for t in content).endswith(TERMINAL)


def _is_name(text: str) -> bool:
    return unit_complete(text) and unit_like(text) and _standalone(text)


def _is_text_line(content: list[Token]) -> bool:
    text = "".join(t.text for t in content)
    return len(text) >= ROW_TEXT_WIDTH or text.endswith(TERMINAL)


def _is_deadline_line(line: list[Token]) -> bool:
    """A line of the 完成时限 cell ("2024年", "6月底")."""
    text = "".join(t.text for t in line)
    return bool(DEADLINE_CELL.fullmatch(text)) and not NUMBER.fullmatch(text)


def _unit_tail(lines: list[list[Token]], after: int, opener: bool = False) -> int:
    """Where the unit lines after the text begin: the first line from which all the rest joins into
    names (with no text line to follow, the first such line must also open like a name: 市…, 县…)."""
    for s in range(after, len(lines)):
        joined = join_wrapped([t.text for line in lines[s:] for t in line])
        if unit_like(joined) and unit_complete(joined) and (not opener or UNIT_OPENER.match(joined)):
            return s
    return len(lines)


def _wise_units(roles: list[str], lines: list[list[str]]) -> tuple[list[str], list[str], str | None]:
    """The row's units in reading order, split into 牵头/配合 where a line shows the gap between
    the columns ("市卫健局 市市场监管局"); without one the first unit is read as 牵头, flagged."""
    names = split_units(join_wrapped([t for line in lines for t in line]))
    if len(roles) < 2 or len(names) < 2:
        leads, supports = assign_units(roles[:1], ["、".join(names)])
        return leads, supports, None
    gap = next((i for i, line in enumerate(lines) if len(line) >= 2), None)
    before = [t for line in lines[:gap] for t in line] + lines[gap][:1] if gap is not None else []
    cut = len(split_units(join_wrapped(before))) if gap is not None else 1
    leads, supports = assign_units(roles, ["、".join(names[:cut]), "、".join(names[cut:])])
    return leads, supports, None if gap is not None else "no column gap printed: the first unit is read as 牵头单位"


# --- tab-separated rows and PDF grids ------------------------------------------------------


def _tab_rows(region: list[Line]) -> list[Row]:
    """Rows of a tab-separated table: each line a row, read under the header row before it."""
    rows: list[Row] = []
    schema: Schema | None = None
    for line in region:
        cells = _tab_cells(line) if "\t" in line.text else []
        header = grid_schema([c.text for c in cells]) if cells else None
        schema = header or schema
        if cells and schema and not header:
            rows += _grid_row(schema, cells)
    return rows


def _tab_cells(line: Line) -> list[Token]:
    cells, at = [], line.start
    for piece in line.text.split("\t"):
        cells.append(Token(piece, at, at + len(piece)))
        at += len(piece) + 1
    return cells


def _grid_row(schema: Schema, cells: list[Token]) -> list[Row]:
    """A row read through its header's columns; none without a task text."""
    by_role: dict[str, list[str]] = {}
    for role, cell in zip(schema.roles, cells):
        by_role.setdefault(role, []).append(cell.text)
    text = next((c for role, c in zip(schema.roles, cells) if role == "text" and c.text.strip()), None)
    if text is None:
        return []
    leads, supports = assign_units(schema.units, ["、".join(by_role.get(role, [])) for role in schema.units])
    number = next((c.text for role, c in zip(schema.roles, cells) if role == "no" and NUMBER.fullmatch(c.text)), "")
    deadline = "".join(by_role["deadline"]) if "deadline" in by_role else None
    return [Row(number, [Paragraph(text.text, text.start, text.end)], text.start, leads, supports, deadline)]


def _grid_rows(norm: NormText, lines: list[Line]) -> tuple[list[Row], set[int]]:
    """Rows of the ruled PDF tables on the pages of lines, and the pages they came from."""
    if not lines or not norm.source.tables:
        return [], set()
    pages = {_page(norm, line) for line in lines}
    rows: list[Row] = []
    used: set[int] = set()
    for table in norm.source.tables:
        found = _table_rows(norm, table, lines[0].start, lines[-1].end) if table.page in pages else []
        rows += found
        used |= {table.page} if found else set()
    return rows, used


def _table_rows(norm: NormText, table: Table, lo: int, hi: int) -> list[Row]:
    """A grid's rows under its header row, each placed where its text stands in the document's text.
    A cell pdfplumber reports as None is covered by a merged cell: its unit and deadline columns
    hold the merged cell's value."""
    at = next((i for i, cells in enumerate(table.rows) if grid_schema(cells)), None)
    if at is None:
        return []
    schema = grid_schema(table.rows[at])
    rows: list[Row] = []
    above: list[str | None] = [None] * len(schema.roles)
    for cells in table.rows[at + 1:]:
        filled = [a if c is None and role in UNIT_ROLES + ("deadline",) else c
                  for c, a, role in zip(cells, above, schema.roles)]
        rows += _grid_row(schema, [_place(norm, cell, rows[-1].start if rows else lo, hi) for cell in filled])
        above = filled
    return rows if rows and rows[0].start < hi else []


def _place(norm: NormText, cell: str | None, lo: int, hi: int) -> Token:
    """A grid cell as a Token at the first place from lo where its text (or its longest head) stands."""
    text = cell or ""
    for size in range(len(text), 0, -1):
        at = norm.text.find(text[:size], lo, hi)
        if at >= 0:
            return Token(text, at, at + size)
    return Token(text, hi, hi)
