"""Tasks (工作任务) of a plan, with their lead (牵头) and supporting (责任/配合) units and deadline.

A task is a numbered outline item that carries a responsibility note in brackets:
"（市商务局牵头，市发改局、市交通运输局等按职责分工负责）", "（A、B牵头负责）",
"（牵头单位：县商务局；责任单位：县直有关单位）", "（A、B负责）" (no 牵头: all lead).
A note standing alone after several items without notes covers all of them. A
note may lack its closing bracket. Units are resolved to canonical departments.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import regex

from govdoc.extractors.deadlines import Deadline, find_deadline
from govdoc.extractors.outline import Item
from govdoc.extractors.units import clean_name

NOTE = regex.compile(r"[（(]((?:[^（）()]|[（(][^（）()]{0,30}[）)]){2,300}?)(?:[）)]|$)")
NOTE_WORDS = regex.compile(r"牵头|负责|配合|参与|责任单位|责任落实")
LABELS = regex.compile(r"(牵头单位|责任单位|配合单位|责任落实|协办单位)\s*[：:]")
ROLE_WORDS = regex.compile(
    r"(?:等)?(?:分别)?(?:按|依|根据)?(?:照)?(?:各自)?(?:职责|职能)?(?:分工)?(?:共同|具体)?(?:牵头)?"
    r"(?:负责|配合|参与|落实|实施)?$"
)
SPLIT = regex.compile(r"[、，,；;]")
RESPECTIVELY_END = regex.compile(r"分别$")  # "A、B分别牵头"
RESPONSIBLE_START = regex.compile(r"^(?:负责)?[，,、]?")  # "牵头，C配合" / "牵头负责"
# "A等市直部门和各乡镇街道", "A及B", "…和各乡镇": joining words between units (和 alone is inside names: 住房和城乡建设局)
JOINER = regex.compile(r"等?(?:[市县州]直)?(?:部门|单位|部单位)?(?:及|和(?=各|相关|乡镇|有关))|(?<=[局委办室队])(?:及|和)")
UNIT_LIKE = regex.compile(
    r"(?:局|委|办|院|室|部|中心|处|队|会|所|站|行|司|公司|集团|分局|支队|大队|社|联|团|街道|乡镇|镇|单位|部门|管委会|专班|人民政府|[区园])(?:[（(][^）)]*[）)])?$"
)


@dataclass
class Note:
    raw: str
    leads: list[str]
    supports: list[str]
    start: int  # offsets in NormText.text
    end: int


@dataclass
class TaskRecord:
    item: Item
    notes: list[Note]
    deadline: Deadline | None
    shared_note: bool = False  # the note stands after several items and covers them all
    leads: list[str] = field(default_factory=list)
    supports: list[str] = field(default_factory=list)
    row_start: int | None = None  # a table row that starts before its text (at its 序号), in NormText
    uncertain: bool = False  # a table row whose cells could not all be placed (merged cells)
    uncertain_reason: str | None = None


def split_units(text: str) -> list[str]:
    """Unit names in a list written "A、B，C等"; role words and fragments that are not units dropped."""
    return [name for piece in SPLIT.split(JOINER.sub("、", text)) if (name := _unit_name(piece))]


@lru_cache(maxsize=4096)
def _unit_name(piece: str) -> str | None:
    """The unit a list piece names, role words dropped, or None; cached, as the same units recur note after note."""
    name = clean_name(ROLE_WORDS.sub("", clean_name(piece)))
    return name if len(name) >= 2 and UNIT_LIKE.search(name) and not NOTE_WORDS.fullmatch(name) else None


def parse_note(content: str) -> tuple[list[str], list[str]]:
    """(leads, supports) of a responsibility note's content."""
    if LABELS.search(content):
        leads, supports = [], []
        parts = LABELS.split(content)
        for label, body in zip(parts[1::2], parts[2::2]):
            (leads if label == "牵头单位" else supports).extend(split_units(body))
        return leads, supports
    at = content.find("牵头")
    if at < 0:
        return split_units(content), []
    leads = split_units(RESPECTIVELY_END.sub("", content[:at]))
    supports = split_units(RESPONSIBLE_START.sub("", content[at + 2:]))
    return leads, supports


def notes_in(text: str, offset: int) -> list[Note]:
    found = []
    for m in NOTE.finditer(text):
        content = m.group(1)
        if NOTE_WORDS.search(content):
            leads, supports = parse_note(content)
            if leads or supports:
                found.append(Note(m.group(0), leads, supports, offset + m.start(), offset + m.end()))
    return found


def _item_notes(item: Item) -> list[Note]:
    return [n for p in item.paragraphs for n in notes_in(p.text, p.start)]


def _standalone_note(item: Item) -> list[Note]:
    """A note that is a paragraph of its own after the item's text: it may cover earlier items."""
    last = item.paragraphs[-1]
    if len(item.paragraphs) > 1 and last.text.startswith(("（", "(")):
        return notes_in(last.text, last.start)
    return []


def extract_tasks(items: list[Item], year: int) -> list[TaskRecord]:
    """Items with a responsibility note become tasks; a standalone note also covers the items before it."""
    tasks: list[TaskRecord] = []
    pending: list[Item] = []
    for item in items:
        notes = _item_notes(item)
        if not notes:
            pending = pending + [item] if item.level >= 3 and (not pending or pending[-1].level == item.level) else []
            continue
        shared = _standalone_note(item)
        if shared and pending and pending[-1].level == item.level:
            tasks.extend(_task(p, shared, year, shared_note=True) for p in pending)
        pending = []
        tasks.append(_task(item, notes, year))
    return tasks


def _task(item: Item, notes: list[Note], year: int, shared_note: bool = False) -> TaskRecord:
    text = item.text
    deadline = find_deadline(text, year)
    leads = list(dict.fromkeys(u for n in notes for u in n.leads))
    supports = list(dict.fromkeys(u for n in notes for u in n.supports if u not in leads))
    return TaskRecord(item, notes, deadline, shared_note, leads, supports)
