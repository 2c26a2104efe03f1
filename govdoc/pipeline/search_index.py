"""Chinese full-text search: the `search` table, jieba-segmented, with an FTS5 index on it.

SQLite's FTS tokenizers treat a run of Han characters as one token, so "停车场" would only
match where it stands alone between punctuation, never inside "新建村组停车场28个". Every indexed text is therefore segmented into words by
jieba first and stored space-joined; a search term must be segmented by the same Segmenter
(`fts_query`) so that both sides agree on what a word is.

Which tables are indexed is the REGISTRY: one `Indexed` entry per table. A table that does
not exist yet (targets, findings, progress come with later stages) is skipped.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache, partial

import jieba
import sqlite_utils

from govdoc.pipeline.pool import worker_pool

jieba.setLogLevel(logging.WARNING)  # jieba logs "Building prefix dict…" to stderr on first use

SEARCH_COLUMNS = {
    "kind": str, "ref_table": str, "ref_id": str, "doc_id": str, "region": str, "title": str, "body": str,
    "body_segmented": str, "source": str, "line": int, "char_start": int, "char_end": int,
}
LEVEL_PREFIXES = "县市州区"
CHUNK = 10_000  # characters a worker segments per task: small enough to share the work out evenly
# Whitespace next to a Han character is layout (line breaks inside a word), not a word break.
LAYOUT_SPACE = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
WORD = re.compile(r"\w")
# A document's own text: its span in the source up to its first 附件 part (parts are indexed themselves).
OWN_TEXT = """(select substr(s.text, t.char_start + 1, coalesce(
                 (select min(p.char_start) from documents p where p.parent_id = t.doc_id), t.char_end) - t.char_start)
               from sources s where s.key = t.source_key)"""


@dataclass(frozen=True)
class Indexed:
    """How one table's rows (`t` in the SQL expressions) become search rows."""

    kind: str  # what users see in the 类别 column
    table: str
    title: str
    body: tuple[str, ...]  # joined with spaces, NULLs skipped
    region: str = "t.region"
    doc_id: str = "t.doc_id"
    source: str = "t.source"
    line: str = "t.line"
    char_start: str = "t.char_start"
    char_end: str = "t.char_end"


REGISTRY = (  # in the order search results list them: what a department must do first, whole documents last
    Indexed("任务", "tasks", "t.title", ("t.section", "t.text")),
    Indexed("目标", "targets", "t.indicator", ("t.raw", "t.responsible_units")),
    Indexed("进度", "progress", "t.indicator", ("t.raw", "t.status_raw")),
    Indexed("对标结论", "findings", "t.indicator", ("t.message", "t.lower_raw", "t.upper_raw"), region="t.lower_region",
            doc_id="t.lower_doc", source="t.lower_source", line="t.lower_line", char_start="null", char_end="null"),
    Indexed("文档", "documents", "t.title", ("t.doc_number", "t.issuers", "t.part_label", OWN_TEXT),
            line="t.start_line"),
)


class Segmenter:
    """jieba with the knowledge base's department and region names added to its dictionary.

    Without them jieba cuts 县发改局 into 县发|改局, so neither 发改局 nor 县发改局 could be found.
    """

    def __init__(self, words: frozenset[str]) -> None:
        self._jieba = jieba.Tokenizer()
        for word in sorted(words):
            self._jieba.add_word(word)

    def _subwords(self, word: str) -> list[str]:
        """Dictionary words inside a word, of every length: jieba.cut_for_search stops at three
        characters, which would lose 交通运输局 inside 县交通运输局."""
        return [word[i:i + n] for n in range(2, len(word)) for i in range(len(word) - n + 1)
                if self._jieba.FREQ.get(word[i:i + n])]

    def index_text(self, text: str) -> str:
        """The text as space-joined words and their sub-words, for the FTS index."""
        words = self._jieba.cut(LAYOUT_SPACE.sub("", text))
        return " ".join(t for w in words if WORD.search(w) for t in [*self._subwords(w), w])

    def query_words(self, term: str) -> list[str]:
        """The words of a search term, cut like the indexed text (sub-words are in the index already)."""
        return [w for w in self._jieba.cut(LAYOUT_SPACE.sub("", term)) if WORD.search(w)]

    def fts_query(self, term: str) -> str:
        """An FTS5 MATCH expression requiring every word of the term; '""' (no rows) for an empty term."""
        words = self.query_words(term)
        return " AND ".join('"{}"'.format(w.replace('"', '""')) for w in words) or '""'


def _core(name: str, region: str | None) -> str:
    """商务局 from 县商务局 or 凤凰县商务局: a department as written without its region."""
    if region and name.startswith(region):
        return name[len(region):]
    return name[1:] if name[:1] in LEVEL_PREFIXES else name


def user_words(db: sqlite_utils.Database) -> frozenset[str]:
    """Department and region names of this knowledge base (the units table), for jieba's dictionary."""
    words = set()
    for unit in db.query("select name, aliases, region, kind from units"):
        names = [unit["name"], *unit["aliases"].split("；")]
        cores = [_core(n, unit["region"]) for n in names] if unit["kind"] == "department" else []
        words.update(names, cores, [unit["region"] or ""])
    return frozenset(w for w in words if len(w) >= 2 and re.fullmatch(r"\w+", w))


@lru_cache(maxsize=4)
def _segmenter(words: frozenset[str]) -> Segmenter:
    return Segmenter(words)


def segmenter(db: sqlite_utils.Database) -> Segmenter:
    """The Segmenter for a knowledge base; shared, as building one loads jieba's dictionary (~1 s)."""
    return _segmenter(user_words(db))


def _rows(db: sqlite_utils.Database, entry: Indexed) -> list[dict]:
    pk = db[entry.table].pks[0]
    sql = f"""select '{entry.kind}' as kind, '{entry.table}' as ref_table, t.[{pk}] as ref_id,
                     {entry.doc_id} as doc_id, {entry.region} as region, {entry.title} as title,
                     {" || ' ' || ".join(f"coalesce({e}, '')" for e in entry.body)} as body,
                     {entry.source} as source, {entry.line} as line,
                     {entry.char_start} as char_start, {entry.char_end} as char_end
              from [{entry.table}] t"""
    return list(db.query(sql))


def _index_texts(words: frozenset[str], texts: list[str]) -> list[str]:
    """Texts segmented for the index; in a forked worker the dictionary is loaded already."""
    seg = _segmenter(words)
    return [seg.index_text(text) for text in texts]


def _chunks(texts: list[str]) -> list[list[str]]:
    """The texts in order, cut into runs of about CHUNK characters (a document's text is 100 rows' worth)."""
    chunks: list[list[str]] = [[]]
    size = 0
    for text in texts:
        if size >= CHUNK:
            chunks.append([])
            size = 0
        chunks[-1].append(text)
        size += len(text)
    return chunks


def _segmented(words: frozenset[str], texts: list[str], workers: int) -> list[str]:
    """Each text segmented, shared out among `workers` processes: segmenting is most of the index's cost."""
    chunks = _chunks(texts)
    if workers <= 1 or len(chunks) <= 1:
        return _index_texts(words, texts)
    _segmenter(words)  # loaded before the workers are forked, so that none loads it again
    with worker_pool(workers) as pool:
        return [text for chunk in pool.map(partial(_index_texts, words), chunks) for text in chunk]


def build_search_index(db: sqlite_utils.Database, workers: int = 1) -> int:
    """Rebuild the `search` table and its FTS5 index from every registered table that exists.

    A full rebuild (a few seconds for the bundled corpus) keeps the index in step with whatever
    the ingest replaced, without tracking which rows changed. The slow part (segmenting) reads
    only; the swap is one transaction, so a reader or a concurrent rebuild sees the old index
    or the new one, never half of one. (sqlite-utils' enable_fts would commit half-way.)
    Returns the number of rows indexed.
    """
    present = set(db.table_names())
    rows = [row for entry in REGISTRY if entry.table in present for row in _rows(db, entry)]
    texts = [f"{row['title'] or ''}\n{row['body'] or ''}" for row in rows]
    for row, segmented in zip(rows, _segmented(user_words(db), texts, workers)):
        row["body_segmented"] = segmented
    columns = list(SEARCH_COLUMNS)
    with db.conn:
        db.conn.execute("begin immediate")
        db.conn.execute("drop table if exists search_fts")
        db.conn.execute("drop table if exists search")
        db.conn.execute(db.create_table_sql("search", SEARCH_COLUMNS))
        db.conn.executemany(f"insert into search ({', '.join(columns)}) values ({', '.join('?' * len(columns))})",
                            ([row[c] for c in columns] for row in rows))
        db.conn.execute("create virtual table search_fts using fts5 (body_segmented, content=[search])")
        db.conn.execute("insert into search_fts (rowid, body_segmented) select rowid, body_segmented from search")
    return len(rows)
