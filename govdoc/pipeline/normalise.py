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

import statistics
from dataclasses import dataclass

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
UNFINISHED = regex.compile(r"(?:增长|增速|达到?|突破|超过|不低于|完成|实现|[，、])$")
CJK = regex.compile(r"[\p{Han}\p{InCJK_Symbols_and_Punctuation}\p{InHalfwidth_and_Fullwidth_Forms}“”‘’—…·《》]")
_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH.update({"％": "%", "．": ".", "\u3000": " ", "\xa0": " "})


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


def _is_cjk(ch: str) -> bool:
    return bool(CJK.match(ch))


def clean_line(raw: str, base: int) -> list[tuple[str, int]]:
    """Width-unify and drop spaces next to Chinese; keep (char, original offset) pairs."""
    chars = [(_FULLWIDTH.get(ch, ch), base + i) for i, ch in enumerate(raw)]
    out: list[tuple[str, int]] = []
    n = len(chars)
    for i, (ch, off) in enumerate(chars):
        if ch in " \t":
            prev = out[-1][0] if out else ""
            nxt = next((c for c, _ in chars[i + 1:] if c not in " \t"), "")
            if ch == "\t" and nxt and prev != "\t":
                out.append(("\t", off))  # a tab is a cell boundary, even before an empty first cell
                continue
            if not prev or not nxt:
                continue
            if "\t" in (prev, nxt):
                if prev != "\t":
                    out.append(("\t", off))
                continue
            if _is_cjk(prev) or _is_cjk(nxt) or prev == " ":
                continue
        out.append((ch, off))
    while out and out[-1][0] in " \t" and n:
        out.pop()
    return out


def is_artifact(text: str) -> bool:
    """Page numbers and running headers: layout, not content."""
    return bool(PAGE_NUMBER.match(text)) or bool(RUNNING_HEADER.search(text)) and len(text) < 60


def _width(text: str) -> float:
    return sum(1.0 if _is_cjk(ch) else 0.5 for ch in text)


def normalise(source: SourceText) -> NormText:
    kept: list[tuple[int, list[tuple[str, int]]]] = []
    for number, start in enumerate(source.line_starts, start=1):
        end = source.line_starts[number] - 1 if number < len(source.line_starts) else len(source.text)
        cleaned = clean_line(source.text[start:end], start)
        text = "".join(c for c, _ in cleaned)
        if text and not is_artifact(text):
            kept.append((number, cleaned))
    widths = [_width("".join(c for c, _ in cl)) for _, cl in kept]
    long_widths = sorted(w for w in widths if w >= 8) or [40.0]
    typical = statistics.quantiles(long_widths, n=4)[2] if len(long_widths) > 1 else long_widths[0]

    chars: list[str] = []
    offsets: list[int] = []
    lines: list[Line] = []
    prev_text = ""
    prev_width = 0.0
    table_until = 0  # lines up to here follow a table header: a leading "17 第一产业…" is a row number
    for (number, cleaned), width in zip(kept, widths):
        text = "".join(c for c, _ in cleaned)
        if is_table_header(text):
            table_until = number + TABLE_REACH
        row_start = number <= table_until and bool(TABLE_ROW.match(source.text, source.line_starts[number - 1]))
        if chars:
            if row_start or _breaks_paragraph(prev_text, prev_width, text, typical):
                chars.append("\n")
                offsets.append(cleaned[0][1])
            elif prev_text[-1].isascii() and prev_text[-1].isalnum() and text[0].isascii() and text[0].isalnum():
                chars.append(" ")  # never glue two numbers into one
                offsets.append(cleaned[0][1])
        start = len(chars)
        chars.extend(c for c, _ in cleaned)
        offsets.extend(o for _, o in cleaned)
        lines.append(Line(number, start, len(chars), text))
        prev_text, prev_width = text, width
    offsets.append(len(source.text))
    return NormText(source, "".join(chars), offsets, lines)


TABLE_REACH = 150  # a table's header repeats on each page: rows stay within this many lines of one
TABLE_ROW = regex.compile(r"[ \t]*\d{1,3}(?:[ \t]+\p{Han}|[ \t]*$)", regex.MULTILINE)
TABLE_HEADER_WORDS = regex.compile(r"序号|指标|目标任务|责任单位|牵头单位|配合单位|完成率|完成时限|进展情况|备注|工作任务|主要任务")


def is_table_header(text: str) -> bool:
    """A table's header row ("指标 2023 年度具体目标任务 责任单位 2月 完成率"): a paragraph of its own."""
    return len(set(TABLE_HEADER_WORDS.findall(text))) >= 3


def _breaks_paragraph(prev: str, prev_width: float, line: str, typical: float) -> bool:
    if prev[-1].isdigit() and UNIT_START.match(line):  # "发明专利授权90" / "件以上。": a figure and its unit
        return False
    if UNFINISHED.search(prev) and not PARAGRAPH_START.match(line) and "\t" not in prev + line:
        return False
    return (
        prev.endswith(PARAGRAPH_END)
        or prev_width < 0.8 * typical
        or "\t" in prev
        or "\t" in line
        or is_table_header(prev)
        or is_table_header(line)
        or bool(PARAGRAPH_START.match(line))
    )
