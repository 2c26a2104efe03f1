"""Targets against two fixtures read by hand.

targets.yaml (all five seed texts, targets of catalogue indicators): recall is the share of annotated
targets found with the same (indicator, region, base value, kind); precision the share of extracted
catalogue targets on annotated lines that match an annotation there (a line nobody annotated cannot
tell right from wrong).

targets-luxi-tables.yaml (泸溪's 责任清单 tables, every target of the covered line ranges, most of
them outside the catalogue): a catalogue target matches by the same key; a target labelled by its own
words matches an annotation of the same region, base value and kind within a few lines, whatever the
annotator named it. Every extracted target in the covered ranges is judged.
"""
from __future__ import annotations

import sqlite3

import pytest

from govdoc.extractors.indicators import catalogue
from govdoc.extractors.outline import join_narrow_cells, paragraphs
from govdoc.extractors.targets import extract_targets, sentence_targets, stands_alone
from govdoc.pipeline.ingest import read_source
from govdoc.pipeline.normalise import normalise
from tests.conftest import kb_rows, load_fixture

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
    # a co-subject grows alike; "较上年度" is no other subject
    ("优势产业链链上“四上”企业产值及税收增长10%以上", [("优势产业链四上企业产值", 10, "%", "growth_rate", ">=", False)]),
    ("确保知识产权质押融资登记金额较上年度增长10%", [("知识产权质押融资登记", 10, "%", "growth_rate", "=", False)]),
    ("省签项目履约率达90%以上", [("省签项目履约率", 90, "%", "share", ">=", False)]),
    # the figure before what it counts, a tier between them
    ("培养2个以上省级专精特新“小巨人”企业", [("专精特新小巨人企业", 2, "家", "count", ">=", False)]),
    # a place in a ranking to reach is a rank, not a count of places
    ("确保“五好”排名进入全省前80位", [("园区全省综合评价排位", 80, "位", "rank", "<=", False)]),
    ("园区在全省综合评价排位提升30位以上", [("园区全省综合评价排位", 30, "位", "count", ">=", False)]),
])
def test_sentence_shapes(sentence: str, expected: list[tuple]) -> None:
    hits, _ = sentence_targets(sentence, 0)
    assert [(h.indicator, h.base_value, h.base_unit, h.kind, h.comparator, h.stretch) for h in hits] == expected


def test_precision_and_recall_on_the_annotated_targets(seed_kb: str) -> None:
    rows = [r for r in kb_rows(seed_kb, "targets") if r["catalogued"]]
    got = {}
    for r in rows:
        got.setdefault((r["file"], r["line"]), []).append(r)
    gold_lines = {(g["file"], g["line"]) for g in GOLD}
    gold_keys = {_key(g["file"], g) for g in GOLD}
    found_keys = {_key(f, r) for (f, _), rs in got.items() for r in rs}
    recall = len(gold_keys & found_keys) / len(gold_keys)
    judged = [(f, r) for (f, line), rs in got.items() if (f, line) in gold_lines for r in rs]
    precision = sum(_key(f, r) in gold_keys for f, r in judged) / max(len(judged), 1)
    print(f"targets: precision {precision:.3f} on {len(judged)} judged, recall {recall:.3f} of {len(gold_keys)}")
    assert precision >= 0.97 and recall >= 0.94


LUXI = load_fixture("targets-luxi-tables.yaml")
NEAR = 6  # lines between an annotation (the figure's line) and a record (where its phrase starts, a cell above)


def _covered(file: str, line: int) -> bool:
    return file == "luxi-gazette-2023-no2.txt" and any(a <= line <= b for a, b in LUXI["covered"])


def _matches(gold: dict, row: dict) -> bool:
    if (gold["region"], round(float(gold["base_value"]), 4), gold["kind"]) != \
            (row["region"], round(float(row["base_value"]), 4), row["kind"]):
        return False
    if row["catalogued"] and gold["indicator"] in catalogue().base_units:
        return gold["indicator"] == row["indicator"]
    return abs(gold["line"] - row["line"]) <= NEAR


def test_precision_and_recall_on_a_whole_table_part(seed_kb: str) -> None:
    """Every target of 泸溪's 责任清单 tables, catalogued or not: what "all targets of a plan" asks."""
    gold = [g for g in LUXI["targets"] if _covered(g["file"], g["line"])]
    judged = [r for r in kb_rows(seed_kb, "targets") if _covered(r["file"], r["line"])]
    unmatched, found = list(judged), 0
    for g in gold:
        match = next((r for r in unmatched if _matches(g, r)), None)
        if match:
            unmatched.remove(match)
            found += 1
    own = sum(not r["catalogued"] for r in judged)
    print(f"泸溪 tables: precision {found / len(judged):.3f} of {len(judged)} ({own} by own words), "
          f"recall {found / len(gold):.3f} of {len(gold)}")
    assert found / len(judged) >= 0.93 and found / len(gold) >= 0.6


def test_report_table_targets_carry_their_row_responsible_unit_and_parks_link_to_counties(seed_kb: str) -> None:
    with sqlite3.connect(seed_kb) as conn:
        unit = conn.execute("select responsible_units from targets where region = '吉首市' and "
                            "indicator = '州重点项目投资' and allocation = 1").fetchone()[0]
        parks = dict(conn.execute("select name, parent from regions where level = 'park'").fetchall())
    assert unit == "州发改委"
    assert parks["吉首经开区"] == "吉首市" and parks["泸溪高新区"] == "泸溪县" and parks["龙山产业开发区"] == "龙山县"


def _targets_of_lines(path: str, first: int, last: int, report_table: bool = False) -> list[tuple]:
    """Targets read from original lines first..last of a corpus file, with the text each one spans."""
    norm = normalise(read_source(path))
    lines = [line for line in norm.lines if first <= line.number <= last]
    paras = join_narrow_cells(paragraphs(norm.text, lines[0].start, lines[-1].end), lines, stands_alone)
    return [(h.indicator, h.value, h.unit, h.kind, h.scope, norm.text[h.raw_start:h.end].replace("\n", ""))
            for h in extract_targets(paras, report_table)]


@pytest.mark.parametrize("path, first, last, expected", [
    # 泸溪 责任清单: the 目标 column printed three characters a line ("1.力争|完成固|定资产|投 资|22.34 …")
    ("corpus/luxi-gazette-2023-no2.txt", 3390, 3403, [
        ("固定资产投资", 22.34, "亿元", "amount", None, "固定资产投资22.34亿元"),
        ("固定资产投资", 12, "%", "growth_rate", None, "固定资产投资22.34亿元以上，增长12%"),
        ("州重点项目投资", 52, "亿元", "amount", None, "州重点项目投资52亿元")]),
    # 湘西州 附件1 rows: a quota set for each county, and for each park
    ("corpus/xiangxi-liuzhang-2023q1-report.txt", 1089, 1089, [
        ("高标准农田示范片区", 1, "个", "count", "各县市", "1个")]),
    ("corpus/xiangxi-liuzhang-2023q1-report.txt", 1269, 1269, [
        ("园区全省综合评价排位", 5, "位", "count", "各园区", "全省综合评价排位中提升5位")]),
    # a row on one line: target, 责任单位, then progress cells that are not targets
    ("corpus/xiangxi-liuzhang-2023q1-report.txt", 1216, 1216, [
        ("新增三板四板挂牌企业", 5, "家", "count", None, "新增三板、四板挂牌企业5家")]),
])
def test_table_shapes(path: str, first: int, last: int, expected: list[tuple]) -> None:
    assert _targets_of_lines(path, first, last, report_table=True) == expected
