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
