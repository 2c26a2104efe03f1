"""Progress records of the two 专报 against progress.yaml (262 records read by hand).

A record matches an annotation of the same file, indicator, region and period end within two
lines; precision is over records on annotated lines. Among matches, each field's accuracy.
"""
from __future__ import annotations

import sqlite3

import pytest

from govdoc.extractors.progress import cell_records, period_of
from tests.conftest import load_fixture

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


def _key(file: str, row: dict) -> tuple:
    return file, row["indicator"], row["region"], row["period_end"]


def test_precision_recall_and_field_accuracy(seed_kb: str) -> None:
    with sqlite3.connect(seed_kb) as conn:
        conn.row_factory = sqlite3.Row
        rows = [dict(r) | {"file": r["source"].rsplit("/", 1)[-1]} for r in conn.execute("select * from progress")]
    unmatched = list(rows)
    matched = []
    for gold in GOLD:
        found = next((r for r in unmatched if _key(r["file"], r) == _key(gold["file"], gold)
                      and abs(r["line"] - gold["line"]) <= 2), None)
        if found:
            unmatched.remove(found)
            matched.append((gold, found))
    near = {(g["file"], line) for g in GOLD for line in range(g["line"] - 2, g["line"] + 3)}
    judged = [r for r in rows if (r["file"], r["line"]) in near]
    precision = len(matched) / max(len(judged), 1)
    recall = len(matched) / len(GOLD)
    accuracy = {f: sum(g[f] == r[f] for g, r in matched) / max(len(matched), 1) for f in FIELDS}
    print(f"progress: precision {precision:.3f} ({len(matched)}/{len(judged)}), recall {recall:.3f} "
          f"of {len(GOLD)}; field accuracy " + ", ".join(f"{f} {a:.3f}" for f, a in accuracy.items()))
    assert precision >= 0.75 and recall >= 0.65
    assert accuracy["actual_value"] >= 0.85 and accuracy["completion_rate"] >= 0.8


def test_wide_table_rows_give_each_county_its_target_and_rate(seed_kb: str) -> None:
    """附件6 表1: "15.84% 2670人 15.20% 2287人 …" under "吉首市 泸溪县 …": a pair per county."""
    with sqlite3.connect(seed_kb) as conn:
        target = conn.execute("select value, unit, allocation from targets where indicator = '城镇新增就业' "
                              "and region = '泸溪县' and source like '%xiangxi%' order by line").fetchone()
        rate = conn.execute("select completion_rate, period_end from progress where indicator = '城镇新增就业' "
                            "and region = '泸溪县' and source like '%xiangxi%' order by line").fetchone()
    assert target == (2287.0, "人", 1) and rate == (14.1, "2023-03")
