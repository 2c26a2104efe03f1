"""Numeric targets (目标): indicator, value, unit, base value, kind, comparator, stretch and region.

Read sentence by sentence: each number with a unit takes the indicator named nearest before it
("实现社会消费品零售总额132亿元以上"), or, after 分别/均, every indicator listed before
("接待游客、总收入分别增长20%"; "存贷款余额分别增长11%、13%" pairs by position). A statement
that ends with 其中： opens a breakdown: the rows that follow and start with a region or park
("吉首市 111.8 亿元", "泸溪高新区 110 亿元") are allocations to that region. Sentences that
report progress ("1-2 月完成…", "为年计划投资的 13%") are not targets, nor are their breakdowns.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from govdoc.extractors.indicators import catalogue
from govdoc.extractors.outline import Paragraph
from govdoc.extractors.regions import Region, region_at_start

UNITS = sorted(catalogue().units, key=len, reverse=True)
NUMBER = regex.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(" + "|".join(map(regex.escape, UNITS)) + r")")
SENTENCE = regex.compile(r"[^。；;\t]+")
PROGRESS = regex.compile(
    r"\d{1,2}\s*[-—–~至]\s*\d{1,2}\s*月|截至|截止|[一二三四]季度(?!前)|同比|为年计划|完成率|已完成|已建成|预计|累计|目前|完成\s*\d+(?:\.\d+)?%"
)
GROWTH = regex.compile(r"(?:增长|增速|增幅|提高|提升|上升|增加)(?:达到?|为)?(?:率)?$")
SHARE = regex.compile(r"(?:占比|比例|比重|占|率)(?:达到?|超过|为)?$")
AT_LEAST_AFTER = regex.compile(r"^(?:及?以上|以上)")
ABOUT_AFTER = regex.compile(r"^左右")
AT_LEAST_BEFORE = regex.compile(r"(?:突破|不低于|不少于|至少|超过|高于)(?:打造|建设|达到?)?$")
STRETCH = regex.compile(r"力争|争取")
DISTRIBUTE = regex.compile(r"(?:分别|均)(?:增长|达到?|为)?$")
MAX_ROW = 30
COUNT_UNITS = {"家", "个", "项", "件", "户", "万户", "所", "座"}


@dataclass
class TargetHit:
    indicator: str
    value: float
    unit: str
    base_value: float
    base_unit: str
    kind: str  # growth_rate | amount | count | share
    comparator: str  # >= | ~ | =
    stretch: bool
    region: str | None  # None: the document's own region
    allocation: bool  # a "其中" row: allocated by this document to `region`
    start: int  # offsets in NormText.text of the figure with its unit
    end: int
    raw_start: int  # the phrase from the indicator to the figure
    implicit_region: Region | None = None


@dataclass
class _Context:
    """The statement that allocation rows after it break down."""

    indicators: tuple[str, ...] = ()
    progress: bool = False


def _kind(before: str, unit: str, indicator: str) -> str:
    if unit == "%":
        if indicator.endswith("占比") or SHARE.search(before) and not GROWTH.search(before):
            return "share"
        return "growth_rate"
    return "count" if unit in COUNT_UNITS else "amount"


def _comparator(before: str, after: str) -> str:
    if AT_LEAST_AFTER.match(after) or AT_LEAST_BEFORE.search(before):
        return ">="
    return "~" if ABOUT_AFTER.match(after) else "="


def _hit(text: str, offset: int, m: regex.Match, indicator: str, raw_start: int, stretch: bool,
         region: Region | None = None) -> TargetHit:
    value, unit = float(m.group(1)), m.group(2)
    base_value, base_unit = catalogue().to_base(value, unit)
    before, after = text[max(0, m.start() - 6):m.start()], text[m.end():m.end() + 4]
    return TargetHit(indicator, value, unit, base_value, base_unit, _kind(before, unit, indicator),
                     _comparator(before, after), stretch, region.name if region else None, region is not None,
                     offset + m.start(), offset + m.end(), offset + raw_start, region)


FOLLOWING_GAP = 4  # "10个以上的乡村夜游体验基地"
MAX_TRAILING_CLAUSE = 6  # "，增长10%" continues the subject; "，省签项目履约率达90%" does not
DISTRIBUTE_REACH = 30  # "…1400万人次、实现旅游总收入145亿元，分别增长20%": the figures just before


def sentence_targets(text: str, offset: int) -> tuple[list[TargetHit], tuple[str, ...]]:
    """Targets of one sentence, and the indicators it names (for a breakdown that may follow)."""
    found = catalogue().find(text)
    numbers = [m for m in NUMBER.finditer(text) if not any(s <= m.start() < e for s, e, _ in found)]
    hits: list[TargetHit] = []
    k, last_end = 0, 0
    while k < len(numbers):
        m = numbers[k]
        stretch = bool(STRETCH.search(text, 0, m.start()))
        named = [(s, names) for s, e, names in found if e <= m.start()]
        if DISTRIBUTE.search(text, max(0, m.start() - 6), m.start()):
            group = _listed_numbers(text, numbers, k)
            indicators = _distributed(named, last_end, hits, offset + m.start())
            if len(group) > 1:
                indicators = indicators[-len(group):]
            pairs = zip(indicators, group) if len(group) == len(indicators) else ((n, m) for n in indicators)
            hits.extend(_hit(text, offset, g, n, named[0][0] if named else m.start(), stretch) for n, g in pairs)
            k += len(group)
        else:
            indicator = _nearest_fitting(text, named, m, last_end) or _following(found, m)
            if indicator:
                hits.append(_hit(text, offset, m, indicator[1], indicator[0], stretch))
            k += 1
        last_end = numbers[k - 1].end()
    return hits, tuple(dict.fromkeys(n for _, _, names in found for n in names))


def _nearest_fitting(text: str, named: list, m: regex.Match, last_end: int) -> tuple[int, str] | None:
    """The indicator named nearest before the figure that it can measure, unless a new clause intervenes."""
    for start, names in reversed(named):
        fitting = [n for n in names if catalogue().fits(n, m.group(2))]
        if len(fitting) != 1:
            continue
        gap = text[max(start, last_end):m.start()]
        clause = regex.split(r"[，,、]", gap)[-1]
        if clause != gap and len(clause) > MAX_TRAILING_CLAUSE:
            return None  # "…产业项目10个，省签项目履约率达90%": the figure belongs to another subject
        return start, fitting[0]
    return None


def _following(found: list, m: regex.Match) -> tuple[int, str] | None:
    """An indicator named right after its figure: "建设10个以上乡村夜经济体验基地"."""
    for start, _, names in found:
        if 0 <= start - m.end() <= FOLLOWING_GAP and len(names) == 1 and catalogue().fits(names[0], m.group(2)):
            return m.start(), names[0]
    return None


def _listed_numbers(text: str, numbers: list[regex.Match], k: int) -> list[regex.Match]:
    """The figures of a list "11%、13%" starting at numbers[k]."""
    group = [numbers[k]]
    while k + len(group) < len(numbers) and text[group[-1].end():numbers[k + len(group)].start()] == "、":
        group.append(numbers[k + len(group)])
    return group


def _distributed(named: list, last_end: int, hits: list[TargetHit], at: int) -> list[str]:
    """What 分别/均 distributes over: indicators named since the last figure, else the figures just before."""
    since = [n for s, names in named if s >= last_end for n in names]
    if since:
        return list(dict.fromkeys(since))
    return list(dict.fromkeys(h.indicator for h in hits if at - h.end <= DISTRIBUTE_REACH))


def _breakdown_row(text: str, offset: int, context: _Context) -> list[TargetHit]:
    """An allocation row "吉首市：1400万人次、145亿元": each figure to the listed indicator it can measure."""
    region, end = region_at_start(text)
    hits = []
    for m in NUMBER.finditer(text, end):
        fitting = [n for n in context.indicators if catalogue().fits(n, m.group(2))]
        if fitting:
            hits.append(_hit(text, offset, m, fitting[0], 0, False, region))
    return hits


def is_breakdown_row(text: str) -> bool:
    """A short row that opens with a region and gives its figure right away: "吉首市 4 家", "泸溪县增长12%以上"."""
    at = region_at_start(text)
    if not at or len(text) > MAX_ROW:
        return False
    first = NUMBER.search(text, at[1])
    return bool(first) and first.start() - at[1] <= 4


def extract_targets(paras: list[Paragraph]) -> list[TargetHit]:
    """All targets of a document's paragraphs, allocation rows included."""
    hits: list[TargetHit] = []
    context = _Context()
    for para in paras:
        if context.indicators and is_breakdown_row(para.text):
            if not context.progress:
                hits.extend(_breakdown_row(para.text, para.start, context))
            continue
        context = _Context()
        for m in SENTENCE.finditer(para.text):
            sentence = m.group()
            found, named = sentence_targets(sentence, para.start + m.start())
            progress = bool(PROGRESS.search(sentence))
            if not progress:
                hits.extend(found)
            if named:
                context = _Context(named, progress)
    return hits
