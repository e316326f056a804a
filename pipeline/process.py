"""One Article in, one validated ArticleRecord out: normalize → nlp → extract → records."""
from __future__ import annotations

from spacy.language import Language

from .article import Article, derive_doc_id
from .dateline import read_dateline
from .normalize import clean_document_text
from .places import locate
from .records import ArticleRecord

FACT_FIELDS = ("document_refs", "counts", "percentages", "entities")


class EmptyDocument(ValueError):
    """The document has no text to extract from."""


def build_record(article: Article, nlp: Language) -> ArticleRecord:
    text = clean_document_text(article.text)
    if not text.strip():
        raise EmptyDocument("the document has no text")
    doc = nlp(text)
    title, published = read_dateline(text)
    facts = {f: (getattr(doc._, f, None) or []) for f in FACT_FIELDS}
    place = locate(doc, text, article.title or title, article.url, facts, _entity_mode(nlp))
    return ArticleRecord(
        doc_id=derive_doc_id(article, text),
        source=article.source,
        line=article.line,
        url=article.url,
        title=article.title or title,
        published=article.published or published,
        text_chars=len(text),
        place=place,
        warnings=list(doc._.warnings or []),
        **facts,
    )


def _entity_mode(nlp: Language) -> str:
    """The entities setting the pipeline was built with (facts, all, none)."""
    if "vnfacts_entities" not in nlp.pipe_names:
        return "none"
    return nlp.get_pipe_config("vnfacts_entities").get("mode", "facts")
