"""Wide monitoring tables: one column pair (工作目标, 完成率) per county.

"吉首市 泸溪县 凤凰县 … 州本级" heads the columns; a row then reads, after its 责任单位,
"15.84% 2670人 15.20% 2287人 14.10% …": the prefecture's rate, then each county's target
and its completion rate, in header order. Each pair is an allocation to that county and a
progress record for it.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from govdoc.extractors.indicators import catalogue
from govdoc.extractors.outline import Paragraph
from govdoc.extractors.regions import region_at_start
from govdoc.extractors.shapes import ROW_NUMBER

OWN_LEVEL = "州本级"  # the prefecture's own column
UNNAMED = ("高新区", "经开区")  # a park column named without its place: not a county allocation
TARGET = r"\d+(?:\.\d+)?[\p{Han}]{0,2}"
RATE = r"\d+(?:\.\d+)?%"
EMPTY = r"—{1,2}"
CELL = rf"(?:{TARGET}|{EMPTY})\s*(?:{RATE}|{EMPTY})"
RUN = regex.compile(rf"(?P<total>{RATE}|{EMPTY})\s*(?P<pairs>(?:{CELL}\s*){{3,}})")
PAIR = regex.compile(rf"(?P<target>{TARGET}|{EMPTY})\s*(?P<rate>{RATE}|{EMPTY})")
FIGURE = regex.compile(r"(\d+(?:\.\d+)?)([\p{Han}]{0,2})")
MIN_COLUMNS = 3


@dataclass
class WideCell:
    """One county's pair in a wide row."""

    region: str
    indicator: str
    target_value: float | None
    target_unit: str | None
    completion_rate: float | None
    start: int  # offsets in NormText.text of the pair
    end: int


def header_columns(text: str) -> list[str]:
    """The regions a header line lists in order ("吉首市泸溪县凤凰县…州本级"), or [] if it lists fewer than 3."""
    columns, at = [], 0
    while at < len(text):
        own = next((w for w in (OWN_LEVEL, *UNNAMED) if text.startswith(w, at)), None)
        if own:
            columns.append(OWN_LEVEL)
            at += len(own)
            continue
        found = region_at_start(text[at:])
        if not found:
            break
        columns.append(found[0].name)
        at += found[1]
    return columns if len(columns) >= MIN_COLUMNS else []


def wide_cells(paras: list[Paragraph]) -> list[WideCell]:
    """Every county pair of every wide row under a region header."""
    cells: list[WideCell] = []
    columns: list[str] = []
    row_text = ""
    for para in paras:
        if found := header_columns(para.text):
            columns, row_text = found, ""
            continue
        if ROW_NUMBER.match(para.text):
            row_text = ""
        found_cells = _row_cells(para, columns, row_text) if columns else []
        cells.extend(found_cells)
        row_text = "" if found_cells else row_text + para.text
    return cells


def _row_cells(para: Paragraph, columns: list[str], before: str) -> list[WideCell]:
    out = []
    for run in RUN.finditer(para.text):
        named = catalogue().find(before + para.text[:run.start()])
        if not named or len(named[-1][2]) != 1:
            continue
        indicator = named[-1][2][0]
        base = run.start("pairs")
        for column, pair in zip(columns, PAIR.finditer(run.group("pairs"))):
            if column == OWN_LEVEL:
                continue
            target = FIGURE.fullmatch(pair.group("target"))
            rate = pair.group("rate")
            out.append(WideCell(
                column, indicator, float(target.group(1)) if target else None, target.group(2) if target else None,
                float(rate[:-1]) if rate.endswith("%") else None,
                para.start + base + pair.start(), para.start + base + pair.end(),
            ))
    return out
