"""The outline (一、 / （一） / 1. / （1） / ①) of a document as numbered items with their paths.

Each item is a heading paragraph plus the plain paragraphs that follow it up to the
next heading of any level; its path names every heading above it, so a task knows
its place: 附件1 › 二、工作任务 › （一）激发释放消费潜力 › 1.开展促消费系列活动.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

_CN = "一二三四五六七八九十"
HEADINGS = [
    (1, regex.compile(rf"^([{_CN}]+)[、．.]")),
    (2, regex.compile(rf"^[（(]([{_CN}]+)[）)]")),
    (3, regex.compile(r"^(\d{1,2})\s*[.．、](?!\d)")),
    (4, regex.compile(r"^[（(](\d{1,2})[）)]")),
    (5, regex.compile(r"^([①-⑳])")),
]
TITLE_CHARS = 30


@dataclass
class Paragraph:
    text: str
    start: int  # offsets in NormText.text
    end: int


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


def heading_of(text: str) -> tuple[int, str, str, str] | None:
    """(level, number, marker, title) when a paragraph opens with an outline number: (3, "1", "1.", "…")."""
    for level, pattern in HEADINGS:
        m = pattern.match(text)
        if m:
            title = regex.split(r"[。；;]", text[m.end():], maxsplit=1)[0][:TITLE_CHARS]
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
