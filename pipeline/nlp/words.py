"""``vnfacts_words``: underthesea word segmentation of the sentences that hold facts.

The tokenizer splits every sentence into syllables, which costs almost
nothing; the fact extractors read the text and need no more. Word
segmentation (underthesea's CRF) is the expensive step, and only the NER of
the entities extractor needs words, so this component, placed after the fact
extractors, segments just the sentences in which a fact was found and merges
their syllable tokens into underthesea's words (each token's ``norm_`` is
underthesea's normalized form). With ``sentences = "all"`` the tokenizer
has already segmented everything and this component does nothing.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Iterator

from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..records import FACT_MODELS
from .segment import Word, segment

# Fact kinds whose sentences are "sentences that hold facts" (not entities,
# which come after and are the reason for segmenting).
FACT_FIELDS = tuple(f for f in FACT_MODELS if f != "entities")


def fact_sentence_starts(doc: Doc) -> set[int]:
    """Start offsets of the sentences that hold at least one fact."""
    starts = set()
    for field in FACT_FIELDS:
        for fact in (getattr(doc._, field, None) or []):
            span = doc._.sentences.span_at(fact.start)
            if span is not None:
                starts.add(span.start)
    return starts


class TokenOffsets:
    """Token boundaries of a Doc as lists, for char → token lookups by binary
    search. (spaCy's ``Doc.char_span`` scans the tokens from the start on every
    call, which is quadratic over a long article.) Valid until the Doc is
    retokenized."""

    def __init__(self, doc: Doc):
        self.doc = doc
        arr = doc.to_array([IDX, LENGTH])
        self.starts: list[int] = arr[:, 0].tolist()
        self.ends: list[int] = (arr[:, 0] + arr[:, 1]).tolist()

    def span(self, start: int, end: int, expand: bool = False) -> Span | None:
        """Tokens from start to end; None unless both are token boundaries
        (with expand, the tokens that overlap [start, end))."""
        if expand:
            i = bisect_right(self.ends, start)
            j = bisect_left(self.starts, end)
            return self.doc[i:j] if i < j else None
        i = bisect_left(self.starts, start)
        j = bisect_left(self.ends, end)
        if i >= len(self.starts) or j >= len(self.ends) or self.starts[i] != start or self.ends[j] != end:
            return None
        return self.doc[i:j + 1]

    def aligned(self, words: list[Word]) -> Iterator[tuple[int, int, Word]]:
        """(first token, last token + 1, word) for each word whose edges are
        token boundaries; words come in text order, so one forward walk."""
        starts, ends = self.starts, self.ends
        if not words:
            return
        i = bisect_left(starts, words[0].start)
        n = len(starts)
        for word in words:
            while i < n and starts[i] < word.start:
                i += 1
            if i == n:
                return
            if starts[i] != word.start:
                continue  # a word boundary inside a syllable token: keep the finer tokens
            j = i
            while j < n and ends[j] < word.end:
                j += 1
            if j < n and ends[j] == word.end:
                yield i, j + 1, word
                i = j + 1


if not Doc.has_extension("token_offsets"):
    Doc.set_extension("token_offsets", default=None)


def token_offsets(doc: Doc) -> TokenOffsets:
    """The Doc's TokenOffsets, made once after the last retokenization."""
    if doc._.token_offsets is None or doc._.token_offsets.doc is not doc:
        doc._.token_offsets = TokenOffsets(doc)
    return doc._.token_offsets


def segment_sentences(doc: Doc, starts: set[int]) -> Doc:
    """Merge the syllable tokens of the given sentences into underthesea words."""
    text = doc._.sentences.text
    todo = [s for s in doc._.sentences.spans if s.start in starts and s.start not in doc._.segmented]
    if not todo:
        return doc
    doc._.token_offsets = None
    offsets = TokenOffsets(doc)
    norms: list[tuple[int, str]] = []  # underthesea's form, where it differs from the text
    with doc.retokenize() as retokenizer:
        for sent in todo:
            for i, j, word in offsets.aligned(segment(text, sent.start, sent.end)):
                if j - i > 1:
                    retokenizer.merge(doc[i:j])
                if word.norm != word.text:
                    norms.append((word.start, word.norm))
            doc._.segmented.add(sent.start)
    offsets = TokenOffsets(doc)
    for start, norm in norms:
        doc[bisect_left(offsets.starts, start)].norm_ = norm
    doc._.token_offsets = offsets  # valid from here on: nothing retokenizes later
    return doc


@Language.factory("vnfacts_words", default_config={"sentences": "facts"})
def create_words_component(nlp, name, sentences: str):
    if sentences not in ("facts", "all"):
        raise ValueError(f"sentences must be 'facts' or 'all', not {sentences!r}")

    def words(doc: Doc) -> Doc:
        if sentences == "all":
            return segment_sentences(doc, {s.start for s in doc._.sentences.spans})
        return segment_sentences(doc, fact_sentence_starts(doc))
    return words
