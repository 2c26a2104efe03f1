"""Document metadata: 文号, title, issuers, 成文日期, type, region and level.

Read from the header (banner, issuer, title, 文号) and the signature block (issuer
lines above a date line). Gazettes often drop the printed title of a 印发 notice;
it is then rebuilt from the notice's own sentence ("《X》已经县人民政府同意，现印
发给你们") and marked `title_printed=False` so nobody mistakes it for the original.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex

from govdoc.extractors.regions import Region, region_index
from govdoc.pipeline.normalise import Line
from govdoc.pipeline.segment import BANNER, DATE_LINE, ISSUER, ITEM, TITLE_END, doc_number_of

ISSUED_PLAN = regex.compile(r"《([^》]{4,80})》(?:已经|经|现)?[^。《]{0,60}?印发给你们")
NOTICE_SUBJECT = regex.compile(r"现就([^。，]{4,60}?)(?:有关事项)?(?:通知|通报)如下")
DECISION = regex.compile(r"(?:人民政府|县委|市委|州委|党组)决定[：:]")
APPOINTEE = regex.compile(r"([\p{Han}]{2,4})同志(?:任|免|聘)")
ATTACHMENT_LIST = regex.compile(r"^附\s*件\s*[：:]\s*(.*)$")
TYPE_BY_SUFFIX = [
    ("任免的通知", "决定"),
    ("实施方案", "实施方案"), ("工作方案", "工作方案"), ("实施细则", "细则"), ("细则", "细则"),
    ("名单", "名单"), ("专报", "专报"), ("办法", "办法"), ("行动方案", "工作方案"), ("方案", "方案"), ("要点", "要点"),
    ("制度", "制度"), ("规定", "规定"), ("监测表", "表格"),
    ("项目表", "表格"), ("表", "表格"), ("决定", "决定"), ("批复", "批复"), ("意见", "意见"),
    ("通报", "通报"), ("报告", "报告"), ("函", "函"), ("通知", "通知"),
]
SIGNATURE_WINDOW = 40
PLAN_TYPES = frozenset({"实施方案", "工作方案", "方案"})  # documents that set targets, rather than report or rule


@dataclass
class Metadata:
    doc_number: str | None
    title: str | None
    title_printed: bool
    issuers: list[str]
    issue_date: str | None
    doc_type: str | None
    region: Region | None
    year: int | None


def _iso(line: str) -> str | None:
    m = DATE_LINE.match(line.replace(" ", ""))
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}" if m else None


def _title_lines(lines: list[Line]) -> str | None:
    """A printed title: from the line with 关于 to the line ending like a title."""
    for i, line in enumerate(lines):
        if "关于" in line.text and not BANNER.match(line.text):
            parts = []
            for follow in lines[i:i + 4]:
                parts.append(follow.text)
                if TITLE_END.search(follow.text):
                    return "".join(parts)
    return None


def _signature(lines: list[Line]) -> tuple[list[str], str | None]:
    """Issuer lines directly above the first date line: the 落款."""
    for i, line in enumerate(lines):
        date = _iso(line.text)
        if date:
            issuers = []
            for above in reversed(lines[max(0, i - 3):i]):
                if not ISSUER.match(above.text):
                    break
                issuers.insert(0, above.text)
            if issuers:
                return issuers, date
    return [], None


def doc_type_of(title: str | None, body_start: str) -> str | None:
    issued = ISSUED_PLAN.search(title or "") or regex.search(r"印发《([^》]+)》", title or "")
    subject = regex.sub(r"[（(][^）)]{1,20}[）)]$", "", issued.group(1) if issued else (title or ""))
    for suffix, kind in TYPE_BY_SUFFIX:
        if subject.endswith(suffix) or (not issued and subject.endswith(suffix + "》的通知")):
            return kind
    if DECISION.search(body_start):
        return "决定"
    return None


LEVEL_DEPTH = {"province": 0, "prefecture": 1, "county": 2}


def _region(issuers: list[str], doc_number: str | None, text: str) -> Region | None:
    """The most specific region in the issuer's name, else the one the text names most (文号 prefix first)."""
    index = region_index()
    named = [found[0] for issuer in issuers for _, _, found in index.find_all(issuer, full_names=True)
             if len(found) == 1]
    if named:
        return max(named, key=lambda r: LEVEL_DEPTH[r.level])
    counts = Counter(found[0] for _, _, found in index.find_all(text, full_names=True) if len(found) == 1)
    if not counts:
        return None
    if doc_number:
        prefixed = [r for r in counts if r.name[0] == doc_number[0]]
        if prefixed:
            return max(prefixed, key=counts.__getitem__)
    return counts.most_common(1)[0][0]


def extract_metadata(lines: list[Line], number_line: int | None, text: str) -> Metadata:
    """Metadata of the document made of `lines`; number_line indexes its 文号 line in them."""
    doc_number = doc_number_of(lines[number_line]) if number_line is not None else None
    head_end = next(
        (i for i, line in enumerate(lines[:SIGNATURE_WINDOW]) if line.text.endswith(("：", ":"))
         and i >= (number_line or 0)),
        (number_line or 0) + 1,
    )
    head = lines[:head_end]
    header_issuers = [line.text for line in head if ISSUER.match(line.text) and not BANNER.match(line.text)]
    sig_issuers, date = _signature(lines[(number_line or 0):])
    issuers = header_issuers or sig_issuers
    title = _title_lines(head)
    printed = title is not None
    if title and title.startswith("关于") and issuers:
        title = " ".join(issuers) + title
    body = "".join(line.text for line in lines[head_end:head_end + 12])
    if title is None:
        derived = _derived_title(body, issuers)
        title, printed = (derived, False) if derived else (_first_title_line(lines), True)
    region = _region(issuers, doc_number, text)
    year = int(date[:4]) if date else (int(doc_number.split("〔")[1][:4]) if doc_number else None)
    return Metadata(doc_number, title, printed, issuers, date, doc_type_of(title, body), region, year)


def _derived_title(body: str, issuers: list[str]) -> str | None:
    who = " ".join(issuers)
    if m := ISSUED_PLAN.search(body):
        return f"{who}关于印发《{m.group(1)}》的通知"
    if m := NOTICE_SUBJECT.search(body):
        return f"{who}关于{m.group(1)}的通知"
    if DECISION.search(body) and (m := APPOINTEE.search(body)):
        return f"{who}关于{m.group(1)}等同志职务任免的通知"
    return None


def _first_title_line(lines: list[Line]) -> str | None:
    for line in lines[:30]:
        if TITLE_END.search(line.text) and 6 <= len(line.text) <= 50 and "，" not in line.text:
            return line.text
    return None


def attachment_list(lines: list[Line]) -> dict[str, str]:
    """The notice's list of attachments ("附件：1.X 2.Y", items may wrap over lines) as {"附件1": X}."""
    for i, line in enumerate(lines):
        m = ATTACHMENT_LIST.match(line.text)
        if m:
            return _list_items([m.group(1)] + [follow.text for follow in lines[i + 1:i + 20]])
    return {}


def _list_items(texts: list[str]) -> dict[str, str]:
    items: dict[str, str] = {}
    current = None
    for text in texts:
        item = ITEM.match(text)
        if item:
            current = f"附件{item.group(1)}"
            items[current] = item.group(2)
        elif current and not text.endswith("。") and not DATE_LINE.match(text) and not ISSUER.match(text) \
                and not TITLE_END.search(items[current]) and len(text) <= 30:
            items[current] += text
        elif text:
            break
    return items


def part_title(lines: list[Line], inline: str, listed: str | None) -> str | None:
    """A part's title: after its label, else the next lines up to a title ending, else the notice's list."""
    if inline:
        return inline
    parts: list[str] = []
    for line in lines[:3]:
        if "，" in line.text or line.text.endswith("。"):
            break
        parts.append(line.text)
        if TITLE_END.search(line.text) or line.text.endswith("表"):
            return "".join(parts)
    return listed or (lines[0].text if lines else None)
