"""``Article``: one input document, as ingest hands it to the pipeline."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Optional

STDIN = "-"  # the source name of standard input


@dataclass
class Article:
    text: str                       # decoded text; NFC-normalized by ingest.to_article
    source: Optional[str] = None    # path or URL it came from
    doc_id: Optional[str] = None    # the input's own id; after ingest, the final doc_id
    line: Optional[int] = None      # line number inside a JSONL input (1-based)
    url: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = None  # ISO date from the input's metadata
    # False when the source's own rules have decided the date (an HTML page's metadata
    # and article dateline): a date line elsewhere in its text (a site header, a footer
    # that the main-text extractor kept) is not the publication date.
    published_from_text: bool = True
    meta: dict = field(default_factory=dict)
    text_sha1: Optional[str] = None  # set by ingest: SHA-1 of the stripped NFC text


def text_sha1(normalized_text: str) -> str:
    """The digest that finds the same text under two names (leading and trailing whitespace aside)."""
    return hashlib.sha1(normalized_text.strip().encode("utf-8")).hexdigest()


def derive_doc_id(article: Article, normalized_text: str) -> str:
    """The input's own id, else one derived from source (and line), else from the text.

    Standard input has no name that tells one run's documents from another's:
    its documents are named by their text.
    """
    if article.doc_id:
        return str(article.doc_id)
    if article.source and article.source != STDIN:
        base = article.source if article.line is None else f"{article.source}#{article.line}"
        return base
    return "sha1:" + hashlib.sha1(normalized_text.encode("utf-8")).hexdigest()[:16]
