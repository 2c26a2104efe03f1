"""Normalisation: each shape of PDF-extraction debris, and the offset map back to the original."""
from __future__ import annotations

import pytest

from govdoc.pipeline.ingest import read_source
from govdoc.pipeline.normalise import normalise
from govdoc.schemas.records import SourceText
from tests.conftest import CORPUS


def norm_of(text: str):
    return normalise(SourceText(path="t.txt", text=text, kind="text", encoding="utf-8", sha256="x"))


@pytest.mark.parametrize("raw, expected", [
    # page numbers and running headers are layout, not content
    ("第一段。\n— 17 —\n第二段。", "第一段。\n第二段。"),
    ("第一段。\n·8· \n第二段。", "第一段。\n第二段。"),
    ("第一段。\n凤凰县人民政府公报                                        2023 年第 1期（总第 49 期） \n第二段。",
     "第一段。\n第二段。"),
    ("第一段。\n2023年第 2期（总第 58期） 泸溪县人民政府公报\n第二段。", "第一段。\n第二段。"),
    # spaces inside Chinese go, in names and between number and unit
    ("（牵头单位：县 农 业 农 村 局）", "（牵头单位：县农业农村局）"),
    ("实现社会消费品零售总额 132 亿元以上。", "实现社会消费品零售总额132亿元以上。"),
    # full-width digits and percent become ASCII
    ("增长１２％以上。", "增长12%以上。"),
    # two numbers are never glued together, across a space or a line break
    ("经济增长 60 3 8 26 23 38.33%", "经济增长60 3 8 26 23 38.33%"),
])
def test_cleaning_shapes(raw: str, expected: str) -> None:
    assert norm_of(raw).text == expected


def test_layout_line_breaks_are_joined_but_headings_start_paragraphs() -> None:
    text = ("（一）经济发展稳中提质。地区生产总值增长8%，地方财政\n"
            "收入增长8%，规模工业增加值增长10%，固定资产投资增长10%，\n"
            "社会消费品零售总额增长10%。\n"
            "（二）科技创新稳步推进。全社会研发经费投入1.5亿以上，\n"
            "高新技术企业净增4家以上。\n")
    paragraphs = norm_of(text).text.split("\n")
    assert paragraphs == [
        "（一）经济发展稳中提质。地区生产总值增长8%，地方财政收入增长8%，规模工业增加值增长10%，"
        "固定资产投资增长10%，社会消费品零售总额增长10%。",
        "（二）科技创新稳步推进。全社会研发经费投入1.5亿以上，高新技术企业净增4家以上。",
    ]


def test_digits_split_by_a_line_break_stay_apart() -> None:
    assert norm_of("全年保持生猪存栏 7\n10 万头").text == "全年保持生猪存栏7 10万头"


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.txt")))
def test_every_normalised_char_maps_back_to_its_original(name: str) -> None:
    source = read_source(str(CORPUS / name))
    norm = normalise(source)
    for i, ch in enumerate(norm.text):
        orig = source.text[norm.orig(i)]
        if ch in "\n ":
            continue
        assert orig == ch or ord(orig) - 0xFEE0 == ord(ch) or orig in "％．", (name, i, ch, orig)


def test_span_of_a_figure_broken_over_lines_points_at_its_original_lines() -> None:
    source = read_source(str(CORPUS / "jishou-liuzhang-2023-plan.txt"))
    norm = normalise(source)
    at = norm.text.index("进出口任务数14000万元")
    span = norm.span(at, at + len("进出口任务数14000万元"))
    assert source.text[span.start:span.end].replace("\n", "").replace(" ", "") == "进出口任务数14000万元"
    assert span.line == 694 and span.source.endswith("jishou-liuzhang-2023-plan.txt")
