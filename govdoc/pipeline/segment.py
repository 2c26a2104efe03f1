"""Stage 3, segment: one `NormText` → the documents in it, and their 附件 parts.

A gazette (公报) bundles many 文件; each one opens with a header: an issuer banner
("吉首市人民政府文件"), the issuer, the title ("关于印发《…》的通知") and its own 文号
on a line of its own. A 文号 inside running text ("（湘政办发〔2022〕67 号）文件精神")
is only a reference. A source without any 文号 header (a 专报) is one document.
Inside a document, a line "附件1" / "附件 2：经济增长表" opens a part (a sub-plan or
table issued with it); the list "附件：1.…" at the end of a notice does not.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from govdoc.pipeline.normalise import Line, NormText

DOC_NUMBER = regex.compile(r"^([\p{Han}]{1,10})[〔\[［【(（]\s*((?:19|20)\d{2})\s*[〕\]］】)）]\s*第?\s*(\d{1,4})\s*号$")
BANNER = regex.compile(r"^[\p{Han}（）()]{2,30}文件$")
ISSUER = regex.compile(
    r"^(?:中共)?[\p{Han}（）()]{2,30}(?:人民政府|政府|办公室|委员会|党委|县委|市委|州委|督查室|局|委|办|厅|院|中心|管委会)$"
)
TITLE_END = regex.compile(
    r"(?:通知|决定|批复|意见|通报|函|报告|公告|通告|命令|纪要|方案|细则|办法|专报|要点|制度|规定|名单)(?:[（(][^）)]{1,20}[）)])?$"
)
PART_START = regex.compile(r"^附\s*件\s*(\d{0,2})\s*[：:]?\s*(\S{0,40})$")
DATE_LINE = regex.compile(r"^((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:印发)?$")
ITEM = regex.compile(r"^[-•]?\s*(\d{1,2})\s*[.．、]\s*(?!\d)(.*)$")  # "2.泸溪县打好…实施方案"
MAX_HEADER_LINES = 8


@dataclass
class Part:
    label: str  # 附件1
    start: int  # index into NormText.lines
    end: int


@dataclass
class Segment:
    """A document as a range of NormText.lines (end exclusive)."""

    start: int
    end: int
    number_line: int | None = None  # index of its 文号 line
    parts: list[Part] = field(default_factory=list)


def doc_number_of(line: Line) -> str | None:
    m = DOC_NUMBER.match(line.text.replace(" ", ""))
    return f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号" if m else None


def _header_start(lines: list[Line], number_at: int, floor: int) -> int:
    """Walk back from a 文号 over the banner, issuer and title lines that belong to it."""
    start = number_at
    i = number_at - 1
    while i >= max(floor, number_at - MAX_HEADER_LINES):
        text = lines[i].text
        if BANNER.match(text) or ISSUER.match(text):
            start = i
        elif TITLE_END.search(text) and len(text) <= 40 and (top := _title_top(lines, i, floor)) is not None:
            start = i = top
        else:
            break
        i -= 1
    return start


def _title_top(lines: list[Line], end: int, floor: int) -> int | None:
    """The line holding 关于 that opens the title ending at `end` (titles wrap over at most 4 lines)."""
    for i in range(end, max(floor, end - 3) - 1, -1):
        if "关于" in lines[i].text:
            return i
        if PART_START.match(lines[i].text):
            return None
    return None


def _opens_part(lines: list[Line], i: int) -> str | None:
    """The part label if line i opens an 附件 part; None for the list "附件：1.…" of a notice."""
    m = PART_START.match(lines[i].text)
    if not m or (m.group(2) and m.group(2)[0].isdigit()):
        return None
    if not m.group(1) and (m.group(2) or i + 1 < len(lines) and ITEM.match(lines[i + 1].text)):
        return None
    return f"附件{m.group(1)}"


def _parts(lines: list[Line], start: int, end: int) -> list[Part]:
    starts = [(i, label) for i in range(start, end) if (label := _opens_part(lines, i))]
    return [Part(label, i, starts[k + 1][0] if k + 1 < len(starts) else end) for k, (i, label) in enumerate(starts)]


def segment(norm: NormText) -> list[Segment]:
    lines = norm.lines
    headers = [i for i, line in enumerate(lines) if doc_number_of(line)]
    if not headers:
        return [Segment(0, len(lines), None, _parts(lines, 0, len(lines)))]
    segments: list[Segment] = []
    floor = 0
    starts = []
    for at in headers:
        starts.append((_header_start(lines, at, floor), at))
        floor = at + 1
    for k, (start, at) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        if k == 0:
            start = 0 if start <= MAX_HEADER_LINES else start
        segments.append(Segment(start, end, at, _parts(lines, at, end)))
    return segments
