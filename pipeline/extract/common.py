"""What every extractor needs: the fields every fact carries, from a char span."""
from __future__ import annotations

from spacy.tokens import Doc


def doc_text(doc: Doc) -> str:
    """doc.text without its cost: spaCy rebuilds Doc.text from the tokens at every
    access (milliseconds on a long article), the sentence index keeps the same string."""
    sentences = doc._.sentences if Doc.has_extension("sentences") else None
    return sentences.text if sentences is not None else doc.text


def fact_fields(doc: Doc, start: int, end: int) -> dict:
    """text/start/end/sentence for doc.text[start:end] (whitespace trimmed)."""
    text = doc_text(doc)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return {
        "text": text[start:end],
        "start": start,
        "end": end,
        "sentence": doc._.sentences.sentence_at(start),
    }


def warn(doc: Doc, message: str) -> None:
    if doc._.warnings is None:
        doc._.warnings = []
    if message not in doc._.warnings:
        doc._.warnings.append(message)


