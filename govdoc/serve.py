"""`govdoc serve`: browse and search the knowledge base in a web page, for staff who do not write SQL.

Datasette already gives table pages with facets and filters, row pages, CSV/JSON export and
canned queries (a form with named fields in front of a fixed SQL query). What the 督查室 needs
on top is this module, registered as an in-process Datasette plugin:

- Chinese titles, column labels and facets (`metadata`, `LABELS_SCRIPT`);
- search that segments the typed term with the same jieba dictionary as the index
  (SQL functions `govdoc_fts`, and `escape_fts` so the table pages' own search box agrees);
- department look-ups by any alias (`govdoc_unit`) for the 部门责任清单;
- a page showing each record's source passage with the extracted span marked (`/-/passage`).
"""
from __future__ import annotations

import json
import re
import sqlite3
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

import sqlite_utils
from datasette import hookimpl
from datasette.app import Datasette
from datasette.plugins import pm
from datasette.utils import tilde_encode
from datasette.utils.asgi import Request, Response
from markupsafe import Markup, escape

from govdoc.pipeline.search_index import REGISTRY, Segmenter, build_search_index, segmenter
from govdoc.xlsx import HEADERS

TITLE = "政府文件知识库"
CONTEXT_LINES = 6  # lines of the source shown before and after a passage


@dataclass(frozen=True)
class TableInfo:
    title: str
    description: str
    facets: tuple[str, ...] = ()


TABLES = {
    "search": TableInfo("全文检索索引", "文档、任务、目标、核查结论的全文（已分词）。在搜索框输入词语即可。", ("kind", "region")),
    "tasks": TableInfo("工作任务", "方案中的每项任务，含牵头、配合单位和时限。点“出处”的行号看原文，点单位名看它的责任清单。",
                       ("region", "lead_units", "recurrence")),
    "documents": TableInfo("文档", "每个文件（含附件）的文号、标题、发文单位、成文日期、类型和地区。",
                           ("region", "doc_type", "level", "year")),
    "units": TableInfo("责任单位", "规范化后的部门及其各种写法（别名）。点单位名看它的责任清单。", ("region", "kind")),
    "task_units": TableInfo("任务与单位", "每项任务的牵头（lead）和配合（support）单位。", ("role", "unit_id")),
    "targets": TableInfo("目标指标", "文件中的量化目标：指标、数值、单位、年份。", ("region", "indicator", "kind", "year")),
    "findings": TableInfo("对标核查结论", "县市方案与上级下达目标的对比结论。",
                          ("verdict", "lower_region", "upper_region", "indicator")),
    "progress": TableInfo("进度", "专报中各项指标的完成进度。", ("status", "region", "indicator")),
    "sources": TableInfo("原始文件", "入库的每个文件：路径、编码、页数、行数和状态。", ("kind", "status")),
}

LABELS = {**HEADERS, **{  # the listings' Chinese headers, and those only the web pages show
    "line": "出处", "start_line": "出处", "title": "标题", "ref_id": "编号", "body": "正文", "excerpt": "摘录",
    "end_line": "止行", "page_start": "起页", "page_end": "止页", "note_raw": "分工原文", "shared_note": "共用分工",
    "title_printed": "标题见原文", "issuers": "发文单位", "issue_date": "成文日期", "doc_type": "文种",
    "level": "层级", "parent_id": "所属文件", "part_label": "附件", "unit_id": "单位编号", "name": "名称",
    "aliases": "别名", "role": "职责", "verdict": "结论", "message": "说明", "upper_region": "上级",
    "lower_region": "县市", "upper_doc": "上级文件", "lower_doc": "县市文件", "upper_line": "上级出处",
    "lower_line": "县市出处", "finding_id": "结论编号", "status": "状态", "path": "路径", "encoding": "编码",
    "pages": "页数", "lines": "行数", "documents": "文档数",
    "q": "搜索词", "dept": "部门", "county": "县市",  # fields of the canned queries' forms
}}
# Columns a reader never needs to see; they stay in the row for the links built from them.
HIDDEN = ("source_key", "char_start", "char_end", "ref_table", "body_segmented", "upper_source", "lower_source")
LABELS_SCRIPT = """
const LABELS = %s, HIDDEN = %s;
document.querySelectorAll("table.rows-and-columns").forEach(table => {
  const names = [...table.querySelectorAll("thead th")].map(th => th.dataset.column || th.textContent.trim());
  names.forEach((name, i) => {
    const th = table.querySelectorAll("thead th")[i], target = th.querySelector("a") || th;
    if (LABELS[name]) { target.textContent = target.textContent.replace(name, LABELS[name]); th.title = name; }
    if (HIDDEN.includes(name)) table.querySelectorAll(`tr > :nth-child(${i + 1})`).forEach(c => c.hidden = true);
  });
});
if (document.body.classList.contains("row")) {  // one record: a label / value pair per line reads better
  document.querySelectorAll("table.rows-and-columns").forEach(table => {
    const heads = [...table.querySelectorAll("thead th")], cells = [...table.querySelectorAll("tbody tr td")];
    const body = document.createElement("tbody");
    heads.forEach((th, i) => { if (!th.hidden) body.insertRow().append(th, cells[i]); });
    table.replaceChildren(body);
  });
}
document.head.insertAdjacentHTML("beforeend", `<style>
  td.col-text, td.col-excerpt, td.col-message, td.col-body { min-width: 24em; }
  td.col-section, td.col-title, td.col-note_raw { min-width: 8em; }
  body.row .rows-and-columns th { text-align: right; padding-right: 1em; white-space: nowrap; }
</style>`);
document.querySelectorAll("label[for^=qp], .facet-info-name strong").forEach(el => {
  const text = el.firstChild, name = text.textContent.trim();
  if (LABELS[name]) text.textContent = LABELS[name] + " ";
});
document.querySelectorAll("select[name^=_filter_column] option").forEach(option => {
  if (LABELS[option.value]) { option.value = option.value; option.textContent = LABELS[option.value]; }
});
""" % (json.dumps(LABELS, ensure_ascii=False), json.dumps(HIDDEN))


@dataclass(frozen=True)
class Query:
    title: str
    description: str
    sql: str
    table: str  # the table it reads: the query is offered only if that table exists


KIND_ORDER = "case s.kind {} end".format(" ".join(f"when '{e.kind}' then {i}" for i, e in enumerate(REGISTRY)))
QUERIES = {
    "search_all": Query("全文检索", "输入词语（如 停车场、县商务局），可选地区（如 凤凰县）。词与词之间可加空格，结果须含全部词语。", f"""
        select s.kind, s.ref_id, s.region, s.title, govdoc_excerpt(s.body, :q) as excerpt,
               s.source, s.line, s.char_start, s.char_end
        from search_fts join search s on s.rowid = search_fts.rowid
        where search_fts match govdoc_fts(:q) and (:region = '' or s.region = :region)
        order by {KIND_ORDER}, search_fts.rank limit 500""", "search"),
    "unit_tasks": Query("部门责任清单", "输入部门名称，任何写法均可（如 县市场监督管理局 = 县市场监管局），可选地区（如 凤凰县）。", """
        select t.task_id, u.region, case tu.role when 'lead' then '牵头' else '配合' end as role, t.title,
               t.lead_units, t.support_units, t.deadline_raw, coalesce(d.doc_number, p.doc_number) as doc_number,
               t.source, t.line, t.char_start, t.char_end
        from units u join task_units tu on tu.unit_id = u.unit_id join tasks t on t.task_id = tu.task_id
             join documents d on d.doc_id = t.doc_id left join documents p on p.doc_id = d.parent_id
        where :dept <> '' and (:region = '' or u.region = :region)
          and (u.name in (:dept, govdoc_unit(:dept, u.region)) or '；' || u.aliases || '；' like '%；' || :dept || '；%')
        order by u.region, tu.role, t.source, t.char_start""", "tasks"),
    "target_gaps": Query("目标对标差距", "按县市列出方案目标与上级下达目标的对比结论；县市可留空看全部。", """
        select finding_id, lower_region, indicator, verdict, message, upper_region, upper_doc, upper_source,
               upper_line, lower_doc, lower_source, lower_line
        from findings where :county = '' or lower_region = :county
        order by lower_region, verdict, indicator""", "findings"),
    "progress_behind": Query("进度滞后", "专报中状态为滞后（behind）的进度。", """
        select * from progress where status = 'behind' order by region, indicator""", "progress"),
}


def _table_metadata(table: sqlite_utils.db.Table, info: TableInfo) -> dict:
    meta = {"title": info.title, "description": info.description,
            "facets": [c for c in info.facets if c in table.columns_dict]}
    if table.name == "search":
        meta.update(fts_table="search_fts", fts_pk="rowid")
    return meta


def _home_html(database: str, queries: dict, tables: dict) -> str:
    """The front page: what to click for the everyday questions, then every table."""
    items = [(f"/{database}/{name}", q["title"], q["description"]) for name, q in queries.items()]
    items += [(f"/{database}/{name}", t["title"], t["description"]) for name, t in tables.items()]
    lis = "".join(f'<li><a href="{escape(href)}">{escape(title)}</a>：{escape(text)}</li>'
                  for href, title, text in items)
    return f"<p>政府文件中的文档、任务、责任单位和目标，每一条都能点回原文出处。</p><ul>{lis}</ul>"


def metadata(db: sqlite_utils.Database, database: str) -> dict:
    """Datasette metadata: Chinese titles, descriptions and facets of the tables and queries present."""
    present = set(db.table_names())
    tables = {name: _table_metadata(db[name], info) for name, info in TABLES.items() if name in present}
    queries = {name: {"title": q.title, "description": q.description, "sql": q.sql, "hide_sql": True}
               for name, q in QUERIES.items() if q.table in present}
    return {"title": TITLE, "description_html": _home_html(database, queries, tables),
            "databases": {database: {"tables": tables, "queries": queries}}}


@lru_cache(maxsize=4096)
def canonical_unit(name: str | None, region: str | None) -> str | None:
    """A department's canonical name in a region (县市场监督管理局 → 县市场监管局)."""
    from govdoc.extractors.regions import region_index
    from govdoc.extractors.units import resolve

    unit = resolve(name or "", region_index().get(region) if region else None)
    return unit.name if unit else name


def excerpt(seg: Segmenter, body: str | None, term: str, width: int = 80) -> str:
    """The part of body around the first word of the term, each word in 【】 (shown as <mark>)."""
    words = sorted(seg.query_words(term or ""), key=len, reverse=True)
    flat = re.sub(r"\s+", "", body or "")
    if not words:
        return flat[:width]
    pattern = re.compile("|".join(map(re.escape, words)))
    found = pattern.search(flat)
    start = max(0, found.start() - width // 4) if found else 0
    return ("…" if start else "") + pattern.sub(lambda m: f"【{m.group()}】", flat[start:start + width]) + "…"


@hookimpl(trylast=True)  # after Datasette's own escape_fts, so that ours replaces it
def prepare_connection(conn: sqlite3.Connection, database: str, datasette: Datasette) -> None:
    """SQL functions for the canned queries; only on a knowledge base (it has units)."""
    db = sqlite_utils.Database(conn)
    if not db["units"].exists():
        return
    seg = segmenter(db)
    conn.create_function("govdoc_fts", 1, seg.fts_query)
    conn.create_function("escape_fts", 1, seg.fts_query)
    conn.create_function("govdoc_excerpt", 2, lambda body, term: excerpt(seg, body, term))
    conn.create_function("govdoc_unit", 2, canonical_unit)


def _get(row: sqlite3.Row, key: str):
    return row[key] if key in row.keys() else None


def passage_href(row: sqlite3.Row, column: str) -> str | None:
    """/-/passage link for a line column: line and source, or upper_line and upper_source, …"""
    prefix = "" if column in ("line", "start_line") else column.removesuffix("line")
    source = _get(row, prefix + "source_key") or _get(row, prefix + "source")
    if source is None or row[column] is None:
        return None
    start, end = _get(row, prefix + "char_start"), _get(row, prefix + "char_end")
    span = {"start": start, "end": end} if None not in (start, end) else {"line": row[column]}
    return "/-/passage?" + urlencode({"source": source, **span})


@dataclass(frozen=True)
class Cell:
    """What Datasette's render_cell hook is given; table is None in query results."""

    row: sqlite3.Row
    value: object
    column: str
    table: str | None
    database: str
    datasette: Datasette


def _link(href: str, text: object) -> Markup:
    return Markup('<a href="{}">{}</a>').format(href, text)


def _render_line(cell: Cell) -> Markup | None:
    """A line number opens the record's source passage."""
    if cell.column not in ("line", "start_line") and not re.fullmatch(r"\w+_line", cell.column) \
            or cell.column == "end_line":
        return None
    href = passage_href(cell.row, cell.column)
    return _link(href, f"第{cell.value}行") if href else None


def _render_excerpt(cell: Cell) -> Markup | None:
    """Search words come back from govdoc_excerpt in 【】; show them marked."""
    if cell.column != "excerpt" or cell.value is None:
        return None
    return Markup(str(escape(cell.value)).replace("【", "<mark>").replace("】", "</mark>"))


ROW_LINKS = {"task_id": "tasks", "doc_id": "documents", "upper_doc": "documents", "lower_doc": "documents",
             "target_id": "targets", "finding_id": "findings"}
KIND_TABLES = {entry.kind: entry.table for entry in REGISTRY}


def _render_row_link(cell: Cell) -> Markup | None:
    """An id links to its record, in query results and tables without a foreign key to it."""
    target = KIND_TABLES.get(_get(cell.row, "kind")) if cell.column == "ref_id" else ROW_LINKS.get(cell.column)
    if target is None or target == cell.table or cell.value is None or isinstance(cell.value, dict):
        return None  # a dict is a foreign key that Datasette links already, with its label
    return _link(cell.datasette.urls.row(cell.database, target, tilde_encode(str(cell.value))), cell.value)


def _render_units(cell: Cell) -> Markup | None:
    """Department names link to their 部门责任清单."""
    listed = cell.column in ("lead_units", "support_units") or (cell.table, cell.column) == ("units", "name")
    if not listed or not cell.value:
        return None
    url = cell.datasette.urls.query(cell.database, "unit_tasks")
    region = _get(cell.row, "region") or ""
    return Markup("；").join(_link(f"{url}?{urlencode({'dept': name, 'region': region})}", name)
                            for name in str(cell.value).split("；"))


RENDERERS = (_render_line, _render_excerpt, _render_row_link, _render_units)


@hookimpl
def render_cell(row: sqlite3.Row, value: object, column: str, table: str | None, database: str,
                datasette: Datasette) -> Markup | None:
    """Cells that link: source lines to their passage, ids to their rows, departments to their tasks."""
    cell = Cell(row, value, column, table, database, datasette)
    return next((html for render in RENDERERS if (html := render(cell))), None)


@hookimpl
def extra_body_script() -> str:
    """Chinese column names in headers (English as tooltip), facets, filters and forms; bookkeeping columns hidden."""
    return LABELS_SCRIPT


@dataclass(frozen=True)
class Line:
    no: int
    before: str
    marked: str
    after: str


def passage_lines(text: str, start: int, end: int, context: int = CONTEXT_LINES) -> list[Line]:
    """The lines holding text[start:end] and `context` lines either side, the span cut out of each."""
    first = text.count("\n", 0, start) + 1 - context
    last = text.count("\n", 0, end) + 1 + context
    lines, offset = [], 0
    for no, line in enumerate(text.split("\n"), 1):
        if no > last:
            break
        if no >= first:
            lo = min(max(start - offset, 0), len(line))
            hi = min(max(end - offset, lo), len(line))
            lines.append(Line(no, line[:lo], line[lo:hi], line[hi:]))
        offset += len(line) + 1
    return lines


def line_span(text: str, line: int) -> tuple[int, int]:
    """Character span of a 1-based line, for records that give a line but no characters."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    start = starts[min(max(line, 1), len(starts)) - 1]
    end = text.find("\n", start)
    return start, len(text) if end < 0 else end


PASSAGE_TEMPLATE = """{% extends "base.html" %}
{% block title %}原文 {{ path }} 第{{ line }}行{% endblock %}
{% block extra_head %}<style>
table.passage { border-collapse: collapse; font-size: 15px; }
table.passage td { padding: 1px 8px; vertical-align: top; }
table.passage td.no { color: #888; text-align: right; user-select: none; }
table.passage pre { margin: 0; white-space: pre-wrap; font-family: inherit; }
mark { background: #ffe066; }
</style>{% endblock %}
{% block content %}
<h1>原文出处</h1>
<p class="where">文件 <strong>{{ path }}</strong>，第 <strong>{{ line }}</strong> 行起；黄色部分是抽取出的内容。</p>
<table class="passage">{% for l in lines %}
<tr id="L{{ l.no }}"><td class="no">{{ l.no }}</td>
  <td><pre>{{ l.before }}{% if l.marked %}<mark>{{ l.marked }}</mark>{% endif %}{{ l.after }}</pre></td></tr>{% endfor %}
</table>
<script>document.querySelector("mark")?.scrollIntoView({block: "center"});</script>
{% endblock %}"""


def _int_arg(request: Request, name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else None


async def passage(request: Request, datasette: Datasette) -> Response:
    """/-/passage?source=…&start=…&end=… (or &line=…): a record's place in its original file."""
    source = request.args.get("source", "")
    rows = await datasette.get_database().execute(
        "select path, text from sources where key = ? or path = ? order by key = ? desc limit 1",
        [source, source, source])
    row = rows.first()
    start, end, line = (_int_arg(request, k) for k in ("start", "end", "line"))
    if row is None or row["text"] is None or (None in (start, end) and line is None):
        return Response.html("<h1>404</h1><p>没有这个原文出处 (no such source passage)</p>", status=404)
    if None in (start, end):
        start, end = line_span(row["text"], line)
    context = {"path": row["path"], "line": row["text"].count("\n", 0, start) + 1,
               "lines": passage_lines(row["text"], start, end)}
    template = datasette.jinja_env.from_string(PASSAGE_TEMPLATE)
    return Response.html(await datasette.render_template(template, context, request=request))


@hookimpl
def register_routes() -> list:
    return [(r"^/-/passage$", passage)]


def make_datasette(db_path: str) -> Datasette:
    """A Datasette over one knowledge base, its search index built if an older ingest left none."""
    if not Path(db_path).is_file():
        raise FileNotFoundError(f"{db_path}: no knowledge base here (run `govdoc run` first)")
    db = sqlite_utils.Database(db_path)
    if not db["search_fts"].exists():
        build_search_index(db)
    database = Path(db_path).stem
    plugin = sys.modules[__name__]  # this module's hookimpls are the plugin
    if not pm.is_registered(plugin):
        pm.register(plugin, name="govdoc")
    return Datasette([db_path], metadata=metadata(db, database),
                     settings={"truncate_cells_html": 200, "default_page_size": 50, "sql_time_limit_ms": 5000})


def serve(db_path: str, host: str, port: int) -> None:
    """Serve until interrupted (Ctrl-C)."""
    import uvicorn

    app = make_datasette(db_path).app()
    print(f"知识库 knowledge base: {db_path} → http://{host}:{port}/", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
