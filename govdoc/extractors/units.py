"""Resolve department names (部门) to one canonical record per real body.

"县发改局" in a 凤凰县 document is 凤凰县's 发改局 and "州发改委" is 湘西州's; aliases
of the same body merge (县市场监督管理局 / 县市场监管局), distinct bodies stay apart.
Collective subjects ("各乡镇街道", "县直各单位") are kept as such, parks (经开区,
高新区, 产业开发区) are units of their county.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import regex
import yaml

from govdoc.extractors.regions import Region, region_index

LEVEL_PREFIX = {"市": None, "县": None, "区": None, "州": "prefecture"}  # None: the document's own region
COLLECTIVE = regex.compile(r"^(?:各|全)|(?:各单位|各部门|有关单位|相关单位|成员单位|各有关部门|直各单位|直有关单位|直相关单位)$")
PARK = regex.compile(r"(?:经开区|高新区|产业开发区|经济开发区|工业园|产业园)(?:管委会)?$")
TRAILING = regex.compile(r"(?:等(?:单位|部门|[市县州]直部门|[市县州]直单位|相关单位)?|、)+$")
SPACES = regex.compile(r"\s+")
LABEL = regex.compile(r"^(?:牵头单位|责任单位|配合单位|责任落实|牵头|责任)[:：]")
BRACKETED_END = regex.compile(r"[（(][^）)]*[）)]$")


@dataclass(frozen=True)
class Unit:
    """A canonical department of a region, or a collective subject."""

    name: str  # display name with its level prefix: 县发改局, 州发改委 → 州发改局, 各乡镇街道
    core: str  # canonical name without prefix: 发改局
    region: str | None
    kind: str  # department | park | collective

    @property
    def unit_id(self) -> str:
        return f"{self.region or ''}:{self.name}"


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, str]:
    """alias → canonical core name (canonical names map to themselves)."""
    data = yaml.safe_load(resources.files("govdoc.schemas").joinpath("departments.yaml").read_text("utf-8"))
    table = {}
    for canonical, aliases in data.items():
        table[canonical] = canonical
        for alias in aliases or []:
            table[alias] = canonical
    return table


def clean_name(raw: str) -> str:
    """Strip spaces, line breaks, label prefixes and a trailing 等."""
    name = LABEL.sub("", SPACES.sub("", raw))
    return TRAILING.sub("", name).strip("，,；;：:。 ")


def _canonical_core(core: str) -> str:
    table = gazetteer()
    if core in table:
        return table[core]
    base = BRACKETED_END.sub("", core)  # 县政府办（行政审批局） → 政府办
    return table.get(base, core)


def resolve(raw: str, doc_region: Region | None) -> Unit | None:
    """The canonical unit for a name as written in a document of doc_region."""
    name = clean_name(raw)
    if len(name) < 2:
        return None
    if COLLECTIVE.search(name):
        return Unit(name, name, doc_region.name if doc_region else None, "collective")
    region, core, prefix = _split_region(name, doc_region)
    if PARK.search(name):
        park = name.removesuffix("管委会")
        return Unit(park, park, region.name if region else None, "park")
    canonical = _canonical_core(core)
    return Unit(prefix + canonical, canonical, region.name if region else None, "department")


def _split_region(name: str, doc_region: Region | None) -> tuple[Region | None, str, str]:
    """(region, core name, level prefix) from "县发改局", "州发改委", "吉首市商务局"."""
    at = region_index().starting(name[:8])
    if at and len(at[1]) == 1:
        region = at[1][0]
        return region, name[at[0]:], region.name
    head = name[0]
    if head in LEVEL_PREFIX and len(name) > 2:
        if LEVEL_PREFIX[head] == "prefecture":
            return _prefecture_of(doc_region), name[1:], head
        return doc_region, name[1:], head
    return doc_region, name, ""


def _prefecture_of(region: Region | None) -> Region | None:
    if region is None or region.level == "prefecture":
        return region
    return region_index().get(region.parent) if region.parent else None
