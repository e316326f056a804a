"""One Article in, one validated ArticleRecord out: normalize → nlp → extract → records."""
from __future__ import annotations

from spacy.language import Language

from .article import Article, derive_doc_id
from .dateline import read_dateline
from .normalize import clean_document_text
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
    return ArticleRecord(
        doc_id=derive_doc_id(article, text),
        source=article.source,
        line=article.line,
        url=article.url,
        title=article.title or title,
        published=article.published or (published if article.published_from_text else None),
        text_chars=len(text),
        warnings=list(doc._.warnings or []),
        **facts,
    )
