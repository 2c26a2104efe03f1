"""Progress records of the two 专报 against progress.yaml (466 records read by hand), the shapes of
text the reader covers, and the 专报's own summary counts against its rows.

A record matches an annotation of the same file, region and period end within two lines, and of
the same indicator where both name a catalogue indicator (a row outside the catalogue is labelled by
its own words, which need not be the annotator's); precision is over records on annotated lines.
Among matches, each field's accuracy.
"""
from __future__ import annotations

import sqlite3

import pytest

from govdoc.check import Checker, _row_counts, _row_state
from govdoc.extractors.progress import cell_records, period_of, table_progress
from tests.conftest import kb_rows, lines_as_paragraphs, load_fixture, match_progress

GOLD = load_fixture("progress.yaml")["records"]
FIELDS = ["actual_value", "completion_rate", "status", "growth"]


@pytest.mark.parametrize("text, period", [
    ("1-2 月完成固定资产投资", (1, 2)), ("1—4月，预计实现", (1, 4)), ("一季度接待游客", (1, 3)),
    ("截至4月30日，凤凰县地方财政收入", (1, 4)), ("4月末，存款余额", (1, 4)), ("季度数据", None),
])
def test_periods(text: str, period: tuple | None) -> None:
    assert period_of(text) == period


def test_a_cell_with_its_breakdown_by_county() -> None:
    cell = ("完成州重点项目投资\n176.64亿元，为年计划投资\n的23.22%。其中：\n吉首市完成33.84亿元，为\n年计划投资的30.28%；\n"
            "凤凰县完成16.86亿元，为\n年计划投资的18.64%")
    records = cell_records(cell, 0, ("州重点项目投资",), (1, 3), "3")
    assert [(r.region, r.actual_value, r.actual_unit, r.completion_rate) for r in records] == [
        (None, 176.64, "亿元", 23.22), ("吉首市", 33.84, "亿元", 30.28), ("凤凰县", 16.86, "亿元", 18.64)]


CELLS = {  # shape of a progress cell → (region, indicator, value, growth) of each record
    "per-county breakdown after 其中, split over lines": (
        "新增规模以上工业企业2家，其\n中凤凰县、古丈县各1家", ("新增规模以上工业企业",),
        [(None, "新增规模以上工业企业", 2.0, None), ("凤凰县", "新增规模以上工业企业", 1.0, None),
         ("古丈县", "新增规模以上工业企业", 1.0, None)]),
    "分别: two indicators, their growths in one list": (
        "预计1-2月全州接待游客806万\n人次，实现旅游收入81.2亿元，同比分别增长32.5%、33.4%", ("接待游客", "旅游总收入"),
        [(None, "接待游客", 806.0, 32.5), (None, "旅游总收入", 81.2, 33.4)]),
    "分别: one phrase for two indicators": (
        "1-2月，金融机构存贷款余额分别为1585.22亿元、1457.34亿元，分别增长8.51%、12.45%",
        ("金融机构存款余额", "金融机构贷款余额"),
        [(None, "金融机构存款余额", 1585.22, 8.51), (None, "金融机构贷款余额", 1457.34, 12.45)]),
    "a remark on another quantity, and its breakdown, are not the row's": (
        "新增有资质的建筑企业0家（新申报房地产开发企业资质2家，其中永顺县1家，凤凰县1家）", ("新增资质建筑和房地产企业",),
        [(None, "新增资质建筑和房地产企业", 0.0, None)]),
    "last year's figure is a baseline": (
        "2022年全州市场主体累计19.19万户，2023年1-2月全州市场主体累计达到19.29万户，净增市场主体992户，总量增长0.5%",
        ("市场主体总量",), [(None, "市场主体总量", 19.29, 0.5)]),
    "a park as the sentence's subject": (
        "1-3月,凤凰产业开发区技工贸总收入1.86亿元。", ("产业园区技工贸总收入",),
        [("凤凰产业开发区", "产业园区技工贸总收入", 1.86, None)]),
    "a count before its indicator; a bare signed growth": (
        "1-2月，已建成120个5G基站，完成投资864万元。其中：古丈县-10.8%", ("新建5G基站",),
        [(None, "新建5G基站", 120.0, None), ("古丈县", "新建5G基站", None, -10.8)]),
    "a total investment is the plan, not the progress": (
        "总投资11.4574亿元，1-2月完成投资11.4074亿元。基础完成578基，完成100%", ("500千伏线路工程投资",),
        [(None, "500千伏线路工程投资", 11.4074, None)]),
}


@pytest.mark.parametrize("text, indicators, expected", CELLS.values(), ids=CELLS.keys())
def test_cell_shapes(text: str, indicators: tuple, expected: list) -> None:
    records = cell_records(text, 0, indicators, (1, 2), "1")
    assert [(r.region, r.indicator, r.actual_value, r.growth) for r in records] == expected


HEADER = "指标2023年度具体目标任务责任单位2月完成率3月完成率"
ROWS = {  # shape of a scattered or glued table row (numbered 1: a table's first row) → (period end, indicator, value, rate, status) per record
    "a whole row glued on one line, '/' closing each cell": (
        ["1第一产业增长5%州农业农村局年度数据/年度数据/"],
        [(2, "第一产业增加值", None, None, "unknown"), (3, "第一产业增加值", None, None, "unknown")]),
    "status words as progress cell and 完成率 cell": (
        ["1建设1家以上省级绿色园区州工信局稳步推进稳步推进稳步推进稳步推进"],
        [(2, "建设省级绿色园区", None, None, "in_progress"), (3, "建设省级绿色园区", None, None, "in_progress")]),
    "a not-yet-published note closed by a status word": (
        ["1地区生产总值增长7%州发改委季度数据稳步推进", "1-3月数据由州统计局于4", "月中旬公布", "稳步推进"],
        [(2, "地区生产总值", None, None, "in_progress"), (3, "地区生产总值", None, None, "in_progress")]),
    "the unit inside the target's line, then 无进展 with its 0%": (
        ["1", "打造1个以上网红打卡地州文旅广电局无进展0%无进展0%"],
        [(2, "网红打卡地", None, 0.0, "no_progress"), (3, "网红打卡地", None, 0.0, "no_progress")]),
    "figures-only cells after the unit; a rate glued to its count": (
        ["1新增三板、四板挂牌企业5家以上州政府金融办新增四板挂牌企业1家20.00%新增四板挂牌企业1家20.00%"],
        [(2, "新增三板四板挂牌企业", 1.0, 20.0, None), (3, "新增三板四板挂牌企业", 1.0, 20.0, None)]),
}


@pytest.mark.parametrize("lines, expected", ROWS.values(), ids=ROWS.keys())
def test_row_shapes(lines: list, expected: list) -> None:
    records = table_progress(lines_as_paragraphs(HEADER, *lines))
    assert [(r.period[1] if r.period else None, r.indicator, r.actual_value, r.completion_rate, r.status)
            for r in records] == expected


def test_a_tab_row_with_the_target_tail_and_unit_glued_before_its_progress() -> None:
    header = "序号\t2023年度具体目标任务\t责任单位\t当前进展情况\t完成年度任务之比\t备注"
    row = ("2\t固定资产投资79.4亿元,增长10%。\t长10%。县发改局1-3月,实现固定资产投资11.9亿元,同比增长0.9%。"
           "1-4月,预计实现固定资产投资16.6亿元,同比增长-0.86%。\t\t/\t低于预期")
    records = table_progress(lines_as_paragraphs(header, row))
    assert [(r.period, r.actual_value, r.growth, r.status) for r in records] == [
        ((1, 3), 11.9, 0.9, "behind"), ((1, 4), 16.6, -0.86, "behind")]


def test_precision_recall_and_field_accuracy(seed_kb: str) -> None:
    rows = kb_rows(seed_kb, "progress")
    matched, _ = match_progress(GOLD, rows)
    near = {(g["file"], line) for g in GOLD for line in range(g["line"] - 2, g["line"] + 3)}
    judged = [r for r in rows if (r["file"], r["line"]) in near]
    precision = len(matched) / max(len(judged), 1)
    recall = len(matched) / len(GOLD)
    accuracy = {f: sum(g[f] == r[f] for g, r in matched) / max(len(matched), 1) for f in FIELDS}
    print(f"progress: precision {precision:.3f} ({len(matched)}/{len(judged)}), recall {recall:.3f} "
          f"of {len(GOLD)}; field accuracy " + ", ".join(f"{f} {a:.3f}" for f, a in accuracy.items()))
    assert precision >= 0.95 and recall >= 0.88
    assert accuracy["actual_value"] >= 0.9 and accuracy["completion_rate"] >= 0.97 and accuracy["status"] >= 0.98


def test_wide_table_rows_give_each_county_its_target_and_rate(seed_kb: str) -> None:
    """附件6 表1: "15.84% 2670人 15.20% 2287人 …" under "吉首市 泸溪县 …": a pair per county."""
    with sqlite3.connect(seed_kb) as conn:
        target = conn.execute("select value, unit, allocation from targets where indicator = '城镇新增就业' "
                              "and region = '泸溪县' and source like '%xiangxi%' order by line").fetchone()
        rate = conn.execute("select completion_rate, period_end from progress where indicator = '城镇新增就业' "
                            "and region = '泸溪县' and source like '%xiangxi%' order by line").fetchone()
    assert target == (2287.0, "人", 1) and rate == (14.1, "2023-03")


def _progress_row(row_no: str, status: str | None, rate: float | None = None) -> dict:
    return {"doc_id": "r#1.1", "row_no": row_no, "line": int(row_no), "status": status, "status_raw": status,
            "completion_rate": rate, "period_start": "2023-01", "period_end": "2023-03", "region": "甲县",
            "doc_region": "甲县", "indicator": f"指标{row_no}", "target_id": None, "raw": "", "source": "r.txt"}


def _summary(**counts) -> dict:
    return {"summary_id": "r#1/s1", "doc_id": "r#1", "part_id": "r#1.1", "label": "打好经济增长主动仗", "line": 9,
            "source": "r.txt", "doc_region": "甲县", "completed": None, "on_schedule": None, "in_progress": None,
            "behind": None} | counts


@pytest.mark.parametrize("rows, summary, mismatch", [
    ([("1", "behind"), ("2", "behind"), ("3", "in_progress")], _summary(total=3, in_progress=2, behind=1), True),
    ([("1", "behind"), ("2", "behind")], _summary(total=3, in_progress=2, behind=1), False),  # a row not read
    ([("1", "behind"), ("2", "no_progress"), ("3", "in_progress")], _summary(total=3, in_progress=2, behind=1), False),
    ([("1", None, 10.0), ("2", "completed"), ("3", "on_schedule")],  # 完成时序进度2个（1个完成年度任务）
     _summary(total=3, completed=1, on_schedule=2, behind=1), False),
    ([("1", "on_schedule"), ("2", "in_progress")], _summary(total=2, in_progress=2), False),  # no 完成时序进度 printed
], ids=["more rows behind than printed", "rows not all read", "an unclassified row may be the one",
        "完成时序进度 printed inclusive of 完成年度任务", "a category not printed counts in the broader one"])
def test_summary_counts_against_rows(rows: list, summary: dict, mismatch: bool) -> None:
    progress = [_progress_row(*r) for r in rows]
    findings = [f for f in Checker([], progress, [summary]).run() if f.verdict == "summary_mismatch"]
    assert bool(findings) == mismatch
    if mismatch:
        assert (findings[0].upper_value, findings[0].lower_value) == (2, 1)  # 稳步推进 printed 2, one row
        assert "未完成时序进度汇总1个，附表逐行为2个（第1行、第2行）" in findings[0].message


def test_the_xiangxi_summary_counts_are_reproduced_from_its_rows(seed_kb: str) -> None:
    """经济增长: 3 完成年度任务, 完成时序进度 11 (incl. the 3), 稳步推进 26, 未完成时序进度 23 (60 rows)."""
    with sqlite3.connect(seed_kb) as conn:
        conn.row_factory = sqlite3.Row
        summary = dict(conn.execute("select s.*, d.region as doc_region from summaries s join documents d "
                                    "using (doc_id) where label = '打好经济增长主动仗' and doc_id like 'xiangxi%'").fetchone())
        rows = [dict(r) for r in conn.execute("select p.*, d.region as doc_region from progress p join documents d "
                                              "using (doc_id) where doc_id = ?", (summary["part_id"],))]
    by_row: dict[str, list] = {}
    for r in rows:
        by_row.setdefault(r["row_no"], []).append(r)
    states = {k: _row_state(v) for k, v in by_row.items()}
    assert len(states) == 60
    assert not [f for f in Checker([], rows, [summary]).run() if f.verdict == "summary_mismatch"]
    assert _row_counts(summary, states) == {"completed": (3, 3), "on_schedule": (11, 11), "in_progress": (26, 22),
                                            "behind": (23, 23)}
    assert sorted((k for k, (c, _) in states.items() if c is None), key=int) == ["17", "20", "21", "47"]
