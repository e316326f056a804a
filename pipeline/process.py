"""One Article in, one validated ArticleRecord out: the nlp pipeline, then the record.

The Article comes from ``ingest.to_article`` already normalized, named
(doc_id, text hash) and dated; here the pipeline runs once and the record is
assembled from the two.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .article import Article
from .places import locate
from .records import FACT_MODELS, ArticleRecord
from .settings import EntityMode


def build_record(article: Article, nlp: Language, with_text: bool = False) -> ArticleRecord:
    return record_and_doc(article, nlp, with_text)[0]


def record_and_doc(article: Article, nlp: Language, with_text: bool = False) -> tuple[ArticleRecord, Doc]:
    """The record and the Doc it was read from (``vnfacts explain`` shows both)."""
    doc = nlp(article.text)
    facts = {f: (getattr(doc._, f, None) or []) for f in FACT_MODELS}
    place = locate(doc, article.text, article.title, article.url, facts, _entity_mode(nlp))
    record = ArticleRecord(
        doc_id=article.doc_id,
        source=article.source,
        line=article.line,
        url=article.url,
        title=article.title,
        published=article.published,
        text_chars=len(article.text),
        text_sha1=article.text_sha1,
        text=article.text if with_text else None,
        place=place,
        warnings=list(doc._.warnings or []),
        **facts,
    )
    return record, doc


def _entity_mode(nlp: Language) -> EntityMode:
    """The entities setting the pipeline was built with (facts, all, none)."""
    if "vnfacts_entities" not in nlp.pipe_names:
        return "none"
    return nlp.get_pipe_config("vnfacts_words").get("sentences", "facts")
