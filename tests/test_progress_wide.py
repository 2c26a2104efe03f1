"""Progress of the 湘西州 专报's 附件6 wide tables (表1–表3, every row) against progress-wide.yaml, and the
cell shapes the wide reader covers for progress.

A record matches an annotation of the same region and period end within two lines, and of the same
indicator where both name a catalogue indicator (as in test_progress); precision is over the records
on the fixture's covered lines.
"""
from __future__ import annotations

import pytest

from govdoc.extractors.outline import paragraphs
from govdoc.extractors.wide_tables import WHOLE, state_status, wide_cells
from tests.conftest import kb_rows, load_fixture, match_progress

GOLD = load_fixture("progress-wide.yaml")["records"]
COVERED = (4127, 7472)  # 表1 from line 4127 to 表3's end, as the fixture's header lists
TABLES = (5716, 6304)  # where 表2 and 表3 begin: a row is (table, 序号, indicator)
HEADER = "吉首市泸溪县凤凰县古丈县花垣县保靖县永顺县龙山县州本级工作\n目标\n完成率\n（%）\n"
FIELDS = ["actual_value", "completion_rate", "status"]


def _cells(body: str) -> list[tuple]:
    text = HEADER + body
    return [(c.region, c.indicator, c.completion_rate, c.actual_value, c.state and state_status(c.state))
            for c in wide_cells(paragraphs(text, 0, len(text))) if c.region in (WHOLE, "吉首市", "泸溪县")]


@pytest.mark.parametrize("body, expected", [
    # the run's first rate is the 全州 cell's
    ("城镇新增就业2万人\n州人社局\n15.84% 2670人 15.20% 2287人 14.10% 2270人 11.80% 1330人 19.09% 2390人 11.87% "
     "2480人 20.33% 3050人 15.03% 3150人 20.01% 380人",
     [(WHOLE, "城镇新增就业", 15.84, None, None), ("吉首市", "城镇新增就业", 15.2, None, None),
      ("泸溪县", "城镇新增就业", 14.1, None, None)]),
    # the 全州 cell in words, after the 责任单位: its state; the counties' bare "0" rates
    ("完成5个县级妇幼保健机构标准化建设\n州卫健委\n正在开展筹\n集资金、采购\n设备等前期工\n作\n"
     "1个 0 — — — — 1个 0 1个 0 1个 0.00% 1个 0 — — — —",
     [(WHOLE, "县级妇幼保健机构标准化", None, None, "preparing"), ("吉首市", "县级妇幼保健机构标准化", 0, None, None),
      ("泸溪县", "县级妇幼保健机构标准化", None, None, None)]),
    # the 全州 words after the target figure, with an actual and its 进度
    ("农村适龄及城镇低保适\n龄妇女“两癌”免费检查\n33000人\n全州完成检\n查12043人，\n完成进度\n36.49%。\n"
     "4000人 42.80% 4000人 31.03% 4000人 31.40% 3000人 38% 4000人 43.20% 4000人 18.73% 5000人 32.02% 5000人 52.10% — —",
     [(WHOLE, "两癌免费检查", 36.49, 12043, None), ("吉首市", "两癌免费检查", 42.8, None, None),
      ("泸溪县", "两癌免费检查", 31.03, None, None)]),
    # a rate glued to the 全州 words closes them: the words' figure is the actual
    ("农村饮水安全保障\n6000万元州水利局\n完成投资\n1436万元，占年度任务\n的23.93%\n100万元0 700万元30% 2000万元9% "
     "100万元9.62% 600万元69.24% 1600万元35.71% 700万元0 200万\n元\n0——",
     [(WHOLE, "农村饮水安全保障投资", 23.93, 1436, None), ("吉首市", "农村饮水安全保障投资", 0, None, None),
      ("泸溪县", "农村饮水安全保障投资", 30, None, None)]),
    # targets only: the 全州 words alone give progress
    ("开工改造103个城镇老旧\n小区\n州住建局\n前期准备工\n作阶段\n37个 8个 8个 18个 5个 15个 8个 4个",
     [(WHOLE, "城镇老旧小区开工改造", None, None, "preparing"), ("吉首市", "城镇老旧小区开工改造", None, None, None),
      ("泸溪县", "城镇老旧小区开工改造", None, None, None)]),
    # statement cells: the first rate on a line of its own is the 全州 cell's
    ("城市低保标准从不低于600元/月提高到不低于650元/月\n州民政局\n30%\n"
     + "城市低保标准从不\n低于600元/月提高\n到不低于650元/月\n20%\n" * 8 + "——",
     [(WHOLE, "城市低保标准", 30, None, None), ("吉首市", "城市低保标准", 20, None, None),
      ("泸溪县", "城市低保标准", 20, None, None)]),
])
def test_wide_row_shapes_for_progress(body: str, expected: list[tuple]) -> None:
    assert _cells(body) == expected


@pytest.mark.parametrize("state, status", [
    ("正在前期准备阶段", "preparing"), ("村组停车场正在选址中", "preparing"), ("前期勘察阶段", "preparing"),
    ("省里任务指标暂未下达，任务待定", "unknown"), ("完成建设规划上报", "in_progress"),
])
def test_state_status(state: str, status: str) -> None:
    assert state_status(state) == status


def _table(line: int) -> int:
    return sum(line >= start for start in TABLES)


def test_precision_recall_and_rows_of_the_wide_tables(seed_kb: str) -> None:
    rows = [r for r in kb_rows(seed_kb, "progress")
            if r["file"] == "xiangxi-liuzhang-2023q1-report.txt" and COVERED[0] <= r["line"] <= COVERED[1]]
    matched, unmatched = match_progress(GOLD, rows)
    precision, recall = len(matched) / max(len(rows), 1), len(matched) / len(GOLD)
    row_keys = {(_table(g["line"]), g["row_no"], g["indicator"]) for g in GOLD}
    read = {(_table(g["line"]), g["row_no"], g["indicator"]) for g, _ in matched}
    accuracy = {f: sum(g[f] == r[f] for g, r in matched) / max(len(matched), 1) for f in FIELDS}
    print(f"附件6 progress: precision {precision:.3f} ({len(matched)}/{len(rows)}), recall {recall:.3f} of {len(GOLD)}, "
          f"rows read {len(read)} of {len(row_keys)}; field accuracy "
          + ", ".join(f"{f} {a:.3f}" for f, a in accuracy.items()))
    print("false:", sorted((r["line"], r["region"], r["indicator"]) for r in unmatched))
    assert precision >= 0.98 and recall >= 0.76 and len(read) >= 44
    assert accuracy["actual_value"] >= 0.98 and accuracy["completion_rate"] >= 0.98 and accuracy["status"] >= 0.98
