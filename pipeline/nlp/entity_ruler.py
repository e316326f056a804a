"""``vnfacts_gazetteer``: the ruler of Party and State bodies, and the entities.

underthesea's NER was trained on general news. On Party and State reports it
tags most bodies as LOC or PER ("BTV Tỉnh" PER, "Huyện ủy Nam Đông" LOC) and
runs a body and the official after it into one span ("Tỉnh ủy Hà Tĩnh Hoàng
Trung Dũng"). This ruler finds the bodies by rule, like spaCy's SpanRuler:
its patterns are validated data (``add_patterns``, written by ``to_disk``),
its matches go to ``doc.spans["gazetteer"]`` (label ORG, span id
"gazetteer"), and its ``overlap`` filter, a registered function named in the
config (``vnfacts.entity_overlap.v1``), resolves them with the NER spans
(``doc.spans["ner"]``) and the document references into the final,
non-overlapping ``doc.spans["entities"]``.

A body is matched on the match text and must start with a capital letter;
its tail (level words and a capitalized place name) is read on the words:
"Đảng bộ | tỉnh Hà Tĩnh", "UBND | TP Hồ Chí Minh", cut before a person's name
("Tỉnh ủy Hà Tĩnh | Hoàng Trung Dũng"). A word can straddle a body's edge
("Trà nhiệm kỳ"): the span then covers the word and ``span._.char_range``
holds the body's exact characters (see ``entity_overlap.char_range``).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from pathlib import Path
from typing import Callable, Iterable

import srsly
from spacy import util
from spacy.language import Language
from spacy.tokens import Doc, Span

from .entity_overlap import ENTITY_SPANS, OverlapFilter
from .gazetteer import (BodyPatterns, EntityWords, GazetteerPattern, compile_patterns, default_patterns,
                        entity_words, is_name_word, person_shaped, syllables, validate_patterns)
from .ner import NER_SPANS, SentenceWords, segmented_sentences, sentence_words
from .segment import Word
from .words import token_offsets

GAZETTEER_SPANS = "gazetteer"

# An issuer code glued into a document number ("1234/QĐ-UBND") is part of the
# identifier, not a mention of the body.
_CODE_JOINERS = "/-–—"


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _capitalized_run(words: list[Word], j: int) -> list[Word]:
    run = []
    while j < len(words) and is_name_word(words[j]) and all(s[:1].isupper() for s in syllables(words[j])):
        run.append(words[j])
        j += 1
    return run


def _place_syllables(word: Word, strict: bool) -> list[re.Match]:
    """The syllables of a word of a place name; after a level word, only its
    leading capitalized ones (the segmenter sometimes glues the next word on:
    "Trà nhiệm kỳ")."""
    found = list(re.finditer(r"\S+", word.text))
    if not strict:
        return found
    capitalized = 0
    while capitalized < len(found) and found[capitalized].group()[:1].isupper():
        capitalized += 1
    return found[:capitalized]


class _Tail:
    """Where the level words and place name after a body end, and whether any."""

    def __init__(self, doc: Doc, sentence: SentenceWords, patterns: BodyPatterns, words: EntityWords):
        self.text, self.match_text = doc._.sentences.text, doc._.match_text
        self.words, self.patterns, self.lists = sentence.words, patterns, words
        self.words_at = {w.start: i for i, w in enumerate(sentence.words)}

    def end(self, pos: int) -> tuple[int, bool]:
        found = after_level = strict = False
        place_syllables = 0
        while True:
            m = self.patterns.level.match(self.match_text, pos)
            if m:
                pos, found, after_level, strict = m.end(), True, True, True
                continue
            j = self.words_at.get(_skip_space(self.text, pos))
            if j is None or not is_name_word(self.words[j], self.lists):
                return pos, found
            if not after_level and person_shaped(_capitalized_run(self.words, j), self.lists):
                return pos, found
            word = self.words[j]
            parts = _place_syllables(word, strict)
            place_syllables += len(parts)
            if place_syllables > self.lists.max_place_syllables:
                return pos, found
            pos, found, after_level = word.start + parts[-1].end(), True, False
            if pos < word.end:
                return pos, found


def _matches(doc: Doc, sentence: SentenceWords, patterns: BodyPatterns, words: EntityWords) -> list[tuple[int, int]]:
    """(start, end) of every body pattern's match in a sentence, with its tail."""
    match_text, start, end = doc._.match_text, sentence.start, sentence.end
    tail = None  # made at the first match read with its tail: most sentences have none
    found = [(m.start(), m.end()) for m in patterns.body.finditer(match_text, start, end)]
    for pattern in (patterns.head, patterns.organ_level):
        for m in pattern.finditer(match_text, start, end):
            tail = tail or _Tail(doc, sentence, patterns, words)
            tail_end, has_tail = tail.end(m.end())
            if not has_tail and patterns.needs_tail.fullmatch(m.group(0)):
                continue  # "Đảng bộ" alone names no particular body
            found.append((m.start(), min(tail_end, end)))
    return found


def _glued_to_code(text: str, start: int, end: int) -> bool:
    return (start > 0 and text[start - 1] in _CODE_JOINERS) or (end < len(text) and text[end] in _CODE_JOINERS)


def body_ranges(doc: Doc, sentence: SentenceWords, patterns: BodyPatterns, words: EntityWords) -> list[tuple[int, int]]:
    """(start, end) of the bodies named in a sentence, leftmost-longest, none overlapping."""
    text = doc._.sentences.text
    # A name starts with a capital ("các tỉnh ủy" is no body); leftmost-longest wins.
    found = sorted(((s, e) for s, e in _matches(doc, sentence, patterns, words) if text[s].isupper()),
                   key=lambda se: (se[0], -se[1]))
    chosen: list[tuple[int, int]] = []
    for s, e in found:
        if not chosen or s >= chosen[-1][1]:
            chosen.append((s, e))
    return [(s, e) for s, e in chosen if not _glued_to_code(text, s, e)]


def body_span(doc: Doc, start: int, end: int) -> Span:
    """The gazetteer ORG span of doc.text[start:end] (its exact characters kept)."""
    tokens = token_offsets(doc).span(start, end, expand=True)
    span = Span(doc, tokens.start, tokens.end, label="ORG", span_id=GAZETTEER_SPANS)
    if (span.start_char, span.end_char) != (start, end):
        span._.char_range = (start, end)
    return span


class GazetteerRuler:
    """The component: bodies by rule, then the overlap filter into the entities."""

    def __init__(self, nlp: Language, name: str, overlap: OverlapFilter):
        self.nlp, self.name, self.overlap = nlp, name, overlap
        self.clear()
        self.add_patterns(default_patterns())

    @property
    def patterns(self) -> list[dict]:
        return [p.model_dump() for p in self._patterns]

    def __len__(self) -> int:
        return len(self._patterns)

    def clear(self) -> None:
        self._patterns: list[GazetteerPattern] = []
        self._compiled: BodyPatterns = compile_patterns([])

    def add_patterns(self, patterns: Iterable[dict]) -> None:
        """Add patterns ({"kind": ..., "pattern": ...}); all are checked before any is added."""
        self._patterns.extend(validate_patterns(patterns))
        self._compiled = compile_patterns(self._patterns)

    def initialize(self, get_examples: Callable | None = None, *, nlp: Language | None = None,
                   patterns: Iterable[dict] | None = None) -> None:
        """Replace the patterns (by default the shipped ones)."""
        self.clear()
        self.add_patterns(default_patterns() if patterns is None else patterns)

    def __call__(self, doc: Doc) -> Doc:
        words = entity_words()
        refs = [(r.start, r.end) for r in (doc._.document_refs or [])]
        ner = sorted(doc.spans.get(NER_SPANS, []), key=lambda sp: sp.start_char)
        ner_starts = [sp.start_char for sp in ner]
        bodies: list[Span] = []
        entities: list[Span] = []
        for sentence in segmented_sentences(doc):
            sw = sentence_words(doc, sentence)
            if not sw.words:
                continue
            found = [body_span(doc, s, e) for s, e in body_ranges(doc, sw, self._compiled, words)]
            inside = ner[bisect_left(ner_starts, sentence.start):bisect_left(ner_starts, sentence.end)]
            bodies.extend(found)
            entities.extend(self.overlap(sw, inside, found, refs))
        doc.spans[GAZETTEER_SPANS] = bodies
        doc.spans[ENTITY_SPANS] = entities
        return doc

    # -- serialization: the patterns, as spaCy's rulers do ---------------------
    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return util.to_bytes({"patterns": lambda: srsly.json_dumps(self.patterns)}, exclude)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "GazetteerRuler":
        self.clear()
        util.from_bytes(data, {"patterns": lambda b: self.add_patterns(srsly.json_loads(b))}, exclude)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        util.to_disk(path, {"patterns.jsonl": lambda p: srsly.write_jsonl(p, self.patterns)}, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "GazetteerRuler":
        self.clear()
        util.from_disk(path, {"patterns.jsonl": lambda p: self.add_patterns(srsly.read_jsonl(p))}, exclude)
        return self


@Language.factory(
    "vnfacts_gazetteer", default_config={"overlap": {"@misc": "vnfacts.entity_overlap.v1"}},
    assigns=["doc.spans"],
    requires=["doc.spans", "doc._.segmented", "doc._.sentences", "doc._.match_text", "doc._.document_refs"],
)
def make_gazetteer(nlp: Language, name: str, overlap: OverlapFilter) -> GazetteerRuler:
    return GazetteerRuler(nlp, name, overlap)
