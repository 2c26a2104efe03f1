"""A scaled corpus: N varied copies of the bundled texts, none of which deduplicates.

Each copy moves the 湘西州 documents to another real prefecture of jionlp's division table
(its province, its counties, their short names), renumbers the 文号 and nudges every decimal
figure. So every copy has its own content hash, its own document ids, its own units and its
own regions: the consistency check compares each copy with itself, as it would compare 100
real prefectures, instead of comparing 100 identical 凤凰县 plans with each other.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

import regex

from govdoc.extractors.regions import load_jionlp

SOURCE_PROVINCE = "湖南省"
SOURCE_PREFECTURE = "湘西土家族苗族自治州"
DOC_NUMBER = regex.compile(r"(〔\d{4}〕\s*)(\d+)(\s*号)")
SPACE = regex.compile(r"\s+")
DECIMAL = regex.compile(r"(?<=\d\.\d*)\d(?!\d)")


def _alias(entry: dict, full: str) -> str:
    """A region's short name (凤凰 for 凤凰县), or its full name when jionlp has none of two characters."""
    alias = entry.get("_alias")
    alias = alias[0] if isinstance(alias, list) and alias else alias
    return alias if isinstance(alias, str) and len(alias) >= 2 else full


def _counties(prefecture: dict) -> list[tuple[str, str]]:
    """A prefecture's counties as (full name, short name), development zones left out."""
    return [(name, _alias(entry, name)) for name, entry in sorted(prefecture.items())
            if not name.startswith("_") and "开发区" not in name]


@lru_cache(maxsize=1)
def _table() -> dict:
    """jionlp's division table, province → prefecture → county; loaded once, as loading takes a second."""
    return load_jionlp().china_location_loader()


def _names(province: str, prefecture: str) -> list[str]:
    """Every way the corpus may write a region of this prefecture, in a fixed order shared by all copies."""
    table = _table()
    entry = table[province][prefecture]
    short = _alias(entry, prefecture)
    display = short + "州" if prefecture.endswith("自治州") else prefecture
    counties = [name for pair in _counties(entry)[:8] for name in pair]
    return [province, _alias(table[province], province), prefecture, display, short, *counties]


@lru_cache(maxsize=1)
def _prefectures() -> list[tuple[str, str]]:
    """Every (province, prefecture) with at least the eight counties the 湘西州 texts name."""
    return [(province, name) for province, cities in _table().items() for name, city in cities.items()
            if not name.startswith("_") and name not in (province, SOURCE_PREFECTURE) and len(_counties(city)) >= 8]


def region_map(copy: int) -> dict[str, str]:
    """Copy n's names for the source regions; copies beyond the table's prefectures would repeat one."""
    prefectures = _prefectures()
    if copy >= len(prefectures):
        raise ValueError(f"at most {len(prefectures)} copies have regions of their own")
    return dict(zip(_names(SOURCE_PROVINCE, SOURCE_PREFECTURE), _names(*prefectures[copy])))


def _spelled(name: str) -> str:
    """A pattern for a name as the layout may print it: broken over lines or spaced out (凤 凰 县)."""
    return r"\s*".join(map(regex.escape, name))


def vary(text: str, copy: int) -> str:
    """The text as copy n: regions moved, 文号 renumbered, decimal figures changed in their last digit.

    A name broken by the layout keeps its white space, after the new name, so lines stay lines.
    """
    names = region_map(copy)
    pattern = regex.compile("|".join(map(_spelled, sorted(names, key=len, reverse=True))))
    text = pattern.sub(lambda m: names[SPACE.sub("", m.group())] + "".join(SPACE.findall(m.group())), text)
    text = DOC_NUMBER.sub(lambda m: f"{m.group(1)}{_renumber(int(m.group(2)), copy)}{m.group(3)}", text)
    return DECIMAL.sub(lambda m: str((int(m.group()) + copy + 1) % 10), text)


def _renumber(number: int, copy: int) -> int:
    """Another 文号 number for each copy, still of one to four digits as a 文号 header must be."""
    return 1 + (number + 97 * (copy + 1)) % 9999


def write_scaled(sources: list[Path], copies: int, out: Path) -> Iterator[Path]:
    """Write `copies` varied copies of each source text into out/, one file per copy."""
    out.mkdir(parents=True, exist_ok=True)
    texts = {path: path.read_text(encoding="utf-8") for path in sources}
    for copy in range(copies):
        for path, text in texts.items():
            target = out / f"{path.stem}-x{copy:03d}.txt"
            target.write_text(vary(text, copy), encoding="utf-8")
            yield target
