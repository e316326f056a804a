"""Build the spaCy ``Doc`` that carries a document through the pipeline.

The tokenizer is registered with spaCy by name (``vnfacts.Tokenizer``). It
splits sentences and, by default (``segment = "none"``), splits them into
syllables, which costs almost nothing; the ``vnfacts_words`` component later
replaces the syllables of the sentences that turned out to hold facts by
underthesea's words. ``segment = "all"`` word-segments every sentence here;
``segment = "candidates"`` those that may hold a fact by the cue table
(a digit, a %, a number word before a counted noun, a typed document number).

Extensions on the Doc:
  doc._.match_text  tone-folded lower-case text, same length as doc.text
  doc._.sentences   SentenceIndex over the character spans of the sentences
  doc._.segmented   set of sentence start offsets that were word-segmented
  doc._.sentence_words  {sentence start: its underthesea words (segment.Word)}
                    for the segmented sentences, as the segmenter gave them: the
                    Doc's tokens there are these words, read without rebuilding
                    them from the tokens
  doc._.related_news  (start, end) of the related-news blocks (nlp.related_news),
                    blanked in match_text: they list other articles, whose facts
                    are not this one's
  doc._.tables      the tables of the text (nlp.tables); their number cells are
                    blanked in match_text, read with their headers (extract.tables)
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate
from operator import add
from pathlib import Path
from typing import Iterable, Literal, get_args

import numpy
import srsly
from spacy.attrs import SENT_START
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from ..normalize import match_form
from ..tables import load_table
from .related_news import blank_spans, inside, related_news_spans
from .segment import SYLLABLE, segment
from .sentences import SentenceIndex, split_sentences
from .tables import find_tables, number_cells

# A syllable or punctuation mark (the same split as segment.SYLLABLE) and the
# whitespace after it.
_TOKEN_AND_SPACE = re.compile(r"(\w+|[^\w\s])(\s*)")
_CANDIDATE = re.compile("|".join(f"(?:{p})" for p in load_table("candidate_cues")["patterns"]))

for _name, _default in (("match_text", None), ("sentences", None), ("segmented", None), ("sentence_words", None),
                       ("related_news", None), ("tables", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def may_hold_fact(sentence_match_text: str) -> bool:
    return _CANDIDATE.search(sentence_match_text) is not None


# What the tokenizer sets on every Doc (spaCy has no declaration for a
# tokenizer's attributes; components that need them list them in `requires`).
TOKENIZER_ASSIGNS = ("doc._.match_text", "doc._.sentences", "doc._.segmented", "doc._.sentence_words",
                     "doc._.related_news", "doc._.tables")

# The syllable Doc's token lists, kept in its user_data (a private key, no
# extension) for ``vnfacts_words``, which splices the words of the fact
# sentences into them instead of making every token again.
SYLLABLE_TOKENS = ("vnfacts", "syllable tokens")

SegmentMode = Literal["none", "candidates", "all"]
SEGMENT_MODES: tuple[str, ...] = get_args(SegmentMode)


class VnTokenizer:
    """underthesea words (or syllables outside fact sentences) into a spaCy Doc.

    Serializable like spaCy's own tokenizers (``to_bytes``/``to_disk`` and back):
    its one setting is all it holds; the rules and models are package data.
    """

    def __init__(self, vocab: Vocab, segment: SegmentMode = "none"):
        if segment not in SEGMENT_MODES:
            raise ValueError(f"segment must be one of {SEGMENT_MODES}, not {segment!r}")
        self.vocab = vocab
        self.segment = segment

    # -- serialization (nlp.to_disk / spacy.load) ------------------------------
    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps({"segment": self.segment})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "VnTokenizer":
        settings = srsly.msgpack_loads(data)
        self.__init__(self.vocab, segment=settings["segment"])
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        Path(path).write_bytes(self.to_bytes(exclude=exclude))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "VnTokenizer":
        return self.from_bytes(Path(path).read_bytes(), exclude=exclude)

    def __call__(self, text: str) -> Doc:
        folded = match_form(text)
        related = related_news_spans(text, folded)
        tables = [t for t in find_tables(text) if not inside(related, t.start)]
        folded = blank_spans(folded, related + [cell for t in tables for cell in number_cells(text, t)])
        spans = split_sentences(text)
        if self.segment == "none":
            doc = self._syllable_doc(text, {span.start for span in spans})
        else:
            doc = self._segmented_doc(text, folded, spans)
        doc._.match_text = folded
        doc._.related_news = related
        doc._.tables = tables
        doc._.sentences = SentenceIndex(text, spans)
        if doc._.segmented is None:
            doc._.segmented = set()
        return doc

    def _syllable_doc(self, text: str, sent_starts: set[int]) -> Doc:
        """The default, hot path: one token per syllable or punctuation mark,
        made by one regex pass (the token and the whitespace after it)."""
        lead = len(text) - len(text.lstrip())
        words: list[str] = [text[:lead]] if lead else []
        spaces: list[bool] = [False] if lead else []
        for token, ws in _TOKEN_AND_SPACE.findall(text, lead):
            words.append(token)
            if not ws or ws == " ":
                spaces.append(ws == " ")
            else:  # a newline, a tab or several spaces: a whitespace token of its own
                spaces.append(False)
                words.append(ws)
                spaces.append(False)
        # each sentence's first token found by its offset (a few dozen
        # searches, not a set lookup for every token)
        # (len(word) + space of each token, summed without a Python step per token)
        offsets = list(accumulate(map(add, map(len, words), spaces), initial=0))
        starts = [-1] * len(words)
        for start in sent_starts:
            i = bisect_left(offsets, start)
            if i < len(words) and offsets[i] == start and not words[i].isspace():
                starts[i] = 1
        if starts:
            starts[0] = 1
        doc = Doc(self.vocab, words=words, spaces=spaces)
        set_sentence_starts(doc, starts)
        doc.user_data[SYLLABLE_TOKENS] = TokenLists(words, spaces, starts, [], len(text))
        return doc

    def _segmented_doc(self, text: str, folded: str, spans) -> Doc:
        # (start, end, underthesea form or None when it is the text itself)
        tokens: list[tuple[int, int, str | None]] = []
        sent_starts: set[int] = set()
        sentence_words: dict[int, list] = {}
        for span in spans:
            if self.segment == "all" or (self.segment == "candidates"
                                         and may_hold_fact(folded[span.start:span.end])):
                words = sentence_words[span.start] = segment(text, span.start, span.end)
                tokens.extend((w.start, w.end, w.norm) for w in words)
            else:
                tokens.extend((m.start(), m.end(), None)
                              for m in SYLLABLE.finditer(text, span.start, span.end))
            sent_starts.add(span.start)
        doc = make_doc(self.vocab, text, tokens, sent_starts)
        doc._.segmented = set(sentence_words)
        doc._.sentence_words = sentence_words
        return doc


def make_doc(vocab: Vocab, text: str, tokens: list[tuple[int, int, str | None]], sent_starts: set[int]) -> Doc:
    """A Doc of the given tokens ((start, end, underthesea form or None), in
    text order, covering every non-space character) whose text is exactly
    ``text``: a token's trailing space is spaCy's whitespace flag when it is
    one plain space; any other gap (several spaces, newlines, tabs) becomes a
    whitespace token. Tokens starting at an offset in sent_starts start a
    sentence."""
    return doc_of(vocab, token_lists(text, tokens, sent_starts, to_end=True))


@dataclass
class TokenLists:
    """What a Doc is made of: its words, their space flags, their sentence
    starts (1 or -1), the underthesea forms of some (token index, form), and
    the text offset right after the last token (and its space)."""
    words: list[str]
    spaces: list[bool]
    starts: list[int]
    norms: list[tuple[int, str]]
    pos: int


def token_lists(text: str, tokens: Iterable[tuple[int, int, str | None]], sent_starts: set[int],
                pos: int = 0, to_end: bool = False) -> TokenLists:
    """``make_doc``'s tokens from text offset pos on; with ``to_end``, what
    follows the last token too (whitespace) as a token of its own."""
    words: list[str] = []
    spaces: list[bool] = []
    starts: list[int] = []
    norms: list[tuple[int, str]] = []
    n = len(text)
    for start, end, norm in tokens:
        if start > pos:  # a gap not covered by the previous token's space flag
            words.append(text[pos:start])
            spaces.append(False)
            starts.append(-1)
        words.append(text[start:end])
        starts.append(1 if start in sent_starts else -1)
        if norm is not None:
            norms.append((len(words) - 1, norm))
        single_space = end < n and text[end] == " " and (end + 1 == n or not text[end + 1].isspace())
        spaces.append(single_space)
        pos = end + 1 if single_space else end
    if to_end and pos < n:
        words.append(text[pos:])
        spaces.append(False)
        starts.append(-1)
        pos = n
    return TokenLists(words, spaces, starts, norms, pos)


def doc_of(vocab: Vocab, lists: TokenLists) -> Doc:
    doc = Doc(vocab, words=lists.words, spaces=lists.spaces)
    if lists.starts:
        lists.starts[0] = 1
        set_sentence_starts(doc, lists.starts)
    for i, norm in lists.norms:
        doc[i].norm_ = norm
    return doc


def set_sentence_starts(doc: Doc, starts: list[int]) -> None:
    # One array: much cheaper than Doc(sent_starts=...). SENT_START is 1
    # (starts a sentence) or -1 (does not), stored as uint64.
    doc.from_array([SENT_START], numpy.array(starts, dtype="int64").astype("uint64").reshape(-1, 1))


@registry.tokenizers("vnfacts.Tokenizer")
def create_tokenizer(segment: SegmentMode = "none"):
    def factory(nlp):
        return VnTokenizer(nlp.vocab, segment=segment)
    return factory
