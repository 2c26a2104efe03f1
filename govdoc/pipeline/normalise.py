"""Stage 2, normalise: `SourceText` → `NormText`, text fit for extraction plus a map back.

What PDF extraction leaves behind is undone here: page numbers ("— 17 —", "·8·")
and running headers ("凤凰县人民政府公报 2023 年第 1期") are dropped, lines broken
by the layout are joined into paragraphs, spaces inside Chinese ("县 农 业 农 村 局",
"132 亿元") are removed and full-width digits/letters become ASCII. Every character
of the normalised text keeps the offset of the original character it came from,
so any match maps back to an exact `Span`. Numbers are never merged: a space
between two digits survives, and so does a line break between two digits.
"""
from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import regex

from govdoc.schemas.records import SourceText, Span

PAGE_NUMBER = regex.compile(
    r"^(?:[—–\-－]+\s*\d{1,4}\s*[—–\-－]+|[·•]\s*\d{1,4}\s*[·•]|第\s*\d{1,4}\s*页(?:\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})$"
)
RUNNING_HEADER = regex.compile(r"公报.{0,60}第\s*\d+\s*期|第\s*\d+\s*期.{0,60}公报")
# A line starting like this opens a new paragraph: outline headings, list items, 附件, table rows.
PARAGRAPH_START = regex.compile(
    r"^(?:附\s*件|第[一二三四五六七八九十百零]+[章节条]|[一二三四五六七八九十]+[、．.]"
    r"|[（(][一二三四五六七八九十]+[）)]|\d{1,3}[.．、](?!\d)|[（(]\d{1,3}[）)]|[①-⑳㉑-㉟]|[-•]\s)"
)
PARAGRAPH_END = tuple("。！？：；:;")
# A line ending like this is an unfinished sentence ("…投入增长" / "12%以上"): it never ends a paragraph.
UNIT_START = regex.compile(r"^(?:亿|万|元|件|个|家|项|户|人|%|亩|公里|千伏)")
# (for str.endswith: a "…$" regex search would try every position of the line)
UNFINISHED = ("增长", "增速", "达", "达到", "突破", "超过", "不低于", "完成", "实现", "，", "、")
_CJK_CHARS = r"\p{Han}\p{InCJK_Symbols_and_Punctuation}\p{InHalfwidth_and_Fullwidth_Forms}“”‘’—…·《》"
CJK = regex.compile(f"[{_CJK_CHARS}]")
NOT_CJK = regex.compile(f"[^{_CJK_CHARS}]+")
# ０-９ Ａ-Ｚ ａ-ｚ ％ ． and wide or no-break spaces to ASCII, one character each.
_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
_FULLWIDTH.update({"％": "%", "．": ".", "\u3000": " ", "\xa0": " "})
# Replacing only what occurs: str.translate looks every character of a Chinese text up, several times slower.
FULLWIDTH = re.compile("[" + "".join(map(re.escape, _FULLWIDTH)) + "]")
SPACE_RUN = regex.compile(r"[ \t]+")


@dataclass(frozen=True)
class Line:
    """One surviving line of the source: its original number and its place in NormText.text."""

    number: int
    start: int
    end: int
    text: str


@dataclass
class NormText:
    source: SourceText
    text: str
    offsets: list[int]  # offsets[i]: original offset of text[i]; one extra entry for the end
    lines: list[Line]

    def orig(self, i: int) -> int:
        return self.offsets[min(i, len(self.offsets) - 1)]

    def span(self, start: int, end: int) -> Span:
        """The original span of text[start:end]."""
        last = self.orig(max(start, end - 1)) + 1 if end > start else self.orig(start)
        return self.source.span(self.orig(start), last)


@lru_cache(maxsize=8192)
def _is_cjk(ch: str) -> bool:
    """Cached: a few thousand characters, asked of at every space."""
    return bool(CJK.match(ch))


def _kept_space(run: str, prev: str, nxt: str) -> str:
    """What a run of spaces and tabs between two characters leaves: nothing at the line's ends, a tab
    (a cell boundary) if it holds one, and one space only between two characters neither of them Chinese."""
    tab = "\t" if "\t" in run else ""
    if not nxt or not prev or run[0] == "\t":
        return tab if nxt else ""
    return tab if _is_cjk(prev) or _is_cjk(nxt) else " " + tab


def clean_line(line: str, base: int) -> tuple[str, Sequence[int]]:
    """Drop spaces next to Chinese from a width-unified line: the cleaned text and each character's original
    offset (`base` is the line's). Works a run of characters at a time (a slice and a range each)."""
    if " " not in line and "\t" not in line:
        return line, range(base, base + len(line))
    pieces: list[str] = []
    offsets: list[int] = []
    done = 0
    for run in SPACE_RUN.finditer(line):
        start, end = run.span()
        pieces.append(line[done:start])
        offsets.extend(range(base + done, base + start))
        kept = _kept_space(run.group(), line[start - 1] if start else "", line[end:end + 1])
        if kept:  # most runs, between Chinese characters, leave nothing
            pieces.append(kept)
            offsets.extend(base + start + (run.group().index("\t") if ch == "\t" else 0) for ch in kept)
        done = end
    pieces.append(line[done:])
    offsets.extend(range(base + done, base + len(line)))
    return "".join(pieces), offsets


def is_artifact(text: str) -> bool:
    """Page numbers and running headers: layout, not content."""
    return bool(PAGE_NUMBER.match(text)) or len(text) < 60 and "公报" in text and bool(RUNNING_HEADER.search(text))


def _width(text: str) -> float:
    """Display width: a Chinese character counts 1, any other 0.5."""
    return 0.5 * (len(text) + len(NOT_CJK.sub("", text)))


class _Kept(NamedTuple):
    """A line with content, cleaned, and what joining lines into paragraphs asks of it (computed once)."""

    number: int
    text: str
    offsets: Sequence[int]
    width: float
    header: bool  # is_table_header(text)


def _kept_lines(source: SourceText) -> list[_Kept]:
    """Every line with content, cleaned; page numbers and running headers left out."""
    kept = []
    unified = FULLWIDTH.sub(lambda m: _FULLWIDTH[m.group()], source.text)  # one for one: offsets stay the source's
    for number, (start, line) in enumerate(zip(source.line_starts, unified.split("\n")), start=1):
        if line.strip(" \t"):
            text, offsets = clean_line(line, start)
            if not is_artifact(text):
                kept.append(_Kept(number, text, offsets, _width(text), is_table_header(text)))
    return kept


def normalise(source: SourceText) -> NormText:
    kept = _kept_lines(source)
    long_widths = sorted(line.width for line in kept if line.width >= 8) or [40.0]
    typical = statistics.quantiles(long_widths, n=4)[2] if len(long_widths) > 1 else long_widths[0]

    pieces: list[str] = []
    offsets: list[int] = []
    lines: list[Line] = []
    prev: _Kept | None = None
    table_until = 0  # lines up to here follow a table header: a leading "17 第一产业…" is a row number
    for line in kept:
        if line.header:
            table_until = line.number + TABLE_REACH
        row_start = line.number <= table_until and bool(
            TABLE_ROW.match(source.text, source.line_starts[line.number - 1]))
        if prev:
            if row_start or _breaks_paragraph(prev, line, typical):
                pieces.append("\n")
                offsets.append(line.offsets[0])
            elif _ascii_alnum(prev.text[-1]) and _ascii_alnum(line.text[0]):
                pieces.append(" ")  # never glue two numbers into one
                offsets.append(line.offsets[0])
        start = len(offsets)
        pieces.append(line.text)
        offsets.extend(line.offsets)
        lines.append(Line(line.number, start, len(offsets), line.text))
        prev = line
    offsets.append(len(source.text))
    return NormText(source, "".join(pieces), offsets, lines)


TABLE_REACH = 150  # a table's header repeats on each page: rows stay within this many lines of one
TABLE_ROW = regex.compile(r"[ \t]*\d{1,3}(?:[ \t]+\p{Han}|[ \t]*$)", regex.MULTILINE)
# literal words: the standard library's engine finds them twice as fast as `regex`
TABLE_HEADER_WORDS = re.compile(r"序号|指标|目标任务|责任单位|牵头单位|配合单位|完成率|完成时限|进展情况|备注|工作任务|主要任务")


@lru_cache(maxsize=8192)
def is_table_header(text: str) -> bool:
    """A table's header row ("指标 2023 年度具体目标任务 责任单位 2月 完成率"): a paragraph of its own.
    Cached: each stage asks again of the same lines and paragraphs."""
    return len(set(TABLE_HEADER_WORDS.findall(text))) >= 3


def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _breaks_paragraph(prev: _Kept, line: _Kept, typical: float) -> bool:
    if prev.text[-1].isdigit() and UNIT_START.match(line.text):  # "发明专利授权90" / "件以上。": a figure, its unit
        return False
    if prev.text.endswith(UNFINISHED) and not PARAGRAPH_START.match(line.text) and "\t" not in prev.text + line.text:
        return False
    return (
        prev.text.endswith(PARAGRAPH_END)
        or prev.width < 0.8 * typical
        or "\t" in prev.text
        or "\t" in line.text
        or prev.header
        or line.header
        or bool(PARAGRAPH_START.match(line.text))
    )
