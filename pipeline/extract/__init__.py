"""Fact extractors, one module per fact kind, each registered as a spaCy component.

An extractor module exposes ``extract(doc) -> Iterator[Model]``: a generator of
typed records (pipeline.records) with offsets into ``doc.text``. ``EXTRACTORS``
names them by their ArticleRecord field; ``register`` turns each into a spaCy
pipeline component ``vnfacts_<field>`` that stores its results in
``doc._.<field>``, less any found inside a related-news block (the rules work
on match_text, where those blocks are blank; this catches the rest, e.g.
entities from every sentence). Adding a fact kind = one module here + one model in records.
"""
from __future__ import annotations

from typing import Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc

from ..nlp.related_news import inside
from . import counts, document_refs, entities, percentages

# Order matters only for entities, which by default looks at the sentences
# the other extractors found facts in.
EXTRACTORS: dict[str, Callable[[Doc], Iterable]] = {
    "document_refs": document_refs.extract,
    "counts": counts.extract,
    "percentages": percentages.extract,
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
        related = doc._.related_news or []
        setattr(doc._, field, [f for f in extract(doc) if not inside(related, f.start)])
        return doc
    return component


for _field, _extract in EXTRACTORS.items():
    if _field != "document_refs":  # configured below
        Language.factory(f"vnfacts_{_field}", func=lambda nlp, name, _f=_field, _e=_extract: _component(_f, _e))


@Language.factory("vnfacts_document_refs", default_config={"named": False})
def _document_refs_factory(nlp, name, named: bool):
    return _component("document_refs", lambda doc: document_refs.extract(doc, named=named))


@Language.factory("vnfacts_entities", default_config={"mode": "facts"})
def _entities_factory(nlp, name, mode: str):
    return _component("entities", lambda doc: entities.extract(doc, mode=mode))
