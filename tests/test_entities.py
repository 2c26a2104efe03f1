"""The spaCy pipeline sees departments and regions as single entities."""
from __future__ import annotations

import pytest

from govdoc.extractors.entities import entities, pipeline


@pytest.mark.parametrize("text, expected", [
    ("县农业农村局牵头，县市场监管局配合", [("县农业农村局", "DEPT"), ("县市场监管局", "DEPT")]),
    ("市科工信局、市发改局等按职责分工负责", [("市科工信局", "DEPT"), ("市发改局", "DEPT")]),
    ("州发改委牵头", [("州发改委", "DEPT")]),
    ("凤凰县县商务局", [("凤凰县", "REGION"), ("县商务局", "DEPT")]),
])
def test_departments_are_single_entities(text: str, expected: list[tuple[str, str]]) -> None:
    assert entities(text, regions=("凤凰县",)) == expected


def test_a_department_is_one_token() -> None:
    doc = pipeline((), ())("县农业农村局牵头")
    assert doc[0].text == "县农业农村局" and doc.ents[0].label_ == "DEPT"


def test_a_knowledge_base_unit_outside_the_gazetteer_can_be_added() -> None:
    assert entities("县德夯管理处牵头", extra_departments=("县德夯管理处",)) == [("县德夯管理处", "DEPT")]
