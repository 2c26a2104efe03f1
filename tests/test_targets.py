"""Targets against targets.yaml (405 targets read from all five seed texts).

Recall: share of annotated targets found with the same (indicator, region, base value, kind).
Precision: share of extracted targets on annotated lines that match an annotation there; a
line nobody annotated cannot tell right from wrong, so it is left out of precision.
"""
from __future__ import annotations

import sqlite3

import pytest

from govdoc.extractors.targets import sentence_targets
from tests.conftest import load_fixture

GOLD = load_fixture("targets.yaml")


def _key(file: str, row: dict) -> tuple:
    return (file, row["indicator"], row["region"], round(float(row["base_value"]), 4), row["kind"])


@pytest.mark.parametrize("sentence, expected", [
    ("地区生产总值增长8%", [("地区生产总值", 8, "%", "growth_rate", "=", False)]),
    ("实现社会消费品零售总额 132 亿元以上".replace(" ", ""), [("社会消费品零售总额", 1320000, "万元", "amount", ">=", False)]),
    ("2023年完成进出口任务数14000万元", [("进出口总额", 14000, "万元", "amount", "=", False)]),
    ("全社会研发经费投入1.5亿以上", [("研发经费投入", 15000, "万元", "amount", ">=", False)]),
    ("产业园区技工贸总收入突破600亿元", [("产业园区技工贸总收入", 6000000, "万元", "amount", ">=", False)]),
    ("力争2023年园区亩均税收达到5万元左右", [("亩均税收", 5, "万元", "amount", "~", True)]),
    ("城乡居民人均可支配收入分别增长9%、10%", [("城镇居民人均可支配收入", 9, "%", "growth_rate", "=", False),
                                             ("农村居民人均可支配收入", 10, "%", "growth_rate", "=", False)]),
    ("金融机构存贷款余额分别增长11%、13%", [("金融机构存款余额", 11, "%", "growth_rate", "=", False),
                                          ("金融机构贷款余额", 13, "%", "growth_rate", "=", False)]),
    ("力争旅游接待游客、总收入分别增长20%", [("接待游客", 20, "%", "growth_rate", "=", True),
                                          ("旅游总收入", 20, "%", "growth_rate", "=", True)]),
    ("接待游客1400万人次、实现旅游总收入145亿元，分别增长20%", [
        ("接待游客", 1400, "万人次", "amount", "=", False), ("旅游总收入", 1450000, "万元", "amount", "=", False),
        ("接待游客", 20, "%", "growth_rate", "=", False), ("旅游总收入", 20, "%", "growth_rate", "=", False)]),
    # a number inside an indicator's name is not a target
    ("新引进3000万元以上产业项目15个", [("新引进3000万元以上产业项目", 15, "个", "count", "=", False)]),
    ("新增规模以上服务业企业30家", [("新增规模以上服务业企业", 30, "家", "count", "=", False)]),
])
def test_sentence_shapes(sentence: str, expected: list[tuple]) -> None:
    hits, _ = sentence_targets(sentence, 0)
    assert [(h.indicator, h.base_value, h.base_unit, h.kind, h.comparator, h.stretch) for h in hits] == expected


def test_precision_and_recall_on_the_annotated_targets(seed_kb: str) -> None:
    with sqlite3.connect(seed_kb) as conn:
        conn.row_factory = sqlite3.Row
        rows = [dict(r) for r in conn.execute("select * from targets")]
    got = {}
    for r in rows:
        got.setdefault((r["source"].rsplit("/", 1)[-1], r["line"]), []).append(r)
    gold_lines = {(g["file"], g["line"]) for g in GOLD}
    gold_keys = {_key(g["file"], g) for g in GOLD}
    found_keys = {_key(f, r) for (f, _), rs in got.items() for r in rs}
    recall = len(gold_keys & found_keys) / len(gold_keys)
    judged = [(f, r) for (f, line), rs in got.items() if (f, line) in gold_lines for r in rs]
    precision = sum(_key(f, r) in gold_keys for f, r in judged) / max(len(judged), 1)
    print(f"targets: precision {precision:.3f} on {len(judged)} judged, recall {recall:.3f} of {len(gold_keys)}")
    assert precision >= 0.97 and recall >= 0.94


def test_report_table_targets_carry_their_row_responsible_unit_and_parks_link_to_counties(seed_kb: str) -> None:
    with sqlite3.connect(seed_kb) as conn:
        unit = conn.execute("select responsible_units from targets where region = '吉首市' and "
                            "indicator = '州重点项目投资' and allocation = 1").fetchone()[0]
        parks = dict(conn.execute("select name, parent from regions where level = 'park'").fetchall())
    assert unit == "州发改委"
    assert parks["吉首经开区"] == "吉首市" and parks["泸溪高新区"] == "泸溪县" and parks["龙山产业开发区"] == "龙山县"
