"""``vnfacts_ner``: underthesea's CRF NER (pipeline.nlp.crf, tags identical to
``underthesea.ner``) on the words ``vnfacts_words`` made.

It reads every word-segmented sentence (``doc._.segmented``: the fact
sentences, or all of them) and writes the model's BIO runs as spans of words
into ``doc.spans["ner"]``, labelled as the model labels them (PER, LOC, ORG,
MISC), uncorrected: the gazetteer ruler and its overlap filter decide what
becomes an entity.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import crf
from .segment import Word
from .sentences import SentenceSpan
from .words import token_offsets

NER_SPANS = "ner"


@dataclass(frozen=True)
class SentenceWords:
    """The underthesea words of one sentence and the Doc token each one is."""
    doc: Doc
    start: int
    end: int
    words: list[Word]
    tokens: list[int]

    def span(self, first: int, last: int, label: str, source: str) -> Span:
        """The words first..last (indices into ``words``) as a Span."""
        return Span(self.doc, self.tokens[first], self.tokens[last] + 1, label=label, span_id=source)


def segmented_sentences(doc: Doc) -> Iterator[SentenceSpan]:
    """The sentences that have words, in text order."""
    segmented = doc._.segmented or ()
    return (s for s in doc._.sentences.spans if s.start in segmented)


def sentence_words(doc: Doc, sentence: SentenceSpan) -> SentenceWords:
    """Words of a segmented sentence (each token's ``norm_`` is underthesea's form):
    those the segmenter gave (``doc._.sentence_words``), each found among the
    tokens by its offset, else read from the tokens."""
    offsets = token_offsets(doc)
    words = (doc._.sentence_words or {}).get(sentence.start)
    if words is not None:
        starts = offsets.starts
        return SentenceWords(doc, sentence.start, sentence.end, words, [bisect_left(starts, w.start) for w in words])
    span = offsets.span(sentence.start, sentence.end, expand=True)
    tokens = [t for t in span if not t.is_space] if span is not None else []
    words = [Word(t.idx, t.idx + len(t.text), t.text, t.norm_) for t in tokens]
    return SentenceWords(doc, sentence.start, sentence.end, words, [t.i for t in tokens])


def bio_runs(tags: list[str]) -> list[tuple[str, int, int]]:
    """(label, first, last) of each B-/I- run of one label."""
    runs: list[list] = []
    current: list | None = None
    for i, tag in enumerate(tags):
        label = tag[2:] if tag[:2] in ("B-", "I-") else None
        if label is None:
            current = None
        elif tag.startswith("I-") and current is not None and current[0] == label:
            current[2] = i
        else:
            current = [label, i, i]
            runs.append(current)
    return [tuple(r) for r in runs]


class CrfNer:
    """The component: BIO spans of the NER model for every segmented sentence."""

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        sentences = [words for words in (sentence_words(doc, s) for s in segmented_sentences(doc)) if words.words]
        # all the sentences tagged together: the CRF scores them in one batch
        tagged = crf.tag_sentences([[w.norm for w in words.words] for words in sentences])
        for words, rows in zip(sentences, tagged):
            tags = [row[3] for row in rows]
            spans.extend(words.span(first, last, label, "ner") for label, first, last in bio_runs(tags))
        doc.spans[NER_SPANS] = spans
        return doc


@Language.factory("vnfacts_ner", assigns=["doc.spans"], requires=["token.norm", "doc._.segmented",
                                                                    "doc._.sentences"])
def make_ner(nlp: Language, name: str) -> CrfNer:
    return CrfNer()
