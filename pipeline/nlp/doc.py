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
from spacy.util import get_words_and_spaces, registry
from spacy.vocab import Vocab

from ..normalize import match_form
from ..tables import load_table
from .segment import segment, split_syllables
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
        words, norms, sent_starts, segmented = [], [], [], set()
        for span in spans:
            if self.segment == "all" or may_hold_fact(folded[span.start:span.end]):
                sent_words = segment(text, span.start, span.end)
                segmented.add(span.start)
            else:
                sent_words = split_syllables(text, span.start, span.end)
            for i, w in enumerate(sent_words):
                words.append(w.text)
                norms.append(w.norm)
                sent_starts.append(i == 0)
        doc = self._make_doc(text, words, norms, sent_starts)
        doc._.match_text = folded
        doc._.sentences = SentenceIndex(text, spans)
        doc._.segmented = segmented
        return doc

    def _make_doc(self, text, words, norms, sent_starts) -> Doc:
        all_words, spaces = get_words_and_spaces(words, text)
        # get_words_and_spaces inserts whitespace tokens between words where the
        # gap is not one plain space; give them neutral norms and no sentence start.
        full_norms, full_starts, k = [], [], 0
        for w in all_words:
            if k < len(words) and w == words[k]:
                full_norms.append(norms[k])
                full_starts.append(sent_starts[k])
                k += 1
            else:
                full_norms.append(w)
                full_starts.append(False)
        if full_starts:
            full_starts[0] = True
        doc = Doc(self.vocab, words=all_words, spaces=spaces, sent_starts=full_starts)
        for token, norm in zip(doc, full_norms):
            if norm != token.text:
                token.norm_ = norm
        return doc


@registry.tokenizers("vnfacts.Tokenizer")
def create_tokenizer(segment: str = "candidates"):
    def factory(nlp):
        return VnTokenizer(nlp.vocab, segment=segment)
    return factory
