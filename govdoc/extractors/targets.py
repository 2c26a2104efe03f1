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
from govdoc.extractors.labels import DIGIT, HAN, bare_before, own_label
from govdoc.extractors.outline import Paragraph
from govdoc.extractors.regions import Region, region_at_start
from govdoc.extractors.shapes import RESPONSIBLE, RESPONSIBLE_END, ROW_NUMBER
from govdoc.pipeline.normalise import is_table_header

UNITS = sorted(catalogue().units, key=len, reverse=True)
NUMBER = regex.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(" + "|".join(map(regex.escape, UNITS)) + r")")
SENTENCE = regex.compile(r"[^。；;\t]+")
PROGRESS = regex.compile(
    r"\d{1,2}\s*[-—–~至]\s*\d{1,2}\s*月|截至|截止|[一二三四]季度(?!前)|为年计划|为年度任务|完成率|已完成|已建成|预计|累计|目前|完成\s*\d+(?:\.\d+)?%"
)
GROWTH = regex.compile(r"(?:增长|增速|增幅|提高|提升|上升|增加)(?:达到?|为)?(?:率)?$")
SHARE = regex.compile(r"(?:占比|比例|比重|占|率)(?:达到?|超过|为)?$")
AT_LEAST_AFTER = regex.compile(r"^(?:及?以上|以上)")
ABOUT_AFTER = regex.compile(r"^左右")
AT_LEAST_BEFORE = regex.compile(r"(?:突破|不低于|不少于|至少|超过|高于)(?:打造|建设|达到?)?$")
AT_MOST_BEFORE = regex.compile(r"(?:控制在|不超过|不高于|(?<!不)低于|降低?[至到为]|压缩[至到为]|压减[至到为]|缩短[至到为])$")
AT_MOST_AFTER = regex.compile(r"^(?:以内|以下)")
STRETCH = regex.compile(r"力争|争取")
DISTRIBUTE = regex.compile(r"(?:分别|均)(?:增长|达到?|为)?$")
MAX_ROW = 30
PARK_SCOPE = regex.compile(r"园区|经开区|高新区|产业开发区|开发区")
EACH = regex.compile(r"(?:每个|各)(?:县市区?|县|(?P<park>园区))")
COUNT_UNITS = {"家", "个", "项", "件", "户", "万户", "所", "座", "位", "台", "辆", "类"}
RANK = regex.compile(r"前$")


@dataclass
class TargetHit:
    indicator: str
    value: float
    unit: str
    base_value: float
    base_unit: str
    kind: str  # growth_rate | amount | count | share | rank
    comparator: str  # >= | ~ | = | <= (a rank: "前80位")
    stretch: bool
    region: str | None  # None: the document's own region
    allocation: bool  # a "其中" row: allocated by this document to `region`
    start: int  # offsets in NormText.text of the figure with its unit
    end: int
    raw_start: int  # the phrase from the indicator to the figure
    scope: str | None = None  # 园区 when the sentence is about the parks, not the whole region
    responsible: str | None = None  # a monitoring-table row's 责任单位
    catalogued: bool = True  # False: `indicator` is the clause's own words (extractors/labels.py)


@dataclass
class _Context:
    """The statement that allocation rows after it break down."""

    indicators: tuple[str, ...] = ()
    progress: bool = False


SHARE_NAME = regex.compile(r"(?:率|比例|比重|占比|覆盖面)$")  # "劳动争议仲裁结案率": a level, not a growth


def _kind(before: str, unit: str, indicator: str, catalogued: bool = True) -> str:
    if unit == "%" and not catalogued and not GROWTH.search(before):  # "结案率达到80%": a level, by its own words
        return "share"
    if RANK.search(before):  # "排名进入全省前80位": a place to reach, not a number of things
        return "rank"
    if unit == "%":  # an indicator measured in % (占比, 筛查率, 优良率) is a level, never a growth
        if catalogue().base_units.get(indicator) == "%" or SHARE_NAME.search(indicator) \
                or SHARE.search(before) and not GROWTH.search(before):
            return "share"
        return "growth_rate"
    return "count" if unit in COUNT_UNITS else "amount"


def _comparator(before: str, after: str) -> str:
    if RANK.search(before) or AT_MOST_BEFORE.search(before) or AT_MOST_AFTER.match(after):
        return "<="
    if AT_LEAST_AFTER.match(after) or AT_LEAST_BEFORE.search(before):
        return ">="
    return "~" if ABOUT_AFTER.match(after) else "="


def _hit(text: str, offset: int, m: regex.Match, indicator: str, raw_start: int, stretch: bool,
         region: Region | None = None, catalogued: bool = True) -> TargetHit:
    value, unit = float(m.group(1)), m.group(2)
    base_value, base_unit = catalogue().to_base(value, unit, indicator)
    before, after = text[max(0, m.start() - 6):m.start()], text[m.end():m.end() + 4]
    return TargetHit(indicator, value, unit, base_value, base_unit, _kind(before, unit, indicator, catalogued),
                     _comparator(before, after), stretch, region.name if region else None, region is not None,
                     offset + m.start(), offset + m.end(), offset + raw_start,
                     "园区" if region and region.level == "park" else None, catalogued=catalogued)


# "10个以上的乡村夜游体验基地", "2个以上省级专精特新“小巨人”企业": a figure, then what it counts
FOLLOWING_GAP = regex.compile(r"(?:以上|左右)?的?(?:(?:国家|省|州|市|县)级?(?:及以上)?)?")
# Words that may stand between an indicator and its figure; anything else is another subject.
FUNCTION_WORDS = regex.compile(
    r"[\s，,、：:“”\"（）()]|增长率?|增速|增幅|增量|提高|提升|达到|达|突破|超过|不低于|不少于|至少|完成|实现|新增|同比|"
    r"以上|左右|力争|争取|确保|全年|年度|总量|总额|总?投资|备案|建设|为|在|到|的|共|约|培育|引进|打造|[较比]上年度?|"
    r"全[州县市区]总?量?中?占比|占比|(?:进入|跻身)?全[国省州]?前|"
    r"[及和与]\p{Han}{1,3}(?=增长|增速)"  # "产值及税收增长10%": the co-subject grows alike
)
MAX_FOREIGN_CHARS = 1
STOCK_WORDS = regex.compile(r"总量|总数|累计")
# "从不低于600元/月提高到不低于650元/月": the figure after 从 is where the standard starts from
BASELINE_BEFORE = regex.compile(r"从(?:不低于|不少于)?$")
BASELINE_AFTER = regex.compile(r"(?:提高|提升|增加|调整)到")
ON_THE_BASIS = regex.compile(r"的?基础上")
MILESTONES = regex.compile(r"季度(?:目标|任务|节点)(?:一览表|分解表|表)")  # a table of quarterly milestones
LIST_SEPARATORS = ("、", "和", "及")  # "18.2779万人、2.1万人和1.08万人"
DISTRIBUTE_REACH = 30  # "…1400万人次、实现旅游总收入145亿元，分别增长20%": the figures just before


def allocation_hit(indicator: str, value: float, unit: str, region: Region, start: int, end: int) -> TargetHit | None:
    """An allocation read from a table cell ("2670人" under 吉首市), not from a sentence."""
    if unit not in catalogue().units or not catalogue().fits(indicator, unit):
        return None
    base_value, base_unit = catalogue().to_base(value, unit, indicator)
    return TargetHit(indicator, value, unit, base_value, base_unit, _kind("", unit, indicator), "=", False, region.name,
                     True, start, end, start, "园区" if region.level == "park" else None)


def sentence_targets(text: str, offset: int, own_words: bool = True) -> tuple[list[TargetHit], tuple[str, ...]]:
    """Targets of one sentence, and the indicators it names (for a breakdown that may follow); with own_words,
    also the figures no catalogue indicator measures, labelled by their clause."""
    found = catalogue().find(text)
    if not DIGIT.search(text):  # a figure needs a digit; most sentences hold none
        return [], _names(found)
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
            indicator = _nearest_fitting(text, named, m, last_end) \
                or (_following(found, m) if bare_before(text, m.start(), last_end) else None)
            if indicator and not is_baseline(text, m):
                hits.append(_hit(text, offset, m, indicator[1], indicator[0], stretch))
            elif own_words and not indicator and not is_baseline(text, m) and (own := _own_words(text, m, last_end)):
                hits.append(_hit(text, offset, m, own[1], own[0], stretch, catalogued=False))
            k += 1
        last_end = numbers[k - 1].end()
    return hits, _names(found)


def _names(found: list[tuple[int, int, tuple[str, ...]]]) -> tuple[str, ...]:
    """The indicators a sentence names, each once, in order."""
    return tuple(dict.fromkeys(n for _, _, names in found for n in names))


def _own_words(text: str, m: regex.Match, last_end: int) -> tuple[int, str] | None:
    """A figure no catalogue indicator measures, labelled by its clause ("劳动争议仲裁结案率达到80%"); not where
    the clause names a catalogue indicator that cannot measure it (that figure is something else)."""
    own = own_label(text, m.start(), m.end(), last_end)
    return own if own and not catalogue().find(own[1]) else None


def is_baseline(text: str, m: regex.Match) -> bool:
    """A figure the sentence raises from, not to: "从不低于600元/月提高到…", "在2022年96%的基础上"."""
    return bool(BASELINE_BEFORE.search(text, 0, m.start()) and BASELINE_AFTER.match(text, m.end())
                or ON_THE_BASIS.match(text, m.end()))


def _nearest_fitting(text: str, named: list, m: regex.Match, last_end: int) -> tuple[int, str] | None:
    """The indicator named nearest before the figure, if it can measure it and no other subject intervenes."""
    if not named:
        return None
    start, names = named[-1]
    end = _alias_end(text, start)
    raw_gap = text[max(end, last_end):m.start()]
    if STOCK_WORDS.search(raw_gap):  # "净增市场主体2200户，总量达2.8万户": the second figure is the total
        names = tuple(catalogue().stocks.get(n, n) for n in names)
    fitting = [n for n in names if catalogue().fits(n, m.group(2))]
    gap = FUNCTION_WORDS.sub("", raw_gap)
    # "…产业项目15个，新引进2亿元以上重大项目8个": 重大项目 is another subject, 8个 is not this indicator's
    if len(fitting) != 1 or len(HAN.findall(gap)) > MAX_FOREIGN_CHARS:
        return None
    return start, fitting[0]


def _alias_end(text: str, start: int) -> int:
    m = catalogue().pattern.match(text, start)
    return m.end() if m else start


def _following(found: list, m: regex.Match) -> tuple[int, str] | None:
    """An indicator named right after its figure: "建设10个以上乡村夜经济体验基地"."""
    text = m.string
    for start, _, names in found:
        if start >= m.end() and FOLLOWING_GAP.fullmatch(text[m.end():start]) and len(names) == 1 \
                and catalogue().fits(names[0], m.group(2)):
            return m.start(), names[0]
    return None


def _listed_numbers(text: str, numbers: list[regex.Match], k: int) -> list[regex.Match]:
    """The figures of a list "11%、13%" or "18.2779万人、2.1万人和1.08万人" starting at numbers[k]."""
    group = [numbers[k]]
    while k + len(group) < len(numbers) and text[group[-1].end():numbers[k + len(group)].start()] in LIST_SEPARATORS:
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


def stands_alone(text: str) -> bool:
    """A line that is a cell of its own, never the rest of a wrapped one: an allocation row, a 责任单位, a header."""
    return is_breakdown_row(text) or bool(RESPONSIBLE.fullmatch(text)) or is_table_header(text)


class _ReportRows:
    """A report's monitoring table: a row's target comes before its 责任单位; what follows are progress
    cells ("1-2 月…增长 25.3%"), skipped up to the next row number. The 责任单位 is the row's target's."""

    def __init__(self) -> None:
        self.in_cells = False
        self.row_first_hit = 0

    def skip(self, text: str, hits: list[TargetHit]) -> bool:
        unit = RESPONSIBLE.fullmatch(text) or RESPONSIBLE_END.search(text)
        if is_table_header(text) or ROW_NUMBER.match(text):
            self.in_cells, self.row_first_hit = False, len(hits)
        if unit and not self.in_cells:
            for hit in hits[self.row_first_hit:]:
                hit.responsible = unit.group()
        if RESPONSIBLE.fullmatch(text):
            self.in_cells = True
        return self.in_cells

    @staticmethod
    def one_line_row(para: Paragraph, hits: list[TargetHit], first: int) -> None:
        """"41 新增三板、四板挂牌企业5家以上 州政府金融办 新增四板挂牌企业1家 20.00%": a row on one line holds
        its target, its 责任单位 and its progress cells; the figures after the 责任单位 are progress."""
        if len(hits) > first:
            unit = RESPONSIBLE.search(para.text, hits[first].end - para.start)
            if unit:
                kept = [h for h in hits[first:] if h.start < para.start + unit.start()]
                for hit in kept:
                    hit.responsible = unit.group()
                hits[first:] = kept

    def after(self, text: str) -> None:
        # "59 力争数字经济产值增长15%以上 州大数据中心": the row's cells follow on the next lines
        self.in_cells = self.in_cells or bool(RESPONSIBLE_END.search(text))


def extract_targets(paras: list[Paragraph], report_table: bool = False, own_words: bool = True) -> list[TargetHit]:
    """All targets of a document's paragraphs, allocation rows included; with own_words, figures outside the
    catalogue too (a report's tables interleave progress cells with their rows: never there)."""
    hits: list[TargetHit] = []
    context = _Context()
    target_column: int | None = None
    rows = _ReportRows() if report_table else None
    for para in paras:
        if MILESTONES.search(para.text):  # the rest is the year's path quarter by quarter, not its targets
            break
        if rows and rows.skip(para.text, hits):
            continue
        before = len(hits)
        if context.indicators and is_breakdown_row(para.text):
            if not context.progress:
                hits.extend(_breakdown_row(para.text, para.start, context))
        elif "\t" in para.text and is_table_header(para.text):
            target_column = next((i for i, cell in enumerate(para.text.split("\t")) if "目标" in cell), None)
        else:
            context = _sentences(para, target_column, hits, own_words and not report_table) or _Context()
            if rows:
                rows.one_line_row(para, hits, before)
        for hit in hits[before:]:  # from a narrow cell read as one line back to the text's own offsets
            hit.start, hit.end, hit.raw_start = para.norm(hit.start), para.norm_end(hit.end), para.norm(hit.raw_start)
        if rows:
            rows.after(para.text)
    if rows:
        rows.skip("", hits)
    return hits


def _sentences(para: Paragraph, target_column: int | None, hits: list[TargetHit], own_words: bool) -> _Context | None:
    """Targets of a paragraph's sentences (progress sentences skipped); the context of the last that names any."""
    context = None
    for start, text in _target_cells(para, target_column):
        for m in SENTENCE.finditer(text):
            found, named = sentence_targets(m.group(), start + m.start(), own_words)
            if not found and not named:  # most sentences: nothing to keep, no progress test or scope needed
                continue
            progress = bool(PROGRESS.search(m.group()))
            if not progress:
                hits.extend(_scoped(found, m.group()))
            if named:
                context = _Context(named, progress)
    return context


def _scoped(hits: list[TargetHit], sentence: str) -> list[TargetHit]:
    """Mark targets of a sentence about the parks ("力争2023年园区…增长20%") with scope 园区, and quotas
    set for each region below ("每个县打造至少1个…", "力争各园区…提升5位以上") with 各县市 / 各园区."""
    if not hits:
        return hits
    each = EACH.search(sentence)
    scope = (each.group("park") and "各园区" or "各县市") if each else \
        "园区" if PARK_SCOPE.search(catalogue().pattern.sub("", sentence)) else None
    for hit in hits:
        hit.scope = scope or hit.scope
    return hits


def _target_cells(para: Paragraph, target_column: int | None) -> list[tuple[int, str]]:
    """The text that may state targets: a tab-separated row's target column only, else the paragraph."""
    if "\t" not in para.text or target_column is None:
        return [(para.start, para.text)]
    at, cells = para.start, []
    for i, cell in enumerate(para.text.split("\t")):
        if i == target_column:
            cells.append((at, cell))
        at += len(cell) + 1
    return cells
