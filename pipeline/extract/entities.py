"""Named entities (PER, LOC, ORG) as records: the thin step after the NLP.

The entities are found by spaCy components in ``pipeline.nlp``: the CRF NER
(``vnfacts_ner``, ``doc.spans["ner"]``), the ruler of Party and State bodies
with its overlap filter (``vnfacts_gazetteer``, ``doc.spans["gazetteer"]``
and the final ``doc.spans["entities"]``). Which sentences they read is the
entity mode: the sentences ``vnfacts_words`` segmented ("facts": those
holding a fact, "all": every one). This step only turns the final spans into
``Entity`` records, each with its sentence and the rule set that found it
(``source``: "ner" or "gazetteer", the span's id).
"""
from __future__ import annotations

from typing import Iterator

from spacy.tokens import Doc

from ..nlp.entity_overlap import ENTITY_SPANS, char_range
from ..records import Entity
from .common import doc_text


def extract(doc: Doc) -> Iterator[Entity]:
    """The entities of ``doc.spans["entities"]``, in text order."""
    text = doc_text(doc)
    for span in doc.spans.get(ENTITY_SPANS, ()):
        start, end = char_range(span)
        sentence = doc._.sentences.span_at(start)
        yield Entity(label=span.label_, text=text[start:end], start=start, end=end,
                     sentence=text[sentence.start:sentence.end], source=span.id_)
