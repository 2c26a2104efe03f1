"""民生实事: the 湘西州 附件6 wide tables read into per-county allocations, the county plans' 民生 sentences
read into the same indicators, and the findings between them against findings.yaml."""
from __future__ import annotations

import pytest

from govdoc import api
from govdoc.extractors.outline import paragraphs
from govdoc.extractors.targets import sentence_targets
from govdoc.extractors.wide_tables import wide_cells
from tests.conftest import load_fixture

HEADER = "吉首市泸溪县凤凰县古丈县花垣县保靖县永顺县龙山县州本级工作\n目标\n完成率\n（%）\n"


def _cells(body: str) -> list[tuple]:
    text = HEADER + body
    return [(c.region, c.indicator, c.target_value, c.target_unit, c.completion_rate)
            for c in wide_cells(paragraphs(text, 0, len(text)))]


@pytest.mark.parametrize("body, expected", [
    # the prefecture's rate, then a (target, rate) pair per county; "——" is a county with no allocation and
    # the "5" glued after the last cell is the next row's number
    ("农村适龄及城镇低保适龄妇女“两癌”免费检查\n33000人\n"
     "4000人42.80% ——4000人31.40% 3000人38% 4000人43.20% 4000人18.73% 5000人32.02% 5000人52.10%——5\n推行异地就",
     [("吉首市", "两癌免费检查", 4000, "人", 42.8), ("泸溪县", "两癌免费检查", None, None, None),
      ("凤凰县", "两癌免费检查", 4000, "人", 31.4)]),
    # bare figures take the unit the row prints ("（万人）"); the prefecture's rate comes first
    ("工伤保险（万人）\n87.04% 5.4 76.67% 2.1 82.86% 2.4 87.92% 0.9 96.67% 1.9 96.84% 1.8 90.56% 3.3 95.15% 4.7 "
     "74.89% 5.44 97.98%", [("吉首市", "工伤保险参保人数", 5.4, "万人", 76.67),
                           ("泸溪县", "工伤保险参保人数", 2.1, "万人", 82.86),
                           ("凤凰县", "工伤保险参保人数", 2.4, "万人", 87.92)]),
    # a total glued to the row's text ("突破136万") is not a county's; "24万" is 万 of the indicator's unit
    ("用户数突破136万70% 24万33.40% 13万46.90% 19万50.70% 6万56.50% 13万54.10% 13万47.50% 22万52.90% "
     "26万66.70%——", [("吉首市", "湘易办用户数", 24, "万人", 33.4), ("泸溪县", "湘易办用户数", 13, "万人", 46.9),
                     ("凤凰县", "湘易办用户数", 19, "万人", 50.7)]),
    # targets only, the prefecture's own column left blank; a bare "0" is a rate
    ("开工改造103个城镇老旧小区\n州住建局\n37个8个8个18个5个15个8个4个",
     [("吉首市", "城镇老旧小区开工改造", 37, "个", None), ("泸溪县", "城镇老旧小区开工改造", 8, "个", None),
      ("凤凰县", "城镇老旧小区开工改造", 8, "个", None)]),
    # a row whose cells are statements, each closed by its rate on a line of its own
    ("城市低保标准从不低于600元/月提高到不低于650元/月\n州民政局\n20%\n"
     + "城市低保标准从不\n低于600元/月提高\n到不低于650元/月\n20%\n" * 8 + "——",
     [(county, "城市低保标准", 650, "元/月", 20) for county in ("吉首市", "泸溪县", "凤凰县")]),
    # cells that cannot be aligned with the columns are skipped, not guessed
    ("完成5个县级妇幼保健机构标准化建设\n1个0 1个0 1个0", []),
    # a row whose indicator is not in the catalogue allocates nothing
    ("养老机构新增200张护理型床位\n20%————————————————200 20%——", []),
])
def test_wide_rows_give_each_county_its_allocation(body: str, expected: list[tuple]) -> None:
    assert [c for c in _cells(body) if c[0] in ("吉首市", "泸溪县", "凤凰县")] == expected


@pytest.mark.parametrize("sentence, expected", [
    ("城市低保标准从不低于600元/月提高到不低于650元/月", [("城市低保标准", 650, "元/月", ">=")]),
    ("散居孤儿从950元/月提高到1100元/月", [("散居孤儿保障标准", 1100, "元/月", "=")]),
    ("重度残疾人护理补贴标准达到120元/月·人", [("重度残疾人护理补贴标准", 120, "元/月·人", "=")]),
    ("基本养老、工伤和失业保险参保人数分别达到18.2779万人、2.1万人和1.08万人",
     [("基本养老保险参保人数", 182779, "人", "="), ("工伤保险参保人数", 21000, "人", "="),
      ("失业保险参保人数", 10800, "人", "=")]),
    ("新增蓄水能力44万m³，恢复和改善灌溉面积2100亩", [("新增蓄水能力", 44, "万方", "="), ("恢复和改善灌溉面积", 0.21, "万亩", "=")]),
    ("农村电网巩固提升工程：投资2170万元", [("农村10千伏电网提升投资", 2170, "万元", "=")]),
    ("全县建成公共直流充电桩60个+交流充电桩40个", [("公共直流充电桩", 60, "个", "="), ("公共交流充电桩", 40, "个", "=")]),
    ("购买无人机2台、巡护车1辆", [("森林防火无人机", 2, "台", "="), ("森林防火巡护车", 1, "辆", "=")]),
    ("修建5个50户以上大团寨消防水池、管网及电气线路改造", [("农村大团寨消防设施", 5, "个", "=")]),
    ("实现147个村（社区）医保参保登记、信息查询", [("村社区医保代办全覆盖", 147, "个", "=")]),
    ("每个县区实现3家医院普通门诊异地结算二级以上定点医疗机构全覆盖", [("异地结算定点医疗机构", 3, "家", "=")]),
])
def test_county_plan_sentences_read_into_the_tables_indicators(sentence: str, expected: list[tuple]) -> None:
    hits, _ = sentence_targets(sentence, 0)
    assert [(h.indicator, h.base_value, h.base_unit, h.comparator) for h in hits] == expected


def test_new_born_screening_rate_is_a_level_in_table_and_plan() -> None:
    hits, _ = sentence_targets("新生儿实施疾病筛查，筛查率达95%", 0)
    assert [(h.indicator, h.kind) for h in hits] == [("新生儿疾病筛查率", "share")]


VERDICTS = ("below", "missing", "meets", "exceeds")
ANNEX6 = "xiangxi-liuzhang-2023q1-report#1.6"  # the 湘西州 专报's 附件6 重点民生实事表 1–3


def test_precision_and_recall_of_livelihood_findings(seed_kb: str) -> None:
    """附件6's findings: every (county, indicator, verdict) the fixture reads off 表1–表3 against the plans."""
    gold = {(f["lower_region"], f["indicator"], f["verdict"]) for f in load_fixture("findings.yaml")
            if (f["upper"] or {}).get("table", "").startswith("附件6") and f["verdict"] in VERDICTS}
    found = {(f["plan_region"], f["indicator"], f["verdict"]) for f in api.check(seed_kb)
             if f["verdict"] in VERDICTS and f["upper_doc"] == ANNEX6}
    hits = gold & found
    print(f"附件6: precision {len(hits) / max(len(found), 1):.3f} ({len(hits)}/{len(found)}), "
          f"recall {len(hits) / len(gold):.3f} of {len(gold)}")
    print("false:", sorted(found - gold))
    assert len(hits) / len(found) >= 0.97 and len(hits) / len(gold) >= 0.72
