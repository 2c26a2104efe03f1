"""Stage 8, report: findings → 一致性核查报告 in Markdown, a self-contained HTML page and an xlsx workbook.

Chinese first, problems first: the gaps (低于, 缺失, 不一致, 进度滞后) of each county come before what
meets its allocation, and every finding shows both source passages with the figures highlighted.
"""
from __future__ import annotations

import html
from collections import Counter
from datetime import date
from pathlib import Path

import regex

from govdoc.check import VERDICTS_ZH

BLANK_LINES = regex.compile(r"\n\s*\n")

PROBLEMS = ["below", "missing", "internal_conflict", "report_vs_plan_conflict", "behind_schedule", "not_comparable"]
ORDER = PROBLEMS + ["meets", "exceeds"]
FINDING_HEADERS = {
    "finding_id": "编号", "plan_region": "方案地区", "lower_region": "下达对象", "indicator": "指标", "verdict_zh": "结论", "implicit": "隐含下达",
    "upper_region": "下达单位", "upper_value": "下达值", "upper_unit": "单位", "lower_value": "本级值",
    "lower_unit": "本级单位", "difference": "差额(折算)", "difference_pct": "差额%", "base_unit": "折算单位",
    "message": "说明", "upper_ref": "下达出处", "lower_ref": "本级出处", "rule": "规则",
}
CSS = """body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:1100px;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:4px 8px;text-align:left}
th{background:#f0f0f0}.finding{border:1px solid #ddd;border-left:6px solid #999;padding:8px 12px;margin:12px 0}
.below,.missing,.behind_schedule{border-left-color:#c0392b}.internal_conflict,.report_vs_plan_conflict{border-left-color:#e67e22}
.not_comparable{border-left-color:#7f8c8d}.meets,.exceeds{border-left-color:#27ae60}
.excerpt{background:#fafafa;font-size:90%;white-space:pre-wrap;padding:6px;margin:4px 0}mark{background:#ffe066}
.ref{color:#666;font-size:85%}"""


class Passages:
    """Source passages around a span, from the texts stored in the knowledge base."""

    def __init__(self, db) -> None:
        self.db = db
        self._texts: dict[str, str] = {}

    def _text(self, source: str) -> str:
        if source not in self._texts:
            rows = list(self.db.query("select text from sources where path = ?", [source]))
            self._texts[source] = rows[0]["text"] if rows and rows[0]["text"] else ""
        return self._texts[source]

    def excerpt(self, source: str | None, start: int | None, end: int | None) -> tuple[str, str, str]:
        """(before, span, after) covering the whole lines the span touches, blank lines dropped."""
        text = self._text(source) if source else ""
        if not text or start is None:
            return "", "", ""
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        parts = text[line_start:start], text[start:end], text[end:line_end]
        return tuple(BLANK_LINES.sub("\n", part) for part in parts)


def _target_spans(db, findings: list[dict]) -> dict[str, dict]:
    ids = [i for f in findings for i in (f["upper_target_id"], f["lower_target_id"]) if i]
    rows = db.query(f"select target_id, source, char_start, char_end from targets where target_id in "
                    f"({','.join('?' * len(ids))})", ids) if ids else []
    return {r["target_id"]: r for r in rows}


def _ref(f: dict, side: str) -> str:
    if not f[f"{side}_doc"]:
        return ""
    return f"{Path(f[f'{side}_source']).name} 第{f[f'{side}_line']}行（{f[f'{side}_doc']}）"


def build(db, findings: list[dict], region: str) -> dict:
    """The report's content for one lower region: counts, findings in order, their passages."""
    mine = sorted((f for f in findings if f["plan_region"] == region),
                  key=lambda f: (ORDER.index(f["verdict"]), f["indicator"]))
    spans = _target_spans(db, mine)
    passages = Passages(db)
    for f in mine:
        for side in ("upper", "lower"):
            span = spans.get(f[f"{side}_target_id"] or "")
            f[f"{side}_excerpt"] = passages.excerpt(*(span[k] for k in ("source", "char_start", "char_end"))) \
                if span else ("", "", "")
            f[f"{side}_ref"] = _ref(f, side)
        f["verdict_zh"] = VERDICTS_ZH[f["verdict"]]
    return {"region": region, "findings": mine, "counts": Counter(f["verdict"] for f in mine)}


def to_markdown(report: dict) -> str:
    lines = [f"# {report['region']}一致性核查报告", "", f"生成日期：{date.today().isoformat()}　由 govdoc 自动生成，"
             "每条结论均注明上下级文件出处。", "", "## 结论汇总", "", "| 结论 | 条数 |", "| --- | --- |"]
    lines += [f"| {VERDICTS_ZH[v]} | {report['counts'][v]} |" for v in ORDER if report["counts"][v]]
    for heading, verdicts in (("## 问题清单", PROBLEMS), ("## 达标情况", ["meets", "exceeds"])):
        lines += ["", heading, ""]
        for f in (f for f in report["findings"] if f["verdict"] in verdicts):
            lines.append(f"### {f['finding_id']} {f['indicator']}：{f['verdict_zh']}{'（隐含下达）' if f['implicit'] else ''}")
            lines += ["", f["message"], ""]
            for side, label in (("upper", "下达"), ("lower", "本级")):
                before, span, after = f[f"{side}_excerpt"]
                if span:
                    lines.append(f"- {label}：{f[f'{side}_ref']}：{before}**{span}**{after}".replace("\n", ""))
            lines.append("")
    return "\n".join(lines) + "\n"


def _passage_html(f: dict, side: str, label: str) -> str:
    before, span, after = f[f"{side}_excerpt"]
    if not span:
        return ""
    body = f"{html.escape(before)}<mark>{html.escape(span)}</mark>{html.escape(after)}"
    return (f'<div class="ref">{label}：{html.escape(f[f"{side}_ref"])}</div>'
            f'<div class="excerpt">{body}</div>')


def to_html(reports: list[dict]) -> str:
    """One self-contained page: a summary table of all regions, then each region's findings."""
    head = "".join(f"<th>{VERDICTS_ZH[v]}</th>" for v in ORDER)
    rows = "".join(f'<tr><td><a href="#{html.escape(r["region"])}">{html.escape(r["region"])}</a></td>'
                   + "".join(f"<td>{r['counts'][v] or ''}</td>" for v in ORDER) + "</tr>" for r in reports)
    parts = [f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>一致性核查报告</title>"
             f"<style>{CSS}</style></head><body><h1>一致性核查报告</h1>"
             f"<p>生成日期：{date.today().isoformat()}。下级方案目标与上级下达目标逐项比对，每条结论附上下级原文。</p>"
             f"<h2>汇总</h2><table><tr><th>地区</th>{head}</tr>{rows}</table>"]
    for r in reports:
        parts.append(f'<h2 id="{html.escape(r["region"])}">{html.escape(r["region"])}</h2>')
        for f in r["findings"]:
            tag = "（隐含下达）" if f["implicit"] else ""
            parts.append(f'<div class="finding {f["verdict"]}"><b>{f["finding_id"]} {html.escape(f["indicator"])}'
                         f'：{f["verdict_zh"]}{tag}</b><p>{html.escape(f["message"])}</p>'
                         f'{_passage_html(f, "upper", "下达")}{_passage_html(f, "lower", "本级")}</div>')
    parts.append("</body></html>")
    return "".join(parts)


def write(db, findings: list[dict], regions: list[str], out_dir: str | Path) -> list[Path]:
    """Markdown per region, one HTML page and one workbook for all of them; returns the paths written."""
    from govdoc.xlsx import write_sheets

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    reports = [build(db, findings, region) for region in regions]
    written = []
    for report in reports:
        path = out / f"一致性核查报告-{report['region']}.md"
        path.write_text(to_markdown(report), encoding="utf-8")
        written.append(path)
    page = out / "一致性核查报告.html"
    page.write_text(to_html(reports), encoding="utf-8")
    columns = list(FINDING_HEADERS)
    every = [f for r in reports for f in r["findings"]]
    sheets = {"核查结果": (every, columns)} | {r["region"]: (r["findings"], columns) for r in reports}
    written += [page, write_sheets(out / "一致性核查报告.xlsx", sheets, headers=FINDING_HEADERS)]
    return written
