"""The indicator catalogue (schemas/indicators.yaml): names, aliases, expansions and base units."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from retrie.trie import Trie

COUNT_UNITS = {"家", "个", "项", "件", "所", "座"}  # enterprises, projects, items: one family


@dataclass(frozen=True)
class Catalogue:
    aliases: dict[str, tuple[str, ...]]  # written phrase → canonical indicators (usually one)
    units: dict[str, tuple[str, float]]  # written unit → (base unit, factor)
    base_units: dict[str, str]  # indicator → base unit of its absolute values
    stocks: dict[str, str]  # an increment indicator → the total it adds to
    pattern: re.Pattern[str]  # any alias, the longest first

    def find(self, text: str) -> list[tuple[int, int, tuple[str, ...]]]:
        """Every indicator phrase in text, longest alias first, as (start, end, indicators)."""
        return [(m.start(), m.end(), self.aliases[m.group()]) for m in self.pattern.finditer(text)]

    def fits(self, indicator: str, unit: str) -> bool:
        """Whether a figure in `unit` can measure the indicator (rates fit every indicator)."""
        if indicator not in self.base_units:
            return True  # an indicator known only by its row's words: any unit
        base, expected = self.units[unit][0], self.base_units[indicator]
        return base in ("%", expected) or {base, expected} <= COUNT_UNITS

    def to_base(self, value: float, unit: str, indicator: str | None = None) -> tuple[float, str]:
        """The value in its base unit; a count in the indicator's own count word ("2个" 企业 → 2家)."""
        base, factor = self.units[unit]
        own = self.base_units.get(indicator or "")
        if base in COUNT_UNITS and own in COUNT_UNITS:
            base = own
        return round(value * factor, 6), base


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    data = yaml.safe_load(resources.files("govdoc.schemas").joinpath("indicators.yaml").read_text("utf-8"))
    aliases: dict[str, tuple[str, ...]] = {}
    base_units = {name: spec.get("unit", "万元") for name, spec in data["indicators"].items()}
    for name, spec in data["indicators"].items():
        aliases[name] = (name,)
        for alias in spec.get("aliases") or []:
            aliases.setdefault(alias, (name,))
    for phrase, names in data["expands"].items():
        aliases[phrase] = tuple(names)
    units = {unit: (base, float(factor)) for unit, (base, factor) in data["units"].items()}
    # The aliases as a trie ("社会(?:消费品零售总额|…)"), not an alternation of all 300: at each position one
    # branch is tried. The standard library's engine runs this literal pattern several times faster than `regex`.
    pattern = re.compile(Trie(*aliases).pattern())
    stocks = {name: spec["stock"] for name, spec in data["indicators"].items() if spec.get("stock")}
    return Catalogue(aliases, units, base_units, stocks, pattern)
