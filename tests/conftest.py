"""Shared fixtures: the bundled corpus and a knowledge base built from it once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def load_fixture(name: str):
    return yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))


def kb_rows(kb: str, table: str) -> list[dict]:
    """A table of a knowledge base as dicts, each with `file`: its source's file name, as fixtures name it."""
    import sqlite3

    with sqlite3.connect(kb) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(r) | {"file": r["source"].rsplit("/", 1)[-1]} for r in conn.execute(f"select * from {table}")]


def match_progress(gold: list[dict], rows: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict]]:
    """(annotation, record) pairs and the records left over. A record matches an annotation of the same file,
    region and period end within two lines, and of the same indicator where both name a catalogue indicator (a
    row outside the catalogue is labelled by its own words, which need not be the annotator's); a record of the
    annotated indicator is preferred."""
    from govdoc.extractors.indicators import catalogue

    known = catalogue().base_units

    def near(g: dict, r: dict) -> bool:
        return (g["file"], g["region"], g["period_end"]) == (r["file"], r["region"], r["period_end"]) \
            and abs(r["line"] - g["line"]) <= 2 \
            and (g["indicator"] == r["indicator"] or not (g["indicator"] in known and r["indicator"] in known))

    unmatched, matched = list(rows), []
    for g in gold:
        found = next((r for r in unmatched if near(g, r) and r["indicator"] == g["indicator"]), None) \
            or next((r for r in unmatched if near(g, r)), None)
        if found:
            unmatched.remove(found)
            matched.append((g, found))
    return matched, unmatched


def lines_as_paragraphs(*lines: str):
    """Lines of a passage as the paragraphs an extractor gets, one a line, offsets as in the joined text."""
    from govdoc.extractors.outline import Paragraph

    out, at = [], 0
    for line in lines:
        out.append(Paragraph(line, at, at + len(line)))
        at += len(line) + 1
    return out


@pytest.fixture(scope="session")
def seed_kb(tmp_path_factory) -> str:
    """A knowledge base with the five seed texts ingested."""
    from govdoc import api

    db = str(tmp_path_factory.mktemp("kb") / "kb.sqlite")
    api.ingest(sorted(str(p) for p in CORPUS.glob("*.txt")), db)
    return db
