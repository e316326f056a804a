"""``vnfacts_words``: underthesea word segmentation of the sentences that hold facts.

The tokenizer splits every sentence into syllables, which costs almost
nothing; the fact extractors read the text and need no more. Word
segmentation (underthesea's CRF) is the expensive step, and only the NER of
the entities extractor needs words, so this component, placed after the fact
extractors, segments just the sentences in which a fact was found and gives
back the Doc with their syllable tokens replaced by underthesea's words (each
token's ``norm_`` is underthesea's normalized form). With
``sentences = "all"`` the tokenizer has already segmented everything and this
component does nothing.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Literal

from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from .doc import SYLLABLE_TOKENS, TokenLists, doc_of, token_lists
from .segment import Word, segment_ranges
from .sentences import SentenceSpan

# The span group where the fact extractors mark what they found (each span
# labelled with its fact kind): the "sentences that hold facts" are theirs.
FACT_SPANS = "facts"


def fact_sentence_starts(doc: Doc) -> set[int]:
    """Start offsets of the sentences that hold at least one fact."""
    starts = set()
    for fact in doc.spans.get(FACT_SPANS, ()):
        span = doc._.sentences.span_at(fact.start_char)
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


if not Doc.has_extension("token_offsets"):
    Doc.set_extension("token_offsets", default=None)
# Where spaCy keeps that extension's value: read directly, as each ``doc._``
# makes an object (token_offsets is called thousands of times per article).
_TOKEN_OFFSETS_KEY = ("._.", "token_offsets", None, None)


def token_offsets(doc: Doc) -> TokenOffsets:
    """The Doc's TokenOffsets, made once after the last retokenization."""
    offsets = doc.user_data.get(_TOKEN_OFFSETS_KEY)
    if offsets is None or offsets.doc is not doc:
        offsets = doc.user_data[_TOKEN_OFFSETS_KEY] = TokenOffsets(doc)
    return offsets


def segment_sentences(doc: Doc, starts: set[int]) -> Doc:
    """The Doc with the syllable tokens of the given sentences replaced by
    underthesea's words (token ``norm_`` = underthesea's form where it differs
    from the text). A new Doc carrying the old one's extension values: building
    it from token offsets costs a fraction of ``Doc.retokenize`` merges."""
    spans = doc._.sentences.spans
    todo = [s for s in spans if s.start in starts and s.start not in doc._.segmented]
    if not todo:
        return doc
    text = doc._.sentences.text
    offsets = TokenOffsets(doc)
    old_starts, old_ends = offsets.starts, offsets.ends
    sentence_words = dict(doc._.sentence_words or {})
    # Every word's norm set explicitly: spaCy's default norms rewrite some
    # tokens (“ → "), and the NER must see underthesea's form. The sentences
    # are segmented together: the CRF scores them in one batch.
    for sent, words in zip(todo, segment_ranges(text, [(s.start, s.end) for s in todo])):
        sentence_words[sent.start] = words
    sent_starts = {s.start for s in spans}
    syllable_lists = doc.user_data.get(SYLLABLE_TOKENS)
    lists = None
    if syllable_lists is not None and len(syllable_lists.words) == len(doc):
        lists = _spliced(text, syllable_lists, old_starts, [(s, sentence_words[s.start]) for s in todo], sent_starts)
    if lists is None:
        lists = _remade(text, old_starts, old_ends, todo, sentence_words, sent_starts)
    new = doc_of(doc.vocab, lists)
    new.user_data.update(doc.user_data)  # extension values: match text, sentences, facts so far
    new.user_data.pop(SYLLABLE_TOKENS, None)
    new._.segmented = set(doc._.segmented) | {s.start for s in todo}
    new._.sentence_words = sentence_words
    new._.token_offsets = None
    _copy_span_groups(doc, new)
    return new


def _spliced(text: str, syllables: TokenLists, old_starts: list[int], todo: list[tuple[SentenceSpan, list[Word]]],
             sent_starts: set[int]) -> TokenLists | None:
    """The syllable Doc's token lists with each sentence's tokens replaced by its
    words: the lists ``make_doc`` would make of them all, with no work for the
    syllables kept. None when a sentence's words do not cover it exactly."""
    words: list[str] = []
    spaces: list[bool] = []
    starts: list[int] = []
    norms: list[tuple[int, str]] = []
    i = 0
    for sent, sent_words in todo:
        if not sent_words or sent_words[0].start != sent.start or sent_words[-1].end != sent.end:
            return None
        a = bisect_left(old_starts, sent.start, lo=i)
        b = bisect_left(old_starts, sent.end, lo=a)
        words += syllables.words[i:a]
        spaces += syllables.spaces[i:a]
        starts += syllables.starts[i:a]
        part = token_lists(text, ((w.start, w.end, w.norm) for w in sent_words), sent_starts, pos=sent.start)
        norms += [(len(words) + k, norm) for k, norm in part.norms]
        words += part.words
        spaces += part.spaces
        starts += part.starts
        i = b
    words += syllables.words[i:]
    spaces += syllables.spaces[i:]
    starts += syllables.starts[i:]
    return TokenLists(words, spaces, starts, norms, len(text))


def _remade(text: str, old_starts: list[int], old_ends: list[int], todo: list[SentenceSpan],
            sentence_words: dict[int, list[Word]], sent_starts: set[int]) -> TokenLists:
    """Every token made again from the offsets: the old Doc's tokens outside
    the sentences, the words inside."""
    tokens: list[tuple[int, int, str | None]] = []
    i = 0

    def keep_old(until: int) -> None:
        nonlocal i
        j = bisect_left(old_starts, until, lo=i)
        tokens.extend((old_starts[k], old_ends[k], None) for k in range(i, j) if not text[old_starts[k]].isspace())
        i = j

    for sent in todo:
        keep_old(sent.start)
        tokens.extend((w.start, w.end, w.norm) for w in sentence_words[sent.start])
        i = bisect_left(old_starts, sent.end, lo=i)
    keep_old(len(text) + 1)
    return token_lists(text, tokens, sent_starts, to_end=True)


def _copy_span_groups(old: Doc, new: Doc) -> None:
    """The old Doc's span groups on the new tokens (by character offsets)."""
    if not old.spans:
        return
    offsets = token_offsets(new)
    for name, group in old.spans.items():
        spans = []
        for span in group:
            moved = offsets.span(span.start_char, span.end_char, expand=True)
            if moved is not None:
                spans.append(Span(new, moved.start, moved.end, label=span.label))
        new.spans[name] = spans


class WordSegmenter:
    """The component: underthesea words for the fact sentences, or for all."""

    def __init__(self, sentences: str):
        self.sentences = sentences

    def __call__(self, doc: Doc) -> Doc:
        if self.sentences == "all":
            return segment_sentences(doc, {s.start for s in doc._.sentences.spans})
        return segment_sentences(doc, fact_sentence_starts(doc))


@Language.factory(
    "vnfacts_words", default_config={"sentences": "facts"}, retokenizes=True,
    assigns=["token.norm", "doc._.segmented", "doc._.sentence_words"],
    requires=["doc._.sentences", "doc.spans"],
)
def create_words_component(nlp: Language, name: str, sentences: Literal["facts", "all"]) -> WordSegmenter:
    return WordSegmenter(sentences)
