"""Stage 7, check: county plans against the targets the level above allocated them.

Every finding carries both sides as written and normalised, the rule applied and both
source places. Verdicts:
- meets / exceeds / below: the region's plan figure against the allocation, same indicator,
  kind and year, compared in base units (14000万元 = 1.4亿元). Comparators only matter at
  equality: "增长12%以上" against "增长12%" meets, "110亿元以上" against "111.8亿元" is below.
- missing: the region has plan documents but none sets a target for the indicator.
- not_comparable: the plan states the indicator only in another kind (a rate against an amount).
- internal_conflict: the region's plan documents state different figures for one indicator.
- report_vs_plan_conflict: the region's progress report restates a different annual target.
A prefecture-wide rate with no per-region breakdown is every region's own target: such
findings are marked implicit.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass

from govdoc.extractors.indicators import catalogue
from govdoc.extractors.regions import park, region_index

PLAN_TYPES = {"实施方案", "工作方案", "方案"}
PARK_INDICATORS = ("产业园区", "园区", "亩均税收")  # measured on parks whoever states them
REPORT_TYPES = {"专报"}
VERDICTS_ZH = {
    "meets": "达到", "exceeds": "高于", "below": "低于", "missing": "缺失", "not_comparable": "不可比",
    "internal_conflict": "内部不一致", "report_vs_plan_conflict": "专报与方案不一致", "behind_schedule": "进度滞后",
}
KIND_ZH = {"growth_rate": "增速", "amount": "总量", "count": "数量", "share": "占比"}


@dataclass
class Finding:
    finding_id: str
    verdict: str
    implicit: bool
    upper_region: str | None
    lower_region: str  # the region the target is for: a county, or a park of it
    plan_region: str  # whose plan answers it: the county itself, or the park's county
    indicator: str
    kind: str
    year: int | None
    upper_value: float | None
    upper_unit: str | None
    upper_base: float | None
    upper_comparator: str | None
    lower_value: float | None
    lower_unit: str | None
    lower_base: float | None
    lower_comparator: str | None
    base_unit: str | None
    difference: float | None  # lower − upper, in the base unit
    difference_pct: float | None
    rule: str
    message: str
    upper_target_id: str | None
    lower_target_id: str | None
    upper_doc: str | None
    upper_line: int | None
    upper_source: str | None
    upper_raw: str | None
    lower_doc: str | None
    lower_line: int | None
    lower_source: str | None
    lower_raw: str | None


def _home(region: str) -> str:
    """Whose plan states a region's figures: a park's are in its county's plan."""
    found = park(region)
    return found.parent if found and found.parent else region


def _is_county_level(region: str | None) -> bool:
    found = region_index().get(region) if region else None
    return bool(found and found.level == "county")


class Checker:
    """Findings over all targets of a knowledge base (targets joined with their documents' types)."""

    def __init__(self, targets: list[dict]) -> None:
        self.targets = targets
        self.plans: dict[str, list[dict]] = defaultdict(list)  # region → its plan targets
        for t in targets:
            if t["doc_type"] in PLAN_TYPES and not t["allocation"] and _is_county_level(t["doc_region"]):
                self.plans[t["doc_region"]].append(t)
        self.findings: list[Finding] = []

    def run(self) -> list[Finding]:
        self._allocations()
        self._internal_conflicts()
        self._report_vs_plan()
        for n, finding in enumerate(self.findings, start=1):
            finding.finding_id = f"F{n:04d}"
        return self.findings

    def _allocations(self) -> None:
        upper_docs = [t for t in self.targets if t["doc_level"] == "prefecture" and t["year"]]
        explicit = [t for t in upper_docs if t["allocation"]]
        broken_down = {(t["doc_id"].split("#")[0], t["indicator"], t["kind"]) for t in explicit}
        for t in explicit:
            if _home(t["region"]) in self.plans:
                self._compare(t, t["region"], implicit=False)
        for t in upper_docs:
            if not t["allocation"] and t["kind"] == "growth_rate" and t["region"] == t["doc_region"] \
                    and (t["doc_id"].split("#")[0], t["indicator"], t["kind"]) not in broken_down:
                for region in self.plans:
                    if self._parent_of(region) == t["region"]:
                        self._compare(t, region, implicit=True)

    @staticmethod
    def _parent_of(region: str) -> str | None:
        found = region_index().get(region)
        return found.parent if found else None

    def _candidates(self, upper: dict, region: str) -> list[dict]:
        """Plan targets that can answer an allocation: a park's from its parks' statements, a county's not."""
        same = [t for t in self.plans[_home(region)] if t["indicator"] == upper["indicator"] and t["year"] == upper["year"]]
        if upper["indicator"].startswith(PARK_INDICATORS):
            return same
        if park(upper["region"]):
            return [t for t in same if t["scope"] == "园区"] or same
        return [t for t in same if t["scope"] != "园区"]

    def _compare(self, upper: dict, region: str, implicit: bool) -> None:
        same = self._candidates(upper, region)
        if not same:
            self._add("missing", upper, None, region, implicit, "plan has no target for the allocated indicator")
            return
        comparable = [t for t in same if t["kind"] == upper["kind"] and t["base_unit"] == upper["base_unit"]]
        if not comparable:
            kinds = "、".join(sorted({KIND_ZH.get(t["kind"], t["kind"]) for t in same}))
            self._add("not_comparable", upper, same[0], region, implicit,
                      f"plan states {kinds} only; allocation is {KIND_ZH.get(upper['kind'])}: no base to convert")
            return
        best = max(comparable, key=lambda t: (t["base_value"], t["comparator"] == ">="))
        self._add(_verdict(best["base_value"], upper["base_value"]), upper, best, region, implicit,
                  "most ambitious plan figure against the allocation, in base units")

    def _internal_conflicts(self) -> None:
        for region, targets in self.plans.items():
            groups: dict[tuple, list[dict]] = defaultdict(list)
            for t in targets:
                groups[(t["indicator"], t["kind"], t["year"], t["base_unit"], t["scope"])].append(t)
            for group in groups.values():
                low = min(group, key=lambda t: t["base_value"])
                high = max(group, key=lambda t: t["base_value"])
                if low["base_value"] != high["base_value"]:
                    self._add("internal_conflict", high, low, region, False,
                              "two plan documents of one region state different figures", upper_region=region)

    def _report_vs_plan(self) -> None:
        for t in self.targets:
            if t["doc_type"] not in REPORT_TYPES or t["doc_level"] != "county" or t["allocation"]:
                continue
            region = t["doc_region"]
            plan = [p for p in self.plans.get(region, []) if (p["indicator"], p["kind"], p["year"], p["base_unit"])
                    == (t["indicator"], t["kind"], t["year"], t["base_unit"])]
            if plan and t["region"] == region and all(p["base_value"] != t["base_value"] for p in plan):
                self._add("report_vs_plan_conflict", t, max(plan, key=lambda p: p["base_value"]), region, False,
                          "the progress report restates a different annual target", upper_region=region)

    def _add(self, verdict: str, upper: dict, lower: dict | None, region: str, implicit: bool, rule: str,
             upper_region: str | None = None) -> None:
        difference = pct = None
        if lower and upper["base_unit"] == lower["base_unit"]:
            difference = round(lower["base_value"] - upper["base_value"], 6)
            pct = round(difference / upper["base_value"] * 100, 2) if upper["base_value"] else None
        finding = Finding(
            "", verdict, implicit, upper_region or upper["doc_region"], region, _home(region), upper["indicator"],
            upper["kind"],
            upper["year"], upper["value"], upper["unit"], upper["base_value"], upper["comparator"],
            *(_side(lower, "value", "unit", "base_value", "comparator")), upper["base_unit"], difference, pct,
            rule, "", upper["target_id"], lower and lower["target_id"], upper["doc_id"], upper["line"],
            upper["source"], upper["raw"], *(_side(lower, "doc_id", "line", "source", "raw")),
        )
        finding.message = message(finding)
        self.findings.append(finding)


def _side(row: dict | None, *keys: str) -> list:
    return [row[k] if row else None for k in keys]


def _verdict(lower: float, upper: float) -> str:
    if abs(lower - upper) < 1e-9:
        return "meets"
    return "exceeds" if lower > upper else "below"


def _figure(value: float | None, unit: str | None, comparator: str | None, kind: str) -> str:
    if value is None:
        return "未设定"
    number = f"{value:g}{unit or ''}"
    prefix = "增长" if kind == "growth_rate" else ""
    suffix = {">=": "以上", "~": "左右"}.get(comparator or "", "")
    return prefix + number + suffix


def _gap(f: Finding) -> str:
    """The shortfall in the allocation's own unit: 差1.8亿元（-1.61%）."""
    if f.difference is None:
        return ""
    factor = catalogue().units[f.upper_unit][1] if f.upper_unit in catalogue().units else 1.0
    amount = f"{abs(f.difference) / factor:.6g}{f.upper_unit if f.upper_unit in catalogue().units else f.base_unit}"
    return f"，差{amount}" + (f"（{f.difference_pct:+.2f}%）" if f.difference_pct is not None else "")


def message(f: Finding) -> str:
    """One Chinese sentence a 督查室 reader can forward."""
    upper = _figure(f.upper_value, f.upper_unit, f.upper_comparator, f.kind)
    lower = _figure(f.lower_value, f.lower_unit, f.lower_comparator, f.kind)
    tag = "（隐含下达）" if f.implicit else ""
    subject = f.plan_region if f.plan_region == f.lower_region else f"{f.plan_region}（{f.lower_region}）"
    if f.verdict == "missing":
        return f"{subject}方案未设定{f.indicator}目标，{f.upper_region}下达{upper}{tag}。"
    if f.verdict == "not_comparable":
        return f"{subject}方案中{f.indicator}为{lower}，{f.upper_region}下达{upper}，口径不同无法比较{tag}。"
    if f.verdict == "internal_conflict":
        return f"{subject}方案内{f.indicator}表述不一致：{upper}与{lower}。"
    if f.verdict == "report_vs_plan_conflict":
        return f"{subject}专报中{f.indicator}年度目标为{upper}，方案为{lower}。"
    gap = _gap(f) if f.verdict == "below" else ""
    return f"{subject}方案{f.indicator}{lower}，{VERDICTS_ZH[f.verdict]}{f.upper_region}下达的{upper}{gap}{tag}。"


def as_row(finding: Finding) -> dict:
    return asdict(finding)
