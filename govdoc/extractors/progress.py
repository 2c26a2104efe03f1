"""Progress (进展) in a 专报: per indicator and region, the figure so far, its period, growth,
completion rate and status.

Three shapes, one cell reader:
- monitoring tables whose cells PDF extraction scattered over lines (or glued into one): a row
  opens with its number, states its target, names its 责任单位, then per reported period (the
  header's "2月 … 3 月" columns) a progress cell closed by its 完成率 cell: a rate ("13.00%"), a
  status word or "/";
- tab-separated tables (序号 / 目标任务 / 责任单位 / 当前进展情况 / 完成年度任务之比 / 备注);
- task tables (指标 / 工作任务 / 工作内容 / 情况 / 完成率 or 备注): a row per task, named by its title
  ("（八）自然灾害防治。"), reporting only the status word of its cell, scattered or tab-separated;
- prose lists under a heading that gives their status ("未达时序进度的是：①…；②…").
Inside a cell, "其中：吉首市完成33.84亿元，为年计划投资的30.28%；…" gives per-region records.
A record's place is its figure (the value, else growth, else rate), else its status word.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from govdoc.extractors.indicators import catalogue
from govdoc.extractors.outline import Paragraph
from govdoc.extractors.regions import park, region_at_start
from govdoc.extractors.shapes import RESPONSIBLE, ROW_NUMBER
from govdoc.extractors.targets import NUMBER, UNITS
from govdoc.pipeline.normalise import is_table_header

STATUS = {
    "完成年度任务": "completed", "已完成": "completed", "预计完成年度任务": "completed",
    "完成时序进度": "on_schedule", "达到时序进度": "on_schedule", "符合预期": "on_schedule",
    "稳步推进": "in_progress", "进展有序": "in_progress", "有序推进": "in_progress",
    "未完成时序进度": "behind", "未达时序进度": "behind", "低于预期": "behind", "进展滞后": "behind",
    "进展缓慢": "behind", "前期准备": "preparing", "前期筹备": "preparing", "开展前期准备工作": "preparing",
    "正在开展前期工作": "preparing", "无进展": "no_progress", "暂无进展": "no_progress", "暂无新进展": "no_progress",
    "无新进展": "no_progress",
}
STATUS_WORD = regex.compile("|".join(sorted(map(regex.escape, STATUS), key=len, reverse=True)))
# Words that fill a 完成率 cell; "已完成…" and "正在开展前期工作" also narrate inside progress cells.
CELL_STATUS = sorted((w for w in STATUS if not w.startswith(("已", "正在", "开展"))), key=len, reverse=True)
# A status cell cut off by the page ("未完成时"): a prefix of 4+ characters that only one status word has.
_PREFIXES = [(w[:n], STATUS[w]) for w in STATUS for n in range(4, len(w))]
CUT_STATUS = {p: st for p, st in _PREFIXES if {s for q, s in _PREFIXES if q == p} == {st} and p not in STATUS}
RATE_CELL = regex.compile(r"^(\d+(?:\.\d+)?)%$")
NOT_PUBLISHED = regex.compile(r"数据.{0,12}(?:公布|反馈)|^/$|^——$|季度数据|年度数据")
PERIOD = regex.compile(r"(\d{1,2})\s*[-—–~至]\s*(\d{1,2})\s*月|([一二三四])季度|截[至止]\s*(\d{1,2})\s*月(?:\s*\d{1,2}\s*日)?|(\d{1,2})\s*月末")
GROWTH = regex.compile(r"(增长|下降|增速为?|增幅|\+)\s*(-?\d+(?:\.\d+)?)\s*%|(?<![\d.%])(-\d+(?:\.\d+)?)\s*%")
RATE = regex.compile(
    r"(?:完成|为)[^，,。；;%]{0,16}?(?:任务|计划|预算)[^，,。；;%]{0,12}?的?\s*(\d+(?:\.\d+)?)\s*%"  # 为年计划投资的13%
    r"|占[^，,。；;%的]{0,8}?任务数?的?\s*(\d+(?:\.\d+)?)\s*%"  # 占州定任务41.67%
    r"|完成率?为?\s*(\d+(?:\.\d+)?)\s*%"  # 完成率24.25%, 完成23.22%
)
RESPECTIVELY = regex.compile(  # "分别增长32.5%、33.4%", "分别为1585.22亿元、1457.34亿元", "分别+33.34%,+33.66%"
    r"分别(?:为|达到?|增长|(下降)|\+)?\s*((?:[+-]?\d+(?:\.\d+)?\s*(?:%|" + "|".join(map(regex.escape, UNITS))
    + r")?\s*[、，,]\s*)+[+-]?\d+(?:\.\d+)?\s*(?:%|" + "|".join(map(regex.escape, UNITS)) + r")?)"
)
LEADING_COUNT = regex.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(" + "|".join(map(regex.escape, UNITS)) + r")$")
PLAN_FIGURE = regex.compile(r"(?:总投资|计划投资|任务数为)[^，,。；;\d]{0,8}$")  # "总投资11.4574亿元" is no progress
SENTENCE = regex.compile(r"[^。；;]+")
BARE_FIGURE = regex.compile(r"\d+(?:\.\d+)?")
OF_WHICH = regex.compile(r"其\s*中")
LISTED_FIGURE = regex.compile(r"([+-]?\d+(?:\.\d+)?)\s*(%|" + "|".join(map(regex.escape, UNITS)) + ")?")  # "32.5%、33.4%"
SPACES = regex.compile(r"\s+")
PARK_NAME = regex.compile(r"\p{Han}{2,3}?(?:经开区|高新区|产业开发区|经济开发区|工业园区|工业集中区)")
ROW_LABEL_CHARS = 16
LABEL_VERBS = regex.compile(r"^(?:力争|支持|推动|积极|加快|完成|实施|开展|启动|举办)+")
QUANTITY = regex.compile(r"\d+(?:\.\d+)?\s*(?:" + "|".join(map(regex.escape, UNITS)) + r")?(?:以上|左右)?")
# A figure's completion rate is part of its sentence when a word like 的/为/完成 leads to it; otherwise
# ("1家20.00%", "建设33.33%", a line of its own) it is the 完成率 cell.
RATE_LEAD = set("的为达率长降幅占比约近超过至到了增减是成+-（(：:，,、")
CLOSING = regex.compile(
    r"(?P<rate>(?<![\d.])\d+(?:\.\d+)?%)"
    r"|(?P<slash>(?<![元人次户亩天件个月日年])/(?![月日人次天户亩]))"
    r"|(?P<status>(?<![在已正将要])(?:" + "|".join(map(regex.escape, CELL_STATUS)) + r")(?![中的了得地]))"
)
LIST_HEADING = regex.compile(
    r"(完成年度任务|达到时序进度|完成时序进度|未达时序进度|未完成时序进度|稳步推进)的(?:主要指标|主要工作)?(?:是|：|:)"
)
OUTLINE_START = regex.compile(r"^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|\d+[.．])")
CIRCLED = regex.compile(r"[①-⑳㉑-㉟]")
_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", start=1)}
# A task table ("指标 工作任务 工作内容 1-3月情况 完成率"): each row is a task, known by its title
# ("（八）自然灾害防治。…"); its 完成率 cell is a status word closing a paragraph, and the counts its
# narrative gives ("发现隐患241处") measure no indicator of it.
TASK_HEADER = "工作任务"
TASK_TITLE = regex.compile(r"[（(]([一二三四五六七八九十]+)[）)]\s*([^。；;：:]{2,30}?)[。；;：:]")
TASK_STATUS = regex.compile(r"(?<![在已正将要])(?:" + "|".join(map(regex.escape, CELL_STATUS)) + r")(?=\n|$)")


@dataclass
class ProgressHit:
    indicator: str
    region: str | None  # None: the document's own region
    period: tuple[int, int] | None  # months, cumulative from period[0] to period[1]
    actual_value: float | None
    actual_unit: str | None
    growth: float | None
    completion_rate: float | None
    status: str | None
    status_raw: str | None
    row_no: str | None
    start: int  # offsets in NormText.text
    end: int
    breakdown: bool = False  # a region's share of the cell's total (after 其中)


def period_of(text: str) -> tuple[int, int] | None:
    m = PERIOD.search(text)
    if not m:
        return None
    if m.group(1):
        return int(m.group(1)), int(m.group(2))
    if m.group(3):
        quarter = _CN_DIGITS[m.group(3)]
        return 3 * quarter - 2, 3 * quarter
    return 1, int(m.group(4) or m.group(5))


def _status(text: str) -> tuple[str | None, str | None]:
    m = STATUS_WORD.search(text)
    if m:
        return STATUS[m.group()], m.group()
    if (cut := CUT_STATUS.get(text.strip())):  # "未完成时": the cell's word cut off at the page edge
        return cut, text.strip()
    return ("unknown", text) if NOT_PUBLISHED.search(text) else (None, None)


def _growth(text: str) -> tuple[float, int] | None:
    """Year-on-year growth and where its figure stands: "下降17.12%" and "-10.8%" are negative."""
    m = GROWTH.search(text)
    if not m:
        return None
    if m.group(3):
        return float(m.group(3)), m.start(3)
    value = float(m.group(2))
    return (-abs(value) if m.group(1) == "下降" else value), m.start(2)


def _rate(text: str) -> tuple[float, int] | None:
    m = RATE.search(text)
    if not m:
        return None
    group = next(g for g in (1, 2, 3) if m.group(g))
    return float(m.group(group)), m.start(group)


def _squeeze(text: str) -> str:
    return text.replace("\n", "")


@dataclass
class _Figure:
    indicator: str
    named: bool  # the text names the indicator (else it is the row's, by default)
    value: float | None
    unit: str | None
    growth: float | None
    rate: float | None
    at: int | None  # where its first figure stands in the text
    value_end: int  # where its value ends (its mention's start when it has none)


def cell_records(text: str, offset: int, indicators: tuple[str, ...], period: tuple[int, int] | None,
                 row_no: str | None) -> list[ProgressHit]:
    """Records of one progress cell: one per indicator and period it reports, then one per region after 其中.

    A sentence that neither names an indicator nor states its own period is a remark about something
    else ("…1家（新申报房地产开发企业资质3家…"); within a cell the first figure for an indicator and
    period stands. The breakdown after 其中 is of the figure just before it, unless another figure of
    that indicator comes between ("0家（新申报…资质2家，其中永顺县1家…" breaks down the 2家).
    """
    if BARE_FIGURE.fullmatch(text.strip()) and indicators:  # a bare figure in a figures-only row
        return [ProgressHit(indicators[0], None, period, float(text), None, None, None, None, None, row_no,
                            offset, offset + len(text))]
    split = OF_WHICH.search(text)
    head_raw, breakdown = (text[:split.start()], text[split.end():]) if split else (text, "")
    head = _squeeze(head_raw)
    records: list[ProgressHit] = []
    seen: set[tuple[str, tuple[int, int] | None]] = set()
    owner: _Figure | None = None
    for m in SENTENCE.finditer(head):
        sentence = m.group()
        if not sentence.strip():
            continue
        own = period_of(sentence)
        period = own or period
        owner = None
        for fig in _figures(sentence, indicators):
            key = (fig.indicator, period)
            if key in seen or not (fig.named or own or not records):
                continue
            seen.add(key)
            owner = fig
            start = offset + _unsqueezed(head_raw, m.start() + (fig.at or 0))
            records.append(ProgressHit(fig.indicator, _park_in(sentence), period, fig.value, fig.unit,
                                       fig.growth, fig.rate, None, None, row_no, start,
                                       offset + _unsqueezed(head_raw, m.end())))
        if owner and _refigured(sentence[owner.value_end:], owner.indicator):
            owner = None
    if split and owner:
        records += _breakdown(breakdown, offset + split.end(), (owner.indicator,), records[-1].period, row_no)
    return records


def _refigured(text: str, indicator: str) -> bool:
    """Whether text states another amount of the indicator (what a following 其中 then breaks down)."""
    return any(m.group(2) != "%" and catalogue().fits(indicator, m.group(2)) for m in NUMBER.finditer(text))


def _park_in(sentence: str) -> str | None:
    """The park a sentence reports on ("1-3月,凤凰产业开发区技工贸总收入1.86亿元"): its figures are the park's."""
    for m in PARK_NAME.finditer(sentence, overlapped=True):
        found = park(m.group())
        if found and found.parent:
            return found.name
    return None


def _figures(text: str, indicators: tuple[str, ...]) -> list[_Figure]:
    """Each indicator the text reports on with its figures. A row's cell reports on the row's own
    indicators (others it names are context); a text that names none reports on the row's first.
    "A…、B…分别增长x%、y%" gives x to A and y to B; "存贷款余额分别为a、b" expands to two."""
    every = [(s, names) for s, _, names in catalogue().find(text)]
    mentions = [(s, names) for s, names in every if not indicators or set(names) & set(indicators)]
    lists = [_respective(m) for m in RESPECTIVELY.finditer(text)]
    if any(len(items) == sum(len(names) for _, names in every) > len(mentions) for _, items in lists):
        mentions, indicators = every, ()
    mentions = [(s, names) for k, (s, names) in enumerate(mentions)  # "2022年…累计19.19万户，…累计达到19.29万户"
                if not any(names == later for _, later in mentions[k + 1:])] if mentions else []
    named = bool(mentions)
    if not mentions:
        mentions = [(0, (indicators[0],))] if indicators else []
    slots = [(k, name) for k, (_, names) in enumerate(mentions) for name in names if not indicators or name in indicators]
    out = []
    for i, (k, name) in enumerate(slots):
        start = mentions[k][0]
        end = mentions[k + 1][0] if k + 1 < len(mentions) else len(text)
        part = text[start:end]
        listed = {kind: items[i] for kind, items in lists if len(items) == len(slots)}
        if len(mentions[k][1]) > 1 and not listed:
            continue  # one phrase for two indicators, no "分别" to tell their figures apart
        value = None if "value" in listed else _value(text, start, end, name)
        growth = listed.get("growth") or _shifted(_growth(part), start)
        rate = _shifted(_rate(part), start)
        amount = listed.get("value") or ((float(value.group(1)), value.group(2), value.start()) if value else None)
        if amount or growth or rate:
            at = min(p for p in (amount and amount[2], growth and growth[1], rate and rate[1]) if p is not None)
            out.append(_Figure(name, named, amount and amount[0], amount and amount[1], growth and growth[0],
                               rate and rate[0], at, value.end() if value else start))
    return out


def _value(text: str, start: int, end: int, indicator: str) -> regex.Match | None:
    """The first figure in text[start:end] that can measure the indicator and is no plan figure; a share
    indicator ("占全州的64%") is measured in percent."""
    share = catalogue().base_units.get(indicator) == "%"
    before = LEADING_COUNT.search(text, 0, start)
    if before and before.group(2) != "%" and catalogue().fits(indicator, before.group(2)):
        return before
    for m in NUMBER.finditer(text, start, end):
        if (m.group(2) != "%" or share) and catalogue().fits(indicator, m.group(2)) \
                and not PLAN_FIGURE.search(text[:m.start()]) and not (share and _is_rate_or_growth(text, m)):
            return m
    return None


def _is_rate_or_growth(text: str, m: regex.Match) -> bool:
    lead = text[max(0, m.start() - 12):m.end()]
    return bool(GROWTH.search(lead) or RATE.search(lead))


def _shifted(found: tuple[float, int] | None, by: int) -> tuple[float, int] | None:
    return (found[0], found[1] + by) if found else None


def _respective(m: regex.Match) -> tuple[str, list]:
    """("growth", [(x, at), …]) or ("value", [(value, unit, at), …]) of one "分别…" list."""
    items = list(LISTED_FIGURE.finditer(m.group(2)))
    base = m.start(2)
    if all(i.group(2) == "%" for i in items):
        sign = -1 if m.group(1) else 1
        return "growth", [(sign * float(i.group(1)), base + i.start()) for i in items]
    return "value", [(float(i.group(1)), i.group(2), base + i.start()) for i in items]


def _breakdown(text: str, offset: int, indicators: tuple[str, ...], period: tuple[int, int] | None,
               row_no: str | None) -> list[ProgressHit]:
    """One record per region of a breakdown; "凤凰县、古丈县各1家" gives each of them 1家."""
    records: list[ProgressHit] = []
    waiting: list[str] = []
    for start, end, region in _region_rows(text):
        part = _squeeze(text[start:end])
        figures = _figures(part, indicators)[:1]
        if not figures:
            waiting.append(region)
            continue
        fig = figures[0]
        for name in (waiting if "各" in part else []) + [region]:
            records.append(ProgressHit(fig.indicator, name, period, fig.value, fig.unit, fig.growth, fig.rate,
                                       None, None, row_no, offset + start + _unsqueezed(text[start:end], fig.at or 0),
                                       offset + end, breakdown=True))
        waiting = []
    return records


def _unsqueezed(text: str, at: int) -> int:
    """Position in text of position `at` of text with its line breaks removed."""
    seen = 0
    for i, ch in enumerate(text):
        if ch != "\n":
            if seen == at:
                return i
            seen += 1
    return len(text)


def _region_rows(text: str) -> list[tuple[int, int, str]]:
    """(start, end, region) of each "吉首市完成…" piece of a breakdown."""
    starts = []
    for m in regex.finditer(r"(?:^|[：:；;，,。、（(\n])\s*", text):
        at = _region_at(_squeeze(text[m.end():m.end() + 24]))
        if at:
            starts.append((m.end(), at))
    return [(s, starts[k + 1][0] if k + 1 < len(starts) else len(text), name) for k, (s, name) in enumerate(starts)]


def _region_at(text: str) -> str | None:
    """The region or park a text starts with, a park by its printed name ("永顺经开区")."""
    found = park(text)
    if found and found.parent:
        return found.name
    at = region_at_start(text)
    return at[0].name if at else None


def _columns(header: str) -> list[tuple[int, int]]:
    """The reporting periods of a table's columns: "2月 完成率 3 月 完成率" → [(1, 2), (1, 3)]."""
    explicit = [p for p in (period_of(m.group()) for m in PERIOD.finditer(header)) if p]
    if explicit:
        return explicit
    return [(1, int(m.group(1))) for m in regex.finditer(r"(\d{1,2})月", header)]


@dataclass
class _Piece:
    text: str
    start: int


def _closings(text: str, start: int) -> list[regex.Match]:
    """The 完成率 cells in a row's text after its 责任单位: rates no word leads to, "/", status words."""
    out = []
    for m in CLOSING.finditer(text, start):
        if m.group("rate"):
            before = text[start:m.start()].rstrip()
            if before and before[-1] in RATE_LEAD:
                continue
        out.append(m)
    return out


def _cells(text: str, start: int) -> list[tuple[int, int, regex.Match | None]]:
    """(content start, content end, closing) of each period's cells. A status word or "/" with nothing
    before it that another closing follows is the progress cell itself ("无新进展 /", "稳步推进 稳步推进")."""
    closings = _closings(text, start)
    cells: list[tuple[int, int, regex.Match | None]] = []
    at, k = start, 0
    while k < len(closings):
        m = closings[k]
        empty = not text[at:m.start()].strip()
        follows = k + 1 < len(closings) and not text[m.end():closings[k + 1].start()].strip()
        if empty and not m.group("rate") and follows:
            cells.append((m.start(), m.end(), closings[k + 1]))
            at, k = closings[k + 1].end(), k + 2
            continue
        cells.append((at, m.start(), m))
        at, k = m.end(), k + 1
    if text[at:].strip():
        cells.append((at, len(text), None))
    return cells


def _cell(joined: str, cell: tuple[int, int, regex.Match | None], indicators: tuple[str, ...],
          period: tuple[int, int] | None, row_no: str | None, offsets: list[tuple[int, int, int]]) -> list[ProgressHit]:
    """Records of one period of a scattered row; with no figures, one per indicator for its status."""
    a, b, closing = cell
    content = joined[a:b]
    text = _squeeze(content).strip()
    found = [] if STATUS_WORD.fullmatch(text) else cell_records(content, 0, indicators, period, row_no)
    for r in found:
        r.start, r.end = _source(offsets, a + r.start), _source(offsets, a + r.end)
    end = closing.end() if closing else b
    if not found:
        anchor = closing.start() if closing and (closing.group("status") or closing.group("rate")) \
            else a + len(content) - len(content.lstrip())
        found = [ProgressHit(name, None, period, None, None, None, None, None, None, row_no,
                             _source(offsets, anchor), _source(offsets, end)) for name in indicators]
        _close(found, text if STATUS_WORD.fullmatch(text) else "")
    if closing:
        _close(found, closing.group())
    if not any(r.status for r in found) and (closing and closing.group("slash") or NOT_PUBLISHED.search(text)):
        for r in found:
            if not r.breakdown:
                r.status, r.status_raw = "unknown", text or "/"
    return found


def _row_records(row: list[_Piece], row_no: str, columns: list[tuple[int, int]], task: bool) -> list[ProgressHit]:
    """A scattered table row: target text, 责任单位, then per column a progress cell and its 完成率 cell."""
    if task:
        return _task_row(row, row_no, columns)
    joined = "\n".join(p.text for p in row)
    offsets = _offsets(row)
    unit_start, unit_end = _responsible(row, joined) or (len(row[0].text), len(row[0].text))
    target_text = joined[:unit_start]
    indicators = _indicators(target_text) or (_row_label(target_text),)
    records: list[ProgressHit] = []
    for k, cell in enumerate(_cells(joined, unit_end)):
        records += _cell(joined, cell, indicators, columns[k] if k < len(columns) else None, row_no, offsets)
    if not records:  # a row with nothing after its 责任单位 is still a monitored indicator
        records = [ProgressHit(indicators[0], None, None, None, None, None, None, None, None, row_no,
                               row[0].start, row[-1].start + len(row[-1].text))]
    return records


def _indicators(target_text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for _, _, names in catalogue().find(_squeeze(target_text)) for n in names))


def _responsible(row: list[_Piece], joined: str) -> tuple[int, int] | None:
    """Where the 责任单位 cell stands: lines of their own ("州发改委", maybe "（州园区办）" after it), else
    the first unit inside a line, the target before it and the cells after it ("州发改委0 0% 0 0%",
    "…等节会州文旅广电局无进展0%", "州科技局高新技术企业经摸底…")."""
    at, span = 0, None
    for piece in row[1:]:
        at = joined.index(piece.text, at)
        if RESPONSIBLE.fullmatch(piece.text) or span and PARENTHESISED.fullmatch(piece.text):
            span = (span[0] if span else at, at + len(piece.text))
        elif span:
            return span
    if span:
        return span
    at = 0
    for piece in row:
        at = joined.index(piece.text, at)
        if (unit := RESPONSIBLE.search(piece.text)):
            return at + unit.start(), at + unit.end()
    return None


PARENTHESISED = regex.compile(r"[（(][\p{Han}]{2,10}[）)]")


def _row_label(target_text: str) -> str:
    """A row whose target names no catalogued indicator is known by its target's opening words."""
    text = ROW_NUMBER.sub("", _squeeze(target_text), count=1)
    first = regex.split(r"[，。；：,]", text, maxsplit=1)[0]
    name = QUANTITY.sub("", LABEL_VERBS.sub("", first) or first)
    return name[:ROW_LABEL_CHARS] or "（未识别指标）"


def _close(records: list[ProgressHit], closing: str) -> None:
    """The closing cell's rate or status belongs to the cell's total records (not its per-region ones)."""
    rate = RATE_CELL.match(closing.strip())
    status, raw = _status(closing)
    for r in records:
        if not r.breakdown:
            r.completion_rate = r.completion_rate if r.completion_rate is not None or not rate else float(rate.group(1))
            r.status, r.status_raw = (status, raw) if status and status != "unknown" else (r.status, r.status_raw)


def _offsets(row: list[_Piece]) -> list[tuple[int, int, int]]:
    """(joined start, joined end, source offset) of each piece, to map joined text back."""
    out, at = [], 0
    for p in row:
        out.append((at, at + len(p.text), p.start))
        at += len(p.text) + 1  # the "\n" that joins pieces
    return out


def _source(offsets: list[tuple[int, int, int]], at: int) -> int:
    for a, b, source in offsets:
        if a <= at <= b:
            return source + at - a
        if at < a:
            return source
    return offsets[-1][2] + offsets[-1][1] - offsets[-1][0] if offsets else 0


def table_progress(paras: list[Paragraph]) -> list[ProgressHit]:
    """Progress rows of a monitoring table, scattered over lines or tab-separated."""
    records: list[ProgressHit] = []
    columns: list[tuple[int, int]] = []
    header = ""
    row: list[_Piece] = []
    row_no, last = None, 0
    for para in paras:
        piece = _Piece(para.text, para.start)
        if is_table_header(piece.text):
            columns, header = _columns(piece.text) or columns, piece.text
            continue
        if "\t" in header and "\t" in piece.text:
            records.extend(_tab_row(piece, header))
            continue
        n, alone = _row_number(piece.text, TASK_HEADER in header)
        if n and (n == last + 1 or n == 1 and (alone or not row)):
            records.extend(_row_records(row, row_no, columns, TASK_HEADER in header) if row else [])
            row, row_no, last = [piece], str(n), n
        elif row:
            row.append(piece)
    return records + (_row_records(row, row_no, columns, TASK_HEADER in header) if row else [])


def _row_number(text: str, task: bool) -> tuple[int, bool]:
    """The row number a paragraph opens with, and whether it stands alone: the printed one ("17",
    "17第一产业…"), or in a task table whose numbers the PDF lost, its task's ("（八）自然灾害防治。" is row 8)."""
    if (number := ROW_NUMBER.match(text)):
        return int(number.group(1)), text == number.group()
    title = TASK_TITLE.match(text) if task else None
    return (_cn_number(title.group(1)), False) if title else (0, False)


def _cn_number(text: str) -> int:
    """"八" → 8, "十三" → 13, "二十三" → 23."""
    tens, ten, units = text.rpartition("十")
    return (_CN_DIGITS.get(tens, 1) * 10 if ten else 0) + _CN_DIGITS.get(units, 0)


def _task_row(row: list[_Piece], row_no: str, columns: list[tuple[int, int]]) -> list[ProgressHit]:
    """A scattered task row: per period column, the status word closing its cell (the row's last such
    words); a row whose 完成率 cell is blank still reports its task, without a status."""
    joined = "\n".join(p.text for p in row)
    offsets = _offsets(row)
    closings = list(TASK_STATUS.finditer(joined))[-max(len(columns), 1):]
    indicators = _task_indicators(joined[:closings[0].start()] if closings else joined)
    if not closings:
        return _task_records(indicators, "", columns[0] if columns else None, row_no, row[0].start,
                             row[0].start + len(row[0].text))
    return [r for k, m in enumerate(closings) for r in _task_records(
        indicators, m.group(), columns[k] if k < len(columns) else None, row_no,
        _source(offsets, m.start()), _source(offsets, m.end()))]


def _task_indicators(target: str, task_cell: str = "") -> tuple[str, ...]:
    """What a task row reports on: the catalogued indicators its text names, else its task's title (in the
    text, else the 工作任务 cell unless that is a section heading like "二、深化专项整治"), else its opening words."""
    if (named := _indicators(target)):
        return named
    if (title := TASK_TITLE.search(_squeeze(target))):
        return (title.group(2),)
    task = SPACES.sub("", task_cell)
    return (task,) if task and not OUTLINE_START.match(task) else (_row_label(target),)


def _task_records(indicators: tuple[str, ...], status_cell: str, period: tuple[int, int] | None,
                  row_no: str | None, start: int, end: int) -> list[ProgressHit]:
    """One status-only record per indicator of a task row: its narrative's counts are no values."""
    status, raw = _status(status_cell) if status_cell.strip() else (None, None)
    return [ProgressHit(name, None, period, None, None, None, None, status, raw, row_no, start, end)
            for name in indicators]


TAB_ROW_NO = regex.compile(r"^(\d{1,3})[、.．]")


def _tab_row(piece: _Piece, header: str) -> list[ProgressHit]:
    """A tab-separated row: a task row, or a row of figures."""
    if TASK_HEADER in header:
        return _tab_task_row(piece, [SPACES.sub("", h) for h in header.split("\t")])
    return _tab_figure_row(piece, "已完成" in header)


def _tab_task_row(piece: _Piece, header: list[str]) -> list[ProgressHit]:
    """A tab-separated task row. Blank cells are not printed (most often the merged ones on the left), so
    its cells are matched to the header's from the right: the 备注 cell when it holds a status (else it is
    blank), then the 工作任务 cell at its place from the right. A row without a number continues the one above."""
    cells = piece.text.split("\t")
    if not cells[0].strip().isdigit() or TASK_HEADER not in header:
        return []
    remark = cells[-1] if len(cells) > 2 and len(cells[-1].strip()) <= MAX_REMARK and _status(cells[-1])[0] else ""
    body = cells[1:-1] if remark else cells[1:]
    at = len(cells) - len(header) + header.index(TASK_HEADER) + (0 if remark else 1)
    task = cells[at] if 0 < at < len(cells) and not cells[at].strip().isdigit() else ""
    indicators = _task_indicators("".join(body[:-1]) or "".join(body), task)
    start = piece.start + len(piece.text) - len(remark) if remark else piece.start
    return _task_records(indicators, remark, None, cells[0].strip(), start, start + len(remark or cells[0]))


MAX_REMARK = 12  # characters of a 备注 cell that gives a status


def _tab_figure_row(piece: _Piece, counted: bool) -> list[ProgressHit]:
    """A tab-separated row of figures, its cells found from the right: 备注 (a status word), the ratio before it,
    then the progress cell: in a table with an 已完成数 column (`counted`) the cell before the ratio,
    else the longest between target and ratio. A row with neither ratio nor 备注 continues the row
    above (its target text ran over a page)."""
    cells = piece.text.split("\t")
    starts = [piece.start + sum(len(c) + 1 for c in cells[:i]) for i in range(len(cells))]
    filled = [i for i, c in enumerate(cells) if c.strip()]
    remark = filled[-1] if filled and STATUS_WORD.search(cells[filled[-1]]) else None
    before = [i for i in filled if i > (-1 if counted else 1) and (remark is None or i < remark)]
    ratio = before[-1] if len(before) > 1 and _is_ratio(cells[before[-1]], counted) else None
    body = [i for i in before if i != ratio]
    if remark is None and ratio is None or not body:
        return []
    at = body[-1] if counted else max(body, key=lambda i: len(cells[i]))
    label_cells = [cells[i] for i in body if i < at] if counted else [cells[1] if len(cells) > 1 else ""]
    target = max(label_cells, key=len, default="")
    text, start = _progress_text(cells[at], target), starts[at]
    start += len(cells[at]) - len(text)
    number = cells[0].strip() if cells[0].strip().isdigit() else (m.group(1) if (m := TAB_ROW_NO.match(target)) else None)
    indicators = _indicators("".join(label_cells)) or (_row_label(TAB_ROW_NO.sub("", target)),)
    found = cell_records(text, start, indicators, None, number) if text else []
    unit = next((c.strip() for c in label_cells if c.strip() in catalogue().units), None)
    for r in found:  # "632" under a 单位 column of "人"
        r.actual_unit = r.actual_unit or (unit if r.actual_value is not None else None)
    if not found:
        found = [ProgressHit(name, None, None, None, None, None, None, None, None, number, start,
                             start + len(text)) for name in indicators]
    for i in (ratio, remark):
        if i is not None:
            _close(found, cells[i].strip())
    return found


def _is_ratio(cell: str, strict: bool) -> bool:
    """A 完成年度任务之比 cell: a rate, "/", or (where no 已完成数 column competes for it) a few words
    ("上云任务已完成", "考核上年度任务…")."""
    text = cell.strip()
    return bool(RATE_CELL.match(text)) or text == "/" or not strict and len(text) <= 20


def _progress_text(cell: str, target: str) -> str:
    """The progress cell without what extraction glued before it: the target's tail and the 责任单位
    ("长10%。县发改局1-3月,…" → "1-3月,…")."""
    overlap = next((n for n in range(min(len(cell), len(target)), 2, -1) if target.endswith(cell[:n])), 0)
    text = cell[overlap:]
    unit = RESPONSIBLE.match(text)
    return text[unit.end():] if unit else text


def prose_progress(paras: list[Paragraph]) -> list[ProgressHit]:
    """Items under a status heading, up to the next heading or outline item: "未达时序进度的是：①1-2 月
    完成固定资产投资 32.97 亿元…；②…", or one sentence when they are not numbered."""
    records: list[ProgressHit] = []
    text = "\n".join(p.text for p in paras)
    offsets = _offsets([_Piece(p.text, p.start) for p in paras])
    ends = [m.start() for m in regex.finditer(r"\n", text) if OUTLINE_START.match(text, m.start() + 1)]
    headings = list(LIST_HEADING.finditer(text))
    for k, heading in enumerate(headings):
        end = min([h.start() for h in headings[k + 1:k + 2]] + [e for e in ends if e > heading.end()] + [len(text)])
        marks = [m.start() + 1 for m in CIRCLED.finditer(text, heading.end(), end)]
        items = zip(marks, marks[1:] + [end]) if marks else [(heading.end(), _sentence_end(text, heading.end(), end))]
        for start, stop in items:
            found = cell_records(text[start:stop], 0, (), None, None)
            for r in found:
                r.start, r.end = _source(offsets, start + r.start), _source(offsets, start + r.end)
                if not r.breakdown:
                    r.status, r.status_raw = STATUS[heading.group(1)], heading.group(1)
            records.extend(found)
    return records


def _sentence_end(text: str, start: int, end: int) -> int:
    stop = text.find("。", start, end)
    return stop if stop > 0 else end


SUMMARY = regex.compile(r"共有重点监测指标\s*(\d+)\s*[个项]")
SUMMARY_COUNT = regex.compile(
    r"(已?完成年度任务|完成时序进度|稳步推进|进展有序|有序推进|未完成时序进度|进展滞后)\s*(\d+)\s*[个项]"
)
ANNEX = regex.compile(r"详见附件\s*(\d+)")
INNER_COMPLETED = regex.compile(r"[（(]\s*(\d+)\s*[个项]完成年度任务")
SUMMARY_LABEL = regex.compile(r"^(?:[（(][一二三四五六七八九十]+[）)]|\d+[.．]|[-•]|\s)+")


@dataclass
class SummaryHit:
    """A report's own count of its monitored indicators by status, for one 仗 (and the annex listing them)."""

    label: str  # the heading it stands under: 打好经济增长主动仗
    part_label: str | None  # 附件1
    total: int
    counts: dict[str, int]  # status → count, as the prose states them
    start: int
    end: int


def summary_counts(paras: list[Paragraph]) -> list[SummaryHit]:
    """"（一）打好经济增长主动仗。共有重点监测指标60个，其中：完成时序进度11个（3个完成年度任务）；…（详见附件1）"."""
    text = "\n".join(p.text for p in paras)
    offsets = _offsets([_Piece(p.text, p.start) for p in paras])
    found = list(SUMMARY.finditer(text))
    hits = []
    for k, m in enumerate(found):
        stop = found[k + 1].start() if k + 1 < len(found) else len(text)
        end = text.find("。", m.end(), stop)
        body = _squeeze(text[m.end():end if end > 0 else stop])
        counts: dict[str, int] = {}
        for c in SUMMARY_COUNT.finditer(body):
            status = STATUS[c.group(1).removeprefix("已")]
            counts[status] = counts.get(status, 0) + int(c.group(2))
        if (inner := INNER_COMPLETED.search(body)):  # "完成时序进度 11 个（3 个完成年度任务）"
            counts["completed"] = int(inner.group(1))
        annex = ANNEX.search(_squeeze(text[m.end():stop]))
        line_start = text.rfind("\n", 0, m.start()) + 1
        label = SUMMARY_LABEL.sub("", text[line_start:m.start()]).strip("。：: ")
        hits.append(SummaryHit(label, f"附件{annex.group(1)}" if annex else None, int(m.group(1)), counts,
                               _source(offsets, line_start), _source(offsets, max(line_start, (end if end > 0 else stop) - 1))))
    return hits
