"""Administrative regions (行政区划) from jionlp's maintained division table.

A hand-typed list of counties would only ever know 湘西州; jionlp ships every
province, prefecture and county of China with its short alias, so a document
from any other prefecture resolves too. Names are shown the way documents write
them: counties in full (凤凰县), autonomous prefectures by alias + 州 (湘西州).
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import regex

from govdoc.extractors import phrases
from govdoc.extractors.phrases import Phrases


@dataclass(frozen=True)
class Region:
    name: str  # display name: 凤凰县, 吉首市, 湘西州
    full_name: str  # 湘西土家族苗族自治州
    level: str  # province | prefecture | county | park
    parent: str | None  # display name of the enclosing region
    code: str | None = None


def load_jionlp():
    """Import jionlp without its banner (it prints to stdout on import, which would corrupt CSV output)."""
    with contextlib.redirect_stdout(io.StringIO()):
        import jionlp

    return jionlp


def _display(full: str, alias: str | None, level: str) -> str:
    if level == "prefecture" and full.endswith("自治州") and alias:
        return alias + "州"
    return full


def _aliases(full: str, alias: str | list[str] | None, level: str, display: str) -> set[str]:
    names = {full, display}
    for a in [alias] if isinstance(alias, str) else alias or []:
        if a and len(a) >= 2:
            names.add(a)
            if level == "prefecture" and full.endswith("自治州"):
                names |= {a + "州", a + "自治州"}
    return names


FULL_NAME_ENDS = "省市州县区旗盟"  # how a full name ends: only there may a prefix of a text be one


class RegionIndex:
    """Finds regions by any of their names; knows each region's level and parent."""

    def __init__(self, regions: list[Region], names: dict[str, list[Region]]) -> None:
        self.regions = regions
        self._names = names
        self._phrases = Phrases(names)
        # Short aliases ("合作", "龙山") are ordinary words too; free text is searched for full names only.
        self._full = {n for n in names if len(n) >= 3 and n[-1] in FULL_NAME_ENDS}
        self._full_phrases = Phrases(self._full)
        self._longest = max(map(len, self._full), default=0)

    def lookup(self, name: str) -> list[Region]:
        return self._names.get(name, [])

    def find_all(self, text: str, full_names: bool = False) -> list[tuple[int, int, list[Region]]]:
        """Every region name in text, longest match first, as (start, end, candidates)."""
        phrases = self._full_phrases if full_names else self._phrases
        return [(start, end, self._names[name]) for start, end, name in phrases.find(text)]

    def starting(self, text: str) -> tuple[int, list[Region]] | None:
        """The longest full name text starts with, as (its length, candidates): find_all's first match when
        that is at 0, found by looking up the text's first characters instead of scanning it."""
        for end in range(min(len(text), self._longest), 2, -1):
            if text[end - 1] in FULL_NAME_ENDS and text[:end] in self._full:
                return end, self._names[text[:end]]
        return None

    def get(self, name: str) -> Region | None:
        found = self.lookup(name)
        return found[0] if len(found) == 1 else None


@lru_cache(maxsize=1)
def region_index() -> RegionIndex:
    """The index of jionlp's division table. Building it takes a second, so it is kept in the user's cache
    folder under a name derived from all it is built from, and loaded from there in a few milliseconds."""
    path = _cache_path()
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError):  # not cached yet (or a damaged copy): build it
        index = _build_index()
    _save(path, pickle.dumps(index))
    return index


def _cache_path() -> Path:
    """The cache file, named by the code that builds the index and the versions of jionlp and pyahocorasick."""
    code = Path(__file__).read_bytes() + Path(phrases.__file__).read_bytes()
    key = hashlib.sha256(code + f"{version('jionlp')} {version('pyahocorasick')}".encode()).hexdigest()[:16]
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "govdoc" / f"regions-{key}.pickle"


def _save(path: Path, data: bytes) -> None:
    """Write the cache whole or not at all (a concurrent reader never sees half); a read-only home is no error."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as out:
            out.write(data)
        os.replace(out.name, path)
    except OSError:
        pass


def _build_index() -> RegionIndex:
    table = load_jionlp().china_location_loader()
    regions: list[Region] = []
    names: dict[str, list[Region]] = {}

    def add(full: str, alias, level: str, parent: str | None, code: str | None) -> Region:
        region = Region(_display(full, alias if isinstance(alias, str) else (alias or [None])[0], level),
                        full, level, parent, code)
        regions.append(region)
        for name in _aliases(full, alias, level, region.name):
            names.setdefault(name, []).append(region)
        return region

    for prov_name, prov in table.items():
        province = add(prov_name, prov.get("_alias"), "province", None, prov.get("_admin_code"))
        for city_name, city in prov.items():
            if city_name.startswith("_"):
                continue
            if city_name == prov_name:  # a municipality (北京市) lists itself as its only city
                prefecture = province
            else:
                prefecture = add(city_name, city.get("_alias"), "prefecture", province.name, city.get("_admin_code"))
            for county_name, county in city.items():
                if county_name.startswith("_"):
                    continue
                add(county_name, county.get("_alias"), "county", prefecture.name, county.get("_admin_code"))
    return RegionIndex(regions, names)


PARK = regex.compile(r"^(\p{Han}{2,3}?)(经开区|高新区|产业开发区|经济开发区|工业园区|工业集中区)")


def park(name: str) -> Region | None:
    """A park (吉首经开区, 湘西高新区) as a region of its own, its parent the place it is named after."""
    m = PARK.match(name)
    if not m:
        return None
    index = region_index()
    home = next(filter(None, (index.get(m.group(1) + suffix) for suffix in ("", "县", "市", "州", "区"))), None)
    return Region(m.group(0), m.group(0), "park", home.name if home else None)


START_CHARS = 20  # all region_at_start reads: a name of up to 12 characters, then a park's suffix


def region_at_start(text: str) -> tuple[Region, int] | None:
    """The region or park a text starts with ("吉首市：8家", "泸溪高新区110亿元"), and where it ends."""
    return _region_at_start(text[:START_CHARS])


@lru_cache(maxsize=8192)
def _region_at_start(text: str) -> tuple[Region, int] | None:
    """region_at_start of a text's opening; cached, as table rows and headers are read several times over."""
    at = region_index().starting(text[:12])
    if at and len(at[1]) == 1 and not PARK.match(text[at[0]:]):
        return at[1][0], at[0]
    found = park(text)
    return (found, len(found.name)) if found else None
