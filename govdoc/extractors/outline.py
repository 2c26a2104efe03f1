"""The outline (一、 / （一） / 1. / （1） / ①) of a document as numbered items with their paths.

Each item is a heading paragraph plus the plain paragraphs that follow it up to the
next heading of any level; its path names every heading above it, so a task knows
its place: 附件1 › 二、工作任务 › （一）激发释放消费潜力 › 1.开展促消费系列活动.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

import regex

from govdoc.pipeline.normalise import Line

_CN = "一二三四五六七八九十"
HEADINGS = [
    (1, regex.compile(rf"^([{_CN}]+)[、．.]")),
    (2, regex.compile(rf"^[（(]([{_CN}]+)[）)]")),
    (3, regex.compile(r"^(\d{1,2})\s*[.．、](?!\d)")),
    (4, regex.compile(r"^[（(](\d{1,2})[）)]")),
    (5, regex.compile(r"^([①-⑳])")),
]
HEADING_OPEN = regex.compile(rf"[{_CN}（(\d①-⑳]")  # how any heading opens: one test rules most paragraphs out
TITLE_CHARS = 30
TITLE_END = regex.compile(r"[。；;]")
NARROW = 16  # a source line this short sits in a narrow table column ("完成固" / "定资产" / "投资22.34")
SENTENCE_END = tuple("。！？；;：:")


@dataclass
class Paragraph:
    text: str
    start: int  # offsets in NormText.text
    end: int
    # A text read as one though printed apart (a narrow cell's lines, a table row's cells): where in text
    # each later piece begins, and where that piece stands in NormText.text
    pieces: tuple[tuple[int, int], ...] = ()

    def norm(self, at: int) -> int:
        """The NormText offset of an offset counted as self.start + place in self.text."""
        local = at - self.start
        k = bisect_right(self.pieces, (local, float("inf"))) - 1
        return at if k < 0 else self.pieces[k][1] + local - self.pieces[k][0]

    def norm_end(self, at: int) -> int:
        """The same for an exclusive end, which stays with the piece it closes."""
        return self.norm(at - 1) + 1 if at > self.start else at


def joined(parts: list[Paragraph]) -> Paragraph:
    """Paragraphs read as one text, each keeping its own place in NormText.text."""
    text, pieces = parts[0].text, list(parts[0].pieces)
    for part in parts[1:]:
        pieces += [(len(text), part.start)] + [(len(text) + t, n) for t, n in part.pieces]
        text += part.text
    return Paragraph(text, parts[0].start, parts[-1].end, tuple(pieces))


@dataclass
class Item:
    level: int
    number: str  # as printed: "3", "（二）", "①"
    title: str
    path: list[str]  # headings above, outermost first
    paragraphs: list[Paragraph]

    @property
    def text(self) -> str:
        return "".join(p.text for p in self.paragraphs)

    @property
    def start(self) -> int:
        return self.paragraphs[0].start


def paragraphs(text: str, start: int, end: int) -> list[Paragraph]:
    out, at = [], start
    for piece in text[start:end].split("\n"):
        if piece:
            out.append(Paragraph(piece, at, at + len(piece)))
        at += len(piece) + 1
    return out


def join_narrow_cells(paras: list[Paragraph], lines: list[Line], apart: Callable[[str], bool]) -> list[Paragraph]:
    """Each narrow table cell as one paragraph: a PDF prints a 3-character-wide column as a run of short
    lines ("1.力争|完成固|定资产|投资22.34亿元以上"), which the normaliser, seeing short lines, keeps apart.
    Lines join only with no blank line between them and up to a sentence end; a heading, a bare number or
    a line `apart` says stands alone ("吉首市：8 家" rows) opens its own."""
    starts = [line.start for line in lines]
    out: list[Paragraph] = []
    prev_narrow, last_line = False, -1
    for para in paras:
        first = bisect_right(starts, para.start) - 1
        span = lines[first:bisect_right(starts, para.end - 1)]
        narrow = all(len(line.text) < NARROW for line in span) and not _alone(para.text, apart)
        prev = out[-1] if out else None
        if narrow and prev and prev_narrow and span[0].number == last_line + 1 \
                and not prev.text.endswith(SENTENCE_END) and not heading_of(para.text):
            out[-1] = joined([prev, para])
        else:
            out.append(para)
        prev_narrow, last_line = narrow, span[-1].number
    return out


def _alone(text: str, apart: Callable[[str], bool]) -> bool:
    return text.isdigit() or apart(text)


def title_of(text: str) -> str:
    """A title: the text up to its first sentence end, cut short."""
    return TITLE_END.split(text, maxsplit=1)[0][:TITLE_CHARS]


def heading_of(text: str) -> tuple[int, str, str, str] | None:
    """(level, number, marker, title) when a paragraph opens with an outline number: (3, "1", "1.", "…")."""
    if not HEADING_OPEN.match(text):
        return None
    for level, pattern in HEADINGS:
        m = pattern.match(text)
        if m:
            title = title_of(text[m.end():])
            return level, m.group(1) if level >= 3 else m.group(0), m.group(0), title
    return None


def outline(paras: list[Paragraph], root: str | None = None) -> list[Item]:
    """Numbered items in reading order; paragraphs before the first heading are not items."""
    items: list[Item] = []
    stack: list[tuple[int, str]] = []
    for para in paras:
        head = heading_of(para.text)
        if head is None:
            if items:
                items[-1].paragraphs.append(para)
            continue
        level, number, marker, title = head
        while stack and stack[-1][0] >= level:
            stack.pop()
        path = ([root] if root else []) + [label for _, label in stack]
        items.append(Item(level, number, title, path, [para]))
        stack.append((level, marker + title))
    return items
