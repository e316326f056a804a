"""Where an article and its facts are: the step after extraction that resolves
administrative units against the official register (``register``), finds them
in the text (``mentions``), decides the article's place by named rules
(``resolve``), and sets the places of cited documents' issuers (``issuers``),
of counts and shares, and the register's LOC entities (``facts``)."""
from __future__ import annotations

from typing import Optional

from spacy.tokens import Doc

from ..nlp.related_news import inside, related_news_spans
from ..records import Place
from ..settings import EntityMode
from .facts import register_entities, with_subject_place
from .issuers import with_issuer
from .mentions import find_mentions
from .resolve import article_place

__all__ = ["locate", "place_of_article"]


def locate(doc: Doc, text: str, title: Optional[str], url: Optional[str], facts: dict,
           entity_mode: EntityMode = "facts") -> Optional[Place]:
    """The article's place; replaces the fact lists in ``facts`` by copies with
    their places (and the register's entities, unless ``entity_mode`` is none)."""
    mentions = find_mentions(text, doc._.match_text)
    place, _rules = article_place(text, title, url, _outside(mentions, doc._.related_news))
    facts["document_refs"] = [with_issuer(r, place) for r in facts.get("document_refs", [])]
    for field in ("counts", "percentages"):
        facts[field] = [with_subject_place(f, place) for f in facts.get(field, [])]
    if entity_mode != "none":
        wanted = None if entity_mode == "all" else _fact_sentence_starts(doc, facts)
        facts["entities"] = register_entities(text, mentions, list(facts.get("entities", [])),
                                              doc._.sentences.span_at, wanted)
    return place


def place_of_article(text: str, title: Optional[str] = None, url: Optional[str] = None) -> tuple[Optional[Place], Optional[str]]:
    """(place, the rules that chose it) for an article's NFC text, title and url."""
    return article_place(text, title, url, _outside(find_mentions(text), related_news_spans(text)))


def _outside(mentions: list, related: list[tuple[int, int]] | None) -> list:
    """The mentions outside the related-news blocks: a unit named only in another
    article's headline ("Tin liên quan", "Xem thêm") is no evidence of this one's place."""
    return [m for m in mentions if not inside(related or [], m.start)] if related else mentions


def _fact_sentence_starts(doc: Doc, facts: dict) -> set[int]:
    """The sentences holding a fact (as nlp.words.fact_sentence_starts, read from
    the records' offsets: no spaCy spans to build)."""
    span_at = doc._.sentences.span_at
    spans = (span_at(f.start) for field in ("document_refs", "counts", "percentages") for f in facts.get(field, []))
    return {span.start for span in spans if span is not None}
