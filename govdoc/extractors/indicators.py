"""The indicator catalogue (schemas/indicators.yaml): names, aliases, expansions and base units."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import regex
import yaml


COUNT_UNITS = {"家", "个", "项", "件", "所", "座"}  # enterprises, projects, items: one family


@dataclass(frozen=True)
class Catalogue:
    aliases: dict[str, tuple[str, ...]]  # written phrase → canonical indicators (usually one)
    units: dict[str, tuple[str, float]]  # written unit → (base unit, factor)
    base_units: dict[str, str]  # indicator → base unit of its absolute values
    stocks: dict[str, str]  # an increment indicator → the total it adds to
    pattern: regex.Pattern

    def find(self, text: str) -> list[tuple[int, int, tuple[str, ...]]]:
        """Every indicator phrase in text, longest alias first, as (start, end, indicators)."""
        return [(m.start(), m.end(), self.aliases[m.group()]) for m in self.pattern.finditer(text)]

    def fits(self, indicator: str, unit: str) -> bool:
        """Whether a figure in `unit` can measure the indicator (rates fit every indicator)."""
        if indicator not in self.base_units:
            return True  # an indicator known only by its row's words: any unit
        base, expected = self.units[unit][0], self.base_units[indicator]
        return base in ("%", expected) or {base, expected} <= COUNT_UNITS

    def to_base(self, value: float, unit: str) -> tuple[float, str]:
        base, factor = self.units[unit]
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
    pattern = regex.compile("|".join(regex.escape(a) for a in sorted(aliases, key=len, reverse=True)))
    stocks = {name: spec["stock"] for name, spec in data["indicators"].items() if spec.get("stock")}
    return Catalogue(aliases, units, base_units, stocks, pattern)
