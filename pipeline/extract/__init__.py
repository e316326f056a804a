"""Fact extractors, one module per fact kind, each registered as a spaCy component.

An extractor module exposes ``extract(doc) -> Iterator[Model]``: a generator of
typed records (pipeline.records) with offsets into ``doc.text``. ``EXTRACTORS``
names them by their ArticleRecord field; ``register`` turns each into a spaCy
pipeline component ``vnfacts_<field>`` that stores its results in
``doc._.<field>``. Adding a fact kind = one module here + one model in records.
"""
from __future__ import annotations

from typing import Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc

from . import counts, document_refs, entities, percentages, period

# Order matters only for entities, which by default looks at the sentences
# the other extractors found facts in.
EXTRACTORS: dict[str, Callable[[Doc], Iterable]] = {
    "document_refs": document_refs.extract,
    "counts": counts.extract,
    "percentages": percentages.extract,
}

# Steps that complete the facts the extractors found, run after them in this
# order: the time each count and percentage is about.
CONTEXT_STEPS: dict[str, Callable[[Doc], object]] = {
    "periods": period.assign,
}

if not Doc.has_extension("warnings"):
    Doc.set_extension("warnings", default=None)
for _field in [*EXTRACTORS, "entities"]:
    if not Doc.has_extension(_field):
        Doc.set_extension(_field, default=None)


def _component(field: str, extract: Callable[[Doc], Iterable]):
    def component(doc: Doc) -> Doc:
        if doc._.warnings is None:
            doc._.warnings = []
        setattr(doc._, field, list(extract(doc)))
        return doc
    return component


for _field, _extract in EXTRACTORS.items():
    Language.factory(f"vnfacts_{_field}", func=lambda nlp, name, _f=_field, _e=_extract: _component(_f, _e))


def _context_step(step: Callable[[Doc], object]):
    def component(doc: Doc) -> Doc:
        step(doc)
        return doc
    return component


for _name, _step in CONTEXT_STEPS.items():
    Language.factory(f"vnfacts_{_name}", func=lambda nlp, name, _s=_step: _context_step(_s))


@Language.factory("vnfacts_entities", default_config={"mode": "facts"})
def _entities_factory(nlp, name, mode: str):
    return _component("entities", lambda doc: entities.extract(doc, mode=mode))
