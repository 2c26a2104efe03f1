"""Departments and regions as single entities: a blank spaCy `zh` pipeline, jieba segmenter, entity ruler.

jieba alone cuts 县农业农村局 into 县|农业|农村|局; with the gazetteer's names added to its dictionary the
name stays one token, and the entity ruler labels it DEPT (or REGION), so any later stage reading spaCy
docs sees the department whole. No model download: the pipeline is built from the gazetteer.
"""
from __future__ import annotations

import contextlib
import io
from functools import lru_cache

from govdoc.extractors.units import gazetteer

LEVEL_PREFIXES = ("县", "市", "州", "区")


def department_names(extra: tuple[str, ...] = ()) -> list[str]:
    """Every written form of every gazetteer department with each level prefix (县发改局, 州发改委 …), plus extra."""
    names = {prefix + alias for alias in gazetteer() for prefix in LEVEL_PREFIXES}
    return sorted(names | set(extra))


@lru_cache(maxsize=4)
def pipeline(extra_departments: tuple[str, ...] = (), regions: tuple[str, ...] = ()):
    """The spaCy pipeline; extra names (a knowledge base's own units) and region names are added as entities."""
    import jieba
    import spacy

    departments = department_names(extra_departments)
    with contextlib.redirect_stderr(io.StringIO()):
        for name in departments + list(regions):
            jieba.add_word(name, freq=100000)
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "DEPT", "pattern": name} for name in departments]
                       + [{"label": "REGION", "pattern": name} for name in regions])
    return nlp


def entities(text: str, extra_departments: tuple[str, ...] = (), regions: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(text, label) of each department and region entity in text."""
    return [(e.text, e.label_) for e in pipeline(extra_departments, regions)(text).ents]
