"""Consistency checks: the comparison rules as a table, then the findings on the real corpus."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from govdoc import api
from govdoc.check import Checker

PLAN = {"doc_type": "实施方案", "doc_region": "吉首市", "doc_level": "county", "allocation": 0, "scope": None,
        "doc_id": "plan#1", "in_part": 0, "catalogued": 1, "source": "plan.txt", "line": 10, "raw": "…",
        "region": "吉首市", "year": 2023}
UPPER = {"doc_type": "专报", "doc_region": "湘西州", "doc_level": "prefecture", "allocation": 1, "scope": None,
         "catalogued": 1, "doc_id": "report#1.1", "source": "report.txt", "line": 500, "raw": "…", "region": "吉首市",
         "year": 2023}


def _target(base: dict, target_id: str, indicator: str, value: float, unit: str, base_value: float,
            base_unit: str, kind: str, comparator: str = "=") -> dict:
    return base | {"target_id": target_id, "indicator": indicator, "value": value, "unit": unit,
                   "base_value": base_value, "base_unit": base_unit, "kind": kind, "comparator": comparator}


@pytest.mark.parametrize("plan, upper, verdict", [
    # "110 亿元以上" against "111.8 亿元" is below
    (("州重点项目投资", 110, "亿元", 1100000, "万元", "amount", ">="),
     ("州重点项目投资", 111.8, "亿元", 1118000, "万元", "amount", "="), "below"),
    # "突破 100 亿元" against "104 亿元" is below
    (("产业园区技工贸总收入", 100, "亿元", 1000000, "万元", "amount", ">="),
     ("产业园区技工贸总收入", 104, "亿元", 1040000, "万元", "amount", "="), "below"),
    # "增长 12% 以上" against "增长 12%" meets
    (("研发经费投入", 12, "%", 12, "%", "growth_rate", ">="), ("研发经费投入", 12, "%", 12, "%", "growth_rate", "="),
     "meets"),
    # 14000 万元 = 1.4 亿元
    (("进出口总额", 14000, "万元", 14000, "万元", "amount", "="), ("进出口总额", 1.4, "亿元", 14000, "万元", "amount", "="),
     "meets"),
    (("接待游客", 1800, "万人次", 1800, "万人次", "amount", "="), ("接待游客", 1400, "万人次", 1400, "万人次", "amount", "="),
     "exceeds"),
    # a growth rate against an absolute amount: no base to convert
    (("进出口总额", 12, "%", 12, "%", "growth_rate", ">="), ("进出口总额", 4.6, "亿元", 46000, "万元", "amount", "="),
     "not_comparable"),
    # the plan says nothing about the indicator
    (("地区生产总值", 8, "%", 8, "%", "growth_rate", "="), ("新增规模以上服务业企业", 8, "家", 8, "家", "count", "="),
     "missing"),
])
def test_verdict_rules(plan: tuple, upper: tuple, verdict: str) -> None:
    findings = Checker([_target(PLAN, "p1", *plan), _target(UPPER, "u1", *upper)]).run()
    [finding] = [f for f in findings if f.upper_target_id == "u1"]
    assert finding.verdict == verdict
    assert finding.upper_line == 500 and finding.upper_source == "report.txt"
    assert (finding.lower_line, finding.lower_source) == ((None, None) if verdict == "missing" else (10, "plan.txt"))


def test_internal_conflict_cites_both_plan_places_and_ignores_park_scope() -> None:
    county = _target(PLAN, "p1", "规模工业增加值", 10, "%", 10, "%", "growth_rate")
    subplan = _target(PLAN | {"doc_id": "plan#1.1", "line": 99}, "p2", "规模工业增加值", 9, "%", 9, "%", "growth_rate")
    parks = _target(PLAN | {"scope": "园区", "line": 120}, "p3", "规模工业增加值", 20, "%", 20, "%", "growth_rate")
    [finding] = [f for f in Checker([county, subplan, parks]).run() if f.verdict == "internal_conflict"]
    assert {finding.upper_line, finding.lower_line} == {10, 99}


def test_the_overall_plan_answers_for_its_sub_plans() -> None:
    """泸溪: 总体方案 "力争接待游客350万人次", a sub-plan's table "接待游客450万人次", allocation 450."""
    overall = _target(PLAN, "p1", "接待游客", 350, "万人次", 350, "万人次", "amount")
    subplan = _target(PLAN | {"doc_id": "plan#1.2", "in_part": 1, "line": 3414}, "p2", "接待游客", 450, "万人次", 450,
                      "万人次", "amount")
    upper = _target(UPPER, "u1", "接待游客", 450, "万人次", 450, "万人次", "amount")
    verdicts = {(f.verdict, f.lower_line) for f in Checker([subplan, overall, upper]).run()}
    assert verdicts == {("below", 10), ("internal_conflict", 10)}


def test_a_quota_for_each_park_reaches_every_park_of_the_county() -> None:
    """湘西州 "力争各园区在全省综合评价排位中提升5位以上": every county's parks, each its own finding."""
    quota = _target(UPPER | {"allocation": 0, "region": "湘西州", "scope": "各园区"}, "u1", "园区全省综合评价排位",
                    5, "位", 5, "位", "count", ">=")
    parks = [_target(UPPER | {"region": name}, f"a{n}", "州重点项目投资", 1, "亿元", 10000, "万元", "amount")
             for n, name in enumerate(["吉首经开区", "湘西高新区"])]
    rank = _target(PLAN | {"scope": "园区"}, "p1", "园区全省综合评价排位", 80, "位", 80, "位", "rank", "<=")
    findings = [f for f in Checker([quota, rank, *parks]).run() if f.upper_target_id == "u1"]
    assert [(f.lower_region, f.verdict, f.implicit) for f in findings] == [("吉首经开区", "not_comparable", True)]


def test_findings_on_the_bundled_corpus(seed_kb: str) -> None:
    findings = api.check(seed_kb, lower="吉首市")
    by = {(f["indicator"], f["kind"], f["lower_region"], f["verdict"]): f for f in findings}
    # 吉首's 分解表 prints a row's cells over blank-separated lines: "农村适龄|和城镇低|…|免费检查|4000 人"
    assert by[("两癌免费检查", "amount", "吉首市", "meets")]["lower_line"] == 3699
    gap = by[("州重点项目投资", "amount", "吉首市", "below")]
    assert (gap["upper_value"], gap["lower_value"], gap["difference"]) == (111.8, 110.0, -18000.0)
    assert gap["upper_line"] == 567 and gap["lower_line"] == 540
    assert "差1.8亿元（-1.61%）" in gap["message"]
    assert by[("进出口总额", "amount", "吉首市", "meets")]["lower_value"] == 14000  # 14000万元 = 1.4亿元
    implicit = by[("地区生产总值", "growth_rate", "吉首市", "exceeds")]
    assert implicit["implicit"] and implicit["upper_value"] == 7 and implicit["lower_value"] == 8
    assert by[("产业园区技工贸总收入", "amount", "吉首经开区", "below")]["plan_region"] == "吉首市"


def test_report_is_written_and_renders_in_chromium(seed_kb: str, tmp_path: Path) -> None:
    paths = api.report(seed_kb, out_dir=str(tmp_path))
    names = {p.name for p in paths}
    assert {"一致性核查报告-吉首市.md", "一致性核查报告-凤凰县.md", "一致性核查报告-泸溪县.md",
            "一致性核查报告.html", "一致性核查报告.xlsx"} <= names
    page = (tmp_path / "一致性核查报告.html").read_text(encoding="utf-8")
    assert "<mark>吉首市 111.8 亿元</mark>" in page and "差1.8亿元" in page
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    shot = tmp_path / "report.png"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,1400", f"--screenshot={shot}",
                    (tmp_path / "一致性核查报告.html").as_uri()], check=True, capture_output=True, timeout=120)
    assert shot.stat().st_size > 50_000  # a rendered page of tables and text, not a blank one
    out = Path(__file__).resolve().parent.parent / "outputs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, out / "report.png")


GAPS = ("below", "missing", "internal_conflict")


def _gold_gaps() -> set[tuple]:
    """findings.yaml's gaps: against the 附件1/2/6 allocations, and the plans' internal conflicts."""
    from tests.conftest import load_fixture

    return {(f["lower_region"], f["indicator"], f["verdict"]) for f in load_fixture("findings.yaml")
            if f["verdict"] in GAPS}


def test_precision_and_recall_of_gaps(seed_kb: str) -> None:
    gold = _gold_gaps()
    found = {(f["plan_region"], f["indicator"], f["verdict"]) for f in api.check(seed_kb) if f["verdict"] in GAPS}
    hits = gold & found
    for verdict in GAPS:
        g = {x for x in gold if x[2] == verdict}
        p = {x for x in found if x[2] == verdict}
        print(f"{verdict}: precision {len(g & p) / max(len(p), 1):.3f} ({len(g & p)}/{len(p)}), "
              f"recall {len(g & p) / max(len(g), 1):.3f} of {len(g)}")
    print("false alarms:", sorted(found - gold))
    print("not found:", sorted(gold - found))
    assert len(hits) / len(found) >= 0.9 and len(hits) / len(gold) >= 0.65
