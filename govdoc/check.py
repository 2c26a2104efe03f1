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
A prefecture-wide rate with no per-region breakdown is every region's own target, and so is a
quota set for each region ("每个县打造至少1个…", "各园区…提升5位以上"): such findings are
marked implicit.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, fields

from govdoc.extractors.indicators import catalogue
from govdoc.extractors.metadata import PLAN_TYPES
from govdoc.extractors.regions import park, region_index

PARK_INDICATORS = ("产业园区", "园区", "亩均税收")  # measured on parks whoever states them
REPORT_TYPES = {"专报"}
VERDICTS_ZH = {
    "meets": "达到", "exceeds": "高于", "below": "低于", "missing": "缺失", "not_comparable": "不可比",
    "internal_conflict": "内部不一致", "report_vs_plan_conflict": "专报与方案不一致", "behind_schedule": "进度滞后",
    "summary_mismatch": "专报汇总与明细不符",
}
BEHIND = {"behind", "no_progress"}
SUMMARY_CATEGORIES = {"completed": "完成年度任务", "on_schedule": "完成时序进度", "in_progress": "稳步推进",
                      "behind": "未完成时序进度"}  # the counts a 专报 prints, narrowest first
IMPLICIT_KINDS = {"growth_rate", "share"}  # rates hold for every region; amounts and counts do not
EACH_SCOPES = {"各县市", "各园区"}  # ... unless the quota is set for each region ("每个县打造至少1个…")
KIND_ZH = {"growth_rate": "增速", "amount": "总量", "count": "数量", "share": "占比", "rank": "排名"}


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
    """Findings over all targets (joined with their documents' types), progress rows and report summaries."""

    def __init__(self, targets: list[dict], progress: list[dict] | None = None,
                 summaries: list[dict] | None = None) -> None:
        # an own-words label names a figure for reading, not an indicator two documents share
        self.targets = targets = [t for t in targets if t["catalogued"]]
        self.progress = progress or []
        self.summaries = summaries or []
        self.by_id = {t["target_id"]: t for t in targets}
        self.plans: dict[str, list[dict]] = defaultdict(list)  # region → its plan targets
        for t in targets:
            if t["doc_type"] in PLAN_TYPES and not t["allocation"] and _is_county_level(t["doc_region"]):
                self.plans[t["doc_region"]].append(t)
        self.findings: list[Finding] = []
        self._parks: dict[str, list[str]] = defaultdict(list)  # county → its parks the targets name
        for name in dict.fromkeys(t["region"] for t in targets if t["region"] and park(t["region"])):
            self._parks[_home(name)].append(name)

    def run(self) -> list[Finding]:
        self._allocations()
        self._internal_conflicts()
        self._report_vs_plan()
        self._behind_schedule()
        self._summaries()
        self._dedupe()
        for n, finding in enumerate(self.findings, start=1):
            finding.finding_id = f"F{n:04d}"
        return self.findings

    def _allocations(self) -> None:
        upper_docs = [t for t in self.targets if t["doc_level"] == "prefecture" and t["year"]]
        explicit = [t for t in upper_docs if t["allocation"]]
        # a rate is passed down implicitly only where the indicator has no per-region breakdown of any kind
        broken_down = {(t["doc_id"].split("#")[0], t["indicator"]) for t in explicit}
        for t in explicit:
            if _home(t["region"]) in self.plans:
                self._compare(t, t["region"], implicit=False)
        for t in upper_docs:
            if not t["allocation"] and (t["kind"] in IMPLICIT_KINDS or t["scope"] in EACH_SCOPES) \
                    and t["region"] == t["doc_region"] and (t["doc_id"].split("#")[0], t["indicator"]) not in broken_down:
                for region in self.plans:
                    if self._parent_of(region) == t["region"]:
                        for lower in self._parks.get(region, [region]) if t["scope"] == "各园区" else [region]:
                            self._compare(t, lower, implicit=True)

    @staticmethod
    def _parent_of(region: str) -> str | None:
        found = region_index().get(region)
        return found.parent if found else None

    def _candidates(self, upper: dict, region: str) -> list[dict]:
        """Plan targets that can answer an allocation: a park's from its parks' statements, a county's not."""
        same = [t for t in self.plans[_home(region)] if t["indicator"] == upper["indicator"] and t["year"] == upper["year"]]
        if upper["indicator"].startswith(PARK_INDICATORS):
            return same
        if park(region):
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
        # the 总体方案 speaks for the plan, its sub-plans after it; a conflict between them is reported apart
        best = min(comparable, key=lambda t: t["in_part"])
        self._add(_verdict(best["base_value"], upper["base_value"]), upper, best, region, implicit,
                  "the plan's first statement (总体方案 before sub-plans) against the allocation, in base units")

    def _internal_conflicts(self) -> None:
        for region, targets in self.plans.items():
            groups: dict[tuple, list[dict]] = defaultdict(list)
            for t in targets:
                groups[(t["indicator"], t["kind"], t["year"], t["base_unit"], t["scope"])].append(t)
            for group in groups.values():
                pair = _conflict(group)
                if pair:
                    self._add("internal_conflict", *pair, region, False,
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

    def _dedupe(self) -> None:
        """One finding per question: a rate the prefecture restates in two tables is one implicit allocation."""
        seen = set()
        unique = []
        for f in self.findings:
            key = (f.verdict, f.upper_region, f.lower_region, f.indicator, f.kind, f.upper_base, f.lower_target_id)
            if key not in seen:
                seen.add(key)
                unique.append(f)
        self.findings = unique

    def _behind_schedule(self) -> None:
        """The latest figure of each region and indicator: behind if its status says so, or if a cumulative
        indicator's completion rate is below the elapsed share of the year."""
        latest: dict[tuple, dict] = {}
        for p in self.progress:
            key = (p["region"], p["indicator"])
            if p["period_end"] and (key not in latest or p["period_end"] >= latest[key]["period_end"]):
                latest[key] = p
        for p in latest.values():
            elapsed = round(int(p["period_end"][5:]) / 12 * 100, 2)
            rate = p["completion_rate"]
            by_rate = rate is not None and rate < elapsed and rate <= 100
            if p["status"] in BEHIND or by_rate:
                rule = (f"完成率{rate:g}%低于时序进度{elapsed:g}%" if by_rate else f"专报状态：{p['status_raw']}")
                self._add_progress(p, elapsed, rule)

    def _add_progress(self, p: dict, elapsed: float, rule: str) -> None:
        target = self.by_id.get(p["target_id"] or "")
        upper = target or _evidence(doc_region=p["doc_region"], indicator=p["indicator"], kind="progress")
        lower = _evidence(value=p["completion_rate"], unit="%", base_value=p["completion_rate"], base_unit="%",
                          doc_id=p["doc_id"], line=p["line"], source=p["source"], raw=p["raw"])
        self._add("behind_schedule", upper, lower, p["region"], False, rule, upper_region=p["doc_region"])
        finding = self.findings[-1]
        finding.kind, finding.base_unit, finding.difference, finding.difference_pct = "progress", "%", None, None
        period = f"{p['period_start'] or ''}至{p['period_end']}"
        finding.message = (f"{p['region']}{p['indicator']}{period}进度滞后：{rule}"
                           + (f"（年度目标{_figure(target['value'], target['unit'], target['comparator'], target['kind'])}）"
                              if target else "") + "。")

    def _summaries(self) -> None:
        """Each 仗's counts by status in a report's prose against its annex's rows.

        A row counts by its latest period that says anything: its category word (完成年度任务, 完成时序进度
        or 符合预期, 稳步推进 or 进展有序, 未完成时序进度 or 低于预期), else its completion rate against the
        elapsed share of the year (100% and more: 完成年度任务). A row with neither (无进展 or 前期准备
        without a rate, data not yet published, "/") is unclassified: it may stand in any count. A category
        the summary does not print counts in the next broader one (完成年度任务 in 完成时序进度, that in
        稳步推进/进展有序); "完成时序进度11个（3个完成年度任务）" includes them. The summary is contradicted
        only where the annex's rows were all read (as many rows as the indicators it counts) and a printed
        count lies outside what the rows allow (at least the rows of that category, at most those plus the
        unclassified ones): an extraction miss is never reported as the document's inconsistency.
        """
        by_part: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        for p in self.progress:
            by_part[p["doc_id"]][p["row_no"] or f"@{p['line']}"].append(p)
        for s in self.summaries:
            rows = by_part.get(s["part_id"] or "", {})
            if len(rows) != s["total"]:
                continue  # not every row was read: the counts cannot be checked
            states = {key: _row_state(records) for key, records in rows.items()}
            counts = _row_counts(s, states)
            unclassified = sum(1 for category, _ in states.values() if category is None)
            wrong = [(c, printed, n) for c, (printed, n) in counts.items() if not n <= printed <= n + unclassified]
            if wrong:
                self._add_summary(s, wrong, states, unclassified)

    def _add_summary(self, s: dict, wrong: list[tuple[str, int, int]], states: dict, unclassified: int) -> None:
        category, printed, counted = wrong[0]
        cited = sorted((r for c, r in states.values() if c == category), key=lambda r: r["line"])
        upper = _evidence(doc_region=s["doc_region"], indicator=s["label"], kind="count", value=printed, unit="个",
                          base_value=printed, base_unit="个", doc_id=s["doc_id"], line=s["line"],
                          source=s["source"], raw=s["label"])
        first = cited[0] if cited else {"doc_id": s["part_id"], "line": None, "source": s["source"], "raw": None}
        lower = _evidence(value=counted, unit="个", base_value=counted, base_unit="个", doc_id=first["doc_id"],
                          line=first["line"], source=first["source"], raw=first["raw"])
        self._add("summary_mismatch", upper, lower, s["doc_region"], False,
                  "summary count per status against the annex's rows (category word, else rate against the "
                  "elapsed share; unclassified rows may stand in any count)", upper_region=s["doc_region"])
        parts = []
        for c, n_printed, n_rows in wrong:
            rows = "、".join(_row_label(r) for cat, r in states.values() if cat == c)
            parts.append(f"{SUMMARY_CATEGORIES[c]}汇总{n_printed}个，附表逐行为{n_rows}个" + (f"（{rows}）" if rows else ""))
        rest = f"；另有{unclassified}行无法归类" if unclassified else ""
        self.findings[-1].message = f"{s['label']}：专报汇总与附表不符：" + "；".join(parts) + rest + "。"

    def _add(self, verdict: str, upper: dict, lower: dict | None, region: str, implicit: bool, rule: str,
             upper_region: str | None = None) -> None:
        difference = pct = None
        if lower and upper["base_unit"] == lower["base_unit"] and None not in (lower["base_value"], upper["base_value"]):
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


def _conflict(group: list[dict]) -> tuple[dict, dict] | None:
    """(high, low) of one indicator's figures that cannot all hold. A stretch figure above the firm one is the
    same target ("增长12%以上，力争达到15%"); firm figures that differ, or a stretch below a firm one
    ("力争接待游客350万人次" against "接待游客450万人次"), are not."""
    firm = [t for t in group if not t.get("stretch")]
    stretch = [t for t in group if t.get("stretch")]
    for side in (firm, stretch):
        if side and len({t["base_value"] for t in side}) > 1:
            return max(side, key=_base), min(side, key=_base)
    if firm and stretch and min(stretch, key=_base)["base_value"] < firm[0]["base_value"]:
        return firm[0], min(stretch, key=_base)
    return None


def _base(t: dict) -> float:
    return t["base_value"]


def _row_state(records: list[dict]) -> tuple[str | None, dict]:
    """A monitored row's category by its latest period that says anything, and that record (the row's own
    or its park's figures: a county's share of a breakdown carries no status)."""
    own = [r for r in records if r["status"] or r["region"] == r["doc_region"]] or records
    latest = max(own, key=lambda r: (r["completion_rate"] is not None or r["status"] not in (None, "unknown"),
                                     r["period_end"] or ""))
    return _category(latest), latest


def _category(r: dict) -> str | None:
    if r["status"] in SUMMARY_CATEGORIES:
        return r["status"]
    rate = r["completion_rate"]
    if rate is not None and rate >= 100:
        return "completed"
    if rate is None or not r["period_end"]:
        return None
    return "on_schedule" if rate >= int(r["period_end"][5:]) / 12 * 100 else "behind"


def _row_counts(s: dict, states: dict) -> dict[str, tuple[int, int]]:
    """Category → (count the summary prints, rows in it), for the categories the summary speaks of: those
    it prints, and, where its printed counts add up to the total, the others (which it then says are 0)."""
    printed = {c: s[c] for c in SUMMARY_CATEGORIES if s[c] is not None}
    inclusive = {"completed", "on_schedule"} <= printed.keys() and \
        printed["on_schedule"] + printed.get("in_progress", 0) + printed.get("behind", 0) == s["total"]
    rows = Counter(c for c, _ in states.values() if c)
    for narrow, broad in (("completed", "on_schedule"), ("on_schedule", "in_progress")):
        if narrow not in printed:
            rows[broad] += rows.pop(narrow, 0)
    if inclusive:
        rows["on_schedule"] += rows["completed"]
    if sum(printed.values()) - (printed["completed"] if inclusive else 0) == s["total"]:
        printed = {c: printed.get(c, 0) for c in SUMMARY_CATEGORIES if c in printed or c in rows}
    return {c: (n, rows.get(c, 0)) for c, n in printed.items()}


def _row_label(r: dict) -> str:
    return f"第{r['row_no']}行" if r["row_no"] else f"第{r['line']}行"


EVIDENCE_KEYS = ("doc_region", "indicator", "kind", "year", "value", "unit", "base_value", "base_unit", "comparator",
                 "target_id", "doc_id", "line", "source", "raw")


def _evidence(**fields) -> dict:
    """One side of a finding that is not a stored target (a progress row, a report's summary), shaped like one."""
    return dict.fromkeys(EVIDENCE_KEYS) | fields


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
    prefix = {"growth_rate": "增长", "rank": "前"}.get(kind, "")
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
    """The finding's fields as a row (a shallow copy: its values are plain, asdict's deep copy costs a third
    of the checks' time)."""
    return {f.name: getattr(finding, f.name) for f in fields(finding)}
