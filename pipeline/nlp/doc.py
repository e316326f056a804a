"""Build the spaCy ``Doc`` that carries a document through the pipeline.

The tokenizer is registered with spaCy by name (``vnfacts.Tokenizer``). It
splits sentences, and word-segments with underthesea only the sentences that
can hold a fact (a digit, a %, a number word before a counted noun, a typed
document number): elsewhere a sentence is split into syllables, which costs
almost nothing. ``segment = "all"`` segments every sentence.

Extensions on the Doc:
  doc._.match_text  tone-folded lower-case text, same length as doc.text
  doc._.sentences   SentenceIndex over the character spans of the sentences
  doc._.segmented   set of sentence start offsets that were word-segmented
"""
from __future__ import annotations

import re

from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from ..normalize import match_form
from ..tables import load_table
from .segment import Word, segment, split_syllables
from .sentences import SentenceIndex, split_sentences

_CANDIDATE = re.compile("|".join(f"(?:{p})" for p in load_table("candidate_cues")["patterns"]))

for _name, _default in (("match_text", None), ("sentences", None), ("segmented", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def may_hold_fact(sentence_match_text: str) -> bool:
    return _CANDIDATE.search(sentence_match_text) is not None


class VnTokenizer:
    """underthesea words (or syllables outside fact sentences) into a spaCy Doc."""

    def __init__(self, vocab: Vocab, segment: str = "candidates"):
        if segment not in ("candidates", "all"):
            raise ValueError(f"segment must be 'candidates' or 'all', not {segment!r}")
        self.vocab = vocab
        self.segment = segment

    def __call__(self, text: str) -> Doc:
        folded = match_form(text)
        spans = split_sentences(text)
        words: list[Word] = []
        sent_starts: set[int] = set()
        segmented: set[int] = set()
        for span in spans:
            if self.segment == "all" or may_hold_fact(folded[span.start:span.end]):
                sent_words = segment(text, span.start, span.end)
                segmented.add(span.start)
            else:
                sent_words = split_syllables(text, span.start, span.end)
            if sent_words:
                sent_starts.add(sent_words[0].start)
                words.extend(sent_words)
        doc = self._make_doc(text, words, sent_starts)
        doc._.match_text = folded
        doc._.sentences = SentenceIndex(text, spans)
        doc._.segmented = segmented
        return doc

    def _make_doc(self, text: str, words: list[Word], sent_starts: set[int]) -> Doc:
        """A Doc whose text is exactly ``text``: a token's trailing space is kept
        as spaCy's whitespace flag when it is one plain space; any other gap
        (several spaces, newlines, tabs) becomes a whitespace token."""
        tokens, spaces, starts, norms = [], [], [], []
        pos = 0
        for w in words:
            if w.start > pos:  # a gap not covered by the previous token's space flag
                tokens.append(text[pos:w.start])
                spaces.append(False)
                starts.append(False)
                norms.append(None)
            tokens.append(w.text)
            starts.append(w.start in sent_starts)
            norms.append(w.norm if w.norm != w.text else None)
            single_space = w.end < len(text) and text[w.end] == " " and \
                (w.end + 1 == len(text) or not text[w.end + 1].isspace())
            spaces.append(single_space)
            pos = w.end + 1 if single_space else w.end
        if pos < len(text):
            tokens.append(text[pos:])
            spaces.append(False)
            starts.append(False)
            norms.append(None)
        if starts:
            starts[0] = True
        doc = Doc(self.vocab, words=tokens, spaces=spaces, sent_starts=starts)
        for i, norm in enumerate(norms):
            if norm is not None:
                doc[i].norm_ = norm
        return doc


@registry.tokenizers("vnfacts.Tokenizer")
def create_tokenizer(segment: str = "candidates"):
    def factory(nlp):
        return VnTokenizer(nlp.vocab, segment=segment)
    return factory
