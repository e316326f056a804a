"""Fact extractors, one module per fact kind, each a declared spaCy component.

An extractor module exposes ``extract(doc) -> Iterator[Model]``: a generator of
typed records (pipeline.records) with offsets into ``doc.text``. The component
``vnfacts_<field>`` stores them in ``doc._.<field>`` and marks each fact's span
in ``doc.spans["facts"]`` (labelled with the field), which is how later
components (word segmentation, entities) find the sentences that hold facts
without knowing the record contract. Adding a fact kind = one module here, one
model in records, one factory below, one line in ``pipeline/config.cfg``.
Facts found inside a related-news block (``doc._.related_news``) are dropped:
the rules read the match text, where those blocks are blank; this catches the
rest (entities from every sentence, a shorthand read on the text itself).
"""
from __future__ import annotations

from typing import Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..nlp.related_news import inside
from ..records import Count, Percentage
from ..nlp.words import FACT_SPANS, token_offsets
from . import counts, document_refs, entities, percentages, period, tables

# Fact kinds found by rules, in pipeline order (entities come after word
# segmentation and read the sentences these found facts in).
RULE_EXTRACTORS: dict[str, Callable[[Doc], Iterable]] = {
    "document_refs": document_refs.extract,
    "counts": counts.extract,
    "percentages": percentages.extract,
}

for _field in ("warnings", *RULE_EXTRACTORS, "entities"):
    if not Doc.has_extension(_field):
        Doc.set_extension(_field, default=None)

FIELD_MODELS = {"counts": Count, "percentages": Percentage}

# What every rule extractor reads: the Doc's NFC text, its match form and sentences.
_RULE_REQUIRES = ["doc._.match_text", "doc._.sentences"]


class FactExtractor:
    """A spaCy component: runs one extractor, stores its facts on the Doc, marks their spans."""

    def __init__(self, field: str, extract: Callable[[Doc], Iterable]):
        self.field = field
        self.extract = extract

    def __call__(self, doc: Doc) -> Doc:
        if doc._.warnings is None:
            doc._.warnings = []
        related = doc._.related_news or []
        facts = [f for f in self.extract(doc) if not inside(related, f.start)]
        setattr(doc._, self.field, facts)
        if self.field != "entities":
            mark_facts(doc, self.field, facts)
        return doc


def mark_facts(doc: Doc, label: str, facts: Iterable) -> None:
    """Add each fact's span (tokens overlapping its characters) to ``doc.spans["facts"]``."""
    offsets = token_offsets(doc)
    group = doc.spans.setdefault(FACT_SPANS, [])
    for fact in facts:
        span = offsets.span(fact.start, fact.end, expand=True)
        if span is not None:
            group.append(Span(doc, span.start, span.end, label=label))


def _assigns(field: str) -> list[str]:
    return [f"doc._.{field}", "doc.spans", "doc._.warnings"]


@Language.factory("vnfacts_document_refs", default_config={"named": False},
                  assigns=_assigns("document_refs"), requires=_RULE_REQUIRES)
def make_document_refs(nlp: Language, name: str, named: bool) -> FactExtractor:
    """``named``: also documents cited by name without a number (see document_refs.extract)."""
    return FactExtractor("document_refs", lambda doc: document_refs.extract(doc, named=named))


@Language.factory("vnfacts_counts", assigns=_assigns("counts"), requires=_RULE_REQUIRES)
def make_counts(nlp: Language, name: str) -> FactExtractor:
    return FactExtractor("counts", counts.extract)


@Language.factory("vnfacts_percentages", assigns=_assigns("percentages"), requires=_RULE_REQUIRES)
def make_percentages(nlp: Language, name: str) -> FactExtractor:
    return FactExtractor("percentages", percentages.extract)


class TableExtractor:
    """Counts and percentages of the tables' cells (extract.tables), after those of the sentences."""

    def __call__(self, doc: Doc) -> Doc:
        found = list(tables.table_facts(doc))
        for field in ("counts", "percentages"):
            facts = [f for f in found if type(f) is FIELD_MODELS[field]]
            setattr(doc._, field, (getattr(doc._, field) or []) + facts)
            mark_facts(doc, field, facts)
        return doc


@Language.factory("vnfacts_tables", assigns=["doc._.counts", "doc._.percentages", "doc.spans"],
                  requires=["doc._.tables", "doc._.counts", "doc._.percentages"])
def make_tables(nlp: Language, name: str) -> TableExtractor:
    return TableExtractor()


class PeriodStep:
    """A spaCy component after the count and percentage extractors: sets the
    ``period`` of each (pipeline.extract.period: the time the fact is about)."""

    def __call__(self, doc: Doc) -> Doc:
        period.assign(doc)
        return doc


@Language.factory("vnfacts_periods", assigns=["doc._.counts", "doc._.percentages"],
                  requires=["doc._.match_text", "doc._.sentences", "doc._.counts", "doc._.percentages"])
def make_periods(nlp: Language, name: str) -> PeriodStep:
    return PeriodStep()


class EntityExtractor(FactExtractor):
    """The entities the NLP components left in ``doc.spans["entities"]``, as records."""

    def __init__(self):
        super().__init__("entities", entities.extract)


@Language.factory(
    "vnfacts_entities", assigns=["doc._.entities"],
    requires=["doc.spans", "doc._.sentences"],
)
def make_entities(nlp: Language, name: str) -> EntityExtractor:
    return EntityExtractor()
