"""Progress records of the 专报's task tables (安全生产, 防范化解风险) against progress-tables.yaml, and
the shapes of task row the reader covers.

A record matches an annotation of the same file, indicator, region and period end within two lines;
precision is over the records on lines inside the fixture's covered ranges. A row counts as read when
some record of it (same file and row number, within two lines) carries its status.
"""
from __future__ import annotations

import pytest

from govdoc.extractors.progress import table_progress
from tests.conftest import kb_rows, lines_as_paragraphs, load_fixture

GOLD = load_fixture("progress-tables.yaml")["records"]
COVERED = {  # the fixture header's covered line ranges
    "xiangxi-liuzhang-2023q1-report.txt": [(3259, 4126)],
    "fenghuang-liuzhang-2023-report.txt": [(175, 240), (242, 291)],
}


SCATTERED = "指标工作任务工作内容1-3月情况完成率"
TAB = "指标\t风险类型\t工作任务\t2023年度具体目标任务\t当前工作进展情况\t备注"
ROWS = {  # shape of a task row → (row number, indicator, period end, status) per record
    "a row number lost: a row per task title, its status ending a paragraph, rates in its text no status": (
        [SCATTERED, "1", "（一）工贸企业安全专项整治。确保重大事故隐患100%“清零”。", "1.暂未发现重大安全隐患。", "稳步推进",
         "（二）自然灾害防治。稳步推进地灾隐患消除。", "防汛：赴县市区明查暗访7次。", "稳步推进"],
        [("1", "工贸企业安全专项整治", 3, "in_progress"), ("2", "自然灾害防治", 3, "in_progress")]),
    "a blank 完成率 cell; a status after the progress on its line": (
        [SCATTERED, "1", "（一）消防专项整治。较大以上火灾事故责任追究率100%。", "1.检查社会单位1028家次。",
         "（二）燃气安全专项整治。更新改造燃气管道14.1公里。", "正在进行项目前期准备稳步推进"],
        [("1", "消防专项整治", 3, None), ("2", "燃气安全专项整治", 3, "in_progress")]),
    "the catalogued indicators a task names are what it reports on": (
        [SCATTERED, "1", "（一）自然灾害防治。全州新建防火阻隔带292公里，修建消防水池41个。", "8个督查组驻点督导。", "稳步推进"],
        [("1", "防火阻隔带", 3, "in_progress"), ("1", "森林消防水池", 3, "in_progress")]),
    "tab row, blank cells dropped: the 工作任务 cell found from the right": (
        [TAB, "1\t严格遏制新 增政府隐性 债务\t1.按月审核资金来源。\t已完成28个项目审核。\t进展有序",
         "13\t金融\t持续推进交 易场所清理整治\t组织开展有关风险排查。\t暂未发现。\t进展有序"],
        [("1", "严格遏制新增政府隐性债务", None, "in_progress"), ("13", "持续推进交易场所清理整治", None, "in_progress")]),
    "tab row: a 备注 cut off by the page, a blank 备注": (
        [TAB, "17\t优化办证手 续流程\t推行“交房即交证”。\t已办理栋证2本。\t未完成时",
         "23\t疫情\t分级分类救 治患者\t1.全面实行首诊负责制。\t建立转诊机制。"],
        [("17", "优化办证手续流程", None, "behind"), ("23", "分级分类救治患者", None, None)]),
}


@pytest.mark.parametrize("lines, expected", ROWS.values(), ids=ROWS.keys())
def test_task_row_shapes(lines: list, expected: list) -> None:
    records = table_progress(lines_as_paragraphs(*lines))
    assert [(r.row_no, r.indicator, r.period[1] if r.period else None, r.status) for r in records] == expected
    assert all(r.actual_value is None for r in records)


def _covered(file: str, line: int) -> bool:
    return any(a <= line <= b for a, b in COVERED.get(file, []))


def _key(file: str, row: dict) -> tuple:
    return file, row["indicator"], row["region"], row["period_end"]


def test_task_tables_precision_recall_and_rows_read(seed_kb: str) -> None:
    judged = [r for r in kb_rows(seed_kb, "progress") if _covered(r["file"], r["line"])]
    unmatched, matched = list(judged), []
    for gold in GOLD:
        found = next((r for r in unmatched if _key(r["file"], r) == _key(gold["file"], gold)
                      and abs(r["line"] - gold["line"]) <= 2), None)
        if found:
            unmatched.remove(found)
            matched.append((gold, found))
    read = {(g["file"], g["table"], g["row_no"]) for g in GOLD
            if any(r["file"] == g["file"] and r["row_no"] == str(g["row_no"]) and r["status"] == g["status"]
                   and abs(r["line"] - g["line"]) <= 2 for r in judged)}
    rows_total = {(g["file"], g["table"], g["row_no"]) for g in GOLD}
    precision, recall = len(matched) / max(len(judged), 1), len(matched) / len(GOLD)
    print(f"task tables: precision {precision:.3f} ({len(matched)}/{len(judged)}), recall {recall:.3f} of {len(GOLD)}; "
          f"rows read with their status {len(read)}/{len(rows_total)}")
    assert precision >= 0.78 and recall >= 0.78 and len(read) == len(rows_total)
    assert all(g["status"] == r["status"] and g["period_end"] == r["period_end"] for g, r in matched)
