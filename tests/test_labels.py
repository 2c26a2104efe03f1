"""Own-words labels for figures the indicator catalogue does not name: the shapes of clause they come from."""
from __future__ import annotations

import pytest
import regex

from govdoc.extractors.labels import bare_before, own_label

FIGURE = regex.compile(r"\d+(?:\.\d+)?\s*(?:亿元|万元|个|家|户|%|公里|人)")


@pytest.mark.parametrize("clause, labels", [
    # the noun phrase before the figure, verbs and qualifiers stripped (泸溪 优化发展环境 责任清单)
    ("劳动争议仲裁结案率达到80%以上", ["劳动争议仲裁结案率"]),
    ("泸溪地区综合供电可靠率达到99.8%", ["泸溪地区综合供电可靠率"]),
    ("新建村组停车场25个", ["村组停车场"]),
    ("力争新增上市辅导备案企业1家", ["上市辅导备案企业"]),
    # only a verb before: the noun the figure counts, after it
    ("建设1家以上省级绿色园区", ["省级绿色园区"]),
    ("力争筹建1个“科创飞地”", ["科创飞地"]),
    # a figure that qualifies a noun is no target
    ("单体投资超过2亿元的产业项目", [None]),
    ("修建4个50户以上大团寨消防水池", [None, None]),
])
def test_own_labels(clause: str, labels: list[str | None]) -> None:
    found = [own_label(clause, m.start(), m.end()) for m in FIGURE.finditer(clause)]
    assert [f[1] if f else None for f in found] == labels


@pytest.mark.parametrize("clause, bare", [
    ("建设10个以上乡村夜经济体验基地", True),  # a verb, then the figure: what it counts follows
    ("每个县打造至少1个高标准农田建设示范片区", True),
    ("县市统筹区实现全部43个门诊慢特病治疗费用省内异地直接结算", True),
    ("农村公路提质改造28公里路域环境整治30公里", False),  # the figure's subject stands before it
])
def test_what_stands_before_a_figure(clause: str, bare: bool) -> None:
    assert bare_before(clause, FIGURE.search(clause).start()) == bare
