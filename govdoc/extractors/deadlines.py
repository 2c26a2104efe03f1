"""Deadlines (完成时限): the raw phrase, and a date or recurrence in the document's year.

jionlp's parse_time does the calendar work ("6月底前" → 2023-06-30, "四季度" → 2023-12-31)
once the phrase is found; finding it is ours, because a bare plan year ("2023年完成…")
is not a deadline while "2023年底前" is.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from govdoc.extractors.regions import load_jionlp

_CN = "一二三四五六七八九十"
DEADLINE = regex.compile(
    rf"(?:(?:至|到)?(?:20\d{{2}}年)?(?:\d{{1,2}}|[{_CN}]{{1,2}})月(?:\d{{1,2}}日|底|末|中旬|上旬|下旬)前?"
    rf"|(?:至|到)?20\d{{2}}年(?:底|末|年底)前?"
    rf"|(?:20\d{{2}}年)?(?:第?[{_CN}1-4]季度)(?:末|底)?前?"
    rf"|(?:20\d{{2}}年)?[上下]半年前?"
    rf"|年底前|年内|[{_CN}]年内"
    rf"|每(?:季度|月|年|半年|周|旬)"
    rf"|(?:长期|持续)(?:坚持|开展|推进))"
    rf"(?:并持续推进)?"
)
RECURRENCE = {"每季度": "quarterly", "每月": "monthly", "每年": "yearly", "每半年": "half-yearly",
              "每周": "weekly", "每旬": "every-ten-days"}
OPEN_ENDED = regex.compile(r"^(?:长期|持续)(?:坚持|开展|推进)$")


@dataclass(frozen=True)
class Deadline:
    raw: str
    date: str | None  # ISO end date
    recurrence: str | None  # quarterly | monthly | … | ongoing
    start: int  # offsets of raw in the text searched
    end: int


@lru_cache(maxsize=4096)
def normalise_deadline(raw: str, year: int) -> tuple[str | None, str | None]:
    """(ISO end date, recurrence) for a deadline phrase, in the document's year; cached, as documents repeat
    the same few phrases and jionlp's parser is slow."""
    if raw in RECURRENCE:
        return None, RECURRENCE[raw]
    if OPEN_ENDED.match(raw):
        return None, "ongoing"
    phrase = regex.sub(r"^(?:至|到)|并持续推进$", "", raw)
    phrase = regex.sub(r"前$", "", phrase)
    if regex.fullmatch(r"[一二三四五六七八九十]年内", phrase):
        return None, None
    if phrase in {"年内", "年底"}:
        return f"{year}-12-31", None
    try:
        parsed = load_jionlp().parse_time(phrase, time_base={"year": year, "month": 1, "day": 1})
    except (ValueError, TypeError, KeyError):
        return None, None
    times = parsed.get("time")
    if isinstance(times, list) and times:
        return times[-1][:10], "ongoing" if raw.endswith("持续推进") else None
    return None, None


def find_deadline(text: str, year: int, window: tuple[int, int] | None = None) -> Deadline | None:
    """The first deadline phrase in text (or in text[window])."""
    start, end = window or (0, len(text))
    for m in DEADLINE.finditer(text, start, end):
        raw = m.group()
        if OPEN_ENDED.match(raw) and not _in_deadline_slot(text, m.start()):
            continue  # "持续推进…" in prose is a verb, not a deadline
        date, recurrence = normalise_deadline(raw, year)
        return Deadline(raw, date, recurrence, m.start(), m.end())
    return None


def _in_deadline_slot(text: str, at: int) -> bool:
    return at == 0 or text[at - 1] in "（(\t：:"
