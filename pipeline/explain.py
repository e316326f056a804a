"""``vnfacts explain``: each fact of each document, its sentence with the fact's
span marked, and for each attribute its value and the rule that set it.

For a researcher auditing a number and a developer looking for the rule to
change. Rules record what they set in ``doc._.rule_trace`` (pipeline.rules);
an extractor whose rules record nothing yet shows its values alone.
"""
from __future__ import annotations

import json
import re
from typing import Iterable, Iterator, TextIO

from spacy.language import Language
from spacy.tokens import Doc

from .ingest import IngestError, IngestOptions, iter_documents, to_article
from .process import record_and_doc
from .records import ArticleRecord
from .rules import trace_of

# The facts, in the order explain prints them.
RULE_KINDS = ("document_refs", "counts", "percentages", "entities")
MARK_OPEN, MARK_CLOSE = "⟦", "⟧"
_WHERE = ("text", "start", "end", "sentence")
# Set after the extractors, from the article's place (pipeline.places, its own rules).
PLACE_RULES = {
    "issuer_place": "places.issuers: the unit the issuer names, else the article's place (local bodies only)",
    "issuer_key": "places.issuers: the issuer's words, abbreviations written out, its place at the end",
    "place": "places.facts: the unit the fact's subject names, when not the article's (null: the article's holds)",
}
# An entity's label and source come from the step its ``source`` names (a model or a
# table, not a rule list): explain names that step.
ENTITY_SOURCES = {
    "ner": "underthesea's CRF models (POS → chunk → NER) on the sentence's words; kept by the overlap filter vnfacts.entity_overlap.v1",
    "gazetteer": "the gazetteer of Party and State bodies (pipeline/data/gazetteer.json), preferred by the overlap filter vnfacts.entity_overlap.v1",
    "register": "places.facts: a unit of the register of administrative units named in the text",
}
# Scraped text may hold terminal control sequences: shown escaped, never sent as they are.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """Text safe to print on a terminal: one line, control characters escaped."""
    one_line = text.replace("\n", " ⏎ ").replace("\t", " ")
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", one_line)


def marked_sentence(doc: Doc, fact) -> str:
    """The fact's sentence (widened to hold the whole fact) with the fact between ⟦ ⟧."""
    text = doc._.sentences.text
    span = doc._.sentences.span_at(fact.start)
    lo = min(span.start, fact.start) if span else fact.start
    hi = max(span.end, fact.end) if span else fact.end
    return shown(text[lo:fact.start]) + MARK_OPEN + shown(text[fact.start:fact.end]) + MARK_CLOSE \
        + shown(text[fact.end:hi])


def _value(value) -> str:
    if hasattr(value, "model_dump"):
        value = value.model_dump(exclude_none=True)
    return shown(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))


def _entity_trace(kind: str, fact) -> dict[str, str]:
    if kind != "entities" or fact.source not in ENTITY_SOURCES:
        return {}
    step = ENTITY_SOURCES[fact.source]
    return {"label": step, "source": step}


def fact_lines(doc: Doc, kind: str, index: int, count: int, fact) -> Iterator[str]:
    """The explanation of one fact: heading, marked sentence, one line per attribute."""
    yield f"{kind} {index}/{count}  chars {fact.start}-{fact.end}: {shown(fact.text)}"
    yield f"  {marked_sentence(doc, fact)}"
    trace = {**PLACE_RULES, **_entity_trace(kind, fact), **trace_of(doc, kind, fact)}
    names = [n for n in type(fact).model_fields if n not in _WHERE]
    width = max(map(len, names), default=0)
    for name in names:
        rule = trace.get(name)
        line = f"    {name:<{width}}  {_value(getattr(fact, name))}"
        yield f"{line:<56}  <- {rule}" if rule else line


def record_lines(record: ArticleRecord, doc: Doc) -> Iterator[str]:
    """The explanation of every rule fact of a record, kind by kind (doc: the Doc it was read from)."""
    for kind in RULE_KINDS:
        facts = getattr(record, kind)
        for i, fact in enumerate(facts, 1):
            yield from fact_lines(doc, kind, i, len(facts), fact)
    if not any(getattr(record, kind) for kind in RULE_KINDS):
        yield "  (no facts)"


def explain(paths: Iterable[str], nlp: Language, out: TextIO, err: TextIO,
            options: IngestOptions = IngestOptions()) -> int:
    """Explain every document under paths (as ``vnfacts extract`` reads them);
    a document that cannot be read is one line on ``err``. The number of those."""
    failed = 0
    for raw in iter_documents(list(paths), options):
        try:
            article = to_article(raw, options)
        except IngestError as e:
            where = f"{raw.source}:{raw.line}" if raw.line else raw.source
            print(f"vnfacts explain: {shown(where)}: {e.reason}: {shown(e.message)}", file=err)
            failed += 1
            continue
        print(f"== {shown(article.source)}{f':{article.line}' if article.line else ''} "
              f"(doc_id {shown(article.doc_id)})", file=out)
        for line in record_lines(*record_and_doc(article, nlp)):
            print(line, file=out)
    return failed

